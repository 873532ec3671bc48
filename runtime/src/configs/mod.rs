//! One `impl Config` per pallet. System, Aura, time, accounts and account tools are here, the
//! same for both builds; the healthcare pallets are in [`healthcare`], also shared. What only one
//! build has lives in its own module: GRANDPA in `solo`, the Cumulus pallets in `parachain` and
//! XCM in `xcm` (feature `parachain`).

pub mod healthcare;
#[cfg(feature = "parachain")]
pub mod parachain;
#[cfg(not(feature = "parachain"))]
pub mod solo;
#[cfg(feature = "parachain")]
pub mod xcm;

#[cfg(feature = "parachain")]
use parachain as consensus;
#[cfg(not(feature = "parachain"))]
use solo as consensus;

use crate::{
	weights::{BlockExecutionWeight, ExtrinsicBaseWeight},
	AccountId, Aura, Balance, Balances, Block, BlockNumber, Hash, Nonce, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, RuntimeOrigin, RuntimeTask,
	System, EXISTENTIAL_DEPOSIT, MICRO_UNIT, SLOT_DURATION, SS58_PREFIX, UNIT, VERSION,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{
		ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Get, InstanceFilter, VariantCountOf,
	},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, ConstantMultiplier, IdentityFee, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use pallet_transaction_payment::{FungibleAdapter, Multiplier, TargetedFeeAdjustment};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{Bounded, One},
	FixedPointNumber, Perbill, Perquintill,
};
use sp_version::RuntimeVersion;

/// The largest block in bytes, and the largest operational extrinsic (a runtime upgrade).
/// Normal transactions get `NORMAL_DISPATCH_RATIO` (75 %) of it. The node's block proposer uses it.
pub const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;
/// Share of a block's weight and length that ordinary (not operational) transactions may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Share of a block's weight that `on_initialize` hooks are expected to use.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);
/// Two seconds of computation per block. Proof size is unlimited on the solo chain; on the
/// parachain it is bounded by the relay chain's largest proof of validity.
pub(crate) const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	consensus::MAX_BLOCK_PROOF_SIZE,
);

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;
	/// Two seconds of computation in a six-second block, leaving time to import and gossip it.
	/// The base weights of a block and of each extrinsic are measured (`benchmark overhead`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| {
			class.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions may always use the part normal ones may not.
			class.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	/// Blocks up to 5 MiB, of which ordinary transactions may fill the normal share.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// Accounts, blocks and hashing. Database weights are ParityDB's, the node's database, as
/// measured by `benchmark storage` on a populated state (`scripts/benchmark.sh storage`).
#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = crate::weights::ParityDbWeight;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	/// On the parachain a new runtime waits for the relay chain's go-ahead.
	type OnSetCode = consensus::OnSetCode;
}

/// Block production: one author per 6-second slot. On the solo chain the authorities are set in
/// genesis (and by sudo); on the parachain, session hands them over from collator selection, at
/// most 32 (`MaxInvulnerables` + `MaxCandidates`).
impl pallet_aura::Config for Runtime {
	type AuthorityId = sp_consensus_aura::sr25519::AuthorityId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

/// Block time in milliseconds since the Unix epoch; every time rule of our pallets uses it.
impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

/// Balances with holds: our pallets hold deposits for what users store.
impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

parameter_types! {
	/// 10 µUNIT a byte: a block of bytes (3.75 MiB) costs about 39 UNIT, a day of them about
	/// 566,000 UNIT, where weight alone priced such a block at a few thousandths of a UNIT.
	pub const TransactionByteFee: Balance = 10 * MICRO_UNIT;
	/// Blocks a quarter full keep fees where they are; fuller blocks raise them.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast fees follow congestion: after a day of full blocks they are about 2.25 times the
	/// nominal fee.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(75, 1_000_000);
	/// Fees never fall below the nominal fee.
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// Fees: one planck per picosecond of weight, 10 µUNIT per byte, times a multiplier that rises
/// while blocks are fuller than the target and falls back to 1 (never below) when they are not.
impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = TargetedFeeAdjustment<
		Self,
		TargetBlockFullness,
		AdjustmentVariable,
		MinimumMultiplier,
		MaximumMultiplier,
	>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}

/// One privileged key while the chain is young: accreditation of the first regulators, runtime
/// upgrades. To be replaced by on-chain governance.
impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// Batches: a hospital registers many records or a manufacturer ships many units in one
/// transaction.
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = crate::OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

/// What a proxy may do for the account that appointed it. Every type but `Any` is a whitelist:
/// a call not named here is refused (`CallFiltered`), so a new pallet is out of reach until a
/// type names it. Calls that move funds, change who acts for an organization (its admin and
/// members, whose deposits it holds), appoint proxies or reach Root are in none of them.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Everything.
	#[default]
	Any,
	/// The healthcare calls (consent, records, key directory, supply chain, trials, and the
	/// claims calls that move none of the signer's funds), batches of them and remarks.
	NonTransfer,
	/// Only cancelling proxy announcements.
	CancelProxy,
	/// A patient's or clinician's consent, records and key directory calls, and batches of
	/// them.
	Consent,
	/// A trading partner's supply-chain calls, and batches of them.
	SupplyChain,
}

/// Batches, whose calls the proxy's filter checks one by one.
fn is_batch(call: &RuntimeCall) -> bool {
	matches!(
		call,
		RuntimeCall::Utility(
			pallet_utility::Call::batch { .. }
				| pallet_utility::Call::batch_all { .. }
				| pallet_utility::Call::force_batch { .. }
		)
	)
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => {
				ProxyType::Consent.filter(call)
					|| ProxyType::SupplyChain.filter(call)
					|| matches!(call, RuntimeCall::Trials(..))
					// Opening or funding a program holds the signer's funds as escrow, and
					// approving a disputed claim pays it out: those stay with `Any`.
					|| matches!(
						call,
						RuntimeCall::Claims(
							pallet_claims::Call::close_program { .. }
								| pallet_claims::Call::submit_claim { .. }
								| pallet_claims::Call::confirm_claim { .. }
								| pallet_claims::Call::dispute_claim { .. }
								| pallet_claims::Call::settle_claim { .. }
								| pallet_claims::Call::attest_task { .. }
						)
					) || matches!(call, RuntimeCall::System(frame_system::Call::remark { .. }))
			},
			ProxyType::CancelProxy => matches!(
				call,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })
					| RuntimeCall::Utility(..)
					| RuntimeCall::Multisig(..)
			),
			ProxyType::Consent => {
				matches!(
					call,
					RuntimeCall::Consent(..)
						| RuntimeCall::Records(..)
						| RuntimeCall::KeyDirectory(..)
				) || is_batch(call)
			},
			ProxyType::SupplyChain => {
				matches!(call, RuntimeCall::SupplyChain(..)) || is_batch(call)
			},
		}
	}

	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::Consent | ProxyType::SupplyChain) => true,
			_ => false,
		}
	}
}

parameter_types! {
	// Deposits for storage a proxy or multisig occupies: a base for the item plus a part per
	// entry, in proportion to their size.
	pub const ProxyDepositBase: Balance = UNIT / 10;
	pub const ProxyDepositFactor: Balance = UNIT / 100;
	pub const AnnouncementDepositBase: Balance = UNIT / 10;
	pub const AnnouncementDepositFactor: Balance = UNIT / 50;
	pub const MultisigDepositBase: Balance = UNIT / 5;
	pub const MultisigDepositFactor: Balance = UNIT / 100;
}

/// Delegated signing: an organization's admin key can stay offline while a proxy acts.
impl pallet_proxy::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type ProxyType = ProxyType;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	type MaxProxies = ConstU32<32>;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
	type MaxPending = ConstU32<32>;
	type CallHasher = sp_runtime::traits::BlakeTwo256;
	type AnnouncementDepositBase = AnnouncementDepositBase;
	type AnnouncementDepositFactor = AnnouncementDepositFactor;
	type BlockNumberProvider = System;
}

/// Several keys for one account: a regulator's board signs accreditations together.
impl pallet_multisig::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type MaxSignatories = ConstU32<100>;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
	type BlockNumberProvider = System;
}
