use etlkit::cli::{self, pg_extract::Args};
use etlkit::pg::extract::run;
use etlkit::state_file;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        if let Some(path) = &args.commit_state {
            return state_file::commit(path);
        }
        run(&args.request()?, job)
    })
}
