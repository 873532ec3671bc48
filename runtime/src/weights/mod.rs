//! Weights measured on our reference machine by `scripts/benchmark.sh`: the block and
//! per-extrinsic base weights (`benchmark overhead`), ParityDB's read and write weights
//! (`benchmark storage`), and the upstream pallets' weights. Our own
//! pallets keep theirs in `pallets/<name>/src/weights.rs`.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_transaction_payment;
// The generated file documents struct fields inside a constant expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
pub use extrinsic_weights::ExtrinsicBaseWeight;
pub use paritydb_weights::constants::ParityDbWeight;
