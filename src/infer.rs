//! Column types from values: the one rule by which `etl-cast --infer` types a column,
//! `etl-pg-load --create` makes one and `etl-describe` names what a field holds, so
//! that the three never disagree. A column's type is the narrowest that holds every
//! value seen: numbers widen (int → decimal → float), dates widen to timestamps, and
//! anything else that disagrees is text, so one word or one zip code with a leading
//! zero (`02134`) keeps a whole column text.

use crate::record::{Record, ValueRef};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// Only nulls and empty values so far.
    Null,
    /// Integers that fit 64 bits.
    Int,
    /// Plain decimals (`12.50`), or integers beyond 64 bits: exact digits.
    Decimal,
    /// Numbers with an exponent (`1e3`) that a double holds.
    Float,
    /// `true` and `false`, in any case.
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// A date and a time.
    Timestamp,
    /// JSON arrays and objects.
    Json,
    Text,
}

impl ColumnType {
    /// The name, as etl-cast's specs write the type (`text` is its `string`).
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Null => "null",
            ColumnType::Int => "int",
            ColumnType::Decimal => "decimal",
            ColumnType::Float => "float",
            ColumnType::Bool => "bool",
            ColumnType::Date => "date",
            ColumnType::Timestamp => "timestamp",
            ColumnType::Json => "json",
            ColumnType::Text => "text",
        }
    }

    /// The type that holds values of both.
    pub fn join(self, other: ColumnType) -> ColumnType {
        use ColumnType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Null, x) | (x, Null) => x,
            (Int | Decimal, Int | Decimal) => Decimal,
            (Int | Decimal | Float, Int | Decimal | Float) => Float,
            (Date | Timestamp, Date | Timestamp) => Timestamp,
            _ => Text,
        }
    }

    /// The type of one value: typed values (NDJSON, etl-cast) by their JSON type,
    /// CSV text by its look.
    pub fn of(value: ValueRef) -> ColumnType {
        if value.is_null() {
            return ColumnType::Null;
        }
        let text = match value {
            ValueRef::Raw(raw) => match raw.as_bytes().first() {
                Some(b'{' | b'[') => return ColumnType::Json,
                Some(b't' | b'f') => return ColumnType::Bool,
                Some(b'"') => return of_string(&value.as_text().unwrap_or_default()),
                _ => return of_number(raw),
            },
            ValueRef::Json(json) => match json {
                serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                    return ColumnType::Json
                }
                serde_json::Value::Bool(_) => return ColumnType::Bool,
                serde_json::Value::Number(n) => return of_number(n.as_str()),
                serde_json::Value::String(s) => return of_string(s),
                serde_json::Value::Null => return ColumnType::Null,
            },
            ValueRef::Text(text) => text,
        };
        match text {
            "" => ColumnType::Null,
            _ if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") => {
                ColumnType::Bool
            }
            _ if looks_numeric(text) => of_number(text),
            _ => of_string(text),
        }
    }
}

/// A number's text: integers that fit 64 bits are int, plain decimals decimal (they
/// keep their digits), exponent forms float when a double holds them (1e400 does
/// not: decimal).
fn of_number(text: &str) -> ColumnType {
    if text.parse::<i64>().is_ok() {
        ColumnType::Int
    } else if text.contains(['e', 'E']) && fits_double(text) {
        ColumnType::Float
    } else {
        ColumnType::Decimal
    }
}

/// Whether a double holds the number: neither overflows nor underflows to 0.
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
fn of_string(text: &str) -> ColumnType {
    let b = text.as_bytes();
    let dated = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    if !dated {
        return ColumnType::Text;
    }
    if b.len() == 10 {
        return match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(_) => ColumnType::Date,
            Err(_) => ColumnType::Text,
        };
    }
    if matches!(b[10], b'T' | b't' | b' ') && crate::time::parse(text).is_some() {
        ColumnType::Timestamp
    } else {
        ColumnType::Text
    }
}

/// Column names in first-seen order and their inferred types.
#[derive(Debug, Default)]
pub struct Inference {
    pub columns: Vec<(String, ColumnType)>,
    /// How many records the types come from.
    pub records: usize,
}

impl Inference {
    /// The type inferred for the column `name`; `None` for a name never seen.
    pub fn type_of(&self, name: &str) -> Option<ColumnType> {
        self.columns
            .iter()
            .find(|(column, _)| column == name)
            .map(|(_, inferred)| *inferred)
    }

    /// What was decided, for `-v`: `--infer, from the first 1000 records: id int, zip
    /// text, …`.
    pub fn summary(&self) -> String {
        let columns: Vec<String> = self
            .columns
            .iter()
            .map(|(name, inferred)| format!("{name} {}", inferred.name()))
            .collect();
        format!("--infer, from {}: {}", self.sample(), columns.join(", "))
    }

    /// `the first 1000 records`, the records the types come from.
    pub fn sample(&self) -> String {
        match self.records {
            1 => "the first record".to_owned(),
            n => format!("the first {n} records"),
        }
    }

    pub fn observe(&mut self, record: &Record) {
        self.records += 1;
        for (name, value) in record.fields() {
            let seen = ColumnType::of(value);
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

    fn infer_csv(values: &[&str]) -> ColumnType {
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
        assert_eq!(infer_csv(&["1", "", "-20"]), ColumnType::Int);
        assert_eq!(infer_csv(&["1", "2.50"]), ColumnType::Decimal);
        assert_eq!(infer_csv(&["1", "2e3"]), ColumnType::Float);
        // Regression (issue 19, 5): a double cannot hold these NDJSON numbers.
        assert_eq!(of_number("1e400"), ColumnType::Decimal);
        assert_eq!(of_number("-1e-400"), ColumnType::Decimal);
        assert_eq!(of_number("1e300"), ColumnType::Float);
        assert_eq!(infer_csv(&["02134", "1"]), ColumnType::Text);
        assert_eq!(infer_csv(&["true", "FALSE", "True"]), ColumnType::Bool);
        assert_eq!(infer_csv(&["true", "yes"]), ColumnType::Text);
        assert_eq!(
            infer_csv(&["2024-03-01", "2024-03-01T10:00:00Z"]),
            ColumnType::Timestamp
        );
        assert_eq!(infer_csv(&["2024-03-01"]), ColumnType::Date);
        assert_eq!(infer_csv(&["2024-13-01"]), ColumnType::Text);
        assert_eq!(infer_csv(&["", ""]), ColumnType::Null);
        assert_eq!(infer_csv(&["1", "x"]), ColumnType::Text);
    }

    #[test]
    fn json_types() {
        use ValueRef::Raw;
        assert_eq!(ColumnType::of(Raw("{\"a\":1}")), ColumnType::Json);
        assert_eq!(ColumnType::of(Raw("[1]")), ColumnType::Json);
        assert_eq!(ColumnType::of(Raw("false")), ColumnType::Bool);
        assert_eq!(ColumnType::of(Raw("12.5")), ColumnType::Decimal);
        assert_eq!(
            ColumnType::of(Raw("99999999999999999999")),
            ColumnType::Decimal
        );
        assert_eq!(ColumnType::of(Raw("\"12\"")), ColumnType::Text);
        assert_eq!(
            ColumnType::of(Raw("\"2024-03-01T00:00:00+01:00\"")),
            ColumnType::Timestamp
        );
        assert_eq!(ColumnType::of(Raw("null")), ColumnType::Null);
    }
}
