use etlkit::cli::{self, select::Args};
use etlkit::ops::select::Select;
use etlkit::run::{self, Work};

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (_, _, files) = args.selection()?;
        run::records_on_threads(
            job,
            &files,
            &args.records,
            (args.threads.threads, Work::Light),
            || {
                let (selection, mode, _) = args.selection()?;
                Ok(Select::new(
                    selection,
                    mode,
                    args.explode.clone(),
                    args.nest,
                ))
            },
        )
        .map(drop)
    })
}
