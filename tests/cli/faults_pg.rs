//! PostgreSQL restarted in the middle of a load: nothing lost, nothing doubled beyond
//! what the docs promise, a clear error, and a clean rerun.
//!
//! The restarts are of a private cluster that each test makes (initdb in a temporary
//! directory, on a free port), so the shared test server of the other tests never
//! goes away. They run where the shared one does: the same Debian packages.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};

use crate::harness::{bin_dir, finish, service, PATIENCE};

/// A throwaway PostgreSQL cluster, stopped and removed when dropped.
struct PrivateServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl PrivateServer {
    /// Makes and starts one; `None` (skipped) where the shared server is not there.
    fn start() -> Option<PrivateServer> {
        service("ETLKIT_TEST_PG")?;
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("scripts/services installed PostgreSQL")
            .map(|entry| entry.unwrap().path().join("bin"))
            .max()
            .expect("a PostgreSQL version");
        let dir = tempfile::Builder::new()
            .prefix("etlkit-faults-pg")
            .tempdir()
            .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let server = PrivateServer { dir, bin, port };
        if as_root() {
            // initdb refuses root: the cluster belongs to postgres.
            run(Command::new("chown").args(["postgres:postgres", server.path()]));
        }
        run(server
            .as_owner("initdb")
            .args(["-D", &server.data(), "-U", "postgres", "--auth=trust"])
            .args(["--no-sync", "--no-locale", "--encoding=UTF8"]));
        server.up();
        Some(server)
    }

    /// One started, with a table `t` of these columns.
    fn with_table(columns: &str) -> Option<PrivateServer> {
        let server = PrivateServer::start()?;
        server
            .client()
            .batch_execute(&format!("CREATE TABLE t ({columns})"))
            .unwrap();
        Some(server)
    }

    fn path(&self) -> &str {
        self.dir.path().to_str().unwrap()
    }

    fn data(&self) -> String {
        format!("{}/data", self.path())
    }

    fn url(&self) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// A PostgreSQL program run as the cluster's owner.
    fn as_owner(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        if as_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        }
    }

    fn up(&self) {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.path()
        );
        run(self
            .as_owner("pg_ctl")
            .args(["-D", &self.data(), "-l", &format!("{}/log", self.path())])
            .args(["-w", "-o", &options, "start"]));
    }

    /// Stops the server as `pg_ctl restart -m fast` would (every session rolled back
    /// and cut), waits `down` and starts it again.
    fn restart(&self, down: Duration) {
        run(self
            .as_owner("pg_ctl")
            .args(["-D", &self.data(), "-m", "fast", "-w", "stop"]));
        std::thread::sleep(down);
        self.up();
    }

    fn client(&self) -> Client {
        Client::connect(&self.url(), NoTls).unwrap()
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let _ = self
            .as_owner("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

fn as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|me| me.uid() == 0)
}

fn run(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `etl-pg-load` into `t` of `server`, its input written by the test.
fn load(server: &PrivateServer, args: &[&str]) -> (Child, ChildStdin) {
    let mut child = Command::new(bin_dir().join("etl-pg-load"))
        .args(["--db", &server.url(), "-t", "t"])
        .args(args)
        .env("PGAPPNAME", "etl-pg-load-faults")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

/// Waits for the load to end (at most a minute): its status and stderr.
fn outcome(child: Child) -> (Option<i32>, String) {
    let started = Instant::now();
    let mut child = child;
    while child.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the load hangs"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = finish(child, PATIENCE);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn count(server: &PrivateServer) -> i64 {
    server
        .client()
        .query_one("SELECT count(*) FROM t", &[])
        .unwrap()
        .get(0)
}

/// Rows `from..=to` as CSV lines.
fn rows(from: u32, to: u32) -> String {
    (from..=to).map(|i| format!("{i}\n")).collect()
}

/// Waits until `done` holds, at most a minute.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(60), "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// From `… (N records committed before the failure stay[, and the connection was lost
/// while the next M were committed: …], the rest was rolled back)`: N, and M (0 when
/// no commit was cut off).
fn committed_before(stderr: &str) -> (i64, i64) {
    let (_, after) = stderr
        .split_once("failed (")
        .unwrap_or_else(|| panic!("{stderr}"));
    let number = |text: &str| -> i64 { text.split(' ').next().unwrap().parse().unwrap() };
    let kept = number(after);
    let stay = format!("{kept} records committed before the failure stay");
    let rest = after
        .strip_prefix(&stay)
        .unwrap_or_else(|| panic!("{stderr}"));
    if rest.starts_with(", the rest was rolled back)") {
        return (kept, 0);
    }
    let doubt = rest
        .strip_prefix(", and the connection was lost while the next ")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(
        doubt.contains(" were committed: they may be there too; the rest was rolled back)"),
        "{stderr}"
    );
    (kept, number(doubt))
}

fn copying(server: &PrivateServer) -> bool {
    !server
        .client()
        .query(
            "SELECT 1 FROM pg_stat_activity WHERE application_name = 'etl-pg-load-faults' \
             AND query LIKE 'COPY%'",
            &[],
        )
        .unwrap()
        .is_empty()
}

#[test]
fn a_load_cut_by_a_restart_leaves_the_table_as_before_and_loads_whole_on_a_rerun() {
    let Some(server) = PrivateServer::with_table("id int") else {
        return;
    };
    let (child, mut stdin) = load(&server, &[]);
    stdin.write_all(b"id\n").unwrap();
    stdin.write_all(rows(1, 50_000).as_bytes()).unwrap();
    until("the COPY runs", || copying(&server));
    server.restart(Duration::from_millis(500));
    // The rest of the input, whether or not the load still reads it.
    let _ = stdin.write_all(rows(50_001, 100_000).as_bytes());
    drop(stdin);
    let (code, stderr) = outcome(child);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(
        stderr.starts_with("etl-pg-load: ")
            && stderr.contains("(rolled back, the table is as before)"),
        "{stderr}"
    );
    assert_eq!(count(&server), 0);
    // The same input again, with the server back: every row, once.
    let (child, mut stdin) = load(&server, &[]);
    stdin.write_all(b"id\n").unwrap();
    stdin.write_all(rows(1, 100_000).as_bytes()).unwrap();
    drop(stdin);
    assert_eq!(outcome(child), (Some(0), String::new()));
    assert_eq!(count(&server), 100_000);
}

/// With --commit-every, what was committed stays and the error says how much; the rest
/// loads from there on a rerun, nothing twice.
#[test]
fn commit_every_cut_by_a_restart_says_what_stays_and_resumes_from_there() {
    let Some(server) = PrivateServer::with_table("id int PRIMARY KEY") else {
        return;
    };
    let (child, mut stdin) = load(&server, &["--commit-every", "1000"]);
    stdin.write_all(b"id\n").unwrap();
    stdin.write_all(rows(1, 20_000).as_bytes()).unwrap();
    until("some rows are committed", || count(&server) > 0);
    server.restart(Duration::from_millis(500));
    let _ = stdin.write_all(rows(20_001, 40_000).as_bytes());
    drop(stdin);
    let (code, stderr) = outcome(child);
    assert_eq!(code, Some(4), "{stderr}");
    // A commit cut off by the restart may have happened or not: the table says which.
    let (before, in_doubt) = committed_before(&stderr);
    let kept = count(&server);
    assert!(
        kept == before || kept == before + in_doubt,
        "{kept} rows: {stderr}"
    );
    // The committed ones are the first records, in input order.
    let max: Option<i32> = server
        .client()
        .query_one("SELECT max(id) FROM t", &[])
        .unwrap()
        .get(0);
    assert_eq!(i64::from(max.unwrap()), kept);
    let (child, mut stdin) = load(&server, &["--commit-every", "1000"]);
    stdin.write_all(b"id\n").unwrap();
    stdin
        .write_all(rows(kept as u32 + 1, 40_000).as_bytes())
        .unwrap();
    drop(stdin);
    assert_eq!(outcome(child), (Some(0), String::new()));
    assert_eq!(count(&server), 40_000);
}

/// A streaming load (--commit-interval) whose server restarts: the rows committed
/// before stay, the error says how many, and nothing is committed twice.
#[test]
fn a_streaming_load_cut_by_a_restart_says_what_stays() {
    let Some(server) = PrivateServer::with_table("id int PRIMARY KEY") else {
        return;
    };
    let (child, mut stdin) = load(&server, &["--commit-interval", "100ms"]);
    stdin.write_all(b"id\n1\n2\n").unwrap();
    until("the first rows are committed", || count(&server) == 2);
    server.restart(Duration::from_millis(500));
    // The next rows meet the cut connection.
    let _ = stdin.write_all(b"3\n4\n");
    let _ = stdin.flush();
    let (code, stderr) = outcome_after_eof(child, stdin);
    assert_eq!(code, Some(4), "{stderr}");
    assert_eq!(committed_before(&stderr), (2, 0));
    assert_eq!(count(&server), 2);
}

/// Closes the input once the load has had time to send what it was given.
fn outcome_after_eof(child: Child, stdin: ChildStdin) -> (Option<i32>, String) {
    std::thread::sleep(Duration::from_millis(300));
    drop(stdin);
    outcome(child)
}

/// etl-pg-extract whose server restarts while it streams rows: exit 4 with the
/// server's reason, the state it would have reached left uncommitted, and the next run
/// reads every row.
#[test]
fn an_extract_cut_by_a_restart_fails_clearly_and_reruns_whole() {
    let Some(server) = PrivateServer::start() else {
        return;
    };
    server
        .client()
        .batch_execute(
            "CREATE TABLE t (id int, at timestamptz DEFAULT '2024-01-01'); \
             INSERT INTO t (id) SELECT generate_series(1, 200000)",
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("t.state");
    let extract = |server: &PrivateServer| {
        let mut command = Command::new(bin_dir().join("etl-pg-extract"));
        command
            .args(["--db", &server.url(), "-t", "t", "-O", "csv"])
            .args(["--incremental-column", "at", "--lag", "0s", "--state"])
            .arg(&state)
            .env("PGAPPNAME", "etl-pg-extract-faults")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    };
    let mut child = extract(&server).spawn().unwrap();
    // Read a little, so the rest waits in the server and the pipe; then restart.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = vec![0; 4096];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    server.restart(Duration::from_millis(500));
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut stdout, &mut rest).unwrap();
    let (code, stderr) = outcome(child);
    assert_eq!(code, Some(4), "{stderr}");
    assert!(
        stderr.starts_with("etl-pg-extract: ") && stderr.lines().count() == 1,
        "{stderr}"
    );
    let read = first.len() + rest.len();
    let commit = |state: &std::path::Path| {
        Command::new(bin_dir().join("etl-pg-extract"))
            .arg("--commit-state")
            .arg(state)
            .output()
            .unwrap()
    };
    // The run failed: it left no mark for a commit to take, so even a careless
    // `--commit-state` after it moves nothing on.
    assert!(!commit(&state).status.success());
    assert!(!state.exists(), "no state was committed");
    // The rerun reads every row.
    let rerun = extract(&server).output().unwrap();
    assert_eq!(
        (
            rerun.status.code(),
            String::from_utf8_lossy(&rerun.stderr).as_ref()
        ),
        (Some(0), "")
    );
    let lines = rerun.stdout.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(
        lines, 200_001,
        "header and every row (the cut run had {read} bytes)"
    );
    assert!(commit(&state).status.success());
    // After the commit, nothing is new.
    let after = extract(&server).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&after.stdout), "id,at\n");
}
