//! The logic behind the calls.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	traits::{fungible::MutateHold, Get},
	weights::Weight,
};
use frame_system::pallet_prelude::BlockNumberFor;
use healthchain_primitives::{
	deposit::release_deposit, AccessTarget, Action, ConsentInspect, MemberRole, OrgId, OrgRole,
	OrganizationsInspect, Purpose, Tag,
};
use sp_runtime::{traits::Saturating, DispatchError, DispatchResult};

impl<T: Config> Pallet<T> {
	// ---- Who is acting ----------------------------------------------------------------------

	/// The active `Researcher` organization `who` acts for as a `Researcher` member.
	fn researcher_org(who: &T::AccountId) -> Option<OrgId> {
		T::Organizations::acting_for(who, OrgRole::Researcher)
			.filter(|org| T::Organizations::member_has_role(*org, who, MemberRole::Researcher))
	}

	/// `who` is a `Researcher` member of the trial's sponsor, which is active.
	fn ensure_sponsor_researcher(trial: &TrialOf<T>, who: &T::AccountId) -> DispatchResult {
		ensure!(Self::researcher_org(who) == Some(trial.sponsor), Error::<T>::NotSponsorResearcher);
		Ok(())
	}

	/// Whether `org` may be a site: active, accredited as `Provider` or `Researcher`.
	pub(crate) fn is_valid_site(org: OrgId) -> bool {
		T::Organizations::is_active(org)
			&& (T::Organizations::holds_role(org, OrgRole::Provider)
				|| T::Organizations::holds_role(org, OrgRole::Researcher))
	}

	/// Whether `who` is a `Clinician` or `Researcher` member of `site`, whatever its status.
	fn is_site_staff(site: OrgId, who: &T::AccountId) -> bool {
		T::Organizations::member_has_any_role(
			site,
			who,
			&[MemberRole::Clinician, MemberRole::Researcher],
		)
	}

	/// The trial may still change (enrolment, amendment, sites): no results, no data lock.
	fn ensure_open(trial: &TrialOf<T>) -> DispatchResult {
		ensure!(trial.results.is_none(), Error::<T>::ResultsAlreadyRegistered);
		ensure!(trial.data_lock.is_none(), Error::<T>::DataLocked);
		Ok(())
	}

	/// A version's outcome lists: a primary outcome at least, no outcome twice in a list.
	fn validate_outcomes(primary: &OutcomesOf<T>, secondary: &OutcomesOf<T>) -> DispatchResult {
		ensure!(!primary.is_empty(), Error::<T>::NoPrimaryOutcome);
		ensure!(
			!has_duplicates(primary) && !has_duplicates(secondary),
			Error::<T>::DuplicateOutcome
		);
		Ok(())
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// `TrialDeposit + ParticipantDeposit * planned_enrolment`.
	pub(crate) fn deposit_for(planned_enrolment: u32) -> BalanceOf<T> {
		T::ParticipantDeposit::get()
			.saturating_mul(planned_enrolment.into())
			.saturating_add(T::TrialDeposit::get())
	}

	/// Takes the next trial id.
	fn take_next_id() -> Result<TrialId, Error<T>> {
		let id = NextTrialId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		NextTrialId::<T>::put(next);
		Ok(id)
	}

	// ---- Calls ------------------------------------------------------------------------------

	pub(crate) fn do_register_trial(
		who: T::AccountId,
		protocol: Hash,
		primary_outcomes: OutcomesOf<T>,
		secondary_outcomes: OutcomesOf<T>,
		sites: SitesOf<T>,
		planned_enrolment: u32,
	) -> Result<TrialId, DispatchError> {
		let sponsor = Self::researcher_org(&who).ok_or(Error::<T>::NotAResearcher)?;
		Self::validate_outcomes(&primary_outcomes, &secondary_outcomes)?;
		ensure!(!sites.is_empty(), Error::<T>::NoSites);
		let mut sorted = sites.to_vec();
		sorted.sort_unstable();
		sorted.dedup();
		ensure!(sorted.len() == sites.len(), Error::<T>::DuplicateSite);
		ensure!(sites.iter().all(|site| Self::is_valid_site(*site)), Error::<T>::InvalidSite);
		ensure!(
			(1..=T::MaxEnrolment::get()).contains(&planned_enrolment),
			Error::<T>::InvalidPlannedEnrolment
		);

		let id = Self::take_next_id()?;
		let amount = Self::deposit_for(planned_enrolment);
		T::Currency::hold(&HoldReason::TrialDeposit.into(), &who, amount)?;

		let now = Self::now();
		Versions::<T>::insert(
			id,
			0,
			Version {
				protocol,
				primary_outcomes: primary_outcomes.clone(),
				secondary_outcomes: secondary_outcomes.clone(),
				reason: None,
				outcomes_changed: false,
				declared_outcome_change: false,
				enrolled: 0,
				at: now,
			},
		);
		Trials::<T>::insert(
			id,
			Trial {
				sponsor,
				investigator: who.clone(),
				sites: sites.clone(),
				planned_enrolment,
				current_version: 0,
				enrolled: 0,
				withdrawn: 0,
				first_enrolment: None,
				enrolment_version: None,
				outcomes_changed_after_enrolment: false,
				data_lock: None,
				results: None,
				status: TrialStatus::Registered,
				registered_at: now,
				deposit: Some(Deposit { payer: who.clone(), amount }),
			},
		);
		Self::deposit_event(Event::TrialRegistered {
			trial: id,
			sponsor,
			investigator: who,
			protocol,
			primary_outcomes,
			secondary_outcomes,
			sites,
			planned_enrolment,
			deposit: amount,
		});
		Ok(id)
	}

	#[allow(clippy::too_many_arguments)]
	pub(crate) fn do_amend(
		who: T::AccountId,
		id: TrialId,
		protocol: Hash,
		primary_outcomes: OutcomesOf<T>,
		secondary_outcomes: OutcomesOf<T>,
		reason: Hash,
		changes_outcomes: bool,
	) -> DispatchResult {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		Self::ensure_sponsor_researcher(&trial, &who)?;
		Self::ensure_open(&trial)?;
		Self::validate_outcomes(&primary_outcomes, &secondary_outcomes)?;
		let version = trial.current_version.saturating_add(1);
		ensure!(version < T::MaxVersions::get(), Error::<T>::TooManyVersions);

		// Every version from 0 to `current_version` exists (`try_state`); a missing one would
		// be a bug, and refusing to amend is the safe answer to it.
		let current =
			Versions::<T>::get(id, trial.current_version).ok_or(Error::<T>::UnknownTrial)?;
		let outcomes_changed = !same_outcomes(&current.primary_outcomes, &primary_outcomes)
			|| !same_outcomes(&current.secondary_outcomes, &secondary_outcomes);
		if changes_outcomes {
			ensure!(outcomes_changed, Error::<T>::NoOutcomeChange);
		} else if trial.first_enrolment.is_some() {
			ensure!(!outcomes_changed, Error::<T>::UndeclaredOutcomeChange);
		}

		let after_enrolment = trial.first_enrolment.is_some();
		Versions::<T>::insert(
			id,
			version,
			Version {
				protocol,
				primary_outcomes: primary_outcomes.clone(),
				secondary_outcomes: secondary_outcomes.clone(),
				reason: Some(reason),
				outcomes_changed,
				declared_outcome_change: changes_outcomes,
				enrolled: trial.enrolled,
				at: Self::now(),
			},
		);
		trial.current_version = version;
		if after_enrolment && outcomes_changed {
			trial.outcomes_changed_after_enrolment = true;
		}
		let enrolled = trial.enrolled;
		Trials::<T>::insert(id, trial);
		Self::deposit_event(Event::TrialAmended {
			trial: id,
			version,
			protocol,
			primary_outcomes,
			secondary_outcomes,
			reason,
			outcomes_changed,
			declared_outcome_change: changes_outcomes,
			enrolled,
			who,
		});
		Ok(())
	}

	pub(crate) fn do_add_site(who: T::AccountId, id: TrialId, site: OrgId) -> DispatchResult {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		Self::ensure_sponsor_researcher(&trial, &who)?;
		Self::ensure_open(&trial)?;
		ensure!(!trial.sites.contains(&site), Error::<T>::DuplicateSite);
		ensure!(Self::is_valid_site(site), Error::<T>::InvalidSite);
		trial.sites.try_push(site).map_err(|_| Error::<T>::TooManySites)?;
		Trials::<T>::insert(id, trial);
		Self::deposit_event(Event::SiteAdded { trial: id, site, who });
		Ok(())
	}

	/// Enrols a participant; returns the consent decision's weight as made, at most
	/// [`Config::ConsentDecisionWeight`].
	pub(crate) fn do_enrol(
		who: T::AccountId,
		id: TrialId,
		site: OrgId,
		participant: T::AccountId,
		category: Tag,
		commitment: Hash,
	) -> Result<Weight, DispatchError> {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		Self::ensure_open(&trial)?;
		ensure!(trial.sites.contains(&site), Error::<T>::NotATrialSite);
		ensure!(Self::is_valid_site(site), Error::<T>::InvalidSite);
		ensure!(Self::is_site_staff(site, &who), Error::<T>::NotSiteStaff);
		ensure!(!Participants::<T>::contains_key(id, commitment), Error::<T>::AlreadyEnrolled);
		ensure!(trial.enrolled < trial.planned_enrolment, Error::<T>::EnrolmentFull);
		let enrolled = trial.enrolled.checked_add(1).ok_or(Error::<T>::EnrolmentFull)?;

		let (decision, weight) = T::Consent::check_access_weighed(
			&participant,
			&trial.investigator,
			&AccessTarget::Category(category),
			Purpose::Research,
			Action::Read,
		);
		ensure!(decision.is_permitted(), Error::<T>::ConsentDenied);

		let now = Self::now();
		Participants::<T>::insert(id, commitment, Enrolment { site, at: now, withdrawn_at: None });
		SiteCounts::<T>::mutate(id, site, |count| {
			let count = count.get_or_insert_with(SiteCount::default);
			// A site's count is at most the trial's, which was just checked below its plan.
			count.enrolled = count.enrolled.saturating_add(1);
		});
		trial.enrolled = enrolled;
		if trial.first_enrolment.is_none() {
			trial.first_enrolment = Some(now);
			trial.enrolment_version = Some(trial.current_version);
			trial.status = TrialStatus::Recruiting;
		}
		let planned_enrolment = trial.planned_enrolment;
		Trials::<T>::insert(id, trial);
		Self::deposit_event(Event::ParticipantEnrolled {
			trial: id,
			site,
			commitment,
			enrolled,
			planned_enrolment,
			who,
		});
		Ok(weight.min(T::ConsentDecisionWeight::get()))
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: TrialId, commitment: Hash) -> DispatchResult {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		let mut enrolment =
			Participants::<T>::get(id, commitment).ok_or(Error::<T>::NotEnrolled)?;
		ensure!(Self::is_site_staff(enrolment.site, &who), Error::<T>::NotSiteStaff);
		ensure!(enrolment.withdrawn_at.is_none(), Error::<T>::AlreadyWithdrawn);

		let site = enrolment.site;
		enrolment.withdrawn_at = Some(Self::now());
		Participants::<T>::insert(id, commitment, enrolment);
		SiteCounts::<T>::mutate(id, site, |count| {
			let count = count.get_or_insert_with(SiteCount::default);
			// Withdrawn participants are enrolled ones, at most `MaxEnrolment`: no saturation.
			count.withdrawn = count.withdrawn.saturating_add(1);
		});
		// As above: at most the enrolled count.
		trial.withdrawn = trial.withdrawn.saturating_add(1);
		let withdrawn = trial.withdrawn;
		Trials::<T>::insert(id, trial);
		Self::deposit_event(Event::ParticipantWithdrawn {
			trial: id,
			site,
			commitment,
			withdrawn,
			who,
		});
		Ok(())
	}

	pub(crate) fn do_lock_data(
		who: T::AccountId,
		id: TrialId,
		dataset_root: Hash,
	) -> DispatchResult {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		Self::ensure_sponsor_researcher(&trial, &who)?;
		ensure!(trial.results.is_none(), Error::<T>::ResultsAlreadyRegistered);
		ensure!(trial.data_lock.is_none(), Error::<T>::AlreadyLocked);
		ensure!(trial.enrolled > 0, Error::<T>::NothingEnrolled);

		let (enrolled, withdrawn) = (trial.enrolled, trial.withdrawn);
		trial.data_lock = Some(DataLock { dataset_root, at: Self::now(), enrolled, withdrawn });
		trial.status = TrialStatus::DataLocked;
		Trials::<T>::insert(id, trial);
		Self::deposit_event(Event::DataLocked {
			trial: id,
			dataset_root,
			enrolled,
			withdrawn,
			who,
		});
		Ok(())
	}

	pub(crate) fn do_register_results(
		who: T::AccountId,
		id: TrialId,
		results: Hash,
		reported_primary: OutcomesOf<T>,
		reported_secondary: OutcomesOf<T>,
	) -> DispatchResult {
		let mut trial = Trials::<T>::get(id).ok_or(Error::<T>::UnknownTrial)?;
		Self::ensure_sponsor_researcher(&trial, &who)?;
		ensure!(trial.results.is_none(), Error::<T>::ResultsAlreadyRegistered);
		ensure!(
			!has_duplicates(&reported_primary) && !has_duplicates(&reported_secondary),
			Error::<T>::DuplicateOutcome
		);

		// A lock is refused once results exist, so a lock present now came first.
		let data_locked_before = trial.data_lock.is_some();
		trial.results = Some(Results {
			results,
			primary: reported_primary,
			secondary: reported_secondary,
			at: Self::now(),
			data_locked_before,
		});
		trial.status = TrialStatus::ResultsRegistered;
		let deposit = trial.deposit.take();
		let check = Self::check_of(id, &trial).ok_or(Error::<T>::UnknownTrial)?;
		Trials::<T>::insert(id, trial);

		Self::deposit_event(Event::ResultsRegistered {
			trial: id,
			results,
			primary_as_registered: check.primary_as_registered,
			secondary_as_registered: check.secondary_as_registered,
			outcomes_amended_after_enrolment: check.outcomes_amended_after_enrolment,
			data_locked_before_results: check.data_locked_before_results,
			who,
		});
		// The trial is complete and its record final: the deposit goes back, which also
		// rewards reporting results. The record stays as the registry's.
		if let Some(Deposit { payer, amount }) = deposit {
			let released = release_deposit::<T::AccountId, T::Currency>(
				&HoldReason::TrialDeposit.into(),
				&payer,
				amount,
			);
			Self::deposit_event(Event::DepositReleased { trial: id, who: payer, amount: released });
		}
		Ok(())
	}
}
