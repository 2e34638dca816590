//! etl-dedup: the first or last record of each key, or of each whole record.

use crate::harness::etl;

const CHANGES: &str = "order,state\n1,new\n2,new\n1,paid\n3,new\n1,paid\n2,gone\n";

#[test]
fn whole_record_duplicates_are_dropped() {
    etl("etl-dedup")
        .stdin(CHANGES)
        .succeeds_with("order,state\n1,new\n2,new\n1,paid\n3,new\n2,gone\n");
    // NDJSON: the same values under other names are another record.
    etl("etl-dedup")
        .stdin("{\"a\":1}\n{\"b\":1}\n{\"a\":1}\n{\"a\":\"1\"}\n")
        .succeeds_with("{\"a\":1}\n{\"b\":1}\n");
}

#[test]
fn keep_first_of_each_key() {
    etl("etl-dedup")
        .args(["--on", "order"])
        .stdin(CHANGES)
        .succeeds_with("order,state\n1,new\n2,new\n3,new\n");
}

#[test]
fn keep_last_of_each_key_in_order_of_last_occurrence() {
    etl("etl-dedup")
        .args(["--on", "order", "--keep", "last"])
        .stdin(CHANGES)
        .succeeds_with("order,state\n3,new\n1,paid\n2,gone\n");
}

#[test]
fn null_and_missing_are_one_key_and_empty_another() {
    etl("etl-dedup")
        .args(["--on", "k"])
        .stdin("{\"k\":null,\"n\":1}\n{\"n\":2}\n{\"k\":\"\",\"n\":3}\n{\"k\":0,\"n\":4}\n")
        .succeeds_with("{\"k\":null,\"n\":1}\n{\"k\":\"\",\"n\":3}\n{\"k\":0,\"n\":4}\n");
}

#[test]
fn an_input_without_rows_keeps_its_header() {
    etl("etl-dedup")
        .args(["--on", "order", "--keep", "last"])
        .stdin("order,state\n")
        .succeeds_with("order,state\n");
}
