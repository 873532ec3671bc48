//! Builds the runtime's WASM blob (target `wasm32v1-none`) and makes it available to the native
//! crate as `WASM_BINARY`.
//!
//! It also builds the same runtime with the `upgrade-rehearsal` feature, which only raises
//! `spec_version`, as `healthchain_runtime_next.compact.compressed.wasm` next to the first blob:
//! the end-to-end runtime-upgrade test applies it to a running node. Both builds share every
//! compiled dependency; the second one costs a link.
//!
//! The third build is the parachain runtime (feature `parachain`, and never `runtime-benchmarks`
//! or `try-runtime`), written as `healthchain_parachain_runtime.compact.compressed.wasm` in the
//! same folder. Its chain spec comes from `healthchain-node chain-spec-builder`, and it runs on
//! `polkadot-omni-node`, or under Chopsticks in the tests.
//!
//! With `HC_PARACHAIN_BENCHMARKS=1` a fourth: the parachain with benchmarks, which
//! `scripts/benchmark.sh` runs to measure the parachain's own pallets.
//!
//! The blobs that ship carry the metadata hash (RFC-78) that `CheckMetadataHash` checks, so that
//! the Ledger generic app and other offline signers can sign for them: the parachain blob always,
//! the solo blob when the crate's `metadata-hash` feature is on (the production node's build,
//! docs/node.md). Each costs a second compile of this crate: the builder compiles the blob, reads
//! its metadata, and compiles it again with the hash.

#[cfg(feature = "std")]
#[path = "src/token.rs"]
mod token;

fn main() {
	#[cfg(feature = "std")]
	{
		let solo = substrate_wasm_builder::WasmBuilder::init_with_defaults();
		if std::env::var_os("CARGO_FEATURE_METADATA_HASH").is_some() {
			solo.enable_metadata_hash(token::TOKEN_SYMBOL, token::TOKEN_DECIMALS).build();
		} else {
			solo.build();
		}
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("upgrade-rehearsal")
			.set_file_name("healthchain_runtime_next")
			.build();
		// On request only (`HC_PARACHAIN_BENCHMARKS=1`, as `scripts/benchmark.sh` sets it), the
		// parachain with this build's features, benchmarks included:
		// `healthchain_parachain_runtime_benchmarks`, for `benchmark pallet --runtime`. Its
		// dependencies are compiled with the same features as the first blob's, so it costs
		// one more compile of this crate, which the everyday build does without.
		println!("cargo:rerun-if-env-changed=HC_PARACHAIN_BENCHMARKS");
		if std::env::var_os("HC_PARACHAIN_BENCHMARKS").is_some_and(|v| v == "1")
			&& std::env::var_os("CARGO_FEATURE_RUNTIME_BENCHMARKS").is_some()
		{
			substrate_wasm_builder::WasmBuilder::init_with_defaults()
				.enable_feature("parachain")
				.set_file_name("healthchain_parachain_runtime_benchmarks")
				.build();
		}
		// The parachain blob is built as it would ship: without the benchmarking and try-runtime
		// code the everyday build turns on. `polkadot-omni-node` refuses a runtime that imports
		// the benchmarking host functions, and the relay chain limits code size. The WASM
		// builder takes the crate's enabled features from these variables.
		std::env::remove_var("CARGO_FEATURE_RUNTIME_BENCHMARKS");
		std::env::remove_var("CARGO_FEATURE_TRY_RUNTIME");
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("parachain")
			.set_file_name("healthchain_parachain_runtime")
			.enable_metadata_hash(token::TOKEN_SYMBOL, token::TOKEN_DECIMALS)
			.build();
	}
}
