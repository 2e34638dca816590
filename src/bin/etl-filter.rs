use etlkit::cli::{self, filter::Args};
use etlkit::error::Error;
use etlkit::expr::Program;
use etlkit::ops::filter::Filter;
use etlkit::run::{self, Work};

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let filter = || {
            let program =
                Program::compile(&args.expression).map_err(|e| Error::usage(e.to_string()))?;
            Ok(Filter::new(program, args.invert))
        };
        run::records_on_threads(
            job,
            &args.files,
            &args.records,
            (args.threads.threads, Work::Light),
            filter,
        )
        .map(drop)
    })
}
