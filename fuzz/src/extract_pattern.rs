//! etl-extract-log's `--pattern` (`'{date} {time} {level} [{thread}] {msg}'`): the
//! input's first line is the pattern, the lines after it the log. A pattern is taken
//! or refused with a usage error; the lines are checked as in `extract_log`, with and
//! without `--ts-field ts`.

use etlkit::extract::{LineFormat, LogFormat};

use crate::extract_log::{lines, spec, ts_rule, Parser};
use crate::input::head_and_rest;

pub fn check(data: &[u8]) {
    let (pattern, log) = head_and_rest(data);
    let spec = spec(LogFormat::Pattern, Some(&pattern));
    let mut parsers = Vec::new();
    for ts_field in [false, true] {
        let Ok(format) = LineFormat::from_spec(&spec) else {
            return;
        };
        let ts_rule = ts_rule(LogFormat::Pattern, ts_field);
        parsers.push(Parser::with_format(format.expect("not auto"), ts_rule));
    }
    for line in lines(&log) {
        for parser in parsers.iter_mut() {
            parser.parse(line);
        }
    }
}
