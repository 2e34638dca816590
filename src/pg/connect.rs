//! Connecting with TLS as `sslmode` asks, and PostgreSQL errors as readable text.

use std::future::Future;
use std::pin::Pin;
use std::sync::{mpsc, Arc, OnceLock};
use std::time::Duration;

use native_tls::{Certificate, TlsConnector};
use postgres::tls::{MakeTlsConnect, TlsConnect};
use postgres::{Client, Socket};
use postgres_native_tls::TlsStream;

use super::conninfo::{mask, ConnInfo, SslMode};
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
            tls: LazyTls {
                settings: Arc::new(tls_settings(info)?),
                built: Arc::new(OnceLock::new()),
            },
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

/// How the TLS connector is to check the server, from `sslmode` and `sslrootcert`.
struct TlsSettings {
    /// Check the certificate chain.
    verify: bool,
    /// Check the host name too (verify-full).
    verify_host: bool,
    /// The roots to check against instead of the system's.
    roots: Option<Vec<Certificate>>,
}

/// The settings for `sslmode`, emulating libpq: prefer and require encrypt without
/// checking the certificate (unless `sslrootcert` names a file, which makes require
/// check the chain), verify-ca checks the chain against `sslrootcert` (default
/// `~/.postgresql/root.crt`; `system` means the system's roots), verify-full also the
/// host name. The root file is read here, so a missing one fails before connecting.
fn tls_settings(info: &ConnInfo) -> Result<TlsSettings> {
    let mode = info.ssl_mode()?;
    let root_file = match info.get("sslrootcert") {
        Some("system") => None,
        Some(path) => Some(path.to_owned()),
        None if matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull) => {
            let home = std::env::var("HOME").unwrap_or_default();
            Some(format!("{home}/.postgresql/root.crt"))
        }
        None => None,
    };
    let verify = match mode {
        SslMode::Disable | SslMode::Prefer => false,
        SslMode::Require => info.get("sslrootcert").is_some(),
        SslMode::VerifyCa | SslMode::VerifyFull => true,
    };
    let roots = match &root_file {
        Some(path) if verify => {
            let pem = std::fs::read(path)
                .map_err(|e| Error::io(format!("root certificate {path} (sslrootcert)"), e))?;
            // A file may hold a bundle of roots.
            let certificates = Certificate::stack_from_pem(&pem)
                .map_err(|e| Error::usage(format!("root certificate {path}: {e}")))?;
            Some(certificates)
        }
        _ => None,
    };
    Ok(TlsSettings {
        verify,
        verify_host: mode == SslMode::VerifyFull,
        roots,
    })
}

impl TlsSettings {
    fn connector(&self) -> std::result::Result<TlsConnector, native_tls::Error> {
        let mut builder = TlsConnector::builder();
        if self.verify {
            if let Some(roots) = &self.roots {
                builder.disable_built_in_roots(true);
                for root in roots {
                    builder.add_root_certificate(root.clone());
                }
            }
            builder.danger_accept_invalid_hostnames(!self.verify_host);
        } else {
            builder.danger_accept_invalid_certs(true);
            builder.danger_accept_invalid_hostnames(true);
        }
        builder.build()
    }
}

type TlsError = Box<dyn std::error::Error + Send + Sync>;

/// The TLS connector, built when a server first agrees to TLS and then shared by every
/// connection: building it reads the system's root certificates whatever the mode
/// (about 40 ms of CPU), which a server without TLS, the common local case, never
/// needs.
#[derive(Clone)]
struct LazyTls {
    settings: Arc<TlsSettings>,
    built: Arc<OnceLock<std::result::Result<TlsConnector, String>>>,
}

impl MakeTlsConnect<Socket> for LazyTls {
    type Stream = TlsStream<Socket>;
    type TlsConnect = LazyTlsConnect;
    type Error = std::convert::Infallible;

    fn make_tls_connect(
        &mut self,
        domain: &str,
    ) -> std::result::Result<LazyTlsConnect, Self::Error> {
        Ok(LazyTlsConnect {
            tls: self.clone(),
            domain: domain.to_owned(),
        })
    }
}

/// One connection's TLS handshake with the shared connector.
struct LazyTlsConnect {
    tls: LazyTls,
    domain: String,
}

impl TlsConnect<Socket> for LazyTlsConnect {
    type Stream = TlsStream<Socket>;
    type Error = TlsError;
    type Future = Pin<Box<dyn Future<Output = std::result::Result<Self::Stream, TlsError>> + Send>>;

    fn connect(self, stream: Socket) -> Self::Future {
        let built = self.tls.built.get_or_init(|| {
            self.tls
                .settings
                .connector()
                .map_err(|e| format!("TLS set-up failed: {e}"))
        });
        match built {
            Ok(connector) => {
                let handshake =
                    postgres_native_tls::TlsConnector::new(connector.clone(), &self.domain)
                        .connect(stream);
                Box::pin(async move { handshake.await.map_err(TlsError::from) })
            }
            Err(reason) => {
                let reason = reason.clone();
                Box::pin(async move { Err(TlsError::from(reason)) })
            }
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
