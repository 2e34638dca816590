//! NDJSON through `NdjsonReader`, the reader every command opens (its lines go through
//! `ObjectParser`: a quick scan when the keys are the previous line's, serde_json
//! otherwise):
//!
//! - a line is a record exactly when serde_json reads it as an object whose every
//!   value serde_json can also read alone (depth, lone surrogates), with the keys in
//!   order, a repeated key keeping its first place and its last value, and each value's
//!   text as written; anything else non-blank is a bad record at its line;
//! - the record's values, parsed, are serde_json's reading of the line;
//! - what `NdjsonWriter` writes from the records read reads back the same.

use std::fmt;
use std::io::BufReader;
use std::sync::Arc;

use etlkit::error::Error;
use etlkit::format::ndjson::{NdjsonReader, NdjsonWriter};
use etlkit::format::{RecordReader, RecordWriter};
use etlkit::record::{Record, ValueRef};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value as Json;

use crate::input::{chunk_size, read_in, Trickle};

pub fn check(data: &[u8]) {
    let chunk = chunk_size(data);
    let (reads, records) = read(data, chunk);
    assert_eq!(
        reads,
        expected_reads(data),
        "{}\n{:?}",
        read_in(chunk),
        String::from_utf8_lossy(data)
    );
    round_trip(&records);
}

/// What one call of `read` gave: a record's keys and values (as JSON text), with
/// the values parsed, or a bad record.
#[derive(Debug, PartialEq)]
enum Read {
    Record {
        line: u64,
        keys: Vec<String>,
        values: Vec<String>,
        parsed: Json,
    },
    Bad {
        line: u64,
    },
}

fn read(data: &[u8], chunk: usize) -> (Vec<Read>, Vec<Record>) {
    let stream = BufReader::new(Trickle::new(data, chunk));
    let reader = NdjsonReader::new(Box::new(stream), Arc::from("<fuzz>"));
    read_all(reader, data.len())
}

fn read_all(mut reader: NdjsonReader, len: usize) -> (Vec<Read>, Vec<Record>) {
    let mut reads = Vec::new();
    let mut records = Vec::new();
    let mut record = Record::default();
    loop {
        // Every read consumes a line or more, and a line is a byte or more.
        assert!(reads.len() <= len + 1, "the reader does not end");
        match reader.read(&mut record) {
            Ok(true) => {
                reads.push(Read::Record {
                    line: reader.line(),
                    keys: record
                        .header()
                        .names()
                        .iter()
                        .map(|n| n.to_string())
                        .collect(),
                    values: (0..record.len()).map(|i| raw(&record, i)).collect(),
                    parsed: serde_json::from_str(&record.to_json_line())
                        .expect("a record's JSON line is JSON"),
                });
                records.push(record.compact_copy());
            }
            Ok(false) => break,
            Err(Error::BadRecord(bad)) => reads.push(Read::Bad {
                line: bad.location.line,
            }),
            Err(other) => panic!("not a bad record: {other}"),
        }
    }
    (reads, records)
}

fn raw(record: &Record, index: usize) -> String {
    match record.get(index) {
        Some(ValueRef::Raw(text)) => text.to_owned(),
        other => panic!("an NDJSON value is its JSON text, not {other:?}"),
    }
}

/// What `NdjsonReader` should read, by serde_json: lines split at `\n`, line ends
/// (`\n`, `\r`) taken off, lines of JSON whitespace skipped.
fn expected_reads(data: &[u8]) -> Vec<Read> {
    let mut reads = Vec::new();
    let lines = data.split_inclusive(|&b| b == b'\n');
    for (line, bytes) in (1..).zip(lines) {
        let mut end = bytes.len();
        while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let bytes = &bytes[..end];
        if bytes
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        {
            continue;
        }
        let read = std::str::from_utf8(bytes)
            .ok()
            .and_then(|text| serde_reading(line, text));
        reads.push(read.unwrap_or(Read::Bad { line }));
    }
    reads
}

/// serde_json's reading of one line, or `None` when it is no record.
fn serde_reading(line: u64, text: &str) -> Option<Read> {
    let mut parser = serde_json::Deserializer::from_str(text);
    let pairs = Pairs::deserialize(&mut parser).ok()?;
    parser.end().ok()?;
    let mut keys: Vec<String> = Vec::new();
    let mut values: Vec<String> = Vec::new();
    for (key, value) in &pairs.0 {
        serde_json::from_str::<Json>(value.get()).ok()?;
        match keys.iter().position(|k| k == key) {
            Some(at) => values[at] = value.get().to_owned(),
            None => {
                keys.push(key.clone());
                values.push(value.get().to_owned());
            }
        }
    }
    // With `preserve_order`, serde_json's map keeps a repeated key's first place too.
    let parsed = serde_json::from_str(text).ok()?;
    Some(Read::Record {
        line,
        keys,
        values,
        parsed,
    })
}

/// An object's members in order, repeated keys and all, each value as its text.
struct Pairs<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PairsVisitor)
    }
}

struct PairsVisitor;

impl<'de> Visitor<'de> for PairsVisitor {
    type Value = Pairs<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'de>, A::Error> {
        let mut pairs = Vec::new();
        while let Some(pair) = map.next_entry()? {
            pairs.push(pair);
        }
        Ok(Pairs(pairs))
    }
}

/// The records read, written by `NdjsonWriter` and read again, are the same records.
pub(crate) fn round_trip(records: &[Record]) {
    let mut writer = NdjsonWriter::new(Vec::new());
    for record in records {
        writer.write(record).expect("writes to memory");
    }
    let written = std::mem::take(writer.get_mut());
    let reader = NdjsonReader::new(
        Box::new(std::io::Cursor::new(written.clone())),
        Arc::from("<written>"),
    );
    let (again, _) = read_all(reader, written.len());
    let mut expected = Vec::new();
    for (line, record) in (1..).zip(records) {
        expected.push(Read::Record {
            line,
            keys: record
                .header()
                .names()
                .iter()
                .map(|n| n.to_string())
                .collect(),
            values: (0..record.len()).map(|i| raw(record, i)).collect(),
            parsed: serde_json::from_str(&record.to_json_line()).expect("JSON"),
        });
    }
    assert_eq!(
        again,
        expected,
        "the records read back\n{:?}",
        String::from_utf8_lossy(&written)
    );
}
