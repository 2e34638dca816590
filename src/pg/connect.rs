//! Connecting with TLS as `sslmode` asks, and PostgreSQL errors as readable text.

use native_tls::{Certificate, TlsConnector};
use postgres::Client;
use postgres_native_tls::MakeTlsConnector;

use super::conninfo::{mask, ConnInfo, SslMode};
use crate::error::{Error, Result};

/// Opens connections to one server. The TLS set-up is made once for all of them:
/// native-tls reads the system's root certificates whatever the mode, 40 ms of CPU
/// that `--jobs` would otherwise spend again for each connection.
pub struct Connector {
    tls: MakeTlsConnector,
}

impl Connector {
    pub fn new(info: &ConnInfo) -> Result<Connector> {
        Ok(Connector {
            tls: tls_connector(info)?,
        })
    }

    /// Opens one connection. Failures are `Error::Service` (exit 4), password masked.
    pub fn connect(&self, info: &ConnInfo, application: &str) -> Result<Client> {
        let config = info.config(application)?;
        config.connect(self.tls.clone()).map_err(|e| {
            Error::Service(format!(
                "cannot connect to {}: {}",
                info.describe(),
                mask(&describe(&e), info.password())
            ))
        })
    }
}

/// The TLS connector for `sslmode`, emulating libpq: prefer and require encrypt
/// without checking the certificate (unless `sslrootcert` names a file, which makes
/// require check the chain), verify-ca checks the chain against `sslrootcert` (default
/// `~/.postgresql/root.crt`; `system` means the system's roots), verify-full also the
/// host name.
fn tls_connector(info: &ConnInfo) -> Result<MakeTlsConnector> {
    let mode = info.ssl_mode()?;
    let mut builder = TlsConnector::builder();
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
    if verify {
        if let Some(path) = &root_file {
            let pem = std::fs::read(path)
                .map_err(|e| Error::io(format!("root certificate {path} (sslrootcert)"), e))?;
            // A file may hold a bundle of roots.
            let certificates = Certificate::stack_from_pem(&pem)
                .map_err(|e| Error::usage(format!("root certificate {path}: {e}")))?;
            builder.disable_built_in_roots(true);
            for certificate in certificates {
                builder.add_root_certificate(certificate);
            }
        }
        builder.danger_accept_invalid_hostnames(mode != SslMode::VerifyFull);
    } else {
        builder.danger_accept_invalid_certs(true);
        builder.danger_accept_invalid_hostnames(true);
    }
    let connector = builder
        .build()
        .map_err(|e| Error::Service(format!("TLS set-up failed: {e}")))?;
    Ok(MakeTlsConnector::new(connector))
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
