use etlkit::cli::{self, args::sources, pg_load::Args};
use etlkit::format::Input;
use etlkit::pg::run::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let progress = job.progress().clone();
        let (forced, dialect) = (args.input.input_format, args.input.dialect()?);
        let mut input = Input::open(sources(&args.files), forced, dialect, progress)?;
        run(&args.request(), &mut input, job)
    })
}
