//! `etl-filter`: keep the records that match an expression.

use std::ffi::OsString;

use clap::Parser;

use super::args::{RecordArgs, ThreadArgs};
use super::{help_footer, Example};
use crate::exit::Exit;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Server errors from an nginx access log",
        run: "etl-extract-log -f combined access.log | etl-filter 'status >= 500'",
    },
    Example {
        what: "Numbers in CSV compare as numbers, no cast needed",
        run: "etl-filter 'amount > 100 && country == \"DE\"' events.csv",
    },
    Example {
        what: "Regexes, lists and functions",
        run: "etl-filter 'path =~ \"^/api/\" and method in [\"POST\", \"PUT\"] and !exists(user)' log.ndjson",
    },
    Example {
        what: "Timestamps compare as instants, whatever their offset",
        run: "etl-filter 'ts >= \"2024-03-01T00:00:00Z\"' events.ndjson",
    },
    Example {
        what: "Keep the records that do not match",
        run: "etl-filter -x 'ok == true' events.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Keep the records that match an expression.
///
/// The expression is compiled once. Its language:
///
///   fields       status, user.id (dotted paths into objects), items[0].sku (into
///                arrays), `odd name` (quoted)
///   literals     42, 1.5e3, "text" or 'text' (\n \t \" \\ \uXXXX), true, false, null, [1, 2]
///   compare      == != < <= > >=
///   logic        && || ! (or: and or not)
///   arithmetic   + - * / %
///   text         path =~ "^/api" (or /^\/api/), !~, contains, starts_with, ends_with
///   lists        method in ["GET", "HEAD"], tags contains "x"
///   functions    lower(s) upper(s) len(s) ts(x) exists(field) is_null(field)
///                contains(a, b) starts_with(a, b) ends_with(a, b)
///
/// How values compare: text that looks like a number compares numerically with a
/// number, and two numeric texts compare as numbers ("10" > "9"), so `status >= 500`
/// works on CSV without casting. Two texts that are both RFC 3339 timestamps compare as
/// instants; ts(x) reads any timestamp form etl-cast knows. A missing field is null;
/// null equals only null, and every ordering with null is false, as is every ordering
/// of an empty CSV value with a number; arithmetic on null or an empty value is null.
/// Ordering a number
/// with text that is not a number, or arithmetic on text, is a type clash: a bad
/// record under --on-error. A syntax error is a usage error (exit status 2) that shows
/// the expression with a caret under the bad spot.
#[derive(Debug, Parser)]
#[command(name = "etl-filter", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// The expression, e.g. 'status >= 500 and path =~ "^/api"'.
    #[arg(value_name = "EXPR")]
    pub expression: String,
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// Keep the records that do NOT match (Miller's `filter -x`; `-v` is verbose, as in
    /// every command).
    #[arg(short = 'x', long)]
    pub invert: bool,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub records: RecordArgs,
}

record_command! {}
