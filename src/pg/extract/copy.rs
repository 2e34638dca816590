//! The stream of `COPY … TO STDOUT (FORMAT binary)`, row by row, in constant memory.
//!
//! The stream: the signature `PGCOPY\n\xff\r\n\0`, i32 flags, i32 length of a header
//! extension and the extension; then each row as an i16 field count and each field as
//! an i32 length (-1 for NULL) and its bytes; then the trailer, a count of -1.
//!
//! The server sends each row in one message, which the reader hands out whole, so a row
//! is nearly always decoded where it lies; one split across reads is put together in a
//! buffer the size of that row.

use std::io::{self, BufRead};

use crate::error::{Error, Result};

const SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

/// Reads the rows of one binary COPY.
pub struct BinaryCopy<R: BufRead, F: Fn(io::Error) -> Error> {
    reader: R,
    /// The part of a row read so far, when it came in pieces.
    carry: Vec<u8>,
    columns: usize,
    /// Turns a read error into the run's error (the server's message, masked).
    failed: F,
}

/// The fields of one row, in order: `None` for NULL.
pub struct Fields<'r> {
    bytes: &'r [u8],
    at: usize,
}

impl<'r> Iterator for Fields<'r> {
    type Item = Option<&'r [u8]>;

    fn next(&mut self) -> Option<Self::Item> {
        // Measured whole before it was handed out: every length is there.
        let length = i32::from_be_bytes(self.bytes.get(self.at..self.at + 4)?.try_into().ok()?);
        self.at += 4;
        let Ok(length) = usize::try_from(length) else {
            return Some(None);
        };
        let value = &self.bytes[self.at..self.at + length];
        self.at += length;
        Some(Some(value))
    }
}

/// What the bytes at the start of a buffer hold.
enum Measured {
    /// A whole row of this many bytes.
    Row(usize),
    /// The trailer.
    End,
    /// Not all of the row yet.
    Partial,
}

impl<R: BufRead, F: Fn(io::Error) -> Error> BinaryCopy<R, F> {
    pub fn new(reader: R, columns: usize, failed: F) -> BinaryCopy<R, F> {
        BinaryCopy {
            reader,
            carry: Vec::new(),
            columns,
            failed,
        }
    }

    /// Calls `each` with every row's fields and byte count until the trailer, or until
    /// `each` returns `Ok(false)`; `Ok(true)` when the trailer was reached.
    pub fn rows(
        &mut self,
        mut each: impl FnMut(Fields<'_>, usize) -> Result<bool>,
    ) -> Result<bool> {
        self.header()?;
        loop {
            if self.carry.is_empty() {
                let chunk = self.reader.fill_buf().map_err(&self.failed)?;
                if chunk.is_empty() {
                    return Err(truncated());
                }
                match measure(chunk, self.columns)? {
                    Measured::Row(len) => {
                        let go_on = each(fields(&chunk[..len]), len)?;
                        self.reader.consume(len);
                        if !go_on {
                            return Ok(false);
                        }
                        continue;
                    }
                    Measured::End => {
                        self.reader.consume(2);
                        self.finish()?;
                        return Ok(true);
                    }
                    Measured::Partial => {
                        self.carry.extend_from_slice(chunk);
                        let len = chunk.len();
                        self.reader.consume(len);
                    }
                }
            }
            match measure(&self.carry, self.columns)? {
                Measured::Row(len) => {
                    let go_on = each(fields(&self.carry[..len]), len)?;
                    self.carry.drain(..len);
                    if !go_on {
                        return Ok(false);
                    }
                }
                Measured::End => {
                    self.carry.drain(..2);
                    if !self.carry.is_empty() {
                        return Err(malformed("bytes after the trailer"));
                    }
                    self.finish()?;
                    return Ok(true);
                }
                Measured::Partial => self.read_more()?,
            }
        }
    }

    /// The signature, flags and header extension, skipped.
    fn header(&mut self) -> Result<()> {
        while self.carry.len() < 19 {
            self.read_more()?;
        }
        if &self.carry[..11] != SIGNATURE {
            return Err(malformed("no binary COPY signature"));
        }
        let extension =
            u32::from_be_bytes(self.carry[15..19].try_into().expect("4 bytes")) as usize;
        while self.carry.len() < 19 + extension {
            self.read_more()?;
        }
        self.carry.drain(..19 + extension);
        Ok(())
    }

    /// Appends what the reader has next to `carry`.
    fn read_more(&mut self) -> Result<()> {
        let chunk = self.reader.fill_buf().map_err(&self.failed)?;
        if chunk.is_empty() {
            return Err(truncated());
        }
        self.carry.extend_from_slice(chunk);
        let len = chunk.len();
        self.reader.consume(len);
        Ok(())
    }

    /// Reads on to the end of the stream, where the server says the COPY completed.
    fn finish(&mut self) -> Result<()> {
        loop {
            let chunk = self.reader.fill_buf().map_err(&self.failed)?;
            if chunk.is_empty() {
                return Ok(());
            }
            let len = chunk.len();
            self.reader.consume(len);
        }
    }
}

fn fields(row: &[u8]) -> Fields<'_> {
    Fields { bytes: row, at: 2 }
}

/// How much of `bytes` the next row takes, checking its field count.
fn measure(bytes: &[u8], columns: usize) -> Result<Measured> {
    let Some(count) = bytes.get(..2) else {
        return Ok(Measured::Partial);
    };
    let count = i16::from_be_bytes([count[0], count[1]]);
    if count == -1 {
        return Ok(Measured::End);
    }
    if usize::try_from(count).ok() != Some(columns) {
        return Err(malformed(
            "a row with another number of fields than the columns",
        ));
    }
    let mut at = 2;
    for _ in 0..columns {
        let Some(length) = bytes.get(at..at + 4) else {
            return Ok(Measured::Partial);
        };
        let length = i32::from_be_bytes(length.try_into().expect("4 bytes"));
        at += 4 + usize::try_from(length).unwrap_or(0);
    }
    Ok(if at <= bytes.len() {
        Measured::Row(at)
    } else {
        Measured::Partial
    })
}

fn truncated() -> Error {
    Error::Service("the COPY stream ended in the middle of a row".into())
}

fn malformed(what: &str) -> Error {
    Error::Service(format!(
        "unexpected binary COPY data from the server: {what}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream of `rows` (each field `None` for NULL), with the header and trailer.
    fn stream(rows: &[Vec<Option<&[u8]>>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(&3u32.to_be_bytes());
        out.extend_from_slice(b"ext");
        for row in rows {
            out.extend_from_slice(&(row.len() as i16).to_be_bytes());
            for field in row {
                match field {
                    None => out.extend_from_slice(&(-1i32).to_be_bytes()),
                    Some(bytes) => {
                        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                        out.extend_from_slice(bytes);
                    }
                }
            }
        }
        out.extend_from_slice(&(-1i16).to_be_bytes());
        out
    }

    fn read_all(bytes: &[u8], capacity: usize) -> Result<Vec<Vec<Option<Vec<u8>>>>> {
        let reader = io::BufReader::with_capacity(capacity, bytes);
        let mut copy = BinaryCopy::new(reader, 2, |e| Error::io("copy", e));
        let mut rows = Vec::new();
        copy.rows(|fields, _| {
            rows.push(fields.map(|f| f.map(<[u8]>::to_vec)).collect());
            Ok(true)
        })?;
        Ok(rows)
    }

    #[test]
    fn rows_whole_or_in_pieces() {
        let rows = vec![
            vec![Some(&b"a"[..]), None],
            vec![Some(&b""[..]), Some(&b"a longer value"[..])],
        ];
        let bytes = stream(&rows);
        let expected: Vec<Vec<Option<Vec<u8>>>> = rows
            .iter()
            .map(|r| r.iter().map(|f| f.map(<[u8]>::to_vec)).collect())
            .collect();
        for capacity in [1, 2, 3, 7, 19, 20, 64, 4096] {
            assert_eq!(read_all(&bytes, capacity).unwrap(), expected, "{capacity}");
        }
    }

    #[test]
    fn broken_streams_are_errors() {
        let bytes = stream(&[vec![Some(&b"a"[..]), None]]);
        assert!(read_all(&bytes[..bytes.len() - 2], 4096).is_err());
        assert!(read_all(&bytes[..bytes.len() - 5], 4096).is_err());
        assert!(read_all(b"PGCOPY\n", 4096).is_err());
        let three = stream(&[vec![None, None, None]]);
        assert!(read_all(&three, 4096).is_err());
    }
}
