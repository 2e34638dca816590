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
         coalesce, if, round, floor, ceil, abs, min, max, bin, split, join, epoch, format_ts, trunc_ts, now, is_num, is_int, is_bool, is_ts, hash, mask_ip, capture, lpad, rpad) in the expression\n  frob(a)\n  ^\n",
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

/// Prices and readings are decimals: their sums, products and rounding are exact
/// (jq and Miller print 0.30000000000000004, 8.024999999999999 and 2.67), in CSV and
/// in NDJSON alike, and a quotient is the nearest double.
#[test]
fn decimal_arithmetic_is_exact() {
    let steps = [
        "sum = a + b",
        "product = a * b",
        "rest = a % b",
        "quotient = a / b",
        "cents = round(a * 1.5, 2)",
    ];
    etl("etl-map")
        .args(steps)
        .stdin("a,b\n0.1,0.2\n2.675,3\n0.7,0.2\n0.3,0.1\n")
        .succeeds_with(
            "a,b,sum,product,rest,quotient,cents\n\
             0.1,0.2,0.3,0.02,0.1,0.5,0.15\n\
             2.675,3,5.675,8.025,2.675,0.8916666666666667,4.01\n\
             0.7,0.2,0.9,0.14,0.1,3.5,1.05\n\
             0.3,0.1,0.4,0.03,0,3,0.45\n",
        );
    etl("etl-map")
        .args(steps)
        .stdin("{\"a\":0.1,\"b\":0.2}\n")
        .succeeds_with(
            "{\"a\":0.1,\"b\":0.2,\"sum\":0.3,\"product\":0.02,\"rest\":0.1,\"quotient\":0.5,\"cents\":0.15}\n",
        );
}

/// Miller's and jq's everyday functions: bins, lists, time, type tests, anonymising.
#[test]
fn bins_lists_time_type_tests_and_anonymising() {
    let input = "{\"n\":87,\"x\":-7.5,\"ua\":\"Mozilla/5.0\",\"ts\":\"2024-03-01T10:17:42.5+01:00\",\"ip\":\"203.0.113.7\"}\n";
    etl("etl-map")
        .args([
            "b = bin(n, 50)",
            "c = bin(x, 5)",
            "d = bin(x, 0.5)",
            "parts = split(ua, \"/\")",
            "back = join(parts, \"|\")",
            "e = epoch(ts)",
            "f = format_ts(ts, \"%Y-%m-%d %H:%M\")",
            "h = trunc_ts(ts, \"hour\")",
            "m = trunc_ts(ts, \"month\")",
            "types = join([is_num(n), is_int(x), is_int(\"12\"), is_bool(\"true\"), is_ts(ts), is_ts(ua)], \",\")",
            "masked = mask_ip(ip)",
            "same = now() == now()",
            "del(ua)",
            "del(ts)",
            "del(ip)",
        ])
        .stdin(input)
        .succeeds_with(
            "{\"n\":87,\"x\":-7.5,\"b\":50,\"c\":-10,\"d\":-7.5,\"parts\":[\"Mozilla\",\"5.0\"],\
             \"back\":\"Mozilla|5.0\",\"e\":1709284662.5,\"f\":\"2024-03-01 10:17\",\
             \"h\":\"2024-03-01T09:00:00Z\",\"m\":\"2024-02-29T23:00:00Z\",\
             \"types\":\"true,false,true,true,true,false\",\"masked\":\"203.0.113.0\",\"same\":true}\n",
        );
    // Regex captures and padding.
    etl("etl-map")
        .args([
            "id = capture(url, \"id=([0-9]+)\")",
            "path = capture(url, \"^[^?]+\")",
            "x = capture(url, \"(?P<k>x)=(?P<v>[0-9])\", 2)",
            "none = capture(url, \"zzz(.)\")",
            "p = lpad(n, 4, \"0\")",
            "q = rpad(\"ab\", 4)",
            "r = lpad(\"toolong\", 3)",
        ])
        .stdin("{\"url\":\"/items?id=42&x=1\",\"n\":7}\n")
        .succeeds_with(
            "{\"url\":\"/items?id=42&x=1\",\"n\":7,\"id\":\"42\",\"path\":\"/items\",\"x\":\"1\",\
             \"none\":null,\"p\":\"0007\",\"q\":\"ab  \",\"r\":\"toolong\"}\n",
        );
    // The bin below the least 64-bit integer does not wrap.
    etl("etl-map")
        .args(["b = bin(n, 3)"])
        .stdin("{\"n\":-9223372036854775808}\n")
        .run()
        .expect(
            1,
            "",
            "etl-map: <stdin>:1: field \"b\": bin(-9223372036854775808, 3) is below the least \
             64-bit integer\n",
        );
    // hash is etl-cast's: keyed, and refused without a key.
    etl("etl-map")
        .args(["h = hash(ip)", "del(ip)"])
        .env("ETL_HASH_KEY", "k")
        .stdin("{\"ip\":\"203.0.113.7\"}\n")
        .succeeds_with(&format!(
            "{{\"h\":\"{}\"}}\n",
            etlkit::ops::cast::anonymise::hash(b"k", "203.0.113.7")
        ));
    etl("etl-map")
        .args(["h = hash(ip)"])
        .stdin("{\"ip\":\"x\"}\n")
        .run()
        .expect(
            1,
            "",
            "etl-map: <stdin>:1: field \"h\": hash needs a secret key in ETL_HASH_KEY\n",
        );
    for (step, reason) in [
        ("b = bin(n, 0)", "bin's width must be above 0, got 0"),
        (
            "t = trunc_ts(ts, \"week\")",
            "trunc_ts: unknown unit \"week\"; units: second minute hour day month year",
        ),
        (
            "f = format_ts(ts, \"%Q\")",
            "format_ts: \"%Q\" is not a strftime format",
        ),
        ("e = epoch(\"soon\")", "epoch(\"soon\"): not a timestamp"),
        (
            "m = mask_ip(ts)",
            "mask_ip(\"2024-03-01\"): not an IP address",
        ),
        ("j = join(n, \",\")", "join needs a list, got a number (87)"),
        (
            "c = capture(ts, \"(2)\", 2)",
            "capture's group 2 is not in the regex (it has 1)",
        ),
        (
            "p = lpad(n, 99999999)",
            "pad's width must be 0 to 65536, got 99999999",
        ),
        (
            "p = rpad(n, 3, \"ab\")",
            "pad's fill must be one character, got \"ab\"",
        ),
    ] {
        etl("etl-map")
            .args([step])
            .stdin("{\"n\":87,\"ts\":\"2024-03-01\"}\n")
            .run()
            .expect(
                1,
                "",
                &format!("etl-map: <stdin>:1: field {:?}: {reason}\n", &step[..1]),
            );
    }
}

/// Steps that only append fields keep the input's values as read and append the
/// computed ones in the same form (text for CSV, JSON text for NDJSON); any other
/// steps go through JSON values. A `del` of a field that is not there changes
/// nothing but the way, so both ways must write the same bytes.
#[test]
fn appending_fields_writes_what_the_general_way_writes() {
    let steps = [
        "total = amount * quantity",
        "big = amount > 100",
        "who = concat(country, \"-\", id)",
        "none = nope",
        "parts = split(country, \"E\")",
        "first = capture(country, \"(.)(.*)\", 2)",
        "obj = x",
        "quoted = concat(\"a,\", \"\\\"b\\\"\\tc\")",
    ];
    let csv = "id,country,amount,quantity\n1,DE,2.5,4\n2,\"F,R\",,3\n3,US,101,1\n";
    let ndjson = concat!(
        "{\"id\":1,\"country\":\"DE\",\"amount\":2.5,\"quantity\":4,\"x\":{\"y\":[1]}}\n",
        "{\"id\":2,\"country\":\"F,R\",\"amount\":null,\"quantity\":3,\"x\":{\"y\":[]}}\n",
        "{\"id\":3,\"country\":\"US\",\"amount\":101,\"quantity\":1,\"x\":{\"y\":2}}\n",
    );
    for (input, format) in [
        (csv, "csv"),
        (ndjson, "csv"),
        (csv, "tsv"),
        (csv, "ndjson"),
        (ndjson, "ndjson"),
    ] {
        let appended = etl("etl-map")
            .args(["-O", format])
            .args(steps)
            .stdin(input)
            .run();
        let general = etl("etl-map")
            .args(["-O", format])
            .args(steps)
            .args(["del(absent)"])
            .stdin(input)
            .run();
        assert_eq!(appended.code, Some(0), "{format}: {}", appended.stderr);
        general.expect(0, &appended.stdout, "");
    }
    etl("etl-map")
        .args(["-O", "ndjson"])
        .args(&steps[..3])
        .stdin(ndjson)
        .succeeds_with(concat!(
            r#"{"id":1,"country":"DE","amount":2.5,"quantity":4,"x":{"y":[1]},"total":10,"big":false,"who":"DE-1"}"#,
            "\n",
            r#"{"id":2,"country":"F,R","amount":null,"quantity":3,"x":{"y":[]},"total":null,"big":false,"who":"F,R-2"}"#,
            "\n",
            r#"{"id":3,"country":"US","amount":101,"quantity":1,"x":{"y":2},"total":101,"big":true,"who":"US-3"}"#,
            "\n"
        ));
}
