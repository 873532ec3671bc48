//! Storage invariants, checked by `try_state` and after every test.

use crate::*;
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use healthchain_primitives::RecordsInspect;
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Checks the deny provisions: both indexes agree with [`Denies`], no list is empty, no id
	/// dangles, no deny names its patient, listed records are chains, deposits are held.
	fn try_state_denies() -> Result<(), TryRuntimeError> {
		let next = NextDenyId::<T>::get();
		let mut denies = 0usize;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, deny) in Denies::<T>::iter() {
			denies += 1;
			ensure!(id < next, "deny id at or above NextDenyId");
			ensure!(
				DeniesOfPatient::<T>::get(&deny.patient).contains(&id),
				"deny missing from its patient index"
			);
			ensure!(
				DeniesByPair::<T>::get(&deny.patient, &deny.actor).contains(&id),
				"deny missing from its pair index"
			);
			ensure!(deny.actor != Grantee::Account(deny.patient.clone()), "deny names its patient");
			if let Scope::Records(ids) = &deny.scope {
				for id in ids.iter() {
					ensure!(
						T::Records::record_facts(*id).is_none_or(|facts| facts.chain == *id),
						"a deny names a record that is not a chain"
					);
				}
			}
			let total = held.entry(deny.patient.clone()).or_default();
			*total = total.saturating_add(deny.deposit);
		}
		let mut of_patients = 0usize;
		for (patient, ids) in DeniesOfPatient::<T>::iter() {
			ensure!(!ids.is_empty(), "empty deny list of a patient");
			for id in ids.iter() {
				let deny = Denies::<T>::get(id).ok_or("patient deny index names a missing deny")?;
				ensure!(deny.patient == patient, "patient deny index names another's deny");
			}
			of_patients += ids.len();
		}
		ensure!(of_patients == denies, "patient deny index count differs from deny count");
		let mut of_pairs = 0usize;
		for (patient, actor, ids) in DeniesByPair::<T>::iter() {
			ensure!(!ids.is_empty(), "empty deny list of a pair");
			for id in ids.iter() {
				let deny = Denies::<T>::get(id).ok_or("pair deny index names a missing deny")?;
				ensure!(
					deny.patient == patient && deny.actor == actor,
					"pair deny index names another pair's deny"
				);
			}
			of_pairs += ids.len();
		}
		ensure!(of_pairs == denies, "pair deny index count differs from deny count");
		for (patient, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DenyDeposit.into(), &patient) == total,
				"deny deposits held differ from the denies' deposits"
			);
		}
		Ok(())
	}

	/// Checks the storage invariants: every index agrees with [`Grants`] and with the
	/// emergency accesses, counts match, no id dangles, deposits are held.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		Self::try_state_denies()?;

		let next_grant = NextGrantId::<T>::get();
		let mut grants = 0usize;
		let mut with_end = 0usize;
		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, grant) in Grants::<T>::iter() {
			grants += 1;
			ensure!(id < next_grant, "grant id at or above NextGrantId");
			ensure!(
				GrantsByPair::<T>::get(&grant.patient, &grant.grantee).contains(&id),
				"grant missing from its pair index"
			);
			ensure!(
				GrantsOfPatient::<T>::contains_key(&grant.patient, id),
				"grant missing from its patient index"
			);
			ensure!(
				GrantsToGrantee::<T>::contains_key(&grant.grantee, id),
				"grant missing from its grantee index"
			);
			if let Some(until) = grant.validity.until {
				with_end += 1;
				ensure!(
					ExpiryQueue::<T>::contains_key(expiry_key(until), id),
					"grant with an end missing from the expiry queue"
				);
			}
			ensure!(!grant.purposes.is_empty() && !grant.actions.is_empty(), "empty grant");
			let scope_ids = match &grant.scope {
				Scope::Records(ids) => ids.to_vec(),
				_ => Vec::new(),
			};
			let excepted_ids = grant.exceptions.iter().filter_map(|e| match e {
				Exception::Record(id) => Some(*id),
				_ => None,
			});
			for id in scope_ids.into_iter().chain(excepted_ids) {
				// A named record that is still live is the first version of its chain.
				ensure!(
					T::Records::record_facts(id).is_none_or(|facts| facts.chain == id),
					"a grant names a record that is not a chain"
				);
			}
			let total = held.entry(grant.grantor.clone()).or_default();
			*total = total.saturating_add(grant.deposit);
		}

		let mut by_guardians = 0usize;
		for (patient, guardian, ids) in GuardianGrants::<T>::iter() {
			ensure!(!ids.is_empty(), "empty guardian grant index entry");
			ensure!(
				Guardians::<T>::get(&patient).iter().any(|g| g.guardian == guardian),
				"grants indexed under an account that is not a guardian"
			);
			for id in ids.iter() {
				let grant = Grants::<T>::get(id).ok_or("guardian index names a missing grant")?;
				ensure!(
					grant.patient == patient && grant.grantor == guardian,
					"guardian index names another guardian's grant"
				);
			}
			by_guardians += ids.len();
		}
		let made_by_others =
			Grants::<T>::iter_values().filter(|grant| grant.grantor != grant.patient).count();
		ensure!(by_guardians == made_by_others, "guardian index count differs");

		let mut pair_entries = 0usize;
		for (patient, grantee, ids) in GrantsByPair::<T>::iter() {
			ensure!(!ids.is_empty(), "empty pair index entry");
			let distinct: BTreeSet<_> = ids.iter().collect();
			ensure!(distinct.len() == ids.len(), "duplicate id in a pair index");
			for id in ids.iter() {
				let grant = Grants::<T>::get(id).ok_or("pair index names a missing grant")?;
				ensure!(
					grant.patient == patient && grant.grantee == grantee,
					"pair index names another pair's grant"
				);
			}
			pair_entries += ids.len();
		}
		ensure!(pair_entries == grants, "pair index count differs from grant count");

		let mut of_patient = 0usize;
		for (patient, id, ()) in GrantsOfPatient::<T>::iter() {
			of_patient += 1;
			let grant = Grants::<T>::get(id).ok_or("patient index names a missing grant")?;
			ensure!(grant.patient == patient, "patient index names another patient's grant");
		}
		ensure!(of_patient == grants, "patient index count differs from grant count");

		let mut to_grantee = 0usize;
		for (grantee, id, ()) in GrantsToGrantee::<T>::iter() {
			to_grantee += 1;
			let grant = Grants::<T>::get(id).ok_or("grantee index names a missing grant")?;
			ensure!(grant.grantee == grantee, "grantee index names another grantee's grant");
		}
		ensure!(to_grantee == grants, "grantee index count differs from grant count");

		let mut queued = 0usize;
		for (key, id, ()) in ExpiryQueue::<T>::iter() {
			queued += 1;
			let grant = Grants::<T>::get(id).ok_or("expiry queue names a missing grant")?;
			ensure!(
				grant.validity.until.map(expiry_key) == Some(key),
				"expiry queue key differs from the grant's end"
			);
		}
		ensure!(queued == with_end, "expiry queue count differs from grants with an end");

		for (grantor, total) in held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::GrantDeposit.into(), &grantor) == total,
				"grant deposits held differ from the grants' deposits"
			);
		}

		for (patient, guardians) in Guardians::<T>::iter() {
			ensure!(!guardians.is_empty(), "empty guardian list stored");
			let distinct: BTreeSet<_> = guardians.iter().map(|g| &g.guardian).collect();
			ensure!(distinct.len() == guardians.len(), "duplicate guardian");
			ensure!(!distinct.contains(&patient), "patient is their own guardian");
			let total = guardians
				.iter()
				.fold(BalanceOf::<T>::zero(), |sum, g| sum.saturating_add(g.deposit));
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::GuardianDeposit.into(), &patient)
					== total,
				"guardian deposits held differ from the guardian entries"
			);
		}

		let next_emergency = NextEmergencyId::<T>::get();
		let mut emergencies = 0usize;
		for (id, access) in EmergencyAccesses::<T>::iter() {
			emergencies += 1;
			ensure!(id < next_emergency, "emergency id at or above NextEmergencyId");
			ensure!(
				EmergencyOfPatient::<T>::contains_key(&access.patient, id),
				"emergency access missing from its patient index"
			);
			ensure!(access.opened_at < access.expires_at, "emergency access ends before it opens");
		}
		let mut emergency_index = 0usize;
		for (patient, id, ()) in EmergencyOfPatient::<T>::iter() {
			emergency_index += 1;
			let access =
				EmergencyAccesses::<T>::get(id).ok_or("emergency index names a missing access")?;
			ensure!(access.patient == patient, "emergency index names another patient's access");
		}
		ensure!(emergency_index == emergencies, "emergency index count differs");
		let mut emergency_held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, (payer, amount)) in EmergencyDeposits::<T>::iter() {
			let access =
				EmergencyAccesses::<T>::get(id).ok_or("emergency deposit of a missing access")?;
			ensure!(!access.is_reviewed(), "a reviewed emergency access still holds its deposit");
			let total = emergency_held.entry(payer).or_default();
			*total = total.saturating_add(amount);
		}
		for (payer, total) in emergency_held {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::EmergencyDeposit.into(), &payer) == total,
				"emergency deposits held differ from the deposit entries"
			);
		}
		let windows = EmergencyRate::<T>::iter_values()
			.map(|w| (w, T::MaxEmergencyPerWindow::get()))
			.chain(
				EmergencyRateOfOrganization::<T>::iter_values()
					.map(|w| (w, T::MaxEmergencyPerOrganization::get())),
			)
			.chain(
				EmergencyRateOfPatient::<T>::iter_values()
					.map(|w| (w, T::MaxEmergencyPerPatient::get())),
			);
		for (window, max) in windows {
			ensure!(window.count <= max, "an emergency window counts more than its limit");
		}
		for (clinician, patient, id) in OpenEmergency::<T>::iter() {
			let access =
				EmergencyAccesses::<T>::get(id).ok_or("open emergency names a missing access")?;
			ensure!(
				access.clinician == clinician && access.patient == patient,
				"open emergency names another pair's access"
			);
			ensure!(
				access.closed_at.is_none() && !access.is_reviewed(),
				"closed or reviewed access still indexed as open"
			);
		}
		Ok(())
	}
}
