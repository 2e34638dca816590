//! Topics: creating one if missing (`--create-topic`) and listing a topic's partitions,
//! which also tells whether the brokers answer at all.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::{Client, ClientContext};
use rdkafka::types::RDKafkaErrorCode;

use super::config::{describe_error, Connection, Reports, Watched};
use crate::error::{Error, Result};

/// Creates `topic` with `partitions` and `replication` unless it exists already.
pub fn create_topic(
    connection: &Connection,
    topic: &str,
    partitions: i32,
    replication: i32,
) -> Result<()> {
    let watched = Watched::default();
    let admin: AdminClient<Watched> = connection
        .client_config(&[])?
        .create_with_context(watched.clone())
        .map_err(|e| Error::Service(format!("Kafka admin client: {}", describe_error(&e))))?;
    let new_topic = NewTopic::new(topic, partitions, TopicReplication::Fixed(replication));
    let options = AdminOptions::new().request_timeout(Some(connection.timeout));
    let results = block_on(admin.create_topics([&new_topic], &options))
        .map_err(|e| watched.unreachable(connection, &e))?;
    for result in results {
        match result {
            Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((name, code)) => {
                return Err(Error::Service(format!(
                    "cannot create topic {name:?}: {code}"
                )))
            }
        }
    }
    Ok(())
}

/// The partitions of `topic`, asking the brokers; fails when they do not answer within
/// the connection's timeout (saying why, once `serve` has let librdkafka report it) or
/// the topic does not exist.
pub fn partitions<C: ClientContext + Reports>(
    client: &Client<C>,
    connection: &Connection,
    topic: &str,
    serve: impl FnOnce(),
) -> Result<Vec<i32>> {
    let metadata = match client.fetch_metadata(Some(topic), connection.timeout) {
        Ok(metadata) => metadata,
        Err(err) => {
            serve();
            let reason = client.context().last_error().get();
            let reason = reason.unwrap_or_else(|| describe_error(&err));
            return Err(unreachable_brokers(connection, &reason));
        }
    };
    let Some(found) = metadata.topics().iter().find(|t| t.name() == topic) else {
        return Err(no_such_topic(topic));
    };
    match found.error() {
        None => Ok(found.partitions().iter().map(|p| p.id()).collect()),
        Some(code) if RDKafkaErrorCode::from(code) == RDKafkaErrorCode::UnknownTopicOrPartition => {
            Err(no_such_topic(topic))
        }
        Some(code) => Err(Error::Service(format!(
            "topic {topic:?}: {}",
            RDKafkaErrorCode::from(code)
        ))),
    }
}

fn no_such_topic(topic: &str) -> Error {
    Error::Service(format!(
        "topic {topic:?} does not exist (etl-kafka-produce --create-topic creates it)"
    ))
}

/// The brokers did not answer: say where we looked and for how long.
pub fn unreachable_brokers(connection: &Connection, reason: &str) -> Error {
    Error::Service(format!(
        "cannot reach {} within {} s: {reason}",
        connection.describe(),
        connection.timeout.as_secs_f64()
    ))
}

/// Runs a future to completion on this thread. librdkafka completes the admin futures
/// from its own thread, so parking until woken is all an executor has to do here.
pub(super) fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}
