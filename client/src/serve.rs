//! Serving HTTP/1: the accept loop, and a graceful stop, shared by the services.

use hyper::{body::Incoming, service::service_fn, Request, Response};
use hyper_util::{rt::TokioIo, server::graceful::GracefulShutdown};
use std::{convert::Infallible, future::Future, time::Duration};

/// Serves `handle` on `listener` until `until` resolves; then accepts no more connections and
/// lets requests in flight finish for up to `grace`. Returns what `until` gave.
pub async fn serve<H, F, B, T>(
	listener: tokio::net::TcpListener,
	handle: H,
	until: impl Future<Output = T>,
	grace: Duration,
) -> T
where
	H: Fn(Request<Incoming>) -> F + Clone + Send + Sync + 'static,
	F: Future<Output = Result<Response<B>, Infallible>> + Send + 'static,
	B: hyper::body::Body + Send + 'static,
	B::Data: Send,
	B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
	let graceful = GracefulShutdown::new();
	let mut until = std::pin::pin!(until);
	let ended = loop {
		tokio::select! {
			accepted = listener.accept() => {
				let Ok((stream, _)) = accepted else { continue };
				let connection = hyper::server::conn::http1::Builder::new()
					.serve_connection(TokioIo::new(stream), service_fn(handle.clone()));
				let connection = graceful.watch(connection);
				tokio::spawn(async move {
					let _ = connection.await;
				});
			},
			ended = &mut until => break ended,
		}
	};
	drop(listener);
	tokio::select! {
		_ = graceful.shutdown() => tracing::info!("stopped"),
		_ = tokio::time::sleep(grace) => tracing::warn!("stopped with requests still open"),
	}
	ended
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
	let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
	else {
		// No handler for SIGTERM: Ctrl-C still stops the service.
		let _ = tokio::signal::ctrl_c().await;
		return;
	};
	tokio::select! {
		_ = tokio::signal::ctrl_c() => {},
		_ = term.recv() => {},
	}
}
