//! How field values compare and convert: the one place for the coercion rules that
//! etl-filter (and every command that compares values) follows.
//!
//! - Text that looks like a number is a number when compared with a number, and two
//!   numeric-looking texts compare numerically ("10" > "9").
//! - Two texts that both read as RFC 3339 timestamps compare as instants.
//! - Null (and an absent field) is equal only to null; any ordering with null is false,
//!   and so is any ordering of empty text with a number (an empty CSV cell).
//! - Other texts compare bytewise; anything else compared with a number is a type clash.

use std::borrow::Cow;
use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};
use serde_json::Value as Json;

use crate::record::ValueRef;

/// A value during evaluation, borrowing from the record where it can.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    Num(Number),
    Str(Cow<'a, str>),
    Time(DateTime<FixedOffset>),
    /// An array or object from an NDJSON record.
    Json(Cow<'a, Json>),
    /// A list literal, for `in`.
    List(Vec<Val<'a>>),
}

impl<'a> Val<'a> {
    /// A field's value; `None` (absent) becomes null.
    pub fn from_field(value: Option<ValueRef<'a>>) -> Val<'a> {
        match value {
            None => Val::Null,
            Some(ValueRef::Text(text)) => Val::Str(Cow::Borrowed(text)),
            Some(ValueRef::Json(json)) => Val::from_json(json),
            Some(ValueRef::Raw(text)) => Val::from_raw(text),
        }
    }

    /// A value from its JSON text, parsing only what a comparison needs: a string
    /// without escapes is borrowed, a number read straight from its digits.
    pub fn from_raw(text: &'a str) -> Val<'a> {
        match text.as_bytes().first() {
            Some(b'"') if !text.contains('\\') => Val::Str(Cow::Borrowed(&text[1..text.len() - 1])),
            Some(b't') => Val::Bool(true),
            Some(b'f') => Val::Bool(false),
            Some(b'n') | None => Val::Null,
            Some(b'"' | b'[' | b'{') => match crate::record::raw::parse(text) {
                Json::String(s) => Val::Str(Cow::Owned(s)),
                other => Val::Json(Cow::Owned(other)),
            },
            Some(_) => Val::Num(Number::parse(text).unwrap_or(Number::Float(f64::NAN))),
        }
    }

    pub fn from_json(json: &'a Json) -> Val<'a> {
        match json {
            Json::Null => Val::Null,
            Json::Bool(b) => Val::Bool(*b),
            Json::Number(n) => Val::Num(match n.as_i64() {
                Some(i) => Number::Int(i),
                None => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Json::String(s) => Val::Str(Cow::Borrowed(s)),
            other => Val::Json(Cow::Borrowed(other)),
        }
    }

    /// What kind of value this is, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "a boolean",
            Val::Num(_) => "a number",
            Val::Str(_) => "a string",
            Val::Time(_) => "a timestamp",
            Val::Json(j) if j.is_array() => "an array",
            Val::Json(_) => "an object",
            Val::List(_) => "a list",
        }
    }

    /// The value as shown in an error message.
    pub fn show(&self) -> String {
        match self {
            Val::Null => "null".into(),
            Val::Bool(b) => b.to_string(),
            Val::Num(n) => n.to_string(),
            Val::Str(s) => format!("{s:?}"),
            Val::Time(t) => crate::time::to_rfc3339_utc(t),
            Val::Json(j) => j.to_string(),
            Val::List(items) => {
                let shown: Vec<String> = items.iter().map(Val::show).collect();
                format!("[{}]", shown.join(", "))
            }
        }
    }

    /// The value as a number: numbers, and text that reads as one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(n.as_f64()),
            Val::Str(s) => parse_number(s),
            _ => None,
        }
    }

    /// The value as a number, integers exactly: for comparing.
    pub fn as_exact(&self) -> Option<Number> {
        match self {
            Val::Num(n) => Some(*n),
            Val::Str(s) => Number::parse(s),
            _ => None,
        }
    }

    /// The value as JSON, as a computed field holds it: a timestamp as RFC 3339 in
    /// UTC. A double beyond what JSON can hold (infinity) is an error.
    pub fn into_json(self) -> Result<Json, String> {
        Ok(match self {
            Val::Null => Json::Null,
            Val::Bool(b) => Json::Bool(b),
            Val::Num(Number::Int(i)) => Json::from(i),
            // A whole double is written as the integer it is: 10, not 10.0.
            Val::Num(Number::Float(f)) if f.fract() == 0.0 && f.abs() < 9e15 => {
                Json::from(f as i64)
            }
            Val::Num(Number::Float(f)) => match serde_json::Number::from_f64(f) {
                Some(number) => Json::Number(number),
                None => return Err(format!("the result {f} is not a number JSON can hold")),
            },
            Val::Str(s) => Json::String(s.into_owned()),
            Val::Time(t) => Json::String(crate::time::to_rfc3339_utc(&t)),
            Val::Json(j) => j.into_owned(),
            Val::List(items) => Json::Array(
                items
                    .into_iter()
                    .map(Val::into_json)
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// The value as an instant: timestamps, and text that reads as RFC 3339.
    pub fn as_time(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            Val::Time(t) => Some(*t),
            Val::Str(s) if looks_like_rfc3339(s) => DateTime::parse_from_rfc3339(s).ok(),
            _ => None,
        }
    }
}

/// Reads a number the way a person writes one in data: `42`, `-1.5`, `1e3`, with no
/// surrounding blanks, thousands separators or `inf`/`nan`.
pub fn parse_number(text: &str) -> Option<f64> {
    if let Some(number) = plain_decimal(text.as_bytes()).and_then(short_decimal) {
        return Some(number);
    }
    general_number(text)
}

/// A number with an exponent or more than 15 digits, through the standard parser.
fn general_number(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return None;
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    text.parse().ok().filter(|n: &f64| n.is_finite())
}

/// A number as read: an integer (up to 64 bits) exactly, any other as a double.
/// Integers beyond 2^53, which doubles cannot tell apart (9007199254740993 and
/// …992), compare exactly, with each other and with doubles.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// `text` as [`parse_number`] reads it, an integer without a point or exponent
    /// kept exact.
    pub fn parse(text: &str) -> Option<Number> {
        let bytes = text.as_bytes();
        if let Some(decimal) = plain_decimal(bytes) {
            // No point: `5.` has scale 0 too, and ends in it.
            if decimal.scale == 0 && bytes.last().is_some_and(u8::is_ascii_digit) {
                let signed = if decimal.negative {
                    -decimal.digits
                } else {
                    decimal.digits
                };
                if let Ok(int) = i64::try_from(signed) {
                    return Some(Number::Int(int));
                }
            }
            if let Some(float) = short_decimal(decimal) {
                return Some(Number::Float(float));
            }
        }
        general_number(text).map(Number::Float)
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// The order of the two values as real numbers; `None` with NaN.
    pub fn partial_cmp(self, other: Number) -> Option<Ordering> {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(&b)),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b),
            (Number::Int(i), Number::Float(f)) => int_float_cmp(i, f),
            (Number::Float(f), Number::Int(i)) => int_float_cmp(i, f).map(Ordering::reverse),
        }
    }

    /// A total order for sorting: the numeric one, NaN as `f64::total_cmp` puts it.
    pub fn total_cmp(self, other: Number) -> Ordering {
        self.partial_cmp(other)
            .unwrap_or_else(|| self.as_f64().total_cmp(&other.as_f64()))
    }
}

/// Integers print as written, other numbers as [`format_number`] does.
impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Number::Int(i) => write!(f, "{i}"),
            Number::Float(x) => f.write_str(&format_number(*x)),
        }
    }
}

impl std::ops::Neg for Number {
    type Output = Number;

    fn neg(self) -> Number {
        match self {
            Number::Int(i) => i
                .checked_neg()
                .map_or(Number::Float(-(i as f64)), Number::Int),
            Number::Float(f) => Number::Float(-f),
        }
    }
}

/// `i` against `f` exactly: the integer part of `f` as an integer, then its fraction.
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    const BEYOND_I64: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if f.is_nan() {
        return None;
    }
    if f >= BEYOND_I64 {
        return Some(Ordering::Less);
    }
    if f < -BEYOND_I64 {
        return Some(Ordering::Greater);
    }
    let whole = f.trunc();
    let fraction = if f > whole {
        Ordering::Less
    } else if f < whole {
        Ordering::Greater
    } else {
        Ordering::Equal
    };
    Some(i.cmp(&(whole as i64)).then(fraction))
}

/// Powers of ten a double holds exactly.
pub(crate) const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A plain decimal (`-12.50`, `5.`, `.5`; no exponent), read in one pass.
pub struct PlainDecimal {
    pub negative: bool,
    /// All the digits as one integer: 1250 for `-12.50`.
    pub digits: i128,
    /// How many digits there are, and how many of them follow the point.
    pub count: u32,
    pub scale: u32,
}

/// `bytes` as a plain decimal; `None` for anything else, or beyond 38 digits.
pub fn plain_decimal(bytes: &[u8]) -> Option<PlainDecimal> {
    let (negative, unsigned) = match bytes.first()? {
        b'-' => (true, &bytes[1..]),
        b'+' => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    // Up to 18 digits in a u64, the rest (rare) in i128.
    let mut short: u64 = 0;
    let mut long: i128 = 0;
    let mut count = 0;
    let mut scale: Option<u32> = None;
    for &b in unsigned {
        match b {
            b'0'..=b'9' => {
                let digit = b - b'0';
                count += 1;
                if count <= 18 {
                    short = short * 10 + u64::from(digit);
                } else {
                    if count == 19 {
                        long = i128::from(short);
                    }
                    long = long.checked_mul(10)?.checked_add(i128::from(digit))?;
                }
                if let Some(scale) = &mut scale {
                    *scale += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    (count > 0).then(|| PlainDecimal {
        negative,
        digits: if count <= 18 { i128::from(short) } else { long },
        count,
        scale: scale.unwrap_or(0),
    })
}

/// A plain decimal of at most 15 digits, the common case, read without the general
/// parser: its digits and the power of ten are exact doubles, so one division rounds
/// correctly, as `str::parse` does (Clinger's fast path).
fn short_decimal(decimal: PlainDecimal) -> Option<f64> {
    if decimal.count > 15 {
        return None;
    }
    let magnitude = decimal.digits as f64 / EXACT_POWERS_OF_TEN[decimal.scale as usize];
    Some(if decimal.negative {
        -magnitude
    } else {
        magnitude
    })
}

fn looks_like_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && matches!(b[10], b'T' | b't' | b' ')
}

/// Integers print without a fraction, other numbers in their shortest form.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Why two values cannot be ordered.
#[derive(Debug, PartialEq)]
pub struct Clash {
    pub left: String,
    pub right: String,
}

/// Equality under the coercion rules; never an error.
pub fn equal(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Val::Null, Val::Null) => true,
        (Val::Null, _) | (_, Val::Null) => false,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => {
            if x == y {
                return true;
            }
            match (Number::parse(x), Number::parse(y)) {
                (Some(m), Some(n)) => m.partial_cmp(n) == Some(Ordering::Equal),
                _ => match (a.as_time(), b.as_time()) {
                    (Some(s), Some(t)) => s == t,
                    _ => false,
                },
            }
        }
        (Val::Json(x), Val::Json(y)) => x == y,
        (Val::List(x), Val::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Val::Time(_), _) | (_, Val::Time(_)) => match (a.as_time(), b.as_time()) {
            (Some(s), Some(t)) => s == t,
            _ => false,
        },
        _ => match (a.as_exact(), b.as_exact()) {
            (Some(m), Some(n)) => m.partial_cmp(n) == Some(Ordering::Equal),
            _ => false,
        },
    }
}

/// Ordering under the coercion rules. `Ok(None)` when a side is null (every ordering
/// with null is false); a clash when the two cannot be ordered.
pub fn compare(a: &Val, b: &Val) -> Result<Option<Ordering>, Clash> {
    let clash = || Clash {
        left: a.show(),
        right: b.show(),
    };
    match (a, b) {
        (Val::Null, _) | (_, Val::Null) => Ok(None),
        (Val::Num(x), Val::Num(y)) => Ok(x.partial_cmp(*y)),
        (Val::Str(x), Val::Str(y)) => Ok(Some(match (Number::parse(x), Number::parse(y)) {
            (Some(m), Some(n)) => m.partial_cmp(n).unwrap_or(Ordering::Equal),
            _ => match (a.as_time(), b.as_time()) {
                (Some(s), Some(t)) => s.cmp(&t),
                _ => x.as_bytes().cmp(y.as_bytes()),
            },
        })),
        (Val::Time(_), _) | (_, Val::Time(_)) => match (a.as_time(), b.as_time()) {
            (Some(s), Some(t)) => Ok(Some(s.cmp(&t))),
            _ => Err(clash()),
        },
        (Val::Bool(x), Val::Bool(y)) => Ok(Some(x.cmp(y))),
        // An empty CSV cell holds no number: like null, it orders with nothing.
        (Val::Num(_), Val::Str(s)) | (Val::Str(s), Val::Num(_)) if s.is_empty() => Ok(None),
        (Val::Num(_), Val::Str(_)) | (Val::Str(_), Val::Num(_)) => {
            match (a.as_exact(), b.as_exact()) {
                (Some(m), Some(n)) => Ok(m.partial_cmp(n)),
                _ => Err(clash()),
            }
        }
        _ => Err(clash()),
    }
}

/// A value's place in the total order sorting needs, where [`compare`] may refuse
/// (null) or clash (a number with other text). The classes come in this order, each
/// ordered within: null (also a missing field and empty text), booleans, numbers
/// (numeric text included), timestamps (RFC 3339 text, as instants), other text
/// (bytewise), arrays and objects (by their JSON text).
#[derive(Clone, Debug, PartialEq)]
pub enum SortValue {
    Null,
    Bool(bool),
    Num(Number),
    /// Seconds and nanoseconds since the epoch.
    Time(i64, u32),
    Text(Box<str>),
    Json(Box<str>),
}

impl SortValue {
    /// The value in the typed order: numbers and timestamps recognised in text.
    pub fn typed(value: &Val) -> SortValue {
        match value {
            Val::Null => SortValue::Null,
            Val::Bool(b) => SortValue::Bool(*b),
            Val::Num(n) => SortValue::Num(*n),
            Val::Str(s) if s.is_empty() => SortValue::Null,
            Val::Str(s) => match (Number::parse(s), value.as_time()) {
                (Some(n), _) => SortValue::Num(n),
                (None, Some(t)) => SortValue::Time(t.timestamp(), t.timestamp_subsec_nanos()),
                (None, None) => SortValue::Text(s.as_ref().into()),
            },
            Val::Time(t) => SortValue::Time(t.timestamp(), t.timestamp_subsec_nanos()),
            Val::Json(j) => SortValue::Json(j.to_string().into()),
            Val::List(items) => SortValue::Json(Val::List(items.clone()).show().into()),
        }
    }

    fn class(&self) -> u8 {
        match self {
            SortValue::Null => 0,
            SortValue::Bool(_) => 1,
            SortValue::Num(_) => 2,
            SortValue::Time(..) => 3,
            SortValue::Text(_) => 4,
            SortValue::Json(_) => 5,
        }
    }

    /// The total order: by class, then within the class.
    pub fn total_cmp(&self, other: &SortValue) -> Ordering {
        match (self, other) {
            (SortValue::Bool(a), SortValue::Bool(b)) => a.cmp(b),
            (SortValue::Num(a), SortValue::Num(b)) => a.total_cmp(*b),
            (SortValue::Time(s, n), SortValue::Time(t, m)) => (s, n).cmp(&(t, m)),
            (SortValue::Text(a), SortValue::Text(b)) | (SortValue::Json(a), SortValue::Json(b)) => {
                a.as_bytes().cmp(b.as_bytes())
            }
            _ => self.class().cmp(&other.class()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Val<'_> {
        Val::Str(Cow::Borrowed(text))
    }

    #[test]
    fn numeric_text_compares_numerically() {
        assert_eq!(compare(&s("10"), &s("9")), Ok(Some(Ordering::Greater)));
        assert_eq!(
            compare(&s("500"), &Val::Num(Number::Float(500.0))),
            Ok(Some(Ordering::Equal))
        );
        assert_eq!(compare(&s("abc"), &s("abd")), Ok(Some(Ordering::Less)));
        assert!(equal(&s("1.0"), &Val::Num(Number::Float(1.0))));
        assert!(equal(&s("02134"), &s("2134")));
        assert!(!equal(&s("x"), &Val::Num(Number::Float(1.0))));
    }

    #[test]
    fn short_decimals_read_exactly_as_the_general_parser_reads_them() {
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "+7",
            "5.",
            ".5",
            "-.5",
            "0.1",
            "0.3",
            "10.74",
            "999999999999999",
            "123456789.012345",
            "0.000000000000001",
            "9007199254740993",
            "1.5e3",
            ".",
            "-",
            "",
            "1.2.3",
            "12a",
            "1,5",
            " 1",
        ]
        .map(String::from)
        .to_vec();
        // Every digit count and point position up to 16 digits, from a fixed sequence.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 1..=16 {
            for _ in 0..200 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let digits: String = (0..len)
                    .map(|i| char::from(b'0' + (x >> (i * 4) & 7) as u8 + (x >> 60) as u8 % 3))
                    .collect();
                let point = (x % (len as u64 + 1)) as usize;
                texts.push(format!("{}.{}", &digits[..point], &digits[point..]));
                texts.push(format!("-{digits}"));
            }
        }
        for text in &texts {
            let general = text.parse::<f64>().ok().filter(|n| n.is_finite());
            if let Some(fast) = plain_decimal(text.as_bytes()).and_then(short_decimal) {
                assert_eq!(Some(fast.to_bits()), general.map(f64::to_bits), "{text}");
            }
            assert_eq!(
                parse_number(text).map(f64::to_bits),
                general
                    .filter(|_| !text.starts_with(' ') && !text.contains(','))
                    .map(f64::to_bits),
                "{text}"
            );
        }
    }

    #[test]
    fn timestamps_compare_as_instants() {
        let a = s("2024-03-01T01:00:00+01:00");
        let b = s("2024-03-01T00:00:00Z");
        assert!(equal(&a, &b));
        assert_eq!(
            compare(&s("2024-03-01T00:30:00+01:00"), &b),
            Ok(Some(Ordering::Less))
        );
    }

    #[test]
    fn null_orders_with_nothing_and_clashes_are_errors() {
        assert_eq!(compare(&Val::Null, &Val::Num(Number::Float(1.0))), Ok(None));
        assert!(equal(&Val::Null, &Val::Null));
        assert!(!equal(&Val::Null, &s("")));
        assert!(compare(&s("abc"), &Val::Num(Number::Float(1.0))).is_err());
        assert_eq!(compare(&s(""), &Val::Num(Number::Float(1.0))), Ok(None));
        assert!(compare(&Val::Bool(true), &Val::Num(Number::Float(1.0))).is_err());
    }

    #[test]
    fn integers_beyond_doubles_compare_exactly() {
        let int = |i: i64| Val::Num(Number::Int(i));
        let float = |f: f64| Val::Num(Number::Float(f));
        let big = 9_007_199_254_740_993; // 2^53 + 1: no double holds it
        assert!(!equal(&int(big), &int(big - 1)));
        assert!(!equal(&s("9007199254740993"), &int(big - 1)));
        assert!(!equal(&s("9007199254740993"), &s("9007199254740992")));
        assert!(equal(&s("9007199254740993"), &int(big)));
        assert_eq!(
            compare(&int(big), &float(9_007_199_254_740_992.0)),
            Ok(Some(Ordering::Greater))
        );
        assert_eq!(compare(&float(2.5), &int(2)), Ok(Some(Ordering::Greater)));
        assert_eq!(compare(&float(-2.5), &int(-2)), Ok(Some(Ordering::Less)));
        assert_eq!(
            compare(&float(1e19), &int(i64::MAX)),
            Ok(Some(Ordering::Greater))
        );
        assert_eq!(
            compare(&float(-1e19), &int(i64::MIN)),
            Ok(Some(Ordering::Less))
        );
        assert!(equal(&float(1e3), &s("1000")));
        assert_eq!(
            Number::parse("-9223372036854775808"),
            Some(Number::Int(i64::MIN))
        );
        assert_eq!(
            Number::parse("9223372036854775808"),
            Some(Number::Float(9.223372036854776e18))
        );
        assert_eq!(Number::parse("5."), Some(Number::Float(5.0)));
        let mut keys: Vec<SortValue> =
            ["9007199254740993", "9007199254740992", "9007199254740992.5"]
                .map(|t| SortValue::typed(&s(t)))
                .into();
        keys.sort_by(SortValue::total_cmp);
        assert_eq!(keys[0], SortValue::Num(Number::Int(big - 1)));
        assert_eq!(keys[2], SortValue::Num(Number::Int(big)));
    }

    #[test]
    fn the_sort_order_is_total_across_classes() {
        let mut values: Vec<SortValue> = ["b", "10", "", "9", "2024-01-01T00:00:00Z", "1a", "-1"]
            .iter()
            .map(|text| SortValue::typed(&s(text)))
            .chain([
                SortValue::typed(&Val::Bool(true)),
                SortValue::typed(&Val::Null),
            ])
            .collect();
        values.sort_by(SortValue::total_cmp);
        let expected = [
            SortValue::Null,
            SortValue::Null,
            SortValue::Bool(true),
            SortValue::Num(Number::Int(-1)),
            SortValue::Num(Number::Int(9)),
            SortValue::Num(Number::Int(10)),
            SortValue::Time(1704067200, 0),
            SortValue::Text("1a".into()),
            SortValue::Text("b".into()),
        ];
        assert_eq!(values, expected);
    }

    #[test]
    fn numbers_are_read_strictly() {
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number("-1.5"), Some(-1.5));
        for bad in ["", " 1", "1,5", "inf", "NaN", "0x10", "1 "] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }
}
