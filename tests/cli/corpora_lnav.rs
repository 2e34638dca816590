//! etl-extract-log's format detection on every test log of the lnav log viewer
//! (`$ETLKIT_CORPORA/lnav-logs`, real logs of ~60 kinds of software): each file is
//! either read by the format its name says, nearly every line, with the right
//! values and instant for the records sampled here (read off the file), or refused
//! with a clear message. None may be read as garbage. The table below is the record
//! of which files etlkit reads and why it refuses the others; a file added to the
//! corpus fails the test until it is placed in the table.

use serde_json::{json, Value};

use crate::corpora::corpora;
use crate::harness::etl;

/// What etl-extract-log does with a file of the corpus.
enum Expect {
    /// Detected as `format`: `records` records, `unparsed` lines reported as not
    /// parsing, and the record at `sample.0` (1-based) having the fields of `sample.1`.
    Reads {
        format: &'static str,
        records: usize,
        unparsed: usize,
        sample: (usize, &'static str),
    },
    /// Refused: no format fits the first lines. The text says what the file is and
    /// why no built-in format reads it.
    Refused(&'static str),
}

use Expect::{Reads, Refused};

/// Syslog times have no year: the table's are read with `--year 2020`, in UTC.
const TABLE: &[(&str, Expect)] = &[
    ("logfile_access_log.0", Reads { format: "combined", records: 3, unparsed: 0, sample: (1, r#"{"ip":"192.168.202.254","ts":"2009-07-20T22:59:26Z","method":"GET","path":"/vmw/cgi/tramp","status":200,"bytes":134,"user_agent":"gPXE/0.9.7"}"#) }),
    ("logfile_access_log_dupe.0", Reads { format: "combined", records: 3, unparsed: 0, sample: (3, r#"{"ts":"2009-07-20T22:59:29Z","path":"/vmw/vSphere/default/vmkernel.gz","bytes":78929}"#) }),
    ("logfile_ansi.0", Refused("a time, then text in ANSI colours: no host, no tag")),
    ("logfile_ansi.1", Refused("syslog with ANSI colour codes inside the time and host")),
    ("logfile_bad_access_log.0", Reads { format: "combined", records: 2, unparsed: 1, sample: (2, r#"{"ts":"2009-07-20T22:59:29Z","status":200,"bytes":78929}"#) }),
    ("logfile_bad_syslog.0", Reads { format: "syslog", records: 4, unparsed: 0, sample: (3, r#"{"ts":"2020-11-03T09:23:38Z","host":"veridian","app":null,"msg":"lookup for opt failed"}"#) }),
    ("logfile_block.1", Refused("date(1) output lines and bare paths")),
    ("logfile_block.2", Refused("date(1) output lines")),
    ("logfile_blued.0", Reads { format: "syslog", records: 6, unparsed: 0, sample: (1, r#"{"ts":"2020-04-04T20:02:32Z","host":"Tim-Stacks-iMac.local","app":"blued","pid":59,"msg":"Release the WiFi lock"}"#) }),
    ("logfile_bro_conn.log.0", Refused("Zeek (Bro) TSV with #fields headers")),
    ("logfile_bro_http.log.0", Refused("Zeek (Bro) TSV with #fields headers")),
    ("logfile_bunyan.0", Reads { format: "json", records: 10, unparsed: 0, sample: (1, r#"{"name":"renovate","level":20,"time":"2023-03-24T14:26:16.243Z"}"#) }),
    ("logfile_caddy_log.0", Refused("JSON behind a Docker Compose service prefix (`caddy  | {…}`)")),
    ("logfile_caddy_log.1", Reads { format: "json", records: 4, unparsed: 0, sample: (4, r#"{"level":"info","ts":1716732963.4146512,"msg":"handled request"}"#) }),
    ("logfile_cloudflare.1", Reads { format: "json", records: 15, unparsed: 0, sample: (15, r#"{"ClientIP":"203.0.113.99","EdgeResponseStatus":200}"#) }),
    ("logfile_cloudflare.json", Reads { format: "json", records: 1, unparsed: 0, sample: (1, r#"{"ClientIP":"87.226.160.250","EdgeStartTimestamp":"2022-10-30T00:00:02Z"}"#) }),
    ("logfile_crlf.0", Refused("`time:LEVEL:message` application lines")),
    ("logfile_cxx.0", Refused("a C++ logger's `time thread level` lines")),
    ("logfile_docker_compose.0", Refused("Docker Compose output (`web-1  | …`) with ANSI codes")),
    ("logfile_docker_compose_with_noise.0", Refused("Docker Compose output (`web-1  | …`)")),
    ("logfile_dst.0", Reads { format: "syslog", records: 10, unparsed: 0, sample: (1, r#"{"ts":"2020-11-03T01:01:03Z","host":"Tims-MacBook-Air","app":"syslogd","pid":634}"#) }),
    ("logfile_ecs_log.json", Reads { format: "json", records: 5, unparsed: 0, sample: (5, r#"{"@timestamp":"2025-01-13T09:58:13.634Z","log.level":"critical"}"#) }),
    ("logfile_empty.0", Reads { format: "", records: 0, unparsed: 0, sample: (0, "") }),
    ("logfile_epoch.0", Refused("epoch milliseconds and a message")),
    ("logfile_epoch.1", Refused("a time and a message, no level")),
    ("logfile_filter.0", Reads { format: "syslog", records: 13, unparsed: 0, sample: (1, r#"{"ts":"2020-12-06T13:01:34Z","host":"ubu-mac","app":"avahi-daemon","pid":786}"#) }),
    ("logfile_filter.1", Refused("words, with one syslog line among them")),
    ("logfile_for_join.0", Reads { format: "syslog", records: 10, unparsed: 0, sample: (1, r#"{"ts":"2020-04-28T06:53:55Z","host":"tstack-centos5","app":"avahi-daemon","pid":2467}"#) }),
    ("logfile_generic.0", Refused("`time:LEVEL:message` application lines")),
    ("logfile_generic.1", Refused("Python-style `time pid]LEVEL:module:message`")),
    ("logfile_generic.2", Refused("`time level program [pid]module:LEVEL:message`")),
    ("logfile_generic_nanos.0", Refused("`time:LEVEL:message` with nanoseconds")),
    ("logfile_generic_with_header.0", Refused("header lines, then `time:LEVEL:message`")),
    ("logfile_grafana.0", Reads { format: "logfmt", records: 5, unparsed: 0, sample: (5, r#"{"logger":"settings","t":"2025-04-24T19:51:48.521251943Z","level":"info"}"#) }),
    ("logfile_invalid_json.json", Reads { format: "json", records: 4, unparsed: 1, sample: (1, r#"{"ts":"2013-09-06T20:00:48.124817Z"}"#) }),
    ("logfile_invalid_json2.json", Reads { format: "json", records: 2, unparsed: 1, sample: (1, r#"{"ts":"2013-09-06T20:00:48.124817Z"}"#) }),
    ("logfile_invalid_tz.0", Refused("`time level program [pid]module:LEVEL:message` with a bad zone")),
    ("logfile_invalid_utf8.0", Refused("`time:LEVEL:module:message` with XML continuation lines")),
    ("logfile_java.0", Refused("Spring Boot / logback lines")),
    ("logfile_journald.json", Reads { format: "json", records: 2, unparsed: 0, sample: (1, r#"{"__REALTIME_TIMESTAMP":"1534860261221373"}"#) }),
    ("logfile_json.json", Reads { format: "json", records: 14, unparsed: 0, sample: (14, r#"{"ts":"2013-09-06T22:01:49.124817Z","lvl":"FATAL","msg":"shoot"}"#) }),
    ("logfile_json2.json", Reads { format: "json", records: 3, unparsed: 0, sample: (3, r#"{"lvl":10,"msg":"looking bad"}"#) }),
    ("logfile_json_invalid.json", Reads { format: "json", records: 12, unparsed: 1, sample: (12, r#"{"lvl":"FATAL","msg":"shoot"}"#) }),
    ("logfile_json_subsec.json", Reads { format: "json", records: 2, unparsed: 0, sample: (2, r#"{"instant":{"epochSecond":1663977619,"nanoOfSecond":222000123}}"#) }),
    ("logfile_jsonid.json", Reads { format: "json", records: 2, unparsed: 0, sample: (2, r#"{"level":"INFO","user":"alice@example.com"}"#) }),
    ("logfile_laravel.0", Refused("Laravel `[time] env.LEVEL: message` with stack traces")),
    ("logfile_laravel.1", Refused("Laravel `[time] env.LEVEL: message` with stack traces")),
    ("logfile_leveltest.0", Refused("`time level message` lines")),
    ("logfile_logfmt.0", Reads { format: "logfmt", records: 5, unparsed: 0, sample: (5, r#"{"time":"2021-09-15T21:18:20.335825Z","level":"error"}"#) }),
    ("logfile_mixed_json2.json", Refused("JSON lines mixed with plain text lines (13 of 18 are JSON)")),
    ("logfile_mongodb.0", Reads { format: "json", records: 3, unparsed: 0, sample: (3, r#"{"t":{"$date":"2026-03-10T20:58:10.004+00:00"},"s":"W","id":22220}"#) }),
    ("logfile_multiline.0", Refused("`time:LEVEL:message` with indented continuation lines")),
    ("logfile_mux_zookeeper.0", Refused("a collector's time and `source=` before a ZooKeeper line")),
    ("logfile_muxed_syslog.0", Reads { format: "json", records: 14, unparsed: 0, sample: (1, r#"{"timestamp":"2007-11-03 06:24:38.000","host":"veridian"}"#) }),
    ("logfile_mysql_gen.0", Refused("MySQL general query log")),
    ("logfile_mysql_slow.0", Refused("MySQL slow query log")),
    ("logfile_nested_json.json", Reads { format: "json", records: 13, unparsed: 0, sample: (13, r#"{"ts":"2013-09-06T22:01:49.124817Z"}"#) }),
    ("logfile_nextcloud.0", Reads { format: "json", records: 5, unparsed: 0, sample: (1, r#"{"time":"2023-10-01T02:39:09+00:00"}"#) }),
    ("logfile_openam.0", Refused("OpenAM's quoted tab-separated audit log")),
    ("logfile_otel_collector.jsonl", Reads { format: "json", records: 6, unparsed: 0, sample: (1, r#"{}"#) }),
    ("logfile_partitions.0", Reads { format: "syslog", records: 82, unparsed: 0, sample: (2, r#"{"ts":"2020-04-28T04:04:01Z","app":"avahi-daemon","pid":2467,"msg":"Invalid query packet."}"#) }),
    ("logfile_pino.0", Reads { format: "json", records: 1, unparsed: 0, sample: (1, r#"{"level":"info","time":1745532517537}"#) }),
    ("logfile_plain.0", Refused("plain sentences")),
    ("logfile_postgres.0", Refused("PostgreSQL server log (`%m [%p] LEVEL:  msg`)")),
    ("logfile_postgres.1", Refused("PostgreSQL server log (`%m [%p] LEVEL:  msg`)")),
    ("logfile_procstate.0", Refused("a system state dump: commands and their output")),
    ("logfile_regexp_access_log.0", Refused("an access log with a `host:port` before the address")),
    ("logfile_rollover.0", Refused("times without a date")),
    ("logfile_rollover.1", Reads { format: "syslog", records: 5, unparsed: 0, sample: (1, r#"{"ts":"2020-11-03T09:23:38Z","host":"veridian","app":"automount","pid":7998}"#) }),
    ("logfile_rollover.2", Reads { format: "syslog", records: 375, unparsed: 0, sample: (1, r#"{"ts":"2020-11-03T09:23:38Z","host":"veridian","app":"automount","pid":7998}"#) }),
    ("logfile_shop_access_log.0", Reads { format: "combined", records: 1000, unparsed: 0, sample: (1, r#"{"ip":"54.36.149.41","ts":"2019-01-22T00:26:14Z","status":200}"#) }),
    ("logfile_spark.0", Refused("Spark's log4j `yy/MM/dd HH:mm:ss LEVEL logger: message`")),
    ("logfile_spark_dupe.0", Refused("Spark's log4j `yy/MM/dd HH:mm:ss LEVEL logger: message`")),
    ("logfile_strace_log.0", Refused("strace output")),
    ("logfile_strace_log.1", Refused("strace output")),
    ("logfile_syslog.0", Reads { format: "syslog", records: 4, unparsed: 0, sample: (1, r#"{"ts":"2020-11-03T09:23:38Z","host":"veridian","app":"automount","pid":7998,"msg":"lookup(file): lookup for foobar failed"}"#) }),
    ("logfile_syslog.1", Reads { format: "syslog", records: 4, unparsed: 0, sample: (1, r#"{"ts":"2020-12-03T09:23:38Z","host":"veridian"}"#) }),
    ("logfile_syslog.3", Refused("macOS syslog with tab-indented continuation lines (read with --multiline-start '^\\S' -f syslog)")),
    ("logfile_syslog_fr.0", Refused("syslog with French month names")),
    ("logfile_syslog_with_access_log.0", Reads { format: "syslog", records: 5, unparsed: 0, sample: (2, r#"{"ts":"2020-03-24T14:02:50Z","host":"bigproduct-web1","app":"tomcat.log","msg":"127.0.0.1 - - \"GET /includes/js/combined-javascript.js HTTP/1.1\" 200 65508 4.386"}"#) }),
    ("logfile_syslog_with_header.0", Refused("header lines, then syslog (4 of 6 sampled lines)")),
    ("logfile_syslog_with_mixed_times.0", Reads { format: "syslog", records: 13, unparsed: 0, sample: (1, r#"{"ts":"2020-09-13T00:58:45Z","host":"Tim-Stacks-iMac","app":"kernel","pid":0}"#) }),
    ("logfile_tai64n.0", Refused("daemontools TAI64N stamps")),
    ("logfile_tcf.0", Refused("TCF protocol logger lines")),
    ("logfile_tcf.1", Refused("TCF protocol logger lines")),
    ("logfile_tcsh_history.0", Refused("tcsh history: `#+epoch` lines and commands")),
    ("logfile_ts_value.0", Refused("`time LEVEL message` with key=value words in the message")),
    ("logfile_vami.0", Refused("`time:LEVEL:module:message` with XML continuation lines")),
    ("logfile_vdsm.0", Refused("vdsm's `thread::LEVEL::time::module::…` lines")),
    ("logfile_vmw_log.0", Refused("VMware vpxd lines (`time level program[pid] [Originator…]`)")),
    ("logfile_vpxd.0", Refused("VMware vpxd lines (`time level program[pid] [Originator…]`)")),
    ("logfile_w3c.0", Refused("W3C extended log (IIS) with #Fields header")),
    ("logfile_w3c.1", Refused("W3C extended log with #Fields header")),
    ("logfile_w3c.2", Refused("W3C extended log (IIS) with #Fields header")),
    ("logfile_w3c.4", Refused("W3C extended log with #Fields header")),
    ("logfile_w3c.5", Refused("W3C extended log with #Fields header")),
    ("logfile_w3c.6", Refused("W3C extended log (IIS) with #Fields header")),
    ("logfile_w3c_big.0", Refused("W3C extended log (IIS) with #Fields header")),
    ("logfile_with_a_really_long_name_to_test_a_bug_with_long_names.0", Refused("plain sentences")),
    ("logfile_with_zones.0", Refused("RFC 5424 lines without their <PRI>")),
    ("logfile_xml_msg.0", Refused("`[time] LEVEL [logger] message` with XML continuation lines")),
    ("logfile_yday.0", Refused("`year-dayofyear time:LEVEL:message` lines")),
    ("logfile_zap_console.0", Refused("zap's console encoder: tab-separated time, level, logger")),
];

#[test]
fn every_lnav_test_log_is_read_by_its_format_or_refused() {
    let Some(root) = corpora() else { return };
    let dir = root.join("lnav-logs");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with("logfile_"))
        .collect();
    files.sort();
    let listed: Vec<&str> = TABLE.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        files,
        listed,
        "the table lists every file of {}, in order",
        dir.display()
    );
    for (name, expect) in TABLE {
        let path = dir.join(name);
        let outcome = etl("etl-extract-log")
            .env("TZ", "UTC")
            .args(["--year", "2020", "-v"])
            .args([&path])
            .run();
        let shown = path.display().to_string();
        match expect {
            Refused(what) => {
                let refusal =
                    format!("etl-extract-log: {shown}: no log format fits its first lines (");
                assert!(
                    outcome.code == Some(1)
                        && outcome.stdout.is_empty()
                        && outcome.stderr.starts_with(&refusal),
                    "{name} ({what}) is to be refused: got exit {:?}, stderr {}",
                    outcome.code,
                    outcome.stderr
                );
            }
            Reads {
                format,
                records,
                unparsed,
                sample,
            } => {
                assert_eq!(outcome.code, Some(0), "{name}: {}", outcome.stderr);
                if *records > 0 {
                    let detected = format!("etl-extract-log: {shown}: detected {format} (");
                    assert!(
                        outcome.stderr.starts_with(&detected),
                        "{name}: {}",
                        outcome.stderr
                    );
                }
                let got: Vec<Value> = (outcome.stdout.lines())
                    .map(|line| serde_json::from_str(line).unwrap())
                    .collect();
                assert_eq!(got.len(), *records, "{name}: records");
                let not_parsed = format!(" lines in {shown} did not parse as {format}");
                let reported = outcome
                    .stderr
                    .lines()
                    .find(|line| line.contains(&not_parsed));
                let count = reported.map_or(0, |line| {
                    let count = line.strip_prefix("etl-extract-log: ").unwrap();
                    count.split(' ').next().unwrap().parse().unwrap()
                });
                assert_eq!(
                    count, *unparsed,
                    "{name}: lines not parsed: {}",
                    outcome.stderr
                );
                if *records > 0 {
                    let (at, fields) = sample;
                    let record = &got[at - 1];
                    let fields: serde_json::Map<String, Value> =
                        serde_json::from_str(fields).unwrap();
                    for (field, value) in fields {
                        assert_eq!(
                            record.get(&field).unwrap_or(&json!("(absent)")),
                            &value,
                            "{name}: record {at}, field {field}"
                        );
                    }
                }
            }
        }
    }
}
