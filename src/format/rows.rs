//! Splits CSV and TSV text into raw rows, each with the line it starts on.
//!
//! Most rows of real files hold no carriage return and no quote inside an unquoted
//! field; such a row is split off bitmasks of where its delimiters, line ends and
//! quotes are (`byte_marks`, 64 bytes at a time), with quoted fields (and their `""`
//! escapes) read by SIMD byte search (`memchr`) for the closing quote. Any other row (a
//! `\r`, a quote inside an unquoted field or followed by other than a delimiter or line
//! end; TSV has no quoting) is parsed from its start by `csv_core`'s state machine,
//! so quoted delimiters and newlines, `""` escapes, quotes inside unquoted fields, and
//! CR or CRLF line ends read exactly as the `csv` crate reads them. Both paths start at
//! a row boundary, where `csv_core` skips blank lines, and the fast path skips `\n`
//! the same way.
//!
//! Line numbers follow the `csv` crate: a row's line is one more than the `\n` bytes
//! consumed by the rows before it (blank lines before a row are skipped as part of
//! reading it, after its line is taken).

use std::io::{self, Read};

use memchr::memchr2_iter;

use super::byte_marks::{ByteMarks, BLOCK};
use crate::record::{span, RowBytes, MAX_ROW};

/// Twice the input's `BufReader` capacity, so that refills ask for more than it holds
/// and it reads straight into this buffer instead of copying through its own.
const BUFFER: usize = 512 * 1024;

pub struct RowReader<R> {
    stream: R,
    delimiter: u8,
    /// The quote (CSV), or `None` (TSV).
    quote: Option<u8>,
    /// Delimiter, `\n`, `\r` and quote.
    marks: ByteMarks,
    /// The marks of the block of `buffer` from `block_start`, or of none when
    /// `block_start` is `NO_BLOCK` (the buffer changed).
    block_start: usize,
    block_marks: u64,
    core: csv_core::Reader,
    buffer: Vec<u8>,
    /// Unread bytes are `buffer[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// One more than the `\n` bytes consumed so far.
    line: u64,
    /// `csv_core`'s output: unescaped field bytes and field end offsets.
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// The current row's quoted fields with `""` escapes, unescaped, and which fields
    /// they are (their spans are into this buffer until the row ends).
    unescaped: Vec<u8>,
    escaped_fields: Vec<usize>,
    /// The bytes of the row `csv_core` read last, as they were.
    raw: Vec<u8>,
}

/// `block_start` when no block's marks are known: far from any offset in the buffer.
const NO_BLOCK: usize = usize::MAX / 2;

impl<R: Read> RowReader<R> {
    /// Rows split at `delimiter`, fields quoted with `quote` (none: TSV).
    pub fn new(stream: R, delimiter: u8, quote: Option<u8>) -> RowReader<R> {
        let mut core = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .quoting(quote.is_some())
            .quote(quote.unwrap_or(b'"'))
            .build();
        // csv_core drops a byte order mark at the start of its first read, but rows
        // reach it from anywhere in the input, where U+FEFF is text (the input's own
        // mark is dropped before, by `format::input`). A blank line read first starts it.
        core.read_record(b"\n", &mut [], &mut []);
        RowReader {
            stream,
            delimiter,
            quote,
            // TSV looks for `\r` twice.
            marks: ByteMarks::new([delimiter, b'\n', b'\r', quote.unwrap_or(b'\r')]),
            block_start: NO_BLOCK,
            block_marks: 0,
            core,
            buffer: vec![0; BUFFER],
            start: 0,
            end: 0,
            eof: false,
            line: 1,
            fields: vec![0; 1024],
            ends: vec![0; 64],
            unescaped: Vec::new(),
            escaped_fields: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// The same reader for text that starts on line `line` of its input (a chunk of
    /// it, read on a thread of its own).
    pub fn starting_at_line(mut self, line: u64) -> RowReader<R> {
        self.line = line;
        self
    }

    /// Reads the next row into `row`; returns the line it starts on (after the blank
    /// lines before it, and the `\n` of a CRLF ending the row above), or `None` at the
    /// end.
    pub fn read(&mut self, row: &mut RowBytes) -> io::Result<Option<u64>> {
        loop {
            // Blank lines are no rows (csv_core skips them the same way).
            while self.start < self.end && self.buffer[self.start] == b'\n' {
                self.start += 1;
                self.line += 1;
            }
            let mut line = self.line;
            if self.start == self.end {
                if self.eof {
                    return Ok(None);
                }
                self.refill()?;
                continue;
            }
            let more = match self.split_plain(row) {
                Plain::Row => true,
                Plain::Special => {
                    let special = self.parse_special(row)?;
                    // csv_core skips blank CRLF lines as part of the row after them.
                    line += line_ends_before_content(&self.raw);
                    match special {
                        Special::Row => true,
                        Special::End => false,
                        Special::TextAfterQuote => {
                            let shown = &self.raw[..self.raw.len().min(BAD_ROW_SHOWN)];
                            let error = BadRow {
                                line,
                                start: String::from_utf8_lossy(shown).into_owned(),
                                reason: TEXT_AFTER_QUOTE,
                            };
                            return Err(io::Error::new(io::ErrorKind::InvalidData, error));
                        }
                    }
                }
                Plain::Short => {
                    self.refill()?;
                    continue;
                }
                Plain::Unterminated => {
                    let rest = &self.buffer[self.start..self.end];
                    let shown = String::from_utf8_lossy(&rest[..rest.len().min(BAD_ROW_SHOWN)]);
                    let error = BadRow {
                        line: self.line + line_ends_before_content(rest),
                        start: shown.into_owned(),
                        reason: UNTERMINATED,
                    };
                    // Nothing after it is a row of its own: the input ends here.
                    self.start = self.end;
                    return Err(io::Error::new(io::ErrorKind::InvalidData, error));
                }
            };
            if row.bytes.len() > MAX_ROW {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("line {line}: a row of 4 GiB or more"),
                ));
            }
            return Ok(more.then_some(line));
        }
    }

    /// Where the next delimiter, `\n`, `\r` or quote at or after `at` is, or `end`.
    #[inline]
    fn next_mark(&mut self, mut at: usize) -> usize {
        loop {
            let offset = at.wrapping_sub(self.block_start);
            if offset < BLOCK {
                let marks = self.block_marks & (u64::MAX << offset);
                if marks != 0 {
                    return self.block_start + marks.trailing_zeros() as usize;
                }
                at = self.block_start + BLOCK;
            }
            if at >= self.end {
                return self.end;
            }
            let block = &self.buffer[at..self.end.min(at + BLOCK)];
            self.block_marks = self.marks.in_bytes(block);
            self.block_start = at;
        }
    }

    /// Splits the row at `start` if each of its fields is plain or quoted (closing
    /// quote right before a delimiter or `\n`, `""` escapes within) and no `\r` is in
    /// it outside quotes.
    fn split_plain(&mut self, row: &mut RowBytes) -> Plain {
        row.clear();
        self.unescaped.clear();
        self.escaped_fields.clear();
        let start = self.start;
        let mut field = start;
        let mut lines = 1;
        loop {
            let mark = self.next_mark(field);
            if mark == self.end {
                if !self.eof {
                    return Plain::Short;
                }
                // The last line has no `\n`.
                row.spans.push(span(field - start, self.end - start));
                return self.row_ends(row, self.end, lines - 1);
            }
            let byte = self.buffer[mark];
            if byte == self.delimiter {
                row.spans.push(span(field - start, mark - start));
                field = mark + 1;
                continue;
            }
            if byte == b'\n' {
                row.spans.push(span(field - start, mark - start));
                return self.row_ends(row, mark + 1, lines);
            }
            // A `\r`, or a quote inside an unquoted field, is for csv_core.
            let Some(quote) = self.quote.filter(|&quote| byte == quote && mark == field) else {
                return Plain::Special;
            };
            // The closing quote, counting the newlines before it in the same pass; a
            // quote right after it is an escaped one.
            let mut value = mark + 1;
            let mut unescaped_from = None;
            let (close, after) = loop {
                let mut close = None;
                for i in memchr2_iter(quote, b'\n', &self.buffer[value..self.end]) {
                    if self.buffer[value + i] == quote {
                        close = Some(value + i);
                        break;
                    }
                    lines += 1;
                }
                if close.is_none() && self.eof {
                    return Plain::Unterminated;
                }
                let Some(close) = close.filter(|close| close + 1 < self.end) else {
                    return self.incomplete();
                };
                let after = self.buffer[close + 1];
                if after != quote {
                    break (close, after);
                }
                unescaped_from.get_or_insert(self.unescaped.len());
                self.unescaped
                    .extend_from_slice(&self.buffer[value..=close]);
                value = close + 2;
            };
            if after != self.delimiter && after != b'\n' {
                return Plain::Special;
            }
            match unescaped_from {
                Some(from) => {
                    self.unescaped.extend_from_slice(&self.buffer[value..close]);
                    self.escaped_fields.push(row.spans.len());
                    row.spans.push(span(from, self.unescaped.len()));
                }
                None => row.spans.push(span(value - start, close - start)),
            }
            field = close + 2;
            if after == b'\n' {
                return self.row_ends(row, field, lines);
            }
        }
    }

    /// A quoted field runs to the end of the buffer: more input may complete it, or at
    /// the end of the stream csv_core says what it is.
    fn incomplete(&self) -> Plain {
        if self.eof {
            Plain::Special
        } else {
            Plain::Short
        }
    }

    /// Copies the row's bytes (up to `next`, where the next row starts) whole, with
    /// its unescaped fields after them.
    fn row_ends(&mut self, row: &mut RowBytes, next: usize, lines: u64) -> Plain {
        row.bytes.extend_from_slice(&self.buffer[self.start..next]);
        if !self.escaped_fields.is_empty() {
            let shift = row.bytes.len();
            row.bytes.extend_from_slice(&self.unescaped);
            for &i in &self.escaped_fields {
                let (from, to) = row.spans[i];
                row.spans[i] = span(from as usize + shift, to as usize + shift);
            }
        }
        self.start = next;
        self.line += lines;
        Plain::Row
    }

    /// Parses the row at `start` with `csv_core`, keeping its bytes as read in `raw`
    /// to check them for text after a closing quote, which `csv_core` takes in.
    fn parse_special(&mut self, row: &mut RowBytes) -> io::Result<Special> {
        let core_line = self.core.line();
        self.raw.clear();
        let (mut written, mut fields) = (0, 0);
        loop {
            let input = &self.buffer[self.start..self.end];
            let (result, read, wrote, ended) =
                self.core
                    .read_record(input, &mut self.fields[written..], &mut self.ends[fields..]);
            self.raw.extend_from_slice(&input[..read]);
            self.start += read;
            written += wrote;
            fields += ended;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {
                    // At the end of the stream the next call passes csv_core the
                    // empty input that tells it so.
                    if !self.eof {
                        self.refill()?;
                    }
                }
                csv_core::ReadRecordResult::OutputFull => {
                    self.fields.resize(self.fields.len() * 2, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    self.ends.resize(self.ends.len() * 2, 0);
                }
                csv_core::ReadRecordResult::Record => {
                    self.line += self.core.line() - core_line;
                    row.clear();
                    row.bytes.extend_from_slice(&self.fields[..written]);
                    let mut from = 0;
                    for &to in &self.ends[..fields] {
                        row.spans.push(span(from, to));
                        from = to;
                    }
                    let stray = self
                        .quote
                        .is_some_and(|quote| text_after_quote(&self.raw, self.delimiter, quote));
                    return Ok(if stray {
                        Special::TextAfterQuote
                    } else {
                        Special::Row
                    });
                }
                csv_core::ReadRecordResult::End => {
                    self.line += self.core.line() - core_line;
                    return Ok(Special::End);
                }
            }
        }
    }

    /// Moves the unread bytes to the front and reads more after them. One read is
    /// enough (rows from a pipe come out as they arrive) unless a single row filled the
    /// buffer: then it doubles and is filled, so that rescanning the row stays linear.
    fn refill(&mut self) -> io::Result<()> {
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        self.block_start = NO_BLOCK;
        let grown = self.end == self.buffer.len();
        if grown {
            self.buffer.resize(self.buffer.len() * 2, 0);
        }
        while self.end < self.buffer.len() {
            match self.stream.read(&mut self.buffer[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.end += n;
                    if !grown {
                        return Ok(());
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// What `parse_special` read.
enum Special {
    Row,
    /// A row with text after a field's closing quote, skipped.
    TextAfterQuote,
    /// The end of the input.
    End,
}

enum Plain {
    /// A whole row was split.
    Row,
    /// A quote or `\r` comes before the row's end.
    Special,
    /// The row's end is not in the buffer yet.
    Short,
    /// A quoted field is still open at the end of the input.
    Unterminated,
}

/// The error of a row that is not CSV: a quoted field never closed (it would swallow
/// every line after it as one value), or text after a field's closing quote
/// (`1,"x"y,3`, which the `csv` crate reads as `xy`). The reader goes on after it.
#[derive(Debug)]
pub struct BadRow {
    /// The line the row starts on.
    pub line: u64,
    /// The row's first bytes, for the rejects file.
    pub start: String,
    pub reason: &'static str,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.reason)
    }
}

impl std::error::Error for BadRow {}

pub const UNTERMINATED: &str = "a quoted field opened in this row is never closed";
pub const TEXT_AFTER_QUOTE: &str = "text after the closing quote of a field";

/// How much of a bad row the error keeps.
const BAD_ROW_SHOWN: usize = 200;

/// The line ends (`\n`; a CRLF is one) among the `\r`s and `\n`s before the first
/// byte of a row: blank lines, which come with it.
fn line_ends_before_content(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count() as u64
}

/// Whether a quoted field of `row` (its bytes as read, quotes and escapes included)
/// has text after its closing quote, before the next delimiter or line end.
pub fn text_after_quote(row: &[u8], delimiter: u8, quote: u8) -> bool {
    let mut i = 0;
    // Blank lines before a row are skipped with it.
    while i < row.len() && matches!(row[i], b'\n' | b'\r') {
        i += 1;
    }
    while i < row.len() {
        if row[i] != quote {
            // An unquoted field runs to the next delimiter or line end.
            while i < row.len() && !matches!(row[i], b'\n' | b'\r') && row[i] != delimiter {
                i += 1;
            }
        } else {
            i += 1;
            loop {
                match row.get(i) {
                    None => return false,
                    Some(&b) if b == quote && row.get(i + 1) == Some(&quote) => i += 2,
                    Some(&b) if b == quote => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            match row.get(i) {
                None | Some(b'\n' | b'\r') => {}
                Some(&b) if b == delimiter => {}
                Some(_) => return true,
            }
        }
        match row.get(i) {
            Some(&b) if b == delimiter => i += 1,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input that comes `.1` bytes at a time, as from a pipe.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Rows as (line, fields), read through a stream that hands out `chunk` bytes at a
    /// time so rows cross buffer refills.
    fn rows(text: &[u8], quoting: bool, chunk: usize) -> Vec<(u64, Vec<String>)> {
        let delimiter = if quoting { b',' } else { b'\t' };
        let mut reader = RowReader::new(Trickle(text, chunk), delimiter, quoting.then_some(b'"'));
        let mut row = RowBytes::default();
        let mut out = Vec::new();
        while let Some(line) = reader.read(&mut row).unwrap() {
            let fields = row
                .fields()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            out.push((line, fields));
        }
        out
    }

    /// What the `csv` crate reads, with each row's line: the behaviour to keep.
    fn csv_crate_rows(text: &[u8], quoting: bool) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if quoting { b',' } else { b'\t' })
            .quoting(quoting)
            .has_headers(false)
            .flexible(true)
            .from_reader(text);
        let mut row = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut row).unwrap() {
            let fields = row
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            // The csv crate's line is where reading the row started: before the `\n`s
            // (blank lines, a CRLF's end) it skips first.
            let position = row.position().unwrap();
            let skipped = text[position.byte() as usize..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count() as u64;
            out.push((position.line() + skipped, fields));
        }
        out
    }

    fn same_as_csv_crate(text: &str, quoting: bool) {
        same_in_chunks(text, quoting, &[1, 2, 3, 7, 1 << 20]);
    }

    fn same_in_chunks(text: &str, quoting: bool, chunks: &[usize]) {
        let expected = csv_crate_rows(text.as_bytes(), quoting);
        for &chunk in chunks {
            assert_eq!(
                rows(text.as_bytes(), quoting, chunk),
                expected,
                "{text:?} read {chunk} bytes at a time"
            );
        }
    }

    #[test]
    fn plain_rows_split_on_delimiters() {
        assert_eq!(
            rows(b"a,b\n1,\n,2\n", true, 1 << 20),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["1".into(), "".into()]),
                (3, vec!["".into(), "2".into()]),
            ]
        );
    }

    #[test]
    fn quoted_fields_and_escapes() {
        same_as_csv_crate("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n", true);
        same_as_csv_crate("a,b\n\"two\nlines\",2\n3,4\n", true);
        same_as_csv_crate(
            "a,b\n\"\"\"\"\"\",\"x\"\"\ny\"\"z\"\"\"\n\"a\"\"b\"\n",
            true,
        );
        same_as_csv_crate("a,b\n\"x\"\"\"\"\"\n\"x\"\"\"\n", true);
    }

    #[test]
    fn quoted_fields_followed_by_other_than_a_delimiter_or_newline() {
        same_as_csv_crate("a,b\n\"x\"\r\n\"\",\"\"\n", true);
        same_as_csv_crate("a,b\n\"x\ny\nz\",\"1\"\n2,\"x\"\n\"last\"", true);
        same_as_csv_crate("a,b\n\"x\ry\",1\n2,\"\"\"\"\n", true);
    }

    /// Where the csv crate reads `"x"y` as `xy` (issue 19, 2): a bad row at its line,
    /// and the rows after it read as ever.
    #[test]
    fn text_after_a_closing_quote_is_a_bad_row() {
        let text = "a,b\n\"x\"y,1\n\"say \"\"hi\"\"\" ,2\nq,\"a\"b\n\"q\"\"\"x,2\r\n3,\"4\"\n";
        for chunk in [1, 2, 3, 7, 1 << 20] {
            let mut reader = RowReader::new(Trickle(text.as_bytes(), chunk), b',', Some(b'"'));
            let mut row = RowBytes::default();
            let mut read = Vec::new();
            loop {
                match reader.read(&mut row) {
                    Ok(None) => break,
                    Ok(Some(line)) => read.push(format!("{line}: {}", row.len())),
                    Err(err) => {
                        let bad = err.get_ref().unwrap().downcast_ref::<BadRow>().unwrap();
                        assert_eq!(bad.reason, TEXT_AFTER_QUOTE);
                        read.push(format!("{}: bad", bad.line));
                    }
                }
            }
            assert_eq!(
                read,
                // The row after a CRLF read by csv_core is at its own line.
                ["1: 2", "2: bad", "3: bad", "4: bad", "5: bad", "6: 2"],
                "by {chunk}"
            );
        }
        assert!(!text_after_quote(b"\"a\"\"b\",\"\"\r\n", b',', b'"'));
        assert!(!text_after_quote(b"x\"y,\"z\"", b',', b'"'));
        assert!(text_after_quote(b"1,\"z\" ", b',', b'"'));
    }

    /// Where the csv crate reads the rest of the input into one field (issue 19, 2).
    #[test]
    fn a_quoted_field_never_closed_is_an_error_at_its_row() {
        for text in ["a\n\"unterminated\nquote", "a,b\n1,2\n\n3,\"x\"\"\n4,5\n"] {
            for chunk in [1, 2, 3, 7, 1 << 20] {
                let mut reader = RowReader::new(Trickle(text.as_bytes(), chunk), b',', Some(b'"'));
                let mut row = RowBytes::default();
                let err = loop {
                    match reader.read(&mut row) {
                        Ok(Some(_)) => {}
                        Ok(None) => panic!("{text:?}: no error"),
                        Err(err) => break err,
                    }
                };
                let unterminated = err.get_ref().unwrap().downcast_ref::<BadRow>().unwrap();
                let line = if text.starts_with("a\n") { 2 } else { 4 };
                assert_eq!(unterminated.line, line, "{text:?} by {chunk}");
                assert!(reader.read(&mut row).unwrap().is_none(), "nothing after it");
            }
        }
    }

    #[test]
    fn quotes_inside_unquoted_fields_are_text() {
        same_as_csv_crate("a,b\n5\"x,b\"c\"\n", true);
    }

    #[test]
    fn cr_crlf_and_lf_line_ends() {
        same_as_csv_crate("a,b\r\n1,2\r\n3,4\r\n", true);
        same_as_csv_crate("a,b\r1,2\r3,4\r", true);
        same_as_csv_crate("a,b\n1,2\r\n3,4\r5,6\n", true);
        same_as_csv_crate("a\tb\r\n1\t2\r3\t4\n", false);
    }

    #[test]
    fn blank_lines_and_last_line_without_newline() {
        same_as_csv_crate("a,b\n\n\n1,2\n\r\n\r\n3,4", true);
        same_as_csv_crate("\n\na,b\n1,2\n\n", true);
        same_as_csv_crate("a,b\n1,2\n\"3\",4", true);
        same_as_csv_crate("", true);
        same_as_csv_crate("\n\r\n", true);
    }

    /// U+FEFF is text inside the input, also at the start of a row that csv_core
    /// parses (one with a quote), which drops it at the start of its first read.
    #[test]
    fn a_byte_order_mark_inside_the_input_is_text() {
        let text = "a,b\n1,2\n\u{feff}\"x\",3\n\u{feff}y,\"4\"\n\u{feff}\"z\"\n";
        same_as_csv_crate(text, true);
        same_in_chunks(text, true, &[1, 2, 3, 7]);
        assert_eq!(
            rows(text.as_bytes(), true, 64)[3],
            (4, vec!["\u{feff}y".into(), "4".into()])
        );
    }

    #[test]
    fn tsv_has_no_quoting() {
        same_as_csv_crate("a\tb\n\"x\t1\"\n\"q\"\"\t\"\n", false);
    }

    #[test]
    fn long_rows_grow_the_buffer() {
        let long = "x".repeat(BUFFER * 2 + 5);
        let plain = format!("a,b\n{long},1\n2,{long}\n");
        same_in_chunks(&plain, true, &[4096, 1 << 20]);
        let quoted = format!("a,b\n\"{long}\",1\n2,\"{long}\"\n");
        same_in_chunks(&quoted, true, &[4096, 1 << 20]);
    }
}
