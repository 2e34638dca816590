//! `etl-pg-extract`: a PostgreSQL table or query out as records.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use super::args::{duration, positive_duration, OutputArgs, ReportArgs};
use super::pg_connection::PgConnectionArgs;
use super::{help_footer, CommandArgs, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::format::Format;
use crate::pg::extract::sql::Source;
use crate::pg::extract::{Incremental, Request};
use crate::pg::ident::{check, TableName};
use crate::signals::Role;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "A whole table as NDJSON; the password comes from ~/.pgpass",
        run: "etl-pg-extract --db postgresql://etl@db.internal/sales -t public.orders > orders.ndjson",
    },
    Example {
        what: "Some columns of some rows, as CSV",
        run: "etl-pg-extract -t orders --columns id,total,created_at --where \"status = 'paid'\" -O csv",
    },
    Example {
        what: "Any query",
        run: "etl-pg-extract --query 'SELECT c.country, count(*) AS orders FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY 1'",
    },
    Example {
        what: "A cron job moving changed rows to another database exactly once: commit the mark only when the load succeeded",
        run: "etl-pg-extract --db \"$SOURCE\" -t orders --incremental-column updated_at --state /var/lib/etl/orders.state | etl-pg-load --db \"$TARGET\" -t orders --upsert id && etl-pg-extract --commit-state /var/lib/etl/orders.state",
    },
    Example {
        what: "A big table over 4 connections, in one snapshot",
        run: "etl-pg-extract -t events --jobs 4 -O csv | gzip > events.csv.gz",
    },
    Example {
        what: "Peek at a table",
        run: "etl-pg-extract -t events | head -3",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::SERVICE;

/// Extract a PostgreSQL table or query as records.
///
/// A table (-t), some of its columns (--columns) and rows (--where), or any query
/// (--query) is read through COPY (…) TO STDOUT in binary and written as NDJSON (the
/// default), CSV or TSV (-O), in constant memory. Each type is written exactly:
///
///   boolean, integers        true/false, digits
///   real, double precision   the shortest digits that read back as the same float;
///                            "NaN", "Infinity", "-Infinity" as strings
///   numeric                  every digit and the scale (12.50); NaN, ±Infinity strings
///   text, varchar, char(n)   strings; enums as their label
///   bytea                    base64 (standard alphabet, padded)
///   date, time, timetz       2024-03-01, 10:00:00.5, 10:00:00+02:00
///   timestamp                2024-03-01T10:00:00.123456 (no zone)
///   timestamptz              RFC 3339 in UTC: 2024-03-01T09:00:00Z; fractions of a
///                            second as needed (.500, .123456); infinity, -infinity
///   interval                 ISO 8601 as PostgreSQL's iso_8601 style: P1Y2M3DT4H5.5S
///   uuid                     a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11
///   json, jsonb              nested JSON in NDJSON, its JSON text in CSV
///   arrays                   JSON arrays (nested for more dimensions), NULL as null
///   any other type           its text as the server writes it (inet, money, ranges…)
///
/// NULL is null in NDJSON and an empty value in CSV and TSV. Without a query's ORDER
/// BY, rows come in the order the server reads them.
///
/// The run is one REPEATABLE READ, READ ONLY transaction: every query it makes (the
/// high-water mark, the parts of --jobs) sees the same snapshot.
///
/// Incremental extraction: --incremental-column COL --state FILE reads only the rows
/// past the high-water mark of the last committed run and writes the mark it reached to
/// FILE.pending; --commit-state FILE makes it the committed mark, atomically, once the
/// whole pipeline succeeded. A run that failed, or was not committed, is read again by
/// the next one, so with etl-pg-load --upsert on the other side each row arrives once.
///
///   timestamptz, timestamp or date COL: a run reads mark <= COL < bound, the bound
///   being the earlier of the server's clock minus --lag (default 5s) and the start of
///   the oldest transaction open in the database when the run began (pg_stat_activity;
///   other roles' sessions are seen by superusers and pg_read_all_stats). A row that
///   its transaction stamped from the server's clock (now(), a trigger) commits with
///   COL at or after that transaction's start, hence at or after the bound if it was
///   not visible to this run: it is read by the next run, ties at the mark included,
///   however long its transaction ran. --lag covers stamps taken a little before their
///   transaction began (an application's clock) and sessions the role cannot see.
///   timestamp and date COL compare in the session's TimeZone (PGOPTIONS='-c
///   TimeZone=UTC').
///
///   integer, numeric or text COL: a run reads mark < COL <= the largest COL in its
///   snapshot. Every row is read once if values are committed in increasing order; a
///   value committed after a larger one was read (writers racing for a sequence) is
///   missed: prefer an updated_at timestamptz.
///
///   Rows with a NULL COL are never read.
///
/// --jobs N reads a table over N connections sharing one exported snapshot, each a
/// range of its primary key (one integer column) or of --split-column.
///
/// Names are literal and always quoted: --table is [SCHEMA.]NAME (quote a part with a
/// dot: '"my.schema".events'), --columns a comma-separated list of column names.
/// --where and --query are your SQL, sent as written; the high-water mark is a quoted
/// literal of the column's type.
///
/// Connection: --db or psql's -h, -p, -U, -d, else DATABASE_URL, then the connection
/// service, the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE,
/// PGSSLMODE…) and ~/.pgpass, exactly as etl-pg-load (see its manual); -h is the host,
/// as in psql, and help is --help. Passwords are never printed. A PostgreSQL failure exits with status 4 and writes no
/// FILE.pending; neither does a run stopped by SIGTERM, SIGINT or SIGHUP (it writes what
/// it read and exits with 128 + the signal's number) or by a reader closing its pipe.
#[derive(Debug, Parser)]
#[command(name = "etl-pg-extract", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// The table, [SCHEMA.]NAME.
    #[arg(short, long, value_name = "TABLE", required_unless_present_any = ["query", "commit_state"], conflicts_with = "query")]
    pub table: Option<String>,
    /// Only these columns of the table, in this order (comma-separated names).
    #[arg(long, value_name = "NAMES", requires = "table")]
    pub columns: Option<String>,
    /// Only the table's rows for which this SQL condition holds, e.g. "status = 'paid'".
    #[arg(long = "where", value_name = "SQL", requires = "table")]
    pub filter: Option<String>,
    /// Any query (SELECT, VALUES, WITH …), sent as written.
    #[arg(long, value_name = "SQL")]
    pub query: Option<String>,
    /// Read only the rows past the high-water mark of this column kept in --state.
    #[arg(long, value_name = "COLUMN", requires = "state")]
    pub incremental_column: Option<String>,
    /// The committed high-water mark of --incremental-column; the mark this run reaches
    /// is written to FILE.pending (see --commit-state).
    #[arg(long, value_name = "FILE", requires = "incremental_column")]
    pub state: Option<PathBuf>,
    /// How far behind the server's clock a run stops reading a time column: 5s, 1m, 0.
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = duration, requires = "incremental_column")]
    pub lag: Duration,
    /// Make FILE.pending, written by a run with --state FILE, the committed state
    /// (atomically), and do nothing else. Run it after the pipeline succeeded.
    #[arg(long, value_name = "FILE", exclusive = true)]
    pub commit_state: Option<PathBuf>,
    /// Read the table over N connections in one snapshot, by ranges of a key.
    #[arg(short, long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// The integer column --jobs splits by (default: the primary key).
    #[arg(long, value_name = "COLUMN")]
    pub split_column: Option<String>,
    /// Cancel any statement that runs longer than DURATION (the COPY too), e.g. 30min.
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    pub statement_timeout: Option<Duration>,
    #[command(flatten)]
    pub connection: PgConnectionArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

impl Args {
    /// The extract asked for; the connection falls back to `DATABASE_URL`.
    pub fn request(&self) -> Result<Request> {
        let source = match (&self.table, &self.query) {
            (Some(table), _) => Source::Table {
                name: TableName::parse(table)?,
                columns: match &self.columns {
                    Some(list) => Some(column_list(list)?),
                    None => None,
                },
                filter: self.filter.clone(),
            },
            (None, Some(query)) => Source::Query(query.clone()),
            (None, None) => return Err(Error::usage("give a table (-t) or a --query")),
        };
        if let Some(column) = &self.incremental_column {
            check(column)?;
        }
        if let Some(column) = &self.split_column {
            check(column)?;
        }
        Ok(Request {
            source,
            db: self.connection.explicit(),
            format: self.output.output_format.unwrap_or(Format::Ndjson),
            incremental: match (&self.incremental_column, &self.state) {
                (Some(column), Some(state)) => Some(Incremental {
                    column: column.clone(),
                    state: state.clone(),
                    lag: self.lag,
                }),
                _ => None,
            },
            jobs: self.jobs,
            split_column: self.split_column.clone(),
            statement_timeout: self.statement_timeout,
            verbose: self.report.verbose,
        })
    }
}

/// `--columns a,b`: names, each checked.
fn column_list(list: &str) -> Result<Vec<String>> {
    let names: Vec<String> = list.split(',').map(str::to_owned).collect();
    for name in &names {
        check(name).map_err(|e| Error::usage(format!("--columns: {e}")))?;
    }
    Ok(names)
}

impl CommandArgs for Args {
    /// Stopped by a signal, it writes what it read and no FILE.pending.
    const ROLE: Role = Role::Source;

    fn definition() -> clap::Command {
        <Args as clap::CommandFactory>::command().mut_arg("output_format", |arg| {
            arg.help("Output format (default: ndjson)")
        })
    }

    fn report(&self) -> &ReportArgs {
        &self.report
    }
}
