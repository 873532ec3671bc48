//! The logic behind the calls and [`OrganizationsInspect`].

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{InspectHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
	},
};
#[cfg(feature = "runtime-benchmarks")]
use healthchain_primitives::MemberRole;
use healthchain_primitives::{
	deposit::try_release_deposit, role_set, MemberRoles, OrgId, OrgRole, OrgRoles, OrgStatus,
	OrganizationsInspect,
};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Whether `who` is the admin of an active organization holding the `Regulator` role.
	pub fn is_active_regulator(who: &T::AccountId) -> bool {
		MemberOf::<T>::get(who).and_then(Organizations::<T>::get).is_some_and(|o| {
			&o.admin == who
				&& o.status == OrgStatus::Active
				&& o.roles.contains(&OrgRole::Regulator)
		})
	}

	/// Fails unless `by` (the accreditation origin's success value) may act on an organization
	/// whose roles are `roles`: only Root may touch regulators.
	fn ensure_may_accredit(by: &Option<T::AccountId>, roles: &OrgRoles) -> DispatchResult {
		ensure!(
			by.is_none() || !roles.contains(&OrgRole::Regulator),
			Error::<T>::RegulatorRoleRequiresRoot
		);
		Ok(())
	}

	/// Why organization `org` cannot be read: its registration waits for its admin
	/// ([`Error::AdminNotAccepted`]) or there is no such organization.
	fn missing(org: OrgId) -> DispatchError {
		if PendingRegistrations::<T>::contains_key(org) {
			Error::<T>::AdminNotAccepted.into()
		} else {
			Error::<T>::UnknownOrganization.into()
		}
	}

	/// The organization `org`, in force (its admin accepted).
	fn in_force(org: OrgId) -> Result<OrganizationOf<T>, DispatchError> {
		Organizations::<T>::get(org).ok_or_else(|| Self::missing(org))
	}

	/// The organization `org`, if `who` is its admin and it is not revoked.
	fn managed_by(org: OrgId, who: &T::AccountId) -> Result<OrganizationOf<T>, DispatchError> {
		let o = Self::in_force(org)?;
		ensure!(&o.admin == who, Error::<T>::NotAdmin);
		ensure!(o.status != OrgStatus::Revoked, Error::<T>::OrganizationRevoked);
		Ok(o)
	}

	/// Appends to the history of `org`, dropping the oldest entry when it is full.
	fn record(org: OrgId, who: Option<T::AccountId>, action: AccreditationAction) {
		let entry =
			AccreditationRecord { who, block: frame_system::Pallet::<T>::block_number(), action };
		History::<T>::mutate(org, |history| {
			// Keeping the entries right of index `len` drops the oldest when full; it only fails
			// for a zero bound, which `integrity_test` rules out.
			let _ = history.force_insert_keep_right(history.len(), entry);
		});
	}

	/// The checks of a registration that do not depend on funds.
	fn validate_registration(
		by: &Option<T::AccountId>,
		admin: &T::AccountId,
		roles: &OrgRoles,
		credential: &Credential,
	) -> DispatchResult {
		ensure!(!roles.is_empty(), Error::<T>::NoRoles);
		ensure!(credential.is_well_formed(), Error::<T>::InvalidIssuerCode);
		Self::ensure_may_accredit(by, roles)?;
		ensure!(!MemberOf::<T>::contains_key(admin), Error::<T>::AlreadyInOrganization);
		Ok(())
	}

	/// Takes the next organization id.
	fn take_org_id() -> Result<OrgId, DispatchError> {
		let org = NextOrgId::<T>::get();
		let next = org.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		NextOrgId::<T>::put(next);
		Ok(org)
	}

	/// Stores organization `org` (an id taken before), active, with `admin` as its only
	/// member. The caller has validated the registration and held `deposit`.
	fn insert_organization(
		org: OrgId,
		by: Option<T::AccountId>,
		admin: T::AccountId,
		roles: OrgRoles,
		credential: Credential,
		metadata: MetadataOf<T>,
		deposit: BalanceOf<T>,
	) {
		Organizations::<T>::insert(
			org,
			Organization {
				admin: admin.clone(),
				roles: roles.clone(),
				credential,
				metadata,
				status: OrgStatus::Active,
				accredited_by: by.clone(),
				accredited_at: frame_system::Pallet::<T>::block_number(),
				member_count: 1,
				deposit,
				member_deposits: Zero::zero(),
			},
		);
		Members::<T>::insert(
			org,
			&admin,
			Membership { roles: MemberRoles::new(), deposit: Zero::zero() },
		);
		MemberOf::<T>::insert(&admin, org);
		Self::record(org, by, AccreditationAction::Registered(roles));
	}

	/// Makes `who` a member of `o` (organization `org`) with `roles`, counting `deposit`, which
	/// the caller has held. The caller writes `o` back.
	fn insert_member(
		org: OrgId,
		o: &mut OrganizationOf<T>,
		who: &T::AccountId,
		roles: MemberRoles,
		deposit: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(!MemberOf::<T>::contains_key(who), Error::<T>::AlreadyInOrganization);
		ensure!(o.member_count < T::MaxMembers::get(), Error::<T>::TooManyMembers);
		// Below `MaxMembers`, so it cannot overflow.
		o.member_count = o.member_count.saturating_add(1);
		// Held funds are part of the total issuance, which fits in a balance.
		o.member_deposits = o.member_deposits.saturating_add(deposit);
		Members::<T>::insert(org, who, Membership { roles, deposit });
		MemberOf::<T>::insert(who, org);
		Ok(())
	}

	/// Registers an organization and offers its admin role (see [`Pallet::register`]);
	/// returns the id it will have.
	pub(crate) fn do_offer_registration(
		by: Option<T::AccountId>,
		admin: T::AccountId,
		roles: OrgRoles,
		credential: Credential,
		metadata: MetadataOf<T>,
	) -> Result<OrgId, DispatchError> {
		Self::validate_registration(&by, &admin, &roles, &credential)?;
		ensure!(NextOrgId::<T>::get() < OrgId::MAX, Error::<T>::IdsExhausted);
		let org = Self::take_org_id()?;
		PendingRegistrations::<T>::insert(
			org,
			PendingRegistration {
				roles: roles.clone(),
				credential: credential.clone(),
				metadata,
				accredited_by: by.clone(),
			},
		);
		AdminOffers::<T>::insert(org, &admin);
		Self::deposit_event(Event::RegistrationOffered {
			org,
			admin,
			roles,
			credential,
			accredited_by: by,
		});
		Ok(org)
	}

	/// The admin offer of `org`, if it is made to `who`.
	fn offered_to(org: OrgId, who: &T::AccountId) -> DispatchResult {
		let to = AdminOffers::<T>::get(org).ok_or(Error::<T>::NoAdminOffer)?;
		ensure!(&to == who, Error::<T>::NotOfferedAdmin);
		Ok(())
	}

	/// Accepts an admin offer (see [`Pallet::accept_admin`]).
	pub(crate) fn do_accept_admin(who: T::AccountId, org: OrgId) -> DispatchResult {
		Self::offered_to(org, &who)?;
		match PendingRegistrations::<T>::get(org) {
			Some(registration) => Self::accept_registration(who, org, registration),
			None => Self::accept_handover(who, org),
		}
	}

	/// `admin` accepts the pending registration of `org`: the organization comes into force.
	fn accept_registration(
		admin: T::AccountId,
		org: OrgId,
		registration: PendingRegistrationOf<T>,
	) -> DispatchResult {
		ensure!(!MemberOf::<T>::contains_key(&admin), Error::<T>::AlreadyInOrganization);
		let deposit = T::OrganizationDeposit::get();
		T::Currency::hold(&HoldReason::OrganizationDeposit.into(), &admin, deposit)
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
		let PendingRegistration { roles, credential, metadata, accredited_by } = registration;
		PendingRegistrations::<T>::remove(org);
		AdminOffers::<T>::remove(org);
		Self::insert_organization(
			org,
			accredited_by.clone(),
			admin.clone(),
			roles.clone(),
			credential.clone(),
			metadata,
			deposit,
		);
		Self::deposit_event(Event::Registered {
			org,
			admin,
			roles,
			credential,
			accredited_by,
			deposit,
		});
		Ok(())
	}

	/// `new_admin` accepts the handover of `org`: admin rights and every held deposit move.
	fn accept_handover(new_admin: T::AccountId, org: OrgId) -> DispatchResult {
		let mut o = Self::in_force(org)?;
		ensure!(o.status != OrgStatus::Revoked, Error::<T>::OrganizationRevoked);
		ensure!(Members::<T>::contains_key(org, &new_admin), Error::<T>::NotMember);
		let old_admin = o.admin.clone();
		// Pending invitations' deposits are held from the admin too, and move with the role.
		let member_holds =
			o.member_deposits.saturating_add(PendingInvitations::<T>::get(org).deposits);
		let holds = [
			(HoldReason::OrganizationDeposit, o.deposit),
			(HoldReason::MemberDeposit, member_holds),
		];
		for (reason, amount) in &holds {
			ensure!(
				amount.is_zero() || T::Currency::hold_available(&(*reason).into(), &new_admin),
				Error::<T>::NewAdminCannotHold
			);
		}
		for (reason, amount) in holds {
			if !amount.is_zero() {
				T::Currency::transfer_on_hold(
					&reason.into(),
					&old_admin,
					&new_admin,
					amount,
					Precision::Exact,
					Restriction::OnHold,
					Fortitude::Polite,
				)?;
			}
		}
		let moved = o.deposit.saturating_add(member_holds);
		o.admin = new_admin.clone();
		Organizations::<T>::insert(org, o);
		AdminOffers::<T>::remove(org);
		Self::deposit_event(Event::AdminTransferred {
			org,
			old_admin,
			new_admin,
			deposits_moved: moved,
		});
		Ok(())
	}

	/// Declines an admin offer (see [`Pallet::decline_admin`]).
	pub(crate) fn do_decline_admin(who: T::AccountId, org: OrgId) -> DispatchResult {
		Self::offered_to(org, &who)?;
		AdminOffers::<T>::remove(org);
		PendingRegistrations::<T>::remove(org);
		Self::deposit_event(Event::AdminOfferDeclined { org, who });
		Ok(())
	}

	/// Withdraws an admin offer (see [`Pallet::withdraw_admin_offer`]). `accreditor` is the
	/// accreditation origin's success value if the caller is one; `signer` the caller's account
	/// if it signed.
	pub(crate) fn do_withdraw_admin_offer(
		accreditor: Option<Option<T::AccountId>>,
		signer: Option<T::AccountId>,
		org: OrgId,
	) -> DispatchResult {
		let to = AdminOffers::<T>::get(org).ok_or(Error::<T>::NoAdminOffer)?;
		let by = match PendingRegistrations::<T>::get(org) {
			Some(registration) => {
				let by = accreditor.ok_or(DispatchError::BadOrigin)?;
				Self::ensure_may_accredit(&by, &registration.roles)?;
				PendingRegistrations::<T>::remove(org);
				by
			},
			None => {
				let o = Self::in_force(org)?;
				ensure!(signer.as_ref() == Some(&o.admin), Error::<T>::NotAdmin);
				signer
			},
		};
		AdminOffers::<T>::remove(org);
		Self::deposit_event(Event::AdminOfferWithdrawn { org, who: to, by });
		Ok(())
	}
	/// Replaces an organization's roles (see [`Pallet::set_roles`]).
	pub(crate) fn do_set_roles(
		by: Option<T::AccountId>,
		org: OrgId,
		roles: OrgRoles,
	) -> DispatchResult {
		ensure!(!roles.is_empty(), Error::<T>::NoRoles);
		Self::ensure_may_accredit(&by, &roles)?;
		Organizations::<T>::try_mutate(org, |maybe| -> DispatchResult {
			let o = maybe.as_mut().ok_or_else(|| Self::missing(org))?;
			ensure!(o.status != OrgStatus::Revoked, Error::<T>::OrganizationRevoked);
			Self::ensure_may_accredit(&by, &o.roles)?;
			o.roles = roles.clone();
			Ok(())
		})?;
		Self::record(org, by.clone(), AccreditationAction::RolesSet(roles.clone()));
		Self::deposit_event(Event::RolesSet { org, roles, by });
		Ok(())
	}

	/// Changes an organization's status from `from` to `to`, for [`Pallet::suspend`] and
	/// [`Pallet::reinstate`]. `wrong_status` is the error for any other non-revoked status.
	fn change_status(
		by: &Option<T::AccountId>,
		org: OrgId,
		from: OrgStatus,
		to: OrgStatus,
		wrong_status: Error<T>,
	) -> DispatchResult {
		Organizations::<T>::try_mutate(org, |maybe| -> DispatchResult {
			let o = maybe.as_mut().ok_or_else(|| Self::missing(org))?;
			ensure!(o.status != OrgStatus::Revoked, Error::<T>::OrganizationRevoked);
			ensure!(o.status == from, wrong_status);
			Self::ensure_may_accredit(by, &o.roles)?;
			o.status = to;
			Ok(())
		})
	}

	/// Suspends an organization (see [`Pallet::suspend`]).
	pub(crate) fn do_suspend(by: Option<T::AccountId>, org: OrgId) -> DispatchResult {
		Self::change_status(
			&by,
			org,
			OrgStatus::Active,
			OrgStatus::Suspended,
			Error::<T>::NotActive,
		)?;
		Self::record(org, by.clone(), AccreditationAction::Suspended);
		Self::deposit_event(Event::Suspended { org, by });
		Ok(())
	}

	/// Reinstates an organization (see [`Pallet::reinstate`]).
	pub(crate) fn do_reinstate(by: Option<T::AccountId>, org: OrgId) -> DispatchResult {
		Self::change_status(
			&by,
			org,
			OrgStatus::Suspended,
			OrgStatus::Active,
			Error::<T>::NotSuspended,
		)?;
		Self::record(org, by.clone(), AccreditationAction::Reinstated);
		Self::deposit_event(Event::Reinstated { org, by });
		Ok(())
	}

	/// Revokes an organization (see [`Pallet::revoke`]).
	pub(crate) fn do_revoke(by: Option<T::AccountId>, org: OrgId) -> DispatchResult {
		let mut o = Self::in_force(org)?;
		ensure!(o.status != OrgStatus::Revoked, Error::<T>::OrganizationRevoked);
		Self::ensure_may_accredit(&by, &o.roles)?;
		// Best effort: whatever is still held is released; nothing can block a revocation.
		let released = try_release_deposit::<T::AccountId, T::Currency>(
			&HoldReason::OrganizationDeposit.into(),
			&o.admin,
			o.deposit,
		)?;
		o.deposit = Zero::zero();
		o.status = OrgStatus::Revoked;
		Organizations::<T>::insert(org, o);
		Self::record(org, by.clone(), AccreditationAction::Revoked);
		Self::deposit_event(Event::Revoked { org, by, deposit_released: released });
		Ok(())
	}

	/// Invites an account to join (see [`Pallet::add_member`]).
	pub(crate) fn do_invite(
		admin: T::AccountId,
		org: OrgId,
		who: T::AccountId,
		roles: MemberRoles,
	) -> DispatchResult {
		let o = Self::managed_by(org, &admin)?;
		ensure!(!MemberOf::<T>::contains_key(&who), Error::<T>::AlreadyInOrganization);
		ensure!(!Invitations::<T>::contains_key(org, &who), Error::<T>::AlreadyInvited);
		let mut tally = PendingInvitations::<T>::get(org);
		ensure!(tally.count < T::MaxInvitations::get(), Error::<T>::TooManyInvitations);
		// A pending invitation keeps a member's place, so that an acceptance always fits.
		ensure!(
			o.member_count.saturating_add(tally.count) < T::MaxMembers::get(),
			Error::<T>::TooManyMembers
		);
		let deposit = T::MemberDeposit::get();
		T::Currency::hold(&HoldReason::MemberDeposit.into(), &admin, deposit)
			.map_err(|_| Error::<T>::CannotPayDeposit)?;
		// Below `MaxInvitations`, so it cannot overflow; held funds fit in a balance.
		tally.count = tally.count.saturating_add(1);
		tally.deposits = tally.deposits.saturating_add(deposit);
		PendingInvitations::<T>::insert(org, tally);
		Invitations::<T>::insert(org, &who, Invitation { roles: roles.clone(), deposit });
		Self::deposit_event(Event::MemberInvited { org, who, roles, deposit });
		Ok(())
	}

	/// Removes the invitation of `who` to `org` from the pending ones and returns it.
	fn take_invitation(org: OrgId, who: &T::AccountId) -> Result<InvitationOf<T>, DispatchError> {
		let invitation = Invitations::<T>::take(org, who).ok_or(Error::<T>::NotInvited)?;
		let mut tally = PendingInvitations::<T>::get(org);
		tally.count = tally.count.saturating_sub(1);
		tally.deposits = tally.deposits.saturating_sub(invitation.deposit);
		if tally.count == 0 {
			PendingInvitations::<T>::remove(org);
		} else {
			PendingInvitations::<T>::insert(org, tally);
		}
		Ok(invitation)
	}

	/// Accepts an invitation (see [`Pallet::accept_membership`]).
	pub(crate) fn do_accept_membership(who: T::AccountId, org: OrgId) -> DispatchResult {
		ensure!(Invitations::<T>::contains_key(org, &who), Error::<T>::NotInvited);
		let mut o = Self::in_force(org)?;
		ensure!(o.status != OrgStatus::Revoked, Error::<T>::OrganizationRevoked);
		let invitation = Self::take_invitation(org, &who)?;
		Self::insert_member(org, &mut o, &who, invitation.roles.clone(), invitation.deposit)?;
		Organizations::<T>::insert(org, o);
		Self::deposit_event(Event::MemberAdded {
			org,
			who,
			roles: invitation.roles,
			deposit: invitation.deposit,
		});
		Ok(())
	}

	/// Drops the invitation of `who` to `org` and releases its deposit to the admin, returning
	/// the amount released. `by_admin` is the caller when the admin withdraws it, `None` when
	/// the account invited declines.
	pub(crate) fn do_drop_invitation(
		by_admin: Option<T::AccountId>,
		org: OrgId,
		who: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let admin = match by_admin {
			Some(caller) => {
				let o = Self::in_force(org)?;
				ensure!(o.admin == caller, Error::<T>::NotAdmin);
				caller
			},
			None => {
				ensure!(Invitations::<T>::contains_key(org, who), Error::<T>::NotInvited);
				Self::in_force(org)?.admin
			},
		};
		let invitation = Self::take_invitation(org, who)?;
		// Best effort: dropping an invitation must always be possible.
		let released = try_release_deposit::<T::AccountId, T::Currency>(
			&HoldReason::MemberDeposit.into(),
			&admin,
			invitation.deposit,
		)?;
		Ok(released)
	}

	/// Removes member `who` from `org` and releases its deposit to the admin, returning the
	/// amount released. An admin offer made to `who` lapses. `by_admin` is the caller when the admin removes the member, `None` when
	/// the member leaves.
	pub(crate) fn do_remove_member(
		by_admin: Option<T::AccountId>,
		org: OrgId,
		who: &T::AccountId,
	) -> Result<BalanceOf<T>, DispatchError> {
		let mut o = Self::in_force(org)?;
		if let Some(caller) = &by_admin {
			ensure!(&o.admin == caller, Error::<T>::NotAdmin);
		}
		ensure!(&o.admin != who, Error::<T>::CannotRemoveAdmin);
		let membership = Members::<T>::get(org, who).ok_or(Error::<T>::NotMember)?;
		// Best effort: removing a member must always be possible.
		let released = try_release_deposit::<T::AccountId, T::Currency>(
			&HoldReason::MemberDeposit.into(),
			&o.admin,
			membership.deposit,
		)?;
		o.member_count = o.member_count.saturating_sub(1);
		o.member_deposits = o.member_deposits.saturating_sub(membership.deposit);
		Members::<T>::remove(org, who);
		MemberOf::<T>::remove(who);
		Organizations::<T>::insert(org, o);
		// An admin offer lapses when the member it is made to goes.
		if AdminOffers::<T>::get(org).as_ref() == Some(who) {
			AdminOffers::<T>::remove(org);
		}
		Ok(released)
	}

	/// Replaces a member's roles (see [`Pallet::set_member_roles`]).
	pub(crate) fn do_set_member_roles(
		admin: T::AccountId,
		org: OrgId,
		who: T::AccountId,
		roles: MemberRoles,
	) -> DispatchResult {
		Self::managed_by(org, &admin)?;
		Members::<T>::try_mutate(org, &who, |maybe| -> DispatchResult {
			let membership = maybe.as_mut().ok_or(Error::<T>::NotMember)?;
			membership.roles = roles.clone();
			Ok(())
		})?;
		Self::deposit_event(Event::MemberRolesSet { org, who, roles });
		Ok(())
	}

	/// Offers the admin role to a member (see [`Pallet::transfer_admin`]).
	pub(crate) fn do_offer_admin(
		admin: T::AccountId,
		org: OrgId,
		new_admin: T::AccountId,
	) -> DispatchResult {
		Self::managed_by(org, &admin)?;
		ensure!(new_admin != admin, Error::<T>::AlreadyAdmin);
		ensure!(Members::<T>::contains_key(org, &new_admin), Error::<T>::NotMember);
		ensure!(!AdminOffers::<T>::contains_key(org), Error::<T>::AdminAlreadyOffered);
		AdminOffers::<T>::insert(org, &new_admin);
		Self::deposit_event(Event::AdminOffered { org, admin, new_admin });
		Ok(())
	}

	/// Replaces the metadata pointer (see [`Pallet::set_metadata`]).
	pub(crate) fn do_set_metadata(
		admin: T::AccountId,
		org: OrgId,
		metadata: MetadataOf<T>,
	) -> DispatchResult {
		let mut o = Self::managed_by(org, &admin)?;
		o.metadata = metadata.clone();
		Organizations::<T>::insert(org, o);
		Self::deposit_event(Event::MetadataSet { org, metadata });
		Ok(())
	}

	/// Replaces an organization's company prefixes (see [`Pallet::set_company_prefixes`]).
	pub(crate) fn do_set_company_prefixes(
		by: Option<T::AccountId>,
		org: OrgId,
		prefixes: CompanyPrefixes,
	) -> DispatchResult {
		let o = Self::in_force(org)?;
		Self::ensure_may_accredit(&by, &o.roles)?;
		ensure!(
			o.status != OrgStatus::Revoked || prefixes.is_empty(),
			Error::<T>::OrganizationRevoked
		);
		Self::replace_company_prefixes(org, &prefixes)?;
		Self::deposit_event(Event::CompanyPrefixesSet { org, prefixes, by });
		Ok(())
	}

	/// Makes `prefixes` the company prefixes of `org`, keeping the index and the counts of
	/// shorter prefixes in step. Checks everything before writing anything: a prefix must be
	/// well formed, given once, held by no other organization, and neither start with nor be the
	/// start of another prefix in the list or held by any organization (prefixes `org` gives up
	/// in the same call excepted).
	pub(crate) fn replace_company_prefixes(
		org: OrgId,
		prefixes: &CompanyPrefixes,
	) -> DispatchResult {
		ensure!(prefixes.iter().all(|p| is_company_prefix(p)), Error::<T>::InvalidCompanyPrefix);
		for (i, prefix) in prefixes.iter().enumerate() {
			for other in prefixes.iter().skip(i.saturating_add(1)) {
				ensure!(other != prefix, Error::<T>::DuplicateCompanyPrefix);
				ensure!(
					!other.starts_with(prefix) && !prefix.starts_with(other),
					Error::<T>::CompanyPrefixOverlap
				);
			}
		}
		let old = CompanyPrefixesOf::<T>::get(org);
		let removed: Vec<&CompanyPrefix> = old.iter().filter(|p| !prefixes.contains(p)).collect();
		let added: Vec<&CompanyPrefix> = prefixes.iter().filter(|p| !old.contains(p)).collect();
		let given_up = |p: &[u8]| removed.iter().any(|r| r.as_slice() == p);
		for prefix in &added {
			ensure!(
				CompanyPrefixHolder::<T>::get(*prefix).is_none(),
				Error::<T>::CompanyPrefixTaken
			);
			for shorter in shorter_prefixes(prefix) {
				let key = CompanyPrefix::truncate_from(shorter.to_vec());
				ensure!(
					CompanyPrefixHolder::<T>::get(&key).is_none() || given_up(shorter),
					Error::<T>::CompanyPrefixOverlap
				);
			}
			let longer_given_up = removed.iter().filter(|r| r.starts_with(prefix)).count();
			ensure!(
				CompanyPrefixesUnder::<T>::get(*prefix) as usize <= longer_given_up,
				Error::<T>::CompanyPrefixOverlap
			);
		}
		for prefix in removed {
			CompanyPrefixHolder::<T>::remove(prefix);
			for shorter in shorter_prefixes(prefix) {
				CompanyPrefixesUnder::<T>::mutate_exists(
					CompanyPrefix::truncate_from(shorter.to_vec()),
					|count| {
						*count = count.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
					},
				);
			}
		}
		for prefix in added {
			CompanyPrefixHolder::<T>::insert(prefix, org);
			for shorter in shorter_prefixes(prefix) {
				CompanyPrefixesUnder::<T>::mutate(
					CompanyPrefix::truncate_from(shorter.to_vec()),
					|count| *count = count.saturating_add(1),
				);
			}
		}
		if prefixes.is_empty() {
			CompanyPrefixesOf::<T>::remove(org);
		} else {
			CompanyPrefixesOf::<T>::insert(org, prefixes);
		}
		Ok(())
	}

	/// Accredits one genesis organization, without deposits.
	pub(crate) fn genesis_organization(
		g: &GenesisOrganization<T::AccountId>,
	) -> Result<OrgId, DispatchError> {
		let roles: OrgRoles = role_set(&g.roles);
		let issuer = IssuerCode::try_from(g.issuer.as_bytes().to_vec())
			.map_err(|_| Error::<T>::InvalidIssuerCode)?;
		let credential = Credential { hash: g.credential_hash, issuer };
		let metadata = MetadataOf::<T>::try_from(g.metadata.as_bytes().to_vec())
			.map_err(|_| DispatchError::Other("organization metadata too long"))?;
		Self::validate_registration(&None, &g.admin, &roles, &credential)?;
		let org = Self::take_org_id()?;
		Self::insert_organization(
			org,
			None,
			g.admin.clone(),
			roles,
			credential,
			metadata,
			Zero::zero(),
		);
		Members::<T>::mutate(org, &g.admin, |maybe| {
			if let Some(membership) = maybe {
				membership.roles = role_set(&g.admin_roles);
			}
		});
		let mut o = Organizations::<T>::get(org).ok_or(Error::<T>::UnknownOrganization)?;
		for (who, roles) in &g.members {
			Self::insert_member(org, &mut o, who, role_set(roles), Zero::zero())?;
		}
		Organizations::<T>::insert(org, o);
		let prefixes = g
			.company_prefixes
			.iter()
			.map(|p| CompanyPrefix::try_from(p.as_bytes().to_vec()))
			.collect::<Result<Vec<_>, _>>()
			.ok()
			.and_then(|list| CompanyPrefixes::try_from(list).ok())
			.ok_or(Error::<T>::InvalidCompanyPrefix)?;
		Self::replace_company_prefixes(org, &prefixes)?;
		Ok(org)
	}
}

impl<T: Config> OrganizationsInspect<T::AccountId> for Pallet<T> {
	fn organization_of(who: &T::AccountId) -> Option<OrgId> {
		MemberOf::<T>::get(who)
	}

	fn status(org: OrgId) -> Option<OrgStatus> {
		Organizations::<T>::get(org).map(|o| o.status)
	}

	fn holds_role(org: OrgId, role: OrgRole) -> bool {
		Organizations::<T>::get(org).is_some_and(|o| o.roles.contains(&role))
	}

	fn admin(org: OrgId) -> Option<T::AccountId> {
		Organizations::<T>::get(org).map(|o| o.admin)
	}

	fn member_roles(org: OrgId, who: &T::AccountId) -> Option<MemberRoles> {
		Members::<T>::get(org, who).map(|m| m.roles)
	}

	fn holds_company_prefix(org: OrgId, key_digits: &[u8]) -> bool {
		CompanyPrefixesOf::<T>::get(org).iter().any(|prefix| key_digits.starts_with(prefix))
	}

	/// Registers an active organization without deposit (Root as accreditor). If `admin` is
	/// already the admin of an organization, that organization is made active with `roles`
	/// instead; if it is a member of another one, it is removed from it first.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_organization(admin: &T::AccountId, roles: &[OrgRole]) -> OrgId {
		let roles: OrgRoles = role_set(roles);
		if let Some(org) = MemberOf::<T>::get(admin) {
			if let Some(mut o) = Organizations::<T>::get(org).filter(|o| &o.admin == admin) {
				o.roles = roles;
				o.status = OrgStatus::Active;
				Organizations::<T>::insert(org, o);
				return org;
			}
			// A plain member (never the admin: handled above) can always be removed.
			let _ = Self::do_remove_member(None, org, admin);
		}
		let credential = Credential {
			hash: [0; 32],
			issuer: IssuerCode::truncate_from(b"0614141000005".to_vec()),
		};
		let org = Self::take_org_id()
			.expect("benchmark set-up: organization ids are not exhausted in benchmarks; qed");
		Self::insert_organization(
			org,
			None,
			admin.clone(),
			roles,
			credential,
			Default::default(),
			Zero::zero(),
		);
		org
	}

	/// Makes `who` a member of `org` without deposit. If `who` is already a member of `org`,
	/// only its roles change; if it is a plain member of another organization, it is moved.
	///
	/// Panics (benchmark set-up only) if `org` does not exist, is full, or `who` is the admin
	/// of another organization.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_member(org: OrgId, who: &T::AccountId, roles: &[MemberRole]) {
		let roles: MemberRoles = role_set(roles);
		if let Some(current) = MemberOf::<T>::get(who) {
			if current == org {
				Members::<T>::mutate(org, who, |m| {
					if let Some(m) = m {
						m.roles = roles;
					}
				});
				return;
			}
			Self::do_remove_member(None, current, who)
				.expect("benchmark set-up: the account is the admin of another organization");
		}
		let mut o = Organizations::<T>::get(org)
			.expect("benchmark set-up: benchmark_member needs an existing organization");
		Self::insert_member(org, &mut o, who, roles, Zero::zero())
			.expect("benchmark set-up: the organization is full");
		Organizations::<T>::insert(org, o);
	}

	/// Gives `org` the company prefix, withdrawing it from its holder first.
	///
	/// Panics (benchmark set-up only) if the prefix is malformed, overlaps another held prefix,
	/// or `org` already holds `MAX_COMPANY_PREFIXES`.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_company_prefix(org: OrgId, prefix: &[u8]) {
		let prefix = CompanyPrefix::try_from(prefix.to_vec())
			.expect("benchmark set-up: a company prefix has at most 12 digits");
		if let Some(holder) = CompanyPrefixHolder::<T>::get(&prefix) {
			if holder == org {
				return;
			}
			let mut rest = CompanyPrefixesOf::<T>::get(holder);
			rest.retain(|p| p != &prefix);
			Self::replace_company_prefixes(holder, &rest)
				.expect("benchmark set-up: withdrawing a prefix always succeeds");
		}
		let mut prefixes = CompanyPrefixesOf::<T>::get(org);
		prefixes
			.try_push(prefix)
			.expect("benchmark set-up: the organization holds the most prefixes already");
		Self::replace_company_prefixes(org, &prefixes)
			.expect("benchmark set-up: the prefix overlaps a held one");
	}
}
