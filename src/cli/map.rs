//! `etl-map`: computed fields.

use std::ffi::OsString;

use clap::Parser;

use super::args::{RecordArgs, ThreadArgs};
use super::{help_footer, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::ops::map::Step;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Fahrenheit to Celsius, rounded to one decimal",
        run: "etl-map 'temp_c = round((temp_f - 32) * 5 / 9, 1)' readings.csv",
    },
    Example {
        what: "A total, and a full name from two fields",
        run: "etl-map 'total = amount * quantity' 'name = concat(trim(first), \" \", trim(last))' orders.ndjson",
    },
    Example {
        what: "A fallback, a condition, and a field removed",
        run: "etl-map 'country = coalesce(country, \"unknown\")' 'big = if(amount > 100, \"yes\", \"no\")' 'del(ua)' events.csv",
    },
    Example {
        what: "The year of a date, and digits masked",
        run: "etl-map 'year = substr(date, 0, 4)' 'phone = replace(phone, \"[0-9]\", \"#\")' users.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::RECORDS;

/// Add, replace and remove fields with expressions.
///
/// Each STEP is NAME = EXPR or del(NAME), applied in order to every record; a step
/// sees the fields the steps before it assigned. A new NAME is appended, an existing
/// one is replaced in its place. NAME is a bare name (letters, digits, _ and .) or
/// `any name` in backquotes. The steps come first, then the input files.
///
/// EXPR is etl-filter's language (fields, literals, + - * / %, comparisons, && || !,
/// =~, in, lower upper len ts exists is_null contains starts_with ends_with), with the
/// same rules for numbers in text and for null, and these functions:
///
///   concat(a, b, …)          the values as text, one after another (null is nothing)
///   trim(s)                  s without white space at either end
///   substr(s, start[, len])  characters from start (0 is the first; negative counts
///                            from the end), len of them or to the end
///   replace(s, "re", with)   every match of the regex replaced; $1 or ${name} in
///                            `with` is that capture
///   coalesce(a, b, …)        the first value that is neither null nor empty text
///   if(cond, a, b)           a when cond is true, else b (null counts as false)
///   round(x[, places])       half away from zero; places < 0 rounds to tens…
///   floor(x) ceil(x) abs(x)
///   min(a, b, …) max(a, b, …)  the least or greatest, past nulls and empty text
///   bin(x, width)            x down to a multiple of width: bin(87, 50) is 50
///   split(s, sep)            the parts of s, a list (an array in NDJSON)
///   join(list, sep)          a list's or array's items as text, nulls left out
///   epoch(t)                 seconds since 1970 of a timestamp (text, or a number)
///   format_ts(t, "%Y-%m")    a timestamp in a strftime format
///   trunc_ts(t, unit)        to the start of its second, minute, hour, day, month
///                            or year, in its own offset
///   now()                    when the run first asked: the same for every record
///   is_num(x) is_int(x) is_bool(x) is_ts(x)  what a value (or text) reads as
///   hash(x)                  HMAC-SHA-256 under ETL_HASH_KEY, as etl-cast's hash
///   mask_ip(x)               an address cut to its /24 (IPv4) or /48 (IPv6)
///   capture(s, "re"[, n])    the text of group n (the first, or the whole match of
///                            a regex without groups) of the first match; null if none
///   lpad(s, width[, c]) rpad(s, width[, c])  s filled with c (a space) to width
///
/// Integers are exact to 64 bits (9007199254740993 + 0 stays itself) and decimals
/// of up to 15 digits are added, subtracted, multiplied and rounded exactly (0.1 +
/// 0.2 is 0.3, round(2.675, 2) is 2.68), the result rounded once to a double; a
/// quotient is the nearest double (1 / 3 is 0.3333333333333333). Arithmetic on
/// null or on an empty value is null. Computed values are typed: numbers and booleans are JSON numbers and booleans in NDJSON output, text
/// in CSV; a timestamp from ts() is written as RFC 3339 in UTC. A value an expression
/// cannot compute (arithmetic on text that is not a number, a type clash) is a bad
/// record under --on-error: `etl-map: orders.csv:12: field "total": * needs numbers,
/// got a string ("n/a")`.
#[derive(Debug, Parser)]
#[command(name = "etl-map", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// NAME = EXPR or del(NAME) steps, applied in order; then the input files.
    #[arg(value_name = "STEP|FILE", required = true)]
    pub steps: Vec<OsString>,
    /// Input files after `--`, whatever their names.
    #[arg(last = true, value_name = "FILE")]
    pub files: Vec<OsString>,
    #[command(flatten)]
    pub threads: ThreadArgs,
    #[command(flatten)]
    pub records: RecordArgs,
}

impl Args {
    /// The steps, then the files: the steps are the arguments before the first one
    /// that is not a step.
    pub fn steps_and_files(&self) -> Result<(Vec<Step>, Vec<OsString>)> {
        let mut steps = Vec::new();
        let mut files = Vec::new();
        for arg in &self.steps {
            let step = match arg.to_str() {
                Some(text) if files.is_empty() => Step::parse(text),
                _ => None,
            };
            match step {
                Some(step) => steps.push(step.map_err(Error::usage)?),
                None => files.push(arg.clone()),
            }
        }
        if steps.is_empty() {
            // A step mistyped reads as a file name; one that is no file was meant as a step.
            let mistyped = files
                .first()
                .filter(|first| !std::path::Path::new(first).exists() && first != &"-");
            return Err(Error::usage(match mistyped {
                Some(first) => format!(
                    "no step: {} is neither NAME = EXPR nor del(NAME), nor a file",
                    crate::error::quoted(&first.to_string_lossy())
                ),
                None => "no step: give NAME = EXPR or del(NAME) before the files".to_owned(),
            }));
        }
        files.extend(self.files.iter().cloned());
        Ok((steps, files))
    }
}

record_command! {}
