//! etl-kafka-groups against the real broker: a group's lag per partition, resets
//! planned, committed with --execute, refused while the group has a member, and a
//! plan given back with --from-file.

use std::process::{Command, Stdio};

use serde_json::Value as Json;

use crate::harness::{bin_dir, etl};
use crate::kafka::{broker, numbered, produce_ok, unique, wait_for};

fn groups(broker: &str, args: &[&str]) -> crate::harness::Outcome {
    etl("etl-kafka-groups")
        .args(["-b", broker])
        .args(args)
        .run()
}

#[test]
fn lag_is_described_and_offsets_reset_only_when_asked() {
    let Some(broker) = broker() else { return };
    let (topic, group) = (unique("groups"), unique("groups-g"));
    let (t, g) = (topic.as_str(), group.as_str());
    produce_ok(&broker, t, 1, &[], &numbered(0, 5));
    etl("etl-kafka-consume")
        .args(["-b", &broker, "-t", t, "-g", g, "-e", "-c", "3"])
        .run()
        .expect(0, &numbered(0, 3), "");
    groups(&broker, &["describe", g]).expect(
        0,
        &format!("{{\"group\":\"{g}\",\"topic\":\"{t}\",\"partition\":0,\"committed\":3,\"latest\":5,\"lag\":2}}\n"),
        "",
    );
    let listed = groups(&broker, &["list"]);
    let mine: Vec<Json> = listed
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Json>(l).unwrap())
        .filter(|r| r["group"] == g)
        .collect();
    assert_eq!(
        mine,
        [
            serde_json::json!({"group": g, "state": "Empty", "members": 0, "protocol_type": "consumer"})
        ]
    );
    // A plan changes nothing; --execute commits it.
    let plan = format!("group,topic,partition,committed,new\n{g},{t},0,3,0\n");
    groups(
        &broker,
        &["reset", g, "--topic", t, "--to-earliest", "-O", "csv"],
    )
    .expect(0, &plan, "");
    groups(
        &broker,
        &[
            "reset",
            g,
            "--topic",
            t,
            "--shift-by",
            "-1",
            "--execute",
            "-O",
            "csv",
        ],
    )
    .expect(
        0,
        &format!("group,topic,partition,committed,new\n{g},{t},0,3,2\n"),
        "",
    );
    groups(
        &broker,
        &[
            "reset",
            g,
            "--topic",
            t,
            "--to-latest",
            "--execute",
            "-O",
            "csv",
        ],
    )
    .expect(
        0,
        &format!("group,topic,partition,committed,new\n{g},{t},0,2,5\n"),
        "",
    );
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("plan.csv");
    std::fs::write(&saved, &plan).unwrap();
    groups(
        &broker,
        &[
            "reset",
            g,
            "--topic",
            t,
            "--from-file",
            saved.to_str().unwrap(),
            "--execute",
            "-O",
            "csv",
        ],
    )
    .expect(
        0,
        &format!("group,topic,partition,committed,new\n{g},{t},0,5,0\n"),
        "",
    );
    // A member of the group would overwrite what is committed: refused.
    let mut member = Command::new(bin_dir().join("etl-kafka-consume"))
        .args(["-b", &broker, "-t", t, "-g", g])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the consumer to join its group", || {
        groups(&broker, &["list"]).stdout.lines().any(|l| {
            let r: Json = serde_json::from_str(l).unwrap();
            r["group"] == g && r["members"] == 1
        })
    });
    let refused = groups(
        &broker,
        &["reset", g, "--topic", t, "--to-earliest", "--execute"],
    );
    member.kill().unwrap();
    member.wait().unwrap();
    assert_eq!(refused.code, Some(4), "{}", refused.stderr);
    assert!(
        refused.stderr.starts_with(&format!(
            "etl-kafka-groups: group {g:?} has 1 active member (state "
        )),
        "{}",
        refused.stderr
    );
}
