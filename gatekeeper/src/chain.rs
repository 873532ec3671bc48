//! What the gatekeeper asks of the node, over JSON-RPC on HTTP: the finalized head, the
//! runtime APIs that decide, its own `consent.log_served` extrinsics, and the finalized blocks
//! it follows to see them logged and records erased.

use codec::Encode;
use healthchain_client::rpc::{decode, from_hex, hash_of, to_hex, value_key};
pub use healthchain_client::{ChainError, Rpc};
use healthchain_primitives::{AccessDecision, ContentHash, OrgId, Purpose, RecordId};
use healthchain_runtime::{
	tx_extension, AccountId, Address, Nonce, Runtime, RuntimeCall, RuntimeEvent, Signature,
	SignedPayload, UncheckedExtrinsic,
};
use pallet_records::{PointerInfo, ReadDenied, RecordPointer};
use serde_json::json;
use sp_core::{
	crypto::{Pair as _, Ss58Codec},
	sr25519, H256,
};
use sp_runtime::generic::Era;
use std::{collections::HashMap, sync::Mutex, time::Duration};
use tokio::sync::oneshot;

/// An audit entry in a finalized block.
#[derive(Debug, Clone)]
pub struct Logged {
	/// The block.
	pub block: H256,
	/// The chain's decision, or why the extrinsic failed.
	pub decision: Result<AccessDecision, String>,
}

/// A record erased in a finalized block, with what it pointed at before.
pub struct Erased {
	/// Its custodian.
	pub custodian: Option<OrgId>,
	/// Its locator.
	pub locator: Vec<u8>,
	/// Its content hash.
	pub hash: ContentHash,
}

/// The node, and the key the gatekeeper logs with.
pub struct Chain {
	/// The node's JSON-RPC.
	pub rpc: Rpc,
	key: sr25519::Pair,
	account: AccountId,
	genesis: H256,
	spec_version: u32,
	transaction_version: u32,
	nonce: tokio::sync::Mutex<Option<Nonce>>,
	waiters: Mutex<HashMap<[u8; 32], oneshot::Sender<Logged>>>,
}

impl Chain {
	/// Connects to `url` (`http://` or `ws://`; the same port serves both) with the logging
	/// key of `signer_uri`, and refuses a runtime this build does not encode calls for.
	pub async fn connect(url: &str, signer_uri: &str) -> Result<Self, ChainError> {
		let key = sr25519::Pair::from_string(signer_uri, None)
			.map_err(|e| ChainError::Rejected(format!("signer: {e:?}")))?;
		let mut chain = Self {
			rpc: Rpc::new(url)?,
			account: AccountId::from(key.public()),
			key,
			genesis: H256::zero(),
			spec_version: 0,
			transaction_version: 0,
			nonce: tokio::sync::Mutex::new(None),
			waiters: Mutex::new(HashMap::new()),
		};
		chain.genesis = hash_of(&chain.rpc.call("chain_getBlockHash", json!([0])).await?)?;
		let version = chain.rpc.call("state_getRuntimeVersion", json!([])).await?;
		let ours = healthchain_runtime::VERSION;
		chain.spec_version = version["specVersion"].as_u64().unwrap_or_default() as u32;
		chain.transaction_version =
			version["transactionVersion"].as_u64().unwrap_or_default() as u32;
		// The parachain build has the same healthcare pallets, call indices and transaction
		// extensions (tests/e2e/parachain.test.mjs compares them).
		let spec = version["specName"].as_str().unwrap_or_default();
		if spec != &*ours.spec_name && spec != "healthchain-parachain" {
			return Err(ChainError::Rejected(format!(
				"the node runs {spec}, this gatekeeper speaks {}",
				ours.spec_name
			)));
		}
		Ok(chain)
	}

	/// The records API's `read_pointer` at `at`.
	pub async fn read_pointer(
		&self,
		record: RecordId,
		accessor: &AccountId,
		purpose: Purpose,
		at: H256,
	) -> Result<Result<PointerInfo<AccountId>, ReadDenied>, ChainError> {
		self.rpc.state_call("RecordsApi_read_pointer", (record, accessor, purpose), at).await
	}

	/// Logs `accessor`'s request to read `record` for `purpose` with `consent.log_served` and
	/// waits, at most `timeout`, for it to be in a finalized block.
	pub async fn log_served(
		&self,
		accessor: AccountId,
		record: RecordId,
		purpose: Purpose,
		request: [u8; 32],
		timeout: Duration,
	) -> Result<Logged, ChainError> {
		let call = RuntimeCall::Consent(pallet_consent::Call::log_served {
			accessor,
			record,
			purpose,
			request,
		});
		let (sender, receiver) = oneshot::channel();
		let hash = {
			let mut nonce = self.nonce.lock().await;
			let next = match *nonce {
				Some(next) => next,
				None => {
					// In the generic `5…` form, this process's default, which every node
					// decodes: the chain's own prefix is not in the SS58 registry, and only a
					// node that made it its default decodes that (ours does, the omni node not).
					let who = self.account.to_ss58check();
					let next = self.rpc.call("system_accountNextIndex", json!([who])).await?;
					next.as_u64().ok_or_else(|| ChainError::Rejected(format!("nonce {next}")))?
						as Nonce
				},
			};
			let bytes = self.sign(next, call).encode();
			let hash = sp_io::hashing::blake2_256(&bytes);
			self.waiters.lock().unwrap_or_else(|p| p.into_inner()).insert(hash, sender);
			match self.rpc.call("author_submitExtrinsic", json!([to_hex(&bytes)])).await {
				Ok(_) => *nonce = Some(next + 1),
				Err(e) => {
					*nonce = None;
					self.waiters.lock().unwrap_or_else(|p| p.into_inner()).remove(&hash);
					return Err(e);
				},
			}
			hash
		};
		let logged = tokio::time::timeout(timeout, receiver).await;
		self.waiters.lock().unwrap_or_else(|p| p.into_inner()).remove(&hash);
		match logged {
			Ok(Ok(logged)) => Ok(logged),
			_ => Err(ChainError::Timeout),
		}
	}

	/// `call` signed by the gatekeeper's key with `nonce`, immortal, no tip.
	fn sign(&self, nonce: Nonce, call: RuntimeCall) -> UncheckedExtrinsic {
		let extension = tx_extension(nonce, Era::Immortal);
		// What each extension adds to the signed payload without sending it.
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
		let signature = payload.using_encoded(|bytes| self.key.sign(bytes));
		let (call, extension, _) = payload.deconstruct();
		UncheckedExtrinsic::new_signed(
			call,
			Address::Id(self.account.clone()),
			Signature::Sr25519(signature),
			extension,
		)
	}

	/// Reads finalized block `number`: tells the waiters of the extrinsics in it what was
	/// logged, and returns the records erased in it.
	pub async fn follow_block(&self, number: u32) -> Result<Vec<Erased>, ChainError> {
		let hash = hash_of(&self.rpc.call("chain_getBlockHash", json!([number])).await?)?;
		let block = self.rpc.call("chain_getBlock", json!([format!("{hash:?}")])).await?;
		let parent = hash_of(&block["block"]["header"]["parentHash"])?;
		let extrinsics: Vec<[u8; 32]> = block["block"]["extrinsics"]
			.as_array()
			.map(|list| {
				list.iter()
					.filter_map(|x| x.as_str().and_then(|h| from_hex(h).ok()))
					.map(|bytes| sp_io::hashing::blake2_256(&bytes))
					.collect()
			})
			.unwrap_or_default();
		let events = self.rpc.events(hash).await?;
		let ours: Vec<(usize, oneshot::Sender<Logged>)> = {
			let mut waiters = self.waiters.lock().unwrap_or_else(|p| p.into_inner());
			extrinsics
				.iter()
				.enumerate()
				.filter_map(|(i, h)| waiters.remove(h).map(|s| (i, s)))
				.collect()
		};
		for (index, sender) in ours {
			let mut decision = Err("no AccessServed event".to_string());
			for record in events
				.iter()
				.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index as u32))
			{
				match &record.event {
					RuntimeEvent::Consent(pallet_consent::Event::AccessServed {
						decision: d,
						..
					}) => decision = Ok(*d),
					RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
						dispatch_error,
						..
					}) => decision = Err(format!("{dispatch_error:?}")),
					_ => {},
				}
			}
			let _ = sender.send(Logged { block: hash, decision });
		}
		let mut erased = Vec::new();
		for record in &events {
			if let RuntimeEvent::Records(pallet_records::Event::RecordErased { record, .. }) =
				&record.event
			{
				let key = [
					value_key("Records", "Records").as_slice(),
					sp_io::hashing::twox_64(&record.encode()).as_slice(),
					record.encode().as_slice(),
				]
				.concat();
				let Some(bytes) = self.rpc.storage(&key, parent).await? else { continue };
				let pointer: RecordPointer<Runtime> = decode(&bytes)?;
				if let Some(body) = pointer.body {
					erased.push(Erased {
						custodian: body.custodian,
						locator: body.locator.into_inner(),
						hash: pointer.hash,
					});
				}
			}
		}
		Ok(erased)
	}
}
