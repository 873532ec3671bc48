//! Weights for `pallet_trials`: provisional, estimated from the storage each call touches and
//! from the measured weights of calls of the other pallets that touch as much. Replace them with
//! measurements: add `pallet_trials:trials` to `ours` in `scripts/benchmark.sh` once the runtime
//! includes the pallet, and run it; the file it writes has the same shape.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_trials`.
pub trait WeightInfo {
	fn register_trial(s: u32, ) -> Weight;
	fn amend() -> Weight;
	fn add_site() -> Weight;
	fn enrol() -> Weight;
	fn withdraw() -> Weight;
	fn lock_data() -> Weight;
	fn register_results() -> Weight;
}

/// Provisional weights with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 + s w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Trials::NextTrialId` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Trials::Versions` (r:0 w:1)
	/// Storage: `Trials::Trials` (r:0 w:1)
	/// The range of component `s` is `[1, MaxSites]`.
	fn register_trial(s: u32, ) -> Weight {
		Weight::from_parts(95_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4142))
			.saturating_add(Weight::from_parts(6_500_000, 0).saturating_mul(s.into()))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(s.into())))
			.saturating_add(T::DbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 2925).saturating_mul(s.into()))
	}
	/// Storage: `Trials::Trials` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Trials::Versions` (r:1 w:1)
	fn amend() -> Weight {
		Weight::from_parts(82_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6337))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
	/// Storage: `Trials::Trials` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:2 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	fn add_site() -> Weight {
		Weight::from_parts(61_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Trials::Trials` (r:1 w:1)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Trials::Participants` (r:1 w:1)
	/// Storage: `Trials::SiteCounts` (r:1 w:1)
	/// Not counted here: the consent decision is charged apart: `ConsentDecisionWeight`.
	fn enrol() -> Weight {
		Weight::from_parts(74_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Trials::Trials` (r:1 w:1)
	/// Storage: `Trials::Participants` (r:1 w:1)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Trials::SiteCounts` (r:1 w:1)
	fn withdraw() -> Weight {
		Weight::from_parts(52_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Trials::Trials` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	fn lock_data() -> Weight {
		Weight::from_parts(48_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(T::DbWeight::get().reads(4_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Trials::Trials` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Trials::Versions` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	fn register_results() -> Weight {
		Weight::from_parts(118_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6337))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
}

// For tests and benchmarks of the mock runtime.
impl WeightInfo for () {
	fn register_trial(s: u32, ) -> Weight {
		Weight::from_parts(95_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4142))
			.saturating_add(Weight::from_parts(6_500_000, 0).saturating_mul(s.into()))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(s.into())))
			.saturating_add(ParityDbWeight::get().writes(5_u64))
			.saturating_add(Weight::from_parts(0, 2925).saturating_mul(s.into()))
	}
	fn amend() -> Weight {
		Weight::from_parts(82_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6337))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
	fn add_site() -> Weight {
		Weight::from_parts(61_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn enrol() -> Weight {
		Weight::from_parts(74_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(52_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn lock_data() -> Weight {
		Weight::from_parts(48_000_000, 0)
			.saturating_add(Weight::from_parts(0, 4412))
			.saturating_add(ParityDbWeight::get().reads(4_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn register_results() -> Weight {
		Weight::from_parts(118_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6337))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
}
