//! The first N records, or the first N of each group.

use std::collections::HashMap;

use crate::error::Result;
use crate::format::Output;
use crate::ops::key::KeyFields;
use crate::record::Record;
use crate::run::Operator;
use crate::selector::Selection;

pub struct Head {
    limit: u64,
    kept: u64,
    /// With `--by`: the group fields and how many records of each group were kept.
    groups: Option<(KeyFields, HashMap<Vec<u8>, u64>)>,
    key: Vec<u8>,
}

impl Operator for Head {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        if self.keep(record)? {
            out.write(record)?;
        }
        Ok(!self.is_done())
    }
}

impl Head {
    pub fn new(limit: u64, by: Option<Selection>) -> Head {
        Head {
            limit,
            kept: 0,
            groups: by.map(|by| (KeyFields::new(by), HashMap::new())),
            key: Vec::new(),
        }
    }

    /// Whether `record` is among the first N (of its group).
    pub fn keep(&mut self, record: &Record) -> Result<bool> {
        let count = match &mut self.groups {
            None => &mut self.kept,
            Some((fields, counts)) => {
                fields.encode(record, &mut self.key)?;
                match counts.get_mut(self.key.as_slice()) {
                    Some(count) => count,
                    None => counts.entry(self.key.clone()).or_insert(0),
                }
            }
        };
        if *count >= self.limit {
            return Ok(false);
        }
        *count += 1;
        Ok(true)
    }

    /// True when no later record can be kept, so reading can stop: without groups,
    /// once N records were kept.
    pub fn is_done(&self) -> bool {
        self.groups.is_none() && self.kept >= self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Header, Values};
    use std::sync::Arc;

    #[test]
    fn first_n_per_group() {
        let header = Arc::new(Header::new(["g"]));
        let record = |g: &str| Record::new(header.clone(), Values::Text([g].into_iter().collect()));
        let mut head = Head::new(1, Some(Selection::parse("g").unwrap()));
        let kept: Vec<bool> = ["a", "b", "a", "c", "b"]
            .iter()
            .map(|g| head.keep(&record(g)).unwrap())
            .collect();
        assert_eq!(kept, [true, true, false, true, false]);
        assert!(!head.is_done());
        let mut head = Head::new(2, None);
        assert!(head.keep(&record("a")).unwrap() && head.keep(&record("a")).unwrap());
        assert!(head.is_done());
    }
}
