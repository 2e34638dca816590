use etlkit::cli::{self, cast::Args};
use etlkit::job::OnError;
use etlkit::ops::cast::{Cast, Caster, Spec};
use etlkit::run;

fn main() -> std::process::ExitCode {
    cli::run(|args: Args, job| {
        let (specs, files) = args.specs_and_files();
        let specs = specs
            .iter()
            .map(|s| Spec::parse(s))
            .collect::<Result<_, _>>()?;
        let key = std::env::var("ETL_HASH_KEY").ok().filter(|k| !k.is_empty());
        let caster = Caster::new(
            specs,
            args.infer,
            args.time_rules(),
            key.map(String::into_bytes),
        )?;
        let mut cast = Cast::new(caster, job.on_error() == OnError::Null);
        let result = run::records(job, &files, &args.records, &mut cast);
        job.count_nulled(cast.nulled());
        result
    })
}
