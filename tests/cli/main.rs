//! The one integration-test binary: every module runs the real `etl*` binaries.

mod corpora;
mod examples;
mod formats;
mod front_door;
mod generated;
mod harness;
mod pipelines;
mod select;
