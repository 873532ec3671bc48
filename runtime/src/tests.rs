//! Runtime integration tests: genesis presets build, the runtime executes real blocks natively,
//! and every pallet's integrity test holds.

use crate::{
	configs::RuntimeBlockWeights, genesis_config_presets, AccountId, Address, Balances, Consent,
	Executive, Header, Organizations, Records, Runtime, RuntimeCall, RuntimeGenesisConfig,
	Signature, SignedPayload, SupplyChain, System, TxExtension, UncheckedExtrinsic, SLOT_DURATION,
	UNIT,
};
use codec::Encode;
use frame_support::traits::{
	fungible::{Inspect, InspectHold},
	IntegrityTest,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic, traits::Header as _, BuildStorage, Digest, DigestItem};

mod base_weight;
// The copy is of the development runtime the node embeds (benchmarks and try-runtime in):
// runtime APIs are part of the metadata.
#[cfg(all(feature = "runtime-benchmarks", feature = "try-runtime", not(feature = "parachain")))]
mod client_metadata;
mod fees;
mod proxy;
#[cfg(feature = "try-runtime")]
mod try_runtime;
mod weight_limits;
#[cfg(feature = "parachain")]
mod xcm;

/// The storage of the genesis preset `name`, built the way a node builds it: the preset's JSON
/// patch applied over the default genesis config.
fn preset_storage(name: &str) -> sp_runtime::Storage {
	let patch = genesis_config_presets::get_preset(&name.into())
		.unwrap_or_else(|| panic!("preset {name} exists"));
	let patch: serde_json::Value = serde_json::from_slice(&patch).expect("preset is JSON");
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).expect("serializes");
	genesis_config_presets::json_merge(&mut config, patch);
	let config: RuntimeGenesisConfig =
		serde_json::from_value(config).expect("patched preset is a valid genesis config");
	config.build_storage().expect("genesis storage builds")
}

fn tx_extension(nonce: crate::Nonce) -> TxExtension {
	crate::tx_extension(nonce, generic::Era::Immortal)
}

/// A transaction signed by a dev key, exactly as a wallet would sign it.
fn signed(call: RuntimeCall, who: Sr25519Keyring, nonce: crate::Nonce) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("payload builds");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		Address::Id(who.to_account_id()),
		Signature::Sr25519(signature),
		extension,
	)
}

/// Opens block `number` at Aura slot `slot` and sets its timestamp.
fn open_block(number: crate::BlockNumber, slot: u64) {
	let digest =
		Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
	let parent = System::block_hash(number - 1);
	let header = Header::new(number, Default::default(), Default::default(), parent, digest);
	Executive::initialize_block(&header);
	let now = slot * SLOT_DURATION;
	let timestamp = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
	Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(timestamp))
		.expect("timestamp inherent is valid")
		.expect("timestamp inherent dispatches");
}

#[test]
fn every_preset_builds_its_genesis_storage() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), 3);
	for name in names {
		let storage = preset_storage(&name);
		sp_io::TestExternalities::new(storage).execute_with(|| {
			for who in genesis_config_presets::endowed_accounts() {
				assert_eq!(Balances::balance(&who), genesis_config_presets::ENDOWMENT, "{name}");
			}
			assert_eq!(
				pallet_sudo::Key::<Runtime>::get(),
				Some(Sr25519Keyring::Alice.to_account_id())
			);
			assert!(!pallet_aura::Authorities::<Runtime>::get().is_empty());
		});
	}
}

// GRANDPA is the solo chain's: the parachain's collators are `pallet_collator_selection`'s.
#[cfg(not(feature = "parachain"))]
#[test]
fn local_testnet_has_two_validators() {
	sp_io::TestExternalities::new(preset_storage("local_testnet")).execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 2);
		assert_eq!(pallet_grandpa::Pallet::<Runtime>::grandpa_authorities().len(), 2);
	});
}

#[test]
fn unknown_preset_is_none() {
	assert!(genesis_config_presets::get_preset(&"no-such-preset".into()).is_none());
}

// A parachain block needs the relay chain's validation data inherent, which this test does not
// make.
#[cfg(not(feature = "parachain"))]
#[test]
fn runtime_executes_blocks_with_signed_transactions() {
	let bob: AccountId = Sr25519Keyring::Bob.to_account_id();
	let fresh: AccountId = Sr25519Keyring::One.to_account_id();
	sp_io::TestExternalities::new(preset_storage("development")).execute_with(|| {
		let bob_before = Balances::balance(&bob);

		open_block(1, 1_000);
		let transfer = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Address::Id(fresh.clone()),
			value: 10 * UNIT,
		});
		Executive::apply_extrinsic(signed(transfer, Sr25519Keyring::Bob, 0))
			.expect("transfer is valid")
			.expect("transfer dispatches");
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::System(frame_system::Call::remark { remark: b"one".to_vec() }),
				RuntimeCall::System(frame_system::Call::remark { remark: b"two".to_vec() }),
			],
		});
		Executive::apply_extrinsic(signed(batch, Sr25519Keyring::Bob, 1))
			.expect("batch is valid")
			.expect("batch dispatches");
		// A call of a healthcare pallet: Bob makes Charlie his guardian (a deposit is held).
		let appoint = RuntimeCall::Consent(pallet_consent::Call::appoint_guardian {
			guardian: Sr25519Keyring::Charlie.to_account_id(),
		});
		Executive::apply_extrinsic(signed(appoint, Sr25519Keyring::Bob, 2))
			.expect("appointment is valid")
			.expect("appointment dispatches");
		let header = Executive::finalize_block();
		assert_eq!(header.number, 1);
		assert_eq!(
			Consent::guardians_of(bob.clone()),
			vec![Sr25519Keyring::Charlie.to_account_id()]
		);
		assert!(Balances::total_balance_on_hold(&bob) > 0);

		assert_eq!(Balances::balance(&fresh), 10 * UNIT);
		// Bob paid the transfer and two transactions' fees.
		assert!(Balances::balance(&bob) < bob_before - 10 * UNIT);
		assert_eq!(System::account_nonce(&bob), 3);

		// The next block follows in the next slot; a replayed transaction is refused.
		open_block(2, 1_001);
		let replay = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Address::Id(fresh.clone()),
			value: 10 * UNIT,
		});
		assert!(Executive::apply_extrinsic(signed(replay, Sr25519Keyring::Bob, 0)).is_err());
		Executive::finalize_block();
		assert_eq!(Balances::balance(&fresh), 10 * UNIT);
	});
}

#[test]
fn demo_preset_accredits_sample_organizations_grants_records_and_products() {
	use healthchain_primitives::{AccessDecision, AccessTarget, Action, MemberRole, Purpose};
	sp_io::TestExternalities::new(preset_storage("demo")).execute_with(|| {
		let charlie = Sr25519Keyring::Charlie.to_account_id();
		let patient = Sr25519Keyring::AliceStash.to_account_id();
		// Charlie is a clinician of General Hospital (organization 1), not its admin.
		let (org, roles, is_admin) = Organizations::account_info(charlie.clone()).expect("member");
		assert_eq!(org, 1);
		assert!(roles.contains(&MemberRole::EmergencyClinician) && !is_admin);
		assert_eq!(
			Organizations::account_info(Sr25519Keyring::Two.to_account_id()).map(|i| i.0),
			Some(6)
		);
		// The agency's admin is its auditor: it reviews emergency accesses for the oversight
		// side.
		let (org, roles, is_admin) =
			Organizations::account_info(Sr25519Keyring::Alice.to_account_id()).expect("admin");
		assert_eq!(org, 0);
		assert!(roles.contains(&MemberRole::Auditor) && is_admin);
		// Each organization's metadata names it inline, for wallets and the web app.
		let hospital = Organizations::organization(1).expect("General Hospital");
		assert_eq!(&hospital.metadata[..], b"data:,General%20Hospital");
		// The patient's grant to the hospital lets Charlie read her record 0 for treatment.
		assert!(Records::record(0).is_some());
		let decision = Consent::check_access(
			patient.clone(),
			charlie,
			AccessTarget::Record(0),
			Purpose::Treatment,
			Action::Read,
		);
		assert!(matches!(decision, AccessDecision::Permitted(_)), "{decision:?}");
		for gtin in crate::genesis_config_presets::demo::DEMO_GTINS {
			let gtin: [u8; 14] = gtin.as_bytes().try_into().expect("14 digits");
			assert!(SupplyChain::product(gtin).is_some());
		}
		for who in crate::genesis_config_presets::demo::demo_accounts() {
			assert_eq!(Balances::balance(&who), genesis_config_presets::ENDOWMENT);
		}
	});
}

#[test]
fn demo_record_carries_the_tags_a_wallet_derives_from_the_patients_uri() {
	use crate::genesis_config_presets::demo::{demo_blind_key, demo_record};
	use healthchain_primitives::{
		blind::{self, Field},
		AccessDecision, AccessTarget, Action, Purpose, RecordsInspect,
	};
	sp_io::TestExternalities::new(preset_storage("demo")).execute_with(|| {
		let patient = Sr25519Keyring::AliceStash.to_account_id();
		// What `blindKeyFromSuri('//Alice//stash')` gives a script.
		let key = blind::key_from_suri(b"//Alice//stash");
		assert_eq!(demo_blind_key(Sr25519Keyring::AliceStash), key);
		let day = blind::day_of(demo_record::DATE).expect("2026 is a representable day");
		let category = blind::code_tag(&key, Field::Category, b"11506-3");

		let facts =
			<Records as RecordsInspect<AccountId>>::record_facts(0).expect("record 0 lives");
		assert_eq!(facts.patient, patient);
		assert_eq!(facts.chain, 0);
		assert_eq!(facts.blind.category, category);
		let salt = match demo_record::HASH {
			healthchain_primitives::ContentHash::Sha256(bytes) => bytes,
			other => panic!("the demo record's hash is SHA-256, not {other:?}"),
		};
		assert_eq!(Some(facts.blind.labels), blind::label_tags(&key, &[b"N"], &salt));
		assert_eq!(facts.blind.dates, blind::date_tags(&key, day));
		let body = Records::record(0).and_then(|info| info.body).expect("record 0 has a body");
		assert_eq!(body.type_code, blind::code_tag(&key, Field::Type, b"11506-3"));

		// No code appears in the clear, and another key's tags do not match.
		let stored = pallet_records::Records::<Runtime>::get(0).expect("stored").encode();
		assert!(!stored.windows(7).any(|w| w == b"11506-3"));
		let stranger = blind::key_from_suri(b"//Bob");
		assert_ne!(blind::code_tag(&stranger, Field::Category, b"11506-3"), category);

		// The patient's wallet finds it by its category tag; a period around its date covers it.
		let page = Records::records_of(patient.clone(), Some(category), None, 10);
		assert_eq!(page.records.iter().map(|r| r.id).collect::<Vec<_>>(), vec![0]);
		let other = blind::code_tag(&key, Field::Category, b"18842-5");
		assert!(Records::records_of(patient.clone(), Some(other), None, 10).records.is_empty());
		let january = blind::period_tags(&key, day, day + 30).expect("a valid period");
		assert!(blind::period_covers(&january, &facts.blind.dates));
		let december = blind::period_tags(&key, day - 31, day - 1).expect("a valid period");
		assert!(!blind::period_covers(&december, &facts.blind.dates));

		// The hospital's grant covers the category too.
		let decision = Consent::check_access(
			patient,
			Sr25519Keyring::Charlie.to_account_id(),
			AccessTarget::Category(category),
			Purpose::Treatment,
			Action::Read,
		);
		assert!(matches!(decision, AccessDecision::Permitted(_)), "{decision:?}");
	});
}

#[test]
fn every_pallet_passes_its_integrity_test() {
	sp_io::TestExternalities::new(preset_storage("development"))
		.execute_with(crate::AllPalletsWithSystem::integrity_test);
}

#[test]
fn block_limits_leave_room_for_operational_transactions() {
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(frame_support::dispatch::DispatchClass::Normal);
	let max_normal = normal.max_total.expect("normal class is limited");
	assert!(max_normal.ref_time() < weights.max_block.ref_time());
}

#[test]
fn runtime_code_fits_in_a_block_for_an_upgrade() {
	let code = crate::WASM_BINARY.expect("the runtime is built with its WASM");
	// `set_code` or `apply_authorized_upgrade` carries the code and about a hundred bytes more.
	let limit = crate::configs::MAX_BLOCK_LENGTH as usize - 1024;
	assert!(code.len() <= limit, "runtime code of {} bytes, upgrades fit {limit}", code.len());
	println!("runtime code: {} bytes, {} bytes of headroom", code.len(), limit - code.len());
}

#[test]
fn key_deposit_follows_the_records_deposit_formula() {
	use crate::configs::healthcare::{KeyDeposit, RecordDepositBase, RecordDepositPerByte};
	use codec::MaxEncodedLen;
	// Key 32 bytes, version 4, block 4, deposit 16.
	assert_eq!(pallet_key_directory::PublishedKeyOf::<Runtime>::max_encoded_len(), 56);
	assert_eq!(KeyDeposit::get(), RecordDepositBase::get() + 56 * RecordDepositPerByte::get());
	assert_eq!(KeyDeposit::get(), 10_560_000_000);
}

/// `pallet_consent`'s access decision reads every deny provision of the patient, and its
/// measured weight (`log_access`, which the records calls are charged too) was taken with 16
/// denies of these sizes: the bounds it was measured at must be the runtime's.
#[test]
fn consent_decision_weight_counts_the_runtimes_deny_bounds() {
	use frame_support::traits::{Get, StorageInfoTrait};
	let info = pallet_consent::Pallet::<Runtime>::storage_info();
	let max_size = |name: &str| {
		info.iter().find(|item| item.storage_name == name.as_bytes()).and_then(|item| item.max_size)
	};
	assert_eq!(max_size("Denies"), Some(662));
	assert_eq!(max_size("DeniesByPair"), Some(226));
	let max_denies: u32 = <Runtime as pallet_consent::Config>::MaxDeniesPerPatient::get();
	assert_eq!(max_denies, 16);
}
