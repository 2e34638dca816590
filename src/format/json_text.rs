//! Writing JSON text fast: string escaping without going through serde for every value.

use std::io::{self, Write};

/// Bytes that must be escaped inside a JSON string: `"`, `\` and control characters.
const NEEDS_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// Writes `text` as a quoted JSON string.
pub fn write_string(out: &mut impl Write, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    out.write_all(b"\"")?;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !NEEDS_ESCAPE[b as usize] {
            continue;
        }
        out.write_all(&bytes[start..i])?;
        match b {
            b'"' => out.write_all(b"\\\"")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\n' => out.write_all(b"\\n")?,
            b'\r' => out.write_all(b"\\r")?,
            b'\t' => out.write_all(b"\\t")?,
            _ => write!(out, "\\u{b:04x}")?,
        }
        start = i + 1;
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\"")
}

/// Where the first byte that needs an escape is, eight bytes at a time: most values
/// have none, and this is the hot loop of writing log records.
#[inline]
pub(crate) fn first_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A lane below 0x20, or equal to `"` or `\`, gets its high bit set (the classic
    // "has less than" and "has zero byte" tricks); `!word` leaves out bytes of 0x80 and
    // up. A carry can flag a clean lane above a flagged one, never a whole clean word.
    let flagged = |word: u64| {
        let below = word.wrapping_sub(ONES * 0x20);
        let quote = (word ^ (ONES * 0x22)).wrapping_sub(ONES);
        let backslash = (word ^ (ONES * 0x5c)).wrapping_sub(ONES);
        (below | quote | backslash) & !word & HIGHS
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if flagged(word) != 0 {
            if let Some(i) = first_escape_slow(chunk) {
                return Some(offset + i);
            }
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return None;
    }
    // The last bytes as one word too when the text is longer (the ones before the rest
    // are clean, having been looked at); a shorter text byte by byte.
    let (word, start) = match bytes.len().checked_sub(8) {
        Some(start) => (&bytes[start..], start),
        None => return first_escape_slow(rest),
    };
    let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
    if flagged(word) == 0 {
        return None;
    }
    first_escape_slow(&bytes[start..]).map(|i| start + i)
}

fn first_escape_slow(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| NEEDS_ESCAPE[b as usize])
}

/// Appends `text` to `out` as a quoted JSON string (the same escapes as `write_string`).
#[inline]
pub fn push_string(out: &mut String, text: &str) {
    out.push('"');
    match first_escape(text.as_bytes()) {
        None => out.push_str(text),
        Some(first) => push_escaped(out, text, first),
    }
    out.push('"');
}

/// Appends `text` escaped, its first byte to escape being at `first`.
fn push_escaped(out: &mut String, text: &str, first: usize) {
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate().skip(first) {
        if !NEEDS_ESCAPE[b as usize] {
            continue;
        }
        // Only ASCII bytes are escaped, so `i` is always a character boundary.
        out.push_str(&text[start..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => out.push_str(&format!("\\u{b:04x}")),
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_serde_json() {
        for text in [
            "plain",
            "quo\"te",
            "back\\slash",
            "new\nline\r\t",
            "\u{1}\u{1f}",
            "ünï",
            "",
            "eight by",
            "eight b\"",
            "longer than eight bytes \\ and \u{7f}\u{80} ü",
            "only at the end of a long value\n",
            "!!!!!!!!\u{1f}!!!!!!!",
        ] {
            let mut out = Vec::new();
            write_string(&mut out, text).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(text).unwrap()
            );
            let mut pushed = String::from("x");
            push_string(&mut pushed, text);
            assert_eq!(pushed[1..], serde_json::to_string(text).unwrap());
        }
    }

    /// Each byte that needs an escape, and bytes beside the ones that do, at every
    /// place in texts of every length around the eight-byte steps, against a plain scan.
    #[test]
    fn finds_the_first_escape_anywhere() {
        let fillers = [b'a', b' ', b'!', b'#', b'[', b']', 0x7f, 0x80, 0xc3, 0xff];
        let specials = [0x00, 0x01, b'\t', b'\n', 0x1f, b'"', b'\\'];
        for len in 0..=25 {
            for filler in fillers {
                let clean = vec![filler; len];
                assert_eq!(first_escape(&clean), None, "{clean:?}");
                for at in 0..len {
                    for special in specials {
                        let mut bytes = clean.clone();
                        bytes[at] = special;
                        if at + 3 < len {
                            bytes[at + 3] = b'"';
                        }
                        assert_eq!(first_escape(&bytes), Some(at), "{bytes:?}");
                    }
                }
            }
        }
    }
}
