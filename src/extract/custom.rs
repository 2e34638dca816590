//! User-defined line formats: `--regex` with named captures, and the simpler
//! `--pattern '{ts} {level} [{thread}] {msg}'`, where `{name}` takes the text up to
//! the next literal (the last one takes the rest of the line), `{}` skips text,
//! `{{` and `}}` are literal braces, and a space also takes any spaces after it
//! and a field before a space loses its trailing spaces (column-aligned logs).

use regex::Regex;

use super::fields::Fields;
use super::scan::{Mismatch, Parsed};
use crate::error::{Error, Result};

/// `--regex`: each named group becomes a field (null when it did not take part).
pub struct RegexFormat {
    regex: Regex,
    names: Vec<(usize, String)>,
    locations: regex::CaptureLocations,
}

impl RegexFormat {
    pub fn new(pattern: &str) -> Result<RegexFormat> {
        let regex = Regex::new(pattern).map_err(|e| Error::usage(format!("--regex: {e}")))?;
        let names: Vec<(usize, String)> = regex
            .capture_names()
            .enumerate()
            .filter_map(|(i, name)| Some((i, name?.to_owned())))
            .collect();
        if names.is_empty() {
            return Err(Error::usage(
                "--regex has no named group; name the fields with (?P<name>…)",
            ));
        }
        let locations = regex.capture_locations();
        Ok(RegexFormat {
            regex,
            names,
            locations,
        })
    }

    pub fn parse(&mut self, line: &str, fields: &mut Fields) -> Parsed {
        if self
            .regex
            .captures_read(&mut self.locations, line)
            .is_none()
        {
            return Err(Mismatch::new(0, "a match for --regex"));
        }
        for (i, name) in &self.names {
            let value = self.locations.get(*i).map(|(start, end)| &line[start..end]);
            fields.text_or_null(name, value);
        }
        Ok(())
    }
}

#[derive(Debug, PartialEq)]
enum Piece {
    Literal(String),
    /// A field, or `None` for `{}` (text to skip).
    Capture(Option<String>),
}

/// `--pattern`.
pub struct PatternFormat {
    pieces: Vec<Piece>,
}

impl PatternFormat {
    pub fn new(pattern: &str) -> Result<PatternFormat> {
        let usage = |why: &str| Error::usage(format!("--pattern {pattern:?}: {why}"));
        let mut pieces: Vec<Piece> = Vec::new();
        let mut literal = String::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(usage("a '{' is not closed")),
                        }
                    }
                    if !literal.is_empty() {
                        pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                    } else if matches!(pieces.last(), Some(Piece::Capture(_))) {
                        return Err(usage("two fields need a literal between them"));
                    }
                    pieces.push(Piece::Capture((!name.is_empty()).then_some(name)));
                }
                '}' => return Err(usage("a '}' without '{' (write '}}')")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        if !pieces.iter().any(|p| matches!(p, Piece::Capture(Some(_)))) {
            return Err(usage("no {field} in it"));
        }
        Ok(PatternFormat { pieces })
    }

    pub fn parse(&self, line: &str, fields: &mut Fields) -> Parsed {
        let mut pos = 0;
        for (i, piece) in self.pieces.iter().enumerate() {
            match piece {
                Piece::Literal(text) => {
                    if !line[pos..].starts_with(text.as_str()) {
                        return Err(Mismatch::new(pos, format!("{text:?}")));
                    }
                    pos += text.len();
                    if text.ends_with(' ') {
                        pos += line[pos..].len() - line[pos..].trim_start_matches(' ').len();
                    }
                }
                Piece::Capture(name) => {
                    let end = match self.pieces.get(i + 1) {
                        Some(Piece::Literal(next)) => match line[pos..].find(next.as_str()) {
                            Some(len) => pos + len,
                            None => {
                                return Err(Mismatch::new(
                                    pos,
                                    format!("text followed by {next:?}"),
                                ))
                            }
                        },
                        _ => line.len(),
                    };
                    if let Some(name) = name {
                        let mut value = &line[pos..end];
                        // Padding before a literal that starts with a space is not data.
                        if matches!(self.pieces.get(i + 1), Some(Piece::Literal(next)) if next.starts_with(' '))
                        {
                            value = value.trim_end_matches(' ');
                        }
                        fields.text(name, value);
                    }
                    pos = end;
                }
            }
        }
        if pos < line.len() {
            return Err(Mismatch::new(pos, "the end of the line"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;

    fn json(fields: &mut Fields) -> String {
        let mut record = Record::default();
        fields.finish(&mut record);
        record.to_json_line()
    }

    #[test]
    fn patterns() {
        let pattern = PatternFormat::new("{ts} {level} [{thread}] {msg}").unwrap();
        let mut fields = Fields::default();
        pattern
            .parse(
                "2024-03-01T10:00:00Z INFO   [main] started {x} ok",
                &mut fields,
            )
            .unwrap();
        assert_eq!(
            json(&mut fields),
            r#"{"ts":"2024-03-01T10:00:00Z","level":"INFO","thread":"main","msg":"started {x} ok"}"#
        );
        assert_eq!(
            pattern.parse("2024-03-01 INFO main", &mut fields),
            Err(Mismatch::new(11, "text followed by \" [\""))
        );
        fields.clear();
        let braces = PatternFormat::new("{{{a}}} {} {b}").unwrap();
        braces.parse("{1} skipped 2", &mut fields).unwrap();
        assert_eq!(json(&mut fields), r#"{"a":"1","b":"2"}"#);
        for bad in ["{a}{b}", "{a", "x}", "plain"] {
            assert!(PatternFormat::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn regexes() {
        let mut regex = RegexFormat::new(r"^(?P<level>[A-Z]+) (\d+)(?: (?P<rest>.*))?$").unwrap();
        let mut fields = Fields::default();
        regex.parse("WARN 12 disk full", &mut fields).unwrap();
        assert_eq!(json(&mut fields), r#"{"level":"WARN","rest":"disk full"}"#);
        regex.parse("WARN 12", &mut fields).unwrap();
        assert_eq!(json(&mut fields), r#"{"level":"WARN","rest":null}"#);
        assert_eq!(
            regex.parse("warn", &mut fields),
            Err(Mismatch::new(0, "a match for --regex"))
        );
        assert!(RegexFormat::new(r"(\d+)").is_err());
        assert!(RegexFormat::new(r"(?P<a>").is_err());
    }
}
