//! Readers and writers: CSV edge cases, TSV, NDJSON exactness, format detection and
//! conversion, gzip, and the bad-record contract (--on-error, --rejects, --max-rejects).

use std::io::Write;

use crate::harness::{data, etl};

fn all_to_ndjson(input: &str) -> crate::harness::Outcome {
    etl("etl-select")
        .args(["-O", "ndjson", "*"])
        .stdin(input)
        .run()
}

#[test]
fn csv_quotes_embedded_newlines_crlf_and_bom() {
    let input = "\u{feff}a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",\r\n";
    all_to_ndjson(input).expect(
        0,
        "{\"a\":\"x,1\",\"b\":\"say \\\"hi\\\"\"}\n{\"a\":\"two\\r\\nlines\",\"b\":\"\"}\n",
        "",
    );
}

#[test]
fn csv_values_stay_text() {
    all_to_ndjson("zip,n\n02134,1.50\n").expect(0, "{\"zip\":\"02134\",\"n\":\"1.50\"}\n", "");
}

#[test]
fn csv_round_trip_quotes_only_where_needed() {
    let input = "a,b,c\n\"x,1\",\"q\"\"q\",\"plain\"\n\"multi\nline\",,\" lead\"\n";
    etl("etl-select")
        .args(["*"])
        .stdin(input)
        .succeeds_with("a,b,c\n\"x,1\",\"q\"\"q\",plain\n\"multi\nline\",, lead\n");
}

#[test]
fn ndjson_numbers_pass_through_exactly() {
    let input =
        "{\"big\":12345678901234567890,\"neg\":-9007199254740993,\"dec\":123456789.123456789,\"e\":1E400}\n";
    etl("etl-select")
        .args(["*"])
        .stdin(input)
        .succeeds_with(input);
}

#[test]
fn ndjson_skips_blank_lines_and_keeps_key_order() {
    etl("etl-select")
        .args(["*"])
        .stdin("\n{\"z\":1,\"a\":{\"y\":true,\"b\":null}}\n   \r\n{\"a\":2}\r\n")
        .succeeds_with("{\"z\":1,\"a\":{\"y\":true,\"b\":null}}\n{\"a\":2}\n");
}

/// Lines with the previous line's keys are read by a quick scan and, when their text is
/// what the writer would write, copied whole; every other line must come out as if
/// written field by field.
const SAME_KEYS: &str = concat!(
    "{\"a\":1,\"b\":\"x\"}\n",
    " { \"a\" : 2 , \"b\" : \"y\" } \n",
    "{\"\\u0061\":3,\"b\":\"z\"}\n",
    "{\"a\":4,\"a\":5,\"b\":\"w\"}\n",
    "{\"a\":6,\"b\":\"v\"}\n",
    "{\"b\":\"u\",\"a\":7}\n",
    "{\"a\":[8, 9],\"b\":{\"c\" : 1}}\n",
    "{\"a\":1.0e+2,\"b\":\"\\u00e9\\n\"}\n",
    "{}\n",
    "{\"a\\\"b\":1}\n",
    "{\"a\\\"b\":2}\n",
    "{\"a\":10,\"b\":\"t\",\"c\":null}\n",
    "{\"a\":11,\"b\":\"s\"}\n",
);

#[test]
fn ndjson_passed_along_is_written_as_if_field_by_field() {
    etl("etl-filter")
        .args(["true"])
        .stdin(SAME_KEYS)
        .succeeds_with(concat!(
            "{\"a\":1,\"b\":\"x\"}\n",
            "{\"a\":2,\"b\":\"y\"}\n",
            "{\"a\":3,\"b\":\"z\"}\n",
            "{\"a\":5,\"b\":\"w\"}\n",
            "{\"a\":6,\"b\":\"v\"}\n",
            "{\"b\":\"u\",\"a\":7}\n",
            "{\"a\":[8, 9],\"b\":{\"c\" : 1}}\n",
            "{\"a\":1.0e+2,\"b\":\"\\u00e9\\n\"}\n",
            "{}\n",
            "{\"a\\\"b\":1}\n",
            "{\"a\\\"b\":2}\n",
            "{\"a\":10,\"b\":\"t\",\"c\":null}\n",
            "{\"a\":11,\"b\":\"s\"}\n",
        ));
    // A changed field is written anew, never the line as read.
    etl("etl-cast")
        .args(["a:string"])
        .stdin(SAME_KEYS)
        .succeeds_with(concat!(
            "{\"a\":\"1\",\"b\":\"x\"}\n",
            "{\"a\":\"2\",\"b\":\"y\"}\n",
            "{\"a\":\"3\",\"b\":\"z\"}\n",
            "{\"a\":\"5\",\"b\":\"w\"}\n",
            "{\"a\":\"6\",\"b\":\"v\"}\n",
            "{\"b\":\"u\",\"a\":\"7\"}\n",
            "{\"a\":\"[8,9]\",\"b\":{\"c\":1}}\n",
            "{\"a\":\"1.0e+2\",\"b\":\"é\\n\"}\n",
            "{}\n",
            "{\"a\\\"b\":1}\n",
            "{\"a\\\"b\":2}\n",
            "{\"a\":\"10\",\"b\":\"t\",\"c\":null}\n",
            "{\"a\":\"11\",\"b\":\"s\"}\n",
        ));
    // A bad line after good ones with the same keys is still reported by serde_json.
    etl("etl-filter")
        .args(["true"])
        .stdin("{\"a\":1}\n{\"a\":01}\n")
        .run()
        .expect(
            1,
            "{\"a\":1}\n",
            "etl-filter: <stdin>:2: not a JSON object: invalid number (column 7)\n",
        );
}

#[test]
fn ndjson_to_csv_flattens_objects_and_writes_arrays_as_json() {
    etl("etl-select")
        .args(["-O", "csv", "*"])
        .stdin("{\"id\":1,\"user\":{\"name\":\"Ann\",\"geo\":{\"cc\":\"DE\"}},\"tags\":[\"a\",\"b\"],\"ok\":true,\"n\":null}\n{\"id\":2,\"user\":{\"name\":\"Bob\"}}\n")
        .succeeds_with("id,user.name,user.geo.cc,tags,ok,n\n1,Ann,DE,\"[\"\"a\"\",\"\"b\"\"]\",true,\n2,Bob,,,,\n");
}

#[test]
fn ndjson_to_csv_fails_on_a_field_the_header_lacks() {
    etl("etl-select")
        .args(["-O", "csv", "*"])
        .stdin("{\"a\":1}\n{\"a\":2,\"b\":3}\n")
        .run()
        .expect(
            1,
            "a\n1\n",
            "etl-select: <stdin>:2: field \"b\" is not in the CSV header written from the first \
             record; name the columns with etl-select to write records with differing fields\n",
        );
    // Naming the columns makes every record fit.
    etl("etl-select")
        .args(["-O", "csv", "a,b"])
        .stdin("{\"a\":1}\n{\"a\":2,\"b\":3}\n")
        .succeeds_with("a,b\n1,\n2,3\n");
}

/// Regression (issue 19, 2): `1,"x"y,3` was read as `xy`, and invalid UTF-8 in the
/// header was replaced while in a row it was an error. Now: a bad record (the reading
/// goes on), and a header that is no good row ends the run.
#[test]
fn text_after_a_closing_quote_and_a_header_not_utf8_are_errors() {
    let skipped = etl("etl-select")
        .args(["--on-error", "skip", "*"])
        .stdin("a,b,c\n1,\"x\"y,3\n4,5,6\n")
        .run();
    assert_eq!(
        (skipped.code, skipped.stdout.as_str()),
        (Some(0), "a,b,c\n4,5,6\n")
    );
    assert!(skipped
        .stderr
        .starts_with("etl-select: 2 records in, 1 out, 1 skipped as bad in "));
    etl("etl-select")
        .args(["*"])
        .stdin("a,b,c\n1,\"x\"y,3\n")
        .run()
        .expect(
            1,
            "",
            "etl-select: <stdin>:2: text after the closing quote of a field\n",
        );
    etl("etl-select")
        .args(["--on-error", "skip", "*"])
        .stdin(&b"a,b\xff\n1,2\n"[..])
        .run()
        .expect(
            1,
            "",
            "etl-select: <stdin>:1: the header: field 2: invalid UTF-8\n",
        );
}

/// Regression (issue 19, 11): a dotted field and an object's field of the same
/// flattened name made a header `a.x,a.x` and lost one of the values.
#[test]
fn ndjson_to_csv_refuses_a_flattened_name_that_comes_twice() {
    etl("etl-select")
        .args(["-O", "csv", "*"])
        .stdin("{\"a.x\":1,\"a\":{\"x\":2}}\n")
        .run()
        .expect(
            1,
            "",
            "etl-select: <stdin>:1: field \"a.x\" comes twice when nested objects are \
             flattened to dotted names for CSV (a field of that name and one inside an \
             object); rename one with etl-select\n",
        );
}

#[test]
fn tsv_is_detected_by_name_and_escapes_specials() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.tsv");
    std::fs::write(&path, "a\tb\nx\\ty\tline\\nnext\n").unwrap();
    etl("etl-select")
        .args(["-O", "ndjson", "*", path.to_str().unwrap()])
        .succeeds_with("{\"a\":\"x\\ty\",\"b\":\"line\\nnext\"}\n");
    etl("etl-select")
        .args(["*", path.to_str().unwrap()])
        .succeeds_with("a\tb\nx\\ty\tline\\nnext\n");
    etl("etl-select")
        .args(["-O", "tsv", "*"])
        .stdin("{\"a\":\"back\\\\slash\",\"b\":\"t\\tt\"}\n")
        .succeeds_with("a\tb\nback\\\\slash\tt\\tt\n");
}

#[test]
fn input_format_flag_overrides_detection() {
    etl("etl-select")
        .args(["-I", "tsv", "-O", "ndjson", "*"])
        .stdin("a,b\tc\n1,2\t3\n")
        .succeeds_with("{\"a,b\":\"1,2\",\"c\":\"3\"}\n");
}

#[test]
fn gzip_files_and_stdin_dash_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.csv.gz");
    let mut gz = flate2_writer(&path);
    gz.write_all(b"id\n1\n2\n").unwrap();
    drop(gz);
    etl("etl-select")
        .args(["id", path.to_str().unwrap(), "-"])
        .stdin("id\n3\n")
        .succeeds_with("id\n1\n2\n3\n");
}

/// zstd, xz and bzip2 input is told by its first bytes, on files of any name and on
/// stdin, with every frame or stream of a concatenation; a cut one fails clearly.
#[test]
fn zstd_xz_and_bzip2_input_is_decompressed() {
    let csv: &[u8] = b"id,name\n1,ann\n";
    let zstd = zstd::encode_all(csv, 3).unwrap();
    let mut xz = liblzma::write::XzEncoder::new(Vec::new(), 6);
    xz.write_all(csv).unwrap();
    let xz = xz.finish().unwrap();
    let mut bzip2 = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::best());
    bzip2.write_all(csv).unwrap();
    let bzip2 = bzip2.finish().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("data.zst", &zstd), ("data.xz", &xz), ("data", &bzip2)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        etl("etl-select")
            .args(["name", path.to_str().unwrap()])
            .succeeds_with("name\nann\n");
        etl("etl-select")
            .args(["-O", "ndjson", "*"])
            .stdin([&bytes[..], &bytes[..]].concat())
            .succeeds_with("{\"id\":\"1\",\"name\":\"ann\"}\n{\"id\":\"id\",\"name\":\"name\"}\n{\"id\":\"1\",\"name\":\"ann\"}\n");
    }
    let outcome = etl("etl-select")
        .args(["*"])
        .stdin(&zstd[..zstd.len() - 4])
        .run();
    assert_eq!(outcome.code, Some(3), "{}", outcome.stderr);
    assert!(
        outcome.stderr.starts_with("etl-select: <stdin>: "),
        "{}",
        outcome.stderr
    );
}

/// A compressed file is decompressed on a thread of its own, ahead of the parser: every
/// byte comes through in order however many buffers it takes, and a cut file fails,
/// naming the file, after the rows before the cut.
#[test]
fn a_compressed_file_reads_back_whole_or_fails_at_its_cut() {
    let csv: String = std::iter::once("id,word\n".to_owned())
        .chain((0..200_000).map(|i| format!("{i},w{}\n", i * 7919 % 1_000_003)))
        .collect();
    let zstd = zstd::encode_all(csv.as_bytes(), 3).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.csv.zst");
    std::fs::write(&whole, &zstd).unwrap();
    etl("etl-select")
        .args(["*", whole.to_str().unwrap()])
        .succeeds_with(&csv);
    let cut = dir.path().join("cut.csv.zst");
    std::fs::write(&cut, &zstd[..zstd.len() / 2]).unwrap();
    let outcome = etl("etl-select").args(["*", cut.to_str().unwrap()]).run();
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (
            Some(3),
            format!("etl-select: {}: incomplete frame\n", cut.display()).as_str()
        )
    );
    assert!(outcome.stdout.len() > 100_000 && csv.starts_with(&outcome.stdout));
}

/// A gzip file written with the system's gzip, so the test does not share our decoder.
fn flate2_writer(path: &std::path::Path) -> impl Write {
    struct Gzip {
        child: std::process::Child,
    }
    impl Write for Gzip {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.child.stdin.as_mut().unwrap().write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl Drop for Gzip {
        fn drop(&mut self) {
            drop(self.child.stdin.take());
            self.child.wait().unwrap();
        }
    }
    let file = std::fs::File::create(path).unwrap();
    let child = std::process::Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(file)
        .spawn()
        .unwrap();
    Gzip { child }
}

#[test]
fn ragged_csv_rows_fail_with_their_line() {
    etl("etl-select")
        .args(["*"])
        .stdin("a,b\n1,2\n\"multi\nline\",2,3\n")
        .run()
        .expect(
            1,
            "a,b\n1,2\n",
            "etl-select: <stdin>:3: expected 2 fields as in the header, found 3\n",
        );
}

#[test]
fn malformed_ndjson_fails_with_line_and_reason() {
    etl("etl-select")
        .args(["*"])
        .stdin("{\"a\":1}\n{\"a\":\n[1]\n")
        .run()
        .expect(
            1,
            "{\"a\":1}\n",
            "etl-select: <stdin>:2: not a JSON object: EOF while parsing a value (column 5)\n",
        );
}

#[test]
fn missing_file_is_an_io_error() {
    etl("etl-select")
        .args(["a", "/nonexistent/x.csv"])
        .run()
        .expect(
            3,
            "",
            "etl-select: /nonexistent/x.csv: No such file or directory\n",
        );
}

#[test]
fn skip_writes_rejects_and_reports_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = etl("etl-select")
        .args(["*", "--rejects", rejects.to_str().unwrap()])
        .stdin("{\"a\":1}\nnot json\n[2]\n{\"a\":3}\n")
        .run();
    assert_eq!(outcome.code, Some(0), "{outcome:?}");
    assert_eq!(outcome.stdout, "{\"a\":1}\n{\"a\":3}\n");
    assert!(
        outcome
            .stderr
            .starts_with("etl-select: 4 records in, 2 out, 2 skipped as bad (written to "),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "{\"source\":\"<stdin>\",\"line\":2,\"reason\":\"not a JSON object: expected ident (column 2)\",\"raw\":\"not json\"}\n\
         {\"source\":\"<stdin>\",\"line\":3,\"reason\":\"not a JSON object: invalid type: sequence, expected a JSON object\",\"raw\":\"[2]\"}\n"
    );
}

#[test]
fn skip_without_rejects_file_counts_ragged_rows() {
    let outcome = etl("etl-select")
        .args(["--on-error", "skip", "a", &data("ragged.csv")])
        .run();
    assert_eq!(outcome.code, Some(0));
    assert_eq!(outcome.stdout, "a\n1\n4\n");
    assert!(
        outcome
            .stderr
            .contains("4 records in, 2 out, 2 skipped as bad in"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn max_rejects_fails_once_exceeded() {
    etl("etl-select")
        .args(["--max-rejects", "1", "a", &data("ragged.csv")])
        .run()
        .expect(
            1,
            "a\n1\n4\n",
            &format!(
                "etl-select: more than 1 record rejected; the last: {}:5: expected 2 fields as in the header, found 3\n",
                data("ragged.csv")
            ),
        );
}

#[test]
fn invalid_utf8_in_csv_is_a_bad_record() {
    etl("etl-select")
        .args(["*"])
        .stdin(b"a,b\n1,\xff\n".to_vec())
        .run()
        .expect(1, "", "etl-select: <stdin>:2: field \"b\": invalid UTF-8\n");
}

#[test]
fn verbose_prints_a_summary() {
    let outcome = etl("etl-select").args(["-v", "a"]).stdin("a\n1\n2\n").run();
    assert_eq!(outcome.stdout, "a\n1\n2\n");
    assert!(
        outcome
            .stderr
            .starts_with("etl-select: 2 records in, 2 out in "),
        "{}",
        outcome.stderr
    );
}

/// `-q` is for crontab lines, which mail any output: a good run says nothing, also
/// of the records it skipped (they are in --rejects); an error is still said. One
/// record is one record.
#[test]
fn quiet_says_nothing_but_errors() {
    let skipped = etl("etl-select")
        .args(["--on-error", "skip", "a", &data("ragged.csv")])
        .run();
    assert!(
        skipped.stderr.contains("skipped as bad"),
        "{}",
        skipped.stderr
    );
    etl("etl-select")
        .args(["-q", "-v", "--on-error", "skip", "a", &data("ragged.csv")])
        .run()
        .expect(0, "a\n1\n4\n", "");
    etl("etl-select")
        .args(["-q", "a", &data("ragged.csv")])
        .run()
        .expect(
            1,
            "a\n1\n",
            &format!(
                "etl-select: {}:3: expected 2 fields as in the header, found 1\n",
                data("ragged.csv")
            ),
        );
    let outcome = etl("etl-select").args(["-v", "a"]).stdin("a\n1\n").run();
    assert!(
        outcome
            .stderr
            .starts_with("etl-select: 1 record in, 1 out in "),
        "{}",
        outcome.stderr
    );
}

#[test]
fn csv_without_rows_still_writes_its_columns() {
    etl("etl-select")
        .args(["b,a"])
        .stdin("a,b\n")
        .succeeds_with("b,a\n");
    etl("etl-select")
        .args(["-O", "ndjson", "b"])
        .stdin("a,b\n")
        .succeeds_with("");
    etl("etl-select").args(["*"]).stdin("").succeeds_with("");
}

/// Regression (issue 19, 1): arrays written as CSV or TSV panicked in every command.
#[test]
fn arrays_and_unflattened_objects_are_written_to_csv_and_tsv_as_json_text() {
    let input = "{\"id\":1,\"tags\":[\"x\", 2],\"o\":{\"a\":[1,{\"b\":null}]}}\n";
    for command in [
        &["etl-select", "*"][..],
        &["etl-filter", "true"],
        &["etl-head"],
        &["etl-dedup"],
        &["etl-sort", "-k", "id"],
    ] {
        etl(command[0])
            .args(&command[1..])
            .args(["-O", "csv"])
            .stdin(input)
            .succeeds_with("id,tags,o.a\n1,\"[\"\"x\"\",2]\",\"[1,{\"\"b\"\":null}]\"\n");
    }
    etl("etl-select")
        .args(["-O", "tsv", "id,tags"])
        .stdin(input)
        .succeeds_with("id\ttags\n1\t[\"x\", 2]\n");
}

/// Regression (issue 19, 2): an unterminated quote swallowed the rest of the input as
/// one value, exit 0.
#[test]
fn a_quote_never_closed_is_a_bad_record_at_the_line_it_opened() {
    let input = "a,b,c\n0,1,2\n\n1,2,\"3\n4,5,6\n7,8,9\n";
    etl("etl-select")
        .args(["-O", "ndjson", "*"])
        .stdin(input)
        .run()
        .expect(
            1,
            "{\"a\":\"0\",\"b\":\"1\",\"c\":\"2\"}\n",
            "etl-select: <stdin>:4: a quoted field opened in this row is never closed\n",
        );
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = etl("etl-select")
        .args(["--rejects", rejects.to_str().unwrap(), "a"])
        .stdin(input)
        .run();
    assert_eq!((outcome.code, outcome.stdout.as_str()), (Some(0), "a\n0\n"));
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "{\"source\":\"<stdin>\",\"line\":4,\"reason\":\"a quoted field opened in this row is \
         never closed\",\"raw\":\"1,2,\\\"3\\n4,5,6\\n7,8,9\\n\"}\n"
    );
}

/// Regression (issue 19, 4): a value nested deeper than 128 levels, or a string with a
/// lone surrogate escape, became null wherever a command read it, with exit 0.
#[test]
fn ndjson_values_no_parser_can_take_are_bad_records() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let input = format!(
        "{{\"n\":1,\"v\":\"\\ud83d\\ude00\"}}\n{{\"n\":2,\"v\":{deep}}}\n{{\"n\":3,\"v\":\"a\\ud800\"}}\n{{\"n\":4,\"v\":[[1]]}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = etl("etl-cast")
        .args(["--rejects", rejects.to_str().unwrap(), "--infer"])
        .stdin(input)
        .run();
    assert_eq!(
        (outcome.code, outcome.stdout.as_str()),
        (Some(0), "{\"n\":1,\"v\":\"😀\"}\n{\"n\":4,\"v\":[[1]]}\n"),
        "{}",
        outcome.stderr
    );
    let reasons: Vec<(u64, String)> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|line| {
            let reject: serde_json::Value = serde_json::from_str(line).unwrap();
            let reason = reject["reason"].as_str().unwrap().to_owned();
            (reject["line"].as_u64().unwrap(), reason)
        })
        .collect();
    assert_eq!(
        reasons,
        [
            (
                2,
                "field \"v\": a value nested deeper than 128 levels".to_owned()
            ),
            (
                3,
                "field \"v\": a \\u escape that is half a surrogate pair, not a character"
                    .to_owned()
            ),
        ]
    );
}

/// An error names the row's own line: in a CRLF file (Windows, RFC 4180), after blank
/// lines, after blank CRLF lines, and in a row read by csv_core (a quote in it).
#[test]
fn errors_name_the_rows_own_line() {
    for (input, line) in [
        ("a,b\r\n1,2\r\n3\r\n4,5\r\n", 3),
        ("a,b\n1,2\n\n\n3\n", 5),
        ("a,b\r\n\r\n1,2\r\n\r\n\r\n3\r\n", 6),
        ("a,b\r\n\r\n\"1\",2\r\n\r\n\"3\"\r\n", 5),
    ] {
        etl("etl-select").args(["*"]).stdin(input).run().expect(
            1,
            "a,b\n1,2\n",
            &format!("etl-select: <stdin>:{line}: expected 2 fields as in the header, found 1\n"),
        );
    }
}

/// A name the CSV header gives twice would be one key in every record, and one
/// column lost on the way out: the repeat is renamed, and said.
#[test]
fn a_repeated_header_name_is_renamed_and_said() {
    etl("etl-select")
        .args(["-O", "ndjson", "*"])
        .stdin("a,b,a,a_2,a\n1,2,3,4,5\n")
        .run()
        .expect(
            0,
            "{\"a\":\"1\",\"b\":\"2\",\"a_3\":\"3\",\"a_2\":\"4\",\"a_4\":\"5\"}\n",
            "etl-select: <stdin>:1: the header names \"a\" 3 times; the repeats are read as \"a_3\" \
             and \"a_4\"\n",
        );
    // A spreadsheet's blank column names: one note, and no time spent per pair.
    let blanks = ",".repeat(20_000);
    let outcome = etl("etl-select")
        .args(["-O", "csv", "*"])
        .stdin(format!("{blanks}\n"))
        .run();
    assert_eq!(outcome.code, Some(0));
    assert!(
        outcome.stdout.starts_with(",_2,_3,"),
        "{}",
        &outcome.stdout[..40]
    );
    assert!(outcome.stdout.ends_with(",_20000,_20001\n"));
    assert_eq!(
        outcome.stderr,
        "etl-select: <stdin>:1: the header names \"\" 20001 times; the repeats are read as \
         \"_2\", \"_3\" … \"_20001\"\n"
    );
    etl("etl-select")
        .args(["-q", "*"])
        .stdin("a\ta\n1\t2\n")
        .args(["-I", "tsv"])
        .succeeds_with("a\ta_2\n1\t2\n");
}

/// `/etc/passwd` and `;` exports: any one-byte delimiter, no header row (fields named
/// 1..N, or --header-names), another quote, and rows of other lengths padded or cut
/// when asked.
#[test]
fn csv_dialects_on_input() {
    let passwd =
        "root:x:0:0:root:/root:/bin/bash\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n";
    etl("etl-select")
        .args(["-d", ":", "--no-header", "1,6,7"])
        .stdin(passwd)
        .succeeds_with("1,6,7\nroot,/root,/bin/bash\nman,/var/cache/man,/usr/sbin/nologin\n");
    etl("etl-select")
        .args([
            "--delimiter",
            "\\t",
            "--header-names",
            "user,uid",
            "-O",
            "ndjson",
            "*",
        ])
        .stdin("ann\t7\nbob\t8\n")
        .succeeds_with("{\"user\":\"ann\",\"uid\":\"7\"}\n{\"user\":\"bob\",\"uid\":\"8\"}\n");
    etl("etl-select")
        .args(["-d", ";", "--quote", "'", "-O", "ndjson", "*"])
        .stdin("a;b\n'x;y';\"z\"\n")
        .succeeds_with("{\"a\":\"x;y\",\"b\":\"\\\"z\\\"\"}\n");
    let ragged = "a,b,c\n1,2\n1,2,3,4\n";
    etl("etl-select")
        .args(["--ragged", "truncate", "*"])
        .stdin(ragged)
        .succeeds_with("a,b,c\n1,2,\n1,2,3\n");
    etl("etl-select")
        .args(["--ragged", "pad", "*"])
        .stdin(ragged)
        .run()
        .expect(
            1,
            "a,b,c\n1,2,\n",
            "etl-select: <stdin>:3: expected 3 fields as in the header, found 4\n",
        );
    etl("etl-select").args(["*"]).stdin(ragged).run().expect(
        1,
        "",
        "etl-select: <stdin>:2: expected 3 fields as in the header, found 2\n",
    );
}

#[test]
fn csv_dialects_on_output() {
    etl("etl-select")
        .args(["--output-delimiter", ";", "--no-output-header", "*"])
        .stdin("a,b\n1,x;y\n")
        .succeeds_with("1;\"x;y\"\n");
    // What one command writes with a dialect, the next reads with it.
    let written = etl("etl-select")
        .args(["--output-delimiter", "|", "*"])
        .stdin("a,b\n1,\"p|q\"\n")
        .run();
    etl("etl-select")
        .args(["-d", "|", "-O", "ndjson", "*"])
        .stdin(written.stdout)
        .succeeds_with("{\"a\":\"1\",\"b\":\"p|q\"}\n");
    etl("etl-select")
        .args(["-O", "ndjson", "--no-output-header", "*"])
        .stdin("a\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-select: --output-delimiter and --no-output-header are for CSV and TSV output\n",
        );
    etl("etl-select")
        .args(["-d", "ab", "*"])
        .stdin("a\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-select: invalid value 'ab' for '--delimiter <CHAR>': \"ab\" is not one \
             character such as ; | or \\t\n\nFor more information, try '--help'.\n",
        );
}

/// An API dump (one JSON array of objects) and pretty-printed or concatenated objects
/// are records too, read as a stream; what is not an object is a bad record or, outside
/// any object, the end of the run with the line.
#[test]
fn json_arrays_and_pretty_printed_objects() {
    etl("etl-select")
        .args(["*"])
        .stdin("[\n {\"a\": 1, \"b\": {\"c\": [1, 2]}},\n {\"a\": \"x y\"}\n]\n")
        .succeeds_with("{\"a\":1,\"b\":{\"c\":[1,2]}}\n{\"a\":\"x y\"}\n");
    etl("etl-select")
        .args(["-O", "csv", "a"])
        .stdin("{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}{\"a\":3}\n")
        .succeeds_with("a\n1\n2\n3\n");
    etl("etl-select")
        .args(["--on-error", "skip", "-q", "*"])
        .stdin("[{\"a\":1},\n{\"a\":},\n {\"a\":3}]")
        .succeeds_with("{\"a\":1}\n{\"a\":3}\n");
    etl("etl-select")
        .args(["*"])
        .stdin("[{\"a\":1},\n2]")
        .run()
        .expect(
            1,
            "{\"a\":1}\n",
            "etl-select: <stdin>:2: expected a JSON object after ',', found '2'\n",
        );
    etl("etl-select")
        .args(["*"])
        .stdin("[{\"a\":1}")
        .run()
        .expect(
            1,
            "{\"a\":1}\n",
            "etl-select: <stdin>:1: expected the ] that closes the array the input starts with, \
         found the end of the input\n",
        );
    etl("etl-select")
        .args(["*"])
        .stdin("[]\n")
        .succeeds_with("");
}

/// A latin1 export and a UTF-16 file (told by its byte order mark) read as UTF-8.
#[test]
fn other_encodings_are_decoded_to_utf8() {
    etl("etl-select")
        .args(["--encoding", "latin1", "-O", "ndjson", "*"])
        .stdin(&b"name,city\ncaf\xe9,K\xf6ln\n"[..])
        .succeeds_with("{\"name\":\"café\",\"city\":\"Köln\"}\n");
    let utf16: Vec<u8> = "\u{feff}a,b\n1,é\n"
        .encode_utf16()
        .flat_map(u16::to_be_bytes)
        .collect();
    etl("etl-select")
        .args(["-O", "ndjson", "*"])
        .stdin(utf16)
        .succeeds_with("{\"a\":\"1\",\"b\":\"é\"}\n");
    etl("etl-select")
        .args(["--encoding", "klingon", "*"])
        .stdin("a\n")
        .run()
        .expect(
            2,
            "",
            "etl-select: invalid value 'klingon' for '--encoding <NAME>': \"klingon\" is not an \
             encoding such as latin1, windows-1252, utf-16le or utf-16be\n\nFor more information, \
             try '--help'.\n",
        );
}
