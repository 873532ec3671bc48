//! What only the solo chain has: GRANDPA finality, and no relay chain to ask before a runtime
//! upgrade.

use crate::{Runtime, RuntimeEvent};
use frame_support::traits::{ConstU32, ConstU64};

/// No proof-size limit: blocks are executed from the node's own database.
pub const MAX_BLOCK_PROOF_SIZE: u64 = u64::MAX;

/// A runtime upgrade takes effect in the next block.
pub type OnSetCode = ();

/// Finality. No equivocation reporting: the validator set is fixed by governance (sudo).
impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}
