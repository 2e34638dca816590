//! Choosing, renaming, reordering and dropping fields.

use std::sync::Arc;

use serde_json::Value as Json;

use crate::error::Result;
use crate::format::Output;
use crate::record::{Header, RawRow, Record, TextRow, ValueRef, Values};
use crate::run::Operator;
use crate::selector::{From, Pick, Selection};

/// Keep the selected fields (in selection order), or drop them and keep the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Keep,
    Drop,
}

/// etl-select: each record projected.
pub struct Select {
    projector: Projector,
    projected: Record,
    /// `--explode FIELD`: one record per element of this array field.
    explode: Option<String>,
    /// `--nest`: dotted names made nested objects again.
    nest: bool,
}

impl Select {
    pub fn new(selection: Selection, mode: Mode, explode: Option<String>, nest: bool) -> Select {
        Select {
            projector: Projector::new(selection, mode),
            projected: Record::default(),
            explode,
            nest,
        }
    }
}

impl Operator for Select {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        self.projector.apply(record, &mut self.projected)?;
        if self.nest {
            self.projected = nested(&self.projected)?;
        }
        match &self.explode {
            Some(field) => explode(&self.projected, field, out)?,
            None => out.write(&self.projected)?,
        }
        Ok(true)
    }

    fn finish(
        &mut self,
        header: Option<Arc<Header>>,
        _: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        header
            .map(|header| self.projector.output_header(&header))
            .transpose()
    }
}

pub struct Projector {
    selection: Selection,
    mode: Mode,
    /// The plan for the input header seen last.
    plan: Option<(Arc<Header>, Plan)>,
}

struct Plan {
    header: Arc<Header>,
    picks: Vec<Pick>,
    /// Nested keys to remove from top-level values (`-x user.email`).
    drop_paths: Vec<(usize, Vec<String>)>,
    /// Every pick is a plain position: text rows can be copied without typing values.
    positional: bool,
}

impl Projector {
    pub fn new(selection: Selection, mode: Mode) -> Projector {
        Projector {
            selection,
            mode,
            plan: None,
        }
    }

    /// Writes the projection of `input` into `out`, reusing `out`'s buffers.
    pub fn apply(&mut self, input: &Record, out: &mut Record) -> Result<()> {
        let fresh = match &self.plan {
            Some((seen, _)) => !Arc::ptr_eq(seen, input.header()),
            None => true,
        };
        if fresh {
            // A text (CSV) record's header names every field it can have, so a name
            // missing from it is a mistake; an NDJSON record may just lack the field.
            let strict = matches!(input.values(), Values::Text(_));
            let plan = self.plan_for(input.header(), strict)?;
            self.plan = Some((input.header().clone(), plan));
        }
        let (_, plan) = self.plan.as_ref().expect("set above");
        let (header, values) = out.parts_mut();
        if !Arc::ptr_eq(header, &plan.header) {
            *header = plan.header.clone();
        }
        match (input.values(), plan.positional) {
            (Values::Text(row), true) => {
                if !matches!(values, Values::Text(_)) {
                    *values = Values::Text(TextRow::default());
                }
                let Values::Text(out_row) = values else {
                    unreachable!()
                };
                out_row.clear();
                for pick in &plan.picks {
                    let From::Index(i) = pick.from else {
                        unreachable!()
                    };
                    out_row.push_field(row.get(i).unwrap_or(""));
                }
            }
            (Values::Raw(row), true) => {
                if !matches!(values, Values::Raw(_)) {
                    *values = Values::Raw(RawRow::default());
                }
                let Values::Raw(out_row) = values else {
                    unreachable!()
                };
                out_row.clear();
                for pick in &plan.picks {
                    let From::Index(i) = pick.from else {
                        unreachable!()
                    };
                    out_row.push_value(row.get(i).unwrap_or("null"));
                }
            }
            _ => {
                let mut json: Vec<Json> = plan
                    .picks
                    .iter()
                    .map(|pick| match &pick.from {
                        From::Index(i) => input.get(*i).map_or(Json::Null, ValueRef::to_json),
                        From::Path(path) => {
                            input.get_path(path).map_or(Json::Null, ValueRef::to_json)
                        }
                    })
                    .collect();
                for (i, path) in &plan.drop_paths {
                    remove_path(&mut json[*i], path);
                }
                *values = Values::Json(json);
            }
        }
        Ok(())
    }

    /// The output header for records with `input`'s header (a CSV header), for
    /// writing the columns of an input without rows.
    pub fn output_header(&self, input: &Header) -> Result<Arc<Header>> {
        Ok(self.plan_for(input, true)?.header)
    }

    fn plan_for(&self, input: &Header, strict: bool) -> Result<Plan> {
        let selected = self
            .selection
            .resolve(input, strict && self.mode == Mode::Keep)?;
        let (picks, drop_paths) = match self.mode {
            Mode::Keep => (selected, Vec::new()),
            Mode::Drop => {
                let mut dropped = vec![false; input.len()];
                let mut nested: Vec<(usize, Vec<String>)> = Vec::new();
                for pick in &selected {
                    match &pick.from {
                        From::Index(i) => dropped[*i] = true,
                        From::Path(path) => {
                            let mut parts = path.split('.').map(str::to_owned);
                            let first = parts.next().unwrap_or_default();
                            let rest: Vec<String> = parts.collect();
                            if let (Some(i), false) = (input.index(&first), rest.is_empty()) {
                                nested.push((i, rest));
                            }
                        }
                    }
                }
                let mut picks = Vec::new();
                let mut drop_paths = Vec::new();
                for (i, name) in input.names().iter().enumerate() {
                    if dropped[i] {
                        continue;
                    }
                    for (_, rest) in nested.iter().filter(|(n, _)| *n == i) {
                        drop_paths.push((picks.len(), rest.clone()));
                    }
                    picks.push(Pick {
                        name: name.clone(),
                        from: From::Index(i),
                    });
                }
                (picks, drop_paths)
            }
        };
        let positional =
            drop_paths.is_empty() && picks.iter().all(|p| matches!(p.from, From::Index(_)));
        Ok(Plan {
            header: Arc::new(Header::new(picks.iter().map(|p| p.name.clone()))),
            picks,
            drop_paths,
            positional,
        })
    }
}

fn remove_path(value: &mut Json, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut value = value;
    for part in parents {
        match value.as_object_mut().and_then(|o| o.get_mut(part)) {
            Some(inner) => value = inner,
            None => return,
        }
    }
    if let Some(object) = value.as_object_mut() {
        object.shift_remove(last);
    }
}

/// Writes `record` once per element of its array `field`, the element in the array's
/// place (jq's `.items[]`, Miller's `nest --explode`); an empty array gives no record,
/// a field that is absent or not an array the record as it is.
fn explode(record: &Record, field: &str, out: &mut Output) -> Result<()> {
    let at = record.header().index(field);
    let items = match at.and_then(|at| record.get(at)).map(ValueRef::to_json) {
        Some(Json::Array(items)) => items,
        _ => return out.write(record),
    };
    let at = at.expect("found above");
    let mut values: Vec<Json> = (0..record.len())
        .map(|i| record.get(i).map_or(Json::Null, ValueRef::to_json))
        .collect();
    for item in items {
        values[at] = item;
        out.write(&Record::new(
            record.header().clone(),
            Values::Json(values.clone()),
        ))?;
    }
    Ok(())
}

/// The record with dotted names made nested objects again (`user.name` and `user.id`
/// become `user: {name, id}`), as CSV's flattening made them; a name that is both a
/// value and an object's prefix (`a` and `a.b`) is an error naming it.
fn nested(record: &Record) -> Result<Record> {
    let mut top = serde_json::Map::new();
    for (name, value) in record.fields() {
        let mut parts: Vec<&str> = name.split('.').collect();
        let last = parts.pop().expect("split gives one part at least");
        let mut object = &mut top;
        for part in parts {
            let slot = object
                .entry(part)
                .or_insert_with(|| Json::Object(serde_json::Map::new()));
            object = slot.as_object_mut().ok_or_else(|| clash(name))?;
        }
        if object.insert(last.to_owned(), value.to_json()).is_some() {
            return Err(clash(name));
        }
    }
    Ok(Record::from_object(&Json::Object(top)))
}

fn clash(name: &str) -> crate::error::Error {
    crate::error::Error::Data(format!(
        "--nest: field {} is both a value and inside an object of that name",
        crate::error::quoted(name)
    ))
}
