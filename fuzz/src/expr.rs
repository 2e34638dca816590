//! etl-filter's expression language: the input's first line is the expression, the
//! lines after it the record it runs on (an NDJSON object, or a line of names and a
//! line of values, comma-separated); without them it runs on a CSV record and an
//! NDJSON record of several types. A syntax error is an error with a caret; an
//! expression that compiles gives the same answer each time it runs, and `not (E)`
//! gives the negation of `E`'s answer, or the same error; its value (etl-map's
//! computed field) agrees with its answer: true or false is that answer, null is
//! false, anything else or an error makes the answer an error.

use std::sync::Arc;

use etlkit::expr::Program;
use etlkit::format::ndjson::ObjectParser;
use etlkit::record::{Header, Record, TextRow, Values};

use crate::input::head_and_rest;

/// Records to run an expression on when the input gives none.
const CSV_NAMES: [&str; 6] = ["status", "path", "n", "empty", "ts", "user.name"];
const CSV_VALUES: [&str; 6] = ["503", "/api/x", "10", "", "2024-03-01T10:00:00Z", "al"];
const NDJSON: &str = r#"{"status":503,"path":"/api/x","n":"10","empty":"","nil":null,"ok":true,"user":{"name":"al","tags":["a","b"]},"list":[1,2.5,"x"],"big":1e400}"#;

pub fn check(data: &[u8]) {
    let (source, rest) = head_and_rest(data);
    let program = match Program::compile(&source) {
        Ok(program) => program,
        Err(err) => {
            // The message with its caret under the bad spot.
            let _ = err.to_string();
            return;
        }
    };
    let negated = Program::compile(&format!("not ({source})")).ok();
    let mut programs = (program, negated);
    for record in records(&rest) {
        run(&mut programs, &record, &source);
    }
}

fn run(programs: &mut (Program, Option<Program>), record: &Record, source: &str) {
    let (program, negated) = programs;
    let answer = program.test(record);
    assert_eq!(
        program.test(record),
        answer,
        "the same answer twice\n{source:?}"
    );
    if let Some(negated) = negated {
        assert_eq!(
            negated.test(record),
            answer.clone().map(|matched| !matched),
            "not ({source})"
        );
    }
    let value = program.value(record);
    assert_eq!(
        program.value(record),
        value,
        "the same value twice\n{source:?}"
    );
    match value {
        Ok(serde_json::Value::Bool(b)) => assert_eq!(answer, Ok(b), "{source:?}"),
        Ok(serde_json::Value::Null) => assert_eq!(answer, Ok(false), "{source:?}"),
        _ => assert!(answer.is_err(), "{source:?}: {answer:?} but {value:?}"),
    }
}

fn records(rest: &str) -> Vec<Record> {
    let mut lines = rest.lines();
    match lines.next() {
        Some(line) if line.trim_start().starts_with('{') => {
            let mut record = Record::default();
            match ObjectParser::default().parse(line.to_owned(), &mut record) {
                Ok(()) => vec![record],
                Err(_) => default_records(),
            }
        }
        Some(names) => {
            let names: Vec<&str> = names.split(',').collect();
            let mut values: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
            values.resize(names.len(), "");
            vec![text_record(&names, &values)]
        }
        None => default_records(),
    }
}

fn default_records() -> Vec<Record> {
    let mut ndjson = Record::default();
    ObjectParser::default()
        .parse(NDJSON.to_owned(), &mut ndjson)
        .expect("a valid object");
    vec![text_record(&CSV_NAMES, &CSV_VALUES), ndjson]
}

fn text_record(names: &[&str], values: &[&str]) -> Record {
    let header = Arc::new(Header::new(names.iter().copied()));
    let row: TextRow = values.iter().copied().collect();
    Record::new(header, Values::Text(row))
}
