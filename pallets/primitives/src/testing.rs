//! Test doubles of the cross-pallet traits, for pallets' mock runtimes (`std` only).
//!
//! Both keep their state in thread-local tables, so each test (each test runs on its own
//! thread) starts with none; a mock runtime's externalities builder clears them as well.
//!
//! [`MockOrganizations`], an [`OrganizationsInspect`]: pallet tests set it up with
//! [`MockOrganizations::add`] and [`MockOrganizations::add_member`], and give organizations
//! GS1 company prefixes with [`MockOrganizations::set_company_prefixes`].
//!
//! [`MockConsent`], a [`ConsentInspect`] whose grants the tests set:
//! - grants from a patient to an account ([`MockConsent::grant`], [`MockConsent::grant_for`])
//!   or to an organization ([`MockConsent::grant_to_organization`]), whose members use it as
//!   `pallet-consent` lets them, by the roles [`MockOrganizations`] gives them;
//! - each grant for some purposes (every purpose unless the test names them) and actions,
//!   optionally limited to categories ([`MockConsent::limit_to`]) and to a data period
//!   ([`MockConsent::grant_with_period`]), checked against the blind facts of a registered
//!   record when the mock runtime names its [`RecordsInspect`];
//! - grants made live or not ([`MockConsent::set_live`]) and revoked
//!   ([`MockConsent::revoke`], [`MockConsent::revoke_all`]), telling the mock runtime's
//!   [`OnGrantEnded`] as `pallet-consent` does;
//! - guardians ([`MockConsent::appoint_guardian`]), the denial to answer when no grant applies
//!   ([`MockConsent::deny_with`]), the weight each decision reports
//!   ([`MockConsent::weigh_decisions`]), and the last question asked
//!   ([`MockConsent::last_check`]).
//!
//! A mock runtime without a records pallet uses `MockConsent` as it is; one with a records
//! pallet names it, e.g. `testing::MockConsent<Records, Records>` for its facts and its
//! `OnGrantEnded`.

use crate::*;
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use core::{cell::RefCell, marker::PhantomData};
use frame_support::weights::Weight;

#[derive(Clone)]
struct MockOrg {
	admin: u64,
	roles: OrgRoles,
	status: OrgStatus,
	members: BTreeMap<u64, MemberRoles>,
	company_prefixes: Vec<Vec<u8>>,
}

std::thread_local! {
	static ORGS: RefCell<BTreeMap<OrgId, MockOrg>> = const { RefCell::new(BTreeMap::new()) };
}

/// An [`OrganizationsInspect`] for mock runtimes whose `AccountId` is `u64`.
pub struct MockOrganizations;

impl MockOrganizations {
	/// Adds an active organization `org` administered by `admin` (also a member, no roles).
	pub fn add(org: OrgId, admin: u64, roles: &[OrgRole]) {
		ORGS.with(|orgs| {
			let mut members = BTreeMap::new();
			members.insert(admin, MemberRoles::new());
			orgs.borrow_mut().insert(
				org,
				MockOrg {
					admin,
					roles: role_set(roles),
					status: OrgStatus::Active,
					members,
					company_prefixes: Vec::new(),
				},
			);
		});
	}

	/// Makes `who` a member of `org` with `roles`. Does nothing if `org` does not exist.
	pub fn add_member(org: OrgId, who: u64, roles: &[MemberRole]) {
		ORGS.with(|orgs| {
			if let Some(o) = orgs.borrow_mut().get_mut(&org) {
				o.members.insert(who, role_set(roles));
			}
		});
	}

	/// Removes `who` from `org`.
	pub fn remove_member(org: OrgId, who: u64) {
		ORGS.with(|orgs| {
			if let Some(o) = orgs.borrow_mut().get_mut(&org) {
				o.members.remove(&who);
			}
		});
	}

	/// Sets the status of `org`.
	pub fn set_status(org: OrgId, status: OrgStatus) {
		ORGS.with(|orgs| {
			if let Some(o) = orgs.borrow_mut().get_mut(&org) {
				o.status = status;
			}
		});
	}

	/// Replaces the GS1 company prefixes of `org`, taking each from any other organization
	/// holding it (a prefix has one holder). Does nothing if `org` does not exist. Unlike
	/// `pallet-organizations`, it does not check the prefixes' form or overlaps.
	pub fn set_company_prefixes(org: OrgId, prefixes: &[&[u8]]) {
		ORGS.with(|orgs| {
			let mut orgs = orgs.borrow_mut();
			if !orgs.contains_key(&org) {
				return;
			}
			for o in orgs.values_mut() {
				o.company_prefixes.retain(|held| !prefixes.contains(&held.as_slice()));
			}
			if let Some(o) = orgs.get_mut(&org) {
				o.company_prefixes = prefixes.iter().map(|p| p.to_vec()).collect();
			}
		});
	}

	/// Forgets every organization.
	pub fn clear() {
		ORGS.with(|orgs| orgs.borrow_mut().clear());
	}

	fn with_org<R>(org: OrgId, f: impl FnOnce(&MockOrg) -> R) -> Option<R> {
		ORGS.with(|orgs| orgs.borrow().get(&org).map(f))
	}
}

impl OrganizationsInspect<u64> for MockOrganizations {
	fn organization_of(who: &u64) -> Option<OrgId> {
		ORGS.with(|orgs| {
			orgs.borrow().iter().find(|(_, o)| o.members.contains_key(who)).map(|(id, _)| *id)
		})
	}

	fn status(org: OrgId) -> Option<OrgStatus> {
		Self::with_org(org, |o| o.status)
	}

	fn holds_role(org: OrgId, role: OrgRole) -> bool {
		Self::with_org(org, |o| o.roles.contains(&role)).unwrap_or(false)
	}

	fn admin(org: OrgId) -> Option<u64> {
		Self::with_org(org, |o| o.admin)
	}

	fn member_roles(org: OrgId, who: &u64) -> Option<MemberRoles> {
		Self::with_org(org, |o| o.members.get(who).cloned()).flatten()
	}

	fn holds_company_prefix(org: OrgId, key_digits: &[u8]) -> bool {
		Self::with_org(org, |o| o.company_prefixes.iter().any(|p| key_digits.starts_with(p)))
			.unwrap_or(false)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_organization(admin: &u64, roles: &[OrgRole]) -> OrgId {
		let id = ORGS.with(|orgs| orgs.borrow().keys().last().map_or(1, |last| last + 1));
		Self::add(id, *admin, roles);
		id
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_member(org: OrgId, who: &u64, roles: &[MemberRole]) {
		Self::add_member(org, *who, roles);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_company_prefix(org: OrgId, prefix: &[u8]) {
		let mut held = Self::with_org(org, |o| o.company_prefixes.clone()).unwrap_or_default();
		if !held.iter().any(|p| p.as_slice() == prefix) {
			held.push(prefix.to_vec());
		}
		let held: Vec<&[u8]> = held.iter().map(|p| p.as_slice()).collect();
		Self::set_company_prefixes(org, &held);
	}
}

/// A grant's grantee.
#[derive(Clone, Copy, PartialEq, Eq)]
enum MockGrantee {
	Account(u64),
	Organization(OrgId),
}

#[derive(Clone)]
struct MockGrant {
	patient: u64,
	grantee: MockGrantee,
	purposes: Vec<Purpose>,
	actions: Vec<Action>,
	/// The categories it is limited to (`None`: every category).
	categories: Option<BTreeSet<Tag>>,
	/// Its data period, if it has one.
	period: Option<PeriodTags>,
	/// Whether it is valid now.
	live: bool,
}

#[derive(Default)]
struct ConsentState {
	/// Every grant not revoked, by id.
	grants: BTreeMap<GrantId, MockGrant>,
	/// Next grant id.
	next: GrantId,
	/// `(patient, guardian)` pairs.
	guardians: BTreeSet<(u64, u64)>,
	/// What to answer when no grant from `patient` to `accessor` applies.
	denials: BTreeMap<(u64, u64), DenialReason>,
	/// The last `check_access` question.
	last_check: Option<(u64, u64, AccessTarget, Purpose, Action)>,
	/// The weight `check_access_weighed` and `read_grant_for_weighed` report (`None`: the
	/// trait's default).
	decision_weight: Option<Weight>,
}

std::thread_local! {
	static CONSENT: RefCell<ConsentState> = RefCell::new(ConsentState::default());
}

/// A [`RecordsInspect`] that knows no records, for mock runtimes without a records pallet.
pub struct NoRecords;

impl RecordsInspect<u64> for NoRecords {
	fn record_facts(_: RecordId) -> Option<RecordFacts<u64>> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_record(_: &u64, _: BlindFacts) -> RecordId {
		unimplemented!("NoRecords registers no records")
	}
}

/// A [`ConsentInspect`] for mock runtimes whose `AccountId` is `u64`, whose grants the tests
/// set. `R` gives the blind facts of registered records (for category limits and data periods
/// on [`AccessTarget::Record`]); `E` is told when a grant is revoked.
///
/// Decisions, as `pallet-consent` makes them in the cases the tests need:
/// - the patient may always act ([`AccessBasis::Patient`]), and so may its guardians
///   ([`AccessBasis::Guardian`]);
/// - otherwise the grants that apply are those from the patient, for the purpose and the
///   action, to the accessor's account or to an organization the accessor may use it for:
///   the accessor acts for that organization, which is active and holds an organization role
///   the purpose needs, and holds a member role the purpose needs (`Clinician` or
///   `EmergencyClinician` for treatment, `Researcher` for research, `Staff` for payment and
///   operations);
/// - with no grant that applies, the answer is the denial set by [`Self::deny_with`], by
///   default [`DenialReason::NoGrant`] (also when grants exist for other purposes or actions);
/// - the newest live grant whose categories and data period cover the target permits
///   ([`AccessBasis::Grant`]); else the answer is `NotValidNow` (none live), `OutsideDataPeriod`
///   or `OutOfScope`. A category alone has no date, so a data period never covers it.
pub struct MockConsent<R = NoRecords, E = ()>(PhantomData<(R, E)>);

impl<R: RecordsInspect<u64>, E: OnGrantEnded> MockConsent<R, E> {
	fn insert(grant: MockGrant) -> GrantId {
		CONSENT.with(|c| {
			let mut c = c.borrow_mut();
			let id = c.next;
			c.next += 1;
			c.grants.insert(id, grant);
			id
		})
	}

	/// A new live grant from `patient` to the account `accessor` for every purpose and
	/// `actions`, on every category and date.
	pub fn grant(patient: u64, accessor: u64, actions: &[Action]) -> GrantId {
		Self::grant_for(patient, accessor, &Purpose::ALL, actions)
	}

	/// A new live grant from `patient` to the account `accessor` for `purposes` and `actions`.
	pub fn grant_for(
		patient: u64,
		accessor: u64,
		purposes: &[Purpose],
		actions: &[Action],
	) -> GrantId {
		Self::insert(MockGrant {
			patient,
			grantee: MockGrantee::Account(accessor),
			purposes: purposes.to_vec(),
			actions: actions.to_vec(),
			categories: None,
			period: None,
			live: true,
		})
	}

	/// A new live grant like [`Self::grant`], limited to records (registered or new) whose
	/// date tags lie in `period`, as the consent pallet decides it.
	pub fn grant_with_period(
		patient: u64,
		accessor: u64,
		actions: &[Action],
		period: PeriodTags,
	) -> GrantId {
		let id = Self::grant(patient, accessor, actions);
		Self::with_grant(id, |g| g.period = Some(period));
		id
	}

	/// A new live grant from `patient` to the organization `org` for `purposes` and
	/// `actions`, which its members use as the purpose allows.
	pub fn grant_to_organization(
		patient: u64,
		org: OrgId,
		purposes: &[Purpose],
		actions: &[Action],
	) -> GrantId {
		Self::insert(MockGrant {
			patient,
			grantee: MockGrantee::Organization(org),
			purposes: purposes.to_vec(),
			actions: actions.to_vec(),
			categories: None,
			period: None,
			live: true,
		})
	}

	/// Limits `grant` to the categories `categories`, replacing any earlier limit.
	pub fn limit_to(grant: GrantId, categories: &[Tag]) {
		Self::with_grant(grant, |g| g.categories = Some(categories.iter().copied().collect()));
	}

	/// Makes `grant` live or not (e.g. expired, before anyone tells the pallet under test).
	pub fn set_live(grant: GrantId, live: bool) {
		Self::with_grant(grant, |g| g.live = live);
	}

	/// Revokes `grant` and tells `E`, as the consent pallet does.
	pub fn revoke(grant: GrantId) {
		CONSENT.with(|c| c.borrow_mut().grants.remove(&grant));
		E::on_grant_ended(grant);
	}

	/// Revokes every grant from `patient` to the account `accessor`, telling `E` of each.
	pub fn revoke_all(patient: u64, accessor: u64) {
		let ids: Vec<GrantId> = CONSENT.with(|c| {
			c.borrow()
				.grants
				.iter()
				.filter(|(_, g)| {
					g.patient == patient && g.grantee == MockGrantee::Account(accessor)
				})
				.map(|(id, _)| *id)
				.collect()
		});
		for id in ids {
			Self::revoke(id);
		}
	}

	/// Makes `guardian` a guardian of `patient`.
	pub fn appoint_guardian(patient: u64, guardian: u64) {
		CONSENT.with(|c| c.borrow_mut().guardians.insert((patient, guardian)));
	}

	/// Answer `reason` when no grant from `patient` to `accessor` applies.
	pub fn deny_with(patient: u64, accessor: u64, reason: DenialReason) {
		CONSENT.with(|c| {
			c.borrow_mut().denials.insert((patient, accessor), reason);
		});
	}

	/// Report `weight` as the weight of each decision and grant lookup.
	pub fn weigh_decisions(weight: Weight) {
		CONSENT.with(|c| c.borrow_mut().decision_weight = Some(weight));
	}

	/// The last `check_access` question asked.
	pub fn last_check() -> Option<(u64, u64, AccessTarget, Purpose, Action)> {
		CONSENT.with(|c| c.borrow().last_check.clone())
	}

	/// Forgets every grant, guardian, denial and question, and the decision weight.
	pub fn clear() {
		CONSENT.with(|c| *c.borrow_mut() = ConsentState::default());
	}

	fn with_grant(grant: GrantId, f: impl FnOnce(&mut MockGrant)) {
		CONSENT.with(|c| {
			if let Some(g) = c.borrow_mut().grants.get_mut(&grant) {
				f(g);
			}
		});
	}

	fn decision_weight() -> Weight {
		CONSENT.with(|c| c.borrow().decision_weight).unwrap_or(Weight::MAX)
	}

	/// Whether `who` may use `grantee`'s grant for `purpose`.
	fn may_use(grantee: MockGrantee, who: u64, purpose: Purpose) -> bool {
		match grantee {
			MockGrantee::Account(account) => account == who,
			MockGrantee::Organization(org) => {
				purpose
					.entitled_org_roles()
					.iter()
					.any(|role| MockOrganizations::acting_for(&who, *role) == Some(org))
					&& purpose.entitled_member_roles().is_none_or(|roles| {
						roles
							.iter()
							.any(|role| MockOrganizations::member_has_role(org, &who, *role))
					})
			},
		}
	}

	/// The grants from `patient` that `accessor` may use for `purpose` and `action`, newest
	/// first.
	fn applicable(
		patient: u64,
		accessor: u64,
		purpose: Purpose,
		action: Action,
	) -> Vec<(GrantId, MockGrant)> {
		Self::grants_where(|g| {
			g.patient == patient && g.purposes.contains(&purpose) && g.actions.contains(&action)
		})
		.into_iter()
		.filter(|(_, g)| Self::may_use(g.grantee, accessor, purpose))
		.collect()
	}

	/// The grants that satisfy `keep`, newest first.
	fn grants_where(keep: impl Fn(&MockGrant) -> bool) -> Vec<(GrantId, MockGrant)> {
		CONSENT.with(|c| {
			c.borrow()
				.grants
				.iter()
				.rev()
				.filter(|(_, g)| keep(g))
				.map(|(id, g)| (*id, g.clone()))
				.collect()
		})
	}

	/// The blind category and dates of `target`, as far as they are known.
	fn facts(target: &AccessTarget) -> (Option<Tag>, Option<DateTags>) {
		match target {
			AccessTarget::Category(tag) => (Some(*tag), None),
			AccessTarget::NewRecord(facts) => (Some(facts.category), Some(facts.dates)),
			AccessTarget::Record(id) => R::record_facts(*id)
				.map_or((None, None), |f| (Some(f.blind.category), Some(f.blind.dates))),
		}
	}

	/// Why `grant` does not cover `target`, or `None` when it does.
	fn uncovered(grant: &MockGrant, target: &AccessTarget) -> Option<DenialReason> {
		if grant.categories.is_none() && grant.period.is_none() {
			return None;
		}
		let (category, dates) = Self::facts(target);
		if let Some(categories) = &grant.categories {
			if !category.is_some_and(|c| categories.contains(&c)) {
				return Some(DenialReason::OutOfScope);
			}
		}
		if let Some(period) = &grant.period {
			if !dates.is_some_and(|dates| blind::period_covers(period, &dates)) {
				return Some(DenialReason::OutsideDataPeriod);
			}
		}
		None
	}
}

impl<R: RecordsInspect<u64>, E: OnGrantEnded> ConsentInspect<u64> for MockConsent<R, E> {
	fn check_access(
		patient: &u64,
		accessor: &u64,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> AccessDecision {
		CONSENT.with(|c| {
			c.borrow_mut().last_check = Some((*patient, *accessor, target.clone(), purpose, action))
		});
		if patient == accessor {
			return AccessDecision::Permitted(AccessBasis::Patient);
		}
		if CONSENT.with(|c| c.borrow().guardians.contains(&(*patient, *accessor))) {
			return AccessDecision::Permitted(AccessBasis::Guardian);
		}
		let grants = Self::applicable(*patient, *accessor, purpose, action);
		if grants.is_empty() {
			let denial = CONSENT.with(|c| c.borrow().denials.get(&(*patient, *accessor)).copied());
			return AccessDecision::Denied(denial.unwrap_or(DenialReason::NoGrant));
		}
		let mut reason = DenialReason::NotValidNow;
		for (id, grant) in grants.iter().filter(|(_, g)| g.live) {
			match Self::uncovered(grant, target) {
				None => return AccessDecision::Permitted(AccessBasis::Grant(*id)),
				Some(DenialReason::OutsideDataPeriod) => reason = DenialReason::OutsideDataPeriod,
				Some(other) if reason == DenialReason::NotValidNow => reason = other,
				Some(_) => {},
			}
		}
		AccessDecision::Denied(reason)
	}

	fn check_access_weighed(
		patient: &u64,
		accessor: &u64,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> (AccessDecision, Weight) {
		let decision = Self::check_access(patient, accessor, target, purpose, action);
		(decision, Self::decision_weight())
	}

	/// The newest live grant from `patient` that lets `grantee` read `record` for some purpose
	/// (its categories and data period checked against `R`'s facts of `record`).
	fn read_grant_for(patient: &u64, grantee: &u64, record: RecordId) -> Option<GrantId> {
		let target = AccessTarget::Record(record);
		Self::grants_where(|g| g.patient == *patient && g.live && g.actions.contains(&Action::Read))
			.into_iter()
			.find(|(_, g)| {
				g.purposes.iter().any(|purpose| Self::may_use(g.grantee, *grantee, *purpose))
					&& Self::uncovered(g, &target).is_none()
			})
			.map(|(id, _)| id)
	}

	fn read_grant_for_weighed(
		patient: &u64,
		grantee: &u64,
		record: RecordId,
	) -> (Option<GrantId>, Weight) {
		(Self::read_grant_for(patient, grantee, record), Self::decision_weight())
	}

	fn is_grant_live(grant: GrantId) -> bool {
		CONSENT.with(|c| c.borrow().grants.get(&grant).is_some_and(|g| g.live))
	}

	fn acts_for(patient: &u64, who: &u64) -> bool {
		patient == who || CONSENT.with(|c| c.borrow().guardians.contains(&(*patient, *who)))
	}

	/// A live grant for every purpose and action, as the trait asks.
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(patient: &u64, grantee: &u64) -> GrantId {
		Self::grant(*patient, *grantee, &Action::ALL)
	}
}

/// Checks that a pallet's origin test names each of the pallet's calls once: `named`, the calls
/// the test dispatches, against `call_names` (the pallet's `Call::get_call_names()`), in any
/// order.
pub fn assert_names_every_call<'a>(
	named: impl IntoIterator<Item = &'a str>,
	call_names: &[&'static str],
) {
	let mut named: Vec<&str> = named.into_iter().collect();
	named.sort();
	let mut all = call_names.to_vec();
	all.sort();
	assert_eq!(named, all, "a case for every call");
}

/// A call of a pallet's origin test: its name and how to dispatch it from an origin.
pub type NamedCall<'a, O> = (&'a str, fn(O) -> sp_runtime::DispatchResult);

/// Dispatches each of `calls` (every call of a pallet, with arguments its rightful caller could
/// use, named as `call_names` names them) from `none` and from `root`, and asserts that each is
/// refused with `BadOrigin` and changes nothing. Run it in the mock runtime's externalities.
pub fn assert_calls_refuse_unsigned_and_root<O: Clone>(
	calls: &[NamedCall<'_, O>],
	call_names: &[&'static str],
	none: O,
	root: O,
) {
	assert_names_every_call(calls.iter().map(|(name, _)| *name), call_names);
	for (_, call) in calls {
		frame_support::assert_noop!(call(none.clone()), sp_runtime::DispatchError::BadOrigin);
		frame_support::assert_noop!(call(root.clone()), sp_runtime::DispatchError::BadOrigin);
	}
}
