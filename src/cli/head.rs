//! `etl-head`: the first N records, or the first N of each group.

use std::ffi::OsString;

use clap::Parser;

use super::args::RecordArgs;
use super::{help_footer, Example};
use crate::error::Result;
use crate::exit::Exit;
use crate::selector::Selection;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "The first 5 records of a large file; the rest is never read",
        run: "etl-head -n 5 events.csv.gz",
    },
    Example {
        what: "The first 3 events of each country",
        run: "etl-head -n 3 --by country events.csv",
    },
    Example {
        what: "The 10 largest amounts",
        run: "etl-sort -k amount:desc events.csv | etl-head",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Write the first N records, or the first N of each group.
///
/// Without --by, etl-head stops reading as soon as it has N records and exits, closing
/// its input, so `producer | etl-head` ends the producer too. With --by, a record is
/// kept when fewer than N records with the same values of those fields came before it;
/// the whole input is read, and one counter is held per group.
#[derive(Debug, Parser)]
#[command(name = "etl-head", version, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// How many records to write (per group with --by).
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    pub lines: u64,
    /// Count per group: the records with the same values of FIELDS (a field list as in etl-select).
    #[arg(long, value_name = "FIELDS")]
    pub by: Option<String>,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    pub fn by(&self) -> Result<Option<Selection>> {
        self.by.as_deref().map(Selection::parse).transpose()
    }
}

record_command! {}
