//! etl-extract-log --state: incremental runs over appends, failed pipelines, rotation
//! (every file of a rotation set, found by inode or first bytes), SIGKILL at random
//! moments of a run or its commit, and a disk that fills up.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::extract_log::{append, extract};
use crate::harness::{bin_dir, SmallDisk};

/// Runs `etl-extract-log --state` over `log` and returns its stdout; the state is not
/// committed.
pub(crate) fn run_with_state(state: &Path, log: &Path) -> String {
    let outcome = extract()
        .args(["-f", "logfmt", "--add-line", "--state"])
        .args([state, log])
        .run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(outcome.stderr, "");
    outcome.stdout
}

pub(crate) fn commit(state: &Path) {
    extract()
        .args(["--commit-state"])
        .args([state])
        .succeeds_with("");
}

#[test]
fn state_reads_only_what_was_appended_and_leaves_a_partial_line() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    append(&log, "a=1\nb=2\nc=");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"a\":\"1\",\"line\":1}\n{\"b\":\"2\",\"line\":2}\n"
    );
    assert!(
        !state.exists(),
        "nothing is committed before --commit-state"
    );
    commit(&state);
    assert!(!dir.path().join("app.state.pending").exists());
    assert_eq!(run_with_state(&state, &log), "");
    commit(&state);
    append(&log, "3\nd=4\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"c\":\"3\",\"line\":3}\n{\"d\":\"4\",\"line\":4}\n"
    );
    commit(&state);
    assert_eq!(run_with_state(&state, &log), "");
}

#[test]
fn a_failed_pipeline_or_a_crash_before_the_commit_reads_the_same_lines_again() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    append(&log, "a=1\n");
    run_with_state(&state, &log);
    commit(&state);
    append(&log, "b=2\n");
    // The pipeline failed: no commit. The next run reads b again.
    assert_eq!(run_with_state(&state, &log), "{\"b\":\"2\",\"line\":2}\n");
    // A crash after FILE.pending was written and before the commit: same again, and
    // the stale pending file is replaced by the new run's.
    assert!(dir.path().join("app.state.pending").exists());
    append(&log, "c=3\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"b\":\"2\",\"line\":2}\n{\"c\":\"3\",\"line\":3}\n"
    );
    commit(&state);
    assert_eq!(run_with_state(&state, &log), "");
    // A run that fails writes no pending state, so a later commit cannot skip lines.
    append(&log, "d=\"4\n");
    let failed = extract()
        .args(["-f", "logfmt", "--on-error", "fail", "--state"])
        .args([&state, &log])
        .run();
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    extract()
        .args(["--commit-state"])
        .args([&state])
        .run()
        .expect(
            3,
            "",
            &format!(
                "etl-extract-log: {0}.pending (no run with --state {0} to commit): No such file or directory\n",
                state.display()
            ),
        );
}

#[test]
fn rotation_reads_the_rest_of_the_old_file_first() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    append(&log, "a=1\n");
    run_with_state(&state, &log);
    commit(&state);
    // Written before the rotation, then logrotate renames (delaycompress) and the
    // writer reopens a new file.
    append(&log, "b=2\nc=3");
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    append(&log, "d=4\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"b\":\"2\",\"line\":2}\n{\"c\":\"3\",\"line\":3}\n{\"d\":\"4\",\"line\":1}\n"
    );
    commit(&state);
    assert_eq!(run_with_state(&state, &log), "");
    // Rotated and compressed at once (no delaycompress): found by its first bytes.
    append(&log, "e=5\n");
    let rotated = fs::read(&log).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&rotated).unwrap();
    fs::write(dir.path().join("app.log.2.gz"), gz.finish().unwrap()).unwrap();
    fs::remove_file(&log).unwrap();
    append(&log, "f=6\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"e\":\"5\",\"line\":2}\n{\"f\":\"6\",\"line\":1}\n"
    );
}

#[test]
fn rotation_without_the_old_file_and_truncation_start_over() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    append(&log, "a=1\nb=2\n");
    run_with_state(&state, &log);
    commit(&state);
    // Rotated away (compressed or deleted): only the new file is left.
    fs::remove_file(&log).unwrap();
    append(&log, "n=1\n");
    assert_eq!(run_with_state(&state, &log), "{\"n\":\"1\",\"line\":1}\n");
    commit(&state);
    // copytruncate: the copy keeps the old bytes, the file itself is emptied in place.
    append(&log, "n=2\n");
    fs::copy(&log, dir.path().join("app.log.1")).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    append(&log, "m=1\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"n\":\"2\",\"line\":2}\n{\"m\":\"1\",\"line\":1}\n"
    );
}

#[test]
fn state_needs_files() {
    extract()
        .args(["--state", "/nonexistent/state"])
        .stdin("a=1\n")
        .run()
        .expect(
            2,
            "",
            "etl-extract-log: --state needs files: stdin has no position to keep\n",
        );
}

/// Writes numbered lines (`n=ID`) to a log the way a program does, and rotates it the
/// way logrotate does; knows the record each line becomes (with `--add-line`).
struct Writer {
    log: PathBuf,
    next: u64,
    /// Lines in the file at the path.
    line: u64,
    /// A `pad` field of this many bytes on each line, to make runs longer.
    pad: usize,
}

impl Writer {
    fn new(log: &Path, pad: usize) -> Writer {
        Writer {
            log: log.to_owned(),
            next: 0,
            line: 0,
            pad,
        }
    }

    /// Appends `count` lines to the file at the path (creating it, as a writer that
    /// reopens its log does); the records they become.
    fn write(&mut self, count: u64) -> String {
        let pad = "x".repeat(self.pad);
        let (mut lines, mut records) = (String::new(), String::new());
        for _ in 0..count {
            self.line += 1;
            let (n, line) = (self.next, self.line);
            if self.pad == 0 {
                lines += &format!("n={n}\n");
                records += &format!("{{\"n\":\"{n}\",\"line\":{line}}}\n");
            } else {
                lines += &format!("n={n} pad={pad}\n");
                records += &format!("{{\"n\":\"{n}\",\"pad\":\"{pad}\",\"line\":{line}}}\n");
            }
            self.next += 1;
        }
        append(&self.log, &lines);
        records
    }

    /// logrotate without compression, keeping `keep` old files: `.N` becomes `.N+1`
    /// (the oldest is removed), the log `.1`; the next line starts a new log.
    fn rotate(&mut self, keep: u32) {
        for n in (1..keep).rev() {
            let old = numbered(&self.log, n);
            if old.exists() {
                fs::rename(&old, numbered(&self.log, n + 1)).unwrap();
            }
        }
        fs::rename(&self.log, numbered(&self.log, 1)).unwrap();
        self.line = 0;
    }
}

/// `LOG.n`.
fn numbered(log: &Path, n: u32) -> PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(format!(".{n}"));
    PathBuf::from(name)
}

/// `STATE.pending`.
fn pending(state: &Path) -> PathBuf {
    let mut name = state.as_os_str().to_owned();
    name.push(".pending");
    PathBuf::from(name)
}

/// The committed state as JSON.
fn committed(state: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(state).unwrap()).unwrap()
}

#[test]
fn two_rotations_between_runs_lose_no_line() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (
        dir.path().join("access.log"),
        dir.path().join("access.state"),
    );
    let mut writer = Writer::new(&log, 0);
    // A first run knows no old file: it reads the file at the path.
    let first = writer.write(50);
    assert_eq!(run_with_state(&state, &log), first);
    commit(&state);
    for _ in 0..6 {
        let mut expected = writer.write(60);
        writer.rotate(3);
        expected += &writer.write(70);
        writer.rotate(3);
        expected += &writer.write(80);
        assert_eq!(run_with_state(&state, &log), expected);
        commit(&state);
    }
    assert_eq!(run_with_state(&state, &log), "");
    // The state keeps the old files that still exist, no more: `.1` to `.3`.
    let rotated = &committed(&state)["files"][0]["rotated"];
    let paths: Vec<&str> = rotated
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let name = |n| numbered(&log, n).to_string_lossy().into_owned();
    assert_eq!(paths, [name(3), name(2), name(1)]);
}

#[test]
fn lines_written_to_the_old_file_after_its_rotation_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (
        dir.path().join("access.log"),
        dir.path().join("access.state"),
    );
    let old = numbered(&log, 1);
    append(&log, "a=1\nb=2\n");
    run_with_state(&state, &log);
    commit(&state);
    // logrotate `create`: renamed, a new empty file made, and the writer (nginx
    // before it reopens its log) goes on writing to the old one; its last line is not
    // whole yet, and may still grow while the new file is empty.
    append(&log, "c=3\n");
    fs::rename(&log, &old).unwrap();
    append(&log, "");
    append(&old, "d=4\ne=");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"c\":\"3\",\"line\":3}\n{\"d\":\"4\",\"line\":4}\n"
    );
    commit(&state);
    append(&old, "5\nf=6\n");
    append(&log, "g=7\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"e\":\"5\",\"line\":5}\n{\"f\":\"6\",\"line\":6}\n{\"g\":\"7\",\"line\":1}\n"
    );
    commit(&state);
    // Without `create`: no file at the path until the writer reopens its log.
    fs::rename(&old, numbered(&log, 2)).unwrap();
    fs::rename(&log, &old).unwrap();
    append(&old, "h=8\n");
    assert_eq!(run_with_state(&state, &log), "{\"h\":\"8\",\"line\":2}\n");
    commit(&state);
    append(&old, "i=9\n");
    append(&log, "j=10\n");
    assert_eq!(
        run_with_state(&state, &log),
        "{\"i\":\"9\",\"line\":3}\n{\"j\":\"10\",\"line\":1}\n"
    );
    commit(&state);
    assert_eq!(run_with_state(&state, &log), "");
    // A line added late, then logrotate compresses the old file (delaycompress): the
    // rest is read from the .gz, and the state forgets the file, compressed for good.
    append(&old, "k=11");
    fs::rename(numbered(&log, 2), numbered(&log, 3)).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&fs::read(&old).unwrap()).unwrap();
    fs::write(dir.path().join("access.log.2.gz"), gz.finish().unwrap()).unwrap();
    fs::remove_file(&old).unwrap();
    assert_eq!(run_with_state(&state, &log), "{\"k\":\"11\",\"line\":4}\n");
    commit(&state);
    let rotated = &committed(&state)["files"][0]["rotated"];
    assert_eq!(rotated.as_array().unwrap().len(), 1, "{rotated}");
    assert_eq!(
        rotated[0]["path"],
        numbered(&log, 3).to_string_lossy().as_ref()
    );
    assert_eq!(run_with_state(&state, &log), "");
}

#[test]
fn a_state_written_before_rotation_sets_were_kept_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    append(&numbered(&log, 1), "old=1\n");
    append(&log, "a=1\n");
    let meta = fs::metadata(&log).unwrap();
    let name = log.to_string_lossy();
    // Version 1: the file at the path only, read to its end ("a=1\n").
    let version_1 = serde_json::json!({"version": 1, "files": [{
        "path": name, "dev": std::os::unix::fs::MetadataExt::dev(&meta),
        "ino": std::os::unix::fs::MetadataExt::ino(&meta),
        "fingerprint": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "fingerprint_len": 0, "offset": 4, "line": 1}]});
    fs::write(&state, version_1.to_string()).unwrap();
    append(&log, "b=2\n");
    // Its old file was read before: taken into the set as it is.
    assert_eq!(run_with_state(&state, &log), "{\"b\":\"2\",\"line\":2}\n");
    commit(&state);
    append(&numbered(&log, 1), "old=2\n");
    assert_eq!(run_with_state(&state, &log), "{\"old\":\"2\",\"line\":2}\n");
}

/// Random numbers from a fixed seed (a 64-bit LCG), so a failure replays.
struct Random(u64);

impl Random {
    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// When a cycle of the fault test is SIGKILLed.
#[derive(Clone, Copy, Debug)]
enum Kill {
    Never,
    /// The run, once the consumer has this many records.
    Reading(u64),
    /// Between the run and the commit: the commit never runs.
    BeforeCommit,
    /// The commit, this long after it starts.
    Commit(Duration),
}

/// `etl-extract-log --state STATE -f logfmt --add-line LOG | consumer`, SIGKILLed once
/// the consumer (this function) has `kill_after` records: the whole records it got,
/// and whether the run exited 0 (else it was killed; any other end fails the test).
fn run_killed(state: &Path, log: &Path, kill_after: Option<u64>) -> (Vec<String>, bool) {
    // A socket, not a pipe: the command would enlarge a pipe to 1 MiB, enough for a
    // whole run's records, and be done before the kill.
    let (consumer, output) = UnixStream::pair().unwrap();
    let mut child: Child = Command::new(bin_dir().join("etl-extract-log"))
        .args(["-f", "logfmt", "--add-line", "--state"])
        .args([state, log])
        .stdin(Stdio::null())
        .stdout(std::os::fd::OwnedFd::from(output))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut records = Vec::new();
    let mut lines = BufReader::new(consumer);
    let mut line = String::new();
    loop {
        if kill_after == Some(records.len() as u64) {
            child.kill().unwrap();
        }
        line.clear();
        // A record cut short by the kill is not delivered: a consumer cannot parse it.
        if lines.read_line(&mut line).unwrap() == 0 || !line.ends_with('\n') {
            break;
        }
        records.push(line.clone());
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    match status.code() {
        Some(0) => assert_eq!(stderr, ""),
        None if kill_after.is_some() => {}
        _ => panic!("etl-extract-log ended with {status}: {stderr}"),
    }
    (records, status.success())
}

/// `etl-extract-log --commit-state STATE`, SIGKILLed `kill_after` after it starts:
/// whether it made the pending state the committed one (it ran that far).
fn commit_killed(state: &Path, kill_after: Option<Duration>) -> bool {
    let mut child = Command::new(bin_dir().join("etl-extract-log"))
        .arg("--commit-state")
        .arg(state)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    if let Some(after) = kill_after {
        std::thread::sleep(after);
        child.kill().unwrap();
    }
    let status = child.wait().unwrap();
    let renamed = !pending(state).exists();
    assert!(
        kill_after.is_some() || (status.success() && renamed),
        "{status}"
    );
    renamed
}

#[test]
fn killed_at_random_moments_state_runs_lose_nothing_and_double_only_uncommitted_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    let started = Instant::now();
    let mut random = Random(19);
    let mut writer = Writer::new(&log, 120);
    // A first run knows no old file: it reads the file at the path.
    let first = writer.write(10);
    assert_eq!(run_with_state(&state, &log), first);
    commit(&state);
    // The record of each line written, by its number.
    let mut written: Vec<String> = first.lines().map(|line| format!("{line}\n")).collect();
    // Lines before this one were delivered by a run that was then committed.
    let mut committed_through = written.len() as u64;
    let mut outcomes = std::collections::BTreeMap::<&str, u32>::new();
    for cycle in 0..=20 {
        let kill = if cycle == 20 {
            // The last cycle runs to the end, to deliver what is left.
            Kill::Never
        } else {
            let mut text = writer.write(1000 + random.below(2000));
            let rotations = [0, 0, 1, 2][random.below(4) as usize];
            for _ in 0..rotations {
                // No old file is removed: it may hold lines no committed run read.
                writer.rotate(100);
                text += &writer.write(200 + random.below(1000));
            }
            written.extend(text.lines().map(|line| format!("{line}\n")));
            let unread = written.len() as u64 - committed_through;
            match random.below(4) {
                0 => Kill::Never,
                1 => Kill::Reading(random.below(unread)),
                2 => Kill::BeforeCommit,
                _ => Kill::Commit(Duration::from_micros(random.below(8000))),
            }
        };
        let kill_after = match kill {
            Kill::Reading(after) => Some(after),
            _ => None,
        };
        let (records, finished) = run_killed(&state, &log, kill_after);
        // Each run starts at the first line not committed and goes on in order, each
        // record as written, with its line number; one that finished reads them all.
        let expected = &written[committed_through as usize..];
        let wrong = records
            .iter()
            .zip(expected)
            .position(|(got, line)| got != line);
        assert!(
            wrong.is_none() && records.len() <= expected.len(),
            "cycle {cycle}: record {wrong:?} of {} is not the line expected; {} expected",
            records.len(),
            expected.len()
        );
        assert!(
            !finished || records.len() == expected.len(),
            "cycle {cycle}: {} records of {}",
            records.len(),
            expected.len()
        );
        let committed = finished
            && match kill {
                Kill::BeforeCommit => false,
                Kill::Commit(after) => commit_killed(&state, Some(after)),
                Kill::Never | Kill::Reading(_) => commit_killed(&state, None),
            };
        if committed {
            committed_through = written.len() as u64;
        }
        let outcome = match (kill, finished, committed) {
            (Kill::Reading(_), false, _) => "killed reading",
            (Kill::Commit(_), true, false) => "commit killed before its rename",
            (Kill::Commit(_), true, true) => "commit killed after its rename",
            (_, true, false) => "not committed",
            _ => "committed",
        };
        *outcomes.entry(outcome).or_default() += 1;
    }
    // Every line was delivered by one committed run; the other deliveries were all by
    // runs whose commit did not happen, the duplicates the docs promise.
    assert_eq!(committed_through, written.len() as u64);
    assert_eq!(run_killed(&state, &log, None), (vec![], true));
    eprintln!(
        "{} lines in 20 cycles, {:?}: {outcomes:?}",
        written.len(),
        started.elapsed()
    );
}

#[test]
fn a_full_disk_fails_the_run_clearly_and_keeps_the_committed_state() {
    let Some(disk) = SmallDisk::mount("a_full_disk_fails_the_run_clearly") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let state = disk.path().join("app.state");
    append(&log, "a=1\n");
    run_with_state(&state, &log);
    commit(&state);
    append(&log, "b=2\n");
    run_with_state(&state, &log);
    // A commit is a rename: it needs no room (and frees the old state's).
    disk.fill();
    commit(&state);
    disk.fill();
    let committed = fs::read(&state).unwrap();
    // The run gives out its records, then cannot write where it got to: it fails, so
    // the pipeline's commit does not run, and there is nothing it could commit.
    append(&log, "c=3\n");
    extract()
        .args(["-f", "logfmt", "--add-line", "--state"])
        .args([&state, &log])
        .run()
        .expect(
            3,
            "{\"c\":\"3\",\"line\":3}\n",
            &format!(
                "etl-extract-log: {}: No space left on device\n",
                pending(&state).display()
            ),
        );
    assert_eq!(disk.files(), ["app.state", "filler"]);
    extract()
        .args(["--commit-state"])
        .args([&state])
        .run()
        .expect(
            3,
            "",
            &format!(
                "etl-extract-log: {0}.pending (no run with --state {0} to commit): No such file \
                 or directory\n",
                state.display()
            ),
        );
    assert_eq!(fs::read(&state).unwrap(), committed);
    // With room again, the next run reads the same line again.
    disk.free();
    assert_eq!(run_with_state(&state, &log), "{\"c\":\"3\",\"line\":3}\n");
    commit(&state);
    assert_eq!(run_with_state(&state, &log), "");
}
