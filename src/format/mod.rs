//! Record formats: which one an input is, and the readers and writers for each.

mod byte_marks;
pub mod chunks;
mod compression;
pub mod csv;
mod decode_thread;
pub mod encoding;
mod input;
pub mod json;
pub(crate) mod json_text;
mod line;
pub mod ndjson;
mod output;
mod pipe;
mod row_writer;
pub mod rows;
mod same_keys;
pub mod wait;

pub use input::{announce, open_stream, regular_size, Input, InputFormat, Source};
pub use line::read_line;
pub use output::{Layout, Memory, Output};
pub use pipe::enlarge_std_pipes;

use std::path::Path;

use crate::error::Result;
use std::sync::Arc;

use crate::record::{Header, Record};

/// A record format on the command line (`-I`, `-O`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// RFC 4180 comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row; `\t`, `\n`, `\r` and `\\` escape those characters.
    Tsv,
    /// Newline-delimited JSON: one object per line. As input also a JSON array of
    /// objects, and objects in any layout (pretty-printed, concatenated).
    Ndjson,
}

impl Format {
    /// The format of an input whose first bytes are `head`: a `.tsv` name means TSV,
    /// a first non-blank byte `{` or `[` means NDJSON (or JSON in another layout),
    /// anything else CSV.
    pub fn detect(path: Option<&Path>, head: &[u8]) -> Format {
        let name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str());
        if let Some(name) = name {
            let name = name.strip_suffix(".gz").unwrap_or(name);
            if name.ends_with(".tsv") || name.ends_with(".tab") {
                return Format::Tsv;
            }
        }
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Format::Ndjson,
            _ => Format::Csv,
        }
    }
}

/// Reads records from one source.
pub trait RecordReader {
    /// Reads the next record into `record`; `Ok(false)` at the end of the input.
    /// A bad record is an `Error::BadRecord`, after which reading can go on.
    fn read(&mut self, record: &mut Record) -> Result<bool>;
    /// The line on which the last record read starts.
    fn line(&self) -> u64;
    /// The header of a format that has one (CSV, TSV), once read.
    fn header(&self) -> Option<&Arc<Header>> {
        None
    }
}

/// Writes records to one sink.
pub trait RecordWriter {
    /// Writes one record. A record that cannot be written in this format (a field
    /// the CSV header lacks) is an `Error::Data` for the bad-record policy.
    fn write(&mut self, record: &Record) -> Result<()>;
    fn flush(&mut self) -> Result<()>;
    /// Writes just a header when no record was written, for formats that have one, so
    /// a CSV input with no matching rows still gives a CSV output with its columns.
    fn header_only(&mut self, _header: &Header) -> Result<()> {
        Ok(())
    }
    /// Writes records another writer of the same layout wrote (run on threads).
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()>;
    /// The columns of a format that has them, once the first record settled them.
    fn columns(&self) -> Option<Arc<Header>> {
        None
    }
}

/// A record as text for a rejects file: a CSV row for text records, else a JSON object.
pub fn raw_text(record: &Record) -> String {
    match record.values() {
        crate::record::Values::Text(row) => csv::raw_row(row.iter().map(str::as_bytes)),
        crate::record::Values::Json(_) => record.to_json_line(),
        crate::record::Values::Raw(row) => row.line().to_owned(),
    }
}
