//! `hc-load`: loads a Healthchain node with signed extrinsics of each workload and reports what
//! it sustained, side by side with plain balance transfers. See `scripts/load.sh`.
//!
//! It signs natively with the runtime's own types (all cores), submits over plain HTTP JSON-RPC
//! with a bounded number of connections, follows the best chain to see where each extrinsic
//! landed and whether it had its effect, and reads block fullness from `System::BlockWeight`.
//! With `--node` it starts a dev node itself on loopback and afterwards re-executes the fullest
//! block of each workload with `benchmark block` for its import time.

mod chain;
mod fill;
mod node;
mod report;
mod rpc;
mod run;
mod workloads;

use clap::Parser;
use frame_support::dispatch::DispatchClass;
use report::{Phase, QueryRow, Report, Row};
use run::Settings;
use std::{
	path::PathBuf,
	time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};
use workloads::{Sizes, World};

#[derive(Parser, Debug)]
#[command(about = "Measures what a Healthchain node sustains, compared with balance transfers")]
struct Args {
	/// Start this node binary with `--dev` on loopback (and stop it at the end).
	#[arg(long, conflicts_with = "url")]
	node: Option<PathBuf>,
	/// Or load an already running node at this RPC address (`http://` or `ws://`).
	#[arg(long)]
	url: Option<String>,
	/// The running node's process id, for its CPU and memory (with `--url`).
	#[arg(long)]
	node_pid: Option<u32>,
	/// Block production of the node started with `--node`: `aura` (6 s slots) or `instant`.
	#[arg(long, default_value = "aura")]
	sealing: String,
	/// Database directory of the node started with `--node` (emptied first).
	#[arg(long, default_value = "/tmp/healthchain-load")]
	base_path: PathBuf,
	/// Extra arguments for the node started with `--node`.
	#[arg(long, allow_hyphen_values = true, num_args = 1..)]
	node_args: Vec<String>,
	/// Directory for `load-report.json` and `load-report.md`.
	#[arg(long, default_value = ".")]
	out: PathBuf,
	/// Workloads to run, in order.
	#[arg(
		long,
		value_delimiter = ',',
		default_value = "transfer,grant,log_access,log_access_denied,record,acknowledge,attach_key,\
		                 revoke,commission,ship,receive,check_access,verify,recall"
	)]
	workloads: Vec<String>,
	/// Requests in flight while submitting or querying.
	#[arg(long, default_value_t = 16)]
	connections: usize,
	/// Longest wait for one workload's extrinsics to be included, seconds.
	#[arg(long, default_value_t = 240)]
	timeout: u64,
	#[arg(long, default_value_t = 2_000)]
	patients: usize,
	#[arg(long, default_value_t = 500)]
	clinicians: usize,
	#[arg(long, default_value_t = 20)]
	staff: usize,
	#[arg(long, default_value_t = 20_000)]
	transfers: usize,
	#[arg(long, default_value_t = 20_000)]
	grants: usize,
	#[arg(long, default_value_t = 20_000)]
	accesses: usize,
	#[arg(long, default_value_t = 10_000)]
	records: usize,
	/// Commission extrinsics of the largest batch each.
	#[arg(long, default_value_t = 200)]
	commissions: usize,
	/// Full pallets to build from the commissioned packs and ship.
	#[arg(long, default_value_t = 20)]
	pallets: usize,
	/// Grants to revoke, of those `grant` made.
	#[arg(long, default_value_t = 10_000)]
	revokes: usize,
	/// Seconds each query workload runs.
	#[arg(long, default_value_t = 10)]
	query_secs: u64,
	/// After the workloads, start again from a genesis already holding this many grants
	/// (with `--node`), and run `--filled-workloads` there.
	#[arg(long, default_value_t = 0)]
	fill_grants: usize,
	/// Records in the filled genesis.
	#[arg(long, default_value_t = 0)]
	fill_records: usize,
	/// Commissioned packs in the filled genesis.
	#[arg(long, default_value_t = 0)]
	fill_packs: usize,
	/// Workloads run on the filled state.
	#[arg(
		long,
		value_delimiter = ',',
		default_value = "transfer,grant,record,check_access,verify"
	)]
	filled_workloads: Vec<String>,
}

fn main() {
	if let Err(e) = run(Args::parse()) {
		eprintln!("hc-load: {e}");
		std::process::exit(1);
	}
}

fn description(workload: &str) -> &'static str {
	match workload {
		"transfer" => "`balances.transfer_keep_alive` between funded accounts (the yardstick).",
		"grant" => {
			"`consent.grant`: a patient grants a provider organization Read and Append of all \
			 records for treatment, for 30 days (deposit held, expiry queued)."
		},
		"log_access" => {
			"`consent.log_access`: a clinician logs a read of a patient's progress notes, \
			 permitted by the patient's grant to the clinician's organization."
		},
		"log_access_denied" => {
			"`consent.log_access`: a clinician logs a read of a patient's progress notes for \
			 research, which no grant permits: logged as denied."
		},
		"revoke" => {
			"`consent.revoke`: a patient revokes one of the grants `grant` made (deposit \
			 returned, expiry dequeued)."
		},
		"acknowledge" => "`records.acknowledge`: a patient acknowledges a record `record` made.",
		"attach_key" => {
			"`records.attach_key`: a clinician of the custodian attaches a record's data key \
			 (64 bytes, HPKE-sealed) for a colleague whom the patient's grant lets read it."
		},
		"receive" => {
			"`supply_chain.receive` by the wholesaler of one shipped pallet (10,000 packs) with \
			 ownership."
		},
		"recall" => {
			"`supply_chain.recall_lot`: the manufacturer recalls a lot, whatever its packs and \
			 wherever they are."
		},
		"record" => {
			"`records.register`: a clinician registers a progress-note pointer (hash, locator, \
			 category, label and date tags) for a patient, with the patient's Append consent."
		},
		"commission" => "`supply_chain.commission` of the largest batch (1,000 serialised packs).",
		"ship" => {
			"`supply_chain.ship` of one full pallet (100 cases of 100 packs) to a wholesaler, \
			 with ownership."
		},
		"pack 100 packs into a case" => "`supply_chain.pack` (set-up of `ship`).",
		"pack 100 cases into a pallet" => "`supply_chain.pack` (set-up of `ship`).",
		"check_access" => {
			"`ConsentApi_check_access` runtime API through `state_call`, each answer checked \
			 to be Permitted."
		},
		"verify" => {
			"`SupplyChainApi_verify` runtime API through `state_call`, each answer checked to \
			 be verified."
		},
		_ => "",
	}
}

fn run(args: Args) -> Result<(), String> {
	let started = Instant::now();
	let mut phases = Vec::new();
	let workloads: Vec<String> = args.workloads.iter().filter(|w| !w.is_empty()).cloned().collect();
	if !workloads.is_empty() {
		phases.push(phase(&args, "empty state", None, None, &workloads)?);
	}
	let fill = fill::FillSizes {
		grants: args.fill_grants,
		records: args.fill_records,
		packs: args.fill_packs,
	};
	let mut notes = Vec::new();
	if !fill.is_empty() {
		// A failure here leaves the empty state's figures standing: the report says why.
		if let Err(e) = filled_phase(&args, fill).map(|phase| phases.push(phase)) {
			eprintln!("[hc-load] filled state: {e}");
			notes.push(format!("The filled-state phase failed: {e}"));
		}
	}
	let mode = match (&args.node, args.sealing.as_str()) {
		(Some(_), "instant") => "dev node, instant seal".to_string(),
		(Some(_), _) => "dev node, Aura 6 s blocks".to_string(),
		(None, _) => format!("node at {}", args.url.clone().unwrap_or_default()),
	};
	let report = Report {
		mode,
		machine: machine(),
		phases,
		total_seconds: started.elapsed().as_secs_f64(),
		notes,
	};
	std::fs::create_dir_all(&args.out).map_err(|e| e.to_string())?;
	let json = serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?;
	std::fs::write(args.out.join("load-report.json"), json).map_err(|e| e.to_string())?;
	let markdown = report.to_markdown();
	std::fs::write(args.out.join("load-report.md"), &markdown).map_err(|e| e.to_string())?;
	println!("{markdown}");
	Ok(())
}

/// Fills a genesis with `fill` and runs `--filled-workloads` on it.
fn filled_phase(args: &Args, fill: fill::FillSizes) -> Result<Phase, String> {
	let binary = args.node.as_ref().ok_or("--fill-* needs --node")?;
	let mut spec_path = args.base_path.clone().into_os_string();
	spec_path.push("-filled-spec.json");
	let spec_path = PathBuf::from(spec_path);
	eprintln!("[hc-load] filling a genesis with {fill:?}");
	let stats = fill::filled_spec(binary, fill, &spec_path)?;
	eprintln!(
		"[hc-load] filled: {} entries, {} bytes, in {:.0}s",
		stats.entries, stats.bytes, stats.seconds
	);
	let label = format!(
		"filled state: {} grants, {} records, {} packs at genesis",
		fill.grants, fill.records, fill.packs
	);
	let outcome = phase(args, &label, Some(&spec_path), Some(stats), &args.filled_workloads);
	let _ = std::fs::remove_file(&spec_path);
	outcome
}

/// One node, one state: starts the node (from `spec` when given), creates the run's accounts
/// and organizations, runs `workloads` in order, and re-executes each workload's fullest block.
fn phase(
	args: &Args,
	label: &str,
	spec: Option<&std::path::Path>,
	fill: Option<fill::FillStats>,
	workloads: &[String],
) -> Result<Phase, String> {
	let mut node = match &args.node {
		Some(binary) => {
			let mut extra = vec![
				// The pool must hold more than a block's worth, or it, not the block, is the limit.
				"--pool-limit".to_string(),
				"100000".into(),
				"--pool-kbytes".into(),
				"1000000".into(),
			];
			if args.sealing == "instant" {
				extra.extend(["--sealing".to_string(), "instant".into()]);
			} else if args.sealing != "aura" {
				return Err(format!("unknown sealing {}", args.sealing));
			}
			extra.extend(args.node_args.iter().cloned());
			Some(node::Node::start(binary, &args.base_path, spec, &extra)?)
		},
		None => None,
	};
	let url = match (&node, &args.url) {
		(Some(node), _) => node.url.clone(),
		(None, Some(url)) => url.clone(),
		(None, None) => return Err("give --node or --url".into()),
	};
	let mut settings = Settings {
		url: url.clone(),
		connections: args.connections,
		timeout: Duration::from_secs(args.timeout),
		node_pid: node.as_ref().and_then(|n| n.pid()).or(args.node_pid),
		nudge: None,
	};
	let ready_start = Instant::now();
	match node.as_mut() {
		// A large genesis takes a while to build and write.
		Some(node) => node.wait_ready(Duration::from_secs(3_600))?,
		None => run::wait_for_rpc(&url, Duration::from_secs(120))?,
	}
	let start_seconds = ready_start.elapsed().as_secs_f64();
	// A filled genesis is on disk some time after the node answers: wait for at least a
	// quarter of its key and value bytes (ParityDB's tables hold them uncompressed).
	let filled_mib = fill.as_ref().map_or(0.0, |f| f.bytes as f64 / (4.0 * 1024.0 * 1024.0));
	let db_mib_at_start =
		node.as_ref().map(|n| n.settled_db_mib(filled_mib, Duration::from_secs(600)));
	if args.sealing == "instant" {
		settings.nudge = Some(chain::ChainInfo::fetch(&mut rpc::Rpc::new(&url))?);
	}

	let sizes = Sizes {
		patients: args.patients.max(2),
		clinicians: args.clinicians.max(2),
		staff: args.staff.max(1),
		transfers: args.transfers,
		grants: args.grants,
		accesses: args.accesses,
		records: args.records,
		commissions: args.commissions.max(args.pallets * 10),
		pallets: args.pallets,
		revokes: args.revokes,
		query_secs: args.query_secs,
	};
	let tag = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
	let setup_start = Instant::now();
	let mut world = World::create(&settings, &sizes, tag)?;
	let mut setup_seconds = setup_start.elapsed().as_secs_f64();
	if let Some(stats) = &fill {
		world.verify_sample_extra = fill::pack_queries(stats.sizes.packs, 1_000);
	}

	let weights = healthchain_runtime::configs::RuntimeBlockWeights::get();
	let max_weight = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
	let lengths = healthchain_runtime::configs::RuntimeBlockLength::get();
	let max_length = *lengths.max.get(DispatchClass::Normal);
	let chain_time = args.node.is_none() || args.sealing == "aura";

	let mut rows = Vec::new();
	let mut queries = Vec::new();
	let mut notes = Vec::new();
	for workload in workloads {
		eprintln!("[hc-load] {label}: {workload}");
		let jobs = match workload.as_str() {
			"transfer" => world.transfers(&settings, sizes.transfers)?,
			"grant" => world.grants(&settings, sizes.grants)?,
			"log_access" => world.accesses(&settings, sizes.accesses)?,
			"log_access_denied" => world.denied_accesses(&settings, sizes.accesses)?,
			"revoke" => world.revokes(&settings, sizes.revokes)?,
			"record" => world.records(&settings, sizes.records)?,
			"acknowledge" => world.acknowledgements(&settings, sizes.records)?,
			"attach_key" => world.key_attachments(&settings, sizes.records)?,
			"receive" => world.receipts(&settings)?,
			"recall" => world.recalls(&settings)?,
			"commission" => world.commissions(&settings, sizes.commissions)?,
			"ship" => {
				if world.packs.iter().all(Vec::is_empty) {
					let jobs = world.commissions(&settings, sizes.pallets * 10)?;
					run::setup(&settings, &world.info, "commission for pallets", jobs)?;
				}
				let t = Instant::now();
				let (cases, pallets) = world.build_pallets(&settings, sizes.pallets)?;
				setup_seconds += t.elapsed().as_secs_f64();
				for outcome in [cases, pallets] {
					let name = outcome.name.clone();
					rows.push(Row::new(
						outcome,
						description(&name),
						chain_time,
						max_weight,
						max_length,
					));
				}
				world.ships(&settings)?
			},
			"check_access" | "verify" => {
				let (method, args_list, description) = if workload == "check_access" {
					("ConsentApi_check_access", world.access_queries(), description(workload))
				} else {
					("SupplyChainApi_verify", world.verify_queries(), description(workload))
				};
				if args_list.is_empty() {
					notes.push(format!(
						"`{workload}` skipped: nothing to query (run its workloads first)."
					));
					continue;
				}
				let check: fn(&[u8]) -> bool = if workload == "check_access" {
					|answer| {
						<healthchain_primitives::AccessDecision as codec::Decode>::decode(
							&mut &answer[..],
						)
						.map(|d| d.is_permitted())
						.unwrap_or(false)
					}
				} else {
					|answer| {
						<pallet_supply_chain::VerificationResponse as codec::Decode>::decode(
							&mut &answer[..],
						)
						.map(|r| r.verified)
						.unwrap_or(false)
					}
				};
				let duration = Duration::from_secs(sizes.query_secs);
				let (calls, rate, bad) =
					run::query_rate(&settings, method, &args_list, duration, check);
				queries.push(QueryRow {
					name: workload.clone(),
					description: description.to_string(),
					calls,
					rate,
					bad,
				});
				continue;
			},
			other => return Err(format!("unknown workload {other}")),
		};
		if jobs.is_empty() {
			notes.push(format!("`{workload}` skipped: nothing to act on (run its set-up first)."));
			continue;
		}
		let (xts, sign_rate) = run::sign_all(&world.info, jobs);
		let outcome = run::submit_and_follow(
			&settings,
			workload,
			&xts,
			sign_rate,
			workloads::effect_of(workload),
		)?;
		world.absorb(&outcome.effect_events);
		eprintln!(
			"[hc-load] {workload}: {} of {} included in {} blocks, {:.1}s",
			outcome.included,
			outcome.submitted,
			outcome.blocks.len(),
			outcome.span_secs
		);
		rows.push(Row::new(outcome, description(workload), chain_time, max_weight, max_length));
	}
	let db_mib_at_end = node.as_ref().map(|n| n.db_mib());

	// The import time of each workload's fullest block, re-executed from the stopped node's
	// database.
	if let Some(node) = node.as_mut() {
		node.stop();
		for row in rows.iter_mut() {
			if let Some(number) = row.fullest_block {
				match node.import_time(number, 3) {
					Ok(times) => row.import = Some(times),
					Err(e) => notes.push(format!("import time of block {number}: {e}")),
				}
			}
		}
	}
	Ok(Phase {
		label: label.to_string(),
		fill,
		start_seconds,
		db_mib_at_start,
		db_mib_at_end,
		rows,
		queries,
		setup_seconds,
		notes,
	})
}

/// CPU model, cores and memory of this machine.
fn machine() -> String {
	let cpu = std::fs::read_to_string("/proc/cpuinfo")
		.ok()
		.and_then(|c| {
			c.lines().find_map(|l| {
				l.strip_prefix("model name")
					.map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
			})
		})
		.unwrap_or_else(|| "unknown CPU".into());
	let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
	let memory = std::fs::read_to_string("/proc/meminfo")
		.ok()
		.and_then(|m| {
			m.lines()
				.find_map(|l| l.strip_prefix("MemTotal:"))
				.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
		})
		.map(|kib| format!("{:.0} GiB", kib / 1024.0 / 1024.0))
		.unwrap_or_default();
	format!("{cpu}, {cores} cores, {memory}")
}
