//! The input of `etl-extract-log`: log files (or stdin) line by line, each line parsed
//! into a record in the file's format; multi-line records joined; lines that do not
//! parse counted per file and handed to the bad-record policy (or kept as
//! `{"unparsed": …}`); with `--state`, where each file was left.

use std::io::{BufRead, Write};
use std::sync::Arc;

use regex::Regex;

use super::fields::{append_to_message, Fields, TsRule};
use super::state::{self, FileState, Planned};
use super::{detect, FormatSpec, LineFormat, Mismatch};
use crate::error::{BadRecord, Error, Location, Result};
use crate::format::{read_line, Source};
use crate::progress::Progress;
use crate::record::Record;

/// First lines looked at to detect a file's format.
const DETECT_LINES: usize = 20;

/// How lines become records.
pub struct Options {
    pub program: &'static str,
    pub format: FormatSpec,
    pub ts_rule: Option<TsRule>,
    pub multiline_start: Option<Regex>,
    pub add_source: bool,
    pub add_line: bool,
    pub keep_unparsed: bool,
    pub explain: bool,
    pub verbose: bool,
}

/// One input to read.
pub enum Read {
    /// Stdin or a file, read whole.
    Whole(Source),
    /// A file under `--state`, from where it was left.
    Tracked { name: String, planned: Planned },
}

/// A record waiting for its continuation lines (`--multiline-start`).
enum Held {
    Parsed(Record, Location),
    Unparsed(BadRecord),
}

/// Lines that did not parse in one file, for the report at the end.
struct Unparsed {
    source: Arc<str>,
    format: &'static str,
    lines: u64,
    count: u64,
    first: u64,
}

struct Current {
    stream: Box<dyn BufRead>,
    name: Arc<str>,
    /// Content bytes up to the end of the last complete line read.
    offset: u64,
    line: u64,
    lines_read: u64,
    /// A live file under --state: a last line without its newline is left for later.
    complete_only: bool,
    /// Where to record the state reached, for a tracked live file.
    tracked: Option<(String, state::Identity)>,
    format: Option<LineFormat>,
    unparsed: u64,
    first_unparsed: u64,
}

pub struct LogInput {
    options: Options,
    plan: std::vec::IntoIter<Read>,
    progress: Progress,
    /// The parser of `-f`, unless `auto`.
    fixed: Option<LineFormat>,
    current: Option<Current>,
    fields: Fields,
    buffer: Vec<u8>,
    held: Option<Held>,
    location: Location,
    reports: Vec<Unparsed>,
    reached: Vec<(String, Option<FileState>)>,
}

impl LogInput {
    pub fn new(options: Options, plan: Vec<Read>, progress: Progress) -> Result<LogInput> {
        let fixed = LineFormat::from_spec(&options.format)?;
        Ok(LogInput {
            fields: Fields::new(options.ts_rule.clone()),
            options,
            plan: plan.into_iter(),
            progress,
            fixed,
            current: None,
            buffer: Vec::new(),
            held: None,
            location: Location {
                source: Arc::from("<stdin>"),
                line: 0,
            },
            reports: Vec::new(),
            reached: Vec::new(),
        })
    }

    /// Where the last record read came from (its first line).
    pub fn location(&self) -> Location {
        self.location.clone()
    }

    /// Where each tracked file was left, for the pending state (`None`: gone).
    pub fn reached(&self) -> &[(String, Option<FileState>)] {
        &self.reached
    }

    /// Reads the next record; `Ok(false)` after the last input. A line that does not
    /// parse is an `Error::BadRecord` (unless kept as `{"unparsed": …}`).
    pub fn read(&mut self, record: &mut Record) -> Result<bool> {
        loop {
            if self.current.is_none() && !self.open_next()? {
                return Ok(false);
            }
            if !self.next_line()? {
                self.close_current();
                if let Some(held) = self.held.take() {
                    return self.release(held, record);
                }
                continue;
            }
            let buffer = std::mem::take(&mut self.buffer);
            // Checking for valid UTF-8 first is much faster than the lossy path.
            let line = match std::str::from_utf8(&buffer) {
                Ok(line) => std::borrow::Cow::Borrowed(line),
                Err(_) => String::from_utf8_lossy(&buffer),
            };
            let result = self.take_line(&line, record);
            self.buffer = buffer;
            if let Some(done) = result? {
                return Ok(done);
            }
        }
    }

    /// Handles one non-empty line; `Some(true)` when `record` holds a record to give out.
    fn take_line(&mut self, line: &str, record: &mut Record) -> Result<Option<bool>> {
        if is_blank(line) {
            return Ok(None);
        }
        let current = self.current.as_ref().expect("a file is open");
        let Some(start) = &self.options.multiline_start else {
            // The file's name is shared, not cloned per line: its count is atomic.
            if !Arc::ptr_eq(&self.location.source, &current.name) {
                self.location.source = current.name.clone();
            }
            self.location.line = current.line;
            return match self.parse(line, record) {
                Ok(()) => Ok(Some(true)),
                Err(bad) => Err(Error::BadRecord(Box::new(bad))),
            };
        };
        let here = Location {
            source: current.name.clone(),
            line: current.line,
        };
        if !start.is_match(line) {
            match &mut self.held {
                Some(Held::Parsed(held, _)) => {
                    append_to_message(held, line);
                    return Ok(None);
                }
                Some(Held::Unparsed(bad)) => {
                    bad.raw.push('\n');
                    bad.raw.push_str(line);
                    return Ok(None);
                }
                None => {}
            }
        }
        let mut parsed = Record::default();
        self.location = here.clone();
        let entry = match self.parse(line, &mut parsed) {
            Ok(()) => Held::Parsed(parsed, here),
            Err(bad) => Held::Unparsed(bad),
        };
        match self.held.replace(entry) {
            Some(previous) => self.release(previous, record).map(Some),
            None => Ok(None),
        }
    }

    fn release(&mut self, held: Held, record: &mut Record) -> Result<bool> {
        match held {
            Held::Parsed(parsed, location) => {
                *record = parsed;
                self.location = location;
                Ok(true)
            }
            Held::Unparsed(bad) => {
                self.location = bad.location.clone();
                Err(Error::BadRecord(Box::new(bad)))
            }
        }
    }

    /// Parses one line, from `self.location`, into `record`, or says why it is a bad
    /// record.
    fn parse(&mut self, line: &str, record: &mut Record) -> Result<(), BadRecord> {
        let location = &self.location;
        let current = self.current.as_mut().expect("a file is open");
        let format = current
            .format
            .as_mut()
            .or(self.fixed.as_mut())
            .expect("a format is known once a line is read");
        let outcome = format.parse(line, &mut self.fields);
        let format_name = format.name();
        let reason = match outcome {
            Ok(()) => self.fields.failed().map(str::to_owned),
            Err(mismatch) => {
                current.unparsed += 1;
                if current.first_unparsed == 0 {
                    current.first_unparsed = location.line;
                }
                if self.options.explain {
                    explain(self.options.program, location, format_name, line, &mismatch);
                }
                if self.options.keep_unparsed {
                    self.fields.clear();
                    self.fields.text("unparsed", line);
                    None
                } else {
                    let column = mismatch.column(line);
                    Some(format!(
                        "does not parse as {format_name}: expected {} at column {column}",
                        mismatch.expected
                    ))
                }
            }
        };
        if let Some(reason) = reason {
            self.fields.clear();
            return Err(BadRecord {
                location: location.clone(),
                reason,
                raw: line.to_owned(),
            });
        }
        if self.options.add_source {
            self.fields.text("source", &location.source);
        }
        if self.options.add_line {
            self.fields.json("line", &location.line.to_string());
        }
        self.fields.finish(record);
        Ok(())
    }

    /// Reads the next line of the current file into the buffer, without its line end.
    fn next_line(&mut self) -> Result<bool> {
        let current = self.current.as_mut().expect("a file is open");
        self.buffer.clear();
        let n = read_line(&mut *current.stream, &mut self.buffer)
            .map_err(|e| Error::io(current.name.to_string(), e))?;
        if n == 0 || (current.complete_only && self.buffer.last() != Some(&b'\n')) {
            return Ok(false);
        }
        self.progress.advance(n);
        current.offset += n as u64;
        current.line += 1;
        current.lines_read += 1;
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(true)
    }

    fn open_next(&mut self) -> Result<bool> {
        let Some(planned) = self.plan.next() else {
            return Ok(false);
        };
        let mut current = match planned {
            // Lines are counted as they are read (below), for tracked files too; the
            // stream's own count would count them twice.
            Read::Whole(source) => Current::new(source.open(&Progress::default())?, source.name()),
            Read::Tracked {
                name,
                planned: read,
            } => {
                let (stream, identity) = state::open_at(&read)?;
                let display: Arc<str> = Arc::from(read.path.to_string_lossy().as_ref());
                let mut current = Current::new(stream, display);
                current.offset = read.offset;
                current.line = read.line;
                if !read.rotated {
                    current.complete_only = true;
                    current.tracked = Some((name, identity));
                }
                current
            }
        };
        if self.fixed.is_none() {
            current.format = self.detect(&mut current)?;
        }
        let format = current.format.as_ref().or(self.fixed.as_ref());
        self.fields
            .use_stable_names(format.is_some_and(LineFormat::names_are_stable));
        self.current = Some(current);
        Ok(true)
    }

    /// The format of the file, from its first lines; `None` only for an empty input.
    fn detect(&self, current: &mut Current) -> Result<Option<LineFormat>> {
        let head = current
            .stream
            .fill_buf()
            .map_err(|e| Error::io(current.name.to_string(), e))?;
        let text = String::from_utf8_lossy(head);
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(DETECT_LINES)
            .collect();
        if lines.is_empty() {
            return Ok(None);
        }
        let Some(format) = detect(&lines, self.options.format.year) else {
            return Err(Error::Data(format!(
                "{}: no known log format in its first lines (tried json, combined, common, \
                 syslog, logfmt); name one with -f",
                current.name
            )));
        };
        if self.options.verbose {
            eprintln!(
                "{}: {}: detected {}",
                self.options.program,
                current.name,
                format.name()
            );
        }
        Ok(Some(format))
    }

    fn close_current(&mut self) {
        let Some(current) = self.current.take() else {
            return;
        };
        if current.unparsed > 0 {
            let format = current
                .format
                .as_ref()
                .or(self.fixed.as_ref())
                .map_or("", LineFormat::name);
            self.reports.push(Unparsed {
                source: current.name.clone(),
                format,
                lines: current.lines_read,
                count: current.unparsed,
                first: current.first_unparsed,
            });
        }
        if let Some((name, identity)) = &current.tracked {
            let reached = identity.reached(name, current.offset, current.line);
            self.reached.push((name.clone(), Some(reached)));
        }
    }

    /// Says on stderr, per file, how many lines did not parse.
    pub fn report(&self) {
        for r in &self.reports {
            eprintln!(
                "{}: {} of {} lines in {} did not parse as {}; first at line {}",
                self.options.program, r.count, r.lines, r.source, r.format, r.first
            );
        }
    }
}

impl crate::job::Records for LogInput {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        LogInput::read(self, record)
    }

    fn location(&self) -> Location {
        LogInput::location(self)
    }

    fn line(&self) -> u64 {
        self.location.line
    }
}

impl Current {
    fn new(stream: Box<dyn BufRead>, name: Arc<str>) -> Current {
        Current {
            stream,
            name,
            offset: 0,
            line: 0,
            lines_read: 0,
            complete_only: false,
            tracked: None,
            format: None,
            unparsed: 0,
            first_unparsed: 0,
        }
    }
}

/// Whether `line` is only white space (`str::trim`'s): told by its first byte for
/// most lines.
fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b) if b.is_ascii_graphic() => false,
        _ => line.trim().is_empty(),
    }
}

/// `--explain`: the line, a caret where the format stopped matching, and why.
fn explain(program: &str, location: &Location, format: &str, line: &str, mismatch: &Mismatch) {
    let column = mismatch.column(line) - 1;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{program}: {location}: does not parse as {format}\n  {line}\n  {}^ expected {}",
        " ".repeat(column),
        mismatch.expected
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_those_trim_empties() {
        for line in ["", " ", "\t \u{b}\u{c}", "\u{3000}\u{a0}", "\u{85}"] {
            assert!(is_blank(line), "{line:?}");
        }
        for line in ["x", " x", "\u{b}x", "é", "\u{3000}x", "\u{1}"] {
            assert!(!is_blank(line), "{line:?}");
        }
    }
}
