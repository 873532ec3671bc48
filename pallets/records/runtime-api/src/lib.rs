//! Runtime API of the records pallet: the queries a client (a patient's wallet, a custodian's
//! gatekeeper, an auditor) asks of the EHR pointer registry.
//!
//! The runtime implements each method by calling the query function of the same name on
//! `pallet_records::Pallet`. The same queries are also available as the pallet's view
//! functions.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use healthchain_primitives::{ContentHash, Purpose, RecordId, Tag};
pub use pallet_records::{
	PointerInfo, ReadDenied, RecordBodyInfo, RecordInfo, RecordPage, VerifyResult,
};

sp_api::decl_runtime_apis! {
	/// Queries of the EHR pointer registry.
	///
	/// `AccountId`, `Balance` and `BlockNumber` are the runtime's account, balance (deposits)
	/// and block number types.
	pub trait RecordsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The record `id` without its locator (and, once erased, without its body), or `None`
		/// if unknown.
		fn record(id: RecordId) -> Option<RecordInfo<AccountId, Balance, BlockNumber>>;

		/// A page of `patient`'s live (not erased) records, optionally only those whose
		/// category tag is
		/// `category` (the tag of a code under the patient's blind key). Start with
		/// `start_after = None` and pass each page's `next` until it is `None`. At most
		/// `min(max(limit, 1), 100)` records per page.
		fn records_of(
			patient: AccountId,
			category: Option<Tag>,
			start_after: Option<RecordId>,
			limit: u32,
		) -> RecordPage<AccountId, Balance, BlockNumber>;

		/// The ids of the versions of `id`'s chain, oldest first (empty if unknown).
		fn history(id: RecordId) -> Vec<RecordId>;

		/// Whether a blob with `hash` matches the current version of `id`'s chain.
		fn verify(id: RecordId, hash: ContentHash) -> VerifyResult;

		/// The locator and `accessor`'s wrapped key of `record` if consent permits `accessor`
		/// to read it for `purpose`, the reason otherwise.
		fn read_pointer(
			record: RecordId,
			accessor: AccountId,
			purpose: Purpose,
		) -> Result<PointerInfo<AccountId>, ReadDenied>;
	}
}
