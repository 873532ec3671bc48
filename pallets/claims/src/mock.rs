//! Mock runtime for the claims pallet's tests and benchmarks.

use crate as pallet_claims;
use frame_support::{
	assert_ok, derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
	weights::Weight,
};
use healthchain_primitives::{testing::MockOrganizations, MemberRole, OrgRole};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Claims: pallet_claims,
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
	type ExistentialDeposit = ConstU64<ED>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Existential deposit.
pub const ED: u64 = 1;
/// Most services per program in the mock.
pub const MAX_SERVICES: u32 = 4;
/// Most tasks per program in the mock.
pub const MAX_TASKS: u32 = 3;
/// Most claims due per block in the mock.
pub const MAX_DUE_PER_BLOCK: u32 = 8;
/// Most queue blocks `on_idle` reads per call in the mock.
pub const MAX_BLOCKS_PER_IDLE: u32 = 4;
/// Shortest dispute window in the mock.
pub const MIN_WINDOW: u64 = 2;
/// Longest dispute window in the mock.
pub const MAX_WINDOW: u64 = 100;

parameter_types! {
	/// A consent decision's worst case in the mock.
	pub const ConsentDecisionWeight: Weight = Weight::from_parts(7_000_000, 55_000);
}

impl pallet_claims::Config for Test {
	type Organizations = MockOrganizations;
	type Consent = MockConsent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MaxServices = ConstU32<MAX_SERVICES>;
	type MaxTasks = ConstU32<MAX_TASKS>;
	type MaxDuePerBlock = ConstU32<MAX_DUE_PER_BLOCK>;
	type MaxBlocksPerIdle = ConstU32<MAX_BLOCKS_PER_IDLE>;
	type MinDisputeWindow = ConstU64<MIN_WINDOW>;
	type MaxDisputeWindow = ConstU64<MAX_WINDOW>;
	type ConsentDecisionWeight = ConsentDecisionWeight;
	type WeightInfo = ();
}

/// The consent double: the tests grant the officer payment reads
/// (`MockConsent::grant_for`) and appoint guardians.
pub type MockConsent = healthchain_primitives::testing::MockConsent;

/// A patient (subject account).
pub const PATIENT: u64 = 1;
/// Another patient.
pub const OTHER_PATIENT: u64 = 2;
/// A guardian of [`PATIENT`].
pub const GUARDIAN: u64 = 3;
/// The payer (organization 1, `Payer`).
pub const PAYER: u32 = 1;
/// The payer's admin (no member roles).
pub const PAYER_ADMIN: u64 = 10;
/// A `Staff` member of the payer: opens programs.
pub const OFFICER: u64 = 11;
/// An `Auditor` member of the payer, without `Staff`.
pub const PAYER_AUDITOR: u64 = 12;
/// Another `Staff` member of the payer.
pub const OTHER_OFFICER: u64 = 13;
/// The hospital (organization 2, `Provider`).
pub const HOSPITAL: u32 = 2;
/// The hospital's admin (no member roles): the payee of its claims.
pub const HOSPITAL_ADMIN: u64 = 20;
/// A clinician of the hospital.
pub const DOCTOR: u64 = 21;
/// A `Staff` member of the hospital (billing).
pub const BILLING: u64 = 22;
/// An emergency clinician of the hospital, with neither `Clinician` nor `Staff`.
pub const ER_DOCTOR: u64 = 23;
/// A research institute (organization 3, not a provider nor a payer).
pub const INSTITUTE: u32 = 3;
/// The institute's admin.
pub const INSTITUTE_ADMIN: u64 = 30;
/// A `Staff` member of the institute.
pub const INSTITUTE_STAFF: u64 = 31;
/// Nobody in particular.
pub const STRANGER: u64 = 99;
/// Every funded account.
pub const FUNDED: [u64; 15] = [
	PATIENT,
	OTHER_PATIENT,
	GUARDIAN,
	PAYER_ADMIN,
	OFFICER,
	PAYER_AUDITOR,
	OTHER_OFFICER,
	HOSPITAL_ADMIN,
	DOCTOR,
	BILLING,
	ER_DOCTOR,
	INSTITUTE_ADMIN,
	INSTITUTE_STAFF,
	STRANGER,
	98,
];
/// Initial balance of each funded account.
pub const BALANCE: u64 = 1_000_000;

/// Builds test externalities.
#[derive(Default)]
pub struct ExtBuilder;

impl ExtBuilder {
	/// The externalities at block 1, with the organizations set up and nothing consented.
	pub fn build(self) -> sp_io::TestExternalities {
		MockOrganizations::clear();
		MockConsent::clear();
		MockOrganizations::add(PAYER, PAYER_ADMIN, &[OrgRole::Payer]);
		MockOrganizations::add_member(PAYER, OFFICER, &[MemberRole::Staff]);
		MockOrganizations::add_member(PAYER, PAYER_AUDITOR, &[MemberRole::Auditor]);
		MockOrganizations::add_member(PAYER, OTHER_OFFICER, &[MemberRole::Staff]);
		MockOrganizations::add(HOSPITAL, HOSPITAL_ADMIN, &[OrgRole::Provider]);
		MockOrganizations::add_member(HOSPITAL, DOCTOR, &[MemberRole::Clinician]);
		MockOrganizations::add_member(HOSPITAL, BILLING, &[MemberRole::Staff]);
		MockOrganizations::add_member(HOSPITAL, ER_DOCTOR, &[MemberRole::EmergencyClinician]);
		MockOrganizations::add(INSTITUTE, INSTITUTE_ADMIN, &[OrgRole::Researcher]);
		MockOrganizations::add_member(INSTITUTE, INSTITUTE_STAFF, &[MemberRole::Staff]);

		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: pallet_balances::GenesisConfig {
				balances: FUNDED.iter().map(|who| (*who, BALANCE)).collect(),
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
			assert_ok!(Claims::do_try_state());
		});
	}
}

/// Ends the current block with `on_idle` given all the weight it wants, and does the same for
/// every block up to `n`; returns in block `n`, after its `on_idle`.
pub fn run_to_block(n: u64) {
	let mut now = System::block_number();
	<Claims as Hooks<u64>>::on_idle(now, Weight::MAX);
	while now < n {
		now += 1;
		System::set_block_number(now);
		<Claims as Hooks<u64>>::on_idle(now, Weight::MAX);
	}
}

/// Test externalities for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder.build()
}
