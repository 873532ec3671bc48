//! The pallets `healthchain-node benchmark pallet` measures, and where their weights go
//! (`scripts/benchmark.sh`).

pub use frame_benchmarking::baseline::Pallet as BaselineBench;
pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};

impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {}

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
	[pallet_key_directory, KeyDirectory]
);
