//! etl-head: the first N records, per group, and an early exit on endless input.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{bin_dir, etl, finish, PATIENCE};

const EVENTS: &str = "id,country\n1,DE\n2,FR\n3,DE\n4,DE\n5,IT\n6,FR\n";

#[test]
fn first_n_records() {
    etl("etl-head")
        .args(["-n", "2"])
        .stdin(EVENTS)
        .succeeds_with("id,country\n1,DE\n2,FR\n");
    etl("etl-head")
        .args(["-n", "0"])
        .stdin(EVENTS)
        .succeeds_with("id,country\n");
    etl("etl-head")
        .stdin("{\"a\":1}\n{\"a\":2}\n")
        .succeeds_with("{\"a\":1}\n{\"a\":2}\n");
}

#[test]
fn first_n_per_group() {
    etl("etl-head")
        .args(["-n", "2", "--by", "country"])
        .stdin(EVENTS)
        .succeeds_with("id,country\n1,DE\n2,FR\n3,DE\n5,IT\n6,FR\n");
    etl("etl-head")
        .args(["-n", "1", "--by", "user.id"])
        .stdin(
            "{\"user\":{\"id\":1},\"n\":1}\n{\"n\":2}\n{\"user\":{\"id\":1},\"n\":3}\n{\"n\":4}\n",
        )
        .succeeds_with("{\"user\":{\"id\":1},\"n\":1}\n{\"n\":2}\n");
    etl("etl-head")
        .args(["--by", "contry"])
        .stdin(EVENTS)
        .run()
        .expect(
            2,
            "",
            "etl-head: no field \"contry\" in the header; did you mean \"country\"?\n",
        );
}

/// An endless producer: etl-head must stop reading, exit, and so close the pipe.
#[test]
fn exits_early_and_closes_an_endless_input() {
    let mut child = Command::new(bin_dir().join("etl-head"))
        .args(["-n", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("etl-head runs");
    let mut stdin = child.stdin.take().expect("piped");
    let producer = std::thread::spawn(move || {
        let mut written = 0u64;
        let chunk = "x,y\n".repeat(1024);
        let error = loop {
            if let Err(err) = stdin.write_all(chunk.as_bytes()) {
                break err;
            }
            written += chunk.len() as u64;
        };
        (error.kind(), written)
    });
    let started = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().expect("kill");
            panic!("etl-head did not exit on an endless input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = finish(child, PATIENCE);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "x,y\nx,y\nx,y\nx,y\n"
    );
    assert_eq!(output.status.code(), Some(0));
    let (error, _written) = producer.join().expect("producer");
    assert_eq!(
        error,
        std::io::ErrorKind::BrokenPipe,
        "the input was closed"
    );
}
