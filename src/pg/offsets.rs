//! `--offsets-table`: the Kafka offsets of a batch stored in the load's own
//! transaction, so a batch delivered twice is loaded once.
//!
//! This is the "storing offsets outside Kafka" pattern of Kafka's consumer
//! documentation, for `etl-kafka-consume --exec '… | etl-pg-load --offsets-table T'`:
//! the consumer names a file holding the batch's offsets (complete before the load's
//! input ends), and the load, just before its commit, locks each partition's row of
//! T and checks that the batch starts where the stored offsets end. If it does, the
//! rows and the new offsets commit together. If the table holds some of the batch
//! already (the load committed, then the consumer died before Kafka's commit), nothing
//! is loaded: the load rolls back and tells the consumer where to resume.

use std::path::PathBuf;

use postgres::Client;

use super::ident::TableName;
use crate::error::{Error, Result};
use crate::kafka::batch::{
    write_atomically, BatchOffsets, Resume, ResumeAt, BATCH_VARIABLE, RESUME_VARIABLE,
};

/// The table of stored offsets and the consumer's files for this batch.
#[derive(Debug)]
pub struct OffsetsTable {
    table: TableName,
    batch: PathBuf,
    resume: PathBuf,
}

/// What the stored offsets say of a batch.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It starts where they end: load it; they now end after it.
    Load,
    /// Some of it was loaded before: load none of it. The message says what.
    Loaded(String),
}

impl OffsetsTable {
    /// The table `name`, with the files `etl-kafka-consume --exec` names.
    pub fn new(name: &str) -> Result<OffsetsTable> {
        let variable = |name: &str| {
            std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
                Error::usage(format!(
                    "--offsets-table stores the offsets of a batch of etl-kafka-consume \
                     --exec, which sets {name}; run this command from its --exec"
                ))
            })
        };
        Ok(OffsetsTable {
            table: TableName::parse(name)?,
            batch: variable(BATCH_VARIABLE)?,
            resume: variable(RESUME_VARIABLE)?,
        })
    }

    /// Creates the table when it is missing (before the load's transaction, so that
    /// loads of other partitions do not wait on each other's DDL).
    pub fn create(&self, client: &mut Client) -> Result<(), postgres::Error> {
        client.batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS {} (\
               consumer_group text NOT NULL, \
               topic text NOT NULL, \
               kafka_partition integer NOT NULL, \
               next_offset bigint NOT NULL, \
               PRIMARY KEY (consumer_group, topic, kafka_partition))",
            self.table.sql()
        ))
    }

    /// In the load's transaction, before its commit: checks the batch against the
    /// stored offsets and, when it may load, moves them past it. When it may not,
    /// writes where each partition resumes for the consumer.
    pub fn record(&self, client: &mut Client) -> Result<Verdict> {
        let batch = self.batch()?;
        let failed = |e: postgres::Error| Error::Service(format!("{}: {e}", self.table));
        let table = self.table.sql();
        let insert = format!("INSERT INTO {table} VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING");
        let select = format!(
            "SELECT next_offset FROM {table} \
             WHERE consumer_group = $1 AND topic = $2 AND kafka_partition = $3 FOR UPDATE"
        );
        let update = format!(
            "UPDATE {table} SET next_offset = $4 \
             WHERE consumer_group = $1 AND topic = $2 AND kafka_partition = $3"
        );
        let mut resume = Resume::default();
        let mut overlaps = Vec::new();
        for range in &batch.partitions {
            let key: [&(dyn postgres::types::ToSql + Sync); 3] =
                [&batch.group, &range.topic, &range.partition];
            // Locks the partition's row: a second loader of the same batch waits here,
            // then sees this one's offsets.
            client
                .execute(&insert, &[key[0], key[1], key[2], &range.first])
                .map_err(failed)?;
            let stored: i64 = client.query_one(&select, &key).map_err(failed)?.get(0);
            let next = if stored > range.first {
                overlaps.push(format!(
                    "{}/{} holds offsets up to {} and the batch starts at {}",
                    range.topic,
                    range.partition,
                    stored - 1,
                    range.first
                ));
                stored
            } else {
                range.first
            };
            resume.partitions.push(ResumeAt {
                topic: range.topic.clone(),
                partition: range.partition,
                next,
            });
            client
                .execute(&update, &[key[0], key[1], key[2], &(range.last + 1)])
                .map_err(failed)?;
        }
        if overlaps.is_empty() {
            return Ok(Verdict::Load);
        }
        write_atomically(&self.resume, &resume)?;
        Ok(Verdict::Loaded(format!(
            "{}: {}: nothing of this batch loaded; the consumer resumes after what is there",
            self.table,
            overlaps.join(", ")
        )))
    }

    fn batch(&self) -> Result<BatchOffsets> {
        let text = std::fs::read(&self.batch)
            .map_err(|e| Error::io(self.batch.display().to_string(), e))?;
        serde_json::from_slice(&text)
            .map_err(|e| Error::Service(format!("{}: not a batch file: {e}", self.batch.display())))
    }
}
