//! Signed requests: who asks, proven by an sr25519 signature over the request's line, fresh
//! and never replayed. Each service defines its line; every line names the service and its
//! version first, so a signature for one service is never valid for another.

use healthchain_runtime::AccountId;
use sp_core::{crypto::Ss58Codec, sr25519, Pair as _};
use std::{
	collections::HashMap,
	sync::Mutex,
	time::{SystemTime, UNIX_EPOCH},
};

/// Why a request's signature is refused (the `error` of a 401, or 400 for a malformed header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthError {
	/// A header is missing.
	MissingSignature,
	/// A header does not parse.
	BadRequest,
	/// The signature is not the account's over this request.
	BadSignature,
	/// The timestamp is outside the window, or before the gatekeeper started.
	StaleRequest,
	/// The nonce was seen before.
	ReplayedRequest,
}

impl AuthError {
	/// The name clients see.
	pub fn reason(self) -> &'static str {
		match self {
			Self::MissingSignature => "MissingSignature",
			Self::BadRequest => "BadRequest",
			Self::BadSignature => "BadSignature",
			Self::StaleRequest => "StaleRequest",
			Self::ReplayedRequest => "ReplayedRequest",
		}
	}
}

/// The signed headers of a request.
pub struct Signed {
	/// The requester.
	pub account: AccountId,
	/// Its nonce, as sent.
	pub nonce: String,
	/// Milliseconds since 1970.
	pub timestamp: u64,
	/// The 64-byte signature.
	pub signature: [u8; 64],
}

/// Parses an account given as SS58, with any network prefix, or `0x` + 64 hex digits.
///
/// Any prefix: the chain's own (`hc…`) is not in the SS58 registry, which `from_ss58check`
/// would require unless the process had made it its default, and wallets often show the generic
/// `5…` form. Both name the same account.
pub fn parse_account(text: &str) -> Option<AccountId> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes: [u8; 32] = hex::decode(hex).ok()?.try_into().ok()?;
		return Some(AccountId::new(bytes));
	}
	AccountId::from_ss58check_with_version(text).ok().map(|(account, _)| account)
}

impl Signed {
	/// Reads the four headers through `get`.
	pub fn from_headers<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<Self, AuthError> {
		let (Some(account), Some(nonce), Some(timestamp), Some(signature)) = (
			get("x-healthchain-account"),
			get("x-healthchain-nonce"),
			get("x-healthchain-timestamp"),
			get("x-healthchain-signature"),
		) else {
			return Err(AuthError::MissingSignature);
		};
		let account = parse_account(account).ok_or(AuthError::BadRequest)?;
		let nonce_ok =
			(16..=64).contains(&nonce.len()) && nonce.bytes().all(|b| b.is_ascii_hexdigit());
		if !nonce_ok {
			return Err(AuthError::BadRequest);
		}
		let timestamp = timestamp.parse::<u64>().map_err(|_| AuthError::BadRequest)?;
		let signature = signature
			.strip_prefix("0x")
			.and_then(|h| hex::decode(h).ok())
			.and_then(|b| <[u8; 64]>::try_from(b).ok())
			.ok_or(AuthError::BadRequest)?;
		Ok(Self { account, nonce: nonce.to_ascii_lowercase(), timestamp, signature })
	}

	/// Checks the signature over `line`, as signed raw or wrapped in `<Bytes>` by a browser
	/// extension.
	pub fn verify(&self, line: &str) -> Result<(), AuthError> {
		let public = sr25519::Public::from_raw(<[u8; 32]>::from(self.account.clone()));
		let signature = sr25519::Signature::from_raw(self.signature);
		let wrapped = format!("<Bytes>{line}</Bytes>");
		if sr25519::Pair::verify(&signature, line.as_bytes(), &public)
			|| sr25519::Pair::verify(&signature, wrapped.as_bytes(), &public)
		{
			Ok(())
		} else {
			Err(AuthError::BadSignature)
		}
	}

	/// BLAKE2b-256 of the line and the signature: what the audit entry names.
	pub fn request_hash(&self, line: &str) -> [u8; 32] {
		let mut bytes = line.as_bytes().to_vec();
		bytes.extend_from_slice(&self.signature);
		sp_io::hashing::blake2_256(&bytes)
	}
}

/// Milliseconds since 1970 now.
pub fn now_ms() -> u64 {
	SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// The nonces seen within the window, per account. Requests older than the window or than the
/// gatekeeper's start are refused, so forgetting older nonces (or all of them on a restart)
/// lets no request through twice.
pub struct ReplayGuard {
	window_ms: u64,
	started_ms: u64,
	seen: Mutex<HashMap<(AccountId, String), u64>>,
}

impl ReplayGuard {
	/// A guard with a window of `window_secs` either side of the clock.
	pub fn new(window_secs: u64) -> Self {
		Self {
			window_ms: window_secs.saturating_mul(1000),
			started_ms: now_ms(),
			seen: Mutex::new(HashMap::new()),
		}
	}

	/// Accepts `signed` once, at `now` (milliseconds).
	pub fn accept(&self, signed: &Signed, now: u64) -> Result<(), AuthError> {
		let ts = signed.timestamp;
		if ts < self.started_ms || ts.abs_diff(now) > self.window_ms {
			return Err(AuthError::StaleRequest);
		}
		let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
		if seen.len() > 100_000 {
			let oldest = now.saturating_sub(self.window_ms);
			seen.retain(|_, t| *t >= oldest);
		}
		let key = (signed.account.clone(), signed.nonce.clone());
		if seen.contains_key(&key) {
			return Err(AuthError::ReplayedRequest);
		}
		seen.insert(key, ts);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn request_line(method: &str, record: &str, purpose: &str, nonce: &str, ts: u64) -> String {
		format!("test-service/v1\n{method}\n{record}\n{purpose}\n{nonce}\n{ts}")
	}

	fn signed_by(pair: &sr25519::Pair, line_of: impl Fn(&str, u64) -> String) -> Signed {
		let nonce = "00112233445566778899aabbccddeeff".to_string();
		let timestamp = now_ms();
		let signature = pair.sign(line_of(&nonce, timestamp).as_bytes());
		let signature = <[u8; 64]>::try_from(AsRef::<[u8]>::as_ref(&signature)).unwrap();
		Signed { account: AccountId::from(pair.public()), nonce, timestamp, signature }
	}

	#[test]
	fn a_signature_holds_for_its_request_only() {
		let pair = sr25519::Pair::from_string("//Alice", None).unwrap();
		let signed = signed_by(&pair, |n, t| request_line("GET", "7", "Treatment", n, t));
		let line =
			|record, purpose| request_line("GET", record, purpose, &signed.nonce, signed.timestamp);
		assert!(signed.verify(&line("7", "Treatment")).is_ok());
		assert_eq!(signed.verify(&line("8", "Treatment")), Err(AuthError::BadSignature));
		assert_eq!(signed.verify(&line("7", "Research")), Err(AuthError::BadSignature));
		let wrapped = signed_by(&pair, |n, t| {
			format!("<Bytes>{}</Bytes>", request_line("GET", "7", "Treatment", n, t))
		});
		let line = request_line("GET", "7", "Treatment", &wrapped.nonce, wrapped.timestamp);
		assert!(wrapped.verify(&line).is_ok());
	}

	#[test]
	fn a_nonce_is_accepted_once_and_old_requests_never() {
		let pair = sr25519::Pair::from_string("//Bob", None).unwrap();
		let guard = ReplayGuard::new(60);
		let signed = signed_by(&pair, |n, t| request_line("GET", "1", "Treatment", n, t));
		let now = now_ms();
		assert_eq!(guard.accept(&signed, now), Ok(()));
		assert_eq!(guard.accept(&signed, now), Err(AuthError::ReplayedRequest));
		let mut old = signed_by(&pair, |n, t| request_line("GET", "1", "Treatment", n, t));
		old.nonce = "ffffffffffffffffffffffffffffffff".into();
		old.timestamp = now - 61_000;
		assert_eq!(guard.accept(&old, now), Err(AuthError::StaleRequest));
	}

	#[test]
	fn accounts_are_read_in_any_ss58_form() {
		use healthchain_runtime::SS58_PREFIX;
		use sp_core::crypto::Ss58AddressFormat;
		let alice = AccountId::from(sr25519::Pair::from_string("//Alice", None).unwrap().public());
		let ours = alice.to_ss58check_with_version(Ss58AddressFormat::custom(SS58_PREFIX));
		assert!(ours.starts_with("hc"), "{ours}");
		assert_eq!(parse_account(&ours), Some(alice.clone()));
		assert_eq!(parse_account("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"), Some(alice));
		assert_eq!(parse_account("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ"), None);
	}

	#[test]
	fn headers_must_all_be_there_and_well_formed() {
		let none = |_: &str| None;
		assert!(matches!(Signed::from_headers(none), Err(AuthError::MissingSignature)));
		let bad_nonce = |h: &str| match h {
			"x-healthchain-account" => {
				Some("0x0000000000000000000000000000000000000000000000000000000000000001")
			},
			"x-healthchain-nonce" => Some("xyz"),
			"x-healthchain-timestamp" => Some("1"),
			_ => Some("0x00"),
		};
		assert!(matches!(Signed::from_headers(bad_nonce), Err(AuthError::BadRequest)));
	}
}
