//! Building a record from a parsed log line: values are written straight as JSON
//! text into one buffer, and a record with the same field names as the one before
//! shares its header, so a parser allocates nothing per field.

use std::sync::Arc;

use crate::error::bad_value;
use crate::format::json_text;
use crate::record::{Header, RawRow, Record, Values};
use crate::time;

/// `--ts-field NAME [--ts-format FORMAT]…`: a field read as a timestamp.
#[derive(Clone, Debug)]
pub struct TsRule {
    pub field: String,
    /// chrono formats tried in order; none means the built-in forms.
    pub formats: Vec<String>,
}

/// The fields of the record being built.
pub struct Fields {
    header: Arc<Header>,
    row: RawRow,
    /// This record's names, once they differ from `header`'s.
    names: Option<Vec<Box<str>>>,
    count: usize,
    ts_rule: Option<TsRule>,
    /// Why a value did not convert (the `--ts-field`), making the line a bad record.
    failed: Option<String>,
    /// Whether the names given are texts that outlive the run unchanged (literals, a
    /// regex's group names) rather than keys cut from the line buffer (logfmt, json).
    stable_names: bool,
    /// The header's names as the JSON text written before their values (`key_text`).
    keys: Vec<String>,
    /// For stable names: the (address, length) of the name text already found equal
    /// to the header's name at each position, so the hot path need not compare again.
    verified: Vec<(usize, usize)>,
    /// The (address, length) of the list of `literal_row` names found to be the
    /// header's first names.
    literal: Option<(usize, usize)>,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields::new(None)
    }
}

impl Fields {
    pub fn new(ts_rule: Option<TsRule>) -> Fields {
        let mut row = RawRow::default();
        row.begin_object();
        Fields {
            header: Arc::new(Header::default()),
            row,
            names: None,
            count: 0,
            ts_rule,
            failed: None,
            stable_names: false,
            keys: Vec::new(),
            verified: Vec::new(),
            literal: None,
        }
    }

    /// Says whether the names the parser passes from now on are stable texts (see
    /// `stable_names`); a new parser forgets what was verified.
    pub fn use_stable_names(&mut self, stable: bool) {
        self.stable_names = stable;
        self.verified.clear();
    }

    /// Starts a new record.
    pub fn clear(&mut self) {
        self.row.begin_object();
        self.names = None;
        self.count = 0;
        self.failed = None;
    }

    #[inline]
    fn name(&mut self, name: &str) {
        let text = (name.as_ptr() as usize, name.len());
        if self.names.is_none() && self.stable_names && self.verified.get(self.count) == Some(&text)
        {
            // The same name text as at this position before: equal, as then.
            self.row.push_key_text(&self.keys[self.count]);
            self.count += 1;
        } else {
            self.compared_name(name, text);
        }
    }

    /// `name` when it is not known to be the header's at this position without
    /// comparing: a name cut from the line, or a new or changed record shape.
    fn compared_name(&mut self, name: &str, text: (usize, usize)) {
        let same =
            self.names.is_none() && self.header.names().get(self.count).map(|n| &**n) == Some(name);
        if same {
            if self.stable_names {
                self.verified.resize(self.count, (0, 0));
                self.verified.push(text);
            }
            self.row.push_key_text(&self.keys[self.count]);
        } else {
            let names = self
                .names
                .get_or_insert_with(|| self.header.names()[..self.count].to_vec());
            names.push(name.into());
            self.row.push_key_text(&key_text(self.count, name));
        }
        self.count += 1;
    }

    /// The row to write a whole record into, for a parser whose field names are
    /// literals: `names` are the ones it writes, in order, each value after the JSON
    /// text of its key (`"name":` first, then `,"name":`), as `RawRow::push_key_text`
    /// takes it. More fields may follow with `text` and the like. `None` when the
    /// values must be given one by one instead: a `--ts-field` is to see them, or the
    /// record has fields already.
    pub fn literal_row(&mut self, names: &'static [&'static str]) -> Option<&mut RawRow> {
        if self.ts_rule.is_some() || self.count != 0 {
            return None;
        }
        let list = (names.as_ptr() as usize, names.len());
        if self.literal != Some(list) {
            let header = self.header.names();
            if header.len() >= names.len() && header.iter().zip(names).all(|(a, b)| **a == **b) {
                self.literal = Some(list);
            } else {
                self.names = Some(names.iter().map(|&name| name.into()).collect());
            }
        }
        self.count = names.len();
        Some(&mut self.row)
    }

    /// A text value (a `--ts-field` becomes an RFC 3339 timestamp).
    #[inline]
    pub fn text(&mut self, name: &str, value: &str) {
        if self.ts_rule.is_some() && self.converted(name, value) {
            return;
        }
        self.name(name);
        self.row.push_string(value);
    }

    /// Writes the `--ts-field` as a timestamp (or null, failing the record) when it is
    /// the field `name`; `false` for any other field.
    fn converted(&mut self, name: &str, value: &str) -> bool {
        let Some(rule) = self.ts_rule.as_ref().filter(|rule| rule.field == name) else {
            return false;
        };
        let parsed = if rule.formats.is_empty() {
            time::parse(value)
        } else {
            time::parse_with(value, &rule.formats)
        };
        match parsed {
            Some(t) => {
                let text = time::to_rfc3339_utc(&t);
                self.name(name);
                self.row.push_string(&text);
            }
            None => {
                self.failed = Some(bad_value(name, value, "is not a timestamp"));
                self.null(name);
            }
        }
        true
    }

    /// A value given as JSON text (a number, an object, `null`).
    #[inline]
    pub fn json(&mut self, name: &str, json: &str) {
        self.name(name);
        self.row.push_value(json);
    }

    #[inline]
    pub fn null(&mut self, name: &str) {
        self.json(name, "null");
    }

    /// A text value, or null when it is absent.
    #[inline]
    pub fn text_or_null(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(value) => self.text(name, value),
            None => self.null(name),
        }
    }

    /// Why the record is bad although the line parsed (a `--ts-field` that is not a time).
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Moves the record built into `record`, taking its buffers for the next one.
    pub fn finish(&mut self, record: &mut Record) {
        self.row.end_object();
        if self.names.is_some() || self.count != self.header.len() {
            let names = self
                .names
                .take()
                .unwrap_or_else(|| self.header.names()[..self.count].to_vec());
            self.header = Arc::new(self.unique(names));
            self.verified.clear();
            self.literal = None;
            self.keys = (self.header.names().iter().enumerate())
                .map(|(position, name)| key_text(position, name))
                .collect();
        }
        let (header, values) = record.parts_mut();
        // Most records have the header of the one before: no count to change then.
        if !Arc::ptr_eq(header, &self.header) {
            *header = self.header.clone();
        }
        match values {
            Values::Raw(row) => std::mem::swap(row, &mut self.row),
            other => *other = Values::Raw(std::mem::take(&mut self.row)),
        }
        self.clear();
    }

    /// A header from `names`; a name given twice keeps its first place and its last
    /// value (as JSON parsers commonly do), so the values are thinned to match.
    fn unique(&mut self, names: Vec<Box<str>>) -> Header {
        let mut kept: Vec<Box<str>> = Vec::with_capacity(names.len());
        let mut keep: Vec<usize> = Vec::with_capacity(names.len());
        for (i, name) in names.into_iter().enumerate() {
            match kept.iter().position(|n| *n == name) {
                Some(at) => keep[at] = i,
                None => {
                    kept.push(name);
                    keep.push(i);
                }
            }
        }
        if keep.len() < self.row.len() {
            self.row.retain_spans(&keep);
        }
        Header::new(kept)
    }
}

/// The JSON text before the value of the field `name` at `position` of an object:
/// `"name":`, after a comma unless it is the first.
fn key_text(position: usize, name: &str) -> String {
    let mut key = String::with_capacity(name.len() + 4);
    if position > 0 {
        key.push(',');
    }
    json_text::push_string(&mut key, name);
    key.push(':');
    key
}

/// Appends `\n` and `text` to the message of `record` (the field `msg` or `message`,
/// else the last field): a continuation line of a multi-line record.
pub fn append_to_message(record: &mut Record, text: &str) {
    let header = record.header().clone();
    let Some(target) = header
        .index("msg")
        .or_else(|| header.index("message"))
        .or_else(|| header.len().checked_sub(1))
    else {
        return;
    };
    let mut row = RawRow::default();
    for i in 0..record.len() {
        let value = record.get(i).expect("within the record");
        if i == target {
            let mut joined = value.as_text().unwrap_or_default().into_owned();
            joined.push('\n');
            joined.push_str(text);
            row.push_string(&joined);
        } else {
            let text = match value {
                crate::record::ValueRef::Raw(text) => text.to_owned(),
                other => other.to_json().to_string(),
            };
            row.push_value(&text);
        }
    }
    let (_, values) = record.parts_mut();
    *values = Values::Raw(row);
}

/// The record a parser's writing into fresh `Fields` gives, as one JSON line: the
/// parsers' unit tests check their records this way.
#[cfg(test)]
pub fn record_json(
    parse: impl FnOnce(&mut Fields) -> Result<(), super::Mismatch>,
) -> Result<String, super::Mismatch> {
    let mut fields = Fields::default();
    parse(&mut fields)?;
    let mut record = Record::default();
    fields.finish(&mut record);
    Ok(record.to_json_line())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(record: &Record) -> String {
        record.to_json_line()
    }

    #[test]
    fn shares_headers_and_keeps_last_of_repeated_names() {
        let mut fields = Fields::default();
        let mut first = Record::default();
        let mut second = Record::default();
        fields.text("a", "x\"y");
        fields.json("b", "1");
        fields.finish(&mut first);
        fields.text("a", "z");
        fields.null("b");
        fields.finish(&mut second);
        assert!(Arc::ptr_eq(first.header(), second.header()));
        assert_eq!(line(&first), r#"{"a":"x\"y","b":1}"#);
        assert_eq!(line(&second), r#"{"a":"z","b":null}"#);
        fields.text("y", "1");
        fields.text("d", "2");
        fields.text("y", "3");
        fields.finish(&mut first);
        assert_eq!(line(&first), r#"{"y":"3","d":"2"}"#);
        fields.text("a", "only");
        fields.finish(&mut first);
        assert_eq!(line(&first), r#"{"a":"only"}"#);
    }

    #[test]
    fn stable_names_are_compared_once() {
        let mut fields = Fields::default();
        fields.use_stable_names(true);
        let mut record = Record::default();
        for value in ["1", "2"] {
            fields.text("a", value);
            fields.json("b", value);
            fields.finish(&mut record);
            assert_eq!(line(&record), format!(r#"{{"a":"{value}","b":{value}}}"#));
        }
        let first = record.header().clone();
        fields.text("a", "3");
        fields.text("c", "4");
        fields.finish(&mut record);
        assert_eq!(line(&record), r#"{"a":"3","c":"4"}"#);
        fields.text("a", "5");
        fields.json("b", "6");
        fields.finish(&mut record);
        assert_eq!(line(&record), r#"{"a":"5","b":6}"#);
        assert!(!Arc::ptr_eq(&first, record.header()));
    }

    #[test]
    fn timestamps_and_messages() {
        let rule = TsRule {
            field: "ts".into(),
            formats: vec!["%d.%m.%Y %H:%M:%S".into()],
        };
        let mut fields = Fields::new(Some(rule));
        let mut record = Record::default();
        fields.text("ts", "01.03.2024 10:00:00");
        fields.text("msg", "boom");
        assert_eq!(fields.failed(), None);
        fields.finish(&mut record);
        append_to_message(&mut record, "\tat Foo.bar");
        assert_eq!(
            line(&record),
            r#"{"ts":"2024-03-01T10:00:00Z","msg":"boom\n\tat Foo.bar"}"#
        );
        fields.text("ts", "yesterday");
        assert_eq!(
            fields.failed(),
            Some(r#"field "ts": "yesterday" is not a timestamp"#)
        );
    }
}
