use etlkit::cli::{self, extract_log::Args};
use etlkit::extract::reader::LogInput;
use etlkit::extract::state::{Pending, State};
use etlkit::format::Format;
use etlkit::run::{self, Pass};
use etlkit::state_file;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        if let Some(path) = &args.commit_state {
            return state_file::commit(path);
        }
        let options = args.options(job.program())?;
        let committed = match &args.state {
            Some(path) => {
                state_file::discard_pending(path)?;
                Some(State::load(path)?)
            }
            None => None,
        };
        let (reads, files, sets) = args.reads(committed.as_ref())?;
        let pending = match (&args.state, committed) {
            (Some(path), Some(committed)) => Some(Pending::new(path, committed)),
            _ => None,
        };
        let mut input = LogInput::new(options, reads, sets, job.progress().clone())?;
        if args.follow {
            input.follow(files, pending.clone());
        }
        let format = args.output.output_format.unwrap_or(Format::Ndjson);
        let layout = args.csv_output.layout(format)?;
        run::run(job, &mut input, layout, &mut Pass)?;
        input.report();
        if args.bad_input.rejects.is_none() && !args.keep_unparsed {
            input.nothing_parsed()?;
        }
        if let Some(pending) = &pending {
            pending.save(&input.sets())?;
        }
        Ok(())
    })
}
