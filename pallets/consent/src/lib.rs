//! # Consent pallet
//!
//! Patients grant, scope, time-limit and revoke access to their records, and refuse named
//! actors; clinicians break the glass in emergencies; every logged access, permitted or denied,
//! lands in the audit trail.
//!
//! ## Overview
//!
//! A [`Grant`] is a bounded, on-chain FHIR `Consent`: a patient (or one of their guardians)
//! permits a grantee, which is an account or an organization, to perform some [`Action`]s on
//! some records for some [`Purpose`]s, during a validity window, optionally only for records
//! dated in a data period, minus deny [`Exception`]s. A deposit is held from the grantor per
//! grant and returned when the grant is revoked or cleaned up after expiry.
//!
//! A [`Deny`] provision (FHIR `provision.type = deny` with an actor) refuses an actor, an
//! account or an organization, what its terms name: purposes, actions, a scope as a grant's and
//! security labels, each left empty to refuse everything of its kind. Deny overrides permit: a
//! deny that applies refuses whatever grant the actor holds. It lasts until the patient or a
//! guardian revokes it; its deposit is held from the patient.
//!
//! No health fact is in a grant in the clear: categories, security labels and dates are blind
//! tags (`healthchain_primitives::blind`), keyed commitments made with the patient's blind key.
//! The chain decides by comparing a grant's tags with a record's, without learning the codes;
//! a wallet holding the key shows them by matching tags against the codes it knows.
//!
//! [`Pallet::check_access`] answers "may this accessor do this to that record of this patient
//! for this purpose, now?" with an [`AccessDecision`]: the basis that permits it, or the most
//! specific reason for the denial. It reads a handful of storage items whatever the number of
//! grants a patient has: grants are indexed by (patient, grantee), see [`GrantsByPair`], and
//! denies by (patient, actor), see [`DeniesByPair`] (at most `MaxDeniesPerPatient` in all).
//!
//! ## Terminology
//!
//! - **Patient**: the subject of the records, an account.
//! - **Guardian**: an account appointed by the patient that acts for them: it is permitted
//!   every access and may grant and revoke in the patient's name.
//! - **Grantor**: who made a grant, the patient or a guardian; pays and gets back its deposit.
//!   A guardian's power ends with its guardianship: when it is removed or resigns, its grants
//!   to accounts (itself included) are revoked, and its grants to organizations are adopted by
//!   the patient, who then pays their deposit (or, unable to, sees them revoked). Deposits go
//!   back to the guardian in both cases.
//! - **Grantee**: [`Grantee::Account`] or [`Grantee::Organization`]. Only an active
//!   organization may be given a grant. An organization grant
//!   serves a member only while the organization is active and holds an organization role
//!   that fits the purpose, and while the member holds a member role that fits it:
//!
//!   | purpose | organization role (any of) | member role (any of) |
//!   |---|---|---|
//!   | `Treatment` | `Provider` | `Clinician`, `EmergencyClinician` |
//!   | `EmergencyTreatment` | `Provider` | `EmergencyClinician`, `Clinician` |
//!   | `Research` | `Researcher` | `Researcher` |
//!   | `Payment` | `Payer` | `Staff` |
//!   | `Operations` | `Provider`, `Payer` | `Staff` |
//!   | `PublicHealth` | `Regulator` | any role (a member with no role is refused) |
//!
//! - **Validity**: a grant may be used from `valid_from` (included) until `valid_until`
//!   (excluded); at `valid_until` it has expired. An open-ended grant needs `open_ended: true`.
//! - **Data period**: records whose clinical date lies in the period, both ends included. A
//!   period is the tags of the date-tree nodes that cover its days
//!   (`healthchain_primitives::blind::period_tags`); a record carries the tags of the nodes
//!   above its day, and lies in the period exactly when the two share a tag. Days are exact.
//! - **Chain**: the versions of a record (a version supersedes its predecessor) form a chain,
//!   named by the id of its first version. Grants name records by chain (see
//!   [`Pallet::grant`]), so that a scope or an exception holds for every version.
//! - **Emergency access** ("break the glass"): read-only access for `EmergencyTreatment` that
//!   an emergency clinician of an active provider opens for at most `MaxEmergencyDuration`,
//!   announced by [`Event::EmergencyAccessOpened`], reviewed afterwards. Per `EmergencyWindow`
//!   at most `MaxEmergencyPerWindow` are opened by a clinician, `MaxEmergencyPerOrganization`
//!   by an organization's clinicians together and `MaxEmergencyPerPatient` to a patient. Each
//!   holds `EmergencyDeposit` from the admin of the clinician's organization, released to it
//!   at the access's first review: the access is kept for good, and the organization, whose
//!   admin makes emergency clinicians, answers for its staff.
//! - **Reviewer class**: the side a review of an ended emergency access speaks for
//!   ([`ReviewerClass`]): the patient side (the patient or a guardian) or the oversight side (a
//!   member holding `Auditor` in an active `Regulator` organization, its admin only with the
//!   role). Each side reviews an access once, whatever the other did.
//! - **Deny provision**: the patient's refusal of an actor, [`Grantee::Account`] (that account)
//!   or [`Grantee::Organization`] (its admin and every member, while they belong to it). At
//!   most `MaxDeniesPerPatient` per patient. The deposit (`DepositBase` + `DepositPerByte` per
//!   byte) is held from the patient even when a guardian records it, so that a deny needs no
//!   settling when a guardian goes and keeps protecting the patient. A deny has no end, since
//!   one that lapsed unnoticed would reopen access: it lasts until revoked. It cannot name the
//!   patient nor a current guardian; a guardian appointed later is not bound by it (a guardian
//!   acts for the patient).
//!
//! ## How a decision is made
//!
//! 1. A [`AccessTarget::Record`] must exist, not be erased and belong to the patient, else
//!    `Denied(UnknownRecord)`.
//! 2. The patient themself: `Permitted(Patient)`. An appointed guardian: `Permitted(Guardian)`.
//! 3. A deny against `Account(accessor)` that applies (table below): `Denied(DenyProvision(id))`.
//! 4. `Read` for `EmergencyTreatment` by a clinician with an open, unexpired emergency access to
//!    the patient, whose organization is still an active provider and who still holds the
//!    `EmergencyClinician` role: `Permitted(Emergency(id))`. Emergency access never permits
//!    `Append`.
//! 5. A deny against `Organization(org of accessor)` that applies: `Denied(DenyProvision(id))`.
//!    Step 4 comes first: an organization deny does not stop an emergency access. The patient
//!    named the institution, and refusing it would shut its whole emergency department out of a
//!    patient brought there unconscious; the access stays announced, logged and reviewed. An
//!    account deny (step 3) does stop it: the patient named that clinician, a colleague may break
//!    the glass instead, and a break-the-glass by the one person refused is the abuse the deny
//!    guards against. (Opening is not refused; the access opened permits nothing to a refused
//!    clinician.)
//! 6. The grants to `Account(accessor)`, then those to `Organization(org of accessor)`. Each is
//!    tested in this order, the first failing test giving that grant's denial reason:
//!    validity now (`NotValidNow`), purpose (`PurposeNotAllowed`), action (`ActionNotAllowed`),
//!    scope (`OutOfScope`), data period (`OutsideDataPeriod`), exceptions (`Excepted`) and, for
//!    organization grants, the entitlement above (`OrganizationNotEntitled`). An account grant
//!    serves only while the accessor belongs to no organization or to an active one
//!    (`OrganizationNotEntitled` otherwise): a practitioner acts through their organization,
//!    and a suspension stops what its staff were granted personally. The first grant
//!    that passes permits: `Permitted(Grant(id))`. Scope, data period and exceptions compare
//!    the grant with the target as the table below says.
//! 7. Otherwise the denial reason is the most specific one met among the grants examined, in
//!    the order `NoGrant` < `NotValidNow` < `PurposeNotAllowed` < `ActionNotAllowed` <
//!    `OutOfScope` < `OutsideDataPeriod` < `Excepted` < `OrganizationNotEntitled`: the reason of
//!    the grant that came closest to permitting.
//!
//! A target is one of three kinds. A [`AccessTarget::Record`] is decided on its chain and the
//! blind facts (category, labels, date) the records pallet keeps for it. A
//! [`AccessTarget::NewRecord`] is a record about to be registered (`Append`), decided on the
//! blind facts it will carry. A [`AccessTarget::Category`] stands for records of that category
//! whose ids, labels and dates are not known. A rule that cannot be decided for a category
//! target is decided against the accessor:
//!
//! | rule of the grant | `Record` | `NewRecord` | `Category` |
//! |---|---|---|---|
//! | scope `Categories(tags)` | its category in `tags` | its category in `tags` | the tag in `tags` |
//! | scope `Records(chains)` | its chain in `chains` | out of scope | out of scope |
//! | data period | its date in the period | its date in the period | outside (`OutsideDataPeriod`) |
//! | exception `Category(t)` | its category is `t` | its category is `t` | the tag is `t` |
//! | exception `Label(t)` | it carries `t` | it carries `t` | excepted for `Read`, not `Append` |
//! | exception `Record(c)` | its chain is `c` | never | excepted for `Read`, not `Append` |
//! | exception `DataPeriod(p)` | its date in `p` | its date in `p` | excepted |
//!
//! A category `Read` includes the records a label or record exception removes, so it is
//! excepted; an `Append` of a category adds a record that is none of the existing ones.
//!
//! A deny applies when the purpose is one of its purposes (or it names none), the action one of
//! its actions (or none), and the target may be a record its scope and labels name. What cannot
//! be decided goes against the accessor, as for a grant:
//!
//! | term of the deny | `Record` | `NewRecord` | `Category` |
//! |---|---|---|---|
//! | scope `AllRecords` | applies | applies | applies |
//! | scope `Categories(tags)` | its category in `tags` | its category in `tags` | the tag in `tags` |
//! | scope `Records(chains)` | its chain in `chains` | applies (may be a new version of one) | applies (may hold one) |
//! | labels (none: any) | it carries one | it carries one | applies (labels unknown) |
//!
//! A deny refuses [`ConsentInspect`](healthchain_primitives::ConsentInspect) answers too: the
//! records pallet's `register`, `supersede` and `read_pointer` ask `check_access`, and a key is
//! attached (or stays entitled) under a grant only for a purpose no deny against the grantee or
//! its organization refuses (`read_grant_for`), so a key of a refused grantee may be removed by
//! anyone with `remove_unentitled_key`.
//!
//! ## Calls
//!
//! Patients (and, where noted, their guardians):
//! - [`Pallet::grant`] (patient or guardian), [`Pallet::revoke`] (patient or guardian),
//!   [`Pallet::appoint_guardian`], [`Pallet::remove_guardian`], [`Pallet::deny`] (patient or
//!   guardian), [`Pallet::revoke_deny`] (patient or guardian).
//!
//! Guardians: [`Pallet::resign_guardian`].
//!
//! Emergency clinicians: [`Pallet::open_emergency_access`], [`Pallet::close_emergency_access`].
//!
//! Patients and guardians (the patient side), and regulators' auditors (the oversight side):
//! [`Pallet::review_emergency_access`], once per side.
//!
//! Anyone: [`Pallet::remove_expired`] (cleans up an expired grant).
//!
//! Accountable accessors (the patient, a guardian, a grantee account of the patient, the admin
//! or a member of an active organization): [`Pallet::log_access`] (the accessor records an
//! access attempt; it succeeds for denied attempts too, and counts it only for a live record
//! or a patient with grants or guardians).
//!
//! Expired grants are also removed by `on_idle`, oldest first, as far as the block's spare
//! weight allows.
//!
//! ## Queries
//!
//! Plain functions on [`Pallet`], also exposed as view functions and through the
//! `pallet-consent-runtime-api` crate: [`Pallet::check_access`], [`Pallet::grant_info`],
//! [`Pallet::grants_of`], [`Pallet::grants_to`], [`Pallet::emergency_access`],
//! [`Pallet::emergency_accesses_of`], [`Pallet::guardians_of`], [`Pallet::access_counters`],
//! [`Pallet::deny_info`], [`Pallet::denies_of`].
//!
//! ## Example
//!
//! From the test `grant_then_check_permitted_then_revoke_denies` (`treatment_read()` is
//! `Treatment`, `Read`, all records, ending in a day; `read(who, record)` is `check_access` of
//! Alice's record by `who` for `Treatment` and `Read`):
//!
//! ```ignore
//! assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
//! let id = grant_by(ALICE, Grantee::Account(BOB), treatment_read());
//! assert_eq!(read(BOB, REC_NOTE), permitted_by(id));
//!
//! assert_ok!(Consent::revoke(signed(ALICE), id));
//! assert_eq!(read(BOB, REC_NOTE), denied(DenialReason::NoGrant));
//! assert_eq!(MockOnGrantEnded::ended(), vec![id]);
//! ```
//!
//! [`Action`]: healthchain_primitives::Action
//! [`Purpose`]: healthchain_primitives::Purpose
//! [`AccessDecision`]: healthchain_primitives::AccessDecision
//! [`AccessTarget::Record`]: healthchain_primitives::AccessTarget::Record
//! [`AccessTarget::NewRecord`]: healthchain_primitives::AccessTarget::NewRecord
//! [`AccessTarget::Category`]: healthchain_primitives::AccessTarget::Category

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

pub use functions::Examined;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungible;

/// The balance type of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{fungible, BuildGenesisConfig},
	};
	use frame_system::pallet_prelude::*;
	use healthchain_primitives::{
		AccessDecision, AccessTarget, Action, DenyId, EmergencyId, GrantId, Moment, OnGrantEnded,
		OrgId, OrganizationsInspect, Purpose, RecordId, RecordsInspect,
	};

	/// The in-code storage version. 1: the first release's layout; 2: an emergency access keeps
	/// one review per reviewer class, the patient side's and the oversight side's, instead of one
	/// review ([`crate::migrations::v2`]).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the consent pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency deposits are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The runtime's hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Wall-clock time in milliseconds (`pallet_timestamp`).
		type Time: frame_support::traits::Time<Moment = Moment>;

		/// Organizations, their roles and members (`pallet-organizations`).
		type Organizations: OrganizationsInspect<Self::AccountId>;

		/// Record facts: patient, chain and blind facts (`pallet-records`).
		type Records: RecordsInspect<Self::AccountId>;

		/// Told when a grant is revoked or removed after expiry.
		type OnGrantEnded: OnGrantEnded;

		/// Deposit held per grant, on top of the per-byte part.
		#[pallet::constant]
		type DepositBase: Get<BalanceOf<Self>>;

		/// Deposit held per byte of a grant's encoding.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Deposit held from the patient per appointed guardian.
		#[pallet::constant]
		type GuardianDeposit: Get<BalanceOf<Self>>;

		/// Most categories or record ids a grant's scope lists.
		#[pallet::constant]
		type MaxScopeItems: Get<u32>;

		/// Most exceptions a grant holds.
		#[pallet::constant]
		type MaxExceptions: Get<u32>;

		/// Most live grants from one patient to one grantee. Bounds the work of an access
		/// decision.
		#[pallet::constant]
		type MaxGrantsPerPair: Get<u32>;

		/// Most guardians a patient has at once.
		#[pallet::constant]
		type MaxGuardians: Get<u32>;

		/// Most live grants one guardian has made for one patient. Bounds the work of settling
		/// a guardian's grants when it is removed or resigns.
		#[pallet::constant]
		type MaxGrantsPerGuardian: Get<u32>;

		/// Longest emergency access, in milliseconds.
		#[pallet::constant]
		type MaxEmergencyDuration: Get<Moment>;

		/// Length of the emergency rate-limit window, in milliseconds.
		#[pallet::constant]
		type EmergencyWindow: Get<Moment>;

		/// Most emergency accesses a clinician opens per window.
		#[pallet::constant]
		type MaxEmergencyPerWindow: Get<u32>;

		/// Most emergency accesses the clinicians of one organization open per window, all
		/// together: an admin makes as many emergency clinicians as it likes, so the limit per
		/// clinician alone bounds nothing.
		#[pallet::constant]
		type MaxEmergencyPerOrganization: Get<u32>;

		/// Most emergency accesses opened to one patient per window, whoever opens them.
		#[pallet::constant]
		type MaxEmergencyPerPatient: Get<u32>;

		/// Deposit held per emergency access from the admin of the opening clinician's
		/// organization, released to that payer at the access's first review.
		#[pallet::constant]
		type EmergencyDeposit: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Most deny provisions a patient has at once. Bounds the work of an access decision,
		/// which reads the denies against the accessor and against its organization.
		#[pallet::constant]
		type MaxDeniesPerPatient: Get<u32>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a grant, held from its grantor.
		GrantDeposit,
		/// The deposit of a guardian entry, held from the patient.
		GuardianDeposit,
		/// The deposit of an emergency access, held from the admin of the opening clinician's
		/// organization until the access's first review.
		EmergencyDeposit,
		/// The deposit of a deny provision, held from the patient.
		DenyDeposit,
	}

	/// The id the next grant gets.
	#[pallet::storage]
	pub type NextGrantId<T> = StorageValue<_, GrantId, ValueQuery>;

	/// Live grants (revoked and cleaned-up grants are removed; expired ones stay until cleaned
	/// up, and are not valid meanwhile).
	#[pallet::storage]
	pub type Grants<T: Config> = StorageMap<_, Twox64Concat, GrantId, Grant<T>, OptionQuery>;

	/// The grants from a patient to a grantee: what an access decision reads. No empty lists.
	#[pallet::storage]
	pub type GrantsByPair<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		Grantee<T::AccountId>,
		BoundedVec<GrantId, T::MaxGrantsPerPair>,
		ValueQuery,
	>;

	/// Index of a patient's grants, for paging.
	#[pallet::storage]
	pub type GrantsOfPatient<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, GrantId, (), OptionQuery>;

	/// Index of a grantee's grants, for paging.
	#[pallet::storage]
	pub type GrantsToGrantee<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		Grantee<T::AccountId>,
		Twox64Concat,
		GrantId,
		(),
		OptionQuery,
	>;

	/// Grants with an end, keyed by their `valid_until` in big-endian bytes. With the
	/// `Identity` hasher the storage order is the expiry order, so `on_idle` finds the next
	/// grant to expire by reading the first key. The key is chosen by grantors, but it is a
	/// fixed 8 bytes followed by a hashed id, and each entry costs a grant deposit.
	#[pallet::storage]
	pub type ExpiryQueue<T> =
		StorageDoubleMap<_, Identity, ExpiryKey, Twox64Concat, GrantId, (), OptionQuery>;

	/// Each patient's guardians.
	#[pallet::storage]
	pub type Guardians<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<Guardianship<T::AccountId, BalanceOf<T>>, T::MaxGuardians>,
		ValueQuery,
	>;

	/// The live grants each guardian made for a patient, keyed (patient, guardian): what
	/// removing or resigning a guardian settles. A grant is here exactly when its grantor is not
	/// its patient. No empty lists.
	#[pallet::storage]
	pub type GuardianGrants<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<GrantId, T::MaxGrantsPerGuardian>,
		ValueQuery,
	>;

	/// The id the next emergency access gets.
	#[pallet::storage]
	pub type NextEmergencyId<T> = StorageValue<_, EmergencyId, ValueQuery>;

	/// Every emergency access ever opened, kept for audit and review.
	#[pallet::storage]
	pub type EmergencyAccesses<T: Config> =
		StorageMap<_, Twox64Concat, EmergencyId, EmergencyAccess<T::AccountId>, OptionQuery>;

	/// Index of a patient's emergency accesses, for paging.
	#[pallet::storage]
	pub type EmergencyOfPatient<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Twox64Concat,
		EmergencyId,
		(),
		OptionQuery,
	>;

	/// The latest emergency access of a (clinician, patient) pair that is neither closed by the
	/// clinician nor reviewed by either side; it may have expired by time.
	#[pallet::storage]
	pub type OpenEmergency<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		EmergencyId,
		OptionQuery,
	>;

	/// Each clinician's emergency openings in the current window.
	#[pallet::storage]
	pub type EmergencyRate<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RateWindow, ValueQuery>;

	/// Each organization's emergency openings in the current window, all its clinicians
	/// together.
	#[pallet::storage]
	pub type EmergencyRateOfOrganization<T> =
		StorageMap<_, Twox64Concat, healthchain_primitives::OrgId, RateWindow, ValueQuery>;

	/// The emergency openings to each patient in the current window, whoever opened them.
	#[pallet::storage]
	pub type EmergencyRateOfPatient<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, RateWindow, ValueQuery>;

	/// The deposit of each emergency access not reviewed yet: the account it is held from (the
	/// admin of the clinician's organization when the access was opened) and the amount.
	/// Removed, and the deposit released to that account, at the access's first review.
	#[pallet::storage]
	pub type EmergencyDeposits<T: Config> =
		StorageMap<_, Twox64Concat, EmergencyId, (T::AccountId, BalanceOf<T>), OptionQuery>;

	/// Per-patient counters of logged accesses.
	#[pallet::storage]
	pub type AccessCounters<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AccessTally, ValueQuery>;

	/// The id the next deny provision gets.
	#[pallet::storage]
	pub type NextDenyId<T> = StorageValue<_, DenyId, ValueQuery>;

	/// Live deny provisions (a revoked one is removed).
	#[pallet::storage]
	pub type Denies<T: Config> = StorageMap<_, Twox64Concat, DenyId, Deny<T>, OptionQuery>;

	/// Each patient's deny provisions, at most `MaxDeniesPerPatient`. No empty lists.
	#[pallet::storage]
	pub type DeniesOfPatient<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<DenyId, T::MaxDeniesPerPatient>,
		ValueQuery,
	>;

	/// The deny provisions of a patient against an actor: what an access decision reads. No
	/// empty lists.
	#[pallet::storage]
	pub type DeniesByPair<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		Grantee<T::AccountId>,
		BoundedVec<DenyId, T::MaxDeniesPerPatient>,
		ValueQuery,
	>;

	/// Grants to create at genesis (no deposits; see [`GenesisGrant`]).
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The grants, given ids 0, 1, ... in this order.
		pub grants: Vec<GenesisGrant<T::AccountId>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (i, grant) in self.grants.iter().enumerate() {
				// A chain spec with an invalid grant must not produce a chain.
				if let Err(reason) = Pallet::<T>::build_genesis_grant(grant) {
					panic!("consent genesis grant #{i} is invalid: {reason}");
				}
			}
		}
	}

	/// Events of the consent pallet: together they are the audit trail.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A grant was made.
		GrantCreated {
			/// The new grant's id.
			id: GrantId,
			/// The whole grant, deposit included.
			grant: Grant<T>,
		},
		/// A grant was revoked; it no longer permits anything from this block on.
		GrantRevoked {
			/// The grant.
			id: GrantId,
			/// Its patient.
			patient: T::AccountId,
			/// Its grantee.
			grantee: Grantee<T::AccountId>,
			/// Who revoked it: the patient or a guardian.
			revoked_by: T::AccountId,
			/// Deposit returned to the grantor.
			deposit_released: BalanceOf<T>,
		},
		/// An expired grant was removed (by `remove_expired` or `on_idle`).
		GrantExpired {
			/// The grant.
			id: GrantId,
			/// Its patient.
			patient: T::AccountId,
			/// Its grantee.
			grantee: Grantee<T::AccountId>,
			/// Deposit returned to the grantor.
			deposit_released: BalanceOf<T>,
		},
		/// A grant to an organization that a guardian made passed to the patient when the
		/// guardian was removed or resigned: the patient is now its grantor and pays its
		/// deposit; the guardian's deposit was returned.
		GrantAdopted {
			/// The grant.
			id: GrantId,
			/// Its patient, now its grantor.
			patient: T::AccountId,
			/// The guardian who made it.
			former_grantor: T::AccountId,
			/// Deposit returned to the guardian.
			deposit_released: BalanceOf<T>,
			/// Deposit now held from the patient.
			deposit: BalanceOf<T>,
		},
		/// A patient appointed a guardian.
		GuardianAppointed {
			/// The patient.
			patient: T::AccountId,
			/// The guardian.
			guardian: T::AccountId,
			/// Deposit held from the patient.
			deposit: BalanceOf<T>,
		},
		/// A patient removed a guardian.
		GuardianRemoved {
			/// The patient.
			patient: T::AccountId,
			/// The former guardian.
			guardian: T::AccountId,
			/// Deposit returned to the patient.
			deposit_released: BalanceOf<T>,
		},
		/// A guardian resigned.
		GuardianResigned {
			/// The patient.
			patient: T::AccountId,
			/// The former guardian.
			guardian: T::AccountId,
			/// Deposit returned to the patient.
			deposit_released: BalanceOf<T>,
		},
		/// A clinician broke the glass: read-only emergency access to the patient's records.
		EmergencyAccessOpened {
			/// The emergency access.
			id: EmergencyId,
			/// Whose records.
			patient: T::AccountId,
			/// The emergency clinician.
			clinician: T::AccountId,
			/// The clinician's organization.
			org: healthchain_primitives::OrgId,
			/// Hash of the justification kept off chain.
			justification: [u8; 32],
			/// When it ends by itself (milliseconds).
			expires_at: Moment,
			/// Who the deposit is held from: the admin of the clinician's organization.
			depositor: T::AccountId,
			/// The deposit held until the access's first review.
			deposit: BalanceOf<T>,
		},
		/// The clinician closed an emergency access before it expired.
		EmergencyAccessClosed {
			/// The emergency access.
			id: EmergencyId,
			/// Whose records.
			patient: T::AccountId,
			/// The clinician.
			clinician: T::AccountId,
			/// When it was closed (milliseconds).
			closed_at: Moment,
		},
		/// An ended emergency access was reviewed by one side; the other side may still review.
		EmergencyAccessReviewed {
			/// The emergency access.
			id: EmergencyId,
			/// Whose records.
			patient: T::AccountId,
			/// The clinician who opened it.
			clinician: T::AccountId,
			/// The reviewer: the patient, a guardian or a regulator's auditor.
			reviewer: T::AccountId,
			/// The side the reviewer spoke for: the patient side or the oversight side.
			class: ReviewerClass,
			/// The verdict.
			verdict: ReviewVerdict,
			/// Hash of the review note kept off chain.
			note: [u8; 32],
			/// The deposit released to its payer: the whole deposit at the first review, zero
			/// at the second.
			deposit_released: BalanceOf<T>,
		},
		/// An accessor logged an access attempt, and the chain decided it.
		AccessLogged {
			/// Whose records.
			patient: T::AccountId,
			/// Who accessed.
			accessor: T::AccountId,
			/// Which record or category.
			target: AccessTarget,
			/// Why.
			purpose: Purpose,
			/// What was done.
			action: Action,
			/// The decision: the basis of a permitted access or the denial reason.
			decision: AccessDecision,
		},
		/// A custodian's gatekeeper logged a request to read one of its records, and the chain
		/// decided it; the gatekeeper serves the blob only when this decision permits.
		AccessServed {
			/// Whose record.
			patient: T::AccountId,
			/// Who asked.
			accessor: T::AccountId,
			/// The record asked for.
			record: RecordId,
			/// Why.
			purpose: Purpose,
			/// The decision: the basis of a permitted read or the denial reason.
			decision: AccessDecision,
			/// The custodian organization whose gatekeeper logged it.
			custodian: OrgId,
			/// The hash of the accessor's signed request, which the gatekeeper keeps.
			request: [u8; 32],
		},
		/// A patient (or a guardian for them) recorded a deny provision: from this block on, the
		/// actor is refused what it names, whatever grant it holds.
		DenyRecorded {
			/// The new deny provision's id.
			id: DenyId,
			/// The whole deny provision, deposit included.
			deny: Deny<T>,
		},
		/// A deny provision was revoked; it refuses nothing from this block on.
		DenyRevoked {
			/// The deny provision.
			id: DenyId,
			/// Its patient.
			patient: T::AccountId,
			/// The actor it named.
			actor: Grantee<T::AccountId>,
			/// Who revoked it: the patient or a guardian.
			revoked_by: T::AccountId,
			/// Deposit returned to the patient.
			deposit_released: BalanceOf<T>,
		},
	}

	/// Errors of the consent pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// The caller is neither the patient nor one of their guardians. Only the patient or
		/// an appointed guardian may grant or revoke for a patient.
		NotPatientOrGuardian,
		/// A patient cannot grant to themself: they always have access to their records.
		GrantToSelf,
		/// The grantee organization does not exist. Check the organization id.
		UnknownOrganization,
		/// The grantee organization is suspended: its members may not act, so it cannot be
		/// given consent. Grant again once it is reinstated.
		GranteeOrganizationSuspended,
		/// The grantee organization's accreditation was revoked for good; it cannot be given
		/// consent.
		GranteeOrganizationRevoked,
		/// A grant must allow at least one purpose.
		NoPurpose,
		/// A grant must allow at least one action.
		NoAction,
		/// A list scope (categories or records) must name at least one item; use `AllRecords`
		/// to cover everything.
		EmptyScope,
		/// A period (the data period or a data-period exception) has no tags. Give the tags of
		/// the period's cover (`blind::period_tags`), which a period of at least one day has.
		InvalidDataPeriod,
		/// A record named by a `Records` scope or a `Record` exception does not exist, has been
		/// erased, or belongs to another patient. Name only live records of this patient.
		RecordNotOfPatient,
		/// The grant has no `valid_until` and `open_ended` is false. Give an end, or set
		/// `open_ended: true` to make a grant without end on purpose.
		EndRequired,
		/// Both `valid_until` and `open_ended: true` were given. Give one of them.
		EndWithOpenEnded,
		/// `valid_until` is not in the future. Give a later end.
		EndInPast,
		/// `valid_until` is not after `valid_from`. Give an end after the start.
		EndBeforeStart,
		/// The patient already has `MaxGrantsPerPair` grants to this grantee. Revoke one first
		/// (or let one expire and clean it up).
		TooManyGrantsForPair,
		/// No grant with this id exists (it may have been revoked or cleaned up already).
		UnknownGrant,
		/// The grant has not expired yet, so it cannot be removed as expired. Revoke it
		/// instead, if you are its patient or a guardian.
		NotExpired,
		/// A patient cannot be their own guardian.
		GuardianIsPatient,
		/// This account is already a guardian of the patient.
		AlreadyGuardian,
		/// The patient already has `MaxGuardians` guardians. Remove one first.
		TooManyGuardians,
		/// This account is not a guardian of the patient.
		NotGuardian,
		/// The guardian already has `MaxGrantsPerGuardian` live grants for this patient. Revoke
		/// one first (or let one expire and clean it up).
		TooManyGrantsByGuardian,
		/// Only a member holding the `EmergencyClinician` role may break the glass.
		NotEmergencyClinician,
		/// The clinician's organization is not an active `Provider`, so it cannot open
		/// emergency access.
		OrganizationNotEntitled,
		/// A clinician cannot open emergency access to their own records: they are the
		/// patient and already have access.
		EmergencyForSelf,
		/// An emergency access must last some time. Give a positive duration.
		ZeroDuration,
		/// The duration exceeds `MaxEmergencyDuration`. Ask for less; open another one later if
		/// the emergency continues.
		EmergencyTooLong,
		/// The clinician opened `MaxEmergencyPerWindow` emergency accesses in the current
		/// `EmergencyWindow`. Wait for the window to pass.
		EmergencyRateLimited,
		/// The clinician already has an open emergency access to this patient. Use it, or
		/// close it first.
		EmergencyAlreadyOpen,
		/// No emergency access with this id exists.
		UnknownEmergency,
		/// Only the clinician who opened an emergency access may close it.
		NotEmergencyOpener,
		/// The emergency access is already closed or expired.
		EmergencyAlreadyClosed,
		/// The emergency access is still open; review it once it is closed or expired.
		EmergencyStillOpen,
		/// Only the patient or a guardian (the patient side), or an `Auditor` member of an active
		/// `Regulator` organization (the oversight side), may review an emergency access.
		NotReviewer,
		/// The reviewer's side has reviewed this emergency access already: the patient side
		/// (the patient or any guardian) reviews it once, and so does the oversight side (any
		/// regulator's auditor). The other side's review does not count.
		AlreadyReviewed,
		/// The id counter is exhausted; no more grants, emergency accesses or deny provisions
		/// can be created.
		IdsExhausted,
		/// Only an accountable accessor may log an access to a patient's records: the patient,
		/// a guardian, an account holding one of the patient's grants, or someone of an active
		/// organization.
		NotAccountableAccessor,
		/// A member of an active `Regulator` organization reviews an emergency access for the
		/// oversight side only while it holds the `Auditor` member role. The admin is no
		/// exception: it gives itself the role (`set_member_roles`) to review.
		NotAuditor,
		/// The clinician's organization opened `MaxEmergencyPerOrganization` emergency accesses
		/// in the current `EmergencyWindow`, all its clinicians together. Wait for the window to
		/// pass.
		EmergencyOrganizationRateLimited,
		/// `MaxEmergencyPerPatient` emergency accesses were opened to this patient in the
		/// current `EmergencyWindow`, whoever opened them. Wait for the window to pass, or ask
		/// the patient or a guardian for a grant.
		EmergencyPatientRateLimited,
		/// The clinician's organization has no admin account (the admin left and no successor
		/// accepted): the emergency deposit is held from the admin, so its clinicians cannot
		/// break the glass until it has one again.
		NoAdmin,
		/// The admin of the clinician's organization cannot pay the emergency deposit
		/// (`EmergencyDeposit`): the admin keeps it free for the organization's clinicians to
		/// break the glass.
		CannotPayEmergencyDeposit,
		/// A patient cannot refuse themself: they always have access to their records.
		DenyAgainstPatient,
		/// The actor is a guardian of the patient: a guardian acts for the patient and no deny
		/// binds it. Remove the guardian instead.
		DenyAgainstGuardian,
		/// The patient already has `MaxDeniesPerPatient` deny provisions. Revoke one first, or
		/// widen one to cover what a new one would.
		TooManyDenies,
		/// No live record has this id: it does not exist or has been erased.
		UnknownRecord,
		/// Only the admin or a `Staff` member of the record's custodian organization, while it
		/// is active, logs what its gatekeeper serves; a patient's own upload has no custodian.
		NotRecordCustodian,
		/// No deny provision with this id exists (it may have been revoked already).
		UnknownDeny,
	}

	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Who may use a grant made to an organization, per purpose: the organization roles of
		/// which the organization must hold one, and the member roles of which the member must
		/// hold one (`None`: any role). Clients read this instead of keeping their own copy.
		pub fn purpose_entitlements() -> Vec<(
			Purpose,
			Vec<healthchain_primitives::OrgRole>,
			Option<Vec<healthchain_primitives::MemberRole>>,
		)> {
			Purpose::ALL
				.iter()
				.map(|&purpose| {
					(
						purpose,
						purpose.entitled_org_roles().to_vec(),
						purpose.entitled_member_roles().map(|roles| roles.to_vec()),
					)
				})
				.collect()
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(_n: BlockNumberFor<T>, remaining_weight: Weight) -> Weight {
			Self::expire_in_idle(remaining_weight)
		}

		fn integrity_test() {
			assert!(T::MaxScopeItems::get() > 0, "MaxScopeItems must be positive");
			assert!(T::MaxGrantsPerPair::get() > 0, "MaxGrantsPerPair must be positive");
			assert!(T::MaxGuardians::get() > 0, "MaxGuardians must be positive");
			assert!(T::MaxGrantsPerGuardian::get() > 0, "MaxGrantsPerGuardian must be positive");
			assert!(T::MaxDeniesPerPatient::get() > 0, "MaxDeniesPerPatient must be positive");
			assert!(T::MaxEmergencyDuration::get() > 0, "MaxEmergencyDuration must be positive");
			assert!(T::EmergencyWindow::get() > 0, "EmergencyWindow must be positive");
			assert!(T::MaxEmergencyPerWindow::get() > 0, "MaxEmergencyPerWindow must be positive");
			assert!(
				T::MaxEmergencyPerOrganization::get() > 0,
				"MaxEmergencyPerOrganization must be positive"
			);
			assert!(
				T::MaxEmergencyPerPatient::get() > 0,
				"MaxEmergencyPerPatient must be positive"
			);
			assert!(
				T::MaxEmergencyDuration::get() <= T::EmergencyWindow::get(),
				"an emergency access must not outlast the rate-limit window"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grants access to a patient's records.
		///
		/// A record named by a `Records` scope or a `Record` exception may be any version; the
		/// grant stores the id of its chain (the first version), so it covers or excepts every
		/// version, later ones included.
		///
		/// - Origin: signed, the patient (`on_behalf_of: None`) or an appointed guardian of
		///   `on_behalf_of`. The signer is the grantor and pays the deposit (`DepositBase` +
		///   `DepositPerByte` per byte of the encoded grant), returned when the grant ends.
		/// - Weight: the benchmark (a guardian's grant to an organization, with an end); a grant
		///   the patient makes, to an account or without an end, gets back the reads and writes it
		///   does not make.
		/// - Errors: [`Error::NotPatientOrGuardian`], [`Error::GrantToSelf`],
		///   [`Error::UnknownOrganization`], [`Error::GranteeOrganizationSuspended`],
		///   [`Error::GranteeOrganizationRevoked`], [`Error::NoPurpose`], [`Error::NoAction`],
		///   [`Error::EmptyScope`], [`Error::InvalidDataPeriod`], [`Error::RecordNotOfPatient`],
		///   [`Error::EndRequired`], [`Error::EndWithOpenEnded`], [`Error::EndInPast`],
		///   [`Error::EndBeforeStart`], [`Error::TooManyGrantsForPair`],
		///   [`Error::TooManyGrantsByGuardian`] (a guardian's grants for one patient are bounded),
		///   [`Error::IdsExhausted`], or the currency's error when the deposit cannot be held.
		/// - Emits: [`Event::GrantCreated`], with the record ids as stored (chains).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant(
			terms.scope.len(),
			terms.exceptions.len() as u32,
			terms.listed_records(),
		))]
		pub fn grant(
			origin: OriginFor<T>,
			on_behalf_of: Option<T::AccountId>,
			grantee: Grantee<T::AccountId>,
			terms: GrantTermsOf<T>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let charged = T::WeightInfo::grant(
				terms.scope.len(),
				terms.exceptions.len() as u32,
				terms.listed_records(),
			);
			// The benchmark is a guardian's grant to an organization with an end; what another
			// grant does not touch is given back.
			let db = T::DbWeight::get();
			let mut unused = Weight::zero();
			if on_behalf_of.as_ref().is_none_or(|patient| patient == &who) {
				// `Guardians` and `GuardianGrants` are not read, nor the latter written.
				unused.saturating_accrue(db.reads_writes(2, 1));
			}
			if matches!(grantee, Grantee::Account(_)) {
				// No organization's status is read.
				unused.saturating_accrue(db.reads(1));
			}
			if terms.valid_until.is_none() {
				// Nothing is queued for expiry.
				unused.saturating_accrue(db.writes(1));
			}
			let patient = Self::resolve_patient(&who, on_behalf_of)?;
			Self::do_grant(who, patient, grantee, terms)?;
			Ok(Some(charged.saturating_sub(unused)).into())
		}

		/// Revokes a grant: it permits nothing from this block on. The deposit goes back to
		/// the grantor and `OnGrantEnded` is told.
		///
		/// - Origin: signed, the grant's patient or an appointed guardian of the patient.
		/// - Weight: the benchmark plus the most `OnGrantEnded` may use (removing the wrapped keys
		///   hung on the grant); what it did not use is given back.
		/// - Errors: [`Error::UnknownGrant`], [`Error::NotPatientOrGuardian`].
		/// - Emits: [`Event::GrantRevoked`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke().saturating_add(T::OnGrantEnded::weight()))]
		pub fn revoke(origin: OriginFor<T>, grant_id: GrantId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let ended = Self::do_revoke(who, grant_id)?;
			Ok(Some(T::WeightInfo::revoke().saturating_add(ended)).into())
		}

		/// Removes an expired grant, returning its deposit to the grantor and telling
		/// `OnGrantEnded`. Checks already treat the grant as expired; this frees storage.
		///
		/// - Origin: signed, anyone.
		/// - Weight: as for [`Pallet::revoke`].
		/// - Errors: [`Error::UnknownGrant`], [`Error::NotExpired`].
		/// - Emits: [`Event::GrantExpired`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_expired().saturating_add(T::OnGrantEnded::weight()))]
		pub fn remove_expired(
			origin: OriginFor<T>,
			grant_id: GrantId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let ended = Self::do_remove_expired(grant_id)?;
			Ok(Some(T::WeightInfo::remove_expired().saturating_add(ended)).into())
		}

		/// Appoints a guardian, who may then access the patient's records and grant and revoke
		/// in the patient's name. Holds `GuardianDeposit` from the patient.
		///
		/// - Origin: signed, the patient.
		/// - Errors: [`Error::GuardianIsPatient`], [`Error::AlreadyGuardian`],
		///   [`Error::TooManyGuardians`], or the currency's error when the deposit cannot be held.
		/// - Emits: [`Event::GuardianAppointed`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::appoint_guardian())]
		pub fn appoint_guardian(origin: OriginFor<T>, guardian: T::AccountId) -> DispatchResult {
			let patient = ensure_signed(origin)?;
			Self::do_appoint_guardian(patient, guardian)
		}

		/// Removes a guardian; the patient can always do so. The grants the guardian made
		/// settle: those to accounts (the guardian itself included) are revoked, the deposit
		/// going back to the guardian; those to organizations are adopted by the patient, who
		/// then pays their deposit while the guardian's is returned (a grant whose deposit the
		/// patient cannot pay is revoked instead). The fee is refunded down to the grants
		/// settled.
		///
		/// - Origin: signed, the patient.
		/// - Errors: [`Error::NotGuardian`].
		/// - Emits: [`Event::GrantRevoked`] (`revoked_by` the patient) or [`Event::GrantAdopted`]
		///   per grant, then [`Event::GuardianRemoved`].
		#[pallet::call_index(4)]
		#[pallet::weight(Pallet::<T>::settle_guardian_weight(
			T::WeightInfo::remove_guardian(T::MaxGrantsPerGuardian::get()),
			T::MaxGrantsPerGuardian::get(),
		))]
		pub fn remove_guardian(
			origin: OriginFor<T>,
			guardian: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let patient = ensure_signed(origin)?;
			let (settled, ended) = Self::do_remove_guardian(patient, guardian, false)?;
			Ok(Some(T::WeightInfo::remove_guardian(settled).saturating_add(ended)).into())
		}

		/// A guardian resigns their guardianship of `patient`. Its grants settle as for
		/// [`Pallet::remove_guardian`], with `revoked_by` the guardian.
		///
		/// - Origin: signed, a guardian of `patient`.
		/// - Errors: [`Error::NotGuardian`].
		/// - Emits: [`Event::GrantRevoked`] or [`Event::GrantAdopted`] per grant, then
		///   [`Event::GuardianResigned`].
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::settle_guardian_weight(
			T::WeightInfo::resign_guardian(T::MaxGrantsPerGuardian::get()),
			T::MaxGrantsPerGuardian::get(),
		))]
		pub fn resign_guardian(
			origin: OriginFor<T>,
			patient: T::AccountId,
		) -> DispatchResultWithPostInfo {
			let guardian = ensure_signed(origin)?;
			let (settled, ended) = Self::do_remove_guardian(patient, guardian, true)?;
			Ok(Some(T::WeightInfo::resign_guardian(settled).saturating_add(ended)).into())
		}

		/// Breaks the glass: opens read-only access for `EmergencyTreatment` to all of the
		/// patient's records for `duration_ms` (at most `MaxEmergencyDuration`).
		///
		/// - Origin: signed, a member holding `EmergencyClinician` in an active `Provider`
		///   organization. Per `EmergencyWindow`, at most `MaxEmergencyPerWindow` openings by the
		///   clinician, `MaxEmergencyPerOrganization` by the clinicians of its organization
		///   together, and `MaxEmergencyPerPatient` to the patient, whoever opens them. Each window
		///   starts at the first opening it counts and lasts `EmergencyWindow`.
		/// - Deposit: `EmergencyDeposit`, held from the admin of the clinician's organization (the
		///   organization answers for its staff, and its admin is who makes emergency clinicians),
		///   released to that account at the access's first review, whichever side makes it.
		/// - Errors: [`Error::EmergencyForSelf`], [`Error::NotEmergencyClinician`],
		///   [`Error::OrganizationNotEntitled`], [`Error::ZeroDuration`],
		///   [`Error::EmergencyTooLong`], [`Error::EmergencyAlreadyOpen`],
		///   [`Error::EmergencyRateLimited`], [`Error::EmergencyOrganizationRateLimited`],
		///   [`Error::EmergencyPatientRateLimited`], [`Error::IdsExhausted`], [`Error::NoAdmin`],
		///   [`Error::CannotPayEmergencyDeposit`].
		/// - Emits: [`Event::EmergencyAccessOpened`], which the patient's wallet watches.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::open_emergency_access())]
		pub fn open_emergency_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			justification: [u8; 32],
			duration_ms: Moment,
		) -> DispatchResult {
			let clinician = ensure_signed(origin)?;
			Self::do_open_emergency_access(clinician, patient, justification, duration_ms)
		}

		/// Closes an open emergency access before it expires.
		///
		/// - Origin: signed, the clinician who opened it.
		/// - Errors: [`Error::UnknownEmergency`], [`Error::NotEmergencyOpener`],
		///   [`Error::EmergencyAlreadyClosed`].
		/// - Emits: [`Event::EmergencyAccessClosed`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::close_emergency_access())]
		pub fn close_emergency_access(origin: OriginFor<T>, id: EmergencyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_emergency_access(who, id)
		}

		/// Records the review of an ended (closed or expired) emergency access by one of two
		/// sides, each of which reviews once, whatever the other did:
		///
		/// - the patient side ([`ReviewerClass::Patient`]): the patient or a guardian of the
		///   patient;
		/// - the oversight side ([`ReviewerClass::Oversight`]): a member holding the `Auditor`
		///   role (the admin too, only with the role) in an active `Regulator` organization.
		///
		/// An account that is the patient or a guardian speaks for the patient side, even if it
		/// is also a regulator's auditor: one account never fills both sides.
		///
		/// The first review, by either side, releases the access's deposit to the account it
		/// was held from: someone outside the opening organization has then answered for it.
		///
		/// - Origin: signed, a reviewer of either side.
		/// - Errors: [`Error::UnknownEmergency`], [`Error::NotReviewer`], [`Error::NotAuditor`] (a
		///   regulator's member without the `Auditor` role), [`Error::AlreadyReviewed`] (the
		///   reviewer's side has reviewed), [`Error::EmergencyStillOpen`].
		/// - Emits: [`Event::EmergencyAccessReviewed`], naming the side.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::review_emergency_access())]
		pub fn review_emergency_access(
			origin: OriginFor<T>,
			id: EmergencyId,
			verdict: ReviewVerdict,
			note_hash: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_review_emergency_access(who, id, verdict, note_hash)
		}

		/// Logs an access attempt by the signer: the chain decides it as
		/// [`Pallet::check_access`] does, counts it and emits it. Succeeds for denied attempts
		/// too, so they stay in the trail. The fee is refunded down to the grants actually
		/// examined.
		///
		/// The patient's counters count the attempt, except one naming no live record of the
		/// patient (`UnknownRecord`), and only when the target is a live record of the patient
		/// or the patient has a grant or a guardian: logging creates no storage for accounts
		/// that have none here. The event is emitted in every case.
		///
		/// - Origin: signed, the accessor, who must be accountable: the patient, a guardian of the
		///   patient, an account holding a grant of the patient, or the admin or a member of an
		///   active organization.
		/// - Weight: charged for the worst case (`2 * MaxGrantsPerPair` grants and every deny a
		///   patient may have); the grants and denies the decision did not read are refunded
		///   ([`Pallet::decision_weight`]).
		/// - Errors: [`Error::NotAccountableAccessor`].
		/// - Emits: [`Event::AccessLogged`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::log_access(T::MaxGrantsPerPair::get().saturating_mul(2)))]
		pub fn log_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			target: AccessTarget,
			purpose: Purpose,
			action: Action,
		) -> DispatchResultWithPostInfo {
			let accessor = ensure_signed(origin)?;
			let examined = Self::do_log_access(accessor, patient, target, purpose, action)?;
			Ok(Some(Self::decision_weight(examined)).into())
		}

		/// Records a deny provision: `actor` (an account, or an organization: its admin and
		/// every member) is refused what `terms` name, from this block until it is revoked,
		/// whatever grant it holds (deny overrides permit). Terms left empty widen the deny: no
		/// purposes is every purpose, no actions every action, no labels any labels.
		///
		/// A record named by a `Records` scope may be any version; the deny stores its chain, so
		/// it refuses every version, later ones included.
		///
		/// - Origin: signed, the patient (`on_behalf_of: None`) or an appointed guardian of
		///   `on_behalf_of`. The deposit (`DepositBase` + `DepositPerByte` per byte of the encoded
		///   deny) is held from the patient whoever signs, so the deny outlasts any guardianship;
		///   it is returned when the deny is revoked.
		/// - Errors: [`Error::NotPatientOrGuardian`], [`Error::DenyAgainstPatient`],
		///   [`Error::DenyAgainstGuardian`], [`Error::UnknownOrganization`], [`Error::EmptyScope`],
		///   [`Error::RecordNotOfPatient`], [`Error::TooManyDenies`], [`Error::IdsExhausted`], or
		///   the currency's error when the deposit cannot be held.
		/// - Emits: [`Event::DenyRecorded`], with the record ids as stored (chains).
		#[pallet::call_index(40)]
		#[pallet::weight(T::WeightInfo::deny(terms.listed_records()))]
		pub fn deny(
			origin: OriginFor<T>,
			on_behalf_of: Option<T::AccountId>,
			actor: Grantee<T::AccountId>,
			terms: DenyTermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let patient = Self::resolve_patient(&who, on_behalf_of)?;
			Self::do_deny(who, patient, actor, terms).map(|_| ())
		}

		/// Revokes a deny provision: it refuses nothing from this block on. The deposit goes
		/// back to the patient.
		///
		/// - Origin: signed, the deny's patient or an appointed guardian of the patient.
		/// - Errors: [`Error::UnknownDeny`], [`Error::NotPatientOrGuardian`].
		/// - Emits: [`Event::DenyRevoked`].
		#[pallet::call_index(41)]
		#[pallet::weight(T::WeightInfo::revoke_deny())]
		pub fn revoke_deny(origin: OriginFor<T>, deny_id: DenyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_revoke_deny(who, deny_id)
		}

		/// Logs, on a custodian's word, an attempt by `accessor` to read `record` for `purpose`:
		/// the custodian's gatekeeper logs every request it is asked to serve, permitted or
		/// denied, before it answers, and serves only what the logged decision permits. The
		/// chain decides the access as [`Pallet::check_access`] does for a `Read` of the record,
		/// counts it as `log_access` does and emits it. `request` is the hash of the accessor's
		/// signed request, which the gatekeeper keeps as evidence; the request itself stays off
		/// chain. Unlike `log_access`, the accessor need not be accountable here: a stranger's
		/// refused request is on the patient's trail too.
		///
		/// - Origin: signed, the admin or a `Staff` member of the record's custodian organization,
		///   which must be active.
		/// - Weight: `log_access` at its worst case plus the two reads of the custodian check; the
		///   grants and denies the decision did not read are refunded.
		/// - Errors: [`Error::UnknownRecord`] (no such record, or erased),
		///   [`Error::NotRecordCustodian`].
		/// - Emits: [`Event::AccessServed`].
		#[pallet::call_index(42)]
		#[pallet::weight(
			T::WeightInfo::log_access(T::MaxGrantsPerPair::get().saturating_mul(2))
				.saturating_add(T::DbWeight::get().reads(2))
		)]
		pub fn log_served(
			origin: OriginFor<T>,
			accessor: T::AccountId,
			record: RecordId,
			purpose: Purpose,
			request: [u8; 32],
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let examined = Self::do_log_served(who, accessor, record, purpose, request)?;
			Ok(Some(Self::decision_weight(examined).saturating_add(T::DbWeight::get().reads(2)))
				.into())
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-consent-runtime-api`, whose methods call these).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Decides whether `accessor` may perform `action` on `target` of `patient` for
		/// `purpose` now (see the crate docs for the rules). Writes nothing.
		pub fn check_access(
			patient: T::AccountId,
			accessor: T::AccountId,
			target: AccessTarget,
			purpose: Purpose,
			action: Action,
		) -> AccessDecision {
			Self::evaluate(&patient, &accessor, &target, purpose, action).0
		}

		/// A grant, live or expired but not yet cleaned up.
		pub fn grant_info(id: GrantId) -> Option<GrantView<T::AccountId>> {
			Grants::<T>::get(id).map(|grant| grant.to_view())
		}

		/// A page of a patient's grants, at most `limit` (capped at [`MAX_PAGE`]), in storage
		/// order. For the next page pass the last id returned as `start_after`.
		pub fn grants_of(
			patient: T::AccountId,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Vec<GrantEntry<T::AccountId>> {
			Self::query_grants_of(patient, start_after, limit)
		}

		/// A page of the grants to a grantee, at most `limit` (capped at [`MAX_PAGE`]), in
		/// storage order. For the next page pass the last id returned as `start_after`.
		pub fn grants_to(
			grantee: Grantee<T::AccountId>,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Vec<GrantEntry<T::AccountId>> {
			Self::query_grants_to(grantee, start_after, limit)
		}

		/// An emergency access.
		pub fn emergency_access(id: EmergencyId) -> Option<EmergencyAccess<T::AccountId>> {
			EmergencyAccesses::<T>::get(id)
		}

		/// A page of a patient's emergency accesses, at most `limit` (capped at [`MAX_PAGE`]),
		/// in storage order. For the next page pass the last id returned as `start_after`.
		pub fn emergency_accesses_of(
			patient: T::AccountId,
			start_after: Option<EmergencyId>,
			limit: u32,
		) -> Vec<EmergencyEntry<T::AccountId>> {
			Self::query_emergency_accesses_of(patient, start_after, limit)
		}

		/// A patient's guardians.
		pub fn guardians_of(patient: T::AccountId) -> Vec<T::AccountId> {
			Guardians::<T>::get(&patient).into_iter().map(|g| g.guardian).collect()
		}

		/// A patient's access counters.
		pub fn access_counters(patient: T::AccountId) -> AccessTally {
			AccessCounters::<T>::get(&patient)
		}

		/// A deny provision.
		pub fn deny_info(id: DenyId) -> Option<DenyView<T::AccountId>> {
			Denies::<T>::get(id).map(|deny| deny.to_view())
		}

		/// Every deny provision of a patient (at most `MaxDeniesPerPatient`), oldest first.
		pub fn denies_of(patient: T::AccountId) -> Vec<DenyEntry<T::AccountId>> {
			Self::query_denies_of(patient)
		}
	}
}
