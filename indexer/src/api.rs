//! The HTTP API over what was indexed (`docs/indexer.md`).

use crate::{follow::Progress, store::Store};
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
			(&Method::GET, _) => error(StatusCode::NOT_FOUND, "NotFound", format!("no {path}")),
			_ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "only GET"),
		})
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
