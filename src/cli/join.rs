//! `etl-join`: join the stream with a lookup file on key fields.

use std::ffi::OsString;

use clap::Parser;

use super::args::{RecordArgs, ThreadArgs};
use super::{help_footer, Example};
use crate::error::Result;
use crate::exit::Exit;
use crate::ops::join::JoinKind;
use crate::selector::Selection;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Enrich events with their country's name and region",
        run: "etl-join --on country --with countries.csv events.csv",
    },
    Example {
        what: "Keep every event; the country fields are empty where the code is unknown",
        run: "etl-join --left --on country --with-on code --with countries.ndjson events.csv",
    },
    Example {
        what: "Choose and rename the fields added from the lookup file",
        run:
            "etl-join --on country --with countries.csv --with-fields country_name=name events.csv",
    },
    Example {
        what: "Events whose user is not in users.csv",
        run: "etl-join --anti --on user_id --with-on id --with users.csv events.ndjson",
    },
    Example {
        what: "Two large inputs sorted by the key, in constant memory",
        run: "etl-join --sorted --on id --with <(etl-sort -k id b.csv) <(etl-sort -k id a.csv)",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Join the records of the input (the left side) with the records of a lookup file
/// (--with, the right side) whose key fields have the same values.
///
/// The left side is streamed and may be of any size; the right side is held in a hash
/// map (one entry per record), so it should be the smaller one, e.g. a countries table.
/// It may be CSV, TSV or NDJSON, detected like any input (-I applies to the left side).
///
/// Keys match as text, as written: `1` in NDJSON matches `1` in CSV, `02134` does not
/// match `2134`. A null or missing key value matches nothing.
///
/// An output record is the left record's fields, then the right record's fields other
/// than its key fields (or those chosen with --with-fields). A right field whose name
/// the left record already has is renamed with the prefix `right_`; choose other
/// names with --with-fields, e.g. --with-fields name,right_id=id.
///
///   --inner   (default) each left record once per matching right record
///   --left    also each left record without a match, its right fields null (empty in CSV)
///   --semi    each left record that has a match, once, left fields only
///   --anti    each left record that has no match, left fields only
///
/// With --sorted, both inputs must be sorted by their keys in etl-sort's default order
/// (`etl-sort -k KEY`); the right side is then streamed too and only the right records
/// of one key are held, so two large inputs join in constant memory. An input out of
/// order is an error (exit status 1), as is a bad record in the --with file.
#[derive(Debug, Parser)]
#[command(name = "etl-join", version, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Left input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// The key fields of the left records (a field list as in etl-select).
    #[arg(long, value_name = "FIELDS")]
    pub on: String,
    /// The lookup file: the right side.
    #[arg(long, value_name = "FILE")]
    pub with: OsString,
    /// The key fields of the right records, if they are named differently; as many as --on.
    #[arg(long, value_name = "FIELDS")]
    pub with_on: Option<String>,
    /// The right fields to add, with renames (`new=old`); by default all but the key fields.
    #[arg(long, value_name = "FIELDS")]
    pub with_fields: Option<String>,
    /// Inner join (the default).
    #[arg(long, group = "kind")]
    pub inner: bool,
    /// Left outer join: left records without a match too.
    #[arg(long, group = "kind")]
    pub left: bool,
    /// Semi join: the left records that have a match.
    #[arg(long, group = "kind")]
    pub semi: bool,
    /// Anti join: the left records that have no match.
    #[arg(long, group = "kind")]
    pub anti: bool,
    /// Both inputs are sorted by the key: merge join in constant memory.
    #[arg(long)]
    pub sorted: bool,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    pub fn kind(&self) -> JoinKind {
        match (self.left, self.semi, self.anti) {
            (true, _, _) => JoinKind::Left,
            (_, true, _) => JoinKind::Semi,
            (_, _, true) => JoinKind::Anti,
            _ => JoinKind::Inner,
        }
    }

    /// The left key, the right key and the right fields to add.
    pub fn fields(&self) -> Result<(Selection, Selection, Option<Selection>)> {
        let left = Selection::parse(&self.on)?;
        let right = Selection::parse(self.with_on.as_deref().unwrap_or(&self.on))?;
        let added = self
            .with_fields
            .as_deref()
            .map(Selection::parse)
            .transpose()?;
        Ok((left, right, added))
    }
}

record_command! {}
