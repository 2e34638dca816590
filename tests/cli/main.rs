//! The one integration-test binary: every module runs the real `etl*` binaries.

mod cast;
mod corpora;
mod examples;
mod filter;
mod formats;
mod front_door;
mod generated;
mod harness;
mod kafka;
mod pipelines;
mod select;
mod services;
