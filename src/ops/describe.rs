//! `etl-describe`: what each field of the input holds, in one pass and memory bounded
//! per field: how many values, nulls and empty ones, how many distinct (exactly up to
//! [`EXACT_DISTINCT`], then HyperLogLog's estimate), the narrowest type that holds
//! every value, the least and greatest, the mean of a numeric field, the most common
//! values and an example.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::Value as Json;

use super::aggregate::Distinct;
use crate::error::Result;
use crate::format::Output;
use crate::infer::ColumnType;
use crate::record::{Header, Record, ValueRef, Values};
use crate::run::Operator;
use crate::value::{Number, SortValue, Val};

/// Distinct values counted exactly, and tallied for the most common, per field; past
/// this many the count is estimated and the most common are not given.
pub const EXACT_DISTINCT: usize = 10_000;

/// The most common values shown.
const TOP: usize = 3;

/// The columns of the description, one record per input field.
const COLUMNS: [&str; 11] = [
    "field", "type", "values", "nulls", "empty", "distinct", "min", "max", "mean", "top", "example",
];

/// What is known of one field.
struct FieldStats {
    name: Box<str>,
    values: u64,
    empty: u64,
    column_type: ColumnType,
    /// Each distinct value's count while there are at most [`EXACT_DISTINCT`].
    /// foldhash, not SipHash: hashing every value was a tenth of the run.
    counts: Option<HashMap<Box<str>, u64, foldhash::fast::RandomState>>,
    /// The estimate once there are more.
    sketch: Option<Box<Distinct>>,
    min: Option<(SortValue, Box<str>)>,
    max: Option<(SortValue, Box<str>)>,
    sum: f64,
    example: Option<Box<str>>,
}

impl FieldStats {
    fn new(name: &str) -> FieldStats {
        FieldStats {
            name: name.into(),
            values: 0,
            empty: 0,
            column_type: ColumnType::Null,
            counts: Some(HashMap::default()),
            sketch: None,
            min: None,
            max: None,
            sum: 0.0,
            example: None,
        }
    }

    fn add(&mut self, value: ValueRef) {
        if value.is_null() {
            return;
        }
        // Borrowed from the record where it can be: only a new distinct value, a new
        // least or greatest and the example are copied.
        let text = match value.as_text() {
            Some(text) => text,
            None => Cow::Owned(value.to_json().to_string()),
        };
        if text.is_empty() {
            self.empty += 1;
            return;
        }
        self.values += 1;
        self.column_type = self.column_type.join(ColumnType::of(value));
        self.count(&text);
        let order = SortValue::typed(&Val::Str(Cow::Borrowed(&text)));
        if let SortValue::Num(x) = &order {
            self.sum += x.as_f64();
        }
        if self
            .min
            .as_ref()
            .is_none_or(|(m, _)| order.total_cmp(m).is_lt())
        {
            self.min = Some((order.clone(), Box::from(&*text)));
        }
        if self
            .max
            .as_ref()
            .is_none_or(|(m, _)| order.total_cmp(m).is_gt())
        {
            self.max = Some((order, Box::from(&*text)));
        }
        if self.example.is_none() {
            self.example = Some(text.into());
        }
    }

    fn count(&mut self, text: &str) {
        if let Some(sketch) = &mut self.sketch {
            sketch.add(text);
            return;
        }
        let counts = self.counts.as_mut().expect("exact until the sketch");
        if let Some(n) = counts.get_mut(text) {
            *n += 1;
            return;
        }
        match counts.len() < EXACT_DISTINCT {
            true => {
                counts.insert(text.into(), 1);
            }
            false => {
                let mut sketch = Box::<Distinct>::default();
                counts.keys().for_each(|seen| sketch.add(seen));
                sketch.add(text);
                self.sketch = Some(sketch);
                self.counts = None;
            }
        }
    }

    /// The description of the field after `records` records.
    fn describe(&self, records: u64) -> Vec<Json> {
        let distinct = match (&self.counts, &self.sketch) {
            (Some(counts), _) => counts.len() as u64,
            (None, Some(sketch)) => sketch.estimate(),
            (None, None) => 0,
        };
        let mean = match self.column_type {
            ColumnType::Int | ColumnType::Decimal | ColumnType::Float if self.values > 0 => {
                let mean = Val::Num(Number::Float(self.sum / self.values as f64));
                mean.into_json().ok()
            }
            _ => None,
        };
        let text = |value: &Option<(SortValue, Box<str>)>| {
            value
                .as_ref()
                .map_or(Json::Null, |(_, text)| Json::String(text.to_string()))
        };
        vec![
            Json::String(self.name.to_string()),
            Json::String(self.column_type.name().to_owned()),
            Json::from(self.values),
            Json::from(records - self.values - self.empty),
            Json::from(self.empty),
            Json::from(distinct),
            text(&self.min),
            text(&self.max),
            mean.unwrap_or(Json::Null),
            self.top().map_or(Json::Null, Json::String),
            self.example
                .as_ref()
                .map_or(Json::Null, |e| Json::String(e.to_string())),
        ]
    }

    /// `GET (120), POST (7)`: the most common values and their counts, ties in value
    /// order; `None` past exact counting or with no value.
    fn top(&self) -> Option<String> {
        let counts = self.counts.as_ref()?;
        let mut ranked: Vec<(&str, u64)> = counts.iter().map(|(v, &n)| (&**v, n)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut shown = String::new();
        for (i, (value, n)) in ranked.into_iter().take(TOP).enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            let _ = write!(shown, "{separator}{value} ({n})");
        }
        (!shown.is_empty()).then_some(shown)
    }
}

pub struct Describe {
    fields: Vec<FieldStats>,
    index: HashMap<Box<str>, usize>,
    records: u64,
    /// For the header seen last: each of its fields' place in `fields`.
    plan: Option<(Arc<Header>, Vec<usize>)>,
    /// Print an aligned table on stdout instead of writing records.
    table: bool,
}

impl Describe {
    pub fn new(table: bool) -> Describe {
        Describe {
            fields: Vec::new(),
            index: HashMap::new(),
            records: 0,
            plan: None,
            table,
        }
    }

    fn places(&mut self, header: &Arc<Header>) -> Vec<usize> {
        header
            .names()
            .iter()
            .map(|name| match self.index.get(name) {
                Some(&at) => at,
                None => {
                    let at = self.fields.len();
                    self.fields.push(FieldStats::new(name));
                    self.index.insert(name.clone(), at);
                    at
                }
            })
            .collect()
    }
}

impl Operator for Describe {
    fn push(&mut self, record: &Record, _out: &mut Output) -> Result<bool> {
        if !matches!(&self.plan, Some((seen, _)) if Arc::ptr_eq(seen, record.header())) {
            let places = self.places(record.header());
            self.plan = Some((record.header().clone(), places));
        }
        let (_, places) = self.plan.as_ref().expect("planned above");
        for (i, &at) in places.iter().enumerate() {
            if let Some(value) = record.get(i) {
                self.fields[at].add(value);
            }
        }
        self.records += 1;
        Ok(true)
    }

    fn finish(
        &mut self,
        _header: Option<Arc<Header>>,
        out: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        let header = Arc::new(Header::new(COLUMNS));
        // A field absent from a record (one that appeared late) was null in it.
        let rows: Vec<Vec<Json>> = (self.fields.iter())
            .map(|field| field.describe(self.records))
            .collect();
        if self.table {
            print!("{}", table(&rows));
            return Ok(None);
        }
        for row in rows {
            out.write(&Record::new(header.clone(), Values::Json(row)))?;
        }
        Ok(Some(header))
    }
}

/// The description as aligned columns, long values cut, for a terminal.
fn table(rows: &[Vec<Json>]) -> String {
    const WIDEST: usize = 32;
    let cell = |value: &Json| -> String {
        let text = match value {
            Json::Null => String::new(),
            Json::String(s) => s.replace(['\n', '\r', '\t'], " "),
            other => other.to_string(),
        };
        match text.char_indices().nth(WIDEST) {
            Some((cut, _)) => format!("{}…", &text[..cut]),
            None => text,
        }
    };
    let cells: Vec<Vec<String>> = std::iter::once(COLUMNS.iter().map(|c| c.to_string()).collect())
        .chain(rows.iter().map(|row| row.iter().map(cell).collect()))
        .collect();
    let widths: Vec<usize> = (0..COLUMNS.len())
        .map(|c| {
            cells
                .iter()
                .map(|row| row[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut shown = String::new();
    for row in &cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(text, &width)| format!("{text:<width$}"))
            .collect();
        shown.push_str(line.join("  ").trim_end());
        shown.push('\n');
    }
    shown
}
