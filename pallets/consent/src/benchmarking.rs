//! Benchmarks of the consent pallet, each with its worst case: the caller found last among a
//! full set of guardians, grants to an organization whose pair index is full, every purpose,
//! the most scope items and the largest exceptions (data periods of the most tags), and
//! decisions that compare every tag before they match, after testing every deny provision of
//! the patient to its end.

use super::*;
use crate::Pallet as Consent;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungible::{Inspect, Mutate},
		Get, Hooks, Time,
	},
	weights::Weight,
	BoundedVec,
};
use frame_system::RawOrigin;
use healthchain_primitives::{
	blind::{DATE_LEVELS, LABEL_SLOTS, MAX_PERIOD_TAGS},
	role_set, AccessTarget, Action, BlindFacts, DenyId, GrantId, MemberRole, Moment, OrgId,
	OrgRole, OrganizationsInspect, PeriodTags, Purpose, RecordId, RecordsInspect, Tag,
};
use sp_runtime::traits::Saturating;

const DAY: Moment = 86_400_000;

/// Gives `who` enough for every deposit a benchmark takes.
fn fund<T: Config>(who: &T::AccountId) {
	let amount = T::Currency::minimum_balance()
		.saturating_mul(1_000u32.into())
		.saturating_add(T::DepositBase::get().saturating_mul(1_000u32.into()))
		.saturating_add(T::DepositPerByte::get().saturating_mul(1_000_000u32.into()))
		.saturating_add(T::GuardianDeposit::get().saturating_mul(1_000u32.into()))
		.saturating_add(T::EmergencyDeposit::get().saturating_mul(1_000u32.into()));
	T::Currency::set_balance(who, amount);
}

/// A tag, distinct per `seed`. The chain only compares tags, so any bytes serve.
fn tag(seed: u32) -> Tag {
	let mut tag = [0xA5u8; 16];
	for (slot, byte) in tag.iter_mut().zip(seed.to_le_bytes()) {
		*slot = byte;
	}
	tag
}

/// A period of the most tags, from seed `first` on, whose last tag is `last` if given.
fn period(first: u32, last: Option<Tag>) -> PeriodTags {
	let mut tags: Vec<Tag> = (0..MAX_PERIOD_TAGS).map(|i| tag(first.saturating_add(i))).collect();
	if let (Some(slot), Some(last)) = (tags.last_mut(), last) {
		*slot = last;
	}
	BoundedVec::truncate_from(tags)
}

/// Seeds of the tags of the blind facts, apart from the ones the terms use.
const FACTS_SEED: u32 = 1_000_000;

/// The blind facts of the benchmarks' records, distinct per `i`.
fn blind_facts(i: u32) -> BlindFacts {
	let seed = FACTS_SEED.saturating_add(i.saturating_mul(100));
	BlindFacts {
		category: tag(seed),
		labels: core::array::from_fn(|slot| tag(seed.saturating_add(1 + slot as u32))),
		dates: core::array::from_fn(|level| {
			tag(seed.saturating_add(1 + LABEL_SLOTS as u32 + level as u32))
		}),
	}
}

/// Every purpose and action, `s` categories, a data period and `e` data-period exceptions of
/// the most tags, ending in a day.
fn worst_terms<T: Config>(s: u32, e: u32) -> GrantTermsOf<T> {
	let categories: Vec<Tag> = (0..s).map(tag).collect();
	let exceptions: Vec<Exception> = (0..e)
		.map(|i| {
			Exception::DataPeriod(period(20_000u32.saturating_add(i.saturating_mul(100)), None))
		})
		.collect();
	GrantTerms {
		purposes: role_set(&Purpose::ALL),
		actions: role_set(&Action::ALL),
		scope: Scope::Categories(BoundedVec::truncate_from(categories)),
		data_period: Some(period(10_000, None)),
		valid_from: None,
		valid_until: Some(T::Time::now().saturating_add(DAY)),
		open_ended: false,
		exceptions: BoundedVec::truncate_from(exceptions),
	}
}

/// A small open-ended grant, stored without deposit.
fn plain_grant<T: Config>(
	patient: &T::AccountId,
	grantee: Grantee<T::AccountId>,
	exceptions: Vec<Exception>,
) -> Grant<T> {
	Grant {
		patient: patient.clone(),
		grantor: patient.clone(),
		grantee,
		purposes: role_set(&Purpose::ALL),
		actions: role_set(&Action::ALL),
		scope: Scope::AllRecords,
		data_period: None,
		validity: Validity { from: 0, until: None },
		exceptions: BoundedVec::truncate_from(exceptions),
		created_at: 0,
		deposit: 0u32.into(),
	}
}

/// A grant to `grantee` that a decision about a record with `facts` tests to the end: the
/// record's category is the last of the scope, its top date tag the last of the data period,
/// and every exception is a data period of the most tags that shares none of the record's
/// dates, but for the last exception, which excepts the record's category if `excepts`.
fn decision_grant<T: Config>(
	patient: &T::AccountId,
	grantee: Grantee<T::AccountId>,
	facts: &BlindFacts,
	excepts: bool,
) -> Grant<T> {
	let others = T::MaxScopeItems::get().saturating_sub(1);
	let categories: Vec<Tag> = (0..others).map(tag).chain([facts.category]).collect();
	let mut exceptions: Vec<Exception> = (0..T::MaxExceptions::get())
		.map(|i| {
			Exception::DataPeriod(period(20_000u32.saturating_add(i.saturating_mul(100)), None))
		})
		.collect();
	if let (true, Some(last)) = (excepts, exceptions.last_mut()) {
		*last = Exception::Category(facts.category);
	}
	let mut grant = plain_grant::<T>(patient, grantee, exceptions);
	grant.scope = Scope::Categories(BoundedVec::truncate_from(categories));
	grant.data_period = Some(period(10_000, facts.dates.get(DATE_LEVELS - 1).copied()));
	grant
}

/// Fills the pair index of (patient, grantee) with `n` plain grants.
fn fill_pair<T: Config>(patient: &T::AccountId, grantee: &Grantee<T::AccountId>, n: u32) {
	for _ in 0..n {
		Consent::<T>::insert_grant(plain_grant::<T>(patient, grantee.clone(), Vec::new()))
			.expect("the pair index holds MaxGrantsPerPair grants");
	}
}

/// Appoints `MaxGuardians - 1` other guardians of `patient`, then `last` if given.
fn fill_guardians<T: Config>(patient: &T::AccountId, last: Option<&T::AccountId>) {
	for i in 0..T::MaxGuardians::get().saturating_sub(1) {
		Consent::<T>::do_appoint_guardian(patient.clone(), account("guardian", i, 0))
			.expect("the patient is funded and has room for guardians");
	}
	if let Some(last) = last {
		Consent::<T>::do_appoint_guardian(patient.clone(), last.clone())
			.expect("the patient is funded and has room for the last guardian");
	}
}

/// An active organization with `roles` and a member `who` holding `member_roles`.
fn org_with_member<T: Config>(
	seed: u32,
	roles: &[OrgRole],
	who: &T::AccountId,
	member_roles: &[MemberRole],
) -> OrgId {
	let admin: T::AccountId = account("admin", seed, 0);
	let org = T::Organizations::benchmark_organization(&admin, roles);
	T::Organizations::benchmark_member(org, who, member_roles);
	org
}

/// Rewrites a grant's validity so that it has expired now.
fn force_expire<T: Config>(id: GrantId) {
	let now = T::Time::now();
	Grants::<T>::mutate(id, |maybe_grant| {
		if let Some(grant) = maybe_grant {
			if let Some(until) = grant.validity.until {
				ExpiryQueue::<T>::remove(expiry_key(until), id);
			}
			grant.validity = Validity { from: 0, until: Some(now) };
			ExpiryQueue::<T>::insert(expiry_key(now), id, ());
		}
	});
}

/// A grant from a patient with a full guardian list (the guardian `caller` last) to an
/// organization whose pair index is full, with the worst terms. Returns (patient, grant id).
fn worst_grant<T: Config>(caller: &T::AccountId) -> (T::AccountId, GrantId) {
	let patient: T::AccountId = account("patient", 0, 0);
	fund::<T>(&patient);
	fund::<T>(caller);
	fill_guardians::<T>(&patient, Some(caller));
	let member: T::AccountId = account("member", 0, 0);
	let org = org_with_member::<T>(0, &[OrgRole::Provider], &member, &[MemberRole::Clinician]);
	let grantee = Grantee::Organization(org);
	fill_pair::<T>(&patient, &grantee, T::MaxGrantsPerPair::get().saturating_sub(1));
	let id = Consent::<T>::do_grant(
		caller.clone(),
		patient.clone(),
		grantee,
		worst_terms::<T>(T::MaxScopeItems::get(), T::MaxExceptions::get()),
	)
	.expect("worst-case grant is valid and funded");
	(patient, id)
}

/// `n` grants of the worst terms that `guardian` makes for `patient`, each to another account.
fn guardian_grants<T: Config>(patient: &T::AccountId, guardian: &T::AccountId, n: u32) {
	fund::<T>(guardian);
	for i in 0..n {
		Consent::<T>::do_grant(
			guardian.clone(),
			patient.clone(),
			Grantee::Account(account("grantee", i, 0)),
			worst_terms::<T>(T::MaxScopeItems::get(), T::MaxExceptions::get()),
		)
		.expect("the guardian is funded and has room for its grants");
	}
}

/// Deny terms of the most items: every purpose and action, `MaxScopeItems` categories and as
/// many labels.
fn worst_deny_terms<T: Config>() -> DenyTermsOf<T> {
	let categories: Vec<Tag> = (0..T::MaxScopeItems::get()).map(tag).collect();
	let labels: Vec<Tag> =
		(0..T::MaxScopeItems::get()).map(|i| tag(30_000u32.saturating_add(i))).collect();
	DenyTerms {
		purposes: role_set(&Purpose::ALL),
		actions: role_set(&Action::ALL),
		scope: Scope::Categories(BoundedVec::truncate_from(categories)),
		labels: BoundedVec::truncate_from(labels),
	}
}

/// Deny terms that a decision about a record with `facts` tests to the end without refusing:
/// every purpose and action, the record's category last of the scope, and the most labels,
/// none of which the record carries.
fn decision_deny_terms<T: Config>(facts: &BlindFacts) -> DenyTermsOf<T> {
	let mut terms = worst_deny_terms::<T>();
	let others = T::MaxScopeItems::get().saturating_sub(1);
	let categories: Vec<Tag> = (0..others).map(tag).chain([facts.category]).collect();
	terms.scope = Scope::Categories(BoundedVec::truncate_from(categories));
	terms
}

/// Records `n` denies of `patient` against `actor` with `terms`, paid by the patient.
fn fill_denies<T: Config>(
	patient: &T::AccountId,
	actor: &Grantee<T::AccountId>,
	terms: &DenyTermsOf<T>,
	n: u32,
) {
	for _ in 0..n {
		Consent::<T>::do_deny(patient.clone(), patient.clone(), actor.clone(), terms.clone())
			.expect("the patient is funded and has room for its denies");
	}
}

/// A patient with a full guardian list (the guardian `caller` last) and a full deny list, all
/// against an organization; the last deny, of the worst terms, made by `caller`. Returns
/// (patient, the last deny's id).
fn worst_deny<T: Config>(caller: &T::AccountId) -> (T::AccountId, DenyId) {
	let patient: T::AccountId = account("patient", 0, 0);
	fund::<T>(&patient);
	fund::<T>(caller);
	fill_guardians::<T>(&patient, Some(caller));
	let member: T::AccountId = account("member", 0, 0);
	let org = org_with_member::<T>(0, &[OrgRole::Provider], &member, &[MemberRole::Clinician]);
	let actor = Grantee::Organization(org);
	let terms = worst_deny_terms::<T>();
	fill_denies::<T>(&patient, &actor, &terms, T::MaxDeniesPerPatient::get().saturating_sub(1));
	let id = Consent::<T>::do_deny(caller.clone(), patient.clone(), actor, terms)
		.expect("worst-case deny is valid and funded");
	(patient, id)
}

/// A clinician of an active provider who opened an emergency access to a fresh patient.
fn opened_emergency<T: Config>(
	clinician: &T::AccountId,
) -> (T::AccountId, healthchain_primitives::EmergencyId) {
	let patient: T::AccountId = account("patient", 0, 0);
	fund::<T>(&patient);
	let org =
		org_with_member::<T>(0, &[OrgRole::Provider], clinician, &[MemberRole::EmergencyClinician]);
	// The emergency deposit is held from the organization's admin.
	let admin = T::Organizations::admin(org).expect("the benchmark organization has an admin");
	fund::<T>(&admin);
	let id = NextEmergencyId::<T>::get();
	Consent::<T>::do_open_emergency_access(
		clinician.clone(),
		patient.clone(),
		[7u8; 32],
		T::MaxEmergencyDuration::get(),
	)
	.expect("the clinician may break the glass");
	(patient, id)
}

/// Rewrites an emergency access so that it has expired now.
fn force_expire_emergency<T: Config>(id: healthchain_primitives::EmergencyId) {
	let now = T::Time::now();
	EmergencyAccesses::<T>::mutate(id, |maybe_access| {
		if let Some(access) = maybe_access {
			access.opened_at = now.saturating_sub(1);
			access.expires_at = now;
		}
	});
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// `r` is the number of record ids the terms name, each read and replaced by its chain. A
	// named record takes the place of a scope item or an exception, so it cannot vary apart from
	// `s` and `e` inside the terms; the benchmark reads `r` records next to terms of the costliest
	// other items, which keeps the three components independent and the sum an upper bound.
	#[benchmark]
	fn grant(
		s: Linear<1, { T::MaxScopeItems::get() }>,
		e: Linear<0, { T::MaxExceptions::get() }>,
		r: Linear<0, { T::MaxScopeItems::get().saturating_add(T::MaxExceptions::get()) }>,
	) {
		let caller: T::AccountId = whitelisted_caller();
		let patient: T::AccountId = account("patient", 0, 0);
		fund::<T>(&patient);
		fund::<T>(&caller);
		fill_guardians::<T>(&patient, Some(&caller));
		let member: T::AccountId = account("member", 0, 0);
		let org = org_with_member::<T>(0, &[OrgRole::Provider], &member, &[MemberRole::Clinician]);
		let grantee = Grantee::Organization(org);
		fill_pair::<T>(&patient, &grantee, T::MaxGrantsPerPair::get().saturating_sub(1));
		let terms = worst_terms::<T>(s, e);
		let mut listed: Vec<RecordId> =
			(0..r).map(|i| T::Records::benchmark_record(&patient, blind_facts(i))).collect();

		#[block]
		{
			Consent::<T>::to_chains(&patient, listed.iter_mut())
				.expect("the listed records are the patient's");
			Consent::<T>::grant(
				RawOrigin::Signed(caller).into(),
				Some(patient.clone()),
				grantee.clone(),
				terms,
			)
			.expect("worst-case grant is valid and funded");
		}

		assert_eq!(
			GrantsByPair::<T>::get(&patient, &grantee).len() as u32,
			T::MaxGrantsPerPair::get()
		);
	}

	#[benchmark]
	fn revoke() {
		let caller: T::AccountId = whitelisted_caller();
		let (_, id) = worst_grant::<T>(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Grants::<T>::contains_key(id));
	}

	#[benchmark]
	fn remove_expired() {
		let guardian: T::AccountId = account("acting-guardian", 0, 0);
		let (_, id) = worst_grant::<T>(&guardian);
		force_expire::<T>(id);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Grants::<T>::contains_key(id));
	}

	#[benchmark]
	fn on_idle_expire(n: Linear<0, 50>) {
		let patient: T::AccountId = account("patient", 0, 0);
		fund::<T>(&patient);
		for i in 0..n {
			let grantee = Grantee::Account(account("grantee", i, 0));
			let id = Consent::<T>::do_grant(
				patient.clone(),
				patient.clone(),
				grantee,
				worst_terms::<T>(T::MaxScopeItems::get(), T::MaxExceptions::get()),
			)
			.expect("grant is valid and funded");
			force_expire::<T>(id);
		}
		let block = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Consent::<T>::on_idle(block, Weight::MAX);
		}

		assert_eq!(ExpiryQueue::<T>::iter_keys().count(), 0);
	}

	#[benchmark]
	fn appoint_guardian() {
		let patient: T::AccountId = whitelisted_caller();
		fund::<T>(&patient);
		fill_guardians::<T>(&patient, None);
		let guardian: T::AccountId = account("new-guardian", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), guardian);

		assert_eq!(Guardians::<T>::get(&patient).len() as u32, T::MaxGuardians::get());
	}

	// The guardian made `g` grants of the worst terms to accounts: each is revoked, which
	// touches every index of a grant and releases the guardian's deposit.
	#[benchmark]
	fn remove_guardian(g: Linear<0, { T::MaxGrantsPerGuardian::get() }>) {
		let patient: T::AccountId = whitelisted_caller();
		fund::<T>(&patient);
		let last: T::AccountId = account("last-guardian", 0, 0);
		fill_guardians::<T>(&patient, Some(&last));
		guardian_grants::<T>(&patient, &last, g);

		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), last.clone());

		assert!(!Consent::<T>::is_guardian(&patient, &last));
		assert!(!GuardianGrants::<T>::contains_key(&patient, &last));
	}

	#[benchmark]
	fn resign_guardian(g: Linear<0, { T::MaxGrantsPerGuardian::get() }>) {
		let patient: T::AccountId = account("patient", 0, 0);
		fund::<T>(&patient);
		let last: T::AccountId = whitelisted_caller();
		fill_guardians::<T>(&patient, Some(&last));
		guardian_grants::<T>(&patient, &last, g);

		#[extrinsic_call]
		_(RawOrigin::Signed(last.clone()), patient.clone());

		assert!(!Consent::<T>::is_guardian(&patient, &last));
		assert!(!GuardianGrants::<T>::contains_key(&patient, &last));
	}

	#[benchmark]
	fn open_emergency_access() {
		let clinician: T::AccountId = whitelisted_caller();
		// An earlier access to the same patient that has expired, and one opening left in each
		// window (the clinician's, its organization's, the patient's): every check reads and
		// passes, and the deposit is held from the admin.
		let (patient, earlier) = opened_emergency::<T>(&clinician);
		force_expire_emergency::<T>(earlier);
		let org = EmergencyAccesses::<T>::get(earlier).expect("opened above").org;
		let last_one =
			|max: u32| RateWindow { start: T::Time::now(), count: max.saturating_sub(1) };
		EmergencyRate::<T>::insert(&clinician, last_one(T::MaxEmergencyPerWindow::get()));
		EmergencyRateOfOrganization::<T>::insert(
			org,
			last_one(T::MaxEmergencyPerOrganization::get()),
		);
		EmergencyRateOfPatient::<T>::insert(&patient, last_one(T::MaxEmergencyPerPatient::get()));
		let duration = T::MaxEmergencyDuration::get();

		#[extrinsic_call]
		_(RawOrigin::Signed(clinician.clone()), patient.clone(), [9u8; 32], duration);

		let id = earlier.saturating_add(1);
		assert_eq!(OpenEmergency::<T>::get(&clinician, &patient), Some(id));
		assert!(EmergencyDeposits::<T>::contains_key(id));
	}

	#[benchmark]
	fn close_emergency_access() {
		let clinician: T::AccountId = whitelisted_caller();
		let (_, id) = opened_emergency::<T>(&clinician);

		#[extrinsic_call]
		_(RawOrigin::Signed(clinician), id);

		assert!(EmergencyAccesses::<T>::get(id).is_some_and(|a| a.closed_at.is_some()));
	}

	// The first review, by the oversight side (an auditor is found after the patient's full list
	// of guardians is read), which also releases the deposit.
	#[benchmark]
	fn review_emergency_access() {
		let clinician: T::AccountId = account("clinician", 0, 0);
		let (patient, id) = opened_emergency::<T>(&clinician);
		Consent::<T>::do_close_emergency_access(clinician, id).expect("the opener closes it");
		fill_guardians::<T>(&patient, None);
		let reviewer: T::AccountId = whitelisted_caller();
		org_with_member::<T>(1, &[OrgRole::Regulator], &reviewer, &[MemberRole::Auditor]);

		#[extrinsic_call]
		_(RawOrigin::Signed(reviewer), id, ReviewVerdict::Justified, [3u8; 32]);

		assert!(EmergencyAccesses::<T>::get(id).is_some_and(|a| a.oversight_review.is_some()));
		assert!(!EmergencyDeposits::<T>::contains_key(id));
	}

	#[benchmark]
	fn log_access(n: Linear<0, { T::MaxGrantsPerPair::get().saturating_mul(2) }>) {
		let accessor: T::AccountId = whitelisted_caller();
		let patient: T::AccountId = account("patient", 0, 0);
		fund::<T>(&patient);
		fill_guardians::<T>(&patient, None);
		// A staff member: not entitled to the organization's grants for emergency treatment.
		let org = org_with_member::<T>(0, &[OrgRole::Provider], &accessor, &[MemberRole::Staff]);
		let now = T::Time::now();
		let facts = blind_facts(0);
		let record = T::Records::benchmark_record(&patient, facts.clone());
		// An expired emergency access of the accessor to the patient, read and refused.
		let emergency = NextEmergencyId::<T>::get();
		NextEmergencyId::<T>::put(emergency.saturating_add(1));
		EmergencyAccesses::<T>::insert(
			emergency,
			EmergencyAccess {
				patient: patient.clone(),
				clinician: accessor.clone(),
				org,
				justification: [0u8; 32],
				opened_at: now.saturating_sub(1),
				expires_at: now,
				closed_at: None,
				patient_review: None,
				oversight_review: None,
			},
		);
		EmergencyOfPatient::<T>::insert(&patient, emergency, ());
		OpenEmergency::<T>::insert(&accessor, &patient, emergency);
		// Deny provisions against the accessor and against its organization, the patient's
		// most, each tested to its end (the last label) and refusing nothing.
		let deny_terms = decision_deny_terms::<T>(&facts);
		let max_denies = T::MaxDeniesPerPatient::get();
		let against_account = max_denies / 2;
		let own = Grantee::Account(accessor.clone());
		fill_denies::<T>(&patient, &own, &deny_terms, against_account);
		let org_actor = Grantee::Organization(org);
		fill_denies::<T>(
			&patient,
			&org_actor,
			&deny_terms,
			max_denies.saturating_sub(against_account),
		);
		// Grants to the accessor fail at the last test (the last exception); grants to the
		// organization pass every test and fail on entitlement.
		let direct = n.min(T::MaxGrantsPerPair::get());
		for _ in 0..direct {
			let grantee = Grantee::Account(accessor.clone());
			Consent::<T>::insert_grant(decision_grant::<T>(&patient, grantee, &facts, true))
				.expect("room in the pair index");
		}
		for _ in 0..n.saturating_sub(direct) {
			let grantee = Grantee::Organization(org);
			Consent::<T>::insert_grant(decision_grant::<T>(&patient, grantee, &facts, false))
				.expect("room in the pair index");
		}

		#[extrinsic_call]
		_(
			RawOrigin::Signed(accessor),
			patient.clone(),
			AccessTarget::Record(record),
			Purpose::EmergencyTreatment,
			Action::Read,
		);

		assert_eq!(AccessCounters::<T>::get(&patient).denied, 1);
	}

	// `r` record ids named by a `Records` scope, each read and replaced by its chain, next to
	// terms of the most categories and labels (as for `grant`, the sum is an upper bound). The
	// caller is the last of a full guardian list; the patient's deny list and the pair's are
	// one short of full.
	#[benchmark]
	fn deny(r: Linear<0, { T::MaxScopeItems::get() }>) {
		let caller: T::AccountId = whitelisted_caller();
		let patient: T::AccountId = account("patient", 0, 0);
		fund::<T>(&patient);
		fund::<T>(&caller);
		fill_guardians::<T>(&patient, Some(&caller));
		let member: T::AccountId = account("member", 0, 0);
		let org = org_with_member::<T>(0, &[OrgRole::Provider], &member, &[MemberRole::Clinician]);
		let actor = Grantee::Organization(org);
		let terms = worst_deny_terms::<T>();
		fill_denies::<T>(&patient, &actor, &terms, T::MaxDeniesPerPatient::get().saturating_sub(1));
		let mut listed: Vec<RecordId> =
			(0..r).map(|i| T::Records::benchmark_record(&patient, blind_facts(i))).collect();

		#[block]
		{
			Consent::<T>::to_chains(&patient, listed.iter_mut())
				.expect("the listed records are the patient's");
			Consent::<T>::deny(
				RawOrigin::Signed(caller).into(),
				Some(patient.clone()),
				actor.clone(),
				terms,
			)
			.expect("worst-case deny is valid and funded");
		}

		assert_eq!(
			DeniesByPair::<T>::get(&patient, &actor).len() as u32,
			T::MaxDeniesPerPatient::get()
		);
	}

	#[benchmark]
	fn revoke_deny() {
		let caller: T::AccountId = whitelisted_caller();
		let (_, id) = worst_deny::<T>(&caller);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);

		assert!(!Denies::<T>::contains_key(id));
	}

	impl_benchmark_test_suite!(Consent, crate::mock::ExtBuilder.build(), crate::mock::Test);
}
