//! A decompressor on a thread of its own, a few buffers ahead of the parser, so that
//! decompressing a file and parsing it take two cores instead of adding up on one (as
//! `zstd -dc file | …` does). Only for regular files: a stream that can pause must be
//! read on the command's own thread, where a pause flushes the output.

use std::io::{self, BufRead, Read};
use std::sync::mpsc::{sync_channel, Receiver};

/// The size of one buffer, and how many may wait decompressed: memory stays bounded.
const CHUNK: usize = 256 * 1024;
const CHUNKS_AHEAD: usize = 4;

pub struct DecodeThread {
    chunks: Receiver<io::Result<Vec<u8>>>,
    current: Vec<u8>,
    consumed: usize,
}

impl DecodeThread {
    /// Starts decompressing `decoder` ahead. The thread ends at the end of the input, at
    /// its first error (handed on in its place), or when the reader is dropped.
    pub fn spawn(mut decoder: impl Read + Send + 'static) -> DecodeThread {
        let (sender, chunks) = sync_channel(CHUNKS_AHEAD);
        std::thread::spawn(move || loop {
            let mut chunk = vec![0; CHUNK];
            let mut filled = 0;
            while filled < CHUNK {
                match decoder.read(&mut chunk[filled..]) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                    Err(err) => {
                        // What came before the error is handed on first.
                        chunk.truncate(filled);
                        if filled > 0 && sender.send(Ok(chunk)).is_err() {
                            return;
                        }
                        let _ = sender.send(Err(err));
                        return;
                    }
                }
            }
            if filled == 0 {
                return;
            }
            chunk.truncate(filled);
            if sender.send(Ok(chunk)).is_err() {
                return;
            }
        });
        DecodeThread {
            chunks,
            current: Vec::new(),
            consumed: 0,
        }
    }
}

impl Read for DecodeThread {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for DecodeThread {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed == self.current.len() {
            // A closed channel is the end of the input.
            if let Ok(chunk) = self.chunks.recv() {
                self.current = chunk?;
                self.consumed = 0;
            }
        }
        Ok(&self.current[self.consumed..])
    }

    fn consume(&mut self, amount: usize) {
        self.consumed = (self.consumed + amount).min(self.current.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_on_every_byte_in_order_then_the_error_after_the_bytes_before_it() {
        let data: Vec<u8> = (0..3 * CHUNK + 17).map(|i| (i % 251) as u8).collect();
        let mut read = Vec::new();
        DecodeThread::spawn(io::Cursor::new(data.clone()))
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, data);

        let failing = io::Cursor::new(vec![1, 2, 3]).chain(Failing);
        let mut thread = DecodeThread::spawn(failing);
        let mut read = Vec::new();
        let err = thread.read_to_end(&mut read).unwrap_err();
        assert_eq!(
            (err.to_string(), read),
            ("corrupt".to_owned(), vec![1, 2, 3])
        );
    }

    struct Failing;

    impl Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::new(io::ErrorKind::InvalidData, "corrupt"))
        }
    }
}
