//! Consuming with at-least-once output: records are formatted into a pending buffer,
//! written to stdout and flushed, and only then are their offsets committed (manually;
//! auto-commit is off). The same happens before a rebalance takes partitions away and
//! before exiting, so a consumer stopped at any point re-reads at most what it had not
//! yet written, and never skips a record.

use std::io::{self, Write};
use std::os::fd::AsFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer as _, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, KafkaResult, RDKafkaErrorCode};
use rdkafka::message::{BorrowedMessage, Message};
use rdkafka::statistics::Statistics;
use rdkafka::{ClientContext, Offset, TopicPartitionList};

use super::admin;
use super::batch::{Batches, Ended, Exec, Resume};
use super::config::{describe_error, service_error, Connection, LastError, Reports};
use crate::error::{Error, Result};
use crate::format::wait;
use crate::metrics::Live;

/// Pending output is written to stdout once it reaches this size.
const WRITE_AT: usize = 256 * 1024;
/// Written offsets are committed at least this often.
const COMMIT_EVERY: Duration = Duration::from_secs(1);
/// How long a seek to where a destination resumes may take.
const SEEK: Duration = Duration::from_secs(10);
/// How long one poll waits, which bounds how late a signal is noticed.
const POLL: Duration = Duration::from_millis(100);

/// Where reading starts (`-o`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    Beginning,
    End,
    /// The group's committed offset.
    Stored,
    /// An absolute offset in each partition.
    Offset(i64),
    /// This many messages before the end of each partition.
    Tail(i64),
    /// The first message at or after this time (milliseconds since the epoch).
    Time(i64),
}

impl Start {
    /// `beginning`, `end`, `stored`, `N`, `-N` or `@TIMESTAMP`.
    pub fn parse(text: &str) -> std::result::Result<Start, String> {
        match text {
            "beginning" => return Ok(Start::Beginning),
            "end" => return Ok(Start::End),
            "stored" => return Ok(Start::Stored),
            _ => {}
        }
        if let Some(time) = text.strip_prefix('@') {
            return at_time(time).map(Start::Time);
        }
        match text.parse::<i64>() {
            Ok(n) if n < 0 => Ok(Start::Tail(-n)),
            Ok(n) => Ok(Start::Offset(n)),
            Err(_) => Err("expected beginning, end, stored, N, -N or @TIMESTAMP".to_owned()),
        }
    }
}

/// `@TIMESTAMP` (without the `@`) as milliseconds since the epoch.
pub fn at_time(text: &str) -> std::result::Result<i64, String> {
    crate::time::parse(text)
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| format!("{text:?} is not a timestamp"))
}

/// When to stop (`-e`, `--until`, `-c`); with none of them, only a signal stops.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stop {
    pub at_end: bool,
    /// Each partition stops at its first message at or after this time.
    pub until: Option<i64>,
    pub count: Option<u64>,
}

/// Formatted output not yet on stdout, and the offset each partition reaches once it is.
#[derive(Default)]
struct Pending {
    bytes: Vec<u8>,
    offsets: Vec<(String, i32, i64)>,
    /// Messages in `bytes`.
    records: u64,
}

/// The command's output: bytes written here reach stdout before their offsets are
/// committed.
#[derive(Clone)]
pub struct Sink(Arc<Mutex<Pending>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        lock(&self.0).bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    /// Nothing to do: the consumer writes pending bytes to stdout itself.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink {
    /// Appends bytes as they are.
    pub fn write_bytes(&self, bytes: &[u8]) {
        lock(&self.0).bytes.extend_from_slice(bytes);
    }

    /// Appends one line.
    pub fn write_line(&self, line: &[u8]) {
        let mut pending = lock(&self.0);
        pending.bytes.extend_from_slice(line);
        pending.bytes.push(b'\n');
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Offsets written to stdout, not yet committed.
#[derive(Default)]
struct Written {
    offsets: Vec<(String, i32, i64)>,
    dirty: bool,
    /// stdout's reader went away: what was written may never have been read, so
    /// nothing is committed again.
    unread: bool,
}

/// Writes pending output and commits; runs in the consumer's callbacks too, so a
/// rebalance commits what was written before the partitions move to another member.
struct Committer {
    pending: Arc<Mutex<Pending>>,
    written: Mutex<Written>,
    group: bool,
    rebalanced: AtomicBool,
    assigned: AtomicBool,
    failure: Mutex<Option<Error>>,
    last_error: LastError,
    /// With --exec, where written records go instead of stdout.
    batches: Option<Mutex<Batches>>,
    /// Where the lag from librdkafka's statistics is published.
    live: Arc<Live>,
}

impl Committer {
    /// Writes pending bytes to stdout and flushes; their offsets become committable.
    /// Output that cannot be written is dropped with its offsets, never committed.
    fn write_out(&self) -> Result<()> {
        let mut pending = lock(&self.pending);
        if !pending.bytes.is_empty() {
            let result = match &self.batches {
                Some(batches) => lock(batches).write(&pending.bytes, pending.records),
                // Past std's buffer: nothing else writes to stdout, and a reader that
                // stalls must not keep a stop signal waiting.
                None => wait::write_unless_stopped(io::stdout().as_fd(), &pending.bytes)
                    .map_err(|err| Error::io("<stdout>", err)),
            };
            pending.bytes.clear();
            pending.records = 0;
            if let Err(err) = result {
                pending.offsets.clear();
                if let Error::Interrupted(_) = err {
                    // Stopped while the reader took nothing: what was written before is
                    // committed by the stop, the rest is read again by the group.
                    return Ok(());
                }
                if self.group && err.is_broken_pipe() {
                    lock(&self.written).unread = true;
                    return Err(Error::Unread(
                        "stdout was closed by its reader: the records written since the \
                         last commit are not committed, the group reads them again"
                            .into(),
                    ));
                }
                return Err(err);
            }
        }
        let mut written = lock(&self.written);
        for (topic, partition, offset) in pending.offsets.drain(..) {
            match written
                .offsets
                .iter_mut()
                .find(|(t, p, _)| *p == partition && *t == topic)
            {
                Some(entry) => entry.2 = offset,
                None => written.offsets.push((topic, partition, offset)),
            }
            written.dirty = true;
        }
        Ok(())
    }

    /// Commits the offsets after every record written (`mode` Sync waits for the broker).
    /// A synchronous commit (at a stop, before a rebalance) is made even when nothing
    /// was written since the last asynchronous one: that one may still be in flight,
    /// waiting for a coordinator after a broker restart, and fail after the process
    /// has gone.
    fn commit(&self, consumer: &BaseConsumer<Committer>, mode: CommitMode) -> Result<()> {
        let mut written = lock(&self.written);
        let due = written.dirty || matches!(mode, CommitMode::Sync);
        if !due || !self.group || written.unread || written.offsets.is_empty() {
            return Ok(());
        }
        let mut list = TopicPartitionList::with_capacity(written.offsets.len());
        for (topic, partition, offset) in &written.offsets {
            list.add_partition_offset(topic, *partition, Offset::Offset(offset + 1))
                .map_err(|e| service_error("commit", &e))?;
        }
        consumer
            .commit(&list, mode)
            .map_err(|e| service_error("cannot commit offsets", &e))?;
        written.dirty = false;
        Ok(())
    }

    fn write_out_and_commit(
        &self,
        consumer: &BaseConsumer<Committer>,
        mode: CommitMode,
    ) -> Result<()> {
        if self.batches.is_some() {
            return self.end_batch(consumer);
        }
        // What was written before a failed write is still committed, unless the write
        // failed because nobody reads it any more.
        let written = self.write_out();
        let committed = self.commit(consumer, mode);
        written.and(committed)
    }

    /// With --exec: whether the batch has its records, or (`check_age`) is old enough.
    fn batch_due(&self, check_age: bool) -> bool {
        let Some(batches) = &self.batches else {
            return false;
        };
        let pending = lock(&self.pending).records;
        let batches = lock(batches);
        batches.full_with(pending) || (check_age && batches.due())
    }

    /// With --exec: ends the running batch, and commits its offsets only when its
    /// pipeline exited 0. After a failed batch nothing is committed again.
    fn end_batch(&self, consumer: &BaseConsumer<Committer>) -> Result<()> {
        let batches = self.batches.as_ref().expect("--exec");
        let ended = self.write_out().and_then(|()| lock(batches).end());
        if !matches!(ended, Ok(Ended::Done)) {
            let mut written = lock(&self.written);
            written.offsets.clear();
            written.dirty = false;
        }
        match ended? {
            Ended::Done => self.commit(consumer, CommitMode::Sync),
            Ended::Nothing => Ok(()),
            Ended::Resume(resume) => self.resume(consumer, &resume),
        }
    }

    /// The destination holds records up to `resume`: read on from there, and commit
    /// it, so a restart does not fetch them again either.
    fn resume(&self, consumer: &BaseConsumer<Committer>, resume: &Resume) -> Result<()> {
        let mut list = TopicPartitionList::with_capacity(resume.partitions.len());
        for at in &resume.partitions {
            // A partition revoked meanwhile cannot be sought; its next owner resumes.
            let _ = consumer.seek(&at.topic, at.partition, Offset::Offset(at.next), SEEK);
            list.add_partition_offset(&at.topic, at.partition, Offset::Offset(at.next))
                .map_err(|e| service_error("commit", &e))?;
        }
        if self.group && list.count() > 0 {
            consumer
                .commit(&list, CommitMode::Sync)
                .map_err(|e| service_error("cannot commit offsets", &e))?;
        }
        Ok(())
    }
}

impl ClientContext for Committer {
    fn log(&self, level: RDKafkaLogLevel, _: &str, message: &str) {
        self.last_error.log(level, message);
    }

    fn error(&self, _: KafkaError, reason: &str) {
        self.last_error.set(reason);
    }

    /// The lag of every partition fetched, from the statistics `statistics.interval.ms`
    /// asks for.
    fn stats(&self, statistics: Statistics) {
        let lag = statistics
            .topics
            .values()
            .flat_map(|topic| topic.partitions.iter())
            .filter(|(&partition, _)| partition >= 0)
            .filter_map(|(_, partition)| u64::try_from(partition.consumer_lag).ok())
            .sum();
        self.live.set_consumer_lag(lag);
    }
}

impl Reports for Committer {
    fn last_error(&self) -> &LastError {
        &self.last_error
    }
}

impl ConsumerContext for Committer {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Committer>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Revoke(_) = rebalance {
            if let Err(err) = self.write_out_and_commit(consumer, CommitMode::Sync) {
                lock(&self.failure).get_or_insert(err);
            }
            // The partitions are someone else's now: never commit for them again.
            lock(&self.written).offsets.clear();
        }
        self.rebalanced.store(true, Ordering::SeqCst);
    }

    fn post_rebalance(&self, _: &BaseConsumer<Committer>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(_) = rebalance {
            self.assigned.store(true, Ordering::SeqCst);
        }
    }

    fn commit_callback(&self, result: KafkaResult<()>, _: &TopicPartitionList) {
        if result.is_err() {
            // Try again with the next commit.
            lock(&self.written).dirty = true;
        }
    }
}

pub struct Consumer {
    consumer: BaseConsumer<Committer>,
    /// The topic when one is read, named (no regex): then messages need not name it.
    one_topic: Option<String>,
    stop: Stop,
    /// Records in and out, and the newest record's age, as they move.
    live: Arc<Live>,
}

/// What to consume and how.
pub struct Plan {
    pub topics: Vec<String>,
    /// Only these partitions of the topics (`-p`); all when empty.
    pub partitions: Vec<i32>,
    /// `read_committed` or `read_uncommitted` (`--isolation-level`), if given.
    pub isolation_level: Option<String>,
    pub group: Option<String>,
    pub start: Start,
    pub stop: Stop,
    /// `--exec`: a pipeline per micro-batch instead of stdout.
    pub exec: Option<Exec>,
    /// The run's counters, where records and the consumer's lag are published.
    pub live: Arc<Live>,
    /// How often librdkafka reports statistics (the lag), if ever.
    pub statistics: Option<Duration>,
}

impl Consumer {
    /// Joins `group` (partitions shared among its members) or, without one, reads every
    /// partition of `topics` from `start`.
    pub fn new(connection: &Connection, plan: Plan) -> Result<Consumer> {
        let Plan {
            topics,
            partitions: chosen,
            isolation_level,
            group,
            start,
            stop,
            exec,
            live,
            statistics,
        } = plan;
        let (topics, group) = (topics.as_slice(), group.as_deref());
        check(group, start)?;
        let reset = if start == Start::End {
            "latest"
        } else {
            "earliest"
        };
        let mut defaults = vec![
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("auto.offset.reset", reset),
            (
                "enable.partition.eof",
                if stop.at_end { "true" } else { "false" },
            ),
            // librdkafka (since 2.1) pauses fetching for a second whenever its local
            // queue is full; a consumer that keeps up should not wait that long.
            ("fetch.queue.backoff.ms", "10"),
        ];
        if stop.at_end {
            // The end of a partition is known from a fetch that finds nothing new, which
            // the broker holds for fetch.wait.max.ms (500 ms by default) in case more
            // arrives: time added to every `-e` run (0.9 s -> 0.7 s for 1M messages).
            defaults.push(("fetch.wait.max.ms", "50"));
        }
        if let Some(level) = &isolation_level {
            defaults.push(("isolation.level", level));
        }
        // librdkafka assigns partitions only to a consumer with a group id; without -g
        // this one is never joined and nothing is committed to it.
        defaults.push(("group.id", group.unwrap_or("etl-kafka-consume")));
        // Its statistics carry each partition's lag, for --metrics-interval.
        let statistics_ms = statistics.map(|every| every.as_millis().max(1).to_string());
        if let Some(ms) = &statistics_ms {
            defaults.push(("statistics.interval.ms", ms));
        }
        let committer = Committer {
            pending: Arc::default(),
            written: Mutex::default(),
            group: group.is_some(),
            rebalanced: AtomicBool::new(false),
            assigned: AtomicBool::new(false),
            failure: Mutex::default(),
            last_error: LastError::default(),
            batches: exec.map(Batches::new).transpose()?.map(Mutex::new),
            live: live.clone(),
        };
        let consumer: BaseConsumer<Committer> = connection
            .client_config(&defaults)?
            .create_with_context(committer)
            .map_err(|e| Error::Service(format!("Kafka consumer: {}", describe_error(&e))))?;
        let named = named_topics(&consumer, connection, topics)?;
        let mut assignment = TopicPartitionList::new();
        for topic in &named {
            let serve = || {
                consumer.poll(Duration::ZERO);
            };
            let partitions = admin::partitions(consumer.client(), connection, topic, serve)?;
            if let Some(missing) = chosen.iter().find(|p| !partitions.contains(p)) {
                return Err(Error::Service(format!(
                    "topic {topic:?} has no partition {missing} (its partitions: 0 to {})",
                    partitions.len().saturating_sub(1)
                )));
            }
            for partition in partitions {
                if !chosen.is_empty() && !chosen.contains(&partition) {
                    continue;
                }
                assignment
                    .add_partition_offset(topic, partition, first_offset(start))
                    .map_err(|e| service_error("assign", &e))?;
            }
        }
        if group.is_some() {
            let names: Vec<&str> = topics.iter().map(String::as_str).collect();
            consumer
                .subscribe(&names)
                .map_err(|e| service_error("cannot subscribe", &e))?;
        } else {
            if let Start::Time(_) = start {
                assignment = consumer
                    .offsets_for_times(assignment, connection.timeout)
                    .map_err(|e| service_error("cannot look up offsets by time", &e))?;
            }
            consumer
                .assign(&assignment)
                .map_err(|e| service_error("cannot assign partitions", &e))?;
            consumer.context().assigned.store(true, Ordering::SeqCst);
        }
        let one_topic = match topics {
            [only] if !is_regex(only) => Some(only.clone()),
            _ => None,
        };
        Ok(Consumer {
            consumer,
            one_topic,
            stop,
            live,
        })
    }

    /// Where the command writes its records.
    pub fn sink(&self) -> Sink {
        Sink(self.consumer.context().pending.clone())
    }

    /// Feeds each message to `write` (which writes it to the sink) until a stop
    /// condition or a signal.
    pub fn run(&mut self, mut write: impl FnMut(&BorrowedMessage) -> Result<()>) -> Result<()> {
        let context = self.consumer.context();
        let mut ended: Vec<(String, i32)> = Vec::new();
        let mut count = 0;
        let mut last_commit = Instant::now();
        // The timestamp of the newest message written since its age was last noted.
        let mut newest: Option<i64> = None;
        loop {
            if let Some(status) = crate::signals::exit_status() {
                self.finish()?;
                return Err(Error::Interrupted(status));
            }
            if let Some(err) = lock(&context.failure).take() {
                return Err(err);
            }
            if self.stop.count.is_some_and(|n| count >= n) {
                break;
            }
            if context.rebalanced.swap(false, Ordering::SeqCst) {
                ended.clear();
            }
            // Reading the clock for every message would cost more than the message:
            // it is read when idle and every 256 messages.
            let mut read_clock = true;
            let mut polled = self.consumer.poll(Duration::ZERO);
            if polled.is_none() {
                // Nothing ready: what is pending goes out before the wait, so a reader
                // downstream sees each message as soon as it came.
                context.write_out()?;
                polled = self.consumer.poll(POLL);
            }
            match polled {
                None => {
                    if self.all_ended(&ended)? {
                        break;
                    }
                }
                Some(Err(KafkaError::PartitionEOF(partition))) => {
                    self.note_ended(partition, &mut ended)?;
                    if self.all_ended(&ended)? {
                        break;
                    }
                }
                Some(Err(err)) => stop_on(&err)?,
                Some(Ok(message)) => {
                    // Naming the topic checks its name as UTF-8 again for every message.
                    let topic = match &self.one_topic {
                        Some(only) => only.as_str(),
                        None => message.topic(),
                    };
                    let partition = message.partition();
                    let timestamp = message.timestamp().to_millis();
                    if let (Some(until), Some(at)) = (self.stop.until, timestamp) {
                        if at >= until {
                            self.pause(topic, partition)?;
                            ended.push((topic.to_owned(), partition));
                            if self.all_ended(&ended)? {
                                break;
                            }
                            continue;
                        }
                    }
                    write(&message)?;
                    if let Some(batches) = &context.batches {
                        lock(batches).note(topic, partition, message.offset());
                    }
                    count += 1;
                    self.live.add_in(1);
                    self.live.add_out(1);
                    newest = timestamp.or(newest);
                    read_clock = count % 256 == 0;
                    if note(&context.pending, topic, partition, message.offset()) >= WRITE_AT {
                        context.write_out()?;
                    }
                }
            }
            if let Some(at) = newest.filter(|_| read_clock) {
                self.live.set_record_age(age(at));
                newest = None;
            }
            if context.batch_due(read_clock) {
                context.end_batch(&self.consumer)?;
            } else if read_clock
                && context.batches.is_none()
                && last_commit.elapsed() >= COMMIT_EVERY
            {
                context.write_out_and_commit(&self.consumer, CommitMode::Async)?;
                last_commit = Instant::now();
            }
        }
        self.finish()
    }

    /// Writes what is pending and commits it, waiting for the broker.
    fn finish(&self) -> Result<()> {
        self.consumer
            .context()
            .write_out_and_commit(&self.consumer, CommitMode::Sync)
    }

    fn pause(&self, topic: &str, partition: i32) -> Result<()> {
        let mut list = TopicPartitionList::new();
        list.add_partition(topic, partition);
        self.consumer
            .pause(&list)
            .map_err(|e| service_error("cannot pause a partition", &e))
    }

    /// Whether every assigned partition has ended (its end with -e, or --until).
    /// Notes which topics' `partition` the end-of-partition event is about: the event
    /// names no topic (as librdkafka's crate hands it), so with several topics each
    /// one's partition of that number is looked at, and ended when its next offset is
    /// its end (or it holds nothing).
    fn note_ended(&self, partition: i32, ended: &mut Vec<(String, i32)>) -> Result<()> {
        if let Some(only) = &self.one_topic {
            ended.push((only.clone(), partition));
            return Ok(());
        }
        let positions = self
            .consumer
            .position()
            .map_err(|e| service_error("position", &e))?;
        for element in positions.elements() {
            let topic = element.topic();
            if element.partition() != partition
                || ended.iter().any(|(t, p)| t == topic && *p == partition)
            {
                continue;
            }
            let (low, high) = self
                .consumer
                .fetch_watermarks(topic, partition, POLL)
                .map_err(|e| service_error("watermarks", &e))?;
            let at_end = match element.offset() {
                Offset::Offset(next) => next >= high,
                _ => low == high,
            };
            if at_end {
                ended.push((topic.to_owned(), partition));
            }
        }
        Ok(())
    }

    fn all_ended(&self, ended: &[(String, i32)]) -> Result<bool> {
        if !self.stop.at_end && self.stop.until.is_none() {
            return Ok(false);
        }
        if !self.consumer.context().assigned.load(Ordering::SeqCst) {
            return Ok(false);
        }
        let assignment = self
            .consumer
            .assignment()
            .map_err(|e| service_error("assignment", &e))?;
        Ok(assignment.elements().iter().all(|element| {
            ended
                .iter()
                .any(|(t, p)| *p == element.partition() && t == element.topic())
        }))
    }
}

/// A topic written `^…` is a regular expression, as librdkafka and kcat take it.
fn is_regex(topic: &str) -> bool {
    topic.starts_with('^')
}

/// The topics `topics` name: each name, and the topics each `^regex` matches now (a
/// group's subscription also takes the ones created later); a regex that matches none
/// is an error.
fn named_topics(
    consumer: &BaseConsumer<Committer>,
    connection: &Connection,
    topics: &[String],
) -> Result<Vec<String>> {
    let mut named = Vec::new();
    for topic in topics {
        if !is_regex(topic) {
            named.push(topic.clone());
            continue;
        }
        let pattern = regex::Regex::new(topic)
            .map_err(|e| Error::usage(format!("-t {topic:?}: not a regex: {e}")))?;
        let metadata = consumer
            .fetch_metadata(None, connection.timeout)
            .map_err(|e| {
                let reason = consumer.context().last_error().get();
                admin::unreachable_brokers(connection, &reason.unwrap_or(describe_error(&e)))
            })?;
        let before = named.len();
        let mut matching: Vec<String> = (metadata.topics().iter())
            .map(|t| t.name())
            .filter(|name| pattern.is_match(name) && !name.starts_with("__"))
            .map(str::to_owned)
            .collect();
        matching.sort();
        named.extend(matching);
        if named.len() == before {
            return Err(Error::Service(format!("no topic matches {topic:?}")));
        }
    }
    Ok(named)
}

/// Records that `offset` of a partition is in the pending output; returns its size.
fn note(pending: &Mutex<Pending>, topic: &str, partition: i32, offset: i64) -> usize {
    let mut pending = lock(pending);
    pending.records += 1;
    match pending
        .offsets
        .iter_mut()
        .find(|(t, p, _)| *p == partition && t == topic)
    {
        Some(entry) => entry.2 = offset,
        None => pending.offsets.push((topic.to_owned(), partition, offset)),
    }
    pending.bytes.len()
}

/// Errors that need a person stop the consumer; librdkafka retries the rest
/// (a broker restarting, a connection dropped).
fn stop_on(err: &KafkaError) -> Result<()> {
    use RDKafkaErrorCode::*;
    match err {
        KafkaError::MessageConsumptionFatal(_) => Err(service_error("consuming", err)),
        KafkaError::MessageConsumption(
            UnknownTopicOrPartition
            | UnknownTopic
            | TopicAuthorizationFailed
            | GroupAuthorizationFailed
            | Authentication
            | SaslAuthenticationFailed,
        ) => Err(service_error("consuming", err)),
        _ => Ok(()),
    }
}

/// How long ago `millis` (a Kafka timestamp) was; zero for one in the future.
fn age(millis: i64) -> Duration {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let then = u128::try_from(millis).unwrap_or(0);
    Duration::from_millis(u64::try_from(now.saturating_sub(then)).unwrap_or(u64::MAX))
}

fn first_offset(start: Start) -> Offset {
    match start {
        Start::Beginning => Offset::Beginning,
        Start::End => Offset::End,
        Start::Stored => Offset::Stored,
        Start::Offset(n) => Offset::Offset(n),
        Start::Tail(n) => Offset::OffsetTail(n),
        Start::Time(ms) => Offset::Offset(ms),
    }
}

/// The combinations that cannot work, as usage errors.
fn check(group: Option<&str>, start: Start) -> Result<()> {
    if group.is_some() && !matches!(start, Start::Stored | Start::Beginning | Start::End) {
        return Err(Error::usage(
            "with -g, -o is stored, beginning or end: where to start when the group has no committed offset",
        ));
    }
    if group.is_none() && start == Start::Stored {
        return Err(Error::usage("-o stored needs a group (-g)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_parse_like_kcat() {
        assert_eq!(Start::parse("beginning"), Ok(Start::Beginning));
        assert_eq!(Start::parse("42"), Ok(Start::Offset(42)));
        assert_eq!(Start::parse("-3"), Ok(Start::Tail(3)));
        assert_eq!(
            Start::parse("@2024-03-01T00:00:00Z"),
            Ok(Start::Time(1_709_251_200_000))
        );
        assert!(Start::parse("soon").is_err());
    }
}
