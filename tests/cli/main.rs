//! The one integration-test binary: every module runs the real `etl*` binaries.

mod aggregate;
mod cast;
mod corpora;
mod corpora_logs;
mod dedup;
mod examples;
mod extract_log;
mod faults_pg;
mod filter;
mod formats;
mod front_door;
mod generated;
mod harness;
mod head;
mod join;
mod kafka;
mod kafka_pipes;
mod metrics;
mod pg_load;
mod pipeline;
mod pipelines;
mod recipes;
mod select;
mod services;
mod sort;
mod streaming;
