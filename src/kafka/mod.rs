//! Kafka for `etl-kafka-produce` and `etl-kafka-consume`, on librdkafka.
//!
//! - [`config`]: brokers and librdkafka properties from the command line; secrets unprinted.
//! - [`admin`]: topic creation and partition lists.
//! - [`produce`], [`producer`] and [`encode`]: records to messages, every delivery
//!   accounted for.
//! - [`consumer`] and [`decode`]: messages to records, offsets committed only after
//!   the records are on stdout.
//! - [`batch`]: `--exec`, a pipeline run per micro-batch whose exit 0 commits it.
//! - [`pipeline`]: how bash runs that pipeline, so its last stage knows the others' status.

pub mod admin;
pub mod batch;
pub mod config;
pub mod consumer;
pub mod decode;
pub mod encode;
pub mod format_string;
pub mod groups;
pub mod pipeline;
pub mod produce;
pub mod producer;
pub mod topics;
