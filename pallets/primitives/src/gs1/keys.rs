//! GS1 keys and dates as the supply chain stores them: GTIN-14 and SSCC validity and company
//! digits, restricted-circulation GTINs, and the calendar arithmetic of `YYMMDD` expiry dates.
//!
//! Integer arithmetic only (no floating point, no date library): the calendar conversions are
//! the proleptic Gregorian algorithms on day counts since 1970-01-01.

use super::{days_in_month, has_valid_check_digit};
use crate::{blind::DAY_MS as MS_PER_DAY, Moment};

/// Length of a GTIN-14 (GS1 AI `01`), in digits.
pub const GTIN_LEN: usize = 14;
/// Length of an SSCC (GS1 AI `00`), in digits.
pub const SSCC_LEN: usize = 18;
/// Length of an expiry date (GS1 AI `17`, `YYMMDD`), in digits.
pub const EXPIRY_LEN: usize = 6;

/// A GTIN-14 as 14 ASCII digits, the last a GS1 check digit. Shorter GTINs (8, 12, 13 digits)
/// are written with leading zeros, as in AI `01`.
pub type Gtin = [u8; GTIN_LEN];
/// A Serial Shipping Container Code as 18 ASCII digits, the last a GS1 check digit.
pub type Sscc = [u8; SSCC_LEN];
/// An expiry date as 6 ASCII digits `YYMMDD`; day `00` means the last day of the month.
pub type ExpiryDate = [u8; EXPIRY_LEN];

/// Whether `gtin` is 14 digits with a valid check digit.
pub fn is_valid_gtin(gtin: &Gtin) -> bool {
	has_valid_check_digit(gtin)
}

/// Whether `sscc` is 18 digits with a valid check digit.
pub fn is_valid_sscc(sscc: &Sscc) -> bool {
	has_valid_check_digit(sscc)
}

/// The digits of a GTIN-14 between its indicator digit and its check digit: they start with
/// the GS1 company prefix of the company that allocated it.
pub fn gtin_company_digits(gtin: &Gtin) -> &[u8] {
	gtin.get(1..GTIN_LEN - 1).unwrap_or_default()
}

/// The digits of an SSCC between its extension digit and its check digit: they start with the
/// GS1 company prefix of the company that built the logistic unit.
pub fn sscc_company_digits(sscc: &Sscc) -> &[u8] {
	sscc.get(1..SSCC_LEN - 1).unwrap_or_default()
}

/// Whether `gtin` can never be a registered trade item: a restricted circulation number (GS1
/// prefix 02, 04 or 20 to 29 after the indicator digit: variable-measure and in-store items,
/// meaningful only inside one company or country), or zeros after the indicator digit.
pub fn is_restricted_gtin(gtin: &Gtin) -> bool {
	let digits = gtin_company_digits(gtin);
	matches!(digits, [b'0', b'2', ..] | [b'0', b'4', ..] | [b'2', ..])
		|| digits.iter().all(|d| *d == b'0')
}

/// Whether two expiry dates `YYMMDD` name the same day, read at the moment `now` (which fixes
/// their century): `280200` and `280229` do, as day `00` is the last day of the month. Invalid
/// dates match nothing.
pub fn same_expiry(a: &ExpiryDate, b: &ExpiryDate, now: Moment) -> bool {
	matches!((expiry_end(a, now), expiry_end(b, now)), (Some(x), Some(y)) if x == y)
}

// The two conversions below work on years within a few centuries of 1970 and day counts below
// 2^40; every intermediate value stays far below `i64::MAX`, so plain arithmetic cannot overflow.

/// Days since 1970-01-01 of the date `year-month-day` (month 1..=12, day 1..=31).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
	let y = if month <= 2 { year - 1 } else { year };
	let era = if y >= 0 { y } else { y - 399 } / 400;
	let yoe = y - era * 400;
	let mp = i64::from((month + 9) % 12);
	let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
	let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	era * 146_097 + doe - 719_468
}

/// The Gregorian year of the day `days` since 1970-01-01.
pub fn year_of_day(days: i64) -> i64 {
	let z = days + 719_468;
	let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
	let doe = z - era * 146_097;
	let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let year = yoe + era * 400;
	// Months January and February (mp 10 and 11) belong to the next civil year.
	if mp >= 10 {
		year + 1
	} else {
		year
	}
}

/// The Gregorian year at the moment `now` (ms since the Unix epoch).
pub fn year_at(now: Moment) -> i64 {
	// `now / MS_PER_DAY` < 2^38: fits an i64.
	year_of_day((now / MS_PER_DAY) as i64)
}

/// The full year of a two-digit year `yy` by the GS1 rule (General Specifications, "Determination
/// of century in dates"): a difference `yy - current_yy` of 51..=99 is the previous century,
/// -99..=-50 the next, anything else the current one; so a year up to 50 years ahead or 49
/// years back of `current_year`.
pub fn full_year(yy: u32, current_year: i64) -> i64 {
	let current_yy = current_year.rem_euclid(100);
	let century = current_year - current_yy;
	let diff = i64::from(yy) - current_yy;
	if diff >= 51 {
		century - 100 + i64::from(yy)
	} else if diff <= -50 {
		century + 100 + i64::from(yy)
	} else {
		century + i64::from(yy)
	}
}

fn two_digits(pair: &[u8]) -> Option<u32> {
	match pair {
		[a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
			Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
		},
		_ => None,
	}
}

/// Reads an expiry date `YYMMDD` (AI `17`) at the moment `now`, which fixes its century.
///
/// Returns the first millisecond at which a pack with this expiry is expired (midnight UTC
/// after the expiry day; day `00` is the last day of the month), or `None` when the date is
/// not valid: a non-digit, a month outside 01..=12, or a day beyond the month.
pub fn expiry_end(expiry: &ExpiryDate, now: Moment) -> Option<Moment> {
	let yy = two_digits(expiry.get(0..2)?)?;
	let month = two_digits(expiry.get(2..4)?)?;
	let day = two_digits(expiry.get(4..6)?)?;
	if !(1..=12).contains(&month) {
		return None;
	}
	let year = full_year(yy, year_at(now));
	let last = days_in_month(year, month);
	if day > last {
		return None;
	}
	let day = if day == 0 { last } else { day };
	let next_day = days_from_civil(year, month, day).checked_add(1)?;
	u64::try_from(next_day).ok()?.checked_mul(MS_PER_DAY)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn calendar_conversions_agree() {
		assert_eq!(days_from_civil(1970, 1, 1), 0);
		assert_eq!(days_from_civil(2000, 3, 1), 11_017);
		assert_eq!(year_of_day(days_from_civil(2024, 12, 31)), 2024);
		assert_eq!(year_of_day(days_from_civil(2025, 1, 1)), 2025);
		assert_eq!(year_of_day(days_from_civil(1969, 12, 31)), 1969);
		// 2025-01-01T00:00:00Z.
		assert_eq!(year_at(1_735_689_600_000), 2025);
		assert_eq!(year_at(1_735_689_599_999), 2024);
	}

	#[test]
	fn century_follows_the_gs1_window() {
		assert_eq!(full_year(27, 2025), 2027);
		assert_eq!(full_year(75, 2025), 2075);
		assert_eq!(full_year(76, 2025), 1976);
		assert_eq!(full_year(99, 2025), 1999);
		assert_eq!(full_year(10, 2080), 2110);
		assert_eq!(full_year(30, 2080), 2130);
		assert_eq!(full_year(31, 2080), 2031);
		assert_eq!(full_year(50, 2000), 2050);
		assert_eq!(full_year(51, 2000), 1951);
	}

	#[test]
	fn expiry_day_zero_is_end_of_month() {
		let now = 1_735_689_600_000; // 2025-01-01
		let end = |s: &[u8; 6]| expiry_end(s, now);
		// 2028-02-29 is a leap day; midnight after it is 2028-03-01.
		assert_eq!(end(b"280200"), Some(days_from_civil(2028, 3, 1) as u64 * MS_PER_DAY));
		assert_eq!(end(b"280229"), end(b"280200"));
		assert_eq!(end(b"270200"), Some(days_from_civil(2027, 3, 1) as u64 * MS_PER_DAY));
		assert_eq!(end(b"271231"), Some(days_from_civil(2028, 1, 1) as u64 * MS_PER_DAY));
	}

	#[test]
	fn expiry_dates_compare_as_days() {
		let now = 1_735_689_600_000; // 2025-01-01
		assert!(same_expiry(b"280200", b"280229", now));
		assert!(same_expiry(b"270200", b"270228", now));
		assert!(same_expiry(b"271231", b"271200", now));
		assert!(!same_expiry(b"280200", b"280228", now));
		assert!(!same_expiry(b"270229", b"270229", now));
		assert!(!same_expiry(b"27123A", b"27123A", now));
	}

	#[test]
	fn company_digits_skip_the_first_and_the_check_digit() {
		assert_eq!(gtin_company_digits(b"09506000134352"), b"950600013435");
		assert_eq!(sscc_company_digits(b"106141411234567897"), b"0614141123456789");
	}

	#[test]
	fn restricted_circulation_and_zero_gtins_are_recognised() {
		for restricted in [
			b"00200000000000",
			b"00412345678905",
			b"02000000000000",
			b"02999999999990",
			b"12000000000000",
			b"00000000000000",
			b"10000000000007",
		] {
			assert!(is_restricted_gtin(restricted), "{:?}", core::str::from_utf8(restricted));
		}
		for open in [b"09506000134352", b"00614141123452", b"00312345678906", b"01000000000007"] {
			assert!(!is_restricted_gtin(open), "{:?}", core::str::from_utf8(open));
		}
	}

	#[test]
	fn invalid_expiry_dates_are_refused() {
		let now = 1_735_689_600_000;
		for bad in [b"271301", b"270001", b"270229", b"270431", b"27013a", b"270132"] {
			assert_eq!(expiry_end(bad, now), None, "{:?}", core::str::from_utf8(bad));
		}
	}
}
