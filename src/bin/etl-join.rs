use std::sync::Arc;

use etlkit::cli::{self, join::Args};
use etlkit::error::Error;
use etlkit::format::{Input, Source};
use etlkit::ops::join::merge::MergeJoin;
use etlkit::ops::join::{HashJoin, LookupBuilder};
use etlkit::ops::key::KeyFields;
use etlkit::run::{self, Work};

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (left_key, right_key, added) = args.fields()?;
        let right_source = Source::from_arg(&args.with);
        let right_name = right_source.name();
        // A usage error about the right side's fields names the file it is about.
        let about_right = |err: Error| match err {
            Error::Usage(message) => Error::usage(format!("{right_name}: {message}")),
            err => err,
        };
        let dialect = args.records.input.dialect()?;
        let progress = job.progress().clone();
        let mut right = Input::open(vec![right_source.clone()], None, dialect, progress)?;
        if args.sorted {
            let right_on = args.with_on.as_deref().unwrap_or(&args.on);
            let mut join = MergeJoin::new(args.kind(), &args.on, right_on, added, right)
                .map_err(about_right)?;
            return run::records(job, &args.files, &args.records, &mut join);
        }
        let mut builder = LookupBuilder::new(KeyFields::new(right_key));
        job.for_each_record(&mut right, |record| {
            builder.add(record).map_err(about_right)
        })?;
        if let Some(header) = right.header() {
            builder.note_header(header)?;
        }
        let lookup = Arc::new(builder.finish(added)?);
        let threads = (args.threads.threads, Work::Heavy);
        run::records_on_threads(job, &args.files, &args.records, threads, || {
            let keys = KeyFields::new(left_key.clone());
            Ok(HashJoin::new(args.kind(), keys, lookup.clone()))
        })
        .map(drop)
    })
}
