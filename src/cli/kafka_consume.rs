//! `etl-kafka-consume`: read a Kafka topic as records, offsets committed only after
//! the records are written.

use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use super::args::{positive_duration, CsvOutputArgs, OutputArgs, ReportArgs};
use super::kafka::{seconds, ConnectionArgs};
use super::{help_footer, CommandArgs, Example};
use crate::exit::Exit;
use crate::kafka::batch::Exec;
use crate::kafka::consumer::{at_time, Plan, Start, Stop};
use crate::metrics::Live;
use crate::signals::Role;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Drain a topic from a cron job: read what the group has not read yet, then exit",
        run: "etl-kafka-consume -b kafka:9092 -t events -g nightly -e | gzip > events-$(date +%F).ndjson.gz",
    },
    Example {
        what: "Share the work: each copy of this command gets its own partitions",
        run: "etl-kafka-consume -t events -g alerts | etl-filter 'status >= 500' > errors-$HOSTNAME.ndjson",
    },
    Example {
        what: "The last 10 messages of every partition, with key, headers and timestamp",
        run: "etl-kafka-consume -t events -o -10 -e --envelope",
    },
    Example {
        what: "One day of messages as CSV",
        run: "etl-kafka-consume -t events -o @2024-03-01T00:00:00Z --until @2024-03-02T00:00:00Z -O csv",
    },
    Example {
        what: "A service loading a topic into PostgreSQL, at least once under any kill: each batch's offsets are committed when its load exits 0",
        run: "etl-kafka-consume -t events -g loader --exec 'etl-filter \"status >= 500\" | etl-pg-load -t errors'",
    },
    Example {
        what: "Peek at the first records",
        run: "etl-kafka-consume -t events | head -5",
    },
];

/// Every exit code: a group consumer ends with 141 when its reader goes away.
pub const EXITS: &[Exit] = &Exit::ALL;

/// Read a Kafka topic as records, offsets committed only after the records are written.
///
/// A message whose value is a JSON object becomes that record; any other value becomes
/// {"value": "<text>"}. --envelope writes each message as {"topic", "partition",
/// "offset", "key", "timestamp", "headers", "value"} (timestamp in RFC 3339 UTC,
/// headers an object, value the object itself when it is a JSON object on one line,
/// else its text; a key, value or header that is not UTF-8 as {"base64": "..."}),
/// which etl-kafka-produce --envelope sends back byte for byte. --raw writes each value as one line. Output is NDJSON
/// unless -O says otherwise.
///
/// With -g the command joins a consumer group: the topic's partitions are shared among
/// all members, so N copies split the work, and reading resumes at the group's
/// committed offsets. Without -g it reads every partition itself and commits nothing.
///
/// At least once, by construction: offsets are committed (manually, never
/// auto-committed) only for records already written and flushed to stdout, at least
/// every second, before a rebalance hands partitions to another member, and at exit.
/// A consumer killed at any point re-reads at most the records it wrote after its last
/// commit, and loses none. SIGINT and SIGTERM stop it cleanly: it writes and commits
/// what it read, leaves the group and exits with 130 or 143. Written to a pipe is not
/// read, though: when the reader closes stdout (| head), what it wrote since its last
/// commit is not committed and it exits with 141 (0 without -g); what was committed
/// and still sat in the pipe is the reader's loss (--exec gives every record to its
/// destination).
///
/// It runs until stopped, unless -e (every assigned partition at its end, with or
/// without a group), --until or -c say otherwise.
#[derive(Debug, Parser)]
#[command(name = "etl-kafka-consume", version, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// The topic to read (repeatable); ^REGEX reads every topic it matches (a group's
    /// subscription also those created later).
    #[arg(short, long = "topic", value_name = "TOPIC", required = true)]
    pub topics: Vec<String>,
    /// Join this consumer group.
    #[arg(short, long, value_name = "ID")]
    pub group: Option<String>,
    /// Read only these partitions of the topics, N[,N…] (without -g: a group assigns
    /// its members their partitions itself).
    #[arg(
        short,
        long = "partition",
        value_name = "N",
        value_delimiter = ',',
        conflicts_with = "group"
    )]
    pub partitions: Vec<i32>,
    /// Where to start: beginning, end, stored (the group's committed offset), N (an
    /// offset), -N (N before the end of each partition) or @TIMESTAMP (s@TIMESTAMP as
    /// in kcat); e@TIMESTAMP, given too, is where to stop, as --until. Default: stored
    /// with -g, else beginning. With -g only stored, beginning and end: where a group
    /// without a committed offset starts.
    #[arg(short, long = "offset", value_name = "OFFSET", value_parser = offset, allow_hyphen_values = true)]
    pub offsets: Vec<OffsetArg>,
    /// Exit once every assigned partition (of every -t topic) is at its end.
    #[arg(short, long)]
    pub exit_at_end: bool,
    /// Stop each partition at its first message at or after TIMESTAMP; exit when all
    /// have stopped.
    #[arg(long, value_name = "@TIMESTAMP", value_parser = until)]
    pub until: Option<i64>,
    /// Exit after N records.
    #[arg(short, long, value_name = "N")]
    pub count: Option<u64>,
    /// Write each message as {topic, partition, offset, key, timestamp, headers, value}.
    #[arg(long, conflicts_with = "raw")]
    pub envelope: bool,
    /// Write each message value as one line, unchanged.
    #[arg(long, conflicts_with = "output_format")]
    pub raw: bool,
    /// Write each message as FORMAT says, as kcat -f: %t topic, %p partition, %o
    /// offset, %k key, %s value, %K and %S their sizes, %T timestamp (ms), %h headers,
    /// %% a percent sign; \n \t \r \\ escapes. Nothing else is added.
    #[arg(short = 'f', long = "format", value_name = "FORMAT", conflicts_with_all = ["raw", "envelope", "output_format"])]
    pub format_string: Option<String>,
    /// With --raw, write each message's key before its value, then DELIM (as kcat -K
    /// and the console consumer's print.key); a message without a key has an empty one.
    #[arg(short = 'K', long, value_name = "DELIM", requires = "raw")]
    pub key_delimiter: Option<String>,
    /// read_committed (the default): messages of transactions not yet committed wait
    /// and those of aborted ones are skipped; read_uncommitted: every message at once.
    #[arg(long, value_name = "LEVEL", value_parser = ["read_committed", "read_uncommitted"])]
    pub isolation_level: Option<String>,
    /// Run this bash pipeline once per micro-batch, streaming the batch's records into its
    /// stdin, and commit the batch's offsets only when it exits 0 (under `set -o
    /// pipefail`): at least once into wherever the pipeline writes, under any kill. A
    /// failed batch stops the consumer with status 4 and nothing of it committed.
    #[arg(long, value_name = "PIPELINE", requires = "group")]
    pub exec: Option<String>,
    /// With --exec: a batch ends after N records…
    #[arg(long, value_name = "N", default_value_t = 100_000, requires = "exec",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_records: u64,
    /// …or this long after its first record (its rows are then visible downstream).
    #[arg(long, value_name = "DURATION", default_value = "1s", requires = "exec", value_parser = positive_duration)]
    pub batch_interval: Duration,
    /// Seconds the brokers have to answer at start.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub timeout: f64,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub csv_output: CsvOutputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// A `-o` value: where to start, or (`e@TIMESTAMP`) where to stop.
#[derive(Clone, Copy, Debug)]
pub enum OffsetArg {
    Start(Start),
    End(i64),
}

fn offset(text: &str) -> Result<OffsetArg, String> {
    if let Some(time) = text.strip_prefix("e@") {
        return at_time(time).map(OffsetArg::End);
    }
    Start::parse(
        text.strip_prefix('s')
            .filter(|t| t.starts_with('@'))
            .unwrap_or(text),
    )
    .map(OffsetArg::Start)
}

fn until(text: &str) -> Result<i64, String> {
    at_time(text.strip_prefix('@').unwrap_or(text))
}

impl Args {
    pub fn start(&self) -> Start {
        let given = self.offsets.iter().rev().find_map(|o| match o {
            OffsetArg::Start(start) => Some(*start),
            OffsetArg::End(_) => None,
        });
        given.unwrap_or(if self.group.is_some() {
            Start::Stored
        } else {
            Start::Beginning
        })
    }

    /// Where each partition stops: `-o e@TIMESTAMP` or `--until`.
    fn until(&self) -> Option<i64> {
        let end = self.offsets.iter().rev().find_map(|o| match o {
            OffsetArg::End(at) => Some(*at),
            OffsetArg::Start(_) => None,
        });
        end.or(self.until)
    }

    /// What to consume and how, publishing its counters to `live`.
    pub fn plan(&self, live: Arc<Live>) -> Plan {
        Plan {
            topics: self.topics.clone(),
            partitions: self.partitions.clone(),
            isolation_level: self.isolation_level.clone(),
            group: self.group.clone(),
            start: self.start(),
            stop: self.stop(),
            exec: self.exec(),
            live,
            statistics: self.report.metrics_interval,
        }
    }

    /// The --exec batches, if asked for.
    fn exec(&self) -> Option<Exec> {
        self.exec.as_ref().map(|command| Exec {
            command: command.clone(),
            group: self.group.clone().unwrap_or_default(),
            max_records: self.batch_records,
            max_age: self.batch_interval,
        })
    }

    pub fn stop(&self) -> Stop {
        Stop {
            at_end: self.exit_at_end,
            until: self.until(),
            count: self.count,
        }
    }
}

impl CommandArgs for Args {
    const ROLE: Role = Role::Source;

    /// Messages have no format of their own to keep.
    fn definition() -> clap::Command {
        super::kafka::ndjson_by_default(<Args as clap::CommandFactory>::command())
    }

    fn commits_after_writing(&self) -> bool {
        self.group.is_some() && self.exec.is_none()
    }

    fn report(&self) -> &ReportArgs {
        &self.report
    }
}
