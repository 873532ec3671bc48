//! The node under load: starting and stopping it, its CPU and memory from `/proc`, and the
//! import time of its blocks from `benchmark block`.

use std::{
	fs,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// CPU time and memory of a process at one moment.
pub struct ProcessSample {
	at: Instant,
	/// User plus system CPU time, seconds.
	cpu_secs: f64,
	pub rss_mib: f64,
}

impl ProcessSample {
	/// Reads `/proc/<pid>`; `None` when the process is gone or `/proc` is not there.
	pub fn take(pid: u32) -> Option<Self> {
		let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
		// Fields after the command name, which is in parentheses and may hold spaces.
		let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
		let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok());
		// utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name.
		let cpu_secs = (ticks(11)? + ticks(12)?) / clock_ticks_per_second();
		let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
		let rss_kib = status
			.lines()
			.find_map(|l| l.strip_prefix("VmRSS:"))
			.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())?;
		Some(Self { at: Instant::now(), cpu_secs, rss_mib: rss_kib / 1024.0 })
	}

	/// CPU use between `earlier` and this sample, percent of one core.
	pub fn cpu_percent_since(&self, earlier: &Self) -> f64 {
		let wall = self.at.duration_since(earlier.at).as_secs_f64().max(1e-9);
		(self.cpu_secs - earlier.cpu_secs) / wall * 100.0
	}
}

/// The kernel's clock tick is 100 Hz on every Linux this runs on (`getconf CLK_TCK`).
fn clock_ticks_per_second() -> f64 {
	Command::new("getconf")
		.arg("CLK_TCK")
		.output()
		.ok()
		.and_then(|o| String::from_utf8(o.stdout).ok())
		.and_then(|s| s.trim().parse().ok())
		.unwrap_or(100.0)
}

/// A free TCP port on loopback.
pub fn free_port() -> Result<u16, String> {
	let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
	Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// A dev node this tool started, on loopback, with its own database.
pub struct Node {
	binary: PathBuf,
	child: Option<Child>,
	pub base_path: PathBuf,
	pub url: String,
	pub log: PathBuf,
	/// Chain arguments shared by the node and `benchmark block` (`--dev`).
	chain_args: Vec<String>,
}

impl Node {
	/// Starts `binary --dev` on free loopback ports with the database in `base_path` (emptied
	/// first) and `extra` arguments, logging to `base_path/node.log`.
	pub fn start(
		binary: &Path,
		base_path: &Path,
		spec: Option<&Path>,
		extra: &[String],
	) -> Result<Self, String> {
		let _ = fs::remove_dir_all(base_path);
		fs::create_dir_all(base_path).map_err(|e| format!("{}: {e}", base_path.display()))?;
		let rpc_port = free_port()?;
		let p2p_port = free_port()?;
		let log = base_path.join("node.log");
		let log_file = fs::File::create(&log).map_err(|e| e.to_string())?;
		// `--chain` takes precedence over the chain `--dev` implies; the dev flags stay.
		let mut chain_args = vec!["--dev".to_string()];
		if let Some(spec) = spec {
			chain_args.extend(["--chain".to_string(), spec.display().to_string()]);
		}
		let child = Command::new(binary)
			.args(&chain_args)
			.arg("--base-path")
			.arg(base_path.join("db"))
			.args(["--rpc-port", &rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{p2p_port}")])
			.args(["--no-prometheus", "--no-telemetry", "--no-mdns"])
			.args(extra)
			.stdout(Stdio::null())
			.stderr(log_file)
			.spawn()
			.map_err(|e| format!("{}: {e}", binary.display()))?;
		Ok(Self {
			binary: binary.to_path_buf(),
			child: Some(child),
			base_path: base_path.to_path_buf(),
			url: format!("http://127.0.0.1:{rpc_port}"),
			log,
			chain_args,
		})
	}

	/// Waits until the node answers RPC; fails with the end of its log if it exits first.
	pub fn wait_ready(&mut self, timeout: Duration) -> Result<(), String> {
		let start = Instant::now();
		loop {
			if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
				let log = fs::read_to_string(&self.log).unwrap_or_default();
				let tail: Vec<&str> = log.lines().rev().take(10).collect();
				let tail: Vec<&str> = tail.into_iter().rev().collect();
				return Err(format!("the node exited ({status}):\n{}", tail.join("\n")));
			}
			if crate::run::wait_for_rpc(&self.url, Duration::from_millis(500)).is_ok() {
				return Ok(());
			}
			if start.elapsed() > timeout {
				return Err(format!("the node did not answer RPC within {timeout:?}"));
			}
		}
	}

	/// Disk space the node's database takes, MiB.
	pub fn db_mib(&self) -> f64 {
		disk_bytes(&self.base_path.join("db")) as f64 / (1024.0 * 1024.0)
	}

	/// [`Self::db_mib`] once it has grown past `at_least` MiB and stopped growing (two
	/// readings 5 s apart within 1 MiB), at most `timeout` from now. ParityDB writes a large
	/// genesis in the background after the node answers RPC: read at once, the database looks
	/// empty.
	pub fn settled_db_mib(&self, at_least: f64, timeout: Duration) -> f64 {
		let start = Instant::now();
		let mut last = self.db_mib();
		while start.elapsed() < timeout {
			std::thread::sleep(Duration::from_secs(5));
			let now = self.db_mib();
			if now >= at_least && (now - last).abs() < 1.0 {
				return now;
			}
			last = now;
		}
		last
	}

	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// Stops the node with SIGINT, as Ctrl-C would, and waits for it (SIGKILL after 30 s).
	pub fn stop(&mut self) {
		let Some(mut child) = self.child.take() else { return };
		let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
		let start = Instant::now();
		while start.elapsed() < Duration::from_secs(30) {
			if let Ok(Some(_)) = child.try_wait() {
				return;
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		let _ = child.kill();
		let _ = child.wait();
	}

	/// Re-executes block `number` from the stopped node's database `repeat` times; returns the
	/// mean execution (import) time in ms and the block's consumed weight in ms. The block
	/// before it runs first, so that compiling the runtime is not counted.
	pub fn import_time(&self, number: u32, repeat: u32) -> Result<(f64, f64), String> {
		let output = Command::new(&self.binary)
			.args(["benchmark", "block"])
			.args(&self.chain_args)
			.arg("--base-path")
			.arg(self.base_path.join("db"))
			.args(["--from", &number.saturating_sub(1).max(1).to_string()])
			.args(["--to", &number.to_string()])
			.args(["--repeat", &repeat.to_string()])
			.output()
			.map_err(|e| e.to_string())?;
		let text = String::from_utf8_lossy(&output.stderr).to_string()
			+ &String::from_utf8_lossy(&output.stdout);
		parse_block_benchmark(&text, number)
			.ok_or_else(|| format!("benchmark block {number} gave no result: {}", text.trim()))
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.stop();
	}
}

/// Bytes allocated on disk to the files under `path`.
fn disk_bytes(path: &Path) -> u64 {
	use std::os::unix::fs::MetadataExt;
	let Ok(entries) = fs::read_dir(path) else { return 0 };
	entries
		.flatten()
		.map(|entry| match entry.metadata() {
			Ok(m) if m.is_dir() => disk_bytes(&entry.path()),
			Ok(m) => m.blocks() * 512,
			Err(_) => 0,
		})
		.sum()
}

/// The `(took, consumed)` in ms of block `number` from lines
/// `Block N with X tx used P% of its weight (T of C ns)`.
pub fn parse_block_benchmark(text: &str, number: u32) -> Option<(f64, f64)> {
	let prefix = format!("Block {number} with");
	let line = text.lines().find(|l| l.contains(&prefix) && l.contains("of its weight ("))?;
	let inside = line.split_once("of its weight (")?.1;
	let (took, rest) = inside.split_once(" of ")?;
	let consumed = rest.split_once(" ns")?.0;
	let number = |s: &str| s.trim().replace(',', "").parse::<f64>().ok();
	Some((number(took)? / 1e6, number(consumed)? / 1e6))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_the_block_benchmark_line() {
		let text = "2026-11-21 22:00:00 Block 11 with     2 tx used 900.00% of its weight \
			(   9,000,000 of  1,000,000 ns)\n\
			2026-11-21 22:00:00 Block 12 with  3001 tx used  41.50% of its weight \
			(   622,500,000 of  1,500,000,000 ns)";
		assert_eq!(parse_block_benchmark(text, 12), Some((622.5, 1500.0)));
		assert_eq!(parse_block_benchmark(text, 13), None);
		assert_eq!(parse_block_benchmark("nothing here", 12), None);
	}

	#[test]
	fn samples_this_process() {
		let sample = ProcessSample::take(std::process::id()).expect("/proc is mounted");
		assert!(sample.rss_mib > 0.0);
		let later = ProcessSample::take(std::process::id()).expect("/proc is mounted");
		assert!(later.cpu_percent_since(&sample) >= 0.0);
	}
}
