//! etl-aggregate: every op against independently computed values, naming and order,
//! exact decimal sums, the bad-value policy, nulls, CSV and NDJSON, time buckets,
//! windows with late records, and --approx within its documented error.

use crate::harness::etl;

/// Orders: DE has four amounts, FR two, US one empty amount.
const ORDERS: &str = "country,amount,quantity,user,ts
DE,10.50,3,u1,2024-03-01T10:00:00Z
FR,7.25,1,u2,2024-03-01T09:00:00Z
DE,0.10,10,u1,2024-03-01T08:00:00+01:00
US,,2,,2024-03-01T12:00:00Z
DE,3,5,u3,2024-03-02T00:00:00Z
FR,12.75,2,u2,2024-02-29T23:00:00Z
DE,20,1,u1,2024-03-01T11:00:00Z
";

fn aggregate(args: &[&str], input: &str) -> crate::harness::Outcome {
    etl("etl-aggregate").args(args).stdin(input).run()
}

/// The numbers come from Python's statistics module: sum, mean, median, variance,
/// stdev, and quantiles(n=100, method="inclusive") for p90 and p99.
#[test]
fn numeric_ops_match_python_statistics() {
    etl("etl-aggregate")
        .args([
            "-g", "country", "count", "count:amount", "sum:amount", "mean:amount",
            "median:amount", "p90:amount", "p99:amount", "var:amount", "stddev:amount",
        ])
        .stdin(ORDERS)
        .succeeds_with(
            "country,count,count_amount,sum_amount,mean_amount,median_amount,p90_amount,p99_amount,var_amount,stddev_amount
DE,4,4,33.60,8.4,6.75,17.15,19.715,79.00666666666666,8.88856943870422
FR,2,2,20.00,10,10,12.2,12.695,15.125,3.8890872965260113
US,1,0,,,,,,,
",
        );
}

#[test]
fn order_and_value_ops() {
    etl("etl-aggregate")
        .args([
            "-O", "ndjson", "-g", "country", "min:quantity", "max:quantity", "min:ts", "max:ts",
            "first:amount", "last:amount", "count_distinct:user", "mode:user", "list:quantity",
        ])
        .stdin(ORDERS)
        .succeeds_with(concat!(
            // "10" > "5" as numbers; timestamps compare as instants (08:00+01:00 is 07:00Z).
            r#"{"country":"DE","min_quantity":"1","max_quantity":"10","min_ts":"2024-03-01T08:00:00+01:00","max_ts":"2024-03-02T00:00:00Z","first_amount":"10.50","last_amount":"20","count_distinct_user":2,"mode_user":"u1","list_quantity":["3","10","5","1"]}"#, "\n",
            r#"{"country":"FR","min_quantity":"1","max_quantity":"2","min_ts":"2024-02-29T23:00:00Z","max_ts":"2024-03-01T09:00:00Z","first_amount":"7.25","last_amount":"12.75","count_distinct_user":1,"mode_user":"u2","list_quantity":["1","2"]}"#, "\n",
            r#"{"country":"US","min_quantity":"2","max_quantity":"2","min_ts":"2024-03-01T12:00:00Z","max_ts":"2024-03-01T12:00:00Z","first_amount":null,"last_amount":null,"count_distinct_user":0,"mode_user":null,"list_quantity":["2"]}"#, "\n",
        ));
}

#[test]
fn names_aliases_and_group_fields_first() {
    etl("etl-aggregate")
        .args([
            "orders=count",
            "avg:amount",
            "-g",
            "user,country",
            "revenue=sum:amount",
            "p99.9:quantity",
        ])
        .stdin(ORDERS)
        .succeeds_with(
            "user,country,orders,avg_amount,revenue,p99.9_quantity
u1,DE,3,10.2,30.60,9.986
u2,FR,2,10,20.00,1.999
,US,1,,,2
u3,DE,1,3,3,5
",
        );
}

#[test]
fn sort_orders_groups_by_key_numbers_numerically() {
    let input = "n,x\n10,a\n9,b\n,c\n10,d\n100,e\n";
    etl("etl-aggregate")
        .args(["-g", "n", "count"])
        .stdin(input)
        .succeeds_with("n,count\n10,2\n9,1\n,1\n100,1\n");
    etl("etl-aggregate")
        .args(["--sort", "-g", "n", "count"])
        .stdin(input)
        .succeeds_with("n,count\n,1\n9,1\n10,2\n100,1\n");
}

#[test]
fn without_groups_one_record_even_for_no_input() {
    etl("etl-aggregate")
        .args(["count", "sum:amount", "max:amount"])
        .stdin(ORDERS)
        .succeeds_with("count,sum_amount,max_amount\n7,53.60,20\n");
    etl("etl-aggregate")
        .args(["count", "sum:amount", "mean:amount"])
        .stdin("amount\n")
        .succeeds_with("count,sum_amount,mean_amount\n0,,\n");
    // Groups of nothing: just the header.
    etl("etl-aggregate")
        .args(["-g", "country", "count"])
        .stdin("country,amount\n")
        .succeeds_with("country,count\n");
}

/// "0.10" summed a million times is exactly 100000.00; so are a million mixed-scale
/// values (0.10, 0.2, 0.003, -0.303 sum to 0 per round, plus 1.5 × 250000).
#[test]
fn decimal_sums_are_exact() {
    let mut input = String::from("amount\n");
    for _ in 0..1_000_000 {
        input.push_str("0.10\n");
    }
    etl("etl-aggregate")
        .args(["sum:amount", "mean:amount", "count"])
        .stdin(input)
        .succeeds_with("sum_amount,mean_amount,count\n100000.00,0.1,1000000\n");
    let mut input = String::new();
    for _ in 0..250_000 {
        input.push_str(
            "{\"a\":0.10}\n{\"a\":\"0.2\"}\n{\"a\":0.003}\n{\"a\":-0.303}\n{\"a\":1.5}\n",
        );
    }
    etl("etl-aggregate")
        .args(["sum:a"])
        .stdin(input)
        .succeeds_with("{\"sum_a\":375000.000}\n");
}

#[test]
fn exponents_fall_back_to_compensated_floats() {
    let mut input = String::from("x\n");
    for _ in 0..1000 {
        input.push_str("1e-1\n");
    }
    etl("etl-aggregate")
        .args(["sum:x"])
        .stdin(input)
        .succeeds_with("sum_x\n100\n");
}

#[test]
fn non_numbers_fail_with_file_line_field_and_value() {
    let input = "country,amount\nDE,1.5\nFR,abc\nDE,2\n";
    aggregate(&["-g", "country", "count", "sum:amount"], input).expect(
        1,
        "",
        "etl-aggregate: <stdin>:3: field \"amount\": \"abc\" is not a number\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("orders.csv");
    std::fs::write(&file, input).unwrap();
    let file = file.to_str().unwrap();
    aggregate(&["count", "p95:amount", file], "").expect(
        1,
        "",
        &format!("etl-aggregate: {file}:3: field \"amount\": \"abc\" is not a number\n"),
    );
    // NDJSON: a boolean is not a number either; a number and a word cannot be ordered.
    aggregate(&["mean:v"], "{\"v\":1}\n{\"v\":true}\n").expect(
        1,
        "",
        "etl-aggregate: <stdin>:2: field \"v\": \"true\" is not a number\n",
    );
    aggregate(&["max:v"], "{\"v\":1}\n{\"v\":\"high\"}\n").expect(
        1,
        "",
        "etl-aggregate: <stdin>:2: field \"v\": cannot order \"high\" with 1\n",
    );
}

/// Under skip, a bad record is left out of every aggregate, count included.
#[test]
fn skip_leaves_the_whole_record_out_and_rejects_keep_it() {
    let input = "country,amount\nDE,1.5\nFR,abc\nDE,2\nFR,3\n";
    let outcome = aggregate(
        &["--on-error", "skip", "-g", "country", "count", "sum:amount"],
        input,
    );
    assert_eq!(
        outcome.stdout,
        "country,count,sum_amount\nDE,2,3.5\nFR,1,3\n"
    );
    assert_eq!(outcome.code, Some(0));
    assert!(
        outcome
            .stderr
            .starts_with("etl-aggregate: 4 records in, 2 out, 1 skipped as bad in "),
        "{}",
        outcome.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = aggregate(
        &[
            "--rejects",
            rejects.to_str().unwrap(),
            "count",
            "sum:amount",
        ],
        input,
    );
    assert_eq!(outcome.stdout, "count,sum_amount\n3,6.5\n");
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        "{\"source\":\"<stdin>\",\"line\":3,\"reason\":\"field \\\"amount\\\": \\\"abc\\\" is not a number\",\"raw\":\"FR,abc\"}\n"
    );
}

/// Null, absent and empty are ignored by every op but count; null and absent group
/// together, empty text apart.
#[test]
fn nulls_absent_fields_and_empty_values_in_ndjson() {
    let input = r#"{"k":"a","v":1}
{"k":"a","v":null}
{"k":"a"}
{"k":"a","v":""}
{"k":null,"v":5}
{"v":7}
{"k":"","v":2}
{"k":"a","v":3,"extra":{"nested":true}}
"#;
    etl("etl-aggregate")
        .args([
            "-g", "k", "count", "count:v", "sum:v", "min:v", "mean:v", "list:v",
        ])
        .stdin(input)
        .succeeds_with(concat!(
            r#"{"k":"a","count":5,"count_v":2,"sum_v":4,"min_v":1,"mean_v":2,"list_v":[1,3]}"#,
            "\n",
            r#"{"k":null,"count":2,"count_v":2,"sum_v":12,"min_v":5,"mean_v":6,"list_v":[5,7]}"#,
            "\n",
            r#"{"k":"","count":1,"count_v":1,"sum_v":2,"min_v":2,"mean_v":2,"list_v":[2]}"#,
            "\n",
        ));
    // The same, written as CSV.
    etl("etl-aggregate")
        .args(["-O", "csv", "-g", "k", "count", "sum:v"])
        .stdin(input)
        .succeeds_with("k,count,sum_v\na,5,4\n,2,12\n,1,2\n");
}

#[test]
fn nested_fields_and_json_numbers_keep_their_digits() {
    let input = "{\"user\":{\"country\":\"DE\"},\"amount\":19.990}\n{\"user\":{\"country\":\"DE\"},\"amount\":0.010}\n";
    etl("etl-aggregate")
        .args(["-g", "user.country", "sum:amount", "max:amount"])
        .stdin(input)
        .succeeds_with("{\"user.country\":\"DE\",\"sum_amount\":20.000,\"max_amount\":19.990}\n");
}

#[test]
fn csv_and_ndjson_inputs_agree() {
    let ndjson = "{\"c\":\"x\",\"n\":1.5}\n{\"c\":\"y\",\"n\":2}\n{\"c\":\"x\",\"n\":\"2.5\"}\n";
    let csv = "c,n\nx,1.5\ny,2\nx,2.5\n";
    let expected = "c,count,sum_n,median_n\nx,2,4.0,2\ny,1,2,2\n";
    etl("etl-aggregate")
        .args(["-O", "csv", "-g", "c", "count", "sum:n", "median:n"])
        .stdin(ndjson)
        .succeeds_with(expected);
    etl("etl-aggregate")
        .args(["-g", "c", "count", "sum:n", "median:n"])
        .stdin(csv)
        .succeeds_with(expected);
}

/// Buckets are aligned to UTC: 23:30-05:00 is 04:30Z the next day; epoch seconds and
/// milliseconds work too.
#[test]
fn buckets_cross_days_and_time_zones() {
    let input = "ts,status
2024-03-01T23:59:59Z,200
2024-03-02T00:00:00Z,200
2024-03-01T23:30:00-05:00,500
2024-03-02T01:00:00+02:00,200
1709337600,500
1709251200000,200
";
    etl("etl-aggregate")
        .args(["--bucket", "ts:1d", "-g", "status", "count"])
        .stdin(input)
        .succeeds_with(
            "ts,status,count
2024-03-01T00:00:00Z,200,3
2024-03-02T00:00:00Z,200,1
2024-03-02T00:00:00Z,500,2
",
        );
    etl("etl-aggregate")
        .args(["--sort", "--bucket", "ts:1h", "count"])
        .stdin(input)
        .succeeds_with(
            "ts,count
2024-03-01T00:00:00Z,1
2024-03-01T23:00:00Z,2
2024-03-02T00:00:00Z,2
2024-03-02T04:00:00Z,1
",
        );
    aggregate(&["--bucket", "ts:5m", "count"], "ts\nyesterday\n").expect(
        1,
        "",
        "etl-aggregate: <stdin>:2: field \"ts\": \"yesterday\" is not a timestamp\n",
    );
}

const EVENTS: &str = r#"{"ts":"2024-03-01T00:00:10Z","k":"a"}
{"ts":"2024-03-01T00:00:50Z","k":"b"}
{"ts":"2024-03-01T00:01:05Z","k":"a"}
{"ts":"2024-03-01T00:00:55Z","k":"a"}
{"ts":"2024-03-01T00:01:20Z","k":"a"}
{"ts":"2024-03-01T00:00:58Z","k":"a"}
{"ts":"2024-03-01T00:02:00Z","k":"a"}
"#;

/// With 10 s of lateness, the 00:00 window closes at the first record at or after
/// 00:01:10 (00:01:20); 00:00:55 arrives in time, 00:00:58 after the window was
/// written. The rest is flushed at the end.
#[test]
fn windows_close_after_the_lateness_and_count_late_records() {
    let expected = concat!(
        r#"{"window_start":"2024-03-01T00:00:00Z","window_end":"2024-03-01T00:01:00Z","k":"a","count":2}"#,
        "\n",
        r#"{"window_start":"2024-03-01T00:00:00Z","window_end":"2024-03-01T00:01:00Z","k":"b","count":1}"#,
        "\n",
        r#"{"window_start":"2024-03-01T00:01:00Z","window_end":"2024-03-01T00:02:00Z","k":"a","count":2}"#,
        "\n",
        r#"{"window_start":"2024-03-01T00:02:00Z","window_end":"2024-03-01T00:03:00Z","k":"a","count":1}"#,
        "\n",
    );
    let args = [
        "--window",
        "1m",
        "--time-field",
        "ts",
        "--allowed-lateness",
        "10s",
        "-g",
        "k",
        "count",
    ];
    aggregate(&args, EVENTS).expect(
        0,
        expected,
        "etl-aggregate: 1 late record left out (their window was emitted already; --rejects FILE keeps them)\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("late.ndjson");
    let mut with_rejects = args.to_vec();
    with_rejects.extend(["--rejects", rejects.to_str().unwrap()]);
    let outcome = aggregate(&with_rejects, EVENTS);
    assert_eq!(outcome.stdout, expected);
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        concat!(
            r#"{"source":"<stdin>","line":6,"reason":"late: ts 2024-03-01T00:00:58Z is in the window 2024-03-01T00:00:00Z to 2024-03-01T00:01:00Z, emitted already","raw":"{\"ts\":\"2024-03-01T00:00:58Z\",\"k\":\"a\"}"}"#,
            "\n"
        )
    );
}

/// Windows are written as they close, not at the end: `head -1` gets the first one
/// although the input never ends.
#[test]
fn windows_are_emitted_before_the_input_ends() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(crate::harness::bin_dir().join("etl-aggregate"))
        .args(["--window", "1m", "--time-field", "ts", "count"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"ts\":\"2024-03-01T00:00:10Z\"}\n{\"ts\":\"2024-03-01T00:01:00Z\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    // Read on a thread, so that a window held back until the end fails the test
    // instead of hanging it.
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stdout).read_line(&mut first);
        let _ = sender.send(first);
    });
    let first = receiver.recv_timeout(std::time::Duration::from_secs(30));
    if first.is_err() {
        let _ = child.kill();
    }
    assert_eq!(
        first.expect("the first window within 30 s, before the input ends"),
        "{\"window_start\":\"2024-03-01T00:00:00Z\",\"window_end\":\"2024-03-01T00:01:00Z\",\"count\":1}\n"
    );
    drop(stdin);
    child.wait().unwrap();
}

/// --approx: quantiles within 1% of the exact value at rank round(q·(n−1)), distinct
/// counts within 5%, on a skewed generated input (latencies spanning 5 decades).
#[test]
fn approx_stays_within_its_stated_error() {
    let n = 100_000u64;
    let mut values = Vec::with_capacity(n as usize);
    let mut input = String::from("user,ms\n");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for i in 0..n {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let ms = (state % 100_000) as f64 / 1000.0;
        let ms = (ms * ms * ms).round() / 100.0 + 0.01; // 0.01 .. 10000, skewed low
        values.push(ms);
        input.push_str(&format!("u{},{ms}\n", i % 30_011));
    }
    values.sort_by(f64::total_cmp);
    let outcome = aggregate(
        &[
            "--approx",
            "-O",
            "ndjson",
            "p50:ms",
            "p99:ms",
            "p99.9:ms",
            "count_distinct:user",
        ],
        &input,
    );
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    let result: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    for (name, q) in [("p50_ms", 0.5), ("p99_ms", 0.99), ("p99.9_ms", 0.999)] {
        let exact = values[((n - 1) as f64 * q).round() as usize];
        let approx = result[name].as_f64().unwrap();
        assert!(
            (approx - exact).abs() <= 0.01 * exact,
            "{name}: {approx} vs exact {exact}"
        );
    }
    let distinct = result["count_distinct_user"].as_u64().unwrap() as f64;
    assert!((distinct - 30_011.0).abs() <= 0.05 * 30_011.0, "{distinct}");
}

#[test]
fn usage_errors() {
    for (args, message) in [
        (
            vec!["-g", "country", "summ:amount"],
            "etl-aggregate: unknown aggregate \"summ\"; ops: count sum mean avg min max first last median pNN stddev var count_distinct mode list\n",
        ),
        (vec!["sum"], "etl-aggregate: sum needs a field: sum:FIELD\n"),
        (
            vec!["-g", "contry", "count"],
            "etl-aggregate: no field \"contry\" in the header; did you mean \"country\"?\n",
        ),
        (
            vec!["sum:amout"],
            "etl-aggregate: no field \"amout\" in the header; did you mean \"amount\"?\n",
        ),
        (
            vec!["--bucket", "ts", "count"],
            "etl-aggregate: --bucket \"ts\": write FIELD:WIDTH, e.g. ts:5m or amount:50\n",
        ),
        (
            vec!["--bucket", "ts:soon", "count"],
            "etl-aggregate: \"soon\" is not an interval such as 30s, 5m, 1h or 1d (at least 1ms)\n",
        ),
        (
            vec!["-"],
            "etl-aggregate: no aggregate before the files; e.g. etl-aggregate -g country count sum:amount events.csv\n",
        ),
    ] {
        aggregate(&args, ORDERS).expect(2, "", message);
    }
    let outcome = aggregate(&["--window", "1m", "count"], ORDERS);
    assert_eq!(outcome.code, Some(2));
    assert!(
        outcome.stderr.contains("--time-field <FIELD>"),
        "{}",
        outcome.stderr
    );
}

#[test]
fn files_follow_the_aggregates() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    std::fs::write(&a, "k,v\nx,1\n").unwrap();
    std::fs::write(&b, "k,v\nx,2\ny,3\n").unwrap();
    etl("etl-aggregate")
        .args(["-g", "k", "count", "sum:v"])
        .args([&a, &b])
        .succeeds_with("k,count,sum_v\nx,2,3\ny,1,3\n");
}

/// Group values are told apart whatever characters they hold.
#[test]
fn group_values_never_run_together() {
    let input = "{\"a\":\"x\\u001f\",\"b\":\"y\"}\n{\"a\":\"x\",\"b\":\"\\u001fy\"}\n{\"a\":\"x\\u0000\",\"b\":null}\n{\"a\":\"x\",\"b\":\"\\u0000\"}\n";
    etl("etl-aggregate")
        .args(["-g", "a,b", "count"])
        .stdin(input)
        .succeeds_with(concat!(
            r#"{"a":"x\u001f","b":"y","count":1}"#,
            "\n",
            r#"{"a":"x","b":"\u001fy","count":1}"#,
            "\n",
            r#"{"a":"x\u0000","b":null,"count":1}"#,
            "\n",
            r#"{"a":"x","b":"\u0000","count":1}"#,
            "\n",
        ));
}

/// After `--` every argument is a file, also one named like an aggregate (or a cast
/// spec): without it, `count` and `a:int` would be read as one.
#[test]
fn files_after_a_double_dash_are_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("count"), "a\n1\n2\n").unwrap();
    std::fs::write(dir.path().join("a:int"), "a\n7\n").unwrap();
    etl("etl-aggregate")
        .args(["count", "--", "count"])
        .current_dir(dir.path())
        .stdin("")
        .succeeds_with("count\n2\n");
    etl("etl-cast")
        .args(["-O", "ndjson", "a:int", "--", "a:int"])
        .current_dir(dir.path())
        .stdin("")
        .succeeds_with("{\"a\":7}\n");
}

/// A bare number after the field buckets numbers, exactly for decimals; it is never
/// read as seconds since 1970.
#[test]
fn numeric_buckets() {
    etl("etl-aggregate")
        .args(["--sort", "--bucket", "amount:50", "count"])
        .stdin("amount\n120\n30\n149.99\n-1\n0.3\n")
        .succeeds_with("amount,count\n-50,1\n0,2\n100,2\n");
    etl("etl-aggregate")
        .args(["--bucket", "amount:0.1", "count", "-O", "ndjson"])
        .stdin("amount\n0.3\n0.25\n")
        .succeeds_with("{\"amount\":0.3,\"count\":1}\n{\"amount\":0.2,\"count\":1}\n");
    etl("etl-aggregate")
        .args(["--bucket", "amount:50", "count"])
        .stdin("amount\n2024-01-01T00:00:00Z\n")
        .run()
        .expect(
            1,
            "",
            "etl-aggregate: <stdin>:2: field \"amount\": \"2024-01-01T00:00:00Z\" is not a number\n",
        );
}
