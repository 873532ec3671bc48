//! # Healthchain runtime fuzzer
//!
//! Drives the real Healthchain runtime ([`healthchain_runtime::Runtime`], natively) through
//! blocks of calls decoded from fuzzer input, and panics when an invariant breaks.
//!
//! ## Overview
//!
//! [`run`] starts every input from the `demo` genesis preset, where organizations with admins
//! and members, a patient with a consent grant and a record, and a manufacturer with two
//! products exist. It reads the input as [`Block`]s of [`Action`]s ([`input`] describes the
//! format) and produces each block as a block author does: `initialize_block` with an Aura
//! pre-runtime digest of a strictly increasing slot, the timestamp inherent of that slot, then
//! each action's call, if its declared weight still fits in the block (the checks of the
//! `CheckWeight` extension), dispatched with its origin (a pool account, Root or none), and
//! `finalize_block`, which runs `on_idle` (expiry queues, due claims) and `on_finalize`.
//!
//! Actions cover every call of the organizations, consent, records, key directory,
//! supply-chain, claims and trials pallets and
//! the balance transfers (`transfer_allow_death`, `transfer_keep_alive`, `transfer_all`,
//! `force_transfer`, `force_set_balance`), plus [`Action::Wait`], which leaves slots empty so
//! that grants, emergency accesses and lots expire, and [`Action::Blocks`], which produces
//! empty blocks so that claims fall due (their dispute windows count blocks) and `on_idle`
//! pays them. Arguments come from small pools ([`pools`]), so most calls meet existing state,
//! with boundary and invalid values mixed in.
//!
//! ## Invariants
//!
//! A dispatch that returns an error is normal. What must hold:
//!
//! 1. Nothing panics: no call, hook or inherent.
//! 2. After each dispatch, the actual weight it reports is at most the weight it declared.
//! 3. After each block, every pallet's `try_state` holds (through `AllPalletsWithSystem`; each
//!    healthcare pallet's hook runs its `do_try_state`).
//! 4. After each block, the weight of each dispatch class is within its limit and the block's
//!    total within the maximum block weight.
//! 5. After each block, the free and reserved balances of all accounts add up to the total
//!    issuance.
//!
//! A vector argument one item longer than its bound cannot be carried by a transaction: such
//! an action is not dispatched, and its encoding is checked to fail decoding.
//!
//! ## Use
//!
//! - `scripts/fuzz.sh [seconds]` runs libFuzzer on the `runtime` target, starting from the
//!   seed corpus in `tests/fuzz/corpus/runtime`.
//! - `cargo test --release --workspace -- corpus` replays the corpus (and any crash inputs in
//!   `tests/fuzz/artifacts/runtime`) and checks that the seeds reach every call; the seeds are
//!   written by [`seeds`] (`cargo test --release --workspace -- --ignored write_seed_corpus`).
//! - `HEALTHCHAIN_FUZZ_TRACE=1` prints every block, action and outcome while running, to read
//!   what a crash input does.

pub mod actions;
mod chain;
pub mod input;
pub mod pools;
pub mod seeds;

pub use actions::Action;
pub use chain::{Outcome, Stats};
pub use healthchain_runtime::Runtime;
pub use input::{decode, encode, Block};

/// Runs `data` on the runtime; panics when an invariant breaks. The fuzz target.
pub fn run(data: &[u8]) {
	run_with_stats(data);
}

/// Runs `data` on the runtime and returns what it did; panics when an invariant breaks.
pub fn run_with_stats(data: &[u8]) -> Stats {
	chain::execute(&decode(data))
}
