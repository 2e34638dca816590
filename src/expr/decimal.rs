//! Arithmetic on the decimals that numbers were written as: `0.1 + 0.2` is `0.3`.
//!
//! The double read from `0.1` is not one tenth, and adding doubles adds their binary
//! errors (`0.30000000000000004` in jq and Miller). Data holds decimals (prices,
//! readings), so a double that is the one nearest to a decimal of at most 15
//! significant digits is taken as that decimal: the operation is done exactly, on
//! integers, and its exact result is rounded once, to the nearest double, which prints
//! as the decimal it is. Anything else (a third, more digits than a double holds) is
//! ordinary double arithmetic.

use super::ast::BinOp as Op;
use crate::value::EXACT_POWERS_OF_TEN;

/// 2^53: below it every integer is an exact double.
const EXACT_INTEGERS: f64 = 9_007_199_254_740_992.0;

/// `x op y` (`op` one of `+ - * / %`), exactly on the decimals `x` and `y` stand for
/// where they stand for one. The caller has refused a zero divisor.
pub fn apply(op: Op, x: f64, y: f64) -> f64 {
    exact(op, x, y).unwrap_or(match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        Op::Div => x / y,
        _ => x % y,
    })
}

/// `x` rounded half away from zero to `places` decimals (tens, hundreds… when
/// negative), on the decimal it stands for: `round(2.675, 2)` is 2.68, where the
/// double 2.675 (2.67499999…) would give 2.67. `None` when `x` stands for no decimal.
pub fn round(x: f64, places: i32) -> Option<f64> {
    let (digits, scale) = decimal(x)?;
    if places >= scale as i32 {
        return Some(x);
    }
    let unit = 10_i128.pow((scale as i32 - places) as u32);
    let (quotient, rest) = (i128::from(digits) / unit, i128::from(digits) % unit);
    let rounded = if 2 * rest.abs() >= unit {
        quotient + rest.signum()
    } else {
        quotient
    };
    Some(match u32::try_from(places) {
        Ok(places) => to_double(rounded, places),
        Err(_) => to_double(rounded * 10_i128.pow(places.unsigned_abs()), 0),
    })
}

fn exact(op: Op, x: f64, y: f64) -> Option<f64> {
    let ((m, j), (n, k)) = (decimal(x)?, decimal(y)?);
    let (m, n) = (i128::from(m), i128::from(n));
    if op == Op::Mul {
        return Some(to_double(m * n, j + k));
    }
    // Both on the larger scale: below 2^53 · 10^15, far inside an i128.
    let scale = j.max(k);
    let a = m * 10_i128.pow(scale - j);
    let b = n * 10_i128.pow(scale - k);
    Some(match op {
        Op::Add => to_double(a + b, scale),
        Op::Sub => to_double(a - b, scale),
        Op::Rem => to_double(a % b, scale),
        // The scales cancel; two exact doubles divide correctly rounded.
        _ if a.unsigned_abs() < 1 << 53 && b.unsigned_abs() < 1 << 53 => a as f64 / b as f64,
        _ if a % b == 0 => to_double(a / b, 0),
        _ => return None,
    })
}

/// `x` as `digits / 10^scale` with the fewest decimals whose nearest double is `x`;
/// `None` beyond 15 decimals or 2^53 digits.
fn decimal(x: f64) -> Option<(i64, u32)> {
    for (scale, power) in EXACT_POWERS_OF_TEN.iter().enumerate().take(16) {
        let scaled = x * power;
        // NaN and infinities too.
        if scaled.is_nan() || scaled.abs() >= EXACT_INTEGERS {
            return None;
        }
        let digits = scaled.round();
        if digits / power == x {
            return Some((digits as i64, scale as u32));
        }
    }
    None
}

/// `digits / 10^scale` rounded once to the nearest double.
fn to_double(digits: i128, scale: u32) -> f64 {
    if digits.unsigned_abs() < 1 << 53 && scale < EXACT_POWERS_OF_TEN.len() as u32 {
        // Both exact, so the one division rounds correctly (Clinger's fast path).
        digits as f64 / EXACT_POWERS_OF_TEN[scale as usize]
    } else {
        // Rare: the standard parser rounds correctly at any length.
        format!("{digits}e-{scale}")
            .parse()
            .expect("an integer with an exponent is a number")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_add_subtract_and_multiply_exactly() {
        assert_eq!(apply(Op::Add, 0.1, 0.2), 0.3);
        assert_eq!(apply(Op::Sub, 0.3, 0.1), 0.2);
        assert_eq!(apply(Op::Mul, 1.1, 1.1), 1.21);
        assert_eq!(apply(Op::Mul, 0.1, 3.0), 0.3);
        assert_eq!(apply(Op::Rem, 0.7, 0.2), 0.1);
        assert_eq!(apply(Op::Mul, 19.99, 3.0), 59.97);
        assert_eq!(apply(Op::Add, -0.1, 0.1), 0.0);
    }

    #[test]
    fn a_quotient_is_rounded_once() {
        assert_eq!(apply(Op::Div, 0.3, 0.1), 3.0);
        assert_eq!(apply(Op::Div, 1.0, 3.0), 1.0 / 3.0);
        assert_eq!(apply(Op::Div, 0.69, 0.1), 6.9);
    }

    #[test]
    fn a_product_beyond_a_double_is_rounded_correctly() {
        // 121932631112635269 (exact) has more digits than a double holds.
        let exact: f64 = "121932631112.635269".parse().unwrap();
        assert_eq!(apply(Op::Mul, 123456.789, 987654.321), exact);
        assert_eq!(apply(Op::Mul, 1e-15, 1e-15), 1e-30);
    }

    #[test]
    fn what_stands_for_no_short_decimal_is_double_arithmetic() {
        let third = 1.0 / 3.0;
        assert_eq!(apply(Op::Add, third, 0.1), third + 0.1);
        assert_eq!(apply(Op::Mul, 1e300, 10.0), 1e300 * 10.0);
        assert!(apply(Op::Add, f64::NAN, 1.0).is_nan());
        assert_eq!(apply(Op::Add, f64::INFINITY, 1.0), f64::INFINITY);
    }

    /// Against the standard parser on the exact results, for decimals of every length
    /// up to 15 digits: reading `x` back as a decimal must find the digits written.
    #[test]
    fn results_are_the_exact_ones_rounded_once() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed >> 11
        };
        for _ in 0..100_000 {
            let (j, k) = ((next() % 8) as u32, (next() % 8) as u32);
            let m = (next() % 10_u64.pow(7 + j % 8)) as i128 - 5_000_000;
            let n = (next() % 10_u64.pow(7 + k % 8)) as i128 + 1;
            let read =
                |digits: i128, scale: u32| -> f64 { format!("{digits}e-{scale}").parse().unwrap() };
            let (x, y) = (read(m, j), read(n, k));
            let s = j.max(k);
            let (a, b) = (m * 10_i128.pow(s - j), n * 10_i128.pow(s - k));
            assert_eq!(apply(Op::Add, x, y), read(a + b, s), "{x} + {y}");
            assert_eq!(apply(Op::Sub, x, y), read(a - b, s), "{x} - {y}");
            assert_eq!(apply(Op::Mul, x, y), read(m * n, j + k), "{x} * {y}");
            assert_eq!(apply(Op::Rem, x, y), read(a % b, s), "{x} % {y}");
        }
    }

    #[test]
    fn rounding_is_on_the_decimal() {
        assert_eq!(round(2.675, 2), Some(2.68));
        assert_eq!(round(1.005, 2), Some(1.01));
        assert_eq!(round(-1.005, 2), Some(-1.01));
        assert_eq!(round(2.5, 0), Some(3.0));
        assert_eq!(round(1234.5, -2), Some(1200.0));
        assert_eq!(round(1250.0, -2), Some(1300.0));
        assert_eq!(round(0.125, 5), Some(0.125));
        assert_eq!(round(1.0 / 3.0, 2), None);
    }
}
