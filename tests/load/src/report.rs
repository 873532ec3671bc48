//! The figures of a run, per workload, with the transfer yardstick's ratios; printed as a
//! Markdown table and written as JSON and Markdown.

use crate::{fill::FillStats, run::Outcome};
use frame_support::weights::Weight;
use serde_json::{json, Value};

/// A row of the empty-against-filled table: the figure, its value empty and filled.
type SizeRow = (String, Option<f64>, Option<f64>);

/// Figures of one extrinsic workload.
#[derive(Clone, Debug)]
pub struct Row {
	pub outcome: Outcome,
	pub description: String,
	/// Extrinsics per second: over chain time between the first and last including block
	/// (Aura), or over wall time from the first submission to the last inclusion.
	pub rate: f64,
	pub wall_rate: f64,
	pub max_per_block: usize,
	pub mean_per_block: f64,
	pub mean_weight_fullness: f64,
	pub max_weight_fullness: f64,
	pub mean_length_fullness: f64,
	/// How many would fit in a block by weight, from the fullest block's weight per extrinsic.
	pub capacity_by_weight: Option<u64>,
	pub capacity_by_length: Option<u64>,
	pub fullest_block: Option<u32>,
	/// (import time, consumed weight) of the fullest block, ms.
	pub import: Option<(f64, f64)>,
}

/// Figures of one runtime-API query workload.
#[derive(Clone, Debug)]
pub struct QueryRow {
	pub name: String,
	pub description: String,
	pub calls: usize,
	pub rate: f64,
	pub bad: usize,
}

impl Row {
	/// Derives the figures from an outcome. `chain_time` says whether block timestamps are real
	/// time (Aura) or not (instant seal), `max_weight` and `max_length` are the block's normal
	/// class limits.
	pub fn new(
		outcome: Outcome,
		description: &str,
		chain_time: bool,
		max_weight: Weight,
		max_length: u32,
	) -> Self {
		let blocks = &outcome.blocks;
		let wall_rate = outcome.included as f64 / outcome.span_secs.max(1e-9);
		let rate = match (blocks.first(), blocks.last()) {
			(Some(first), Some(last)) if chain_time && blocks.len() >= 2 => {
				let secs = (last.timestamp.saturating_sub(first.timestamp)) as f64 / 1000.0;
				(outcome.included - first.ours) as f64 / secs.max(1e-9)
			},
			_ => wall_rate,
		};
		let fullness = |w: Weight| w.ref_time() as f64 / max_weight.ref_time().max(1) as f64;
		let n = blocks.len().max(1) as f64;
		let fullest = blocks.iter().max_by_key(|b| b.normal_weight.ref_time());
		let capacity_by_weight = fullest.and_then(|b| {
			let per = b.normal_weight.ref_time() / b.ours.max(1) as u64;
			(per > 0).then(|| max_weight.ref_time() / per)
		});
		let capacity_by_length = fullest.and_then(|b| {
			let per = b.length / b.extrinsics.max(1);
			(per > 0).then(|| max_length as u64 / per as u64)
		});
		Self {
			description: description.to_string(),
			rate,
			wall_rate,
			max_per_block: blocks.iter().map(|b| b.ours).max().unwrap_or(0),
			mean_per_block: blocks.iter().map(|b| b.ours).sum::<usize>() as f64 / n,
			mean_weight_fullness: blocks.iter().map(|b| fullness(b.normal_weight)).sum::<f64>() / n,
			max_weight_fullness: blocks
				.iter()
				.map(|b| fullness(b.normal_weight))
				.fold(0.0, f64::max),
			mean_length_fullness: blocks
				.iter()
				.map(|b| b.length as f64 / max_length.max(1) as f64)
				.sum::<f64>()
				/ n,
			capacity_by_weight,
			capacity_by_length,
			fullest_block: fullest.map(|b| b.number),
			import: None,
			outcome,
		}
	}

	fn to_json(&self, yardstick: Option<&Row>) -> Value {
		let o = &self.outcome;
		json!({
			"workload": o.name,
			"description": self.description,
			"extrinsics": o.submitted,
			"refused": o.refused.len(),
			"included": o.included,
			"with_effect": o.effects,
			"failed": o.failures.len(),
			"first_failure": o.failures.first().map(|(i, f)| format!("#{i}: {f}")),
			"first_refusal": o.refused.first(),
			"timed_out": o.timed_out,
			"signed_per_second": round(o.sign_rate),
			"submit_seconds": round(o.submit_secs),
			"first_submission_to_last_inclusion_seconds": round(o.span_secs),
			"per_second": round(self.rate),
			"per_second_wall": round(self.wall_rate),
			"ratio_to_transfers": yardstick.map(|y| round(self.rate / y.rate.max(1e-9))),
			"blocks": o.blocks.len(),
			"per_block_max": self.max_per_block,
			"per_block_mean": round(self.mean_per_block),
			"per_block_max_ratio_to_transfers":
				yardstick.map(|y| round(self.max_per_block as f64 / y.max_per_block.max(1) as f64)),
			"weight_fullness_mean": round(self.mean_weight_fullness),
			"weight_fullness_max": round(self.max_weight_fullness),
			"length_fullness_mean": round(self.mean_length_fullness),
			"block_capacity_by_weight": self.capacity_by_weight,
			"block_capacity_by_length": self.capacity_by_length,
			"fullest_block": self.fullest_block,
			"fullest_block_import_ms": self.import.map(|(t, _)| round(t)),
			"fullest_block_weight_ms": self.import.map(|(_, w)| round(w)),
			"node_cpu_percent": o.node_cpu_percent.map(round),
			"node_rss_mib": o.node_rss_mib.map(round),
			"block_list": o.blocks.iter().map(|b| json!({
				"number": b.number, "ours": b.ours, "extrinsics": b.extrinsics,
				"length": b.length, "normal_weight_ref_time": b.normal_weight.ref_time(),
				"timestamp": b.timestamp,
			})).collect::<Vec<_>>(),
		})
	}
}

fn round(x: f64) -> f64 {
	(x * 100.0).round() / 100.0
}

fn opt<T: std::fmt::Display>(value: Option<T>) -> String {
	value.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
}

/// The figures of one node and state: the empty dev genesis or a filled one.
pub struct Phase {
	pub label: String,
	pub fill: Option<FillStats>,
	/// Seconds from starting the node to its first RPC answer (genesis built and written).
	pub start_seconds: f64,
	pub db_mib_at_start: Option<f64>,
	pub db_mib_at_end: Option<f64>,
	pub rows: Vec<Row>,
	pub queries: Vec<QueryRow>,
	pub setup_seconds: f64,
	pub notes: Vec<String>,
}

impl Phase {
	fn yardstick(&self) -> Option<&Row> {
		self.rows.iter().find(|r| r.outcome.name == "transfer")
	}

	fn row(&self, name: &str) -> Option<&Row> {
		self.rows.iter().find(|r| r.outcome.name == name)
	}

	fn query(&self, name: &str) -> Option<&QueryRow> {
		self.queries.iter().find(|q| q.name == name)
	}

	fn to_json(&self) -> Value {
		let yardstick = self.yardstick();
		json!({
			"phase": self.label,
			"fill": self.fill.as_ref().map(|f| json!({
				"grants": f.sizes.grants, "records": f.sizes.records, "packs": f.sizes.packs,
				"entries": f.entries, "bytes": f.bytes, "seconds": round(f.seconds),
				"by_pallet": f.by_pallet.iter().map(|(p, n, b)| json!({
					"pallet": p, "entries": n, "bytes": b,
				})).collect::<Vec<_>>(),
			})),
			"node_start_seconds": round(self.start_seconds),
			"db_mib_at_start": self.db_mib_at_start.map(round),
			"db_mib_at_end": self.db_mib_at_end.map(round),
			"setup_seconds": round(self.setup_seconds),
			"workloads": self.rows.iter().map(|r| r.to_json(yardstick)).collect::<Vec<_>>(),
			"queries": self.queries.iter().map(|q| json!({
				"query": q.name, "description": q.description, "calls": q.calls,
				"per_second": round(q.rate), "wrong_answers": q.bad,
			})).collect::<Vec<_>>(),
			"notes": self.notes,
		})
	}

	fn to_markdown(&self) -> String {
		let yardstick = self.yardstick();
		let mut md = format!(
			"#### {}

",
			self.label
		);
		md.push_str(&format!(
			"Node answered {:.0} s after start; database {} at start, {} at the end; set-up {:.0} s.\n\n",
			self.start_seconds,
			opt(self.db_mib_at_start.map(|m| format!("{m:.0} MiB"))),
			opt(self.db_mib_at_end.map(|m| format!("{m:.0} MiB"))),
			self.setup_seconds,
		));
		if !self.rows.is_empty() {
			md.push_str(
				"| workload | extrinsics | included (effect) | blocks | per block max | per s | \
				 × transfers | weight full (mean/max) | length full | fits by weight | import \
				 of fullest block (its weight) | node CPU | node RSS |\n",
			);
			md.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		}
		for row in &self.rows {
			let o = &row.outcome;
			let ratio = yardstick.map(|y| format!("{:.2}", row.rate / y.rate.max(1e-9)));
			let import = row.import.map(|(t, w)| format!("{t:.0} ms ({w:.0} ms)"));
			md.push_str(&format!(
				"| {} | {} | {} ({}){} | {} | {} | {:.0} | {} | {:.0}% / {:.0}% | {:.1}% | {} | {} | {} | {} |\n",
				o.name,
				o.submitted,
				o.included,
				o.effects,
				if o.failures.is_empty() && o.refused.is_empty() && !o.timed_out {
					String::new()
				} else {
					format!(
						", {} failed, {} refused{}",
						o.failures.len(),
						o.refused.len(),
						if o.timed_out { ", timed out" } else { "" }
					)
				},
				o.blocks.len(),
				row.max_per_block,
				row.rate,
				opt(ratio),
				row.mean_weight_fullness * 100.0,
				row.max_weight_fullness * 100.0,
				row.mean_length_fullness * 100.0,
				opt(row.capacity_by_weight),
				opt(import),
				opt(o.node_cpu_percent.map(|c| format!("{c:.0}%"))),
				opt(o.node_rss_mib.map(|m| format!("{m:.0} MiB"))),
			));
		}
		if !self.queries.is_empty() {
			md.push_str("\n| query | calls | per s | wrong answers |\n|---|---:|---:|---:|\n");
		}
		for q in &self.queries {
			md.push_str(&format!("| {} | {} | {:.0} | {} |\n", q.name, q.calls, q.rate, q.bad));
		}
		if !self.notes.is_empty() {
			md.push('\n');
			for note in &self.notes {
				md.push_str(&format!("- {note}\n"));
			}
		}
		md.push('\n');
		md
	}
}

/// The whole run.
pub struct Report {
	pub mode: String,
	pub machine: String,
	pub phases: Vec<Phase>,
	pub total_seconds: f64,
	pub notes: Vec<String>,
}

impl Report {
	pub fn to_json(&self) -> Value {
		json!({
			"mode": self.mode,
			"machine": self.machine,
			"total_seconds": round(self.total_seconds),
			"phases": self.phases.iter().map(Phase::to_json).collect::<Vec<_>>(),
			"notes": self.notes,
			"state_size": self.state_size().map(|rows| rows.into_iter().map(|(what, empty, filled)| json!({
				"figure": what, "empty": empty.map(round), "filled": filled.map(round),
				"change_percent": change(empty, filled).map(round),
			})).collect::<Vec<_>>()),
			"disk": self.disk().map(|rows| rows.into_iter().map(|(what, value)| json!({
				"figure": what, "value": round(value),
			})).collect::<Vec<_>>()),
		})
	}

	/// The empty and the filled phase, when the run had both.
	fn pair(&self) -> Option<(&Phase, &Phase)> {
		let empty = self.phases.iter().find(|p| p.fill.is_none())?;
		let filled = self.phases.iter().find(|p| p.fill.is_some())?;
		Some((empty, filled))
	}

	/// Rates and import times of the empty and the filled state, side by side.
	fn state_size(&self) -> Option<Vec<SizeRow>> {
		let (empty, filled) = self.pair()?;
		let mut rows = Vec::new();
		for row in &filled.rows {
			let name = &row.outcome.name;
			let before = empty.row(name);
			rows.push((format!("{name} per s"), before.map(|r| r.rate), Some(row.rate)));
			rows.push((
				format!("{name} per block max"),
				before.map(|r| r.max_per_block as f64),
				Some(row.max_per_block as f64),
			));
			rows.push((
				format!("{name}: import of the fullest block, ms"),
				before.and_then(|r| r.import.map(|(t, _)| t)),
				row.import.map(|(t, _)| t),
			));
		}
		for q in &filled.queries {
			rows.push((
				format!("{} per s", q.name),
				empty.query(&q.name).map(|e| e.rate),
				Some(q.rate),
			));
		}
		Some(rows)
	}

	/// Disk space per filled item: the filled database at start less the empty one, shared
	/// out by each pallet's part of the filled bytes.
	fn disk(&self) -> Option<Vec<(String, f64)>> {
		let (empty, filled) = self.pair()?;
		let fill = filled.fill.as_ref()?;
		let grown = (filled.db_mib_at_start? - empty.db_mib_at_start?) * 1024.0 * 1024.0;
		let mut rows = vec![
			("filled entries".to_string(), fill.entries as f64),
			("filled key and value bytes".to_string(), fill.bytes as f64),
			("database growth, bytes".to_string(), grown),
			("disk bytes per stored byte".to_string(), grown / (fill.bytes.max(1) as f64)),
		];
		let factor = grown / (fill.bytes.max(1) as f64);
		let per = |pallets: &[&str], count: usize| -> Option<f64> {
			let bytes: usize = fill
				.by_pallet
				.iter()
				.filter(|(p, _, _)| pallets.contains(p))
				.map(|(_, _, b)| b)
				.sum();
			(count > 0).then(|| bytes as f64 / count as f64)
		};
		for (what, pallets, count) in [
			("grant", &["Consent"][..], fill.sizes.grants),
			("record", &["Records"][..], fill.sizes.records),
			("pack", &["SupplyChain"][..], fill.sizes.packs),
		] {
			if let Some(bytes) = per(pallets, count) {
				rows.push((format!("stored bytes per {what}"), bytes));
				rows.push((format!("disk bytes per {what}"), bytes * factor));
			}
		}
		Some(rows)
	}

	pub fn to_markdown(&self) -> String {
		let mut md = format!(
			"### Load report: {}\n\n{}; whole run {:.0} s.\n\n",
			self.mode, self.machine, self.total_seconds
		);
		for phase in &self.phases {
			md.push_str(&phase.to_markdown());
		}
		for note in &self.notes {
			md.push_str(&format!("- {note}\n"));
		}
		if !self.notes.is_empty() {
			md.push('\n');
		}
		if let Some(rows) = self.state_size() {
			md.push_str("#### Empty and filled state\n\n| figure | empty | filled | change |\n|---|---:|---:|---:|\n");
			for (what, empty, filled) in rows {
				md.push_str(&format!(
					"| {what} | {} | {} | {} |\n",
					opt(empty.map(|v| format!("{v:.0}"))),
					opt(filled.map(|v| format!("{v:.0}"))),
					opt(change(empty, filled).map(|c| format!("{c:+.1}%"))),
				));
			}
			md.push('\n');
		}
		if let Some(rows) = self.disk() {
			md.push_str("| state on disk | value |\n|---|---:|\n");
			for (what, value) in rows {
				// Counts and byte totals as whole numbers, ratios and averages to a tenth.
				if value.abs() >= 10_000.0 {
					md.push_str(&format!("| {what} | {value:.0} |\n"));
				} else {
					md.push_str(&format!("| {what} | {value:.1} |\n"));
				}
			}
			md.push('\n');
		}
		md.push_str("Workloads:\n\n");
		let mut seen = std::collections::BTreeSet::new();
		for phase in &self.phases {
			for row in &phase.rows {
				if seen.insert(row.outcome.name.clone()) {
					md.push_str(&format!(
						"- `{}`: {} Signed at {:.0}/s by the loader.\n",
						row.outcome.name, row.description, row.outcome.sign_rate
					));
				}
			}
			for q in &phase.queries {
				if seen.insert(q.name.clone()) {
					md.push_str(&format!("- `{}`: {}\n", q.name, q.description));
				}
			}
		}
		md
	}
}

/// The change from `before` to `after`, percent.
fn change(before: Option<f64>, after: Option<f64>) -> Option<f64> {
	match (before, after) {
		(Some(b), Some(a)) if b > 0.0 => Some((a - b) / b * 100.0),
		_ => None,
	}
}
