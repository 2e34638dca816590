use etlkit::cli::{self, args::sources, join::Args};
use etlkit::error::Error;
use etlkit::format::{Input, Output, Source};
use etlkit::ops::join::merge::MergeJoin;
use etlkit::ops::join::{HashJoin, LookupBuilder};
use etlkit::ops::key::KeyFields;

fn main() -> std::process::ExitCode {
    cli::run("etl-join", |args: Args, job| {
        let (left_key, right_key, added) = args.fields()?;
        let progress = job.progress().clone();
        let right_source = Source::from_arg(&args.with);
        let right_name = right_source.name();
        // A usage error about the right side's fields names the file it is about.
        let about_right = |err: Error| match err {
            Error::Usage(message) => Error::usage(format!("{right_name}: {message}")),
            err => err,
        };
        let mut right = Input::open(vec![right_source.clone()], None, progress.clone())?;
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        if args.sorted {
            let right_on = args.with_on.as_deref().unwrap_or(&args.on);
            let mut join = MergeJoin::new(args.kind(), &args.on, right_on, added, right)
                .map_err(about_right)?;
            job.for_each_record(&mut input, |record| {
                join.join(record, |joined| output.write(joined))
            })?;
            if let Some(header) = input.header() {
                let joined = join.output_header(&header)?;
                output.header_if_empty(&joined)?;
            }
            return job.finish_output(output);
        }
        let mut builder = LookupBuilder::new(KeyFields::new(right_key));
        job.for_each_record(&mut right, |record| {
            builder.add(record).map_err(about_right)
        })?;
        if let Some(header) = right.header() {
            builder.note_header(header)?;
        }
        let mut join = HashJoin::new(
            args.kind(),
            KeyFields::new(left_key),
            builder.finish(added)?,
        );
        job.for_each_record(&mut input, |record| {
            join.join(record, |joined| output.write(joined))
        })?;
        if let Some(header) = input.header() {
            let joined = join.output_header(&header)?;
            output.header_if_empty(&joined)?;
        }
        job.finish_output(output)
    })
}
