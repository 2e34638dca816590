//! The stable smoke of the fuzz targets, part of `make test`: each target's `check`
//! over its seeds (the directories `seeds.list` names, `seeds/TARGET` and the crashes
//! kept in `regressions/TARGET`), then over a fixed number of mutations of them made
//! by a fixed-seed generator, so every run tries the same inputs. A panic, a broken
//! property or an input that takes longer than `HANG` fails the test, and the input
//! is saved under `target/smoke-failures/` to replay with `cargo fuzz run`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Mutations start from this much of a seed, as libFuzzer's `-max_len` would.
const MUTATED_PREFIX: usize = 4096;

/// An input still running after this long hangs (debug builds are slow; libFuzzer's
/// `-timeout` in `make fuzz` is the tighter check).
const HANG: Duration = Duration::from_secs(20);

/// Bytes and texts that parsers care about, spliced into inputs.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b",",
    b"\t",
    b"\n",
    b"\r",
    b"\r\n",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"=",
    b"'",
    b"`",
    b"/",
    b"%",
    b"*",
    b"?",
    b"-",
    b" ",
    b"0",
    b"\x00",
    b"\xff",
    b"\xc3\xa9",
    b"\"\"",
    b"\\u",
    b"\\ud800",
    b"\\\"",
    b"{\"a\":",
    b"null",
    b"true",
    b"1e400",
    b"-0.5",
    b"[[[[",
    b"]]]]",
    b"{}",
    b"{{",
    b"}}",
    b"<34>",
    b"<165>1 ",
    b"[10/Oct/2000:13:55:36 -0700]",
    b"Oct 11 22:14:15",
    b"2024-03-01T10:00:00Z",
    b"not ",
    b" and ",
    b" or ",
    b"=~",
    b" in ",
    b"ts(",
    b"1-",
    b"user_*",
    b"x:int",
    b":timestamp:%d/%b/%Y",
    b"postgres://",
    b"@",
    b"%2",
    b"host=",
    b"?sslmode=",
];

macro_rules! smoke_tests {
    ($($target:ident: $mutations:expr),* $(,)?) => {$(
        #[test]
        fn $target() {
            smoke(stringify!($target), $mutations);
        }
    )*};
}

// Each target with its number of mutated inputs: a few seconds in a debug build.
smoke_tests!(
    csv: 6_000,
    ndjson: 40_000,
    json: 20_000,
    extract_log: 2_000,
    extract_pattern: 20_000,
    expr: 20_000,
    selector: 5_000,
    cast_spec: 5_000,
    conninfo: 40_000,
);

#[test]
fn every_target_has_a_smoke_test() {
    let listed: Vec<&str> = etlkit_fuzz::TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        listed,
        [
            "csv",
            "ndjson",
            "json",
            "extract_log",
            "extract_pattern",
            "expr",
            "selector",
            "cast_spec",
            "conninfo"
        ]
    );
    let targets: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .expect("fuzz_targets/")
        .map(|entry| entry.expect("an entry").path())
        .map(|path| {
            path.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for name in &listed {
        assert!(
            targets.contains(&name.to_string()),
            "no fuzz_targets/{name}.rs"
        );
    }
    assert_eq!(targets.len(), listed.len(), "{targets:?}");
}

fn smoke(target: &str, mutations: usize) {
    let check = etlkit_fuzz::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, check)| *check)
        .expect("a target");
    let started = std::time::Instant::now();
    let seeds = seeds(target);
    assert!(!seeds.is_empty(), "{target}: no seeds");
    let mut inputs: Vec<(String, Vec<u8>)> = seeds.clone();
    let mut random = SplitMix64(
        target
            .bytes()
            .fold(0x5EED, |h, b| h.wrapping_mul(31) ^ u64::from(b)),
    );
    for i in 0..mutations {
        let (name, seed) = &seeds[random.below(seeds.len())];
        let (_, other) = &seeds[random.below(seeds.len())];
        let input = mutated(seed, other, &mut random);
        inputs.push((format!("mutation {i} of {name}"), input));
    }
    // The inputs run on a thread of their own, so that one that never ends fails
    // the test instead of holding up `make test`.
    let (done, finished) = mpsc::channel();
    let runner = {
        let inputs = inputs.clone();
        std::thread::spawn(move || {
            for (i, (_, input)) in inputs.iter().enumerate() {
                let outcome = catch_unwind(AssertUnwindSafe(|| check(input)));
                if done.send((i, outcome.is_ok())).is_err() || outcome.is_err() {
                    return;
                }
            }
        })
    };
    for (expected, (name, input)) in inputs.iter().enumerate() {
        let failed = match finished.recv_timeout(HANG) {
            Ok((i, ok)) => {
                assert_eq!(i, expected);
                (!ok).then_some("failed (its panic is above)")
            }
            Err(_) => Some("did not end"),
        };
        if let Some(how) = failed {
            let saved = save_failure(target, expected, input);
            panic!(
                "{target}: {name} {how}; replay it with `cargo +nightly fuzz run --features \
                 libfuzzer {target} {}`",
                saved.display()
            );
        }
    }
    runner.join().expect("the runner catches panics");
    eprintln!(
        "{target}: {} inputs in {:.1?}",
        inputs.len(),
        started.elapsed()
    );
}

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn save_failure(target: &str, index: usize, input: &[u8]) -> PathBuf {
    let dir = fuzz_dir().join("target").join("smoke-failures");
    std::fs::create_dir_all(&dir).expect("a directory for failures");
    let path = dir.join(format!("{target}-{index}"));
    std::fs::write(&path, input).expect("the failing input saved");
    path
}

/// The seed files of `target`, each with a name for messages, in a fixed order.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let fuzz = fuzz_dir();
    let root = fuzz.parent().expect("fuzz/ is in the repository");
    let mut dirs = vec![
        fuzz.join("seeds").join(target),
        fuzz.join("regressions").join(target),
    ];
    let list = std::fs::read_to_string(fuzz.join("seeds.list")).expect("seeds.list");
    let line = list
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .find(|line| line.split_whitespace().next() == Some(target))
        .unwrap_or_else(|| panic!("{target} is not in seeds.list"));
    for dir in line.split_whitespace().skip(1) {
        match dir.strip_prefix("$ETLKIT_CORPORA/") {
            Some(corpus) => match corpora() {
                Some(corpora) => dirs.push(corpora.join(corpus)),
                None => eprintln!("SKIPPED: {target} seeds in $ETLKIT_CORPORA/{corpus}"),
            },
            None => dirs.push(root.join(dir)),
        }
    }
    let mut seeds = Vec::new();
    for dir in dirs {
        let mut files = Vec::new();
        files_in(&dir, &mut files);
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            seeds.push((file.display().to_string(), bytes));
        }
    }
    seeds
}

/// The shared corpora, as the conformance tests find them: missing is a loud skip,
/// but a failure in CI.
fn corpora() -> Option<PathBuf> {
    let dir = std::env::var_os("ETLKIT_CORPORA").map(PathBuf::from);
    match dir.filter(|dir| dir.is_dir()) {
        Some(dir) => Some(dir),
        None if std::env::var_os("CI").is_some() => {
            panic!("ETLKIT_CORPORA must name the corpora in CI")
        }
        None => None,
    }
}

fn files_in(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files_in(&path, files);
        } else {
            files.push(path);
        }
    }
}

/// One to four edits of (the start of) `seed`, some taking text from `other`.
fn mutated(seed: &[u8], other: &[u8], random: &mut SplitMix64) -> Vec<u8> {
    let mut input = seed[..seed.len().min(MUTATED_PREFIX)].to_vec();
    for _ in 0..1 + random.below(4) {
        let at = random.below(input.len() + 1);
        match random.below(7) {
            0 if at < input.len() => input[at] ^= 1 << random.below(8),
            1 if at < input.len() => input[at] = TOKENS[random.below(TOKENS.len())][0],
            2 => {
                let token = TOKENS[random.below(TOKENS.len())];
                input.splice(at..at, token.iter().copied());
            }
            3 => {
                let end = (at + 1 + random.below(8)).min(input.len());
                input.drain(at..end);
            }
            4 => {
                let end = (at + 1 + random.below(32)).min(input.len());
                let copy = input[at..end].to_vec();
                let to = random.below(input.len() + 1);
                input.splice(to..to, copy);
            }
            5 => {
                let from = random.below(other.len().min(MUTATED_PREFIX) + 1);
                input.truncate(at);
                input.extend_from_slice(&other[from..other.len().min(from + MUTATED_PREFIX)]);
            }
            _ => input.truncate(at),
        }
    }
    input
}

/// A small fixed-seed generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }
}
