//! The key of a record: the values of a field list (`--on`, `--by`, `-k`), resolved
//! once per header and encoded as bytes for hashing and equality.
//!
//! Keys compare as text, the way the values are written: `1` in NDJSON and `"1"` in
//! CSV are the same key, `02134` and `2134` are not. Null and a missing field are a
//! key value of their own, distinct from empty text.

use std::sync::Arc;

use crate::error::Result;
use crate::record::{Header, Record, ValueRef, Values};
use crate::selector::{From, Pick, Selection};

/// A field list and its resolution against the header seen last.
pub struct KeyFields {
    selection: Selection,
    plan: Option<(Arc<Header>, Vec<Pick>)>,
}

impl KeyFields {
    pub fn new(selection: Selection) -> KeyFields {
        KeyFields {
            selection,
            plan: None,
        }
    }

    /// The fields of the key for records with `record`'s header. For CSV, whose header
    /// names every field, a name not in it is a usage error; for NDJSON it is null.
    pub fn picks(&mut self, record: &Record) -> Result<&[Pick]> {
        let fresh = match &self.plan {
            Some((seen, _)) => !Arc::ptr_eq(seen, record.header()),
            None => true,
        };
        if fresh {
            let strict = matches!(record.values(), Values::Text(_));
            let picks = self.selection.resolve(record.header(), strict)?;
            self.plan = Some((record.header().clone(), picks));
        }
        Ok(&self.plan.as_ref().expect("set above").1)
    }

    /// Writes the key of `record` into `key` (cleared first). Returns whether every key
    /// value is present and not null, which a join needs for a match.
    pub fn encode(&mut self, record: &Record, key: &mut Vec<u8>) -> Result<bool> {
        key.clear();
        let mut complete = true;
        for pick in self.picks(record)? {
            let value = value_of(record, pick);
            complete &= value.is_some_and(|v| !v.is_null());
            encode_value(value, key);
        }
        Ok(complete)
    }
}

/// The value a pick selects from a record; `None` when absent.
pub fn value_of<'r>(record: &'r Record, pick: &Pick) -> Option<ValueRef<'r>> {
    match &pick.from {
        From::Index(i) => record.get(*i),
        From::Path(path) => record.get_path(path),
    }
}

/// The whole record as a key: every field name and value, so two NDJSON records with
/// the same values under different names differ.
pub fn encode_record(record: &Record, key: &mut Vec<u8>) {
    key.clear();
    for (name, value) in record.fields() {
        encode_text(name, key);
        encode_value(Some(value), key);
    }
}

const NULL: u8 = 0;
const TEXT: u8 = 1;
const JSON: u8 = 2;

/// A tag byte, then the text length-prefixed so no value can run into the next one.
fn encode_value(value: Option<ValueRef<'_>>, key: &mut Vec<u8>) {
    match value {
        None => key.push(NULL),
        Some(value) if value.is_null() => key.push(NULL),
        Some(value) => match value.as_text() {
            Some(text) => {
                key.push(TEXT);
                encode_text(&text, key);
            }
            None => {
                // Arrays and objects: their JSON text.
                key.push(JSON);
                encode_text(&value.to_json().to_string(), key);
            }
        },
    }
}

fn encode_text(text: &str, key: &mut Vec<u8>) {
    key.extend_from_slice(&(text.len() as u32).to_le_bytes());
    key.extend_from_slice(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_record(names: &[&str], values: &[&str]) -> Record {
        let header = Arc::new(Header::new(names.iter().copied()));
        Record::new(header, Values::Text(values.iter().collect()))
    }

    #[test]
    fn keys_are_unambiguous_and_track_missing_values() {
        let mut fields = KeyFields::new(Selection::parse("a,b").unwrap());
        let (mut one, mut two) = (Vec::new(), Vec::new());
        assert!(fields
            .encode(&csv_record(&["a", "b"], &["x,", "y"]), &mut one)
            .unwrap());
        fields
            .encode(&csv_record(&["a", "b"], &["x", ",y"]), &mut two)
            .unwrap();
        assert_ne!(one, two);
        let json = Record::new(
            Arc::new(Header::new(["a"])),
            Values::Json(vec![serde_json::json!(1)]),
        );
        assert!(!fields.encode(&json, &mut two).unwrap(), "b is missing");
        let mut only_a = KeyFields::new(Selection::parse("a").unwrap());
        only_a
            .encode(&csv_record(&["a"], &["1"]), &mut one)
            .unwrap();
        only_a.encode(&json, &mut two).unwrap();
        assert_eq!(one, two, "1 in NDJSON is the key \"1\" of CSV");
    }
}
