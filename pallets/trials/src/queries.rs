//! The read-only queries behind the view functions and the runtime API.

use crate::{pallet::*, types::*};
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> Pallet<T> {
	/// The check of trial `id`'s results, `None` without results. Compares the reported
	/// outcomes with those of the version in force at the first enrolment (version 0 when
	/// nobody was enrolled).
	pub(crate) fn check_of(id: TrialId, trial: &TrialOf<T>) -> Option<ResultsCheck> {
		let results = trial.results.as_ref()?;
		let registered_version = trial.enrolment_version.unwrap_or(0);
		let registered = Versions::<T>::get(id, registered_version)?;
		Some(ResultsCheck {
			primary_as_registered: same_outcomes(&results.primary, &registered.primary_outcomes),
			secondary_as_registered: same_outcomes(
				&results.secondary,
				&registered.secondary_outcomes,
			),
			outcomes_amended_after_enrolment: trial.outcomes_changed_after_enrolment,
			data_locked_before_results: results.data_locked_before,
			registered_version,
			versions: trial.current_version.saturating_add(1),
		})
	}

	pub(crate) fn query_check_results(id: TrialId) -> Option<ResultsCheck> {
		let trial = Trials::<T>::get(id)?;
		Self::check_of(id, &trial)
	}

	pub(crate) fn query_trial(id: TrialId) -> Option<TrialInfoOf<T>> {
		let t = Trials::<T>::get(id)?;
		Some(Trial {
			sponsor: t.sponsor,
			investigator: t.investigator,
			sites: t.sites.into_inner(),
			planned_enrolment: t.planned_enrolment,
			current_version: t.current_version,
			enrolled: t.enrolled,
			withdrawn: t.withdrawn,
			first_enrolment: t.first_enrolment,
			enrolment_version: t.enrolment_version,
			outcomes_changed_after_enrolment: t.outcomes_changed_after_enrolment,
			data_lock: t.data_lock,
			results: t.results.map(|r| Results {
				results: r.results,
				primary: r.primary.into_inner(),
				secondary: r.secondary.into_inner(),
				at: r.at,
				data_locked_before: r.data_locked_before,
			}),
			status: t.status,
			registered_at: t.registered_at,
			deposit: t.deposit,
		})
	}

	pub(crate) fn query_version(
		id: TrialId,
		version: VersionNumber,
	) -> Option<VersionInfo<BlockNumberFor<T>>> {
		let v = Versions::<T>::get(id, version)?;
		Some(Version {
			protocol: v.protocol,
			primary_outcomes: v.primary_outcomes.into_inner(),
			secondary_outcomes: v.secondary_outcomes.into_inner(),
			reason: v.reason,
			outcomes_changed: v.outcomes_changed,
			declared_outcome_change: v.declared_outcome_change,
			enrolled: v.enrolled,
			at: v.at,
		})
	}
}
