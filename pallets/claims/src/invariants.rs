//! Storage invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks the storage invariants:
	///
	/// - every program has `committed <= escrow`, and a closed one `escrow == committed`;
	///   `committed` is the sum of its pending and disputed claims;
	/// - per funder, the escrows of its programs add up to what the currency holds from it
	///   under [`HoldReason::ProgramEscrow`];
	/// - every claim's program exists, its document index and its patient index name it, and
	///   neither index has other entries; ids are below the next ids;
	/// - each patient's totals match its claims (`pending`: pending and disputed, `paid`:
	///   paid), and its rewards stay within the program's patient limit together with them;
	/// - every queued claim exists and is queued under its due block, no queued block lies
	///   before [`NextDueBlock`], and [`DueCount`] counts the queued ids.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next_program = NextProgramId::<T>::get();
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut committed: BTreeMap<ProgramId, BalanceOf<T>> = BTreeMap::new();
		for (id, program) in Programs::<T>::iter() {
			ensure!(id < next_program, "a program id is not below NextProgramId");
			ensure!(program.committed <= program.escrow, "a program commits more than it holds");
			if program.status == ProgramStatus::Closed {
				ensure!(program.escrow == program.committed, "a closed program holds free escrow");
			}
			ensure!(!program.terms.services.is_empty(), "a program covers no service");
			let funder = held.entry(program.funder.clone()).or_insert_with(Zero::zero);
			*funder = funder.saturating_add(program.escrow);
			committed.insert(id, Zero::zero());
		}
		for (funder, escrow) in held {
			let on_hold = T::Currency::balance_on_hold(&HoldReason::ProgramEscrow.into(), &funder);
			ensure!(on_hold == escrow, "escrows differ from the funder's hold");
		}

		let next_claim = NextClaimId::<T>::get();
		let mut claims = 0u64;
		// Per (program, patient): the amounts paid and pending that its claims add up to.
		type PaidAndPending<T> = (BalanceOf<T>, BalanceOf<T>);
		let mut totals: BTreeMap<(ProgramId, T::AccountId), PaidAndPending<T>> = BTreeMap::new();
		for (id, claim) in Claims::<T>::iter() {
			claims = claims.saturating_add(1);
			ensure!(id < next_claim, "a claim id is not below NextClaimId");
			let program_committed =
				committed.get_mut(&claim.program).ok_or("a claim names no program")?;
			ensure!(
				ClaimByDocument::<T>::get(claim.document) == Some(id),
				"the document index disagrees with a claim"
			);
			ensure!(
				ClaimsOfPatient::<T>::contains_key(&claim.patient, id),
				"the patient index misses a claim"
			);
			let entry = totals
				.entry((claim.program, claim.patient.clone()))
				.or_insert_with(|| (Zero::zero(), Zero::zero()));
			match claim.status {
				ClaimStatus::Pending | ClaimStatus::Disputed => {
					*program_committed = program_committed.saturating_add(claim.amount);
					entry.0 = entry.0.saturating_add(claim.amount);
				},
				ClaimStatus::Paid => entry.1 = entry.1.saturating_add(claim.amount),
				ClaimStatus::Rejected => {},
			}
		}
		ensure!(
			ClaimByDocument::<T>::iter().count() as u64 == claims,
			"the document index has entries of no claim"
		);
		ensure!(
			ClaimsOfPatient::<T>::iter().count() as u64 == claims,
			"the patient index has entries of no claim"
		);
		for (id, program) in Programs::<T>::iter() {
			ensure!(
				committed.get(&id) == Some(&program.committed),
				"a program's committed escrow differs from its open claims"
			);
		}
		for (program_id, patient, patient_totals) in PatientTotals::<T>::iter() {
			let program = Programs::<T>::get(program_id).ok_or("totals of no program")?;
			let (pending, paid) =
				totals.remove(&(program_id, patient)).unwrap_or((Zero::zero(), Zero::zero()));
			ensure!(patient_totals.pending == pending, "a patient's pending total is wrong");
			ensure!(patient_totals.paid == paid, "a patient's paid total is wrong");
			ensure!(
				patient_totals.rewarded_in_period <= program.terms.reward_cap,
				"a patient's rewards exceed the period's cap"
			);
			ensure!(
				pending.saturating_add(paid).saturating_add(patient_totals.rewarded)
					<= program.terms.patient_limit,
				"a patient's totals exceed the patient limit"
			);
		}
		ensure!(
			totals.values().all(|(pending, paid)| pending.is_zero() && paid.is_zero()),
			"a patient with claims has no totals"
		);
		for (program, _) in TaskAttestations::<T>::iter_keys() {
			ensure!(program < next_program, "an attestation of no program");
		}

		let cursor = NextDueBlock::<T>::get();
		let mut queued = 0u64;
		for (block, queue) in DueClaims::<T>::iter() {
			ensure!(block >= cursor, "a queued block lies before NextDueBlock");
			for id in queue.iter() {
				let claim = Claims::<T>::get(id).ok_or("a queued claim does not exist")?;
				ensure!(claim.due == block, "a claim is queued outside its due block");
				queued = queued.saturating_add(1);
			}
		}
		ensure!(queued == DueCount::<T>::get(), "DueCount differs from the queued claims");
		Ok(())
	}
}
