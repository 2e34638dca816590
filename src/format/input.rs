//! The input of a command: the named files in order, or stdin when there are none or
//! `-` is given; gzip is decompressed transparently; each source's format is detected
//! unless the user named one.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Arc;

use super::compression::Compression;
use super::csv::{self, Dialect};
use super::decode_thread::DecodeThread;
use super::encoding;
use super::wait::{RawInput, Waiting};
use super::{json, ndjson, Format, RecordReader};
use crate::error::{Error, Location, Result};
use crate::progress::Progress;
use crate::record::{Header, Record};

const BUFFER: usize = 256 * 1024;

/// Where records come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    /// `-` means stdin, anything else is a path.
    pub fn from_arg(arg: &std::ffi::OsStr) -> Source {
        if arg == "-" {
            Source::Stdin
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    pub fn name(&self) -> Arc<str> {
        match self {
            Source::Stdin => Arc::from("<stdin>"),
            Source::File(path) => Arc::from(path.to_string_lossy().as_ref()),
        }
    }

    /// Opens the source as a buffered byte stream, decompressed if it is compressed,
    /// and decoded to UTF-8 from `encoding`, or from UTF-16 when it starts with its byte
    /// order mark.
    pub fn open(
        &self,
        progress: &Progress,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> Result<Box<dyn BufRead>> {
        let mut stream = self.decompressed(progress)?;
        let head = stream
            .fill_buf()
            .map_err(|e| Error::io(self.name().to_string(), e))?;
        match encoding.or_else(|| encoding::sniff(head)) {
            Some(encoding) if encoding != encoding_rs::UTF_8 => Ok(Box::new(
                BufReader::with_capacity(BUFFER, encoding::Decoded::new(stream, encoding)),
            )),
            _ => Ok(stream),
        }
    }

    /// The source as a buffered byte stream, decompressed if it is compressed: on a
    /// thread of its own when it is a regular file.
    fn decompressed(&self, progress: &Progress) -> Result<Box<dyn BufRead>> {
        let raw = Waiting::new(match self {
            Source::Stdin => RawInput::Stdin(io::stdin()),
            Source::File(path) => RawInput::File(
                File::open(path).map_err(|e| Error::io(path.display().to_string(), e))?,
            ),
        });
        let regular = raw.is_regular();
        let mut stream = BufReader::with_capacity(
            BUFFER,
            Counted {
                inner: raw,
                progress: progress.clone(),
            },
        );
        let head = stream
            .fill_buf()
            .map_err(|e| Error::io(self.name().to_string(), e))?;
        let Some(compression) = Compression::detect(head) else {
            return Ok(Box::new(stream));
        };
        let decoder = compression
            .decoder(Box::new(stream))
            .map_err(|e| Error::io(self.name().to_string(), e))?;
        Ok(match regular {
            true => Box::new(DecodeThread::spawn(decoder)),
            false => decoder,
        })
    }
}

/// Counts the bytes read, for the progress bar.
struct Counted {
    inner: Waiting,
    progress: Progress,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n);
        Ok(n)
    }
}

/// The bytes of `sources` when all are regular files (and there is one at least),
/// whose every byte the bar counts.
pub fn regular_size(sources: &[Source]) -> Option<u64> {
    if sources.is_empty() {
        return None;
    }
    sources
        .iter()
        .map(|source| match source {
            Source::File(path) => std::fs::metadata(path)
                .ok()
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len()),
            Source::Stdin => None,
        })
        .sum()
}

/// Tells the signal handling whether the input is a stream, and the progress bar how
/// much there is to read, before `sources` are read.
pub fn announce(sources: &[Source], progress: &Progress) {
    crate::signals::reading(sources.contains(&Source::Stdin));
    if let Some(total) = regular_size(sources) {
        progress.add_total(total);
    } else if sources.contains(&Source::Stdin) && io::stdin().is_terminal() {
        progress.waiting_on_terminal();
    }
}

/// All sources of a command, read one after another.
pub struct Input {
    pending: std::vec::IntoIter<Source>,
    forced: Option<Format>,
    dialect: Dialect,
    progress: Progress,
    current: Box<dyn RecordReader>,
    source: Arc<str>,
    format: Format,
}

impl Input {
    /// Opens the first source (stdin when `sources` is empty) and detects its format.
    /// CSV and TSV sources are read as `dialect` says.
    pub fn open(
        sources: Vec<Source>,
        forced: Option<Format>,
        dialect: Dialect,
        progress: Progress,
    ) -> Result<Input> {
        let mut pending = if sources.is_empty() {
            vec![Source::Stdin]
        } else {
            sources
        }
        .into_iter();
        announce(pending.as_slice(), &progress);
        let first = pending.next().expect("at least one source");
        let (current, format) = open_reader(&first, forced, &dialect, &progress)?;
        Ok(Input {
            pending,
            forced,
            dialect,
            progress,
            current,
            source: first.name(),
            format,
        })
    }

    /// The format of the first source: the default output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Reads the next record from the current source, moving on to the next source at
    /// the end of each; `Ok(false)` after the last.
    pub fn read(&mut self, record: &mut Record) -> Result<bool> {
        loop {
            if self.current.read(record)? {
                return Ok(true);
            }
            let Some(next) = self.pending.next() else {
                return Ok(false);
            };
            let (reader, _) = open_reader(&next, self.forced, &self.dialect, &self.progress)?;
            self.current = reader;
            self.source = next.name();
        }
    }

    /// The header of the current source, for formats that have one.
    pub fn header(&self) -> Option<Arc<Header>> {
        self.current.header().cloned()
    }

    /// The line where the last record read starts.
    pub fn line(&self) -> u64 {
        self.current.line()
    }

    /// Where the last record read came from.
    pub fn location(&self) -> Location {
        Location {
            source: self.source.clone(),
            line: self.current.line(),
        }
    }
}

fn open_reader(
    source: &Source,
    forced: Option<Format>,
    dialect: &Dialect,
    progress: &Progress,
) -> Result<(Box<dyn RecordReader>, Format)> {
    let (stream, format) = open_stream(source, forced, dialect, progress)?;
    let name = source.name();
    let reader: Box<dyn RecordReader> = match format {
        InputFormat::Csv => Box::new(csv::CsvReader::new(stream, name, false, dialect)),
        InputFormat::Tsv => Box::new(csv::CsvReader::new(stream, name, true, dialect)),
        InputFormat::Ndjson => Box::new(ndjson::NdjsonReader::new(stream, name)),
        InputFormat::Json => Box::new(json::JsonReader::new(stream, name)),
    };
    Ok((reader, format.into()))
}

/// An input's format, finer than [`Format`]: NDJSON input may be a JSON document (an
/// array, pretty-printed objects).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Csv,
    Tsv,
    Ndjson,
    Json,
}

/// Opens `source` as a stream of text (decompressed, decoded, without a UTF-8 byte
/// order mark) and tells its layout.
pub fn open_stream(
    source: &Source,
    forced: Option<Format>,
    dialect: &Dialect,
    progress: &Progress,
) -> Result<(Box<dyn BufRead>, InputFormat)> {
    let mut stream = source.open(progress, dialect.encoding)?;
    let name = source.name();
    let head = stream
        .fill_buf()
        .map_err(|e| Error::io(name.to_string(), e))?;
    // A UTF-8 byte order mark says nothing about the data; drop it whatever the format.
    if head.starts_with(b"\xEF\xBB\xBF") {
        stream.consume(3);
    }
    let format = forced.unwrap_or_else(|| {
        let path = match source {
            Source::File(path) => Some(path.as_path()),
            Source::Stdin => None,
        };
        Format::detect(path, stream.fill_buf().unwrap_or_default())
    });
    let format = match format {
        Format::Csv => InputFormat::Csv,
        Format::Tsv => InputFormat::Tsv,
        Format::Ndjson if json::is_document(stream.fill_buf().unwrap_or_default()) => {
            InputFormat::Json
        }
        Format::Ndjson => InputFormat::Ndjson,
    };
    Ok((stream, format))
}

impl From<InputFormat> for Format {
    fn from(layout: InputFormat) -> Format {
        match layout {
            InputFormat::Csv => Format::Csv,
            InputFormat::Tsv => Format::Tsv,
            InputFormat::Ndjson | InputFormat::Json => Format::Ndjson,
        }
    }
}
