//! A long-running pipeline of etlkit commands, fed and read line by line by a test. A
//! watchdog kills every command if the test is not done within a minute, so a record
//! that never comes ends the output and fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::harness::bin_dir;

pub struct Pipeline {
    children: Vec<Child>,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// The first command's; the others write to the test's stderr.
    stderr: ChildStderr,
    /// Set once the pipeline is done; until then the watchdog waits.
    done: Arc<AtomicBool>,
}

impl Pipeline {
    /// Starts the commands (`[binary, args…]`), each reading the one before; the first
    /// reads what [`Pipeline::send`] writes.
    pub fn start(commands: &[&[&str]]) -> Pipeline {
        let mut children: Vec<Child> = Vec::new();
        for args in commands {
            let stdin = match children.last_mut() {
                None => Stdio::piped(),
                Some(previous) => Stdio::from(previous.stdout.take().expect("piped")),
            };
            let stderr = match children.is_empty() {
                true => Stdio::piped(),
                false => Stdio::inherit(),
            };
            let child = Command::new(bin_dir().join(args[0]))
                .args(&args[1..])
                .env("TZ", "UTC")
                .stdin(stdin)
                .stdout(Stdio::piped())
                .stderr(stderr)
                .spawn()
                .expect("binary runs");
            children.push(child);
        }
        let stdin = children[0].stdin.take();
        let stderr = children[0].stderr.take().expect("piped");
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
            stderr,
            done,
        }
    }

    /// Writes one line to the first command.
    pub fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    /// The next output line, while the pipeline runs.
    pub fn receive(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        assert!(
            !line.is_empty(),
            "the pipeline ended or hung before a record came out"
        );
        line.trim_end().to_owned()
    }

    /// Sends `signal` (`-TERM`) to the command at `index`.
    pub fn signal(&self, index: usize, signal: &str) {
        let pid = self.children[index].id().to_string();
        assert!(Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success());
    }

    /// Ends the first command's input.
    pub fn close_input(&mut self) {
        self.stdin = None;
    }

    /// Sends `signal` to the first command, then returns what
    /// [`Pipeline::finish`] does, its input still open.
    pub fn stop(mut self, signal: &str) -> (Vec<String>, Vec<Option<i32>>, String) {
        self.signal(0, signal);
        let stdin = self.stdin.take();
        let finished = self.finish();
        drop(stdin);
        finished
    }

    /// The rest of the output, every command's exit code and the first command's
    /// stderr, once every command ended.
    pub fn finish(mut self) -> (Vec<String>, Vec<Option<i32>>, String) {
        let rest = (&mut self.stdout)
            .lines()
            .map(|line| line.unwrap())
            .collect();
        let codes = self
            .children
            .iter_mut()
            .map(|child| child.wait().unwrap().code())
            .collect();
        let mut stderr = String::new();
        self.stderr.read_to_string(&mut stderr).unwrap();
        self.done.store(true, Ordering::SeqCst);
        (rest, codes, stderr)
    }
}
