//! `--jobs N`: one commit for N connections, with PostgreSQL's two-phase commit.
//!
//! Connections 2..N `PREPARE TRANSACTION` (their rows are then on disk, invisible, and
//! survive a crash); connection 1 then commits in the ordinary way, and that commit is
//! the decision: the prepared transactions are named after its transaction id, so
//! whoever finds them later asks the server (`txid_status`) whether it committed, and
//! commits or rolls them back to match. etl-pg-load does that at the start of every
//! run ([`recover`]); until then, after a crash in the commit phase, the rows of
//! connection 1 are visible and those of the others are not.

use postgres::error::SqlState;
use postgres::Client;

use super::connect::describe;
use super::session::Session;
use crate::error::{Error, Result};

/// Every prepared transaction of etl-pg-load is named `etl-pg-load:XID:K`: XID is
/// connection 1's transaction, whose fate decides this one's; K the connection.
const GID_PREFIX: &str = "etl-pg-load:";

/// Refuses `--jobs` when the server cannot prepare enough transactions.
pub fn check_allowed(client: &mut Client, jobs: u16) -> Result<()> {
    let needed = i64::from(jobs) - 1;
    let allowed: i64 = client
        .query_one(
            "SELECT current_setting('max_prepared_transactions')::bigint",
            &[],
        )
        .and_then(|row| row.try_get(0))
        .map_err(|e| Error::Service(describe(&e)))?;
    if allowed >= needed {
        return Ok(());
    }
    Err(Error::usage(format!(
        "--jobs {jobs} commits its {jobs} connections all or nothing with prepared \
         transactions, and this server allows {allowed} (max_prepared_transactions; \
         {needed} needed): raise it and restart the server, or load with --jobs 1"
    )))
}

/// What became of a two-phase commit that could not end in the ordinary way.
pub enum Outcome {
    Committed,
    /// Committed, but some connections' rows wait as prepared transactions that the
    /// next run (or these statements) commits.
    CommittedPending(Vec<String>),
}

/// Commits every session or none; `Err` is the reason when none was committed.
pub fn commit(mut sessions: Vec<Session>) -> std::result::Result<Outcome, String> {
    let rest = sessions.split_off(1);
    let mut first = sessions.pop().expect("at least one session");
    let xid: i64 = match first
        .client
        .query_one("SELECT txid_current()", &[])
        .and_then(|row| row.try_get(0))
    {
        Ok(xid) => xid,
        Err(e) => {
            rest.into_iter().for_each(Session::rollback);
            first.rollback();
            return Err(describe(&e));
        }
    };
    let mut prepared = Vec::new();
    let mut sessions = rest.into_iter().enumerate();
    while let Some((k, mut session)) = sessions.next() {
        let gid = format!("{GID_PREFIX}{xid}:{}", k + 2);
        if let Err(e) = session.prepare(&gid) {
            sessions.for_each(|(_, session)| session.rollback());
            first.rollback();
            roll_back(&mut prepared);
            return Err(describe(&e));
        }
        prepared.push((gid, session));
    }
    // The decision. A commit whose answer was lost may still have happened.
    if let Err(e) = first.client.batch_execute("COMMIT") {
        let fate = prepared.first_mut().and_then(|(_, session)| {
            session
                .client
                .query_one("SELECT txid_status($1)", &[&xid])
                .ok()?
                .try_get::<_, Option<String>>(0)
                .ok()?
        });
        if fate.as_deref() != Some("committed") {
            roll_back(&mut prepared);
            return Err(describe(&e));
        }
    }
    let mut pending = Vec::new();
    for (gid, session) in &mut prepared {
        match session
            .client
            .batch_execute(&format!("COMMIT PREPARED '{gid}'"))
        {
            Ok(()) => {}
            // Another run's [`recover`] saw the decision and committed it first.
            Err(e) if e.code() == Some(&SqlState::UNDEFINED_OBJECT) => {}
            Err(_) => pending.push(format!("COMMIT PREPARED '{gid}'")),
        }
    }
    Ok(if pending.is_empty() {
        Outcome::Committed
    } else {
        Outcome::CommittedPending(pending)
    })
}

/// Rolls back the transactions prepared so far; one that cannot be reached is left for
/// [`recover`], which rolls it back since the decision was never made.
fn roll_back(prepared: &mut [(String, Session)]) {
    for (gid, session) in prepared {
        let _ = session
            .client
            .batch_execute(&format!("ROLLBACK PREPARED '{gid}'"));
    }
}

/// Ends what crashed runs left prepared in this database: committed when their
/// connection 1 committed, rolled back when it did not; left alone while it runs.
/// Returns one note per transaction ended or left.
pub fn recover(client: &mut Client) -> Result<Vec<String>> {
    let left = client
        .query(
            "SELECT gid, txid_status(split_part(gid, ':', 2)::bigint) FROM pg_prepared_xacts \
             WHERE database = current_database() AND gid LIKE $1 ORDER BY gid",
            &[&format!("{GID_PREFIX}%")],
        )
        .map_err(|e| Error::Service(describe(&e)))?;
    let mut notes = Vec::new();
    for row in left {
        let gid: String = row.get(0);
        let fate: Option<String> = row.get(1);
        let statement = match fate.as_deref() {
            Some("committed") => "COMMIT PREPARED",
            Some("aborted") => "ROLLBACK PREPARED",
            _ => continue,
        };
        match client.batch_execute(&format!("{statement} '{gid}'")) {
            Ok(()) => notes.push(format!(
                "{statement} '{gid}': a crashed --jobs load left it, its decision was {}",
                if statement == "COMMIT PREPARED" {
                    "to commit"
                } else {
                    "to roll back"
                }
            )),
            // Another run ended it first.
            Err(e) if e.code() == Some(&SqlState::UNDEFINED_OBJECT) => {}
            Err(e) => notes.push(format!(
                "warning: a crashed --jobs load left the prepared transaction '{gid}', \
                 which cannot be ended here ({}): run {statement} '{gid}' as its owner",
                describe(&e)
            )),
        }
    }
    Ok(notes)
}
