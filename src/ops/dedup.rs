//! Dropping repeated records: the first of each key streams out as it comes; the
//! last of each key is known only at the end, so `--keep last` holds one record per key.

use std::collections::{HashMap, HashSet};

use std::sync::Arc;

use crate::error::Result;
use crate::format::Output;
use crate::ops::key::{encode_record, KeyFields};
use crate::record::Header;
use crate::record::Record;
use crate::run::Operator;
use crate::selector::Selection;

/// Which record of a key to keep.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Keep {
    /// The first one, written as soon as it is read.
    #[default]
    First,
    /// The last one; records are written at the end, in the order of their last occurrence.
    Last,
}

pub struct Dedup {
    keep: Keep,
    /// The key fields; `None` means the whole record.
    on: Option<KeyFields>,
    seen: HashSet<Vec<u8>>,
    /// For `--keep last`: each key's latest record and its position in the input.
    latest: HashMap<Vec<u8>, (u64, Record)>,
    position: u64,
    key: Vec<u8>,
}

impl Operator for Dedup {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        match self.keep {
            Keep::First => {
                if self.is_first(record)? {
                    out.write(record)?;
                }
            }
            Keep::Last => self.offer(record)?,
        }
        Ok(true)
    }

    fn finish(
        &mut self,
        header: Option<Arc<Header>>,
        out: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        for record in self.take_latest() {
            out.write(&record)?;
        }
        Ok(header)
    }
}

impl Dedup {
    pub fn new(on: Option<Selection>, keep: Keep) -> Dedup {
        Dedup {
            keep,
            on: on.map(KeyFields::new),
            seen: HashSet::new(),
            latest: HashMap::new(),
            position: 0,
            key: Vec::new(),
        }
    }

    fn encode(&mut self, record: &Record) -> Result<()> {
        match &mut self.on {
            Some(fields) => {
                fields.encode(record, &mut self.key)?;
            }
            None => encode_record(record, &mut self.key),
        }
        Ok(())
    }

    /// `--keep first`: whether `record` is the first with its key.
    pub fn is_first(&mut self, record: &Record) -> Result<bool> {
        self.encode(record)?;
        if self.seen.contains(self.key.as_slice()) {
            return Ok(false);
        }
        self.seen.insert(self.key.clone());
        Ok(true)
    }

    /// `--keep last`: remembers `record` as the latest of its key.
    pub fn offer(&mut self, record: &Record) -> Result<()> {
        self.encode(record)?;
        self.position += 1;
        let entry = (self.position, record.compact_copy());
        match self.latest.get_mut(self.key.as_slice()) {
            Some(latest) => *latest = entry,
            None => {
                self.latest.insert(self.key.clone(), entry);
            }
        }
        Ok(())
    }

    /// `--keep last`: the kept records, in the order of their last occurrence.
    pub fn take_latest(&mut self) -> impl Iterator<Item = Record> {
        let mut kept: Vec<(u64, Record)> = std::mem::take(&mut self.latest).into_values().collect();
        kept.sort_unstable_by_key(|(position, _)| *position);
        kept.into_iter().map(|(_, record)| record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Values;

    fn records(rows: &[[&str; 2]]) -> Vec<Record> {
        let header = Arc::new(Header::new(["k", "v"]));
        rows.iter()
            .map(|row| Record::new(header.clone(), Values::Text(row.iter().collect())))
            .collect()
    }

    #[test]
    fn first_and_last_of_each_key() {
        let input = records(&[["a", "1"], ["b", "2"], ["a", "3"], ["a", "3"]]);
        let mut by_k = Dedup::new(Some(Selection::parse("k").unwrap()), Keep::First);
        let firsts: Vec<bool> = input.iter().map(|r| by_k.is_first(r).unwrap()).collect();
        assert_eq!(firsts, [true, true, false, false]);
        let mut whole = Dedup::new(None, Keep::First);
        let firsts: Vec<bool> = input.iter().map(|r| whole.is_first(r).unwrap()).collect();
        assert_eq!(firsts, [true, true, true, false]);
        let mut last = Dedup::new(Some(Selection::parse("k").unwrap()), Keep::Last);
        for record in &input {
            last.offer(record).unwrap();
        }
        let kept: Vec<String> = last
            .take_latest()
            .map(|r| r.get(1).unwrap().as_text().unwrap().into_owned())
            .collect();
        assert_eq!(kept, ["2", "3"]);
    }
}
