//! Mock runtime for the records pallet's tests and benchmarks.

use crate as pallet_records;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
	weights::Weight,
};
use healthchain_primitives::{testing::MockOrganizations, MemberRole, OrgRole};
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

/// The consent double, reading the blind facts of this pallet's records and telling it when a
/// grant is revoked, as the consent pallet does.
pub type MockConsent = healthchain_primitives::testing::MockConsent<Records, Records>;

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
