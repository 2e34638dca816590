use etlkit::cli::{self, map::Args};
use etlkit::ops::map::Map;
use etlkit::run::{self, Work};

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (_, files) = args.steps_and_files()?;
        run::records_on_threads(
            job,
            &files,
            &args.records,
            (args.threads.threads, Work::Heavy),
            || Ok(Map::new(args.steps_and_files()?.0)),
        )
        .map(drop)
    })
}
