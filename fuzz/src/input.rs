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

/// The chunk sizes an input is read in: whole, and a small size taken from its length
/// so that the same input always takes the same path.
pub fn chunk_sizes(data: &[u8]) -> [usize; 2] {
    [usize::MAX, 1 + data.len() % 7]
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
