//! Every line format of etl-extract-log (`-f combined`, `common`, `syslog` with and
//! without `--year`, `logfmt`, `json`, and a `--regex`), each with and without a
//! `--ts-field`, over the lines of the input, and format detection over its first
//! lines. A line that parses gives a record that etl-extract-log writes as one line
//! of NDJSON that reads back with the same names, in order, and the same values' text;
//! a line that does not gives a mismatch at a byte of the line.

use std::cell::RefCell;

use etlkit::extract::fields::Fields;
use etlkit::extract::{detect, FormatSpec, LineFormat, LogFormat, TsRule};
use etlkit::format::ndjson::{NdjsonWriter, ObjectParser};
use etlkit::format::RecordWriter;
use etlkit::record::{Record, ValueRef};

/// A `--regex` of the kind the manual shows, with a group that may not take part.
const REGEX: &str = r"^(?P<ts>\S+) (?P<level>[A-Z]+)(?: \[(?P<thread>[^\]]*)\])? (?P<msg>.*)$";

/// As many lines as etl-extract-log looks at to detect a file's format.
const DETECT_LINES: usize = 20;

thread_local! {
    /// The `--regex` formats, compiled once: compiling was a third of a run's time,
    /// and parsing a line leaves nothing in them that the next line depends on.
    static REGEX_FORMATS: RefCell<Vec<LineFormat>> = const { RefCell::new(Vec::new()) };
}

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = lines(&text);
    let mut parsers: Vec<Parser> = Vec::new();
    for format in [
        LogFormat::Combined,
        LogFormat::Common,
        LogFormat::Syslog,
        LogFormat::Logfmt,
        LogFormat::Json,
    ] {
        for ts_field in [false, true] {
            parsers.push(Parser::new(&spec(format, None), ts_field));
        }
    }
    let mut with_year = spec(LogFormat::Syslog, None);
    with_year.year = Some(2024);
    parsers.push(Parser::new(&with_year, false));
    let mut regexes = REGEX_FORMATS.take();
    while regexes.len() < 2 {
        let format = LineFormat::from_spec(&spec(LogFormat::Regex, None));
        regexes.push(format.expect("a valid regex").expect("not auto"));
    }
    for (format, ts_field) in regexes.into_iter().zip([false, true]) {
        parsers.push(Parser::with_format(
            format,
            ts_rule(LogFormat::Regex, ts_field),
        ));
    }
    for line in &lines {
        for parser in parsers.iter_mut() {
            parser.parse(line);
        }
    }
    let first: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| !line.trim().is_empty())
        .take(DETECT_LINES)
        .collect();
    // What detection says of the lines must be writable whatever they are.
    let _ = detect(&first, None).tally.to_string();
    let regexes = parsers.split_off(parsers.len() - 2);
    REGEX_FORMATS.set(regexes.into_iter().map(|parser| parser.format).collect());
}

/// The lines of a log as etl-extract-log hands them to a parser: split at `\n`, with
/// trailing `\r` taken off (invalid UTF-8 was replaced before).
pub(crate) fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|line| line.trim_end_matches('\r'))
        .collect()
}

pub(crate) fn spec(format: LogFormat, pattern: Option<&str>) -> FormatSpec {
    FormatSpec {
        format,
        regex: Some(REGEX.to_owned()),
        pattern: pattern.map(str::to_owned),
        year: None,
    }
}

/// With `ts_field`, `--ts-field ts`: the built-in forms, or for logfmt two chrono
/// formats.
pub(crate) fn ts_rule(format: LogFormat, ts_field: bool) -> Option<TsRule> {
    ts_field.then(|| TsRule {
        field: "ts".to_owned(),
        formats: match format {
            LogFormat::Logfmt => vec!["%d/%b/%Y:%H:%M:%S %z".to_owned(), "%s".to_owned()],
            _ => Vec::new(),
        },
    })
}

/// One line format and the fields it builds records in, kept from line to line as
/// the reader keeps them (records with the same names share a header).
pub(crate) struct Parser {
    format: LineFormat,
    fields: Fields,
    record: Record,
    /// Checks that a record reads back as NDJSON.
    ndjson: ObjectParser,
}

impl Parser {
    pub(crate) fn new(spec: &FormatSpec, ts_field: bool) -> Parser {
        let format = LineFormat::from_spec(spec)
            .expect("a valid spec")
            .expect("not auto");
        Parser::with_format(format, ts_rule(spec.format, ts_field))
    }

    pub(crate) fn with_format(format: LineFormat, ts_rule: Option<TsRule>) -> Parser {
        let mut fields = Fields::new(ts_rule);
        fields.use_stable_names(format.names_are_stable());
        Parser {
            format,
            fields,
            record: Record::default(),
            ndjson: ObjectParser::default(),
        }
    }

    /// Parses `line` and checks the record or the mismatch.
    pub(crate) fn parse(&mut self, line: &str) {
        let name = self.format.name();
        match self.format.parse(line, &mut self.fields) {
            Ok(()) if self.fields.failed().is_some() => self.fields.clear(),
            Ok(()) => {
                self.fields.finish(&mut self.record);
                check_record(&self.record, &mut self.ndjson, name, line);
            }
            Err(mismatch) => {
                assert!(
                    mismatch.at <= line.len(),
                    "{name}: mismatch at byte {} of {} in {line:?}",
                    mismatch.at,
                    line.len()
                );
                mismatch.column(line);
            }
        }
    }
}

/// The record, written as etl-extract-log writes it, is one JSON object with the
/// header's names, once each, that reads back as NDJSON with the same values.
fn check_record(record: &Record, ndjson: &mut ObjectParser, format: &str, line: &str) {
    let mut writer = NdjsonWriter::new(Vec::new());
    writer.write(record).expect("writes to memory");
    let written = String::from_utf8(std::mem::take(writer.get_mut())).expect("UTF-8");
    let json = written
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("{format}: one line, not {written:?}\n{line:?}"));
    assert!(
        !json.contains('\n'),
        "{format}: one line, not {written:?}\n{line:?}"
    );
    let mut again = Record::default();
    if let Err(reason) = ndjson.parse(json.to_owned(), &mut again) {
        panic!("{format}: the record {json} is not NDJSON: {reason}\n{line:?}");
    }
    let names = |record: &Record| -> Vec<String> {
        record
            .header()
            .names()
            .iter()
            .map(|n| n.to_string())
            .collect()
    };
    let values = |record: &Record| -> Vec<String> {
        (0..record.len())
            .map(|i| match record.get(i) {
                Some(ValueRef::Raw(text)) => text.to_owned(),
                other => panic!("{format}: a value that is not JSON text: {other:?}"),
            })
            .collect()
    };
    assert_eq!(
        (names(&again), values(&again)),
        (names(record), values(record)),
        "{format}: the record {json} read back\n{line:?}"
    );
}
