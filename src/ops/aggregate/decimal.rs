//! Exact sums of decimal numbers: "0.10" added a million times is 100000.00.
//!
//! While every value is a plain decimal (`-12.50`, no exponent, at most 18 fraction
//! digits), the sum is an integer count of the smallest unit seen (an i128 with a
//! decimal scale: 38 significant digits), and it is printed with that scale. A value
//! with an exponent, or a sum that would overflow, turns the sum into compensated
//! floating point (Neumaier), which keeps the error within about one unit in the 16th
//! significant digit however many values are added.

#[derive(Clone, Debug)]
pub enum Sum {
    Exact { digits: i128, scale: u32 },
    Float(Neumaier),
}

impl Default for Sum {
    fn default() -> Sum {
        Sum::Exact {
            digits: 0,
            scale: 0,
        }
    }
}

/// Neumaier's compensated summation: floating point that does not lose the small terms.
#[derive(Clone, Copy, Debug, Default)]
pub struct Neumaier {
    sum: f64,
    compensation: f64,
}

impl Neumaier {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }

    fn value(self) -> f64 {
        self.sum + self.compensation
    }
}

/// A plain decimal (`-12.50`, `5.`, `.5`) as (digits, scale); `None` for anything
/// else, or more than 18 decimals.
fn parse_decimal(text: &str) -> Option<(i128, u32)> {
    let decimal = crate::value::plain_decimal(text.as_bytes()).filter(|d| d.scale <= 18)?;
    let digits = if decimal.negative {
        -decimal.digits
    } else {
        decimal.digits
    };
    Some((digits, decimal.scale))
}

/// `digits` · 10^-from rescaled to `to` ≥ `from` decimals.
fn rescale(digits: i128, from: u32, to: u32) -> Option<i128> {
    if from == to {
        return Some(digits);
    }
    digits.checked_mul(10i128.checked_pow(to - from)?)
}

impl Sum {
    /// Adds a number given as its text (`12.50`, `1e3`) and its value.
    pub fn add(&mut self, text: &str, value: f64) {
        match self {
            Sum::Exact { digits, scale } => {
                let added = parse_decimal(text).and_then(|(d, s)| {
                    let to = (*scale).max(s);
                    Some((
                        rescale(*digits, *scale, to)?.checked_add(rescale(d, s, to)?)?,
                        to,
                    ))
                });
                match added {
                    Some((d, s)) => (*digits, *scale) = (d, s),
                    None => {
                        let mut float = Neumaier::default();
                        float.add(self.value());
                        float.add(value);
                        *self = Sum::Float(float);
                    }
                }
            }
            Sum::Float(float) => float.add(value),
        }
    }

    /// The sum as JSON number text: every decimal digit while exact, else the shortest
    /// text of the compensated float.
    pub fn text(&self) -> String {
        match *self {
            Sum::Exact { digits, scale } => decimal_text(digits, scale),
            Sum::Float(float) => crate::value::format_number(float.value()),
        }
    }

    /// The mean of `count` values as JSON number text: for an exact sum, the exact
    /// quotient rounded to the nearest double (0.1, not 0.10000000000000002).
    pub fn mean_text(&self, count: u64) -> String {
        match *self {
            Sum::Exact { digits, scale } => {
                let quotient = divide(digits, count, scale);
                crate::value::format_number(quotient.parse().unwrap_or(f64::NAN))
            }
            Sum::Float(float) => crate::value::format_number(float.value() / count as f64),
        }
    }

    /// The sum as the nearest double.
    pub fn value(&self) -> f64 {
        match *self {
            // Through the text: Rust's float parsing rounds correctly.
            Sum::Exact { digits, scale } => decimal_text(digits, scale).parse().unwrap_or(f64::NAN),
            Sum::Float(float) => float.value(),
        }
    }
}

/// `digits`·10^-scale / `count` as decimal text with 21 significant digits: enough
/// for parsing to round it to the double nearest the exact quotient.
fn divide(digits: i128, count: u64, scale: u32) -> String {
    let count = count as u128;
    let magnitude = digits.unsigned_abs();
    let mut text = String::from(if digits < 0 { "-" } else { "" });
    let whole = magnitude / count;
    let mut rest = magnitude % count;
    text.push_str(&whole.to_string());
    text.push('.');
    let mut significant = if whole == 0 { 0 } else { text.len() };
    while significant < 21 {
        rest *= 10;
        let digit = rest / count;
        rest %= count;
        text.push(char::from(b'0' + digit as u8));
        if digit > 0 || significant > 0 {
            significant += 1;
        }
        if rest == 0 {
            break;
        }
    }
    format!("{text}e-{scale}")
}

fn decimal_text(digits: i128, scale: u32) -> String {
    let mut text = digits.unsigned_abs().to_string();
    if scale > 0 {
        while text.len() <= scale as usize {
            text.insert(0, '0');
        }
        text.insert(text.len() - scale as usize, '.');
    }
    if digits < 0 {
        text.insert(0, '-');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(values: &[&str]) -> String {
        let mut s = Sum::default();
        for v in values {
            s.add(v, v.parse().unwrap());
        }
        s.text()
    }

    #[test]
    fn decimals_add_exactly() {
        let mut s = Sum::default();
        for _ in 0..1_000_000 {
            s.add("0.10", 0.1);
        }
        assert_eq!(s.text(), "100000.00");
        assert_eq!(s.value(), 100000.0);
        assert_eq!(sum(&["1.5", "-0.25", "3"]), "4.25");
        assert_eq!(sum(&["-0.5", "0.25"]), "-0.25");
        assert_eq!(sum(&["0.001"]), "0.001");
        assert_eq!(sum(&["+.5", "1."]), "1.5");
        assert_eq!(sum(&["0.1", "0.2"]), "0.3");
        assert_eq!(sum(&[]), "0");
        // 38 digits: beyond f64 and beyond rust_decimal's 28.
        let big = "12345678901234567890.123456789012345678";
        assert_eq!(sum(&[big, big]), "24691357802469135780.246913578024691356");
    }

    #[test]
    fn means_of_decimals_are_the_nearest_double() {
        let mean = |values: &[&str]| {
            let mut s = Sum::default();
            for v in values {
                s.add(v, v.parse().unwrap());
            }
            s.mean_text(values.len() as u64)
        };
        assert_eq!(mean(&["10.50", "0.10", "20"]), "10.2");
        assert_eq!(mean(&["1", "2"]), "1.5");
        assert_eq!(mean(&["1", "1", "2"]), "1.3333333333333333");
        assert_eq!(mean(&["-0.3", "0"]), "-0.15");
        assert_eq!(mean(&["0"]), "0");
        assert_eq!(mean(&["1e3", "1"]), "500.5");
    }

    #[test]
    fn exponents_and_overflow_fall_back_to_compensated_floats() {
        assert_eq!(sum(&["1e3", "0.5"]), "1000.5");
        assert_eq!(sum(&["0.5", "1e3"]), "1000.5");
        let mut s = Sum::default();
        for _ in 0..10 {
            s.add("1e-1", 0.1);
        }
        assert_eq!(s.text(), "1", "compensated, not 0.9999999999999999");
        let huge = "99999999999999999999999999999999999999";
        assert!(matches!(
            {
                let mut s = Sum::default();
                s.add(huge, 1e38);
                s.add(huge, 1e38);
                s
            },
            Sum::Float(_)
        ));
    }

    #[test]
    fn parse_decimal_accepts_plain_decimals_only() {
        assert_eq!(parse_decimal("-12.50"), Some((-1250, 2)));
        assert_eq!(parse_decimal("007"), Some((7, 0)));
        // Past 18 digits the digits go on in 128 bits.
        assert_eq!(
            parse_decimal("-1234567890123456789.012345678"),
            Some((-1234567890123456789012345678, 9))
        );
        assert_eq!(
            parse_decimal("123456789012345678"),
            Some((123456789012345678, 0))
        );
        for bad in [
            "",
            "-",
            ".",
            "1e3",
            "1.2.3",
            "0x1",
            "1,5",
            "0.1234567890123456789",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }
}
