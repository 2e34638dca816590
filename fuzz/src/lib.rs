//! Fuzz targets for etlkit's parsers (issue 19): one module per target, each with a
//! `check` function that runs one input through the parser the commands use and
//! panics when it panics, does not end, or breaks the target's property.
//!
//! The libFuzzer binaries (`fuzz_targets/*.rs`, nightly, `make fuzz`) and the stable
//! smoke (`tests/smoke.rs`, part of `make test`) call the same `check` functions; the
//! seed directories of each target are listed in `seeds.list`.
//!
//! | target | parser | property |
//! |---|---|---|
//! | `csv` | `format::csv::CsvReader` (CSV and TSV) | reads what the `csv` crate reads; written rows read back |
//! | `ndjson` | `format::ndjson::NdjsonReader` | accepts and reads what serde_json does; written records read back |
//! | `json` | `format::json::JsonReader` (arrays, pretty-printed and concatenated objects) | reads serde_json's objects while serde_json reads the document; written records read back |
//! | `extract_log` | every `-f` format of etl-extract-log, and detection | records written as NDJSON read back the same; mismatches point into the line |
//! | `extract_pattern` | `--pattern` grammar and matching | as `extract_log` |
//! | `expr` | `expr::Program` (etl-filter) | `not (E)` is the negation of `E` |
//! | `selector` | `selector::Selection` | a header's names select themselves |
//! | `cast_spec` | etl-cast's arguments, specs and conversions | `--on-error null` differs only where a value failed |
//! | `conninfo` | `pg::conninfo::ConnInfo::resolve` | settings written back as `key='value'` resolve the same |

pub mod cast_spec;
pub mod conninfo;
pub mod csv;
pub mod expr;
pub mod extract_log;
pub mod extract_pattern;
mod input;
pub mod json;
pub mod ndjson;
pub mod selector;

/// Silences the notes a parser prints on stderr (a repeated header name, a detected
/// format), as `-q` does: thousands of lines a second would slow the fuzzer down.
pub fn quiet() {
    etlkit::notice::init("fuzz", true);
}

/// A target's `check`: runs one input, panics on a failure.
pub type Check = fn(&[u8]);

/// Every target by name, as cargo-fuzz and `seeds.list` name them.
pub const TARGETS: &[(&str, Check)] = &[
    ("csv", csv::check),
    ("ndjson", ndjson::check),
    ("json", json::check),
    ("extract_log", extract_log::check),
    ("extract_pattern", extract_pattern::check),
    ("expr", expr::check),
    ("selector", selector::check),
    ("cast_spec", cast_spec::check),
    ("conninfo", conninfo::check),
];
