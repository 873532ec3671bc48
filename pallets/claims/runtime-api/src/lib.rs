//! Runtime API of the Healthchain claims pallet: what a payer's, a provider's or a patient's
//! app and an auditor ask about programs and claims.
//!
//! The runtime implements each method with one line calling the pallet's query of the same
//! name (`pallet_claims::Pallet::<Runtime>::program(id)` and so on). The same queries are the
//! pallet's view functions.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use pallet_claims::{
	Claim, ClaimId, ClaimStatus, Commitment, Program, ProgramId, ProgramStatus, ProgramTerms,
	Totals, MAX_PAGE,
};

/// A program as the API answers it: its service and task lists as plain vectors.
pub type ProgramInfo<AccountId, Balance, BlockNumber> = Program<
	AccountId,
	Balance,
	BlockNumber,
	Vec<(Commitment, Balance)>,
	Vec<(Commitment, Balance)>,
>;

sp_api::decl_runtime_apis! {
	/// Queries of payer programs and claims.
	///
	/// `AccountId`, `Balance` and `BlockNumber` are the runtime's account, balance and block
	/// number types.
	pub trait ClaimsApi<AccountId, Balance, BlockNumber>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// A program with its terms, escrow and status, or `None` if unknown.
		fn program(id: ProgramId) -> Option<ProgramInfo<AccountId, Balance, BlockNumber>>;

		/// A claim, or `None` if unknown. Settled claims stay.
		fn claim(id: ClaimId) -> Option<Claim<AccountId, Balance, BlockNumber>>;

		/// Up to `limit` (at most `MAX_PAGE`) claims of `patient` with their ids, after claim
		/// `start_after` (from the first when `None`). To read the next page, pass the last id
		/// of this one; an empty page means the end.
		fn claims_of_patient(
			patient: AccountId,
			start_after: Option<ClaimId>,
			limit: u32,
		) -> Vec<(ClaimId, Claim<AccountId, Balance, BlockNumber>)>;

		/// What `program` has paid, committed and rewarded for `patient` (zero when nothing).
		fn patient_totals(program: ProgramId, patient: AccountId) -> Totals<Balance, BlockNumber>;
	}
}
