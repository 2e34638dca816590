//! `etl-aggregate`: group-by aggregates, time buckets and tumbling windows.

use std::ffi::OsString;

use clap::Parser;

use super::args::RecordArgs;
use super::{help_footer, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::ops::aggregate::{parse_duration, parse_interval, Bucket, Options, Spec, Window};
use crate::selector::Selection;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Orders, revenue and biggest quantity per country (exact decimal sum)",
        run: "etl-aggregate -g country count sum:amount mean:amount max:quantity events.csv",
    },
    Example {
        what: "Requests per minute and response size percentiles per status, from a log",
        run: "etl-extract-log -f combined access.log | etl-aggregate --bucket ts:1m -g status count p50:bytes p99:bytes",
    },
    Example {
        what: "Name the outputs, sort by the group key",
        run: "etl-aggregate --sort -g country,device orders=count revenue=sum:amount users=count_distinct:user_id events.ndjson",
    },
    Example {
        what: "Distinct users per day over a huge input, in bounded memory",
        run: "etl-aggregate --approx --bucket ts:1d count_distinct:user_id p95:amount events.ndjson.gz",
    },
    Example {
        what: "Per-minute counts from a stream, each minute emitted once it closes",
        run: "etl-kafka-consume -t events | etl-aggregate --window 1m --time-field ts --allowed-lateness 10s -g country count",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Group records and compute aggregates, in memory that grows with the groups.
///
/// Each AGG is OP (count), OP:FIELD, or NAME=OP:FIELD. The arguments are aggregates up
/// to the first that is not one; that one and the rest are input files (write a file
/// called `count` as ./count).
///
///   count             records in the group (nulls and empty values included)
///   count:F           values of F that are not null or empty
///   sum:F  mean:F     (avg is mean) numbers; exact for decimals, see Precision
///   min:F  max:F      numbers numerically, timestamps as instants, other text in order
///   first:F  last:F   the first and last non-empty value
///   median:F  pNN:F   quantiles: p50, p90, p95, p99, p99.9, ...
///   stddev:F  var:F   sample standard deviation and variance (n − 1)
///   count_distinct:F  distinct values (compared as text)
///   mode:F            the most frequent value (the first seen among ties)
///   list:F            every value, as an array (best read as NDJSON)
///
/// Output: one record per group, group fields first (after window_start, window_end and
/// the bucket, when used), then the aggregates in the order given, named NAME or
/// OP_FIELD (sum_amount, p95_latency_ms) or count. Groups come in first-seen order;
/// --sort orders them by the group key. Without --by, one record for the whole input.
/// Values for min, max, first, last, mode and list are printed as read. Group values
/// compare as text (NDJSON 1 and "1" are one group); null and an absent field are one
/// group, empty text another.
///
/// Values: null, absent fields and empty CSV values are ignored by every op but
/// count; a group with no values gets null (empty in CSV) from every op but count
/// and count_distinct: a sum of nothing is null, as in SQL, not 0. A value a numeric op (sum, mean, quantiles, stddev, var) cannot read as a
/// number, or that min/max cannot order with the others (a number and a word), makes
/// the record bad: --on-error fail stops with `file:line: field "x": "abc" is not a
/// number`, skip leaves the whole record out of every aggregate.
///
/// Precision: sum of plain decimals (12.50, no exponent) is exact, with as many
/// decimals as the most precise value (38 significant digits): "0.10" a million times
/// is 100000.00. A value with an exponent switches that sum to compensated
/// floating-point summation (error about 1 in 10^16 of the sum, not growing with the
/// count). mean is that sum divided by the count, rounded to a double (about 16
/// significant digits). stddev and var use Welford's method in doubles. median and
/// pNN interpolate linearly between the two nearest values (NumPy's default, R type 7,
/// Python's quantiles(method="inclusive")): exact, holding every value of each group
/// in memory (8 bytes each); count_distinct holds each distinct value.
///
/// --approx bounds that memory: median/pNN use a DDSketch and are within 1% (relative)
/// of the exact value at rank round(q·(n−1)); count_distinct uses HyperLogLog with
/// 4096 registers, standard error 1.6% (within 5% in 99.7% of cases), at most 4 KiB
/// per group. Both are deterministic.
///
/// --bucket FIELD:INTERVAL reads FIELD as a timestamp (RFC 3339 with any offset, an
/// epoch number, and the other forms etl-cast reads; no offset means UTC), truncates
/// it to the start of its interval counted from 1970-01-01T00:00:00Z, so buckets are
/// aligned to UTC, and groups by it before the --by fields. The bucket is written as
/// RFC 3339 UTC. --bucket FIELD:NUMBER (amount:50, price:0.5) buckets numbers
/// instead: each bucket is written as its start (0, 50, 100…), exactly for decimals.
/// A value that is not a timestamp, or not a number, makes the record bad.
///
/// Windows (--window INTERVAL --time-field FIELD) are for unbounded input: records fall
/// in tumbling windows [start, start + INTERVAL) of event time, aligned to UTC. A
/// window's groups are written, with window_start and window_end, as soon as a record
/// arrives whose time is at or after the window's end plus --allowed-lateness; windows
/// still open are written at the end of the input. A record for a window already
/// written is late: it is counted and reported on stderr, never added; with --rejects
/// it is written there instead (as a skipped record). Out-of-order records within the
/// lateness are added to their own window.
#[derive(Debug, Parser)]
#[command(name = "etl-aggregate", version, verbatim_doc_comment)]
#[command(after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Aggregates (count, OP:FIELD, NAME=OP:FIELD), then input files; `-` or no files
    /// means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "AGG|FILE", required = true)]
    pub arguments: Vec<OsString>,
    /// Input files after `--`, whatever their names.
    #[arg(last = true, value_name = "FILE")]
    pub files: Vec<OsString>,
    /// Group by these fields (the field-list grammar of etl-select).
    #[arg(short = 'g', long, value_name = "FIELDS")]
    pub by: Option<String>,
    /// Sort the groups by their key (buckets in time order) instead of first-seen order.
    #[arg(long)]
    pub sort: bool,
    /// Group first by a timestamp field truncated to INTERVAL (30s, 5m, 1h, 1d), aligned
    /// to UTC, or by a number field in buckets of WIDTH (50, 0.5).
    #[arg(long, value_name = "FIELD:INTERVAL|WIDTH")]
    pub bucket: Option<String>,
    /// Bounded-memory median/pNN (DDSketch, 1% relative error) and count_distinct
    /// (HyperLogLog, 1.6% standard error).
    #[arg(long)]
    pub approx: bool,
    /// Emit tumbling windows of this length as they close (needs --time-field).
    #[arg(long, value_name = "INTERVAL", requires = "time_field")]
    pub window: Option<String>,
    /// The event-time field that places records in windows.
    #[arg(long, value_name = "FIELD", requires = "window")]
    pub time_field: Option<String>,
    /// How long after its end a window waits for out-of-order records.
    #[arg(
        long,
        value_name = "DURATION",
        default_value = "0",
        requires = "window"
    )]
    pub allowed_lateness: String,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    /// The aggregation the arguments ask for, and the input files.
    pub fn options(&self) -> Result<(Options, Vec<OsString>)> {
        let mut specs = Vec::new();
        let mut rest = self.arguments.iter();
        let mut files = Vec::new();
        for argument in rest.by_ref() {
            match argument.to_str() {
                Some(text) if Spec::is_aggregate(text) => specs.push(Spec::parse(text)?),
                // A mistyped aggregate (summ:amount) is not taken for a missing file.
                Some(text) if text.contains(':') && !std::path::Path::new(text).exists() => {
                    Spec::parse(text)?;
                }
                _ => {
                    files.push(argument.clone());
                    break;
                }
            }
        }
        files.extend(rest.cloned());
        files.extend(self.files.iter().cloned());
        if specs.is_empty() {
            return Err(Error::usage(
                "no aggregate before the files; e.g. etl-aggregate -g country count sum:amount events.csv",
            ));
        }
        let window = match (&self.window, &self.time_field) {
            (Some(window), Some(time_field)) => Some(Window {
                millis: parse_interval(window)?,
                time_field: time_field.clone(),
                lateness: parse_duration(&self.allowed_lateness)?,
            }),
            _ => None,
        };
        let options = Options {
            by: self.by.as_deref().map(Selection::parse).transpose()?,
            specs,
            bucket: self.bucket.as_deref().map(Bucket::parse).transpose()?,
            window,
            approx: self.approx,
            sort: self.sort,
        };
        Ok((options, files))
    }
}

record_command! {}
