//! The right side of a hash join: its records, projected to the fields the join adds,
//! and an index from key to records.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::Result;
use crate::ops::key::KeyFields;
use crate::ops::select::{Mode, Projector};
use crate::record::{Header, Record, Values};
use crate::selector::{From, Selection};

/// Collects the right records and their keys.
pub struct LookupBuilder {
    keys: KeyFields,
    records: Vec<(Option<Vec<u8>>, Record)>,
    /// Every field name seen, in first-seen order, and whether it is a key field.
    names: Vec<(Box<str>, bool)>,
    /// How many fields the key has.
    width: Option<usize>,
    header_seen: Option<Arc<Header>>,
}

impl LookupBuilder {
    pub fn new(keys: KeyFields) -> LookupBuilder {
        LookupBuilder {
            keys,
            records: Vec::new(),
            names: Vec::new(),
            width: None,
            header_seen: None,
        }
    }

    pub fn add(&mut self, record: &Record) -> Result<()> {
        let mut key = Vec::new();
        let complete = self.keys.encode(record, &mut key)?;
        self.note_names(record)?;
        self.records
            .push((complete.then_some(key), record.compact_copy()));
        Ok(())
    }

    /// A right input without records still names its fields (a CSV header).
    pub fn note_header(&mut self, header: Arc<Header>) -> Result<()> {
        self.note_names(&Record::new(header, Values::Text(Default::default())))
    }

    fn note_names(&mut self, record: &Record) -> Result<()> {
        if !self
            .header_seen
            .as_ref()
            .is_some_and(|h| Arc::ptr_eq(h, record.header()))
        {
            let key_fields: Vec<usize> = self
                .keys
                .picks(record)?
                .iter()
                .filter_map(|pick| match pick.from {
                    From::Index(i) => Some(i),
                    From::Path(_) => None,
                })
                .collect();
            self.width = Some(self.keys.picks(record)?.len());
            for (i, name) in record.header().names().iter().enumerate() {
                if !self.names.iter().any(|(seen, _)| seen == name) {
                    self.names.push((name.clone(), key_fields.contains(&i)));
                }
            }
            self.header_seen = Some(record.header().clone());
        }
        Ok(())
    }

    /// The lookup, with the right fields `fields` (by default every field of the right
    /// records but the key fields, in the order first seen).
    pub fn finish(self, fields: Option<Selection>) -> Result<Lookup> {
        let fields = fields.unwrap_or_else(|| {
            Selection::names(
                self.names
                    .iter()
                    .filter(|(_, key)| !key)
                    .map(|(name, _)| name.to_string()),
            )
        });
        let mut projector = Projector::new(fields.clone(), Mode::Keep);
        let mut header = None;
        let mut rows = Vec::with_capacity(self.records.len());
        let mut index: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        let mut projected = Record::default();
        for (key, record) in self.records {
            projector.apply(&record, &mut projected)?;
            header.get_or_insert_with(|| projected.header().clone());
            if let Some(key) = key {
                index.entry(key).or_default().push(rows.len());
            }
            rows.push(projected.compact_copy().values().clone());
        }
        let header = match header {
            Some(header) => header,
            // No right records: the fields of its header, if it has one.
            None => {
                let names = self.names.iter().map(|(name, _)| name.clone());
                projector.output_header(&Header::new(names))?
            }
        };
        Ok(Lookup {
            header,
            rows,
            index,
            width: self.width,
        })
    }
}

pub struct Lookup {
    header: Arc<Header>,
    rows: Vec<Values>,
    index: HashMap<Vec<u8>, Vec<usize>>,
    width: Option<usize>,
}

impl Lookup {
    /// The names of the right values the join adds.
    pub fn header(&self) -> &Arc<Header> {
        &self.header
    }

    /// How many fields the right key has (`None` when the right side is empty).
    pub fn key_width(&self) -> Option<usize> {
        self.width
    }

    /// The rows whose key is `key`, in input order.
    pub fn matches(&self, key: &[u8]) -> &[usize] {
        self.index.get(key).map_or(&[], Vec::as_slice)
    }

    pub fn row(&self, row: usize) -> &Values {
        &self.rows[row]
    }
}
