//! A fast reader for the RFC 3339 shape nearly all timestamps in data have:
//! `YYYY-MM-DD` + `T`, `t` or space + `HH:MM:SS` + optional `.` and 1-9 digits +
//! `Z`, `z` or `±HH:MM`.
//!
//! Whenever it gives a time, it is the one chrono's `DateTime::parse_from_rfc3339` gives,
//! with the same offset, at about a quarter of the instructions. Every other text gets
//! None and is left to chrono, including the rarer RFC 3339 forms chrono also reads: a
//! leap second `:60`, more than nine fraction digits, a Unicode minus sign in the offset.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

/// `YYYY-MM-`, read as one little-endian word: byte i is bits 8i..8i+7.
const DATE_DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
const DATE_DASHES: u64 = 0xFF00_00FF_0000_0000;
const DATE_DASHES_TEXT: u64 = 0x2D00_002D_0000_0000;
/// `HH:MM:SS`, read as one word likewise.
const TIME_DIGITS: u64 = 0xFFFF_00FF_FF00_FFFF;
const TIME_COLONS: u64 = 0x0000_FF00_00FF_0000;
const TIME_COLONS_TEXT: u64 = 0x0000_3A00_003A_0000;
/// `±HH:MM` as the last six bytes of a word (the first two are the text before it).
const OFFSET_DIGITS: u64 = 0xFFFF_00FF_FF00_0000;
const OFFSET_COLON: u64 = 0x0000_FF00_0000_0000;
const OFFSET_COLON_TEXT: u64 = 0x0000_3A00_0000_0000;

const SECONDS_PER_DAY: i32 = 86_400;

/// The common shape only; None for anything else (see the module comment).
pub(super) fn parse_common(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    let (head, _) = b.split_first_chunk::<19>()?;
    let [.., d1, d2, separator, _, _, _, _, _, _, _, _] = *head;
    if !matches!(separator, b'T' | b't' | b' ') {
        return None;
    }
    let date = word(&head[..8]);
    let time = word(&head[11..]);
    if date & DATE_DASHES != DATE_DASHES_TEXT || time & TIME_COLONS != TIME_COLONS_TEXT {
        return None;
    }
    let date = pairs(date, DATE_DIGITS)?;
    let time = pairs(time, TIME_DIGITS)?;
    let day = two_digits(d1, d2)?;
    let year = u32::from(byte(date, 0)) * 100 + u32::from(byte(date, 2));
    let date = NaiveDate::from_ymd_opt(year as i32, byte(date, 5).into(), day)?;
    let (hour, minute, second) = (byte(time, 0), byte(time, 3), byte(time, 6));
    // A second of 60 (a leap second) is left to chrono.
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let (offset, offset_at) = offset(b)?;
    let nano = fraction(b, offset_at)?;
    // chrono's UTC: local seconds of the day minus the offset, into the day before or after.
    let local = i32::from(hour) * 3600 + i32::from(minute) * 60 + i32::from(second);
    let utc = local - offset.local_minus_utc();
    let (date, utc) = if utc < 0 {
        (date.pred_opt()?, utc + SECONDS_PER_DAY)
    } else if utc >= SECONDS_PER_DAY {
        (date.succ_opt()?, utc - SECONDS_PER_DAY)
    } else {
        (date, utc)
    };
    let time = NaiveTime::from_num_seconds_from_midnight_opt(utc as u32, nano)?;
    Some(DateTime::from_naive_utc_and_offset(
        date.and_time(time),
        offset,
    ))
}

/// The offset that ends the text, `Z`, `z` or `±HH:MM` with HH up to 23 and MM up to
/// 59, and where it starts (after the 19 bytes of date and time).
fn offset(b: &[u8]) -> Option<(FixedOffset, usize)> {
    let len = b.len();
    if matches!(b[len - 1], b'Z' | b'z') {
        return Some((FixedOffset::east_opt(0)?, len - 1));
    }
    if len < 19 + 6 {
        return None;
    }
    let last = word(&b[len - 8..]);
    if last & OFFSET_COLON != OFFSET_COLON_TEXT {
        return None;
    }
    let last = pairs(last, OFFSET_DIGITS)?;
    let (hours, minutes) = (i32::from(byte(last, 3)), i32::from(byte(last, 6)));
    if hours > 23 || minutes > 59 {
        return None;
    }
    let seconds = hours * 3600 + minutes * 60;
    let seconds = match b[len - 6] {
        b'+' => seconds,
        b'-' => -seconds,
        _ => return None,
    };
    Some((FixedOffset::east_opt(seconds)?, len - 6))
}

/// The nanoseconds of the text between the seconds and the offset: nothing, or `.` and
/// 1-9 digits (more are left to chrono, which drops those past the ninth).
fn fraction(b: &[u8], offset_at: usize) -> Option<u32> {
    if offset_at == 19 {
        return Some(0);
    }
    let count = offset_at.checked_sub(20)?;
    if b[19] != b'.' || count == 0 || count > 9 {
        return None;
    }
    // The first eight digits are the last bytes of the word that ends with them;
    // shifted down, the digits absent from a shorter fraction become zeros.
    let first = count.min(8);
    let unused = 8 * (8 - first) as u32;
    let mask = u64::MAX << unused;
    let digits = word(&b[20 + first - 8..20 + first]);
    if !is_digits(digits, mask) {
        return None;
    }
    let eight = eight_digits((digits & mask & LOW_NIBBLES) >> unused);
    if count == 9 {
        let ninth = b[28].wrapping_sub(b'0');
        return (ninth < 10).then(|| eight * 10 + u32::from(ninth));
    }
    Some(eight * 10)
}

const LOW_NIBBLES: u64 = 0x0F0F_0F0F_0F0F_0F0F;

/// Eight bytes as one little-endian word.
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// Whether the bytes under `mask` (0xFF each) are ASCII digits, 0x30..=0x39: the high
/// nibble is 3, and adding 6 keeps it 3. (A carry out of a byte that fails the first
/// test cannot make the second one pass.)
fn is_digits(word: u64, mask: u64) -> bool {
    const HIGH_NIBBLES: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    let zeros = 0x3030_3030_3030_3030 & mask;
    word & mask & HIGH_NIBBLES == zeros
        && word.wrapping_add(0x0606_0606_0606_0606 & mask) & mask & HIGH_NIBBLES == zeros
}

/// Checks that the bytes under `digits` are ASCII digits and gives the word whose byte i
/// is the two-digit number at bytes i and i+1, for each i that starts one.
fn pairs(word: u64, digits: u64) -> Option<u64> {
    if !is_digits(word, digits) {
        return None;
    }
    let values = word & digits & LOW_NIBBLES;
    // Each byte becomes ten times itself plus the next: at most 99, so no carries.
    Some(values * 10 + (values >> 8))
}

/// The number written by eight digit values, the first in the lowest byte.
fn eight_digits(values: u64) -> u32 {
    let pairs = (values * 10 + (values >> 8)) & 0x00FF_00FF_00FF_00FF;
    let fours = (pairs * 100 + (pairs >> 16)) & 0x0000_FFFF_0000_FFFF;
    (fours * 10_000 + (fours >> 32)) as u32
}

fn byte(word: u64, i: u32) -> u8 {
    (word >> (8 * i)) as u8
}

fn two_digits(tens: u8, ones: u8) -> Option<u32> {
    let (tens, ones) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    (tens < 10 && ones < 10).then(|| u32::from(tens) * 10 + u32::from(ones))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// chrono's reading, the specification the fast path must meet.
    fn spec(text: &str) -> Option<DateTime<FixedOffset>> {
        DateTime::parse_from_rfc3339(text).ok()
    }

    /// Equal as instants and in the offset (`==` on `DateTime` compares instants only).
    fn same(text: &str, t: DateTime<FixedOffset>, spec: DateTime<FixedOffset>) {
        assert_eq!((t, t.offset()), (spec, spec.offset()), "{text}");
    }

    #[test]
    fn common_shapes() {
        let cases = [
            (
                "2024-02-29T19:00:02.557-05:00",
                "2024-03-01T00:00:02.557",
                -18_000,
            ),
            ("2024-03-01 01:00:06Z", "2024-03-01T01:00:06", 0),
            ("2024-03-01t01:00:06.5z", "2024-03-01T01:00:06.500", 0),
            ("2024-03-01T01:00:06-00:00", "2024-03-01T01:00:06", 0),
            (
                "2024-01-01T00:30:00.123456789+01:00",
                "2023-12-31T23:30:00.123456789",
                3600,
            ),
            (
                "9999-12-31T23:59:59-23:59",
                "+10000-01-01T23:58:59",
                -86_340,
            ),
            ("0000-01-01T00:00:00+23:59", "-0001-12-31T00:01:00", 86_340),
        ];
        for (text, utc, offset) in cases {
            let t = parse_common(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(format!("{:?}", t.naive_utc()), utc, "{text}");
            assert_eq!(t.offset().local_minus_utc(), offset, "{text}");
            same(text, t, spec(text).unwrap());
        }
    }

    #[test]
    fn leaves_the_rest_to_chrono() {
        let read_by_chrono = [
            "2024-02-29T23:59:60Z",
            "2024-02-29T19:00:02.1234567891Z",
            "2024-02-29T19:00:02\u{2212}05:00",
        ];
        for text in read_by_chrono {
            assert_eq!(parse_common(text), None, "{text}");
            assert!(spec(text).is_some(), "{text}");
        }
        let read_by_neither = [
            "2024-02-29T19:00:02+00:60",
            "2024-02-29T19:00:02+24:00",
            "2023-02-29T19:00:02Z",
            "2024-02-29T19:00:02.Z",
            "2024-02-29T19:00:02+0500",
            "2024-02-29T19:00:02",
            " 2024-02-29T19:00:02Z",
            "2024-02-29T19:00:02Z ",
            "2024-02-29_19:00:02Z",
            "2024-02-29T19:00:02+05:00Z",
        ];
        for text in read_by_neither {
            assert_eq!(parse_common(text), None, "{text}");
            assert_eq!(spec(text), None, "{text}");
        }
    }

    /// The fast path against chrono over generated timestamps: every valid one must be
    /// read, the same as chrono reads it, and no mutant may be read unlike chrono.
    #[test]
    fn agrees_with_chrono() {
        let mut rng = Lcg(0x5EED_7135);
        let mut read = 0;
        let (mut mutants_read, mut mutants_refused, mut mutants_left) = (0, 0, 0);
        for _ in 0..100_000 {
            let stamp = Stamp::random(&mut rng);
            let text = stamp.text();
            let spec_t = spec(&text).unwrap_or_else(|| panic!("generated an invalid {text}"));
            if let Some(t) = parse_common(&text) {
                same(&text, t, spec_t);
                read += 1;
            }
            let mutant = stamp.mutant(&mut rng);
            match (parse_common(&mutant), spec(&mutant)) {
                (Some(t), Some(spec_t)) => {
                    same(&mutant, t, spec_t);
                    mutants_read += 1;
                }
                (Some(t), None) => panic!("{mutant}: read as {t:?}, chrono refuses it"),
                (None, None) => mutants_refused += 1,
                (None, Some(_)) => mutants_left += 1,
            }
        }
        assert_eq!(read, 100_000);
        // Every kind of outcome happened, so the mutants reached all three.
        assert!(mutants_read > 1000, "{mutants_read}");
        assert!(mutants_refused > 1000, "{mutants_refused}");
        assert!(mutants_left > 1000, "{mutants_left}");
    }

    /// A 64-bit linear congruential generator (Knuth's MMIX constants).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: u32) -> u32 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 32) % u64::from(n)) as u32
        }

        fn pick<T: Copy>(&mut self, items: &[T]) -> T {
            items[self.below(items.len() as u32) as usize]
        }
    }

    /// A timestamp's fields, each kept in its own width so a mutant can break one.
    #[derive(Clone)]
    struct Stamp {
        year: u32,
        month: u32,
        day: u32,
        separator: char,
        hour: u32,
        minute: u32,
        second: u32,
        fraction: String,
        offset: String,
    }

    fn is_leap(year: u32) -> bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    fn days_in(year: u32, month: u32) -> u32 {
        match month {
            2 if is_leap(year) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    impl Stamp {
        /// A valid timestamp of the common shape; one in eight is a Feb 29.
        fn random(rng: &mut Lcg) -> Stamp {
            let (year, month, day) = if rng.below(8) == 0 {
                let year = 4 * (1 + rng.below(2499));
                let year = if is_leap(year) { year } else { year + 4 };
                (year, 2, 29)
            } else {
                let year = 1 + rng.below(9999);
                let month = 1 + rng.below(12);
                (year, month, 1 + rng.below(days_in(year, month)))
            };
            let digits = rng.below(10);
            let fraction = if digits == 0 {
                String::new()
            } else {
                let digits: String = (0..digits)
                    .map(|_| char::from(b'0' + rng.below(10) as u8))
                    .collect();
                format!(".{digits}")
            };
            let offset = match rng.below(8) {
                0 => "Z".to_owned(),
                1 => "z".to_owned(),
                2 => rng
                    .pick(&["+23:59", "-23:59", "-00:00", "+00:00"])
                    .to_owned(),
                _ => format!(
                    "{}{:02}:{:02}",
                    rng.pick(&['+', '-']),
                    rng.below(24),
                    rng.below(60)
                ),
            };
            Stamp {
                year,
                month,
                day,
                separator: rng.pick(&['T', 't', ' ']),
                hour: rng.below(24),
                minute: rng.below(60),
                second: rng.below(60),
                fraction,
                offset,
            }
        }

        fn text(&self) -> String {
            format!(
                "{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}{}{}",
                self.year,
                self.month,
                self.day,
                self.separator,
                self.hour,
                self.minute,
                self.second,
                self.fraction,
                self.offset
            )
        }

        /// The text with one thing changed, which may or may not leave it valid.
        fn mutant(&self, rng: &mut Lcg) -> String {
            let mut stamp = self.clone();
            match rng.below(12) {
                0 => stamp.month = rng.pick(&[0, 13, 19, 99]),
                1 => stamp.day = rng.pick(&[0, 32, 99, days_in(stamp.year, stamp.month) + 1]),
                2 => {
                    stamp.year = 1 + rng.below(9999);
                    stamp.month = 2;
                    stamp.day = 29;
                }
                3 => stamp.hour = 24 + rng.below(76),
                4 => stamp.minute = 60 + rng.below(40),
                5 => stamp.second = 60 + rng.below(40) * rng.below(2),
                6 => stamp.separator = rng.pick(&['x', '_', '\t', '/', 'Z', '-']),
                7 => {
                    let digits = rng.pick(&[0, 10, 11, 12]);
                    stamp.fraction = format!(".{}", "7".repeat(digits));
                }
                8 => {
                    let sign = rng.pick(&["+", "-", "\u{2212}"]);
                    stamp.offset = match rng.below(4) {
                        0 => format!("{sign}{:02}:{:02}", 24 + rng.below(76), rng.below(60)),
                        1 => format!("{sign}{:02}:{:02}", rng.below(24), 60 + rng.below(40)),
                        2 => format!("{sign}{:02}{:02}", rng.below(24), rng.below(60)),
                        _ => format!("{sign}{:02}:{:02}", rng.below(24), rng.below(60)),
                    };
                }
                9 => {
                    let mut text = stamp.text();
                    text.truncate(rng.below(text.len() as u32) as usize);
                    return text;
                }
                10 => {
                    let extra = rng.pick(&[" ", "x", "Z", "0", ".", ":", "+01:00"]);
                    return format!("{}{extra}", stamp.text());
                }
                _ => {
                    // One byte replaced: a digit by a letter, or anything by anything.
                    let mut bytes = stamp.text().into_bytes();
                    let at = rng.below(bytes.len() as u32) as usize;
                    bytes[at] = if bytes[at].is_ascii_digit() && rng.below(2) == 0 {
                        b'a' + rng.below(26) as u8
                    } else {
                        b' ' + rng.below(95) as u8
                    };
                    return String::from_utf8(bytes).expect("ASCII");
                }
            }
            stamp.text()
        }
    }
}
