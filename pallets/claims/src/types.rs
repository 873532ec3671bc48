//! Identifiers, stored records and query answers of the claims pallet.
//!
//! Nothing here names a service, a task or a diagnosis: services and tasks are
//! [`Commitment`]s, documents and dispute statements are hashes, and patients are (per-custodian)
//! subject accounts.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use healthchain_primitives::OrgId;
use scale_info::TypeInfo;

/// Identifier of a payer's program, assigned in order from 0.
pub type ProgramId = u32;
/// Identifier of a claim, assigned in order from 0.
pub type ClaimId = u64;
/// A commitment to a service or task code: a hash of a program secret, which the payer shares
/// with the providers off chain, and the code. Without the secret nobody can test a guess.
pub type Commitment = [u8; 32];
/// A 32-byte hash of an off-chain document (the claim document, a dispute statement, a task
/// attestation). It must be the hash of an encrypted or salted document, never of anything a
/// person could guess.
pub type DocHash = [u8; 32];

/// The most entries a page of a paged query holds.
pub const MAX_PAGE: u32 = 100;

/// Derives shared by the value types of this module.
macro_rules! value_type {
	($item:item) => {
		#[derive(
			Encode,
			Decode,
			DecodeWithMemTracking,
			MaxEncodedLen,
			TypeInfo,
			Clone,
			PartialEq,
			Eq,
			Debug,
		)]
		$item
	};
}

value_type! {
/// Whether a program takes new claims and rewards.
#[derive(Copy)]
pub enum ProgramStatus {
	/// Takes claims and task attestations.
	Open,
	/// Takes nothing new; its committed claims still settle, and what they leave is released
	/// to the funder as they do.
	Closed,
}
}

value_type! {
/// What a program covers and on which terms, as its payer sets them when opening it.
/// `Services` and `Tasks` are lists of `(Commitment, Balance)`: bounded in storage and in the
/// call, plain vectors in query answers.
pub struct ProgramTerms<Balance, BlockNumber, Services, Tasks> {
	/// The services covered, each with the most a claim for it may ask. At least one, each
	/// commitment once.
	pub services: Services,
	/// The most the program pays for one patient: claims paid, claims pending and rewards paid
	/// counted together.
	pub patient_limit: Balance,
	/// Blocks after submission during which the patient may dispute a claim, within the
	/// runtime's `MinDisputeWindow` and `MaxDisputeWindow`.
	pub dispute_window: BlockNumber,
	/// The patient tasks rewarded, each with its reward; each commitment once. May be empty.
	pub tasks: Tasks,
	/// The most rewards paid to one patient in one reward period.
	pub reward_cap: Balance,
	/// Length of a reward period, in blocks; not zero when tasks are listed.
	pub reward_period: BlockNumber,
}
}

value_type! {
/// A payer's program: its terms, escrow and status.
pub struct Program<AccountId, Balance, BlockNumber, Services, Tasks> {
	/// The payer organization.
	pub payer: OrgId,
	/// The `Staff` member of the payer who opened it: the accessor of its consent checks.
	pub officer: AccountId,
	/// The account whose balance is held as escrow (the officer), and to which unspent escrow
	/// goes back.
	pub funder: AccountId,
	/// Held from the funder now under `HoldReason::ProgramEscrow`.
	pub escrow: Balance,
	/// The part of `escrow` reserved for pending and disputed claims.
	pub committed: Balance,
	/// What it covers and on which terms.
	pub terms: ProgramTerms<Balance, BlockNumber, Services, Tasks>,
	/// Open or closed.
	pub status: ProgramStatus,
	/// The block it was opened in.
	pub opened_at: BlockNumber,
}
}

value_type! {
/// Where a claim stands.
#[derive(Copy)]
pub enum ClaimStatus {
	/// Submitted; paid when its dispute window closes undisputed, or at once if the patient
	/// confirms it.
	Pending,
	/// The patient disputed it; the payer decides.
	Disputed,
	/// Paid to its payee.
	Paid,
	/// Rejected by the payer; nothing was paid.
	Rejected,
}
}

value_type! {
/// A provider's claim against a program. Claims stay after they settle, as the audit record.
pub struct Claim<AccountId, Balance, BlockNumber> {
	/// The program it is paid from.
	pub program: ProgramId,
	/// The provider organization that claims.
	pub provider: OrgId,
	/// The provider member who submitted it.
	pub submitter: AccountId,
	/// Who is paid: the provider's admin account when the claim was submitted.
	pub payee: AccountId,
	/// The patient's subject account.
	pub patient: AccountId,
	/// The service claimed, as the program lists it.
	pub service: Commitment,
	/// The amount claimed, at most the service's listed amount.
	pub amount: Balance,
	/// Hash of the off-chain claim document; a document is claimed once.
	pub document: DocHash,
	/// The block from which it may be settled if undisputed.
	pub due: BlockNumber,
	/// Where it stands.
	pub status: ClaimStatus,
	/// The block it was submitted in.
	pub submitted_at: BlockNumber,
}
}

value_type! {
/// What a program has spent and committed for one patient.
#[derive(Default)]
pub struct Totals<Balance, BlockNumber> {
	/// Claims paid.
	pub paid: Balance,
	/// Claims pending or disputed.
	pub pending: Balance,
	/// Rewards paid, all periods.
	pub rewarded: Balance,
	/// Start of the current reward period.
	pub period_start: BlockNumber,
	/// Rewards paid in the current reward period.
	pub rewarded_in_period: Balance,
}
}
