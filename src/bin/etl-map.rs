use etlkit::cli::{self, map::Args};
use etlkit::ops::map::Map;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (steps, files) = args.steps_and_files()?;
        run::records(job, &files, &args.records, &mut Map::new(steps))
    })
}
