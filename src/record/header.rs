//! Field names shared by many records, with a name → position index.

use std::collections::HashMap;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Header {
    names: Vec<Box<str>>,
    /// First position of each name (a CSV header may repeat a name).
    index: HashMap<Box<str>, usize>,
}

impl Header {
    pub fn new<I, S>(names: I) -> Header
    where
        I: IntoIterator<Item = S>,
        S: Into<Box<str>>,
    {
        let names: Vec<Box<str>> = names.into_iter().map(Into::into).collect();
        let mut index = HashMap::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            index.entry(name.clone()).or_insert(i);
        }
        Header { names, index }
    }

    pub fn names(&self) -> &[Box<str>] {
        &self.names
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// True when `names` are exactly this header's names, in order.
    pub fn same_names<S: AsRef<str>>(&self, names: &[S]) -> bool {
        self.names.len() == names.len()
            && self
                .names
                .iter()
                .zip(names)
                .all(|(a, b)| **a == *b.as_ref())
    }
}
