//! Unit tests of the trials pallet. Each runs through `build_and_execute`, which checks the
//! storage invariants afterwards.

use crate::{mock::*, pallet::*, types::*, Error, Event};
// The pallet, not its storage item of the same name (reached as `crate::pallet::Trials`).
use crate::mock::Trials;
use frame_support::{
	assert_noop, assert_ok,
	dispatch::DispatchResultWithPostInfo,
	traits::{fungible::InspectHold, GetCallName, GetStorageVersion, Hooks, StorageVersion},
	BoundedVec,
};
use healthchain_primitives::{
	testing::MockOrganizations, AccessTarget, Action, MemberRole, OrgId, OrgStatus, Purpose, Tag,
};
use sp_runtime::{DispatchResult, TokenError};

// ---- Helpers ----------------------------------------------------------------------------------

const PROTOCOL: Hash = [1; 32];
const PROTOCOL_2: Hash = [2; 32];
const REASON: Hash = [3; 32];
const DATASET: Hash = [4; 32];
const RESULTS: Hash = [5; 32];
/// Primary outcomes.
const P1: Hash = [11; 32];
const P2: Hash = [12; 32];
/// Secondary outcomes.
const S1: Hash = [21; 32];
const S2: Hash = [22; 32];
/// The blind tag of the category the trial reads.
const CATEGORY: Tag = [7; 16];
const OTHER_CATEGORY: Tag = [8; 16];
/// The deposit of a trial planning `MAX_ENROLMENT` participants.
const FULL_DEPOSIT: u64 = TRIAL_DEPOSIT + PARTICIPANT_DEPOSIT * MAX_ENROLMENT as u64;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn outcomes(list: &[Hash]) -> OutcomesOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

fn sites(list: &[OrgId]) -> SitesOf<Test> {
	BoundedVec::truncate_from(list.to_vec())
}

/// The commitment of participant `n` (the hash of its subject and a salt, off chain).
fn commitment(n: u8) -> Hash {
	let mut hash = [0xCC; 32];
	hash[0] = n;
	hash
}

/// The subject participant `n`'s wallet derives for the trial.
fn participant(n: u8) -> u64 {
	PARTICIPANT + u64::from(n)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::TrialDeposit.into(), &who)
}

fn trial(id: TrialId) -> TrialOf<Test> {
	crate::pallet::Trials::<Test>::get(id).expect("the trial exists")
}

/// Registers a trial by `INVESTIGATOR`: primary P1, secondary S1, sites the hospital and the
/// clinic, `MAX_ENROLMENT` planned.
fn register() -> TrialId {
	let id = NextTrialId::<Test>::get();
	assert_ok!(Trials::register_trial(
		signed(INVESTIGATOR),
		PROTOCOL,
		outcomes(&[P1]),
		outcomes(&[S1]),
		sites(&[HOSPITAL, CLINIC]),
		MAX_ENROLMENT,
	));
	id
}

/// Participant `n` grants the institute research reads.
fn consent(n: u8) {
	MockConsent::grant_to_organization(
		participant(n),
		INSTITUTE,
		&[Purpose::Research],
		&[Action::Read],
	);
}

/// The hospital's doctor enrols participant `n`, who consented.
fn enrol(id: TrialId, n: u8) -> DispatchResultWithPostInfo {
	consent(n);
	Trials::enrol(signed(DOCTOR), id, HOSPITAL, participant(n), CATEGORY, commitment(n))
}

fn amend(
	who: u64,
	id: TrialId,
	primary: &[Hash],
	secondary: &[Hash],
	changes_outcomes: bool,
) -> sp_runtime::DispatchResult {
	Trials::amend(
		signed(who),
		id,
		PROTOCOL_2,
		outcomes(primary),
		outcomes(secondary),
		REASON,
		changes_outcomes,
	)
}

fn lock(id: TrialId) -> sp_runtime::DispatchResult {
	Trials::lock_data(signed(INVESTIGATOR), id, DATASET)
}

fn report(id: TrialId, primary: &[Hash], secondary: &[Hash]) -> sp_runtime::DispatchResult {
	Trials::register_results(
		signed(INVESTIGATOR),
		id,
		RESULTS,
		outcomes(primary),
		outcomes(secondary),
	)
}

// ---- The whole life of a trial ----------------------------------------------------------------

#[test]
fn a_trial_goes_from_registration_to_checked_results() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Trials::register_trial(
			signed(INVESTIGATOR),
			PROTOCOL,
			outcomes(&[P1]),
			outcomes(&[S1]),
			sites(&[HOSPITAL]),
			5,
		));
		assert_ok!(enrol(0, 1));
		assert_ok!(lock(0));
		assert_ok!(report(0, &[P1], &[S1]));

		let check = Trials::check_results(0).expect("results registered");
		assert!(check.primary_as_registered && check.data_locked_before_results);
		assert_eq!(
			check,
			ResultsCheck {
				primary_as_registered: true,
				secondary_as_registered: true,
				outcomes_amended_after_enrolment: false,
				data_locked_before_results: true,
				registered_version: 0,
				versions: 1,
			}
		);
		assert_eq!(trial(0).status, TrialStatus::ResultsRegistered);
	});
}

#[test]
fn registration_amendment_enrolment_lock_and_results_are_recorded() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		// A protocol amendment before anyone enrols, outcomes kept.
		assert_ok!(amend(CO_INVESTIGATOR, id, &[P1], &[S1], false));
		assert_ok!(enrol(id, 1));
		assert_ok!(enrol(id, 2));
		consent(3);
		assert_ok!(Trials::enrol(
			signed(CLINIC_DOCTOR),
			id,
			CLINIC,
			participant(3),
			CATEGORY,
			commitment(3)
		));
		assert_ok!(Trials::withdraw(signed(DOCTOR), id, commitment(2)));
		assert_ok!(lock(id));
		System::assert_last_event(
			Event::DataLocked {
				trial: id,
				dataset_root: DATASET,
				enrolled: 3,
				withdrawn: 1,
				who: INVESTIGATOR,
			}
			.into(),
		);
		assert_ok!(report(id, &[P1], &[S1]));

		let t = trial(id);
		assert_eq!((t.enrolled, t.withdrawn, t.current_version), (3, 1, 1));
		assert_eq!(t.enrolment_version, Some(1));
		assert_eq!(Trials::site_counts(id, HOSPITAL), SiteCount { enrolled: 2, withdrawn: 1 });
		assert_eq!(Trials::site_counts(id, CLINIC), SiteCount { enrolled: 1, withdrawn: 0 });
		assert_eq!(
			Trials::check_results(id),
			Some(ResultsCheck {
				primary_as_registered: true,
				secondary_as_registered: true,
				outcomes_amended_after_enrolment: false,
				data_locked_before_results: true,
				registered_version: 1,
				versions: 2,
			})
		);
	});
}

// ---- register_trial ---------------------------------------------------------------------------

#[test]
fn register_holds_the_deposit_and_keeps_version_zero() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_eq!(id, 0);
		assert_eq!(NextTrialId::<Test>::get(), 1);
		assert_eq!(held(INVESTIGATOR), FULL_DEPOSIT);
		let t = trial(id);
		assert_eq!(t.sponsor, INSTITUTE);
		assert_eq!(t.investigator, INVESTIGATOR);
		assert_eq!(t.status, TrialStatus::Registered);
		assert_eq!(t.deposit, Some(Deposit { payer: INVESTIGATOR, amount: FULL_DEPOSIT }));
		assert_eq!(t.first_enrolment, None);
		let v0 = Versions::<Test>::get(id, 0).expect("version 0");
		assert_eq!(v0.protocol, PROTOCOL);
		assert_eq!(v0.primary_outcomes.to_vec(), vec![P1]);
		assert_eq!(v0.reason, None);
		assert!(!v0.outcomes_changed);
		System::assert_last_event(
			Event::TrialRegistered {
				trial: id,
				sponsor: INSTITUTE,
				investigator: INVESTIGATOR,
				protocol: PROTOCOL,
				primary_outcomes: outcomes(&[P1]),
				secondary_outcomes: outcomes(&[S1]),
				sites: sites(&[HOSPITAL, CLINIC]),
				planned_enrolment: MAX_ENROLMENT,
				deposit: FULL_DEPOSIT,
			}
			.into(),
		);
	});
}

#[test]
fn register_fails_when_the_signer_is_not_a_researcher() {
	ExtBuilder.build_and_execute(|| {
		let call = |who| {
			Trials::register_trial(
				signed(who),
				PROTOCOL,
				outcomes(&[P1]),
				outcomes(&[]),
				sites(&[HOSPITAL]),
				1,
			)
		};
		for who in [STRANGER, INSTITUTE_CLERK, INSTITUTE_ADMIN, DOCTOR] {
			assert_noop!(call(who), Error::<Test>::NotAResearcher);
		}
		MockOrganizations::set_status(INSTITUTE, OrgStatus::Suspended);
		assert_noop!(call(INVESTIGATOR), Error::<Test>::NotAResearcher);
	});
}

#[test]
fn register_fails_on_invalid_outcomes() {
	ExtBuilder.build_and_execute(|| {
		let call = |primary: &[Hash], secondary: &[Hash]| {
			Trials::register_trial(
				signed(INVESTIGATOR),
				PROTOCOL,
				outcomes(primary),
				outcomes(secondary),
				sites(&[HOSPITAL]),
				1,
			)
		};
		assert_noop!(call(&[], &[S1]), Error::<Test>::NoPrimaryOutcome);
		assert_noop!(call(&[P1, P1], &[S1]), Error::<Test>::DuplicateOutcome);
		assert_noop!(call(&[P1], &[S1, S1]), Error::<Test>::DuplicateOutcome);
		// Secondary outcomes are optional.
		assert_ok!(call(&[P1], &[]));
	});
}

#[test]
fn register_fails_on_invalid_sites() {
	ExtBuilder.build_and_execute(|| {
		let call = |list: &[OrgId]| {
			Trials::register_trial(
				signed(INVESTIGATOR),
				PROTOCOL,
				outcomes(&[P1]),
				outcomes(&[]),
				sites(list),
				1,
			)
		};
		assert_noop!(call(&[]), Error::<Test>::NoSites);
		assert_noop!(call(&[HOSPITAL, HOSPITAL]), Error::<Test>::DuplicateSite);
		assert_noop!(call(&[HOSPITAL, PHARMACY]), Error::<Test>::InvalidSite);
		assert_noop!(call(&[42]), Error::<Test>::InvalidSite);
		MockOrganizations::set_status(CLINIC, OrgStatus::Suspended);
		assert_noop!(call(&[CLINIC]), Error::<Test>::InvalidSite);
		// Providers and research organizations may be sites.
		assert_ok!(call(&[HOSPITAL, UNIVERSITY_HOSPITAL, OTHER_INSTITUTE]));
	});
}

#[test]
fn register_fails_on_an_invalid_planned_enrolment() {
	ExtBuilder.build_and_execute(|| {
		let call = |planned| {
			Trials::register_trial(
				signed(INVESTIGATOR),
				PROTOCOL,
				outcomes(&[P1]),
				outcomes(&[]),
				sites(&[HOSPITAL]),
				planned,
			)
		};
		assert_noop!(call(0), Error::<Test>::InvalidPlannedEnrolment);
		assert_noop!(call(MAX_ENROLMENT + 1), Error::<Test>::InvalidPlannedEnrolment);
		assert_ok!(call(MAX_ENROLMENT));
	});
}

#[test]
fn register_fails_when_ids_are_exhausted() {
	ExtBuilder.build_and_execute(|| {
		NextTrialId::<Test>::put(TrialId::MAX);
		assert_noop!(
			Trials::register_trial(
				signed(INVESTIGATOR),
				PROTOCOL,
				outcomes(&[P1]),
				outcomes(&[]),
				sites(&[HOSPITAL]),
				1,
			),
			Error::<Test>::IdsExhausted
		);
	});
}

#[test]
fn register_fails_when_the_deposit_cannot_be_held() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Trials::register_trial(
				signed(POOR_RESEARCHER),
				PROTOCOL,
				outcomes(&[P1]),
				outcomes(&[]),
				sites(&[HOSPITAL]),
				1,
			),
			TokenError::FundsUnavailable
		);
	});
}

// ---- amend ------------------------------------------------------------------------------------

#[test]
fn outcomes_may_change_freely_before_the_first_enrolment() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(amend(INVESTIGATOR, id, &[P2], &[S2], false));
		let v1 = Versions::<Test>::get(id, 1).expect("version 1");
		assert!(v1.outcomes_changed);
		assert!(!v1.declared_outcome_change);
		assert_eq!(v1.reason, Some(REASON));
		assert_eq!(v1.enrolled, 0);
		System::assert_last_event(
			Event::TrialAmended {
				trial: id,
				version: 1,
				protocol: PROTOCOL_2,
				primary_outcomes: outcomes(&[P2]),
				secondary_outcomes: outcomes(&[S2]),
				reason: REASON,
				outcomes_changed: true,
				declared_outcome_change: false,
				enrolled: 0,
				who: INVESTIGATOR,
			}
			.into(),
		);
		// The outcomes in force at the first enrolment are the pre-registered ones.
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		assert_ok!(report(id, &[P2], &[S2]));
		let check = Trials::check_results(id).expect("results");
		assert!(check.primary_as_registered && check.secondary_as_registered);
		assert!(!check.outcomes_amended_after_enrolment);
		assert_eq!(check.registered_version, 1);
	});
}

#[test]
fn an_undeclared_outcome_change_after_enrolment_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_noop!(
			amend(INVESTIGATOR, id, &[P2], &[S1], false),
			Error::<Test>::UndeclaredOutcomeChange
		);
		assert_noop!(
			amend(INVESTIGATOR, id, &[P1], &[S1, S2], false),
			Error::<Test>::UndeclaredOutcomeChange
		);
		// Keeping the outcomes (in any order) is no change.
		assert_ok!(amend(INVESTIGATOR, id, &[P1], &[S1], false));
		assert!(!Versions::<Test>::get(id, 1).expect("version 1").outcomes_changed);
	});
}

#[test]
fn a_declared_outcome_change_is_recorded_and_reported() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(amend(INVESTIGATOR, id, &[P2], &[S1], true));
		let v1 = Versions::<Test>::get(id, 1).expect("version 1");
		assert!(v1.outcomes_changed && v1.declared_outcome_change);
		assert_eq!(v1.enrolled, 1);
		assert!(trial(id).outcomes_changed_after_enrolment);
		assert_ok!(lock(id));
		assert_ok!(report(id, &[P2], &[S1]));
		System::assert_has_event(
			Event::ResultsRegistered {
				trial: id,
				results: RESULTS,
				primary_as_registered: false,
				secondary_as_registered: true,
				outcomes_amended_after_enrolment: true,
				data_locked_before_results: true,
				who: INVESTIGATOR,
			}
			.into(),
		);
		let check = Trials::check_results(id).expect("results");
		// Reported against the outcomes in force at the first enrolment: P1.
		assert!(!check.primary_as_registered);
		assert!(check.outcomes_amended_after_enrolment);
		assert_eq!((check.registered_version, check.versions), (0, 2));
	});
}

#[test]
fn a_declared_change_that_changes_nothing_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_noop!(amend(INVESTIGATOR, id, &[P1], &[S1], true), Error::<Test>::NoOutcomeChange);
		assert_ok!(enrol(id, 1));
		assert_noop!(amend(INVESTIGATOR, id, &[P1], &[S1], true), Error::<Test>::NoOutcomeChange);
	});
}

#[test]
fn amend_fails_for_others_than_the_sponsors_researchers() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		for who in [OTHER_RESEARCHER, INSTITUTE_CLERK, INSTITUTE_ADMIN, DOCTOR, STRANGER] {
			assert_noop!(amend(who, id, &[P1], &[S1], false), Error::<Test>::NotSponsorResearcher);
		}
		MockOrganizations::set_status(INSTITUTE, OrgStatus::Suspended);
		assert_noop!(
			amend(INVESTIGATOR, id, &[P1], &[S1], false),
			Error::<Test>::NotSponsorResearcher
		);
		MockOrganizations::set_status(INSTITUTE, OrgStatus::Active);
		// A researcher who left the sponsor no longer acts for it, investigator or not.
		MockOrganizations::remove_member(INSTITUTE, INVESTIGATOR);
		assert_noop!(
			amend(INVESTIGATOR, id, &[P1], &[S1], false),
			Error::<Test>::NotSponsorResearcher
		);
		assert_ok!(amend(CO_INVESTIGATOR, id, &[P1], &[S1], false));
	});
}

#[test]
fn amend_fails_on_unknown_trials_and_invalid_outcomes() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(amend(INVESTIGATOR, 7, &[P1], &[S1], false), Error::<Test>::UnknownTrial);
		let id = register();
		assert_noop!(amend(INVESTIGATOR, id, &[], &[S1], false), Error::<Test>::NoPrimaryOutcome);
		assert_noop!(
			amend(INVESTIGATOR, id, &[P1, P1], &[S1], false),
			Error::<Test>::DuplicateOutcome
		);
	});
}

#[test]
fn amend_fails_beyond_max_versions() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		for _ in 1..MAX_VERSIONS {
			assert_ok!(amend(INVESTIGATOR, id, &[P1], &[S1], false));
		}
		assert_eq!(trial(id).current_version, MAX_VERSIONS - 1);
		assert_noop!(amend(INVESTIGATOR, id, &[P1], &[S1], false), Error::<Test>::TooManyVersions);
	});
}

#[test]
fn amend_fails_after_the_data_lock_and_the_results() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		assert_noop!(amend(INVESTIGATOR, id, &[P1], &[S1], false), Error::<Test>::DataLocked);
		assert_ok!(report(id, &[P1], &[S1]));
		assert_noop!(
			amend(INVESTIGATOR, id, &[P1], &[S1], false),
			Error::<Test>::ResultsAlreadyRegistered
		);
	});
}

#[test]
fn the_history_is_walkable_by_version_number() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(amend(INVESTIGATOR, id, &[P2], &[S1], false));
		assert_ok!(enrol(id, 1));
		assert_ok!(amend(INVESTIGATOR, id, &[P1], &[S1], true));
		let current = trial(id).current_version;
		let primaries: Vec<Vec<Hash>> =
			(0..=current).map(|n| Trials::version(id, n).expect("kept").primary_outcomes).collect();
		assert_eq!(primaries, vec![vec![P1], vec![P2], vec![P1]]);
		assert_eq!(Trials::version(id, current + 1), None);
		let v2 = Trials::version(id, 2).expect("kept");
		assert_eq!((v2.reason, v2.outcomes_changed, v2.enrolled), (Some(REASON), true, 1));
	});
}

// ---- add_site ---------------------------------------------------------------------------------

#[test]
fn add_site_adds_a_valid_site_once() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(Trials::add_site(signed(CO_INVESTIGATOR), id, LAB));
		System::assert_last_event(
			Event::SiteAdded { trial: id, site: LAB, who: CO_INVESTIGATOR }.into(),
		);
		assert_eq!(trial(id).sites.to_vec(), vec![HOSPITAL, CLINIC, LAB]);
		assert_noop!(Trials::add_site(signed(INVESTIGATOR), id, LAB), Error::<Test>::DuplicateSite);
		assert_noop!(
			Trials::add_site(signed(INVESTIGATOR), id, UNIVERSITY_HOSPITAL),
			Error::<Test>::TooManySites
		);
	});
}

#[test]
fn add_site_fails_on_invalid_sites_callers_and_states() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Trials::add_site(signed(INVESTIGATOR), 3, LAB), Error::<Test>::UnknownTrial);
		let id = register();
		assert_noop!(
			Trials::add_site(signed(OTHER_RESEARCHER), id, LAB),
			Error::<Test>::NotSponsorResearcher
		);
		assert_noop!(
			Trials::add_site(signed(INVESTIGATOR), id, PHARMACY),
			Error::<Test>::InvalidSite
		);
		MockOrganizations::set_status(LAB, OrgStatus::Revoked);
		assert_noop!(Trials::add_site(signed(INVESTIGATOR), id, LAB), Error::<Test>::InvalidSite);
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		assert_noop!(
			Trials::add_site(signed(INVESTIGATOR), id, UNIVERSITY_HOSPITAL),
			Error::<Test>::DataLocked
		);
		assert_ok!(report(id, &[P1], &[S1]));
		assert_noop!(
			Trials::add_site(signed(INVESTIGATOR), id, UNIVERSITY_HOSPITAL),
			Error::<Test>::ResultsAlreadyRegistered
		);
	});
}

// ---- enrol ------------------------------------------------------------------------------------

#[test]
fn enrol_stores_the_commitment_never_the_participant() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		System::set_block_number(5);
		assert_ok!(enrol(id, 1));
		assert_eq!(
			Trials::enrolment(id, commitment(1)),
			Some(Enrolment { site: HOSPITAL, at: 5, withdrawn_at: None })
		);
		System::assert_last_event(
			Event::ParticipantEnrolled {
				trial: id,
				site: HOSPITAL,
				commitment: commitment(1),
				enrolled: 1,
				planned_enrolment: MAX_ENROLMENT,
				who: DOCTOR,
			}
			.into(),
		);
		let t = trial(id);
		assert_eq!((t.enrolled, t.first_enrolment, t.enrolment_version), (1, Some(5), Some(0)));
		assert_eq!(t.status, TrialStatus::Recruiting);
		assert_eq!(Trials::site_counts(id, HOSPITAL), SiteCount { enrolled: 1, withdrawn: 0 });
		// Consent was asked for the investigator, for research reads of the category.
		assert_eq!(
			MockConsent::last_check(),
			Some((
				participant(1),
				INVESTIGATOR,
				AccessTarget::Category(CATEGORY),
				Purpose::Research,
				Action::Read
			))
		);
		// No storage value holds the participant's account.
		let needle = codec::Encode::encode(&participant(1));
		let mut key = None;
		while let Some(next) = sp_io::storage::next_key(key.as_deref().unwrap_or(&[])) {
			let value = sp_io::storage::get(&next).map(|v| v.to_vec()).unwrap_or_default();
			let in_trials = next.starts_with(&sp_io::hashing::twox_128(b"Trials"));
			assert!(
				!in_trials || !value.windows(needle.len()).any(|w| w == needle.as_slice()),
				"the participant is stored"
			);
			key = Some(next);
		}
		// Later enrolments keep the first enrolment's block.
		System::set_block_number(6);
		assert_ok!(enrol(id, 2));
		assert_eq!(trial(id).first_enrolment, Some(5));
	});
}

#[test]
fn enrol_without_research_consent_is_refused() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		let call =
			|| Trials::enrol(signed(DOCTOR), id, HOSPITAL, participant(1), CATEGORY, commitment(1));
		assert_noop!(call(), Error::<Test>::ConsentDenied);
		// A grant to another organization does not do.
		MockConsent::grant_to_organization(
			participant(1),
			OTHER_INSTITUTE,
			&[Purpose::Research],
			&[Action::Read],
		);
		assert_noop!(call(), Error::<Test>::ConsentDenied);
		// A grant limited to another category does not do; one including it does.
		let grant = MockConsent::grant_to_organization(
			participant(1),
			INSTITUTE,
			&[Purpose::Research],
			&[Action::Read],
		);
		MockConsent::limit_to(grant, &[OTHER_CATEGORY]);
		assert_noop!(call(), Error::<Test>::ConsentDenied);
		MockConsent::limit_to(grant, &[OTHER_CATEGORY, CATEGORY]);
		assert_ok!(call());
		// A revoked grant no longer does; a grant to the investigator's own account does.
		MockConsent::revoke(grant);
		let other =
			|| Trials::enrol(signed(DOCTOR), id, HOSPITAL, participant(2), CATEGORY, commitment(2));
		assert_noop!(other(), Error::<Test>::ConsentDenied);
		MockConsent::grant_for(participant(2), INVESTIGATOR, &[Purpose::Research], &[Action::Read]);
		assert_ok!(other());
	});
}

#[test]
fn enrol_is_for_the_staff_of_an_active_site_of_the_trial() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(enrol(9, 1), Error::<Test>::UnknownTrial);
		let id = register();
		consent(1);
		let at = |who, site| {
			Trials::enrol(signed(who), id, site, participant(1), CATEGORY, commitment(1))
		};
		assert_noop!(at(DOCTOR, LAB), Error::<Test>::NotATrialSite);
		for who in [HOSPITAL_CLERK, HOSPITAL_ADMIN, CLINIC_DOCTOR, STRANGER, INVESTIGATOR] {
			assert_noop!(at(who, HOSPITAL), Error::<Test>::NotSiteStaff);
		}
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(at(DOCTOR, HOSPITAL), Error::<Test>::InvalidSite);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		// A site's research staff enrol too.
		MockOrganizations::add_member(HOSPITAL, 23, &[MemberRole::Researcher]);
		assert_ok!(at(23, HOSPITAL));
	});
}

#[test]
fn enrol_refuses_a_commitment_twice_and_beyond_the_plan() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		consent(9);
		assert_noop!(
			Trials::enrol(signed(DOCTOR), id, HOSPITAL, participant(9), CATEGORY, commitment(1)),
			Error::<Test>::AlreadyEnrolled
		);
		for n in 2..=MAX_ENROLMENT as u8 {
			assert_ok!(enrol(id, n));
		}
		assert_noop!(enrol(id, 42), Error::<Test>::EnrolmentFull);
		// Withdrawn participants stay counted against the plan.
		assert_ok!(Trials::withdraw(signed(DOCTOR), id, commitment(1)));
		assert_noop!(enrol(id, 43), Error::<Test>::EnrolmentFull);
	});
}

#[test]
fn enrol_fails_after_the_data_lock_and_the_results() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		assert_noop!(enrol(id, 2), Error::<Test>::DataLocked);
		assert_ok!(report(id, &[P1], &[S1]));
		assert_noop!(enrol(id, 2), Error::<Test>::ResultsAlreadyRegistered);
	});
}

#[test]
fn enrol_charges_at_most_the_consent_decisions_worst_case() {
	ExtBuilder.build_and_execute(|| {
		use crate::weights::WeightInfo;
		let id = register();
		let info = enrol(id, 1).expect("enrolled");
		let most = <() as WeightInfo>::enrol().saturating_add(ConsentDecisionWeight::get());
		assert!(info.actual_weight.is_some_and(|w| w.all_lte(most)));
	});
}

// ---- withdraw ---------------------------------------------------------------------------------

#[test]
fn withdraw_records_the_withdrawal_and_keeps_the_participant_counted() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		System::set_block_number(8);
		assert_ok!(Trials::withdraw(signed(DOCTOR), id, commitment(1)));
		System::assert_last_event(
			Event::ParticipantWithdrawn {
				trial: id,
				site: HOSPITAL,
				commitment: commitment(1),
				withdrawn: 1,
				who: DOCTOR,
			}
			.into(),
		);
		assert_eq!(Trials::enrolment(id, commitment(1)).and_then(|e| e.withdrawn_at), Some(8));
		assert_eq!((trial(id).enrolled, trial(id).withdrawn), (1, 1));
		assert_eq!(Trials::site_counts(id, HOSPITAL), SiteCount { enrolled: 1, withdrawn: 1 });
		assert_noop!(
			Trials::withdraw(signed(DOCTOR), id, commitment(1)),
			Error::<Test>::AlreadyWithdrawn
		);
	});
}

#[test]
fn withdraw_is_for_the_enrolling_sites_staff() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Trials::withdraw(signed(DOCTOR), 4, commitment(1)),
			Error::<Test>::UnknownTrial
		);
		let id = register();
		assert_noop!(
			Trials::withdraw(signed(DOCTOR), id, commitment(1)),
			Error::<Test>::NotEnrolled
		);
		assert_ok!(enrol(id, 1));
		for who in [CLINIC_DOCTOR, HOSPITAL_CLERK, INVESTIGATOR, STRANGER] {
			assert_noop!(
				Trials::withdraw(signed(who), id, commitment(1)),
				Error::<Test>::NotSiteStaff
			);
		}
	});
}

#[test]
fn withdraw_is_recorded_whatever_the_site_and_the_trial() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(enrol(id, 2));
		assert_ok!(enrol(id, 3));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_ok!(Trials::withdraw(signed(DOCTOR), id, commitment(1)));
		assert_ok!(lock(id));
		assert_ok!(Trials::withdraw(signed(DOCTOR), id, commitment(2)));
		assert_ok!(report(id, &[P1], &[S1]));
		assert_ok!(Trials::withdraw(signed(DOCTOR), id, commitment(3)));
		assert_eq!(trial(id).withdrawn, 3);
		// The lock keeps the counts it was made with.
		let lock = trial(id).data_lock.expect("locked");
		assert_eq!((lock.enrolled, lock.withdrawn), (3, 1));
	});
}

// ---- lock_data --------------------------------------------------------------------------------

#[test]
fn lock_data_locks_once_after_enrolment() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(lock(5), Error::<Test>::UnknownTrial);
		let id = register();
		assert_noop!(lock(id), Error::<Test>::NothingEnrolled);
		assert_ok!(enrol(id, 1));
		assert_noop!(
			Trials::lock_data(signed(OTHER_RESEARCHER), id, DATASET),
			Error::<Test>::NotSponsorResearcher
		);
		System::set_block_number(3);
		assert_ok!(Trials::lock_data(signed(CO_INVESTIGATOR), id, DATASET));
		assert_eq!(
			trial(id).data_lock,
			Some(DataLock { dataset_root: DATASET, at: 3, enrolled: 1, withdrawn: 0 })
		);
		assert_eq!(trial(id).status, TrialStatus::DataLocked);
		assert_noop!(lock(id), Error::<Test>::AlreadyLocked);
	});
}

#[test]
fn results_before_the_data_lock_are_flagged() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(report(id, &[P1], &[S1]));
		let check = Trials::check_results(id).expect("results");
		assert!(!check.data_locked_before_results);
		assert!(check.primary_as_registered);
		// Nor can the data be locked afterwards.
		assert_noop!(lock(id), Error::<Test>::ResultsAlreadyRegistered);
	});
}

// ---- register_results and the check -----------------------------------------------------------

#[test]
fn an_outcome_switch_is_detected() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		// P2 reported as primary, where P1 was pre-registered; S1 dropped.
		assert_ok!(report(id, &[P2], &[]));
		let check = Trials::check_results(id).expect("results");
		assert!(!check.primary_as_registered);
		assert!(!check.secondary_as_registered);
		assert!(!check.outcomes_amended_after_enrolment);
		assert!(check.data_locked_before_results);
	});
}

#[test]
fn outcomes_reported_in_another_order_are_as_registered() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Trials::register_trial(
			signed(INVESTIGATOR),
			PROTOCOL,
			outcomes(&[P1, P2]),
			outcomes(&[S1, S2]),
			sites(&[HOSPITAL]),
			2,
		));
		assert_ok!(enrol(0, 1));
		assert_ok!(report(0, &[P2, P1], &[S2, S1]));
		let check = Trials::check_results(0).expect("results");
		assert!(check.primary_as_registered && check.secondary_as_registered);
	});
}

#[test]
fn results_without_enrolment_compare_with_the_latest_registration() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(amend(INVESTIGATOR, id, &[P2], &[S1], false));
		assert_ok!(report(id, &[P1], &[S1]));
		// Nobody enrolled: version 0 is the reference.
		let check = Trials::check_results(id).expect("results");
		assert_eq!(check.registered_version, 0);
		assert!(check.primary_as_registered);
		assert!(!check.data_locked_before_results);
	});
}

#[test]
fn register_results_releases_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		assert_eq!(held(INVESTIGATOR), FULL_DEPOSIT);
		// Another researcher of the sponsor reports; the deposit goes back to its payer.
		assert_ok!(Trials::register_results(
			signed(CO_INVESTIGATOR),
			id,
			RESULTS,
			outcomes(&[P1]),
			outcomes(&[S1])
		));
		System::assert_last_event(
			Event::DepositReleased { trial: id, who: INVESTIGATOR, amount: FULL_DEPOSIT }.into(),
		);
		assert_eq!(held(INVESTIGATOR), 0);
		assert_eq!(trial(id).deposit, None);
		let results = trial(id).results.expect("results");
		assert_eq!(results.results, RESULTS);
		assert!(results.data_locked_before);
	});
}

#[test]
fn register_results_fails_twice_with_duplicates_or_for_others() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(report(6, &[P1], &[S1]), Error::<Test>::UnknownTrial);
		let id = register();
		assert_noop!(
			Trials::register_results(
				signed(OTHER_RESEARCHER),
				id,
				RESULTS,
				outcomes(&[P1]),
				outcomes(&[S1])
			),
			Error::<Test>::NotSponsorResearcher
		);
		assert_noop!(report(id, &[P1, P1], &[S1]), Error::<Test>::DuplicateOutcome);
		assert_noop!(report(id, &[P1], &[S1, S1]), Error::<Test>::DuplicateOutcome);
		assert_ok!(report(id, &[P1], &[S1]));
		assert_noop!(report(id, &[P1], &[S1]), Error::<Test>::ResultsAlreadyRegistered);
	});
}

#[test]
fn check_results_is_none_without_results() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(Trials::check_results(0), None);
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(lock(id));
		assert_eq!(Trials::check_results(id), None);
		assert_eq!(Trials::trial(id).map(|t| t.sites), Some(vec![HOSPITAL, CLINIC]));
		assert_eq!(Trials::trial(id + 1), None);
	});
}

// ---- Origins ----------------------------------------------------------------------------------

#[test]
fn every_call_refuses_unsigned_and_root_origins() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(register(), 0);
		assert_ok!(enrol(0, 1));
		consent(2);
		// Every call, with arguments its rightful caller could use.
		type Call = fn(RuntimeOrigin) -> DispatchResult;
		let calls: [(&str, Call); 7] = [
			("register_trial", |o| {
				Trials::register_trial(
					o,
					PROTOCOL,
					outcomes(&[P1]),
					outcomes(&[S1]),
					sites(&[HOSPITAL]),
					1,
				)
			}),
			("amend", |o| {
				Trials::amend(o, 0, PROTOCOL_2, outcomes(&[P1]), outcomes(&[S1]), REASON, false)
			}),
			("add_site", |o| Trials::add_site(o, 0, LAB)),
			("enrol", |o| {
				Trials::enrol(o, 0, HOSPITAL, participant(2), CATEGORY, commitment(2))
					.map(|_| ())
					.map_err(|e| e.error)
			}),
			("withdraw", |o| Trials::withdraw(o, 0, commitment(1))),
			("lock_data", |o| Trials::lock_data(o, 0, DATASET)),
			("register_results", |o| {
				Trials::register_results(o, 0, RESULTS, outcomes(&[P1]), outcomes(&[S1]))
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

// ---- Configuration ----------------------------------------------------------------------------

#[test]
fn integrity_test_accepts_the_mock_configuration() {
	<Trials as Hooks<u64>>::integrity_test();
}

#[test]
fn the_storage_version_is_one() {
	assert_eq!(Trials::in_code_storage_version(), StorageVersion::new(1));
}

#[test]
fn try_state_detects_counts_that_differ_from_participants() {
	ExtBuilder.build().execute_with(|| {
		let id = register();
		assert_ok!(enrol(id, 1));
		assert_ok!(Trials::do_try_state());
		crate::pallet::Trials::<Test>::mutate(id, |t| {
			if let Some(t) = t {
				t.enrolled = 2;
			}
		});
		assert!(Trials::do_try_state().is_err());
	});
}
