//! etl-describe: one record per field, exact on small inputs, bounded on large ones.

use crate::harness::etl;

#[test]
fn each_field_of_a_csv_file() {
    let csv = "id,zip,amount,ok,ts,note\n\
               1,02134,10.5,true,2024-03-01T10:00:00Z,a\n\
               2,75001,3,false,2024-03-01T09:00:00Z,\n\
               3,,7,TRUE,2024-03-02T00:00:00+01:00,a\n";
    etl("etl-describe").stdin(csv).succeeds_with(concat!(
        "field,type,values,nulls,empty,distinct,min,max,mean,top,example\n",
        "id,int,3,0,0,3,1,3,2,\"1 (1), 2 (1), 3 (1)\",1\n",
        "zip,text,2,0,1,2,02134,75001,,\"02134 (1), 75001 (1)\",02134\n",
        "amount,decimal,3,0,0,3,3,10.5,6.833333333333333,\"10.5 (1), 3 (1), 7 (1)\",10.5\n",
        "ok,bool,3,0,0,3,TRUE,true,,\"TRUE (1), false (1), true (1)\",true\n",
        "ts,timestamp,3,0,0,3,2024-03-01T09:00:00Z,2024-03-02T00:00:00+01:00,,",
        "\"2024-03-01T09:00:00Z (1), 2024-03-01T10:00:00Z (1), 2024-03-02T00:00:00+01:00 (1)\",",
        "2024-03-01T10:00:00Z\n",
        "note,text,2,0,1,1,a,a,,a (2),a\n",
    ));
}

#[test]
fn ndjson_fields_that_come_and_go() {
    etl("etl-describe")
        .stdin("{\"a\":1,\"b\":\"x\"}\n{\"a\":2.5,\"c\":[1]}\n{\"a\":null}\n")
        .succeeds_with(concat!(
            r#"{"field":"a","type":"decimal","values":2,"nulls":1,"empty":0,"distinct":2,"min":"1","max":"2.5","mean":1.75,"top":"1 (1), 2.5 (1)","example":"1"}"#,
            "\n",
            r#"{"field":"b","type":"text","values":1,"nulls":2,"empty":0,"distinct":1,"min":"x","max":"x","mean":null,"top":"x (1)","example":"x"}"#,
            "\n",
            r#"{"field":"c","type":"json","values":1,"nulls":2,"empty":0,"distinct":1,"min":"[1]","max":"[1]","mean":null,"top":"[1] (1)","example":"[1]"}"#,
            "\n",
        ));
}

/// Past 10000 distinct values a field's count is HyperLogLog's estimate, and its most
/// common values are not given.
#[test]
fn many_distinct_values_are_estimated() {
    let mut csv = String::from("id,kind\n");
    for i in 0..30_000 {
        csv.push_str(&format!("{i},{}\n", i % 2));
    }
    let outcome = etl("etl-describe").args(["-O", "ndjson"]).stdin(csv).run();
    assert_eq!(outcome.code, Some(0), "{}", outcome.stderr);
    let rows: Vec<serde_json::Value> = outcome
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let distinct = rows[0]["distinct"].as_u64().unwrap();
    assert!((28_500..=31_500).contains(&distinct), "{distinct}");
    assert!(rows[0]["top"].is_null());
    assert_eq!(rows[0]["max"], "29999");
    assert_eq!(rows[1]["top"], "0 (15000), 1 (15000)");
}
