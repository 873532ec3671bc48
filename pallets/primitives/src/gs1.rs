//! GS1 identifiers: the mod-10 check digit of the GS1 keys, the GS1 character set 82 and the
//! calendar of GS1 dates, shared by the pallets, the indexer and the clients' Rust code.

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
	fn character_set_has_82_characters() {
		assert_eq!((0u8..=255).filter(|c| is_gs1_char(*c)).count(), 82);
		for c in [b' ', b'#', b'$', b'@', GS] {
			assert!(!is_gs1_char(c));
		}
	}
}
