//! Types stored, taken and returned by the consent pallet.

use crate::{BalanceOf, Config};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	BoundedBTreeSet, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use healthchain_primitives::{
	Action, DenyId, EmergencyId, GrantId, Moment, OrgId, PeriodTags, Purpose, RecordId, Tag,
	ACTION_COUNT, PURPOSE_COUNT,
};
use scale_info::TypeInfo;
use sp_runtime::traits::UniqueSaturatedInto;

/// The most items a paged query returns, whatever `limit` asks for.
pub const MAX_PAGE: u32 = 100;

/// The purposes a grant allows. A set, so each purpose appears once.
pub type PurposeSet = BoundedBTreeSet<Purpose, ConstU32<PURPOSE_COUNT>>;
/// The actions a grant allows.
pub type ActionSet = BoundedBTreeSet<Action, ConstU32<ACTION_COUNT>>;

/// Who receives a grant.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Grantee<AccountId> {
	/// One account (a practitioner, a family member, a research participant's app...).
	Account(AccountId),
	/// An organization: its members holding a member role that fits the purpose use the grant,
	/// while the organization is active and holds an organization role that fits the purpose.
	Organization(OrgId),
}

/// When a grant may be used: from `from` (included) until `until` (excluded). At `until` the
/// grant has expired.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Validity {
	/// First instant the grant may be used.
	pub from: Moment,
	/// The instant the grant expires, or `None` for an open-ended grant.
	pub until: Option<Moment>,
}

impl Validity {
	/// Whether the grant may be used at `now`.
	pub fn is_valid_at(&self, now: Moment) -> bool {
		self.from <= now && !self.has_expired_at(now)
	}

	/// Whether the grant has expired at `now`.
	pub fn has_expired_at(&self, now: Moment) -> bool {
		self.until.is_some_and(|until| now >= until)
	}
}

/// Which records a grant covers.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(S))]
pub enum Scope<S: Get<u32>> {
	/// Every record of the patient, present and future.
	AllRecords,
	/// Records whose category tag is one of these (tags of e.g. LOINC document codes under the
	/// patient's blind key).
	Categories(BoundedVec<Tag, S>),
	/// Every version of these records. The ids are chain ids (a record's first version): the
	/// `grant` call accepts the id of any version and stores its chain.
	Records(BoundedVec<RecordId, S>),
}

impl<S: Get<u32>> Scope<S> {
	/// Number of listed categories or records (0 for [`Scope::AllRecords`]).
	pub fn len(&self) -> u32 {
		match self {
			Scope::AllRecords => 0,
			Scope::Categories(c) => c.len() as u32,
			Scope::Records(r) => r.len() as u32,
		}
	}

	/// Whether a list scope is empty (an [`Scope::AllRecords`] scope is never empty).
	pub fn is_empty(&self) -> bool {
		!matches!(self, Scope::AllRecords) && self.len() == 0
	}

	fn to_view(&self) -> ScopeView {
		match self {
			Scope::AllRecords => ScopeView::AllRecords,
			Scope::Categories(c) => ScopeView::Categories(c.to_vec()),
			Scope::Records(r) => ScopeView::Records(r.to_vec()),
		}
	}
}

/// A deny rule inside a grant ("all my records except ...").
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum Exception {
	/// Records whose category tag is this one are excluded.
	Category(Tag),
	/// Records carrying this security-label tag (e.g. the tag of `PSY`) are excluded.
	Label(Tag),
	/// Every version of this record is excluded. A chain id once stored: the `grant` call
	/// accepts the id of any version and stores its chain.
	Record(RecordId),
	/// Records whose clinical date lies in this period (the tags of its cover, not empty) are
	/// excluded.
	DataPeriod(PeriodTags),
}

/// The terms of a new grant, as the `grant` call takes them.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(S, E))]
pub struct GrantTerms<S: Get<u32>, E: Get<u32>> {
	/// Allowed purposes (at least one).
	pub purposes: PurposeSet,
	/// Allowed actions (at least one).
	pub actions: ActionSet,
	/// Covered records; a list scope must not be empty.
	pub scope: Scope<S>,
	/// Only records whose clinical date lies in this period (the tags of its cover, see
	/// `healthchain_primitives::blind::period_tags`), if set; not empty.
	pub data_period: Option<PeriodTags>,
	/// When the grant starts; `None` means now.
	pub valid_from: Option<Moment>,
	/// When the grant expires (excluded). Must be in the future and after `valid_from`.
	pub valid_until: Option<Moment>,
	/// Must be `true` exactly when `valid_until` is `None`: a grant without end is made only
	/// when the patient says so explicitly.
	pub open_ended: bool,
	/// Deny rules inside the grant.
	pub exceptions: BoundedVec<Exception, E>,
}

impl<S: Get<u32>, E: Get<u32>> GrantTerms<S, E> {
	/// Number of record ids the terms name (in a [`Scope::Records`] scope and in
	/// [`Exception::Record`]s): the `grant` call reads each of these records.
	pub fn listed_records(&self) -> u32 {
		let in_scope = match &self.scope {
			Scope::Records(ids) => ids.len(),
			_ => 0,
		};
		let excepted = self.exceptions.iter().filter(|e| matches!(e, Exception::Record(_))).count();
		in_scope.saturating_add(excepted) as u32
	}
}

/// [`GrantTerms`] with the runtime's bounds.
pub type GrantTermsOf<T> = GrantTerms<<T as Config>::MaxScopeItems, <T as Config>::MaxExceptions>;

/// A consent grant (FHIR `Consent` with one permit provision and its deny exceptions).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Grant<T: Config> {
	/// Whose records the grant is about (FHIR `Consent.subject`).
	pub patient: T::AccountId,
	/// Who made the grant: the patient or one of their guardians. Pays and gets back the
	/// deposit.
	pub grantor: T::AccountId,
	/// Who may use the grant.
	pub grantee: Grantee<T::AccountId>,
	/// For which purposes.
	pub purposes: PurposeSet,
	/// Which actions.
	pub actions: ActionSet,
	/// Which records.
	pub scope: Scope<T::MaxScopeItems>,
	/// Only records whose clinical date lies in this period (tags of its cover), if set.
	pub data_period: Option<PeriodTags>,
	/// When the grant may be used.
	pub validity: Validity,
	/// Deny rules that carve records out of the scope.
	pub exceptions: BoundedVec<Exception, T::MaxExceptions>,
	/// When the grant was made.
	pub created_at: Moment,
	/// The deposit held from the grantor (zero for grants made at genesis).
	pub deposit: BalanceOf<T>,
}

impl<T: Config> Grant<T> {
	/// The grant as the queries return it.
	pub fn to_view(&self) -> GrantView<T::AccountId> {
		GrantView {
			patient: self.patient.clone(),
			grantor: self.grantor.clone(),
			grantee: self.grantee.clone(),
			purposes: self.purposes.iter().copied().collect(),
			actions: self.actions.iter().copied().collect(),
			scope: self.scope.to_view(),
			data_period: self.data_period.as_ref().map(|p| p.to_vec()),
			validity: self.validity,
			exceptions: self.exceptions.to_vec(),
			created_at: self.created_at,
			deposit: self.deposit.unique_saturated_into(),
		}
	}
}

/// [`Scope`] as the queries return it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum ScopeView {
	/// Every record of the patient.
	AllRecords,
	/// Records whose category tag is one of these; a wallet holding the patient's blind key
	/// matches them against the codes it knows.
	Categories(Vec<Tag>),
	/// These records only.
	Records(Vec<RecordId>),
}

/// A [`Grant`] as the queries and the runtime API return it: the same fields, lists unbounded
/// and the deposit widened to `u128` so the type does not depend on the runtime's
/// configuration. With `Balance = u128` it encodes exactly as the stored grant.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct GrantView<AccountId> {
	/// Whose records the grant is about.
	pub patient: AccountId,
	/// Who made the grant.
	pub grantor: AccountId,
	/// Who may use the grant.
	pub grantee: Grantee<AccountId>,
	/// For which purposes.
	pub purposes: Vec<Purpose>,
	/// Which actions.
	pub actions: Vec<Action>,
	/// Which records.
	pub scope: ScopeView,
	/// Only records dated in this period (the tags of its cover), if set.
	pub data_period: Option<Vec<Tag>>,
	/// When the grant may be used.
	pub validity: Validity,
	/// Deny rules.
	pub exceptions: Vec<Exception>,
	/// When the grant was made.
	pub created_at: Moment,
	/// The deposit held from the grantor.
	pub deposit: u128,
}

/// A guardian of a patient (parent of a minor, custodian of an incapacitated patient).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Guardianship<AccountId, Balance> {
	/// The guardian's account.
	pub guardian: AccountId,
	/// The deposit held from the patient for this entry.
	pub deposit: Balance,
	/// When the guardian was appointed.
	pub since: Moment,
}

/// The outcome of an emergency access review.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum ReviewVerdict {
	/// The emergency justified overriding consent.
	Justified,
	/// It did not: a matter for the organization and the regulator.
	Unjustified,
}

/// The side a reviewer of an emergency access speaks for. Each side reviews an access once,
/// whatever the other did: neither can silence the other.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum ReviewerClass {
	/// The patient, or one of the patient's guardians: whose records were read.
	Patient,
	/// A member holding the `Auditor` role in an active `Regulator` organization.
	Oversight,
}

/// A review of an emergency access.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct EmergencyReview<AccountId> {
	/// Who reviewed: the patient or a guardian ([`ReviewerClass::Patient`]), or a regulator's
	/// auditor ([`ReviewerClass::Oversight`]).
	pub reviewer: AccountId,
	/// The verdict.
	pub verdict: ReviewVerdict,
	/// Hash of the review note kept off chain.
	pub note: [u8; 32],
	/// When the review was recorded.
	pub reviewed_at: Moment,
}

/// A break-the-glass access (FHIR `AuditEvent` "Emergency Override Started/Stopped").
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct EmergencyAccess<AccountId> {
	/// Whose records.
	pub patient: AccountId,
	/// The emergency clinician who opened it.
	pub clinician: AccountId,
	/// The clinician's organization when it was opened.
	pub org: OrgId,
	/// Hash of the written justification kept off chain.
	pub justification: [u8; 32],
	/// When it was opened.
	pub opened_at: Moment,
	/// When it ends by itself (excluded).
	pub expires_at: Moment,
	/// When the clinician closed it, if they did before it expired.
	pub closed_at: Option<Moment>,
	/// The patient side's review (the patient or a guardian), once recorded.
	pub patient_review: Option<EmergencyReview<AccountId>>,
	/// The oversight side's review (a regulator's auditor), once recorded.
	pub oversight_review: Option<EmergencyReview<AccountId>>,
}

impl<AccountId> EmergencyAccess<AccountId> {
	/// Whether the access is usable at `now`: neither closed nor expired.
	pub fn is_open_at(&self, now: Moment) -> bool {
		self.closed_at.is_none() && now < self.expires_at
	}

	/// The review of `class`, if recorded.
	pub fn review(&self, class: ReviewerClass) -> &Option<EmergencyReview<AccountId>> {
		match class {
			ReviewerClass::Patient => &self.patient_review,
			ReviewerClass::Oversight => &self.oversight_review,
		}
	}

	/// The place of the review of `class`.
	pub fn review_mut(&mut self, class: ReviewerClass) -> &mut Option<EmergencyReview<AccountId>> {
		match class {
			ReviewerClass::Patient => &mut self.patient_review,
			ReviewerClass::Oversight => &mut self.oversight_review,
		}
	}

	/// Whether either side has reviewed it.
	pub fn is_reviewed(&self) -> bool {
		self.patient_review.is_some() || self.oversight_review.is_some()
	}
}

/// A clinician's emergency openings in the current rate-limit window.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct RateWindow {
	/// When the window started.
	pub start: Moment,
	/// Openings since `start`.
	pub count: u32,
}

/// Per-patient access log counters. `permitted` counts every permitted logged access,
/// `emergency` the subset permitted by an emergency access, `denied` every denied attempt.
/// Counters saturate at `u64::MAX`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
)]
pub struct AccessTally {
	/// Permitted accesses (all bases).
	pub permitted: u64,
	/// Denied attempts.
	pub denied: u64,
	/// Accesses permitted by an emergency access (also counted in `permitted`).
	pub emergency: u64,
}

/// The scope of a grant declared at genesis.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub enum GenesisScope {
	/// Every record.
	AllRecords,
	/// Records whose category tag is one of these (tags under the patient's blind key; serde
	/// writes a tag as an array of 16 numbers).
	Categories(Vec<Tag>),
	/// These records: ids of first versions (chains), which every record declared at genesis
	/// is.
	Records(Vec<RecordId>),
}

/// A grant declared at genesis: the patient is the grantor, it starts at time 0, holds no
/// deposit and has no data period nor exceptions.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisGrant<AccountId> {
	/// The patient (and grantor).
	pub patient: AccountId,
	/// The grantee.
	pub grantee: Grantee<AccountId>,
	/// Allowed purposes (at least one).
	pub purposes: Vec<Purpose>,
	/// Allowed actions (at least one).
	pub actions: Vec<Action>,
	/// Covered records.
	pub scope: GenesisScope,
	/// When the grant expires; `None` makes it open-ended, the genesis equivalent of
	/// `open_ended: true`.
	pub valid_until: Option<Moment>,
}

/// What the pallet keeps of an emergency: a shorthand for queries.
pub type EmergencyEntry<AccountId> = (EmergencyId, EmergencyAccess<AccountId>);
/// A grant with its id, as paged queries return it.
pub type GrantEntry<AccountId> = (GrantId, GrantView<AccountId>);

/// Key of the expiry queue: a grant's `valid_until` in big-endian bytes, so that byte order is
/// time order.
pub type ExpiryKey = [u8; 8];

/// The expiry-queue key of `until`.
pub fn expiry_key(until: Moment) -> ExpiryKey {
	until.to_be_bytes()
}

/// The terms of a deny provision, as the `deny` call takes them. An empty set or list restricts
/// nothing: no purposes means every purpose, no actions every action, no labels whatever the
/// labels. A deny errs towards refusing, so leaving a term out widens it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(S))]
pub struct DenyTerms<S: Get<u32>> {
	/// The purposes refused; empty: every purpose.
	pub purposes: PurposeSet,
	/// The actions refused; empty: every action.
	pub actions: ActionSet,
	/// The records refused, as a grant's scope names them; a list scope must not be empty.
	pub scope: Scope<S>,
	/// Only records carrying one of these security-label tags (e.g. the tag of `PSY`) are
	/// refused; empty: whatever their labels.
	pub labels: BoundedVec<Tag, S>,
}

impl<S: Get<u32>> DenyTerms<S> {
	/// Number of record ids the terms name (a [`Scope::Records`] scope): the `deny` call reads
	/// each of these records.
	pub fn listed_records(&self) -> u32 {
		match &self.scope {
			Scope::Records(ids) => ids.len() as u32,
			_ => 0,
		}
	}
}

/// [`DenyTerms`] with the runtime's bounds.
pub type DenyTermsOf<T> = DenyTerms<<T as Config>::MaxScopeItems>;

/// A deny provision (FHIR `Consent.provision` of type `deny` with an actor): the patient refuses
/// an actor, an account or an organization, some actions on some records for some purposes.
/// It lasts until revoked and overrides every grant; see the crate docs for how it is decided.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct Deny<T: Config> {
	/// Whose records (FHIR `Consent.subject`). Pays the deposit.
	pub patient: T::AccountId,
	/// Who recorded it: the patient or one of their guardians.
	pub recorded_by: T::AccountId,
	/// Who is refused: an account, or an organization (its admin and every member).
	pub actor: Grantee<T::AccountId>,
	/// The purposes refused; empty: every purpose.
	pub purposes: PurposeSet,
	/// The actions refused; empty: every action.
	pub actions: ActionSet,
	/// The records refused. Listed records are chains, so every version is refused.
	pub scope: Scope<T::MaxScopeItems>,
	/// Only records carrying one of these label tags; empty: whatever their labels.
	pub labels: BoundedVec<Tag, T::MaxScopeItems>,
	/// When it was recorded.
	pub created_at: Moment,
	/// The deposit held from the patient.
	pub deposit: BalanceOf<T>,
}

impl<T: Config> Deny<T> {
	/// Whether the deny refuses `purpose`.
	pub fn covers_purpose(&self, purpose: Purpose) -> bool {
		self.purposes.is_empty() || self.purposes.contains(&purpose)
	}

	/// Whether the deny refuses `action`.
	pub fn covers_action(&self, action: Action) -> bool {
		self.actions.is_empty() || self.actions.contains(&action)
	}

	/// The deny as the queries return it.
	pub fn to_view(&self) -> DenyView<T::AccountId> {
		DenyView {
			patient: self.patient.clone(),
			recorded_by: self.recorded_by.clone(),
			actor: self.actor.clone(),
			purposes: self.purposes.iter().copied().collect(),
			actions: self.actions.iter().copied().collect(),
			scope: self.scope.to_view(),
			labels: self.labels.to_vec(),
			created_at: self.created_at,
			deposit: self.deposit.unique_saturated_into(),
		}
	}
}

/// A [`Deny`] as the queries and the runtime API return it: the same fields, lists unbounded
/// and the deposit widened to `u128`.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct DenyView<AccountId> {
	/// Whose records.
	pub patient: AccountId,
	/// Who recorded it.
	pub recorded_by: AccountId,
	/// Who is refused.
	pub actor: Grantee<AccountId>,
	/// The purposes refused; empty: every purpose.
	pub purposes: Vec<Purpose>,
	/// The actions refused; empty: every action.
	pub actions: Vec<Action>,
	/// The records refused.
	pub scope: ScopeView,
	/// Only records carrying one of these label tags; empty: whatever their labels.
	pub labels: Vec<Tag>,
	/// When it was recorded.
	pub created_at: Moment,
	/// The deposit held from the patient.
	pub deposit: u128,
}

/// A deny provision with its id, as queries return it.
pub type DenyEntry<AccountId> = (DenyId, DenyView<AccountId>);
