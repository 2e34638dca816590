//! etl-extract-log: each format with exact records, detection, the unparsed-line
//! policy, multi-line records, gzip, and --follow (--state: `extract_log_state.rs`).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::extract_log_state::{commit, run_with_state};
use crate::harness::{etl, Outcome, Run};
use crate::pipeline::Pipeline;

pub(crate) fn extract() -> Run {
    etl("etl-extract-log").env("TZ", "UTC")
}

/// The `-v`/skip summary ends with a time and a rate; the rest is exact.
fn without_timing(stderr: &str) -> String {
    stderr
        .lines()
        .map(
            |line| match line.find(" in ").filter(|_| line.contains(" records in, ")) {
                Some(at) if line[at..].ends_with(')') || line[at..].ends_with(" s") => {
                    let head = &line[..line.rfind(" in ").expect("found")];
                    format!("{head} in …\n")
                }
                _ => format!("{line}\n"),
            },
        )
        .collect()
}

fn expect_timed(outcome: &Outcome, code: i32, stdout: &str, stderr: &str) {
    let shown = Outcome {
        stdout: outcome.stdout.clone(),
        stderr: without_timing(&outcome.stderr),
        code: outcome.code,
    };
    shown.expect(code, stdout, stderr);
}

const ACCESS: &str = concat!(
    r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#,
    "\n",
    r#"2001:db8::1 - - [01/Feb/2024:00:00:01 +0100] "GET /q?a=\"x\" HTTP/2.0" 304 - "-" "curl \"8\"" 0.002"#,
    "\n",
    r#"10.0.0.9 - - [01/Feb/2024:00:00:02 +0000] "\x16\x03\x01\x00" 400 157 "-" "-""#,
    "\n",
    r#"10.0.0.9 - - [01/Feb/2024:00:00:03 +0000] "POST /api HTTP/1.1" 503 0"#,
    "\n",
);

#[test]
fn combined_lines_become_records() {
    extract().args(["-f", "combined"]).stdin(ACCESS).succeeds_with(concat!(
        r#"{"ip":"127.0.0.1","ident":null,"user":"frank","ts":"2000-10-10T20:55:36Z","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","status":200,"bytes":2326,"referer":"http://www.example.com/start.html","user_agent":"Mozilla/4.08 [en] (Win98; I ;Nav)"}"#,
        "\n",
        r#"{"ip":"2001:db8::1","ident":null,"user":null,"ts":"2024-01-31T23:00:01Z","method":"GET","path":"/q?a=\"x\"","protocol":"HTTP/2.0","status":304,"bytes":null,"referer":"-","user_agent":"curl \"8\"","extra":"0.002"}"#,
        "\n",
        r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:02Z","request":"\\x16\\x03\\x01\\x00","method":null,"path":null,"protocol":null,"status":400,"bytes":157,"referer":"-","user_agent":"-"}"#,
        "\n",
        r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:03Z","method":"POST","path":"/api","protocol":"HTTP/1.1","status":503,"bytes":0,"referer":null,"user_agent":null}"#,
        "\n",
    ));
}

#[test]
fn an_http_0_9_request_has_no_protocol() {
    extract()
        .args(["-f", "common"])
        .stdin("1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"GET /uno dos\" 404 0\n")
        .succeeds_with(
            "{\"ip\":\"1.2.3.4\",\"ident\":null,\"user\":null,\"ts\":\"2000-10-10T13:55:36Z\",\"method\":\"GET\",\"path\":\"/uno dos\",\"protocol\":null,\"status\":404,\"bytes\":0}\n",
        );
}

#[test]
fn common_lines_and_csv_output() {
    extract()
        .args(["-f", "common", "-O", "csv"])
        .stdin("1.2.3.4 - bob [10/Oct/2000:13:55:36 +0000] \"POST /login HTTP/1.1\" 302 0\n")
        .succeeds_with(
            "ip,ident,user,ts,method,path,protocol,status,bytes\n\
             1.2.3.4,,bob,2000-10-10T13:55:36Z,POST,/login,HTTP/1.1,302,0\n",
        );
}

#[test]
fn server_errors_through_etl_filter() {
    let records = extract().stdin(ACCESS).run();
    assert_eq!(records.code, Some(0), "{}", records.stderr);
    etl("etl-filter")
        .args(["status >= 500"])
        .stdin(records.stdout)
        .succeeds_with(concat!(
            r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:03Z","method":"POST","path":"/api","protocol":"HTTP/1.1","status":503,"bytes":0,"referer":null,"user_agent":null}"#,
            "\n"
        ));
}

const SYSLOG: &str = concat!(
    r#"<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventID="1011"] An application event"#,
    "\n",
    "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n",
    "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown\n",
);

#[test]
fn syslog_forms_are_told_apart_per_line() {
    extract().args(["-f", "syslog", "--year", "2023"]).stdin(SYSLOG).succeeds_with(concat!(
        r#"{"pri":165,"facility":"local4","severity":"notice","ts":"2003-10-11T22:14:15.003Z","host":"mymachine.example.com","app":"evntslog","pid":null,"msgid":"ID47","structured_data":{"exampleSDID@32473":{"iut":"3","eventID":"1011"}},"msg":"An application event"}"#,
        "\n",
        r#"{"pri":34,"facility":"auth","severity":"crit","ts":"2023-10-11T22:14:15Z","host":"mymachine","app":"su","pid":null,"msgid":null,"structured_data":null,"msg":"'su root' failed for lonvick on /dev/pts/8"}"#,
        "\n",
        r#"{"pri":null,"facility":null,"severity":null,"ts":"2023-06-14T15:16:01Z","host":"combo","app":"sshd(pam_unix)","pid":19939,"msgid":null,"structured_data":null,"msg":"check pass; user unknown"}"#,
        "\n",
    ));
}

#[test]
fn rfc3164_times_are_local_time() {
    let outcome = extract()
        .env("TZ", "Europe/Berlin")
        .args(["-f", "syslog", "--year", "2023"])
        .stdin("Jun 14 15:16:01 combo cron[1]: x\n")
        .run();
    outcome.expect(
        0,
        "{\"pri\":null,\"facility\":null,\"severity\":null,\"ts\":\"2023-06-14T13:16:01Z\",\"host\":\"combo\",\"app\":\"cron\",\"pid\":1,\"msgid\":null,\"structured_data\":null,\"msg\":\"x\"}\n",
        "",
    );
}

#[test]
fn logfmt_and_json_with_a_timestamp_field() {
    extract()
        .args(["-f", "logfmt", "--ts-field", "at", "--ts-format", "%d.%m.%Y %H:%M:%S"])
        .stdin("at=\"01.03.2024 10:00:00\" level=warn msg=\"disk \\\"full\\\"\" retry\n")
        .succeeds_with(
            "{\"at\":\"2024-03-01T10:00:00Z\",\"level\":\"warn\",\"msg\":\"disk \\\"full\\\"\",\"retry\":null}\n",
        );
    extract()
        .args(["-f", "json", "--ts-field", "time"])
        .stdin("{\"time\":\"2024-03-01T11:00:00+01:00\",\"n\":1.50,\"ctx\":{\"a\":[1]}}\n")
        .succeeds_with("{\"time\":\"2024-03-01T10:00:00Z\",\"n\":1.50,\"ctx\":{\"a\":[1]}}\n");
}

#[test]
fn a_timestamp_field_that_is_not_a_time_is_a_bad_record() {
    extract()
        .args(["-f", "logfmt", "--ts-field", "at", "--on-error", "fail"])
        .stdin("at=soon x=1\n")
        .run()
        .expect(
            1,
            "",
            "etl-extract-log: <stdin>:1: field \"at\": \"soon\" is not a timestamp\n",
        );
}

#[test]
fn regex_and_pattern_formats() {
    extract()
        .args([
            "--regex",
            r"^(?P<level>[A-Z]+) \[(?P<thread>[^\]]+)\] (\S+) (?P<msg>.*)$",
        ])
        .stdin("WARN [main] com.x.Y disk full\n")
        .succeeds_with("{\"level\":\"WARN\",\"thread\":\"main\",\"msg\":\"disk full\"}\n");
    extract()
        .args([
            "--pattern",
            "{ts} {level} [{thread}] {msg}",
            "--ts-field",
            "ts",
            "--ts-format",
            "%Y-%m-%dT%H:%M:%S,%3f",
        ])
        .stdin("2024-03-01T10:00:00,250 INFO  [main] started\n")
        .succeeds_with(
            "{\"ts\":\"2024-03-01T10:00:00.250Z\",\"level\":\"INFO\",\"thread\":\"main\",\"msg\":\"started\"}\n",
        );
}

#[test]
fn a_pattern_field_up_to_a_space_needs_a_space_free_time() {
    // `{ts}` stops at the first space, so a time with a space needs its own literal.
    extract()
        .args([
            "--pattern",
            "{date} {time} {level} [{thread}] {msg}",
        ])
        .stdin("2024-03-01 10:00:00,250 INFO  [main] started\n")
        .succeeds_with(
            "{\"date\":\"2024-03-01\",\"time\":\"10:00:00,250\",\"level\":\"INFO\",\"thread\":\"main\",\"msg\":\"started\"}\n",
        );
}

#[test]
fn formats_are_detected_per_file_and_said_with_v() {
    let dir = tempfile::tempdir().unwrap();
    let access = dir.path().join("access.log");
    let app = dir.path().join("app.log");
    fs::write(&access, ACCESS.lines().last().unwrap().to_owned() + "\n").unwrap();
    fs::write(&app, "level=info msg=hello\n").unwrap();
    let outcome = extract().args(["-v"]).args([&access, &app]).run();
    let a = access.display();
    let b = app.display();
    expect_timed(
        &outcome,
        0,
        concat!(
            r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:03Z","method":"POST","path":"/api","protocol":"HTTP/1.1","status":503,"bytes":0}"#,
            "\n",
            "{\"level\":\"info\",\"msg\":\"hello\"}\n"
        ),
        &format!(
            "etl-extract-log: {a}: detected common (of 1 sampled line, combined/common reads 1)\n\
             etl-extract-log: {b}: detected logfmt (of 1 sampled line, logfmt reads 1)\n\
             etl-extract-log: 2 records in, 2 out in …\n"
        ),
    );
    extract().stdin("just words\nmore words\n").run().expect(
        1,
        "",
        "etl-extract-log: <stdin>: no log format fits its first lines (of 2 sampled lines, \
         none reads as json, combined/common, syslog, logfmt); name one with -f, or describe \
         the lines with --pattern or --regex\n",
    );
}

/// A format that reads only some of the first lines is not chosen: the lines it
/// does not read would be lost to it. A logfmt-looking line among words, or a level
/// word where syslog wants a host, is no evidence.
#[test]
fn a_weak_or_partial_match_is_refused_with_what_each_format_read() {
    let syslog = "Nov  3 09:23:38 veridian automount[7998]: lookup for foobar failed\n";
    let with_header = format!("Header1: abc\nHeader2: def x=1\n{syslog}{syslog}{syslog}");
    extract().stdin(with_header.clone()).run().expect(
        1,
        "",
        "etl-extract-log: <stdin>: no log format fits its first lines (of 5 sampled lines, \
         syslog reads 3); name one with -f, or describe the lines with --pattern or --regex\n",
    );
    let app = "2024-01-01T15:00:00Z INFO session_start=2024-01-01T10:30:00Z user=alice in\n";
    extract().stdin(app.repeat(3)).run().expect(
        1,
        "",
        "etl-extract-log: <stdin>: no log format fits its first lines (of 3 sampled lines, \
         none reads as json, combined/common, syslog, logfmt); name one with -f, or describe \
         the lines with --pattern or --regex\n",
    );
    // Continuation lines are not sampled: they belong to the record before them.
    let continued = format!("{syslog}\tmore of it\n\tand more\n{syslog}");
    let outcome = extract()
        .args([
            "--multiline-start",
            "^\\S",
            "--year",
            "2007",
            "-v",
            "-O",
            "csv",
        ])
        .stdin(continued)
        .run();
    expect_timed(
        &outcome,
        0,
        "pri,facility,severity,ts,host,app,pid,msgid,structured_data,msg\n\
         ,,,2007-11-03T09:23:38Z,veridian,automount,7998,,,\"lookup for foobar failed\n\
         \tmore of it\n\tand more\"\n\
         ,,,2007-11-03T09:23:38Z,veridian,automount,7998,,,lookup for foobar failed\n",
        "etl-extract-log: <stdin>: detected syslog (of 2 sampled lines, syslog reads 2)\n\
         etl-extract-log: 2 records in, 2 out in …\n",
    );
}

const MIXED: &str = concat!(
    r#"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5"#,
    "\n",
    "not an access log line\n",
    "\n",
    r#"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" OK 5"#,
    "\n",
);

const MIXED_OK: &str = concat!(
    r#"{"ip":"1.2.3.4","ident":null,"user":null,"ts":"2000-10-10T13:55:36Z","method":"GET","path":"/","protocol":"HTTP/1.1","status":200,"bytes":5,"referer":null,"user_agent":null}"#,
    "\n"
);

#[test]
fn unparsed_lines_are_counted_and_reported_by_default() {
    let outcome = extract().args(["-f", "combined"]).stdin(MIXED).run();
    expect_timed(
        &outcome,
        0,
        MIXED_OK,
        "etl-extract-log: 2 of 4 lines in <stdin> did not parse as combined; first at line 2\n\
         etl-extract-log: 3 records in, 1 out, 2 skipped as bad in …\n",
    );
}

#[test]
fn unparsed_lines_go_to_the_rejects_file() {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = extract()
        .args(["-f", "combined", "--rejects"])
        .args([&rejects])
        .stdin(MIXED)
        .run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(outcome.stdout, MIXED_OK);
    assert_eq!(
        fs::read_to_string(&rejects).unwrap(),
        concat!(
            r#"{"source":"<stdin>","line":2,"reason":"does not parse as combined: expected '[' before the time at column 15","raw":"not an access log line"}"#,
            "\n",
            r#"{"source":"<stdin>","line":4,"reason":"does not parse as combined: expected a three-digit status at column 59","raw":"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" OK 5"}"#,
            "\n",
        )
    );
}

#[test]
fn on_error_fail_stops_at_the_first_unparsed_line() {
    extract()
        .args(["-f", "combined", "--on-error", "fail"])
        .stdin(MIXED)
        .run()
        .expect(
            1,
            MIXED_OK,
            "etl-extract-log: <stdin>:2: does not parse as combined: expected '[' before the \
             time at column 15\n",
        );
}

#[test]
fn keep_unparsed_emits_them_as_records() {
    extract()
        .args(["-f", "combined", "--keep-unparsed", "--add-line"])
        .stdin(MIXED)
        .run()
        .expect(
            0,
            &(MIXED_OK.replace("}\n", ",\"line\":1}\n")
                + "{\"unparsed\":\"not an access log line\",\"line\":2}\n"
                + "{\"unparsed\":\"1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \\\"GET / HTTP/1.1\\\" OK 5\",\"line\":4}\n"),
            "etl-extract-log: 2 of 4 lines in <stdin> did not parse as combined; first at line 2\n",
        );
}

#[test]
fn explain_shows_where_and_why() {
    let outcome = extract()
        .args(["-f", "combined", "--explain"])
        .stdin(MIXED)
        .run();
    expect_timed(
        &outcome,
        0,
        MIXED_OK,
        "etl-extract-log: <stdin>:2: does not parse as combined\n  not an access log line\n                ^ expected '[' before the time\n\
         etl-extract-log: <stdin>:4: does not parse as combined\n  1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] \"GET / HTTP/1.1\" OK 5\n                                                            ^ expected a three-digit status\n\
         etl-extract-log: 2 of 4 lines in <stdin> did not parse as combined; first at line 2\n\
         etl-extract-log: 3 records in, 1 out, 2 skipped as bad in …\n",
    );
}

#[test]
fn invalid_utf8_is_replaced() {
    extract()
        .args(["-f", "logfmt"])
        .stdin(b"msg=caf\xe9 ok=1\n".to_vec())
        .succeeds_with("{\"msg\":\"caf\u{fffd}\",\"ok\":\"1\"}\n");
}

#[test]
fn invalid_utf8_in_an_access_log_is_replaced() {
    extract()
        .args(["-f", "combined"])
        .stdin(
            b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /caf\xe9 HTTP/1.1\" 200 2 \"-\" \"\xff\xfe\"\n"
                .to_vec(),
        )
        .succeeds_with(
            "{\"ip\":\"1.2.3.4\",\"ident\":null,\"user\":null,\"ts\":\"2000-10-10T20:55:36Z\",\
             \"method\":\"GET\",\"path\":\"/caf\u{fffd}\",\"protocol\":\"HTTP/1.1\",\"status\":200,\
             \"bytes\":2,\"referer\":\"-\",\"user_agent\":\"\u{fffd}\u{fffd}\"}\n",
        );
}

#[test]
fn gzip_files_and_source_and_line_fields() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("a.log");
    let packed = dir.path().join("b.log.gz");
    fs::write(&plain, "\nx=1\n").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"y=2\ny=3").unwrap();
    fs::write(&packed, gz.finish().unwrap()).unwrap();
    let (a, b) = (plain.display(), packed.display());
    extract()
        .args(["--add-source", "--add-line"])
        .args([&plain, &packed])
        .succeeds_with(&format!(
            "{{\"x\":\"1\",\"source\":\"{a}\",\"line\":2}}\n\
             {{\"y\":\"2\",\"source\":\"{b}\",\"line\":1}}\n\
             {{\"y\":\"3\",\"source\":\"{b}\",\"line\":2}}\n"
        ));
}

#[test]
fn multiline_records_join_stack_traces() {
    let log = "2024-03-01 10:00:00 ERROR [main] boom\n\
               java.lang.IllegalStateException: no\n\
               \tat com.x.Y.run(Y.java:10)\n\
               2024-03-01 10:00:01 INFO [main] next\n";
    extract()
        .args([
            "--pattern",
            "{date} {time} {level} [{thread}] {msg}",
            "--multiline-start",
            r"^\d{4}-",
            "--add-line",
        ])
        .stdin(log)
        .succeeds_with(concat!(
            r#"{"date":"2024-03-01","time":"10:00:00","level":"ERROR","thread":"main","msg":"boom\njava.lang.IllegalStateException: no\n\tat com.x.Y.run(Y.java:10)","line":1}"#,
            "\n",
            r#"{"date":"2024-03-01","time":"10:00:01","level":"INFO","thread":"main","msg":"next","line":4}"#,
            "\n",
        ));
}

/// Appends `text` to the file at `path`, creating it if need be.
pub(crate) fn append(path: &Path, text: &str) {
    let mut file = fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn json_lines_that_are_not_objects_follow_the_unparsed_policy() {
    let input = "{\"level\":\"info\"}\nplain text\n[1]\n";
    extract()
        .args(["-f", "json", "--keep-unparsed"])
        .stdin(input)
        .run()
        .expect(
            0,
            "{\"level\":\"info\"}\n{\"unparsed\":\"plain text\"}\n{\"unparsed\":\"[1]\"}\n",
            "etl-extract-log: 2 of 3 lines in <stdin> did not parse as json; first at line 2\n",
        );
    extract()
        .args(["-f", "json", "--max-rejects", "1"])
        .stdin(input)
        .run()
        .expect(
            1,
            "{\"level\":\"info\"}\n",
            "etl-extract-log: more than 1 record rejected; the last: <stdin>:3: does not parse \
             as json: expected a JSON object (invalid type: sequence, expected a JSON object) \
             at column 1\n",
        );
}

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn follow_turns_appended_lines_into_records_as_they_come() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.log"), dir.path().join("b.log"));
    append(&a, "n=1\n");
    append(&b, "");
    let mut follower = Pipeline::start(&[
        &[
            "etl-extract-log",
            "--follow",
            "-f",
            "logfmt",
            text(&a),
            text(&b),
        ],
        &["etl-filter", "n > 0"],
    ]);
    assert_eq!(follower.receive(), r#"{"n":"1"}"#);
    append(&a, "n=0\nn=2\n");
    assert_eq!(follower.receive(), r#"{"n":"2"}"#);
    append(&b, "n=3\n");
    assert_eq!(follower.receive(), r#"{"n":"3"}"#);
    // A last line without its newline waits until it is complete: the line of the
    // other file comes first, then the whole line.
    append(&a, "n=4");
    append(&b, "n=5\n");
    assert_eq!(follower.receive(), r#"{"n":"5"}"#);
    append(&a, "0\n");
    assert_eq!(follower.receive(), r#"{"n":"40"}"#);
    assert_eq!(
        follower.stop("-TERM"),
        (vec![], vec![Some(143), Some(0)], String::new())
    );
}

#[test]
fn follow_goes_on_across_rotation_truncation_and_a_file_that_appears_later() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let mut follower = Pipeline::start(&[&[
        "etl-extract-log",
        "--follow",
        "-f",
        "logfmt",
        "--add-line",
        text(&log),
    ]]);
    // Not there yet: read once it appears.
    append(&log, "a=1\n");
    assert_eq!(follower.receive(), r#"{"a":"1","line":1}"#);
    append(&log, "b=2\n");
    assert_eq!(follower.receive(), r#"{"b":"2","line":2}"#);
    // logrotate: renamed, the writer's last line still goes to the old file, then a
    // new file is created. The rest of the old file comes first.
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    append(&dir.path().join("app.log.1"), "c=3\n");
    append(&log, "d=4\n");
    assert_eq!(follower.receive(), r#"{"c":"3","line":3}"#);
    assert_eq!(follower.receive(), r#"{"d":"4","line":1}"#);
    // copytruncate: copied, then emptied in place. A line written before the copy
    // comes once, read from the file or, if not yet, from the copy.
    append(&log, "e=5\n");
    assert_eq!(follower.receive(), r#"{"e":"5","line":2}"#);
    append(&log, "f=6\n");
    fs::copy(&log, dir.path().join("app.log.2")).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    append(&log, "g=7\n");
    assert_eq!(follower.receive(), r#"{"f":"6","line":3}"#);
    assert_eq!(follower.receive(), r#"{"g":"7","line":1}"#);
    append(&log, "h=8\n");
    assert_eq!(follower.receive(), r#"{"h":"8","line":2}"#);
    assert_eq!(
        follower.stop("-INT"),
        (vec![], vec![Some(130)], String::new())
    );
}

/// The offset of the one file in a state file, once it is there.
fn state_offset(path: &Path) -> Option<u64> {
    let text = fs::read_to_string(path).ok()?;
    let state: serde_json::Value = serde_json::from_str(&text).ok()?;
    state["files"][0]["offset"].as_u64()
}

#[test]
fn a_stopped_follower_leaves_the_state_where_its_records_reached() {
    let dir = tempfile::tempdir().unwrap();
    let (log, state) = (dir.path().join("app.log"), dir.path().join("app.state"));
    let pending = dir.path().join("app.state.pending");
    append(&log, "a=1\nb=2\n");
    let follow = [
        "etl-extract-log",
        "--follow",
        "--state",
        text(&state),
        "-f",
        "logfmt",
        "--add-line",
        text(&log),
    ];
    let mut follower = Pipeline::start(&[&follow]);
    assert_eq!(follower.receive(), r#"{"a":"1","line":1}"#);
    assert_eq!(follower.receive(), r#"{"b":"2","line":2}"#);
    append(&log, "c=3\nd=");
    assert_eq!(follower.receive(), r#"{"c":"3","line":3}"#);
    // While it runs, the pending state follows the records written.
    let started = Instant::now();
    while state_offset(&pending) != Some(12) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no pending state"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        follower.stop("-TERM"),
        (vec![], vec![Some(143)], String::new())
    );
    // The incomplete last line is not in it.
    assert_eq!(state_offset(&pending), Some(12));
    commit(&state);
    append(&log, "4\ne=5\n");
    let mut follower = Pipeline::start(&[&follow]);
    assert_eq!(follower.receive(), r#"{"d":"4","line":4}"#);
    assert_eq!(follower.receive(), r#"{"e":"5","line":5}"#);
    assert_eq!(
        follower.stop("-HUP"),
        (vec![], vec![Some(129)], String::new())
    );
    commit(&state);
    assert_eq!(run_with_state(&state, &log), "");
}

#[test]
fn a_follower_ends_quietly_once_nobody_reads_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, "n=1\nn=2\n");
    let mut follower = Pipeline::start(&[
        &["etl-extract-log", "--follow", "-f", "logfmt", text(&log)],
        &["etl-head", "-n", "1"],
    ]);
    assert_eq!(follower.receive(), r#"{"n":"1"}"#);
    // etl-head is done; the follower, with nothing more to write, notices anyway.
    assert_eq!(
        follower.finish(),
        (vec![], vec![Some(0), Some(0)], String::new())
    );
}

#[test]
fn follow_needs_files() {
    extract()
        .args(["--follow", "-f", "logfmt"])
        .stdin("a=1\n")
        .run()
        .expect(
            2,
            "",
            "etl-extract-log: --follow needs files: stdin is read as it comes anyway\n",
        );
}

/// A file none of whose lines parse is in another format, most likely: the run fails
/// rather than pass for one that found nothing, unless the lines go where asked.
#[test]
fn a_file_of_which_no_line_parses_fails_unless_its_lines_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("access.log");
    let wrong = dir.path().join("error.log");
    fs::write(&good, ACCESS.lines().last().unwrap().to_owned() + "\n").unwrap();
    fs::write(&wrong, "\n[error] upstream timed out\n[error] again\n").unwrap();
    let w = wrong.display();
    extract().args(["-f", "common"]).args([&good, &wrong]).run().expect(
        1,
        concat!(
            r#"{"ip":"10.0.0.9","ident":null,"user":null,"ts":"2024-02-01T00:00:03Z","method":"POST","path":"/api","protocol":"HTTP/1.1","status":503,"bytes":0}"#,
            "\n"
        ),
        &format!(
            "etl-extract-log: 2 of 3 lines in {w} did not parse as common; first at line 2\n\
             etl-extract-log: {w}: no line parsed as common (--explain says why; --rejects FILE \
             or --keep-unparsed to go on without them)\n"
        ),
    );
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = extract()
        .args(["-f", "common", "--rejects"])
        .args([&rejects, &wrong])
        .run();
    let r = rejects.display();
    expect_timed(
        &outcome,
        0,
        "",
        &format!(
            "etl-extract-log: 2 of 3 lines in {w} did not parse as common; first at line 2\n\
             etl-extract-log: 2 records in, 0 out, 2 skipped as bad (written to {r}) in …\n"
        ),
    );
    assert_eq!(fs::read_to_string(&rejects).unwrap().lines().count(), 2);
}
