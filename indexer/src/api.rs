//! The HTTP API over what was indexed (`docs/indexer.md`).

use crate::{epcis, follow::Progress, store::Store, supply::EventQuery};
use bytes::Bytes;
use http_body_util::Full;
use hyper::{header, Method, Request, Response, StatusCode};
use serde_json::{json, Value};
use std::{convert::Infallible, sync::atomic::Ordering, sync::Arc};

/// The API's state: the database and the follower's progress.
pub struct Api {
	/// The database.
	pub store: Arc<Store>,
	/// The follower's progress.
	pub progress: Arc<Progress>,
}

fn json_response(status: StatusCode, value: Value) -> Response<Full<Bytes>> {
	Response::builder()
		.status(status)
		.header(header::CONTENT_TYPE, "application/json")
		.header(header::CACHE_CONTROL, "no-store")
		.body(Full::new(Bytes::from(value.to_string())))
		.unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
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
		Ok(match (request.method(), path.as_str()) {
			(&Method::GET, "/health") => self.health().await,
			(&Method::GET, "/epcis/events") => self.epcis_events(request.uri()).await,
			(&Method::GET, "/epcis/recall") => self.recall(request.uri()).await,
			(&Method::GET, _) => error(StatusCode::NOT_FOUND, "NotFound", format!("no {path}")),
			_ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "only GET"),
		})
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
		let next = if events.len() > page {
			events.truncate(page);
			events.last().map(|((block, index), _)| format!("{block}.{index}"))
		} else {
			None
		};
		let document =
			epcis::query_document(events.into_iter().map(|(_, e)| e).collect(), now_ms());
		let mut response = Response::builder()
			.status(StatusCode::OK)
			.header(header::CONTENT_TYPE, "application/ld+json")
			.header(header::CACHE_CONTROL, "no-store")
			.body(Full::new(Bytes::from(epcis::to_text(&document))))
			.unwrap_or_else(|_| Response::new(Full::new(Bytes::new())));
		if let Some(token) = next {
			// The same query from the page's last event on (EPCIS 2.0 REST paging).
			let mut params: Vec<(String, String)> =
				form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
					.into_owned()
					.filter(|(k, _)| k != "nextPageToken")
					.collect();
			params.push(("nextPageToken".into(), token.clone()));
			let query: String =
				form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish();
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

fn unavailable(e: crate::store::StoreError) -> Response<Full<Bytes>> {
	tracing::warn!("query: {e}");
	error(StatusCode::SERVICE_UNAVAILABLE, "DatabaseUnavailable", "the database did not answer")
}

fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0)
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
				let (block, index) = value
					.split_once('.')
					.and_then(|(b, i)| Some((b.parse().ok()?, i.parse().ok()?)))
					.ok_or("nextPageToken: not a token this service gave")?;
				query.after = Some((block, index));
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
}
