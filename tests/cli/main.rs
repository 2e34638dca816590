//! The one integration-test binary: every module runs the real `etl*` binaries.

mod cast;
mod corpora;
mod dedup;
mod examples;
mod filter;
mod formats;
mod front_door;
mod generated;
mod harness;
mod head;
mod join;
mod pipelines;
mod select;
mod services;
mod sort;
