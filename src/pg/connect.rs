//! Connecting as libpq does: each host in turn until one is what `target_session_attrs`
//! asks, within `connect_timeout`, with TLS as [`super::tls`] sets it up; and PostgreSQL
//! errors as readable text.

use std::sync::mpsc;
use std::time::Duration;

use postgres::{Client, SimpleQueryMessage};

use super::conninfo::{mask, ConnInfo, SessionAttrs};
use super::tls::{LazyTls, TlsSettings};
use crate::error::{Error, Result};

/// Opens connections to one server.
pub struct Connector {
    tls: LazyTls,
    /// `--statement-timeout`, set for the whole session.
    statement_timeout: Option<Duration>,
}

impl Connector {
    pub fn new(info: &ConnInfo, statement_timeout: Option<Duration>) -> Result<Connector> {
        Ok(Connector {
            tls: LazyTls::new(TlsSettings::new(info)?),
            statement_timeout,
        })
    }

    /// Opens one connection: to the first server of `host` (and `hostaddr`) that
    /// answers and is what `target_session_attrs` asks for, trying them in turn as
    /// libpq does. Failures are `Error::Service` (exit 4), one reason per server tried,
    /// password masked.
    ///
    /// `connect_timeout` bounds each server's whole start-up, as in libpq: the crate
    /// applies it to the TCP connect only, and a server that accepts and then never
    /// answers (TLS, authentication) would hold a cron job for ever.
    pub fn connect(&self, info: &ConnInfo, application: &str) -> Result<Client> {
        let targets = info.targets()?;
        let wanted = info.target_session_attrs()?;
        let per_host = info.connect_timeout()?;
        let mut failures = Vec::new();
        for &round in wanted.rounds() {
            failures.clear();
            for target in &targets {
                let mut config = info.config_for(application, target)?;
                if let Some(timeout) = self.statement_timeout {
                    // In the start-up packet, so it covers every statement, COPY included.
                    let mut options = config.get_options().unwrap_or_default().to_owned();
                    options.push_str(&format!(" -c statement_timeout={}", timeout.as_millis()));
                    config.options(options.trim_start());
                }
                match self.attempt(config, round, per_host) {
                    Ok(client) => return Ok(client),
                    Err(reason) => failures.push((target.label(), reason)),
                }
            }
        }
        let reasons = match failures.as_slice() {
            [(_, reason)] => reason.clone(),
            several => several
                .iter()
                .map(|(server, reason)| format!("{server}: {reason}"))
                .collect::<Vec<_>>()
                .join("; "),
        };
        Err(Error::Service(format!(
            "cannot connect to {}: {}",
            info.describe(),
            mask(&reasons, info.password())
        )))
    }

    /// Connects to one server and checks it is what `wanted` says, within `limit`.
    fn attempt(
        &self,
        config: postgres::Config,
        wanted: SessionAttrs,
        limit: Option<Duration>,
    ) -> std::result::Result<Client, String> {
        let tls = self.tls.clone();
        let connect = move || {
            let mut client = config.connect(tls).map_err(|e| describe(&e))?;
            check(&mut client, wanted)?;
            Ok(client)
        };
        let Some(limit) = limit else {
            return connect();
        };
        let (sender, receiver) = mpsc::channel();
        // Left behind on a timeout, blocked on a socket that the exit closes.
        std::thread::spawn(move || {
            // Nobody listens any more after a timeout.
            let _ = sender.send(connect());
        });
        receiver.recv_timeout(limit).unwrap_or_else(|_| {
            Err(format!(
                "no answer within {} s (connect_timeout)",
                limit.as_secs()
            ))
        })
    }
}

/// Whether the session is what `wanted` asks, with libpq's words when it is not.
/// libpq asks servers older than 14 the same questions (newer ones report the
/// answers at start-up).
fn check(client: &mut Client, wanted: SessionAttrs) -> std::result::Result<(), String> {
    let (query, yes, no) = match wanted {
        SessionAttrs::Any | SessionAttrs::PreferStandby => return Ok(()),
        SessionAttrs::ReadWrite => ("SHOW transaction_read_only", "session is read-only", ""),
        SessionAttrs::ReadOnly => ("SHOW transaction_read_only", "", "session is not read-only"),
        SessionAttrs::Primary => (
            "SELECT pg_catalog.pg_is_in_recovery()",
            "server is in hot standby mode",
            "",
        ),
        SessionAttrs::Standby => (
            "SELECT pg_catalog.pg_is_in_recovery()",
            "",
            "server is not in hot standby mode",
        ),
    };
    let answer = client
        .simple_query(query)
        .map_err(|e| describe(&e))?
        .into_iter()
        .find_map(|message| match message {
            SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
            _ => None,
        })
        .unwrap_or_default();
    let reason = if matches!(answer.as_str(), "on" | "t") {
        yes
    } else {
        no
    };
    if reason.is_empty() {
        Ok(())
    } else {
        Err(reason.to_owned())
    }
}

/// A PostgreSQL error as one line: `ERROR: message (detail; hint) [context]`.
pub fn describe(err: &postgres::Error) -> String {
    let Some(db) = err.as_db_error() else {
        // The crate's message already holds its cause's text, but not always deeper ones.
        let mut text = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(&format!(": {cause_text}"));
            }
            source = cause.source();
        }
        return text;
    };
    let mut text = format!("{}: {}", db.severity(), db.message());
    let extra: Vec<&str> = [db.detail(), db.hint()].into_iter().flatten().collect();
    if !extra.is_empty() {
        text.push_str(&format!(" ({})", extra.join("; ")));
    }
    if let Some(context) = db.where_() {
        text.push_str(&format!(" [{}]", context.replace('\n', "; ")));
    }
    text
}
