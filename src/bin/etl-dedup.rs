use etlkit::cli::{self, dedup::Args};
use etlkit::ops::dedup::Dedup;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let mut dedup = Dedup::new(args.on()?, args.keep);
        run::records(job, &args.files, &args.records, &mut dedup)
    })
}
