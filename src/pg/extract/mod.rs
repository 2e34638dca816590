//! etl-pg-extract: a table, some of its columns and rows, or any query, out as records,
//! through `COPY (…) TO STDOUT (FORMAT binary)` decoded here in constant memory.
//!
//! - [`sql`]: the SQL sent, names quoted, values as quoted literals.
//! - [`copy`]: the binary COPY stream, row by row.
//! - [`decode`]: each type's binary form as a record value.
//! - [`rows`]: rows into the records the shared writers take.
//! - [`incremental`] and [`watermark`]: `--incremental-column` and its `--state`.
//! - [`parts`]: `--jobs`, key ranges over connections sharing one snapshot.
//!
//! A run is one `REPEATABLE READ READ ONLY` transaction (per connection, all in the
//! same snapshot): the description of the result, the high-water mark and the COPY
//! see the same data.

pub mod copy;
pub mod decode;
pub mod incremental;
pub mod parts;
pub mod rows;
pub mod sql;
pub mod watermark;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use postgres::types::Type;
use postgres::Client;

use self::decode::Plan;
use self::incremental::{Window, APPLICATION};
use self::rows::{Columns, Part};
use self::sql::{copy_select, literal, range_select, Source};
use super::connect::{describe, Connector};
use super::conninfo::{mask, ConnInfo, Explicit};
use super::ident::quote;
use crate::error::{Error, Result};
use crate::format::{Format, Output};
use crate::job::Job;
use crate::notice;
use crate::state_file;

const BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// What the command line asks for.
#[derive(Debug)]
pub struct Request {
    pub source: Source,
    /// `--db`, `-h`, `-p`, `-U`, `-d`, else `DATABASE_URL`.
    pub db: Explicit,
    pub format: Format,
    pub incremental: Option<Incremental>,
    pub jobs: u16,
    pub split_column: Option<String>,
    pub statement_timeout: Option<Duration>,
    pub verbose: bool,
}

/// `--incremental-column COL --state FILE [--lag D]`.
#[derive(Debug)]
pub struct Incremental {
    pub column: String,
    pub state: PathBuf,
    pub lag: Duration,
}

/// The result's columns: names, types and how each reaches us.
struct Described {
    names: Vec<String>,
    types: Vec<Type>,
    plans: Vec<Plan>,
}

/// Extracts what `request` says to stdout.
pub fn run(request: &Request, job: &mut Job) -> Result<()> {
    check(request)?;
    let committed = match &request.incremental {
        Some(incremental) => {
            state_file::discard_pending(&incremental.state)?;
            Some(watermark::load(&incremental.state)?)
        }
        None => None,
    };
    let info = ConnInfo::resolve_explicit(&request.db, &|v| std::env::var(v).ok())?;
    for warning in &info.warnings {
        notice::warning(warning);
    }
    let failed = |e: &postgres::Error| {
        Error::Service(format!(
            "{}: {}",
            info.describe(),
            mask(&describe(e), info.password())
        ))
    };
    let connector = Connector::new(&info, request.statement_timeout)?;
    let mut first = connector.connect(&info, APPLICATION)?;
    // Taken before the snapshot: see `incremental`.
    let bound = match &request.incremental {
        Some(incremental) => Some(
            incremental::time_bound(&mut first, incremental.lag.as_secs_f64())
                .map_err(|e| failed(&e))?,
        ),
        None => None,
    };
    first.batch_execute(BEGIN).map_err(|e| failed(&e))?;
    let described = describe_result(&mut first, &request.source, &failed)?;
    let window = match (&request.incremental, committed, &bound) {
        (Some(incremental), Some(committed), Some(bound)) => {
            let column = incremental_column(
                &mut first,
                &request.source,
                &described,
                &incremental.column,
                &failed,
            )?;
            Some(incremental::window(
                &mut first,
                &request.source,
                &described.names,
                &column,
                committed,
                bound,
                &failed,
            )?)
        }
        _ => None,
    };
    let conditions = window
        .as_ref()
        .map_or_else(Vec::new, |w| w.conditions.clone());
    let columns = Arc::new(Columns::new(
        &described.names,
        described.plans.iter().map(Plan::decoder).collect(),
    ));
    let part = Part {
        sql: "",
        columns: columns.clone(),
        format: request.format,
        progress: job.progress().clone(),
        live: job.live().clone(),
        failed: &failed,
    };
    let (parts, clients) = if request.jobs > 1 {
        split(request, &connector, &info, first, &conditions, &failed)?
    } else {
        (vec![String::new()], vec![first])
    };
    let sqls = copy_statements(&request.source, &described.plans, &conditions, &parts);
    let (written, complete) = match <[Client; 1]>::try_from(clients) {
        Ok([client]) => copy_one(
            client,
            Part {
                sql: &sqls[0],
                ..part
            },
            job,
        )?,
        Err(clients) => parts::copy_all(clients, &sqls, &part)?,
    };
    job.count_written(written);
    if let (Some(incremental), Some(window)) = (&request.incremental, &window) {
        // Stopped by a signal: not every row of the window was written.
        if complete {
            watermark::save_pending(&incremental.state, &window.next)?;
        }
    }
    if let (true, Some(incremental), Some(window)) =
        (request.verbose, &request.incremental, &window)
    {
        report(window, incremental, complete);
    }
    Ok(())
}

/// `COPY (…) TO STDOUT (FORMAT binary)` for each part (a key range, or "" for all).
fn copy_statements(
    source: &Source,
    plans: &[Plan],
    conditions: &[String],
    parts: &[String],
) -> Vec<String> {
    parts
        .iter()
        .map(|range| {
            let mut all = conditions.to_vec();
            if !range.is_empty() {
                all.push(range.clone());
            }
            format!(
                "COPY ({}) TO STDOUT (FORMAT binary)",
                copy_select(source, plans, &all)
            )
        })
        .collect()
}

/// One COPY on one connection, straight to stdout: the records written, and whether
/// all were (no signal stopped it).
fn copy_one(mut client: Client, part: Part<'_>, job: &mut Job) -> Result<(u64, bool)> {
    let mut output = Output::stdout(part.format);
    output.publish_to(job.live().clone());
    let complete = rows::copy(&mut client, &part, |record| output.write(record))?;
    if complete {
        output.header_if_empty(&part.columns.header)?;
    }
    let written = output.written();
    job.finish_output(output)?;
    if complete {
        // A read-only transaction: nothing to keep, but a clean end for the server.
        // (Stopped early, the connection is closed instead: the rest of the COPY
        // would have to be read first.)
        client
            .batch_execute("COMMIT")
            .map_err(|e| (part.failed)(&e))?;
    }
    Ok((written, complete))
}

/// Usage errors found without a server.
fn check(request: &Request) -> Result<()> {
    if request.jobs > 1 && matches!(request.source, Source::Query(_)) {
        return Err(Error::usage(
            "--jobs splits a table (-t) by ranges of a key; a --query runs on one connection",
        ));
    }
    if request.split_column.is_some() && request.jobs == 1 {
        return Err(Error::usage("--split-column goes with --jobs N (N > 1)"));
    }
    Ok(())
}

/// The result's columns, from the server's description of the query (nothing runs).
fn describe_result(
    client: &mut Client,
    source: &Source,
    failed: &dyn Fn(&postgres::Error) -> Error,
) -> Result<Described> {
    if let Source::Table { name, .. } = source {
        let found = client
            .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name.sql()])
            .map_err(|e| failed(&e))?;
        if !found.get::<_, bool>(0) {
            return Err(Error::usage(format!("table {name} does not exist")));
        }
    }
    let statement = client
        .prepare(&source.inner_sql(&[]))
        .map_err(|e| failed(&e))?;
    let mut seen = HashSet::new();
    let mut described = Described {
        names: Vec::new(),
        types: Vec::new(),
        plans: Vec::new(),
    };
    for column in statement.columns() {
        if !seen.insert(column.name()) {
            return Err(Error::usage(format!(
                "the column name {} comes twice in the result; give one an alias (AS …)",
                crate::error::quoted(column.name())
            )));
        }
        described.names.push(column.name().to_owned());
        described.types.push(column.type_().clone());
        described.plans.push(Plan::of(column.type_()));
    }
    if described.names.is_empty() {
        return Err(Error::usage("the query returns no columns"));
    }
    Ok(described)
}

/// The incremental column: a column of the table (in the output or not), or a column
/// of the query's result.
fn incremental_column(
    client: &mut Client,
    source: &Source,
    described: &Described,
    column: &str,
    failed: &dyn Fn(&postgres::Error) -> Error,
) -> Result<incremental::Column> {
    let missing = |what: &str| {
        Error::usage(format!(
            "--incremental-column {column} is not a column of the {what}"
        ))
    };
    match source {
        Source::Table { name, .. } => {
            let exists = client
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) \
                     AND attname = $2 AND attnum > 0 AND NOT attisdropped)",
                    &[&name.sql(), &column],
                )
                .map_err(|e| failed(&e))?;
            if !exists.get::<_, bool>(0) {
                return Err(missing("table"));
            }
            let statement = client
                .prepare(&format!("SELECT {} FROM {}", quote(column), name.sql()))
                .map_err(|e| failed(&e))?;
            Ok(incremental::Column {
                name: column.to_owned(),
                sql: quote(column),
                ty: statement.columns()[0].type_().clone(),
            })
        }
        Source::Query(_) => {
            let at = described
                .names
                .iter()
                .position(|n| n == column)
                .ok_or_else(|| missing("query's result"))?;
            Ok(incremental::Column {
                name: column.to_owned(),
                sql: source
                    .column_ref(column, &described.names)
                    .expect("a column of the result"),
                ty: described.types[at].clone(),
            })
        }
    }
}

/// `--jobs`: the key ranges and a connection for each, all in the first one's snapshot.
fn split(
    request: &Request,
    connector: &Connector,
    info: &ConnInfo,
    mut first: Client,
    conditions: &[String],
    failed: &dyn Fn(&postgres::Error) -> Error,
) -> Result<(Vec<String>, Vec<Client>)> {
    let Source::Table { name, .. } = &request.source else {
        unreachable!("checked before connecting");
    };
    let key = match &request.split_column {
        Some(key) => key.clone(),
        None => primary_key(&mut first, &name.sql())
            .map_err(|e| failed(&e))?
            .ok_or_else(|| {
                Error::usage(format!(
                    "--jobs: {name} has no primary key of one column; name an integer column \
                     to split by with --split-column"
                ))
            })?,
    };
    let statement = first
        .prepare(&format!("SELECT {} FROM {}", quote(&key), name.sql()))
        .map_err(|e| failed(&e))?;
    let ty = statement.columns()[0].type_();
    if !matches!(*ty, Type::INT2 | Type::INT4 | Type::INT8) {
        return Err(Error::usage(format!(
            "--jobs splits by ranges of an integer column; {key} is {}",
            ty.name()
        )));
    }
    let row = first
        .query_one(
            &range_select(&request.source, &quote(&key), conditions),
            &[],
        )
        .map_err(|e| failed(&e))?;
    let ranges = match (row.get::<_, Option<i64>>(0), row.get::<_, Option<i64>>(1)) {
        (Some(min), Some(max)) => parts::ranges(&quote(&key), min, max, request.jobs),
        _ => vec![String::new()],
    };
    let snapshot: String = first
        .query_one("SELECT pg_export_snapshot()", &[])
        .map_err(|e| failed(&e))?
        .get(0);
    let mut clients = vec![first];
    for _ in 1..ranges.len() {
        let mut client = connector.connect(info, APPLICATION)?;
        client
            .batch_execute(&format!(
                "{BEGIN}; SET TRANSACTION SNAPSHOT {}",
                literal(&snapshot)
            ))
            .map_err(|e| failed(&e))?;
        clients.push(client);
    }
    Ok((ranges, clients))
}

/// The table's primary key when it is one column.
fn primary_key(client: &mut Client, table: &str) -> Result<Option<String>, postgres::Error> {
    let row = client.query_opt(
        "SELECT a.attname::text FROM pg_index i \
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
         WHERE i.indrelid = to_regclass($1) AND i.indisprimary AND i.indnkeyatts = 1",
        &[&table],
    )?;
    Ok(row.map(|row| row.get(0)))
}

/// `-v`, for an incremental run: the window read, next to the job's summary.
fn report(window: &Window, incremental: &Incremental, complete: bool) {
    let show = |mark: &Option<String>| mark.clone().unwrap_or_else(|| "…".into());
    let (open, close) = if window.time { ("[", ")") } else { ("(", "]") };
    let saved = match complete {
        true => format!(
            "the new mark is in {}",
            state_file::pending_path(&incremental.state).display()
        ),
        false => "stopped before its end: no new mark".to_owned(),
    };
    notice::note(format!(
        "{} in {open}{}, {}{close}; {saved}",
        incremental.column,
        show(&window.from),
        show(&window.next.value),
    ));
}
