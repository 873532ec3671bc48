//! Signs a workload in parallel, submits it over RPC with bounded concurrency, follows the
//! chain until every extrinsic is included (or the time is up), and measures what happened.

use crate::{
	chain::{self, BlockStats, ChainInfo, Key, Signed, Tracker},
	node::ProcessSample,
	rpc::{Rpc, RpcError},
};
use healthchain_runtime::{Nonce, RuntimeCall, RuntimeEvent};
use serde_json::json;
use std::{
	sync::{
		atomic::{AtomicUsize, Ordering},
		Mutex,
	},
	thread,
	time::{Duration, Instant},
};

/// Where and how to submit.
pub struct Settings {
	pub url: String,
	/// Requests in flight while submitting (one connection each).
	pub connections: usize,
	/// Longest wait for a workload's extrinsics to be included.
	pub timeout: Duration,
	/// The node's process, when known, for its CPU and memory.
	pub node_pid: Option<u32>,
	/// Instant sealing: a block is made when a transaction enters the pool, so a transaction
	/// that becomes ready only after the previous block (the next nonce of a sender) waits for
	/// another one. The loader then sends a remark to make that block.
	pub nudge: Option<ChainInfo>,
}

/// One extrinsic to sign: who, with which nonce, what.
pub type Job = (Key, Nonce, RuntimeCall);

/// Signs every job on all cores; returns the extrinsics in job order and the signing rate.
pub fn sign_all(info: &ChainInfo, jobs: Vec<Job>) -> (Vec<Signed>, f64) {
	let start = Instant::now();
	let cores = thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
	let chunk = jobs.len().div_ceil(cores).max(1);
	let mut signed = Vec::with_capacity(jobs.len());
	thread::scope(|scope| {
		let handles: Vec<_> = jobs
			.chunks(chunk)
			.map(|part| {
				scope.spawn(move || {
					part.iter()
						.map(|(key, nonce, call)| {
							Signed::new(&info.sign(key, *nonce, call.clone()), &key.account)
						})
						.collect::<Vec<_>>()
				})
			})
			.collect();
		for handle in handles {
			signed.extend(handle.join().expect("signing does not panic"));
		}
	});
	let rate = signed.len() as f64 / start.elapsed().as_secs_f64().max(1e-9);
	(signed, rate)
}

/// What one workload did.
#[derive(Debug, Clone)]
pub struct Outcome {
	pub name: String,
	pub submitted: usize,
	pub refused: Vec<String>,
	pub included: usize,
	/// Included extrinsics whose events show the intended effect.
	pub effects: usize,
	pub failures: Vec<(usize, String)>,
	pub sign_rate: f64,
	/// Seconds spent submitting.
	pub submit_secs: f64,
	/// Seconds from the first submission to the block that included the last extrinsic.
	pub span_secs: f64,
	pub blocks: Vec<BlockStats>,
	pub timed_out: bool,
	/// Node CPU use over the span, in percent of one core.
	pub node_cpu_percent: Option<f64>,
	/// Node resident memory at the end, MiB.
	pub node_rss_mib: Option<f64>,
	/// The events that showed the intended effect, in chain order.
	pub effect_events: Vec<RuntimeEvent>,
}

/// Submits `xts` and follows the chain until all are included or `settings.timeout` passes.
pub fn submit_and_follow(
	settings: &Settings,
	name: &str,
	xts: &[Signed],
	sign_rate: f64,
	effect: fn(&RuntimeEvent) -> bool,
) -> Result<Outcome, String> {
	let mut rpc = Rpc::new(&settings.url);
	let from = chain::best_number(&mut rpc)? + 1;
	let mut tracker = Tracker::new(from, xts.iter().map(|x| x.hash), effect);
	let before = settings.node_pid.and_then(ProcessSample::take);
	let start = Instant::now();
	let deadline = start + settings.timeout;

	// Each sender's extrinsics go through one connection, in nonce order, so none waits in the
	// pool's future queue for an earlier one still in flight on another connection.
	let connections = settings.connections.max(1);
	let mut lanes = vec![Vec::new(); connections];
	for (i, xt) in xts.iter().enumerate() {
		let bytes: &[u8] = xt.signer.as_ref();
		let lane = bytes.iter().fold(0usize, |h, b| h.wrapping_mul(31) ^ *b as usize);
		lanes[lane % connections].push(i);
	}
	let sent = AtomicUsize::new(0);
	let refused = Mutex::new(Vec::new());
	let submitted_at = Mutex::new(None::<Instant>);
	let mut last_inclusion = None;
	let mut last_progress = Instant::now();
	thread::scope(|scope| -> Result<(), String> {
		for lane in &lanes {
			let (sent, refused, submitted_at) = (&sent, &refused, &submitted_at);
			scope.spawn(move || {
				let mut rpc = Rpc::new(&settings.url);
				for &i in lane {
					if let Err(e) = submit_with_retry(&mut rpc, &xts[i], deadline) {
						refused.lock().expect("not poisoned").push(format!("#{i}: {e}"));
					}
					sent.fetch_add(1, Ordering::Relaxed);
				}
				*submitted_at.lock().expect("not poisoned") = Some(Instant::now());
			});
		}
		// Follow the chain while the submitters work, and after.
		while !tracker.all_included() && Instant::now() < deadline {
			let seen = tracker.included.len();
			tracker.poll(&mut rpc)?;
			if tracker.included.len() > seen {
				last_inclusion = Some(Instant::now());
				last_progress = Instant::now();
			}
			if let Some(info) = &settings.nudge {
				if last_progress.elapsed() > Duration::from_secs(2) {
					nudge(&mut rpc, info)?;
					last_progress = Instant::now();
				}
			}
			let refused_count = refused.lock().expect("not poisoned").len();
			let done_submitting = sent.load(Ordering::Relaxed) >= xts.len();
			if done_submitting && tracker.included.len() + refused_count >= xts.len() {
				break;
			}
			thread::sleep(Duration::from_millis(100));
		}
		Ok(())
	})?;
	let after = settings.node_pid.and_then(ProcessSample::take);
	let submit_secs = submitted_at
		.lock()
		.expect("not poisoned")
		.map(|t| t.duration_since(start).as_secs_f64())
		.unwrap_or_default();
	let span_secs = last_inclusion.map(|t| t.duration_since(start).as_secs_f64()).unwrap_or(0.0);
	let (node_cpu_percent, node_rss_mib) = match (before, after) {
		(Some(b), Some(a)) => (Some(a.cpu_percent_since(&b)), Some(a.rss_mib)),
		_ => (None, None),
	};
	Ok(Outcome {
		name: name.to_string(),
		submitted: xts.len(),
		refused: refused.into_inner().expect("not poisoned"),
		included: tracker.included.len(),
		effects: tracker.effects,
		failures: tracker.failures(),
		sign_rate,
		submit_secs,
		span_secs,
		blocks: tracker.blocks.clone(),
		timed_out: !tracker.all_included(),
		node_cpu_percent,
		node_rss_mib,
		effect_events: std::mem::take(&mut tracker.effect_events),
	})
}

/// Sends a remark from Alice, which makes a block under instant sealing.
fn nudge(rpc: &mut Rpc, info: &ChainInfo) -> Result<(), String> {
	let alice = Key::from_uri("//Alice");
	let nonce = chain::next_nonce(rpc, &alice.account)?;
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: Vec::new() });
	let xt = Signed::new(&info.sign(&alice, nonce, remark), &alice.account);
	chain::submit(rpc, &xt).map_err(|e| e.to_string())
}

/// Submits one extrinsic, waiting while the pool is full. An extrinsic the pool already has
/// counts as submitted.
fn submit_with_retry(rpc: &mut Rpc, xt: &Signed, deadline: Instant) -> Result<(), RpcError> {
	loop {
		match chain::submit(rpc, xt) {
			Ok(()) => return Ok(()),
			// Already in the pool (a retry after a lost answer).
			Err(RpcError::Node { code: 1013, .. }) => return Ok(()),
			// Pool full or the sender's future queue full: wait for a block to drain it.
			Err(RpcError::Node { code: 1016, .. }) | Err(RpcError::Node { code: 1014, .. })
				if Instant::now() < deadline =>
			{
				thread::sleep(Duration::from_millis(200))
			},
			Err(e) => return Err(e),
		}
	}
}

/// Signs and runs set-up extrinsics and fails unless every one of them succeeds.
pub fn setup(
	settings: &Settings,
	info: &ChainInfo,
	name: &str,
	jobs: Vec<Job>,
) -> Result<Outcome, String> {
	setup_with_effect(settings, info, name, jobs, |_| true)
}

/// [`setup`] that also counts the extrinsics whose events show `effect`, for the report.
pub fn setup_with_effect(
	settings: &Settings,
	info: &ChainInfo,
	name: &str,
	jobs: Vec<Job>,
	effect: fn(&RuntimeEvent) -> bool,
) -> Result<Outcome, String> {
	let (xts, rate) = sign_all(info, jobs);
	let outcome = submit_and_follow(settings, name, &xts, rate, effect)?;
	if let Some(refused) = outcome.refused.first() {
		return Err(format!("set-up step {name}: the node refused {refused}"));
	}
	if let Some((i, failure)) = outcome.failures.first() {
		return Err(format!("set-up step {name}: extrinsic {i} failed: {failure}"));
	}
	if outcome.timed_out {
		return Err(format!(
			"set-up step {name}: {} of {} included before the timeout",
			outcome.included, outcome.submitted
		));
	}
	eprintln!("[hc-load] set-up {name}: {} extrinsics in {:.1}s", xts.len(), outcome.span_secs);
	Ok(outcome)
}

/// The next nonce of each key, fetched over `connections` connections.
pub fn nonces(settings: &Settings, keys: &[Key]) -> Result<Vec<Nonce>, String> {
	let next = AtomicUsize::new(0);
	let results = Mutex::new(vec![None; keys.len()]);
	thread::scope(|scope| {
		for _ in 0..settings.connections.clamp(1, 16) {
			scope.spawn(|| {
				let mut rpc = Rpc::new(&settings.url);
				loop {
					let i = next.fetch_add(1, Ordering::Relaxed);
					if i >= keys.len() {
						break;
					}
					let nonce = chain::next_nonce(&mut rpc, &keys[i].account);
					results.lock().expect("not poisoned")[i] = Some(nonce);
				}
			});
		}
	});
	results
		.into_inner()
		.expect("not poisoned")
		.into_iter()
		.map(|n| n.unwrap_or_else(|| Err("nonce not fetched".into())))
		.collect()
}

/// Calls a runtime API as fast as `connections` connections allow for `duration`, checking
/// each answer with `check`. Returns (calls, calls per second, failures).
pub fn query_rate(
	settings: &Settings,
	method: &str,
	args: &[Vec<u8>],
	duration: Duration,
	check: impl Fn(&[u8]) -> bool + Sync,
) -> (usize, f64, usize) {
	let count = AtomicUsize::new(0);
	let bad = AtomicUsize::new(0);
	let start = Instant::now();
	thread::scope(|scope| {
		for worker in 0..settings.connections.max(1) {
			let (count, bad, check) = (&count, &bad, &check);
			scope.spawn(move || {
				let mut rpc = Rpc::new(&settings.url);
				let mut i = worker;
				while start.elapsed() < duration {
					let arg = &args[i % args.len()];
					match chain::state_call(&mut rpc, method, arg) {
						Ok(answer) if check(&answer) => {},
						_ => {
							bad.fetch_add(1, Ordering::Relaxed);
						},
					}
					count.fetch_add(1, Ordering::Relaxed);
					i += settings.connections.max(1);
				}
			});
		}
	});
	let calls = count.into_inner();
	(calls, calls as f64 / start.elapsed().as_secs_f64(), bad.into_inner())
}

/// Waits until the node answers RPC, up to `timeout`.
pub fn wait_for_rpc(url: &str, timeout: Duration) -> Result<(), String> {
	let start = Instant::now();
	loop {
		let mut rpc = Rpc::new(url);
		match rpc.call("system_health", json!([])) {
			Ok(_) => return Ok(()),
			Err(e) if start.elapsed() > timeout => return Err(format!("node not ready: {e}")),
			Err(_) => thread::sleep(Duration::from_millis(250)),
		}
	}
}
