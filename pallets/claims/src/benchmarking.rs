//! Benchmarks of the claims pallet, each at its worst case.
//!
//! Organizations and consent are set up through the `benchmark_*` helpers of
//! [`OrganizationsInspect`] and [`ConsentInspect`], so the same code runs against the mock and
//! against the real pallets in the runtime.

use super::*;
use crate::functions::ClaimInput;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get,
	},
	weights::WeightMeter,
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use healthchain_primitives::{ConsentInspect, MemberRole, OrgRole, OrganizationsInspect};
use sp_runtime::traits::{Bounded, Saturating};

const SEED: u32 = 0;
/// The blind tag given for consent checks (its value does not change the cost).
const CATEGORY: [u8; 16] = [0xCA; 16];

/// An amount every listed service and task is priced at: well above the existential deposit.
fn unit<T: Config>() -> BalanceOf<T> {
	T::Currency::minimum_balance().saturating_add(1u32.into()).saturating_mul(10u32.into())
}

/// An account funded for a large escrow.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	let plenty = unit::<T>().saturating_mul(1_000_000u32.into());
	T::Currency::set_balance(&who, T::Currency::minimum_balance().saturating_add(plenty));
	who
}

/// The `i`th commitment.
fn commitment(i: u32) -> Commitment {
	let mut c = [0x5A; 32];
	c[..4].copy_from_slice(&i.to_le_bytes());
	c
}

/// Terms with `s` services and `t` tasks, each priced [`unit`], no practical patient limit or
/// reward cap, the shortest dispute window and a one-block reward period.
fn terms<T: Config>(s: u32, t: u32) -> ProgramTermsOf<T> {
	let priced = |n: u32, offset: u32| -> Vec<(Commitment, BalanceOf<T>)> {
		(0..n).map(|i| (commitment(offset.saturating_add(i)), unit::<T>())).collect()
	};
	ProgramTerms {
		services: BoundedVec::truncate_from(priced(s, 0)),
		patient_limit: BalanceOf::<T>::max_value(),
		dispute_window: T::MinDisputeWindow::get(),
		tasks: BoundedVec::truncate_from(priced(t, 1_000_000)),
		reward_cap: BalanceOf::<T>::max_value(),
		reward_period: 1u32.into(),
	}
}

/// A payer with its admin and a `Staff` officer, a provider with its admin and a clinician,
/// and a patient who lets the officer read for payment.
struct Parties<T: Config> {
	payer_admin: T::AccountId,
	officer: T::AccountId,
	clinician: T::AccountId,
	patient: T::AccountId,
}

fn parties<T: Config>() -> Parties<T> {
	let payer_admin = funded::<T>("payer_admin", 0);
	let payer = T::Organizations::benchmark_organization(&payer_admin, &[OrgRole::Payer]);
	let officer = funded::<T>("officer", 0);
	T::Organizations::benchmark_member(payer, &officer, &[MemberRole::Staff]);
	let provider_admin = funded::<T>("provider_admin", 0);
	let provider = T::Organizations::benchmark_organization(&provider_admin, &[OrgRole::Provider]);
	let clinician = funded::<T>("clinician", 0);
	T::Organizations::benchmark_member(provider, &clinician, &[MemberRole::Clinician]);
	let patient = funded::<T>("patient", 0);
	T::Consent::benchmark_grant(&patient, &officer);
	Parties { payer_admin, officer, clinician, patient }
}

/// The parties, and a program with the most services and tasks and a large escrow.
fn program<T: Config>() -> Result<(Parties<T>, ProgramId), BenchmarkError> {
	let p = parties::<T>();
	let escrow = unit::<T>().saturating_mul(10_000u32.into());
	let id = Pallet::<T>::do_open_program(
		p.officer.clone(),
		terms::<T>(T::MaxServices::get(), T::MaxTasks::get()),
		escrow,
	)?;
	Ok((p, id))
}

/// A pending claim of the clinician for the patient, for the last listed service, with
/// document `n`.
fn claim<T: Config>(p: &Parties<T>, program: ProgramId, n: u8) -> Result<ClaimId, BenchmarkError> {
	let input = ClaimInput {
		program,
		patient: p.patient.clone(),
		service: commitment(T::MaxServices::get().saturating_sub(1)),
		amount: unit::<T>(),
		category: CATEGORY,
		document: [n; 32],
	};
	Ok(Pallet::<T>::do_submit_claim(p.clinician.clone(), input)?.0)
}

/// Moves to the block `claim` falls due in.
fn go_to_due<T: Config>(claim: ClaimId) -> Result<(), BenchmarkError> {
	let due = Claims::<T>::get(claim).ok_or(BenchmarkError::Stop("no claim"))?.due;
	frame_system::Pallet::<T>::set_block_number(due);
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A payer officer opens a program with `s` services and `t` tasks, holding its escrow.
	#[benchmark]
	fn open_program(
		s: Linear<1, { T::MaxServices::get() }>,
		t: Linear<0, { T::MaxTasks::get() }>,
	) -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		let escrow = unit::<T>().saturating_mul(100u32.into());

		#[extrinsic_call]
		_(RawOrigin::Signed(p.officer.clone()), terms::<T>(s, t), escrow);

		assert!(Programs::<T>::contains_key(0));
		Ok(())
	}

	/// The payer's admin funds: its funds move onto the funder's hold (two accounts).
	#[benchmark]
	fn fund_program() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let before = Programs::<T>::get(id).ok_or(BenchmarkError::Stop("no program"))?.escrow;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.payer_admin.clone()), id, unit::<T>());

		let after = Programs::<T>::get(id).ok_or(BenchmarkError::Stop("no program"))?.escrow;
		assert!(after > before);
		Ok(())
	}

	/// The officer closes a program with free escrow to release.
	#[benchmark]
	fn close_program() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.officer.clone()), id);

		let program = Programs::<T>::get(id).ok_or(BenchmarkError::Stop("no program"))?;
		assert_eq!(program.status, ProgramStatus::Closed);
		Ok(())
	}

	/// A clinician claims the last listed service, with the least permitted consent decision,
	/// into a due block holding all but one claim.
	#[benchmark]
	fn submit_claim() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let now = frame_system::Pallet::<T>::block_number();
		let due = now.saturating_add(T::MinDisputeWindow::get());
		let others = T::MaxDuePerBlock::get().saturating_sub(1);
		let queue: Vec<ClaimId> =
			(0..u64::from(others)).map(|i| i.saturating_add(1 << 40)).collect();
		DueClaims::<T>::insert(due, BoundedVec::truncate_from(queue));
		DueCount::<T>::put(u64::from(others));
		let service = commitment(T::MaxServices::get().saturating_sub(1));

		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.clinician.clone()),
			id,
			p.patient.clone(),
			service,
			unit::<T>(),
			CATEGORY,
			[1; 32],
		);

		assert!(Claims::<T>::contains_key(0));
		Ok(())
	}

	/// The patient confirms a pending claim, which is paid.
	#[benchmark]
	fn confirm_claim() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let claim = claim::<T>(&p, id, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.patient.clone()), claim);

		assert_eq!(Claims::<T>::get(claim).map(|c| c.status), Some(ClaimStatus::Paid));
		Ok(())
	}

	/// The patient disputes a pending claim.
	#[benchmark]
	fn dispute_claim() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let claim = claim::<T>(&p, id, 1)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.patient.clone()), claim, [9; 32]);

		assert_eq!(Claims::<T>::get(claim).map(|c| c.status), Some(ClaimStatus::Disputed));
		Ok(())
	}

	/// The payer's admin approves a disputed claim, which is paid (rejecting moves no funds in
	/// an open program).
	#[benchmark]
	fn adjudicate() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let claim = claim::<T>(&p, id, 1)?;
		Pallet::<T>::do_dispute_claim(p.patient.clone(), claim, [9; 32])?;

		#[extrinsic_call]
		_(RawOrigin::Signed(p.payer_admin.clone()), claim, true);

		assert_eq!(Claims::<T>::get(claim).map(|c| c.status), Some(ClaimStatus::Paid));
		Ok(())
	}

	/// Anyone settles a due claim.
	#[benchmark]
	fn settle_claim() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let claim = claim::<T>(&p, id, 1)?;
		go_to_due::<T>(claim)?;
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), claim);

		assert_eq!(Claims::<T>::get(claim).map(|c| c.status), Some(ClaimStatus::Paid));
		Ok(())
	}

	/// A clinician attests the last listed task; the patient is paid its reward.
	#[benchmark]
	fn attest_task() -> Result<(), BenchmarkError> {
		if T::MaxTasks::get() == 0 {
			return Err(BenchmarkError::Stop("the runtime rewards no tasks"));
		}
		let (p, id) = program::<T>()?;
		let task = commitment(1_000_000u32.saturating_add(T::MaxTasks::get().saturating_sub(1)));

		#[extrinsic_call]
		_(RawOrigin::Signed(p.clinician.clone()), id, p.patient.clone(), task, CATEGORY, [3; 32]);

		assert!(TaskAttestations::<T>::contains_key(id, [3; 32]));
		Ok(())
	}

	/// `on_idle` pays one due, pending claim.
	#[benchmark]
	fn settle_due() -> Result<(), BenchmarkError> {
		let (p, id) = program::<T>()?;
		let claim = claim::<T>(&p, id, 1)?;
		go_to_due::<T>(claim)?;

		#[block]
		{
			Pallet::<T>::settle_due_claim(claim);
		}

		assert_eq!(Claims::<T>::get(claim).map(|c| c.status), Some(ClaimStatus::Paid));
		Ok(())
	}

	/// `on_idle` reads a full block of the due queue and, out of weight for its claims, writes
	/// it back: the most one block of the queue costs beyond its claims.
	#[benchmark]
	fn on_idle_block() -> Result<(), BenchmarkError> {
		let now: BlockNumberFor<T> = 10u32.into();
		frame_system::Pallet::<T>::set_block_number(now);
		let full = T::MaxDuePerBlock::get();
		let queue: Vec<ClaimId> = (0..u64::from(full)).collect();
		DueClaims::<T>::insert(now, BoundedVec::truncate_from(queue));
		DueCount::<T>::put(u64::from(full));
		NextDueBlock::<T>::put(now);
		let limit = T::DbWeight::get()
			.reads_writes(2, 1)
			.saturating_add(<T as Config>::WeightInfo::on_idle_block());
		let mut meter = WeightMeter::with_limit(limit);

		#[block]
		{
			Pallet::<T>::settle_due_claims(now, &mut meter);
		}

		assert_eq!(DueClaims::<T>::get(now).len() as u32, full);
		assert!(meter.consumed().all_lte(limit));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
