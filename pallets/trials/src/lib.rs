//! # Trials pallet
//!
//! A clinical trial registry that a reader of a paper can check: were the outcomes reported the
//! ones pre-registered, and was the data locked before the results?
//!
//! ## Overview
//!
//! Outcome switching (reporting other outcomes than those pre-specified) and analysing data
//! before it is locked are the failures trial registries exist to expose. This pallet keeps
//! what a registry needs as hashes of documents held off chain, with the blocks in which each
//! step happened:
//!
//! - a **Researcher** organization registers a trial: the hash of its protocol, the hashes of
//!   its pre-specified primary and secondary outcomes, its sites and planned enrolment;
//! - **amendments** are new versions with the hash of their reason; every version is kept and
//!   walkable by number, and once a participant is enrolled the outcomes change only by an
//!   amendment that says so;
//! - sites **enrol** participants, each only with the participant's `Research` consent to the
//!   trial's investigator, checked through [`healthchain_primitives::ConsentInspect`]; a
//!   participant is stored as a commitment, never as an account; withdrawals are recorded;
//! - the sponsor **locks the data** (a hash or Merkle root of the dataset) and registers the
//!   **results** (the hash of the results document and the outcomes it reports).
//!
//! [`Pallet::check_results`] (a view function, and `TrialsApi::check_results` in
//! `pallet-trials-runtime-api`) answers the reader's question from the chain alone.
//!
//! ## Terminology
//!
//! - **Sponsor**: the active `Researcher` organization that registered the trial.
//! - **Investigator**: the sponsor's `Researcher` member who registered it. Enrolment asks
//!   consent for the investigator as the accessor: the consent pallet honours a grant made to
//!   the sponsor organization for its `Researcher` members and the `Research` purpose.
//! - **Site**: an active `Provider` or `Researcher` organization where participants enrol.
//! - **Participant subject**: the account a participant's wallet derives for this one trial
//!   (a hard derivation of the participant's secret, like the per-custodian subjects of
//!   `docs/privacy.md`). It appears in the enrolment call and in its consent grant, and
//!   nowhere else on chain.
//! - **Commitment**: the hash of the participant subject and a salt, both kept off chain. It is
//!   what the chain stores for a participant.
//! - **Pre-registered outcomes**: the outcomes of the version in force at the first enrolment
//!   (version 0 if nobody was ever enrolled).
//!
//! ## Rules
//!
//! - **No health fact in the clear.** Taking part in a trial is a health fact. The chain
//!   stores a participant only as a commitment; events carry the commitment and the site,
//!   never the subject. Protocol, outcomes, reasons, dataset and results are hashes. The
//!   category the trial reads is a blind tag ([`healthchain_primitives::blind`]).
//! - **Outcomes are fixed at the first enrolment.** Before it, an amendment may change them
//!   freely (the version records the change). After it, an amendment whose outcome lists differ
//!   (as sets) from the current version's must say `changes_outcomes`
//!   ([`Error::UndeclaredOutcomeChange`]), and one that says so must change them
//!   ([`Error::NoOutcomeChange`]). The check then reports the change.
//! - **Enrolment is capped by the plan.** The registration deposit pays for `planned_enrolment`
//!   enrolments, so a trial enrols at most that many ([`Error::EnrolmentFull`]); the plan is at
//!   most [`Config::MaxEnrolment`].
//! - **The data lock closes the trial.** After it there is no enrolment, amendment or new site
//!   ([`Error::DataLocked`]); after the results, nothing changes but withdrawals
//!   ([`Error::ResultsAlreadyRegistered`]). Results may be registered without a lock: the check
//!   then says so, which is the point.
//! - **Withdrawal is always possible.** A participant's withdrawal is recorded whatever the
//!   trial's state and whatever the site's status; the withdrawn participant stays counted as
//!   withdrawn.
//!
//! ## Calls, by who may call them
//!
//! - A `Researcher` member of an active `Researcher` organization: [`Pallet::register_trial`].
//! - A `Researcher` member of the trial's sponsor (the investigator included), while the
//!   sponsor is active: [`Pallet::amend`], [`Pallet::add_site`], [`Pallet::lock_data`],
//!   [`Pallet::register_results`].
//! - A `Clinician` or `Researcher` member of a site: [`Pallet::enrol`] (the site active),
//!   [`Pallet::withdraw`] (the site that enrolled the participant, whatever its status).
//!
//! ## Example
//!
//! From the test `a_trial_goes_from_registration_to_checked_results`:
//!
//! ```ignore
//! assert_ok!(Trials::register_trial(signed(INVESTIGATOR), PROTOCOL, outcomes(&[P1]), outcomes(&[S1]), sites(&[HOSPITAL]), 5));
//! assert_ok!(Trials::enrol(signed(DOCTOR), 0, HOSPITAL, PARTICIPANT, CATEGORY, commitment(1)));
//! assert_ok!(Trials::lock_data(signed(INVESTIGATOR), 0, DATASET));
//! assert_ok!(Trials::register_results(signed(INVESTIGATOR), 0, RESULTS, outcomes(&[P1]), outcomes(&[S1])));
//! let check = Trials::check_results(0).unwrap();
//! assert!(check.primary_as_registered && check.data_locked_before_results);
//! ```

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

mod functions;
#[cfg(any(feature = "try-runtime", test))]
mod invariants;
mod queries;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, Mutate, MutateHold},
	};
	use frame_system::pallet_prelude::*;
	use healthchain_primitives::{ConsentInspect, OrgId, OrganizationsInspect, Tag};

	/// The in-code storage version: 1 from the first release.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	/// The balance type of the deposit currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A list of outcome hashes as stored and passed to calls.
	pub type OutcomesOf<T> = BoundedVec<Hash, <T as Config>::MaxOutcomes>;
	/// A trial's sites as stored and passed to calls.
	pub type SitesOf<T> = BoundedVec<OrgId, <T as Config>::MaxSites>;
	/// A trial as stored.
	pub type TrialOf<T> = Trial<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		SitesOf<T>,
		OutcomesOf<T>,
	>;
	/// A trial as query answers give it.
	pub type TrialInfoOf<T> =
		TrialInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A version as stored.
	pub type VersionOf<T> = Version<BlockNumberFor<T>, OutcomesOf<T>>;
	/// Results as stored.
	pub type ResultsOf<T> = Results<BlockNumberFor<T>, OutcomesOf<T>>;
	/// An enrolment as stored.
	pub type EnrolmentOf<T> = Enrolment<BlockNumberFor<T>>;
	/// A deposit as stored.
	pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who may act as what: the accredited organizations and their members.
		type Organizations: OrganizationsInspect<Self::AccountId>;

		/// The consent decision: enrolment needs the participant's `Research` consent.
		type Consent: ConsentInspect<Self::AccountId>;

		/// The currency deposits are held in.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held for a trial: its record and up to `MaxVersions` versions.
		#[pallet::constant]
		type TrialDeposit: Get<BalanceOf<Self>>;

		/// Deposit held per planned participant, when the trial is registered (enrolment then
		/// moves no funds).
		#[pallet::constant]
		type ParticipantDeposit: Get<BalanceOf<Self>>;

		/// Most primary outcomes, and most secondary outcomes, of one version.
		#[pallet::constant]
		type MaxOutcomes: Get<u32>;

		/// Most sites of one trial.
		#[pallet::constant]
		type MaxSites: Get<u32>;

		/// Most versions of one trial, the registration included.
		#[pallet::constant]
		type MaxVersions: Get<u32>;

		/// Most participants one trial may plan, and so enrol.
		#[pallet::constant]
		type MaxEnrolment: Get<u32>;

		/// The worst-case weight of one consent decision, charged on top of the benchmarked
		/// weight of `enrol` (its benchmark sets up a single permitting grant).
		#[pallet::constant]
		type ConsentDecisionWeight: Get<Weight>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// Reasons for which this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A trial's registration and its planned enrolments, until its results are
		/// registered.
		TrialDeposit,
	}

	/// The id the next trial gets.
	#[pallet::storage]
	pub type NextTrialId<T: Config> = StorageValue<_, TrialId, ValueQuery>;

	/// Registered trials. Never removed: a registration is a public record.
	#[pallet::storage]
	pub type Trials<T: Config> = StorageMap<_, Twox64Concat, TrialId, TrialOf<T>>;

	/// Every version of every trial, by trial and version number (`0..=current_version`).
	#[pallet::storage]
	pub type Versions<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TrialId, Twox64Concat, VersionNumber, VersionOf<T>>;

	/// Enrolled participants, by trial and commitment. Never the participant's account.
	#[pallet::storage]
	pub type Participants<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TrialId, Blake2_128Concat, Hash, EnrolmentOf<T>>;

	/// Enrolment counts per trial and site; absent for a site that enrolled nobody.
	#[pallet::storage]
	pub type SiteCounts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, TrialId, Twox64Concat, OrgId, SiteCount>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A trial was registered, with its version 0.
		TrialRegistered {
			/// The trial.
			trial: TrialId,
			/// The sponsor organization.
			sponsor: OrgId,
			/// The investigator, who registered it.
			investigator: T::AccountId,
			/// Hash of the protocol.
			protocol: Hash,
			/// Hashes of the pre-specified primary outcomes.
			primary_outcomes: OutcomesOf<T>,
			/// Hashes of the pre-specified secondary outcomes.
			secondary_outcomes: OutcomesOf<T>,
			/// The sites.
			sites: SitesOf<T>,
			/// The planned enrolment (also the most it may enrol).
			planned_enrolment: u32,
			/// The deposit held from the investigator.
			deposit: BalanceOf<T>,
		},
		/// A trial was amended: a new version took effect.
		TrialAmended {
			/// The trial.
			trial: TrialId,
			/// The new version's number.
			version: VersionNumber,
			/// Hash of the new version's protocol.
			protocol: Hash,
			/// Hashes of its primary outcomes.
			primary_outcomes: OutcomesOf<T>,
			/// Hashes of its secondary outcomes.
			secondary_outcomes: OutcomesOf<T>,
			/// Hash of the amendment's reason.
			reason: Hash,
			/// Whether the outcomes changed.
			outcomes_changed: bool,
			/// Whether the amendment declared an outcome change.
			declared_outcome_change: bool,
			/// Participants enrolled when it took effect (a change with participants enrolled
			/// is a change of pre-registered outcomes).
			enrolled: u32,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A site was added to a trial.
		SiteAdded {
			/// The trial.
			trial: TrialId,
			/// The new site.
			site: OrgId,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A participant was enrolled. The event names the commitment, never the participant.
		ParticipantEnrolled {
			/// The trial.
			trial: TrialId,
			/// The site that enrolled.
			site: OrgId,
			/// The participant's commitment.
			commitment: Hash,
			/// Participants the trial has enrolled now, withdrawn ones included.
			enrolled: u32,
			/// The trial's planned enrolment, the most it may enrol.
			planned_enrolment: u32,
			/// The site member who enrolled the participant.
			who: T::AccountId,
		},
		/// A participant withdrew. The data collected stays counted as withdrawn.
		ParticipantWithdrawn {
			/// The trial.
			trial: TrialId,
			/// The site that had enrolled the participant.
			site: OrgId,
			/// The participant's commitment.
			commitment: Hash,
			/// Participants of the trial withdrawn now.
			withdrawn: u32,
			/// The site member who recorded it.
			who: T::AccountId,
		},
		/// A trial's dataset was locked.
		DataLocked {
			/// The trial.
			trial: TrialId,
			/// Hash or Merkle root of the locked dataset.
			dataset_root: Hash,
			/// Participants enrolled, withdrawn ones included.
			enrolled: u32,
			/// Of those, how many had withdrawn.
			withdrawn: u32,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A trial's results were registered, with what a reader checks.
		ResultsRegistered {
			/// The trial.
			trial: TrialId,
			/// Hash of the results document.
			results: Hash,
			/// Whether the reported primary outcomes are the pre-registered ones.
			primary_as_registered: bool,
			/// Whether the reported secondary outcomes are the pre-registered ones.
			secondary_as_registered: bool,
			/// Whether an amendment after the first enrolment changed the outcomes.
			outcomes_amended_after_enrolment: bool,
			/// Whether the dataset was locked before.
			data_locked_before_results: bool,
			/// The account that acted.
			who: T::AccountId,
		},
		/// A trial's deposit went back to the account that paid it: the trial is complete.
		DepositReleased {
			/// The trial.
			trial: TrialId,
			/// The account it was held from and went back to.
			who: T::AccountId,
			/// The amount.
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The signer is not a member holding the `Researcher` member role of an active
		/// organization accredited as `Researcher`. Only such a member registers a trial.
		NotAResearcher,
		/// The signer is not a `Researcher` member of the trial's sponsor, or the sponsor is
		/// no longer active. Ask a researcher of the sponsor (the investigator) to act.
		NotSponsorResearcher,
		/// No trial has this id. Check the id with the `trial` query.
		UnknownTrial,
		/// Every trial id has been used. No trial can be registered any more.
		IdsExhausted,
		/// A trial needs at least one site. Name the organizations where participants enrol.
		NoSites,
		/// A site is not an active organization accredited as `Provider` or `Researcher`.
		/// Check the organization's id and status.
		InvalidSite,
		/// A site is named twice, or is a site of the trial already. Name each site once.
		DuplicateSite,
		/// The trial has as many sites as allowed (`MaxSites`).
		TooManySites,
		/// A trial pre-specifies at least one primary outcome. Give the hash of each.
		NoPrimaryOutcome,
		/// An outcome list names the same outcome twice. Give each outcome once.
		DuplicateOutcome,
		/// The planned enrolment is zero or above `MaxEnrolment`. Plan at least one participant
		/// and at most `MaxEnrolment`.
		InvalidPlannedEnrolment,
		/// The trial has as many versions as allowed (`MaxVersions`): it cannot be amended
		/// any more. Register a new trial for a new protocol.
		TooManyVersions,
		/// The amendment changes the outcomes after a participant was enrolled without
		/// declaring it. Pass `changes_outcomes = true`, with the reason in the reason
		/// document, or keep the outcomes.
		UndeclaredOutcomeChange,
		/// The amendment declares an outcome change but its outcomes are those of the current
		/// version. Pass `changes_outcomes = false`, or give the new outcomes.
		NoOutcomeChange,
		/// The trial's dataset is locked: no enrolment, amendment or new site any more.
		DataLocked,
		/// The trial's results are registered already: the trial is final.
		ResultsAlreadyRegistered,
		/// The organization is not a site of this trial. Enrol at one of its sites, or have
		/// the sponsor add this one (`add_site`).
		NotATrialSite,
		/// The signer is not a member of the site holding the `Clinician` or `Researcher`
		/// member role. Only the site's clinical or research staff enrol and record
		/// withdrawals.
		NotSiteStaff,
		/// The participant's consent does not permit the investigator to read the category for
		/// research. The participant grants it first (to the sponsor organization or the
		/// investigator, for `Research` and `Read`).
		ConsentDenied,
		/// A participant with this commitment is enrolled in the trial already. A commitment
		/// enrols one participant once; use a fresh salt for another participant.
		AlreadyEnrolled,
		/// The trial has enrolled its planned enrolment, which its deposit paid for.
		EnrolmentFull,
		/// No participant with this commitment is enrolled in the trial.
		NotEnrolled,
		/// The participant has withdrawn already.
		AlreadyWithdrawn,
		/// The trial's dataset is locked already; a lock is made once.
		AlreadyLocked,
		/// Nobody is enrolled in the trial: there is no data to lock.
		NothingEnrolled,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxOutcomes::get() >= 1, "MaxOutcomes must allow a primary outcome");
			assert!(T::MaxSites::get() >= 1, "MaxSites must allow a site");
			assert!(T::MaxVersions::get() >= 1, "MaxVersions must keep the registration");
			assert!(T::MaxEnrolment::get() >= 1, "MaxEnrolment must allow a participant");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a trial with its version 0: the protocol, the pre-specified outcomes, the
		/// sites and the planned enrolment. The signer becomes its investigator and its
		/// organization its sponsor.
		///
		/// - Origin: signed, a `Researcher` member of an active `Researcher` organization.
		/// - Sites: active `Provider` or `Researcher` organizations, each once.
		/// - Holds `TrialDeposit + ParticipantDeposit * planned_enrolment` from the signer,
		///   until the results are registered.
		/// - Errors: [`Error::NotAResearcher`], [`Error::NoPrimaryOutcome`],
		///   [`Error::DuplicateOutcome`], [`Error::NoSites`], [`Error::DuplicateSite`],
		///   [`Error::InvalidSite`], [`Error::InvalidPlannedEnrolment`],
		///   [`Error::IdsExhausted`], or the currency's error when the deposit cannot be held.
		/// - Emits: [`Event::TrialRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_trial(sites.len() as u32))]
		pub fn register_trial(
			origin: OriginFor<T>,
			protocol: Hash,
			primary_outcomes: OutcomesOf<T>,
			secondary_outcomes: OutcomesOf<T>,
			sites: SitesOf<T>,
			planned_enrolment: u32,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_trial(
				who,
				protocol,
				primary_outcomes,
				secondary_outcomes,
				sites,
				planned_enrolment,
			)
			.map(|_| ())
		}

		/// Amends a trial: a new version with its protocol, outcomes and the hash of the
		/// reason. Before the first enrolment the outcomes may change freely; after it, a
		/// change must be declared with `changes_outcomes`, and is then reported by
		/// [`Pallet::check_results`].
		///
		/// - Origin: signed, a `Researcher` member of the trial's active sponsor.
		/// - Not after the data lock or the results.
		/// - Errors: [`Error::UnknownTrial`], [`Error::NotSponsorResearcher`],
		///   [`Error::ResultsAlreadyRegistered`], [`Error::DataLocked`],
		///   [`Error::NoPrimaryOutcome`], [`Error::DuplicateOutcome`],
		///   [`Error::TooManyVersions`], [`Error::UndeclaredOutcomeChange`],
		///   [`Error::NoOutcomeChange`].
		/// - Emits: [`Event::TrialAmended`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::amend())]
		pub fn amend(
			origin: OriginFor<T>,
			trial: TrialId,
			protocol: Hash,
			primary_outcomes: OutcomesOf<T>,
			secondary_outcomes: OutcomesOf<T>,
			reason: Hash,
			changes_outcomes: bool,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_amend(
				who,
				trial,
				protocol,
				primary_outcomes,
				secondary_outcomes,
				reason,
				changes_outcomes,
			)
		}

		/// Adds a site to a trial.
		///
		/// - Origin: signed, a `Researcher` member of the trial's active sponsor.
		/// - The site: an active `Provider` or `Researcher` organization, not a site already.
		/// - Not after the data lock or the results.
		/// - Errors: [`Error::UnknownTrial`], [`Error::NotSponsorResearcher`],
		///   [`Error::ResultsAlreadyRegistered`], [`Error::DataLocked`],
		///   [`Error::DuplicateSite`], [`Error::InvalidSite`], [`Error::TooManySites`].
		/// - Emits: [`Event::SiteAdded`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::add_site())]
		pub fn add_site(origin: OriginFor<T>, trial: TrialId, site: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_site(who, trial, site)
		}

		/// Enrols a participant at a site. The chain stores the participant's `commitment`
		/// (the hash of the participant subject and a salt, held off chain), never the
		/// `participant` account.
		///
		/// - Origin: signed, a `Clinician` or `Researcher` member of `site`, an active site of
		///   the trial.
		/// - `participant` is the subject the participant's wallet derives for this trial
		///   alone; it appears nowhere else on chain. Its consent must permit the trial's
		///   investigator to `Read` records of the blind `category` for `Research`
		///   ([`ConsentInspect::check_access`]).
		/// - At most `planned_enrolment` participants; not after the data lock or the results.
		/// - Weight: the benchmark plus [`Config::ConsentDecisionWeight`]; charged what the
		///   decision read beyond the benchmark's ([`ConsentInspect::check_access_weighed`]),
		///   the rest given back.
		/// - Errors: [`Error::UnknownTrial`], [`Error::ResultsAlreadyRegistered`],
		///   [`Error::DataLocked`], [`Error::NotATrialSite`], [`Error::InvalidSite`],
		///   [`Error::NotSiteStaff`], [`Error::AlreadyEnrolled`], [`Error::EnrolmentFull`],
		///   [`Error::ConsentDenied`].
		/// - Emits: [`Event::ParticipantEnrolled`].
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::enrol().saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn enrol(
			origin: OriginFor<T>,
			trial: TrialId,
			site: OrgId,
			participant: T::AccountId,
			category: Tag,
			commitment: Hash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let decision = Self::do_enrol(who, trial, site, participant, category, commitment)?;
			Ok(Some(T::WeightInfo::enrol().saturating_add(decision)).into())
		}

		/// Records a participant's withdrawal. The participant stays counted, as withdrawn.
		///
		/// - Origin: signed, a `Clinician` or `Researcher` member of the site that enrolled the
		///   participant, whatever the site's status and the trial's state: a withdrawal is
		///   always recorded.
		/// - Errors: [`Error::UnknownTrial`], [`Error::NotEnrolled`], [`Error::NotSiteStaff`],
		///   [`Error::AlreadyWithdrawn`].
		/// - Emits: [`Event::ParticipantWithdrawn`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::withdraw())]
		pub fn withdraw(origin: OriginFor<T>, trial: TrialId, commitment: Hash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw(who, trial, commitment)
		}

		/// Locks a trial's dataset: its hash or Merkle root. Once; closes enrolment,
		/// amendments and sites.
		///
		/// - Origin: signed, a `Researcher` member of the trial's active sponsor.
		/// - Errors: [`Error::UnknownTrial`], [`Error::NotSponsorResearcher`],
		///   [`Error::ResultsAlreadyRegistered`], [`Error::AlreadyLocked`],
		///   [`Error::NothingEnrolled`].
		/// - Emits: [`Event::DataLocked`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::lock_data())]
		pub fn lock_data(
			origin: OriginFor<T>,
			trial: TrialId,
			dataset_root: Hash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_lock_data(who, trial, dataset_root)
		}

		/// Registers a trial's results: the hash of the results document and the outcomes it
		/// reports. Once. Accepted without a data lock: the check then says so. The trial is
		/// then final, and its deposit goes back to the account that paid it.
		///
		/// - Origin: signed, a `Researcher` member of the trial's active sponsor.
		/// - Errors: [`Error::UnknownTrial`], [`Error::NotSponsorResearcher`],
		///   [`Error::ResultsAlreadyRegistered`], [`Error::DuplicateOutcome`].
		/// - Emits: [`Event::ResultsRegistered`], [`Event::DepositReleased`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::register_results())]
		pub fn register_results(
			origin: OriginFor<T>,
			trial: TrialId,
			results: Hash,
			reported_primary: OutcomesOf<T>,
			reported_secondary: OutcomesOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_results(who, trial, results, reported_primary, reported_secondary)
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-trials-runtime-api`, whose methods call these one to one).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Whether a trial's reported outcomes are the pre-registered ones and whether its data
		/// was locked before its results; `None` when the trial is unknown or has no results
		/// yet.
		pub fn check_results(trial: TrialId) -> Option<ResultsCheck> {
			Self::query_check_results(trial)
		}

		/// A trial.
		pub fn trial(trial: TrialId) -> Option<TrialInfoOf<T>> {
			Self::query_trial(trial)
		}

		/// Version `version` of a trial (0: the registration).
		pub fn version(
			trial: TrialId,
			version: VersionNumber,
		) -> Option<VersionInfo<BlockNumberFor<T>>> {
			Self::query_version(trial, version)
		}

		/// A site's enrolment counts in a trial (zeros for a site that enrolled nobody).
		pub fn site_counts(trial: TrialId, site: OrgId) -> SiteCount {
			SiteCounts::<T>::get(trial, site).unwrap_or_default()
		}

		/// The enrolment under a commitment.
		pub fn enrolment(trial: TrialId, commitment: Hash) -> Option<EnrolmentOf<T>> {
			Participants::<T>::get(trial, commitment)
		}
	}
}
