//! What the calls, the hook and the genesis build do.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	defensive,
	dispatch::DispatchResult,
	ensure,
	pallet_prelude::{DispatchError, Weight},
	traits::{fungible::MutateHold, tokens::Precision, Get, Time},
	BoundedVec,
};
use healthchain_primitives::{
	AccessBasis, AccessDecision, AccessTarget, Action, DenialReason, DenyId, GrantId, MemberRole,
	Moment, OnGrantEnded, OrgRole, OrgStatus, OrganizationsInspect, PeriodTags, Purpose, RecordId,
	RecordsInspect,
};
use sp_runtime::traits::{Saturating, Zero};

/// Why a grant ends.
pub(crate) enum EndCause<AccountId> {
	/// Revoked by this account.
	Revoked(AccountId),
	/// Removed after its expiry.
	Expired,
}

impl<T: Config> Pallet<T> {
	/// The patient a signer acts for: themself, or `on_behalf_of` if they are its guardian.
	pub(crate) fn resolve_patient(
		who: &T::AccountId,
		on_behalf_of: Option<T::AccountId>,
	) -> Result<T::AccountId, DispatchError> {
		match on_behalf_of {
			None => Ok(who.clone()),
			Some(patient) if &patient == who => Ok(patient),
			Some(patient) => {
				ensure!(Self::is_guardian(&patient, who), Error::<T>::NotPatientOrGuardian);
				Ok(patient)
			},
		}
	}

	/// Validates `terms`, holds the deposit from `grantor` and stores the grant.
	pub(crate) fn do_grant(
		grantor: T::AccountId,
		patient: T::AccountId,
		grantee: Grantee<T::AccountId>,
		mut terms: GrantTermsOf<T>,
	) -> Result<GrantId, DispatchError> {
		ensure!(!terms.purposes.is_empty(), Error::<T>::NoPurpose);
		ensure!(!terms.actions.is_empty(), Error::<T>::NoAction);
		ensure!(!terms.scope.is_empty(), Error::<T>::EmptyScope);
		Self::ensure_periods_well_formed(&terms.data_period, &terms.exceptions)?;
		let listed = match &mut terms.scope {
			Scope::Records(ids) => Some(ids.iter_mut()),
			_ => None,
		};
		let excepted = terms.exceptions.iter_mut().filter_map(|exception| match exception {
			Exception::Record(id) => Some(id),
			_ => None,
		});
		Self::to_chains(&patient, listed.into_iter().flatten().chain(excepted))?;
		match &grantee {
			Grantee::Account(account) => ensure!(account != &patient, Error::<T>::GrantToSelf),
			Grantee::Organization(org) => match T::Organizations::status(*org) {
				None => return Err(Error::<T>::UnknownOrganization.into()),
				Some(OrgStatus::Suspended) => {
					return Err(Error::<T>::GranteeOrganizationSuspended.into())
				},
				Some(OrgStatus::Revoked) => {
					return Err(Error::<T>::GranteeOrganizationRevoked.into())
				},
				Some(OrgStatus::Active) => {},
			},
		}
		let now = T::Time::now();
		let from = terms.valid_from.unwrap_or(now);
		match (terms.valid_until, terms.open_ended) {
			(None, false) => return Err(Error::<T>::EndRequired.into()),
			(Some(_), true) => return Err(Error::<T>::EndWithOpenEnded.into()),
			(Some(until), false) => {
				ensure!(until > now, Error::<T>::EndInPast);
				ensure!(until > from, Error::<T>::EndBeforeStart);
			},
			(None, true) => {},
		}

		let mut grant = Grant::<T> {
			patient,
			grantor,
			grantee,
			purposes: terms.purposes,
			actions: terms.actions,
			scope: terms.scope,
			data_period: terms.data_period,
			validity: Validity { from, until: terms.valid_until },
			exceptions: terms.exceptions,
			created_at: now,
			deposit: Zero::zero(),
		};
		let deposit = Self::grant_deposit(&grant);
		T::Currency::hold(&HoldReason::GrantDeposit.into(), &grant.grantor, deposit)?;
		grant.deposit = deposit;
		let id = Self::insert_grant(grant.clone())?;
		Self::deposit_event(Event::GrantCreated { id, grant });
		Ok(id)
	}

	/// The deposit a grant costs: `DepositBase` plus `DepositPerByte` per encoded byte. The
	/// index entries are covered by the base.
	pub fn grant_deposit(grant: &Grant<T>) -> BalanceOf<T> {
		let bytes = u32::try_from(grant.encoded_size()).unwrap_or(u32::MAX);
		T::DepositPerByte::get().saturating_mul(bytes.into()).saturating_add(T::DepositBase::get())
	}

	/// A period is the non-empty cover of its days; an empty one would match no record.
	fn ensure_periods_well_formed(
		data_period: &Option<PeriodTags>,
		exceptions: &[Exception],
	) -> DispatchResult {
		let exception_periods = exceptions.iter().filter_map(|e| match e {
			Exception::DataPeriod(period) => Some(period),
			_ => None,
		});
		let all_well_formed =
			data_period.iter().chain(exception_periods).all(|period| !period.is_empty());
		ensure!(all_well_formed, Error::<T>::InvalidDataPeriod);
		Ok(())
	}

	/// Replaces each of `ids` by its record's chain (first version), so that a grant naming a
	/// record covers or excepts every version of it. Each record must be live and `patient`'s.
	/// One record read per id: the `r` component of the `grant` weight.
	pub(crate) fn to_chains<'a>(
		patient: &T::AccountId,
		ids: impl Iterator<Item = &'a mut RecordId>,
	) -> DispatchResult {
		for id in ids {
			*id = T::Records::record_facts(*id)
				.filter(|facts| &facts.patient == patient)
				.map(|facts| facts.chain)
				.ok_or(Error::<T>::RecordNotOfPatient)?;
		}
		Ok(())
	}

	/// Gives `grant` the next id and writes it with its indexes. Does not hold a deposit.
	pub(crate) fn insert_grant(grant: Grant<T>) -> Result<GrantId, DispatchError> {
		let id = NextGrantId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		GrantsByPair::<T>::try_mutate(&grant.patient, &grant.grantee, |ids| {
			ids.try_push(id).map_err(|_| Error::<T>::TooManyGrantsForPair)
		})?;
		if grant.grantor != grant.patient {
			GuardianGrants::<T>::try_mutate(&grant.patient, &grant.grantor, |ids| {
				ids.try_push(id).map_err(|_| Error::<T>::TooManyGrantsByGuardian)
			})?;
		}
		NextGrantId::<T>::put(next);
		GrantsOfPatient::<T>::insert(&grant.patient, id, ());
		GrantsToGrantee::<T>::insert(&grant.grantee, id, ());
		if let Some(until) = grant.validity.until {
			ExpiryQueue::<T>::insert(expiry_key(until), id, ());
		}
		Grants::<T>::insert(id, grant);
		Ok(id)
	}

	/// Removes a grant and its indexes, returns the deposit to the grantor, tells
	/// `OnGrantEnded` and emits the event of `cause`. Returns the weight `OnGrantEnded` used.
	pub(crate) fn end_grant(id: GrantId, grant: Grant<T>, cause: EndCause<T::AccountId>) -> Weight {
		Grants::<T>::remove(id);
		GrantsByPair::<T>::mutate_exists(&grant.patient, &grant.grantee, |maybe_ids| {
			if let Some(ids) = maybe_ids {
				ids.retain(|other| *other != id);
				if ids.is_empty() {
					*maybe_ids = None;
				}
			}
		});
		GrantsOfPatient::<T>::remove(&grant.patient, id);
		GrantsToGrantee::<T>::remove(&grant.grantee, id);
		if let Some(until) = grant.validity.until {
			ExpiryQueue::<T>::remove(expiry_key(until), id);
		}
		if grant.grantor != grant.patient {
			Self::forget_guardian_grant(&grant.patient, &grant.grantor, id);
		}
		let deposit_released =
			Self::release(HoldReason::GrantDeposit, &grant.grantor, grant.deposit);
		let ended = T::OnGrantEnded::on_grant_ended(id).min(T::OnGrantEnded::weight());
		let Grant { patient, grantee, .. } = grant;
		Self::deposit_event(match cause {
			EndCause::Revoked(revoked_by) => {
				Event::GrantRevoked { id, patient, grantee, revoked_by, deposit_released }
			},
			EndCause::Expired => Event::GrantExpired { id, patient, grantee, deposit_released },
		});
		ended
	}

	/// Drops `id` from the index of the grants `guardian` made for `patient`.
	fn forget_guardian_grant(patient: &T::AccountId, guardian: &T::AccountId, id: GrantId) {
		GuardianGrants::<T>::mutate_exists(patient, guardian, |maybe_ids| {
			if let Some(ids) = maybe_ids {
				ids.retain(|other| *other != id);
				if ids.is_empty() {
					*maybe_ids = None;
				}
			}
		});
	}

	/// The weight of removing a guardian whose `settled` grants settle: the benchmarked
	/// `base` plus `OnGrantEnded` for each grant, which may end.
	pub(crate) fn settle_guardian_weight(base: Weight, settled: u32) -> Weight {
		base.saturating_add(T::OnGrantEnded::weight().saturating_mul(settled.into()))
	}

	/// Settles the grants `guardian` made for `patient` when it stops being a guardian:
	/// grants to accounts are revoked by `by` (deposit back to the guardian); grants to
	/// organizations pass to the patient, who pays their deposit from now on while the
	/// guardian's is returned. A grant whose deposit the patient cannot pay is revoked instead:
	/// no grant stays unpaid. Returns the number of grants settled and the weight
	/// `OnGrantEnded` used for those that ended.
	fn settle_guardian_grants(
		patient: &T::AccountId,
		guardian: &T::AccountId,
		by: &T::AccountId,
	) -> (u32, Weight) {
		let ids = GuardianGrants::<T>::take(patient, guardian);
		let settled = ids.len() as u32;
		let mut ended = Weight::zero();
		for id in ids {
			let Some(mut grant) = Grants::<T>::get(id) else {
				defensive!("a guardian's grant index names a missing grant");
				continue;
			};
			if matches!(grant.grantee, Grantee::Organization(_)) {
				let mut adopted = grant.clone();
				adopted.grantor = patient.clone();
				let deposit = Self::grant_deposit(&adopted);
				let held = frame_support::storage::with_storage_layer(|| {
					T::Currency::hold(&HoldReason::GrantDeposit.into(), patient, deposit)
				});
				if held.is_ok() {
					let deposit_released =
						Self::release(HoldReason::GrantDeposit, guardian, grant.deposit);
					grant.grantor = patient.clone();
					grant.deposit = deposit;
					Grants::<T>::insert(id, grant);
					Self::deposit_event(Event::GrantAdopted {
						id,
						patient: patient.clone(),
						former_grantor: guardian.clone(),
						deposit_released,
						deposit,
					});
					continue;
				}
			}
			ended.saturating_accrue(Self::end_grant(id, grant, EndCause::Revoked(by.clone())));
		}
		(settled, ended)
	}

	/// Releases a deposit, returning what was released.
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).unwrap_or_else(
			|error| {
				// The deposit was held when the item was created and only this pallet releases
				// it, so this cannot fail; should it, the item still goes.
				defensive!(error, "a deposit held by this pallet is released");
				Zero::zero()
			},
		)
	}

	/// Revokes grant `id`; returns the weight `OnGrantEnded` used.
	pub(crate) fn do_revoke(who: T::AccountId, id: GrantId) -> Result<Weight, DispatchError> {
		let grant = Grants::<T>::get(id).ok_or(Error::<T>::UnknownGrant)?;
		ensure!(
			grant.patient == who || Self::is_guardian(&grant.patient, &who),
			Error::<T>::NotPatientOrGuardian
		);
		Ok(Self::end_grant(id, grant, EndCause::Revoked(who)))
	}

	/// Removes the expired grant `id`; returns the weight `OnGrantEnded` used.
	pub(crate) fn do_remove_expired(id: GrantId) -> Result<Weight, DispatchError> {
		let grant = Grants::<T>::get(id).ok_or(Error::<T>::UnknownGrant)?;
		ensure!(grant.validity.has_expired_at(T::Time::now()), Error::<T>::NotExpired);
		Ok(Self::end_grant(id, grant, EndCause::Expired))
	}

	/// Removes expired grants, earliest expiry first, while `remaining` allows. A grant is
	/// started only if its worst case fits; it is counted at what it used.
	pub(crate) fn expire_in_idle(remaining: Weight) -> Weight {
		let base = T::WeightInfo::on_idle_expire(0);
		let per_grant = T::WeightInfo::on_idle_expire(1).saturating_sub(base);
		let worst_per_grant = per_grant.saturating_add(T::OnGrantEnded::weight());
		if remaining.any_lt(base) {
			return Weight::zero();
		}
		let now = T::Time::now();
		let mut used = base;
		while remaining.all_gte(used.saturating_add(worst_per_grant)) {
			let Some((key, id)) = ExpiryQueue::<T>::iter_keys().next() else { break };
			if Moment::from_be_bytes(key) > now {
				break;
			}
			used.saturating_accrue(per_grant);
			match Grants::<T>::get(id) {
				Some(grant) => {
					used.saturating_accrue(Self::end_grant(id, grant, EndCause::Expired))
				},
				None => {
					defensive!("expiry queue names a missing grant");
					ExpiryQueue::<T>::remove(key, id);
				},
			}
		}
		used
	}

	pub(crate) fn do_appoint_guardian(
		patient: T::AccountId,
		guardian: T::AccountId,
	) -> DispatchResult {
		ensure!(guardian != patient, Error::<T>::GuardianIsPatient);
		let deposit = T::GuardianDeposit::get();
		Guardians::<T>::try_mutate(&patient, |guardians| -> DispatchResult {
			ensure!(!guardians.iter().any(|g| g.guardian == guardian), Error::<T>::AlreadyGuardian);
			guardians
				.try_push(Guardianship {
					guardian: guardian.clone(),
					deposit,
					since: T::Time::now(),
				})
				.map_err(|_| Error::<T>::TooManyGuardians)?;
			T::Currency::hold(&HoldReason::GuardianDeposit.into(), &patient, deposit)
		})?;
		Self::deposit_event(Event::GuardianAppointed { patient, guardian, deposit });
		Ok(())
	}

	/// Removes `guardian` from `patient`'s guardians, by the patient or (`resigned`) by the
	/// guardian, and settles the grants it made. Returns the number of grants settled and the
	/// weight `OnGrantEnded` used for those that ended.
	pub(crate) fn do_remove_guardian(
		patient: T::AccountId,
		guardian: T::AccountId,
		resigned: bool,
	) -> Result<(u32, Weight), DispatchError> {
		let removed = Guardians::<T>::try_mutate_exists(&patient, |maybe_guardians| {
			let guardians = maybe_guardians.as_mut().ok_or(Error::<T>::NotGuardian)?;
			let index = guardians
				.iter()
				.position(|g| g.guardian == guardian)
				.ok_or(Error::<T>::NotGuardian)?;
			let removed = guardians.remove(index);
			if guardians.is_empty() {
				*maybe_guardians = None;
			}
			Ok::<_, Error<T>>(removed)
		})?;
		let by = if resigned { &guardian } else { &patient };
		let settled = Self::settle_guardian_grants(&patient, &guardian, by);
		let deposit_released =
			Self::release(HoldReason::GuardianDeposit, &patient, removed.deposit);
		Self::deposit_event(if resigned {
			Event::GuardianResigned { patient, guardian, deposit_released }
		} else {
			Event::GuardianRemoved { patient, guardian, deposit_released }
		});
		Ok(settled)
	}

	pub(crate) fn do_open_emergency_access(
		clinician: T::AccountId,
		patient: T::AccountId,
		justification: [u8; 32],
		duration: Moment,
	) -> DispatchResult {
		ensure!(clinician != patient, Error::<T>::EmergencyForSelf);
		let org = T::Organizations::organization_of(&clinician)
			.filter(|org| {
				T::Organizations::member_has_role(*org, &clinician, MemberRole::EmergencyClinician)
			})
			.ok_or(Error::<T>::NotEmergencyClinician)?;
		ensure!(
			T::Organizations::is_active_with_role(org, OrgRole::Provider),
			Error::<T>::OrganizationNotEntitled
		);
		ensure!(duration > 0, Error::<T>::ZeroDuration);
		ensure!(duration <= T::MaxEmergencyDuration::get(), Error::<T>::EmergencyTooLong);
		let now = T::Time::now();
		if let Some(previous) = OpenEmergency::<T>::get(&clinician, &patient) {
			ensure!(
				!EmergencyAccesses::<T>::get(previous).is_some_and(|a| a.is_open_at(now)),
				Error::<T>::EmergencyAlreadyOpen
			);
		}
		// Every limit is checked before anything is written: a refusal changes nothing.
		let by_clinician = Self::count_opening(
			EmergencyRate::<T>::get(&clinician),
			now,
			T::MaxEmergencyPerWindow::get(),
		)
		.ok_or(Error::<T>::EmergencyRateLimited)?;
		let by_organization = Self::count_opening(
			EmergencyRateOfOrganization::<T>::get(org),
			now,
			T::MaxEmergencyPerOrganization::get(),
		)
		.ok_or(Error::<T>::EmergencyOrganizationRateLimited)?;
		let to_patient = Self::count_opening(
			EmergencyRateOfPatient::<T>::get(&patient),
			now,
			T::MaxEmergencyPerPatient::get(),
		)
		.ok_or(Error::<T>::EmergencyPatientRateLimited)?;
		let id = NextEmergencyId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		let depositor = T::Organizations::admin(org).ok_or(Error::<T>::NoAdmin)?;
		let deposit = T::EmergencyDeposit::get();
		T::Currency::hold(&HoldReason::EmergencyDeposit.into(), &depositor, deposit)
			.map_err(|_| Error::<T>::CannotPayEmergencyDeposit)?;
		EmergencyRate::<T>::insert(&clinician, by_clinician);
		EmergencyRateOfOrganization::<T>::insert(org, by_organization);
		EmergencyRateOfPatient::<T>::insert(&patient, to_patient);
		NextEmergencyId::<T>::put(next);
		EmergencyDeposits::<T>::insert(id, (depositor.clone(), deposit));
		let expires_at = now.saturating_add(duration);
		EmergencyAccesses::<T>::insert(
			id,
			EmergencyAccess {
				patient: patient.clone(),
				clinician: clinician.clone(),
				org,
				justification,
				opened_at: now,
				expires_at,
				closed_at: None,
				patient_review: None,
				oversight_review: None,
			},
		);
		EmergencyOfPatient::<T>::insert(&patient, id, ());
		OpenEmergency::<T>::insert(&clinician, &patient, id);
		Self::deposit_event(Event::EmergencyAccessOpened {
			id,
			patient,
			clinician,
			org,
			justification,
			expires_at,
			depositor,
			deposit,
		});
		Ok(())
	}

	/// `window` with one more opening at `now`, or `None` when it holds `max` openings already.
	/// A window starts at the first opening it counts and lasts `EmergencyWindow`; once it has
	/// passed, the next opening starts a new one.
	fn count_opening(window: RateWindow, now: Moment, max: u32) -> Option<RateWindow> {
		let current = if now >= window.start.saturating_add(T::EmergencyWindow::get()) {
			RateWindow { start: now, count: 0 }
		} else {
			window
		};
		(current.count < max)
			.then(|| RateWindow { start: current.start, count: current.count.saturating_add(1) })
	}

	pub(crate) fn do_close_emergency_access(
		who: T::AccountId,
		id: healthchain_primitives::EmergencyId,
	) -> DispatchResult {
		let mut access = EmergencyAccesses::<T>::get(id).ok_or(Error::<T>::UnknownEmergency)?;
		ensure!(access.clinician == who, Error::<T>::NotEmergencyOpener);
		let now = T::Time::now();
		ensure!(access.is_open_at(now), Error::<T>::EmergencyAlreadyClosed);
		access.closed_at = Some(now);
		Self::forget_open_emergency(&access, id);
		let (patient, clinician) = (access.patient.clone(), access.clinician.clone());
		EmergencyAccesses::<T>::insert(id, access);
		Self::deposit_event(Event::EmergencyAccessClosed {
			id,
			patient,
			clinician,
			closed_at: now,
		});
		Ok(())
	}

	pub(crate) fn do_review_emergency_access(
		who: T::AccountId,
		id: healthchain_primitives::EmergencyId,
		verdict: ReviewVerdict,
		note: [u8; 32],
	) -> DispatchResult {
		let mut access = EmergencyAccesses::<T>::get(id).ok_or(Error::<T>::UnknownEmergency)?;
		let class = Self::reviewer_class(&access.patient, &who)?;
		ensure!(access.review(class).is_none(), Error::<T>::AlreadyReviewed);
		let now = T::Time::now();
		ensure!(!access.is_open_at(now), Error::<T>::EmergencyStillOpen);
		*access.review_mut(class) =
			Some(EmergencyReview { reviewer: who.clone(), verdict, note, reviewed_at: now });
		let deposit_released = EmergencyDeposits::<T>::take(id)
			.map_or_else(Zero::zero, |(payer, amount)| {
				Self::release(HoldReason::EmergencyDeposit, &payer, amount)
			});
		Self::forget_open_emergency(&access, id);
		let (patient, clinician) = (access.patient.clone(), access.clinician.clone());
		EmergencyAccesses::<T>::insert(id, access);
		Self::deposit_event(Event::EmergencyAccessReviewed {
			id,
			patient,
			clinician,
			reviewer: who,
			class,
			verdict,
			note,
			deposit_released,
		});
		Ok(())
	}

	/// The side `who` reviews an emergency access to `patient`'s records for: the patient side
	/// for the patient and the guardians (even one that is also a regulator's auditor), the
	/// oversight side for an `Auditor` member of an active `Regulator` organization.
	pub(crate) fn reviewer_class(
		patient: &T::AccountId,
		who: &T::AccountId,
	) -> Result<ReviewerClass, DispatchError> {
		if who == patient || Self::is_guardian(patient, who) {
			return Ok(ReviewerClass::Patient);
		}
		let org =
			T::Organizations::acting_for(who, OrgRole::Regulator).ok_or(Error::<T>::NotReviewer)?;
		ensure!(
			T::Organizations::member_has_role(org, who, MemberRole::Auditor),
			Error::<T>::NotAuditor
		);
		Ok(ReviewerClass::Oversight)
	}

	/// Drops the open-emergency index entry of the access's pair if it still names `id`.
	fn forget_open_emergency(
		access: &EmergencyAccess<T::AccountId>,
		id: healthchain_primitives::EmergencyId,
	) {
		OpenEmergency::<T>::mutate_exists(&access.clinician, &access.patient, |entry| {
			if *entry == Some(id) {
				*entry = None;
			}
		});
	}

	/// Whether `accessor` answers for what it logs about `patient`: the patient, a guardian, an
	/// account the patient granted to, or someone of an active organization (accredited, and
	/// answerable to its regulator). Anyone else could only fill the patient's trail with noise.
	pub(crate) fn is_accountable_accessor(patient: &T::AccountId, accessor: &T::AccountId) -> bool {
		accessor == patient
			|| Self::is_guardian(patient, accessor)
			|| GrantsByPair::<T>::contains_key(patient, Grantee::Account(accessor.clone()))
			|| T::Organizations::organization_of(accessor).is_some_and(T::Organizations::is_active)
	}

	/// Whether `patient` already has paid-for storage here: a grant or a guardian. Counters are
	/// kept for such patients and for accesses to live records, so that logging creates no
	/// storage for arbitrary accounts.
	fn is_known_patient(patient: &T::AccountId) -> bool {
		GrantsOfPatient::<T>::iter_key_prefix(patient).next().is_some()
			|| Guardians::<T>::contains_key(patient)
	}

	/// Decides, counts and emits an access attempt; returns what the decision read.
	/// The accessor must be accountable ([`Self::is_accountable_accessor`]). The attempt is
	/// counted unless it named no live record of the patient (`UnknownRecord`): a permitted
	/// attempt always (a grant or an emergency access stands behind it), a denied one only for a
	/// target that is a live record or a patient with grants or guardians.
	pub(crate) fn do_log_access(
		accessor: T::AccountId,
		patient: T::AccountId,
		target: AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> Result<Examined, DispatchError> {
		ensure!(
			Self::is_accountable_accessor(&patient, &accessor),
			Error::<T>::NotAccountableAccessor
		);
		let (decision, examined) = Self::evaluate(&patient, &accessor, &target, purpose, action);
		Self::count_access(&patient, &target, decision);
		Self::deposit_event(Event::AccessLogged {
			patient,
			accessor,
			target,
			purpose,
			action,
			decision,
		});
		Ok(examined)
	}

	/// Decides, counts and emits `accessor`'s request to read `record` for `purpose`, logged by
	/// `logger` of the record's custodian ([`Pallet::log_served`]); returns what the decision
	/// read.
	pub(crate) fn do_log_served(
		logger: T::AccountId,
		accessor: T::AccountId,
		record: RecordId,
		purpose: Purpose,
		request: [u8; 32],
	) -> Result<Examined, DispatchError> {
		let facts = T::Records::record_facts(record).ok_or(Error::<T>::UnknownRecord)?;
		let custodian = facts
			.custodian
			.filter(|org| {
				T::Organizations::is_active(*org)
					&& (T::Organizations::is_admin(*org, &logger)
						|| T::Organizations::member_has_role(*org, &logger, MemberRole::Staff))
			})
			.ok_or(Error::<T>::NotRecordCustodian)?;
		let target = AccessTarget::Record(record);
		let (decision, examined) =
			Self::evaluate(&facts.patient, &accessor, &target, purpose, Action::Read);
		Self::count_access(&facts.patient, &target, decision);
		Self::deposit_event(Event::AccessServed {
			patient: facts.patient,
			accessor,
			record,
			purpose,
			decision,
			custodian,
			request,
		});
		Ok(examined)
	}

	/// Counts a logged access in the patient's counters: always when permitted, never when it
	/// named no live record of the patient (`UnknownRecord`), and when denied only for a target
	/// that is a live record or a patient with grants or guardians.
	fn count_access(patient: &T::AccountId, target: &AccessTarget, decision: AccessDecision) {
		let counted = match decision {
			AccessDecision::Denied(DenialReason::UnknownRecord) => false,
			AccessDecision::Permitted(_) => true,
			// Not `UnknownRecord`: a record target is a live record of the patient.
			AccessDecision::Denied(_) => {
				matches!(target, AccessTarget::Record(_)) || Self::is_known_patient(patient)
			},
		};
		if counted {
			AccessCounters::<T>::mutate(patient, |tally| match decision {
				AccessDecision::Permitted(basis) => {
					tally.permitted.saturating_inc();
					if matches!(basis, AccessBasis::Emergency(_)) {
						tally.emergency.saturating_inc();
					}
				},
				AccessDecision::Denied(_) => tally.denied.saturating_inc(),
			});
		}
	}

	/// Validates a deny provision against `actor`, holds the deposit from the patient and
	/// stores it. `signer` is the patient or a guardian (already checked).
	pub(crate) fn do_deny(
		signer: T::AccountId,
		patient: T::AccountId,
		actor: Grantee<T::AccountId>,
		mut terms: DenyTermsOf<T>,
	) -> Result<DenyId, DispatchError> {
		match &actor {
			Grantee::Account(account) => {
				ensure!(account != &patient, Error::<T>::DenyAgainstPatient);
				ensure!(!Self::is_guardian(&patient, account), Error::<T>::DenyAgainstGuardian);
			},
			// Any status: refusing a suspended or revoked organization is harmless, and holds
			// should it be reinstated.
			Grantee::Organization(org) => {
				ensure!(T::Organizations::status(*org).is_some(), Error::<T>::UnknownOrganization)
			},
		}
		ensure!(!terms.scope.is_empty(), Error::<T>::EmptyScope);
		if let Scope::Records(ids) = &mut terms.scope {
			Self::to_chains(&patient, ids.iter_mut())?;
		}
		let id = NextDenyId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::IdsExhausted)?;
		let mut deny = Deny::<T> {
			patient,
			recorded_by: signer,
			actor,
			purposes: terms.purposes,
			actions: terms.actions,
			scope: terms.scope,
			labels: terms.labels,
			created_at: T::Time::now(),
			deposit: Zero::zero(),
		};
		DeniesOfPatient::<T>::try_mutate(&deny.patient, |ids| {
			ids.try_push(id).map_err(|_| Error::<T>::TooManyDenies)
		})?;
		// A pair's list is part of the patient's, so it has room too.
		DeniesByPair::<T>::try_mutate(&deny.patient, &deny.actor, |ids| {
			ids.try_push(id).map_err(|_| Error::<T>::TooManyDenies)
		})?;
		let deposit = Self::deny_deposit(&deny);
		T::Currency::hold(&HoldReason::DenyDeposit.into(), &deny.patient, deposit)?;
		deny.deposit = deposit;
		NextDenyId::<T>::put(next);
		Denies::<T>::insert(id, deny.clone());
		Self::deposit_event(Event::DenyRecorded { id, deny });
		Ok(id)
	}

	/// The deposit a deny provision costs: as for a grant, `DepositBase` plus `DepositPerByte`
	/// per encoded byte.
	pub fn deny_deposit(deny: &Deny<T>) -> BalanceOf<T> {
		let bytes = u32::try_from(deny.encoded_size()).unwrap_or(u32::MAX);
		T::DepositPerByte::get().saturating_mul(bytes.into()).saturating_add(T::DepositBase::get())
	}

	pub(crate) fn do_revoke_deny(who: T::AccountId, id: DenyId) -> DispatchResult {
		let deny = Denies::<T>::get(id).ok_or(Error::<T>::UnknownDeny)?;
		ensure!(
			deny.patient == who || Self::is_guardian(&deny.patient, &who),
			Error::<T>::NotPatientOrGuardian
		);
		Denies::<T>::remove(id);
		DeniesOfPatient::<T>::mutate_exists(&deny.patient, |maybe_ids| {
			if let Some(ids) = maybe_ids {
				ids.retain(|other| *other != id);
				if ids.is_empty() {
					*maybe_ids = None;
				}
			}
		});
		DeniesByPair::<T>::mutate_exists(&deny.patient, &deny.actor, |maybe_ids| {
			if let Some(ids) = maybe_ids {
				ids.retain(|other| *other != id);
				if ids.is_empty() {
					*maybe_ids = None;
				}
			}
		});
		let deposit_released = Self::release(HoldReason::DenyDeposit, &deny.patient, deny.deposit);
		let Deny { patient, actor, .. } = deny;
		Self::deposit_event(Event::DenyRevoked {
			id,
			patient,
			actor,
			revoked_by: who,
			deposit_released,
		});
		Ok(())
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

	/// Stores a grant declared at genesis, without deposit.
	pub(crate) fn build_genesis_grant(
		declared: &GenesisGrant<T::AccountId>,
	) -> Result<GrantId, &'static str> {
		if declared.purposes.is_empty() {
			return Err("no purpose");
		}
		if declared.actions.is_empty() {
			return Err("no action");
		}
		if declared.grantee == Grantee::Account(declared.patient.clone()) {
			return Err("grant to the patient themself");
		}
		if declared.valid_until == Some(0) {
			return Err("valid_until must be after 0");
		}
		let scope: Scope<T::MaxScopeItems> = match &declared.scope {
			GenesisScope::AllRecords => Scope::AllRecords,
			GenesisScope::Categories(tags) => Scope::Categories(
				BoundedVec::try_from(tags.clone()).map_err(|_| "too many categories")?,
			),
			GenesisScope::Records(ids) => {
				Scope::Records(BoundedVec::try_from(ids.clone()).map_err(|_| "too many records")?)
			},
		};
		if scope.is_empty() {
			return Err("empty scope");
		}
		let grant = Grant::<T> {
			patient: declared.patient.clone(),
			grantor: declared.patient.clone(),
			grantee: declared.grantee.clone(),
			purposes: healthchain_primitives::role_set(&declared.purposes),
			actions: healthchain_primitives::role_set(&declared.actions),
			scope,
			data_period: None,
			validity: Validity { from: 0, until: declared.valid_until },
			exceptions: Default::default(),
			created_at: 0,
			deposit: Zero::zero(),
		};
		Self::insert_grant(grant).map_err(|_| "too many grants for one (patient, grantee) pair")
	}
}

#[cfg(any(feature = "try-runtime", test))]
impl<T: Config> Pallet<T> {
	/// Checks the deny provisions: both indexes agree with [`Denies`], no list is empty, no id
	/// dangles, no deny names its patient, listed records are chains, deposits are held.
	fn try_state_denies() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

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
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::{BTreeMap, BTreeSet};
		use frame_support::traits::fungible::InspectHold;

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
