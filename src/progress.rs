//! A progress bar on stderr, drawn only when stderr is a terminal and `-q` is off,
//! advanced by the bytes the input reads so no command has to touch it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Clone, Default)]
pub struct Progress {
    bar: Option<ProgressBar>,
    /// Bytes read, bar or no bar, for `--metrics`.
    bytes: Arc<AtomicU64>,
}

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
        Progress {
            bar: Some(bar),
            bytes: Arc::default(),
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

    /// Text after the byte count, e.g. the records a command has loaded.
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
