//! Every example of every command's `--help` (and man page), run as written in a
//! folder of small files (`tests/cases/files/`) and checked against its case file,
//! `tests/cases/COMMAND.N.case`: the command line, its exit status, and its exact stdout
//! and stderr. The error messages are cases too, in `tests/cases/errors/`, each a
//! command line of its own (its file's first line) run the same way. An example that changes, or whose output does, fails here until its case
//! is blessed again: `ETLKIT_BLESS=1 cargo test --test cli cases` writes the case files
//! from what the commands do now, for the diff to be read.
//!
//! The examples that need a server, the machine's own logs or a terminal are listed in
//! `NOT_RUN` with the reason; their command lines are still parsed by their clap
//! definitions in `front_door`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::{finish, path_with_binaries, PATIENCE};

/// Examples not run here, by the start of their command line, and why.
const NOT_RUN: &[(&str, &str)] = &[
    ("etl-pg-", "needs a PostgreSQL server"),
    ("PGHOST=", "needs a PostgreSQL server"),
    ("tail -F", "follows a file for ever"),
    ("etl-kafka-", "needs a Kafka broker"),
    (
        "etl-extract-log -f combined /var/log",
        "reads the machine's own logs",
    ),
    ("etl-extract-log -f syslog", "reads the machine's own logs"),
    ("etl-extract-log --state", "reads the machine's own logs"),
    ("etl-extract-log --follow", "follows a file for ever"),
    ("ETL_HASH_KEY=$(cat", "reads a key file of the machine"),
];

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// What running an example did.
#[derive(Debug, PartialEq)]
struct Ran {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// A case file: `$ RUN`, then `--- status: N`, `--- stdout`, the output, `--- stderr`,
/// the output, `--- end`.
fn case_text(run: &str, ran: &Ran) -> String {
    let section = |text: &str| {
        if text.is_empty() || text.ends_with('\n') {
            text.to_owned()
        } else {
            format!("{text}\n--- (no newline at the end)\n")
        }
    };
    format!(
        "$ {run}\n--- status: {}\n--- stdout\n{}--- stderr\n{}--- end\n",
        ran.status.map_or("killed".to_owned(), |s| s.to_string()),
        section(&ran.stdout),
        section(&ran.stderr)
    )
}

/// Runs `run` with bash in a copy of the files, the etlkit binaries first on PATH and
/// none of the variables that change what they do.
fn run_example(run: &str) -> Ran {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(cases().join("files")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let path = path_with_binaries();
    let mut command = Command::new("bash");
    command
        .args(["-o", "pipefail", "-c", run])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "DATABASE_URL",
        "PGHOST",
        "PGSERVICE",
        "KAFKA_BROKERS",
        "NO_COLOR",
        "TERM",
        "ETL_HASH_KEY",
    ] {
        command.env_remove(var);
    }
    let output = finish(command.spawn().unwrap(), PATIENCE);
    // A summary's time and rate change from run to run.
    let timing = regex::Regex::new(r" in [0-9.]+ s \([^)]*\)").unwrap();
    Ran {
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: timing
            .replace_all(&String::from_utf8_lossy(&output.stderr), " in [time]")
            .into_owned(),
    }
}

#[test]
fn every_example_does_what_its_case_file_says() {
    let bless = std::env::var_os("ETLKIT_BLESS").is_some();
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut expected_files = Vec::new();
    for command in etlkit::cli::COMMANDS {
        for (n, example) in command.examples.iter().enumerate() {
            // The examples' text is for a reader: continuation lines are indented.
            let run: String = example
                .run
                .split('\n')
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("\n");
            if NOT_RUN.iter().any(|(start, _)| run.starts_with(start)) {
                continue;
            }
            let file = cases().join(format!("{}.{}.case", command.name, n + 1));
            expected_files.push(file.file_name().unwrap().to_owned());
            let actual = case_text(&run, &run_example(&run));
            if bless {
                std::fs::write(&file, &actual).unwrap();
            } else {
                let expected = std::fs::read_to_string(&file).unwrap_or_default();
                if expected != actual {
                    failures.push(format!(
                        "{}:\n--- expected\n{expected}--- got\n{actual}",
                        file.display()
                    ));
                }
            }
            checked += 1;
        }
    }
    // The error cases: any command line, its first line, with what it must say.
    for entry in std::fs::read_dir(cases().join("errors")).unwrap() {
        let file = entry.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        let run = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("$ "))
            .unwrap_or_else(|| panic!("{}: the first line is not `$ COMMAND`", file.display()))
            .to_owned();
        let actual = case_text(&run, &run_example(&run));
        if bless {
            std::fs::write(&file, &actual).unwrap();
        } else if text != actual {
            failures.push(format!(
                "{}:\n--- expected\n{text}--- got\n{actual}",
                file.display()
            ));
        }
        checked += 1;
    }
    // A case file whose example has gone is a stale one.
    for entry in std::fs::read_dir(cases()).unwrap() {
        let name = entry.unwrap().file_name();
        if name.to_string_lossy().ends_with(".case") && !expected_files.contains(&name) {
            failures.push(format!("{name:?}: no example is run for this case file"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} examples differ from their case files (ETLKIT_BLESS=1 rewrites \
         them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 40, "{checked}");
}
