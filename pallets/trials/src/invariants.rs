//! Storage invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, Get},
};
use healthchain_primitives::OrgId;
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

/// Enrolled and withdrawn participants counted from storage.
type Tally = (u32, u32);

fn bump(tally: &mut Tally, withdrawn: bool) {
	tally.0 = tally.0.saturating_add(1);
	if withdrawn {
		tally.1 = tally.1.saturating_add(1);
	}
}

impl<T: Config> Pallet<T> {
	/// Checks the storage invariants:
	///
	/// - every trial id is below `NextTrialId`; versions `0..=current_version` exist and no
	///   other, within `MaxVersions`; version 0 has no reason, each amendment one;
	///   `outcomes_changed_after_enrolment` agrees with the versions;
	/// - sites are valid lists (non-empty, no duplicates); outcome lists hold no duplicates and
	///   a primary outcome;
	/// - enrolled participants, per trial and per site, match the trial's and the sites'
	///   counts; withdrawn within enrolled, enrolled within the plan, the plan within
	///   `MaxEnrolment`; every participant's site is a site of its trial; the first enrolment
	///   is recorded exactly when someone enrolled;
	/// - a data lock has enrolment behind it; the status agrees with the trial's steps;
	/// - a deposit is held exactly until the results are registered, and the pallet's holds
	///   cover the deposits recorded.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let next = NextTrialId::<T>::get();
		let mut participants: BTreeMap<TrialId, Tally> = BTreeMap::new();
		let mut per_site: BTreeMap<(TrialId, OrgId), Tally> = BTreeMap::new();
		for (id, _, enrolment) in Participants::<T>::iter() {
			let trial = Trials::<T>::get(id).ok_or("a participant of an unknown trial")?;
			ensure!(
				trial.sites.contains(&enrolment.site),
				"a participant of a site not in its trial"
			);
			let withdrawn = enrolment.withdrawn_at.is_some();
			bump(participants.entry(id).or_default(), withdrawn);
			bump(per_site.entry((id, enrolment.site)).or_default(), withdrawn);
		}
		for (id, site, count) in SiteCounts::<T>::iter() {
			ensure!(Trials::<T>::contains_key(id), "site counts of an unknown trial");
			let counted = per_site.remove(&(id, site)).unwrap_or_default();
			ensure!(
				(count.enrolled, count.withdrawn) == counted,
				"site counts differ from the site's participants"
			);
			ensure!(count.enrolled > 0, "site counts kept for a site that enrolled nobody");
		}
		ensure!(per_site.is_empty(), "participants of a site without site counts");

		let mut versions: BTreeMap<TrialId, u32> = BTreeMap::new();
		for (id, number, version) in Versions::<T>::iter() {
			let trial = Trials::<T>::get(id).ok_or("a version of an unknown trial")?;
			ensure!(number <= trial.current_version, "a version beyond the current one");
			ensure!(!version.primary_outcomes.is_empty(), "a version without a primary outcome");
			ensure!(
				!has_duplicates(&version.primary_outcomes)
					&& !has_duplicates(&version.secondary_outcomes),
				"a version names an outcome twice"
			);
			ensure!(
				version.reason.is_none() == (number == 0),
				"reason present exactly on amendments"
			);
			ensure!(
				!version.outcomes_changed
					|| version.declared_outcome_change
					|| version.enrolled == 0,
				"an undeclared outcome change after enrolment"
			);
			ensure!(
				!version.declared_outcome_change || version.outcomes_changed,
				"a declared outcome change that changed nothing"
			);
			let count = versions.entry(id).or_default();
			*count = count.saturating_add(1);
		}

		let mut held: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		for (id, trial) in Trials::<T>::iter() {
			ensure!(id < next, "a trial id is not below NextTrialId");
			ensure!(
				trial.current_version < T::MaxVersions::get(),
				"more versions than MaxVersions"
			);
			ensure!(
				versions.get(&id).copied().unwrap_or(0) == trial.current_version.saturating_add(1),
				"versions 0..=current_version are not all kept"
			);
			let changed_after = (1..=trial.current_version).any(|n| {
				Versions::<T>::get(id, n).is_some_and(|v| v.outcomes_changed && v.enrolled > 0)
			});
			ensure!(
				changed_after == trial.outcomes_changed_after_enrolment,
				"outcomes_changed_after_enrolment differs from the versions"
			);

			ensure!(!trial.sites.is_empty(), "a trial without sites");
			let mut sites = trial.sites.to_vec();
			sites.sort_unstable();
			sites.dedup();
			ensure!(sites.len() == trial.sites.len(), "a trial names a site twice");

			let counted = participants.remove(&id).unwrap_or_default();
			ensure!(
				(trial.enrolled, trial.withdrawn) == counted,
				"trial counts differ from participants"
			);
			ensure!(trial.withdrawn <= trial.enrolled, "more withdrawn than enrolled");
			ensure!(trial.enrolled <= trial.planned_enrolment, "more enrolled than planned");
			ensure!(trial.planned_enrolment <= T::MaxEnrolment::get(), "plan above MaxEnrolment");
			ensure!(
				trial.first_enrolment.is_some() == (trial.enrolled > 0)
					&& trial.enrolment_version.is_some() == (trial.enrolled > 0),
				"first enrolment recorded exactly when someone enrolled"
			);
			ensure!(
				trial.enrolment_version.unwrap_or(0) <= trial.current_version,
				"enrolment version beyond the current one"
			);
			if let Some(lock) = &trial.data_lock {
				ensure!(lock.enrolled > 0, "a data lock without enrolment");
				ensure!(
					lock.withdrawn <= lock.enrolled,
					"a data lock with more withdrawn than enrolled"
				);
				ensure!(lock.enrolled == trial.enrolled, "enrolment after the data lock");
			}
			let status = match (&trial.results, &trial.data_lock, trial.enrolled) {
				(Some(_), _, _) => TrialStatus::ResultsRegistered,
				(None, Some(_), _) => TrialStatus::DataLocked,
				(None, None, 0) => TrialStatus::Registered,
				(None, None, _) => TrialStatus::Recruiting,
			};
			ensure!(trial.status == status, "status differs from the trial's steps");
			if let Some(results) = &trial.results {
				ensure!(
					results.data_locked_before == trial.data_lock.is_some(),
					"data_locked_before differs from the lock"
				);
			}
			match (&trial.deposit, &trial.results) {
				(Some(deposit), None) => {
					let entry = held.entry(deposit.payer.clone()).or_insert_with(Zero::zero);
					*entry = entry.saturating_add(deposit.amount);
				},
				(None, Some(_)) => {},
				_ => return Err("a deposit is held exactly until the results".into()),
			}
		}
		ensure!(participants.is_empty(), "participants of an unknown trial");

		let reason: T::RuntimeHoldReason = HoldReason::TrialDeposit.into();
		for (who, amount) in held {
			ensure!(
				T::Currency::balance_on_hold(&reason, &who) >= amount,
				"a trial deposit is not held"
			);
		}
		Ok(())
	}
}
