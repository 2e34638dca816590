//! `etl-sort`: sort records by key fields, in bounded memory.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Parser;

use super::args::RecordArgs;
use super::{help_footer, Example};
use crate::error::Result;
use crate::exit::Exit;
use crate::ops::sort::key::{parse_size, KeySpec, Kind};

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "By country, then by amount, largest first",
        run: "etl-sort -k country,amount:desc events.csv",
    },
    Example {
        what: "Newest first; timestamps compare as instants whatever their offset",
        run: "etl-sort -r -k ts events.ndjson",
    },
    Example {
        what: "A file larger than memory, with at most 1 GiB of records held",
        run: "etl-sort --memory 1G --tmpdir /var/tmp -k user_id huge.csv.gz > sorted.csv",
    },
    Example {
        what: "One record per key: the first in input order",
        run: "etl-sort -u -k id events.csv",
    },
    Example {
        what: "Natural order of names: file2 before file10",
        run: "etl-sort --natural -k name files.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Sort records by key fields; stable, in bounded memory.
///
/// -k takes a field list as in etl-select; each item may end with a direction,
/// :asc or :desc, and a type, :typed, :num, :nat or :text, e.g.
/// `-k country,amount:desc:num,ts`. Items without them take -r, -n and --natural.
///
///   typed  (default) numbers, and text that reads as a number, by value; then RFC 3339
///          timestamps as instants; then other text bytewise
///   num    numbers by value; a value that is not a number sorts like null
///   nat    text, with runs of digits compared as numbers: file2 before file10
///   text   text bytewise (UTF-8 byte order)
///
/// Null, a missing field and an empty value sort first, before every other value (so
/// last with :desc). Without -k, records sort by all their fields in order.
///
/// The sort is stable: records with equal keys keep their input order. Records keep
/// their fields and values exactly. When the records held pass --memory, they are
/// sorted and written to a temporary file (a run) in a private directory under
/// --tmpdir; at the end the runs are merged. The directory is removed when the sort
/// ends, fails, or is interrupted by SIGINT or SIGTERM (exit status 130 or 143).
#[derive(Debug, Parser)]
#[command(name = "etl-sort", version, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// The key fields, each with optional :asc/:desc and :typed/:num/:nat/:text.
    #[arg(short = 'k', long, value_name = "FIELDS")]
    pub key: Option<String>,
    /// Descending order for keys that do not say.
    #[arg(short = 'r', long)]
    pub reverse: bool,
    /// Numeric order for keys that do not say.
    #[arg(short = 'n', long, conflicts_with = "natural")]
    pub numeric: bool,
    /// Natural order for keys that do not say.
    #[arg(long)]
    pub natural: bool,
    /// Keep only the first record of each run of equal keys.
    #[arg(short = 'u', long)]
    pub unique: bool,
    /// Records held in memory before spilling a sorted run to disk: 512M, 2G, 100K.
    #[arg(long, value_name = "SIZE", default_value = "512M")]
    pub memory: String,
    /// Where to put the runs; by default $TMPDIR, else /tmp.
    #[arg(long, value_name = "DIR")]
    pub tmpdir: Option<PathBuf>,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    pub fn keys(&self) -> Result<KeySpec> {
        let kind = match (self.numeric, self.natural) {
            (true, _) => Kind::Num,
            (_, true) => Kind::Natural,
            _ => Kind::Typed,
        };
        KeySpec::parse(self.key.as_deref(), self.reverse, kind)
    }

    pub fn memory(&self) -> Result<usize> {
        parse_size(&self.memory)
    }

    pub fn tmpdir(&self) -> PathBuf {
        self.tmpdir.clone().unwrap_or_else(std::env::temp_dir)
    }
}

record_command! {}
