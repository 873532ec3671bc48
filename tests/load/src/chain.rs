//! What a client needs from the chain: keys, signed extrinsics built with the runtime's own
//! types, storage keys, and following new blocks to see which of our extrinsics they include.

use crate::rpc::{from_hex, to_hex, Rpc, RpcError};
use codec::{Decode, Encode};
use frame_support::{dispatch::PerDispatchClass, weights::Weight};
use healthchain_primitives::blind::{self, BlindKey};
use healthchain_runtime::{
	tx_extension, AccountId, Address, Nonce, RuntimeCall, RuntimeEvent, Signature, SignedPayload,
	UncheckedExtrinsic,
};
use serde_json::{json, Value};
use sp_core::{crypto::Pair as _, sr25519, H256};
use sp_io::hashing::blake2_256;
use sp_runtime::generic::Era;
use std::collections::HashMap;

/// A key pair, its account, and the blind-index key a wallet derives from the same secret URI
/// (what a patient's codes and dates are tagged with).
#[derive(Clone)]
pub struct Key {
	pub pair: sr25519::Pair,
	pub account: AccountId,
	pub blind: BlindKey,
}

impl Key {
	/// The key of a secret URI such as `//Alice` or `//Alice//load//7`.
	pub fn from_uri(uri: &str) -> Self {
		let pair = sr25519::Pair::from_string(uri, None).expect("dev URIs are valid");
		let account = AccountId::from(pair.public());
		Self { pair, account, blind: blind::key_from_suri(uri.as_bytes()) }
	}
}

/// What every signature of this chain commits to besides the call and nonce.
#[derive(Clone, Copy)]
pub struct ChainInfo {
	pub genesis: H256,
	pub spec_version: u32,
	pub transaction_version: u32,
}

impl ChainInfo {
	/// Reads the genesis hash and runtime version from the node, and refuses a runtime whose
	/// version differs from the one this tool encodes calls for.
	pub fn fetch(rpc: &mut Rpc) -> Result<Self, String> {
		let genesis = rpc.call("chain_getBlockHash", json!([0])).map_err(|e| e.to_string())?;
		let genesis = hash_of(&genesis)?;
		let version = rpc.call("state_getRuntimeVersion", json!([])).map_err(|e| e.to_string())?;
		let spec_version = version["specVersion"].as_u64().ok_or("no specVersion")? as u32;
		let transaction_version =
			version["transactionVersion"].as_u64().ok_or("no transactionVersion")? as u32;
		let ours = healthchain_runtime::VERSION;
		if spec_version != ours.spec_version || version["specName"] != *ours.spec_name {
			return Err(format!(
				"the node runs {} {spec_version}, this tool encodes for {} {}",
				version["specName"], ours.spec_name, ours.spec_version
			));
		}
		Ok(Self { genesis, spec_version, transaction_version })
	}

	/// `call` signed by `key` with `nonce`, immortal, no tip, exactly as a wallet signs it.
	pub fn sign(&self, key: &Key, nonce: Nonce, call: RuntimeCall) -> UncheckedExtrinsic {
		let extension = tx_extension(nonce, Era::Immortal);
		// The data each extension adds to the signed payload without sending it.
		let implicit = (
			(),
			(),
			self.spec_version,
			self.transaction_version,
			self.genesis,
			self.genesis,
			(),
			(),
			(),
			None::<[u8; 32]>,
			(),
		);
		let payload = SignedPayload::from_raw(call, extension, implicit);
		let signature = payload.using_encoded(|bytes| key.pair.sign(bytes));
		let (call, extension, _) = payload.deconstruct();
		UncheckedExtrinsic::new_signed(
			call,
			Address::Id(key.account.clone()),
			Signature::Sr25519(signature),
			extension,
		)
	}
}

/// An extrinsic ready to submit: its bytes, hash and signer.
pub struct Signed {
	pub bytes: Vec<u8>,
	pub hash: [u8; 32],
	pub signer: AccountId,
}

impl Signed {
	pub fn new(xt: &UncheckedExtrinsic, signer: &AccountId) -> Self {
		let bytes = xt.encode();
		let hash = blake2_256(&bytes);
		Self { bytes, hash, signer: signer.clone() }
	}
}

/// The key of a plain storage value `pallet::item`.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	frame_support::storage::storage_prefix(pallet.as_bytes(), item.as_bytes()).to_vec()
}

/// Raw storage at `key` in the state of `at` (best block when `None`).
pub fn storage(rpc: &mut Rpc, key: &[u8], at: Option<H256>) -> Result<Option<Vec<u8>>, String> {
	let params = match at {
		Some(at) => json!([to_hex(key), format!("{at:?}")]),
		None => json!([to_hex(key)]),
	};
	match rpc.call("state_getStorage", params).map_err(|e| e.to_string())? {
		Value::String(hex) => from_hex(&hex).map(Some),
		_ => Ok(None),
	}
}

/// A storage value decoded as `T`.
pub fn decode_storage<T: Decode>(
	rpc: &mut Rpc,
	key: &[u8],
	at: Option<H256>,
) -> Result<Option<T>, String> {
	storage(rpc, key, at)?
		.map(|bytes| T::decode(&mut &bytes[..]).map_err(|e| e.to_string()))
		.transpose()
}

/// The next nonce of `who` as the node's pool sees it.
pub fn next_nonce(rpc: &mut Rpc, who: &AccountId) -> Result<Nonce, String> {
	let account = sp_core::crypto::Ss58Codec::to_ss58check(who);
	let nonce = rpc.call("system_accountNextIndex", json!([account])).map_err(|e| e.to_string())?;
	nonce.as_u64().map(|n| n as Nonce).ok_or_else(|| format!("bad nonce {nonce}"))
}

/// Submits an extrinsic; returns the node's error when it refuses it.
pub fn submit(rpc: &mut Rpc, xt: &Signed) -> Result<(), RpcError> {
	rpc.call("author_submitExtrinsic", json!([to_hex(&xt.bytes)])).map(|_| ())
}

/// Calls runtime API `method` with SCALE `args` at the best block and returns the raw answer.
pub fn state_call(rpc: &mut Rpc, method: &str, args: &[u8]) -> Result<Vec<u8>, String> {
	let answer =
		rpc.call("state_call", json!([method, to_hex(args)])).map_err(|e| e.to_string())?;
	from_hex(answer.as_str().ok_or("state_call answered no hex")?)
}

fn hash_of(value: &Value) -> Result<H256, String> {
	let bytes = from_hex(value.as_str().ok_or_else(|| format!("not a hash: {value}"))?)?;
	if bytes.len() != 32 {
		return Err(format!("not a 32-byte hash: {value}"));
	}
	Ok(H256::from_slice(&bytes))
}

/// The best block number.
pub fn best_number(rpc: &mut Rpc) -> Result<u32, String> {
	let header = rpc.call("chain_getHeader", json!([])).map_err(|e| e.to_string())?;
	let number = header["number"].as_str().ok_or("header without number")?;
	u32::from_str_radix(number.trim_start_matches("0x"), 16).map_err(|e| e.to_string())
}

/// One block as the load report needs it.
pub struct BlockView {
	pub number: u32,
	/// Encoded length of every extrinsic in the block.
	pub length: usize,
	/// Number of extrinsics, inherents included.
	pub extrinsics: usize,
	/// Hashes of the extrinsics, by index.
	pub hashes: Vec<[u8; 32]>,
	/// Weight consumed per dispatch class after refunds.
	pub weight: PerDispatchClass<Weight>,
	/// The block's events.
	pub events: Vec<frame_system::EventRecord<RuntimeEvent, H256>>,
	/// The block's timestamp (ms).
	pub timestamp: u64,
}

impl BlockView {
	/// Reads block `number` of the best chain.
	pub fn fetch(rpc: &mut Rpc, number: u32) -> Result<Self, String> {
		let hash =
			hash_of(&rpc.call("chain_getBlockHash", json!([number])).map_err(|e| e.to_string())?)?;
		let block =
			rpc.call("chain_getBlock", json!([format!("{hash:?}")])).map_err(|e| e.to_string())?;
		let mut length = 0;
		let mut hashes = Vec::new();
		for xt in block["block"]["extrinsics"].as_array().ok_or("block without extrinsics")? {
			let bytes = from_hex(xt.as_str().ok_or("extrinsic not hex")?)?;
			length += bytes.len();
			hashes.push(blake2_256(&bytes));
		}
		let weight = decode_storage(rpc, &value_key("System", "BlockWeight"), Some(hash))?
			.unwrap_or_default();
		let events =
			decode_storage(rpc, &value_key("System", "Events"), Some(hash))?.unwrap_or_default();
		let timestamp =
			decode_storage(rpc, &value_key("Timestamp", "Now"), Some(hash))?.unwrap_or_default();
		Ok(Self { number, length, extrinsics: hashes.len(), hashes, weight, events, timestamp })
	}

	/// The events of the extrinsic at `index`.
	pub fn events_of(&self, index: usize) -> impl Iterator<Item = &RuntimeEvent> {
		self.events.iter().filter_map(move |record| match record.phase {
			frame_system::Phase::ApplyExtrinsic(i) if i as usize == index => Some(&record.event),
			_ => None,
		})
	}

	/// Why the extrinsic at `index` failed, if it did: its own dispatch error, a failed sudo
	/// call or an interrupted batch.
	pub fn failure_of(&self, index: usize) -> Option<String> {
		self.events_of(index).find_map(|event| match event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error, ..
			}) => Some(format!("{dispatch_error:?}")),
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(e) }) => {
				Some(format!("sudo: {e:?}"))
			},
			RuntimeEvent::Utility(pallet_utility::Event::BatchInterrupted { index, error }) => {
				Some(format!("batch item {index}: {error:?}"))
			},
			_ => None,
		})
	}
}

/// Follows the best chain from `from` and records where each extrinsic of `expected` lands.
pub struct Tracker {
	pub expected: HashMap<[u8; 32], usize>,
	pub next: u32,
	/// (block number, failure) of each included extrinsic, by its position in the workload.
	pub included: HashMap<usize, (u32, Option<String>)>,
	/// The blocks that included at least one of ours.
	pub blocks: Vec<BlockStats>,
	/// Which events of our extrinsics show the intended effect (e.g. `GrantCreated`).
	pub effect: fn(&RuntimeEvent) -> bool,
	/// How many of our extrinsics emitted such an event.
	pub effects: usize,
	/// Those events, in chain order: the ids later workloads act on (grants, records,
	/// shipments).
	pub effect_events: Vec<RuntimeEvent>,
}

/// What a block held of ours and how full it was.
#[derive(Clone, Debug)]
pub struct BlockStats {
	pub number: u32,
	pub ours: usize,
	pub extrinsics: usize,
	pub length: usize,
	pub normal_weight: Weight,
	pub timestamp: u64,
}

impl Tracker {
	pub fn new(
		from: u32,
		hashes: impl IntoIterator<Item = [u8; 32]>,
		effect: fn(&RuntimeEvent) -> bool,
	) -> Self {
		let expected = hashes.into_iter().enumerate().map(|(i, h)| (h, i)).collect();
		Self {
			expected,
			next: from,
			included: HashMap::new(),
			blocks: Vec::new(),
			effect,
			effects: 0,
			effect_events: Vec::new(),
		}
	}

	/// Reads every block up to the best one; returns how many new blocks were read.
	pub fn poll(&mut self, rpc: &mut Rpc) -> Result<u32, String> {
		let best = best_number(rpc)?;
		let mut read = 0;
		while self.next <= best {
			let block = BlockView::fetch(rpc, self.next)?;
			let mut ours = 0;
			for (index, hash) in block.hashes.iter().enumerate() {
				if let Some(position) = self.expected.get(hash) {
					ours += 1;
					let before = self.effect_events.len();
					self.effect_events
						.extend(block.events_of(index).filter(|e| (self.effect)(e)).cloned());
					if self.effect_events.len() > before {
						self.effects += 1;
					}
					self.included.insert(*position, (block.number, block.failure_of(index)));
				}
			}
			if ours > 0 {
				self.blocks.push(BlockStats {
					number: block.number,
					ours,
					extrinsics: block.extrinsics,
					length: block.length,
					normal_weight: *block
						.weight
						.get(frame_support::dispatch::DispatchClass::Normal),
					timestamp: block.timestamp,
				});
			}
			self.next += 1;
			read += 1;
		}
		Ok(read)
	}

	pub fn all_included(&self) -> bool {
		self.included.len() == self.expected.len()
	}

	pub fn failures(&self) -> Vec<(usize, String)> {
		let mut failures: Vec<_> = self
			.included
			.iter()
			.filter_map(|(position, (_, failure))| failure.clone().map(|f| (*position, f)))
			.collect();
		failures.sort();
		failures
	}
}
