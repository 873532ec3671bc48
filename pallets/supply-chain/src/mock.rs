//! Mock runtime for the supply-chain pallet's tests and benchmarks.

use crate as pallet_supply_chain;
use crate::*;
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use healthchain_primitives::{
	testing::MockOrganizations, MemberRole, MemberRoles, OrgId, OrgRole, OrgStatus,
	OrganizationsInspect,
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		SupplyChain: pallet_supply_chain,
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

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// Ten days, in milliseconds.
pub const TEN_DAYS: u64 = 10 * 86_400_000;

parameter_types! {
	pub static ProductDeposit: u64 = 10;
	pub static LotDeposit: u64 = 5;
	pub static PackDeposit: u64 = 1;
	pub static ContainerDeposit: u64 = 3;
	pub static ShipmentDeposit: u64 = 2;
}

std::thread_local! {
	static ADMINS: RefCell<alloc::collections::BTreeMap<OrgId, Option<u64>>> =
		RefCell::new(Default::default());
}

/// [`MockOrganizations`], whose admins a test may change or remove (an organization whose admin
/// left and whose new admin has not accepted yet has none).
pub struct Organizations;

impl Organizations {
	/// Makes `admin` the admin of `org` (`None`: no admin), as far as this pallet asks.
	pub fn set_admin(org: OrgId, admin: Option<u64>) {
		ADMINS.with(|admins| admins.borrow_mut().insert(org, admin));
	}
}

impl OrganizationsInspect<u64> for Organizations {
	fn organization_of(who: &u64) -> Option<OrgId> {
		MockOrganizations::organization_of(who)
	}
	fn status(org: OrgId) -> Option<OrgStatus> {
		MockOrganizations::status(org)
	}
	fn holds_role(org: OrgId, role: OrgRole) -> bool {
		MockOrganizations::holds_role(org, role)
	}
	fn admin(org: OrgId) -> Option<u64> {
		ADMINS
			.with(|admins| admins.borrow().get(&org).copied())
			.unwrap_or_else(|| MockOrganizations::admin(org))
	}
	fn member_roles(org: OrgId, who: &u64) -> Option<MemberRoles> {
		MockOrganizations::member_roles(org, who)
	}
	fn holds_company_prefix(org: OrgId, key_digits: &[u8]) -> bool {
		MockOrganizations::holds_company_prefix(org, key_digits)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_organization(admin: &u64, roles: &[OrgRole]) -> OrgId {
		MockOrganizations::benchmark_organization(admin, roles)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_member(org: OrgId, who: &u64, roles: &[MemberRole]) {
		MockOrganizations::benchmark_member(org, who, roles)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn benchmark_company_prefix(org: OrgId, prefix: &[u8]) {
		MockOrganizations::benchmark_company_prefix(org, prefix)
	}
}

impl pallet_supply_chain::Config for Test {
	type Organizations = Organizations;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Time = Timestamp;
	type ProductDeposit = ProductDeposit;
	type LotDeposit = LotDeposit;
	type PackDeposit = PackDeposit;
	type ContainerDeposit = ContainerDeposit;
	type ShipmentDeposit = ShipmentDeposit;
	type MaxCommissionBatch = ConstU32<1000>;
	type MaxContainerSize = ConstU32<4>;
	type MaxLotsPerContainer = ConstU32<3>;
	type MaxNestingDepth = ConstU32<2>;
	type MaxShipmentUnits = ConstU32<4>;
	type MaxHistory = ConstU32<8>;
	type UndoPeriod = ConstU64<TEN_DAYS>;
	type WeightInfo = ();
}

/// 2025-01-01T00:00:00Z.
pub const START: u64 = 1_735_689_600_000;

// Organizations and their accounts (admin = org * 10, members above).
/// A manufacturer.
pub const MAKER: OrgId = 1;
/// Its admin.
pub const MAKER_ADMIN: u64 = 10;
/// Its member with the `Logistics` role.
pub const MAKER_STAFF: u64 = 11;
/// Its member without roles.
pub const MAKER_NOBODY: u64 = 12;
/// Its member with the `Auditor` role.
pub const MAKER_QA: u64 = 13;
/// Another manufacturer.
pub const OTHER_MAKER: OrgId = 2;
/// Its admin.
pub const OTHER_MAKER_ADMIN: u64 = 20;
/// A wholesaler.
pub const WHOLESALER: OrgId = 3;
/// Its admin.
pub const WHOLESALER_ADMIN: u64 = 30;
/// A pharmacy (dispenser).
pub const PHARMACY: OrgId = 4;
/// Its admin.
pub const PHARMACY_ADMIN: u64 = 40;
/// Its pharmacist.
pub const PHARMACIST: u64 = 41;
/// Its goods-in clerk (`Logistics` member).
pub const PHARMACY_CLERK: u64 = 42;
/// A third-party logistics provider.
pub const LOGISTICS: OrgId = 5;
/// Its admin.
pub const LOGISTICS_ADMIN: u64 = 50;
/// A regulator.
pub const REGULATOR: OrgId = 6;
/// Its admin.
pub const REGULATOR_ADMIN: u64 = 60;
/// Its inspector (`Auditor` member).
pub const INSPECTOR: u64 = 61;
/// Its clerk (a member without roles).
pub const REGULATOR_CLERK: u64 = 62;
/// A hospital (not a trading partner).
pub const HOSPITAL: OrgId = 7;
/// Its admin.
pub const HOSPITAL_ADMIN: u64 = 70;
/// A second pharmacy.
pub const PHARMACY_2: OrgId = 8;
/// Its admin.
pub const PHARMACY_2_ADMIN: u64 = 80;
/// An account in no organization.
pub const STRANGER: u64 = 99;
/// An account with no funds, admin of a manufacturer.
pub const POOR_MAKER_ADMIN: u64 = 90;
/// That manufacturer.
pub const POOR_MAKER: OrgId = 9;

/// Sets up organizations and balances; runs the test; checks the invariants.
#[derive(Default)]
pub struct ExtBuilder {
	products: Vec<(Gtin, OrgId, DocHash)>,
}

impl ExtBuilder {
	/// Registers products at genesis.
	pub fn with_genesis_products(mut self, products: Vec<(Gtin, OrgId, DocHash)>) -> Self {
		self.products = products;
		self
	}

	/// The externalities, without running the invariants afterwards.
	pub fn build(self) -> sp_io::TestExternalities {
		setup_organizations();
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let funded = [
			MAKER_ADMIN,
			MAKER_STAFF,
			MAKER_NOBODY,
			MAKER_QA,
			OTHER_MAKER_ADMIN,
			WHOLESALER_ADMIN,
			PHARMACY_ADMIN,
			PHARMACIST,
			PHARMACY_CLERK,
			LOGISTICS_ADMIN,
			REGULATOR_ADMIN,
			INSPECTOR,
			REGULATOR_CLERK,
			HOSPITAL_ADMIN,
			PHARMACY_2_ADMIN,
			STRANGER,
		];
		pallet_balances::GenesisConfig::<Test> {
			balances: funded.iter().map(|who| (*who, 1_000_000)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		pallet_supply_chain::GenesisConfig::<Test> {
			products: self.products,
			_config: Default::default(),
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(START);
		});
		ext
	}

	/// Runs `test`, then checks the storage invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			SupplyChain::do_try_state().expect("storage invariants hold after the test");
		});
	}
}

/// The GS1 company prefixes of the organizations that trade goods: `MAKER` holds those of `GTIN`
/// and `GTIN_2` (and of the SSCCs the tests use for its containers); every other trading
/// partner holds one of its own for its SSCCs.
pub const COMPANY_PREFIXES: [(OrgId, &[u8]); 8] = [
	(MAKER, b"9506000"),
	(MAKER, b"0614141"),
	(OTHER_MAKER, b"0614146"),
	(WHOLESALER, b"0614143"),
	(PHARMACY, b"0614144"),
	(LOGISTICS, b"0614145"),
	(PHARMACY_2, b"0614147"),
	(POOR_MAKER, b"0614149"),
];

/// The first company prefix of `org` (for its SSCCs), if it holds any.
pub fn company_prefix(org: OrgId) -> Option<&'static [u8]> {
	COMPANY_PREFIXES.iter().rev().find(|(holder, _)| *holder == org).map(|(_, prefix)| *prefix)
}

fn setup_organizations() {
	MockOrganizations::clear();
	ADMINS.with(|admins| admins.borrow_mut().clear());
	MockOrganizations::add(MAKER, MAKER_ADMIN, &[OrgRole::Manufacturer]);
	MockOrganizations::add_member(MAKER, MAKER_STAFF, &[MemberRole::Logistics]);
	MockOrganizations::add_member(MAKER, MAKER_NOBODY, &[]);
	MockOrganizations::add_member(MAKER, MAKER_QA, &[MemberRole::Auditor]);
	MockOrganizations::add(OTHER_MAKER, OTHER_MAKER_ADMIN, &[OrgRole::Manufacturer]);
	MockOrganizations::add(WHOLESALER, WHOLESALER_ADMIN, &[OrgRole::Wholesaler]);
	MockOrganizations::add(PHARMACY, PHARMACY_ADMIN, &[OrgRole::Dispenser]);
	MockOrganizations::add_member(PHARMACY, PHARMACIST, &[MemberRole::Pharmacist]);
	MockOrganizations::add_member(PHARMACY, PHARMACY_CLERK, &[MemberRole::Logistics]);
	MockOrganizations::add(LOGISTICS, LOGISTICS_ADMIN, &[OrgRole::Logistics]);
	MockOrganizations::add(REGULATOR, REGULATOR_ADMIN, &[OrgRole::Regulator]);
	MockOrganizations::add_member(REGULATOR, INSPECTOR, &[MemberRole::Auditor]);
	MockOrganizations::add_member(REGULATOR, REGULATOR_CLERK, &[]);
	MockOrganizations::add(HOSPITAL, HOSPITAL_ADMIN, &[OrgRole::Provider]);
	MockOrganizations::add(PHARMACY_2, PHARMACY_2_ADMIN, &[OrgRole::Dispenser]);
	MockOrganizations::add(POOR_MAKER, POOR_MAKER_ADMIN, &[OrgRole::Manufacturer]);
	let mut by_org: alloc::collections::BTreeMap<OrgId, Vec<&[u8]>> = Default::default();
	for (org, prefix) in COMPANY_PREFIXES {
		by_org.entry(org).or_default().push(prefix);
	}
	for (org, prefixes) in by_org {
		MockOrganizations::set_company_prefixes(org, &prefixes);
	}
}

/// The externalities for the benchmark test suite.
#[cfg(feature = "runtime-benchmarks")]
pub fn new_test_ext() -> sp_io::TestExternalities {
	ExtBuilder::default().build()
}
