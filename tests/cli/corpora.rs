//! Conformance against public corpora in `$ETLKIT_CORPORA` (../shared/corpora in CI):
//! csv-spectrum cases convert to their expected JSON; JSONTestSuite files fed as NDJSON
//! are accepted or rejected cleanly. The corpora's README explains the encodings.

use std::path::PathBuf;

use serde_json::Value;

use crate::harness::etl;

/// The corpora folder, or `None` (with a loud note) on a laptop without it. CI sets
/// the variable, and there a missing folder fails.
pub fn corpora() -> Option<PathBuf> {
    match std::env::var_os("ETLKIT_CORPORA") {
        Some(dir) => Some(PathBuf::from(dir)),
        None if std::env::var_os("CI").is_some() => panic!("ETLKIT_CORPORA must be set in CI"),
        None => {
            eprintln!("SKIPPED: conformance corpora (set ETLKIT_CORPORA=../shared/corpora)");
            None
        }
    }
}

fn sorted_files(dir: PathBuf) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn csv_spectrum_cases_convert_to_their_expected_json() {
    let Some(root) = corpora() else { return };
    let cases = sorted_files(root.join("csv-spectrum/csvs"));
    assert_eq!(cases.len(), 11);
    for csv in cases {
        let name = csv.file_stem().unwrap().to_str().unwrap();
        let expected: Vec<Value> = serde_json::from_slice(
            &std::fs::read(root.join(format!("csv-spectrum/json/{name}.json"))).unwrap(),
        )
        .unwrap();
        let outcome = etl("etl-select")
            .args(["-O", "ndjson", "*", csv.to_str().unwrap()])
            .run();
        assert_eq!(outcome.code, Some(0), "{name}: {}", outcome.stderr);
        let got: Vec<Value> = outcome
            .stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(got, expected, "csv-spectrum case {name}");
    }
}

/// Cut at every record end (chunks of one byte grow to one record each) and read on
/// three threads, each csv-spectrum case writes what one thread writes.
#[test]
fn csv_spectrum_cases_read_the_same_in_chunks_on_threads() {
    let Some(root) = corpora() else { return };
    for csv in sorted_files(root.join("csv-spectrum/csvs")) {
        let run = |threads: &str| {
            etl("etl-select")
                .env("ETLKIT_CHUNK_BYTES", "1")
                .args(["-j", threads, "-O", "ndjson", "*", csv.to_str().unwrap()])
                .run()
        };
        let one = run("1");
        assert_eq!(one.code, Some(0), "{}: {}", csv.display(), one.stderr);
        run("3").expect(0, &one.stdout, "");
    }
}

/// A JSON text with no newline inside it is one NDJSON line.
fn single_line(bytes: &[u8]) -> bool {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    !body.contains(&b'\n')
}

fn as_ndjson(path: &std::path::Path) -> crate::harness::Outcome {
    etl("etl-select")
        .args(["-I", "ndjson", "*", path.to_str().unwrap()])
        .run()
}

fn clean_failure(name: &str, outcome: &crate::harness::Outcome) {
    assert_eq!(
        outcome.code,
        Some(1),
        "{name} must be rejected: {outcome:?}"
    );
    assert!(
        outcome.stderr.starts_with("etl-select: "),
        "{name}: {}",
        outcome.stderr
    );
    assert!(
        !outcome.stderr.contains("panicked"),
        "{name}: {}",
        outcome.stderr
    );
    assert_eq!(
        outcome.stderr.lines().count(),
        1,
        "{name}: {}",
        outcome.stderr
    );
}

#[test]
fn json_test_suite_rejects_every_invalid_line() {
    let Some(root) = corpora() else { return };
    // NDJSON skips blank lines, so these three hold no record at all: an empty input,
    // a lone space, and a byte order mark with nothing after it. They give no output
    // and exit 0, like any empty input.
    let blank = [
        "n_single_space.json",
        "n_structure_UTF8_BOM_no_data.json",
        "n_structure_no_data.json",
    ];
    let mut checked = 0;
    for path in sorted_files(root.join("JSONTestSuite/test_parsing")) {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        if !name.starts_with("n_") || !single_line(&bytes) {
            continue;
        }
        let outcome = as_ndjson(&path);
        if blank.contains(&name.as_str()) {
            outcome.expect(0, "", "");
        } else {
            clean_failure(&name, &outcome);
        }
        checked += 1;
    }
    assert!(checked > 180, "only {checked} n_ files checked");
}

#[test]
fn json_test_suite_accepts_every_valid_object_unchanged() {
    let Some(root) = corpora() else { return };
    let mut objects = 0;
    for path in sorted_files(root.join("JSONTestSuite/test_parsing")) {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        if !name.starts_with("y_") || !single_line(&bytes) {
            continue;
        }
        let expected: Value = serde_json::from_slice(&bytes).unwrap();
        let outcome = as_ndjson(&path);
        // An array of objects (an empty one too) is read as its objects.
        let records = match &expected {
            Value::Object(_) => Some(vec![expected.clone()]),
            Value::Array(items) if items.iter().all(Value::is_object) => Some(items.clone()),
            _ => None,
        };
        if let Some(records) = records {
            assert_eq!(outcome.code, Some(0), "{name}: {}", outcome.stderr);
            let got: Vec<Value> = (outcome.stdout.lines())
                .map(|line| serde_json::from_str(line).unwrap())
                .collect();
            assert_eq!(got, records, "{name}");
            objects += 1;
        } else {
            clean_failure(&name, &outcome);
            assert!(
                outcome.stderr.contains("expected a JSON object"),
                "{name}: {}",
                outcome.stderr
            );
        }
    }
    assert_eq!(objects, 13, "single-line y_ objects and arrays of them");
}

#[test]
fn json_test_suite_implementation_defined_files_never_crash() {
    let Some(root) = corpora() else { return };
    for path in sorted_files(root.join("JSONTestSuite/test_parsing")) {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.starts_with("i_") || !single_line(&std::fs::read(&path).unwrap()) {
            continue;
        }
        let outcome = as_ndjson(&path);
        assert!(matches!(outcome.code, Some(0 | 1)), "{name}: {outcome:?}");
        assert!(!outcome.stderr.contains("panicked"), "{name}");
    }
}
