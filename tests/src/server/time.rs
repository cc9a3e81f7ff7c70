//! The wire timestamp, `YYYY-MM-DDTHH:MM:SSZ` (UTC), to and from Unix seconds.
//!
//! Days from a civil date use Howard Hinnant's `days_from_civil`
//! (<https://howardhinnant.github.io/date_algorithms.html>); the client's
//! signer formats with the inverse algorithm, so the two are independent.

use std::time::{SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400); // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// Unix seconds of a strictly formatted `YYYY-MM-DDTHH:MM:SSZ`; `None` for
/// anything else (other separators, fractions, offsets, impossible fields).
pub(crate) fn parse(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let field = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &text[range];
        digits
            .bytes()
            .all(|d| d.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let (year, month, day) = (field(0..4)?, field(5..7)?, field(8..10)?);
    let (hour, minute, second) = (field(11..13)?, field(14..16)?, field(17..19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Unix seconds of a [`SystemTime`] (before the epoch: negative).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

/// The [`SystemTime`] of a wire timestamp; panics on a malformed one (for
/// tests and fixed clocks).
pub fn at(text: &str) -> SystemTime {
    let secs =
        parse(text).unwrap_or_else(|| panic!("not a YYYY-MM-DDTHH:MM:SSZ timestamp: {text:?}"));
    let secs = u64::try_from(secs).expect("a timestamp after 1970");
    UNIX_EPOCH + std::time::Duration::from_secs(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2016-02-23T12:46:24Z"), Some(1_456_231_584));
        assert_eq!(parse("2023-10-26T10:22:32Z"), Some(1_698_315_752));
        assert_eq!(parse("2000-03-01T00:00:00Z"), Some(951_868_800));
    }

    #[test]
    fn malformed_timestamps_are_refused() {
        for text in [
            "",
            "2016-02-23 12:46:24Z",
            "2016-02-23T12:46:24",
            "2016-02-23T12:46:24+08:00",
            "2016-13-23T12:46:24Z",
            "2016-02-23T24:46:24Z",
            "2016-02-23T12:46:24.5Z",
            "20a6-02-23T12:46:24Z",
            "+016-02-23T12:46:24Z",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }
}
