//! Weights for `pallet_claims`.
//!
//! Not yet measured: these are conservative values set by hand until `scripts/benchmark.sh`
//! regenerates this file on the reference machine (2 cores, 23 GiB). They are estimated from
//! the measured calls that touch the same storage, rounded up: a call that moves held funds
//! (`Balances::Holds` and two `System::Account` entries) from `pallet_organizations`'
//! `accept_admin_transfer`; the organization and member reads from its `set_roles`; a consent
//! decision at its least from `pallet_records`' `register`. `open_program` grows with the
//! services and tasks listed (`s`, `t`); `settle_due` is one claim paid by `on_idle`,
//! `on_idle_block` one block of the due queue read and removed.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_claims`.
pub trait WeightInfo {
	fn open_program(s: u32, t: u32, ) -> Weight;
	fn fund_program() -> Weight;
	fn close_program() -> Weight;
	fn submit_claim() -> Weight;
	fn confirm_claim() -> Weight;
	fn dispute_claim() -> Weight;
	fn adjudicate() -> Weight;
	fn settle_claim() -> Weight;
	fn attest_task() -> Weight;
	fn settle_due() -> Weight;
	fn on_idle_block() -> Weight;
}

/// Weights for the reference machine, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Claims::NextProgramId` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	/// Storage: `Claims::Programs` (r:0 w:1)
	/// The range of component `s` is `[1, MaxServices]`.
	/// The range of component `t` is `[0, MaxTasks]`.
	fn open_program(s: u32, t: u32, ) -> Weight {
		Weight::from_parts(78_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6200))
			.saturating_add(Weight::from_parts(1_400_000, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(1_400_000, 0).saturating_mul(t.into()))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	fn fund_program() -> Weight {
		Weight::from_parts(84_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6200))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(4_u64))
	}
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:1 w:1)
	fn close_program() -> Weight {
		Weight::from_parts(72_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6200))
			.saturating_add(T::DbWeight::get().reads(5_u64))
			.saturating_add(T::DbWeight::get().writes(3_u64))
	}
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Claims::ClaimByDocument` (r:1 w:1)
	/// Storage: `Claims::PatientTotals` (r:1 w:1)
	/// Storage: `Consent` (r:3 w:0): the least permitted decision
	/// Storage: `Claims::NextClaimId` (r:1 w:1)
	/// Storage: `Claims::DueClaims` (r:1 w:1)
	/// Storage: `Claims::DueCount` (r:1 w:1)
	/// Storage: `Claims::ClaimsOfPatient` (r:0 w:1)
	/// Storage: `Claims::Claims` (r:0 w:1)
	fn submit_claim() -> Weight {
		Weight::from_parts(118_000_000, 0)
			.saturating_add(Weight::from_parts(0, 8400))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(9_u64))
	}
	/// Storage: `Claims::Claims` (r:1 w:1)
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Consent::Guardians` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Claims::PatientTotals` (r:1 w:1)
	fn confirm_claim() -> Weight {
		Weight::from_parts(98_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(T::DbWeight::get().reads(7_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Claims::Claims` (r:1 w:1)
	/// Storage: `Consent::Guardians` (r:1 w:0)
	fn dispute_claim() -> Weight {
		Weight::from_parts(42_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3700))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(1_u64))
	}
	/// Storage: `Claims::Claims` (r:1 w:1)
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Claims::PatientTotals` (r:1 w:1)
	fn adjudicate() -> Weight {
		Weight::from_parts(104_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(T::DbWeight::get().reads(8_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Claims::Claims` (r:1 w:1)
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Claims::PatientTotals` (r:1 w:1)
	fn settle_claim() -> Weight {
		Weight::from_parts(92_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Organizations::MemberOf` (r:1 w:0)
	/// Storage: `Organizations::Organizations` (r:1 w:0)
	/// Storage: `Organizations::Members` (r:1 w:0)
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Claims::TaskAttestations` (r:1 w:1)
	/// Storage: `Claims::PatientTotals` (r:1 w:1)
	/// Storage: `Consent` (r:3 w:0): the least permitted decision
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	fn attest_task() -> Weight {
		Weight::from_parts(126_000_000, 0)
			.saturating_add(Weight::from_parts(0, 8400))
			.saturating_add(T::DbWeight::get().reads(12_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Claims::Claims` (r:1 w:1)
	/// Storage: `Claims::Programs` (r:1 w:1)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Storage: `System::Account` (r:2 w:2)
	/// Storage: `Claims::PatientTotals` (r:1 w:1)
	fn settle_due() -> Weight {
		Weight::from_parts(96_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(T::DbWeight::get().reads(6_u64))
			.saturating_add(T::DbWeight::get().writes(6_u64))
	}
	/// Storage: `Claims::DueClaims` (r:1 w:1)
	/// Storage: `Claims::DueCount` (r:1 w:1)
	fn on_idle_block() -> Weight {
		Weight::from_parts(18_000_000, 0)
			.saturating_add(Weight::from_parts(0, 5100))
			.saturating_add(T::DbWeight::get().reads(2_u64))
			.saturating_add(T::DbWeight::get().writes(2_u64))
	}
}

/// The same values with ParityDB's default database weights, for tests and mocks.
impl WeightInfo for () {
	fn open_program(s: u32, t: u32, ) -> Weight {
		Weight::from_parts(78_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6200))
			.saturating_add(Weight::from_parts(1_400_000, 0).saturating_mul(s.into()))
			.saturating_add(Weight::from_parts(1_400_000, 0).saturating_mul(t.into()))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn fund_program() -> Weight {
		Weight::from_parts(84_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6200))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(4_u64))
	}
	fn close_program() -> Weight {
		Weight::from_parts(72_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6200))
			.saturating_add(ParityDbWeight::get().reads(5_u64))
			.saturating_add(ParityDbWeight::get().writes(3_u64))
	}
	fn submit_claim() -> Weight {
		Weight::from_parts(118_000_000, 0)
			.saturating_add(Weight::from_parts(0, 8400))
			.saturating_add(ParityDbWeight::get().reads(12_u64))
			.saturating_add(ParityDbWeight::get().writes(9_u64))
	}
	fn confirm_claim() -> Weight {
		Weight::from_parts(98_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(ParityDbWeight::get().reads(7_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn dispute_claim() -> Weight {
		Weight::from_parts(42_000_000, 0)
			.saturating_add(Weight::from_parts(0, 3700))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(1_u64))
	}
	fn adjudicate() -> Weight {
		Weight::from_parts(104_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(ParityDbWeight::get().reads(8_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn settle_claim() -> Weight {
		Weight::from_parts(92_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn attest_task() -> Weight {
		Weight::from_parts(126_000_000, 0)
			.saturating_add(Weight::from_parts(0, 8400))
			.saturating_add(ParityDbWeight::get().reads(12_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn settle_due() -> Weight {
		Weight::from_parts(96_000_000, 0)
			.saturating_add(Weight::from_parts(0, 6400))
			.saturating_add(ParityDbWeight::get().reads(6_u64))
			.saturating_add(ParityDbWeight::get().writes(6_u64))
	}
	fn on_idle_block() -> Weight {
		Weight::from_parts(18_000_000, 0)
			.saturating_add(Weight::from_parts(0, 5100))
			.saturating_add(ParityDbWeight::get().reads(2_u64))
			.saturating_add(ParityDbWeight::get().writes(2_u64))
	}
}
