use std::sync::Arc;

use etlkit::cli::{self, args::sources, pg_load::Args};
use etlkit::error::{BadRecord, Error, Location, Result};
use etlkit::format::{self, Input};
use etlkit::job::Job;
use etlkit::pg::column::NullRules;
use etlkit::pg::connect::{connect, describe};
use etlkit::pg::conninfo::{mask, ConnInfo};
use etlkit::pg::ident::{check, TableName};
use etlkit::pg::infer::Inference;
use etlkit::pg::load::{Loader, Options};
use etlkit::pg::session::{Plan, Session};
use etlkit::pg::table::{create_sql, Table};
use etlkit::Record;

const PROGRAM: &str = "etl-pg-load";

fn main() -> std::process::ExitCode {
    cli::run(PROGRAM, |args: Args, job| {
        let started = std::time::Instant::now();
        let name = TableName::parse(&args.table)?;
        let keys = upsert_keys(&args)?;
        refuse_with_jobs(&args)?;
        let progress = job.progress().clone();
        let mut input = Input::open(sources(&args.files), args.input.input_format, progress)?;
        if args.dry_run {
            let (_, inference) = read_ahead(job, &mut input, args.infer_rows)?;
            print!("{}", create_sql(&name, &inference));
            return Ok(());
        }
        let db = args
            .db
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok());
        let info = ConnInfo::resolve(db.as_deref().unwrap_or(""), &|v| std::env::var(v).ok())?;
        for warning in &info.warnings {
            eprintln!("{PROGRAM}: warning: {warning}");
        }
        let failed = |e: postgres::Error| {
            Error::Service(format!(
                "{}: {}",
                info.describe(),
                mask(&describe(&e), info.password())
            ))
        };
        let mut first = connect(&info, PROGRAM)?;
        let mut ahead = Vec::new();
        let mut prelude = String::new();
        if Table::find(&mut first, &name).map_err(failed)?.is_none() {
            if !args.create {
                return Err(Error::usage(format!(
                    "table {name} does not exist; --create creates it"
                )));
            }
            let inference;
            (ahead, inference) = read_ahead(job, &mut input, args.infer_rows)?;
            prelude.push_str(&create_sql(&name, &inference));
            if args.jobs > 1 {
                // The other connections must see the table: it is committed first.
                first.batch_execute(&prelude).map_err(failed)?;
                prelude.clear();
            }
        }
        if args.truncate {
            prelude.push_str(&format!("TRUNCATE {}", name.sql()));
        }
        let plan = Arc::new(Plan {
            table: name.sql(),
            upsert: keys.clone(),
            parallel: args.jobs > 1,
        });
        let mut sessions = vec![Session::begin(first, plan.clone(), &prelude).map_err(failed)?];
        let table = Table::find(&mut sessions[0].client, &name)
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
        if let Some(keys) = &keys {
            let client = &mut sessions[0].client;
            if !table.has_unique_index(client, keys).map_err(failed)? {
                return Err(Error::usage(format!(
                    "--upsert {}: {} has no unique index or constraint on exactly these columns",
                    keys.join(","),
                    table.name
                )));
            }
        }
        for _ in 1..args.jobs {
            let client = connect(&info, PROGRAM)?;
            sessions.push(Session::begin(client, plan.clone(), "").map_err(failed)?);
        }
        let table_shown = table.name.to_string();
        let options = Options {
            rules: NullRules {
                empty_as_empty: args.empty_as_empty,
            },
            ignore_extra: args.ignore_extra,
            upsert: keys,
            commit_every: args.commit_every,
        };
        let progress = job.progress().clone();
        let mut loader = Loader::start(table, sessions, options, progress);
        if let Err(err) = load(job, &mut input, &mut loader, ahead) {
            let committed = loader.abort();
            return Err(match err {
                Error::BadRecord(mut bad) if args.commit_every.is_some() => {
                    bad.reason
                        .push_str(&format!(" ({committed} records committed before it stay)"));
                    Error::BadRecord(bad)
                }
                other => other,
            });
        }
        let loaded = loader.finish()?;
        job.count_out(loaded);
        if args.report.verbose {
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "{PROGRAM}: loaded {loaded} records into {table_shown} in {seconds:.1} s ({:.0} rec/s)",
                loaded as f64 / seconds.max(1e-3)
            );
        }
        Ok(())
    })
}

/// `--upsert a,b` as checked names.
fn upsert_keys(args: &Args) -> Result<Option<Vec<String>>> {
    let Some(list) = &args.upsert else {
        return Ok(None);
    };
    let keys: Vec<String> = list.split(',').map(str::to_owned).collect();
    for key in &keys {
        check(key)?;
    }
    Ok(Some(keys))
}

/// What needs one transaction cannot be spread over several connections.
fn refuse_with_jobs(args: &Args) -> Result<()> {
    if args.jobs == 1 {
        return Ok(());
    }
    let single = [
        (args.truncate, "--truncate"),
        (args.upsert.is_some(), "--upsert"),
        (args.commit_every.is_some(), "--commit-every"),
    ];
    match single.iter().find(|(given, _)| *given) {
        Some((_, flag)) => Err(Error::usage(format!("{flag} needs --jobs 1"))),
        None => Ok(()),
    }
}

/// The first `rows` records, kept with their locations, and the types they suggest.
fn read_ahead(
    job: &mut Job,
    input: &mut Input,
    rows: usize,
) -> Result<(Vec<(Record, Location)>, Inference)> {
    let mut ahead = Vec::new();
    let mut inference = Inference::default();
    let mut record = Record::default();
    while ahead.len() < rows && job.next_record(input, &mut record)? {
        inference.observe(&record);
        ahead.push((record.clone(), input.location()));
    }
    Ok((ahead, inference))
}

/// Loads the records read ahead, then the rest of the input.
fn load(
    job: &mut Job,
    input: &mut Input,
    loader: &mut Loader,
    ahead: Vec<(Record, Location)>,
) -> Result<()> {
    for (record, location) in ahead {
        match loader.write(&record) {
            Err(Error::Data(reason)) => job.reject(BadRecord {
                location,
                reason,
                raw: format::raw_text(&record),
            })?,
            other => other?,
        }
    }
    job.for_each_record(input, |record| loader.write(record))
}
