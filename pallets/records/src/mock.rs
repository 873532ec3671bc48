//! Mock runtime for the records pallet's tests and benchmarks.

use crate as pallet_records;
use alloc::collections::{BTreeMap, BTreeSet};
use core::cell::RefCell;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use healthchain_primitives::{
	blind::period_covers, testing::MockOrganizations, AccessBasis, AccessDecision, AccessTarget,
	Action, ConsentInspect, DateTags, DenialReason, GrantId, MemberRole, OnGrantEnded, OrgRole,
	OrganizationsInspect, PeriodTags, Purpose, RecordId, RecordsInspect,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Records: pallet_records,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

/// Deposit base of the mock.
pub const DEPOSIT_BASE: u64 = 10;
/// Deposit per byte of the mock.
pub const DEPOSIT_PER_BYTE: u64 = 1;
/// Longest locator of the mock.
pub const MAX_LOCATOR: u32 = 64;
/// Longest wrapped key of the mock.
pub const MAX_KEY: u32 = 48;
/// Most keys per record of the mock.
pub const MAX_KEYS_PER_RECORD: u32 = 3;
/// Most keys removed when a grant ends, in the mock.
pub const MAX_KEYS_REMOVED_ON_GRANT_END: u32 = 4;
/// Most versions per chain of the mock.
pub const MAX_VERSIONS: u32 = 3;

parameter_types! {
	pub const MaxLocatorLen: u32 = MAX_LOCATOR;
	/// A consent decision's worst case in the mock.
	pub const ConsentDecisionWeight: Weight = Weight::from_parts(7_000_000, 55_000);
}

impl pallet_records::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Organizations = MockOrganizations;
	type Consent = MockConsent;
	type DepositBase = ConstU64<DEPOSIT_BASE>;
	type DepositPerByte = ConstU64<DEPOSIT_PER_BYTE>;
	type MaxLocatorLen = MaxLocatorLen;
	type MaxWrappedKeyLen = ConstU32<MAX_KEY>;
	type MaxKeysPerRecord = ConstU32<MAX_KEYS_PER_RECORD>;
	type MaxKeysRemovedOnGrantEnd = ConstU32<MAX_KEYS_REMOVED_ON_GRANT_END>;
	type MaxVersions = ConstU32<MAX_VERSIONS>;
	type ConsentDecisionWeight = ConsentDecisionWeight;
	type WeightInfo = ();
}

#[derive(Default)]
struct ConsentState {
	/// `(patient, accessor, action)` permitted by a grant.
	permits: BTreeMap<(u64, u64, Action), GrantId>,
	/// What to answer when `(patient, accessor)` has no permit.
	denials: BTreeMap<(u64, u64), DenialReason>,
	/// Grants valid now.
	live: BTreeSet<GrantId>,
	/// The data period of grants that have one.
	periods: BTreeMap<GrantId, PeriodTags>,
	/// Next grant id.
	next: GrantId,
	/// An organization read grant per patient: `(org, grant)`.
	org_grants: BTreeMap<u64, (u32, GrantId)>,
	/// The last `check_access` question.
	last_check: Option<(u64, u64, AccessTarget, Purpose, Action)>,
	/// The weight `check_access_weighed` and `read_grant_for_weighed` report (`None`: the
	/// trait's default).
	decision_weight: Option<Weight>,
}

std::thread_local! {
	static CONSENT: RefCell<ConsentState> = RefCell::new(ConsentState::default());
}

/// A [`ConsentInspect`] whose answers the tests set.
///
/// The patient may always act on their own records. Another accessor may perform an action
/// when a live grant permits it (for every purpose and target, or with a data period only for
/// records dated inside it); otherwise the answer is the configured denial (default `NoGrant`),
/// `NotValidNow` when the permitting grant is not live, or `OutsideDataPeriod`.
pub struct MockConsent;

impl MockConsent {
	/// A new live grant from `patient` to `accessor` permitting `actions`.
	pub fn grant(patient: u64, accessor: u64, actions: &[Action]) -> GrantId {
		CONSENT.with(|c| {
			let mut c = c.borrow_mut();
			let id = c.next;
			c.next += 1;
			for action in actions {
				c.permits.insert((patient, accessor, *action), id);
			}
			c.live.insert(id);
			id
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
		CONSENT.with(|c| c.borrow_mut().periods.insert(id, period));
		id
	}

	/// A new live grant from `patient` to the organization `org`, letting its clinicians
	/// read (for [`ConsentInspect::read_grant_for`] only).
	pub fn grant_to_organization(patient: u64, org: u32) -> GrantId {
		CONSENT.with(|c| {
			let mut c = c.borrow_mut();
			let id = c.next;
			c.next += 1;
			c.org_grants.insert(patient, (org, id));
			c.live.insert(id);
			id
		})
	}

	/// Makes `grant` live or not (e.g. expired, before anyone tells the records pallet).
	pub fn set_live(grant: GrantId, live: bool) {
		CONSENT.with(|c| {
			let mut c = c.borrow_mut();
			if live {
				c.live.insert(grant);
			} else {
				c.live.remove(&grant);
			}
		});
	}

	/// Revokes `grant` and tells the records pallet, as the consent pallet does.
	pub fn revoke(grant: GrantId) {
		CONSENT.with(|c| {
			let mut c = c.borrow_mut();
			c.permits.retain(|_, g| *g != grant);
			c.org_grants.retain(|_, (_, g)| *g != grant);
			c.live.remove(&grant);
		});
		<Records as OnGrantEnded>::on_grant_ended(grant);
	}

	/// Answer `reason` when `accessor` has no permit from `patient`.
	pub fn deny_with(patient: u64, accessor: u64, reason: DenialReason) {
		CONSENT.with(|c| {
			c.borrow_mut().denials.insert((patient, accessor), reason);
		});
	}

	/// Report `weight` as the weight of each decision.
	pub fn weigh_decisions(weight: Weight) {
		CONSENT.with(|c| c.borrow_mut().decision_weight = Some(weight));
	}

	/// The last `check_access` question asked.
	pub fn last_check() -> Option<(u64, u64, AccessTarget, Purpose, Action)> {
		CONSENT.with(|c| c.borrow().last_check.clone())
	}

	/// Forgets everything.
	pub fn clear() {
		CONSENT.with(|c| *c.borrow_mut() = ConsentState::default());
	}

	fn permit(patient: u64, accessor: u64, action: Action) -> Option<(GrantId, bool)> {
		CONSENT.with(|c| {
			let c = c.borrow();
			c.permits.get(&(patient, accessor, action)).map(|g| (*g, c.live.contains(g)))
		})
	}

	/// Whether `grant`'s data period, if it has one, covers `target`. A category alone has no
	/// date, so a period never covers it.
	fn period_covers_target(grant: GrantId, target: &AccessTarget) -> bool {
		let Some(period) = CONSENT.with(|c| c.borrow().periods.get(&grant).cloned()) else {
			return true;
		};
		let dates: Option<DateTags> = match target {
			AccessTarget::NewRecord(facts) => Some(facts.dates),
			AccessTarget::Record(id) => {
				<Records as RecordsInspect<u64>>::record_facts(*id).map(|f| f.blind.dates)
			},
			AccessTarget::Category(_) => None,
		};
		dates.is_some_and(|dates| period_covers(&period, &dates))
	}
}

impl ConsentInspect<u64> for MockConsent {
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
		match Self::permit(*patient, *accessor, action) {
			Some((grant, true)) if !Self::period_covers_target(grant, target) => {
				AccessDecision::Denied(DenialReason::OutsideDataPeriod)
			},
			Some((grant, true)) => AccessDecision::Permitted(AccessBasis::Grant(grant)),
			Some((_, false)) => AccessDecision::Denied(DenialReason::NotValidNow),
			None => AccessDecision::Denied(CONSENT.with(|c| {
				c.borrow()
					.denials
					.get(&(*patient, *accessor))
					.copied()
					.unwrap_or(DenialReason::NoGrant)
			})),
		}
	}

	fn check_access_weighed(
		patient: &u64,
		accessor: &u64,
		target: &AccessTarget,
		purpose: Purpose,
		action: Action,
	) -> (AccessDecision, Weight) {
		let decision = Self::check_access(patient, accessor, target, purpose, action);
		let weight = CONSENT.with(|c| c.borrow().decision_weight).unwrap_or(Weight::MAX);
		(decision, weight)
	}

	fn read_grant_for_weighed(
		patient: &u64,
		grantee: &u64,
		record: RecordId,
	) -> (Option<GrantId>, Weight) {
		let grant = Self::read_grant_for(patient, grantee, record);
		let weight = CONSENT.with(|c| c.borrow().decision_weight).unwrap_or(Weight::MAX);
		(grant, weight)
	}

	fn read_grant_for(patient: &u64, grantee: &u64, _record: RecordId) -> Option<GrantId> {
		// An organization grant's clinician: the grant counts only while it is a clinician of
		// an active provider, as the consent pallet decides it.
		if let Some((org, grant)) = CONSENT.with(|c| c.borrow().org_grants.get(patient).copied()) {
			if MockOrganizations::acting_for(grantee, OrgRole::Provider) == Some(org)
				&& MockOrganizations::member_has_role(org, grantee, MemberRole::Clinician)
				&& Self::is_grant_live(grant)
			{
				return Some(grant);
			}
		}
		match Self::permit(*patient, *grantee, Action::Read) {
			Some((grant, true)) => Some(grant),
			_ => None,
		}
	}

	fn is_grant_live(grant: GrantId) -> bool {
		CONSENT.with(|c| c.borrow().live.contains(&grant))
	}

	fn acts_for(patient: &u64, who: &u64) -> bool {
		patient == who
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_grant(patient: &u64, grantee: &u64) -> GrantId {
		Self::grant(*patient, *grantee, &[Action::Read, Action::Append])
	}
}

/// A patient.
pub const PATIENT: u64 = 1;
/// Another patient.
pub const OTHER_PATIENT: u64 = 2;
/// The hospital (organization 1, `Provider`).
pub const HOSPITAL: u32 = 1;
/// The hospital's admin.
pub const HOSPITAL_ADMIN: u64 = 10;
/// A clinician of the hospital.
pub const DOCTOR: u64 = 11;
/// Another clinician of the hospital.
pub const NURSE: u64 = 12;
/// A member of the hospital with no clinical role (administrative staff).
pub const CLERK: u64 = 13;
/// An emergency clinician of the hospital (no `Clinician` role).
pub const ER_DOCTOR: u64 = 14;
/// A clinic (organization 2, `Provider`).
pub const CLINIC: u32 = 2;
/// The clinic's admin.
pub const CLINIC_ADMIN: u64 = 20;
/// A clinician of the clinic.
pub const CLINIC_DOCTOR: u64 = 21;
/// A research institute (organization 3, not a provider).
pub const INSTITUTE: u32 = 3;
/// The institute's admin.
pub const INSTITUTE_ADMIN: u64 = 30;
/// A researcher of the institute.
pub const RESEARCHER: u64 = 31;
/// Nobody in particular.
pub const STRANGER: u64 = 99;
/// An account with too little to pay a deposit.
pub const POOR: u64 = 98;
/// Every funded account.
pub const FUNDED: [u64; 12] = [
	PATIENT,
	OTHER_PATIENT,
	HOSPITAL_ADMIN,
	DOCTOR,
	NURSE,
	CLERK,
	ER_DOCTOR,
	CLINIC_ADMIN,
	CLINIC_DOCTOR,
	INSTITUTE_ADMIN,
	RESEARCHER,
	STRANGER,
];
/// Initial balance of each funded account.
pub const BALANCE: u64 = 1_000_000;

/// Builds test externalities.
#[derive(Default)]
pub struct ExtBuilder {
	genesis: Vec<pallet_records::GenesisRecord<u64>>,
}

impl ExtBuilder {
	/// Adds genesis records.
	pub fn with_genesis(mut self, records: Vec<pallet_records::GenesisRecord<u64>>) -> Self {
		self.genesis = records;
		self
	}

	/// The externalities, with the organizations set up and nothing consented.
	pub fn build(self) -> sp_io::TestExternalities {
		MockOrganizations::clear();
		MockConsent::clear();
		MockOrganizations::add(HOSPITAL, HOSPITAL_ADMIN, &[OrgRole::Provider]);
		MockOrganizations::add_member(HOSPITAL, DOCTOR, &[MemberRole::Clinician]);
		MockOrganizations::add_member(HOSPITAL, NURSE, &[MemberRole::Clinician]);
		MockOrganizations::add_member(HOSPITAL, CLERK, &[MemberRole::Staff, MemberRole::Auditor]);
		MockOrganizations::add_member(HOSPITAL, ER_DOCTOR, &[MemberRole::EmergencyClinician]);
		MockOrganizations::add(CLINIC, CLINIC_ADMIN, &[OrgRole::Provider]);
		MockOrganizations::add_member(CLINIC, CLINIC_DOCTOR, &[MemberRole::Clinician]);
		MockOrganizations::add(INSTITUTE, INSTITUTE_ADMIN, &[OrgRole::Researcher]);
		MockOrganizations::add_member(INSTITUTE, RESEARCHER, &[MemberRole::Researcher]);

		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig {
				balances: FUNDED.iter().map(|who| (*who, BALANCE)).chain([(POOR, 20)]).collect(),
				..Default::default()
			},
			records: pallet_records::GenesisConfig { records: self.genesis },
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the storage invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			assert_ok!(Records::do_try_state());
		});
	}
}

/// Test externalities for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
