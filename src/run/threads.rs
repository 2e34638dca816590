//! A per-record command on several threads (`-j/--threads`). The workers each run a
//! copy of the command on a task and write its output into a buffer, and this thread
//! writes the buffers out in input order, so the output is byte for byte what one
//! thread writes. A task is a chunk of the input's text, cut at a record's end
//! (`format::chunks`), which the worker reads itself, when the input is one file of
//! CSV, TSV or NDJSON lines; else a batch of records this thread read.
//!
//! Only for regular files: a record of a stream must leave as soon as it arrives, and
//! a chunk would hold it back. Bad records keep their place: a worker notes where in
//! its output each one falls, and the policy sees them in input order, with the
//! output before them written first, as on one thread.

use std::io::{BufRead, Cursor};
use std::num::NonZeroUsize;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use super::Operator;
use crate::cli::args::RecordArgs;
use crate::error::{BadRecord, Error, Location, Result};
use crate::format::chunks::{Chunk, Chunks, CHUNK};
use crate::format::csv::{CsvReader, Dialect};
use crate::format::json::JsonReader;
use crate::format::ndjson::NdjsonReader;
use crate::format::{self, InputFormat, Layout, Memory, Output, RecordReader, Source};
use crate::job::{Job, Records};
use crate::record::{Header, Record};
use crate::signals;

/// Records a worker takes at a time: enough that handing batches around costs little
/// next to the work, few enough that the workers share a small file.
const BATCH: usize = 1024;

/// Batches each worker may hold, waiting or done: what bounds the memory.
const AHEAD: usize = 2;

/// Files smaller than this take one thread unless `--threads` says otherwise: the
/// threads would cost more than they save.
const WORTH_THREADS: u64 = 8 << 20;

/// What a command's own work on a record weighs next to reading and parsing it,
/// which stay on one thread: whether more threads pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Less (etl-select, etl-filter): the reading thread is the bottleneck, and more
    /// threads add their cost to it (1M rows of etl-select took 0.24 s on one, 0.36 s
    /// on three), so one unless `-j` says otherwise.
    Light,
    /// More (etl-map, etl-cast): every core for regular files of 8 MiB and more.
    Heavy,
}

/// The threads to run on for `-j/--threads` as given (`None`: the default for `work`).
pub fn workers(threads: Option<NonZeroUsize>, sources: &[Source], work: Work) -> usize {
    let Some(size) = format::regular_size(sources) else {
        return 1;
    };
    match threads {
        Some(threads) => threads.get(),
        None if work == Work::Heavy && size >= WORTH_THREADS => {
            std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
        }
        None => 1,
    }
}

/// One record read, or a bad one, in its place in a batch.
struct Item {
    record: Record,
    location: Location,
    bad: Option<Box<BadRecord>>,
}

impl Default for Item {
    fn default() -> Item {
        Item {
            record: Record::default(),
            location: Location {
                source: Arc::from(""),
                line: 0,
            },
            bad: None,
        }
    }
}

/// Records for a worker; `items` beyond `len` are buffers kept for the next use.
#[derive(Default)]
struct Batch {
    items: Vec<Item>,
    len: usize,
}

/// The size of chunks: `CHUNK`, or `ETLKIT_CHUNK_BYTES`, with which the tests cut
/// small inputs into many chunks.
fn chunk_size() -> usize {
    std::env::var("ETLKIT_CHUNK_BYTES")
        .ok()
        .and_then(|bytes| bytes.parse().ok())
        .unwrap_or(CHUNK)
}

/// What a worker is given.
enum Task {
    /// Records this thread read.
    Records(Batch),
    /// Text of whole records, for the worker to read.
    Text(Chunk),
}

/// What a worker made of a task.
struct Done {
    /// A batch, back for reuse.
    batch: Option<Batch>,
    bytes: Vec<u8>,
    /// Records written into `bytes`.
    written: u64,
    /// Records the worker read (a chunk's, bad ones too).
    read: u64,
    events: Vec<Place>,
}

/// Where a bad record falls, or the run stops: the bytes, records written and records
/// read before it.
struct Place {
    offset: usize,
    written: u64,
    read: u64,
    event: Event,
}

enum Event {
    Bad(Box<BadRecord>),
    Stop(Error),
}

/// How a worker reads a chunk: the input's name and format, and a CSV's header.
#[derive(Clone)]
struct Reading {
    source: Arc<str>,
    format: InputFormat,
    dialect: Dialect,
    header: Option<Arc<Header>>,
}

impl Reading {
    /// A reader of `chunk`, with the lines of the whole input; until a CSV's header
    /// is known, the chunk has it.
    fn reader(&self, chunk: Chunk) -> Box<dyn RecordReader> {
        let source = self.source.clone();
        let tsv = self.format == InputFormat::Tsv;
        let stream = Box::new(Cursor::new(chunk.text));
        match self.format {
            InputFormat::Csv | InputFormat::Tsv => {
                let line = chunk.lines_before + 1;
                let header = self.header.clone();
                Box::new(CsvReader::continuing(
                    stream,
                    source,
                    tsv,
                    &self.dialect,
                    header,
                    line,
                ))
            }
            InputFormat::Ndjson => {
                Box::new(NdjsonReader::new(stream, source).starting_after(chunk.lines_before))
            }
            InputFormat::Json => unreachable!("a JSON document is not cut"),
        }
    }

    /// The delimiter and quote that cut records, for `Chunks`.
    fn cuts(&self) -> (u8, Option<u8>) {
        match self.format {
            InputFormat::Csv => (
                self.dialect.delimiter.unwrap_or(b','),
                Some(self.dialect.quote.unwrap_or(b'"')),
            ),
            _ => (b'\t', None),
        }
    }
}

/// A reader as the records of one source, for the job's loop.
struct SourceRecords {
    reader: Box<dyn RecordReader>,
    source: Arc<str>,
}

impl Records for SourceRecords {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        self.reader.read(record)
    }

    fn location(&self) -> Location {
        Location {
            source: self.source.clone(),
            line: self.reader.line(),
        }
    }

    fn line(&self) -> u64 {
        self.reader.line()
    }

    fn header(&self) -> Option<Arc<Header>> {
        self.reader.header().cloned()
    }
}

/// Whether the output's layout is settled, so that workers write what this thread
/// would: CSV and TSV take their columns from the first record written.
fn settled(output: &Output) -> bool {
    output.format() == format::Format::Ndjson || output.written() > 0
}

/// Runs `operator` on the records of `input` on one thread until the output's layout
/// is settled, then on `workers`, which it hands back.
pub fn run<O: Operator + Send>(
    job: &mut Job,
    input: &mut impl Records,
    output: &mut Output,
    operator: &mut O,
    workers: Vec<O>,
) -> Result<Vec<O>> {
    if !settled(output) {
        job.for_each_record_while(input, |record, _| {
            operator.push(record, output)?;
            Ok(!settled(output))
        })?;
    }
    // Settled, or the input ended (then no task comes).
    let workers = fan_out(job, output, workers, None, |job, spare| {
        let mut batch = spare.pop().unwrap_or_default();
        let end = fill(job, input, &mut batch);
        let task = (batch.len > 0).then_some(Task::Records(batch));
        (task, end)
    })?;
    if let Some(header) = operator.finish(input.header(), output)? {
        output.header_if_empty(&header)?;
    }
    Ok(workers)
}

/// Runs `operator` on `source`, a regular file, cut into chunks that `workers` read
/// and work on, after the first chunks on this thread (a CSV's header is in the
/// first, and the output's layout is settled by the first record written). A JSON
/// document, which has no lines to cut at, is read on this thread as in [`run`].
pub fn run_chunks<O: Operator + Send>(
    job: &mut Job,
    source: &Source,
    args: &RecordArgs,
    operator: &mut O,
    workers: Vec<O>,
) -> Result<Vec<O>> {
    let dialect = &args.input.dialect()?;
    format::announce(std::slice::from_ref(source), job.progress());
    let forced = args.input.input_format;
    let (stream, input_format) = format::open_stream(source, forced, dialect, job.progress())?;
    let format = args.output.output_format.unwrap_or(input_format.into());
    let mut output = Output::stdout(args.csv_output.layout(format)?);
    output.publish_to(job.live().clone());
    let reading = Reading {
        source: source.name(),
        format: input_format,
        dialect: dialect.clone(),
        header: None,
    };
    let workers = chunks_on_threads(job, stream, reading, &mut output, operator, workers)?;
    job.finish_output(output)?;
    Ok(workers)
}

fn chunks_on_threads<O: Operator + Send>(
    job: &mut Job,
    stream: Box<dyn BufRead>,
    mut reading: Reading,
    output: &mut Output,
    operator: &mut O,
    workers: Vec<O>,
) -> Result<Vec<O>> {
    if reading.format == InputFormat::Json {
        let mut input = SourceRecords {
            reader: Box::new(JsonReader::new(stream, reading.source.clone())),
            source: reading.source.clone(),
        };
        return run(job, &mut input, output, operator, workers);
    }
    let (delimiter, quote) = reading.cuts();
    let mut chunks = Chunks::new(stream, delimiter, quote, chunk_size());
    let io_error = |e| Error::io(reading.source.to_string(), e);
    // A CSV's header is in the first chunk that has a row (blank lines may come first).
    let has_header = matches!(reading.format, InputFormat::Csv | InputFormat::Tsv);
    let mut ended = false;
    while (has_header && reading.header.is_none()) || !settled(output) {
        let Some(chunk) = chunks.next_chunk().map_err(io_error)? else {
            ended = true;
            break;
        };
        let mut records = SourceRecords {
            reader: reading.reader(chunk),
            source: reading.source.clone(),
        };
        job.for_each_record_while(&mut records, |record, _| operator.push(record, output))?;
        if reading.header.is_none() {
            reading.header = records.header();
        }
        if !signals::check()? {
            ended = true;
            break;
        }
    }
    let header = reading.header.clone();
    let workers = match ended {
        true => workers,
        false => fan_out(job, output, workers, Some(reading.clone()), |_, _| {
            match signals::check() {
                Ok(true) => {}
                Ok(false) => return (None, Some(Ok(()))),
                Err(err) => return (None, Some(Err(err))),
            }
            match chunks.next_chunk() {
                Ok(Some(chunk)) => (Some(Task::Text(chunk)), None),
                Ok(None) => (None, Some(Ok(()))),
                Err(err) => (None, Some(Err(Error::io(reading.source.to_string(), err)))),
            }
        })?,
    };
    if let Some(header) = operator.finish(header, output)? {
        output.header_if_empty(&header)?;
    }
    Ok(workers)
}

/// Hands the tasks `next` makes (given the spare batches; with how the input ended
/// once it has) to `workers` in turn, and writes what they make in the same order.
fn fan_out<O: Operator + Send>(
    job: &mut Job,
    output: &mut Output,
    workers: Vec<O>,
    reading: Option<Reading>,
    mut next: impl FnMut(&mut Job, &mut Vec<Batch>) -> (Option<Task>, Option<Result<()>>),
) -> Result<Vec<O>> {
    let layout = output.layout();
    let columns = output.columns();
    std::thread::scope(|scope| {
        let mut to_workers = Vec::new();
        let mut from_workers = Vec::new();
        let mut handles = Vec::new();
        for operator in workers {
            let (tasks, tasks_in) = sync_channel(AHEAD);
            let (done_out, done) = sync_channel(AHEAD);
            let start = Start {
                layout,
                columns: columns.clone(),
                reading: reading.clone(),
            };
            handles.push(scope.spawn(move || work(operator, start, tasks_in, done_out)));
            to_workers.push(tasks);
            from_workers.push(done);
        }
        let n = to_workers.len();
        let (mut sent, mut written) = (0, 0);
        let mut spare = Vec::new();
        let mut end = None;
        loop {
            while sent - written >= n * AHEAD || (end.is_some() && written < sent) {
                let done = from_workers[written % n]
                    .recv()
                    .expect("a worker answers every task");
                written += 1;
                spare.extend(write(job, output, done)?);
            }
            if let Some(end) = end {
                // Dropping the channels ends the workers.
                end?;
                drop(to_workers);
                return Ok(handles
                    .into_iter()
                    .map(|handle| handle.join().expect("a worker ends"))
                    .collect());
            }
            let task;
            (task, end) = next(job, &mut spare);
            if let Some(task) = task {
                to_workers[sent % n]
                    .send(task)
                    .expect("a worker takes every task");
                sent += 1;
            }
        }
    })
}

/// Reads up to a batch of records; `Some` when the reading ends, with how.
fn fill(job: &mut Job, input: &mut impl Records, batch: &mut Batch) -> Option<Result<()>> {
    batch.len = 0;
    while batch.len < BATCH {
        match signals::check() {
            Ok(true) => {}
            Ok(false) => return Some(Ok(())),
            Err(err) => return Some(Err(err)),
        }
        if batch.items.len() == batch.len {
            batch.items.push(Item::default());
        }
        let item = &mut batch.items[batch.len];
        item.bad = None;
        match input.read(&mut item.record) {
            Ok(true) => item.location = input.location(),
            Ok(false) => return Some(Ok(())),
            Err(Error::BadRecord(bad)) => item.bad = Some(bad),
            Err(err) => return Some(Err(err)),
        }
        job.live().add_in(1);
        batch.len += 1;
    }
    None
}

/// Writes what a worker made of a task, putting its bad records through the policy
/// in their places; hands back the batch for reuse.
fn write(job: &mut Job, output: &mut Output, done: Done) -> Result<Option<Batch>> {
    let (mut at, mut written, mut read) = (0, 0, 0);
    for place in done.events {
        output.append(&done.bytes[at..place.offset], place.written - written)?;
        job.live().add_in(place.read - read);
        (at, written, read) = (place.offset, place.written, place.read);
        match place.event {
            Event::Bad(bad) => job.reject(*bad)?,
            Event::Stop(err) => return Err(err),
        }
    }
    output.append(&done.bytes[at..], done.written - written)?;
    job.live().add_in(done.read - read);
    Ok(done.batch)
}

/// What a worker starts with besides its copy of the command.
struct Start {
    layout: Layout,
    /// The CSV or TSV columns the first records settled.
    columns: Option<Arc<Header>>,
    reading: Option<Reading>,
}

/// A worker: runs its copy of the command on each task, until the tasks stop or
/// nobody takes what it made; then hands the copy back.
fn work<O: Operator>(
    mut operator: O,
    start: Start,
    tasks: Receiver<Task>,
    done: SyncSender<Done>,
) -> O {
    let buffer = Memory::default();
    let mut output = Output::to_writer(start.layout, buffer.clone());
    if let Some(columns) = &start.columns {
        // Their header row is written already.
        let _ = output
            .header_if_empty(columns)
            .and_then(|()| output.flush());
        buffer.take();
    }
    let mut record = Record::default();
    for task in tasks {
        let mut made = Made {
            output: &mut output,
            buffer: &buffer,
            written: 0,
            read: 0,
            events: Vec::new(),
        };
        let before = made.output.written();
        let batch = match task {
            Task::Records(mut batch) => {
                for item in &mut batch.items[..batch.len] {
                    let event = match item.bad.take() {
                        Some(bad) => Event::Bad(bad),
                        None => match operator.push(&item.record, made.output) {
                            Ok(_) => continue,
                            Err(err) => made.failed(err, &item.record, &item.location),
                        },
                    };
                    if !made.note(event, before) {
                        break;
                    }
                }
                Some(batch)
            }
            Task::Text(chunk) => {
                let reading = start
                    .reading
                    .as_ref()
                    .expect("chunks come with their reading");
                let mut reader = reading.reader(chunk);
                loop {
                    let event = match reader.read(&mut record) {
                        Ok(true) => {
                            made.read += 1;
                            match operator.push(&record, made.output) {
                                Ok(_) => continue,
                                Err(err) => {
                                    let location = Location {
                                        source: reading.source.clone(),
                                        line: reader.line(),
                                    };
                                    made.failed(err, &record, &location)
                                }
                            }
                        }
                        Ok(false) => break,
                        Err(Error::BadRecord(bad)) => {
                            made.read += 1;
                            Event::Bad(bad)
                        }
                        Err(err) => Event::Stop(err),
                    };
                    if !made.note(event, before) {
                        break;
                    }
                }
                None
            }
        };
        // Writing to memory fails only where writing out would have, at its end.
        let _ = made.output.flush();
        let result = Done {
            batch,
            bytes: buffer.take(),
            written: made.output.written() - before,
            read: made.read,
            events: made.events,
        };
        if done.send(result).is_err() {
            break;
        }
    }
    operator
}

/// A task's output so far.
struct Made<'a> {
    output: &'a mut Output,
    buffer: &'a Memory,
    written: u64,
    read: u64,
    events: Vec<Place>,
}

impl Made<'_> {
    /// The event of an error of the command on `record`: a bad record, or the end.
    fn failed(&self, err: Error, record: &Record, location: &Location) -> Event {
        match err {
            Error::Data(reason) => Event::Bad(Box::new(BadRecord {
                location: location.clone(),
                reason,
                raw: format::raw_text(record),
            })),
            err => Event::Stop(err),
        }
    }

    /// Notes `event` where the output is; `false` when the task stops there.
    fn note(&mut self, event: Event, before: u64) -> bool {
        let go_on = !matches!(event, Event::Stop(_));
        let _ = self.output.flush();
        self.written = self.output.written() - before;
        self.events.push(Place {
            offset: self.buffer.len(),
            written: self.written,
            read: self.read,
            event,
        });
        go_on
    }
}
