use etlkit::cli::args::sources;
use etlkit::cli::{self, cast::Args};
use etlkit::error::Result;
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
        // A spec with a mistake is told before any file is opened.
        parse(&specs)?;
        let key = std::env::var("ETL_HASH_KEY").ok().filter(|k| !k.is_empty());
        let null_on_error = job.on_error() == OnError::Null;
        let threads = (args.threads.threads, Work::Heavy);
        let cast = |held: &[Record]| {
            let inferred = args.infer.then(|| infer(held));
            let key = key.clone().map(String::into_bytes);
            let caster = Caster::new(parse(&specs)?, inferred, args.time_rules(), key)?;
            Ok(Cast::new(caster, null_on_error))
        };
        let casts = if args.infer {
            // The types come from the first records, read ahead on this thread; the
            // other threads convert what it reads.
            let (input, layout) = run::open(job, &files, &args.records)?;
            let mut input = ReadAhead::new(input, args.infer_rows)?;
            let held: Vec<Record> = input.held().cloned().collect();
            if args.records.report.verbose {
                notice::note(infer(&held).summary());
            }
            let mut first = cast(&held)?;
            let sources = sources(&files);
            let make = || cast(&held);
            let result =
                run::run_on_threads(job, &mut input, &sources, layout, threads, &mut first, make);
            job.count_nulled(first.nulled());
            result?
        } else {
            run::records_on_threads(job, &files, &args.records, threads, || cast(&[]))?
        };
        job.count_nulled(casts.iter().map(Cast::nulled).sum());
        Ok(())
    })
}

fn parse(specs: &[String]) -> Result<Vec<Spec>> {
    specs.iter().map(|s| Spec::parse(s)).collect()
}

/// The column types `--infer` decides from the records read ahead.
fn infer(held: &[Record]) -> Inference {
    let mut inference = Inference::default();
    held.iter().for_each(|record| inference.observe(record));
    inference
}
