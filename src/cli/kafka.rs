//! The connection options shared by `etl-kafka-produce` and `etl-kafka-consume`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::kafka::config::Connection;

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
    /// credentials kept out of the command line. Values are never printed.
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
