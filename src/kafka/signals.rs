//! SIGINT and SIGTERM as a flag a loop polls, so a consumer can commit what it wrote
//! and leave its group before it exits with the conventional status.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::error::{Error, Result};

#[derive(Clone)]
pub struct Signals {
    received: Arc<AtomicUsize>,
}

impl Signals {
    /// Catches SIGINT and SIGTERM from now on.
    pub fn catch() -> Result<Signals> {
        let received = Arc::new(AtomicUsize::new(0));
        for signal in [SIGINT, SIGTERM] {
            signal_hook::flag::register_usize(signal, received.clone(), signal as usize)
                .map_err(|e| Error::io("signal handler", e))?;
        }
        Ok(Signals { received })
    }

    /// The exit status for the signal received (128 + its number), if one was.
    pub fn exit_status(&self) -> Option<u8> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(128 + signal as u8),
        }
    }
}
