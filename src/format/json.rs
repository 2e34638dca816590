//! JSON beyond one object per line: an array of objects that is the whole input (an
//! API dump), or objects one after another in any layout (pretty-printed,
//! concatenated). Read as a
//! stream: each object is cut out of the input by a scan that follows strings and
//! nesting, its insignificant white space dropped (so that a nested value is one line
//! of text, as NDJSON output needs), and parsed as an NDJSON line is; never the whole
//! document in memory.

use std::io::BufRead;
use std::sync::Arc;

use super::ndjson::{take_buffer, ObjectParser};
use super::RecordReader;
use crate::error::{Error, Location, Result};
use crate::record::{Record, Values};

/// An object larger than this is refused rather than held (as a row would be).
const MAX_OBJECT: usize = crate::record::MAX_ROW;

pub struct JsonReader {
    stream: Box<dyn BufRead>,
    source: Arc<str>,
    parser: ObjectParser,
    /// The line the scan is on, and the line the last object started on.
    scan_line: u64,
    object_line: u64,
    /// Which layout the input has shown so far.
    layout: Layout,
    /// Objects read in the array.
    elements: usize,
}

/// The layouts of an input: an array of objects that is the whole input, or objects
/// one after another.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// Nothing read yet.
    Start,
    Objects,
    InArray,
    /// The array is closed: only white space may follow.
    AfterArray,
}

/// What comes next in the input, outside any object.
enum Next {
    Object,
    End,
}

impl JsonReader {
    pub fn new(stream: Box<dyn BufRead>, source: Arc<str>) -> JsonReader {
        JsonReader {
            stream,
            source,
            parser: ObjectParser::default(),
            scan_line: 1,
            object_line: 1,
            layout: Layout::Start,
            elements: 0,
        }
    }

    fn location(&self, line: u64) -> Location {
        Location {
            source: self.source.clone(),
            line,
        }
    }

    /// The next byte, not consumed; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>> {
        let buffer = self
            .stream
            .fill_buf()
            .map_err(|e| Error::io(self.source.to_string(), e))?;
        Ok(buffer.first().copied())
    }

    fn bump(&mut self) {
        self.stream.consume(1);
    }

    /// Skips white space, counting lines.
    fn skip_space(&mut self) -> Result<()> {
        while let Some(byte) = self.peek()? {
            match byte {
                b'\n' => self.scan_line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.bump();
        }
        Ok(())
    }

    /// Moves to the start of the next object, through the array's `[`, `,` and `]`.
    fn next(&mut self) -> Result<Next> {
        loop {
            self.skip_space()?;
            let byte = self.peek()?;
            let found = |reader: &JsonReader, expected: &str| {
                let found = byte.map_or("the end of the input".to_owned(), |b| {
                    format!("{:?}", char::from(b))
                });
                Err(Error::Data(format!(
                    "{}: expected {expected}, found {found}",
                    reader.location(reader.scan_line)
                )))
            };
            match (self.layout, byte) {
                (Layout::Start | Layout::Objects | Layout::AfterArray, None) => {
                    return Ok(Next::End)
                }
                (Layout::InArray, None) => {
                    return found(self, "the ] that closes the array the input starts with")
                }
                (Layout::Start, Some(b'[')) => self.layout = Layout::InArray,
                (Layout::Start | Layout::Objects, Some(b'{')) => {
                    self.layout = Layout::Objects;
                    return Ok(Next::Object);
                }
                (Layout::Start | Layout::Objects, Some(_)) => {
                    return found(self, "a JSON object (or, first, an array of them)")
                }
                (Layout::InArray, Some(b']')) => self.layout = Layout::AfterArray,
                (Layout::InArray, Some(b'{')) if self.elements == 0 => return Ok(Next::Object),
                (Layout::InArray, Some(b',')) if self.elements > 0 => {
                    self.bump();
                    self.skip_space()?;
                    if self.peek()? == Some(b'{') {
                        return Ok(Next::Object);
                    }
                    let byte = self.peek()?;
                    let shown = byte.map_or("the end of the input".to_owned(), |b| {
                        format!("{:?}", char::from(b))
                    });
                    return Err(Error::Data(format!(
                        "{}: expected a JSON object after ',', found {shown}",
                        self.location(self.scan_line)
                    )));
                }
                (Layout::InArray, Some(_)) if self.elements == 0 => {
                    return found(self, "a JSON object or ]")
                }
                (Layout::InArray, Some(_)) => return found(self, "',' or ]"),
                (Layout::AfterArray, Some(_)) => {
                    return found(self, "the end of the input after the array")
                }
            }
            self.bump();
        }
    }

    /// Reads the object that starts here into `text`, without white space outside its
    /// strings, but for one space where it parts two tokens (`1 2` stays invalid,
    /// not 12). An object the input ends inside is a data error at its first line.
    fn object(&mut self, text: &mut Vec<u8>) -> Result<()> {
        let mut depth = 0usize;
        let (mut in_string, mut escaped, mut spaced) = (false, false, false);
        let structural = |byte: u8| matches!(byte, b'{' | b'}' | b'[' | b']' | b':' | b',' | b'"');
        loop {
            let buffer = self
                .stream
                .fill_buf()
                .map_err(|e| Error::io(self.source.to_string(), e))?;
            if buffer.is_empty() {
                return Err(Error::Data(format!(
                    "{}: the input ends inside this object",
                    self.location(self.object_line)
                )));
            }
            let mut used = 0;
            let mut done = false;
            for &byte in buffer {
                used += 1;
                if in_string {
                    text.push(byte);
                    match (escaped, byte) {
                        (true, _) => escaped = false,
                        (false, b'\\') => escaped = true,
                        (false, b'"') => in_string = false,
                        (false, b'\n') => self.scan_line += 1,
                        _ => {}
                    }
                    continue;
                }
                match byte {
                    b'\n' => {
                        self.scan_line += 1;
                        spaced = true;
                        continue;
                    }
                    b' ' | b'\t' | b'\r' => {
                        spaced = true;
                        continue;
                    }
                    _ if spaced => {
                        spaced = false;
                        if !structural(byte) && text.last().is_some_and(|&last| !structural(last)) {
                            text.push(b' ');
                        }
                    }
                    _ => {}
                }
                match byte {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                text.push(byte);
                if depth == 0 {
                    done = true;
                    break;
                }
            }
            self.stream.consume(used);
            if done {
                return Ok(());
            }
            if text.len() > MAX_OBJECT {
                return Err(Error::Data(format!(
                    "{}: an object of more than {MAX_OBJECT} bytes",
                    self.location(self.object_line)
                )));
            }
        }
    }
}

/// Whether an input whose first bytes are `head` is JSON in a layout other than one
/// object per line: an array, or a first object that does not end on its first line
/// (a line the head holds whole; a stream's first line still coming is NDJSON's).
pub fn is_document(head: &[u8]) -> bool {
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|at| &head[at..]) {
        Some([b'[', ..]) => true,
        Some(rest @ [b'{', ..]) => match memchr::memchr(b'\n', rest) {
            Some(end) => serde_json::from_slice::<serde::de::IgnoredAny>(&rest[..end])
                .is_err_and(|e| e.is_eof()),
            None => false,
        },
        _ => false,
    }
}

impl RecordReader for JsonReader {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        if let Next::End = self.next()? {
            return Ok(false);
        }
        self.object_line = self.scan_line;
        let mut text = take_buffer(record);
        self.object(&mut text)?;
        self.elements += 1;
        let bad = |reader: &JsonReader, reason: String, raw: String| {
            Error::bad_record(reader.location(reader.object_line), reason, raw)
        };
        let text = match String::from_utf8(text) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let raw = String::from_utf8_lossy(e.as_bytes()).into_owned();
                return Err(bad(self, format!("invalid UTF-8 at byte {at}"), raw));
            }
        };
        if let Err(reason) = self.parser.parse(text, record) {
            let raw = match record.values() {
                Values::Raw(row) => row.line().to_owned(),
                _ => String::new(),
            };
            return Err(bad(self, reason, raw));
        }
        Ok(true)
    }

    fn line(&self) -> u64 {
        self.object_line
    }
}
