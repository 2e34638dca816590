//! `etl-dedup`: drop repeated records.

use std::ffi::OsString;

use clap::Parser;

use super::args::RecordArgs;
use super::{help_footer, Example};
use crate::error::Result;
use crate::exit::Exit;
use crate::ops::dedup::Keep;
use crate::selector::Selection;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Drop records that are exact copies of an earlier one",
        run: "etl-dedup events.csv",
    },
    Example {
        what: "One record per user: the first seen",
        run: "etl-dedup --on user_id events.ndjson",
    },
    Example {
        what: "The latest state of each order, from a change log",
        run: "etl-dedup --on order_id --keep last changes.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Drop repeated records: keep one record per key.
///
/// The key is the values of --on FIELDS (a field list as in etl-select), or the whole
/// record (every field name and value) without --on. Keys compare as text, as written:
/// `1` in NDJSON equals `"1"`, but `02134` and `2134` differ; null and a missing field
/// are the same key, distinct from an empty value.
///
/// --keep first (the default) streams: each record is written when it is read, if its
/// key is new; memory grows with the number of distinct keys. --keep last writes at
/// the end, in the order of each key's last occurrence, and holds one record per key.
#[derive(Debug, Parser)]
#[command(name = "etl-dedup", version, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// The key fields; by default the whole record.
    #[arg(long, value_name = "FIELDS")]
    pub on: Option<String>,
    /// Which record of each key to keep.
    #[arg(long, value_name = "WHICH", default_value = "first")]
    pub keep: Keep,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    pub fn on(&self) -> Result<Option<Selection>> {
        self.on.as_deref().map(Selection::parse).transpose()
    }
}

record_command! {}
