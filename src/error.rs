//! Errors with the context a user needs to fix their data: where (input and line or
//! record number), which field, which value, and what was expected.
//!
//! The program name is added once, by `cli::run`, when the error is printed.

use std::fmt;
use std::io;
use std::sync::Arc;

use crate::exit::Exit;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where a record came from: `events.csv:1234`, or `<stdin>:7`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub source: Arc<str>,
    /// 1-based line where the record starts (for CSV, the first line of a multi-line record).
    pub line: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.line)
    }
}

/// One bad input record: its location, what is wrong, and the raw text for `--rejects`.
#[derive(Debug)]
pub struct BadRecord {
    pub location: Location,
    pub reason: String,
    /// The record as it was read (a CSV row re-encoded, or the NDJSON line).
    pub raw: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line is wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A record is bad; `--on-error` decides whether it stops the run (exit 1).
    #[error("{}: {}", .0.location, .0.reason)]
    BadRecord(Box<BadRecord>),
    /// Bad data that no reject policy applies to, e.g. too many rejects (exit 1).
    #[error("{0}")]
    Data(String),
    /// A file could not be opened, read or written (exit 3).
    #[error("{what}: {}", io_message(.source))]
    Io { what: String, source: io::Error },
    /// A database or broker failed (exit 4).
    #[error("{0}")]
    Service(String),
    /// A group consumer's reader closed stdout: what it wrote since its last commit is
    /// left uncommitted, for the group to read again (exit 141).
    #[error("{0}")]
    Unread(String),
    /// Stopped cleanly on a signal; the exit status is 128 + its number.
    #[error("interrupted by signal {}", .0 - 128)]
    Interrupted(u8),
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }

    pub fn bad_record(
        location: Location,
        reason: impl Into<String>,
        raw: impl Into<String>,
    ) -> Error {
        Error::BadRecord(Box::new(BadRecord {
            location,
            reason: reason.into(),
            raw: raw.into(),
        }))
    }

    /// An I/O error; a read given up on a signal is the stop it is.
    pub fn io(what: impl Into<String>, source: io::Error) -> Error {
        if crate::format::wait::is_stopped(&source) {
            return Error::Interrupted(crate::signals::exit_status().unwrap_or(128 + 15));
        }
        Error::Io {
            what: what.into(),
            source,
        }
    }

    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            Error::BadRecord(_) | Error::Data(_) => Exit::DataError,
            Error::Io { .. } => Exit::Io,
            Error::Service(_) => Exit::Service,
            Error::Interrupted(_) => Exit::Interrupted,
            Error::Unread(_) => Exit::Unread,
        }
    }

    /// A downstream reader closed the pipe: the conventional end of `… | head`.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// An I/O error in the system's words, without Rust's `(os error 2)` after them.
pub fn io_message(err: &io::Error) -> String {
    let text = err.to_string();
    match (err.raw_os_error(), text.rfind(" (os error ")) {
        (Some(_), Some(at)) => text[..at].to_owned(),
        _ => text,
    }
}

/// The reason text for a value that does not fit: `field "amount": "12,5" is not a float`.
pub fn bad_value(field: &str, value: &str, expected: &str) -> String {
    format!("field {}: {} {}", quoted(field), quoted(value), expected)
}

/// A name or value quoted for an error message, with control characters escaped and
/// long values shortened so one bad field cannot flood the terminal.
pub fn quoted(text: &str) -> String {
    const MAX: usize = 80;
    let mut shown: String = text.chars().take(MAX).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}
