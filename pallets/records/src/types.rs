//! The types this pallet stores, takes as call arguments and returns from its queries.

use crate::Config;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::ConstU32, traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound,
	PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use healthchain_primitives::{
	AccessBasis, CategoryCode, ContentHash, DenialReason, GrantId, Moment, OrgId, RecordId,
	MAX_CODE_LEN,
};
use scale_info::TypeInfo;

/// The balance type of the deposit currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A security label code (HL7 confidentiality or sensitivity code such as `R`, `V`, `PSY`,
/// `ETH`). ASCII, never free text; the same bound as a category code.
pub type SecurityLabel = BoundedVec<u8, ConstU32<MAX_CODE_LEN>>;

/// An opaque locator of the off-chain blob (a URL, a content address, or ciphertext of one).
pub type LocatorOf<T> = BoundedVec<u8, <T as Config>::MaxLocatorLen>;
/// A media type such as `application/fhir+json`.
pub type MediaTypeOf<T> = BoundedVec<u8, <T as Config>::MaxMediaTypeLen>;
/// The security labels of a record.
pub type SecurityLabelsOf<T> = BoundedVec<SecurityLabel, <T as Config>::MaxSecurityLabels>;
/// A record's data key wrapped to one grantee's public key (e.g. an X25519 sealed box).
pub type WrappedKeyOf<T> = BoundedVec<u8, <T as Config>::MaxWrappedKeyLen>;
/// The keys hanging on one grant: `(record, grantee)` pairs.
pub type GrantKeysOf<T> =
	BoundedVec<(RecordId, <T as frame_system::Config>::AccountId), <T as Config>::MaxKeysPerGrant>;
/// The call argument describing a new record or a new version.
pub type RecordInputOf<T> = RecordInput<
	<T as Config>::MaxLocatorLen,
	<T as Config>::MaxMediaTypeLen,
	<T as Config>::MaxSecurityLabels,
>;
/// A record as a client sees it, in this runtime's types.
pub type RecordInfoOf<T> =
	RecordInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// A page of a patient's records, in this runtime's types.
pub type RecordPageOf<T> =
	RecordPage<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// What `read_pointer` hands an accessor, in this runtime's types.
pub type PointerInfoOf<T> = PointerInfo<<T as frame_system::Config>::AccountId>;

/// The lifecycle status of a record pointer (FHIR `DocumentReference.status`, plus the
/// patient-acknowledgement states of a provider-registered record).
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
pub enum RecordStatus {
	/// Registered by a provider and not yet acknowledged or disputed by the patient.
	Pending,
	/// The valid version: uploaded by the patient, or acknowledged by the patient.
	Current,
	/// The patient disputes it; it stays visible together with the dispute.
	Disputed,
	/// Replaced by a newer version (see `replaced_by`).
	Superseded,
	/// The custodian declared that it should never have been registered.
	EnteredInError,
}

/// A deposit held for a stored item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Deposit<AccountId, Balance> {
	/// Who the deposit is held from, and returned to.
	pub payer: AccountId,
	/// How much is held.
	pub amount: Balance,
}

/// A stored record pointer: FHIR `DocumentReference` with one `Attachment`, without any
/// clinical content.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct RecordPointer<T: Config> {
	/// This record's id.
	pub id: RecordId,
	/// The subject of the record.
	pub patient: T::AccountId,
	/// The organization holding the data; `None` for a patient's own upload.
	pub custodian: Option<OrgId>,
	/// The account that registered this version.
	pub author: T::AccountId,
	/// Category code (e.g. a LOINC document class).
	pub category: CategoryCode,
	/// Type code (e.g. a LOINC document type such as `11506-3`).
	pub type_code: CategoryCode,
	/// Media type of the (decrypted) content, e.g. `application/fhir+json`.
	pub media_type: MediaTypeOf<T>,
	/// Size of the encrypted blob in bytes.
	pub size: u64,
	/// Clinical date of the record, milliseconds since the Unix epoch.
	pub date: Moment,
	/// Hash of the encrypted blob, algorithm stated.
	pub hash: ContentHash,
	/// Where the encrypted blob is; `None` once erased.
	pub locator: Option<LocatorOf<T>>,
	/// Security labels (confidentiality, sensitivity).
	pub security_labels: SecurityLabelsOf<T>,
	/// Lifecycle status.
	pub status: RecordStatus,
	/// Whether the locator and all wrapped keys have been erased.
	pub erased: bool,
	/// Whether the patient asked the custodian to erase the record.
	pub erasure_requested: bool,
	/// Version number in the record's chain, starting at 1.
	pub version: u32,
	/// The previous version, which this one replaces.
	pub replaces: Option<RecordId>,
	/// The next version, which replaces this one.
	pub replaced_by: Option<RecordId>,
	/// Hash of the patient's off-chain dispute statement, if disputed.
	pub dispute_reason: Option<ContentHash>,
	/// Block in which this version was registered.
	pub registered_at: BlockNumberFor<T>,
	/// The deposit currently held for this record; `None` for genesis records and after
	/// erasure.
	pub deposit: Option<Deposit<T::AccountId, BalanceOf<T>>>,
}

/// A wrapped data key stored for one grantee of one record.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct WrappedKey<T: Config> {
	/// The data key wrapped to the grantee's public key.
	pub key: WrappedKeyOf<T>,
	/// The grant it was attached under; `None` for the patient's own key.
	pub grant: Option<GrantId>,
	/// The deposit held for this entry.
	pub deposit: Deposit<T::AccountId, BalanceOf<T>>,
}

/// What describes a new record or a new version: the call argument of `register` and
/// `supersede`.
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
#[scale_info(skip_type_params(L, M, S))]
pub struct RecordInput<L: Get<u32>, M: Get<u32>, S: Get<u32>> {
	/// Category code (printable ASCII without spaces, e.g. a LOINC code).
	pub category: CategoryCode,
	/// Type code (printable ASCII without spaces).
	pub type_code: CategoryCode,
	/// Media type (printable ASCII containing `/`).
	pub media_type: BoundedVec<u8, M>,
	/// Size of the encrypted blob in bytes.
	pub size: u64,
	/// Clinical date, milliseconds since the Unix epoch.
	pub date: Moment,
	/// Hash of the encrypted blob.
	pub hash: ContentHash,
	/// Opaque locator; must not be empty.
	pub locator: BoundedVec<u8, L>,
	/// Security labels (each printable ASCII without spaces).
	pub security_labels: BoundedVec<SecurityLabel, S>,
}

/// A record as the queries return it: everything stored except the locator, which only
/// `read_pointer` hands out.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordInfo<AccountId, Balance, BlockNumber> {
	/// This record's id.
	pub id: RecordId,
	/// The subject of the record.
	pub patient: AccountId,
	/// The organization holding the data; `None` for a patient's own upload.
	pub custodian: Option<OrgId>,
	/// The account that registered this version.
	pub author: AccountId,
	/// Category code.
	pub category: CategoryCode,
	/// Type code.
	pub type_code: CategoryCode,
	/// Media type.
	pub media_type: Vec<u8>,
	/// Size of the encrypted blob in bytes.
	pub size: u64,
	/// Clinical date, milliseconds since the Unix epoch.
	pub date: Moment,
	/// Hash of the encrypted blob.
	pub hash: ContentHash,
	/// Whether a locator is stored (false once erased).
	pub has_locator: bool,
	/// Security labels.
	pub security_labels: Vec<SecurityLabel>,
	/// Lifecycle status.
	pub status: RecordStatus,
	/// Whether the record has been erased.
	pub erased: bool,
	/// Whether the patient asked the custodian to erase it.
	pub erasure_requested: bool,
	/// Version number, starting at 1.
	pub version: u32,
	/// The previous version.
	pub replaces: Option<RecordId>,
	/// The next version.
	pub replaced_by: Option<RecordId>,
	/// Hash of the patient's dispute statement.
	pub dispute_reason: Option<ContentHash>,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// The deposit currently held.
	pub deposit: Option<Deposit<AccountId, Balance>>,
	/// Number of wrapped keys attached.
	pub keys: u32,
}

impl<T: Config> RecordPointer<T> {
	/// The client view of this record, with `keys` wrapped keys attached.
	pub fn info(&self, keys: u32) -> RecordInfoOf<T> {
		RecordInfo {
			id: self.id,
			patient: self.patient.clone(),
			custodian: self.custodian,
			author: self.author.clone(),
			category: self.category.clone(),
			type_code: self.type_code.clone(),
			media_type: self.media_type.clone().into_inner(),
			size: self.size,
			date: self.date,
			hash: self.hash,
			has_locator: self.locator.is_some(),
			security_labels: self.security_labels.clone().into_inner(),
			status: self.status,
			erased: self.erased,
			erasure_requested: self.erasure_requested,
			version: self.version,
			replaces: self.replaces,
			replaced_by: self.replaced_by,
			dispute_reason: self.dispute_reason,
			registered_at: self.registered_at,
			deposit: self.deposit.clone(),
			keys,
		}
	}
}

/// One page of a patient's records.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordPage<AccountId, Balance, BlockNumber> {
	/// The records of this page that match the filter, in storage order.
	pub records: Vec<RecordInfo<AccountId, Balance, BlockNumber>>,
	/// Pass this as `start_after` to get the next page; `None` when there are no more.
	pub next: Option<RecordId>,
}

/// The answer of `verify(record, hash)`: does a blob with this hash match the current
/// version of the record's chain?
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum VerifyResult {
	/// No record with this id exists.
	Unknown,
	/// The hash is that of the newest version `record` of the chain. `status` says whether
	/// the patient has acknowledged it (`Current`), not yet (`Pending`) or disputes it
	/// (`Disputed`); `erased` whether its locator has been erased.
	Current {
		/// The newest version.
		record: RecordId,
		/// Its status.
		status: RecordStatus,
		/// Whether it has been erased.
		erased: bool,
	},
	/// The hash is that of the older version `matched`, since replaced; `latest` is the
	/// newest version of the chain.
	Superseded {
		/// The version whose hash matches.
		matched: RecordId,
		/// The newest version.
		latest: RecordId,
		/// Whether the matched version has been erased.
		erased: bool,
	},
	/// The hash is that of version `matched`, which its custodian marked entered in error.
	EnteredInError {
		/// The version whose hash matches.
		matched: RecordId,
	},
	/// The hash matches no version of the chain; `latest` is the newest version.
	NoMatch {
		/// The newest version.
		latest: RecordId,
	},
}

/// What `read_pointer` returns to a permitted accessor.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct PointerInfo<AccountId> {
	/// The record.
	pub record: RecordId,
	/// Its patient.
	pub patient: AccountId,
	/// Its custodian organization, if any.
	pub custodian: Option<OrgId>,
	/// Its status (a reader should notice `Superseded` or `EnteredInError`).
	pub status: RecordStatus,
	/// Its version number.
	pub version: u32,
	/// The newer version, if this one has been replaced.
	pub replaced_by: Option<RecordId>,
	/// Media type.
	pub media_type: Vec<u8>,
	/// Size of the encrypted blob.
	pub size: u64,
	/// Hash of the encrypted blob, to check what is fetched.
	pub hash: ContentHash,
	/// Where the encrypted blob is.
	pub locator: Vec<u8>,
	/// The data key wrapped to the accessor, if one is attached under a live grant (or is the
	/// patient's own).
	pub wrapped_key: Option<Vec<u8>>,
	/// The grant the wrapped key hangs on (`None` for the patient's own key or no key).
	pub key_grant: Option<GrantId>,
	/// What permitted the access (patient, guardian, grant or emergency).
	pub basis: AccessBasis,
}

/// Why `read_pointer` refuses.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub enum ReadDenied {
	/// No record with this id exists.
	UnknownRecord,
	/// The record has been erased: its locator and keys are gone.
	Erased,
	/// The consent decision denied the read, for this reason.
	Consent(DenialReason),
}

/// A record pointer written in the genesis configuration (used by the `demo` preset). Such
/// records carry no deposit. Codes and media types must pass the same checks as
/// `register`; building genesis fails otherwise.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisRecord<AccountId> {
	/// The subject.
	pub patient: AccountId,
	/// The custodian organization, or `None` for a patient upload. Not checked against the
	/// organizations pallet (whose genesis may be built after this one).
	pub custodian: Option<OrgId>,
	/// The author account.
	pub author: AccountId,
	/// Category code.
	pub category: Vec<u8>,
	/// Type code.
	pub type_code: Vec<u8>,
	/// Media type.
	pub media_type: Vec<u8>,
	/// Size in bytes.
	pub size: u64,
	/// Clinical date (ms).
	pub date: Moment,
	/// Content hash.
	pub hash: ContentHash,
	/// Locator.
	pub locator: Vec<u8>,
	/// Security labels.
	pub security_labels: Vec<Vec<u8>>,
	/// Whether the record starts `Pending` (only with a custodian) instead of `Current`.
	pub pending: bool,
}
