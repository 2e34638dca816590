//! The progress display, as a terminal shows it: the commands run under `script`
//! (util-linux), which gives them a pseudo-terminal for stdin and stderr and keeps what
//! they drew.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::bin_dir;

/// What `shell_command` drew on its terminal, run by `script` with `typed` fed to its
/// terminal's input after `pause`, and the terminal's end of input (Ctrl-D) after that.
fn on_a_terminal(shell_command: &str, typed: &str, pause: Duration) -> String {
    let dir = tempfile::tempdir().unwrap();
    let typescript = dir.path().join("typescript");
    let mut script = Command::new("script")
        .args(["-q", "-f", "-e", "-c", shell_command])
        .arg(&typescript)
        .env("PATH", format!("{}:/usr/bin:/bin", bin_dir().display()))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs");
    let mut input = script.stdin.take().unwrap();
    std::thread::sleep(pause);
    input.write_all(typed.as_bytes()).unwrap();
    input.write_all(b"\x04").unwrap();
    let status = script.wait().unwrap();
    drop(input);
    assert!(status.success(), "{shell_command}: {status}");
    String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).replace('\r', "\n")
}

/// A regular file's size is known: a bar, the percentage read and the time left.
#[test]
fn a_file_of_known_size_gets_a_bar_with_percent_and_time_left() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.csv");
    let mut text = String::from("a,b\n");
    // Long enough to read that the bar is drawn (four times a second) a few times.
    while text.len() < 40_000_000 {
        text.push_str("123456,some text that takes room\n");
    }
    std::fs::write(&file, &text).unwrap();
    let drawn = on_a_terminal(
        &format!("etl-select a {} > /dev/null", file.display()),
        "",
        Duration::ZERO,
    );
    assert!(
        drawn.contains("etl-select [")
            && drawn.contains("% of 38.15 MiB (")
            && drawn.contains(" left)"),
        "{drawn}"
    );
    // -q draws nothing.
    let quiet = on_a_terminal(
        &format!("etl-select -q a {} > /dev/null", file.display()),
        "",
        Duration::ZERO,
    );
    assert!(
        !quiet.contains("etl-select [") && !quiet.contains(" read ("),
        "{quiet}"
    );
}

/// A command reading a terminal nobody typed at yet says so, rather than `0 B read`.
#[test]
fn a_terminal_on_stdin_is_said_to_be_waited_for() {
    let drawn = on_a_terminal("etl-select a", "a\n1\n", Duration::from_millis(1500));
    assert!(
        drawn.contains("waiting for input on the terminal (Ctrl-D ends it)"),
        "{drawn}"
    );
    assert!(drawn.contains("\n1\n"), "{drawn}");
}
