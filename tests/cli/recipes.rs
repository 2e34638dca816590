//! The recipes in examples/ (cron, streaming, Airflow) run end to end against the real
//! PostgreSQL and Kafka of `make test` (scripts/services), on data generated here, into
//! tables and topics of their own; each checks the rows exactly, and that a run after
//! a failure leaves each record loaded exactly once.

use std::fs::{self, OpenOptions};
use std::io::BufRead;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::harness::{bin_dir, etl, finish, path_with_binaries, service, PATIENCE};

/// A PostgreSQL URL nothing answers at: a load that fails.
const DEAD_PG: &str = "postgresql://postgres@127.0.0.1:1/etlkit_test";

/// A table, topic or group name no other test or earlier run uses.
fn unique(what: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .subsec_nanos();
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    format!("recipe_{what}_{}_{nanos}_{n}", std::process::id())
}

fn example(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(path)
}

/// `bash examples/PATH args` with the etlkit binaries first on PATH (after `extra_path`),
/// UTC, and none of the developer's connection variables.
fn recipe(path: &str, extra_path: Option<&Path>) -> Command {
    let mut command = Command::new("bash");
    command.arg(example(path));
    let mut search = path_with_binaries();
    if let Some(dir) = extra_path {
        search = format!("{}:{search}", dir.display());
    }
    command.env("PATH", search).env("TZ", "UTC");
    for var in [
        "DATABASE_URL",
        "KAFKA_BROKERS",
        "PGHOST",
        "PGDATABASE",
        "PGUSER",
    ] {
        command.env_remove(var);
    }
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("bash runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn succeeds(output: &Output) {
    assert!(
        output.status.success() && output.stdout.is_empty() && output.stderr.is_empty(),
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr)
    );
}

#[track_caller]
fn fails(output: &Output) {
    assert!(
        !output.status.success(),
        "expected a failure\n--- stdout\n{}--- stderr\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The rows of `sql`, `|`-separated, one per line.
fn query(url: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs");
    assert!(output.status.success(), "{sql}: {}", text(&output.stderr));
    text(&output.stdout)
}

fn append(path: &Path, lines: &str) {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
}

/// A directory put first on PATH whose `etl-extract-log --commit-state` fails: the run
/// loaded, and stopped before it recorded how far it read.
fn failing_commit(dir: &Path) -> PathBuf {
    let wrappers = dir.join("failing-commit");
    fs::create_dir_all(&wrappers).unwrap();
    let wrapper = wrappers.join("etl-extract-log");
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\ncase \"$1\" in --commit-state) echo 'stopped before the commit' >&2; exit 1;; esac\nexec {} \"$@\"\n",
            bin_dir().join("etl-extract-log").display()
        ),
    )
    .unwrap();
    let mut permissions = fs::metadata(&wrapper).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    fs::set_permissions(&wrapper, permissions).unwrap();
    wrappers
}

// ---- access log -> PostgreSQL (cron), and the Airflow steps of the same pipeline

/// Combined-format lines `first..=last`, request `i` at `base` + i seconds (UTC); every
/// seventh a server error (500..503). A user agent with a comma and quotes.
fn access_lines(first: u32, last: u32, base_hour: u32) -> String {
    (first..=last)
        .map(|i| {
            let status = if i % 7 == 0 { 500 + i % 4 } else { 200 };
            let (m, s) = (i / 60, i % 60);
            format!(
                "203.0.113.{} - - [01/Mar/2024:{base_hour}:{m:02}:{s:02} +0000] \"GET /p/{i}?a=1,2 HTTP/1.1\" {status} {i} \"-\" \"bot, \\\"v{i}\\\"\"\n",
                i % 250
            )
        })
        .collect()
}

/// The rows the access recipes must have loaded from `access_lines(first, last, hour)`
/// of the file named `source`: `source|line|ts|status|path|bytes|user_agent`.
fn access_rows(source: &str, first: u32, last: u32, base_hour: u32) -> String {
    (first..=last)
        .filter(|i| i % 7 == 0)
        .map(|i| {
            format!(
                "{source}|{i}|2024-03-01 {base_hour}:{:02}:{:02}+00|{}|/p/{i}?a=1,2|{i}|bot, \"v{i}\"\n",
                i / 60,
                i % 60,
                500 + i % 4
            )
        })
        .collect()
}

fn access_table(url: &str, table: &str) -> String {
    query(
        url,
        &format!(
            "SELECT regexp_replace(source, '.*/', ''), line, ts, status, path, bytes, user_agent \
             FROM \"{table}\" ORDER BY ts, line"
        ),
    )
}

#[test]
fn cron_access_log_to_postgres() {
    let Some(pg) = service("ETLKIT_TEST_PG") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("access.log");
    let table = unique("access");
    let job = |url: &str, extra_path: Option<&Path>| {
        let mut command = recipe("cron/access-log-to-postgres.sh", extra_path);
        command
            .env("DATABASE_URL", url)
            .env("ACCESS_LOG", &log)
            .env("STATE_DIR", dir.path().join("state"))
            .env("LOG_DIR", dir.path().join("log"))
            .env("METRICS_DIR", dir.path().join("metrics"))
            .env("TABLE", &table);
        command
    };

    append(&log, &access_lines(1, 300, 12));
    succeeds(&run(&mut job(&pg, None)));
    let first = access_rows("access.log", 1, 300, 12);
    assert_eq!(access_table(&pg, &table), first);
    let metrics =
        fs::read_to_string(dir.path().join("metrics/access-log-to-postgres.prom")).unwrap();
    assert!(metrics.contains("etlkit_records_out{command=\"etl-pg-load\"} 42\n"));

    // Nothing new: nothing loaded, and the log says both runs started and finished.
    succeeds(&run(&mut job(&pg, None)));
    assert_eq!(access_table(&pg, &table), first);
    let run_log = fs::read_to_string(dir.path().join("log/access-log-to-postgres.log")).unwrap();
    assert_eq!(run_log.matches(": done\n").count(), 2, "{run_log}");

    // More lines, then logrotate; the database is down: the run fails loudly (cron
    // mails its output) and loads nothing.
    append(&log, &access_lines(301, 400, 12));
    fs::rename(&log, dir.path().join("access.log.1")).unwrap();
    append(&log, &access_lines(1, 50, 13));
    let down = run(&mut job(DEAD_PG, None));
    fails(&down);
    let mail = text(&down.stderr);
    assert!(
        mail.starts_with("access-log-to-postgres: failed with exit status ")
            && mail.contains("port 1 failed: Connection refused"),
        "{mail}"
    );
    assert_eq!(access_table(&pg, &table), first);

    // The load succeeds and the run stops before committing the state: the next run
    // reads the same lines again and writes them over themselves.
    fails(&run(&mut job(&pg, Some(&failing_commit(dir.path())))));
    let all = format!(
        "{first}{}{}",
        access_rows("access.log.1", 301, 400, 12),
        access_rows("access.log", 1, 50, 13)
    );
    assert_eq!(access_table(&pg, &table), all);
    succeeds(&run(&mut job(&pg, None)));
    assert_eq!(access_table(&pg, &table), all);

    // A run that finds the previous one still holding the lock skips, quietly.
    append(&log, &access_lines(51, 70, 13));
    let lock = dir.path().join("state/access-log-to-postgres.lock");
    let mut held = Command::new("flock");
    held.arg(&lock)
        .arg("bash")
        .arg(example("cron/access-log-to-postgres.sh"));
    copy_env(&job(&pg, None), &mut held);
    succeeds(&run(&mut held));
    assert_eq!(access_table(&pg, &table), all);
    succeeds(&run(&mut job(&pg, None)));
    assert_eq!(
        access_table(&pg, &table),
        format!("{all}{}", access_rows("access.log", 51, 70, 13))
    );
    query(&pg, &format!("DROP TABLE \"{table}\""));
}

/// Gives `to` the environment settings of `from`.
fn copy_env(from: &Command, to: &mut Command) {
    for (name, value) in from.get_envs() {
        match value {
            Some(value) => to.env(name, value),
            None => to.env_remove(name),
        };
    }
}

#[test]
fn airflow_steps_run_in_order_and_retry() {
    let Some(pg) = service("ETLKIT_TEST_PG") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("access.log");
    let table = unique("airflow");
    let step = |name: &str, url: &str| {
        let mut command = recipe("airflow/etl-steps.sh", None);
        command
            .arg(name)
            .env("DATABASE_URL", url)
            .env("ACCESS_LOG", &log)
            .env("WORK_DIR", dir.path().join("work"))
            .env("TABLE", &table);
        run(&mut command)
    };
    // The transform masks the client address: 203.0.113.x becomes 203.0.113.0.
    let table_rows = || {
        query(
            &pg,
            &format!("SELECT line, ip, status FROM \"{table}\" ORDER BY line"),
        )
    };
    let expected = |last: u32| -> String {
        (7..=last)
            .step_by(7)
            .map(|i| format!("{i}|203.0.113.0|{}\n", 500 + i % 4))
            .collect()
    };

    append(&log, &access_lines(1, 100, 12));
    for name in ["extract", "transform", "load"] {
        succeeds(&step(name, &pg));
    }
    assert_eq!(table_rows(), expected(100));

    // The load fails; Airflow retries it alone, and later runs go on from there.
    append(&log, &access_lines(101, 150, 12));
    succeeds(&step("extract", &pg));
    succeeds(&step("transform", &pg));
    fails(&step("load", DEAD_PG));
    assert_eq!(table_rows(), expected(100));
    succeeds(&step("load", &pg));
    assert_eq!(table_rows(), expected(150));
    // A whole run retried after its load: nothing new, nothing changes.
    for name in ["extract", "transform", "load"] {
        succeeds(&step(name, &pg));
    }
    assert_eq!(table_rows(), expected(150));
    query(&pg, &format!("DROP TABLE \"{table}\""));
}

#[test]
fn airflow_3_runs_the_dag_and_retries_a_failed_task() {
    dag_runs_under("ETLKIT_AIRFLOW3_PYTHON");
}

#[test]
fn airflow_2_runs_the_dag_and_retries_a_failed_task() {
    dag_runs_under("ETLKIT_AIRFLOW2_PYTHON");
}

/// An Airflow installation (the Python of an environment from scripts/airflow) with a
/// DAGs folder and a home of its own, and the environment of the steps.
struct Airflow {
    python: String,
    dir: tempfile::TempDir,
    env: Vec<(&'static str, String)>,
}

impl Airflow {
    /// The DAG file `dag` of examples/airflow, beside its steps, in a DAGs folder.
    fn new(python: String, dag: &str, env: Vec<(&'static str, String)>) -> Airflow {
        let dir = tempfile::tempdir().unwrap();
        let dags = dir.path().join("dags");
        fs::create_dir_all(&dags).unwrap();
        for file in [dag, "etl-steps.sh"] {
            fs::copy(example(&format!("airflow/{file}")), dags.join(file)).unwrap();
        }
        Airflow { python, dir, env }
    }

    fn dags(&self) -> PathBuf {
        self.dir.path().join("dags")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.python);
        copy_env(&recipe("airflow/etl-steps.sh", None), &mut command);
        command
            .args(args)
            .env("AIRFLOW_HOME", self.dir.path().join("home"))
            .env("AIRFLOW__CORE__DAGS_FOLDER", self.dags())
            .env("AIRFLOW__CORE__LOAD_EXAMPLES", "false")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("WORK_DIR", self.dir.path().join("work"))
            .env("RETRY_DELAY_SECONDS", "2")
            .envs(self.env.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs Python with `args`, expecting success; its stdout.
    fn succeeds(&self, args: &[&str]) -> String {
        let output = finish(self.command(args).spawn().unwrap(), PATIENCE);
        assert!(
            output.status.success(),
            "airflow {args:?}\n{}{}",
            text(&output.stdout),
            text(&output.stderr)
        );
        text(&output.stdout)
    }
}

/// Airflow itself (the Python of an environment from scripts/airflow, named by
/// `variable`) imports the DAG, and runs it with `airflow dags test`: the access log is
/// not there when the run starts, so extract fails and is retried, and the retry, after
/// the log has appeared, loads its server errors.
fn dag_runs_under(variable: &str) {
    let (Some(python), Some(pg)) = (service(variable), service("ETLKIT_TEST_PG")) else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let log = data.path().join("access.log");
    let table = unique("airflow_dag");
    let airflow = Airflow::new(
        python,
        "etl_dag.py",
        vec![
            ("DATABASE_URL", pg.clone()),
            ("ACCESS_LOG", log.display().to_string()),
            ("TABLE", table.clone()),
        ],
    );
    let dags = airflow.dags();
    let succeeds = |args: &[&str]| airflow.succeeds(args);

    // Its shape: the tasks in order, retries, schedule, the command of each.
    let shape = r#"
import importlib.util, sys
spec = importlib.util.spec_from_file_location("etl_dag", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
dag = module.dag
print(dag.dag_id, dag.schedule_interval if hasattr(dag, "schedule_interval") else dag.schedule, dag.catchup, dag.max_active_runs)
for task in dag.tasks:
    print(task.task_id, sorted(task.upstream_task_ids), task.retries, task.bash_command.rsplit("/", 1)[1])
"#;
    assert_eq!(
        succeeds(&["-c", shape, &dags.join("etl_dag.py").display().to_string()]),
        "etlkit_access_log_errors */15 * * * * False 1\n\
         extract [] 3 etl-steps.sh extract\n\
         transform ['extract'] 3 etl-steps.sh transform\n\
         load ['transform'] 3 etl-steps.sh load\n"
    );

    // A run by Airflow itself, watched: once extract has failed for want of the log,
    // the log appears, and Airflow's retry reads it.
    succeeds(&["-m", "airflow", "db", "migrate"]);
    let mut run = airflow
        .command(&[
            "-m",
            "airflow",
            "dags",
            "test",
            "etlkit_access_log_errors",
            "2024-03-01",
        ])
        .spawn()
        .unwrap();
    let (seen, watched) = std::sync::mpsc::channel();
    let watchers: Vec<_> = [
        Box::new(run.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(run.stderr.take().unwrap()),
    ]
    .into_iter()
    .map(|stream| {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut printed = String::new();
            for line in std::io::BufReader::new(stream).lines() {
                let line = line.unwrap_or_default();
                // Both versions name a task instance waiting for its retry so.
                if line.contains("etlkit_access_log_errors.extract")
                    && line.contains("[up_for_retry]")
                {
                    let _ = seen.send(());
                }
                printed.push_str(&line);
                printed.push('\n');
            }
            printed
        })
    })
    .collect();
    drop(seen);
    let failed_once = watched.recv_timeout(PATIENCE).is_ok();
    append(&log, &access_lines(1, 60, 12));
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = run.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = run.kill();
            panic!("airflow dags test still ran after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let printed: String = watchers.into_iter().map(|w| w.join().unwrap()).collect();
    assert!(failed_once, "extract never waited for a retry:\n{printed}");
    assert!(status.success(), "airflow dags test: {status}\n{printed}");
    let expected: String = (7..=60)
        .step_by(7)
        .map(|i| format!("{i}|203.0.113.0|{}\n", 500 + i % 4))
        .collect();
    assert_eq!(
        query(
            &pg,
            &format!("SELECT line, ip, status FROM \"{table}\" ORDER BY line")
        ),
        expected
    );
    query(&pg, &format!("DROP TABLE \"{table}\""));
}

#[test]
fn airflow_3_loads_each_waiting_file_in_a_task_of_its_own() {
    files_dag_runs_under("ETLKIT_AIRFLOW3_PYTHON");
}

#[test]
fn airflow_2_loads_each_waiting_file_in_a_task_of_its_own() {
    files_dag_runs_under("ETLKIT_AIRFLOW2_PYTHON");
}

/// etl_files_dag.py under Airflow itself: one mapped task per waiting file, each
/// upserting its file and moving it to the done folder; a row in two files is one
/// row. (Which of two files with one key but other values wins depends on the order
/// the tasks run in, which Airflow 2 and 3 do not share, nor does the DAG promise.)
fn files_dag_runs_under(variable: &str) {
    let (Some(python), Some(pg)) = (service(variable), service("ETLKIT_TEST_PG")) else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let (incoming, done) = (data.path().join("incoming"), data.path().join("done"));
    fs::create_dir_all(&incoming).unwrap();
    for (file, rows) in [
        ("a.csv", "id,country,amount\n1,DE,10\n2,FR,20\n3,US,30\n"),
        ("b.csv", "id,country,amount\n4,DE,40\n5,FR,50\n"),
        ("c.csv", "id,country,amount\n3,US,30\n6,DE,60\n"),
    ] {
        fs::write(incoming.join(file), rows).unwrap();
    }
    let table = unique("airflow_files");
    let airflow = Airflow::new(
        python,
        "etl_files_dag.py",
        vec![
            ("DATABASE_URL", pg.clone()),
            ("INCOMING_DIR", incoming.display().to_string()),
            ("DONE_DIR", done.display().to_string()),
            ("TABLE", table.clone()),
        ],
    );
    airflow.succeeds(&["-m", "airflow", "db", "migrate"]);
    airflow.succeeds(&[
        "-m",
        "airflow",
        "dags",
        "test",
        "etlkit_incoming_files",
        "2024-03-01",
    ]);
    assert_eq!(
        query(
            &pg,
            &format!("SELECT id, country, amount FROM \"{table}\" ORDER BY id")
        ),
        "1|DE|10\n2|FR|20\n3|US|30\n4|DE|40\n5|FR|50\n6|DE|60\n"
    );
    assert_eq!(fs::read_dir(&incoming).unwrap().count(), 0);
    let mut moved: Vec<String> = fs::read_dir(&done)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    moved.sort();
    assert_eq!(moved, ["a.csv", "b.csv", "c.csv"]);
    query(&pg, &format!("DROP TABLE \"{table}\""));
}

// ---- application log errors -> PostgreSQL (cron)

#[test]
fn cron_app_log_errors() {
    let Some(pg) = service("ETLKIT_TEST_PG") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let table = unique("app");
    let job = |url: &str| {
        let mut command = recipe("cron/app-log-errors.sh", None);
        command
            .env("DATABASE_URL", url)
            .env("APP_LOG", &log)
            .env("STATE_DIR", dir.path().join("state"))
            .env("TABLE", &table);
        run(&mut command)
    };
    let rows = || {
        query(
            &pg,
            &format!("SELECT line, ts, thread, message FROM \"{table}\" ORDER BY line"),
        )
    };
    // What the textbook script got wrong, line by line: a comma and quotes in a
    // message, ERROR inside an INFO message, a stack trace under its error.
    let mut lines = String::from(concat!(
        "2024-03-01T12:00:00.100Z INFO [main] started\n",
        "2024-03-01T12:00:01.200Z ERROR [exec-1] payment failed: card \"4242\", code=51\n",
        "2024-03-01T12:00:02.300Z INFO [exec-2] retrying after ERROR from upstream\n",
        "2024-03-01T12:00:03.400Z ERROR [exec-3] NullPointerException\n",
        "    at com.shop.Cart.total(Cart.java:42)\n",
        "    at com.shop.Api.handle(Api.java:7)\n",
    ));
    let mut expected = String::from(concat!(
        "2|2024-03-01 12:00:01.2+00|exec-1|payment failed: card \"4242\", code=51\n",
        "4|2024-03-01 12:00:03.4+00|exec-3|NullPointerException\n",
        "    at com.shop.Cart.total(Cart.java:42)\n",
        "    at com.shop.Api.handle(Api.java:7)\n",
    ));
    for i in 7..=200u32 {
        let level = if i % 10 == 0 { "ERROR" } else { "INFO" };
        lines.push_str(&format!(
            "2024-03-01T12:{:02}:{:02}.000Z {level} [worker-{}] event {i} done\n",
            i / 60,
            i % 60,
            i % 4
        ));
        if i % 10 == 0 {
            expected.push_str(&format!(
                "{i}|2024-03-01 12:{:02}:{:02}+00|worker-{}|event {i} done\n",
                i / 60,
                i % 60,
                i % 4
            ));
        }
    }
    append(&log, &lines);
    succeeds(&job(&pg));
    assert_eq!(rows(), expected);

    // A failed run loads nothing; the run after it loads the new error once.
    append(
        &log,
        "2024-03-01T13:00:00.000Z ERROR [exec-9] disk full, \"/var\" at 100%\n",
    );
    fails(&job(DEAD_PG));
    assert_eq!(rows(), expected);
    succeeds(&job(&pg));
    succeeds(&job(&pg));
    expected.push_str("201|2024-03-01 13:00:00+00|exec-9|disk full, \"/var\" at 100%\n");
    assert_eq!(rows(), expected);
    query(&pg, &format!("DROP TABLE \"{table}\""));

    // The old script of the header, on the same log: the quotes in one message make
    // \copy refuse the whole file, so not one error is loaded, every run.
    let header = fs::read_to_string(example("cron/app-log-errors.sh")).unwrap();
    let old_script: String = header
        .split("# The script it replaces, the textbook grep | awk | psql job:\n#\n")
        .nth(1)
        .and_then(|rest| rest.split("\n#\n").next())
        .unwrap()
        .lines()
        .map(|line| format!("{}\n", line.strip_prefix("#   ").unwrap()))
        .collect();
    let old_table = unique("app_old");
    query(
        &pg,
        &format!("CREATE TABLE \"{old_table}\" (ts timestamptz, thread text, message text)"),
    );
    let csv = dir.path().join("app_errors.csv");
    let old = run(Command::new("bash")
        .arg("-c")
        .arg(
            old_script
                .replace("/var/log/app/app.log", &log.display().to_string())
                .replace("/tmp/app_errors.csv", &csv.display().to_string())
                .replace("app_errors (", &format!("\"{old_table}\" (")),
        )
        .env("DATABASE_URL", &pg));
    fails(&old);
    assert!(
        text(&old.stderr).contains("extra data after last expected column"),
        "{}",
        text(&old.stderr)
    );
    assert_eq!(
        query(&pg, &format!("SELECT count(*) FROM \"{old_table}\"")),
        "0\n"
    );
    query(&pg, &format!("DROP TABLE \"{old_table}\""));
}

// ---- Kafka -> PostgreSQL (service), log -> Kafka (cron)

/// `count` shop events from `first`: every third a view, the rest purchases; keyed by id.
fn events(first: u32, count: u32) -> String {
    (first..first + count)
        .map(|i| {
            let kind = if i % 3 == 0 { "view" } else { "purchase" };
            format!(
                "{{\"id\":{i},\"type\":\"{kind}\",\"user_id\":{},\"amount\":\"{}.{:02}\",\"ts\":{}}}\n",
                i % 17,
                i / 100,
                i % 100,
                1_709_294_400 + i
            )
        })
        .collect()
}

/// The purchases rows `events(first, count)` must leave: `id|user_id|amount|ts`.
fn purchase_rows(first: u32, count: u32) -> Vec<String> {
    (first..first + count)
        .filter(|i| i % 3 != 0)
        .map(|i| {
            let ts = 1_709_294_400 + i;
            let (h, m, s) = ((ts / 3600) % 24, (ts / 60) % 60, ts % 60);
            format!(
                "{i}|{}|{}.{:02}|2024-03-01 {h:02}:{m:02}:{s:02}+00",
                i % 17,
                i / 100,
                i % 100
            )
        })
        .collect()
}

fn produce(broker: &str, topic: &str, partitions: u32, input: &str) {
    etl("etl-kafka-produce")
        .args(["-b", broker, "-t", topic, "--create-topic", "-k", "id"])
        .args(["--partitions", &partitions.to_string()])
        .stdin(input)
        .run()
        .expect(0, "", "");
}

fn purchases(url: &str, table: &str) -> Vec<String> {
    query(
        url,
        &format!("SELECT id, user_id, amount, ts FROM \"{table}\" ORDER BY id"),
    )
    .lines()
    .map(str::to_owned)
    .collect()
}

/// The consumer group's view of a topic, asked of the brokers without joining the group.
struct Group {
    consumer: rdkafka::consumer::BaseConsumer,
    topic: String,
    group: String,
}

impl Group {
    const TIMEOUT: Duration = Duration::from_secs(10);

    fn new(broker: &str, group: &str, topic: &str) -> Group {
        let consumer = rdkafka::ClientConfig::new()
            .set("bootstrap.servers", broker)
            .set("group.id", group)
            .set("enable.auto.commit", "false")
            .create()
            .unwrap();
        Group {
            consumer,
            topic: topic.to_owned(),
            group: group.to_owned(),
        }
    }

    /// Each partition's committed offset (None: nothing committed) and its end.
    fn offsets(&self) -> Vec<(Option<i64>, i64)> {
        use rdkafka::consumer::Consumer;
        let metadata = self
            .consumer
            .fetch_metadata(Some(&self.topic), Self::TIMEOUT)
            .unwrap();
        let partitions = metadata.topics()[0].partitions().len() as i32;
        assert_ne!(partitions, 0, "{}: no partitions", self.topic);
        let mut list = rdkafka::TopicPartitionList::new();
        for partition in 0..partitions {
            list.add_partition(&self.topic, partition);
        }
        let committed = self
            .consumer
            .committed_offsets(list, Self::TIMEOUT)
            .unwrap();
        (0..partitions)
            .map(|partition| {
                let offset = committed.find_partition(&self.topic, partition).unwrap();
                let (_, end) = self
                    .consumer
                    .fetch_watermarks(&self.topic, partition, Self::TIMEOUT)
                    .unwrap();
                match offset.offset() {
                    rdkafka::Offset::Offset(at) => (Some(at), end),
                    _ => (None, end),
                }
            })
            .collect()
    }

    /// Whether the group has committed every message of the topic.
    fn committed_everything(&self) -> bool {
        self.offsets()
            .iter()
            .all(|&(committed, end)| committed == Some(end))
    }

    /// Whether the group has committed nothing at all.
    fn committed_nothing(&self) -> bool {
        self.offsets()
            .iter()
            .all(|(committed, _)| committed.is_none())
    }

    /// How many members the group has once it is stable (0 before).
    fn stable_members(&self) -> usize {
        use rdkafka::consumer::Consumer;
        let list = self
            .consumer
            .fetch_group_list(Some(&self.group), Self::TIMEOUT)
            .unwrap();
        list.groups()
            .iter()
            .filter(|group| group.state() == "Stable")
            .map(|group| group.members().len())
            .sum()
    }
}

fn kafka_to_postgres(pg: &str, broker: &str, topic: &str, group: &str, table: &str) -> Command {
    let mut command = recipe("streaming/kafka-to-postgres.sh", None);
    command
        .env("DATABASE_URL", pg)
        .env("KAFKA_BROKERS", broker)
        .env("TOPIC", topic)
        .env("GROUP", group)
        .env("TABLE", table)
        .env("BATCH_RECORDS", "100");
    command
}

/// The files of `dir` that are not empty.
fn written_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| fs::metadata(path).unwrap().len() > 0)
        .collect();
    files.sort();
    files
}

#[test]
fn kafka_to_postgres_loses_nothing_when_a_load_fails() {
    let (Some(pg), Some(broker)) = (service("ETLKIT_TEST_PG"), service("ETLKIT_TEST_KAFKA")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects");
    let (topic, group, table) = (unique("events"), unique("loader"), unique("purchases"));
    let offsets = Group::new(&broker, &group, &topic);
    // An event sent twice (a producer retried) is one row; a bad one is set aside.
    let bad = "{\"id\":9999,\"type\":\"purchase\",\"user_id\":1,\"amount\":\"abc\",\"ts\":1}\n";
    produce(
        &broker,
        &topic,
        3,
        &format!("{}{}{bad}", events(1, 450), events(40, 1)),
    );

    // A constraint most purchases break: the first batch's load is refused. The run
    // fails, nothing of the batch is in the table, and its offsets are not committed.
    query(
        &pg,
        &format!(
            "CREATE TABLE \"{table}\" (id bigint PRIMARY KEY, user_id bigint NOT NULL, \
             amount numeric(12, 2) NOT NULL, ts timestamptz NOT NULL, CHECK (user_id < 7))"
        ),
    );
    let mut drain = kafka_to_postgres(&pg, &broker, &topic, &group, &table);
    drain.arg("--drain").env("REJECTS_DIR", &rejects);
    let refused = run(&mut drain);
    let said = text(&refused.stderr);
    let lines: Vec<_> = said.lines().collect();
    assert!(
        refused.status.code() == Some(4)
            && refused.stdout.is_empty()
            && lines.len() == 2
            && lines[0].starts_with(&format!(
                "etl-pg-load: loading into public.{table} failed (rolled back, the table is \
                 as before): ERROR: new row for relation \"{table}\" violates check \
                 constraint \"{table}_user_id_check\" (Failing row contains ("
            ))
            && lines[1]
                == "etl-kafka-consume: --exec pipeline exited with status 4; the 100 records \
                    of its batch are not committed and will be read again",
        "exit {:?}\n{said}",
        refused.status.code()
    );
    assert!(purchases(&pg, &table).is_empty());
    assert!(offsets.committed_nothing(), "{:?}", offsets.offsets());

    // The table fixed, the next run loads that batch again, then the rest: every
    // purchase exactly once, every message committed, the bad one in a rejects file.
    query(
        &pg,
        &format!("ALTER TABLE \"{table}\" DROP CONSTRAINT \"{table}_user_id_check\""),
    );
    let resumed = run(&mut drain);
    let said = text(&resumed.stderr);
    assert_eq!(
        (resumed.status.code(), text(&resumed.stdout)),
        (Some(0), String::new()),
        "{said}"
    );
    let written = written_files(&rejects);
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(
        said.starts_with("etl-pg-load: ")
            && said.contains(&format!(
                " 1 skipped as bad (written to {}) in ",
                written[0].display()
            ))
            && said.lines().count() == 1,
        "{said}"
    );
    assert!(
        written[0].to_string_lossy().ends_with("-load.ndjson"),
        "{written:?}"
    );
    let reject = fs::read_to_string(&written[0]).unwrap();
    assert!(
        reject.lines().count() == 1
            && reject.ends_with(
                r#","reason":"field \"amount\": \"abc\" is not a valid numeric(12,2)","raw":"{\"id\":9999,\"user_id\":1,\"amount\":\"abc\",\"ts\":\"1970-01-01T00:00:01Z\"}"}
"#
            ),
        "{reject}"
    );
    // The empty rejects files of the batches without a bad message are gone.
    assert_eq!(fs::read_dir(&rejects).unwrap().count(), 1);
    assert_eq!(purchases(&pg, &table), purchase_rows(1, 450));
    assert!(offsets.committed_everything(), "{:?}", offsets.offsets());

    // Later events, drained again.
    produce(&broker, &topic, 3, &events(451, 30));
    let later = run(&mut drain);
    assert_eq!(
        (
            later.status.code(),
            text(&later.stderr),
            text(&later.stdout)
        ),
        (Some(0), String::new(), String::new())
    );
    assert_eq!(purchases(&pg, &table), purchase_rows(1, 480));
    assert!(offsets.committed_everything(), "{:?}", offsets.offsets());
    query(&pg, &format!("DROP TABLE \"{table}\""));
}

#[test]
fn two_loaders_in_one_group_load_every_record_once() {
    let (Some(pg), Some(broker)) = (service("ETLKIT_TEST_PG"), service("ETLKIT_TEST_KAFKA")) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (topic, group, table) = (unique("events"), unique("loader"), unique("purchases"));
    let offsets = Group::new(&broker, &group, &topic);
    // The table as the script creates it, and which loader inserted each row: its
    // connection's application_name.
    query(
        &pg,
        &format!(
            "CREATE TABLE \"{table}\" (id bigint PRIMARY KEY, user_id bigint NOT NULL, \
             amount numeric(12, 2) NOT NULL, ts timestamptz NOT NULL, \
             loaded_by text NOT NULL DEFAULT current_setting('application_name'))"
        ),
    );
    produce(&broker, &topic, 4, &events(1, 10));
    // Two services, as on two machines: same group, each its own static member id (as
    // the unit gives, -X group.instance.id=%H) and rejects folder.
    let separator = if pg.contains('?') { '&' } else { '?' };
    let mut loaders: Vec<_> = ["a", "b"]
        .iter()
        .map(|name| {
            let url = format!("{pg}{separator}application_name=loader-{name}");
            let mut command = kafka_to_postgres(&url, &broker, &topic, &group, &table);
            command
                .args(["-X", &format!("group.instance.id={group}-{name}")])
                .env("REJECTS_DIR", dir.path().join(name))
                .env("BATCH_INTERVAL", "1s")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            std::os::unix::process::CommandExt::process_group(&mut command, 0);
            command.spawn().unwrap()
        })
        .collect();
    // Both in the group before the stream comes, so that both take part.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && offsets.stable_members() < 2 {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(offsets.stable_members(), 2);
    produce(&broker, &topic, 4, &events(11, 990));
    produce(&broker, &topic, 4, &events(500, 100));

    // Every one of the 1100 messages loaded: the group committed them all, which it
    // does for a batch only once its load committed.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && !offsets.committed_everything() {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(offsets.committed_everything(), "{:?}", offsets.offsets());
    assert_eq!(
        offsets.offsets().iter().map(|&(_, end)| end).sum::<i64>(),
        1100
    );
    // systemctl stop: SIGTERM to every process of the unit.
    for loader in &loaders {
        Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", loader.id())])
            .status()
            .unwrap();
    }
    for loader in loaders.drain(..) {
        let output = finish(loader, PATIENCE);
        assert_eq!(
            (
                output.status.code(),
                text(&output.stdout),
                text(&output.stderr)
            ),
            (Some(143), String::new(), String::new())
        );
    }
    assert_eq!(purchases(&pg, &table), purchase_rows(1, 1000));
    // Each loader loaded part of the stream.
    let shares = query(
        &pg,
        &format!("SELECT loaded_by, count(*) > 0 FROM \"{table}\" GROUP BY 1 ORDER BY 1"),
    );
    assert_eq!(shares, "loader-a|t\nloader-b|t\n");
    query(&pg, &format!("DROP TABLE \"{table}\""));
}

#[test]
fn log_to_kafka_ships_each_line_once() {
    let Some(broker) = service("ETLKIT_TEST_KAFKA") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let topic = unique("app-logs");
    let ship = |brokers: &str| {
        let mut command = recipe("streaming/log-to-kafka.sh", None);
        command
            .env("KAFKA_BROKERS", brokers)
            .env("LOG", &log)
            .env("TOPIC", &topic)
            .env("STATE_DIR", dir.path().join("state"))
            .env("DELIVERY_TIMEOUT", "2");
        run(&mut command)
    };
    let shipped = || {
        let outcome = etl("etl-kafka-consume")
            .args(["-b", &broker, "-t", &topic, "-e"])
            .run();
        assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
        outcome.stdout
    };
    let record = |file: &str, line: u32, message: &str| {
        format!(
            "{{\"message\":{},\"source\":\"{}\",\"line\":{line}}}\n",
            serde_json::to_string(message).unwrap(),
            dir.path().join(file).display()
        )
    };

    append(&log, "first line\n{\"json\": \"as text\"}\n");
    succeeds(&ship(&broker));
    let mut expected =
        record("app.log", 1, "first line") + &record("app.log", 2, "{\"json\": \"as text\"}");
    assert_eq!(shipped(), expected);

    // The brokers are unreachable: the run fails and the lines wait for the next one.
    append(&log, "third, \"quoted\"\n");
    fails(&ship("127.0.0.1:1"));
    // Rotation before the next run: the rest of app.log.1, then the new file.
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    append(&log, "new file\n");
    succeeds(&ship(&broker));
    succeeds(&ship(&broker));
    expected += &record("app.log.1", 3, "third, \"quoted\"");
    expected += &record("app.log", 1, "new file");
    assert_eq!(shipped(), expected);
}

#[test]
fn the_systemd_unit_is_valid() {
    let Ok(probe) = Command::new("systemd-analyze").arg("--version").output() else {
        eprintln!("SKIPPED: no systemd-analyze to check examples/streaming/*.service");
        return;
    };
    assert!(probe.status.success());
    // Verified as installed: ExecStart pointing at the script.
    let dir = tempfile::tempdir().unwrap();
    let unit = fs::read_to_string(example("streaming/etlkit-kafka-to-postgres.service"))
        .unwrap()
        .replace(
            "/usr/local/share/etlkit/streaming/kafka-to-postgres.sh",
            &example("streaming/kafka-to-postgres.sh")
                .display()
                .to_string(),
        );
    let path = dir.path().join("etlkit-kafka-to-postgres.service");
    fs::write(&path, unit).unwrap();
    let output = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        (output.status.code(), text(&output.stderr)),
        (Some(0), String::new())
    );
}

// ---- the crontab lines of the docs, under cron's environment

/// A job of a crontab: its command and the variables set above it.
struct Job {
    variables: Vec<(String, String)>,
    command: String,
}

/// The jobs of the crontab lines in `text`: variable lines (`NAME=value`) and jobs (the
/// command follows five time fields), each with `prefix` before it (`#   ` in a
/// script's header); a variable holds for the jobs below it, as in a crontab.
fn crontab(text: &str, prefix: &str) -> Vec<Job> {
    let is_time =
        |f: &str| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit() || "*/,-".contains(c));
    let mut variables: Vec<(String, String)> = Vec::new();
    let mut jobs = Vec::new();
    for line in text.lines() {
        let Some(line) = line.trim_start().strip_prefix(prefix) else {
            continue;
        };
        let fields: Vec<&str> = line.splitn(6, ' ').collect();
        if fields.len() == 6 && fields[..5].iter().all(|f| is_time(f)) {
            jobs.push(Job {
                variables: variables.clone(),
                command: fields[5].to_owned(),
            });
        } else if let Some((name, value)) = line.split_once('=') {
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                variables.retain(|(set, _)| set != name);
                variables.push((name.to_owned(), value.to_owned()));
            }
        }
    }
    jobs
}

/// Runs `command` as cron does: `/bin/sh -c` with HOME, LOGNAME, SHELL, cron's
/// PATH=/usr/bin:/bin and the crontab's variables only (no USER, no TZ).
fn as_cron(command: &str, variables: &[(String, String)], home: &Path) -> Output {
    let mut cron = Command::new("/usr/bin/env");
    cron.arg("-i")
        .arg(format!("HOME={}", home.display()))
        .arg("LOGNAME=etl")
        .arg("SHELL=/bin/sh")
        .arg("PATH=/usr/bin:/bin");
    for (name, value) in variables {
        cron.arg(format!("{name}={value}"));
    }
    cron.args(["/bin/sh", "-c", command]);
    run(&mut cron)
}

/// Every crontab line of README.md and examples/ (those of examples/README.md are the
/// scripts' own), run as cron runs it (see `as_cron`),
/// with the example scripts and the binaries under test installed by `make
/// install-files` in a folder that stands for /usr/local, and the lines' paths, tables
/// and databases pointed at this test's.
#[test]
fn crontab_lines_run_under_crons_environment() {
    let Some(pg) = service("ETLKIT_TEST_PG") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prefix = dir.path().join("usr-local");
    let install = Command::new("make")
        .current_dir(root)
        .args(["-s", "install-files"])
        .arg(format!("PREFIX={}", prefix.display()))
        .arg(format!("BUILT={}", bin_dir().display()))
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", text(&install.stderr));
    let log = dir.path().join("access.log");
    append(&log, &access_lines(1, 70, 12));
    let state = dir.path().join("state");
    fs::create_dir_all(&state).unwrap();
    let here = |text: &str, table: &str| {
        text.replace("/usr/local", &prefix.display().to_string())
            .replace("postgresql://etl@db.internal/ops", &pg)
            .replace("/var/lib/etl/", &format!("{}/", state.display()))
            .replace("/var/log/nginx/access.log", &log.display().to_string())
            .replace("-t access ", &format!("-t {table} --create "))
    };
    let variables = |job: &Job| -> Vec<(String, String)> {
        job.variables
            .iter()
            .filter(|(name, _)| name != "MAILTO")
            .map(|(name, value)| match name.as_str() {
                "SOURCE" | "TARGET" => (name.clone(), pg.clone()),
                _ => (name.clone(), here(value, "")),
            })
            .collect()
    };

    // The recipe's own line, from its header; where it keeps its files goes in the
    // crontab's variables, as a user would set them.
    let script = fs::read_to_string(example("cron/access-log-to-postgres.sh")).unwrap();
    let jobs = crontab(&script, "#   ");
    assert_eq!(jobs.len(), 1, "{script}");
    let table = unique("cron_line");
    let mut settings = variables(&jobs[0]);
    for (name, value) in [
        ("ACCESS_LOG", log.clone()),
        ("STATE_DIR", dir.path().join("recipe-state")),
        ("LOG_DIR", dir.path().join("recipe-log")),
        ("METRICS_DIR", dir.path().join("metrics")),
        ("TABLE", PathBuf::from(&table)),
    ] {
        settings.push((name.to_owned(), value.display().to_string()));
    }
    let cron = as_cron(&here(&jobs[0].command, &table), &settings, dir.path());
    succeeds(&cron);
    assert_eq!(
        access_table(&pg, &table),
        access_rows("access.log", 1, 70, 12)
    );
    query(&pg, &format!("DROP TABLE \"{table}\""));

    // The application log's, into its own table.
    let app_log = dir.path().join("app.log");
    append(
        &app_log,
        "2024-03-01T12:00:00.100Z INFO [main] started\n\
         2024-03-01T12:00:01.200Z ERROR [exec-1] payment failed\n",
    );
    let script = fs::read_to_string(example("cron/app-log-errors.sh")).unwrap();
    let jobs = crontab(&script, "#   ");
    assert_eq!(jobs.len(), 1, "{script}");
    let table = unique("cron_app");
    let mut settings = variables(&jobs[0]);
    for (name, value) in [
        ("APP_LOG", app_log.display().to_string()),
        (
            "STATE_DIR",
            dir.path().join("app-state").display().to_string(),
        ),
        ("TABLE", table.clone()),
    ] {
        settings.push((name.to_owned(), value));
    }
    succeeds(&as_cron(&here(&jobs[0].command, ""), &settings, dir.path()));
    assert_eq!(query(&pg, &format!("SELECT line FROM \"{table}\"")), "2\n");
    query(&pg, &format!("DROP TABLE \"{table}\""));

    // The log shipper's, into a topic of its own.
    if let Some(broker) = service("ETLKIT_TEST_KAFKA") {
        let script = fs::read_to_string(example("streaming/log-to-kafka.sh")).unwrap();
        let jobs = crontab(&script, "#   ");
        assert_eq!(jobs.len(), 1, "{script}");
        let topic = unique("cron_ship");
        let settings = [
            ("TOPIC".to_owned(), topic.clone()),
            (
                "STATE_DIR".to_owned(),
                dir.path().join("ship-state").display().to_string(),
            ),
        ];
        let command = here(&jobs[0].command, "")
            .replace("kafka1:9092", &broker)
            .replace("/var/log/app/app.log", &app_log.display().to_string());
        succeeds(&as_cron(&command, &settings, dir.path()));
        let shipped = etl("etl-kafka-consume")
            .args(["-b", &broker, "-t", &topic, "-e"])
            .run();
        assert_eq!(shipped.stdout.lines().count(), 2, "{}", shipped.stderr);
    }

    // examples/README.md shows the scripts' own lines.
    let recipes = fs::read_to_string(example("README.md")).unwrap();
    for job in crontab(&recipes, "") {
        let script = job.command.rsplit('/').next().unwrap();
        let folder = if script.contains("kafka") {
            "streaming"
        } else {
            "cron"
        };
        let header = fs::read_to_string(example(&format!("{folder}/{script}"))).unwrap();
        assert!(
            crontab(&header, "#   ")
                .iter()
                .any(|own| own.command == job.command),
            "examples/README.md: {} is not {script}'s own line",
            job.command
        );
    }

    // README's: extract-log to pg-load, and pg-extract to pg-load.
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let jobs = crontab(&readme, "");
    assert_eq!(jobs.len(), 2);
    let table = unique("readme_access");
    let cron = as_cron(
        &here(&jobs[0].command, &table),
        &variables(&jobs[0]),
        dir.path(),
    );
    succeeds(&cron);
    assert_eq!(
        query(&pg, &format!("SELECT count(*) FROM \"{table}\"")),
        "70\n"
    );
    query(&pg, &format!("DROP TABLE \"{table}\""));

    let (source, target) = (unique("readme_orders"), unique("readme_copy"));
    query(
        &pg,
        &format!(
            "CREATE TABLE \"{source}\" AS SELECT i AS id, timestamptz '2024-03-01' + \
             i * interval '1 minute' AS updated_at FROM generate_series(1, 25) i"
        ),
    );
    let orders = jobs[1]
        .command
        .replacen("-t orders", &format!("-t {source}"), 1)
        .replacen("-t orders", &format!("-t {target} --create"), 1);
    succeeds(&as_cron(
        &here(&orders, ""),
        &variables(&jobs[1]),
        dir.path(),
    ));
    assert_eq!(
        query(&pg, &format!("SELECT count(*) FROM \"{target}\"")),
        "25\n"
    );
    query(&pg, &format!("DROP TABLE \"{source}\", \"{target}\""));
}
