//! Replays the committed fuzzing corpus (and any crash inputs) through the harness on every
//! `cargo test`, and checks that the seeds really reach every call they are meant to.

use frame_support::traits::{GetCallName, PalletInfoAccess};
use healthchain_fuzz::{run_with_stats, seeds::seeds, Runtime, Stats};
use std::{
	fs,
	path::{Path, PathBuf},
};

/// `tests/fuzz/<dir>/runtime`: where cargo-fuzz keeps the `runtime` target's files.
fn target_dir(dir: &str) -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join("runtime")
}

/// The files in `dir`, sorted; none when `dir` does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
	let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
	let mut files: Vec<PathBuf> = entries
		.map(|entry| entry.expect("a corpus directory entry is readable").path())
		.filter(|path| path.is_file())
		.collect();
	files.sort();
	files
}

/// `(pallet, call)` for every call of `Call`, named as the runtime's metadata names them.
fn calls_of<P: PalletInfoAccess, C: GetCallName>() -> Vec<(&'static str, &'static str)> {
	C::get_call_names().iter().map(|call| (P::name(), *call)).collect()
}

#[test]
fn corpus_replays_and_its_seeds_reach_every_call() {
	let corpus = files(&target_dir("corpus"));
	assert!(!corpus.is_empty(), "the corpus is empty: write it with `write_seed_corpus`");
	let crashes = files(&target_dir("artifacts"));
	let mut total = Stats::default();
	for path in corpus.iter().chain(&crashes) {
		// Printed before the run, so a failure names its input.
		eprintln!("replaying {}", path.display());
		let data = fs::read(path).expect("a corpus file is readable");
		total.merge(&run_with_stats(&data));
	}
	println!("{} inputs ({} crash inputs)\n{total}", corpus.len() + crashes.len(), crashes.len());

	for pallet in [
		"Organizations",
		"Consent",
		"Records",
		"SupplyChain",
		"KeyDirectory",
		"Claims",
		"Trials",
		"Balances",
	] {
		assert!(total.succeeded_in(pallet) > 0, "no call of {pallet} succeeded");
	}
	let mut expected = Vec::new();
	expected
		.extend(
			calls_of::<healthchain_runtime::Organizations, pallet_organizations::Call<Runtime>>(),
		);
	expected.extend(calls_of::<healthchain_runtime::Consent, pallet_consent::Call<Runtime>>());
	expected.extend(calls_of::<healthchain_runtime::Records, pallet_records::Call<Runtime>>());
	expected
		.extend(calls_of::<healthchain_runtime::SupplyChain, pallet_supply_chain::Call<Runtime>>());
	expected
		.extend(
			calls_of::<healthchain_runtime::KeyDirectory, pallet_key_directory::Call<Runtime>>(),
		);
	expected.extend(calls_of::<healthchain_runtime::Claims, pallet_claims::Call<Runtime>>());
	expected.extend(calls_of::<healthchain_runtime::Trials, pallet_trials::Call<Runtime>>());
	expected.extend(
		[
			"transfer_allow_death",
			"transfer_keep_alive",
			"transfer_all",
			"force_transfer",
			"force_set_balance",
		]
		.map(|call| ("Balances", call)),
	);
	let missing: Vec<_> = expected
		.into_iter()
		.filter(|call| total.calls.get(call).is_none_or(|outcome| outcome.ok == 0))
		.collect();
	assert!(missing.is_empty(), "no seed dispatches these calls successfully: {missing:?}");
	assert!(total.left_out > 0, "no seed fills a block");
	assert!(total.undecodable > 0, "no seed exceeds a bound");
}

#[test]
fn committed_corpus_holds_the_current_seeds() {
	let dir = target_dir("corpus");
	for seed in seeds() {
		let committed = fs::read(dir.join(seed.name)).unwrap_or_default();
		assert!(
			committed == seed.bytes(),
			"corpus/runtime/{} is missing or stale: rewrite the seeds with \
			 `cargo test --release --workspace -- --ignored write_seed_corpus`",
			seed.name
		);
	}
}

/// Writes the seeds into `corpus/runtime`; run it after changing the seeds or the input format.
#[test]
#[ignore = "writes the seed corpus into the source tree"]
fn write_seed_corpus() {
	let dir = target_dir("corpus");
	fs::create_dir_all(&dir).expect("the corpus directory can be created");
	for seed in seeds() {
		fs::write(dir.join(seed.name), seed.bytes()).expect("a seed can be written");
	}
}
