//! NDJSON: one JSON object per line. Blank lines are skipped; numbers keep their digits.

use std::fmt;
use std::io::{BufRead, Write};
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Value as Json;

use super::json_text::write_string;
use super::{RecordReader, RecordWriter};
use crate::error::{Error, Location, Result};
use crate::record::{Header, Record, ValueRef, Values};

pub struct NdjsonReader {
    stream: Box<dyn BufRead>,
    source: Arc<str>,
    line_number: u64,
    line: Vec<u8>,
    /// Keys of a record whose keys differ from the previous header's.
    keys: Vec<String>,
}

impl NdjsonReader {
    pub fn new(stream: Box<dyn BufRead>, source: Arc<str>) -> NdjsonReader {
        NdjsonReader {
            stream,
            source,
            line_number: 0,
            line: Vec::with_capacity(1024),
            keys: Vec::new(),
        }
    }

    fn bad(&self, reason: String) -> Error {
        let location = Location {
            source: self.source.clone(),
            line: self.line_number,
        };
        let raw = String::from_utf8_lossy(trim_line(&self.line)).into_owned();
        Error::bad_record(location, reason, raw)
    }
}

fn trim_line(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

impl RecordReader for NdjsonReader {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        loop {
            self.line.clear();
            let n = self
                .stream
                .read_until(b'\n', &mut self.line)
                .map_err(|e| Error::io(self.source.to_string(), e))?;
            if n == 0 {
                return Ok(false);
            }
            self.line_number += 1;
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = match std::str::from_utf8(trim_line(&self.line)) {
                Ok(text) => text,
                Err(e) => {
                    return Err(self.bad(format!("invalid UTF-8 at byte {}", e.valid_up_to())))
                }
            };
            let (header, values) = record.parts_mut();
            let values = match values {
                Values::Json(values) => values,
                Values::Text(_) => {
                    *values = Values::Json(Vec::new());
                    let Values::Json(values) = values else {
                        unreachable!()
                    };
                    values
                }
            };
            values.clear();
            self.keys.clear();
            let mut parser = serde_json::Deserializer::from_str(text);
            let same = parser
                .deserialize_map(RecordVisitor {
                    previous: header,
                    keys: &mut self.keys,
                    values,
                })
                .and_then(|same| parser.end().map(|()| same));
            match same {
                Ok(true) => {}
                Ok(false) => *header = Arc::new(unique_header(&mut self.keys, values)),
                Err(e) => {
                    let reason = format!("not a JSON object: {}", describe(&e));
                    return Err(self.bad(reason));
                }
            }
            return Ok(true);
        }
    }

    fn line(&self) -> u64 {
        self.line_number
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

/// A header for new keys; a key given twice keeps its first place and its last value,
/// as JSON parsers commonly do.
fn unique_header(keys: &mut Vec<String>, values: &mut Vec<Json>) -> Header {
    let mut header = Header::new(keys.iter().map(String::as_str));
    if header.len()
        != header
            .names()
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len()
    {
        let mut names: Vec<String> = Vec::new();
        let mut kept: Vec<Json> = Vec::new();
        for (key, value) in keys.drain(..).zip(values.drain(..)) {
            match names.iter().position(|n| *n == key) {
                Some(at) => kept[at] = value,
                None => {
                    names.push(key);
                    kept.push(value);
                }
            }
        }
        *values = kept;
        header = Header::new(names);
    }
    header
}

/// Parses the top-level object straight into the record's values, comparing each key
/// with the previous record's header so that records with the same keys (the usual
/// case) share one header and allocate no key strings.
struct RecordVisitor<'a> {
    previous: &'a Header,
    keys: &'a mut Vec<String>,
    values: &'a mut Vec<Json>,
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
                names.get(self.values.len()).map(|n| &**n)
            } else {
                None
            },
        })? {
            if let Some(key) = key {
                if same {
                    same = false;
                    self.keys
                        .extend(names[..self.values.len()].iter().map(|n| n.to_string()));
                }
                self.keys.push(key);
            }
            self.values.push(map.next_value()?);
        }
        if same && self.values.len() != names.len() {
            // The keys were a prefix of the previous header's: a new, shorter header.
            self.keys
                .extend(names[..self.values.len()].iter().map(|n| n.to_string()));
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

    fn write_record(&mut self, record: &Record) -> std::io::Result<()> {
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
}
