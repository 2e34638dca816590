//! etl-kafka-topics against the real broker: create (the same settings again is
//! nothing, other ones an error naming them), describe with offsets and configs,
//! grow, alter keeping the other settings, list, delete.

use serde_json::Value as Json;

use crate::harness::etl;
use crate::kafka::{broker, json_lines, produce_ok, unique};

fn topics(broker: &str, args: &[&str]) -> crate::harness::Outcome {
    etl("etl-kafka-topics")
        .args(["-b", broker])
        .args(args)
        .run()
}

#[test]
fn a_topic_is_created_described_grown_altered_and_deleted() {
    let Some(broker) = broker() else { return };
    let topic = unique("topics");
    let t = topic.as_str();
    let create = [
        "create",
        t,
        "--partitions",
        "2",
        "--config",
        "retention.ms=3600000",
    ];
    topics(&broker, &create).expect(0, "", "");
    topics(&broker, &create).expect(
        0,
        "",
        &format!("etl-kafka-topics: topic {t:?} exists already, as asked\n"),
    );
    topics(&broker, &["create", t, "--partitions", "4"]).expect(
        4,
        "",
        &format!(
            "etl-kafka-topics: topic {t:?} exists already with 2 partitions, not 4 \
             (add-partitions and alter change a topic)\n"
        ),
    );
    produce_ok(&broker, t, 2, &[], "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
    let described = topics(&broker, &["describe", t]);
    assert_eq!(described.code, Some(0), "{}", described.stderr);
    let partitions = json_lines(&described.stdout);
    assert_eq!(partitions.len(), 2);
    for (i, p) in partitions.iter().enumerate() {
        assert_eq!(p["topic"], t);
        assert_eq!(p["partition"], i);
        assert_eq!(p["replicas"], serde_json::json!([p["leader"]]));
        assert_eq!(p["isr"], p["replicas"]);
        assert_eq!(p["earliest"], 0);
    }
    let messages: i64 = partitions
        .iter()
        .map(|p| p["latest"].as_i64().unwrap())
        .sum();
    assert_eq!(messages, 3);
    topics(&broker, &["add-partitions", t, "--to", "3"]).expect(0, "", "");
    topics(&broker, &["alter", t, "--config", "cleanup.policy=compact"]).expect(0, "", "");
    let configs = topics(&broker, &["describe", "--configs", t, "-O", "csv"]);
    let set: Vec<&str> = configs
        .stdout
        .lines()
        .filter(|line| line.ends_with(",topic,false,false"))
        .collect();
    assert_eq!(
        set,
        [
            format!("{t},cleanup.policy,compact,topic,false,false"),
            format!("{t},retention.ms,3600000,topic,false,false"),
        ],
        "{}",
        configs.stdout
    );
    let listed = topics(&broker, &["list"]);
    let mine: Vec<Json> = json_lines(&listed.stdout)
        .into_iter()
        .filter(|r| r["topic"] == t)
        .collect();
    assert_eq!(
        mine,
        [
            serde_json::json!({"topic": t, "partitions": 3, "replication_factor": 1, "internal": false})
        ]
    );
    topics(&broker, &["delete", t]).expect(0, "", "");
    topics(&broker, &["describe", t]).expect(
        4,
        "",
        &format!("etl-kafka-topics: topic {t:?} does not exist\n"),
    );
    topics(&broker, &["add-partitions", t, "--to", "1"]).expect(
        4,
        "",
        &format!("etl-kafka-topics: topic {t:?} does not exist\n"),
    );
}
