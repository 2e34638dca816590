//! Connecting with TLS as `sslmode` asks, and PostgreSQL errors as readable text.

use std::sync::mpsc;
use std::time::Duration;

use postgres::Client;

use super::conninfo::{mask, ConnInfo};
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

    /// Opens one connection. Failures are `Error::Service` (exit 4), password masked.
    ///
    /// `connect_timeout` bounds the whole start-up, as in libpq: the crate applies it
    /// to the TCP connect only, and a server that accepts and then never answers (TLS,
    /// authentication) would hold a cron job for ever.
    pub fn connect(&self, info: &ConnInfo, application: &str) -> Result<Client> {
        let mut config = info.config(application)?;
        if let Some(timeout) = self.statement_timeout {
            // In the start-up packet, so it covers every statement, COPY included.
            let mut options = config.get_options().unwrap_or_default().to_owned();
            options.push_str(&format!(" -c statement_timeout={}", timeout.as_millis()));
            config.options(options.trim_start());
        }
        let failed = |reason: String| {
            Error::Service(format!(
                "cannot connect to {}: {}",
                info.describe(),
                mask(&reason, info.password())
            ))
        };
        let tls = self.tls.clone();
        let Some(per_host) = info.connect_timeout()? else {
            return config.connect(tls).map_err(|e| failed(describe(&e)));
        };
        let limit = per_host * info.hosts() as u32;
        let (sender, receiver) = mpsc::channel();
        // Left behind on a timeout, blocked on a socket that the exit closes.
        std::thread::spawn(move || {
            // Nobody listens any more after a timeout.
            let _ = sender.send(config.connect(tls));
        });
        match receiver.recv_timeout(limit) {
            Ok(connected) => connected.map_err(|e| failed(describe(&e))),
            Err(_) => Err(failed(format!(
                "no answer within {} s (connect_timeout)",
                limit.as_secs()
            ))),
        }
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
