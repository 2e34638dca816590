//! One etl-pg-load run: connect, find or create the table, open the sessions, feed
//! them the records, commit.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::column::NullRules;
use super::connect::{describe, Connector};
use super::conninfo::{mask, ConnInfo, Explicit};
use super::ident::{check, TableName};
use super::load::{Loader, Options};
use super::offsets::{OffsetsTable, Verdict};
use super::session::{OnConflict, Plan, Session, Upserted};
use super::table::{create_sql, Table};
use super::two_phase;
use crate::error::{Error, Location, Result};
use crate::format::{wait, Input};
use crate::infer::Inference;
use crate::job::{Job, OnError};
use crate::metrics::UpsertCounts;
use crate::notice;
use crate::Record;

const PROGRAM: &str = "etl-pg-load";

/// Records read ahead to infer types, with where each came from.
type ReadAhead = Vec<(Record, Location)>;

/// What the command line asks for.
#[derive(Debug)]
pub struct Request {
    /// `--table`, as given.
    pub table: String,
    /// `--db` or `DATABASE_URL`, and psql's `-h -p -U -d`.
    pub db: Explicit,
    pub create: bool,
    pub infer_rows: usize,
    pub dry_run: bool,
    pub truncate: bool,
    /// `--upsert`, as given (comma-separated).
    pub upsert: Option<String>,
    pub on_conflict: OnConflict,
    /// `--primary-key`, as given (comma-separated), for `--create`.
    pub primary_key: Option<String>,
    pub commit_every: Option<u64>,
    pub commit_interval: Option<Duration>,
    pub jobs: u16,
    /// `--statement-timeout`.
    pub statement_timeout: Option<Duration>,
    pub ignore_extra: bool,
    pub empty_as_empty: bool,
    /// `--offsets-table`, as given.
    pub offsets_table: Option<String>,
    pub verbose: bool,
}

/// Loads `input` as `request` says.
pub fn run(request: &Request, input: &mut Input, job: &mut Job) -> Result<()> {
    let started = Instant::now();
    let name = TableName::parse(&request.table)?;
    let keys = key_list("--upsert", request.upsert.as_deref())?;
    // The table --create makes has the key --upsert needs.
    let primary_key = key_list("--primary-key", request.primary_key.as_deref())?
        .or_else(|| keys.clone())
        .unwrap_or_default();
    refuse_with_jobs(request)?;
    let offsets = match &request.offsets_table {
        Some(name) if request.commit_every.is_some() || request.commit_interval.is_some() => {
            return Err(Error::usage(format!(
                "--offsets-table {name} stores a batch's offsets with all its rows: not with \
                 --commit-every or --commit-interval"
            )))
        }
        Some(name) => Some(OffsetsTable::new(name)?),
        None => None,
    };
    if request.dry_run {
        let (_, inference) = read_ahead(job, input, request.infer_rows, &primary_key)?;
        print!("{}", create_sql(&name, &inference, &primary_key));
        return Ok(());
    }
    let upserted = Arc::new(Upserted::default());
    let (table, sessions, ahead) = open(
        request,
        &name,
        (&keys, &primary_key, &upserted),
        offsets.as_ref(),
        input,
        job,
    )?;
    let table_shown = table.name.to_string();
    let options = Options {
        rules: NullRules {
            empty_as_empty: request.empty_as_empty,
        },
        ignore_extra: request.ignore_extra,
        upsert: keys,
        commit_every: request.commit_every,
        commits_along: request.commit_every.is_some() || request.commit_interval.is_some(),
        skip_refused: job.on_error() == OnError::Skip,
    };
    let progress = job.progress().clone();
    let loader = Loader::start(table, sessions, options, progress, job.live().clone());
    let (loaded_all, loader) = load(job, input, loader, ahead, request.commit_interval);
    let loaded_all = loaded_all.and_then(|()| {
        // In an --exec pipeline, a stage before this one that died ended our input early.
        match crate::kafka::pipeline::upstream_failure() {
            Some(reason) => Err(Error::Data(format!("{reason}: the load is rolled back"))),
            None => Ok(()),
        }
    });
    // Rows sent are published as they go; what counts in the end is what was committed.
    job.count_written(0);
    if let Err(err) = loaded_all {
        let committed = loader.abort();
        job.count_written(committed);
        return Err(match err {
            Error::BadRecord(mut bad)
                if request.commit_every.is_some() || request.commit_interval.is_some() =>
            {
                bad.reason
                    .push_str(&format!(" ({committed} records committed before it stay)"));
                Error::BadRecord(bad)
            }
            other => other,
        });
    }
    let loaded = match &offsets {
        None => loader.finish(job)?,
        Some(offsets) => {
            let mut verdict = Verdict::Load;
            let loaded = loader.finish_if(job, |client| {
                verdict = offsets.record(client)?;
                Ok(verdict == Verdict::Load)
            })?;
            if let Verdict::Loaded(reason) = verdict {
                notice::note(reason);
            }
            loaded.unwrap_or(0)
        }
    };
    job.count_written(loaded);
    let upsert_counts = request.upsert.is_some().then(|| {
        let inserted = upserted.inserted.load(Ordering::SeqCst);
        let updated = upserted.updated.load(Ordering::SeqCst);
        let counts = UpsertCounts {
            inserted,
            updated,
            ignored: loaded.saturating_sub(inserted + updated),
        };
        job.live().set_upserted(counts);
        counts
    });
    if request.verbose {
        let seconds = started.elapsed().as_secs_f64();
        let how = match upsert_counts {
            Some(c) => format!(
                " ({} inserted, {} updated, {} unchanged or ignored)",
                c.inserted, c.updated, c.ignored
            ),
            None => String::new(),
        };
        notice::note(format_args!(
            "loaded {} into {table_shown}{how} in {seconds:.1} s ({}/s)",
            notice::count(loaded, "record"),
            crate::job::rate(loaded as f64 / seconds.max(1e-3))
        ));
    }
    Ok(())
}

/// Connects, finds the table (or creates it from the records read ahead) and opens
/// `--jobs` sessions, each with its transaction begun.
fn open(
    request: &Request,
    name: &TableName,
    (keys, primary_key, upserted): (&Option<Vec<String>>, &[String], &Arc<Upserted>),
    offsets: Option<&OffsetsTable>,
    input: &mut Input,
    job: &mut Job,
) -> Result<(Table, Vec<Session>, ReadAhead)> {
    let info = ConnInfo::resolve_explicit(&request.db, &|v| std::env::var(v).ok())?;
    for warning in &info.warnings {
        notice::warning(warning);
    }
    let failed = |e: postgres::Error| {
        Error::Service(format!(
            "{}: {}",
            info.describe(),
            mask(&describe(&e), info.password())
        ))
    };
    let connector = Connector::new(&info, request.statement_timeout)?;
    let mut first = connector.connect(&info, PROGRAM)?;
    for note in two_phase::recover(&mut first)? {
        notice::note(note);
    }
    if request.jobs > 1 {
        two_phase::check_allowed(&mut first, request.jobs)?;
    }
    if let Some(offsets) = offsets {
        offsets.create(&mut first).map_err(failed)?;
    }
    let mut ahead = Vec::new();
    let mut prelude = String::new();
    if Table::find(&mut first, name).map_err(failed)?.is_none() {
        if !request.create {
            return Err(Error::usage(format!(
                "table {name} does not exist; --create creates it"
            )));
        }
        let inference;
        (ahead, inference) = read_ahead(job, input, request.infer_rows, primary_key)?;
        prelude.push_str(&create_sql(name, &inference, primary_key));
        if request.jobs > 1 {
            // The other connections must see the table: it is committed first.
            first.batch_execute(&prelude).map_err(failed)?;
            prelude.clear();
        }
    }
    if request.truncate {
        prelude.push_str(&format!("TRUNCATE {}", name.sql()));
    }
    let plan = Arc::new(Plan {
        table: name.sql(),
        upsert: keys.clone(),
        on_conflict: request.on_conflict,
        upserted: upserted.clone(),
        parallel: request.jobs > 1,
        commit_interval: request.commit_interval,
        skip_refused: job.on_error() == OnError::Skip,
    });
    let mut sessions = vec![Session::begin(first, plan.clone(), &prelude).map_err(failed)?];
    let table = Table::find(&mut sessions[0].client, name)
        .map_err(failed)?
        .expect("created or found above");
    for key in keys.iter().flatten() {
        if table.column(key).is_none() {
            return Err(Error::usage(format!(
                "--upsert key {key:?} is not a column of {}",
                table.name
            )));
        }
    }
    if let Some(keys) = keys {
        let client = &mut sessions[0].client;
        if !table.has_unique_index(client, keys).map_err(failed)? {
            return Err(Error::usage(format!(
                "--upsert {}: {} has no unique index or constraint on exactly these columns",
                keys.join(","),
                table.name
            )));
        }
    }
    for _ in 1..request.jobs {
        let client = connector.connect(&info, PROGRAM)?;
        sessions.push(Session::begin(client, plan.clone(), "").map_err(failed)?);
    }
    Ok((table, sessions, ahead))
}

/// `--upsert a,b` or `--primary-key a,b` as checked names.
fn key_list(flag: &str, list: Option<&str>) -> Result<Option<Vec<String>>> {
    let Some(list) = list else {
        return Ok(None);
    };
    let keys: Vec<String> = list.split(',').map(str::to_owned).collect();
    for key in &keys {
        check(key).map_err(|err| Error::usage(format!("{flag}: {err}")))?;
    }
    Ok(Some(keys))
}

/// What needs one transaction cannot be spread over several connections.
fn refuse_with_jobs(request: &Request) -> Result<()> {
    if request.jobs == 1 {
        return Ok(());
    }
    let single = [
        (request.truncate, "--truncate"),
        // Two connections upserting one key would each wait for the other's commit, and
        // which record of a key comes last would depend on the race.
        (request.upsert.is_some(), "--upsert"),
        (request.commit_every.is_some(), "--commit-every"),
        (request.commit_interval.is_some(), "--commit-interval"),
        (request.offsets_table.is_some(), "--offsets-table"),
    ];
    match single.iter().find(|(given, _)| *given) {
        Some((_, flag)) => Err(Error::usage(format!("{flag} needs --jobs 1"))),
        None => Ok(()),
    }
}

/// The first `rows` records, kept with their locations, and the types they suggest.
/// Their field names become the columns of `--create`: each must be a PostgreSQL name
/// as it is, not one the server would cut short or refuse, and `primary_key` must be
/// among them.
fn read_ahead(
    job: &mut Job,
    input: &mut Input,
    rows: usize,
    primary_key: &[String],
) -> Result<(ReadAhead, Inference)> {
    let mut ahead = Vec::new();
    let mut inference = Inference::default();
    let mut record = Record::default();
    while ahead.len() < rows && job.next_record(input, &mut record)? {
        inference.observe(&record);
        ahead.push((record.clone(), input.location()));
    }
    for (name, _) in &inference.columns {
        check(name)
            .map_err(|err| Error::usage(format!("--create makes a column of each field: {err}")))?;
    }
    for key in primary_key {
        if !inference.columns.iter().any(|(name, _)| name == key) {
            return Err(Error::usage(format!(
                "the primary key {key:?} of --create is not a field of the first records"
            )));
        }
    }
    Ok((ahead, inference))
}

/// Loads the records read ahead, then the rest of the input. (Not
/// `Job::for_each_record`: the loader keeps each record's location.) With
/// `commit_interval`, what the loader holds is sent whenever the input pauses, so the
/// sessions can commit it in time.
fn load(
    job: &mut Job,
    input: &mut Input,
    loader: Loader,
    ahead: ReadAhead,
    commit_interval: Option<Duration>,
) -> (Result<()>, Loader) {
    let loader = Rc::new(RefCell::new(loader));
    if commit_interval.is_some() {
        let idle = Rc::downgrade(&loader);
        wait::before_wait(move || {
            if let Some(loader) = idle.upgrade() {
                // A failed session is reported by the next write, which sees it too.
                let _ = loader.borrow_mut().send_while_idle();
            }
            Ok(())
        });
    }
    let result = feed(job, input, &loader, ahead);
    let loader = Rc::into_inner(loader).expect("the hook keeps a weak reference only");
    (result, loader.into_inner())
}

fn feed(
    job: &mut Job,
    input: &mut Input,
    loader: &RefCell<Loader>,
    ahead: ReadAhead,
) -> Result<()> {
    for (mut record, location) in ahead {
        loader.borrow_mut().write(&mut record, location, job)?;
    }
    let mut record = Record::default();
    while job.next_record(input, &mut record)? {
        let location = input.location();
        loader.borrow_mut().write(&mut record, location, job)?;
    }
    loader.borrow_mut().flush(job)
}
