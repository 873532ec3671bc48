//! Following the chain: reads finalized blocks in batches over JSON-RPC, splits each block's
//! events with the metadata of the runtime that made it, keeps those of our pallets, and writes
//! them with the cursor.
//!
//! Events are split with the chain's own metadata (fetched once per `spec_version`), so
//! events of pallets this build does not know, such as a parachain's, are stepped over.

use crate::store::{BlockRow, EventRow, Store, StoreError};
use codec::{Compact, Decode};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use healthchain_client::{
	rpc::{from_hex, hash_of, to_hex, value_key},
	ChainError, Rpc,
};
use scale_decode::visitor::{decode_with_visitor, IgnoreVisitor};
use scale_info::{form::PortableForm, PortableRegistry, TypeDef};
use serde_json::{json, Value};
use std::{
	collections::HashMap,
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

/// The pallets whose events are indexed.
pub const OUR_PALLETS: &[&str] =
	&["Organizations", "Consent", "Records", "SupplyChain", "KeyDirectory"];

/// Why following stopped.
#[derive(Debug)]
pub enum FollowError {
	/// The node failed or refused; following retries.
	Chain(ChainError),
	/// The database failed.
	Store(StoreError),
	/// A block cannot be indexed: its events do not decode, or its state is pruned.
	Block(String),
}

impl std::fmt::Display for FollowError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Chain(e) => write!(f, "{e}"),
			Self::Store(e) => write!(f, "{e}"),
			Self::Block(e) => write!(f, "{e}"),
		}
	}
}

impl From<ChainError> for FollowError {
	fn from(e: ChainError) -> Self {
		Self::Chain(e)
	}
}

impl From<StoreError> for FollowError {
	fn from(e: StoreError) -> Self {
		Self::Store(e)
	}
}

/// What a runtime's metadata tells about its events.
pub struct EventLayout {
	types: PortableRegistry,
	/// The `RuntimeEvent` type.
	event_ty: u32,
	/// Pallet index to (name, event variant index to name), for our pallets.
	ours: HashMap<u8, (String, HashMap<u8, String>)>,
}

impl EventLayout {
	/// Reads the layout from SCALE-encoded metadata (V14 to V16).
	pub fn from_metadata(bytes: &[u8]) -> Result<Self, String> {
		let prefixed = RuntimeMetadataPrefixed::decode(&mut &bytes[..])
			.map_err(|e| format!("metadata does not decode: {e}"))?;
		// (types, [(pallet name, pallet index, event type)])
		let (types, pallets): (PortableRegistry, Vec<(String, u8, Option<u32>)>) = match prefixed.1
		{
			RuntimeMetadata::V14(m) => (
				m.types,
				m.pallets
					.into_iter()
					.map(|p| (p.name, p.index, p.event.map(|e| e.ty.id)))
					.collect(),
			),
			RuntimeMetadata::V15(m) => (
				m.types,
				m.pallets
					.into_iter()
					.map(|p| (p.name, p.index, p.event.map(|e| e.ty.id)))
					.collect(),
			),
			RuntimeMetadata::V16(m) => (
				m.types,
				m.pallets
					.into_iter()
					.map(|p| (p.name, p.index, p.event.map(|e| e.ty.id)))
					.collect(),
			),
			_ => return Err("metadata older than V14".into()),
		};
		let variants_of = |ty: u32| -> HashMap<u8, String> {
			match types.resolve(ty).map(|t| &t.type_def) {
				Some(TypeDef::Variant(v)) => {
					v.variants.iter().map(|v| (v.index, v.name.clone())).collect()
				},
				_ => HashMap::new(),
			}
		};
		let ours = pallets
			.iter()
			.filter(|(name, _, _)| OUR_PALLETS.contains(&name.as_str()))
			.filter_map(|(name, index, ty)| ty.map(|ty| (*index, (name.clone(), variants_of(ty)))))
			.collect();
		let event_ty = event_type(&types)?;
		Ok(Self { types, event_ty, ours })
	}

	/// Splits a block's `System::Events` into its records and keeps those of our pallets.
	pub fn split(&self, bytes: &[u8]) -> Result<Vec<EventRow>, String> {
		let mut input = bytes;
		let count = Compact::<u32>::decode(&mut input).map_err(|e| e.to_string())?.0;
		let mut out = Vec::new();
		for index in 0..count {
			let phase = frame_system::Phase::decode(&mut input)
				.map_err(|e| format!("event {index}: phase: {e}"))?;
			let start = input;
			decode_with_visitor(
				&mut input,
				self.event_ty,
				&self.types,
				IgnoreVisitor::<PortableRegistry>::new(),
			)
			.map_err(|e| format!("event {index}: {e}"))?;
			let event = &start[..start.len() - input.len()];
			<Vec<sp_core::H256>>::decode(&mut input)
				.map_err(|e| format!("event {index}: topics: {e}"))?;
			let (Some(pallet), Some(variant)) = (event.first(), event.get(1)) else {
				return Err(format!("event {index}: empty"));
			};
			if let Some((name, variants)) = self.ours.get(pallet) {
				out.push(EventRow {
					index,
					extrinsic: match phase {
						frame_system::Phase::ApplyExtrinsic(i) => Some(i),
						_ => None,
					},
					pallet: name.clone(),
					name: variants.get(variant).cloned().unwrap_or_else(|| format!("#{variant}")),
					data: to_hex(event),
				});
			}
		}
		if !input.is_empty() {
			return Err(format!("{} bytes after the last event", input.len()));
		}
		Ok(out)
	}
}

/// The `RuntimeEvent` type: the `event` field of the records `System::Events` holds, found by
/// the `frame_system::EventRecord` path.
fn event_type(types: &PortableRegistry) -> Result<u32, String> {
	for ty in types.types.iter() {
		let path = &ty.ty.path.segments;
		if path.last().map(String::as_str) != Some("EventRecord") {
			continue;
		}
		if let TypeDef::Composite(c) = &ty.ty.type_def {
			let field = c
				.fields
				.iter()
				.find(|f: &&scale_info::Field<PortableForm>| f.name.as_deref() == Some("event"));
			if let Some(field) = field {
				return Ok(field.ty.id);
			}
		}
	}
	Err("no EventRecord in the metadata".into())
}

/// How far the index is, for the log and `/health`.
#[derive(Default)]
pub struct Progress {
	/// The last block written.
	pub indexed: AtomicU64,
	/// The finalized head last seen.
	pub finalized: AtomicU64,
	/// Events written since start.
	pub events: AtomicU64,
	/// Blocks written since start.
	pub blocks: AtomicU64,
}

impl Progress {
	/// Blocks between the index and the finalized head.
	pub fn behind(&self) -> u64 {
		self.finalized.load(Ordering::Relaxed).saturating_sub(self.indexed.load(Ordering::Relaxed))
	}
}

/// Settings of the follower.
#[derive(Clone, Debug)]
pub struct FollowConfig {
	/// The first block to index when the database is empty.
	pub from: u32,
	/// Blocks read and written together.
	pub batch: u32,
	/// How often to ask for the finalized head when caught up.
	pub poll: Duration,
}

/// Reads finalized blocks into the store.
pub struct Follower {
	rpc: Rpc,
	store: Arc<Store>,
	config: FollowConfig,
	progress: Arc<Progress>,
	layouts: HashMap<u32, Arc<EventLayout>>,
	/// Blocks read at a time now: `config.batch`, less while answers are too large.
	size: u32,
	/// Reads in a row that succeeded at `size`, before trying twice as many.
	fits: u32,
	/// Progress lines: how often, when the last was, and the counts then.
	every: Duration,
	last_log: Instant,
	blocks_then: u64,
	events_then: u64,
	timestamp_key: String,
	events_key: String,
}

impl Follower {
	/// A follower of the node behind `rpc`, into `store`. Binds the store to the node's chain.
	pub async fn new(
		rpc: Rpc,
		store: Arc<Store>,
		config: FollowConfig,
		progress: Arc<Progress>,
	) -> Result<Self, FollowError> {
		let genesis = rpc
			.block_hash(0)
			.await?
			.ok_or_else(|| FollowError::Block("the node has no genesis block".into()))?;
		store.bind_chain(&format!("{genesis:?}")).await?;
		if let Some(cursor) = store.cursor().await? {
			progress.indexed.store(u64::from(cursor.number), Ordering::Relaxed);
		}
		Ok(Self {
			rpc,
			store,
			config: config.clone(),
			progress,
			layouts: HashMap::new(),
			size: config.batch.max(1),
			fits: 0,
			every: Duration::from_secs(5),
			last_log: Instant::now(),
			blocks_then: 0,
			events_then: 0,
			timestamp_key: to_hex(&value_key("Timestamp", "Now")),
			events_key: to_hex(&value_key("System", "Events")),
		})
	}

	/// Indexes up to the finalized head once: returns the blocks written.
	pub async fn catch_up(&mut self) -> Result<u32, FollowError> {
		let (_, head) = self.rpc.finalized().await?;
		self.progress.finalized.store(u64::from(head), Ordering::Relaxed);
		let mut written = 0;
		loop {
			let next = match self.store.cursor().await? {
				Some(c) => c.number + 1,
				None => self.config.from,
			};
			if next > head {
				return Ok(written);
			}
			let last = head.min(next.saturating_add(self.size - 1));
			let blocks = match self.read(next, last).await {
				Ok(blocks) => blocks,
				// Large blocks: fewer at a time, down to one.
				Err(FollowError::Chain(ChainError::TooLarge(_))) if self.size > 1 => {
					self.size /= 2;
					self.fits = 0;
					tracing::info!(
						"the node's answer was too large; reading {} blocks at a time",
						self.size
					);
					continue;
				},
				Err(FollowError::Chain(ChainError::TooLarge(e))) => {
					return Err(FollowError::Block(format!(
						"block #{next}: its events are more than the node answers at once ({e}); \
						 raise the node's --rpc-max-response-size"
					)))
				},
				Err(e) => return Err(e),
			};
			self.fits += 1;
			if self.size < self.config.batch && self.fits >= 8 {
				self.size = (self.size * 2).min(self.config.batch);
				self.fits = 0;
			}
			let events: usize = blocks.iter().map(|b| b.events.len()).sum();
			self.store.write(&blocks).await?;
			written += last - next + 1;
			self.progress.indexed.store(u64::from(last), Ordering::Relaxed);
			self.progress.blocks.fetch_add(u64::from(last - next + 1), Ordering::Relaxed);
			self.progress.events.fetch_add(events as u64, Ordering::Relaxed);
			self.report();
		}
	}

	/// Follows the chain until `stop` resolves, logging progress every `every`.
	pub async fn run(
		mut self,
		stop: impl std::future::Future<Output = ()>,
		every: Duration,
	) -> Result<(), FollowError> {
		tokio::pin!(stop);
		self.every = every;
		// After a failure of the node, wait 1, 2, 4... up to 30 s before asking again.
		let mut backoff = Duration::ZERO;
		loop {
			let round = async {
				match self.catch_up().await {
					Ok(_) => Ok(true),
					Err(FollowError::Chain(e)) => {
						tracing::warn!("node: {e}; retrying");
						Ok(false)
					},
					Err(e) => Err(e),
				}
			};
			let fine = tokio::select! {
				_ = &mut stop => return Ok(()),
				result = round => result?,
			};
			if fine {
				backoff = Duration::ZERO;
			} else {
				backoff = (backoff * 2).clamp(Duration::from_secs(1), Duration::from_secs(30));
				tokio::select! {
					_ = &mut stop => return Ok(()),
					_ = tokio::time::sleep(backoff) => {},
				}
				continue;
			}
			self.report();
			if self.progress.behind() == 0 {
				tokio::select! {
					_ = &mut stop => return Ok(()),
					_ = tokio::time::sleep(self.config.poll) => {},
				}
			}
		}
	}

	/// Logs progress: a line every `every` while blocks are written, and one when caught up.
	fn report(&mut self) {
		let blocks = self.progress.blocks.load(Ordering::Relaxed);
		let written = blocks != self.blocks_then;
		if self.last_log.elapsed() < self.every && !(written && self.progress.behind() == 0) {
			return;
		}
		let events = self.progress.events.load(Ordering::Relaxed);
		if written {
			let secs = self.last_log.elapsed().as_secs_f64().max(0.001);
			tracing::info!(
				"indexed #{} · {} behind · {:.0} blocks/s · {:.0} events/s",
				self.progress.indexed.load(Ordering::Relaxed),
				self.progress.behind(),
				(blocks - self.blocks_then) as f64 / secs,
				(events - self.events_then) as f64 / secs,
			);
		}
		(self.blocks_then, self.events_then) = (blocks, events);
		self.last_log = Instant::now();
	}

	/// Reads blocks `from..=to`: two JSON-RPC batches, then metadata for a new runtime.
	async fn read(&mut self, from: u32, to: u32) -> Result<Vec<BlockRow>, FollowError> {
		let calls: Vec<(&str, Value)> =
			(from..=to).map(|n| ("chain_getBlockHash", json!([n]))).collect();
		let hashes = self.rpc.batch(&calls).await?;
		let hashes = hashes.iter().map(hash_of).collect::<Result<Vec<_>, _>>()?;
		let mut calls = Vec::with_capacity(hashes.len() * 4);
		for hash in &hashes {
			let at = format!("{hash:?}");
			calls.push(("chain_getHeader", json!([at])));
			calls.push(("state_getRuntimeVersion", json!([at])));
			calls.push(("state_getStorage", json!([self.timestamp_key, at])));
			calls.push(("state_getStorage", json!([self.events_key, at])));
		}
		let answers = self.rpc.batch(&calls).await.map_err(|e| match e {
			ChainError::Rejected(m) if m.contains("discarded") || m.contains("pruned") => {
				FollowError::Block(format!(
					"the node no longer has the state of blocks #{from}..#{to} ({m}); index from \
					 an archive node (--state-pruning archive-canonical) or start later (--from)"
				))
			},
			e => FollowError::Chain(e),
		})?;
		let mut blocks = Vec::with_capacity(hashes.len());
		for (i, (hash, answer)) in hashes.iter().zip(answers.chunks(4)).enumerate() {
			let number = from + i as u32;
			let parent = answer[0]["parentHash"].as_str().unwrap_or_default().to_string();
			let spec_version = answer[1]["specVersion"].as_u64().unwrap_or_default() as u32;
			let time_ms = match &answer[2] {
				Value::String(hex) => u64::decode(&mut &from_hex(hex)?[..])
					.map_err(|e| FollowError::Block(format!("#{number}: timestamp: {e}")))?,
				_ => 0,
			};
			let layout = self.layout(spec_version, *hash).await?;
			let events = match &answer[3] {
				Value::String(hex) => layout
					.split(&from_hex(hex)?)
					.map_err(|e| FollowError::Block(format!("#{number} ({hash:?}): {e}")))?,
				_ => Vec::new(),
			};
			blocks.push(BlockRow {
				number,
				hash: format!("{hash:?}"),
				parent,
				time_ms,
				spec_version,
				events,
			});
		}
		Ok(blocks)
	}

	async fn layout(
		&mut self,
		spec_version: u32,
		at: sp_core::H256,
	) -> Result<Arc<EventLayout>, FollowError> {
		if let Some(layout) = self.layouts.get(&spec_version) {
			return Ok(layout.clone());
		}
		let metadata = self.rpc.call("state_getMetadata", json!([format!("{at:?}")])).await?;
		let bytes = from_hex(metadata.as_str().unwrap_or_default())?;
		let layout =
			Arc::new(EventLayout::from_metadata(&bytes).map_err(|e| {
				FollowError::Block(format!("runtime {spec_version} at {at:?}: {e}"))
			})?);
		tracing::info!("runtime {spec_version}: events of {} of our pallets", layout.ours.len());
		self.layouts.insert(spec_version, layout.clone());
		Ok(layout)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use healthchain_runtime::{Runtime, RuntimeEvent};

	fn layout() -> EventLayout {
		let metadata = Runtime::metadata();
		EventLayout::from_metadata(&metadata.encode()).unwrap()
	}

	#[test]
	fn our_pallets_events_are_kept_with_their_names_and_others_stepped_over() {
		let layout = layout();
		assert_eq!(layout.ours.len(), OUR_PALLETS.len());
		let records: Vec<frame_system::EventRecord<RuntimeEvent, sp_core::H256>> = vec![
			frame_system::EventRecord {
				phase: frame_system::Phase::Initialization,
				event: RuntimeEvent::System(frame_system::Event::NewAccount {
					account: [1u8; 32].into(),
				}),
				topics: vec![],
			},
			frame_system::EventRecord {
				phase: frame_system::Phase::ApplyExtrinsic(3),
				event: RuntimeEvent::KeyDirectory(pallet_key_directory::Event::KeyPublished {
					who: [2u8; 32].into(),
					version: 7,
				}),
				topics: vec![sp_core::H256::repeat_byte(9)],
			},
		];
		let rows = layout.split(&records.encode()).unwrap();
		assert_eq!(rows.len(), 1);
		assert_eq!(rows[0].index, 1);
		assert_eq!(rows[0].extrinsic, Some(3));
		assert_eq!(
			(rows[0].pallet.as_str(), rows[0].name.as_str()),
			("KeyDirectory", "KeyPublished")
		);
		let bytes = from_hex(&rows[0].data).unwrap();
		assert_eq!(RuntimeEvent::decode(&mut &bytes[..]).unwrap(), records[1].event);
	}

	#[test]
	fn events_that_do_not_decode_are_an_error_not_a_guess() {
		let layout = layout();
		let mut bytes = vec![4u8]; // one record
		bytes.extend(frame_system::Phase::Finalization.encode());
		bytes.extend([250u8, 0, 0]); // no such pallet
		assert!(layout.split(&bytes).is_err());
	}
}
