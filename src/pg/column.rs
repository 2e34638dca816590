//! The columns of the target table, read from the catalog, and each record value
//! converted client-side to its column's binary COPY form: the server then parses
//! nothing, which is what makes the load faster than `psql \copy`.

use chrono::{DateTime, FixedOffset, NaiveDate};
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
}

impl Kind {
    /// The kind for a type's name in the catalog (`pg_type.typname`, and `typtype` for
    /// enums); `None` for types without a client-side conversion.
    pub fn of(typname: &str, typtype: &str) -> Option<Kind> {
        Some(match typname {
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
            _ => return None,
        })
    }
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
}

/// What the NULL rules need to know.
#[derive(Clone, Copy, Debug, Default)]
pub struct NullRules {
    /// `--empty-as-empty`: an empty CSV value in a text column is '' rather than NULL.
    pub empty_as_empty: bool,
}

impl Column {
    /// Appends one field of a binary COPY row: its length and bytes, or -1 for NULL.
    /// The error is the reason for a bad record.
    pub fn encode(
        &self,
        value: Option<ValueRef>,
        rules: NullRules,
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        let Some(value) = value else {
            out.extend_from_slice(&(-1i32).to_be_bytes());
            return Ok(());
        };
        if value.is_null() {
            out.extend_from_slice(&(-1i32).to_be_bytes());
            return Ok(());
        }
        if let ValueRef::Text("") = value {
            if !(rules.empty_as_empty && self.kind == Kind::Text) {
                out.extend_from_slice(&(-1i32).to_be_bytes());
                return Ok(());
            }
        }
        let start = out.len();
        out.extend_from_slice(&[0; 4]);
        let written = self.write_value(value, out);
        if let Err(reason) = written {
            out.truncate(start);
            return Err(reason);
        }
        let length = (out.len() - start - 4) as i32;
        out[start..start + 4].copy_from_slice(&length.to_be_bytes());
        Ok(())
    }

    fn write_value(&self, value: ValueRef, out: &mut Vec<u8>) -> Result<(), String> {
        match self.kind {
            Kind::Text => {
                let text = match value.as_text() {
                    Some(text) => text,
                    None => json_text(value).into(),
                };
                if let Some(max) = self.max_chars {
                    if text.chars().count() > max {
                        return Err(self.reason(&text, "is longer than"));
                    }
                }
                out.extend_from_slice(text.as_bytes());
            }
            Kind::Json | Kind::Jsonb => {
                if self.kind == Kind::Jsonb {
                    out.push(1); // jsonb's binary form: version 1, then the text
                }
                match value {
                    ValueRef::Text(text) => {
                        if serde_json::from_str::<serde::de::IgnoredAny>(text).is_err() {
                            return Err(self.reason(text, "is not JSON for"));
                        }
                        out.extend_from_slice(text.as_bytes());
                    }
                    other => out.extend_from_slice(json_text(other).as_bytes()),
                }
            }
            kind => {
                let Some(text) = value.as_text() else {
                    return Err(self.reason(&json_text(value), "is not a valid"));
                };
                self.write_scalar(kind, &text, out)
                    .ok_or_else(|| self.reason(&text, "is not a valid"))?;
            }
        }
        Ok(())
    }

    /// The scalar kinds from their text; `None` when the text does not convert.
    fn write_scalar(&self, kind: Kind, text: &str, out: &mut Vec<u8>) -> Option<()> {
        match kind {
            Kind::Bool => out.push(u8::from(crate::ops::cast::boolean(text)?)),
            Kind::Int2 => out.extend_from_slice(&text.parse::<i16>().ok()?.to_be_bytes()),
            Kind::Int4 => out.extend_from_slice(&text.parse::<i32>().ok()?.to_be_bytes()),
            Kind::Int8 => out.extend_from_slice(&text.parse::<i64>().ok()?.to_be_bytes()),
            Kind::Float4 => out.extend_from_slice(&float::<f32>(text)?.to_be_bytes()),
            Kind::Float8 => out.extend_from_slice(&float::<f64>(text)?.to_be_bytes()),
            Kind::Numeric => numeric::encode(text, out)?,
            Kind::Date => {
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .or_else(|| Some(timestamp(text)?.naive_local().date()))?;
                let days =
                    date.signed_duration_since(NaiveDate::default()).num_days() - PG_EPOCH_DAYS;
                out.extend_from_slice(&i32::try_from(days).ok()?.to_be_bytes());
            }
            Kind::Timestamptz => {
                let micros = timestamp(text)?.timestamp_micros() - PG_EPOCH_MICROS;
                out.extend_from_slice(&micros.to_be_bytes());
            }
            Kind::Timestamp => {
                // Like the server, a timestamp without time zone keeps the wall time
                // written and drops the offset.
                let wall = timestamp(text)?.naive_local().and_utc();
                let micros = wall.timestamp_micros() - PG_EPOCH_MICROS;
                out.extend_from_slice(&micros.to_be_bytes());
            }
            Kind::Uuid => out.extend_from_slice(&uuid(text)?),
            Kind::Text | Kind::Json | Kind::Jsonb => unreachable!("written as text"),
        }
        Some(())
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

fn timestamp(text: &str) -> Option<DateTime<FixedOffset>> {
    crate::time::parse(text)
}

/// A float from its text: `1.5`, `-2e10`, `NaN`, `Infinity`, `-inf`; not `12,5`.
fn float<F: std::str::FromStr>(text: &str) -> Option<F> {
    match text {
        "Infinity" | "+Infinity" => "inf".parse().ok(),
        "-Infinity" => "-inf".parse().ok(),
        _ => text.parse().ok(),
    }
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
        }
    }

    fn encode(kind: Kind, value: ValueRef) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        column(kind, "t").encode(Some(value), NullRules::default(), &mut out)?;
        Ok(out)
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
            .encode(Some(ValueRef::Text("")), keep, &mut out)
            .unwrap();
        assert_eq!(out, [0, 0, 0, 0]);
    }

    #[test]
    fn bad_values_name_field_value_and_type() {
        let mut out = vec![9];
        let bigint = column(Kind::Int8, "bigint");
        let err = bigint.encode(Some(ValueRef::Text("abc")), NullRules::default(), &mut out);
        assert_eq!(
            err.unwrap_err(),
            r#"field "c": "abc" is not a valid bigint"#
        );
        assert_eq!(out, [9]);
        assert!(encode(Kind::Int2, ValueRef::Text("70000")).is_err());
        assert!(encode(Kind::Int8, ValueRef::Text("1.5")).is_err());
        assert!(encode(Kind::Float8, ValueRef::Text("12,5")).is_err());
        assert!(encode(Kind::Jsonb, ValueRef::Text("{oops")).is_err());
        let short = Column {
            max_chars: Some(2),
            ..column(Kind::Text, "character varying(2)")
        };
        let err = short.encode(Some(ValueRef::Text("abc")), NullRules::default(), &mut out);
        assert_eq!(
            err.unwrap_err(),
            r#"field "c": "abc" is longer than character varying(2)"#
        );
    }
}
