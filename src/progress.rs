//! A progress bar on stderr, drawn only when stderr is a terminal and `-q` is off,
//! advanced by the bytes the input reads so no command has to touch it: a bar with the
//! percentage and the time left when the input's size is known (regular files), the
//! bytes read otherwise, and what a command does after reading (a sort's merge, a
//! load's commit) as its phase.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Clone, Default)]
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Bytes read, bar or no bar, for `--metrics`.
    bytes: Arc<AtomicU64>,
    /// The bar says it waits for the terminal until the first byte comes.
    waiting: Arc<AtomicBool>,
}

/// What the bar says while stdin is a terminal nobody has typed at yet.
const WAITING: &str = "waiting for input on the terminal (Ctrl-D ends it)";

impl Progress {
    /// A bar when stderr is a terminal and `quiet` is off; otherwise nothing is drawn.
    pub fn new(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::default();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        // No colours anywhere, so NO_COLOR holds by construction.
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix} {bytes} read ({binary_bytes_per_sec}) {elapsed} {msg}",
            )
            .expect("static template"),
        );
        // Time goes on while nothing is read (a pipe that pauses, a merge, a commit).
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress {
            bar: Some(bar),
            ..Progress::default()
        }
    }

    /// Adds `bytes` to the input's known size (a regular file): the bar shows the part
    /// read and the time left. Only for inputs whose every byte is counted.
    pub fn add_total(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            let known = bar.length();
            bar.set_length(known.unwrap_or(0) + bytes);
            if known.is_none() {
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix} [{bar:30}] {percent:>3}% of {total_bytes} \
                         ({binary_bytes_per_sec}, {eta} left) {msg}",
                    )
                    .expect("static template")
                    .progress_chars("=> "),
                );
            }
        }
    }

    /// Stdin is a terminal: says so until the first byte comes, instead of `0 B read`.
    pub fn waiting_on_terminal(&self) {
        if let Some(bar) = &self.bar {
            self.waiting.store(true, Ordering::Relaxed);
            bar.set_message(WAITING);
        }
    }

    pub fn set_prefix(&self, prefix: &str) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(prefix.to_owned());
        }
    }

    /// Counts messages instead of bytes, for a command that reads no file.
    pub fn count_messages(&self) {
        if let Some(bar) = &self.bar {
            bar.set_style(
                ProgressStyle::with_template("{prefix} {human_pos} messages ({rate}/s) {elapsed}")
                    .expect("static template")
                    // indicatif's {per_sec} shows four decimals of a message count.
                    .with_key(
                        "rate",
                        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                            let _ = write!(w, "{:.0}", state.per_sec());
                        },
                    ),
            );
        }
    }

    /// Counts bytes read from the input (or messages, after `count_messages`).
    pub fn advance(&self, bytes: usize) {
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            if bytes > 0 && self.waiting.swap(false, Ordering::Relaxed) {
                bar.set_message("");
            }
            bar.inc(bytes as u64);
        }
    }

    /// Counts one message of `bytes` (key and value), after `count_messages`.
    pub fn advance_message(&self, bytes: usize) {
        self.bytes.fetch_add(bytes as u64, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// The bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Text after the byte count: the records a command has loaded, or what it does
    /// now that is not reading (`merging 12 sorted runs`, `committing`), so a bar that
    /// stopped moving does not look stuck.
    pub fn set_message(&self, message: String) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }

    /// Erases the bar, so the summary line and the shell prompt start on a clean line.
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
