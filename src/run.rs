//! The one runner of the record commands: opens the input, picks the output format,
//! feeds each record to the command's [`Operator`], writes what it yields, and ends
//! the output. What every command shares lives here and in what it calls:
//!
//! - bad records go through the `--on-error` policy ([`Job`]);
//! - output leaves before the command would wait for input, and per record on a
//!   terminal ([`Output`], `format::wait`);
//! - SIGINT, SIGTERM and SIGHUP: a relay reads its pipe to the end, a source stops
//!   reading ([`crate::signals`], checked by the job's loop);
//! - records written are counted for the summary and `--metrics`, on every exit.

mod threads;

pub use threads::Work;

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::sync::Arc;

use crate::cli::args::{sources, RecordArgs};
use crate::error::Result;
use crate::format::{Input, Layout, Output, Source};
use crate::job::{Job, Records};
use crate::record::{Header, Record};

/// One command's work on a stream of records.
pub trait Operator {
    /// Takes one record, writing what it yields to `out`. `Ok(false)` when it needs no
    /// more input (etl-head). A bad record is an `Error::Data` for the policy.
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool>;

    /// At the end of the input: writes what it held back. Returns the header to write
    /// when no record was written (so a CSV with no rows left keeps its columns);
    /// `header` is the input's, for formats that have one.
    fn finish(
        &mut self,
        header: Option<Arc<Header>>,
        _out: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        Ok(header)
    }
}

/// Writes every record as it is read: the operator of a command whose work is in its
/// reader (etl-extract-log).
pub struct Pass;

impl Operator for Pass {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        out.write(record)?;
        Ok(true)
    }
}

/// Runs `operator` on the records of `files` (stdin when none), written to stdout in
/// the `-O` format or the input's.
pub fn records(
    job: &mut Job,
    files: &[OsString],
    args: &RecordArgs,
    operator: &mut impl Operator,
) -> Result<()> {
    let (mut input, layout) = open(job, files, args)?;
    run(job, &mut input, layout, operator)
}

/// Like [`records`], for a command that takes each record on its own, on as many
/// threads as `threads` says (`-j`; by default the cores when the `work` pays for
/// them and the input is regular files of 8 MiB and more, else one): `make` gives
/// each thread its own copy of the command. Returns every copy, this thread's first,
/// for the counts they kept.
pub fn records_on_threads<O: Operator + Send>(
    job: &mut Job,
    files: &[OsString],
    args: &RecordArgs,
    (threads, work): (Option<NonZeroUsize>, Work),
    make: impl Fn() -> Result<O>,
) -> Result<Vec<O>> {
    let mut operator = make()?;
    let sources = sources(files);
    let workers = threads::workers(threads, &sources, work);
    let mut copies = match &sources[..] {
        [source] if workers > 1 => {
            let copies = (0..workers).map(|_| make()).collect::<Result<Vec<_>>>()?;
            threads::run_chunks(job, source, args, &mut operator, copies)?
        }
        _ => {
            let (mut input, layout) = open(job, files, args)?;
            let threads = (threads, work);
            run_on_threads(
                job,
                &mut input,
                &sources,
                layout,
                threads,
                &mut operator,
                make,
            )?
        }
    };
    copies.insert(0, operator);
    Ok(copies)
}

/// Runs `operator` on `input` (read from `sources`), and copies of it from `make` on
/// as many other threads as `threads` says (see [`records_on_threads`]). Returns the
/// copies, for the counts they kept (none when one thread did the work).
pub fn run_on_threads<O: Operator + Send>(
    job: &mut Job,
    input: &mut impl Records,
    sources: &[Source],
    layout: Layout,
    (threads, work): (Option<NonZeroUsize>, Work),
    operator: &mut O,
    make: impl Fn() -> Result<O>,
) -> Result<Vec<O>> {
    let workers = threads::workers(threads, sources, work);
    if workers < 2 {
        run(job, input, layout, operator)?;
        return Ok(Vec::new());
    }
    let copies = (0..workers).map(|_| make()).collect::<Result<Vec<_>>>()?;
    let mut output = Output::stdout(layout);
    output.publish_to(job.live().clone());
    let copies = threads::run(job, input, &mut output, operator, copies)?;
    job.finish_output(output)?;
    Ok(copies)
}

/// Opens `files` (stdin when none), and the output's layout: the `-O` format or the
/// input's.
pub fn open(job: &Job, files: &[OsString], args: &RecordArgs) -> Result<(Input, Layout)> {
    let forced = args.input.input_format;
    let dialect = args.input.dialect()?;
    let input = Input::open(sources(files), forced, dialect, job.progress().clone())?;
    let format = args.output.output_format.unwrap_or(input.format());
    Ok((input, args.csv_output.layout(format)?))
}

/// Runs `operator` on `input`, written to stdout as `layout` says.
pub fn run(
    job: &mut Job,
    input: &mut impl Records,
    layout: Layout,
    operator: &mut impl Operator,
) -> Result<()> {
    let mut output = Output::stdout(layout);
    output.publish_to(job.live().clone());
    // The output publishes its count as it writes: true on every exit.
    feed(job, input, &mut output, operator)?;
    job.finish_output(output)
}

fn feed(
    job: &mut Job,
    input: &mut impl Records,
    output: &mut Output,
    operator: &mut impl Operator,
) -> Result<()> {
    job.for_each_record_while(input, |record, _| operator.push(record, output))?;
    if let Some(header) = operator.finish(input.header(), output)? {
        output.header_if_empty(&header)?;
    }
    Ok(())
}
