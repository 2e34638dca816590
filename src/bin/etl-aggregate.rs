use etlkit::cli::{self, aggregate::Args};
use etlkit::ops::aggregate::{Aggregate, Aggregator};
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (options, files) = args.options()?;
        let reject_late = args.records.bad_input.rejects.is_some();
        let mut aggregate = Aggregate::new(Aggregator::new(options)?, reject_late);
        run::records(job, &files, &args.records, &mut aggregate)
    })
}
