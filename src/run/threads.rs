//! A per-record command on several threads (`-j/--threads`): this thread reads and
//! parses, the workers each run a copy of the command on a batch of records and write
//! it into a buffer, and this thread writes the buffers out in input order, so the
//! output is byte for byte what one thread writes.
//!
//! Only for regular files: a record of a stream must leave as soon as it arrives, and
//! a batch would hold it back. Bad records keep their place: a worker notes where in
//! its output each one falls, and the policy sees them in input order, with the
//! output before them written first, as on one thread.

use std::num::NonZeroUsize;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use super::Operator;
use crate::error::{BadRecord, Error, Location, Result};
use crate::format::{self, Layout, Memory, Output, Source};
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

/// What a worker made of a batch.
struct Done {
    batch: Batch,
    bytes: Vec<u8>,
    written: u64,
    /// Where in `bytes`, and after how many records of them, a bad record falls or the
    /// run stops.
    events: Vec<(usize, u64, Event)>,
}

enum Event {
    Bad(Box<BadRecord>),
    Stop(Error),
}

/// Runs `operator` on the records of `input` on one thread until the output's layout
/// is settled (a CSV header from the first record written), then on `workers`, which
/// it hands back.
pub fn run<O: Operator + Send>(
    job: &mut Job,
    input: &mut impl Records,
    output: &mut Output,
    operator: &mut O,
    workers: Vec<O>,
) -> Result<Vec<O>> {
    let mut ended = true;
    if output.format() != format::Format::Ndjson {
        job.for_each_record_while(input, |record, _| {
            operator.push(record, output)?;
            ended = output.written() == 0;
            Ok(ended)
        })?;
    } else {
        ended = false;
    }
    let workers = match ended {
        true => workers,
        false => fan_out(job, input, output, workers)?,
    };
    if let Some(header) = operator.finish(input.header(), output)? {
        output.header_if_empty(&header)?;
    }
    Ok(workers)
}

fn fan_out<O: Operator + Send>(
    job: &mut Job,
    input: &mut impl Records,
    output: &mut Output,
    workers: Vec<O>,
) -> Result<Vec<O>> {
    let layout = output.layout();
    let columns = output.columns();
    std::thread::scope(|scope| {
        let mut to_workers = Vec::new();
        let mut from_workers = Vec::new();
        let mut handles = Vec::new();
        for operator in workers {
            let (batches, batches_in) = sync_channel(AHEAD);
            let (done_out, done) = sync_channel(AHEAD);
            let columns = columns.clone();
            handles
                .push(scope.spawn(move || work(operator, layout, columns, batches_in, done_out)));
            to_workers.push(batches);
            from_workers.push(done);
        }
        let n = to_workers.len();
        let (mut sent, mut written) = (0, 0);
        let mut spare = Vec::new();
        let mut stop = None;
        loop {
            while sent - written >= n * AHEAD || (stop.is_some() && written < sent) {
                let done = from_workers[written % n]
                    .recv()
                    .expect("a worker answers every batch");
                written += 1;
                spare.push(write(job, output, done)?);
            }
            if let Some(stop) = stop {
                // Dropping the channels ends the workers.
                stop?;
                drop(to_workers);
                return Ok(handles
                    .into_iter()
                    .map(|handle| handle.join().expect("a worker ends"))
                    .collect());
            }
            let mut batch: Batch = spare.pop().unwrap_or_default();
            stop = fill(job, input, &mut batch);
            if batch.len > 0 {
                to_workers[sent % n]
                    .send(batch)
                    .expect("a worker takes every batch");
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

/// Writes what a worker made of a batch, putting its bad records through the policy
/// in their places; hands back the batch for reuse.
fn write(job: &mut Job, output: &mut Output, done: Done) -> Result<Batch> {
    let (mut at, mut records) = (0, 0);
    for (offset, written, event) in done.events {
        output.append(&done.bytes[at..offset], written - records)?;
        (at, records) = (offset, written);
        match event {
            Event::Bad(bad) => job.reject(*bad)?,
            Event::Stop(err) => return Err(err),
        }
    }
    output.append(&done.bytes[at..], done.written - records)?;
    Ok(done.batch)
}

/// A worker: runs its copy of the command on each batch, until the batches stop or
/// nobody takes what it made; then hands the copy back.
fn work<O: Operator>(
    mut operator: O,
    layout: Layout,
    columns: Option<Arc<Header>>,
    batches: Receiver<Batch>,
    done: SyncSender<Done>,
) -> O {
    let buffer = Memory::default();
    let mut output = Output::to_writer(layout, buffer.clone());
    if let Some(columns) = &columns {
        // The columns the first records settled; their header row is written already.
        let _ = output
            .header_if_empty(columns)
            .and_then(|()| output.flush());
        buffer.take();
    }
    for mut batch in batches {
        let before = output.written();
        let mut events = Vec::new();
        for item in &mut batch.items[..batch.len] {
            let event = match item.bad.take() {
                Some(bad) => Event::Bad(bad),
                None => match operator.push(&item.record, &mut output) {
                    Ok(_) => continue,
                    Err(Error::Data(reason)) => Event::Bad(Box::new(BadRecord {
                        location: item.location.clone(),
                        reason,
                        raw: format::raw_text(&item.record),
                    })),
                    Err(err) => Event::Stop(err),
                },
            };
            let stop = matches!(event, Event::Stop(_));
            // Writing to memory fails only where writing out would have, at its end.
            let _ = output.flush();
            events.push((buffer.len(), output.written() - before, event));
            if stop {
                break;
            }
        }
        let _ = output.flush();
        let result = Done {
            batch,
            bytes: buffer.take(),
            written: output.written() - before,
            events,
        };
        if done.send(result).is_err() {
            break;
        }
    }
    operator
}
