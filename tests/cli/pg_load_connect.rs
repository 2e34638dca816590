//! Where etl-pg-load connects, as libpq would: connection services, psql's flags, the
//! operating-system user, client certificates and several hosts, against the real
//! server (`ETLKIT_TEST_PG`). Every run gets a clean environment of its own (only
//! `PATH` is kept), so the variables a test sets are the only ones there.
//!
//! Each load writes one row into a table whose defaults record the session it came
//! from (`current_user`, `current_database()`, `application_name`, TLS), so a test sees
//! where the load connected, not only that it succeeded.

use std::path::Path;
use std::process::{Command, Stdio};

use postgres::{Client, NoTls};

use crate::harness::{bin_dir, finish, service, Outcome, PATIENCE};

/// The test server, reached through `ETLKIT_TEST_PG`, and a table of sessions in a
/// schema of the test's own.
struct Server {
    host: String,
    port: String,
    user: String,
    dbname: String,
    client: Client,
    /// `SCHEMA.sessions`.
    table: String,
    /// What a session with the default sslmode (prefer) has: TLS when the server speaks it.
    tls: &'static str,
}

/// Connects, makes a fresh schema `pgc_<name>` and its `sessions` table; `None`
/// (skipped) without a server.
fn server(name: &str) -> Option<Server> {
    let url = service("ETLKIT_TEST_PG")?;
    let mut client = Client::connect(&url, NoTls).expect("the test server accepts connections");
    let rest = url.split_once("://").unwrap().1;
    let (user, rest) = rest.split_once('@').unwrap();
    let (host_port, dbname) = rest.split_once('/').unwrap();
    let (host, port) = host_port.rsplit_once(':').unwrap();
    let schema = format!("pgc_{name}");
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};
             CREATE FUNCTION {schema}.tls() RETURNS boolean LANGUAGE sql
                 AS 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';
             CREATE TABLE {schema}.sessions (
                 id int,
                 who text DEFAULT current_user,
                 db text DEFAULT current_database(),
                 app text DEFAULT current_setting('application_name'),
                 tls boolean DEFAULT {schema}.tls(),
                 port int DEFAULT inet_server_port());
             GRANT USAGE ON SCHEMA {schema} TO PUBLIC;
             GRANT INSERT, SELECT ON {schema}.sessions TO PUBLIC"
        ))
        .unwrap();
    let ssl: String = client
        .query_one("SELECT current_setting('ssl')", &[])
        .unwrap()
        .get(0);
    Some(Server {
        tls: if ssl == "on" { "t" } else { "f" },
        host: host.to_owned(),
        port: port.to_owned(),
        user: user.to_owned(),
        dbname: dbname.split('?').next().unwrap().to_owned(),
        client,
        table: format!("{schema}.sessions"),
    })
}

impl Server {
    /// The session that loaded row `id`: `who|db|app|tls`.
    fn session(&mut self, id: i32) -> String {
        let rows = self
            .client
            .query(
                &format!(
                    "SELECT concat_ws('|', who, db, app, tls) FROM {} WHERE id = $1",
                    self.table
                ),
                &[&id],
            )
            .unwrap();
        assert_eq!(rows.len(), 1, "one row with id {id}");
        rows[0].get(0)
    }

    /// `etl-pg-load -t SCHEMA.sessions ARGS…` loading the row `id`, with `env` only.
    fn load(&self, id: i32, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let mut all = vec!["-t", &self.table];
        all.extend_from_slice(args);
        run("etl-pg-load", &all, env, &format!("id\n{id}\n"))
    }

    /// Loads row `id` and says which session it came from.
    fn loads(&mut self, id: i32, args: &[&str], env: &[(&str, &str)]) -> String {
        let outcome = self.load(id, args, env);
        outcome.expect(0, "", "");
        self.session(id)
    }
}

/// Runs `program` (an etlkit binary, or another program on `PATH`) in an environment
/// of `PATH` and `env` alone; `HOME` is a folder that does not exist unless `env` says,
/// so no ~/.pgpass, ~/.pg_service.conf or ~/.postgresql of the machine comes in.
fn run(program: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Outcome {
    let path = bin_dir().join(program);
    let mut command = if path.exists() {
        Command::new(path)
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", "/nonexistent/home")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the program runs");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = input.write_all(stdin.as_bytes());
    });
    let output = finish(child, PATIENCE);
    writer.join().unwrap();
    Outcome {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code(),
    }
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_connection_service_names_the_server() {
    let Some(mut db) = server("service") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (host, port, user, dbname) = (
        db.host.clone(),
        db.port.clone(),
        db.user.clone(),
        db.dbname.clone(),
    );
    let services = write(
        &dir.path().join("services.conf"),
        &format!(
            "# the test server\n[etl]\nhost={host}\nport={port}\nuser={user}\n\
             dbname={dbname}\napplication_name=from-service\n\n[other]\nport=1\n"
        ),
    );
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let home = home.display().to_string();
    let env = |more: &[(&'static str, &'static str)]| {
        let mut env = vec![
            ("HOME", home.as_str()),
            ("PGSERVICEFILE", services.as_str()),
            // No system-wide file of the machine's comes in.
            ("PGSYSCONFDIR", home.as_str()),
        ];
        env.extend_from_slice(more);
        env
    };
    let who = format!("{user}|{dbname}");
    let tls = db.tls;
    // PGSERVICE alone, and PGHOST pointing elsewhere: the service comes first.
    assert_eq!(
        db.loads(
            1,
            &[],
            &env(&[("PGSERVICE", "etl"), ("PGHOST", "192.0.2.1")])
        ),
        format!("{who}|from-service|{tls}")
    );
    // Named in --db; its own keywords win over the service's, the service's over PG*.
    assert_eq!(
        db.loads(
            2,
            &["--db", "service=etl sslmode=disable"],
            &env(&[("PGAPPNAME", "env")])
        ),
        format!("{who}|from-service|f")
    );
    assert_eq!(
        db.loads(
            3,
            &["--db", "service=etl application_name=given"],
            &env(&[("PGSERVICE", "other")])
        ),
        format!("{who}|given|{tls}")
    );
    // An unknown service is an error, as in libpq, not a connection somewhere else.
    db.load(4, &[], &env(&[("PGSERVICE", "nope")])).expect(
        2,
        "",
        "etl-pg-load: definition of service \"nope\" not found\n",
    );
    let missing = format!("{home}/missing.conf");
    db.load(
        4,
        &["--db", "service=etl"],
        &[("HOME", &home), ("PGSERVICEFILE", &missing)],
    )
    .expect(
        2,
        "",
        &format!("etl-pg-load: service file \"{missing}\" not found\n"),
    );
    // ~/.pg_service.conf, then PGSYSCONFDIR/pg_service.conf.
    let system = dir.path().join("system");
    std::fs::create_dir(&system).unwrap();
    let system = system.display().to_string();
    write(
        Path::new(&format!("{system}/pg_service.conf")),
        &format!("[sys]\nhost={host}\nport={port}\nuser={user}\ndbname={dbname}\n"),
    );
    let found = db.loads(
        5,
        &["--db", "service=sys application_name=system-file"],
        &[("HOME", &home), ("PGSYSCONFDIR", &system)],
    );
    assert_eq!(found, format!("{who}|system-file|{tls}"));
    std::fs::copy(&services, format!("{home}/.pg_service.conf")).unwrap();
    let found = db.loads(
        6,
        &[],
        &[
            ("HOME", &home),
            ("PGSYSCONFDIR", &system),
            ("PGSERVICE", "etl"),
        ],
    );
    assert_eq!(found, format!("{who}|from-service|{tls}"));
}

#[test]
fn psql_flags_fill_what_the_conninfo_leaves_out() {
    let Some(mut db) = server("flags") else {
        return;
    };
    let (host, port, user, dbname) = (
        db.host.clone(),
        db.port.clone(),
        db.user.clone(),
        db.dbname.clone(),
    );
    let tls = db.tls;
    let who = format!("{user}|{dbname}");
    let flags = ["-h", &host, "-p", &port, "-U", &user, "-d", &dbname];
    let env = [
        ("PGAPPNAME", "flags"),
        ("PGUSER", "nobody"),
        ("PGDATABASE", "nowhere"),
    ];
    assert_eq!(db.loads(1, &flags, &env), format!("{who}|flags|{tls}"));
    let long = [
        "--host",
        &host,
        "--port",
        &port,
        "--username",
        &user,
        "--dbname",
        &dbname,
    ];
    assert_eq!(db.loads(2, &long, &env), format!("{who}|flags|{tls}"));
    // A conninfo's own keywords win over the flags, in --db as in -d (psql's rule).
    let conninfo = format!("host={host} port={port} application_name=conninfo");
    let elsewhere = ["-h", "192.0.2.1", "-p", "1", "-U", &user, "-d", &dbname];
    let with = |flag: &'static str| [&elsewhere[..4], &["-U", &user, flag, &conninfo][..]].concat();
    assert_eq!(
        db.loads(3, &with("--db"), &[("PGDATABASE", &dbname)]),
        format!("{who}|conninfo|{tls}")
    );
    assert_eq!(
        db.loads(4, &with("-d"), &[("PGDATABASE", &dbname)]),
        format!("{who}|conninfo|{tls}")
    );
    let uri = format!("postgresql://{host}:{port}/{dbname}?application_name=uri");
    assert_eq!(
        db.loads(5, &["-d", &uri, "-U", &user, "-p", "1"], &[]),
        format!("{who}|uri|{tls}")
    );
    // The flags win over DATABASE_URL, an environment variable.
    let url = "postgresql://nobody@192.0.2.1:1/nowhere?application_name=url";
    assert_eq!(
        db.loads(6, &flags, &[("DATABASE_URL", url)]),
        format!("{who}|url|{tls}")
    );
    db.load(7, &["--db", &conninfo, "-d", &dbname], &[]).expect(
        2,
        "",
        "etl-pg-load: the argument '--db <CONNINFO>' cannot be used with '--dbname <DBNAME>'\n\n\
             Usage: etl-pg-load --table <TABLE> --db <CONNINFO> [FILE]...\n\n\
             For more information, try '--help'.\n",
    );
    // -h is the host: help is --help.
    let outcome = run("etl-pg-load", &["--help"], &[], "");
    assert_eq!(outcome.code, Some(0));
    assert!(
        outcome.stdout.contains("  -h, --host <HOST>\n"),
        "{}",
        outcome.stdout
    );
}

#[test]
fn the_default_user_is_the_operating_systems_not_user() {
    let Some(mut db) = server("os_user") else {
        return;
    };
    // libpq asks the user database for the effective uid's name.
    let me = run("id", &["-un"], &[], "").stdout.trim().to_owned();
    db.client
        .batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE \"{me}\" LOGIN; \
             EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ))
        .unwrap();
    let (host, port, dbname) = (db.host.clone(), db.port.clone(), db.dbname.clone());
    let tls = db.tls;
    // No PGUSER, USER or LOGNAME at all (cron, containers, su), and then a wrong USER.
    let env = [
        ("PGHOST", host.as_str()),
        ("PGPORT", &port),
        ("PGDATABASE", &dbname),
    ];
    assert_eq!(
        db.loads(1, &[], &env),
        format!("{me}|{dbname}|etl-pg-load|{tls}")
    );
    let mut stale = env.to_vec();
    stale.extend([("USER", "nobody"), ("LOGNAME", "nobody")]);
    assert_eq!(
        db.loads(2, &[], &stale),
        format!("{me}|{dbname}|etl-pg-load|{tls}")
    );
    // And the database defaults to the user's name, as in libpq.
    let outcome = db.load(3, &["-h", &host, "-p", &port], &[]);
    assert_eq!(outcome.code, Some(4), "{}", outcome.stderr);
    assert!(
        outcome.stderr.starts_with(&format!(
            "etl-pg-load: cannot connect to {me}@{host}:{port}/{me}: "
        )) && outcome
            .stderr
            .contains(&format!("database \"{me}\" does not exist")),
        "{}",
        outcome.stderr
    );
}

/// The client certificate and revocation lists scripts/services makes beside the
/// test server's CA (`ETLKIT_TEST_PG_ROOTCERT`); `None` (skipped) when the server is
/// not one it started with TLS.
fn tls_files(db: &Server) -> Option<std::path::PathBuf> {
    if db.tls != "t" {
        eprintln!("SKIPPED: the test server does not speak TLS");
        return None;
    }
    let root = service("ETLKIT_TEST_PG_ROOTCERT")?;
    let folder = Path::new(&root).parent().unwrap().to_path_buf();
    assert!(
        folder.join("client.crt").exists(),
        "{} has no client.crt: run scripts/services up",
        folder.display()
    );
    Some(folder)
}

/// `openssl ARGS…`, which must succeed.
fn openssl(args: &[&str]) {
    let outcome = run("openssl", args, &[], "");
    assert_eq!(
        outcome.code,
        Some(0),
        "openssl {args:?}: {}",
        outcome.stderr
    );
}

#[test]
fn client_certificates_log_in_with_any_key_form() {
    let Some(mut db) = server("certs") else {
        return;
    };
    let Some(tls) = tls_files(&db) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let key = |name: &str| dir.path().join(name).display().to_string();
    // The key as scripts/services made it (PKCS#8), and as PKCS#1, both also encrypted.
    std::fs::copy(tls.join("client.key"), key("pkcs8.key")).unwrap();
    openssl(&[
        "pkey",
        "-in",
        &key("pkcs8.key"),
        "-traditional",
        "-out",
        &key("pkcs1.key"),
    ]);
    let password = "pass:s3cr=t 'x'";
    openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        &key("pkcs8.key"),
        "-passout",
        password,
        "-out",
        &key("pkcs8-encrypted.key"),
    ]);
    openssl(&[
        "rsa",
        "-in",
        &key("pkcs8.key"),
        "-aes256",
        "-traditional",
        "-passout",
        password,
        "-out",
        &key("pkcs1-encrypted.key"),
    ]);
    for name in [
        "pkcs8.key",
        "pkcs1.key",
        "pkcs8-encrypted.key",
        "pkcs1-encrypted.key",
    ] {
        set_mode(&key(name), 0o600);
    }
    assert!(std::fs::read_to_string(key("pkcs1.key"))
        .unwrap()
        .starts_with("-----BEGIN RSA PRIVATE KEY"));
    assert!(std::fs::read_to_string(key("pkcs1-encrypted.key"))
        .unwrap()
        .contains("Proc-Type: 4,ENCRYPTED"));
    let (host, port, dbname) = (db.host.clone(), db.port.clone(), db.dbname.clone());
    let root = tls.join("ca.crt").display().to_string();
    let cert = tls.join("client.crt").display().to_string();
    let conninfo = |key: &str, more: &str| {
        format!(
            "host={host} port={port} user=etlkit_cert dbname={dbname} sslmode=verify-full \
             sslrootcert={root} sslcert={cert} sslkey={key} {more}"
        )
    };
    let cert_session = format!("etlkit_cert|{dbname}|etl-pg-load|t");
    let mut id = 0;
    for (name, more) in [
        ("pkcs8.key", ""),
        ("pkcs1.key", ""),
        ("pkcs8-encrypted.key", "sslpassword='s3cr=t \\'x\\''"),
        ("pkcs1-encrypted.key", "sslpassword='s3cr=t \\'x\\''"),
    ] {
        id += 1;
        assert_eq!(
            db.loads(id, &["--db", &conninfo(&key(name), more)], &[]),
            cert_session,
            "{name}"
        );
    }
    // The environment's PGSSLCERT and PGSSLKEY, and libpq's defaults in ~/.postgresql.
    let env = [
        ("PGSSLCERT", cert.as_str()),
        ("PGSSLKEY", &key("pkcs1.key")),
        ("PGSSLROOTCERT", &root),
    ];
    let plain =
        format!("host={host} port={port} user=etlkit_cert dbname={dbname} sslmode=verify-ca");
    assert_eq!(db.loads(11, &["--db", &plain], &env), cert_session);
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".postgresql")).unwrap();
    for (from, to) in [
        (&cert, "postgresql.crt"),
        (&key("pkcs1.key"), "postgresql.key"),
        (&root, "root.crt"),
    ] {
        std::fs::copy(from, home.join(".postgresql").join(to)).unwrap();
    }
    let home = home.display().to_string();
    set_mode(&format!("{home}/.postgresql/postgresql.key"), 0o600);
    assert_eq!(
        db.loads(12, &["--db", &plain], &[("HOME", &home)]),
        cert_session
    );
    // What fails, and how.
    let fails = |id: i32, conninfo: &str, code: i32, message: &str| {
        let outcome = db.load(id, &["--db", conninfo], &[]);
        assert_eq!(outcome.code, Some(code), "{}", outcome.stderr);
        assert!(
            outcome.stderr.contains(message),
            "{message:?} in {}",
            outcome.stderr
        );
    };
    fails(
        20,
        &conninfo(&key("pkcs8-encrypted.key"), ""),
        2,
        &format!(
            "etl-pg-load: could not load private key file \"{}\": ",
            key("pkcs8-encrypted.key")
        ),
    );
    fails(
        21,
        &conninfo(&key("pkcs8-encrypted.key"), ""),
        2,
        "(the key is encrypted: give its password in sslpassword)",
    );
    fails(
        22,
        &conninfo(&key("pkcs1-encrypted.key"), "sslpassword=wrong"),
        2,
        "could not load private key file",
    );
    set_mode(&key("pkcs8.key"), 0o644);
    fails(
        23,
        &conninfo(&key("pkcs8.key"), ""),
        2,
        &format!("etl-pg-load: private key file \"{}\" has group or world access; file must have permissions u=rw (0600) or less", key("pkcs8.key")),
    );
    fails(
        24,
        &conninfo(&key("missing.key"), ""),
        2,
        &format!(
            "etl-pg-load: certificate present, but not private key file \"{}\"\n",
            key("missing.key")
        ),
    );
    // A certificate file that is not there is no certificate, as in libpq: the server
    // wants one.
    fails(
        25,
        &format!("{plain} sslrootcert={root} sslcert={home}/none.crt"),
        4,
        "connection requires a valid client certificate",
    );
    fails(
        26,
        &format!("{plain} sslmode=disable"),
        4,
        "pg_hba.conf rejects connection",
    );
    assert_eq!(
        db.client
            .query_one(
                &format!("SELECT count(*) FROM {} WHERE id >= 20", db.table),
                &[]
            )
            .unwrap()
            .get::<_, i64>(0),
        0
    );
}

#[cfg(unix)]
fn set_mode(path: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn revocation_lists_are_checked_where_the_chain_is() {
    let Some(mut db) = server("crl") else {
        return;
    };
    let Some(tls) = tls_files(&db) else {
        return;
    };
    let (host, port, user, dbname) = (
        db.host.clone(),
        db.port.clone(),
        db.user.clone(),
        db.dbname.clone(),
    );
    let file = |name: &str| tls.join(name).display().to_string();
    let verify = format!(
        "host={host} port={port} user={user} dbname={dbname} sslmode=verify-ca sslrootcert={}",
        file("ca.crt")
    );
    let session = format!("{user}|{dbname}|etl-pg-load|t");
    assert_eq!(
        db.loads(
            1,
            &["--db", &format!("{verify} sslcrl={}", file("crl-none.pem"))],
            &[]
        ),
        session
    );
    let revoked = |id: i32, conninfo: &str, env: &[(&str, &str)]| {
        let outcome = db.load(id, &["--db", conninfo], env);
        assert_eq!(outcome.code, Some(4), "{}", outcome.stderr);
        assert!(
            outcome.stderr.contains("error performing TLS handshake: ")
                && outcome.stderr.contains("certificate revoked"),
            "{}",
            outcome.stderr
        );
    };
    revoked(
        2,
        &format!("{verify} sslcrl={}", file("crl-server-revoked.pem")),
        &[],
    );
    revoked(3, &verify, &[("PGSSLCRL", &file("crl-server-revoked.pem"))]);
    // A folder of lists under their hashed names (c_rehash), and the default ~/.postgresql/root.crl.
    let dir = tempfile::tempdir().unwrap();
    let hash = run(
        "openssl",
        &[
            "crl",
            "-hash",
            "-noout",
            "-in",
            &file("crl-server-revoked.pem"),
        ],
        &[],
        "",
    );
    let hashed = dir.path().join(format!("{}.r0", hash.stdout.trim()));
    std::fs::copy(file("crl-server-revoked.pem"), &hashed).unwrap();
    revoked(
        4,
        &format!("{verify} sslcrldir={}", dir.path().display()),
        &[],
    );
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".postgresql")).unwrap();
    std::fs::copy(
        file("crl-server-revoked.pem"),
        home.join(".postgresql/root.crl"),
    )
    .unwrap();
    revoked(5, &verify, &[("HOME", &home.display().to_string())]);
    // Without a check of the chain (require, no root file) there is nothing to revoke.
    let require = format!("host={host} port={port} user={user} dbname={dbname} sslmode=require");
    assert_eq!(
        db.loads(
            6,
            &[
                "--db",
                &format!("{require} sslcrl={}", file("crl-server-revoked.pem"))
            ],
            &[]
        ),
        session
    );
}

/// A port on 127.0.0.1 that nothing listens on.
fn dead_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn several_hosts_are_tried_in_turn_for_the_session_asked_for() {
    let Some(mut db) = server("hosts") else {
        return;
    };
    let (host, port, user, dbname) = (
        db.host.clone(),
        db.port.clone(),
        db.user.clone(),
        db.dbname.clone(),
    );
    let tls = db.tls;
    let dead = dead_port();
    let hosts = format!("host={host},{host} port={dead},{port} user={user} dbname={dbname}");
    let session = format!("{user}|{dbname}|etl-pg-load|{tls}");
    let mut id = 0;
    for attrs in ["any", "read-write", "primary", "prefer-standby"] {
        id += 1;
        let conninfo = format!("{hosts} target_session_attrs={attrs}");
        assert_eq!(db.loads(id, &["--db", &conninfo], &[]), session, "{attrs}");
    }
    // The URI form, and psql's -h and -p with lists.
    let uri = format!(
        "postgresql://{user}@{host}:{dead},{host}:{port}/{dbname}?target_session_attrs=read-write"
    );
    assert_eq!(db.loads(10, &["--db", &uri], &[]), session);
    let hosts_flag = format!("{host},{host}");
    let ports_flag = format!("{dead},{port}");
    assert_eq!(
        db.loads(
            11,
            &[
                "-h",
                &hosts_flag,
                "-p",
                &ports_flag,
                "-U",
                &user,
                "-d",
                &dbname
            ],
            &[("PGTARGETSESSIONATTRS", "primary")]
        ),
        session
    );
    // No host will do: every one's reason, as libpq gives them.
    let shown = format!("{user}@{host},{host}:{dead},{port}/{dbname}");
    let refused =
        format!("{host}:{dead}: error connecting to server: Connection refused (os error 111)");
    for (attrs, reason) in [
        ("read-only", "session is not read-only"),
        ("standby", "server is not in hot standby mode"),
    ] {
        db.load(
            20,
            &["--db", &format!("{hosts} target_session_attrs={attrs}")],
            &[],
        )
        .expect(
            4,
            "",
            &format!(
                "etl-pg-load: cannot connect to {shown}: {refused}; {host}:{port}: {reason}\n"
            ),
        );
    }
    let read_only = format!("{hosts} options='-c default_transaction_read_only=on'");
    db.load(20, &["--db", &format!("{read_only} target_session_attrs=read-write")], &[]).expect(
        4,
        "",
        &format!("etl-pg-load: cannot connect to {shown}: {refused}; {host}:{port}: session is read-only\n"),
    );
    // A read-only session is one: connected, then the COPY is refused.
    let outcome = db.load(
        20,
        &[
            "--db",
            &format!("{read_only} target_session_attrs=read-only"),
        ],
        &[],
    );
    assert_eq!(outcome.code, Some(4), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("read-only transaction")
            && !outcome.stderr.contains("cannot connect"),
        "{}",
        outcome.stderr
    );
    db.load(20, &["--db", &format!("{hosts} target_session_attrs=master")], &[]).expect(
        2,
        "",
        "etl-pg-load: invalid target_session_attrs value: \"master\" (any, read-write, read-only, primary, standby or prefer-standby)\n",
    );
    db.load(
        20,
        &[
            "--db",
            &format!("host={host},{host},{host} port={dead},{port}"),
        ],
        &[],
    )
    .expect(
        2,
        "",
        "etl-pg-load: could not match 2 port numbers to 3 hosts\n",
    );
    assert_eq!(
        db.client
            .query_one(
                &format!("SELECT count(*) FROM {} WHERE id >= 20", db.table),
                &[]
            )
            .unwrap()
            .get::<_, i64>(0),
        0
    );
}

/// A case of the differential test: its name, the command line, the environment.
type Case = (String, Vec<String>, Vec<(String, String)>);

/// What psql makes of the same command line and environment, against what
/// etl-pg-load makes of it: for every case both connect (or both fail), and the
/// sessions have the same user, database, application name, TLS and server port. The
/// command line is the same for both (psql's -h -p -U -d, a conninfo or URI as -d), so
/// this checks the flags' precedence too; libpq is the reference, not our reading of
/// its documentation.
#[test]
fn libpq_connects_where_we_connect() {
    let Some(mut db) = server("libpq") else {
        return;
    };
    let psql = run("psql", &["--version"], &[], "");
    if psql.code != Some(0) {
        assert!(
            std::env::var_os("CI").is_none(),
            "psql is needed (postgresql-client): {}",
            psql.stderr
        );
        eprintln!("SKIPPED: no psql");
        return;
    }
    let (host, port, user, dbname) = (
        db.host.clone(),
        db.port.clone(),
        db.user.clone(),
        db.dbname.clone(),
    );
    let me = run("id", &["-un"], &[], "").stdout.trim().to_owned();
    db.client
        .batch_execute(&format!(
            "DO $$ BEGIN CREATE ROLE \"{me}\" LOGIN; \
             EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let dead = dead_port().to_string();
    let server_lines = format!("host={host}\nport={port}\nuser={user}\ndbname={dbname}\n");
    let services = write(
        &dir.path().join("services.conf"),
        &format!(
            "# services\n[etl]\n{server_lines}application_name=svc\n\n[other]\nport={dead}\n\
             [ssl]\n{server_lines}sslmode=disable\n"
        ),
    );
    let broken = write(&dir.path().join("broken.conf"), "[etl]\nhost = x\n");
    std::fs::create_dir_all(dir.path().join("home")).unwrap();
    std::fs::create_dir_all(dir.path().join("system")).unwrap();
    write(
        &dir.path().join("home/.pg_service.conf"),
        &format!("[home]\n{server_lines}application_name=home-file\n"),
    );
    write(
        &dir.path().join("system/pg_service.conf"),
        &format!("[home]\nport={dead}\n[sys]\n{server_lines}application_name=system-file\n"),
    );
    let (home, system) = (path("home"), path("system"));
    let to_server = [
        ("PGHOST", host.as_str()),
        ("PGPORT", &port),
        ("PGUSER", &user),
        ("PGDATABASE", &dbname),
    ];
    let hosts = format!("host={host},{host} port={dead},{port} user={user} dbname={dbname}");
    let conninfo = format!("host={host} port={port} dbname={dbname}");
    let uri = format!("postgresql://{user}@{host}:{port}/{dbname}?application_name=uri");
    let mut cases: Vec<Case> = Vec::new();
    let mut case = |name: &str, args: &[&str], env: &[(&str, &str)]| {
        cases.push((
            name.to_owned(),
            args.iter().map(|a| a.to_string()).collect(),
            env.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ));
    };
    case("PG* variables", &[], &to_server);
    case(
        "PGSERVICE",
        &[],
        &[("PGSERVICEFILE", &services), ("PGSERVICE", "etl")],
    );
    case(
        "the service before PG*",
        &[],
        &[
            ("PGSERVICEFILE", &services),
            ("PGSERVICE", "etl"),
            ("PGAPPNAME", "env"),
            ("PGUSER", "nobody"),
            ("PGHOST", "192.0.2.1"),
        ],
    );
    case(
        "service= in -d, over PGSERVICE",
        &["-d", "service=etl application_name=given"],
        &[("PGSERVICEFILE", &services), ("PGSERVICE", "other")],
    );
    case(
        "-U over the service",
        &["-U", &me, "-d", "service=etl"],
        &[("PGSERVICEFILE", &services)],
    );
    case(
        "~/.pg_service.conf before PGSYSCONFDIR",
        &["-d", "service=home"],
        &[("HOME", &home), ("PGSYSCONFDIR", &system)],
    );
    case(
        "PGSYSCONFDIR",
        &["-d", "service=sys"],
        &[("HOME", &home), ("PGSYSCONFDIR", &system)],
    );
    case(
        "an unknown service",
        &["-d", "service=nope"],
        &[("PGSERVICEFILE", &services)],
    );
    case(
        "an empty PGSERVICE",
        &[],
        &[("PGSERVICEFILE", &services), ("PGSERVICE", "")],
    );
    case(
        "a missing PGSERVICEFILE",
        &[],
        &[("PGSERVICEFILE", &path("none.conf")), ("PGSERVICE", "etl")],
    );
    case(
        "a service file libpq cannot read",
        &[],
        &[("PGSERVICEFILE", &broken), ("PGSERVICE", "etl")],
    );
    case(
        "psql's flags over PG*",
        &["-h", &host, "-p", &port, "-U", &user, "-d", &dbname],
        &[
            ("PGHOST", "192.0.2.1"),
            ("PGUSER", "nobody"),
            ("PGAPPNAME", "env"),
        ],
    );
    case(
        "a conninfo in -d over the flags",
        &["-h", "192.0.2.1", "-p", &dead, "-U", &user, "-d", &conninfo],
        &[],
    );
    case(
        "a URI in -d over -U",
        &["-U", "nobody", "-p", &dead, "-d", &uri],
        &[],
    );
    case(
        "the operating system's user, not USER",
        &["-h", &host, "-p", &port, "-d", &dbname],
        &[("USER", "nobody"), ("LOGNAME", "nobody")],
    );
    case(
        "the database defaults to the user",
        &["-h", &host, "-p", &port],
        &[],
    );
    for attrs in [
        "any",
        "read-write",
        "read-only",
        "primary",
        "standby",
        "prefer-standby",
        "bogus",
    ] {
        let with = format!("{hosts} target_session_attrs={attrs}");
        case(&format!("two hosts, {attrs}"), &["-d", &with], &[]);
    }
    case(
        "PGTARGETSESSIONATTRS",
        &["-d", &hosts],
        &[("PGTARGETSESSIONATTRS", "standby")],
    );
    case("sslmode=disable", &["-d", "sslmode=disable"], &to_server);
    case(
        "sslmode in -d over PGSSLMODE",
        &["-d", "sslmode=require"],
        &[
            ("PGSSLMODE", "disable"),
            ("PGHOST", &host),
            ("PGPORT", &port),
            ("PGUSER", &user),
            ("PGDATABASE", &dbname),
        ],
    );
    case(
        "quoted values",
        &[
            "-d",
            &format!(
                "host='{host}' port = {port} dbname='{dbname}' application_name='a \\'b\\' c'"
            ),
        ],
        &[("PGUSER", &user)],
    );
    if let Some(tls) = tls_files(&db) {
        let file = |name: &str| tls.join(name).display().to_string();
        let key = path("client.key");
        std::fs::copy(tls.join("client.key"), &key).unwrap();
        set_mode(&key, 0o600);
        let encrypted = path("client-encrypted.key");
        openssl(&[
            "rsa",
            "-in",
            &key,
            "-aes256",
            "-traditional",
            "-passout",
            "pass:pw",
            "-out",
            &encrypted,
        ]);
        set_mode(&encrypted, 0o600);
        let cert_login = format!(
            "host={host} port={port} user=etlkit_cert dbname={dbname} sslrootcert={} sslcert={}",
            file("ca.crt"),
            file("client.crt")
        );
        let with = |more: &str| format!("{cert_login} {more}");
        case(
            "a client certificate",
            &["-d", &with(&format!("sslmode=verify-full sslkey={key}"))],
            &[],
        );
        case(
            "an encrypted client key",
            &[
                "-d",
                &with(&format!(
                    "sslmode=verify-ca sslkey={encrypted} sslpassword=pw"
                )),
            ],
            &[],
        );
        case(
            "PGSSLCERT and PGSSLKEY",
            &[
                "-d",
                &format!(
                    "host={host} port={port} user=etlkit_cert dbname={dbname} sslmode=require"
                ),
            ],
            &[("PGSSLCERT", &file("client.crt")), ("PGSSLKEY", &key)],
        );
        case(
            "no client certificate",
            &["-d", &with("sslmode=require sslcert=/nonexistent")],
            &[],
        );
        case(
            "a key that is not there",
            &["-d", &with("sslmode=require sslkey=/nonexistent")],
            &[],
        );
        let verify = format!(
            "{conninfo} user={user} sslmode=verify-ca sslrootcert={}",
            file("ca.crt")
        );
        case(
            "an empty revocation list",
            &["-d", &format!("{verify} sslcrl={}", file("crl-none.pem"))],
            &[],
        );
        case(
            "the server's certificate revoked",
            &[
                "-d",
                &format!("{verify} sslcrl={}", file("crl-server-revoked.pem")),
            ],
            &[],
        );
        let localhost = format!(
            "host=localhost port={port} user={user} dbname={dbname} sslmode=verify-full sslrootcert={}",
            file("ca.crt")
        );
        case("verify-full by name", &["-d", &localhost], &[]);
        case(
            "verify-full under another name",
            &[
                "-d",
                &format!("{localhost} host=db.invalid hostaddr={host}"),
            ],
            &[],
        );
        case(
            "require checks the chain of a root file that exists",
            &["-d", &format!("{conninfo} user={user} sslmode=require sslrootcert=/etc/ssl/certs/ca-certificates.crt")],
            &[],
        );
    }
    let query = "SELECT concat_ws('|', current_user, current_database(), \
                 current_setting('application_name'), \
                 (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), inet_server_port())";
    let mut differences = Vec::new();
    let mut connected = 0;
    for (id, (name, args, env)) in cases.iter().enumerate() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let libpq = run(
            "psql",
            &[&["-XAtw", "-c", query][..], &args].concat(),
            &env,
            "",
        );
        let ours = db.load(id as i32, &args, &env);
        let ours_session = (ours.code == Some(0)).then(|| {
            let rows = db
                .client
                .query(
                    &format!(
                        "SELECT concat_ws('|', who, db, app, CASE WHEN tls THEN 't' ELSE 'f' END, port) \
                         FROM {} WHERE id = $1",
                        db.table
                    ),
                    &[&(id as i32)],
                )
                .unwrap();
            rows[0].get::<_, String>(0)
        });
        let libpq_session = (libpq.code == Some(0)).then(|| {
            // psql's own name where ours stands, when no application_name is given.
            let line = libpq.stdout.trim();
            match line.split('|').nth(2) {
                Some("psql") => line.replacen("|psql|", "|etl-pg-load|", 1),
                _ => line.to_owned(),
            }
        });
        let agree = match (&ours_session, &libpq_session) {
            (Some(a), Some(b)) => a == b,
            (None, None) => {
                // Both refused: ours names libpq's reason, when libpq's is one we give.
                let reason = libpq_reason(&libpq.stderr);
                let squeeze = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
                // OpenSSL's words for a certificate refused are not libpq's.
                reason.starts_with("SSL error: certificate verify failed")
                    || reason.starts_with("server certificate for ")
                    || squeeze(&ours.stderr).contains(&squeeze(&reason))
            }
            _ => false,
        };
        if agree && ours_session.is_some() {
            connected += 1;
        }
        if !agree {
            differences.push(format!(
                "{name}: {args:?} {env:?}\n  libpq: {}\n  ours:  {}",
                libpq_session.unwrap_or_else(|| libpq.stderr.trim().to_owned()),
                ours_session.unwrap_or_else(|| ours.stderr.trim().to_owned()),
            ));
        }
    }
    eprintln!(
        "{} cases: {connected} connected as libpq did, the others failed as it did",
        cases.len()
    );
    assert!(
        differences.is_empty(),
        "{} of {} cases differ from libpq:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}

/// The reason in psql's error, without its `connection to server at … failed:`.
fn libpq_reason(stderr: &str) -> String {
    let text = stderr.trim().trim_start_matches("psql: error: ");
    let last = text.lines().last().unwrap_or_default();
    match last.rsplit_once(" failed: ") {
        Some((_, reason)) => reason.to_owned(),
        None => last.to_owned(),
    }
}
