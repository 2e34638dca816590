use std::io::BufRead;

use etlkit::cli::{self, args::sources, kafka_produce::Args};
use etlkit::error::{Error, Result};
use etlkit::format::{Input, Source};
use etlkit::job::Job;
use etlkit::kafka::admin::create_topic;
use etlkit::kafka::encode::Encoder;
use etlkit::kafka::producer::{Message, Producer};
use etlkit::progress::Progress;
use etlkit::signals;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let connection = args.connection.connection(args.timeout);
        let encoder = Encoder::new(args.parts()?);
        if args.create_topic {
            create_topic(
                &connection,
                &args.topic,
                args.partitions,
                args.replication_factor,
            )?;
        }
        let mut producer = Producer::new(&connection, &args.topic, args.compression.name())?;
        // The bar counts messages sent, so input bytes must not advance it.
        job.progress().count_messages();
        let sent = if args.raw {
            send_lines(&args, job, &mut producer)
        } else {
            send_records(&args, job, encoder, &mut producer).map(|()| 0)
        };
        // What was sent before a bad record is still delivered (or reported).
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
    })
}

/// `--raw`: each input line is one message; returns how many lines were read.
fn send_lines(args: &Args, job: &Job, producer: &mut Producer) -> Result<u64> {
    let files = sources(&args.files);
    let files = if files.is_empty() {
        vec![Source::Stdin]
    } else {
        files
    };
    let mut lines = 0;
    let mut line = Vec::new();
    for source in files {
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
    args: &Args,
    job: &mut Job,
    mut encoder: Encoder,
    producer: &mut Producer,
) -> Result<()> {
    let progress = job.progress().clone();
    let mut input = Input::open(
        sources(&args.files),
        args.input.input_format,
        Progress::default(),
    )?;
    job.for_each_record_at(&mut input, |record, line| {
        let message = encoder.encode(record)?.message();
        let bytes = message.key.map_or(0, <[u8]>::len) + message.value.map_or(0, <[u8]>::len);
        producer.send(&message, line);
        progress.advance_message(bytes);
        encoder.recycle();
        Ok(())
    })
}
