//! The record model: an ordered set of named fields.
//!
//! Field names live in a shared [`Header`] (one per CSV file, and one per run of NDJSON
//! records with the same keys), so a record is just its values. Values read from CSV stay
//! text in one buffer ([`Values::Text`]); they become JSON values only when a command
//! gives them a type. Absent (no such field), empty text and null are three things.

mod header;
pub mod raw;
mod text;

pub use header::Header;
pub use raw::RawRow;
pub use text::{span, RowBytes, TextRow, MAX_ROW};

use std::sync::Arc;

use serde_json::Value as Json;

/// The values of a record, in header order.
#[derive(Clone, Debug)]
pub enum Values {
    /// Untyped text, as read from CSV or TSV: one buffer, no allocation per field.
    Text(TextRow),
    /// Typed values, as produced by a command.
    Json(Vec<Json>),
    /// NDJSON values as their JSON text, parsed only when read.
    Raw(RawRow),
}

/// A borrowed field value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueRef<'a> {
    Text(&'a str),
    Json(&'a Json),
    /// A value as JSON text.
    Raw(&'a str),
}

impl<'a> ValueRef<'a> {
    /// The value as text, the way CSV writes it: strings as-is, null as empty,
    /// numbers and booleans as their JSON text. `None` for arrays and objects.
    pub fn as_text(&self) -> Option<std::borrow::Cow<'a, str>> {
        use std::borrow::Cow;
        match *self {
            ValueRef::Text(text) => Some(Cow::Borrowed(text)),
            ValueRef::Json(Json::String(text)) => Some(Cow::Borrowed(text)),
            ValueRef::Json(Json::Null) => Some(Cow::Borrowed("")),
            ValueRef::Json(Json::Bool(b)) => Some(Cow::Borrowed(if *b { "true" } else { "false" })),
            ValueRef::Json(Json::Number(n)) => Some(Cow::Borrowed(n.as_str())),
            ValueRef::Json(_) => None,
            ValueRef::Raw(text) => raw::as_text(text),
        }
    }

    pub fn to_json(self) -> Json {
        match self {
            ValueRef::Text(text) => Json::String(text.to_owned()),
            ValueRef::Json(value) => value.clone(),
            ValueRef::Raw(text) => raw::parse(text),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, ValueRef::Json(Json::Null) | ValueRef::Raw("null"))
    }

    /// An object with at least one member (written flattened to CSV).
    pub fn is_nonempty_object(&self) -> bool {
        match self {
            ValueRef::Json(Json::Object(o)) => !o.is_empty(),
            ValueRef::Raw(text) => text.starts_with('{') && text[1..].trim_start() != "}",
            _ => false,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Record {
    header: Arc<Header>,
    values: Values,
}

impl Default for Record {
    fn default() -> Record {
        Record {
            header: Arc::new(Header::default()),
            values: Values::Text(TextRow::default()),
        }
    }
}

impl Record {
    pub fn new(header: Arc<Header>, values: Values) -> Record {
        Record { header, values }
    }

    pub fn header(&self) -> &Arc<Header> {
        &self.header
    }

    pub fn values(&self) -> &Values {
        &self.values
    }

    /// Header and values together, for readers and operations that rebuild a record in place.
    pub fn parts_mut(&mut self) -> (&mut Arc<Header>, &mut Values) {
        (&mut self.header, &mut self.values)
    }

    pub fn len(&self) -> usize {
        match &self.values {
            Values::Text(row) => row.len(),
            Values::Json(values) => values.len(),
            Values::Raw(row) => row.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at a position; `None` past the end (a short row).
    pub fn get(&self, index: usize) -> Option<ValueRef<'_>> {
        match &self.values {
            Values::Text(row) => row.get(index).map(ValueRef::Text),
            Values::Json(values) => values.get(index).map(ValueRef::Json),
            Values::Raw(row) => row.get(index).map(ValueRef::Raw),
        }
    }

    /// The value of a field by name; a dotted name (`user.name`) that is not itself a
    /// field reaches into nested objects, and `[N]` into arrays (`items[0].sku`).
    /// `None` when absent.
    pub fn get_path(&self, name: &str) -> Option<ValueRef<'_>> {
        if let Some(index) = self.header.index(name) {
            return self.get(index);
        }
        let mut steps = path_steps(name)?.into_iter();
        let Step::Key(first) = steps.next()? else {
            return None;
        };
        match self.get(self.header.index(first)?)? {
            ValueRef::Json(mut value) => {
                for step in steps {
                    value = match step {
                        Step::Key(key) => value.as_object()?.get(key)?,
                        Step::Index(i) => value.as_array()?.get(i)?,
                    };
                }
                Some(ValueRef::Json(value))
            }
            ValueRef::Raw(mut text) => {
                for step in steps {
                    text = match step {
                        Step::Key(key) => raw::member(text, key)?,
                        Step::Index(i) => raw::element(text, i)?,
                    };
                }
                Some(ValueRef::Raw(text))
            }
            ValueRef::Text(_) => None,
        }
    }

    /// Iterates over `(name, value)` pairs in order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, ValueRef<'_>)> {
        self.header
            .names()
            .iter()
            .enumerate()
            .filter_map(|(i, name)| Some((&**name, self.get(i)?)))
    }

    /// A copy sized to its values, for commands that hold many records (sort, dedup,
    /// join): a CSV reader's row buffers are larger than the row, and `clone` would
    /// copy them whole.
    pub fn compact_copy(&self) -> Record {
        let values = match &self.values {
            Values::Text(row) => Values::Text(row.compact_copy()),
            other => other.clone(),
        };
        Record::new(self.header.clone(), values)
    }

    /// The same record with every value parsed, for writers that need the structure.
    pub fn to_typed(&self) -> Record {
        let values = (0..self.len())
            .map(|i| self.get(i).map_or(Json::Null, ValueRef::to_json))
            .collect();
        Record::new(self.header.clone(), Values::Json(values))
    }

    /// A record of the members of a JSON object (anything else: an empty record).
    pub fn from_object(object: &Json) -> Record {
        let members = object.as_object().into_iter().flatten();
        let (names, values): (Vec<&str>, Vec<Json>) = members
            .map(|(name, value)| (name.as_str(), value.clone()))
            .unzip();
        Record::new(Arc::new(Header::new(names)), Values::Json(values))
    }

    /// The record as one NDJSON object, for rejects files and messages.
    pub fn to_json_line(&self) -> String {
        let object: serde_json::Map<String, Json> = self
            .fields()
            .map(|(name, value)| (name.to_owned(), value.to_json()))
            .collect();
        Json::Object(object).to_string()
    }
}

/// One step of a path into nested values: a member's name, or an element's index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `items[0].sku` as its steps; `None` for a malformed index (`a[x]`, `a[0`).
fn path_steps(name: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    for part in name.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() || rest.is_empty() {
            steps.push(Step::Key(key));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let (digits, after) = inner.split_once(']')?;
            steps.push(Step::Index(digits.parse().ok()?));
            rest = after;
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(steps)
}
