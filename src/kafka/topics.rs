//! `etl-kafka-topics`: topic administration as kafka-topics.sh and `kcat -L` do it,
//! with what it finds written as records: list, describe (partitions, leaders,
//! replicas, in-sync replicas, offsets, configs), create (an existing topic with other
//! settings is an error, never silence), delete, add partitions, alter configs.

use std::collections::BTreeMap;

use rdkafka::admin::{
    AdminClient, AdminOptions, AlterConfig, ConfigSource, NewPartitions, NewTopic,
    ResourceSpecifier, TopicReplication, TopicResult,
};
use rdkafka::metadata::Metadata;
use rdkafka::types::RDKafkaErrorCode;
use serde_json::{json, Value as Json};

use super::admin::block_on;
use super::config::{describe_error, Connection, Watched};
use crate::error::{Error, Result};

/// What a topic is to be created with.
pub struct TopicSpec {
    pub name: String,
    pub partitions: i32,
    pub replication: i32,
    /// `name=value` topic configs.
    pub configs: Vec<(String, String)>,
}

pub struct Topics {
    admin: AdminClient<Watched>,
    connection: Connection,
    watched: Watched,
}

impl Topics {
    pub fn connect(connection: Connection) -> Result<Topics> {
        let watched = Watched::default();
        let admin = connection
            .client_config(&[])?
            .create_with_context(watched.clone())
            .map_err(|e| Error::Service(format!("Kafka admin client: {}", describe_error(&e))))?;
        Ok(Topics {
            admin,
            connection,
            watched,
        })
    }

    fn options(&self) -> AdminOptions {
        AdminOptions::new()
            .request_timeout(Some(self.connection.timeout))
            .operation_timeout(Some(self.connection.timeout))
    }

    /// Every topic's metadata: asking for one topic by name would create it on a broker
    /// that creates topics on first use.
    fn metadata(&self) -> Result<Metadata> {
        self.admin
            .inner()
            .fetch_metadata(None, self.connection.timeout)
            .map_err(|e| self.watched.unreachable(&self.connection, &e))
    }

    /// One record per topic: `topic, partitions, replication_factor, internal`;
    /// internal topics (`__consumer_offsets`) only with `all`.
    pub fn list(&self, all: bool) -> Result<Vec<Json>> {
        let metadata = self.metadata()?;
        let mut topics: Vec<Json> = metadata
            .topics()
            .iter()
            .filter(|t| all || !t.name().starts_with("__"))
            .map(|t| {
                let replication = t.partitions().first().map_or(0, |p| p.replicas().len());
                json!({
                    "topic": t.name(),
                    "partitions": t.partitions().len(),
                    "replication_factor": replication,
                    "internal": t.name().starts_with("__"),
                })
            })
            .collect();
        topics.sort_by(|a, b| a["topic"].as_str().cmp(&b["topic"].as_str()));
        Ok(topics)
    }

    /// One record per partition of `topic`: `topic, partition, leader, replicas, isr,
    /// earliest, latest` (the offsets of its first and next message).
    pub fn describe(&self, topic: &str) -> Result<Vec<Json>> {
        let metadata = self.metadata()?;
        let found = metadata
            .topics()
            .iter()
            .find(|t| t.name() == topic)
            .filter(|t| t.error().is_none())
            .ok_or_else(|| no_such_topic(topic))?;
        let mut partitions = Vec::new();
        for p in found.partitions() {
            let (earliest, latest) = self
                .admin
                .inner()
                .fetch_watermarks(topic, p.id(), self.connection.timeout)
                .map_err(|e| self.watched.unreachable(&self.connection, &e))?;
            partitions.push(json!({
                "topic": topic,
                "partition": p.id(),
                "leader": p.leader(),
                "replicas": p.replicas(),
                "isr": p.isr(),
                "earliest": earliest,
                "latest": latest,
            }));
        }
        partitions.sort_by_key(|p| p["partition"].as_i64());
        Ok(partitions)
    }

    /// The configs of `topic`, one record each: `topic, name, value, source,
    /// read_only, sensitive` (a sensitive value is never shown).
    pub fn configs(&self, topic: &str) -> Result<Vec<Json>> {
        Ok(self
            .config_entries(topic)?
            .into_iter()
            .map(|(name, (value, source, read_only, sensitive))| {
                json!({
                    "topic": topic,
                    "name": name,
                    "value": if sensitive { None } else { value },
                    "source": source,
                    "read_only": read_only,
                    "sensitive": sensitive,
                })
            })
            .collect())
    }

    /// Each config of `topic` by name: its value, where it comes from, and whether it
    /// is read-only and sensitive.
    #[allow(clippy::type_complexity)]
    fn config_entries(
        &self,
        topic: &str,
    ) -> Result<BTreeMap<String, (Option<String>, &'static str, bool, bool)>> {
        let resources = block_on(
            self.admin
                .describe_configs([&ResourceSpecifier::Topic(topic)], &self.options()),
        )
        .map_err(|e| self.watched.unreachable(&self.connection, &e))?;
        let mut entries = BTreeMap::new();
        for resource in resources {
            let resource = resource.map_err(|code| refused(topic, "describe", code))?;
            for entry in resource.entries {
                let source = match entry.source {
                    ConfigSource::DynamicTopic => "topic",
                    ConfigSource::Default => "default",
                    ConfigSource::StaticBroker
                    | ConfigSource::DynamicBroker
                    | ConfigSource::DynamicDefaultBroker => "broker",
                    ConfigSource::Unknown => "unknown",
                };
                let facts = (entry.value, source, entry.is_read_only, entry.is_sensitive);
                entries.insert(entry.name, facts);
            }
        }
        Ok(entries)
    }

    /// Creates the topic. One that exists with these settings is left as it is (and
    /// said, `Ok(false)`); one that exists with others is an error naming the
    /// difference.
    pub fn create(&self, spec: &TopicSpec) -> Result<bool> {
        let mut new_topic = NewTopic::new(
            &spec.name,
            spec.partitions,
            TopicReplication::Fixed(spec.replication),
        );
        for (name, value) in &spec.configs {
            new_topic = new_topic.set(name, value);
        }
        let results = block_on(self.admin.create_topics([&new_topic], &self.options()))
            .map_err(|e| self.watched.unreachable(&self.connection, &e))?;
        match results.into_iter().next() {
            Some(Err((_, RDKafkaErrorCode::TopicAlreadyExists))) => {
                self.same_as(spec)?;
                Ok(false)
            }
            Some(result) => {
                checked(&spec.name, "create", result)?;
                Ok(true)
            }
            None => Ok(true),
        }
    }

    /// An error unless the existing topic has the partitions, replication and configs
    /// of `spec`.
    fn same_as(&self, spec: &TopicSpec) -> Result<()> {
        let partitions = self.describe(&spec.name)?;
        let mut differences = Vec::new();
        if partitions.len() != spec.partitions as usize {
            differences.push(format!(
                "{} partitions, not {}",
                partitions.len(),
                spec.partitions
            ));
        }
        let replicas = partitions
            .first()
            .and_then(|p| p["replicas"].as_array())
            .map_or(0, Vec::len);
        if replicas != spec.replication as usize {
            differences.push(format!(
                "replication factor {replicas}, not {}",
                spec.replication
            ));
        }
        let configs = self.config_entries(&spec.name)?;
        for (name, value) in &spec.configs {
            let current = configs.get(name).and_then(|(v, ..)| v.as_deref());
            if current != Some(value.as_str()) {
                differences.push(format!(
                    "{name}={}, not {value}",
                    current.unwrap_or("(unset)")
                ));
            }
        }
        if differences.is_empty() {
            return Ok(());
        }
        Err(Error::Service(format!(
            "topic {:?} exists already with {} (add-partitions and alter change a topic)",
            spec.name,
            differences.join(", ")
        )))
    }

    pub fn delete(&self, topic: &str) -> Result<()> {
        let results = block_on(self.admin.delete_topics(&[topic], &self.options()))
            .map_err(|e| self.watched.unreachable(&self.connection, &e))?;
        results
            .into_iter()
            .try_for_each(|result| checked(topic, "delete", result))
    }

    /// Grows `topic` to `partitions` partitions (Kafka never shrinks one).
    pub fn add_partitions(&self, topic: &str, partitions: usize) -> Result<()> {
        let current = self.describe(topic)?.len();
        if partitions <= current {
            return Err(Error::Service(format!(
                "topic {topic:?} has {current} partitions already; a topic's partitions \
                 can only grow"
            )));
        }
        let new = NewPartitions::new(topic, partitions);
        let results = block_on(self.admin.create_partitions([&new], &self.options()))
            .map_err(|e| self.watched.unreachable(&self.connection, &e))?;
        results
            .into_iter()
            .try_for_each(|result| checked(topic, "add partitions to", result))
    }

    /// Sets `configs` on `topic`, keeping its other topic-level settings (Kafka's
    /// AlterConfigs resets every setting it is not given).
    pub fn alter(&self, topic: &str, configs: &[(String, String)]) -> Result<()> {
        let current = self.config_entries(topic)?;
        let mut settings: BTreeMap<&str, &str> = current
            .iter()
            .filter(|(_, (_, source, ..))| *source == "topic")
            .filter_map(|(name, (value, ..))| Some((name.as_str(), value.as_deref()?)))
            .collect();
        for (name, value) in configs {
            settings.insert(name, value);
        }
        let mut alter = AlterConfig::new(ResourceSpecifier::Topic(topic));
        for (name, value) in &settings {
            alter = alter.set(name, value);
        }
        let results = block_on(self.admin.alter_configs([&alter], &self.options()))
            .map_err(|e| self.watched.unreachable(&self.connection, &e))?;
        for result in results {
            result.map_err(|(_, code)| refused(topic, "alter", code))?;
        }
        Ok(())
    }
}

fn checked(topic: &str, what: &str, result: TopicResult) -> Result<()> {
    match result {
        Ok(_) => Ok(()),
        Err((_, RDKafkaErrorCode::UnknownTopicOrPartition)) => Err(no_such_topic(topic)),
        Err((_, code)) => Err(refused(topic, what, code)),
    }
}

fn refused(topic: &str, what: &str, code: RDKafkaErrorCode) -> Error {
    Error::Service(format!("cannot {what} topic {topic:?}: {code}"))
}

fn no_such_topic(topic: &str) -> Error {
    Error::Service(format!("topic {topic:?} does not exist"))
}
