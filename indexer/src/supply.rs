//! The supply chain's history, derived while indexing: every supply-chain event becomes an
//! EPCIS 2.0 event (kept with the identifiers it names, for queries), and the packs, containers,
//! lots and shipments it changes are kept up to date, for the recall report.
//!
//! All of it is written in the same database transaction as the block it came from.

use crate::{
	epcis::{self, container_uri, lot_uri, org_uri, pack_uri, Origin, What},
	store::StoreError,
};
use codec::Decode;
use healthchain_runtime::RuntimeEvent;
use pallet_supply_chain::{
	ContainerKind, DecommissionReason, DestructionReason, Event as SupplyEvent, Gtin, Serial, Unit,
};
use serde_json::{json, Value};
use sqlx::{AnyConnection, Row};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The derived tables.
pub const SCHEMA: &[&str] = &[
	"CREATE TABLE IF NOT EXISTS epcis_events (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
	 time_ms BIGINT NOT NULL, event_type TEXT NOT NULL, biz_step TEXT, event_id TEXT NOT NULL, \
	 body TEXT NOT NULL, PRIMARY KEY (block, idx))",
	"CREATE INDEX IF NOT EXISTS epcis_by_time ON epcis_events (time_ms)",
	"CREATE TABLE IF NOT EXISTS epcis_epcs (epc TEXT NOT NULL, block BIGINT NOT NULL, \
	 idx BIGINT NOT NULL, PRIMARY KEY (epc, block, idx))",
	"CREATE TABLE IF NOT EXISTS lots (gtin TEXT NOT NULL, lot TEXT NOT NULL, expiry TEXT NOT NULL, \
	 manufacturer BIGINT NOT NULL, recalled_block BIGINT, PRIMARY KEY (gtin, lot))",
	"CREATE TABLE IF NOT EXISTS packs (gtin TEXT NOT NULL, serial TEXT NOT NULL, lot TEXT NOT NULL, \
	 status TEXT NOT NULL, status_by BIGINT, container TEXT, holder BIGINT NOT NULL, \
	 owner BIGINT NOT NULL, shipment BIGINT, PRIMARY KEY (gtin, serial))",
	// Lot first: an index led by the GTIN would tempt SQLite away from the primary key when a
	// statement names many serials of one GTIN.
	"CREATE INDEX IF NOT EXISTS packs_by_lot ON packs (lot, gtin)",
	"CREATE TABLE IF NOT EXISTS containers (sscc TEXT PRIMARY KEY, kind TEXT NOT NULL, \
	 parent TEXT, holder BIGINT NOT NULL, owner BIGINT NOT NULL, shipment BIGINT)",
	"CREATE TABLE IF NOT EXISTS container_lots (sscc TEXT NOT NULL, gtin TEXT NOT NULL, \
	 lot TEXT NOT NULL, PRIMARY KEY (sscc, gtin, lot))",
	"CREATE TABLE IF NOT EXISTS shipments (id BIGINT PRIMARY KEY, from_org BIGINT NOT NULL, \
	 to_org BIGINT NOT NULL, units TEXT NOT NULL, open BIGINT NOT NULL)",
];

fn text(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

/// A unit as stored: `("pack", gtin, serial)` or `("container", sscc, "")`, as JSON for a
/// shipment's list.
fn unit_json(unit: &Unit) -> Value {
	match unit {
		Unit::Pack(gtin, serial) => json!(["pack", text(gtin), text(serial)]),
		Unit::Container(sscc) => json!(["container", text(sscc)]),
	}
}

fn unit_uri(unit: &Unit) -> String {
	match unit {
		Unit::Pack(gtin, serial) => pack_uri(gtin, serial),
		Unit::Container(sscc) => container_uri(sscc),
	}
}

/// Units read back from a shipment's JSON list.
fn units_of(list: &str) -> Vec<Unit> {
	let parsed: Vec<Vec<String>> = serde_json::from_str(list).unwrap_or_default();
	parsed
		.into_iter()
		.filter_map(|u| match u.as_slice() {
			[kind, gtin, serial] if kind == "pack" => Some(Unit::Pack(
				gtin.as_bytes().try_into().ok()?,
				serial.as_bytes().to_vec().try_into().ok()?,
			)),
			[kind, sscc] if kind == "container" => {
				Some(Unit::Container(sscc.as_bytes().try_into().ok()?))
			},
			_ => None,
		})
		.collect()
}

/// Sets a top-level unit's holder, owner and shipment (`None` leaves a column as it is).
async fn place(
	conn: &mut AnyConnection,
	unit: &Unit,
	holder: Option<u32>,
	owner: Option<u32>,
	shipment: Option<Option<u64>>,
) -> Result<(), StoreError> {
	let (table, key_sql, keys): (&str, &str, Vec<String>) = match unit {
		Unit::Pack(gtin, serial) => {
			("packs", "gtin = $4 AND serial = $5", vec![text(gtin), text(serial)])
		},
		Unit::Container(sscc) => ("containers", "sscc = $4", vec![text(sscc)]),
	};
	let sql = format!(
		"UPDATE {table} SET holder = COALESCE($1, holder), owner = COALESCE($2, owner), \
		 shipment = CASE WHEN $3 = -1 THEN shipment WHEN $3 = -2 THEN NULL ELSE $3 END \
		 WHERE {key_sql}"
	);
	let shipment = match shipment {
		None => -1,
		Some(None) => -2,
		Some(Some(id)) => id as i64,
	};
	let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
		.bind(holder.map(i64::from))
		.bind(owner.map(i64::from))
		.bind(shipment);
	for key in keys {
		query = query.bind(key);
	}
	query.execute(conn).await?;
	Ok(())
}

/// A unit's holder and owner, following containers up to the top-level one.
async fn whereabouts(
	conn: &mut AnyConnection,
	unit: &Unit,
) -> Result<Option<(i64, i64)>, StoreError> {
	let mut row = match unit {
		Unit::Pack(gtin, serial) => {
			sqlx::query(
				"SELECT container, holder, owner FROM packs WHERE gtin = $1 AND serial = $2",
			)
			.bind(text(gtin))
			.bind(text(serial))
			.fetch_optional(&mut *conn)
			.await?
		},
		Unit::Container(sscc) => {
			sqlx::query("SELECT parent, holder, owner FROM containers WHERE sscc = $1")
				.bind(text(sscc))
				.fetch_optional(&mut *conn)
				.await?
		},
	};
	// Containers nest a few levels at most (pallet, case); the bound guards against a cycle.
	for _ in 0..16 {
		let Some(r) = row else { return Ok(None) };
		match r.try_get::<Option<String>, _>(0)? {
			None => return Ok(Some((r.try_get(1)?, r.try_get(2)?))),
			Some(parent) => {
				row = sqlx::query("SELECT parent, holder, owner FROM containers WHERE sscc = $1")
					.bind(parent)
					.fetch_optional(&mut *conn)
					.await?;
			},
		}
	}
	Ok(None)
}

/// `$first, $first+1, ...`: `count` numbered placeholders.
fn placeholders(first: usize, count: usize) -> String {
	(first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

/// Rows of `columns` placeholders each, numbered from `$1`.
fn rows(count: usize, columns: usize) -> String {
	(0..count)
		.map(|r| format!("({})", placeholders(r * columns + 1, columns)))
		.collect::<Vec<_>>()
		.join(", ")
}

/// At most this many values in one statement's `IN (...)` or multi-row `VALUES`.
const CHUNK: usize = 500;

/// Packs by GTIN, and containers, of `units`.
fn split_units(units: &[Unit]) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
	let mut packs: BTreeMap<String, Vec<String>> = BTreeMap::new();
	let mut containers = Vec::new();
	for unit in units {
		match unit {
			Unit::Pack(gtin, serial) => packs.entry(text(gtin)).or_default().push(text(serial)),
			Unit::Container(sscc) => containers.push(text(sscc)),
		}
	}
	(packs, containers)
}

/// The distinct `(gtin, lot)`s `units` hold: packs' own, and those recorded for containers.
async fn lots_of(
	conn: &mut AnyConnection,
	units: &[Unit],
) -> Result<BTreeSet<(String, String)>, StoreError> {
	let (packs, containers) = split_units(units);
	let mut lots = BTreeSet::new();
	for (gtin, serials) in packs {
		for chunk in serials.chunks(CHUNK) {
			let sql = format!(
				"SELECT DISTINCT lot FROM packs WHERE gtin = $1 AND serial IN ({})",
				placeholders(2, chunk.len())
			);
			let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(gtin.clone());
			for serial in chunk {
				query = query.bind(serial.clone());
			}
			for row in query.fetch_all(&mut *conn).await? {
				lots.insert((gtin.clone(), row.try_get(0)?));
			}
		}
	}
	for chunk in containers.chunks(CHUNK) {
		let sql = format!(
			"SELECT DISTINCT gtin, lot FROM container_lots WHERE sscc IN ({})",
			placeholders(1, chunk.len())
		);
		let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
		for sscc in chunk {
			query = query.bind(sscc.clone());
		}
		for row in query.fetch_all(&mut *conn).await? {
			lots.insert((row.try_get(0)?, row.try_get(1)?));
		}
	}
	Ok(lots)
}

/// Runs `set` (an `UPDATE ... SET ...` whose values are `$1..=$n`, `values`) on the packs and
/// containers of `units`.
async fn update_units(
	conn: &mut AnyConnection,
	units: &[Unit],
	pack_set: &str,
	container_set: &str,
	values: &[Option<Bound>],
) -> Result<(), StoreError> {
	let (packs, containers) = split_units(units);
	let n = values.len();
	let bind_values =
		|mut query: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
			for value in values {
				query = match value {
					Some(Bound::Int(v)) => query.bind(*v),
					Some(Bound::Text(v)) => query.bind(v.clone()),
					None => query.bind(Option::<i64>::None),
				};
			}
			query
		};
	for (gtin, serials) in packs {
		for chunk in serials.chunks(CHUNK) {
			let sql = format!(
				"UPDATE packs SET {pack_set} WHERE gtin = ${} AND serial IN ({})",
				n + 1,
				placeholders(n + 2, chunk.len())
			);
			let mut query = bind_values(sqlx::query(sqlx::AssertSqlSafe(sql))).bind(gtin.clone());
			for serial in chunk {
				query = query.bind(serial.clone());
			}
			query.execute(&mut *conn).await?;
		}
	}
	for chunk in containers.chunks(CHUNK) {
		let sql = format!(
			"UPDATE containers SET {container_set} WHERE sscc IN ({})",
			placeholders(n + 1, chunk.len())
		);
		let mut query = bind_values(sqlx::query(sqlx::AssertSqlSafe(sql)));
		for sscc in chunk {
			query = query.bind(sscc.clone());
		}
		query.execute(&mut *conn).await?;
	}
	Ok(())
}

/// A value bound to a statement.
enum Bound {
	Int(i64),
	Text(String),
}

async fn set_status(
	conn: &mut AnyConnection,
	gtin: &[u8],
	serial: &[u8],
	status: &str,
	by: Option<u32>,
) -> Result<(), StoreError> {
	sqlx::query("UPDATE packs SET status = $1, status_by = $2 WHERE gtin = $3 AND serial = $4")
		.bind(status)
		.bind(by.map(i64::from))
		.bind(text(gtin))
		.bind(text(serial))
		.execute(conn)
		.await?;
	Ok(())
}

/// The ObjectEvent of one pack, at the organization `by`, with the pack (for its lot).
fn one_pack(
	action: &'static str,
	biz_step: Option<&'static str>,
	disposition: &'static str,
	by: u32,
	gtin: Gtin,
	serial: Serial,
) -> (What, Vec<Unit>) {
	let mut what = What::new("ObjectEvent", action);
	what.biz_step = biz_step;
	what.disposition = Some(disposition);
	what.at = Some(by);
	what.epcs = vec![pack_uri(&gtin, &serial)];
	(what, vec![Unit::Pack(gtin, serial)])
}

/// The CBV disposition a decommissioned pack has.
fn decommission_disposition(reason: &DecommissionReason) -> &'static str {
	match reason {
		DecommissionReason::Destroyed => "destroyed",
		DecommissionReason::Stolen => "stolen",
		DecommissionReason::Sample | DecommissionReason::Exported | DecommissionReason::Locked => {
			"inactive"
		},
	}
}

fn reason_name(reason: &DecommissionReason) -> &'static str {
	match reason {
		DecommissionReason::Destroyed => "destroyed",
		DecommissionReason::Stolen => "stolen",
		DecommissionReason::Sample => "sample",
		DecommissionReason::Exported => "exported",
		DecommissionReason::Locked => "locked",
	}
}

fn destruction_name(reason: &DestructionReason) -> &'static str {
	match reason {
		DestructionReason::Counterfeit => "counterfeit",
		DestructionReason::Diverted => "diverted",
		DestructionReason::Stolen => "stolen",
		DestructionReason::Adulterated => "adulterated",
		DestructionReason::FraudulentTransaction => "fraudulent transaction",
		DestructionReason::UnfitForDistribution => "unfit for distribution",
		DestructionReason::SuspicionNotCleared => "suspicion not cleared",
	}
}

/// Derives what one event of our pallets changes. `data` is the event's SCALE encoding, pallet
/// index first. Events of other pallets, and events this build cannot decode (a runtime older
/// than it), change nothing here: returns whether the event was a decoded supply-chain one.
pub async fn apply(
	conn: &mut AnyConnection,
	origin: &Origin,
	data: &[u8],
) -> Result<bool, StoreError> {
	let Ok(RuntimeEvent::SupplyChain(event)) = RuntimeEvent::decode(&mut &data[..]) else {
		return Ok(false);
	};
	let what = match event {
		SupplyEvent::LotCreated { gtin, lot, expiry, manufacturer, .. } => {
			sqlx::query(
				"INSERT INTO lots (gtin, lot, expiry, manufacturer) VALUES ($1, $2, $3, $4) \
				 ON CONFLICT DO NOTHING",
			)
			.bind(text(&gtin))
			.bind(text(&lot))
			.bind(text(&expiry))
			.bind(i64::from(manufacturer))
			.execute(&mut *conn)
			.await?;
			None
		},
		SupplyEvent::Commissioned { gtin, lot, serials, manufacturer, .. } => {
			for chunk in serials.chunks(CHUNK / 4) {
				// Each row: gtin, serial, lot, manufacturer (holder and owner).
				let values = (0..chunk.len())
					.map(|r| {
						let b = r * 4;
						format!(
							"(${}, ${}, ${}, 'active', ${}, ${})",
							b + 1,
							b + 2,
							b + 3,
							b + 4,
							b + 4
						)
					})
					.collect::<Vec<_>>()
					.join(", ");
				let sql = format!(
					"INSERT INTO packs (gtin, serial, lot, status, holder, owner) VALUES {values} \
					 ON CONFLICT DO NOTHING"
				);
				let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
				for serial in chunk {
					query = query
						.bind(text(&gtin))
						.bind(text(serial))
						.bind(text(&lot))
						.bind(i64::from(manufacturer));
				}
				query.execute(&mut *conn).await?;
			}
			let expiry: Option<String> =
				sqlx::query("SELECT expiry FROM lots WHERE gtin = $1 AND lot = $2")
					.bind(text(&gtin))
					.bind(text(&lot))
					.fetch_optional(&mut *conn)
					.await?
					.map(|r| r.try_get(0))
					.transpose()?;
			let mut ilmd = serde_json::Map::new();
			ilmd.insert("cbvmda:lotNumber".into(), json!(text(&lot)));
			if let Some(date) = expiry.as_deref().and_then(|e| epcis::expiry_date(e.as_bytes())) {
				ilmd.insert("cbvmda:itemExpirationDate".into(), json!(date));
			}
			let mut what = What::new("ObjectEvent", "ADD");
			what.biz_step = Some("commissioning");
			what.disposition = Some("active");
			what.at = Some(manufacturer);
			what.epcs = serials.iter().map(|s| pack_uri(&gtin, s)).collect();
			what.ilmd = Some(Value::Object(ilmd));
			Some((what, vec![Unit::Pack(gtin, serials.first().cloned().unwrap_or_default())]))
		},
		SupplyEvent::Packed { sscc, kind, created, units, by, .. } => {
			if created {
				sqlx::query(
					"INSERT INTO containers (sscc, kind, holder, owner) VALUES ($1, $2, $3, $3) \
					 ON CONFLICT DO NOTHING",
				)
				.bind(text(&sscc))
				.bind(match kind {
					ContainerKind::Case => "case",
					ContainerKind::Pallet => "pallet",
				})
				.bind(i64::from(by))
				.execute(&mut *conn)
				.await?;
			}
			for (gtin, lot) in lots_of(conn, &units).await? {
				sqlx::query(
					"INSERT INTO container_lots (sscc, gtin, lot) VALUES ($1, $2, $3) \
					 ON CONFLICT DO NOTHING",
				)
				.bind(text(&sscc))
				.bind(gtin)
				.bind(lot)
				.execute(&mut *conn)
				.await?;
			}
			let into = Some(Bound::Text(text(&sscc)));
			update_units(conn, &units, "container = $1", "parent = $1", &[into]).await?;
			let mut what = What::new("AggregationEvent", "ADD");
			what.biz_step = Some("packing");
			what.disposition = Some("in_progress");
			what.at = Some(by);
			what.parent = Some(container_uri(&sscc));
			what.epcs = units.iter().map(unit_uri).collect();
			Some((what, units.into_inner()))
		},
		SupplyEvent::Unpacked { sscc, units, by, .. } => {
			let (holder, owner) = whereabouts(conn, &Unit::Container(sscc))
				.await?
				.unwrap_or((i64::from(by), i64::from(by)));
			update_units(
				conn,
				&units,
				"container = NULL, holder = $1, owner = $2",
				"parent = NULL, holder = $1, owner = $2",
				&[Some(Bound::Int(holder)), Some(Bound::Int(owner))],
			)
			.await?;
			let mut what = What::new("AggregationEvent", "DELETE");
			what.biz_step = Some("unpacking");
			what.disposition = Some("in_progress");
			what.at = Some(by);
			what.parent = Some(container_uri(&sscc));
			what.epcs = units.iter().map(unit_uri).collect();
			Some((what, units.into_inner()))
		},
		SupplyEvent::Shipped { shipment, from, to, units, .. } => {
			let list = Value::Array(units.iter().map(unit_json).collect()).to_string();
			sqlx::query(
				"INSERT INTO shipments (id, from_org, to_org, units, open) VALUES ($1, $2, $3, $4, 1) \
				 ON CONFLICT DO NOTHING",
			)
			.bind(shipment as i64)
			.bind(i64::from(from))
			.bind(i64::from(to))
			.bind(list)
			.execute(&mut *conn)
			.await?;
			for unit in &units {
				place(conn, unit, None, None, Some(Some(shipment))).await?;
			}
			let mut what = What::new("ObjectEvent", "OBSERVE");
			what.biz_step = Some("shipping");
			what.disposition = Some("in_transit");
			what.at = Some(from);
			what.epcs = units.iter().map(unit_uri).collect();
			what.sources = vec![("owning_party", from), ("possessing_party", from)];
			what.destinations = vec![("owning_party", to), ("possessing_party", to)];
			Some((what, units.into_inner()))
		},
		SupplyEvent::Received { shipment, from, to, ownership_transferred, .. } => {
			let units = close_shipment(conn, shipment).await?;
			let owner = ownership_transferred.then_some(to);
			for unit in &units {
				place(conn, unit, Some(to), owner, Some(None)).await?;
			}
			let mut what = What::new("ObjectEvent", "OBSERVE");
			what.biz_step = Some("receiving");
			what.disposition = Some("in_progress");
			what.at = Some(to);
			what.epcs = units.iter().map(unit_uri).collect();
			what.sources = vec![("possessing_party", from)];
			what.destinations = vec![("possessing_party", to)];
			if ownership_transferred {
				what.sources.insert(0, ("owning_party", from));
				what.destinations.insert(0, ("owning_party", to));
			}
			Some((what, units))
		},
		SupplyEvent::Rejected { shipment, .. }
		| SupplyEvent::ShipmentCancelled { shipment, .. } => {
			for unit in close_shipment(conn, shipment).await? {
				place(conn, &unit, None, None, Some(None)).await?;
			}
			None
		},
		SupplyEvent::OwnershipTransferred { to, units, .. } => {
			for unit in &units {
				place(conn, unit, None, Some(to), None).await?;
			}
			None
		},
		SupplyEvent::Dispensed { gtin, serial, by, .. } => {
			set_status(conn, &gtin, &serial, "dispensed", Some(by)).await?;
			Some(one_pack("DELETE", Some("dispensing"), "dispensed", by, gtin, serial))
		},
		SupplyEvent::Decommissioned { gtin, serial, reason, by, .. } => {
			let status = format!("decommissioned ({})", reason_name(&reason));
			set_status(conn, &gtin, &serial, &status, Some(by)).await?;
			Some(one_pack(
				"DELETE",
				Some("decommissioning"),
				decommission_disposition(&reason),
				by,
				gtin,
				serial,
			))
		},
		SupplyEvent::DecommissionUndone { gtin, serial, by, .. } => {
			set_status(conn, &gtin, &serial, "active", None).await?;
			Some(one_pack("OBSERVE", None, "active", by, gtin, serial))
		},
		SupplyEvent::LotRecalled { gtin, lot, by, .. } => {
			sqlx::query(
				"UPDATE lots SET recalled_block = $1 WHERE gtin = $2 AND lot = $3 \
				 AND recalled_block IS NULL",
			)
			.bind(i64::from(origin.block))
			.bind(text(&gtin))
			.bind(text(&lot))
			.execute(&mut *conn)
			.await?;
			let mut what = What::new("ObjectEvent", "OBSERVE");
			what.biz_step = Some("holding");
			what.disposition = Some("recalled");
			what.at = Some(by);
			what.classes = vec![lot_uri(&gtin, &lot)];
			Some((what, Vec::new()))
		},
		SupplyEvent::MarkedSuspect { gtin, serial, by, .. } => {
			set_status(conn, &gtin, &serial, "suspect", Some(by)).await?;
			Some(one_pack("OBSERVE", Some("holding"), "non_sellable_other", by, gtin, serial))
		},
		SupplyEvent::SuspectCleared { gtin, serial, by, .. } => {
			set_status(conn, &gtin, &serial, "active", None).await?;
			Some(one_pack("OBSERVE", Some("inspecting"), "active", by, gtin, serial))
		},
		SupplyEvent::DeclaredIllegitimate { gtin, serial, by, .. } => {
			set_status(conn, &gtin, &serial, "illegitimate", Some(by)).await?;
			Some(one_pack("OBSERVE", Some("inspecting"), "non_sellable_other", by, gtin, serial))
		},
		SupplyEvent::QuarantinedPackDestroyed { gtin, serial, reason, by, .. } => {
			let status = format!("destroyed ({})", destruction_name(&reason));
			set_status(conn, &gtin, &serial, &status, Some(by)).await?;
			Some(one_pack("DELETE", Some("destroying"), "destroyed", by, gtin, serial))
		},
		_ => None,
	};
	if let Some((what, units)) = what {
		// Indexed under each identifier it names and under the lots of the packs it concerns
		// (directly or inside containers), for queries by EPC and by lot.
		let mut epcs: Vec<String> = what
			.epcs
			.iter()
			.chain(what.parent.iter())
			.chain(what.classes.iter())
			.cloned()
			.collect();
		for (gtin, lot) in lots_of(conn, &units).await? {
			epcs.push(lot_uri(gtin.as_bytes(), lot.as_bytes()));
		}
		let event_type = what.event_type;
		let biz_step = what.biz_step;
		let event = epcis::event(what, origin)
			.map_err(|e| StoreError::Mismatch(format!("EPCIS event hash: {e}")))?;
		let id = event["eventID"].as_str().unwrap_or_default().to_string();
		sqlx::query(
			"INSERT INTO epcis_events (block, idx, time_ms, event_type, biz_step, event_id, body) \
			 VALUES ($1, $2, $3, $4, $5, $6, $7)",
		)
		.bind(i64::from(origin.block))
		.bind(i64::from(origin.index))
		.bind(origin.time_ms as i64)
		.bind(event_type)
		.bind(biz_step)
		.bind(id)
		.bind(epcis::to_text(&event))
		.execute(&mut *conn)
		.await?;
		let mut seen = std::collections::HashSet::new();
		epcs.retain(|e| seen.insert(e.clone()));
		for chunk in epcs.chunks(CHUNK / 3) {
			let sql =
				format!("INSERT INTO epcis_epcs (epc, block, idx) VALUES {}", rows(chunk.len(), 3));
			let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
			for epc in chunk {
				query = query
					.bind(epc.clone())
					.bind(i64::from(origin.block))
					.bind(i64::from(origin.index));
			}
			query.execute(&mut *conn).await?;
		}
	}
	Ok(true)
}

/// Marks a shipment closed and returns its units.
async fn close_shipment(conn: &mut AnyConnection, shipment: u64) -> Result<Vec<Unit>, StoreError> {
	let units: Option<String> = sqlx::query("SELECT units FROM shipments WHERE id = $1")
		.bind(shipment as i64)
		.fetch_optional(&mut *conn)
		.await?
		.map(|r| r.try_get(0))
		.transpose()?;
	sqlx::query("UPDATE shipments SET open = 0 WHERE id = $1")
		.bind(shipment as i64)
		.execute(&mut *conn)
		.await?;
	Ok(units.as_deref().map(units_of).unwrap_or_default())
}

/// One pack in a recall report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecalledPack {
	/// The pack's Digital Link URI.
	pub epc: String,
	/// Its serial.
	pub serial: String,
	/// `active`, `dispensed`, `decommissioned (reason)`, `suspect`, `illegitimate` or
	/// `destroyed (reason)`.
	pub status: String,
	/// The organization that dispensed, decommissioned or quarantined it, if any.
	pub status_by: Option<u32>,
	/// The organization that holds it (or, in transit, sent it).
	pub holder: Option<u32>,
	/// The organization that owns it.
	pub owner: Option<u32>,
	/// The containers it is in, innermost first (Digital Link URIs).
	pub containers: Vec<String>,
	/// The open shipment it travels in, if any.
	pub in_transit: Option<u64>,
}

/// Every pack of a lot, where it is, who holds and owns it, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RecallReport {
	/// The lot as an EPC class (Digital Link URI).
	pub lot_uri: String,
	/// The product.
	pub gtin: String,
	/// The lot.
	pub lot: String,
	/// Its expiry as printed (`YYMMDD`).
	pub expiry: Option<String>,
	/// The block in which it was recalled, if it was.
	pub recalled_block: Option<u32>,
	/// Counts by status.
	pub by_status: std::collections::BTreeMap<String, u32>,
	/// Packs by holder: how many each organization holds that are not dispensed or destroyed.
	pub held_by: std::collections::BTreeMap<String, u32>,
	/// Every pack, by serial.
	pub packs: Vec<RecalledPack>,
}

/// The recall report of `gtin`'s lot `lot`, or `None` when the lot was never indexed.
pub async fn recall_report(
	conn: &mut AnyConnection,
	gtin: &str,
	lot: &str,
) -> Result<Option<RecallReport>, StoreError> {
	let Some(lot_row) =
		sqlx::query("SELECT expiry, recalled_block FROM lots WHERE gtin = $1 AND lot = $2")
			.bind(gtin)
			.bind(lot)
			.fetch_optional(&mut *conn)
			.await?
	else {
		return Ok(None);
	};
	let rows = sqlx::query(
		"SELECT serial, status, status_by, container, holder, owner, shipment FROM packs \
		 WHERE gtin = $1 AND lot = $2 ORDER BY serial",
	)
	.bind(gtin)
	.bind(lot)
	.fetch_all(&mut *conn)
	.await?;
	// Container -> (parent, holder, owner, shipment), read as needed.
	type Place = (Option<String>, i64, i64, Option<i64>);
	let mut containers: HashMap<String, Option<Place>> = HashMap::new();
	let mut packs = Vec::with_capacity(rows.len());
	for row in rows {
		let serial: String = row.try_get(0)?;
		let mut chain = Vec::new();
		let mut place: Place = (row.try_get(3)?, row.try_get(4)?, row.try_get(5)?, row.try_get(6)?);
		let mut known = true;
		while let Some(sscc) = place.0.clone() {
			if chain.len() >= 16 {
				known = false;
				break;
			}
			chain.push(container_uri(sscc.as_bytes()));
			if !containers.contains_key(&sscc) {
				let found = sqlx::query(
					"SELECT parent, holder, owner, shipment FROM containers WHERE sscc = $1",
				)
				.bind(&sscc)
				.fetch_optional(&mut *conn)
				.await?
				.map(|r| -> Result<Place, sqlx::Error> {
					Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
				})
				.transpose()?;
				containers.insert(sscc.clone(), found);
			}
			match containers.get(&sscc).cloned().flatten() {
				Some(next) => place = next,
				None => {
					known = false;
					break;
				},
			}
		}
		packs.push(RecalledPack {
			epc: pack_uri(gtin.as_bytes(), serial.as_bytes()),
			serial,
			status: row.try_get(1)?,
			status_by: row.try_get::<Option<i64>, _>(2)?.map(|v| v as u32),
			holder: known.then_some(place.1 as u32),
			owner: known.then_some(place.2 as u32),
			containers: chain,
			in_transit: place.3.filter(|_| known).map(|v| v as u64),
		});
	}
	let mut by_status = std::collections::BTreeMap::new();
	let mut held_by = std::collections::BTreeMap::new();
	for pack in &packs {
		*by_status.entry(pack.status.clone()).or_insert(0) += 1;
		let gone = pack.status == "dispensed" || pack.status.starts_with("destroyed");
		if let (false, Some(holder)) = (gone, pack.holder) {
			*held_by.entry(org_uri(holder)).or_insert(0) += 1;
		}
	}
	Ok(Some(RecallReport {
		lot_uri: lot_uri(gtin.as_bytes(), lot.as_bytes()),
		gtin: gtin.to_string(),
		lot: lot.to_string(),
		expiry: lot_row.try_get(0)?,
		recalled_block: lot_row.try_get::<Option<i64>, _>(1)?.map(|v| v as u32),
		by_status,
		held_by,
		packs,
	}))
}

/// A query over the EPCIS events: the `SimpleEventQuery` parameters that matter most, and a
/// block range. Every condition given must hold.
#[derive(Default, Debug, Clone)]
pub struct EventQuery {
	/// Events naming any of these identifiers (`MATCH_epc`, `MATCH_anyEPC`, `MATCH_parentID`).
	pub epcs: Vec<String>,
	/// Events concerning packs of this lot (an LGTIN Digital Link URI), directly or in
	/// containers.
	pub lot: Option<String>,
	/// Business steps, as bare CBV words (`EQ_bizStep`).
	pub biz_steps: Vec<String>,
	/// Event types (`eventType`).
	pub event_types: Vec<String>,
	/// `GE_eventTime`, ms since 1970.
	pub from_ms: Option<u64>,
	/// `LT_eventTime`, ms since 1970.
	pub to_ms: Option<u64>,
	/// First block.
	pub from_block: Option<u32>,
	/// Last block.
	pub to_block: Option<u32>,
	/// Only events after this (block, event index): the page token.
	pub after: Option<(u32, u32)>,
	/// At most this many.
	pub limit: u32,
}

/// The events matching `query`, in chain order, each with its (block, event index).
pub async fn events(
	conn: &mut AnyConnection,
	query: &EventQuery,
) -> Result<Vec<((u32, u32), Value)>, StoreError> {
	enum Arg {
		Int(i64),
		Text(String),
	}
	let mut conditions: Vec<String> = Vec::new();
	let mut args: Vec<Arg> = Vec::new();
	let next = |arg: Arg, args: &mut Vec<Arg>| {
		args.push(arg);
		format!("${}", args.len())
	};
	let any_of = |values: &[String], column: &str, args: &mut Vec<Arg>| -> String {
		let list: Vec<String> = values.iter().map(|v| next(Arg::Text(v.clone()), args)).collect();
		format!("{column} IN ({})", list.join(", "))
	};
	let mut epc_sets: Vec<Vec<String>> = Vec::new();
	if !query.epcs.is_empty() {
		epc_sets.push(query.epcs.clone());
	}
	if let Some(lot) = &query.lot {
		epc_sets.push(vec![lot.clone()]);
	}
	for set in epc_sets {
		let within = any_of(&set, "x.epc", &mut args);
		conditions.push(format!(
			"EXISTS (SELECT 1 FROM epcis_epcs x WHERE x.block = e.block AND x.idx = e.idx \
			 AND {within})"
		));
	}
	if !query.biz_steps.is_empty() {
		conditions.push(any_of(&query.biz_steps, "e.biz_step", &mut args));
	}
	if !query.event_types.is_empty() {
		conditions.push(any_of(&query.event_types, "e.event_type", &mut args));
	}
	let mut bound = |sql: &str, value: Option<i64>, args: &mut Vec<Arg>| {
		if let Some(value) = value {
			let p = next(Arg::Int(value), args);
			conditions.push(sql.replace('?', &p));
		}
	};
	bound("e.time_ms >= ?", query.from_ms.map(|v| v as i64), &mut args);
	bound("e.time_ms < ?", query.to_ms.map(|v| v as i64), &mut args);
	bound("e.block >= ?", query.from_block.map(i64::from), &mut args);
	bound("e.block <= ?", query.to_block.map(i64::from), &mut args);
	if let Some((block, index)) = query.after {
		let (b1, b2, i) = (
			next(Arg::Int(i64::from(block)), &mut args),
			next(Arg::Int(i64::from(block)), &mut args),
			next(Arg::Int(i64::from(index)), &mut args),
		);
		conditions.push(format!("(e.block > {b1} OR (e.block = {b2} AND e.idx > {i}))"));
	}
	let limit = next(Arg::Int(i64::from(query.limit)), &mut args);
	let filter = if conditions.is_empty() {
		String::new()
	} else {
		format!("WHERE {}", conditions.join(" AND "))
	};
	let sql = format!(
		"SELECT e.block, e.idx, e.body FROM epcis_events e {filter} ORDER BY e.block, e.idx \
		 LIMIT {limit}"
	);
	// Only placeholders are put in the text; every value is bound.
	let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
	for arg in args {
		q = match arg {
			Arg::Int(v) => q.bind(v),
			Arg::Text(v) => q.bind(v),
		};
	}
	let rows = q.fetch_all(&mut *conn).await?;
	rows.iter()
		.map(|r| {
			let body: String = r.try_get(2)?;
			let event = serde_json::from_str(&body)
				.map_err(|e| StoreError::Mismatch(format!("a stored EPCIS event: {e}")))?;
			Ok(((r.try_get::<i64, _>(0)? as u32, r.try_get::<i64, _>(1)? as u32), event))
		})
		.collect()
}
