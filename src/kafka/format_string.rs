//! `etl-kafka-consume -f FORMAT`: each message written as kcat's format strings write
//! it: `%t` topic, `%p` partition, `%o` offset, `%k` key, `%s` value, `%K` and `%S`
//! their sizes in bytes (-1 when absent), `%T` the timestamp in milliseconds (-1 when
//! absent), `%h` the headers as `name=value` pairs parted by commas, `%%` a percent
//! sign; `\n`, `\r`, `\t` and `\\` are those characters. Keys, values and headers are
//! written as their bytes.

use rdkafka::message::{Headers, Message};

use crate::error::{Error, Result};

/// One piece of a format: bytes to copy, or a part of the message.
#[derive(Debug, PartialEq)]
enum Piece {
    Text(Vec<u8>),
    Topic,
    Partition,
    Offset,
    Key,
    KeySize,
    Value,
    ValueSize,
    Timestamp,
    Headers,
}

#[derive(Debug, PartialEq)]
pub struct FormatString(Vec<Piece>);

impl FormatString {
    pub fn parse(format: &str) -> Result<FormatString> {
        let mut pieces = Vec::new();
        let mut text = Vec::new();
        let mut chars = format.chars();
        while let Some(c) = chars.next() {
            let piece = match c {
                '%' => match chars.next() {
                    Some('t') => Piece::Topic,
                    Some('p') => Piece::Partition,
                    Some('o') => Piece::Offset,
                    Some('k') => Piece::Key,
                    Some('K') => Piece::KeySize,
                    Some('s') => Piece::Value,
                    Some('S') => Piece::ValueSize,
                    Some('T') => Piece::Timestamp,
                    Some('h') => Piece::Headers,
                    Some('%') => {
                        text.push(b'%');
                        continue;
                    }
                    other => {
                        let shown = other.map_or("% at the end".to_owned(), |c| format!("%{c}"));
                        return Err(Error::usage(format!(
                            "-f: {shown} is not one of %t %p %o %k %K %s %S %T %h %%"
                        )));
                    }
                },
                '\\' => {
                    let escaped = match chars.next() {
                        Some('n') => '\n',
                        Some('r') => '\r',
                        Some('t') => '\t',
                        Some('\\') | None => '\\',
                        Some(other) => {
                            text.push(b'\\');
                            other
                        }
                    };
                    text.extend_from_slice(escaped.encode_utf8(&mut [0; 4]).as_bytes());
                    continue;
                }
                c => {
                    text.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    continue;
                }
            };
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(piece);
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(FormatString(pieces))
    }

    /// Appends `message` as the format says to `out`.
    pub fn write(&self, message: &impl Message, out: &mut Vec<u8>) {
        let number = |out: &mut Vec<u8>, n: i64| {
            out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes())
        };
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.extend_from_slice(text),
                Piece::Topic => out.extend_from_slice(message.topic().as_bytes()),
                Piece::Partition => number(out, i64::from(message.partition())),
                Piece::Offset => number(out, message.offset()),
                Piece::Key => out.extend_from_slice(message.key().unwrap_or_default()),
                Piece::KeySize => number(out, message.key().map_or(-1, |k| k.len() as i64)),
                Piece::Value => out.extend_from_slice(message.payload().unwrap_or_default()),
                Piece::ValueSize => number(out, message.payload().map_or(-1, |v| v.len() as i64)),
                Piece::Timestamp => number(out, message.timestamp().to_millis().unwrap_or(-1)),
                Piece::Headers => {
                    if let Some(headers) = message.headers() {
                        for (i, header) in headers.iter().enumerate() {
                            if i > 0 {
                                out.push(b',');
                            }
                            out.extend_from_slice(header.key.as_bytes());
                            out.push(b'=');
                            out.extend_from_slice(header.value.unwrap_or_default());
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_and_mistakes() {
        let parsed = FormatString::parse("%t/%p@%o %% %k=%s\\n").unwrap();
        assert_eq!(
            parsed.0,
            [
                Piece::Topic,
                Piece::Text(b"/".to_vec()),
                Piece::Partition,
                Piece::Text(b"@".to_vec()),
                Piece::Offset,
                Piece::Text(b" % ".to_vec()),
                Piece::Key,
                Piece::Text(b"=".to_vec()),
                Piece::Value,
                Piece::Text(b"\n".to_vec()),
            ]
        );
        assert!(FormatString::parse("%x").is_err());
        assert!(FormatString::parse("50%").is_err());
    }
}
