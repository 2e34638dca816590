//! Sending messages with every delivery accounted for: each message carries the input
//! line it came from, delivery reports are counted, and `finish` fails unless every
//! message was acknowledged. Safe by default: `acks=all` with idempotence, so the
//! retries librdkafka makes never duplicate a message.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use rdkafka::config::RDKafkaLogLevel;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{DeliveryResult, Header, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer as _, ProducerContext, PurgeConfig};
use rdkafka::ClientContext;

use super::admin;
use super::config::{describe_error, Connection, LastError, Reports};
use crate::error::{Error, Result};

/// How many failed input lines a failure message lists.
const LINES_SHOWN: usize = 10;
/// How long the reports of purged messages may take to arrive.
const PURGED_REPORTS: Duration = Duration::from_secs(2);

/// One message to send; the producer copies the bytes.
#[derive(Debug, Default)]
pub struct Message<'a> {
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: &'a [(String, Option<Vec<u8>>)],
    pub partition: Option<i32>,
    /// Milliseconds since the epoch; the producer's clock when `None`.
    pub timestamp: Option<i64>,
}

/// Counts delivery reports as librdkafka serves them.
#[derive(Default)]
struct Deliveries {
    delivered: AtomicU64,
    failed: Mutex<Failures>,
    last_error: LastError,
}

#[derive(Default)]
struct Failures {
    count: u64,
    lines: Vec<u64>,
    first_error: Option<String>,
}

impl Failures {
    fn add(&mut self, line: u64, error: String) {
        self.count += 1;
        if self.lines.len() < LINES_SHOWN {
            self.lines.push(line);
        }
        self.first_error.get_or_insert(error);
    }
}

impl ClientContext for Deliveries {
    fn log(&self, level: RDKafkaLogLevel, _: &str, message: &str) {
        self.last_error.log(level, message);
    }

    fn error(&self, _: KafkaError, reason: &str) {
        self.last_error.set(reason);
    }
}

impl Reports for Deliveries {
    fn last_error(&self) -> &LastError {
        &self.last_error
    }
}

impl ProducerContext for Deliveries {
    /// The input line of the message.
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, line: usize) {
        match result {
            Ok(_) => {
                self.delivered.fetch_add(1, Ordering::Relaxed);
            }
            Err((err, _)) => self
                .failed
                .lock()
                .expect("no panics while locked")
                .add(line as u64, describe_error(err)),
        }
    }
}

pub struct Producer {
    producer: BaseProducer<Deliveries>,
    topic: String,
    connection: Connection,
    sent: u64,
    /// The messages go in one transaction, begun at the start (`--transactional-id`).
    transaction: bool,
}

impl Producer {
    /// Connects and checks that `topic` exists, so a wrong address or topic fails
    /// before any input is read. `timeout` bounds each message's delivery. With a
    /// `transactional_id`, every message sent goes in one transaction, begun here.
    pub fn new(
        connection: &Connection,
        topic: &str,
        compression: &str,
        transactional_id: Option<&str>,
    ) -> Result<Producer> {
        let timeout_ms = connection.timeout.as_millis().to_string();
        let mut defaults = vec![
            ("acks", "all"),
            ("enable.idempotence", "true"),
            ("compression.type", compression),
            // The Java client's partitioner, so a key lands where Kafka's own tools put it.
            ("partitioner", "murmur2_random"),
            ("message.timeout.ms", timeout_ms.as_str()),
        ];
        if let Some(id) = transactional_id {
            defaults.push(("transactional.id", id));
        }
        let producer: BaseProducer<Deliveries> = connection
            .client_config(&defaults)?
            .create_with_context(Deliveries::default())
            .map_err(|e| Error::Service(format!("Kafka producer: {}", describe_error(&e))))?;
        // Polling serves the error events that say why the brokers did not answer.
        admin::partitions(producer.client(), connection, topic, || {
            producer.poll(Duration::ZERO)
        })?;
        let transaction = transactional_id.is_some();
        if transaction {
            producer
                .init_transactions(connection.timeout)
                .and_then(|()| producer.begin_transaction())
                .map_err(|e| {
                    Error::Service(format!(
                        "Kafka transaction (--transactional-id): {}",
                        describe_error(&e)
                    ))
                })?;
        }
        Ok(Producer {
            producer,
            topic: topic.to_owned(),
            connection: connection.clone(),
            sent: 0,
            transaction,
        })
    }

    /// Queues one message read from input line `line`; waits while the local queue is
    /// full. A message librdkafka refuses outright (too large, no such partition)
    /// counts as failed, like one the brokers did not acknowledge.
    pub fn send(&mut self, message: &Message, line: u64) {
        let headers = (!message.headers.is_empty()).then(|| {
            message
                .headers
                .iter()
                .fold(OwnedHeaders::new(), |headers, (key, value)| {
                    headers.insert(Header {
                        key,
                        value: value.as_deref(),
                    })
                })
        });
        let mut record = BaseRecord::with_opaque_to(&self.topic, line as usize);
        record.key = message.key;
        record.payload = message.value;
        record.partition = message.partition;
        record.timestamp = message.timestamp;
        record.headers = headers;
        self.sent += 1;
        loop {
            match self.producer.send(record) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    record = back;
                    self.producer.poll(Duration::from_millis(10));
                }
                Err((err, _)) => {
                    self.producer
                        .context()
                        .failed
                        .lock()
                        .expect("no panics while locked")
                        .add(line, describe_error(&err));
                    break;
                }
            }
        }
        if self.sent % 1024 == 0 {
            self.producer.poll(Duration::ZERO);
        }
    }

    /// Waits for every delivery report; fails, naming the input lines, unless every
    /// message sent was acknowledged. Returns how many were. In a transaction, commits
    /// it when all were and `input_ended_well`, else aborts it: none is then visible
    /// to a read_committed consumer.
    pub fn finish(self, input_ended_well: bool) -> Result<u64> {
        let delivered = self.delivered();
        if !self.transaction {
            return delivered;
        }
        let timeout = self.connection.timeout;
        match delivered {
            Ok(count) if input_ended_well => {
                self.producer.commit_transaction(timeout).map_err(|e| {
                    Error::Service(format!(
                        "the transaction of {count} messages to topic {:?} did not commit: {}",
                        self.topic,
                        describe_error(&e)
                    ))
                })?;
                Ok(count)
            }
            outcome => {
                let aborted = self.producer.abort_transaction(timeout);
                let said = match &aborted {
                    Ok(()) => {
                        "aborted: none of its messages is visible to read_committed consumers"
                            .to_owned()
                    }
                    Err(e) => format!(
                        "not aborted ({}): the brokers abort it after transaction.timeout.ms",
                        describe_error(e)
                    ),
                };
                match outcome {
                    Err(Error::Service(reason)) => Err(Error::Service(format!(
                        "{reason}; the transaction was {said}"
                    ))),
                    Err(other) => Err(other),
                    // The input's own error says why; the notice says what became of the sent.
                    Ok(_) => {
                        crate::notice::note(format_args!("the transaction was {said}"));
                        Ok(0)
                    }
                }
            }
        }
    }

    fn delivered(&self) -> Result<u64> {
        // Every message times out after `connection.timeout`; a little more bounds the wait.
        let wait = self.connection.timeout + Duration::from_secs(5);
        let flushed = self.producer.flush(wait);
        if flushed.is_err() {
            // librdkafka reports timed-out messages seconds late at times: what is still
            // queued or in flight is purged, which reports each one now, with its line.
            self.producer
                .purge(PurgeConfig::default().queue().inflight());
            let _ = self.producer.flush(PURGED_REPORTS);
        }
        let deliveries = self.producer.context();
        let delivered = deliveries.delivered.load(Ordering::Relaxed);
        let failures = deliveries.failed.lock().expect("no panics while locked");
        if failures.count == 0 && flushed.is_ok() && delivered == self.sent {
            return Ok(delivered);
        }
        let undelivered = self.sent - delivered;
        let mut message = format!(
            "{undelivered} of {} messages were not delivered to topic {:?}",
            self.sent, self.topic
        );
        if !failures.lines.is_empty() {
            let lines: Vec<String> = failures.lines.iter().map(u64::to_string).collect();
            let more = if failures.count as usize > failures.lines.len() {
                ", …"
            } else {
                ""
            };
            message.push_str(&format!(" (input lines {}{more})", lines.join(", ")));
        }
        // A purge is ours, not the reason: the messages were not acknowledged in time.
        let reported = failures
            .first_error
            .as_ref()
            .filter(|error| !error.contains("Purged"));
        if let Some(error) = reported {
            message.push_str(&format!(": {error}"));
        } else if flushed.is_err() || failures.count > 0 {
            let seconds = self.connection.timeout.as_secs_f64();
            message.push_str(&format!(
                ": not acknowledged within {seconds} s (--timeout)"
            ));
            if let Some(reason) = deliveries.last_error.get() {
                message.push_str(&format!("; the last error: {reason}"));
            }
        }
        Err(Error::Service(message))
    }
}
