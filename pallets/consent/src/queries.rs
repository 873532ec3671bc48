//! The read-only queries behind the view functions and the runtime API.

use crate::*;
use alloc::vec::Vec;
use healthchain_primitives::{EmergencyId, GrantId};

impl<T: Config> Pallet<T> {
	/// See [`Pallet::grants_of`].
	pub(crate) fn query_grants_of(
		patient: T::AccountId,
		start_after: Option<GrantId>,
		limit: u32,
	) -> Vec<GrantEntry<T::AccountId>> {
		let ids = match start_after {
			Some(after) => GrantsOfPatient::<T>::iter_key_prefix_from(
				&patient,
				GrantsOfPatient::<T>::hashed_key_for(&patient, after),
			),
			None => GrantsOfPatient::<T>::iter_key_prefix(&patient),
		};
		Self::page_of_grants(ids, limit)
	}

	/// See [`Pallet::grants_to`].
	pub(crate) fn query_grants_to(
		grantee: Grantee<T::AccountId>,
		start_after: Option<GrantId>,
		limit: u32,
	) -> Vec<GrantEntry<T::AccountId>> {
		let ids = match start_after {
			Some(after) => GrantsToGrantee::<T>::iter_key_prefix_from(
				&grantee,
				GrantsToGrantee::<T>::hashed_key_for(&grantee, after),
			),
			None => GrantsToGrantee::<T>::iter_key_prefix(&grantee),
		};
		Self::page_of_grants(ids, limit)
	}

	/// The views of the grants named by `ids`, at most `limit` (capped at [`MAX_PAGE`]).
	pub(crate) fn page_of_grants(
		ids: impl Iterator<Item = GrantId>,
		limit: u32,
	) -> Vec<GrantEntry<T::AccountId>> {
		ids.filter_map(|id| Grants::<T>::get(id).map(|grant| (id, grant.to_view())))
			.take(MAX_PAGE.min(limit) as usize)
			.collect()
	}

	/// See [`Pallet::emergency_accesses_of`].
	pub(crate) fn query_emergency_accesses_of(
		patient: T::AccountId,
		start_after: Option<EmergencyId>,
		limit: u32,
	) -> Vec<EmergencyEntry<T::AccountId>> {
		let ids = match start_after {
			Some(after) => EmergencyOfPatient::<T>::iter_key_prefix_from(
				&patient,
				EmergencyOfPatient::<T>::hashed_key_for(&patient, after),
			),
			None => EmergencyOfPatient::<T>::iter_key_prefix(&patient),
		};
		ids.filter_map(|id| EmergencyAccesses::<T>::get(id).map(|access| (id, access)))
			.take(MAX_PAGE.min(limit) as usize)
			.collect()
	}

	/// See [`Pallet::denies_of`].
	pub(crate) fn query_denies_of(patient: T::AccountId) -> Vec<DenyEntry<T::AccountId>> {
		DeniesOfPatient::<T>::get(&patient)
			.into_iter()
			.filter_map(|id| Denies::<T>::get(id).map(|deny| (id, deny.to_view())))
			.collect()
	}
}
