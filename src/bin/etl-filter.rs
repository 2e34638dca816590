use etlkit::cli::{self, args::sources, filter::Args};
use etlkit::error::Error;
use etlkit::expr::Program;
use etlkit::format::{Input, Output};

fn main() -> std::process::ExitCode {
    cli::run("etl-filter", |args: Args, job| {
        let mut program =
            Program::compile(&args.expression).map_err(|e| Error::usage(e.to_string()))?;
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        job.for_each_record(&mut input, |record| {
            if program.test(record).map_err(Error::Data)? != args.invert {
                output.write(record)?;
            }
            Ok(())
        })?;
        if let Some(header) = input.header() {
            output.header_if_empty(&header)?;
        }
        job.finish_output(output)
    })
}
