//! The HTTP API over what was indexed (`docs/indexer.md`).

use crate::{
	epcis,
	fhir::{self, FhirVersion},
	follow::Progress,
	store::Store,
	supply::EventQuery,
	trail::TrailQuery,
};
use bytes::Bytes;
use codec::Decode;
use healthchain_client::{
	auth::{now_ms, parse_account, AuthError, ReplayGuard, Signed},
	cors::{Cors, SIGNED_REQUEST_HEADERS},
	ChainError, Rpc,
};
use healthchain_primitives::{MemberRole, OrgRole, OrgStatus};
use healthchain_runtime::{AccountId, RuntimeEvent};
use http_body_util::Full;
use hyper::{header, HeaderMap, Method, Request, Response, StatusCode, Uri};
use serde_json::{json, Value};
use std::{convert::Infallible, sync::atomic::Ordering, sync::Arc};

/// The API's state: the database, the follower's progress, and what checks who may read a
/// patient's trail.
pub struct Api {
	/// The database.
	pub store: Arc<Store>,
	/// The follower's progress.
	pub progress: Arc<Progress>,
	/// The node, asked who a requester is (guardian, auditor) at its finalized head.
	pub rpc: Rpc,
	/// The nonces of signed requests seen.
	pub replay: ReplayGuard,
	/// The origins whose pages may call `/fhir/` and `/epcis/` ([`Api::cors`]).
	pub cors: Cors,
}

impl Api {
	/// What pages of the `allowed` origins may send and read: signed GETs, and the EPCIS paging
	/// headers.
	pub fn cors(allowed: Vec<String>) -> Cors {
		Cors {
			allowed,
			methods: "GET",
			request_headers: SIGNED_REQUEST_HEADERS,
			exposed_headers: "Link, GS1-Next-Page-Token",
		}
	}
}

/// What a signed request's line starts with: the service and its protocol version.
pub const PROTOCOL: &str = "healthchain-indexer/v1";

/// The line a request to the FHIR API is signed over: the protocol, the method, the path and
/// query exactly as sent, the nonce and the timestamp, joined by `\n`.
pub fn request_line(method: &str, path_and_query: &str, nonce: &str, timestamp: u64) -> String {
	format!("{PROTOCOL}\n{method}\n{path_and_query}\n{nonce}\n{timestamp}")
}

/// An answer of `content_type` with `body`, never cached.
fn body_response(
	status: StatusCode,
	content_type: &'static str,
	body: String,
) -> Response<Full<Bytes>> {
	Response::builder()
		.status(status)
		.header(header::CONTENT_TYPE, content_type)
		.header(header::CACHE_CONTROL, "no-store")
		.body(Full::new(Bytes::from(body)))
		.unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

fn json_response(status: StatusCode, value: Value) -> Response<Full<Bytes>> {
	body_response(status, "application/json", value.to_string())
}

fn error(status: StatusCode, reason: &str, message: impl Into<String>) -> Response<Full<Bytes>> {
	json_response(status, json!({ "error": reason, "message": message.into() }))
}

impl Api {
	/// Answers one request.
	pub async fn handle<B>(
		self: Arc<Self>,
		request: Request<B>,
	) -> Result<Response<Full<Bytes>>, Infallible> {
		let path = request.uri().path().to_string();
		let origin = self.cors.origin(request.headers());
		let page_route = path.starts_with("/fhir/") || path.starts_with("/epcis/");
		let mut response = match (request.method(), path.as_str()) {
			(&Method::OPTIONS, _) if page_route => match self.cors.preflight(origin.as_ref()) {
				Some((status, headers)) => {
					let mut response = Response::new(Full::new(Bytes::new()));
					*response.status_mut() = status;
					*response.headers_mut() = headers;
					response
				},
				None => error(
					StatusCode::FORBIDDEN,
					"OriginNotAllowed",
					"pages of this origin may not call the indexer (--allowed-origin)",
				),
			},
			(&Method::GET, "/health") => self.health().await,
			(&Method::GET, p) if p.starts_with("/fhir/") => {
				self.fhir(request.uri(), request.headers()).await
			},
			(&Method::GET, "/epcis/events") => self.epcis_events(request.uri()).await,
			(&Method::GET, "/epcis/recall") => self.recall(request.uri()).await,
			(&Method::GET, _) => error(StatusCode::NOT_FOUND, "NotFound", format!("no {path}")),
			_ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "only GET"),
		};
		self.cors.decorate(response.headers_mut(), origin);
		Ok(response)
	}

	async fn epcis_events(&self, uri: &hyper::Uri) -> Response<Full<Bytes>> {
		let query = match event_query(uri.query().unwrap_or_default()) {
			Ok(query) => query,
			Err(e) => return error(StatusCode::BAD_REQUEST, "QueryParameterException", e),
		};
		let page = query.limit as usize;
		let mut asked = query.clone();
		asked.limit = query.limit + 1;
		let mut events = match self.store.epcis_events(&asked).await {
			Ok(events) => events,
			Err(e) => return unavailable(e),
		};
		let next = next_page(&mut events, page, |(position, _)| *position);
		let document =
			epcis::query_document(events.into_iter().map(|(_, e)| e).collect(), now_ms());
		let mut response =
			body_response(StatusCode::OK, "application/ld+json", epcis::to_text(&document));
		if let Some(token) = next {
			// The same query from the page's last event on (EPCIS 2.0 REST paging).
			let query = query_with(uri, "nextPageToken", &token);
			if let Ok(link) =
				header::HeaderValue::from_str(&format!("<{}?{query}>; rel=\"next\"", uri.path()))
			{
				response.headers_mut().insert(header::LINK, link);
			}
			if let Ok(token) = header::HeaderValue::from_str(&token) {
				response.headers_mut().insert("GS1-Next-Page-Token", token);
			}
		}
		response
	}

	async fn recall(&self, uri: &hyper::Uri) -> Response<Full<Bytes>> {
		let params: Vec<(String, String)> =
			form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
				.into_owned()
				.collect();
		let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
		let (Some(gtin), Some(lot)) = (get("gtin"), get("lot")) else {
			return error(StatusCode::BAD_REQUEST, "QueryParameterException", "give gtin and lot");
		};
		match self.store.recall(&gtin, &lot).await {
			Ok(Some(report)) => {
				json_response(StatusCode::OK, serde_json::to_value(report).unwrap_or(Value::Null))
			},
			Ok(None) => error(StatusCode::NOT_FOUND, "NoSuchLot", "no such lot is indexed"),
			Err(e) => unavailable(e),
		}
	}

	/// `GET /fhir/{R4|R5}/{Consent|AuditEvent|Provenance}`: a page of the trail as a
	/// `searchset` Bundle, to the patient, a guardian or an auditor only; and
	/// `GET /fhir/{R4|R5}/metadata`, the `CapabilityStatement`, to anyone (`docs/indexer.md`).
	async fn fhir(&self, uri: &Uri, headers: &HeaderMap) -> Response<Full<Bytes>> {
		let path = uri.path();
		let mut parts = path.trim_start_matches("/fhir/").split('/');
		let (Some(segment), Some(kind), None) = (parts.next(), parts.next(), parts.next()) else {
			return outcome(StatusCode::NOT_FOUND, "UnknownResource", format!("no {path}"));
		};
		let Some(version) = FhirVersion::parse(segment) else {
			return outcome(StatusCode::NOT_FOUND, "UnknownResource", format!("no {path}"));
		};
		let base = format!("http://{}", host(headers));
		if kind == "metadata" && uri.query().is_none() {
			let statement =
				fhir::capability_statement(version, &format!("{base}/fhir/{segment}"), now_ms());
			return fhir_response(StatusCode::OK, &statement);
		}
		if !["Consent", "AuditEvent", "Provenance"].contains(&kind) {
			return outcome(StatusCode::NOT_FOUND, "UnknownResource", format!("no {path}"));
		}
		let mut query = match trail_query(kind, uri.query().unwrap_or_default()) {
			Ok(query) => query,
			Err(e) => return outcome(StatusCode::BAD_REQUEST, "BadParameter", e),
		};
		let who = match self.authenticate(uri, headers) {
			Ok(who) => who,
			Err(e) => {
				let status = match e {
					AuthError::BadRequest => StatusCode::BAD_REQUEST,
					_ => StatusCode::UNAUTHORIZED,
				};
				return outcome(status, e.reason(), "the request's signature was refused");
			},
		};
		match self.may_read(&who, query.patient.as_ref()).await {
			Ok(true) => {},
			Ok(false) => {
				return outcome(
					StatusCode::FORBIDDEN,
					"NotPermitted",
					"only the patient, a guardian of theirs, or an auditor of an active \
					 regulator reads a patient's trail, and only an auditor every patient's",
				)
			},
			Err(e) => {
				tracing::warn!("who may read: {e}");
				return outcome(
					StatusCode::SERVICE_UNAVAILABLE,
					"Unavailable",
					"the node did not answer who may read",
				);
			},
		}
		let page = query.limit as usize;
		query.limit += 1;
		let mut events = match self.store.trail(&query).await {
			Ok(events) => events,
			Err(e) => {
				tracing::warn!("query: {e}");
				return outcome(
					StatusCode::SERVICE_UNAVAILABLE,
					"Unavailable",
					"the database did not answer",
				);
			},
		};
		let next = next_page(&mut events, page, |(origin, _)| (origin.block, origin.index));
		let resources = events
			.iter()
			.filter_map(|(origin, data)| {
				let event = RuntimeEvent::decode(&mut &data[..]).ok()?;
				fhir::resource(&event, origin, version)
			})
			.collect();
		let self_url = format!("{base}{}", uri.path_and_query().map_or(path, |pq| pq.as_str()));
		let next_url =
			next.map(|token| format!("{base}{path}?{}", query_with(uri, "_page_token", &token)));
		let bundle =
			fhir::bundle(&format!("{base}/fhir/{segment}"), resources, &self_url, next_url, None);
		fhir_response(StatusCode::OK, &bundle)
	}

	/// The requester of a signed request to the FHIR API, once its signature, freshness and
	/// nonce are checked.
	fn authenticate(&self, uri: &Uri, headers: &HeaderMap) -> Result<AccountId, AuthError> {
		let signed =
			Signed::from_headers(|name| headers.get(name).and_then(|value| value.to_str().ok()))?;
		let path_and_query = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
		signed.verify(&request_line("GET", path_and_query, &signed.nonce, signed.timestamp))?;
		self.replay.accept(&signed, now_ms())?;
		Ok(signed.account)
	}

	/// Whether `who` may read `patient`'s trail (every patient's when `None`), as the chain
	/// says at its finalized head: the patient, a guardian of theirs, or a member holding the
	/// `Auditor` role in an active `Regulator` organization (who alone may read every
	/// patient's), as the consent pallet's oversight side is.
	async fn may_read(
		&self,
		who: &AccountId,
		patient: Option<&AccountId>,
	) -> Result<bool, ChainError> {
		if patient == Some(who) {
			return Ok(true);
		}
		let at = self.rpc.finalized_head().await?;
		if let Some(patient) = patient {
			let guardians: Vec<AccountId> =
				self.rpc.state_call("ConsentApi_guardians_of", patient, at).await?;
			if guardians.contains(who) {
				return Ok(true);
			}
		}
		let Some((org, roles, _)) = self.rpc.account_info(who, at).await? else {
			return Ok(false);
		};
		if !roles.contains(&MemberRole::Auditor) {
			return Ok(false);
		}
		Ok(self.rpc.organization(org, at).await?.is_some_and(|info| {
			info.status == OrgStatus::Active && info.roles.contains(&OrgRole::Regulator)
		}))
	}

	async fn health(&self) -> Response<Full<Bytes>> {
		match self.store.counts().await {
			Ok((blocks, events)) => json_response(
				StatusCode::OK,
				json!({
					"indexed": self.progress.indexed.load(Ordering::Relaxed),
					"finalized": self.progress.finalized.load(Ordering::Relaxed),
					"behind": self.progress.behind(),
					"blocks": blocks,
					"events": events,
					"database": format!("{:?}", self.store.backend()),
				}),
			),
			Err(e) => {
				tracing::warn!("health: {e}");
				error(
					StatusCode::SERVICE_UNAVAILABLE,
					"DatabaseUnavailable",
					"the database did not answer",
				)
			},
		}
	}
}

fn fhir_response(status: StatusCode, value: &Value) -> Response<Full<Bytes>> {
	body_response(status, "application/fhir+json", value.to_string())
}

/// Keeps the first `page` of `items` (asked for one more than a page) and answers the paging
/// token of a next page, `<block>.<event index>` of the last kept, when there was more.
fn next_page<T>(
	items: &mut Vec<T>,
	page: usize,
	position: impl Fn(&T) -> (u32, u32),
) -> Option<String> {
	if items.len() <= page {
		return None;
	}
	items.truncate(page);
	items.last().map(|item| {
		let (block, index) = position(item);
		format!("{block}.{index}")
	})
}

/// The query of `uri` with its parameter `name` set to `value` (any earlier one dropped).
fn query_with(uri: &Uri, name: &str, value: &str) -> String {
	let params = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
		.into_owned()
		.filter(|(k, _)| k != name);
	form_urlencoded::Serializer::new(String::new())
		.extend_pairs(params)
		.append_pair(name, value)
		.finish()
}

/// The `Host` the request was sent to, for the links of an answer (this machine when none).
fn host(headers: &HeaderMap) -> &str {
	headers
		.get(header::HOST)
		.and_then(|h| h.to_str().ok())
		.filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
		.unwrap_or("127.0.0.1")
}

/// A refusal of the FHIR API: an `OperationOutcome` whose issue names the reason in
/// `details.text` (`docs/indexer.md`).
fn outcome(status: StatusCode, reason: &str, message: impl Into<String>) -> Response<Full<Bytes>> {
	let code = match status {
		StatusCode::BAD_REQUEST => "invalid",
		StatusCode::UNAUTHORIZED => "security",
		StatusCode::FORBIDDEN => "forbidden",
		StatusCode::NOT_FOUND => "not-found",
		_ => "transient",
	};
	fhir_response(
		status,
		&json!({
			"resourceType": "OperationOutcome",
			"issue": [{
				"severity": "error",
				"code": code,
				"details": { "text": reason },
				"diagnostics": message.into(),
			}],
		}),
	)
}

fn unavailable(e: crate::store::StoreError) -> Response<Full<Bytes>> {
	tracing::warn!("query: {e}");
	error(StatusCode::SERVICE_UNAVAILABLE, "DatabaseUnavailable", "the database did not answer")
}

/// The most events one page holds, and the default.
pub const MAX_PER_PAGE: u32 = 1000;
/// Events per page unless `perPage` says otherwise.
pub const DEFAULT_PER_PAGE: u32 = 100;

/// A business step as a bare CBV word, from any of its forms.
fn bare_step(step: &str) -> String {
	for prefix in [
		"https://ref.gs1.org/cbv/BizStep-",
		"https://gs1.org/voc/Bizstep-",
		"urn:epcglobal:cbv:bizstep:",
	] {
		if let Some(word) = step.strip_prefix(prefix) {
			return word.to_string();
		}
	}
	step.to_string()
}

fn parse_time(name: &str, value: &str) -> Result<u64, String> {
	let time = chrono::DateTime::parse_from_rfc3339(value)
		.map_err(|e| format!("{name}: not an RFC 3339 time ({e})"))?;
	u64::try_from(time.timestamp_millis()).map_err(|_| format!("{name}: before 1970"))
}

fn parse_number<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, String> {
	value.parse().map_err(|_| format!("{name}: not a number"))
}

/// The query of `/fhir/{version}/{kind}` (`docs/indexer.md`): `patient` (SS58 or `0x` hex),
/// `from-block`, `to-block`, `_count` (1 to [`MAX_PER_PAGE`], default [`DEFAULT_PER_PAGE`]),
/// `_page_token`. Any other parameter is refused, as is a parameter given twice.
pub fn trail_query(kind: &str, raw: &str) -> Result<TrailQuery, String> {
	let mut query =
		TrailQuery { kind: kind.to_string(), limit: DEFAULT_PER_PAGE, ..Default::default() };
	let mut seen = std::collections::BTreeSet::new();
	for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
		if !seen.insert(name.to_string()) {
			return Err(format!("{name}: given twice"));
		}
		match name.as_ref() {
			"patient" => {
				query.patient = Some(
					parse_account(&value).ok_or("patient: not an SS58 address or 0x account")?,
				)
			},
			"from-block" => query.from_block = Some(parse_number(&name, &value)?),
			"to-block" => query.to_block = Some(parse_number(&name, &value)?),
			"_count" => {
				let n: u32 = parse_number(&name, &value)?;
				if n == 0 || n > MAX_PER_PAGE {
					return Err(format!("_count: 1 to {MAX_PER_PAGE}"));
				}
				query.limit = n;
			},
			"_page_token" => query.after = Some(page_token(&value)?),
			other => return Err(format!("{other}: not a search parameter of this service")),
		}
	}
	Ok(query)
}

/// A paging position, `<block>.<event index>`, as this service writes it in `next` links.
fn page_token(value: &str) -> Result<(u32, u32), String> {
	value
		.split_once('.')
		.and_then(|(b, i)| Some((b.parse().ok()?, i.parse().ok()?)))
		.ok_or_else(|| "not a page token this service gave".to_string())
}

/// The query of `/epcis/events` (`docs/indexer.md`): `MATCH_epc`, `MATCH_anyEPC`,
/// `MATCH_parentID`, `MATCH_anyEPCClass` (a lot), `EQ_bizStep`, `eventType`, `GE_eventTime`,
/// `LT_eventTime`, `fromBlock`, `toBlock`, `perPage`, `nextPageToken`. Lists are
/// comma-separated or repeated. Any other parameter is refused.
pub fn event_query(raw: &str) -> Result<EventQuery, String> {
	let mut query = EventQuery { limit: DEFAULT_PER_PAGE, ..Default::default() };
	for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
		let list = || value.split(',').map(str::trim).filter(|v| !v.is_empty()).map(String::from);
		match name.as_ref() {
			"MATCH_epc" | "MATCH_anyEPC" | "MATCH_parentID" => query.epcs.extend(list()),
			"MATCH_anyEPCClass" | "MATCH_epcClass" => {
				if query.lot.replace(value.to_string()).is_some() {
					return Err(format!("{name}: one lot per query"));
				}
			},
			"EQ_bizStep" => query.biz_steps.extend(list().map(|s| bare_step(&s))),
			"eventType" => query.event_types.extend(list()),
			"GE_eventTime" => query.from_ms = Some(parse_time(&name, &value)?),
			"LT_eventTime" => query.to_ms = Some(parse_time(&name, &value)?),
			"fromBlock" => query.from_block = Some(parse_number(&name, &value)?),
			"toBlock" => query.to_block = Some(parse_number(&name, &value)?),
			"perPage" => {
				let n: u32 = parse_number(&name, &value)?;
				if n == 0 || n > MAX_PER_PAGE {
					return Err(format!("perPage: 1 to {MAX_PER_PAGE}"));
				}
				query.limit = n;
			},
			"nextPageToken" => {
				query.after = Some(page_token(&value).map_err(|e| format!("nextPageToken: {e}"))?)
			},
			other => return Err(format!("{other}: not a query parameter of this service")),
		}
	}
	Ok(query)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn event_queries_are_read_from_the_epcis_parameters_and_bad_ones_refused() {
		let q = event_query(
			"MATCH_epc=https%3A%2F%2Fid.gs1.org%2F00%2F1,https://id.gs1.org/00/2&\
			 EQ_bizStep=https://ref.gs1.org/cbv/BizStep-shipping,receiving&\
			 GE_eventTime=2026-01-01T00:00:00Z&LT_eventTime=2026-01-01T01:00:00%2B01:00&\
			 perPage=5&nextPageToken=12.3&fromBlock=2",
		)
		.unwrap();
		assert_eq!(q.epcs, vec!["https://id.gs1.org/00/1", "https://id.gs1.org/00/2"]);
		assert_eq!(q.biz_steps, vec!["shipping", "receiving"]);
		assert_eq!(q.from_ms, Some(1_767_225_600_000));
		assert_eq!(q.to_ms, Some(1_767_225_600_000));
		assert_eq!((q.limit, q.after, q.from_block), (5, Some((12, 3)), Some(2)));
		for bad in
			["perPage=0", "perPage=5000", "nextPageToken=x", "GE_eventTime=yesterday", "foo=1"]
		{
			assert!(event_query(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn trail_queries_are_read_from_the_search_parameters_and_bad_ones_refused() {
		let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
		let q = trail_query(
			"AuditEvent",
			&format!("patient={alice}&from-block=3&to-block=9&_count=5&_page_token=4.2"),
		)
		.unwrap();
		assert_eq!(q.patient, parse_account(alice));
		assert_eq!(
			(q.from_block, q.to_block, q.limit, q.after),
			(Some(3), Some(9), 5, Some((4, 2)))
		);
		assert_eq!(q.kind, "AuditEvent");
		assert_eq!(trail_query("Consent", "").unwrap().limit, DEFAULT_PER_PAGE);
		for bad in [
			"patient=nobody",
			"_count=0",
			"_count=1001",
			"_page_token=3",
			"from-block=x",
			"date=2026",
			"patient=0x00&patient=0x01",
		] {
			assert!(trail_query("Consent", bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn the_signed_line_names_the_service_and_the_whole_request() {
		assert_eq!(
			request_line("GET", "/fhir/R4/Consent?patient=x", "00ff", 17),
			"healthchain-indexer/v1\nGET\n/fhir/R4/Consent?patient=x\n00ff\n17"
		);
	}

	async fn api_allowing(allowed: &[&str]) -> (Arc<Api>, tempfile::TempDir) {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path().join("i.db").to_str().unwrap()).await.unwrap();
		let api = Api {
			store: Arc::new(store),
			progress: Arc::new(Progress::default()),
			rpc: Rpc::new("http://127.0.0.1:9").unwrap(),
			replay: ReplayGuard::new(60),
			cors: Api::cors(allowed.iter().map(|o| o.to_string()).collect()),
		};
		(Arc::new(api), dir)
	}

	fn request(method: Method, path: &str, origin: Option<&str>) -> Request<()> {
		let mut request = Request::builder().method(method).uri(path);
		if let Some(origin) = origin {
			request = request.header(header::ORIGIN, origin);
		}
		request.body(()).unwrap()
	}

	#[tokio::test]
	async fn pages_of_an_allowed_origin_may_call_the_api_and_others_not() {
		const APP: &str = "http://127.0.0.1:8700";
		let (api, _dir) = api_allowing(&[APP]).await;
		let preflight =
			api.clone().handle(request(Method::OPTIONS, "/fhir/R4/Consent", Some(APP))).await;
		let preflight = preflight.unwrap();
		assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
		let allowed = &preflight.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS];
		assert!(allowed.to_str().unwrap().contains("X-Healthchain-Signature"));
		assert_eq!(preflight.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], APP);
		// A refusal is readable by the page too.
		let refused =
			api.clone().handle(request(Method::GET, "/fhir/R4/Consent", Some(APP))).await.unwrap();
		assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
		assert_eq!(refused.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], APP);
		assert_eq!(refused.headers()[header::VARY], "Origin");
		// Another origin: its preflight refused, and no answer names it.
		let other = Some("http://evil.example");
		let preflight =
			api.clone().handle(request(Method::OPTIONS, "/epcis/events", other)).await.unwrap();
		assert_eq!(preflight.status(), StatusCode::FORBIDDEN);
		let health = api.clone().handle(request(Method::GET, "/health", other)).await.unwrap();
		assert!(health.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
		// None allowed: no page may call, and nothing varies by origin.
		let (closed, _dir) = api_allowing(&[]).await;
		let preflight =
			closed.clone().handle(request(Method::OPTIONS, "/fhir/R4/Consent", Some(APP))).await;
		assert_eq!(preflight.unwrap().status(), StatusCode::FORBIDDEN);
		let refused = closed.handle(request(Method::GET, "/fhir/R4/Consent", Some(APP))).await;
		assert!(refused.unwrap().headers().get(header::VARY).is_none());
	}
}
