//! Ways of handing a fuzz input to a parser.

use std::io::{self, Read};

/// Bytes handed out at most `chunk` at a time, as from a pipe, so that rows and lines
/// cross the readers' buffer refills.
pub struct Trickle {
    bytes: Vec<u8>,
    at: usize,
    chunk: usize,
}

impl Trickle {
    pub fn new(bytes: &[u8], chunk: usize) -> Trickle {
        Trickle {
            bytes: bytes.to_vec(),
            at: 0,
            chunk: chunk.max(1),
        }
    }
}

impl Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = &self.bytes[self.at..];
        let n = rest.len().min(self.chunk).min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}

/// The size of the pieces an input is read in, taken from its length so that one
/// input always takes the same path, and inputs of neighbouring lengths all paths:
/// whole, or pieces of a few bytes (more for long inputs, whose rows would otherwise
/// be rescanned at every refill, a quadratic cost).
pub fn chunk_size(data: &[u8]) -> usize {
    match data.len() % 2 {
        0 => usize::MAX,
        _ => 1 + data.len() % 7 + data.len() / 64,
    }
}

/// How a chunk size reads, for messages.
pub fn read_in(chunk: usize) -> String {
    match chunk {
        usize::MAX => "read whole".to_owned(),
        _ => format!("read {chunk} bytes at a time"),
    }
}

/// The input as text, split at its first line end: a target's "program" (an
/// expression, a selection, a pattern) and the data it runs on.
pub fn head_and_rest(data: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(data);
    match text.split_once('\n') {
        Some((head, rest)) => (head.to_owned(), rest.to_owned()),
        None => (text.into_owned(), String::new()),
    }
}
