//! etl-map: computed fields on CSV and NDJSON, in order, with the shared expression
//! language; bad values follow the bad-record contract.

use crate::harness::etl;

const PEOPLE: &str = "first,last,temp_f,amount,quantity\n Ann ,Lee,212,2.5,4\nBob,,32,1,3\n";

#[test]
fn assignments_run_in_order_and_each_sees_the_ones_before() {
    etl("etl-map")
        .args([
            "temp_c = round((temp_f - 32) * 5 / 9, 1)",
            "name = concat(trim(first), \" \", trim(last))",
            "del(first)",
            "last = coalesce(last, \"?\")",
            "total = amount * quantity",
            "big = if(total > 5, \"yes\", \"no\")",
        ])
        .stdin(PEOPLE)
        .succeeds_with(
            "last,temp_f,amount,quantity,temp_c,name,total,big\n\
             Lee,212,2.5,4,100,Ann Lee,10,yes\n\
             ?,32,1,3,0,Bob ,3,no\n",
        );
}

#[test]
fn computed_values_are_typed_in_ndjson() {
    etl("etl-map")
        .args([
            "-O",
            "ndjson",
            "n = 9007199254740993 + 0",
            "half = n % 2 == 1",
            "r = round(2.345, 2)",
            "f = floor(-2.5)",
            "c = ceil(2.1)",
            "a = abs(-3)",
            "lo = min(3, b, 2)",
            "hi = max(\"\", 1)",
            "y = substr(d, 0, 4)",
            "tail = substr(d, -2)",
            "masked = replace(phone, \"([0-9]{3})-([0-9]+)\", \"$1-####\")",
            "t = ts(epoch)",
            "missing = nope",
            "`odd name` = len(d)",
        ])
        .stdin("{\"b\":null,\"d\":\"2024-03-01\",\"phone\":\"555-1234\",\"epoch\":1709251206}\n")
        .succeeds_with(concat!(
            r#"{"b":null,"d":"2024-03-01","phone":"555-1234","epoch":1709251206,"n":9007199254740993,"#,
            r#""half":true,"r":2.35,"f":-3,"c":3,"a":3,"lo":2,"hi":1,"y":"2024","tail":"01","#,
            r#""masked":"555-####","t":"2024-03-01T00:00:06Z","missing":null,"odd name":10}"#,
            "\n"
        ));
}

#[test]
fn a_value_that_cannot_be_computed_is_a_bad_record() {
    let csv = "id,amount\n1,2\n2,n/a\n3,4\n";
    etl("etl-map")
        .args(["double = amount * 2"])
        .stdin(csv)
        .run()
        .expect(
            1,
            "id,amount,double\n1,2,4\n",
            "etl-map: <stdin>:3: field \"double\": * needs numbers, got a string (\"n/a\")\n",
        );
    etl("etl-map")
        .args(["double = amount * 2", "--on-error", "skip", "-q"])
        .stdin(csv)
        .succeeds_with("id,amount,double\n1,2,4\n3,4,8\n");
}

#[test]
fn steps_come_before_files_and_mistakes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x=1.csv");
    std::fs::write(&path, "a\n1\n").unwrap();
    etl("etl-map")
        .args(["b = a + 1", "--"])
        .args([&path])
        .succeeds_with("a,b\n1,2\n");
    etl("etl-map")
        .args(["b = (a"])
        .stdin("a\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-map: field \"b\": expected \")\" in the expression\n  (a\n    ^\n",
        );
    etl("etl-map")
        .args(["total amount * 2", "data.csv"])
        .run()
        .expect(
        2,
        "",
        "etl-map: no step: \"total amount * 2\" is neither NAME = EXPR nor del(NAME), nor a file\n",
    );
    etl("etl-map")
        .args([crate::harness::data("people.csv")])
        .run()
        .expect(
            2,
            "",
            "etl-map: no step: give NAME = EXPR or del(NAME) before the files\n",
        );
    etl("etl-map")
        .args(["b = frob(a)"])
        .stdin("a\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-map: field \"b\": unknown function \"frob\" (functions: lower, upper, trim, len, \
         concat, substr, replace, contains, starts_with, ends_with, ts, exists, is_null, \
         coalesce, if, round, floor, ceil, abs, min, max) in the expression\n  frob(a)\n  ^\n",
        );
    // An input with no records still gets the columns the steps make.
    etl("etl-map")
        .args(["b = a", "del(a)"])
        .stdin("a\n")
        .succeeds_with("b\n");
}

/// An empty CSV value holds no number: arithmetic on it is null (empty in CSV), as on
/// null, not an error.
#[test]
fn arithmetic_on_an_empty_value_is_null() {
    etl("etl-map")
        .args(["total = amount * quantity", "neg = -amount"])
        .stdin("amount,quantity\n2,3\n,3\n")
        .succeeds_with("amount,quantity,total,neg\n2,3,6,-2\n,3,,\n");
}
