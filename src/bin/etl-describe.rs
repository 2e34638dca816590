use std::io::IsTerminal;

use etlkit::cli::{self, describe::Args};
use etlkit::ops::describe::Describe;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let table = args.records.output.output_format.is_none() && std::io::stdout().is_terminal();
        run::records(job, &args.files, &args.records, &mut Describe::new(table))
    })
}
