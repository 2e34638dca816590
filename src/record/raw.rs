//! NDJSON values kept as their JSON text, parsed only when a command reads them, so a
//! record that is only passed along (filtered, selected) is never fully parsed.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value as Json;

/// One NDJSON line and where each top-level value's text is in it.
#[derive(Clone, Debug, Default)]
pub struct RawRow {
    line: String,
    spans: Vec<(u32, u32)>,
    /// `line` is exactly `{"name":value,…}`, the names being the header's in order and
    /// `spans` the values in it, so an NDJSON writer can copy the line whole.
    object: bool,
}

impl RawRow {
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The JSON text of value `index`.
    pub fn get(&self, index: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(index)?;
        Some(&self.line[start as usize..end as usize])
    }

    /// The whole line as read.
    pub fn line(&self) -> &str {
        &self.line
    }

    /// Clears the row and hands out its line buffer to read the next line into.
    pub fn take_buffer(&mut self) -> Vec<u8> {
        self.spans.clear();
        self.object = false;
        let mut buffer = std::mem::take(&mut self.line).into_bytes();
        buffer.clear();
        buffer
    }

    /// Sets the line; values are then added with `push_span`.
    pub fn set_line(&mut self, line: String) {
        self.line = line;
        self.spans.clear();
        self.object = false;
    }

    /// The line and the span list, for a reader that parses the line and records
    /// where each value's text is (see `span_of`).
    pub fn parts_mut(&mut self) -> (&str, &mut Vec<(u32, u32)>) {
        self.object = false;
        (&self.line, &mut self.spans)
    }

    /// Keeps only the values at `keep` (positions, in order), for duplicate keys.
    pub fn retain_spans(&mut self, keep: &[usize]) {
        self.object = false;
        self.spans = keep.iter().map(|&i| self.spans[i]).collect();
    }

    /// Starts a row built from pieces of JSON text (a projection).
    pub fn clear(&mut self) {
        self.line.clear();
        self.spans.clear();
        self.object = false;
    }

    /// Starts a row written as a whole JSON object: `push_key_text` before each value,
    /// then `end_object`.
    pub fn begin_object(&mut self) {
        self.clear();
        self.line.push('{');
    }

    /// Writes the name of the next value of an object row, given as the whole JSON
    /// text before the value (rendered once by the caller): `"name":` for the first
    /// value, `,"name":` for the others.
    #[inline]
    pub fn push_key_text(&mut self, key: &str) {
        self.line.push_str(key);
    }

    pub fn end_object(&mut self) {
        self.line.push('}');
        self.object = true;
    }

    /// The whole line is the record as a JSON object (see `begin_object`).
    pub fn is_object(&self) -> bool {
        self.object
    }

    /// Whether the line is exactly `{` key value `,` key value … `}` with `keys` (each
    /// `"name":` as a writer spells it) before the values in turn: then writing the
    /// row field by field would give back the line, so it can be copied whole.
    pub fn is_spelled<'k>(&self, keys: impl IntoIterator<Item = &'k [u8]>) -> bool {
        let line = self.line.as_bytes();
        let mut at = 0;
        let mut keys = keys.into_iter();
        for &(start, end) in &self.spans {
            let Some(key) = keys.next() else {
                return false;
            };
            let gap = &line[at..start as usize];
            let separator = if at == 0 { b'{' } else { b',' };
            if gap.first() != Some(&separator) || &gap[1..] != key {
                return false;
            }
            at = end as usize;
        }
        let tail = &line[at..];
        if at == 0 {
            tail == b"{}"
        } else {
            tail == b"}"
        }
    }

    /// Appends a string value, escaped as JSON.
    #[inline]
    pub fn push_string(&mut self, text: &str) {
        let start = self.line.len() as u32;
        crate::format::json_text::push_string(&mut self.line, text);
        self.spans.push((start, self.line.len() as u32));
    }

    /// Appends a value given as JSON text.
    #[inline]
    pub fn push_value(&mut self, text: &str) {
        let start = self.line.len() as u32;
        self.line.push_str(text);
        self.spans.push((start, self.line.len() as u32));
    }
}

/// Where `value`, a slice of `line`, lies in it.
pub fn span_of(line: &str, value: &str) -> (u32, u32) {
    let start = value.as_ptr() as usize - line.as_ptr() as usize;
    (start as u32, (start + value.len()) as u32)
}

/// Parses JSON text that the reader already validated.
pub fn parse(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or(Json::Null)
}

/// JSON text as plain text the way CSV writes it: a string without its quotes,
/// numbers and booleans as written, null as empty; `None` for arrays and objects.
pub fn as_text(text: &str) -> Option<Cow<'_, str>> {
    match text.as_bytes().first()? {
        b'"' if !text.contains('\\') => Some(Cow::Borrowed(&text[1..text.len() - 1])),
        b'"' => Some(Cow::Owned(serde_json::from_str(text).unwrap_or_default())),
        b'n' => Some(Cow::Borrowed("")),
        b'[' | b'{' => None,
        _ => Some(Cow::Borrowed(text)),
    }
}

/// The JSON text of member `key` of the object `object` (itself JSON text), borrowed.
pub fn member<'a>(object: &'a str, key: &str) -> Option<&'a str> {
    if !object.starts_with('{') {
        return None;
    }
    let mut parser = serde_json::Deserializer::from_str(object);
    parser.deserialize_map(MemberVisitor { key }).ok().flatten()
}

/// The JSON text of element `index` of the array `array` (itself JSON text), borrowed.
pub fn element(array: &str, index: usize) -> Option<&str> {
    if !array.starts_with('[') {
        return None;
    }
    let mut parser = serde_json::Deserializer::from_str(array);
    parser
        .deserialize_seq(ElementVisitor { index })
        .ok()
        .flatten()
}

struct ElementVisitor {
    index: usize,
}

impl<'de> Visitor<'de> for ElementVisitor {
    type Value = Option<&'de str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        let mut at = 0;
        while found.is_none() {
            if at == self.index {
                found = seq.next_element::<&'de RawValue>()?.map(RawValue::get);
                break;
            }
            if seq.next_element::<IgnoredAny>()?.is_none() {
                break;
            }
            at += 1;
        }
        // The rest of the array, for the parser to end well.
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(found)
    }
}

struct MemberVisitor<'k> {
    key: &'k str,
}

impl<'de> Visitor<'de> for MemberVisitor<'_> {
    type Value = Option<&'de str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key_seed(KeyIs(self.key))? {
            if key && found.is_none() {
                found = Some(map.next_value::<&'de RawValue>()?.get());
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Deserializes a key into whether it equals the wanted one.
struct KeyIs<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_members_and_spans() {
        assert_eq!(as_text("\"a\\\"b\"").as_deref(), Some("a\"b"));
        assert_eq!(as_text("\"plain\"").as_deref(), Some("plain"));
        assert_eq!(as_text("1E400").as_deref(), Some("1E400"));
        assert_eq!(as_text("null").as_deref(), Some(""));
        assert_eq!(as_text("[1]"), None);
        let object = r#"{"a":{"b":[1, 2]},"c":"x"}"#;
        assert_eq!(member(object, "a"), Some(r#"{"b":[1, 2]}"#));
        assert_eq!(member(member(object, "a").unwrap(), "b"), Some("[1, 2]"));
        assert_eq!(member(object, "z"), None);
        let mut row = RawRow::default();
        row.set_line(object.to_owned());
        let (line, spans) = row.parts_mut();
        spans.push(span_of(line, member(line, "c").unwrap()));
        assert_eq!(row.get(0), Some("\"x\""));
    }
}
