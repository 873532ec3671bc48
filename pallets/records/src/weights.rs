//! Weights for `pallet_records`.
//!
//! PROVISIONAL: these values are estimates (a base plus the storage reads and writes counted
//! from the code, including those of the organizations and consent look-ups and of
//! `pallet-balances` holds), not measurements. They will be replaced by the output of
//! `scripts/benchmark.sh` run on the reference machine.
//!
//! Components: `l` locator length (bytes), `s` security labels, `k` wrapped keys of the erased
//! record, `w` wrapped key length (bytes), `n` keys under the ended grant.

#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed for `pallet_records`.
pub trait WeightInfo {
	fn register(l: u32, s: u32) -> Weight;
	fn supersede(l: u32, s: u32) -> Weight;
	fn acknowledge() -> Weight;
	fn dispute() -> Weight;
	fn mark_entered_in_error() -> Weight;
	fn request_erasure() -> Weight;
	fn erase(k: u32) -> Weight;
	fn attach_key(w: u32) -> Weight;
	fn detach_key() -> Weight;
	fn on_grant_ended(n: u32) -> Weight;
}

/// Weights for `pallet_records` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Reads: NextRecordId, organization (2), consent (3), Holds, Account.
	/// Writes: NextRecordId, Records, RecordsByPatient, Holds, Account.
	fn register(l: u32, s: u32) -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(150_000, 33).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: Records (old), NextRecordId, organization (2), consent (3), Holds, Account.
	/// Writes: NextRecordId, Records (old, new), RecordsByPatient, Holds, Account.
	fn supersede(l: u32, s: u32) -> Weight {
		Weight::from_parts(55_000_000, 14_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(150_000, 33).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Reads: Records. Writes: Records.
	fn acknowledge() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Reads: Records. Writes: Records.
	fn dispute() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Reads: Records, organization (2). Writes: Records.
	fn mark_entered_in_error() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Reads: Records. Writes: Records.
	fn request_erasure() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Reads: Records, organization (1), Holds, Account; per key: WrappedKeys, KeysByGrant,
	/// Holds, Account. Writes: Records, KeyCount, Holds, Account; per key: WrappedKeys,
	/// KeysByGrant, Holds, Account.
	fn erase(k: u32) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(30_000_000, 6_000).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(k.into())))
			.saturating_add(T::DbWeight::get().writes(4_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(k.into())))
	}
	/// Reads: Records, organization (2), WrappedKeys, KeyCount, consent (3), KeysByGrant,
	/// Holds, Account. Writes: KeysByGrant, WrappedKeys, KeyCount, Holds, Account.
	fn attach_key(w: u32) -> Weight {
		Weight::from_parts(50_000_000, 12_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(w.into()))
			.saturating_add(T::DbWeight::get().reads(11_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: Records, organization (2), WrappedKeys, KeyCount, KeysByGrant, Holds, Account.
	/// Writes: WrappedKeys, KeyCount, KeysByGrant, Holds, Account.
	fn detach_key() -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: KeysByGrant; per key: WrappedKeys, KeyCount, Holds, Account.
	/// Writes: KeysByGrant; per key: WrappedKeys, KeyCount, Holds, Account.
	fn on_grant_ended(n: u32) -> Weight {
		Weight::from_parts(15_000_000, 4_000)
			.saturating_add(Weight::from_parts(30_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
			.saturating_add(T::DbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register(l: u32, s: u32) -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(150_000, 33).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn supersede(l: u32, s: u32) -> Weight {
		Weight::from_parts(55_000_000, 14_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(l.into()))
			.saturating_add(Weight::from_parts(150_000, 33).saturating_mul(s.into()))
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(6_u64))
	}
	fn acknowledge() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn dispute() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn mark_entered_in_error() -> Weight {
		Weight::from_parts(25_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn request_erasure() -> Weight {
		Weight::from_parts(20_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn erase(k: u32) -> Weight {
		Weight::from_parts(40_000_000, 8_000)
			.saturating_add(Weight::from_parts(30_000_000, 6_000).saturating_mul(k.into()))
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(k.into())))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(k.into())))
	}
	fn attach_key(w: u32) -> Weight {
		Weight::from_parts(50_000_000, 12_000)
			.saturating_add(Weight::from_parts(2_000, 1).saturating_mul(w.into()))
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn detach_key() -> Weight {
		Weight::from_parts(45_000_000, 12_000)
			.saturating_add(RocksDbWeight::get().reads(8_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn on_grant_ended(n: u32) -> Weight {
		Weight::from_parts(15_000_000, 4_000)
			.saturating_add(Weight::from_parts(30_000_000, 6_000).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().reads((4_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
			.saturating_add(RocksDbWeight::get().writes((4_u64).saturating_mul(n.into())))
	}
}
