use etlkit::cli::{self, args::sources, dedup::Args};
use etlkit::format::{Input, Output};
use etlkit::ops::dedup::{Dedup, Keep};

fn main() -> std::process::ExitCode {
    cli::run("etl-dedup", |args: Args, job| {
        let mut dedup = Dedup::new(args.on()?);
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        match args.keep {
            Keep::First => job.for_each_record(&mut input, |record| {
                if dedup.is_first(record)? {
                    output.write(record)?;
                }
                Ok(())
            })?,
            Keep::Last => {
                job.for_each_record(&mut input, |record| dedup.offer(record))?;
                for record in dedup.into_latest() {
                    output.write(&record)?;
                }
            }
        }
        if let Some(header) = input.header() {
            output.header_if_empty(&header)?;
        }
        job.finish_output(output)
    })
}
