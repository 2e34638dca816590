//! `etl-pg-load`: bulk-load records into a PostgreSQL table.

use std::ffi::OsString;
use std::time::Duration;

use clap::Parser;

use super::args::{positive_duration, BadInputArgs, InputArgs, ReportArgs};
use super::pg_connection::PgConnectionArgs;
use super::{help_footer, CommandArgs, Example};
use crate::exit::Exit;
use crate::job::Policy;
use crate::pg::run::Request;
use crate::pg::session::OnConflict;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Load a CSV file into an existing table; the password comes from ~/.pgpass",
        run: "etl-pg-load --db postgresql://etl@db.internal/sales -t public.events events.csv",
    },
    Example {
        what: "psql's connection flags, or a service of ~/.pg_service.conf ([sales] host=… dbname=…)",
        run: "etl-pg-load -h db.internal -U etl -d sales -t events events.csv; PGSERVICE=sales etl-pg-load -t events events.csv",
    },
    Example {
        what: "Show the CREATE TABLE that --create would run, then create and load",
        run: "etl-pg-load -t events --create --dry-run events.csv && etl-pg-load -t events --create events.csv",
    },
    Example {
        what: "Incremental load: run it again and the table is the same (connection from PG* variables)",
        run: "PGHOST=db.internal PGUSER=etl etl-cast ts:timestamp events.ndjson | etl-pg-load -t events --upsert id",
    },
    Example {
        what: "Replace a table's contents in one transaction",
        run: "etl-pg-load -t daily_totals --truncate totals.csv",
    },
    Example {
        what: "Load the good records, keep the bad ones with their reasons",
        run: "etl-pg-load -t events --on-error skip --rejects rejects.ndjson events.csv",
    },
    Example {
        what: "An endless stream, committed every 10000 records",
        run: "tail -F app.ndjson | etl-pg-load -t app_log --commit-every 10000",
    },
    Example {
        what: "Exactly once from Kafka, also into a table without a key: offsets are stored with the rows",
        run: "etl-kafka-consume -t events -g loader --exec 'etl-pg-load -t events --offsets-table etl_kafka_offsets'",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::SERVICE;

/// Bulk-load records into a PostgreSQL table.
///
/// Records (CSV, TSV, NDJSON) go into the table's columns by field name, through
/// binary COPY: each value is converted here to the column's type as the catalog gives
/// it, so a value that does not fit is a bad record with its line, field, value and
/// column type (`events.csv:3: field "amount": "abc" is not a valid bigint`): by
/// default exit status 1 and nothing loaded; --on-error skip loads the rest.
///
/// The whole run is one transaction: any failure rolls it back and leaves the table as
/// before (exit status 4 when PostgreSQL failed; a row it refused, a duplicate key say,
/// is named by its input line). With --on-error skip, rows the server refuses (a value
/// it cannot parse, a unique, check, foreign-key or not-null constraint broken) are
/// skipped too, into --rejects with the server's message, SQLSTATE and constraint:
/// each chunk of rows is copied under a savepoint and, when refused, copied again
/// without the row the server named (with --upsert, only values refused while they
/// are copied: a conflict at the final INSERT fails the load). --commit-every N commits every N
/// records instead, for endless streams; a failure then says how many were committed.
///
/// Types converted: boolean, smallint, integer, bigint, real, double precision,
/// numeric (every digit kept), text, varchar(n) and char(n) (length checked), enums,
/// json, jsonb, date, timestamp, timestamptz (every form etl-cast reads), uuid. Other
/// types (inet, interval, time, arrays: a JSON array becomes an array literal…) are sent
/// as text for the server to parse, which makes that load a slower text COPY. A field
/// missing from a record takes the column's default; JSON null and an empty CSV value
/// load as NULL (--empty-as-empty keeps '' for text columns); a null for a NOT NULL
/// column is a bad record. A field with no column is an error, or left out with
/// --ignore-extra.
///
/// Connection: --db, or psql's -h, -p, -U, -d (a conninfo in --db or -d wins over
/// them, as in psql), else DATABASE_URL (which they override); then the connection
/// service named (service=NAME, or PGSERVICE: a [NAME] section of PGSERVICEFILE or
/// ~/.pg_service.conf, else of PGSYSCONFDIR/pg_service.conf, /etc/postgresql-common
/// when unset); then the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD,
/// PGDATABASE, PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, PGSSLCRL, PGSSLCRLDIR,
/// PGCONNECT_TIMEOUT, PGAPPNAME, PGPASSFILE for what is still left out; then libpq's
/// defaults (the socket in /var/run/postgresql, port 5432, the operating system's user
/// name, not $USER) and the password from ~/.pgpass. Passwords are never printed:
/// messages show user@host:port/dbname. -h is the host here, as in psql: help is
/// --help.
///
/// TLS as libpq does it with OpenSSL: sslmode is disable, prefer (the default),
/// require, verify-ca or verify-full; sslrootcert (default ~/.postgresql/root.crt,
/// `system` for the system's roots) is checked when verify-* asks or when the file
/// exists under require, with the revocation lists sslcrl (default
/// ~/.postgresql/root.crl) and sslcrldir; a client certificate sslcert (default
/// ~/.postgresql/postgresql.crt) is sent when the file exists, with its key sslkey
/// (default ~/.postgresql/postgresql.key: PEM, PKCS#1 or PKCS#8, private to its owner),
/// decrypted with sslpassword. Certificates and keys are read before connecting.
///
/// Names: --table is [SCHEMA.]NAME, taken literally (no case folding); quote a part
/// holding a dot: '"my.schema".events'. Every name reaches SQL quoted, so any name is
/// just a name.
///
/// Several hosts (host=a,b with port=1,2 or one port, a URI's a:1,b:2, or -h a,b) are
/// tried in turn, as in libpq, until one is what target_session_attrs
/// (PGTARGETSESSIONATTRS) asks for: any (the default), read-write, read-only, primary,
/// standby or prefer-standby (a standby if there is one, else any). connect_timeout
/// (PGCONNECT_TIMEOUT) bounds the whole start-up with each host, TLS and authentication
/// included; --statement-timeout bounds each statement.
///
/// --jobs N loads over N connections, with N threads converting the records; they are
/// committed all or nothing with two-phase commit, which needs the server's
/// max_prepared_transactions at N-1 or more. A crash in the commit phase leaves some
/// connections' rows prepared and invisible; the next etl-pg-load on the database
/// commits them (or rolls them back, as the crashed run had decided).
/// With --jobs, --create commits the new table first, and --truncate, --upsert and
/// --commit-every are refused. A lock wait of more than 10 s fails the load: two of its
/// connections inserting the same unique key would otherwise wait for each other.
#[derive(Debug, Parser)]
#[command(name = "etl-pg-load", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// The table, [SCHEMA.]NAME.
    #[arg(short, long, value_name = "TABLE")]
    pub table: String,
    #[command(flatten)]
    pub connection: PgConnectionArgs,
    /// Create the table when it does not exist, with types inferred from the first
    /// --infer-rows records: bigint, numeric, double precision, boolean, date,
    /// timestamptz, jsonb (nested values) or text.
    #[arg(long)]
    pub create: bool,
    /// How many records --create looks at to infer the types.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub infer_rows: usize,
    /// With --create: print the CREATE TABLE statement and stop, without connecting.
    #[arg(long, requires = "create")]
    pub dry_run: bool,
    /// Empty the table first, in the same transaction as the load.
    #[arg(long, conflicts_with = "upsert")]
    pub truncate: bool,
    /// Insert or update by these key columns (comma-separated; a unique index must
    /// cover exactly them): loading the same records twice leaves the same table. The
    /// last record of a key wins.
    #[arg(long, value_name = "KEYS")]
    pub upsert: Option<String>,
    /// What --upsert does with a key the table has: update the row (where its values
    /// differ), or ignore the record and keep the row.
    #[arg(
        long,
        value_name = "WHAT",
        default_value = "update",
        requires = "upsert"
    )]
    pub on_conflict: OnConflict,
    /// With --create: the new table's primary key (comma-separated); with --upsert,
    /// its keys are the primary key unless this says otherwise.
    #[arg(long, value_name = "KEYS", requires = "create")]
    pub primary_key: Option<String>,
    /// Commit after every N records, for endless streams (not atomic as a whole).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub commit_every: Option<u64>,
    /// Commit rows at most DURATION after they arrived, for slow streams (not atomic as
    /// a whole): a quiet stream's rows are visible within it, e.g. 1s.
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    pub commit_interval: Option<Duration>,
    /// Load over N connections in parallel, converting records with N threads.
    #[arg(short, long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,
    /// Cancel any statement that runs longer than DURATION (the COPY too: as long as
    /// the load), e.g. 5min: a lock held elsewhere fails the run instead of hanging it.
    #[arg(long, value_name = "DURATION", value_parser = positive_duration)]
    pub statement_timeout: Option<Duration>,
    /// Leave out fields that have no column, instead of failing.
    #[arg(long)]
    pub ignore_extra: bool,
    /// An empty CSV value in a text column loads as '' rather than NULL.
    #[arg(long)]
    pub empty_as_empty: bool,
    /// Exactly once from etl-kafka-consume --exec: store the batch's Kafka offsets in
    /// TABLE (created when missing) in the load's own transaction, and load a batch
    /// only if it starts where the stored offsets end; one that was loaded before
    /// (delivered again after a crash) loads nothing and the consumer resumes after it.
    #[arg(long, value_name = "TABLE")]
    pub offsets_table: Option<String>,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub bad_input: BadInputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

impl Args {
    /// The load asked for; the connection falls back to `DATABASE_URL`.
    pub fn request(&self) -> Request {
        Request {
            table: self.table.clone(),
            db: self.connection.explicit(),
            create: self.create,
            infer_rows: self.infer_rows,
            dry_run: self.dry_run,
            truncate: self.truncate,
            upsert: self.upsert.clone(),
            on_conflict: self.on_conflict,
            primary_key: self.primary_key.clone(),
            commit_every: self.commit_every,
            commit_interval: self.commit_interval,
            jobs: self.jobs,
            statement_timeout: self.statement_timeout,
            ignore_extra: self.ignore_extra,
            empty_as_empty: self.empty_as_empty,
            offsets_table: self.offsets_table.clone(),
            verbose: self.report.verbose,
        }
    }
}

impl CommandArgs for Args {
    /// `-d` is the database, as in psql; the delimiter is `--delimiter` only.
    fn definition() -> clap::Command {
        <Args as clap::CommandFactory>::command().mut_arg("delimiter", |arg| arg.short(None))
    }

    fn report(&self) -> &ReportArgs {
        &self.report
    }

    fn policy(&self) -> Policy {
        self.bad_input.policy()
    }
}
