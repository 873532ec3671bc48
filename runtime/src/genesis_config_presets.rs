//! Genesis states the node can start from (`--chain dev|local|demo`, or `build-spec`), and the
//! parachain's chain specs (`chain-spec-builder ... named-preset <name>`):
//!
//! - `development`: Alice authors (and on the solo chain finalizes) alone; Alice..Ferdie
//!   funded; Alice is sudo.
//! - `local_testnet`: Alice and Bob are validators (collators on the parachain); same accounts
//!   and sudo.
//! - `demo`: `development` plus sample organizations, consent grants, records and products,
//!   so a newcomer can try every feature from polkadot.js at once.
//!
//! The parachain's presets carry its para id, `PARA_ID` (2000); the relay chain is named in its
//! chain spec (`scripts/parachain-spec.sh`, `rococo-local` by default).

pub mod demo;

use crate::{AccountId, Balance, BalancesConfig, RuntimeGenesisConfig, SudoConfig, UNIT};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::Sr25519Keyring;

/// Preset with sample healthcare data on top of `development`.
pub const DEMO_PRESET: &str = "demo";

/// What every dev account starts with.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The accounts funded in every dev preset: the well-known dev keys Alice..Ferdie.
pub fn endowed_accounts() -> Vec<AccountId> {
	Sr25519Keyring::iter().take(6).map(|k| k.to_account_id()).collect()
}

/// The para id of the parachain's presets: the first id a relay chain hands out to a new
/// parachain (`registrar.reserve` on a fresh `rococo-local`).
#[cfg(feature = "parachain")]
pub const PARA_ID: u32 = 2000;

/// XCM version assumed for destinations that have not told theirs.
#[cfg(feature = "parachain")]
pub const SAFE_XCM_VERSION: u32 = xcm::prelude::XCM_VERSION;

/// The base genesis: Aura and GRANDPA authorities, funded accounts and the sudo key.
#[cfg(not(feature = "parachain"))]
fn base_genesis(
	authorities: Vec<Sr25519Keyring>,
	endowed: Vec<AccountId>,
	root: AccountId,
) -> Value {
	use sp_consensus_aura::sr25519::AuthorityId as AuraId;
	use sp_consensus_grandpa::AuthorityId as GrandpaId;
	use sp_keyring::Ed25519Keyring;
	// GRANDPA keys are ed25519: the same dev name's ed25519 key.
	let grandpa = |key: &Sr25519Keyring| -> GrandpaId {
		let ed = match key {
			Sr25519Keyring::Alice => Ed25519Keyring::Alice,
			Sr25519Keyring::Bob => Ed25519Keyring::Bob,
			Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
			Sr25519Keyring::Dave => Ed25519Keyring::Dave,
			Sr25519Keyring::Eve => Ed25519Keyring::Eve,
			_ => Ed25519Keyring::Ferdie,
		};
		ed.public().into()
	};
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		aura: pallet_aura::GenesisConfig {
			authorities: authorities.iter().map(|k| AuraId::from(k.public())).collect::<Vec<_>>(),
		},
		grandpa: pallet_grandpa::GenesisConfig {
			authorities: authorities.iter().map(|k| (grandpa(k), 1)).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: Some(root) },
	})
}

/// The base genesis: the para id, the collators (invulnerable, with their Aura session keys),
/// funded accounts and the sudo key.
#[cfg(feature = "parachain")]
fn base_genesis(collators: Vec<Sr25519Keyring>, endowed: Vec<AccountId>, root: AccountId) -> Value {
	use crate::{
		CollatorSelectionConfig, ParachainInfoConfig, PolkadotXcmConfig, SessionConfig,
		SessionKeys, EXISTENTIAL_DEPOSIT,
	};
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: PARA_ID.into() },
		collator_selection: CollatorSelectionConfig {
			invulnerables: collators.iter().map(|k| k.to_account_id()).collect::<Vec<_>>(),
			candidacy_bond: EXISTENTIAL_DEPOSIT * 16,
		},
		session: SessionConfig {
			keys: collators
				.iter()
				.map(|k| {
					let account = k.to_account_id();
					(account.clone(), account, SessionKeys { aura: k.public().into() })
				})
				.collect::<Vec<_>>(),
		},
		polkadot_xcm: PolkadotXcmConfig { safe_xcm_version: Some(SAFE_XCM_VERSION) },
		sudo: SudoConfig { key: Some(root) },
	})
}

fn development() -> Value {
	base_genesis(
		vec![Sr25519Keyring::Alice],
		endowed_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

fn local_testnet() -> Value {
	base_genesis(
		vec![Sr25519Keyring::Alice, Sr25519Keyring::Bob],
		endowed_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

fn demo() -> Value {
	let mut endowed = endowed_accounts();
	endowed.extend(demo::demo_accounts());
	let mut genesis =
		base_genesis(vec![Sr25519Keyring::Alice], endowed, Sr25519Keyring::Alice.to_account_id());
	json_merge(&mut genesis, demo::demo_genesis());
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
