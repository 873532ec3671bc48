//! The runtime-upgrade checks a chain runs before it takes new code, in process: every migration
//! with its pre- and post-upgrade checks, the storage versions, and every pallet's `try_state`
//! over the demo chain's state after real blocks.

use super::{open_block, preset_storage, signed};
use crate::{AllPalletsWithSystem, Consent, Executive, Runtime, RuntimeCall, System, VERSION};
use frame_support::traits::{
	GetStorageVersion, PalletInfoAccess, StorageVersion, TryState, TryStateSelect,
};
use frame_try_runtime::UpgradeCheckSelect;
use sp_keyring::Sr25519Keyring;

/// The demo chain after two blocks of signed transactions that touch the healthcare pallets.
fn populated() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(preset_storage("demo"));
	ext.execute_with(|| {
		open_block(1, 1_000);
		let appoint = RuntimeCall::Consent(pallet_consent::Call::appoint_guardian {
			guardian: Sr25519Keyring::Charlie.to_account_id(),
		});
		Executive::apply_extrinsic(signed(appoint, Sr25519Keyring::Bob, 0))
			.expect("appointment is valid")
			.expect("appointment dispatches");
		Executive::finalize_block();
		// A day later: the expiry queue and idle-time work have run in between.
		open_block(2, 1_000 + 14_400);
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: b"audit".to_vec() });
		Executive::apply_extrinsic(signed(remark, Sr25519Keyring::Bob, 1))
			.expect("remark is valid")
			.expect("remark dispatches");
		Executive::finalize_block();
		assert_eq!(System::block_number(), 2);
	});
	ext
}

/// Every pallet's on-chain storage version is the one its code declares: nothing was left
/// without a migration.
fn assert_storage_versions_match() {
	fn check<P: GetStorageVersion<InCodeStorageVersion = StorageVersion> + PalletInfoAccess>() {
		assert_eq!(
			P::on_chain_storage_version(),
			P::in_code_storage_version(),
			"storage version of {}",
			P::name()
		);
	}
	check::<pallet_organizations::Pallet<Runtime>>();
	check::<pallet_consent::Pallet<Runtime>>();
	check::<pallet_records::Pallet<Runtime>>();
	check::<pallet_supply_chain::Pallet<Runtime>>();
}

#[test]
fn upgrade_checks_pass_over_a_populated_chain() {
	populated().execute_with(|| {
		assert_storage_versions_match();
		let weight = Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("migrations, their checks and every pallet's try_state pass");
		let max_block = crate::configs::RuntimeBlockWeights::get().max_block;
		assert!(weight.all_lte(max_block), "upgrade weight {weight} fits in one block");
		assert_storage_versions_match();
		// The upgrade records the code it ran for, so it does not run twice.
		let last = frame_system::LastRuntimeUpgrade::<Runtime>::get().expect("recorded");
		assert_eq!(last.spec_version.0, VERSION.spec_version);
		AllPalletsWithSystem::try_state(System::block_number(), TryStateSelect::All)
			.expect("state still consistent after the upgrade");
	});
}

#[test]
fn upgrade_checks_refuse_a_chain_with_a_broken_index() {
	populated().execute_with(|| {
		let (patient, grant) = pallet_consent::GrantsOfPatient::<Runtime>::iter_keys()
			.next()
			.expect("the demo chain has grants");
		pallet_consent::GrantsOfPatient::<Runtime>::remove(&patient, grant);
		assert!(Consent::do_try_state().is_err());
		assert!(Executive::try_runtime_upgrade(UpgradeCheckSelect::All).is_err());
		// Without the state checks the same upgrade goes through: it is try_state that caught it.
		assert!(Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).is_ok());
	});
}
