//! Where to connect, the way libpq finds it: the settings given (a `postgres://` URI or
//! `key=value` conninfo from `--db` or `DATABASE_URL`, psql's `-h -p -U -d`), then the
//! connection service they or `PGSERVICE` name (`pg_service.conf`), then the `PG*`
//! environment variables for whatever is still left out, then libpq's defaults, and
//! the password from `~/.pgpass`.
//!
//! The `postgres` crate reads none of the environment and rejects `sslmode=verify-ca`,
//! `verify-full` and `sslrootcert`, so the settings are parsed here and handed to it
//! one by one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::service;
use crate::error::{Error, Result};

/// The conninfo keywords understood, and the environment variable of each. `service`
/// has none here: `PGSERVICE` is read before the others, as the service's settings
/// come before the environment.
const KEYWORDS: &[(&str, &str)] = &[
    ("service", ""),
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("dbname", "PGDATABASE"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("sslcert", "PGSSLCERT"),
    ("sslkey", "PGSSLKEY"),
    ("sslpassword", ""),
    ("sslcrl", "PGSSLCRL"),
    ("sslcrldir", "PGSSLCRLDIR"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("target_session_attrs", "PGTARGETSESSIONATTRS"),
    ("application_name", "PGAPPNAME"),
    ("fallback_application_name", ""),
    ("options", "PGOPTIONS"),
    ("passfile", "PGPASSFILE"),
];

/// Every keyword libpq 15 to 17 knows: one of these that is not in [`KEYWORDS`] is
/// refused as not supported, any other word as libpq refuses it.
const LIBPQ_KEYWORDS: &[&str] = &[
    "service",
    "user",
    "password",
    "passfile",
    "channel_binding",
    "connect_timeout",
    "dbname",
    "host",
    "hostaddr",
    "port",
    "client_encoding",
    "options",
    "application_name",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "sslmode",
    "sslcompression",
    "sslcert",
    "sslkey",
    "sslcertmode",
    "sslpassword",
    "sslrootcert",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "requirepeer",
    "require_auth",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "gssencmode",
    "krbsrvname",
    "gsslib",
    "gssdelegation",
    "replication",
    "target_session_attrs",
    "load_balance_hosts",
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

/// The connection settings given explicitly, before any service, environment variable
/// or default: conninfo texts and single keywords, each overriding what came before it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Explicit {
    layers: Vec<Layer>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Layer {
    /// A URI or `key=value` text.
    Conninfo(String),
    /// One keyword's value.
    Keyword(&'static str, String),
}

impl Explicit {
    /// Adds a URI or `key=value` conninfo; its keywords override those before it.
    pub fn conninfo(mut self, text: impl Into<String>) -> Explicit {
        self.layers.push(Layer::Conninfo(text.into()));
        self
    }

    /// Adds one keyword, overriding what came before it. An empty value is no value,
    /// as in libpq's `PQconnectdbParams`.
    pub fn keyword(mut self, keyword: &'static str, value: impl Into<String>) -> Explicit {
        let value = value.into();
        if !value.is_empty() {
            self.layers.push(Layer::Keyword(keyword, value));
        }
        self
    }

    /// The settings given, checked.
    fn settings(&self) -> Result<BTreeMap<String, String>> {
        let mut settings = BTreeMap::new();
        for layer in &self.layers {
            match layer {
                Layer::Conninfo(text) => settings.extend(parse(text)?),
                Layer::Keyword(keyword, value) => put(&mut settings, keyword, value.clone())?,
            }
        }
        Ok(settings)
    }
}

/// The resolved connection settings.
#[derive(Debug)]
pub struct ConnInfo {
    /// Keyword → value, after the service, the environment, the defaults and `.pgpass`.
    settings: BTreeMap<String, String>,
    /// The user's home directory, for `~/.pgpass`, `~/.pg_service.conf` and
    /// `~/.postgresql/`.
    home: Option<PathBuf>,
    /// The password file's text, when no password is given: each host tried looks its
    /// own line up in it, as in libpq.
    password_file: Option<String>,
    /// What the user should hear about (a password file others may read).
    pub warnings: Vec<String>,
}

/// One server to try, of the comma-separated `host`, `hostaddr` and `port` lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// A name, or a socket directory (`/…`); `None` when only `hostaddr` is given.
    pub host: Option<String>,
    pub hostaddr: Option<std::net::IpAddr>,
    pub port: u16,
}

impl Target {
    /// `host:port` (or the address) for messages.
    pub fn label(&self) -> String {
        match (&self.host, &self.hostaddr) {
            (Some(host), _) => format!("{host}:{}", self.port),
            (None, Some(address)) => format!("{address}:{}", self.port),
            (None, None) => format!("{DEFAULT_SOCKET_DIR}:{}", self.port),
        }
    }
}

/// Which server of several a session must be, as libpq's `target_session_attrs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionAttrs {
    Any,
    /// The session accepts writes: not read-only by default, not a hot standby.
    ReadWrite,
    ReadOnly,
    /// The server is not in recovery.
    Primary,
    /// The server is a hot standby.
    Standby,
    /// A standby if any host is one, else any host.
    PreferStandby,
}

impl SessionAttrs {
    fn parse(text: &str) -> Result<SessionAttrs> {
        Ok(match text {
            "any" => SessionAttrs::Any,
            "read-write" => SessionAttrs::ReadWrite,
            "read-only" => SessionAttrs::ReadOnly,
            "primary" => SessionAttrs::Primary,
            "standby" => SessionAttrs::Standby,
            "prefer-standby" => SessionAttrs::PreferStandby,
            other => {
                return Err(Error::usage(format!(
                    "invalid target_session_attrs value: \"{other}\" (any, read-write, \
                     read-only, primary, standby or prefer-standby)"
                )))
            }
        })
    }

    /// The rounds over the hosts: prefer-standby looks for a standby first, then takes
    /// any host, as libpq does.
    pub fn rounds(self) -> &'static [SessionAttrs] {
        match self {
            SessionAttrs::PreferStandby => &[SessionAttrs::Standby, SessionAttrs::Any],
            SessionAttrs::Any => &[SessionAttrs::Any],
            SessionAttrs::ReadWrite => &[SessionAttrs::ReadWrite],
            SessionAttrs::ReadOnly => &[SessionAttrs::ReadOnly],
            SessionAttrs::Primary => &[SessionAttrs::Primary],
            SessionAttrs::Standby => &[SessionAttrs::Standby],
        }
    }
}

impl ConnInfo {
    /// Resolves `conninfo` (a URI or `key=value` text; empty for none) with `env` for
    /// the `PG*` variables and `HOME`, as libpq does.
    pub fn resolve(conninfo: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<ConnInfo> {
        ConnInfo::resolve_explicit(&Explicit::default().conninfo(conninfo), env)
    }

    /// Resolves the settings given as libpq does: then the service they (or
    /// `PGSERVICE`) name fills what they leave out, then the `PG*` variables of `env`,
    /// then the defaults, and the password from the password file.
    pub fn resolve_explicit(
        explicit: &Explicit,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ConnInfo> {
        let mut settings = explicit.settings()?;
        let home = home_directory(env);
        // An empty PGSERVICE names the service "", which libpq does not find either.
        if let Some(name) = settings
            .get("service")
            .cloned()
            .or_else(|| env("PGSERVICE"))
        {
            let known = |keyword: &str| LIBPQ_KEYWORDS.contains(&keyword);
            for setting in service::lookup(&name, env, home.as_deref(), &known)? {
                if settings.contains_key(&setting.keyword) {
                    continue;
                }
                let place = setting.place();
                put(&mut settings, &setting.keyword, setting.value)
                    .map_err(|e| Error::usage(format!("{e} ({place})")))?;
            }
        }
        for (keyword, variable) in KEYWORDS {
            if !variable.is_empty() && !settings.contains_key(*keyword) {
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
            settings.insert("user".into(), os_user()?);
        }
        if !settings.contains_key("dbname") {
            let user = settings["user"].clone();
            settings.insert("dbname".into(), user);
        }
        let mut info = ConnInfo {
            settings,
            home,
            password_file: None,
            warnings: Vec::new(),
        };
        if !info.settings.contains_key("password") {
            info.password_file = info.read_password_file();
            // The first host's, for messages to mask and for whoever asks.
            let first = info.targets().ok().and_then(|t| t.into_iter().next());
            if let Some(password) = first.and_then(|target| info.password_for(&target)) {
                info.settings.insert("password".into(), password);
            }
        }
        Ok(info)
    }

    /// The user's home directory: `HOME`, else the one the system's user database gives.
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
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
        // libpq reads numbers with strtol: white space around them is allowed.
        let seconds: u64 = seconds.trim().parse().map_err(|_| {
            Error::usage(format!(
                "connect_timeout {seconds:?} is not a number of seconds"
            ))
        })?;
        Ok((seconds > 0).then(|| Duration::from_secs(seconds.max(2))))
    }

    /// `target_session_attrs`: which of several servers will do (default any).
    pub fn target_session_attrs(&self) -> Result<SessionAttrs> {
        self.get("target_session_attrs")
            .map_or(Ok(SessionAttrs::Any), SessionAttrs::parse)
    }

    /// The servers to try in turn, from the comma-separated `host`, `hostaddr` and
    /// `port` lists as libpq pairs them: hosts and addresses one for one, one port for
    /// all or one each; an empty entry is the default (the socket directory, 5432).
    pub fn targets(&self) -> Result<Vec<Target>> {
        let list = |keyword| -> Vec<&str> {
            self.get(keyword)
                .map_or(Vec::new(), |value| value.split(',').collect())
        };
        let (hosts, addresses, ports) = (list("host"), list("hostaddr"), list("port"));
        if !hosts.is_empty() && !addresses.is_empty() && hosts.len() != addresses.len() {
            return Err(Error::usage(format!(
                "could not match {} host names to {} hostaddr values",
                hosts.len(),
                addresses.len()
            )));
        }
        let count = hosts.len().max(addresses.len()).max(1);
        if ports.len() > 1 && ports.len() != count {
            return Err(Error::usage(format!(
                "could not match {} port numbers to {count} hosts",
                ports.len()
            )));
        }
        (0..count)
            .map(|i| {
                let address = match addresses.get(i).filter(|a| !a.is_empty()) {
                    Some(address) => Some(address.trim().parse().map_err(|_| {
                        Error::usage(format!("hostaddr {address:?} is not an IP address"))
                    })?),
                    None => None,
                };
                let host = match hosts.get(i).filter(|h| !h.is_empty()) {
                    Some(host) => Some(host.to_string()),
                    None if address.is_none() => Some(DEFAULT_SOCKET_DIR.to_owned()),
                    None => None,
                };
                let port = ports.get(i).or(ports.first()).copied().unwrap_or("");
                // libpq reads numbers with strtol: white space around them is allowed.
                let port = match port.trim() {
                    "" => 5432,
                    port => port
                        .parse()
                        .map_err(|_| Error::usage(format!("port {port:?} is not a port number")))?,
                };
                Ok(Target {
                    host,
                    hostaddr: address,
                    port,
                })
            })
            .collect()
    }

    /// The settings as the `postgres` crate's configuration for one server (TLS
    /// apart), with the password the password file has for it.
    pub fn config_for(&self, application: &str, target: &Target) -> Result<postgres::Config> {
        let mut config = self.config_without_hosts(application)?;
        if let Some(host) = &target.host {
            config.host(host);
        }
        if let Some(address) = target.hostaddr {
            config.hostaddr(address);
        }
        config.port(target.port);
        if let Some(password) = self.password_for(target) {
            config.password(password);
        }
        Ok(config)
    }

    /// The settings as the `postgres` crate's configuration, every server in it.
    pub fn config(&self, application: &str) -> Result<postgres::Config> {
        let mut config = self.config_without_hosts(application)?;
        for target in self.targets()? {
            if let Some(host) = &target.host {
                config.host(host);
            }
            if let Some(address) = target.hostaddr {
                config.hostaddr(address);
            }
            config.port(target.port);
        }
        if let Some(password) = self.password() {
            config.password(password);
        }
        Ok(config)
    }

    fn config_without_hosts(&self, application: &str) -> Result<postgres::Config> {
        let mut config = postgres::Config::new();
        config.user(self.get("user").unwrap_or_default());
        config.dbname(self.get("dbname").unwrap_or_default());
        if let Some(options) = self.get("options") {
            config.options(options);
        }
        let name = self
            .get("application_name")
            .or(self.get("fallback_application_name"))
            .unwrap_or(application);
        config.application_name(name);
        if let Some(timeout) = self.connect_timeout()? {
            config.connect_timeout(timeout);
        }
        config.ssl_mode(match self.ssl_mode()? {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        });
        self.target_session_attrs()?;
        Ok(config)
    }

    /// The password for `target`: the one given, else the password file's.
    fn password_for(&self, target: &Target) -> Option<String> {
        let Some(file) = self.password_file.as_deref() else {
            return self.get("password").map(str::to_owned);
        };
        // A socket directory is "localhost" to .pgpass, as in libpq; an address
        // without a name is itself.
        let address = target.hostaddr.map(|a| a.to_string());
        let host = match target.host.as_deref().or(address.as_deref()) {
            Some(host) if !host.starts_with('/') => host,
            _ => "localhost",
        };
        let port = target.port.to_string();
        let wanted = [host, &port, self.get("dbname")?, self.get("user")?];
        file.lines()
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

    /// The password file (`passfile`, default `~/.pgpass`), when it can be read. Like
    /// libpq, a file that others may read is ignored, with a warning.
    fn read_password_file(&mut self) -> Option<String> {
        let path = match self.get("passfile") {
            Some(path) => PathBuf::from(path),
            None => self.home.as_ref()?.join(".pgpass"),
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
        Some(text)
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

/// A URI or `key=value` conninfo, checked.
fn parse(conninfo: &str) -> Result<BTreeMap<String, String>> {
    let conninfo = conninfo.trim();
    if conninfo.starts_with("postgres://") || conninfo.starts_with("postgresql://") {
        parse_uri(conninfo)
    } else {
        parse_keywords(conninfo)
    }
}

/// Checks a keyword and stores it; a second mention wins, as in libpq.
fn put(settings: &mut BTreeMap<String, String>, keyword: &str, value: String) -> Result<()> {
    match keyword {
        // The URI spelling of some keywords, and an old one libpq still takes.
        "ssl" if value == "true" => return put(settings, "sslmode", "require".into()),
        "requiressl" => {
            let mode = if value.starts_with('1') {
                "require"
            } else {
                "prefer"
            };
            return put(settings, "sslmode", mode.into());
        }
        _ => {}
    }
    if !KEYWORDS.iter().any(|(k, _)| *k == keyword) {
        if !LIBPQ_KEYWORDS.contains(&keyword) {
            // libpq's own words.
            return Err(Error::usage(format!(
                "invalid connection option \"{keyword}\""
            )));
        }
        return Err(Error::usage(format!(
            "connection option \"{keyword}\" is not supported; use {}",
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

/// The default database user, as libpq's `pg_fe_getauthname` finds it: the name of the
/// effective user id in the system's user database (`getpwuid_r`, so NSS users from
/// LDAP or sssd too), never `$USER`, which `su`, cron and containers may leave unset
/// or stale.
fn os_user() -> Result<String> {
    whoami::username().map_err(|e| {
        Error::usage(format!(
            "no database user: the operating system user has no name ({e}); give user= \
             or -U, or set PGUSER"
        ))
    })
}

/// The user's home directory as libpq finds it: `HOME` when set and not empty, else the
/// home the system's user database gives the user (std's `home_dir` asks `getpwuid_r`).
fn home_directory(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    match env("HOME").filter(|home| !home.is_empty()) {
        Some(home) => Some(PathBuf::from(home)),
        None => std::env::home_dir(),
    }
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

    /// `vars` as the environment; `HOME` is a folder that does not exist unless given,
    /// so no developer's ~/.pgpass or ~/.pg_service.conf comes into a test.
    fn environment(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let mut vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !vars.iter().any(|(k, _)| k == "HOME") {
            vars.push(("HOME".into(), "/nonexistent/home".into()));
        }
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn resolve(conninfo: &str, vars: &[(&str, &str)]) -> ConnInfo {
        ConnInfo::resolve(conninfo, &environment(vars)).unwrap()
    }

    fn fails(explicit: &Explicit, vars: &[(&str, &str)]) -> String {
        ConnInfo::resolve_explicit(explicit, &environment(vars))
            .unwrap_err()
            .to_string()
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
        let info = resolve("postgres://[::1],h2:7/", &[("PGUSER", "me")]);
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
        // The operating system's user name, never $USER.
        let me = whoami::username().unwrap();
        let info = resolve("", &[("USER", "someone-else"), ("LOGNAME", "nobody")]);
        assert_eq!(
            info.describe(),
            format!("{me}@/var/run/postgresql:5432/{me}")
        );
        assert_eq!(info.ssl_mode().unwrap(), SslMode::Prefer);
        let nobody = |_: &str| None;
        assert!(ConnInfo::resolve("sslcerts=x", &nobody).is_err());
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
    fn later_layers_override_earlier_ones_and_empty_values_are_none() {
        let env = environment(&[("PGUSER", "env"), ("PGPORT", "1")]);
        let explicit = Explicit::default()
            .keyword("host", "flag")
            .keyword("user", "flag")
            .keyword("port", "")
            .conninfo("postgresql://uri@/db");
        let info = ConnInfo::resolve_explicit(&explicit, &env).unwrap();
        assert_eq!(info.describe(), "uri@flag:1/db");
        let explicit = Explicit::default()
            .conninfo("host=conninfo dbname=db")
            .keyword("host", "flag");
        let info = ConnInfo::resolve_explicit(&explicit, &env).unwrap();
        assert_eq!(info.describe(), "env@flag:1/db");
        assert_eq!(
            fails(&Explicit::default().conninfo("sslkeys=x"), &[]),
            "invalid connection option \"sslkeys\""
        );
        assert!(
            fails(&Explicit::default().conninfo("gssencmode=disable"), &[]).starts_with(
                "connection option \"gssencmode\" is not supported; use service, host,"
            )
        );
        let info = resolve("requiressl=1", &[("PGUSER", "u")]);
        assert_eq!(info.ssl_mode().unwrap(), SslMode::Require);
        let info = resolve(
            "application_name=a fallback_application_name=b",
            &[("PGUSER", "u")],
        );
        assert_eq!(
            info.config("etl").unwrap().get_application_name(),
            Some("a")
        );
        let info = resolve("fallback_application_name=b", &[("PGUSER", "u")]);
        assert_eq!(
            info.config("etl").unwrap().get_application_name(),
            Some("b")
        );
        let info = resolve("", &[("PGUSER", "u")]);
        assert_eq!(
            info.config("etl").unwrap().get_application_name(),
            Some("etl")
        );
    }

    #[test]
    fn a_service_fills_what_was_given_leaves_out_before_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("services");
        std::fs::write(
            &file,
            "[s]\nhost=svc\nport=7\nuser=svc\ndbname=svc\n[bad]\ngssencmode=disable\n",
        )
        .unwrap();
        let file = file.display().to_string();
        let vars = [
            ("PGSERVICEFILE", file.as_str()),
            ("PGUSER", "env"),
            ("PGDATABASE", "env"),
            ("PGAPPNAME", "env"),
        ];
        let info = resolve("service=s user=given", &vars);
        assert_eq!(info.describe(), "given@svc:7/svc");
        assert_eq!(info.get("application_name"), Some("env"));
        // PGSERVICE names it when the settings given do not.
        let mut with_env = vars.to_vec();
        with_env.push(("PGSERVICE", "s"));
        assert_eq!(resolve("port=8", &with_env).describe(), "svc@svc:8/svc");
        // The service named in the settings wins over PGSERVICE.
        with_env.push(("PGSERVICE", "other"));
        assert_eq!(resolve("service=s", &with_env).describe(), "svc@svc:7/svc");
        assert_eq!(
            fails(&Explicit::default().conninfo("service=nope"), &vars),
            "definition of service \"nope\" not found"
        );
        // An empty PGSERVICE is the service "", as in libpq.
        assert_eq!(
            fails(
                &Explicit::default(),
                &[("PGSERVICE", ""), ("PGSERVICEFILE", &file)]
            ),
            "definition of service \"\" not found"
        );
        let err = fails(&Explicit::default().conninfo("service=bad"), &vars);
        assert!(
            err.starts_with("connection option \"gssencmode\" is not supported; use ")
                && err.ends_with(&format!("(service file \"{file}\", line 7)")),
            "{err}"
        );
    }

    #[test]
    fn the_service_file_in_the_home_folder_then_the_system_one() {
        let home = tempfile::tempdir().unwrap();
        let system = tempfile::tempdir().unwrap();
        std::fs::write(system.path().join("pg_service.conf"), "[s]\nhost=system\n").unwrap();
        let home_dir = home.path().display().to_string();
        let sysconfdir = system.path().display().to_string();
        let vars = [
            ("HOME", home_dir.as_str()),
            ("PGSYSCONFDIR", sysconfdir.as_str()),
            ("PGUSER", "u"),
        ];
        assert_eq!(resolve("service=s", &vars).describe(), "u@system:5432/u");
        std::fs::write(home.path().join(".pg_service.conf"), "[s]\nhost=home\n").unwrap();
        assert_eq!(resolve("service=s", &vars).describe(), "u@home:5432/u");
    }

    #[test]
    fn hosts_addresses_and_ports_pair_up_as_in_libpq() {
        let targets = |conninfo: &str| {
            resolve(conninfo, &[("PGUSER", "u")])
                .targets()
                .map(|t| t.iter().map(Target::label).collect::<Vec<_>>())
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            targets("host=a,,/tmp port=1,,3"),
            Ok(vec![
                "a:1".into(),
                "/var/run/postgresql:5432".into(),
                "/tmp:3".into()
            ])
        );
        assert_eq!(
            targets("host=a,b port=' 7 '"),
            Ok(vec!["a:7".into(), "b:7".into()])
        );
        assert_eq!(
            targets("hostaddr=127.0.0.1,::1"),
            Ok(vec!["127.0.0.1:5432".into(), "::1:5432".into()])
        );
        assert_eq!(
            targets("host=a,b,c hostaddr=127.0.0.1,::1"),
            Err("could not match 3 host names to 2 hostaddr values".into())
        );
        assert_eq!(
            targets("host=a,b,c port=1,2"),
            Err("could not match 2 port numbers to 3 hosts".into())
        );
        assert_eq!(
            targets("port=x"),
            Err("port \"x\" is not a port number".into())
        );
        let info = resolve(
            "host=a,b target_session_attrs=prefer-standby",
            &[("PGUSER", "u")],
        );
        assert_eq!(
            info.target_session_attrs().unwrap().rounds(),
            [SessionAttrs::Standby, SessionAttrs::Any]
        );
        let info = resolve("target_session_attrs=bogus", &[("PGUSER", "u")]);
        assert_eq!(
            info.target_session_attrs().unwrap_err().to_string(),
            "invalid target_session_attrs value: \"bogus\" (any, read-write, read-only, \
             primary, standby or prefer-standby)"
        );
        let info = resolve("", &[("PGUSER", "u"), ("PGTARGETSESSIONATTRS", "standby")]);
        assert_eq!(info.target_session_attrs().unwrap(), SessionAttrs::Standby);
    }

    #[test]
    fn each_host_looks_up_its_own_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(
            &path,
            "a:5432:*:u:pa\nb:6543:*:u:pb\nlocalhost:5432:*:u:sock\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let file = path.display().to_string();
        let vars = [("PGUSER", "u"), ("PGPASSFILE", file.as_str())];
        let info = resolve("host=a,b,/tmp port=5432,6543,5432", &vars);
        let passwords: Vec<Option<String>> = info
            .targets()
            .unwrap()
            .iter()
            .map(|target| {
                let config = info.config_for("etl", target).unwrap();
                config
                    .get_password()
                    .map(|p| String::from_utf8(p.to_vec()).unwrap())
            })
            .collect();
        assert_eq!(
            passwords,
            [Some("pa".into()), Some("pb".into()), Some("sock".into())]
        );
        assert_eq!(info.password(), Some("pa"));
        // A password given is every host's.
        let info = resolve("host=a,b port=5432,6543 password=given", &vars);
        let target = &info.targets().unwrap()[1];
        let config = info.config_for("etl", target).unwrap();
        assert_eq!(config.get_password(), Some(&b"given"[..]));
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
