use etlkit::cli::{self, args::sources, cast::Args};
use etlkit::format::{Input, Output};
use etlkit::job::OnError;
use etlkit::ops::cast::{Caster, Spec};
use etlkit::Record;

fn main() -> std::process::ExitCode {
    cli::run("etl-cast", |args: Args, job| {
        let (specs, files) = args.specs_and_files();
        let specs = specs
            .iter()
            .map(|s| Spec::parse(s))
            .collect::<Result<_, _>>()?;
        let key = std::env::var("ETL_HASH_KEY").ok().filter(|k| !k.is_empty());
        let mut caster = Caster::new(specs, args.infer, args.tz, key.map(String::into_bytes))?;
        let null_on_error = job.on_error() == OnError::Null;
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        let mut cast = Record::default();
        let mut nulled = 0;
        job.for_each_record(&mut input, |record| {
            nulled += caster.apply(record, &mut cast, null_on_error)?;
            output.write(&cast)
        })?;
        job.count_nulled(nulled);
        if let Some(header) = input.header() {
            output.header_if_empty(&header)?;
        }
        job.finish_output(output)
    })
}
