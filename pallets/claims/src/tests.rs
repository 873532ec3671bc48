//! Unit tests of the claims pallet: every rule, every error.

use crate::{
	mock::*, types::*, ClaimByDocument, ClaimsOfPatient, DueClaims, DueCount, Error, Event,
	HoldReason, NextClaimId, NextDueBlock, NextProgramId, PatientTotals, ProgramTermsOf, Programs,
	WeightInfo, MAX_PAGE,
};
use codec::Encode;
use frame_support::{
	assert_noop, assert_ok,
	traits::{fungible::InspectHold, Get, GetCallName, Hooks},
	weights::Weight,
	BoundedVec,
};
use healthchain_primitives::{
	testing::MockOrganizations, AccessTarget, Action, OrgStatus, Purpose, Tag,
};
use sp_runtime::{DispatchError, DispatchResult};

/// A covered service.
const SERVICE: Commitment = [0x51; 32];
/// Another covered service.
const SERVICE2: Commitment = [0x52; 32];
/// A service no program lists.
const UNLISTED: Commitment = [0x5F; 32];
/// A rewarded task.
const TASK: Commitment = [0x71; 32];
/// Another rewarded task.
const TASK2: Commitment = [0x72; 32];
/// The blind tag of the records' category.
const CATEGORY: Tag = [0xCA; 16];
/// The dispute window of the test program.
const WINDOW: u64 = 10;
/// The reward period of the test program.
const PERIOD: u64 = 20;
/// The escrow the test program opens with.
const ESCROW: u64 = 1_000;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn doc(n: u8) -> DocHash {
	[n; 32]
}

/// Services 100 and 300, tasks 20 and 30, patient limit 500, reward cap 50 per period.
fn terms() -> ProgramTermsOf<Test> {
	ProgramTerms {
		services: BoundedVec::truncate_from(vec![(SERVICE, 100), (SERVICE2, 300)]),
		patient_limit: 500,
		dispute_window: WINDOW,
		tasks: BoundedVec::truncate_from(vec![(TASK, 20), (TASK2, 30)]),
		reward_cap: 50,
		reward_period: PERIOD,
	}
}

fn held(who: u64) -> u64 {
	<Balances as InspectHold<u64>>::balance_on_hold(&HoldReason::ProgramEscrow.into(), &who)
}

fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

/// Opens program 0 with [`terms`] and [`ESCROW`], and lets the officer read [`PATIENT`]'s
/// records for payment.
fn open() {
	assert_ok!(Claims::open_program(signed(OFFICER), terms(), ESCROW));
	MockConsent::grant_for(PATIENT, OFFICER, &[Purpose::Payment], &[Action::Read]);
}

/// The doctor claims `amount` for [`SERVICE`] for [`PATIENT`] with document `n`.
fn submit(n: u8, amount: u64) -> ClaimId {
	let id = NextClaimId::<Test>::get();
	assert_ok!(Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, amount, CATEGORY, doc(n)));
	id
}

fn status(id: ClaimId) -> ClaimStatus {
	Claims::claim(id).unwrap().status
}

// ------------------------------------------------------------------------ configuration

#[test]
fn integrity_test_passes() {
	ExtBuilder.build_and_execute(|| {
		<Claims as Hooks<u64>>::integrity_test();
	});
}

// ------------------------------------------------------------------------ open_program

#[test]
fn open_program_holds_the_escrow_from_the_officer() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Claims::open_program(signed(OFFICER), terms(), ESCROW));
		assert_eq!(held(OFFICER), ESCROW);
		assert_eq!(free(OFFICER), BALANCE - ESCROW);
		let program = Claims::program(0).unwrap();
		assert_eq!(program.payer, PAYER);
		assert_eq!(program.officer, OFFICER);
		assert_eq!(program.funder, OFFICER);
		assert_eq!(program.escrow, ESCROW);
		assert_eq!(program.committed, 0);
		assert_eq!(program.status, ProgramStatus::Open);
		assert_eq!(program.terms.services, vec![(SERVICE, 100), (SERVICE2, 300)]);
		assert_eq!(NextProgramId::<Test>::get(), 1);
		let t = terms();
		System::assert_last_event(
			Event::ProgramOpened {
				program: 0,
				payer: PAYER,
				officer: OFFICER,
				escrow: ESCROW,
				services: t.services,
				patient_limit: 500,
				dispute_window: WINDOW,
				tasks: t.tasks,
				reward_cap: 50,
				reward_period: PERIOD,
			}
			.into(),
		);
	});
}

#[test]
fn open_program_with_no_escrow_holds_nothing() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Claims::open_program(signed(OFFICER), terms(), 0));
		assert_eq!(held(OFFICER), 0);
		assert_eq!(Claims::program(0).unwrap().escrow, 0);
	});
}

#[test]
fn open_program_fails_when_not_a_payer_staff_member() {
	ExtBuilder.build_and_execute(|| {
		for who in [PAYER_ADMIN, PAYER_AUDITOR, DOCTOR, INSTITUTE_STAFF, STRANGER] {
			assert_noop!(
				Claims::open_program(signed(who), terms(), ESCROW),
				Error::<Test>::NotPayer
			);
		}
		MockOrganizations::set_status(PAYER, OrgStatus::Suspended);
		assert_noop!(
			Claims::open_program(signed(OFFICER), terms(), ESCROW),
			Error::<Test>::NotPayer
		);
	});
}

#[test]
fn open_program_fails_without_services() {
	ExtBuilder.build_and_execute(|| {
		let mut t = terms();
		t.services = BoundedVec::new();
		assert_noop!(Claims::open_program(signed(OFFICER), t, ESCROW), Error::<Test>::NoServices);
	});
}

#[test]
fn open_program_fails_when_a_commitment_is_listed_twice() {
	ExtBuilder.build_and_execute(|| {
		let mut t = terms();
		t.services = BoundedVec::truncate_from(vec![(SERVICE, 100), (SERVICE, 200)]);
		assert_noop!(
			Claims::open_program(signed(OFFICER), t, ESCROW),
			Error::<Test>::DuplicateCommitment
		);
		let mut t = terms();
		t.tasks = BoundedVec::truncate_from(vec![(TASK, 20), (TASK, 20)]);
		assert_noop!(
			Claims::open_program(signed(OFFICER), t, ESCROW),
			Error::<Test>::DuplicateCommitment
		);
	});
}

#[test]
fn open_program_fails_when_the_window_is_out_of_range() {
	ExtBuilder.build_and_execute(|| {
		for window in [0, MIN_WINDOW - 1, MAX_WINDOW + 1] {
			let mut t = terms();
			t.dispute_window = window;
			assert_noop!(
				Claims::open_program(signed(OFFICER), t, ESCROW),
				Error::<Test>::InvalidWindow
			);
		}
		for window in [MIN_WINDOW, MAX_WINDOW] {
			let mut t = terms();
			t.dispute_window = window;
			assert_ok!(Claims::open_program(signed(OFFICER), t, 0));
		}
	});
}

#[test]
fn open_program_fails_when_tasks_have_no_reward_period() {
	ExtBuilder.build_and_execute(|| {
		let mut t = terms();
		t.reward_period = 0;
		assert_noop!(
			Claims::open_program(signed(OFFICER), t.clone(), ESCROW),
			Error::<Test>::InvalidRewardPeriod
		);
		t.tasks = BoundedVec::new();
		assert_ok!(Claims::open_program(signed(OFFICER), t, ESCROW));
	});
}

#[test]
fn open_program_fails_when_the_escrow_cannot_be_held() {
	ExtBuilder.build_and_execute(|| {
		assert!(Claims::open_program(signed(OFFICER), terms(), BALANCE + 1).is_err());
		assert!(Claims::program(0).is_none());
	});
}

#[test]
fn open_program_fails_when_ids_are_exhausted() {
	ExtBuilder.build_and_execute(|| {
		NextProgramId::<Test>::put(ProgramId::MAX);
		assert_noop!(
			Claims::open_program(signed(OFFICER), terms(), ESCROW),
			Error::<Test>::IdsExhausted
		);
	});
}

// ------------------------------------------------------------------------ fund_program

#[test]
fn the_officer_funds_from_its_own_balance() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::fund_program(signed(OFFICER), 0, 500));
		assert_eq!(held(OFFICER), ESCROW + 500);
		assert_eq!(Claims::program(0).unwrap().escrow, ESCROW + 500);
		System::assert_last_event(
			Event::ProgramFunded { program: 0, by: OFFICER, amount: 500, escrow: ESCROW + 500 }
				.into(),
		);
	});
}

#[test]
fn the_payer_admin_funds_onto_the_funders_hold() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::fund_program(signed(PAYER_ADMIN), 0, 500));
		assert_eq!(free(PAYER_ADMIN), BALANCE - 500);
		assert_eq!(held(PAYER_ADMIN), 0);
		assert_eq!(held(OFFICER), ESCROW + 500);
		assert_eq!(Claims::program(0).unwrap().escrow, ESCROW + 500);
	});
}

#[test]
fn fund_program_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_noop!(Claims::fund_program(signed(OFFICER), 7, 500), Error::<Test>::UnknownProgram);
		for who in [STRANGER, OTHER_OFFICER, DOCTOR] {
			assert_noop!(Claims::fund_program(signed(who), 0, 500), Error::<Test>::NotPayer);
		}
		assert_noop!(Claims::fund_program(signed(OFFICER), 0, 0), Error::<Test>::ZeroAmount);
		assert_ok!(Claims::close_program(signed(OFFICER), 0));
		assert_noop!(Claims::fund_program(signed(OFFICER), 0, 500), Error::<Test>::ProgramClosed);
	});
}

#[test]
fn an_officer_who_left_the_payer_no_longer_manages_the_program() {
	ExtBuilder.build_and_execute(|| {
		open();
		MockOrganizations::remove_member(PAYER, OFFICER);
		assert_noop!(Claims::fund_program(signed(OFFICER), 0, 500), Error::<Test>::NotPayer);
		assert_noop!(Claims::close_program(signed(OFFICER), 0), Error::<Test>::NotPayer);
		// The admin still can, and the escrow goes back to the funder.
		assert_ok!(Claims::close_program(signed(PAYER_ADMIN), 0));
		assert_eq!(held(OFFICER), 0);
		assert_eq!(free(OFFICER), BALANCE);
	});
}

// ------------------------------------------------------------------------ close_program

#[test]
fn close_refunds_unspent_escrow() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::close_program(signed(PAYER_ADMIN), 0));
		assert_eq!(held(OFFICER), 0);
		assert_eq!(free(OFFICER), BALANCE);
		let program = Claims::program(0).unwrap();
		assert_eq!(program.status, ProgramStatus::Closed);
		assert_eq!(program.escrow, 0);
		System::assert_last_event(
			Event::ProgramClosed { program: 0, by: PAYER_ADMIN, refunded: ESCROW, committed: 0 }
				.into(),
		);
	});
}

#[test]
fn committed_claims_still_settle_after_close() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_ok!(Claims::close_program(signed(OFFICER), 0));
		System::assert_last_event(
			Event::ProgramClosed {
				program: 0,
				by: OFFICER,
				refunded: ESCROW - 100,
				committed: 100,
			}
			.into(),
		);
		assert_eq!(held(OFFICER), 100);
		// No new claims once closed.
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 50, CATEGORY, doc(2)),
			Error::<Test>::ProgramClosed
		);
		run_to_block(1 + WINDOW);
		assert_eq!(status(claim), ClaimStatus::Paid);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		assert_eq!(held(OFFICER), 0);
		assert_eq!(Claims::program(0).unwrap().escrow, 0);
	});
}

#[test]
fn a_rejected_claim_of_a_closed_program_releases_its_escrow() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_ok!(Claims::close_program(signed(OFFICER), 0));
		assert_ok!(Claims::dispute_claim(signed(PATIENT), claim, doc(9)));
		assert_ok!(Claims::adjudicate(signed(OFFICER), claim, false));
		System::assert_has_event(
			Event::ClaimRejected { claim, program: 0, by: OFFICER, amount: 100 }.into(),
		);
		System::assert_last_event(
			Event::EscrowReleased { program: 0, funder: OFFICER, amount: 100 }.into(),
		);
		assert_eq!(held(OFFICER), 0);
		assert_eq!(free(OFFICER), BALANCE);
	});
}

#[test]
fn close_program_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_noop!(Claims::close_program(signed(OFFICER), 7), Error::<Test>::UnknownProgram);
		for who in [STRANGER, OTHER_OFFICER, HOSPITAL_ADMIN] {
			assert_noop!(Claims::close_program(signed(who), 0), Error::<Test>::NotPayer);
		}
		assert_ok!(Claims::close_program(signed(OFFICER), 0));
		assert_noop!(Claims::close_program(signed(OFFICER), 0), Error::<Test>::ProgramClosed);
	});
}

// ------------------------------------------------------------------------ submit_claim

#[test]
fn submit_claim_commits_the_amount_and_queues_the_claim() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 80);
		let stored = Claims::claim(claim).unwrap();
		assert_eq!(stored.program, 0);
		assert_eq!(stored.provider, HOSPITAL);
		assert_eq!(stored.submitter, DOCTOR);
		assert_eq!(stored.payee, HOSPITAL_ADMIN);
		assert_eq!(stored.patient, PATIENT);
		assert_eq!(stored.amount, 80);
		assert_eq!(stored.due, 1 + WINDOW);
		assert_eq!(stored.status, ClaimStatus::Pending);
		assert_eq!(Claims::program(0).unwrap().committed, 80);
		assert_eq!(Claims::patient_totals(0, PATIENT).pending, 80);
		assert_eq!(DueClaims::<Test>::get(1 + WINDOW).into_inner(), vec![claim]);
		assert_eq!(DueCount::<Test>::get(), 1);
		assert_eq!(ClaimByDocument::<Test>::get(doc(1)), Some(claim));
		assert!(ClaimsOfPatient::<Test>::contains_key(PATIENT, claim));
		System::assert_last_event(
			Event::ClaimSubmitted {
				claim,
				program: 0,
				provider: HOSPITAL,
				submitter: DOCTOR,
				payee: HOSPITAL_ADMIN,
				patient: PATIENT,
				service: SERVICE,
				amount: 80,
				document: doc(1),
				due: 1 + WINDOW,
			}
			.into(),
		);
	});
}

#[test]
fn consent_is_asked_for_the_officer_for_payment() {
	ExtBuilder.build_and_execute(|| {
		open();
		submit(1, 80);
		assert_eq!(
			MockConsent::last_check(),
			Some((
				PATIENT,
				OFFICER,
				AccessTarget::Category(CATEGORY),
				Purpose::Payment,
				Action::Read
			))
		);
	});
}

#[test]
fn a_staff_member_of_the_provider_may_claim() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::submit_claim(
			signed(BILLING),
			0,
			PATIENT,
			SERVICE2,
			300,
			CATEGORY,
			doc(1)
		));
		assert_eq!(Claims::claim(0).unwrap().payee, HOSPITAL_ADMIN);
	});
}

#[test]
fn a_claim_without_payment_consent_is_refused() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, OTHER_PATIENT, SERVICE, 80, CATEGORY, doc(1)),
			Error::<Test>::ConsentDenied
		);
		MockConsent::revoke_all(PATIENT, OFFICER);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 80, CATEGORY, doc(1)),
			Error::<Test>::ConsentDenied
		);
	});
}

#[test]
fn submit_claim_fails_when_not_a_provider_member() {
	ExtBuilder.build_and_execute(|| {
		open();
		for who in [ER_DOCTOR, HOSPITAL_ADMIN, INSTITUTE_STAFF, OFFICER, STRANGER] {
			assert_noop!(
				Claims::submit_claim(signed(who), 0, PATIENT, SERVICE, 80, CATEGORY, doc(1)),
				Error::<Test>::NotProvider
			);
		}
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 80, CATEGORY, doc(1)),
			Error::<Test>::NotProvider
		);
	});
}

#[test]
fn submit_claim_errors_on_the_program_and_service() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 7, PATIENT, SERVICE, 80, CATEGORY, doc(1)),
			Error::<Test>::UnknownProgram
		);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 0, CATEGORY, doc(1)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, UNLISTED, 80, CATEGORY, doc(1)),
			Error::<Test>::UnknownService
		);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 101, CATEGORY, doc(1)),
			Error::<Test>::AmountAboveListed
		);
	});
}

#[test]
fn a_claim_document_is_not_paid_twice() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 80);
		assert_noop!(
			Claims::submit_claim(signed(BILLING), 0, PATIENT, SERVICE, 80, CATEGORY, doc(1)),
			Error::<Test>::DuplicateClaim
		);
		run_to_block(1 + WINDOW);
		assert_eq!(status(claim), ClaimStatus::Paid);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 80, CATEGORY, doc(1)),
			Error::<Test>::DuplicateClaim
		);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 80);
	});
}

#[test]
fn the_patient_limit_counts_claims_and_rewards_together() {
	ExtBuilder.build_and_execute(|| {
		open();
		// Limit 500: 300 + 100 pending, a reward of 30, then 70 fits and 71 does not.
		assert_ok!(Claims::submit_claim(
			signed(DOCTOR),
			0,
			PATIENT,
			SERVICE2,
			300,
			CATEGORY,
			doc(1)
		));
		submit(2, 100);
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK2, CATEGORY, doc(3)));
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 71, CATEGORY, doc(4)),
			Error::<Test>::PatientLimitReached
		);
		submit(4, 70);
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(5)),
			Error::<Test>::PatientLimitReached
		);
		// Another patient has its own limit.
		MockConsent::grant_for(OTHER_PATIENT, OFFICER, &[Purpose::Payment], &[Action::Read]);
		assert_ok!(Claims::submit_claim(
			signed(DOCTOR),
			0,
			OTHER_PATIENT,
			SERVICE,
			100,
			CATEGORY,
			doc(6)
		));
		// A rejected claim frees its share of the limit.
		assert_ok!(Claims::dispute_claim(signed(PATIENT), 1, doc(9)));
		assert_ok!(Claims::adjudicate(signed(OFFICER), 1, false));
		submit(7, 100);
	});
}

#[test]
fn the_free_escrow_must_cover_a_claim() {
	ExtBuilder.build_and_execute(|| {
		let mut t = terms();
		t.patient_limit = 10_000;
		assert_ok!(Claims::open_program(signed(OFFICER), t, 350));
		MockConsent::grant_for(PATIENT, OFFICER, &[Purpose::Payment], &[Action::Read]);
		assert_ok!(Claims::submit_claim(
			signed(DOCTOR),
			0,
			PATIENT,
			SERVICE2,
			300,
			CATEGORY,
			doc(1)
		));
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 51, CATEGORY, doc(2)),
			Error::<Test>::InsufficientEscrow
		);
		submit(2, 50);
		assert_ok!(Claims::fund_program(signed(OFFICER), 0, 100));
		submit(3, 100);
	});
}

#[test]
fn a_due_block_holds_at_most_max_due_per_block_claims() {
	ExtBuilder.build_and_execute(|| {
		open();
		for n in 0..MAX_DUE_PER_BLOCK as u8 {
			submit(n, 10);
		}
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 10, CATEGORY, doc(100)),
			Error::<Test>::TooManyDueInBlock
		);
		System::set_block_number(2);
		submit(100, 10);
	});
}

#[test]
fn submit_claim_fails_when_the_due_block_overflows() {
	ExtBuilder.build_and_execute(|| {
		open();
		System::set_block_number(u64::MAX - 1);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 10, CATEGORY, doc(1)),
			Error::<Test>::InvalidWindow
		);
	});
}

#[test]
fn submit_claim_fails_when_ids_are_exhausted() {
	ExtBuilder.build_and_execute(|| {
		open();
		NextClaimId::<Test>::put(ClaimId::MAX);
		assert_noop!(
			Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 10, CATEGORY, doc(1)),
			Error::<Test>::IdsExhausted
		);
	});
}

#[test]
fn submit_claim_charges_at_most_the_worst_consent_decision() {
	ExtBuilder.build_and_execute(|| {
		open();
		let info = Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 10, CATEGORY, doc(1))
			.unwrap();
		// The mock's decision reports no weight of its own, so the worst case is charged.
		assert_eq!(
			info.actual_weight,
			Some(
				<() as WeightInfo>::submit_claim()
					.saturating_add(<Test as crate::Config>::ConsentDecisionWeight::get())
			)
		);
	});
}

// ------------------------------------------------------------------------ settling

#[test]
fn an_undisputed_claim_is_paid_by_on_idle_after_the_window() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		run_to_block(WINDOW);
		assert_eq!(status(claim), ClaimStatus::Pending);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE);
		run_to_block(1 + WINDOW);
		assert_eq!(status(claim), ClaimStatus::Paid);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		assert_eq!(held(OFFICER), ESCROW - 100);
		let program = Claims::program(0).unwrap();
		assert_eq!((program.escrow, program.committed), (ESCROW - 100, 0));
		let totals = Claims::patient_totals(0, PATIENT);
		assert_eq!((totals.paid, totals.pending), (100, 0));
		assert_eq!(DueCount::<Test>::get(), 0);
		assert!(!DueClaims::<Test>::contains_key(1 + WINDOW));
		System::assert_has_event(
			Event::ClaimPaid { claim, program: 0, payee: HOSPITAL_ADMIN, amount: 100 }.into(),
		);
	});
}

#[test]
fn a_confirmed_claim_is_paid_at_once_and_not_again() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_ok!(Claims::confirm_claim(signed(PATIENT), claim));
		assert_eq!(status(claim), ClaimStatus::Paid);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		System::assert_has_event(Event::ClaimConfirmed { claim, by: PATIENT }.into());
		run_to_block(1 + WINDOW);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		assert_eq!(DueCount::<Test>::get(), 0);
	});
}

#[test]
fn a_guardian_confirms_and_disputes_for_the_patient() {
	ExtBuilder.build_and_execute(|| {
		open();
		MockConsent::appoint_guardian(PATIENT, GUARDIAN);
		let first = submit(1, 100);
		let second = submit(2, 100);
		assert_ok!(Claims::confirm_claim(signed(GUARDIAN), first));
		assert_ok!(Claims::dispute_claim(signed(GUARDIAN), second, doc(9)));
		assert_eq!(status(first), ClaimStatus::Paid);
		assert_eq!(status(second), ClaimStatus::Disputed);
	});
}

#[test]
fn confirm_claim_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_noop!(Claims::confirm_claim(signed(PATIENT), 7), Error::<Test>::UnknownClaim);
		for who in [GUARDIAN, DOCTOR, OFFICER, STRANGER] {
			assert_noop!(
				Claims::confirm_claim(signed(who), claim),
				Error::<Test>::NotPatientOrGuardian
			);
		}
		assert_ok!(Claims::confirm_claim(signed(PATIENT), claim));
		assert_noop!(Claims::confirm_claim(signed(PATIENT), claim), Error::<Test>::NotPending);
	});
}

#[test]
fn a_disputed_claim_is_not_paid_by_on_idle_and_the_payer_approves_it() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_ok!(Claims::dispute_claim(signed(PATIENT), claim, doc(9)));
		System::assert_last_event(
			Event::ClaimDisputed { claim, by: PATIENT, reason: doc(9) }.into(),
		);
		run_to_block(2 + WINDOW);
		assert_eq!(status(claim), ClaimStatus::Disputed);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE);
		assert_eq!(DueCount::<Test>::get(), 0);
		assert_ok!(Claims::adjudicate(signed(PAYER_ADMIN), claim, true));
		assert_eq!(status(claim), ClaimStatus::Paid);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		System::assert_has_event(Event::ClaimApproved { claim, by: PAYER_ADMIN }.into());
		System::assert_last_event(
			Event::ClaimPaid { claim, program: 0, payee: HOSPITAL_ADMIN, amount: 100 }.into(),
		);
	});
}

#[test]
fn a_disputed_claim_rejected_pays_nothing_and_uncommits() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_ok!(Claims::dispute_claim(signed(PATIENT), claim, doc(9)));
		assert_ok!(Claims::adjudicate(signed(OFFICER), claim, false));
		assert_eq!(status(claim), ClaimStatus::Rejected);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE);
		let program = Claims::program(0).unwrap();
		assert_eq!((program.escrow, program.committed), (ESCROW, 0));
		assert_eq!(held(OFFICER), ESCROW);
		assert_eq!(Claims::patient_totals(0, PATIENT).pending, 0);
		System::assert_last_event(
			Event::ClaimRejected { claim, program: 0, by: OFFICER, amount: 100 }.into(),
		);
		assert_noop!(Claims::adjudicate(signed(OFFICER), claim, true), Error::<Test>::NotDisputed);
	});
}

#[test]
fn dispute_claim_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_noop!(
			Claims::dispute_claim(signed(PATIENT), 7, doc(9)),
			Error::<Test>::UnknownClaim
		);
		assert_noop!(
			Claims::dispute_claim(signed(DOCTOR), claim, doc(9)),
			Error::<Test>::NotPatientOrGuardian
		);
		// The window has closed, though `on_idle` has not paid the claim yet.
		System::set_block_number(1 + WINDOW);
		assert_noop!(
			Claims::dispute_claim(signed(PATIENT), claim, doc(9)),
			Error::<Test>::WindowClosed
		);
		System::set_block_number(WINDOW);
		assert_ok!(Claims::dispute_claim(signed(PATIENT), claim, doc(9)));
		assert_noop!(
			Claims::dispute_claim(signed(PATIENT), claim, doc(9)),
			Error::<Test>::NotPending
		);
	});
}

#[test]
fn adjudicate_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_noop!(Claims::adjudicate(signed(OFFICER), 7, true), Error::<Test>::UnknownClaim);
		assert_noop!(Claims::adjudicate(signed(OFFICER), claim, true), Error::<Test>::NotDisputed);
		assert_ok!(Claims::dispute_claim(signed(PATIENT), claim, doc(9)));
		for who in [PATIENT, DOCTOR, HOSPITAL_ADMIN, OTHER_OFFICER, STRANGER] {
			assert_noop!(Claims::adjudicate(signed(who), claim, true), Error::<Test>::NotPayer);
		}
	});
}

#[test]
fn anyone_settles_a_due_claim() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_noop!(Claims::settle_claim(signed(STRANGER), claim), Error::<Test>::NotDue);
		System::set_block_number(1 + WINDOW);
		assert_ok!(Claims::settle_claim(signed(STRANGER), claim));
		assert_eq!(status(claim), ClaimStatus::Paid);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		assert_noop!(Claims::settle_claim(signed(STRANGER), claim), Error::<Test>::NotPending);
		// `on_idle` passes over the settled claim once its cursor reaches the due block
		// (up to `MAX_BLOCKS_PER_IDLE` blocks a call, from the block it was submitted in).
		run_to_block(3 + WINDOW);
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
		assert_eq!(DueCount::<Test>::get(), 0);
	});
}

#[test]
fn settle_claim_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_noop!(Claims::settle_claim(signed(STRANGER), 7), Error::<Test>::UnknownClaim);
		assert_ok!(Claims::dispute_claim(signed(PATIENT), claim, doc(9)));
		System::set_block_number(1 + WINDOW);
		assert_noop!(Claims::settle_claim(signed(STRANGER), claim), Error::<Test>::NotPending);
	});
}

// ------------------------------------------------------------------------ on_idle

#[test]
fn on_idle_stops_before_the_weight_runs_out_and_keeps_the_rest_in_order() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claims: Vec<ClaimId> = (1..=3).map(|n| submit(n, 10)).collect();
		let due = 1 + WINDOW;
		run_to_block(due - 1);
		assert_eq!(NextDueBlock::<Test>::get(), due);
		System::set_block_number(due);
		let db: frame_support::weights::RuntimeDbWeight =
			<Test as frame_system::Config>::DbWeight::get();
		let limit = db
			.reads_writes(2, 1)
			.saturating_add(<() as WeightInfo>::on_idle_block())
			.saturating_add(<() as WeightInfo>::settle_due().saturating_mul(2));
		let used = <Claims as Hooks<u64>>::on_idle(due, limit);
		assert!(used.all_lte(limit));
		assert_eq!(status(claims[0]), ClaimStatus::Paid);
		assert_eq!(status(claims[1]), ClaimStatus::Paid);
		assert_eq!(status(claims[2]), ClaimStatus::Pending);
		assert_eq!(DueClaims::<Test>::get(due).into_inner(), vec![claims[2]]);
		assert_eq!(DueCount::<Test>::get(), 1);
		assert_eq!(NextDueBlock::<Test>::get(), due);
		// No weight at all: nothing happens.
		assert_eq!(<Claims as Hooks<u64>>::on_idle(due, Weight::zero()), Weight::zero());
		<Claims as Hooks<u64>>::on_idle(due, Weight::MAX);
		assert_eq!(status(claims[2]), ClaimStatus::Paid);
		assert_eq!(NextDueBlock::<Test>::get(), due + 1);
	});
}

#[test]
fn on_idle_reads_at_most_max_blocks_per_idle_blocks_and_skips_none() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 10);
		// Nothing was queued before: the cursor starts at the submission's block.
		assert_eq!(NextDueBlock::<Test>::get(), 1);
		System::set_block_number(50);
		<Claims as Hooks<u64>>::on_idle(50, Weight::MAX);
		assert_eq!(NextDueBlock::<Test>::get(), 1 + MAX_BLOCKS_PER_IDLE as u64);
		while status(claim) == ClaimStatus::Pending {
			let before = NextDueBlock::<Test>::get();
			<Claims as Hooks<u64>>::on_idle(50, Weight::MAX);
			assert!(NextDueBlock::<Test>::get() <= before + MAX_BLOCKS_PER_IDLE as u64);
		}
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 10);
	});
}

#[test]
fn on_idle_moves_the_cursor_to_the_next_block_when_nothing_is_queued() {
	ExtBuilder.build_and_execute(|| {
		System::set_block_number(40);
		<Claims as Hooks<u64>>::on_idle(40, Weight::MAX);
		assert_eq!(NextDueBlock::<Test>::get(), 41);
	});
}

// ------------------------------------------------------------------------ rewards

#[test]
fn a_reward_is_paid_to_the_patient_at_once() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(1)));
		assert_eq!(free(PATIENT), BALANCE + 20);
		assert_eq!(held(OFFICER), ESCROW - 20);
		assert_eq!(Claims::program(0).unwrap().escrow, ESCROW - 20);
		let totals = Claims::patient_totals(0, PATIENT);
		assert_eq!((totals.rewarded, totals.rewarded_in_period, totals.period_start), (20, 20, 1));
		System::assert_last_event(
			Event::RewardPaid {
				program: 0,
				patient: PATIENT,
				task: TASK,
				amount: 20,
				provider: HOSPITAL,
				attester: DOCTOR,
				attestation: doc(1),
			}
			.into(),
		);
		assert_eq!(
			MockConsent::last_check(),
			Some((
				PATIENT,
				OFFICER,
				AccessTarget::Category(CATEGORY),
				Purpose::Payment,
				Action::Read
			))
		);
	});
}

#[test]
fn a_task_is_not_paid_twice() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(1)));
		assert_noop!(
			Claims::attest_task(signed(BILLING), 0, PATIENT, TASK, CATEGORY, doc(1)),
			Error::<Test>::TaskAlreadyRewarded
		);
		assert_eq!(free(PATIENT), BALANCE + 20);
	});
}

#[test]
fn rewards_are_capped_per_period_and_the_cap_resets_next_period() {
	ExtBuilder.build_and_execute(|| {
		open();
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(1)));
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK2, CATEGORY, doc(2)));
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(3)),
			Error::<Test>::RewardCapReached
		);
		System::set_block_number(PERIOD);
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(3)),
			Error::<Test>::RewardCapReached
		);
		System::set_block_number(1 + PERIOD);
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(3)));
		let totals = Claims::patient_totals(0, PATIENT);
		assert_eq!(
			(totals.rewarded, totals.rewarded_in_period, totals.period_start),
			(70, 20, 1 + PERIOD)
		);
		assert_eq!(free(PATIENT), BALANCE + 70);
	});
}

#[test]
fn attest_task_errors() {
	ExtBuilder.build_and_execute(|| {
		open();
		for who in [ER_DOCTOR, INSTITUTE_STAFF, OFFICER, STRANGER] {
			assert_noop!(
				Claims::attest_task(signed(who), 0, PATIENT, TASK, CATEGORY, doc(1)),
				Error::<Test>::NotProvider
			);
		}
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 7, PATIENT, TASK, CATEGORY, doc(1)),
			Error::<Test>::UnknownProgram
		);
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, PATIENT, SERVICE, CATEGORY, doc(1)),
			Error::<Test>::UnknownTask
		);
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, OTHER_PATIENT, TASK, CATEGORY, doc(1)),
			Error::<Test>::ConsentDenied
		);
		assert_ok!(Claims::close_program(signed(OFFICER), 0));
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(1)),
			Error::<Test>::ProgramClosed
		);
	});
}

#[test]
fn a_reward_needs_free_escrow() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Claims::open_program(signed(OFFICER), terms(), 110));
		MockConsent::grant_for(PATIENT, OFFICER, &[Purpose::Payment], &[Action::Read]);
		submit(1, 100);
		assert_noop!(
			Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(2)),
			Error::<Test>::InsufficientEscrow
		);
	});
}

// ------------------------------------------------------------------------ queries, privacy

#[test]
fn a_patients_claims_are_listed_page_by_page() {
	ExtBuilder.build_and_execute(|| {
		open();
		MockConsent::grant_for(OTHER_PATIENT, OFFICER, &[Purpose::Payment], &[Action::Read]);
		let mut mine: Vec<ClaimId> = (1..=3).map(|n| submit(n, 10)).collect();
		assert_ok!(Claims::submit_claim(
			signed(DOCTOR),
			0,
			OTHER_PATIENT,
			SERVICE,
			10,
			CATEGORY,
			doc(9)
		));
		let first = Claims::claims_of_patient(PATIENT, None, 2);
		assert_eq!(first.len(), 2);
		let rest = Claims::claims_of_patient(PATIENT, first.last().map(|(id, _)| *id), 2);
		assert_eq!(rest.len(), 1);
		let mut listed: Vec<ClaimId> = first.iter().chain(rest.iter()).map(|(id, _)| *id).collect();
		listed.sort();
		mine.sort();
		assert_eq!(listed, mine);
		assert!(first.iter().chain(rest.iter()).all(|(_, claim)| claim.patient == PATIENT));
		// A limit above `MAX_PAGE` is capped, and three fit in a page.
		let capped = Claims::claims_of_patient(PATIENT, None, u32::MAX).len();
		assert_eq!(capped, 3.min(MAX_PAGE as usize));
		assert!(Claims::program(7).is_none());
		assert!(Claims::claim(7).is_none());
		assert_eq!(Claims::patient_totals(0, STRANGER), Totals::default());
	});
}

#[test]
fn the_category_tag_is_neither_stored_nor_in_events() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		assert_ok!(Claims::attest_task(signed(DOCTOR), 0, PATIENT, TASK, CATEGORY, doc(2)));
		let contains_tag = |bytes: &[u8]| bytes.windows(CATEGORY.len()).any(|w| w == CATEGORY);
		assert!(!contains_tag(&System::events().encode()));
		assert!(!contains_tag(&Claims::claim(claim).encode()));
		assert!(!contains_tag(&Programs::<Test>::get(0).encode()));
		assert!(!contains_tag(&PatientTotals::<Test>::get(0, PATIENT).encode()));
	});
}

#[test]
fn a_failed_payment_in_on_idle_leaves_the_claim_pending() {
	ExtBuilder.build_and_execute(|| {
		open();
		let claim = submit(1, 100);
		// Take the escrow away behind the pallet's back, so the payment cannot be made.
		let reason: RuntimeHoldReason = HoldReason::ProgramEscrow.into();
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<u64>>::release(
			&reason,
			&OFFICER,
			ESCROW,
			frame_support::traits::tokens::Precision::Exact,
		));
		run_to_block(1 + WINDOW);
		assert_eq!(status(claim), ClaimStatus::Pending);
		let failed = |event: &RuntimeEvent| {
			matches!(
				event,
				RuntimeEvent::Claims(Event::ClaimPaymentFailed {
					claim: c,
					error: DispatchError::Token(_),
				}) if *c == claim
			)
		};
		assert!(System::events().iter().any(|record| failed(&record.event)));
		// Put it back, and anyone settles the claim.
		assert_ok!(<Balances as frame_support::traits::fungible::MutateHold<u64>>::hold(
			&reason, &OFFICER, ESCROW,
		));
		assert_ok!(Claims::settle_claim(signed(STRANGER), claim));
		assert_eq!(free(HOSPITAL_ADMIN), BALANCE + 100);
	});
}

// ------------------------------------------------------------------------ origins

#[test]
fn every_call_refuses_unsigned_and_root_origins() {
	ExtBuilder.build_and_execute(|| {
		open();
		// Claim 0 falls due and claim 1 is disputed; claim 2, submitted once claim 0 is due,
		// is pending with its window open.
		assert_eq!(submit(1, 100), 0);
		assert_eq!(submit(2, 100), 1);
		assert_ok!(Claims::dispute_claim(signed(PATIENT), 1, doc(9)));
		System::set_block_number(1 + WINDOW);
		assert_eq!(submit(3, 100), 2);
		// Every call, with arguments its rightful caller could use.
		type Call = fn(RuntimeOrigin) -> DispatchResult;
		let calls: [(&str, Call); 9] = [
			("open_program", |o| Claims::open_program(o, terms(), ESCROW)),
			("fund_program", |o| Claims::fund_program(o, 0, 500)),
			("close_program", |o| Claims::close_program(o, 0)),
			("submit_claim", |o| {
				Claims::submit_claim(o, 0, PATIENT, SERVICE, 80, CATEGORY, doc(4))
					.map(|_| ())
					.map_err(|e| e.error)
			}),
			("confirm_claim", |o| Claims::confirm_claim(o, 2)),
			("dispute_claim", |o| Claims::dispute_claim(o, 2, doc(9))),
			("adjudicate", |o| Claims::adjudicate(o, 1, true)),
			("settle_claim", |o| Claims::settle_claim(o, 0)),
			("attest_task", |o| {
				Claims::attest_task(o, 0, PATIENT, TASK, CATEGORY, doc(5))
					.map(|_| ())
					.map_err(|e| e.error)
			}),
		];
		healthchain_primitives::testing::assert_calls_refuse_unsigned_and_root(
			&calls,
			crate::Call::<Test>::get_call_names(),
			RuntimeOrigin::none(),
			RuntimeOrigin::root(),
		);
	});
}
