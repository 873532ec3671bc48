//! Identifiers, stored records and query answers of the trials pallet.
//!
//! Nothing here names a participant. A participant is on chain only as a commitment (the hash
//! of the participant's per-trial subject and a salt, both kept off chain), and the outcomes,
//! protocol, dataset and results are hashes of documents kept off chain.

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use healthchain_primitives::OrgId;
use scale_info::TypeInfo;

/// Identifier of a trial, assigned in order from 0.
pub type TrialId = u32;
/// A 32-byte hash of an off-chain document or a commitment: a protocol, an outcome definition,
/// an amendment's reason, a participant commitment, a dataset's Merkle root, a results report.
pub type Hash = [u8; 32];
/// Number of a trial's version: 0 is the registration, each amendment the next.
pub type VersionNumber = u32;

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

/// Derives of query answers (not stored).
macro_rules! answer_type {
	($item:item) => {
		#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug)]
		$item
	};
}

value_type! {
/// A deposit held for a trial, with the account it is held from and goes back to.
pub struct Deposit<AccountId, Balance> {
	/// The account the deposit is held from (the investigator who registered the trial).
	pub payer: AccountId,
	/// The amount held.
	pub amount: Balance,
}
}

value_type! {
#[derive(Copy)]
/// Where a trial is in its life. Each status only moves forward.
pub enum TrialStatus {
	/// Registered, nobody enrolled yet: outcomes may still change by amendment without a
	/// declaration.
	Registered,
	/// At least one participant enrolled: the outcomes in force at the first enrolment are the
	/// pre-registered ones.
	Recruiting,
	/// The dataset is locked: no enrolment or amendment any more.
	DataLocked,
	/// The results are registered: the trial is final.
	ResultsRegistered,
}
}

value_type! {
#[derive(Copy)]
/// The lock of a trial's dataset.
pub struct DataLock<BlockNumber> {
	/// Hash or Merkle root of the locked dataset.
	pub dataset_root: Hash,
	/// The block in which it was locked.
	pub at: BlockNumber,
	/// Participants enrolled when it was locked (withdrawn ones included).
	pub enrolled: u32,
	/// Of those, how many had withdrawn when it was locked.
	pub withdrawn: u32,
}
}

value_type! {
/// A trial's registered results. `Outcomes` is the list of outcome hashes: bounded in storage,
/// a plain vector in query answers.
pub struct Results<BlockNumber, Outcomes> {
	/// Hash of the results document.
	pub results: Hash,
	/// The primary outcomes the results report.
	pub primary: Outcomes,
	/// The secondary outcomes the results report.
	pub secondary: Outcomes,
	/// The block in which they were registered.
	pub at: BlockNumber,
	/// Whether the dataset had been locked before the results were registered.
	pub data_locked_before: bool,
}
}

value_type! {
/// A registered trial. `Sites` is the list of site organizations and `Outcomes` the list of
/// outcome hashes: bounded in storage, plain vectors in query answers.
pub struct Trial<AccountId, Balance, BlockNumber, Sites, Outcomes> {
	/// The `Researcher` organization that runs the trial.
	pub sponsor: OrgId,
	/// The `Researcher` member of the sponsor who registered it: the accessor of every
	/// consent decision on enrolment.
	pub investigator: AccountId,
	/// The organizations where participants are enrolled.
	pub sites: Sites,
	/// How many participants the trial plans to enrol; also the most it may enrol, because
	/// the deposit pays for that many enrolments.
	pub planned_enrolment: u32,
	/// The latest version: versions `0..=current_version` are kept.
	pub current_version: VersionNumber,
	/// Participants enrolled, withdrawn ones included.
	pub enrolled: u32,
	/// Of those, how many withdrew.
	pub withdrawn: u32,
	/// The block of the first enrolment.
	pub first_enrolment: Option<BlockNumber>,
	/// The version in force at the first enrolment: its outcomes are the pre-registered ones.
	pub enrolment_version: Option<VersionNumber>,
	/// Whether an amendment after the first enrolment changed the outcomes (always declared:
	/// an undeclared change is refused).
	pub outcomes_changed_after_enrolment: bool,
	/// The data lock, once made.
	pub data_lock: Option<DataLock<BlockNumber>>,
	/// The results, once registered.
	pub results: Option<Results<BlockNumber, Outcomes>>,
	/// Where the trial is in its life.
	pub status: TrialStatus,
	/// The block in which it was registered.
	pub registered_at: BlockNumber,
	/// The deposit held for it; `None` once it went back (when the results were registered).
	pub deposit: Option<Deposit<AccountId, Balance>>,
}
}

value_type! {
/// One version of a trial: the registration (version 0) or an amendment.
pub struct Version<BlockNumber, Outcomes> {
	/// Hash of the protocol document of this version.
	pub protocol: Hash,
	/// Hashes of the pre-specified primary outcome definitions.
	pub primary_outcomes: Outcomes,
	/// Hashes of the pre-specified secondary outcome definitions.
	pub secondary_outcomes: Outcomes,
	/// Hash of the amendment's reason document; `None` for version 0.
	pub reason: Option<Hash>,
	/// Whether the outcome lists differ from the previous version's (compared as sets).
	pub outcomes_changed: bool,
	/// Whether the amendment said it changes the outcomes.
	pub declared_outcome_change: bool,
	/// Participants enrolled when this version took effect.
	pub enrolled: u32,
	/// The block in which it took effect.
	pub at: BlockNumber,
}
}

value_type! {
#[derive(Copy, Default)]
/// A site's enrolment counts in a trial.
pub struct SiteCount {
	/// Participants the site enrolled, withdrawn ones included.
	pub enrolled: u32,
	/// Of those, how many withdrew.
	pub withdrawn: u32,
}
}

value_type! {
#[derive(Copy)]
/// One participant's enrolment, stored under the participant's commitment: never the
/// participant's account.
pub struct Enrolment<BlockNumber> {
	/// The site that enrolled the participant.
	pub site: OrgId,
	/// The block of the enrolment.
	pub at: BlockNumber,
	/// The block of the withdrawal, if the participant withdrew.
	pub withdrawn_at: Option<BlockNumber>,
}
}

answer_type! {
/// What a reader of a trial's results can check: were the outcomes reported the ones
/// pre-registered, and was the data locked before the results were registered?
pub struct ResultsCheck {
	/// The reported primary outcomes are exactly the primary outcomes of the version in force
	/// at the first enrolment (`registered_version`), compared as sets.
	pub primary_as_registered: bool,
	/// The same for the secondary outcomes.
	pub secondary_as_registered: bool,
	/// An amendment after the first enrolment changed the outcomes (it declared so; an
	/// undeclared change is refused by the chain).
	pub outcomes_amended_after_enrolment: bool,
	/// The dataset was locked before the results were registered.
	pub data_locked_before_results: bool,
	/// The version whose outcomes count as pre-registered: the one in force at the first
	/// enrolment, or 0 when nobody was enrolled.
	pub registered_version: VersionNumber,
	/// How many versions the trial has (the registration and its amendments).
	pub versions: u32,
}
}

/// A trial as query answers give it.
pub type TrialInfo<AccountId, Balance, BlockNumber> =
	Trial<AccountId, Balance, BlockNumber, Vec<OrgId>, Vec<Hash>>;
/// A version as query answers give it.
pub type VersionInfo<BlockNumber> = Version<BlockNumber, Vec<Hash>>;

/// Whether two outcome lists hold the same outcomes, whatever their order. Lists on chain hold
/// no duplicates, so comparing sorted copies compares sets.
pub fn same_outcomes(a: &[Hash], b: &[Hash]) -> bool {
	if a.len() != b.len() {
		return false;
	}
	let mut a = a.to_vec();
	let mut b = b.to_vec();
	a.sort_unstable();
	b.sort_unstable();
	a == b
}

/// Whether `list` names an outcome twice.
pub fn has_duplicates(list: &[Hash]) -> bool {
	let mut sorted = list.to_vec();
	sorted.sort_unstable();
	sorted.windows(2).any(|pair| pair.first() == pair.get(1))
}
