//! The high-water mark of `--incremental-column` kept in `--state FILE`, with the
//! protocol of etl-extract-log: a run reads from the committed mark and writes the mark
//! it reached to `FILE.pending`; `--commit-state FILE` makes that the committed state
//! atomically (write, fsync, rename, fsync of the folder). A pipeline that fails before
//! the commit leaves the committed mark as it was, and the next run reads the same rows
//! again.
//!
//! The file is one JSON object: `{"version": 1, "column": "updated_at", "type":
//! "timestamptz", "mark": "2024-03-01T10:00:00Z"}` (`mark` null until a run saw rows).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};

use crate::error::{Error, Result};

/// Where the last committed run stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The column it is a mark of, as named on the command line.
    pub column: String,
    /// The column's type name (`timestamptz`), to notice a state of another column.
    pub type_name: String,
    /// The mark as text (as CSV output writes the value); `None` before any row.
    pub value: Option<String>,
}

/// `FILE.pending`: where a run writes the mark it reached.
pub fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".pending");
    PathBuf::from(name)
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

/// The committed mark; `None` before the first commit.
pub fn load(path: &Path) -> Result<Option<Mark>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error(path)(e)),
    };
    let bad = || {
        Error::Data(format!(
            "{}: not an etl-pg-extract state file",
            path.display()
        ))
    };
    let json: Json = serde_json::from_str(&text).map_err(|_| bad())?;
    if json["version"] != 1 {
        return Err(bad());
    }
    let text_of = |key: &str| json[key].as_str().map(str::to_owned);
    Ok(Some(Mark {
        column: text_of("column").ok_or_else(bad)?,
        type_name: text_of("type").ok_or_else(bad)?,
        value: match &json["mark"] {
            Json::Null => None,
            Json::String(mark) => Some(mark.clone()),
            _ => return Err(bad()),
        },
    }))
}

/// Writes `mark` to `FILE.pending`, whole or not at all.
pub fn save_pending(path: &Path, mark: &Mark) -> Result<()> {
    let text = serde_json::to_string_pretty(&json!({
        "version": 1,
        "column": mark.column,
        "type": mark.type_name,
        "mark": mark.value,
    }))
    .expect("a JSON value serializes");
    let pending = pending_path(path);
    let mut temporary = pending.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()
    });
    if let Err(e) = written {
        // On a full disk, a half-written file would only hold on to space.
        let _ = fs::remove_file(&temporary);
        return Err(io_error(&pending)(e));
    }
    rename_durably(&temporary, &pending)
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

fn rename_durably(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(io_error(to))?;
    // The rename itself is durable once the folder holding it is synced.
    let folder = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)
        .and_then(|f| f.sync_all())
        .map_err(io_error(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_pending_is_committed_and_loaded() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("orders.state");
        assert_eq!(load(&path).unwrap(), None);
        assert!(commit(&path).is_err());
        let mark = Mark {
            column: "updated_at".into(),
            type_name: "timestamptz".into(),
            value: Some("2024-03-01T10:00:00Z".into()),
        };
        save_pending(&path, &mark).unwrap();
        assert_eq!(load(&path).unwrap(), None);
        commit(&path).unwrap();
        assert_eq!(load(&path).unwrap(), Some(mark.clone()));
        assert!(!pending_path(&path).exists());
        save_pending(
            &path,
            &Mark {
                value: None,
                ..mark.clone()
            },
        )
        .unwrap();
        discard_pending(&path).unwrap();
        assert!(!pending_path(&path).exists());
        assert_eq!(load(&path).unwrap(), Some(mark));
        fs::write(&path, "{}").unwrap();
        assert!(load(&path).is_err());
    }
}
