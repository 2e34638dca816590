//! A cursor over one log line for the hand-written parsers, and the `Mismatch` they
//! return: the byte where the line stopped matching and what was expected there.

use std::borrow::Cow;

/// Where and why a line does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// Byte offset in the line (0-based).
    pub at: usize,
    pub expected: Cow<'static, str>,
}

impl Mismatch {
    pub fn new(at: usize, expected: impl Into<Cow<'static, str>>) -> Mismatch {
        Mismatch {
            at,
            expected: expected.into(),
        }
    }
}

impl Mismatch {
    /// The 1-based column (in characters) of the mismatch in `line`.
    pub fn column(&self, line: &str) -> usize {
        let mut at = self.at.min(line.len());
        while !line.is_char_boundary(at) {
            at -= 1;
        }
        line[..at].chars().count() + 1
    }
}

pub type Parsed = Result<(), Mismatch>;

pub struct Scan<'a> {
    pub line: &'a str,
    pub pos: usize,
}

impl<'a> Scan<'a> {
    pub fn new(line: &'a str) -> Scan<'a> {
        Scan { line, pos: 0 }
    }

    pub fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.pos).copied()
    }

    pub fn rest(&self) -> &'a str {
        &self.line[self.pos..]
    }

    pub fn fail<T>(&self, expected: &'static str) -> Result<T, Mismatch> {
        Err(Mismatch::new(self.pos, expected))
    }

    /// Consumes `byte` or fails expecting `what`.
    pub fn expect(&mut self, byte: u8, what: &'static str) -> Result<(), Mismatch> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.fail(what)
        }
    }

    /// Consumes `byte` if it is next.
    pub fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A non-empty run of bytes up to the next space (or the end), failing with `what`.
    pub fn token(&mut self, what: &'static str) -> Result<&'a str, Mismatch> {
        let start = self.pos;
        // A plain loop: tokens are short, shorter than memchr's set-up pays off for.
        let rest = &self.line.as_bytes()[start..];
        let len = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
        if len == 0 {
            return self.fail(what);
        }
        self.pos += len;
        Ok(&self.line[start..self.pos])
    }

    /// The text up to `byte` (not included; consumed), failing with `what` if absent.
    pub fn until(&mut self, byte: u8, what: &'static str) -> Result<&'a str, Mismatch> {
        let start = self.pos;
        match memchr::memchr(byte, &self.line.as_bytes()[start..]) {
            Some(len) => {
                self.pos += len + 1;
                Ok(&self.line[start..start + len])
            }
            None => Err(Mismatch::new(self.line.len(), what)),
        }
    }

    pub fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    /// A `"…"` string in which `\"` and `\\` are escapes (Apache, nginx); the quotes
    /// are consumed and the escapes undone.
    pub fn quoted(&mut self, what: &'static str) -> Result<Cow<'a, str>, Mismatch> {
        self.expect(b'"', what)?;
        let start = self.pos;
        let bytes = self.line.as_bytes();
        let mut escaped = false;
        let mut i = start;
        while let Some(found) = memchr::memchr2(b'"', b'\\', &bytes[i.min(bytes.len())..]) {
            i += found;
            if bytes[i] == b'\\' {
                escaped = true;
                i += 2;
                continue;
            }
            self.pos = i + 1;
            let text = &self.line[start..i];
            return Ok(if escaped {
                Cow::Owned(unescape(text))
            } else {
                Cow::Borrowed(text)
            });
        }
        Err(Mismatch::new(self.line.len(), "a closing '\"'"))
    }
}

/// Undoes `\"` and `\\`; other backslashes (`\x16`) are kept as written.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next @ ('"' | '\\')) => out.push(next),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Digits as a JSON integer (leading zeros dropped), or `None` if not all digits.
pub fn integer(text: &str) -> Option<&str> {
    if text.is_empty() || text.len() > 18 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let trimmed = &text[text.bytes().take_while(|&b| b == b'0').count()..];
    Some(if trimmed.is_empty() { "0" } else { trimmed })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_and_integers() {
        let mut scan = Scan::new(r#""a \"b\" c\\" "\x16\x03" "open"#);
        assert_eq!(scan.quoted("q").unwrap(), r#"a "b" c\"#);
        scan.skip_spaces();
        assert_eq!(scan.quoted("q").unwrap(), r"\x16\x03");
        scan.skip_spaces();
        assert_eq!(scan.quoted("q"), Err(Mismatch::new(30, "a closing '\"'")));
        assert_eq!(integer("0042"), Some("42"));
        assert_eq!(integer("000"), Some("0"));
        assert_eq!(integer("-"), None);
        assert_eq!(integer("4x"), None);
    }
}
