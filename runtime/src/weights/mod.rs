//! Weights of upstream pallets measured on our reference machine by `scripts/benchmark.sh`.
//! Our own pallets keep theirs in `pallets/<name>/src/weights.rs`.

pub mod pallet_balances;
