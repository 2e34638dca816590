//! Kafka for `etl-kafka-produce` and `etl-kafka-consume`, on librdkafka.
//!
//! - [`config`]: brokers and librdkafka properties from the command line; secrets unprinted.
//! - [`admin`]: topic creation and partition lists.
//! - [`producer`] and [`encode`]: records to messages, every delivery accounted for.
//! - [`consumer`] and [`decode`]: messages to records, offsets committed only after
//!   the records are on stdout.
//! - [`signals`]: SIGINT/SIGTERM as a flag, for a clean stop.

pub mod admin;
pub mod config;
pub mod consumer;
pub mod decode;
pub mod encode;
pub mod producer;
pub mod signals;
