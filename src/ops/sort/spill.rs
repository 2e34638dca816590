//! Sorted runs on disk: a private temporary directory that is removed when the sort
//! ends, fails, or is stopped by a signal (which ends the run as an error, see
//! [`crate::signals`]); and the run file format, which
//! keeps every record's values exactly (CSV text or NDJSON value text) and its header.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::TempDir;

use crate::error::{Error, Result};
use crate::record::{Header, RawRow, Record, TextRow, ValueRef, Values};
use crate::value::{Number, SortValue};

use super::key::{Key, KeyPart};

/// The temporary directory of one sort's runs.
pub struct SpillDir {
    dir: TempDir,
    next: usize,
}

impl SpillDir {
    /// Creates `etl-sort-XXXXXX` in `parent`, removed when this is dropped.
    pub fn create(parent: &Path) -> Result<SpillDir> {
        let what = || format!("temporary directory in {}", parent.display());
        let dir = tempfile::Builder::new()
            .prefix("etl-sort-")
            .tempdir_in(parent)
            .map_err(|e| Error::io(what(), e))?;
        Ok(SpillDir { dir, next: 0 })
    }

    /// Starts a new run file.
    pub fn new_run(&mut self) -> Result<NewRun> {
        self.next += 1;
        let path = self.dir.path().join(format!("run-{}", self.next));
        let file = File::create(&path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Ok(NewRun {
            writer: RunWriter::new(BufWriter::with_capacity(1 << 20, file)),
            path,
        })
    }
}

/// A run file being written.
pub struct NewRun {
    writer: RunWriter<BufWriter<File>>,
    path: PathBuf,
}

impl NewRun {
    pub fn write(&mut self, key: &Key, record: &Record) -> Result<()> {
        self.writer
            .write(key, record)
            .map_err(|e| Error::io(self.path.display().to_string(), e))
    }

    /// Flushes the run and returns its path.
    pub fn finish(self) -> Result<PathBuf> {
        let path = self.path;
        self.writer
            .finish()
            .map_err(|e| Error::io(path.display().to_string(), e))?;
        Ok(path)
    }
}

const TEXT: u8 = 0;
const RAW: u8 = 1;

/// Writes records to a run: per record a header number (a header is written in full
/// the first time it is used), the sort key (so merging parses nothing), the kind of
/// values, and the values length-prefixed.
struct RunWriter<W: Write> {
    out: W,
    headers: Vec<Arc<Header>>,
}

impl<W: Write> RunWriter<W> {
    fn new(out: W) -> RunWriter<W> {
        RunWriter {
            out,
            headers: Vec::new(),
        }
    }

    fn write(&mut self, key: &Key, record: &Record) -> io::Result<()> {
        let header = record.header();
        let number = match self.headers.iter().rposition(|h| Arc::ptr_eq(h, header)) {
            Some(number) => number,
            None => {
                self.headers.push(header.clone());
                put_u32(&mut self.out, u32::MAX)?;
                put_u32(&mut self.out, header.len() as u32)?;
                for name in header.names() {
                    put_bytes(&mut self.out, name.as_bytes())?;
                }
                self.headers.len() - 1
            }
        };
        put_u32(&mut self.out, number as u32)?;
        put_key(&mut self.out, key)?;
        match record.values() {
            Values::Text(row) => {
                self.out.write_all(&[TEXT])?;
                put_u32(&mut self.out, row.len() as u32)?;
                for value in row.iter() {
                    put_bytes(&mut self.out, value.as_bytes())?;
                }
            }
            Values::Raw(row) => {
                self.out.write_all(&[RAW])?;
                put_u32(&mut self.out, row.len() as u32)?;
                for i in 0..row.len() {
                    put_bytes(&mut self.out, row.get(i).unwrap_or("null").as_bytes())?;
                }
            }
            Values::Json(values) => {
                // Typed values travel as their JSON text, as NDJSON would carry them.
                self.out.write_all(&[RAW])?;
                put_u32(&mut self.out, values.len() as u32)?;
                for value in values {
                    put_bytes(
                        &mut self.out,
                        ValueRef::Json(value).to_json().to_string().as_bytes(),
                    )?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Reads a run back, record by record.
pub struct RunReader {
    input: BufReader<File>,
    path: PathBuf,
    headers: Vec<Arc<Header>>,
    buffer: Vec<u8>,
}

/// Opens runs for a merge.
pub fn open_runs(paths: &[PathBuf]) -> Result<Vec<RunReader>> {
    paths
        .iter()
        .map(|path| RunReader::open(path.clone()))
        .collect()
}

impl RunReader {
    fn open(path: PathBuf) -> Result<RunReader> {
        let file = File::open(&path).map_err(|e| Error::io(path.display().to_string(), e))?;
        Ok(RunReader {
            input: BufReader::with_capacity(256 * 1024, file),
            path,
            headers: Vec::new(),
            buffer: Vec::new(),
        })
    }

    /// The next record and its key, or `None` at the end of the run.
    pub fn next_record(&mut self) -> Result<Option<(Key, Record)>> {
        let mut key = Key::new();
        let mut record = Record::default();
        Ok(self
            .read_into(&mut key, &mut record)?
            .then_some((key, record)))
    }

    /// Reads the next record and its key into `key` and `record`, reusing their
    /// buffers; `false` at the end of the run.
    pub fn read_into(&mut self, key: &mut Key, record: &mut Record) -> Result<bool> {
        self.read(key, record)
            .map_err(|e| Error::io(self.path.display().to_string(), e))
    }

    fn read(&mut self, key: &mut Key, record: &mut Record) -> io::Result<bool> {
        let mut number = match get_u32(&mut self.input) {
            Ok(number) => number,
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
            Err(err) => return Err(err),
        };
        if number == u32::MAX {
            let count = get_u32(&mut self.input)?;
            let mut names = Vec::with_capacity(count as usize);
            for _ in 0..count {
                names.push(self.text()?.to_owned());
            }
            self.headers.push(Arc::new(Header::new(names)));
            number = get_u32(&mut self.input)?;
        }
        let header = self
            .headers
            .get(number as usize)
            .ok_or_else(corrupt)?
            .clone();
        *key = self.key()?;
        let mut kind = [0];
        self.input.read_exact(&mut kind)?;
        let count = get_u32(&mut self.input)?;
        let (record_header, values) = record.parts_mut();
        *record_header = header;
        match kind[0] {
            TEXT => {
                if !matches!(values, Values::Text(_)) {
                    *values = Values::Text(TextRow::default());
                }
                let Values::Text(row) = values else {
                    unreachable!()
                };
                row.clear();
                for _ in 0..count {
                    row.push_field(self.text()?);
                }
            }
            RAW => {
                if !matches!(values, Values::Raw(_)) {
                    *values = Values::Raw(RawRow::default());
                }
                let Values::Raw(row) = values else {
                    unreachable!()
                };
                row.clear();
                for _ in 0..count {
                    row.push_value(self.text()?);
                }
            }
            _ => return Err(corrupt()),
        }
        Ok(true)
    }

    fn key(&mut self) -> io::Result<Key> {
        let count = get_u32(&mut self.input)?;
        let mut key = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let mut tags = [0; 2];
            self.input.read_exact(&mut tags)?;
            let value = match tags[1] {
                0 => SortValue::Null,
                1 => SortValue::Bool(get_u32(&mut self.input)? == 1),
                2 => SortValue::Num(Number::Float(f64::from_bits(get_u64(&mut self.input)?))),
                6 => SortValue::Num(Number::Int(get_u64(&mut self.input)? as i64)),
                3 => SortValue::Time(get_u64(&mut self.input)? as i64, get_u32(&mut self.input)?),
                4 => SortValue::Text(self.text()?.into()),
                5 => SortValue::Json(self.text()?.into()),
                _ => return Err(corrupt()),
            };
            key.push(KeyPart::new(value, tags[0] & 1 != 0, tags[0] & 2 != 0));
        }
        Ok(key)
    }

    fn text(&mut self) -> io::Result<&str> {
        let len = get_u32(&mut self.input)? as usize;
        self.buffer.resize(len, 0);
        self.input.read_exact(&mut self.buffer)?;
        std::str::from_utf8(&self.buffer).map_err(|_| corrupt())
    }
}

fn corrupt() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "sort run file is corrupt")
}

fn put_key(out: &mut impl Write, key: &Key) -> io::Result<()> {
    put_u32(out, key.len() as u32)?;
    for part in key {
        let flags = part.desc as u8 | (part.natural as u8) << 1;
        match &part.value {
            SortValue::Null => out.write_all(&[flags, 0])?,
            SortValue::Bool(b) => {
                out.write_all(&[flags, 1])?;
                put_u32(out, *b as u32)?;
            }
            SortValue::Num(Number::Float(n)) => {
                out.write_all(&[flags, 2])?;
                out.write_all(&n.to_bits().to_le_bytes())?;
            }
            SortValue::Num(Number::Int(n)) => {
                out.write_all(&[flags, 6])?;
                out.write_all(&n.to_le_bytes())?;
            }
            SortValue::Time(seconds, nanos) => {
                out.write_all(&[flags, 3])?;
                out.write_all(&(*seconds as u64).to_le_bytes())?;
                put_u32(out, *nanos)?;
            }
            SortValue::Text(text) => {
                out.write_all(&[flags, 4])?;
                put_bytes(out, text.as_bytes())?;
            }
            SortValue::Json(text) => {
                out.write_all(&[flags, 5])?;
                put_bytes(out, text.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn put_u32(out: &mut impl Write, n: u32) -> io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn put_bytes(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    put_u32(out, bytes.len() as u32)?;
    out.write_all(bytes)
}

fn get_u64(input: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0; 8];
    input.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

fn get_u32(input: &mut impl Read) -> io::Result<u32> {
    let mut bytes = [0; 4];
    input.read_exact(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_keep_values_and_headers_exactly() {
        let parent = tempfile::tempdir().unwrap();
        let mut spill = SpillDir::create(parent.path()).unwrap();
        let csv_header = Arc::new(Header::new(["a", "b"]));
        let text = Record::new(
            csv_header.clone(),
            Values::Text(["1", "x,\"y\"\n"].into_iter().collect()),
        );
        let mut raw_row = RawRow::default();
        raw_row.push_value("1E400");
        raw_row.push_value("{\"k\": [1, 2]}");
        let raw = Record::new(Arc::new(Header::new(["n", "o"])), Values::Raw(raw_row));
        let key = vec![KeyPart::new(SortValue::Time(-5, 7), true, false)];
        let mut run = spill.new_run().unwrap();
        for record in [&text, &raw, &text] {
            run.write(&key, record).unwrap();
        }
        let mut reader = open_runs(&[run.finish().unwrap()]).unwrap().remove(0);
        let mut got = Vec::new();
        while let Some((read_key, record)) = reader.next_record().unwrap() {
            assert_eq!(read_key[0].value, key[0].value);
            assert!(read_key[0].desc && !read_key[0].natural);
            got.push(record.to_json_line());
        }
        assert_eq!(
            got,
            [text.to_json_line(), raw.to_json_line(), text.to_json_line()]
        );
        let dir = spill.dir.path().to_owned();
        drop(spill);
        assert!(!dir.exists());
    }
}
