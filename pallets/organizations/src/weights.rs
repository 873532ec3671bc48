//! Weights for `pallet_organizations`.
//!
//! PROVISIONAL: these values are estimates (a base execution time and proof size plus the
//! storage reads and writes counted from the code, with the accreditation origin taken as a
//! regulator, which reads two items more than Root). They will be replaced by the output of
//! `scripts/benchmark.sh`, which runs the benchmarks in `benchmarking.rs` on the node. The
//! function names are the benchmark names.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::RocksDbWeight}};
use core::marker::PhantomData;

/// Weight functions needed for `pallet_organizations`.
pub trait WeightInfo {
	fn register() -> Weight;
	fn set_roles() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn revoke() -> Weight;
	fn add_member() -> Weight;
	fn remove_member() -> Weight;
	fn set_member_roles() -> Weight;
	fn transfer_admin() -> Weight;
	fn set_metadata() -> Weight;
	fn leave() -> Weight;
}

/// Weights for `pallet_organizations` using the Substrate node and recommended hardware.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Reads: origin `MemberOf`, `Organizations`; `MemberOf` (admin), `NextOrgId`,
	/// `Balances::Holds`, `System::Account`, `History`.
	/// Writes: `Organizations`, `Members`, `MemberOf`, `NextOrgId`, `History`,
	/// `Balances::Holds`, `System::Account`.
	fn register() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(7_u64))
	}
	/// Reads: origin `MemberOf`, `Organizations`; `Organizations`, `History`.
	/// Writes: `Organizations`, `History`.
	fn set_roles() -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Reads: origin `MemberOf`, `Organizations`; `Organizations`, `History`.
	/// Writes: `Organizations`, `History`.
	fn suspend() -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Reads: origin `MemberOf`, `Organizations`; `Organizations`, `History`.
	/// Writes: `Organizations`, `History`.
	fn reinstate() -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Reads: origin `MemberOf`, `Organizations`; `Organizations`, `Balances::Holds`,
	/// `System::Account`, `History`.
	/// Writes: `Organizations`, `Balances::Holds`, `System::Account`, `History`.
	fn revoke() -> Weight {
		Weight::from_parts(55_000_000, 6_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Reads: `Organizations`, `MemberOf`, `Balances::Holds`, `System::Account`.
	/// Writes: `Organizations`, `Members`, `MemberOf`, `Balances::Holds`, `System::Account`.
	fn add_member() -> Weight {
		Weight::from_parts(50_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: `Organizations`, `Members`, `Balances::Holds`, `System::Account`.
	/// Writes: `Organizations`, `Members`, `MemberOf`, `Balances::Holds`, `System::Account`.
	fn remove_member() -> Weight {
		Weight::from_parts(50_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: `Organizations`, `Members`.
	/// Writes: `Members`.
	fn set_member_roles() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Reads: `Organizations`, `Members`, `Balances::Holds` and `System::Account` of both
	/// admins.
	/// Writes: `Organizations`, `Balances::Holds` and `System::Account` of both admins.
	fn transfer_admin() -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
	/// Reads: `Organizations`.
	/// Writes: `Organizations`.
	fn set_metadata() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(T::DbWeight::get().reads(1_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Reads: `MemberOf`, `Organizations`, `Members`, `Balances::Holds`, `System::Account`.
	/// Writes: `Organizations`, `Members`, `MemberOf`, `Balances::Holds`, `System::Account`.
	fn leave() -> Weight {
		Weight::from_parts(50_000_000, 5_000)
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(5_u64))
	}
}

// For backwards compatibility and tests.
impl WeightInfo for () {
	fn register() -> Weight {
		Weight::from_parts(60_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	fn set_roles() -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn suspend() -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(35_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	fn revoke() -> Weight {
		Weight::from_parts(55_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
	fn add_member() -> Weight {
		Weight::from_parts(50_000_000, 5_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn remove_member() -> Weight {
		Weight::from_parts(50_000_000, 5_000)
			.saturating_add(RocksDbWeight::get().reads(4_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn set_member_roles() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn transfer_admin() -> Weight {
		Weight::from_parts(90_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	fn set_metadata() -> Weight {
		Weight::from_parts(25_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	fn leave() -> Weight {
		Weight::from_parts(50_000_000, 5_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
}
