//! The columns of the target table, read from the catalog, and each record value
//! converted client-side to its column's binary COPY form: the server then parses
//! nothing, which is what makes the load faster than `psql \copy`.
//!
//! Types without a conversion here (inet, interval, arrays, …) are sent in COPY's text
//! form for the server to parse; a COPY that writes one of them is all text, with the
//! values of the other columns still checked and written in a form the server reads.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::Value as Json;

use super::numeric;
use crate::error::quoted;
use crate::record::ValueRef;

/// 2000-01-01, PostgreSQL's epoch for dates and timestamps.
const PG_EPOCH_DAYS: i64 = 10_957;
const PG_EPOCH_MICROS: i64 = PG_EPOCH_DAYS * 86_400 * 1_000_000;

/// How a column's values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Int2,
    Int4,
    Int8,
    Float4,
    Float8,
    Numeric,
    /// text, varchar, bpchar, name, citext, and enum labels: the UTF-8 bytes.
    Text,
    Json,
    Jsonb,
    Date,
    Timestamp,
    Timestamptz,
    Uuid,
    /// Any other type: its text, parsed by the server.
    Other,
}

impl Kind {
    /// The kind for a type's name in the catalog (`pg_type.typname`, and `typtype` for
    /// enums).
    pub fn of(typname: &str, typtype: &str) -> Kind {
        match typname {
            "bool" => Kind::Bool,
            "int2" => Kind::Int2,
            "int4" => Kind::Int4,
            "int8" => Kind::Int8,
            "float4" => Kind::Float4,
            "float8" => Kind::Float8,
            "numeric" => Kind::Numeric,
            "text" | "varchar" | "bpchar" | "name" | "citext" => Kind::Text,
            "json" => Kind::Json,
            "jsonb" => Kind::Jsonb,
            "date" => Kind::Date,
            "timestamp" => Kind::Timestamp,
            "timestamptz" => Kind::Timestamptz,
            "uuid" => Kind::Uuid,
            _ if typtype == "e" => Kind::Text,
            _ => Kind::Other,
        }
    }
}

/// How the rows of one COPY are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Binary,
    /// COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
    Text,
}

/// One column of the target table.
#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    /// As PostgreSQL shows it (`format_type`): `character varying(20)`.
    pub type_name: String,
    pub kind: Kind,
    /// The most characters a varchar(n) or char(n) takes, checked here so an
    /// overlong value is a bad record with its line, not a failed COPY.
    pub max_chars: Option<usize>,
    /// NOT NULL: a null value is a bad record here rather than a failed COPY.
    pub not_null: bool,
}

/// What the NULL rules need to know.
#[derive(Clone, Copy, Debug, Default)]
pub struct NullRules {
    /// `--empty-as-empty`: an empty CSV value in a text column is '' rather than NULL.
    pub empty_as_empty: bool,
}

impl Column {
    /// Appends one field of a COPY row: in binary its length and bytes (-1 for NULL),
    /// in text its escaped text (`\N` for NULL). The error is the reason for a bad
    /// record; a field that fails may have left bytes in `out` (the caller drops the
    /// whole row).
    pub fn encode(
        &self,
        value: Option<ValueRef>,
        rules: NullRules,
        form: Form,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        match (value.filter(|v| !self.is_null(*v, rules)), form) {
            (None, _) if self.not_null => Err(self.null_reason()),
            (None, Form::Binary) => {
                out.extend_from_slice(&(-1i32).to_be_bytes());
                Ok(())
            }
            (None, Form::Text) => {
                out.extend_from_slice(b"\\N");
                Ok(())
            }
            (Some(value), Form::Binary) => self.write_binary(value, out),
            (Some(value), Form::Text) => self.write_text(value, out),
        }
    }

    /// JSON null, and an empty CSV value unless `--empty-as-empty` keeps it for text.
    fn is_null(&self, value: ValueRef, rules: NullRules) -> bool {
        match value {
            ValueRef::Text("") => !(rules.empty_as_empty && self.kind == Kind::Text),
            value => value.is_null(),
        }
    }

    #[cold]
    fn null_reason(&self) -> String {
        format!(
            "field {}: null, but the column is {} NOT NULL",
            quoted(&self.name),
            self.type_name
        )
    }

    fn write_binary(&self, value: ValueRef, out: &mut Vec<u8>) -> Result<(), String> {
        match self.kind {
            Kind::Text => put_field(out, self.text(value)?.as_bytes()),
            Kind::Json => put_field(out, self.json(value)?.as_bytes()),
            Kind::Jsonb => {
                let json = self.json(value)?;
                put_length(out, json.len() + 1);
                out.push(1); // jsonb's binary form: version 1, then the text
                out.extend_from_slice(json.as_bytes());
            }
            Kind::Other => unreachable!("a COPY with such a column is text"),
            _ => {
                let text = self.scalar_text(value)?;
                self.scalar(&text)
                    .and_then(|scalar| scalar.write_binary(out))
                    .ok_or_else(|| self.reason(&text, "is not a valid"))?;
            }
        }
        Ok(())
    }

    fn write_text(&self, value: ValueRef, out: &mut Vec<u8>) -> Result<(), String> {
        match self.kind {
            Kind::Text => escape(&self.text(value)?, out),
            Kind::Json | Kind::Jsonb => escape(&self.json(value)?, out),
            Kind::Other => escape(&self.other(value), out),
            _ => {
                let text = self.scalar_text(value)?;
                let canonical = self
                    .scalar(&text)
                    .and_then(|scalar| scalar.text())
                    .ok_or_else(|| self.reason(&text, "is not a valid"))?;
                escape(&canonical, out);
            }
        }
        Ok(())
    }

    /// Text for a text column: scalars as written, nested values as JSON; the length
    /// of varchar(n) and char(n) checked.
    #[inline(always)]
    fn text<'a>(&self, value: ValueRef<'a>) -> Result<Cow<'a, str>, String> {
        let text = match value.as_text() {
            Some(text) => text,
            None => json_text(value).into(),
        };
        if let Some(max) = self.max_chars {
            if text.chars().count() > max {
                return Err(self.reason(&text, "is longer than"));
            }
        }
        // The server refuses the whole COPY for it: a bad value, for the policy.
        if memchr::memchr(0, text.as_bytes()).is_some() {
            return Err(self.reason(&text, "holds a NUL byte, which cannot be stored in"));
        }
        Ok(text)
    }

    /// JSON text for a json column: CSV text must be JSON itself; NDJSON and typed
    /// values are taken as they are.
    fn json<'a>(&self, value: ValueRef<'a>) -> Result<Cow<'a, str>, String> {
        match value {
            ValueRef::Text(text) => {
                if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
                    return Err(self.reason(text, "is not JSON for"));
                }
                Ok(Cow::Borrowed(text))
            }
            ValueRef::Raw(text) => Ok(Cow::Borrowed(text)),
            other => Ok(json_text(other).into()),
        }
    }

    /// Text for a type the server parses; a JSON array for an array column becomes an
    /// array literal (`[1, "a b"]` → `{1,"a b"}`).
    fn other<'a>(&self, value: ValueRef<'a>) -> Cow<'a, str> {
        if self.type_name.ends_with("[]") {
            let array = match value {
                ValueRef::Raw(text) if text.starts_with('[') => Some(value.to_json()),
                ValueRef::Json(json @ Json::Array(_)) => Some(json.clone()),
                _ => None,
            };
            if let Some(array) = array {
                let mut literal = String::new();
                array_literal(&array, &mut literal);
                return literal.into();
            }
        }
        match value.as_text() {
            Some(text) => text,
            None => json_text(value).into(),
        }
    }

    /// The text of a value for a scalar column; arrays and objects are not scalars.
    #[inline(always)]
    fn scalar_text<'a>(&self, value: ValueRef<'a>) -> Result<Cow<'a, str>, String> {
        value
            .as_text()
            .ok_or_else(|| self.reason(&json_text(value), "is not a valid"))
    }

    /// A scalar kind's value from its text; `None` when the text does not convert.
    fn scalar<'t>(&self, text: &'t str) -> Option<Scalar<'t>> {
        Some(match self.kind {
            Kind::Bool => Scalar::Bool(crate::ops::cast::boolean(text)?),
            Kind::Int2 => Scalar::Int2(text.parse().ok()?),
            Kind::Int4 => Scalar::Int4(text.parse().ok()?),
            Kind::Int8 => Scalar::Int8(text.parse().ok()?),
            Kind::Float4 => Scalar::Float4(float::<f32>(text)?),
            Kind::Float8 => Scalar::Float8(float::<f64>(text)?),
            Kind::Numeric => Scalar::Numeric(text),
            Kind::Date => Scalar::Date(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .or_else(|| Some(timestamp(text)?.naive_local().date()))?,
            ),
            // Like the server, a timestamp without time zone keeps the wall time
            // written and drops the offset.
            Kind::Timestamp => Scalar::Timestamp(timestamp(text)?.naive_local()),
            Kind::Timestamptz => Scalar::Timestamptz(timestamp(text)?),
            Kind::Uuid => Scalar::Uuid(uuid(text)?),
            Kind::Text | Kind::Json | Kind::Jsonb | Kind::Other => {
                unreachable!("not scalar kinds")
            }
        })
    }

    fn reason(&self, value: &str, what: &str) -> String {
        format!(
            "field {}: {} {what} {}",
            quoted(&self.name),
            quoted(value),
            self.type_name
        )
    }
}

/// A converted scalar value.
enum Scalar<'t> {
    Bool(bool),
    Int2(i16),
    Int4(i32),
    Int8(i64),
    Float4(f32),
    Float8(f64),
    /// Checked when written.
    Numeric(&'t str),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    Timestamptz(DateTime<FixedOffset>),
    Uuid([u8; 16]),
}

impl Scalar<'_> {
    /// Appends the field: length, then the value's binary form.
    fn write_binary(&self, out: &mut Vec<u8>) -> Option<()> {
        match *self {
            Scalar::Bool(b) => put_field(out, &[u8::from(b)]),
            Scalar::Int2(n) => put_field(out, &n.to_be_bytes()),
            Scalar::Int4(n) => put_field(out, &n.to_be_bytes()),
            Scalar::Int8(n) => put_field(out, &n.to_be_bytes()),
            Scalar::Float4(n) => put_field(out, &n.to_be_bytes()),
            Scalar::Float8(n) => put_field(out, &n.to_be_bytes()),
            Scalar::Numeric(text) => {
                let start = out.len();
                out.extend_from_slice(&[0; 4]);
                numeric::encode(text, out)?;
                let length = (out.len() - start - 4) as i32;
                out[start..start + 4].copy_from_slice(&length.to_be_bytes());
            }
            Scalar::Date(date) => {
                let days =
                    date.signed_duration_since(NaiveDate::default()).num_days() - PG_EPOCH_DAYS;
                put_field(out, &i32::try_from(days).ok()?.to_be_bytes());
            }
            Scalar::Timestamp(wall) => {
                let micros = wall.and_utc().timestamp_micros() - PG_EPOCH_MICROS;
                put_field(out, &micros.to_be_bytes());
            }
            Scalar::Timestamptz(t) => {
                let micros = t.timestamp_micros() - PG_EPOCH_MICROS;
                put_field(out, &micros.to_be_bytes());
            }
            Scalar::Uuid(bytes) => put_field(out, &bytes),
        }
        Some(())
    }

    /// The value in a text form the server reads back exactly.
    fn text(&self) -> Option<String> {
        Some(match *self {
            Scalar::Bool(b) => (if b { "t" } else { "f" }).to_owned(),
            Scalar::Int2(n) => n.to_string(),
            Scalar::Int4(n) => n.to_string(),
            Scalar::Int8(n) => n.to_string(),
            Scalar::Float4(n) => float_text(f64::from(n)),
            Scalar::Float8(n) => float_text(n),
            Scalar::Numeric(text) => {
                numeric::encode(text, &mut Vec::new())?;
                text.to_owned()
            }
            Scalar::Date(date) => date.format("%Y-%m-%d").to_string(),
            Scalar::Timestamp(wall) => wall.format("%Y-%m-%d %H:%M:%S%.6f").to_string(),
            Scalar::Timestamptz(t) => t.format("%Y-%m-%d %H:%M:%S%.6f%:z").to_string(),
            Scalar::Uuid(bytes) => {
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                format!(
                    "{}-{}-{}-{}-{}",
                    &hex[..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..]
                )
            }
        })
    }
}

/// Appends a binary COPY field: its length, then its bytes.
fn put_field(out: &mut Vec<u8>, bytes: &[u8]) {
    put_length(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn put_length(out: &mut Vec<u8>, length: usize) {
    // PostgreSQL takes no field over 1 GB; a longer one fails the COPY either way.
    out.extend_from_slice(&(length as i32).to_be_bytes());
}

/// A float as PostgreSQL reads it: shortest round-trip digits, `Infinity`, `NaN`.
fn float_text(n: f64) -> String {
    match n {
        n if n.is_nan() => "NaN".to_owned(),
        n if n == f64::INFINITY => "Infinity".to_owned(),
        n if n == f64::NEG_INFINITY => "-Infinity".to_owned(),
        n => format!("{n:?}"),
    }
}

/// Appends `text` escaped for COPY's text format.
fn escape(text: &str, out: &mut Vec<u8>) {
    for &byte in text.as_bytes() {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            other => out.push(other),
        }
    }
}

/// A JSON array as a PostgreSQL array literal: `{1,NULL,"a \"b\"",{2,3}}`.
fn array_literal(value: &Json, out: &mut String) {
    match value {
        Json::Array(items) => {
            out.push('{');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                array_literal(item, out);
            }
            out.push('}');
        }
        Json::Null => out.push_str("NULL"),
        Json::Bool(b) => out.push_str(if *b { "t" } else { "f" }),
        Json::Number(n) => out.push_str(n.as_str()),
        Json::String(s) => quote_element(s, out),
        object => quote_element(&object.to_string(), out),
    }
}

fn quote_element(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

fn timestamp(text: &str) -> Option<DateTime<FixedOffset>> {
    crate::time::parse(text)
}

/// A float from its text: `1.5`, `-2e10`, `NaN`, `Infinity`, `-inf`; not `12,5`.
fn float<F: std::str::FromStr + Copy + Into<f64>>(text: &str) -> Option<F> {
    let value: F = match text {
        "Infinity" | "+Infinity" => "inf".parse().ok(),
        "-Infinity" => "-inf".parse().ok(),
        _ => text.parse().ok(),
    }?;
    // A number the type cannot hold is out of range, as PostgreSQL says of '1e39'::real,
    // not Infinity or 0; the words (inf, Infinity, NaN) mean what they say.
    let number = text.trim_start_matches(['+', '-']);
    let is_word = number.starts_with(|c: char| c.is_ascii_alphabetic());
    let wide: f64 = value.into();
    let mantissa = number.split(['e', 'E']).next().unwrap_or_default();
    let underflow = wide == 0.0 && mantissa.bytes().any(|b| (b'1'..=b'9').contains(&b));
    (is_word || (wide.is_finite() && !underflow)).then_some(value)
}

/// 32 hex digits, hyphens anywhere, optional braces.
fn uuid(text: &str) -> Option<[u8; 16]> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let hex: Vec<u8> = inner.bytes().filter(|b| *b != b'-').collect();
    if hex.len() != 32 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (i, pair) in hex.chunks(2).enumerate() {
        bytes[i] = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(bytes)
}

/// A value as JSON text: NDJSON keeps its text, typed values are serialised.
fn json_text(value: ValueRef) -> String {
    match value {
        ValueRef::Raw(text) => text.to_owned(),
        ValueRef::Json(json) => json.to_string(),
        ValueRef::Text(text) => Json::String(text.to_owned()).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(kind: Kind, type_name: &str) -> Column {
        Column {
            name: "c".into(),
            type_name: type_name.into(),
            kind,
            max_chars: None,
            not_null: false,
        }
    }

    fn encode(kind: Kind, value: ValueRef) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        column(kind, "t").encode(Some(value), NullRules::default(), Form::Binary, &mut out)?;
        Ok(out)
    }

    fn text(kind: Kind, type_name: &str, value: ValueRef) -> Result<String, String> {
        let mut out = Vec::new();
        column(kind, type_name).encode(Some(value), NullRules::default(), Form::Text, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn text_form_is_escaped_and_canonical() {
        use ValueRef::{Raw, Text};
        assert_eq!(
            text(Kind::Text, "text", Text("a\tb\\c\nd")).unwrap(),
            "a\\tb\\\\c\\nd"
        );
        assert_eq!(text(Kind::Int8, "bigint", Text("")).unwrap(), "\\N");
        assert_eq!(text(Kind::Bool, "boolean", Text("yes")).unwrap(), "t");
        assert_eq!(
            text(
                Kind::Timestamptz,
                "timestamp with time zone",
                Text("10/Oct/2000:13:55:36 -0700")
            )
            .unwrap(),
            "2000-10-10 13:55:36.000000-07:00"
        );
        assert_eq!(
            text(Kind::Float8, "double precision", Text("-inf")).unwrap(),
            "-Infinity"
        );
        assert_eq!(
            text(Kind::Float8, "double precision", Raw("1e300")).unwrap(),
            "1e300"
        );
        // Regression (issue 19, 5): out of range was Infinity or 0.
        for (kind, name, value) in [
            (Kind::Float4, "real", "1e39"),
            (Kind::Float4, "real", "-1e39"),
            (Kind::Float4, "real", "1e-50"),
            (Kind::Float8, "double precision", "1e400"),
            (Kind::Float8, "double precision", "1e-400"),
        ] {
            assert!(text(kind, name, Raw(value)).is_err(), "{value}");
        }
        assert_eq!(text(Kind::Float4, "real", Raw("0e10")).unwrap(), "0.0");
        assert_eq!(text(Kind::Float4, "real", Text("NaN")).unwrap(), "NaN");
        assert_eq!(
            text(Kind::Numeric, "numeric", Text("1.50")).unwrap(),
            "1.50"
        );
        assert!(text(Kind::Numeric, "numeric", Text("1,5")).is_err());
        assert_eq!(
            text(Kind::Other, "integer[]", Raw("[1, null, [2]]")).unwrap(),
            "{1,NULL,{2}}"
        );
        assert_eq!(
            text(
                Kind::Other,
                "text[]",
                Raw(r#"["a \"b\"", "c\\d", {"k":1}]"#)
            )
            .unwrap(),
            r#"{"a \\"b\\"","c\\\\d","{\\"k\\":1}"}"#
        );
        assert_eq!(
            text(Kind::Other, "inet", Text("10.0.0.1/8")).unwrap(),
            "10.0.0.1/8"
        );
    }

    #[test]
    fn scalars_in_binary_form() {
        assert_eq!(
            encode(Kind::Int8, ValueRef::Text("-2")).unwrap(),
            [0, 0, 0, 8, 255, 255, 255, 255, 255, 255, 255, 254]
        );
        assert_eq!(
            encode(Kind::Int4, ValueRef::Raw("7")).unwrap(),
            [0, 0, 0, 4, 0, 0, 0, 7]
        );
        assert_eq!(
            encode(Kind::Bool, ValueRef::Raw("true")).unwrap(),
            [0, 0, 0, 1, 1]
        );
        assert_eq!(
            encode(Kind::Date, ValueRef::Text("2000-01-02")).unwrap(),
            [0, 0, 0, 4, 0, 0, 0, 1]
        );
        assert_eq!(
            encode(
                Kind::Timestamptz,
                ValueRef::Text("2000-01-01T01:00:00+01:00")
            )
            .unwrap(),
            [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            encode(Kind::Timestamp, ValueRef::Text("2000-01-01T00:00:01+05:00")).unwrap(),
            [0, 0, 0, 8, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40]
        );
        assert_eq!(
            encode(Kind::Jsonb, ValueRef::Raw("{\"a\":1}")).unwrap(),
            b"\0\0\0\x08\x01{\"a\":1}"
        );
        assert_eq!(
            encode(Kind::Text, ValueRef::Raw("\"h\\u00e9\"")).unwrap(),
            "\0\0\0\x03hé".as_bytes()
        );
        assert_eq!(
            encode(
                Kind::Uuid,
                ValueRef::Text("00000000-0000-0000-0000-0000000000ff")
            )
            .unwrap()[19],
            255
        );
    }

    #[test]
    fn nulls_and_empties() {
        let null = [255, 255, 255, 255];
        assert_eq!(encode(Kind::Int8, ValueRef::Text("")).unwrap(), null);
        assert_eq!(encode(Kind::Text, ValueRef::Text("")).unwrap(), null);
        assert_eq!(encode(Kind::Text, ValueRef::Raw("null")).unwrap(), null);
        assert_eq!(
            encode(Kind::Text, ValueRef::Raw("\"\"")).unwrap(),
            [0, 0, 0, 0]
        );
        let mut out = Vec::new();
        let keep = NullRules {
            empty_as_empty: true,
        };
        column(Kind::Text, "text")
            .encode(Some(ValueRef::Text("")), keep, Form::Binary, &mut out)
            .unwrap();
        assert_eq!(out, [0, 0, 0, 0]);
    }

    #[test]
    fn bad_values_name_field_value_and_type() {
        let mut out = vec![9];
        let bigint = column(Kind::Int8, "bigint");
        let err = bigint.encode(
            Some(ValueRef::Text("abc")),
            NullRules::default(),
            Form::Binary,
            &mut out,
        );
        assert_eq!(
            err.unwrap_err(),
            r#"field "c": "abc" is not a valid bigint"#
        );
        assert_eq!(out, [9]);
        assert!(encode(Kind::Int2, ValueRef::Text("70000")).is_err());
        assert!(encode(Kind::Int8, ValueRef::Text("1.5")).is_err());
        assert!(encode(Kind::Float8, ValueRef::Text("12,5")).is_err());
        assert!(encode(Kind::Jsonb, ValueRef::Text("{oops")).is_err());
        // Regression (issue 19, 11): a NUL byte aborted the load even under skip.
        assert!(encode(Kind::Text, ValueRef::Text("a\0b")).is_err());
        let required = Column {
            not_null: true,
            ..column(Kind::Int4, "integer")
        };
        let err = required.encode(
            Some(ValueRef::Text("")),
            NullRules::default(),
            Form::Binary,
            &mut out,
        );
        assert_eq!(
            err.unwrap_err(),
            r#"field "c": null, but the column is integer NOT NULL"#
        );
        let short = Column {
            max_chars: Some(2),
            ..column(Kind::Text, "character varying(2)")
        };
        let err = short.encode(
            Some(ValueRef::Text("abc")),
            NullRules::default(),
            Form::Binary,
            &mut out,
        );
        assert_eq!(
            err.unwrap_err(),
            r#"field "c": "abc" is longer than character varying(2)"#
        );
    }
}
