//! Genesis states the node can start from (`--chain dev|local|demo`, or `build-spec`):
//!
//! - `development`: Alice authors and finalizes alone; Alice..Ferdie funded; Alice is sudo.
//! - `local_testnet`: Alice and Bob are validators; same accounts and sudo.
//! - `demo`: `development` plus sample organizations, consent grants, records and products,
//!   so a newcomer can try every feature from polkadot.js at once.

use crate::{AccountId, Balance, BalancesConfig, RuntimeGenesisConfig, SudoConfig, UNIT};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Preset with sample healthcare data on top of `development`.
pub const DEMO_PRESET: &str = "demo";

/// What every dev account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The accounts funded in every dev preset: the well-known dev keys Alice..Ferdie.
pub fn endowed_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().take(6).map(|k| k.to_account_id()).collect()
}

fn authority(key: Sr25519Keyring) -> (AuraId, GrandpaId) {
	let ed = match key {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	(key.public().into(), ed.public().into())
}

/// The base genesis: authorities, funded accounts and the sudo key.
fn base_genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|(aura, _)| aura.clone()).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|(_, g)| (g.clone(), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

fn development() -> Value {
	base_genesis(
		vec![authority(Sr25519Keyring::Alice)],
		endowed_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

fn local_testnet() -> Value {
	base_genesis(
		vec![authority(Sr25519Keyring::Alice), authority(Sr25519Keyring::Bob)],
		endowed_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

fn demo() -> Value {
	let mut endowed = endowed_accounts();
	endowed.extend(crate::configs::healthcare::demo_accounts());
	let mut genesis = base_genesis(
		vec![authority(Sr25519Keyring::Alice)],
		endowed,
		Sr25519Keyring::Alice.to_account_id(),
	);
	json_merge(&mut genesis, crate::configs::healthcare::demo_genesis());
	genesis
}

/// Merges `patch` into `base`: objects key by key, anything else replaced.
pub fn json_merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				json_merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The preset named `id`, as a JSON patch over the default genesis.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet(),
		DEMO_PRESET => demo(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serializing a JSON value to a string cannot fail; qed")
			.into_bytes(),
	)
}

/// The names of every preset.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(DEMO_PRESET),
	]
}
