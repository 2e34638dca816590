//! `etl-kafka-topics`: topic administration, with what it finds as records.

use clap::{Parser, Subcommand};

use super::args::ReportArgs;
use super::kafka::AdminArgs;
use super::{help_footer, CommandArgs, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::kafka::topics::TopicSpec;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "The course's topic with two partitions (again: nothing to do)",
        run: "etl-kafka-topics create bankbranch --partitions 2",
    },
    Example {
        what: "Every topic, as a table for the shell",
        run: "etl-kafka-topics list -O tsv",
    },
    Example {
        what: "Partitions, leaders, in-sync replicas and offsets; then the configs",
        run: "etl-kafka-topics describe events && etl-kafka-topics describe --configs events",
    },
    Example {
        what: "Grow a topic, keep a week of messages, and delete another",
        run: "etl-kafka-topics add-partitions events --to 12 && etl-kafka-topics alter events --config retention.ms=604800000 && etl-kafka-topics delete scratch",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = &[Exit::Success, Exit::Usage, Exit::Io, Exit::Service];

/// Create, list, describe, grow, configure and delete Kafka topics.
///
/// What list and describe find is written as records (NDJSON, or -O csv/tsv), one per
/// topic, partition or config. create leaves a topic that exists with the same
/// partitions, replication factor and configs as it is (and says so), and fails
/// (exit status 4) naming the difference when it exists with others. alter keeps the
/// topic's other settings. A sensitive config value is never shown.
#[derive(Debug, Parser)]
#[command(name = "etl-kafka-topics", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
    #[command(flatten)]
    pub admin: AdminArgs,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Every topic: topic, partitions, replication_factor, internal.
    List {
        /// Also the internal topics (__consumer_offsets…).
        #[arg(long)]
        all: bool,
    },
    /// Each partition: topic, partition, leader, replicas, isr, earliest, latest
    /// offsets; with --configs each config: topic, name, value, source, read_only,
    /// sensitive.
    Describe {
        #[arg(value_name = "TOPIC", required = true)]
        topics: Vec<String>,
        /// The topics' configs instead of their partitions.
        #[arg(long)]
        configs: bool,
    },
    /// Create a topic; one with these settings already is left as it is.
    Create {
        #[arg(value_name = "TOPIC")]
        topic: String,
        #[arg(long, value_name = "N", default_value_t = 1)]
        partitions: i32,
        #[arg(long, value_name = "R", default_value_t = 1)]
        replication_factor: i32,
        /// A topic config (repeatable), e.g. --config retention.ms=86400000.
        #[arg(long = "config", value_name = "NAME=VALUE", value_parser = config)]
        configs: Vec<(String, String)>,
    },
    /// Delete topics.
    Delete {
        #[arg(value_name = "TOPIC", required = true)]
        topics: Vec<String>,
    },
    /// Grow a topic to N partitions (they never shrink).
    AddPartitions {
        #[arg(value_name = "TOPIC")]
        topic: String,
        #[arg(long, value_name = "N")]
        to: usize,
    },
    /// Set topic configs, keeping the others.
    Alter {
        #[arg(value_name = "TOPIC")]
        topic: String,
        #[arg(long = "config", value_name = "NAME=VALUE", value_parser = config, required = true)]
        configs: Vec<(String, String)>,
    },
}

/// `name=value`.
fn config(text: &str) -> std::result::Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("{text:?} is not NAME=VALUE")),
    }
}

impl Args {
    /// What create is to make.
    pub fn spec(
        topic: &str,
        partitions: i32,
        replication: i32,
        configs: &[(String, String)],
    ) -> Result<TopicSpec> {
        if partitions < 1 || replication < 1 {
            return Err(Error::usage(
                "--partitions and --replication-factor are at least 1",
            ));
        }
        Ok(TopicSpec {
            name: topic.to_owned(),
            partitions,
            replication,
            configs: configs.to_vec(),
        })
    }
}

impl CommandArgs for Args {
    fn definition() -> clap::Command {
        // --config is a topic's, as in kafka-topics.sh; the client's file is
        // --command-config, as there too.
        let command = <Args as clap::CommandFactory>::command()
            .mut_arg("config_file", |arg| arg.long("command-config"));
        AdminArgs::definition(command)
    }

    fn report(&self) -> &ReportArgs {
        &self.admin.report
    }
}
