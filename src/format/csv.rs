//! CSV (RFC 4180) and TSV readers and writers: rows are split by `rows` and written
//! by `row_writer`.
//!
//! CSV values are read as text and never guessed at: "02134" stays "02134". TSV has
//! no quoting; a tab, newline, carriage return or backslash inside a value is written
//! as `\t`, `\n`, `\r` or `\\`, and read back the same way.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::sync::Arc;

use super::row_writer::RowWriter;
use super::rows::{BadRow, RowReader};
use super::{RecordReader, RecordWriter};
use crate::error::{Error, Location, Result};
use crate::record::{Header, Record, RowBytes, TextRow, ValueRef, Values};

/// How a CSV or TSV input is laid out, when not as RFC 4180 (or TSV) with a header
/// row says: `-d`, `--quote`, `--no-header`, `--header-names`, `--ragged`.
#[derive(Clone, Debug, Default)]
pub struct Dialect {
    /// The delimiter; `,` for CSV and a tab for TSV when `None`.
    pub delimiter: Option<u8>,
    /// The quote of CSV fields; `"` when `None`. TSV has none.
    pub quote: Option<u8>,
    pub header: HeaderRow,
    pub ragged: Ragged,
    /// The input's encoding (`--encoding`); UTF-8, or UTF-16 told by its byte order
    /// mark, when `None`. (It applies to every format, NDJSON too.)
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Where the field names come from.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum HeaderRow {
    /// The first row.
    #[default]
    First,
    /// None: the fields are named 1, 2, … and the first row is data.
    Numbered,
    /// These names; the first row is data.
    Named(Vec<String>),
}

/// What a row with another number of fields than the header becomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Ragged {
    /// A bad record, for --on-error.
    #[default]
    Error,
    /// Missing fields are empty; a row with more fields is a bad record.
    Pad,
    /// Missing fields are empty, and fields past the header's are dropped.
    Truncate,
}

pub struct CsvReader {
    reader: RowReader<Box<dyn BufRead>>,
    source: Arc<str>,
    tsv: bool,
    header_row: HeaderRow,
    ragged: Ragged,
    header: Option<Arc<Header>>,
    row: RowBytes,
    line: u64,
}

impl CsvReader {
    /// A CSV reader, or a TSV one (`tsv`), of `stream` laid out as `dialect` says.
    pub fn new(
        stream: Box<dyn BufRead>,
        source: Arc<str>,
        tsv: bool,
        dialect: &Dialect,
    ) -> CsvReader {
        let (delimiter, quote) = match tsv {
            true => (dialect.delimiter.unwrap_or(b'\t'), None),
            false => (
                dialect.delimiter.unwrap_or(b','),
                Some(dialect.quote.unwrap_or(b'"')),
            ),
        };
        CsvReader {
            reader: RowReader::new(stream, delimiter, quote),
            source,
            tsv,
            header_row: dialect.header.clone(),
            ragged: dialect.ragged,
            header: None,
            row: RowBytes::default(),
            line: 0,
        }
    }

    /// A reader of `stream`, a chunk of an input that starts on line `line` of it,
    /// with the input's `header` when it was read already (else the chunk has it).
    pub fn continuing(
        stream: Box<dyn BufRead>,
        source: Arc<str>,
        tsv: bool,
        dialect: &Dialect,
        header: Option<Arc<Header>>,
        line: u64,
    ) -> CsvReader {
        let mut reader = CsvReader::new(stream, source, tsv, dialect);
        reader.reader = reader.reader.starting_at_line(line);
        reader.header = header;
        reader
    }

    /// Reads one raw row; `Ok(false)` at the end.
    fn read_row(&mut self) -> Result<bool> {
        let line = match self.reader.read(&mut self.row) {
            Ok(line) => line,
            Err(err) => match err.get_ref().and_then(|e| e.downcast_ref::<BadRow>()) {
                Some(bad) => {
                    let location = Location {
                        source: self.source.clone(),
                        line: bad.line,
                    };
                    return Err(Error::bad_record(location, bad.reason, bad.start.clone()));
                }
                None => return Err(Error::io(self.source.to_string(), err)),
            },
        };
        if let Some(line) = line {
            self.line = line;
        }
        Ok(line.is_some())
    }

    fn bad(&self, reason: String) -> Error {
        let location = Location {
            source: self.source.clone(),
            line: self.line,
        };
        Error::bad_record(location, reason, raw_row(self.row.fields()))
    }

    /// Reads the header. A header that is not a good row ends the run: there is no
    /// skipping it, every record would take its names from the row after it.
    fn read_header(&mut self) -> Result<bool> {
        let header_error =
            |at: &Location, reason: &str| Error::Data(format!("{at}: the header: {reason}"));
        match self.read_row() {
            Ok(true) => {}
            Ok(false) => return Ok(false),
            Err(Error::BadRecord(bad)) => return Err(header_error(&bad.location, &bad.reason)),
            Err(other) => return Err(other),
        }
        let at = Location {
            source: self.source.clone(),
            line: self.line,
        };
        let mut names = Vec::with_capacity(self.row.len());
        for (i, name) in self.row.fields().enumerate() {
            let name = std::str::from_utf8(name)
                .map_err(|_| header_error(&at, &format!("field {}: invalid UTF-8", i + 1)))?;
            // TSV names have the escapes of TSV values: `CsvWriter` writes them so.
            names.push(if self.tsv {
                tsv_unescape(name)
            } else {
                name.to_owned()
            });
        }
        self.header = Some(Arc::new(Header::new(unique_names(names, &at))));
        Ok(true)
    }
}

/// The header's names with a repeated one renamed `NAME_2` (`_3`…, past any name
/// taken), said on stderr once per name: two columns of one name would be one key in
/// every record, and all but one of them lost on the way out. Linear in the names,
/// however many repeats (a spreadsheet's thousand blank column names).
fn unique_names(mut names: Vec<String>, at: &Location) -> Vec<String> {
    let mut taken: HashSet<String> = names.iter().cloned().collect();
    if taken.len() == names.len() {
        return names;
    }
    let mut seen = HashSet::with_capacity(names.len());
    // Each repeated name, in the order of its first repeat, with what its repeats became.
    let mut repeats: Vec<(String, Vec<String>)> = Vec::new();
    // A repeated name's place in `repeats` and the next suffix to try for it.
    let mut suffixes: HashMap<String, (usize, u64)> = HashMap::new();
    for name in names.iter_mut() {
        if seen.insert(name.clone()) {
            continue;
        }
        let (index, next) = suffixes.entry(name.clone()).or_insert_with(|| {
            repeats.push((name.clone(), Vec::new()));
            (repeats.len() - 1, 2)
        });
        let renamed = loop {
            let candidate = format!("{name}_{next}");
            *next += 1;
            if !taken.contains(&candidate) {
                break candidate;
            }
        };
        taken.insert(renamed.clone());
        seen.insert(renamed.clone());
        repeats[*index].1.push(renamed.clone());
        *name = renamed;
    }
    for (name, renamed) in repeats {
        let quoted: Vec<String> = renamed.iter().map(|r| crate::error::quoted(r)).collect();
        let (times, read_as) = match quoted.as_slice() {
            [one] => ("twice".to_owned(), format!("the repeat is read as {one}")),
            [first, second, .., last] if quoted.len() > 3 => (
                format!("{} times", quoted.len() + 1),
                format!("the repeats are read as {first}, {second} … {last}"),
            ),
            [init @ .., last] => (
                format!("{} times", quoted.len() + 1),
                format!("the repeats are read as {} and {last}", init.join(", ")),
            ),
            [] => continue,
        };
        crate::notice::note(format_args!(
            "{at}: the header names {} {times}; {read_as}",
            crate::error::quoted(&name)
        ));
    }
    names
}

impl RecordReader for CsvReader {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        if self.header.is_none() {
            let names = match &self.header_row {
                HeaderRow::First => None,
                HeaderRow::Numbered => Some(Vec::new()),
                HeaderRow::Named(names) => Some(names.clone()),
            };
            let Some(mut names) = names else {
                if !self.read_header()? {
                    return Ok(false);
                }
                return self.read(record);
            };
            // No header row: the first row is a record, and numbers its fields.
            if !self.read_row()? {
                return Ok(false);
            }
            if names.is_empty() {
                names = (1..=self.row.len()).map(|n| n.to_string()).collect();
            }
            self.header = Some(Arc::new(Header::new(names)));
            return self.take_row(record);
        }
        if !self.read_row()? {
            return Ok(false);
        }
        self.take_row(record)
    }

    fn line(&self) -> u64 {
        self.line
    }

    fn header(&self) -> Option<&Arc<Header>> {
        self.header.as_ref()
    }
}

impl CsvReader {
    /// The row read as a record of the header's fields.
    fn take_row(&mut self, record: &mut Record) -> Result<bool> {
        let header = self.header.as_ref().expect("read before");
        if self.row.len() != header.len() {
            // A blank line is no record at all in CSV files written by hand.
            if self.row.len() == 1 && self.row.fields().all(<[u8]>::is_empty) {
                return self.read(record);
            }
            let fits = match self.ragged {
                Ragged::Error => false,
                Ragged::Pad => self.row.len() < header.len(),
                Ragged::Truncate => true,
            };
            if !fits {
                let reason = format!(
                    "expected {} fields as in the header, found {}",
                    header.len(),
                    self.row.len()
                );
                return Err(self.bad(reason));
            }
            let end = self.row.bytes.len();
            let end = crate::record::span(end, end);
            self.row.spans.resize(header.len(), end);
        }
        let (header_slot, values) = record.parts_mut();
        if !Arc::ptr_eq(header_slot, header) {
            *header_slot = header.clone();
        }
        if !matches!(values, Values::Text(_)) {
            *values = Values::Text(TextRow::default());
        }
        let Values::Text(text) = values else {
            unreachable!()
        };
        if text.take_bytes(&mut self.row).is_err() {
            let field = header
                .names()
                .iter()
                .zip(self.row.fields())
                .find(|(_, v)| std::str::from_utf8(v).is_err())
                .map_or_else(String::new, |(name, _)| format!("field {name:?}: "));
            return Err(self.bad(format!("{field}invalid UTF-8")));
        }
        if self.tsv && text.iter().any(|v| v.contains('\\')) {
            let unescaped: TextRow = text.iter().map(tsv_unescape).collect();
            *text = unescaped;
        }
        Ok(true)
    }
}

/// A row as CSV text, for rejects files.
pub fn raw_row<'a>(fields: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut bytes = Vec::new();
    let mut writer = RowWriter::new(&mut bytes, b',', true);
    fields.into_iter().for_each(|field| writer.field(field));
    // Writing to memory does not fail.
    let _ = writer.end_row().and_then(|()| writer.flush());
    drop(writer);
    let text = String::from_utf8_lossy(&bytes);
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

fn tsv_unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn tsv_escape(value: &str) -> Cow<'_, str> {
    if !value.contains(['\t', '\n', '\r', '\\']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How the fields of records with one header map onto the output columns.
enum Plan {
    /// Same names in the same order: write the fields as they are.
    Identity,
    /// Output column → position in the record.
    Columns(Vec<Option<usize>>),
}

pub struct CsvWriter<W: Write> {
    writer: RowWriter<W>,
    tsv: bool,
    /// Whether the header row is written (`--no-output-header`: not).
    header: bool,
    columns: Option<Arc<Header>>,
    /// The plan for the header seen last, which is nearly always the next one's too.
    plan: Option<(Arc<Header>, Plan)>,
}

impl<W: Write> CsvWriter<W> {
    /// CSV with a header row, or TSV when `delimiter` is a tab.
    pub fn new(out: W, delimiter: u8) -> CsvWriter<W> {
        CsvWriter::with_layout(out, delimiter == b'\t', delimiter, true)
    }

    /// CSV (or TSV, `tsv`) split at `delimiter`, with a header row or not.
    pub fn with_layout(out: W, tsv: bool, delimiter: u8, header: bool) -> CsvWriter<W> {
        CsvWriter {
            writer: RowWriter::new(out, delimiter, !tsv),
            tsv,
            header,
            columns: None,
            plan: None,
        }
    }

    /// Buffers a field; only ending a row writes, and can fail.
    fn field(&mut self, text: &str) {
        if self.tsv {
            self.writer.field(tsv_escape(text).as_bytes());
        } else {
            self.writer.field(text.as_bytes());
        }
    }

    fn value(&mut self, value: Option<ValueRef<'_>>) {
        match value {
            None => self.field(""),
            Some(value) => match value.as_text() {
                Some(text) => self.field(&text),
                // Arrays (and objects that were not flattened) are written as JSON text:
                // as read when they were read, else as serde_json writes them.
                None => match value {
                    ValueRef::Raw(text) => self.field(text),
                    other => self.field(&other.to_json().to_string()),
                },
            },
        }
    }

    fn end_row(&mut self) -> Result<()> {
        self.writer.end_row().map_err(write_error)
    }

    fn write_header(&mut self, names: &[&str]) -> Result<()> {
        if self.header {
            for name in names {
                self.field(name);
            }
            self.end_row()?;
        }
        self.columns = Some(Arc::new(Header::new(names.iter().copied())));
        Ok(())
    }

    fn plan_for(&self, header: &Header) -> Result<Plan> {
        let columns = self.columns.as_ref().expect("header written");
        if **columns == *header {
            return Ok(Plan::Identity);
        }
        let mut plan = vec![None; columns.len()];
        for (i, name) in header.names().iter().enumerate() {
            match columns.index(name) {
                Some(column) => plan[column] = Some(i),
                None => return Err(unknown_field(name)),
            }
        }
        Ok(Plan::Columns(plan))
    }

    /// Records holding nested objects are written through their flattened form.
    fn write_flattened(&mut self, record: &Record) -> Result<()> {
        let mut flat = Vec::new();
        for (name, value) in record.fields() {
            flatten(name.to_owned(), value, &mut flat);
        }
        let mut names = std::collections::HashSet::with_capacity(flat.len());
        if let Some((twice, _)) = flat.iter().find(|(name, _)| !names.insert(name.as_str())) {
            return Err(Error::Data(format!(
                "field {twice:?} comes twice when nested objects are flattened to dotted \
                 names for CSV (a field of that name and one inside an object); rename \
                 one with etl-select"
            )));
        }
        if self.columns.is_none() {
            let names: Vec<&str> = flat.iter().map(|(n, _)| n.as_str()).collect();
            self.write_header(&names)?;
        }
        let columns = self.columns.clone().expect("header written");
        let mut row: Vec<Option<ValueRef<'_>>> = vec![None; columns.len()];
        for (name, value) in &flat {
            match columns.index(name) {
                Some(column) => row[column] = Some(*value),
                None => return Err(unknown_field(name)),
            }
        }
        for value in row {
            self.value(value);
        }
        self.end_row()
    }
}

fn flatten<'a>(name: String, value: ValueRef<'a>, out: &mut Vec<(String, ValueRef<'a>)>) {
    match value {
        ValueRef::Json(serde_json::Value::Object(object)) if !object.is_empty() => {
            for (key, inner) in object {
                flatten(format!("{name}.{key}"), ValueRef::Json(inner), out);
            }
        }
        _ => out.push((name, value)),
    }
}

fn unknown_field(name: &str) -> Error {
    Error::Data(format!(
        "field {name:?} is not in the CSV header written from the first record; \
         name the columns with etl-select to write records with differing fields"
    ))
}

fn write_error(err: std::io::Error) -> Error {
    Error::io("<stdout>", err)
}

impl<W: Write> RecordWriter for CsvWriter<W> {
    fn write(&mut self, record: &Record) -> Result<()> {
        let has_objects = match record.values() {
            Values::Text(_) => false,
            _ => (0..record.len()).any(|i| record.get(i).is_some_and(|v| v.is_nonempty_object())),
        };
        if has_objects {
            return match record.values() {
                Values::Raw(_) => self.write_flattened(&record.to_typed()),
                _ => self.write_flattened(record),
            };
        }
        let header = record.header();
        if self.columns.is_none() {
            let names: Vec<&str> = header.names().iter().map(|n| &**n).collect();
            self.write_header(&names)?;
        }
        let fresh = match &self.plan {
            Some((seen, _)) => !Arc::ptr_eq(seen, header),
            None => true,
        };
        if fresh {
            let plan = self.plan_for(header)?;
            self.plan = Some((header.clone(), plan));
        }
        let (seen, plan) = self.plan.take().expect("set above");
        let result = match &plan {
            Plan::Identity => match record.values() {
                Values::Text(row) if !self.tsv => {
                    for field in row.iter() {
                        self.writer.field(field.as_bytes());
                    }
                    self.end_row()
                }
                _ => {
                    (0..record.len()).for_each(|i| self.value(record.get(i)));
                    self.end_row()
                }
            },
            Plan::Columns(columns) => {
                for i in columns {
                    self.value(i.and_then(|i| record.get(i)));
                }
                self.end_row()
            }
        };
        self.plan = Some((seen, plan));
        result
    }

    fn flush(&mut self) -> Result<()> {
        self.writer.flush().map_err(write_error)
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.append(bytes).map_err(write_error)
    }

    fn columns(&self) -> Option<Arc<Header>> {
        self.columns.clone()
    }

    fn header_only(&mut self, header: &Header) -> Result<()> {
        if self.columns.is_none() {
            let names: Vec<&str> = header.names().iter().map(|n| &**n).collect();
            self.write_header(&names)?;
        }
        Ok(())
    }
}
