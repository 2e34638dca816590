use etlkit::cli::{self, sort::Args};
use etlkit::ops::sort::{Sort, Sorter};
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let sorter = Sorter::new(args.keys()?, args.memory()?, args.tmpdir());
        let mut sort = Sort::new(sorter, args.unique, job.progress().clone());
        run::records(job, &args.files, &args.records, &mut sort)
    })
}
