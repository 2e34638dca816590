//! Runs a real etlkit binary in a clean environment and checks what it did.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

/// How long a test waits for a command it runs to end: far beyond any test's need, so
/// that a command that hangs fails its test with what it printed instead of holding
/// the whole run.
pub const PATIENCE: Duration = Duration::from_secs(300);

/// Waits for `child` to end, as `wait_with_output` does, but at most `within`: then
/// it kills the child's process group (or the child alone, if it leads none) and fails
/// with what the child printed.
pub fn finish(child: Child, within: Duration) -> Output {
    let pid = child.id();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait_with_output());
    });
    match receiver.recv_timeout(within) {
        Ok(output) => output.expect("child's output"),
        Err(_) => {
            for target in [format!("-{pid}"), pid.to_string()] {
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &target])
                    .stderr(Stdio::null())
                    .status();
            }
            let output = receiver.recv().expect("waiter").expect("child's output");
            panic!(
                "process {pid} still ran after {within:?}; it printed:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

/// The directory holding the built binaries.
pub fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_etl"))
        .parent()
        .expect("binary has a directory")
        .to_path_buf()
}

/// PATH with the built binaries first, for shell pipelines and scripts of etlkit commands.
pub fn path_with_binaries() -> String {
    format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// `tests/data/NAME`.
pub fn data(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

pub struct Run {
    command: Command,
    stdin: Vec<u8>,
}

#[derive(Debug)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// A command for the binary `name` (`etl-select`), with the variables that change
/// behaviour removed so a developer's shell cannot change a test's result.
pub fn etl(name: &str) -> Run {
    let mut command = Command::new(bin_dir().join(name));
    for var in [
        "DATABASE_URL",
        "PGHOST",
        "PGPORT",
        "PGUSER",
        "PGPASSWORD",
        "PGDATABASE",
        "PGSSLMODE",
        "PGHOSTADDR",
        "PGSSLROOTCERT",
        "PGCONNECT_TIMEOUT",
        "PGAPPNAME",
        "PGOPTIONS",
        "PGPASSFILE",
        "PGSERVICE",
        "PGSERVICEFILE",
        "PGSYSCONFDIR",
        "PGSSLCERT",
        "PGSSLKEY",
        "PGSSLCRL",
        "PGSSLCRLDIR",
        "PGTARGETSESSIONATTRS",
        "KAFKA_BROKERS",
        "NO_COLOR",
        "TERM",
        "ETL_HASH_KEY",
        "TZ",
    ] {
        command.env_remove(var);
    }
    Run {
        command,
        stdin: Vec::new(),
    }
}

impl Run {
    pub fn args<I, S>(mut self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Run {
        self.command.current_dir(dir);
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Run {
        self.command.env(name, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Run {
        self.stdin = input.into();
        self
    }

    pub fn run(mut self) -> Outcome {
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        let mut stdin = child.stdin.take().expect("piped");
        let input = std::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            // The command may exit before reading everything; that is its business.
            let _ = stdin.write_all(&input);
        });
        let output = finish(child, PATIENCE);
        writer.join().expect("stdin writer");
        Outcome {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code(),
        }
    }

    /// Runs and expects success with exactly `stdout` and nothing on stderr.
    pub fn succeeds_with(self, stdout: &str) {
        let outcome = self.run();
        outcome.expect(0, stdout, "");
    }
}

impl Outcome {
    /// Checks the exit code, stdout and stderr exactly, showing all three on failure.
    pub fn expect(&self, code: i32, stdout: &str, stderr: &str) {
        if self.code != Some(code) || self.stdout != stdout || self.stderr != stderr {
            panic!(
                "\nexpected exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}\n\
                 got exit {:?}\n--- stdout\n{}--- stderr\n{}\n",
                self.code, self.stdout, self.stderr
            );
        }
    }
}

/// The address of a test service from `scripts/services` (`ETLKIT_TEST_PG` holds a
/// PostgreSQL URL, `ETLKIT_TEST_KAFKA` a broker list). In CI (`CI` set) a missing
/// service fails the test; on a laptop without it the test is skipped, loudly.
pub fn service(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(address) if !address.is_empty() => Some(address),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{variable} is not set: `make test` starts the services (scripts/services)")
        }
        _ => {
            eprintln!(
                "SKIPPED: {variable} is not set; run the tests with `make test`, which starts \
                 PostgreSQL and Kafka (scripts/services)"
            );
            None
        }
    }
}

/// A 256 KiB tmpfs to fill up, mounted on a temporary folder and unmounted when
/// dropped: a full disk for the tests.
pub struct SmallDisk {
    folder: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` where mounting is not allowed (not root), said loudly on stderr; in CI
    /// (`CI` set, the tests run as root) that fails the test instead.
    pub fn mount(test: &str) -> Option<SmallDisk> {
        let folder = tempfile::tempdir().unwrap();
        let mount = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(folder.path())
            .output();
        let refusal = match mount {
            Ok(done) if done.status.success() => return Some(SmallDisk { folder }),
            Ok(done) => String::from_utf8_lossy(&done.stderr).trim().to_owned(),
            Err(e) => e.to_string(),
        };
        if std::env::var_os("CI").is_some() {
            panic!(
                "{test}: cannot mount a tmpfs to fill up ({refusal}); CI runs the tests as root"
            );
        }
        eprintln!(
            "SKIPPED {test}: cannot mount a tmpfs to fill up ({refusal}); run the tests as \
             root to check a full disk"
        );
        None
    }

    pub fn path(&self) -> &Path {
        self.folder.path()
    }

    /// Writes to a file until the disk has no room left.
    pub fn fill(&self) {
        let mut filler = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(self.path().join("filler"))
            .unwrap();
        let block = vec![b'x'; 4096];
        while filler.write_all(&block).is_ok() {}
    }

    pub fn free(&self) {
        std::fs::remove_file(self.path().join("filler")).unwrap();
    }

    /// The names in the disk's folder.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(self.path()).status();
        if !unmounted.is_ok_and(|status| status.success()) {
            // Still busy: detached now, gone once nothing uses it.
            let _ = Command::new("umount").arg("-l").arg(self.path()).status();
        }
    }
}

#[test]
#[should_panic(expected = "still ran after")]
fn finish_fails_a_command_that_hangs() {
    let child = Command::new("sleep")
        .arg("30")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, Duration::from_millis(200));
}
