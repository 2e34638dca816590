//! A quick pass over an NDJSON line whose keys are the previous record's (the usual
//! case): it checks the line and records where each value's text is, as serde_json
//! would, in a fraction of the time. It gives up on whatever it does not handle itself
//! (other keys, escaped keys, nested values, `\u` escapes, and every error), and the
//! line then goes through serde_json, which decides.

use super::json_text::first_escape;

/// Whether `name` appears in JSON text as itself between quotes (no escapes), so a
/// key can be compared with it byte for byte.
pub fn is_plain(name: &str) -> bool {
    first_escape(name.as_bytes()).is_none()
}

/// When `line` is a JSON object whose keys are exactly `names` (each plain, see
/// `is_plain`), in order, and whose values are strings, numbers, booleans or null,
/// pushes each value's span to `spans` and returns true. Otherwise returns false,
/// `spans` holding whatever was pushed.
pub fn scan<N: AsRef<str>>(line: &str, names: &[N], spans: &mut Vec<(u32, u32)>) -> bool {
    let text = line.as_bytes();
    let mut at = skip_space(text, 0);
    if text.get(at) != Some(&b'{') {
        return false;
    }
    at = skip_space(text, at + 1);
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            if text.get(at) != Some(&b',') {
                return false;
            }
            at = skip_space(text, at + 1);
        }
        let name = name.as_ref().as_bytes();
        let end = at + 1 + name.len();
        if text.get(at) != Some(&b'"')
            || text.get(at + 1..end) != Some(name)
            || text.get(end) != Some(&b'"')
        {
            return false;
        }
        at = skip_space(text, end + 1);
        if text.get(at) != Some(&b':') {
            return false;
        }
        let start = skip_space(text, at + 1);
        let Some(end) = value_end(text, start) else {
            return false;
        };
        spans.push((start as u32, end as u32));
        at = skip_space(text, end);
    }
    text.get(at) == Some(&b'}') && skip_space(text, at + 1) == text.len()
}

/// JSON whitespace.
fn skip_space(text: &[u8], mut at: usize) -> usize {
    while matches!(text.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The end of the flat value starting at `at`.
fn value_end(text: &[u8], at: usize) -> Option<usize> {
    match *text.get(at)? {
        b'"' => string_end(text, at + 1),
        b't' => literal_end(text, at, b"true"),
        b'f' => literal_end(text, at, b"false"),
        b'n' => literal_end(text, at, b"null"),
        b'-' | b'0'..=b'9' => number_end(text, at),
        _ => None,
    }
}

/// The end of a string whose text starts at `at` (after its opening quote). Escapes
/// other than `\u` are followed; a control character is an error left to serde_json.
fn string_end(text: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += first_escape(&text[at..])?;
        match text[at] {
            b'"' => return Some(at + 1),
            b'\\'
                if matches!(
                    text.get(at + 1),
                    Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't')
                ) =>
            {
                at += 2
            }
            _ => return None,
        }
    }
}

fn literal_end(text: &[u8], at: usize, literal: &[u8]) -> Option<usize> {
    let end = at + literal.len();
    (text.get(at..end)? == literal).then_some(end)
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
fn number_end(text: &[u8], mut at: usize) -> Option<usize> {
    let digits = |at: usize| at + text[at..].iter().take_while(|b| b.is_ascii_digit()).count();
    if text.get(at) == Some(&b'-') {
        at += 1;
    }
    match text.get(at)? {
        b'0' => at += 1,
        b'1'..=b'9' => at = digits(at),
        _ => return None,
    }
    if text.get(at) == Some(&b'.') {
        let end = digits(at + 1);
        if end == at + 1 {
            return None;
        }
        at = end;
    }
    if matches!(text.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(text.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let end = digits(at);
        if end == at {
            return None;
        }
        at = end;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::raw::span_of;
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde_json::value::RawValue;
    use std::fmt;

    /// serde_json's answer: the spans of the values when `line` is an object with
    /// exactly the keys `names`.
    fn by_serde(line: &str, names: &[&str]) -> Option<Vec<(u32, u32)>> {
        let mut parser = serde_json::Deserializer::from_str(line);
        let pairs = Pairs::deserialize(&mut parser).ok()?;
        parser.end().ok()?;
        let keys: Vec<&str> = pairs.0.iter().map(|(k, _)| k.as_str()).collect();
        (keys == names).then(|| {
            let spans = pairs.0.iter().map(|(_, v)| span_of(line, v.get()));
            spans.collect()
        })
    }

    /// An object's members in order, duplicates kept.
    struct Pairs<'a>(Vec<(String, &'a RawValue)>);

    impl<'de> Deserialize<'de> for Pairs<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_map(PairsVisitor)
        }
    }

    struct PairsVisitor;

    impl<'de> Visitor<'de> for PairsVisitor {
        type Value = Pairs<'de>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'de>, A::Error> {
            let mut pairs = Vec::new();
            while let Some((k, v)) = map.next_entry()? {
                pairs.push((k, v));
            }
            Ok(Pairs(pairs))
        }
    }

    #[test]
    fn agrees_with_serde_whenever_it_answers() {
        let names = ["a", "b"];
        let lines = [
            r#"{"a":1,"b":"x"}"#,
            r#" { "a" : -0.5e+3 ,	"b" : "q\"\\\/\b\f\n\r\t" } "#,
            r#"{"a":true,"b":null}"#,
            r#"{"a":false,"b":"é ✓ \u00e9"}"#,
            r#"{"a":1E400,"b":""}"#,
            r#"{"a":[1],"b":2}"#,
            r#"{"a":{"c":1},"b":2}"#,
            r#"{"a":01,"b":2}"#,
            r#"{"a":1.,"b":2}"#,
            r#"{"a":.5,"b":2}"#,
            r#"{"a":1e,"b":2}"#,
            r#"{"a":-,"b":2}"#,
            r#"{"a":tru,"b":2}"#,
            r#"{"a":truex,"b":2}"#,
            r#"{"a":1,"b":2,}"#,
            r#"{"a":1,"b":2}x"#,
            r#"{"a":1,"b":2"#,
            r#"{"a":1}"#,
            r#"{"a":1,"b":2,"c":3}"#,
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            r#"{"\u0061":1,"b":2}"#,
            "{\"a\":\"tab\there\",\"b\":2}",
            r#"{"a":"bad \x escape","b":2}"#,
            r#"{"a":"open,"b":2}"#,
            r#"{"a" 1,"b":2}"#,
            r#"["a",1]"#,
            "",
        ];
        let mut answered = 0;
        for line in lines {
            let mut spans = Vec::new();
            if scan(line, &names, &mut spans) {
                assert_eq!(Some(spans), by_serde(line, &names), "{line}");
                answered += 1;
            }
        }
        // The first lines but the one with `\u`; all the others it leaves to serde_json.
        assert_eq!(answered, 4);
        assert!(scan("{}", &[] as &[&str], &mut Vec::new()));
        assert!(scan(" { } ", &[] as &[&str], &mut Vec::new()));
        assert!(!scan("{}x", &[] as &[&str], &mut Vec::new()));
        assert!(is_plain("user_agent") && !is_plain("a\"b") && !is_plain("a\\b"));
    }
}
