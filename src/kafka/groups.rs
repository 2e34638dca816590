//! `etl-kafka-groups`: consumer groups as kafka-consumer-groups.sh shows and moves
//! them, with what it finds written as records: the groups, a group's committed
//! offsets and lag per partition, and offsets reset (to the earliest, the latest, a
//! time, a shift, or a list), planned first and committed only when asked.

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::{Offset, TopicPartitionList};
use serde_json::{json, Value as Json};

use super::config::{describe_error, Connection, Watched};
use crate::error::{Error, Result};

/// Where `reset` moves a group's offsets to.
#[derive(Clone, Debug)]
pub enum ResetTo {
    Earliest,
    Latest,
    /// The first message at or after this time (milliseconds since the epoch).
    Time(i64),
    /// This many messages on from the committed offset (back when negative).
    Shift(i64),
    /// These offsets: (topic, partition, offset).
    Listed(Vec<(String, i32, i64)>),
}

/// A group's position on one partition.
struct Position {
    topic: String,
    partition: i32,
    /// The committed offset, if the group has one here.
    committed: Option<i64>,
    earliest: i64,
    latest: i64,
}

pub struct Groups {
    connection: Connection,
    watched: Watched,
}

impl Groups {
    pub fn new(connection: Connection) -> Groups {
        Groups {
            connection,
            watched: Watched::default(),
        }
    }

    /// A consumer of `group` that never joins it: it only reads and commits offsets.
    fn consumer(&self, group: &str) -> Result<BaseConsumer<Watched>> {
        self.connection
            .client_config(&[("group.id", group), ("enable.auto.commit", "false")])?
            .create_with_context(self.watched.clone())
            .map_err(|e| Error::Service(format!("Kafka consumer: {}", describe_error(&e))))
    }

    fn unreachable(&self, err: rdkafka::error::KafkaError) -> Error {
        self.watched.unreachable(&self.connection, &err)
    }

    /// One record per group: `group, state, members, protocol_type`.
    pub fn list(&self) -> Result<Vec<Json>> {
        let consumer = self.consumer("etl-kafka-groups")?;
        let list = consumer
            .client()
            .fetch_group_list(None, self.connection.timeout)
            .map_err(|e| self.unreachable(e))?;
        let mut groups: Vec<Json> = list
            .groups()
            .iter()
            .map(|g| {
                json!({
                    "group": g.name(),
                    "state": g.state(),
                    "members": g.members().len(),
                    "protocol_type": g.protocol_type(),
                })
            })
            .collect();
        groups.sort_by(|a, b| a["group"].as_str().cmp(&b["group"].as_str()));
        Ok(groups)
    }

    /// The group's state and member count, as the coordinator says.
    fn state(&self, consumer: &BaseConsumer<Watched>, group: &str) -> Result<(String, usize)> {
        let list = consumer
            .client()
            .fetch_group_list(Some(group), self.connection.timeout)
            .map_err(|e| self.unreachable(e))?;
        Ok(list
            .groups()
            .iter()
            .find(|g| g.name() == group)
            .map_or(("Dead".to_owned(), 0), |g| {
                (g.state().to_owned(), g.members().len())
            }))
    }

    /// The group's positions on every partition it has committed on (of `topic`, or
    /// of every topic), with the partitions' earliest and latest offsets.
    fn positions(
        &self,
        consumer: &BaseConsumer<Watched>,
        topic: Option<&str>,
    ) -> Result<Vec<Position>> {
        let metadata = consumer
            .client()
            .fetch_metadata(None, self.connection.timeout)
            .map_err(|e| self.unreachable(e))?;
        let mut asked = TopicPartitionList::new();
        for t in metadata.topics() {
            if topic.is_some_and(|wanted| wanted != t.name())
                || (topic.is_none() && t.name().starts_with("__"))
            {
                continue;
            }
            for p in t.partitions() {
                asked.add_partition(t.name(), p.id());
            }
        }
        if let Some(wanted) = topic {
            if asked.count() == 0 {
                return Err(Error::Service(format!("topic {wanted:?} does not exist")));
            }
        }
        let committed = consumer
            .committed_offsets(asked, self.connection.timeout)
            .map_err(|e| self.unreachable(e))?;
        let mut positions = Vec::new();
        for element in committed.elements() {
            let committed = match element.offset() {
                Offset::Offset(n) => Some(n),
                _ => None,
            };
            if committed.is_none() && topic.is_none() {
                continue;
            }
            let (earliest, latest) = consumer
                .fetch_watermarks(
                    element.topic(),
                    element.partition(),
                    self.connection.timeout,
                )
                .map_err(|e| self.unreachable(e))?;
            positions.push(Position {
                topic: element.topic().to_owned(),
                partition: element.partition(),
                committed,
                earliest,
                latest,
            });
        }
        positions.sort_by(|a, b| (&a.topic, a.partition).cmp(&(&b.topic, b.partition)));
        Ok(positions)
    }

    /// One record per partition the group has committed on: `group, topic, partition,
    /// committed, latest, lag`.
    pub fn describe(&self, group: &str, topic: Option<&str>) -> Result<Vec<Json>> {
        let consumer = self.consumer(group)?;
        Ok(self
            .positions(&consumer, topic)?
            .into_iter()
            .map(|p| {
                json!({
                    "group": group,
                    "topic": p.topic,
                    "partition": p.partition,
                    "committed": p.committed,
                    "latest": p.latest,
                    "lag": p.committed.map(|c| (p.latest - c).max(0)),
                })
            })
            .collect())
    }

    /// The offsets `group` would have on `topic`'s partitions after the reset, one
    /// record each: `group, topic, partition, committed, new`; committed as well with
    /// `execute`, which a group with members refuses (they would overwrite them).
    pub fn reset(
        &self,
        group: &str,
        topic: &str,
        to: &ResetTo,
        execute: bool,
    ) -> Result<Vec<Json>> {
        let consumer = self.consumer(group)?;
        let positions = self.positions(&consumer, Some(topic))?;
        let times = match to {
            ResetTo::Time(ms) => {
                let mut asked = TopicPartitionList::new();
                for p in &positions {
                    asked
                        .add_partition_offset(&p.topic, p.partition, Offset::Offset(*ms))
                        .map_err(|e| self.unreachable(e))?;
                }
                Some(
                    consumer
                        .offsets_for_times(asked, self.connection.timeout)
                        .map_err(|e| self.unreachable(e))?,
                )
            }
            _ => None,
        };
        let mut plan = TopicPartitionList::new();
        let mut rows = Vec::new();
        for p in &positions {
            let wanted = match to {
                ResetTo::Earliest => p.earliest,
                ResetTo::Latest => p.latest,
                ResetTo::Shift(n) => p.committed.unwrap_or(p.latest).saturating_add(*n),
                ResetTo::Time(_) => {
                    let found = times
                        .as_ref()
                        .and_then(|t| t.find_partition(&p.topic, p.partition));
                    match found.map(|e| e.offset()) {
                        Some(Offset::Offset(n)) => n,
                        // No message at or after the time: the end.
                        _ => p.latest,
                    }
                }
                ResetTo::Listed(offsets) => {
                    match offsets
                        .iter()
                        .find(|(t, n, _)| *t == p.topic && *n == p.partition)
                    {
                        Some((_, _, offset)) => *offset,
                        None => continue,
                    }
                }
            };
            // As kafka-consumer-groups.sh does: never outside what the partition holds.
            let new = wanted.clamp(p.earliest, p.latest);
            plan.add_partition_offset(&p.topic, p.partition, Offset::Offset(new))
                .map_err(|e| self.unreachable(e))?;
            rows.push(json!({
                "group": group,
                "topic": p.topic,
                "partition": p.partition,
                "committed": p.committed,
                "new": new,
            }));
        }
        if execute && plan.count() > 0 {
            let (state, members) = self.state(&consumer, group)?;
            if members > 0 {
                return Err(Error::Service(format!(
                    "group {group:?} has {members} active member{} (state {state}); stop its \
                     consumers before resetting its offsets",
                    if members == 1 { "" } else { "s" }
                )));
            }
            consumer.commit(&plan, CommitMode::Sync).map_err(|e| {
                Error::Service(format!(
                    "cannot commit the offsets of group {group:?}: {}",
                    describe_error(&e)
                ))
            })?;
        }
        Ok(rows)
    }
}
