//! One etl-kafka-produce run: every input line or record sent, then every delivery
//! awaited, so a run never exits 0 with a message undelivered. The progress bar counts
//! messages, so input bytes must not advance it.

use std::io::BufRead;

use super::encode::Encoder;
use super::producer::{Message, Producer};
use crate::error::{quoted, Error, Result};
use crate::format::{Input, Source};
use crate::job::Job;
use crate::progress::Progress;
use crate::signals;

/// How `--raw` makes a message of a line.
#[derive(Debug, Default)]
pub struct Lines {
    /// `-K`: the key is the line up to the first of these, the value the rest.
    pub key_delimiter: Option<u8>,
    /// `--key TEXT`: every line's key.
    pub fixed_key: Option<String>,
    /// `-Z`: an empty value is sent as null.
    pub null_empty: bool,
    pub partition: Option<i32>,
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

/// `--raw`: sends each line of `sources` (stdin when none) as one message value, then
/// waits for every delivery.
pub fn lines(
    job: &mut Job,
    mut producer: Producer,
    sources: Vec<Source>,
    how: &Lines,
) -> Result<()> {
    job.progress().count_messages();
    let sent = send_lines(job, &mut producer, sources, how);
    delivered(job, producer, sent)
}

/// Sends each record of `input` as `encoder` makes it a message, then waits for every
/// delivery. `detected`: the input's format was detected, not named with `-I`.
pub fn records(
    job: &mut Job,
    mut producer: Producer,
    input: Input,
    encoder: Encoder,
    detected: bool,
) -> Result<()> {
    job.progress().count_messages();
    let sent = send_records(job, &mut producer, input, encoder, detected).map(|()| 0);
    delivered(job, producer, sent)
}

/// Waits for the deliveries of what was `sent` (lines read, or 0 for records, which
/// the job counted). What was sent before a bad record or a signal is still delivered
/// (or reported).
fn delivered(job: &mut Job, producer: Producer, sent: Result<u64>) -> Result<()> {
    let finished = producer.finish(sent.is_ok());
    match (sent, finished) {
        (Ok(lines), Ok(delivered)) => {
            job.add_counts(lines, delivered);
            Ok(())
        }
        (Err(stopped), Ok(_)) => Err(stopped),
        (Ok(_), Err(undelivered)) => Err(undelivered),
        (Err(stopped), Err(undelivered)) => Err(Error::Service(format!(
            "{undelivered}; the input stopped at: {stopped}"
        ))),
    }
}

/// Each line is one message; returns how many lines were read.
fn send_lines(
    job: &Job,
    producer: &mut Producer,
    sources: Vec<Source>,
    how: &Lines,
) -> Result<u64> {
    let sources = if sources.is_empty() {
        vec![Source::Stdin]
    } else {
        sources
    };
    let mut lines = 0;
    let mut line = Vec::new();
    for source in sources {
        let mut stream = source.open(&Progress::default(), None)?;
        for number in 1.. {
            if !signals::check()? {
                break;
            }
            line.clear();
            let read = stream.read_until(b'\n', &mut line);
            if read.map_err(|e| Error::io(source.name().to_string(), e))? == 0 {
                break;
            }
            if line.last() == Some(&b'\n') {
                line.pop();
            }
            let (key, value) = match how.key_delimiter {
                None => (how.fixed_key.as_deref().map(str::as_bytes), &line[..]),
                Some(delimiter) => match line.iter().position(|&b| b == delimiter) {
                    Some(at) => (Some(&line[..at]), &line[at + 1..]),
                    None => {
                        return Err(Error::Data(format!(
                            "{}:{number}: no key delimiter {:?} in the line (-K)",
                            source.name(),
                            char::from(delimiter)
                        )))
                    }
                },
            };
            let message = Message {
                key,
                value: (!how.null_empty || !value.is_empty()).then_some(value),
                headers: &how.headers,
                partition: how.partition,
                timestamp: None,
            };
            producer.send(&message, number);
            job.progress().advance_message(line.len());
            lines += 1;
        }
    }
    Ok(lines)
}

fn send_records(
    job: &mut Job,
    producer: &mut Producer,
    mut input: Input,
    mut encoder: Encoder,
    detected: bool,
) -> Result<()> {
    let progress = job.progress().clone();
    job.for_each_record_at(&mut input, |record, line| {
        let message = encoder.encode(record)?.message();
        let bytes = message.key.map_or(0, <[u8]>::len) + message.value.map_or(0, <[u8]>::len);
        producer.send(&message, line);
        progress.advance_message(bytes);
        encoder.recycle();
        Ok(())
    })?;
    // A line of plain text is detected as CSV: its header, with no record after it.
    // Sending nothing and ending well would lose it without a word.
    match input.header() {
        Some(header) if detected && job.live().records_in() == 0 => Err(Error::Data(format!(
            "{}: {} reads as a CSV header with no record after it: nothing sent; --raw \
             sends each line as a message (-I csv, if it is a header)",
            input.location(),
            quoted(&header.names().join(",")),
        ))),
        _ => Ok(()),
    }
}
