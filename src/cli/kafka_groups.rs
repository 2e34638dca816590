//! `etl-kafka-groups`: consumer groups, their lag, and their offsets moved.

use std::ffi::OsString;

use clap::{Args as ClapArgs, Parser, Subcommand};

use super::args::ReportArgs;
use super::kafka::AdminArgs;
use super::{help_footer, CommandArgs, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::kafka::groups::ResetTo;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Every group, and the lag of one per partition",
        run: "etl-kafka-groups list && etl-kafka-groups describe nightly",
    },
    Example {
        what: "Alert when a group falls more than 10000 messages behind",
        run: "etl-kafka-groups describe nightly | etl-filter 'lag > 10000' | etl-head -n 1",
    },
    Example {
        what: "Read a topic again from a time: see the plan, then do it",
        run: "etl-kafka-groups reset nightly --topic events --to-datetime 2024-03-01T00:00:00Z && etl-kafka-groups reset nightly --topic events --to-datetime 2024-03-01T00:00:00Z --execute",
    },
    Example {
        what: "Skip the last 100 messages back, or restore offsets saved before",
        run: "etl-kafka-groups reset nightly --topic events --shift-by -100 --execute; etl-kafka-groups reset nightly --topic events --from-file saved.csv --execute",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = &[Exit::Success, Exit::Usage, Exit::Io, Exit::Service];

/// List consumer groups, show their lag, and move their offsets.
///
/// What it finds is written as records (NDJSON, or -O csv/tsv): one per group, or per
/// partition a group has committed on (committed offset, latest offset, lag). reset
/// writes the plan (committed and new offset per partition) and commits it only with
/// --execute, which a group with active members refuses, as kafka-consumer-groups.sh
/// does; new offsets are kept within what each partition holds. A plan written with
/// -O csv can be given back with --from-file.
#[derive(Debug, Parser)]
#[command(name = "etl-kafka-groups", version, verbatim_doc_comment, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
    #[command(flatten)]
    pub admin: AdminArgs,
}

#[derive(Debug, Subcommand)]
pub enum Action {
    /// Every group: group, state, members, protocol_type.
    List,
    /// The group's committed offsets and lag: group, topic, partition, committed,
    /// latest, lag.
    Describe {
        #[arg(value_name = "GROUP")]
        group: String,
        /// Only this topic (every partition of it, committed on or not).
        #[arg(long, value_name = "TOPIC")]
        topic: Option<String>,
    },
    /// Plan new offsets for the group on a topic; commit them with --execute.
    Reset {
        #[arg(value_name = "GROUP")]
        group: String,
        #[arg(long, value_name = "TOPIC", required = true)]
        topic: String,
        #[command(flatten)]
        to: ResetArgs,
        /// Commit the new offsets (the group must have no active member).
        #[arg(long)]
        execute: bool,
    },
}

/// Where the offsets go: exactly one.
#[derive(Debug, ClapArgs)]
#[group(required = true, multiple = false)]
pub struct ResetArgs {
    /// The first message each partition holds.
    #[arg(long)]
    pub to_earliest: bool,
    /// The end: what is in the topic now is skipped.
    #[arg(long)]
    pub to_latest: bool,
    /// The first message at or after TIME (RFC 3339, epoch…).
    #[arg(long, value_name = "TIME")]
    pub to_datetime: Option<String>,
    /// N messages on from the committed offset (-N: back).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub shift_by: Option<i64>,
    /// The offsets in FILE: records with topic, partition and offset (or new) fields,
    /// CSV or NDJSON, as describe or a reset plan writes them.
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<OsString>,
}

impl ResetArgs {
    /// Where to, the file's offsets read by `read_file`.
    pub fn target(
        &self,
        read_file: impl FnOnce(&OsString) -> Result<Vec<(String, i32, i64)>>,
    ) -> Result<ResetTo> {
        Ok(match self {
            ResetArgs {
                to_earliest: true, ..
            } => ResetTo::Earliest,
            ResetArgs {
                to_latest: true, ..
            } => ResetTo::Latest,
            ResetArgs {
                shift_by: Some(n), ..
            } => ResetTo::Shift(*n),
            ResetArgs {
                to_datetime: Some(text),
                ..
            } => {
                let t = crate::time::parse(text)
                    .ok_or_else(|| Error::usage(format!("--to-datetime {text:?} is not a time")))?;
                ResetTo::Time(t.timestamp_millis())
            }
            ResetArgs {
                from_file: Some(path),
                ..
            } => ResetTo::Listed(read_file(path)?),
            _ => unreachable!("clap requires one"),
        })
    }
}

impl CommandArgs for Args {
    fn definition() -> clap::Command {
        AdminArgs::definition(<Args as clap::CommandFactory>::command())
    }

    fn report(&self) -> &ReportArgs {
        &self.admin.report
    }
}
