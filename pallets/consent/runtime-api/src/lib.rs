//! Runtime API of `pallet-consent`: access decisions and the consent, guardian, emergency and
//! audit queries, for gatekeepers, wallets and auditors.
//!
//! The runtime implements each method by calling the function of the same name on
//! `pallet_consent::Pallet` (`grant` calls `Pallet::grant_info`, `deny` calls
//! `Pallet::deny_info`).
//!
//! Version 2 adds the deny provisions: `deny` and `denies_of`.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use healthchain_primitives::{
	AccessDecision, AccessTarget, Action, DenyId, EmergencyId, GrantId, Purpose,
};
pub use pallet_consent::{
	AccessTally, DenyEntry, DenyView, EmergencyAccess, EmergencyEntry, GrantEntry, GrantView,
	Grantee,
};

sp_api::decl_runtime_apis! {
	/// Consent decisions and queries.
	///
	/// Version 2 added the deny provisions (`deny`, `denies_of`). Version 3 names its methods as
	/// the pallet's view functions are named: `grant_info` and `deny_info` (`grant` and `deny`
	/// before; `grant` and `deny` are calls).
	#[api_version(3)]
	pub trait ConsentApi<AccountId>
	where
		AccountId: Codec,
	{
		/// Whether `accessor` may perform `action` on `target` of `patient` for `purpose` now,
		/// the basis that permits it or the reason it is denied. Writes nothing.
		fn check_access(
			patient: AccountId,
			accessor: AccountId,
			target: AccessTarget,
			purpose: Purpose,
			action: Action,
		) -> AccessDecision;

		/// A grant (live, or expired and not yet cleaned up). Categories, labels and periods
		/// are blind tags and named records are chains (first versions); a wallet holding the
		/// patient's blind key matches the tags against the codes it knows.
		#[renamed("grant", 3)]
		fn grant_info(id: GrantId) -> Option<GrantView<AccountId>>;

		/// A page of a patient's grants: at most `limit` (capped at 100) after `start_after`.
		fn grants_of(
			patient: AccountId,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Vec<GrantEntry<AccountId>>;

		/// A page of the grants to a grantee: at most `limit` (capped at 100) after
		/// `start_after`.
		fn grants_to(
			grantee: Grantee<AccountId>,
			start_after: Option<GrantId>,
			limit: u32,
		) -> Vec<GrantEntry<AccountId>>;

		/// An emergency access.
		fn emergency_access(id: EmergencyId) -> Option<EmergencyAccess<AccountId>>;

		/// A page of a patient's emergency accesses: at most `limit` (capped at 100) after
		/// `start_after`.
		fn emergency_accesses_of(
			patient: AccountId,
			start_after: Option<EmergencyId>,
			limit: u32,
		) -> Vec<EmergencyEntry<AccountId>>;

		/// A patient's guardians.
		fn guardians_of(patient: AccountId) -> Vec<AccountId>;

		/// A patient's access log counters.
		fn access_counters(patient: AccountId) -> AccessTally;

		/// A deny provision. Its actor is named in the clear; categories and labels are blind
		/// tags and named records are chains.
		#[renamed("deny", 3)]
		fn deny_info(id: DenyId) -> Option<DenyView<AccountId>>;

		/// Every deny provision of a patient (at most `MaxDeniesPerPatient`), oldest first.
		fn denies_of(patient: AccountId) -> Vec<DenyEntry<AccountId>>;
	}
}
