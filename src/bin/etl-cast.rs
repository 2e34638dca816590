use etlkit::cli::{self, cast::Args};
use etlkit::infer::Inference;
use etlkit::job::OnError;
use etlkit::notice;
use etlkit::ops::cast::{Cast, Caster, Spec};
use etlkit::read_ahead::ReadAhead;
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (specs, files) = args.specs_and_files();
        let specs = specs
            .iter()
            .map(|s| Spec::parse(s))
            .collect::<Result<_, _>>()?;
        let key = std::env::var("ETL_HASH_KEY").ok().filter(|k| !k.is_empty());
        let (input, layout) = run::open(job, &files, &args.records)?;
        let ahead = if args.infer { args.infer_rows } else { 0 };
        let mut input = ReadAhead::new(input, ahead)?;
        let inferred = args.infer.then(|| {
            let mut inference = Inference::default();
            input.held().for_each(|record| inference.observe(record));
            if args.records.report.verbose {
                notice::note(inference.summary());
            }
            inference
        });
        let caster = Caster::new(
            specs,
            inferred,
            args.time_rules(),
            key.map(String::into_bytes),
        )?;
        let mut cast = Cast::new(caster, job.on_error() == OnError::Null);
        let result = run::run(job, &mut input, layout, &mut cast);
        job.count_nulled(cast.nulled());
        result
    })
}
