//! The logic behind the calls and `on_idle`.

use crate::{pallet::*, types::*, WeightInfo};
use alloc::collections::BTreeSet;
use frame_support::{
	ensure,
	storage::with_storage_layer,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
	weights::{Weight, WeightMeter},
	BoundedVec,
};
use frame_system::pallet_prelude::BlockNumberFor;
use healthchain_primitives::{
	AccessTarget, Action, ConsentInspect, MemberRole, OrgId, OrgRole, OrganizationsInspect,
	Purpose, Tag,
};
use sp_runtime::{
	traits::{CheckedAdd, CheckedSub, One, Saturating, Zero},
	ArithmeticError, DispatchError, DispatchResult,
};

/// What a provider gives to submit a claim (the arguments of `submit_claim`).
pub(crate) struct ClaimInput<T: Config> {
	pub program: ProgramId,
	pub patient: T::AccountId,
	pub service: Commitment,
	pub amount: BalanceOf<T>,
	pub category: Tag,
	pub document: DocHash,
}

impl<T: Config> Pallet<T> {
	// ---------------------------------------------------------------- helpers

	/// The hold reason of every escrow.
	fn escrow_reason() -> T::RuntimeHoldReason {
		HoldReason::ProgramEscrow.into()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The payer organization `who` may open a program for: `who` is a `Staff` member of an
	/// active `Payer` organization.
	pub(crate) fn payer_of_officer(who: &T::AccountId) -> Result<OrgId, Error<T>> {
		let org = T::Organizations::acting_for(who, OrgRole::Payer).ok_or(Error::<T>::NotPayer)?;
		ensure!(
			T::Organizations::member_has_role(org, who, MemberRole::Staff),
			Error::<T>::NotPayer
		);
		Ok(org)
	}

	/// Whether `who` manages `program`: its officer while still a member of the payer, or the
	/// payer's admin. The payer's status does not matter: these calls only move the payer's
	/// own escrow or settle claims already admitted, which a suspension must not strand.
	fn ensure_payer_authority(program: &ProgramOf<T>, who: &T::AccountId) -> Result<(), Error<T>> {
		let officer = &program.officer == who
			&& T::Organizations::organization_of(who) == Some(program.payer);
		ensure!(officer || T::Organizations::is_admin(program.payer, who), Error::<T>::NotPayer);
		Ok(())
	}

	/// The provider organization `who` claims for, and its admin account (the payee): `who`
	/// is a `Clinician` or `Staff` member of an active `Provider` organization.
	pub(crate) fn provider_of(who: &T::AccountId) -> Result<(OrgId, T::AccountId), Error<T>> {
		let org =
			T::Organizations::acting_for(who, OrgRole::Provider).ok_or(Error::<T>::NotProvider)?;
		ensure!(
			T::Organizations::member_has_any_role(
				org,
				who,
				&[MemberRole::Clinician, MemberRole::Staff]
			),
			Error::<T>::NotProvider
		);
		let admin = T::Organizations::admin(org).ok_or(Error::<T>::NotProvider)?;
		Ok((org, admin))
	}

	/// Asks whether `patient`'s consent lets `officer` read `category` for `Payment`. Returns
	/// the decision's weight as made, at most [`Config::ConsentDecisionWeight`].
	fn ensure_payment_consent(
		patient: &T::AccountId,
		officer: &T::AccountId,
		category: Tag,
	) -> Result<Weight, DispatchError> {
		let (decision, weight) = T::Consent::check_access_weighed(
			patient,
			officer,
			&AccessTarget::Category(category),
			Purpose::Payment,
			Action::Read,
		);
		// The denial reason is not passed on: an error says nothing about the patient's
		// consent beyond "not permitted".
		ensure!(decision.is_permitted(), Error::<T>::ConsentDenied);
		Ok(weight.min(T::ConsentDecisionWeight::get()))
	}

	/// The escrow not committed to pending or disputed claims.
	pub(crate) fn free_escrow(program: &ProgramOf<T>) -> BalanceOf<T> {
		// `committed <= escrow` always (an invariant `try_state` checks).
		program.escrow.saturating_sub(program.committed)
	}

	/// Checks that `amount` more for a patient with `totals` stays within the program's
	/// patient limit (claims paid and pending and rewards paid, together).
	fn ensure_within_patient_limit(
		program: &ProgramOf<T>,
		totals: &TotalsOf<T>,
		amount: BalanceOf<T>,
	) -> Result<(), Error<T>> {
		let within = totals
			.paid
			.checked_add(&totals.pending)
			.and_then(|used| used.checked_add(&totals.rewarded))
			.and_then(|used| used.checked_add(&amount))
			.is_some_and(|total| total <= program.terms.patient_limit);
		ensure!(within, Error::<T>::PatientLimitReached);
		Ok(())
	}

	/// Checks a program's terms.
	fn validate_terms(terms: &ProgramTermsOf<T>) -> Result<(), Error<T>> {
		ensure!(!terms.services.is_empty(), Error::<T>::NoServices);
		// Lists are bounded by `MaxServices` and `MaxTasks`.
		let services: BTreeSet<_> = terms.services.iter().map(|(c, _)| c).collect();
		let tasks: BTreeSet<_> = terms.tasks.iter().map(|(c, _)| c).collect();
		ensure!(
			services.len() == terms.services.len() && tasks.len() == terms.tasks.len(),
			Error::<T>::DuplicateCommitment
		);
		ensure!(
			terms.dispute_window >= T::MinDisputeWindow::get()
				&& terms.dispute_window <= T::MaxDisputeWindow::get(),
			Error::<T>::InvalidWindow
		);
		ensure!(
			terms.tasks.is_empty() || !terms.reward_period.is_zero(),
			Error::<T>::InvalidRewardPeriod
		);
		Ok(())
	}

	/// Pays `claim` (pending or disputed) to its payee from its program's escrow, and records
	/// it paid in the claim, the program and the patient's totals. The caller stores the claim
	/// and the program.
	fn pay_claim(
		id: ClaimId,
		claim: &mut ClaimOf<T>,
		program: &mut ProgramOf<T>,
	) -> DispatchResult {
		let amount = claim.amount;
		let escrow = program.escrow.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		let committed = program.committed.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
		T::Currency::transfer_on_hold(
			&Self::escrow_reason(),
			&program.funder,
			&claim.payee,
			amount,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		program.escrow = escrow;
		program.committed = committed;
		PatientTotals::<T>::mutate(claim.program, &claim.patient, |totals| {
			// The claim's amount was added to `pending` when it was submitted.
			totals.pending = totals.pending.saturating_sub(amount);
			totals.paid = totals.paid.saturating_add(amount);
		});
		claim.status = ClaimStatus::Paid;
		Self::deposit_event(Event::ClaimPaid {
			claim: id,
			program: claim.program,
			payee: claim.payee.clone(),
			amount,
		});
		Ok(())
	}

	/// In a closed program, gives the funder back what no claim needs any more.
	fn release_unneeded(id: ProgramId, program: &mut ProgramOf<T>) -> DispatchResult {
		if program.status != ProgramStatus::Closed {
			return Ok(());
		}
		let free = Self::free_escrow(program);
		if free.is_zero() {
			return Ok(());
		}
		T::Currency::release(&Self::escrow_reason(), &program.funder, free, Precision::Exact)?;
		program.escrow = program.committed;
		Self::deposit_event(Event::EscrowReleased {
			program: id,
			funder: program.funder.clone(),
			amount: free,
		});
		Ok(())
	}

	// ---------------------------------------------------------------- programs

	/// Opens a program for `who`'s payer organization (see [`Pallet::open_program`]).
	pub(crate) fn do_open_program(
		who: T::AccountId,
		terms: ProgramTermsOf<T>,
		escrow: BalanceOf<T>,
	) -> Result<ProgramId, DispatchError> {
		let payer = Self::payer_of_officer(&who)?;
		Self::validate_terms(&terms)?;
		let id = NextProgramId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		if !escrow.is_zero() {
			T::Currency::hold(&Self::escrow_reason(), &who, escrow)?;
		}
		Self::deposit_event(Event::ProgramOpened {
			program: id,
			payer,
			officer: who.clone(),
			escrow,
			services: terms.services.clone(),
			patient_limit: terms.patient_limit,
			dispute_window: terms.dispute_window,
			tasks: terms.tasks.clone(),
			reward_cap: terms.reward_cap,
			reward_period: terms.reward_period,
		});
		Programs::<T>::insert(
			id,
			Program {
				payer,
				officer: who.clone(),
				funder: who,
				escrow,
				committed: Zero::zero(),
				terms,
				status: ProgramStatus::Open,
				opened_at: Self::now(),
			},
		);
		NextProgramId::<T>::put(next);
		Ok(id)
	}

	/// Adds `amount` to `id`'s escrow (see [`Pallet::fund_program`]).
	pub(crate) fn do_fund_program(
		who: T::AccountId,
		id: ProgramId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		let mut program = Programs::<T>::get(id).ok_or(Error::<T>::UnknownProgram)?;
		Self::ensure_payer_authority(&program, &who)?;
		ensure!(program.status == ProgramStatus::Open, Error::<T>::ProgramClosed);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let escrow = program.escrow.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		if who == program.funder {
			T::Currency::hold(&Self::escrow_reason(), &who, amount)?;
		} else {
			// One funder per program, so the escrow is one hold: the admin's funds move onto
			// it, and unspent escrow goes back to the funder.
			T::Currency::transfer_and_hold(
				&Self::escrow_reason(),
				&who,
				&program.funder,
				amount,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)?;
		}
		program.escrow = escrow;
		Programs::<T>::insert(id, program);
		Self::deposit_event(Event::ProgramFunded { program: id, by: who, amount, escrow });
		Ok(())
	}

	/// Closes `id` and releases its free escrow (see [`Pallet::close_program`]).
	pub(crate) fn do_close_program(who: T::AccountId, id: ProgramId) -> DispatchResult {
		let mut program = Programs::<T>::get(id).ok_or(Error::<T>::UnknownProgram)?;
		Self::ensure_payer_authority(&program, &who)?;
		ensure!(program.status == ProgramStatus::Open, Error::<T>::ProgramClosed);
		let refunded = Self::free_escrow(&program);
		if !refunded.is_zero() {
			T::Currency::release(
				&Self::escrow_reason(),
				&program.funder,
				refunded,
				Precision::Exact,
			)?;
		}
		program.escrow = program.committed;
		program.status = ProgramStatus::Closed;
		let committed = program.committed;
		Programs::<T>::insert(id, program);
		Self::deposit_event(Event::ProgramClosed { program: id, by: who, refunded, committed });
		Ok(())
	}

	// ---------------------------------------------------------------- claims

	/// Submits a claim (see [`Pallet::submit_claim`]). Returns its id and the consent
	/// decision's weight.
	pub(crate) fn do_submit_claim(
		who: T::AccountId,
		input: ClaimInput<T>,
	) -> Result<(ClaimId, Weight), DispatchError> {
		let ClaimInput { program: program_id, patient, service, amount, category, document } =
			input;
		let (provider, payee) = Self::provider_of(&who)?;
		let mut program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		ensure!(program.status == ProgramStatus::Open, Error::<T>::ProgramClosed);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let listed = program
			.terms
			.services
			.iter()
			.find(|(commitment, _)| *commitment == service)
			.map(|(_, listed)| *listed)
			.ok_or(Error::<T>::UnknownService)?;
		ensure!(amount <= listed, Error::<T>::AmountAboveListed);
		ensure!(!ClaimByDocument::<T>::contains_key(document), Error::<T>::DuplicateClaim);
		let mut totals = PatientTotals::<T>::get(program_id, &patient);
		Self::ensure_within_patient_limit(&program, &totals, amount)?;
		ensure!(amount <= Self::free_escrow(&program), Error::<T>::InsufficientEscrow);
		let decision = Self::ensure_payment_consent(&patient, &program.officer, category)?;

		let now = Self::now();
		let due =
			now.checked_add(&program.terms.dispute_window).ok_or(Error::<T>::InvalidWindow)?;
		let id = NextClaimId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		let committed = program.committed.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		totals.pending = totals.pending.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
		DueClaims::<T>::try_mutate(due, |queue| queue.try_push(id))
			.map_err(|_| Error::<T>::TooManyDueInBlock)?;
		// When nothing was queued, no block before this one holds a due claim: the cursor
		// moves up to here, so `on_idle` does not walk blocks it never needed to (it only
		// moves the cursor itself in the blocks it runs in).
		if DueCount::<T>::get() == 0 && NextDueBlock::<T>::get() < now {
			NextDueBlock::<T>::put(now);
		}
		// No more ids are queued than claims were ever submitted, so the count cannot
		// overflow.
		DueCount::<T>::mutate(|count| *count = count.saturating_add(1));

		program.committed = committed;
		Programs::<T>::insert(program_id, program);
		PatientTotals::<T>::insert(program_id, &patient, totals);
		ClaimByDocument::<T>::insert(document, id);
		ClaimsOfPatient::<T>::insert(&patient, id, ());
		Claims::<T>::insert(
			id,
			Claim {
				program: program_id,
				provider,
				submitter: who.clone(),
				payee: payee.clone(),
				patient: patient.clone(),
				service,
				amount,
				document,
				due,
				status: ClaimStatus::Pending,
				submitted_at: now,
			},
		);
		NextClaimId::<T>::put(next);
		Self::deposit_event(Event::ClaimSubmitted {
			claim: id,
			program: program_id,
			provider,
			submitter: who,
			payee,
			patient,
			service,
			amount,
			document,
			due,
		});
		Ok((id, decision))
	}

	/// The claim `id` and its program.
	fn claim_and_program(id: ClaimId) -> Result<(ClaimOf<T>, ProgramOf<T>), Error<T>> {
		let claim = Claims::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		// Claims are only ever made against existing programs, which are never removed.
		let program = Programs::<T>::get(claim.program).ok_or(Error::<T>::UnknownProgram)?;
		Ok((claim, program))
	}

	/// The patient or a guardian confirms a pending claim, which is paid at once.
	pub(crate) fn do_confirm_claim(who: T::AccountId, id: ClaimId) -> DispatchResult {
		let (mut claim, mut program) = Self::claim_and_program(id)?;
		ensure!(T::Consent::acts_for(&claim.patient, &who), Error::<T>::NotPatientOrGuardian);
		ensure!(claim.status == ClaimStatus::Pending, Error::<T>::NotPending);
		Self::deposit_event(Event::ClaimConfirmed { claim: id, by: who });
		Self::pay_claim(id, &mut claim, &mut program)?;
		Programs::<T>::insert(claim.program, program);
		Claims::<T>::insert(id, claim);
		Ok(())
	}

	/// The patient or a guardian disputes a pending claim within its window.
	pub(crate) fn do_dispute_claim(
		who: T::AccountId,
		id: ClaimId,
		reason: DocHash,
	) -> DispatchResult {
		let mut claim = Claims::<T>::get(id).ok_or(Error::<T>::UnknownClaim)?;
		ensure!(T::Consent::acts_for(&claim.patient, &who), Error::<T>::NotPatientOrGuardian);
		ensure!(claim.status == ClaimStatus::Pending, Error::<T>::NotPending);
		ensure!(Self::now() < claim.due, Error::<T>::WindowClosed);
		claim.status = ClaimStatus::Disputed;
		Claims::<T>::insert(id, claim);
		Self::deposit_event(Event::ClaimDisputed { claim: id, by: who, reason });
		Ok(())
	}

	/// The payer decides a disputed claim.
	pub(crate) fn do_adjudicate(who: T::AccountId, id: ClaimId, approve: bool) -> DispatchResult {
		let (mut claim, mut program) = Self::claim_and_program(id)?;
		Self::ensure_payer_authority(&program, &who)?;
		ensure!(claim.status == ClaimStatus::Disputed, Error::<T>::NotDisputed);
		if approve {
			Self::deposit_event(Event::ClaimApproved { claim: id, by: who });
			Self::pay_claim(id, &mut claim, &mut program)?;
		} else {
			let amount = claim.amount;
			program.committed =
				program.committed.checked_sub(&amount).ok_or(ArithmeticError::Underflow)?;
			PatientTotals::<T>::mutate(claim.program, &claim.patient, |totals| {
				totals.pending = totals.pending.saturating_sub(amount);
			});
			claim.status = ClaimStatus::Rejected;
			Self::deposit_event(Event::ClaimRejected {
				claim: id,
				program: claim.program,
				by: who,
				amount,
			});
			Self::release_unneeded(claim.program, &mut program)?;
		}
		Programs::<T>::insert(claim.program, program);
		Claims::<T>::insert(id, claim);
		Ok(())
	}

	/// Pays a pending claim whose window has closed.
	pub(crate) fn do_settle_claim(id: ClaimId) -> DispatchResult {
		let (mut claim, mut program) = Self::claim_and_program(id)?;
		ensure!(claim.status == ClaimStatus::Pending, Error::<T>::NotPending);
		ensure!(Self::now() >= claim.due, Error::<T>::NotDue);
		Self::pay_claim(id, &mut claim, &mut program)?;
		Programs::<T>::insert(claim.program, program);
		Claims::<T>::insert(id, claim);
		Ok(())
	}

	// ---------------------------------------------------------------- rewards

	/// A provider attests a patient's task; the program pays the reward (see
	/// [`Pallet::attest_task`]). Returns the consent decision's weight.
	pub(crate) fn do_attest_task(
		who: T::AccountId,
		program_id: ProgramId,
		patient: T::AccountId,
		task: Commitment,
		category: Tag,
		attestation: DocHash,
	) -> Result<Weight, DispatchError> {
		let (provider, _) = Self::provider_of(&who)?;
		let mut program = Programs::<T>::get(program_id).ok_or(Error::<T>::UnknownProgram)?;
		ensure!(program.status == ProgramStatus::Open, Error::<T>::ProgramClosed);
		let reward = program
			.terms
			.tasks
			.iter()
			.find(|(commitment, _)| *commitment == task)
			.map(|(_, reward)| *reward)
			.ok_or(Error::<T>::UnknownTask)?;
		ensure!(
			!TaskAttestations::<T>::contains_key(program_id, attestation),
			Error::<T>::TaskAlreadyRewarded
		);
		let mut totals = PatientTotals::<T>::get(program_id, &patient);
		let now = Self::now();
		if totals.rewarded_in_period.is_zero()
			|| now >= totals.period_start.saturating_add(program.terms.reward_period)
		{
			totals.period_start = now;
			totals.rewarded_in_period = Zero::zero();
		}
		let in_period = totals
			.rewarded_in_period
			.checked_add(&reward)
			.filter(|in_period| *in_period <= program.terms.reward_cap)
			.ok_or(Error::<T>::RewardCapReached)?;
		Self::ensure_within_patient_limit(&program, &totals, reward)?;
		ensure!(reward <= Self::free_escrow(&program), Error::<T>::InsufficientEscrow);
		let decision = Self::ensure_payment_consent(&patient, &program.officer, category)?;

		let escrow = program.escrow.checked_sub(&reward).ok_or(ArithmeticError::Underflow)?;
		totals.rewarded = totals.rewarded.checked_add(&reward).ok_or(ArithmeticError::Overflow)?;
		totals.rewarded_in_period = in_period;
		T::Currency::transfer_on_hold(
			&Self::escrow_reason(),
			&program.funder,
			&patient,
			reward,
			Precision::Exact,
			Restriction::Free,
			Fortitude::Polite,
		)?;
		program.escrow = escrow;
		Programs::<T>::insert(program_id, program);
		PatientTotals::<T>::insert(program_id, &patient, totals);
		TaskAttestations::<T>::insert(program_id, attestation, ());
		Self::deposit_event(Event::RewardPaid {
			program: program_id,
			patient,
			task,
			amount: reward,
			provider,
			attester: who,
			attestation,
		});
		Ok(decision)
	}

	// ---------------------------------------------------------------- on_idle

	/// Settles the claims due up to `now`, as far as `meter` allows (see "Settling due claims"
	/// in the crate docs).
	///
	/// Work: two reads and a write for the cursor; then, per block of the queue visited (at
	/// most [`Config::MaxBlocksPerIdle`]), [`WeightInfo::on_idle_block`]; per claim in it,
	/// [`WeightInfo::settle_due`], charged before the claim is touched, so the meter is never
	/// exceeded. A block whose claims do not all fit keeps the rest for the next call.
	pub(crate) fn settle_due_claims(now: BlockNumberFor<T>, meter: &mut WeightMeter) {
		if meter.try_consume(T::DbWeight::get().reads_writes(2, 1)).is_err() {
			return;
		}
		if DueCount::<T>::get() == 0 {
			// Nothing is queued, so no block can be skipped: claims submitted from now on
			// fall due after this block.
			if NextDueBlock::<T>::get() <= now {
				NextDueBlock::<T>::put(now.saturating_add(One::one()));
			}
			return;
		}
		let mut cursor = NextDueBlock::<T>::get();
		let mut blocks = 0u32;
		while cursor <= now && blocks < T::MaxBlocksPerIdle::get() {
			if meter.try_consume(T::WeightInfo::on_idle_block()).is_err() {
				break;
			}
			blocks = blocks.saturating_add(1);
			let queue = DueClaims::<T>::get(cursor);
			let mut done = 0usize;
			for id in queue.iter() {
				if meter.try_consume(T::WeightInfo::settle_due()).is_err() {
					break;
				}
				Self::settle_due_claim(*id);
				done = done.saturating_add(1);
			}
			DueCount::<T>::mutate(|count| *count = count.saturating_sub(done as u64));
			if done < queue.len() {
				// Out of weight inside this block's queue: keep the rest, in order.
				let rest: BoundedVec<ClaimId, T::MaxDuePerBlock> =
					BoundedVec::truncate_from(queue.into_inner().split_off(done));
				DueClaims::<T>::insert(cursor, rest);
				break;
			}
			DueClaims::<T>::remove(cursor);
			cursor = cursor.saturating_add(One::one());
		}
		NextDueBlock::<T>::put(cursor);
	}

	/// Pays claim `id` from the due queue if it is still pending; confirmed, disputed or
	/// already settled claims are passed over. A failed payment changes nothing and is
	/// reported; the claim stays pending for `settle_claim`.
	pub(crate) fn settle_due_claim(id: ClaimId) {
		let pending =
			Claims::<T>::get(id).is_some_and(|claim| claim.status == ClaimStatus::Pending);
		if !pending {
			return;
		}
		if let Err(error) = with_storage_layer(|| Self::do_settle_claim(id)) {
			Self::deposit_event(Event::ClaimPaymentFailed { claim: id, error });
		}
	}
}
