//! Cuts CSV, TSV and NDJSON text into chunks of whole records, for threads that each
//! read one: a chunk ends after a `\n` that ends a record, found by following the
//! quotes as `csv_core` does (the state machine the row reader's rows agree with),
//! at memchr speed instead of a byte at a time.
//!
//! A quote opens a quoted field only at a field's start (after a delimiter, a line end
//! or the chunk's start); elsewhere it is text. Inside a quoted field `""` is a quote
//! and newlines are text; after its closing quote the field goes on unquoted, as
//! csv_core reads `"x"y`. A quoted field left open runs to the end of the input, as
//! the reader reads it, so no record ends in it.

use std::io::{self, BufRead};

use memchr::{memchr, memchr2, memchr_iter, memrchr};

/// How many bytes a chunk holds, about: big enough that starting a reader on each
/// costs little, small enough that the threads share a file of tens of megabytes.
pub const CHUNK: usize = 4 << 20;

/// Where the records of `text` (which starts at a record's start) are cut: just after
/// the last `\n` that ends a record, or `None` when no record ends in it. TSV and
/// NDJSON have no quoting (`quote` is `None`): every `\n` ends a record.
pub fn last_record_end(text: &[u8], delimiter: u8, quote: Option<u8>) -> Option<usize> {
    let Some(quote) = quote else {
        return memrchr(b'\n', text).map(|at| at + 1);
    };
    let mut last = None;
    let mut at = 0;
    loop {
        let Some(found) = memchr2(quote, b'\n', &text[at..]).map(|i| at + i) else {
            return last;
        };
        at = found + 1;
        if text[found] == b'\n' {
            last = Some(at);
            continue;
        }
        let field_start =
            found == 0 || matches!(text[found - 1], b'\n' | b'\r') || text[found - 1] == delimiter;
        if !field_start {
            continue;
        }
        // A quoted field: to its closing quote, past `""` escapes. A quote that ends
        // the text may be the first of an escape: undecided, like an open field.
        loop {
            let Some(closing) = memchr(quote, &text[at..]).map(|i| at + i) else {
                return last;
            };
            match text.get(closing + 1) {
                Some(&next) if next == quote => at = closing + 2,
                Some(_) => {
                    at = closing + 1;
                    break;
                }
                None => return last,
            }
        }
    }
}

/// Reads `stream` in chunks of whole records.
pub struct Chunks<R> {
    stream: R,
    delimiter: u8,
    quote: Option<u8>,
    size: usize,
    /// The size of the next chunk: the first ones are smaller, so that the first
    /// records (read on the thread that settles the output's layout) are done soon
    /// and the other threads start.
    next_size: usize,
    /// Bytes read past the last chunk's end.
    carry: Vec<u8>,
    eof: bool,
    /// The `\n` bytes before the next chunk.
    lines: u64,
}

/// Some records' text, and how many `\n` bytes came before it.
pub struct Chunk {
    pub text: Vec<u8>,
    pub lines_before: u64,
}

impl<R: BufRead> Chunks<R> {
    /// Chunks of about `size` bytes of `stream`, which starts at a record's start.
    pub fn new(stream: R, delimiter: u8, quote: Option<u8>, size: usize) -> Chunks<R> {
        Chunks {
            stream,
            delimiter,
            quote,
            size,
            next_size: size.div_ceil(16),
            carry: Vec::new(),
            eof: false,
            lines: 0,
        }
    }

    /// The next chunk; `None` at the end. A record longer than the size makes the
    /// chunk as long as it.
    pub fn next_chunk(&mut self) -> io::Result<Option<Chunk>> {
        let mut wanted = self.next_size;
        self.next_size = (self.next_size * 2).min(self.size);
        loop {
            while self.carry.len() < wanted && !self.eof {
                let read = self.stream.fill_buf()?;
                if read.is_empty() {
                    self.eof = true;
                    break;
                }
                let n = read.len().min(wanted - self.carry.len());
                self.carry.extend_from_slice(&read[..n]);
                self.stream.consume(n);
            }
            let end = match self.eof {
                true => self.carry.len(),
                false => match last_record_end(&self.carry, self.delimiter, self.quote) {
                    Some(end) => end,
                    None => {
                        wanted = self.carry.len() * 2;
                        continue;
                    }
                },
            };
            if end == 0 {
                return Ok(None);
            }
            let rest = self.carry[end..].to_vec();
            let mut text = std::mem::replace(&mut self.carry, rest);
            text.truncate(end);
            let lines_before = self.lines;
            self.lines += memchr_iter(b'\n', &text).count() as u64;
            return Ok(Some(Chunk { text, lines_before }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::rows::RowReader;
    use crate::record::RowBytes;

    /// Each row's line and fields, as the row reader reads `text` from `first_line`.
    fn rows(text: &[u8], quote: Option<u8>, first_line: u64) -> Vec<(u64, Vec<Vec<u8>>)> {
        let delimiter = if quote.is_some() { b',' } else { b'\t' };
        let mut reader = RowReader::new(text, delimiter, quote).starting_at_line(first_line);
        let mut row = RowBytes::default();
        let mut rows = Vec::new();
        loop {
            match reader.read(&mut row) {
                Ok(Some(line)) => rows.push((line, row.fields().map(<[u8]>::to_vec).collect())),
                Ok(None) => return rows,
                // A bad row is a row too, for where rows are cut.
                Err(err) => rows.push((0, vec![err.to_string().into_bytes()])),
            }
        }
    }

    /// Reading the chunks one by one gives the rows, and lines, of reading the whole.
    fn check(text: &[u8], quote: Option<u8>) {
        let whole = rows(text, quote, 1);
        for size in [1, 2, 3, 5, 8, 13, 64] {
            let delimiter = if quote.is_some() { b',' } else { b'\t' };
            let mut chunks = Chunks::new(text, delimiter, quote, size);
            let mut pieces = Vec::new();
            while let Some(chunk) = chunks.next_chunk().unwrap() {
                pieces.extend(rows(&chunk.text, quote, chunk.lines_before + 1));
            }
            assert_eq!(
                pieces,
                whole,
                "size {size}: {:?}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn chunks_read_as_the_whole_reads() {
        for text in [
            &b"a,b\n1,2\n"[..],
            b"a,b\n\"1\n2\",3\n\n\n4,\"\"\"\n\"\"\"\n",
            b"a\n\"x\"y\nz\n\"\"\n",
            b"a,b\n5\"10,\"q\"\"\n\"\n\"open\n",
            b"a,b\r\n1,\"2\r\n3\"\r\n\"x\"\"\",y\r\n",
            b"a\r\"b\"\r\n\r\n\"c\nd\"\rlast",
            b" \"a\n\",\"b\n\"\n",
            b"",
            b"\n\n",
        ] {
            check(text, Some(b'"'));
            check(text, None);
        }
    }

    /// Generated rows of quotes, delimiters, line ends and text in every order.
    #[test]
    fn generated_text_reads_as_the_whole_reads() {
        let pieces: [&[u8]; 9] = [
            b"\"", b",", b"\n", b"\r", b"a", b"\"\"", b"\r\n", b" ", b"\"x\n\"",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3_000 {
            let mut text = Vec::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.extend_from_slice(pieces[(state % pieces.len() as u64) as usize]);
            }
            check(&text, Some(b'"'));
        }
    }
}
