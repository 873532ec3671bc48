//! Blind indexes: keyed commitments that let the chain compare codes and dates it cannot read.
//!
//! A clinical code (a LOINC category, a security label such as `PSY`) or a clinical date never
//! reaches the chain. What does is its [`Tag`]: the first 16 bytes of
//! `HMAC-SHA-256(k, "healthchain/blind/v1" ‖ 0 ‖ field ‖ 0 ‖ value)`, where `k` is the patient's
//! [`BlindKey`]. The chain only tests tags for equality, so consent is still decided on chain;
//! without `k` nobody can test a guess ("is this `HIV`?"), which a plain or publicly salted hash
//! would allow because the code spaces are small.
//!
//! - Codes: [`code_tag`] with [`Field::Category`], [`Field::Type`] or [`Field::Label`].
//! - Labels: a record carries exactly [`LABEL_SLOTS`] label tags ([`label_tags`]); unused slots
//!   hold fillers derived from the record's content hash, so the count of labels is not shown.
//! - Dates: a day is a leaf of a binary tree over 2^16 days from 1970-01-01 (to 2149). A record
//!   carries the tags of the [`DATE_LEVELS`] nodes above its day ([`date_tags`]); a data period
//!   is the tags of its minimal cover by tree nodes ([`period_tags`], at most
//!   [`MAX_PERIOD_TAGS`]). A record lies in a period exactly when the two share a tag
//!   ([`period_covers`]). Days are exact; times of day are not kept.
//!
//! The same construction is written in JavaScript in `scripts/lib/blind.mjs`; both are checked
//! against the vectors in `tests/vectors/blind.json`. `docs/privacy.md` explains the choice.

use crate::Moment;
use alloc::vec::Vec;
use frame_support::{traits::ConstU32, BoundedVec};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes in a [`Tag`]: 128 bits, so that two different values collide with negligible
/// probability (a collision would be a wrong permit or deny).
pub const TAG_LEN: usize = 16;
/// A keyed commitment of a code or a date node.
pub type Tag = [u8; TAG_LEN];
/// A patient's blind-index key, shared with the custodians that register records for them and
/// never with a grantee.
pub type BlindKey = [u8; 32];

/// Label slots of every record: real labels first, fillers after.
pub const LABEL_SLOTS: usize = 4;
/// The security-label tags of a record.
pub type LabelTags = [Tag; LABEL_SLOTS];

/// Levels of the date tree whose nodes a record carries: level `l` groups `2^l` days.
pub const DATE_LEVELS: usize = 16;
/// The date tags of a record, level 0 (the day) first.
pub type DateTags = [Tag; DATE_LEVELS];
/// The most tags a period's cover needs (at most two nodes per level).
pub const MAX_PERIOD_TAGS: u32 = 2 * DATE_LEVELS as u32;
/// A data period as tags of the tree nodes covering it.
pub type PeriodTags = BoundedVec<Tag, ConstU32<MAX_PERIOD_TAGS>>;
/// The first day that cannot be expressed (2149-06-07).
pub const DAY_LIMIT: u32 = 1 << DATE_LEVELS;
/// Milliseconds in a day.
pub const DAY_MS: Moment = 86_400_000;

const DOMAIN: &[u8] = b"healthchain/blind/v1";
const KEY_DOMAIN: &[u8] = b"healthchain/blind-key/v1";

/// What a tag stands for; part of the hashed input, so equal text in two fields gives unrelated
/// tags.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Field {
	/// A category code (e.g. a LOINC document class).
	Category,
	/// A type code (e.g. a LOINC document type).
	Type,
	/// A security label (e.g. `PSY`, `R`).
	Label,
	/// A node of the date tree.
	Date,
	/// A filler for an unused label slot.
	Filler,
}

impl Field {
	fn name(self) -> &'static [u8] {
		match self {
			Field::Category => b"category",
			Field::Type => b"type",
			Field::Label => b"label",
			Field::Date => b"date",
			Field::Filler => b"filler",
		}
	}
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
	// HMAC accepts a key of any length: `new_from_slice` cannot fail for it.
	let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else { return [0; 32] };
	for part in parts {
		mac.update(part);
	}
	mac.finalize().into_bytes().into()
}

/// The tag of `value` in `field` under `key`.
pub fn tag(key: &BlindKey, field: Field, value: &[u8]) -> Tag {
	let full = hmac(key, &[DOMAIN, &[0], field.name(), &[0], value]);
	let mut out = [0u8; TAG_LEN];
	out.copy_from_slice(&full[..TAG_LEN]);
	out
}

/// The tag of a code (category, type or label).
pub fn code_tag(key: &BlindKey, field: Field, code: &[u8]) -> Tag {
	tag(key, field, code)
}

/// A blind key derived from a secret key URI (a mnemonic with its derivation path, or a dev URI
/// such as `//Alice`): `HMAC-SHA-256("healthchain/blind-key/v1", suri)`. Wallets use it so that
/// the key is restored from the seed alone.
pub fn key_from_suri(suri: &[u8]) -> BlindKey {
	hmac(KEY_DOMAIN, &[suri])
}

/// The label tags of a record with `labels` (at most [`LABEL_SLOTS`]), the unused slots filled
/// with tags derived from `salt` (the record's content hash), so that fillers differ between
/// records. `None` when there are too many labels.
pub fn label_tags(key: &BlindKey, labels: &[&[u8]], salt: &[u8]) -> Option<LabelTags> {
	if labels.len() > LABEL_SLOTS {
		return None;
	}
	let mut out = [[0u8; TAG_LEN]; LABEL_SLOTS];
	for (slot, tag_out) in out.iter_mut().enumerate() {
		*tag_out = match labels.get(slot) {
			Some(label) => code_tag(key, Field::Label, label),
			None => tag(key, Field::Filler, &[salt, &[slot as u8]].concat()),
		};
	}
	Some(out)
}

/// The day of a timestamp (milliseconds since the Unix epoch), if before [`DAY_LIMIT`].
pub fn day_of(ms: Moment) -> Option<u32> {
	u32::try_from(ms / DAY_MS).ok().filter(|day| *day < DAY_LIMIT)
}

fn node_tag(key: &BlindKey, level: usize, index: u32) -> Tag {
	// Level < 16 and index < 2^16: three bytes name the node.
	let [_, _, hi, lo] = index.to_be_bytes();
	tag(key, Field::Date, &[level as u8, hi, lo])
}

/// The tags of the nodes above `day` (which must be below [`DAY_LIMIT`]), level 0 first.
pub fn date_tags(key: &BlindKey, day: u32) -> DateTags {
	let mut out = [[0u8; TAG_LEN]; DATE_LEVELS];
	for (level, tag_out) in out.iter_mut().enumerate() {
		*tag_out = node_tag(key, level, day >> level);
	}
	out
}

/// The tree nodes `(level, index)` that cover the days `from..=until` exactly, fewest first from
/// the left. Empty when `from > until` or `until` is not below [`DAY_LIMIT`].
pub fn period_nodes(from: u32, until: u32) -> Vec<(usize, u32)> {
	let mut nodes = Vec::new();
	if from > until || until >= DAY_LIMIT {
		return nodes;
	}
	let end = until + 1;
	let mut lo = from;
	while lo < end {
		let mut level = 0usize;
		while level + 1 < DATE_LEVELS {
			let size = 1u32 << (level + 1);
			if !lo.is_multiple_of(size) || lo + size > end {
				break;
			}
			level += 1;
		}
		nodes.push((level, lo >> level));
		lo += 1 << level;
	}
	nodes
}

/// The tags of the minimal cover of the days `from..=until`; `None` when the period is empty or
/// reaches [`DAY_LIMIT`].
pub fn period_tags(key: &BlindKey, from: u32, until: u32) -> Option<PeriodTags> {
	let nodes = period_nodes(from, until);
	if nodes.is_empty() {
		return None;
	}
	let tags: Vec<Tag> =
		nodes.into_iter().map(|(level, index)| node_tag(key, level, index)).collect();
	// At most two nodes per level: the cover always fits.
	PeriodTags::try_from(tags).ok()
}

/// Whether a record dated with `dates` lies in the period given by `period`.
pub fn period_covers(period: &[Tag], dates: &DateTags) -> bool {
	dates.iter().any(|tag| period.contains(tag))
}

#[cfg(test)]
mod tests {
	use super::*;

	const KEY: BlindKey = [7u8; 32];

	#[test]
	fn tags_depend_on_key_field_and_value() {
		let a = code_tag(&KEY, Field::Category, b"11506-3");
		assert_eq!(a, code_tag(&KEY, Field::Category, b"11506-3"));
		assert_ne!(a, code_tag(&[8u8; 32], Field::Category, b"11506-3"));
		assert_ne!(a, code_tag(&KEY, Field::Type, b"11506-3"));
		assert_ne!(a, code_tag(&KEY, Field::Category, b"11506-4"));
	}

	#[test]
	fn a_cover_holds_exactly_the_days_of_its_period() {
		let periods = [(0, 0), (3, 9), (1, 65_534), (0, DAY_LIMIT - 1), (19_000, 19_400)];
		for (from, until) in periods {
			let cover = period_tags(&KEY, from, until).expect("valid period");
			assert!(cover.len() as u32 <= MAX_PERIOD_TAGS);
			let probes = [from.saturating_sub(1), from, (from + until) / 2, until, until + 1];
			for day in probes.into_iter().filter(|d| *d < DAY_LIMIT) {
				let inside = from <= day && day <= until;
				assert_eq!(period_covers(&cover, &date_tags(&KEY, day)), inside, "{day}");
			}
		}
	}

	#[test]
	fn every_day_of_a_small_tree_is_decided_exactly() {
		for from in 0..40u32 {
			for until in from..40u32 {
				let cover = period_tags(&KEY, from, until).expect("valid period");
				for day in 0..48u32 {
					let inside = from <= day && day <= until;
					assert_eq!(period_covers(&cover, &date_tags(&KEY, day)), inside);
				}
			}
		}
	}

	#[test]
	fn empty_or_out_of_range_periods_have_no_cover() {
		assert_eq!(period_tags(&KEY, 5, 4), None);
		assert_eq!(period_tags(&KEY, 0, DAY_LIMIT), None);
		assert_eq!(day_of(u64::from(DAY_LIMIT) * DAY_MS), None);
		assert_eq!(day_of(1_700_000_000_000), Some(19_675));
	}

	fn hex(text: &str) -> Vec<u8> {
		let digits = text.trim_start_matches("0x").as_bytes();
		digits
			.chunks(2)
			.map(|pair| {
				u8::from_str_radix(core::str::from_utf8(pair).expect("ascii"), 16).expect("hex")
			})
			.collect()
	}

	fn tags_hex(tags: &[Tag]) -> Vec<String> {
		tags.iter()
			.map(|tag| {
				let digits: String = tag.iter().map(|b| format!("{b:02x}")).collect();
				format!("0x{digits}")
			})
			.collect()
	}

	fn strings(value: &serde_json::Value) -> Vec<String> {
		value
			.as_array()
			.expect("array")
			.iter()
			.map(|v| v.as_str().expect("string").to_owned())
			.collect()
	}

	/// The JavaScript client (`scripts/lib/blind.mjs`) wrote these vectors; the runtime must
	/// compute the same tags, or the chain's decisions and the wallets' would disagree.
	#[test]
	fn the_shared_vectors_hold() {
		let vectors: serde_json::Value =
			serde_json::from_str(include_str!("../../../tests/vectors/blind.json"))
				.expect("vectors parse");
		for case in vectors["key_from_suri"].as_array().expect("array") {
			let suri = case["suri"].as_str().expect("suri");
			assert_eq!(
				key_from_suri(suri.as_bytes()).to_vec(),
				hex(case["key"].as_str().expect("key"))
			);
		}
		let key: BlindKey =
			hex(vectors["key"].as_str().expect("key")).try_into().expect("32 bytes");
		for case in vectors["code_tags"].as_array().expect("array") {
			let field = match case["field"].as_str().expect("field") {
				"category" => Field::Category,
				"type" => Field::Type,
				"label" => Field::Label,
				"date" => Field::Date,
				_ => Field::Filler,
			};
			let code = case["code"].as_str().expect("code").as_bytes();
			assert_eq!(
				code_tag(&key, field, code).to_vec(),
				hex(case["tag"].as_str().expect("tag"))
			);
		}
		for case in vectors["label_tags"].as_array().expect("array") {
			let labels = strings(&case["labels"]);
			let labels: Vec<&[u8]> = labels.iter().map(|l| l.as_bytes()).collect();
			let salt = hex(case["salt"].as_str().expect("salt"));
			let tags = label_tags(&key, &labels, &salt).expect("fits");
			assert_eq!(tags_hex(&tags), strings(&case["tags"]));
		}
		for case in vectors["day_of"].as_array().expect("array") {
			let ms = case["ms"].as_u64().expect("ms");
			assert_eq!(day_of(ms), case["day"].as_u64().map(|d| d as u32));
		}
		for case in vectors["date_tags"].as_array().expect("array") {
			let day = case["day"].as_u64().expect("day") as u32;
			assert_eq!(tags_hex(&date_tags(&key, day)), strings(&case["tags"]));
		}
		for case in vectors["periods"].as_array().expect("array") {
			let from = case["from"].as_u64().expect("from") as u32;
			let until = case["until"].as_u64().expect("until") as u32;
			let nodes: Vec<(usize, u32)> = period_nodes(from, until);
			let expected: Vec<(usize, u32)> = case["nodes"]
				.as_array()
				.expect("nodes")
				.iter()
				.map(|n| {
					(n[0].as_u64().expect("level") as usize, n[1].as_u64().expect("index") as u32)
				})
				.collect();
			assert_eq!(nodes, expected);
			let tags = period_tags(&key, from, until).expect("valid period");
			assert_eq!(tags_hex(&tags), strings(&case["tags"]));
		}
	}

	#[test]
	fn label_slots_are_filled_and_fillers_differ_by_salt() {
		let one = label_tags(&KEY, &[b"PSY"], b"hash-1").expect("fits");
		let two = label_tags(&KEY, &[b"PSY"], b"hash-2").expect("fits");
		assert_eq!(one[0], code_tag(&KEY, Field::Label, b"PSY"));
		assert_eq!(one[0], two[0]);
		assert_ne!(one[1], two[1]);
		assert_ne!(one[1], one[2]);
		assert!(label_tags(&KEY, &[b"A", b"B", b"C", b"D", b"E"], b"h").is_none());
	}
}
