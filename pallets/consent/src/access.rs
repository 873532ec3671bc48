//! The access decision and the [`ConsentInspect`] implementation.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	traits::{Get, Time},
	weights::Weight,
};
use healthchain_primitives::{
	blind::period_covers, AccessBasis, AccessDecision, AccessTarget, Action, BlindFacts,
	ConsentInspect, DenialReason, DenyId, EmergencyId, GrantId, MemberRole, Moment, OrgId, OrgRole,
	OrganizationsInspect, Purpose, RecordId, RecordsInspect, Tag,
};

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

/// The organization roles of which an organization must hold one for its members to use a
/// grant for `purpose`.
pub(crate) fn org_roles_for(purpose: Purpose) -> &'static [OrgRole] {
	match purpose {
		Purpose::Treatment | Purpose::EmergencyTreatment => &[OrgRole::Provider],
		Purpose::Research => &[OrgRole::Researcher],
		Purpose::Payment => &[OrgRole::Payer],
		Purpose::Operations => &[OrgRole::Provider, OrgRole::Payer],
		Purpose::PublicHealth => &[OrgRole::Regulator],
	}
}

/// The member roles of which a member must hold one to use an organization grant for
/// `purpose`; `None` means any role.
pub(crate) fn member_roles_for(purpose: Purpose) -> Option<&'static [MemberRole]> {
	match purpose {
		Purpose::Treatment => Some(&[MemberRole::Clinician, MemberRole::EmergencyClinician]),
		Purpose::EmergencyTreatment => {
			Some(&[MemberRole::EmergencyClinician, MemberRole::Clinician])
		},
		Purpose::Research => Some(&[MemberRole::Researcher]),
		Purpose::Payment | Purpose::Operations => Some(&[MemberRole::Staff]),
		Purpose::PublicHealth => None,
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
			|| !org_roles_for(purpose).iter().any(|role| T::Organizations::holds_role(org, *role))
		{
			return false;
		}
		let Some(roles) = T::Organizations::member_roles(org, who) else { return false };
		match member_roles_for(purpose) {
			Some(needed) => needed.iter().any(|role| roles.contains(role)),
			None => !roles.is_empty(),
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

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(patient: &T::AccountId, grantee: &T::AccountId) -> GrantId {
		let grant = Grant::<T> {
			patient: patient.clone(),
			grantor: patient.clone(),
			grantee: Grantee::Account(grantee.clone()),
			purposes: healthchain_primitives::role_set(&ALL_PURPOSES),
			actions: healthchain_primitives::role_set(&[Action::Read, Action::Append]),
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
