//! etl-join: every join type, name clashes, CSV and NDJSON on either side, merge join.

use crate::harness::{data, etl};

const EVENTS: &str = "id,country\n1,DE\n2,IT\n3,FR\n4,\n";

fn join(args: &[&str]) -> crate::harness::Run {
    etl("etl-join").args(args)
}

#[test]
fn inner_join_writes_one_record_per_match_and_prefixes_clashes() {
    // "country" is in both: the right one becomes right_country. The empty key of
    // event 4 matches the empty code of "Nowhere": empty text is a value, not null.
    join(&[
        "--on",
        "country",
        "--with-on",
        "code",
        "--with",
        &data("countries.csv"),
    ])
    .stdin(EVENTS)
    .succeeds_with(
        "id,country,name,right_country\n\
             1,DE,Germany,Deutschland\n\
             3,FR,France,France\n\
             3,FR,France (overseas),France\n\
             4,,Nowhere,\n",
    );
}

#[test]
fn left_semi_and_anti_joins() {
    let countries = data("countries.csv");
    let args = |kind: &'static str| {
        vec![
            kind,
            "--on",
            "country",
            "--with-on",
            "code",
            "--with",
            &countries,
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    etl("etl-join")
        .args(args("--left"))
        .args(["--with-fields", "name"])
        .stdin(EVENTS)
        .succeeds_with(
            "id,country,name\n1,DE,Germany\n2,IT,\n3,FR,France\n3,FR,France (overseas)\n4,,Nowhere\n",
        );
    etl("etl-join")
        .args(args("--semi"))
        .stdin(EVENTS)
        .succeeds_with("id,country\n1,DE\n3,FR\n4,\n");
    etl("etl-join")
        .args(args("--anti"))
        .stdin(EVENTS)
        .succeeds_with("id,country\n2,IT\n");
    etl("etl-join")
        .args(args("--inner"))
        .args(["--with-fields", "country_name=name,country"])
        .stdin("id,country\n1,DE\n")
        .succeeds_with("id,country,country_name,right_country\n1,DE,Germany,Deutschland\n");
}

#[test]
fn explicit_renames_that_still_clash_are_a_usage_error() {
    join(&[
        "--on",
        "country",
        "--with-on",
        "code",
        "--with",
        &data("countries.csv"),
        "--with-fields",
        "right_id=name,id=code",
    ])
    .stdin(EVENTS)
    .run()
    .expect(
        2,
        "",
        "etl-join: the joined record would have two fields \"right_id\"; choose and rename \
         the right fields with --with-fields\n",
    );
}

#[test]
fn ndjson_right_side_with_a_csv_stream_and_nulls_that_match_nothing() {
    join(&[
        "--left",
        "--on",
        "country",
        "--with-on",
        "code",
        "--with",
        &data("countries.ndjson"),
    ])
    .stdin(EVENTS)
    .succeeds_with("id,country,pop,tags\n1,DE,83,\"[\"\"eu\"\"]\"\n2,IT,,\n3,FR,68,\n4,,,\n");
}

#[test]
fn ndjson_stream_with_a_csv_right_side() {
    join(&["--on", "c", "--with-on", "code", "--with", &data("countries.csv"), "--with-fields", "name"])
        .stdin("{\"id\":1,\"c\":\"FR\"}\n{\"id\":2}\n{\"id\":3,\"c\":null}\n{\"id\":4,\"c\":\"DE\",\"x\":{\"y\":1}}\n")
        .succeeds_with(
            "{\"id\":1,\"c\":\"FR\",\"name\":\"France\"}\n\
             {\"id\":1,\"c\":\"FR\",\"name\":\"France (overseas)\"}\n\
             {\"id\":4,\"c\":\"DE\",\"x\":{\"y\":1},\"name\":\"Germany\"}\n",
        );
}

#[test]
fn ndjson_on_both_sides_and_numbers_match_their_text() {
    let right = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        right.path(),
        "{\"n\":1,\"v\":\"one\"}\n{\"n\":2,\"v\":[2]}\n",
    )
    .unwrap();
    join(&[
        "--left",
        "--on",
        "n",
        "--with",
        right.path().to_str().unwrap(),
    ])
    .stdin("{\"n\":\"1\",\"v\":0}\n{\"n\":2}\n{\"n\":3}\n")
    .succeeds_with(
        "{\"n\":\"1\",\"v\":0,\"right_v\":\"one\"}\n{\"n\":2,\"v\":[2]}\n{\"n\":3,\"v\":null}\n",
    );
}

#[test]
fn a_left_input_without_rows_gives_the_joined_header() {
    join(&[
        "--on",
        "country",
        "--with-on",
        "code",
        "--with",
        &data("countries.csv"),
    ])
    .stdin("id,country\n")
    .succeeds_with("id,country,name,right_country\n");
}

#[test]
fn unknown_key_fields_are_usage_errors_naming_the_side() {
    let countries = data("countries.csv");
    join(&["--on", "cntry", "--with-on", "code", "--with", &countries])
        .stdin(EVENTS)
        .run()
        .expect(
            2,
            "",
            "etl-join: no field \"cntry\" in the header; did you mean \"country\"?\n",
        );
    join(&["--on", "country", "--with-on", "cod", "--with", &countries])
        .stdin(EVENTS)
        .run()
        .expect(
            2,
            "",
            &format!(
                "etl-join: {countries}: no field \"cod\" in the header; did you mean \"code\"?\n"
            ),
        );
}

#[test]
fn merge_join_of_sorted_inputs_matches_the_hash_join() {
    // Sorted by etl-sort's typed order: 2 before 10, nulls first.
    let right = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        right.path(),
        "k,r\n,null\n1,a\n2,b\n2,c\n10,d\n10.0,e\n12,f\n",
    )
    .unwrap();
    let right = right.path().to_str().unwrap().to_owned();
    let left = "k,l\n,x\n1,p\n2,q\n3,r\n10,s\n10,t\n11,u\n";
    for kind in ["--inner", "--left", "--semi", "--anti"] {
        let hashed = join(&[kind, "--on", "k", "--with", &right])
            .stdin(left)
            .run();
        let merged = join(&[kind, "--sorted", "--on", "k", "--with", &right])
            .stdin(left)
            .run();
        assert_eq!(hashed.code, Some(0), "{}", hashed.stderr);
        merged.expect(0, &hashed.stdout, "");
    }
    join(&["--left", "--sorted", "--on", "k", "--with", &right])
        .stdin(left)
        .succeeds_with("k,l,r\n,x,null\n1,p,a\n2,q,b\n2,q,c\n3,r,\n10,s,d\n10,t,d\n11,u,\n");
}

#[test]
fn merge_join_refuses_unsorted_inputs() {
    let right = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(right.path(), "k,r\n1,a\n3,b\n2,c\n").unwrap();
    let right = right.path().to_str().unwrap().to_owned();
    join(&["--sorted", "--on", "k", "--with", &right])
        .stdin("k\n5\n")
        .run()
        .expect(
            1,
            "",
            &format!(
                "etl-join: {right}:4: the --with input is not sorted by its key (etl-sort -k KEY sorts it)\n"
            ),
        );
    join(&["--sorted", "--on", "k", "--with", &right])
        .stdin("k\n1\n0\n")
        .run()
        .expect(
            1,
            "k,r\n1,a\n",
            "etl-join: <stdin>:3: the input is not sorted by its key (etl-sort -k KEY sorts it)\n",
        );
}

#[test]
fn keys_of_different_widths_are_a_usage_error() {
    join(&[
        "--on",
        "id,country",
        "--with-on",
        "code",
        "--with",
        &data("countries.csv"),
    ])
    .stdin(EVENTS)
    .run()
    .expect(
        2,
        "",
        "etl-join: --on names 2 fields but --with-on 1; the keys must have as many\n",
    );
}
