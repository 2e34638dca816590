//! `etl-select`: choose, rename, reorder and drop fields.

use std::ffi::OsString;

use clap::Parser;

use super::args::{RecordArgs, ThreadArgs};
use super::{help_footer, Example};
use crate::error::Result;
use crate::exit::Exit;
use crate::ops::select::Mode;
use crate::selector::Selection;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Keep three columns of a CSV file, in this order",
        run: "etl-select id,country,amount events.csv",
    },
    Example {
        what: "Rename while selecting, and reach into nested NDJSON objects",
        run: "etl-select id,name=user.name,email=user.email users.ndjson",
    },
    Example {
        what: "Drop columns, keep the rest",
        run: "etl-select -x note,ua events.csv",
    },
    Example {
        what: "Convert CSV to NDJSON, all fields",
        run: "etl-select -O ndjson '*' events.csv.gz > events.ndjson",
    },
    Example {
        what: "Positions, ranges, globs and regexes",
        run: "etl-select 1,3-5,'user_*','/^http_/' data.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Choose, rename, reorder and drop fields.
///
/// FIELDS is a comma-separated list, and the output keeps its order (a field may be
/// listed twice). Each item is one of:
///
///   name        a field by name; `user.name` reaches into nested NDJSON objects
///   new=old     the field old, renamed to new
///   3, 3-5, 7-  1-based positions and ranges (7- is 7 to the last)
///   user_*      a glob (`*` any text, `?` one character)
///   /regex/     every field whose name matches
///
/// A name that is literally in the header always means that field. A comma inside a
/// name is written `\,`. For CSV a name that is not in the header is a usage error
/// (exit status 2) that suggests the closest name; for NDJSON a missing field is null.
///
/// With -x/--exclude, the listed fields are dropped and the rest kept in order; every
/// positional argument is then a file.
#[derive(Debug, Parser)]
#[command(name = "etl-select", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Fields to keep, in output order (see above).
    #[arg(value_name = "FIELDS", required_unless_present = "exclude")]
    pub fields: Option<String>,
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// Drop these fields and keep the others.
    #[arg(short = 'x', long, value_name = "FIELDS")]
    pub exclude: Option<String>,
    /// One record per element of this array field, the element in its place (jq's
    /// .items[]); an empty array gives none, a value that is not an array the record.
    #[arg(long, value_name = "FIELD")]
    pub explode: Option<String>,
    /// Make dotted names nested objects again: user.name and user.id become
    /// {"user": {"name", "id"}} (as CSV's flattening wrote them).
    #[arg(long)]
    pub nest: bool,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    /// The selection, whether it keeps or drops, and the input files.
    pub fn selection(&self) -> Result<(Selection, Mode, Vec<OsString>)> {
        match (&self.exclude, &self.fields) {
            (Some(exclude), first_file) => {
                // With -x every positional argument is a file, the first one included.
                let mut files: Vec<OsString> = first_file.iter().map(OsString::from).collect();
                files.extend(self.files.iter().cloned());
                Ok((Selection::parse(exclude)?, Mode::Drop, files))
            }
            (None, Some(fields)) => Ok((Selection::parse(fields)?, Mode::Keep, self.files.clone())),
            (None, None) => unreachable!("clap requires FIELDS unless --exclude"),
        }
    }
}

record_command! {}
