//! Proxy types are whitelists: a proxy reaches only the calls its type is for.

use super::preset_storage;
use crate::{
	configs::ProxyType, Balances, KeyDirectory, Organizations, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System, UNIT,
};
use frame_support::{
	assert_ok,
	traits::{fungible::Inspect, InstanceFilter},
};
use healthchain_primitives::{MemberRole, OrgRole};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Dispatchable, DispatchError};

fn proxy(real: Sr25519Keyring, call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Proxy(pallet_proxy::Call::proxy {
		real: real.to_account_id().into(),
		force_proxy_type: None,
		call: Box::new(call),
	})
}

/// The result of the last call the proxy pallet dispatched (`ProxyExecuted`).
fn last_proxy_result() -> Result<(), DispatchError> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
			_ => None,
		})
		.expect("a proxy call was executed")
}

fn add_proxy(real: Sr25519Keyring, delegate: Sr25519Keyring, proxy_type: ProxyType) {
	assert_ok!(RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
		delegate: delegate.to_account_id().into(),
		proxy_type,
		delay: 0,
	})
	.dispatch(RuntimeOrigin::signed(real.to_account_id())));
}

fn call_filtered() -> DispatchError {
	frame_system::Error::<Runtime>::CallFiltered.into()
}

#[test]
fn non_transfer_proxy_cannot_reach_root_through_sudo() {
	sp_io::TestExternalities::new(preset_storage("development")).execute_with(|| {
		System::set_block_number(1);
		// Alice holds the sudo key on the development chain.
		add_proxy(Sr25519Keyring::Alice, Sr25519Keyring::Bob, ProxyType::NonTransfer);
		let dave = Sr25519Keyring::Dave.to_account_id();
		let before = Balances::balance(&dave);
		let mint = RuntimeCall::Balances(pallet_balances::Call::force_set_balance {
			who: dave.clone().into(),
			new_free: 1_000_000 * UNIT,
		});
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(mint) });
		assert_ok!(proxy(Sr25519Keyring::Alice, sudo)
			.dispatch(RuntimeOrigin::signed(Sr25519Keyring::Bob.to_account_id())));
		assert_eq!(last_proxy_result(), Err(call_filtered()));
		assert_eq!(Balances::balance(&dave), before);
	});
}

#[test]
fn non_transfer_proxy_cannot_move_an_organizations_deposits_through_membership() {
	sp_io::TestExternalities::new(preset_storage("development")).execute_with(|| {
		System::set_block_number(1);
		let admin = Sr25519Keyring::Charlie;
		assert_ok!(Organizations::register(
			RuntimeOrigin::root(),
			admin.to_account_id().into(),
			healthchain_primitives::role_set(&[OrgRole::Provider]),
			pallet_organizations::Credential {
				hash: [1; 32],
				issuer: b"GMC".to_vec().try_into().expect("short")
			},
			Default::default(),
		));
		let org = pallet_organizations::NextOrgId::<Runtime>::get() - 1;
		assert_ok!(Organizations::accept_admin(RuntimeOrigin::signed(admin.to_account_id()), org));
		add_proxy(admin, Sr25519Keyring::Eve, ProxyType::NonTransfer);
		let calls = [
			RuntimeCall::Organizations(pallet_organizations::Call::add_member {
				org,
				who: Sr25519Keyring::Eve.to_account_id().into(),
				roles: healthchain_primitives::role_set(&[MemberRole::Staff]),
			}),
			RuntimeCall::Organizations(pallet_organizations::Call::transfer_admin {
				org,
				new_admin: Sr25519Keyring::Eve.to_account_id().into(),
			}),
		];
		for call in calls {
			assert_ok!(proxy(admin, call)
				.dispatch(RuntimeOrigin::signed(Sr25519Keyring::Eve.to_account_id())));
			assert_eq!(last_proxy_result(), Err(call_filtered()));
		}
		assert_eq!(
			pallet_organizations::Organizations::<Runtime>::get(org).map(|o| o.admin),
			Some(admin.to_account_id())
		);
	});
}

#[test]
fn proxy_types_allow_only_the_calls_they_are_for() {
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Sr25519Keyring::Bob.to_account_id().into(),
		value: UNIT,
	});
	let revoke = RuntimeCall::Consent(pallet_consent::Call::revoke { grant_id: 0 });
	let acknowledge = RuntimeCall::Records(pallet_records::Call::acknowledge { record: 0 });
	let receive = RuntimeCall::SupplyChain(pallet_supply_chain::Call::receive { shipment: 0 });
	let publish_key =
		RuntimeCall::KeyDirectory(pallet_key_directory::Call::publish_key { key: [9; 32] });
	let remove_key = RuntimeCall::KeyDirectory(pallet_key_directory::Call::remove_key {});
	let dispute =
		RuntimeCall::Claims(pallet_claims::Call::dispute_claim { claim: 0, reason: [1; 32] });
	let fund = RuntimeCall::Claims(pallet_claims::Call::fund_program { program: 0, amount: UNIT });
	let approve = RuntimeCall::Claims(pallet_claims::Call::adjudicate { claim: 0, approve: true });
	let lock =
		RuntimeCall::Trials(pallet_trials::Call::lock_data { trial: 0, dataset_root: [2; 32] });
	let set_code = RuntimeCall::System(frame_system::Call::set_code { code: vec![] });
	let batch = RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![] });
	let add_proxy = RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
		delegate: Sr25519Keyring::Bob.to_account_id().into(),
		proxy_type: ProxyType::Any,
		delay: 0,
	});

	// (type, call, allowed)
	let cases = [
		(ProxyType::NonTransfer, &revoke, true),
		(ProxyType::NonTransfer, &acknowledge, true),
		(ProxyType::NonTransfer, &receive, true),
		(ProxyType::NonTransfer, &remark, true),
		(ProxyType::NonTransfer, &publish_key, true),
		(ProxyType::NonTransfer, &remove_key, true),
		(ProxyType::NonTransfer, &batch, true),
		(ProxyType::NonTransfer, &dispute, true),
		(ProxyType::NonTransfer, &lock, true),
		(ProxyType::NonTransfer, &transfer, false),
		(ProxyType::NonTransfer, &fund, false),
		(ProxyType::NonTransfer, &approve, false),
		(ProxyType::NonTransfer, &set_code, false),
		(ProxyType::NonTransfer, &add_proxy, false),
		(ProxyType::Consent, &revoke, true),
		(ProxyType::Consent, &acknowledge, true),
		(ProxyType::Consent, &receive, false),
		(ProxyType::Consent, &publish_key, true),
		(ProxyType::Consent, &remove_key, true),
		(ProxyType::Consent, &transfer, false),
		(ProxyType::SupplyChain, &receive, true),
		(ProxyType::SupplyChain, &revoke, false),
		(ProxyType::SupplyChain, &acknowledge, false),
		(ProxyType::SupplyChain, &publish_key, false),
		(ProxyType::CancelProxy, &publish_key, false),
		(ProxyType::CancelProxy, &revoke, false),
		(ProxyType::Any, &transfer, true),
	];
	for (proxy_type, call, allowed) in cases {
		assert_eq!(proxy_type.filter(call), allowed, "{proxy_type:?} on {call:?}");
	}
	assert!(ProxyType::NonTransfer.is_superset(&ProxyType::Consent));
	assert!(ProxyType::NonTransfer.is_superset(&ProxyType::SupplyChain));
	assert!(!ProxyType::Consent.is_superset(&ProxyType::NonTransfer));
	assert!(!ProxyType::SupplyChain.is_superset(&ProxyType::Consent));
}

#[test]
fn consent_proxy_publishes_and_removes_the_real_accounts_encryption_key() {
	sp_io::TestExternalities::new(preset_storage("development")).execute_with(|| {
		System::set_block_number(1);
		// RFC 7748 section 6.1: Alice's X25519 public key.
		let key = [
			0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d, 0xdc, 0xb4, 0x3e,
			0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38, 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e,
			0xaa, 0x9b, 0x4e, 0x6a,
		];
		let (real, delegate) = (Sr25519Keyring::Charlie, Sr25519Keyring::Eve);
		add_proxy(real, delegate, ProxyType::Consent);
		let publish = RuntimeCall::KeyDirectory(pallet_key_directory::Call::publish_key { key });
		assert_ok!(proxy(real, publish).dispatch(RuntimeOrigin::signed(delegate.to_account_id())));
		assert_eq!(last_proxy_result(), Ok(()));
		assert_eq!(KeyDirectory::key_of(real.to_account_id()).map(|k| k.key), Some(key));
		assert_eq!(KeyDirectory::key_of(delegate.to_account_id()), None);

		let remove = RuntimeCall::KeyDirectory(pallet_key_directory::Call::remove_key {});
		assert_ok!(proxy(real, remove).dispatch(RuntimeOrigin::signed(delegate.to_account_id())));
		assert_eq!(last_proxy_result(), Ok(()));
		assert_eq!(KeyDirectory::key_of(real.to_account_id()), None);
	});
}
