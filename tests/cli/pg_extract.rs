//! etl-pg-extract against a real PostgreSQL server (`ETLKIT_TEST_PG`), each test in its
//! own schema (the `Db` helper of the etl-pg-load tests); what comes out is checked
//! exactly, or loaded back with etl-pg-load and compared in the server.

use std::path::Path;
use std::process::{Command, Stdio};

use postgres::{Client, NoTls};
use serde_json::Value as Json;

use crate::harness::{bin_dir, etl, finish, path_with_binaries, Run, PATIENCE};
use crate::pg_load::{db, Db};

/// `etl-pg-extract --db URL ARGS…`.
fn extract(db: &Db, args: &[&str]) -> Run {
    etl("etl-pg-extract").args(["--db", &db.url]).args(args)
}

/// The schema-qualified name of a test's table.
fn table(db: &Db, name: &str) -> String {
    format!("{}.{name}", db.schema)
}

/// Runs and returns stdout, failing on any other outcome than exit 0 and a quiet stderr.
fn stdout_of(run: Run) -> String {
    let outcome = run.run();
    assert_eq!(
        (outcome.code, outcome.stderr.as_str()),
        (Some(0), ""),
        "stdout:\n{}",
        outcome.stdout
    );
    outcome.stdout
}

/// Every common type, with the values that are hard to get right.
const EVERY_TYPE: &str = "
    CREATE TYPE {s}.mood AS ENUM ('sad', 'happy');
    CREATE DOMAIN {s}.positive AS int CHECK (VALUE > 0);
    CREATE TABLE {s}.a (
        id int PRIMARY KEY, b boolean, i2 smallint, i4 integer, i8 bigint,
        f4 real, f8 double precision, n numeric, n2 numeric(12,2),
        t text, vc varchar(20), c char(4), u uuid,
        d date, ts timestamp, tstz timestamptz, tm time, tmtz timetz, iv interval,
        j json, jb jsonb,
        ai int[], atx text[], a2 int[], ats timestamptz[], ajb jsonb[], an numeric[], af float8[],
        m {s}.mood, p {s}.positive, ip inet, r int4range, pt point, bits varbit);
    INSERT INTO {s}.a VALUES
      (1, true, 32767, -2147483648, 9223372036854775807,
       0.1, 1e-300, 1234567890123456789012345678901234567890.0123456789, 12.50,
       E'héllo 👋 \"q\" back\\\\slash\\ttab\\nnewline, comma', 'ünïcödé', 'ab',
       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
       '2024-02-29', '2024-03-01 10:00:00.123456', '2024-03-01 10:00:00.123456+02',
       '23:59:59.999999', '10:00:00+05:30', '1 year 2 mons -3 days 04:05:06.5',
       '{\"a\": [1, 2.50, \"x\"], \"n\": null}', '{\"k\": {\"deep\": [1, {\"x\": true}]}, \"e\": \"\\u00e9\"}',
       '{1,NULL,3}', ARRAY['a b', 'c,d', 'e\"f', NULL, '', 'g\\h', '{}'], '{{1,2},{3,NULL}}',
       '{\"2024-03-01 10:00:00.5+00\",NULL}', ARRAY['{\"a\": 1}'::jsonb, '{\"b\": [1]}'],
       '{1.50,NaN,-0.001}', '{1.5,NaN,Infinity,-Infinity}',
       'happy', 5, '192.168.0.1/24', '[1,10)', '(1.5,-2)', B'10101'),
      (2, false, -32768, 0, -9223372036854775808,
       'NaN', 'Infinity', 'NaN', -0.01,
       '', '', '', '00000000-0000-0000-0000-000000000000',
       '0001-01-01', '1999-12-31 23:59:59', '1970-01-01 00:00:00+00',
       '00:00:00', '00:00:00-01', '0',
       '[]', '\"text\"',
       '{}', '{}', '{}', '{}', '{}', '{}', '{}',
       'sad', 1, '::1', 'empty', '(0,0)', B''),
      (3, NULL, NULL, NULL, NULL, '-Infinity', 5e-324, 0.000000000000000000000000000001, 0,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '-1 year -2 mons +3 days -00:00:00.000001',
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    CREATE TABLE {s}.b (LIKE {s}.a);
";

/// Every common type comes out as a value that etl-pg-load loads back into an
/// identical table: the two tables hold the same rows, compared as the server writes
/// them (every digit, every microsecond, every element).
#[test]
fn every_type_round_trips_through_etl_pg_load() {
    let Some(mut db) = db("extract_types") else {
        return;
    };
    db.sql(EVERY_TYPE);
    let records = stdout_of(extract(&db, &["-t", &table(&db, "a")]));
    assert_eq!(records.lines().count(), 3);
    db.load("b", &[]).stdin(records).succeeds_with("");
    for (from, to) in [("a", "b"), ("b", "a")] {
        assert_eq!(
            db.rows(&format!(
                "SELECT count(*) FROM (SELECT x::text FROM {{s}}.{from} x \
                 EXCEPT SELECT x::text FROM {{s}}.{to} x) d"
            )),
            ["(0)"],
            "rows of {from} missing from {to}"
        );
    }
    assert_eq!(db.rows("SELECT count(*) FROM {s}.b"), ["(3)"]);
    // The same through CSV, for the types CSV carries as text alone.
    db.sql("TRUNCATE {s}.b");
    let csv = stdout_of(extract(
        &db,
        &[
            "-t",
            &table(&db, "a"),
            "-O",
            "csv",
            "--columns",
            "id,i8,n,tstz,iv,t",
        ],
    ));
    db.load("b", &[]).stdin(csv).succeeds_with("");
    assert_eq!(
        db.rows(
            "SELECT count(*) FROM (SELECT id, i8, n::text, tstz, iv, coalesce(t, '') FROM {s}.a \
             EXCEPT SELECT id, i8, n::text, tstz, iv, coalesce(t, '') FROM {s}.b) d"
        ),
        ["(0)"]
    );
}

/// bytea is base64: checked against the server's own decoding of what came out.
#[test]
fn bytea_is_base64() {
    let Some(mut db) = db("extract_bytea") else {
        return;
    };
    db.sql(
        "CREATE TABLE {s}.t (id int, b bytea); INSERT INTO {s}.t VALUES \
         (1, '\\x00'), (2, '\\x00ff00'), (3, ''), (4, NULL), (5, 'abc'), \
         (6, (SELECT string_agg(set_byte('\\x00'::bytea, 0, (i * 37) % 256), '') \
              FROM generate_series(1, 300) i))",
    );
    let out = stdout_of(extract(
        &db,
        &[
            "--query",
            &format!("SELECT * FROM {} ORDER BY id", table(&db, "t")),
        ],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        &lines[..5],
        [
            r#"{"id":1,"b":"AA=="}"#,
            r#"{"id":2,"b":"AP8A"}"#,
            r#"{"id":3,"b":""}"#,
            r#"{"id":4,"b":null}"#,
            r#"{"id":5,"b":"YWJj"}"#,
        ]
    );
    let long: Json = serde_json::from_str(lines[5]).unwrap();
    let base64 = long["b"].as_str().unwrap();
    assert_eq!(base64.len(), 400);
    let same = db
        .client
        .query_one(
            &format!(
                "SELECT b = decode($1, 'base64') FROM {} WHERE id = 6",
                table(&db, "t")
            ),
            &[&base64],
        )
        .unwrap();
    assert!(same.get::<_, bool>(0));
}

const SMALL: &str = "
    CREATE TABLE {s}.t (id int, t text, n numeric, f float8, ts timestamptz, d date,
                        j jsonb, js json, a text[], ok boolean);
    INSERT INTO {s}.t VALUES
      (1, E'a,\"b\"\\nc', 12.50, 0.1, '2024-03-01 10:00:00.5+01', '2024-02-29',
       '{\"k\": [1, null]}', E'{\"x\":\\n 1}', '{x,NULL}', true),
      (2, '', 'NaN', 'Infinity', 'infinity', '-infinity', 'null', '\"s\"', '{}', false),
      (3, NULL, '-Infinity', '-Infinity', '-infinity', NULL, NULL, NULL, NULL, NULL);
";

/// The exact CSV, TSV and NDJSON of a small table: quoting, NULL and empty, special
/// values, nested JSON.
#[test]
fn csv_tsv_and_ndjson_exactly() {
    let Some(mut db) = db("extract_exact") else {
        return;
    };
    db.sql(SMALL);
    let query = format!("SELECT * FROM {} ORDER BY id", table(&db, "t"));
    extract(&db, &["--query", &query, "-O", "csv"]).succeeds_with(
        "id,t,n,f,ts,d,j,js,a,ok\n\
         1,\"a,\"\"b\"\"\nc\",12.50,0.1,2024-03-01T09:00:00.500Z,2024-02-29,\"{\"\"k\"\": [1, null]}\",\
         \"{\"\"x\"\":  1}\",\"[\"\"x\"\",null]\",true\n\
         2,,NaN,Infinity,infinity,-infinity,null,\"\"\"s\"\"\",[],false\n\
         3,,-Infinity,-Infinity,-infinity,,,,,\n",
    );
    extract(&db, &["--query", &query, "-O", "tsv"])
        .run()
        .expect(
            0,
            "id\tt\tn\tf\tts\td\tj\tjs\ta\tok\n\
             1\ta,\"b\"\\nc\t12.50\t0.1\t2024-03-01T09:00:00.500Z\t2024-02-29\t{\"k\": [1, null]}\t\
             {\"x\":  1}\t[\"x\",null]\ttrue\n\
             2\t\tNaN\tInfinity\tinfinity\t-infinity\tnull\t\"s\"\t[]\tfalse\n\
             3\t\t-Infinity\t-Infinity\t-infinity\t\t\t\t\t\n",
            "",
        );
    extract(&db, &["--query", &query]).succeeds_with(
        "{\"id\":1,\"t\":\"a,\\\"b\\\"\\nc\",\"n\":12.50,\"f\":0.1,\"ts\":\"2024-03-01T09:00:00.500Z\",\
         \"d\":\"2024-02-29\",\"j\":{\"k\": [1, null]},\"js\":{\"x\":  1},\"a\":[\"x\",null],\"ok\":true}\n\
         {\"id\":2,\"t\":\"\",\"n\":\"NaN\",\"f\":\"Infinity\",\"ts\":\"infinity\",\"d\":\"-infinity\",\
         \"j\":null,\"js\":\"s\",\"a\":[],\"ok\":false}\n\
         {\"id\":3,\"t\":null,\"n\":\"-Infinity\",\"f\":\"-Infinity\",\"ts\":\"-infinity\",\"d\":null,\
         \"j\":null,\"js\":null,\"a\":null,\"ok\":null}\n",
    );
    // Types without a decoder come as the text their output function writes; a NULL
    // stays null, a composite of NULL fields does not.
    extract(
        &db,
        &[
            "--query",
            "SELECT '::1'::inet AS ip, ROW(NULL, NULL) AS r, NULL::inet AS n, B'' AS b",
        ],
    )
    .succeeds_with("{\"ip\":\"::1\",\"r\":\"(,)\",\"n\":null,\"b\":\"\"}\n");
    // An empty result still names its columns in CSV.
    extract(
        &db,
        &["-t", &table(&db, "t"), "--where", "id > 100", "-O", "csv"],
    )
    .succeeds_with("id,t,n,f,ts,d,j,js,a,ok\n");
    // Columns of the table, in the order asked; a WHERE with a comment of its own.
    extract(
        &db,
        &[
            "-t",
            &table(&db, "t"),
            "--columns",
            "ok,id",
            "--where",
            "id < 3 -- not 3",
            "-O",
            "csv",
        ],
    )
    .succeeds_with("ok,id\ntrue,1\nfalse,2\n");
}

/// A database of its own for a test of `--incremental-column` on a time column: the
/// bound of a run waits for the transactions open in its database, and other tests
/// keep some open in theirs.
fn own_database(name: &str) -> Option<(Client, String)> {
    let db = db(name)?;
    let mut admin = db.client;
    let database = format!("etlkit_test_{name}");
    let exists = admin
        .query_one(
            "SELECT count(*) FROM pg_database WHERE datname = $1",
            &[&database],
        )
        .unwrap()
        .get::<_, i64>(0);
    if exists == 0 {
        admin
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .unwrap();
    }
    let (base, query) = match db.url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (db.url.as_str(), String::new()),
    };
    let url = format!("{}/{database}{query}", base.rsplit_once('/').unwrap().0);
    let mut client = Client::connect(&url, NoTls).unwrap();
    client
        .batch_execute("SET TimeZone = 'UTC'; DROP TABLE IF EXISTS src")
        .unwrap();
    Some((client, url))
}

/// The ids and values a run wrote, sorted.
fn ids_and_values(ndjson: &str) -> Vec<(i64, String)> {
    let mut rows: Vec<(i64, String)> = ndjson
        .lines()
        .map(|line| {
            let record: Json = serde_json::from_str(line).unwrap();
            (
                record["id"].as_i64().unwrap(),
                record["v"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn pairs(rows: &[(i64, &str)]) -> Vec<(i64, String)> {
    rows.iter().map(|(id, v)| (*id, (*v).to_owned())).collect()
}

/// Three runs and more with inserts and updates between them read every row once:
/// a row stamped with the committed mark itself (a tie), a row of a transaction that
/// was open during a run, a run that was not committed (read again).
#[test]
fn incremental_runs_read_each_change_once() {
    let Some((mut client, url)) = own_database("extract_incremental") else {
        return;
    };
    client
        .batch_execute(
            "CREATE TABLE src (id int PRIMARY KEY, v text, \
               updated_at timestamptz NOT NULL DEFAULT clock_timestamp()); \
             INSERT INTO src (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')",
        )
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("src.state");
    let state = state.to_str().unwrap();
    let run = || {
        let out = stdout_of(
            etl("etl-pg-extract")
                .args(["--db", &url, "-t", "src", "--columns", "id,v"])
                .args([
                    "--incremental-column",
                    "updated_at",
                    "--state",
                    state,
                    "--lag",
                    "0",
                ]),
        );
        ids_and_values(&out)
    };
    let commit = || {
        etl("etl-pg-extract")
            .args(["--commit-state", state])
            .succeeds_with("")
    };
    assert_eq!(run(), pairs(&[(1, "a"), (2, "b"), (3, "c")]));
    commit();
    let mark: Json = serde_json::from_str(&std::fs::read_to_string(state).unwrap()).unwrap();
    assert_eq!(mark["column"], "updated_at");
    assert_eq!(mark["type"], "timestamptz");
    let mark = mark["mark"].as_str().unwrap().to_owned();

    // An update, an insert, and a row stamped with the mark itself.
    client
        .execute(
            "UPDATE src SET v = 'b2', updated_at = clock_timestamp() WHERE id = 2",
            &[],
        )
        .unwrap();
    client
        .execute(
            "INSERT INTO src VALUES (4, 'd', clock_timestamp()), (5, 'tie', $1::text::timestamptz)",
            &[&mark],
        )
        .unwrap();
    let second = pairs(&[(2, "b2"), (4, "d"), (5, "tie")]);
    assert_eq!(run(), second);
    // Not committed: the next run reads them again.
    assert_eq!(run(), second);
    commit();

    // A transaction open during the run: its row is stamped before the run's clock but
    // becomes visible only after it.
    let mut writer = Client::connect(&url, NoTls).unwrap();
    let mut open = writer.transaction().unwrap();
    open.execute("INSERT INTO src (id, v) VALUES (6, 'late')", &[])
        .unwrap();
    client
        .execute(
            "UPDATE src SET v = 'c2', updated_at = clock_timestamp() WHERE id = 3",
            &[],
        )
        .unwrap();
    assert_eq!(run(), []);
    open.commit().unwrap();
    commit();
    assert_eq!(run(), pairs(&[(3, "c2"), (6, "late")]));
    commit();
    assert_eq!(run(), []);
    commit();
    // A state of another column is refused.
    etl("etl-pg-extract")
        .args([
            "--db",
            &url,
            "-t",
            "src",
            "--incremental-column",
            "id",
            "--state",
            state,
        ])
        .run()
        .expect(
            2,
            "",
            "etl-pg-extract: the state holds the mark of column updated_at (timestamptz), not of \
             id (int4); remove the state file to start over\n",
        );
}

/// The cron job of the README, end to end: changed rows move to another table exactly
/// once, through etl-pg-load --upsert.
#[test]
fn incremental_pipeline_keeps_a_copy_in_step() {
    let Some((mut client, url)) = own_database("extract_pipeline") else {
        return;
    };
    client
        .batch_execute(
            "DROP TABLE IF EXISTS dst; \
             CREATE TABLE src (id int PRIMARY KEY, v text, n numeric, \
               updated_at timestamptz NOT NULL DEFAULT clock_timestamp()); \
             CREATE TABLE dst (LIKE src); ALTER TABLE dst ADD PRIMARY KEY (id); \
             INSERT INTO src (id, v, n) SELECT i, 'v' || i, i / 7.0 FROM generate_series(1, 500) i",
        )
        .unwrap();
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("src.state");
    let job = format!(
        "etl-pg-extract --db '{url}' -t src --incremental-column updated_at --state '{state}' --lag 0 \
         | etl-pg-load --db '{url}' -t dst --upsert id && etl-pg-extract --commit-state '{state}'",
        state = state.display()
    );
    let cron = || {
        let status = Command::new("bash")
            .args(["-o", "pipefail", "-c", &job])
            .env("PATH", path_with_binaries())
            .status()
            .unwrap();
        assert!(status.success());
    };
    let differ = |client: &mut Client| -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM (SELECT s::text FROM src s EXCEPT SELECT d::text FROM dst d) x",
                &[],
            )
            .unwrap()
            .get(0)
    };
    cron();
    assert_eq!(differ(&mut client), 0);
    for round in 0..3 {
        client
            .batch_execute(&format!(
                "UPDATE src SET v = v || '+', updated_at = clock_timestamp() WHERE id % 7 = {round}; \
                 INSERT INTO src (id, v) SELECT i, 'new' FROM generate_series({0}, {0} + 9) i",
                1000 + 10 * round
            ))
            .unwrap();
        cron();
        assert_eq!(differ(&mut client), 0);
    }
    let count: i64 = client
        .query_one("SELECT count(*) FROM dst", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 530);
}

/// An integer column, and a column of a query's result: mark < COL <= max.
#[test]
fn incremental_by_an_integer_column_of_a_query() {
    let Some(mut db) = db("extract_serial") else {
        return;
    };
    db.sql(
        "CREATE TABLE {s}.log (id bigserial PRIMARY KEY, v text); \
         INSERT INTO {s}.log (v) VALUES ('a'), ('b')",
    );
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("log.state");
    let state = state.to_str().unwrap();
    let query = format!("SELECT id, upper(v) AS v FROM {}", table(&db, "log"));
    let url = db.url.clone();
    let run = || {
        ids_and_values(&stdout_of(etl("etl-pg-extract").args([
            "--db",
            &url,
            "--query",
            &query,
            "--incremental-column",
            "id",
            "--state",
            state,
        ])))
    };
    let commit = || {
        etl("etl-pg-extract")
            .args(["--commit-state", state])
            .succeeds_with("")
    };
    assert_eq!(run(), pairs(&[(1, "A"), (2, "B")]));
    commit();
    assert_eq!(run(), []);
    commit();
    db.sql("INSERT INTO {s}.log (v) VALUES ('c'), ('d')");
    assert_eq!(run(), pairs(&[(3, "C"), (4, "D")]));
    commit();
    db.sql("INSERT INTO {s}.log (v) VALUES ('e')");
    assert_eq!(run(), pairs(&[(5, "E")]));
    commit();
    let mark: Json = serde_json::from_str(&std::fs::read_to_string(state).unwrap()).unwrap();
    assert_eq!(mark["mark"], "5");
    extract(
        &db,
        &[
            "--query",
            &query,
            "--incremental-column",
            "nope",
            "--state",
            state,
        ],
    )
    .run()
    .expect(
        2,
        "",
        "etl-pg-extract: --incremental-column nope is not a column of the query's result\n",
    );
}

/// --jobs reads a table over several connections: every row once, one CSV header.
#[test]
fn jobs_read_every_row_once() {
    let Some(mut db) = db("extract_jobs") else {
        return;
    };
    db.sql(
        "CREATE TABLE {s}.t (id bigint PRIMARY KEY, v text, tags jsonb); \
         INSERT INTO {s}.t SELECT i, 'v,' || i, jsonb_build_object('i', i) \
           FROM generate_series(-5000, 44999) i; \
         CREATE TABLE {s}.nokey (k int, v text); \
         INSERT INTO {s}.nokey SELECT nullif(i % 100, 0), 'x' FROM generate_series(1, 1000) i",
    );
    let sorted = |text: String| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let header = lines.remove(0);
        lines.sort();
        (header, lines)
    };
    let one = sorted(stdout_of(extract(
        &db,
        &["-t", &table(&db, "t"), "-O", "csv"],
    )));
    assert_eq!(one.1.len(), 50_000);
    for jobs in ["2", "4", "7"] {
        let many = sorted(stdout_of(extract(
            &db,
            &["-t", &table(&db, "t"), "-O", "csv", "--jobs", jobs],
        )));
        assert_eq!(many, one, "--jobs {jobs}");
    }
    let ndjson = stdout_of(extract(
        &db,
        &[
            "-t",
            &table(&db, "t"),
            "--jobs",
            "3",
            "--where",
            "id % 2 = 0",
        ],
    ));
    assert_eq!(ndjson.lines().count(), 25_000);
    // By a column of one's choice, NULL keys included.
    let rows = stdout_of(extract(
        &db,
        &[
            "-t",
            &table(&db, "nokey"),
            "-j",
            "3",
            "--split-column",
            "k",
            "-O",
            "tsv",
        ],
    ));
    assert_eq!(rows.lines().count(), 1001);
    extract(&db, &["-t", &table(&db, "nokey"), "-j", "2"])
        .run()
        .expect(
            2,
            "",
            "etl-pg-extract: --jobs: pgl_extract_jobs.nokey has no primary key of one column; \
             name an integer column to split by with --split-column\n",
        );
    extract(
        &db,
        &["-t", &table(&db, "nokey"), "-j", "2", "--split-column", "v"],
    )
    .run()
    .expect(
        2,
        "",
        "etl-pg-extract: --jobs splits by ranges of an integer column; v is text\n",
    );
    extract(&db, &["--query", "SELECT 1", "-j", "2"]).run().expect(
        2,
        "",
        "etl-pg-extract: --jobs splits a table (-t) by ranges of a key; a --query runs on one connection\n",
    );
}

/// Names are only names, the user's SQL is theirs, secrets are not printed.
#[test]
fn names_quoted_errors_clear_passwords_masked() {
    let Some(mut db) = db("extract_names") else {
        return;
    };
    let evil = r#"x"; DROP TABLE y; --"#;
    db.sql(&format!(
        "CREATE TABLE {{s}}.y (id int); CREATE TABLE {{s}}.{} (\"a\"\"b\" int, \"Mixed Case\" text); \
         INSERT INTO {{s}}.{} VALUES (1, 'one')",
        quoted(evil),
        quoted(evil)
    ));
    extract(
        &db,
        &[
            "-t",
            &format!("{}.{evil}", db.schema),
            "--columns",
            "Mixed Case,a\"b",
            "-O",
            "csv",
        ],
    )
    .succeeds_with("Mixed Case,\"a\"\"b\"\none,1\n");
    assert_eq!(db.rows("SELECT count(*) FROM {s}.y"), ["(0)"]);
    extract(&db, &["-t", &table(&db, "y"), "--columns", "id,nope"])
        .run()
        .expect(
            4,
            "",
            &format!(
                "etl-pg-extract: {}: ERROR: column \"nope\" does not exist\n",
                db.url
                    .split_once("://")
                    .unwrap()
                    .1
                    .split('?')
                    .next()
                    .unwrap()
            ),
        );
    extract(&db, &["-t", &table(&db, "missing")]).run().expect(
        2,
        "",
        "etl-pg-extract: table pgl_extract_names.missing does not exist\n",
    );
    // A read-only transaction: a query that writes fails.
    db.sql("CREATE SEQUENCE {s}.seq");
    let outcome = extract(
        &db,
        &[
            "--query",
            &format!("SELECT nextval('{}')", table(&db, "seq")),
        ],
    )
    .run();
    assert_eq!(outcome.code, Some(4), "{outcome:?}");
    assert!(
        outcome.stderr.contains("read-only transaction"),
        "{}",
        outcome.stderr
    );
    // The password of a URL never shows.
    let with_password = db.url.replacen("://postgres@", "://postgres:s3cr3t@", 1);
    assert_ne!(with_password, db.url, "the test URL has the user postgres");
    let outcome = etl("etl-pg-extract")
        .args(["--db", &with_password, "--query", "SELECT 1/0"])
        .run();
    assert_eq!(outcome.code, Some(4));
    assert!(
        outcome.stderr.contains("division by zero"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("s3cr3t"), "{}", outcome.stderr);
}

/// The connection flags are etl-pg-load's: psql's -h, -p, -U, -d, and DATABASE_URL.
#[test]
fn connects_as_psql_does() {
    let Some(mut db) = db("extract_connect") else {
        return;
    };
    db.sql("CREATE TABLE {s}.t (n int); INSERT INTO {s}.t VALUES (7)");
    let rest = db.url.split_once("://").unwrap().1;
    let (user, rest) = rest.split_once('@').unwrap();
    let (host_port, dbname) = rest.split_once('/').unwrap();
    let (host, port) = host_port.rsplit_once(':').unwrap();
    let dbname = dbname.split('?').next().unwrap();
    let t = table(&db, "t");
    etl("etl-pg-extract")
        .args(["-h", host, "-p", port, "-U", user, "-d", dbname, "-t", &t])
        .succeeds_with("{\"n\":7}\n");
    etl("etl-pg-extract")
        .env("DATABASE_URL", &db.url)
        .args(["-t", &t, "-O", "csv"])
        .succeeds_with("n\n7\n");
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A reader that closes the pipe early ends the extract quietly with 0, writing no
/// pending state.
#[test]
fn head_ends_it_quietly() {
    let Some(mut db) = db("extract_head") else {
        return;
    };
    db.sql(
        "CREATE TABLE {s}.t (id int, ts timestamptz DEFAULT '2020-01-01'); \
         INSERT INTO {s}.t (id) SELECT generate_series(1, 300000)",
    );
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("t.state");
    let mut child = Command::new(bin_dir().join("etl-pg-extract"))
        .args(["--db", &db.url, "-t", &table(&db, "t")])
        .args(["--incremental-column", "ts", "--state"])
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = finish(child, PATIENCE);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(!Path::new(&format!("{}.pending", state.display())).exists());
}

/// SIGTERM stops it as a source: what it read is written, the exit status is 143, and
/// no pending state claims rows it did not write.
#[test]
fn sigterm_stops_it_without_a_new_mark() {
    let Some(mut db) = db("extract_sigterm") else {
        return;
    };
    db.sql(
        "CREATE TABLE {s}.t (id int, ts timestamptz DEFAULT '2020-01-01'); \
         INSERT INTO {s}.t (id) SELECT generate_series(1, 300000)",
    );
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("t.state");
    let mut child = Command::new(bin_dir().join("etl-pg-extract"))
        .args(["--db", &db.url, "-t", &table(&db, "t"), "-O", "csv"])
        .args(["--incremental-column", "ts", "--state"])
        .arg(&state)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 4096];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut stdout, &mut rest).unwrap();
    let output = finish(child, PATIENCE);
    assert_eq!(output.status.code(), Some(143));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    let lines = [&first[..], &rest]
        .concat()
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    assert!((2..300_001).contains(&lines), "{lines} lines");
    assert!(!Path::new(&format!("{}.pending", state.display())).exists());
}
