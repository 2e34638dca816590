//! The PostgreSQL connection string (`--db`, `DATABASE_URL`): a `postgres://` URI or
//! libpq's `key=value` text. The input's first line is the string, the lines after it
//! the values of PGHOST, PGHOSTADDR, … in the order of `KEYWORDS`, then USER. A string
//! is taken or refused with a usage error; the settings it resolves to become the
//! `postgres` crate's configuration or a usage error, and written back as
//! `key='value'` text they resolve to the same settings.
//!
//! No `passfile` is given (from the input or the environment, and no HOME): reading a
//! path the input names is no parsing (`/dev/zero` would never end).

use etlkit::pg::conninfo::ConnInfo;

use crate::input::head_and_rest;

/// libpq's keywords that etlkit takes, each with its environment variable.
const KEYWORDS: [(&str, &str); 12] = [
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("dbname", "PGDATABASE"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("application_name", "PGAPPNAME"),
    ("options", "PGOPTIONS"),
    ("passfile", "PGPASSFILE"),
];

pub fn check(data: &[u8]) {
    let (conninfo, rest) = head_and_rest(data);
    if names_passfile(&conninfo) {
        return;
    }
    let mut values = rest.split('\n');
    let mut env: Vec<(&str, String)> = Vec::new();
    for (_, variable) in KEYWORDS.iter().chain([&("", "USER")]) {
        if let Some(value) = values.next() {
            env.push((variable, value.to_owned()));
        }
    }
    env.retain(|(variable, _)| *variable != "PGPASSFILE");
    let env = |name: &str| {
        env.iter()
            .find(|(variable, _)| *variable == name)
            .map(|(_, value)| value.clone())
    };
    let Ok(info) = ConnInfo::resolve(&conninfo, &env) else {
        return;
    };
    let _ = info.config("etl-fuzz");
    let _ = info.ssl_mode();
    let _ = info.describe();
    let written = written_back(&info);
    let again = ConnInfo::resolve(&written, &env)
        .unwrap_or_else(|err| panic!("{conninfo:?} written as {written:?}: {err}"));
    for (keyword, _) in KEYWORDS {
        assert_eq!(
            again.get(keyword),
            info.get(keyword),
            "{keyword} of {conninfo:?} written as {written:?}"
        );
    }
}

/// Whether the text could name a `passfile`, spelled out or %-escaped in a URI.
fn names_passfile(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    text.contains("passfile") || String::from_utf8_lossy(&decoded).contains("passfile")
}

/// The settings as libpq `key='value'` text, `\` before quotes and backslashes.
fn written_back(info: &ConnInfo) -> String {
    let mut text = String::new();
    for (keyword, _) in KEYWORDS {
        let Some(value) = info.get(keyword) else {
            continue;
        };
        text.push_str(keyword);
        text.push_str("='");
        for c in value.chars() {
            if matches!(c, '\'' | '\\') {
                text.push('\\');
            }
            text.push(c);
        }
        text.push_str("' ");
    }
    text
}
