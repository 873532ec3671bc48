//! Mock runtime for the trials pallet's tests and benchmarks.

use crate as pallet_trials;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use healthchain_primitives::{testing::MockOrganizations, MemberRole, OrgId, OrgRole};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Trials: pallet_trials,
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

/// Deposit held per trial in the mock.
pub const TRIAL_DEPOSIT: u64 = 100;
/// Deposit held per planned participant in the mock.
pub const PARTICIPANT_DEPOSIT: u64 = 10;
/// Most outcomes per list in the mock.
pub const MAX_OUTCOMES: u32 = 4;
/// Most sites per trial in the mock.
pub const MAX_SITES: u32 = 3;
/// Most versions per trial in the mock.
pub const MAX_VERSIONS: u32 = 3;
/// Most participants per trial in the mock.
pub const MAX_ENROLMENT: u32 = 5;

parameter_types! {
	/// A consent decision's worst case in the mock.
	pub const ConsentDecisionWeight: Weight = Weight::from_parts(7_000_000, 55_000);
}

impl pallet_trials::Config for Test {
	type Organizations = MockOrganizations;
	type Consent = MockConsent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type TrialDeposit = ConstU64<TRIAL_DEPOSIT>;
	type ParticipantDeposit = ConstU64<PARTICIPANT_DEPOSIT>;
	type MaxOutcomes = ConstU32<MAX_OUTCOMES>;
	type MaxSites = ConstU32<MAX_SITES>;
	type MaxVersions = ConstU32<MAX_VERSIONS>;
	type MaxEnrolment = ConstU32<MAX_ENROLMENT>;
	type ConsentDecisionWeight = ConsentDecisionWeight;
	type WeightInfo = ();
}

/// The consent double: the tests grant research reads to an account or to an organization,
/// optionally limited to categories.
pub type MockConsent = healthchain_primitives::testing::MockConsent;

/// The research institute (organization 1, `Researcher`): the sponsor of the tests' trials.
pub const INSTITUTE: OrgId = 1;
/// The institute's admin (no member roles).
pub const INSTITUTE_ADMIN: u64 = 10;
/// A researcher of the institute: the investigator of the tests' trials.
pub const INVESTIGATOR: u64 = 11;
/// Another researcher of the institute.
pub const CO_INVESTIGATOR: u64 = 12;
/// A member of the institute without the `Researcher` role.
pub const INSTITUTE_CLERK: u64 = 13;
/// A researcher of the institute with too little to pay a trial's deposit.
pub const POOR_RESEARCHER: u64 = 14;
/// A hospital (organization 2, `Provider`): a site.
pub const HOSPITAL: OrgId = 2;
/// The hospital's admin.
pub const HOSPITAL_ADMIN: u64 = 20;
/// A clinician of the hospital.
pub const DOCTOR: u64 = 21;
/// A member of the hospital without a clinical or research role.
pub const HOSPITAL_CLERK: u64 = 22;
/// A clinic (organization 3, `Provider`): another site.
pub const CLINIC: OrgId = 3;
/// The clinic's admin.
pub const CLINIC_ADMIN: u64 = 30;
/// A clinician of the clinic.
pub const CLINIC_DOCTOR: u64 = 31;
/// A pharmacy (organization 4, `Dispenser`): never a site.
pub const PHARMACY: OrgId = 4;
/// The pharmacy's admin.
pub const PHARMACY_ADMIN: u64 = 40;
/// Another research institute (organization 5, `Researcher`).
pub const OTHER_INSTITUTE: OrgId = 5;
/// The other institute's admin.
pub const OTHER_ADMIN: u64 = 50;
/// A researcher of the other institute.
pub const OTHER_RESEARCHER: u64 = 51;
/// A third provider (organization 6, `Provider`), for a full list of sites.
pub const LAB: OrgId = 6;
/// The lab's admin.
pub const LAB_ADMIN: u64 = 60;
/// A provider that is also accredited as `Researcher` (organization 7).
pub const UNIVERSITY_HOSPITAL: OrgId = 7;
/// The university hospital's admin.
pub const UNIVERSITY_ADMIN: u64 = 70;
/// An account that belongs to no organization.
pub const STRANGER: u64 = 99;
/// Every funded account.
pub const FUNDED: [u64; 16] = [
	INSTITUTE_ADMIN,
	INVESTIGATOR,
	CO_INVESTIGATOR,
	INSTITUTE_CLERK,
	HOSPITAL_ADMIN,
	DOCTOR,
	HOSPITAL_CLERK,
	CLINIC_ADMIN,
	CLINIC_DOCTOR,
	PHARMACY_ADMIN,
	OTHER_ADMIN,
	OTHER_RESEARCHER,
	LAB_ADMIN,
	UNIVERSITY_ADMIN,
	STRANGER,
	PARTICIPANT,
];
/// Initial balance of each funded account.
pub const BALANCE: u64 = 1_000_000;
/// The first participant subject; participant `n` is `PARTICIPANT + n`.
pub const PARTICIPANT: u64 = 1_000;

/// Builds test externalities.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The externalities, with the organizations set up and nothing consented.
	pub fn build(self) -> sp_io::TestExternalities {
		MockOrganizations::clear();
		MockConsent::clear();
		MockOrganizations::add(INSTITUTE, INSTITUTE_ADMIN, &[OrgRole::Researcher]);
		MockOrganizations::add_member(INSTITUTE, INVESTIGATOR, &[MemberRole::Researcher]);
		MockOrganizations::add_member(INSTITUTE, CO_INVESTIGATOR, &[MemberRole::Researcher]);
		MockOrganizations::add_member(INSTITUTE, INSTITUTE_CLERK, &[MemberRole::Staff]);
		MockOrganizations::add_member(INSTITUTE, POOR_RESEARCHER, &[MemberRole::Researcher]);
		MockOrganizations::add(HOSPITAL, HOSPITAL_ADMIN, &[OrgRole::Provider]);
		MockOrganizations::add_member(HOSPITAL, DOCTOR, &[MemberRole::Clinician]);
		MockOrganizations::add_member(HOSPITAL, HOSPITAL_CLERK, &[MemberRole::Staff]);
		MockOrganizations::add(CLINIC, CLINIC_ADMIN, &[OrgRole::Provider]);
		MockOrganizations::add_member(CLINIC, CLINIC_DOCTOR, &[MemberRole::Clinician]);
		MockOrganizations::add(PHARMACY, PHARMACY_ADMIN, &[OrgRole::Dispenser]);
		MockOrganizations::add(OTHER_INSTITUTE, OTHER_ADMIN, &[OrgRole::Researcher]);
		MockOrganizations::add_member(OTHER_INSTITUTE, OTHER_RESEARCHER, &[MemberRole::Researcher]);
		MockOrganizations::add(LAB, LAB_ADMIN, &[OrgRole::Provider]);
		MockOrganizations::add(
			UNIVERSITY_HOSPITAL,
			UNIVERSITY_ADMIN,
			&[OrgRole::Provider, OrgRole::Researcher],
		);

		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig {
				balances: FUNDED
					.iter()
					.map(|who| (*who, BALANCE))
					.chain([(POOR_RESEARCHER, 50)])
					.collect(),
				..Default::default()
			},
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
			assert_ok!(Trials::do_try_state());
		});
	}
}

/// Test externalities for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder.build()
}
