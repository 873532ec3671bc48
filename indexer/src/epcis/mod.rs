//! EPCIS 2.0 JSON-LD: the identifiers, events and documents the supply chain's history is
//! served as (`docs/indexer.md` has the mapping from the chain's events).
//!
//! Identifiers are GS1 Digital Link URIs (`https://id.gs1.org/01/{gtin}/21/{serial}`,
//! `https://id.gs1.org/00/{sscc}`, `https://id.gs1.org/01/{gtin}/10/{lot}`); organizations are
//! `urn:healthchain:org:{id}`. Each event's `eventID` is its CBV 2.0 event hash ([`hash`]).

pub mod hash;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Map, Value};

/// The standard EPCIS 2.0 JSON-LD context.
pub const STANDARD_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/// The namespace of the fields this indexer adds to each event (where it came from).
pub const HC_NAMESPACE: &str = "urn:healthchain:epcis:";

/// The `@context` of every document and event served.
pub fn context() -> Value {
	json!([STANDARD_CONTEXT, { "hc": HC_NAMESPACE }])
}

/// Percent-encodes a GS1 key's value for a Digital Link path: everything but the URI's
/// unreserved characters.
fn encode(value: &[u8]) -> String {
	let mut out = String::with_capacity(value.len());
	for &b in value {
		if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
			out.push(b as char);
		} else {
			out.push_str(&format!("%{b:02X}"));
		}
	}
	out
}

/// A serialised pack (SGTIN) as a Digital Link URI.
pub fn pack_uri(gtin: &[u8], serial: &[u8]) -> String {
	format!("https://id.gs1.org/01/{}/21/{}", encode(gtin), encode(serial))
}

/// A logistic unit (SSCC) as a Digital Link URI.
pub fn container_uri(sscc: &[u8]) -> String {
	format!("https://id.gs1.org/00/{}", encode(sscc))
}

/// A lot of a product (LGTIN) as a Digital Link URI: an EPC class.
pub fn lot_uri(gtin: &[u8], lot: &[u8]) -> String {
	format!("https://id.gs1.org/01/{}/10/{}", encode(gtin), encode(lot))
}

/// An organization of the chain, as a party and location identifier.
pub fn org_uri(org: u32) -> String {
	format!("urn:healthchain:org:{org}")
}

/// `YYMMDD` (day `00` is the month's last day) as `YYYY-MM-DD`, or `None` when malformed.
pub fn expiry_date(yymmdd: &[u8]) -> Option<String> {
	let text = std::str::from_utf8(yymmdd).ok().filter(|t| t.len() == 6)?;
	if !text.bytes().all(|b| b.is_ascii_digit()) {
		return None;
	}
	let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
	let (year, month, day) = (2000 + number(0..2)? as i32, number(2..4)?, number(4..6)?);
	let date = if day == 0 {
		// The day before the first of the next month.
		let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
		NaiveDate::from_ymd_opt(year, month, 1)?;
		NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()?
	} else {
		NaiveDate::from_ymd_opt(year, month, day)?
	};
	Some(date.format("%Y-%m-%d").to_string())
}

/// Milliseconds since 1970 as an RFC 3339 UTC time with milliseconds.
pub fn time(ms: u64) -> String {
	i64::try_from(ms)
		.ok()
		.and_then(DateTime::<Utc>::from_timestamp_millis)
		.map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
		.unwrap_or_default()
}

/// Where on the chain an event came from.
#[derive(Clone, Debug)]
pub struct Origin {
	/// Block number.
	pub block: u32,
	/// Block hash (`0x` hex).
	pub block_hash: String,
	/// The event's index among the block's events.
	pub index: u32,
	/// The extrinsic that caused it, if any.
	pub extrinsic: Option<u32>,
	/// The block's timestamp (ms since 1970).
	pub time_ms: u64,
}

/// The fields of an EPCIS event that differ between the chain's events.
pub struct What {
	/// `ObjectEvent` or `AggregationEvent`.
	pub event_type: &'static str,
	/// `ADD`, `OBSERVE` or `DELETE`.
	pub action: &'static str,
	/// CBV business step (bare word), if any.
	pub biz_step: Option<&'static str>,
	/// CBV disposition (bare word), if any.
	pub disposition: Option<&'static str>,
	/// The organization where it happened (read point and business location).
	pub at: Option<u32>,
	/// Instance identifiers: `epcList` or, for an aggregation, `childEPCs`.
	pub epcs: Vec<String>,
	/// The container, for an aggregation.
	pub parent: Option<String>,
	/// Classes without a count (`quantityList`), e.g. a recalled lot.
	pub classes: Vec<String>,
	/// `(type, party)` sources and destinations.
	pub sources: Vec<(&'static str, u32)>,
	/// Destinations.
	pub destinations: Vec<(&'static str, u32)>,
	/// Instance master data (commissioning only).
	pub ilmd: Option<Value>,
}

impl What {
	/// An event with no identifiers yet.
	pub fn new(event_type: &'static str, action: &'static str) -> Self {
		Self {
			event_type,
			action,
			biz_step: None,
			disposition: None,
			at: None,
			epcs: Vec::new(),
			parent: None,
			classes: Vec::new(),
			sources: Vec::new(),
			destinations: Vec::new(),
			ilmd: None,
		}
	}
}

/// The hash context of [`context`], read once: every event is hashed with it.
fn hash_context() -> Result<&'static hash::Context, hash::HashError> {
	static CONTEXT: std::sync::OnceLock<Result<hash::Context, hash::HashError>> =
		std::sync::OnceLock::new();
	CONTEXT
		.get_or_init(|| hash::Context::from_document(&json!({ "@context": context() })))
		.as_ref()
		.map_err(Clone::clone)
}

/// The EPCIS event for `what` at `origin`, with its `eventID` set to its CBV 2.0 hash.
pub fn event(what: What, origin: &Origin) -> Result<Value, hash::HashError> {
	let mut e = Map::new();
	e.insert("type".into(), json!(what.event_type));
	e.insert("eventTime".into(), json!(time(origin.time_ms)));
	e.insert("eventTimeZoneOffset".into(), json!("+00:00"));
	if let Some(parent) = what.parent {
		e.insert("parentID".into(), json!(parent));
	}
	let list = if what.event_type == "AggregationEvent" { "childEPCs" } else { "epcList" };
	if !what.epcs.is_empty() || what.classes.is_empty() {
		e.insert(list.into(), json!(what.epcs));
	}
	if !what.classes.is_empty() {
		let classes: Vec<Value> = what.classes.iter().map(|c| json!({ "epcClass": c })).collect();
		let quantities = if what.event_type == "AggregationEvent" {
			"childQuantityList"
		} else {
			"quantityList"
		};
		e.insert(quantities.into(), Value::Array(classes));
	}
	e.insert("action".into(), json!(what.action));
	if let Some(step) = what.biz_step {
		e.insert("bizStep".into(), json!(step));
	}
	if let Some(disposition) = what.disposition {
		e.insert("disposition".into(), json!(disposition));
	}
	if let Some(org) = what.at {
		e.insert("readPoint".into(), json!({ "id": org_uri(org) }));
		e.insert("bizLocation".into(), json!({ "id": org_uri(org) }));
	}
	let parties = |list: &[(&str, u32)], key: &str| -> Value {
		list.iter().map(|(kind, org)| json!({ "type": kind, key: org_uri(*org) })).collect()
	};
	if !what.sources.is_empty() {
		e.insert("sourceList".into(), parties(&what.sources, "source"));
	}
	if !what.destinations.is_empty() {
		e.insert("destinationList".into(), parties(&what.destinations, "destination"));
	}
	if let Some(ilmd) = what.ilmd {
		e.insert("ilmd".into(), ilmd);
	}
	e.insert("hc:block".into(), json!(origin.block));
	e.insert("hc:blockHash".into(), json!(origin.block_hash));
	e.insert("hc:eventIndex".into(), json!(origin.index));
	if let Some(extrinsic) = origin.extrinsic {
		e.insert("hc:extrinsic".into(), json!(extrinsic));
	}
	let mut event = Value::Object(e);
	let id = hash::event_hash(&event, hash_context()?)?;
	if let Value::Object(map) = &mut event {
		map.insert("eventID".into(), json!(id));
	}
	Ok(event)
}

/// `value` as JSON text with `@context`, then `type`, first in every object and the other keys
/// in code-point order: the order GS1's examples use, and the one the event hash assumes for
/// source, destination and business-transaction entries (whose hash depends on key order).
pub fn to_text(value: &Value) -> String {
	let mut out = String::new();
	write(value, &mut out);
	out
}

fn write(value: &Value, out: &mut String) {
	match value {
		Value::Object(map) => {
			let first = ["@context", "type"];
			let keys = first
				.iter()
				.filter(|k| map.contains_key(**k))
				.copied()
				.chain(map.keys().map(String::as_str).filter(|k| !first.contains(k)));
			out.push('{');
			for (i, key) in keys.enumerate() {
				if i > 0 {
					out.push(',');
				}
				out.push_str(&Value::String(key.to_string()).to_string());
				out.push(':');
				write(&map[key], out);
			}
			out.push('}');
		},
		Value::Array(items) => {
			out.push('[');
			for (i, item) in items.iter().enumerate() {
				if i > 0 {
					out.push(',');
				}
				write(item, out);
			}
			out.push(']');
		},
		other => out.push_str(&other.to_string()),
	}
}

/// An `EPCISDocument` holding `events`, created at `now_ms`.
pub fn document(events: Vec<Value>, now_ms: u64) -> Value {
	json!({
		"@context": context(),
		"type": "EPCISDocument",
		"schemaVersion": "2.0",
		"creationDate": time(now_ms),
		"epcisBody": { "eventList": events },
	})
}

/// An `EPCISQueryDocument`: the answer to a `SimpleEventQuery`.
pub fn query_document(events: Vec<Value>, now_ms: u64) -> Value {
	json!({
		"@context": context(),
		"type": "EPCISQueryDocument",
		"schemaVersion": "2.0",
		"creationDate": time(now_ms),
		"epcisBody": {
			"queryResults": {
				"queryName": "SimpleEventQuery",
				"resultsBody": { "eventList": events },
			},
		},
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn identifiers_are_digital_link_uris_with_encoded_values() {
		assert_eq!(
			pack_uri(b"09506000134352", b"AB/1 2"),
			"https://id.gs1.org/01/09506000134352/21/AB%2F1%202"
		);
		assert_eq!(
			container_uri(b"395060001343520000"),
			"https://id.gs1.org/00/395060001343520000"
		);
		assert_eq!(
			lot_uri(b"09506000134352", b"L-1"),
			"https://id.gs1.org/01/09506000134352/10/L-1"
		);
	}

	#[test]
	fn json_text_puts_context_and_type_first() {
		let value = json!({ "z": 1, "type": "X", "@context": ["c"], "list": [{ "source": "s", "type": "t" }] });
		assert_eq!(
			to_text(&value),
			r#"{"@context":["c"],"type":"X","list":[{"type":"t","source":"s"}],"z":1}"#
		);
		assert_eq!(serde_json::from_str::<Value>(&to_text(&value)).unwrap(), value);
	}

	#[test]
	fn times_and_expiry_dates_are_formatted_as_epcis_wants() {
		assert_eq!(time(0), "1970-01-01T00:00:00.000Z");
		assert_eq!(time(951_782_400_123), "2000-02-29T00:00:00.123Z");
		assert_eq!(time(1_796_386_245_007), "2026-12-04T12:10:45.007Z");
		assert_eq!(expiry_date(b"301231").as_deref(), Some("2030-12-31"));
		assert_eq!(expiry_date(b"280200").as_deref(), Some("2028-02-29"));
		assert_eq!(expiry_date(b"270200").as_deref(), Some("2027-02-28"));
		assert_eq!(expiry_date(b"271301"), None);
		assert_eq!(expiry_date(b"270431"), None);
		assert_eq!(expiry_date(b"2704x1"), None);
	}
}
