//! The database: SQLite (one file, the default) or PostgreSQL, chosen by the URL, through one
//! code path. Every finalized block is written in the same transaction as the cursor that says
//! it was, so a crash or a kill loses nothing and a restart writes nothing twice.

use crate::{
	epcis::Origin,
	supply::{self, EventQuery, RecallReport},
	trail::{self, TrailQuery},
};
use serde_json::Value;
use sqlx::{
	any::{AnyPoolOptions, AnyRow},
	AnyPool, AssertSqlSafe, Row,
};
use std::{str::FromStr, time::Duration};

/// A failure of the database, or a database that belongs to another chain.
#[derive(Debug)]
pub enum StoreError {
	/// The database refused or failed.
	Database(sqlx::Error),
	/// The URL names no database this indexer speaks.
	Url(String),
	/// The database indexes another chain, or was written by a newer indexer.
	Mismatch(String),
}

impl std::fmt::Display for StoreError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			Self::Database(e) => write!(f, "database: {e}"),
			Self::Url(e) => write!(f, "database URL: {e}"),
			Self::Mismatch(e) => write!(f, "{e}"),
		}
	}
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
	fn from(e: sqlx::Error) -> Self {
		Self::Database(e)
	}
}

/// Which database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
	/// SQLite, one file.
	Sqlite,
	/// PostgreSQL.
	Postgres,
}

/// The schema's version: a database written by a newer indexer is refused, and one written by
/// an older one is brought up to date when opened (2: the patients' trail, [`trail::SCHEMA`]).
pub const SCHEMA_VERSION: i64 = 2;

/// Tables, in SQL both databases read. Amounts and numbers are BIGINT; hashes and SCALE bytes
/// are `0x` hex text, so both databases hold and return them the same way.
const SCHEMA: &[&str] = &[
	"CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS cursor (id BIGINT PRIMARY KEY, number BIGINT NOT NULL, \
	 hash TEXT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS blocks (number BIGINT PRIMARY KEY, hash TEXT NOT NULL, \
	 parent TEXT NOT NULL, time_ms BIGINT NOT NULL, spec_version BIGINT NOT NULL, \
	 events BIGINT NOT NULL)",
	"CREATE TABLE IF NOT EXISTS events (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
	 extrinsic BIGINT, pallet TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL, \
	 PRIMARY KEY (block, idx))",
	"CREATE INDEX IF NOT EXISTS events_by_name ON events (pallet, name, block)",
];

/// Where the index stands: the last block written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
	/// Its number.
	pub number: u32,
	/// Its hash (`0x` hex).
	pub hash: String,
}

/// One finalized block, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRow {
	/// Number.
	pub number: u32,
	/// Hash (`0x` hex).
	pub hash: String,
	/// Parent's hash (`0x` hex).
	pub parent: String,
	/// The block's timestamp, milliseconds since 1970.
	pub time_ms: u64,
	/// The runtime's `spec_version` that made it.
	pub spec_version: u32,
	/// Its events of our pallets.
	pub events: Vec<EventRow>,
}

/// One event of our pallets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
	/// Its index among all the block's events.
	pub index: u32,
	/// The extrinsic it came from (`None` for block initialization and finalization).
	pub extrinsic: Option<u32>,
	/// Pallet name, as in the metadata.
	pub pallet: String,
	/// Event name.
	pub name: String,
	/// The event's SCALE encoding, pallet index first (`0x` hex).
	pub data: String,
}

/// The database.
pub struct Store {
	pool: AnyPool,
	backend: Backend,
}

impl Store {
	/// Opens (creating if need be) the database at `url`: `sqlite:PATH` or
	/// `postgres://USER@HOST/DB`. A bare path is a SQLite file.
	pub async fn open(url: &str) -> Result<Self, StoreError> {
		sqlx::any::install_default_drivers();
		let (url, backend) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
			(url.to_string(), Backend::Postgres)
		} else {
			let path = url.strip_prefix("sqlite://").or(url.strip_prefix("sqlite:")).unwrap_or(url);
			if path.is_empty() {
				return Err(StoreError::Url("no SQLite file named".into()));
			}
			let sep = if path.contains('?') { '&' } else { '?' };
			(format!("sqlite://{path}{sep}mode=rwc"), Backend::Sqlite)
		};
		sqlx::any::AnyConnectOptions::from_str(&url).map_err(|e| StoreError::Url(e.to_string()))?;
		let options = AnyPoolOptions::new()
			.max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
			.acquire_timeout(Duration::from_secs(30))
			.after_connect(move |conn, _| {
				Box::pin(async move {
					if backend == Backend::Sqlite {
						// Readers do not wait for the writer; a writer waits for another.
						sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
						sqlx::query("PRAGMA busy_timeout = 30000").execute(&mut *conn).await?;
					}
					Ok(())
				})
			});
		let pool = options.connect(&url).await?;
		let store = Self { pool, backend };
		store.migrate().await?;
		Ok(store)
	}

	/// Which database this is.
	pub fn backend(&self) -> Backend {
		self.backend
	}

	async fn migrate(&self) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		for statement in SCHEMA.iter().chain(supply::SCHEMA).chain(trail::SCHEMA) {
			sqlx::query(*statement).execute(&mut *tx).await?;
		}
		let version = sqlx::query("SELECT value FROM meta WHERE key = 'schema'")
			.fetch_optional(&mut *tx)
			.await?
			.map(|row| row.try_get::<String, _>(0))
			.transpose()?;
		match version.as_deref().map(str::parse::<i64>) {
			None => {
				sqlx::query("INSERT INTO meta (key, value) VALUES ('schema', $1)")
					.bind(SCHEMA_VERSION.to_string())
					.execute(&mut *tx)
					.await?;
			},
			Some(Ok(SCHEMA_VERSION)) => {},
			Some(Ok(1)) => {
				// Schema 1 had no trail: derive it from the events already indexed.
				let rows = sqlx::query(
					"SELECT e.block, e.idx, e.extrinsic, e.data, b.hash, b.time_ms FROM events e \
					 JOIN blocks b ON b.number = e.block \
					 WHERE e.pallet IN ('Consent', 'Records') ORDER BY e.block, e.idx",
				)
				.fetch_all(&mut *tx)
				.await?;
				let mut derived = trail::Trail::default();
				for row in rows {
					let (origin, data) = event_of(&row)?;
					derived.add(&origin, &data);
				}
				derived.write(&mut tx).await?;
				sqlx::query("UPDATE meta SET value = $1 WHERE key = 'schema'")
					.bind(SCHEMA_VERSION.to_string())
					.execute(&mut *tx)
					.await?;
				tracing::info!("database brought from schema 1 to {SCHEMA_VERSION}");
			},
			_ => {
				return Err(StoreError::Mismatch(format!(
					"the database has schema {}; this indexer writes schema {SCHEMA_VERSION}",
					version.unwrap_or_default()
				)))
			},
		}
		tx.commit().await?;
		Ok(())
	}

	/// Binds the database to the chain whose genesis is `genesis`, or refuses one that indexes
	/// another chain.
	pub async fn bind_chain(&self, genesis: &str) -> Result<(), StoreError> {
		let mut tx = self.pool.begin().await?;
		let stored = sqlx::query("SELECT value FROM meta WHERE key = 'genesis'")
			.fetch_optional(&mut *tx)
			.await?
			.map(|row| row.try_get::<String, _>(0))
			.transpose()?;
		match stored {
			None => {
				sqlx::query("INSERT INTO meta (key, value) VALUES ('genesis', $1)")
					.bind(genesis)
					.execute(&mut *tx)
					.await?;
			},
			Some(g) if g == genesis => {},
			Some(g) => {
				return Err(StoreError::Mismatch(format!(
					"the database indexes the chain with genesis {g}, the node runs {genesis}"
				)))
			},
		}
		tx.commit().await?;
		Ok(())
	}

	/// The last block written, if any.
	pub async fn cursor(&self) -> Result<Option<Cursor>, StoreError> {
		let row = sqlx::query("SELECT number, hash FROM cursor WHERE id = 1")
			.fetch_optional(&self.pool)
			.await?;
		row.map(|row| {
			Ok(Cursor { number: row.try_get::<i64, _>(0)? as u32, hash: row.try_get(1)? })
		})
		.transpose()
	}

	/// Writes `blocks` (consecutive, after the cursor) and moves the cursor to the last, all or
	/// nothing. Refuses blocks that do not follow the cursor.
	pub async fn write(&self, blocks: &[BlockRow]) -> Result<(), StoreError> {
		let Some(last) = blocks.last() else { return Ok(()) };
		let mut tx = self.pool.begin().await?;
		let cursor = sqlx::query("SELECT number, hash FROM cursor WHERE id = 1")
			.fetch_optional(&mut *tx)
			.await?
			.map(|row| -> Result<(i64, String), sqlx::Error> {
				Ok((row.try_get(0)?, row.try_get(1)?))
			})
			.transpose()?;
		let mut expected = cursor.clone();
		for block in blocks {
			if let Some((number, hash)) = &expected {
				if i64::from(block.number) != number + 1 || &block.parent != hash {
					return Err(StoreError::Mismatch(format!(
						"block #{} ({}) does not follow #{number} ({hash})",
						block.number, block.hash
					)));
				}
			}
			expected = Some((i64::from(block.number), block.hash.clone()));
		}
		for chunk in blocks.chunks(100) {
			let mut sql = String::from(
				"INSERT INTO blocks (number, hash, parent, time_ms, spec_version, events) VALUES ",
			);
			push_placeholders(&mut sql, chunk.len(), 6);
			// Only placeholders are added to the text; every value is bound.
			let mut query = sqlx::query(AssertSqlSafe(sql));
			for b in chunk {
				query = query
					.bind(i64::from(b.number))
					.bind(b.hash.as_str())
					.bind(b.parent.as_str())
					.bind(b.time_ms as i64)
					.bind(i64::from(b.spec_version))
					.bind(b.events.len() as i64);
			}
			query.execute(&mut *tx).await?;
		}
		let events: Vec<(u32, &EventRow)> =
			blocks.iter().flat_map(|b| b.events.iter().map(move |e| (b.number, e))).collect();
		for chunk in events.chunks(100) {
			let mut sql = String::from(
				"INSERT INTO events (block, idx, extrinsic, pallet, name, data) VALUES ",
			);
			push_placeholders(&mut sql, chunk.len(), 6);
			// Only placeholders are added to the text; every value is bound.
			let mut query = sqlx::query(AssertSqlSafe(sql));
			for (block, e) in chunk {
				query = query
					.bind(i64::from(*block))
					.bind(i64::from(e.index))
					.bind(e.extrinsic.map(i64::from))
					.bind(e.pallet.as_str())
					.bind(e.name.as_str())
					.bind(e.data.as_str());
			}
			query.execute(&mut *tx).await?;
		}
		// What the supply chain's events and the patients' trail change, in chain order, in the
		// same transaction.
		let mut derived = trail::Trail::default();
		for block in blocks {
			for e in &block.events {
				let supply_chain = match e.pallet.as_str() {
					"SupplyChain" => true,
					"Consent" | "Records" => false,
					_ => continue,
				};
				let origin = Origin {
					block: block.number,
					block_hash: block.hash.clone(),
					index: e.index,
					extrinsic: e.extrinsic,
					time_ms: block.time_ms,
				};
				let data = event_bytes(&e.data)?;
				if supply_chain {
					supply::apply(&mut tx, &origin, &data).await?;
				} else {
					derived.add(&origin, &data);
				}
			}
		}
		derived.write(&mut tx).await?;
		let moved = if cursor.is_some() {
			sqlx::query("UPDATE cursor SET number = $1, hash = $2 WHERE id = 1")
		} else {
			sqlx::query("INSERT INTO cursor (id, number, hash) VALUES (1, $1, $2)")
		};
		moved.bind(i64::from(last.number)).bind(last.hash.as_str()).execute(&mut *tx).await?;
		tx.commit().await?;
		Ok(())
	}

	/// The EPCIS events matching `query`, in chain order, with their (block, event index).
	pub async fn epcis_events(
		&self,
		query: &EventQuery,
	) -> Result<Vec<((u32, u32), Value)>, StoreError> {
		let mut conn = self.pool.acquire().await?;
		supply::events(&mut conn, query).await
	}

	/// The events of the patients' trail matching `query`, in chain order, with where each was
	/// made and its SCALE encoding.
	pub async fn trail(&self, query: &TrailQuery) -> Result<Vec<(Origin, Vec<u8>)>, StoreError> {
		let mut conn = self.pool.acquire().await?;
		trail::events(&mut conn, query).await
	}

	/// The recall report of a lot, or `None` when the lot is not indexed.
	pub async fn recall(&self, gtin: &str, lot: &str) -> Result<Option<RecallReport>, StoreError> {
		let mut conn = self.pool.acquire().await?;
		supply::recall_report(&mut conn, gtin, lot).await
	}

	/// Numbers of blocks and events written.
	pub async fn counts(&self) -> Result<(u64, u64), StoreError> {
		let row =
			sqlx::query("SELECT (SELECT COUNT(*) FROM blocks), (SELECT COUNT(*) FROM events)")
				.fetch_one(&self.pool)
				.await?;
		Ok((row.try_get::<i64, _>(0)? as u64, row.try_get::<i64, _>(1)? as u64))
	}

	/// The blocks written, in order, from `from` on, at most `limit`.
	pub async fn blocks(&self, from: u32, limit: u32) -> Result<Vec<BlockRow>, StoreError> {
		let rows = sqlx::query(
			"SELECT number, hash, parent, time_ms, spec_version FROM blocks WHERE number >= $1 \
			 ORDER BY number LIMIT $2",
		)
		.bind(i64::from(from))
		.bind(i64::from(limit))
		.fetch_all(&self.pool)
		.await?;
		let mut blocks = rows.iter().map(block_of).collect::<Result<Vec<_>, _>>()?;
		if let (Some(first), Some(last)) = (blocks.first(), blocks.last()) {
			let rows = sqlx::query(
				"SELECT block, idx, extrinsic, pallet, name, data FROM events \
				 WHERE block >= $1 AND block <= $2 ORDER BY block, idx",
			)
			.bind(i64::from(first.number))
			.bind(i64::from(last.number))
			.fetch_all(&self.pool)
			.await?;
			for row in rows {
				let block = row.try_get::<i64, _>(0)? as u32;
				let event = EventRow {
					index: row.try_get::<i64, _>(1)? as u32,
					extrinsic: row.try_get::<Option<i64>, _>(2)?.map(|x| x as u32),
					pallet: row.try_get(3)?,
					name: row.try_get(4)?,
					data: row.try_get(5)?,
				};
				if let Some(b) = blocks.iter_mut().find(|b| b.number == block) {
					b.events.push(event);
				}
			}
		}
		Ok(blocks)
	}
}

/// Where an event was made and its SCALE bytes, from a row of block, event index, extrinsic,
/// data (hex), block hash and block time, in that order.
pub(crate) fn event_of(row: &AnyRow) -> Result<(Origin, Vec<u8>), StoreError> {
	let origin = Origin {
		block: row.try_get::<i64, _>(0)? as u32,
		index: row.try_get::<i64, _>(1)? as u32,
		extrinsic: row.try_get::<Option<i64>, _>(2)?.map(|x| x as u32),
		block_hash: row.try_get(4)?,
		time_ms: row.try_get::<i64, _>(5)? as u64,
	};
	Ok((origin, event_bytes(&row.try_get::<String, _>(3)?)?))
}

/// An event's SCALE bytes from the hex the events table keeps.
fn event_bytes(hex: &str) -> Result<Vec<u8>, StoreError> {
	healthchain_client::rpc::from_hex(hex)
		.map_err(|e| StoreError::Mismatch(format!("event data: {e}")))
}

fn block_of(row: &AnyRow) -> Result<BlockRow, sqlx::Error> {
	Ok(BlockRow {
		number: row.try_get::<i64, _>(0)? as u32,
		hash: row.try_get(1)?,
		parent: row.try_get(2)?,
		time_ms: row.try_get::<i64, _>(3)? as u64,
		spec_version: row.try_get::<i64, _>(4)? as u32,
		events: Vec::new(),
	})
}

/// Appends `rows` groups of `columns` numbered placeholders: `($1, $2), ($3, $4)`.
pub(crate) fn push_placeholders(sql: &mut String, rows: usize, columns: usize) {
	for r in 0..rows {
		if r > 0 {
			sql.push_str(", ");
		}
		sql.push('(');
		for c in 0..columns {
			if c > 0 {
				sql.push_str(", ");
			}
			sql.push_str(&format!("${}", r * columns + c + 1));
		}
		sql.push(')');
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn block(number: u32, parent: &str, events: usize) -> BlockRow {
		BlockRow {
			number,
			hash: format!("0x{number:064x}"),
			parent: parent.to_string(),
			time_ms: 1_700_000_000_000 + u64::from(number) * 6000,
			spec_version: 100,
			events: (0..events)
				.map(|i| EventRow {
					index: i as u32,
					extrinsic: (i > 0).then_some(i as u32),
					pallet: "SupplyChain".into(),
					name: "Shipped".into(),
					data: format!("0x{i:04x}"),
				})
				.collect(),
		}
	}

	fn chain(from: u32, to: u32) -> Vec<BlockRow> {
		(from..=to)
			.map(|n| {
				let parent = if n == 0 { "0x00".to_string() } else { format!("0x{:064x}", n - 1) };
				block(n, &parent, (n % 3) as usize)
			})
			.collect()
	}

	#[tokio::test]
	async fn blocks_are_written_with_the_cursor_and_read_back_in_order() {
		let dir = tempfile::tempdir().unwrap();
		let url = format!("sqlite:{}", dir.path().join("index.db").display());
		let store = Store::open(&url).await.unwrap();
		assert_eq!(store.backend(), Backend::Sqlite);
		assert_eq!(store.cursor().await.unwrap(), None);
		let blocks = chain(0, 249);
		store.write(&blocks[..120]).await.unwrap();
		store.write(&blocks[120..]).await.unwrap();
		assert_eq!(
			store.cursor().await.unwrap(),
			Some(Cursor { number: 249, hash: blocks[249].hash.clone() })
		);
		assert_eq!(store.blocks(0, 1000).await.unwrap(), blocks);
		assert_eq!(
			store.counts().await.unwrap(),
			(250, blocks.iter().map(|b| b.events.len() as u64).sum())
		);
		// Reopened, it resumes where it stood.
		drop(store);
		let store = Store::open(&url).await.unwrap();
		assert_eq!(store.cursor().await.unwrap().unwrap().number, 249);
	}

	#[tokio::test]
	async fn a_block_that_does_not_follow_is_refused_and_nothing_of_it_written() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path().join("i.db").to_str().unwrap()).await.unwrap();
		let blocks = chain(0, 9);
		store.write(&blocks[..5]).await.unwrap();
		// Written twice: refused, as a restart that re-reads a block must not duplicate it.
		let again = store.write(&blocks[4..]).await;
		assert!(matches!(again, Err(StoreError::Mismatch(_))), "{again:?}");
		// A gap: refused.
		assert!(matches!(store.write(&blocks[6..]).await, Err(StoreError::Mismatch(_))));
		// A fork: refused.
		let mut fork = blocks[5].clone();
		fork.parent = "0xbad".into();
		assert!(matches!(store.write(&[fork]).await, Err(StoreError::Mismatch(_))));
		assert_eq!(store.cursor().await.unwrap().unwrap().number, 4);
		assert_eq!(store.blocks(0, 100).await.unwrap(), blocks[..5].to_vec());
	}

	#[tokio::test]
	async fn a_database_of_another_chain_is_refused() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path().join("i.db").to_str().unwrap()).await.unwrap();
		store.bind_chain("0xaa").await.unwrap();
		store.bind_chain("0xaa").await.unwrap();
		assert!(matches!(store.bind_chain("0xbb").await, Err(StoreError::Mismatch(_))));
	}
}
