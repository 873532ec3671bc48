//! Unit tests of the consent pallet: one or more per rule, call and error.

use crate::{mock::*, *};
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResultWithPostInfo, GetDispatchInfo},
	traits::{
		fungible::{Inspect, InspectHold, MutateHold},
		ConstU32, Get, GetCallName, Hooks, PalletInfoAccess,
	},
	weights::Weight,
	BoundedVec,
};
use healthchain_primitives::{
	blind::{self, MAX_PERIOD_TAGS},
	testing::MockOrganizations,
	AccessBasis, AccessDecision, AccessTarget, Action, ConsentInspect, DenialReason, DenyId,
	GrantId, MemberRole, Moment, OrgId, OrgRole, OrgStatus, PeriodTags, Purpose, RecordId, Tag,
};
use sp_runtime::{BuildStorage, DispatchError, DispatchResult, TokenError};

type TestScope = Scope<ConstU32<4>>;
type Terms = GrantTermsOf<Test>;

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn purposes(list: &[Purpose]) -> PurposeSet {
	healthchain_primitives::role_set(list)
}

fn actions(list: &[Action]) -> ActionSet {
	healthchain_primitives::role_set(list)
}

fn categories(codes: &[&[u8]]) -> TestScope {
	Scope::Categories(BoundedVec::truncate_from(codes.iter().map(|c| category_tag(c)).collect()))
}

fn records(ids: &[RecordId]) -> TestScope {
	Scope::Records(BoundedVec::truncate_from(ids.to_vec()))
}

/// Terms ending in a day, no data period, no exceptions.
fn terms(purpose_list: &[Purpose], action_list: &[Action], scope: TestScope) -> Terms {
	GrantTerms {
		purposes: purposes(purpose_list),
		actions: actions(action_list),
		scope,
		data_period: None,
		valid_from: None,
		valid_until: Some(now() + DAY),
		open_ended: false,
		exceptions: BoundedVec::new(),
	}
}

/// Treatment, read, all records, ending in a day.
fn treatment_read() -> Terms {
	terms(&[Purpose::Treatment], &[Action::Read], Scope::AllRecords)
}

fn with_exceptions(mut t: Terms, exceptions: Vec<Exception>) -> Terms {
	t.exceptions = BoundedVec::truncate_from(exceptions);
	t
}

/// Makes a grant from `patient` (signed by the patient) and returns its id.
fn grant_by(patient: u64, grantee: Grantee<u64>, t: Terms) -> GrantId {
	let id = NextGrantId::<Test>::get();
	assert_ok!(Consent::grant(signed(patient), None, grantee, t));
	id
}

fn check(
	patient: u64,
	accessor: u64,
	target: AccessTarget,
	purpose: Purpose,
	action: Action,
) -> AccessDecision {
	Consent::check_access(patient, accessor, target, purpose, action)
}

/// Alice's record `record`, read by `accessor` for treatment.
fn read(accessor: u64, record: RecordId) -> AccessDecision {
	check(ALICE, accessor, AccessTarget::Record(record), Purpose::Treatment, Action::Read)
}

fn category(bytes: &[u8]) -> AccessTarget {
	AccessTarget::Category(category_tag(bytes))
}

fn permitted_by(id: GrantId) -> AccessDecision {
	AccessDecision::Permitted(AccessBasis::Grant(id))
}

fn denied(reason: DenialReason) -> AccessDecision {
	AccessDecision::Denied(reason)
}

fn held_for_grants(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::GrantDeposit), &who)
}

fn held_for_guardians(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::GuardianDeposit), &who)
}

fn held_for_emergencies(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::EmergencyDeposit), &who)
}

fn open_emergency(clinician: u64, patient: u64, duration: Moment) -> u64 {
	let id = NextEmergencyId::<Test>::get();
	assert_ok!(Consent::open_emergency_access(signed(clinician), patient, [1u8; 32], duration));
	id
}

fn emergency_read(clinician: u64, record: RecordId) -> AccessDecision {
	check(ALICE, clinician, AccessTarget::Record(record), Purpose::EmergencyTreatment, Action::Read)
}

// ---------------------------------------------------------------------------------------------
// Granting and revoking
// ---------------------------------------------------------------------------------------------

/// The bytes of this pallet's call `call_index` with the arguments `args`, as an extrinsic
/// carries them.
fn call_bytes(call_index: u8, args: impl Encode) -> Vec<u8> {
	let pallet = u8::try_from(<Consent as PalletInfoAccess>::index()).expect("a pallet index");
	(pallet, call_index, args).encode()
}

/// The call `bytes` decode to, if they decode.
fn decoded_call(bytes: &[u8]) -> Option<RuntimeCall> {
	RuntimeCall::decode(&mut &bytes[..]).ok()
}

/// [`Scope`] with lists of any length, encoded as `Scope` is.
#[derive(Encode)]
#[allow(dead_code)]
enum AnyScope {
	AllRecords,
	Categories(Vec<Tag>),
	Records(Vec<RecordId>),
}

/// [`Exception`] with periods of any length, encoded as `Exception` is.
#[derive(Encode)]
#[allow(dead_code)]
enum AnyException {
	Category(Tag),
	Label(Tag),
	Record(RecordId),
	DataPeriod(Vec<Tag>),
}

/// [`GrantTerms`] with lists and periods of any length, encoded as `GrantTerms` is.
#[derive(Encode)]
struct AnyTerms {
	purposes: PurposeSet,
	actions: ActionSet,
	scope: AnyScope,
	data_period: Option<Vec<Tag>>,
	valid_from: Option<Moment>,
	valid_until: Option<Moment>,
	open_ended: bool,
	exceptions: Vec<AnyException>,
}

#[test]
fn grant_then_check_permitted_then_revoke_denies() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		let grant = Grants::<Test>::get(id).unwrap();
		System::assert_last_event(Event::GrantCreated { id, grant: grant.clone() }.into());
		assert_eq!(grant.grantor, ALICE);
		assert_eq!(grant.validity, Validity { from: START, until: Some(START + DAY) });
		assert_eq!(grant.created_at, START);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));

		assert_ok!(Consent::revoke(signed(ALICE), id));
		System::assert_last_event(
			Event::GrantRevoked {
				id,
				patient: ALICE,
				grantee: Grantee::Account(BOB),
				revoked_by: ALICE,
				deposit_released: grant.deposit,
			}
			.into(),
		);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(MockOnGrantEnded::ended(), vec![id]);
		assert!(!Grants::<Test>::contains_key(id));
		assert!(!GrantsByPair::<Test>::contains_key(ALICE, Grantee::Account(BOB)));
		assert!(ExpiryQueue::<Test>::iter().next().is_none());
	});
}

#[test]
fn grant_holds_deposit_of_base_plus_bytes_and_revoke_returns_it() {
	ExtBuilder.build_and_execute(|| {
		let free_before = Balances::free_balance(ALICE);
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		let grant = Grants::<Test>::get(id).unwrap();
		assert_eq!(grant.deposit, DepositBase::get() + grant.encoded_size() as u64);
		assert_eq!(held_for_grants(ALICE), grant.deposit);
		assert_eq!(Balances::free_balance(ALICE), free_before - grant.deposit);

		assert_ok!(Consent::revoke(signed(ALICE), id));
		assert_eq!(held_for_grants(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), free_before);
	});
}

#[test]
fn grant_fails_without_funds_for_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::grant(signed(PAUPER), None, Grantee::Account(BOB), treatment_read()),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
	});
}

#[test]
fn grant_takes_the_largest_terms_and_one_item_or_tag_more_does_not_decode() {
	ExtBuilder.build_and_execute(|| {
		let max_scope = <<Test as Config>::MaxScopeItems as Get<u32>>::get();
		let max_exceptions = <<Test as Config>::MaxExceptions as Get<u32>>::get();
		// Distinct made-up tags: the chain only compares them.
		let tag = |seed: u32| -> Tag {
			[[seed as u8; 4], seed.to_le_bytes(), [7; 4], [9; 4]].concat().try_into().unwrap()
		};
		let longest_period =
			|seed: u32| -> Vec<Tag> { (0..MAX_PERIOD_TAGS).map(|i| tag(seed + i)).collect() };
		let tags: Vec<Tag> = (0..max_scope).map(tag).collect();
		let periods: Vec<Vec<Tag>> =
			(0..max_exceptions).map(|i| longest_period(100 + 100 * i)).collect();
		let data_period = longest_period(1_000);
		// `grant` (call 0) with the scope, the data period and the exceptions as plain lists.
		let bytes = |tags: &[Tag], data_period: &[Tag], periods: &[Vec<Tag>]| {
			let terms = AnyTerms {
				purposes: purposes(&[Purpose::Treatment]),
				actions: actions(&[Action::Read]),
				scope: AnyScope::Categories(tags.to_vec()),
				data_period: Some(data_period.to_vec()),
				valid_from: None,
				valid_until: Some(now() + DAY),
				open_ended: false,
				exceptions: periods.iter().map(|p| AnyException::DataPeriod(p.clone())).collect(),
			};
			call_bytes(0, (None::<u64>, Grantee::Account(BOB), terms))
		};
		let bounded = |tags: &[Tag]| PeriodTags::truncate_from(tags.to_vec());
		let mut largest = with_exceptions(
			terms(
				&[Purpose::Treatment],
				&[Action::Read],
				Scope::Categories(BoundedVec::truncate_from(tags.clone())),
			),
			periods.iter().map(|p| Exception::DataPeriod(bounded(p))).collect(),
		);
		largest.data_period = Some(bounded(&data_period));
		let call = RuntimeCall::Consent(crate::Call::grant {
			on_behalf_of: None,
			grantee: Grantee::Account(BOB),
			terms: largest.clone(),
		});
		assert_eq!(bytes(&tags, &data_period, &periods), call.encode());
		assert_eq!(decoded_call(&bytes(&tags, &data_period, &periods)), Some(call));
		// One category or exception more, or one tag more in a period, does not decode.
		let mut one_more_exception = periods.clone();
		one_more_exception.push(longest_period(5_000));
		let mut one_more_tag = periods.clone();
		one_more_tag[0].push(tag(6_000));
		let longer_period = [data_period.clone(), vec![tag(7_000)]].concat();
		for (tags, data_period, periods) in [
			([tags.clone(), vec![tag(8_000)]].concat(), data_period.clone(), periods.clone()),
			(tags.clone(), data_period.clone(), one_more_exception),
			(tags.clone(), data_period.clone(), one_more_tag),
			(tags.clone(), longer_period, periods.clone()),
		] {
			assert_eq!(decoded_call(&bytes(&tags, &data_period, &periods)), None);
		}
		// The largest terms are granted, for a deposit that pays for every byte.
		let id = grant_by(ALICE, Grantee::Account(BOB), largest);
		let grant = Grants::<Test>::get(id).unwrap();
		assert_eq!(grant.scope.len(), max_scope);
		assert_eq!(grant.exceptions.len() as u32, max_exceptions);
		assert_eq!(
			grant.deposit,
			DepositBase::get() + DepositPerByte::get() * grant.encoded_size() as u64
		);
		assert_eq!(held_for_grants(ALICE), grant.deposit);
	});
}

#[test]
fn a_guardian_without_funds_cannot_grant_for_the_patient() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), PAUPER));
		let patient_free = Balances::free_balance(ALICE);
		assert_noop!(
			Consent::grant(signed(PAUPER), Some(ALICE), Grantee::Account(BOB), treatment_read()),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
		// The signer pays: the patient's funds are not taken instead.
		assert_eq!(Balances::free_balance(ALICE), patient_free);
		assert_eq!(held_for_grants(ALICE), 0);
	});
}

#[test]
fn grant_fails_without_purpose() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::grant(
				signed(ALICE),
				None,
				Grantee::Account(BOB),
				terms(&[], &[Action::Read], Scope::AllRecords)
			),
			Error::<Test>::NoPurpose
		);
	});
}

#[test]
fn grant_fails_without_action() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::grant(
				signed(ALICE),
				None,
				Grantee::Account(BOB),
				terms(&[Purpose::Treatment], &[], Scope::AllRecords)
			),
			Error::<Test>::NoAction
		);
	});
}

#[test]
fn grant_fails_with_an_empty_list_scope() {
	ExtBuilder.build_and_execute(|| {
		for scope in [categories(&[]), records(&[])] {
			assert_noop!(
				Consent::grant(
					signed(ALICE),
					None,
					Grantee::Account(BOB),
					terms(&[Purpose::Treatment], &[Action::Read], scope)
				),
				Error::<Test>::EmptyScope
			);
		}
	});
}

#[test]
fn grant_fails_with_an_empty_data_period_or_exception_period() {
	ExtBuilder.build_and_execute(|| {
		let mut t = treatment_read();
		t.data_period = Some(PeriodTags::new());
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t),
			Error::<Test>::InvalidDataPeriod
		);
		let t = with_exceptions(treatment_read(), vec![Exception::DataPeriod(PeriodTags::new())]);
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t),
			Error::<Test>::InvalidDataPeriod
		);
		// A one-day period is well formed.
		let mut t = treatment_read();
		t.data_period = Some(period(TODAY, TODAY));
		assert_ok!(Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t));
	});
}

#[test]
fn grant_fails_when_patient_is_grantee() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(ALICE), treatment_read()),
			Error::<Test>::GrantToSelf
		);
	});
}

#[test]
fn grant_fails_for_an_unknown_organization() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Organization(77), treatment_read()),
			Error::<Test>::UnknownOrganization
		);
	});
}

#[test]
fn grant_without_end_requires_open_ended() {
	ExtBuilder.build_and_execute(|| {
		let mut t = treatment_read();
		t.valid_until = None;
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t.clone()),
			Error::<Test>::EndRequired
		);
		t.open_ended = true;
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(Grants::<Test>::get(id).unwrap().validity.until, None);
		// Open-ended grants are never queued for expiry.
		assert!(ExpiryQueue::<Test>::iter().next().is_none());
		set_now(START + 10_000 * DAY);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
	});
}

#[test]
fn grant_with_an_end_and_open_ended_fails() {
	ExtBuilder.build_and_execute(|| {
		let mut t = treatment_read();
		t.open_ended = true;
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t),
			Error::<Test>::EndWithOpenEnded
		);
	});
}

#[test]
fn grant_ending_now_or_in_the_past_fails() {
	ExtBuilder.build_and_execute(|| {
		for until in [START, START - 1] {
			let mut t = treatment_read();
			t.valid_until = Some(until);
			assert_noop!(
				Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t),
				Error::<Test>::EndInPast
			);
		}
	});
}

#[test]
fn grant_ending_before_it_starts_fails() {
	ExtBuilder.build_and_execute(|| {
		for until in [START + DAY, START + 2 * DAY] {
			let mut t = treatment_read();
			t.valid_from = Some(START + 2 * DAY);
			t.valid_until = Some(until);
			assert_noop!(
				Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t),
				Error::<Test>::EndBeforeStart
			);
		}
	});
}

#[test]
fn grant_fails_when_the_pair_index_is_full() {
	ExtBuilder.build_and_execute(|| {
		for _ in 0..3 {
			grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		}
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(BOB), treatment_read()),
			Error::<Test>::TooManyGrantsForPair
		);
		// Other pairs are unaffected.
		grant_by(ALICE, Grantee::Account(CAROL), treatment_read());
		grant_by(DAVE, Grantee::Account(BOB), treatment_read());
		// Revoking frees a place.
		assert_ok!(Consent::revoke(signed(ALICE), 0));
		grant_by(ALICE, Grantee::Account(BOB), treatment_read());
	});
}

#[test]
fn grant_fails_when_ids_are_exhausted() {
	ExtBuilder.build_and_execute(|| {
		NextGrantId::<Test>::put(GrantId::MAX);
		assert_noop!(
			Consent::grant(signed(ALICE), None, Grantee::Account(BOB), treatment_read()),
			Error::<Test>::IdsExhausted
		);
	});
}

#[test]
fn guardian_grants_for_the_patient_and_pays_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let id = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Account(BOB),
			treatment_read()
		));
		let grant = Grants::<Test>::get(id).unwrap();
		assert_eq!((grant.patient, grant.grantor), (ALICE, CAROL));
		assert_eq!(held_for_grants(CAROL), grant.deposit);
		assert_eq!(held_for_grants(ALICE), 0);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));

		// The guardian revokes it, and gets the deposit back.
		assert_ok!(Consent::revoke(signed(CAROL), id));
		assert_eq!(held_for_grants(CAROL), 0);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

#[test]
fn patient_may_name_themself_as_on_behalf_of() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::grant(
			signed(ALICE),
			Some(ALICE),
			Grantee::Account(BOB),
			treatment_read()
		));
		assert_eq!(Grants::<Test>::get(0).unwrap().patient, ALICE);
	});
}

#[test]
fn stranger_cannot_grant_for_a_patient() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::grant(signed(EVE), Some(ALICE), Grantee::Account(EVE), treatment_read()),
			Error::<Test>::NotPatientOrGuardian
		);
	});
}

#[test]
fn revoke_by_stranger_or_grantee_fails() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		for who in [BOB, EVE] {
			assert_noop!(Consent::revoke(signed(who), id), Error::<Test>::NotPatientOrGuardian);
		}
	});
}

#[test]
fn revoke_and_remove_expired_are_charged_what_on_grant_ended_used() {
	ExtBuilder.build_and_execute(|| {
		let most = <MockOnGrantEnded as healthchain_primitives::OnGrantEnded>::weight();
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		let info = Consent::revoke(signed(ALICE), id).unwrap();
		assert_eq!(
			info.actual_weight,
			Some(<() as WeightInfo>::revoke() + MockOnGrantEnded::used())
		);
		assert!(MockOnGrantEnded::used().all_lt(most));

		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		set_now(START + DAY);
		let info = Consent::remove_expired(signed(EVE), id).unwrap();
		assert_eq!(
			info.actual_weight,
			Some(<() as WeightInfo>::remove_expired() + MockOnGrantEnded::used())
		);
	});
}

#[test]
fn revoke_of_unknown_grant_fails() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Consent::revoke(signed(ALICE), 42), Error::<Test>::UnknownGrant);
	});
}

#[test]
fn patient_revokes_a_grant_a_guardian_made_and_the_guardian_gets_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Account(BOB),
			treatment_read()
		));
		let deposit = held_for_grants(CAROL);
		assert!(deposit > 0);
		assert_ok!(Consent::revoke(signed(ALICE), 0));
		assert_eq!(held_for_grants(CAROL), 0);
		System::assert_last_event(
			Event::GrantRevoked {
				id: 0,
				patient: ALICE,
				grantee: Grantee::Account(BOB),
				revoked_by: ALICE,
				deposit_released: deposit,
			}
			.into(),
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Validity and expiry
// ---------------------------------------------------------------------------------------------

#[test]
fn grant_is_not_valid_before_valid_from_and_valid_from_it() {
	ExtBuilder.build_and_execute(|| {
		let mut t = treatment_read();
		t.valid_from = Some(START + HOUR);
		t.valid_until = Some(START + DAY);
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NotValidNow));
		assert!(!Consent::is_grant_live(id));
		set_now(START + HOUR - 1);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NotValidNow));
		set_now(START + HOUR);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		assert!(Consent::is_grant_live(id));
	});
}

#[test]
fn grant_expires_at_valid_until_without_any_call() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		set_now(START + DAY - 1);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		assert!(Consent::is_grant_live(id));
		set_now(START + DAY);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NotValidNow));
		assert!(!Consent::is_grant_live(id));
		// Still stored until cleaned up.
		assert!(Grants::<Test>::contains_key(id));
	});
}

#[test]
fn remove_expired_removes_the_grant_and_returns_the_deposit() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		let deposit = Grants::<Test>::get(id).unwrap().deposit;
		set_now(START + DAY);
		assert_ok!(Consent::remove_expired(signed(EVE), id));
		System::assert_last_event(
			Event::GrantExpired {
				id,
				patient: ALICE,
				grantee: Grantee::Account(BOB),
				deposit_released: deposit,
			}
			.into(),
		);
		assert!(!Grants::<Test>::contains_key(id));
		assert_eq!(held_for_grants(ALICE), 0);
		assert_eq!(MockOnGrantEnded::ended(), vec![id]);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

#[test]
fn remove_expired_fails_before_expiry_and_for_unknown_grants() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		set_now(START + DAY - 1);
		assert_noop!(Consent::remove_expired(signed(EVE), id), Error::<Test>::NotExpired);
		assert_noop!(Consent::remove_expired(signed(EVE), 99), Error::<Test>::UnknownGrant);
		let open = grant_by(ALICE, Grantee::Account(CAROL), {
			let mut t = treatment_read();
			t.valid_until = None;
			t.open_ended = true;
			t
		});
		assert_noop!(Consent::remove_expired(signed(EVE), open), Error::<Test>::NotExpired);
	});
}

#[test]
fn on_idle_removes_expired_grants_earliest_first() {
	ExtBuilder.build_and_execute(|| {
		let until = |offset: Moment| {
			let mut t = treatment_read();
			t.valid_until = Some(START + offset);
			t
		};
		let late = grant_by(ALICE, Grantee::Account(BOB), until(3 * HOUR));
		let early = grant_by(ALICE, Grantee::Account(CAROL), until(HOUR));
		let middle = grant_by(DAVE, Grantee::Account(BOB), until(2 * HOUR));
		let never = grant_by(DAVE, Grantee::Account(CAROL), {
			let mut t = treatment_read();
			t.valid_until = None;
			t.open_ended = true;
			t
		});

		let early_deposit = Grants::<Test>::get(early).unwrap().deposit;

		// Nothing has expired yet: nothing happens.
		Consent::on_idle(1, Weight::MAX);
		assert_eq!(MockOnGrantEnded::ended(), Vec::<GrantId>::new());

		set_now(START + 2 * HOUR);
		Consent::on_idle(1, Weight::MAX);
		assert_eq!(MockOnGrantEnded::ended(), vec![early, middle]);
		assert!(Grants::<Test>::contains_key(late) && Grants::<Test>::contains_key(never));
		assert_eq!(held_for_grants(DAVE), Grants::<Test>::get(never).unwrap().deposit);
		System::assert_has_event(
			Event::GrantExpired {
				id: early,
				patient: ALICE,
				grantee: Grantee::Account(CAROL),
				deposit_released: early_deposit,
			}
			.into(),
		);
	});
}

#[test]
fn on_idle_stays_within_the_remaining_weight() {
	ExtBuilder.build_and_execute(|| {
		for (grantee, hours) in [(BOB, 1), (CAROL, 2), (DAVE, 3)] {
			let mut t = treatment_read();
			t.valid_until = Some(START + hours * HOUR);
			grant_by(ALICE, Grantee::Account(grantee), t);
		}
		set_now(START + DAY);
		let base = <() as WeightInfo>::on_idle_expire(0);
		let per_grant = <() as WeightInfo>::on_idle_expire(1) - base;
		let worst =
			per_grant + <MockOnGrantEnded as healthchain_primitives::OnGrantEnded>::weight();

		// Not even the base fits: nothing is read or done.
		assert_eq!(Consent::on_idle(1, base - Weight::from_parts(1, 0)), Weight::zero());
		assert_eq!(MockOnGrantEnded::ended(), Vec::<GrantId>::new());

		// Room for exactly one grant at its worst; it is counted at what it used.
		let used = Consent::on_idle(1, base + worst);
		assert_eq!(used, base + per_grant + MockOnGrantEnded::used());
		assert_eq!(MockOnGrantEnded::ended(), vec![0]);

		// Room for many: the rest goes.
		Consent::on_idle(2, Weight::MAX);
		assert_eq!(MockOnGrantEnded::ended(), vec![0, 1, 2]);
		assert_eq!(Grants::<Test>::iter().count(), 0);
		assert_eq!(held_for_grants(ALICE), 0);
	});
}

// ---------------------------------------------------------------------------------------------
// Purposes, actions, scope, data period, exceptions
// ---------------------------------------------------------------------------------------------

#[test]
fn purpose_outside_the_grant_is_denied() {
	ExtBuilder.build_and_execute(|| {
		grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_eq!(
			check(ALICE, BOB, AccessTarget::Record(REC_NOTE), Purpose::Research, Action::Read),
			denied(DenialReason::PurposeNotAllowed)
		);
	});
}

#[test]
fn action_outside_the_grant_is_denied() {
	ExtBuilder.build_and_execute(|| {
		grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_eq!(
			check(ALICE, BOB, category(NOTE), Purpose::Treatment, Action::Append),
			denied(DenialReason::ActionNotAllowed)
		);
		let id = grant_by(
			ALICE,
			Grantee::Account(CAROL),
			terms(&[Purpose::Treatment], &[Action::Append], Scope::AllRecords),
		);
		assert_eq!(
			check(ALICE, CAROL, category(NOTE), Purpose::Treatment, Action::Append),
			permitted_by(id)
		);
		assert_eq!(read(CAROL, REC_NOTE), denied(DenialReason::ActionNotAllowed));
	});
}

#[test]
fn category_scope_covers_only_its_categories() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Treatment], &[Action::Read], categories(&[NOTE, LABS])),
		);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		assert_eq!(read(BOB, REC_LABS), permitted_by(id));
		assert_eq!(read(BOB, REC_MENTAL), denied(DenialReason::OutOfScope));
		assert_eq!(
			check(ALICE, BOB, category(LABS), Purpose::Treatment, Action::Read),
			permitted_by(id)
		);
		assert_eq!(
			check(ALICE, BOB, category(MENTAL), Purpose::Treatment, Action::Read),
			denied(DenialReason::OutOfScope)
		);
	});
}

#[test]
fn record_scope_covers_only_its_records_and_no_category() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Treatment], &[Action::Read], records(&[REC_LABS])),
		);
		assert_eq!(read(BOB, REC_LABS), permitted_by(id));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::OutOfScope));
		assert_eq!(
			check(ALICE, BOB, category(LABS), Purpose::Treatment, Action::Read),
			denied(DenialReason::OutOfScope)
		);
	});
}

#[test]
fn unknown_record_or_another_patients_record_is_denied_even_to_the_patient() {
	ExtBuilder.build_and_execute(|| {
		grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_eq!(read(BOB, 999), denied(DenialReason::UnknownRecord));
		assert_eq!(read(BOB, REC_DAVE), denied(DenialReason::UnknownRecord));
		assert_eq!(read(ALICE, REC_DAVE), denied(DenialReason::UnknownRecord));
		// A record scope naming another patient's record cannot be granted, so it does not
		// reach that record either.
		assert_noop!(
			Consent::grant(
				signed(ALICE),
				None,
				Grantee::Account(CAROL),
				terms(&[Purpose::Treatment], &[Action::Read], records(&[REC_DAVE])),
			),
			Error::<Test>::RecordNotOfPatient
		);
		assert_eq!(
			check(DAVE, CAROL, AccessTarget::Record(REC_DAVE), Purpose::Treatment, Action::Read),
			denied(DenialReason::NoGrant)
		);
	});
}

#[test]
fn data_period_includes_both_ends_and_nothing_outside() {
	ExtBuilder.build_and_execute(|| {
		let (from, until) = (NOTE_DAY, LABS_DAY);
		MockRecords::add(30, ALICE, NOTE, from - 1);
		MockRecords::add(31, ALICE, NOTE, until + 1);
		let mut t = treatment_read();
		t.data_period = Some(period(from, until));
		let id = grant_by(ALICE, Grantee::Account(BOB), t);

		assert_eq!(read(BOB, REC_NOTE), permitted_by(id), "dated at `from`");
		assert_eq!(read(BOB, REC_LABS), permitted_by(id), "dated at `until`");
		assert_eq!(read(BOB, 30), denied(DenialReason::OutsideDataPeriod), "just before");
		assert_eq!(read(BOB, 31), denied(DenialReason::OutsideDataPeriod), "just after");
		assert_eq!(read(BOB, REC_OLD_NOTE), denied(DenialReason::OutsideDataPeriod));
		assert_eq!(read(BOB, REC_MENTAL), denied(DenialReason::OutsideDataPeriod));
	});
}

#[test]
fn data_period_denies_category_targets() {
	ExtBuilder.build_and_execute(|| {
		let mut t =
			terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords);
		t.data_period = Some(period(0, blind::DAY_LIMIT - 1));
		grant_by(ALICE, Grantee::Account(BOB), t);
		for action in [Action::Read, Action::Append] {
			assert_eq!(
				check(ALICE, BOB, category(NOTE), Purpose::Treatment, action),
				denied(DenialReason::OutsideDataPeriod)
			);
		}
	});
}

#[test]
fn category_exception_denies_that_category_only() {
	ExtBuilder.build_and_execute(|| {
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords),
			vec![Exception::Category(category_tag(MENTAL))],
		);
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_MENTAL), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		assert_eq!(read(BOB, REC_LABS), permitted_by(id));
		for action in [Action::Read, Action::Append] {
			assert_eq!(
				check(ALICE, BOB, category(MENTAL), Purpose::Treatment, action),
				denied(DenialReason::Excepted)
			);
			assert_eq!(
				check(ALICE, BOB, category(NOTE), Purpose::Treatment, action),
				permitted_by(id)
			);
		}
	});
}

#[test]
fn record_exception_denies_that_record_and_category_reads_but_not_appends() {
	ExtBuilder.build_and_execute(|| {
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords),
			vec![Exception::Record(REC_LABS)],
		);
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_LABS), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		assert_eq!(
			check(ALICE, BOB, category(LABS), Purpose::Treatment, Action::Read),
			denied(DenialReason::Excepted)
		);
		assert_eq!(
			check(ALICE, BOB, category(LABS), Purpose::Treatment, Action::Append),
			permitted_by(id)
		);
	});
}

#[test]
fn data_period_exception_includes_both_ends_and_nothing_outside() {
	ExtBuilder.build_and_execute(|| {
		let (from, until) = (LABS_DAY, MENTAL_DAY);
		MockRecords::add(30, ALICE, NOTE, from - 1);
		MockRecords::add(31, ALICE, NOTE, until + 1);
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords),
			vec![Exception::DataPeriod(period(from, until))],
		);
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_LABS), denied(DenialReason::Excepted), "dated at `from`");
		assert_eq!(read(BOB, REC_MENTAL), denied(DenialReason::Excepted), "dated at `until`");
		assert_eq!(read(BOB, 30), permitted_by(id), "just before");
		assert_eq!(read(BOB, 31), permitted_by(id), "just after");
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		// Undated targets may fall in the excepted period.
		assert_eq!(
			check(ALICE, BOB, category(NOTE), Purpose::Treatment, Action::Append),
			denied(DenialReason::Excepted)
		);
	});
}

#[test]
fn exceptions_apply_within_a_category_scope_and_with_a_data_period() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add(30, ALICE, NOTE, NOTE_DAY + 1);
		let mut t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read], categories(&[NOTE])),
			vec![Exception::Record(30)],
		);
		t.data_period = Some(period(NOTE_DAY, TODAY));
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		assert_eq!(read(BOB, 30), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, REC_OLD_NOTE), denied(DenialReason::OutsideDataPeriod));
		assert_eq!(read(BOB, REC_LABS), denied(DenialReason::OutOfScope));
	});
}

/// Alice's new record with `facts`, appended by `accessor` for treatment.
fn append(accessor: u64, facts: healthchain_primitives::BlindFacts) -> AccessDecision {
	check(ALICE, accessor, AccessTarget::NewRecord(facts), Purpose::Treatment, Action::Append)
}

#[test]
fn label_exception_denies_records_carrying_the_label() {
	ExtBuilder.build_and_execute(|| {
		// The label in another slot than the first, next to another label.
		MockRecords::add_labelled(30, ALICE, NOTE, &[HIV, PSY], NOTE_DAY);
		MockRecords::add_labelled(31, ALICE, NOTE, &[HIV], NOTE_DAY);
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords),
			vec![Exception::Label(label_tag(PSY))],
		);
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_MENTAL), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, 30), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, 31), permitted_by(id));
		assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
		// A new record is decided on its own labels.
		assert_eq!(append(BOB, facts(NOTE, &[PSY], TODAY)), denied(DenialReason::Excepted));
		assert_eq!(append(BOB, facts(NOTE, &[HIV], TODAY)), permitted_by(id));
		// The labels of a category's records are unknown: a read may include a labelled
		// record, an append adds none of them.
		assert_eq!(
			check(ALICE, BOB, category(NOTE), Purpose::Treatment, Action::Read),
			denied(DenialReason::Excepted)
		);
		assert_eq!(
			check(ALICE, BOB, category(NOTE), Purpose::Treatment, Action::Append),
			permitted_by(id)
		);
	});
}

/// Finding 10 said that security labels are never consulted. They are, as blind tags: a
/// grant's label exception is compared with the label tags a record carries (in any of its
/// slots), for a registered record, a new record and the key hand-out alike, and for an
/// organization grant as for an account grant. The chain compares tags only: the tag of the
/// same label under another key matches nothing.
#[test]
fn finding_10_security_labels_are_consulted_by_every_decision() {
	ExtBuilder.build_and_execute(|| {
		let read_append =
			|| terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords);
		let psy = Exception::Label(label_tag(PSY));
		let org = grant_by(
			ALICE,
			Grantee::Organization(HOSPITAL),
			with_exceptions(read_append(), vec![psy]),
		);
		// REC_MENTAL carries PSY; REC_NOTE carries no label.
		assert_eq!(read(CLINICIAN, REC_MENTAL), denied(DenialReason::Excepted));
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(org));
		MockRecords::add_labelled(30, ALICE, NOTE, &[HIV, PSY], NOTE_DAY);
		assert_eq!(read(CLINICIAN, 30), denied(DenialReason::Excepted));
		assert_eq!(
			append(CLINICIAN, facts(NOTE, &[HIV, PSY], TODAY)),
			denied(DenialReason::Excepted)
		);
		assert_eq!(append(CLINICIAN, facts(NOTE, &[HIV], TODAY)), permitted_by(org));
		// No key of a labelled record is handed out under the grant.
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_MENTAL), None);
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE), Some(org));

		// The same label tagged under another key is another tag: it excepts nothing.
		let foreign = Exception::Label(blind::code_tag(&[7u8; 32], blind::Field::Label, PSY));
		let own =
			grant_by(ALICE, Grantee::Account(BOB), with_exceptions(read_append(), vec![foreign]));
		assert_eq!(read(BOB, REC_MENTAL), permitted_by(own));
	});
}

#[test]
fn record_exception_holds_for_every_version_of_the_chain() {
	ExtBuilder.build_and_execute(|| {
		// Version 2 of the labs record, already registered.
		MockRecords::add_version(30, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read], Scope::AllRecords),
			vec![Exception::Record(REC_LABS)],
		);
		let v1 = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, REC_LABS), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, 30), denied(DenialReason::Excepted));
		// A version registered after the grant is excepted too.
		MockRecords::add_version(31, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		assert_eq!(read(BOB, 31), denied(DenialReason::Excepted));
		assert_eq!(read(BOB, REC_NOTE), permitted_by(v1));

		// Naming a later version excepts the whole chain: the grant stores the chain.
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Read], Scope::AllRecords),
			vec![Exception::Record(31)],
		);
		let v3 = grant_by(ALICE, Grantee::Account(CAROL), t);
		assert_eq!(
			Grants::<Test>::get(v3).unwrap().exceptions.to_vec(),
			vec![Exception::Record(REC_LABS)]
		);
		for version in [REC_LABS, 30, 31] {
			assert_eq!(read(CAROL, version), denied(DenialReason::Excepted));
		}
	});
}

#[test]
fn record_scope_holds_for_every_version_of_the_chain() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add_version(30, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		let id = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Treatment], &[Action::Read], records(&[30])),
		);
		let grant = Grants::<Test>::get(id).unwrap();
		assert_eq!(grant.scope, records(&[REC_LABS]));
		System::assert_last_event(Event::GrantCreated { id, grant }.into());
		assert_eq!(read(BOB, REC_LABS), permitted_by(id));
		assert_eq!(read(BOB, 30), permitted_by(id));
		MockRecords::add_version(31, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		assert_eq!(read(BOB, 31), permitted_by(id));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::OutOfScope));
		// A record about to be registered is in no chain yet.
		assert_eq!(
			check(
				ALICE,
				BOB,
				AccessTarget::NewRecord(facts(LABS, &[], TODAY)),
				Purpose::Treatment,
				Action::Read
			),
			denied(DenialReason::OutOfScope)
		);
	});
}

#[test]
fn grant_naming_a_record_of_another_patient_fails() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add(30, ALICE, NOTE, NOTE_DAY);
		MockRecords::erase(30);
		// Another patient's record, an unknown one and an erased one, in the scope or in an
		// exception.
		for record in [REC_DAVE, 999, 30] {
			let in_scope = terms(&[Purpose::Treatment], &[Action::Read], records(&[record]));
			let excepted = with_exceptions(treatment_read(), vec![Exception::Record(record)]);
			for t in [in_scope, excepted] {
				assert_noop!(
					Consent::grant(signed(ALICE), None, Grantee::Account(BOB), t),
					Error::<Test>::RecordNotOfPatient
				);
			}
		}
		// A guardian cannot name a record of the guardian's own either.
		assert_ok!(Consent::appoint_guardian(signed(DAVE), CAROL));
		MockRecords::add(31, CAROL, NOTE, NOTE_DAY);
		assert_noop!(
			Consent::grant(
				signed(CAROL),
				Some(DAVE),
				Grantee::Account(BOB),
				terms(&[Purpose::Treatment], &[Action::Read], records(&[REC_DAVE, 31])),
			),
			Error::<Test>::RecordNotOfPatient
		);
	});
}

#[test]
fn data_period_decides_by_day_without_dates_on_chain() {
	ExtBuilder.build_and_execute(|| {
		let (from, until) = (TODAY - 7, TODAY - 3);
		for (id, day) in [(30, from - 1), (31, from), (32, until), (33, until + 1)] {
			MockRecords::add(id, ALICE, NOTE, day);
		}
		let mut t = treatment_read();
		t.data_period = Some(period(from, until));
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(read(BOB, 30), denied(DenialReason::OutsideDataPeriod));
		assert_eq!(read(BOB, 31), permitted_by(id));
		assert_eq!(read(BOB, 32), permitted_by(id));
		assert_eq!(read(BOB, 33), denied(DenialReason::OutsideDataPeriod));
		// The grant holds tags, not days: the same days under another key cover nothing.
		let other_key = blind::period_tags(&[1u8; 32], from, until).unwrap();
		assert_eq!(Grants::<Test>::get(id).unwrap().data_period, Some(period(from, until)));
		let mut t = treatment_read();
		t.data_period = Some(other_key);
		grant_by(ALICE, Grantee::Account(CAROL), t);
		for record in [30, 31, 32, 33] {
			assert_eq!(read(CAROL, record), denied(DenialReason::OutsideDataPeriod));
		}
	});
}

#[test]
fn append_with_data_period_uses_the_new_records_date() {
	ExtBuilder.build_and_execute(|| {
		let mut t = terms(&[Purpose::Treatment], &[Action::Append], categories(&[NOTE]));
		t.data_period = Some(period(TODAY - 30, TODAY));
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(append(BOB, facts(NOTE, &[], TODAY)), permitted_by(id));
		assert_eq!(append(BOB, facts(NOTE, &[], TODAY - 30)), permitted_by(id));
		assert_eq!(
			append(BOB, facts(NOTE, &[], TODAY - 31)),
			denied(DenialReason::OutsideDataPeriod)
		);
		assert_eq!(
			append(BOB, facts(NOTE, &[], TODAY + 1)),
			denied(DenialReason::OutsideDataPeriod)
		);
		// Scope first: a new record of another category is out of scope.
		assert_eq!(append(BOB, facts(LABS, &[], TODAY)), denied(DenialReason::OutOfScope));
		// Without the new record's date the period cannot be shown to hold.
		assert_eq!(
			check(ALICE, BOB, category(NOTE), Purpose::Treatment, Action::Append),
			denied(DenialReason::OutsideDataPeriod)
		);
	});
}

#[test]
fn new_record_exceptions_are_decided_on_its_facts() {
	ExtBuilder.build_and_execute(|| {
		let t = with_exceptions(
			terms(&[Purpose::Treatment], &[Action::Append], Scope::AllRecords),
			vec![
				Exception::Category(category_tag(MENTAL)),
				Exception::Record(REC_NOTE),
				Exception::DataPeriod(period(TODAY - 10, TODAY - 5)),
			],
		);
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		assert_eq!(append(BOB, facts(MENTAL, &[], TODAY)), denied(DenialReason::Excepted));
		assert_eq!(append(BOB, facts(NOTE, &[], TODAY - 7)), denied(DenialReason::Excepted));
		// A new record is not the excepted existing one.
		assert_eq!(append(BOB, facts(NOTE, &[], TODAY)), permitted_by(id));
	});
}

// ---------------------------------------------------------------------------------------------
// Denial reasons
// ---------------------------------------------------------------------------------------------

#[test]
fn denial_is_the_most_specific_reason_among_the_grants() {
	ExtBuilder.build_and_execute(|| {
		let mut later = treatment_read();
		later.valid_from = Some(START + HOUR);
		let not_yet = grant_by(ALICE, Grantee::Account(BOB), later);
		let research = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Research], &[Action::Read], Scope::AllRecords),
		);
		let labs_only = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Treatment], &[Action::Read], categories(&[LABS])),
		);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::OutOfScope));
		assert_ok!(Consent::revoke(signed(ALICE), labs_only));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::PurposeNotAllowed));
		assert_ok!(Consent::revoke(signed(ALICE), research));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NotValidNow));
		assert_ok!(Consent::revoke(signed(ALICE), not_yet));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

#[test]
fn denial_ranks_action_period_and_exception_reasons() {
	ExtBuilder.build_and_execute(|| {
		let append_only = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Treatment], &[Action::Append], Scope::AllRecords),
		);
		let mut recent = treatment_read();
		recent.data_period = Some(period(TODAY - 1, TODAY));
		let recent = grant_by(ALICE, Grantee::Account(BOB), recent);
		let no_notes =
			with_exceptions(treatment_read(), vec![Exception::Category(category_tag(NOTE))]);
		let no_notes = grant_by(ALICE, Grantee::Account(BOB), no_notes);
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::Excepted));
		assert_ok!(Consent::revoke(signed(ALICE), no_notes));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::OutsideDataPeriod));
		assert_ok!(Consent::revoke(signed(ALICE), recent));
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::ActionNotAllowed));
		assert_ok!(Consent::revoke(signed(ALICE), append_only));
	});
}

#[test]
fn organization_not_entitled_outranks_other_reasons() {
	ExtBuilder.build_and_execute(|| {
		// The staff member has a personal grant for labs only, and the hospital a grant for
		// treatment, which staff may not use.
		grant_by(
			ALICE,
			Grantee::Account(HOSPITAL_STAFF),
			terms(&[Purpose::Treatment], &[Action::Read], categories(&[LABS])),
		);
		grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		assert_eq!(read(HOSPITAL_STAFF, REC_NOTE), denied(DenialReason::OrganizationNotEntitled));
	});
}

#[test]
fn specificity_order_is_as_documented() {
	use crate::functions::specificity;
	let order = [
		DenialReason::NoGrant,
		DenialReason::NotValidNow,
		DenialReason::PurposeNotAllowed,
		DenialReason::ActionNotAllowed,
		DenialReason::OutOfScope,
		DenialReason::OutsideDataPeriod,
		DenialReason::Excepted,
		DenialReason::OrganizationNotEntitled,
	];
	for pair in order.windows(2) {
		assert!(specificity(pair[0]) < specificity(pair[1]), "{:?} < {:?}", pair[0], pair[1]);
	}
}

// ---------------------------------------------------------------------------------------------
// Patient, guardians
// ---------------------------------------------------------------------------------------------

#[test]
fn patient_is_always_permitted() {
	ExtBuilder.build_and_execute(|| {
		for purpose in Purpose::ALL {
			for action in [Action::Read, Action::Append] {
				assert_eq!(
					check(ALICE, ALICE, AccessTarget::Record(REC_MENTAL), purpose, action),
					AccessDecision::Permitted(AccessBasis::Patient)
				);
				assert_eq!(
					check(ALICE, ALICE, category(MENTAL), purpose, action),
					AccessDecision::Permitted(AccessBasis::Patient)
				);
			}
		}
	});
}

#[test]
fn acts_for_is_the_patient_or_an_appointed_guardian() {
	ExtBuilder.build_and_execute(|| {
		assert!(<Consent as ConsentInspect<u64>>::acts_for(&ALICE, &ALICE));
		assert!(!<Consent as ConsentInspect<u64>>::acts_for(&ALICE, &CAROL));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert!(<Consent as ConsentInspect<u64>>::acts_for(&ALICE, &CAROL));
		// Guardianship is per patient and one way.
		assert!(!<Consent as ConsentInspect<u64>>::acts_for(&DAVE, &CAROL));
		assert!(!<Consent as ConsentInspect<u64>>::acts_for(&CAROL, &ALICE));
		assert_ok!(Consent::remove_guardian(signed(ALICE), CAROL));
		assert!(!<Consent as ConsentInspect<u64>>::acts_for(&ALICE, &CAROL));
	});
}

#[test]
fn appoint_guardian_holds_a_deposit_and_the_guardian_acts_for_the_patient() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(read(CAROL, REC_MENTAL), denied(DenialReason::NoGrant));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		System::assert_last_event(
			Event::GuardianAppointed { patient: ALICE, guardian: CAROL, deposit: 5 }.into(),
		);
		assert_eq!(held_for_guardians(ALICE), 5);
		assert_eq!(Consent::guardians_of(ALICE), vec![CAROL]);
		assert_eq!(read(CAROL, REC_MENTAL), AccessDecision::Permitted(AccessBasis::Guardian));
		assert_eq!(
			check(ALICE, CAROL, category(NOTE), Purpose::Research, Action::Append),
			AccessDecision::Permitted(AccessBasis::Guardian)
		);
		// Guardianship is per patient.
		assert_eq!(
			check(DAVE, CAROL, AccessTarget::Record(REC_DAVE), Purpose::Treatment, Action::Read),
			denied(DenialReason::NoGrant)
		);
	});
}

#[test]
fn appoint_guardian_fails_for_self_duplicates_and_beyond_the_limit() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::appoint_guardian(signed(ALICE), ALICE),
			Error::<Test>::GuardianIsPatient
		);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_noop!(
			Consent::appoint_guardian(signed(ALICE), CAROL),
			Error::<Test>::AlreadyGuardian
		);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), BOB));
		assert_noop!(
			Consent::appoint_guardian(signed(ALICE), EVE),
			Error::<Test>::TooManyGuardians
		);
		assert_noop!(
			Consent::appoint_guardian(signed(PAUPER), EVE),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
	});
}

#[test]
fn patient_removes_a_guardian_who_then_loses_every_power() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let by_guardian = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Account(BOB),
			treatment_read()
		));
		assert_ok!(Consent::remove_guardian(signed(ALICE), CAROL));
		System::assert_last_event(
			Event::GuardianRemoved { patient: ALICE, guardian: CAROL, deposit_released: 5 }.into(),
		);
		assert_eq!(held_for_guardians(ALICE), 0);
		assert!(!Guardians::<Test>::contains_key(ALICE));
		assert_eq!(read(CAROL, REC_NOTE), denied(DenialReason::NoGrant));
		assert_noop!(
			Consent::grant(signed(CAROL), Some(ALICE), Grantee::Account(EVE), treatment_read()),
			Error::<Test>::NotPatientOrGuardian
		);
		assert_noop!(Consent::revoke(signed(CAROL), by_guardian), Error::<Test>::UnknownGrant);
		// The grant the guardian made to an account ended with the guardianship.
		assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(held_for_grants(CAROL), 0);
	});
}

/// Finding 3: a removed guardian kept access through the grants it made while appointed.
/// Before the fix the test failed: the grant the guardian made to itself still permitted.
#[test]
fn finding_3_a_removed_guardian_loses_the_access_it_granted_itself() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let to_itself = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Account(CAROL),
			treatment_read()
		));
		let to_eve = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Account(EVE),
			treatment_read()
		));
		assert_eq!(GuardianGrants::<Test>::get(ALICE, CAROL).to_vec(), vec![to_itself, to_eve]);
		let eve_deposit = Grants::<Test>::get(to_eve).unwrap().deposit;
		assert_ok!(Consent::remove_guardian(signed(ALICE), CAROL));
		assert_eq!(read(CAROL, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(read(EVE, REC_NOTE), denied(DenialReason::NoGrant));
		// Both grants ended: the deposits went back to the guardian who paid them.
		assert_eq!(held_for_grants(CAROL), 0);
		assert_eq!(MockOnGrantEnded::ended(), vec![to_itself, to_eve]);
		assert!(!GuardianGrants::<Test>::contains_key(ALICE, CAROL));
		System::assert_has_event(
			Event::GrantRevoked {
				id: to_eve,
				patient: ALICE,
				grantee: Grantee::Account(EVE),
				revoked_by: ALICE,
				deposit_released: eve_deposit,
			}
			.into(),
		);
		System::assert_last_event(
			Event::GuardianRemoved { patient: ALICE, guardian: CAROL, deposit_released: 5 }.into(),
		);
	});
}

/// Finding 3: a guardian's grants to organizations are the patient's care arrangements: the
/// patient adopts them and pays their deposit; the guardian gets its deposit back.
#[test]
fn finding_3_a_resigning_guardians_organization_grants_pass_to_the_patient() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let to_hospital = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Organization(HOSPITAL),
			treatment_read()
		));
		let to_carol = NextGrantId::<Test>::get();
		assert_ok!(Consent::grant(
			signed(CAROL),
			Some(ALICE),
			Grantee::Account(CAROL),
			treatment_read()
		));
		let deposit = Grants::<Test>::get(to_hospital).unwrap().deposit;
		let carol_deposit = Grants::<Test>::get(to_carol).unwrap().deposit;
		assert_ok!(Consent::resign_guardian(signed(CAROL), ALICE));
		System::assert_has_event(
			Event::GrantAdopted {
				id: to_hospital,
				patient: ALICE,
				former_grantor: CAROL,
				deposit_released: deposit,
				deposit,
			}
			.into(),
		);
		System::assert_has_event(
			Event::GrantRevoked {
				id: to_carol,
				patient: ALICE,
				grantee: Grantee::Account(CAROL),
				revoked_by: CAROL,
				deposit_released: carol_deposit,
			}
			.into(),
		);
		let adopted = Grants::<Test>::get(to_hospital).unwrap();
		assert_eq!((adopted.grantor, adopted.deposit), (ALICE, deposit));
		assert_eq!(held_for_grants(ALICE), deposit);
		assert_eq!(held_for_grants(CAROL), 0);
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(to_hospital));
		assert_eq!(read(CAROL, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(MockOnGrantEnded::ended(), vec![to_carol]);
		// The patient now revokes it as their own; the deposit comes back to them.
		assert_ok!(Consent::revoke(signed(ALICE), to_hospital));
		assert_eq!(held_for_grants(ALICE), 0);
	});
}

/// Finding 3: no grant stays unpaid: one the patient cannot pay the deposit of ends.
#[test]
fn finding_3_an_organization_grant_the_patient_cannot_pay_for_ends() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let id = grant_of_guardian(CAROL, Grantee::Organization(HOSPITAL));
		assert_ok!(Balances::transfer_all(signed(ALICE), DAVE, true));
		assert_ok!(Consent::remove_guardian(signed(ALICE), CAROL));
		assert!(!Grants::<Test>::contains_key(id));
		assert_eq!(held_for_grants(CAROL), 0);
		assert_eq!(held_for_grants(ALICE), 0);
		assert_eq!(MockOnGrantEnded::ended(), vec![id]);
		assert_eq!(read(CLINICIAN, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

/// Finding 3: the grants a guardian makes for one patient are bounded, which bounds removal.
#[test]
fn finding_3_a_guardians_grants_for_a_patient_are_bounded() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let max = <Test as Config>::MaxGrantsPerGuardian::get();
		for grantee in [BOB, DAVE, EVE, CLINICIAN].into_iter().take(max as usize) {
			grant_of_guardian(CAROL, Grantee::Account(grantee));
		}
		assert_noop!(
			Consent::grant(
				signed(CAROL),
				Some(ALICE),
				Grantee::Account(ER_DOCTOR),
				treatment_read()
			),
			Error::<Test>::TooManyGrantsByGuardian
		);
		// The patient's own grants are not the guardian's.
		grant_by(ALICE, Grantee::Account(ER_DOCTOR), treatment_read());
		// Removal is charged for the grants it settled, each ending at what `OnGrantEnded`
		// used, not at the most it may use.
		let info = Consent::remove_guardian(signed(ALICE), CAROL).unwrap();
		assert_eq!(
			info.actual_weight,
			Some(
				<() as WeightInfo>::remove_guardian(max)
					+ MockOnGrantEnded::used() * u64::from(max)
			)
		);
		assert!(info.actual_weight.unwrap().all_lt(Consent::settle_guardian_weight(
			<() as WeightInfo>::remove_guardian(max),
			max
		)));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let info = Consent::resign_guardian(signed(CAROL), ALICE).unwrap();
		assert_eq!(info.actual_weight, Some(<() as WeightInfo>::resign_guardian(0)));
	});
}

/// A grant `guardian` makes for Alice, treatment read.
fn grant_of_guardian(guardian: u64, grantee: Grantee<u64>) -> GrantId {
	let id = NextGrantId::<Test>::get();
	assert_ok!(Consent::grant(signed(guardian), Some(ALICE), grantee, treatment_read()));
	id
}

#[test]
fn remove_guardian_fails_for_a_non_guardian() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Consent::remove_guardian(signed(ALICE), CAROL), Error::<Test>::NotGuardian);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_noop!(Consent::remove_guardian(signed(ALICE), BOB), Error::<Test>::NotGuardian);
	});
}

#[test]
fn only_the_patient_removes_their_guardians() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), BOB));
		// `remove_guardian` acts on the signer's own guardians: a stranger, a guardian removing
		// a fellow guardian or itself finds no such guardian of its own.
		for (who, guardian) in [(EVE, CAROL), (CAROL, BOB), (BOB, CAROL), (CAROL, CAROL)] {
			assert_noop!(
				Consent::remove_guardian(signed(who), guardian),
				Error::<Test>::NotGuardian
			);
		}
		assert_eq!(Consent::guardians_of(ALICE), vec![CAROL, BOB]);
		assert_eq!(held_for_guardians(ALICE), 2 * GuardianDeposit::get());
	});
}

#[test]
fn appoint_guardian_appoints_for_the_signer_only() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		// A guardian appointing someone makes them its own guardian, never the patient's.
		assert_ok!(Consent::appoint_guardian(signed(CAROL), EVE));
		System::assert_last_event(
			Event::GuardianAppointed { patient: CAROL, guardian: EVE, deposit: 5 }.into(),
		);
		assert_eq!(Consent::guardians_of(ALICE), vec![CAROL]);
		assert_eq!(Consent::guardians_of(CAROL), vec![EVE]);
		assert_eq!(held_for_guardians(CAROL), GuardianDeposit::get());
		assert_eq!(read(EVE, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

#[test]
fn guardian_resigns() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), BOB));
		assert_ok!(Consent::resign_guardian(signed(CAROL), ALICE));
		System::assert_last_event(
			Event::GuardianResigned { patient: ALICE, guardian: CAROL, deposit_released: 5 }.into(),
		);
		assert_eq!(Consent::guardians_of(ALICE), vec![BOB]);
		assert_eq!(held_for_guardians(ALICE), 5);
		assert_noop!(Consent::resign_guardian(signed(CAROL), ALICE), Error::<Test>::NotGuardian);
		assert_noop!(Consent::resign_guardian(signed(BOB), DAVE), Error::<Test>::NotGuardian);
	});
}

// ---------------------------------------------------------------------------------------------
// Organization grants
// ---------------------------------------------------------------------------------------------

#[test]
fn organization_grant_serves_fitting_members_while_the_organization_is_active() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(id));
		assert_eq!(read(ER_DOCTOR, REC_NOTE), permitted_by(id));
		assert_eq!(read(HOSPITAL_STAFF, REC_NOTE), denied(DenialReason::OrganizationNotEntitled));
		assert_eq!(read(HOSPITAL_ADMIN, REC_NOTE), denied(DenialReason::OrganizationNotEntitled));
		// Members of other organizations see nothing of it.
		assert_eq!(read(RESEARCHER, REC_NOTE), denied(DenialReason::NoGrant));

		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_eq!(read(CLINICIAN, REC_NOTE), denied(DenialReason::OrganizationNotEntitled));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(id));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Revoked);
		assert_eq!(read(CLINICIAN, REC_NOTE), denied(DenialReason::OrganizationNotEntitled));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);

		// A member who leaves loses it.
		MockOrganizations::remove_member(HOSPITAL, CLINICIAN);
		assert_eq!(read(CLINICIAN, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

/// Finding 17: an account grant to a practitioner is honoured only while the organization
/// through which the practitioner acts is active.
#[test]
fn finding_17_a_suspension_stops_account_grants_to_the_organizations_staff() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(CLINICIAN), treatment_read());
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(id));
		for status in [OrgStatus::Suspended, OrgStatus::Revoked] {
			MockOrganizations::set_status(HOSPITAL, status);
			assert_eq!(read(CLINICIAN, REC_NOTE), denied(DenialReason::OrganizationNotEntitled));
			assert_eq!(
				<Consent as ConsentInspect<u64>>::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE),
				None
			);
		}
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(id));
		// An accessor bound to no organization (a relative) is served as before.
		let relative = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_eq!(read(BOB, REC_NOTE), permitted_by(relative));
	});
}

/// Finding 12: a grant to a suspended or revoked organization was accepted.
#[test]
fn finding_12_a_grant_to_a_suspended_or_revoked_organization_is_refused() {
	ExtBuilder.build_and_execute(|| {
		for (status, error) in [
			(OrgStatus::Suspended, Error::<Test>::GranteeOrganizationSuspended),
			(OrgStatus::Revoked, Error::<Test>::GranteeOrganizationRevoked),
		] {
			MockOrganizations::set_status(HOSPITAL, status);
			assert_noop!(
				Consent::grant(
					signed(ALICE),
					None,
					Grantee::Organization(HOSPITAL),
					treatment_read()
				),
				error
			);
		}
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
	});
}

#[test]
fn organization_grants_follow_the_purpose_role_table() {
	ExtBuilder.build_and_execute(|| {
		use Purpose::*;
		let cases: &[(OrgId, Purpose, &[u64], &[u64])] = &[
			(HOSPITAL, Treatment, &[CLINICIAN, ER_DOCTOR], &[HOSPITAL_STAFF, HOSPITAL_ADMIN]),
			(HOSPITAL, EmergencyTreatment, &[ER_DOCTOR, CLINICIAN], &[HOSPITAL_STAFF]),
			(HOSPITAL, Operations, &[HOSPITAL_STAFF], &[CLINICIAN, ER_DOCTOR]),
			(HOSPITAL, Research, &[], &[CLINICIAN, HOSPITAL_STAFF]),
			(HOSPITAL, Payment, &[], &[HOSPITAL_STAFF]),
			(HOSPITAL, PublicHealth, &[], &[CLINICIAN]),
			(LAB, Research, &[RESEARCHER], &[LAB_ADMIN]),
			(LAB, Treatment, &[], &[RESEARCHER]),
			(INSURER, Payment, &[CLAIMS_CLERK], &[INSURER_ADMIN]),
			(INSURER, Operations, &[CLAIMS_CLERK], &[INSURER_ADMIN]),
			(INSURER, Treatment, &[], &[CLAIMS_CLERK]),
			(AUTHORITY, PublicHealth, &[INSPECTOR], &[AUTHORITY_ADMIN]),
			(PHARMACY, Treatment, &[], &[PHARMACIST]),
			(PHARMACY, PublicHealth, &[], &[PHARMACIST]),
		];
		for (org, purpose, allowed, refused) in cases {
			let id = grant_by(
				ALICE,
				Grantee::Organization(*org),
				terms(&[*purpose], &[Action::Read], Scope::AllRecords),
			);
			for member in *allowed {
				assert_eq!(
					check(ALICE, *member, AccessTarget::Record(REC_NOTE), *purpose, Action::Read),
					permitted_by(id),
					"{member} of {org} for {purpose:?}"
				);
			}
			for member in *refused {
				assert_eq!(
					check(ALICE, *member, AccessTarget::Record(REC_NOTE), *purpose, Action::Read),
					denied(DenialReason::OrganizationNotEntitled),
					"{member} of {org} for {purpose:?}"
				);
			}
			assert_ok!(Consent::revoke(signed(ALICE), id));
		}
	});
}

#[test]
fn an_account_grant_is_examined_before_the_organization_grant() {
	ExtBuilder.build_and_execute(|| {
		let org_grant = grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		let own = grant_by(ALICE, Grantee::Account(CLINICIAN), treatment_read());
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(own));
		assert_ok!(Consent::revoke(signed(ALICE), own));
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(org_grant));
	});
}

// ---------------------------------------------------------------------------------------------
// Break the glass
// ---------------------------------------------------------------------------------------------

#[test]
fn break_the_glass_permits_emergency_reads_only_and_ends_with_time() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(emergency_read(ER_DOCTOR, REC_MENTAL), denied(DenialReason::NoGrant));
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		System::assert_last_event(
			Event::EmergencyAccessOpened {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				org: HOSPITAL,
				justification: [1u8; 32],
				expires_at: START + HOUR,
				depositor: HOSPITAL_ADMIN,
				deposit: EmergencyDeposit::get(),
			}
			.into(),
		);
		assert_eq!(
			emergency_read(ER_DOCTOR, REC_MENTAL),
			AccessDecision::Permitted(AccessBasis::Emergency(id))
		);
		assert_eq!(
			check(ALICE, ER_DOCTOR, category(NOTE), Purpose::EmergencyTreatment, Action::Read),
			AccessDecision::Permitted(AccessBasis::Emergency(id))
		);
		// Read-only, emergency treatment only, this patient only, this clinician only.
		assert_eq!(
			check(ALICE, ER_DOCTOR, category(NOTE), Purpose::EmergencyTreatment, Action::Append),
			denied(DenialReason::NoGrant)
		);
		assert_eq!(read(ER_DOCTOR, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(
			check(
				DAVE,
				ER_DOCTOR,
				AccessTarget::Record(REC_DAVE),
				Purpose::EmergencyTreatment,
				Action::Read
			),
			denied(DenialReason::NoGrant)
		);
		assert_eq!(emergency_read(ER_DOCTOR_2, REC_NOTE), denied(DenialReason::NoGrant));

		set_now(START + HOUR - 1);
		assert!(emergency_read(ER_DOCTOR, REC_NOTE).is_permitted());
		set_now(START + HOUR);
		assert_eq!(emergency_read(ER_DOCTOR, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(Consent::emergency_accesses_of(ALICE, None, 10).len(), 1);
	});
}

#[test]
fn appending_during_an_emergency_needs_a_grant() {
	ExtBuilder.build_and_execute(|| {
		open_emergency(ER_DOCTOR, ALICE, HOUR);
		let appends = grant_by(
			ALICE,
			Grantee::Account(ER_DOCTOR),
			terms(&[Purpose::EmergencyTreatment], &[Action::Append], Scope::AllRecords),
		);
		assert_eq!(
			check(ALICE, ER_DOCTOR, category(NOTE), Purpose::EmergencyTreatment, Action::Append),
			permitted_by(appends)
		);
	});
}

#[test]
fn emergency_access_stops_when_the_organization_or_role_goes() {
	ExtBuilder.build_and_execute(|| {
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_eq!(emergency_read(ER_DOCTOR, REC_NOTE), denied(DenialReason::NoGrant));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		assert_eq!(
			emergency_read(ER_DOCTOR, REC_NOTE),
			AccessDecision::Permitted(AccessBasis::Emergency(id))
		);
		MockOrganizations::add_member(HOSPITAL, ER_DOCTOR, &[MemberRole::Clinician]);
		assert_eq!(emergency_read(ER_DOCTOR, REC_NOTE), denied(DenialReason::NoGrant));
	});
}

#[test]
fn open_emergency_access_fails_for_unfit_callers() {
	ExtBuilder.build_and_execute(|| {
		let open = |who: u64, patient: u64| {
			Consent::open_emergency_access(signed(who), patient, [1u8; 32], HOUR)
		};
		assert_noop!(open(ER_DOCTOR, ER_DOCTOR), Error::<Test>::EmergencyForSelf);
		assert_noop!(open(CLINICIAN, ALICE), Error::<Test>::NotEmergencyClinician);
		assert_noop!(open(EVE, ALICE), Error::<Test>::NotEmergencyClinician);
		// An emergency clinician of an organization that is not a provider.
		MockOrganizations::add_member(LAB, EVE, &[MemberRole::EmergencyClinician]);
		assert_noop!(open(EVE, ALICE), Error::<Test>::OrganizationNotEntitled);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(open(ER_DOCTOR, ALICE), Error::<Test>::OrganizationNotEntitled);
	});
}

#[test]
fn open_emergency_access_duration_must_be_positive_and_capped() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::open_emergency_access(signed(ER_DOCTOR), ALICE, [1u8; 32], 0),
			Error::<Test>::ZeroDuration
		);
		assert_noop!(
			Consent::open_emergency_access(
				signed(ER_DOCTOR),
				ALICE,
				[1u8; 32],
				MaxEmergencyDuration::get() + 1
			),
			Error::<Test>::EmergencyTooLong
		);
		let id = open_emergency(ER_DOCTOR, ALICE, MaxEmergencyDuration::get());
		assert_eq!(
			EmergencyAccesses::<Test>::get(id).unwrap().expires_at,
			START + MaxEmergencyDuration::get()
		);
	});
}

#[test]
fn open_emergency_access_fails_while_one_is_open_for_the_pair() {
	ExtBuilder.build_and_execute(|| {
		open_emergency(ER_DOCTOR, ALICE, HOUR);
		assert_noop!(
			Consent::open_emergency_access(signed(ER_DOCTOR), ALICE, [2u8; 32], HOUR),
			Error::<Test>::EmergencyAlreadyOpen
		);
		// Another clinician, or another patient, is fine.
		open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		open_emergency(ER_DOCTOR, DAVE, HOUR);
		// Once expired, the pair may open again.
		set_now(START + HOUR);
		let again = open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		assert_eq!(OpenEmergency::<Test>::get(ER_DOCTOR_2, ALICE), Some(again));
	});
}

#[test]
fn open_emergency_access_is_rate_limited_per_clinician() {
	ExtBuilder.build_and_execute(|| {
		open_emergency(ER_DOCTOR, ALICE, HOUR);
		open_emergency(ER_DOCTOR, DAVE, HOUR);
		assert_noop!(
			Consent::open_emergency_access(signed(ER_DOCTOR), BOB, [1u8; 32], HOUR),
			Error::<Test>::EmergencyRateLimited
		);
		// Closing does not give the opening back.
		assert_ok!(Consent::close_emergency_access(signed(ER_DOCTOR), 0));
		assert_noop!(
			Consent::open_emergency_access(signed(ER_DOCTOR), BOB, [1u8; 32], HOUR),
			Error::<Test>::EmergencyRateLimited
		);
		// Other clinicians have their own budget.
		open_emergency(ER_DOCTOR_2, BOB, HOUR);
		// A new window opens a day after the first opening.
		set_now(START + EmergencyWindow::get() - 1);
		assert_noop!(
			Consent::open_emergency_access(signed(ER_DOCTOR), BOB, [1u8; 32], HOUR),
			Error::<Test>::EmergencyRateLimited
		);
		set_now(START + EmergencyWindow::get());
		open_emergency(ER_DOCTOR, BOB, HOUR);
	});
}

/// Finding 9: the rate limit was per clinician only, and an organization's admin makes as many
/// emergency clinicians as it likes, itself included. An organization now opens at most
/// `MaxEmergencyPerOrganization` emergency accesses per `EmergencyWindow`, whoever opens them.
#[test]
fn finding_9_an_organization_opens_a_bounded_number_of_emergency_accesses_per_window() {
	ExtBuilder.build_and_execute(|| {
		let open = |who: u64, patient: u64| {
			Consent::open_emergency_access(signed(who), patient, [1u8; 32], HOUR)
		};
		// The admin makes itself an emergency clinician too.
		MockOrganizations::add_member(HOSPITAL, HOSPITAL_ADMIN, &[MemberRole::EmergencyClinician]);
		open_emergency(ER_DOCTOR, ALICE, HOUR);
		open_emergency(ER_DOCTOR, DAVE, HOUR);
		open_emergency(ER_DOCTOR_2, BOB, HOUR);
		open_emergency(ER_DOCTOR_2, CAROL, HOUR);
		// The hospital's fifth opening, by a clinician with openings of its own left.
		assert_noop!(open(HOSPITAL_ADMIN, EVE), Error::<Test>::EmergencyOrganizationRateLimited);
		assert_eq!(EmergencyRateOfOrganization::<Test>::get(HOSPITAL).count, 4);
		// Another organization has its own budget.
		open_emergency(CLINIC_ER_DOCTOR, EVE, HOUR);
		// A new window opens a window after the hospital's first opening.
		set_now(START + EmergencyWindow::get());
		open_emergency(HOSPITAL_ADMIN, EVE, HOUR);
	});
}

/// Finding 9: nothing bounded the emergency accesses to one patient. At most
/// `MaxEmergencyPerPatient` are opened to a patient per `EmergencyWindow` now, whoever opens
/// them.
#[test]
fn finding_9_a_patient_is_the_subject_of_a_bounded_number_of_emergency_accesses_per_window() {
	ExtBuilder.build_and_execute(|| {
		let open = |who: u64, patient: u64| {
			Consent::open_emergency_access(signed(who), patient, [1u8; 32], HOUR)
		};
		open_emergency(ER_DOCTOR, ALICE, HOUR);
		open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		open_emergency(CLINIC_ER_DOCTOR, ALICE, HOUR);
		// The fourth opening to Alice, by a clinician and an organization with openings left.
		assert_noop!(open(CLINIC_ER_DOCTOR_2, ALICE), Error::<Test>::EmergencyPatientRateLimited);
		assert_eq!(EmergencyRateOfPatient::<Test>::get(ALICE).count, 3);
		// Other patients are not affected.
		open_emergency(CLINIC_ER_DOCTOR_2, DAVE, HOUR);
		set_now(START + EmergencyWindow::get());
		open_emergency(CLINIC_ER_DOCTOR_2, ALICE, HOUR);
	});
}

/// Finding 9: emergency accesses are kept for good and held no deposit. Opening one now holds
/// `EmergencyDeposit` from the admin of the clinician's organization, released to that payer at
/// the access's first review.
#[test]
fn finding_9_an_emergency_access_holds_a_deposit_from_the_admin_until_its_first_review() {
	ExtBuilder.build_and_execute(|| {
		let deposit = EmergencyDeposit::get();
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		System::assert_last_event(
			Event::EmergencyAccessOpened {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				org: HOSPITAL,
				justification: [1u8; 32],
				expires_at: START + HOUR,
				depositor: HOSPITAL_ADMIN,
				deposit,
			}
			.into(),
		);
		assert_eq!(held_for_emergencies(HOSPITAL_ADMIN), deposit);
		assert_eq!(Balances::total_balance_on_hold(&ER_DOCTOR), 0);
		assert_eq!(EmergencyDeposits::<Test>::get(id), Some((HOSPITAL_ADMIN, deposit)));
		let second = open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		assert_eq!(held_for_emergencies(HOSPITAL_ADMIN), 2 * deposit);

		// Closing does not release it; the first review does, to the admin who paid it even
		// when the organization has another admin by then.
		set_now(START + 10);
		assert_ok!(Consent::close_emergency_access(signed(ER_DOCTOR), id));
		assert_eq!(held_for_emergencies(HOSPITAL_ADMIN), 2 * deposit);
		MockOrganizations::add(HOSPITAL, CLINICIAN, &[OrgRole::Provider]);
		assert_ok!(Consent::review_emergency_access(
			signed(INSPECTOR),
			id,
			ReviewVerdict::Justified,
			[4; 32]
		));
		System::assert_last_event(
			Event::EmergencyAccessReviewed {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				reviewer: INSPECTOR,
				class: ReviewerClass::Oversight,
				verdict: ReviewVerdict::Justified,
				note: [4; 32],
				deposit_released: deposit,
			}
			.into(),
		);
		assert_eq!(held_for_emergencies(HOSPITAL_ADMIN), deposit);
		assert_eq!(held_for_emergencies(CLINICIAN), 0);
		assert_eq!(EmergencyDeposits::<Test>::get(id), None);
		// The other side's review finds nothing left to release.
		assert_ok!(Consent::review_emergency_access(
			signed(ALICE),
			id,
			ReviewVerdict::Unjustified,
			[5; 32]
		));
		System::assert_last_event(
			Event::EmergencyAccessReviewed {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				reviewer: ALICE,
				class: ReviewerClass::Patient,
				verdict: ReviewVerdict::Unjustified,
				note: [5; 32],
				deposit_released: 0,
			}
			.into(),
		);
		// The patient side's review releases it just as well.
		set_now(START + HOUR);
		assert_ok!(Consent::review_emergency_access(
			signed(ALICE),
			second,
			ReviewVerdict::Justified,
			[6; 32]
		));
		assert_eq!(held_for_emergencies(HOSPITAL_ADMIN), 0);
	});
}

/// Finding 9: the deposit is held from the admin of the clinician's organization; without an
/// admin able to pay it, its clinicians cannot break the glass, and nothing changes.
#[test]
fn finding_9_no_emergency_access_without_its_deposit() {
	ExtBuilder.build_and_execute(|| {
		let open = || Consent::open_emergency_access(signed(ER_DOCTOR), ALICE, [1u8; 32], HOUR);
		let spendable = Balances::reducible_balance(
			&HOSPITAL_ADMIN,
			frame_support::traits::tokens::Preservation::Preserve,
			frame_support::traits::tokens::Fortitude::Polite,
		);
		assert_ok!(Balances::hold(
			&RuntimeHoldReason::Consent(HoldReason::GuardianDeposit),
			&HOSPITAL_ADMIN,
			spendable - EmergencyDeposit::get() + 1
		));
		assert_noop!(open(), Error::<Test>::CannotPayEmergencyDeposit);
		assert_eq!(EmergencyRate::<Test>::get(ER_DOCTOR).count, 0);
		assert_ok!(Balances::release(
			&RuntimeHoldReason::Consent(HoldReason::GuardianDeposit),
			&HOSPITAL_ADMIN,
			1,
			frame_support::traits::tokens::Precision::Exact
		));
		assert_ok!(open());
		assert_eq!(held_for_emergencies(HOSPITAL_ADMIN), EmergencyDeposit::get());
	});
}

#[test]
fn open_emergency_access_fails_when_ids_are_exhausted() {
	ExtBuilder.build_and_execute(|| {
		NextEmergencyId::<Test>::put(u64::MAX);
		assert_noop!(
			Consent::open_emergency_access(signed(ER_DOCTOR), ALICE, [1u8; 32], HOUR),
			Error::<Test>::IdsExhausted
		);
	});
}

#[test]
fn clinician_closes_an_emergency_access() {
	ExtBuilder.build_and_execute(|| {
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		set_now(START + 10);
		assert_noop!(
			Consent::close_emergency_access(signed(ER_DOCTOR_2), id),
			Error::<Test>::NotEmergencyOpener
		);
		assert_noop!(
			Consent::close_emergency_access(signed(ALICE), id),
			Error::<Test>::NotEmergencyOpener
		);
		assert_ok!(Consent::close_emergency_access(signed(ER_DOCTOR), id));
		System::assert_last_event(
			Event::EmergencyAccessClosed {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				closed_at: START + 10,
			}
			.into(),
		);
		assert_eq!(emergency_read(ER_DOCTOR, REC_NOTE), denied(DenialReason::NoGrant));
		assert_eq!(OpenEmergency::<Test>::get(ER_DOCTOR, ALICE), None);
		assert_noop!(
			Consent::close_emergency_access(signed(ER_DOCTOR), id),
			Error::<Test>::EmergencyAlreadyClosed
		);
		assert_noop!(
			Consent::close_emergency_access(signed(ER_DOCTOR), 9),
			Error::<Test>::UnknownEmergency
		);
	});
}

#[test]
fn an_expired_emergency_access_cannot_be_closed() {
	ExtBuilder.build_and_execute(|| {
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		set_now(START + HOUR);
		assert_noop!(
			Consent::close_emergency_access(signed(ER_DOCTOR), id),
			Error::<Test>::EmergencyAlreadyClosed
		);
	});
}

#[test]
fn patient_reviews_an_ended_emergency_access_once_for_the_patient_side() {
	ExtBuilder.build_and_execute(|| {
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		assert_noop!(
			Consent::review_emergency_access(signed(ALICE), id, ReviewVerdict::Justified, [4; 32]),
			Error::<Test>::EmergencyStillOpen
		);
		set_now(START + HOUR);
		assert_ok!(Consent::review_emergency_access(
			signed(ALICE),
			id,
			ReviewVerdict::Justified,
			[4; 32]
		));
		System::assert_last_event(
			Event::EmergencyAccessReviewed {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				reviewer: ALICE,
				class: ReviewerClass::Patient,
				verdict: ReviewVerdict::Justified,
				note: [4; 32],
				deposit_released: EmergencyDeposit::get(),
			}
			.into(),
		);
		let access = EmergencyAccesses::<Test>::get(id).unwrap();
		assert_eq!(
			access.patient_review,
			Some(EmergencyReview {
				reviewer: ALICE,
				verdict: ReviewVerdict::Justified,
				note: [4; 32],
				reviewed_at: START + HOUR,
			})
		);
		assert_eq!(access.oversight_review, None);
		// The expired access no longer counts as open for its pair.
		assert_eq!(OpenEmergency::<Test>::get(ER_DOCTOR, ALICE), None);
		assert_noop!(
			Consent::review_emergency_access(
				signed(ALICE),
				id,
				ReviewVerdict::Unjustified,
				[5; 32]
			),
			Error::<Test>::AlreadyReviewed
		);
		// The oversight side still reviews, and its review is kept apart.
		assert_ok!(Consent::review_emergency_access(
			signed(INSPECTOR),
			id,
			ReviewVerdict::Unjustified,
			[5; 32]
		));
		System::assert_last_event(
			Event::EmergencyAccessReviewed {
				id,
				patient: ALICE,
				clinician: ER_DOCTOR,
				reviewer: INSPECTOR,
				class: ReviewerClass::Oversight,
				verdict: ReviewVerdict::Unjustified,
				note: [5; 32],
				deposit_released: 0,
			}
			.into(),
		);
		let access = EmergencyAccesses::<Test>::get(id).unwrap();
		assert_eq!(access.patient_review.map(|r| r.reviewer), Some(ALICE));
		assert_eq!(access.oversight_review.map(|r| r.verdict), Some(ReviewVerdict::Unjustified));
	});
}

#[test]
fn regulators_and_guardians_review_and_others_cannot() {
	ExtBuilder.build_and_execute(|| {
		let first = open_emergency(ER_DOCTOR, ALICE, HOUR);
		let second = open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		let third = open_emergency(ER_DOCTOR, DAVE, HOUR);
		for id in [first, second, third] {
			let clinician = EmergencyAccesses::<Test>::get(id).unwrap().clinician;
			assert_ok!(Consent::close_emergency_access(signed(clinician), id));
		}
		let review = |who: u64, id: u64| {
			Consent::review_emergency_access(signed(who), id, ReviewVerdict::Unjustified, [6; 32])
		};
		for outsider in [EVE, ER_DOCTOR, HOSPITAL_ADMIN, CLINICIAN, DAVE] {
			assert_noop!(review(outsider, first), Error::<Test>::NotReviewer);
		}
		MockOrganizations::set_status(AUTHORITY, OrgStatus::Suspended);
		assert_noop!(review(INSPECTOR, first), Error::<Test>::NotReviewer);
		MockOrganizations::set_status(AUTHORITY, OrgStatus::Active);
		assert_ok!(review(INSPECTOR, first));
		// The regulator's admin reviews once it holds the `Auditor` role.
		assert_noop!(review(AUTHORITY_ADMIN, third), Error::<Test>::NotAuditor);
		MockOrganizations::add_member(AUTHORITY, AUTHORITY_ADMIN, &[MemberRole::Auditor]);
		assert_ok!(review(AUTHORITY_ADMIN, third));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_ok!(review(CAROL, second));
		assert_noop!(review(ALICE, 99), Error::<Test>::UnknownEmergency);
	});
}

/// Finding 13: the first review of an emergency access, by anyone, was final, so a regulator's
/// review silenced the patient (and the patient's, the regulator). Each class of reviewer, the
/// patient side and the oversight side, now reviews once, whatever the other did.
#[test]
fn finding_13_a_review_by_one_class_does_not_block_the_other() {
	ExtBuilder.build_and_execute(|| {
		let oversight_first = open_emergency(ER_DOCTOR, ALICE, HOUR);
		let patient_first = open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		set_now(START + HOUR);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		MockOrganizations::add_member(AUTHORITY, EVE, &[MemberRole::Auditor]);
		let review = |who: u64, id: u64, verdict: ReviewVerdict| {
			Consent::review_emergency_access(signed(who), id, verdict, [6; 32])
		};

		assert_ok!(review(INSPECTOR, oversight_first, ReviewVerdict::Justified));
		// The patient still has their say, and then neither side may review again.
		assert_ok!(review(ALICE, oversight_first, ReviewVerdict::Unjustified));
		for (who, other) in [(ALICE, CAROL), (INSPECTOR, EVE)] {
			assert_noop!(
				review(who, oversight_first, ReviewVerdict::Justified),
				Error::<Test>::AlreadyReviewed
			);
			assert_noop!(
				review(other, oversight_first, ReviewVerdict::Justified),
				Error::<Test>::AlreadyReviewed
			);
		}

		// The other way round: a guardian reviews for the patient side, an auditor after it.
		assert_ok!(review(CAROL, patient_first, ReviewVerdict::Unjustified));
		assert_noop!(
			review(ALICE, patient_first, ReviewVerdict::Justified),
			Error::<Test>::AlreadyReviewed
		);
		assert_ok!(review(EVE, patient_first, ReviewVerdict::Unjustified));
		assert_noop!(
			review(INSPECTOR, patient_first, ReviewVerdict::Justified),
			Error::<Test>::AlreadyReviewed
		);
	});
}

/// Finding 13: any member of an active regulator, whatever its member roles, reviewed for the
/// oversight side. It now takes the `Auditor` role, the admin included.
#[test]
fn finding_13_an_oversight_review_needs_the_auditor_role() {
	ExtBuilder.build_and_execute(|| {
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		set_now(START + HOUR);
		let review = |who: u64| {
			Consent::review_emergency_access(signed(who), id, ReviewVerdict::Unjustified, [6; 32])
		};
		// A regulator's clerk and its admin, neither an auditor.
		MockOrganizations::add_member(AUTHORITY, EVE, &[MemberRole::Staff]);
		assert_noop!(review(EVE), Error::<Test>::NotAuditor);
		assert_noop!(review(AUTHORITY_ADMIN), Error::<Test>::NotAuditor);
		// An auditor of an organization that is no regulator.
		MockOrganizations::add_member(HOSPITAL, DAVE, &[MemberRole::Auditor]);
		assert_noop!(review(DAVE), Error::<Test>::NotReviewer);
		// The admin who gives itself the role reviews.
		MockOrganizations::add_member(AUTHORITY, AUTHORITY_ADMIN, &[MemberRole::Auditor]);
		assert_ok!(review(AUTHORITY_ADMIN));
	});
}

/// A guardian who is also a regulator's auditor speaks for the patient side: one account never
/// fills both sides.
#[test]
fn a_guardian_who_is_an_auditor_reviews_for_the_patient_side() {
	ExtBuilder.build_and_execute(|| {
		let id = open_emergency(ER_DOCTOR, ALICE, HOUR);
		set_now(START + HOUR);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), INSPECTOR));
		assert_ok!(Consent::review_emergency_access(
			signed(INSPECTOR),
			id,
			ReviewVerdict::Justified,
			[6; 32]
		));
		let access = EmergencyAccesses::<Test>::get(id).unwrap();
		assert_eq!(access.patient_review.map(|r| r.reviewer), Some(INSPECTOR));
		assert_eq!(access.oversight_review, None);
		assert_noop!(
			Consent::review_emergency_access(
				signed(INSPECTOR),
				id,
				ReviewVerdict::Justified,
				[6; 32]
			),
			Error::<Test>::AlreadyReviewed
		);
	});
}

/// The migration to storage version 2 files each version 1 review under its reviewer's side:
/// the patient's and a guardian's under the patient side, anyone else's (a regulator's member)
/// under the oversight side; it leaves the rest of each access alone and runs once.
#[test]
fn migration_v1_to_v2_files_each_review_under_its_side() {
	use crate::migrations::v2::{v1, MigrateV1ToV2};
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let ids: Vec<u64> = [(ER_DOCTOR, ALICE), (ER_DOCTOR_2, ALICE), (ER_DOCTOR, DAVE)]
			.into_iter()
			.chain([(ER_DOCTOR_2, DAVE)])
			.map(|(clinician, patient)| open_emergency(clinician, patient, HOUR))
			.collect();
		set_now(START + HOUR);
		let review = |reviewer: u64| EmergencyReview {
			reviewer,
			verdict: ReviewVerdict::Unjustified,
			note: [8; 32],
			reviewed_at: START + HOUR,
		};
		// Version 1 held no emergency deposits.
		for (_, (payer, amount)) in EmergencyDeposits::<Test>::drain() {
			assert_ok!(Balances::release(
				&RuntimeHoldReason::Consent(HoldReason::EmergencyDeposit),
				&payer,
				amount,
				frame_support::traits::tokens::Precision::Exact
			));
		}
		// Back to the version 1 layout: reviews by the patient, a guardian, a regulator's
		// member, and none.
		let reviewers = [Some(ALICE), Some(CAROL), Some(INSPECTOR), None];
		let mut expected = Vec::new();
		for (id, reviewer) in ids.iter().zip(reviewers) {
			let access = EmergencyAccesses::<Test>::get(id).unwrap();
			expected.push(access.clone());
			if reviewer.is_some() {
				// As version 1's review did.
				OpenEmergency::<Test>::remove(access.clinician, access.patient);
			}
			v1::EmergencyAccesses::<Test>::insert(
				id,
				v1::EmergencyAccess {
					patient: access.patient,
					clinician: access.clinician,
					org: access.org,
					justification: access.justification,
					opened_at: access.opened_at,
					expires_at: access.expires_at,
					closed_at: access.closed_at,
					review: reviewer.map(review),
				},
			);
		}
		expected[0].patient_review = Some(review(ALICE));
		expected[1].patient_review = Some(review(CAROL));
		expected[2].oversight_review = Some(review(INSPECTOR));
		StorageVersion::new(1).put::<Consent>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Consent::on_chain_storage_version(), StorageVersion::new(2));
		let migrated: Vec<_> =
			ids.iter().map(|id| EmergencyAccesses::<Test>::get(id).unwrap()).collect();
		assert_eq!(migrated, expected);
		// The patient whose guardian reviewed may not review again; Dave, whose access a
		// regulator reviewed, still may.
		assert_noop!(
			Consent::review_emergency_access(
				signed(ALICE),
				ids[1],
				ReviewVerdict::Justified,
				[9; 32]
			),
			Error::<Test>::AlreadyReviewed
		);
		assert_ok!(Consent::review_emergency_access(
			signed(DAVE),
			ids[2],
			ReviewVerdict::Justified,
			[9; 32]
		));
		// A second run finds version 2 and does nothing.
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert!(EmergencyAccesses::<Test>::get(ids[2]).unwrap().patient_review.is_some());
	});
}

#[test]
fn emergency_accesses_of_pages_through_a_patients_accesses() {
	ExtBuilder.build_and_execute(|| {
		let mut opened =
			vec![open_emergency(ER_DOCTOR, ALICE, HOUR), open_emergency(ER_DOCTOR_2, ALICE, HOUR)];
		open_emergency(ER_DOCTOR, DAVE, HOUR);
		set_now(START + HOUR);
		opened.push(open_emergency(ER_DOCTOR_2, ALICE, HOUR));

		let mut seen = Vec::new();
		let mut cursor = None;
		loop {
			let page = Consent::emergency_accesses_of(ALICE, cursor, 2);
			assert!(page.len() <= 2);
			let Some((last, _)) = page.last() else { break };
			cursor = Some(*last);
			seen.extend(page.iter().map(|(id, access)| {
				assert_eq!(access.patient, ALICE);
				*id
			}));
		}
		seen.sort();
		opened.sort();
		assert_eq!(seen, opened);
		assert_eq!(Consent::emergency_access(opened[0]).unwrap().clinician, ER_DOCTOR);
	});
}

// ---------------------------------------------------------------------------------------------
// Access log
// ---------------------------------------------------------------------------------------------

/// Finding 6: anyone could log an attempt against any account, creating its counters and
/// inflating a real patient's denied counter.
#[test]
fn finding_6_log_access_is_only_for_accountable_accessors() {
	ExtBuilder.build_and_execute(|| {
		let log = |who: u64, patient: u64| {
			Consent::log_access(
				signed(who),
				patient,
				AccessTarget::Record(REC_NOTE),
				Purpose::Treatment,
				Action::Read,
			)
		};
		// A stranger to the patient and to every organization.
		assert_noop!(log(EVE, ALICE), Error::<Test>::NotAccountableAccessor);
		// Someone of a suspended organization answers to no one active.
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(log(CLINICIAN, ALICE), Error::<Test>::NotAccountableAccessor);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		// An account the chain knows nothing of gets no counters, even from an accountable
		// accessor; the attempt is still in the trail.
		assert_ok!(Consent::log_access(
			signed(CLINICIAN),
			777,
			category(NOTE),
			Purpose::Treatment,
			Action::Read
		));
		assert!(!AccessCounters::<Test>::contains_key(777));
		// A record of the patient, or a patient with grants, is counted.
		assert_ok!(log(CLINICIAN, ALICE));
		assert_eq!(Consent::access_counters(ALICE).denied, 1);
		grant_by(DAVE, Grantee::Account(EVE), treatment_read());
		assert_ok!(Consent::log_access(
			signed(EVE),
			DAVE,
			category(NOTE),
			Purpose::Research,
			Action::Read
		));
		assert_eq!(Consent::access_counters(DAVE).denied, 1);
	});
}

#[test]
fn log_access_succeeds_for_a_denied_attempt_and_keeps_it() {
	ExtBuilder.build_and_execute(|| {
		assert_ok!(Consent::log_access(
			signed(RESEARCHER),
			ALICE,
			AccessTarget::Record(REC_MENTAL),
			Purpose::Treatment,
			Action::Read
		));
		System::assert_last_event(
			Event::AccessLogged {
				patient: ALICE,
				accessor: RESEARCHER,
				target: AccessTarget::Record(REC_MENTAL),
				purpose: Purpose::Treatment,
				action: Action::Read,
				decision: denied(DenialReason::NoGrant),
			}
			.into(),
		);
		assert_eq!(
			Consent::access_counters(ALICE),
			AccessTally { permitted: 0, denied: 1, emergency: 0 }
		);
	});
}

/// A record of ALICE's held by HOSPITAL, for the gatekeeper tests.
const REC_HELD: RecordId = 90;
const REQUEST: [u8; 32] = [7; 32];

fn log_served(logger: u64, accessor: u64) -> DispatchResultWithPostInfo {
	Consent::log_served(signed(logger), accessor, REC_HELD, Purpose::Treatment, REQUEST)
}

fn served(accessor: u64, decision: AccessDecision) -> RuntimeEvent {
	Event::AccessServed {
		patient: ALICE,
		accessor,
		record: REC_HELD,
		purpose: Purpose::Treatment,
		decision,
		custodian: HOSPITAL,
		request: REQUEST,
	}
	.into()
}

/// A stranger cannot log its own attempt (`NotAccountableAccessor`), so the custodian's
/// gatekeeper logs it: the refusal is on the patient's trail and in the counters.
#[test]
fn log_served_puts_a_strangers_refused_read_on_the_patients_trail() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add_held(REC_HELD, ALICE, NOTE, HOSPITAL);
		assert_ok!(log_served(HOSPITAL_STAFF, EVE));
		System::assert_last_event(served(EVE, denied(DenialReason::NoGrant)));
		assert_eq!(
			Consent::access_counters(ALICE),
			AccessTally { permitted: 0, denied: 1, emergency: 0 }
		);
	});
}

#[test]
fn log_served_permits_a_grantee_and_ends_with_the_grant() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add_held(REC_HELD, ALICE, NOTE, HOSPITAL);
		let id = grant_by(ALICE, Grantee::Account(EVE), treatment_read());
		assert_ok!(log_served(HOSPITAL_ADMIN, EVE));
		System::assert_last_event(served(EVE, permitted_by(id)));
		assert_ok!(Consent::revoke(signed(ALICE), id));
		assert_ok!(log_served(HOSPITAL_ADMIN, EVE));
		System::assert_last_event(served(EVE, denied(DenialReason::NoGrant)));
		assert_eq!(
			Consent::access_counters(ALICE),
			AccessTally { permitted: 1, denied: 1, emergency: 0 }
		);
	});
}

#[test]
fn log_served_is_only_for_the_staff_of_the_records_active_custodian() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add_held(REC_HELD, ALICE, NOTE, HOSPITAL);
		// A clinician of the custodian, another organization's admin, the patient.
		for who in [CLINICIAN, LAB_ADMIN, ALICE] {
			assert_noop!(log_served(who, EVE), Error::<Test>::NotRecordCustodian);
		}
		// A suspended custodian serves nothing.
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(log_served(HOSPITAL_STAFF, EVE), Error::<Test>::NotRecordCustodian);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Active);
		// A patient's own upload has no custodian.
		MockRecords::add(REC_HELD + 1, ALICE, NOTE, 1);
		assert_noop!(
			Consent::log_served(
				signed(HOSPITAL_STAFF),
				EVE,
				REC_HELD + 1,
				Purpose::Treatment,
				REQUEST
			),
			Error::<Test>::NotRecordCustodian
		);
		// Unknown and erased records.
		MockRecords::erase(REC_HELD);
		assert_noop!(log_served(HOSPITAL_STAFF, EVE), Error::<Test>::UnknownRecord);
		assert_eq!(Consent::access_counters(ALICE), AccessTally::default());
	});
}

#[test]
fn log_served_is_charged_the_decision_it_made() {
	ExtBuilder.build_and_execute(|| {
		MockRecords::add_held(REC_HELD, ALICE, NOTE, HOSPITAL);
		grant_by(ALICE, Grantee::Account(EVE), treatment_read());
		let info = log_served(HOSPITAL_STAFF, EVE).unwrap();
		let custodian_check = <Test as frame_system::Config>::DbWeight::get().reads(2);
		let examined = Examined { grants: 1, denies: 0 };
		assert_eq!(
			info.actual_weight,
			Some(Consent::decision_weight(examined).saturating_add(custodian_check))
		);
		let call = RuntimeCall::Consent(crate::Call::log_served {
			accessor: EVE,
			record: REC_HELD,
			purpose: Purpose::Treatment,
			request: REQUEST,
		});
		assert!(info.actual_weight.unwrap().all_lte(call.get_dispatch_info().call_weight));
	});
}

/// A permitted attempt always has a grant or an emergency access behind it, so it is counted
/// even for a patient with no grants or guardians.
#[test]
fn a_permitted_emergency_read_is_counted_for_a_patient_without_grants() {
	ExtBuilder.build_and_execute(|| {
		let patient = 777;
		let id = open_emergency(ER_DOCTOR, patient, HOUR);
		assert_ok!(Consent::log_access(
			signed(ER_DOCTOR),
			patient,
			category(NOTE),
			Purpose::EmergencyTreatment,
			Action::Read
		));
		System::assert_last_event(
			Event::AccessLogged {
				patient,
				accessor: ER_DOCTOR,
				target: category(NOTE),
				purpose: Purpose::EmergencyTreatment,
				action: Action::Read,
				decision: AccessDecision::Permitted(AccessBasis::Emergency(id)),
			}
			.into(),
		);
		assert_eq!(
			Consent::access_counters(patient),
			AccessTally { permitted: 1, denied: 0, emergency: 1 }
		);
	});
}

#[test]
fn log_access_counts_permitted_emergency_and_denied_accesses() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		let log = |who: u64, purpose: Purpose, action: Action| {
			assert_ok!(Consent::log_access(
				signed(who),
				ALICE,
				AccessTarget::Record(REC_NOTE),
				purpose,
				action
			));
		};
		log(BOB, Purpose::Treatment, Action::Read);
		System::assert_last_event(
			Event::AccessLogged {
				patient: ALICE,
				accessor: BOB,
				target: AccessTarget::Record(REC_NOTE),
				purpose: Purpose::Treatment,
				action: Action::Read,
				decision: permitted_by(id),
			}
			.into(),
		);
		log(ALICE, Purpose::Treatment, Action::Append);
		let emergency = open_emergency(ER_DOCTOR, ALICE, HOUR);
		log(ER_DOCTOR, Purpose::EmergencyTreatment, Action::Read);
		System::assert_last_event(
			Event::AccessLogged {
				patient: ALICE,
				accessor: ER_DOCTOR,
				target: AccessTarget::Record(REC_NOTE),
				purpose: Purpose::EmergencyTreatment,
				action: Action::Read,
				decision: AccessDecision::Permitted(AccessBasis::Emergency(emergency)),
			}
			.into(),
		);
		log(ER_DOCTOR, Purpose::EmergencyTreatment, Action::Append);
		log(BOB, Purpose::Research, Action::Read);
		assert_eq!(
			Consent::access_counters(ALICE),
			AccessTally { permitted: 3, denied: 2, emergency: 1 }
		);
		assert_eq!(Consent::access_counters(DAVE), AccessTally::default());
	});
}

#[test]
fn log_access_of_an_unknown_or_foreign_record_is_kept_as_denied() {
	ExtBuilder.build_and_execute(|| {
		for record in [999, REC_DAVE] {
			assert_ok!(Consent::log_access(
				signed(ALICE),
				ALICE,
				AccessTarget::Record(record),
				Purpose::Treatment,
				Action::Read
			));
			System::assert_last_event(
				Event::AccessLogged {
					patient: ALICE,
					accessor: ALICE,
					target: AccessTarget::Record(record),
					purpose: Purpose::Treatment,
					action: Action::Read,
					decision: denied(DenialReason::UnknownRecord),
				}
				.into(),
			);
		}
		// Nothing of Alice's was named: the attempts are in the trail, not in her counters.
		assert!(!AccessCounters::<Test>::contains_key(ALICE));
		assert_eq!(Consent::access_counters(DAVE), AccessTally::default());
	});
}

#[test]
fn log_access_charges_for_the_grants_it_examined() {
	ExtBuilder.build_and_execute(|| {
		let log = |who: u64| {
			Consent::log_access(
				signed(who),
				ALICE,
				AccessTarget::Record(REC_NOTE),
				Purpose::Research,
				Action::Read,
			)
			.unwrap()
			.actual_weight
		};
		let none = Examined { grants: 0, denies: 0 };
		assert_eq!(log(CLINICIAN), Some(Consent::decision_weight(none)));
		grant_by(ALICE, Grantee::Account(CLINICIAN), treatment_read());
		grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		let two = Examined { grants: 2, denies: 0 };
		assert_eq!(log(CLINICIAN), Some(Consent::decision_weight(two)));
	});
}

#[test]
fn log_access_gives_back_the_reads_of_denies_it_did_not_read() {
	ExtBuilder.build_and_execute(|| {
		let log = || {
			Consent::log_access(
				signed(CLINICIAN),
				ALICE,
				AccessTarget::Record(REC_NOTE),
				Purpose::Treatment,
				Action::Read,
			)
			.unwrap()
			.actual_weight
			.unwrap_or_default()
		};
		let worst: Weight = <() as WeightInfo>::log_access(0);
		let read = <Test as frame_system::Config>::DbWeight::get().reads(1);
		let max_denies = u64::from(<<Test as Config>::MaxDeniesPerPatient as Get<u32>>::get());
		// No deny: every deny read of the benchmark is given back.
		assert_eq!(log(), worst - read * max_denies);
		// A deny against the clinician that refuses only research is read, and does not
		// refuse this treatment read; one against its organization likewise.
		let research = deny_terms(&[Purpose::Research], &[], Scope::AllRecords, &[]);
		deny_by(ALICE, Grantee::Account(CLINICIAN), research.clone());
		assert_eq!(log(), worst - read * (max_denies - 1));
		deny_by(ALICE, Grantee::Organization(HOSPITAL), research);
		assert_eq!(log(), worst - read * (max_denies - 2));
		// A charge never exceeds what the call declared.
		let pair = <<Test as Config>::MaxGrantsPerPair as Get<u32>>::get();
		let declared = <() as WeightInfo>::log_access(pair * 2);
		assert!(log().all_lte(declared));
	});
}

#[test]
fn grant_gives_back_what_a_grant_of_the_patient_does_not_touch() {
	ExtBuilder.build_and_execute(|| {
		let db = <Test as frame_system::Config>::DbWeight::get();
		let full = <() as WeightInfo>::grant(treatment_read().scope.len(), 0, 0);
		let charged = |who: u64, on_behalf_of: Option<u64>, grantee: Grantee<u64>, t: Terms| {
			Consent::grant(signed(who), on_behalf_of, grantee, t).unwrap().actual_weight.unwrap()
		};
		// The patient's own grant to an organization, with an end: no guardian reads or write.
		assert_eq!(
			charged(ALICE, None, Grantee::Organization(HOSPITAL), treatment_read()),
			full - db.reads_writes(2, 1)
		);
		// To an account, open-ended: no organization read and no expiry entry either.
		let mut open = treatment_read();
		open.valid_until = None;
		open.open_ended = true;
		assert_eq!(
			charged(ALICE, Some(ALICE), Grantee::Account(BOB), open),
			full - db.reads_writes(2, 1) - db.reads(1) - db.writes(1)
		);
		// A guardian's grant to an organization with an end is the benchmark: charged in full.
		assert_ok!(Consent::appoint_guardian(signed(CAROL), DAVE));
		assert_eq!(
			charged(DAVE, Some(CAROL), Grantee::Organization(HOSPITAL), treatment_read()),
			full
		);
	});
}

// ---------------------------------------------------------------------------------------------
// Queries and ConsentInspect
// ---------------------------------------------------------------------------------------------

#[test]
fn grants_of_and_grants_to_page_through_every_grant() {
	ExtBuilder.build_and_execute(|| {
		let mut alices = Vec::new();
		for grantee in [BOB, CAROL, DAVE, EVE] {
			alices.push(grant_by(ALICE, Grantee::Account(grantee), treatment_read()));
		}
		alices.push(grant_by(ALICE, Grantee::Account(BOB), treatment_read()));
		alices.push(grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read()));
		let daves_to_bob = grant_by(DAVE, Grantee::Account(BOB), treatment_read());

		let collect = |page: &dyn Fn(Option<GrantId>) -> Vec<GrantEntry<u64>>| {
			let mut seen = Vec::new();
			let mut cursor = None;
			loop {
				let entries = page(cursor);
				assert!(entries.len() <= 4);
				let Some((last, _)) = entries.last() else { break };
				cursor = Some(*last);
				seen.extend(entries.iter().map(|(id, _)| *id));
			}
			seen.sort();
			seen
		};
		assert_eq!(collect(&|after| Consent::grants_of(ALICE, after, 4)), alices);
		assert_eq!(
			collect(&|after| Consent::grants_to(Grantee::Account(BOB), after, 4)),
			vec![alices[0], alices[4], daves_to_bob]
		);
		assert_eq!(
			Consent::grants_to(Grantee::Organization(HOSPITAL), None, 10),
			vec![(alices[5], Grants::<Test>::get(alices[5]).unwrap().to_view())]
		);
		assert!(Consent::grants_of(ALICE, None, 0).is_empty());
		assert!(Consent::grants_of(CAROL, None, 10).is_empty());
	});
}

#[test]
fn page_size_is_capped() {
	ExtBuilder.build_and_execute(|| {
		// 3 grants per pair, 40 grantees: 120 grants of Alice.
		for grantee in 1_000..1_040u64 {
			for _ in 0..3 {
				grant_by(ALICE, Grantee::Account(grantee), treatment_read());
			}
		}
		assert_eq!(Consent::grants_of(ALICE, None, u32::MAX).len(), MAX_PAGE as usize);
	});
}

#[test]
fn grant_info_shows_the_whole_grant() {
	ExtBuilder.build_and_execute(|| {
		let mut t = with_exceptions(
			terms(&[Purpose::Research, Purpose::Treatment], &[Action::Read], categories(&[LABS])),
			vec![Exception::Record(REC_LABS)],
		);
		t.data_period = Some(period(1, 2));
		let id = grant_by(ALICE, Grantee::Account(BOB), t);
		let deposit = Grants::<Test>::get(id).unwrap().deposit;
		assert_eq!(
			Consent::grant_info(id),
			Some(GrantView {
				patient: ALICE,
				grantor: ALICE,
				grantee: Grantee::Account(BOB),
				purposes: vec![Purpose::Treatment, Purpose::Research],
				actions: vec![Action::Read],
				scope: ScopeView::Categories(vec![category_tag(LABS)]),
				data_period: Some(period(1, 2).to_vec()),
				validity: Validity { from: START, until: Some(START + DAY) },
				exceptions: vec![Exception::Record(REC_LABS)],
				created_at: START,
				deposit: deposit.into(),
			})
		);
		assert_eq!(Consent::grant_info(id + 1), None);
	});
}

#[test]
fn read_grant_for_finds_a_live_read_grant_of_the_grantee_or_its_organization() {
	ExtBuilder.build_and_execute(|| {
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), None);
		// Append-only grants do not count.
		grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Treatment], &[Action::Append], Scope::AllRecords),
		);
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), None);
		let research = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Purpose::Research], &[Action::Read], categories(&[NOTE])),
		);
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), Some(research));
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_LABS), None);
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_DAVE), None);
		assert_eq!(Consent::read_grant_for(&DAVE, &BOB, REC_DAVE), None);

		let org = grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE), Some(org));
		assert_eq!(Consent::read_grant_for(&ALICE, &HOSPITAL_STAFF, REC_NOTE), None);

		set_now(START + DAY);
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), None);
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE), None);
	});
}

#[test]
fn consent_inspect_check_access_matches_the_query() {
	ExtBuilder.build_and_execute(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_eq!(
			<Consent as ConsentInspect<u64>>::check_access(
				&ALICE,
				&BOB,
				&AccessTarget::Record(REC_NOTE),
				Purpose::Treatment,
				Action::Read
			),
			permitted_by(id)
		);
		assert!(<Consent as ConsentInspect<u64>>::is_grant_live(id));
		assert!(!<Consent as ConsentInspect<u64>>::is_grant_live(id + 1));
		assert_ok!(Consent::revoke(signed(ALICE), id));
		assert!(!<Consent as ConsentInspect<u64>>::is_grant_live(id));
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_grant_covers_everything_without_end() {
	ExtBuilder.build_and_execute(|| {
		let id = <Consent as ConsentInspect<u64>>::benchmark_grant(&ALICE, &BOB);
		for purpose in Purpose::ALL {
			assert_eq!(
				check(ALICE, BOB, AccessTarget::Record(REC_MENTAL), purpose, Action::Read),
				permitted_by(id)
			);
			assert_eq!(
				check(ALICE, BOB, category(NOTE), purpose, Action::Append),
				permitted_by(id)
			);
		}
		assert_eq!(Grants::<Test>::get(id).unwrap().validity.until, None);
	});
}

// ---------------------------------------------------------------------------------------------
// Genesis, hooks, invariants
// ---------------------------------------------------------------------------------------------

fn genesis_ext(grants: Vec<GenesisGrant<u64>>) -> sp_io::TestExternalities {
	let storage =
		RuntimeGenesisConfig { consent: pallet_consent_genesis(grants), ..Default::default() }
			.build_storage()
			.expect("genesis builds");
	sp_io::TestExternalities::new(storage)
}

fn pallet_consent_genesis(grants: Vec<GenesisGrant<u64>>) -> crate::GenesisConfig<Test> {
	crate::GenesisConfig { grants }
}

#[test]
fn genesis_grants_are_stored_without_deposit() {
	let grants = vec![
		GenesisGrant {
			patient: ALICE,
			grantee: Grantee::Organization(HOSPITAL),
			purposes: vec![Purpose::Treatment, Purpose::EmergencyTreatment],
			actions: vec![Action::Read, Action::Append],
			scope: GenesisScope::AllRecords,
			valid_until: None,
		},
		GenesisGrant {
			patient: ALICE,
			grantee: Grantee::Account(BOB),
			purposes: vec![Purpose::Research],
			actions: vec![Action::Read],
			scope: GenesisScope::Categories(vec![category_tag(LABS)]),
			valid_until: Some(START + DAY),
		},
		GenesisGrant {
			patient: DAVE,
			grantee: Grantee::Account(BOB),
			purposes: vec![Purpose::Treatment],
			actions: vec![Action::Read],
			scope: GenesisScope::Records(vec![REC_DAVE]),
			valid_until: None,
		},
	];
	genesis_ext(grants).execute_with(|| {
		Timestamp::set_timestamp(START);
		MockRecords::add(REC_LABS, ALICE, LABS, LABS_DAY);
		MockRecords::add(REC_DAVE, DAVE, NOTE, NOTE_DAY);
		MockOrganizations::clear();
		MockOrganizations::add(
			HOSPITAL,
			HOSPITAL_ADMIN,
			&[healthchain_primitives::OrgRole::Provider],
		);
		MockOrganizations::add_member(HOSPITAL, CLINICIAN, &[MemberRole::Clinician]);

		assert_eq!(NextGrantId::<Test>::get(), 3);
		let first = Grants::<Test>::get(0).unwrap();
		assert_eq!(first.deposit, 0);
		assert_eq!(first.grantor, ALICE);
		assert_eq!(first.validity, Validity { from: 0, until: None });
		assert_eq!(read(CLINICIAN, REC_LABS), permitted_by(0));
		assert_eq!(
			check(ALICE, BOB, AccessTarget::Record(REC_LABS), Purpose::Research, Action::Read),
			permitted_by(1)
		);
		assert_eq!(
			check(DAVE, BOB, AccessTarget::Record(REC_DAVE), Purpose::Treatment, Action::Read),
			permitted_by(2)
		);
		assert!(ExpiryQueue::<Test>::contains_key(expiry_key(START + DAY), 1));
		Consent::do_try_state().unwrap();
	});
}

#[test]
#[should_panic(expected = "consent genesis grant #0 is invalid: no purpose")]
fn genesis_rejects_a_grant_without_purpose() {
	genesis_ext(vec![GenesisGrant {
		patient: ALICE,
		grantee: Grantee::Account(BOB),
		purposes: vec![],
		actions: vec![Action::Read],
		scope: GenesisScope::AllRecords,
		valid_until: None,
	}]);
}

#[test]
#[should_panic(expected = "consent genesis grant #0 is invalid: grant to the patient themself")]
fn genesis_rejects_a_grant_to_the_patient() {
	genesis_ext(vec![GenesisGrant {
		patient: ALICE,
		grantee: Grantee::Account(ALICE),
		purposes: vec![Purpose::Treatment],
		actions: vec![Action::Read],
		scope: GenesisScope::AllRecords,
		valid_until: None,
	}]);
}

#[test]
#[should_panic(expected = "consent genesis grant #0 is invalid: empty scope")]
fn genesis_rejects_an_empty_scope() {
	genesis_ext(vec![GenesisGrant {
		patient: ALICE,
		grantee: Grantee::Account(BOB),
		purposes: vec![Purpose::Treatment],
		actions: vec![Action::Read],
		scope: GenesisScope::Records(vec![]),
		valid_until: None,
	}]);
}

#[test]
fn every_call_refuses_unsigned_and_root_origins() {
	ExtBuilder.build_and_execute(|| {
		grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		open_emergency(ER_DOCTOR, ALICE, HOUR);
		deny_by(ALICE, Grantee::Account(EVE), deny_all());
		// Every call, with arguments its rightful caller could use.
		type Call = fn(RuntimeOrigin) -> DispatchResult;
		let calls: [(&str, Call); 13] = [
			("grant", |o| {
				Consent::grant(o, None, Grantee::Account(BOB), treatment_read())
					.map(|_| ())
					.map_err(|e| e.error)
			}),
			("revoke", |o| Consent::revoke(o, 0).map(|_| ()).map_err(|e| e.error)),
			("remove_expired", |o| Consent::remove_expired(o, 0).map(|_| ()).map_err(|e| e.error)),
			("appoint_guardian", |o| Consent::appoint_guardian(o, EVE)),
			("remove_guardian", |o| {
				Consent::remove_guardian(o, CAROL).map(|_| ()).map_err(|e| e.error)
			}),
			("resign_guardian", |o| {
				Consent::resign_guardian(o, ALICE).map(|_| ()).map_err(|e| e.error)
			}),
			("open_emergency_access", |o| Consent::open_emergency_access(o, DAVE, [1; 32], HOUR)),
			("close_emergency_access", |o| Consent::close_emergency_access(o, 0)),
			("review_emergency_access", |o| {
				Consent::review_emergency_access(o, 0, ReviewVerdict::Justified, [2; 32])
			}),
			("log_access", |o| {
				Consent::log_access(
					o,
					ALICE,
					AccessTarget::Record(REC_NOTE),
					Purpose::Treatment,
					Action::Read,
				)
				.map(|_| ())
				.map_err(|e| e.error)
			}),
			("deny", |o| Consent::deny(o, None, Grantee::Account(BOB), deny_all())),
			("revoke_deny", |o| Consent::revoke_deny(o, 0)),
			("log_served", |o| {
				Consent::log_served(o, EVE, REC_NOTE, Purpose::Treatment, [3; 32])
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

#[test]
fn integrity_test_passes_for_the_mock() {
	<Consent as Hooks<u64>>::integrity_test();
}

#[test]
fn try_state_detects_broken_indexes() {
	ExtBuilder.build().execute_with(|| {
		let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_ok!(Consent::do_try_state());
		GrantsOfPatient::<Test>::remove(ALICE, id);
		assert!(Consent::do_try_state().is_err());
		GrantsOfPatient::<Test>::insert(ALICE, id, ());
		ExpiryQueue::<Test>::remove(expiry_key(START + DAY), id);
		assert!(Consent::do_try_state().is_err());
		ExpiryQueue::<Test>::insert(expiry_key(START + DAY), id, ());
		GrantsByPair::<Test>::insert(
			ALICE,
			Grantee::Account(CAROL),
			BoundedVec::truncate_from(vec![id]),
		);
		assert!(Consent::do_try_state().is_err());
		GrantsByPair::<Test>::remove(ALICE, Grantee::Account(CAROL));
		assert_ok!(Consent::do_try_state());
	});
}

// ---------------------------------------------------------------------------------------------
// Deny provisions
// ---------------------------------------------------------------------------------------------

type DTerms = DenyTermsOf<Test>;

/// Deny terms for `purpose_list`, `action_list`, `scope` and the labels `label_codes` (an empty
/// list restricts nothing).
fn deny_terms(
	purpose_list: &[Purpose],
	action_list: &[Action],
	scope: TestScope,
	label_codes: &[&[u8]],
) -> DTerms {
	DenyTerms {
		purposes: purposes(purpose_list),
		actions: actions(action_list),
		scope,
		labels: BoundedVec::truncate_from(label_codes.iter().map(|c| label_tag(c)).collect()),
	}
}

/// Refuses everything: every purpose, action and record, whatever its labels.
fn deny_all() -> DTerms {
	deny_terms(&[], &[], Scope::AllRecords, &[])
}

/// Records a deny of `patient` (signed by the patient) against `actor`; returns its id.
fn deny_by(patient: u64, actor: Grantee<u64>, t: DTerms) -> DenyId {
	let id = NextDenyId::<Test>::get();
	assert_ok!(Consent::deny(signed(patient), None, actor, t));
	id
}

fn refused_by(id: DenyId) -> AccessDecision {
	denied(DenialReason::DenyProvision(id))
}

fn held_for_denies(who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Consent(HoldReason::DenyDeposit), &who)
}

/// Finding 10: a patient who trusts a hospital (an organization grant) could not keep one of
/// its clinicians out. The only lever was revoking the hospital's grant, which shut out every
/// clinician of it. A deny provision naming the clinician refuses that clinician alone, and
/// overrides every grant, the clinician's own included.
#[test]
fn finding_10_a_patient_refuses_one_clinician_of_a_trusted_organization() {
	ExtBuilder.build_and_execute(|| {
		let org = grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(org));
		assert_eq!(read(ER_DOCTOR, REC_NOTE), permitted_by(org));

		let id = deny_by(ALICE, Grantee::Account(CLINICIAN), deny_all());
		assert_eq!(read(CLINICIAN, REC_NOTE), refused_by(id));
		assert_eq!(read(CLINICIAN, REC_MENTAL), refused_by(id));
		// The clinician's colleagues are served as before.
		assert_eq!(read(ER_DOCTOR, REC_NOTE), permitted_by(org));
		// Deny overrides permit: a grant to the clinician personally does not help, for any
		// target or action.
		let own = grant_by(
			ALICE,
			Grantee::Account(CLINICIAN),
			terms(&[Purpose::Treatment], &[Action::Read, Action::Append], Scope::AllRecords),
		);
		assert_eq!(read(CLINICIAN, REC_NOTE), refused_by(id));
		assert_eq!(append(CLINICIAN, facts(NOTE, &[], TODAY)), refused_by(id));
		assert_eq!(
			check(ALICE, CLINICIAN, category(NOTE), Purpose::Treatment, Action::Read),
			refused_by(id)
		);
		// No record key is handed out to the clinician under either grant.
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE), None);
		assert_eq!(Consent::read_grant_for(&ALICE, &ER_DOCTOR, REC_NOTE), Some(org));

		assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(own));
	});
}

#[test]
fn deny_holds_a_deposit_from_the_patient_and_revoke_deny_returns_it() {
	ExtBuilder.build_and_execute(|| {
		let free_before = Balances::free_balance(ALICE);
		let id = deny_by(ALICE, Grantee::Account(BOB), deny_all());
		let deny = Denies::<Test>::get(id).unwrap();
		System::assert_last_event(Event::DenyRecorded { id, deny: deny.clone() }.into());
		assert_eq!(deny.recorded_by, ALICE);
		assert_eq!(deny.created_at, START);
		let expected = 10 + deny.encoded_size() as u64;
		assert_eq!(deny.deposit, expected);
		assert_eq!(Consent::deny_deposit(&deny), expected);
		assert_eq!(held_for_denies(ALICE), expected);
		assert_eq!(Balances::free_balance(ALICE), free_before - expected);
		assert_eq!(DeniesOfPatient::<Test>::get(ALICE).to_vec(), vec![id]);
		assert_eq!(DeniesByPair::<Test>::get(ALICE, Grantee::Account(BOB)).to_vec(), vec![id]);

		assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		System::assert_last_event(
			Event::DenyRevoked {
				id,
				patient: ALICE,
				actor: Grantee::Account(BOB),
				revoked_by: ALICE,
				deposit_released: expected,
			}
			.into(),
		);
		assert_eq!(held_for_denies(ALICE), 0);
		assert_eq!(Balances::free_balance(ALICE), free_before);
		assert!(!Denies::<Test>::contains_key(id));
		assert!(!DeniesOfPatient::<Test>::contains_key(ALICE));
		assert!(!DeniesByPair::<Test>::contains_key(ALICE, Grantee::Account(BOB)));
	});
}

#[test]
fn a_guardian_records_denies_the_patient_pays_for_and_that_outlast_the_guardianship() {
	ExtBuilder.build_and_execute(|| {
		let grant = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		let id = NextDenyId::<Test>::get();
		assert_ok!(Consent::deny(signed(CAROL), Some(ALICE), Grantee::Account(BOB), deny_all()));
		let deny = Denies::<Test>::get(id).unwrap();
		assert_eq!((deny.patient, deny.recorded_by), (ALICE, CAROL));
		assert_eq!(held_for_denies(ALICE), deny.deposit);
		assert_eq!(held_for_denies(CAROL), 0);
		assert_eq!(read(BOB, REC_NOTE), refused_by(id));

		// The guardian goes; the deny protects the patient still, paid by the patient.
		assert_ok!(Consent::remove_guardian(signed(ALICE), CAROL));
		assert_eq!(read(BOB, REC_NOTE), refused_by(id));
		assert_eq!(held_for_denies(ALICE), deny.deposit);

		// A guardian revokes the patient's own denies as it revokes grants.
		assert_ok!(Consent::appoint_guardian(signed(ALICE), DAVE));
		let own = deny_by(ALICE, Grantee::Account(EVE), deny_all());
		assert_ok!(Consent::revoke_deny(signed(DAVE), own));
		System::assert_last_event(
			Event::DenyRevoked {
				id: own,
				patient: ALICE,
				actor: Grantee::Account(EVE),
				revoked_by: DAVE,
				deposit_released: Denies::<Test>::get(id).unwrap().deposit,
			}
			.into(),
		);
		assert_ok!(Consent::revoke_deny(signed(DAVE), id));
		assert_eq!(held_for_denies(ALICE), 0);
		assert_eq!(read(BOB, REC_NOTE), permitted_by(grant));
	});
}

#[test]
fn deny_fails_for_a_stranger_or_a_former_guardian() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::deny(signed(BOB), Some(ALICE), Grantee::Account(CLINICIAN), deny_all()),
			Error::<Test>::NotPatientOrGuardian
		);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_ok!(Consent::remove_guardian(signed(ALICE), CAROL));
		assert_noop!(
			Consent::deny(signed(CAROL), Some(ALICE), Grantee::Account(CLINICIAN), deny_all()),
			Error::<Test>::NotPatientOrGuardian
		);
	});
}

#[test]
fn deny_fails_against_the_patient_or_a_guardian() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::deny(signed(ALICE), None, Grantee::Account(ALICE), deny_all()),
			Error::<Test>::DenyAgainstPatient
		);
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_noop!(
			Consent::deny(signed(CAROL), Some(ALICE), Grantee::Account(ALICE), deny_all()),
			Error::<Test>::DenyAgainstPatient
		);
		assert_noop!(
			Consent::deny(signed(ALICE), None, Grantee::Account(CAROL), deny_all()),
			Error::<Test>::DenyAgainstGuardian
		);
	});
}

/// A guardian acts for the patient and is permitted every access; a deny recorded before the
/// account became a guardian does not bind it (the patient appointed it later).
#[test]
fn a_deny_does_not_bind_an_account_appointed_guardian_afterwards() {
	ExtBuilder.build_and_execute(|| {
		let id = deny_by(ALICE, Grantee::Account(BOB), deny_all());
		assert_eq!(read(BOB, REC_NOTE), refused_by(id));
		assert_ok!(Consent::appoint_guardian(signed(ALICE), BOB));
		assert_eq!(read(BOB, REC_NOTE), AccessDecision::Permitted(AccessBasis::Guardian));
		assert_ok!(Consent::remove_guardian(signed(ALICE), BOB));
		assert_eq!(read(BOB, REC_NOTE), refused_by(id));
	});
}

#[test]
fn deny_fails_for_an_unknown_organization_but_not_a_suspended_or_revoked_one() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::deny(signed(ALICE), None, Grantee::Organization(99), deny_all()),
			Error::<Test>::UnknownOrganization
		);
		MockOrganizations::set_status(LAB, OrgStatus::Suspended);
		deny_by(ALICE, Grantee::Organization(LAB), deny_all());
		MockOrganizations::set_status(INSURER, OrgStatus::Revoked);
		deny_by(ALICE, Grantee::Organization(INSURER), deny_all());
	});
}

#[test]
fn deny_fails_with_an_empty_scope_or_a_record_not_of_the_patient() {
	ExtBuilder.build_and_execute(|| {
		for scope in [categories(&[]), records(&[])] {
			assert_noop!(
				Consent::deny(
					signed(ALICE),
					None,
					Grantee::Account(BOB),
					deny_terms(&[], &[], scope, &[])
				),
				Error::<Test>::EmptyScope
			);
		}
		for record in [REC_DAVE, 999] {
			assert_noop!(
				Consent::deny(
					signed(ALICE),
					None,
					Grantee::Account(BOB),
					deny_terms(&[], &[], records(&[REC_NOTE, record]), &[])
				),
				Error::<Test>::RecordNotOfPatient
			);
		}
		MockRecords::erase(REC_LABS);
		assert_noop!(
			Consent::deny(
				signed(ALICE),
				None,
				Grantee::Account(BOB),
				deny_terms(&[], &[], records(&[REC_LABS]), &[])
			),
			Error::<Test>::RecordNotOfPatient
		);
	});
}

#[test]
fn deny_fails_beyond_max_denies_per_patient() {
	ExtBuilder.build_and_execute(|| {
		let max = <<Test as Config>::MaxDeniesPerPatient as Get<u32>>::get();
		// Against one actor and several: the bound is the patient's.
		deny_by(ALICE, Grantee::Account(BOB), deny_all());
		deny_by(ALICE, Grantee::Organization(HOSPITAL), deny_all());
		for _ in 2..max {
			deny_by(ALICE, Grantee::Account(BOB), deny_all());
		}
		for actor in [Grantee::Account(BOB), Grantee::Account(EVE)] {
			assert_noop!(
				Consent::deny(signed(ALICE), None, actor, deny_all()),
				Error::<Test>::TooManyDenies
			);
		}
		// Other patients are not affected, and a revoked deny makes room.
		deny_by(DAVE, Grantee::Account(BOB), deny_all());
		assert_ok!(Consent::revoke_deny(signed(ALICE), 0));
		deny_by(ALICE, Grantee::Account(EVE), deny_all());
	});
}

#[test]
fn deny_fails_without_funds_for_the_deposit_even_when_a_guardian_signs() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(
			Consent::deny(signed(PAUPER), None, Grantee::Account(BOB), deny_all()),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
		// The patient pays, not the guardian: a funded guardian of a patient without funds
		// cannot record a deny for it.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), PAUPER, 10));
		assert_ok!(Consent::appoint_guardian(signed(PAUPER), CAROL));
		assert_noop!(
			Consent::deny(signed(CAROL), Some(PAUPER), Grantee::Account(BOB), deny_all()),
			DispatchError::Token(TokenError::FundsUnavailable)
		);
	});
}

#[test]
fn deny_fails_when_ids_are_exhausted() {
	ExtBuilder.build_and_execute(|| {
		NextDenyId::<Test>::put(DenyId::MAX);
		assert_noop!(
			Consent::deny(signed(ALICE), None, Grantee::Account(BOB), deny_all()),
			Error::<Test>::IdsExhausted
		);
	});
}

#[test]
fn revoke_deny_fails_for_unknown_denies_and_anyone_but_the_patient_or_a_guardian() {
	ExtBuilder.build_and_execute(|| {
		assert_noop!(Consent::revoke_deny(signed(ALICE), 0), Error::<Test>::UnknownDeny);
		let id = deny_by(ALICE, Grantee::Account(CLINICIAN), deny_all());
		// The actor it names, its organization's admin, and a stranger.
		for who in [CLINICIAN, HOSPITAL_ADMIN, BOB] {
			assert_noop!(
				Consent::revoke_deny(signed(who), id),
				Error::<Test>::NotPatientOrGuardian
			);
		}
		// A former guardian.
		assert_ok!(Consent::appoint_guardian(signed(ALICE), CAROL));
		assert_ok!(Consent::resign_guardian(signed(CAROL), ALICE));
		assert_noop!(Consent::revoke_deny(signed(CAROL), id), Error::<Test>::NotPatientOrGuardian);
		assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		assert_noop!(Consent::revoke_deny(signed(ALICE), id), Error::<Test>::UnknownDeny);
	});
}

#[test]
fn an_organization_deny_refuses_its_admin_and_members_whatever_grant_they_hold() {
	ExtBuilder.build_and_execute(|| {
		let org = grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		let personal = grant_by(ALICE, Grantee::Account(CLINICIAN), treatment_read());
		let admin = grant_by(ALICE, Grantee::Account(HOSPITAL_ADMIN), treatment_read());
		let researcher = grant_by(ALICE, Grantee::Account(RESEARCHER), treatment_read());
		let id = deny_by(ALICE, Grantee::Organization(HOSPITAL), deny_all());
		for who in [CLINICIAN, ER_DOCTOR, HOSPITAL_ADMIN, HOSPITAL_STAFF] {
			assert_eq!(read(who, REC_NOTE), refused_by(id), "{who}");
			assert_eq!(Consent::read_grant_for(&ALICE, &who, REC_NOTE), None, "{who}");
		}
		// Another organization's member is not concerned.
		assert_eq!(read(RESEARCHER, REC_NOTE), permitted_by(researcher));
		// A clinician who leaves the hospital acts for it no more.
		MockOrganizations::remove_member(HOSPITAL, CLINICIAN);
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(personal));

		assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		assert_eq!(read(ER_DOCTOR, REC_NOTE), permitted_by(org));
		assert_eq!(read(HOSPITAL_ADMIN, REC_NOTE), permitted_by(admin));
	});
}

#[test]
fn deny_purposes_actions_scope_and_labels_narrow_what_it_refuses() {
	ExtBuilder.build_and_execute(|| {
		use Purpose::{Research, Treatment};
		let all = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Treatment, Research], &[Action::Read, Action::Append], Scope::AllRecords),
		);
		let bob = |target: AccessTarget, purpose: Purpose, action: Action| {
			check(ALICE, BOB, target, purpose, action)
		};
		let rec = AccessTarget::Record;
		let new = |category: &[u8], labels: &[&[u8]]| {
			AccessTarget::NewRecord(facts(category, labels, TODAY))
		};
		let revoke = |id| {
			assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		};

		// Purposes: research only.
		let id = deny_by(
			ALICE,
			Grantee::Account(BOB),
			deny_terms(&[Research], &[], Scope::AllRecords, &[]),
		);
		assert_eq!(bob(rec(REC_NOTE), Research, Action::Read), refused_by(id));
		assert_eq!(bob(rec(REC_NOTE), Treatment, Action::Read), permitted_by(all));
		revoke(id);

		// Actions: appends only.
		let id = deny_by(
			ALICE,
			Grantee::Account(BOB),
			deny_terms(&[], &[Action::Append], Scope::AllRecords, &[]),
		);
		assert_eq!(bob(new(NOTE, &[]), Treatment, Action::Append), refused_by(id));
		assert_eq!(bob(rec(REC_NOTE), Treatment, Action::Read), permitted_by(all));
		revoke(id);

		// Categories: the category's records, read or appended, and its category target.
		let id =
			deny_by(ALICE, Grantee::Account(BOB), deny_terms(&[], &[], categories(&[LABS]), &[]));
		assert_eq!(bob(rec(REC_LABS), Treatment, Action::Read), refused_by(id));
		assert_eq!(bob(category(LABS), Treatment, Action::Read), refused_by(id));
		assert_eq!(bob(new(LABS, &[]), Treatment, Action::Append), refused_by(id));
		assert_eq!(bob(rec(REC_NOTE), Treatment, Action::Read), permitted_by(all));
		assert_eq!(bob(category(NOTE), Treatment, Action::Read), permitted_by(all));
		assert_eq!(bob(new(NOTE, &[]), Treatment, Action::Append), permitted_by(all));
		revoke(id);

		// Records: every version of the chain, named by any version. A category may hold the
		// record and a new record may be a new version of it: refused too.
		MockRecords::add_version(30, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		let id = deny_by(ALICE, Grantee::Account(BOB), deny_terms(&[], &[], records(&[30]), &[]));
		assert_eq!(Denies::<Test>::get(id).unwrap().scope, records(&[REC_LABS]));
		MockRecords::add_version(31, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		for version in [REC_LABS, 30, 31] {
			assert_eq!(bob(rec(version), Treatment, Action::Read), refused_by(id));
		}
		assert_eq!(bob(rec(REC_NOTE), Treatment, Action::Read), permitted_by(all));
		assert_eq!(bob(category(NOTE), Treatment, Action::Read), refused_by(id));
		assert_eq!(bob(new(NOTE, &[]), Treatment, Action::Append), refused_by(id));
		revoke(id);

		// Labels: records carrying one of them. A category's labels are unknown: refused.
		let id = deny_by(
			ALICE,
			Grantee::Account(BOB),
			deny_terms(&[], &[], Scope::AllRecords, &[HIV, PSY]),
		);
		assert_eq!(bob(rec(REC_MENTAL), Treatment, Action::Read), refused_by(id));
		assert_eq!(bob(rec(REC_NOTE), Treatment, Action::Read), permitted_by(all));
		assert_eq!(bob(new(NOTE, &[PSY]), Treatment, Action::Append), refused_by(id));
		assert_eq!(bob(new(NOTE, &[]), Treatment, Action::Append), permitted_by(all));
		assert_eq!(bob(category(NOTE), Treatment, Action::Read), refused_by(id));
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_MENTAL), None);
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), Some(all));
		revoke(id);

		// Terms together: all must hold.
		let id = deny_by(
			ALICE,
			Grantee::Account(BOB),
			deny_terms(&[Research], &[Action::Read], categories(&[MENTAL]), &[PSY]),
		);
		assert_eq!(bob(rec(REC_MENTAL), Research, Action::Read), refused_by(id));
		assert_eq!(bob(rec(REC_MENTAL), Treatment, Action::Read), permitted_by(all));
		assert_eq!(bob(rec(REC_LABS), Research, Action::Read), permitted_by(all));
		assert_eq!(bob(new(MENTAL, &[PSY]), Research, Action::Append), permitted_by(all));
	});
}

/// Break the glass and deny provisions: a deny naming the clinician refuses it an emergency
/// access too (the glass stays breakable by its colleagues), while a deny naming its
/// organization does not: emergency access stays open to the emergency department, audited as
/// always. Opening is not refused: the access it opens permits nothing to a refused clinician.
#[test]
fn an_account_deny_refuses_an_emergency_access_and_an_organization_deny_does_not() {
	ExtBuilder.build_and_execute(|| {
		let id = deny_by(ALICE, Grantee::Account(ER_DOCTOR), deny_all());
		let opened = open_emergency(ER_DOCTOR, ALICE, HOUR);
		assert_eq!(emergency_read(ER_DOCTOR, REC_NOTE), refused_by(id));
		let colleague = open_emergency(ER_DOCTOR_2, ALICE, HOUR);
		assert_eq!(
			emergency_read(ER_DOCTOR_2, REC_NOTE),
			AccessDecision::Permitted(AccessBasis::Emergency(colleague))
		);
		assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		assert_eq!(
			emergency_read(ER_DOCTOR, REC_NOTE),
			AccessDecision::Permitted(AccessBasis::Emergency(opened))
		);

		let org = grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		let id = deny_by(ALICE, Grantee::Organization(HOSPITAL), deny_all());
		assert_eq!(
			emergency_read(ER_DOCTOR, REC_NOTE),
			AccessDecision::Permitted(AccessBasis::Emergency(opened))
		);
		assert_ok!(Consent::log_access(
			signed(ER_DOCTOR),
			ALICE,
			AccessTarget::Record(REC_MENTAL),
			Purpose::EmergencyTreatment,
			Action::Read
		));
		assert_eq!(Consent::access_counters(ALICE).emergency, 1);
		// Outside the emergency access, the organization's grant is refused.
		assert_eq!(read(ER_DOCTOR, REC_NOTE), refused_by(id));
		assert_eq!(read(CLINICIAN, REC_NOTE), refused_by(id));
		assert_ok!(Consent::revoke_deny(signed(ALICE), id));
		assert_eq!(read(CLINICIAN, REC_NOTE), permitted_by(org));
	});
}

#[test]
fn read_grant_for_serves_the_purposes_no_deny_refuses() {
	ExtBuilder.build_and_execute(|| {
		use Purpose::{Operations, Research, Treatment};
		let both = grant_by(
			ALICE,
			Grantee::Account(BOB),
			terms(&[Treatment, Research], &[Action::Read], Scope::AllRecords),
		);
		deny_by(ALICE, Grantee::Account(BOB), deny_terms(&[Research], &[], Scope::AllRecords, &[]));
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), Some(both));
		deny_by(
			ALICE,
			Grantee::Account(BOB),
			deny_terms(&[Treatment], &[], Scope::AllRecords, &[]),
		);
		assert_eq!(Consent::read_grant_for(&ALICE, &BOB, REC_NOTE), None);
		// An append-only deny leaves reading alone.
		let org = grant_by(
			ALICE,
			Grantee::Organization(HOSPITAL),
			terms(&[Treatment, Operations], &[Action::Read], Scope::AllRecords),
		);
		deny_by(
			ALICE,
			Grantee::Organization(HOSPITAL),
			deny_terms(&[], &[Action::Append], Scope::AllRecords, &[]),
		);
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE), Some(org));
		// Refusing treatment leaves the staff, who use the grant for operations.
		deny_by(
			ALICE,
			Grantee::Organization(HOSPITAL),
			deny_terms(&[Treatment], &[], Scope::AllRecords, &[]),
		);
		assert_eq!(Consent::read_grant_for(&ALICE, &CLINICIAN, REC_NOTE), None);
		assert_eq!(Consent::read_grant_for(&ALICE, &HOSPITAL_STAFF, REC_NOTE), Some(org));
	});
}

#[test]
fn log_access_keeps_an_attempt_a_deny_refuses() {
	ExtBuilder.build_and_execute(|| {
		grant_by(ALICE, Grantee::Organization(HOSPITAL), treatment_read());
		let id = deny_by(ALICE, Grantee::Account(CLINICIAN), deny_all());
		assert_ok!(Consent::log_access(
			signed(CLINICIAN),
			ALICE,
			AccessTarget::Record(REC_NOTE),
			Purpose::Treatment,
			Action::Read
		));
		System::assert_last_event(
			Event::AccessLogged {
				patient: ALICE,
				accessor: CLINICIAN,
				target: AccessTarget::Record(REC_NOTE),
				purpose: Purpose::Treatment,
				action: Action::Read,
				decision: refused_by(id),
			}
			.into(),
		);
		assert_eq!(
			Consent::access_counters(ALICE),
			AccessTally { permitted: 0, denied: 1, emergency: 0 }
		);
	});
}

#[test]
fn deny_info_and_denies_of_show_a_patients_denies() {
	ExtBuilder.build_and_execute(|| {
		assert!(Consent::denies_of(ALICE).is_empty());
		assert_eq!(Consent::deny_info(0), None);
		MockRecords::add_version(30, ALICE, REC_LABS, facts(LABS, &[], LABS_DAY));
		let first = deny_by(
			ALICE,
			Grantee::Account(CLINICIAN),
			deny_terms(&[Purpose::Research], &[Action::Read], records(&[30]), &[PSY]),
		);
		let second = deny_by(ALICE, Grantee::Organization(LAB), deny_all());
		deny_by(DAVE, Grantee::Account(BOB), deny_all());
		let view = Consent::deny_info(first).unwrap();
		assert_eq!(
			view,
			DenyView {
				patient: ALICE,
				recorded_by: ALICE,
				actor: Grantee::Account(CLINICIAN),
				purposes: vec![Purpose::Research],
				actions: vec![Action::Read],
				scope: ScopeView::Records(vec![REC_LABS]),
				labels: vec![label_tag(PSY)],
				created_at: START,
				deposit: Denies::<Test>::get(first).unwrap().deposit.into(),
			}
		);
		let listed: Vec<DenyId> = Consent::denies_of(ALICE).into_iter().map(|(id, _)| id).collect();
		assert_eq!(listed, vec![first, second]);
		assert_eq!(Consent::denies_of(ALICE)[0].1, view);
	});
}

#[test]
fn try_state_detects_broken_deny_indexes() {
	ExtBuilder.build().execute_with(|| {
		let id = deny_by(ALICE, Grantee::Account(BOB), deny_all());
		assert_ok!(Consent::do_try_state());
		DeniesByPair::<Test>::remove(ALICE, Grantee::Account(BOB));
		assert!(Consent::do_try_state().is_err());
		DeniesByPair::<Test>::insert(
			ALICE,
			Grantee::Account(BOB),
			BoundedVec::truncate_from(vec![id]),
		);
		DeniesOfPatient::<Test>::insert(DAVE, BoundedVec::truncate_from(vec![id]));
		assert!(Consent::do_try_state().is_err());
		DeniesOfPatient::<Test>::remove(DAVE);
		Denies::<Test>::mutate(id, |deny| deny.as_mut().unwrap().deposit += 1);
		assert!(Consent::do_try_state().is_err());
		Denies::<Test>::mutate(id, |deny| deny.as_mut().unwrap().deposit -= 1);
		assert_ok!(Consent::do_try_state());
	});
}

/// [`DenyTerms`] with lists of any length, encoded as `DenyTerms` is.
#[derive(Encode)]
struct AnyDenyTerms {
	purposes: PurposeSet,
	actions: ActionSet,
	scope: AnyScope,
	labels: Vec<Tag>,
}

#[test]
fn deny_takes_the_largest_terms_and_one_item_more_does_not_decode() {
	ExtBuilder.build_and_execute(|| {
		let max = <<Test as Config>::MaxScopeItems as Get<u32>>::get();
		let tag = |seed: u32| -> Tag {
			[[seed as u8; 4], seed.to_le_bytes(), [7; 4], [9; 4]].concat().try_into().unwrap()
		};
		let categories: Vec<Tag> = (0..max).map(tag).collect();
		let labels: Vec<Tag> = (0..max).map(|i| tag(100 + i)).collect();
		// `deny` (call 40) with the scope and the labels as plain lists.
		let bytes = |categories: &[Tag], labels: &[Tag]| {
			let terms = AnyDenyTerms {
				purposes: purposes(&[]),
				actions: actions(&[]),
				scope: AnyScope::Categories(categories.to_vec()),
				labels: labels.to_vec(),
			};
			call_bytes(40, (None::<u64>, Grantee::Account(BOB), terms))
		};
		let largest = DenyTerms {
			purposes: purposes(&[]),
			actions: actions(&[]),
			scope: Scope::Categories(BoundedVec::truncate_from(categories.clone())),
			labels: BoundedVec::truncate_from(labels.clone()),
		};
		let call = RuntimeCall::Consent(crate::Call::deny {
			on_behalf_of: None,
			actor: Grantee::Account(BOB),
			terms: largest.clone(),
		});
		assert_eq!(bytes(&categories, &labels), call.encode());
		assert_eq!(decoded_call(&bytes(&categories, &labels)), Some(call));
		// One category or label more does not decode.
		let one_more = |list: &[Tag]| [list.to_vec(), vec![tag(9_000)]].concat();
		assert_eq!(decoded_call(&bytes(&one_more(&categories), &labels)), None);
		assert_eq!(decoded_call(&bytes(&categories, &one_more(&labels))), None);
		// The largest terms are recorded, for a deposit that pays for every byte.
		let id = deny_by(ALICE, Grantee::Account(BOB), largest);
		let deny = Denies::<Test>::get(id).unwrap();
		assert_eq!((deny.scope.len(), deny.labels.len() as u32), (max, max));
		assert_eq!(
			deny.deposit,
			DepositBase::get() + DepositPerByte::get() * deny.encoded_size() as u64
		);
		assert_eq!(held_for_denies(ALICE), deny.deposit);
	});
}
