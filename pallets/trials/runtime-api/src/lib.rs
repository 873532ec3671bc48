//! Runtime API of the Healthchain trials pallet: what a reader of a trial's results, a site or
//! an auditor asks of the trial registry.
//!
//! The runtime implements each method with one line calling the pallet's view function of the
//! same name (`pallet_trials::Pallet::<Runtime>::x`): `check_results`, `trial`, `version`,
//! `site_counts`, `enrolment`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

use codec::Codec;
use healthchain_primitives::OrgId;
pub use pallet_trials::{
	Enrolment, Hash, ResultsCheck, SiteCount, TrialId, TrialInfo, VersionInfo, VersionNumber,
};

sp_api::decl_runtime_apis! {
	/// Queries of the clinical trial registry.
	///
	/// `AccountId`, `Balance` and `BlockNumber` are the runtime's account, balance (deposits)
	/// and block number types.
	pub trait TrialsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// Whether the outcomes a trial's results report are the pre-registered ones (those in
		/// force at the first enrolment), whether an amendment after the first enrolment
		/// changed them, and whether the data was locked before the results; `None` when the
		/// trial is unknown or has no results yet.
		fn check_results(trial: TrialId) -> Option<ResultsCheck>;

		/// A trial.
		fn trial(trial: TrialId) -> Option<TrialInfo<AccountId, Balance, BlockNumber>>;

		/// Version `version` of a trial (0: the registration); walk `0..=current_version`.
		fn version(trial: TrialId, version: VersionNumber) -> Option<VersionInfo<BlockNumber>>;

		/// A site's enrolment counts in a trial (zeros for a site that enrolled nobody).
		fn site_counts(trial: TrialId, site: OrgId) -> SiteCount;

		/// The enrolment under a participant's commitment.
		fn enrolment(trial: TrialId, commitment: Hash) -> Option<Enrolment<BlockNumber>>;
	}
}
