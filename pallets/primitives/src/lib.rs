//! # Healthchain primitives
//!
//! The identifiers, roles and traits that the Healthchain pallets share.
//!
//! ## Overview
//!
//! Pallets never depend on each other directly. They meet through the traits defined here, which
//! each pallet takes through its `Config` and the runtime wires to the pallet that implements it:
//!
//! | trait | implemented by | used by |
//! |---|---|---|
//! | [`OrganizationsInspect`] | `pallet-organizations` | consent, records, supply chain |
//! | [`ConsentInspect`] | `pallet-consent` | records |
//! | [`RecordsInspect`] | `pallet-records` | consent |
//! | [`OnGrantEnded`] | `pallet-records` | consent |
//!
//! Nothing here may carry health data in the clear: patients are accounts, records are numeric
//! ids, and clinical codes, labels and dates appear only as blind tags ([`blind`]): keyed
//! commitments that the chain compares without being able to read them. GS1 identifiers of
//! medicine packs are not health data and stay in the clear; [`gs1`] checks and reads them.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::{ConstU32, Get},
	weights::Weight,
	BoundedBTreeSet,
};
use scale_info::TypeInfo;

pub mod blind;
pub mod deposit;
pub mod gs1;
#[cfg(feature = "std")]
pub mod testing;

pub use blind::{DateTags, LabelTags, PeriodTags, Tag};

/// Identifier of an accredited organization.
pub type OrgId = u32;
/// Identifier of a record pointer.
pub type RecordId = u64;
/// Identifier of a consent grant.
pub type GrantId = u64;
/// Identifier of an emergency ("break the glass") access.
pub type EmergencyId = u64;
/// Milliseconds since the Unix epoch, as `pallet-timestamp` keeps it.
pub type Moment = u64;
/// Identifier of a consent deny provision (a patient's refusal naming an actor).
pub type DenyId = u64;

/// What an organization is accredited to do. An organization may hold several.
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
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum OrgRole {
	/// Hospital, clinic or practitioner's practice.
	Provider,
	/// Research institute.
	Researcher,
	/// Pharmaceutical manufacturer (marketing authorisation holder).
	Manufacturer,
	/// Wholesale distributor.
	Wholesaler,
	/// Pharmacy or other dispenser.
	Dispenser,
	/// Health authority or medicines regulator.
	Regulator,
	/// Insurer or other payer.
	Payer,
	/// Third-party logistics provider (holds goods it does not own).
	Logistics,
}

/// Number of [`OrgRole`] variants: the bound of [`OrgRoles`].
pub const ORG_ROLE_COUNT: u32 = 8;
/// The set of roles an organization holds.
pub type OrgRoles = BoundedBTreeSet<OrgRole, ConstU32<ORG_ROLE_COUNT>>;

impl OrgRole {
	/// Every organization role, in declaration (and encoding) order.
	pub const ALL: [Self; ORG_ROLE_COUNT as usize] = [
		Self::Provider,
		Self::Researcher,
		Self::Manufacturer,
		Self::Wholesaler,
		Self::Dispenser,
		Self::Regulator,
		Self::Payer,
		Self::Logistics,
	];
}

/// What a member may do on behalf of their organization.
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
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum MemberRole {
	/// Treats patients: may use grants made to the organization for treatment.
	Clinician,
	/// May open emergency ("break the glass") access.
	EmergencyClinician,
	/// Administrative staff: payment and operations purposes.
	Staff,
	/// Works on research protocols: research purposes.
	Researcher,
	/// Pharmacist: dispenses and verifies packs.
	Pharmacist,
	/// Handles goods: commissions, packs, ships and receives.
	Logistics,
	/// Reviews access logs and emergency accesses.
	Auditor,
}

/// Number of [`MemberRole`] variants: the bound of [`MemberRoles`].
pub const MEMBER_ROLE_COUNT: u32 = 7;
/// The set of roles a member holds inside their organization.
pub type MemberRoles = BoundedBTreeSet<MemberRole, ConstU32<MEMBER_ROLE_COUNT>>;

impl MemberRole {
	/// Every member role, in declaration (and encoding) order.
	pub const ALL: [Self; MEMBER_ROLE_COUNT as usize] = [
		Self::Clinician,
		Self::EmergencyClinician,
		Self::Staff,
		Self::Researcher,
		Self::Pharmacist,
		Self::Logistics,
		Self::Auditor,
	];
}

/// Builds a role set from a slice, ignoring duplicates. Sets are bounded by the number of
/// variants, so every slice of roles fits.
pub fn role_set<R: Ord + Clone, S: Get<u32>>(roles: &[R]) -> BoundedBTreeSet<R, S> {
	let mut set = BoundedBTreeSet::new();
	for role in roles {
		// A set bounded by the variant count cannot overflow: duplicates are not inserted twice.
		let _ = set.try_insert(role.clone());
	}
	set
}

/// Status of an organization's accreditation.
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
pub enum OrgStatus {
	/// May act in every role it holds.
	Active,
	/// Temporarily may not act; can be reinstated.
	Suspended,
	/// Permanently may not act.
	Revoked,
}

/// The answer to "who may act as what": implemented by `pallet-organizations`.
///
/// An organization's admin is also one of its members. An account belongs to at most one
/// organization.
pub trait OrganizationsInspect<AccountId> {
	/// The organization `who` belongs to (as admin or member), whatever its status.
	fn organization_of(who: &AccountId) -> Option<OrgId>;
	/// The status of `org`, or `None` when no such organization exists.
	fn status(org: OrgId) -> Option<OrgStatus>;
	/// Whether `org` holds `role`, whatever its status.
	fn holds_role(org: OrgId, role: OrgRole) -> bool;
	/// The admin account of `org`.
	fn admin(org: OrgId) -> Option<AccountId>;
	/// The member roles of `who` in `org`, or `None` when `who` is not a member of `org`.
	fn member_roles(org: OrgId, who: &AccountId) -> Option<MemberRoles>;
	/// Whether `org` holds a GS1 company prefix that `key_digits` start with, whatever its
	/// status. `key_digits` are the digits of a GS1 key between its first digit and its check
	/// digit: digits 2 to 13 of a GTIN-14 (after the indicator digit), digits 2 to 17 of an
	/// SSCC (after the extension digit). A company prefix is held by at most one organization,
	/// and no held prefix starts with another, so at most one organization answers `true`.
	fn holds_company_prefix(org: OrgId, key_digits: &[u8]) -> bool;

	/// Whether `org` exists and is active.
	fn is_active(org: OrgId) -> bool {
		Self::status(org) == Some(OrgStatus::Active)
	}
	/// Whether `org` is active and holds `role`: the question every pallet asks.
	fn is_active_with_role(org: OrgId, role: OrgRole) -> bool {
		Self::is_active(org) && Self::holds_role(org, role)
	}
	/// The active organization holding `role` that `who` acts for, if any.
	fn acting_for(who: &AccountId, role: OrgRole) -> Option<OrgId> {
		Self::organization_of(who).filter(|org| Self::is_active_with_role(*org, role))
	}
	/// Whether `who` is the admin of `org`.
	fn is_admin(org: OrgId, who: &AccountId) -> bool
	where
		AccountId: PartialEq,
	{
		Self::admin(org).as_ref() == Some(who)
	}
	/// Whether `who` is a member of `org` holding `role`.
	fn member_has_role(org: OrgId, who: &AccountId, role: MemberRole) -> bool {
		Self::member_roles(org, who).is_some_and(|roles| roles.contains(&role))
	}
	/// Whether `who` is a member of `org` holding one of `roles` (one read, as
	/// [`Self::member_has_role`]).
	fn member_has_any_role(org: OrgId, who: &AccountId, roles: &[MemberRole]) -> bool {
		Self::member_roles(org, who).is_some_and(|held| roles.iter().any(|r| held.contains(r)))
	}

	/// Creates an active organization for benchmarks, with `admin` as its admin.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_organization(admin: &AccountId, roles: &[OrgRole]) -> OrgId;
	/// Makes `who` a member of `org` with `roles`, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_member(org: OrgId, who: &AccountId, roles: &[MemberRole]);
	/// Gives `org` the GS1 company `prefix` (4 to 12 ASCII digits), taking it from any other
	/// organization holding it, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_company_prefix(org: OrgId, prefix: &[u8]);
}

/// Why data is used (HL7 v3 `ActReason`).
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
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Purpose {
	/// `TREAT`.
	Treatment,
	/// `ETREAT`: the purpose of every emergency access.
	EmergencyTreatment,
	/// `HRESCH`.
	Research,
	/// `HPAYMT`.
	Payment,
	/// `HOPERAT`.
	Operations,
	/// `PUBHLTH`.
	PublicHealth,
}

/// Number of [`Purpose`] variants.
pub const PURPOSE_COUNT: u32 = 6;

impl Purpose {
	/// Every purpose, in declaration (and encoding) order.
	pub const ALL: [Self; PURPOSE_COUNT as usize] = [
		Self::Treatment,
		Self::EmergencyTreatment,
		Self::Research,
		Self::Payment,
		Self::Operations,
		Self::PublicHealth,
	];

	/// The organization roles of which an organization must hold one for its members to use a
	/// grant for this purpose (`pallet-consent`'s rule, and its test double's).
	pub fn entitled_org_roles(self) -> &'static [OrgRole] {
		match self {
			Purpose::Treatment | Purpose::EmergencyTreatment => &[OrgRole::Provider],
			Purpose::Research => &[OrgRole::Researcher],
			Purpose::Payment => &[OrgRole::Payer],
			Purpose::Operations => &[OrgRole::Provider, OrgRole::Payer],
			Purpose::PublicHealth => &[OrgRole::Regulator],
		}
	}

	/// The member roles of which a member must hold one to use an organization grant for this
	/// purpose; `None` means any role.
	pub fn entitled_member_roles(self) -> Option<&'static [MemberRole]> {
		match self {
			Purpose::Treatment => Some(&[MemberRole::Clinician, MemberRole::EmergencyClinician]),
			Purpose::EmergencyTreatment => {
				Some(&[MemberRole::EmergencyClinician, MemberRole::Clinician])
			},
			Purpose::Research => Some(&[MemberRole::Researcher]),
			Purpose::Payment | Purpose::Operations => Some(&[MemberRole::Staff]),
			Purpose::PublicHealth => None,
		}
	}
}

/// What is done with data.
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
	PartialOrd,
	Ord,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum Action {
	/// Read existing records.
	Read,
	/// Add new records for the patient.
	Append,
}

/// Number of [`Action`] variants.
pub const ACTION_COUNT: u32 = 2;

impl Action {
	/// Every action, in declaration (and encoding) order.
	pub const ALL: [Self; ACTION_COUNT as usize] = [Self::Read, Self::Append];
}

/// The blind facts of a record that a consent decision needs: its category, labels and date as
/// tags ([`blind`]). The chain compares them with a grant's tags and learns nothing else.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct BlindFacts {
	/// Tag of the category code.
	pub category: Tag,
	/// Tags of the security labels, fillers in the unused slots.
	pub labels: LabelTags,
	/// Tags of the clinical date's nodes in the date tree.
	pub dates: DateTags,
}

/// What an access is about.
///
/// `NewRecord` is much larger than the other variants. The value is an argument of one decision,
/// moved once and never stored, so it is not boxed.
#[allow(clippy::large_enum_variant)]
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum AccessTarget {
	/// One registered record; its blind facts come from [`RecordsInspect`].
	Record(RecordId),
	/// Records of a category (given by its tag) whose ids, labels and dates are not known.
	Category(Tag),
	/// A record about to be registered (`Append`), with its blind facts.
	NewRecord(BlindFacts),
}

/// What permits an access.
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
pub enum AccessBasis {
	/// The accessor is the patient.
	Patient,
	/// The accessor is an active guardian of the patient.
	Guardian,
	/// A consent grant.
	Grant(GrantId),
	/// An open emergency access.
	Emergency(EmergencyId),
}

/// Why an access is denied.
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
pub enum DenialReason {
	/// No grant to the accessor (or their organization) exists.
	NoGrant,
	/// Grants exist but none is valid now (not yet started, or expired).
	NotValidNow,
	/// Valid grants exist but none allows this purpose.
	PurposeNotAllowed,
	/// Valid grants exist but none allows this action.
	ActionNotAllowed,
	/// The record or category is outside every grant's scope.
	OutOfScope,
	/// The record is dated outside every grant's data period.
	OutsideDataPeriod,
	/// A grant's exception denies this record or category.
	Excepted,
	/// The grant is to an organization that is not active, or the accessor lacks the member
	/// role the purpose needs; or the grant is to the accessor's account and the organization
	/// the accessor belongs to is not active.
	OrganizationNotEntitled,
	/// The record does not exist, or belongs to another patient.
	UnknownRecord,
	/// This deny provision of the patient names the accessor, or the organization it acts for,
	/// for this target, purpose and action. A deny overrides every grant.
	DenyProvision(DenyId),
}

/// The answer of [`ConsentInspect::check_access`].
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
pub enum AccessDecision {
	/// Access is permitted on this basis.
	Permitted(AccessBasis),
	/// Access is denied for this reason.
	Denied(DenialReason),
}

impl AccessDecision {
	/// Whether the access is permitted.
	pub fn is_permitted(&self) -> bool {
		matches!(self, AccessDecision::Permitted(_))
	}
}

/// The consent decision: implemented by `pallet-consent`.
pub trait ConsentInspect<AccountId> {
	/// Decides whether `accessor` may perform `action` on `target` of `patient` for `purpose`
	/// now. Read-only: it writes nothing to the audit trail.
	fn check_access(
		patient: &AccountId,
		accessor: &AccountId,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> AccessDecision;

	/// [`Self::check_access`], and the weight of the decision as it was made, beyond the least
	/// a permitted decision costs (one grant read, no deny provision), which the benchmarks
	/// of the calling pallets make and so already count. An implementation that knows what it
	/// read says so, and the caller charges that instead of its worst case. The default knows
	/// nothing cheaper and says `Weight::MAX`; callers never charge more than their worst case.
	fn check_access_weighed(
		patient: &AccountId,
		accessor: &AccountId,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> (AccessDecision, Weight) {
		(Self::check_access(patient, accessor, target, purpose, action), Weight::MAX)
	}

	/// A grant, valid now, that lets `grantee` read `record` of `patient` for some purpose.
	/// Wrapped keys are attached under such a grant and removed when it ends.
	fn read_grant_for(
		patient: &AccountId,
		grantee: &AccountId,
		record: RecordId,
	) -> Option<GrantId>;

	/// [`Self::read_grant_for`], and its weight beyond the least, as
	/// [`Self::check_access_weighed`] says it.
	fn read_grant_for_weighed(
		patient: &AccountId,
		grantee: &AccountId,
		record: RecordId,
	) -> (Option<GrantId>, Weight) {
		(Self::read_grant_for(patient, grantee, record), Weight::MAX)
	}

	/// Whether `grant` exists and is valid now.
	fn is_grant_live(grant: GrantId) -> bool;

	/// Whether `who` may act for `patient`: `who` is the patient or one of its appointed
	/// guardians. At most one storage read.
	fn acts_for(patient: &AccountId, who: &AccountId) -> bool;

	/// Creates a grant from `patient` to `grantee` covering all records for every purpose and
	/// both actions, without end, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(patient: &AccountId, grantee: &AccountId) -> GrantId;
}

/// The facts about a record that consent decisions need.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct RecordFacts<AccountId> {
	/// The record's subject.
	pub patient: AccountId,
	/// The first version of the record's chain of versions: grants that name records name
	/// chains, so that a new version stays under its predecessor's scope and exceptions.
	pub chain: RecordId,
	/// The organization that holds the record's blob, `None` for a patient's own upload.
	pub custodian: Option<OrgId>,
	/// The record's blind category, labels and date.
	pub blind: BlindFacts,
}

/// Record facts: implemented by `pallet-records`.
pub trait RecordsInspect<AccountId> {
	/// The patient, chain and blind facts of `record`, or `None` when it does not exist or has
	/// been erased.
	fn record_facts(record: RecordId) -> Option<RecordFacts<AccountId>>;

	/// Registers a record of `patient` with `facts`, for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(patient: &AccountId, facts: BlindFacts) -> RecordId;
}

/// Told when a grant is revoked or expires, so that what hangs on it (wrapped keys) goes too.
///
/// Weights here are what ending a grant costs beyond ending one that nothing hangs on: the
/// benchmarks of the calls that end grants run with the implementation in place, so they
/// already count that least case.
pub trait OnGrantEnded {
	/// `grant` has ended. Must do bounded work. Returns the weight it used, at most
	/// [`Self::weight`], for the caller to charge instead of the most.
	fn on_grant_ended(grant: GrantId) -> Weight;
	/// The most [`Self::on_grant_ended`] can weigh.
	fn weight() -> Weight;
}

impl OnGrantEnded for () {
	fn on_grant_ended(_: GrantId) -> Weight {
		Weight::zero()
	}
	fn weight() -> Weight {
		Weight::zero()
	}
}

/// A content hash with its algorithm stated, as FHIR `Attachment.hash` should be.
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
pub enum ContentHash {
	/// SHA-256 of the encrypted blob.
	Sha256([u8; 32]),
	/// BLAKE2b-256 of the encrypted blob.
	Blake2_256([u8; 32]),
}

impl ContentHash {
	/// The digest, whatever the algorithm: also the salt of a record's label fillers
	/// ([`blind::label_tags`]).
	pub fn digest(&self) -> &[u8; 32] {
		match self {
			Self::Sha256(bytes) | Self::Blake2_256(bytes) => bytes,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn role_set_ignores_duplicates() {
		let set: OrgRoles = role_set(&[OrgRole::Provider, OrgRole::Provider, OrgRole::Payer]);
		assert_eq!(set.len(), 2);
	}

	#[test]
	fn decision_is_permitted_only_when_permitted() {
		assert!(AccessDecision::Permitted(AccessBasis::Patient).is_permitted());
		assert!(!AccessDecision::Denied(DenialReason::NoGrant).is_permitted());
	}

	/// The variants that decode from one byte, in the order of their indexes.
	fn every_variant<E: Decode>() -> alloc::vec::Vec<E> {
		(0..=u8::MAX).filter_map(|index| E::decode(&mut &[index][..]).ok()).collect()
	}

	#[test]
	fn all_lists_every_variant_in_encoding_order() {
		assert_eq!(OrgRole::ALL.to_vec(), every_variant::<OrgRole>());
		assert_eq!(MemberRole::ALL.to_vec(), every_variant::<MemberRole>());
		assert_eq!(Purpose::ALL.to_vec(), every_variant::<Purpose>());
		assert_eq!(Action::ALL.to_vec(), every_variant::<Action>());
	}
}
