//! The pallets `healthchain-node benchmark pallet` measures, and where their weights go
//! (`scripts/benchmark.sh`).
//!
//! The parachain measures the same pallets plus its own: parachain-system, the XCMP queue, the
//! message queue, pallet-xcm, session and collator selection. Their benchmarks run on the
//! parachain runtime built with benchmarks (`HC_PARACHAIN_BENCHMARKS=1`, see `build.rs`).

pub use frame_benchmarking::baseline::Pallet as BaselineBench;
pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};
#[cfg(feature = "parachain")]
pub use {
	cumulus_pallet_session_benchmarking::Pallet as SessionBench,
	pallet_xcm::benchmarking::Pallet as PalletXcmExtrinsicsBenchmark,
};

impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {}

/// The benchmark list: the pallets both chains have, then `$extra`.
macro_rules! healthchain_benchmarks {
	($($extra:tt)*) => {
		frame_benchmarking::define_benchmarks!(
			[frame_benchmarking, BaselineBench::<Runtime>]
			[frame_system, SystemBench::<Runtime>]
			[frame_system_extensions, SystemExtensionsBench::<Runtime>]
			[pallet_transaction_payment, TransactionPayment]
			[pallet_balances, Balances]
			[pallet_timestamp, Timestamp]
			[pallet_sudo, Sudo]
			[pallet_utility, Utility]
			[pallet_proxy, Proxy]
			[pallet_multisig, Multisig]
			[pallet_organizations, Organizations]
			[pallet_consent, Consent]
			[pallet_records, Records]
			[pallet_supply_chain, SupplyChain]
			[pallet_claims, Claims]
			[pallet_trials, Trials]
			[pallet_key_directory, KeyDirectory]
			$($extra)*
		);
	};
}

#[cfg(not(feature = "parachain"))]
healthchain_benchmarks!();

#[cfg(feature = "parachain")]
healthchain_benchmarks!(
	[cumulus_pallet_parachain_system, ParachainSystem]
	[cumulus_pallet_xcmp_queue, XcmpQueue]
	[pallet_message_queue, MessageQueue]
	[pallet_xcm, PalletXcmExtrinsicsBenchmark::<Runtime>]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_collator_selection, CollatorSelection]
);

#[cfg(feature = "parachain")]
mod parachain {
	use crate::{
		configs::xcm::{HereLocation, PriceForParentDelivery, PriceForSiblingDelivery, XcmConfig},
		AccountId, ParachainSystem, Runtime, RuntimeCall, SessionKeys, EXISTENTIAL_DEPOSIT, UNIT,
	};
	use alloc::vec::Vec;
	use codec::Encode;
	use cumulus_primitives_core::ParaId;
	use frame_support::parameter_types;
	use xcm::latest::prelude::*;

	/// The sibling the benchmarks send to: a channel to it is opened first.
	const SIBLING: u32 = 2001;

	parameter_types! {
		pub ExistentialDepositAsset: Option<Asset> =
			Some((HereLocation::get(), EXISTENTIAL_DEPOSIT).into());
		pub const BenchmarkSibling: ParaId = ParaId::new(SIBLING);
	}

	/// The sender funded with the delivery price, and the relay chain's limits or an HRMP channel
	/// in place, whichever the destination needs.
	pub type DeliveryHelper = (
		cumulus_primitives_utility::ToParentDeliveryHelper<
			XcmConfig,
			ExistentialDepositAsset,
			PriceForParentDelivery,
		>,
		polkadot_runtime_common::xcm_sender::ToParachainDeliveryHelper<
			XcmConfig,
			ExistentialDepositAsset,
			PriceForSiblingDelivery,
			BenchmarkSibling,
			ParachainSystem,
		>,
	);

	/// pallet-xcm's benchmarks send to a sibling: the XCMP queue keeps more state per message
	/// (channel status, pages, fee factor) than the upward queue. No teleports, reserve
	/// transfers or local execution: those benchmarks weigh `Weight::MAX`, which no block fits.
	impl pallet_xcm::benchmarking::Config for Runtime {
		type DeliveryHelper = DeliveryHelper;

		fn reachable_dest() -> Option<Location> {
			Some(Location::new(1, [Parachain(SIBLING)]))
		}

		fn get_asset() -> Asset {
			(HereLocation::get(), UNIT).into()
		}

		fn batch_call(calls: Vec<RuntimeCall>) -> Option<RuntimeCall> {
			Some(RuntimeCall::Utility(pallet_utility::Call::batch_all { calls }))
		}
	}

	impl cumulus_pallet_session_benchmarking::Config for Runtime {
		fn generate_session_keys_and_proof(owner: AccountId) -> (SessionKeys, Vec<u8>) {
			let generated = SessionKeys::generate(&owner.encode(), None);
			(generated.keys, generated.proof.encode())
		}
	}
}
