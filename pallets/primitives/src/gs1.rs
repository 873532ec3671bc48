//! GS1 identifiers and element strings: the mod-10 check digit, the GS1 character sets, and a
//! reader of element strings that knows every application identifier (AI) of the GS1 Barcode
//! Syntax Dictionary.
//!
//! ## Element strings
//!
//! [`parse_element_string`] reads the two ways GS1 data is written:
//!
//! - as a scanner sends it: AIs and values run together, a value that is not of a predefined
//!   length ended by the GS character (ASCII 29, standing for FNC1) or by the end, possibly
//!   behind a symbology identifier ([`SYMBOLOGY_IDENTIFIERS`]) and a leading GS:
//!   `]d2` `0109506000134352` `17261231` `10LOT1` GS `21SER1`;
//! - human readable, the AIs in parentheses: `(01)09506000134352(17)261231(10)LOT1(21)SER1`. A
//!   value runs to the next `(` followed by two to four digits and `)`, so a value holding such a
//!   group can only be written the scanner's way.
//!
//! Each value is checked against its AI's entry in [`AI_TABLE`]: its length and characters
//! component by component, then the dictionary's checks that can be made without outside data:
//! check digits (`csum`), dates (`yymmd0`, `yymmdd`, `yyyymmd0`, `yyyymmdd`) and times (`hh`,
//! `mi`, `ss`, `hhmi`). The others (company prefix positions, country and currency codes, the
//! GMN check pair...) and the dictionary's rules on which AIs go together are not applied.
//!
//! [`AI_TABLE`] is generated from the dictionary (vendored in `tests/vectors/gs1/`) by
//! `scripts/gen-gs1-ais.mjs`, which writes the same table for the JavaScript reader
//! (`scripts/lib/gs1.mjs`). Both readers are checked against the vectors of
//! `tests/vectors/gs1/vectors.json`, so the chain and its clients read a scan alike.

use alloc::vec::Vec;

mod ais;
mod keys;

pub use ais::{AI_TABLE, DICTIONARY_RELEASE};
pub use keys::*;

/// The GS character (ASCII 29) that stands for FNC1 between the elements of scanned data.
pub const GS: u8 = 0x1d;

/// The symbology identifiers a scanner may send before GS1 data: GS1 DataMatrix, GS1-128, GS1 QR
/// Code, GS1 DataBar, GS1 DotCode.
pub const SYMBOLOGY_IDENTIFIERS: [&[u8]; 5] = [b"]d2", b"]C1", b"]Q3", b"]e0", b"]J1"];

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

/// Whether `text` is base64url (GS1 character set 64: letters, digits, `-`, `_`), with at most
/// two `=` of padding at the end, and then only when its length is a multiple of 3, as the
/// dictionary's reference check has it.
fn is_cset64_text(text: &[u8]) -> bool {
	let pads = text.iter().rev().take_while(|c| **c == b'=').count();
	let body = text.get(..text.len().saturating_sub(pads)).unwrap_or_default();
	pads <= 2
		&& (pads == 0 || text.len().is_multiple_of(3))
		&& body.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
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

/// An application identifier as read: two to four ASCII digits.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Ai {
	digits: [u8; 4],
	len: usize,
}

impl Ai {
	/// `digits` as an AI, if they are two to four ASCII digits.
	pub fn new(digits: &[u8]) -> Option<Self> {
		if !(2..=4).contains(&digits.len()) || !digits.iter().all(u8::is_ascii_digit) {
			return None;
		}
		let mut out = [0u8; 4];
		out.get_mut(..digits.len())?.copy_from_slice(digits);
		Some(Self { digits: out, len: digits.len() })
	}

	/// The AI's digits.
	pub fn as_bytes(&self) -> &[u8] {
		self.digits.get(..self.len).unwrap_or_default()
	}

	/// The AI's digits as text.
	pub fn as_str(&self) -> &str {
		// ASCII digits are UTF-8.
		core::str::from_utf8(self.as_bytes()).unwrap_or_default()
	}
}

/// One element of an element string: an AI and its value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Element<'a> {
	/// The AI.
	pub ai: Ai,
	/// The dictionary's entry of the AI.
	pub entry: &'static AiEntry,
	/// The value, checked against the entry.
	pub value: &'a [u8],
}

/// Why an element string was refused. [`Gs1Error::code`] names each kind the way the JavaScript
/// reader does (`scripts/lib/gs1.mjs`), and the shared vectors spell them so.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gs1Error {
	/// Nothing to read: the data is empty, or only a symbology identifier and GS characters.
	Empty,
	/// No AI where one must start: a character other than a digit, fewer than two digits, two
	/// GS in a row, or human readable data that does not start with an AI in parentheses.
	Syntax,
	/// Digits where an AI must start that begin no AI of the dictionary: the end of the value
	/// cannot be found.
	UnknownAi,
	/// The value of the AI is empty or shorter than its components require.
	TooShort(Ai),
	/// The value of the AI is longer than its components allow.
	TooLong(Ai),
	/// The value of the AI holds a character outside its component's character set.
	BadCharacter(Ai),
	/// A GS1 key in the value of the AI has a wrong check digit.
	BadCheckDigit(Ai),
	/// A date in the value of the AI is not a date (month 13, 31 April...).
	BadDate(Ai),
	/// A time in the value of the AI is not a time (hour 24, minute 60...).
	BadTime(Ai),
	/// The value of the AI has a set length but no predefined length, and more data follows it
	/// without the GS that must end it.
	MissingSeparator(Ai),
	/// The AI is given twice with different values.
	DuplicateAi(Ai),
}

impl Gs1Error {
	/// The name of the kind of error, as the JavaScript reader's `Gs1Error.code` gives it.
	pub fn code(&self) -> &'static str {
		match self {
			Self::Empty => "Empty",
			Self::Syntax => "Syntax",
			Self::UnknownAi => "UnknownAI",
			Self::TooShort(_) => "TooShort",
			Self::TooLong(_) => "TooLong",
			Self::BadCharacter(_) => "BadCharacter",
			Self::BadCheckDigit(_) => "BadCheckDigit",
			Self::BadDate(_) => "BadDate",
			Self::BadTime(_) => "BadTime",
			Self::MissingSeparator(_) => "MissingSeparator",
			Self::DuplicateAi(_) => "DuplicateAI",
		}
	}

	/// The AI whose value is at fault, when there is one.
	pub fn ai(&self) -> Option<Ai> {
		match self {
			Self::Empty | Self::Syntax | Self::UnknownAi => None,
			Self::TooShort(ai)
			| Self::TooLong(ai)
			| Self::BadCharacter(ai)
			| Self::BadCheckDigit(ai)
			| Self::BadDate(ai)
			| Self::BadTime(ai)
			| Self::MissingSeparator(ai)
			| Self::DuplicateAi(ai) => Some(*ai),
		}
	}
}

/// Reads a GS1 element string, as a scanner sends it or human readable (see the module's
/// documentation), into its elements in order. An AI given twice with the same value is kept
/// once.
///
/// ```
/// use healthchain_primitives::gs1::parse_element_string;
///
/// let scanned = parse_element_string(b"]d2010950600013435217261231\x1d10LOT1").unwrap();
/// let read: Vec<(&str, &[u8])> = scanned.iter().map(|e| (e.ai.as_str(), e.value)).collect();
/// let expected: [(&str, &[u8]); 3] =
///     [("01", b"09506000134352"), ("17", b"261231"), ("10", b"LOT1")];
/// assert_eq!(read, expected);
///
/// let error = parse_element_string(b"(01)09506000134353").unwrap_err();
/// assert_eq!((error.code(), error.ai().unwrap().as_str()), ("BadCheckDigit", "01"));
/// ```
pub fn parse_element_string(input: &[u8]) -> Result<Vec<Element<'_>>, Gs1Error> {
	let mut elements = Vec::new();
	if input.first() == Some(&b'(') {
		parse_bracketed(input, &mut elements)?;
	} else {
		parse_scanned(input, &mut elements)?;
	}
	Ok(elements)
}

fn parse_scanned<'a>(input: &'a [u8], elements: &mut Vec<Element<'a>>) -> Result<(), Gs1Error> {
	let mut rest = input;
	if let Some(id) = SYMBOLOGY_IDENTIFIERS.iter().find(|id| rest.starts_with(id)) {
		rest = rest.get(id.len()..).unwrap_or_default();
	}
	while let Some((&GS, tail)) = rest.split_first() {
		rest = tail;
	}
	if rest.is_empty() {
		return Err(Gs1Error::Empty);
	}
	while !rest.is_empty() {
		let (ai, entry) = leading_ai(rest)?;
		let data = rest.get(ai.len..).unwrap_or_default();
		let until_gs = data.iter().position(|c| *c == GS).unwrap_or(data.len());
		let end = if entry.predefined_length {
			let len = entry.fixed_len().unwrap_or_default();
			if until_gs < len {
				return Err(Gs1Error::TooShort(ai));
			}
			len
		} else {
			if entry.fixed_len().is_some_and(|len| until_gs > len) {
				return Err(Gs1Error::MissingSeparator(ai));
			}
			until_gs
		};
		let (value, tail) = data.split_at_checked(end).ok_or(Gs1Error::TooShort(ai))?;
		add(elements, ai, entry, value)?;
		// The GS that ends a value, or that an encoder put after a predefined-length one.
		rest = tail.strip_prefix(&[GS]).unwrap_or(tail);
	}
	Ok(())
}

/// The AI `text` starts with: the first two, three or four digits that are an AI of the
/// dictionary (no AI is the start of another).
fn leading_ai(text: &[u8]) -> Result<(Ai, &'static AiEntry), Gs1Error> {
	let digits = text.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
	if digits < 2 {
		return Err(Gs1Error::Syntax);
	}
	(2..=digits)
		.filter_map(|len| text.get(..len).and_then(Ai::new))
		.find_map(|ai| ai_entry(ai.as_bytes()).map(|entry| (ai, entry)))
		.ok_or(Gs1Error::UnknownAi)
}

fn parse_bracketed<'a>(input: &'a [u8], elements: &mut Vec<Element<'a>>) -> Result<(), Gs1Error> {
	let mut rest = input;
	while !rest.is_empty() {
		let len = bracketed_ai_len(rest).ok_or(Gs1Error::Syntax)?;
		let ai = rest.get(1..1 + len).and_then(Ai::new).ok_or(Gs1Error::Syntax)?;
		let entry = ai_entry(ai.as_bytes()).ok_or(Gs1Error::UnknownAi)?;
		let data = rest.get(len + 2..).unwrap_or_default();
		let end = (0..data.len())
			.find(|at| data.get(*at..).and_then(bracketed_ai_len).is_some())
			.unwrap_or(data.len());
		let (value, tail) = data.split_at_checked(end).ok_or(Gs1Error::Syntax)?;
		add(elements, ai, entry, value)?;
		rest = tail;
	}
	Ok(())
}

/// The number of digits of the AI in parentheses that `text` starts with: `(`, two to four
/// digits, `)`.
fn bracketed_ai_len(text: &[u8]) -> Option<usize> {
	let (&b'(', after) = text.split_first()? else { return None };
	let len = after.iter().take(5).take_while(|c| c.is_ascii_digit()).count();
	((2..=4).contains(&len) && after.get(len) == Some(&b')')).then_some(len)
}

/// Checks `value` against `entry`, then adds it to `elements` unless the AI is there already
/// with the same value.
fn add<'a>(
	elements: &mut Vec<Element<'a>>,
	ai: Ai,
	entry: &'static AiEntry,
	value: &'a [u8],
) -> Result<(), Gs1Error> {
	check_value(ai, entry, value)?;
	if let Some(seen) = elements.iter().find(|element| element.ai == ai) {
		return if seen.value == value { Ok(()) } else { Err(Gs1Error::DuplicateAi(ai)) };
	}
	elements.push(Element { ai, entry, value });
	Ok(())
}

/// Checks the value of `ai` against its entry: no character outside ASCII (none is in any GS1
/// character set, and it keeps the lengths below the same whether counted in bytes or in
/// characters, as the JavaScript reader counts them), then the length of each component, then
/// each component's characters and checks, in order.
pub fn check_value(ai: Ai, entry: &AiEntry, value: &[u8]) -> Result<(), Gs1Error> {
	if !value.is_ascii() {
		return Err(Gs1Error::BadCharacter(ai));
	}
	let mut parts: Vec<(&Component, &[u8])> = Vec::new();
	let mut rest = value;
	for component in entry.components {
		if rest.is_empty() && component.optional {
			break;
		}
		let take = rest.len().min(component.max);
		if take < component.min {
			return Err(Gs1Error::TooShort(ai));
		}
		let (part, tail) = rest.split_at_checked(take).ok_or(Gs1Error::TooShort(ai))?;
		parts.push((component, part));
		rest = tail;
	}
	if !rest.is_empty() {
		return Err(Gs1Error::TooLong(ai));
	}
	for (component, part) in parts {
		let characters_ok = match component.charset {
			Charset::N => part.iter().all(u8::is_ascii_digit),
			Charset::X => part.iter().all(|c| is_gs1_char(*c)),
			Charset::Y => part.iter().all(|c| is_cset39_char(*c)),
			Charset::Z => is_cset64_text(part),
		};
		if !characters_ok {
			return Err(Gs1Error::BadCharacter(ai));
		}
		for linter in component.linters {
			lint(linter, part, ai)?;
		}
	}
	Ok(())
}

/// Applies the dictionary's check `linter` to `part`, if it is one of those made here.
fn lint(linter: &str, part: &[u8], ai: Ai) -> Result<(), Gs1Error> {
	let ok = match linter {
		"csum" => has_valid_check_digit(part),
		"yymmd0" => is_date(part, false, true),
		"yymmdd" => is_date(part, false, false),
		"yyyymmd0" => is_date(part, true, true),
		"yyyymmdd" => is_date(part, true, false),
		"hh" => part.len() == 2 && number(part).is_some_and(|h| h <= 23),
		"mi" | "ss" => part.len() == 2 && number(part).is_some_and(|m| m <= 59),
		"hhmi" => {
			let (hh, mi) = part.split_at_checked(2).unwrap_or_default();
			part.len() == 4
				&& number(hh).is_some_and(|h| h <= 23)
				&& number(mi).is_some_and(|m| m <= 59)
		},
		_ => return Ok(()),
	};
	match (ok, linter) {
		(true, _) => Ok(()),
		(false, "csum") => Err(Gs1Error::BadCheckDigit(ai)),
		(false, "hh" | "mi" | "ss" | "hhmi") => Err(Gs1Error::BadTime(ai)),
		(false, _) => Err(Gs1Error::BadDate(ai)),
	}
}

/// The number written by `digits` (one to four ASCII digits).
fn number(digits: &[u8]) -> Option<u32> {
	if digits.is_empty() || digits.len() > 4 {
		return None;
	}
	digits.iter().try_fold(0u32, |n, d| Some(n * 10 + char::from(*d).to_digit(10)?))
}

/// Whether `text` is a date: `YYYYMMDD` when `full_year`, else `YYMMDD`, with a month 01 to 12
/// and a day from 01 to the month's last, or 00 (the month's end) when `day_zero`.
fn is_date(text: &[u8], full_year: bool, day_zero: bool) -> bool {
	let year_len = if full_year { 4 } else { 2 };
	if text.len() != year_len + 4 {
		return false;
	}
	let (year, month_day) = text.split_at_checked(year_len).unwrap_or_default();
	let (Some(year), Some(month), Some(day)) =
		(number(year), month_day.get(..2).and_then(number), month_day.get(2..).and_then(number))
	else {
		return false;
	};
	// A two-digit year read as the dictionary's reference checks read it, 20YY or from 72 19YY:
	// a reader without a clock can do no better, and only 29 February of a year 00 depends on it.
	let year = match (full_year, year) {
		(true, year) => year,
		(false, yy) if yy >= 72 => 1900 + yy,
		(false, yy) => 2000 + yy,
	};
	let last = days_in_month(i64::from(year), month);
	let days = if day_zero { 0..=last } else { 1..=last };
	(1..=12).contains(&month) && days.contains(&day)
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
		assert!(is_cset64_text(b"aZ09-_"));
		assert!(is_cset64_text(b"12="));
		assert!(!is_cset64_text(b"123="));
		assert!(!is_cset64_text(b"a+b"));
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

	#[test]
	fn the_checks_made_here_are_named_in_the_table() {
		let named = |name: &str| {
			AI_TABLE.iter().any(|e| e.components.iter().any(|c| c.linters.contains(&name)))
		};
		for linter in ["csum", "yymmd0", "yymmdd", "yyyymmdd", "hh", "mi", "ss", "hhmi"] {
			assert!(named(linter), "{linter}");
		}
	}

	#[test]
	fn dates_and_times_follow_the_calendar() {
		assert!(is_date(b"280229", false, false));
		assert!(!is_date(b"270229", false, false));
		assert!(is_date(b"000229", false, false));
		assert!(is_date(b"270200", false, true));
		assert!(!is_date(b"270200", false, false));
		assert!(is_date(b"20000229", true, false));
		assert!(!is_date(b"21000229", true, false));
		assert!(!is_date(b"271301", false, false));
		assert!(!is_date(b"2701", false, false));
		let ai = Ai::new(b"8008").expect("an AI");
		assert_eq!(lint("hh", b"23", ai), Ok(()));
		assert_eq!(lint("hh", b"24", ai), Err(Gs1Error::BadTime(ai)));
		assert_eq!(lint("hhmi", b"2360", ai), Err(Gs1Error::BadTime(ai)));
		assert_eq!(lint("iso3166", b"999", ai), Ok(()));
	}

	#[test]
	fn an_ai_is_two_to_four_digits() {
		assert_eq!(Ai::new(b"3103").map(|ai| ai.len), Some(4));
		assert_eq!(Ai::new(b"01").expect("an AI").as_str(), "01");
		assert!(Ai::new(b"1").is_none());
		assert!(Ai::new(b"12345").is_none());
		assert!(Ai::new(b"1a").is_none());
	}

	#[test]
	fn duplicates_with_the_same_value_are_kept_once() {
		let elements = parse_element_string(b"(21)A(21)A").expect("valid");
		assert_eq!(elements.len(), 1);
		let ai = Ai::new(b"21").expect("an AI");
		assert_eq!(parse_element_string(b"(21)A(21)B"), Err(Gs1Error::DuplicateAi(ai)));
		assert_eq!(elements, vec![Element { ai, entry: elements[0].entry, value: b"A" }]);
	}

	/// A valid value of `entry`: its mandatory components at their shortest, passing the checks
	/// made here.
	fn sample_value(entry: &AiEntry) -> String {
		entry
			.components
			.iter()
			.filter(|c| !c.optional)
			.map(|c| {
				let has = |name: &str| c.linters.contains(&name);
				if has("yymmd0") || has("yymmdd") {
					String::from("260101")
				} else if has("yyyymmd0") || has("yyyymmdd") {
					String::from("20260101")
				} else if has("hhmi") {
					String::from("1200")
				} else if has("hh") {
					String::from("12")
				} else if has("mi") || has("ss") {
					String::from("00")
				} else if c.charset == Charset::N {
					"0".repeat(c.min)
				} else {
					"A".repeat(c.min)
				}
			})
			.collect()
	}

	/// Every AI of the dictionary is read, alone in both forms and all together as a scanner
	/// sends them (the JavaScript reader's test does the same).
	#[test]
	fn every_ai_of_the_dictionary_is_read() {
		let mut scanned = String::from("]d2\u{1d}");
		let mut expected: Vec<(String, String)> = Vec::new();
		for entry in AI_TABLE {
			let first: u32 = entry.first.parse().expect("digits");
			let last: u32 = entry.last.parse().expect("digits");
			for n in first..=last {
				let ai = format!("{n:0width$}", width = entry.first.len());
				let value = sample_value(entry);
				for input in [format!("({ai}){value}"), format!("{ai}{value}")] {
					let elements = parse_element_string(input.as_bytes()).expect("valid");
					let read: Vec<(&str, &[u8])> =
						elements.iter().map(|e| (e.ai.as_str(), e.value)).collect();
					assert_eq!(read, [(ai.as_str(), value.as_bytes())], "{input}");
				}
				scanned.push_str(&ai);
				scanned.push_str(&value);
				if !entry.predefined_length {
					scanned.push(char::from(GS));
				}
				expected.push((ai, value));
			}
		}
		let elements = parse_element_string(scanned.as_bytes()).expect("valid");
		let read: Vec<(&str, &[u8])> = elements.iter().map(|e| (e.ai.as_str(), e.value)).collect();
		let wanted: Vec<(&str, &[u8])> =
			expected.iter().map(|(ai, value)| (ai.as_str(), value.as_bytes())).collect();
		assert_eq!(read, wanted);
	}

	fn text(value: &serde_json::Value, what: &str) -> String {
		value[what].as_str().unwrap_or_else(|| panic!("{what} is text")).into()
	}

	/// The JavaScript reader (`scripts/lib/gs1.mjs`) is checked against the same file: both must
	/// read every scan alike.
	#[test]
	fn the_shared_vectors_hold() {
		let vectors: serde_json::Value =
			serde_json::from_str(include_str!("../../../tests/vectors/gs1/vectors.json"))
				.expect("vectors parse");
		for case in vectors["check_digits"].as_array().expect("check_digits") {
			let body = text(case, "body");
			let expected = case["check"].as_str().map(|c| c.as_bytes()[0]);
			assert_eq!(check_digit(body.as_bytes()), expected, "{body}");
		}
		for case in vectors["keys"].as_array().expect("keys") {
			let key = text(case, "key");
			let length = match text(case, "kind").as_str() {
				"gtin" => 14,
				"sscc" => 18,
				"gln" => 13,
				other => panic!("unknown kind {other}"),
			};
			let valid = key.len() == length && has_valid_check_digit(key.as_bytes());
			assert_eq!(valid, case["valid"].as_bool().expect("valid"), "{key}");
		}
		let cases = vectors["element_strings"].as_array().expect("element_strings");
		assert!(cases.len() >= 50, "too few element string vectors");
		for case in cases {
			let input = text(case, "input");
			let name = text(case, "name");
			let got = parse_element_string(input.as_bytes());
			match (case["elements"].as_array(), &got) {
				(Some(expected), Ok(elements)) => {
					let read: Vec<(&str, &[u8])> =
						elements.iter().map(|e| (e.ai.as_str(), e.value)).collect();
					let wanted: Vec<(&str, &[u8])> = expected
						.iter()
						.map(|pair| {
							let ai = pair[0].as_str().expect("AI");
							(ai, pair[1].as_str().expect("value").as_bytes())
						})
						.collect();
					assert_eq!(read, wanted, "{name}");
				},
				(None, Err(error)) => {
					assert_eq!(error.code(), text(case, "error"), "{name}");
					let ai = error.ai().map(|ai| String::from(ai.as_str()));
					assert_eq!(ai.as_deref(), case["ai"].as_str(), "{name}");
				},
				_ => panic!("{name}: expected {case}, got {got:?}"),
			}
		}
	}
}
