//! Argument groups shared by the commands, defined once and flattened into each.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::format::csv::{Dialect, HeaderRow, Ragged};
use crate::format::{Format, Layout, Source};
use crate::job::{OnError, Policy};
use crate::metrics::Labels;

/// Where records come from and in which format.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input format; by default detected per input (a `.tsv` name means TSV, a first
    /// non-blank byte `{` means NDJSON, anything else CSV).
    #[arg(short = 'I', long, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// The field delimiter of CSV and TSV input: one character, or \t (default: `,` for
    /// CSV, a tab for TSV).
    #[arg(short = 'd', long, value_name = "CHAR", value_parser = one_byte)]
    pub delimiter: Option<u8>,
    /// The quote of CSV input fields (default: `"`).
    #[arg(long, value_name = "CHAR", value_parser = one_byte)]
    pub quote: Option<u8>,
    /// CSV and TSV input has no header row: its first row is data, and its fields are
    /// named 1, 2, 3…
    #[arg(long)]
    pub no_header: bool,
    /// CSV and TSV input has no header row, and its fields have these names.
    #[arg(
        long,
        value_name = "NAMES",
        value_delimiter = ',',
        conflicts_with = "no_header"
    )]
    pub header_names: Option<Vec<String>>,
    /// A CSV or TSV row with another number of fields than the header: error (a bad
    /// record), pad (missing fields are empty, more is an error), truncate (missing
    /// fields are empty, fields past the header are dropped).
    #[arg(long, value_name = "RULE", default_value = "error")]
    pub ragged: Ragged,
    /// The input's encoding when it is not UTF-8: latin1, windows-1252, utf-16le,
    /// utf-16be… (UTF-16 with a byte order mark is told without it). Output is UTF-8.
    #[arg(long, value_name = "NAME", value_parser = crate::format::encoding::by_label)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl InputArgs {
    /// How CSV and TSV input is laid out.
    pub fn dialect(&self) -> crate::error::Result<Dialect> {
        let quote = self.quote.unwrap_or(b'"');
        if self.delimiter == Some(quote) {
            return Err(crate::error::Error::usage(
                "--delimiter and --quote are the same character",
            ));
        }
        Ok(Dialect {
            delimiter: self.delimiter,
            quote: self.quote,
            header: match (&self.header_names, self.no_header) {
                (Some(names), _) => HeaderRow::Named(names.clone()),
                (None, true) => HeaderRow::Numbered,
                (None, false) => HeaderRow::First,
            },
            ragged: self.ragged,
            encoding: self.encoding,
        })
    }
}

/// One character that is one byte, as a delimiter or quote: `;`, `|`, `\t` or a tab;
/// not a line end.
pub fn one_byte(text: &str) -> Result<u8, String> {
    let byte = match text {
        "\\t" | "tab" => b'\t',
        _ => match text.as_bytes() {
            [byte] if byte.is_ascii() => *byte,
            _ => return Err(format!("{text:?} is not one character such as ; | or \\t")),
        },
    };
    match byte {
        b'\n' | b'\r' => Err("a line end cannot be a delimiter or quote".to_owned()),
        byte => Ok(byte),
    }
}

/// The output format.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format; by default the same as the (first) input's.
    #[arg(short = 'O', long, value_name = "FORMAT")]
    pub output_format: Option<Format>,
}

/// How CSV and TSV output is laid out.
#[derive(Debug, Args)]
pub struct CsvOutputArgs {
    /// The field delimiter of CSV and TSV output: one character, or \t (default: `,`
    /// for CSV, a tab for TSV).
    #[arg(long, value_name = "CHAR", value_parser = one_byte)]
    pub output_delimiter: Option<u8>,
    /// Write CSV and TSV output without its header row.
    #[arg(long)]
    pub no_output_header: bool,
}

impl CsvOutputArgs {
    /// The output written as `format`, laid out as these options say.
    pub fn layout(&self, format: Format) -> crate::error::Result<Layout> {
        if format == Format::Ndjson && (self.output_delimiter.is_some() || self.no_output_header) {
            return Err(crate::error::Error::usage(
                "--output-delimiter and --no-output-header are for CSV and TSV output",
            ));
        }
        Ok(Layout {
            format,
            delimiter: self.output_delimiter,
            header: !self.no_output_header,
        })
    }
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
    pub csv_output: CsvOutputArgs,
    #[command(flatten)]
    pub bad_input: BadInputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `-j/--threads`, for the commands that take each record on its own.
#[derive(Debug, Args)]
pub struct ThreadArgs {
    /// Run on N threads, the output in input order, as one thread writes it. By
    /// default etl-map, etl-cast and etl-join (a hash join; --sorted takes one) take as
    /// many as there are cores for regular files of 8 MiB and more; etl-select and
    /// etl-filter take one, their work weighing less than the reading. Stdin and other
    /// streams always take one, so that each record leaves as it arrives.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

/// Turns file arguments into sources: `-` is stdin, no files at all means stdin.
pub fn sources(files: &[OsString]) -> Vec<Source> {
    files.iter().map(|f| Source::from_arg(f)).collect()
}
