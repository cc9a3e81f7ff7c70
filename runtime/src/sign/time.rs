//! UTC timestamps as the signers write them (`YYYY-MM-DDTHH:MM:SSZ`), from a
//! [`SystemTime`] and without a date crate.
//!
//! The calendar arithmetic is Howard Hinnant's `civil_from_days`
//! (<https://howardhinnant.github.io/date_algorithms.html>): proleptic
//! Gregorian, exact for every day count that fits in an `i64` here.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: i64 = 86_400;

/// A civil (proleptic Gregorian) date: year, month `1..=12`, day `1..=31`.
pub(crate) fn civil_from_days(days_since_epoch: i64) -> (i64, u32, u32) {
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    // `day` and `month` are small and positive by construction.
    (year, month as u32, day as u32)
}

/// Whole seconds since the Unix epoch, rounded towards the past.
fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            let before = before.duration();
            let secs = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
            -secs.saturating_add(i64::from(before.subsec_nanos() > 0))
        }
    }
}

/// `0000-01-01T00:00:00Z` and `9999-12-31T23:59:59Z`: the four-digit years
/// the wire format can carry.
const MIN_SECONDS: i64 = -62_167_219_200;
const MAX_SECONDS: i64 = 253_402_300_799;

/// A UTC instant formatted as `YYYY-MM-DDTHH:MM:SSZ` (20 ASCII bytes, kept on
/// the stack). Sub-second precision is dropped; instants outside years
/// 0000–9999 are clamped to that range, which no service accepts anyway.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct UtcTimestamp {
    text: [u8; 20],
}

impl UtcTimestamp {
    /// Formats `time`.
    pub fn new(time: SystemTime) -> Self {
        let secs = unix_seconds(time).clamp(MIN_SECONDS, MAX_SECONDS);
        let (year, month, day) = civil_from_days(secs.div_euclid(SECONDS_PER_DAY));
        let second_of_day = secs.rem_euclid(SECONDS_PER_DAY);
        let mut text = *b"0000-00-00T00:00:00Z";
        // Clamped above, so every field fits its digits.
        put_digits(&mut text[0..4], year as u32);
        put_digits(&mut text[5..7], month);
        put_digits(&mut text[8..10], day);
        put_digits(&mut text[11..13], (second_of_day / 3_600) as u32);
        put_digits(&mut text[14..16], (second_of_day / 60 % 60) as u32);
        put_digits(&mut text[17..19], (second_of_day % 60) as u32);
        UtcTimestamp { text }
    }

    /// The formatted text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.text).expect("timestamps are ASCII")
    }
}

/// Writes `value` as zero-padded decimal digits filling `out`.
fn put_digits(out: &mut [u8], mut value: u32) {
    for slot in out.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

impl From<SystemTime> for UtcTimestamp {
    fn from(time: SystemTime) -> Self {
        UtcTimestamp::new(time)
    }
}

impl fmt::Display for UtcTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for UtcTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UtcTimestamp").field(&self.as_str()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: i64) -> String {
        let time = if secs >= 0 {
            UNIX_EPOCH + Duration::from_secs(secs as u64)
        } else {
            UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
        };
        UtcTimestamp::new(time).to_string()
    }

    #[test]
    fn civil_dates_at_the_edges() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(10_957), (2000, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(19_783), (2024, 3, 1));
        assert_eq!(civil_from_days(20_088), (2024, 12, 31));
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        assert_eq!(civil_from_days(-719_468), (0, 3, 1));
    }

    #[test]
    fn civil_dates_walk_day_by_day() {
        // Every day from 1900 to 2100 follows the previous one.
        let mut previous = civil_from_days(-25_567);
        assert_eq!(previous, (1900, 1, 1));
        for days in -25_566..47_482 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let next_day = (y, m, d) == (py, pm, pd + 1);
            let next_month = (y, m, d) == (py, pm + 1, 1);
            let next_year = (y, m, d) == (py + 1, 1, 1) && (pm, pd) == (12, 31);
            assert!(
                next_day || next_month || next_year,
                "{previous:?} -> {:?}",
                (y, m, d)
            );
            if d == 1 && m == 3 {
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                assert_eq!(pd, if leap { 29 } else { 28 }, "February of {y}");
            }
            previous = (y, m, d);
        }
        assert_eq!(previous, (2099, 12, 31));
    }

    #[test]
    fn formats_timestamps() {
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(1_456_231_584), "2016-02-23T12:46:24Z");
        assert_eq!(at(1_698_315_752), "2023-10-26T10:22:32Z");
        assert_eq!(at(1_709_164_800), "2024-02-29T00:00:00Z");
        assert_eq!(at(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(at(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(at(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(at(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(at(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn drops_sub_seconds_towards_the_past() {
        let after = UNIX_EPOCH + Duration::from_millis(1_999);
        assert_eq!(UtcTimestamp::new(after).as_str(), "1970-01-01T00:00:01Z");
        let before = UNIX_EPOCH - Duration::from_millis(1);
        assert_eq!(UtcTimestamp::new(before).as_str(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn clamps_to_four_digit_years() {
        assert_eq!(at(MAX_SECONDS), "9999-12-31T23:59:59Z");
        assert_eq!(at(MAX_SECONDS + 1), "9999-12-31T23:59:59Z");
        assert_eq!(at(MIN_SECONDS), "0000-01-01T00:00:00Z");
        assert_eq!(at(MIN_SECONDS - 1), "0000-01-01T00:00:00Z");
    }
}
