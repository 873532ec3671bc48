//! The HTTP service: upload, fetch, health and metrics (`docs/gatekeeper.md`).

use crate::{
	chain::{Chain, ChainError},
	config::Config,
	metrics::{Metrics, RateLimiter},
	storage::{spool, SpoolError, Spooled, Store},
};
use futures::TryStreamExt;
use healthchain_client::{
	auth::{now_ms, AuthError, ReplayGuard, Signed},
	cors::Cors,
	http::{full, Body},
};
use healthchain_primitives::{
	AccessDecision, ContentHash, MemberRole, OrgStatus, Purpose, RecordId,
};
use healthchain_runtime::AccountId;
use http_body_util::{BodyExt, StreamBody};
use hyper::{
	body::Frame,
	header::{HeaderMap, HeaderValue},
	Method, Request, Response, StatusCode,
};
use pallet_records::{PointerInfo, ReadDenied};
use serde_json::json;
use std::{
	convert::Infallible,
	path::PathBuf,
	sync::Arc,
	time::{Duration, Instant},
};
use tokio_util::io::ReaderStream;

/// Everything a request needs.
pub struct Gatekeeper {
	/// The configuration.
	pub config: Config,
	/// The node.
	pub chain: Chain,
	/// The blobs.
	pub store: Store,
	/// Temporary files.
	pub tmp: PathBuf,
	/// Nonces seen.
	pub replay: ReplayGuard,
	/// Requests per requester.
	pub limiter: RateLimiter<AccountId>,
	/// Metrics.
	pub metrics: Metrics,
}

/// An answer that is not a blob.
struct Refusal {
	status: StatusCode,
	reason: String,
	message: String,
	retry_after: Option<u64>,
}

fn refuse(status: StatusCode, reason: &str, message: impl Into<String>) -> Refusal {
	Refusal { status, reason: reason.into(), message: message.into(), retry_after: None }
}

impl From<AuthError> for Refusal {
	fn from(e: AuthError) -> Self {
		let status = match e {
			AuthError::BadRequest => StatusCode::BAD_REQUEST,
			_ => StatusCode::UNAUTHORIZED,
		};
		let message = match e {
			AuthError::MissingSignature => "sign the request (X-Healthchain-* headers)",
			AuthError::BadRequest => "a signature header is malformed",
			AuthError::BadSignature => "the signature is not the account's over this request",
			AuthError::StaleRequest => "the timestamp is outside the accepted window",
			AuthError::ReplayedRequest => "this nonce was used before",
		};
		refuse(status, e.reason(), message)
	}
}

impl From<ChainError> for Refusal {
	fn from(e: ChainError) -> Self {
		match e {
			ChainError::Timeout => refuse(
				StatusCode::GATEWAY_TIMEOUT,
				"AuditTimeout",
				"the audit entry was not finalized in time; nothing was served",
			),
			other => {
				tracing::warn!(error = %other, "chain");
				refuse(
					StatusCode::SERVICE_UNAVAILABLE,
					"ChainUnavailable",
					"the chain did not answer",
				)
			},
		}
	}
}

fn json_response(status: StatusCode, value: serde_json::Value) -> Response<Body> {
	Response::builder()
		.status(status)
		.header("content-type", "application/json")
		.body(full(value.to_string()))
		.expect("a valid response")
}

impl Refusal {
	fn into_response(self) -> Response<Body> {
		let mut response =
			json_response(self.status, json!({ "error": self.reason, "message": self.message }));
		if let Some(secs) = self.retry_after {
			response.headers_mut().insert("retry-after", secs.into());
		}
		response
	}
}

/// The request headers a page of an allowed origin may send: the signature's and the upload's
/// type.
const CORS_ALLOW_HEADERS: &str = "X-Healthchain-Account, X-Healthchain-Nonce, \
	X-Healthchain-Timestamp, X-Healthchain-Signature, Content-Type";
/// The gatekeeper's own response headers, which such a page may read.
const CORS_EXPOSE_HEADERS: &str = "X-Healthchain-Record, X-Healthchain-Hash, \
	X-Healthchain-Wrapped-Key, X-Healthchain-Basis, X-Healthchain-Logged-In, Retry-After";

/// What pages of the `allowed` origins may send to the gatekeeper and read from it.
fn cors(allowed: &[String]) -> Cors {
	Cors {
		allowed: allowed.to_vec(),
		methods: "GET, POST",
		request_headers: CORS_ALLOW_HEADERS,
		exposed_headers: CORS_EXPOSE_HEADERS,
	}
}

/// The request's `Origin`, when it is one of `allowed`.
fn allowed_origin(allowed: &[String], headers: &HeaderMap) -> Option<HeaderValue> {
	cors(allowed).origin(headers)
}

/// Whether a page may call `path` (given a preflight): a fetch or an upload.
fn cors_route(path: &str) -> bool {
	path == "/blobs" || path.starts_with("/records/")
}

/// The answer to a preflight (`OPTIONS`) from `origin`, if it is an allowed one. It asks
/// neither the chain nor the rate limiter.
fn preflight(origin: Option<&HeaderValue>) -> Result<Response<Body>, Refusal> {
	let Some((status, headers)) = cors(&[]).preflight(origin) else {
		return Err(refuse(
			StatusCode::FORBIDDEN,
			"OriginNotAllowed",
			"pages of this origin may not call the gatekeeper (allowed_origins)",
		));
	};
	let mut response = Response::new(full(bytes::Bytes::new()));
	*response.status_mut() = status;
	*response.headers_mut() = headers;
	Ok(response)
}

/// The response to `answer`, and the refusal's reason if it is one. With CORS configured
/// (`allowed`), every response varies by `Origin`; one to an allowed `origin` names it and
/// exposes the gatekeeper's headers, refusals included.
fn respond(
	answer: Result<Response<Body>, Refusal>,
	allowed: &[String],
	origin: Option<HeaderValue>,
) -> (Response<Body>, String) {
	let (mut response, reason) = match answer {
		Ok(response) => (response, String::new()),
		Err(refusal) => {
			let reason = refusal.reason.clone();
			(refusal.into_response(), reason)
		},
	};
	cors(allowed).decorate(response.headers_mut(), origin);
	(response, reason)
}

/// The text a requester signs (`docs/gatekeeper.md`).
pub fn request_line(method: &str, record: &str, purpose: &str, nonce: &str, ts: u64) -> String {
	format!("healthchain-gatekeeper/v1\n{method}\n{record}\n{purpose}\n{nonce}\n{ts}")
}

/// The purpose a request names, by its variant name as the chain's metadata spells it.
fn parse_purpose(name: &str) -> Option<Purpose> {
	Purpose::ALL.into_iter().find(|purpose| format!("{purpose:?}") == name)
}

/// A variant's name without its data: `DenyProvision(3)` is `DenyProvision`.
fn variant_name(debug: impl std::fmt::Debug) -> String {
	let text = format!("{debug:?}");
	text.split(['(', ' ', '{']).next().unwrap_or_default().to_string()
}

/// The digest a locator of this gatekeeper names: `<public_url>/blobs/0x<hex>`.
pub fn digest_of_locator(public_url: &str, locator: &[u8]) -> Option<[u8; 32]> {
	let text = core::str::from_utf8(locator).ok()?;
	let rest = text.strip_prefix(public_url.trim_end_matches('/'))?.strip_prefix("/blobs/0x")?;
	hex::decode(rest).ok()?.try_into().ok()
}

fn query_value<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
	query?.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

impl Gatekeeper {
	/// Answers one request.
	pub async fn handle(
		self: Arc<Self>,
		request: Request<hyper::body::Incoming>,
	) -> Result<Response<Body>, Infallible> {
		let started = Instant::now();
		let path = request.uri().path().to_string();
		let allowed = &self.config.allowed_origins;
		let origin = allowed_origin(allowed, request.headers());
		let (route, answer) = match (request.method(), path.as_str()) {
			(&Method::OPTIONS, p) if cors_route(p) => ("preflight", preflight(origin.as_ref())),
			(&Method::GET, "/health") => ("health", self.health().await),
			(&Method::GET, "/metrics") => ("metrics", Ok(self.metrics_response())),
			(&Method::POST, "/blobs") => ("upload", self.upload(request).await),
			(&Method::GET, p) if p.starts_with("/records/") => {
				let id = p["/records/".len()..].to_string();
				("fetch", self.fetch(request, &id).await)
			},
			_ => ("other", Err(refuse(StatusCode::NOT_FOUND, "NotFound", "no such route"))),
		};
		let (response, reason) = respond(answer, allowed, origin);
		let status = response.status().as_u16();
		let seconds = started.elapsed().as_secs_f64();
		self.metrics.requests.with_label_values(&[route, &status.to_string()]).inc();
		self.metrics.latency.with_label_values(&[route]).observe(seconds);
		tracing::info!(route, status, reason = %reason, ms = (seconds * 1000.0) as u64, "request");
		Ok(response)
	}

	fn metrics_response(&self) -> Response<Body> {
		Response::builder()
			.header("content-type", "text/plain; version=0.0.4")
			.body(full(self.metrics.render()))
			.expect("a valid response")
	}

	async fn health(&self) -> Result<Response<Body>, Refusal> {
		let (_, finalized) = self.chain.rpc.finalized().await?;
		let best = self.chain.rpc.number_of(None).await?;
		self.store.check().await.map_err(|e| {
			tracing::warn!(error = %e, "store");
			refuse(
				StatusCode::SERVICE_UNAVAILABLE,
				"StoreUnavailable",
				"the blob store did not answer",
			)
		})?;
		Ok(json_response(
			StatusCode::OK,
			json!({ "status": "ok", "best": best, "finalized": finalized,
				"lag": best.saturating_sub(finalized) }),
		))
	}

	/// Checks the signature, the nonce and the requester's rate.
	fn authenticate(
		&self,
		request: &Request<hyper::body::Incoming>,
		method: &str,
		record: &str,
		purpose: &str,
	) -> Result<(Signed, String), Refusal> {
		let headers = request.headers();
		let signed = Signed::from_headers(|name| headers.get(name).and_then(|v| v.to_str().ok()))?;
		let line = request_line(method, record, purpose, &signed.nonce, signed.timestamp);
		signed.verify(&line)?;
		self.replay.accept(&signed, now_ms())?;
		self.limiter.take(&signed.account).map_err(|secs| Refusal {
			retry_after: Some(secs),
			..refuse(StatusCode::TOO_MANY_REQUESTS, "RateLimited", "too many requests")
		})?;
		Ok((signed, line))
	}

	async fn upload(
		&self,
		request: Request<hyper::body::Incoming>,
	) -> Result<Response<Body>, Refusal> {
		let (signed, _) = self.authenticate(&request, "POST", "upload", "-")?;
		let org = self.config.organization;
		let head = self.chain.rpc.finalized_head().await?;
		let staff = match self.chain.rpc.account_info(&signed.account, head).await? {
			Some((member_of, roles, admin)) if member_of == org => {
				admin
					|| roles.contains(&MemberRole::Clinician)
					|| roles.contains(&MemberRole::Staff)
			},
			_ => false,
		};
		let active = self
			.chain
			.rpc
			.organization(org, head)
			.await?
			.is_some_and(|info| info.status == OrgStatus::Active);
		if !staff || !active {
			return Err(refuse(
				StatusCode::FORBIDDEN,
				"NotCustodianStaff",
				"only the admin, clinicians and staff of the active custodian upload",
			));
		}
		let max = self.config.max_blob_bytes;
		let declared = request
			.headers()
			.get("content-length")
			.and_then(|v| v.to_str().ok())
			.and_then(|v| v.parse::<u64>().ok());
		if declared.is_some_and(|n| n > max) {
			return Err(refuse(
				StatusCode::PAYLOAD_TOO_LARGE,
				"TooLarge",
				format!("at most {max} bytes"),
			));
		}
		let body = request.into_body().into_data_stream().map_err(std::io::Error::other);
		let spooled = spool(&self.tmp, body, max, true).await.map_err(|e| match e {
			SpoolError::TooLarge => {
				refuse(StatusCode::PAYLOAD_TOO_LARGE, "TooLarge", format!("at most {max} bytes"))
			},
			SpoolError::Io(e) => {
				tracing::warn!(error = %e, "upload body");
				refuse(StatusCode::BAD_REQUEST, "BadRequest", "the upload did not arrive whole")
			},
		})?;
		self.store.put(&spooled).await.map_err(|e| {
			tracing::error!(error = %e, "store put");
			refuse(StatusCode::SERVICE_UNAVAILABLE, "StoreUnavailable", "the blob was not stored")
		})?;
		let hash = format!("0x{}", hex::encode(spooled.blake2));
		let locator = format!("{}/blobs/{hash}", self.config.public_url.trim_end_matches('/'));
		Ok(json_response(
			StatusCode::CREATED,
			json!({ "locator": locator, "hash": hash, "contentHash": { "Blake2_256": hash },
				"size": spooled.size }),
		))
	}

	async fn fetch(
		&self,
		request: Request<hyper::body::Incoming>,
		id_text: &str,
	) -> Result<Response<Body>, Refusal> {
		let bad = |what: &str| refuse(StatusCode::BAD_REQUEST, "BadRequest", what.to_string());
		let record: RecordId = id_text.parse().map_err(|_| bad("the record id is not a number"))?;
		let purpose_name = query_value(request.uri().query(), "purpose")
			.ok_or_else(|| bad("purpose is missing"))?;
		let purpose = parse_purpose(purpose_name).ok_or_else(|| bad("unknown purpose"))?;
		let (signed, line) = self.authenticate(&request, "GET", id_text, purpose_name)?;
		let accessor = signed.account.clone();

		let checked = Instant::now();
		let head = self.chain.rpc.finalized_head().await?;
		let answer = self.chain.read_pointer(record, &accessor, purpose, head).await?;
		self.metrics.chain_check.observe(checked.elapsed().as_secs_f64());
		match &answer {
			Err(ReadDenied::UnknownRecord) => {
				return Err(refuse(StatusCode::NOT_FOUND, "UnknownRecord", "no such record"))
			},
			Err(ReadDenied::Erased) => {
				return Err(refuse(StatusCode::GONE, "Erased", "the record was erased"))
			},
			Ok(pointer) if pointer.custodian != Some(self.config.organization) => {
				return Err(not_held_here())
			},
			_ => {},
		}

		let audited = Instant::now();
		let timeout = Duration::from_secs(self.config.finality_timeout_secs);
		let logged = self
			.chain
			.log_served(accessor.clone(), record, purpose, signed.request_hash(&line), timeout)
			.await?;
		self.metrics.audit.observe(audited.elapsed().as_secs_f64());
		let basis = match logged.decision {
			Err(error) if error.contains("NotRecordCustodian") => return Err(not_held_here()),
			Err(error) if error.contains("UnknownRecord") => {
				return Err(refuse(StatusCode::GONE, "Erased", "the record was erased"))
			},
			Err(error) => {
				tracing::error!(error = %error, "log_served failed");
				return Err(refuse(
					StatusCode::BAD_GATEWAY,
					"AuditFailed",
					"the audit entry failed",
				));
			},
			Ok(AccessDecision::Denied(reason)) => {
				let reason = variant_name(reason);
				self.metrics.decisions.with_label_values(&[&reason]).inc();
				return Err(refuse(StatusCode::FORBIDDEN, &reason, "the chain refused this read"));
			},
			Ok(AccessDecision::Permitted(basis)) => basis,
		};
		self.metrics.decisions.with_label_values(&["Permitted"]).inc();
		// Permitted where it was logged: the pointer as of that block.
		let pointer = match answer {
			Ok(pointer) => pointer,
			Err(_) => {
				match self.chain.read_pointer(record, &accessor, purpose, logged.block).await? {
					Ok(pointer) => pointer,
					Err(denied) => {
						let reason = variant_name(denied);
						return Err(refuse(
							StatusCode::FORBIDDEN,
							&reason,
							"the chain refused this read",
						));
					},
				}
			},
		};
		let blob = self.verified_blob(&pointer).await?;
		let file = tokio::fs::File::open(&blob.path).await.map_err(|e| {
			tracing::error!(error = %e, "spool reopen");
			refuse(
				StatusCode::SERVICE_UNAVAILABLE,
				"StoreUnavailable",
				"the blob could not be read",
			)
		})?;
		let size = blob.size;
		// The open file outlives its name.
		drop(blob);
		let body = StreamBody::new(ReaderStream::new(file).map_ok(Frame::data)).boxed();
		let mut response = Response::builder()
			.status(StatusCode::OK)
			.header("content-type", "application/octet-stream")
			.header("content-length", size)
			.header("x-healthchain-record", record)
			.header("x-healthchain-hash", format!("0x{}", hex::encode(pointer.hash.digest())))
			.header("x-healthchain-basis", format!("{basis:?}"))
			.header("x-healthchain-logged-in", format!("{:?}", logged.block));
		if let Some(key) = &pointer.wrapped_key {
			response =
				response.header("x-healthchain-wrapped-key", format!("0x{}", hex::encode(key)));
		}
		Ok(response.body(body).expect("a valid response"))
	}

	/// The pointer's blob, copied to a temporary file while hashed, if its hash is the
	/// pointer's: a blob that does not match is never served.
	async fn verified_blob(&self, pointer: &PointerInfo<AccountId>) -> Result<Spooled, Refusal> {
		let missing =
			|| refuse(StatusCode::BAD_GATEWAY, "BlobMissing", "the blob is not in the store");
		let digest =
			digest_of_locator(&self.config.public_url, &pointer.locator).ok_or_else(missing)?;
		let reader = self.store.open(&digest).await.map_err(store_down)?.ok_or_else(missing)?;
		let stream = ReaderStream::new(reader);
		let spooled = spool(&self.tmp, stream, u64::MAX, false).await.map_err(|e| match e {
			SpoolError::Io(e) => store_down(e),
			SpoolError::TooLarge => missing(),
		})?;
		let matches = match pointer.hash {
			ContentHash::Blake2_256(d) => d == spooled.blake2,
			ContentHash::Sha256(d) => d == spooled.sha256,
		};
		if !matches {
			tracing::error!("a stored blob does not match its pointer's hash");
			return Err(refuse(
				StatusCode::BAD_GATEWAY,
				"BlobCorrupt",
				"the stored blob does not match the record's hash; nothing was served",
			));
		}
		Ok(spooled)
	}
}

fn not_held_here() -> Refusal {
	refuse(StatusCode::NOT_FOUND, "NotHeldHere", "this custodian does not hold the record")
}

fn store_down(e: std::io::Error) -> Refusal {
	tracing::error!(error = %e, "store");
	refuse(StatusCode::SERVICE_UNAVAILABLE, "StoreUnavailable", "the blob store did not answer")
}

#[cfg(test)]
mod tests {
	use super::*;
	use hyper::header;

	#[test]
	fn locators_name_a_digest_of_this_gatekeeper_only() {
		let hex = "11".repeat(32);
		let locator = format!("http://gk:8650/blobs/0x{hex}");
		assert_eq!(digest_of_locator("http://gk:8650/", locator.as_bytes()), Some([0x11; 32]));
		assert_eq!(digest_of_locator("http://other:8650", locator.as_bytes()), None);
		assert_eq!(digest_of_locator("http://gk:8650", b"http://gk:8650/blobs/0x11"), None);
	}

	#[test]
	fn purposes_queries_and_reasons_read_as_documented() {
		assert_eq!(parse_purpose("PublicHealth"), Some(Purpose::PublicHealth));
		assert_eq!(parse_purpose("treatment"), None);
		assert_eq!(query_value(Some("x=1&purpose=Research"), "purpose"), Some("Research"));
		assert_eq!(query_value(Some("purposes=Research"), "purpose"), None);
		use healthchain_primitives::DenialReason;
		assert_eq!(variant_name(DenialReason::NoGrant), "NoGrant");
		assert_eq!(variant_name(DenialReason::DenyProvision(3)), "DenyProvision");
	}

	const APP: &str = "http://127.0.0.1:8700";

	fn allowed() -> Vec<String> {
		vec!["https://app.example".into(), APP.into()]
	}

	fn from(origin: Option<&str>) -> HeaderMap {
		let mut headers = HeaderMap::new();
		if let Some(origin) = origin {
			headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
		}
		headers
	}

	fn header_of<'a>(response: &'a Response<Body>, name: &str) -> Option<&'a str> {
		response.headers().get(name).map(|v| v.to_str().unwrap())
	}

	fn cors_headers(response: &Response<Body>) -> Vec<String> {
		let names = response.headers().keys().map(|name| name.as_str().to_string());
		names.filter(|name| name.starts_with("access-control-")).collect()
	}

	async fn json_of(response: Response<Body>) -> serde_json::Value {
		let body = response.into_body().collect().await.unwrap().to_bytes();
		serde_json::from_slice(&body).unwrap()
	}

	/// The response `handle` gives to an `OPTIONS` on a fetch or upload route.
	fn preflight_answer(allowed: &[String], origin: Option<&str>) -> Response<Body> {
		let origin = allowed_origin(allowed, &from(origin));
		respond(preflight(origin.as_ref()), allowed, origin).0
	}

	#[tokio::test]
	async fn a_preflight_from_an_allowed_origin_is_answered_and_any_other_refused() {
		assert!(cors_route("/blobs") && cors_route("/records/7"));
		assert!(!cors_route("/health") && !cors_route("/metrics") && !cors_route("/blobs/0x11"));

		let response = preflight_answer(&allowed(), Some(APP));
		assert_eq!(response.status(), StatusCode::NO_CONTENT);
		assert_eq!(header_of(&response, "access-control-allow-origin"), Some(APP));
		assert_eq!(header_of(&response, "vary"), Some("Origin"));
		assert_eq!(header_of(&response, "access-control-allow-methods"), Some("GET, POST"));
		assert_eq!(header_of(&response, "access-control-max-age"), Some("600"));
		let asked = header_of(&response, "access-control-allow-headers").unwrap().to_lowercase();
		let asked: Vec<&str> = asked.split(", ").collect();
		for name in [
			"x-healthchain-account",
			"x-healthchain-nonce",
			"x-healthchain-timestamp",
			"x-healthchain-signature",
			"content-type",
		] {
			assert!(asked.contains(&name), "{name}");
		}

		for origin in [
			Some("http://127.0.0.1:8701"),
			Some("http://localhost:8700"),
			Some("https://127.0.0.1:8700"),
			Some("http://127.0.0.1:8700/"),
			Some("null"),
			None,
		] {
			let response = preflight_answer(&allowed(), origin);
			assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
			assert!(cors_headers(&response).is_empty(), "{origin:?}");
			assert_eq!(header_of(&response, "content-type"), Some("application/json"));
			let body = json_of(response).await;
			assert_eq!(body["error"], "OriginNotAllowed");
			assert!(body["message"].is_string());
		}
		// Without allowed_origins no page may call, and nothing varies by origin.
		let response = preflight_answer(&[], Some(APP));
		assert_eq!(response.status(), StatusCode::FORBIDDEN);
		assert!(cors_headers(&response).is_empty());
		assert_eq!(header_of(&response, "vary"), None);
	}

	#[tokio::test]
	async fn answers_and_refusals_carry_cors_headers_for_an_allowed_origin_only() {
		let served = || {
			Ok(Response::builder()
				.status(StatusCode::OK)
				.header("content-type", "application/octet-stream")
				.header("x-healthchain-hash", format!("0x{}", "11".repeat(32)))
				.header("x-healthchain-basis", "Grant(4)")
				.body(full(vec![1, 2, 3]))
				.unwrap())
		};
		let refusals = || {
			[
				refuse(StatusCode::FORBIDDEN, "NoGrant", "the chain refused this read"),
				refuse(StatusCode::NOT_FOUND, "UnknownRecord", "no such record"),
				refuse(StatusCode::GONE, "Erased", "the record was erased"),
				Refusal {
					retry_after: Some(2),
					..refuse(StatusCode::TOO_MANY_REQUESTS, "RateLimited", "too many requests")
				},
			]
		};
		let exposed = |response: &Response<Body>| -> Vec<String> {
			let list = header_of(response, "access-control-expose-headers").unwrap();
			list.split(", ").map(str::to_lowercase).collect()
		};

		let origin = allowed_origin(&allowed(), &from(Some(APP)));
		let (response, reason) = respond(served(), &allowed(), origin.clone());
		assert_eq!((response.status(), reason.as_str()), (StatusCode::OK, ""));
		assert_eq!(header_of(&response, "access-control-allow-origin"), Some(APP));
		assert_eq!(header_of(&response, "vary"), Some("Origin"));
		for name in [
			"x-healthchain-record",
			"x-healthchain-hash",
			"x-healthchain-wrapped-key",
			"x-healthchain-basis",
			"x-healthchain-logged-in",
			"retry-after",
		] {
			assert!(exposed(&response).iter().any(|e| e == name), "{name}");
		}
		assert_eq!(header_of(&response, "x-healthchain-basis"), Some("Grant(4)"));
		for refusal in refusals() {
			let status = refusal.status;
			let (response, reason) = respond(Err(refusal), &allowed(), origin.clone());
			assert_eq!(response.status(), status);
			assert_eq!(header_of(&response, "access-control-allow-origin"), Some(APP));
			assert_eq!(header_of(&response, "vary"), Some("Origin"));
			assert!(exposed(&response).iter().any(|e| e == "retry-after"));
			if status == StatusCode::TOO_MANY_REQUESTS {
				assert_eq!(header_of(&response, "retry-after"), Some("2"));
			}
			assert_eq!(json_of(response).await["error"], reason);
		}

		for other in [Some("http://127.0.0.1:8701"), None] {
			let origin = allowed_origin(&allowed(), &from(other));
			assert_eq!(origin, None);
			let (response, _) = respond(served(), &allowed(), origin.clone());
			assert_eq!(response.status(), StatusCode::OK);
			assert!(cors_headers(&response).is_empty(), "{other:?}");
			for refusal in refusals() {
				let (response, _) = respond(Err(refusal), &allowed(), origin.clone());
				assert!(cors_headers(&response).is_empty(), "{other:?}");
			}
		}
		// Without allowed_origins the responses are as they were: no CORS headers, no Vary.
		let origin = allowed_origin(&[], &from(Some(APP)));
		assert_eq!(origin, None);
		for answer in [served(), Err(refusals().into_iter().next().unwrap())] {
			let (response, _) = respond(answer, &[], origin.clone());
			assert!(cors_headers(&response).is_empty());
			assert_eq!(header_of(&response, "vary"), None);
		}
	}
}
