//! # Records pallet
//!
//! A registry of electronic health record pointers: who holds which record, its versions, the
//! patient's acknowledgement, erasure, and the wrapped keys that unlock it for whom the patient
//! chose.
//!
//! ## Overview
//!
//! Records stay where they are (a hospital's EHR, a patient's cloud store). The chain keeps a
//! pointer shaped like FHIR `DocumentReference`: the patient (an account, never a name), the
//! custodian organization, the author, the hash of the *encrypted* blob with its algorithm and
//! an opaque locator (which may itself be ciphertext). The category and type codes (e.g.
//! LOINC), the security labels and the clinical date are health facts, so the chain holds them
//! only as blind tags ([`blind`]): keyed commitments made with the patient's blind key, which
//! the consent pallet compares with a grant's tags without learning the codes. The media type
//! and size travel inside the encrypted blob. Nothing here is clinical content.
//!
//! - **Registration.** A clinician (member role `Clinician` or `EmergencyClinician`) of an
//!   active `Provider` organization registers a record for a patient when the consent pallet permits `Append` of the new record
//!   ([`ConsentInspect::check_access`] with [`AccessTarget::NewRecord`] and the record's blind
//!   category, labels and dates, so an `Append` grant's data period and exceptions apply); the
//!   record starts `Pending` with that organization as custodian. A patient registers their
//!   own upload, which starts `Current` with no custodian. A deposit is held from the
//!   registrant.
//! - **Acknowledgement.** The patient `acknowledge`s a pending record (it becomes `Current`) or
//!   `dispute`s it with the hash of an off-chain statement (it stays visible as `Disputed`).
//! - **Versions.** `supersede` registers a new version; the old one becomes `Superseded` and
//!   the two are linked both ways, so the history is walkable. Every version knows its
//!   *chain* (the first version's id), which is what grants name, so a new version stays under
//!   its predecessor's scope and exceptions; for the same reason it must keep the
//!   predecessor's blind category, labels and dates ([`Error::FactsChanged`]). A chain holds at
//!   most [`Config::MaxVersions`] versions. `mark_entered_in_error` withdraws a record. On a
//!   custodian's record both are for its clinicians only: the admin and administrative members
//!   ([`Error::NotClinician`]) do not change clinical records.
//! - **Erasure.** The patient erases a record directly, or asks the custodian to
//!   (`request_erasure`), after which the custodian's admin may `erase` it (having purged its
//!   own copy). Erasure removes the record's body (patient, custodian, author, tags, locator)
//!   and every wrapped key, drops it from the patient's index and returns the deposits; the id,
//!   chain, hash, status and version links stay, so history is never rewritten.
//! - **Key wrapping.** The record's data key, wrapped to a grantee's public key, is attached
//!   by the patient or a custodian clinician while a consent grant lets the grantee read the
//!   record ([`ConsentInspect::read_grant_for`]). Keys are indexed by `(grant, record,
//!   grantee)` and removed when the grant ends ([`OnGrantEnded`]), at most
//!   [`Config::MaxKeysRemovedOnGrantEnd`] at once; a key whose grant is no longer live is never
//!   handed out. A key outlives its grantee's entitlement (the grant ended, the grantee left
//!   the grantee organization, lost the role the grant needs, or that organization was
//!   suspended) only until anyone calls `remove_unentitled_key`, which returns the deposit to
//!   its payer. The patient's own key (grantee = patient) needs no grant. A key is the grantee's
//!   access: it is detached only by the patient, the grantee or whoever attached it
//!   ([`Error::NotPatientGranteeOrAttacher`]).
//! - **Reading.** [`Pallet::read_pointer`] hands out the locator and the accessor's wrapped
//!   key only when [`ConsentInspect::check_access`] permits `Read` of the record for the given
//!   purpose, and the denial reason otherwise. Chain state is public: confidentiality comes
//!   from the encryption of the blob (and, if wanted, of the locator) and from the key being
//!   wrapped to the grantee. A custodian's gatekeeper authenticates the requester off chain
//!   and asks `read_pointer` whether to serve.
//!
//! ## Terminology
//!
//! - *Record*: one version of a pointer, with its own [`RecordId`].
//! - *Chain*: the versions linked by `replaces`/`replaced_by`, identified by the first
//!   version's id; the *latest* version is the one not replaced.
//! - *Tag*: a blind index of a code or a date node ([`blind`]); only the patient's key holders
//!   can compute one, and the chain only compares them.
//! - *Custodian member*: an account whose organization (per [`OrganizationsInspect`]) is the
//!   record's custodian and is active with the `Provider` role.
//! - *Clinician*: a member holding the `Clinician` or `EmergencyClinician` member role.
//! - *Wrapped key*: a record's symmetric data key encrypted to one grantee's public key.
//!
//! ## Calls
//!
//! By a custodian clinician (or the patient for their own uploads): `supersede`,
//! `mark_entered_in_error`. By a clinician of an active provider: `register` for a patient. By
//! the patient: `register` (own upload), `acknowledge`, `dispute`, `request_erasure`, `erase`.
//! By the custodian's admin after a request: `erase`. By the patient or a custodian clinician:
//! `attach_key`. By the patient, the grantee or whoever attached the key: `detach_key`. By
//! anyone, once the grantee is no longer entitled: `remove_unentitled_key`.
//!
//! ## Queries
//!
//! [`Pallet::record`], [`Pallet::records_of`], [`Pallet::history`], [`Pallet::verify`] and
//! [`Pallet::read_pointer`], as view functions and through the `RecordsApi` runtime API
//! (crate `pallet-records-runtime-api`).
//!
//! ## Example
//!
//! From the test `provider_record_acknowledged_then_key_removed_on_revoke`: a provider
//! registers with consent, the patient acknowledges, a key is attached for the clinician and
//! disappears when the grant is revoked.
//!
//! ```ignore
//! let grant = MockConsent::grant(PATIENT, DOCTOR, &[Action::Append, Action::Read]);
//! assert_ok!(Records::register(signed(DOCTOR), PATIENT, input(), Purpose::Treatment));
//! assert_ok!(Records::acknowledge(signed(PATIENT), 0));
//! assert_ok!(Records::attach_key(signed(PATIENT), 0, DOCTOR, key(1)));
//! let pointer = Records::read_pointer(0, DOCTOR, Purpose::Treatment).unwrap();
//! assert_eq!(pointer.wrapped_key, Some(key(1).into_inner()));
//! MockConsent::revoke(grant); // the consent pallet calls `OnGrantEnded::on_grant_ended`
//! assert!(WrappedKeys::<Test>::get(0, DOCTOR).is_none());
//! assert_eq!(
//!     Records::read_pointer(0, DOCTOR, Purpose::Treatment),
//!     Err(ReadDenied::Consent(DenialReason::NoGrant))
//! );
//! ```
//!
//! [`ConsentInspect::check_access`]: healthchain_primitives::ConsentInspect::check_access
//! [`ConsentInspect::read_grant_for`]: healthchain_primitives::ConsentInspect::read_grant_for
//! [`AccessTarget::NewRecord`]: healthchain_primitives::AccessTarget::NewRecord
//! [`blind`]: healthchain_primitives::blind
//! [`OnGrantEnded`]: healthchain_primitives::OnGrantEnded
//! [`OrganizationsInspect`]: healthchain_primitives::OrganizationsInspect
//! [`RecordId`]: healthchain_primitives::RecordId

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod functions;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
mod queries;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig},
	};
	use frame_system::pallet_prelude::*;
	use healthchain_primitives::{
		ConsentInspect, ContentHash, GrantId, OnGrantEnded, OrgId, OrganizationsInspect, Purpose,
		RecordId, Tag,
	};

	/// The in-code storage version. 1: the first release's layout; 2: `KeysByGrant` is a
	/// map keyed by `(grant, record, grantee)` instead of one bounded list per grant
	/// ([`crate::migrations::v2`]).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the records pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency deposits are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// Who belongs to which organization, and which organizations are active providers.
		type Organizations: OrganizationsInspect<Self::AccountId>;

		/// The consent decision.
		type Consent: ConsentInspect<Self::AccountId>;

		/// Deposit held for every record and every wrapped key, on top of the per-byte part.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Deposit held per byte stored: a record's encoded tags and locator, a wrapped key.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Longest locator, in bytes.
		#[pallet::constant]
		type MaxLocatorLen: Get<u32>;

		/// Longest wrapped key, in bytes.
		#[pallet::constant]
		type MaxWrappedKeyLen: Get<u32>;

		/// Most wrapped keys attached to one record (bounds the work of `erase`).
		#[pallet::constant]
		type MaxKeysPerRecord: Get<u32>;

		/// Most wrapped keys removed when a grant ends (bounds the work of
		/// [`OnGrantEnded::on_grant_ended`]). Keys left over are never handed out (their grant
		/// is no longer live) and anyone may remove them with `remove_unentitled_key`.
		#[pallet::constant]
		type MaxKeysRemovedOnGrantEnd: Get<u32>;

		/// Most versions in one record's chain (bounds `history` and `verify`).
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// The worst-case weight of one consent decision (`check_access` or `read_grant_for`
		/// over the most grants a pair may hold), charged on top of the benchmarked weight of
		/// every call that asks for one: the benchmarks set up a single permitting grant.
		#[pallet::constant]
		type ConsentDecisionWeight: Get<Weight>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for a record pointer.
		RecordDeposit,
		/// Deposit for a wrapped key.
		KeyDeposit,
	}

	/// The id the next record gets.
	#[pallet::storage]
	pub type NextRecordId<T> = StorageValue<_, RecordId, ValueQuery>;

	/// Record pointers by id. Records are never removed: erasure clears the body.
	#[pallet::storage]
	pub type Records<T: Config> = StorageMap<_, Twox64Concat, RecordId, RecordPointer<T>>;

	/// Index: a patient's live (not erased) records, with the category tag of each for
	/// filtering.
	#[pallet::storage]
	pub type RecordsByPatient<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, RecordId, Tag>;

	/// Wrapped data keys by record and grantee.
	#[pallet::storage]
	pub type WrappedKeys<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RecordId, Blake2_128Concat, T::AccountId, WrappedKey<T>>;

	/// Number of wrapped keys of a record (absent when zero).
	#[pallet::storage]
	pub type KeyCount<T: Config> = StorageMap<_, Twox64Concat, RecordId, u32, ValueQuery>;

	/// Index: the keys attached under each grant, by `(grant, record, grantee)`. Unbounded per
	/// grant (an organization grant may carry a key for every clinician on every record);
	/// bounded per record by `MaxKeysPerRecord`.
	#[pallet::storage]
	pub type KeysByGrant<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, GrantId>,
			NMapKey<Twox64Concat, RecordId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		(),
	>;

	/// Record pointers present from genesis (the `demo` preset). They hold no deposit.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The records, given ids 0, 1, 2... in this order.
		pub records: Vec<GenesisRecord<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (i, record) in self.records.iter().enumerate() {
				// A chain must not start from an invalid specification: refusing to build
				// genesis is the intended outcome.
				if let Err(e) = Pallet::<T>::insert_genesis_record(record) {
					panic!("records genesis: record {i} is invalid: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A record pointer was registered.
		RecordRegistered {
			/// The new record.
			record: RecordId,
			/// Its patient.
			patient: T::AccountId,
			/// Its custodian (`None` for a patient upload).
			custodian: Option<OrgId>,
			/// Who registered it.
			author: T::AccountId,
			/// Its content hash.
			hash: ContentHash,
			/// Its initial status (`Pending` or `Current`).
			status: RecordStatus,
			/// Deposit held from the author.
			deposit: BalanceOf<T>,
		},
		/// A new version replaced a record.
		RecordSuperseded {
			/// The replaced version (now `Superseded`).
			old: RecordId,
			/// The new version.
			new: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// The custodian.
			custodian: Option<OrgId>,
			/// Who registered the new version.
			author: T::AccountId,
			/// The new version number.
			version: u32,
			/// The new version's content hash.
			hash: ContentHash,
			/// The new version's status (`Pending` or `Current`).
			status: RecordStatus,
			/// Deposit held from the author for the new version.
			deposit: BalanceOf<T>,
		},
		/// The patient acknowledged a pending record; it is now `Current`.
		RecordAcknowledged {
			/// The record.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
		},
		/// The patient disputed a pending record.
		RecordDisputed {
			/// The record.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// Hash of the patient's off-chain dispute statement.
			reason: ContentHash,
		},
		/// A record was marked entered in error.
		RecordEnteredInError {
			/// The record.
			record: RecordId,
			/// Its previous status.
			previous: RecordStatus,
			/// Who marked it.
			by: T::AccountId,
		},
		/// The patient asked the custodian to erase a record.
		ErasureRequested {
			/// The record.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// The custodian asked.
			custodian: OrgId,
		},
		/// A record's body and wrapped keys were erased and its deposits returned.
		RecordErased {
			/// The record.
			record: RecordId,
			/// The patient.
			patient: T::AccountId,
			/// Who erased it (the patient or the custodian's admin).
			by: T::AccountId,
			/// How many wrapped keys were removed.
			keys_removed: u32,
			/// The record deposit returned to its payer.
			deposit_released: BalanceOf<T>,
		},
		/// A wrapped key was attached for a grantee.
		KeyAttached {
			/// The record.
			record: RecordId,
			/// Who can unwrap it.
			grantee: T::AccountId,
			/// The grant it hangs on (`None` for the patient's own key).
			grant: Option<GrantId>,
			/// Who attached it (and paid the deposit).
			by: T::AccountId,
			/// Deposit held.
			deposit: BalanceOf<T>,
		},
		/// A wrapped key was detached.
		KeyDetached {
			/// The record.
			record: RecordId,
			/// Whose key it was.
			grantee: T::AccountId,
			/// The grant it hung on.
			grant: Option<GrantId>,
			/// Who detached it.
			by: T::AccountId,
		},
		/// A grant ended and the keys attached under it were removed (at most
		/// `MaxKeysRemovedOnGrantEnd` of them).
		GrantKeysRemoved {
			/// The grant.
			grant: GrantId,
			/// The `(record, grantee)` keys removed.
			keys: Vec<(RecordId, T::AccountId)>,
			/// Whether keys of the grant are left; anyone may remove them with
			/// `remove_unentitled_key`.
			more_left: bool,
		},
		/// A key whose grantee is no longer entitled to it was removed and its deposit
		/// returned to its payer.
		UnentitledKeyRemoved {
			/// The record.
			record: RecordId,
			/// Whose key it was.
			grantee: T::AccountId,
			/// The grant it hung on.
			grant: GrantId,
			/// Who removed it.
			by: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No record with this id exists. Check the id (e.g. from `records_of`).
		UnknownRecord,
		/// The caller registers for another patient but is not a member of an active
		/// organization with the `Provider` role. Only providers register records for patients;
		/// patients register their own uploads with themselves as patient.
		NotProvider,
		/// The patient's consent does not permit the caller to append this record (its
		/// category, labels or date) for this purpose. Ask the patient for an `Append` grant
		/// that covers it (or check it with the consent pallet's `check_access`).
		ConsentDenied,
		/// Only the record's patient may do this.
		NotPatient,
		/// Only a clinician of the record's custodian organization (active, with the `Provider`
		/// role) may do this; for a patient's own upload, only the patient. Patients dispute
		/// provider records rather than replace them.
		NotCustodian,
		/// Only the record's patient or a clinician of its custodian organization may attach its
		/// wrapped keys.
		NotPatientOrCustodian,
		/// The caller is a member of the custodian (or of an active provider) but holds no
		/// clinical role: registering, superseding or withdrawing a record and attaching keys
		/// on the custodian's side need the `Clinician` or `EmergencyClinician` member role.
		/// Ask the organization's admin for the role.
		NotClinician,
		/// Only the record's patient, the key's grantee or the account that attached the key
		/// (and paid its deposit) may detach someone's wrapped key.
		NotPatientGranteeOrAttacher,
		/// Only the patient, or the custodian organization's admin, may erase a record.
		NotCustodianAdmin,
		/// The custodian may erase a record only after the patient requested it with
		/// `request_erasure`.
		ErasureNotRequested,
		/// The patient already requested erasure of this record.
		ErasureAlreadyRequested,
		/// The record is the patient's own upload and has no custodian to ask; the patient
		/// erases it directly.
		NoCustodian,
		/// The record has been erased; it can no longer change.
		RecordErased,
		/// Only a pending record can be acknowledged or disputed.
		NotPending,
		/// Only the latest version that is not entered in error can be superseded.
		NotSupersedable,
		/// The record's chain already has the maximum number of versions
		/// ([`Config::MaxVersions`]); register a new record instead.
		TooManyVersions,
		/// The record is already marked entered in error.
		AlreadyEnteredInError,
		/// The locator is empty; give where the encrypted blob is.
		EmptyLocator,
		/// A new version must keep its predecessor's category, security labels and clinical
		/// date tags. To change them, register a new record (which needs the patient's Append
		/// consent) and mark this one entered in error.
		FactsChanged,
		/// The wrapped key is empty.
		EmptyWrappedKey,
		/// No grant, valid now, lets the grantee read this record; a key can only be attached
		/// under one. Ask the patient for a grant first.
		NoReadGrant,
		/// A key for this grantee is already attached to the record; detach it first to
		/// replace it (also when the grant it hangs on has ended but the consent pallet has not
		/// reported it yet).
		KeyAlreadyAttached,
		/// No key for this grantee is attached to the record.
		KeyNotFound,
		/// The record already has the maximum number of wrapped keys
		/// ([`Config::MaxKeysPerRecord`]); detach one first.
		TooManyKeysForRecord,
		/// The key's grantee is still entitled to it: the grant it hangs on is live and a grant
		/// valid now still lets the grantee read the record (or it is the patient's own key).
		/// Only keys of grantees that lost their entitlement may be removed by anyone.
		KeyStillEntitled,
		/// Every record id has been used. No record or new version can be stored any more.
		IdsExhausted,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxLocatorLen::get() > 0, "MaxLocatorLen must allow a locator");
			assert!(T::MaxWrappedKeyLen::get() > 0, "MaxWrappedKeyLen must allow a key");
			assert!(T::MaxKeysPerRecord::get() > 0, "MaxKeysPerRecord must allow a key");
			assert!(
				T::MaxKeysRemovedOnGrantEnd::get() > 0,
				"MaxKeysRemovedOnGrantEnd must allow removing a key"
			);
			assert!(T::MaxVersions::get() >= 2, "MaxVersions must allow one supersession");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a record pointer.
		///
		/// - Origin: signed. If the caller is `patient`, this is the patient's own upload: no
		///   custodian, status `Current`. Otherwise the caller must be a clinician (member role
		///   `Clinician` or `EmergencyClinician`) of an active `Provider` organization and the
		///   patient's consent must permit `Append` of the new
		///   record (its blind category, labels and dates) for `purpose`; the organization
		///   becomes custodian and the record starts `Pending` until the patient acknowledges
		///   or disputes it.
		/// - `input` carries tags made with the patient's blind key, never codes or dates.
		/// - Holds `DepositBase + DepositPerByte * bytes` from the caller, `bytes` being the
		///   encoded tags and locator.
		/// - Weight: the benchmark plus [`Config::ConsentDecisionWeight`], as for every call
		///   that asks for a consent decision (`supersede`, `attach_key`,
		///   `remove_unentitled_key`). The benchmark made the least permitted decision (one
		///   grant read); `register`, `supersede` and `attach_key` are charged what the
		///   decision read beyond it, as the consent pallet weighs it
		///   ([`ConsentInspect::check_access_weighed`]), and give back the rest. The patient's
		///   own upload asks for none.
		/// - Errors: [`Error::NotProvider`], [`Error::NotClinician`], [`Error::ConsentDenied`],
		///   [`Error::EmptyLocator`], [`Error::IdsExhausted`], or the currency's error when the
		///   deposit cannot be held.
		/// - Emits: [`Event::RecordRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(
			T::WeightInfo::register(input.locator.len() as u32)
				.saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn register(
			origin: OriginFor<T>,
			patient: T::AccountId,
			input: Box<RecordInputOf<T>>,
			purpose: Purpose,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let locator = input.locator.len() as u32;
			let (_, decision) = Self::do_register(who, patient, *input, purpose)?;
			Ok(Some(T::WeightInfo::register(locator).saturating_add(decision)).into())
		}

		/// Registers a new version of `old`, which becomes `Superseded`.
		///
		/// - Origin: signed; a clinician of `old`'s custodian organization whom the patient's
		///   consent permits to `Append` the new version for `purpose` (it starts `Pending`),
		///   or, for the patient's own upload, the patient (it starts `Current`).
		/// - `old` must be the latest version, not erased and not entered in error, and its
		///   chain must have fewer than `MaxVersions` versions.
		/// - The new version keeps `old`'s category, label and date tags: grants name chains,
		///   so a version that changed them could escape an exception. The type tag, hash and
		///   locator may change.
		/// - Holds a record deposit from the caller for the new version.
		/// - Errors: [`Error::UnknownRecord`], [`Error::RecordErased`], [`Error::NotSupersedable`],
		///   [`Error::TooManyVersions`], [`Error::NotCustodian`], [`Error::NotClinician`],
		///   [`Error::FactsChanged`], [`Error::ConsentDenied`], [`Error::EmptyLocator`],
		///   [`Error::IdsExhausted`], or the currency's error.
		/// - Emits: [`Event::RecordSuperseded`].
		#[pallet::call_index(1)]
		#[pallet::weight(
			T::WeightInfo::supersede(input.locator.len() as u32)
				.saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn supersede(
			origin: OriginFor<T>,
			old: RecordId,
			input: Box<RecordInputOf<T>>,
			purpose: Purpose,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let locator = input.locator.len() as u32;
			let (_, decision) = Self::do_supersede(who, old, *input, purpose)?;
			Ok(Some(T::WeightInfo::supersede(locator).saturating_add(decision)).into())
		}

		/// Acknowledges a pending record: it becomes `Current`.
		///
		/// - Origin: signed, the record's patient.
		/// - Errors: [`Error::UnknownRecord`], [`Error::RecordErased`], [`Error::NotPatient`],
		///   [`Error::NotPending`].
		/// - Emits: [`Event::RecordAcknowledged`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::acknowledge())]
		pub fn acknowledge(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_acknowledge(who, record)
		}

		/// Disputes a pending record: it becomes `Disputed`, stays visible and keeps `reason`,
		/// the hash of the patient's off-chain statement.
		///
		/// - Origin: signed, the record's patient.
		/// - Errors: [`Error::UnknownRecord`], [`Error::RecordErased`], [`Error::NotPatient`],
		///   [`Error::NotPending`].
		/// - Emits: [`Event::RecordDisputed`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(
			origin: OriginFor<T>,
			record: RecordId,
			reason: ContentHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, record, reason)
		}

		/// Marks a record entered in error (it should never have been registered). Any
		/// version may be marked; the links stay.
		///
		/// - Origin: signed; a clinician of the custodian organization, or the patient for their
		///   own upload.
		/// - Errors: [`Error::UnknownRecord`], [`Error::RecordErased`],
		///   [`Error::AlreadyEnteredInError`], [`Error::NotCustodian`], [`Error::NotClinician`].
		/// - Emits: [`Event::RecordEnteredInError`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::mark_entered_in_error())]
		pub fn mark_entered_in_error(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_mark_entered_in_error(who, record)
		}

		/// Asks the custodian to erase a record, allowing its admin to call `erase`.
		///
		/// - Origin: signed, the record's patient.
		/// - Errors: [`Error::UnknownRecord`], [`Error::RecordErased`], [`Error::NotPatient`],
		///   [`Error::NoCustodian`], [`Error::ErasureAlreadyRequested`].
		/// - Emits: [`Event::ErasureRequested`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::request_erasure())]
		pub fn request_erasure(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_request_erasure(who, record)
		}

		/// Erases a record: removes its body (patient, custodian, author, tags, locator), its
		/// entry in the patient's index and every wrapped key, and returns the record and key
		/// deposits to their payers. The id, chain, hash, status and version links stay.
		///
		/// - Origin: signed; the patient at any time, or the custodian organization's admin
		///   after the patient's `request_erasure` (whether or not the organization is active:
		///   a suspended custodian can still honour a request).
		/// - Errors: [`Error::UnknownRecord`], [`Error::RecordErased`], [`Error::NotPatient`] (own
		///   upload, caller not the patient), [`Error::NotCustodianAdmin`],
		///   [`Error::ErasureNotRequested`].
		/// - Emits: [`Event::RecordErased`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::erase(T::MaxKeysPerRecord::get()))]
		pub fn erase(origin: OriginFor<T>, record: RecordId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let removed = Self::do_erase(who, record)?;
			Ok(Some(T::WeightInfo::erase(removed)).into())
		}

		/// Attaches the record's data key wrapped to `grantee`.
		///
		/// - Origin: signed; the patient or a clinician of the custodian organization.
		/// - For another grantee than the patient, a grant valid now must let the grantee read
		///   the record; the key is stored under that grant and removed when it ends. The
		///   patient's own key needs no grant.
		/// - Holds `DepositBase + DepositPerByte * key length` from the caller.
		/// - Errors: [`Error::EmptyWrappedKey`], [`Error::UnknownRecord`], [`Error::RecordErased`],
		///   [`Error::NotPatientOrCustodian`], [`Error::NotClinician`],
		///   [`Error::KeyAlreadyAttached`], [`Error::TooManyKeysForRecord`],
		///   [`Error::NoReadGrant`], or the currency's error.
		/// - Emits: [`Event::KeyAttached`].
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::attach_key(wrapped_key.len() as u32)
				.saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn attach_key(
			origin: OriginFor<T>,
			record: RecordId,
			grantee: T::AccountId,
			wrapped_key: WrappedKeyOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let length = wrapped_key.len() as u32;
			let decision = Self::do_attach_key(who, record, grantee, wrapped_key)?;
			Ok(Some(T::WeightInfo::attach_key(length).saturating_add(decision)).into())
		}

		/// Detaches `grantee`'s wrapped key from a record and returns its deposit.
		///
		/// - Origin: signed; the patient, the grantee itself or the account that attached the
		///   key. Other members of the custodian may not take a grantee's key away.
		/// - Errors: [`Error::UnknownRecord`], [`Error::KeyNotFound`] (also for an erased record,
		///   which has no keys), [`Error::NotPatientGranteeOrAttacher`].
		/// - Emits: [`Event::KeyDetached`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::detach_key())]
		pub fn detach_key(
			origin: OriginFor<T>,
			record: RecordId,
			grantee: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_detach_key(who, record, grantee)
		}

		/// Removes `grantee`'s wrapped key from a record once the grantee is no longer entitled
		/// to it, and returns its deposit to its payer.
		///
		/// A key is entitled while the grant it hangs on is live and a grant valid now lets the
		/// grantee read the record ([`ConsentInspect::read_grant_for`]); entitlement ends when
		/// the grant ends, the grantee leaves the grantee organization or loses the role the
		/// grant needs, or that organization is suspended. The patient's own key is always
		/// entitled.
		///
		/// - Origin: signed, anyone (the deposit goes back to the key's payer, not the caller).
		/// - Errors: [`Error::UnknownRecord`], [`Error::KeyNotFound`] (also for an erased record),
		///   [`Error::KeyStillEntitled`].
		/// - Emits: [`Event::UnentitledKeyRemoved`].
		#[pallet::call_index(9)]
		#[pallet::weight(
			T::WeightInfo::remove_unentitled_key().saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn remove_unentitled_key(
			origin: OriginFor<T>,
			record: RecordId,
			grantee: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_remove_unentitled_key(who, record, grantee)
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-records-runtime-api`, whose methods call these).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The record `id` (without its locator), or `None` if unknown. An erased record comes
		/// back without its body.
		pub fn record(id: RecordId) -> Option<RecordInfoOf<T>> {
			Records::<T>::get(id).map(|r| r.info(KeyCount::<T>::get(id)))
		}

		/// A page of `patient`'s live records, optionally only those whose category tag is
		/// `category` (the client computes the tag with the patient's blind key).
		///
		/// Pages follow storage order (not registration order). Start with
		/// `start_after = None`, then pass the returned `next` until it is `None`. `limit` is
		/// clamped to `1..=MAX_PAGE`; at most `MAX_PAGE_SCAN` index entries are examined
		/// per page, so a filtered page may hold fewer records (even none) and still have a
		/// `next`.
		pub fn records_of(
			patient: T::AccountId,
			category: Option<Tag>,
			start_after: Option<RecordId>,
			limit: u32,
		) -> RecordPageOf<T> {
			Self::query_records_of(patient, category, start_after, limit)
		}

		/// The ids of the versions of `id`'s chain, oldest first (empty if unknown).
		pub fn history(id: RecordId) -> Vec<RecordId> {
			Self::query_history(id)
		}

		/// Whether a blob with `hash` matches the current version of `id`'s chain.
		pub fn verify(id: RecordId, hash: ContentHash) -> VerifyResult {
			Self::query_verify(id, hash)
		}

		/// The locator and the accessor's wrapped key of `record`, if the consent pallet
		/// permits `accessor` to read it for `purpose`; the reason otherwise. A wrapped key is
		/// returned only while the grant it hangs on is live.
		pub fn read_pointer(
			record: RecordId,
			accessor: T::AccountId,
			purpose: Purpose,
		) -> Result<PointerInfoOf<T>, ReadDenied> {
			Self::query_read_pointer(record, accessor, purpose)
		}
	}

	/// Weighs what removing `n` keys costs beyond finding none, which the consent pallet's
	/// benchmarks count (see [`OnGrantEnded`]).
	impl<T: Config> OnGrantEnded for Pallet<T> {
		fn on_grant_ended(grant: GrantId) -> Weight {
			let removed = Self::do_remove_grant_keys(grant);
			Self::grant_keys_weight(removed)
		}

		fn weight() -> Weight {
			Self::grant_keys_weight(T::MaxKeysRemovedOnGrantEnd::get())
		}
	}
}
