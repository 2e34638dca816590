//! The exit codes every etlkit command uses, and the table that documents them.
//!
//! One enum, rendered into `--help`, every man page's EXIT STATUS and the README, so
//! the documentation cannot drift from what the binaries do.

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything was read and written; also when a reader downstream closed the pipe.
    Success = 0,
    /// Bad input data under `--on-error fail`, or more rejects than `--max-rejects`.
    DataError = 1,
    /// The command line was wrong: an unknown option, a bad expression, a field not in the header.
    Usage = 2,
    /// A file could not be opened, read or written.
    Io = 3,
    /// PostgreSQL or Kafka failed; a load was rolled back, no offsets were committed.
    Service = 4,
    /// Stopped by SIGINT (128 + 2); 143 for SIGTERM.
    Interrupted = 130,
    /// A group consumer's reader closed stdout (128 + SIGPIPE, as a shell would say).
    Unread = 141,
}

impl Exit {
    /// Every code, in the order the documentation lists them.
    pub const ALL: [Exit; 7] = [
        Exit::Success,
        Exit::DataError,
        Exit::Usage,
        Exit::Io,
        Exit::Service,
        Exit::Interrupted,
        Exit::Unread,
    ];

    /// The codes of a command that reads and writes records, files and pipes only.
    pub const RECORDS: &'static [Exit] = &[
        Exit::Success,
        Exit::DataError,
        Exit::Usage,
        Exit::Io,
        Exit::Interrupted,
    ];

    /// The codes of a command that also talks to PostgreSQL or Kafka: all but the last.
    pub const SERVICE: &'static [Exit] = Exit::ALL.as_slice().split_at(6).0;

    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Success => "success, also when a reader downstream closed the pipe (`| head`)",
            Exit::DataError => {
                "bad input data under --on-error fail, or more rejects than --max-rejects"
            }
            Exit::Usage => {
                "usage error: unknown option, bad expression, a field that is not in the header"
            }
            Exit::Io => "a file could not be opened, read or written",
            Exit::Service => {
                "PostgreSQL or Kafka failed: the load was rolled back, no offsets were committed"
            }
            Exit::Interrupted => {
                "stopped by SIGINT (143 for SIGTERM, 129 for SIGHUP) before its input ended"
            }
            Exit::Unread => {
                "etl-kafka-consume -g: stdout's reader went away; what it may not have read is not committed"
            }
        }
    }

    /// The table of these codes as plain text, for `--help`.
    pub fn table_text(exits: &[Exit]) -> String {
        exits
            .iter()
            .map(|e| format!("  {:>3}  {}\n", e.code(), e.meaning()))
            .collect()
    }

    /// The table as Markdown, for the README.
    pub fn table_markdown() -> String {
        let mut out = String::from("| code | meaning |\n|---|---|\n");
        for e in Exit::ALL {
            out.push_str(&format!("| {} | {} |\n", e.code(), e.meaning()));
        }
        out
    }
}
