//! `-j/--threads`: a per-record command on several threads writes what it writes on
//! one, byte for byte, bad records included, in their places.

use std::fmt::Write;

use crate::harness::{etl, Outcome};

/// Rows enough for many batches on every thread, with bad ones here and there: rows
/// the reader refuses (a field short), and amounts the expressions cannot use.
fn events_csv(rows: usize) -> String {
    let mut csv = String::from("id,country,amount,note\n");
    for i in 0..rows {
        let country = ["DE", "FR", "US"][i % 3];
        match i {
            _ if i % 997 == 500 => writeln!(csv, "{i},{country}"),
            _ if i % 1499 == 700 => writeln!(csv, "{i},{country},n/a,bad"),
            _ => writeln!(
                csv,
                "{i},{country},{}.{},\"a, \"\"quoted\"\"\nnote\"",
                i % 250,
                i % 7
            ),
        }
        .unwrap();
    }
    csv
}

fn events_ndjson(rows: usize) -> String {
    let mut ndjson = String::new();
    for i in 0..rows {
        let country = ["DE", "FR", "US"][i % 3];
        match i {
            _ if i % 997 == 500 => writeln!(ndjson, "{{\"id\":{i},\"country\":"),
            _ if i % 1499 == 700 => writeln!(
                ndjson,
                "{{\"id\":{i},\"country\":\"{country}\",\"amount\":\"n/a\"}}"
            ),
            _ => writeln!(
                ndjson,
                "{{\"id\":{i},\"country\":\"{country}\",\"amount\":{}.{},\"tags\":[{i}]}}",
                i % 250,
                i % 7
            ),
        }
        .unwrap();
    }
    ndjson
}

/// Runs `command` with `args` on `file` with one thread and with three, and checks
/// that both give the same exit, output, messages and rejects.
fn same_on_threads(command: &str, args: &[&str], file: &std::path::Path) -> Outcome {
    let dir = file.parent().unwrap();
    let run = |threads: &str| {
        let rejects = dir.join(format!("rejects-{threads}.ndjson"));
        // Chunks of about 20 kB: many of them, cut in quoted newlines too.
        let mut run = etl(command)
            .args(["-j", threads])
            .env("ETLKIT_CHUNK_BYTES", "20000");
        if args.contains(&"skip") {
            run = run.args(["--rejects".as_ref(), rejects.as_os_str()]);
        }
        let outcome = run.args(args).args([file]).run();
        let rejects = std::fs::read_to_string(&rejects).unwrap_or_default();
        (outcome, rejects)
    };
    let (one, one_rejects) = run("1");
    let (three, three_rejects) = run("3");
    let without_time = |stderr: &str| stderr.split(" in ").next().unwrap_or_default().to_owned();
    three.expect(
        one.code.expect("an exit status"),
        &one.stdout,
        &three.stderr,
    );
    let three_stderr = three.stderr.replace("rejects-3", "rejects-1");
    assert_eq!(
        without_time(&one.stderr),
        without_time(&three_stderr),
        "{command} {args:?}"
    );
    assert_eq!(one_rejects, three_rejects, "{command} {args:?}");
    one
}

#[test]
fn threads_write_what_one_thread_writes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("events.csv");
    let ndjson = dir.path().join("events.ndjson");
    std::fs::write(&csv, events_csv(20_000)).unwrap();
    std::fs::write(&ndjson, events_ndjson(20_000)).unwrap();
    let countries = dir.path().join("countries.csv");
    std::fs::write(
        &countries,
        "country,name\nDE,Germany\nUS,United States\nUS,USA\n",
    )
    .unwrap();
    let countries = countries.to_str().unwrap();
    for file in [&csv, &ndjson] {
        for (command, args) in [
            (
                "etl-map",
                &["total = amount * 2", "who = concat(country, id)"][..],
            ),
            ("etl-map", &["amount = amount + 1", "del(note)"]),
            ("etl-filter", &["amount > 100 && country != \"FR\""]),
            ("etl-select", &["amount,id,note"]),
            ("etl-cast", &["amount:float", "id:int"]),
            ("etl-cast", &["--infer", "country:lower"]),
            ("etl-join", &["--with", countries, "--on", "country"]),
            (
                "etl-join",
                &["--left", "--with", countries, "--on", "country"],
            ),
            (
                "etl-join",
                &["--anti", "--with", countries, "--on", "country"],
            ),
        ] {
            for policy in [
                &["--on-error", "skip"][..],
                &["-O", "tsv", "--on-error", "skip"],
                &["-O", "ndjson", "--on-error", "skip"],
            ] {
                let args: Vec<&str> = policy.iter().chain(args).copied().collect();
                let outcome = same_on_threads(command, &args, file);
                assert_eq!(
                    outcome.code,
                    Some(0),
                    "{command} {args:?}: {}",
                    outcome.stderr
                );
                assert!(outcome.stdout.lines().count() > 5_000, "{command} {args:?}");
            }
            // Stopping at the first bad record, with what came before it written.
            let outcome = same_on_threads(command, args, file);
            assert_eq!(outcome.code, Some(1), "{command} {args:?}");
            assert!(outcome.stdout.lines().count() > 100, "{command} {args:?}");
            // Stopping after too many.
            let args: Vec<&str> = ["--on-error", "skip", "--max-rejects", "12"]
                .iter()
                .chain(args)
                .copied()
                .collect();
            let outcome = same_on_threads(command, &args, file);
            assert_eq!(outcome.code, Some(1), "{command} {args:?}");
        }
    }
}

/// With `--on-error null`, each thread counts the values it set to null, and the
/// summary adds them up.
#[test]
fn values_set_to_null_are_counted_on_every_thread() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("events.csv");
    std::fs::write(&csv, events_csv(20_000).replace("\n1,FR,", "\n1,FR,x")).unwrap();
    let outcome = same_on_threads(
        "etl-cast",
        &["--on-error", "null", "-v", "amount:float"],
        &csv,
    );
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains(", 14 values set to null"),
        "{}",
        outcome.stderr
    );
}

/// A JSON array (no lines to cut), a gzipped file (cut once decompressed) and two
/// files (records read on one thread, worked on by the others).
#[test]
fn other_inputs_on_threads_too() {
    let dir = tempfile::tempdir().unwrap();
    let array = dir.path().join("events.json");
    let ndjson = events_ndjson(3_000);
    // An array with a broken object is broken whole: only whole ones.
    let objects: Vec<&str> = ndjson.lines().filter(|line| line.ends_with('}')).collect();
    std::fs::write(&array, format!("[\n{}\n]\n", objects.join(",\n"))).unwrap();
    let gzipped = dir.path().join("events.csv.gz");
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gzip, events_csv(20_000).as_bytes()).unwrap();
    std::fs::write(&gzipped, gzip.finish().unwrap()).unwrap();
    let csv = dir.path().join("events.csv");
    std::fs::write(&csv, events_csv(5_000)).unwrap();
    let map = ["--on-error", "skip", "total = amount * 2"];
    for files in [vec![&array], vec![&gzipped], vec![&csv, &gzipped]] {
        let run = |threads: &str| {
            etl("etl-map")
                .env("ETLKIT_CHUNK_BYTES", "20000")
                .args(["-j", threads])
                .args(map)
                .args(&files)
                .run()
        };
        let one = run("1");
        assert_eq!(one.code, Some(0), "{files:?}: {}", one.stderr);
        assert!(one.stdout.lines().count() > 2_900, "{files:?}");
        let three = run("3");
        three.expect(0, &one.stdout, &three.stderr);
        let without_time = |stderr: &str| stderr.split(" in ").next().unwrap().to_owned();
        assert_eq!(without_time(&one.stderr), without_time(&three.stderr));
    }
}

/// Chunks of one record each: the blank lines before a CSV's header are chunks of
/// their own, and the header is found in the chunk after them.
#[test]
fn a_header_after_blank_lines_is_found_in_a_later_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("blank.csv");
    std::fs::write(&csv, "\n\n\nid,x\n1,2\n3\n4,5\n").unwrap();
    for threads in ["1", "3"] {
        etl("etl-select")
            .env("ETLKIT_CHUNK_BYTES", "1")
            .args(["-j", threads, "*"])
            .args([&csv])
            .run()
            .expect(
                1,
                "id,x\n1,2\n",
                &format!(
                    "etl-select: {}:6: expected 2 fields as in the header, found 1\n",
                    csv.display()
                ),
            );
    }
}

/// Threads run only on regular files: stdin is read on one thread, each record
/// leaving as it arrives.
#[test]
fn threads_leave_stdin_alone() {
    etl("etl-map")
        .args(["-j", "4", "x = a * 2"])
        .stdin("a\n1\n2\n")
        .succeeds_with("a,x\n1,2\n2,4\n");
}
