//! JSON documents through `format::json::JsonReader` (a top-level array of objects,
//! objects in any layout, one after another), against serde_json reading the input
//! as a stream of values:
//!
//! - for as long as serde_json reads whole objects (or an array of objects that is
//!   the first value), each object is the reader's next record, with serde_json's keys (a
//!   repeated one keeping its first place and last value) and values; after that the
//!   reader may go on, fail or stop, but it ends, and never panics;
//! - what `NdjsonWriter` writes from the records read reads back the same (as the
//!   `ndjson` target checks).

use std::io::BufReader;
use std::sync::Arc;

use etlkit::error::Error;
use etlkit::format::json::{is_document, JsonReader};
use etlkit::format::RecordReader;
use etlkit::record::Record;
use serde_json::Value as Json;

use crate::input::{chunk_size, read_in, Trickle};

pub fn check(data: &[u8]) {
    let _ = is_document(data);
    let chunk = chunk_size(data);
    let stream = BufReader::new(Trickle::new(data, chunk));
    let mut reader = JsonReader::new(Box::new(stream), Arc::from("<fuzz>"));
    let mut records: Vec<Option<Record>> = Vec::new();
    let mut record = Record::default();
    loop {
        // Every read consumes an object's bytes or ends the reading.
        assert!(records.len() <= data.len() + 1, "the reader does not end");
        match reader.read(&mut record) {
            Ok(true) => records.push(Some(record.compact_copy())),
            Ok(false) => break,
            Err(Error::BadRecord(_)) => records.push(None),
            Err(Error::Data(_)) => break,
            Err(other) => panic!("neither a bad record nor a data error: {other}"),
        }
    }
    let expected = serde_objects(data);
    for (i, object) in expected.iter().enumerate() {
        let got = records.get(i).and_then(|r| r.as_ref()).map(|record| {
            serde_json::from_str::<Json>(&record.to_json_line()).expect("a record is JSON")
        });
        assert_eq!(
            got.as_ref(),
            Some(object),
            "object {i}, {}\n{:?}",
            read_in(chunk),
            String::from_utf8_lossy(data)
        );
    }
    let read: Vec<Record> = records.into_iter().flatten().collect();
    crate::ndjson::round_trip(&read);
}

/// The objects serde_json reads from the start of `data`: the elements of an array
/// of objects that is the first value (the whole input, for the reader: nothing is
/// looked at after it), or each top-level object, up to the first value that is not
/// one or does not parse (or holds a value the records' own reader refuses alone:
/// nested deeper than 128 levels, a lone surrogate).
fn serde_objects(data: &[u8]) -> Vec<Json> {
    let mut objects = Vec::new();
    for (i, value) in serde_json::Deserializer::from_slice(data)
        .into_iter::<Json>()
        .enumerate()
    {
        match value {
            Ok(Json::Object(object)) => objects.push(Json::Object(object)),
            Ok(Json::Array(items)) if i == 0 && items.iter().all(Json::is_object) => {
                return items;
            }
            _ => break,
        }
    }
    objects
}
