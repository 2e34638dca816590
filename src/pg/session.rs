//! One connection's part of a load: its transaction, the binary COPY streams into the
//! table (or, for `--upsert`, into a temporary stage), and the commit.

use std::cell::Cell;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use postgres::Client;

use super::column::Form;
use super::connect::describe;
use super::ident::quote;

mod skipping;
use super::refused::RefusedRows;

/// The binary COPY stream's header: signature, flags, header extension length.
const COPY_HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";
/// The binary COPY stream's trailer: a row of -1 fields.
const COPY_TRAILER: &[u8] = &[0xff, 0xff];
/// The temporary table of `--upsert`, private to the session.
const STAGE: &str = "etl_pg_load_stage";
/// The stage's column that keeps input order, so the last record of a key wins.
pub const STAGE_ORDER: &str = "etl_pg_load_seq";

/// The columns one COPY writes, and in which form; shared by the chunks that use them.
#[derive(Debug, PartialEq, Eq)]
pub struct CopyColumns {
    pub names: Vec<String>,
    pub form: Form,
}

/// Work for a session.
pub enum Message {
    /// Encoded binary COPY rows (no header or trailer) for these columns.
    Rows {
        columns: Arc<CopyColumns>,
        data: Vec<u8>,
        rows: u64,
        /// The number of the first of these rows in the whole load, from 0.
        first_row: u64,
    },
    /// Commit what was loaded so far and start a new transaction (`--commit-every`).
    Commit,
}

/// Rows committed along the way (`--commit-every`, `--commit-interval`), and those of a
/// commit whose answer was lost with the connection: the server may have committed
/// them or not.
#[derive(Debug, Default)]
pub struct Commits {
    pub committed: AtomicU64,
    pub in_doubt: AtomicU64,
}

/// Why a session failed, and the row of the load the server named, if any.
#[derive(Debug)]
pub struct Failure {
    pub reason: String,
    pub row: Option<u64>,
}

impl Failure {
    fn new(err: &postgres::Error) -> Failure {
        Failure {
            reason: describe(err),
            row: None,
        }
    }
}

/// What `--upsert` does with a key the table has: `--on-conflict`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OnConflict {
    /// Update the row's other columns (where they differ).
    #[default]
    Update,
    /// Keep the row as it is.
    Ignore,
}

/// Rows an upsert inserted and updated, over every commit of every session.
#[derive(Debug, Default)]
pub struct Upserted {
    pub inserted: AtomicU64,
    pub updated: AtomicU64,
}

/// What each transaction does besides the COPY.
#[derive(Debug)]
pub struct Plan {
    /// The target table as SQL.
    pub table: String,
    /// `--upsert` key columns.
    pub upsert: Option<Vec<String>>,
    pub on_conflict: OnConflict,
    /// What the upserts did, for the summary and the metrics.
    pub upserted: Arc<Upserted>,
    /// Sessions load in parallel (`--jobs`): two of them inserting the same unique key
    /// would wait for each other's commit for ever, so a lock wait has a time limit.
    pub parallel: bool,
    /// `--commit-interval`: rows are committed at most this long after they arrived.
    pub commit_interval: Option<Duration>,
    /// `--on-error skip`: rows the server refuses are set aside, the rest loaded.
    pub skip_refused: bool,
}

/// How long a parallel session waits for a lock before the load fails.
const PARALLEL_LOCK_TIMEOUT: &str = "10s";

pub struct Session {
    pub client: Client,
    plan: Arc<Plan>,
    /// Columns copied into the stage in this transaction, in first-seen order.
    staged: Vec<String>,
    /// Rows copied in the open transaction.
    uncommitted: u64,
}

impl Session {
    /// Takes a connection and opens its transaction: `prelude` (CREATE TABLE,
    /// TRUNCATE) runs in it first, then the stage of an upsert is made.
    pub fn begin(
        client: Client,
        plan: Arc<Plan>,
        prelude: &str,
    ) -> Result<Session, postgres::Error> {
        let mut session = Session {
            client,
            plan,
            staged: Vec::new(),
            uncommitted: 0,
        };
        session.open(prelude)?;
        Ok(session)
    }

    fn open(&mut self, prelude: &str) -> Result<(), postgres::Error> {
        self.client.batch_execute("BEGIN")?;
        if self.plan.parallel {
            self.client.batch_execute(&format!(
                "SET LOCAL lock_timeout = '{PARALLEL_LOCK_TIMEOUT}'"
            ))?;
        }
        if !prelude.is_empty() {
            self.client.batch_execute(prelude)?;
        }
        if self.plan.upsert.is_some() {
            // LIKE copies the columns and their defaults; NOT NULL is dropped because a
            // column the input does not give (an identity) is never inserted from the
            // stage. The stage has no keys: duplicates are resolved by the INSERT.
            self.client.batch_execute(&format!(
                "CREATE TEMP TABLE {stage} (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP; \
                 DO $$DECLARE c text; BEGIN \
                   FOR c IN SELECT quote_ident(attname) FROM pg_attribute \
                     WHERE attrelid = 'pg_temp.{stage}'::regclass AND attnum > 0 AND attnotnull LOOP \
                     EXECUTE 'ALTER TABLE pg_temp.{stage} ALTER COLUMN ' || c || ' DROP NOT NULL'; \
                   END LOOP; END$$; \
                 ALTER TABLE {stage} ADD COLUMN {order} bigserial",
                stage = quote(STAGE),
                table = self.plan.table,
                order = quote(STAGE_ORDER),
            ))?;
        }
        self.staged.clear();
        self.uncommitted = 0;
        Ok(())
    }

    /// Moves the staged rows into the table (upsert) and commits; returns the rows
    /// committed.
    pub fn commit(&mut self) -> Result<u64, postgres::Error> {
        if let Some(keys) = &self.plan.upsert {
            if !self.staged.is_empty() {
                let sql = upsert_sql(&self.plan.table, &self.staged, keys, self.plan.on_conflict);
                let counts = self.client.query_one(&sql, &[])?;
                let (inserted, updated): (i64, i64) = (counts.try_get(0)?, counts.try_get(1)?);
                let upserted = &self.plan.upserted;
                upserted
                    .inserted
                    .fetch_add(inserted as u64, Ordering::SeqCst);
                upserted.updated.fetch_add(updated as u64, Ordering::SeqCst);
            }
        }
        self.client.batch_execute("COMMIT")?;
        Ok(std::mem::take(&mut self.uncommitted))
    }

    /// `--jobs`: prepares the transaction as `gid` for [`super::two_phase::commit`].
    pub fn prepare(&mut self, gid: &str) -> Result<(), postgres::Error> {
        self.client
            .batch_execute(&format!("PREPARE TRANSACTION '{gid}'"))?;
        self.uncommitted = 0;
        Ok(())
    }

    pub fn rollback(mut self) {
        // A connection that is gone has rolled back already.
        let _ = self.client.batch_execute("ROLLBACK");
    }

    /// Takes messages from `queue` until it closes, COPYing rows and committing when
    /// told. `commits` counts rows committed by `--commit-every`; `failed` is raised
    /// on error so the reader stops sending.
    pub fn serve(
        mut self,
        queue: &Mutex<Receiver<Message>>,
        commits: &Commits,
        failed: &AtomicBool,
        refused: &RefusedRows,
    ) -> Result<Session, Failure> {
        let result = self.serve_queue(queue, commits, refused);
        match result {
            Ok(()) => Ok(self),
            Err(failure) => {
                failed.store(true, Ordering::SeqCst);
                self.rollback();
                Err(failure)
            }
        }
    }

    fn serve_queue(
        &mut self,
        queue: &Mutex<Receiver<Message>>,
        commits: &Commits,
        refused: &RefusedRows,
    ) -> Result<(), Failure> {
        // With --commit-interval, when the rows of the open transaction must be committed.
        let due: Cell<Option<Instant>> = Cell::new(None);
        let interval = self.plan.commit_interval;
        let next = || {
            let queue = queue.lock().expect("queue lock");
            let message = match due.get() {
                Some(at) => {
                    match queue.recv_timeout(at.saturating_duration_since(Instant::now())) {
                        Ok(message) => Some(message),
                        // Rows have waited long enough: commit them, as if told to.
                        Err(RecvTimeoutError::Timeout) => Some(Message::Commit),
                        Err(RecvTimeoutError::Disconnected) => None,
                    }
                }
                None => queue.recv().ok(),
            };
            match (&message, interval) {
                (Some(Message::Rows { .. }), Some(interval)) if due.get().is_none() => {
                    due.set(Some(Instant::now() + interval));
                }
                (Some(Message::Commit), _) => due.set(None),
                _ => {}
            }
            message
        };
        let mut pending = next();
        while let Some(message) = pending.take() {
            match message {
                // `--commit-every`: commits, then opens the next transaction (a
                // failure there leaves the rows committed counted as such).
                Message::Commit => {
                    match self.commit() {
                        Ok(rows) => commits.committed.fetch_add(rows, Ordering::SeqCst),
                        Err(e) => {
                            if commit_outcome_unknown(&e) {
                                commits.in_doubt.store(self.uncommitted, Ordering::SeqCst);
                            }
                            return Err(Failure::new(&e));
                        }
                    };
                    self.open("").map_err(|e| Failure::new(&e))?;
                    pending = next();
                }
                Message::Rows {
                    columns,
                    data,
                    rows,
                    first_row,
                } if self.plan.skip_refused => {
                    self.copy_skipping(&columns, &data, (rows, first_row), refused)?;
                    pending = next();
                }
                Message::Rows {
                    columns,
                    data,
                    rows,
                    first_row,
                } => {
                    pending = self.copy(columns, data, (rows, first_row), &next)?;
                }
            }
        }
        Ok(())
    }

    /// One COPY: writes these rows and every following chunk for the same columns;
    /// returns the first message that is not one of them.
    fn copy(
        &mut self,
        columns: Arc<CopyColumns>,
        data: Vec<u8>,
        (rows, first_row): (u64, u64),
        next: &dyn Fn() -> Option<Message>,
    ) -> Result<Option<Message>, Failure> {
        let sql = self.copy_sql(&columns);
        let binary = columns.form == Form::Binary;
        let mut writer = self.client.copy_in(&sql).map_err(|e| Failure::new(&e))?;
        // Where each chunk starts, in this COPY and in the load: (COPY row, load row).
        let mut starts = vec![(0, first_row)];
        let mut copied = rows;
        let header = if binary { COPY_HEADER } else { b"" };
        let mut written = writer
            .write_all(header)
            .and_then(|()| writer.write_all(&data));
        let mut after = None;
        while written.is_ok() {
            match next() {
                Some(Message::Rows {
                    columns: c,
                    data,
                    rows,
                    first_row,
                }) if c == columns => {
                    starts.push((copied, first_row));
                    copied += rows;
                    written = writer.write_all(&data);
                }
                other => {
                    after = other;
                    break;
                }
            }
        }
        let trailer = if binary { COPY_TRAILER } else { b"" };
        let trailer = written.and_then(|()| writer.write_all(trailer));
        // A write fails when the server has refused the COPY; finishing says why.
        let parallel = self.plan.parallel;
        let finished = writer.finish().map_err(|e| {
            let mut failure = Failure::new(&e);
            if parallel && e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
                failure
                    .reason
                    .push_str(" (with --jobs: the same unique key in two of the connections?)");
            }
            // The server counts rows from 1 in each COPY; the load counts from 0.
            let copy_row = e
                .as_db_error()
                .and_then(|db| db.where_())
                .and_then(copy_line)
                .and_then(|line| line.checked_sub(1));
            failure.row = copy_row.and_then(|row| {
                let &(start, first) = starts.iter().rev().find(|(start, _)| *start <= row)?;
                Some(first + row - start)
            });
            failure
        });
        match (trailer, finished) {
            (_, Err(failure)) => return Err(failure),
            (Err(io), Ok(_)) => {
                return Err(Failure {
                    reason: io.to_string(),
                    row: None,
                })
            }
            (Ok(()), Ok(_)) => {}
        }
        self.uncommitted += copied;
        Ok(after)
    }
}

impl Session {
    /// The COPY statement for these columns, into the table or the upsert's stage.
    fn copy_sql(&mut self, columns: &CopyColumns) -> String {
        let target = if self.plan.upsert.is_some() {
            for name in &columns.names {
                if !self.staged.contains(name) {
                    self.staged.push(name.clone());
                }
            }
            quote(STAGE)
        } else {
            self.plan.table.clone()
        };
        let list: Vec<String> = columns.names.iter().map(|n| quote(n)).collect();
        let format = match columns.form {
            Form::Binary => "binary",
            Form::Text => "text",
        };
        format!(
            "COPY {target} ({}) FROM STDIN (FORMAT {format})",
            list.join(", ")
        )
    }
}

/// Whether a failed commit may have committed all the same: the server's answer was
/// lost with the connection, or was a FATAL that ended the session (a shutdown can
/// come between the commit and its answer). An ERROR means it rolled back.
pub fn commit_outcome_unknown(err: &postgres::Error) -> bool {
    use postgres::error::Severity;
    match err.as_db_error() {
        None => true,
        Some(db) => matches!(
            db.parsed_severity(),
            Some(Severity::Fatal | Severity::Panic)
        ),
    }
}

/// The row number in a COPY error's context, `COPY t, line 5[, column c: "v"]`.
fn copy_line(context: &str) -> Option<u64> {
    let at = context.find(", line ")? + ", line ".len();
    let digits: String = context[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Stage to table, last record of each key winning, unchanged rows left alone:
/// `INSERT … SELECT DISTINCT ON (keys) … ORDER BY keys, seq DESC ON CONFLICT (keys) DO
/// UPDATE SET … WHERE ROW(…) IS DISTINCT FROM ROW(EXCLUDED.…)`. The comparison is of
/// the values as text, because some types (json, xml, point) have no equality.
pub fn upsert_sql(
    table: &str,
    columns: &[String],
    keys: &[String],
    on_conflict: OnConflict,
) -> String {
    let list = |names: &[&String], prefix: &str, suffix: &str| -> String {
        names
            .iter()
            .map(|n| format!("{prefix}{}{suffix}", quote(n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all: Vec<&String> = columns.iter().collect();
    let key_refs: Vec<&String> = keys.iter().collect();
    let others: Vec<&String> = columns.iter().filter(|c| !keys.contains(c)).collect();
    let action = if others.is_empty() || on_conflict == OnConflict::Ignore {
        "DO NOTHING".to_owned()
    } else {
        format!(
            "DO UPDATE SET {} WHERE ROW({}) IS DISTINCT FROM ROW({})",
            others
                .iter()
                .map(|c| format!("{0} = EXCLUDED.{0}", quote(c)))
                .collect::<Vec<_>>()
                .join(", "),
            list(&others, "d.", "::text"),
            list(&others, "EXCLUDED.", "::text")
        )
    };
    // A row the statement inserted has no deleting transaction (xmax 0); one it
    // updated has this one's.
    format!(
        "WITH written AS (INSERT INTO {table} AS d ({cols}) SELECT DISTINCT ON ({keys}) {cols} \
         FROM {stage} ORDER BY {keys}, {order} DESC ON CONFLICT ({keys}) {action} \
         RETURNING d.xmax = 0 AS inserted) \
         SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) \
         FROM written",
        cols = list(&all, "", ""),
        keys = list(&key_refs, "", ""),
        stage = quote(STAGE),
        order = quote(STAGE_ORDER),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_error_lines() {
        assert_eq!(copy_line("COPY t, line 5"), Some(5));
        assert_eq!(copy_line("COPY t, line 12, column ip: \"x\""), Some(12));
        assert_eq!(copy_line("SQL statement"), None);
    }

    #[test]
    fn upsert_statement() {
        let columns = ["id".to_owned(), "a\"b".to_owned()];
        let id = ["id".to_owned()];
        assert_eq!(
            upsert_sql("\"t\"", &columns, &id, OnConflict::Update),
            "WITH written AS (INSERT INTO \"t\" AS d (\"id\", \"a\"\"b\") SELECT DISTINCT ON (\"id\") \
             \"id\", \"a\"\"b\" FROM \"etl_pg_load_stage\" ORDER BY \"id\", \"etl_pg_load_seq\" DESC \
             ON CONFLICT (\"id\") DO UPDATE SET \"a\"\"b\" = EXCLUDED.\"a\"\"b\" \
             WHERE ROW(d.\"a\"\"b\"::text) IS DISTINCT FROM ROW(EXCLUDED.\"a\"\"b\"::text) \
             RETURNING d.xmax = 0 AS inserted) SELECT count(*) FILTER (WHERE inserted), \
             count(*) FILTER (WHERE NOT inserted) FROM written"
        );
        for (columns, on_conflict) in [
            (&columns[..1], OnConflict::Update),
            (&columns[..], OnConflict::Ignore),
        ] {
            assert!(upsert_sql("t", columns, &id, on_conflict)
                .contains("ON CONFLICT (\"id\") DO NOTHING RETURNING"));
        }
    }
}
