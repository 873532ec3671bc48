//! # Claims pallet
//!
//! Payer programs with escrow, provider claims that pay out unless the patient disputes them,
//! and rewards for patient tasks: healthcare payments without a health fact on chain.
//!
//! ## Overview
//!
//! A payer (an insurer, an employer's health plan, a public programme) opens a **program**: it
//! holds funds in escrow, lists the services it covers and the most it pays for each, a limit
//! per patient, a dispute window and, if it wants, rewards for tasks patients complete. A
//! provider's member submits a **claim** for a patient it serves. The claim is admissible only
//! when the patient's consent lets the payer use the patient's data for `Payment`; the patient
//! (or a guardian) may then confirm it, which pays at once, or dispute it within the window. An
//! undisputed claim is paid when its window closes: the pallet settles due claims in
//! `on_idle`, a bounded amount of work per block, and anyone may settle one with
//! [`Pallet::settle_claim`]. The payer adjudicates disputed claims. A provider attests that a
//! patient completed a task, and the program pays the patient the reward at once. Closing a
//! program gives unspent escrow back to its funder; what is committed to pending claims settles
//! later and what they leave goes back as they settle.
//!
//! The parties are accredited organizations (`pallet-organizations`, through
//! [`healthchain_primitives::OrganizationsInspect`]) and consent is decided by `pallet-consent`
//! (through [`healthchain_primitives::ConsentInspect`]); this pallet depends on neither.
//!
//! ## Terminology
//!
//! - **Program** ([`Program`]): a payer's offer, with an id ([`ProgramId`]) from 0.
//! - **Officer**: the payer's `Staff` member who opened the program. Consent is asked for the
//!   officer as accessor: a patient's consent grant to the payer organization is honoured for
//!   its `Staff` members for the `Payment` purpose. The officer is also the **funder**, whose
//!   balance is held as escrow.
//! - **Escrow**: funds held from the funder under [`HoldReason::ProgramEscrow`]. **Committed**:
//!   the part reserved for pending and disputed claims; the rest is **free**.
//! - **Commitment** ([`Commitment`]): a 32-byte hash of a program secret and a service or task
//!   code, which the payer shares with the providers off chain. The chain compares
//!   commitments; it never sees a code.
//! - **Claim** ([`Claim`]): a provider's request for payment, with an id ([`ClaimId`]) from 0,
//!   `Pending`, `Disputed`, `Paid` or `Rejected`. Settled claims stay as the audit record.
//! - **Patient**: the subject account the provider knows the patient by (one per custodian,
//!   see `docs/privacy.md`).
//!
//! ## Privacy
//!
//! No health fact is on chain, in storage, events or call arguments: services and tasks are
//! commitments under a secret the chain never sees, the claim document, the dispute statement
//! and the task attestation are hashes of documents kept off chain, and the record category
//! given for the consent check is a blind tag ([`healthchain_primitives::Tag`]) made with the
//! patient's blind key (the custodian holds it). What shows is what a payment shows anyway: that a subject dealt with a
//! provider and is covered by a payer, and the amounts. A claim's amount is public; which
//! service it pays for is not.
//!
//! ## Calls, by who may call them
//!
//! - A `Staff` member of an active `Payer` organization: [`Pallet::open_program`].
//! - The program's officer (while still a member of the payer) or the payer's admin:
//!   [`Pallet::fund_program`], [`Pallet::close_program`], [`Pallet::adjudicate`].
//! - A `Clinician` or `Staff` member of an active `Provider` organization:
//!   [`Pallet::submit_claim`], [`Pallet::attest_task`].
//! - The patient or one of its guardians: [`Pallet::confirm_claim`], [`Pallet::dispute_claim`].
//! - Anyone: [`Pallet::settle_claim`] once a pending claim is due.
//!
//! ## Settling due claims
//!
//! Each claim is queued under its due block in [`DueClaims`] (at most
//! [`Config::MaxDuePerBlock`] per block). `on_idle` walks the queue from [`NextDueBlock`] up
//! to the current block, in order, paying the claims still pending and dropping the others
//! (confirmed, disputed, settled by a call). It stops before an item would take more weight
//! than is left, and after [`Config::MaxBlocksPerIdle`] blocks; the rest waits for the next
//! block. So the work per block is at most `MaxBlocksPerIdle` queue reads and what the weight
//! left allows, and no block of the queue is ever skipped. While nothing is queued the cursor
//! jumps to the current block.
//!
//! ## Example
//!
//! From the test `undisputed_claim_is_paid_by_on_idle_after_the_window`:
//!
//! ```ignore
//! assert_ok!(Claims::open_program(signed(OFFICER), terms(), 1_000));
//! assert_ok!(Claims::submit_claim(signed(DOCTOR), 0, PATIENT, SERVICE, 100, CATEGORY, doc(1)));
//! run_to_block(1 + WINDOW);
//! assert_eq!(Claims::claim(0).unwrap().status, ClaimStatus::Paid);
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
	use crate::functions::ClaimInput;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::fungible::{Inspect, InspectHold, Mutate, MutateHold},
		weights::WeightMeter,
	};
	use frame_system::pallet_prelude::*;
	use healthchain_primitives::{ConsentInspect, OrgId, OrganizationsInspect, Tag};
	use sp_runtime::traits::Zero;

	/// The in-code storage version: 0 until a migration is needed.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	/// The balance type of the escrow currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
	/// A priced list of services, as stored and given to `open_program`.
	pub type ServicesOf<T> = BoundedVec<(Commitment, BalanceOf<T>), <T as Config>::MaxServices>;
	/// A priced list of tasks, as stored and given to `open_program`.
	pub type TasksOf<T> = BoundedVec<(Commitment, BalanceOf<T>), <T as Config>::MaxTasks>;
	/// A program's terms, as given to `open_program` and stored.
	pub type ProgramTermsOf<T> =
		ProgramTerms<BalanceOf<T>, BlockNumberFor<T>, ServicesOf<T>, TasksOf<T>>;
	/// A program as stored.
	pub type ProgramOf<T> = Program<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		ServicesOf<T>,
		TasksOf<T>,
	>;
	/// A program as queries answer it.
	pub type ProgramInfoOf<T> = Program<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		Vec<(Commitment, BalanceOf<T>)>,
		Vec<(Commitment, BalanceOf<T>)>,
	>;
	/// A claim as stored.
	pub type ClaimOf<T> =
		Claim<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
	/// A patient's totals in a program, as stored.
	pub type TotalsOf<T> = Totals<BalanceOf<T>, BlockNumberFor<T>>;
	/// The claims due in one block.
	pub type DueQueueOf<T> = BoundedVec<ClaimId, <T as Config>::MaxDuePerBlock>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who may act as what: the accredited organizations and their members.
		type Organizations: OrganizationsInspect<Self::AccountId>;

		/// The consent decision, and who may act for a patient.
		type Consent: ConsentInspect<Self::AccountId>;

		/// The currency escrow is held and paid in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ InspectHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Most services one program lists.
		#[pallet::constant]
		type MaxServices: Get<u32>;

		/// Most tasks one program rewards.
		#[pallet::constant]
		type MaxTasks: Get<u32>;

		/// Most claims due in one block; a claim whose due block is full is refused
		/// (`TooManyDueInBlock`) and may be submitted in the next block.
		#[pallet::constant]
		type MaxDuePerBlock: Get<u32>;

		/// Most blocks of the due queue `on_idle` reads in one call.
		#[pallet::constant]
		type MaxBlocksPerIdle: Get<u32>;

		/// Shortest dispute window a program may set, in blocks; at least 1.
		#[pallet::constant]
		type MinDisputeWindow: Get<BlockNumberFor<Self>>;

		/// Longest dispute window a program may set, in blocks.
		#[pallet::constant]
		type MaxDisputeWindow: Get<BlockNumberFor<Self>>;

		/// The worst-case weight of one consent decision, charged on top of the benchmarked
		/// weight of `submit_claim` and `attest_task` (whose benchmarks make the least
		/// permitted decision); what the decision did not read is given back.
		#[pallet::constant]
		type ConsentDecisionWeight: Get<Weight>;

		/// Weights of the calls and of `on_idle`.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A program's escrow, held from its funder.
		ProgramEscrow,
	}

	/// The id the next program will get.
	#[pallet::storage]
	pub type NextProgramId<T: Config> = StorageValue<_, ProgramId, ValueQuery>;

	/// Every program ever opened, open or closed.
	#[pallet::storage]
	pub type Programs<T: Config> = StorageMap<_, Twox64Concat, ProgramId, ProgramOf<T>>;

	/// The id the next claim will get.
	#[pallet::storage]
	pub type NextClaimId<T: Config> = StorageValue<_, ClaimId, ValueQuery>;

	/// Every claim ever submitted, whatever its status.
	#[pallet::storage]
	pub type Claims<T: Config> = StorageMap<_, Twox64Concat, ClaimId, ClaimOf<T>>;

	/// The claim each document hash was submitted with: a document is claimed once.
	#[pallet::storage]
	pub type ClaimByDocument<T: Config> = StorageMap<_, Blake2_128Concat, DocHash, ClaimId>;

	/// Each patient's claims, for the patient's app to list.
	#[pallet::storage]
	pub type ClaimsOfPatient<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, ClaimId, ()>;

	/// What each program has paid, committed and rewarded for each patient (absent: nothing).
	#[pallet::storage]
	pub type PatientTotals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProgramId,
		Blake2_128Concat,
		T::AccountId,
		TotalsOf<T>,
		ValueQuery,
	>;

	/// The task attestations each program has rewarded: an attestation is paid once.
	#[pallet::storage]
	pub type TaskAttestations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProgramId, Blake2_128Concat, DocHash, ()>;

	/// The claims falling due in each block, in submission order, until `on_idle` passes them.
	#[pallet::storage]
	pub type DueClaims<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, DueQueueOf<T>, ValueQuery>;

	/// The first block of [`DueClaims`] that `on_idle` has not finished; no queued block lies
	/// before it.
	#[pallet::storage]
	pub type NextDueBlock<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// How many claim ids [`DueClaims`] holds, over all blocks.
	#[pallet::storage]
	pub type DueCount<T: Config> = StorageValue<_, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A payer opened a program and its escrow is held from the officer.
		ProgramOpened {
			/// The program.
			program: ProgramId,
			/// The payer organization.
			payer: OrgId,
			/// The officer who opened it, also its funder.
			officer: T::AccountId,
			/// The escrow held.
			escrow: BalanceOf<T>,
			/// The services covered, with the most claimed for each.
			services: ServicesOf<T>,
			/// The most paid for one patient.
			patient_limit: BalanceOf<T>,
			/// The dispute window, in blocks.
			dispute_window: BlockNumberFor<T>,
			/// The tasks rewarded, with their rewards.
			tasks: TasksOf<T>,
			/// The most rewarded to one patient per reward period.
			reward_cap: BalanceOf<T>,
			/// The reward period, in blocks.
			reward_period: BlockNumberFor<T>,
		},
		/// Funds were added to a program's escrow.
		ProgramFunded {
			/// The program.
			program: ProgramId,
			/// Who paid them (the funder, or the payer's admin, whose funds moved onto the
			/// funder's hold).
			by: T::AccountId,
			/// The amount added.
			amount: BalanceOf<T>,
			/// The escrow now.
			escrow: BalanceOf<T>,
		},
		/// A program was closed; its free escrow went back to the funder.
		ProgramClosed {
			/// The program.
			program: ProgramId,
			/// Who closed it.
			by: T::AccountId,
			/// The escrow released to the funder now.
			refunded: BalanceOf<T>,
			/// The escrow still committed to pending and disputed claims.
			committed: BalanceOf<T>,
		},
		/// Escrow of a closed program that a settled claim no longer needs went back to the
		/// funder.
		EscrowReleased {
			/// The program.
			program: ProgramId,
			/// The funder it went back to.
			funder: T::AccountId,
			/// The amount released.
			amount: BalanceOf<T>,
		},
		/// A provider submitted a claim; its amount is committed from the escrow.
		ClaimSubmitted {
			/// The claim.
			claim: ClaimId,
			/// The program it is paid from.
			program: ProgramId,
			/// The provider organization.
			provider: OrgId,
			/// The member who submitted it.
			submitter: T::AccountId,
			/// Who will be paid.
			payee: T::AccountId,
			/// The patient's subject account.
			patient: T::AccountId,
			/// The service's commitment.
			service: Commitment,
			/// The amount claimed.
			amount: BalanceOf<T>,
			/// The hash of the claim document.
			document: DocHash,
			/// The block from which it may be settled if undisputed.
			due: BlockNumberFor<T>,
		},
		/// The patient (or a guardian) confirmed a claim; it is paid at once.
		ClaimConfirmed {
			/// The claim.
			claim: ClaimId,
			/// The patient or guardian who confirmed.
			by: T::AccountId,
		},
		/// The patient (or a guardian) disputed a claim; the payer adjudicates it.
		ClaimDisputed {
			/// The claim.
			claim: ClaimId,
			/// The patient or guardian who disputed.
			by: T::AccountId,
			/// Hash of the off-chain dispute statement.
			reason: DocHash,
		},
		/// The payer approved a disputed claim; it is paid at once.
		ClaimApproved {
			/// The claim.
			claim: ClaimId,
			/// The officer or payer admin who decided.
			by: T::AccountId,
		},
		/// The payer rejected a disputed claim; its amount is no longer committed.
		ClaimRejected {
			/// The claim.
			claim: ClaimId,
			/// The program.
			program: ProgramId,
			/// The officer or payer admin who decided.
			by: T::AccountId,
			/// The amount no longer committed.
			amount: BalanceOf<T>,
		},
		/// A claim was paid from the escrow.
		ClaimPaid {
			/// The claim.
			claim: ClaimId,
			/// The program.
			program: ProgramId,
			/// Who was paid.
			payee: T::AccountId,
			/// The amount paid.
			amount: BalanceOf<T>,
		},
		/// `on_idle` could not pay a due claim; it stays pending and anyone may settle it
		/// later with `settle_claim`.
		ClaimPaymentFailed {
			/// The claim.
			claim: ClaimId,
			/// Why the payment failed.
			error: DispatchError,
		},
		/// A program paid a patient a task reward from its escrow.
		RewardPaid {
			/// The program.
			program: ProgramId,
			/// The patient's subject account, which was paid.
			patient: T::AccountId,
			/// The task's commitment.
			task: Commitment,
			/// The reward paid.
			amount: BalanceOf<T>,
			/// The provider organization that attested the task.
			provider: OrgId,
			/// The member who attested it.
			attester: T::AccountId,
			/// Hash of the attestation.
			attestation: DocHash,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not act for the payer: opening a program needs a `Staff` member of
		/// an active `Payer` organization; funding, closing and adjudicating need the program's
		/// officer (still a member of the payer) or the payer's admin. Sign with such an
		/// account.
		NotPayer,
		/// The caller is not a `Clinician` or `Staff` member of an active `Provider`
		/// organization (or that organization has no admin to be paid). Sign with such an
		/// account.
		NotProvider,
		/// No program has this id. Check it with the `program` query.
		UnknownProgram,
		/// The program is closed: it takes no claims, task attestations or funds. Use an open
		/// program.
		ProgramClosed,
		/// The program does not list this service commitment. Compute it with the program's
		/// secret and check the program's `services`.
		UnknownService,
		/// The amount claimed is above what the program lists for the service. Claim at most
		/// the listed amount.
		AmountAboveListed,
		/// Paying this would take the patient beyond the program's `patient_limit` (claims
		/// paid and pending and rewards paid, counted together). Nothing more can be paid for
		/// this patient from this program.
		PatientLimitReached,
		/// The program's free escrow (escrow not committed to pending claims) does not cover
		/// the amount. Ask the payer to fund the program, or wait for pending claims to
		/// settle.
		InsufficientEscrow,
		/// The patient's consent does not let the payer use the patient's data for `Payment`
		/// in this category. The patient (or a guardian) must grant it to the payer first.
		ConsentDenied,
		/// This claim document was claimed already. A document is claimed once; submit a new
		/// document for a new claim.
		DuplicateClaim,
		/// No claim has this id. Check it with the `claim` query.
		UnknownClaim,
		/// Only the claim's patient or one of its guardians may confirm or dispute it.
		NotPatientOrGuardian,
		/// The claim's dispute window has closed: it can no longer be disputed (it will be, or
		/// has been, paid).
		WindowClosed,
		/// The claim's dispute window is still open: it can be settled from its `due` block
		/// on.
		NotDue,
		/// The claim is not pending (it is disputed, paid or rejected), so it cannot be
		/// confirmed, disputed or settled. Check its status with the `claim` query.
		NotPending,
		/// The claim is not disputed: only disputed claims are adjudicated.
		NotDisputed,
		/// The program does not reward this task commitment. Check the program's `tasks`.
		UnknownTask,
		/// This attestation was rewarded already by this program: a task is paid once.
		TaskAlreadyRewarded,
		/// The reward would take the patient beyond the program's `reward_cap` in the current
		/// reward period. Attest again in the next period.
		RewardCapReached,
		/// Every program or claim id has been used. Nothing more can be opened or submitted.
		IdsExhausted,
		/// As many claims fall due in this claim's due block as allowed (`MaxDuePerBlock`).
		/// Submit it in the next block.
		TooManyDueInBlock,
		/// The dispute window is outside the runtime's `MinDisputeWindow` to
		/// `MaxDisputeWindow`. Choose a window within them.
		InvalidWindow,
		/// A program must cover at least one service. List one.
		NoServices,
		/// The reward period is zero while tasks are listed. Give a period of at least one
		/// block, or list no tasks.
		InvalidRewardPeriod,
		/// A service or task commitment is listed twice. List each once.
		DuplicateCommitment,
		/// The amount is zero. Claim or fund a positive amount.
		ZeroAmount,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_idle(now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let mut meter = WeightMeter::with_limit(remaining);
			Self::settle_due_claims(now, &mut meter);
			meter.consumed()
		}

		fn integrity_test() {
			assert!(T::MaxServices::get() >= 1, "MaxServices must allow a service");
			assert!(T::MaxDuePerBlock::get() >= 1, "MaxDuePerBlock must allow a claim");
			assert!(T::MaxBlocksPerIdle::get() >= 1, "MaxBlocksPerIdle must be at least 1");
			assert!(
				!T::MinDisputeWindow::get().is_zero(),
				"MinDisputeWindow must be at least one block"
			);
			assert!(
				T::MinDisputeWindow::get() <= T::MaxDisputeWindow::get(),
				"MinDisputeWindow must not exceed MaxDisputeWindow"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Opens a program of the caller's payer organization on `terms`, and holds `escrow`
		/// from the caller, who becomes the program's officer and funder.
		///
		/// - Origin: signed by a `Staff` member of an active `Payer` organization.
		/// - `terms.services` must list at least one service and no commitment twice (nor
		///   `terms.tasks`); `terms.dispute_window` must lie within
		///   [`Config::MinDisputeWindow`] and [`Config::MaxDisputeWindow`];
		///   `terms.reward_period` must not be zero when tasks are listed. `escrow` may be zero
		///   (fund later).
		/// - Errors: [`Error::NotPayer`], [`Error::NoServices`], [`Error::DuplicateCommitment`],
		///   [`Error::InvalidWindow`], [`Error::InvalidRewardPeriod`], [`Error::IdsExhausted`],
		///   or the currency's error when the escrow cannot be held.
		/// - Emits: [`Event::ProgramOpened`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::open_program(
			terms.services.len() as u32,
			terms.tasks.len() as u32,
		))]
		pub fn open_program(
			origin: OriginFor<T>,
			terms: ProgramTermsOf<T>,
			escrow: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_program(who, terms, escrow).map(|_| ())
		}

		/// Adds `amount` to the escrow of `program`. The funder's own top-up is held from it;
		/// the payer admin's moves from the admin onto the funder's hold (unspent escrow goes
		/// back to the funder).
		///
		/// - Origin: signed by the program's officer (still a member of the payer) or the
		///   payer's admin.
		/// - Errors: [`Error::UnknownProgram`], [`Error::NotPayer`], [`Error::ProgramClosed`],
		///   [`Error::ZeroAmount`], or the currency's error when the funds cannot be held.
		/// - Emits: [`Event::ProgramFunded`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::fund_program())]
		pub fn fund_program(
			origin: OriginFor<T>,
			program: ProgramId,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_fund_program(who, program, amount)
		}

		/// Closes `program`: it takes no new claims or task attestations, and its free escrow
		/// goes back to the funder at once. What is committed to pending and disputed claims
		/// stays held until they settle; what a rejected claim leaves goes back then
		/// ([`Event::EscrowReleased`]).
		///
		/// - Origin: signed by the program's officer (still a member of the payer) or the
		///   payer's admin.
		/// - Errors: [`Error::UnknownProgram`], [`Error::NotPayer`], [`Error::ProgramClosed`]
		///   (closed already), or the currency's error when the escrow cannot be released.
		/// - Emits: [`Event::ProgramClosed`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::close_program())]
		pub fn close_program(origin: OriginFor<T>, program: ProgramId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_program(who, program)
		}

		/// Submits a claim against `program` for `amount` for `service` given to `patient`,
		/// with the hash of the off-chain claim `document`. The amount is committed from the
		/// escrow; the claim is paid when its dispute window closes undisputed, or at once if
		/// the patient confirms it.
		///
		/// - Origin: signed by a `Clinician` or `Staff` member of an active `Provider`
		///   organization. The organization's admin account (now) is the payee.
		/// - `category` is the blind tag of the category of the patient's records the claim
		///   rests on, made with the patient's blind key, which the custodian holds. The claim
		///   is admissible only if the patient's consent lets the program's officer read that
		///   category for `Payment` (`check_access(patient, officer, Category(category),
		///   Payment, Read)`). The tag is not stored.
		/// - The service must be listed, `amount` positive and at most its listed amount; the
		///   patient's claims paid and pending and rewards paid in this program plus `amount`
		///   must stay within `patient_limit`; the free escrow must cover `amount`.
		/// - Weight: the benchmark plus [`Config::ConsentDecisionWeight`]; what the consent
		///   decision did not read is given back.
		/// - Errors: [`Error::NotProvider`], [`Error::UnknownProgram`],
		///   [`Error::ProgramClosed`], [`Error::ZeroAmount`], [`Error::UnknownService`],
		///   [`Error::AmountAboveListed`], [`Error::DuplicateClaim`],
		///   [`Error::PatientLimitReached`], [`Error::InsufficientEscrow`],
		///   [`Error::ConsentDenied`], [`Error::TooManyDueInBlock`], [`Error::InvalidWindow`]
		///   (the due block overflows), [`Error::IdsExhausted`].
		/// - Emits: [`Event::ClaimSubmitted`].
		#[pallet::call_index(3)]
		#[pallet::weight(
			T::WeightInfo::submit_claim().saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn submit_claim(
			origin: OriginFor<T>,
			program: ProgramId,
			patient: T::AccountId,
			service: Commitment,
			amount: BalanceOf<T>,
			category: Tag,
			document: DocHash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let claim = ClaimInput { program, patient, service, amount, category, document };
			let (_, decision) = Self::do_submit_claim(who, claim)?;
			Ok(Some(T::WeightInfo::submit_claim().saturating_add(decision)).into())
		}

		/// Confirms a pending claim; it is paid at once.
		///
		/// - Origin: signed by the claim's patient or one of its guardians.
		/// - Errors: [`Error::UnknownClaim`], [`Error::NotPatientOrGuardian`],
		///   [`Error::NotPending`], or the currency's error when the payment fails.
		/// - Emits: [`Event::ClaimConfirmed`], [`Event::ClaimPaid`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::confirm_claim())]
		pub fn confirm_claim(origin: OriginFor<T>, claim: ClaimId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_confirm_claim(who, claim)
		}

		/// Disputes a pending claim within its dispute window; the payer then adjudicates it
		/// and `on_idle` no longer pays it.
		///
		/// - Origin: signed by the claim's patient or one of its guardians.
		/// - `reason` is the hash of the patient's statement, kept off chain.
		/// - Errors: [`Error::UnknownClaim`], [`Error::NotPatientOrGuardian`],
		///   [`Error::NotPending`], [`Error::WindowClosed`].
		/// - Emits: [`Event::ClaimDisputed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::dispute_claim())]
		pub fn dispute_claim(
			origin: OriginFor<T>,
			claim: ClaimId,
			reason: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute_claim(who, claim, reason)
		}

		/// Decides a disputed claim: `approve` pays it at once; otherwise it is rejected and
		/// its amount is no longer committed (and, in a closed program, goes back to the
		/// funder).
		///
		/// - Origin: signed by the program's officer (still a member of the payer) or the
		///   payer's admin.
		/// - Errors: [`Error::UnknownClaim`], [`Error::UnknownProgram`], [`Error::NotPayer`],
		///   [`Error::NotDisputed`], or the currency's error when the payment or release
		///   fails.
		/// - Emits: [`Event::ClaimApproved`] and [`Event::ClaimPaid`], or
		///   [`Event::ClaimRejected`] (and [`Event::EscrowReleased`] in a closed program).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::adjudicate())]
		pub fn adjudicate(origin: OriginFor<T>, claim: ClaimId, approve: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_adjudicate(who, claim, approve)
		}

		/// Pays a pending claim whose dispute window has closed, as `on_idle` would.
		///
		/// - Origin: signed by anyone.
		/// - Errors: [`Error::UnknownClaim`], [`Error::NotPending`] (disputed or settled
		///   already), [`Error::NotDue`], or the currency's error when the payment fails.
		/// - Emits: [`Event::ClaimPaid`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::settle_claim())]
		pub fn settle_claim(origin: OriginFor<T>, claim: ClaimId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_settle_claim(claim)
		}

		/// Attests that `patient` completed `task` of `program`; the program pays the patient
		/// the task's reward from its escrow at once.
		///
		/// - Origin: signed by a `Clinician` or `Staff` member of an active `Provider`
		///   organization.
		/// - `category` is the blind tag of the category of the records the task concerns;
		///   the patient's consent must let the program's officer read it for `Payment`, as
		///   for a claim. `attestation` is the hash of the off-chain attestation; a program
		///   rewards an attestation once.
		/// - The reward counts against the patient's `reward_cap` in the current reward period
		///   (a new period starts when the last one has run `reward_period` blocks) and against
		///   its `patient_limit`; the free escrow must cover it. The patient's account must be
		///   able to receive it (exist, or the reward be at least the existential deposit).
		/// - Weight: the benchmark plus [`Config::ConsentDecisionWeight`]; what the consent
		///   decision did not read is given back.
		/// - Errors: [`Error::NotProvider`], [`Error::UnknownProgram`],
		///   [`Error::ProgramClosed`], [`Error::UnknownTask`], [`Error::TaskAlreadyRewarded`],
		///   [`Error::RewardCapReached`], [`Error::PatientLimitReached`],
		///   [`Error::InsufficientEscrow`], [`Error::ConsentDenied`], or the currency's error
		///   when the reward cannot be paid.
		/// - Emits: [`Event::RewardPaid`].
		#[pallet::call_index(8)]
		#[pallet::weight(
			T::WeightInfo::attest_task().saturating_add(T::ConsentDecisionWeight::get())
		)]
		pub fn attest_task(
			origin: OriginFor<T>,
			program: ProgramId,
			patient: T::AccountId,
			task: Commitment,
			category: Tag,
			attestation: DocHash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let decision =
				Self::do_attest_task(who, program, patient, task, category, attestation)?;
			Ok(Some(T::WeightInfo::attest_task().saturating_add(decision)).into())
		}
	}

	/// The queries, for clients (as view functions) and for the runtime API
	/// (`pallet-claims-runtime-api`, whose methods call these one to one).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// A program with its terms, escrow and status, or `None` if unknown.
		pub fn program(id: ProgramId) -> Option<ProgramInfoOf<T>> {
			Self::query_program(id)
		}

		/// A claim, or `None` if unknown. Settled claims stay.
		pub fn claim(id: ClaimId) -> Option<ClaimOf<T>> {
			Claims::<T>::get(id)
		}

		/// Up to `limit` (at most [`MAX_PAGE`]) claims of `patient` with their ids, in storage
		/// order, after claim `start_after` (from the first when `None`). To read the next
		/// page, pass the last id of this one; an empty page means the end.
		pub fn claims_of_patient(
			patient: T::AccountId,
			start_after: Option<ClaimId>,
			limit: u32,
		) -> Vec<(ClaimId, ClaimOf<T>)> {
			Self::query_claims_of_patient(patient, start_after, limit)
		}

		/// What `program` has paid, committed and rewarded for `patient` (zero when nothing).
		pub fn patient_totals(program: ProgramId, patient: T::AccountId) -> TotalsOf<T> {
			PatientTotals::<T>::get(program, patient)
		}
	}
}
