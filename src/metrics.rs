//! Run metrics (`--metrics FILE`): what one run did, written at exit as a Prometheus
//! text file for node_exporter's textfile collector, or (`--metrics -`) as one JSON
//! line on stderr, so a cron job that stalls or fails shows up on a dashboard. A
//! long-running command also rewrites them every `--metrics-interval` while it runs.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::progress::Progress;

/// Where `--metrics` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A Prometheus text file, replaced atomically.
    File(PathBuf),
    /// One JSON line on stderr (`--metrics -`).
    Stderr,
}

impl Target {
    pub fn from_arg(arg: &Path) -> Target {
        if arg == Path::new("-") {
            Target::Stderr
        } else {
            Target::File(arg.to_path_buf())
        }
    }

    pub fn name(&self) -> String {
        match self {
            Target::File(path) => path.display().to_string(),
            Target::Stderr => "-".into(),
        }
    }
}

/// What one run did, or has done so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    pub records_in: u64,
    pub records_out: u64,
    pub records_rejected: u64,
    pub bytes_read: u64,
    pub duration: Duration,
    pub exit_status: u8,
    /// Still running: a `--metrics-interval` snapshot, without an exit status.
    pub running: bool,
    /// Messages in the consumer's partitions not yet committed (etl-kafka-consume).
    pub consumer_lag: Option<u64>,
    /// How old the newest record written was, by its Kafka timestamp, when it was.
    pub record_age: Option<Duration>,
    /// What an upsert did with the rows (etl-pg-load --upsert).
    pub upserted: Option<UpsertCounts>,
}

/// Rows an upsert inserted, updated, and left as they were (the same values, a key
/// given again later in the input, or `--on-conflict ignore`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UpsertCounts {
    pub inserted: u64,
    pub updated: u64,
    pub ignored: u64,
}

/// The counters of a run as they move. One thread (the command's) updates them, with
/// plain stores; the `--metrics-interval` writer reads them.
#[derive(Debug)]
pub struct Live {
    records_in: AtomicU64,
    records_out: AtomicU64,
    rejected: AtomicU64,
    /// -1 while unknown.
    consumer_lag: AtomicI64,
    /// The newest record's age in milliseconds when it was written; -1 while none.
    record_age_ms: AtomicI64,
    upserted: std::sync::Mutex<Option<UpsertCounts>>,
}

impl Default for Live {
    fn default() -> Live {
        Live {
            records_in: AtomicU64::new(0),
            records_out: AtomicU64::new(0),
            rejected: AtomicU64::new(0),
            consumer_lag: AtomicI64::new(-1),
            record_age_ms: AtomicI64::new(-1),
            upserted: std::sync::Mutex::new(None),
        }
    }
}

impl Live {
    pub fn add_in(&self, records: u64) {
        self.records_in.store(self.records_in() + records, Relaxed);
    }

    pub fn add_out(&self, records: u64) {
        self.set_out(self.records_out() + records);
    }

    pub fn set_out(&self, records: u64) {
        self.records_out.store(records, Relaxed);
    }

    pub fn add_rejected(&self, records: u64) {
        self.rejected.store(self.rejected() + records, Relaxed);
    }

    pub fn set_consumer_lag(&self, messages: u64) {
        self.consumer_lag
            .store(i64::try_from(messages).unwrap_or(i64::MAX), Relaxed);
    }

    /// Notes a record written `age` after its timestamp.
    pub fn set_record_age(&self, age: Duration) {
        let millis = i64::try_from(age.as_millis()).unwrap_or(i64::MAX);
        self.record_age_ms.store(millis, Relaxed);
    }

    /// What an upsert did, once it committed.
    pub fn set_upserted(&self, counts: UpsertCounts) {
        *self.upserted.lock().unwrap_or_else(|e| e.into_inner()) = Some(counts);
    }

    pub fn records_in(&self) -> u64 {
        self.records_in.load(Relaxed)
    }

    pub fn records_out(&self) -> u64 {
        self.records_out.load(Relaxed)
    }

    pub fn rejected(&self) -> u64 {
        self.rejected.load(Relaxed)
    }

    /// The run so far, `started` at that instant.
    pub fn stats(&self, progress: &Progress, started: Instant) -> RunStats {
        RunStats {
            records_in: self.records_in(),
            records_out: self.records_out(),
            records_rejected: self.rejected(),
            bytes_read: progress.bytes_read(),
            duration: started.elapsed(),
            exit_status: 0,
            running: true,
            consumer_lag: u64::try_from(self.consumer_lag.load(Relaxed)).ok(),
            record_age: u64::try_from(self.record_age_ms.load(Relaxed))
                .ok()
                .map(Duration::from_millis),
            upserted: *self.upserted.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }
}

/// `--metrics-label k=v`: labels added to every metric, to tell jobs apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels(Vec<(String, String)>);

impl Labels {
    /// `k=v` with a Prometheus label name; the value may be anything.
    pub fn parse(text: &str) -> Result<(String, String), String> {
        let (name, value) = text
            .split_once('=')
            .ok_or_else(|| format!("{text:?} is not NAME=VALUE"))?;
        let mut chars = name.chars();
        let valid = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !name.starts_with("__")
            && name != "command";
        if !valid {
            return Err(format!(
                "{name:?} is not a label name: letters, digits and _, not starting with a \
                 digit or __, and not \"command\""
            ));
        }
        Ok((name.to_owned(), value.to_owned()))
    }

    pub fn new(pairs: Vec<(String, String)>) -> Labels {
        Labels(pairs)
    }

    /// `{command="etl-filter",k="v"}`, values escaped as the exposition format says.
    fn render(&self, command: &str) -> String {
        let mut text = format!("{{command=\"{command}\"");
        for (name, value) in &self.0 {
            let value = value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            let _ = write!(text, ",{name}=\"{value}\"");
        }
        text.push('}');
        text
    }
}

/// Rewrites the metrics every `interval` while a command runs, from its live counters.
pub struct Periodic {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

impl Periodic {
    pub fn start(
        interval: Duration,
        target: Target,
        command: &'static str,
        labels: Labels,
        live: Arc<Live>,
        progress: Progress,
    ) -> Periodic {
        let (stop, stopped) = mpsc::channel();
        let started = Instant::now();
        let thread = std::thread::spawn(move || {
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(interval) {
                // A write that fails now is retried next time; the last one reports.
                let _ = write(&target, command, &labels, &live.stats(&progress, started));
            }
        });
        Periodic { stop, thread }
    }

    /// Stops rewriting, before the final write at exit.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

/// The metric that alerting keys on; kept across failed runs.
const LAST_SUCCESS: &str = "etlkit_last_success_timestamp_seconds";

/// Writes the metrics of `command`'s run to `target`.
pub fn write(target: &Target, command: &str, labels: &Labels, stats: &RunStats) -> io::Result<()> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let succeeded = stats.exit_status == 0 && !stats.running;
    match target {
        Target::Stderr => {
            let mut line = serde_json::json!({
                "command": command,
                "records_in": stats.records_in,
                "records_out": stats.records_out,
                "records_rejected": stats.records_rejected,
                "bytes_read": stats.bytes_read,
                "duration_seconds": stats.duration.as_secs_f64(),
                "running": stats.running,
                "exit_status": (!stats.running).then_some(stats.exit_status),
                "last_success_timestamp_seconds": succeeded.then_some(now),
                "consumer_lag": stats.consumer_lag,
                "record_age_seconds": stats.record_age.map(|age| age.as_secs_f64()),
            });
            let object = line.as_object_mut().expect("an object");
            object.retain(|_, value| !value.is_null());
            for (name, value) in &labels.0 {
                object.insert(name.clone(), value.clone().into());
            }
            writeln!(io::stderr(), "{line}")
        }
        Target::File(path) => {
            // A failed run, or one still running, keeps the time of the last success,
            // so "no success in 15 minutes" stays true across failures.
            let last_success = if succeeded {
                Some(now)
            } else {
                previous_last_success(path)
            };
            replace(path, &prometheus_text(command, labels, stats, last_success))
        }
    }
}

/// The text file's content, in the Prometheus exposition format.
pub fn prometheus_text(
    command: &str,
    labels: &Labels,
    stats: &RunStats,
    last_success: Option<u64>,
) -> String {
    let label = labels.render(command);
    let mut text = String::new();
    let mut metric = |name: &str, kind: &str, help: &str, value: String| {
        let _ = write!(
            text,
            "# HELP {name} {help}\n# TYPE {name} {kind}\n{name}{label} {value}\n"
        );
    };
    metric(
        "etlkit_records_in",
        "gauge",
        "Records read by the last run.",
        stats.records_in.to_string(),
    );
    metric(
        "etlkit_records_out",
        "gauge",
        "Records written by the last run.",
        stats.records_out.to_string(),
    );
    metric(
        "etlkit_records_rejected",
        "gauge",
        "Bad records the last run skipped.",
        stats.records_rejected.to_string(),
    );
    metric(
        "etlkit_bytes_read",
        "gauge",
        "Input bytes the last run read.",
        stats.bytes_read.to_string(),
    );
    metric(
        "etlkit_duration_seconds",
        "gauge",
        "How long the last run took.",
        format!("{:.3}", stats.duration.as_secs_f64()),
    );
    metric(
        "etlkit_running",
        "gauge",
        "1 while the command runs (--metrics-interval), 0 once it has exited.",
        u8::from(stats.running).to_string(),
    );
    if !stats.running {
        metric(
            "etlkit_exit_status",
            "gauge",
            "Exit status of the last run (0 is success).",
            stats.exit_status.to_string(),
        );
    }
    if let Some(lag) = stats.consumer_lag {
        metric(
            "etlkit_kafka_consumer_lag",
            "gauge",
            "Messages in the assigned partitions after the committed offsets.",
            lag.to_string(),
        );
    }
    if let Some(age) = stats.record_age {
        metric(
            "etlkit_record_age_seconds",
            "gauge",
            "How old the newest record written was (now minus its Kafka timestamp).",
            format!("{:.3}", age.as_secs_f64()),
        );
    }
    if let Some(counts) = stats.upserted {
        for (outcome, rows) in [
            ("inserted", counts.inserted),
            ("updated", counts.updated),
            ("ignored", counts.ignored),
        ] {
            metric(
                &format!("etlkit_pg_rows_{outcome}"),
                "gauge",
                &format!("Rows the last run's upsert {outcome} (etl-pg-load --upsert)."),
                rows.to_string(),
            );
        }
    }
    if let Some(seconds) = last_success {
        metric(
            LAST_SUCCESS,
            "gauge",
            "Unix time of the last run that succeeded.",
            seconds.to_string(),
        );
    }
    text
}

/// The last-success time in an earlier metrics file, if there is one.
fn previous_last_success(path: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .find(|line| line.starts_with(LAST_SUCCESS) && !line.starts_with('#'))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

/// Whether `path` may be replaced by a metrics file: a rename replaces whatever has
/// the name (/dev/null, a FIFO, a link), so only a regular file, or none yet, may be.
pub fn writable(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(found) if !found.file_type().is_file() => Err(io::Error::other(
            "not a regular file; --metrics writes only a regular file (or creates one)",
        )),
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Replaces `path` atomically: the collector never reads a half-written file. The
/// temporary name does not end in `.prom`, so the collector skips it.
fn replace(path: &Path, content: &str) -> io::Result<()> {
    writable(path)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, content)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_run_keeps_the_last_success() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("job.prom");
        let target = Target::File(path.clone());
        let labels = Labels::default();
        let ok = RunStats::default();
        write(&target, "etl-filter", &labels, &ok).unwrap();
        let first = previous_last_success(&path).expect("written on success");
        let failed = RunStats {
            exit_status: 1,
            ..RunStats::default()
        };
        let text = prometheus_text("etl-filter", &labels, &failed, Some(12345));
        std::fs::write(&path, text).unwrap();
        write(&target, "etl-filter", &labels, &failed).unwrap();
        assert_eq!(previous_last_success(&path), Some(12345));
        assert!(first > 1_700_000_000);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }
}
