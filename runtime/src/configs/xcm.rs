//! XCM on the parachain: how messages from the relay chain and sibling parachains are executed,
//! and how this chain sends its own.
//!
//! The chain's token (HCT) is its own asset, at `Here`. The chain accepts no other assets: no
//! teleports, no reserve transfers. What XCM is for here is governance and coordination: the
//! relay chain (and its executive body) may execute without paying, anyone else pays for
//! execution in HCT, and accounts or Root can send messages out.
//!
//! Sending is not free: every message to a sibling (XCMP) or to the relay chain (UMP) has a
//! delivery price in HCT, a base plus a per-byte fee, multiplied by a factor that grows while
//! the channel or the upward queue is congested ([`PriceForSiblingDelivery`],
//! [`PriceForParentDelivery`]). Whoever sends pays it and it is burned, like transaction fees;
//! only Root and the relay chain's governance are exempt ([`XcmFeeManager`]).

use super::TransactionByteFee;
use crate::{
	AccountId, AllPalletsWithSystem, Balance, Balances, ParachainInfo, ParachainSystem,
	PolkadotXcm, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, XcmpQueue, MILLI_UNIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, Disabled, Equals, Everything, Nothing},
	weights::{IdentityFee, Weight},
};
use frame_system::EnsureRoot;
use pallet_xcm::XcmPassthrough;
use polkadot_parachain_primitives::primitives::Sibling;
use polkadot_runtime_common::xcm_sender::ExponentialPrice;
use xcm::latest::prelude::*;
use xcm_builder::{
	AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowTopLevelPaidExecutionFrom,
	DenyRecursively, DenyReserveTransferToRelayChain, DenyThenTry, EnsureXcmOrigin,
	FixedWeightBounds, FrameTransactionalProcessor, FungibleAdapter, IsConcrete, ParentIsPreset,
	RelayChainAsNative, SiblingParachainAsNative, SiblingParachainConvertsVia,
	SignedAccountId32AsNative, SignedToAccountId32, SovereignSignedViaLocation, TakeWeightCredit,
	TrailingSetTopicAsId, UsingComponents, WithComputedOrigin, WithUniqueTopic,
	XcmFeeManagerFromComponents,
};
use xcm_executor::XcmExecutor;

parameter_types! {
	pub const RelayLocation: Location = Location::parent();
	/// Where HCT lives: on this chain.
	pub const HereLocation: Location = Location::here();
	pub const RelayNetwork: Option<NetworkId> = None;
	pub RelayChainOrigin: RuntimeOrigin = cumulus_pallet_xcm::Origin::Relay.into();
	pub UniversalLocation: InteriorLocation = Parachain(ParachainInfo::parachain_id().into()).into();
	/// A conservative 1 ms and 64 KiB of proof per XCM instruction.
	pub UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
	pub const MaxInstructions: u32 = 100;
	pub const MaxAssetsIntoHolding: u32 = 64;
}

/// Which account a location controls: the relay chain and siblings their sovereign accounts, an
/// `AccountId32` junction the same account here.
pub type LocationToAccountId = (
	ParentIsPreset<AccountId>,
	SiblingParachainConvertsVia<Sibling, AccountId>,
	AccountId32Aliases<RelayNetwork, AccountId>,
);

/// HCT moves through `Balances`; nothing else is recognized.
pub type LocalAssetTransactor =
	FungibleAdapter<Balances, IsConcrete<HereLocation>, LocationToAccountId, AccountId, ()>;

/// The origin a `Transact` dispatches with.
pub type XcmOriginToTransactDispatchOrigin = (
	// A location's sovereign account, signed.
	SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
	// The relay chain as the `Relay` origin.
	RelayChainAsNative<RelayChainOrigin, RuntimeOrigin>,
	// A sibling as the `SiblingParachain` origin.
	SiblingParachainAsNative<cumulus_pallet_xcm::Origin, RuntimeOrigin>,
	// An `AccountId32` as that account, signed.
	SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
	// Anything else as pallet-xcm's `Xcm` origin.
	XcmPassthrough<RuntimeOrigin>,
);

/// The relay chain itself, or its executive body.
pub struct ParentOrParentsExecutivePlurality;
impl Contains<Location> for ParentOrParentsExecutivePlurality {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Plurality { id: BodyId::Executive, .. }]))
	}
}

/// What may execute here: messages that pay (or carry weight credit), and the relay chain's
/// governance for free. Reserve transfers to the relay chain are refused outright.
pub type Barrier = TrailingSetTopicAsId<
	DenyThenTry<
		DenyRecursively<DenyReserveTransferToRelayChain>,
		(
			TakeWeightCredit,
			WithComputedOrigin<
				(
					AllowTopLevelPaidExecutionFrom<Everything>,
					AllowExplicitUnpaidExecutionFrom<ParentOrParentsExecutivePlurality>,
				),
				UniversalLocation,
				ConstU32<8>,
			>,
		),
	>,
>;

parameter_types! {
	/// HCT, the asset delivery is paid in.
	pub FeeAssetId: AssetId = AssetId(HereLocation::get());
	/// What every message costs before its bytes: the byte fee of 100 bytes. An HRMP channel
	/// is limited in messages as well as in bytes (on Polkadot 1,000 messages and 100 KiB, about
	/// 100 bytes a message), so filling a channel with empty messages costs about what filling
	/// it with bytes does, about 1 HCT.
	pub const BaseDeliveryFee: Balance = MILLI_UNIT;
}

/// The price of a message to a sibling: `factor * (BaseDeliveryFee + bytes * TransactionByteFee)`
/// in HCT. A byte leaving the chain costs what a byte of a transaction does (10 µHCT), on top of
/// the transaction that carries it: it then occupies the channel on the relay chain and the
/// sibling's queue. The factor is the XCMP queue's, per channel: 1 while the channel is at most
/// half full, then multiplied by 1.05 (and 0.1 % per KiB of the message) for every message sent
/// into it, and divided by 1.05 for every block it stays below half again.
pub type PriceForSiblingDelivery =
	ExponentialPrice<FeeAssetId, BaseDeliveryFee, TransactionByteFee, XcmpQueue>;

/// The price of a message to the relay chain: the same formula, with parachain-system's factor,
/// which grows while the upward queue holds more than half of what the relay chain accepts.
pub type PriceForParentDelivery =
	ExponentialPrice<FeeAssetId, BaseDeliveryFee, TransactionByteFee, ParachainSystem>;

/// Root and the relay chain's governance send without paying: Root has no account to pay
/// from, and the relay chain's unpaid governance messages may ask for replies (reports,
/// version notifications). Every other origin pays delivery in HCT from its account (or, for a
/// message executing here, from what it holds), and the fee is burned.
pub type XcmFeeManager =
	XcmFeeManagerFromComponents<(Equals<HereLocation>, ParentOrParentsExecutivePlurality), ()>;

/// The XCM executor's configuration.
pub struct XcmConfig;
impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = LocalAssetTransactor;
	type OriginConverter = XcmOriginToTransactDispatchOrigin;
	// No foreign reserves and no teleports: HCT stays on this chain.
	type IsReserve = ();
	type IsTeleporter = ();
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	// Execution is paid in HCT at the same price as a transaction's weight; fees are burned.
	type Trader = UsingComponents<IdentityFee<Balance>, HereLocation, AccountId, Balances, ()>;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type AssetLocker = ();
	type AssetExchanger = ();
	type FeeManager = XcmFeeManager;
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = Everything;
	type Aliasers = Nothing;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// A signed origin here as a location, for sending.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

/// Messages leave upward to the relay chain or sideways to siblings, each at its price (the
/// XCMP queue prices with `PriceForSiblingDelivery`, its `Config`).
pub type XcmRouter = WithUniqueTopic<(
	cumulus_primitives_utility::ParentAsUmp<ParachainSystem, PolkadotXcm, PriceForParentDelivery>,
	XcmpQueue,
)>;

/// Sending XCM from accounts and Root; executing it only through the queues, never as a call.
impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor<XcmConfig>;
	type XcmTeleportFilter = Nothing;
	type XcmReserveTransferFilter = Nothing;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type Currency = Balances;
	type CurrencyMatcher = ();
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type MaxLockers = ConstU32<8>;
	// Measured; `send` also weighs taking the delivery price from the sender.
	type WeightInfo = crate::weights::PalletXcmWeight<Runtime>;
	type AdminOrigin = EnsureRoot<AccountId>;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	// No aliasing (`Aliasers = Nothing`), so nothing to pay for.
	type AuthorizedAliasConsideration = Disabled;
}

/// The `Relay` and `SiblingParachain` origins.
impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = XcmExecutor<XcmConfig>;
}
