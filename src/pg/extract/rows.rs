//! One COPY's rows as records: each binary row decoded field by field straight into the
//! record the writers take, text fields for CSV and TSV, a JSON object line for NDJSON
//! (which the NDJSON writer copies whole).

use std::sync::Arc;

use postgres::Client;

use super::copy::{BinaryCopy, Fields};
use super::decode::{Decoder, Scratch, Sink};
use crate::error::{Error, Result};
use crate::format::Format;
use crate::metrics::Live;
use crate::progress::Progress;
use crate::record::{Header, RawRow, Record, TextRow, Values};
use crate::signals;

/// How often, in rows, the counters are published and signals looked at.
const BATCH: u32 = 1024;

/// The columns of the result and how each is decoded.
#[derive(Debug)]
pub struct Columns {
    pub header: Arc<Header>,
    pub decoders: Vec<Decoder>,
    /// `"name":` for the first column, `,"name":` for the others.
    keys: Vec<String>,
}

impl Columns {
    pub fn new(names: &[String], decoders: Vec<Decoder>) -> Columns {
        let keys = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let mut key = String::from(if i == 0 { "" } else { "," });
                crate::format::json_text::push_string(&mut key, name);
                key.push(':');
                key
            })
            .collect();
        Columns {
            header: Arc::new(Header::new(names.iter().map(String::as_str))),
            decoders,
            keys,
        }
    }
}

/// Decodes rows into one record, reused.
pub struct RowDecoder {
    columns: Arc<Columns>,
    record: Record,
    scratch: Scratch,
    json: bool,
}

impl RowDecoder {
    pub fn new(columns: Arc<Columns>, format: Format) -> RowDecoder {
        let json = format == Format::Ndjson;
        let values = match json {
            true => Values::Raw(RawRow::default()),
            false => Values::Text(TextRow::default()),
        };
        RowDecoder {
            record: Record::new(columns.header.clone(), values),
            columns,
            scratch: Scratch::default(),
            json,
        }
    }

    /// The record of one row.
    pub fn decode(&mut self, fields: Fields<'_>) -> Result<&Record> {
        let (_, values) = self.record.parts_mut();
        let columns = &*self.columns;
        let scratch = &mut self.scratch;
        match values {
            Values::Raw(row) if self.json => {
                row.begin_object();
                let mut sink = ObjectFields {
                    row,
                    keys: &columns.keys,
                    at: 0,
                };
                decode_fields(columns, fields, scratch, &mut sink)?;
                row.end_object();
            }
            Values::Text(row) => {
                row.clear();
                decode_fields(columns, fields, scratch, &mut TextFields(row))?;
            }
            _ => unreachable!("made for its format"),
        }
        Ok(&self.record)
    }
}

fn decode_fields(
    columns: &Columns,
    fields: Fields<'_>,
    scratch: &mut Scratch,
    sink: &mut impl Sink,
) -> Result<()> {
    for ((field, decoder), name) in fields.zip(&columns.decoders).zip(columns.header.names()) {
        match field {
            None => sink.null(),
            Some(bytes) => decoder.decode(bytes, scratch, sink).map_err(|m| {
                Error::Service(format!(
                    "unexpected binary data from the server in column {}: {}",
                    crate::error::quoted(name),
                    m.0
                ))
            })?,
        }
    }
    Ok(())
}

/// Fields of a CSV or TSV record: text, NULL empty.
struct TextFields<'r>(&'r mut TextRow);

impl Sink for TextFields<'_> {
    fn null(&mut self) {
        self.0.push_field("");
    }

    fn literal(&mut self, text: &str) {
        self.0.push_field(text);
    }

    fn string(&mut self, text: &str) {
        self.0.push_field(text);
    }

    fn json(&mut self, text: &str) {
        self.0.push_field(text);
    }
}

/// Members of an NDJSON object line.
struct ObjectFields<'r> {
    row: &'r mut RawRow,
    keys: &'r [String],
    at: usize,
}

impl ObjectFields<'_> {
    fn key(&mut self) {
        self.row.push_key_text(&self.keys[self.at]);
        self.at += 1;
    }
}

impl Sink for ObjectFields<'_> {
    fn null(&mut self) {
        self.key();
        self.row.push_value("null");
    }

    fn literal(&mut self, text: &str) {
        self.key();
        self.row.push_value(text);
    }

    fn string(&mut self, text: &str) {
        self.key();
        self.row.push_string(text);
    }

    fn json(&mut self, text: &str) {
        self.key();
        self.row.push_value(text);
    }
}

/// What one COPY needs besides its connection.
#[derive(Clone)]
pub struct Part<'a> {
    /// `COPY (…) TO STDOUT (FORMAT binary)`.
    pub sql: &'a str,
    pub columns: Arc<Columns>,
    pub format: Format,
    pub progress: Progress,
    pub live: Arc<Live>,
    /// Makes a PostgreSQL error the run's (server named, password masked).
    pub failed: &'a (dyn Fn(&postgres::Error) -> Error + Sync),
}

/// Runs one COPY and gives each row's record to `write`. `Ok(true)` when every row
/// was read, `Ok(false)` when a signal stopped it first.
pub fn copy(
    client: &mut Client,
    part: &Part<'_>,
    mut write: impl FnMut(&Record) -> Result<()>,
) -> Result<bool> {
    let reader = client.copy_out(part.sql).map_err(|e| (part.failed)(&e))?;
    let failed = |e: std::io::Error| match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<postgres::Error>())
    {
        Some(pg) => (part.failed)(pg),
        None => Error::Service(format!("reading the COPY stream: {e}")),
    };
    let mut stream = BinaryCopy::new(reader, part.columns.decoders.len(), failed);
    let mut rows = RowDecoder::new(part.columns.clone(), part.format);
    let (mut count, mut bytes) = (0u32, 0usize);
    let complete = stream.rows(|fields, len| {
        write(rows.decode(fields)?)?;
        count += 1;
        bytes += len;
        if count < BATCH {
            return Ok(true);
        }
        part.live.add_in(u64::from(count));
        part.progress.advance(bytes);
        (count, bytes) = (0, 0);
        signals::check()
    })?;
    part.live.add_in(u64::from(count));
    part.progress.advance(bytes);
    Ok(complete)
}
