//! # Healthchain runtime
//!
//! The FRAME runtime of Healthchain: patient consent, EHR record pointers (with a key directory
//! to seal their keys to) and a serialised drug supply chain, on top of the usual accounts,
//! fees, batching, proxies and multisig.
//!
//! One crate, two chains. Built as is, it is the solo chain's runtime: Aura authors, GRANDPA
//! finalizes. Built with the `parachain` feature, it is a Cumulus parachain's runtime: collators
//! (collator selection and session) author with Aura, the relay chain finalizes, and XCM with its
//! message queues connects it to the relay chain and its siblings. Everything else, the
//! healthcare pallets, accounts, fees and account tools, is the same code with the same
//! configuration in both. `build.rs` builds both WASM blobs.
//!
//! Layout:
//! - this file: types, version, the pallets and their indices;
//! - [`configs`]: one documented `impl Config` per pallet; [`configs::healthcare`] holds our
//!   own pallets' configuration, `configs::solo` GRANDPA, and `configs::parachain` and
//!   `configs::xcm` the parachain's own pallets;
//! - `apis.rs`: the runtime APIs the node and clients call;
//! - [`genesis_config_presets`]: `development`, `local_testnet` and `demo` genesis states, the
//!   demo's sample data in [`genesis_config_presets::demo`];
//! - `benchmarks.rs`: the pallets benchmarked by `healthchain-node benchmark pallet`.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-generated code is deep.
#![recursion_limit = "512"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Before `apis`: it defines the benchmark macros `apis` uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
mod apis;
pub mod configs;
pub use apis::RuntimeApi;
pub mod genesis_config_presets;
#[cfg(test)]
mod tests;
mod token;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::runtime_version;
pub use sp_version::RuntimeVersion;

pub use frame_support::weights::Weight;
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Block number.
pub type BlockNumber = u32;
/// Transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;
/// An account is the public key of its signer.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;
/// Balance of an account.
pub type Balance = u128;
/// Transaction counter of an account.
pub type Nonce = u32;
/// Block and trie hash.
pub type Hash = sp_core::H256;

/// The token: 12 decimals, symbol `HCT`.
pub const UNIT: Balance = 1_000_000_000_000;
/// One thousandth of a unit.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// One millionth of a unit.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
pub use token::{TOKEN_DECIMALS, TOKEN_SYMBOL};
/// The SS58 address prefix, unused in the SS58 registry: every Healthchain address starts with
/// `hc` (docs/addresses.md). Also given to wallets in the chain properties.
pub const SS58_PREFIX: u16 = 12912;
/// Smallest balance an account may hold.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Target block time. Aura slots are this long; it cannot change once the chain runs.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;
/// Aura slot duration.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
/// Blocks per minute, hour and day.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Opaque types for the node, which need not know the runtime's extrinsic format.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

#[cfg(not(feature = "parachain"))]
impl_opaque_keys! {
	/// The keys a validator registers: Aura for block production, GRANDPA for finality.
	pub struct SessionKeys {
		/// Block authoring key.
		pub aura: Aura,
		/// Finality voting key.
		pub grandpa: Grandpa,
	}
}

#[cfg(feature = "parachain")]
impl_opaque_keys! {
	/// The keys a collator registers with `session.setKeys`: Aura for block production. The
	/// relay chain provides finality.
	pub struct SessionKeys {
		/// Block authoring key.
		pub aura: Aura,
	}
}

/// Declares [`VERSION`] with the given `spec_name` and `spec_version`.
macro_rules! runtime_version_with_spec {
	($spec_name:tt, $spec_version:tt) => {
		/// The version of this runtime. Bump `spec_version` on every change of logic, and
		/// `transaction_version` when the format or indices of calls change.
		#[runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed($spec_name),
			impl_name: alloc::borrow::Cow::Borrowed($spec_name),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}

// The two builds are two chains: clients and the relay chain tell them apart by `spec_name`.
#[cfg(all(not(feature = "parachain"), not(feature = "upgrade-rehearsal")))]
runtime_version_with_spec!("healthchain", 100);
#[cfg(all(feature = "parachain", not(feature = "upgrade-rehearsal")))]
runtime_version_with_spec!("healthchain-parachain", 100);
// The same code one `spec_version` later: `build.rs` builds it as a second WASM
// (`healthchain_runtime_next`), which the runtime-upgrade test applies to a running chain.
#[cfg(all(not(feature = "parachain"), feature = "upgrade-rehearsal"))]
runtime_version_with_spec!("healthchain", 101);
#[cfg(all(feature = "parachain", feature = "upgrade-rehearsal"))]
runtime_version_with_spec!("healthchain-parachain", 101);

/// How accounts are addressed in calls.
pub type Address = MultiAddress<AccountId, ()>;
/// Block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// Block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;
/// Signed block with justifications.
pub type SignedBlock = generic::SignedBlock<Block>;
/// Block identifier.
pub type BlockId = generic::BlockId<Block>;

/// The checks every transaction passes, in order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of a transaction as a wallet fills them in: `nonce`, the transaction's `era`,
/// no tip and no metadata hash check. Tests, the load tool and the weights use it.
pub fn tx_extension(nonce: Nonce, era: generic::Era) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// Extrinsic as the runtime sees it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// What a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade, beyond the pallets' own.
#[allow(unused_parens)]
type Migrations = (
	// `KeysByGrant` keyed by (grant, record, grantee) (security review finding 14).
	pallet_records::migrations::v2::MigrateV1ToV2<Runtime>,
	// An emergency access keeps one review per reviewer class (security review finding 13).
	pallet_consent::migrations::v2::MigrateV1ToV2<Runtime>,
);

/// Dispatches calls and runs the hooks of every pallet.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// The pallets, grouped by concern and indexed with gaps so groups can grow. A pallet both builds
/// have has the same index in both, so a healthcare call encodes the same on both chains.
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System: 0..9. On the parachain, its validation data inherent comes before the timestamp.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;

	// Accounts and fees: 10..19.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Administration and account tools: 20..29.
	#[runtime::pallet_index(20)]
	pub type Sudo = pallet_sudo;
	#[runtime::pallet_index(21)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(22)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(23)]
	pub type Multisig = pallet_multisig;

	// Block authoring and finality: 30..39. Hooks run in index order: on the parachain,
	// authorship, collator selection and session come before Aura, so a new session's
	// authorities are in place when Aura checks the slot's author.
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(30)]
	pub type Authorship = pallet_authorship;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(31)]
	pub type CollatorSelection = pallet_collator_selection;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(32)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(33)]
	pub type Aura = pallet_aura;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(34)]
	pub type AuraExt = cumulus_pallet_aura_ext;
	#[cfg(not(feature = "parachain"))]
	#[runtime::pallet_index(35)]
	pub type Grandpa = pallet_grandpa;

	// Parachain messaging (XCM): 40..49.
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(40)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(41)]
	pub type PolkadotXcm = pallet_xcm;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(42)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[cfg(feature = "parachain")]
	#[runtime::pallet_index(43)]
	pub type MessageQueue = pallet_message_queue;

	// Healthcare: 50..69.
	#[runtime::pallet_index(50)]
	pub type Organizations = pallet_organizations;
	#[runtime::pallet_index(51)]
	pub type Consent = pallet_consent;
	#[runtime::pallet_index(52)]
	pub type Records = pallet_records;
	#[runtime::pallet_index(53)]
	pub type SupplyChain = pallet_supply_chain;
	#[runtime::pallet_index(54)]
	pub type KeyDirectory = pallet_key_directory;
	#[runtime::pallet_index(55)]
	pub type Claims = pallet_claims;
	#[runtime::pallet_index(56)]
	pub type Trials = pallet_trials;
}

// How the relay chain's validators execute a parachain block: Aura's seal checked, then the block.
#[cfg(feature = "parachain")]
cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}
