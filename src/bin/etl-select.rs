use etlkit::cli::{self, select::Args};
use etlkit::ops::select::Select;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (selection, mode, files) = args.selection()?;
        let mut select = Select::new(selection, mode, args.explode.clone(), args.nest);
        run::records(job, &files, &args.records, &mut select)
    })
}
