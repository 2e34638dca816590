//! The options the Kafka commands share: the connection, and for the administration
//! commands (`etl-kafka-topics`, `etl-kafka-groups`) how long to wait and how to write
//! what they find.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::args::{CsvOutputArgs, OutputArgs, ReportArgs};
use crate::error::Result;
use serde_json::Value as Json;

use crate::format::{Format, Layout, Output};
use crate::job::Job;
use crate::kafka::config::Connection;
use crate::record::Record;

#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// Bootstrap brokers, host:port[,host:port...].
    #[arg(short, long, value_name = "LIST", env = "KAFKA_BROKERS")]
    pub brokers: Option<String>,
    /// Set a librdkafka property (repeatable), e.g. -X security.protocol=SASL_SSL
    /// -X sasl.mechanism=SCRAM-SHA-512; applied after --config.
    #[arg(short = 'X', long = "property", value_name = "KEY=VALUE")]
    pub properties: Vec<String>,
    /// Read librdkafka properties from FILE, one key=value per line (# comments), e.g.
    /// credentials kept out of the command line. A Java client's sasl.jaas.config (a
    /// PLAIN or SCRAM login) is read as sasl.username and sasl.password. Values are
    /// never printed.
    #[arg(short = 'F', long = "config", value_name = "FILE")]
    pub config_file: Option<PathBuf>,
}

impl ConnectionArgs {
    pub fn connection(&self, timeout_seconds: f64) -> Connection {
        Connection {
            brokers: self.brokers.clone(),
            config_file: self.config_file.clone(),
            properties: self.properties.clone(),
            timeout: Duration::from_secs_f64(timeout_seconds),
        }
    }
}

/// Seconds, more than zero.
pub fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s.is_finite() => Ok(s),
        _ => Err("expected a number of seconds above 0".to_owned()),
    }
}

/// `command`, whose records have no input format to follow, with `-O`'s default said.
pub fn ndjson_by_default(command: clap::Command) -> clap::Command {
    command.mut_arg("output_format", |arg| {
        arg.help("Output format (default: ndjson)")
    })
}

/// The options of an administration command.
#[derive(Debug, Args)]
pub struct AdminArgs {
    /// Seconds to wait for the brokers' answer.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
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

impl AdminArgs {
    /// `command` (an administration command's) with every option usable before or after
    /// its action (`etl-kafka-topics list -O csv`).
    pub fn definition(command: clap::Command) -> clap::Command {
        let mut command = ndjson_by_default(command);
        let options: Vec<clap::Id> = command
            .get_arguments()
            .map(|a| a.get_id().clone())
            .collect();
        for id in options {
            command = command.mut_arg(id, |arg| arg.global(true));
        }
        command
    }

    pub fn connection(&self) -> Connection {
        self.connection.connection(self.timeout)
    }

    /// How what the command finds is written: NDJSON unless -O says otherwise.
    fn layout(&self) -> Result<Layout> {
        let format = self.output.output_format.unwrap_or(Format::Ndjson);
        self.csv_output.layout(format)
    }

    /// Writes what the command found, one record per JSON object, to stdout.
    pub fn write(&self, job: &mut Job, found: &[Json]) -> Result<()> {
        let mut output = Output::stdout(self.layout()?);
        for object in found {
            output.write(&Record::from_object(object))?;
        }
        job.finish_output(output)
    }
}
