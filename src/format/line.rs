//! Reading input one line at a time.

use std::io::{self, BufRead};

/// `BufRead::read_until(b'\n', …)` with the memchr crate's search, which is several
/// times faster on log and NDJSON lines than the standard library's.
pub fn read_line(stream: &mut dyn BufRead, line: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match stream.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (used, done) = match memchr::memchr(b'\n', available) {
            Some(at) => (at + 1, true),
            None => (available.len(), available.is_empty()),
        };
        line.extend_from_slice(&available[..used]);
        stream.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_with_their_end() {
        let mut stream = std::io::BufReader::with_capacity(4, &b"ab\ncdefgh\r\n\nlast"[..]);
        let mut lines = Vec::new();
        loop {
            let mut line = Vec::new();
            let n = read_line(&mut stream, &mut line).unwrap();
            assert_eq!(n, line.len());
            if n == 0 {
                break;
            }
            lines.push(String::from_utf8(line).unwrap());
        }
        assert_eq!(lines, ["ab\n", "cdefgh\r\n", "\n", "last"]);
    }
}
