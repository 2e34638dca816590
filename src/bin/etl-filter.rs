use etlkit::cli::{self, filter::Args};
use etlkit::error::Error;
use etlkit::expr::Program;
use etlkit::ops::filter::Filter;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let program =
            Program::compile(&args.expression).map_err(|e| Error::usage(e.to_string()))?;
        let mut filter = Filter::new(program, args.invert);
        run::records(job, &args.files, &args.records, &mut filter)
    })
}
