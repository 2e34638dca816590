//! The reading side of a load: records are mapped to columns by name, converted to
//! COPY rows here (binary; text when a column needs the server to parse it), and handed
//! in chunks to the sessions, one thread per connection, so converting and the
//! server's inserting run at the same time.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

use super::column::{Form, Kind, NullRules};
use super::session::{CopyColumns, Failure, Message, Session, STAGE_ORDER};
use super::table::Table;
use crate::error::{quoted, Error, Location, Result};
use crate::progress::Progress;
use crate::record::{Header, Record};

/// Rows are sent in chunks of about this many bytes.
const CHUNK: usize = 512 * 1024;

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
}

/// Which record field goes to which column, for one header.
struct Mapping {
    header: Arc<Header>,
    /// (field position, column position) in COPY order.
    fields: Vec<(usize, usize)>,
    columns: Arc<CopyColumns>,
}

type Worker = JoinHandle<Result<Session, Failure>>;

pub struct Loader {
    table: Table,
    options: Options,
    mapping: Option<Mapping>,
    chunk: Vec<u8>,
    chunk_rows: u64,
    since_commit: u64,
    sender: Option<SyncSender<Message>>,
    workers: Vec<Worker>,
    failed: Arc<AtomicBool>,
    committed: Arc<AtomicU64>,
    loaded: u64,
    /// Where each row of the chunk being filled came from.
    chunk_locations: Vec<Location>,
    /// The first load row and row locations of the last chunks sent, to name the
    /// input line of a row the server refused: a COPY fails while its chunk is among
    /// those in flight (queued, or being written), so these are kept.
    recent: VecDeque<(u64, Vec<Location>)>,
    recent_limit: usize,
    progress: Progress,
    started: Instant,
}

impl Loader {
    /// Starts one thread per session; each has its transaction open.
    pub fn start(
        table: Table,
        sessions: Vec<Session>,
        options: Options,
        progress: Progress,
    ) -> Loader {
        let queued = 2 * sessions.len();
        // Socket buffers can hold several MB the server has not read yet.
        let recent_limit = queued + 2 * sessions.len() + 32;
        let (sender, receiver) = sync_channel(queued);
        let queue = Arc::new(Mutex::new(receiver));
        let failed = Arc::new(AtomicBool::new(false));
        let committed = Arc::new(AtomicU64::new(0));
        let workers = sessions
            .into_iter()
            .map(|session| {
                let (queue, failed, committed) = (queue.clone(), failed.clone(), committed.clone());
                std::thread::spawn(move || session.serve(&queue, &committed, &failed))
            })
            .collect();
        Loader {
            table,
            options,
            mapping: None,
            chunk: Vec::with_capacity(CHUNK + 64 * 1024),
            chunk_rows: 0,
            since_commit: 0,
            sender: Some(sender),
            workers,
            failed,
            committed,
            loaded: 0,
            chunk_locations: Vec::new(),
            recent: VecDeque::with_capacity(recent_limit + 1),
            recent_limit,
            progress,
            started: Instant::now(),
        }
    }

    /// Converts one record into a COPY row. A value that does not convert is an
    /// `Error::Data` (a bad record); a field without a column is a usage error.
    pub fn write(&mut self, record: &Record, location: &Location) -> Result<()> {
        if self.failed.load(Ordering::SeqCst) {
            return Err(self.worker_error());
        }
        let same_header = self
            .mapping
            .as_ref()
            .is_some_and(|m| Arc::ptr_eq(&m.header, record.header()));
        if !same_header {
            let mapping = self.map(record.header())?;
            let changed = self
                .mapping
                .as_ref()
                .is_some_and(|m| m.columns != mapping.columns);
            if changed {
                self.send_chunk()?;
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
        let mapping = self.mapping.as_ref().expect("set above");
        let form = mapping.columns.form;
        let start = self.chunk.len();
        if form == Form::Binary {
            self.chunk
                .extend_from_slice(&(mapping.fields.len() as i16).to_be_bytes());
        }
        for (i, &(field, column)) in mapping.fields.iter().enumerate() {
            if form == Form::Text && i > 0 {
                self.chunk.push(b'\t');
            }
            let encoded = self.table.columns[column].encode(
                record.get(field),
                self.options.rules,
                form,
                &mut self.chunk,
            );
            if let Err(reason) = encoded {
                self.chunk.truncate(start);
                return Err(Error::Data(reason));
            }
        }
        if form == Form::Text {
            self.chunk.push(b'\n');
        }
        self.chunk_rows += 1;
        self.chunk_locations.push(location.clone());
        self.since_commit += 1;
        if self
            .options
            .commit_every
            .is_some_and(|n| self.since_commit >= n)
        {
            self.send_chunk()?;
            self.send(Message::Commit)?;
            self.since_commit = 0;
        } else if self.chunk.len() >= CHUNK {
            self.send_chunk()?;
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

    fn send_chunk(&mut self) -> Result<()> {
        if self.chunk_rows == 0 {
            return Ok(());
        }
        let data = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK + 64 * 1024));
        let columns = self
            .mapping
            .as_ref()
            .expect("rows have a mapping")
            .columns
            .clone();
        let rows = std::mem::take(&mut self.chunk_rows);
        let first_row = self.loaded;
        self.loaded += rows;
        self.recent
            .push_back((first_row, std::mem::take(&mut self.chunk_locations)));
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
            data,
            rows,
            first_row,
        })
    }

    fn send(&mut self, message: Message) -> Result<()> {
        let sender = self.sender.as_ref().expect("open until finished");
        if sender.send(message).is_err() || self.failed.load(Ordering::SeqCst) {
            return Err(self.worker_error());
        }
        Ok(())
    }

    /// Stops after a failure: rolls back every open transaction and returns how many
    /// records `--commit-every` had committed.
    pub fn abort(mut self) -> u64 {
        self.stop();
        self.committed.load(Ordering::SeqCst)
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
    pub fn finish(mut self) -> Result<u64> {
        self.send_chunk()?;
        let sessions = self.join()?;
        let mut sessions = sessions.into_iter();
        while let Some(mut session) = sessions.next() {
            if let Err(e) = session.commit() {
                let reason = super::connect::describe(&e);
                for rest in sessions {
                    rest.rollback();
                }
                return Err(self.failure(&reason, None));
            }
        }
        Ok(self.loaded)
    }

    /// Closes the queue and waits for the sessions; any error rolls back all of them.
    fn join(&mut self) -> Result<Vec<Session>> {
        self.sender = None;
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
                Err(self.failure(&failure.reason, location))
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
        let (first, locations) = self.recent.iter().rev().find(|(first, _)| *first <= row)?;
        locations.get((row - first) as usize).cloned()
    }

    /// The error for a failed load, starting with the input location of the row the
    /// server refused when it is known.
    fn failure(&self, reason: &str, location: Option<Location>) -> Error {
        let committed = self.committed.load(Ordering::SeqCst);
        let kept = if self.options.commit_every.is_some() {
            format!(
                "{committed} records committed before the failure stay, the rest was rolled back"
            )
        } else {
            "rolled back, the table is as before".to_owned()
        };
        let at = location.map_or(String::new(), |l| format!("{l}: "));
        Error::Service(format!(
            "{at}loading into {} failed ({kept}): {reason}",
            self.table.name
        ))
    }
}

impl Drop for Loader {
    /// A load that did not finish (a bad record, an error) rolls back every session.
    fn drop(&mut self) {
        self.stop();
    }
}
