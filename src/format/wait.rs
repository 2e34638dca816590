//! Reading an input that may have nothing ready: flush what was written, then wait.
//!
//! A command in a long-running pipe (`tail -F … | etl-extract-log | etl-filter …`) must
//! pass each record on as soon as it has it, yet a write per record would cost batch
//! runs dearly. The rule: output is buffered while input is ready, and written out the
//! moment the command would block on a read. Checking costs one `poll` per buffer
//! refill on a pipe, none on a regular file, and nothing per record.
//!
//! While waiting, a signal wakes the reader (`poll` is never restarted): it then waits
//! only until the drain deadline (see [`crate::signals`]) and gives up with a
//! [`Stopped`] error.
//!
//! Writing can wait too, on a reader that stalls; [`write_unless_stopped`] gives up
//! such a write when a signal asks the command to stop.

use std::cell::RefCell;
use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::time::Duration;
use std::time::Instant;

use rustix::event::{poll, PollFd, PollFlags, Timespec};

use crate::signals;

type Hook = Box<dyn FnMut() -> io::Result<()>>;

thread_local! {
    /// What to do before a read would block: flush the command's output.
    static BEFORE_WAIT: RefCell<Option<Hook>> = const { RefCell::new(None) };
}

/// Sets what runs before a read would block (the command's output flush).
pub fn before_wait(hook: impl FnMut() -> io::Result<()> + 'static) {
    BEFORE_WAIT.with(|cell| *cell.borrow_mut() = Some(Box::new(hook)));
}

/// Runs what [`before_wait`] set (flushes the command's output): for a reader that
/// waits otherwise than on a read (`etl-extract-log --follow` sleeps between looks at
/// its files).
pub fn before_waiting() -> io::Result<()> {
    run_before_wait()
}

fn run_before_wait() -> io::Result<()> {
    BEFORE_WAIT.with(|cell| match cell.try_borrow_mut() {
        Ok(mut hook) => hook.as_mut().map_or(Ok(()), |hook| hook()),
        // Already running (a flush never reads, but stay safe): nothing to do twice.
        Err(_) => Ok(()),
    })
}

/// The error of a read given up because of a signal.
#[derive(Debug)]
pub struct Stopped;

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("stopped by a signal")
    }
}

impl std::error::Error for Stopped {}

/// Whether `err` is a read given up because of a signal.
pub fn is_stopped(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<Stopped>())
}

/// A file descriptor read as a stream: stdin or an opened file.
pub enum RawInput {
    Stdin(io::Stdin),
    File(File),
}

impl RawInput {
    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            RawInput::Stdin(stdin) => stdin.as_fd(),
            RawInput::File(file) => file.as_fd(),
        }
    }

    fn read_now(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            RawInput::Stdin(stdin) => stdin.read(buf),
            RawInput::File(file) => file.read(buf),
        }
    }
}

/// Reads `raw`, flushing the output and waiting (signal-aware) whenever it has
/// nothing ready.
pub struct Waiting {
    raw: RawInput,
    /// A regular file is always ready: no poll.
    regular: bool,
}

impl Waiting {
    /// Whether the input is a regular file, which never pauses.
    pub fn is_regular(&self) -> bool {
        self.regular
    }

    pub fn new(raw: RawInput) -> Waiting {
        let regular = rustix::fs::fstat(raw.fd()).is_ok_and(|stat| {
            rustix::fs::FileType::from_raw_mode(stat.st_mode) == rustix::fs::FileType::RegularFile
        });
        Waiting { raw, regular }
    }

    /// Waits until the input is readable (or at its end), or gives up on a signal.
    fn wait(&self) -> io::Result<()> {
        let fd = self.raw.fd();
        loop {
            let deadline = signals::drain_deadline();
            let timeout = match deadline {
                None => None,
                Some(at) => {
                    let left = at.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(io::Error::other(Stopped));
                    }
                    Some(Timespec::try_from(left).unwrap_or(Timespec {
                        tv_sec: 1,
                        tv_nsec: 0,
                    }))
                }
            };
            let mut fds = [PollFd::new(&fd, PollFlags::IN)];
            match poll(&mut fds, timeout.as_ref()) {
                Ok(0) => continue,
                Ok(_) => return Ok(()),
                Err(rustix::io::Errno::INTR) => continue,
                Err(err) => return Err(err.into()),
            }
        }
    }

    fn ready(&self) -> io::Result<bool> {
        let fd = self.raw.fd();
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        match poll(&mut fds, Some(&Timespec::default())) {
            Ok(ready) => Ok(ready > 0),
            Err(rustix::io::Errno::INTR) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }
}

impl Read for Waiting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.regular && !self.ready()? {
            run_before_wait()?;
            self.wait()?;
        }
        self.raw.read_now(buf)
    }
}

/// What a pipe takes without blocking once `poll` says it is writable: one page.
const PIPE_PAGE: usize = 4096;
/// How often a write waiting on its reader looks for a stop signal, which may have
/// been delivered to another thread.
const WRITE_CHECK: Duration = Duration::from_millis(100);

/// Writes all of `bytes` to `fd` (stdout) unless, after a signal asked the command to
/// stop, the reader takes nothing for [`WRITE_CHECK`]: then gives up with [`Stopped`],
/// whatever part was written staying written. On a pipe or terminal it writes a page at a time, each
/// once `poll` says it fits; a regular file is written as it is.
pub fn write_unless_stopped(fd: BorrowedFd<'_>, bytes: &[u8]) -> io::Result<()> {
    let regular = rustix::fs::fstat(fd).is_ok_and(|stat| {
        rustix::fs::FileType::from_raw_mode(stat.st_mode) == rustix::fs::FileType::RegularFile
    });
    let mut left = bytes;
    while !left.is_empty() {
        let piece = if regular {
            left
        } else {
            wait_writable(fd)?;
            &left[..left.len().min(PIPE_PAGE)]
        };
        match rustix::io::write(fd, piece) {
            Ok(written) => left = &left[written..],
            Err(rustix::io::Errno::INTR) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(())
}

fn wait_writable(fd: BorrowedFd<'_>) -> io::Result<()> {
    let check = Timespec::try_from(WRITE_CHECK).expect("a short timeout");
    loop {
        let mut fds = [PollFd::new(&fd, PollFlags::OUT)];
        match poll(&mut fds, Some(&check)) {
            Ok(0) | Err(rustix::io::Errno::INTR) => {}
            Ok(_) => return Ok(()),
            Err(err) => return Err(err.into()),
        }
        // A reader that takes nothing for a while after the stop is not waited for.
        if signals::exit_status().is_some() {
            return Err(io::Error::other(Stopped));
        }
    }
}
