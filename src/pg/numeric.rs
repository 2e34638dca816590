//! PostgreSQL `numeric` in its binary form, from decimal text, exact to every digit
//! (the crates that offer it stop at 28 significant digits).
//!
//! The form: i16 count of base-10000 digits, i16 weight (the power of 10000 of the
//! first digit), u16 sign, u16 display scale (digits after the point), the digits.

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
/// Far beyond what a decimal in data holds, well inside numeric's own limits.
const MAX_EXPONENT: i64 = 1000;

/// Appends the binary form of `text` (`-12.50`, `1e3`, `.5`, `NaN`) to `out`; `None`
/// when it is not a decimal number.
pub fn encode(text: &str, out: &mut Vec<u8>) -> Option<()> {
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
        for bad in ["", "-", ".", "1.2.3", "12,5", "abc", "1e", "1e99999", " 1"] {
            assert_eq!(parts(bad), None, "{bad:?}");
        }
    }
}
