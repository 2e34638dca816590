//! The time of an access log line, `10/Oct/2000:13:55:36 -0700`, as RFC 3339 in UTC
//! (`2000-10-10T20:55:36Z`), by byte arithmetic on days and seconds: going through
//! chrono's types and `format!` was the slowest step of a log line.

/// `10/Oct/2000:13:55:36 -0700` (a one-digit day too) as RFC 3339 in UTC, appended to
/// `out`; `false` (and `out` unchanged) when it is not such a time or names no real
/// date (`31/Feb`). The offset's minutes are taken as written, up to 99.
pub fn push_rfc3339(text: &str, out: &mut String) -> bool {
    let Some((days, seconds)) = parse(text) else {
        return false;
    };
    push_utc(days, seconds, out);
    true
}

/// Days since 1970-01-01 and seconds into that day, in UTC.
fn parse(text: &str) -> Option<(i64, i64)> {
    let (day, rest) = split_once(text, b'/')?;
    let (month, rest) = split_once(rest, b'/')?;
    let (year, rest) = split_once(rest, b':')?;
    let (clock, offset) = split_once(rest, b' ')?;
    let month = match month {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year = number(year, 4, 4)?;
    let day = number(day, 1, 2)?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let (h, rest) = split_once(clock, b':')?;
    let (m, s) = split_once(rest, b':')?;
    let (h, m, s) = (number(h, 2, 2)?, number(m, 2, 2)?, number(s, 2, 2)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let zone = number(&offset[1..], 4, 4)?;
    let east = sign * ((zone / 100) * 3600 + (zone % 100) * 60);
    let local = (h * 3600 + m * 60 + s) - east;
    let days = days_from_civil(year, month, day) + local.div_euclid(86_400);
    Some((days, local.rem_euclid(86_400)))
}

/// `str::split_once` for an ASCII byte, without the general searcher's set-up cost
/// (these texts are a few bytes long).
fn split_once(text: &str, byte: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == byte)?;
    Some((&text[..at], &text[at + 1..]))
}

/// `text` as a number when it is `min..=max` ASCII digits.
fn number(text: &str, min: usize, max: usize) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() < min || bytes.len() > max || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |n, &b| n * 10 + i64::from(b - b'0')))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`: years counted from March, in 400-year eras).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01 as (year, month, day): `days_from_civil` undone.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn push_utc(days: i64, seconds: i64, out: &mut String) {
    let (year, month, day) = civil_from_days(days);
    if (0..=9999).contains(&year) {
        push_digits(out, year, 4);
    } else {
        // Only a year 0 or 9999 time with an offset gets here; written as chrono did.
        out.push_str(&format!("{year:04}"));
    }
    out.push('-');
    push_digits(out, month, 2);
    out.push('-');
    push_digits(out, day, 2);
    out.push('T');
    push_digits(out, seconds / 3600, 2);
    out.push(':');
    push_digits(out, seconds / 60 % 60, 2);
    out.push(':');
    push_digits(out, seconds % 60, 2);
    out.push('Z');
}

/// `n` (not negative, fewer than `width` digits) zero-padded to `width` digits.
fn push_digits(out: &mut String, n: i64, width: u32) {
    let mut scale = 10_i64.pow(width - 1);
    while scale > 0 {
        out.push(char::from(b'0' + (n / scale % 10) as u8));
        scale /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, Timelike};

    fn rfc3339(text: &str) -> Option<String> {
        let mut out = String::from("kept ");
        push_rfc3339(text, &mut out).then(|| out["kept ".len()..].to_owned())
    }

    /// What chrono gives for the same time: the way it was computed before.
    fn by_chrono(day: u32, month: u32, year: i32, clock: (u32, u32, u32), east: i64) -> String {
        let local = NaiveDate::from_ymd_opt(year, month, day)
            .unwrap()
            .and_hms_opt(clock.0, clock.1, clock.2)
            .unwrap();
        let utc = local - chrono::Duration::seconds(east);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            utc.year(),
            utc.month(),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second()
        )
    }

    #[test]
    fn known_times() {
        let cases = [
            ("10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36Z"),
            ("1/Feb/2024:00:00:01 +0100", "2024-01-31T23:00:01Z"),
            ("01/Mar/2024:04:00:00 +0530", "2024-02-29T22:30:00Z"),
            ("28/Feb/2023:12:00:00 -1200", "2023-03-01T00:00:00Z"),
            ("31/Dec/1999:23:59:59 -0000", "1999-12-31T23:59:59Z"),
            ("31/Dec/1999:23:30:00 -0100", "2000-01-01T00:30:00Z"),
            ("01/Jan/1970:00:00:00 +1400", "1969-12-31T10:00:00Z"),
            ("01/Jan/2000:00:00:00 +0099", "1999-12-31T22:21:00Z"),
            ("29/Feb/2000:00:00:00 +0000", "2000-02-29T00:00:00Z"),
            ("01/Jan/0000:00:30:00 +0100", "-001-12-31T23:30:00Z"),
            ("31/Dec/9999:23:00:00 -0100", "10000-01-01T00:00:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(rfc3339(text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn not_times() {
        for text in [
            "",
            "10/Okt/2000:13:55:36 -0700",
            "29/Feb/1900:00:00:00 +0000",
            "29/Feb/2023:00:00:00 +0000",
            "31/Apr/2024:00:00:00 +0000",
            "0/Jan/2024:00:00:00 +0000",
            "001/Jan/2024:00:00:00 +0000",
            "10/Oct/200:13:55:36 -0700",
            "10/Oct/2000:24:00:00 +0000",
            "10/Oct/2000:23:60:00 +0000",
            "10/Oct/2000:23:59:60 +0000",
            "10/Oct/2000:1:55:36 -0700",
            "10/Oct/2000:13:55:36:00 -0700",
            "10/Oct/2000:13:55 -0700",
            "10/Oct/2000:13:55:36 0700",
            "10/Oct/2000:13:55:36 -070",
            "10/Oct/2000:13:55:36 -07000",
            "10/Oct/2000:13:55:36 -07:00",
            "10/Oct/2000:13:55:36  -0700",
            "10/Oct/2000:13:55:36 -0700 ",
            "10/Oct/2000:13:55:36",
            "1é/Oct/2000:13:55:36 -0700",
            "10/Oct/2000:13:55:36 -٠٧٠٠",
        ] {
            assert_eq!(rfc3339(text), None, "{text}");
        }
    }

    /// Every day of leap, common and edge years, at the edges of the day, with offsets
    /// east and west, against chrono.
    #[test]
    fn same_as_chrono() {
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let offsets = [
            "+0000", "-0000", "+0530", "-0530", "+1200", "-1200", "+1400", "-2359", "+0099",
        ];
        let clocks = [(0, 0, 0), (0, 29, 59), (12, 0, 0), (23, 59, 59)];
        for year in [
            0, 1, 4, 100, 1600, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999,
        ] {
            for (m, month) in months.iter().enumerate() {
                let mut day = 1;
                while NaiveDate::from_ymd_opt(year, m as u32 + 1, day).is_some() {
                    for clock in clocks {
                        for offset in offsets {
                            let text = format!(
                                "{day:02}/{month}/{year:04}:{:02}:{:02}:{:02} {offset}",
                                clock.0, clock.1, clock.2
                            );
                            let zone: i64 = offset[1..].parse().unwrap();
                            let east = (zone / 100 * 3600 + zone % 100 * 60)
                                * if offset.starts_with('-') { -1 } else { 1 };
                            let expected = by_chrono(day, m as u32 + 1, year, clock, east);
                            assert_eq!(rfc3339(&text), Some(expected), "{text}");
                        }
                    }
                    day += 1;
                }
            }
        }
    }
}
