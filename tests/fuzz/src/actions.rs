//! What an input asks the chain to do: [`Action`], one variant per call the fuzzer makes (every
//! call of the five healthcare pallets and the balance transfers) plus [`Action::Wait`], with
//! arguments named through the pools of [`crate::pools`]; and how an action becomes the
//! [`RuntimeCall`] a transaction would carry.

use crate::{
	input::Put,
	pools::{
		blind_key, bounded, day, label_index, label_tag, serial_text, Amount, Caller, Code,
		CompanyPrefixRef, Duration, ExpiryRef, GtinRef, Hash, Id, Issuer, LabelSet, Len, LotRef,
		MemberRoleSet, Org, OrgRoleSet, Oversize, PeriodRef, PurposeRef, PurposeSet, Quantity,
		SerialRef, SsccRef, When, Who,
	},
};
use arbitrary::{Arbitrary, Unstructured};
use core::mem::Discriminant;
use healthchain_primitives::{
	blind::{self, BlindKey, Field},
	AccessTarget, Action as AccessAction, BlindFacts, ContentHash, Moment, RecordId,
	RecordsInspect,
};
use healthchain_runtime::{AccountId, Runtime, RuntimeCall, RuntimeOrigin};
use pallet_consent::{Exception, Grantee, ReviewVerdict, Scope};
use pallet_records::RecordInput;
use pallet_supply_chain::{ContainerKind, DecommissionReason, DestructionReason, Unit};
use std::sync::OnceLock;

/// Slots a [`Action::Wait`] unit stands for: a slot, a minute, an hour and a day.
const WAIT_UNITS: [u64; 4] = [1, 10, 600, 14_400];

/// A grant's terms.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct TermsRef {
	/// The purposes allowed.
	pub purposes: PurposeSet,
	/// The actions allowed: bit 0 read, bit 1 append.
	pub actions: u8,
	/// What the grant covers.
	pub scope: ScopeRef,
	/// The clinical dates covered, if limited.
	pub data_period: Option<PeriodRef>,
	/// When the grant starts, if not at once.
	pub valid_from: Option<When>,
	/// When the grant ends, if it does.
	pub valid_until: Option<When>,
	/// Whether the grant is meant to have no end.
	pub open_ended: bool,
	/// The deny rules.
	pub exceptions: ExceptionsRef,
}

/// What a grant covers.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct ScopeRef {
	/// 0: all records; 1: categories; 2: records.
	pub kind: u8,
	/// How many categories or records.
	pub len: Len,
	/// The first category code or record id; the others follow.
	pub first: u8,
}

/// A deny provision's terms.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct DenyTermsRef {
	/// The purposes refused (none: every purpose).
	pub purposes: PurposeSet,
	/// The actions refused: bit 0 read, bit 1 append (none: every action).
	pub actions: u8,
	/// What the deny covers.
	pub scope: ScopeRef,
	/// How many security labels (none: whatever the labels); the `i`-th is `LABELS` item
	/// `first_label + i`.
	pub labels: Len,
	/// The first label.
	pub first_label: u8,
}

impl DenyTermsRef {
	/// Refuses everything.
	pub const ALL: DenyTermsRef = DenyTermsRef {
		purposes: PurposeSet(0),
		actions: 0,
		scope: ScopeRef { kind: 0, len: Len::ZERO, first: 0 },
		labels: Len::ZERO,
		first_label: 0,
	};

	/// The terms, with tags under `key` (the patient's).
	fn terms(&self, key: &BlindKey) -> Result<pallet_consent::DenyTermsOf<Runtime>, Oversize> {
		Ok(pallet_consent::DenyTerms {
			purposes: self.purposes.purposes(),
			actions: action_set(self.actions),
			scope: self.scope.scope(key)?,
			labels: self
				.labels
				.items(|i| Ok(label_tag(key, self.first_label.wrapping_add(i as u8))))?,
		})
	}
}

/// A grant's exceptions: `len` of them, the `i`-th of kind `kind + i` (category, label, record
/// and data period in turn) naming the pool item `first + i` of its kind ([`Code`], `LABELS`,
/// [`Id`], [`PeriodRef`]).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionsRef {
	/// The kind of the first exception.
	pub kind: u8,
	/// How many exceptions.
	pub len: Len,
	/// The pool item of the first exception; the others follow.
	pub first: u8,
}

impl ExceptionsRef {
	/// No exceptions.
	pub const NONE: ExceptionsRef = ExceptionsRef { kind: 0, len: Len::ZERO, first: 0 };

	/// Records of category `code` excepted.
	pub fn category(code: Code) -> Self {
		ExceptionsRef { kind: 0, len: Len::ONE, first: code.0 }
	}

	/// Records labelled `label` (one of `LABELS`) excepted.
	pub fn label(label: &str) -> Self {
		ExceptionsRef { kind: 1, len: Len::ONE, first: label_index(label) }
	}

	/// Every version of record `id` excepted.
	pub fn record(id: Id) -> Self {
		ExceptionsRef { kind: 2, len: Len::ONE, first: id.0 }
	}

	/// Records dated in `period` excepted.
	pub fn period(period: PeriodRef) -> Self {
		ExceptionsRef { kind: 3, len: Len::ONE, first: period.0 }
	}

	/// The exceptions, with tags under `key`, at the block's time `now`.
	fn exceptions<S: frame_support::traits::Get<u32>>(
		&self,
		key: &BlindKey,
		now: Moment,
	) -> Result<frame_support::BoundedVec<Exception, S>, Oversize> {
		self.len.items(|i| {
			let item = self.first.wrapping_add(i as u8);
			Ok(match (usize::from(self.kind) + i) % 4 {
				0 => Exception::Category(Code(item).tag(key, Field::Category)),
				1 => Exception::Label(label_tag(key, item)),
				2 => Exception::Record(Id(item).id()),
				_ => Exception::DataPeriod(PeriodRef(item).tags(key, now)?),
			})
		})
	}
}

/// Who a grant is to.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct GranteeRef {
	/// Whether the grantee is an organization (else an account).
	pub organization: bool,
	/// The account ([`Who`]) or organization ([`Org`]).
	pub index: u8,
}

/// What an access is about.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct TargetRef {
	/// 0: a record ([`Id`]); 1: a category ([`Code`]); 2: a new record of category [`Code`],
	/// labelled with the [`LabelSet`] of the same byte and dated on the block's day.
	pub kind: u8,
	/// The record, category or new record.
	pub index: u8,
}

impl TargetRef {
	/// Record `id`.
	pub fn record(id: Id) -> Self {
		TargetRef { kind: 0, index: id.0 }
	}

	/// The records of category `code`.
	pub fn category(code: Code) -> Self {
		TargetRef { kind: 1, index: code.0 }
	}
}

/// A record's description, as `register` and `supersede` take it. Its codes, labels and date
/// are tagged under the patient's key.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct RecordInputRef {
	/// Category code.
	pub category: Code,
	/// Type code.
	pub type_code: Code,
	/// Security labels.
	pub labels: LabelSet,
	/// Clinical date.
	pub date: When,
	/// Hash of the blob: SHA-256 for an even byte, BLAKE2b-256 for an odd one.
	pub hash: Hash,
	/// Length of the locator.
	pub locator: Len,
}

/// An organization's GS1 company prefixes: `len` of them, from the pool item `first` on (see
/// [`CompanyPrefixRef`]).
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrefixesRef {
	/// The first prefix.
	pub first: u8,
	/// How many prefixes.
	pub len: Len,
}

impl PrefixesRef {
	/// The prefixes `first`, `first + 1`... of the pool, `count` of them.
	pub fn of(first: u8, count: u8) -> Self {
		PrefixesRef { first, len: Len::exactly(count) }
	}

	/// The prefixes, bounded as the call argument is.
	fn prefixes<S: frame_support::traits::Get<u32>>(
		&self,
	) -> Result<frame_support::BoundedVec<pallet_organizations::CompanyPrefix, S>, Oversize> {
		self.len.items(|i| CompanyPrefixRef(self.first.wrapping_add(i as u8)).prefix())
	}
}

/// Units to pack, unpack, ship or hand over.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct UnitsRef {
	/// 0: packs; 1: containers; 2: packs and containers in turn.
	pub kind: u8,
	/// The GTIN of the packs.
	pub gtin: GtinRef,
	/// The first pack's serial number (`S<first>`) or the first container of the SSCC pool;
	/// the others follow.
	pub first: u8,
	/// How many units.
	pub count: Len,
}

/// One step of an input: a call to dispatch, or time to let pass.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Action {
	/// Leaves `amount` units of `WAIT_UNITS` (chosen by `unit`) of empty slots before the
	/// next block, so grants, emergency accesses and lots expire and `on_idle` clears them.
	Wait { amount: u8, unit: u8 },

	// ---- Balances ----------------------------------------------------------------------
	/// `balances.transfer_allow_death`.
	TransferAllowDeath { caller: Caller, dest: Who, amount: Amount },
	/// `balances.transfer_keep_alive`.
	TransferKeepAlive { caller: Caller, dest: Who, amount: Amount },
	/// `balances.transfer_all`.
	TransferAll { caller: Caller, dest: Who, keep_alive: bool },
	/// `balances.force_transfer`.
	ForceTransfer { caller: Caller, source: Who, dest: Who, amount: Amount },
	/// `balances.force_set_balance`.
	ForceSetBalance { caller: Caller, who: Who, amount: Amount },

	// ---- Organizations -----------------------------------------------------------------
	/// `organizations.register`.
	RegisterOrganization {
		caller: Caller,
		admin: Who,
		roles: OrgRoleSet,
		issuer: Issuer,
		credential: Hash,
		metadata: Len,
	},
	/// `organizations.set_roles`.
	SetRoles { caller: Caller, org: Org, roles: OrgRoleSet },
	/// `organizations.suspend`.
	Suspend { caller: Caller, org: Org },
	/// `organizations.reinstate`.
	Reinstate { caller: Caller, org: Org },
	/// `organizations.revoke`.
	RevokeOrganization { caller: Caller, org: Org },
	/// `organizations.add_member`.
	AddMember { caller: Caller, org: Org, who: Who, roles: MemberRoleSet },
	/// `organizations.remove_member`.
	RemoveMember { caller: Caller, org: Org, who: Who },
	/// `organizations.set_member_roles`.
	SetMemberRoles { caller: Caller, org: Org, who: Who, roles: MemberRoleSet },
	/// `organizations.transfer_admin`.
	TransferAdmin { caller: Caller, org: Org, new_admin: Who },
	/// `organizations.set_metadata`.
	SetMetadata { caller: Caller, org: Org, metadata: Len },
	/// `organizations.leave`.
	Leave { caller: Caller },
	/// `organizations.set_company_prefixes`.
	SetCompanyPrefixes { caller: Caller, org: Org, prefixes: PrefixesRef },

	// ---- Consent -----------------------------------------------------------------------
	/// `consent.grant`.
	Grant { caller: Caller, on_behalf_of: Option<Who>, grantee: GranteeRef, terms: TermsRef },
	/// `consent.revoke`.
	RevokeGrant { caller: Caller, grant: Id },
	/// `consent.remove_expired`.
	RemoveExpired { caller: Caller, grant: Id },
	/// `consent.appoint_guardian`.
	AppointGuardian { caller: Caller, guardian: Who },
	/// `consent.remove_guardian`.
	RemoveGuardian { caller: Caller, guardian: Who },
	/// `consent.resign_guardian`.
	ResignGuardian { caller: Caller, patient: Who },
	/// `consent.open_emergency_access`.
	OpenEmergencyAccess { caller: Caller, patient: Who, justification: Hash, duration: Duration },
	/// `consent.close_emergency_access`.
	CloseEmergencyAccess { caller: Caller, id: Id },
	/// `consent.review_emergency_access`.
	ReviewEmergencyAccess { caller: Caller, id: Id, justified: bool, note: Hash },
	/// `consent.log_access`.
	LogAccess { caller: Caller, patient: Who, target: TargetRef, purpose: PurposeRef, append: bool },
	/// `consent.log_served`.
	LogServed { caller: Caller, accessor: Who, record: Id, purpose: PurposeRef, request: Hash },

	// ---- Records -----------------------------------------------------------------------
	/// `records.register`.
	RegisterRecord { caller: Caller, patient: Who, input: RecordInputRef, purpose: PurposeRef },
	/// `records.supersede`, the input tagged as `old`'s custodian would (the only action that
	/// reads the chain to build its call: the patient's key and the label salt of `old`).
	Supersede { caller: Caller, old: Id, input: RecordInputRef, purpose: PurposeRef },
	/// `records.acknowledge`.
	Acknowledge { caller: Caller, record: Id },
	/// `records.dispute`.
	Dispute { caller: Caller, record: Id, reason: Hash },
	/// `records.mark_entered_in_error`.
	MarkEnteredInError { caller: Caller, record: Id },
	/// `records.request_erasure`.
	RequestErasure { caller: Caller, record: Id },
	/// `records.erase`.
	Erase { caller: Caller, record: Id },
	/// `records.attach_key`.
	AttachKey { caller: Caller, record: Id, grantee: Who, key: Len },
	/// `records.detach_key`.
	DetachKey { caller: Caller, record: Id, grantee: Who },

	// ---- Supply chain ------------------------------------------------------------------
	/// `supply_chain.register_product`.
	RegisterProduct { caller: Caller, gtin: GtinRef, metadata: Hash },
	/// `supply_chain.reassign_product`.
	ReassignProduct { caller: Caller, gtin: GtinRef, to: Org, reason: Hash },
	/// `supply_chain.deactivate_product`.
	DeactivateProduct { caller: Caller, gtin: GtinRef, reason: Hash },
	/// `supply_chain.create_lot`.
	CreateLot { caller: Caller, gtin: GtinRef, lot: LotRef, expiry: ExpiryRef, quantity: Quantity },
	/// `supply_chain.commission` of serials `S<first>` onwards.
	Commission { caller: Caller, gtin: GtinRef, lot: LotRef, first: u8, count: Len },
	/// `supply_chain.pack`.
	Pack { caller: Caller, sscc: SsccRef, pallet: bool, units: UnitsRef },
	/// `supply_chain.unpack`: everything (`None`) or the units given.
	Unpack { caller: Caller, sscc: SsccRef, units: Option<UnitsRef> },
	/// `supply_chain.ship`.
	Ship { caller: Caller, units: UnitsRef, to: Org, ti: Hash, transfer_ownership: bool },
	/// `supply_chain.receive`.
	Receive { caller: Caller, shipment: Id },
	/// `supply_chain.reject`.
	Reject { caller: Caller, shipment: Id },
	/// `supply_chain.cancel_shipment`.
	CancelShipment { caller: Caller, shipment: Id },
	/// `supply_chain.remove_shipment`.
	RemoveShipment { caller: Caller, shipment: Id },
	/// `supply_chain.dispense`.
	Dispense { caller: Caller, gtin: GtinRef, serial: SerialRef },
	/// `supply_chain.decommission`; `reason` picks one of the five reasons.
	Decommission { caller: Caller, gtin: GtinRef, serial: SerialRef, reason: u8 },
	/// `supply_chain.undo_decommission`.
	UndoDecommission { caller: Caller, gtin: GtinRef, serial: SerialRef },
	/// `supply_chain.transfer_ownership`.
	TransferOwnership { caller: Caller, units: UnitsRef, to: Org, ti: Hash },
	/// `supply_chain.recall_lot`.
	RecallLot { caller: Caller, gtin: GtinRef, lot: LotRef, reason: Hash },
	/// `supply_chain.mark_suspect`.
	MarkSuspect { caller: Caller, gtin: GtinRef, serial: SerialRef, reason: Hash },
	/// `supply_chain.clear_suspect`.
	ClearSuspect { caller: Caller, gtin: GtinRef, serial: SerialRef, reason: Hash },
	/// `supply_chain.declare_illegitimate`.
	DeclareIllegitimate { caller: Caller, gtin: GtinRef, serial: SerialRef, reason: Hash },

	// ---- Key directory (appended: earlier variants keep their place) -------------------
	/// `key_directory.publish_key` of the key [`Hash`](struct@Hash) stands for: byte 0 is the all-zero
	/// key and bytes from 0x80 set the top bit (both refused), the others are valid keys.
	PublishKey { caller: Caller, key: Hash },
	/// `key_directory.remove_key`.
	RemoveKey { caller: Caller },
	// ---- Appended (the corpus decodes by variant index) ---------------------------------
	/// `records.remove_unentitled_key`.
	RemoveUnentitledKey { caller: Caller, record: Id, grantee: Who },
	/// `supply_chain.destroy_quarantined`; `reason` picks one of the seven reasons.
	DestroyQuarantined { caller: Caller, gtin: GtinRef, serial: SerialRef, reason: u8 },
	/// `supply_chain.retire_lot`.
	RetireLot { caller: Caller, gtin: GtinRef, lot: LotRef },
	// ---- Organizations: acceptance (appended, so older inputs still decode) -------------
	/// `organizations.accept_admin`.
	AcceptAdmin { caller: Caller, org: Org },
	/// `organizations.decline_admin`.
	DeclineAdmin { caller: Caller, org: Org },
	/// `organizations.withdraw_admin_offer`.
	WithdrawAdminOffer { caller: Caller, org: Org },
	/// `organizations.accept_membership`.
	AcceptMembership { caller: Caller, org: Org },
	/// `organizations.decline_membership`.
	DeclineMembership { caller: Caller, org: Org },
	/// `organizations.withdraw_invitation`.
	WithdrawInvitation { caller: Caller, org: Org, who: Who },
	// ---- Consent: deny provisions (appended, like the ones above) ----------------------
	/// `consent.deny`.
	Deny { caller: Caller, on_behalf_of: Option<Who>, actor: GranteeRef, terms: DenyTermsRef },
	/// `consent.revoke_deny`.
	RevokeDeny { caller: Caller, deny: Id },
}

/// What the block author does with an action.
pub enum Prepared {
	/// Dispatches the call with the origin (boxed: a call is large, the other variants small).
	Call(RuntimeOrigin, Box<RuntimeCall>),
	/// Leaves this many more slots empty before the next block.
	Wait(u64),
	/// Nothing: an argument exceeds its bound, so no transaction can carry the call.
	Undecodable,
}

/// The call `call` dispatched by `caller`.
fn by(caller: &Caller, call: RuntimeCall) -> Prepared {
	Prepared::Call(caller.origin(), Box::new(call))
}

/// The actions of bits `bits`: bit 0 read, bit 1 append.
fn action_set(bits: u8) -> pallet_consent::ActionSet {
	healthchain_primitives::role_set(
		&[AccessAction::Read, AccessAction::Append]
			.into_iter()
			.enumerate()
			.filter(|(i, _)| (bits >> i) & 1 == 1)
			.map(|(_, a)| a)
			.collect::<Vec<_>>(),
	)
}

impl ScopeRef {
	/// The scope, with category tags under `key` (the patient's).
	fn scope<S: frame_support::traits::Get<u32>>(
		&self,
		key: &BlindKey,
	) -> Result<Scope<S>, Oversize> {
		let first = self.first;
		Ok(match self.kind % 3 {
			0 => Scope::AllRecords,
			1 => Scope::Categories(
				self.len
					.items(|i| Ok(Code(first.wrapping_add(i as u8)).tag(key, Field::Category)))?,
			),
			_ => Scope::Records(self.len.items(|i| Ok(Id(first.wrapping_add(i as u8)).id()))?),
		})
	}
}

impl TermsRef {
	/// The terms, with tags under `key` (the patient's), at the block's time `now`.
	fn terms(
		&self,
		key: &BlindKey,
		now: Moment,
	) -> Result<pallet_consent::GrantTermsOf<Runtime>, Oversize> {
		let first = self.scope.first;
		let scope = match self.scope.kind % 3 {
			0 => Scope::AllRecords,
			1 => Scope::Categories(
				self.scope
					.len
					.items(|i| Ok(Code(first.wrapping_add(i as u8)).tag(key, Field::Category)))?,
			),
			_ => {
				Scope::Records(self.scope.len.items(|i| Ok(Id(first.wrapping_add(i as u8)).id()))?)
			},
		};
		Ok(pallet_consent::GrantTerms {
			purposes: self.purposes.purposes(),
			actions: healthchain_primitives::role_set(
				&[AccessAction::Read, AccessAction::Append]
					.into_iter()
					.enumerate()
					.filter(|(i, _)| (self.actions >> i) & 1 == 1)
					.map(|(_, a)| a)
					.collect::<Vec<_>>(),
			),
			scope,
			data_period: self.data_period.map(|p| p.tags(key, now)).transpose()?,
			valid_from: self.valid_from.map(|w| w.at(now)),
			valid_until: self.valid_until.map(|w| w.at(now)),
			open_ended: self.open_ended,
			exceptions: self.exceptions.exceptions(key, now)?,
		})
	}
}

impl RecordInputRef {
	/// The content hash.
	fn hash(&self) -> ContentHash {
		if self.hash.0.is_multiple_of(2) {
			ContentHash::Sha256(self.hash.bytes())
		} else {
			ContentHash::Blake2_256(self.hash.bytes())
		}
	}

	/// The record description with tags under `key`, label fillers salted with `salt`, at the
	/// block's time `now`.
	fn input(
		&self,
		key: &BlindKey,
		salt: &[u8],
		now: Moment,
	) -> Result<Box<pallet_records::RecordInputOf<Runtime>>, Oversize> {
		Ok(Box::new(RecordInput {
			category: self.category.tag(key, Field::Category),
			type_code: self.type_code.tag(key, Field::Type),
			labels: self.labels.tags(key, salt),
			dates: blind::date_tags(key, day(self.date.at(now))),
			hash: self.hash(),
			locator: self.locator.bytes(b'l')?,
		}))
	}

	/// A new record of `patient`: tags under the patient's key, fillers salted with its own
	/// hash.
	fn new_record(
		&self,
		patient: &AccountId,
		now: Moment,
	) -> Result<Box<pallet_records::RecordInputOf<Runtime>>, Oversize> {
		self.input(&blind_key(patient), self.hash().digest(), now)
	}

	/// A new version of `old`, as its custodian describes it: tags under the patient's key and
	/// label fillers salted as the chain's first version's were (with its hash), so that an
	/// unchanged set of labels keeps its tags. For a record the chain no longer knows (unknown
	/// or erased), as a new record of `caller`.
	fn new_version(
		&self,
		old: RecordId,
		caller: &Caller,
		now: Moment,
	) -> Result<Box<pallet_records::RecordInputOf<Runtime>>, Oversize> {
		type Registry = pallet_records::Pallet<Runtime>;
		let predecessor =
			<Registry as RecordsInspect<AccountId>>::record_facts(old).and_then(|f| {
				let first = Registry::record(f.chain)?;
				Some((blind_key(&f.patient), *first.hash.digest()))
			});
		match predecessor {
			Some((key, salt)) => self.input(&key, &salt, now),
			None => self.new_record(&caller.who().unwrap_or(Who(0)).account(), now),
		}
	}
}

impl UnitsRef {
	/// The units, bounded as the call argument is.
	fn units<S: frame_support::traits::Get<u32>>(
		&self,
	) -> Result<frame_support::BoundedVec<Unit, S>, Oversize> {
		let gtin = self.gtin.gtin();
		self.count.items(|i| {
			let pack = match self.kind % 3 {
				0 => true,
				1 => false,
				_ => i % 2 == 0,
			};
			let index = usize::from(self.first) + i;
			Ok(if pack {
				Unit::Pack(gtin, bounded(serial_text(index))?)
			} else {
				Unit::Container(SsccRef(index as u8).sscc())
			})
		})
	}
}

impl GranteeRef {
	/// A grant to the account of `key`.
	pub fn account(key: sp_keyring::Sr25519Keyring) -> Self {
		GranteeRef { organization: false, index: Who::of(key).0 }
	}

	/// A grant to organization `org`.
	pub fn organization(org: u8) -> Self {
		GranteeRef { organization: true, index: org }
	}

	/// The grantee.
	fn grantee(&self) -> Grantee<healthchain_runtime::AccountId> {
		if self.organization {
			Grantee::Organization(Org(self.index).id())
		} else {
			Grantee::Account(Who(self.index).account())
		}
	}
}

impl TargetRef {
	/// The access target, with tags under `key` (the patient's), at the block's time `now`.
	fn target(&self, key: &BlindKey, now: Moment) -> AccessTarget {
		let code = Code(self.index);
		match self.kind % 3 {
			0 => AccessTarget::Record(Id(self.index).id()),
			1 => AccessTarget::Category(code.tag(key, Field::Category)),
			_ => AccessTarget::NewRecord(BlindFacts {
				category: code.tag(key, Field::Category),
				labels: LabelSet(self.index).tags(key, &[self.index; 32]),
				dates: blind::date_tags(key, day(now)),
			}),
		}
	}
}

impl Action {
	/// What the block author does with this action in a block at time `now`.
	pub fn prepare(&self, now: Moment) -> Prepared {
		self.resolve(now).unwrap_or(Prepared::Undecodable)
	}

	/// The call (or wait) this action stands for; fails when an argument exceeds its bound.
	fn resolve(&self, now: Moment) -> Result<Prepared, Oversize> {
		use pallet_balances::Call as Balances;
		use pallet_consent::Call as Consent;
		use pallet_key_directory::Call as KeyDirectory;
		use pallet_organizations::Call as Organizations;
		use pallet_records::Call as Records;
		use pallet_supply_chain::Call as SupplyChain;
		use RuntimeCall as C;

		let decommission_reasons = [
			DecommissionReason::Destroyed,
			DecommissionReason::Stolen,
			DecommissionReason::Sample,
			DecommissionReason::Exported,
			DecommissionReason::Locked,
		];
		let destruction_reasons = [
			DestructionReason::Counterfeit,
			DestructionReason::Diverted,
			DestructionReason::Stolen,
			DestructionReason::Adulterated,
			DestructionReason::FraudulentTransaction,
			DestructionReason::UnfitForDistribution,
			DestructionReason::SuspicionNotCleared,
		];
		Ok(match self {
			Action::Wait { amount, unit } => Prepared::Wait(
				u64::from(*amount) * WAIT_UNITS[usize::from(*unit) % WAIT_UNITS.len()],
			),

			Action::TransferAllowDeath { caller, dest, amount } => by(
				caller,
				C::Balances(Balances::transfer_allow_death {
					dest: dest.address(),
					value: amount.value(),
				}),
			),
			Action::TransferKeepAlive { caller, dest, amount } => by(
				caller,
				C::Balances(Balances::transfer_keep_alive {
					dest: dest.address(),
					value: amount.value(),
				}),
			),
			Action::TransferAll { caller, dest, keep_alive } => by(
				caller,
				C::Balances(Balances::transfer_all {
					dest: dest.address(),
					keep_alive: *keep_alive,
				}),
			),
			Action::ForceTransfer { caller, source, dest, amount } => by(
				caller,
				C::Balances(Balances::force_transfer {
					source: source.address(),
					dest: dest.address(),
					value: amount.value(),
				}),
			),
			Action::ForceSetBalance { caller, who, amount } => by(
				caller,
				C::Balances(Balances::force_set_balance {
					who: who.address(),
					new_free: amount.value(),
				}),
			),

			Action::RegisterOrganization { caller, admin, roles, issuer, credential, metadata } => {
				by(
					caller,
					C::Organizations(Organizations::register {
						admin: admin.address(),
						roles: roles.roles(),
						credential: pallet_organizations::Credential {
							hash: credential.bytes(),
							issuer: bounded(issuer.code())?,
						},
						metadata: metadata.bytes(b'm')?,
					}),
				)
			},
			Action::SetRoles { caller, org, roles } => by(
				caller,
				C::Organizations(Organizations::set_roles { org: org.id(), roles: roles.roles() }),
			),
			Action::Suspend { caller, org } => {
				by(caller, C::Organizations(Organizations::suspend { org: org.id() }))
			},
			Action::Reinstate { caller, org } => {
				by(caller, C::Organizations(Organizations::reinstate { org: org.id() }))
			},
			Action::RevokeOrganization { caller, org } => {
				by(caller, C::Organizations(Organizations::revoke { org: org.id() }))
			},
			Action::AddMember { caller, org, who, roles } => by(
				caller,
				C::Organizations(Organizations::add_member {
					org: org.id(),
					who: who.address(),
					roles: roles.roles(),
				}),
			),
			Action::RemoveMember { caller, org, who } => by(
				caller,
				C::Organizations(Organizations::remove_member {
					org: org.id(),
					who: who.address(),
				}),
			),
			Action::SetMemberRoles { caller, org, who, roles } => by(
				caller,
				C::Organizations(Organizations::set_member_roles {
					org: org.id(),
					who: who.address(),
					roles: roles.roles(),
				}),
			),
			Action::TransferAdmin { caller, org, new_admin } => by(
				caller,
				C::Organizations(Organizations::transfer_admin {
					org: org.id(),
					new_admin: new_admin.address(),
				}),
			),
			Action::SetMetadata { caller, org, metadata } => by(
				caller,
				C::Organizations(Organizations::set_metadata {
					org: org.id(),
					metadata: metadata.bytes(b'm')?,
				}),
			),
			Action::Leave { caller } => by(caller, C::Organizations(Organizations::leave {})),
			Action::SetCompanyPrefixes { caller, org, prefixes } => by(
				caller,
				C::Organizations(Organizations::set_company_prefixes {
					org: org.id(),
					prefixes: prefixes.prefixes()?,
				}),
			),

			Action::Grant { caller, on_behalf_of, grantee, terms } => {
				// The grantor tags with the patient's key: their own, or their ward's.
				let patient = on_behalf_of.or(caller.who()).unwrap_or(Who(0));
				by(
					caller,
					C::Consent(Consent::grant {
						on_behalf_of: on_behalf_of.map(Who::account),
						grantee: grantee.grantee(),
						terms: terms.terms(&patient.blind_key(), now)?,
					}),
				)
			},
			Action::RevokeGrant { caller, grant } => {
				by(caller, C::Consent(Consent::revoke { grant_id: grant.id() }))
			},
			Action::RemoveExpired { caller, grant } => {
				by(caller, C::Consent(Consent::remove_expired { grant_id: grant.id() }))
			},
			Action::AppointGuardian { caller, guardian } => {
				by(caller, C::Consent(Consent::appoint_guardian { guardian: guardian.account() }))
			},
			Action::RemoveGuardian { caller, guardian } => {
				by(caller, C::Consent(Consent::remove_guardian { guardian: guardian.account() }))
			},
			Action::ResignGuardian { caller, patient } => {
				by(caller, C::Consent(Consent::resign_guardian { patient: patient.account() }))
			},
			Action::OpenEmergencyAccess { caller, patient, justification, duration } => by(
				caller,
				C::Consent(Consent::open_emergency_access {
					patient: patient.account(),
					justification: justification.bytes(),
					duration_ms: duration.ms(),
				}),
			),
			Action::CloseEmergencyAccess { caller, id } => {
				by(caller, C::Consent(Consent::close_emergency_access { id: id.id() }))
			},
			Action::ReviewEmergencyAccess { caller, id, justified, note } => by(
				caller,
				C::Consent(Consent::review_emergency_access {
					id: id.id(),
					verdict: if *justified {
						ReviewVerdict::Justified
					} else {
						ReviewVerdict::Unjustified
					},
					note_hash: note.bytes(),
				}),
			),
			Action::LogAccess { caller, patient, target, purpose, append } => by(
				caller,
				C::Consent(Consent::log_access {
					patient: patient.account(),
					target: target.target(&patient.blind_key(), now),
					purpose: purpose.purpose(),
					action: if *append { AccessAction::Append } else { AccessAction::Read },
				}),
			),

			Action::LogServed { caller, accessor, record, purpose, request } => by(
				caller,
				C::Consent(Consent::log_served {
					accessor: accessor.account(),
					record: record.id(),
					purpose: purpose.purpose(),
					request: request.bytes(),
				}),
			),

			Action::RegisterRecord { caller, patient, input, purpose } => by(
				caller,
				C::Records(Records::register {
					patient: patient.account(),
					input: input.new_record(&patient.account(), now)?,
					purpose: purpose.purpose(),
				}),
			),
			Action::Supersede { caller, old, input, purpose } => by(
				caller,
				C::Records(Records::supersede {
					old: old.id(),
					input: input.new_version(old.id(), caller, now)?,
					purpose: purpose.purpose(),
				}),
			),
			Action::Acknowledge { caller, record } => {
				by(caller, C::Records(Records::acknowledge { record: record.id() }))
			},
			Action::Dispute { caller, record, reason } => by(
				caller,
				C::Records(Records::dispute {
					record: record.id(),
					reason: ContentHash::Sha256(reason.bytes()),
				}),
			),
			Action::MarkEnteredInError { caller, record } => {
				by(caller, C::Records(Records::mark_entered_in_error { record: record.id() }))
			},
			Action::RequestErasure { caller, record } => {
				by(caller, C::Records(Records::request_erasure { record: record.id() }))
			},
			Action::Erase { caller, record } => {
				by(caller, C::Records(Records::erase { record: record.id() }))
			},
			Action::AttachKey { caller, record, grantee, key } => by(
				caller,
				C::Records(Records::attach_key {
					record: record.id(),
					grantee: grantee.account(),
					wrapped_key: key.bytes(b'k')?,
				}),
			),
			Action::DetachKey { caller, record, grantee } => by(
				caller,
				C::Records(Records::detach_key { record: record.id(), grantee: grantee.account() }),
			),

			Action::RegisterProduct { caller, gtin, metadata } => by(
				caller,
				C::SupplyChain(SupplyChain::register_product {
					gtin: gtin.gtin(),
					metadata: metadata.bytes(),
				}),
			),
			Action::ReassignProduct { caller, gtin, to, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::reassign_product {
					gtin: gtin.gtin(),
					to: to.id(),
					reason: reason.bytes(),
				}),
			),
			Action::DeactivateProduct { caller, gtin, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::deactivate_product {
					gtin: gtin.gtin(),
					reason: reason.bytes(),
				}),
			),
			Action::CreateLot { caller, gtin, lot, expiry, quantity } => by(
				caller,
				C::SupplyChain(SupplyChain::create_lot {
					gtin: gtin.gtin(),
					lot: lot.number()?,
					expiry: expiry.date(now),
					quantity: quantity.quantity(),
				}),
			),
			Action::Commission { caller, gtin, lot, first, count } => by(
				caller,
				C::SupplyChain(SupplyChain::commission {
					gtin: gtin.gtin(),
					lot: lot.number()?,
					serials: count.items(|i| bounded(serial_text(usize::from(*first) + i)))?,
				}),
			),
			Action::Pack { caller, sscc, pallet, units } => by(
				caller,
				C::SupplyChain(SupplyChain::pack {
					sscc: sscc.sscc(),
					kind: if *pallet { ContainerKind::Pallet } else { ContainerKind::Case },
					units: units.units()?,
				}),
			),
			Action::Unpack { caller, sscc, units } => by(
				caller,
				C::SupplyChain(SupplyChain::unpack {
					sscc: sscc.sscc(),
					units: units.as_ref().map(UnitsRef::units).transpose()?,
				}),
			),
			Action::Ship { caller, units, to, ti, transfer_ownership } => by(
				caller,
				C::SupplyChain(SupplyChain::ship {
					units: units.units()?,
					to: to.id(),
					ti_hash: ti.bytes(),
					transfer_ownership: *transfer_ownership,
				}),
			),
			Action::Receive { caller, shipment } => {
				by(caller, C::SupplyChain(SupplyChain::receive { shipment: shipment.id() }))
			},
			Action::Reject { caller, shipment } => {
				by(caller, C::SupplyChain(SupplyChain::reject { shipment: shipment.id() }))
			},
			Action::CancelShipment { caller, shipment } => {
				by(caller, C::SupplyChain(SupplyChain::cancel_shipment { shipment: shipment.id() }))
			},
			Action::RemoveShipment { caller, shipment } => {
				by(caller, C::SupplyChain(SupplyChain::remove_shipment { shipment: shipment.id() }))
			},
			Action::Dispense { caller, gtin, serial } => by(
				caller,
				C::SupplyChain(SupplyChain::dispense {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
				}),
			),
			Action::Decommission { caller, gtin, serial, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::decommission {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
					reason: decommission_reasons[usize::from(*reason) % decommission_reasons.len()],
				}),
			),
			Action::UndoDecommission { caller, gtin, serial } => by(
				caller,
				C::SupplyChain(SupplyChain::undo_decommission {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
				}),
			),
			Action::TransferOwnership { caller, units, to, ti } => by(
				caller,
				C::SupplyChain(SupplyChain::transfer_ownership {
					units: units.units()?,
					to: to.id(),
					ti_hash: ti.bytes(),
				}),
			),
			Action::RecallLot { caller, gtin, lot, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::recall_lot {
					gtin: gtin.gtin(),
					lot: lot.number()?,
					reason: reason.bytes(),
				}),
			),
			Action::MarkSuspect { caller, gtin, serial, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::mark_suspect {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
					reason: reason.bytes(),
				}),
			),
			Action::ClearSuspect { caller, gtin, serial, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::clear_suspect {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
					reason: reason.bytes(),
				}),
			),
			Action::DeclareIllegitimate { caller, gtin, serial, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::declare_illegitimate {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
					reason: reason.bytes(),
				}),
			),

			Action::PublishKey { caller, key } => {
				by(caller, C::KeyDirectory(KeyDirectory::publish_key { key: key.bytes() }))
			},
			Action::RemoveKey { caller } => {
				by(caller, C::KeyDirectory(KeyDirectory::remove_key {}))
			},
			Action::RemoveUnentitledKey { caller, record, grantee } => by(
				caller,
				C::Records(Records::remove_unentitled_key {
					record: record.id(),
					grantee: grantee.account(),
				}),
			),
			Action::DestroyQuarantined { caller, gtin, serial, reason } => by(
				caller,
				C::SupplyChain(SupplyChain::destroy_quarantined {
					gtin: gtin.gtin(),
					serial: serial.serial()?,
					reason: destruction_reasons[usize::from(*reason) % destruction_reasons.len()],
				}),
			),
			Action::RetireLot { caller, gtin, lot } => by(
				caller,
				C::SupplyChain(SupplyChain::retire_lot { gtin: gtin.gtin(), lot: lot.number()? }),
			),
			Action::AcceptAdmin { caller, org } => {
				by(caller, C::Organizations(Organizations::accept_admin { org: org.id() }))
			},
			Action::DeclineAdmin { caller, org } => {
				by(caller, C::Organizations(Organizations::decline_admin { org: org.id() }))
			},
			Action::WithdrawAdminOffer { caller, org } => {
				by(caller, C::Organizations(Organizations::withdraw_admin_offer { org: org.id() }))
			},
			Action::AcceptMembership { caller, org } => {
				by(caller, C::Organizations(Organizations::accept_membership { org: org.id() }))
			},
			Action::DeclineMembership { caller, org } => {
				by(caller, C::Organizations(Organizations::decline_membership { org: org.id() }))
			},
			Action::WithdrawInvitation { caller, org, who } => by(
				caller,
				C::Organizations(Organizations::withdraw_invitation {
					org: org.id(),
					who: who.address(),
				}),
			),
			Action::Deny { caller, on_behalf_of, actor, terms } => {
				// Tagged with the patient's key: the signer's own, or their ward's.
				let patient = on_behalf_of.or(caller.who()).unwrap_or(Who(0));
				by(
					caller,
					C::Consent(Consent::deny {
						on_behalf_of: on_behalf_of.map(Who::account),
						actor: actor.grantee(),
						terms: terms.terms(&patient.blind_key())?,
					}),
				)
			},
			Action::RevokeDeny { caller, deny } => {
				by(caller, C::Consent(Consent::revoke_deny { deny_id: deny.id() }))
			},
		})
	}
}

/// `Action`'s variants in declaration order, found by decoding: for a leading `u32` `x`,
/// `arbitrary` picks variant `x * n >> 32` of `n`, so probes spread over the `u32` range meet
/// every variant in order.
fn variants() -> &'static [Discriminant<Action>] {
	static VARIANTS: OnceLock<Vec<Discriminant<Action>>> = OnceLock::new();
	VARIANTS.get_or_init(|| {
		let mut found = Vec::new();
		// 4,096 probes: more than the variants, so each variant's share of the range holds one.
		for probe in 0..4_096u32 {
			let bytes = (probe << 20).to_le_bytes();
			let action = Action::arbitrary(&mut Unstructured::new(&bytes))
				.expect("arbitrary fills missing fields with zeros");
			let variant = core::mem::discriminant(&action);
			if found.last() != Some(&variant) {
				found.push(variant);
			}
		}
		found
	})
}

impl Put for TermsRef {
	fn put(&self, out: &mut Vec<u8>) {
		let TermsRef {
			purposes,
			actions,
			scope,
			data_period,
			valid_from,
			valid_until,
			open_ended,
			exceptions,
		} = self;
		for field in [
			purposes as &dyn Put,
			actions,
			scope,
			data_period,
			valid_from,
			valid_until,
			open_ended,
			exceptions,
		] {
			field.put(out);
		}
	}
}

impl Put for DenyTermsRef {
	fn put(&self, out: &mut Vec<u8>) {
		let DenyTermsRef { purposes, actions, scope, labels, first_label } = self;
		for field in [purposes as &dyn Put, actions, scope, labels, first_label] {
			field.put(out);
		}
	}
}

impl Put for ScopeRef {
	fn put(&self, out: &mut Vec<u8>) {
		let ScopeRef { kind, len, first } = self;
		for field in [kind as &dyn Put, len, first] {
			field.put(out);
		}
	}
}

impl Put for GranteeRef {
	fn put(&self, out: &mut Vec<u8>) {
		self.organization.put(out);
		self.index.put(out);
	}
}

impl Put for ExceptionsRef {
	fn put(&self, out: &mut Vec<u8>) {
		let ExceptionsRef { kind, len, first } = self;
		for field in [kind as &dyn Put, len, first] {
			field.put(out);
		}
	}
}

impl Put for TargetRef {
	fn put(&self, out: &mut Vec<u8>) {
		self.kind.put(out);
		self.index.put(out);
	}
}

impl Put for RecordInputRef {
	fn put(&self, out: &mut Vec<u8>) {
		let RecordInputRef { category, type_code, labels, date, hash, locator } = self;
		for field in [category as &dyn Put, type_code, labels, date, hash, locator] {
			field.put(out);
		}
	}
}

impl Put for PrefixesRef {
	fn put(&self, out: &mut Vec<u8>) {
		self.first.put(out);
		self.len.put(out);
	}
}

impl Put for UnitsRef {
	fn put(&self, out: &mut Vec<u8>) {
		let UnitsRef { kind, gtin, first, count } = self;
		for field in [kind as &dyn Put, gtin, first, count] {
			field.put(out);
		}
	}
}

impl Put for Action {
	fn put(&self, out: &mut Vec<u8>) {
		let variant = core::mem::discriminant(self);
		let all = variants();
		let index =
			all.iter().position(|v| *v == variant).expect("every variant is met by the probes")
				as u64;
		let count = all.len() as u64;
		// The smallest `x` with `x * count >> 32 == index`.
		let x = (index << 32).div_ceil(count);
		(x as u32).put(out);

		let fields: Vec<&dyn Put> = match self {
			Action::Wait { amount, unit } => vec![amount, unit],
			Action::TransferAllowDeath { caller, dest, amount } => vec![caller, dest, amount],
			Action::TransferKeepAlive { caller, dest, amount } => vec![caller, dest, amount],
			Action::TransferAll { caller, dest, keep_alive } => vec![caller, dest, keep_alive],
			Action::ForceTransfer { caller, source, dest, amount } => {
				vec![caller, source, dest, amount]
			},
			Action::ForceSetBalance { caller, who, amount } => vec![caller, who, amount],
			Action::RegisterOrganization { caller, admin, roles, issuer, credential, metadata } => {
				vec![caller, admin, roles, issuer, credential, metadata]
			},
			Action::SetRoles { caller, org, roles } => vec![caller, org, roles],
			Action::Suspend { caller, org } => vec![caller, org],
			Action::Reinstate { caller, org } => vec![caller, org],
			Action::RevokeOrganization { caller, org } => vec![caller, org],
			Action::AddMember { caller, org, who, roles } => vec![caller, org, who, roles],
			Action::RemoveMember { caller, org, who } => vec![caller, org, who],
			Action::SetMemberRoles { caller, org, who, roles } => vec![caller, org, who, roles],
			Action::TransferAdmin { caller, org, new_admin } => vec![caller, org, new_admin],
			Action::SetMetadata { caller, org, metadata } => vec![caller, org, metadata],
			Action::Leave { caller } => vec![caller],
			Action::SetCompanyPrefixes { caller, org, prefixes } => vec![caller, org, prefixes],
			Action::Grant { caller, on_behalf_of, grantee, terms } => {
				vec![caller, on_behalf_of, grantee, terms]
			},
			Action::RevokeGrant { caller, grant } => vec![caller, grant],
			Action::RemoveExpired { caller, grant } => vec![caller, grant],
			Action::AppointGuardian { caller, guardian } => vec![caller, guardian],
			Action::RemoveGuardian { caller, guardian } => vec![caller, guardian],
			Action::ResignGuardian { caller, patient } => vec![caller, patient],
			Action::OpenEmergencyAccess { caller, patient, justification, duration } => {
				vec![caller, patient, justification, duration]
			},
			Action::CloseEmergencyAccess { caller, id } => vec![caller, id],
			Action::ReviewEmergencyAccess { caller, id, justified, note } => {
				vec![caller, id, justified, note]
			},
			Action::LogAccess { caller, patient, target, purpose, append } => {
				vec![caller, patient, target, purpose, append]
			},
			Action::LogServed { caller, accessor, record, purpose, request } => {
				vec![caller, accessor, record, purpose, request]
			},
			Action::RegisterRecord { caller, patient, input, purpose } => {
				vec![caller, patient, input, purpose]
			},
			Action::Supersede { caller, old, input, purpose } => vec![caller, old, input, purpose],
			Action::Acknowledge { caller, record } => vec![caller, record],
			Action::Dispute { caller, record, reason } => vec![caller, record, reason],
			Action::MarkEnteredInError { caller, record } => vec![caller, record],
			Action::RequestErasure { caller, record } => vec![caller, record],
			Action::Erase { caller, record } => vec![caller, record],
			Action::AttachKey { caller, record, grantee, key } => {
				vec![caller, record, grantee, key]
			},
			Action::DetachKey { caller, record, grantee } => vec![caller, record, grantee],
			Action::RegisterProduct { caller, gtin, metadata } => vec![caller, gtin, metadata],
			Action::ReassignProduct { caller, gtin, to, reason } => vec![caller, gtin, to, reason],
			Action::DeactivateProduct { caller, gtin, reason } => vec![caller, gtin, reason],
			Action::CreateLot { caller, gtin, lot, expiry, quantity } => {
				vec![caller, gtin, lot, expiry, quantity]
			},
			Action::Commission { caller, gtin, lot, first, count } => {
				vec![caller, gtin, lot, first, count]
			},
			Action::Pack { caller, sscc, pallet, units } => vec![caller, sscc, pallet, units],
			Action::Unpack { caller, sscc, units } => vec![caller, sscc, units],
			Action::Ship { caller, units, to, ti, transfer_ownership } => {
				vec![caller, units, to, ti, transfer_ownership]
			},
			Action::Receive { caller, shipment } => vec![caller, shipment],
			Action::Reject { caller, shipment } => vec![caller, shipment],
			Action::CancelShipment { caller, shipment } => vec![caller, shipment],
			Action::RemoveShipment { caller, shipment } => vec![caller, shipment],
			Action::Dispense { caller, gtin, serial } => vec![caller, gtin, serial],
			Action::Decommission { caller, gtin, serial, reason } => {
				vec![caller, gtin, serial, reason]
			},
			Action::UndoDecommission { caller, gtin, serial } => vec![caller, gtin, serial],
			Action::TransferOwnership { caller, units, to, ti } => vec![caller, units, to, ti],
			Action::RecallLot { caller, gtin, lot, reason } => vec![caller, gtin, lot, reason],
			Action::MarkSuspect { caller, gtin, serial, reason } => {
				vec![caller, gtin, serial, reason]
			},
			Action::ClearSuspect { caller, gtin, serial, reason } => {
				vec![caller, gtin, serial, reason]
			},
			Action::DeclareIllegitimate { caller, gtin, serial, reason } => {
				vec![caller, gtin, serial, reason]
			},
			Action::PublishKey { caller, key } => vec![caller, key],
			Action::RemoveKey { caller } => vec![caller],
			Action::RemoveUnentitledKey { caller, record, grantee } => {
				vec![caller, record, grantee]
			},
			Action::DestroyQuarantined { caller, gtin, serial, reason } => {
				vec![caller, gtin, serial, reason]
			},
			Action::RetireLot { caller, gtin, lot } => vec![caller, gtin, lot],
			Action::AcceptAdmin { caller, org } => vec![caller, org],
			Action::DeclineAdmin { caller, org } => vec![caller, org],
			Action::WithdrawAdminOffer { caller, org } => vec![caller, org],
			Action::AcceptMembership { caller, org } => vec![caller, org],
			Action::DeclineMembership { caller, org } => vec![caller, org],
			Action::WithdrawInvitation { caller, org, who } => vec![caller, org, who],
			Action::Deny { caller, on_behalf_of, actor, terms } => {
				vec![caller, on_behalf_of, actor, terms]
			},
			Action::RevokeDeny { caller, deny } => vec![caller, deny],
		};
		for field in fields {
			field.put(out);
		}
	}
}
