//! The read-only queries behind the view functions and the runtime API.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_system::pallet_prelude::BlockNumberFor;
use healthchain_primitives::{MemberRoles, OrgId};
use sp_runtime::traits::UniqueSaturatedInto;

impl<T: Config> Pallet<T> {
	/// [`Pallet::organization`]: the organization `org` as clients see it.
	pub(crate) fn query_organization(org: OrgId) -> Option<OrganizationInfo<T::AccountId>> {
		let o = Organizations::<T>::get(org)?;
		let block = |b: BlockNumberFor<T>| -> u32 { b.unique_saturated_into() };
		let balance = |b: BalanceOf<T>| -> u128 { b.unique_saturated_into() };
		let history = History::<T>::get(org)
			.into_iter()
			.map(|r| AccreditationRecord { who: r.who, block: block(r.block), action: r.action })
			.collect();
		Some(OrganizationInfo {
			id: org,
			admin: o.admin,
			roles: o.roles.into_iter().collect(),
			credential_hash: o.credential.hash,
			credential_issuer: o.credential.issuer.into_inner(),
			metadata: o.metadata.into_inner(),
			status: o.status,
			accredited_by: o.accredited_by,
			accredited_at: block(o.accredited_at),
			member_count: o.member_count,
			deposit: balance(o.deposit),
			member_deposits: balance(o.member_deposits),
			history,
		})
	}

	/// [`Pallet::account_info`]: the organization, member roles and admin flag of `who`.
	pub(crate) fn query_account_info(who: &T::AccountId) -> Option<AccountInfo> {
		let org = MemberOf::<T>::get(who)?;
		let membership = Members::<T>::get(org, who)?;
		let is_admin = Organizations::<T>::get(org).is_some_and(|o| &o.admin == who);
		Some((org, membership.roles, is_admin))
	}

	/// [`Pallet::members`]: one page of the members of `org`.
	pub(crate) fn query_members(
		org: OrgId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<(T::AccountId, MemberRoles)> {
		let limit = limit.min(MAX_PAGE) as usize;
		let iter = match start_after {
			Some(after) => {
				Members::<T>::iter_prefix_from(org, Members::<T>::hashed_key_for(org, after))
			},
			None => Members::<T>::iter_prefix(org),
		};
		iter.take(limit).map(|(who, membership)| (who, membership.roles)).collect()
	}

	/// The organization holding the company prefix that `key_digits` start with (see
	/// [`Pallet::company_prefix_holder`]).
	pub(crate) fn query_company_prefix_holder(key_digits: &[u8]) -> Option<OrgId> {
		(MIN_COMPANY_PREFIX_LEN as usize..=MAX_COMPANY_PREFIX_LEN as usize)
			.filter_map(|len| key_digits.get(..len))
			.find_map(|prefix| {
				CompanyPrefixHolder::<T>::get(CompanyPrefix::truncate_from(prefix.to_vec()))
			})
	}
}
