//! The one date format the credential sources send: ISO 8601 UTC
//! `YYYY-MM-DDTHH:MM:SSZ` (the metadata service's `Expiration`), parsed
//! without a date crate.

use std::time::{Duration, SystemTime};

/// Days from 1970-01-01 to the given proleptic Gregorian date (negative
/// before it).
///
/// Howard Hinnant's `days_from_civil`
/// (<https://howardhinnant.github.io/date_algorithms.html#days_from_civil>):
/// years are shifted to start in March so that the leap day is the last day
/// of the year, then counted in 400-year eras of 146 097 days.
pub(crate) const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = if year >= 0 { year } else { year - 399 } / 400;
    let year_of_era = year - era * 400; // [0, 399]
    let month_from_march = (month as i64 + 9) % 12; // March = 0
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1; // [0, 365]
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

const fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (exactly that: UTC, no fraction, no offset)
/// into a [`SystemTime`]. Dates before 1970 are rejected.
///
/// The error says what was expected; the input is not a secret and is quoted.
pub(crate) fn parse_utc_timestamp(text: &str) -> Result<SystemTime, String> {
    let invalid = |why: &str| format!("invalid timestamp {text:?}: {why}");
    let bytes = text.as_bytes();
    const SHAPE: &[u8; 20] = b"dddd-dd-ddTdd:dd:ddZ";
    if bytes.len() != SHAPE.len()
        || !bytes.iter().zip(SHAPE).all(|(&b, &s)| match s {
            b'd' => b.is_ascii_digit(),
            _ => b == s,
        })
    {
        return Err(invalid("expected the form YYYY-MM-DDTHH:MM:SSZ"));
    }
    let number = |range: std::ops::Range<usize>| {
        bytes[range]
            .iter()
            .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
    };
    let year = i64::from(number(0..4));
    let month = number(5..7);
    let day = number(8..10);
    let (hour, minute, second) = (number(11..13), number(14..16), number(17..19));

    if year < 1970 {
        return Err(invalid("year before 1970"));
    }
    if !(1..=12).contains(&month) {
        return Err(invalid("month out of range"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(invalid("day out of range"));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(invalid("time of day out of range"));
    }
    let days = days_from_civil(year, month, day);
    // `days` is not negative: the year is at least 1970.
    let seconds = days.unsigned_abs() * 86_400
        + u64::from(hour) * 3_600
        + u64::from(minute) * 60
        + u64::from(second);
    Ok(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> u64 {
        parse_utc_timestamp(text)
            .unwrap()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    #[test]
    fn days_from_civil_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(days_from_civil(1970, 3, 1), 59);
        assert_eq!(days_from_civil(2000, 1, 1), 10_957);
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(days_from_civil(2100, 3, 1), 47_541);
        assert_eq!(days_from_civil(0, 3, 1), -719_468);
        assert_eq!(days_from_civil(-1, 12, 31), -719_529);
    }

    #[test]
    fn days_from_civil_is_consecutive() {
        // Every day from 1900 to 2400 follows the previous one: catches any
        // off-by-one at month, year, century and 400-year boundaries.
        let mut expected = days_from_civil(1900, 1, 1);
        for year in 1900..2400 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(
                        days_from_civil(year, month, day),
                        expected,
                        "{year}-{month}-{day}"
                    );
                    expected += 1;
                }
            }
        }
    }

    #[test]
    fn parses_timestamps() {
        assert_eq!(secs("1970-01-01T00:00:00Z"), 0);
        assert_eq!(secs("2000-01-01T00:00:00Z"), 946_684_800);
        assert_eq!(secs("2026-11-22T12:00:00Z"), 1_795_348_800);
        assert_eq!(secs("2030-01-01T00:00:00Z"), 1_893_456_000);
        assert_eq!(secs("2024-02-29T23:59:59Z"), 1_709_251_199);
    }

    #[test]
    fn rejects_other_forms() {
        for bad in [
            "",
            "2026-11-22",
            "2026-11-22T12:00:00",
            "2026-11-22T12:00:00+08:00",
            "2026-11-22T12:00:00.000Z",
            "2026-11-22 12:00:00Z",
            "2026-1-22T12:00:00Z",
            "2026-11-22t12:00:00z",
            "+026-11-22T12:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-04-00T00:00:00Z",
            "2026-04-01T24:00:00Z",
            "2026-04-01T00:60:00Z",
            "2026-04-01T00:00:60Z",
            "1969-12-31T23:59:59Z",
            "２026-04-01T00:00:00Z",
        ] {
            let error = parse_utc_timestamp(bad).unwrap_err();
            assert!(error.starts_with("invalid timestamp"), "{bad}: {error}");
        }
    }
}
