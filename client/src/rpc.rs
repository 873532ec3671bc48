//! The node's JSON-RPC over HTTP: blocks, storage at a block, and runtime API calls.

use crate::http::{self, Client};
use codec::{Decode, Encode};
use healthchain_primitives::OrgId;
use healthchain_runtime::{AccountId, RuntimeEvent};
use hyper::{Method, Request};
use pallet_organizations::{AccountInfo, OrganizationInfo};
use serde_json::{json, Value};
use sp_core::H256;
use std::time::Duration;

/// A failure to talk to the node, or an answer it would not give.
#[derive(Debug)]
pub enum ChainError {
	/// The node did not answer, or not in JSON-RPC.
	Unavailable(String),
	/// The node answered with an error, or with what does not decode.
	Rejected(String),
	/// What was awaited did not happen in time.
	Timeout,
	/// The answer would exceed the node's response size limit (`--rpc-max-response-size`):
	/// ask for less at a time.
	TooLarge(String),
}

impl std::fmt::Display for ChainError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Unavailable(e) => write!(f, "node unavailable: {e}"),
			Self::Rejected(e) => write!(f, "node refused: {e}"),
			Self::Timeout => write!(f, "not finalized in time"),
			Self::TooLarge(e) => write!(f, "answer too large for the node: {e}"),
		}
	}
}

impl std::error::Error for ChainError {}

/// The events of one block, as the runtime this build knows encodes them.
pub type EventRecords = Vec<frame_system::EventRecord<RuntimeEvent, H256>>;

/// Reads a `0x` hash.
pub fn hash_of(value: &Value) -> Result<H256, ChainError> {
	let text =
		value.as_str().ok_or_else(|| ChainError::Rejected(format!("not a hash: {value}")))?;
	let bytes = from_hex(text)?;
	(bytes.len() == 32)
		.then(|| H256::from_slice(&bytes))
		.ok_or_else(|| ChainError::Rejected(format!("not a hash: {text}")))
}

/// Reads `0x`-prefixed (or bare) hex.
pub fn from_hex(text: &str) -> Result<Vec<u8>, ChainError> {
	hex::decode(text.trim_start_matches("0x")).map_err(|e| ChainError::Rejected(e.to_string()))
}

/// `0x` and the hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// SCALE-decodes `bytes`, all of them.
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<T, ChainError> {
	let mut input = bytes;
	let value = T::decode(&mut input).map_err(|e| ChainError::Rejected(format!("decode: {e}")))?;
	if !input.is_empty() {
		return Err(ChainError::Rejected(format!("decode: {} bytes left over", input.len())));
	}
	Ok(value)
}

/// The storage key of a plain storage value.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	[sp_io::hashing::twox_128(pallet.as_bytes()), sp_io::hashing::twox_128(item.as_bytes())]
		.concat()
}

/// A node's JSON-RPC endpoint.
pub struct Rpc {
	client: Client,
	url: String,
	timeout: Duration,
}

impl Rpc {
	/// The node at `url` (`http://` or `ws://`: the same port serves both).
	pub fn new(url: &str) -> Result<Self, ChainError> {
		let url = url.replacen("ws://", "http://", 1).replacen("wss://", "https://", 1);
		let client = http::client().map_err(|e| ChainError::Unavailable(e.to_string()))?;
		Ok(Self { client, url, timeout: Duration::from_secs(30) })
	}

	async fn post(&self, what: &str, body: Value) -> Result<Value, ChainError> {
		let request = Request::builder()
			.method(Method::POST)
			.uri(&self.url)
			.header("content-type", "application/json")
			.body(http::full(body.to_string()))
			.map_err(|e| ChainError::Unavailable(e.to_string()))?;
		let answer = tokio::time::timeout(self.timeout, self.client.request(request))
			.await
			.map_err(|_| ChainError::Unavailable(format!("{what}: timed out")))?
			.map_err(|e| ChainError::Unavailable(e.to_string()))?;
		let bytes = http::read_all(answer.into_body())
			.await
			.map_err(|e| ChainError::Unavailable(e.to_string()))?;
		serde_json::from_slice(&bytes)
			.map_err(|e| ChainError::Unavailable(format!("{what}: not JSON: {e}")))
	}

	fn result_of(method: &str, answer: &Value) -> Result<Value, ChainError> {
		if let Some(error) = answer.get("error") {
			if Self::too_large(error) {
				return Err(ChainError::TooLarge(format!("{method}: {}", error["message"])));
			}
			return Err(ChainError::Rejected(format!("{method}: {error}")));
		}
		Ok(answer.get("result").cloned().unwrap_or(Value::Null))
	}

	/// Calls `method` with `params`.
	pub async fn call(&self, method: &str, params: Value) -> Result<Value, ChainError> {
		let body = json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params });
		Self::result_of(method, &self.post(method, body).await?)
	}

	/// Calls each `(method, params)` in one JSON-RPC batch; the answers in the same order.
	pub async fn batch(&self, calls: &[(&str, Value)]) -> Result<Vec<Value>, ChainError> {
		if calls.is_empty() {
			return Ok(Vec::new());
		}
		let body: Vec<Value> = calls
			.iter()
			.enumerate()
			.map(|(id, (method, params))| {
				json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
			})
			.collect();
		let answers = self.post("batch", Value::Array(body)).await?;
		if let Some(error) = answers.get("error") {
			return Err(if Self::too_large(error) {
				ChainError::TooLarge(error["message"].as_str().unwrap_or_default().to_string())
			} else {
				ChainError::Rejected(format!("batch: {error}"))
			});
		}
		let answers = answers
			.as_array()
			.ok_or_else(|| ChainError::Rejected(format!("batch: not a list: {answers}")))?;
		let mut out = vec![None; calls.len()];
		for answer in answers {
			let id = answer["id"].as_u64().map(|id| id as usize).filter(|id| *id < calls.len());
			let id = id.ok_or_else(|| ChainError::Rejected(format!("batch: bad id: {answer}")))?;
			out[id] = Some(Self::result_of(calls[id].0, answer)?);
		}
		out.into_iter()
			.zip(calls)
			.map(|(v, (method, _))| {
				v.ok_or_else(|| ChainError::Rejected(format!("batch: no answer to {method}")))
			})
			.collect()
	}

	/// Whether a JSON-RPC error says the answer was over the server's size limit (jsonrpsee:
	/// -32008 for one response, -32011 for a batch).
	fn too_large(error: &Value) -> bool {
		matches!(error["code"].as_i64(), Some(-32008) | Some(-32011))
	}

	/// The finalized head: what every request is decided at.
	pub async fn finalized_head(&self) -> Result<H256, ChainError> {
		hash_of(&self.call("chain_getFinalizedHead", json!([])).await?)
	}

	/// The finalized head and its number.
	pub async fn finalized(&self) -> Result<(H256, u32), ChainError> {
		let hash = self.finalized_head().await?;
		Ok((hash, self.number_of(Some(hash)).await?))
	}

	/// The number of block `at` (the best block when `None`).
	pub async fn number_of(&self, at: Option<H256>) -> Result<u32, ChainError> {
		let params = match at {
			Some(at) => json!([format!("{at:?}")]),
			None => json!([]),
		};
		let header = self.call("chain_getHeader", params).await?;
		let number = header["number"].as_str().unwrap_or("0x0").trim_start_matches("0x");
		u32::from_str_radix(number, 16).map_err(|e| ChainError::Rejected(e.to_string()))
	}

	/// The hash of the canonical block `number`, if there is one.
	pub async fn block_hash(&self, number: u32) -> Result<Option<H256>, ChainError> {
		match self.call("chain_getBlockHash", json!([number])).await? {
			Value::Null => Ok(None),
			hash => hash_of(&hash).map(Some),
		}
	}

	/// Runtime API `method` with `args`, at `at`.
	pub async fn state_call<R: Decode>(
		&self,
		method: &str,
		args: impl Encode,
		at: H256,
	) -> Result<R, ChainError> {
		let answer = self
			.call("state_call", json!([method, to_hex(&args.encode()), format!("{at:?}")]))
			.await?;
		decode(&from_hex(answer.as_str().unwrap_or_default())?)
	}

	/// The raw storage at `key` in the state of `at`.
	pub async fn storage(&self, key: &[u8], at: H256) -> Result<Option<Vec<u8>>, ChainError> {
		match self.call("state_getStorage", json!([to_hex(key), format!("{at:?}")])).await? {
			Value::String(hex) => from_hex(&hex).map(Some),
			_ => Ok(None),
		}
	}

	/// The events of block `at`.
	pub async fn events(&self, at: H256) -> Result<EventRecords, ChainError> {
		match self.storage(&value_key("System", "Events"), at).await? {
			Some(bytes) => decode(&bytes),
			None => Ok(Vec::new()),
		}
	}

	/// `who`'s organization, roles and adminship at `at`.
	pub async fn account_info(
		&self,
		who: &AccountId,
		at: H256,
	) -> Result<Option<AccountInfo>, ChainError> {
		self.state_call("OrganizationsApi_account_info", who, at).await
	}

	/// Organization `org` at `at`.
	pub async fn organization(
		&self,
		org: OrgId,
		at: H256,
	) -> Result<Option<OrganizationInfo<AccountId>>, ChainError> {
		self.state_call("OrganizationsApi_organization", org, at).await
	}
}
