//! Input in another encoding than UTF-8, decoded as it is read: the encoding named
//! with `--encoding` (latin1, windows-1252, UTF-16LE… as WHATWG labels them), or
//! UTF-16 told by its byte order mark. Every reader after this one sees UTF-8.

use std::io::{self, BufRead, Read};

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_16BE, UTF_16LE};

/// The encoding a `--encoding` label names.
pub fn by_label(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        format!("{label:?} is not an encoding such as latin1, windows-1252, utf-16le or utf-16be")
    })
}

/// The UTF-16 a byte order mark at the start of `head` says, if any.
pub fn sniff(head: &[u8]) -> Option<&'static Encoding> {
    match head {
        [0xFF, 0xFE, ..] => Some(UTF_16LE),
        [0xFE, 0xFF, ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// `stream` in `encoding`, read as UTF-8 (its byte order mark dropped).
pub struct Decoded {
    stream: Box<dyn BufRead>,
    decoder: Decoder,
    /// Decoded bytes not yet handed out: `out[at..]`.
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl Decoded {
    pub fn new(stream: Box<dyn BufRead>, encoding: &'static Encoding) -> Decoded {
        Decoded {
            stream,
            decoder: encoding.new_decoder_with_bom_removal(),
            out: Vec::new(),
            at: 0,
            done: false,
        }
    }

    /// Decodes the next piece of input into `out`; `false` at the end.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.at = 0;
        while self.out.is_empty() && !self.done {
            let input = self.stream.fill_buf()?;
            let last = input.is_empty();
            let room = self
                .decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            self.out.resize(room.max(16), 0);
            let (result, read, written, _) =
                self.decoder.decode_to_utf8(input, &mut self.out, last);
            self.out.truncate(written);
            self.stream.consume(read);
            if last && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
        Ok(!self.out.is_empty())
    }
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.at == self.out.len() && !self.refill()? {
            return Ok(0);
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8], encoding: &'static Encoding) -> String {
        let mut text = String::new();
        Decoded::new(Box::new(std::io::Cursor::new(bytes.to_vec())), encoding)
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn latin1_and_utf16_become_utf8() {
        assert_eq!(
            decoded(b"caf\xe9,na\xefve\n", by_label("latin1").unwrap()),
            "café,naïve\n"
        );
        assert_eq!(
            decoded(b"\x80 5\n", by_label("windows-1252").unwrap()),
            "€ 5\n"
        );
        let utf16: Vec<u8> = "\u{feff}a,é\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(sniff(&utf16), Some(UTF_16LE));
        assert_eq!(decoded(&utf16, UTF_16LE), "a,é\n");
        assert!(by_label("klingon").is_err());
    }
}
