use etlkit::cli::{self, head::Args};
use etlkit::ops::head::Head;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        // Even -n 0 reads one record: the CSV header comes with it.
        let mut head = Head::new(args.lines, args.by()?);
        run::records(job, &args.files, &args.records, &mut head)
    })
}
