//! `etl-map`: computed fields. The assignments run in order on each record, each
//! seeing the fields assigned before it: a new name is appended, an existing one
//! replaced in its place; `del(NAME)` removes a field.

use std::sync::Arc;

use serde_json::Value as Json;

use crate::error::{quoted, Error, Result};
use crate::expr::Program;
use crate::format::Output;
use crate::record::{Header, Record, ValueRef, Values};
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
}

/// The headers around the steps, for records with one input header.
struct Plan {
    /// `headers[i]` is what step `i` sees; the last is the output's.
    headers: Vec<Arc<Header>>,
    /// Per step, the position it writes (`None`: appended) or removes (`None`: the
    /// field is not there).
    places: Vec<Option<usize>>,
}

impl Map {
    pub fn new(steps: Vec<Step>) -> Map {
        Map {
            steps,
            plan: None,
            out: Record::default(),
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
        Plan { headers, places }
    }
}

impl Operator for Map {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        if !matches!(&self.plan, Some((seen, _)) if Arc::ptr_eq(seen, record.header())) {
            let plan = Map::plan(&self.steps, record.header());
            self.plan = Some((record.header().clone(), plan));
        }
        let (_, plan) = self.plan.as_ref().expect("planned above");
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
