//! The state files of incremental runs (`--state FILE` of etl-extract-log and
//! etl-pg-extract): a run writes where it got to `FILE.pending`, whole or not at all,
//! and `--commit-state FILE`, run once the output arrived, renames that over `FILE`. A
//! crash in between leaves the last state committed, so the next run reads again what
//! the lost one read: nothing is lost, and what may be read twice is said.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// `FILE.pending`: where a run writes the state it reached.
pub fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".pending");
    PathBuf::from(name)
}

/// Writes `text` and a newline to `path` whole or not at all: a temporary file, fsync,
/// rename, fsync of the folder.
pub fn write_whole(path: &Path, text: &str) -> Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()
    });
    if let Err(e) = written {
        // On a full disk, the half-written file would only hold on to space.
        let _ = fs::remove_file(&temporary);
        return Err(io_error(path)(e));
    }
    rename_durably(&temporary, path)
}

/// `--commit-state FILE`: makes `FILE.pending` the committed state, atomically.
pub fn commit(path: &Path) -> Result<()> {
    let pending = pending_path(path);
    let file = File::open(&pending).map_err(|e| {
        Error::io(
            format!(
                "{} (no run with --state {} to commit)",
                pending.display(),
                path.display()
            ),
            e,
        )
    })?;
    file.sync_all().map_err(io_error(&pending))?;
    rename_durably(&pending, path)
}

/// Removes a `FILE.pending` left by an earlier run, so that only this run's can be
/// committed.
pub fn discard_pending(path: &Path) -> Result<()> {
    let pending = pending_path(path);
    match fs::remove_file(&pending) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&pending)(e)),
        _ => Ok(()),
    }
}

/// The folder a file is in, `.` for a bare name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn rename_durably(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(io_error(to))?;
    // The rename itself is durable once the folder holding it is synced.
    File::open(folder_of(to))
        .and_then(|f| f.sync_all())
        .map_err(io_error(folder_of(to)))
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}
