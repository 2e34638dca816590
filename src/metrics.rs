//! Run metrics (`--metrics FILE`): what one run did, written at exit as a Prometheus
//! text file for node_exporter's textfile collector, or (`--metrics -`) as one JSON
//! line on stderr, so a cron job that stalls or fails shows up on a dashboard.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    pub records_in: u64,
    pub records_out: u64,
    pub records_rejected: u64,
    pub bytes_read: u64,
    pub duration: Duration,
    pub exit_status: u8,
}

/// The metric that alerting keys on; kept across failed runs.
const LAST_SUCCESS: &str = "etlkit_last_success_timestamp_seconds";

/// Writes the metrics of `command`'s run to `target`.
pub fn write(target: &Target, command: &str, stats: &RunStats) -> io::Result<()> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let succeeded = stats.exit_status == 0;
    match target {
        Target::Stderr => {
            let line = serde_json::json!({
                "command": command,
                "records_in": stats.records_in,
                "records_out": stats.records_out,
                "records_rejected": stats.records_rejected,
                "bytes_read": stats.bytes_read,
                "duration_seconds": stats.duration.as_secs_f64(),
                "exit_status": stats.exit_status,
                "last_success_timestamp_seconds": succeeded.then_some(now),
            });
            writeln!(io::stderr(), "{line}")
        }
        Target::File(path) => {
            // A failed run keeps the time of the last success, so "no success in 15
            // minutes" stays true across failures.
            let last_success = if succeeded {
                Some(now)
            } else {
                previous_last_success(path)
            };
            replace(path, &prometheus_text(command, stats, last_success))
        }
    }
}

/// The text file's content, in the Prometheus exposition format.
pub fn prometheus_text(command: &str, stats: &RunStats, last_success: Option<u64>) -> String {
    let label = format!("{{command=\"{command}\"}}");
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
        "etlkit_exit_status",
        "gauge",
        "Exit status of the last run (0 is success).",
        stats.exit_status.to_string(),
    );
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

/// Replaces `path` atomically: the collector never reads a half-written file. The
/// temporary name does not end in `.prom`, so the collector skips it.
fn replace(path: &Path, content: &str) -> io::Result<()> {
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
        let ok = RunStats::default();
        write(&target, "etl-filter", &ok).unwrap();
        let first = previous_last_success(&path).expect("written on success");
        let failed = RunStats {
            exit_status: 1,
            ..RunStats::default()
        };
        std::fs::write(&path, prometheus_text("etl-filter", &failed, Some(12345))).unwrap();
        write(&target, "etl-filter", &failed).unwrap();
        assert_eq!(previous_last_success(&path), Some(12345));
        assert!(first > 1_700_000_000);
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }
}
