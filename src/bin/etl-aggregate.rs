use etlkit::cli::{self, aggregate::Args, args::sources};
use etlkit::error::Error;
use etlkit::format::{Input, Output};
use etlkit::ops::aggregate::{Added, Aggregator};

fn main() -> std::process::ExitCode {
    cli::run("etl-aggregate", |args: Args, job| {
        let (options, files) = args.options()?;
        let mut aggregator = Aggregator::new(options)?;
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&files), args.input.input_format, progress)?;
        let mut output = Output::stdout(args.output.output_format.unwrap_or(input.format()));
        // Late records go to --rejects when there is one; otherwise they are counted.
        let reject_late = args.bad_input.rejects.is_some();
        job.for_each_record(&mut input, |record| {
            let written = output.written();
            let added = aggregator.add(record, &mut |group| output.write(group))?;
            if output.written() > written {
                // A window closed: readers of a stream see it now, not at the end.
                output.flush()?;
            }
            match added {
                Added::Late(reason) if reject_late => Err(Error::Data(reason)),
                Added::Late(_) | Added::Grouped => Ok(()),
            }
        })?;
        let late = aggregator.late_note();
        let header =
            aggregator.finish(input.header().as_deref(), &mut |group| output.write(group))?;
        output.header_if_empty(&header)?;
        if let Some(note) = late.filter(|_| !reject_late) {
            eprintln!("etl-aggregate: {note}");
        }
        job.finish_output(output)
    })
}
