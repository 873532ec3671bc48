//! JSON-RPC over plain HTTP/1.1 keep-alive connections to the node's RPC port (which serves
//! HTTP and WebSocket alike). Blocking and dependency-free: each worker thread owns one
//! connection, so the number of threads is the number of requests in flight.

use serde_json::{json, Value};
use std::{
	io::{BufRead, BufReader, Read, Write},
	net::TcpStream,
	time::Duration,
};

/// An error answered by the node (`code`, `message`) or met on the way.
#[derive(Debug)]
pub enum RpcError {
	/// The node answered with a JSON-RPC error.
	Node { code: i64, message: String, data: Option<Value> },
	/// The connection failed or the answer was not JSON-RPC.
	Transport(String),
}

impl std::fmt::Display for RpcError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			RpcError::Node { code, message, data } => match data {
				Some(data) => write!(f, "node error {code}: {message} ({data})"),
				None => write!(f, "node error {code}: {message}"),
			},
			RpcError::Transport(e) => write!(f, "rpc transport: {e}"),
		}
	}
}

impl std::error::Error for RpcError {}

/// One keep-alive HTTP connection to `host:port`.
pub struct Rpc {
	address: String,
	reader: Option<BufReader<TcpStream>>,
	next_id: u64,
}

impl Rpc {
	/// `url` is `http://host:port` or `ws://host:port` (the same port serves both).
	pub fn new(url: &str) -> Self {
		let address = url
			.trim_start_matches("http://")
			.trim_start_matches("ws://")
			.trim_end_matches('/')
			.to_string();
		Self { address, reader: None, next_id: 1 }
	}

	fn connect(&mut self) -> Result<&mut BufReader<TcpStream>, RpcError> {
		if self.reader.is_none() {
			let stream = TcpStream::connect(&self.address)
				.map_err(|e| RpcError::Transport(format!("connect {}: {e}", self.address)))?;
			stream.set_nodelay(true).ok();
			stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
			self.reader = Some(BufReader::new(stream));
		}
		Ok(self.reader.as_mut().expect("connected above"))
	}

	/// Calls `method` with `params`; on a broken connection, reconnects once and retries.
	pub fn call(&mut self, method: &str, params: Value) -> Result<Value, RpcError> {
		match self.call_once(method, &params) {
			Err(RpcError::Transport(_)) => {
				self.reader = None;
				self.call_once(method, &params)
			},
			other => other,
		}
	}

	fn call_once(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
		let id = self.next_id;
		self.next_id += 1;
		let body =
			json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string();
		let address = self.address.clone();
		let reader = self.connect()?;
		let request = format!(
			"POST / HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: keep-alive\r\n\r\n{body}",
			body.len()
		);
		let transport = |e: std::io::Error| RpcError::Transport(e.to_string());
		reader.get_mut().write_all(request.as_bytes()).map_err(transport)?;

		let mut status = String::new();
		reader.read_line(&mut status).map_err(transport)?;
		if status.is_empty() {
			return Err(RpcError::Transport("connection closed".into()));
		}
		let mut length = None;
		let mut chunked = false;
		let mut close = false;
		loop {
			let mut line = String::new();
			reader.read_line(&mut line).map_err(transport)?;
			let line = line.trim_end();
			if line.is_empty() {
				break;
			}
			let lower = line.to_ascii_lowercase();
			if let Some(v) = lower.strip_prefix("content-length:") {
				length = v.trim().parse::<usize>().ok();
			} else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
				chunked = true;
			} else if lower.starts_with("connection:") && lower.contains("close") {
				close = true;
			}
		}
		let body = if chunked {
			let mut body = Vec::new();
			loop {
				let mut size = String::new();
				reader.read_line(&mut size).map_err(transport)?;
				let size = usize::from_str_radix(size.trim(), 16)
					.map_err(|e| RpcError::Transport(format!("bad chunk size: {e}")))?;
				let mut chunk = vec![0u8; size + 2];
				reader.read_exact(&mut chunk).map_err(transport)?;
				if size == 0 {
					break;
				}
				body.extend_from_slice(&chunk[..size]);
			}
			body
		} else {
			let length =
				length.ok_or_else(|| RpcError::Transport(format!("no length: {status}")))?;
			let mut body = vec![0u8; length];
			reader.read_exact(&mut body).map_err(transport)?;
			body
		};
		if close {
			self.reader = None;
		}
		let answer: Value = serde_json::from_slice(&body)
			.map_err(|e| RpcError::Transport(format!("{status}: not JSON: {e}")))?;
		if let Some(error) = answer.get("error") {
			return Err(RpcError::Node {
				code: error.get("code").and_then(Value::as_i64).unwrap_or_default(),
				message: error.get("message").and_then(Value::as_str).unwrap_or_default().into(),
				data: error.get("data").cloned(),
			});
		}
		Ok(answer.get("result").cloned().unwrap_or(Value::Null))
	}
}

/// `0x`-prefixed lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
	let mut out = String::with_capacity(2 + bytes.len() * 2);
	out.push_str("0x");
	for b in bytes {
		out.push_str(&format!("{b:02x}"));
	}
	out
}

/// Bytes of a `0x`-prefixed hex string.
pub fn from_hex(text: &str) -> Result<Vec<u8>, String> {
	let text = text.trim_start_matches("0x");
	if !text.len().is_multiple_of(2) {
		return Err(format!("odd-length hex: {text}"));
	}
	(0..text.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|e| e.to_string()))
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_round_trips() {
		let bytes = [0u8, 1, 0xab, 0xff];
		assert_eq!(to_hex(&bytes), "0x0001abff");
		assert_eq!(from_hex("0x0001abff").unwrap(), bytes);
		assert!(from_hex("0x123").is_err());
		assert!(from_hex("0xzz").is_err());
	}
}
