//! Log lines → records, for `etl-extract-log`: one parser per format, detection of a
//! file's format from its first lines, the reader that applies the unparsed-line
//! policy and multi-line records, and the incremental state for runs from cron.

mod access_time;
mod combined;
mod custom;
mod detect;
pub mod fields;
mod json;
mod logfmt;
pub mod reader;
mod scan;
pub mod state;
mod syslog;

pub use detect::{detect, Detection};
pub use fields::TsRule;
pub use scan::Mismatch;

use crate::error::Result;
use fields::Fields;

/// A log format on the command line (`-f`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Detect per file from its first lines: combined, common, syslog, json or logfmt.
    Auto,
    /// Apache/nginx combined: common + "referer" "user_agent".
    Combined,
    /// Apache/nginx common: ip ident user [time] "request" status bytes.
    Common,
    /// RFC 5424, RFC 3164 and BSD syslog lines (/var/log/syslog, auth.log), per line.
    Syslog,
    /// key=value key2="quoted value" pairs.
    Logfmt,
    /// One JSON object per line.
    Json,
    /// The named captures of --regex.
    Regex,
    /// The {fields} of --pattern.
    Pattern,
}

/// What the command line says about the format.
#[derive(Clone, Debug)]
pub struct FormatSpec {
    pub format: LogFormat,
    pub regex: Option<String>,
    pub pattern: Option<String>,
    /// The year of RFC 3164 times (`--year`).
    pub year: Option<i32>,
}

/// A parser for one line format.
pub enum LineFormat {
    Access(combined::AccessLog, &'static str),
    Syslog(syslog::Syslog),
    Logfmt,
    Json,
    Regex(custom::RegexFormat),
    Pattern(custom::PatternFormat),
}

impl LineFormat {
    /// The parser the spec names; `None` for `auto`, decided per file by [`detect`].
    pub fn from_spec(spec: &FormatSpec) -> Result<Option<LineFormat>> {
        Ok(Some(match spec.format {
            LogFormat::Auto => return Ok(None),
            LogFormat::Combined => LineFormat::Access(combined::AccessLog::new(true), "combined"),
            LogFormat::Common => LineFormat::Access(combined::AccessLog::new(false), "common"),
            LogFormat::Syslog => LineFormat::Syslog(syslog::Syslog::new(spec.year)),
            LogFormat::Logfmt => LineFormat::Logfmt,
            LogFormat::Json => LineFormat::Json,
            LogFormat::Regex => LineFormat::Regex(custom::RegexFormat::new(
                spec.regex.as_deref().unwrap_or_default(),
            )?),
            LogFormat::Pattern => LineFormat::Pattern(custom::PatternFormat::new(
                spec.pattern.as_deref().unwrap_or_default(),
            )?),
        }))
    }

    pub fn name(&self) -> &'static str {
        match self {
            LineFormat::Access(_, name) => name,
            LineFormat::Syslog(_) => "syslog",
            LineFormat::Logfmt => "logfmt",
            LineFormat::Json => "json",
            LineFormat::Regex(_) => "--regex",
            LineFormat::Pattern(_) => "--pattern",
        }
    }

    /// Whether the field names it gives outlive the run (literals, the group names of
    /// --regex), unlike logfmt and json keys, which are cut from each line.
    pub fn names_are_stable(&self) -> bool {
        !matches!(self, LineFormat::Logfmt | LineFormat::Json)
    }

    /// Parses one line (without its line end) into `fields`; on a mismatch the fields
    /// are cleared.
    pub fn parse(&mut self, line: &str, fields: &mut Fields) -> Result<(), Mismatch> {
        let parsed = match self {
            LineFormat::Access(parser, _) => parser.parse(line, fields),
            LineFormat::Syslog(parser) => parser.parse(line, fields),
            LineFormat::Logfmt => logfmt::parse(line, fields),
            LineFormat::Json => json::parse(line, fields),
            LineFormat::Regex(parser) => parser.parse(line, fields),
            LineFormat::Pattern(parser) => parser.parse(line, fields),
        };
        if parsed.is_err() {
            fields.clear();
        }
        parsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix of every sample line, and each with bytes spliced in, through every
    /// parser: a bad line is a mismatch, never a panic, and its column is in the line.
    #[test]
    fn no_line_makes_a_parser_panic() {
        let samples = [
            r#"2001:db8::1 - - [01/Feb/2024:00:00:01 +0100] "GET /q?a=\"x\" HTTP/2.0" 304 - "-" "c\"8\"" 0.002"#,
            r#"<165>1 2003-10-11T22:14:15.003Z h app - ID47 [a@1 k="v\]é"][b@2] BOMé msg"#,
            "<34>Oct 11 22:14:15 host su[1]: 'su root' é",
            "Mar  7 04:02:16 avas: last message",
            r#"a=1 b="x\"é" ƒ=2 d"#,
            r#"{"a":"é","b":[1,{"c":null}]}"#,
            "2024-03-01 10:00:00 INFO  [main] é started",
        ];
        let splices = [
            "", " ", "\"", "\\", "[", "]", "<", ">", "=", "é", "\u{fffd}", "-", "{",
        ];
        let mut formats: Vec<LineFormat> = [
            LogFormat::Combined,
            LogFormat::Common,
            LogFormat::Syslog,
            LogFormat::Logfmt,
            LogFormat::Json,
        ]
        .into_iter()
        .map(|format| {
            let spec = FormatSpec {
                format,
                regex: None,
                pattern: None,
                year: None,
            };
            LineFormat::from_spec(&spec).unwrap().unwrap()
        })
        .collect();
        formats.push(LineFormat::Pattern(
            custom::PatternFormat::new("{date} {time} {level} [{thread}] {msg}").unwrap(),
        ));
        let mut fields = Fields::default();
        for sample in samples {
            for (cut, _) in sample.char_indices() {
                for splice in splices {
                    let line = format!("{}{splice}{}", &sample[..cut], &sample[cut..]);
                    for text in [&line[..], &sample[..cut]] {
                        for format in formats.iter_mut() {
                            if let Err(mismatch) = format.parse(text, &mut fields) {
                                assert!(mismatch.column(text) <= text.chars().count() + 1);
                            }
                            fields.clear();
                        }
                    }
                }
            }
        }
    }
}
