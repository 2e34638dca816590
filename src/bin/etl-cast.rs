use etlkit::cli::args::sources;
use etlkit::cli::{self, cast::Args};
use etlkit::infer::Inference;
use etlkit::job::OnError;
use etlkit::notice;
use etlkit::ops::cast::{Cast, Caster, Spec};
use etlkit::read_ahead::ReadAhead;
use etlkit::record::Record;
use etlkit::run::{self, Work};

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (specs, files) = args.specs_and_files();
        let parse = || {
            specs
                .iter()
                .map(|s| Spec::parse(s))
                .collect::<Result<Vec<_>, _>>()
        };
        // A spec with a mistake is told before any file is opened.
        parse()?;
        let key = std::env::var("ETL_HASH_KEY").ok().filter(|k| !k.is_empty());
        let (input, layout) = run::open(job, &files, &args.records)?;
        let ahead = if args.infer { args.infer_rows } else { 0 };
        let mut input = ReadAhead::new(input, ahead)?;
        let held: Vec<Record> = input.held().cloned().collect();
        let infer = || {
            args.infer.then(|| {
                let mut inference = Inference::default();
                held.iter().for_each(|record| inference.observe(record));
                inference
            })
        };
        if let Some(inference) = infer().filter(|_| args.records.report.verbose) {
            notice::note(inference.summary());
        }
        let null_on_error = job.on_error() == OnError::Null;
        let cast = || {
            let caster = Caster::new(
                parse()?,
                infer(),
                args.time_rules(),
                key.clone().map(String::into_bytes),
            )?;
            Ok(Cast::new(caster, null_on_error))
        };
        let mut first = cast()?;
        let threads = (args.threads.threads, Work::Heavy);
        let result = run::run_on_threads(
            job,
            &mut input,
            &sources(&files),
            layout,
            threads,
            &mut first,
            cast,
        );
        job.count_nulled(first.nulled());
        job.count_nulled(result?.iter().map(Cast::nulled).sum());
        Ok(())
    })
}
