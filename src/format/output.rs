//! The output of a command: records written to stdout in the chosen format.

use std::io::{self, BufWriter, Write};

use super::csv::CsvWriter;
use super::ndjson::NdjsonWriter;
use super::{Format, RecordWriter};
use crate::error::Result;
use crate::record::{Header, Record};

const BUFFER: usize = 256 * 1024;

pub struct Output {
    writer: Box<dyn RecordWriter>,
    format: Format,
    written: u64,
}

impl Output {
    /// Writes to stdout, locked once and flushed at the end.
    pub fn stdout(format: Format) -> Output {
        Output::to_writer(format, io::stdout().lock())
    }

    /// Writes to `out`, buffered.
    pub fn to_writer(format: Format, out: impl Write + 'static) -> Output {
        let writer: Box<dyn RecordWriter> = match format {
            // The csv writer buffers by itself.
            Format::Csv => Box::new(CsvWriter::new(out, b',')),
            Format::Tsv => Box::new(CsvWriter::new(out, b'\t')),
            Format::Ndjson => Box::new(NdjsonWriter::new(BufWriter::with_capacity(BUFFER, out))),
        };
        Output {
            writer,
            format,
            written: 0,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn write(&mut self, record: &Record) -> Result<()> {
        self.writer.write(record)?;
        self.written += 1;
        Ok(())
    }

    /// Records written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes `header` alone if no record was written (CSV and TSV; NDJSON has none).
    pub fn header_if_empty(&mut self, header: &Header) -> Result<()> {
        if self.written == 0 {
            self.writer.header_only(header)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        self.writer.flush()
    }
}
