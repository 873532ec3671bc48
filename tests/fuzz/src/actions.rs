//! What an input asks the chain to do: [`Action`], one variant per call the fuzzer makes (every
//! call of the seven healthcare pallets and the balance transfers) plus [`Action::Wait`] and
//! [`Action::Blocks`], with arguments named through the pools of [`crate::pools`]; and how an
//! action becomes the [`RuntimeCall`] a transaction would carry.

use crate::{
	input::Put,
	pools::{
		blind_key, bounded, day, label_index, label_tag, serial_text, Amount, Caller, Code,
		CompanyPrefixRef, Duration, ExpiryRef, GtinRef, Hash, Id, Issuer, LabelSet, Len, LotRef,
		MemberRoleSet, Org, OrgRoleSet, Oversize, PeriodRef, PurposeRef, PurposeSet, Quantity,
		SerialRef, Span, SsccRef, When, Who,
	},
};
use arbitrary::{Arbitrary, Unstructured};
use codec::{Decode, Encode};
use core::mem::Discriminant;
use healthchain_primitives::{
	blind::{self, BlindKey, Field},
	AccessTarget, Action as AccessAction, BlindFacts, ContentHash, Moment, RecordId,
	RecordsInspect,
};
use healthchain_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeOrigin};
use pallet_consent::{Exception, Grantee, ReviewVerdict, Scope};
use pallet_records::RecordInput;
use pallet_supply_chain::{ContainerKind, DecommissionReason, DestructionReason, Unit};
use std::sync::OnceLock;

/// Slots a [`Action::Wait`] unit stands for: a slot, a minute, an hour and a day.
const WAIT_UNITS: [u64; 4] = [1, 10, 600, 14_400];

/// Empty blocks one [`Action::Blocks`] may ask for: three of the shortest dispute windows.
const MOST_BLOCKS: u8 = 31;

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

/// A run of pool items: `len` of them, the `i`-th naming the item `first + i * step` (wrapping
/// around) of its pool, so that a step of 0 names the first item again and again.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunRef {
	/// The first item.
	pub first: u8,
	/// How far apart the items are.
	pub step: u8,
	/// How many items.
	pub len: Len,
}

impl RunRef {
	/// The items `first`, `first + 1`... of the pool, `count` of them.
	pub fn of(first: u8, count: u8) -> Self {
		RunRef { first, step: 1, len: Len::exactly(count) }
	}

	/// The items made by `item` from their pool byte, bounded as the call argument is.
	fn items<T: Encode + Decode, S: frame_support::traits::Get<u32>>(
		&self,
		item: impl Fn(u8) -> T,
	) -> Result<frame_support::BoundedVec<T, S>, Oversize> {
		let (first, step) = (self.first, self.step);
		self.len.items(|i| Ok(item(first.wrapping_add((i as u8).wrapping_mul(step)))))
	}

	/// Outcome (or any document) hashes: [`Hash`](struct@Hash)es of the run.
	fn hashes<S: frame_support::traits::Get<u32>>(
		&self,
	) -> Result<frame_support::BoundedVec<[u8; 32], S>, Oversize> {
		self.items(|byte| Hash(byte).bytes())
	}

	/// Commitments (the [`Hash`](struct@Hash)es of the run), each priced at `price`.
	fn priced<S: frame_support::traits::Get<u32>>(
		&self,
		price: Amount,
	) -> Result<PriceList<S>, Oversize> {
		self.items(|byte| (Hash(byte).bytes(), price.value()))
	}
}

/// Commitments with their prices, as a program lists its services and its tasks.
type PriceList<S> = frame_support::BoundedVec<(pallet_claims::Commitment, Balance), S>;

/// A claims program's terms.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramTermsRef {
	/// The service commitments covered.
	pub services: RunRef,
	/// The most a claim may ask for each service.
	pub price: Amount,
	/// The most the program pays for one patient.
	pub patient_limit: Amount,
	/// The dispute window.
	pub dispute_window: Span,
	/// The task commitments rewarded.
	pub tasks: RunRef,
	/// The reward of each task.
	pub reward: Amount,
	/// The most rewards paid to one patient in one reward period.
	pub reward_cap: Amount,
	/// The reward period.
	pub reward_period: Span,
}

impl ProgramTermsRef {
	/// The terms, bounded as the call argument is.
	fn terms(&self) -> Result<pallet_claims::ProgramTermsOf<Runtime>, Oversize> {
		Ok(pallet_claims::ProgramTerms {
			services: self.services.priced(self.price)?,
			patient_limit: self.patient_limit.value(),
			dispute_window: self.dispute_window.blocks(),
			tasks: self.tasks.priced(self.reward)?,
			reward_cap: self.reward_cap.value(),
			reward_period: self.reward_period.blocks(),
		})
	}
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
	// ---- Claims (appended, like the ones above) -----------------------------------------
	/// `claims.open_program`.
	OpenProgram { caller: Caller, terms: ProgramTermsRef, escrow: Amount },
	/// `claims.fund_program`.
	FundProgram { caller: Caller, program: Id, amount: Amount },
	/// `claims.close_program`.
	CloseProgram { caller: Caller, program: Id },
	/// `claims.submit_claim`, the category tagged under the patient's key.
	SubmitClaim {
		caller: Caller,
		program: Id,
		patient: Who,
		service: Hash,
		amount: Amount,
		category: Code,
		document: Hash,
	},
	/// `claims.confirm_claim`.
	ConfirmClaim { caller: Caller, claim: Id },
	/// `claims.dispute_claim`.
	DisputeClaim { caller: Caller, claim: Id, reason: Hash },
	/// `claims.adjudicate`.
	Adjudicate { caller: Caller, claim: Id, approve: bool },
	/// `claims.settle_claim`.
	SettleClaim { caller: Caller, claim: Id },
	/// `claims.attest_task`, the category tagged under the patient's key.
	AttestTask {
		caller: Caller,
		program: Id,
		patient: Who,
		task: Hash,
		category: Code,
		attestation: Hash,
	},
	// ---- Trials (appended) ----------------------------------------------------------------
	/// `trials.register_trial`: outcomes are [`Hash`](struct@Hash)es, sites [`Org`]s of their
	/// runs.
	RegisterTrial {
		caller: Caller,
		protocol: Hash,
		primary: RunRef,
		secondary: RunRef,
		sites: RunRef,
		planned: Quantity,
	},
	/// `trials.amend`.
	Amend {
		caller: Caller,
		trial: Id,
		protocol: Hash,
		primary: RunRef,
		secondary: RunRef,
		reason: Hash,
		changes_outcomes: bool,
	},
	/// `trials.add_site`.
	AddSite { caller: Caller, trial: Id, site: Org },
	/// `trials.enrol`, the category tagged under the participant's key.
	Enrol {
		caller: Caller,
		trial: Id,
		site: Org,
		participant: Who,
		category: Code,
		commitment: Hash,
	},
	/// `trials.withdraw`.
	Withdraw { caller: Caller, trial: Id, commitment: Hash },
	/// `trials.lock_data`.
	LockData { caller: Caller, trial: Id, dataset: Hash },
	/// `trials.register_results`.
	RegisterResults { caller: Caller, trial: Id, results: Hash, primary: RunRef, secondary: RunRef },
	// ---- Block production (appended) ------------------------------------------------------
	/// Produces `count` (at most `MOST_BLOCKS`, wrapping around) empty blocks after this
	/// block, so that claims fall due and `on_idle` pays them, and reward periods end: unlike
	/// [`Action::Wait`], which lets time pass, this advances the block number.
	Blocks { count: u8 },
}

/// What the block author does with an action.
pub enum Prepared {
	/// Dispatches the call with the origin (boxed: a call is large, the other variants small).
	Call(RuntimeOrigin, Box<RuntimeCall>),
	/// Leaves this many more slots empty before the next block.
	Wait(u64),
	/// Produces this many more empty blocks after this one.
	Blocks(u32),
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
		use pallet_claims::Call as Claims;
		use pallet_consent::Call as Consent;
		use pallet_key_directory::Call as KeyDirectory;
		use pallet_organizations::Call as Organizations;
		use pallet_records::Call as Records;
		use pallet_supply_chain::Call as SupplyChain;
		use pallet_trials::Call as Trials;
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

			Action::OpenProgram { caller, terms, escrow } => by(
				caller,
				C::Claims(Claims::open_program { terms: terms.terms()?, escrow: escrow.value() }),
			),
			Action::FundProgram { caller, program, amount } => by(
				caller,
				C::Claims(Claims::fund_program { program: program.id32(), amount: amount.value() }),
			),
			Action::CloseProgram { caller, program } => {
				by(caller, C::Claims(Claims::close_program { program: program.id32() }))
			},
			Action::SubmitClaim {
				caller,
				program,
				patient,
				service,
				amount,
				category,
				document,
			} => by(
				caller,
				C::Claims(Claims::submit_claim {
					program: program.id32(),
					patient: patient.account(),
					service: service.bytes(),
					amount: amount.value(),
					category: category.tag(&patient.blind_key(), Field::Category),
					document: document.bytes(),
				}),
			),
			Action::ConfirmClaim { caller, claim } => {
				by(caller, C::Claims(Claims::confirm_claim { claim: claim.id() }))
			},
			Action::DisputeClaim { caller, claim, reason } => by(
				caller,
				C::Claims(Claims::dispute_claim { claim: claim.id(), reason: reason.bytes() }),
			),
			Action::Adjudicate { caller, claim, approve } => {
				by(caller, C::Claims(Claims::adjudicate { claim: claim.id(), approve: *approve }))
			},
			Action::SettleClaim { caller, claim } => {
				by(caller, C::Claims(Claims::settle_claim { claim: claim.id() }))
			},
			Action::AttestTask { caller, program, patient, task, category, attestation } => by(
				caller,
				C::Claims(Claims::attest_task {
					program: program.id32(),
					patient: patient.account(),
					task: task.bytes(),
					category: category.tag(&patient.blind_key(), Field::Category),
					attestation: attestation.bytes(),
				}),
			),

			Action::RegisterTrial { caller, protocol, primary, secondary, sites, planned } => by(
				caller,
				C::Trials(Trials::register_trial {
					protocol: protocol.bytes(),
					primary_outcomes: primary.hashes()?,
					secondary_outcomes: secondary.hashes()?,
					sites: sites.items(|byte| Org(byte).id())?,
					planned_enrolment: planned.quantity(),
				}),
			),
			Action::Amend {
				caller,
				trial,
				protocol,
				primary,
				secondary,
				reason,
				changes_outcomes,
			} => by(
				caller,
				C::Trials(Trials::amend {
					trial: trial.id32(),
					protocol: protocol.bytes(),
					primary_outcomes: primary.hashes()?,
					secondary_outcomes: secondary.hashes()?,
					reason: reason.bytes(),
					changes_outcomes: *changes_outcomes,
				}),
			),
			Action::AddSite { caller, trial, site } => {
				by(caller, C::Trials(Trials::add_site { trial: trial.id32(), site: site.id() }))
			},
			Action::Enrol { caller, trial, site, participant, category, commitment } => by(
				caller,
				C::Trials(Trials::enrol {
					trial: trial.id32(),
					site: site.id(),
					participant: participant.account(),
					category: category.tag(&participant.blind_key(), Field::Category),
					commitment: commitment.bytes(),
				}),
			),
			Action::Withdraw { caller, trial, commitment } => by(
				caller,
				C::Trials(Trials::withdraw { trial: trial.id32(), commitment: commitment.bytes() }),
			),
			Action::LockData { caller, trial, dataset } => by(
				caller,
				C::Trials(Trials::lock_data { trial: trial.id32(), dataset_root: dataset.bytes() }),
			),
			Action::RegisterResults { caller, trial, results, primary, secondary } => by(
				caller,
				C::Trials(Trials::register_results {
					trial: trial.id32(),
					results: results.bytes(),
					reported_primary: primary.hashes()?,
					reported_secondary: secondary.hashes()?,
				}),
			),

			Action::Blocks { count } => Prepared::Blocks(u32::from(*count % (MOST_BLOCKS + 1))),
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

impl Put for RunRef {
	fn put(&self, out: &mut Vec<u8>) {
		let RunRef { first, step, len } = self;
		for field in [first as &dyn Put, step, len] {
			field.put(out);
		}
	}
}

impl Put for ProgramTermsRef {
	fn put(&self, out: &mut Vec<u8>) {
		let ProgramTermsRef {
			services,
			price,
			patient_limit,
			dispute_window,
			tasks,
			reward,
			reward_cap,
			reward_period,
		} = self;
		for field in [
			services as &dyn Put,
			price,
			patient_limit,
			dispute_window,
			tasks,
			reward,
			reward_cap,
			reward_period,
		] {
			field.put(out);
		}
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
			Action::OpenProgram { caller, terms, escrow } => vec![caller, terms, escrow],
			Action::FundProgram { caller, program, amount } => vec![caller, program, amount],
			Action::CloseProgram { caller, program } => vec![caller, program],
			Action::SubmitClaim {
				caller,
				program,
				patient,
				service,
				amount,
				category,
				document,
			} => {
				vec![caller, program, patient, service, amount, category, document]
			},
			Action::ConfirmClaim { caller, claim } => vec![caller, claim],
			Action::DisputeClaim { caller, claim, reason } => vec![caller, claim, reason],
			Action::Adjudicate { caller, claim, approve } => vec![caller, claim, approve],
			Action::SettleClaim { caller, claim } => vec![caller, claim],
			Action::AttestTask { caller, program, patient, task, category, attestation } => {
				vec![caller, program, patient, task, category, attestation]
			},
			Action::RegisterTrial { caller, protocol, primary, secondary, sites, planned } => {
				vec![caller, protocol, primary, secondary, sites, planned]
			},
			Action::Amend {
				caller,
				trial,
				protocol,
				primary,
				secondary,
				reason,
				changes_outcomes,
			} => vec![caller, trial, protocol, primary, secondary, reason, changes_outcomes],
			Action::AddSite { caller, trial, site } => vec![caller, trial, site],
			Action::Enrol { caller, trial, site, participant, category, commitment } => {
				vec![caller, trial, site, participant, category, commitment]
			},
			Action::Withdraw { caller, trial, commitment } => vec![caller, trial, commitment],
			Action::LockData { caller, trial, dataset } => vec![caller, trial, dataset],
			Action::RegisterResults { caller, trial, results, primary, secondary } => {
				vec![caller, trial, results, primary, secondary]
			},
			Action::Blocks { count } => vec![count],
		};
		for field in fields {
			field.put(out);
		}
	}
}
