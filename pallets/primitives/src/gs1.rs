//! GS1 identifiers: the mod-10 check digit of the GS1 keys, the GS1 character sets, the
//! calendar of GS1 dates, and every application identifier (AI) of the GS1 Barcode Syntax
//! Dictionary ([`AI_TABLE`]), shared by the pallets, the indexer and the clients' Rust code.
//!
//! [`AI_TABLE`] is generated from the dictionary (vendored in `tests/vectors/gs1/`) by
//! `scripts/gen-gs1-ais.mjs`, which writes the same table for the JavaScript reader
//! (`scripts/lib/gs1.mjs`).

mod ais;

pub use ais::{AI_TABLE, DICTIONARY_RELEASE};

/// The GS character (ASCII 29) that stands for FNC1 between the elements of scanned data.
pub const GS: u8 = 0x1d;

/// The GS1 mod-10 check digit (ASCII) of `body`, the digits before it: GTIN, SSCC, GLN and the
/// other GS1 keys. `None` when `body` is empty or holds a non-digit.
pub fn check_digit(body: &[u8]) -> Option<u8> {
	if body.is_empty() {
		return None;
	}
	// Only the sum modulo 10 matters; keeping it below 10 keeps every step below 40.
	let mut sum = 0u8;
	for (i, d) in body.iter().rev().enumerate() {
		if !d.is_ascii_digit() {
			return None;
		}
		// Weights 3, 1, 3, 1... from the digit next to the check digit, leftwards.
		let weight = if i.is_multiple_of(2) { 3 } else { 1 };
		sum = (sum + (d - b'0') * weight) % 10;
	}
	Some(b'0' + (10 - sum) % 10)
}

/// Whether `digits` are ASCII digits whose last is the GS1 check digit of the others (GTIN-8,
/// -12, -13, -14, SSCC, GLN...). `false` for fewer than two digits.
pub fn has_valid_check_digit(digits: &[u8]) -> bool {
	match digits.split_last() {
		Some((check, body)) => check_digit(body) == Some(*check),
		None => false,
	}
}

/// Whether `c` is in the GS1 AI encodable character set 82 (ISO/IEC 646 invariant subset):
/// `! " % & ' ( ) * + , - . /`, digits, `: ; < = > ?`, letters, `_`.
pub fn is_gs1_char(c: u8) -> bool {
	c.is_ascii_alphanumeric()
		|| matches!(
			c,
			b'!' | b'"'
				| b'%' | b'&'
				| b'\'' | b'('
				| b')' | b'*'
				| b'+' | b','
				| b'-' | b'.'
				| b'/' | b':'
				| b';' | b'<'
				| b'=' | b'>'
				| b'?' | b'_'
		)
}

/// Whether `text` is 1 to `max` characters of the GS1 character set 82 (serial AI `21`, lot
/// AI `10`).
pub fn is_gs1_text(text: &[u8], max: usize) -> bool {
	!text.is_empty() && text.len() <= max && text.iter().all(|c| is_gs1_char(*c))
}

/// Whether `c` is in the GS1 AI encodable character set 39: `#`, `-`, `/`, digits, capitals.
pub fn is_cset39_char(c: u8) -> bool {
	c.is_ascii_digit() || c.is_ascii_uppercase() || matches!(c, b'#' | b'-' | b'/')
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap(year: i64) -> bool {
	(year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1..=12) of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
	match month {
		1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
		4 | 6 | 9 | 11 => 30,
		2 if is_leap(year) => 29,
		_ => 28,
	}
}

/// The characters a component of a value may hold, named as in the dictionary.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Charset {
	/// Digits.
	N,
	/// The GS1 AI encodable character set 82 ([`is_gs1_char`]).
	X,
	/// The GS1 AI encodable character set 39 ([`is_cset39_char`]).
	Y,
	/// Base64url, the GS1 character set 64, with optional `=` padding.
	Z,
}

/// One component of an AI's value, as the dictionary gives it (`N13,csum`, `[X..17]`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Component {
	/// Its characters.
	pub charset: Charset,
	/// Its fewest characters: `max` for a fixed length (`N13`), 1 for a variable one (`X..17`).
	pub min: usize,
	/// Its most characters.
	pub max: usize,
	/// Whether the value may end before this component (`[...]` in the dictionary).
	pub optional: bool,
	/// The names of the dictionary's checks of this component (`csum`, `yymmd0`...).
	pub linters: &'static [&'static str],
}

/// One entry of the dictionary: an AI, or a range of AIs of equal length that share a
/// definition (`3100` to `3105`, net weight in kg with 0 to 5 decimals).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AiEntry {
	/// The first AI of the entry.
	pub first: &'static str,
	/// The last AI of the entry, `first` for an entry of one AI.
	pub last: &'static str,
	/// Whether the AI has a predefined length (flag `*`): its value has a set length and needs no
	/// GS after it. Any other value ends with a GS, or with the data.
	pub predefined_length: bool,
	/// Whether the AI may be a data attribute (a query parameter) of a GS1 Digital Link URI
	/// (flag `?`).
	pub dl_data_attribute: bool,
	/// Whether the AI is a primary key of a GS1 Digital Link URI (`dlpkey`).
	pub dl_primary_key: bool,
	/// The key qualifiers a Digital Link path may give after this primary key: alternative
	/// sequences, each in the order its AIs must come, any of them left out
	/// (`dlpkey=22,10,21|235`).
	pub dl_qualifiers: &'static [&'static [&'static str]],
	/// The parts of the value, in order.
	pub components: &'static [Component],
	/// The data title, as printed under a barcode (empty for the coupon AIs, which have none).
	pub title: &'static str,
}

impl AiEntry {
	/// Whether `ai` (ASCII digits) is one of this entry's AIs.
	pub fn contains(&self, ai: &[u8]) -> bool {
		ai.len() == self.first.len() && self.first.as_bytes() <= ai && ai <= self.last.as_bytes()
	}

	/// The length of a value whose components are all of a fixed length and mandatory (`N6 N4`
	/// of AI 7003); `None` when the length varies.
	pub fn fixed_len(&self) -> Option<usize> {
		self.components
			.iter()
			.try_fold(0usize, |len, c| (c.min == c.max && !c.optional).then_some(len + c.max))
	}
}

/// The dictionary's entry of `ai` (ASCII digits), or `None` if it is no AI.
pub fn ai_entry(ai: &[u8]) -> Option<&'static AiEntry> {
	AI_TABLE.iter().find(|entry| entry.contains(ai))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn check_digit_completes_valid_identifiers() {
		assert_eq!(check_digit(b"0950600013435"), Some(b'2'));
		assert_eq!(check_digit(b"10614141123456789"), Some(b'7'));
		assert_eq!(check_digit(b"12a"), None);
		assert_eq!(check_digit(b""), None);
	}

	#[test]
	fn check_digit_accepts_known_codes_and_rejects_others() {
		// GTIN-14 and SSCC examples from the GS1 General Specifications.
		assert!(has_valid_check_digit(b"09506000134352"));
		assert!(has_valid_check_digit(b"00614141123452"));
		assert!(has_valid_check_digit(b"106141411234567897"));
		assert!(!has_valid_check_digit(b"09506000134353"));
		assert!(!has_valid_check_digit(b"0950600013435A"));
		assert!(!has_valid_check_digit(b"0"));
		assert!(!has_valid_check_digit(b""));
	}

	#[test]
	fn character_sets_have_82_and_39_characters() {
		assert_eq!((0u8..=255).filter(|c| is_gs1_char(*c)).count(), 82);
		assert_eq!((0u8..=255).filter(|c| is_cset39_char(*c)).count(), 39);
		for c in [b' ', b'#', b'$', b'@', GS] {
			assert!(!is_gs1_char(c));
		}
	}

	#[test]
	fn the_table_is_in_order_and_knows_every_ai_once() {
		let ais: Vec<String> = AI_TABLE
			.iter()
			.flat_map(|entry| {
				let (first, last): (u32, u32) =
					(entry.first.parse().expect("digits"), entry.last.parse().expect("digits"));
				(first..=last).map(move |n| format!("{n:0width$}", width = entry.first.len()))
			})
			.collect();
		let mut sorted = ais.clone();
		sorted.sort();
		sorted.dedup();
		assert_eq!(ais, sorted);
		// The dictionary's release of 2026-01-27 has 224 entries of 541 AIs.
		assert_eq!(AI_TABLE.len(), 224);
		assert_eq!(ais.len(), 541);
		for ai in &ais {
			let entry = ai_entry(ai.as_bytes()).expect("every AI has its entry");
			assert!(entry.contains(ai.as_bytes()));
		}
		assert!(ai_entry(b"23").is_none());
		assert!(ai_entry(b"3106").is_none());
		assert_eq!(ai_entry(b"3103").map(|e| e.first), Some("3100"));
		assert_eq!(ai_entry(b"95").map(|e| e.title), Some("INTERNAL"));
	}
}
