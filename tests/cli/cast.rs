//! etl-cast: every type, bad values under each policy, time zones, --infer, anonymising.

use crate::harness::etl;

fn cast(args: &[&str], input: &str) -> crate::harness::Outcome {
    etl("etl-cast").args(args).stdin(input).run()
}

#[test]
fn numbers_booleans_and_text_types() {
    cast(
        &["-O", "ndjson", "i:int", "f:float", "d:decimal", "b:bool", "s:string", "big:int"],
        "i,f,d,b,s,big\n-7,1.50,1.50,Yes,042,123456789012345678901234567890\n,,,,,\n3,1e3,0.1,off,x,1\n",
    )
    .expect(
        0,
        "{\"i\":-7,\"f\":1.5,\"d\":1.50,\"b\":true,\"s\":\"042\",\"big\":123456789012345678901234567890}\n\
         {\"i\":null,\"f\":null,\"d\":null,\"b\":null,\"s\":\"\",\"big\":null}\n\
         {\"i\":3,\"f\":1000.0,\"d\":0.1,\"b\":false,\"s\":\"x\",\"big\":1}\n",
        "",
    );
}

/// Regression (issue 19, 11): a `/regex/` field list was taken for a file name.
#[test]
fn a_regex_field_list_is_a_spec_and_a_path_with_a_colon_is_a_file() {
    cast(
        &["-O", "ndjson", "id,/^amou/:float"],
        "id,amount,amountx,n\n1,2.5,3,4\n",
    )
    .expect(
        0,
        "{\"id\":1.0,\"amount\":2.5,\"amountx\":3.0,\"n\":\"4\"}\n",
        "",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a:int.csv");
    std::fs::write(&file, "a\n1\n").unwrap();
    cast(&["a:int", file.to_str().unwrap()], "").expect(0, "a\n1\n", "");
}

#[test]
fn timestamps_from_several_zones_are_the_same_instant_in_utc() {
    cast(
        &["-O", "ndjson", "ts:timestamp"],
        "ts\n2024-03-01T01:00:00+01:00\n2024-02-29T19:00:00-05:00\n1709251200\n1709251200000\n2024-03-01 00:00:00\n\"Fri, 01 Mar 2024 00:00:00 +0000\"\n01/Mar/2024:00:00:00 +0000\n",
    )
    .expect(0, &"{\"ts\":\"2024-03-01T00:00:00Z\"}\n".repeat(7), "");
}

#[test]
fn timestamp_formats_tz_date_and_epochs() {
    cast(
        &["--tz=-05:00", "a:timestamp:%d.%m.%Y %H:%M|%Y%m%d", "b:date", "c:epoch", "d:epoch_ms"],
        "a,b,c,d\n01.03.2024 10:30,2024-03-01T02:00:00Z,2024-03-01T00:00:00.5Z,1970-01-01T00:00:01Z\n20240301,2024-03-01T06:00:00Z,2024-03-01T00:00:00Z,1970-01-01T00:00:00.25Z\n",
    )
    .expect(
        0,
        "a,b,c,d\n2024-03-01T05:30:00-05:00,2024-02-29,1709251200.5,1000\n2024-02-29T19:00:00-05:00,2024-03-01,1709251200,250\n",
        "",
    );
    cast(
        &["--tz", "Europe/Berlin", "t:timestamp"],
        "t\n2024-07-01T00:00:00Z\n",
    )
    .expect(0, "t\n2024-07-01T02:00:00+02:00\n", "");
}

#[test]
fn json_normalising_sizes_and_durations() {
    cast(
        &[
            "-O",
            "ndjson",
            "j:json",
            "t:trim",
            "t:upper",
            "e:null_if_empty",
            "size:bytes",
            "took:duration",
        ],
        "j,t,e,size,took\n\"{\"\"a\"\":[1,2]}\", pad ,,1.5K,1m30s\n[],x,y,2 MiB,150ms\n",
    )
    .expect(
        0,
        "{\"j\":{\"a\":[1,2]},\"t\":\"PAD\",\"e\":null,\"size\":1500,\"took\":90}\n\
         {\"j\":[],\"t\":\"X\",\"e\":\"y\",\"size\":2097152,\"took\":0.15}\n",
        "",
    );
}

#[test]
fn bad_value_fails_with_file_line_field_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.csv");
    std::fs::write(&path, "id,amount\n1,3.5\n2,\"12,5\"\n3,4\n").unwrap();
    let file = path.to_str().unwrap();
    etl("etl-cast").args(["amount:float", file]).run().expect(
        1,
        "id,amount\n1,3.5\n",
        &format!("etl-cast: {file}:3: field \"amount\": \"12,5\" is not a float\n"),
    );
    let skipped = etl("etl-cast")
        .args(["--on-error", "skip", "amount:float", file])
        .run();
    assert_eq!(skipped.stdout, "id,amount\n1,3.5\n3,4.0\n");
    assert!(
        skipped
            .stderr
            .starts_with("etl-cast: 3 records in, 2 out, 1 skipped as bad in "),
        "{}",
        skipped.stderr
    );
    let nulled = etl("etl-cast")
        .args(["--on-error", "null", "amount:float", file])
        .run();
    assert_eq!(nulled.stdout, "id,amount\n1,3.5\n2,\n3,4.0\n");
    assert!(
        nulled
            .stderr
            .starts_with("etl-cast: 3 records in, 3 out, 1 value set to null in "),
        "{}",
        nulled.stderr
    );
    let rejects = dir.path().join("rejects.ndjson");
    let outcome = etl("etl-cast")
        .args(["amount:float", file, "--rejects", rejects.to_str().unwrap()])
        .run();
    assert_eq!(outcome.code, Some(0));
    assert_eq!(
        std::fs::read_to_string(&rejects).unwrap(),
        format!("{{\"source\":\"{file}\",\"line\":3,\"reason\":\"field \\\"amount\\\": \\\"12,5\\\" is not a float\",\"raw\":\"2,\\\"12,5\\\"\"}}\n")
    );
}

#[test]
fn every_type_reports_what_it_expected() {
    for (spec, value, expected) in [
        ("v:int", "1.5", "is not an int"),
        ("v:decimal", "1e3", "is not a decimal"),
        ("v:bool", "maybe", "is not a boolean"),
        ("v:timestamp", "yesterday", "is not a timestamp"),
        ("v:json", "{", "is not JSON"),
        ("v:bytes", "5 parsecs", "is not a size such as 1.5K or 2MiB"),
        (
            "v:duration",
            "soon",
            "is not a duration such as 1m30s or 150ms",
        ),
        ("v:mask_ip", "300.1.1.1", "is not an IP address"),
    ] {
        cast(&[spec], &format!("v\n{value}\n")).expect(
            1,
            "",
            &format!("etl-cast: <stdin>:2: field \"v\": \"{value}\" {expected}\n"),
        );
    }
}

#[test]
fn on_error_null_is_only_for_cast() {
    etl("etl-select")
        .args(["--on-error", "null", "a"])
        .stdin("a\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-select: invalid value 'null' for '--on-error <POLICY>'\n  \
             [possible values: fail, skip]\n\nFor more information, try '--help'.\n",
        );
}

#[test]
fn infer_types_csv_fields_but_keeps_zip_codes() {
    cast(&["--infer", "-O", "ndjson"], "zip,n,x,ok,e,ts\n02134,12,1.5,true,,2024-03-01T00:00:00Z\n")
        .expect(
            0,
            "{\"zip\":\"02134\",\"n\":12,\"x\":1.5,\"ok\":true,\"e\":null,\"ts\":\"2024-03-01T00:00:00Z\"}\n",
            "",
        );
}

/// --infer types a column from all of its first values, by the same rule as
/// etl-pg-load --create: one word keeps a column of numbers text, and the two agree.
const COLUMNS: &str = "id,zip,amount,ok,ts,day,word,e,none\n\
    1,02134,10.50,true,2024-03-01T10:00:00Z,2024-03-01,12,1e3,\n\
    2,75001,3,FALSE,2024-03-02 10:00:00,2024-03-02,n/a,2,\n";

#[test]
fn infer_types_each_column_as_create_does() {
    let outcome = cast(&["--infer", "-v", "-O", "ndjson"], COLUMNS);
    assert_eq!(
        (outcome.code, outcome.stdout.as_str()),
        (
            Some(0),
            "{\"id\":1,\"zip\":\"02134\",\"amount\":10.50,\"ok\":true,\"ts\":\"2024-03-01T10:00:00Z\",\
              \"day\":\"2024-03-01\",\"word\":\"12\",\"e\":1000.0,\"none\":null}\n\
             {\"id\":2,\"zip\":\"75001\",\"amount\":3,\"ok\":false,\"ts\":\"2024-03-02 10:00:00\",\
              \"day\":\"2024-03-02\",\"word\":\"n/a\",\"e\":2.0,\"none\":null}\n"
        ),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        outcome.stderr.lines().next(),
        Some(
            "etl-cast: --infer, from the first 2 records: id int, zip text, amount decimal, \
             ok bool, ts timestamp, day date, word text, e float, none null"
        )
    );
    etl("etl-pg-load")
        .args(["--db", "postgresql://nobody@127.0.0.1:1/none"])
        .args(["-t", "t", "--create", "--dry-run"])
        .stdin(COLUMNS)
        .succeeds_with(
            "CREATE TABLE \"t\" (\n    \"id\" bigint,\n    \"zip\" text,\n    \"amount\" numeric,\n    \
             \"ok\" boolean,\n    \"ts\" timestamp with time zone,\n    \"day\" date,\n    \
             \"word\" text,\n    \"e\" double precision,\n    \"none\" text\n);\n",
        );
}

/// Records after the ones --infer looked at must fit the types it chose, or they are
/// bad records that say so; the records read ahead keep their own lines.
#[test]
fn a_value_after_the_inferred_records_that_does_not_fit_is_a_bad_record() {
    cast(&["--infer", "--infer-rows", "2"], "n\n1\n\n2\nx\n3\n").expect(
        1,
        "n\n1\n2\n",
        "etl-cast: <stdin>:5: field \"n\": \"x\" is not an int, the type --infer gave the \
         column from the first 2 records\n",
    );
    // A bad record read ahead is named and refused in its place.
    cast(&["--infer", "--infer-rows", "2"], "n,m\n1,2\n3\n4,5\n").expect(
        1,
        "n,m\n1,2\n",
        "etl-cast: <stdin>:3: expected 2 fields as in the header, found 1\n",
    );
}

#[test]
fn hash_needs_a_key_and_is_stable_for_one() {
    cast(&["email:hash"], "email\na@x\n").expect(
        2,
        "",
        "etl-cast: hash needs a secret key in ETL_HASH_KEY: an unkeyed hash of an e-mail address or IP is undone by hashing every candidate\n",
    );
    let hashed = |key: &str| {
        etl("etl-cast")
            .args(["email:hash"])
            .stdin("email\na@x\n")
            .env("ETL_HASH_KEY", key)
            .run()
            .stdout
    };
    assert_eq!(hashed("k1"), hashed("k1"));
    assert_ne!(hashed("k1"), hashed("k2"));
    assert_eq!(hashed("Jefe").len(), "email\n".len() + 64 + 1);
}

#[test]
fn mask_ip_and_redact() {
    cast(
        &["ip:mask_ip", "name:redact"],
        "ip,name\n203.0.113.77,Ann\n2001:db8:85a3:8d3::1,\n",
    )
    .expect(
        0,
        "ip,name\n203.0.113.0,[REDACTED]\n2001:db8:85a3::,[REDACTED]\n",
        "",
    );
}

/// An epoch number's unit follows from its magnitude up to nanoseconds (never a
/// microsecond epoch in the year 56135), or is named; a time without an offset is
/// UTC unless --input-tz names its zone.
#[test]
fn epoch_units_and_the_zone_of_times_without_an_offset() {
    etl("etl-cast")
        .args(["t:timestamp"])
        .stdin("t\n1700000000\n1700000000123\n1700000000123456\n1700000000123456789\n")
        .succeeds_with(
            "t\n2023-11-14T22:13:20Z\n2023-11-14T22:13:20.123Z\n2023-11-14T22:13:20.123456Z\n\
             2023-11-14T22:13:20.123456789Z\n",
        );
    etl("etl-cast")
        .args(["t:timestamp"])
        .stdin("t\n170000000000000000000\n")
        .run()
        .expect(
            1,
            "",
            "etl-cast: <stdin>:2: field \"t\": \"170000000000000000000\" is not a timestamp\n",
        );
    etl("etl-cast")
        .args(["--epoch-unit", "ms", "t:timestamp"])
        .stdin("t\n1700000000\n")
        .succeeds_with("t\n1970-01-20T16:13:20Z\n");
    etl("etl-cast")
        .args(["--input-tz", "Europe/Paris", "t:timestamp", "u:timestamp:%d.%m.%Y %H:%M"])
        .stdin("t,u\n2024-07-01 10:00:00,01.07.2024 10:00\n2024-01-01T10:00:00+00:00,01.01.2024 10:00\n")
        .succeeds_with(
            "t,u\n2024-07-01T08:00:00Z,2024-07-01T08:00:00Z\n2024-01-01T10:00:00Z,2024-01-01T09:00:00Z\n",
        );
}
