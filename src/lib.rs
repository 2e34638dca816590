//! etlkit: the shared parts behind the `etl-*` commands.
//!
//! - [`record`]: the record model (ordered named fields, text or typed values).
//! - [`format`]: CSV, TSV and NDJSON readers and writers; the input and output of a command.
//! - [`selector`]: the field-list grammar every command shares.
//! - [`ops`]: record transforms (select, …).
//! - [`extract`]: log lines → records (etl-extract-log), and its incremental state.
//! - [`run`]: the one runner of the record commands and their [`run::Operator`]s.
//! - [`job`]: one run of a command: bad-record policy, counters, summary.
//! - [`error`] and [`exit`]: errors with context, and the documented exit codes.
//! - [`cli`]: the clap definitions (the source of help, man pages and completions) and
//!   the shared `main`.
//! - [`progress`]: the progress bar on stderr.
//! - [`signals`]: SIGINT, SIGTERM, SIGHUP: sources stop, relays drain their pipe.
//! - [`metrics`]: `--metrics`, what a run did, for monitoring.
//! - [`time`]: timestamps: the forms read, RFC 3339 written.
//! - [`pg`]: PostgreSQL connections and binary COPY loading.
//! - [`kafka`]: the Kafka client behind etl-kafka-produce and etl-kafka-consume.

pub mod cli;
pub mod error;
pub mod exit;
pub mod expr;
pub mod extract;
pub mod format;
pub mod infer;
pub mod job;
pub mod kafka;
pub mod metrics;
pub mod notice;
pub mod ops;
pub mod pg;
pub mod progress;
pub mod read_ahead;
pub mod record;
pub mod run;
pub mod selector;
pub mod signals;
pub mod state_file;
pub mod time;
pub mod value;

pub use error::{Error, Result};
pub use record::Record;
