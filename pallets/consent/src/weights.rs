//! Weights for `pallet_consent`.
//!
//! PROVISIONAL: these values are estimates (a base execution time and proof size plus the
//! storage reads and writes counted from the code), not measurements. They will be replaced by
//! the output of `scripts/benchmark.sh`, which runs this pallet's benchmarks on the reference
//! node and regenerates this file with the same function names.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_consent`.
pub trait WeightInfo {
	fn grant(s: u32, e: u32, ) -> Weight;
	fn revoke() -> Weight;
	fn remove_expired() -> Weight;
	fn on_idle_expire(n: u32, ) -> Weight;
	fn appoint_guardian() -> Weight;
	fn remove_guardian() -> Weight;
	fn resign_guardian() -> Weight;
	fn open_emergency_access() -> Weight;
	fn close_emergency_access() -> Weight;
	fn review_emergency_access() -> Weight;
	fn log_access(n: u32, ) -> Weight;
}

/// Weights for `pallet_consent` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Reads: `Timestamp::Now`, `Consent::Guardians`, organization status, `Consent::NextGrantId`,
	/// `Consent::GrantsByPair`, `Balances::Holds`, `System::Account`.
	/// Writes: `Consent::NextGrantId`, `Consent::Grants`, `Consent::GrantsByPair`,
	/// `Consent::GrantsOfPatient`, `Consent::GrantsToGrantee`, `Consent::ExpiryQueue`,
	/// `Balances::Holds`, `System::Account`.
	/// The range of component `s` is `[1, 16]`.
	/// The range of component `e` is `[0, 8]`.
	fn grant(s: u32, e: u32, ) -> Weight {
		Weight::from_parts(45_000_000, 4_800)
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(e.into()))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(8_u64))
	}
	/// Reads: `Consent::Grants`, `Consent::Guardians`, `Consent::GrantsByPair`,
	/// `Balances::Holds`, `System::Account`.
	/// Writes: `Consent::Grants`, `Consent::GrantsByPair`, `Consent::GrantsOfPatient`,
	/// `Consent::GrantsToGrantee`, `Consent::ExpiryQueue`, `Balances::Holds`, `System::Account`.
	fn revoke() -> Weight {
		Weight::from_parts(50_000_000, 5_500)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Reads: `Consent::Grants`, `Timestamp::Now`, `Consent::GrantsByPair`, `Balances::Holds`,
	/// `System::Account`.
	/// Writes: as `revoke`.
	fn remove_expired() -> Weight {
		Weight::from_parts(50_000_000, 5_500)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Reads: `Timestamp::Now`, the first `Consent::ExpiryQueue` key, and per grant the next
	/// key, `Consent::Grants`, `Consent::GrantsByPair`, `Balances::Holds`, `System::Account`.
	/// Writes per grant: as `revoke`.
	/// The range of component `n` is `[0, 50]`.
	fn on_idle_expire(n: u32, ) -> Weight {
		Weight::from_parts(8_000_000, 1_500)
			.saturating_add(Weight::from_parts(45_000_000, 5_500).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes((7_u64).saturating_mul(n.into())))
	}
	/// Reads: `Consent::Guardians`, `Timestamp::Now`, `Balances::Holds`, `System::Account`.
	/// Writes: `Consent::Guardians`, `Balances::Holds`, `System::Account`.
	fn appoint_guardian() -> Weight {
		Weight::from_parts(35_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Reads: `Consent::Guardians`, `Balances::Holds`, `System::Account`.
	/// Writes: `Consent::Guardians`, `Balances::Holds`, `System::Account`.
	fn remove_guardian() -> Weight {
		Weight::from_parts(35_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// As `remove_guardian`.
	fn resign_guardian() -> Weight {
		Weight::from_parts(35_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Reads: organization of the caller, member roles, organization status and roles,
	/// `Timestamp::Now`, `Consent::OpenEmergency`, `Consent::EmergencyAccesses`,
	/// `Consent::EmergencyRate`, `Consent::NextEmergencyId`.
	/// Writes: `Consent::EmergencyRate`, `Consent::NextEmergencyId`,
	/// `Consent::EmergencyAccesses`, `Consent::EmergencyOfPatient`, `Consent::OpenEmergency`.
	fn open_emergency_access() -> Weight {
		Weight::from_parts(40_000_000, 4_500)
			.saturating_add(T::DbWeight::get().reads(9_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: `Consent::EmergencyAccesses`, `Timestamp::Now`, `Consent::OpenEmergency`.
	/// Writes: `Consent::EmergencyAccesses`, `Consent::OpenEmergency`.
	fn close_emergency_access() -> Weight {
		Weight::from_parts(25_000_000, 3_500)
			.saturating_add(T::DbWeight::get().reads(3_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Reads: `Consent::EmergencyAccesses`, `Consent::Guardians`, organization of the caller,
	/// organization status and roles, `Timestamp::Now`, `Consent::OpenEmergency`.
	/// Writes: `Consent::EmergencyAccesses`, `Consent::OpenEmergency`.
	fn review_emergency_access() -> Weight {
		Weight::from_parts(35_000_000, 4_500)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Reads: the record's facts, `Consent::Guardians`, `Timestamp::Now`,
	/// `Consent::OpenEmergency`, `Consent::EmergencyAccesses`, organization of the caller and
	/// its status, roles and member roles, two `Consent::GrantsByPair` entries, `n` grants,
	/// `Consent::AccessCounters`.
	/// Writes: `Consent::AccessCounters`.
	/// The range of component `n` is `[0, 16]`.
	fn log_access(n: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(Weight::from_parts(3_000_000, 1_200).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn grant(s: u32, e: u32, ) -> Weight {
		Weight::from_parts(45_000_000, 4_800)
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(400_000, 0).saturating_mul(e.into()))
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(8_u64))
	}
	fn revoke() -> Weight {
		Weight::from_parts(50_000_000, 5_500)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn remove_expired() -> Weight {
		Weight::from_parts(50_000_000, 5_500)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn on_idle_expire(n: u32, ) -> Weight {
		Weight::from_parts(8_000_000, 1_500)
			.saturating_add(Weight::from_parts(45_000_000, 5_500).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().reads((5_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes((7_u64).saturating_mul(n.into())))
	}
	fn appoint_guardian() -> Weight {
		Weight::from_parts(35_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn remove_guardian() -> Weight {
		Weight::from_parts(35_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn resign_guardian() -> Weight {
		Weight::from_parts(35_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(3_u64))
	}
	fn open_emergency_access() -> Weight {
		Weight::from_parts(40_000_000, 4_500)
			.saturating_add(RocksDbWeight::get().reads(9_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn close_emergency_access() -> Weight {
		Weight::from_parts(25_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn review_emergency_access() -> Weight {
		Weight::from_parts(35_000_000, 4_500)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn log_access(n: u32, ) -> Weight {
		Weight::from_parts(40_000_000, 6_000)
			.saturating_add(Weight::from_parts(3_000_000, 1_200).saturating_mul(n.into()))
			.saturating_add(RocksDbWeight::get().reads(12_u64))
			.saturating_add(RocksDbWeight::get().reads((1_u64).saturating_mul(n.into())))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
