//! Runtime API of the organizations pallet: what clients ask about accredited organizations.
//!
//! The runtime implements each method by calling the pallet's query function of the same
//! name (`pallet_organizations::Pallet::<Runtime>::organization(org)` and so on). The same
//! queries are also available as the pallet's view functions.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
use healthchain_primitives::{MemberRoles, OrgId};
pub use pallet_organizations::{AccountInfo, OrganizationInfo, MAX_PAGE};

sp_api::decl_runtime_apis! {
	/// Queries about organizations, their members and the organization of an account.
	pub trait OrganizationsApi<AccountId> where AccountId: Codec {
		/// The organization `org` with its accreditation history, or `None` if it does not
		/// exist.
		fn organization(org: OrgId) -> Option<OrganizationInfo<AccountId>>;

		/// The organization of `who`, its member roles there and whether it is the admin, or
		/// `None` if `who` belongs to no organization.
		fn account_info(who: AccountId) -> Option<AccountInfo>;

		/// Up to `limit` (at most `MAX_PAGE`) members of `org` with their roles,
		/// starting after member `start_after` (from the first when `None`). To read the next
		/// page, pass the last account of the previous one.
		fn members(org: OrgId, start_after: Option<AccountId>, limit: u32)
			-> Vec<(AccountId, MemberRoles)>;
	}
}
