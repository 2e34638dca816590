use std::io::BufRead;

use etlkit::cli::{self, args::sources, kafka_produce::Args};
use etlkit::error::Error;
use etlkit::format::{Input, Source};
use etlkit::kafka::admin::create_topic;
use etlkit::kafka::encode::Encoder;
use etlkit::kafka::producer::{Message, Producer};

fn main() -> std::process::ExitCode {
    cli::run("etl-kafka-produce", |args: Args, job| {
        let connection = args.connection.connection(args.timeout);
        let mut encoder = Encoder::new(args.parts()?);
        if args.create_topic {
            create_topic(
                &connection,
                &args.topic,
                args.partitions,
                args.replication_factor,
            )?;
        }
        let mut producer = Producer::new(&connection, &args.topic, args.compression.name())?;
        let progress = job.progress().clone();
        let mut lines = 0;
        if args.raw {
            let files = sources(&args.files);
            for source in if files.is_empty() {
                vec![Source::Stdin]
            } else {
                files
            } {
                let mut stream = source.open(&progress)?;
                let mut line = Vec::new();
                for number in 1.. {
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
                    producer.send(&message, number)?;
                    lines += 1;
                }
            }
        } else {
            let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
            job.for_each_record_at(&mut input, |record, line| {
                producer.send(&encoder.encode(record)?.message(), line)?;
                encoder.recycle();
                Ok(())
            })?;
        }
        let delivered = producer.finish()?;
        job.add_counts(lines, delivered);
        Ok(())
    })
}
