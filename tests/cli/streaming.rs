//! Long-running pipes: every record leaves every command as soon as it arrives, and a
//! signal loses nothing that was read. Each test checks the order of events (a record
//! read downstream before the next one is written upstream), never a time.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::harness::bin_dir;

/// A pipeline of etlkit commands, fed and read by the test.
struct Pipeline {
    children: Vec<Child>,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// Set once the pipeline is done; until then a watchdog kills it if it hangs.
    done: Arc<AtomicBool>,
}

impl Pipeline {
    fn start(commands: &[&[&str]]) -> Pipeline {
        let mut children: Vec<Child> = Vec::new();
        for args in commands {
            let stdin = match children.last_mut() {
                None => Stdio::piped(),
                Some(previous) => Stdio::from(previous.stdout.take().expect("piped")),
            };
            let child = Command::new(bin_dir().join(args[0]))
                .args(&args[1..])
                .stdin(stdin)
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("binary runs");
            children.push(child);
        }
        let stdin = children[0].stdin.take();
        let stdout = BufReader::new(children.last_mut().unwrap().stdout.take().unwrap());
        let done = Arc::new(AtomicBool::new(false));
        let pids: Vec<u32> = children.iter().map(Child::id).collect();
        let watched = done.clone();
        std::thread::spawn(move || {
            for _ in 0..600 {
                if watched.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // A record that never arrives would block the test forever: fail it instead.
            for pid in pids {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
        });
        Pipeline {
            children,
            stdin,
            stdout,
            done,
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// The next output line, while the pipeline's input is still open.
    fn receive(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        assert!(
            !line.is_empty(),
            "the pipeline ended or hung before a record came out"
        );
        line.trim_end().to_owned()
    }

    fn signal(&self, index: usize, signal: &str) {
        let pid = self.children[index].id().to_string();
        assert!(Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success());
    }

    fn close_input(&mut self) {
        self.stdin = None;
    }

    /// The rest of the output and every command's exit code.
    fn finish(mut self) -> (Vec<String>, Vec<Option<i32>>) {
        let rest: Vec<String> = (&mut self.stdout)
            .lines()
            .map(|line| line.unwrap())
            .collect();
        let codes = self
            .children
            .iter_mut()
            .map(|child| child.wait().unwrap().code())
            .collect();
        self.done.store(true, Ordering::SeqCst);
        (rest, codes)
    }
}

#[test]
fn each_record_leaves_every_command_before_the_next_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let lookup = dir.path().join("hosts.csv");
    std::fs::write(&lookup, "host,site\na,berlin\nb,paris\n").unwrap();
    let lookup = lookup.to_str().unwrap();
    let mut pipe = Pipeline::start(&[
        &["etl-extract-log", "-f", "logfmt"],
        &["etl-filter", "n > 0"],
        &["etl-select", "n,host"],
        &["etl-cast", "n:int"],
        &["etl-dedup", "--on", "n"],
        &["etl-join", "--with", lookup, "--on", "host"],
        &["etl-head", "-n", "100"],
        &["etl-select", "-O", "csv", "n,site"],
    ]);
    pipe.send("host=a n=1");
    assert_eq!(pipe.receive(), "n,site");
    assert_eq!(pipe.receive(), "1,berlin");
    pipe.send("host=b n=0");
    pipe.send("host=b n=2");
    assert_eq!(pipe.receive(), "2,paris");
    pipe.send("host=a n=2");
    pipe.send("host=a n=3");
    assert_eq!(pipe.receive(), "3,berlin");
    pipe.close_input();
    assert_eq!(pipe.finish(), (vec![], vec![Some(0); 8]));
}

#[test]
fn a_signalled_command_reads_its_pipe_to_the_end_and_writes_everything() {
    let mut pipe = Pipeline::start(&[&["etl-filter", "n > 0"], &["etl-cast", "n:int"]]);
    pipe.send(r#"{"n":1}"#);
    assert_eq!(pipe.receive(), r#"{"n":1}"#);
    pipe.signal(0, "-TERM");
    pipe.signal(1, "-TERM");
    // What is still in the pipe (the source upstream writing its last records) is read.
    pipe.send(r#"{"n":2}"#);
    assert_eq!(pipe.receive(), r#"{"n":2}"#);
    pipe.send(r#"{"n":3}"#);
    pipe.close_input();
    assert_eq!(
        pipe.finish(),
        (vec![r#"{"n":3}"#.to_owned()], vec![Some(0), Some(0)])
    );
}

#[test]
fn a_pipe_that_does_not_end_within_the_drain_timeout_ends_the_command() {
    let mut pipe = Pipeline::start(&[&["etl-select", "--drain-timeout", "0.2s", "n"]]);
    pipe.send(r#"{"n":1,"x":2}"#);
    assert_eq!(pipe.receive(), r#"{"n":1}"#);
    pipe.signal(0, "-HUP");
    // The input stays open: the command gives up after 0.2 s with the signal's status.
    let stdin = pipe.stdin.take();
    let (rest, codes) = pipe.finish();
    drop(stdin);
    assert_eq!((rest, codes), (vec![], vec![Some(128 + 1)]));
}

#[test]
fn a_signalled_source_stops_reading_and_writes_what_it_read() {
    let mut pipe = Pipeline::start(&[
        &["etl-extract-log", "-f", "logfmt"],
        &["etl-filter", "n > 0"],
    ]);
    pipe.send("n=1");
    assert_eq!(pipe.receive(), r#"{"n":"1"}"#);
    pipe.signal(0, "-TERM");
    // The source ends its output, so the relay downstream ends too.
    let stdin = pipe.stdin.take();
    let (rest, codes) = pipe.finish();
    drop(stdin);
    assert_eq!((rest, codes), (vec![], vec![Some(143), Some(0)]));
}
