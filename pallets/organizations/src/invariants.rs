//! Storage invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::btree_map::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use healthchain_primitives::{OrgId, OrgStatus};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks the storage invariants: `Members` and `MemberOf` agree both ways, member counts
	/// and deposit totals match, every admin is a member of its organization, every id is below
	/// `NextOrgId`, histories belong to organizations, held deposits cover what is recorded,
	/// admin offers and pending registrations agree, and invitation tallies match the
	/// invitations.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next = NextOrgId::<T>::get();
		let mut counted: BTreeMap<OrgId, (u32, BalanceOf<T>)> = BTreeMap::new();
		for (org, who, membership) in Members::<T>::iter() {
			ensure!(
				MemberOf::<T>::get(&who) == Some(org),
				"a member's MemberOf entry is missing or names another organization"
			);
			ensure!(Organizations::<T>::contains_key(org), "a member of an unknown organization");
			let entry = counted.entry(org).or_insert((0, Zero::zero()));
			entry.0 = entry.0.saturating_add(1);
			entry.1 = entry.1.saturating_add(membership.deposit);
		}
		for (who, org) in MemberOf::<T>::iter() {
			ensure!(Members::<T>::contains_key(org, &who), "a MemberOf entry without a membership");
		}
		let mut held: BTreeMap<T::AccountId, (BalanceOf<T>, BalanceOf<T>)> = BTreeMap::new();
		for (org, o) in Organizations::<T>::iter() {
			ensure!(org < next, "an organization id is not below NextOrgId");
			ensure!(!o.roles.is_empty(), "an organization without roles");
			ensure!(
				MemberOf::<T>::get(&o.admin) == Some(org)
					&& Members::<T>::contains_key(org, &o.admin),
				"an admin is not a member of its organization"
			);
			let (count, deposits) = counted.get(&org).copied().unwrap_or((0, Zero::zero()));
			ensure!(o.member_count == count, "member_count does not match the members");
			ensure!(o.member_deposits == deposits, "member_deposits does not match the members");
			ensure!(
				o.status != OrgStatus::Revoked || o.deposit.is_zero(),
				"a revoked organization still records a deposit"
			);
			ensure!(
				!PendingRegistrations::<T>::contains_key(org),
				"an organization in force is also pending"
			);
			ensure!(
				AdminOffers::<T>::get(org).is_none_or(|to| {
					to != o.admin && Members::<T>::contains_key(org, &to)
						|| o.status == OrgStatus::Revoked
				}),
				"an admin offer to the admin itself or to a non-member"
			);
			let tally = PendingInvitations::<T>::get(org);
			let entry = held.entry(o.admin.clone()).or_insert((Zero::zero(), Zero::zero()));
			entry.0 = entry.0.saturating_add(o.deposit);
			entry.1 = entry.1.saturating_add(o.member_deposits).saturating_add(tally.deposits);
			ensure!(
				o.member_count.saturating_add(tally.count) <= T::MaxMembers::get(),
				"members and pending invitations exceed MaxMembers"
			);
		}
		for (org, _) in PendingRegistrations::<T>::iter() {
			ensure!(org < next, "a pending registration's id is not below NextOrgId");
			ensure!(AdminOffers::<T>::contains_key(org), "a pending registration without offer");
		}
		for org in AdminOffers::<T>::iter_keys() {
			ensure!(
				Organizations::<T>::contains_key(org)
					|| PendingRegistrations::<T>::contains_key(org),
				"an admin offer for no organization"
			);
		}
		let mut invited: BTreeMap<OrgId, InvitationTallyOf<T>> = BTreeMap::new();
		for (org, who, invitation) in Invitations::<T>::iter() {
			ensure!(Organizations::<T>::contains_key(org), "an invitation to no organization");
			ensure!(
				MemberOf::<T>::get(&who) != Some(org),
				"an invitation to an account already a member"
			);
			let tally = invited.entry(org).or_default();
			tally.count = tally.count.saturating_add(1);
			tally.deposits = tally.deposits.saturating_add(invitation.deposit);
		}
		ensure!(
			PendingInvitations::<T>::iter().collect::<BTreeMap<_, _>>() == invited,
			"the invitation tallies differ from the invitations"
		);
		ensure!(
			invited.values().all(|t| t.count <= T::MaxInvitations::get()),
			"more invitations pending than MaxInvitations"
		);
		for (admin, (org_deposits, member_deposits)) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::OrganizationDeposit.into(), &admin)
					>= org_deposits,
				"an admin holds less than its organization deposit"
			);
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::MemberDeposit.into(), &admin)
					>= member_deposits,
				"an admin holds less than its member and invitation deposits"
			);
		}
		for org in History::<T>::iter_keys() {
			ensure!(Organizations::<T>::contains_key(org), "a history of an unknown organization");
		}
		Self::try_state_company_prefixes()
	}

	/// The company prefix invariants: every held prefix is well formed, listed for one existing
	/// organization and indexed to it, the index lists nothing else, no held prefix starts with
	/// another, and the counts of shorter prefixes match the held prefixes.
	fn try_state_company_prefixes() -> Result<(), TryRuntimeError> {
		let mut under: BTreeMap<CompanyPrefix, u32> = BTreeMap::new();
		let mut held = 0usize;
		for (org, prefixes) in CompanyPrefixesOf::<T>::iter() {
			ensure!(Organizations::<T>::contains_key(org), "prefixes of an unknown organization");
			ensure!(!prefixes.is_empty(), "an empty prefix list is stored");
			for prefix in prefixes.iter() {
				held = held.saturating_add(1);
				ensure!(is_company_prefix(prefix), "a malformed company prefix is held");
				ensure!(
					CompanyPrefixHolder::<T>::get(prefix) == Some(org),
					"a held prefix is not indexed to its organization"
				);
				for shorter in shorter_prefixes(prefix) {
					ensure!(
						!CompanyPrefixHolder::<T>::contains_key(CompanyPrefix::truncate_from(
							shorter.to_vec()
						)),
						"a held prefix starts with another held prefix"
					);
					let count =
						under.entry(CompanyPrefix::truncate_from(shorter.to_vec())).or_default();
					*count = count.saturating_add(1);
				}
			}
		}
		ensure!(
			CompanyPrefixHolder::<T>::iter_keys().count() == held,
			"the prefix index lists a prefix no organization holds"
		);
		ensure!(
			CompanyPrefixesUnder::<T>::iter().collect::<BTreeMap<_, _>>() == under,
			"the counts of shorter prefixes differ from the held prefixes"
		);
		Ok(())
	}
}
