//! Group-by aggregates (`etl-aggregate`): one entry per group in memory, never one per
//! record; time buckets; tumbling windows emitted as they close.

mod accumulate;
mod bucket;
mod decimal;
mod key;
mod sketch;
mod spec;

pub use accumulate::Op;
pub use bucket::Bucket;
pub use sketch::Distinct;
pub use spec::{parse_duration, parse_interval, Spec};

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::Value as Json;

use accumulate::{Acc, Checked};
use key::GroupKey;

use crate::error::{quoted, Error, Result};
use crate::format::Output;
use crate::record::{Header, Record, ValueRef, Values};
use crate::run::Operator;
use crate::selector::{From, Pick, Selection};
use crate::value::{compare, Val};

/// How records are grouped and what is computed.
pub struct Options {
    pub by: Option<Selection>,
    pub specs: Vec<Spec>,
    /// Group first by the bucket of this field.
    pub bucket: Option<Bucket>,
    pub window: Option<Window>,
    pub approx: bool,
    pub sort: bool,
}

/// Tumbling windows over event time: `--window`, `--time-field`, `--allowed-lateness`.
#[derive(Clone, Debug)]
pub struct Window {
    pub millis: i64,
    pub time_field: String,
    pub lateness: i64,
}

/// What became of a record.
#[derive(Debug, PartialEq)]
pub enum Added {
    Grouped,
    /// Its window was emitted already; it was counted and left out. Says why.
    Late(String),
}

#[derive(Default)]
struct Table {
    /// foldhash, not SipHash: hashing the key was a tenth of a group-by on a short key.
    index: HashMap<GroupKey, usize, foldhash::fast::RandomState>,
    /// Each group's values, in first-seen order.
    keys: Vec<Vec<Json>>,
    /// The aggregates of group i at i·width..(i+1)·width: one allocation for all.
    accs: Vec<Acc>,
}

/// Where the fields an aggregation reads are, for records with one header.
struct Plan {
    by: Vec<Pick>,
    fields: Vec<Option<From>>,
    bucket: Option<From>,
    time: Option<From>,
}

/// etl-aggregate: one entry per group, written at the end or as windows close.
pub struct Aggregate {
    /// Taken at the end.
    aggregator: Option<Aggregator>,
    /// Late records go to --rejects when there is one; otherwise they are counted.
    reject_late: bool,
}

impl Aggregate {
    pub fn new(aggregator: Aggregator, reject_late: bool) -> Aggregate {
        Aggregate {
            aggregator: Some(aggregator),
            reject_late,
        }
    }
}

impl Operator for Aggregate {
    fn push(&mut self, record: &Record, out: &mut Output) -> Result<bool> {
        let aggregator = self.aggregator.as_mut().expect("not finished");
        let written = out.written();
        let added = aggregator.add(record, &mut |group| out.write(group))?;
        if out.written() > written {
            // A window closed: readers of a stream see it now, not at the end.
            out.flush()?;
        }
        match added {
            Added::Late(reason) if self.reject_late => Err(Error::Data(reason)),
            Added::Late(_) | Added::Grouped => Ok(true),
        }
    }

    fn finish(
        &mut self,
        header: Option<Arc<Header>>,
        out: &mut Output,
    ) -> Result<Option<Arc<Header>>> {
        let aggregator = self.aggregator.take().expect("finished once");
        let late = aggregator.late_note();
        let header = aggregator.finish(header.as_deref(), &mut |group| out.write(group))?;
        if let Some(note) = late.filter(|_| !self.reject_late) {
            crate::notice::note(note);
        }
        Ok(Some(header))
    }
}

pub struct Aggregator {
    options: Options,
    /// Open tables by window start (one table at 0 without windows).
    tables: BTreeMap<i64, Table>,
    plan: Option<(Arc<Header>, Plan)>,
    /// The output header, fixed by the first record.
    header: Option<Arc<Header>>,
    /// Reused per record: the group key, and what each aggregate read.
    key: String,
    checked: Vec<Checked>,
    /// The newest event time seen, for closing windows.
    newest: i64,
    /// Windows starting before this were emitted already.
    closed_before: i64,
    late: u64,
}

impl Aggregator {
    pub fn new(options: Options) -> Result<Aggregator> {
        if options.specs.is_empty() {
            return Err(Error::usage(
                "no aggregates given, e.g. count sum:amount p95:latency",
            ));
        }
        Ok(Aggregator {
            options,
            tables: BTreeMap::new(),
            plan: None,
            header: None,
            key: String::new(),
            checked: Vec::new(),
            newest: i64::MIN,
            closed_before: i64::MIN,
            late: 0,
        })
    }

    /// What to tell the user about records left out because their window had been
    /// emitted, if there were any.
    pub fn late_note(&self) -> Option<String> {
        let records = if self.late == 1 { "record" } else { "records" };
        (self.late > 0).then(|| {
            format!(
                "{} late {records} left out (their window was emitted already; \
                 --rejects FILE keeps them)",
                self.late
            )
        })
    }

    /// Adds a record to its group. Windows that close because of it are written to
    /// `emit`. A value that does not fit (a non-number for `sum`, a bucket field that
    /// is not a timestamp) is an `Error::Data` naming it, and changes nothing.
    pub fn add(
        &mut self,
        record: &Record,
        emit: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<Added> {
        if !matches!(&self.plan, Some((seen, _)) if Arc::ptr_eq(seen, record.header())) {
            self.replan(record)?;
        }
        let (_, plan) = self.plan.as_ref().expect("planned above");
        let window = match (&self.options.window, &plan.time) {
            (Some(window), Some(from)) => {
                let t = timestamp(record, from, &window.time_field)?;
                let start = t.div_euclid(window.millis) * window.millis;
                if start < self.closed_before {
                    self.late += 1;
                    return Ok(Added::Late(format!(
                        "late: {} {} is in the window {} to {}, emitted already",
                        window.time_field,
                        time_text(t),
                        time_text(start),
                        time_text(start + window.millis)
                    )));
                }
                Some((t, start))
            }
            _ => None,
        };
        let bucket = match (&self.options.bucket, &plan.bucket) {
            (Some(bucket), Some(from)) => Some(bucket.index(record, from)?),
            _ => None,
        };
        group_key(&mut self.key, bucket, &plan.by, record);
        let table = self.tables.entry(window.map_or(0, |w| w.1)).or_default();
        let mut fresh = None;
        let width = self.options.specs.len();
        let accs = match table.index.get(self.key.as_bytes()) {
            Some(&row) => &mut table.accs[row * width..(row + 1) * width],
            None => {
                let specs = &self.options.specs;
                let new = specs.iter().map(|s| Acc::new(s.op, self.options.approx));
                fresh.insert(new.collect::<Vec<_>>()).as_mut_slice()
            }
        };
        // Every value is read before any aggregate changes: a bad one changes nothing.
        self.checked.clear();
        for ((acc, from), spec) in accs.iter().zip(&plan.fields).zip(&self.options.specs) {
            let value = from.as_ref().and_then(|from| value(record, from));
            let checked = acc.check(value).map_err(|reason| {
                Error::Data(format!(
                    "field {}: {reason}",
                    quoted(spec.field.as_deref().unwrap_or_default())
                ))
            })?;
            self.checked.push(checked);
        }
        for ((acc, from), &checked) in accs.iter_mut().zip(&plan.fields).zip(&self.checked) {
            acc.add(from.as_ref().and_then(|from| value(record, from)), checked);
        }
        if let Some(accs) = fresh {
            let mut key = Vec::with_capacity(plan.by.len() + 1);
            if let (Some(index), Some(bucket)) = (bucket, &self.options.bucket) {
                key.push(bucket.start(index));
            }
            key.extend(
                plan.by
                    .iter()
                    .map(|p| value(record, &p.from).map_or(Json::Null, ValueRef::to_json)),
            );
            table.keys.push(key);
            table.accs.extend(accs);
            let row = table.keys.len() - 1;
            table.index.insert(GroupKey::new(&self.key), row);
        }
        if let (Some(window), Some((t, _))) = (&self.options.window, window) {
            self.newest = self.newest.max(t);
            let (millis, lateness) = (window.millis, window.lateness);
            self.emit_closed(millis, lateness, emit)?;
        }
        Ok(Added::Grouped)
    }

    /// Emits every window whose end plus the allowed lateness has been reached.
    fn emit_closed(
        &mut self,
        millis: i64,
        lateness: i64,
        emit: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        while let Some((&start, _)) = self.tables.first_key_value() {
            if start.saturating_add(millis).saturating_add(lateness) > self.newest {
                break;
            }
            let table = self.tables.remove(&start).expect("first key exists");
            self.closed_before = self.closed_before.max(start + millis);
            self.write_table(Some((start, start + millis)), table, emit)?;
        }
        Ok(())
    }

    /// Emits what is left (every group, or every open window) at the end of the input,
    /// and returns the output header, for a CSV output with no rows. `input` is the
    /// input's header, when it has one, to name the group fields if no record came.
    pub fn finish(
        mut self,
        input: Option<&Header>,
        emit: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<Arc<Header>> {
        let whole_input = self.options.window.is_none()
            && self.options.by.is_none()
            && self.options.bucket.is_none();
        if whole_input && self.tables.values().all(|t| t.keys.is_empty()) {
            // No records: still one record for the (empty) whole input, count 0.
            let accs = self
                .options
                .specs
                .iter()
                .map(|s| Acc::new(s.op, self.options.approx));
            let table = self.tables.entry(0).or_default();
            table.keys.push(Vec::new());
            table.accs.extend(accs);
        }
        if self.header.is_none() {
            let by = match (&self.options.by, input) {
                (Some(by), Some(header)) => by.resolve(header, true)?,
                _ => Vec::new(),
            };
            self.header = Some(self.output_header(&by));
        }
        let millis = self.options.window.as_ref().map(|w| w.millis);
        for (start, table) in std::mem::take(&mut self.tables) {
            self.write_table(millis.map(|m| (start, start + m)), table, emit)?;
        }
        Ok(self.header.clone().expect("set above"))
    }

    fn write_table(
        &self,
        window: Option<(i64, i64)>,
        table: Table,
        emit: &mut dyn FnMut(&Record) -> Result<()>,
    ) -> Result<()> {
        let mut accs = table.accs.into_iter();
        let width = self.options.specs.len();
        let mut rows: Vec<(Vec<Json>, Vec<Acc>)> = table
            .keys
            .into_iter()
            .map(|key| (key, accs.by_ref().take(width).collect()))
            .collect();
        if self.options.sort {
            rows.sort_by(|a, b| compare_keys(&a.0, &b.0));
        }
        let header = self.header.clone().expect("set by the first record");
        for (key, accs) in rows {
            let mut values = Vec::with_capacity(header.len());
            if let Some((start, end)) = window {
                values.push(Json::String(time_text(start)));
                values.push(Json::String(time_text(end)));
            }
            values.extend(key);
            values.extend(accs.into_iter().map(Acc::finish));
            emit(&Record::new(header.clone(), Values::Json(values)))?;
        }
        Ok(())
    }

    /// Finds the fields for records with this record's header (every CSV record, each
    /// run of NDJSON records with the same keys).
    fn replan(&mut self, record: &Record) -> Result<()> {
        let header = record.header();
        let strict = matches!(record.values(), Values::Text(_));
        let by = match &self.options.by {
            Some(by) => by.resolve(header, strict)?,
            None => Vec::new(),
        };
        let field = |name: &str| -> Result<From> { resolve_field(name, header, strict) };
        let fields = self
            .options
            .specs
            .iter()
            .map(|s| s.field.as_deref().map(field).transpose())
            .collect::<Result<_>>()?;
        let bucket = self
            .options
            .bucket
            .as_ref()
            .map(|b| field(&b.field))
            .transpose()?;
        let time = self
            .options
            .window
            .as_ref()
            .map(|w| field(&w.time_field))
            .transpose()?;
        match &self.header {
            None => self.header = Some(self.output_header(&by)),
            Some(header) => {
                let groups = header.len() - self.options.specs.len() - self.fixed_columns();
                if by.len() != groups {
                    return Err(Error::usage(
                        "--by matched a different number of fields in a later record; \
                         name the fields instead of using patterns",
                    ));
                }
            }
        }
        self.plan = Some((
            header.clone(),
            Plan {
                by,
                fields,
                bucket,
                time,
            },
        ));
        Ok(())
    }

    /// The window and bucket columns before the group fields.
    fn fixed_columns(&self) -> usize {
        2 * self.options.window.is_some() as usize + self.options.bucket.is_some() as usize
    }

    fn output_header(&self, by: &[Pick]) -> Arc<Header> {
        let mut names: Vec<String> = Vec::new();
        if self.options.window.is_some() {
            names.push("window_start".into());
            names.push("window_end".into());
        }
        if let Some(bucket) = &self.options.bucket {
            names.push(bucket.field.clone());
        }
        names.extend(by.iter().map(|p| p.name.to_string()));
        names.extend(self.options.specs.iter().map(|s| s.name.clone()));
        Arc::new(Header::new(names))
    }
}

/// An aggregate's field: the field of that name, or (CSV) a position or pattern that
/// matches one field; in NDJSON a missing name is a path that reads as absent.
fn resolve_field(name: &str, header: &Header, strict: bool) -> Result<From> {
    if let Some(index) = header.index(name) {
        return Ok(From::Index(index));
    }
    if !strict {
        return Ok(From::Path(name.to_owned()));
    }
    let picks = Selection::parse(&name.replace(',', "\\,"))?.resolve(header, true)?;
    match picks.as_slice() {
        [one] => Ok(one.from.clone()),
        _ => Err(Error::usage(format!(
            "{name:?} matches {} fields; an aggregate reads one",
            picks.len()
        ))),
    }
}

/// Writes the group key of `record` into `key`: the bucket, then each group field's
/// text with its length in front, so that no two different groups can meet (("a_b",
/// "c") and ("a", "b_c") whatever the separator). Null and absent are one group, "n";
/// empty text is another, "0:".
fn group_key(key: &mut String, bucket: Option<i64>, by: &[Pick], record: &Record) {
    key.clear();
    if let Some(bucket) = bucket {
        key.push_str(itoa::Buffer::new().format(bucket));
        key.push(';');
    }
    for pick in by {
        match value(record, &pick.from) {
            None => key.push('n'),
            Some(value) if value.is_null() => key.push('n'),
            Some(value) => {
                let text = value
                    .as_text()
                    .unwrap_or_else(|| value.to_json().to_string().into());
                key.push_str(itoa::Buffer::new().format(text.len()));
                key.push(':');
                key.push_str(&text);
            }
        }
    }
}

fn value<'a>(record: &'a Record, from: &From) -> Option<ValueRef<'a>> {
    match from {
        From::Index(i) => record.get(*i),
        From::Path(path) => record.get_path(path),
    }
}

/// A record's timestamp field as epoch milliseconds.
fn timestamp(record: &Record, from: &From, field: &str) -> Result<i64> {
    let value = value(record, from);
    let text = value.as_ref().and_then(|v| v.as_text());
    text.as_deref()
        .and_then(crate::time::parse)
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| {
            let shown = match value {
                None => "absent".to_owned(),
                Some(v) if v.is_null() => "null".to_owned(),
                Some(_) => quoted(text.as_deref().unwrap_or_default()),
            };
            Error::Data(format!(
                "field {}: {shown} is not a timestamp",
                quoted(field)
            ))
        })
}

fn time_text(millis: i64) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .map(|t| crate::time::to_rfc3339_utc(&t.fixed_offset()))
        .unwrap_or_default()
}

/// Group keys in order: numbers numerically, timestamps as instants, else as text;
/// null first.
fn compare_keys(a: &[Json], b: &[Json]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        let ordering = match compare(&Val::from_json(x), &Val::from_json(y)) {
            Ok(Some(ordering)) => ordering,
            Ok(None) => y
                .is_null()
                .cmp(&x.is_null())
                .then_with(|| x.to_string().cmp(&y.to_string())),
            Err(_) => x.to_string().cmp(&y.to_string()),
        };
        if ordering.is_ne() {
            return ordering;
        }
    }
    std::cmp::Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aggregator(lateness: i64) -> Aggregator {
        Aggregator::new(Options {
            by: None,
            specs: vec![Spec::parse("count").unwrap()],
            bucket: None,
            window: Some(Window {
                millis: 60_000,
                time_field: "ts".into(),
                lateness,
            }),
            approx: false,
            sort: false,
        })
        .unwrap()
    }

    /// Adds a record at `ts` and returns what it made the aggregator write.
    fn add(aggregator: &mut Aggregator, ts: &str) -> (Added, Vec<String>) {
        let header = Arc::new(Header::new(["ts"]));
        let record = Record::new(header, Values::Json(vec![Json::String(ts.into())]));
        let mut written = Vec::new();
        let added = aggregator
            .add(&record, &mut |r| {
                written.push(r.to_json_line());
                Ok(())
            })
            .unwrap();
        (added, written)
    }

    #[test]
    fn a_window_closes_at_its_end_plus_the_lateness_exactly() {
        let mut windows = aggregator(10_000);
        assert_eq!(add(&mut windows, "2024-03-01T00:00:30Z").1.len(), 0);
        assert_eq!(add(&mut windows, "2024-03-01T00:01:09.999Z").1.len(), 0);
        let (added, written) = add(&mut windows, "2024-03-01T00:01:10Z");
        assert_eq!(added, Added::Grouped);
        assert_eq!(
            written,
            [
                r#"{"window_start":"2024-03-01T00:00:00Z","window_end":"2024-03-01T00:01:00Z","count":1}"#
            ]
        );
        let (added, written) = add(&mut windows, "2024-03-01T00:00:59Z");
        assert!(matches!(added, Added::Late(_)) && written.is_empty());
        assert_eq!(
            windows.late_note().as_deref(),
            Some("1 late record left out (their window was emitted already; --rejects FILE keeps them)")
        );
    }

    #[test]
    fn without_lateness_the_first_record_at_the_end_closes_it() {
        let mut windows = aggregator(0);
        add(&mut windows, "2024-03-01T00:00:30Z");
        assert_eq!(add(&mut windows, "2024-03-01T00:01:00Z").1.len(), 1);
        // Windows with no records in between are not written.
        assert_eq!(add(&mut windows, "2024-03-01T00:05:00Z").1.len(), 1);
    }
}
