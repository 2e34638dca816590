//! `etl-map`: computed fields. The assignments run in order on each record, each
//! seeing the fields assigned before it: a new name is appended, an existing one
//! replaced in its place; `del(NAME)` removes a field.

use std::sync::Arc;

use serde_json::Value as Json;

use crate::error::{quoted, Error, Result};
use crate::expr::Program;
use crate::format::{Format, Output};
use crate::record::{Header, RawRow, Record, TextRow, ValueRef, Values};
use crate::run::Operator;

/// One step of the map.
pub enum Step {
    /// `NAME = EXPR`.
    Assign { name: String, program: Program },
    /// `del(NAME)`.
    Delete(String),
}

impl Step {
    /// `NAME = EXPR` or `del(NAME)`; `None` for text that is neither (a file name).
    /// NAME is a bare name (letters, digits, `_`, `.`) or a `quoted name`.
    pub fn parse(text: &str) -> Option<std::result::Result<Step, String>> {
        let text = text.trim();
        if let Some(name) = text.strip_prefix("del(").and_then(|t| t.strip_suffix(')')) {
            return Some(Ok(Step::Delete(unquoted(name.trim())?.to_owned())));
        }
        let (name, expression) = text.split_once('=')?;
        if expression.starts_with('=') {
            return None;
        }
        let name = unquoted(name.trim())?.to_owned();
        Some(
            Program::compile(expression.trim())
                .map_err(|e| format!("field {}: {e}", quoted(&name)))
                .map(|program| Step::Assign { name, program }),
        )
    }

    fn name(&self) -> &str {
        match self {
            Step::Assign { name, .. } | Step::Delete(name) => name,
        }
    }
}

/// A field name as written on the left of `=`: bare, or between backquotes.
fn unquoted(name: &str) -> Option<&str> {
    if let Some(inner) = name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) {
        return (!inner.is_empty() && !inner.contains('`')).then_some(inner);
    }
    let bare = name.chars().next()?.is_alphabetic() || name.starts_with('_');
    (bare
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
    .then_some(name)
}

pub struct Map {
    steps: Vec<Step>,
    /// For the input header seen last, what the steps do with it.
    plan: Option<(Arc<Header>, Plan)>,
    out: Record,
    /// The values computed for the record, when they are only appended.
    computed: Vec<Json>,
    /// A computed value's JSON text, when it is appended to NDJSON values.
    json_text: Vec<u8>,
}

/// The headers around the steps, for records with one input header.
struct Plan {
    /// `headers[i]` is what step `i` sees; the last is the output's.
    headers: Vec<Arc<Header>>,
    /// Per step, the position it writes (`None`: appended) or removes (`None`: the
    /// field is not there).
    places: Vec<Option<usize>>,
    /// Every step appends a new field and reads none that an earlier step made: then
    /// each reads the input record as it is, and the input's values are passed on as
    /// they were read, with the computed ones after them (the common case, and the
    /// fast one: no value of the input becomes a JSON value).
    appends_only: bool,
}

impl Map {
    pub fn new(steps: Vec<Step>) -> Map {
        Map {
            steps,
            plan: None,
            out: Record::default(),
            computed: Vec::new(),
            json_text: Vec::new(),
        }
    }

    fn plan(steps: &[Step], input: &Arc<Header>) -> Plan {
        let mut headers = vec![input.clone()];
        let mut places = Vec::with_capacity(steps.len());
        let mut names: Vec<Box<str>> = input.names().to_vec();
        for step in steps {
            let place = names.iter().position(|n| **n == *step.name());
            match (step, place) {
                (Step::Assign { name, .. }, None) => names.push(name.as_str().into()),
                (Step::Delete(_), Some(at)) => {
                    names.remove(at);
                }
                _ => {}
            }
            places.push(place);
            headers.push(Arc::new(Header::new(names.iter().map(|n| &**n))));
        }
        let appends_only = steps.iter().enumerate().all(|(i, step)| match step {
            Step::Assign { program, .. } => {
                places[i].is_none()
                    && program.reads().iter().all(|read| {
                        steps[..i]
                            .iter()
                            .all(|earlier| !names_or_reaches_into(read, earlier.name()))
                    })
            }
            Step::Delete(_) => false,
        });
        Plan {
            headers,
            places,
            appends_only,
        }
    }

    /// The steps of an `appends_only` plan on `record`: the computed values into
    /// `self.computed`, then the output record into `self.out`.
    fn append(&mut self, record: &Record, format: Format) -> Result<()> {
        self.computed.clear();
        for step in &mut self.steps {
            let Step::Assign { name, program } = step else {
                unreachable!("appends_only has assignments only")
            };
            let value = program
                .value(record)
                .map_err(|reason| Error::Data(format!("field {}: {reason}", quoted(name))))?;
            self.computed.push(value);
        }
        let (_, plan) = self.plan.as_ref().expect("planned before");
        let header = plan.headers.last().expect("the input's at least");
        let (out_header, out_values) = self.out.parts_mut();
        if !Arc::ptr_eq(out_header, header) {
            *out_header = header.clone();
        }
        match record.values() {
            Values::Raw(row) => {
                let out_row = reuse_raw(out_values);
                out_row.clear();
                (0..row.len()).for_each(|i| out_row.push_value(row.get(i).expect("in the row")));
                for value in &self.computed {
                    match value {
                        Json::String(text) => out_row.push_string(text),
                        other => {
                            self.json_text.clear();
                            serde_json::to_writer(&mut self.json_text, other)
                                .expect("a JSON value writes to memory");
                            let text = std::str::from_utf8(&self.json_text)
                                .expect("serde_json writes UTF-8");
                            out_row.push_value(text);
                        }
                    }
                }
            }
            // CSV and TSV write every value as text, so the computed ones can be
            // text too, unless one is an object, which CSV writes flattened.
            Values::Text(row)
                if format != Format::Ndjson
                    && !self
                        .computed
                        .iter()
                        .any(|v| matches!(v, Json::Object(o) if !o.is_empty())) =>
            {
                let out_row = reuse_text(out_values);
                out_row.copy_from(row);
                for value in &self.computed {
                    match ValueRef::Json(value).as_text() {
                        Some(text) => out_row.push_field(&text),
                        None => out_row.push_field(&value.to_string()),
                    }
                }
            }
            _ => {
                let mut values = match out_values {
                    Values::Json(last) => std::mem::take(last),
                    _ => Vec::new(),
                };
                copy_values(record, &mut values);
                values.append(&mut self.computed);
                *out_values = Values::Json(values);
            }
        }
        Ok(())
    }
}

/// Whether the field name `read` is `name`, or a path into it (`name.x`, `name[0]`).
fn names_or_reaches_into(read: &str, name: &str) -> bool {
    read.strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// `values` as a row of JSON texts, keeping its buffers when it was one.
fn reuse_raw(values: &mut Values) -> &mut RawRow {
    if !matches!(values, Values::Raw(_)) {
        *values = Values::Raw(RawRow::default());
    }
    let Values::Raw(row) = values else {
        unreachable!("made one above")
    };
    row
}

/// `values` as a row of text, keeping its buffers when it was one.
fn reuse_text(values: &mut Values) -> &mut TextRow {
    if !matches!(values, Values::Text(_)) {
        *values = Values::Text(TextRow::default());
    }
    let Values::Text(row) = values else {
        unreachable!("made one above")
    };
    row
}

impl Operator for Map {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        if !matches!(&self.plan, Some((seen, _)) if Arc::ptr_eq(seen, record.header())) {
            let plan = Map::plan(&self.steps, record.header());
            self.plan = Some((record.header().clone(), plan));
        }
        let (_, plan) = self.plan.as_ref().expect("planned above");
        if plan.appends_only {
            self.append(record, out.format())?;
            out.write(&self.out)?;
            return Ok(true);
        }
        let mut values = match self.out.parts_mut() {
            (_, Values::Json(last)) => std::mem::take(last),
            _ => Vec::new(),
        };
        copy_values(record, &mut values);
        for (i, step) in self.steps.iter_mut().enumerate() {
            let place = plan.places[i];
            match step {
                Step::Delete(_) => {
                    if let Some(at) = place {
                        values.remove(at);
                    }
                }
                Step::Assign { name, program } => {
                    let mut view = Record::new(plan.headers[i].clone(), Values::Json(values));
                    let value = program.value(&view);
                    let (_, Values::Json(held)) = view.parts_mut() else {
                        unreachable!("made with JSON values")
                    };
                    values = std::mem::take(held);
                    let value = value.map_err(|reason| {
                        Error::Data(format!("field {}: {reason}", quoted(name)))
                    })?;
                    match place {
                        Some(at) => values[at] = value,
                        None => values.push(value),
                    }
                }
            }
        }
        let header = plan.headers.last().expect("the input's at least").clone();
        self.out = Record::new(header, Values::Json(values));
        out.write(&self.out)?;
        Ok(true)
    }

    fn finish(
        &mut self,
        header: Option<Arc<Header>>,
        _out: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        // With no record, the output's columns are still those the steps make.
        Ok(header.map(|header| {
            let plan = Map::plan(&self.steps, &header);
            plan.headers.last().expect("the input's at least").clone()
        }))
    }
}

/// `record`'s values into `values`, as JSON: the last record's values are overwritten
/// where they can be, so that a text value reuses the last one's string instead of
/// allocating one for every field of every record.
fn copy_values(record: &Record, values: &mut Vec<Json>) {
    values.truncate(record.len());
    for i in 0..record.len() {
        let value = record.get(i);
        match (values.get_mut(i), value) {
            (Some(Json::String(held)), Some(ValueRef::Text(text))) => {
                held.clear();
                held.push_str(text);
            }
            (Some(held), _) => *held = value.map_or(Json::Null, ValueRef::to_json),
            (None, _) => values.push(value.map_or(Json::Null, ValueRef::to_json)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_file_names() {
        assert!(matches!(
            Step::parse("total = a * b"),
            Some(Ok(Step::Assign { .. }))
        ));
        assert!(matches!(
            Step::parse("`odd name`=1"),
            Some(Ok(Step::Assign { .. }))
        ));
        assert!(matches!(Step::parse("del(ua)"), Some(Ok(Step::Delete(name))) if name == "ua"));
        assert!(matches!(Step::parse("x = (1"), Some(Err(_))));
        for file in ["events.csv", "-", "a==b", "dir/x=1.csv", "2x=1"] {
            assert!(Step::parse(file).is_none(), "{file}");
        }
    }
}
