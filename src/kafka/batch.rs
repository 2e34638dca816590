//! `--exec`: the consumer runs the user's pipeline once per micro-batch and commits a
//! batch's offsets only when that pipeline exited 0.
//!
//! A shell pipe has no way back from its last stage to its first, so a consumer at the
//! head of `… | etl-pg-load` cannot know whether what it wrote was loaded. Running the
//! pipeline itself gives it that answer: the batch's records stream into the
//! pipeline's stdin as they arrive, its stdin is closed when the batch is full or old
//! enough, and its exit status says whether everything reached the destination. The
//! pipeline runs under `bash -o pipefail`, so a stage that failed or was killed in the
//! middle fails the batch even when the last stage exited 0, and its last stage learns
//! whether the stages before it succeeded before it commits (see [`super::pipeline`]). The consumer stays in its
//! group between batches: no rejoin, no rebalance per batch.
//!
//! Exactly once, where the destination can store offsets with its rows: the pipeline
//! finds the batch's offsets in the file named by `ETLKIT_KAFKA_BATCH` (complete
//! before its input ends), and a destination that keeps them in the same transaction
//! as the rows (`etl-pg-load --offsets-table`) loads a batch only when it starts where
//! the stored offsets end. A batch that overlaps what was stored (delivered again after
//! a crash between the load's commit and Kafka's) is loaded not at all; the destination
//! writes where each partition resumes to the file named by `ETLKIT_KAFKA_RESUME`, and
//! the consumer seeks there and commits those offsets.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::pipeline::{self, UPSTREAM_VARIABLE};
use crate::error::{Error, Result};

/// The variable naming the file with the batch's offsets, for the pipeline.
pub const BATCH_VARIABLE: &str = "ETLKIT_KAFKA_BATCH";
/// The variable naming the file where a destination says where to resume.
pub const RESUME_VARIABLE: &str = "ETLKIT_KAFKA_RESUME";

/// A batch's offsets: what `ETLKIT_KAFKA_BATCH` holds.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct BatchOffsets {
    pub group: String,
    pub partitions: Vec<PartitionRange>,
}

/// The offsets of one partition's messages in a batch, first to last.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PartitionRange {
    pub topic: String,
    pub partition: i32,
    pub first: i64,
    pub last: i64,
}

/// Where a destination already is: what `ETLKIT_KAFKA_RESUME` holds.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Resume {
    pub partitions: Vec<ResumeAt>,
}

/// The next offset a partition's records must start at.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ResumeAt {
    pub topic: String,
    pub partition: i32,
    pub next: i64,
}

/// How a batch ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// No batch was running.
    Nothing,
    /// The pipeline exited 0: its offsets may be committed.
    Done,
    /// The destination had the batch's records (some or all) already: resume here,
    /// committing nothing of the batch.
    Resume(Resume),
}

/// When a batch ends and what runs it.
#[derive(Clone, Debug)]
pub struct Exec {
    /// The pipeline, a bash command line.
    pub command: String,
    /// The consumer group, named in the batch file.
    pub group: String,
    /// A batch ends after this many records…
    pub max_records: u64,
    /// …or this long after its first record, whichever comes first.
    pub max_age: Duration,
}

/// The pipeline of the batch being fed.
struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
    records: u64,
    started: Instant,
}

pub struct Batches {
    exec: Exec,
    /// The pipeline as bash runs it, and whether it reports the status of the stages
    /// before the last.
    script: String,
    reports_upstream: bool,
    running: Option<Running>,
    /// The offsets of the batch's messages so far.
    offsets: BatchOffsets,
    /// Holds the batch and resume files; removed with it.
    files: tempfile::TempDir,
    /// Batches whose pipeline exited 0.
    done: u64,
}

impl Batches {
    pub fn new(exec: Exec) -> Result<Batches> {
        let files = tempfile::Builder::new()
            .prefix("etl-kafka-consume-")
            .tempdir()
            .map_err(|e| Error::io("a temporary folder for --exec", e))?;
        let (script, reports_upstream) = pipeline::script(&exec.command);
        Ok(Batches {
            offsets: BatchOffsets {
                group: exec.group.clone(),
                partitions: Vec::new(),
            },
            script,
            reports_upstream,
            exec,
            running: None,
            files,
            done: 0,
        })
    }

    /// Notes that the message at `offset` of a partition is in the batch.
    pub fn note(&mut self, topic: &str, partition: i32, offset: i64) {
        let ranges = &mut self.offsets.partitions;
        match ranges
            .iter_mut()
            .find(|range| range.partition == partition && range.topic == topic)
        {
            Some(range) => range.last = offset,
            None => ranges.push(PartitionRange {
                topic: topic.to_owned(),
                partition,
                first: offset,
                last: offset,
            }),
        }
    }

    fn batch_file(&self) -> PathBuf {
        self.files.path().join("batch.json")
    }

    fn resume_file(&self) -> PathBuf {
        self.files.path().join("resume.json")
    }

    fn upstream_file(&self) -> PathBuf {
        self.files.path().join("upstream-status")
    }

    /// Feeds `bytes`, holding `records` records, to the batch's pipeline, starting one
    /// when no batch is running.
    pub fn write(&mut self, bytes: &[u8], records: u64) -> Result<()> {
        if self.running.is_none() {
            self.running = Some(self.start()?);
        }
        let running = self.running.as_mut().expect("started above");
        running.records += records;
        let stdin = running.stdin.as_mut().expect("open while running");
        if let Err(err) = stdin.write_all(bytes).and_then(|()| stdin.flush()) {
            // The pipeline stopped reading: its exit status says why.
            return Err(match self.end() {
                Err(failed) => failed,
                Ok(_) => Error::Service(format!(
                    "--exec pipeline stopped reading its input ({err}); the batch's offsets \
                     are not committed"
                )),
            });
        }
        Ok(())
    }

    fn start(&self) -> Result<Running> {
        for stale in [self.batch_file(), self.resume_file(), self.upstream_file()] {
            remove_if_there(&stale)?;
        }
        let mut bash = Command::new("bash");
        bash.args(["-o", "pipefail", "-c", &self.script])
            .env(BATCH_VARIABLE, self.batch_file())
            .env(RESUME_VARIABLE, self.resume_file())
            .stdin(Stdio::piped());
        if self.reports_upstream {
            bash.env(UPSTREAM_VARIABLE, self.upstream_file());
        }
        let mut child = bash.spawn().map_err(|e| Error::io("--exec: bash", e))?;
        let stdin = child.stdin.take();
        Ok(Running {
            child,
            stdin,
            records: 0,
            started: Instant::now(),
        })
    }

    /// Whether the batch has its records, with `pending` more not yet written to it.
    pub fn full_with(&self, pending: u64) -> bool {
        let running = self.running.as_ref().map_or(0, |running| running.records);
        running + pending >= self.exec.max_records
    }

    /// Whether the running batch is old enough to end.
    pub fn due(&self) -> bool {
        self.running
            .as_ref()
            .is_some_and(|running| running.started.elapsed() >= self.exec.max_age)
    }

    /// Ends the running batch: writes the batch file, closes the pipeline's input and
    /// waits for it.
    pub fn end(&mut self) -> Result<Ended> {
        let Some(mut running) = self.running.take() else {
            return Ok(Ended::Nothing);
        };
        // Complete before the pipeline's input ends, which is when it is read.
        let written = write_atomically(&self.batch_file(), &self.offsets);
        self.offsets.partitions.clear();
        drop(running.stdin.take());
        let status = running
            .child
            .wait()
            .map_err(|e| Error::io("--exec pipeline", e))?;
        written?;
        if let Some(resume) = read_resume(&self.resume_file())? {
            return Ok(Ended::Resume(resume));
        }
        if status.success() {
            self.done += 1;
            return Ok(Ended::Done);
        }
        let how = match (
            status.code(),
            std::os::unix::process::ExitStatusExt::signal(&status),
        ) {
            (Some(code), _) => format!("exited with status {code}"),
            (None, Some(signal)) => format!("was killed by signal {signal}"),
            (None, None) => "failed".to_owned(),
        };
        Err(Error::Service(format!(
            "--exec pipeline {how}; the {} records of its batch are not committed and will \
             be read again",
            running.records
        )))
    }

    /// Batches whose pipeline exited 0.
    pub fn done(&self) -> u64 {
        self.done
    }
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io(path.display().to_string(), e))
        }
        _ => Ok(()),
    }
}

/// Writes `value` as JSON to `path` through a rename, so a reader sees all or nothing.
pub fn write_atomically(path: &Path, value: &impl Serialize) -> Result<()> {
    let partial = path.with_extension("partial");
    let text = serde_json::to_vec(value).expect("plain data serialises");
    std::fs::write(&partial, text)
        .and_then(|()| std::fs::rename(&partial, path))
        .map_err(|e| Error::io(path.display().to_string(), e))
}

fn read_resume(path: &Path) -> Result<Option<Resume>> {
    match std::fs::read(path) {
        Ok(text) => serde_json::from_slice(&text)
            .map(Some)
            .map_err(|e| Error::Service(format!("{}: not a resume file: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path.display().to_string(), e)),
    }
}
