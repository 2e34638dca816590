//! etl-pg-load against a real PostgreSQL server (`ETLKIT_TEST_PG`, from
//! scripts/services). Each test works in its own schema, dropped and made anew, so tests
//! run in parallel and can be rerun; results are checked row by row in the server.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use postgres::{Client, NoTls};
use serde_json::Value as Json;

use crate::harness::{bin_dir, etl, finish, service, Run, PATIENCE};

/// A test's own schema on the test server.
pub(crate) struct Db {
    pub(crate) url: String,
    pub(crate) client: Client,
    pub(crate) schema: String,
}

/// Connects and makes a fresh schema `pgl_<name>`; `None` (skipped) without a server.
pub(crate) fn db(name: &str) -> Option<Db> {
    Some(db_at(service("ETLKIT_TEST_PG")?, name))
}

/// Like [`db`], in a database of its own (dropped when the test ends): for a test that
/// leaves prepared transactions for a while, which every other test's etl-pg-load in
/// the same database would end (and say so), as it ends those of any crashed --jobs load.
fn db_of_its_own(name: &str) -> Option<Own> {
    let url = service("ETLKIT_TEST_PG")?;
    let database = format!("etlkit_test_{name}_{}", std::process::id());
    let mut admin = Client::connect(&url, NoTls).expect("the test server accepts connections");
    // One statement a call: neither runs in a transaction block.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .unwrap();
    let (server, _) = url.rsplit_once('/').expect("a database in the URL");
    let db = db_at(format!("{server}/{database}"), name);
    Some(Own {
        db: Some(db),
        admin,
        database,
    })
}

/// A [`Db`] in a database of its own, dropped with it.
struct Own {
    db: Option<Db>,
    admin: Client,
    database: String,
}

impl Drop for Own {
    fn drop(&mut self) {
        self.db.take();
        let _ = self.admin.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.database
        ));
    }
}

fn db_at(url: String, name: &str) -> Db {
    let mut client = Client::connect(&url, NoTls).expect("the test server accepts connections");
    let schema = format!("pgl_{name}");
    client
        .batch_execute(&format!(
            "SET TimeZone = 'UTC'; DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
    Db {
        url,
        client,
        schema,
    }
}

impl Db {
    /// Runs SQL with `{s}` standing for the schema.
    pub(crate) fn sql(&mut self, sql: &str) {
        self.client
            .batch_execute(&sql.replace("{s}", &self.schema))
            .unwrap();
    }

    /// Every row of a query as its text (`(1,alice,t)`), in the query's order.
    pub(crate) fn rows(&mut self, query: &str) -> Vec<String> {
        let query = query.replace("{s}", &self.schema);
        self.client
            .query(&format!("SELECT q::text FROM ({query}) q"), &[])
            .unwrap()
            .iter()
            .map(|row| row.get(0))
            .collect()
    }

    /// `etl-pg-load --db URL -t SCHEMA.TABLE ARGS…`.
    pub(crate) fn load(&self, table: &str, args: &[&str]) -> Run {
        let target = format!("{}.{table}", self.schema);
        etl("etl-pg-load")
            .args(["--db", &self.url, "-t", &target])
            .args(args)
    }

    /// Column names and types as the catalog shows them.
    fn columns(&mut self, table: &str) -> Vec<String> {
        let query = format!(
            "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute \
             WHERE attrelid = to_regclass('{{s}}.{table}') AND attnum > 0 ORDER BY attnum"
        );
        self.rows(&query)
            .into_iter()
            .map(|r| r.trim_matches(['(', ')', '"']).to_owned())
            .collect()
    }
}

const EVENTS: &str = "id,name,amount,ok,ts,day,tags\n\
    1,alice,12.50,true,2024-03-01T01:00:00+01:00,2024-03-01,\"{\"\"a\"\":1}\"\n\
    2,bob,,false,2024-03-02 10:00:00,2024-03-02,\n\
    3,carol,7,true,2024-03-03T00:00:00Z,2024-03-03,[]\n";

#[test]
fn create_infers_types_and_loads() {
    let Some(mut db) = db("create") else { return };
    db.load("events", &["--create", "--infer-rows", "2"])
        .stdin(EVENTS.replace(",[]\n", ",x\n"))
        .succeeds_with("");
    assert_eq!(
        db.columns("events"),
        [
            "id bigint",
            "name text",
            "amount numeric",
            "ok boolean",
            "ts timestamp with time zone",
            "day date",
            "tags text",
        ]
    );
    assert_eq!(
        db.rows("SELECT * FROM {s}.events ORDER BY id"),
        [
            r#"(1,alice,12.50,t,"2024-03-01 00:00:00+00",2024-03-01,"{""a"":1}")"#,
            r#"(2,bob,,f,"2024-03-02 10:00:00+00",2024-03-02,)"#,
            r#"(3,carol,7,t,"2024-03-03 00:00:00+00",2024-03-03,x)"#,
        ]
    );
}

#[test]
fn dry_run_prints_the_ddl_without_connecting() {
    etl("etl-pg-load")
        .args(["--db", "postgresql://nobody@127.0.0.1:1/none"])
        .args(["-t", "Sales.events", "--create", "--dry-run"])
        .stdin(
            "{\"id\":1,\"amount\":1.5,\"ok\":true,\"at\":\"2024-03-01T00:00:00Z\",\"tags\":[\"a\"],\"n\":null}\n\
             {\"id\":2,\"amount\":2,\"ok\":false,\"at\":\"2024-03-02\",\"tags\":{},\"n\":null}\n",
        )
        .succeeds_with(
            "CREATE TABLE \"Sales\".\"events\" (\n    \"id\" bigint,\n    \"amount\" numeric,\n    \
             \"ok\" boolean,\n    \"at\" timestamp with time zone,\n    \"tags\" jsonb,\n    \"n\" text\n);\n",
        );
}

/// Regression (issue 19, 11): an empty or over-long field name reached the server,
/// which refused it or cut it short.
#[test]
fn create_refuses_field_names_postgresql_cannot_keep() {
    let long = "a".repeat(64);
    for (header, said) in [
        (
            "\"\",b".to_owned(),
            "an empty name is not a PostgreSQL identifier".to_owned(),
        ),
        (
            format!("{long},b"),
            format!("{long:?} is longer than PostgreSQL's 63-byte limit for names"),
        ),
    ] {
        etl("etl-pg-load")
            .args(["--db", "postgresql://nobody@127.0.0.1:1/none"])
            .args(["-t", "t", "--create", "--dry-run"])
            .stdin(format!("{header}\n1,2\n"))
            .run()
            .expect(
                2,
                "",
                &format!("etl-pg-load: --create makes a column of each field: {said}\n"),
            );
    }
}

#[test]
fn existing_table_maps_fields_by_name() {
    let Some(mut db) = db("existing") else { return };
    db.sql(
        "CREATE TABLE {s}.t (id int PRIMARY KEY, note text DEFAULT 'none', \
         created date DEFAULT '2000-01-01', amount numeric(10,2))",
    );
    // Fields in another order; `note` and `created` missing: their defaults.
    db.load("t", &[])
        .stdin("amount,id\n1.5,1\n,2\n")
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(1,none,2000-01-01,1.50)", "(2,none,2000-01-01,)"]
    );
    // NDJSON records with different fields: each takes the defaults of what it lacks.
    db.load("t", &[])
        .stdin("{\"id\":5}\n{\"id\":6,\"note\":\"x\"}\n{\"note\":null,\"id\":7}\n")
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT id, note FROM {s}.t WHERE id > 4 ORDER BY id"),
        ["(5,none)", "(6,x)", "(7,)"]
    );
    db.sql("DELETE FROM {s}.t WHERE id > 4");
    // A field without a column is an error, or left out with --ignore-extra.
    db.load("t", &[])
        .stdin("id,colour\n3,red\n")
        .run()
        .expect(
            2,
            "",
            "etl-pg-load: field \"colour\" has no column in table pgl_existing.t; --ignore-extra leaves it out\n",
        );
    db.load("t", &["--ignore-extra"])
        .stdin("id,colour\n3,red\n")
        .succeeds_with("");
    assert_eq!(db.rows("SELECT count(*) FROM {s}.t"), ["(3)"]);
    etl("etl-pg-load")
        .args(["--db", &db.url, "-t", "pgl_existing.missing"])
        .stdin("id\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-pg-load: table pgl_existing.missing does not exist; --create creates it\n",
        );
}

#[test]
fn every_type_converts_client_side() {
    let Some(mut db) = db("types") else { return };
    db.sql(
        "CREATE TYPE {s}.mood AS ENUM ('happy', 'sad'); \
         CREATE DOMAIN {s}.positive AS int CHECK (VALUE > 0); \
         CREATE TABLE {s}.t (b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, \
         n numeric, big numeric, t text, v varchar(5), c char(3), m {s}.mood, p {s}.positive, \
         j json, jb jsonb, d date, ts timestamp, tz timestamptz, u uuid)",
    );
    let ndjson = concat!(
        r#"{"b":true,"i2":-32768,"i4":2147483647,"i8":-9223372036854775808,"f4":1.5,"f8":-2.5e-300,"#,
        r#""n":"12.340","big":123456789012345678901234567890.123456789,"t":"tab\there","v":"12345","c":"ab","#,
        r#""m":"sad","p":7,"j":{"k":[1,null]},"jb":{"z":1,"a":"x"},"d":"2024-02-29","#,
        r#""ts":"2024-03-01T12:30:00.123456+05:00","tz":"10/Oct/2000:13:55:36 -0700","#,
        r#""u":"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"}"#,
        "\n",
        r#"{"b":"no","i2":"7","f4":"NaN","f8":"-Infinity","n":"NaN","tz":1709251206,"jb":"text","j":[]}"#,
        "\n"
    );
    db.load("t", &[]).stdin(ndjson).succeeds_with("");
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY i2"),
        [
            r#"(t,-32768,2147483647,-9223372036854775808,1.5,-2.5e-300,12.340,123456789012345678901234567890.123456789,"tab	here",12345,"ab ",sad,7,"{""k"":[1,null]}","{""a"": ""x"", ""z"": 1}",2024-02-29,"2024-03-01 12:30:00.123456","2000-10-10 20:55:36+00",a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11)"#,
            r#"(f,7,,,NaN,-Infinity,NaN,,,,,,,[],"""text""",,,"2024-03-01 00:00:06+00",)"#,
        ]
    );
}

#[test]
fn types_the_server_parses_go_as_text() {
    let Some(mut db) = db("text_copy") else {
        return;
    };
    db.sql(
        "CREATE TABLE {s}.t (ip inet, took interval, ids int[], tags text[], at time, \
         tz timestamptz, n bigint, j json, note text)",
    );
    let ndjson = concat!(
        r#"{"ip":"192.0.2.1","took":"1 hour 30 minutes","ids":[1,null,3],"tags":["a b","c\"d","e\\f"],"#,
        r#""at":"12:30:00","tz":"10/Oct/2000:13:55:36 -0700","n":7,"j":{"k":[1]},"note":"tab\there\nline"}"#,
        "\n",
        r#"{"ip":"2001:db8::/32","took":null,"ids":"{4,5}","tags":[],"at":null,"tz":1709251206,"n":null,"j":null,"note":"\\N"}"#,
        "\n"
    );
    db.load("t", &[]).stdin(ndjson).succeeds_with("");
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY n"),
        [
            r#"(192.0.2.1,01:30:00,"{1,NULL,3}","{""a b"",""c\\""d"",""e\\\\f""}",12:30:00,"2000-10-10 20:55:36+00",7,"{""k"":[1]}","tab	here
line")"#,
            r#"(2001:db8::/32,,"{4,5}",{},,"2024-03-01 00:00:06+00",,,"\\N")"#,
        ]
    );
    // Values of known types are still checked here; the others by the server.
    db.load("t", &[])
        .stdin("{\"ip\":\"10.0.0.1\",\"n\":\"seven\"}\n")
        .run()
        .expect(
            1,
            "",
            "etl-pg-load: <stdin>:1: field \"n\": \"seven\" is not a valid bigint\n",
        );
    db.load("t", &[])
        .stdin("ip,n\n10.0.0.1,1\nnot-an-ip,2\n")
        .run()
        .expect(
            4,
            "",
            "etl-pg-load: <stdin>:3: loading into pgl_text_copy.t failed (rolled back, the table is as before): \
             ERROR: invalid input syntax for type inet: \"not-an-ip\" [COPY t, line 2, column ip: \"not-an-ip\"]\n",
        );
    assert_eq!(db.rows("SELECT count(*) FROM {s}.t"), ["(2)"]);
}

#[test]
fn nulls_empties_and_empty_as_empty() {
    let Some(mut db) = db("nulls") else { return };
    db.sql("CREATE TABLE {s}.t (id int, s text, n int)");
    db.load("t", &[]).stdin("id,s,n\n1,,\n").succeeds_with("");
    db.load("t", &["--empty-as-empty"])
        .stdin("id,s,n\n2,,\n")
        .succeeds_with("");
    db.load("t", &[])
        .stdin("{\"id\":3,\"s\":\"\",\"n\":null}\n{\"id\":4,\"s\":null}\n")
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT id, s IS NULL, s, n IS NULL FROM {s}.t ORDER BY id"),
        ["(1,t,,t)", "(2,f,\"\",t)", "(3,f,\"\",t)", "(4,t,,t)"]
    );
    // NOT NULL is checked here: a bad record with its line, for the policy.
    db.sql("CREATE TABLE {s}.required (id int NOT NULL, s text)");
    db.load("required", &[])
        .stdin("s,id\nx,1\ny,\n")
        .run()
        .expect(
            1,
            "",
            "etl-pg-load: <stdin>:3: field \"id\": null, but the column is integer NOT NULL\n",
        );
    let outcome = db
        .load("required", &["--on-error", "skip"])
        .stdin("{\"id\":null}\n{\"id\":2}\n")
        .run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(db.rows("SELECT * FROM {s}.required"), ["(2,)"]);
}

#[test]
fn upsert_twice_leaves_the_same_rows() {
    let Some(mut db) = db("upsert") else { return };
    db.sql(
        "CREATE TABLE {s}.t (id int PRIMARY KEY, name text, n int, j json); \
         INSERT INTO {s}.t VALUES (1, 'old', 0, NULL), (9, 'kept', 9, '{}')",
    );
    // Key 2 twice: the last record wins. json has no equality operator.
    let input = "id,name,n,j\n1,new,1,[1]\n2,first,2,\n2,second,3,{}\n";
    for _ in 0..2 {
        db.load("t", &["--upsert", "id"])
            .stdin(input)
            .succeeds_with("");
        assert_eq!(
            db.rows("SELECT * FROM {s}.t ORDER BY id"),
            ["(1,new,1,[1])", "(2,second,3,{})", "(9,kept,9,{})"]
        );
    }
    // The second run changed nothing: no row got a new version.
    let before = db.rows("SELECT xmin FROM {s}.t ORDER BY id");
    db.load("t", &["--upsert", "id"])
        .stdin(input)
        .succeeds_with("");
    assert_eq!(db.rows("SELECT xmin FROM {s}.t ORDER BY id"), before);
    db.load("t", &["--upsert", "name"]).stdin(input).run().expect(
        2,
        "",
        "etl-pg-load: --upsert name: pgl_upsert.t has no unique index or constraint on exactly these columns\n",
    );
    // An identity column the input does not give: generated on insert, kept on update.
    db.sql("CREATE TABLE {s}.ident (id int GENERATED ALWAYS AS IDENTITY, k text UNIQUE, v int NOT NULL)");
    for v in [1, 2] {
        db.load("ident", &["--upsert", "k"])
            .stdin(format!("k,v\na,{v}\nb,{v}\n"))
            .succeeds_with("");
    }
    assert_eq!(
        db.rows("SELECT * FROM {s}.ident ORDER BY id"),
        ["(1,a,2)", "(2,b,2)"]
    );
    // A two-column key, named in another order than the index has it.
    db.sql("CREATE TABLE {s}.pair (a int, b text, n int, UNIQUE (b, a))");
    for _ in 0..2 {
        db.load("pair", &["--upsert", "a,b"])
            .stdin("a,b,n\n1,x,1\n1,y,2\n1,x,3\n")
            .succeeds_with("");
    }
    assert_eq!(
        db.rows("SELECT * FROM {s}.pair ORDER BY b"),
        ["(1,x,3)", "(1,y,2)"]
    );
    db.load("t", &["--upsert", "nope"])
        .stdin(input)
        .run()
        .expect(
            2,
            "",
            "etl-pg-load: --upsert key \"nope\" is not a column of pgl_upsert.t\n",
        );
}

/// --create makes the key --upsert needs (or the one --primary-key names); -v and
/// --metrics say how many rows were inserted, updated and left as they were;
/// --on-conflict ignore keeps the rows the table has.
#[test]
fn upsert_creates_its_key_counts_what_it_did_and_can_ignore_conflicts() {
    let Some(mut db) = db("upsert_counts") else {
        return;
    };
    let summary = |outcome: &crate::harness::Outcome| {
        let line = outcome.stderr.lines().next().unwrap_or_default().to_owned();
        line.split(" in ").next().unwrap().to_owned()
    };
    let first = db
        .load("t", &["--create", "--upsert", "id", "-v"])
        .stdin("id,name\n1,a\n2,b\n")
        .run();
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert_eq!(
        summary(&first),
        "etl-pg-load: loaded 2 records into pgl_upsert_counts.t (2 inserted, 0 updated, 0 \
         unchanged or ignored)"
    );
    assert_eq!(
        db.rows(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = '{s}.t'::regclass"
        ),
        ["(\"PRIMARY KEY (id)\")"]
    );
    // One changed, one the same, one new, and a key given twice (the last one wins).
    let metrics = tempfile::NamedTempFile::new().unwrap();
    let second = db
        .load("t", &["--upsert", "id", "-v", "--metrics"])
        .args([metrics.path()])
        .stdin("id,name\n1,a\n2,x\n3,c\n3,d\n")
        .run();
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    assert_eq!(
        summary(&second),
        "etl-pg-load: loaded 4 records into pgl_upsert_counts.t (1 inserted, 1 updated, 2 \
         unchanged or ignored)"
    );
    let written = std::fs::read_to_string(metrics.path()).unwrap();
    for (metric, value) in [("inserted", 1), ("updated", 1), ("ignored", 2)] {
        assert!(
            written.contains(&format!(
                "etlkit_pg_rows_{metric}{{command=\"etl-pg-load\"}} {value}\n"
            )),
            "{written}"
        );
    }
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(1,a)", "(2,x)", "(3,d)"]
    );
    // --on-conflict ignore: new keys go in, the others stay as they are.
    db.load("t", &["--upsert", "id", "--on-conflict", "ignore"])
        .stdin("id,name\n1,z\n4,e\n")
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(1,a)", "(2,x)", "(3,d)", "(4,e)"]
    );
    // --primary-key names the key of a created table; one that is not a field is an error.
    db.load("pk", &["--create", "--primary-key", "a,b"])
        .stdin("a,b,n\n1,x,1\n")
        .succeeds_with("");
    assert_eq!(
        db.rows(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = '{s}.pk'::regclass"
        ),
        ["(\"PRIMARY KEY (a, b)\")"]
    );
    db.load("pk2", &["--create", "--primary-key", "c"])
        .stdin("a,b\n1,x\n")
        .run()
        .expect(
            2,
            "",
            "etl-pg-load: the primary key \"c\" of --create is not a field of the first records\n",
        );
    let alone = db
        .load("t", &["--on-conflict", "ignore"])
        .stdin("id\n1\n")
        .run();
    assert_eq!(alone.code, Some(2));
    assert!(
        alone
            .stderr
            .contains("the following required arguments were not provided:\n  --upsert <KEYS>"),
        "{}",
        alone.stderr
    );
}

#[test]
fn truncate_replaces_the_rows_in_one_transaction() {
    let Some(mut db) = db("truncate") else { return };
    db.sql("CREATE TABLE {s}.t (id int, name text); INSERT INTO {s}.t VALUES (1, 'old')");
    let outcome = db
        .load("t", &["--truncate", "-v"])
        .stdin("id,name\n2,new\n3,newer\n")
        .run();
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(
        (outcome.code, lines.len()),
        (Some(0), 2),
        "{}",
        outcome.stderr
    );
    assert!(lines[0].starts_with("etl-pg-load: loaded 2 records into pgl_truncate.t in "));
    assert!(lines[1].starts_with("etl-pg-load: 2 records in, 2 out in "));
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(2,new)", "(3,newer)"]
    );
    // A failed load after the TRUNCATE keeps the old rows.
    db.load("t", &["--truncate"])
        .stdin("id,name\n4,x\nfour,y\n")
        .run()
        .expect(
            1,
            "",
            "etl-pg-load: <stdin>:3: field \"id\": \"four\" is not a valid integer\n",
        );
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(2,new)", "(3,newer)"]
    );
}

#[test]
fn a_bad_value_rolls_everything_back() {
    let Some(mut db) = db("rollback") else { return };
    db.sql("CREATE TABLE {s}.t (id bigint, ts timestamptz); INSERT INTO {s}.t VALUES (0, NULL)");
    let mut input = String::from("id,ts\n");
    for i in 1..=2000 {
        input.push_str(&format!("{i},2024-03-01T00:00:00Z\n"));
    }
    input.push_str("2001,yesterday\n");
    db.load("t", &[]).stdin(input.clone()).run().expect(
        1,
        "",
        "etl-pg-load: <stdin>:2002: field \"ts\": \"yesterday\" is not a valid timestamp with time zone\n",
    );
    assert_eq!(db.rows("SELECT count(*) FROM {s}.t"), ["(1)"]);
    // A failure in the server (a duplicate key) rolls back too, with exit status 4.
    db.sql("ALTER TABLE {s}.t ADD PRIMARY KEY (id)");
    db.load("t", &[]).stdin("id\n5\n0\n").run().expect(
        4,
        "",
        "etl-pg-load: <stdin>:3: loading into pgl_rollback.t failed (rolled back, the table is as before): \
             ERROR: duplicate key value violates unique constraint \"t_pkey\" \
             (Key (id)=(0) already exists.) [COPY t, line 2]\n",
    );
    assert_eq!(db.rows("SELECT id FROM {s}.t"), ["(0)"]);
}

#[test]
fn skip_loads_the_rest_and_writes_rejects() {
    let Some(mut db) = db("rejects") else { return };
    db.sql("CREATE TABLE {s}.t (id int, v varchar(3))");
    let rejects = tempfile::NamedTempFile::new().unwrap();
    let path = rejects.path().to_str().unwrap();
    let outcome = db
        .load("t", &["--rejects", path])
        .stdin("id,v\n1,abc\nx,ok\n3,toolong\n4,\"a,b\"\n")
        .run();
    assert_eq!((outcome.code, outcome.stdout.as_str()), (Some(0), ""));
    let summary =
        format!("etl-pg-load: 4 records in, 2 out, 2 skipped as bad (written to {path}) in ");
    assert!(outcome.stderr.starts_with(&summary), "{}", outcome.stderr);
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(1,abc)", "(4,\"a,b\")"]
    );
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        "{\"source\":\"<stdin>\",\"line\":3,\"reason\":\"field \\\"id\\\": \\\"x\\\" is not a valid integer\",\"raw\":\"x,ok\"}\n\
         {\"source\":\"<stdin>\",\"line\":4,\"reason\":\"field \\\"v\\\": \\\"toolong\\\" is longer than character varying(3)\",\"raw\":\"3,toolong\"}\n"
    );
}

/// Rows the server refuses (a unique key, a check, a foreign key, a value it cannot
/// parse) follow the reject contract under --on-error skip: each goes to the rejects
/// file with its line, the server's message, SQLSTATE and constraint, and every other
/// row is loaded once.
#[test]
fn rows_the_server_refuses_are_skipped_into_rejects() {
    let Some(mut db) = db("refused") else { return };
    db.sql(
        "CREATE TABLE {s}.parent (id int PRIMARY KEY); INSERT INTO {s}.parent VALUES (1); \
         CREATE TABLE {s}.t (id int PRIMARY KEY, n smallint CHECK (n >= 0), \
           ref int REFERENCES {s}.parent (id), name text, ip inet); \
         INSERT INTO {s}.t VALUES (10, 0, 1, 'old', NULL)",
    );
    let input = "id,n,ref,name,ip\n\
        1,5,1,a,10.0.0.1\n\
        2,-1,1,b,\n\
        1,6,1,c,\n\
        3,7,99,d,\n\
        4,8,1,e,not-an-ip\n\
        10,9,1,f,\n\
        5,10,1,g,\n";
    let rejects = tempfile::NamedTempFile::new().unwrap();
    let path = rejects.path().to_str().unwrap();
    let outcome = db
        .load("t", &["--on-error", "skip", "--rejects", path])
        .stdin(input)
        .run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(
        outcome.stderr.starts_with(&format!(
            "etl-pg-load: 7 records in, 2 out, 5 skipped as bad (written to {path})"
        )),
        "{}",
        outcome.stderr
    );
    assert_eq!(
        db.rows("SELECT id, name FROM {s}.t ORDER BY id"),
        ["(1,a)", "(5,g)", "(10,old)"]
    );
    let rejected: Vec<Json> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let summary: Vec<(u64, &str, &str)> = rejected
        .iter()
        .map(|r| {
            let reason = r["reason"].as_str().unwrap();
            let code = reason.rsplit_once("(SQLSTATE ").unwrap().1;
            (
                r["line"].as_u64().unwrap(),
                r["raw"].as_str().unwrap(),
                code,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (3, "2,-1,1,b,", "23514, constraint t_n_check)"),
            (4, "1,6,1,c,", "23505, constraint t_pkey)"),
            (5, "3,7,99,d,", "23503, constraint t_ref_fkey)"),
            (6, "4,8,1,e,not-an-ip", "22P02)"),
            (7, "10,9,1,f,", "23505, constraint t_pkey)"),
        ],
        "{rejected:?}"
    );
    assert_eq!(
        rejected[3]["reason"],
        "ERROR: invalid input syntax for type inet: \"not-an-ip\" [COPY t, column ip: \
         \"not-an-ip\"] (SQLSTATE 22P02)"
    );
    // Many refused rows of every kind, spread over several chunks: exactly the others
    // are loaded.
    db.sql("CREATE TABLE {s}.many (id int PRIMARY KEY, n smallint CHECK (n >= 0), ref int REFERENCES {s}.parent (id), pad text)");
    let pad = "p".repeat(300);
    let mut many = String::from("id,n,ref,pad\n");
    let mut expected = Vec::new();
    for i in 1..=20_000 {
        let (id, n, reference) = match i {
            i if i % 7 == 0 => (i - 1, 0, 1),
            i if i % 11 == 0 => (i, -1, 1),
            i if i % 13 == 0 => (i, 0, 2),
            i => (i, 0, 1),
        };
        // A repeated key is refused only if the row it repeats was loaded.
        if n >= 0 && reference == 1 && !expected.contains(&id) {
            expected.push(id);
        }
        many.push_str(&format!("{id},{n},{reference},{pad}\n"));
    }
    let outcome = db.load("many", &["--on-error", "skip"]).stdin(many).run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    let loaded: Vec<String> = db.rows("SELECT id FROM {s}.many ORDER BY id");
    expected.sort();
    let expected: Vec<String> = expected.iter().map(|id| format!("({id})")).collect();
    assert_eq!(loaded.len(), expected.len());
    assert!(loaded == expected, "the rows loaded are not those expected");
    // Past --max-rejects the load fails and nothing of it stays.
    db.sql("DELETE FROM {s}.t WHERE id <> 10");
    let outcome = db
        .load("t", &["--on-error", "skip", "--max-rejects", "2"])
        .stdin(input)
        .run();
    assert_eq!(outcome.code, Some(1), "{}", outcome.stderr);
    assert!(
        outcome
            .stderr
            .starts_with("etl-pg-load: more than 2 records rejected; the last: <stdin>:5: ERROR: "),
        "{}",
        outcome.stderr
    );
    assert_eq!(db.rows("SELECT id FROM {s}.t"), ["(10)"]);
    // By default the first refused row fails the whole load, as before.
    db.load("t", &[]).stdin(input).run().expect(
        4,
        "",
        "etl-pg-load: <stdin>:3: loading into pgl_refused.t failed (rolled back, the table is \
         as before): ERROR: new row for relation \"t\" violates check constraint \"t_n_check\" \
         (Failing row contains (2, -1, 1, b, null).) [COPY t, line 2: \"2\t-1\t1\tb\t\\N\"]\n",
    );
}

/// A row refused by one key lets through a later row that repeats its other key, as a
/// plain load in input order would: here (2,x) repeats the code of (1,x), so (2,y) may
/// take id 2. The refused check between them makes the rows after it go in another
/// COPY than (1,x).
#[test]
fn a_refused_row_frees_its_other_keys_for_later_rows() {
    let Some(mut db) = db("two_keys") else { return };
    db.sql("CREATE TABLE {s}.t (id int PRIMARY KEY, code text UNIQUE, n int CHECK (n >= 0))");
    let outcome = db
        .load("t", &["--on-error", "skip"])
        .stdin("id,code,n\n1,x,0\n3,z,-1\n2,x,0\n2,y,0\n")
        .run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert_eq!(
        db.rows("SELECT id, code FROM {s}.t ORDER BY id"),
        ["(1,x)", "(2,y)"]
    );
}

#[test]
fn injection_shaped_names_are_only_names() {
    let Some(mut db) = db("injection") else {
        return;
    };
    db.sql("CREATE TABLE {s}.y (id int)");
    let evil_table = r#"x"; DROP TABLE y; --"#;
    let evil_column = r#"c"); DROP TABLE pgl_injection.y; --"#;
    let input = format!("id,\"{}\"\n1,boom\n", evil_column.replace('"', "\"\""));
    etl("etl-pg-load")
        .args([
            "--db",
            &db.url,
            "-t",
            &format!("pgl_injection.{evil_table}"),
        ])
        .args(["--create"])
        .stdin(input.clone())
        .succeeds_with("");
    // Loading again, into the table found by that name.
    etl("etl-pg-load")
        .args(["--db", &db.url, "-t", &format!("pgl_injection.{evil_table}")])
        .args(["--upsert", "id", "--ignore-extra"])
        .stdin("id\n2\n")
        .run()
        .expect(
            2,
            "",
            "etl-pg-load: --upsert id: pgl_injection.\"x\"\"; DROP TABLE y; --\" has no unique index \
             or constraint on exactly these columns\n",
        );
    assert_eq!(
        db.rows("SELECT relname FROM pg_class WHERE relnamespace = '{s}'::regnamespace AND relkind = 'r' ORDER BY 1"),
        [format!("(\"{}\")", evil_table.replace('"', "\"\"")), "(y)".to_owned()]
    );
    let evil_sql = format!("\"{}\"", evil_table.replace('"', "\"\""));
    assert_eq!(
        db.columns(&evil_sql.replace('\'', "''")),
        [
            "id bigint",
            &format!("{} text", evil_column.replace('"', "\"\""))
        ]
    );
    // An upsert keyed by the injection-shaped column, twice.
    let evil_column_sql = format!("\"{}\"", evil_column.replace('"', "\"\""));
    db.sql(&format!(
        "CREATE UNIQUE INDEX ON {{s}}.{evil_sql} ({evil_column_sql})"
    ));
    for _ in 0..2 {
        etl("etl-pg-load")
            .args([
                "--db",
                &db.url,
                "-t",
                &format!("pgl_injection.{evil_table}"),
            ])
            .args(["--upsert", evil_column])
            .stdin(input.replace("1,boom", "7,boom\n8,bang"))
            .succeeds_with("");
    }
    assert_eq!(
        db.rows(&format!("SELECT * FROM {{s}}.{evil_sql} ORDER BY 1")),
        ["(7,boom)", "(8,bang)"]
    );
    assert_eq!(db.rows("SELECT count(*) FROM {s}.y"), ["(0)"]);
}

#[test]
fn unicode_names_and_values() {
    let Some(mut db) = db("unicode") else { return };
    db.load("Café 日本", &["--create"])
        .stdin("{\"名前\":\"Zoë 🚀\",\"größe\":1.5}\n")
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT * FROM {s}.\"Café 日本\""),
        ["(\"Zoë 🚀\",1.5)"]
    );
    assert_eq!(db.columns("\"Café 日本\""), ["名前 text", "größe numeric"]);
}

#[test]
fn a_million_rows_add_up() {
    let Some(mut db) = db("million") else { return };
    db.sql("CREATE TABLE {s}.t (id bigint, amount numeric(12,2), ok bool, ts timestamptz)");
    let mut input = String::from("id,amount,ok,ts\n");
    let mut cents: i64 = 0;
    for i in 1..=1_000_000i64 {
        let amount = i % 100_000;
        cents += amount;
        input.push_str(&format!(
            "{i},{}.{:02},{},2024-03-01T00:00:{:02}Z\n",
            amount / 100,
            amount % 100,
            i % 2 == 0,
            i % 60
        ));
    }
    db.load("t", &[]).stdin(input).succeeds_with("");
    assert_eq!(
        db.rows("SELECT count(*), sum(amount), sum(id), count(*) FILTER (WHERE ok) FROM {s}.t"),
        [format!(
            "(1000000,{}.{:02},500000500000,500000)",
            cents / 100,
            cents % 100
        )]
    );
}

#[test]
fn a_killed_load_leaves_the_table_as_before() {
    for skip in [false, true] {
        killed_load_leaves_the_table_as_before(skip);
    }
}

/// A load killed while it streams rows (`skip`: with --on-error skip, one savepoint and
/// COPY per chunk) leaves the table as it was.
fn killed_load_leaves_the_table_as_before(skip: bool) {
    let Some(mut db) = db("killed") else { return };
    db.sql("CREATE TABLE {s}.t (id int); INSERT INTO {s}.t VALUES (0)");
    let policy: &[&str] = if skip { &["--on-error", "skip"] } else { &[] };
    let mut child = Command::new(bin_dir().join("etl-pg-load"))
        .args(["--db", &db.url, "-t", "pgl_killed.t"])
        .args(policy)
        .env("PGAPPNAME", "etl-pg-load-killed-test")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let rows: String = (1..=200_000).map(|i| format!("{i}\n")).collect();
    stdin.write_all(b"id\n").unwrap();
    stdin.write_all(rows.as_bytes()).unwrap();
    // Wait until rows are streaming into the server, then kill mid-stream.
    let started = Instant::now();
    while db.rows("SELECT 1 FROM pg_stat_activity WHERE application_name = 'etl-pg-load-killed-test' AND query LIKE 'COPY%'").is_empty() {
        assert!(started.elapsed() < Duration::from_secs(120), "the load never started its COPY");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(stdin);
    while !db
        .rows("SELECT 1 FROM pg_stat_activity WHERE application_name = 'etl-pg-load-killed-test'")
        .is_empty()
    {
        // Generous: the kill tests run beside the whole suite on two cores.
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the killed session stays"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(db.rows("SELECT * FROM {s}.t"), ["(0)"]);
}

#[test]
fn commit_every_keeps_what_was_committed() {
    let Some(mut db) = db("commit_every") else {
        return;
    };
    db.sql("CREATE TABLE {s}.t (id int)");
    db.load("t", &["--commit-every", "2"])
        .stdin("id\n1\n2\n3\nbad\n5\n")
        .run()
        .expect(
            1,
            "",
            "etl-pg-load: <stdin>:5: field \"id\": \"bad\" is not a valid integer (2 records committed before it stay)\n",
        );
    assert_eq!(db.rows("SELECT * FROM {s}.t ORDER BY id"), ["(1)", "(2)"]);
    // A failure in the server says the same.
    db.sql("ALTER TABLE {s}.t ADD PRIMARY KEY (id)");
    db.load("t", &["--commit-every", "2"])
        .stdin("id\n3\n4\n5\n1\n")
        .run()
        .expect(
            4,
            "",
            "etl-pg-load: <stdin>:5: loading into pgl_commit_every.t failed (2 records committed before the \
             failure stay, the rest was rolled back): ERROR: duplicate key value violates unique \
             constraint \"t_pkey\" (Key (id)=(1) already exists.) [COPY t, line 2]\n",
        );
    assert_eq!(
        db.rows("SELECT * FROM {s}.t ORDER BY id"),
        ["(1)", "(2)", "(3)", "(4)"]
    );
}

#[test]
fn a_quiet_streams_rows_are_committed_within_the_commit_interval_and_a_sigterm_loses_none() {
    let Some(mut db) = db("commit_interval") else {
        return;
    };
    db.sql("CREATE TABLE {s}.t (id int)");
    let mut child = Command::new(bin_dir().join("etl-pg-load"))
        .args(["--db", &db.url, "-t", "pgl_commit_interval.t"])
        .args(["--commit-interval", "200ms"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let visible = |db: &mut Db, rows: &[&str]| {
        let started = Instant::now();
        while db.rows("SELECT * FROM {s}.t ORDER BY id") != rows {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "never committed: {rows:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    // Each row is committed while the input stays open.
    stdin.write_all(b"id\n1\n").unwrap();
    visible(&mut db, &["(1)"]);
    stdin.write_all(b"2\n").unwrap();
    visible(&mut db, &["(1)", "(2)"]);
    assert!(child.try_wait().unwrap().is_none());
    // systemctl stop: the pipe is read to its end and what came is committed.
    assert!(Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    stdin.write_all(b"3\n").unwrap();
    drop(stdin);
    let output = finish(child, PATIENCE);
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (Some(0), "")
    );
    visible(&mut db, &["(1)", "(2)", "(3)"]);
}

#[test]
fn jobs_load_in_parallel() {
    let Some(mut db) = db("jobs") else { return };
    db.sql("CREATE TABLE {s}.t (id int, name text)");
    let input: String = std::iter::once("id,name\n".to_owned())
        .chain((1..=50_000).map(|i| format!("{i},n{i}\n")))
        .collect();
    db.load("t", &["--jobs", "3"])
        .stdin(input)
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT count(*), count(DISTINCT id), sum(id), max(name) FROM {s}.t"),
        ["(50000,50000,1250025000,n9999)"]
    );
    // A bad record at the end rolls back every connection's share.
    let bad: String = std::iter::once("id,name\n".to_owned())
        .chain((1..=50_000).map(|i| format!("{i},m{i}\n")))
        .chain(std::iter::once("x,bad\n".to_owned()))
        .collect();
    db.load("t", &["--jobs", "3"]).stdin(bad).run().expect(
        1,
        "",
        "etl-pg-load: <stdin>:50002: field \"id\": \"x\" is not a valid integer\n",
    );
    assert_eq!(db.rows("SELECT count(*) FROM {s}.t"), ["(50000)"]);
    // --create commits the table first, for the other connections to see it.
    db.load("created", &["--jobs", "2", "--create"])
        .stdin("id,name\n1,a\n2,b\n")
        .succeeds_with("");
    assert_eq!(
        db.rows("SELECT * FROM {s}.created ORDER BY id"),
        ["(1,a)", "(2,b)"]
    );
    // The same key twice, maybe in two connections: an error, never a hang.
    db.sql("CREATE TABLE {s}.keyed (id int PRIMARY KEY, pad text)");
    let pad = "x".repeat(1000);
    let input: String = std::iter::once("id,pad\n".to_owned())
        .chain((1..=2000).map(|i| format!("{},{pad}\n", if i == 2000 { 1 } else { i })))
        .collect();
    let outcome = db.load("keyed", &["--jobs", "2"]).stdin(input).run();
    assert_eq!(outcome.code, Some(4), "{}", outcome.stderr);
    // The row refused is one of the two with key 1 (lines 2 and 2001), whichever came
    // second to the server.
    let failed =
        "loading into pgl_jobs.keyed failed (rolled back, the table is as before): ERROR: ";
    assert!(
        [2, 2001].iter().any(|line| outcome
            .stderr
            .starts_with(&format!("etl-pg-load: <stdin>:{line}: {failed}"))),
        "{}",
        outcome.stderr
    );
    assert_eq!(db.rows("SELECT count(*) FROM {s}.keyed"), ["(0)"]);
    // Converting threads split each batch; the bad records of all of them reach the
    // rejects file in input order.
    db.sql("CREATE TABLE {s}.skipped (id int, name text)");
    let rejects = tempfile::NamedTempFile::new().unwrap();
    let path = rejects.path().to_str().unwrap();
    let spread: String = std::iter::once("id,name\n".to_owned())
        .chain((1..=20_000).map(|i| match i % 4001 {
            0 => format!("x{i},n{i}\n"),
            _ => format!("{i},n{i}\n"),
        }))
        .collect();
    let outcome = db
        .load("skipped", &["--jobs", "2", "--rejects", path])
        .stdin(spread)
        .run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    assert!(outcome
        .stderr
        .starts_with("etl-pg-load: 20000 records in, 19996 out, 4 skipped as bad"));
    assert_eq!(
        db.rows("SELECT count(*), sum(id) FROM {s}.skipped"),
        ["(19996,199969990)"]
    );
    let rejected: Vec<String> = std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| line.split(",\"reason\"").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        rejected,
        [4002, 8003, 12004, 16005].map(|line| format!("{{\"source\":\"<stdin>\",\"line\":{line}"))
    );
    db.load("t", &["--jobs", "2", "--truncate"])
        .stdin("id\n1\n")
        .run()
        .expect(2, "", "etl-pg-load: --truncate needs --jobs 1\n");
}

#[test]
fn connection_from_the_environment_and_passwords_masked() {
    let Some(mut db) = db("connection") else {
        return;
    };
    db.sql("CREATE TABLE {s}.t (id int)");
    // The test URL's parts as PG* variables, and the whole as DATABASE_URL.
    let url = db.url.clone();
    let rest = url.split_once("://").unwrap().1;
    let (user, rest) = rest.split_once('@').unwrap();
    let (host_port, dbname) = rest.split_once('/').unwrap();
    let (host, port) = host_port.rsplit_once(':').unwrap();
    etl("etl-pg-load")
        .args(["-t", "pgl_connection.t"])
        .env("PGHOST", host)
        .env("PGPORT", port)
        .env("PGUSER", user)
        .env("PGDATABASE", dbname.split('?').next().unwrap())
        .stdin("id\n1\n")
        .succeeds_with("");
    etl("etl-pg-load")
        .args(["-t", "pgl_connection.t"])
        .env("DATABASE_URL", &db.url)
        .stdin("id\n2\n")
        .succeeds_with("");
    assert_eq!(db.rows("SELECT * FROM {s}.t ORDER BY id"), ["(1)", "(2)"]);
    etl("etl-pg-load")
        .args(["-t", "t", "--db", "postgresql://ann:s3cr%21t@127.0.0.1:1/x"])
        .stdin("id\n1\n")
        .run()
        .expect(
            4,
            "",
            "etl-pg-load: cannot connect to ann@127.0.0.1:1/x: error connecting to server: \
             Connection refused (os error 111)\n",
        );
    let tls = |mode: &str| format!("{url}?sslmode={mode}");
    let loads = |conninfo: &str, id: u32| {
        etl("etl-pg-load")
            .args(["-t", "pgl_connection.t", "--db", conninfo])
            .stdin(format!("id\n{id}\n"))
            .succeeds_with("");
    };
    if db.rows("SELECT current_setting('ssl')") != ["(on)"] {
        // A server of your own without TLS: require fails, prefer falls back.
        etl("etl-pg-load")
            .args(["-t", "pgl_connection.t", "--db", &tls("require")])
            .stdin("id\n3\n")
            .run()
            .expect(
                4,
                "",
                &format!(
                    "etl-pg-load: cannot connect to {user}@{host_port}/{dbname}: error performing TLS handshake: \
                     server does not support TLS\n"
                ),
            );
        loads(&tls("prefer"), 3);
        assert_eq!(db.rows("SELECT count(*) FROM {s}.t"), ["(3)"]);
        return;
    }
    loads(&tls("disable"), 3);
    loads(&tls("prefer"), 4);
    loads(&tls("require"), 5);
    // The server scripts/services starts has a certificate its CA
    // (ETLKIT_TEST_PG_ROOTCERT) signed for 127.0.0.1 and localhost.
    let Some(root) = service("ETLKIT_TEST_PG_ROOTCERT") else {
        return;
    };
    loads(&format!("{}&sslrootcert={root}", tls("verify-ca")), 6);
    loads(&format!("{}&sslrootcert={root}", tls("verify-full")), 7);
    let localhost = url.replace("@127.0.0.1:", "@localhost:");
    loads(
        &format!("{localhost}?sslmode=verify-full&sslrootcert={root}"),
        8,
    );
    // A handshake refused: exit 4, the server as the message shows it, OpenSSL's reason.
    let refused = |conninfo: &str, server: &str, reason: &str| {
        let outcome = etl("etl-pg-load")
            .args(["-t", "pgl_connection.t", "--db", conninfo])
            .stdin("id\n10\n")
            .run();
        assert_eq!(outcome.code, Some(4), "{}", outcome.stderr);
        let start =
            format!("etl-pg-load: cannot connect to {server}: error performing TLS handshake: ");
        assert!(
            outcome.stderr.starts_with(&start) && outcome.stderr.contains(reason),
            "{}",
            outcome.stderr
        );
    };
    // Reached by address under a name the certificate does not give: verify-ca takes
    // it, verify-full refuses it.
    let other_name = |mode: &str| {
        format!(
            "host=db.invalid hostaddr={host} port={port} user={user} dbname={dbname} \
             sslmode={mode} sslrootcert={root}"
        )
    };
    loads(&other_name("verify-ca"), 9);
    refused(
        &other_name("verify-full"),
        &format!("{user}@db.invalid:{port}/{dbname}"),
        "hostname mismatch",
    );
    // The system's roots do not know the test CA.
    refused(
        &format!("{}&sslrootcert=system", tls("verify-ca")),
        &format!("{user}@{host_port}/{dbname}"),
        "certificate verify failed",
    );
    assert_eq!(
        db.rows("SELECT string_agg(id::text, ',' ORDER BY id) FROM {s}.t"),
        ["(\"1,2,3,4,5,6,7,8,9\")"]
    );
}

/// Kills `etl-pg-load --jobs 3` while one of its connections ends its transaction
/// (`ending` is the start of that statement: PREPARE TRANSACTION or COMMIT), held there
/// by a deferred trigger that sleeps once per transaction; returns the table's rows
/// before and after the next run, which ends what the killed one left prepared.
fn kill_jobs_while(db: &mut Db, ending: &str) -> (String, String, String) {
    db.sql(
        "DROP TABLE IF EXISTS {s}.t; CREATE TABLE {s}.t (id int, pad text); \
         INSERT INTO {s}.t VALUES (0, '');
         CREATE OR REPLACE FUNCTION {s}.slow_end() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF current_setting('etl.slept', true) IS DISTINCT FROM 'yes' THEN
             PERFORM set_config('etl.slept', 'yes', true);
             PERFORM pg_sleep(1);
           END IF;
           RETURN NULL;
         END $$;
         CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON {s}.t DEFERRABLE INITIALLY DEFERRED
           FOR EACH ROW EXECUTE FUNCTION {s}.slow_end()",
    );
    let application = "etl-pg-load-2pc-test";
    let mut child = Command::new(bin_dir().join("etl-pg-load"))
        .args(["--db", &db.url, "-t", "pgl_two_phase.t", "--jobs", "3"])
        .env("PGAPPNAME", application)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Enough 512 KiB chunks that every connection gets some.
    let pad = "p".repeat(200);
    let input: String = std::iter::once("id,pad\n".to_owned())
        .chain((1..=60_000).map(|i| format!("{i},{pad}\n")))
        .collect();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let started = Instant::now();
    let sleeping = format!(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = '{application}' \
         AND wait_event = 'PgSleep' AND query LIKE '{ending}%'"
    );
    while db.rows(&sleeping).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no connection ever slept in {ending}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let gone = format!("SELECT 1 FROM pg_stat_activity WHERE application_name = '{application}'");
    while !db.rows(&gone).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the killed sessions stay"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let count = "SELECT count(*) FROM {s}.t";
    let before = db.rows(count).concat();
    let ended = db.load("t", &[]).stdin("id\n").run();
    assert_eq!(ended.code, Some(0), "{}", ended.stderr);
    let after = db.rows(count).concat();
    (before, ended.stderr, after)
}

#[test]
fn jobs_commit_all_or_nothing_even_when_killed_while_committing() {
    let Some(mut own) = db_of_its_own("two_phase") else {
        return;
    };
    let db = own.db.as_mut().expect("until dropped");
    // Killed while connection 2 prepares: connection 1 never committed, so what was
    // prepared is rolled back by the next run.
    let (before, notes, after) = kill_jobs_while(db, "PREPARE TRANSACTION");
    assert_eq!((before.as_str(), after.as_str()), ("(1)", "(1)"), "{notes}");
    // Killed while connection 1 commits, the decision: its rows are there at once, the
    // other two connections' rows wait prepared until the next run commits them.
    let (before, notes, after) = kill_jobs_while(db, "COMMIT");
    assert_ne!(
        before, "(60001)",
        "two connections' rows were prepared, not committed"
    );
    assert_eq!(after, "(60001)", "{notes}");
    assert!(
        notes.lines().count() >= 2
            && notes.lines().all(|line| line
                .starts_with("etl-pg-load: COMMIT PREPARED 'etl-pg-load:")
                && line.ends_with("': a crashed --jobs load left it, its decision was to commit")),
        "{notes}"
    );
    let left = "SELECT count(*) FROM pg_prepared_xacts p JOIN pg_locks l \
                ON l.virtualtransaction = '-1/' || p.transaction \
                WHERE l.relation = '{s}.t'::regclass";
    assert_eq!(db.rows(left), ["(0)"]);
}

#[test]
fn jobs_need_a_server_that_prepares_transactions() {
    let Some(mut db) = db("two_phase_refused") else {
        return;
    };
    db.sql("CREATE TABLE {s}.t (id int)");
    let allowed = db
        .rows("SELECT current_setting('max_prepared_transactions')")
        .concat();
    let jobs = "30";
    assert!(allowed.trim_matches(['(', ')']).parse::<u16>().unwrap() < 29);
    db.load("t", &["--jobs", jobs])
        .stdin("id\n1\n")
        .run()
        .expect(
            2,
            "",
            &format!(
                "etl-pg-load: --jobs 30 commits its 30 connections all or nothing with prepared \
             transactions, and this server allows {} (max_prepared_transactions; 29 needed): \
             raise it and restart the server, or load with --jobs 1\n",
                allowed.trim_matches(['(', ')'])
            ),
        );
}

/// Waits for `child` at most a minute: a test of a timeout must fail, not hang.
fn wait_bounded(mut child: std::process::Child) -> (Option<i32>, String) {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("still waiting after a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = finish(child, PATIENCE);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn connect_timeout_bounds_the_whole_start_up() {
    // A server that accepts connections (the kernel does, for the backlog) and never
    // says a word: neither to TLS (sslmode prefer) nor to the start-up message.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    for (conninfo, variable) in [
        (
            format!("host=127.0.0.1 port={port} user=u dbname=d connect_timeout=2"),
            None,
        ),
        (
            format!("postgresql://u@127.0.0.1:{port}/d?sslmode=disable"),
            Some("2"),
        ),
    ] {
        let mut command = Command::new(bin_dir().join("etl-pg-load"));
        command
            .args(["--db", &conninfo, "-t", "t"])
            .env_remove("PGCONNECT_TIMEOUT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(seconds) = variable {
            command.env("PGCONNECT_TIMEOUT", seconds);
        }
        assert_eq!(
            wait_bounded(command.spawn().unwrap()),
            (
                Some(4),
                format!(
                    "etl-pg-load: cannot connect to u@127.0.0.1:{port}/d: no answer within 2 s \
                     (connect_timeout)\n"
                )
            )
        );
    }
}

#[test]
fn statement_timeout_fails_a_load_that_waits_for_a_lock() {
    let Some(mut db) = db("statement_timeout") else {
        return;
    };
    db.sql("CREATE TABLE {s}.t (id int)");
    let mut holder = Client::connect(&db.url, NoTls).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE pgl_statement_timeout.t IN ACCESS EXCLUSIVE MODE")
        .unwrap();
    let mut child = Command::new(bin_dir().join("etl-pg-load"))
        .args(["--db", &db.url, "-t", "pgl_statement_timeout.t"])
        .args(["--statement-timeout", "500ms"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"id\n1\n").unwrap();
    let (code, stderr) = wait_bounded(child);
    holder.batch_execute("ROLLBACK").unwrap();
    assert_eq!(
        (code, stderr.as_str()),
        (
            Some(4),
            "etl-pg-load: loading into pgl_statement_timeout.t failed (rolled back, the table \
             is as before): ERROR: canceling statement due to statement timeout\n"
        )
    );
}
