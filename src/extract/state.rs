//! The incremental state of `--state FILE`: per input file, its identity (device,
//! inode and a fingerprint of its first bytes) and the byte offset and line reached.
//!
//! A run reads from the committed state and writes where it got to in `FILE.pending`;
//! only `--commit-state FILE`, run once the whole pipeline succeeded, makes that the
//! committed state (write, fsync, rename, fsync of the folder). A failed pipeline or a
//! crash before the commit leaves the old state, so the next run reads the same lines
//! again: nothing is lost, and a line is delivered twice only when the pipeline
//! succeeded but the commit never ran.
//!
//! A file that was rotated (another inode, fewer bytes than the offset, or other first
//! bytes) is read from its start, after the rest of the old file if that is found
//! beside it (`access.log.1`, by inode; by fingerprint after a copytruncate, or when
//! it was compressed as it rotated, `access.log.1.gz`).
//!
//! `--follow` keeps each file open at its end and asks [`Identity::seen_at`] what its
//! path holds now; it rewrites `FILE.pending` ([`Pending`]) as it goes.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use flate2::bufread::MultiGzDecoder;
use serde_json::{json, Value as Json};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ops::cast::anonymise::hex;

/// Bytes of a file's start that identify it.
const FINGERPRINT_BYTES: usize = 1024;
const BUFFER: usize = 256 * 1024;

/// Where one file was left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileState {
    pub path: String,
    pub dev: u64,
    pub ino: u64,
    /// SHA-256 (hex) of the first `fingerprint_len` bytes.
    pub fingerprint: String,
    pub fingerprint_len: u64,
    pub offset: u64,
    /// Lines before `offset`, so line numbers go on across runs.
    pub line: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub files: Vec<FileState>,
}

/// `FILE.pending`: where a run writes the state it reached.
pub fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".pending");
    PathBuf::from(name)
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

impl State {
    /// The committed state; none yet is an empty state.
    pub fn load(path: &Path) -> Result<State> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(State::default()),
            Err(e) => return Err(io_error(path)(e)),
        };
        let bad = || {
            Error::Data(format!(
                "{}: not an etl-extract-log state file",
                path.display()
            ))
        };
        let json: Json = serde_json::from_str(&text).map_err(|_| bad())?;
        let files = json["files"].as_array().ok_or_else(bad)?;
        let files = files
            .iter()
            .map(|f| {
                Some(FileState {
                    path: f["path"].as_str()?.to_owned(),
                    dev: f["dev"].as_u64()?,
                    ino: f["ino"].as_u64()?,
                    fingerprint: f["fingerprint"].as_str()?.to_owned(),
                    fingerprint_len: f["fingerprint_len"].as_u64()?,
                    offset: f["offset"].as_u64()?,
                    line: f["line"].as_u64()?,
                })
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(bad)?;
        Ok(State { files })
    }

    pub fn get(&self, path: &str) -> Option<&FileState> {
        self.files.iter().find(|f| f.path == path)
    }

    /// Sets where `path` was left, or forgets it (`None`: the file is gone).
    pub fn set(&mut self, path: &str, file: Option<FileState>) {
        self.files.retain(|f| f.path != path);
        self.files.extend(file);
    }

    /// The state after a run over the files `names` that reached `reached`: a file
    /// the run did not find again is forgotten; files of other runs are kept.
    pub fn advanced(&self, names: &[String], reached: &[(String, Option<FileState>)]) -> State {
        let mut next = self.clone();
        for name in names {
            next.set(name, None);
        }
        for (name, file) in reached {
            next.set(name, file.clone());
        }
        next
    }

    /// Writes the state to `path` whole or not at all: a temporary file, fsync, rename.
    pub fn save(&self, path: &Path) -> Result<()> {
        let files: Vec<Json> = self
            .files
            .iter()
            .map(|f| {
                json!({
                    "path": f.path, "dev": f.dev, "ino": f.ino, "fingerprint": f.fingerprint,
                    "fingerprint_len": f.fingerprint_len, "offset": f.offset, "line": f.line,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&json!({ "version": 1, "files": files }))
            .expect("a JSON value serializes");
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let mut file = File::create(&temporary).map_err(io_error(&temporary))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.sync_all())
            .map_err(io_error(&temporary))?;
        rename_durably(&temporary, path)
    }
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

/// Removes a `FILE.pending` left by an earlier run, so only this run's can be committed.
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

/// One file to read, from `offset` (content bytes, after gzip) on.
#[derive(Debug)]
pub struct Planned {
    pub path: PathBuf,
    pub offset: u64,
    pub line: u64,
    /// A rotated file: read to its very end, its last line even without a newline, and
    /// not tracked further.
    pub rotated: bool,
    /// The (device, inode) the plan was made for, when reading from an offset: a file
    /// rotated between planning and opening must not be read from that offset.
    pub identity: Option<(u64, u64)>,
}

/// What to read of `path` given where the committed state left it: the rest of the
/// rotated file if it rotated, then the file itself (absent if it does not exist now).
pub fn plan(path: &Path, known: Option<&FileState>) -> Result<Vec<Planned>> {
    let current = File::open(path);
    let Some(known) = known else {
        current.map_err(io_error(path))?;
        return Ok(vec![Planned::whole(path)]);
    };
    let mut reads = Vec::new();
    if let Ok(file) = &current {
        let meta = file.metadata().map_err(io_error(path))?;
        if continues(file, &meta, path, known)? {
            return Ok(vec![Planned {
                path: path.to_owned(),
                offset: known.offset,
                line: known.line,
                rotated: false,
                identity: Some((meta.dev(), meta.ino())),
            }]);
        }
    }
    if let Some((old, identity)) = rotated_copy(path, known)? {
        reads.push(Planned {
            path: old,
            offset: known.offset,
            line: known.line,
            rotated: true,
            identity: Some(identity),
        });
    }
    if current.is_ok() {
        reads.push(Planned::whole(path));
    }
    Ok(reads)
}

impl Planned {
    fn whole(path: &Path) -> Planned {
        Planned {
            path: path.to_owned(),
            offset: 0,
            line: 0,
            rotated: false,
            identity: None,
        }
    }
}

/// The same file as in the state, grown or not: same inode, at least as long, same
/// first bytes.
fn continues(file: &File, meta: &fs::Metadata, path: &Path, known: &FileState) -> Result<bool> {
    if (meta.dev(), meta.ino()) != (known.dev, known.ino) {
        return Ok(false);
    }
    let head = head_of(file, path)?;
    Ok(content_size(file, meta, path)? >= known.offset && fingerprint_matches(&head, known))
}

fn fingerprint_matches(head: &[u8], known: &FileState) -> bool {
    let len = known.fingerprint_len as usize;
    head.len() >= len && fingerprint(&head[..len]) == known.fingerprint
}

pub fn fingerprint(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The rotated file holding the rest of what the state tracked: a sibling named
/// `NAME.*` or `NAME-*` with the same inode, else (copytruncate) the same first bytes.
fn rotated_copy(path: &Path, known: &FileState) -> Result<Option<(PathBuf, (u64, u64))>> {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(None);
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(folder) else {
        return Ok(None);
    };
    let mut siblings: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name().to_str().is_some_and(|n| {
                n.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('-'))
                    && !n.ends_with(".pending")
            })
        })
        .map(|e| path.with_file_name(e.file_name()))
        .collect();
    siblings.sort();
    let mut by_fingerprint = None;
    for sibling in siblings {
        let Ok(file) = File::open(&sibling) else {
            continue;
        };
        let meta = file.metadata().map_err(io_error(&sibling))?;
        let head = head_of(&file, &sibling)?;
        if !fingerprint_matches(&head, known) {
            continue;
        }
        let identity = (meta.dev(), meta.ino());
        if identity == (known.dev, known.ino) {
            return Ok(Some((sibling, identity)));
        }
        if known.fingerprint_len > 0 && by_fingerprint.is_none() {
            by_fingerprint = Some((sibling, identity));
        }
    }
    Ok(by_fingerprint)
}

fn is_gzip(file: &File) -> bool {
    let mut magic = [0u8; 2];
    matches!(file.read_at(&mut magic, 0), Ok(2)) && magic == [0x1f, 0x8b]
}

/// The first bytes of the file's content (decompressed if gzip).
pub fn head_of(file: &File, path: &Path) -> Result<Vec<u8>> {
    let mut head = vec![0u8; FINGERPRINT_BYTES];
    if is_gzip(file) {
        let reopened = File::open(path).map_err(io_error(path))?;
        let mut decoder = MultiGzDecoder::new(BufReader::new(reopened));
        let mut filled = 0;
        while filled < head.len() {
            match decoder.read(&mut head[filled..]).map_err(io_error(path))? {
                0 => break,
                n => filled += n,
            }
        }
        head.truncate(filled);
        return Ok(head);
    }
    let mut filled = 0;
    while filled < head.len() {
        match file
            .read_at(&mut head[filled..], filled as u64)
            .map_err(io_error(path))?
        {
            0 => break,
            n => filled += n,
        }
    }
    head.truncate(filled);
    Ok(head)
}

/// The content size: the file size, or for gzip, the decompressed size (counted).
fn content_size(file: &File, meta: &fs::Metadata, path: &Path) -> Result<u64> {
    if !is_gzip(file) {
        return Ok(meta.len());
    }
    let reopened = File::open(path).map_err(io_error(path))?;
    let mut decoder = MultiGzDecoder::new(BufReader::new(reopened));
    std::io::copy(&mut decoder, &mut std::io::sink()).map_err(io_error(path))
}

/// What identifies a file that was read: device, inode and its first bytes.
pub struct Identity {
    dev: u64,
    ino: u64,
    head: Vec<u8>,
    gzip: bool,
}

/// What a followed file's path holds now, next to the file being read (`--follow`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    /// The same file, grown or not.
    Same,
    /// Nothing (renamed away or deleted, no new file yet).
    Gone,
    /// Another file: rotated, the file read is the old one.
    Replaced,
    /// The same inode with fewer bytes than were read, or other first bytes
    /// (copytruncate).
    Truncated,
}

/// Opens the planned file positioned at its offset, with its identity.
pub fn open_at(planned: &Planned) -> Result<(Box<dyn BufRead>, Identity)> {
    let (path, offset) = (planned.path.as_path(), planned.offset);
    let file = File::open(path).map_err(io_error(path))?;
    let meta = file.metadata().map_err(io_error(path))?;
    if planned
        .identity
        .is_some_and(|id| id != (meta.dev(), meta.ino()))
    {
        return Err(Error::io(
            path.display().to_string(),
            std::io::Error::other("rotated while this run started; the next run reads it"),
        ));
    }
    let gzip = is_gzip(&file);
    let identity = Identity {
        dev: meta.dev(),
        ino: meta.ino(),
        head: head_of(&file, path)?,
        gzip,
    };
    let mut buffered = BufReader::with_capacity(BUFFER, file);
    let stream: Box<dyn BufRead> = if gzip {
        let mut decoder = BufReader::with_capacity(BUFFER, MultiGzDecoder::new(buffered));
        std::io::copy(&mut (&mut decoder).take(offset), &mut std::io::sink())
            .map_err(io_error(path))?;
        Box::new(decoder)
    } else {
        buffered
            .seek(SeekFrom::Start(offset))
            .map_err(io_error(path))?;
        Box::new(buffered)
    };
    Ok((stream, identity))
}

impl Identity {
    /// Where this file was left: `offset` and `line` reached.
    pub fn reached(&self, path: &str, offset: u64, line: u64) -> FileState {
        let len = (offset as usize).min(self.head.len());
        FileState {
            path: path.to_owned(),
            dev: self.dev,
            ino: self.ino,
            fingerprint: fingerprint(&self.head[..len]),
            fingerprint_len: len as u64,
            offset,
            line,
        }
    }

    /// Whether the file is gzip: read to its end, never followed.
    pub fn is_gzip(&self) -> bool {
        self.gzip
    }

    /// What `path` holds now, for a follower that has read `read_to` bytes of this
    /// file. The first bytes read are compared each time (a file truncated and written
    /// again past `read_to` has other first bytes), and taken again while they are
    /// fewer than a fingerprint, so a file opened empty gets one as it grows.
    pub fn seen_at(&mut self, path: &Path, read_to: u64) -> Seen {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(_) => return Seen::Gone,
        };
        if (meta.dev(), meta.ino()) != (self.dev, self.ino) {
            return Seen::Replaced;
        }
        if !meta.is_file() {
            return Seen::Same;
        }
        if meta.len() < read_to {
            return Seen::Truncated;
        }
        if meta.len() == 0 {
            return Seen::Same;
        }
        let Ok(head) = File::open(path)
            .map_err(io_error(path))
            .and_then(|f| head_of(&f, path))
        else {
            return Seen::Same;
        };
        let known = (read_to as usize).min(self.head.len());
        if head.len() < known || head[..known] != self.head[..known] {
            return Seen::Truncated;
        }
        if head.len() > self.head.len() {
            self.head = head;
        }
        Seen::Same
    }
}

/// Where a run under `--state FILE` writes the state it reached: `FILE.pending`, the
/// committed state advanced over the run's files.
#[derive(Clone, Debug)]
pub struct Pending {
    path: PathBuf,
    committed: State,
    names: Vec<String>,
}

impl Pending {
    /// For `--state path`, read from `committed`, over the files `names`.
    pub fn new(path: &Path, committed: State, names: Vec<String>) -> Pending {
        Pending {
            path: path.to_owned(),
            committed,
            names,
        }
    }

    /// Writes `FILE.pending`: where each file was left (see [`State::advanced`]).
    pub fn save(&self, reached: &[(String, Option<FileState>)]) -> Result<()> {
        self.committed
            .advanced(&self.names, reached)
            .save(&pending_path(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_loads_and_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(State::load(&path).unwrap(), State::default());
        let mut state = State::default();
        let file = FileState {
            path: "/var/log/x".into(),
            dev: 1,
            ino: 2,
            fingerprint: fingerprint(b"abc"),
            fingerprint_len: 3,
            offset: 10,
            line: 2,
        };
        state.set("/var/log/x", Some(file.clone()));
        state.save(&pending_path(&path)).unwrap();
        assert_eq!(State::load(&path).unwrap(), State::default());
        commit(&path).unwrap();
        assert_eq!(State::load(&path).unwrap().get("/var/log/x"), Some(&file));
        assert!(commit(&path).is_err());
        fs::write(&path, "[]").unwrap();
        assert!(State::load(&path).is_err());
    }
}
