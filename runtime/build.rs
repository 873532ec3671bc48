//! Builds the runtime's WASM blob (target `wasm32v1-none`) and makes it available to the native
//! crate as `WASM_BINARY`.
//!
//! It also builds the same runtime with the `upgrade-rehearsal` feature, which only raises
//! `spec_version`, as `healthchain_runtime_next.compact.compressed.wasm` next to the first blob:
//! the end-to-end runtime-upgrade test applies it to a running node. Both builds share every
//! compiled dependency; the second one costs a link.

fn main() {
	#[cfg(feature = "std")]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature("upgrade-rehearsal")
			.set_file_name("healthchain_runtime_next")
			.build();
	}
}
