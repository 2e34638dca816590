use etlkit::cli::{self, args::sources, kafka_produce::Args};
use etlkit::format::Input;
use etlkit::kafka::admin::create_topic;
use etlkit::kafka::encode::Encoder;
use etlkit::kafka::produce::{self, Lines};
use etlkit::kafka::producer::Producer;
use etlkit::progress::Progress;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let connection = args.connection.connection(args.timeout);
        let parts = args.parts()?;
        let lines = Lines {
            key_delimiter: args.key_delimiter,
            fixed_key: args.fixed_key.clone(),
            null_empty: args.null_empty,
            partition: parts.partition,
            headers: parts.headers.clone(),
        };
        let encoder = Encoder::new(parts);
        if args.create_topic {
            let (partitions, replicas) = (args.partitions, args.replication_factor);
            create_topic(&connection, &args.topic, partitions, replicas)?;
        }
        let transactional_id = args.transactional_id.as_deref();
        let producer = Producer::new(
            &connection,
            &args.topic,
            args.compression.name(),
            transactional_id,
        )?;
        if args.raw {
            return produce::lines(job, producer, sources(&args.files), &lines);
        }
        // Input bytes must not advance the bar, which counts messages.
        let forced = args.input.input_format;
        let dialect = args.input.dialect()?;
        let input = Input::open(sources(&args.files), forced, dialect, Progress::default())?;
        produce::records(job, producer, input, encoder, forced.is_none())
    })
}
