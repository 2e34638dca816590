//! `etl-kafka-produce`: send records to a Kafka topic, every delivery confirmed.

use std::ffi::OsString;

use clap::Parser;

use super::args::{BadInputArgs, InputArgs, ReportArgs};
use super::kafka::{seconds, ConnectionArgs};
use super::{help_footer, CommandArgs, Example};
use crate::error::{Error, Result};
use crate::exit::Exit;
use crate::job::Policy;
use crate::kafka::encode::Parts;

pub const EXAMPLES: &[Example] = &[
    Example {
        what: "Send each record of a CSV file as a JSON object, keyed by user (same key, same partition)",
        run: "etl-kafka-produce -b kafka:9092 -t events -k user_id events.csv",
    },
    Example {
        what: "Create the topic first, compress, and take the message time from a field",
        run: "etl-kafka-produce -t events --create-topic --partitions 6 -z zstd --timestamp-field ts events.ndjson",
    },
    Example {
        what: "Send log lines unchanged, with a header on every message",
        run: "tail -F app.log | etl-kafka-produce -t logs --raw -H source=web1",
    },
    Example {
        what: "Replay a topic into another one exactly: keys, headers, partitions, timestamps",
        run: "etl-kafka-consume -t events -e --envelope | etl-kafka-produce -t events-copy --envelope",
    },
    Example {
        what: "A secured cluster: SASL/SCRAM over TLS, credentials in a file",
        run: "etl-kafka-produce -F client.properties -X sasl.mechanism=SCRAM-SHA-512 -t events events.csv",
    },
];

/// The exit codes it can end with.
pub const EXITS: &[Exit] = Exit::SERVICE;

/// Message compression (`compression.type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Compression {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }
}

/// Send records to a Kafka topic, every delivery confirmed.
///
/// Each input record (CSV, TSV or NDJSON, detected as by every etlkit command) is sent
/// as one compact JSON object; --raw sends each input line unchanged instead.
///
/// Safe by default: acks=all with idempotence, so the retries of a flaky network never
/// duplicate a message. The command waits for every delivery report before it exits;
/// if any message was not delivered it says how many and which input lines, and exits
/// with status 4. It never exits 0 with a message undelivered. --timeout bounds how
/// long a message may wait for the brokers (librdkafka's message.timeout.ms), and how
/// long the brokers have to answer at start. SIGINT or SIGTERM stops the reading; what
/// was sent is still delivered (or reported) before it exits with 130 or 143.
///
/// The key (-k), headers (--headers-field) and timestamp (--timestamp-field) can come
/// from fields of the record; those fields stay in the value too. A null key field
/// sends no key. With --envelope, records shaped like etl-kafka-consume --envelope
/// output ({key, headers, partition, timestamp, value}) are sent with those parts: the
/// value as it is (a string's text, or an object's JSON text), so a topic replays into
/// another exactly; -p, when given, overrides the envelope's partition.
///
/// Connection: -b or KAFKA_BROKERS, then any librdkafka property from -F FILE and
/// -X key=value (TLS, SASL PLAIN/SCRAM, client.id, linger.ms, ...).
#[derive(Debug, Parser)]
#[command(name = "etl-kafka-produce", version, after_long_help = help_footer(EXAMPLES, EXITS))]
pub struct Args {
    /// Input files, read in order; `-` or none means stdin. Compressed input (gzip, zstd, xz, bzip2) is decompressed.
    #[arg(value_name = "FILE")]
    pub files: Vec<OsString>,
    /// The topic to send to.
    #[arg(short, long)]
    pub topic: String,
    /// Set the message key from this field (same key, same partition).
    #[arg(short = 'k', long = "key-field", value_name = "FIELD")]
    pub key_field: Option<String>,
    /// Give every message this key (kcat -k), with or without --raw.
    #[arg(long = "key", value_name = "TEXT", conflicts_with_all = ["key_field", "key_delimiter", "envelope"])]
    pub fixed_key: Option<String>,
    /// Send every message to this partition.
    #[arg(short, long, value_name = "N")]
    pub partition: Option<i32>,
    /// Add a header to every message (repeatable).
    #[arg(short = 'H', long = "header", value_name = "KEY=VALUE")]
    pub headers: Vec<String>,
    /// Add the members of this object field as headers.
    #[arg(long, value_name = "FIELD")]
    pub headers_field: Option<String>,
    /// Use this field as the message timestamp (RFC 3339, epoch seconds or ms, ...).
    #[arg(long, value_name = "FIELD")]
    pub timestamp_field: Option<String>,
    /// Compress message batches.
    #[arg(short = 'z', long, value_name = "CODEC", default_value = "none")]
    pub compression: Compression,
    /// Send each input line unchanged as one message (no record parsing).
    #[arg(long, conflicts_with_all = ["envelope", "key_field", "headers_field", "timestamp_field", "input_format"])]
    pub raw: bool,
    /// With --raw: the key is what comes before the first C in each line, the value what
    /// follows it (`1:{"atmid":1}`, as kcat -K and the console producer's
    /// parse.key=true); a line without C is an error. `\t` for a tab.
    #[arg(short = 'K', long, value_name = "C", requires = "raw", value_parser = delimiter)]
    pub key_delimiter: Option<u8>,
    /// With --raw: an empty value is sent as null, a tombstone (kcat -Z).
    #[arg(short = 'Z', long, requires = "raw")]
    pub null_empty: bool,
    /// Send the run's messages in one Kafka transaction with this id: a consumer with
    /// isolation.level=read_committed sees all of them or none. It commits when every
    /// message was delivered and the input ended (a SIGTERM ends it too); a bad record
    /// that stops the run, or an undelivered message, aborts it. For runs that end
    /// (files, batches): the brokers abort a transaction older than
    /// transaction.timeout.ms (60 s unless -X sets it). One id for one producer at a time:
    /// a second run with the same id fences the first off.
    #[arg(long, value_name = "ID")]
    pub transactional_id: Option<String>,
    /// Input records are envelopes {key, headers, partition, timestamp, value}.
    #[arg(long)]
    pub envelope: bool,
    /// Create the topic if it does not exist (admin API).
    #[arg(long)]
    pub create_topic: bool,
    /// Partitions of a topic --create-topic creates.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "create_topic")]
    pub partitions: i32,
    /// Replication factor of a topic --create-topic creates.
    #[arg(long, value_name = "R", default_value_t = 1, requires = "create_topic")]
    pub replication_factor: i32,
    /// Seconds the brokers have to answer, and each message to be delivered.
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = seconds)]
    pub timeout: f64,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub bad_input: BadInputArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

impl Args {
    /// Where each message's parts come from.
    pub fn parts(&self) -> Result<Parts> {
        let headers = self
            .headers
            .iter()
            .map(|header| {
                header
                    .split_once('=')
                    .map(|(k, v)| (k.to_owned(), Some(v.as_bytes().to_vec())))
                    .ok_or_else(|| Error::usage(format!("-H {header}: expected KEY=VALUE")))
            })
            .collect::<Result<_>>()?;
        Ok(Parts {
            key_field: self.key_field.clone(),
            fixed_key: self.fixed_key.clone(),
            partition: self.partition,
            headers,
            headers_field: self.headers_field.clone(),
            timestamp_field: self.timestamp_field.clone(),
            envelope: self.envelope,
        })
    }
}

/// A one-byte delimiter: one ASCII character, or `\t`.
fn delimiter(text: &str) -> std::result::Result<u8, String> {
    match text.as_bytes() {
        b"\\t" => Ok(b'\t'),
        [byte] if byte.is_ascii() => Ok(*byte),
        _ => Err(format!("{text:?} is not one character")),
    }
}

impl CommandArgs for Args {
    fn report(&self) -> &ReportArgs {
        &self.report
    }

    fn policy(&self) -> Policy {
        self.bad_input.policy()
    }
}
