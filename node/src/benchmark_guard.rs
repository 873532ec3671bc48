//! Keeps a node alive when someone calls the runtime's benchmarks through RPC.
//!
//! The everyday runtime carries the `Benchmark` runtime API, so that `benchmark pallet` can run
//! from the same binary. A `state_call` of `Benchmark_dispatch_benchmark` on a running node
//! reaches host functions that only a benchmark database supports: `wipe_db` and `commit_db`
//! drop the call's pending changes and then hit `unimplemented!()` in the node's database, and
//! the state machine panics outside every guard once the call returns, so the process exits.
//! Here those host functions trap instead: the runtime call fails, the caller gets an error and
//! the node keeps going. `benchmark pallet` builds its own executor over a benchmark database
//! with the real functions, so it is unaffected.

use sp_wasm_interface::{Function, FunctionContext, HostFunctions, Signature, Value};

/// The benchmarking host functions a node's database cannot serve, by their exported names
/// (`ext_<interface>_<function>_version_<n>`). Each takes no argument and returns nothing.
pub const BENCHMARK_DATABASE_ONLY: [&str; 3] = [
	"ext_benchmarking_wipe_db_version_1",
	"ext_benchmarking_commit_db_version_1",
	"ext_benchmarking_reset_read_write_count_version_1",
];

/// Overrides the functions of [`BENCHMARK_DATABASE_ONLY`] with ones that fail the runtime call.
pub struct BenchmarkDatabaseOnly;

fn refusal(name: &str) -> String {
	format!("{name}: runtime benchmarks run only under `benchmark pallet`, not on a live node")
}

/// One refused host function, for executors that look functions up by value.
struct Refused(&'static str);

impl Function for Refused {
	fn name(&self) -> &str {
		self.0
	}

	fn signature(&self) -> Signature {
		Signature::new(Vec::new(), None)
	}

	fn execute(
		&self,
		_: &mut dyn FunctionContext,
		_: &mut dyn Iterator<Item = Value>,
	) -> sp_wasm_interface::Result<Option<Value>> {
		Err(refusal(self.0))
	}
}

static REFUSED: [Refused; 3] = [
	Refused(BENCHMARK_DATABASE_ONLY[0]),
	Refused(BENCHMARK_DATABASE_ONLY[1]),
	Refused(BENCHMARK_DATABASE_ONLY[2]),
];

impl HostFunctions for BenchmarkDatabaseOnly {
	fn host_functions() -> Vec<&'static dyn Function> {
		REFUSED.iter().map(|f| f as &dyn Function).collect()
	}

	fn register_static<T>(registry: &mut T) -> Result<(), T::Error>
	where
		T: sp_wasm_interface::HostFunctionRegistry,
	{
		use sp_wasm_interface::{anyhow, wasmtime::Caller};
		for name in BENCHMARK_DATABASE_ONLY {
			registry.register_static(name, move |_: Caller<T::State>| -> anyhow::Result<()> {
				Err(anyhow::Error::msg(refusal(name)))
			})?;
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The override only applies while the names match the benchmarking interface: a new
	/// version of one of these functions must be added here.
	#[test]
	fn every_overridden_function_exists_with_no_arguments_and_no_result() {
		let real = frame_benchmarking::benchmarking::HostFunctions::host_functions();
		for name in BENCHMARK_DATABASE_ONLY {
			let function = real
				.iter()
				.find(|f| f.name() == name)
				.unwrap_or_else(|| panic!("{name} is a benchmarking host function"));
			assert_eq!(function.signature(), Signature::new(Vec::new(), None), "{name}");
		}
	}

	#[test]
	fn the_node_executor_uses_the_refusing_functions() {
		let all = crate::service::HostFunctions::host_functions();
		for (name, refused) in BENCHMARK_DATABASE_ONLY.iter().zip(&REFUSED) {
			let found: Vec<_> = all.iter().filter(|f| f.name() == *name).collect();
			assert_eq!(found.len(), 1, "{name} is registered once");
			assert!(std::ptr::addr_eq(*found[0], refused as &dyn Function), "{name} refuses");
		}
	}
}
