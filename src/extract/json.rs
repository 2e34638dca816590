//! JSON lines (structured application logs): each line is one object whose members
//! become fields, their values kept as written (numbers digit for digit, nested
//! objects whole).

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::fields::Fields;
use super::scan::{Mismatch, Parsed};

pub fn parse(line: &str, fields: &mut Fields) -> Parsed {
    let mut parser = serde_json::Deserializer::from_str(line);
    parser
        .deserialize_map(Members { fields })
        .and_then(|()| parser.end())
        .map_err(|e| {
            let at = line
                .lines()
                .take(e.line().saturating_sub(1))
                .map(|l| l.len() + 1)
                .sum::<usize>()
                + e.column().saturating_sub(1);
            let text = e.to_string();
            let reason = text.rfind(" at line ").map_or(&*text, |end| &text[..end]);
            Mismatch::new(at.min(line.len()), format!("a JSON object ({reason})"))
        })
}

struct Members<'f> {
    fields: &'f mut Fields,
}

impl<'de> Visitor<'de> for Members<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let value: &RawValue = map.next_value()?;
            let text = value.get();
            // A string value goes through `text` so a --ts-field applies to it.
            match text.as_bytes().first() {
                Some(b'"') => {
                    let string: String = serde_json::from_str(text).map_err(de_error)?;
                    self.fields.text(&key, &string);
                }
                // A value no later parse could take makes the record one the NDJSON
                // reader of the next command refuses: refuse the line here instead.
                _ => match crate::format::ndjson::beyond_parsing(text) {
                    Some(reason) => return Err(serde::de::Error::custom(reason)),
                    None => self.fields.json(&key, text),
                },
            }
        }
        Ok(())
    }
}

fn de_error<E: serde::de::Error>(err: serde_json::Error) -> E {
    E::custom(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fields::record_json;

    fn parse_line(line: &str) -> Result<String, Mismatch> {
        record_json(|fields| parse(line, fields))
    }

    #[test]
    fn objects_and_not_objects() {
        assert_eq!(
            parse_line(r#"{"level":"info","n":12345678901234567890,"ctx":{"a":[1]},"m":"a\"b"}"#)
                .unwrap(),
            r#"{"level":"info","n":12345678901234567890,"ctx":{"a":[1]},"m":"a\"b"}"#
        );
        assert_eq!(
            parse_line("[1]").unwrap_err().expected,
            "a JSON object (invalid type: sequence, expected a JSON object)"
        );
        assert_eq!(parse_line(r#"{"a":1} x"#).unwrap_err().at, 8);
    }
}
