//! etl-kafka-produce and etl-kafka-consume against a real Apache Kafka broker
//! (`ETLKIT_TEST_KAFKA`, started by `make test` through scripts/services). Every test
//! uses its own topics and groups, so tests run in parallel and can be rerun.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value as Json;

use crate::harness::{bin_dir, etl, finish, service, Outcome, PATIENCE};

pub(crate) fn broker() -> Option<String> {
    service("ETLKIT_TEST_KAFKA")
}

/// A topic or group name no other test, process or earlier run uses.
pub(crate) fn unique(what: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_nanos();
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    format!("etlkit-{what}-{}-{nanos}-{n}", std::process::id())
}

/// Produces `input` to `topic`, creating it with `partitions`.
fn produce(broker: &str, topic: &str, partitions: u32, args: &[&str], input: &str) -> Outcome {
    etl("etl-kafka-produce")
        .args(["-b", broker, "-t", topic, "--create-topic", "--partitions"])
        .args([partitions.to_string()])
        .args(args)
        .stdin(input)
        .run()
}

pub(crate) fn produce_ok(broker: &str, topic: &str, partitions: u32, args: &[&str], input: &str) {
    produce(broker, topic, partitions, args, input).expect(0, "", "");
}

fn consume(broker: &str, topic: &str, args: &[&str]) -> Outcome {
    etl("etl-kafka-consume")
        .args(["-b", broker, "-t", topic])
        .args(args)
        .run()
}

/// NDJSON records `{"n":0}` … `{"n":count-1}`, starting at `from`.
pub(crate) fn numbered(from: u32, count: u32) -> String {
    (from..from + count)
        .map(|n| format!("{{\"n\":{n}}}\n"))
        .collect()
}

pub(crate) fn json_lines(text: &str) -> Vec<Json> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect()
}

#[test]
fn ndjson_round_trip_is_byte_exact() {
    let Some(broker) = broker() else { return };
    let topic = unique("ndjson");
    let input = concat!(
        "{\"id\":1,\"user\":{\"name\":\"Zoë\",\"tags\":[\"a\", \"b\"]},\"big\":12345678901234567890,\"f\":1E400,\"s\":\"quo\\\"te\\n\"}\n",
        "{\"id\":2,\"note\":null,\"ok\":true}\n",
    );
    produce_ok(&broker, &topic, 1, &[], input);
    consume(&broker, &topic, &["-e"]).expect(0, input, "");
    for codec in ["gzip", "snappy", "lz4", "zstd"] {
        produce_ok(&broker, &topic, 1, &["-z", codec], input);
    }
    consume(&broker, &topic, &["-e"]).expect(0, &input.repeat(5), "");
}

#[test]
fn csv_records_go_as_json_objects_and_come_back_as_csv() {
    let Some(broker) = broker() else { return };
    let topic = unique("csv");
    let csv = "id,name,note\n1,a,\"x, y\"\n2,b,\n";
    produce_ok(&broker, &topic, 1, &[], csv);
    consume(&broker, &topic, &["-e"]).expect(
        0,
        "{\"id\":\"1\",\"name\":\"a\",\"note\":\"x, y\"}\n{\"id\":\"2\",\"name\":\"b\",\"note\":\"\"}\n",
        "",
    );
    consume(&broker, &topic, &["-e", "-O", "csv"]).expect(0, csv, "");
}

#[test]
fn the_same_key_lands_on_the_same_partition() {
    let Some(broker) = broker() else { return };
    let topic = unique("keys");
    let input: String = (0..60)
        .map(|i| format!("{{\"user\":\"u{}\",\"i\":{i}}}\n", i % 6))
        .collect();
    produce_ok(&broker, &topic, 4, &["-k", "user"], &input);
    let out = consume(&broker, &topic, &["-e", "--envelope"]);
    let mut partitions: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    let messages = json_lines(&out.stdout);
    assert_eq!(messages.len(), 60, "{}", out.stderr);
    for message in messages {
        let key = message["key"].as_str().unwrap().to_owned();
        assert_eq!(message["value"]["user"], key.as_str());
        partitions
            .entry(key)
            .or_default()
            .insert(message["partition"].as_i64().unwrap());
    }
    assert_eq!(partitions.len(), 6);
    assert!(partitions.values().all(|p| p.len() == 1), "{partitions:?}");
    let used: BTreeSet<_> = partitions.values().flatten().collect();
    assert!(used.len() > 1, "all keys on one partition: {partitions:?}");
    // -p overrides the key's partition.
    let second: String = (0..6)
        .map(|i| format!("{{\"user\":\"u{i}\",\"again\":true}}\n"))
        .collect();
    produce_ok(&broker, &topic, 4, &["-k", "user", "-p", "3"], &second);
    let out = consume(&broker, &topic, &["-e", "--envelope"]);
    let again: Vec<Json> = json_lines(&out.stdout)
        .into_iter()
        .filter(|m| m["value"]["again"] == true)
        .collect();
    assert_eq!(again.len(), 6);
    assert!(again.iter().all(|m| m["partition"] == 3), "{again:?}");
}

#[test]
fn headers_keys_and_timestamps_come_from_fields_and_options() {
    let Some(broker) = broker() else { return };
    let topic = unique("headers");
    let input = "{\"id\":7,\"ts\":\"2024-03-01T12:00:00.250+01:00\",\"meta\":{\"trace\":\"t1\",\"n\":null}}\n";
    let args = [
        "-k",
        "id",
        "-H",
        "source=test",
        "-H",
        "env=a=b",
        "--headers-field",
        "meta",
        "--timestamp-field",
        "ts",
    ];
    produce_ok(&broker, &topic, 1, &args, input);
    let expected = format!(
        "{{\"topic\":\"{topic}\",\"partition\":0,\"offset\":0,\"key\":\"7\",\
         \"timestamp\":\"2024-03-01T11:00:00.250Z\",\
         \"headers\":{{\"source\":\"test\",\"env\":\"a=b\",\"trace\":\"t1\",\"n\":null}},\
         \"value\":{}}}\n",
        input.trim_end()
    );
    consume(&broker, &topic, &["-e", "--envelope"]).expect(0, &expected, "");
}

#[test]
fn an_envelope_replays_into_another_topic_exactly() {
    let Some(broker) = broker() else { return };
    let (source, copy) = (unique("replay-from"), unique("replay-to"));
    let envelopes = concat!(
        "{\"key\":null,\"headers\":{},\"partition\":1,\"timestamp\":\"2024-01-01T00:00:00.000Z\",\"value\":\"plain text\"}\n",
        "{\"key\":\"k\",\"headers\":{\"h\":\"v\",\"empty\":null},\"partition\":0,\"timestamp\":\"2024-01-01T00:00:01.001Z\",\"value\":null}\n",
        "{\"key\":\"k2\",\"headers\":{},\"partition\":1,\"timestamp\":\"2024-01-01T00:00:02.000Z\",\"value\":{\"a\": [1, 2],\"b\":\"x\"}}\n",
    );
    produce_ok(&broker, &source, 2, &["--envelope"], envelopes);
    let first = consume(&broker, &source, &["-e", "--envelope"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    produce_ok(&broker, &copy, 2, &["--envelope"], &first.stdout);
    let second = consume(&broker, &copy, &["-e", "--envelope"]);
    // Only the topic differs, so the replay lost nothing: key, headers, partition,
    // timestamp and the value byte for byte (null stays a tombstone).
    let sorted = |text: &str, topic: &str| {
        let mut lines: Vec<String> = text
            .lines()
            .map(|l| l.replace(&format!("\"topic\":\"{topic}\""), "\"topic\":\"T\""))
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(
        sorted(&second.stdout, &copy),
        sorted(&first.stdout, &source)
    );
    let mut expected = vec![
        "{\"topic\":\"T\",\"partition\":0,\"offset\":0,\"key\":\"k\",\"timestamp\":\"2024-01-01T00:00:01.001Z\",\"headers\":{\"h\":\"v\",\"empty\":null},\"value\":null}",
        "{\"topic\":\"T\",\"partition\":1,\"offset\":0,\"key\":null,\"timestamp\":\"2024-01-01T00:00:00.000Z\",\"headers\":{},\"value\":\"plain text\"}",
        "{\"topic\":\"T\",\"partition\":1,\"offset\":1,\"key\":\"k2\",\"timestamp\":\"2024-01-01T00:00:02.000Z\",\"headers\":{},\"value\":{\"a\": [1, 2],\"b\":\"x\"}}",
    ];
    expected.sort();
    assert_eq!(sorted(&first.stdout, &source), expected);
}

#[test]
fn raw_lines_go_and_come_back_unchanged() {
    let Some(broker) = broker() else { return };
    let topic = unique("raw");
    produce_ok(
        &broker,
        &topic,
        1,
        &["--raw"],
        "plain line\n{\"json\": true}\n\nlast",
    );
    consume(&broker, &topic, &["-e", "--raw"]).expect(
        0,
        "plain line\n{\"json\": true}\n\nlast\n",
        "",
    );
    // Values that are not JSON objects become {"value": text}.
    consume(&broker, &topic, &["-e"]).expect(
        0,
        "{\"value\":\"plain line\"}\n{\"json\":true}\n{\"value\":\"\"}\n{\"value\":\"last\"}\n",
        "",
    );
}

/// A line of plain text without --raw reads as a CSV header and no record: an error,
/// never 0 messages with exit status 0. Named CSV (`-I csv`), a header alone is fine.
#[test]
fn text_that_is_no_records_is_an_error_not_zero_messages() {
    let Some(broker) = broker() else { return };
    let topic = unique("text");
    produce(&broker, &topic, 1, &[], "hello\n").expect(
        1,
        "",
        "etl-kafka-produce: <stdin>:1: \"hello\" reads as a CSV header with no record after \
         it: nothing sent; --raw sends each line as a message (-I csv, if it is a header)\n",
    );
    produce_ok(&broker, &topic, 1, &["-I", "csv"], "id\n");
    produce_ok(&broker, &topic, 1, &["--raw"], "hello\n");
    consume(&broker, &topic, &["-e", "--raw"]).expect(0, "hello\n", "");
}

/// The console producer's `key:value` lines (parse.key=true; kcat -K), an empty value
/// as a tombstone (-Z), and -p and -H in raw mode too.
#[test]
fn raw_lines_with_a_key_delimiter_and_tombstones() {
    let Some(broker) = broker() else { return };
    let topic = unique("keyed-lines");
    produce_ok(
        &broker,
        &topic,
        2,
        &["--raw", "-K", ":", "-Z", "-p", "1", "-H", "from=console"],
        "1:{\"atmid\":1}\n2:\n3:a:b\n",
    );
    let envelopes = consume(&broker, &topic, &["-e", "--envelope"]);
    let parts: Vec<String> = json_lines(&envelopes.stdout)
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}",
                m["partition"], m["key"], m["headers"], m["value"]
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            "1 \"1\" {\"from\":\"console\"} {\"atmid\":1}",
            "1 \"2\" {\"from\":\"console\"} null",
            "1 \"3\" {\"from\":\"console\"} \"a:b\"",
        ]
    );
    // A line without the delimiter stops the run, after the lines before it.
    produce(
        &broker,
        &topic,
        2,
        &["--raw", "-K", "\\t"],
        "a\tb\nno tab\n",
    )
    .expect(
        1,
        "",
        "etl-kafka-produce: <stdin>:2: no key delimiter '\\t' in the line (-K)\n",
    );
}

/// --transactional-id: a run's messages are committed together, or aborted together
/// when a bad record stops it; a read_committed consumer (librdkafka's default) sees
/// the committed run only, a read_uncommitted one the aborted messages too.
#[test]
fn a_transactional_run_commits_all_its_messages_or_none() {
    let Some(broker) = broker() else { return };
    let topic = unique("transactions");
    let id = unique("tx");
    produce_ok(
        &broker,
        &topic,
        1,
        &["--transactional-id", &id],
        &numbered(0, 2),
    );
    produce(
        &broker,
        &topic,
        1,
        &["--transactional-id", &id],
        "{\"n\":2}\nnot json\n{\"n\":3}\n",
    )
    .expect(
        1,
        "",
        "etl-kafka-produce: the transaction was aborted: none of its messages is visible to \
         read_committed consumers\n\
         etl-kafka-produce: <stdin>:2: not a JSON object: expected ident (column 2)\n",
    );
    consume(&broker, &topic, &["-e"]).expect(0, &numbered(0, 2), "");
    consume(
        &broker,
        &topic,
        &["-e", "--isolation-level", "read_uncommitted"],
    )
    .expect(0, &numbered(0, 3), "");
}

/// kcat's -p (some partitions) and -K (the key before each raw value).
#[test]
fn chosen_partitions_and_keys_before_raw_values() {
    let Some(broker) = broker() else { return };
    let topic = unique("partitions");
    let t = topic.as_str();
    etl("etl-kafka-produce")
        .args([
            "-b",
            &broker,
            "-t",
            t,
            "--create-topic",
            "--partitions",
            "3",
        ])
        .args(["--raw", "-K", ":", "-p", "2"])
        .stdin("k1:one\n:two\n")
        .run()
        .expect(0, "", "");
    consume(&broker, t, &["-e", "-p", "0,1"]).expect(0, "", "");
    consume(&broker, t, &["-e", "-p", "2", "--raw", "-K", "="]).expect(0, "k1=one\n=two\n", "");
    consume(&broker, t, &["-e", "-p", "3"]).expect(
        4,
        "",
        &format!("etl-kafka-consume: topic {t:?} has no partition 3 (its partitions: 0 to 2)\n"),
    );
}

#[test]
fn values_with_the_previous_keys_come_out_as_if_written_field_by_field() {
    let Some(broker) = broker() else { return };
    let topic = unique("same-keys");
    let values = concat!(
        "{\"a\":1,\"b\":\"x\"}\n",
        " { \"a\" : 2 , \"b\" : \"y\" } \n",
        "{\"\\u0061\":3,\"b\":\"z\"}\n",
        "{\"a\":4,\"a\":5,\"b\":\"w\"}\n",
        "{\"a\":01,\"b\":\"v\"}\n",
        "text\n",
        "{\"value\":\"t\"}\n",
        "{\"a\":6,\"b\":\"u\"}\n",
    );
    produce_ok(&broker, &topic, 1, &["--raw"], values);
    consume(&broker, &topic, &["-e"]).expect(
        0,
        concat!(
            "{\"a\":1,\"b\":\"x\"}\n",
            "{\"a\":2,\"b\":\"y\"}\n",
            "{\"a\":3,\"b\":\"z\"}\n",
            "{\"a\":5,\"b\":\"w\"}\n",
            "{\"value\":\"{\\\"a\\\":01,\\\"b\\\":\\\"v\\\"}\"}\n",
            "{\"value\":\"text\"}\n",
            "{\"value\":\"t\"}\n",
            "{\"a\":6,\"b\":\"u\"}\n",
        ),
        "",
    );
}

#[test]
fn offsets_counts_and_times_bound_a_run() {
    let Some(broker) = broker() else { return };
    let topic = unique("offsets");
    let input: String = (0..10)
        .map(|n| format!("{{\"n\":{n},\"ts\":\"2024-01-01T00:00:0{n}Z\"}}\n"))
        .collect();
    produce_ok(&broker, &topic, 1, &["--timestamp-field", "ts"], &input);
    let ns = |args: &[&str]| -> Vec<i64> {
        let out = consume(&broker, &topic, args);
        assert_eq!(out.code, Some(0), "{args:?}: {}", out.stderr);
        json_lines(&out.stdout)
            .iter()
            .map(|r| r["n"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ns(&["-o", "beginning", "-c", "3"]), [0, 1, 2]);
    assert_eq!(ns(&["-o", "7", "-e"]), [7, 8, 9]);
    assert_eq!(ns(&["-o", "-2", "-e"]), [8, 9]);
    assert_eq!(ns(&["-o", "end", "-e"]), [] as [i64; 0]);
    assert_eq!(ns(&["-o", "@2024-01-01T00:00:05Z", "-e"]), [5, 6, 7, 8, 9]);
    assert_eq!(ns(&["--until", "@2024-01-01T00:00:03Z"]), [0, 1, 2]);
    assert_eq!(ns(&["-e", "-c", "20"]).len(), 10);
    consume(&broker, &topic, &["-o", "stored"]).expect(
        2,
        "",
        "etl-kafka-consume: -o stored needs a group (-g)\n",
    );
}

#[test]
fn a_group_resumes_where_it_committed() {
    let Some(broker) = broker() else { return };
    let (topic, group) = (unique("resume"), unique("group"));
    produce_ok(&broker, &topic, 2, &[], &numbered(0, 5));
    let sorted_ns = |out: Outcome| -> Vec<i64> {
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        let mut ns: Vec<i64> = json_lines(&out.stdout)
            .iter()
            .map(|r| r["n"].as_i64().unwrap())
            .collect();
        ns.sort();
        ns
    };
    assert_eq!(
        sorted_ns(consume(&broker, &topic, &["-g", &group, "-e"])),
        [0, 1, 2, 3, 4]
    );
    assert_eq!(
        sorted_ns(consume(&broker, &topic, &["-g", &group, "-e"])),
        [] as [i64; 0]
    );
    produce_ok(&broker, &topic, 2, &[], &numbered(5, 2));
    assert_eq!(
        sorted_ns(consume(&broker, &topic, &["-g", &group, "-e"])),
        [5, 6]
    );
}

#[test]
fn a_missing_topic_and_a_missing_broker_fail_clearly() {
    let Some(broker) = broker() else { return };
    let topic = unique("missing");
    consume(&broker, &topic, &["-e"]).expect(
        4,
        "",
        &format!(
            "etl-kafka-consume: topic \"{topic}\" does not exist (etl-kafka-produce --create-topic creates it)\n"
        ),
    );
    for program in ["etl-kafka-produce", "etl-kafka-consume"] {
        let out = etl(program)
            .args(["-b", "127.0.0.1:1", "--timeout", "2", "-t", "t"])
            .stdin("{\"a\":1}\n")
            .run();
        // librdkafka's own reason follows, e.g. "Connection refused".
        let prefix = format!("{program}: cannot reach the brokers at 127.0.0.1:1 within 2 s: ");
        assert_eq!((out.code, out.stdout.as_str()), (Some(4), ""));
        assert!(out.stderr.starts_with(&prefix), "{}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
    etl("etl-kafka-produce")
        .args(["-t", "t"])
        .stdin("{\"a\":1}\n")
        .run()
        .expect(
            2,
            "",
            "etl-kafka-produce: no brokers: give -b/--brokers host:port or set KAFKA_BROKERS\n",
        );
}

#[test]
fn undelivered_messages_are_counted_with_their_lines_and_never_exit_zero() {
    let Some(broker) = broker() else { return };
    let topic = unique("undelivered");
    let big = "x".repeat(2_000_000);
    let input = format!("{{\"a\":1}}\n{{\"big\":\"{big}\"}}\n{{\"a\":3}}\n");
    produce(&broker, &topic, 1, &[], &input).expect(
        4,
        "",
        &format!(
            "etl-kafka-produce: 1 of 3 messages were not delivered to topic \"{topic}\" \
             (input lines 2): Message production error: MessageSizeTooLarge (Broker: Message size too large)\n"
        ),
    );
    consume(&broker, &topic, &["-e"]).expect(0, "{\"a\":1}\n{\"a\":3}\n", "");
}

#[test]
fn records_before_a_bad_one_are_delivered_and_bad_fields_are_named() {
    let Some(broker) = broker() else { return };
    let topic = unique("bad");
    produce(&broker, &topic, 1, &[], "{\"a\":1}\n{\"a\":\n{\"a\":3}\n").expect(
        1,
        "",
        "etl-kafka-produce: <stdin>:2: not a JSON object: EOF while parsing a value (column 5)\n",
    );
    consume(&broker, &topic, &["-e"]).expect(0, "{\"a\":1}\n", "");
    produce(
        &broker,
        &topic,
        1,
        &["--timestamp-field", "ts"],
        "{\"ts\":\"soon\"}\n",
    )
    .expect(
        1,
        "",
        "etl-kafka-produce: <stdin>:1: field \"ts\": \"soon\" is not a timestamp\n",
    );
    // A record without its key field is bad: skipped and counted here.
    let out = produce(
        &broker,
        &topic,
        1,
        &["-k", "id", "--on-error", "skip"],
        "{\"id\":1}\n{\"x\":2}\n",
    );
    assert_eq!((out.code, out.stdout.as_str()), (Some(0), ""));
    assert!(
        out.stderr
            .starts_with("etl-kafka-produce: 2 records in, 1 out, 1 skipped as bad in "),
        "{}",
        out.stderr
    );
}

#[test]
fn secrets_from_a_config_file_are_never_printed() {
    let Some(broker) = broker() else { return };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("client.properties");
    std::fs::write(
        &config,
        "# SASL against a plaintext listener: authentication cannot succeed\n\
         security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n\
         sasl.username=etl\nsasl.password=hunter2\n",
    )
    .unwrap();
    let out = etl("etl-kafka-produce")
        .args(["-b", &broker, "--timeout", "3", "-t", "t", "-F"])
        .args([&config])
        .stdin("{\"a\":1}\n")
        .run();
    assert_eq!(out.code, Some(4), "{}", out.stderr);
    assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
    let out = etl("etl-kafka-produce")
        .args(["-b", &broker, "-t", "t", "-X", "sasl.password"])
        .run();
    out.expect(
        2,
        "",
        "etl-kafka-produce: -X (a secret property): expected key=value\n",
    );
}

/// A consumer running in the background with its stdout in a file.
struct Background {
    child: Child,
    output: PathBuf,
}

impl Background {
    fn start(broker: &str, args: &[&str], dir: &Path, name: &str) -> Background {
        let output = dir.join(name);
        let child = Command::new(bin_dir().join("etl-kafka-consume"))
            .args(["-b", broker])
            .args(args)
            .stdin(Stdio::null())
            .stdout(File::create(&output).unwrap())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        Background { child, output }
    }

    /// The complete lines written so far.
    fn lines(&self) -> Vec<String> {
        let text = std::fs::read_to_string(&self.output).unwrap();
        let complete = text.rfind('\n').map_or("", |end| &text[..end + 1]);
        complete.lines().map(str::to_owned).collect()
    }

    /// Sends `signal` and returns the exit code and stderr.
    fn stop(mut self, signal: &str) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let status = Command::new("kill").args([signal, &pid]).status().unwrap();
        assert!(status.success());
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (status.code(), stderr)
    }
}

/// Waits up to a minute for `done`.
pub(crate) fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn numbers(lines: &[String]) -> Vec<i64> {
    lines
        .iter()
        .map(|line| {
            serde_json::from_str::<Json>(line).unwrap()["n"]
                .as_i64()
                .unwrap()
        })
        .collect()
}

#[test]
fn two_members_of_a_group_split_the_partitions_without_duplicates_or_gaps() {
    let Some(broker) = broker() else { return };
    let (topic, group) = (unique("split"), unique("group"));
    let dir = tempfile::tempdir().unwrap();
    produce_ok(&broker, &topic, 4, &[], &numbered(0, 1000));
    let args = ["-t", &topic, "-g", &group];
    let first = Background::start(&broker, &args, dir.path(), "first");
    wait_for("the first member to read", || !first.lines().is_empty());
    let second = Background::start(&broker, &args, dir.path(), "second");
    // New records go to every partition; once the second member has some, the group
    // has rebalanced and both hold partitions.
    let mut produced = 1000;
    wait_for("the second member to read", || {
        produce_ok(&broker, &topic, 4, &[], &numbered(produced, 100));
        produced += 100;
        !second.lines().is_empty()
    });
    wait_for("every record to be read", || {
        first.lines().len() + second.lines().len() >= produced as usize
    });
    let (first_lines, second_lines) = (first.lines(), second.lines());
    assert_eq!(first.stop("-TERM"), (Some(143), String::new()));
    assert_eq!(second.stop("-INT"), (Some(130), String::new()));
    let mut all = numbers(&first_lines);
    all.extend(numbers(&second_lines));
    all.sort();
    assert_eq!(all, (0..produced as i64).collect::<Vec<_>>());
}

#[test]
fn a_killed_consumer_rereads_at_most_its_uncommitted_tail_and_loses_nothing() {
    let Some(broker) = broker() else { return };
    let (topic, group) = (unique("kill"), unique("group"));
    let dir = tempfile::tempdir().unwrap();
    produce_ok(&broker, &topic, 2, &[], &numbered(0, 500));
    let args = ["-t", &topic, "-g", &group];
    let first = Background::start(&broker, &args, dir.path(), "first");
    wait_for("the first batch", || first.lines().len() == 500);
    // Offsets are committed at least every second: give it time to commit the batch.
    std::thread::sleep(Duration::from_secs(3));
    produce_ok(&broker, &topic, 2, &[], &numbered(500, 500));
    wait_for("the second batch", || first.lines().len() == 1000);
    let before = numbers(&first.lines());
    let (code, _) = first.stop("-KILL");
    assert_eq!(code, None);
    produce_ok(&broker, &topic, 2, &[], &numbered(1000, 100));
    let after = consume(&broker, &topic, &["-g", &group, "-e"]);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    let after = numbers(&after.stdout.lines().map(str::to_owned).collect::<Vec<_>>());
    // Nothing lost, and nothing of the committed first batch read again.
    let mut all: Vec<i64> = before.iter().chain(&after).copied().collect();
    all.sort();
    all.dedup();
    assert_eq!(all, (0..1100).collect::<Vec<_>>());
    assert!(after.iter().all(|&n| n >= 500), "re-read committed records");
    assert!(after.iter().filter(|&&n| n >= 1000).count() == 100);
}

/// 5,000 records of about 220 bytes: more than a pipe holds, so a consumer writing
/// them notices a reader that is gone, or waits on one that stalls.
fn more_than_a_pipe_holds(broker: &str, topic: &str) {
    let value = "v".repeat(200);
    let input: String = (0..5000)
        .map(|n| format!("{{\"n\":{n},\"pad\":\"{value}\"}}\n"))
        .collect();
    produce_ok(broker, topic, 1, &[], &input);
}

/// Consumes `topic` with `args`, reads the first record and closes the pipe: the
/// consumer's exit status and stderr.
fn read_one_then_close(broker: &str, topic: &str, args: &[&str]) -> (Option<i32>, String) {
    more_than_a_pipe_holds(broker, topic);
    let mut child = Command::new(bin_dir().join("etl-kafka-consume"))
        .args(["-b", broker, "-t", topic])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"n\":0,"), "{first}");
    drop(reader);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status.code(), stderr)
}

#[test]
fn a_closed_stdout_ends_the_consumer_quietly() {
    let Some(broker) = broker() else { return };
    let outcome = read_one_then_close(&broker, &unique("head"), &[]);
    assert_eq!(outcome, (Some(0), String::new()));
}

#[test]
fn a_group_consumer_whose_reader_went_away_commits_nothing_unread() {
    let Some(broker) = broker() else { return };
    let topic = unique("head-group");
    let group = unique("head-group");
    assert_eq!(
        read_one_then_close(&broker, &topic, &["-g", &group, "-e"]),
        (
            Some(141),
            "etl-kafka-consume: stdout was closed by its reader: the records written since \
             the last commit are not committed, the group reads them again\n"
                .to_owned()
        )
    );
    // The group reads every record again: the one head read, and those nobody did.
    let again = consume(&broker, &topic, &["-g", &group, "-e"]);
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    assert_eq!(json_lines(&again.stdout).len(), 5000);
}

/// Regression (issue 19, 11): a consumer blocked writing to a reader that stalled
/// never saw SIGTERM.
#[test]
fn a_consumer_blocked_on_a_stalled_reader_still_stops_on_sigterm() {
    let Some(broker) = broker() else { return };
    let topic = unique("stalled");
    let group = unique("stalled");
    more_than_a_pipe_holds(&broker, &topic);
    let mut child = Command::new(bin_dir().join("etl-kafka-consume"))
        .args(["-b", &broker, "-t", &topic, "-g", &group])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Never read: once the pipe is full, the consumer waits on it.
    let stdout = child.stdout.take().unwrap();
    wait_for("the pipe to fill", || pipe_full(&stdout));
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("SIGTERM did not stop a consumer whose reader stalled");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143));
    drop(stdout);
}

/// Whether the pipe read by `stdout` holds all it can (bar less than a page).
fn pipe_full(stdout: &std::process::ChildStdout) -> bool {
    use std::os::fd::AsFd;
    let size = rustix::pipe::fcntl_getpipe_size(stdout.as_fd()).unwrap();
    rustix::io::ioctl_fionread(stdout.as_fd()).unwrap() as usize + 4096 >= size
}

#[test]
fn an_interrupted_producer_reads_its_pipe_to_the_end_and_delivers_it() {
    let Some(broker) = broker() else { return };
    let topic = unique("interrupted");
    produce_ok(&broker, &topic, 1, &[], "");
    let mut producer = Command::new(bin_dir().join("etl-kafka-produce"))
        .args(["-b", &broker, "-t", &topic, "--raw"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = producer.stdin.take().unwrap();
    use std::io::Write;
    stdin.write_all(b"one\ntwo\n").unwrap();
    stdin.flush().unwrap();
    // Blocks until both lines are on the broker.
    consume(&broker, &topic, &["--raw", "-c", "2"]).expect(0, "one\ntwo\n", "");
    let pid = producer.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    // What the stage upstream still writes after the signal is sent too.
    stdin.write_all(b"three\n").unwrap();
    drop(stdin);
    let output = finish(producer, PATIENCE);
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (Some(0), "")
    );
    consume(&broker, &topic, &["--raw", "-c", "3"]).expect(0, "one\ntwo\nthree\n", "");
}

/// Kafka's own command-line tools, from the jars scripts/services fetched.
fn kafka_tool(class: &str) -> Option<Command> {
    let libs = match std::env::var("ETLKIT_TEST_KAFKA_LIBS") {
        Ok(libs) => PathBuf::from(libs),
        Err(_) => {
            let cache = std::env::var("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache"));
            std::fs::read_dir(cache.join("etlkit"))
                .ok()?
                .filter_map(|entry| entry.ok().map(|e| e.path().join("libs")))
                .find(|libs| libs.join(".complete").exists())?
        }
    };
    let mut command = Command::new("java");
    command.args([
        "-Xmx256m",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        &format!("{}/*", libs.display()),
        class,
    ]);
    Some(command)
}

fn kafka_tools_or_skip() -> bool {
    if kafka_tool("x").is_some() {
        return true;
    }
    let message =
        "Kafka's jars are not in ~/.cache/etlkit/kafka-*/libs nor ETLKIT_TEST_KAFKA_LIBS; \
                   scripts/services fetches them";
    if std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!("SKIPPED: {message}");
    false
}

#[test]
fn kafkas_own_console_tools_read_what_we_write_and_the_other_way_round() {
    let Some(broker) = broker() else { return };
    if !kafka_tools_or_skip() {
        return;
    }
    let (ours, theirs) = (unique("interop-ours"), unique("interop-theirs"));
    produce_ok(
        &broker,
        &ours,
        3,
        &["-k", "k"],
        "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n",
    );
    let output = kafka_tool("org.apache.kafka.tools.consumer.ConsoleConsumer")
        .unwrap()
        .args(["--bootstrap-server", &broker, "--topic", &ours])
        .args([
            "--from-beginning",
            "--max-messages",
            "2",
            "--timeout-ms",
            "30000",
        ])
        .args([
            "--property",
            "print.key=true",
            "--property",
            "print.partition=true",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    // Partition:N<TAB>key<TAB>value; the tool also prints notices of its own.
    let mut ours_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("Partition:"))
        .collect();
    ours_lines.sort_by_key(|l| l.split('\t').nth(1).map(str::to_owned));
    assert_eq!(
        ours_lines.len(),
        2,
        "{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        ours_lines[0].ends_with("\ta\t{\"k\":\"a\",\"v\":1}"),
        "{ours_lines:?}"
    );
    assert!(
        ours_lines[1].ends_with("\tb\t{\"k\":\"b\",\"v\":2}"),
        "{ours_lines:?}"
    );

    // Kafka's console producer on a topic with the same partitions: its keys land on
    // the partitions ours chose (the same murmur2 partitioner).
    produce_ok(&broker, &theirs, 3, &[], "");
    let mut producer = kafka_tool("org.apache.kafka.tools.ConsoleProducer")
        .unwrap()
        .args(["--bootstrap-server", &broker, "--topic", &theirs])
        .args([
            "--property",
            "parse.key=true",
            "--property",
            "key.separator=|",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    producer
        .stdin
        .take()
        .unwrap()
        .write_all(b"a|{\"k\":\"a\",\"v\":1}\nb|{\"k\":\"b\",\"v\":2}\n")
        .unwrap();
    assert!(producer.wait().unwrap().success());
    let partition_of = |topic: &str| -> BTreeMap<String, i64> {
        let out = consume(&broker, topic, &["-e", "--envelope"]);
        json_lines(&out.stdout)
            .iter()
            .map(|m| {
                assert_eq!(m["value"]["k"], m["key"]);
                (
                    m["key"].as_str().unwrap().to_owned(),
                    m["partition"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let theirs_partitions = partition_of(&theirs);
    assert_eq!(theirs_partitions.len(), 2);
    assert_eq!(partition_of(&ours), theirs_partitions);
}

/// Keys, values and headers that are not UTF-8 go into the envelope as
/// `{"base64": …}`, a value with line breaks or shaped like that marker as text, so
/// produce → consume --envelope → produce --envelope gives the very bytes back.
#[test]
fn an_envelope_replay_is_byte_exact_for_any_payload() {
    let Some(broker) = broker() else { return };
    let (first, second) = (unique("bytes"), unique("bytes-copy"));
    let sent = concat!(
        r#"{"key":{"base64":"a/8="},"value":{"base64":"//4AeA=="},"headers":{"h":{"base64":"AP8="},"t":"text"}}"#,
        "\n",
        r#"{"key":"k","value":"{\n  \"a\": 1\n}"}"#,
        "\n",
        r#"{"key":null,"value":{"base64":"eyJiYXNlNjQiOiJhR2s9In0="}}"#,
        "\n",
        r#"{"value":{"a":1}}"#,
        "\n",
    );
    produce_ok(&broker, &first, 1, &["--envelope"], sent);
    let parts = |envelopes: &str| -> Vec<(Json, Json, Json)> {
        envelopes
            .lines()
            .map(|line| {
                let e: Json = serde_json::from_str(line).unwrap();
                (e["key"].clone(), e["headers"].clone(), e["value"].clone())
            })
            .collect()
    };
    let read = consume(&broker, &first, &["-e", "--envelope"]);
    assert_eq!(read.code, Some(0), "{}", read.stderr);
    let expected = vec![
        (
            serde_json::json!({"base64": "a/8="}),
            serde_json::json!({"h": {"base64": "AP8="}, "t": "text"}),
            serde_json::json!({"base64": "//4AeA=="}),
        ),
        (
            serde_json::json!("k"),
            serde_json::json!({}),
            serde_json::json!("{\n  \"a\": 1\n}"),
        ),
        (
            Json::Null,
            serde_json::json!({}),
            serde_json::json!("{\"base64\":\"aGk=\"}"),
        ),
        (
            Json::Null,
            serde_json::json!({}),
            serde_json::json!({"a": 1}),
        ),
    ];
    assert_eq!(parts(&read.stdout), expected);
    produce_ok(&broker, &second, 1, &["--envelope"], &read.stdout);
    let again = consume(&broker, &second, &["-e", "--envelope"]);
    assert_eq!(parts(&again.stdout), expected);
}

/// `--key TEXT` keys every message the same, records and raw lines alike.
#[test]
fn a_fixed_key_for_every_message() {
    let Some(broker) = broker() else { return };
    let topic = unique("fixed-key");
    produce_ok(&broker, &topic, 1, &["--key", "atm-1"], "{\"n\":1}\n");
    produce_ok(&broker, &topic, 1, &["--key", "atm-1", "--raw"], "two\n");
    consume(&broker, &topic, &["-e", "--raw", "-K", "="]).expect(
        0,
        "atm-1={\"n\":1}\natm-1=two\n",
        "",
    );
}

/// -e over several topics: the consumer exits once every partition of each is at its
/// end, an empty one included.
#[test]
fn exit_at_end_over_several_topics() {
    let Some(broker) = broker() else { return };
    let (a, b) = (unique("several-a"), unique("several-b"));
    produce_ok(&broker, &a, 2, &[], &numbered(0, 4));
    produce_ok(&broker, &b, 3, &[], &numbered(4, 1));
    let read = consume(&broker, &a, &["-t", &b, "-e"]);
    assert_eq!(read.code, Some(0), "{}", read.stderr);
    let mut got: Vec<String> = read.stdout.lines().map(str::to_owned).collect();
    got.sort();
    let mut expected: Vec<String> = numbered(0, 5).lines().map(str::to_owned).collect();
    expected.sort();
    assert_eq!(got, expected);
}

/// A topic written `^…` is a regex, as in kcat: the topics it matches, with or without
/// a group; one that matches none is an error.
#[test]
fn a_regex_names_the_topics_it_matches() {
    let Some(broker) = broker() else { return };
    let prefix = unique("regex");
    let (a, b) = (format!("{prefix}-a"), format!("{prefix}-b"));
    produce_ok(&broker, &a, 1, &[], &numbered(0, 2));
    produce_ok(&broker, &b, 1, &[], &numbered(2, 1));
    let pattern = format!("^{}-[ab]$", regex_escape(&prefix));
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines.sort();
        lines
    };
    let expected = sorted(&numbered(0, 3));
    let read = consume(&broker, &pattern, &["-e"]);
    assert_eq!(
        (read.code, sorted(&read.stdout)),
        (Some(0), expected.clone()),
        "{}",
        read.stderr
    );
    let group = unique("regex-group");
    let read = consume(&broker, &pattern, &["-e", "-g", &group]);
    assert_eq!(
        (read.code, sorted(&read.stdout)),
        (Some(0), expected),
        "{}",
        read.stderr
    );
    let none = format!("^{}-z$", regex_escape(&prefix));
    consume(&broker, &none, &["-e"]).expect(
        4,
        "",
        &format!("etl-kafka-consume: no topic matches {none:?}\n"),
    );
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// -f writes each message as kcat's format strings do.
#[test]
fn format_strings_as_kcat_writes_them() {
    let Some(broker) = broker() else { return };
    let topic = unique("format");
    etl("etl-kafka-produce")
        .args([
            "-b",
            &broker,
            "-t",
            &topic,
            "--create-topic",
            "--raw",
            "-K",
            ":",
            "-H",
            "h=1",
        ])
        .stdin("k:value one\n:\n")
        .run()
        .expect(0, "", "");
    let format = "%t|%p|%o|%k|%K|%s|%S|%h|100%%\\n";
    consume(&broker, &topic, &["-e", "-f", format]).expect(
        0,
        &format!("{topic}|0|0|k|1|value one|9|h=1|100%\n{topic}|0|1||0||0|h=1|100%\n"),
        "",
    );
    consume(&broker, &topic, &["-e", "-f", "%x"]).expect(
        2,
        "",
        "etl-kafka-consume: -f: %x is not one of %t %p %o %k %K %s %S %T %h %%\n",
    );
}

/// kcat's `-o s@TIME -o e@TIME`: from the first message at or after the one time to
/// the last before the other.
#[test]
fn start_and_end_times_as_kcat_gives_them() {
    let Some(broker) = broker() else { return };
    let topic = unique("times");
    let input = "{\"n\":0,\"ts\":\"2024-03-01T10:00:00Z\"}\n{\"n\":1,\"ts\":\"2024-03-01T11:00:00Z\"}\n{\"n\":2,\"ts\":\"2024-03-01T12:00:00Z\"}\n";
    produce_ok(&broker, &topic, 1, &["--timestamp-field", "ts"], input);
    consume(
        &broker,
        &topic,
        &[
            "-o",
            "s@2024-03-01T10:30:00Z",
            "-o",
            "e@1709294400000",
            "-e",
        ],
    )
    .expect(0, "{\"n\":1,\"ts\":\"2024-03-01T11:00:00Z\"}\n", "");
}
