//! etl-select: the selector grammar on CSV and NDJSON, renames, exclusion, errors.

use crate::harness::{data, etl};

#[test]
fn keeps_fields_in_the_given_order() {
    etl("etl-select")
        .args(["zip,id,id", &data("people.csv")])
        .succeeds_with("zip,id,id\n02134,1,1\n10001,2,2\n,3,3\n");
}

#[test]
fn renames_positions_ranges_globs_and_regexes() {
    let input = "id,user_name,user_email,amount\n1,ann,a@x,9.5\n";
    etl("etl-select")
        .args(["key=1,3-4"])
        .stdin(input)
        .succeeds_with("key,user_email,amount\n1,a@x,9.5\n");
    etl("etl-select")
        .args(["user_*,/^am/"])
        .stdin(input)
        .succeeds_with("user_name,user_email,amount\nann,a@x,9.5\n");
}

#[test]
fn excludes_fields_and_reads_every_positional_as_a_file() {
    etl("etl-select")
        .args(["-x", "name,zip", &data("people.csv"), &data("people.csv")])
        .succeeds_with("id\n1\n2\n3\n1\n2\n3\n");
}

#[test]
fn unknown_csv_field_is_a_usage_error_with_a_suggestion() {
    etl("etl-select")
        .args(["id,nmae", &data("people.csv")])
        .run()
        .expect(
            2,
            "",
            "etl-select: no field \"nmae\" in the header; did you mean \"name\"?\n",
        );
}

#[test]
fn ndjson_missing_fields_are_null_and_dotted_names_reach_into_objects() {
    etl("etl-select")
        .args(["id,name=user.name,user.tags,nope"])
        .stdin("{\"id\":1,\"user\":{\"name\":\"Ann\",\"tags\":[\"a\"]}}\n{\"id\":2}\n")
        .succeeds_with(
            "{\"id\":1,\"name\":\"Ann\",\"user.tags\":[\"a\"],\"nope\":null}\n\
             {\"id\":2,\"name\":null,\"user.tags\":null,\"nope\":null}\n",
        );
}

#[test]
fn excludes_nested_fields_from_ndjson() {
    etl("etl-select")
        .args(["-x", "user.email,b"])
        .stdin("{\"a\":1,\"b\":2,\"user\":{\"name\":\"Ann\",\"email\":\"a@x\"}}\n")
        .succeeds_with("{\"a\":1,\"user\":{\"name\":\"Ann\"}}\n");
}

#[test]
fn bad_selectors_are_usage_errors() {
    etl("etl-select")
        .args(["/(/"])
        .stdin("a\n1\n")
        .run()
        .expect(
            2,
            "",
            "etl-select: bad regex /(/: regex parse error:\n    (\n    ^\nerror: unclosed group\n",
        );
    etl("etl-select").args(["5"]).stdin("a\n1\n").run().expect(
        2,
        "",
        "etl-select: position 5 is outside the 1 fields of the header\n",
    );
}

/// --explode: one record per element of an array field, as jq's `.items[]`.
#[test]
fn explode_makes_a_record_of_each_array_element() {
    etl("etl-select")
        .args(["--explode", "items", "order,items"])
        .stdin(concat!(
            "{\"order\":1,\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\"}],\"note\":\"x\"}\n",
            "{\"order\":2,\"items\":[]}\n",
            "{\"order\":3,\"items\":null}\n",
        ))
        .succeeds_with(concat!(
            "{\"order\":1,\"items\":{\"sku\":\"a\"}}\n",
            "{\"order\":1,\"items\":{\"sku\":\"b\"}}\n",
            "{\"order\":3,\"items\":null}\n",
        ));
}

/// --nest makes dotted names nested objects again; a name that is both a value and an
/// object is an error.
#[test]
fn nest_undoes_the_flattening_of_csv() {
    etl("etl-select")
        .args(["--nest", "-O", "ndjson", "*"])
        .stdin("id,user.name,user.id,user.addr.city\n1,ann,7,Oslo\n")
        .succeeds_with("{\"id\":\"1\",\"user\":{\"name\":\"ann\",\"id\":\"7\",\"addr\":{\"city\":\"Oslo\"}}}\n");
    etl("etl-select")
        .args(["--nest", "-O", "ndjson", "*"])
        .stdin("a,a.b\n1,2\n")
        .run()
        .expect(
            1,
            "",
            "etl-select: <stdin>:2: --nest: field \"a.b\" is both a value and inside an object of that name\n",
        );
}

/// `items[0].sku` reaches into arrays, in field lists and expressions alike.
#[test]
fn array_indexes_in_paths() {
    let order = "{\"items\":[{\"sku\":\"a\"},{\"sku\":\"b\",\"tags\":[\"x\",\"y\"]}]}\n";
    etl("etl-select")
        .args(["items[0].sku,items[1].tags[1],items[5].sku"])
        .stdin(order)
        .succeeds_with(
            "{\"items[0].sku\":\"a\",\"items[1].tags[1]\":\"y\",\"items[5].sku\":null}\n",
        );
    etl("etl-filter")
        .args(["items[1].sku == \"b\" && items[1].tags[0] in [\"x\"]"])
        .stdin(order)
        .succeeds_with(order);
}
