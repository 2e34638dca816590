//! `--jobs N`: a table read over N connections in one snapshot, each COPY reading one
//! range of a key, and their records written to stdout as they come.
//!
//! The first connection exports its snapshot (`pg_export_snapshot()`) and the others
//! import it (`SET TRANSACTION SNAPSHOT`) before any COPY starts, so the parts are one
//! consistent view of the table. Each part decodes and formats its rows on its own
//! thread, through the shared writers, into 256 KiB chunks of output; the main thread
//! writes the chunks to stdout in the order they are ready (rows of different parts
//! interleave by chunk; no order is promised without --jobs either).

use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, SyncSender};

use postgres::Client;

use super::rows::{self, Part};
use crate::error::{Error, Result};
use crate::format::{Format, Memory, Output};
use crate::record::Header;

/// The key ranges of `jobs` parts over `min..=max`: conditions on `key` (an SQL
/// column reference), the first part also taking the rows whose key is NULL.
pub fn ranges(key: &str, min: i64, max: i64, jobs: u16) -> Vec<String> {
    let span = i128::from(max) - i128::from(min) + 1;
    let width = (span + i128::from(jobs) - 1) / i128::from(jobs);
    let mut parts = Vec::new();
    let mut low = i128::from(min);
    while low <= i128::from(max) {
        let high = low + width;
        let first = parts.is_empty();
        let last = high > i128::from(max);
        parts.push(match (first, last) {
            (true, true) => "TRUE".to_owned(),
            (true, false) => format!("({key} < {high} OR {key} IS NULL)"),
            (false, false) => format!("{key} >= {low} AND {key} < {high}"),
            (false, true) => format!("{key} >= {low}"),
        });
        low = high;
    }
    parts
}

/// The header line the format writes before its first record (nothing for NDJSON).
fn header_bytes(format: Format, header: &Header) -> Result<Vec<u8>> {
    let bytes = Memory::default();
    let mut output = Output::to_writer(format, bytes.clone());
    output.header_if_empty(header)?;
    output.flush()?;
    drop(output);
    Ok(bytes.take())
}

/// A part's output, sent to the main thread in the chunks its writer writes, less the
/// header the writer puts first (the main thread writes it once).
struct Chunks {
    skip: usize,
    sender: SyncSender<Vec<u8>>,
}

impl Write for Chunks {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let skipped = self.skip.min(bytes.len());
        self.skip -= skipped;
        if skipped < bytes.len() {
            self.sender
                .send(bytes[skipped..].to_vec())
                // The main thread stopped writing; its error is the run's.
                .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs one COPY per connection in parallel, `sqls[i]` on `clients[i]`, writing every
/// record to stdout. The records written, and whether every part read all its rows (no
/// signal stopped them).
pub fn copy_all(clients: Vec<Client>, sqls: &[String], part: &Part<'_>) -> Result<(u64, bool)> {
    let header = header_bytes(part.format, &part.columns.header)?;
    let (sender, receiver) = sync_channel::<Vec<u8>>(2 * clients.len());
    std::thread::scope(|scope| {
        let workers: Vec<_> = clients
            .into_iter()
            .zip(sqls)
            .map(|(mut client, sql)| {
                let sender = sender.clone();
                let skip = header.len();
                scope.spawn(move || -> Result<(u64, bool)> {
                    let part = Part {
                        sql,
                        ..part.clone()
                    };
                    let mut output = Output::to_writer(part.format, Chunks { skip, sender });
                    let complete = rows::copy(&mut client, &part, |record| output.write(record))?;
                    output.flush()?;
                    Ok((output.written(), complete))
                })
            })
            .collect();
        drop(sender);
        let written = write_chunks(&header, receiver.iter());
        // Once the main thread stopped, a part stops at its next chunk.
        drop(receiver);
        let mut total = (0, true);
        let mut failure = written.err();
        for worker in workers {
            match worker.join().expect("a part does not panic") {
                Ok((records, complete)) => {
                    total.0 += records;
                    total.1 &= complete;
                }
                Err(err) if failure.is_none() => failure = Some(err),
                Err(_) => {}
            }
        }
        match failure {
            Some(err) => Err(err),
            None => Ok(total),
        }
    })
}

fn write_chunks(header: &[u8], chunks: impl Iterator<Item = Vec<u8>>) -> Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let failed = |e| Error::io("<stdout>", e);
    out.write_all(header).map_err(failed)?;
    for chunk in chunks {
        out.write_all(&chunk).map_err(failed)?;
    }
    out.flush().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_the_keys_once() {
        assert_eq!(ranges("k", 1, 1, 4), ["TRUE"]);
        assert_eq!(
            ranges("k", 1, 10, 3),
            ["(k < 5 OR k IS NULL)", "k >= 5 AND k < 9", "k >= 9"]
        );
        assert_eq!(
            ranges("k", 0, 2, 8),
            ["(k < 1 OR k IS NULL)", "k >= 1 AND k < 2", "k >= 2"]
        );
        assert_eq!(
            ranges("k", i64::MIN, i64::MAX, 2),
            ["(k < 0 OR k IS NULL)", "k >= 0"]
        );
    }

    #[test]
    fn the_header_is_written_once() {
        let header = Header::new(["a", "b,c"]);
        assert_eq!(header_bytes(Format::Csv, &header).unwrap(), b"a,\"b,c\"\n");
        assert_eq!(header_bytes(Format::Ndjson, &header).unwrap(), b"");
    }
}
