//! Streams through Kafka and into PostgreSQL against the real servers: records flow
//! while the pipe runs, `--exec` commits a batch only once its pipeline succeeded, and
//! `--offsets-table` loads a batch delivered twice once. The kill tests stop processes
//! at random moments and count what reached the table.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use postgres::{Client, NoTls};

use crate::harness::{bin_dir, etl, finish, path_with_binaries, service, PATIENCE};
use crate::kafka::{broker, numbered, produce_ok, unique, wait_for};

/// A shell pipeline of etlkit commands in its own process group, as a service runs.
/// The shell itself outlives a SIGTERM to the group (bash runs a trap only once the
/// pipeline has ended), so its status is the pipeline's.
fn spawn_pipeline(script: &str) -> Child {
    Command::new("bash")
        .args([
            "-o",
            "pipefail",
            "-c",
            &format!("trap : TERM INT HUP\n{script}"),
        ])
        .env("PATH", path_with_binaries())
        // The batch folders of consumers killed with SIGKILL stay behind: in the
        // target directory, not in /tmp.
        .env("TMPDIR", env!("CARGO_TARGET_TMPDIR"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .unwrap()
}

fn kill(signal: &str, target: &str) {
    // The target may be gone already.
    let _ = Command::new("kill")
        .args([signal, "--", target])
        .stderr(Stdio::null())
        .status();
}

/// The pids of the processes named `name` in process group `group`.
fn in_group(group: u32, name: &str) -> Vec<String> {
    let out = Command::new("pgrep")
        .args(["-g", &group.to_string(), "-x", name])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn connect(url: &str) -> Client {
    Client::connect(url, NoTls).expect("the test server accepts connections")
}

/// Every `n` in `table` with how often it is there.
fn loaded(client: &mut Client, table: &str) -> BTreeMap<i64, u32> {
    let mut counts = BTreeMap::new();
    for row in client
        .query(&format!("SELECT n::bigint FROM \"{table}\""), &[])
        .unwrap()
    {
        *counts.entry(row.get::<_, i64>(0)).or_insert(0) += 1;
    }
    counts
}

#[test]
fn the_weather_topology_passes_each_reading_on_while_the_pipe_runs() {
    let Some(broker) = broker() else { return };
    let (raw, processed, group) = (unique("raw-weather"), unique("processed"), unique("app"));
    produce_ok(&broker, &raw, 1, &[], "");
    produce_ok(&broker, &processed, 1, &[], "");
    let mut topology = spawn_pipeline(&format!(
        "etl-kafka-consume -b {broker} -t {raw} -g {group} -o beginning \
         | etl-filter 'temperature > 30' | etl-kafka-produce -b {broker} -t {processed}"
    ));
    let readings = [31, 12, 35, 30, 40];
    let mut passed = 0;
    for (n, temperature) in readings.iter().enumerate() {
        let reading = format!("{{\"station\":{n},\"temperature\":{temperature}}}\n");
        produce_ok(&broker, &raw, 1, &[], &reading);
        if *temperature <= 30 {
            continue;
        }
        passed += 1;
        // Blocks until the reading is on the output topic, while the pipe still runs.
        let out = Command::new("timeout")
            .args(["60", bin_dir().join("etl-kafka-consume").to_str().unwrap()])
            .args(["-b", &broker, "-t", &processed, "-c", &passed.to_string()])
            .output()
            .unwrap();
        let lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(lines.len(), passed, "reading {n} did not come through");
        assert_eq!(
            lines.last().unwrap(),
            &format!("{{\"station\":{n},\"temperature\":{temperature}}}")
        );
        assert!(topology.try_wait().unwrap().is_none(), "the pipe ended");
    }
    // systemctl stop: SIGTERM to the whole pipe. The source stops, the others drain.
    kill("-TERM", &format!("-{}", topology.id()));
    let output = finish(topology, PATIENCE);
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (Some(143), "")
    );
}

/// A table `n bigint` of its own, with no key.
fn fresh_table(client: &mut Client, what: &str) -> String {
    let table = unique(what);
    client
        .batch_execute(&format!("CREATE TABLE \"{table}\" (n bigint)"))
        .unwrap();
    table
}

fn drop_tables(client: &mut Client, tables: &[&str]) {
    for table in tables {
        client
            .batch_execute(&format!("DROP TABLE IF EXISTS \"{table}\""))
            .unwrap();
    }
}

/// `etl-kafka-consume … -e --exec PIPELINE` run to its end.
fn drain(broker: &str, topic: &str, group: &str, pipeline: &str) -> (Option<i32>, String) {
    let output = etl("etl-kafka-consume")
        .env("PATH", &path_with_binaries())
        .args(["-b", broker, "-t", topic, "-g", group, "-e"])
        .args(["--batch-records", "10", "--exec", pipeline])
        .run();
    (output.code, output.stderr)
}

#[test]
fn a_batch_is_committed_only_when_its_whole_pipeline_succeeded() {
    let (Some(broker), Some(pg)) = (broker(), service("ETLKIT_TEST_PG")) else {
        return;
    };
    let mut client = connect(&pg);
    let (topic, group) = (unique("batches"), unique("loader"));
    let table = fresh_table(&mut client, "batches");
    // The 13th record stops etl-filter in the middle of the second batch.
    let mut input = numbered(1, 12);
    input.push_str("{\"n\":\"x\"}\n");
    input.push_str(&numbered(14, 12));
    produce_ok(&broker, &topic, 1, &[], &input);
    let pipeline = format!("etl-filter 'n > 0' | etl-pg-load --db {pg} -t {table}");
    let (code, stderr) = drain(&broker, &topic, &group, &pipeline);
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(4),
            "etl-filter: <stdin>:3: cannot compare \"x\" with 0\n\
             etl-pg-load: the stages before this one in the --exec pipeline failed (status 1): \
             the load is rolled back\n\
             etl-kafka-consume: --exec pipeline exited with status 1; the 10 records of its \
             batch are not committed and will be read again\n"
        )
    );
    // The first batch is in; the second, cut short upstream, left nothing.
    assert_eq!(
        loaded(&mut client, &table),
        (1..=10).map(|n| (n, 1)).collect()
    );
    // Its offsets were not committed: the group reads it again.
    let skip_bad = format!("etl-filter --on-error skip 'n > 0' | etl-pg-load --db {pg} -t {table}");
    let (code, stderr) = drain(&broker, &topic, &group, &skip_bad);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(
        loaded(&mut client, &table),
        (1..=25).filter(|&n| n != 13).map(|n| (n, 1)).collect()
    );
    drop_tables(&mut client, &[&table]);
}

#[test]
fn a_batch_delivered_twice_is_loaded_once_with_the_offsets_in_the_table() {
    let (Some(broker), Some(pg)) = (broker(), service("ETLKIT_TEST_PG")) else {
        return;
    };
    let mut client = connect(&pg);
    let (topic, group) = (unique("twice"), unique("loader"));
    let table = fresh_table(&mut client, "twice");
    let offsets = unique("offsets");
    produce_ok(&broker, &topic, 2, &["-k", "n"], &numbered(0, 40));
    let load = format!("etl-pg-load --db {pg} -t {table} --offsets-table {offsets}");
    // Each batch is loaded and its offsets stored, but Kafka's commit never happens:
    // as if the consumer died after every load.
    let (code, _) = drain(&broker, &topic, &group, &format!("{load} && exit 7"));
    assert_eq!(code, Some(4));
    let first = loaded(&mut client, &table);
    assert!(
        !first.is_empty() && first.values().all(|&n| n == 1),
        "{first:?}"
    );
    // Read again from the start, with other batch boundaries: every record once.
    produce_ok(&broker, &topic, 2, &["-k", "n"], &numbered(40, 10));
    let (code, stderr) = drain(&broker, &topic, &group, &load);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("nothing of this batch loaded; the consumer resumes after what is there"),
        "{stderr}"
    );
    assert_eq!(
        loaded(&mut client, &table),
        (0..50).map(|n| (n, 1)).collect()
    );
    // The group's offsets were committed where the table's are: nothing left to read.
    let (code, stderr) = drain(&broker, &topic, &group, &load);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    drop_tables(&mut client, &[&table, &offsets]);
}

/// A small deterministic generator for the kill tests; the seed is printed so a failing
/// run can be repeated with ETLKIT_TEST_SEED.
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::env::var("ETLKIT_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("kill test seed: ETLKIT_TEST_SEED={seed}");
        Dice(seed | 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) % n
    }
}

/// Runs consume → filter → cast → pg-load `runs` times under load, each time killing a
/// random process (or the whole group) with SIGTERM or SIGKILL at a random moment, then
/// drains; returns how often each record is in the table and how many were sent.
fn kill_runs(runs: u32, exactly_once: bool) -> Option<(BTreeMap<i64, u32>, i64)> {
    let (Some(broker), Some(pg)) = (broker(), service("ETLKIT_TEST_PG")) else {
        return None;
    };
    let mut client = connect(&pg);
    let (topic, group) = (unique("kill"), unique("loader"));
    let table = fresh_table(&mut client, "kill");
    let offsets = unique("offsets");
    let mut load = format!("etl-pg-load --db {pg} -t {table}");
    if exactly_once {
        load.push_str(&format!(" --offsets-table {offsets}"));
    }
    let pipeline = format!("etl-filter 'n >= 0' | etl-cast n:int | {load}");
    // Static membership: a restarted consumer takes its partitions back at once.
    let consumer = format!(
        "etl-kafka-consume -b {broker} -t {topic} -g {group} -X group.instance.id={group}-member \
         -X session.timeout.ms=6000 --batch-records 100 --batch-interval 300ms --exec \"{pipeline}\""
    );
    let mut dice = Dice::new();
    let mut sent = 0;
    produce_ok(&broker, &topic, 2, &["-k", "n"], "");
    for run in 0..runs {
        let mut service = spawn_pipeline(&format!("exec {consumer}"));
        let group_id = service.id();
        // Records arrive while it runs.
        let (from, broker_for_thread, topic_for_thread) = (sent, broker.clone(), topic.clone());
        let producer = std::thread::spawn(move || {
            // Batches stay open while records trickle in, so stages are there to kill.
            for chunk in 0..8 {
                let records = numbered(from + chunk * 50, 50);
                produce_ok(
                    &broker_for_thread,
                    &topic_for_thread,
                    2,
                    &["-k", "n"],
                    &records,
                );
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        sent += 400;
        std::thread::sleep(Duration::from_millis(100 + dice.below(700)));
        let signal = if dice.below(2) == 0 { "-TERM" } else { "-KILL" };
        let victims = [
            "etl-kafka-consume",
            "etl-filter",
            "etl-cast",
            "etl-pg-load",
            "group",
        ];
        let victim = victims[dice.below(victims.len() as u64) as usize];
        let target = match victim {
            "group" => Some(format!("-{group_id}")),
            "etl-kafka-consume" => Some(group_id.to_string()),
            // A stage runs while a batch is open: wait a little for one.
            stage => (0..20).find_map(|_| {
                let found = in_group(group_id, stage).into_iter().next();
                if found.is_none() {
                    std::thread::sleep(Duration::from_millis(25));
                }
                found
            }),
        };
        eprintln!("run {run}: {signal} {victim} ({target:?})");
        kill(signal, &target.unwrap_or_else(|| group_id.to_string()));
        producer.join().unwrap();
        // A stage stopped by SIGTERM drains and the service goes on: stop it as
        // systemctl would.
        let deadline = Instant::now() + Duration::from_secs(3);
        while service.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        kill("-TERM", &format!("-{group_id}"));
        let stopped = Instant::now() + Duration::from_secs(60);
        while service.try_wait().unwrap().is_none() || !in_group(group_id, "bash").is_empty() {
            assert!(
                Instant::now() < stopped,
                "run {run}: the service did not stop"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // Left-over stages of a killed consumer end with their input.
        wait_for("the pipeline's stages to end", || {
            ["etl-filter", "etl-cast", "etl-pg-load"]
                .iter()
                .all(|stage| in_group(group_id, stage).is_empty())
        });
    }
    // Restart and drain.
    let drained = spawn_pipeline(&format!("exec {consumer} -e"));
    let output = finish(drained, PATIENCE);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let counts = loaded(&mut client, &table);
    drop_tables(&mut client, &[&table, &offsets]);
    Some((counts, i64::from(sent)))
}

#[test]
fn killed_at_any_moment_an_exec_pipeline_loses_nothing() {
    let Some((counts, sent)) = kill_runs(20, false) else {
        return;
    };
    let lost: Vec<i64> = (0..sent).filter(|n| !counts.contains_key(n)).collect();
    assert!(lost.is_empty(), "lost {} records: {lost:?}", lost.len());
    assert_eq!(counts.len() as i64, sent);
}

#[test]
fn killed_at_any_moment_an_exec_pipeline_with_offsets_in_the_table_loads_each_record_once() {
    let Some((counts, sent)) = kill_runs(20, true) else {
        return;
    };
    let wrong: Vec<(i64, u32)> = (0..sent)
        .map(|n| (n, counts.get(&n).copied().unwrap_or(0)))
        .filter(|&(_, times)| times != 1)
        .collect();
    assert!(
        wrong.is_empty(),
        "records not loaded exactly once: {wrong:?}"
    );
    assert_eq!(counts.len() as i64, sent);
}

#[test]
fn when_one_member_of_a_group_is_killed_the_other_takes_over_and_nothing_is_lost() {
    let (Some(broker), Some(pg)) = (broker(), service("ETLKIT_TEST_PG")) else {
        return;
    };
    let mut client = connect(&pg);
    let dir = tempfile::tempdir().unwrap();
    let (topic, group) = (unique("members"), unique("loader"));
    let table = fresh_table(&mut client, "members");
    let offsets = unique("offsets");
    produce_ok(&broker, &topic, 4, &["-k", "n"], &numbered(0, 400));
    // Each member keeps a copy of what it was given, to tell when both have work.
    let member = |name: &str| {
        let copy = dir.path().join(name);
        spawn_pipeline(&format!(
            "exec etl-kafka-consume -b {broker} -t {topic} -g {group} -X session.timeout.ms=6000 \
             --batch-records 20 --batch-interval 100ms \
             --exec 'tee -a {} | etl-pg-load --db {pg} -t {table} --offsets-table {offsets}'",
            copy.display()
        ))
    };
    let given = |name: &str| {
        std::fs::read(dir.path().join(name))
            .unwrap_or_default()
            .len()
    };
    let first = member("first");
    wait_for("the first member to load", || given("first") > 0);
    let second = member("second");
    // Records go to every partition: once the second member has some, both hold some.
    let mut sent = 400;
    wait_for("the group to share the partitions", || {
        produce_ok(&broker, &topic, 4, &["-k", "n"], &numbered(sent, 40));
        sent += 40;
        given("second") > 0
    });
    kill("-KILL", &format!("-{}", first.id()));
    produce_ok(&broker, &topic, 4, &["-k", "n"], &numbered(sent, 200));
    sent += 200;
    wait_for("the survivor to load every record", || {
        loaded(&mut client, &table).len() as u32 == sent
    });
    let counts = loaded(&mut client, &table);
    assert!(counts.values().all(|&times| times == 1), "{counts:?}");
    kill("-TERM", &format!("-{}", second.id()));
    let output = finish(second, PATIENCE);
    assert_eq!(output.status.code(), Some(143));
    // A batch the killed member loaded but did not commit in Kafka is read again by the
    // survivor and, being in the table, loaded not again: said, not an error.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .lines()
            .all(|line| line.contains("nothing of this batch loaded")),
        "{stderr}"
    );
    drop(first);
    drop_tables(&mut client, &[&table, &offsets]);
}

#[test]
fn a_consumer_reports_its_lag_record_age_and_bytes_while_it_runs() {
    let Some(broker) = broker() else { return };
    let (topic, group) = (unique("lag"), unique("watched"));
    let dir = tempfile::tempdir().unwrap();
    let metrics = dir.path().join("consumer.prom");
    produce_ok(&broker, &topic, 2, &["-k", "n"], &numbered(0, 50));
    // In its own process group, stopped at the end even if the test fails first.
    let consumer = spawn_pipeline(&format!(
        "exec etl-kafka-consume -b {broker} -t {topic} -g {group} --metrics {} \
         --metrics-interval 100ms > /dev/null",
        metrics.display()
    ));
    let stop = Stop(consumer.id());
    let label = "{command=\"etl-kafka-consume\"}";
    // Keys and values: {"n":0} … {"n":49} keyed 0 … 49.
    let bytes = 10 * (7 + 1) + 40 * (8 + 2);
    let wanted = [
        format!("etlkit_records_in{label} 50"),
        format!("etlkit_bytes_read{label} {bytes}"),
        format!("etlkit_kafka_consumer_lag{label} 0"),
        format!("etlkit_running{label} 1"),
    ];
    let age_line = format!("etlkit_record_age_seconds{label} ");
    let started = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&metrics).unwrap_or_default();
        if wanted.iter().all(|line| text.lines().any(|l| l == line))
            && text.lines().any(|l| l.starts_with(&age_line))
        {
            break text;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "got:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let age: f64 = text
        .lines()
        .find_map(|line| line.strip_prefix(&age_line))
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.0..3600.0).contains(&age), "{age}");
    drop(stop);
    let output = finish(consumer, PATIENCE);
    assert_eq!(output.status.code(), Some(143));
}

/// Sends SIGTERM to a process group when dropped, also when a test fails first.
struct Stop(u32);

impl Drop for Stop {
    fn drop(&mut self) {
        kill("-TERM", &format!("-{}", self.0));
    }
}
