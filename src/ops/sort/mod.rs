//! Sorting records by keys in bounded memory: records are collected until the memory
//! budget is used, then sorted and spilled to a run file; at the end the runs are
//! merged. The sort is stable: records with equal keys keep their input order (runs
//! hold consecutive stretches of the input, and the merge prefers the earlier run).

pub mod key;
mod spill;

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::Result;
use crate::format::Output;
use crate::progress::Progress;
use crate::record::{Header, Record, Values};
use crate::run::Operator;
use crate::signals;

use key::{compare, Key, KeySpec};
use spill::{open_runs, RunReader, SpillDir};

/// At most this many runs are merged at once (each holds an open file); more are
/// first merged into longer runs.
const FAN_IN: usize = 64;

/// etl-sort: every record held (spilled to disk past the budget), written at the end.
pub struct Sort {
    /// Taken at the end.
    sorter: Option<Sorter>,
    /// Only the first of each run of equal keys.
    unique: bool,
    /// Says what the sort does once the input is read.
    progress: Progress,
}

impl Sort {
    pub fn new(sorter: Sorter, unique: bool, progress: Progress) -> Sort {
        Sort {
            sorter: Some(sorter),
            unique,
            progress,
        }
    }
}

impl Operator for Sort {
    fn push(&mut self, record: &Record, _: &mut Output) -> Result<bool> {
        self.sorter.as_mut().expect("not finished").push(record)?;
        Ok(true)
    }

    fn finish(
        &mut self,
        header: Option<Arc<Header>>,
        out: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        let sorter = self.sorter.take().expect("finished once");
        self.progress.set_message(match sorter.runs() {
            0 => "sorting".to_owned(),
            runs => format!("merging {runs} sorted runs"),
        });
        // A merge of many runs takes time: a signal stops it as it stops reading.
        sorter.finish(self.unique, |record| {
            signals::check()?;
            out.write(record)
        })?;
        Ok(header)
    }
}

pub struct Sorter {
    keys: KeySpec,
    budget: usize,
    used: usize,
    entries: Vec<(Key, Record)>,
    tmpdir: PathBuf,
    spill: Option<SpillDir>,
    runs: Vec<PathBuf>,
}

impl Sorter {
    /// Sorts by `keys`, holding about `budget` bytes of records before spilling a run
    /// to a temporary directory made in `tmpdir`.
    pub fn new(keys: KeySpec, budget: usize, tmpdir: PathBuf) -> Sorter {
        Sorter {
            keys,
            budget,
            used: 0,
            entries: Vec::new(),
            tmpdir,
            spill: None,
            runs: Vec::new(),
        }
    }

    pub fn push(&mut self, record: &Record) -> Result<()> {
        let key = self.keys.key(record)?;
        self.used += footprint(&key, record);
        self.entries.push((key, record.compact_copy()));
        if self.used > self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// How many runs were spilled to disk so far.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    fn spill(&mut self) -> Result<()> {
        self.entries.sort_by(|a, b| compare(&a.0, &b.0));
        let dir = match &mut self.spill {
            Some(dir) => dir,
            None => self.spill.insert(SpillDir::create(&self.tmpdir)?),
        };
        let mut run = dir.new_run()?;
        for (key, record) in &self.entries {
            run.write(key, record)?;
        }
        self.runs.push(run.finish()?);
        self.entries.clear();
        self.used = 0;
        Ok(())
    }

    /// Passes every record to `emit` in order; with `unique`, only the first of each
    /// run of equal keys.
    pub fn finish(
        mut self,
        unique: bool,
        mut emit: impl FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        let mut last: Option<Key> = None;
        let mut emit_unique = |key: &Key, record: &Record| -> Result<()> {
            if unique {
                if last
                    .as_ref()
                    .is_some_and(|l| compare(l, key) == Ordering::Equal)
                {
                    return Ok(());
                }
                last = Some(key.clone());
            }
            emit(record)
        };
        if self.runs.is_empty() {
            self.entries.sort_by(|a, b| compare(&a.0, &b.0));
            for (key, record) in &self.entries {
                emit_unique(key, record)?;
            }
            return Ok(());
        }
        if !self.entries.is_empty() {
            self.spill()?;
        }
        let mut runs = std::mem::take(&mut self.runs);
        let dir = self.spill.as_mut().expect("runs were spilled");
        while runs.len() > FAN_IN {
            let rest = runs.split_off(FAN_IN);
            // Opened before the new run is started: a signal waits for either, not both.
            let readers = open_runs(&runs)?;
            let mut longer = dir.new_run()?;
            merge(readers, |key, record| longer.write(key, record))?;
            for path in &runs {
                let _ = std::fs::remove_file(path);
            }
            // The merged run holds the earliest records, so it comes first.
            runs = std::iter::once(longer.finish()?).chain(rest).collect();
        }
        merge(open_runs(&runs)?, emit_unique)
    }
}

/// Roughly the memory a held record takes: its text and field bounds, its key, and
/// the entry itself with the allocator's share (about 16 bytes per allocation).
fn footprint(key: &Key, record: &Record) -> usize {
    let values = match record.values() {
        Values::Text(row) => row.text_len() + 8 * (row.len() + 1),
        Values::Raw(row) => row.line().len() + 8 * row.len(),
        Values::Json(values) => 64 * values.len(),
    };
    let key_text: usize = key.iter().map(key::KeyPart::heap_size).sum();
    let entry = std::mem::size_of::<(Key, Record)>() + 64;
    values + key_text + std::mem::size_of::<key::KeyPart>() * key.len() + entry
}

/// One run's next record in the merge; ordered by key, then by run, for stability.
struct Pending {
    key: Key,
    record: Record,
    run: usize,
}

impl Ord for Pending {
    fn cmp(&self, other: &Pending) -> Ordering {
        compare(&self.key, &other.key).then(self.run.cmp(&other.run))
    }
}

impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Pending) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pending {
    fn eq(&self, other: &Pending) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pending {}

/// Merges sorted runs (in input order) into one sorted stream. Each run's pending
/// record is read into the same buffers again once it is passed on.
fn merge(
    mut readers: Vec<RunReader>,
    mut emit: impl FnMut(&Key, &Record) -> Result<()>,
) -> Result<()> {
    let mut heap = BinaryHeap::with_capacity(readers.len());
    for (run, reader) in readers.iter_mut().enumerate() {
        if let Some((key, record)) = reader.next_record()? {
            heap.push(Reverse(Pending { key, record, run }));
        }
    }
    while let Some(Reverse(mut pending)) = heap.pop() {
        emit(&pending.key, &pending.record)?;
        if readers[pending.run].read_into(&mut pending.key, &mut pending.record)? {
            heap.push(Reverse(pending));
        }
    }
    Ok(())
}
