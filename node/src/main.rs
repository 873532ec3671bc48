//! Healthchain node: runs the Healthchain runtime with Aura block production and GRANDPA
//! finality, or with instant/manual sealing for development and tests.

#![warn(missing_docs)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_guard;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
