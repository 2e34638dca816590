//! What a command says on stderr besides its error: *notes* (what a run did, skipped
//! or assumed: the summary, lines that did not parse, a format detected), which `-q`
//! silences so that a crontab line mails nothing when all went well, and *warnings*
//! (something to fix), printed always. Both start with the program's name, like its
//! error.

use std::fmt::Display;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

static PROGRAM: OnceLock<&'static str> = OnceLock::new();
static QUIET: AtomicBool = AtomicBool::new(false);

/// Names the program and sets `-q`, once, before the run.
pub fn init(program: &'static str, quiet: bool) {
    let _ = PROGRAM.set(program);
    QUIET.store(quiet, Ordering::Relaxed);
}

/// The running program's name.
fn program() -> &'static str {
    PROGRAM.get().copied().unwrap_or("etlkit")
}

/// Prints `program: text`, unless `-q`.
pub fn note(text: impl Display) {
    if !QUIET.load(Ordering::Relaxed) {
        print(format_args!("{}: {text}", program()));
    }
}

/// Prints `program: warning: text`.
pub fn warning(text: impl Display) {
    print(format_args!("{}: warning: {text}", program()));
}

fn print(line: std::fmt::Arguments) {
    // A closed stderr must not end the run.
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// `1 record`, `2 records`: a count and its noun (a regular one).
pub fn count(n: u64, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
