//! etl-sort: stability, keys with directions and types, nulls, spilling to disk with
//! a tiny memory limit (same result as in memory), and cleanup after SIGINT.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{bin_dir, etl, finish, PATIENCE};

fn sort(args: &[&str]) -> crate::harness::Run {
    etl("etl-sort").args(args)
}

#[test]
fn stable_multi_key_with_mixed_directions_and_types() {
    let input = "id,country,amount\n1,DE,5\n2,FR,10\n3,DE,9\n4,FR,10\n5,DE,10.0\n6,FR,9\n";
    // amount compares as numbers ("10" > "9"); equal keys (2 and 4) keep input order.
    sort(&["-k", "country:desc,amount"])
        .stdin(input)
        .succeeds_with("id,country,amount\n6,FR,9\n2,FR,10\n4,FR,10\n1,DE,5\n3,DE,9\n5,DE,10.0\n");
    sort(&["-k", "amount:text,id:desc"])
        .stdin(input)
        .succeeds_with("id,country,amount\n4,FR,10\n2,FR,10\n5,DE,10.0\n1,DE,5\n6,FR,9\n3,DE,9\n");
    sort(&["-r", "-k", "amount,id:asc"])
        .stdin(input)
        .succeeds_with("id,country,amount\n2,FR,10\n4,FR,10\n5,DE,10.0\n3,DE,9\n6,FR,9\n1,DE,5\n");
}

#[test]
fn typed_numeric_natural_and_text_orders() {
    let input = "v\nfile10\n2\nfile2\n10\n2024-03-01T00:00:00+01:00\n2024-02-29T23:30:00Z\n-1.5\n";
    // 00:00+01:00 is 23:00Z, before 23:30Z.
    sort(&["-k", "v"]).stdin(input).succeeds_with(
        "v\n-1.5\n2\n10\n2024-03-01T00:00:00+01:00\n2024-02-29T23:30:00Z\nfile10\nfile2\n",
    );
    sort(&["-k", "v:text"]).stdin(input).succeeds_with(
        "v\n-1.5\n10\n2\n2024-02-29T23:30:00Z\n2024-03-01T00:00:00+01:00\nfile10\nfile2\n",
    );
    sort(&["--natural", "-k", "v"]).stdin(input).succeeds_with(
        "v\n-1.5\n2\n10\n2024-02-29T23:30:00Z\n2024-03-01T00:00:00+01:00\nfile2\nfile10\n",
    );
    // -n: what is not a number sorts like null, first, in input order.
    sort(&["-n", "-k", "v"]).stdin(input).succeeds_with(
        "v\nfile10\nfile2\n2024-03-01T00:00:00+01:00\n2024-02-29T23:30:00Z\n-1.5\n2\n10\n",
    );
}

#[test]
fn nulls_missing_and_empty_sort_first_and_last_when_descending() {
    let input = "{\"n\":3,\"k\":2}\n{\"n\":1}\n{\"n\":2,\"k\":null}\n{\"n\":4,\"k\":\"\"}\n{\"n\":5,\"k\":1}\n";
    sort(&["-k", "k"]).stdin(input).succeeds_with(
        "{\"n\":1}\n{\"n\":2,\"k\":null}\n{\"n\":4,\"k\":\"\"}\n{\"n\":5,\"k\":1}\n{\"n\":3,\"k\":2}\n",
    );
    sort(&["-k", "k:desc"]).stdin(input).succeeds_with(
        "{\"n\":3,\"k\":2}\n{\"n\":5,\"k\":1}\n{\"n\":1}\n{\"n\":2,\"k\":null}\n{\"n\":4,\"k\":\"\"}\n",
    );
}

#[test]
fn records_keep_their_fields_and_values_exactly() {
    let input = "{\"a\":1E400,\"b\":{\"c\":[1, 2]}}\n{\"b\":\"x\",\"a\":12345678901234567890}\n";
    let expected = "{\"b\":\"x\",\"a\":12345678901234567890}\n{\"a\":1E400,\"b\":{\"c\":[1, 2]}}\n";
    sort(&["-k", "a"]).stdin(input).succeeds_with(expected);
    sort(&["-k", "a", "--memory", "1"])
        .stdin(input)
        .succeeds_with(expected);
}

#[test]
fn unique_keeps_the_first_of_equal_keys_and_no_key_means_all_fields() {
    let input = "a,b\n2,x\n1,y\n2,a\n1,y\n";
    sort(&["-u", "-k", "a"])
        .stdin(input)
        .succeeds_with("a,b\n1,y\n2,x\n");
    sort(&["-u"])
        .stdin(input)
        .succeeds_with("a,b\n1,y\n2,a\n2,x\n");
    sort(&[]).stdin("a,b\n").succeeds_with("a,b\n");
}

#[test]
fn usage_errors() {
    sort(&["-k", "amout"]).stdin("amount\n1\n").run().expect(
        2,
        "",
        "etl-sort: no field \"amout\" in the header; did you mean \"amount\"?\n",
    );
    sort(&["--memory", "lots"]).stdin("a\n1\n").run().expect(
        2,
        "",
        "etl-sort: --memory \"lots\" is not a size like 512M, 2G or 100000 (more than 0)\n",
    );
    // Regression (issue 19, 11): 0 spilled every record to a file of its own.
    sort(&["--memory", "0"]).stdin("a\n1\n").run().expect(
        2,
        "",
        "etl-sort: --memory \"0\" is not a size like 512M, 2G or 100000 (more than 0)\n",
    );
}

/// 3000 records with many equal keys, in a scrambled order.
fn scrambled_input() -> String {
    let mut input = String::from("id,group,score,name\n");
    for i in 0..3000u64 {
        let scrambled = i * 7919 % 3000;
        let score = if scrambled % 11 == 0 {
            String::new()
        } else {
            format!("{}", scrambled % 97)
        };
        input.push_str(&format!(
            "{i},g{},{score},\"n {i}, \"\"q\"\"\"\n",
            scrambled % 13
        ));
    }
    input
}

#[test]
fn spilling_with_a_tiny_memory_limit_gives_the_in_memory_result() {
    let input = scrambled_input();
    let args = ["-k", "group:nat,score:desc"];
    let in_memory = sort(&args).stdin(input.clone()).run();
    assert_eq!(in_memory.code, Some(0), "{}", in_memory.stderr);
    assert_eq!(in_memory.stdout.lines().count(), 3001);
    let tmp = tempfile::tempdir().unwrap();
    // About 2 records per run: 1500 runs, merged in passes of 64.
    let spilled = sort(&args)
        .args(["--memory", "300", "--tmpdir", tmp.path().to_str().unwrap()])
        .stdin(input)
        .run();
    assert_eq!(spilled.code, Some(0), "{}", spilled.stderr);
    assert!(spilled.stdout == in_memory.stdout, "spilled output differs");
    let lines: Vec<&str> = in_memory.stdout.lines().collect();
    // Checked against Python's (stable) sorted() on the same rows.
    assert_eq!(lines[1], "1033,g0,96,\"n 1033, \"\"q\"\"\"");
    assert_eq!(lines[3000], "2223,g12,,\"n 2223, \"\"q\"\"\"");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "runs removed"
    );
}

#[test]
fn a_signal_lets_the_pipe_end_then_sorts_all_and_removes_the_runs() {
    after_signal("-INT", None, Some(0));
    after_signal("-TERM", None, Some(0));
}

#[test]
fn a_pipe_that_outlasts_the_drain_timeout_stops_the_sort_and_removes_the_runs() {
    after_signal("-INT", Some("0.2s"), Some(130));
    after_signal("-TERM", Some("0.2s"), Some(143));
    // Regression (issue 19, 11): SIGHUP left the spill directory behind.
    after_signal("-HUP", Some("0.2s"), Some(129));
}

/// Signals an etl-sort with runs on disk and its input still open; with `drain` the
/// input stays open past that --drain-timeout, else it is closed after the signal.
fn after_signal(signal: &str, drain: Option<&str>, code: Option<i32>) {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(bin_dir().join("etl-sort"))
        .args(["-k", "id", "--memory", "1K", "--tmpdir"])
        .arg(tmp.path())
        .args(
            drain
                .map(|timeout| ["--drain-timeout", timeout])
                .iter()
                .flatten(),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("etl-sort runs");
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(scrambled_input().as_bytes()).unwrap();
    stdin.flush().unwrap();
    // The input stays open: etl-sort waits for more, with runs on disk.
    let started = Instant::now();
    let spill_dir = loop {
        let runs: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        if let Some(dir) = runs.first() {
            if std::fs::read_dir(dir.path()).map_or(0, |d| d.count()) > 0 {
                break dir.path();
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no runs were spilled"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    if drain.is_none() {
        drop(stdin);
        let output = finish(child, PATIENCE);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), code, "{stderr}");
        let in_memory = sort(&["-k", "id"]).stdin(scrambled_input()).run().stdout;
        assert!(output.stdout == in_memory.as_bytes(), "not all sorted");
    } else {
        let output = finish(child, PATIENCE);
        drop(stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!((output.status.code(), stderr.as_ref()), (code, ""));
    }
    assert!(!spill_dir.exists(), "the spill directory was removed");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}
