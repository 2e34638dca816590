//! `etl-describe`: what each field holds.

use std::ffi::OsString;

use clap::Parser;

use super::args::RecordArgs;
use super::{help_footer, Example};
use crate::exit::Exit;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "A first look at a file, as a table on the terminal",
        run: "etl-describe events.csv",
    },
    Example {
        what: "The description as records, to keep or compare",
        run: "etl-describe -O ndjson events.ndjson.gz > events.profile.ndjson",
    },
    Example {
        what: "Which fields of a log are ever empty",
        run:
            "etl-extract-log -f combined access.log | etl-describe -O csv | etl-filter 'empty > 0'",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Describe each field of the input: counts, distinct values, type, range, most common.
///
/// One record per field, in the order the fields first appear, with:
///
///   field     its name
///   type      the narrowest type that holds every value, as etl-cast --infer and
///             etl-pg-load --create decide it: int, decimal, float (with an
///             exponent), bool, date, timestamp, json (arrays, objects), text; null
///             when it has none. CSV text is read for what it looks like, and a
///             leading zero keeps 02134 text; a JSON value has its JSON type.
///   values    how many records hold a value (not null, not empty)
///   nulls     how many hold null or lack the field
///   empty     how many hold empty text
///   distinct  distinct values: exact up to 10000 per field, then HyperLogLog's
///             estimate (standard error 1.6%)
///   min, max  the least and greatest in etl-sort's typed order: numbers by value,
///             timestamps as instants, text bytewise
///   mean      the mean of an int or float field (in doubles)
///   top       the three most common values and their counts, `GET (120), POST (7)`;
///             null past 10000 distinct values
///   example   the first value
///
/// On a terminal, without -O, the description is an aligned table (long values cut);
/// otherwise records, in the input's format or -O's. Memory is bounded per field (the
/// exact counts), never by the number of records.
#[derive(Debug, Parser)]
#[command(name = "etl-describe", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip,
    /// zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    #[command(flatten)]
    pub records: RecordArgs,
}

record_command! {}
