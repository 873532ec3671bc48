//! What only the parachain has: Cumulus' parachain system, the para id, collators (authorship,
//! collator selection, session) and the queues that carry XCM messages to and from the relay
//! chain and sibling parachains.
//!
//! Their weights are measured on the parachain runtime (`runtime/src/weights/`,
//! `scripts/benchmark.sh`).
//!
//! Blocks follow asynchronous backing: one 6-second parachain block per 6-second relay slot,
//! up to three blocks built ahead of their inclusion on the relay chain.

use super::{
	xcm::{PriceForSiblingDelivery, XcmOriginToTransactDispatchOrigin},
	RuntimeBlockWeights, MAXIMUM_BLOCK_WEIGHT,
};
use crate::{
	AccountId, Aura, Balance, Balances, CollatorSelection, MessageQueue, ParachainSystem,
	PolkadotXcm, Runtime, RuntimeCall, RuntimeEvent, Session, SessionKeys, XcmpQueue, HOURS,
	MILLI_UNIT,
};
use cumulus_pallet_parachain_system::RelayNumberMonotonicallyIncreases;
use cumulus_primitives_core::{AggregateMessageOrigin, ParaId};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EnqueueWithOrigin, TransformOrigin},
	weights::Weight,
	PalletId,
};
use frame_system::EnsureRoot;
use parachains_common::message_queue::{NarrowOriginToSibling, ParaIdToSibling};
use sp_runtime::Perbill;

/// A block's proof of validity may be as large as the relay chain accepts.
pub const MAX_BLOCK_PROOF_SIZE: u64 = cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64;

/// A runtime upgrade is stored, then applied once the relay chain signals go-ahead.
pub type OnSetCode = cumulus_pallet_parachain_system::ParachainSetCode<Runtime>;

/// The relay chain's slot length, in milliseconds.
pub const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;
/// Parachain blocks per relay chain block.
pub const BLOCK_PROCESSING_VELOCITY: u32 = 1;
/// Parachain blocks that may wait for inclusion on the relay chain at once.
pub const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;

/// Checks each block against the relay chain slot it claims, with the limits above.
pub type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

parameter_types! {
	/// A quarter of each block for messages from sibling parachains, a quarter for the relay's.
	pub const ReservedXcmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const ReservedDmpWeight: Weight = MAXIMUM_BLOCK_WEIGHT.saturating_div(4);
	pub const RelayOrigin: AggregateMessageOrigin = AggregateMessageOrigin::Parent;
}

/// The relay chain's validation data arrives as an inherent in every block; messages from the
/// relay chain and siblings go to the message queue.
impl cumulus_pallet_parachain_system::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnSystemEvent = ();
	type SelfParaId = parachain_info::Pallet<Runtime>;
	type OutboundXcmpMessageSource = XcmpQueue;
	type DmpQueue = EnqueueWithOrigin<MessageQueue, RelayOrigin>;
	type ReservedDmpWeight = ReservedDmpWeight;
	type XcmpMessageHandler = XcmpQueue;
	type ReservedXcmpWeight = ReservedXcmpWeight;
	type CheckAssociatedRelayNumber = RelayNumberMonotonicallyIncreases;
	type WeightInfo = crate::weights::cumulus_pallet_parachain_system::WeightInfo<Runtime>;
	type ConsensusHook = ConsensusHook;
	type RelayParentOffset = ConstU32<0>;
	type SchedulingSignatureVerifier = ();
}

/// The para id, set in genesis (`parachainInfo.parachainId`).
impl parachain_info::Config for Runtime {}

/// Keeps the Aura authorities of each block for the relay chain's validators.
impl cumulus_pallet_aura_ext::Config for Runtime {}

parameter_types! {
	/// Up to 35 % of a block processes queued messages.
	pub MessageQueueServiceWeight: Weight =
		Perbill::from_percent(35) * RuntimeBlockWeights::get().max_block;
}

/// Incoming XCM messages wait here and are executed as block space allows.
impl pallet_message_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = crate::weights::pallet_message_queue::WeightInfo<Runtime>;
	#[cfg(not(feature = "runtime-benchmarks"))]
	type MessageProcessor = xcm_builder::ProcessXcmMessage<
		AggregateMessageOrigin,
		xcm_executor::XcmExecutor<super::xcm::XcmConfig>,
		RuntimeCall,
	>;
	// The queue's benchmarks weigh its own bookkeeping around messages that are not XCM; what
	// executing a message costs is the executor's weight, which the processor reports.
	#[cfg(feature = "runtime-benchmarks")]
	type MessageProcessor =
		pallet_message_queue::mock_helpers::NoopMessageProcessor<AggregateMessageOrigin>;
	type Size = u32;
	// The XCMP queue only handles sibling origins.
	type QueueChangeHandler = NarrowOriginToSibling<XcmpQueue>;
	type QueuePausedQuery = NarrowOriginToSibling<XcmpQueue>;
	type HeapSize = ConstU32<{ 64 * 1024 }>;
	type MaxStale = ConstU32<8>;
	type ServiceWeight = MessageQueueServiceWeight;
	type IdleMaxServiceWeight = MessageQueueServiceWeight;
}

/// Messages to and from sibling parachains over HRMP channels, which Root opens.
impl cumulus_pallet_xcmp_queue::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ChannelInfo = ParachainSystem;
	type VersionWrapper = PolkadotXcm;
	type XcmpQueue = TransformOrigin<MessageQueue, AggregateMessageOrigin, ParaId, ParaIdToSibling>;
	type MaxInboundSuspended = ConstU32<1_000>;
	type MaxActiveOutboundChannels = ConstU32<128>;
	type MaxPageSize = ConstU32<{ 103 * 1024 }>;
	type ControllerOrigin = EnsureRoot<AccountId>;
	type ControllerOriginConverter = XcmOriginToTransactDispatchOrigin;
	type WeightInfo = crate::weights::cumulus_pallet_xcmp_queue::WeightInfo<Runtime>;
	// Senders pay per message and per byte, more while the channel is congested.
	type PriceForSiblingDelivery = PriceForSiblingDelivery;
}

/// Credits each block to its collator, for collator selection's reward pot.
impl pallet_authorship::Config for Runtime {
	type FindAuthor = pallet_session::FindAccountFromAuthorIndex<Self, Aura>;
	type EventHandler = (CollatorSelection,);
}

parameter_types! {
	/// Collators rotate every 6 hours.
	pub const Period: u32 = 6 * HOURS;
	pub const Offset: u32 = 0;
	/// Held from an account while it has session keys registered.
	pub const SessionKeyDeposit: Balance = 10 * MILLI_UNIT;
}

/// Sessions: at each rotation collator selection names the next collators and Aura takes their
/// keys.
impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	// A collator is its own account: no stash and controller.
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = CollatorSelection;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = crate::weights::pallet_session::WeightInfo<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

parameter_types! {
	pub const PotId: PalletId = PalletId(*b"PotStake");
}

/// Who collates: invulnerable collators named by Root (the consortium's own), plus candidates
/// who bond to join. Together at most 32, Aura's limit.
impl pallet_collator_selection::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type UpdateOrigin = EnsureRoot<AccountId>;
	type PotId = PotId;
	type MaxCandidates = ConstU32<12>;
	type MinEligibleCollators = ConstU32<1>;
	type MaxInvulnerables = ConstU32<20>;
	// Candidates that author no block for a whole session are removed.
	type KickThreshold = Period;
	type ValidatorId = AccountId;
	type ValidatorIdOf = pallet_collator_selection::IdentityCollator;
	type ValidatorRegistration = Session;
	type WeightInfo = crate::weights::pallet_collator_selection::WeightInfo<Runtime>;
}
