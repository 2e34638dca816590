use etlkit::cli::{self, args::sources, select::Args};
use etlkit::format::{Input, Output};
use etlkit::ops::select::Projector;
use etlkit::Record;

fn main() -> std::process::ExitCode {
    cli::run("etl-select", |args: Args, job| {
        let (selection, mode, files) = args.selection()?;
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        let mut projector = Projector::new(selection, mode);
        let mut projected = Record::default();
        job.for_each_record(&mut input, |record| {
            projector.apply(record, &mut projected)?;
            output.write(&projected)
        })?;
        if let Some(header) = input.header() {
            let projected = projector.output_header(&header)?;
            output.header_if_empty(&projected)?;
        }
        job.finish_output(output)
    })
}
