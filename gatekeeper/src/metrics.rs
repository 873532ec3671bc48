//! Prometheus metrics, served at `/metrics`.

use prometheus::{
	Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry,
	TextEncoder,
};

/// The gatekeeper's metrics.
pub struct Metrics {
	registry: Registry,
	/// Requests by route and status.
	pub requests: IntCounterVec,
	/// Decisions by reason (`Permitted` or the denial).
	pub decisions: IntCounterVec,
	/// Request latency by route.
	pub latency: HistogramVec,
	/// The chain check of a request (finalized head and runtime API).
	pub chain_check: Histogram,
	/// The wait for the audit entry to be finalized.
	pub audit: Histogram,
	/// Best block minus finalized block.
	pub lag: IntGauge,
}

impl Metrics {
	/// Registers every metric.
	pub fn new() -> Self {
		let registry = Registry::new();
		let buckets = vec![
			0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
		];
		let requests = IntCounterVec::new(
			Opts::new("gatekeeper_requests_total", "Requests by route and status"),
			&["route", "status"],
		)
		.expect("valid metric");
		let decisions = IntCounterVec::new(
			Opts::new("gatekeeper_decisions_total", "Logged decisions by reason"),
			&["reason"],
		)
		.expect("valid metric");
		let latency = HistogramVec::new(
			HistogramOpts::new("gatekeeper_request_seconds", "Request latency")
				.buckets(buckets.clone()),
			&["route"],
		)
		.expect("valid metric");
		let chain_check = Histogram::with_opts(
			HistogramOpts::new(
				"gatekeeper_chain_check_seconds",
				"Finalized head and decision query",
			)
			.buckets(buckets.clone()),
		)
		.expect("valid metric");
		let audit = Histogram::with_opts(
			HistogramOpts::new("gatekeeper_audit_seconds", "Wait for the audit entry's finality")
				.buckets(buckets),
		)
		.expect("valid metric");
		let lag = IntGauge::new("gatekeeper_chain_lag_blocks", "Best minus finalized block")
			.expect("valid metric");
		for collector in [
			Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
			Box::new(decisions.clone()),
			Box::new(latency.clone()),
			Box::new(chain_check.clone()),
			Box::new(audit.clone()),
			Box::new(lag.clone()),
		] {
			registry.register(collector).expect("registered once");
		}
		Self { registry, requests, decisions, latency, chain_check, audit, lag }
	}

	/// The text exposition.
	pub fn render(&self) -> Vec<u8> {
		let mut out = Vec::new();
		let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
		out
	}
}

/// Token buckets per requester account.
pub struct RateLimiter<K> {
	per_second: f64,
	burst: f64,
	buckets: std::sync::Mutex<std::collections::HashMap<K, (f64, std::time::Instant)>>,
}

impl<K: std::hash::Hash + Eq + Clone> RateLimiter<K> {
	/// `per_minute` sustained, `burst` at once.
	pub fn new(per_minute: u32, burst: u32) -> Self {
		Self {
			per_second: f64::from(per_minute) / 60.0,
			burst: f64::from(burst),
			buckets: Default::default(),
		}
	}

	/// Takes a token of `key`'s bucket, or says in how many seconds one will be there.
	pub fn take(&self, key: &K) -> Result<(), u64> {
		let now = std::time::Instant::now();
		let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
		if buckets.len() > 100_000 {
			let (rate, burst) = (self.per_second, self.burst);
			buckets.retain(|_, (tokens, at)| {
				*tokens + now.duration_since(*at).as_secs_f64() * rate < burst
			});
		}
		let (tokens, at) = buckets.entry(key.clone()).or_insert((self.burst, now));
		*tokens =
			(*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
		*at = now;
		if *tokens >= 1.0 {
			*tokens -= 1.0;
			Ok(())
		} else {
			Err(((1.0 - *tokens) / self.per_second).ceil() as u64)
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_requester_gets_its_burst_then_waits() {
		let limiter = RateLimiter::new(60, 3);
		for _ in 0..3 {
			assert_eq!(limiter.take(&1), Ok(()));
		}
		assert_eq!(limiter.take(&1), Err(1));
		// Another requester has its own bucket.
		assert_eq!(limiter.take(&2), Ok(()));
	}

	#[test]
	fn metrics_render_in_the_text_format() {
		let metrics = Metrics::new();
		metrics.requests.with_label_values(&["fetch", "200"]).inc();
		let text = String::from_utf8(metrics.render()).unwrap();
		assert!(text.contains("gatekeeper_requests_total{route=\"fetch\",status=\"200\"} 1"));
	}
}
