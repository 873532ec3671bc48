//! The seed corpus: scenarios that walk each pallet through its life cycle, written as fuzzer
//! input (`tests/fuzz/corpus/runtime/<name>`), so that the fuzzer starts from inputs that reach
//! deep state instead of finding every step by chance.
//!
//! Ids in the scenarios are the ones the chain hands out: the `demo` preset holds organizations
//! 0 to 6, grant 0 and record 0, so new ones start at 7, 1 and 1; emergency accesses,
//! shipments, programs, claims and trials start at 0.

use crate::{
	actions::{
		Action, DenyTermsRef, ExceptionsRef, GranteeRef, PrefixesRef, ProgramTermsRef,
		RecordInputRef, RunRef, ScopeRef, TargetRef, TermsRef, UnitsRef,
	},
	input::{encode, Block},
	pools::label_index,
	pools::{
		Amount, Caller, Code, Duration, ExpiryRef, GtinRef, Hash, Id, Issuer, LabelSet, Len,
		LotRef, MemberRoleSet, Org, OrgRoleSet, PeriodRef, PurposeRef, PurposeSet, Quantity,
		SerialRef, Span, SsccRef, When, Who, HOUR_MS,
	},
};
use healthchain_primitives::{MemberRole, OrgRole, Purpose};
use healthchain_runtime::UNIT;
use sp_keyring::Sr25519Keyring::{self as Key, *};

/// A named scenario.
pub struct Seed {
	/// The file name in the corpus.
	pub name: &'static str,
	/// The blocks it produces.
	pub blocks: Vec<Block>,
}

impl Seed {
	/// The fuzzer input.
	pub fn bytes(&self) -> Vec<u8> {
		encode(&self.blocks)
	}
}

/// Every seed of the corpus.
pub fn seeds() -> Vec<Seed> {
	vec![
		seed("balances-transfers", balances_transfers()),
		seed("organizations-lifecycle", organizations_lifecycle()),
		seed("organizations-suspension", organizations_suspension()),
		seed("organizations-consent", organizations_consent()),
		seed("consent-grant-access-revoke", consent_grant_access_revoke()),
		seed("consent-guardians", consent_guardians()),
		seed("consent-emergency-access", consent_emergency_access()),
		seed("consent-expiry", consent_expiry()),
		seed("consent-blind-tags", consent_blind_tags()),
		seed("records-lifecycle", records_lifecycle()),
		seed("records-new-versions", records_new_versions()),
		seed("records-unentitled-keys", records_unentitled_keys()),
		seed("supply-chain-journey", supply_chain_journey()),
		seed("supply-chain-recall", supply_chain_recall()),
		seed("supply-chain-lot-expiry", supply_chain_lot_expiry()),
		seed("supply-chain-products", supply_chain_products()),
		seed("key-directory", key_directory()),
		seed("supply-chain-quarantine", supply_chain_quarantine()),
		seed("bounds-at-limits", bounds_at_limits()),
		seed("invalid-arguments", invalid_arguments()),
		seed("full-block", full_block()),
		seed("consent-deny", consent_deny()),
		seed("claims-lifecycle", claims_lifecycle()),
		seed("trials-lifecycle", trials_lifecycle()),
	]
}

fn seed(name: &'static str, blocks: Vec<Vec<Action>>) -> Seed {
	Seed { name, blocks: blocks.into_iter().map(|actions| Block { actions }).collect() }
}

fn signed(key: Key) -> Caller {
	Caller::signed(key)
}

fn who(key: Key) -> Who {
	Who::of(key)
}

fn amount(units: u128) -> Amount {
	Amount::of(units * UNIT)
}

fn wait(amount: u8, unit_slots: u64) -> Action {
	let unit = match unit_slots {
		1 => 0,
		10 => 1,
		600 => 2,
		14_400 => 3,
		_ => panic!("waits are counted in slots, minutes, hours or days"),
	};
	Action::Wait { amount, unit }
}

fn wait_hours(hours: u8) -> Action {
	wait(hours, 600)
}

fn wait_days(days: u8) -> Action {
	wait(days, 14_400)
}

fn transfer(from: Key, to: Key, units: u128) -> Action {
	Action::TransferKeepAlive { caller: signed(from), dest: who(to), amount: amount(units) }
}

/// Terms for `purposes`, reading (and appending when `append`) every record, until `until` or
/// without end.
fn terms(purposes: &[Purpose], append: bool, until: Option<When>) -> TermsRef {
	TermsRef {
		purposes: PurposeSet::of(purposes),
		actions: if append { 0b11 } else { 0b01 },
		scope: ScopeRef { kind: 0, len: Len::ZERO, first: 0 },
		data_period: None,
		valid_from: None,
		valid_until: until,
		open_ended: until.is_none(),
		exceptions: ExceptionsRef::NONE,
	}
}

/// A valid record description of `category`, labelled `N` and dated now.
fn record(category: Code) -> RecordInputRef {
	RecordInputRef {
		category,
		type_code: category,
		labels: LabelSet::of(&["N"]),
		date: When::NOW,
		hash: Hash(7),
		locator: Len::exactly(24),
	}
}

/// A read of the `demo` patient's record `id` by `caller` for `purpose`.
fn read(caller: Key, id: u8, purpose: Purpose) -> Action {
	Action::LogAccess {
		caller: signed(caller),
		patient: who(AliceStash),
		target: TargetRef::record(Id(id)),
		purpose: PurposeRef::of(purpose),
		append: false,
	}
}

/// The `demo` patient grants `terms` to `grantee`.
fn grant(grantee: GranteeRef, terms: TermsRef) -> Action {
	Action::Grant { caller: signed(AliceStash), on_behalf_of: None, grantee, terms }
}

/// Packs `S<first>` onwards of `gtin`.
fn packs(gtin: GtinRef, first: u8, count: u8) -> UnitsRef {
	UnitsRef { kind: 0, gtin, first, count: Len::exactly(count) }
}

/// Containers of the SSCC pool from `first` on.
fn containers(first: u8, count: u8) -> UnitsRef {
	UnitsRef { kind: 1, gtin: GtinRef::DEMO, first, count: Len::exactly(count) }
}

fn balances_transfers() -> Vec<Vec<Action>> {
	vec![
		vec![
			Action::TransferAllowDeath {
				caller: signed(Alice),
				dest: who(CharlieStash),
				amount: amount(1_000),
			},
			transfer(Bob, DaveStash, 10),
			Action::ForceTransfer {
				caller: Caller::ROOT,
				source: who(Eve),
				dest: who(EveStash),
				amount: amount(1),
			},
			// Refused: an account cannot be created below the existential deposit, and only
			// Root sets balances.
			Action::TransferAllowDeath {
				caller: signed(Bob),
				dest: who(FerdieStash),
				amount: Amount::of(1),
			},
			Action::ForceSetBalance {
				caller: signed(Alice),
				who: who(Alice),
				amount: amount(1_000),
			},
			Action::ForceSetBalance {
				caller: Caller::ROOT,
				who: who(FerdieStash),
				amount: amount(1_000),
			},
		],
		vec![
			Action::TransferAll {
				caller: signed(DaveStash),
				dest: who(CharlieStash),
				keep_alive: false,
			},
			Action::TransferAll { caller: signed(FerdieStash), dest: who(Eve), keep_alive: true },
			Action::ForceSetBalance { caller: Caller::ROOT, who: who(EveStash), amount: Amount(0) },
			Action::TransferKeepAlive {
				caller: signed(CharlieStash),
				dest: who(Alice),
				amount: amount(1_000_000),
			},
		],
	]
}

fn organizations_lifecycle() -> Vec<Vec<Action>> {
	vec![
		vec![
			transfer(Alice, CharlieStash, 1_000),
			transfer(Alice, DaveStash, 1_000),
			transfer(Alice, EveStash, 1_000),
		],
		vec![
			// Root accredits a logistics provider (org 7); the regulator Alice a payer (org 8).
			Action::RegisterOrganization {
				caller: Caller::ROOT,
				admin: who(CharlieStash),
				roles: OrgRoleSet::of(&[OrgRole::Logistics]),
				issuer: Issuer::REGISTER,
				credential: Hash(1),
				metadata: Len::exactly(16),
			},
			Action::RegisterOrganization {
				caller: signed(Alice),
				admin: who(DaveStash),
				roles: OrgRoleSet::of(&[OrgRole::Payer]),
				issuer: Issuer(2),
				credential: Hash(2),
				metadata: Len::ZERO,
			},
			// Nothing binds the admins until they accept.
			Action::AcceptAdmin { caller: signed(CharlieStash), org: Org(7) },
			Action::AcceptAdmin { caller: signed(DaveStash), org: Org(8) },
			Action::AddMember {
				caller: signed(CharlieStash),
				org: Org(7),
				who: who(EveStash),
				roles: MemberRoleSet::of(&[MemberRole::Logistics]),
			},
			Action::AcceptMembership { caller: signed(EveStash), org: Org(7) },
			Action::SetMemberRoles {
				caller: signed(CharlieStash),
				org: Org(7),
				who: who(EveStash),
				roles: MemberRoleSet::of(&[MemberRole::Logistics, MemberRole::Auditor]),
			},
			Action::SetMetadata { caller: signed(CharlieStash), org: Org(7), metadata: Len::MAX },
			Action::TransferAdmin {
				caller: signed(CharlieStash),
				org: Org(7),
				new_admin: who(EveStash),
			},
			Action::AcceptAdmin { caller: signed(EveStash), org: Org(7) },
			Action::Leave { caller: signed(CharlieStash) },
		],
		vec![
			Action::SetRoles {
				caller: signed(Alice),
				org: Org(8),
				roles: OrgRoleSet::of(&[OrgRole::Payer, OrgRole::Provider]),
			},
			Action::AddMember {
				caller: signed(DaveStash),
				org: Org(8),
				who: who(FerdieStash),
				roles: MemberRoleSet::of(&[MemberRole::Staff]),
			},
			Action::AcceptMembership { caller: signed(FerdieStash), org: Org(8) },
			Action::Suspend { caller: signed(Alice), org: Org(8) },
			Action::Reinstate { caller: signed(Alice), org: Org(8) },
			Action::RemoveMember { caller: signed(DaveStash), org: Org(8), who: who(FerdieStash) },
			Action::RevokeOrganization { caller: Caller::ROOT, org: Org(8) },
			// Refused: a regulator acting on a regulator, a stranger registering, an admin
			// leaving.
			Action::Suspend { caller: signed(Alice), org: Org(0) },
			Action::RegisterOrganization {
				caller: signed(Bob),
				admin: who(FerdieStash),
				roles: OrgRoleSet::of(&[OrgRole::Payer]),
				issuer: Issuer::REGISTER,
				credential: Hash(3),
				metadata: Len::ZERO,
			},
			Action::Leave { caller: signed(EveStash) },
		],
	]
}

/// Offers and invitations refused or withdrawn: a registration declined and one withdrawn
/// (orgs 7 and 8, their ids left unused), an invitation declined and one withdrawn, a handover
/// withdrawn; calls on a registration not yet accepted are refused.
fn organizations_consent() -> Vec<Vec<Action>> {
	vec![
		vec![
			transfer(Alice, CharlieStash, 1_000),
			transfer(Alice, DaveStash, 1_000),
			transfer(Alice, EveStash, 1_000),
		],
		vec![
			Action::RegisterOrganization {
				caller: Caller::ROOT,
				admin: who(CharlieStash),
				roles: OrgRoleSet::of(&[OrgRole::Logistics]),
				issuer: Issuer::REGISTER,
				credential: Hash(1),
				metadata: Len::ZERO,
			},
			Action::RegisterOrganization {
				caller: signed(Alice),
				admin: who(DaveStash),
				roles: OrgRoleSet::of(&[OrgRole::Payer]),
				issuer: Issuer(2),
				credential: Hash(2),
				metadata: Len::ZERO,
			},
			// Refused: nothing can be done with a registration not yet accepted.
			Action::Suspend { caller: Caller::ROOT, org: Org(7) },
			Action::DeclineAdmin { caller: signed(CharlieStash), org: Org(7) },
			Action::WithdrawAdminOffer { caller: signed(Alice), org: Org(8) },
			// Refused: the offer is gone.
			Action::AcceptAdmin { caller: signed(DaveStash), org: Org(8) },
		],
		vec![
			Action::RegisterOrganization {
				caller: Caller::ROOT,
				admin: who(CharlieStash),
				roles: OrgRoleSet::of(&[OrgRole::Logistics]),
				issuer: Issuer::REGISTER,
				credential: Hash(3),
				metadata: Len::ZERO,
			},
			Action::AcceptAdmin { caller: signed(CharlieStash), org: Org(9) },
			Action::AddMember {
				caller: signed(CharlieStash),
				org: Org(9),
				who: who(EveStash),
				roles: MemberRoleSet::of(&[MemberRole::Logistics]),
			},
			Action::AddMember {
				caller: signed(CharlieStash),
				org: Org(9),
				who: who(DaveStash),
				roles: MemberRoleSet::of(&[MemberRole::Staff]),
			},
			Action::DeclineMembership { caller: signed(DaveStash), org: Org(9) },
			Action::AcceptMembership { caller: signed(EveStash), org: Org(9) },
			Action::AddMember {
				caller: signed(CharlieStash),
				org: Org(9),
				who: who(FerdieStash),
				roles: MemberRoleSet::of(&[MemberRole::Staff]),
			},
			Action::WithdrawInvitation {
				caller: signed(CharlieStash),
				org: Org(9),
				who: who(FerdieStash),
			},
			Action::TransferAdmin {
				caller: signed(CharlieStash),
				org: Org(9),
				new_admin: who(EveStash),
			},
			Action::WithdrawAdminOffer { caller: signed(CharlieStash), org: Org(9) },
			Action::TransferAdmin {
				caller: signed(CharlieStash),
				org: Org(9),
				new_admin: who(EveStash),
			},
			Action::DeclineAdmin { caller: signed(EveStash), org: Org(9) },
		],
	]
}

fn organizations_suspension() -> Vec<Vec<Action>> {
	let read = |caller: Key| read(caller, 0, Purpose::Treatment);
	vec![
		vec![
			Action::Suspend { caller: Caller::ROOT, org: Org(1) },
			Action::Suspend { caller: signed(Alice), org: Org(4) },
			// The hospital's clinician and the manufacturer lose their powers everywhere: the
			// access is logged as denied, the record and the lot are refused.
			read(Charlie),
			Action::RegisterRecord {
				caller: signed(Charlie),
				patient: who(AliceStash),
				input: record(Code::PROGRESS_NOTE),
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			Action::CreateLot {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO,
				lot: LotRef::LOT1,
				expiry: ExpiryRef::NEXT_YEAR,
				quantity: Quantity::of(12),
			},
		],
		vec![
			Action::Reinstate { caller: Caller::ROOT, org: Org(1) },
			Action::Reinstate { caller: signed(Alice), org: Org(4) },
			read(Charlie),
			Action::SetRoles {
				caller: Caller::ROOT,
				org: Org(0),
				roles: OrgRoleSet::of(&[OrgRole::Regulator, OrgRole::Payer]),
			},
			Action::RevokeOrganization { caller: Caller::ROOT, org: Org(2) },
			Action::RemoveMember { caller: signed(Bob), org: Org(1), who: who(Charlie) },
			read(Charlie),
		],
	]
}

fn consent_grant_access_revoke() -> Vec<Vec<Action>> {
	let read = read(Dave, 0, Purpose::Treatment);
	vec![
		vec![
			// Grant 1: the patient lets Dave read everything for treatment for a day.
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::account(Dave),
				terms: terms(&[Purpose::Treatment], false, Some(When::IN_A_DAY)),
			},
			read.clone(),
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(0),
				grantee: who(Dave),
				key: Len::exactly(10),
			},
			// Grant 2: the research institute may read progress notes and episode summaries of
			// any date, except those dated in the coming year and patient summaries.
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(3),
				terms: TermsRef {
					purposes: PurposeSet::of(&[Purpose::Research]),
					actions: 0b01,
					scope: ScopeRef { kind: 1, len: Len::exactly(2), first: 0 },
					data_period: Some(PeriodRef::ALL_TIME),
					valid_from: None,
					valid_until: None,
					open_ended: true,
					exceptions: ExceptionsRef { kind: 3, len: Len::exactly(2), first: 2 },
				},
			},
			Action::LogAccess {
				caller: signed(Eve),
				patient: who(AliceStash),
				target: TargetRef::category(Code::PROGRESS_NOTE),
				purpose: PurposeRef::of(Purpose::Research),
				append: false,
			},
		],
		vec![
			Action::RevokeGrant { caller: signed(AliceStash), grant: Id(1) },
			// Now denied, and logged as such.
			read,
			Action::RevokeGrant { caller: signed(Eve), grant: Id(2) },
			Action::RevokeGrant { caller: signed(AliceStash), grant: Id(2) },
			Action::RevokeGrant { caller: signed(AliceStash), grant: Id(0) },
		],
	]
}

fn consent_guardians() -> Vec<Vec<Action>> {
	vec![vec![
		Action::AppointGuardian { caller: signed(AliceStash), guardian: who(Dave) },
		// Dave grants for the patient, and pays the deposit.
		Action::Grant {
			caller: signed(Dave),
			on_behalf_of: Some(who(AliceStash)),
			grantee: GranteeRef::organization(2),
			terms: terms(&[Purpose::Treatment, Purpose::Payment], true, None),
		},
		Action::ResignGuardian { caller: signed(Dave), patient: who(AliceStash) },
		Action::Grant {
			caller: signed(Dave),
			on_behalf_of: Some(who(AliceStash)),
			grantee: GranteeRef::organization(2),
			terms: terms(&[Purpose::Treatment], false, None),
		},
		Action::AppointGuardian { caller: signed(AliceStash), guardian: who(Eve) },
		Action::AppointGuardian { caller: signed(AliceStash), guardian: who(Eve) },
		Action::RemoveGuardian { caller: signed(AliceStash), guardian: who(Eve) },
		// A former guardian can no longer act for the patient.
		Action::RevokeGrant { caller: signed(Dave), grant: Id(1) },
	]]
}

fn consent_emergency_access() -> Vec<Vec<Action>> {
	let emergency_read = read(Charlie, 0, Purpose::EmergencyTreatment);
	vec![
		vec![
			Action::OpenEmergencyAccess {
				caller: signed(Charlie),
				patient: who(AliceStash),
				justification: Hash(9),
				duration: Duration::of(HOUR_MS),
			},
			emergency_read.clone(),
			Action::CloseEmergencyAccess { caller: signed(Charlie), id: Id(0) },
			Action::ReviewEmergencyAccess {
				caller: signed(AliceStash),
				id: Id(0),
				justified: true,
				note: Hash(1),
			},
			// Emergency access 1 lapses on its own.
			Action::OpenEmergencyAccess {
				caller: signed(Charlie),
				patient: who(AliceStash),
				justification: Hash(10),
				duration: Duration::of(healthchain_runtime::SLOT_DURATION),
			},
			// Refused: not an emergency clinician, too long, still open.
			Action::OpenEmergencyAccess {
				caller: signed(Bob),
				patient: who(AliceStash),
				justification: Hash(11),
				duration: Duration::of(HOUR_MS),
			},
			Action::OpenEmergencyAccess {
				caller: signed(Charlie),
				patient: who(BobStash),
				justification: Hash(12),
				duration: Duration::of(12 * HOUR_MS + 1),
			},
			Action::ReviewEmergencyAccess {
				caller: signed(AliceStash),
				id: Id(1),
				justified: true,
				note: Hash(2),
			},
			wait_hours(1),
		],
		vec![
			emergency_read,
			// The regulator's auditor reviews the lapsed access (the first review: the hospital
			// admin's deposit goes back), the patient still reviews it, and neither side twice.
			Action::ReviewEmergencyAccess {
				caller: signed(Alice),
				id: Id(1),
				justified: false,
				note: Hash(3),
			},
			Action::ReviewEmergencyAccess {
				caller: signed(AliceStash),
				id: Id(1),
				justified: true,
				note: Hash(4),
			},
			Action::ReviewEmergencyAccess {
				caller: signed(Alice),
				id: Id(1),
				justified: true,
				note: Hash(5),
			},
			Action::CloseEmergencyAccess { caller: signed(Charlie), id: Id(1) },
		],
	]
}

fn consent_expiry() -> Vec<Vec<Action>> {
	let grant = |to: Key, until: When| Action::Grant {
		caller: signed(AliceStash),
		on_behalf_of: None,
		grantee: GranteeRef::account(to),
		terms: terms(&[Purpose::Treatment], false, Some(until)),
	};
	vec![
		vec![
			grant(Dave, When::IN_AN_HOUR),
			grant(Eve, When::IN_AN_HOUR),
			grant(Ferdie, When::NEXT_SLOT),
			// Starts in an hour, for a day.
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::account(Two),
				terms: TermsRef {
					valid_from: Some(When::IN_AN_HOUR),
					..terms(&[Purpose::Treatment], false, Some(When::IN_A_DAY))
				},
			},
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(0),
				grantee: who(Eve),
				key: Len::exactly(8),
			},
			// Refused: an end in the past, no end and not open-ended.
			grant(One, When::HOUR_AGO),
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::account(One),
				terms: TermsRef { open_ended: false, ..terms(&[Purpose::Treatment], false, None) },
			},
			wait_hours(1),
			wait(1, 1),
		],
		vec![
			// Before `on_idle` reaches it, anyone may remove an expired grant.
			Action::RemoveExpired { caller: signed(Bob), grant: Id(1) },
			Action::RemoveExpired { caller: signed(Bob), grant: Id(4) },
			read(Two, 0, Purpose::Treatment),
		],
		vec![
			// `on_idle` removed grants 2 and 3 (and the key hanging on grant 2).
			Action::RemoveExpired { caller: signed(Bob), grant: Id(2) },
			wait_days(1),
		],
		vec![Action::RemoveExpired { caller: signed(Bob), grant: Id(4) }],
	]
}

/// Encryption keys: published, published again unchanged, replaced, refused (all zeros, the
/// top bit set, Root), removed, removed again, published anew; one key stays for `try_state`.
fn key_directory() -> Vec<Vec<Action>> {
	let publish = |key: Key, byte: u8| Action::PublishKey { caller: signed(key), key: Hash(byte) };
	vec![
		vec![
			publish(Bob, 7),
			// Refused: unchanged.
			publish(Bob, 7),
			// Version 2.
			publish(Bob, 9),
			// Refused: the all-zero key, a key with the top bit set, Root.
			publish(Charlie, 0),
			publish(Charlie, 0x80),
			Action::PublishKey { caller: Caller::ROOT, key: Hash(5) },
			// Another account may publish the same key.
			publish(Dave, 9),
		],
		vec![
			Action::RemoveKey { caller: signed(Bob) },
			// Refused: no key any more; never had one; no origin.
			Action::RemoveKey { caller: signed(Bob) },
			Action::RemoveKey { caller: signed(Eve) },
			Action::RemoveKey { caller: Caller::NOBODY },
			// Version 1 again.
			publish(Bob, 11),
		],
	]
}

fn records_lifecycle() -> Vec<Vec<Action>> {
	let by_clinician = |input: RecordInputRef| Action::RegisterRecord {
		caller: signed(Charlie),
		patient: who(AliceStash),
		input,
		purpose: PurposeRef::of(Purpose::Treatment),
	};
	vec![
		vec![
			// Grant 1 lets the hospital add records; Charlie registers records 1 and 2.
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(1),
				terms: terms(&[Purpose::Treatment], true, None),
			},
			by_clinician(record(Code::PROGRESS_NOTE)),
			// The hospital's gatekeeper (its admin) logs Eve's refused read; Charlie's own
			// organization is no custodian of record 0, the patient's upload.
			Action::LogServed {
				caller: signed(Bob),
				accessor: who(Eve),
				record: Id(1),
				purpose: PurposeRef::of(Purpose::Treatment),
				request: Hash(5),
			},
			Action::LogServed {
				caller: signed(Bob),
				accessor: who(Eve),
				record: Id(0),
				purpose: PurposeRef::of(Purpose::Treatment),
				request: Hash(5),
			},
			Action::Acknowledge { caller: signed(AliceStash), record: Id(1) },
			by_clinician(record(Code::DISCHARGE_SUMMARY)),
			Action::Dispute { caller: signed(AliceStash), record: Id(2), reason: Hash(4) },
			// Record 3 is the second version of record 1: new content, same blind facts.
			Action::Supersede {
				caller: signed(Charlie),
				old: Id(1),
				input: RecordInputRef { hash: Hash(8), ..record(Code::PROGRESS_NOTE) },
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			// Record 4 is the patient's own upload, with every label slot used.
			Action::RegisterRecord {
				caller: signed(AliceStash),
				patient: who(AliceStash),
				input: RecordInputRef {
					labels: LabelSet::of(&["N", "R", "V", "ETH"]),
					..record(Code(1))
				},
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			// Refused: a stranger registering, an empty locator.
			Action::RegisterRecord {
				caller: signed(Eve),
				patient: who(AliceStash),
				input: record(Code::PROGRESS_NOTE),
				purpose: PurposeRef::of(Purpose::Research),
			},
			by_clinician(RecordInputRef { locator: Len::ZERO, ..record(Code::PROGRESS_NOTE) }),
		],
		vec![
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(3),
				grantee: who(Charlie),
				key: Len::exactly(16),
			},
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(4),
				grantee: who(AliceStash),
				key: Len::MAX,
			},
			Action::DetachKey {
				caller: signed(AliceStash),
				record: Id(4),
				grantee: who(AliceStash),
			},
			Action::MarkEnteredInError { caller: signed(Charlie), record: Id(2) },
			Action::RequestErasure { caller: signed(AliceStash), record: Id(3) },
			Action::Erase { caller: signed(Bob), record: Id(3) },
			Action::Erase { caller: signed(AliceStash), record: Id(4) },
			Action::Supersede {
				caller: signed(Charlie),
				old: Id(3),
				input: record(Code::PROGRESS_NOTE),
				purpose: PurposeRef::of(Purpose::Treatment),
			},
		],
	]
}

/// Consent decided on tags: a label exception, grants naming records (stored as chains), and
/// Append under a data period.
fn consent_blind_tags() -> Vec<Vec<Action>> {
	let psy_note = RecordInputRef { labels: LabelSet::of(&["PSY"]), ..record(Code::PROGRESS_NOTE) };
	let treatment = |append| terms(&[Purpose::Treatment], append, None);
	vec![
		vec![
			// Record 1: the patient's psychiatric note.
			Action::RegisterRecord {
				caller: signed(AliceStash),
				patient: who(AliceStash),
				input: psy_note.clone(),
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			// Grant 1: Dave reads everything but what is labelled PSY.
			grant(
				GranteeRef::account(Dave),
				TermsRef { exceptions: ExceptionsRef::label("PSY"), ..treatment(false) },
			),
			read(Dave, 0, Purpose::Treatment),
			read(Dave, 1, Purpose::Treatment),
			Action::LogAccess {
				caller: signed(Dave),
				patient: who(AliceStash),
				target: TargetRef::category(Code::PROGRESS_NOTE),
				purpose: PurposeRef::of(Purpose::Treatment),
				append: false,
			},
			// Record 2: a new version of record 1, under Eve's grant 2 to record 1's chain.
			grant(
				GranteeRef::account(Eve),
				TermsRef {
					scope: ScopeRef { kind: 2, len: Len::ONE, first: 1 },
					..treatment(false)
				},
			),
			Action::Supersede {
				caller: signed(AliceStash),
				old: Id(1),
				input: RecordInputRef { hash: Hash(9), ..psy_note },
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			read(Eve, 2, Purpose::Treatment),
			// Grant 3: Ferdie reads everything but record 2, stored as its chain (record 1).
			grant(
				GranteeRef::account(Ferdie),
				TermsRef { exceptions: ExceptionsRef::record(Id(2)), ..treatment(false) },
			),
			read(Ferdie, 1, Purpose::Treatment),
			// Refused with RecordNotOfPatient: another patient's record, an unknown record.
			Action::Grant {
				caller: signed(Bob),
				on_behalf_of: None,
				grantee: GranteeRef::account(Dave),
				terms: TermsRef {
					scope: ScopeRef { kind: 2, len: Len::ONE, first: 0 },
					..treatment(false)
				},
			},
			grant(
				GranteeRef::account(Dave),
				TermsRef { exceptions: ExceptionsRef::record(Id(9)), ..treatment(false) },
			),
		],
		vec![
			// Grant 4: the hospital may add records dated in the past year. Its clinician
			// registers one dated today (record 3); one dated next month is refused.
			grant(
				GranteeRef::organization(1),
				TermsRef {
					actions: 0b10,
					data_period: Some(PeriodRef::PAST_YEAR),
					..treatment(true)
				},
			),
			Action::LogAccess {
				caller: signed(Charlie),
				patient: who(AliceStash),
				target: TargetRef { kind: 2, index: 0 },
				purpose: PurposeRef::of(Purpose::Treatment),
				append: true,
			},
			Action::RegisterRecord {
				caller: signed(Charlie),
				patient: who(AliceStash),
				input: record(Code::DISCHARGE_SUMMARY),
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			Action::RegisterRecord {
				caller: signed(Charlie),
				patient: who(AliceStash),
				input: RecordInputRef { date: When::IN_A_MONTH, ..record(Code::DISCHARGE_SUMMARY) },
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			Action::Acknowledge { caller: signed(AliceStash), record: Id(3) },
		],
	]
}

/// New versions keep their predecessor's blind facts: a new hash and type are fine, a new
/// category, label set or date is refused (`FactsChanged`).
/// A key attached under the hospital's read grant outlives Charlie's membership until anyone
/// removes it (`remove_unentitled_key`); while Charlie is a clinician it is refused.
fn records_unentitled_keys() -> Vec<Vec<Action>> {
	let remove =
		|caller| Action::RemoveUnentitledKey { caller, record: Id(0), grantee: who(Charlie) };
	vec![
		vec![
			// Grant 0 (demo genesis) lets General Hospital read; Charlie is its clinician.
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(0),
				grantee: who(Charlie),
				key: Len::exactly(16),
			},
			// Refused: still entitled; the patient's own key always is.
			remove(signed(Eve)),
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(0),
				grantee: who(AliceStash),
				key: Len::exactly(16),
			},
			Action::RemoveUnentitledKey {
				caller: signed(Eve),
				record: Id(0),
				grantee: who(AliceStash),
			},
		],
		vec![
			Action::RemoveMember { caller: signed(Bob), org: Org(1), who: who(Charlie) },
			remove(signed(Eve)),
			// Refused: the key is gone.
			remove(signed(Eve)),
		],
	]
}

fn records_new_versions() -> Vec<Vec<Action>> {
	let supersede = |old: u8, input: RecordInputRef| Action::Supersede {
		caller: signed(AliceStash),
		old: Id(old),
		input,
		purpose: PurposeRef::of(Purpose::Treatment),
	};
	let note = record(Code::PROGRESS_NOTE);
	vec![vec![
		// Record 1 replaces the demo record 0, with new content and a new type.
		supersede(0, RecordInputRef { type_code: Code(4), hash: Hash(10), ..note.clone() }),
		supersede(1, RecordInputRef { category: Code::DISCHARGE_SUMMARY, ..note.clone() }),
		supersede(1, RecordInputRef { labels: LabelSet::of(&["N", "PSY"]), ..note.clone() }),
		supersede(1, RecordInputRef { date: When::IN_A_MONTH, ..note.clone() }),
		// Record 2 replaces record 1; the demo grant still reads both through the chain.
		supersede(1, RecordInputRef { hash: Hash(11), ..note }),
		read(Charlie, 2, Purpose::Treatment),
	]]
}

/// PharmaCo makes 24 packs of lot `LOT1`, cases 0 and 1 of 12 packs, and pallet 2 of both.
fn manufacture() -> Vec<Action> {
	vec![
		Action::CreateLot {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO,
			lot: LotRef::LOT1,
			expiry: ExpiryRef::NEXT_YEAR,
			quantity: Quantity::of(100),
		},
		Action::Commission {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO,
			lot: LotRef::LOT1,
			first: 0,
			count: Len::exactly(24),
		},
		Action::Pack {
			caller: signed(Ferdie),
			sscc: SsccRef(0),
			pallet: false,
			units: packs(GtinRef::DEMO, 0, 12),
		},
		Action::Pack {
			caller: signed(Ferdie),
			sscc: SsccRef(1),
			pallet: false,
			units: packs(GtinRef::DEMO, 12, 12),
		},
		Action::Pack {
			caller: signed(Ferdie),
			sscc: SsccRef(2),
			pallet: true,
			units: containers(0, 2),
		},
	]
}

fn supply_chain_journey() -> Vec<Vec<Action>> {
	let serial = SerialRef::number;
	let mut first = manufacture();
	// Shipment 0: the pallet to the wholesaler, who becomes its owner.
	first.push(Action::Ship {
		caller: signed(Ferdie),
		units: containers(2, 1),
		to: Org(5),
		ti: Hash(20),
		transfer_ownership: true,
	});
	vec![
		first,
		vec![
			Action::Receive { caller: signed(One), shipment: Id(0) },
			Action::Unpack { caller: signed(One), sscc: SsccRef(2), units: None },
			// Shipment 1: case 0 to the pharmacy, sold; shipment 2: case 1, consigned.
			Action::Ship {
				caller: signed(One),
				units: containers(0, 1),
				to: Org(6),
				ti: Hash(21),
				transfer_ownership: true,
			},
			Action::Ship {
				caller: signed(One),
				units: containers(1, 1),
				to: Org(6),
				ti: Hash(22),
				transfer_ownership: false,
			},
		],
		vec![
			Action::Receive { caller: signed(Two), shipment: Id(1) },
			Action::Reject { caller: signed(Two), shipment: Id(2) },
			Action::RemoveShipment { caller: signed(One), shipment: Id(2) },
			Action::Unpack {
				caller: signed(Two),
				sscc: SsccRef(0),
				units: Some(packs(GtinRef::DEMO, 0, 2)),
			},
			Action::Unpack { caller: signed(Two), sscc: SsccRef(0), units: None },
			Action::Dispense { caller: signed(BobStash), gtin: GtinRef::DEMO, serial: serial(0) },
			Action::Dispense { caller: signed(Two), gtin: GtinRef::DEMO, serial: serial(1) },
			// A sample taken out and put back.
			Action::Decommission {
				caller: signed(Two),
				gtin: GtinRef::DEMO,
				serial: serial(2),
				reason: 2,
			},
			Action::UndoDecommission {
				caller: signed(Two),
				gtin: GtinRef::DEMO,
				serial: serial(2),
			},
			// A suspect pack cleared by the regulator (the manufacturer may not judge the
			// pharmacy's report), another declared illegitimate.
			Action::MarkSuspect {
				caller: signed(Two),
				gtin: GtinRef::DEMO,
				serial: serial(3),
				reason: Hash(23),
			},
			Action::ClearSuspect {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO,
				serial: serial(3),
				reason: Hash(24),
			},
			Action::ClearSuspect {
				caller: signed(Alice),
				gtin: GtinRef::DEMO,
				serial: serial(3),
				reason: Hash(24),
			},
			Action::MarkSuspect {
				caller: signed(Two),
				gtin: GtinRef::DEMO,
				serial: serial(4),
				reason: Hash(25),
			},
			Action::DeclareIllegitimate {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO,
				serial: serial(4),
				reason: Hash(26),
			},
			Action::Dispense { caller: signed(Two), gtin: GtinRef::DEMO, serial: serial(4) },
		],
		vec![
			// The wholesaler sells case 1 to the pharmacy without moving it, then ships it
			// (shipment 3) and thinks better of it.
			Action::TransferOwnership {
				caller: signed(One),
				units: containers(1, 1),
				to: Org(6),
				ti: Hash(27),
			},
			Action::Ship {
				caller: signed(One),
				units: containers(1, 1),
				to: Org(6),
				ti: Hash(28),
				transfer_ownership: false,
			},
			Action::CancelShipment { caller: signed(One), shipment: Id(3) },
			Action::RemoveShipment { caller: signed(One), shipment: Id(3) },
			Action::RegisterProduct {
				caller: signed(Ferdie),
				gtin: GtinRef::UNREGISTERED,
				metadata: Hash(29),
			},
		],
	]
}

fn supply_chain_recall() -> Vec<Vec<Action>> {
	let serial = SerialRef::number;
	let mut first = manufacture();
	first.extend([
		Action::Ship {
			caller: signed(Ferdie),
			units: containers(2, 1),
			to: Org(5),
			ti: Hash(30),
			transfer_ownership: true,
		},
		Action::RecallLot {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO,
			lot: LotRef::LOT1,
			reason: Hash(31),
		},
	]);
	vec![
		first,
		vec![
			// Recalled goods may still come back, but not move on or reach a patient.
			Action::Receive { caller: signed(One), shipment: Id(0) },
			Action::Unpack { caller: signed(One), sscc: SsccRef(2), units: None },
			Action::Ship {
				caller: signed(One),
				units: containers(0, 1),
				to: Org(6),
				ti: Hash(32),
				transfer_ownership: true,
			},
			Action::Unpack { caller: signed(One), sscc: SsccRef(1), units: None },
			Action::Decommission {
				caller: signed(One),
				gtin: GtinRef::DEMO,
				serial: serial(12),
				reason: 0,
			},
			Action::RecallLot {
				caller: signed(Alice),
				gtin: GtinRef::DEMO,
				lot: LotRef::LOT1,
				reason: Hash(33),
			},
			Action::Commission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO,
				lot: LotRef::LOT1,
				first: 50,
				count: Len::exactly(2),
			},
		],
	]
}

fn supply_chain_lot_expiry() -> Vec<Vec<Action>> {
	vec![
		vec![
			Action::CreateLot {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT2,
				expiry: ExpiryRef::TODAY,
				quantity: Quantity::of(12),
			},
			Action::Commission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT2,
				first: 100,
				count: Len::exactly(6),
			},
			Action::Decommission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				serial: SerialRef::number(100),
				reason: 3,
			},
			// Not expired yet: refused.
			Action::RetireLot { caller: signed(Ferdie), gtin: GtinRef::DEMO_2, lot: LotRef::LOT2 },
			wait_days(1),
		],
		vec![
			// The lot has expired: its manufacturer retires it (once), getting its deposit back.
			Action::RetireLot { caller: signed(One), gtin: GtinRef::DEMO_2, lot: LotRef::LOT2 },
			Action::RetireLot { caller: signed(Ferdie), gtin: GtinRef::DEMO_2, lot: LotRef::LOT2 },
			Action::RetireLot { caller: signed(Ferdie), gtin: GtinRef::DEMO_2, lot: LotRef::LOT2 },
			// No more packs, no shipping, no undoing; destroying is fine.
			Action::Commission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT2,
				first: 110,
				count: Len::ONE,
			},
			Action::Ship {
				caller: signed(Ferdie),
				units: packs(GtinRef::DEMO_2, 101, 2),
				to: Org(5),
				ti: Hash(40),
				transfer_ownership: true,
			},
			Action::UndoDecommission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				serial: SerialRef::number(100),
			},
			Action::Decommission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				serial: SerialRef::number(101),
				reason: 0,
			},
			Action::Decommission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				serial: SerialRef::number(102),
				reason: 2,
			},
			Action::CreateLot {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT3,
				expiry: ExpiryRef::YESTERDAY,
				quantity: Quantity::of(1),
			},
			wait_days(11),
		],
		// Past the ten-day undo period.
		vec![Action::UndoDecommission {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO_2,
			serial: SerialRef::number(102),
		}],
	]
}

/// Quarantined packs go back to their manufacturer alone, and are destroyed: by a regulator on
/// a suspicion, by their owner once declared illegitimate.
fn supply_chain_quarantine() -> Vec<Vec<Action>> {
	let serial = SerialRef::number;
	let destroy = |caller: Key, n: u8, reason: u8| Action::DestroyQuarantined {
		caller: signed(caller),
		gtin: GtinRef::DEMO,
		serial: serial(n),
		reason,
	};
	let mut first = manufacture();
	first.push(Action::Ship {
		caller: signed(Ferdie),
		units: containers(2, 1),
		to: Org(5),
		ti: Hash(80),
		transfer_ownership: true,
	});
	vec![
		first,
		vec![
			Action::Receive { caller: signed(One), shipment: Id(0) },
			Action::Unpack { caller: signed(One), sscc: SsccRef(2), units: None },
			Action::Unpack { caller: signed(One), sscc: SsccRef(0), units: None },
			Action::MarkSuspect {
				caller: signed(One),
				gtin: GtinRef::DEMO,
				serial: serial(0),
				reason: Hash(81),
			},
			Action::MarkSuspect {
				caller: signed(One),
				gtin: GtinRef::DEMO,
				serial: serial(1),
				reason: Hash(82),
			},
			Action::DeclareIllegitimate {
				caller: signed(Alice),
				gtin: GtinRef::DEMO,
				serial: serial(1),
				reason: Hash(83),
			},
			// Refused: with another pack, to the pharmacy, the owner on a mere suspicion.
			Action::Ship {
				caller: signed(One),
				units: packs(GtinRef::DEMO, 0, 2),
				to: Org(4),
				ti: Hash(84),
				transfer_ownership: true,
			},
			Action::Ship {
				caller: signed(One),
				units: packs(GtinRef::DEMO, 0, 1),
				to: Org(6),
				ti: Hash(85),
				transfer_ownership: true,
			},
			destroy(One, 0, 0),
			// Shipment 1: the suspect pack back to PharmaCo, alone; the illegitimate one is
			// destroyed by its owner.
			Action::Ship {
				caller: signed(One),
				units: packs(GtinRef::DEMO, 0, 1),
				to: Org(4),
				ti: Hash(86),
				transfer_ownership: true,
			},
			destroy(One, 1, 0),
		],
		vec![
			Action::Receive { caller: signed(Ferdie), shipment: Id(1) },
			destroy(Alice, 0, 6),
			destroy(Alice, 2, 6),
			Action::RemoveShipment { caller: signed(One), shipment: Id(1) },
		],
	]
}

/// Company prefixes decide who registers and owns a product: the regulator moves PharmaCo's
/// second prefix to the clinic, which becomes a manufacturer too, hands it PharmaCo's second
/// product, then withdraws the product.
fn supply_chain_products() -> Vec<Vec<Action>> {
	let prefixes = |caller: Caller, org: u8, prefixes: PrefixesRef| Action::SetCompanyPrefixes {
		caller,
		org: Org(org),
		prefixes,
	};
	let lot = |lot: LotRef| Action::CreateLot {
		caller: signed(Dave),
		gtin: GtinRef::DEMO_2,
		lot,
		expiry: ExpiryRef::NEXT_YEAR,
		quantity: Quantity::of(12),
	};
	vec![
		vec![
			Action::SetRoles {
				caller: Caller::ROOT,
				org: Org(2),
				roles: OrgRoleSet::of(&[OrgRole::Provider, OrgRole::Manufacturer]),
			},
			prefixes(Caller::ROOT, 4, PrefixesRef::of(0, 1)),
			prefixes(signed(Alice), 2, PrefixesRef::of(1, 1)),
			Action::ReassignProduct {
				caller: signed(Alice),
				gtin: GtinRef::DEMO_2,
				to: Org(2),
				reason: Hash(70),
			},
			lot(LotRef::LOT1),
			Action::DeactivateProduct {
				caller: signed(Alice),
				gtin: GtinRef::DEMO_2,
				reason: Hash(71),
			},
			// Refused: a lot of a deactivated product, a manufacturer reassigning or
			// deactivating, a stranger or a regulator setting a regulator's prefixes, a prefix
			// held by another, one overlapping it, one too short, a product of a prefix not held.
			lot(LotRef::LOT2),
			Action::ReassignProduct {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO,
				to: Org(2),
				reason: Hash(72),
			},
			Action::DeactivateProduct {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO,
				reason: Hash(73),
			},
			prefixes(signed(Bob), 2, PrefixesRef::of(2, 1)),
			prefixes(signed(Alice), 0, PrefixesRef::of(2, 1)),
			prefixes(Caller::ROOT, 2, PrefixesRef::of(0, 1)),
			prefixes(Caller::ROOT, 2, PrefixesRef::of(6, 1)),
			prefixes(Caller::ROOT, 2, PrefixesRef::of(4, 1)),
			Action::RegisterProduct {
				caller: signed(Ferdie),
				gtin: GtinRef::OTHER_PREFIX,
				metadata: Hash(75),
			},
		],
		vec![
			// As many prefixes as an organization may hold, then one more, then one too long.
			prefixes(Caller::ROOT, 2, PrefixesRef { first: 8, len: Len::MAX }),
			prefixes(Caller::ROOT, 2, PrefixesRef { first: 8, len: Len::OVER }),
			prefixes(Caller::ROOT, 2, PrefixesRef::of(7, 1)),
			// PharmaCo registers a product under a prefix it gains.
			prefixes(Caller::ROOT, 4, PrefixesRef::of(0, 3)),
			Action::RegisterProduct {
				caller: signed(Ferdie),
				gtin: GtinRef::OTHER_PREFIX,
				metadata: Hash(74),
			},
		],
	]
}

fn bounds_at_limits() -> Vec<Vec<Action>> {
	vec![
		vec![
			// A lot of 1,000 packs commissioned at once, 100 of them in one case, 32 cases...
			Action::CreateLot {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT3,
				expiry: ExpiryRef(6),
				quantity: Quantity::of(1_000),
			},
			Action::Commission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT3,
				first: 0,
				count: Len::MAX,
			},
			Action::Pack {
				caller: signed(Ferdie),
				sscc: SsccRef(3),
				pallet: false,
				units: UnitsRef { kind: 0, gtin: GtinRef::DEMO_2, first: 0, count: Len::MAX },
			},
			Action::Ship {
				caller: signed(Ferdie),
				units: UnitsRef { kind: 0, gtin: GtinRef::DEMO_2, first: 100, count: Len::MAX },
				to: Org(5),
				ti: Hash(50),
				transfer_ownership: true,
			},
			// ...and one item too many: no transaction carries these.
			Action::Commission {
				caller: signed(Ferdie),
				gtin: GtinRef::DEMO_2,
				lot: LotRef::LOT3,
				first: 0,
				count: Len::OVER,
			},
			Action::Ship {
				caller: signed(Ferdie),
				units: UnitsRef { kind: 0, gtin: GtinRef::DEMO_2, first: 150, count: Len::OVER },
				to: Org(5),
				ti: Hash(51),
				transfer_ownership: true,
			},
		],
		// Records 1 to 15 of the patient, for a grant that names as many records as it may.
		(1..16u8)
			.map(|n| Action::RegisterRecord {
				caller: signed(AliceStash),
				patient: who(AliceStash),
				input: RecordInputRef { hash: Hash(n), ..record(Code(n)) },
				purpose: PurposeRef::of(Purpose::Treatment),
			})
			.collect(),
		vec![
			Action::SetMetadata { caller: signed(Bob), org: Org(1), metadata: Len::MAX },
			Action::SetMetadata { caller: signed(Bob), org: Org(1), metadata: Len::OVER },
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(3),
				terms: TermsRef {
					purposes: PurposeSet(0x3f),
					actions: 0b11,
					// Records 0 to 15, every one read to store its chain.
					scope: ScopeRef { kind: 2, len: Len::MAX, first: 0 },
					data_period: Some(PeriodRef::MAX),
					valid_from: None,
					valid_until: Some(When::END_OF_TIME),
					open_ended: false,
					// Every kind twice: codes 1 and 5, labels V and SDV, records 3 and 7, the
					// longest period and the coming year.
					exceptions: ExceptionsRef { kind: 0, len: Len::MAX, first: 1 },
				},
			},
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(3),
				terms: TermsRef {
					scope: ScopeRef { kind: 1, len: Len::MAX, first: 0 },
					..terms(&[Purpose::Research], false, None)
				},
			},
			// One item too many: scope, period, exceptions.
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(3),
				terms: TermsRef {
					scope: ScopeRef { kind: 1, len: Len::OVER, first: 0 },
					..terms(&[Purpose::Research], false, None)
				},
			},
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(3),
				terms: TermsRef {
					data_period: Some(PeriodRef::OVER),
					..terms(&[Purpose::Research], false, None)
				},
			},
			Action::Grant {
				caller: signed(AliceStash),
				on_behalf_of: None,
				grantee: GranteeRef::organization(3),
				terms: TermsRef {
					exceptions: ExceptionsRef { kind: 0, len: Len::OVER, first: 1 },
					..terms(&[Purpose::Research], false, None)
				},
			},
			Action::RegisterRecord {
				caller: signed(AliceStash),
				patient: who(AliceStash),
				input: RecordInputRef {
					locator: Len::MAX,
					labels: LabelSet(0xff),
					date: When::END_OF_TIME,
					..record(Code(4))
				},
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			Action::RegisterRecord {
				caller: signed(AliceStash),
				patient: who(AliceStash),
				input: RecordInputRef { locator: Len::OVER, ..record(Code::PROGRESS_NOTE) },
				purpose: PurposeRef::of(Purpose::Treatment),
			},
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(0),
				grantee: who(AliceStash),
				key: Len::OVER,
			},
		],
	]
}

fn invalid_arguments() -> Vec<Vec<Action>> {
	vec![vec![
		Action::RegisterProduct {
			caller: signed(Ferdie),
			gtin: GtinRef::BAD_CHECK_DIGIT,
			metadata: Hash(60),
		},
		Action::RegisterProduct { caller: signed(Ferdie), gtin: GtinRef(6), metadata: Hash(61) },
		Action::CreateLot {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO,
			lot: LotRef(6),
			expiry: ExpiryRef::NEXT_YEAR,
			quantity: Quantity::of(12),
		},
		Action::CreateLot {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO,
			lot: LotRef::LOT2,
			expiry: ExpiryRef(7),
			quantity: Quantity::of(12),
		},
		Action::CreateLot {
			caller: signed(Ferdie),
			gtin: GtinRef::DEMO,
			lot: LotRef::LOT2,
			expiry: ExpiryRef::NEXT_YEAR,
			quantity: Quantity::of(u32::MAX),
		},
		Action::Pack {
			caller: signed(Ferdie),
			sscc: SsccRef::BAD_CHECK_DIGIT,
			pallet: false,
			units: packs(GtinRef::DEMO, 0, 1),
		},
		Action::Dispense { caller: signed(Two), gtin: GtinRef::DEMO, serial: SerialRef(241) },
		Action::Dispense { caller: signed(Two), gtin: GtinRef::DEMO, serial: SerialRef(244) },
		Action::RegisterOrganization {
			caller: Caller::ROOT,
			admin: who(CharlieStash),
			roles: OrgRoleSet(0),
			issuer: Issuer(5),
			credential: Hash(62),
			metadata: Len::ZERO,
		},
		Action::RegisterOrganization {
			caller: Caller::ROOT,
			admin: who(CharlieStash),
			roles: OrgRoleSet::of(&[OrgRole::Payer]),
			issuer: Issuer(3),
			credential: Hash(63),
			metadata: Len::ZERO,
		},
		// Signed calls without a signer, and Root where a signer is needed.
		Action::Leave { caller: Caller::NOBODY },
		Action::AppointGuardian { caller: Caller::ROOT, guardian: who(Bob) },
		Action::TransferKeepAlive { caller: Caller::NOBODY, dest: who(Bob), amount: amount(1) },
		// Empty data periods, as the grant's and as an exception's.
		grant(
			GranteeRef::account(Dave),
			TermsRef {
				data_period: Some(PeriodRef::EMPTY),
				..terms(&[Purpose::Treatment], false, None)
			},
		),
		grant(
			GranteeRef::account(Dave),
			TermsRef {
				exceptions: ExceptionsRef::period(PeriodRef::EMPTY),
				..terms(&[Purpose::Treatment], false, None)
			},
		),
		Action::OpenEmergencyAccess {
			caller: signed(Charlie),
			patient: who(AliceStash),
			justification: Hash(64),
			duration: Duration::of(0),
		},
	]]
}

fn full_block() -> Vec<Vec<Action>> {
	// A failed call is charged its whole declared weight: 70 refused batches of 1,000 packs
	// overfill a block, and the author leaves the last ones out.
	let batch = Action::Commission {
		caller: signed(Bob),
		gtin: GtinRef::DEMO,
		lot: LotRef::LOT1,
		first: 0,
		count: Len::MAX,
	};
	vec![vec![batch; 70], vec![transfer(Alice, Bob, 1)]]
}

fn consent_deny() -> Vec<Vec<Action>> {
	let deny = |caller: Key, actor: GranteeRef| Action::Deny {
		caller: signed(caller),
		on_behalf_of: None,
		actor,
		terms: DenyTermsRef::ALL,
	};
	vec![
		vec![
			// Deny 0: the patient refuses Charlie, a clinician of the hospital that the demo
			// grant 0 trusts: refused under grant 0, in an emergency too, and given no key.
			deny(AliceStash, GranteeRef::account(Charlie)),
			read(Charlie, 0, Purpose::Treatment),
			Action::OpenEmergencyAccess {
				caller: signed(Charlie),
				patient: who(AliceStash),
				justification: Hash(13),
				duration: Duration::of(HOUR_MS),
			},
			read(Charlie, 0, Purpose::EmergencyTreatment),
			Action::AttachKey {
				caller: signed(AliceStash),
				record: Id(0),
				grantee: who(Charlie),
				key: Len::exactly(16),
			},
			// Deny 1, recorded by a guardian: no research by the institute on PSY-labelled
			// progress notes.
			Action::AppointGuardian { caller: signed(AliceStash), guardian: who(Dave) },
			Action::Deny {
				caller: signed(Dave),
				on_behalf_of: Some(who(AliceStash)),
				actor: GranteeRef::organization(3),
				terms: DenyTermsRef {
					purposes: PurposeSet::of(&[Purpose::Research]),
					actions: 0b01,
					scope: ScopeRef { kind: 1, len: Len::ONE, first: Code::PROGRESS_NOTE.0 },
					labels: Len::ONE,
					first_label: label_index("PSY"),
				},
			},
			// Refused: against the patient, an unknown organization, by a stranger, revoked by
			// the actor.
			deny(AliceStash, GranteeRef::account(AliceStash)),
			deny(AliceStash, GranteeRef::organization(11)),
			Action::Deny {
				caller: signed(Eve),
				on_behalf_of: Some(who(AliceStash)),
				actor: GranteeRef::account(Bob),
				terms: DenyTermsRef::ALL,
			},
			Action::RevokeDeny { caller: signed(Charlie), deny: Id(0) },
		],
		vec![
			Action::RevokeDeny { caller: signed(AliceStash), deny: Id(0) },
			read(Charlie, 0, Purpose::Treatment),
			Action::RevokeDeny { caller: signed(Dave), deny: Id(1) },
			// Refused: already revoked.
			Action::RevokeDeny { caller: signed(AliceStash), deny: Id(1) },
		],
	]
}

/// The terms of program 0: services 100 and 101 at up to 10 units each, 1,000 units per
/// patient, the shortest dispute window; task 110 rewarded with a unit, at most one unit per
/// reward period, as long as the shortest dispute window.
fn program_terms() -> ProgramTermsRef {
	ProgramTermsRef {
		services: RunRef::of(100, 2),
		price: amount(10),
		patient_limit: amount(1_000),
		dispute_window: Span::SHORTEST,
		tasks: RunRef::of(110, 1),
		reward: amount(1),
		reward_cap: amount(1),
		reward_period: Span::SHORTEST,
	}
}

/// A payer's program from opening to closing. The new payer (org 7, admin `//Dave//stash`)
/// has a `Staff` member, `//Eve//stash`, who opens program 0; the patient grants the payer her
/// data for `Payment`; General Hospital's clinician Charlie claims (its admin Bob is paid) and
/// attests a task. Claims are confirmed (paid at once), disputed and approved or rejected,
/// paid by `on_idle` when their window closes, or settled by a call.
fn claims_lifecycle() -> Vec<Vec<Action>> {
	let open = |caller: Key, terms: ProgramTermsRef, escrow: Amount| Action::OpenProgram {
		caller: signed(caller),
		terms,
		escrow,
	};
	let fund = |caller: Key, program: u8, units: u128| Action::FundProgram {
		caller: signed(caller),
		program: Id(program),
		amount: amount(units),
	};
	let close = |caller: Key, program: u8| Action::CloseProgram {
		caller: signed(caller),
		program: Id(program),
	};
	let submit =
		|caller: Key, program: u8, patient: Key, service: u8, units: u128, document: u8| {
			Action::SubmitClaim {
				caller: signed(caller),
				program: Id(program),
				patient: who(patient),
				service: Hash(service),
				amount: amount(units),
				category: Code::PROGRESS_NOTE,
				document: Hash(document),
			}
		};
	// Charlie's claims on program 0 for the patient.
	let claim = |service: u8, units: u128, document: u8| {
		submit(Charlie, 0, AliceStash, service, units, document)
	};
	let confirm =
		|caller: Key, id: u8| Action::ConfirmClaim { caller: signed(caller), claim: Id(id) };
	let dispute = |caller: Key, id: u8, reason: u8| Action::DisputeClaim {
		caller: signed(caller),
		claim: Id(id),
		reason: Hash(reason),
	};
	let adjudicate = |caller: Key, id: u8, approve: bool| Action::Adjudicate {
		caller: signed(caller),
		claim: Id(id),
		approve,
	};
	let settle = |caller: Caller, id: u8| Action::SettleClaim { caller, claim: Id(id) };
	let attest = |caller: Key, patient: Key, task: u8, attestation: u8| Action::AttestTask {
		caller: signed(caller),
		program: Id(0),
		patient: who(patient),
		task: Hash(task),
		category: Code::PROGRESS_NOTE,
		attestation: Hash(attestation),
	};
	vec![
		vec![
			transfer(Alice, DaveStash, 1_000),
			transfer(Alice, EveStash, 1_000),
			Action::RegisterOrganization {
				caller: Caller::ROOT,
				admin: who(DaveStash),
				roles: OrgRoleSet::of(&[OrgRole::Payer]),
				issuer: Issuer::REGISTER,
				credential: Hash(90),
				metadata: Len::ZERO,
			},
			Action::AcceptAdmin { caller: signed(DaveStash), org: Org(7) },
			Action::AddMember {
				caller: signed(DaveStash),
				org: Org(7),
				who: who(EveStash),
				roles: MemberRoleSet::of(&[MemberRole::Staff]),
			},
			Action::AcceptMembership { caller: signed(EveStash), org: Org(7) },
			grant(GranteeRef::organization(7), terms(&[Purpose::Payment], false, None)),
			// Program 0, with 10 units of escrow; the payer's admin adds 10 more.
			open(EveStash, program_terms(), amount(10)),
			fund(DaveStash, 0, 10),
			// Refused: opened by a provider's clinician, without services, a service twice, a
			// window too short and one too long, tasks without a reward period, more escrow
			// than the officer holds; one service too many (no transaction carries it).
			open(Charlie, program_terms(), amount(10)),
			open(
				EveStash,
				ProgramTermsRef { services: RunRef::of(100, 0), ..program_terms() },
				amount(10),
			),
			open(
				EveStash,
				ProgramTermsRef {
					services: RunRef { step: 0, ..RunRef::of(100, 2) },
					..program_terms()
				},
				amount(10),
			),
			open(
				EveStash,
				ProgramTermsRef { dispute_window: Span::TOO_SHORT, ..program_terms() },
				amount(10),
			),
			open(
				EveStash,
				ProgramTermsRef { dispute_window: Span::TOO_LONG, ..program_terms() },
				amount(10),
			),
			open(
				EveStash,
				ProgramTermsRef { reward_period: Span::NONE, ..program_terms() },
				amount(10),
			),
			open(EveStash, program_terms(), amount(1_000_000)),
			open(
				EveStash,
				ProgramTermsRef {
					services: RunRef { first: 100, step: 1, len: Len::OVER },
					..program_terms()
				},
				amount(10),
			),
			// Refused: funded by a stranger, with nothing, an unknown program.
			fund(Charlie, 0, 10),
			fund(EveStash, 0, 0),
			fund(EveStash, 9, 10),
			// Claims 0 (10 units), 1 and 2 (a unit each), due in the shortest window.
			claim(100, 10, 120),
			claim(101, 1, 121),
			claim(100, 1, 122),
			// Refused: a document claimed already, an unlisted service, above the listed amount,
			// nothing, a patient without a payment grant, beyond the free escrow (8 units), by
			// the payer's staff, against an unknown program.
			claim(100, 1, 120),
			claim(99, 1, 123),
			claim(100, 1_000, 124),
			claim(100, 0, 125),
			submit(Charlie, 0, BobStash, 100, 1, 126),
			claim(100, 10, 127),
			submit(EveStash, 0, AliceStash, 100, 1, 128),
			submit(Charlie, 9, AliceStash, 100, 1, 129),
			// The patient confirms claim 1 (paid at once) and disputes claim 2, which the
			// officer approves.
			confirm(AliceStash, 1),
			dispute(AliceStash, 2, 140),
			adjudicate(EveStash, 2, true),
			// Refused: confirmed by the provider, twice, an unknown claim; disputed when paid;
			// adjudicated by the provider, undisputed; settled before it is due, unsigned.
			confirm(Charlie, 0),
			confirm(AliceStash, 1),
			confirm(AliceStash, 9),
			dispute(AliceStash, 1, 141),
			adjudicate(Charlie, 0, true),
			adjudicate(EveStash, 0, true),
			settle(signed(Bob), 0),
			settle(Caller::NOBODY, 0),
			// The patient is rewarded a unit for task 110, once per attestation and within
			// the cap of the period; refused too: an unlisted task, by the payer's staff.
			attest(Charlie, AliceStash, 110, 150),
			attest(Charlie, AliceStash, 110, 150),
			attest(Charlie, AliceStash, 110, 151),
			attest(Charlie, AliceStash, 111, 152),
			attest(EveStash, AliceStash, 110, 153),
		],
		vec![
			// Claims 3, 4 and 5, due a block after claim 0; the patient disputes 4 and 5.
			claim(101, 1, 130),
			claim(101, 1, 131),
			claim(101, 1, 132),
			dispute(AliceStash, 4, 142),
			dispute(AliceStash, 5, 143),
			// Blocks 3 to 11: `on_idle` pays claim 0 in block 11, its due block.
			Action::Blocks { count: 9 },
		],
		vec![
			// Block 12: claim 3 is due, so no longer disputable; anyone settles it, once.
			dispute(AliceStash, 3, 144),
			settle(signed(Bob), 3),
			settle(signed(Bob), 3),
			settle(signed(Bob), 0),
			// A new reward period: attestation 151 is paid now.
			attest(Charlie, AliceStash, 110, 151),
			// The officer closes program 0 (its free escrow goes back); the admin approves
			// claim 4 and the officer rejects claim 5, whose amount goes back too.
			close(Charlie, 0),
			close(EveStash, 0),
			close(EveStash, 0),
			fund(EveStash, 0, 1),
			claim(100, 1, 133),
			attest(Charlie, AliceStash, 110, 154),
			adjudicate(DaveStash, 4, true),
			adjudicate(EveStash, 5, false),
			adjudicate(EveStash, 5, true),
			// Program 1: one service of 10 units, a unit per patient, the longest window, no
			// tasks, no escrow: refused beyond the patient limit, then beyond the escrow.
			open(
				EveStash,
				ProgramTermsRef {
					services: RunRef::of(102, 1),
					patient_limit: amount(1),
					dispute_window: Span::LONGEST,
					tasks: RunRef::of(0, 0),
					reward_period: Span::NONE,
					..program_terms()
				},
				Amount::of(0),
			),
			submit(Charlie, 1, AliceStash, 102, 10, 134),
			submit(Charlie, 1, AliceStash, 102, 1, 135),
			close(DaveStash, 1),
			// Program 2: as many services and tasks as a program may list.
			open(
				EveStash,
				ProgramTermsRef {
					services: RunRef { first: 0, step: 1, len: Len::MAX },
					tasks: RunRef { first: 0, step: 1, len: Len::MAX },
					..program_terms()
				},
				Amount::of(0),
			),
		],
	]
}

/// A trial from registration to checked results. The Research Institute (org 3) takes
/// `//Charlie//stash` as a researcher, who registers trial 0 at General Hospital (org 1) and
/// is its investigator; the patient grants the institute her data for `Research`, so the
/// hospital's clinician Charlie enrols her trial subject. Amendments before and after the
/// first enrolment, a new site, a withdrawal, the data lock and the results; trial 1 is full
/// at one participant and reports its results without a lock.
fn trials_lifecycle() -> Vec<Vec<Action>> {
	let outcomes = RunRef::of;
	let hospital = RunRef::of(1, 1);
	let register =
		|caller: Key, primary: RunRef, sites: RunRef, planned: u32| Action::RegisterTrial {
			caller: signed(caller),
			protocol: Hash(160),
			primary,
			secondary: outcomes(170, 1),
			sites,
			planned: Quantity::of(planned),
		};
	let amend = |caller: Key, primary: RunRef, changes_outcomes: bool| Action::Amend {
		caller: signed(caller),
		trial: Id(0),
		protocol: Hash(161),
		primary,
		secondary: outcomes(170, 1),
		reason: Hash(162),
		changes_outcomes,
	};
	let add_site = |caller: Key, site: u8| Action::AddSite {
		caller: signed(caller),
		trial: Id(0),
		site: Org(site),
	};
	let enrol =
		|caller: Key, trial: u8, site: u8, participant: Key, commitment: u8| Action::Enrol {
			caller: signed(caller),
			trial: Id(trial),
			site: Org(site),
			participant: who(participant),
			category: Code::PROGRESS_NOTE,
			commitment: Hash(commitment),
		};
	let withdraw = |caller: Key, trial: u8, commitment: u8| Action::Withdraw {
		caller: signed(caller),
		trial: Id(trial),
		commitment: Hash(commitment),
	};
	let lock = |caller: Key, trial: u8| Action::LockData {
		caller: signed(caller),
		trial: Id(trial),
		dataset: Hash(190),
	};
	let results = |trial: u8, primary: RunRef| Action::RegisterResults {
		caller: signed(CharlieStash),
		trial: Id(trial),
		results: Hash(191),
		primary,
		secondary: outcomes(170, 1),
	};
	vec![
		vec![
			transfer(Alice, CharlieStash, 1_000),
			Action::AddMember {
				caller: signed(Eve),
				org: Org(3),
				who: who(CharlieStash),
				roles: MemberRoleSet::of(&[MemberRole::Researcher]),
			},
			Action::AcceptMembership { caller: signed(CharlieStash), org: Org(3) },
			grant(GranteeRef::organization(3), terms(&[Purpose::Research], false, None)),
			// Trial 0: primary outcomes 171 and 172, secondary 170, 12 participants planned.
			register(CharlieStash, outcomes(171, 2), hospital, 12),
			// Refused: by a clinician, without a primary outcome, an outcome twice, no site, a
			// site twice, a manufacturer as a site, nobody planned, more than allowed; one
			// outcome too many (no transaction carries it).
			register(Charlie, outcomes(171, 2), hospital, 12),
			register(CharlieStash, outcomes(171, 0), hospital, 12),
			register(CharlieStash, RunRef { step: 0, ..outcomes(171, 2) }, hospital, 12),
			register(CharlieStash, outcomes(171, 2), RunRef::of(1, 0), 12),
			register(CharlieStash, outcomes(171, 2), RunRef { step: 0, ..RunRef::of(1, 2) }, 12),
			register(CharlieStash, outcomes(171, 2), RunRef::of(4, 1), 12),
			register(CharlieStash, outcomes(171, 2), hospital, 0),
			register(CharlieStash, outcomes(171, 2), hospital, u32::MAX),
			register(CharlieStash, RunRef { first: 171, step: 1, len: Len::OVER }, hospital, 12),
			// Before anyone enrols, the outcomes change freely: version 1 adds outcome 173.
			amend(CharlieStash, outcomes(171, 3), false),
			// City Clinic (org 2) becomes a site; refused: twice, a manufacturer, by the
			// institute's admin (no researcher).
			add_site(CharlieStash, 2),
			add_site(CharlieStash, 2),
			add_site(CharlieStash, 4),
			add_site(Eve, 5),
			// Charlie enrols the patient (commitment 180): version 1's outcomes are now the
			// pre-registered ones. Refused: the same commitment, a participant without a
			// research grant, a site not of the trial, the clinic's admin (no clinician), an
			// unknown trial.
			enrol(Charlie, 0, 1, AliceStash, 180),
			enrol(Charlie, 0, 1, AliceStash, 180),
			enrol(Charlie, 0, 1, BobStash, 181),
			enrol(Charlie, 0, 3, AliceStash, 182),
			enrol(Dave, 0, 2, AliceStash, 183),
			enrol(Charlie, 9, 1, AliceStash, 184),
		],
		vec![
			// After the first enrolment, a change of outcomes must be declared, and a
			// declaration must change them; version 2 drops outcome 173, declared.
			amend(CharlieStash, outcomes(171, 2), false),
			amend(CharlieStash, outcomes(171, 3), true),
			amend(CharlieStash, outcomes(171, 2), true),
			amend(Charlie, outcomes(171, 2), false),
			// Trial 1, at the hospital and the clinic, plans one participant: nothing to lock
			// before it enrols, then full.
			register(CharlieStash, outcomes(171, 1), RunRef::of(1, 2), 1),
			lock(CharlieStash, 1),
			enrol(Charlie, 1, 1, AliceStash, 185),
			enrol(Charlie, 1, 1, AliceStash, 186),
			// The patient leaves trial 0, once; refused: an unknown commitment, by staff of
			// another site.
			withdraw(Charlie, 0, 180),
			withdraw(Charlie, 0, 180),
			withdraw(Charlie, 0, 189),
			withdraw(Dave, 0, 180),
		],
		vec![
			// The data of trial 0 is locked, once, by its researcher: no more enrolment,
			// amendment or site.
			lock(Charlie, 0),
			lock(CharlieStash, 0),
			lock(CharlieStash, 0),
			enrol(Charlie, 0, 1, AliceStash, 187),
			amend(CharlieStash, outcomes(171, 2), false),
			add_site(CharlieStash, 3),
			// The results of trial 0 (its deposit goes back), once; trial 1 reports without a
			// lock, after refusing an outcome reported twice; a lock comes too late then.
			results(0, outcomes(171, 2)),
			results(0, outcomes(171, 2)),
			results(1, RunRef { step: 0, ..outcomes(171, 2) }),
			results(1, outcomes(171, 1)),
			lock(CharlieStash, 1),
			results(9, outcomes(171, 1)),
			// A withdrawal is recorded whatever the trial's state.
			withdraw(Charlie, 1, 185),
			// As many outcomes as a version may hold; sites beyond the organizations repeat.
			register(CharlieStash, RunRef { first: 0, step: 1, len: Len::MAX }, hospital, 1),
			register(
				CharlieStash,
				outcomes(171, 1),
				RunRef { first: 0, step: 1, len: Len::MAX },
				1,
			),
		],
	]
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::input::decode;

	#[test]
	fn seeds_read_back_as_their_scenarios() {
		for seed in seeds() {
			assert_eq!(decode(&seed.bytes()), seed.blocks, "{}", seed.name);
		}
	}

	#[test]
	fn seeds_are_small() {
		for seed in seeds() {
			assert!(seed.bytes().len() < 10_000, "{} is too large", seed.name);
		}
	}
}
