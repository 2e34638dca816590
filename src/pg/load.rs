//! The reading side of a load: records are mapped to columns by name, converted to
//! COPY rows here (binary; text when a column needs the server to parse it), and handed
//! in chunks to the sessions, one thread per connection, so converting and the
//! server's inserting run at the same time.
//!
//! Records are converted a batch at a time. With `--jobs N` a batch is split in N
//! parts converted by N threads: one thread converting every record cannot keep N
//! connections busy. Bad records are then handed to the policy in input order.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use super::column::{Form, Kind, NullRules};
use super::refused::{Refused, RefusedRows};
use super::session::{Commits, CopyColumns, Failure, Message, Session, STAGE_ORDER};
use super::table::Table;
use super::two_phase::{self, Outcome};
use crate::error::{quoted, BadRecord, Error, Location, Result};
use crate::format::raw_text;
use crate::job::Job;
use crate::metrics::Live;
use crate::progress::Progress;
use crate::record::{Header, Record, ValueRef, Values};

/// Rows are sent in chunks of about this many bytes.
const CHUNK: usize = 512 * 1024;
/// Rows per chunk until the first batch shows how large rows are.
const FIRST_CHUNK_ROWS: usize = 1024;

/// How to load, from the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub rules: NullRules,
    /// Leave out fields that have no column, instead of failing.
    pub ignore_extra: bool,
    /// `--upsert` key columns.
    pub upsert: Option<Vec<String>>,
    /// Commit after every N records.
    pub commit_every: Option<u64>,
    /// Transactions are committed along the way (`--commit-every`, `--commit-interval`).
    pub commits_along: bool,
    /// `--on-error skip`: rows the server refuses go to the job's policy too, so each
    /// row keeps its input text until its chunk is loaded.
    pub skip_refused: bool,
}

/// Which record field goes to which column, for one header.
struct Mapping {
    header: Arc<Header>,
    /// (field position, column position) in COPY order.
    fields: Vec<(usize, usize)>,
    columns: Arc<CopyColumns>,
}

/// The COPY rows of one part of a batch.
struct Chunk {
    data: Vec<u8>,
    /// Where each row came from.
    origins: Origins,
    /// The records that did not convert: (position in the batch, reason).
    bad: Vec<(usize, String)>,
}

/// Where the rows of a chunk came from: each row's line, and the source of each run of
/// rows. The source is shared only when it changes: counting references to it for
/// every row, from several converting threads, costs more than the rest of the
/// bookkeeping.
struct Origins {
    lines: Vec<u64>,
    /// (first row, source) of each run of rows from one source.
    sources: Vec<(usize, Arc<str>)>,
    /// Each row's record as read, for the rejects file (`--on-error skip` only).
    raws: Vec<String>,
}

impl Origins {
    fn with_capacity(rows: usize) -> Origins {
        Origins {
            lines: Vec::with_capacity(rows),
            sources: Vec::new(),
            raws: Vec::new(),
        }
    }

    fn push(&mut self, location: &Location) {
        let same_source = self
            .sources
            .last()
            .is_some_and(|(_, source)| Arc::ptr_eq(source, &location.source));
        if !same_source {
            self.sources
                .push((self.lines.len(), location.source.clone()));
        }
        self.lines.push(location.line);
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    fn get(&self, row: usize) -> Option<Location> {
        let line = *self.lines.get(row)?;
        let (_, source) = self.sources.iter().rev().find(|(first, _)| *first <= row)?;
        Some(Location {
            source: source.clone(),
            line,
        })
    }
}

type Worker = JoinHandle<Result<Session, Failure>>;

pub struct Loader {
    table: Table,
    options: Options,
    mapping: Option<Mapping>,
    /// Records waiting to be converted, all mapped as `mapping` says; the slots past
    /// `batch_len` are spare records whose buffers the reader reuses.
    batch: Vec<(Record, Location)>,
    batch_len: usize,
    /// Rows that make about one chunk, from the sizes of the rows converted so far.
    chunk_rows: usize,
    /// Threads that convert a batch.
    converters: usize,
    since_commit: u64,
    sender: Option<SyncSender<Message>>,
    workers: Vec<Worker>,
    failed: Arc<AtomicBool>,
    /// Why the sessions failed, once they were joined: a later call reports it again
    /// (a failure found while the input paused, `--commit-interval`, is reported by
    /// the next write or the finish).
    failed_with: Option<(String, Option<Location>)>,
    /// Rows the sessions refused and not yet handed to the job, and how many were.
    refused: Arc<RefusedRows>,
    refused_total: u64,
    commits: Arc<Commits>,
    loaded: u64,
    /// The first load row and row locations of the last chunks sent, to name the
    /// input line of a row the server refused: a COPY fails while its chunk is among
    /// those in flight (queued, or being written), so these are kept.
    recent: VecDeque<(u64, Origins)>,
    recent_limit: usize,
    progress: Progress,
    /// Where the count of rows sent is published, for --metrics-interval.
    live: Arc<Live>,
    started: Instant,
}

impl Loader {
    /// Starts one thread per session; each has its transaction open.
    pub fn start(
        table: Table,
        sessions: Vec<Session>,
        options: Options,
        progress: Progress,
        live: Arc<Live>,
    ) -> Loader {
        let converters = sessions.len().max(1);
        let queued = 2 * sessions.len();
        // Socket buffers can hold several MB the server has not read yet.
        let recent_limit = queued + 2 * sessions.len() + 32;
        let (sender, receiver) = sync_channel(queued);
        let queue = Arc::new(Mutex::new(receiver));
        let failed = Arc::new(AtomicBool::new(false));
        let commits = Arc::new(Commits::default());
        let refused = Arc::new(RefusedRows::default());
        let workers = sessions
            .into_iter()
            .map(|session| {
                let (queue, failed, commits, refused) = (
                    queue.clone(),
                    failed.clone(),
                    commits.clone(),
                    refused.clone(),
                );
                std::thread::spawn(move || session.serve(&queue, &commits, &failed, &refused))
            })
            .collect();
        Loader {
            table,
            options,
            mapping: None,
            batch: Vec::new(),
            batch_len: 0,
            chunk_rows: FIRST_CHUNK_ROWS,
            converters,
            since_commit: 0,
            sender: Some(sender),
            workers,
            failed,
            failed_with: None,
            refused,
            refused_total: 0,
            commits,
            loaded: 0,
            recent: VecDeque::with_capacity(recent_limit + 1),
            recent_limit,
            progress,
            live,
            started: Instant::now(),
        }
    }

    /// Takes one record, leaving a spare one in its place. A value that does not
    /// convert makes a bad record for `job`'s policy (once its batch is converted); a
    /// field without a column is a usage error.
    pub fn write(&mut self, record: &mut Record, location: Location, job: &mut Job) -> Result<()> {
        if self.failed.load(Ordering::SeqCst) {
            return Err(self.worker_error());
        }
        let same_header = self
            .mapping
            .as_ref()
            .is_some_and(|m| Arc::ptr_eq(&m.header, record.header()));
        if !same_header {
            let mapping = self.map(record.header())?;
            // A new header with the fields in the same places converts the same way.
            let same_fields = self
                .mapping
                .as_ref()
                .is_some_and(|m| m.fields == mapping.fields && m.columns == mapping.columns);
            if !same_fields {
                self.convert_batch(job)?;
            }
            self.mapping = Some(match &self.mapping {
                // Same columns: keep the Arc, so the session keeps its COPY open.
                Some(old) if old.columns == mapping.columns => Mapping {
                    columns: old.columns.clone(),
                    ..mapping
                },
                _ => mapping,
            });
        }
        match self.batch.get_mut(self.batch_len) {
            Some(slot) => {
                std::mem::swap(&mut slot.0, record);
                slot.1 = location;
            }
            None => self.batch.push((std::mem::take(record), location)),
        }
        self.batch_len += 1;
        let full = self.batch_len >= self.converters * self.chunk_rows;
        let commit = self
            .options
            .commit_every
            .is_some_and(|n| self.since_commit + self.batch_len as u64 >= n);
        if full || commit {
            self.convert_batch(job)?;
        }
        Ok(())
    }

    /// Converts and sends what the last batch holds; call at the end of the input.
    pub fn flush(&mut self, job: &mut Job) -> Result<()> {
        self.convert_batch(job)
    }

    /// Converts the batch, hands its bad records to `job`'s policy in input order,
    /// then sends the rows, committing when `--commit-every` says.
    fn convert_batch(&mut self, job: &mut Job) -> Result<()> {
        self.hand_refused(job)?;
        let Some(chunks) = self.convert() else {
            return Ok(());
        };
        let batch = &self.batch[..std::mem::take(&mut self.batch_len)];
        for (position, reason) in chunks.iter().flat_map(|c| &c.bad) {
            let (record, location) = &batch[*position];
            job.reject(BadRecord {
                location: location.clone(),
                reason: reason.clone(),
                raw: raw_text(record),
            })?;
        }
        self.send_chunks(chunks)
    }

    /// When the input pauses (`--commit-interval`): sends what the batch holds, so the
    /// sessions commit it in time. A batch with a bad record stays for the next call
    /// that has the job, whose policy decides.
    pub fn send_while_idle(&mut self) -> Result<()> {
        let Some(chunks) = self.convert() else {
            return Ok(());
        };
        if chunks.iter().any(|chunk| !chunk.bad.is_empty()) {
            return Ok(());
        }
        self.batch_len = 0;
        self.send_chunks(chunks)
    }

    /// The batch's records as COPY rows, on `converters` threads; `None` when empty.
    fn convert(&self) -> Option<Vec<Chunk>> {
        let mapping = self.mapping.as_ref().filter(|_| self.batch_len > 0)?;
        let batch = &self.batch[..self.batch_len];
        let part_rows = batch.len().div_ceil(self.converters);
        let (table, rules, keep_raw) = (&self.table, self.options.rules, self.options.skip_refused);
        let chunks: Vec<Chunk> = std::thread::scope(|scope| {
            let mut parts = batch.chunks(part_rows).enumerate();
            let (_, first) = parts.next().expect("the batch has rows");
            let others: Vec<_> = parts
                .map(|(i, part)| {
                    scope.spawn(move || {
                        convert(table, mapping, (rules, keep_raw), part, i * part_rows)
                    })
                })
                .collect();
            let mut chunks = vec![convert(table, mapping, (rules, keep_raw), first, 0)];
            for other in others {
                chunks.push(other.join().expect("a converting thread panicked"));
            }
            chunks
        });
        Some(chunks)
    }

    /// Sends converted rows, committing when `--commit-every` says.
    fn send_chunks(&mut self, chunks: Vec<Chunk>) -> Result<()> {
        let (rows, bytes) = chunks.iter().fold((0, 0), |(rows, bytes), c| {
            (rows + c.origins.len(), bytes + c.data.len())
        });
        if rows > 0 {
            self.chunk_rows = (CHUNK * rows / bytes.max(1)).clamp(1, 64 * 1024);
        }
        for chunk in chunks {
            self.send_chunk(chunk)?;
        }
        self.since_commit += rows as u64;
        if self
            .options
            .commit_every
            .is_some_and(|n| self.since_commit >= n)
        {
            self.send(Message::Commit)?;
            self.since_commit = 0;
        }
        Ok(())
    }

    /// Maps a header's fields to the table's columns.
    fn map(&self, header: &Arc<Header>) -> Result<Mapping> {
        let mut fields = Vec::new();
        let mut names = Vec::new();
        for (position, name) in header.names().iter().enumerate() {
            if header.index(name) != Some(position) {
                continue; // a repeated CSV column name: the first one counts
            }
            match self.table.column(name) {
                Some(column) => {
                    fields.push((position, column));
                    names.push(name.to_string());
                }
                None if self.options.ignore_extra => {}
                None => {
                    return Err(Error::usage(format!(
                        "field {} has no column in table {}; --ignore-extra leaves it out",
                        quoted(name),
                        self.table.name
                    )))
                }
            }
        }
        if let Some(keys) = &self.options.upsert {
            for key in keys {
                if !names.contains(key) {
                    return Err(Error::usage(format!(
                        "--upsert key {} is not a field of the input",
                        quoted(key)
                    )));
                }
            }
            if names.iter().any(|n| n == STAGE_ORDER) {
                return Err(Error::usage(format!(
                    "--upsert cannot load a column named {STAGE_ORDER}"
                )));
            }
        }
        // One column the server must parse makes the whole COPY text.
        let form = match fields
            .iter()
            .any(|&(_, column)| self.table.columns[column].kind == Kind::Other)
        {
            true => Form::Text,
            false => Form::Binary,
        };
        Ok(Mapping {
            header: header.clone(),
            fields,
            columns: Arc::new(CopyColumns { names, form }),
        })
    }

    fn send_chunk(&mut self, chunk: Chunk) -> Result<()> {
        let rows = chunk.origins.len() as u64;
        if rows == 0 {
            return Ok(());
        }
        let columns = self
            .mapping
            .as_ref()
            .expect("rows have a mapping")
            .columns
            .clone();
        let first_row = self.loaded;
        self.loaded += rows;
        self.live.set_out(self.loaded);
        self.recent.push_back((first_row, chunk.origins));
        if self.recent.len() > self.recent_limit {
            self.recent.pop_front();
        }
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        self.progress.set_message(format!(
            "{} records sent ({:.0}/s)",
            self.loaded,
            self.loaded as f64 / seconds
        ));
        self.send(Message::Rows {
            columns,
            data: chunk.data,
            rows,
            first_row,
        })
    }

    fn send(&mut self, message: Message) -> Result<()> {
        let sent = match &self.sender {
            Some(sender) => sender.send(message).is_ok(),
            None => false,
        };
        if !sent || self.failed.load(Ordering::SeqCst) {
            return Err(self.worker_error());
        }
        Ok(())
    }

    /// Stops after a failure: rolls back every open transaction and returns how many
    /// records `--commit-every` had committed.
    pub fn abort(mut self) -> u64 {
        self.stop();
        self.commits.committed.load(Ordering::SeqCst)
    }

    /// Waits for the sessions (they finish what was sent) and rolls them back.
    fn stop(&mut self) {
        if !self.workers.is_empty() {
            if let Ok(sessions) = self.join() {
                for session in sessions {
                    session.rollback();
                }
            }
        }
    }

    /// Ends the input; the sessions finish their COPYs, and only when every one has
    /// succeeded are they committed. Returns the number of records loaded.
    pub fn finish(self, job: &mut Job) -> Result<u64> {
        self.finish_if(job, |_| Ok(true))
            .map(|loaded| loaded.expect("always committed"))
    }

    /// Like [`Loader::finish`], but first asks `commit` in the (single) open
    /// transaction whether to commit; `Ok(None)` when it said no and the load was
    /// rolled back.
    pub fn finish_if(
        mut self,
        job: &mut Job,
        commit: impl FnOnce(&mut postgres::Client) -> Result<bool>,
    ) -> Result<Option<u64>> {
        let mut sessions = self.join()?;
        if let Err(err) = self.hand_refused(job) {
            sessions.into_iter().for_each(Session::rollback);
            return Err(err);
        }
        let loaded = self.loaded - self.refused_total;
        self.progress.set_message("committing".to_owned());
        match commit(&mut sessions[0].client) {
            Ok(true) => {}
            Ok(false) => {
                sessions.into_iter().for_each(Session::rollback);
                return Ok(None);
            }
            Err(err) => {
                sessions.into_iter().for_each(Session::rollback);
                return Err(err);
            }
        }
        if sessions.len() == 1 {
            let mut session = sessions.pop().expect("one session");
            if let Err(e) = session.commit() {
                if super::session::commit_outcome_unknown(&e) {
                    let in_doubt = self.loaded
                        - self.refused_total
                        - self.commits.committed.load(Ordering::SeqCst);
                    self.commits.in_doubt.store(in_doubt, Ordering::SeqCst);
                }
                session.rollback();
                return Err(self.failure(&super::connect::describe(&e), None));
            }
            return Ok(Some(loaded));
        }
        match two_phase::commit(sessions) {
            Ok(Outcome::Committed) => {}
            Ok(Outcome::CommittedPending(statements)) => crate::notice::warning(format_args!(
                "the load is committed, but part of it waits as prepared transactions that \
                 the next etl-pg-load on this database commits, or: {}",
                statements.join("; ")
            )),
            Err(reason) => return Err(self.failure(&reason, None)),
        }
        Ok(Some(loaded))
    }

    /// Closes the queue and waits for the sessions; any error rolls back all of them.
    fn join(&mut self) -> Result<Vec<Session>> {
        self.sender = None;
        if let Some((reason, location)) = &self.failed_with {
            return Err(self.failure(reason, location.clone()));
        }
        let mut sessions = Vec::new();
        let mut first_error = None;
        for worker in self.workers.drain(..) {
            match worker.join() {
                Ok(Ok(session)) => sessions.push(session),
                Ok(Err(failure)) => {
                    first_error.get_or_insert(failure);
                }
                Err(_) => {
                    first_error.get_or_insert(Failure {
                        reason: "a loading thread failed".to_owned(),
                        row: None,
                    });
                }
            }
        }
        match first_error {
            None => Ok(sessions),
            Some(failure) => {
                for session in sessions {
                    session.rollback();
                }
                let location = failure.row.and_then(|row| self.location(row));
                let err = self.failure(&failure.reason, location.clone());
                self.failed_with = Some((failure.reason, location));
                Err(err)
            }
        }
    }

    /// The error of a failed session, after stopping all of them.
    fn worker_error(&mut self) -> Error {
        match self.join() {
            Err(err) => err,
            Ok(sessions) => {
                for session in sessions {
                    session.rollback();
                }
                Error::Service("a loading connection closed".into())
            }
        }
    }

    /// Where row `row` of the load came from, if its chunk is recent enough.
    fn location(&self, row: u64) -> Option<Location> {
        let (first, origins) = self.recent.iter().rev().find(|(first, _)| *first <= row)?;
        origins.get((row - first) as usize)
    }

    /// Hands the rows the sessions refused to the job's policy (`--on-error skip`,
    /// `--max-rejects`), with their input line and text.
    fn hand_refused(&mut self, job: &mut Job) -> Result<()> {
        let refused = std::mem::take(&mut *self.refused.lock().expect("refused rows"));
        for Refused { row, reason } in refused {
            self.refused_total += 1;
            let found = self.recent.iter().rev().find(|(first, _)| *first <= row);
            let (location, raw) = match found {
                Some((first, origins)) => {
                    let i = (row - first) as usize;
                    (origins.get(i), origins.raws.get(i).cloned())
                }
                None => (None, None),
            };
            let location = location.unwrap_or_else(|| Location {
                source: Arc::from("<input>"),
                line: 0,
            });
            job.reject(BadRecord {
                location,
                reason,
                raw: raw.unwrap_or_default(),
            })?;
        }
        Ok(())
    }

    /// The error for a failed load, starting with the input location of the row the
    /// server refused when it is known.
    fn failure(&self, reason: &str, location: Option<Location>) -> Error {
        let committed = self.commits.committed.load(Ordering::SeqCst);
        let in_doubt = self.commits.in_doubt.load(Ordering::SeqCst);
        let kept = match (self.options.commits_along, in_doubt) {
            (true, 0) => format!(
                "{committed} records committed before the failure stay, the rest was rolled back"
            ),
            (true, _) => format!(
                "{committed} records committed before the failure stay, and the connection \
                 was lost while the next {in_doubt} were committed: they may be there too; \
                 the rest was rolled back"
            ),
            (false, 0) => "rolled back, the table is as before".to_owned(),
            (false, _) => format!(
                "the connection was lost while the {in_doubt} records were committed: they \
                 may be in the table or not"
            ),
        };
        let at = location.map_or(String::new(), |l| format!("{l}: "));
        Error::Service(format!(
            "{at}loading into {} failed ({kept}): {reason}",
            self.table.name
        ))
    }
}

/// Converts records into COPY rows; `first` is the position of `records` in its batch.
fn convert(
    table: &Table,
    mapping: &Mapping,
    (rules, keep_raw): (NullRules, bool),
    records: &[(Record, Location)],
    first: usize,
) -> Chunk {
    let mut chunk = Chunk {
        data: Vec::with_capacity(CHUNK + 64 * 1024),
        origins: Origins::with_capacity(records.len()),
        bad: Vec::new(),
    };
    for (i, (record, location)) in records.iter().enumerate() {
        match convert_row(table, mapping, rules, record, &mut chunk.data) {
            Ok(()) => {
                chunk.origins.push(location);
                if keep_raw {
                    chunk.origins.raws.push(raw_text(record));
                }
            }
            Err(reason) => chunk.bad.push((first + i, reason)),
        }
    }
    chunk
}

/// Appends one record as a COPY row; a value that does not convert leaves `out` as it
/// was and gives the reason.
fn convert_row(
    table: &Table,
    mapping: &Mapping,
    rules: NullRules,
    record: &Record,
    out: &mut Vec<u8>,
) -> std::result::Result<(), String> {
    let start = out.len();
    // One match per record, not per field.
    let written = match record.values() {
        Values::Text(row) => write_fields(
            table,
            mapping,
            rules,
            |i| row.get(i).map(ValueRef::Text),
            out,
        ),
        Values::Json(values) => write_fields(
            table,
            mapping,
            rules,
            |i| values.get(i).map(ValueRef::Json),
            out,
        ),
        Values::Raw(row) => write_fields(
            table,
            mapping,
            rules,
            |i| row.get(i).map(ValueRef::Raw),
            out,
        ),
    };
    if written.is_err() {
        out.truncate(start);
    }
    written
}

/// Writes a row's fields, `value` giving each by its position in the record.
fn write_fields<'a>(
    table: &Table,
    mapping: &Mapping,
    rules: NullRules,
    value: impl Fn(usize) -> Option<ValueRef<'a>>,
    out: &mut Vec<u8>,
) -> std::result::Result<(), String> {
    let form = mapping.columns.form;
    if form == Form::Binary {
        out.extend_from_slice(&(mapping.fields.len() as i16).to_be_bytes());
    }
    for (i, &(field, column)) in mapping.fields.iter().enumerate() {
        if form == Form::Text && i > 0 {
            out.push(b'\t');
        }
        table.columns[column].encode(value(field), rules, form, out)?;
    }
    if form == Form::Text {
        out.push(b'\n');
    }
    Ok(())
}

impl Drop for Loader {
    /// A load that did not finish (a bad record, an error) rolls back every session.
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_keep_each_rows_source_and_line() {
        let (a, b): (Arc<str>, Arc<str>) = ("a.csv".into(), "b.csv".into());
        let at = |source: &Arc<str>, line| Location {
            source: source.clone(),
            line,
        };
        let mut origins = Origins::with_capacity(4);
        for location in [at(&a, 2), at(&a, 3), at(&b, 2), at(&a, 9)] {
            origins.push(&location);
        }
        let shown: Vec<String> = (0..5)
            .map(|row| origins.get(row).map_or("-".into(), |l| l.to_string()))
            .collect();
        assert_eq!(shown, ["a.csv:2", "a.csv:3", "b.csv:2", "a.csv:9", "-"]);
        assert_eq!(origins.sources.len(), 3, "a source is kept once per run");
    }
}
