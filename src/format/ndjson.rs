//! NDJSON: one JSON object per line. Blank lines are skipped; numbers keep their digits.

use std::fmt;
use std::io::{BufRead, Write};
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value as Json;

use super::json_text::write_string;
use super::same_keys;
use super::{RecordReader, RecordWriter};
use crate::error::{Error, Location, Result};
use crate::record::raw::span_of;
use crate::record::{Header, RawRow, Record, ValueRef, Values};

pub struct NdjsonReader {
    stream: Box<dyn BufRead>,
    source: Arc<str>,
    line_number: u64,
    parser: ObjectParser,
}

impl NdjsonReader {
    pub fn new(stream: Box<dyn BufRead>, source: Arc<str>) -> NdjsonReader {
        NdjsonReader {
            stream,
            source,
            line_number: 0,
            parser: ObjectParser::default(),
        }
    }

    /// The same reader for a chunk of an input that starts after `lines` lines of it.
    pub fn starting_after(mut self, lines: u64) -> NdjsonReader {
        self.line_number = lines;
        self
    }

    fn bad(&self, reason: String, raw: String) -> Error {
        let location = Location {
            source: self.source.clone(),
            line: self.line_number,
        };
        Error::bad_record(location, reason, raw)
    }

    /// Reads the next non-blank line into `buffer`, without its line end.
    fn next_line(&mut self, buffer: &mut Vec<u8>) -> Result<bool> {
        loop {
            buffer.clear();
            let n = super::read_line(&mut *self.stream, buffer)
                .map_err(|e| Error::io(self.source.to_string(), e))?;
            if n == 0 {
                return Ok(false);
            }
            self.line_number += 1;
            while matches!(buffer.last(), Some(b'\n' | b'\r')) {
                buffer.pop();
            }
            // Blank means JSON whitespace only.
            if !buffer
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
            {
                return Ok(true);
            }
        }
    }
}

impl RecordReader for NdjsonReader {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        let mut buffer = take_buffer(record);
        if !self.next_line(&mut buffer)? {
            return Ok(false);
        }
        let line = match String::from_utf8(buffer) {
            Ok(line) => line,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let raw = String::from_utf8_lossy(e.as_bytes()).into_owned();
                return Err(self.bad(format!("invalid UTF-8 at byte {at}"), raw));
            }
        };
        if let Err(reason) = self.parser.parse(line, record) {
            let raw = match record.values() {
                Values::Raw(row) => row.line().to_owned(),
                _ => String::new(),
            };
            return Err(self.bad(reason, raw));
        }
        Ok(true)
    }

    fn line(&self) -> u64 {
        self.line_number
    }
}

/// Why a value that reads as JSON text is one no later parse can take: nested deeper
/// than serde_json's 128 levels, or holding a lone surrogate escape. Values are kept as
/// text and parsed only when a command reads them, which would give null: a bad record
/// here instead. Only values that could be either (long nested ones, ones with a `\u`)
/// are parsed; the quick path of `same_keys` never passes such values.
pub(crate) fn beyond_parsing(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let escapes = bytes.contains(&b'\\') && memchr::memmem::find(bytes, b"\\u").is_some();
    let deep = bytes.len() > 256
        && matches!(bytes[0], b'[' | b'{')
        && memchr::memchr2_iter(b'[', b'{', bytes).nth(127).is_some();
    if !escapes && !deep {
        return None;
    }
    let err = serde_json::from_str::<Json>(value).err()?;
    Some(match err.to_string().contains("recursion limit") {
        true => "a value nested deeper than 128 levels".to_owned(),
        false if escapes => {
            "a \\u escape that is half a surrogate pair, not a character".to_owned()
        }
        false => describe(&err),
    })
}

/// The line buffer of `record`'s last NDJSON row, cleared, to read the next line into.
pub fn take_buffer(record: &mut Record) -> Vec<u8> {
    match record.parts_mut().1 {
        Values::Raw(row) => row.take_buffer(),
        _ => Vec::new(),
    }
}

/// Turns one line of JSON text into a record, reusing the previous line's header when
/// the keys are the same.
#[derive(Default)]
pub struct ObjectParser {
    /// The header of the last line parsed. Kept here, not taken from the record passed
    /// in: a caller may pass a different record each time (etl-pg-load keeps records in
    /// batches and hands back spare ones).
    previous: Option<Arc<Header>>,
    /// Keys of a record whose keys differ from the previous header's.
    keys: Vec<String>,
    /// The last header whose names are all plain (see `same_keys::is_plain`).
    plain: Option<Arc<Header>>,
}

impl ObjectParser {
    /// Parses `line`, a JSON object, into `record`. On error the record holds the
    /// line, and the reason is returned.
    pub fn parse(&mut self, line: String, record: &mut Record) -> Result<(), String> {
        let (header, values) = record.parts_mut();
        if let Some(previous) = self.previous.as_ref().filter(|p| !Arc::ptr_eq(p, header)) {
            *header = previous.clone();
        }
        if !matches!(values, Values::Raw(_)) {
            *values = Values::Raw(RawRow::default());
        }
        let Values::Raw(row) = values else {
            unreachable!()
        };
        row.set_line(line);
        self.keys.clear();
        let (line, spans) = row.parts_mut();
        if self.is_plain(header) && same_keys::scan(line, header.names(), spans) {
            self.keep(header);
            return Ok(());
        }
        spans.clear();
        let mut parser = serde_json::Deserializer::from_str(line);
        let mut unusable = None;
        let same = parser
            .deserialize_map(RecordVisitor {
                previous: header,
                keys: &mut self.keys,
                line,
                spans,
                unusable: &mut unusable,
            })
            .and_then(|same| parser.end().map(|()| same));
        if let (Ok(_), Some(reason)) = (&same, unusable) {
            return Err(reason);
        }
        match same {
            Ok(true) => {}
            Ok(false) => {
                let (names, keep) = unique_keys(&self.keys);
                if let Some(keep) = keep {
                    row.retain_spans(&keep);
                }
                *header = Arc::new(Header::new(names));
            }
            Err(e) => return Err(format!("not a JSON object: {}", describe(&e))),
        }
        self.keep(header);
        Ok(())
    }
}

impl ObjectParser {
    /// Keeps `header` as the previous line's, sharing it only when it changed.
    fn keep(&mut self, header: &Arc<Header>) {
        if self
            .previous
            .as_ref()
            .is_none_or(|p| !Arc::ptr_eq(p, header))
        {
            self.previous = Some(header.clone());
        }
    }

    /// Whether `header`'s names can be compared with keys as they are written.
    fn is_plain(&mut self, header: &Arc<Header>) -> bool {
        if let Some(plain) = &self.plain {
            if Arc::ptr_eq(plain, header) {
                return true;
            }
        }
        let plain = header.names().iter().all(|name| same_keys::is_plain(name));
        self.plain = plain.then(|| header.clone());
        plain
    }
}

/// serde_json's message without its own line/column suffix (we add the location).
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) if err.column() > 0 => format!("{} (column {})", &text[..at], err.column()),
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The names of a record's keys, and when a key was given twice, which values to
/// keep: a repeated key keeps its first place and its last value, as JSON parsers
/// commonly do.
fn unique_keys(keys: &[String]) -> (Vec<&str>, Option<Vec<usize>>) {
    let mut names: Vec<&str> = Vec::with_capacity(keys.len());
    let mut keep: Vec<usize> = Vec::with_capacity(keys.len());
    // A scan of the names so far is quickest for the usual few keys; an index keeps
    // an object of 100,000 keys linear rather than quadratic.
    let mut index: Option<std::collections::HashMap<&str, usize>> = None;
    for (i, key) in keys.iter().enumerate() {
        if index.is_none() && names.len() == 64 {
            index = Some(names.iter().enumerate().map(|(at, n)| (*n, at)).collect());
        }
        let seen = match &index {
            Some(index) => index.get(key.as_str()).copied(),
            None => names.iter().position(|n| n == key),
        };
        match seen {
            Some(at) => keep[at] = i,
            None => {
                if let Some(index) = &mut index {
                    index.insert(key, names.len());
                }
                names.push(key);
                keep.push(i);
            }
        }
    }
    let repeated = names.len() < keys.len();
    (names, repeated.then_some(keep))
}

/// Reads the top-level object: each value's text is recorded as a span of the line
/// (checked but not parsed), and each key is compared with the previous record's
/// header, so records with the same keys (the usual case) share one header and
/// allocate nothing per field.
struct RecordVisitor<'a> {
    previous: &'a Header,
    keys: &'a mut Vec<String>,
    line: &'a str,
    spans: &'a mut Vec<(u32, u32)>,
    /// A value no later parse could take, said as a bad record's reason.
    unusable: &'a mut Option<String>,
}

impl<'de> Visitor<'de> for RecordVisitor<'_> {
    /// True when the keys were exactly the previous header's.
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let names = self.previous.names();
        let mut same = true;
        while let Some(key) = map.next_key_seed(KeySeed {
            expected: if same {
                names.get(self.spans.len()).map(|n| &**n)
            } else {
                None
            },
        })? {
            if let Some(key) = key {
                if same {
                    same = false;
                    self.keys
                        .extend(names[..self.spans.len()].iter().map(|n| n.to_string()));
                }
                self.keys.push(key);
            }
            let value: &RawValue = map.next_value()?;
            if let Some(reason) = beyond_parsing(value.get()).filter(|_| self.unusable.is_none()) {
                let key = self.keys.last().map_or_else(
                    || names.get(self.spans.len()).map_or("", |n| &**n).to_owned(),
                    String::clone,
                );
                *self.unusable = Some(format!("field {}: {reason}", crate::error::quoted(&key)));
            }
            self.spans.push(span_of(self.line, value.get()));
        }
        if same && self.spans.len() != names.len() {
            // The keys were a prefix of the previous header's: a new, shorter header.
            self.keys
                .extend(names[..self.spans.len()].iter().map(|n| n.to_string()));
            return Ok(false);
        }
        Ok(same)
    }
}

/// A key: `None` when it equals the expected one, else the key itself.
struct KeySeed<'a> {
    expected: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        if self.expected == Some(key) {
            Ok(None)
        } else {
            Ok(Some(key.to_owned()))
        }
    }
}

pub struct NdjsonWriter<W: Write> {
    out: W,
    /// `"name":` for each field of the header seen last, escaped once.
    keys: Option<(Arc<Header>, Vec<Vec<u8>>)>,
}

impl<W: Write> NdjsonWriter<W> {
    pub fn new(out: W) -> NdjsonWriter<W> {
        NdjsonWriter { out, keys: None }
    }

    /// The sink, e.g. a buffer to take each written object from.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    fn write_record(&mut self, record: &Record) -> std::io::Result<()> {
        if let Values::Raw(row) = record.values() {
            if row.is_object() {
                // Built as a whole object (log records): copied as it is.
                self.out.write_all(row.line().as_bytes())?;
                return self.out.write_all(b"\n");
            }
        }
        let header = record.header();
        let fresh = match &self.keys {
            Some((seen, _)) => !Arc::ptr_eq(seen, header),
            None => true,
        };
        if fresh {
            let keys = header
                .names()
                .iter()
                .map(|name| {
                    let mut key = Vec::with_capacity(name.len() + 3);
                    write_string(&mut key, name).expect("writes to a Vec");
                    key.push(b':');
                    key
                })
                .collect();
            self.keys = Some((header.clone(), keys));
        }
        let (_, keys) = self.keys.as_ref().expect("set above");
        if let Values::Raw(row) = record.values() {
            // Read from compact NDJSON and passed along unchanged (the usual case in
            // a pipeline): what would be written is the line as read.
            if row.is_spelled(keys.iter().map(Vec::as_slice)) {
                self.out.write_all(row.line().as_bytes())?;
                return self.out.write_all(b"\n");
            }
        }
        let out = &mut self.out;
        out.write_all(b"{")?;
        for (i, key) in keys.iter().enumerate().take(record.len()) {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(key)?;
            match record.get(i).expect("within the record") {
                ValueRef::Text(text) => write_string(out, text)?,
                ValueRef::Json(Json::String(text)) => write_string(out, text)?,
                ValueRef::Json(value) => serde_json::to_writer(&mut *out, value)?,
                ValueRef::Raw(text) => out.write_all(text.as_bytes())?,
            }
        }
        out.write_all(b"}\n")
    }
}

impl<W: Write> RecordWriter for NdjsonWriter<W> {
    fn write(&mut self, record: &Record) -> Result<()> {
        self.write_record(record)
            .map_err(|e| Error::io("<stdout>", e))
    }

    fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(|e| Error::io("<stdout>", e))
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io("<stdout>", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 19, 10): 80,000 keys took 7 s (a scan per key).
    #[test]
    fn repeated_keys_keep_first_place_and_last_value_in_wide_objects_too() {
        for width in [10, 64, 65, 1000] {
            let mut keys: Vec<String> = (0..width).map(|i| format!("k{i}")).collect();
            keys.push("k3".into());
            keys.push(format!("k{}", width - 1));
            let (names, keep) = unique_keys(&keys);
            assert_eq!(names.len(), width, "{width}");
            let keep = keep.expect("repeated");
            assert_eq!(keep[3], width, "{width}");
            assert_eq!(keep[width - 1], width + 1, "{width}");
            assert_eq!(keep[4], 4, "{width}");
        }
    }

    #[test]
    fn lines_with_the_same_keys_share_a_header_whatever_record_is_passed() {
        let mut parser = ObjectParser::default();
        let mut headers = Vec::new();
        for line in [
            r#"{"a":1,"b":2}"#,
            r#"{"a":3,"b":4}"#,
            r#"{"b":5}"#,
            r#"{"b":6}"#,
        ] {
            let mut record = Record::default(); // a new record each time
            parser.parse(line.to_owned(), &mut record).unwrap();
            headers.push(record.header().clone());
        }
        assert!(Arc::ptr_eq(&headers[0], &headers[1]));
        assert!(!Arc::ptr_eq(&headers[1], &headers[2]));
        assert!(Arc::ptr_eq(&headers[2], &headers[3]));
        assert_eq!(headers[3].names().len(), 1);
        assert_eq!(&*headers[3].names()[0], "b");
    }
}
