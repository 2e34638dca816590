//! The Kafka commands against the test broker's secured listener: SASL_SSL with
//! SCRAM-SHA-512 over TLS, from scripts/services (`ETLKIT_TEST_KAFKA_SASL*`). The same
//! produce, consume and administration as on the plaintext listener, with the settings
//! given by `-X` and by a `-F`/`--command-config` file, and a wrong password or an
//! unchecked certificate named as such, the password never printed.

use std::path::{Path, PathBuf};

use crate::harness::{etl, service, Outcome};
use crate::kafka::{json_lines, numbered, unique};

/// The secured listener and how to log in there.
struct Secured {
    address: String,
    ca: String,
    user: String,
    password: String,
}

fn secured() -> Option<Secured> {
    let address = service("ETLKIT_TEST_KAFKA_SASL")?;
    let var = |name: &str| {
        std::env::var(name)
            .unwrap_or_else(|_| panic!("{name} is not set beside ETLKIT_TEST_KAFKA_SASL"))
    };
    Some(Secured {
        address,
        ca: var("ETLKIT_TEST_KAFKA_SASL_CA"),
        user: var("ETLKIT_TEST_KAFKA_SASL_USER"),
        password: var("ETLKIT_TEST_KAFKA_SASL_PASSWORD"),
    })
}

impl Secured {
    /// The librdkafka settings for the listener, `key=value`, with this password.
    fn settings(&self, password: &str) -> Vec<String> {
        vec![
            "security.protocol=SASL_SSL".to_owned(),
            "sasl.mechanism=SCRAM-SHA-512".to_owned(),
            format!("sasl.username={}", self.user),
            format!("sasl.password={password}"),
            format!("ssl.ca.location={}", self.ca),
        ]
    }

    /// The settings in a properties file in `dir`, as a client.properties is written.
    fn config_file(&self, dir: &Path) -> PathBuf {
        let path = dir.join("client.properties");
        let mut text = "# the test broker's SASL_SSL listener\n".to_owned();
        for setting in self.settings(&self.password) {
            text.push_str(&setting);
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
        path
    }

    fn run(&self, command: &str, args: &[&str], settings: &[String], input: &str) -> Outcome {
        etl(command)
            .args(["-b", &self.address])
            .args(settings)
            .args(args)
            .stdin(input)
            .run()
    }
}

/// Settings as `-X` arguments.
fn x_args(settings: Vec<String>) -> Vec<String> {
    settings
        .into_iter()
        .flat_map(|setting| ["-X".to_owned(), setting])
        .collect()
}

#[test]
fn produce_consume_and_administration_work_over_sasl_ssl_with_x_and_with_a_file() {
    let Some(secured) = secured() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = secured.config_file(dir.path());
    let from_file = ["-F".to_owned(), file.display().to_string()];
    let from_x = x_args(secured.settings(&secured.password));
    let (topic, group) = (unique("sasl"), unique("sasl-g"));
    let (t, g) = (topic.as_str(), group.as_str());

    // kafka-topics.sh's --command-config, with the login as the Java clients write it.
    let java_file = dir.path().join("command.properties");
    std::fs::write(
        &java_file,
        format!(
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n\
             sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \
             username=\"{}\" password=\"{}\";\nssl.ca.location={}\n",
            secured.user, secured.password, secured.ca
        ),
    )
    .unwrap();
    let command_config = [
        "--command-config".to_owned(),
        java_file.display().to_string(),
    ];
    secured
        .run(
            "etl-kafka-topics",
            &["create", t, "--partitions", "2"],
            &command_config,
            "",
        )
        .expect(0, "", "");
    let described = secured.run("etl-kafka-topics", &["describe", t], &from_x, "");
    assert_eq!(described.code, Some(0), "{}", described.stderr);
    assert_eq!(
        json_lines(&described.stdout).len(),
        2,
        "{}",
        described.stdout
    );

    secured
        .run(
            "etl-kafka-produce",
            &["-t", t, "-k", "n"],
            &from_x,
            &numbered(0, 20),
        )
        .expect(0, "", "");
    let consumed = secured.run(
        "etl-kafka-consume",
        &["-t", t, "-g", g, "-e"],
        &from_file,
        "",
    );
    assert_eq!(consumed.code, Some(0), "{}", consumed.stderr);
    assert_eq!(consumed.stderr, "");
    let mut got: Vec<i64> = json_lines(&consumed.stdout)
        .iter()
        .map(|r| r["n"].as_i64().unwrap())
        .collect();
    got.sort_unstable();
    assert_eq!(got, (0..20).collect::<Vec<i64>>());

    // The group's offsets were committed over the secured listener too.
    let lag = secured.run("etl-kafka-groups", &["describe", g], &from_file, "");
    assert_eq!(lag.code, Some(0), "{}", lag.stderr);
    let partitions = json_lines(&lag.stdout);
    assert_eq!(partitions.len(), 2, "{}", lag.stdout);
    assert!(partitions.iter().all(|p| p["lag"] == 0), "{}", lag.stdout);
    let committed: i64 = partitions
        .iter()
        .map(|p| p["committed"].as_i64().unwrap())
        .sum();
    assert_eq!(committed, 20);

    secured
        .run("etl-kafka-topics", &["delete", t], &from_x, "")
        .expect(0, "", "");
}

#[test]
fn a_wrong_password_is_named_as_a_failed_login_and_never_printed() {
    let Some(secured) = secured() else { return };
    let wrong = x_args(secured.settings("not-the-password-9f2c"));
    let topic = unique("sasl-wrong");
    for (command, args) in [
        ("etl-kafka-produce", vec!["-t", topic.as_str()]),
        ("etl-kafka-consume", vec!["-t", topic.as_str(), "-e"]),
        ("etl-kafka-topics", vec!["list"]),
        ("etl-kafka-groups", vec!["list"]),
    ] {
        let mut args = args;
        args.extend(["--timeout", "5"]);
        let outcome = secured.run(command, &args, &wrong, "{\"n\":1}\n");
        assert_eq!(outcome.code, Some(4), "{command}: {}", outcome.stderr);
        assert_eq!(outcome.stdout, "", "{command}");
        let expected = format!(
            "{command}: cannot reach the brokers at {} within 5 s: sasl_ssl://{}/bootstrap: \
             SASL authentication error: Authentication failed during authentication due to \
             invalid credentials with SASL mechanism SCRAM-SHA-512\n",
            secured.address, secured.address
        );
        assert_eq!(outcome.stderr, expected, "{command}");
    }
}

#[test]
fn the_brokers_certificate_is_checked_against_the_ca_given() {
    let Some(secured) = secured() else { return };
    // Without the test CA, the broker's certificate is one nobody vouches for.
    let mut settings = secured.settings(&secured.password);
    settings.retain(|setting| !setting.starts_with("ssl.ca.location="));
    let settings = x_args(settings);
    let outcome = secured.run(
        "etl-kafka-topics",
        &["list", "--timeout", "10"],
        &settings,
        "",
    );
    assert_eq!(outcome.code, Some(4), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("certificate verify failed"),
        "{}",
        outcome.stderr
    );
}
