use etlkit::cli::{self, pg_extract::Args};
use etlkit::pg::extract::{run, watermark};

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        if let Some(path) = &args.commit_state {
            return watermark::commit(path);
        }
        run(&args.request()?, job)
    })
}
