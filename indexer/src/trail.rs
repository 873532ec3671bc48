//! The patients' trail, derived while indexing: which events of the consent and records pallets
//! make a FHIR resource ([`crate::fhir`]), of which kind, and whose trail they belong to, so
//! that one patient's resources are read without decoding anyone else's.
//!
//! The resources themselves are not stored: they are made from the event when asked for, in
//! the FHIR release asked for. All of it is written in the same database transaction as the
//! block it came from.

use crate::{
	epcis::Origin,
	fhir,
	store::{event_of, push_placeholders, StoreError},
};
use codec::Decode;
use healthchain_runtime::{AccountId, RuntimeEvent};
use pallet_records::Event as RecordsEvent;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

/// The derived tables: each event that makes a resource, with its kind and patient (`0x` hex
/// of the account; `NULL` when the record it names was registered before the index began),
/// and each record's patient, for the events that name only the record.
pub const SCHEMA: &[&str] = &[
	"CREATE TABLE IF NOT EXISTS fhir_events (block BIGINT NOT NULL, idx BIGINT NOT NULL, \
	 kind TEXT NOT NULL, patient TEXT, PRIMARY KEY (block, idx))",
	"CREATE INDEX IF NOT EXISTS fhir_by_patient ON fhir_events (patient, kind, block, idx)",
	"CREATE INDEX IF NOT EXISTS fhir_by_kind ON fhir_events (kind, block, idx)",
	"CREATE TABLE IF NOT EXISTS record_patients (record BIGINT PRIMARY KEY, \
	 patient TEXT NOT NULL)",
];

/// An account as the tables keep it.
pub fn account_key(who: &AccountId) -> String {
	format!("0x{}", hex::encode(<[u8; 32]>::from(who.clone())))
}

/// A trail event waiting for its batch: (block, event index, kind, patient, the record whose
/// patient it is when the event names only a record).
type TrailRow = (u32, u32, &'static str, Option<String>, Option<u64>);

/// What a batch of blocks adds to the trail, gathered event by event ([`Trail::add`]) and
/// written in a few statements ([`Trail::write`]): one statement per event would cost more than
/// the rest of the indexing.
#[derive(Default)]
pub struct Trail {
	events: Vec<TrailRow>,
	/// (record, patient) of the records registered.
	records: Vec<(u64, String)>,
}

/// Rows per statement: four or two values each, well within both databases' limits.
const CHUNK: usize = 200;

impl Trail {
	/// Adds what one event changes. `data` is the event's SCALE encoding, pallet index first.
	/// Events that make no resource, and events this build cannot decode, add nothing.
	pub fn add(&mut self, origin: &Origin, data: &[u8]) {
		let Ok(event) = RuntimeEvent::decode(&mut &data[..]) else { return };
		match &event {
			RuntimeEvent::Records(RecordsEvent::RecordRegistered { record, patient, .. })
			| RuntimeEvent::Records(RecordsEvent::RecordSuperseded {
				new: record, patient, ..
			}) => self.records.push((*record, account_key(patient))),
			_ => {},
		}
		let Some(kind) = fhir::kind_of(&event) else { return };
		let (patient, record) = match (fhir::patient_of(&event), &event) {
			(Some(patient), _) => (Some(account_key(&patient)), None),
			(None, RuntimeEvent::Records(RecordsEvent::RecordEnteredInError { record, .. })) => {
				(None, Some(*record))
			},
			(None, _) => (None, None),
		};
		self.events.push((origin.block, origin.index, kind, patient, record));
	}

	/// Writes what was added. Records are written first, so that an event naming a record
	/// registered earlier in the batch finds its patient.
	pub async fn write(mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
		for chunk in self.records.chunks(CHUNK) {
			let mut sql = String::from("INSERT INTO record_patients (record, patient) VALUES ");
			push_placeholders(&mut sql, chunk.len(), 2);
			sql.push_str(" ON CONFLICT DO NOTHING");
			// Only placeholders are added to the text; every value is bound.
			let mut query = sqlx::query(AssertSqlSafe(sql));
			for (record, patient) in chunk {
				query = query.bind(*record as i64).bind(patient.as_str());
			}
			query.execute(&mut *conn).await?;
		}
		for (_, _, _, patient, record) in &mut self.events {
			if let (None, Some(record)) = (&patient, record) {
				*patient = sqlx::query("SELECT patient FROM record_patients WHERE record = $1")
					.bind(*record as i64)
					.fetch_optional(&mut *conn)
					.await?
					.map(|row| row.try_get::<String, _>(0))
					.transpose()?;
			}
		}
		for chunk in self.events.chunks(CHUNK) {
			let mut sql =
				String::from("INSERT INTO fhir_events (block, idx, kind, patient) VALUES ");
			push_placeholders(&mut sql, chunk.len(), 4);
			// Only placeholders are added to the text; every value is bound.
			let mut query = sqlx::query(AssertSqlSafe(sql));
			for (block, index, kind, patient, _) in chunk {
				query = query
					.bind(i64::from(*block))
					.bind(i64::from(*index))
					.bind(*kind)
					.bind(patient.as_deref());
			}
			query.execute(&mut *conn).await?;
		}
		Ok(())
	}
}

/// Which resources to read: of one kind, of one patient or of all, within blocks, after a
/// position, at most `limit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrailQuery {
	/// `Consent`, `AuditEvent` or `Provenance`.
	pub kind: String,
	/// The patient (`None`: every patient's).
	pub patient: Option<AccountId>,
	/// The first block.
	pub from_block: Option<u32>,
	/// The last block.
	pub to_block: Option<u32>,
	/// Only events after this (block, event index): the paging position.
	pub after: Option<(u32, u32)>,
	/// At most this many.
	pub limit: u32,
}

/// The events matching `query`, in chain order, each with where it was made and its SCALE
/// encoding.
pub async fn events(
	conn: &mut AnyConnection,
	query: &TrailQuery,
) -> Result<Vec<(Origin, Vec<u8>)>, StoreError> {
	let mut sql = String::from(
		"SELECT f.block, f.idx, e.extrinsic, e.data, b.hash, b.time_ms FROM fhir_events f \
		 JOIN events e ON e.block = f.block AND e.idx = f.idx \
		 JOIN blocks b ON b.number = f.block WHERE f.kind = $1",
	);
	let mut next = 2;
	let mut condition = |sql: &mut String, text: &str, params: usize| {
		let mut text = text.to_string();
		for p in 0..params {
			text = text.replacen('?', &format!("${}", next + p), 1);
		}
		next += params;
		sql.push_str(" AND ");
		sql.push_str(&text);
	};
	if query.patient.is_some() {
		condition(&mut sql, "f.patient = ?", 1);
	}
	if query.from_block.is_some() {
		condition(&mut sql, "f.block >= ?", 1);
	}
	if query.to_block.is_some() {
		condition(&mut sql, "f.block <= ?", 1);
	}
	if query.after.is_some() {
		condition(&mut sql, "(f.block > ? OR (f.block = ? AND f.idx > ?))", 3);
	}
	sql.push_str(&format!(" ORDER BY f.block, f.idx LIMIT ${next}"));
	// Only placeholders are added to the text; every value is bound.
	let mut q = sqlx::query(AssertSqlSafe(sql)).bind(query.kind.as_str());
	if let Some(patient) = &query.patient {
		q = q.bind(account_key(patient));
	}
	if let Some(from) = query.from_block {
		q = q.bind(i64::from(from));
	}
	if let Some(to) = query.to_block {
		q = q.bind(i64::from(to));
	}
	if let Some((block, index)) = query.after {
		q = q.bind(i64::from(block)).bind(i64::from(block)).bind(i64::from(index));
	}
	let rows = q.bind(i64::from(query.limit)).fetch_all(&mut *conn).await?;
	rows.iter().map(event_of).collect()
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::store::{BlockRow, EventRow, Store};
	use codec::Encode;
	use healthchain_runtime::Runtime;
	use pallet_consent::{Event as ConsentEvent, Grantee};
	use pallet_records::RecordStatus;

	fn who(n: u8) -> AccountId {
		AccountId::new([n; 32])
	}

	fn row(index: u32, event: RuntimeEvent) -> EventRow {
		let (pallet, name) = match &event {
			RuntimeEvent::Consent(_) => ("Consent", "GrantRevoked"),
			RuntimeEvent::Records(_) => ("Records", "Record"),
			_ => ("System", "Remarked"),
		};
		EventRow {
			index,
			extrinsic: Some(1),
			pallet: pallet.into(),
			name: name.into(),
			data: format!("0x{}", hex::encode(event.encode())),
		}
	}

	fn revoked(patient: u8) -> RuntimeEvent {
		RuntimeEvent::Consent(ConsentEvent::<Runtime>::GrantRevoked {
			id: 1,
			patient: who(patient),
			grantee: Grantee::Organization(2),
			revoked_by: who(patient),
			deposit_released: 0,
		})
	}

	fn registered(record: u64, patient: u8) -> RuntimeEvent {
		RuntimeEvent::Records(pallet_records::Event::<Runtime>::RecordRegistered {
			record,
			patient: who(patient),
			custodian: Some(3),
			author: who(9),
			hash: healthchain_primitives::ContentHash::Sha256([7; 32]),
			status: RecordStatus::Pending,
			deposit: 0,
		})
	}

	fn in_error(record: u64) -> RuntimeEvent {
		RuntimeEvent::Records(pallet_records::Event::<Runtime>::RecordEnteredInError {
			record,
			previous: RecordStatus::Pending,
			by: who(9),
		})
	}

	/// Blocks 0 to 2: A's grant revoked; B's record 4 registered, then entered in error, and a
	/// record 8 entered in error that was registered before the index began.
	fn history() -> Vec<BlockRow> {
		let events = [
			vec![row(0, revoked(0xA))],
			vec![row(0, registered(4, 0xB)), row(1, revoked(0xB))],
			vec![row(2, in_error(4)), row(3, in_error(8))],
		];
		events
			.into_iter()
			.enumerate()
			.map(|(n, events)| BlockRow {
				number: n as u32,
				hash: format!("0x{n:064x}"),
				parent: if n == 0 { "0x00".into() } else { format!("0x{:064x}", n - 1) },
				time_ms: 1_800_000_000_000 + n as u64 * 6000,
				spec_version: 100,
				events,
			})
			.collect()
	}

	fn query(kind: &str, patient: Option<u8>) -> TrailQuery {
		TrailQuery {
			kind: kind.into(),
			patient: patient.map(who),
			limit: 100,
			..Default::default()
		}
	}

	async fn positions(store: &Store, q: TrailQuery) -> Vec<(u32, u32)> {
		store.trail(&q).await.unwrap().iter().map(|(o, _)| (o.block, o.index)).collect()
	}

	#[tokio::test]
	async fn each_patients_trail_is_read_alone_and_a_record_event_finds_its_patient() {
		let dir = tempfile::tempdir().unwrap();
		let store = Store::open(dir.path().join("i.db").to_str().unwrap()).await.unwrap();
		store.write(&history()).await.unwrap();
		assert_eq!(positions(&store, query("Consent", Some(0xA))).await, vec![(0, 0)]);
		assert_eq!(positions(&store, query("Consent", Some(0xB))).await, vec![(1, 1)]);
		// Record 4's error is B's; record 8's patient is unknown, so only the all-patients
		// query has it.
		assert_eq!(positions(&store, query("Provenance", Some(0xB))).await, vec![(1, 0), (2, 2)]);
		assert_eq!(
			positions(&store, query("Provenance", None)).await,
			vec![(1, 0), (2, 2), (2, 3)]
		);
		// Within blocks, after a position, at most a page.
		let q = TrailQuery { from_block: Some(1), ..query("Consent", None) };
		assert_eq!(positions(&store, q).await, vec![(1, 1)]);
		let q = TrailQuery { to_block: Some(0), ..query("Consent", None) };
		assert_eq!(positions(&store, q).await, vec![(0, 0)]);
		let q = TrailQuery { after: Some((1, 0)), limit: 1, ..query("Provenance", None) };
		assert_eq!(positions(&store, q).await, vec![(2, 2)]);
		// What is read back is where the event was made and the event itself.
		let (origin, data) = store.trail(&query("Consent", Some(0xA))).await.unwrap().remove(0);
		assert_eq!((origin.block_hash, origin.extrinsic), (format!("0x{:064x}", 0), Some(1)));
		assert_eq!(RuntimeEvent::decode(&mut &data[..]).unwrap(), revoked(0xA));
	}

	#[tokio::test]
	async fn a_database_of_schema_1_gains_the_trail_of_what_it_indexed() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("i.db");
		let url = path.to_str().unwrap();
		let store = Store::open(url).await.unwrap();
		store.write(&history()).await.unwrap();
		drop(store);
		// As schema 1 left it: the events, no trail.
		let pool = sqlx::AnyPool::connect(&format!("sqlite://{url}")).await.unwrap();
		for statement in [
			"DROP TABLE fhir_events",
			"DROP TABLE record_patients",
			"UPDATE meta SET value = '1' WHERE key = 'schema'",
		] {
			sqlx::query(statement).execute(&pool).await.unwrap();
		}
		pool.close().await;
		let store = Store::open(url).await.unwrap();
		assert_eq!(positions(&store, query("Provenance", Some(0xB))).await, vec![(1, 0), (2, 2)]);
		assert_eq!(positions(&store, query("Consent", None)).await, vec![(0, 0), (1, 1)]);
		drop(store);
		// A newer schema is refused.
		let pool = sqlx::AnyPool::connect(&format!("sqlite://{url}")).await.unwrap();
		sqlx::query("UPDATE meta SET value = '9' WHERE key = 'schema'")
			.execute(&pool)
			.await
			.unwrap();
		pool.close().await;
		assert!(Store::open(url).await.is_err());
	}
}
