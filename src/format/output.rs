//! The output of a command: records written to stdout in the chosen format.
//!
//! Written out when the buffer fills, before the command would wait for more input
//! (see [`super::wait`]), after every record when stdout is a terminal, and at the end.

use std::cell::RefCell;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::rc::Rc;
use std::sync::Arc;

use super::csv::CsvWriter;
use super::ndjson::NdjsonWriter;
use super::{wait, Format, RecordWriter};
use crate::error::{Error, Result};
use crate::metrics::Live;
use crate::record::{Header, Record};

const BUFFER: usize = 256 * 1024;

type SharedWriter = Rc<RefCell<Box<dyn RecordWriter>>>;

/// What records are written as: the format, and how CSV and TSV are laid out
/// (`--output-delimiter`, `--no-output-header`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub format: Format,
    /// The delimiter; `,` for CSV and a tab for TSV when `None`.
    pub delimiter: Option<u8>,
    /// Whether CSV and TSV start with a header row.
    pub header: bool,
}

impl From<Format> for Layout {
    fn from(format: Format) -> Layout {
        Layout {
            format,
            delimiter: None,
            header: true,
        }
    }
}

pub struct Output {
    /// Shared with the flush that runs before a read would block.
    writer: SharedWriter,
    layout: Layout,
    format: Format,
    written: u64,
    /// Flush after every record: someone is watching.
    to_terminal: bool,
    /// Where the count of records written is published as it moves.
    live: Option<Arc<Live>>,
}

impl Output {
    /// Writes to stdout, locked once; flushed whenever the input has nothing ready.
    pub fn stdout(layout: impl Into<Layout>) -> Output {
        let mut output = Output::to_writer(layout, io::stdout().lock());
        output.to_terminal = io::stdout().is_terminal();
        let writer = Rc::downgrade(&output.writer);
        wait::before_wait(move || match writer.upgrade() {
            Some(writer) => match writer.try_borrow_mut() {
                Ok(mut writer) => writer.flush().map_err(into_io),
                Err(_) => Ok(()),
            },
            None => Ok(()),
        });
        output
    }

    /// Writes to `out`, buffered.
    pub fn to_writer(layout: impl Into<Layout>, out: impl Write + 'static) -> Output {
        let layout = layout.into();
        let Layout {
            format,
            delimiter,
            header,
        } = layout;
        let writer: Box<dyn RecordWriter> = match format {
            // The csv writer buffers by itself.
            Format::Csv => Box::new(CsvWriter::with_layout(
                out,
                false,
                delimiter.unwrap_or(b','),
                header,
            )),
            Format::Tsv => Box::new(CsvWriter::with_layout(
                out,
                true,
                delimiter.unwrap_or(b'\t'),
                header,
            )),
            Format::Ndjson => Box::new(NdjsonWriter::new(BufWriter::with_capacity(BUFFER, out))),
        };
        Output {
            writer: Rc::new(RefCell::new(writer)),
            layout,
            format,
            written: 0,
            to_terminal: false,
            live: None,
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// The CSV or TSV columns, once the first record written settled them.
    pub fn columns(&self) -> Option<Arc<Header>> {
        self.writer.borrow().columns()
    }

    /// Writes `records` records that another output of the same layout, with the same
    /// columns, wrote as `bytes`.
    pub fn append(&mut self, bytes: &[u8], records: u64) -> Result<()> {
        let mut writer = self.writer.borrow_mut();
        writer.write_bytes(bytes)?;
        self.written += records;
        if let Some(live) = &self.live {
            live.set_out(self.written);
        }
        if self.to_terminal {
            writer.flush()?;
        }
        Ok(())
    }

    /// Publishes the count of records written to `live` as it moves.
    pub fn publish_to(&mut self, live: Arc<Live>) {
        self.live = Some(live);
    }

    pub fn write(&mut self, record: &Record) -> Result<()> {
        let mut writer = self.writer.borrow_mut();
        writer.write(record)?;
        self.written += 1;
        if let Some(live) = &self.live {
            live.set_out(self.written);
        }
        if self.to_terminal {
            writer.flush()?;
        }
        Ok(())
    }

    /// Records written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes `header` alone if no record was written (CSV and TSV; NDJSON has none).
    pub fn header_if_empty(&mut self, header: &Header) -> Result<()> {
        if self.written == 0 {
            self.writer.borrow_mut().header_only(header)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        self.writer.borrow_mut().flush()
    }
}

/// A flush before waiting fails as the read it precedes: a closed stdout is still a
/// broken pipe, which ends the command quietly.
fn into_io(err: Error) -> io::Error {
    match err {
        Error::Io { source, .. } => source,
        err => io::Error::other(err.to_string()),
    }
}

/// What an [`Output`] wrote to memory, for whoever holds a clone of it: a thread's
/// share of a command's output, or a header row alone.
#[derive(Clone, Default)]
pub struct Memory(Rc<RefCell<Vec<u8>>>);

impl Memory {
    /// The bytes written since the last take.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }

    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }
}

impl Write for Memory {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
