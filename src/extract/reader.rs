//! The input of `etl-extract-log`: log files (or stdin) line by line, each line parsed
//! into a record in the file's format; multi-line records joined; lines that do not
//! parse counted per file and handed to the bad-record policy (or kept as
//! `{"unparsed": …}`); with `--state`, where each file was left; with `--follow`,
//! each file kept open at its end and read again as it grows, across rotations.

use std::collections::VecDeque;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use regex::Regex;

use super::fields::{append_to_message, Fields, TsRule};
use super::state::{self, Pending, Place, Planned, RotationSet, Seen, SetReading};
use super::{detect, FormatSpec, LineFormat, Mismatch};
use crate::error::{BadRecord, Error, Location, Result};
use crate::format::{read_line, wait, Source};
use crate::notice;
use crate::progress::Progress;
use crate::record::Record;
use crate::signals;

/// First lines looked at to detect a file's format.
const DETECT_LINES: usize = 20;
/// How often `--follow` looks at its files while none has anything new (and so how
/// soon it notices a signal then).
const POLL: Duration = Duration::from_millis(200);
/// `--follow --state`: the pending state is written at most this often.
const SAVE_EVERY: Duration = Duration::from_secs(1);

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

/// A file named on the command line: the name its state is kept under (its absolute
/// path) and the path it is opened by.
#[derive(Clone, Debug)]
pub struct Named {
    pub name: String,
    pub path: PathBuf,
}

/// A file `--follow` watches.
struct Watched {
    file: Named,
    /// The file, open at its end while it has nothing new; `None` while the path holds
    /// no file (yet) or the file is being read.
    parked: Option<Current>,
    /// Read to its end and not followed (gzip).
    done: bool,
}

/// `--follow`: the files watched once read to their end.
struct Follow {
    files: Vec<Watched>,
    /// `--state`: where to write the pending state as the follower goes.
    pending: Option<Pending>,
    /// The file looked at first next time, so one busy file cannot starve the others.
    next: usize,
    /// The watched file whose path holds another file, to plan once the old one is
    /// read to its end.
    replan: Option<usize>,
    /// When the pending state was last written, and what it said.
    saved: Option<(Instant, Vec<RotationSet>)>,
}

/// What a look at the watched paths found to do.
enum Change {
    /// The file at `index` has a file at its path at last: read it whole.
    Appeared(usize),
    /// The path holds another file: read the rest of the old one, then the new one.
    Replaced(usize),
    /// Truncated in place (copytruncate): the rest from the copy, then the file anew.
    Truncated(usize),
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
    /// Lines that did parse.
    parsed: u64,
}

struct Current {
    stream: Box<dyn BufRead>,
    name: Arc<str>,
    /// Content bytes up to the end of the last complete line read.
    offset: u64,
    line: u64,
    lines_read: u64,
    /// Lines that parsed as the format.
    parsed: u64,
    /// A live file under --state: a last line without its newline is left for later.
    complete_only: bool,
    /// `--follow`: kept open at its end instead of closed.
    followed: bool,
    /// `--follow`: the start of a last line read before it was complete.
    partial: Vec<u8>,
    /// Offset and line count before the last line read.
    line_start: (u64, u64),
    /// Offset and line count before the first line of the record held, if any.
    held_at: (u64, u64),
    /// `--follow`: already waited once for the held record's continuation lines.
    lingered: bool,
    /// Under `--state` or `--follow`: where in its rotation set to record the state
    /// reached.
    tracked: Option<Tracked>,
    format: Option<LineFormat>,
    unparsed: u64,
    first_unparsed: u64,
}

/// A file read as part of a rotation set.
struct Tracked {
    /// The set's name.
    name: String,
    place: Place,
    identity: state::Identity,
}

pub struct LogInput {
    options: Options,
    plan: VecDeque<Read>,
    progress: Progress,
    /// The parser of `-f`, unless `auto`.
    fixed: Option<LineFormat>,
    current: Option<Current>,
    fields: Fields,
    buffer: Vec<u8>,
    held: Option<Held>,
    location: Location,
    reports: Vec<Unparsed>,
    /// The rotation sets of the tracked reads, advanced as each file is read.
    sets: Vec<SetReading>,
    follow: Option<Follow>,
}

impl LogInput {
    /// Reads `plan`; the tracked reads advance `sets`, their rotation sets.
    pub fn new(
        options: Options,
        plan: Vec<Read>,
        sets: Vec<SetReading>,
        progress: Progress,
    ) -> Result<LogInput> {
        let fixed = LineFormat::from_spec(&options.format)?;
        Ok(LogInput {
            fields: Fields::new(options.ts_rule.clone()),
            options,
            plan: plan.into(),
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
            sets,
            follow: None,
        })
    }

    /// `--follow`: once read to its end, each of `files` (the tracked reads of the plan)
    /// is watched for new lines and rotation until a signal; a file not there yet is
    /// read once it appears. Under `--state`, `pending` is written as it goes.
    pub fn follow(&mut self, files: Vec<Named>, pending: Option<Pending>) {
        let mut watched: Vec<Watched> = Vec::new();
        for file in files {
            // A file named twice is followed once.
            if watched.iter().all(|w| w.file.name != file.name) {
                watched.push(Watched {
                    file,
                    parked: None,
                    done: false,
                });
            }
        }
        self.follow = Some(Follow {
            files: watched,
            pending,
            next: 0,
            replan: None,
            saved: None,
        });
    }

    /// Where the last record read came from (its first line).
    pub fn location(&self) -> Location {
        self.location.clone()
    }

    /// The rotation sets of the tracked files as far as this run got, for the pending
    /// state: a file still open (following, or stopped by a signal) at the end of the
    /// last record given out, not at a record still held.
    pub fn sets(&self) -> Vec<RotationSet> {
        let mut sets = self.sets.clone();
        let parked = self.follow.iter().flat_map(|follow| {
            follow
                .files
                .iter()
                .filter_map(|w| w.parked.as_ref())
                .map(|parked| (parked, false))
        });
        let open = self
            .current
            .iter()
            .map(|current| (current, self.held.is_some()))
            .chain(parked);
        for (current, holding) in open {
            let Some(tracked) = &current.tracked else {
                continue;
            };
            let (offset, line) = if holding {
                current.held_at
            } else {
                (current.offset, current.line)
            };
            if let Some(set) = sets.iter_mut().find(|s| s.name() == tracked.name) {
                set.reached(tracked.place, &tracked.identity, offset, line);
            }
        }
        sets.iter().map(SetReading::set).collect()
    }

    /// Reads the next record; `Ok(false)` after the last input. A line that does not
    /// parse is an `Error::BadRecord` (unless kept as `{"unparsed": …}`).
    pub fn read(&mut self, record: &mut Record) -> Result<bool> {
        loop {
            if self.current.is_none() && !self.open_next()? {
                return Ok(false);
            }
            if !self.next_line()? {
                if self.current.as_ref().is_some_and(|c| c.followed) {
                    if self.held.is_some() && self.linger()? {
                        continue;
                    }
                    self.park_current();
                } else {
                    self.close_current();
                }
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
        if self.fixed.is_none() && self.current.as_ref().is_some_and(|c| c.format.is_none()) {
            self.detect_late(line)?;
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
        let current = self.current.as_mut().expect("a file is open");
        current.held_at = current.line_start;
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
            Ok(()) => {
                current.parsed += 1;
                self.fields.failed().map(str::to_owned)
            }
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
        self.buffer.append(&mut current.partial);
        read_line(&mut *current.stream, &mut self.buffer)
            .map_err(|e| Error::io(current.name.to_string(), e))?;
        let n = self.buffer.len();
        if n == 0 || (current.complete_only && self.buffer.last() != Some(&b'\n')) {
            if current.followed {
                // The rest of the line is still to be written.
                std::mem::swap(&mut current.partial, &mut self.buffer);
            }
            return Ok(false);
        }
        self.progress.advance(n);
        current.line_start = (current.offset, current.line);
        current.offset += n as u64;
        current.line += 1;
        current.lines_read += 1;
        current.lingered = false;
        while matches!(self.buffer.last(), Some(b'\n' | b'\r')) {
            self.buffer.pop();
        }
        Ok(true)
    }

    fn open_next(&mut self) -> Result<bool> {
        let planned = loop {
            if let Some(planned) = self.plan.pop_front() {
                break planned;
            }
            if let Some(index) = self.follow.as_mut().and_then(|f| f.replan.take()) {
                self.plan_again(index);
                continue;
            }
            if self.follow.is_none() || !self.wait_for_lines()? {
                return Ok(false);
            }
            if self.current.is_some() {
                return Ok(true);
            }
        };
        let mut current = match planned {
            // Lines are counted as they are read (below), for tracked files too; the
            // stream's own count would count them twice.
            Read::Whole(source) => {
                Current::new(source.open(&Progress::default(), None)?, source.name())
            }
            Read::Tracked {
                name,
                planned: read,
            } => {
                let (stream, identity, line) = state::open_at(&read)?;
                let display: Arc<str> = Arc::from(read.path.to_string_lossy().as_ref());
                let mut current = Current::new(stream, display);
                current.offset = read.offset;
                current.line = line;
                current.complete_only = !read.to_the_end;
                if let (Place::Current, Some(follow)) = (read.place, &mut self.follow) {
                    if identity.is_gzip() {
                        let watched = follow.files.iter_mut().find(|w| w.file.name == name);
                        if let Some(watched) = watched {
                            watched.done = true;
                        }
                    } else {
                        current.followed = true;
                    }
                }
                current.tracked = Some(Tracked {
                    name,
                    place: read.place,
                    identity,
                });
                current
            }
        };
        if self.fixed.is_none() {
            current.format = self.detect(&mut current, None)?;
        }
        self.enter(current);
        Ok(true)
    }

    /// Makes `current` the file read, with its format's way with field names.
    fn enter(&mut self, current: Current) {
        let format = current.format.as_ref().or(self.fixed.as_ref());
        self.fields
            .use_stable_names(format.is_some_and(LineFormat::names_are_stable));
        self.current = Some(current);
    }

    /// The format of a file that had no line yet when it was opened (a followed file
    /// that was empty, or a stream whose first bytes were blank lines), from `line`,
    /// its first, and those after it.
    fn detect_late(&mut self, line: &str) -> Result<()> {
        let mut current = self.current.take().expect("a file is open");
        let detected = match self.detect(&mut current, Some(line)) {
            Ok(format) => {
                current.format = format;
                Ok(())
            }
            Err(err) => Err(err),
        };
        self.enter(current);
        detected
    }

    /// The format of the file, from `first` and the lines after it (its first lines
    /// when `None`); `None` only for an empty input.
    fn detect(&self, current: &mut Current, first: Option<&str>) -> Result<Option<LineFormat>> {
        let head = current
            .stream
            .fill_buf()
            .map_err(|e| Error::io(current.name.to_string(), e))?;
        let text = String::from_utf8_lossy(head);
        // Continuation lines (--multiline-start) belong to the record before them.
        let starts = |line: &&str| {
            let start = self.options.multiline_start.as_ref();
            start.is_none_or(|start| start.is_match(line))
        };
        let lines: Vec<&str> = first
            .into_iter()
            .chain(text.lines())
            .filter(|l| !l.trim().is_empty())
            .filter(starts)
            .take(DETECT_LINES)
            .collect();
        if lines.is_empty() {
            return Ok(None);
        }
        let detection = detect(&lines, self.options.format.year);
        let Some(format) = detection.format else {
            return Err(Error::Data(format!(
                "{}: no log format fits its first lines ({}); name one with -f, or \
                 describe the lines with --pattern or --regex",
                current.name, detection.tally
            )));
        };
        if self.options.verbose {
            notice::note(format_args!(
                "{}: detected {} ({})",
                current.name,
                format.name(),
                detection.tally
            ));
        }
        Ok(Some(format))
    }

    fn close_current(&mut self) {
        let Some(current) = self.current.take() else {
            return;
        };
        if let Some(unparsed) = self.unparsed(&current) {
            self.reports.push(unparsed);
        }
        if let Some(tracked) = &current.tracked {
            if let Some(set) = self.sets.iter_mut().find(|s| s.name() == tracked.name) {
                let (offset, line) = (current.offset, current.line);
                set.closed(tracked.place, &tracked.identity, offset, line);
            }
        }
    }

    /// How many lines of `current` did not parse, if any did not.
    fn unparsed(&self, current: &Current) -> Option<Unparsed> {
        if current.unparsed == 0 {
            return None;
        }
        let format = current
            .format
            .as_ref()
            .or(self.fixed.as_ref())
            .map_or("", LineFormat::name);
        Some(Unparsed {
            source: current.name.clone(),
            format,
            lines: current.lines_read,
            count: current.unparsed,
            first: current.first_unparsed,
            parsed: current.parsed,
        })
    }

    /// `--follow`, the current file at its end while a record is held for its
    /// continuation lines: waits once, one poll, for more of the file before the record
    /// is given out. Whether more came.
    fn linger(&mut self) -> Result<bool> {
        let current = self.current.as_mut().expect("a file is open");
        if current.lingered || signals::exit_status().is_some() {
            return Ok(false);
        }
        current.lingered = true;
        flush_output()?;
        std::thread::sleep(POLL);
        let current = self.current.as_mut().expect("a file is open");
        let more = current
            .stream
            .fill_buf()
            .map_err(|e| Error::io(current.name.to_string(), e))?;
        Ok(!more.is_empty())
    }

    /// `--follow`: the current file, at its end, waits among the watched ones.
    fn park_current(&mut self) {
        let mut current = self.current.take().expect("a file is open");
        current.lingered = false;
        let follow = self.follow.as_mut().expect("following");
        let name = &current
            .tracked
            .as_ref()
            .expect("a followed file is tracked")
            .name;
        match follow.files.iter_mut().find(|w| w.file.name == *name) {
            Some(watched) if watched.parked.is_none() && !watched.done => {
                watched.parked = Some(current);
            }
            // Named twice: the first is followed.
            _ => {
                self.current = Some(current);
                self.close_current();
            }
        }
    }

    /// `--follow`, every file at its end: looks at the files every [`POLL`] until one
    /// has new bytes (it becomes the current file) or its path holds another file
    /// (what to read next is planned), flushing the output and writing the pending
    /// state before each wait. `Ok(false)` once a signal came.
    fn wait_for_lines(&mut self) -> Result<bool> {
        loop {
            if signals::exit_status().is_some() {
                return Ok(false);
            }
            if self.resume_one()? || self.look_for_changes()? {
                return Ok(true);
            }
            if stdout_closed() {
                // `| head` is done: end quietly, as a write would.
                let closed = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
                return Err(Error::io("<stdout>", closed));
            }
            flush_output()?;
            self.save_pending()?;
            std::thread::sleep(POLL);
        }
    }

    /// Makes the first watched file with new bytes the current one.
    fn resume_one(&mut self) -> Result<bool> {
        let follow = self.follow.as_mut().expect("following");
        let count = follow.files.len();
        for k in (0..count).map(|i| (follow.next + i) % count) {
            let Some(parked) = follow.files[k].parked.as_mut() else {
                continue;
            };
            let more = parked
                .stream
                .fill_buf()
                .map_err(|e| Error::io(parked.name.to_string(), e))?;
            if !more.is_empty() {
                follow.next = (k + 1) % count;
                let parked = follow.files[k].parked.take().expect("parked");
                self.enter(parked);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Looks at each watched path: a file that appeared is read whole; a rotated one
    /// is read to its very end (its last line even without a newline), then what is
    /// planned for its set (the new file whole); one truncated in place (copytruncate)
    /// is read on from the copy beside it, if any, then from its start. Whether there
    /// is something to read.
    fn look_for_changes(&mut self) -> Result<bool> {
        let follow = self.follow.as_mut().expect("following");
        let mut change = None;
        for (index, watched) in follow.files.iter_mut().enumerate() {
            if watched.done {
                continue;
            }
            let path = &watched.file.path;
            let Some(parked) = watched.parked.as_mut() else {
                if std::fs::metadata(path).is_ok_and(|meta| meta.is_file()) {
                    change = Some(Change::Appeared(index));
                    break;
                }
                continue;
            };
            let read_to = parked.offset + parked.partial.len() as u64;
            let tracked = parked.tracked.as_mut().expect("a followed file is tracked");
            match tracked.identity.seen_at(path, read_to) {
                Seen::Same | Seen::Gone => {}
                Seen::Replaced => {
                    change = Some(Change::Replaced(index));
                    break;
                }
                Seen::Truncated => {
                    change = Some(Change::Truncated(index));
                    break;
                }
            }
        }
        let Some(change) = change else {
            return Ok(false);
        };
        let (Change::Appeared(index) | Change::Replaced(index) | Change::Truncated(index)) = change;
        match (change, follow.files[index].parked.take()) {
            (Change::Replaced(_), Some(mut old)) => {
                old.followed = false;
                old.complete_only = false;
                follow.replan = Some(index);
                self.enter(old);
                return Ok(true);
            }
            (Change::Truncated(_), Some(old)) => {
                self.current = Some(old);
                self.close_current();
            }
            _ => {}
        }
        self.plan_again(index);
        Ok(!self.plan.is_empty())
    }

    /// `--follow`: plans what to read of the watched file at `index` and its old files,
    /// from where its rotation set is now.
    fn plan_again(&mut self, index: usize) {
        let follow = self.follow.as_ref().expect("following");
        let file = &follow.files[index].file;
        let at = self.sets.iter().position(|s| s.name() == file.name);
        let known = at.map(|at| self.sets[at].set());
        // Gone again already, or unreadable: looked at again next time.
        let Ok((reads, set)) = state::plan(&file.path, &file.name, known.as_ref()) else {
            return;
        };
        match at {
            Some(at) => self.sets[at] = set,
            None => self.sets.push(set),
        }
        let name = &file.name;
        self.plan
            .extend(reads.into_iter().map(|planned| Read::Tracked {
                name: name.clone(),
                planned,
            }));
    }

    /// `--follow --state`: writes the pending state when it moved, at most once per
    /// [`SAVE_EVERY`]; the output was flushed before.
    fn save_pending(&mut self) -> Result<()> {
        let follow = self.follow.as_ref().expect("following");
        let Some(pending) = &follow.pending else {
            return Ok(());
        };
        if follow
            .saved
            .as_ref()
            .is_some_and(|(at, _)| at.elapsed() < SAVE_EVERY)
        {
            return Ok(());
        }
        let reached = self.sets();
        if follow
            .saved
            .as_ref()
            .is_some_and(|(_, saved)| *saved == reached)
        {
            return Ok(());
        }
        pending.save(&reached)?;
        self.follow.as_mut().expect("following").saved = Some((Instant::now(), reached));
        Ok(())
    }

    /// A file read to its end of which no line parsed: the wrong format, most likely,
    /// which must not pass for a run that found nothing. An error naming it, unless
    /// the lines went where the user asked (`--keep-unparsed`, `--rejects`).
    pub fn nothing_parsed(&self) -> Result<()> {
        let Some(r) = self.reports.iter().find(|r| r.parsed == 0) else {
            return Ok(());
        };
        Err(Error::Data(format!(
            "{}: no line parsed as {} (--explain says why; --rejects FILE or --keep-unparsed \
             to go on without them)",
            r.source, r.format
        )))
    }

    /// Says on stderr, per file, how many lines did not parse (following, also of the
    /// files still open).
    pub fn report(&self) {
        let open: Vec<Unparsed> = match &self.follow {
            Some(follow) => self
                .current
                .iter()
                .chain(follow.files.iter().filter_map(|w| w.parked.as_ref()))
                .filter_map(|current| self.unparsed(current))
                .collect(),
            None => Vec::new(),
        };
        for r in self.reports.iter().chain(&open) {
            notice::note(format_args!(
                "{} of {} in {} did not parse as {}; first at line {}",
                r.count,
                notice::count(r.lines, "line"),
                r.source,
                r.format,
                r.first
            ));
        }
    }
}

/// Whether stdout is a pipe nobody reads any more: a follower with nothing to write
/// would not learn it from a write.
fn stdout_closed() -> bool {
    use rustix::event::{poll, PollFd, PollFlags, Timespec};
    let stdout = std::io::stdout();
    let mut fds = [PollFd::new(&stdout, PollFlags::empty())];
    matches!(poll(&mut fds, Some(&Timespec::default())), Ok(n) if n > 0)
        && fds[0].revents().contains(PollFlags::ERR)
}

/// Flushes the command's output before the reader waits (see `format::wait`).
fn flush_output() -> Result<()> {
    wait::before_waiting().map_err(|e| Error::io("<stdout>", e))
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
            parsed: 0,
            complete_only: false,
            followed: false,
            partial: Vec::new(),
            line_start: (0, 0),
            held_at: (0, 0),
            lingered: false,
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
