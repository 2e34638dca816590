//! `etl-cast`: convert field types, normalise and anonymise values.

use std::ffi::OsString;

use clap::Parser;

use super::args::{RecordArgs, ThreadArgs};
use super::{help_footer, Example};
use crate::exit::Exit;
use crate::ops::cast::{TimeRules, Zone};
use crate::time::EpochUnit;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Real numbers, booleans and UTC timestamps from a CSV file, as NDJSON",
        run: "etl-cast -O ndjson amount:float quantity:int ok:bool ts:timestamp events.csv",
    },
    Example {
        what: "An Apache-style timestamp, written in Berlin time",
        run: "etl-cast --tz Europe/Berlin 'ts:timestamp:%d/%b/%Y:%H:%M:%S %z' access.csv",
    },
    Example {
        what: "Anonymise before loading: keyed hash of the e-mail, IPs masked to /24 and /48",
        run: "ETL_HASH_KEY=$(cat /etc/etl/hash.key) etl-cast email:hash ip:mask_ip users.ndjson",
    },
    Example {
        what: "Sizes and durations from text, bad values set to null and counted",
        run: "etl-cast --on-error null size:bytes took:duration jobs.csv",
    },
    Example {
        what: "Type every CSV field from its text",
        run: "etl-cast --infer -O ndjson data.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Convert field types, normalise and anonymise values.
///
/// Each SPEC is FIELDS:TYPE or FIELDS:TYPE:FORMAT, where FIELDS is a field list
/// (`amount`, `a,b`, `user_*`; see etl-select). Specs apply in order, so
/// `email:trim email:lower email:hash` chains.
///
///   string             the value as text
///   int                a whole number, exact however many digits
///   float              a floating-point number ("12,5" is not one)
///   decimal            an exact decimal that keeps its digits ("1.50" stays 1.50)
///   bool               true/false, yes/no, y/n, 1/0, t/f, on/off, any case
///   timestamp[:FMT]    RFC 3339, RFC 2822, Apache `%d/%b/%Y:%H:%M:%S %z`,
///                      YYYY-MM-DD HH:MM:SS[.fff], a date, an epoch number (s, ms, us or
///                      ns by its magnitude, or --epoch-unit); or chrono FORMATs tried in
///                      order: ts:timestamp:FMT1|FMT2. Written as RFC 3339 in UTC, or in
///                      the --tz zone. No offset means UTC, or the --input-tz zone.
///   date[:FMT]         the timestamp's date, YYYY-MM-DD (in the --tz zone)
///   epoch, epoch_ms    the timestamp as seconds or milliseconds since 1970
///   json               a string holding JSON becomes nested data
///   trim, lower, upper, null_if_empty      normalise text
///   bytes              "1.5K" → 1500, "2 MiB" → 2097152, "300kb" → 300000:
///                      K M G T P count in 1000s, Ki Mi Gi Ti Pi (KiB…) in 1024s
///   duration           "1m30s" → 90, "150ms" → 0.15, "2h" → 7200 (seconds)
///   hash               HMAC-SHA-256 hex under the key in ETL_HASH_KEY (refuses without)
///   mask_ip            IPv4 to its /24 (203.0.113.0), IPv6 to its /48
///   redact             the marker [REDACTED]
///
/// Null stays null. An empty value becomes null under every non-text type. A value that
/// does not convert is a bad record: by default exit status 1 with
/// `etl-cast: FILE:LINE: field "amount": "12,5" is not a float`; --on-error skip drops
/// the record, --on-error null sets the value to null; both are counted in the summary.
/// CSV output writes typed values as text (RFC 3339, true/false, empty for null);
/// NDJSON output writes real numbers and booleans.
#[derive(Debug, Parser)]
#[command(name = "etl-cast", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// FIELDS:TYPE[:FORMAT] conversions, applied in order; then the input files.
    #[arg(value_name = "SPEC|FILE")]
    pub specs: Vec<OsString>,
    /// Input files after `--`, whatever their names.
    #[arg(last = true, value_name = "FILE")]
    pub files: Vec<OsString>,
    /// Type each CSV column from the first --infer-rows records, by the rule of
    /// etl-pg-load --create and etl-describe: int, decimal (keeps its digits), float
    /// (with an exponent), bool (true/false in any case) when every value reads so;
    /// otherwise (one word, one zip code with a leading zero) text. Dates and
    /// timestamps stay as written; empty values become null. A later value that does
    /// not fit its column is a bad record. -v prints the types. Specs apply after.
    #[arg(long)]
    pub infer: bool,
    /// How many records --infer looks at before it writes any.
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "infer")]
    pub infer_rows: usize,
    /// Zone for written timestamps and dates: UTC (default), local, +01:00, Europe/Berlin.
    #[arg(
        long,
        value_name = "ZONE",
        default_value = "UTC",
        allow_hyphen_values = true
    )]
    pub tz: Zone,
    /// Zone of timestamps read without an offset (`2024-03-01 10:00:00`): UTC
    /// (default), local (TZ), +01:00, Europe/Berlin.
    #[arg(
        long,
        value_name = "ZONE",
        default_value = "UTC",
        allow_hyphen_values = true
    )]
    pub input_tz: Zone,
    /// The unit of epoch numbers; without it told by the magnitude: below 1e11
    /// seconds, then milliseconds, microseconds, nanoseconds (each a time from 1973 to
    /// 5138), and beyond 1e20 not a timestamp.
    #[arg(long, value_name = "UNIT")]
    pub epoch_unit: Option<EpochUnit>,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    pub fn time_rules(&self) -> TimeRules {
        TimeRules {
            zone: self.tz,
            input_zone: self.input_tz,
            epoch_unit: self.epoch_unit,
        }
    }

    /// Splits the positional arguments: those with a `:` before any `/` are specs, the
    /// rest are files.
    pub fn specs_and_files(&self) -> (Vec<String>, Vec<OsString>) {
        let mut specs = Vec::new();
        let mut files = Vec::new();
        for arg in &self.specs {
            match arg.to_str() {
                Some(text) if files.is_empty() && is_spec(text) => specs.push(text.to_owned()),
                _ => files.push(arg.clone()),
            }
        }
        files.extend(self.files.iter().cloned());
        (specs, files)
    }
}

/// `FIELDS:TYPE…` rather than a file name: a `/` in FIELDS belongs to a `/regex/` item,
/// never to a path (`logs/a:b.csv`).
fn is_spec(text: &str) -> bool {
    let Some(colon) = text.find(':') else {
        return false;
    };
    text[..colon].split(',').all(|item| {
        !item.contains('/') || (item.len() >= 2 && item.starts_with('/') && item.ends_with('/'))
    })
}

record_command! {
    const SETS_BAD_VALUES_NULL: bool = true;
}
