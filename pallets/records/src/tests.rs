//! Unit tests of the records pallet: every rule, every error.

use crate::{
	mock::*, types::*, Config, Error, Event, HoldReason, KeyCount, KeysByGrant, NextRecordId,
	Records as RecordStore, RecordsByPatient, WeightInfo, WrappedKeys, MAX_PAGE, MAX_PAGE_SCAN,
};
use alloc::collections::BTreeSet;
use codec::{Decode, Encode};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResultWithPostInfo, PostDispatchInfo},
	traits::{
		fungible::{Inspect, InspectHold},
		GetCallName, GetStorageVersion, Hooks, PalletInfoAccess, StorageVersion,
	},
	weights::Weight,
	BoundedVec,
};
use healthchain_primitives::{
	blind::{code_tag, date_tags, label_tags, period_tags, BlindKey, Field},
	testing::MockOrganizations,
	AccessBasis, AccessTarget, Action, BlindFacts, ContentHash, DateTags, DenialReason, GrantId,
	LabelTags, MemberRole, OnGrantEnded, OrgStatus, Purpose, RecordFacts, RecordId, RecordsInspect,
	Tag,
};
use sp_runtime::{DispatchResult, TokenError};

const TREAT: Purpose = Purpose::Treatment;
const HASH: ContentHash = ContentHash::Sha256([1; 32]);
const LAB: &[u8] = b"11502-2";
const NOTE: &[u8] = b"11506-3";
/// The patient's blind key in these tests.
const KEY: BlindKey = [42; 32];
/// The clinical day of the base input: 2023-11-14 (1_700_000_000_000 ms).
const DAY: u32 = 19_675;

/// The tag of a category code.
fn cat(code: &[u8]) -> Tag {
	code_tag(&KEY, Field::Category, code)
}

/// The tag of a type code.
fn type_tag(code: &[u8]) -> Tag {
	code_tag(&KEY, Field::Type, code)
}

/// The label tags of a record labelled `codes` (fillers from a fixed salt).
fn labels(codes: &[&[u8]]) -> LabelTags {
	label_tags(&KEY, codes, b"record").expect("at most four labels")
}

/// The date tags of a record of day `d`.
fn day(d: u32) -> DateTags {
	date_tags(&KEY, d)
}

fn base_input() -> RecordInputOf<Test> {
	RecordInput {
		category: cat(NOTE),
		type_code: type_tag(b"34117-2"),
		labels: labels(&[b"N"]),
		dates: day(DAY),
		hash: HASH,
		locator: BoundedVec::truncate_from(b"enc:ehr.example/blob/1".to_vec()),
	}
}

/// The blind facts of [`base_input`].
fn base_facts() -> BlindFacts {
	BlindFacts { category: cat(NOTE), labels: labels(&[b"N"]), dates: day(DAY) }
}

fn input() -> Box<RecordInputOf<Test>> {
	Box::new(base_input())
}

fn input_with(f: impl FnOnce(&mut RecordInputOf<Test>)) -> Box<RecordInputOf<Test>> {
	let mut input = base_input();
	f(&mut input);
	Box::new(input)
}

fn key(fill: u8) -> WrappedKeyOf<Test> {
	BoundedVec::truncate_from(vec![fill; 32])
}

fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

fn record(id: RecordId) -> RecordPointer<Test> {
	RecordStore::<Test>::get(id).expect("record exists in this test")
}

/// The body of a live record.
fn body(id: RecordId) -> RecordBody<Test> {
	record(id).body.expect("the record is not erased in this test")
}

/// The `(record, grantee)` keys indexed under `grant`, sorted.
fn grant_keys(grant: GrantId) -> Vec<(RecordId, u64)> {
	let mut keys: Vec<_> = KeysByGrant::<Test>::iter_key_prefix((grant,)).collect();
	keys.sort();
	keys
}

fn record_deposit() -> u64 {
	Records::deposit_for(Records::input_bytes(&base_input()))
}

fn key_deposit() -> u64 {
	Records::deposit_for(32)
}

fn held(reason: HoldReason, who: u64) -> u64 {
	Balances::balance_on_hold(&RuntimeHoldReason::Records(reason), &who)
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

/// DOCTOR, with an append and read grant from PATIENT, registers a record; returns its id and
/// the grant.
fn doctor_record() -> (RecordId, GrantId) {
	let grant = MockConsent::grant(PATIENT, DOCTOR, &[Action::Append, Action::Read]);
	let id = NextRecordId::<Test>::get();
	assert_ok!(Records::register(signed(DOCTOR), PATIENT, input(), TREAT));
	(id, grant)
}

/// PATIENT uploads a record of their own.
fn own_upload() -> RecordId {
	let id = NextRecordId::<Test>::get();
	assert_ok!(Records::register(signed(PATIENT), PATIENT, input(), TREAT));
	id
}

/// The bytes of this pallet's call `call_index` with the arguments `args`, as an extrinsic
/// carries them.
fn call_bytes(call_index: u8, args: impl Encode) -> Vec<u8> {
	let pallet = u8::try_from(<Records as PalletInfoAccess>::index()).expect("a pallet index");
	(pallet, call_index, args).encode()
}

/// The call `bytes` decode to, if they decode.
fn decoded_call(bytes: &[u8]) -> Option<RuntimeCall> {
	RuntimeCall::decode(&mut &bytes[..]).ok()
}

/// [`RecordInput`] with a locator of any length, encoded as `RecordInput` is.
#[derive(Encode, Clone)]
struct AnyInput {
	category: Tag,
	type_code: Tag,
	labels: LabelTags,
	dates: DateTags,
	hash: ContentHash,
	locator: Vec<u8>,
}

/// The example of the crate documentation.
#[test]
fn provider_record_acknowledged_then_key_removed_on_revoke() {
	ExtBuilder::default().build_and_execute(|| {
		let grant = MockConsent::grant(PATIENT, DOCTOR, &[Action::Append, Action::Read]);
		assert_ok!(Records::register(signed(DOCTOR), PATIENT, input(), Purpose::Treatment));
		assert_ok!(Records::acknowledge(signed(PATIENT), 0));
		assert_ok!(Records::attach_key(signed(PATIENT), 0, DOCTOR, key(1)));
		let pointer = Records::read_pointer(0, DOCTOR, Purpose::Treatment).unwrap();
		assert_eq!(pointer.wrapped_key, Some(key(1).into_inner()));
		MockConsent::revoke(grant); // the consent pallet calls `OnGrantEnded::on_grant_ended`
		assert!(WrappedKeys::<Test>::get(0, DOCTOR).is_none());
		assert_eq!(
			Records::read_pointer(0, DOCTOR, Purpose::Treatment),
			Err(ReadDenied::Consent(DenialReason::NoGrant))
		);
	});
}

// ------------------------------------------------------------------------- registration

#[test]
fn provider_with_append_consent_registers_a_pending_record_held_by_its_organization() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_eq!(id, 0);
		let r = record(id);
		assert_eq!(r.chain, id);
		assert_eq!(r.status, RecordStatus::Pending);
		assert_eq!(r.version, 1);
		assert_eq!(r.replaces, None);
		assert_eq!(r.hash, HASH);
		assert_eq!(r.registered_at, 1);
		assert!(!r.erased);
		let b = body(id);
		assert_eq!(b.patient, PATIENT);
		assert_eq!(b.custodian, Some(HOSPITAL));
		assert_eq!(b.author, DOCTOR);
		assert_eq!(b.category, cat(NOTE));
		assert_eq!(b.type_code, type_tag(b"34117-2"));
		assert_eq!(b.labels, labels(&[b"N"]));
		assert_eq!(b.dates, day(DAY));
		assert_eq!(b.locator.to_vec(), b"enc:ehr.example/blob/1".to_vec());
		assert_eq!(b.deposit, Some(Deposit { payer: DOCTOR, amount: record_deposit() }));
		assert_eq!(RecordsByPatient::<Test>::get(PATIENT, id), Some(cat(NOTE)));
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), record_deposit());
		// Consent is asked about the new record's blind facts, not just its category.
		assert_eq!(
			MockConsent::last_check(),
			Some((PATIENT, DOCTOR, AccessTarget::NewRecord(base_facts()), TREAT, Action::Append))
		);
		System::assert_last_event(
			Event::RecordRegistered {
				record: id,
				patient: PATIENT,
				custodian: Some(HOSPITAL),
				author: DOCTOR,
				hash: HASH,
				status: RecordStatus::Pending,
				deposit: record_deposit(),
			}
			.into(),
		);
	});
}

#[test]
fn patient_uploads_own_record_as_current_without_custodian_or_consent_check() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		assert_eq!(record(id).status, RecordStatus::Current);
		let b = body(id);
		assert_eq!(b.custodian, None);
		assert_eq!(b.author, PATIENT);
		assert_eq!(MockConsent::last_check(), None);
		assert_eq!(held(HoldReason::RecordDeposit, PATIENT), record_deposit());
		assert_eq!(NextRecordId::<Test>::get(), 1);
	});
}

#[test]
fn register_asks_consent_for_the_given_purpose() {
	ExtBuilder::default().build_and_execute(|| {
		MockConsent::grant(PATIENT, DOCTOR, &[Action::Append]);
		assert_ok!(Records::register(
			signed(DOCTOR),
			PATIENT,
			input(),
			Purpose::EmergencyTreatment
		));
		assert_eq!(
			MockConsent::last_check().map(|(_, _, _, purpose, _)| purpose),
			Some(Purpose::EmergencyTreatment)
		);
	});
}

#[test]
fn deposit_is_base_plus_per_byte_of_encoded_tags_and_locator() {
	ExtBuilder::default().build_and_execute(|| {
		// Category, type, 4 label and 16 date tags of 16 bytes, then the locator
		// "enc:ehr.example/blob/1" with its one-byte length prefix.
		let bytes = 16 + 16 + 4 * 16 + 16 * 16 + 1 + 22;
		assert_eq!(record_deposit(), DEPOSIT_BASE + DEPOSIT_PER_BYTE * bytes);
		let before = free(PATIENT);
		own_upload();
		assert_eq!(free(PATIENT), before - record_deposit());
	});
}

#[test]
fn register_fails_without_append_consent() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Records::register(signed(DOCTOR), PATIENT, input(), TREAT),
			Error::<Test>::ConsentDenied
		);
		// A read-only grant does not permit appending.
		MockConsent::grant(PATIENT, DOCTOR, &[Action::Read]);
		assert_noop!(
			Records::register(signed(DOCTOR), PATIENT, input(), TREAT),
			Error::<Test>::ConsentDenied
		);
		// Nor does an append grant that is no longer valid.
		let grant = MockConsent::grant(PATIENT, NURSE, &[Action::Append]);
		MockConsent::set_live(grant, false);
		assert_noop!(
			Records::register(signed(NURSE), PATIENT, input(), TREAT),
			Error::<Test>::ConsentDenied
		);
	});
}

#[test]
fn append_grant_with_data_period_admits_records_dated_inside_it() {
	ExtBuilder::default().build_and_execute(|| {
		// An Append grant for the ten days around DAY, as the consent pallet stores it.
		let period = period_tags(&KEY, DAY - 5, DAY + 5).expect("a valid period");
		MockConsent::grant_with_period(PATIENT, DOCTOR, &[Action::Append], period);
		for inside in [DAY - 5, DAY, DAY + 5] {
			assert_ok!(Records::register(
				signed(DOCTOR),
				PATIENT,
				input_with(|i| i.dates = day(inside)),
				TREAT
			));
		}
		for outside in [DAY - 6, DAY + 6, 0] {
			assert_noop!(
				Records::register(
					signed(DOCTOR),
					PATIENT,
					input_with(|i| i.dates = day(outside)),
					TREAT
				),
				Error::<Test>::ConsentDenied
			);
			// The decision was asked about the new record's own date.
			assert_eq!(
				MockConsent::last_check(),
				Some((
					PATIENT,
					DOCTOR,
					AccessTarget::NewRecord(BlindFacts { dates: day(outside), ..base_facts() }),
					TREAT,
					Action::Append
				))
			);
		}
		// A new version keeps its predecessor's date, so it stays inside the period.
		assert_ok!(Records::supersede(
			signed(DOCTOR),
			0,
			input_with(|i| i.dates = day(DAY - 5)),
			TREAT
		));
	});
}

#[test]
fn register_fails_when_caller_is_not_a_member_of_an_active_provider() {
	ExtBuilder::default().build_and_execute(|| {
		MockConsent::grant(PATIENT, STRANGER, &[Action::Append]);
		assert_noop!(
			Records::register(signed(STRANGER), PATIENT, input(), TREAT),
			Error::<Test>::NotProvider
		);
		MockConsent::grant(PATIENT, RESEARCHER, &[Action::Append]);
		assert_noop!(
			Records::register(signed(RESEARCHER), PATIENT, input(), TREAT),
			Error::<Test>::NotProvider
		);
		MockConsent::grant(PATIENT, DOCTOR, &[Action::Append]);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(
			Records::register(signed(DOCTOR), PATIENT, input(), TREAT),
			Error::<Test>::NotProvider
		);
	});
}

#[test]
fn register_fails_with_an_empty_locator() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Records::register(
				signed(PATIENT),
				PATIENT,
				input_with(|i| i.locator = BoundedVec::new()),
				TREAT
			),
			Error::<Test>::EmptyLocator
		);
	});
}

#[test]
fn register_fails_when_the_deposit_cannot_be_held() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Records::register(signed(POOR), POOR, input(), TREAT),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn register_takes_the_longest_locator_and_one_byte_more_does_not_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let base = base_input();
		let longest = AnyInput {
			category: base.category,
			type_code: base.type_code,
			labels: base.labels,
			dates: base.dates,
			hash: HASH,
			locator: vec![b'L'; MAX_LOCATOR as usize],
		};
		// `register` (call 0) with the locator as a plain byte string.
		let bytes = |input: &AnyInput| call_bytes(0, (PATIENT, input, TREAT));
		let input = RecordInput {
			locator: BoundedVec::truncate_from(longest.locator.clone()),
			..base_input()
		};
		let call = RuntimeCall::Records(crate::Call::register {
			patient: PATIENT,
			input: Box::new(input.clone()),
			purpose: TREAT,
		});
		assert_eq!(bytes(&longest), call.encode());
		assert_eq!(decoded_call(&bytes(&longest)), Some(call));
		let mut over = longest.clone();
		over.locator.push(b'L');
		assert_eq!(decoded_call(&bytes(&over)), None);
		// The longest input is accepted, for a deposit that pays for every byte: the tags, and
		// the locator with its two-byte length prefix (64 needs two bytes in compact form).
		assert_ok!(Records::register(signed(PATIENT), PATIENT, Box::new(input), TREAT));
		let stored = 16 + 16 + 4 * 16 + 16 * 16 + 2 + MAX_LOCATOR as u64;
		assert_eq!(
			body(0).deposit,
			Some(Deposit { payer: PATIENT, amount: DEPOSIT_BASE + DEPOSIT_PER_BYTE * stored })
		);
	});
}

#[test]
fn a_provider_member_without_funds_can_neither_register_nor_supersede() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		MockOrganizations::add_member(HOSPITAL, POOR, &[MemberRole::Clinician]);
		MockConsent::grant(PATIENT, POOR, &[Action::Append]);
		assert_noop!(
			Records::register(signed(POOR), PATIENT, input(), TREAT),
			TokenError::FundsUnavailable
		);
		assert_noop!(
			Records::supersede(signed(POOR), id, input(), TREAT),
			TokenError::FundsUnavailable
		);
		assert_eq!(record(id).status, RecordStatus::Pending);
		assert_eq!(record(id).replaced_by, None);
		assert_eq!(NextRecordId::<Test>::get(), id + 1);
	});
}

#[test]
fn register_fails_when_record_ids_are_exhausted() {
	ExtBuilder::default().build_and_execute(|| {
		NextRecordId::<Test>::put(u64::MAX);
		assert_noop!(
			Records::register(signed(PATIENT), PATIENT, input(), TREAT),
			Error::<Test>::IdsExhausted
		);
	});
}

// ------------------------------------------------------------------------- acknowledgement

#[test]
fn patient_acknowledges_a_pending_record() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::acknowledge(signed(PATIENT), id));
		assert_eq!(record(id).status, RecordStatus::Current);
		System::assert_last_event(
			Event::RecordAcknowledged { record: id, patient: PATIENT }.into(),
		);
	});
}

#[test]
fn acknowledge_fails_for_anyone_but_the_patient() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		for who in [DOCTOR, HOSPITAL_ADMIN, STRANGER] {
			assert_noop!(Records::acknowledge(signed(who), id), Error::<Test>::NotPatient);
		}
	});
}

#[test]
fn acknowledge_and_dispute_fail_when_the_record_is_not_pending() {
	ExtBuilder::default().build_and_execute(|| {
		let own = own_upload();
		assert_noop!(Records::acknowledge(signed(PATIENT), own), Error::<Test>::NotPending);
		assert_noop!(Records::dispute(signed(PATIENT), own, HASH), Error::<Test>::NotPending);
		let (id, _) = doctor_record();
		assert_ok!(Records::dispute(signed(PATIENT), id, HASH));
		assert_noop!(Records::acknowledge(signed(PATIENT), id), Error::<Test>::NotPending);
		assert_noop!(Records::dispute(signed(PATIENT), id, HASH), Error::<Test>::NotPending);
	});
}

#[test]
fn acknowledge_and_dispute_fail_for_an_unknown_record() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Records::acknowledge(signed(PATIENT), 7), Error::<Test>::UnknownRecord);
		assert_noop!(Records::dispute(signed(PATIENT), 7, HASH), Error::<Test>::UnknownRecord);
	});
}

#[test]
fn disputed_record_stays_visible_and_readable_with_its_reason() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		let reason = ContentHash::Blake2_256([9; 32]);
		assert_ok!(Records::dispute(signed(PATIENT), id, reason));
		System::assert_last_event(
			Event::RecordDisputed { record: id, patient: PATIENT, reason }.into(),
		);
		let info = Records::record(id).expect("still listed");
		assert_eq!(info.status, RecordStatus::Disputed);
		assert_eq!(info.body.and_then(|b| b.dispute_reason), Some(reason));
		assert_eq!(Records::records_of(PATIENT, None, None, 10).records.len(), 1);
		assert!(Records::read_pointer(id, DOCTOR, TREAT).is_ok());
	});
}

#[test]
fn dispute_fails_for_anyone_but_the_patient() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_noop!(Records::dispute(signed(DOCTOR), id, HASH), Error::<Test>::NotPatient);
	});
}

// ------------------------------------------------------------------------- versions

#[test]
fn custodian_member_with_consent_supersedes_and_the_versions_stay_linked() {
	ExtBuilder::default().build_and_execute(|| {
		let (old, _) = doctor_record();
		assert_ok!(Records::acknowledge(signed(PATIENT), old));
		MockConsent::grant(PATIENT, NURSE, &[Action::Append]);
		let new_hash = ContentHash::Sha256([2; 32]);
		// The type tag, hash and locator may change; the blind facts may not.
		assert_ok!(Records::supersede(
			signed(NURSE),
			old,
			input_with(|i| {
				i.hash = new_hash;
				i.type_code = type_tag(b"11488-4");
				i.locator = BoundedVec::truncate_from(b"enc:ehr.example/blob/2".to_vec());
			}),
			TREAT
		));
		let new = old + 1;
		let (o, n) = (record(old), record(new));
		assert_eq!(o.status, RecordStatus::Superseded);
		assert_eq!(o.replaced_by, Some(new));
		assert!(o.body.is_some(), "old versions keep their locator");
		assert_eq!(n.replaces, Some(old));
		assert_eq!(n.chain, old);
		assert_eq!(n.version, 2);
		assert_eq!(n.status, RecordStatus::Pending);
		assert_eq!(n.hash, new_hash);
		let b = body(new);
		assert_eq!(b.custodian, Some(HOSPITAL));
		assert_eq!(b.author, NURSE);
		assert_eq!(b.patient, PATIENT);
		assert_eq!(b.type_code, type_tag(b"11488-4"));
		assert_eq!(b.blind_facts(), base_facts());
		assert_eq!(held(HoldReason::RecordDeposit, NURSE), record_deposit());
		assert_eq!(
			MockConsent::last_check(),
			Some((PATIENT, NURSE, AccessTarget::NewRecord(base_facts()), TREAT, Action::Append))
		);
		assert_eq!(Records::history(old), vec![old, new]);
		System::assert_last_event(
			Event::RecordSuperseded {
				old,
				new,
				patient: PATIENT,
				custodian: Some(HOSPITAL),
				author: NURSE,
				version: 2,
				hash: new_hash,
				status: RecordStatus::Pending,
				deposit: record_deposit(),
			}
			.into(),
		);
	});
}

#[test]
fn patient_supersedes_own_upload_with_a_current_version() {
	ExtBuilder::default().build_and_execute(|| {
		let old = own_upload();
		assert_ok!(Records::supersede(signed(PATIENT), old, input(), TREAT));
		assert_eq!(record(old + 1).status, RecordStatus::Current);
		assert_eq!(body(old + 1).custodian, None);
		assert_eq!(record(old).status, RecordStatus::Superseded);
	});
}

#[test]
fn custodian_corrects_a_disputed_record_by_superseding_it() {
	ExtBuilder::default().build_and_execute(|| {
		let (old, _) = doctor_record();
		assert_ok!(Records::dispute(signed(PATIENT), old, HASH));
		assert_ok!(Records::supersede(signed(DOCTOR), old, input(), TREAT));
		assert_eq!(record(old).status, RecordStatus::Superseded);
		assert_eq!(body(old).dispute_reason, Some(HASH));
		assert_eq!(record(old + 1).status, RecordStatus::Pending);
	});
}

#[test]
fn supersede_fails_for_anyone_but_the_custodian_or_the_uploading_patient() {
	ExtBuilder::default().build_and_execute(|| {
		let (provider_record, _) = doctor_record();
		MockConsent::grant(PATIENT, CLINIC_DOCTOR, &[Action::Append]);
		for who in [PATIENT, CLINIC_DOCTOR, STRANGER] {
			assert_noop!(
				Records::supersede(signed(who), provider_record, input(), TREAT),
				Error::<Test>::NotCustodian
			);
		}
		let own = own_upload();
		for who in [DOCTOR, STRANGER] {
			assert_noop!(
				Records::supersede(signed(who), own, input(), TREAT),
				Error::<Test>::NotCustodian
			);
		}
		// A suspended custodian cannot act.
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(
			Records::supersede(signed(DOCTOR), provider_record, input(), TREAT),
			Error::<Test>::NotCustodian
		);
	});
}

#[test]
fn supersede_fails_without_append_consent() {
	ExtBuilder::default().build_and_execute(|| {
		let (old, _) = doctor_record();
		assert_noop!(
			Records::supersede(signed(NURSE), old, input(), TREAT),
			Error::<Test>::ConsentDenied
		);
	});
}

#[test]
fn supersede_fails_when_facts_change() {
	ExtBuilder::default().build_and_execute(|| {
		let (provider_record, _) = doctor_record();
		let own = own_upload();
		let changes: [fn(&mut RecordInputOf<Test>); 3] = [
			|i| i.category = cat(LAB),
			|i| i.labels = labels(&[b"N", b"PSY"]),
			|i| i.dates = day(DAY + 1),
		];
		for change in changes {
			// By the custodian (who has Append consent for anything) and by the patient.
			assert_noop!(
				Records::supersede(signed(DOCTOR), provider_record, input_with(change), TREAT),
				Error::<Test>::FactsChanged
			);
			assert_noop!(
				Records::supersede(signed(PATIENT), own, input_with(change), TREAT),
				Error::<Test>::FactsChanged
			);
		}
		// A single changed filler is a change too: fillers are indistinguishable from labels.
		let mut other_fillers = labels(&[b"N"]);
		other_fillers[3] = [0; 16];
		assert_noop!(
			Records::supersede(
				signed(PATIENT),
				own,
				input_with(|i| i.labels = other_fillers),
				TREAT
			),
			Error::<Test>::FactsChanged
		);
	});
}

#[test]
fn versions_share_the_chain_id_of_the_first_version() {
	ExtBuilder::default().build_and_execute(|| {
		let first = own_upload();
		let unrelated = own_upload();
		assert_ok!(Records::supersede(signed(PATIENT), first, input(), TREAT));
		let second = unrelated + 1;
		assert_ok!(Records::supersede(signed(PATIENT), second, input(), TREAT));
		let third = second + 1;
		for id in [first, second, third] {
			assert_eq!(record(id).chain, first);
			assert_eq!(Records::record(id).map(|r| r.chain), Some(first));
			assert_eq!(
				<Records as RecordsInspect<u64>>::record_facts(id).map(|f| f.chain),
				Some(first)
			);
		}
		assert_eq!(record(unrelated).chain, unrelated);
		// Erasing a version keeps its place in the chain.
		assert_ok!(Records::erase(signed(PATIENT), second));
		assert_eq!(record(second).chain, first);
		assert_eq!(record(third).chain, first);
	});
}

#[test]
fn only_the_latest_live_version_can_be_superseded() {
	ExtBuilder::default().build_and_execute(|| {
		let old = own_upload();
		assert_ok!(Records::supersede(signed(PATIENT), old, input(), TREAT));
		assert_noop!(
			Records::supersede(signed(PATIENT), old, input(), TREAT),
			Error::<Test>::NotSupersedable
		);
		assert_ok!(Records::mark_entered_in_error(signed(PATIENT), old + 1));
		assert_noop!(
			Records::supersede(signed(PATIENT), old + 1, input(), TREAT),
			Error::<Test>::NotSupersedable
		);
	});
}

#[test]
fn supersede_refuses_to_grow_a_chain_past_max_versions() {
	ExtBuilder::default().build_and_execute(|| {
		let mut id = own_upload();
		for _ in 1..MAX_VERSIONS {
			assert_ok!(Records::supersede(signed(PATIENT), id, input(), TREAT));
			id += 1;
		}
		assert_eq!(record(id).version, MAX_VERSIONS);
		assert_noop!(
			Records::supersede(signed(PATIENT), id, input(), TREAT),
			Error::<Test>::TooManyVersions
		);
	});
}

#[test]
fn supersede_fails_for_unknown_or_erased_records_and_invalid_input() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Records::supersede(signed(PATIENT), 5, input(), TREAT),
			Error::<Test>::UnknownRecord
		);
		let id = own_upload();
		assert_noop!(
			Records::supersede(
				signed(PATIENT),
				id,
				input_with(|i| i.locator = BoundedVec::new()),
				TREAT
			),
			Error::<Test>::EmptyLocator
		);
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_noop!(
			Records::supersede(signed(PATIENT), id, input(), TREAT),
			Error::<Test>::RecordErased
		);
	});
}

#[test]
fn history_is_walkable_from_any_version_oldest_first() {
	ExtBuilder::default().build_and_execute(|| {
		let first = own_upload();
		let _unrelated = own_upload();
		assert_ok!(Records::supersede(signed(PATIENT), first, input(), TREAT));
		assert_ok!(Records::supersede(signed(PATIENT), 2, input(), TREAT));
		for id in [first, 2, 3] {
			assert_eq!(Records::history(id), vec![first, 2, 3]);
		}
		assert_eq!(Records::history(1), vec![1]);
		assert_eq!(Records::history(42), Vec::<RecordId>::new());
	});
}

#[test]
fn custodian_clinicians_mark_records_entered_in_error() {
	ExtBuilder::default().build_and_execute(|| {
		let (a, _) = doctor_record();
		assert_ok!(Records::register(signed(DOCTOR), PATIENT, input(), TREAT));
		assert_ok!(Records::mark_entered_in_error(signed(NURSE), a));
		assert_eq!(record(a).status, RecordStatus::EnteredInError);
		System::assert_last_event(
			Event::RecordEnteredInError { record: a, previous: RecordStatus::Pending, by: NURSE }
				.into(),
		);
		assert_ok!(Records::mark_entered_in_error(signed(DOCTOR), a + 1));
		assert_eq!(record(a + 1).status, RecordStatus::EnteredInError);
	});
}

#[test]
fn patient_marks_own_upload_entered_in_error_even_when_superseded() {
	ExtBuilder::default().build_and_execute(|| {
		let old = own_upload();
		assert_ok!(Records::supersede(signed(PATIENT), old, input(), TREAT));
		assert_ok!(Records::mark_entered_in_error(signed(PATIENT), old));
		System::assert_last_event(
			Event::RecordEnteredInError {
				record: old,
				previous: RecordStatus::Superseded,
				by: PATIENT,
			}
			.into(),
		);
		assert_eq!(record(old).replaced_by, Some(old + 1));
	});
}

#[test]
fn mark_entered_in_error_fails_for_anyone_else() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		for who in [PATIENT, CLINIC_DOCTOR, CLINIC_ADMIN, STRANGER] {
			assert_noop!(
				Records::mark_entered_in_error(signed(who), id),
				Error::<Test>::NotCustodian
			);
		}
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Revoked);
		assert_noop!(
			Records::mark_entered_in_error(signed(DOCTOR), id),
			Error::<Test>::NotCustodian
		);
	});
}

#[test]
fn mark_entered_in_error_fails_twice_or_on_unknown_or_erased_records() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Records::mark_entered_in_error(signed(PATIENT), 3),
			Error::<Test>::UnknownRecord
		);
		let id = own_upload();
		assert_ok!(Records::mark_entered_in_error(signed(PATIENT), id));
		assert_noop!(
			Records::mark_entered_in_error(signed(PATIENT), id),
			Error::<Test>::AlreadyEnteredInError
		);
		let other = own_upload();
		assert_ok!(Records::erase(signed(PATIENT), other));
		assert_noop!(
			Records::mark_entered_in_error(signed(PATIENT), other),
			Error::<Test>::RecordErased
		);
	});
}

// ------------------------------------------------------------------------- erasure

#[test]
fn patient_erases_locator_and_every_key_and_gets_the_deposits_back() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, doctor_grant) = doctor_record();
		let nurse_grant = MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		assert_ok!(Records::attach_key(signed(DOCTOR), id, NURSE, key(2)));
		assert_ok!(Records::attach_key(signed(PATIENT), id, PATIENT, key(3)));
		let (patient_free, doctor_free) = (free(PATIENT), free(DOCTOR));

		assert_ok!(Records::erase(signed(PATIENT), id));

		let r = record(id);
		assert!(r.erased);
		assert!(r.body.is_none(), "the locator and the deposit go with the body");
		assert_eq!(r.hash, HASH, "the hash commitment stays");
		assert_eq!(r.status, RecordStatus::Pending, "the status stays");
		assert_eq!(WrappedKeys::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(KeyCount::<Test>::get(id), 0);
		assert!(grant_keys(doctor_grant).is_empty());
		assert!(grant_keys(nurse_grant).is_empty());
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 0);
		assert_eq!(held(HoldReason::KeyDeposit, DOCTOR), 0);
		assert_eq!(held(HoldReason::KeyDeposit, PATIENT), 0);
		assert_eq!(free(PATIENT), patient_free + 2 * key_deposit());
		assert_eq!(free(DOCTOR), doctor_free + record_deposit() + key_deposit());
		System::assert_last_event(
			Event::RecordErased {
				record: id,
				patient: PATIENT,
				by: PATIENT,
				keys_removed: 3,
				deposit_released: record_deposit(),
			}
			.into(),
		);
		// No query hands out the locator any more.
		assert_eq!(Records::read_pointer(id, PATIENT, TREAT), Err(ReadDenied::Erased));
		assert_eq!(Records::read_pointer(id, DOCTOR, TREAT), Err(ReadDenied::Erased));
		let info = Records::record(id).expect("the record stays");
		assert!(info.body.is_none() && info.erased);
		assert_eq!(info.keys, 0);
		assert!(Records::records_of(PATIENT, None, None, 10).records.is_empty());
	});
}

#[test]
fn erase_leaves_only_id_status_and_hash() {
	ExtBuilder::default().build_and_execute(|| {
		let first = own_upload();
		assert_ok!(Records::supersede(signed(PATIENT), first, input(), TREAT));
		let (id, _) = doctor_record();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		assert_ok!(Records::attach_key(signed(PATIENT), first + 1, PATIENT, key(2)));
		for erased in [id, first + 1] {
			let before = record(erased);
			assert_ok!(Records::erase(signed(PATIENT), erased));
			// Nothing but the id, chain, hash, status, version links and block stays.
			assert_eq!(
				record(erased),
				RecordPointer {
					id: erased,
					chain: before.chain,
					hash: before.hash,
					status: before.status,
					version: before.version,
					replaces: before.replaces,
					replaced_by: before.replaced_by,
					registered_at: before.registered_at,
					erased: true,
					body: None,
				}
			);
			assert!(!RecordsByPatient::<Test>::contains_key(PATIENT, erased));
			assert_eq!(WrappedKeys::<Test>::iter_prefix(erased).count(), 0);
			assert!(!KeyCount::<Test>::contains_key(erased));
			assert_eq!(<Records as RecordsInspect<u64>>::record_facts(erased), None);
			// The patient, custodian and tags are gone from the query too.
			let info = Records::record(erased).expect("the record stays");
			assert_eq!(info.body, None);
			assert!(!info.encode_contains(&cat(NOTE)));
		}
		assert_eq!(record(first + 1).chain, first);
		assert_eq!(record(first + 1).replaces, Some(first));
		// The first version is untouched and still listed.
		let listed: Vec<RecordId> =
			Records::records_of(PATIENT, None, None, 10).records.iter().map(|r| r.id).collect();
		assert_eq!(listed, vec![first]);
	});
}

#[test]
fn erasure_keeps_the_history_and_verification() {
	ExtBuilder::default().build_and_execute(|| {
		let old = own_upload();
		assert_ok!(Records::supersede(
			signed(PATIENT),
			old,
			input_with(|i| i.hash = ContentHash::Sha256([2; 32])),
			TREAT
		));
		assert_ok!(Records::erase(signed(PATIENT), old));
		assert_eq!(Records::history(old + 1), vec![old, old + 1]);
		assert_eq!(record(old).replaced_by, Some(old + 1));
		assert_eq!(
			Records::verify(old + 1, HASH),
			VerifyResult::Superseded { matched: old, latest: old + 1, erased: true }
		);
	});
}

#[test]
fn erase_returns_the_actual_weight_for_the_keys_removed() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		assert_ok!(Records::attach_key(signed(PATIENT), id, PATIENT, key(1)));
		let info = Records::erase(signed(PATIENT), id).expect("erases");
		assert_eq!(
			info,
			PostDispatchInfo {
				actual_weight: Some(<Test as Config>::WeightInfo::erase(1)),
				pays_fee: Default::default()
			}
		);
	});
}

#[test]
fn custodian_admin_erases_on_the_patients_request() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::request_erasure(signed(PATIENT), id));
		assert!(body(id).erasure_requested);
		System::assert_last_event(
			Event::ErasureRequested { record: id, patient: PATIENT, custodian: HOSPITAL }.into(),
		);
		assert_ok!(Records::erase(signed(HOSPITAL_ADMIN), id));
		let r = record(id);
		assert!(r.erased && r.body.is_none(), "the request goes with the body");
		assert_eq!(held(HoldReason::RecordDeposit, DOCTOR), 0);
		System::assert_last_event(
			Event::RecordErased {
				record: id,
				patient: PATIENT,
				by: HOSPITAL_ADMIN,
				keys_removed: 0,
				deposit_released: record_deposit(),
			}
			.into(),
		);
	});
}

#[test]
fn suspended_custodian_can_still_honour_an_erasure_request() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::request_erasure(signed(PATIENT), id));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_ok!(Records::erase(signed(HOSPITAL_ADMIN), id));
	});
}

#[test]
fn custodian_cannot_erase_without_a_request() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_noop!(
			Records::erase(signed(HOSPITAL_ADMIN), id),
			Error::<Test>::ErasureNotRequested
		);
	});
}

#[test]
fn only_the_patient_or_the_custodian_admin_may_erase() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::request_erasure(signed(PATIENT), id));
		for who in [DOCTOR, CLINIC_ADMIN, STRANGER] {
			assert_noop!(Records::erase(signed(who), id), Error::<Test>::NotCustodianAdmin);
		}
		let own = own_upload();
		for who in [HOSPITAL_ADMIN, STRANGER] {
			assert_noop!(Records::erase(signed(who), own), Error::<Test>::NotPatient);
		}
	});
}

#[test]
fn erase_fails_twice_or_for_an_unknown_record() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Records::erase(signed(PATIENT), 9), Error::<Test>::UnknownRecord);
		let id = own_upload();
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_noop!(Records::erase(signed(PATIENT), id), Error::<Test>::RecordErased);
	});
}

#[test]
fn request_erasure_rules() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Records::request_erasure(signed(PATIENT), 4), Error::<Test>::UnknownRecord);
		let (id, _) = doctor_record();
		assert_noop!(Records::request_erasure(signed(DOCTOR), id), Error::<Test>::NotPatient);
		let own = own_upload();
		assert_noop!(Records::request_erasure(signed(PATIENT), own), Error::<Test>::NoCustodian);
		assert_ok!(Records::request_erasure(signed(PATIENT), id));
		assert_noop!(
			Records::request_erasure(signed(PATIENT), id),
			Error::<Test>::ErasureAlreadyRequested
		);
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_noop!(Records::request_erasure(signed(PATIENT), id), Error::<Test>::RecordErased);
	});
}

#[test]
fn an_erased_record_can_no_longer_change() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_noop!(Records::acknowledge(signed(PATIENT), id), Error::<Test>::RecordErased);
		assert_noop!(Records::dispute(signed(PATIENT), id, HASH), Error::<Test>::RecordErased);
		assert_noop!(
			Records::supersede(signed(DOCTOR), id, input(), TREAT),
			Error::<Test>::RecordErased
		);
		assert_noop!(
			Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)),
			Error::<Test>::RecordErased
		);
		assert_noop!(Records::detach_key(signed(PATIENT), id, DOCTOR), Error::<Test>::KeyNotFound);
	});
}

// ------------------------------------------------------------------------- keys

#[test]
fn patient_attaches_a_key_under_the_grantees_read_grant() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, grant) = doctor_record();
		let grantee_grant = MockConsent::grant(PATIENT, CLINIC_DOCTOR, &[Action::Read]);
		assert_ok!(Records::attach_key(signed(PATIENT), id, CLINIC_DOCTOR, key(5)));
		let entry = WrappedKeys::<Test>::get(id, CLINIC_DOCTOR).expect("stored");
		assert_eq!(entry.key, key(5));
		assert_eq!(entry.grant, Some(grantee_grant));
		assert_eq!(entry.deposit, Deposit { payer: PATIENT, amount: key_deposit() });
		assert_eq!(KeyCount::<Test>::get(id), 1);
		assert_eq!(grant_keys(grantee_grant), vec![(id, CLINIC_DOCTOR)]);
		assert!(grant_keys(grant).is_empty());
		assert_eq!(held(HoldReason::KeyDeposit, PATIENT), key_deposit());
		assert_eq!(key_deposit(), DEPOSIT_BASE + 32 * DEPOSIT_PER_BYTE);
		System::assert_last_event(
			Event::KeyAttached {
				record: id,
				grantee: CLINIC_DOCTOR,
				grant: Some(grantee_grant),
				by: PATIENT,
				deposit: key_deposit(),
			}
			.into(),
		);
	});
}

#[test]
fn custodian_member_attaches_a_key_and_pays_its_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, grant) = doctor_record();
		assert_ok!(Records::attach_key(signed(NURSE), id, DOCTOR, key(1)));
		assert_eq!(WrappedKeys::<Test>::get(id, DOCTOR).and_then(|e| e.grant), Some(grant));
		assert_eq!(held(HoldReason::KeyDeposit, NURSE), key_deposit());
	});
}

#[test]
fn the_patients_own_key_needs_no_grant() {
	ExtBuilder::default().build_and_execute(|| {
		let own = own_upload();
		assert_ok!(Records::attach_key(signed(PATIENT), own, PATIENT, key(1)));
		assert_eq!(WrappedKeys::<Test>::get(own, PATIENT).map(|e| e.grant), Some(None));
		// The custodian may wrap the key for the patient too.
		let (id, _) = doctor_record();
		assert_ok!(Records::attach_key(signed(DOCTOR), id, PATIENT, key(2)));
		assert_eq!(KeysByGrant::<Test>::iter().count(), 0);
		let pointer = Records::read_pointer(id, PATIENT, TREAT).expect("patient reads");
		assert_eq!(pointer.wrapped_key, Some(key(2).into_inner()));
		assert_eq!(pointer.key_grant, None);
		assert_eq!(pointer.basis, AccessBasis::Patient);
	});
}

#[test]
fn attach_key_fails_without_a_live_read_grant() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		assert_noop!(
			Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)),
			Error::<Test>::NoReadGrant
		);
		MockConsent::grant(PATIENT, DOCTOR, &[Action::Append]);
		assert_noop!(
			Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)),
			Error::<Test>::NoReadGrant
		);
		let grant = MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		MockConsent::set_live(grant, false);
		assert_noop!(
			Records::attach_key(signed(PATIENT), id, NURSE, key(1)),
			Error::<Test>::NoReadGrant
		);
	});
}

#[test]
fn attach_key_fails_for_anyone_but_the_patient_or_a_custodian_member() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		for who in [STRANGER, CLINIC_DOCTOR, RESEARCHER] {
			assert_noop!(
				Records::attach_key(signed(who), id, DOCTOR, key(1)),
				Error::<Test>::NotPatientOrCustodian
			);
		}
		let own = own_upload();
		assert_noop!(
			Records::attach_key(signed(DOCTOR), own, DOCTOR, key(1)),
			Error::<Test>::NotPatientOrCustodian
		);
	});
}

#[test]
fn members_of_a_suspended_custodian_cannot_manage_keys() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::attach_key(signed(DOCTOR), id, PATIENT, key(1)));
		MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_noop!(
			Records::attach_key(signed(DOCTOR), id, NURSE, key(2)),
			Error::<Test>::NotPatientOrCustodian
		);
		// Whoever attached a key may still take it back (and its deposit): that only narrows
		// access. The patient still manages the keys of their record.
		assert_ok!(Records::attach_key(signed(PATIENT), id, NURSE, key(3)));
		assert_noop!(
			Records::detach_key(signed(DOCTOR), id, NURSE),
			Error::<Test>::NotPatientGranteeOrAttacher
		);
		assert_ok!(Records::detach_key(signed(DOCTOR), id, PATIENT));
		assert_ok!(Records::detach_key(signed(PATIENT), id, NURSE));
		assert_eq!(KeyCount::<Test>::get(id), 0);
	});
}

#[test]
fn attach_key_takes_the_longest_key_and_one_byte_more_does_not_decode() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		let longest = vec![7u8; MAX_KEY as usize];
		// `attach_key` (call 7) with the key as a plain byte string.
		let bytes = |key: &[u8]| call_bytes(7, (id, PATIENT, key.to_vec()));
		let call = RuntimeCall::Records(crate::Call::attach_key {
			record: id,
			grantee: PATIENT,
			wrapped_key: BoundedVec::truncate_from(longest.clone()),
		});
		assert_eq!(bytes(&longest), call.encode());
		assert_eq!(decoded_call(&bytes(&longest)), Some(call));
		assert_eq!(decoded_call(&bytes(&[&longest[..], &[7]].concat())), None);
		assert_ok!(Records::attach_key(
			signed(PATIENT),
			id,
			PATIENT,
			BoundedVec::truncate_from(longest.clone())
		));
		assert_eq!(
			WrappedKeys::<Test>::get(id, PATIENT).map(|k| k.key.into_inner()),
			Some(longest)
		);
		assert_eq!(
			held(HoldReason::KeyDeposit, PATIENT),
			DEPOSIT_BASE + DEPOSIT_PER_BYTE * u64::from(MAX_KEY)
		);
	});
}

#[test]
fn attach_key_fails_when_a_key_is_already_attached() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		assert_noop!(
			Records::attach_key(signed(NURSE), id, DOCTOR, key(2)),
			Error::<Test>::KeyAlreadyAttached
		);
	});
}

#[test]
fn attach_key_fails_past_max_keys_per_record() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		assert_ok!(Records::attach_key(signed(PATIENT), id, PATIENT, key(0)));
		for grantee in [DOCTOR, NURSE] {
			MockConsent::grant(PATIENT, grantee, &[Action::Read]);
			assert_ok!(Records::attach_key(signed(PATIENT), id, grantee, key(1)));
		}
		assert_eq!(KeyCount::<Test>::get(id), MAX_KEYS_PER_RECORD);
		MockConsent::grant(PATIENT, CLINIC_DOCTOR, &[Action::Read]);
		assert_noop!(
			Records::attach_key(signed(PATIENT), id, CLINIC_DOCTOR, key(1)),
			Error::<Test>::TooManyKeysForRecord
		);
	});
}

#[test]
fn attach_key_fails_for_an_empty_key_or_unknown_record_or_missing_funds() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		assert_noop!(
			Records::attach_key(signed(PATIENT), id, PATIENT, BoundedVec::new()),
			Error::<Test>::EmptyWrappedKey
		);
		assert_noop!(
			Records::attach_key(signed(PATIENT), 77, PATIENT, key(1)),
			Error::<Test>::UnknownRecord
		);
		// POOR is a member of the hospital but cannot pay the key deposit.
		let (provider_record, _) = doctor_record();
		MockOrganizations::add_member(HOSPITAL, POOR, &[MemberRole::Clinician]);
		assert_noop!(
			Records::attach_key(signed(POOR), provider_record, PATIENT, key(1)),
			TokenError::FundsUnavailable
		);
	});
}

#[test]
fn patient_grantee_or_attacher_detaches_a_key_and_the_deposit_returns_to_its_payer() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, grant) = doctor_record();
		let nurse_grant = MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		assert_ok!(Records::attach_key(signed(NURSE), id, DOCTOR, key(1)));
		assert_ok!(Records::attach_key(signed(PATIENT), id, NURSE, key(2)));
		let nurse_free = free(NURSE);

		assert_ok!(Records::detach_key(signed(PATIENT), id, DOCTOR));
		assert_eq!(WrappedKeys::<Test>::get(id, DOCTOR), None);
		assert!(grant_keys(grant).is_empty());
		assert_eq!(KeyCount::<Test>::get(id), 1);
		assert_eq!(free(NURSE), nurse_free + key_deposit());
		System::assert_last_event(
			Event::KeyDetached { record: id, grantee: DOCTOR, grant: Some(grant), by: PATIENT }
				.into(),
		);

		// The grantee gives up its own key.
		assert_ok!(Records::detach_key(signed(NURSE), id, NURSE));
		assert!(grant_keys(nurse_grant).is_empty());
		assert_eq!(KeyCount::<Test>::get(id), 0);
		assert!(!KeyCount::<Test>::contains_key(id));
		assert_eq!(held(HoldReason::KeyDeposit, PATIENT), 0);
	});
}

#[test]
fn detach_key_fails_for_others_missing_keys_and_unknown_records() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		for who in [STRANGER, CLINIC_DOCTOR, NURSE] {
			assert_noop!(
				Records::detach_key(signed(who), id, DOCTOR),
				Error::<Test>::NotPatientGranteeOrAttacher
			);
		}
		assert_noop!(Records::detach_key(signed(PATIENT), id, NURSE), Error::<Test>::KeyNotFound);
		assert_noop!(
			Records::detach_key(signed(PATIENT), 12, DOCTOR),
			Error::<Test>::UnknownRecord
		);
	});
}

#[test]
fn revoking_a_grant_removes_exactly_its_keys_and_returns_their_deposits() {
	ExtBuilder::default().build_and_execute(|| {
		let (a, doctor_grant) = doctor_record();
		let b = own_upload();
		let nurse_grant = MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		assert_ok!(Records::attach_key(signed(NURSE), a, DOCTOR, key(1)));
		assert_ok!(Records::attach_key(signed(PATIENT), b, DOCTOR, key(2)));
		assert_ok!(Records::attach_key(signed(PATIENT), a, NURSE, key(3)));
		assert_ok!(Records::attach_key(signed(PATIENT), a, PATIENT, key(4)));
		let (patient_free, nurse_free) = (free(PATIENT), free(NURSE));

		MockConsent::revoke(doctor_grant);

		assert_eq!(WrappedKeys::<Test>::get(a, DOCTOR), None);
		assert_eq!(WrappedKeys::<Test>::get(b, DOCTOR), None);
		assert!(grant_keys(doctor_grant).is_empty());
		assert!(WrappedKeys::<Test>::get(a, NURSE).is_some());
		assert!(WrappedKeys::<Test>::get(a, PATIENT).is_some());
		assert_eq!(grant_keys(nurse_grant), vec![(a, NURSE)]);
		assert_eq!(KeyCount::<Test>::get(a), 2);
		assert_eq!(KeyCount::<Test>::get(b), 0);
		assert_eq!(free(PATIENT), patient_free + key_deposit());
		assert_eq!(free(NURSE), nurse_free + key_deposit());
		// The keys come in index (hash) order.
		let Some(RuntimeEvent::Records(Event::GrantKeysRemoved { grant, mut keys, more_left })) =
			System::events().last().map(|e| e.event.clone())
		else {
			panic!("GrantKeysRemoved is the last event");
		};
		keys.sort();
		assert_eq!((grant, keys, more_left), (doctor_grant, vec![(a, DOCTOR), (b, DOCTOR)], false));
		// No stale key is handed out; the doctor cannot even read any more.
		assert_eq!(
			Records::read_pointer(a, DOCTOR, TREAT),
			Err(ReadDenied::Consent(DenialReason::NoGrant))
		);
	});
}

#[test]
fn ending_a_grant_without_keys_does_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		let events = System::events().len();
		// Nothing beyond what the consent pallet's benchmarks count for it.
		assert_eq!(<Records as OnGrantEnded>::on_grant_ended(1234), Weight::zero());
		assert_eq!(System::events().len(), events);
	});
}

#[test]
fn on_grant_ended_weight_is_the_benchmark_at_max_keys_removed_on_grant_end() {
	ExtBuilder::default().build_and_execute(|| {
		// Beyond finding no key, which the consent pallet's benchmarks count.
		let weigh = <<Test as Config>::WeightInfo as WeightInfo>::on_grant_ended;
		assert_eq!(
			<Records as OnGrantEnded>::weight(),
			weigh(MAX_KEYS_REMOVED_ON_GRANT_END) - weigh(0)
		);
	});
}

#[test]
fn ending_a_grant_reports_the_weight_of_the_keys_it_removed() {
	ExtBuilder::default().build_and_execute(|| {
		let weigh = <<Test as Config>::WeightInfo as WeightInfo>::on_grant_ended;
		let grant = MockConsent::grant(PATIENT, DOCTOR, &[Action::Read]);
		for _ in 0..2 {
			let id = own_upload();
			assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		}
		assert_eq!(<Records as OnGrantEnded>::on_grant_ended(grant), weigh(2) - weigh(0));
		assert_eq!(KeysByGrant::<Test>::iter_keys().count(), 0);
	});
}

// ------------------------------------------------------------------------- reading

#[test]
fn read_pointer_hands_out_locator_and_key_when_consent_permits() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, grant) = doctor_record();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		let pointer = Records::read_pointer(id, DOCTOR, TREAT).expect("permitted");
		assert_eq!(
			pointer,
			PointerInfo {
				record: id,
				patient: PATIENT,
				custodian: Some(HOSPITAL),
				status: RecordStatus::Pending,
				version: 1,
				replaced_by: None,
				hash: HASH,
				locator: b"enc:ehr.example/blob/1".to_vec(),
				wrapped_key: Some(key(1).into_inner()),
				key_grant: Some(grant),
				basis: AccessBasis::Grant(grant),
			}
		);
		assert_eq!(
			MockConsent::last_check(),
			Some((PATIENT, DOCTOR, AccessTarget::Record(id), TREAT, Action::Read))
		);
		// Without a key the locator is still handed out.
		MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		let pointer = Records::read_pointer(id, NURSE, Purpose::Operations).expect("permitted");
		assert_eq!(pointer.wrapped_key, None);
		assert_eq!(MockConsent::last_check().map(|c| c.3), Some(Purpose::Operations));
	});
}

#[test]
fn read_pointer_is_refused_for_a_stranger_with_the_consent_reason() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_eq!(
			Records::read_pointer(id, STRANGER, TREAT),
			Err(ReadDenied::Consent(DenialReason::NoGrant))
		);
		MockConsent::deny_with(PATIENT, RESEARCHER, DenialReason::OutOfScope);
		assert_eq!(
			Records::read_pointer(id, RESEARCHER, Purpose::Research),
			Err(ReadDenied::Consent(DenialReason::OutOfScope))
		);
		// An append-only grant does not permit reading.
		MockConsent::grant(PATIENT, NURSE, &[Action::Append]);
		assert_eq!(
			Records::read_pointer(id, NURSE, TREAT),
			Err(ReadDenied::Consent(DenialReason::NoGrant))
		);
	});
}

#[test]
fn read_pointer_never_hands_out_a_key_whose_grant_is_no_longer_live() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, old_grant) = doctor_record();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		// The grant expires before anyone tells this pallet, and a new one lets the doctor read.
		MockConsent::set_live(old_grant, false);
		let new_grant = MockConsent::grant(PATIENT, DOCTOR, &[Action::Read]);
		let pointer = Records::read_pointer(id, DOCTOR, TREAT).expect("permitted by the new grant");
		assert_eq!(pointer.basis, AccessBasis::Grant(new_grant));
		assert_eq!(pointer.wrapped_key, None);
		assert_eq!(pointer.key_grant, None);
	});
}

#[test]
fn read_pointer_is_refused_for_unknown_and_erased_records() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Records::read_pointer(3, PATIENT, TREAT), Err(ReadDenied::UnknownRecord));
		let id = own_upload();
		assert!(Records::read_pointer(id, PATIENT, TREAT).is_ok());
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_eq!(Records::read_pointer(id, PATIENT, TREAT), Err(ReadDenied::Erased));
	});
}

// ------------------------------------------------------------------------- queries

#[test]
fn record_query_returns_everything_but_the_locator() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Records::record(0), None);
		let (id, _) = doctor_record();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		let info = Records::record(id).expect("exists");
		assert_eq!(info, record(id).info(1));
		assert_eq!(info.keys, 1);
		assert_eq!((info.id, info.chain, info.hash), (id, id, HASH));
		let b = info.body.clone().expect("a live record has a body");
		assert_eq!((b.patient, b.custodian, b.author), (PATIENT, Some(HOSPITAL), DOCTOR));
		assert_eq!(b.category, cat(NOTE));
		assert_eq!(b.type_code, type_tag(b"34117-2"));
		assert_eq!(b.labels, labels(&[b"N"]));
		assert_eq!(b.dates, day(DAY));
		assert_eq!(b.deposit, Some(Deposit { payer: DOCTOR, amount: record_deposit() }));
		assert!(!info.encode_contains(b"enc:ehr.example/blob/1"));
		// No code is on chain in the clear.
		assert!(!info.encode_contains(NOTE));
		assert!(!info.encode_contains(b"34117-2"));
	});
}

trait EncodeContains {
	fn encode_contains(&self, needle: &[u8]) -> bool;
}

impl<T: codec::Encode> EncodeContains for T {
	fn encode_contains(&self, needle: &[u8]) -> bool {
		self.encode().windows(needle.len()).any(|w| w == needle)
	}
}

#[test]
fn records_of_pages_through_a_patients_records_and_filters_by_category() {
	ExtBuilder::default().build_and_execute(|| {
		let mut labs = BTreeSet::new();
		let mut all = BTreeSet::new();
		for i in 0..7u64 {
			let category = if i % 2 == 0 { LAB } else { NOTE };
			let id = NextRecordId::<Test>::get();
			assert_ok!(Records::register(
				signed(PATIENT),
				PATIENT,
				input_with(|input| input.category = cat(category)),
				TREAT
			));
			all.insert(id);
			if category == LAB {
				labs.insert(id);
			}
			assert_ok!(Records::register(signed(OTHER_PATIENT), OTHER_PATIENT, input(), TREAT));
		}
		let collect = |category: Option<Tag>, limit: u32| {
			let mut seen = BTreeSet::new();
			let mut cursor = None;
			let mut pages = 0;
			loop {
				let page = Records::records_of(PATIENT, category, cursor, limit);
				assert!(page.records.len() <= limit as usize);
				for r in &page.records {
					assert_eq!(r.body.as_ref().map(|b| b.patient), Some(PATIENT));
					assert!(seen.insert(r.id), "a record is listed twice");
				}
				pages += 1;
				match page.next {
					Some(next) => cursor = Some(next),
					None => break,
				}
			}
			(seen, pages)
		};
		let (seen, pages) = collect(None, 3);
		assert_eq!(seen, all);
		assert_eq!(pages, 3);
		let (seen, _) = collect(Some(cat(LAB)), 2);
		assert_eq!(seen, labs);
		let (seen, pages) = collect(None, 100);
		assert_eq!((seen, pages), (all.clone(), 1));
		// A zero limit means one record; a huge one is capped.
		assert_eq!(Records::records_of(PATIENT, None, None, 0).records.len(), 1);
		assert_eq!(Records::records_of(PATIENT, None, None, u32::MAX).records.len(), 7);
		const { assert!(MAX_PAGE >= 7) };
		assert_eq!(
			Records::records_of(STRANGER, None, None, 10),
			RecordPage { records: vec![], next: None }
		);
	});
}

#[test]
fn records_of_bounds_the_entries_scanned_per_page_when_filtering() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..MAX_PAGE_SCAN {
			own_upload();
		}
		let lab = NextRecordId::<Test>::get();
		assert_ok!(Records::register(
			signed(PATIENT),
			PATIENT,
			input_with(|i| i.category = cat(LAB)),
			TREAT
		));
		let first = Records::records_of(PATIENT, Some(cat(LAB)), None, 10);
		assert!(first.records.len() <= 1);
		let next = first.next.expect("a scan-bounded page has a cursor");
		let second = Records::records_of(PATIENT, Some(cat(LAB)), Some(next), 10);
		assert_eq!(second.next, None);
		let found: Vec<RecordId> =
			first.records.iter().chain(second.records.iter()).map(|r| r.id).collect();
		assert_eq!(found, vec![lab]);
	});
}

#[test]
fn verify_tells_current_superseded_entered_in_error_and_no_match() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Records::verify(0, HASH), VerifyResult::Unknown);
		let (first, _) = doctor_record();
		assert_eq!(
			Records::verify(first, HASH),
			VerifyResult::Current { record: first, status: RecordStatus::Pending, erased: false }
		);
		let second_hash = ContentHash::Sha256([2; 32]);
		assert_ok!(Records::supersede(
			signed(DOCTOR),
			first,
			input_with(|i| i.hash = second_hash),
			TREAT
		));
		let second = first + 1;
		assert_ok!(Records::acknowledge(signed(PATIENT), second));
		for id in [first, second] {
			assert_eq!(
				Records::verify(id, second_hash),
				VerifyResult::Current {
					record: second,
					status: RecordStatus::Current,
					erased: false
				}
			);
			assert_eq!(
				Records::verify(id, HASH),
				VerifyResult::Superseded { matched: first, latest: second, erased: false }
			);
			assert_eq!(
				Records::verify(id, ContentHash::Sha256([3; 32])),
				VerifyResult::NoMatch { latest: second }
			);
			// The same digest under another algorithm is another hash.
			assert_eq!(
				Records::verify(id, ContentHash::Blake2_256([2; 32])),
				VerifyResult::NoMatch { latest: second }
			);
		}
		assert_ok!(Records::mark_entered_in_error(signed(DOCTOR), second));
		assert_eq!(
			Records::verify(first, second_hash),
			VerifyResult::EnteredInError { matched: second }
		);
		assert_ok!(Records::erase(signed(PATIENT), second));
		assert_eq!(
			Records::verify(first, HASH),
			VerifyResult::Superseded { matched: first, latest: second, erased: false }
		);
	});
}

#[test]
fn verify_reports_an_erased_current_version() {
	ExtBuilder::default().build_and_execute(|| {
		let id = own_upload();
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_eq!(
			Records::verify(id, HASH),
			VerifyResult::Current { record: id, status: RecordStatus::Current, erased: true }
		);
	});
}

#[test]
fn queries_are_served_as_view_functions() {
	use crate::pallet::{HistoryViewFunction, ReadPointerViewFunction};
	use codec::{Decode, Encode};
	use frame_support::view_functions::{DispatchViewFunction, ViewFunction};

	fn call<V: ViewFunction + Encode>(query: V) -> V::ReturnType
	where
		V::ReturnType: Decode,
	{
		let input = query.encode();
		let mut output = Vec::new();
		assert_ok!(Records::dispatch_view_function(&V::id(), &mut &input[..], &mut output));
		V::ReturnType::decode(&mut &output[..]).expect("the output decodes")
	}

	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_ok!(Records::supersede(signed(DOCTOR), id, input(), TREAT));
		assert_eq!(call(HistoryViewFunction::<Test>::new(id)), vec![id, id + 1]);
		assert_eq!(
			call(ReadPointerViewFunction::<Test>::new(id, STRANGER, TREAT)),
			Err(ReadDenied::Consent(DenialReason::NoGrant))
		);
		assert_eq!(
			call(ReadPointerViewFunction::<Test>::new(id, DOCTOR, TREAT)),
			Records::read_pointer(id, DOCTOR, TREAT)
		);
	});
}

// ------------------------------------------------------------------------- traits, genesis

#[test]
fn record_facts_give_patient_chain_and_blind_facts() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(<Records as RecordsInspect<u64>>::record_facts(0), None);
		let (id, _) = doctor_record();
		assert_eq!(
			<Records as RecordsInspect<u64>>::record_facts(id),
			Some(RecordFacts {
				patient: PATIENT,
				chain: id,
				custodian: Some(HOSPITAL),
				blind: base_facts()
			})
		);
		// A later version answers with its chain, which grants name.
		assert_ok!(Records::supersede(signed(DOCTOR), id, input(), TREAT));
		assert_eq!(
			<Records as RecordsInspect<u64>>::record_facts(id + 1),
			Some(RecordFacts {
				patient: PATIENT,
				chain: id,
				custodian: Some(HOSPITAL),
				blind: base_facts()
			})
		);
		// Entered in error is still a record; erased is not.
		assert_ok!(Records::mark_entered_in_error(signed(DOCTOR), id + 1));
		assert!(<Records as RecordsInspect<u64>>::record_facts(id + 1).is_some());
		assert_ok!(Records::erase(signed(PATIENT), id + 1));
		assert_eq!(<Records as RecordsInspect<u64>>::record_facts(id + 1), None);
	});
}

#[cfg(feature = "runtime-benchmarks")]
#[test]
fn benchmark_record_registers_a_record_directly() {
	ExtBuilder::default().build_and_execute(|| {
		let facts = BlindFacts { category: cat(LAB), labels: labels(&[]), dates: day(5) };
		let id = <Records as RecordsInspect<u64>>::benchmark_record(&PATIENT, facts.clone());
		assert_eq!(
			<Records as RecordsInspect<u64>>::record_facts(id),
			Some(RecordFacts { patient: PATIENT, chain: id, custodian: None, blind: facts })
		);
		assert_eq!(body(id).deposit, None);
		assert_eq!(NextRecordId::<Test>::get(), id + 1);
	});
}

fn genesis_record(pending: bool, custodian: Option<u32>) -> GenesisRecord<u64> {
	GenesisRecord {
		patient: PATIENT,
		custodian,
		author: DOCTOR,
		category: cat(NOTE),
		type_code: type_tag(b"34117-2"),
		labels: labels(&[b"N"]),
		dates: day(DAY),
		hash: HASH,
		locator: b"demo:1".to_vec(),
		pending,
	}
}

#[test]
fn genesis_records_are_stored_without_deposit() {
	ExtBuilder::default()
		.with_genesis(vec![genesis_record(true, Some(HOSPITAL)), genesis_record(false, None)])
		.build_and_execute(|| {
			assert_eq!(NextRecordId::<Test>::get(), 2);
			assert_eq!(record(0).status, RecordStatus::Pending);
			assert_eq!(body(0).custodian, Some(HOSPITAL));
			assert_eq!(record(1).status, RecordStatus::Current);
			assert_eq!(body(1).deposit, None);
			assert_eq!(record(1).chain, 1);
			assert_eq!(
				<Records as RecordsInspect<u64>>::record_facts(0),
				Some(RecordFacts {
					patient: PATIENT,
					chain: 0,
					custodian: Some(HOSPITAL),
					blind: base_facts()
				})
			);
			assert_eq!(RecordsByPatient::<Test>::iter_prefix(PATIENT).count(), 2);
			// A genesis record is erased like any other, with no deposit to return.
			assert_ok!(Records::erase(signed(PATIENT), 1));
		});
}

#[test]
#[should_panic(expected = "record 0 is invalid")]
fn genesis_rejects_an_invalid_record() {
	let mut bad = genesis_record(false, None);
	bad.locator = Vec::new();
	ExtBuilder::default().with_genesis(vec![bad]).build();
}

#[test]
#[should_panic(expected = "a patient upload cannot be pending")]
fn genesis_rejects_a_pending_patient_upload() {
	ExtBuilder::default().with_genesis(vec![genesis_record(true, None)]).build();
}

#[test]
fn every_call_refuses_unsigned_and_root_origins() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		assert_eq!(id, 0);
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		// Every call, with arguments its rightful caller could use.
		type Call = fn(RuntimeOrigin) -> DispatchResult;
		let calls: [(&str, Call); 10] = [
			("register", |o| {
				Records::register(o, PATIENT, input(), TREAT).map(|_| ()).map_err(|e| e.error)
			}),
			("supersede", |o| {
				Records::supersede(o, 0, input(), TREAT).map(|_| ()).map_err(|e| e.error)
			}),
			("acknowledge", |o| Records::acknowledge(o, 0)),
			("dispute", |o| Records::dispute(o, 0, HASH)),
			("mark_entered_in_error", |o| Records::mark_entered_in_error(o, 0)),
			("request_erasure", |o| Records::request_erasure(o, 0)),
			("erase", |o| Records::erase(o, 0).map(|_| ()).map_err(|e| e.error)),
			("attach_key", |o| {
				Records::attach_key(o, 0, PATIENT, key(2)).map(|_| ()).map_err(|e| e.error)
			}),
			("detach_key", |o| Records::detach_key(o, 0, DOCTOR)),
			("remove_unentitled_key", |o| Records::remove_unentitled_key(o, 0, DOCTOR)),
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
fn integrity_test_accepts_the_mock_configuration_and_storage_version_is_two() {
	ExtBuilder::default().build_and_execute(|| {
		<Records as Hooks<u64>>::integrity_test();
		assert_eq!(Records::in_code_storage_version(), StorageVersion::new(2));
		assert_eq!(Records::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(<Test as Config>::MaxLocatorLen::get(), MAX_LOCATOR);
	});
}

#[test]
fn try_state_detects_broken_invariants() {
	let broken: [fn(); 11] = [
		|| RecordsByPatient::<Test>::remove(PATIENT, 0),
		|| RecordStore::<Test>::mutate(0, |r| r.as_mut().map(|r| r.body = None)).unwrap_or(()),
		|| RecordStore::<Test>::mutate(0, |r| r.as_mut().map(|r| r.erased = true)).unwrap_or(()),
		|| RecordStore::<Test>::mutate(1, |r| r.as_mut().map(|r| r.chain = 1)).unwrap_or(()),
		|| RecordStore::<Test>::mutate(0, |r| r.as_mut().map(|r| r.chain = 1)).unwrap_or(()),
		|| {
			RecordStore::<Test>::mutate(1, |r| {
				r.as_mut().and_then(|r| r.body.as_mut()).map(|b| b.dates = day(DAY + 1))
			})
			.unwrap_or(())
		},
		|| KeyCount::<Test>::insert(0, 2),
		|| KeysByGrant::<Test>::remove((0, 0, DOCTOR)),
		|| KeysByGrant::<Test>::insert((7, 0, DOCTOR), ()),
		|| RecordStore::<Test>::mutate(1, |r| r.as_mut().map(|r| r.replaces = None)).unwrap_or(()),
		|| {
			RecordStore::<Test>::mutate(0, |r| r.as_mut().map(|r| r.status = RecordStatus::Current))
				.unwrap_or(())
		},
	];
	for corrupt in broken {
		ExtBuilder::default().build().execute_with(|| {
			let (id, _) = doctor_record();
			assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
			assert_ok!(Records::supersede(signed(DOCTOR), id, input(), TREAT));
			assert_ok!(Records::do_try_state());
			corrupt();
			assert!(Records::do_try_state().is_err());
		});
	}
}

// ------------------------------------------------------------------------- finding 4

/// Finding 4: a member of the custodian without a clinical role (here the admin, who holds
/// no member role, and a clerk with only `Staff` and `Auditor`) may not register, supersede
/// or withdraw records, nor attach keys on the custodian's side.
#[test]
fn finding_4_a_member_without_a_clinical_role_cannot_change_records() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		for who in [HOSPITAL_ADMIN, CLERK] {
			MockConsent::grant(PATIENT, who, &[Action::Append, Action::Read]);
			assert_noop!(
				Records::register(signed(who), PATIENT, input(), TREAT),
				Error::<Test>::NotClinician
			);
			assert_noop!(
				Records::supersede(signed(who), id, input(), TREAT),
				Error::<Test>::NotClinician
			);
			assert_noop!(
				Records::mark_entered_in_error(signed(who), id),
				Error::<Test>::NotClinician
			);
			assert_noop!(
				Records::attach_key(signed(who), id, PATIENT, key(1)),
				Error::<Test>::NotClinician
			);
		}
	});
}

/// Finding 4: the `EmergencyClinician` role is a clinical role too.
#[test]
fn finding_4_an_emergency_clinician_changes_records_of_its_custodian() {
	ExtBuilder::default().build_and_execute(|| {
		MockConsent::grant(PATIENT, ER_DOCTOR, &[Action::Append, Action::Read]);
		let id = NextRecordId::<Test>::get();
		assert_ok!(Records::register(signed(ER_DOCTOR), PATIENT, input(), TREAT));
		assert_ok!(Records::supersede(signed(ER_DOCTOR), id, input(), TREAT));
		assert_ok!(Records::attach_key(signed(ER_DOCTOR), id + 1, PATIENT, key(1)));
		assert_ok!(Records::mark_entered_in_error(signed(ER_DOCTOR), id + 1));
	});
}

/// Finding 4: someone else's key is detached only by the patient, the grantee or whoever
/// attached it; another member of the custodian, clinician or not, may not.
#[test]
fn finding_4_only_the_patient_the_grantee_or_the_attacher_detaches_a_key() {
	ExtBuilder::default().build_and_execute(|| {
		let (id, _) = doctor_record();
		MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		assert_ok!(Records::attach_key(signed(PATIENT), id, PATIENT, key(1)));
		assert_ok!(Records::attach_key(signed(DOCTOR), id, NURSE, key(2)));
		for who in [HOSPITAL_ADMIN, CLERK, ER_DOCTOR, DOCTOR] {
			assert_noop!(
				Records::detach_key(signed(who), id, PATIENT),
				Error::<Test>::NotPatientGranteeOrAttacher
			);
		}
		for who in [HOSPITAL_ADMIN, CLERK, ER_DOCTOR] {
			assert_noop!(
				Records::detach_key(signed(who), id, NURSE),
				Error::<Test>::NotPatientGranteeOrAttacher
			);
		}
		// The attacher, the grantee and the patient may.
		assert_ok!(Records::detach_key(signed(DOCTOR), id, NURSE));
		assert_ok!(Records::attach_key(signed(DOCTOR), id, NURSE, key(2)));
		assert_ok!(Records::detach_key(signed(NURSE), id, NURSE));
		assert_ok!(Records::detach_key(signed(PATIENT), id, PATIENT));
		assert_eq!(KeyCount::<Test>::get(id), 0);
	});
}

// ------------------------------------------------------------------------- finding 14

/// Finding 14: the keys of an organization grant (one per clinician per record) are indexed
/// each on its own, so they no longer share one grant's cap; when the grant ends at most
/// `MaxKeysRemovedOnGrantEnd` go at once, the event says more are left, and anyone removes
/// the rest.
#[test]
fn finding_14_every_key_of_an_organization_grant_is_indexed_on_its_own() {
	ExtBuilder::default().build_and_execute(|| {
		let grant = MockConsent::grant_to_organization(
			PATIENT,
			HOSPITAL,
			&[Purpose::Treatment],
			&[Action::Read],
		);
		let records: Vec<RecordId> = (0..3).map(|_| own_upload()).collect();
		for id in &records {
			for clinician in [DOCTOR, NURSE] {
				assert_ok!(Records::attach_key(signed(PATIENT), *id, clinician, key(1)));
			}
		}
		let keys = 2 * records.len();
		assert!(keys > MAX_KEYS_REMOVED_ON_GRANT_END as usize);
		assert_eq!(grant_keys(grant).len(), keys);
		let patient_free = free(PATIENT);

		MockConsent::revoke(grant);
		let removed = MAX_KEYS_REMOVED_ON_GRANT_END as usize;
		assert_eq!(grant_keys(grant).len(), keys - removed);
		assert_eq!(WrappedKeys::<Test>::iter().count(), keys - removed);
		assert_eq!(free(PATIENT), patient_free + removed as u64 * key_deposit());
		assert!(matches!(
			System::events().last().map(|e| e.event.clone()),
			Some(RuntimeEvent::Records(Event::GrantKeysRemoved { grant: g, keys, more_left: true }))
				if g == grant && keys.len() == removed
		));
		// The keys left hang on an ended grant: anyone removes them, the deposit goes back.
		for (id, grantee) in grant_keys(grant) {
			assert_eq!(WrappedKeys::<Test>::get(id, grantee).and_then(|e| e.grant), Some(grant));
			assert_ok!(Records::remove_unentitled_key(signed(STRANGER), id, grantee));
			System::assert_last_event(
				Event::UnentitledKeyRemoved { record: id, grantee, grant, by: STRANGER }.into(),
			);
		}
		assert!(grant_keys(grant).is_empty());
		assert_eq!(WrappedKeys::<Test>::iter().count(), 0);
		assert_eq!(held(HoldReason::KeyDeposit, PATIENT), 0);
	});
}

/// Finding 14: a key outlives its grantee's entitlement (member removed, role changed,
/// organization suspended) while the grant lives on for others; anyone may then remove it,
/// and only then.
#[test]
fn finding_14_a_key_whose_grantee_lost_its_entitlement_is_removed_by_anyone() {
	ExtBuilder::default().build_and_execute(|| {
		let grant = MockConsent::grant_to_organization(
			PATIENT,
			HOSPITAL,
			&[Purpose::Treatment],
			&[Action::Read],
		);
		let id = own_upload();
		assert_ok!(Records::attach_key(signed(PATIENT), id, PATIENT, key(1)));
		for clinician in [DOCTOR, NURSE] {
			assert_ok!(Records::attach_key(signed(PATIENT), id, clinician, key(2)));
		}
		// Still entitled: the grant is live and both are clinicians; the patient's own key
		// always is.
		for grantee in [DOCTOR, NURSE, PATIENT] {
			assert_noop!(
				Records::remove_unentitled_key(signed(STRANGER), id, grantee),
				Error::<Test>::KeyStillEntitled
			);
		}
		// The doctor leaves the hospital: its key goes, the deposit back to the patient.
		MockOrganizations::remove_member(HOSPITAL, DOCTOR);
		let patient_free = free(PATIENT);
		assert_ok!(Records::remove_unentitled_key(signed(STRANGER), id, DOCTOR));
		assert_eq!(WrappedKeys::<Test>::get(id, DOCTOR), None);
		assert_eq!(free(PATIENT), patient_free + key_deposit());
		assert_eq!(KeyCount::<Test>::get(id), 2);
		System::assert_last_event(
			Event::UnentitledKeyRemoved { record: id, grantee: DOCTOR, grant, by: STRANGER }.into(),
		);
		// The nurse loses the clinical role.
		MockOrganizations::add_member(HOSPITAL, NURSE, &[MemberRole::Staff]);
		assert_ok!(Records::remove_unentitled_key(signed(STRANGER), id, NURSE));
		assert!(grant_keys(grant).is_empty());
		assert_noop!(
			Records::remove_unentitled_key(signed(STRANGER), id, NURSE),
			Error::<Test>::KeyNotFound
		);
	});
}

/// Finding 14: a suspended grantee organization, or an ended grant not yet reported, ends the
/// entitlement too.
#[test]
fn finding_14_suspension_or_an_ended_grant_ends_a_keys_entitlement() {
	ExtBuilder::default().build_and_execute(|| {
		MockConsent::grant_to_organization(
			PATIENT,
			HOSPITAL,
			&[Purpose::Treatment],
			&[Action::Read],
		);
		let personal = MockConsent::grant(PATIENT, CLINIC_DOCTOR, &[Action::Read]);
		let id = own_upload();
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		assert_ok!(Records::attach_key(signed(PATIENT), id, CLINIC_DOCTOR, key(2)));
		MockOrganizations::set_status(HOSPITAL, OrgStatus::Suspended);
		assert_ok!(Records::remove_unentitled_key(signed(STRANGER), id, DOCTOR));
		assert_noop!(
			Records::remove_unentitled_key(signed(STRANGER), id, CLINIC_DOCTOR),
			Error::<Test>::KeyStillEntitled
		);
		MockConsent::set_live(personal, false);
		assert_ok!(Records::remove_unentitled_key(signed(STRANGER), id, CLINIC_DOCTOR));
		assert_eq!(KeyCount::<Test>::get(id), 0);
	});
}

#[test]
fn remove_unentitled_key_fails_for_unknown_records_and_missing_or_erased_keys() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Records::remove_unentitled_key(signed(STRANGER), 5, DOCTOR),
			Error::<Test>::UnknownRecord
		);
		let grant = MockConsent::grant(PATIENT, DOCTOR, &[Action::Read]);
		let id = own_upload();
		assert_noop!(
			Records::remove_unentitled_key(signed(STRANGER), id, DOCTOR),
			Error::<Test>::KeyNotFound
		);
		assert_ok!(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1)));
		MockConsent::set_live(grant, false);
		assert_ok!(Records::erase(signed(PATIENT), id));
		assert_noop!(
			Records::remove_unentitled_key(signed(STRANGER), id, DOCTOR),
			Error::<Test>::KeyNotFound
		);
	});
}

/// The migration to storage version 2 moves each key of version 1's per-grant lists to its
/// own `KeysByGrant` entry, leaves the keys alone, and runs once.
#[test]
fn migration_v1_to_v2_indexes_every_listed_key_on_its_own() {
	use crate::migrations::v2::{v1, MigrateV1ToV2};
	use frame_support::traits::OnRuntimeUpgrade;
	ExtBuilder::default().build_and_execute(|| {
		let (a, doctor_grant) = doctor_record();
		let b = own_upload();
		let nurse_grant = MockConsent::grant(PATIENT, NURSE, &[Action::Read]);
		assert_ok!(Records::attach_key(signed(PATIENT), a, DOCTOR, key(1)));
		assert_ok!(Records::attach_key(signed(PATIENT), b, DOCTOR, key(2)));
		assert_ok!(Records::attach_key(signed(PATIENT), a, NURSE, key(3)));
		let keys_before: Vec<_> = WrappedKeys::<Test>::iter().collect();
		// Back to the version 1 layout.
		let _ = KeysByGrant::<Test>::clear(u32::MAX, None);
		v1::KeysByGrant::<Test>::insert(doctor_grant, vec![(a, DOCTOR), (b, DOCTOR)]);
		v1::KeysByGrant::<Test>::insert(nurse_grant, vec![(a, NURSE)]);
		StorageVersion::new(1).put::<Records>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Records::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(grant_keys(doctor_grant), vec![(a, DOCTOR), (b, DOCTOR)]);
		assert_eq!(grant_keys(nurse_grant), vec![(a, NURSE)]);
		assert_eq!(KeysByGrant::<Test>::iter_keys().count(), 3);
		assert_eq!(WrappedKeys::<Test>::iter().collect::<Vec<_>>(), keys_before);
		assert_ok!(Records::do_try_state());
		// A second run finds version 2 and does nothing.
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(KeysByGrant::<Test>::iter_keys().count(), 3);
	});
}

// ------------------------------------------------------------------------- finding 5

/// Finding 5: the calls that ask for a consent decision are benchmarked with one permitting
/// grant, while a decision may read every grant of a pair; each is charged the decision's
/// worst case (`ConsentDecisionWeight`) on top of its benchmark.
#[test]
fn register_and_supersede_are_charged_the_decision_as_the_consent_pallet_weighs_it() {
	ExtBuilder::default().build_and_execute(|| {
		MockConsent::grant(PATIENT, DOCTOR, &[Action::Append]);
		let worst = <Test as Config>::ConsentDecisionWeight::get();
		let l = input().locator.len() as u32;
		let charged = |result: DispatchResultWithPostInfo| result.unwrap().actual_weight.unwrap();
		// A consent pallet that cannot say what a decision cost: the worst case.
		assert_eq!(
			charged(Records::register(signed(DOCTOR), PATIENT, input(), TREAT)),
			<() as WeightInfo>::register(l) + worst
		);
		// One that can: what it says, never more than the worst case.
		let cheap = Weight::from_parts(worst.ref_time() / 4, worst.proof_size() / 4);
		MockConsent::weigh_decisions(cheap);
		assert_eq!(
			charged(Records::register(signed(DOCTOR), PATIENT, input(), TREAT)),
			<() as WeightInfo>::register(l) + cheap
		);
		assert_eq!(
			charged(Records::supersede(signed(DOCTOR), 1, input(), TREAT)),
			<() as WeightInfo>::supersede(l) + cheap
		);
		MockConsent::weigh_decisions(worst * 2);
		assert_eq!(
			charged(Records::register(signed(DOCTOR), PATIENT, input(), TREAT)),
			<() as WeightInfo>::register(l) + worst
		);
		// The patient's own upload asks for no decision.
		assert_eq!(
			charged(Records::register(signed(PATIENT), PATIENT, input(), TREAT)),
			<() as WeightInfo>::register(l)
		);
	});
}

#[test]
fn attach_key_is_charged_the_grant_lookup_as_the_consent_pallet_weighs_it() {
	ExtBuilder::default().build_and_execute(|| {
		MockConsent::grant(PATIENT, DOCTOR, &[Action::Read]);
		let worst = <Test as Config>::ConsentDecisionWeight::get();
		let l = key(1).len() as u32;
		let charged = |result: DispatchResultWithPostInfo| result.unwrap().actual_weight.unwrap();
		// A consent pallet that cannot say what the lookup cost: the worst case.
		let id = own_upload();
		assert_eq!(
			charged(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1))),
			<() as WeightInfo>::attach_key(l) + worst
		);
		// One that can: what it says, never more than the worst case.
		let cheap = Weight::from_parts(worst.ref_time() / 4, worst.proof_size() / 4);
		MockConsent::weigh_decisions(cheap);
		let id = own_upload();
		assert_eq!(
			charged(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1))),
			<() as WeightInfo>::attach_key(l) + cheap
		);
		MockConsent::weigh_decisions(worst * 2);
		let id = own_upload();
		assert_eq!(
			charged(Records::attach_key(signed(PATIENT), id, DOCTOR, key(1))),
			<() as WeightInfo>::attach_key(l) + worst
		);
		// The patient's own key asks for no grant.
		assert_eq!(
			charged(Records::attach_key(signed(PATIENT), id, PATIENT, key(1))),
			<() as WeightInfo>::attach_key(l)
		);
	});
}

#[test]
fn finding_5_calls_asking_consent_weigh_the_worst_case_decision() {
	use frame_support::dispatch::GetDispatchInfo;
	ExtBuilder::default().build_and_execute(|| {
		let decision = <Test as Config>::ConsentDecisionWeight::get();
		assert!(decision.ref_time() > 0 && decision.proof_size() > 0);
		let weights = |call: crate::Call<Test>| call.get_dispatch_info().call_weight;
		let input = input();
		let l = input.locator.len() as u32;
		assert_eq!(
			weights(crate::Call::register {
				patient: PATIENT,
				input: input.clone(),
				purpose: TREAT
			}),
			<() as WeightInfo>::register(l) + decision
		);
		assert_eq!(
			weights(crate::Call::supersede { old: 0, input, purpose: TREAT }),
			<() as WeightInfo>::supersede(l) + decision
		);
		assert_eq!(
			weights(crate::Call::attach_key { record: 0, grantee: DOCTOR, wrapped_key: key(1) }),
			<() as WeightInfo>::attach_key(32) + decision
		);
		assert_eq!(
			weights(crate::Call::remove_unentitled_key { record: 0, grantee: DOCTOR }),
			<() as WeightInfo>::remove_unentitled_key() + decision
		);
		// Calls that ask consent nothing are not charged for it.
		assert_eq!(
			weights(crate::Call::detach_key { record: 0, grantee: DOCTOR }),
			<() as WeightInfo>::detach_key()
		);
	});
}
