//! Builds the runtime's WASM blob (target `wasm32v1-none`) and makes it available to the native
//! crate as `WASM_BINARY`.

fn main() {
	#[cfg(feature = "std")]
	substrate_wasm_builder::WasmBuilder::build_using_defaults();
}
