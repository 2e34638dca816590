//! etl-cast's command line and specs (`FIELDS:TYPE[:FORMAT]`, `--tz`, `--infer`, its
//! types taken from the records) and its conversions: the input's first line is the arguments, separated by tabs; the
//! lines after it are records, a line of names then lines of values, comma-separated
//! (fixed records without them), each cast as CSV text and as NDJSON values.
//!
//! Arguments are taken or refused (clap, or a usage error); a record converts, or one
//! of its values does not. With `--on-error null` the same record converts, to the
//! same values when no value failed, with failed values null and counted otherwise.
//! The values cast are written as NDJSON that reads back, and as CSV.

use std::ffi::OsString;
use std::sync::Arc;

use clap::Parser as _;
use etlkit::cli::cast::Args;
use etlkit::error::Error;
use etlkit::format::csv::CsvWriter;
use etlkit::format::ndjson::{NdjsonWriter, ObjectParser};
use etlkit::format::RecordWriter;
use etlkit::infer::Inference;
use etlkit::ops::cast::{Caster, Spec};
use etlkit::record::{Header, Record, TextRow, Values};
use serde_json::Value as Json;

use crate::input::head_and_rest;

/// ETL_HASH_KEY for `hash`.
const HASH_KEY: &[u8] = b"fuzz key";

const NAMES: &str = "ts,amount,ok,ip,size,took,email,doc";
const VALUES: &str = "2024-03-01T10:00:00+01:00,12.50,yes,203.0.113.7,1.5K,1m30s,a@b.c,{\"a\":[1]}";

pub fn check(data: &[u8]) {
    let (arguments, rest) = head_and_rest(data);
    let words = arguments
        .split('\t')
        .filter(|w| !w.is_empty())
        .map(OsString::from);
    let Ok(args) = Args::try_parse_from(std::iter::once(OsString::from("etl-cast")).chain(words))
    else {
        return;
    };
    let (specs, _files) = args.specs_and_files();
    let Ok(specs) = specs
        .iter()
        .map(|s| Spec::parse(s))
        .collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    let records = records(&rest);
    // --infer's types come from the first records, as etl-cast reads them ahead.
    let inferred = || {
        args.infer.then(|| {
            let mut inference = Inference::default();
            for record in records.iter().take(args.infer_rows) {
                inference.observe(record);
            }
            inference
        })
    };
    let caster =
        |specs: Vec<Spec>| Caster::new(specs, inferred(), args.time_rules(), Some(HASH_KEY.into()));
    let (Ok(mut strict), Ok(mut lenient)) = (caster(specs.clone()), caster(specs)) else {
        return;
    };
    for record in &records {
        let (mut cast, mut nulled_cast) = (Record::default(), Record::default());
        let strictly = strict.apply(record, &mut cast, false);
        let leniently = lenient.apply(record, &mut nulled_cast, true);
        match (strictly, leniently) {
            (Ok(0), Ok(0)) => {
                assert_eq!(values(&cast), values(&nulled_cast), "{arguments:?}");
                written(&cast, &arguments);
            }
            (Err(Error::Data(_)), Ok(nulled)) if nulled > 0 => written(&nulled_cast, &arguments),
            (Err(Error::Usage(_)), Err(Error::Usage(_))) => {}
            (strictly, leniently) => panic!(
                "{arguments:?} on {}: {strictly:?}, with --on-error null {leniently:?}",
                record.to_json_line()
            ),
        }
    }
}

fn values(record: &Record) -> &[Json] {
    match record.values() {
        Values::Json(values) => values,
        other => panic!("cast values are typed, not {other:?}"),
    }
}

/// Writes the record as NDJSON, which must read back as the same values, and as CSV.
fn written(record: &Record, arguments: &str) {
    let mut ndjson = NdjsonWriter::new(Vec::new());
    ndjson.write(record).expect("writes to memory");
    let line = String::from_utf8(std::mem::take(ndjson.get_mut())).expect("UTF-8");
    let mut again = Record::default();
    ObjectParser::default()
        .parse(line.trim_end().to_owned(), &mut again)
        .unwrap_or_else(|reason| panic!("{arguments:?}: {line} is not read back: {reason}"));
    // A CSV header may name a field twice; NDJSON keeps one of them.
    if again.len() == record.len() {
        assert_eq!(
            values(&again.to_typed()),
            values(record),
            "{arguments:?}: {line}"
        );
    }
    let mut csv = Vec::new();
    let mut writer = CsvWriter::new(&mut csv, b',');
    writer.write(record).expect("writes to memory");
    writer.flush().expect("writes to memory");
}

/// Each record of the input (or the fixed one) as CSV text and as NDJSON values:
/// values that are JSON as themselves, others as strings.
fn records(rest: &str) -> Vec<Record> {
    let mut lines = if rest.is_empty() {
        vec![NAMES, VALUES]
    } else {
        rest.split('\n').collect()
    }
    .into_iter();
    let names: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let header = Arc::new(Header::new(names.iter().copied()));
    let mut records = Vec::new();
    for line in lines {
        let mut values: Vec<&str> = line.split(',').collect();
        values.resize(names.len(), "");
        let row: TextRow = values.iter().copied().collect();
        records.push(Record::new(header.clone(), Values::Text(row)));
        let object: serde_json::Map<String, Json> = names
            .iter()
            .zip(&values)
            .map(|(name, value)| {
                let json = serde_json::from_str(value).unwrap_or(Json::String(value.to_string()));
                (name.to_string(), json)
            })
            .collect();
        let mut record = Record::default();
        if ObjectParser::default()
            .parse(Json::Object(object).to_string(), &mut record)
            .is_ok()
        {
            records.push(record);
        }
    }
    records
}
