//! etl-filter: the expression language on CSV and NDJSON, null semantics, errors.

use crate::harness::etl;

const LOG: &str = "ip,status,path,bytes\n1.1.1.1,200,/,10\n2.2.2.2,503,/api/a,\n3.3.3.3,404,/api/b,9\n4.4.4.4,500,/x,1000\n";

#[test]
fn csv_numbers_compare_numerically_without_casting() {
    etl("etl-filter")
        .args(["status >= 500"])
        .stdin(LOG)
        .succeeds_with("ip,status,path,bytes\n2.2.2.2,503,/api/a,\n4.4.4.4,500,/x,1000\n");
    // "10" > "9" as numbers, not as text.
    etl("etl-filter")
        .args(["a > b"])
        .stdin("a,b\n10,9\n1,9\n")
        .succeeds_with("a,b\n10,9\n");
}

#[test]
fn invert_keeps_the_others_and_no_match_keeps_the_header() {
    etl("etl-filter")
        .args(["-x", "status >= 404 or path == \"/\""])
        .stdin(LOG)
        .succeeds_with("ip,status,path,bytes\n");
}

#[test]
fn regexes_lists_and_functions() {
    etl("etl-filter")
        .args(["path =~ \"^/api/\" && status in [503, 404] && !ends_with(path, \"b\")"])
        .stdin(LOG)
        .succeeds_with("ip,status,path,bytes\n2.2.2.2,503,/api/a,\n");
}

#[test]
fn ndjson_nested_fields_and_null_semantics() {
    let input = "{\"id\":1,\"user\":{\"age\":30}}\n{\"id\":2,\"user\":null}\n{\"id\":3}\n{\"id\":4,\"user\":{\"age\":null}}\n";
    etl("etl-filter")
        .args(["user.age >= 18"])
        .stdin(input)
        .succeeds_with("{\"id\":1,\"user\":{\"age\":30}}\n");
    etl("etl-filter")
        .args(["user.age == null"])
        .stdin(input)
        .succeeds_with(
            "{\"id\":2,\"user\":null}\n{\"id\":3}\n{\"id\":4,\"user\":{\"age\":null}}\n",
        );
    etl("etl-filter")
        .args(["-O", "csv", "exists(user) and !is_null(user)"])
        .stdin(input)
        .succeeds_with("id,user.age\n1,30\n4,\n");
}

#[test]
fn timestamps_compare_as_instants() {
    etl("etl-filter")
        .args(["ts >= \"2024-03-01T00:00:00Z\""])
        .stdin("{\"ts\":\"2024-03-01T00:30:00+01:00\"}\n{\"ts\":\"2024-02-29T19:30:00-05:00\"}\n")
        .succeeds_with("{\"ts\":\"2024-02-29T19:30:00-05:00\"}\n");
}

#[test]
fn syntax_error_shows_a_caret() {
    etl("etl-filter")
        .args(["status >= && x"])
        .stdin(LOG)
        .run()
        .expect(
            2,
            "",
            "etl-filter: expected a value in the expression\n  status >= && x\n            ^\n",
        );
}

#[test]
fn type_clash_follows_the_bad_record_policy() {
    let input = "a\n5\nxyz\n7\n";
    etl("etl-filter").args(["a > 4"]).stdin(input).run().expect(
        1,
        "a\n5\n",
        "etl-filter: <stdin>:3: cannot compare \"xyz\" with 4\n",
    );
    let outcome = etl("etl-filter")
        .args(["--on-error", "skip", "a > 4"])
        .stdin(input)
        .run();
    assert_eq!(outcome.stdout, "a\n5\n7\n");
    assert!(outcome
        .stderr
        .starts_with("etl-filter: 3 records in, 2 out, 1 skipped as bad in "));
}

#[test]
fn v_is_verbose_as_in_every_command_and_x_inverts() {
    let outcome = etl("etl-filter")
        .args(["-v", "-x", "a == 1"])
        .stdin("a\n1\n2\n")
        .run();
    assert_eq!(outcome.stdout, "a\n2\n");
    assert!(outcome
        .stderr
        .starts_with("etl-filter: 2 records in, 1 out in "));
}

#[test]
fn help_keeps_the_language_table_in_columns() {
    let outcome = etl("etl-filter").args(["--help"]).run();
    assert!(
        outcome.stdout.contains(
            "\n  compare      == != < <= > >=\n  logic        && || ! (or: and or not)\n"
        ),
        "{}",
        outcome.stdout
    );
}

/// Integers beyond 2^53 are told apart, as text and as JSON numbers, wherever values
/// compare: doubles would make …993 equal to …992.
#[test]
fn integers_beyond_doubles_compare_exactly_in_filter_sort_and_max() {
    let ndjson = "{\"id\":9007199254740993}\n{\"id\":9007199254740992}\n";
    etl("etl-filter")
        .args(["id == 9007199254740992"])
        .stdin(ndjson)
        .succeeds_with("{\"id\":9007199254740992}\n");
    etl("etl-filter")
        .args(["id > 9007199254740992"])
        .stdin("id\n9007199254740993\n9007199254740992\n")
        .succeeds_with("id\n9007199254740993\n");
    etl("etl-sort")
        .args(["-k", "id"])
        .stdin(ndjson)
        .succeeds_with("{\"id\":9007199254740992}\n{\"id\":9007199254740993}\n");
    etl("etl-sort")
        .args(["-k", "id:num:desc", "--memory", "1K"])
        .stdin("id\n9007199254740992\n9007199254740993\n9007199254740992.0\n")
        .succeeds_with("id\n9007199254740993\n9007199254740992\n9007199254740992.0\n");
    etl("etl-aggregate")
        .args(["min:id", "max:id"])
        .stdin("id\n9007199254740992\n9007199254740993\n")
        .succeeds_with("min_id,max_id\n9007199254740992,9007199254740993\n");
}
