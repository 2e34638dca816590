//! The incremental state of `--state FILE`: per named file, its rotation set, that is
//! the file at its path and the old files beside it that are not compressed
//! (`access.log.1`, `access.log-20240301`), each by identity (device, inode and a
//! fingerprint of its first bytes) with the byte offset and line reached.
//!
//! A run reads from the committed state and writes where it got to in `FILE.pending`;
//! only `--commit-state FILE`, run once the whole pipeline succeeded, makes that the
//! committed state (write, fsync, rename, fsync of the folder). A failed pipeline or a
//! crash before the commit leaves the old state, so the next run reads the same lines
//! again: nothing is lost, and a line is delivered twice only when the pipeline
//! succeeded but the commit never ran.
//!
//! A run ([`plan`]) reads, oldest first: the rest of each file of the set the state
//! knows, found by inode wherever it was renamed, or by its first bytes once copied
//! (copytruncate) or compressed (`access.log.2.gz`); then, whole, each old file that
//! is new since the last run (two or more rotations between runs); then the file at
//! the path, on from where it was left, or whole if it is another file (rotated,
//! truncated, other first bytes). An old file stays in the set while it exists
//! uncompressed, so lines its writer appends after the rotation, before it reopens its
//! log, are read by a later run; a compressed one is complete (read to its end, then
//! forgotten), and one that is gone is forgotten. The state holds no more files than
//! the folder does. A last line without its newline waits for a later run, in an old
//! file too while the file at the path is still empty (its writer may be writing it).
//!
//! A state written before rotation sets were kept (version 1, the file at the path
//! only) loads: its old files are taken into the set at their size, unread, as on a
//! first run.
//!
//! `--follow` keeps each file open at its end and asks [`Identity::seen_at`] what its
//! path holds now; it rewrites `FILE.pending` ([`Pending`]) as it goes.

use std::cmp::Reverse;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use flate2::bufread::MultiGzDecoder;
use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::ops::cast::anonymise::hex;
use crate::state_file::{self, folder_of, pending_path};

/// Bytes of a file's start that identify it.
const FINGERPRINT_BYTES: usize = 1024;
const BUFFER: usize = 256 * 1024;

/// Where one file was left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileState {
    /// Where it was last seen: the named path for the file at it.
    pub path: String,
    pub dev: u64,
    pub ino: u64,
    /// SHA-256 (hex) of the first `fingerprint_len` bytes.
    pub fingerprint: String,
    pub fingerprint_len: u64,
    pub offset: u64,
    /// Lines before `offset`, so line numbers go on across runs; `None` for an old file
    /// taken into the set unread (counted once it grows).
    pub line: Option<u64>,
}

/// One named file's rotation set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotationSet {
    /// The named file's absolute path.
    pub name: String,
    /// The file at the path, if there is one.
    pub current: Option<FileState>,
    /// The old files renamed (or copied) from it and not compressed yet, oldest first.
    pub rotated: Vec<FileState>,
    /// `rotated` holds every old file of the set, so any other is new since. False for a
    /// state written before rotation sets were kept.
    pub complete: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub sets: Vec<RotationSet>,
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path.display().to_string(), e)
}

impl FileState {
    /// From its JSON object; `path` is the file's own or, for a version 1 state, the
    /// named path.
    fn from_json(f: &Json, path: &str) -> Option<FileState> {
        Some(FileState {
            path: path.to_owned(),
            dev: f["dev"].as_u64()?,
            ino: f["ino"].as_u64()?,
            fingerprint: f["fingerprint"].as_str()?.to_owned(),
            fingerprint_len: f["fingerprint_len"].as_u64()?,
            offset: f["offset"].as_u64()?,
            line: match &f["line"] {
                Json::Null => None,
                line => Some(line.as_u64()?),
            },
        })
    }

    /// Its fields into `object` (the named path's own entry, or one of `rotated`).
    fn to_json(&self, object: &mut Map<String, Json>) {
        object.insert("dev".into(), json!(self.dev));
        object.insert("ino".into(), json!(self.ino));
        object.insert("fingerprint".into(), json!(self.fingerprint));
        object.insert("fingerprint_len".into(), json!(self.fingerprint_len));
        object.insert("offset".into(), json!(self.offset));
        object.insert("line".into(), json!(self.line));
    }

    fn identity(&self) -> (u64, u64) {
        (self.dev, self.ino)
    }
}

impl RotationSet {
    fn new(name: &str) -> RotationSet {
        RotationSet {
            name: name.to_owned(),
            current: None,
            rotated: Vec::new(),
            complete: false,
        }
    }

    /// A version 2 entry: `path` (the name), the fields of the file at the path if
    /// there is one, and `rotated`; a version 1 entry has no `rotated`.
    fn from_json(entry: &Json) -> Option<RotationSet> {
        let name = entry["path"].as_str()?;
        let current = match entry.get("dev") {
            Some(_) => Some(FileState::from_json(entry, name)?),
            None => None,
        };
        let (rotated, complete) = match entry.get("rotated") {
            Some(rotated) => {
                let rotated = rotated
                    .as_array()?
                    .iter()
                    .map(|f| FileState::from_json(f, f["path"].as_str()?))
                    .collect::<Option<Vec<_>>>()?;
                (rotated, true)
            }
            None => (Vec::new(), false),
        };
        Some(RotationSet {
            name: name.to_owned(),
            current,
            rotated,
            complete,
        })
    }

    fn to_json(&self) -> Json {
        let mut entry = Map::new();
        entry.insert("path".into(), json!(self.name));
        if let Some(current) = &self.current {
            current.to_json(&mut entry);
        }
        let rotated = self.rotated.iter().map(|f| {
            let mut object = Map::new();
            object.insert("path".into(), json!(f.path));
            f.to_json(&mut object);
            Json::Object(object)
        });
        entry.insert("rotated".into(), Json::Array(rotated.collect()));
        Json::Object(entry)
    }
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
        let sets = json["files"].as_array().ok_or_else(bad)?;
        let sets = sets
            .iter()
            .map(RotationSet::from_json)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(bad)?;
        Ok(State { sets })
    }

    pub fn get(&self, name: &str) -> Option<&RotationSet> {
        self.sets.iter().find(|s| s.name == name)
    }

    /// The state after a run that reached `sets`: each replaces the set of its name,
    /// and one left with no file is forgotten; the sets of other runs are kept.
    pub fn advanced(&self, sets: &[RotationSet]) -> State {
        let mut next = self.clone();
        for set in sets {
            next.sets.retain(|s| s.name != set.name);
            if set.current.is_some() || !set.rotated.is_empty() {
                next.sets.push(set.clone());
            }
        }
        next
    }

    /// Writes the state to `path`, whole or not at all.
    pub fn save(&self, path: &Path) -> Result<()> {
        let sets: Vec<Json> = self.sets.iter().map(RotationSet::to_json).collect();
        let text = serde_json::to_string_pretty(&json!({ "version": 2, "files": sets }))
            .expect("a JSON value serializes");
        state_file::write_whole(path, &text)
    }
}

/// Which file of its rotation set a read is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The file at the named path.
    Current,
    /// The old file `rotated[i]` of the set.
    Rotated(usize),
    /// The rest of `rotated[i]`, found compressed: read to its end, then forgotten.
    Compressed(usize),
}

/// One file to read, from `offset` (content bytes, after gzip) on.
#[derive(Debug)]
pub struct Planned {
    pub path: PathBuf,
    pub offset: u64,
    /// Lines before `offset`; `None` when not known yet (counted as the file is opened).
    pub line: Option<u64>,
    pub place: Place,
    /// Its last line is read even without a newline: the file is compressed, or it is
    /// an old file whose writer has moved on to the file at the path.
    pub to_the_end: bool,
    /// The (device, inode) the plan was made for: a file rotated between planning and
    /// opening must not be read in its place.
    pub identity: (u64, u64),
}

/// A rotation set while a run reads it: each file where the committed state left it
/// until its read says where this run got to.
#[derive(Clone, Debug)]
pub struct SetReading {
    set: RotationSet,
    /// Old files read to the end of their compressed copy: forgotten.
    finished: Vec<usize>,
}

impl SetReading {
    pub fn name(&self) -> &str {
        &self.set.name
    }

    /// The file read at `place` (`identity`) has been given out up to `offset`, the end
    /// of line `line`.
    pub fn reached(&mut self, place: Place, identity: &Identity, offset: u64, line: u64) {
        match place {
            Place::Current => {
                self.set.current = Some(identity.reached(&self.set.name, offset, line))
            }
            Place::Rotated(i) => {
                let path = std::mem::take(&mut self.set.rotated[i].path);
                self.set.rotated[i] = identity.reached(&path, offset, line);
            }
            // Still known by the old file's identity: found again by its first bytes.
            Place::Compressed(i) => {
                let old = &mut self.set.rotated[i];
                old.offset = offset;
                old.line = Some(line);
            }
        }
    }

    /// The file read at `place` is read to its end (see [`SetReading::reached`]).
    pub fn closed(&mut self, place: Place, identity: &Identity, offset: u64, line: u64) {
        match place {
            Place::Compressed(i) => self.finished.push(i),
            _ => self.reached(place, identity, offset, line),
        }
    }

    /// The set as far as the run got.
    pub fn set(&self) -> RotationSet {
        let rotated = self.set.rotated.iter().enumerate();
        RotationSet {
            rotated: rotated
                .filter(|(i, _)| !self.finished.contains(i))
                .map(|(_, f)| f.clone())
                .collect(),
            ..self.set.clone()
        }
    }
}

/// A file of a rotation set on disk: the file at the named path, or an old one.
struct OnDisk {
    path: PathBuf,
    /// Its absolute path, as the state names it.
    state_path: String,
    meta: fs::Metadata,
    gzip: bool,
    /// Its first bytes (decompressed if gzip).
    head: Vec<u8>,
    /// The file a known one is now, or holds the rest of.
    claimed: bool,
}

impl OnDisk {
    fn open(path: PathBuf, state_path: String) -> std::io::Result<OnDisk> {
        let file = File::open(&path)?;
        let meta = file.metadata()?;
        let gzip = is_gzip(&file);
        let head = read_head(&file, &path)?;
        Ok(OnDisk {
            path,
            state_path,
            meta,
            gzip,
            head,
            claimed: false,
        })
    }

    fn identity(&self) -> (u64, u64) {
        (self.meta.dev(), self.meta.ino())
    }

    /// Whether this is `known`, grown or not: the same inode, at least as long, the
    /// same first bytes.
    fn continues(&self, known: &FileState) -> Result<bool> {
        Ok(self.identity() == known.identity()
            && fingerprint_matches(&self.head, known)
            && self.content_size()? >= known.offset)
    }

    /// The content size: the file size, or for gzip, the decompressed size (counted).
    fn content_size(&self) -> Result<u64> {
        if !self.gzip {
            return Ok(self.meta.len());
        }
        let file = File::open(&self.path).map_err(io_error(&self.path))?;
        let mut decoder = MultiGzDecoder::new(BufReader::new(file));
        std::io::copy(&mut decoder, &mut std::io::sink()).map_err(io_error(&self.path))
    }

    /// This file, known from here on, read from `known`'s place.
    fn as_known(&self, known: &FileState) -> FileState {
        FileState {
            path: self.state_path.clone(),
            dev: self.meta.dev(),
            ino: self.meta.ino(),
            ..known.clone()
        }
    }

    /// This file, not read yet.
    fn unread(&self) -> FileState {
        FileState {
            path: self.state_path.clone(),
            dev: self.meta.dev(),
            ino: self.meta.ino(),
            fingerprint: fingerprint(&[]),
            fingerprint_len: 0,
            offset: 0,
            line: Some(0),
        }
    }

    /// This file taken as read to its end without reading it (lines not counted).
    fn at_its_end(&self) -> FileState {
        let len = (self.meta.len() as usize).min(self.head.len());
        FileState {
            fingerprint: fingerprint(&self.head[..len]),
            fingerprint_len: len as u64,
            offset: self.meta.len(),
            line: None,
            ..self.unread()
        }
    }

    fn read(&self, from: &FileState, place: Place, to_the_end: bool) -> Planned {
        Planned {
            path: self.path.clone(),
            offset: from.offset,
            line: from.line,
            place,
            to_the_end,
            identity: self.identity(),
        }
    }
}

/// Where a file the state knows is now.
#[derive(Clone, Copy)]
enum Found {
    AtPath,
    /// `old[k]`, found by inode or (copytruncate) by its first bytes.
    Old(usize),
    /// `old[k]` holds its rest compressed.
    Compressed(usize),
}

/// What to read of the file named `name` (opened by `path`) and its old files, given
/// the set the committed state knows (none: a first run, which reads the file at the
/// path, that must exist, and takes the old files in at their size); and the set
/// before the reads, which they advance.
pub fn plan(
    path: &Path,
    name: &str,
    known: Option<&RotationSet>,
) -> Result<(Vec<Planned>, SetReading)> {
    let mut at_path = match OnDisk::open(path.to_owned(), name.to_owned()) {
        Ok(file) => Some(file),
        Err(e) if known.is_some() && e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_error(path)(e)),
    };
    let first_run = RotationSet::new(name);
    let known = known.unwrap_or(&first_run);
    let mut old = old_files(path, name);
    let entries: Vec<&FileState> = known.rotated.iter().chain(&known.current).collect();
    let found = locate(&entries, &mut at_path, &mut old)?;
    // Not of a known file: new since the last run, unless a copy of a known one not
    // truncated yet (copytruncate under way), whose lines are read from the file itself.
    let copy = |file: &OnDisk| {
        entries
            .iter()
            .any(|e| e.fingerprint_len > 0 && fingerprint_matches(&file.head, e))
    };
    let others: Vec<&OnDisk> = old
        .iter()
        .filter(|f| !f.claimed && !f.gzip && !copy(f))
        .collect();
    // A last line without its newline may still be written to while the file at the
    // path is empty: its writer has not moved on.
    let moved_on = at_path.as_ref().is_some_and(|f| f.meta.len() > 0);
    let mut reads = Vec::new();
    let mut next = RotationSet {
        complete: true,
        ..RotationSet::new(name)
    };
    if !known.complete {
        next.rotated.extend(others.iter().map(|f| f.at_its_end()));
    }
    let mut continues = None;
    for (entry, found) in entries.iter().zip(found) {
        let i = next.rotated.len();
        match found {
            None => {}
            Some(Found::AtPath) => continues = Some(*entry),
            Some(Found::Old(k)) => {
                next.rotated.push(old[k].as_known(entry));
                if old[k].meta.len() > entry.offset {
                    reads.push(old[k].read(entry, Place::Rotated(i), moved_on));
                }
            }
            Some(Found::Compressed(k)) => {
                next.rotated.push((*entry).clone());
                reads.push(old[k].read(entry, Place::Compressed(i), true));
            }
        }
    }
    if known.complete {
        for file in others {
            let unread = file.unread();
            reads.push(file.read(&unread, Place::Rotated(next.rotated.len()), moved_on));
            next.rotated.push(unread);
        }
    }
    if let Some(file) = &at_path {
        let from = continues.map_or_else(|| file.unread(), |known| file.as_known(known));
        reads.push(file.read(&from, Place::Current, false));
        next.current = Some(from);
    }
    let progress = SetReading {
        set: next,
        finished: Vec::new(),
    };
    Ok((reads, progress))
}

/// Finds each of `entries` on disk: by inode, the same file grown or not, at the path
/// or renamed beside it; else by its first bytes, copied (copytruncate) or compressed.
fn locate(
    entries: &[&FileState],
    at_path: &mut Option<OnDisk>,
    old: &mut [OnDisk],
) -> Result<Vec<Option<Found>>> {
    let mut found = Vec::with_capacity(entries.len());
    for entry in entries {
        let mut here = None;
        if let Some(file) = at_path.as_mut().filter(|f| !f.claimed) {
            if file.continues(entry)? {
                file.claimed = true;
                here = Some(Found::AtPath);
            }
        }
        for (k, file) in old.iter_mut().enumerate() {
            if here.is_none() && !file.claimed && !file.gzip && file.continues(entry)? {
                file.claimed = true;
                here = Some(Found::Old(k));
            }
        }
        found.push(here);
    }
    for (entry, here) in entries.iter().zip(found.iter_mut()) {
        if here.is_some() || entry.fingerprint_len == 0 {
            continue;
        }
        let copy = old
            .iter()
            .position(|f| !f.claimed && fingerprint_matches(&f.head, entry));
        if let Some(k) = copy {
            old[k].claimed = true;
            *here = Some(match old[k].gzip {
                true => Found::Compressed(k),
                false => Found::Old(k),
            });
        }
    }
    Ok(found)
}

/// The old files of `path`'s rotation set, oldest first: files beside it named like
/// `NAME.1`, `NAME.2.gz`, `NAME-20240301` (a `.` or `-`, a digit, then digits and
/// `.-_`, maybe `.gz`). One that cannot be read now is left for a later run.
fn old_files(path: &Path, name: &str) -> Vec<OnDisk> {
    let Some(base) = path.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(folder_of(path)) else {
        return Vec::new();
    };
    let mut old: Vec<OnDisk> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let file_name = e.file_name();
            let rotated = file_name.to_str().and_then(|n| n.strip_prefix(base));
            // Opening a FIFO would wait for a writer.
            rotated.is_some_and(is_rotated_suffix) && e.file_type().is_ok_and(|t| t.is_file())
        })
        .filter_map(|e| {
            let state_path = Path::new(name).with_file_name(e.file_name());
            let state_path = state_path.to_string_lossy().into_owned();
            OnDisk::open(path.with_file_name(e.file_name()), state_path).ok()
        })
        .collect();
    old.sort_by_cached_key(|f| {
        let modified = f.meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let name = f.path.file_name().unwrap_or_default().to_owned();
        let count = name.to_str().and_then(|n| rotation_count(&n[base.len()..]));
        (modified, Reverse(count), name)
    });
    old
}

/// `.1`, `.2.gz`, `-20240301`, `.2024-03-01_10.gz`.
fn is_rotated_suffix(suffix: &str) -> bool {
    let suffix = suffix.strip_suffix(".gz").unwrap_or(suffix);
    let mut chars = suffix.chars();
    matches!(chars.next(), Some('.' | '-'))
        && chars.next().is_some_and(|c| c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// logrotate's count in `.2` or `.2.gz`, higher for older files; for files modified in
/// the same instant. A date (`-20240301`) sorts by its name instead.
fn rotation_count(suffix: &str) -> Option<u32> {
    let suffix = suffix.strip_suffix(".gz").unwrap_or(suffix);
    let digits = suffix.strip_prefix('.')?;
    (digits.len() < 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn fingerprint_matches(head: &[u8], known: &FileState) -> bool {
    let len = known.fingerprint_len as usize;
    head.len() >= len && fingerprint(&head[..len]) == known.fingerprint
}

pub fn fingerprint(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn is_gzip(file: &File) -> bool {
    let mut magic = [0u8; 2];
    matches!(file.read_at(&mut magic, 0), Ok(2)) && magic == [0x1f, 0x8b]
}

/// The first bytes of the file's content (decompressed if gzip).
pub fn head_of(file: &File, path: &Path) -> Result<Vec<u8>> {
    read_head(file, path).map_err(io_error(path))
}

fn read_head(file: &File, path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = vec![0u8; FINGERPRINT_BYTES];
    let mut filled = 0;
    if is_gzip(file) {
        let mut decoder = MultiGzDecoder::new(BufReader::new(File::open(path)?));
        while filled < head.len() {
            match decoder.read(&mut head[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
    } else {
        while filled < head.len() {
            match file.read_at(&mut head[filled..], filled as u64)? {
                0 => break,
                n => filled += n,
            }
        }
    }
    head.truncate(filled);
    Ok(head)
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

/// Opens the planned file positioned at its offset, with its identity and the lines
/// before the offset (counted on the way there if the plan did not know them).
pub fn open_at(planned: &Planned) -> Result<(Box<dyn BufRead>, Identity, u64)> {
    let (path, offset) = (planned.path.as_path(), planned.offset);
    let file = File::open(path).map_err(io_error(path))?;
    let meta = file.metadata().map_err(io_error(path))?;
    if planned.identity != (meta.dev(), meta.ino()) {
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
    let (stream, skipped): (Box<dyn BufRead>, _) = match (gzip, planned.line) {
        (false, Some(line)) => {
            buffered
                .seek(SeekFrom::Start(offset))
                .map_err(io_error(path))?;
            (Box::new(buffered), line)
        }
        (false, None) => {
            let lines = skip(&mut buffered, offset).map_err(io_error(path))?;
            (Box::new(buffered), lines)
        }
        (true, line) => {
            let mut decoder = BufReader::with_capacity(BUFFER, MultiGzDecoder::new(buffered));
            let lines = skip(&mut decoder, offset).map_err(io_error(path))?;
            (Box::new(decoder), line.unwrap_or(lines))
        }
    };
    Ok((stream, identity, skipped))
}

/// Reads past `bytes` bytes of `stream`; the newlines among them.
fn skip(stream: &mut impl BufRead, bytes: u64) -> std::io::Result<u64> {
    let (mut left, mut lines) = (bytes, 0);
    while left > 0 {
        let buffer = stream.fill_buf()?;
        if buffer.is_empty() {
            break;
        }
        let n = buffer
            .len()
            .min(usize::try_from(left).unwrap_or(usize::MAX));
        lines += memchr::memchr_iter(b'\n', &buffer[..n]).count() as u64;
        stream.consume(n);
        left -= n as u64;
    }
    Ok(lines)
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
            line: Some(line),
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
/// committed state advanced over the run's rotation sets.
#[derive(Clone, Debug)]
pub struct Pending {
    path: PathBuf,
    committed: State,
}

impl Pending {
    /// For `--state path`, read from `committed`.
    pub fn new(path: &Path, committed: State) -> Pending {
        Pending {
            path: path.to_owned(),
            committed,
        }
    }

    /// Writes `FILE.pending`: the sets as far as the run got (see [`State::advanced`]).
    pub fn save(&self, sets: &[RotationSet]) -> Result<()> {
        self.committed
            .advanced(sets)
            .save(&pending_path(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state_file::commit;

    fn file(path: &str, offset: u64, line: Option<u64>) -> FileState {
        FileState {
            path: path.into(),
            dev: 1,
            ino: offset + 2,
            fingerprint: fingerprint(b"abc"),
            fingerprint_len: 3,
            offset,
            line,
        }
    }

    #[test]
    fn saves_loads_and_commits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        assert_eq!(State::load(&path).unwrap(), State::default());
        let set = RotationSet {
            name: "/var/log/x".into(),
            current: Some(file("/var/log/x", 10, Some(2))),
            rotated: vec![
                file("/var/log/x.2", 7, None),
                file("/var/log/x.1", 8, Some(1)),
            ],
            complete: true,
        };
        let empty = RotationSet::new("/var/log/y");
        let state = State::default().advanced(&[set.clone(), empty]);
        state.save(&pending_path(&path)).unwrap();
        assert_eq!(State::load(&path).unwrap(), State::default());
        commit(&path).unwrap();
        assert_eq!(State::load(&path).unwrap().sets, vec![set]);
        assert!(commit(&path).is_err());
        fs::write(&path, "[]").unwrap();
        assert!(State::load(&path).is_err());
    }

    #[test]
    fn a_state_of_version_1_loads_as_an_incomplete_set() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        fs::write(
            &path,
            r#"{"version": 1, "files": [{"path": "/var/log/x", "dev": 1, "ino": 12,
                "fingerprint": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "fingerprint_len": 3, "offset": 10, "line": 2}]}"#,
        )
        .unwrap();
        let set = RotationSet {
            current: Some(file("/var/log/x", 10, Some(2))),
            ..RotationSet::new("/var/log/x")
        };
        assert_eq!(State::load(&path).unwrap().sets, vec![set]);
    }

    #[test]
    fn old_files_are_named_by_a_count_or_a_date() {
        for suffix in [
            ".1",
            ".12.gz",
            "-20240301",
            ".2024-03-01_10.gz",
            "-20240301-1709251200",
        ] {
            assert!(is_rotated_suffix(suffix), "{suffix}");
        }
        for suffix in [
            "", ".gz", ".pending", ".state", ".1.tmp", ".1.bz2", "x.1", "-old",
        ] {
            assert!(!is_rotated_suffix(suffix), "{suffix}");
        }
        assert_eq!(rotation_count(".2.gz"), Some(2));
        assert_eq!(rotation_count("-20240301"), None);
        assert_eq!(rotation_count(".20240301"), None);
    }
}
