//! One HTTP(S) client for the node's RPC and the object store.

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::{
	client::legacy::{connect::HttpConnector, Client as Legacy},
	rt::TokioExecutor,
};
use std::io;

/// A request or response body that may stream.
pub type Body = BoxBody<Bytes, io::Error>;

/// The client: HTTP, or HTTPS with the system's roots.
pub type Client = Legacy<HttpsConnector<HttpConnector>, Body>;

/// A new client with keep-alive connections.
pub fn client() -> io::Result<Client> {
	let connector = hyper_rustls::HttpsConnectorBuilder::new()
		.with_native_roots()?
		.https_or_http()
		.enable_http1()
		.build();
	Ok(Legacy::builder(TokioExecutor::new()).pool_max_idle_per_host(32).build(connector))
}

/// A body of `bytes`.
pub fn full(bytes: impl Into<Bytes>) -> Body {
	Full::new(bytes.into()).map_err(|never| match never {}).boxed()
}

/// Reads a whole (small) response body.
pub async fn read_all(body: hyper::body::Incoming) -> io::Result<Bytes> {
	body.collect().await.map(|c| c.to_bytes()).map_err(io::Error::other)
}
