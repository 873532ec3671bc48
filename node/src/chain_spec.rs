//! Chain specifications built from the runtime's genesis presets.

use healthchain_runtime::{
	genesis_config_presets::DEMO_PRESET, SS58_PREFIX, TOKEN_DECIMALS, TOKEN_SYMBOL, WASM_BINARY,
};
use sc_service::ChainType;

/// The chain specification of this node.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token symbol, decimals and address format, for wallets and polkadot.js.
fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| "The runtime WASM binary is not available".to_string())?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// One validator (Alice), for `--dev`.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Healthchain Development",
		"healthchain_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// Two validators (Alice and Bob), for a local network.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Healthchain Local Testnet",
		"healthchain_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// One validator (Alice) and sample organizations, grants, records and products.
pub fn demo_chain_spec() -> Result<ChainSpec, String> {
	from_preset("Healthchain Demo", "healthchain_demo", ChainType::Development, DEMO_PRESET)
}
