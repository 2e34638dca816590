//! logfmt: `key=value key2="quoted value" flag` pairs become fields, as go-logfmt
//! reads them: bytes up to and including space (control characters too) separate
//! pairs, a quoted value takes JSON escapes, and a bare key or an empty value is null.
//! A CR between pairs is refused: it ends lines in a file with CR-only line ends.
//! Values stay text; nothing is guessed. A key given twice keeps its first place and
//! its last value.

use super::fields::Fields;
use super::scan::{Mismatch, Parsed};

pub fn parse(line: &str, fields: &mut Fields) -> Parsed {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i] <= b' ' {
            // Other control characters separate pairs, but a CR inside a line is the
            // end of one from a file with CR-only line ends: joining them would make
            // two records one.
            if bytes[i] == b'\r' {
                return match bytes[i + 1..].iter().any(|&b| b > b' ') {
                    true => Err(Mismatch::new(i, "a line end (\\n) after '\\r'")),
                    false => Ok(()),
                };
            }
            i += 1;
        }
        if i == bytes.len() {
            return Ok(());
        }
        let key_start = i;
        while i < bytes.len() && bytes[i] > b' ' && bytes[i] != b'=' && bytes[i] != b'"' {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'=') if i == key_start => return Err(Mismatch::new(i, "a key before '='")),
            Some(b'"') => return Err(Mismatch::new(i, "no '\"' in a key")),
            _ => {}
        }
        let key = &line[key_start..i];
        if key.contains('\u{fffd}') {
            return Err(Mismatch::new(i, "a key of valid UTF-8"));
        }
        if bytes.get(i) != Some(&b'=') {
            fields.null(key);
            continue;
        }
        i += 1;
        match bytes.get(i) {
            Some(b'"') => {
                let (value, end) = quoted(line, i)?;
                fields.text(key, &value);
                i = end;
            }
            Some(&b) if b > b' ' => {
                let start = i;
                while i < bytes.len() && bytes[i] > b' ' {
                    match bytes[i] {
                        b'=' => return Err(Mismatch::new(i, "no '=' in an unquoted value")),
                        b'"' => return Err(Mismatch::new(i, "no '\"' in an unquoted value")),
                        _ => i += 1,
                    }
                }
                fields.text(key, &line[start..i]);
            }
            _ => fields.null(key),
        }
    }
}

/// The quoted value starting at `start` (its opening quote), unescaped, and the
/// offset just past its closing quote.
fn quoted(line: &str, start: usize) -> Result<(String, usize), Mismatch> {
    let bytes = line.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let end = i + 1;
                return serde_json::from_str(&line[start..end])
                    .map(|value| (value, end))
                    .map_err(|_| Mismatch::new(end, "a valid escape in the quoted value"));
            }
            _ => i += 1,
        }
    }
    Err(Mismatch::new(line.len(), "a closing '\"'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::fields::record_json;

    fn parse_line(line: &str) -> Result<String, Mismatch> {
        record_json(|fields| parse(line, fields))
    }

    #[test]
    fn pairs() {
        let cases = [
            (
                r#"a=1 b="bar" ƒ=2h3s r="esc\t" d x=sf   "#,
                r#"{"a":"1","b":"bar","ƒ":"2h3s","r":"esc\t","d":null,"x":"sf"}"#,
            ),
            ("y= d y=g", r#"{"y":"g","d":null}"#),
            (r#"y="f\n"y=g"#, r#"{"y":"g"}"#),
            ("", "{}"),
            ("a=1\t\x0bb=2 \r", r#"{"a":"1","b":"2"}"#),
        ];
        for (line, expected) in cases {
            assert_eq!(parse_line(line).as_deref(), Ok(expected), "{line}");
        }
    }

    #[test]
    fn syntax_errors_say_where() {
        let cases = [
            ("=bar", 0),
            (r#"k"ey=bar"#, 1),
            (r#"k=b"ar"#, 3),
            ("k=b =ar", 4),
            ("a==", 2),
            (r#"a="1"#, 4),
            (r#"a="\u1""#, 7),
            ("a\u{fffd}=bar", 4),
            ("a=1 b=2\rc=3", 7),
        ];
        for (line, at) in cases {
            assert_eq!(parse_line(line).map_err(|m| m.at), Err(at), "{line}");
        }
    }
}
