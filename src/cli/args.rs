//! Argument groups shared by the commands, defined once and flattened into each.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::format::{Format, Source};
use crate::job::{OnError, Policy};
use crate::metrics::Labels;

/// Where records come from and in which format.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input format; by default detected per input (a `.tsv` name means TSV, a first
    /// non-blank byte `{` means NDJSON, anything else CSV).
    #[arg(short = 'I', long, value_name = "FORMAT")]
    pub input_format: Option<Format>,
}

/// The output format.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format; by default the same as the (first) input's.
    #[arg(short = 'O', long, value_name = "FORMAT")]
    pub output_format: Option<Format>,
}

/// What happens to bad input records: one contract for every command that reads records.
#[derive(Debug, Args)]
pub struct BadInputArgs {
    /// What to do with a bad record (a malformed line, a ragged CSV row, a value that
    /// does not convert): fail stops with exit status 1; skip counts it and goes on.
    #[arg(long, value_name = "POLICY", default_value = "fail")]
    pub on_error: OnError,
    /// Write each skipped record to FILE as one NDJSON object {"source","line","reason","raw"}.
    /// Implies --on-error skip.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Fail (exit status 1) once more than N records were skipped.
    #[arg(long, value_name = "N")]
    pub max_rejects: Option<u64>,
}

impl BadInputArgs {
    pub fn policy(&self) -> Policy {
        let implies_skip = self.rejects.is_some() || self.max_rejects.is_some();
        let on_error = if implies_skip && self.on_error == OnError::Fail {
            OnError::Skip
        } else {
            self.on_error
        };
        Policy {
            on_error,
            rejects: self.rejects.clone(),
            max_rejects: self.max_rejects,
        }
    }
}

/// Progress and summary on stderr.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Print a one-line summary on stderr at the end (records in and out, skipped, time).
    #[arg(short, long)]
    pub verbose: bool,
    /// Print only errors and warnings: no progress bar (drawn only when stderr is a
    /// terminal anyway), no summary and no notes, not even of records skipped (count
    /// them with --rejects or --metrics). For crontab lines, which mail any output.
    #[arg(short, long)]
    pub quiet: bool,
    /// At exit, write run metrics (records in, out and rejected, bytes read, duration,
    /// exit status, last success time) to FILE as a Prometheus text file for
    /// node_exporter's textfile collector, replaced atomically; `-` prints them as one
    /// JSON line on stderr.
    #[arg(long, value_name = "FILE")]
    pub metrics: Option<PathBuf>,
    /// While the command runs, also rewrite the --metrics every DURATION (with
    /// etlkit_running 1, Kafka consumer lag and record age), for services.
    #[arg(long, value_name = "DURATION", requires = "metrics", value_parser = positive_duration)]
    pub metrics_interval: Option<Duration>,
    /// Add the label NAME="VALUE" to every metric (repeatable), e.g. job=nightly.
    #[arg(long, value_name = "NAME=VALUE", requires = "metrics", value_parser = Labels::parse)]
    pub metrics_label: Vec<(String, String)>,
    /// After SIGTERM, SIGINT or SIGHUP, how long a command reading a pipe goes on
    /// reading it to its end (the source upstream is stopping too) before it writes what
    /// it has and exits with 128 + the signal's number: 30s, 2m, 0.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = duration)]
    pub drain_timeout: Duration,
}

/// A duration on the command line: `0`, `500ms`, `30s`, `2m`.
pub fn duration(text: &str) -> Result<Duration, String> {
    crate::ops::cast::units::duration_seconds(text)
        .filter(|seconds| seconds.is_finite() && (0.0..1e9).contains(seconds))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a duration such as 0, 30s or 2m"))
}

/// A duration that is more than zero: `500ms`, `1s`, `1m`.
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    duration(text)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{text:?} is not a duration such as 500ms, 1s or 1m"))
}

/// The options every record command shares: formats, the bad-record policy, reporting.
#[derive(Debug, Args)]
pub struct RecordArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub bad_input: BadInputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Turns file arguments into sources: `-` is stdin, no files at all means stdin.
pub fn sources(files: &[OsString]) -> Vec<Source> {
    files.iter().map(|f| Source::from_arg(f)).collect()
}
