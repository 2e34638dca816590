//! Timestamps: reading the forms that data and logs use, and writing RFC 3339.
//!
//! Shared by every command that understands time (cast, filter, aggregate buckets,
//! extract-log), so a timestamp means the same thing everywhere. A time without an
//! offset is taken as UTC.

mod rfc3339;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};

/// The Apache/nginx access-log form, `10/Oct/2000:13:55:36 -0700`.
pub const APACHE: &str = "%d/%b/%Y:%H:%M:%S %z";

/// Reads a timestamp in any of the built-in forms: RFC 3339 (also with a space for
/// `T`, and without an offset), RFC 2822, the Apache form, `YYYY-MM-DD HH:MM:SS[.fff]`,
/// a bare date, and epoch seconds, milliseconds, microseconds or nanoseconds (with a
/// fraction; the unit told by the magnitude, see [`EpochUnit::guess`]).
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
    if let Some(naive) = parse_naive(text) {
        return Some(utc(naive));
    }
    DateTime::parse_from_rfc2822(text).ok()
}

/// The built-in forms without an offset (`2024-03-01 10:00:00[.fff]`, with `T` too,
/// and a bare date), as the wall-clock time they are; `None` for any other text.
pub fn parse_naive(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t);
        }
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0).expect("midnight exists"))
}

/// Reads a timestamp with chrono FORMATs, tried in order. A format without an offset
/// (`%z`, `%:z`) reads the time as UTC.
pub fn parse_with(text: &str, formats: &[String]) -> Option<DateTime<FixedOffset>> {
    parse_with_in(text, formats, |naive| Some(utc(naive)))
}

/// As [`parse_with`], a time without an offset placed by `naive` (in a zone).
pub fn parse_with_in(
    text: &str,
    formats: &[String],
    naive: impl Fn(NaiveDateTime) -> Option<DateTime<FixedOffset>>,
) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    formats.iter().find_map(|format| {
        DateTime::parse_from_str(text, format).ok().or_else(|| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .or_else(|| {
                    NaiveDate::parse_from_str(text, format)
                        .ok()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                })
                .and_then(&naive)
        })
    })
}

/// What an epoch number counts since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EpochUnit {
    /// Seconds.
    S,
    /// Milliseconds (JavaScript's Date.now(), Kafka timestamps).
    Ms,
    /// Microseconds (PostgreSQL, Python's time_ns() // 1000).
    Us,
    /// Nanoseconds (Go's UnixNano, OpenTelemetry).
    Ns,
}

impl EpochUnit {
    /// The unit of an epoch number of this magnitude: each unit owns the numbers that
    /// make a time between 1973 and 5138 (1e11 seconds is the year 5138, 1e11
    /// milliseconds 1973), so a microsecond epoch is never read as milliseconds in the
    /// year 56135. `None` beyond 1e20: no plausible time in any unit.
    pub fn guess(magnitude: f64) -> Option<EpochUnit> {
        Some(match magnitude {
            m if m < 1e11 => EpochUnit::S,
            m if m < 1e14 => EpochUnit::Ms,
            m if m < 1e17 => EpochUnit::Us,
            m if m < 1e20 => EpochUnit::Ns,
            _ => return None,
        })
    }

    fn nanos(self) -> i128 {
        match self {
            EpochUnit::S => 1_000_000_000,
            EpochUnit::Ms => 1_000_000,
            EpochUnit::Us => 1_000,
            EpochUnit::Ns => 1,
        }
    }
}

/// An epoch number (`1709251206`, `1709251206.25`, `-5`), in the unit its magnitude
/// says.
pub fn parse_epoch(text: &str) -> Option<DateTime<FixedOffset>> {
    parse_epoch_in(text, None)
}

/// An epoch number in `unit`, or the unit its magnitude says when `None`; exact to
/// the nanosecond (the digits are read as a decimal, not a double).
pub fn parse_epoch_in(text: &str, unit: Option<EpochUnit>) -> Option<DateTime<FixedOffset>> {
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    let decimal = crate::value::plain_decimal(text.as_bytes())?;
    let scale = 10_i128.checked_pow(decimal.scale)?;
    let unit = match unit {
        Some(unit) => unit,
        None => EpochUnit::guess(decimal.digits as f64 / scale as f64)?,
    };
    let magnitude = decimal.digits.checked_mul(unit.nanos())? / scale;
    let nanos = if decimal.negative {
        -magnitude
    } else {
        magnitude
    };
    let seconds = i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?;
    let subsec = nanos.rem_euclid(1_000_000_000) as u32;
    Some(Utc.timestamp_opt(seconds, subsec).single()?.fixed_offset())
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
            ("1709251206232.5", "2024-03-01T00:00:06.232500Z"),
            ("1709251206232123", "2024-03-01T00:00:06.232123Z"),
            ("1709251206232123456", "2024-03-01T00:00:06.232123456Z"),
            ("-86400", "1969-12-31T00:00:00Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(utc_text(input).as_deref(), Some(expected), "{input}");
        }
        // Beyond nanoseconds, no unit gives a plausible time.
        for bad in [
            "",
            "yesterday",
            "2024-13-01",
            "12,5",
            "10/Oct/2000",
            "170925120623212345678",
        ] {
            assert_eq!(utc_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_named_epoch_unit_is_not_guessed() {
        let read = |text, unit| parse_epoch_in(text, Some(unit)).map(|t| to_rfc3339_utc(&t));
        assert_eq!(
            read("1709251206", EpochUnit::Ms).as_deref(),
            Some("1970-01-20T18:47:31.206Z")
        );
        assert_eq!(
            read("1709251206", EpochUnit::S).as_deref(),
            Some("2024-03-01T00:00:06Z")
        );
        assert_eq!(
            read("1.5", EpochUnit::Us).as_deref(),
            Some("1970-01-01T00:00:00.000001500Z")
        );
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
