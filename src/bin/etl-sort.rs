use etlkit::cli::{self, args::sources, sort::Args};
use etlkit::format::{Input, Output};
use etlkit::ops::sort::Sorter;

fn main() -> std::process::ExitCode {
    cli::run("etl-sort", |args: Args, job| {
        let mut sorter = Sorter::new(args.keys()?, args.memory()?, args.tmpdir());
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        job.for_each_record(&mut input, |record| sorter.push(record))?;
        let header = input.header();
        sorter.finish(args.unique, |record| output.write(record))?;
        if let Some(header) = header {
            output.header_if_empty(&header)?;
        }
        job.finish_output(output)
    })
}
