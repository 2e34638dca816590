use etlkit::cli::{self, args::sources, pg_load::Args};
use etlkit::format::Input;
use etlkit::pg::run::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        run(&args.request(), &mut input, job)
    })
}
