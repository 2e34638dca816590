//! The merge join: both inputs sorted by their keys in etl-sort's default (typed,
//! ascending) order, read side by side; only the right records of the current key
//! are held, so memory stays constant however large the inputs.
//!
//! The typed order finds the group of right records to compare with; within it a
//! match still needs equal text, so the result is the hash join's: `1.0` sorts with
//! `1` but does not match it.

use std::cmp::Ordering;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::format::Input;
use crate::ops::key::KeyFields;
use crate::ops::select::{Mode, Projector};
use crate::ops::sort::key::{compare, Key, KeySpec, Kind};
use crate::record::{Header, Record, Values};
use crate::selector::{From, Selection};

use super::{Combiner, Join, JoinKind};

/// One right record: its sort key, its text key (`None` when a key value is null or
/// missing) and the values the join adds.
struct Right {
    order: Key,
    key: Option<Vec<u8>>,
    values: Values,
}

/// The right side, read in order.
struct RightSide {
    input: Input,
    order: KeySpec,
    keys: KeyFields,
    projector: Projector,
    record: Record,
    projected: Record,
    last: Option<Key>,
}

impl RightSide {
    fn next(&mut self) -> Result<Option<Right>> {
        if !self.input.read(&mut self.record)? {
            return Ok(None);
        }
        let order = self.order.key(&self.record)?;
        if let Some(last) = &self.last {
            if compare(last, &order) == Ordering::Greater {
                return Err(Error::bad_record(
                    self.input.location(),
                    "the --with input is not sorted by its key (etl-sort -k KEY sorts it)",
                    crate::format::raw_text(&self.record),
                ));
            }
        }
        self.describe(order).map(Some)
    }

    /// The current record as a right record with sort key `order`.
    fn describe(&mut self, order: Key) -> Result<Right> {
        self.last = Some(order.clone());
        let mut key = Vec::new();
        let complete = self.keys.encode(&self.record, &mut key)?;
        self.projector.apply(&self.record, &mut self.projected)?;
        Ok(Right {
            order,
            key: complete.then_some(key),
            values: self.projected.values().clone(),
        })
    }
}

pub struct MergeJoin {
    kind: JoinKind,
    order: KeySpec,
    keys: KeyFields,
    right: RightSide,
    /// The right records of one key, and the next right record after them.
    group: Vec<Right>,
    next: Option<Right>,
    last_left: Option<Key>,
    combiner: Combiner,
    key: Vec<u8>,
}

impl MergeJoin {
    /// Joins on `left_on` (the stream) and `right_on` (the records of `right`); the
    /// right fields added are `added`, by default all but the right key fields.
    pub fn new(
        kind: JoinKind,
        left_on: &str,
        right_on: &str,
        added: Option<Selection>,
        mut right: Input,
    ) -> Result<MergeJoin> {
        let mut first = Record::default();
        let has_first = right.read(&mut first)?;
        let header = match (has_first, right.header()) {
            (true, _) => first.header().clone(),
            (false, Some(header)) => header,
            (false, None) => Arc::new(Header::default()),
        };
        let mut right_keys = KeyFields::new(Selection::parse(right_on)?);
        let added = match added {
            Some(added) => added,
            None => {
                let probe = Record::new(header.clone(), first.values().clone());
                let key_fields: Vec<usize> = right_keys
                    .picks(&probe)?
                    .iter()
                    .filter_map(|pick| match pick.from {
                        From::Index(i) => Some(i),
                        From::Path(_) => None,
                    })
                    .collect();
                let names = header.names().iter().enumerate();
                Selection::names(
                    names
                        .filter(|(i, _)| !key_fields.contains(i))
                        .map(|(_, name)| name.to_string()),
                )
            }
        };
        let projector = Projector::new(added, Mode::Keep);
        let right_header = projector.output_header(&header)?;
        let mut right = RightSide {
            input: right,
            order: KeySpec::parse(Some(right_on), false, Kind::Typed)?,
            keys: right_keys,
            projector,
            record: first,
            projected: Record::default(),
            last: None,
        };
        // The first record was read to learn the fields; it is the first of the stream.
        let next = if has_first {
            let order = right.order.key(&right.record)?;
            Some(right.describe(order)?)
        } else {
            None
        };
        Ok(MergeJoin {
            kind,
            order: KeySpec::parse(Some(left_on), false, Kind::Typed)?,
            keys: KeyFields::new(Selection::parse(left_on)?),
            right,
            group: Vec::new(),
            next,
            last_left: None,
            combiner: Combiner::new(right_header),
            key: Vec::new(),
        })
    }

    /// Moves the right side to the first group whose key is not below `order`.
    fn advance_to(&mut self, order: &Key) -> Result<()> {
        loop {
            if let Some(first) = self.group.first() {
                if compare(&first.order, order) != Ordering::Less {
                    return Ok(());
                }
            }
            self.group.clear();
            let Some(first) = self.next.take() else {
                return Ok(());
            };
            self.group.push(first);
            loop {
                match self.right.next()? {
                    Some(right)
                        if compare(&right.order, &self.group[0].order) == Ordering::Equal =>
                    {
                        self.group.push(right)
                    }
                    other => {
                        self.next = other;
                        break;
                    }
                }
            }
        }
    }
}

impl Join for MergeJoin {
    /// A left record out of order is bad data.
    fn join(&mut self, left: &Record, mut emit: impl FnMut(&Record) -> Result<()>) -> Result<()> {
        let order = self.order.key(left)?;
        if let Some(last) = &self.last_left {
            if compare(last, &order) == Ordering::Greater {
                return Err(Error::Data(
                    "the input is not sorted by its key (etl-sort -k KEY sorts it)".into(),
                ));
            }
        }
        self.advance_to(&order)?;
        let complete = self.keys.encode(left, &mut self.key)?;
        let in_group = self
            .group
            .first()
            .is_some_and(|r| compare(&r.order, &order) == Ordering::Equal);
        let key = &self.key;
        let matches = self
            .group
            .iter()
            .filter(|r| complete && in_group && r.key.as_deref() == Some(key.as_slice()));
        match self.kind {
            JoinKind::Inner | JoinKind::Left => {
                let mut matched = false;
                for right in matches {
                    matched = true;
                    emit(self.combiner.combine(left, Some(&right.values))?)?;
                }
                if !matched && self.kind == JoinKind::Left {
                    emit(self.combiner.combine(left, None)?)?;
                }
            }
            JoinKind::Semi | JoinKind::Anti => {
                let matched = matches.count() > 0;
                if matched == (self.kind == JoinKind::Semi) {
                    emit(left)?;
                }
            }
        }
        self.last_left = Some(order);
        Ok(())
    }

    fn combining(&mut self) -> (JoinKind, &mut Combiner) {
        (self.kind, &mut self.combiner)
    }
}
