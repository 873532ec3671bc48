//! Weights measured on our reference machine by `scripts/benchmark.sh`: the block and
//! per-extrinsic base weights (`benchmark overhead`), ParityDB's read and write weights
//! (`benchmark storage`), and the upstream pallets' weights. Our own
//! pallets keep theirs in `pallets/<name>/src/weights.rs`.
//!
//! The parachain's own pallets (Cumulus, XCM, session, collator selection) are measured on the
//! parachain runtime built with benchmarks, from its `development` genesis.

pub mod block_weights;
#[cfg(feature = "parachain")]
pub mod cumulus_pallet_parachain_system;
#[cfg(feature = "parachain")]
pub mod cumulus_pallet_xcmp_queue;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
#[cfg(feature = "parachain")]
pub mod pallet_collator_selection;
#[cfg(feature = "parachain")]
pub mod pallet_message_queue;
#[cfg(feature = "parachain")]
pub mod pallet_session;
pub mod pallet_transaction_payment;
#[cfg(feature = "parachain")]
pub mod pallet_xcm;
// The generated file documents struct fields inside a constant expression.
#[allow(unused_doc_comments)]
pub mod paritydb_weights;

pub use block_weights::BlockExecutionWeight;
use frame_support::{traits::Get, weights::Weight};
pub use paritydb_weights::constants::ParityDbWeight;

/// The base weight of every extrinsic: the measured overhead of a transaction, less what its
/// transaction extensions charge for themselves.
///
/// `benchmark overhead` ([`extrinsic_weights`]) times a block of signed `System::remark`s, so its
/// figure includes running every extension (checking the nonce, charging the fee, ...). Each
/// extension is also charged its own measured weight on top of the base
/// (`DispatchInfo::extension_weight`), so the overhead taken as it is would count the extensions
/// twice. Subtracted is what the extensions' own benchmarks timed, for a signed remark; what
/// remains is decoding, checking the signature and applying the extrinsic. The extensions'
/// database reads and writes stay charged through their weights: the overhead block ran in memory
/// and never paid them.
pub struct ExtrinsicBaseWeight;

impl Get<Weight> for ExtrinsicBaseWeight {
	fn get() -> Weight {
		let measured = extrinsic_weights::ExtrinsicBaseWeight::get();
		Weight::from_parts(
			measured.ref_time().saturating_sub(extensions_timed().ref_time()),
			measured.proof_size(),
		)
	}
}

/// The computation the transaction extensions of a signed remark are charged for: their weight
/// without the database reads and writes they declare (`CheckNonce` and
/// `ChargeTransactionPayment` each read and write the sender's `System::Account`).
fn extensions_timed() -> Weight {
	use sp_runtime::traits::TransactionExtension;
	const READS: u64 = 2;
	const WRITES: u64 = 2;
	let remark =
		crate::RuntimeCall::System(frame_system::Call::remark { remark: alloc::vec::Vec::new() });
	let extensions = crate::tx_extension(0, sp_runtime::generic::Era::Immortal);
	let storage = ParityDbWeight::get().reads_writes(READS, WRITES);
	extensions.weight(&remark).saturating_sub(storage)
}

/// Functions of `::pallet_xcm::WeightInfo` that return the measured weight unchanged.
#[cfg(feature = "parachain")]
macro_rules! measured_weights {
	($($name:ident($($arg:ident: $ty:ty)?)),* $(,)?) => {
		$(
			fn $name($($arg: $ty)?) -> Weight {
				<pallet_xcm::WeightInfo<T> as ::pallet_xcm::WeightInfo>::$name($($arg)?)
			}
		)*
	};
}

/// pallet-xcm's measured weights, with `send` weighed as an account sends. Its benchmark sends as
/// Root, which pays no delivery price (`configs::xcm::XcmFeeManager`); an account's `send` also
/// takes the price from its balance and burns it, weighed as `pallet_balances::burn_allow_death`.
/// The rest are the measured ones as they are.
#[cfg(feature = "parachain")]
pub struct PalletXcmWeight<T>(core::marker::PhantomData<T>);

#[cfg(feature = "parachain")]
impl<T: frame_system::Config> ::pallet_xcm::WeightInfo for PalletXcmWeight<T> {
	fn send() -> Weight {
		use ::pallet_balances::WeightInfo as _;
		<pallet_xcm::WeightInfo<T> as ::pallet_xcm::WeightInfo>::send()
			.saturating_add(pallet_balances::WeightInfo::<T>::burn_allow_death())
	}
	measured_weights!(
		teleport_assets(),
		reserve_transfer_assets(),
		transfer_assets(),
		execute(),
		force_xcm_version(),
		force_default_xcm_version(),
		force_subscribe_version_notify(),
		force_unsubscribe_version_notify(),
		force_suspension(),
		migrate_supported_version(),
		migrate_version_notifiers(),
		already_notified_target(),
		notify_current_targets(),
		notify_target_migration_fail(),
		migrate_version_notify_targets(),
		migrate_and_notify_old_targets(),
		new_query(),
		take_response(),
		claim_assets(n: u32),
		add_authorized_alias(),
		remove_authorized_alias(),
		weigh_message(n: u32),
		decode_xcm(n: u32),
	);
}
