//! Binaries piped into each other, and a reader that stops early (`| head`).

use std::process::Command;

use crate::harness::{bin_dir, path_with_binaries};

fn bash(script: &str) -> (Option<i32>, String, String) {
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!("set -o pipefail; {script}"))
        .env("PATH", path_with_binaries())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn head_closing_the_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.csv");
    let mut text = String::from("n\n");
    for i in 0..2_000_000 {
        text.push_str(&format!("{i}\n"));
    }
    std::fs::write(&input, text).unwrap();
    for format in ["csv", "ndjson"] {
        // Only etl-select's own status matters: it must see the closed pipe and end with 0.
        let (code, stdout, stderr) = bash(&format!(
            "etl-select -O {format} n {} | head -2; exit ${{PIPESTATUS[0]}}",
            input.display()
        ));
        assert_eq!(code, Some(0), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
        assert_eq!(stdout.lines().count(), 2);
    }
}

#[test]
fn commands_chain_through_the_front_door() {
    let (code, stdout, stderr) =
        bash("printf 'a,b,c\\n1,2,3\\n' | etl select -O ndjson c,a | etl select -O csv a");
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert_eq!(stdout, "a\n1\n");
}

/// The pipe between two commands holds 1 MiB, not Linux's 64 KiB: on 1M log lines
/// `etl-extract-log | etl-filter` went from 0.85 s to 0.62 s.
#[cfg(target_os = "linux")]
#[test]
fn commands_enlarge_the_pipes_they_write_to() {
    let mut child = Command::new(bin_dir().join("etl-select"))
        .args(["-I", "csv", "a"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let stdout = child.stdout.take().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(rustix::pipe::fcntl_getpipe_size(&stdout).unwrap(), 1 << 20);
}
