//! Joining the stream (the left side) with a second input (the right side) on key
//! fields: a hash join against the right side held in memory ([`HashJoin`]), or a
//! merge join of two inputs sorted by the key ([`merge::MergeJoin`]).
//!
//! Keys match as text, as [`crate::ops::key`] encodes them; a null or missing key
//! value matches nothing. Output records are the left record's fields followed by the
//! right record's fields other than its key fields; a right field whose name the left
//! record already has is renamed with the prefix [`CLASH_PREFIX`].

mod lookup;
pub mod merge;

pub use lookup::{Lookup, LookupBuilder};

use std::sync::Arc;

use serde_json::Value as Json;

use crate::error::{Error, Result};
use crate::format::Output;
use crate::ops::key::KeyFields;
use crate::record::{Header, RawRow, Record, ValueRef, Values};
use crate::run::Operator;

/// Prepended to a right field's name when the left record has a field of that name.
pub const CLASH_PREFIX: &str = "right_";

/// Which left records are written, and with what.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum JoinKind {
    /// Each left record once per matching right record, with the right fields.
    #[default]
    Inner,
    /// Like inner, and a left record without a match once, its right fields null.
    Left,
    /// Each left record that has a match, once, left fields only.
    Semi,
    /// Each left record that has no match, left fields only.
    Anti,
}

/// Builds output records: a left record followed by right values.
pub struct Combiner {
    right: Arc<Header>,
    /// The combined header for the left header seen last.
    plan: Option<(Arc<Header>, Arc<Header>)>,
    out: Record,
}

impl Combiner {
    /// `right` names the right values passed to [`Combiner::combine`], in order.
    pub fn new(right: Arc<Header>) -> Combiner {
        Combiner {
            right,
            plan: None,
            out: Record::default(),
        }
    }

    fn header_for(&mut self, left: &Arc<Header>) -> Result<Arc<Header>> {
        if let Some((seen, combined)) = &self.plan {
            if Arc::ptr_eq(seen, left) {
                return Ok(combined.clone());
            }
        }
        let mut names: Vec<Box<str>> = left.names().to_vec();
        for name in self.right.names() {
            let name: Box<str> = if left.index(name).is_some() {
                format!("{CLASH_PREFIX}{name}").into()
            } else {
                name.clone()
            };
            if names.contains(&name) {
                return Err(Error::usage(format!(
                    "the joined record would have two fields {name:?}; choose and rename \
                     the right fields with --with-fields"
                )));
            }
            names.push(name);
        }
        let combined = Arc::new(Header::new(names));
        self.plan = Some((left.clone(), combined.clone()));
        Ok(combined)
    }

    /// The left record followed by `right`, or by nulls (empty CSV values) when `None`.
    pub fn combine(&mut self, left: &Record, right: Option<&Values>) -> Result<&Record> {
        let header = self.header_for(left.header())?;
        let width = self.right.len();
        let values = match (left.values(), right) {
            (Values::Text(l), Some(Values::Text(r))) => {
                let mut row = l.clone();
                r.iter().for_each(|value| row.push_field(value));
                Values::Text(row)
            }
            (Values::Text(l), None) => {
                let mut row = l.clone();
                (0..width).for_each(|_| row.push_field(""));
                Values::Text(row)
            }
            (Values::Raw(l), Some(Values::Raw(r))) => {
                let mut row = RawRow::default();
                (0..l.len()).for_each(|i| row.push_value(l.get(i).unwrap_or("null")));
                (0..r.len()).for_each(|i| row.push_value(r.get(i).unwrap_or("null")));
                Values::Raw(row)
            }
            (Values::Raw(l), None) => {
                let mut row = RawRow::default();
                (0..l.len()).for_each(|i| row.push_value(l.get(i).unwrap_or("null")));
                (0..width).for_each(|_| row.push_value("null"));
                Values::Raw(row)
            }
            (_, right) => {
                let mut json: Vec<Json> = (0..left.len())
                    .map(|i| left.get(i).map_or(Json::Null, ValueRef::to_json))
                    .collect();
                match right {
                    Some(values) => {
                        let right = Record::new(self.right.clone(), values.clone());
                        json.extend(
                            (0..width).map(|i| right.get(i).map_or(Json::Null, ValueRef::to_json)),
                        );
                    }
                    None => json.extend((0..width).map(|_| Json::Null)),
                }
                Values::Json(json)
            }
        };
        self.out = Record::new(header, values);
        Ok(&self.out)
    }
}

/// What the hash and the merge join share: one left record in, its output records out.
pub trait Join {
    /// Passes the output records for one left record to `emit`.
    fn join(&mut self, left: &Record, emit: impl FnMut(&Record) -> Result<()>) -> Result<()>;
    /// The kind of join, and how it combines a left record with a right one.
    fn combining(&mut self) -> (JoinKind, &mut Combiner);
}

impl<J: Join> Operator for J {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        self.join(record, |joined| out.write(joined))?;
        Ok(true)
    }

    /// The output header for a left input without records, for a CSV header-only output.
    fn finish(&mut self, left: Option<Arc<Header>>, _: &mut Output) -> Result<Option<Arc<Header>>> {
        let Some(left) = left else {
            return Ok(None);
        };
        match self.combining() {
            (JoinKind::Semi | JoinKind::Anti, _) => Ok(Some(left)),
            (JoinKind::Inner | JoinKind::Left, combiner) => combiner.header_for(&left).map(Some),
        }
    }
}

/// A hash join: the right side in memory, the left side streamed. Each left record
/// is joined on its own, so threads share the right side, each with a `HashJoin`.
pub struct HashJoin {
    kind: JoinKind,
    keys: KeyFields,
    lookup: Arc<Lookup>,
    combiner: Combiner,
    key: Vec<u8>,
}

impl HashJoin {
    pub fn new(kind: JoinKind, keys: KeyFields, lookup: Arc<Lookup>) -> HashJoin {
        let combiner = Combiner::new(lookup.header().clone());
        HashJoin {
            kind,
            keys,
            lookup,
            combiner,
            key: Vec::new(),
        }
    }
}

impl Join for HashJoin {
    fn join(&mut self, left: &Record, mut emit: impl FnMut(&Record) -> Result<()>) -> Result<()> {
        let width = self.keys.picks(left)?.len();
        if self.lookup.key_width().is_some_and(|right| right != width) {
            return Err(Error::usage(format!(
                "--on names {width} fields but --with-on {}; the keys must have as many",
                self.lookup.key_width().unwrap_or_default()
            )));
        }
        let complete = self.keys.encode(left, &mut self.key)?;
        let matches = if complete {
            self.lookup.matches(&self.key)
        } else {
            &[]
        };
        match self.kind {
            JoinKind::Semi if !matches.is_empty() => emit(left),
            JoinKind::Anti if matches.is_empty() => emit(left),
            JoinKind::Left if matches.is_empty() => emit(self.combiner.combine(left, None)?),
            JoinKind::Inner | JoinKind::Left => {
                for &row in matches {
                    emit(self.combiner.combine(left, Some(self.lookup.row(row)))?)?;
                }
                Ok(())
            }
            JoinKind::Semi | JoinKind::Anti => Ok(()),
        }
    }

    fn combining(&mut self) -> (JoinKind, &mut Combiner) {
        (self.kind, &mut self.combiner)
    }
}
