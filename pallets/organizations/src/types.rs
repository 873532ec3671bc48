//! Types stored by the organizations pallet and returned by its queries.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use healthchain_primitives::{MemberRole, MemberRoles, OrgId, OrgRole, OrgRoles, OrgStatus};
use scale_info::TypeInfo;

/// Longest issuing-authority code, in bytes. A GS1 company prefix has at most 12 digits and a
/// GLN 13; national licensing registers use short codes too.
pub const MAX_ISSUER_CODE_LEN: u32 = 32;

/// The code of the authority that issued an organization's licence or registration: a GS1
/// company prefix, a GLN or a licensing register's code. Printable ASCII without spaces.
pub type IssuerCode = BoundedVec<u8, ConstU32<MAX_ISSUER_CODE_LEN>>;

/// Length of a GLN (GS1 Global Location Number), which ends in a GS1 check digit.
pub const GLN_LEN: usize = 13;

/// Most entries a page of [`crate::Pallet::members`] returns, whatever limit is asked for.
pub const MAX_PAGE: u32 = 256;

/// Shortest GS1 company prefix, in digits.
pub const MIN_COMPANY_PREFIX_LEN: u32 = 4;
/// Longest GS1 company prefix, in digits.
pub const MAX_COMPANY_PREFIX_LEN: u32 = 12;
/// Most GS1 company prefixes one organization holds. A company usually licenses one from its
/// GS1 member organisation; a group that acquired other companies holds theirs too.
pub const MAX_COMPANY_PREFIXES: u32 = 16;

/// A GS1 company prefix: 4 to 12 ASCII digits, the start of every GTIN (after the indicator
/// digit) and SSCC (after the extension digit) the company allocates.
pub type CompanyPrefix = BoundedVec<u8, ConstU32<MAX_COMPANY_PREFIX_LEN>>;
/// The GS1 company prefixes of one organization.
pub type CompanyPrefixes = BoundedVec<CompanyPrefix, ConstU32<MAX_COMPANY_PREFIXES>>;

/// Whether `prefix` is a well-formed GS1 company prefix: 4 to 12 ASCII digits.
pub fn is_company_prefix(prefix: &[u8]) -> bool {
	(MIN_COMPANY_PREFIX_LEN as usize..=MAX_COMPANY_PREFIX_LEN as usize).contains(&prefix.len())
		&& prefix.iter().all(u8::is_ascii_digit)
}

/// The shorter prefixes of `prefix` that could themselves be company prefixes (4 digits and
/// more), shortest first: the prefixes a company prefix must not overlap with.
pub fn shorter_prefixes(prefix: &[u8]) -> impl Iterator<Item = &[u8]> {
	(MIN_COMPANY_PREFIX_LEN as usize..prefix.len()).filter_map(move |len| prefix.get(..len))
}

/// A reference to the licence or registration that accredits an organization. It never holds
/// the document or personal data: only the document's hash and who issued it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Credential {
	/// Hash (e.g. SHA-256 or BLAKE2b-256) of the licence or registration document.
	pub hash: [u8; 32],
	/// Code of the issuing authority (see [`IssuerCode`]).
	pub issuer: IssuerCode,
}

impl Credential {
	/// Whether the issuer code is well formed: not empty, printable ASCII without spaces and,
	/// when it is 13 digits (a GLN), with a valid GS1 check digit.
	pub fn is_well_formed(&self) -> bool {
		let code = self.issuer.as_slice();
		if code.is_empty() || !code.iter().all(u8::is_ascii_graphic) {
			return false;
		}
		if code.len() == GLN_LEN && code.iter().all(u8::is_ascii_digit) {
			return healthchain_primitives::gs1::has_valid_check_digit(code);
		}
		true
	}
}

/// An accredited organization.
///
/// `Metadata` is the bounded metadata pointer (`BoundedVec<u8, MaxMetadataLen>`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Organization<AccountId, Balance, BlockNumber, Metadata> {
	/// The account that manages the organization's members. Also one of its members.
	pub admin: AccountId,
	/// What the organization is accredited to do.
	pub roles: OrgRoles,
	/// The licence or registration behind the accreditation.
	pub credential: Credential,
	/// A pointer to public metadata about the organization (e.g. a URL or content id of a
	/// directory entry). Never personal data.
	pub metadata: Metadata,
	/// Whether the organization may act now.
	pub status: OrgStatus,
	/// Who registered the organization: `None` for Root (or genesis), else the regulator admin.
	pub accredited_by: Option<AccountId>,
	/// The block in which the organization was registered.
	pub accredited_at: BlockNumber,
	/// Number of members, the admin included.
	pub member_count: u32,
	/// The organization deposit held from the admin (zero for genesis organizations and after
	/// revocation).
	pub deposit: Balance,
	/// The sum of the member deposits held from the admin for this organization.
	pub member_deposits: Balance,
}

/// A membership of an account in an organization.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Membership<Balance> {
	/// What the member may do for the organization.
	pub roles: MemberRoles,
	/// The deposit held from the organization's admin for this membership (zero for the admin
	/// itself and for genesis members).
	pub deposit: Balance,
}

/// A pending invitation to join an organization.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Invitation<Balance> {
	/// The member roles offered.
	pub roles: MemberRoles,
	/// The member deposit held from the organization's admin for it; it becomes the
	/// membership's deposit on acceptance.
	pub deposit: Balance,
}

/// How many invitations an organization has pending and the deposits they hold.
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
pub struct InvitationTally<Balance> {
	/// Pending invitations.
	pub count: u32,
	/// The sum of their deposits, held from the organization's admin.
	pub deposits: Balance,
}

/// A registration whose admin has not accepted the admin role yet: the organization as it will
/// be accredited. The account offered the role is in [`crate::AdminOffers`].
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct PendingRegistration<AccountId, Metadata> {
	/// Its roles.
	pub roles: OrgRoles,
	/// Its licence or registration.
	pub credential: Credential,
	/// Its metadata pointer.
	pub metadata: Metadata,
	/// Who registered it: `None` for Root, else the regulator admin.
	pub accredited_by: Option<AccountId>,
}

/// What an accreditation decision did.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum AccreditationAction {
	/// The organization was registered with these roles.
	Registered(OrgRoles),
	/// The organization's roles were replaced by these.
	RolesSet(OrgRoles),
	/// The organization was suspended.
	Suspended,
	/// The organization was reinstated after a suspension.
	Reinstated,
	/// The organization's accreditation was revoked for good.
	Revoked,
}

/// One entry of an organization's accreditation history.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AccreditationRecord<AccountId, BlockNumber> {
	/// Who decided: `None` for Root (or genesis), else the regulator admin.
	pub who: Option<AccountId>,
	/// The block of the decision.
	pub block: BlockNumber,
	/// What was decided.
	pub action: AccreditationAction,
}

/// An organization as clients see it (returned by [`crate::Pallet::organization`]).
///
/// Block numbers are given as `u32` and balances as `u128`, the types of the Healthchain
/// runtime, so that clients need no type parameters to decode it.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct OrganizationInfo<AccountId> {
	/// The organization's id.
	pub id: OrgId,
	/// Its admin account.
	pub admin: AccountId,
	/// The roles it holds, in order.
	pub roles: Vec<OrgRole>,
	/// Hash of its licence or registration document.
	pub credential_hash: [u8; 32],
	/// Code of the authority that issued the licence or registration.
	pub credential_issuer: Vec<u8>,
	/// Its metadata pointer.
	pub metadata: Vec<u8>,
	/// Its status.
	pub status: OrgStatus,
	/// Who registered it (`None`: Root or genesis).
	pub accredited_by: Option<AccountId>,
	/// The block of its registration.
	pub accredited_at: u32,
	/// Its number of members, the admin included.
	pub member_count: u32,
	/// The organization deposit held from its admin.
	pub deposit: u128,
	/// The member deposits held from its admin, in total.
	pub member_deposits: u128,
	/// Its accreditation history, oldest first (the oldest entries are dropped when the history
	/// is full).
	pub history: Vec<AccreditationRecord<AccountId, u32>>,
}

/// What an account is in its organization (returned by [`crate::Pallet::account_info`]):
/// the organization, the member roles and whether the account is the admin.
pub type AccountInfo = (OrgId, MemberRoles, bool);

/// An organization accredited at genesis.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(
	rename_all = "camelCase",
	deny_unknown_fields,
	bound(
		serialize = "AccountId: serde::Serialize",
		deserialize = "AccountId: serde::Deserialize<'de>"
	)
)]
pub struct GenesisOrganization<AccountId> {
	/// The admin account (also a member, with `admin_roles`).
	pub admin: AccountId,
	/// The organization's roles; at least one.
	pub roles: Vec<OrgRole>,
	/// The issuing-authority code of its credential (see [`IssuerCode`]).
	pub issuer: alloc::string::String,
	/// Hash of the licence document; zero when not given.
	#[serde(default)]
	pub credential_hash: [u8; 32],
	/// The metadata pointer; empty when not given.
	#[serde(default)]
	pub metadata: alloc::string::String,
	/// The admin's own member roles; none when not given.
	#[serde(default)]
	pub admin_roles: Vec<MemberRole>,
	/// The other members and their roles.
	#[serde(default)]
	pub members: Vec<(AccountId, Vec<MemberRole>)>,
	/// The GS1 company prefixes it holds (4 to 12 digits each); none when not given.
	#[serde(default)]
	pub company_prefixes: Vec<alloc::string::String>,
}
