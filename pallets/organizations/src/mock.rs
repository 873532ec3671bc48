//! Mock runtime for the organizations pallet's tests and benchmarks.

use crate as pallet_organizations;
use crate::{EnsureRootOrRegulator, GenesisOrganization};
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64, Hooks},
};
use healthchain_primitives::{MemberRole, OrgRole};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Organizations: pallet_organizations,
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
/// Organization deposit.
pub const ORG_DEPOSIT: u64 = 100;
/// Member deposit.
pub const MEMBER_DEPOSIT: u64 = 10;
/// Most members per organization (admin included).
pub const MAX_MEMBERS: u32 = 4;
/// Most history entries per organization.
pub const MAX_HISTORY: u32 = 3;
/// Most pending invitations per organization.
pub const MAX_INVITATIONS: u32 = 2;
/// Longest metadata pointer.
pub const MAX_METADATA: u32 = 16;

parameter_types! {
	pub const OrganizationDeposit: u64 = ORG_DEPOSIT;
	pub const MemberDeposit: u64 = MEMBER_DEPOSIT;
}

impl pallet_organizations::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AccreditationOrigin = EnsureRootOrRegulator<Test>;
	type OrganizationDeposit = OrganizationDeposit;
	type MemberDeposit = MemberDeposit;
	type MaxMetadataLen = ConstU32<MAX_METADATA>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type MaxHistory = ConstU32<MAX_HISTORY>;
	type MaxInvitations = ConstU32<MAX_INVITATIONS>;
	type WeightInfo = ();
}

/// Admin of the genesis regulator (organization 0 when [`ExtBuilder::with_regulator`]).
pub const REGULATOR: u64 = 100;
/// A member (not admin) of the genesis regulator, with the `Auditor` role.
pub const REGULATOR_STAFF: u64 = 101;
/// Funded accounts without organization.
pub const ALICE: u64 = 1;
/// Funded.
pub const BOB: u64 = 2;
/// Funded.
pub const CHARLIE: u64 = 3;
/// Funded.
pub const DAVE: u64 = 4;
/// Funded.
pub const EVE: u64 = 5;
/// An account with a balance too small for any deposit.
pub const POOR: u64 = 50;
/// An account that does not exist (no balance).
pub const NOBODY: u64 = 60;
/// Starting balance of the funded accounts.
pub const FUNDS: u64 = 1_000;

/// Builds test externalities with named set-ups, and checks the storage invariants after each
/// test.
#[derive(Default)]
pub struct ExtBuilder {
	organizations: Vec<GenesisOrganization<u64>>,
}

impl ExtBuilder {
	/// Adds a genesis regulator (organization 0) administered by [`REGULATOR`], with
	/// [`REGULATOR_STAFF`] as an auditor.
	pub fn with_regulator(mut self) -> Self {
		self.organizations.push(GenesisOrganization {
			admin: REGULATOR,
			roles: vec![OrgRole::Regulator],
			issuer: "REG-AUTHORITY".into(),
			credential_hash: [7; 32],
			metadata: "ipfs://regulator".into(),
			admin_roles: vec![MemberRole::Auditor],
			members: vec![(REGULATOR_STAFF, vec![MemberRole::Auditor])],
			company_prefixes: vec![],
		});
		self
	}

	/// Adds a genesis organization.
	pub fn with_organization(mut self, organization: GenesisOrganization<u64>) -> Self {
		self.organizations.push(organization);
		self
	}

	/// The externalities, at block 1.
	pub fn build(self) -> sp_io::TestExternalities {
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let mut balances: Vec<(u64, u64)> =
			[ALICE, BOB, CHARLIE, DAVE, EVE, REGULATOR, REGULATOR_STAFF]
				.into_iter()
				.map(|who| (who, FUNDS))
				.collect();
		balances.push((POOR, ORG_DEPOSIT / 2));
		pallet_balances::GenesisConfig::<Test> { balances, ..Default::default() }
			.assimilate_storage(&mut storage)
			.unwrap();
		pallet_organizations::GenesisConfig::<Test> { organizations: self.organizations }
			.assimilate_storage(&mut storage)
			.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Runs `test`, then checks the storage invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Organizations::do_try_state().expect("storage invariants hold after the test");
		});
	}
}

/// Externalities without organizations, for the benchmark test suite.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}

/// Runs the pallet's `integrity_test` against the mock configuration.
pub fn integrity_test() {
	<Organizations as Hooks<u64>>::integrity_test();
}
