//! Block production on the real runtime, and the invariants checked after every call and every
//! block.

use crate::{
	actions::{Action, Prepared},
	input::Block,
};
use codec::Encode;
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo, DispatchResultWithPostInfo, GetDispatchInfo},
	traits::{GetCallMetadata, TryState, TryStateSelect},
};
use frame_system::CheckWeight;
use healthchain_runtime::{
	configs::RuntimeBlockWeights, genesis_config_presets, AllPalletsWithSystem, BlockNumber,
	Executive, Header, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, System,
	SLOT_DURATION,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_runtime::{
	traits::{Dispatchable, Header as _},
	BuildStorage, Digest, DigestItem, Storage,
};
use std::{collections::BTreeMap, fmt, sync::OnceLock};

/// The Aura slot of the first block: 2026-01-01T00:00:00Z, the date of the `demo` record, so
/// that two-digit GS1 years and consent periods read as on a live chain.
const FIRST_SLOT: u64 = 1_767_225_600_000 / SLOT_DURATION;

/// Most empty blocks the [`Action::Blocks`] of one input produce together, so that a run stays
/// short: enough for several dispute windows and reward periods.
const MAX_ADDED_BLOCKS: u32 = 128;

/// How often each call was dispatched, and with what outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
	/// Dispatches that succeeded.
	pub ok: u32,
	/// Dispatches that returned an error (which is normal: most random calls are refused).
	pub failed: u32,
}

/// What a run did: what the invariants were checked against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
	/// Blocks produced.
	pub blocks: u32,
	/// Outcomes by pallet and call name, as the runtime's metadata names them.
	pub calls: BTreeMap<(&'static str, &'static str), Outcome>,
	/// Calls left out because they did not fit in their block's weight.
	pub left_out: u32,
	/// Actions with an argument beyond its bound, which no transaction can carry.
	pub undecodable: u32,
}

impl Stats {
	/// Adds the figures of `other`.
	pub fn merge(&mut self, other: &Stats) {
		self.blocks += other.blocks;
		self.left_out += other.left_out;
		self.undecodable += other.undecodable;
		for (call, outcome) in &other.calls {
			let total = self.calls.entry(*call).or_default();
			total.ok += outcome.ok;
			total.failed += outcome.failed;
		}
	}

	/// Successful dispatches of `pallet`'s calls.
	pub fn succeeded_in(&self, pallet: &str) -> u32 {
		self.calls.iter().filter(|((p, _), _)| *p == pallet).map(|(_, o)| o.ok).sum()
	}
}

impl fmt::Display for Stats {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		writeln!(
			f,
			"{} blocks, {} calls left out of full blocks, {} undecodable actions",
			self.blocks, self.left_out, self.undecodable
		)?;
		for ((pallet, call), outcome) in &self.calls {
			writeln!(
				f,
				"{pallet:>14}.{call:<28} {:>6} ok {:>6} failed",
				outcome.ok, outcome.failed
			)?;
		}
		Ok(())
	}
}

/// Whether to print every block and call (`HEALTHCHAIN_FUZZ_TRACE` set), to read a crash input.
fn tracing() -> bool {
	static TRACE: OnceLock<bool> = OnceLock::new();
	*TRACE.get_or_init(|| std::env::var_os("HEALTHCHAIN_FUZZ_TRACE").is_some())
}

/// The storage of the `demo` genesis preset, built once as a node builds it: the preset's JSON
/// patch over the default genesis config.
fn demo_genesis() -> &'static Storage {
	static GENESIS: OnceLock<Storage> = OnceLock::new();
	GENESIS.get_or_init(|| {
		let patch = genesis_config_presets::get_preset(&genesis_config_presets::DEMO_PRESET.into())
			.expect("the runtime has a demo preset");
		let patch: serde_json::Value =
			serde_json::from_slice(&patch).expect("a genesis preset is JSON");
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default())
			.expect("the default genesis config serializes");
		genesis_config_presets::json_merge(&mut config, patch);
		let config: RuntimeGenesisConfig =
			serde_json::from_value(config).expect("the demo preset is a valid genesis config");
		config.build_storage().expect("the demo genesis storage builds")
	})
}

/// Produces `blocks` on the `demo` genesis state, checking every invariant; returns what was
/// done.
pub fn execute(blocks: &[Block]) -> Stats {
	let mut externalities = sp_io::TestExternalities::new(demo_genesis().clone());
	externalities.execute_with(|| {
		let mut author = Author {
			next_slot: FIRST_SLOT,
			stats: Stats::default(),
			added_blocks_left: MAX_ADDED_BLOCKS,
		};
		for block in blocks {
			author.produce(block);
		}
		author.stats
	})
}

/// Authors blocks as a node's block builder does.
struct Author {
	/// The slot of the next block.
	next_slot: u64,
	/// What was done so far.
	stats: Stats,
	/// How many more empty blocks [`Action::Blocks`] may still add to this input.
	added_blocks_left: u32,
}

impl Author {
	/// Produces the next block with `block`'s actions, then checks the block invariants; then
	/// the empty blocks its actions ask for.
	fn produce(&mut self, block: &Block) {
		let number = System::block_number() + 1;
		let slot = self.next_slot;
		let digest = Digest {
			logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())],
		};
		let parent = System::block_hash(number - 1);
		Executive::initialize_block(&Header::new(
			number,
			Default::default(),
			Default::default(),
			parent,
			digest,
		));
		// Aura checks that the timestamp's slot is the digest's.
		let now = slot * SLOT_DURATION;
		apply_timestamp(number, now);
		Executive::inherents_applied();
		if tracing() {
			eprintln!("block {number} at slot {slot} ({now} ms)");
		}

		let mut wait = 0u64;
		let mut added = 0u32;
		for action in &block.actions {
			match action.prepare(now) {
				Prepared::Call(origin, call) => self.apply(number, action, origin, *call),
				Prepared::Wait(slots) => wait = wait.saturating_add(slots),
				Prepared::Blocks(count) => added = added.saturating_add(count),
				Prepared::Undecodable => {
					self.stats.undecodable += 1;
					if tracing() {
						eprintln!("  undecodable: {action:?}");
					}
				},
			}
		}
		Executive::finalize_block();
		check_block(number);
		self.stats.blocks += 1;
		self.next_slot = slot.saturating_add(1).saturating_add(wait);

		let added = added.min(self.added_blocks_left);
		self.added_blocks_left -= added;
		if tracing() && added > 0 {
			eprintln!("  {added} empty blocks follow");
		}
		for _ in 0..added {
			self.produce(&Block::default());
		}
	}

	/// Dispatches `call` if it fits in the block, and checks its weight.
	fn apply(
		&mut self,
		number: BlockNumber,
		action: &Action,
		origin: RuntimeOrigin,
		call: RuntimeCall,
	) {
		let info = call.get_dispatch_info();
		if !book_weight(&call) {
			self.stats.left_out += 1;
			if tracing() {
				eprintln!("  left out of the full block: {action:?}");
			}
			return;
		}
		let metadata = call.get_call_metadata();
		let result = call.dispatch(origin);
		let post_info = match &result {
			Ok(post_info) => post_info,
			Err(error) => &error.post_info,
		};
		if let Some(actual) = post_info.actual_weight {
			assert!(
				actual.all_lte(info.call_weight),
				"{}.{} in block {number} reported {actual:?}, more than the {:?} it declared: \
				 {action:?}",
				metadata.pallet_name,
				metadata.function_name,
				info.call_weight,
			);
		}
		if tracing() {
			eprintln!("  {action:?} -> {:?}", result.map(|_| ()).map_err(|e| e.error));
		}
		finish(&result, info);
		let outcome =
			self.stats.calls.entry((metadata.pallet_name, metadata.function_name)).or_default();
		if result.is_ok() {
			outcome.ok += 1;
		} else {
			outcome.failed += 1;
		}
	}
}

/// Applies the timestamp inherent, as the block author does first.
fn apply_timestamp(number: BlockNumber, now: u64) {
	let call = RuntimeCall::Timestamp(pallet_timestamp::Call::set { now });
	let info = call.get_dispatch_info();
	assert!(book_weight(&call), "the timestamp inherent of block {number} does not fit");
	let result = call.dispatch(RuntimeOrigin::none());
	assert!(result.is_ok(), "the timestamp inherent of block {number} failed: {result:?}");
	finish(&result, info);
}

/// Books `call`'s declared weight and length in the block if they fit, with the checks of the
/// `CheckWeight` transaction extension; returns whether they fit. A block builder leaves out a
/// transaction that does not fit.
fn book_weight(call: &RuntimeCall) -> bool {
	let info = call.get_dispatch_info();
	let len = call.encoded_size();
	CheckWeight::<Runtime>::do_validate(&info, len)
		.and_then(|(_, next_len)| CheckWeight::<Runtime>::do_prepare(&info, len, next_len))
		.is_ok()
}

/// Ends a dispatch as `WeightReclaim` and the executive do: gives the unspent part of the
/// booked weight back to the block, and records the outcome (the `ExtrinsicSuccess` or
/// `ExtrinsicFailed` event).
fn finish(result: &DispatchResultWithPostInfo, info: DispatchInfo) {
	let post_info = match result {
		Ok(post_info) => post_info,
		Err(error) => &error.post_info,
	};
	if let Err(error) = System::reclaim_weight(&info, post_info) {
		panic!("reclaiming unspent weight failed: {error:?}");
	}
	System::note_applied_extrinsic(result, info);
}

/// Checks the invariants that must hold after every block.
fn check_block(number: BlockNumber) {
	// Every pallet's storage invariants. Ours run their `do_try_state` from this hook, and the
	// runtime logs which pallet failed.
	if let Err(error) =
		<AllPalletsWithSystem as TryState<BlockNumber>>::try_state(number, TryStateSelect::All)
	{
		panic!("try_state failed after block {number}: {error:?}");
	}

	// Block weight: each class within its limit, and all of them within the block's.
	let limits = RuntimeBlockWeights::get();
	let consumed = System::block_weight();
	for class in [DispatchClass::Normal, DispatchClass::Operational, DispatchClass::Mandatory] {
		let used = *consumed.get(class);
		assert!(
			used.all_lte(limits.max_block),
			"block {number}: {class:?} weight {used:?} exceeds the block's {:?}",
			limits.max_block
		);
		if let Some(max) = limits.get(class).max_total {
			assert!(
				used.all_lte(max),
				"block {number}: {class:?} weight {used:?} exceeds the class limit {max:?}"
			);
		}
	}
	assert!(
		consumed.total().all_lte(limits.max_block),
		"block {number}: total weight {:?} exceeds the block's {:?}",
		consumed.total(),
		limits.max_block
	);

	// Issuance: every unit held by an account (free, or reserved, which includes holds) is
	// counted in the total issuance, and nothing else is.
	let held = frame_system::Account::<Runtime>::iter().try_fold(0u128, |sum, (who, account)| {
		sum.checked_add(account.data.free)
			.and_then(|sum| sum.checked_add(account.data.reserved))
			.ok_or(who)
	});
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	match held {
		Ok(held) => assert_eq!(
			held, issuance,
			"block {number}: accounts hold {held} but the total issuance is {issuance}"
		),
		Err(who) => panic!("block {number}: the balances overflow u128 at account {who}"),
	}
}
