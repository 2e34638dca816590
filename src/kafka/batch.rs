//! `--exec`: the consumer runs the user's pipeline once per micro-batch and commits a
//! batch's offsets only when that pipeline exited 0.
//!
//! A shell pipe has no way back from its last stage to its first, so a consumer at the
//! head of `… | etl-pg-load` cannot know whether what it wrote was loaded. Running the
//! pipeline itself gives it that answer: the batch's records stream into the
//! pipeline's stdin as they arrive, its stdin is closed when the batch is full or old
//! enough, and its exit status says whether everything reached the destination. The
//! pipeline runs under `bash -o pipefail`, so a stage that failed or was killed in the
//! middle fails the batch even when the last stage exited 0. The consumer stays in its
//! group between batches: no rejoin, no rebalance per batch.

use std::io::Write;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// When a batch ends and what runs it.
#[derive(Clone, Debug)]
pub struct Exec {
    /// The pipeline, a bash command line.
    pub command: String,
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
    running: Option<Running>,
    /// Batches whose pipeline exited 0.
    done: u64,
}

impl Batches {
    pub fn new(exec: Exec) -> Batches {
        Batches {
            exec,
            running: None,
            done: 0,
        }
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
        let child = Command::new("bash")
            .args(["-o", "pipefail", "-c", &self.exec.command])
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| Error::io("--exec: bash", e))?;
        let mut child = child;
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

    /// Ends the running batch: closes the pipeline's input and waits for it. `Ok(true)`
    /// when it exited 0 (its offsets may be committed), `Ok(false)` when no batch ran.
    pub fn end(&mut self) -> Result<bool> {
        let Some(mut running) = self.running.take() else {
            return Ok(false);
        };
        drop(running.stdin.take());
        let status = running
            .child
            .wait()
            .map_err(|e| Error::io("--exec pipeline", e))?;
        if status.success() {
            self.done += 1;
            return Ok(true);
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
