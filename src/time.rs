//! Timestamps: reading the forms that data and logs use, and writing RFC 3339.
//!
//! Shared by every command that understands time (cast, filter, aggregate buckets,
//! extract-log), so a timestamp means the same thing everywhere. A time without an
//! offset is taken as UTC.

mod rfc3339;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};

/// The Apache/nginx access-log form, `10/Oct/2000:13:55:36 -0700`.
pub const APACHE: &str = "%d/%b/%Y:%H:%M:%S %z";

/// Epoch values at or above this magnitude are milliseconds, below it seconds:
/// 1e11 seconds is the year 5138, 1e11 milliseconds is 1973.
const MILLIS_FROM: f64 = 1e11;

/// Reads a timestamp in any of the built-in forms: RFC 3339 (also with a space for
/// `T`, and without an offset), RFC 2822, the Apache form, `YYYY-MM-DD HH:MM:SS[.fff]`,
/// a bare date, and epoch seconds or milliseconds (with a fraction).
pub fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    // Before trimming: text the fast path reads starts with a digit and ends with a
    // digit or `Z`, so trimming would not change it.
    if let Some(t) = rfc3339::parse_common(text) {
        return Some(t);
    }
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t);
    }
    if text.as_bytes()[0].is_ascii_digit() || text.starts_with('-') {
        if let Some(t) = parse_epoch(text) {
            return Some(t);
        }
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%z", APACHE] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(utc(t));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(utc(date.and_hms_opt(0, 0, 0).expect("midnight exists")));
    }
    DateTime::parse_from_rfc2822(text).ok()
}

/// Reads a timestamp with chrono FORMATs, tried in order. A format without an offset
/// (`%z`, `%:z`) reads the time as UTC.
pub fn parse_with(text: &str, formats: &[String]) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    formats.iter().find_map(|format| {
        DateTime::parse_from_str(text, format)
            .ok()
            .or_else(|| NaiveDateTime::parse_from_str(text, format).ok().map(utc))
            .or_else(|| {
                NaiveDate::parse_from_str(text, format)
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(utc)
            })
    })
}

/// Epoch seconds or milliseconds, integer or with a fraction.
pub fn parse_epoch(text: &str) -> Option<DateTime<FixedOffset>> {
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    let millis = if value.abs() >= MILLIS_FROM {
        value
    } else {
        value * 1000.0
    };
    // Whole milliseconds from the integer part keep integer inputs exact.
    let whole = millis.trunc() as i64;
    let nanos = ((millis - millis.trunc()) * 1e6).round() as i64;
    let t = Utc.timestamp_millis_opt(whole).single()?;
    Some((t + chrono::Duration::nanoseconds(nanos)).fixed_offset())
}

fn utc(naive: NaiveDateTime) -> DateTime<FixedOffset> {
    Utc.from_utc_datetime(&naive).fixed_offset()
}

/// RFC 3339 in UTC with `Z`, with as many fractional digits as the time has
/// (none, 3, 6 or 9): `2024-03-01T11:00:06.232Z`.
pub fn to_rfc3339_utc(t: &DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc)
        .to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc_text(text: &str) -> Option<String> {
        parse(text).map(|t| to_rfc3339_utc(&t))
    }

    #[test]
    fn built_in_forms() {
        let cases = [
            ("2024-03-01T01:00:06.232+01:00", "2024-03-01T00:00:06.232Z"),
            ("2024-03-01T01:00:06-05:00", "2024-03-01T06:00:06Z"),
            ("2024-03-01 01:00:06Z", "2024-03-01T01:00:06Z"),
            ("2024-03-01T01:00:06", "2024-03-01T01:00:06Z"),
            ("2024-03-01 01:00:06.5", "2024-03-01T01:00:06.500Z"),
            ("2024-03-01", "2024-03-01T00:00:00Z"),
            ("10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36Z"),
            ("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T08:52:37Z"),
            ("1709251206", "2024-03-01T00:00:06Z"),
            ("1709251206.25", "2024-03-01T00:00:06.250Z"),
            ("1709251206232", "2024-03-01T00:00:06.232Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(utc_text(input).as_deref(), Some(expected), "{input}");
        }
        for bad in ["", "yesterday", "2024-13-01", "12,5", "10/Oct/2000"] {
            assert_eq!(utc_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn explicit_formats_in_order() {
        let formats = vec!["%d.%m.%Y %H:%M".to_owned(), "%Y%m%d".to_owned()];
        let t = parse_with("01.03.2024 10:30", &formats).unwrap();
        assert_eq!(to_rfc3339_utc(&t), "2024-03-01T10:30:00Z");
        let t = parse_with("20240301", &formats).unwrap();
        assert_eq!(to_rfc3339_utc(&t), "2024-03-01T00:00:00Z");
        assert!(parse_with("2024-03-01", &formats).is_none());
    }
}
