//! What the calls, the hook and the genesis build do, and the access decision that the calls,
//! the queries and [`ConsentInspect`] share.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	defensive,
	dispatch::DispatchResult,
	ensure,
	pallet_prelude::{DispatchError, Weight},
	traits::{fungible::MutateHold, Get, Time},
	BoundedVec,
};
use healthchain_primitives::{
	blind::period_covers, deposit::release_deposit, AccessBasis, AccessDecision, AccessTarget,
	Action, BlindFacts, ConsentInspect, DenialReason, DenyId, EmergencyId, GrantId, MemberRole,
	Moment, OnGrantEnded, OrgId, OrgRole, OrgStatus, OrganizationsInspect, PeriodTags, Purpose,
	RecordId, RecordsInspect, Tag,
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

	/// Releases a deposit, returning what was released; the item it paid for goes whatever
	/// happens ([`release_deposit`]).
	fn release(reason: HoldReason, who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		release_deposit::<T::AccountId, T::Currency>(&reason.into(), who, amount)
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

/// An access target with what the decision needs to know about it.
pub(crate) enum Resolved {
	/// A live record of the patient: the chain of versions it belongs to and its blind facts.
	Record { chain: RecordId, blind: BlindFacts },
	/// Records of a category (its tag) whose ids, labels and dates are not known.
	Category(Tag),
	/// A record about to be registered, with its blind facts.
	New(BlindFacts),
}

impl Resolved {
	/// The blind facts of a record or a new record; `None` for a category.
	fn blind(&self) -> Option<&BlindFacts> {
		match self {
			Resolved::Record { blind, .. } | Resolved::New(blind) => Some(blind),
			Resolved::Category(_) => None,
		}
	}

	/// The category tag of the target.
	fn category(&self) -> &Tag {
		match self {
			Resolved::Record { blind, .. } | Resolved::New(blind) => &blind.category,
			Resolved::Category(tag) => tag,
		}
	}
}

/// How close a denial came to a permit: the larger, the more specific.
pub(crate) fn specificity(reason: DenialReason) -> u8 {
	match reason {
		DenialReason::NoGrant => 0,
		DenialReason::NotValidNow => 1,
		DenialReason::PurposeNotAllowed => 2,
		DenialReason::ActionNotAllowed => 3,
		DenialReason::OutOfScope => 4,
		DenialReason::OutsideDataPeriod => 5,
		DenialReason::Excepted => 6,
		DenialReason::OrganizationNotEntitled => 7,
		DenialReason::UnknownRecord => 8,
		// Decided before any grant is examined: never ranked against a grant's reason.
		DenialReason::DenyProvision(_) => 9,
	}
}

fn more_specific(a: DenialReason, b: DenialReason) -> DenialReason {
	if specificity(b) > specificity(a) {
		b
	} else {
		a
	}
}

/// What a decision read, for its weight: the benchmark of `log_access` reads `n` grants and
/// every deny the patient may have; a decision is charged for what it actually read.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Examined {
	/// Grants read.
	pub grants: u32,
	/// Deny provisions read.
	pub denies: u32,
}

impl<T: Config> Pallet<T> {
	/// The decision and what was read to reach it.
	pub(crate) fn evaluate(
		patient: &T::AccountId,
		accessor: &T::AccountId,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> (AccessDecision, Examined) {
		let mut examined = Examined::default();
		let Some(resolved) = Self::resolve(patient, target) else {
			return (AccessDecision::Denied(DenialReason::UnknownRecord), examined);
		};
		if accessor == patient {
			return (AccessDecision::Permitted(AccessBasis::Patient), examined);
		}
		if Self::is_guardian(patient, accessor) {
			return (AccessDecision::Permitted(AccessBasis::Guardian), examined);
		}
		// Deny overrides permit: a deny naming the accessor's account refuses it even an
		// emergency access (its colleagues may still break the glass).
		let account = Grantee::Account(accessor.clone());
		let denied =
			Self::deny_against(patient, &account, &resolved, purpose, action, &mut examined);
		if let Some(id) = denied {
			return (AccessDecision::Denied(DenialReason::DenyProvision(id)), examined);
		}
		let now = T::Time::now();
		if purpose == Purpose::EmergencyTreatment && action == Action::Read {
			if let Some(id) = Self::usable_emergency(accessor, patient, now) {
				return (AccessDecision::Permitted(AccessBasis::Emergency(id)), examined);
			}
		}
		// A deny naming the accessor's organization refuses every grant, but not an emergency
		// access: it would shut a whole emergency department out of an unconscious patient.
		let org = T::Organizations::organization_of(accessor);
		if let Some(org) = org {
			let actor = Grantee::Organization(org);
			let denied =
				Self::deny_against(patient, &actor, &resolved, purpose, action, &mut examined);
			if let Some(id) = denied {
				return (AccessDecision::Denied(DenialReason::DenyProvision(id)), examined);
			}
		}

		let mut reason = DenialReason::NoGrant;
		// Read once, and only if an account grant would otherwise permit.
		let mut acts_for_active: Option<bool> = None;
		for id in GrantsByPair::<T>::get(patient, account) {
			let Some(grant) = Grants::<T>::get(id) else { continue };
			examined.grants = examined.grants.saturating_add(1);
			match Self::match_grant(&grant, &resolved, Some(purpose), action, now) {
				Ok(()) => {
					if *acts_for_active.get_or_insert_with(|| Self::acts_for_active_org(accessor)) {
						return (AccessDecision::Permitted(AccessBasis::Grant(id)), examined);
					}
					reason = more_specific(reason, DenialReason::OrganizationNotEntitled);
				},
				Err(r) => reason = more_specific(reason, r),
			}
		}

		if let Some(org) = org {
			// Entitlement depends on the organization, the member and the purpose only: read
			// it once, and only if a grant would otherwise permit.
			let mut entitled: Option<bool> = None;
			for id in GrantsByPair::<T>::get(patient, Grantee::Organization(org)) {
				let Some(grant) = Grants::<T>::get(id) else { continue };
				examined.grants = examined.grants.saturating_add(1);
				match Self::match_grant(&grant, &resolved, Some(purpose), action, now) {
					Ok(()) => {
						if *entitled
							.get_or_insert_with(|| Self::member_entitled(org, accessor, purpose))
						{
							return (AccessDecision::Permitted(AccessBasis::Grant(id)), examined);
						}
						reason = more_specific(reason, DenialReason::OrganizationNotEntitled);
					},
					Err(r) => reason = more_specific(reason, r),
				}
			}
		}
		(AccessDecision::Denied(reason), examined)
	}

	/// The record's chain and blind facts if it is live and belongs to `patient`; a category
	/// or a new record as it is.
	pub(crate) fn resolve(patient: &T::AccountId, target: &AccessTarget) -> Option<Resolved> {
		match target {
			AccessTarget::Record(id) => T::Records::record_facts(*id)
				.filter(|facts| &facts.patient == patient)
				.map(|facts| Resolved::Record { chain: facts.chain, blind: facts.blind }),
			AccessTarget::Category(tag) => Some(Resolved::Category(*tag)),
			AccessTarget::NewRecord(facts) => Some(Resolved::New(facts.clone())),
		}
	}

	/// Tests one grant against the target, in the documented order. `purpose: None` accepts
	/// any purpose of the grant.
	pub(crate) fn match_grant(
		grant: &Grant<T>,
		target: &Resolved,
		purpose: Option<Purpose>,
		action: Action,
		now: Moment,
	) -> Result<(), DenialReason> {
		if !grant.validity.is_valid_at(now) {
			return Err(DenialReason::NotValidNow);
		}
		if purpose.is_some_and(|p| !grant.purposes.contains(&p)) {
			return Err(DenialReason::PurposeNotAllowed);
		}
		if !grant.actions.contains(&action) {
			return Err(DenialReason::ActionNotAllowed);
		}
		let in_scope = match (&grant.scope, target) {
			(Scope::AllRecords, _) => true,
			(Scope::Categories(tags), _) => tags.contains(target.category()),
			// Listed records are chains: every version of a listed record is in scope.
			(Scope::Records(chains), Resolved::Record { chain, .. }) => chains.contains(chain),
			(Scope::Records(_), Resolved::Category(_) | Resolved::New(_)) => false,
		};
		if !in_scope {
			return Err(DenialReason::OutOfScope);
		}
		if let Some(period) = &grant.data_period {
			// Without date tags the period cannot be shown to hold.
			let covered = target.blind().is_some_and(|blind| period_covers(period, &blind.dates));
			if !covered {
				return Err(DenialReason::OutsideDataPeriod);
			}
		}
		let excepted = grant.exceptions.iter().any(|exception| match (exception, target) {
			(Exception::Category(tag), _) => tag == target.category(),
			(Exception::Label(tag), Resolved::Record { blind, .. } | Resolved::New(blind)) => {
				blind.labels.contains(tag)
			},
			// A category read may include a record carrying the label; its labels are unknown.
			(Exception::Label(_), Resolved::Category(_)) => action == Action::Read,
			(Exception::Record(excepted), Resolved::Record { chain, .. }) => excepted == chain,
			// A category read includes the excepted record; a new record is not it.
			(Exception::Record(_), Resolved::Category(_)) => action == Action::Read,
			(Exception::Record(_), Resolved::New(_)) => false,
			(
				Exception::DataPeriod(period),
				Resolved::Record { blind, .. } | Resolved::New(blind),
			) => period_covers(period, &blind.dates),
			// Without a date the record may fall in the excepted period.
			(Exception::DataPeriod(_), Resolved::Category(_)) => true,
		});
		if excepted {
			return Err(DenialReason::Excepted);
		}
		Ok(())
	}

	/// Whether `deny` refuses `action` on `target` and, if given, for `purpose`. Its scope and
	/// labels apply whenever the target may be a record they name; what cannot be decided goes
	/// against the accessor, as for a grant: a category may hold a listed record or a labelled
	/// one, and a new record may be a new version of a listed record (`supersede`) or carry a
	/// label.
	pub(crate) fn deny_applies(
		deny: &Deny<T>,
		target: &Resolved,
		purpose: Option<Purpose>,
		action: Action,
	) -> bool {
		if purpose.is_some_and(|p| !deny.covers_purpose(p)) || !deny.covers_action(action) {
			return false;
		}
		let in_scope = match (&deny.scope, target) {
			(Scope::AllRecords, _) => true,
			(Scope::Categories(tags), _) => tags.contains(target.category()),
			(Scope::Records(chains), Resolved::Record { chain, .. }) => chains.contains(chain),
			(Scope::Records(_), Resolved::Category(_) | Resolved::New(_)) => true,
		};
		in_scope
			&& (deny.labels.is_empty()
				|| target.blind().is_none_or(|blind| {
					deny.labels.iter().any(|label| blind.labels.contains(label))
				}))
	}

	/// The first deny of `patient` against `actor` that refuses `action` on `target` for
	/// `purpose`. Counts the denies it reads in `examined`.
	pub(crate) fn deny_against(
		patient: &T::AccountId,
		actor: &Grantee<T::AccountId>,
		target: &Resolved,
		purpose: Purpose,
		action: Action,
		examined: &mut Examined,
	) -> Option<DenyId> {
		DeniesByPair::<T>::get(patient, actor).into_iter().find(|id| {
			examined.denies = examined.denies.saturating_add(1);
			Denies::<T>::get(id)
				.is_some_and(|deny| Self::deny_applies(&deny, target, Some(purpose), action))
		})
	}

	/// The weight of a decision that read `examined`: `log_access` as benchmarked over
	/// `examined.grants` grants, less the reads of the patient's denies it did not read (the
	/// benchmark reads `MaxDeniesPerPatient` of them). `log_access` charges this after the
	/// fact, and so do the calls of other pallets that ask for a decision.
	pub fn decision_weight(examined: Examined) -> Weight {
		let unread = T::MaxDeniesPerPatient::get().saturating_sub(examined.denies);
		T::WeightInfo::log_access(examined.grants)
			.saturating_sub(T::DbWeight::get().reads(unread.into()))
	}

	/// The weight of a decision that read `examined` beyond the least a permitted decision
	/// costs (one grant, no deny provision): what another pallet's call adds to its own
	/// benchmark, which made that least decision ([`ConsentInspect::check_access_weighed`]).
	pub fn decision_weight_beyond_least(examined: Examined) -> Weight {
		Self::decision_weight(examined)
			.saturating_sub(Self::decision_weight(Examined { grants: 1, denies: 0 }))
	}

	/// The denies of `patient` against `who` and against `org` that refuse `action` on
	/// `target` for some purpose. Counts the denies it reads in `examined`.
	fn denies_applying(
		patient: &T::AccountId,
		who: &T::AccountId,
		org: Option<OrgId>,
		target: &Resolved,
		action: Action,
		examined: &mut Examined,
	) -> Vec<Deny<T>> {
		let actors =
			core::iter::once(Grantee::Account(who.clone())).chain(org.map(Grantee::Organization));
		actors
			.flat_map(|actor| DeniesByPair::<T>::get(patient, actor))
			.filter_map(|id| {
				examined.denies = examined.denies.saturating_add(1);
				Denies::<T>::get(id)
			})
			.filter(|deny| Self::deny_applies(deny, target, None, action))
			.collect()
	}

	/// Whether an account grant to `who` may serve now: `who` belongs to no organization, or the
	/// organization it belongs to (as admin or member) is active. An accessor bound to an
	/// organization acts through it, and the chain cannot tell a personal access from a
	/// professional one, so a suspended or revoked organization's people lose their account
	/// grants too until it is reinstated (finding 17).
	pub(crate) fn acts_for_active_org(who: &T::AccountId) -> bool {
		T::Organizations::organization_of(who).is_none_or(T::Organizations::is_active)
	}

	/// Whether a member of `org` may use the organization's grants for `purpose` now.
	pub(crate) fn member_entitled(org: OrgId, who: &T::AccountId, purpose: Purpose) -> bool {
		if !T::Organizations::is_active(org)
			|| !purpose
				.entitled_org_roles()
				.iter()
				.any(|role| T::Organizations::holds_role(org, *role))
		{
			return false;
		}
		match purpose.entitled_member_roles() {
			Some(needed) => T::Organizations::member_has_any_role(org, who, needed),
			None => T::Organizations::member_roles(org, who).is_some_and(|roles| !roles.is_empty()),
		}
	}

	/// Whether `who` is an appointed guardian of `patient`.
	pub(crate) fn is_guardian(patient: &T::AccountId, who: &T::AccountId) -> bool {
		Guardians::<T>::get(patient).iter().any(|g| &g.guardian == who)
	}

	/// The emergency access of `clinician` to `patient` usable at `now`: open, unexpired, and
	/// the clinician still an emergency clinician of an active provider.
	pub(crate) fn usable_emergency(
		clinician: &T::AccountId,
		patient: &T::AccountId,
		now: Moment,
	) -> Option<EmergencyId> {
		let id = OpenEmergency::<T>::get(clinician, patient)?;
		let access = EmergencyAccesses::<T>::get(id)?;
		let usable = access.is_open_at(now)
			&& T::Organizations::is_active_with_role(access.org, OrgRole::Provider)
			&& T::Organizations::member_has_role(
				access.org,
				clinician,
				MemberRole::EmergencyClinician,
			);
		usable.then_some(id)
	}

	/// A grant valid now that lets `grantee` (or their organization, if they are entitled
	/// for one of the grant's purposes) read `record` of `patient`, and what was read to find
	/// it.
	pub(crate) fn do_read_grant_for(
		patient: &T::AccountId,
		grantee: &T::AccountId,
		record: RecordId,
	) -> (Option<GrantId>, Examined) {
		let mut examined = Examined::default();
		let Some(resolved) = Self::resolve(patient, &AccessTarget::Record(record)) else {
			return (None, examined);
		};
		let now = T::Time::now();
		let org = T::Organizations::organization_of(grantee);
		// A grant serves for the purposes no deny against the grantee or its organization
		// refuses (no emergency access is involved here).
		let denies =
			Self::denies_applying(patient, grantee, org, &resolved, Action::Read, &mut examined);
		let refused = |purpose: &Purpose| denies.iter().any(|deny| deny.covers_purpose(*purpose));
		let permits =
			|grant: &Grant<T>| Self::match_grant(grant, &resolved, None, Action::Read, now).is_ok();
		let read = |id: &GrantId, examined: &mut Examined| {
			examined.grants = examined.grants.saturating_add(1);
			Grants::<T>::get(id)
		};
		let direct = GrantsByPair::<T>::get(patient, Grantee::Account(grantee.clone()));
		let found = direct.into_iter().find(|id| {
			read(id, &mut examined).is_some_and(|g| permits(&g) && !g.purposes.iter().all(refused))
		});
		if let Some(id) = found {
			if Self::acts_for_active_org(grantee) {
				return (Some(id), examined);
			}
		}
		let Some(org) = org else { return (None, examined) };
		let found =
			GrantsByPair::<T>::get(patient, Grantee::Organization(org)).into_iter().find(|id| {
				read(id, &mut examined).is_some_and(|g| {
					permits(&g)
						&& g.purposes
							.iter()
							.any(|p| !refused(p) && Self::member_entitled(org, grantee, *p))
				})
			});
		(found, examined)
	}
}

impl<T: Config> ConsentInspect<T::AccountId> for Pallet<T> {
	fn check_access(
		patient: &T::AccountId,
		accessor: &T::AccountId,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> AccessDecision {
		Self::evaluate(patient, accessor, target, purpose, action).0
	}

	fn check_access_weighed(
		patient: &T::AccountId,
		accessor: &T::AccountId,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> (AccessDecision, Weight) {
		let (decision, examined) = Self::evaluate(patient, accessor, target, purpose, action);
		(decision, Self::decision_weight_beyond_least(examined))
	}

	fn read_grant_for(
		patient: &T::AccountId,
		grantee: &T::AccountId,
		record: RecordId,
	) -> Option<GrantId> {
		Self::do_read_grant_for(patient, grantee, record).0
	}

	fn read_grant_for_weighed(
		patient: &T::AccountId,
		grantee: &T::AccountId,
		record: RecordId,
	) -> (Option<GrantId>, Weight) {
		let (grant, examined) = Self::do_read_grant_for(patient, grantee, record);
		(grant, Self::decision_weight_beyond_least(examined))
	}

	fn is_grant_live(grant: GrantId) -> bool {
		Grants::<T>::get(grant).is_some_and(|g| g.validity.is_valid_at(T::Time::now()))
	}

	fn acts_for(patient: &T::AccountId, who: &T::AccountId) -> bool {
		patient == who || Self::is_guardian(patient, who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(patient: &T::AccountId, grantee: &T::AccountId) -> GrantId {
		let grant = Grant::<T> {
			patient: patient.clone(),
			grantor: patient.clone(),
			grantee: Grantee::Account(grantee.clone()),
			purposes: healthchain_primitives::role_set(&Purpose::ALL),
			actions: healthchain_primitives::role_set(&Action::ALL),
			scope: Scope::AllRecords,
			data_period: None,
			validity: Validity { from: 0, until: None },
			exceptions: Default::default(),
			created_at: T::Time::now(),
			deposit: Default::default(),
		};
		// Benchmark set-up: the pair index of a fresh (patient, grantee) pair has room.
		Self::insert_grant(grant).expect("benchmark grant fits its pair index")
	}
}
