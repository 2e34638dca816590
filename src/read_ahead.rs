//! Records read ahead and handed on again: for a command that must see the first
//! records before it writes any (`etl-cast --infer` types each column from them). A
//! record read ahead keeps where it came from, and a bad one its place in the input,
//! so the runner names and rejects both as if they had never been held back.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::error::{Error, Location, Result};
use crate::job::Records;
use crate::record::{Header, Record};
use crate::signals;

pub struct ReadAhead<R> {
    input: R,
    /// Records and bad records read ahead, in input order, with where each came from.
    held: VecDeque<(Result<Record>, Location)>,
    /// Where the record handed out last came from, while it came from `held`.
    current: Option<Location>,
}

impl<R: Records> ReadAhead<R> {
    /// Reads up to `records` good records (bad ones do not count), or less when the
    /// input ends or a signal stops reading as it stops a reading loop.
    pub fn new(mut input: R, records: usize) -> Result<ReadAhead<R>> {
        let mut held = VecDeque::new();
        let mut good = 0;
        let mut record = Record::default();
        while good < records && signals::check()? {
            match input.read(&mut record) {
                Ok(true) => {
                    good += 1;
                    held.push_back((Ok(record.clone()), input.location()));
                }
                Ok(false) => break,
                Err(Error::BadRecord(bad)) => {
                    let location = bad.location.clone();
                    held.push_back((Err(Error::BadRecord(bad)), location));
                }
                Err(err) => return Err(err),
            }
        }
        Ok(ReadAhead {
            input,
            held,
            current: None,
        })
    }

    /// The good records read ahead and not yet handed on.
    pub fn held(&self) -> impl Iterator<Item = &Record> {
        self.held
            .iter()
            .filter_map(|(record, _)| record.as_ref().ok())
    }
}

impl<R: Records> Records for ReadAhead<R> {
    fn read(&mut self, record: &mut Record) -> Result<bool> {
        match self.held.pop_front() {
            Some((held, location)) => {
                self.current = Some(location);
                *record = held?;
                Ok(true)
            }
            None => {
                self.current = None;
                self.input.read(record)
            }
        }
    }

    fn location(&self) -> Location {
        match &self.current {
            Some(location) => location.clone(),
            None => self.input.location(),
        }
    }

    fn line(&self) -> u64 {
        match &self.current {
            Some(location) => location.line,
            None => self.input.line(),
        }
    }

    fn header(&self) -> Option<Arc<Header>> {
        self.input.header()
    }
}
