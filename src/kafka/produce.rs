//! One etl-kafka-produce run: every input line or record sent, then every delivery
//! awaited, so a run never exits 0 with a message undelivered.

use std::io::BufRead;

use super::encode::Encoder;
use super::producer::{Message, Producer};
use crate::error::{Error, Result};
use crate::format::{Input, Source};
use crate::job::Job;
use crate::progress::Progress;
use crate::signals;

/// What becomes the messages.
pub enum Payloads {
    /// `--raw`: each line of these sources is one message value.
    Lines(Vec<Source>),
    /// Each record, encoded as the options say.
    Records(Input, Encoder),
}

/// Sends every payload, then waits for every delivery. What was sent before a bad
/// record or a signal is still delivered (or reported).
pub fn send_all(job: &mut Job, mut producer: Producer, payloads: Payloads) -> Result<()> {
    // The bar counts messages sent, so input bytes must not advance it.
    job.progress().count_messages();
    let sent = match payloads {
        Payloads::Lines(sources) => send_lines(job, &mut producer, sources),
        Payloads::Records(input, encoder) => {
            send_records(job, &mut producer, input, encoder).map(|()| 0)
        }
    };
    match (sent, producer.finish()) {
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
fn send_lines(job: &Job, producer: &mut Producer, sources: Vec<Source>) -> Result<u64> {
    let sources = if sources.is_empty() {
        vec![Source::Stdin]
    } else {
        sources
    };
    let mut lines = 0;
    let mut line = Vec::new();
    for source in sources {
        let mut stream = source.open(&Progress::default())?;
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
            let message = Message {
                value: Some(&line),
                ..Message::default()
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
) -> Result<()> {
    let progress = job.progress().clone();
    job.for_each_record_at(&mut input, |record, line| {
        let message = encoder.encode(record)?.message();
        let bytes = message.key.map_or(0, <[u8]>::len) + message.value.map_or(0, <[u8]>::len);
        producer.send(&message, line);
        progress.advance_message(bytes);
        encoder.recycle();
        Ok(())
    })
}
