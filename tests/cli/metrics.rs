//! `--metrics`: a Prometheus text file (or a JSON line on stderr) at the end of a run.

use crate::harness::etl;

/// The metric lines of a text file, without the ones whose values change run to run.
fn stable_lines(text: &str) -> String {
    text.lines()
        .filter(|line| {
            !line.starts_with("etlkit_duration_seconds") && !line.starts_with("etlkit_last_success")
        })
        .filter(|line| !line.starts_with('#'))
        .map(|line| format!("{line}\n"))
        .collect()
}

#[test]
fn a_run_writes_a_prometheus_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("errors.prom");
    let input = "status\n200\n503\nbad\n500\n";
    let outcome = etl("etl-filter")
        .args([
            "--on-error",
            "skip",
            "--metrics",
            path.to_str().unwrap(),
            "status >= 500",
        ])
        .stdin(input)
        .run();
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        stable_lines(&text),
        "etlkit_records_in{command=\"etl-filter\"} 4\n\
         etlkit_records_out{command=\"etl-filter\"} 2\n\
         etlkit_records_rejected{command=\"etl-filter\"} 1\n\
         etlkit_bytes_read{command=\"etl-filter\"} 23\n\
         etlkit_running{command=\"etl-filter\"} 0\n\
         etlkit_exit_status{command=\"etl-filter\"} 0\n"
    );
    assert!(text.contains("# TYPE etlkit_last_success_timestamp_seconds gauge\n"));
    assert!(text.contains("\netlkit_last_success_timestamp_seconds{command=\"etl-filter\"} 1"));
    assert!(text.contains("\netlkit_duration_seconds{command=\"etl-filter\"} 0."));

    // A failed run says so, and keeps the time of the last success for alerting.
    let success_line = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("etlkit_last_success"))
            .map(str::to_owned)
    };
    let before = success_line(&text);
    let outcome = etl("etl-filter")
        .args(["--metrics", path.to_str().unwrap(), "status >= 500"])
        .stdin(input)
        .run();
    assert_eq!(outcome.code, Some(1));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\netlkit_exit_status{command=\"etl-filter\"} 1\n"),
        "{text}"
    );
    assert_eq!(success_line(&text), before);
}

#[test]
fn dash_prints_one_json_line_on_stderr() {
    let outcome = etl("etl-select")
        .args(["--metrics", "-", "a"])
        .stdin("a,b\n1,2\n")
        .run();
    assert_eq!(outcome.stdout, "a\n1\n");
    let line: serde_json::Value = serde_json::from_str(outcome.stderr.trim_end()).unwrap();
    assert_eq!(line["command"], "etl-select");
    assert_eq!(line["records_in"], 1);
    assert_eq!(line["records_out"], 1);
    assert_eq!(line["records_rejected"], 0);
    assert_eq!(line["bytes_read"], 8);
    assert_eq!(line["exit_status"], 0);
    assert!(line["last_success_timestamp_seconds"].as_u64().unwrap() > 1_700_000_000);
}

#[test]
fn an_unwritable_metrics_file_is_an_io_error() {
    etl("etl-select")
        .args(["--metrics", "/nonexistent/dir/x.prom", "a"])
        .stdin("a\n1\n")
        .run()
        .expect(
            3,
            "a\n1\n",
            "etl-select: --metrics /nonexistent/dir/x.prom: No such file or directory\n",
        );
}

#[test]
fn bytes_read_count_each_input_byte_once() {
    let outcome = etl("etl-extract-log")
        .args(["--metrics", "-", "-f", "json"])
        .stdin("{\"a\":1}\n{\"a\":2}\n")
        .run();
    let line: serde_json::Value = serde_json::from_str(outcome.stderr.trim_end()).unwrap();
    assert_eq!(line["bytes_read"], 16);
    assert_eq!(line["records_out"], 2);
}

/// Waits up to 30 s for the metrics file at `path` to hold every one of `lines`.
fn wait_for_metrics(path: &std::path::Path, lines: &[&str]) -> String {
    let started = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if lines.iter().all(|line| text.lines().any(|l| l == *line)) {
            return text;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "never got {lines:?}; last:\n{text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_running_command_rewrites_its_metrics_with_its_labels() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stream.prom");
    let mut child = Command::new(crate::harness::bin_dir().join("etl-filter"))
        .args([
            "--metrics",
            path.to_str().unwrap(),
            "--metrics-interval",
            "50ms",
        ])
        .args([
            "--metrics-label",
            "job=weather",
            "--metrics-label",
            "site=a\"b",
        ])
        .arg("t > 30")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"t\":31}\n{\"t\":3}\n").unwrap();
    stdin.flush().unwrap();
    let labels = r#"{command="etl-filter",job="weather",site="a\"b"}"#;
    let running = wait_for_metrics(
        &path,
        &[
            &format!("etlkit_records_in{labels} 2"),
            &format!("etlkit_records_out{labels} 1"),
            &format!("etlkit_running{labels} 1"),
        ],
    );
    // While it runs there is no exit status, and no success yet.
    assert!(!running.contains("etlkit_exit_status"), "{running}");
    assert!(!running.contains("etlkit_last_success"), "{running}");
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        stable_lines(&text),
        format!(
            "etlkit_records_in{labels} 2\n\
             etlkit_records_out{labels} 1\n\
             etlkit_records_rejected{labels} 0\n\
             etlkit_bytes_read{labels} 17\n\
             etlkit_running{labels} 0\n\
             etlkit_exit_status{labels} 0\n"
        )
    );
}

#[test]
fn a_label_must_be_a_prometheus_name() {
    etl("etl-select")
        .args(["--metrics", "-", "--metrics-label", "2x=y", "a"])
        .run()
        .expect(
            2,
            "",
            "etl-select: invalid value '2x=y' for '--metrics-label <NAME=VALUE>': \"2x\" is not a label \
             name: letters, digits and _, not starting with a digit or __, and not \"command\"\n\n\
             For more information, try '--help'.\n",
        );
}

/// Regression (issue 19, 3): a rename over /dev/null, a FIFO or a link replaced it.
#[test]
fn metrics_are_written_only_over_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere.prom");
    std::fs::write(&target, "kept\n").unwrap();
    let link = dir.path().join("link.prom");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for path in [std::path::Path::new("/dev/null"), &link, dir.path()] {
        let shown = path.display();
        etl("etl-select")
            .args(["--metrics", path.to_str().unwrap(), "a"])
            .stdin("a\n1\n")
            .run()
            .expect(
                3,
                "",
                &format!(
                    "etl-select: --metrics {shown}: not a regular file; --metrics writes only \
                     a regular file (or creates one)\n"
                ),
            );
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}
