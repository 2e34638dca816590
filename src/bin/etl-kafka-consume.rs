use etlkit::cli::{self, kafka_consume::Args};
use etlkit::format::{Format, Output};
use etlkit::kafka::consumer::Consumer;
use etlkit::kafka::decode::Decoder;
use etlkit::kafka::format_string::FormatString;
use etlkit::Record;
use rdkafka::message::Message;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let connection = args.connection.connection(args.timeout);
        let mut consumer = Consumer::new(&connection, args.plan(job.live().clone()))?;
        let progress = job.progress().clone();
        progress.count_messages();
        let sink = consumer.sink();
        let format = args.output.output_format.unwrap_or(Format::Ndjson);
        let mut output = Output::to_writer(args.csv_output.layout(format)?, sink.clone());
        let format_string = args
            .format_string
            .as_deref()
            .map(FormatString::parse)
            .transpose()?;
        let mut formatted = Vec::new();
        let mut decoder = Decoder::default();
        let mut record = Record::default();
        consumer.run(|message| {
            progress.advance_message(message.payload_len() + message.key_len());
            if let Some(format) = &format_string {
                formatted.clear();
                format.write(message, &mut formatted);
                sink.write_bytes(&formatted);
                return Ok(());
            }
            if args.raw {
                let value = etlkit::kafka::decode::payload(message);
                match &args.key_delimiter {
                    Some(delimiter) => {
                        let key = message.key().unwrap_or_default();
                        sink.write_line(&[key, delimiter.as_bytes(), value].concat());
                    }
                    None => sink.write_line(value),
                }
                return Ok(());
            }
            if args.envelope {
                decoder.envelope(message, &mut record);
            } else {
                decoder.record(message, &mut record);
            }
            output.write(&record)?;
            // Into the pending output, so it reaches stdout before its offset is committed.
            output.flush()
        })
    })
}
