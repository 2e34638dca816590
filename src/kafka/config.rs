//! The connection to a Kafka cluster: brokers from `-b` or `KAFKA_BROKERS`, librdkafka
//! properties from `-F FILE` and `-X key=value`, so TLS and SASL clusters work as with
//! kcat. Property values are never printed: an error names the property, and a
//! librdkafka message that quotes a secret value has it blanked out.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::client::ClientContext;
use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;

use crate::error::{Error, Result};

/// Where the brokers are and how to talk to them, as given on the command line.
#[derive(Clone, Debug, Default)]
pub struct Connection {
    /// `host:port,...` from `-b` or `KAFKA_BROKERS`.
    pub brokers: Option<String>,
    /// A properties file (`-F`).
    pub config_file: Option<PathBuf>,
    /// `key=value` pairs (`-X`), applied last.
    pub properties: Vec<String>,
    /// How long to wait for the brokers.
    pub timeout: Duration,
}

impl Connection {
    /// The librdkafka configuration: `defaults` (the command's own settings), then the
    /// file, the brokers and the `-X` properties, each overriding the one before.
    pub fn client_config(&self, defaults: &[(&str, &str)]) -> Result<ClientConfig> {
        let mut config = ClientConfig::new();
        for (key, value) in defaults {
            config.set(*key, *value);
        }
        if let Some(path) = &self.config_file {
            for (key, value) in read_properties(path)? {
                set(&mut config, &key, &value)
                    .map_err(|reason| Error::usage(format!("{}: {reason}", path.display())))?;
            }
        }
        if let Some(brokers) = &self.brokers {
            config.set("bootstrap.servers", brokers);
        }
        for property in &self.properties {
            let (key, value) = property.split_once('=').ok_or_else(|| {
                Error::usage(format!("-X {}: expected key=value", shown_key(property)))
            })?;
            set(&mut config, key.trim(), value)
                .map_err(|reason| Error::usage(format!("-X: {reason}")))?;
        }
        let has_brokers = ["bootstrap.servers", "metadata.broker.list"]
            .iter()
            .any(|key| config.get(key).is_some_and(|v| !v.trim().is_empty()));
        if !has_brokers {
            return Err(Error::usage(
                "no brokers: give -b/--brokers host:port or set KAFKA_BROKERS",
            ));
        }
        Ok(config)
    }

    /// The brokers for messages: whatever `-b`/`KAFKA_BROKERS` said, else "the brokers".
    pub fn describe(&self) -> String {
        match &self.brokers {
            Some(brokers) => format!("the brokers at {brokers}"),
            None => "the brokers".to_owned(),
        }
    }
}

/// Sets a property, translating the one Java client setting that librdkafka spells
/// otherwise and a kafka-topics.sh `--command-config` file always has:
/// `sasl.jaas.config` with a PLAIN or SCRAM login becomes `sasl.username` and
/// `sasl.password`.
fn set(config: &mut ClientConfig, key: &str, value: &str) -> std::result::Result<(), String> {
    if key != "sasl.jaas.config" {
        config.set(key, value);
        return Ok(());
    }
    let login = jaas_login(value).ok_or(
        "sasl.jaas.config: only a PlainLoginModule or ScramLoginModule login with username \
         and password can be read; give sasl.username and sasl.password instead",
    )?;
    config.set("sasl.username", login.0);
    config.set("sasl.password", login.1);
    Ok(())
}

/// The username and password of a JAAS line such as
/// `org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";`.
fn jaas_login(line: &str) -> Option<(String, String)> {
    let (module, options) = line.trim().split_once(char::is_whitespace)?;
    if !(module.ends_with(".PlainLoginModule") || module.ends_with(".ScramLoginModule")) {
        return None;
    }
    let mut rest = options.trim_start().strip_prefix("required")?;
    let (mut username, mut password) = (None, None);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest == ";" {
            break;
        }
        let (name, after) = rest.split_once('=')?;
        let after = after.trim_start().strip_prefix('"')?;
        let end = after.find('"')?;
        match name.trim() {
            "username" => username = Some(after[..end].to_owned()),
            "password" => password = Some(after[..end].to_owned()),
            _ => {}
        }
        rest = &after[end + 1..];
    }
    Some((username?, password?))
}

/// `key=value` lines of a Java-style properties file; `#` and `!` start comments.
fn read_properties(path: &Path) -> Result<Vec<(String, String)>> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    let mut properties = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        // The line itself is not shown: it may hold a password.
        let (key, value) = line.split_once('=').ok_or_else(|| {
            Error::usage(format!(
                "{}:{}: expected key=value",
                path.display(),
                number + 1
            ))
        })?;
        properties.push((key.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(properties)
}

/// The key part of a malformed `-X` argument, which may be a secret pasted whole.
fn shown_key(property: &str) -> &str {
    if is_secret(property) {
        "(a secret property)"
    } else {
        property
    }
}

/// Properties whose values must never reach a terminal or a log.
fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "jaas",
        "token",
        "ssl.key",
        "oauthbearer.config",
    ]
    .iter()
    .any(|word| key.contains(word))
}

/// A librdkafka error as a message, with any secret property value blanked out.
pub fn describe_error(err: &KafkaError) -> String {
    match err {
        KafkaError::ClientConfig(_, description, key, value) => {
            let description = if is_secret(key) && !value.is_empty() {
                description.replace(value.as_str(), "***")
            } else {
                description.clone()
            };
            format!("property {key}: {description}")
        }
        KafkaError::ClientCreation(description) => description.clone(),
        other => other.to_string(),
    }
}

/// The last error librdkafka reported on its own (a refused connection, a failed
/// authentication), which says more than the timeout that follows it.
#[derive(Debug, Default)]
pub struct LastError(Mutex<Option<String>>);

impl LastError {
    /// Keeps `reason` without librdkafka's thread prefix (`[thrd:…]: `) and timing
    /// suffix (` (after 3ms in state UP)`).
    pub fn set(&self, reason: &str) {
        let reason = match reason.split_once("]: ") {
            Some((thread, rest)) if thread.starts_with("[thrd:") => rest,
            _ => reason,
        };
        let reason = match reason.rfind(" (after ") {
            Some(at) if reason.ends_with(')') => &reason[..at],
            _ => reason,
        };
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason.to_owned());
    }

    /// Keeps a warning or error from librdkafka's log (which is otherwise silent).
    pub fn log(&self, level: RDKafkaLogLevel, message: &str) {
        use RDKafkaLogLevel::*;
        if matches!(level, Emerg | Alert | Critical | Error | Warning) {
            self.set(message);
        }
    }

    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// A client context that keeps librdkafka's last error.
pub trait Reports {
    fn last_error(&self) -> &LastError;
}

/// The context of the administration commands' clients: librdkafka's last error (a
/// failed login, a certificate refused), shared with the command, which names it when
/// a request then fails with only a timeout or a transport failure.
#[derive(Clone, Default)]
pub struct Watched(Arc<LastError>);

impl Watched {
    /// `err` as the brokers' failure to answer, with the reason librdkafka gave.
    pub fn unreachable(&self, connection: &Connection, err: &KafkaError) -> Error {
        if self.0.get().is_none() {
            self.listen(connection);
        }
        let reason = self.0.get().unwrap_or_else(|| describe_error(err));
        super::admin::unreachable_brokers(connection, &reason)
    }

    /// An admin client's own events are never served (rust-rdkafka polls only its
    /// admin queue), so the reason is asked of a consumer with the same settings,
    /// whose events are: it connects, fails the same way, and says why.
    fn listen(&self, connection: &Connection) {
        let Ok(config) = connection.client_config(&[]) else {
            return;
        };
        let Ok(consumer) = config.create_with_context::<_, BaseConsumer<Watched>>(self.clone())
        else {
            return;
        };
        let deadline = Instant::now() + connection.timeout.min(Duration::from_secs(5));
        while self.0.get().is_none() && Instant::now() < deadline {
            let answered = consumer
                .fetch_metadata(None, Duration::from_millis(200))
                .is_ok();
            consumer.poll(Duration::ZERO);
            if answered {
                return;
            }
        }
    }
}

impl ClientContext for Watched {
    fn log(&self, level: RDKafkaLogLevel, _: &str, message: &str) {
        self.0.log(level, message);
    }

    fn error(&self, _: KafkaError, reason: &str) {
        self.0.set(reason);
    }
}

impl ConsumerContext for Watched {}

/// A Kafka failure as this crate's error (exit status 4).
pub fn service_error(context: &str, err: &KafkaError) -> Error {
    Error::Service(format!("{context}: {}", describe_error(err)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_java_jaas_login_becomes_librdkafkas_username_and_password() {
        let scram = "org.apache.kafka.common.security.scram.ScramLoginModule required \
                     username=\"alice\" password=\"a b=c\";";
        assert_eq!(
            jaas_login(scram),
            Some(("alice".to_owned(), "a b=c".to_owned()))
        );
        let plain = "org.apache.kafka.common.security.plain.PlainLoginModule required\n  \
                     password=\"p\"\n  username=\"u\";";
        assert_eq!(jaas_login(plain), Some(("u".to_owned(), "p".to_owned())));
        for refused in [
            "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true;",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\";",
            "org.apache.kafka.common.security.scram.ScramLoginModule optional username=\"u\" password=\"p\";",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u",
        ] {
            assert_eq!(jaas_login(refused), None, "{refused}");
        }
        let mut config = ClientConfig::new();
        let err = set(&mut config, "sasl.jaas.config", "Krb5LoginModule required;").unwrap_err();
        assert!(!err.contains("Krb5"), "the value is never printed: {err}");
    }

    #[test]
    fn layers_override_in_order_and_secrets_stay_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("client.properties");
        std::fs::write(
            &file,
            "# comment\n! also\n\nsecurity.protocol = SASL_SSL\nsasl.password=hunter2\nclient.id=file\n",
        )
        .unwrap();
        let connection = Connection {
            brokers: Some("b:9092".into()),
            config_file: Some(file.clone()),
            properties: vec!["client.id=cli".into()],
            timeout: Duration::from_secs(1),
        };
        let config = connection
            .client_config(&[("client.id", "default")])
            .unwrap();
        assert_eq!(config.get("client.id"), Some("cli"));
        assert_eq!(config.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(config.get("bootstrap.servers"), Some("b:9092"));

        std::fs::write(&file, "sasl.password hunter2\n").unwrap();
        let err = connection.client_config(&[]).unwrap_err().to_string();
        assert!(
            err.ends_with("client.properties:1: expected key=value"),
            "{err}"
        );
        assert!(!err.contains("hunter2"));

        let err = KafkaError::ClientConfig(
            rdkafka::types::RDKafkaConfRes::RD_KAFKA_CONF_INVALID,
            "Invalid value \"hunter2\" for configuration property \"sasl.password\"".into(),
            "sasl.password".into(),
            "hunter2".into(),
        );
        assert_eq!(
            describe_error(&err),
            "property sasl.password: Invalid value \"***\" for configuration property \"sasl.password\""
        );
    }

    #[test]
    fn brokers_are_required() {
        let err = Connection::default().client_config(&[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no brokers: give -b/--brokers host:port or set KAFKA_BROKERS"
        );
    }
}
