//! Where to connect, the way libpq finds it: a `postgres://` URI or `key=value`
//! conninfo (from `--db` or `DATABASE_URL`), then the `PG*` environment variables for
//! whatever it leaves out, then libpq's defaults, and the password from `~/.pgpass`.
//!
//! The `postgres` crate reads none of the environment and rejects `sslmode=verify-ca`,
//! `verify-full` and `sslrootcert`, so the settings are parsed here and handed to it
//! one by one.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::{Error, Result};

/// The conninfo keywords understood, and the environment variable of each.
const KEYWORDS: &[(&str, &str)] = &[
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

/// Debian's libpq looks for the server's socket here when no host is given.
const DEFAULT_SOCKET_DIR: &str = "/var/run/postgresql";

/// How much TLS, as libpq's `sslmode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    /// TLS if the server offers it, certificate not checked (libpq's default).
    Prefer,
    /// TLS or fail; the certificate is checked only against an explicit `sslrootcert`.
    Require,
    /// TLS with a certificate chain checked against the root certificate.
    VerifyCa,
    /// As verify-ca, and the certificate must name the host.
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Result<SslMode> {
        Ok(match text {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(Error::usage(format!(
                    "sslmode {other:?} is not one of disable, allow, prefer, require, verify-ca, verify-full"
                )))
            }
        })
    }
}

/// The resolved connection settings.
#[derive(Debug)]
pub struct ConnInfo {
    /// Keyword → value, after the environment, the defaults and `.pgpass`.
    settings: BTreeMap<String, String>,
    /// What the user should hear about (a password file others may read).
    pub warnings: Vec<String>,
}

impl ConnInfo {
    /// Resolves `conninfo` (a URI or `key=value` text; empty for none) with `env` for
    /// the `PG*` variables and `HOME`/`USER`, as libpq does.
    pub fn resolve(conninfo: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnInfo> {
        let conninfo = conninfo.trim();
        let mut settings =
            if conninfo.starts_with("postgres://") || conninfo.starts_with("postgresql://") {
                parse_uri(conninfo)?
            } else {
                parse_keywords(conninfo)?
            };
        for (keyword, variable) in KEYWORDS {
            if !settings.contains_key(*keyword) {
                if let Some(value) = env(variable).filter(|v| !v.is_empty()) {
                    settings.insert(keyword.to_string(), value);
                }
            }
        }
        if !settings.contains_key("host") && !settings.contains_key("hostaddr") {
            settings.insert("host".into(), DEFAULT_SOCKET_DIR.into());
        }
        settings
            .entry("port".into())
            .or_insert_with(|| "5432".into());
        if !settings.contains_key("user") {
            let user = env("USER")
                .or_else(|| env("LOGNAME"))
                .ok_or_else(|| Error::usage("no database user: give one in --db, or set PGUSER"))?;
            settings.insert("user".into(), user);
        }
        if !settings.contains_key("dbname") {
            let user = settings["user"].clone();
            settings.insert("dbname".into(), user);
        }
        let mut info = ConnInfo {
            settings,
            warnings: Vec::new(),
        };
        if !info.settings.contains_key("password") {
            if let Some(password) = info.password_from_file(env) {
                info.settings.insert("password".into(), password);
            }
        }
        Ok(info)
    }

    pub fn get(&self, keyword: &str) -> Option<&str> {
        self.settings.get(keyword).map(String::as_str)
    }

    pub fn ssl_mode(&self) -> Result<SslMode> {
        self.get("sslmode")
            .map_or(Ok(SslMode::Prefer), SslMode::parse)
    }

    /// The password, to mask it wherever a message could carry it.
    pub fn password(&self) -> Option<&str> {
        self.get("password")
    }

    /// `user@host:port/dbname` for messages: never the password.
    pub fn describe(&self) -> String {
        let host = self
            .get("host")
            .or(self.get("hostaddr"))
            .unwrap_or_default();
        format!(
            "{}@{}:{}/{}",
            self.get("user").unwrap_or_default(),
            host,
            self.get("port").unwrap_or_default(),
            self.get("dbname").unwrap_or_default()
        )
    }

    /// `connect_timeout`: how long to wait for each host, as libpq reads it: 0 waits
    /// for ever, and less than 2 seconds means 2.
    pub fn connect_timeout(&self) -> Result<Option<Duration>> {
        let Some(seconds) = self.get("connect_timeout") else {
            return Ok(None);
        };
        let seconds: u64 = seconds.parse().map_err(|_| {
            Error::usage(format!(
                "connect_timeout {seconds:?} is not a number of seconds"
            ))
        })?;
        Ok((seconds > 0).then(|| Duration::from_secs(seconds.max(2))))
    }

    /// The number of hosts tried in turn.
    pub fn hosts(&self) -> usize {
        let listed = |key| {
            self.get(key)
                .map_or(0, |list: &str| list.split(',').count())
        };
        listed("host").max(listed("hostaddr")).max(1)
    }

    /// The settings as the `postgres` crate's configuration (TLS apart).
    pub fn config(&self, application: &str) -> Result<postgres::Config> {
        let mut config = postgres::Config::new();
        let hosts: Vec<&str> = self.get("host").map_or(vec![], |h| h.split(',').collect());
        for host in &hosts {
            config.host(host);
        }
        if let Some(addresses) = self.get("hostaddr") {
            for address in addresses.split(',') {
                let ip = address.parse().map_err(|_| {
                    Error::usage(format!("hostaddr {address:?} is not an IP address"))
                })?;
                config.hostaddr(ip);
            }
        }
        for port in self.get("port").unwrap_or("5432").split(',') {
            let port = port
                .parse()
                .map_err(|_| Error::usage(format!("port {port:?} is not a port number")))?;
            config.port(port);
        }
        config.user(self.get("user").unwrap_or_default());
        config.dbname(self.get("dbname").unwrap_or_default());
        if let Some(password) = self.password() {
            config.password(password);
        }
        if let Some(options) = self.get("options") {
            config.options(options);
        }
        config.application_name(self.get("application_name").unwrap_or(application));
        if let Some(timeout) = self.connect_timeout()? {
            config.connect_timeout(timeout);
        }
        config.ssl_mode(match self.ssl_mode()? {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        Ok(config)
    }

    /// The password of the first `.pgpass` line that matches host, port, database and
    /// user. Like libpq, a file that others may read is ignored, with a warning.
    fn password_from_file(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        let path = match self.get("passfile") {
            Some(path) => PathBuf::from(path),
            None => PathBuf::from(env("HOME")?).join(".pgpass"),
        };
        let text = std::fs::read_to_string(&path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).ok()?.permissions().mode();
            if mode & 0o077 != 0 {
                self.warnings.push(format!(
                    "password file {} has group or world access and is ignored; permissions should be u=rw (0600) or less",
                    path.display()
                ));
                return None;
            }
        }
        let host = self.get("host").unwrap_or_default().split(',').next()?;
        // A socket directory is "localhost" to .pgpass, as in libpq.
        let host = if host.starts_with('/') {
            "localhost"
        } else {
            host
        };
        let port = self.get("port").unwrap_or_default().split(',').next()?;
        let wanted = [host, port, self.get("dbname")?, self.get("user")?];
        text.lines()
            .filter(|line| !line.starts_with('#'))
            .find_map(|line| {
                let fields = pgpass_fields(line);
                if fields.len() != 5 {
                    return None;
                }
                let matches = fields[..4]
                    .iter()
                    .zip(wanted)
                    .all(|(field, want)| field == "*" || field == want);
                matches.then(|| fields[4].clone())
            })
    }
}

/// The `:`-separated fields of a `.pgpass` line; `\:` and `\\` are escapes.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    fields.last_mut().expect("one field").push(next);
                }
            }
            ':' => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

/// Checks a keyword and stores it; a second mention wins, as in libpq.
fn put(settings: &mut BTreeMap<String, String>, keyword: &str, value: String) -> Result<()> {
    let keyword = match keyword {
        // The URI spelling of some keywords.
        "ssl" if value == "true" => return put(settings, "sslmode", "require".into()),
        other => other,
    };
    if !KEYWORDS.iter().any(|(k, _)| *k == keyword) {
        return Err(Error::usage(format!(
            "connection option {keyword:?} is not supported; use {}",
            KEYWORDS
                .iter()
                .map(|(k, _)| *k)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    settings.insert(keyword.to_owned(), value);
    Ok(())
}

/// `postgresql://[user[:password]@][host[:port][,host[:port]…]][/dbname][?key=value&…]`.
fn parse_uri(uri: &str) -> Result<BTreeMap<String, String>> {
    let bad = |why: &str| Error::usage(format!("the database URI is not valid: {why}"));
    let rest = uri.split_once("://").expect("checked by the caller").1;
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match rest.split_once('/') {
        Some((authority, path)) => (authority, Some(path)),
        None => (rest, None),
    };
    let mut settings = BTreeMap::new();
    let hosts = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (userinfo, None),
            };
            if !user.is_empty() {
                put(&mut settings, "user", decode(user)?)?;
            }
            if let Some(password) = password {
                put(&mut settings, "password", decode(password)?)?;
            }
            hosts
        }
        None => authority,
    };
    if !hosts.is_empty() {
        let mut names = Vec::new();
        let mut ports = Vec::new();
        for spec in hosts.split(',') {
            let (host, port) = if let Some(inner) = spec.strip_prefix('[') {
                let (host, after) = inner.split_once(']').ok_or_else(|| bad("an unclosed ["))?;
                (host, after.strip_prefix(':'))
            } else {
                match spec.rsplit_once(':') {
                    Some((host, port)) => (host, Some(port)),
                    None => (spec, None),
                }
            };
            names.push(decode(host)?);
            ports.push(port.unwrap_or("").to_owned());
        }
        if names.iter().any(|n| !n.is_empty()) {
            put(&mut settings, "host", names.join(","))?;
        }
        if ports.iter().any(|p| !p.is_empty()) {
            let ports: Vec<&str> = ports
                .iter()
                .map(|p| if p.is_empty() { "5432" } else { p })
                .collect();
            put(&mut settings, "port", ports.join(","))?;
        }
    }
    if let Some(dbname) = path.filter(|p| !p.is_empty()) {
        put(&mut settings, "dbname", decode(dbname)?)?;
    }
    for pair in query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| bad("a parameter without ="))?;
        put(&mut settings, &decode(key)?, decode(value)?)?;
    }
    Ok(settings)
}

/// Percent-decoding of one URI part.
fn decode(text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| {
                    Error::usage("the database URI is not valid: a bad %-escape".to_string())
                })?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map_err(|_| Error::usage("the database URI is not valid: a %-escape is not UTF-8"))
}

/// `key=value key='quoted value'`, with `\'` and `\\` inside quotes.
fn parse_keywords(text: &str) -> Result<BTreeMap<String, String>> {
    let bad = |why: &str| Error::usage(format!("the connection string is not valid: {why}"));
    let mut settings = BTreeMap::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(settings);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(bad(&format!("{key:?} has no =value")));
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next() {
                    Some('\\') => value.push(chars.next().ok_or_else(|| bad("a trailing \\"))?),
                    Some('\'') => break,
                    Some(c) => value.push(c),
                    None => return Err(bad("a quote is not closed")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if c == '\\' {
                    chars.next();
                    value.push(chars.next().ok_or_else(|| bad("a trailing \\"))?);
                    continue;
                }
                value.push(c);
                chars.next();
            }
        }
        put(&mut settings, &key, value)?;
    }
}

/// Replaces the password, wherever it appears in `text`, with `***`.
pub fn mask(text: &str, password: Option<&str>) -> String {
    match password {
        Some(password) if !password.is_empty() => text.replace(password, "***"),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(conninfo: &str, vars: &[(&str, &str)]) -> ConnInfo {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ConnInfo::resolve(conninfo, &|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
        .unwrap()
    }

    #[test]
    fn uris_decode_and_environment_fills_the_rest() {
        let info = resolve(
            "postgresql://al%40ice:p%3Ass@db.example:6543/sales?sslmode=verify-full&application_name=x",
            &[("PGPORT", "1"), ("PGCONNECT_TIMEOUT", "7")],
        );
        assert_eq!(info.get("user"), Some("al@ice"));
        assert_eq!(info.password(), Some("p:ss"));
        assert_eq!(info.get("host"), Some("db.example"));
        assert_eq!(info.get("port"), Some("6543"));
        assert_eq!(info.get("dbname"), Some("sales"));
        assert_eq!(info.get("connect_timeout"), Some("7"));
        assert_eq!(info.ssl_mode().unwrap(), SslMode::VerifyFull);
        assert_eq!(info.describe(), "al@ice@db.example:6543/sales");
        let info = resolve("postgres://[::1],h2:7/", &[("USER", "me")]);
        assert_eq!(info.get("host"), Some("::1,h2"));
        assert_eq!(info.get("port"), Some("5432,7"));
        assert_eq!(info.get("dbname"), Some("me"));
    }

    #[test]
    fn keyword_form_and_libpq_defaults() {
        let info = resolve(
            "host=/tmp dbname = 'my db' password='it\\'s'",
            &[("PGUSER", "u"), ("PGSSLMODE", "disable")],
        );
        assert_eq!(info.get("host"), Some("/tmp"));
        assert_eq!(info.get("dbname"), Some("my db"));
        assert_eq!(info.password(), Some("it's"));
        assert_eq!(info.ssl_mode().unwrap(), SslMode::Disable);
        let info = resolve("", &[("USER", "me")]);
        assert_eq!(info.describe(), "me@/var/run/postgresql:5432/me");
        assert_eq!(info.ssl_mode().unwrap(), SslMode::Prefer);
        let nobody = |_: &str| None;
        assert!(ConnInfo::resolve("sslcert=x", &nobody).is_err());
        assert!(ConnInfo::resolve("host", &nobody).is_err());
    }

    #[test]
    fn pgpass_matches_with_wildcards_and_needs_private_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(
            &path,
            "# comment\nother:*:*:*:no\nlocalhost:5432:*:u:s\\:cret\n*:*:*:*:fallback\n",
        )
        .unwrap();
        let file = path.to_str().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let info = resolve("user=u", &[("PGPASSFILE", file)]);
        assert_eq!(info.password(), Some("s:cret"));
        let info = resolve("user=v host=h", &[("PGPASSFILE", file)]);
        assert_eq!(info.password(), Some("fallback"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let info = resolve("user=u", &[("PGPASSFILE", file)]);
            assert_eq!(info.password(), None);
            assert_eq!(
                info.warnings,
                [format!("password file {file} has group or world access and is ignored; permissions should be u=rw (0600) or less")]
            );
        }
    }

    #[test]
    fn masking() {
        assert_eq!(
            mask("password=hunter2 failed", Some("hunter2")),
            "password=*** failed"
        );
        assert_eq!(mask("x", None), "x");
    }
}
