use etlkit::cli::{self, args::sources, head::Args};
use etlkit::format::{Input, Output};
use etlkit::ops::head::Head;

fn main() -> std::process::ExitCode {
    cli::run("etl-head", |args: Args, job| {
        let mut head = Head::new(args.lines, args.by()?);
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        // Even -n 0 reads one record: the CSV header comes with it.
        job.for_each_record_while(&mut input, |record, _| {
            if head.keep(record)? {
                output.write(record)?;
            }
            Ok(!head.is_done())
        })?;
        if let Some(header) = input.header() {
            output.header_if_empty(&header)?;
        }
        job.finish_output(output)
    })
}
