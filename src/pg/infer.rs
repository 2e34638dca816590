//! `--create`: column types inferred from the first records, the narrowest type that
//! holds every value seen: bigint, numeric, double precision, boolean, date,
//! timestamptz, jsonb (arrays and objects) or text.

use crate::record::{Record, ValueRef};

/// An inferred column type, ordered so that numbers widen (bigint → numeric →
/// double precision) and everything else that disagrees becomes text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inferred {
    /// Only nulls and empty values so far.
    Unknown,
    Bigint,
    Numeric,
    Double,
    Boolean,
    Date,
    Timestamptz,
    Jsonb,
    Text,
}

impl Inferred {
    pub fn sql(self) -> &'static str {
        match self {
            Inferred::Bigint => "bigint",
            Inferred::Numeric => "numeric",
            Inferred::Double => "double precision",
            Inferred::Boolean => "boolean",
            Inferred::Date => "date",
            Inferred::Timestamptz => "timestamp with time zone",
            Inferred::Jsonb => "jsonb",
            Inferred::Unknown | Inferred::Text => "text",
        }
    }

    /// The type that holds values of both.
    fn join(self, other: Inferred) -> Inferred {
        use Inferred::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Unknown, x) | (x, Unknown) => x,
            (Bigint | Numeric, Bigint | Numeric) => Numeric,
            (Bigint | Numeric | Double, Bigint | Numeric | Double) => Double,
            (Date | Timestamptz, Date | Timestamptz) => Timestamptz,
            _ => Text,
        }
    }

    /// The type of one value: typed values (NDJSON, etl-cast) by their JSON type,
    /// CSV text by its look.
    fn of(value: ValueRef) -> Inferred {
        if value.is_null() {
            return Inferred::Unknown;
        }
        let text = match value {
            ValueRef::Raw(raw) => match raw.as_bytes().first() {
                Some(b'{' | b'[') => return Inferred::Jsonb,
                Some(b't' | b'f') => return Inferred::Boolean,
                Some(b'"') => return of_string(&value.as_text().unwrap_or_default()),
                _ => return of_number(raw),
            },
            ValueRef::Json(json) => match json {
                serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                    return Inferred::Jsonb
                }
                serde_json::Value::Bool(_) => return Inferred::Boolean,
                serde_json::Value::Number(n) => return of_number(n.as_str()),
                serde_json::Value::String(s) => return of_string(s),
                serde_json::Value::Null => return Inferred::Unknown,
            },
            ValueRef::Text(text) => text,
        };
        match text {
            "" => Inferred::Unknown,
            "true" | "false" => Inferred::Boolean,
            _ if looks_numeric(text) => of_number(text),
            _ => of_string(text),
        }
    }
}

/// A number's text: integers that fit i64 are bigint, plain decimals numeric (they
/// keep their digits), exponent forms double precision when it holds them (1e400 does
/// not: numeric).
fn of_number(text: &str) -> Inferred {
    if text.parse::<i64>().is_ok() {
        Inferred::Bigint
    } else if text.contains(['e', 'E']) && fits_double(text) {
        Inferred::Double
    } else {
        Inferred::Numeric
    }
}

/// Whether double precision holds the number: neither overflows nor underflows to 0.
fn fits_double(text: &str) -> bool {
    let mantissa = text.split(['e', 'E']).next().unwrap_or_default();
    match text.parse::<f64>() {
        Ok(n) => {
            n.is_finite() && (n != 0.0 || !mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b)))
        }
        Err(_) => false,
    }
}

/// CSV text that reads as a number. A leading zero (zip codes, phone numbers) keeps text.
fn looks_numeric(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let leading_zero =
        unsigned.len() > 1 && unsigned.starts_with('0') && !unsigned.starts_with("0.");
    !leading_zero && crate::value::parse_number(text).is_some()
}

/// A string: a date `YYYY-MM-DD`, a timestamp with date and time, or text.
fn of_string(text: &str) -> Inferred {
    let b = text.as_bytes();
    let dated = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    if !dated {
        return Inferred::Text;
    }
    if b.len() == 10 {
        return match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(_) => Inferred::Date,
            Err(_) => Inferred::Text,
        };
    }
    if matches!(b[10], b'T' | b't' | b' ') && crate::time::parse(text).is_some() {
        Inferred::Timestamptz
    } else {
        Inferred::Text
    }
}

/// Column names in first-seen order and their inferred types.
#[derive(Debug, Default)]
pub struct Inference {
    pub columns: Vec<(String, Inferred)>,
}

impl Inference {
    pub fn observe(&mut self, record: &Record) {
        for (name, value) in record.fields() {
            let seen = Inferred::of(value);
            match self.columns.iter_mut().find(|(n, _)| n == name) {
                Some((_, inferred)) => *inferred = inferred.join(seen),
                None => self.columns.push((name.to_owned(), seen)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn infer_csv(values: &[&str]) -> Inferred {
        let header = Arc::new(crate::record::Header::new(["c"]));
        let mut inference = Inference::default();
        for value in values {
            let row = [*value].into_iter().collect();
            inference.observe(&Record::new(
                header.clone(),
                crate::record::Values::Text(row),
            ));
        }
        inference.columns[0].1
    }

    #[test]
    fn csv_text_types() {
        assert_eq!(infer_csv(&["1", "", "-20"]), Inferred::Bigint);
        assert_eq!(infer_csv(&["1", "2.50"]), Inferred::Numeric);
        assert_eq!(infer_csv(&["1", "2e3"]), Inferred::Double);
        // Regression (issue 19, 5): double precision cannot hold these NDJSON numbers.
        assert_eq!(of_number("1e400"), Inferred::Numeric);
        assert_eq!(of_number("-1e-400"), Inferred::Numeric);
        assert_eq!(of_number("1e300"), Inferred::Double);
        assert_eq!(infer_csv(&["02134", "1"]), Inferred::Text);
        assert_eq!(infer_csv(&["true", "false"]), Inferred::Boolean);
        assert_eq!(
            infer_csv(&["2024-03-01", "2024-03-01T10:00:00Z"]),
            Inferred::Timestamptz
        );
        assert_eq!(infer_csv(&["2024-03-01"]), Inferred::Date);
        assert_eq!(infer_csv(&["2024-13-01"]), Inferred::Text);
        assert_eq!(infer_csv(&["", ""]), Inferred::Unknown);
        assert_eq!(infer_csv(&["1", "x"]), Inferred::Text);
        assert_eq!(Inferred::Unknown.sql(), "text");
    }

    #[test]
    fn json_types() {
        use ValueRef::Raw;
        assert_eq!(Inferred::of(Raw("{\"a\":1}")), Inferred::Jsonb);
        assert_eq!(Inferred::of(Raw("[1]")), Inferred::Jsonb);
        assert_eq!(Inferred::of(Raw("false")), Inferred::Boolean);
        assert_eq!(Inferred::of(Raw("12.5")), Inferred::Numeric);
        assert_eq!(Inferred::of(Raw("99999999999999999999")), Inferred::Numeric);
        assert_eq!(Inferred::of(Raw("\"12\"")), Inferred::Text);
        assert_eq!(
            Inferred::of(Raw("\"2024-03-01T00:00:00+01:00\"")),
            Inferred::Timestamptz
        );
        assert_eq!(Inferred::of(Raw("null")), Inferred::Unknown);
    }
}
