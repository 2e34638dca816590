//! PostgreSQL `numeric` in its binary form, from decimal text, exact to every digit
//! (the crates that offer it stop at 28 significant digits).
//!
//! The form: i16 count of base-10000 digits, i16 weight (the power of 10000 of the
//! first digit), u16 sign, u16 display scale (digits after the point), the digits.
//!
//! It runs once per loaded value, so it goes from the text's bytes straight into the
//! output, with no allocation, and numbers of up to 16 digits (nearly all in data)
//! take a shorter way through one `u64`.

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
/// Far beyond what a decimal in data holds, well inside numeric's own limits.
const MAX_EXPONENT: i64 = 1000;
/// ndigits, weight, sign, dscale: two bytes each.
const HEADER_LEN: usize = 8;
/// The most digits taken as one `u64`: with up to three zeros appended to complete the
/// last group it stays below 10^19.
const SHORT_DIGITS: usize = 16;
/// What a group is multiplied by to append so many zeros.
const SHIFT: [u64; 4] = [1, 10, 100, 1000];

/// Appends the binary form of `text` (`-12.50`, `1e3`, `.5`, `NaN`) to `out`; `None`,
/// with `out` untouched, when it is not a decimal number.
pub fn encode(text: &str, out: &mut Vec<u8>) -> Option<()> {
    if text == "NaN" {
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&NAN.to_be_bytes());
        out.extend_from_slice(&[0, 0]);
        return Some(());
    }
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let decimal = Decimal::scan(unsigned)?;
    let digit_count = decimal.whole.len() + decimal.fraction.len();
    let point = decimal.whole.len() as i64 + decimal.exponent;
    let header = Header {
        negative,
        scale: (digit_count as i64 - point).max(0),
    };
    if digit_count <= SHORT_DIGITS {
        write_short(decimal.value, digit_count, point, header, out);
    } else {
        write_long(&decimal, point, header, out);
    }
    Some(())
}

/// An unsigned decimal's parts: `12.5e-3` is whole `12`, fraction `5`, exponent -3.
struct Decimal<'t> {
    whole: &'t [u8],
    fraction: &'t [u8],
    exponent: i64,
    /// The whole and fraction digits as one number, exact for up to 19 digits (and
    /// wrapped around beyond).
    value: u64,
}

impl<'t> Decimal<'t> {
    /// `None` unless `text` is digits with at most one point among them, at least one
    /// digit, and an optional exponent.
    fn scan(text: &'t [u8]) -> Option<Self> {
        let mut value = 0u64;
        let whole = take_digits(text, &mut value);
        let mut rest = &text[whole.len()..];
        let mut fraction = &rest[..0];
        if let [b'.', after_point @ ..] = rest {
            fraction = take_digits(after_point, &mut value);
            rest = &after_point[fraction.len()..];
        }
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let exponent = match rest {
            [] => 0,
            [b'e' | b'E', exponent_text @ ..] => exponent(exponent_text)?,
            _ => return None,
        };
        Some(Decimal {
            whole,
            fraction,
            exponent,
            value,
        })
    }
}

/// The digits `text` starts with, appended to the decimal digits of `value` (wrapping
/// around past 19).
fn take_digits<'t>(text: &'t [u8], value: &mut u64) -> &'t [u8] {
    let mut len = 0;
    while let Some(digit) = text.get(len).map(|b| b.wrapping_sub(b'0')) {
        if digit > 9 {
            break;
        }
        *value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
        len += 1;
    }
    &text[..len]
}

/// The exponent after the `e`: an optional sign and digits, as `str::parse::<i64>` reads
/// them; `None` beyond ±MAX_EXPONENT.
fn exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let mut magnitude = 0;
    for &b in digits {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        magnitude = magnitude * 10 + i64::from(digit);
        if magnitude > MAX_EXPONENT {
            return None;
        }
    }
    Some(if negative { -magnitude } else { magnitude })
}

/// What the header holds besides the count and the weight of the groups.
#[derive(Clone, Copy)]
struct Header {
    negative: bool,
    /// Digits after the point.
    scale: i64,
}

impl Header {
    /// The header for `count` groups, the first of them at `weight`; zero has weight 0
    /// and no sign.
    fn bytes(self, count: usize, weight: i64) -> [u8; HEADER_LEN] {
        let (weight, sign) = match (count, self.negative) {
            (0, _) => (0, POSITIVE),
            (_, true) => (weight, NEGATIVE),
            (_, false) => (weight, POSITIVE),
        };
        let mut header = [0; HEADER_LEN];
        header[0..2].copy_from_slice(&(count as i16).to_be_bytes());
        header[2..4].copy_from_slice(&(weight as i16).to_be_bytes());
        header[4..6].copy_from_slice(&sign.to_be_bytes());
        header[6..8].copy_from_slice(&(self.scale as u16).to_be_bytes());
        header
    }
}

/// Up to 16 digits, `value`, with the point `point` digits from their start: zeros
/// appended to complete the last group make the groups `value`'s base-10000 digits.
fn write_short(value: u64, digit_count: usize, point: i64, header: Header, out: &mut Vec<u8>) {
    let appended = (point - digit_count as i64).rem_euclid(4);
    let mut value = value * SHIFT[appended as usize];
    // The weight of the last group, raised for each trailing zero group dropped.
    let mut weight = (point - digit_count as i64 - appended) / 4;
    // The groups in big-endian order from the top: each new one, from the last to the
    // first, comes in above the ones before. At most five (19 digits).
    let mut groups = 0u128;
    let mut count = 0;
    if value != 0 {
        while value % 10_000 == 0 {
            value /= 10_000;
            weight += 1;
        }
        while value != 0 {
            groups = groups >> 16 | u128::from(value % 10_000) << 112;
            value /= 10_000;
            count += 1;
        }
    }
    let mut bytes = [0; HEADER_LEN + 16];
    bytes[..HEADER_LEN].copy_from_slice(&header.bytes(count, weight + count as i64 - 1));
    bytes[HEADER_LEN..].copy_from_slice(&groups.to_be_bytes());
    // All of `bytes` and back, which is cheaper than copying a length known only now.
    let len = out.len() + HEADER_LEN + 2 * count;
    out.extend_from_slice(&bytes);
    out.truncate(len);
}

/// Any number of digits, one at a time, behind a header filled in at the end.
fn write_long(decimal: &Decimal, point: i64, header: Header, out: &mut Vec<u8>) {
    // Zeros padded on the left so the point falls on a group boundary.
    let lead = (4 - point.rem_euclid(4)) % 4;
    let header_at = out.len();
    out.extend_from_slice(&[0; HEADER_LEN]);
    let mut groups = GroupWriter::new(out, lead as usize);
    for &b in decimal.whole.iter().chain(decimal.fraction) {
        groups.push(b - b'0');
    }
    let (count, skipped) = groups.finish();
    let weight = (point + lead) / 4 - 1 - skipped;
    out[header_at..header_at + HEADER_LEN].copy_from_slice(&header.bytes(count, weight));
}

/// Appends base-10000 groups to `out` from decimal digits given one at a time, leaving
/// out the leading zero groups (counted, to lower the weight) and the trailing ones.
struct GroupWriter<'o> {
    out: &'o mut Vec<u8>,
    /// Where the groups start in `out`.
    groups_at: usize,
    /// Length of `out` up to the last nonzero group.
    kept_len: usize,
    /// Leading zero groups left out.
    skipped: i64,
    group: u16,
    /// Digits in `group` so far.
    filled: usize,
}

impl<'o> GroupWriter<'o> {
    /// `lead` zeros come first, so that the groups fall on the point.
    fn new(out: &'o mut Vec<u8>, lead: usize) -> Self {
        let groups_at = out.len();
        GroupWriter {
            out,
            groups_at,
            kept_len: groups_at,
            skipped: 0,
            group: 0,
            filled: lead,
        }
    }

    fn push(&mut self, digit: u8) {
        self.group = self.group * 10 + u16::from(digit);
        self.filled += 1;
        if self.filled == 4 {
            self.end_group();
        }
    }

    fn end_group(&mut self) {
        if self.group != 0 {
            self.out.extend_from_slice(&self.group.to_be_bytes());
            self.kept_len = self.out.len();
        } else if self.out.len() == self.groups_at {
            self.skipped += 1;
        } else {
            self.out.extend_from_slice(&[0, 0]);
        }
        self.group = 0;
        self.filled = 0;
    }

    /// Completes the last group with zeros; the number of groups kept, and of leading
    /// zero groups left out.
    fn finish(mut self) -> (usize, i64) {
        if self.filled != 0 {
            self.group *= SHIFT[4 - self.filled] as u16;
            self.end_group();
        }
        self.out.truncate(self.kept_len);
        ((self.kept_len - self.groups_at) / 2, self.skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (ndigits, weight, sign, dscale, digits)
    fn parts(text: &str) -> Option<(i16, i16, u16, u16, Vec<u16>)> {
        let mut out = Vec::new();
        encode(text, &mut out)?;
        let word = |i: usize| u16::from_be_bytes([out[i], out[i + 1]]);
        let n = word(0) as usize;
        Some((
            n as i16,
            word(2) as i16,
            word(4),
            word(6),
            (0..n).map(|i| word(8 + 2 * i)).collect(),
        ))
    }

    /// The first `encode`, which gathered the digits and the groups in vectors: the
    /// specification `encode` must match byte for byte. (On an exponent of exactly
    /// i64::MIN its `abs` overflows; `encode` refuses that, and the generated cases
    /// never reach it.)
    fn reference(text: &str, out: &mut Vec<u8>) -> Option<()> {
        if text == "NaN" {
            out.extend_from_slice(&[0, 0, 0, 0]);
            out.extend_from_slice(&NAN.to_be_bytes());
            out.extend_from_slice(&[0, 0]);
            return Some(());
        }
        let (negative, unsigned) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => {
                let exponent: i64 = unsigned[at + 1..].parse().ok()?;
                (&unsigned[..at], exponent)
            }
            None => (unsigned, 0),
        };
        if exponent.abs() > MAX_EXPONENT {
            return None;
        }
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() && fraction.is_empty()
            || !whole
                .bytes()
                .chain(fraction.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        // All the digits, and where the point falls among them.
        let digits: Vec<u8> = whole
            .bytes()
            .chain(fraction.bytes())
            .map(|b| b - b'0')
            .collect();
        let point = whole.len() as i64 + exponent;
        let scale = (digits.len() as i64 - point).max(0);
        // Pad on the left so the point falls on a group boundary.
        let lead = (4 - point.rem_euclid(4)) % 4;
        let first_position = -lead; // position of the first (padded) digit relative to the start
        let weight = (point + lead) / 4 - 1;
        let digit_at = |position: i64| -> u16 {
            if position < 0 || position >= digits.len() as i64 {
                0
            } else {
                u16::from(digits[position as usize])
            }
        };
        let end = (digits.len() as i64).max(point);
        let mut groups: Vec<u16> = Vec::new();
        let mut position = first_position;
        while position < end {
            let group = (0..4).fold(0u16, |acc, i| acc * 10 + digit_at(position + i));
            groups.push(group);
            position += 4;
        }
        let mut weight = weight;
        let leading_zeros = groups.iter().take_while(|g| **g == 0).count();
        groups.drain(..leading_zeros);
        weight -= leading_zeros as i64;
        while groups.last() == Some(&0) {
            groups.pop();
        }
        let sign = if negative && !groups.is_empty() {
            NEGATIVE
        } else {
            POSITIVE
        };
        if groups.is_empty() {
            weight = 0;
        }
        out.extend_from_slice(&(groups.len() as i16).to_be_bytes());
        out.extend_from_slice(&(weight as i16).to_be_bytes());
        out.extend_from_slice(&sign.to_be_bytes());
        out.extend_from_slice(&(scale as u16).to_be_bytes());
        for group in groups {
            out.extend_from_slice(&group.to_be_bytes());
        }
        Some(())
    }

    #[test]
    fn decimal_text_to_base_10000() {
        assert_eq!(parts("12.50"), Some((2, 0, 0, 2, vec![12, 5000])));
        assert_eq!(parts("-0.001"), Some((1, -1, NEGATIVE, 3, vec![10])));
        assert_eq!(parts("123456789"), Some((3, 2, 0, 0, vec![1, 2345, 6789])));
        assert_eq!(parts("1e4"), Some((1, 1, 0, 0, vec![1])));
        assert_eq!(parts("1.5e-3"), Some((1, -1, 0, 4, vec![15])));
        assert_eq!(parts(".5"), Some((1, -1, 0, 1, vec![5000])));
        assert_eq!(parts("0.00"), Some((0, 0, 0, 2, vec![])));
        assert_eq!(parts("-0"), Some((0, 0, 0, 0, vec![])));
        assert_eq!(
            parts("12345678901234567890123456789012.5"),
            Some((
                9,
                7,
                0,
                1,
                vec![1234, 5678, 9012, 3456, 7890, 1234, 5678, 9012, 5000]
            ))
        );
        for bad in [
            "",
            "-",
            ".",
            "1.2.3",
            "12,5",
            "abc",
            "1e",
            "1e99999",
            " 1",
            "1e-9223372036854775808",
        ] {
            assert_eq!(parts(bad), None, "{bad:?}");
        }
    }

    /// Both encodings of `text` after a byte already in the buffer: the same bytes, or
    /// both `None` with the buffer untouched.
    fn assert_same_as_reference(text: &str, expected: &mut Vec<u8>, actual: &mut Vec<u8>) {
        expected.clear();
        expected.push(0xA5);
        actual.clear();
        actual.push(0xA5);
        let expected_result = reference(text, expected);
        let actual_result = encode(text, actual);
        assert_eq!(
            (actual_result, &actual),
            (expected_result, &expected),
            "{text:?}"
        );
    }

    /// Calls `check` with every string of up to `max_len` symbols from `alphabet`.
    fn all_strings(alphabet: &[u8], max_len: usize, check: &mut impl FnMut(&str)) {
        fn extend(
            alphabet: &[u8],
            text: &mut Vec<u8>,
            max_len: usize,
            check: &mut impl FnMut(&str),
        ) {
            check(std::str::from_utf8(text).unwrap());
            if text.len() < max_len {
                for &symbol in alphabet {
                    text.push(symbol);
                    extend(alphabet, text, max_len, check);
                    text.pop();
                }
            }
        }
        extend(alphabet, &mut Vec::new(), max_len, check);
    }

    #[test]
    fn same_bytes_as_reference_for_all_short_strings() {
        let (mut expected, mut actual) = (Vec::new(), Vec::new());
        let mut count = 0;
        let mut check = |text: &str| {
            assert_same_as_reference(text, &mut expected, &mut actual);
            count += 1;
        };
        all_strings(b"0123456789.-+eE", 5, &mut check);
        // Longer, over fewer symbols.
        all_strings(b"019.-+e", 7, &mut check);
        // 15^0 + ... + 15^5, and 7^0 + ... + 7^7.
        assert_eq!(count, 813_616 + 960_800);
    }

    /// Knuth's MMIX linear congruential generator: deterministic, and no crate.
    struct Lcg(u64);

    impl Lcg {
        /// A number below `bound`.
        fn below(&mut self, bound: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % bound
        }
    }

    /// A sign or none, leading zeros, 1 to 40 digits, trailing zeros, perhaps a point
    /// anywhere among them (`.5` and `5.` too), perhaps an exponent from -30 to 30.
    fn random_decimal(random: &mut Lcg) -> String {
        let mut digits = String::new();
        for _ in 0..random.below(4) {
            digits.push('0');
        }
        for _ in 0..1 + random.below(40) {
            digits.push(char::from(b'0' + random.below(10) as u8));
        }
        for _ in 0..random.below(4) {
            digits.push('0');
        }
        if random.below(4) != 0 {
            digits.insert(random.below(digits.len() as u64 + 1) as usize, '.');
        }
        let mut text = ["", "-", "+"][random.below(3) as usize].to_owned() + &digits;
        if random.below(2) == 0 {
            let exponent = random.below(61) as i64 - 30;
            text.push(if random.below(2) == 0 { 'e' } else { 'E' });
            if exponent >= 0 && random.below(2) == 0 {
                text.push('+');
            }
            text.push_str(&exponent.to_string());
        }
        text
    }

    #[test]
    fn same_bytes_as_reference_for_random_decimals() {
        let (mut expected, mut actual) = (Vec::new(), Vec::new());
        let mut random = Lcg(2024);
        for _ in 0..5_000 {
            let text = random_decimal(&mut random);
            assert_same_as_reference(&text, &mut expected, &mut actual);
        }
    }

    #[test]
    fn same_bytes_as_reference_at_the_edges() {
        let (mut expected, mut actual) = (Vec::new(), Vec::new());
        for text in [
            "NaN",
            "nan",
            "-NaN",
            "NaN0",
            "Infinity",
            "9999999999999999",
            "9999999999999999e3",
            "-.9999999999999999e-3",
            "99999999999999999",
            "18446744073709551616",
            "-0000000000000000000000000.0000000000000000000000000000e7",
            "1e1000",
            "1e1001",
            "1e-1000",
            "1e-1001",
            "1e+1000",
            "1e0000000000000000000000000001000",
            "1e9223372036854775807",
            "1e9223372036854775808",
            "1e-9223372036854775807",
            "0e5000",
            "1.5e3.2",
            "1e3e4",
            "1e+-3",
            "1e-+3",
            "1.e",
            "--1",
            "+-1",
            "1\u{661}",
            "\u{e9}",
        ] {
            assert_same_as_reference(text, &mut expected, &mut actual);
        }
    }
}
