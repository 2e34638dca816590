//! One run of one command: the bad-record policy (`--on-error`, `--rejects`,
//! `--max-rejects`), the record counters, the progress bar and the `-v` summary.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::error::{BadRecord, Error, Location, Result};
use crate::format::{self, Input, Output};
use crate::metrics::{Live, RunStats};
use crate::notice::count;
use crate::progress::Progress;
use crate::record::{Header, Record};
use crate::signals;

/// What to do with a bad input record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// Stop at the first bad record with exit status 1.
    #[default]
    Fail,
    /// Skip bad records, count them, and write them to --rejects if given.
    Skip,
    /// A value that does not convert becomes null, and is counted (etl-cast).
    Null,
}

/// The policy as the user set it on the command line.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub on_error: OnError,
    pub rejects: Option<PathBuf>,
    pub max_rejects: Option<u64>,
}

/// Where [`Job::for_each_record`] reads records from: a command's [`Input`], or the
/// log reader of etl-extract-log.
pub trait Records {
    /// Reads the next record; `Ok(false)` at the end. A bad one is an `Error::BadRecord`.
    fn read(&mut self, record: &mut Record) -> Result<bool>;
    /// Where the last record read came from.
    fn location(&self) -> Location;
    /// The line where the last record read starts: `location().line`, without the clone.
    fn line(&self) -> u64;
    /// The header of the current source, for formats that have one.
    fn header(&self) -> Option<Arc<Header>> {
        None
    }
}

impl Records for Input {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        Input::read(self, record)
    }

    fn location(&self) -> Location {
        Input::location(self)
    }

    fn line(&self) -> u64 {
        Input::line(self)
    }

    fn header(&self) -> Option<Arc<Header>> {
        Input::header(self)
    }
}

pub struct Job {
    program: &'static str,
    policy: Policy,
    rejects: Option<BufWriter<File>>,
    verbose: bool,
    progress: Progress,
    started: Instant,
    /// Records in, out and rejected, shared with `--metrics-interval`'s writer.
    live: Arc<Live>,
    nulled: u64,
}

impl Job {
    pub fn new(program: &'static str, policy: Policy, verbose: bool, quiet: bool) -> Result<Job> {
        let rejects = match &policy.rejects {
            Some(path) => Some(BufWriter::new(
                File::create(path).map_err(|e| Error::io(path.display().to_string(), e))?,
            )),
            None => None,
        };
        let progress = Progress::new(quiet);
        progress.set_prefix(program);
        Ok(Job {
            program,
            policy,
            rejects,
            verbose,
            progress,
            started: Instant::now(),
            live: Arc::default(),
            nulled: 0,
        })
    }

    pub fn program(&self) -> &'static str {
        self.program
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// The run's counters as they move, for `--metrics-interval` and the commands that
    /// count records outside the job's loop.
    pub fn live(&self) -> &Arc<Live> {
        &self.live
    }

    /// Feeds every record of `input` to `each`. Bad records, from the reader or from
    /// `each` (an `Error::Data`), go through the bad-record policy; any other error stops.
    pub fn for_each_record(
        &mut self,
        input: &mut impl Records,
        mut each: impl FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        self.for_each_record_while(input, |record, _| each(record).map(|()| true))
    }

    /// Like `for_each_record`, also giving `each` the line where the record starts.
    pub fn for_each_record_at(
        &mut self,
        input: &mut impl Records,
        mut each: impl FnMut(&Record, u64) -> Result<()>,
    ) -> Result<()> {
        self.for_each_record_while(input, |record, line| each(record, line).map(|()| true))
    }

    /// Like [`Job::for_each_record_at`], but stops reading as soon as `each` returns
    /// `Ok(false)`, for commands that need only the start of their input.
    pub fn for_each_record_while(
        &mut self,
        input: &mut impl Records,
        mut each: impl FnMut(&Record, u64) -> Result<bool>,
    ) -> Result<()> {
        let mut record = Record::default();
        loop {
            if !signals::check()? {
                return Ok(());
            }
            match input.read(&mut record) {
                Ok(true) => {
                    self.live.add_in(1);
                    match each(&record, input.line()) {
                        Ok(true) => {}
                        Ok(false) => return Ok(()),
                        Err(Error::Data(reason)) => self.reject(BadRecord {
                            location: input.location(),
                            reason,
                            raw: format::raw_text(&record),
                        })?,
                        Err(err) => return Err(err),
                    }
                }
                Ok(false) => return Ok(()),
                Err(Error::BadRecord(bad)) => {
                    self.live.add_in(1);
                    self.reject(*bad)?
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// Reads the next good record, putting bad ones through the policy: for a command
    /// that reads ahead before its main loop (etl-pg-load infers types from the first
    /// records).
    pub fn next_record(&mut self, input: &mut Input, record: &mut Record) -> Result<bool> {
        loop {
            if !signals::check()? {
                return Ok(false);
            }
            match input.read(record) {
                Ok(true) => {
                    self.live.add_in(1);
                    return Ok(true);
                }
                Ok(false) => return Ok(false),
                Err(Error::BadRecord(bad)) => {
                    self.live.add_in(1);
                    self.reject(*bad)?
                }
                Err(err) => return Err(err),
            }
        }
    }

    /// The policy chosen with --on-error.
    pub fn on_error(&self) -> OnError {
        self.policy.on_error
    }

    /// Counts values that did not convert and were set to null (`--on-error null`).
    pub fn count_nulled(&mut self, values: u64) {
        self.nulled += values;
    }

    /// Applies the policy to one bad record: fail, or count it and write it to the
    /// rejects file.
    pub fn reject(&mut self, bad: BadRecord) -> Result<()> {
        if self.policy.on_error == OnError::Fail {
            return Err(Error::BadRecord(Box::new(bad)));
        }
        self.live.add_rejected(1);
        if let Some(rejects) = &mut self.rejects {
            let line = serde_json::json!({
                "source": &*bad.location.source,
                "line": bad.location.line,
                "reason": bad.reason,
                "raw": bad.raw,
            });
            let path = self.policy.rejects.as_ref().expect("opened from it");
            writeln!(rejects, "{line}").map_err(|e| Error::io(path.display().to_string(), e))?;
        }
        if let Some(max) = self.policy.max_rejects {
            if self.live.rejected() > max {
                return Err(Error::Data(format!(
                    "more than {} rejected; the last: {}: {}",
                    count(max, "record"),
                    bad.location,
                    bad.reason
                )));
            }
        }
        Ok(())
    }

    /// Counts records a command read and wrote without an `Input` or an `Output`
    /// (messages from or to Kafka).
    pub fn add_counts(&mut self, records_in: u64, records_out: u64) {
        self.live.add_in(records_in);
        self.live.add_out(records_out);
    }

    /// Counts the records written, also when the run stops early.
    pub fn count_written(&mut self, records: u64) {
        self.live.set_out(records);
    }

    /// Flushes the output and counts what it wrote.
    pub fn finish_output(&mut self, mut output: Output) -> Result<()> {
        output.flush()?;
        self.live.set_out(output.written());
        Ok(())
    }

    /// Ends the run: clears the progress bar, flushes the rejects file and prints the
    /// summary (with `-v`, and always when records were skipped, so none vanish unseen).
    pub fn finish(mut self, failed: bool) -> Result<()> {
        self.progress.clear();
        if let Some(rejects) = &mut self.rejects {
            let path = self.policy.rejects.as_ref().expect("opened from it");
            rejects
                .flush()
                .map_err(|e| Error::io(path.display().to_string(), e))?;
        }
        if (self.verbose || self.live.rejected() > 0 || self.nulled > 0) && !failed {
            crate::notice::note(self.summary());
        }
        Ok(())
    }

    /// What the run did so far, for `--metrics`.
    pub fn stats(&self) -> RunStats {
        RunStats {
            running: false,
            ..self.live.stats(&self.progress, self.started)
        }
    }

    fn summary(&self) -> String {
        let seconds = self.started.elapsed().as_secs_f64();
        let (records_in, records_out) = (self.live.records_in(), self.live.records_out());
        let mut line = format!("{} in, {records_out} out", count(records_in, "record"));
        if self.live.rejected() > 0 {
            line.push_str(&format!(", {} skipped as bad", self.live.rejected()));
            if let Some(path) = &self.policy.rejects {
                line.push_str(&format!(" (written to {})", path.display()));
            }
        }
        if self.nulled > 0 {
            line.push_str(&format!(", {} set to null", count(self.nulled, "value")));
        }
        line.push_str(&format!(" in {seconds:.2} s"));
        if seconds > 0.0 {
            line.push_str(&format!(" ({}/s)", rate(records_in as f64 / seconds)));
        }
        line
    }
}

/// A rate for people: `2k rec`, `1.5M rec`.
pub fn rate(per_second: f64) -> String {
    match per_second {
        r if r >= 1e6 => format!("{:.1}M rec", r / 1e6),
        r if r >= 1e3 => format!("{:.0}k rec", r / 1e3),
        r => format!("{r:.0} rec"),
    }
}
