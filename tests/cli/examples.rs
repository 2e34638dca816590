//! The examples in examples/ run, so they cannot rot.

use std::process::Command;

use crate::harness::{path_with_binaries, service};

/// `make demo`: every step runs, on the servers of scripts/services, and shows what
/// it wrote.
#[test]
fn demo_runs() {
    let (Some(_), Some(_)) = (service("ETLKIT_TEST_PG"), service("ETLKIT_TEST_KAFKA")) else {
        return;
    };
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo.sh");
    let output = Command::new("bash")
        .arg(demo)
        .env("PATH", path_with_binaries())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!stdout.contains("skipped"), "{stdout}");
    for shown in [
        // The log parsed, its errors loaded with their addresses masked, and queried.
        "$ etl-extract-log -f combined access.log\n{\"ip\":\"203.0.113.7\",",
        "status,ip,path\n502,198.51.100.0,/api/stock\n400,203.0.113.0,\n403,192.0.2.0,/admin\n",
        "ts,count,sum_bytes\n2024-03-01T11:00:00Z,3,5207\n2024-03-01T11:00:05Z,3,314\n",
        // The readings through two topics into PostgreSQL, and aggregated.
        "etl-kafka-produce: 36 records in, 36 out in ",
        "etl-kafka-produce: 12 records in, 12 out in ",
        "station,hot_hours,max\ncairo,10,34.7\nmadrid,2,30.7\n",
        "station,count,avg_temp_c,max_temp_c\ncairo,12,31.933333333333334,34.7\n",
        "2024-07-01T06:00:00Z,oslo,6,75.33333333333333\n",
    ] {
        assert!(stdout.contains(shown), "missing {shown:?} in\n{stdout}");
    }
}

/// examples/kafka/course.sh: every Kafka step of the course, run with etlkit.
#[test]
fn the_courses_kafka_steps_run() {
    let (Some(pg), Some(kafka)) = (service("ETLKIT_TEST_PG"), service("ETLKIT_TEST_KAFKA")) else {
        return;
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/kafka/course.sh");
    let output = Command::new("bash")
        .arg(script)
        .env("PATH", path_with_binaries())
        .env("KAFKA_BROKERS", kafka)
        .env("DATABASE_URL", pg)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for shown in [
        "Good morning\nGood day\nEnjoy the Kafka lab\n",
        "0 bob: logged in\n1 alice: logged in\n1 alice: logged out\n",
        "{\"atmid\":1,\"transid\":100}\n{\"atmid\":2,\"transid\":101}\n",
        "{\"city\":\"Cairo\",\"temp_f\":95,\"temp_c\":35}\n{\"city\":\"Madrid\",\"temp_f\":88,\"temp_c\":31.1}\n",
        "atmid,transid\n1,100\n2,101\n",
    ] {
        assert!(stdout.contains(shown), "{shown:?} not in:\n{stdout}");
    }
}
