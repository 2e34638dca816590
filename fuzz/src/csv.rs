//! CSV and TSV through `CsvReader`, the reader every command opens (its rows come from
//! the memchr splitter of `format/rows.rs`, with csv_core for the rows it leaves):
//!
//! - it reads what the `csv` crate reads from the same bytes (every row, its fields
//!   and its line), as CSV or TSV, whole or in small pieces, with the reader's
//!   documented rules on top: the first row is the header, a row of one empty field
//!   is a blank line, a row of another width or with invalid UTF-8 is a bad record,
//!   TSV names and values are unescaped;
//! - the documented differences: a row is at its own line, where the `csv` crate's is
//!   that of the blank lines before it, or of the CRLF ending the row above; a row whose
//!   quoted field is never closed is a bad record at its line, where the `csv` crate
//!   reads the rest of the input into it; a row with
//!   text after a field's closing quote (`"x"y`, which the `csv` crate reads as `xy`)
//!   is a bad record; a header that is not a good row (one of those, or invalid UTF-8)
//!   ends the reading; a byte order mark is text, at the start too (the commands drop
//!   the input's own mark before a reader sees it);
//! - what `CsvWriter` writes from the records read reads back the same.

use std::collections::{HashMap, HashSet};
use std::io::BufReader;
use std::sync::Arc;

use etlkit::error::Error;
use etlkit::format::csv::{CsvReader, CsvWriter, Dialect};
use etlkit::format::rows::{text_after_quote, UNTERMINATED};
use etlkit::format::{RecordReader, RecordWriter};
use etlkit::record::{Header, Record};

use crate::input::{chunk_size, read_in, Trickle};

pub fn check(data: &[u8]) {
    // One delimiter and one way of reading per input (building a reader's DFA is most
    // of the cost of a run): TSV when the first line has a tab and no comma.
    let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = match first.contains(&b'\t') && !first.contains(&b',') {
        true => b'\t',
        false => b',',
    };
    let chunk = chunk_size(data);
    let rows = csv_crate_rows(data, delimiter);
    let ours = read(data, delimiter, chunk);
    if ours.reads == [Read::BadHeader] {
        // An unterminated header is the csv crate's only row.
        let header = rows.first().expect("a header row was read");
        assert!(
            rows.len() == 1 || !good_header(data, header, delimiter),
            "a good header refused\n{data:?}"
        );
        return;
    }
    let expected = match ours.reads.last() {
        Some(Read::Bad {
            line,
            unterminated: true,
        }) => {
            let (last, before) = rows.split_last().expect("a row was read");
            assert_eq!(
                last.line, *line,
                "an unterminated row is the csv crate's last\n{data:?}"
            );
            let mut expected = expected_reads(data, before, delimiter);
            expected
                .reads
                .push(ours.reads.last().expect("checked").clone());
            expected
        }
        _ => expected_reads(data, &rows, delimiter),
    };
    assert_eq!(
        ours.outcome(),
        expected,
        "delimiter {delimiter:?}, {}\n{data:?}",
        read_in(chunk)
    );
    round_trip(&ours, delimiter);
}

/// What one call of `read` gave.
#[derive(Clone, Debug, PartialEq)]
enum Read {
    Record {
        line: u64,
        fields: Vec<String>,
    },
    Bad {
        line: u64,
        unterminated: bool,
    },
    /// The header is not a good row: the reader stops.
    BadHeader,
}

#[derive(Debug, PartialEq)]
struct Outcome {
    header: Option<Vec<String>>,
    reads: Vec<Read>,
}

/// What `CsvReader` read, with the records themselves for the round trip.
struct Ours {
    header: Option<Arc<Header>>,
    reads: Vec<Read>,
    records: Vec<Record>,
}

impl Ours {
    fn outcome(&self) -> Outcome {
        Outcome {
            header: self.header.as_ref().map(|h| names(h)),
            reads: self.reads.clone(),
        }
    }
}

fn names(header: &Header) -> Vec<String> {
    header.names().iter().map(|n| n.to_string()).collect()
}

fn read(data: &[u8], delimiter: u8, chunk: usize) -> Ours {
    let stream = BufReader::new(Trickle::new(data, chunk));
    let reader = reader(Box::new(stream), "<fuzz>", delimiter);
    read_all(reader, data.len())
}

/// The reader of CSV (`,`) or TSV (a tab), as laid out by default.
fn reader(stream: Box<dyn std::io::BufRead>, name: &str, delimiter: u8) -> CsvReader {
    let tsv = delimiter == b'\t';
    CsvReader::new(stream, Arc::from(name), tsv, &Dialect::default())
}

fn read_all(mut reader: CsvReader, len: usize) -> Ours {
    let mut ours = Ours {
        header: None,
        reads: Vec::new(),
        records: Vec::new(),
    };
    let mut record = Record::default();
    loop {
        // Every read consumes a row or more, and a row is a byte or more.
        assert!(ours.reads.len() <= len + 1, "the reader does not end");
        match reader.read(&mut record) {
            Ok(true) => {
                let fields = (0..record.len())
                    .map(|i| record.get(i).and_then(|v| v.as_text()).expect("text"))
                    .map(|v| v.into_owned())
                    .collect();
                ours.reads.push(Read::Record {
                    line: reader.line(),
                    fields,
                });
                ours.records.push(record.compact_copy());
            }
            Ok(false) => break,
            Err(Error::BadRecord(bad)) => ours.reads.push(Read::Bad {
                line: bad.location.line,
                unterminated: bad.reason == UNTERMINATED,
            }),
            Err(Error::Data(_)) if reader.header().is_none() => {
                ours.reads.push(Read::BadHeader);
                break;
            }
            Err(other) => panic!("not a bad record: {other}"),
        }
    }
    ours.header = reader.header().cloned();
    ours
}

/// A row as the `csv` crate reads it.
struct Row {
    /// Its line: after the blank lines and the `\n` of a CRLF before it, which the `csv`
    /// crate skips as part of it (its own line for a row is where reading it started).
    line: u64,
    /// Where reading it started.
    byte: usize,
    /// Where the next row's reading starts.
    end: usize,
    fields: Vec<Vec<u8>>,
}

/// The rows the `csv` crate reads. It reads them after a blank line, which it skips:
/// it drops a byte order mark at the start, which `CsvReader` reads as text (the
/// commands drop the input's own mark before a reader sees it, in `format::input`).
fn csv_crate_rows(data: &[u8], delimiter: u8) -> Vec<Row> {
    let guarded = [b"\n", data].concat();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .quoting(delimiter != b'\t')
        .has_headers(false)
        .flexible(true)
        .from_reader(&guarded[..]);
    let mut row = ::csv::ByteRecord::new();
    let mut rows: Vec<Row> = Vec::new();
    while reader
        .read_byte_record(&mut row)
        .expect("reads from memory")
    {
        let position = row.position().expect("a read record has one");
        // The first row's reading starts before the guard, the others after it.
        let (line, byte) = match rows.is_empty() {
            true => (1, 0),
            false => (
                position.line() - 1,
                usize::try_from(position.byte() - 1).expect("in memory"),
            ),
        };
        if let Some(last) = rows.last_mut() {
            last.end = byte;
        }
        rows.push(Row {
            line: line + newlines_before_content(&data[byte..]),
            byte,
            end: data.len(),
            fields: row.iter().map(<[u8]>::to_vec).collect(),
        });
    }
    rows
}

/// Whether the reader takes `row` as its header: a good row of UTF-8 names.
fn good_header(data: &[u8], row: &Row, delimiter: u8) -> bool {
    good_row(data, row, delimiter) && row.fields.iter().all(|f| std::str::from_utf8(f).is_ok())
}

/// Whether the reader takes `row` as a row: no text after a closing quote (CSV).
fn good_row(data: &[u8], row: &Row, delimiter: u8) -> bool {
    delimiter == b'\t' || !text_after_quote(&data[row.byte..row.end], delimiter, b'"')
}

/// What `CsvReader` should make of `rows`, by its documented rules.
fn expected_reads(data: &[u8], rows: &[Row], delimiter: u8) -> Outcome {
    let Some((first, rows)) = rows.split_first() else {
        return Outcome {
            header: None,
            reads: Vec::new(),
        };
    };
    let header = &first.fields;
    if !good_header(data, first, delimiter) {
        return Outcome {
            header: None,
            reads: vec![Read::BadHeader],
        };
    }
    let mut reads = Vec::new();
    for row in rows {
        let Row { line, fields, .. } = row;
        let line = *line;
        if !good_row(data, row, delimiter) {
            reads.push(Read::Bad {
                line,
                unterminated: false,
            });
            continue;
        }
        if fields.len() != header.len() {
            if fields.len() != 1 || !fields[0].is_empty() {
                reads.push(Read::Bad {
                    line,
                    unterminated: false,
                });
            }
            continue;
        }
        let text: Result<Vec<&str>, _> = fields.iter().map(|f| std::str::from_utf8(f)).collect();
        let Ok(text) = text else {
            reads.push(Read::Bad {
                line,
                unterminated: false,
            });
            continue;
        };
        let fields = text
            .into_iter()
            .map(|field| match delimiter {
                b'\t' => tsv_unescaped(field),
                _ => field.to_owned(),
            })
            .collect();
        reads.push(Read::Record { line, fields });
    }
    let header = header.iter().map(|name| {
        let name = String::from_utf8_lossy(name);
        match delimiter {
            b'\t' => tsv_unescaped(&name),
            _ => name.into_owned(),
        }
    });
    Outcome {
        header: Some(with_repeats_renamed(header.collect())),
        reads,
    }
}

/// The documented rule for a name the header gives again: `NAME_2`, or the first
/// `NAME_N` that no column has, left to right.
fn with_repeats_renamed(names: Vec<String>) -> Vec<String> {
    let given: HashSet<&String> = names.iter().collect();
    let mut used: HashSet<String> = HashSet::with_capacity(names.len());
    // Where the search for a name's first free suffix starts: the ones below were
    // taken, and stay taken, so starting there finds the same one, in linear time.
    let mut first_untried: HashMap<&String, u64> = HashMap::new();
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in &names {
        if used.insert(name.clone()) {
            out.push(name.clone());
            continue;
        }
        let from = first_untried.entry(name).or_insert(2);
        let free = |n: &u64| {
            let candidate = format!("{name}_{n}");
            !given.contains(&candidate) && !used.contains(&candidate)
        };
        let n = (*from..).find(free).unwrap();
        *from = n + 1;
        let renamed = format!("{name}_{n}");
        used.insert(renamed.clone());
        out.push(renamed);
    }
    out
}

/// The line ends a row's reading starts with (blank lines, the end of a CRLF): the
/// `\n`s among the `\r`s and `\n`s before its first byte.
fn newlines_before_content(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count() as u64
}

/// TSV's escapes `\t`, `\n`, `\r` and `\\`; any other backslash is itself.
fn tsv_unescaped(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(escaped @ ('t' | 'n' | 'r' | '\\'))) => {
                chars.next();
                out.push(match escaped {
                    't' => '\t',
                    'n' => '\n',
                    'r' => '\r',
                    _ => '\\',
                });
            }
            (c, _) => out.push(c),
        }
    }
    out
}

/// The records read, written by `CsvWriter` and read again, are the same records.
fn round_trip(ours: &Ours, delimiter: u8) {
    let Some(header) = &ours.header else {
        return;
    };
    let mut written = Vec::new();
    {
        let mut writer = CsvWriter::new(&mut written, delimiter);
        for record in &ours.records {
            writer.write(record).expect("writes to memory");
        }
        writer.header_only(header).expect("writes to memory");
        writer.flush().expect("writes to memory");
    }
    let reader = reader(
        Box::new(std::io::Cursor::new(written.clone())),
        "<written>",
        delimiter,
    );
    let again = read_all(reader, written.len());
    let records = |reads: &[Read]| -> Vec<Vec<String>> {
        reads
            .iter()
            .filter_map(|read| match read {
                Read::Record { fields, .. } => Some(fields.clone()),
                Read::Bad { .. } | Read::BadHeader => None,
            })
            .collect()
    };
    let written = String::from_utf8_lossy(&written);
    assert_eq!(
        again.header.as_ref().map(|h| names(h)),
        Some(names(header)),
        "the header read back, delimiter {delimiter:?}\n{written:?}"
    );
    assert_eq!(
        again.reads.len(),
        ours.records.len(),
        "every record read back and no bad one, delimiter {delimiter:?}\n{written:?}"
    );
    assert_eq!(
        records(&again.reads),
        records(&ours.reads),
        "the records read back, delimiter {delimiter:?}\n{written:?}"
    );
}
