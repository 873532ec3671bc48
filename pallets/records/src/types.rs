//! The types this pallet stores, takes as call arguments and returns from its queries.
//!
//! No clinical fact is stored in the clear: category, type, security labels and the clinical
//! date are blind tags ([`healthchain_primitives::blind`]), keyed commitments that only holders
//! of the patient's blind key can compute or test. The media type and size of the content
//! travel inside the encrypted blob.

use crate::Config;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use frame_system::pallet_prelude::BlockNumberFor;
use healthchain_primitives::{
	AccessBasis, BlindFacts, ContentHash, DateTags, DenialReason, GrantId, LabelTags, OrgId,
	RecordId, Tag,
};
use scale_info::TypeInfo;

/// The most records [`Pallet::records_of`](crate::Pallet::records_of) returns in one page.
pub const MAX_PAGE: u32 = 100;
/// The most index entries [`Pallet::records_of`](crate::Pallet::records_of) looks at for one
/// page when filtering by category; a page may come back short (even empty) with a `next`
/// cursor.
pub const MAX_PAGE_SCAN: u32 = 1_000;

/// The balance type of the deposit currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// A deposit in this runtime's types.
pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// An opaque locator of the off-chain blob (a URL, a content address, or ciphertext of one).
pub type LocatorOf<T> = BoundedVec<u8, <T as Config>::MaxLocatorLen>;
/// A record's data key wrapped to one grantee's public key (e.g. an X25519 sealed box).
pub type WrappedKeyOf<T> = BoundedVec<u8, <T as Config>::MaxWrappedKeyLen>;
/// The call argument describing a new record or a new version.
pub type RecordInputOf<T> = RecordInput<<T as Config>::MaxLocatorLen>;
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
/// clinical content. What erasure leaves is this outer part: the id, the version links, the
/// status and the hash commitment, so that history is never rewritten.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct RecordPointer<T: Config> {
	/// This record's id.
	pub id: RecordId,
	/// The id of the first version of this record's chain (this id for version 1). Grants
	/// that name records name chains.
	pub chain: RecordId,
	/// Hash of the encrypted blob, algorithm stated.
	pub hash: ContentHash,
	/// Lifecycle status.
	pub status: RecordStatus,
	/// Version number in the record's chain, starting at 1.
	pub version: u32,
	/// The previous version, which this one replaces.
	pub replaces: Option<RecordId>,
	/// The next version, which replaces this one.
	pub replaced_by: Option<RecordId>,
	/// Block in which this version was registered.
	pub registered_at: BlockNumberFor<T>,
	/// Whether the record has been erased (then `body` is `None`).
	pub erased: bool,
	/// Everything erasure removes; `None` exactly when erased.
	pub body: Option<RecordBody<T>>,
}

/// The erasable part of a record pointer.
#[derive(
	Encode, Decode, MaxEncodedLen, TypeInfo, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound,
)]
#[scale_info(skip_type_params(T))]
#[codec(mel_bound())]
pub struct RecordBody<T: Config> {
	/// The subject of the record.
	pub patient: T::AccountId,
	/// The organization holding the data; `None` for a patient's own upload.
	pub custodian: Option<OrgId>,
	/// The account that registered this version.
	pub author: T::AccountId,
	/// Tag of the category code (e.g. a LOINC document class).
	pub category: Tag,
	/// Tag of the type code (e.g. a LOINC document type).
	pub type_code: Tag,
	/// Tags of the security labels, fillers in the unused slots.
	pub labels: LabelTags,
	/// Tags of the clinical date's nodes in the date tree.
	pub dates: DateTags,
	/// Where the encrypted blob is.
	pub locator: LocatorOf<T>,
	/// Whether the patient asked the custodian to erase the record.
	pub erasure_requested: bool,
	/// Hash of the patient's off-chain dispute statement, if disputed.
	pub dispute_reason: Option<ContentHash>,
	/// The deposit held for this record; `None` for genesis records.
	pub deposit: Option<DepositOf<T>>,
}

impl<T: Config> RecordBody<T> {
	/// The blind facts a consent decision needs.
	pub fn blind_facts(&self) -> BlindFacts {
		BlindFacts { category: self.category, labels: self.labels, dates: self.dates }
	}
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
	pub deposit: DepositOf<T>,
}

/// What describes a new record or a new version: the call argument of `register` and
/// `supersede`. The client computes the tags with the patient's blind key.
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
#[scale_info(skip_type_params(L))]
pub struct RecordInput<L: Get<u32>> {
	/// Tag of the category code.
	pub category: Tag,
	/// Tag of the type code.
	pub type_code: Tag,
	/// Tags of the security labels, fillers in the unused slots.
	pub labels: LabelTags,
	/// Tags of the clinical date's nodes in the date tree.
	pub dates: DateTags,
	/// Hash of the encrypted blob.
	pub hash: ContentHash,
	/// Opaque locator; must not be empty.
	pub locator: BoundedVec<u8, L>,
}

impl<L: Get<u32>> RecordInput<L> {
	/// The blind facts of the record this input describes.
	pub fn blind_facts(&self) -> BlindFacts {
		BlindFacts { category: self.category, labels: self.labels, dates: self.dates }
	}
}

/// A record as the queries return it: everything stored except the locator, which only
/// `read_pointer` hands out.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordInfo<AccountId, Balance, BlockNumber> {
	/// This record's id.
	pub id: RecordId,
	/// The first version of its chain.
	pub chain: RecordId,
	/// Hash of the encrypted blob.
	pub hash: ContentHash,
	/// Lifecycle status.
	pub status: RecordStatus,
	/// Version number, starting at 1.
	pub version: u32,
	/// The previous version.
	pub replaces: Option<RecordId>,
	/// The next version.
	pub replaced_by: Option<RecordId>,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// Whether the record has been erased.
	pub erased: bool,
	/// Number of wrapped keys attached.
	pub keys: u32,
	/// The erasable part; `None` once erased.
	pub body: Option<RecordBodyInfo<AccountId, Balance>>,
}

/// The erasable part of a record as the queries return it (without the locator).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RecordBodyInfo<AccountId, Balance> {
	/// The subject of the record.
	pub patient: AccountId,
	/// The organization holding the data; `None` for a patient's own upload.
	pub custodian: Option<OrgId>,
	/// The account that registered this version.
	pub author: AccountId,
	/// Tag of the category code.
	pub category: Tag,
	/// Tag of the type code.
	pub type_code: Tag,
	/// Tags of the security labels.
	pub labels: LabelTags,
	/// Tags of the clinical date.
	pub dates: DateTags,
	/// Whether the patient asked the custodian to erase it.
	pub erasure_requested: bool,
	/// Hash of the patient's dispute statement.
	pub dispute_reason: Option<ContentHash>,
	/// The deposit currently held.
	pub deposit: Option<Deposit<AccountId, Balance>>,
}

impl<T: Config> RecordPointer<T> {
	/// The client view of this record, with `keys` wrapped keys attached.
	pub fn info(&self, keys: u32) -> RecordInfoOf<T> {
		RecordInfo {
			id: self.id,
			chain: self.chain,
			hash: self.hash,
			status: self.status,
			version: self.version,
			replaces: self.replaces,
			replaced_by: self.replaced_by,
			registered_at: self.registered_at,
			erased: self.erased,
			keys,
			body: self.body.as_ref().map(|body| RecordBodyInfo {
				patient: body.patient.clone(),
				custodian: body.custodian,
				author: body.author.clone(),
				category: body.category,
				type_code: body.type_code,
				labels: body.labels,
				dates: body.dates,
				erasure_requested: body.erasure_requested,
				dispute_reason: body.dispute_reason,
				deposit: body.deposit.clone(),
			}),
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
	/// (`Disputed`); `erased` whether it has been erased.
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
/// records carry no deposit. Tags are written as arrays of 16 numbers; the locator must not be
/// empty, or building genesis fails.
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
	/// Tag of the category code.
	pub category: Tag,
	/// Tag of the type code.
	pub type_code: Tag,
	/// Tags of the security labels.
	pub labels: LabelTags,
	/// Tags of the clinical date.
	pub dates: DateTags,
	/// Content hash.
	pub hash: ContentHash,
	/// Locator.
	pub locator: Vec<u8>,
	/// Whether the record starts `Pending` (only with a custodian) instead of `Current`.
	pub pending: bool,
}
