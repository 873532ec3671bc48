//! Healthchain node: runs the Healthchain runtime with Aura block production and GRANDPA
//! finality, or with instant/manual sealing for development and tests.

#![warn(missing_docs)]
// The node returns the framework's own errors (`sc_cli::Error`, `sc_service::Error`) as they
// are: they are large, and boxing them at every call would only hide where they come from.
#![allow(clippy::result_large_err)]

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
