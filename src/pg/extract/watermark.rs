//! The high-water mark of `--incremental-column` kept in `--state FILE`, with the
//! protocol of etl-extract-log ([`crate::state_file`]): a run reads from the committed
//! mark and writes the mark it reached to `FILE.pending`; `--commit-state FILE` makes
//! that the committed state. A pipeline that fails before the commit leaves the
//! committed mark as it was, and the next run reads the same rows again.
//!
//! The file is one JSON object: `{"version": 1, "column": "updated_at", "type":
//! "timestamptz", "mark": "2024-03-01T10:00:00Z"}` (`mark` null until a run saw rows).

use std::fs;
use std::path::Path;

use serde_json::{json, Value as Json};

use crate::error::{Error, Result};
use crate::state_file;

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
    state_file::write_whole(&state_file::pending_path(path), &text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state_file::{commit, discard_pending, pending_path};

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
