//! SIGINT, SIGTERM and SIGHUP: how a command stops without losing what it has read.
//!
//! A pipeline is stopped by signalling every process in it at once (`systemctl stop`,
//! ^C). What each one does then depends on its place in the pipe:
//!
//! - A **source** (etl-extract-log, etl-kafka-consume) stops reading, writes and commits
//!   what it has read, and exits with 128 + the signal's number.
//! - Any other command, a **relay**, reading a pipe goes on reading it to its end (the
//!   source upstream is ending too), writes everything and exits as it would have; if
//!   the pipe has not ended within the drain timeout, it writes what it has produced and
//!   exits with 128 + the signal's number. A relay reading files or a terminal has
//!   nobody upstream to wait for and stops at once, the same way.
//!
//! The handlers only set a flag; readers and loops look at it ([`check`]), and a
//! reader waiting on a quiet pipe is woken by the signal itself (see `format::wait`).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::error::{Error, Result};

/// How long a relay reads on after a signal, unless `--drain-timeout` says.
pub const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// A command's place in a pipeline, which decides what a signal makes it do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Source,
    Relay,
}

struct Caught {
    received: Arc<AtomicUsize>,
    role: Role,
    /// stdin is a pipe, which a relay reading it drains after a signal.
    stdin_pipe: bool,
    /// An input of the command reads stdin; an input reads files only (a lookup file of
    /// etl-join, or every input): a relay that reads no stdin has no pipe to drain.
    reads_stdin: AtomicBool,
    reads_files_only: AtomicBool,
    drain_timeout: Duration,
    /// When the first signal was noticed, from which the drain timeout runs.
    noticed: Mutex<Option<Instant>>,
}

static CAUGHT: OnceLock<Caught> = OnceLock::new();

/// Catches SIGINT, SIGTERM and SIGHUP from now on, for a command of `role`.
pub fn catch(role: Role, drain_timeout: Duration) -> Result<()> {
    let received = Arc::new(AtomicUsize::new(0));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register_usize(signal, received.clone(), signal as usize)
            .map_err(|e| Error::io("signal handler", e))?;
    }
    let caught = Caught {
        received,
        role,
        stdin_pipe: stdin_is_pipe(),
        reads_stdin: AtomicBool::new(false),
        reads_files_only: AtomicBool::new(false),
        drain_timeout,
        noticed: Mutex::new(None),
    };
    // A second call (tests of the library) keeps the first handlers' flag.
    let _ = CAUGHT.set(caught);
    Ok(())
}

/// Notes an input opened: one that reads stdin, or one of files only. A relay whose
/// inputs are all files stops at once on a signal: there is no pipe to drain.
pub fn reading(stdin: bool) {
    if let Some(caught) = CAUGHT.get() {
        let flag = match stdin {
            true => &caught.reads_stdin,
            false => &caught.reads_files_only,
        };
        flag.store(true, Ordering::SeqCst);
    }
}

impl Caught {
    fn drains(&self) -> bool {
        self.role == Role::Relay
            && self.stdin_pipe
            && (self.reads_stdin.load(Ordering::SeqCst)
                || !self.reads_files_only.load(Ordering::SeqCst))
    }
}

/// The exit status for the signal received (128 + its number), if one was.
pub fn exit_status() -> Option<u8> {
    let caught = CAUGHT.get()?;
    match caught.received.load(Ordering::Relaxed) {
        0 => None,
        signal => Some(128 + signal as u8),
    }
}

/// What a reading loop does next: `Ok(true)` go on, `Ok(false)` stop reading as if the
/// input had ended (a source), `Err(Interrupted)` stop the run (a relay that does not
/// drain, or whose drain timed out).
pub fn check() -> Result<bool> {
    let Some(status) = exit_status() else {
        return Ok(true);
    };
    let caught = CAUGHT.get().expect("a signal was caught");
    match caught.role {
        Role::Source => Ok(false),
        Role::Relay if drain_deadline().is_some_and(|at| Instant::now() < at) => Ok(true),
        Role::Relay => Err(Error::Interrupted(status)),
    }
}

/// Until when a relay waits for its pipe to end after a signal; `None` before any
/// signal, and for a command that does not drain (then it is already past).
pub fn drain_deadline() -> Option<Instant> {
    let caught = CAUGHT.get()?;
    exit_status()?;
    let mut noticed = caught.noticed.lock().unwrap_or_else(|e| e.into_inner());
    let first = *noticed.get_or_insert_with(Instant::now);
    if caught.drains() {
        Some(first + caught.drain_timeout)
    } else {
        Some(first)
    }
}

fn stdin_is_pipe() -> bool {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    match rustix::fs::fstat(&stdin) {
        Ok(stat) => matches!(
            rustix::fs::FileType::from_raw_mode(stat.st_mode),
            rustix::fs::FileType::Fifo | rustix::fs::FileType::Socket
        ),
        Err(_) => false,
    }
}
