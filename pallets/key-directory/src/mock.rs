//! Mock runtime for the key directory's tests and benchmarks.

use crate as pallet_key_directory;
use frame_support::{derive_impl, parameter_types, traits::ConstU64};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		KeyDirectory: pallet_key_directory,
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
/// Deposit for a published key.
pub const KEY_DEPOSIT: u64 = 10;

parameter_types! {
	pub const KeyDeposit: u64 = KEY_DEPOSIT;
}

impl pallet_key_directory::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyDeposit = KeyDeposit;
	type WeightInfo = ();
}

/// Funded accounts.
pub const ALICE: u64 = 1;
/// Funded.
pub const BOB: u64 = 2;
/// An account whose free balance, less the existential deposit, is below the deposit.
pub const POOR: u64 = 50;
/// Starting balance of the funded accounts.
pub const FUNDS: u64 = 1_000;

/// Externalities with [`ALICE`] and [`BOB`] funded and [`POOR`] nearly empty, at block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, FUNDS), (BOB, FUNDS), (POOR, ED + KEY_DEPOSIT - 1)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test`, then checks the storage invariants.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		KeyDirectory::do_try_state().expect("storage invariants hold after the test");
	});
}
