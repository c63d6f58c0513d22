//! `tributary produce TOPIC`: kafka-console-producer. One message per stdin
//! line, batched per partition, partitioned like the Java client.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use clap::{Args, ValueEnum};
use protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use protocol::messages::{ApiKey, InitProducerIdRequest, ProduceRequest, RequestBody};
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};
use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Result, TopicInfo, SERVER_TIMEOUT_MS,
};
use crate::errors;

/// Attempts while waiting for a new topic's leaders.
const MAX_RETRIES: u32 = 5;
const RETRY_BACKOFF: Duration = Duration::from_millis(200);
/// Kafka's `delivery.timeout.ms` default: how long a line is retried (broker
/// restarting, leader moving) before it is reported as not written.
/// `--timeout` overrides it.
const DELIVERY_TIMEOUT: Duration = Duration::from_secs(120);
/// The longest pause between two attempts (Kafka's `retry.backoff.max.ms`).
const RETRY_BACKOFF_MAX: Duration = Duration::from_secs(1);
/// Lines read ahead of the producer (backpressure for fast pipes).
const LINE_QUEUE: usize = 1024;

#[derive(Args, Debug)]
pub struct ProduceArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// The topic to write to.
    #[arg(value_name = "TOPIC", required_unless_present = "topic")]
    name: Option<String>,
    /// Same as TOPIC (kafka-console-producer.sh spelling).
    #[arg(long = "topic", value_name = "TOPIC", conflicts_with = "name")]
    topic: Option<String>,
    /// Read "KEY<SEP>VALUE" lines: the key is what precedes the first SEP
    /// (\t, \n, \r and \\ are understood). Lines without SEP are skipped.
    #[arg(long, value_name = "SEP", value_parser = parse_separator)]
    key_separator: Option<String>,
    /// A header for every message (repeatable).
    #[arg(long = "header", value_name = "KEY=VALUE", value_parser = crate::topics::parse_key_value)]
    headers: Vec<(String, String)>,
    /// Write every message to this partition.
    #[arg(long, value_name = "P", value_parser = clap::value_parser!(i32).range(0..))]
    partition: Option<i32>,
    /// Batch compression.
    #[arg(long, value_enum, default_value = "none")]
    compression: CompressionArg,
    /// Acknowledgements to wait for: -1 (or all) = all in-sync replicas,
    /// 1 = the leader, 0 = none (errors go unseen).
    #[arg(long, default_value = "-1", value_parser = parse_acks, allow_hyphen_values = true)]
    acks: i16,
    /// Largest batch per partition, in bytes (a longer line is sent alone).
    #[arg(long, value_name = "BYTES", default_value_t = 16384,
          value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: u32,
    /// How long a batch may wait for more lines before it is sent. Stdin on a
    /// terminal sends each line at once.
    #[arg(long, value_name = "MS", default_value_t = 5)]
    linger_ms: u64,
    /// A line-reader property of kafka-console-producer.sh (repeatable):
    /// parse.key=true reads keys (separated by key.separator, default \t).
    #[arg(long = "property", value_name = "KEY=VALUE",
          value_parser = crate::topics::parse_key_value)]
    properties: Vec<(String, String)>,
}

/// The `--property` keys of Kafka's LineMessageReader understood here.
const READER_PROPERTIES: &[&str] = &["parse.key", "key.separator"];
/// LineMessageReader's default key.separator.
const DEFAULT_KEY_SEPARATOR: &str = "\t";

/// The key separator `--property` settings ask for, as Kafka's
/// LineMessageReader reads them: keys are parsed only with parse.key=true,
/// at key.separator (a tab by default). `None`: the properties say nothing.
fn key_separator_from_properties(
    properties: &[(String, String)],
) -> std::result::Result<Option<Option<String>>, String> {
    let mut parse_key = None;
    let mut separator = None;
    for (key, value) in properties {
        match key.as_str() {
            "parse.key" => parse_key = Some(value.trim().eq_ignore_ascii_case("true")),
            "key.separator" => separator = Some(parse_separator(value)?),
            _ => {
                return Err(format!(
                    "unknown --property '{key}': tributary produce supports {}",
                    READER_PROPERTIES.join(", ")
                ))
            }
        }
    }
    Ok(match parse_key {
        Some(true) => Some(Some(match separator {
            Some(s) => s,
            None => parse_separator(DEFAULT_KEY_SEPARATOR)?,
        })),
        Some(false) => Some(None),
        None => None,
    })
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub(crate) enum CompressionArg {
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl From<CompressionArg> for Compression {
    fn from(c: CompressionArg) -> Compression {
        match c {
            CompressionArg::None => Compression::None,
            CompressionArg::Gzip => Compression::Gzip,
            CompressionArg::Snappy => Compression::Snappy,
            CompressionArg::Lz4 => Compression::Lz4,
            CompressionArg::Zstd => Compression::Zstd,
        }
    }
}

pub(crate) fn parse_acks(s: &str) -> std::result::Result<i16, String> {
    match s {
        "-1" | "all" => Ok(-1),
        "0" => Ok(0),
        "1" => Ok(1),
        _ => Err(format!("'{s}' is not one of -1, all, 0, 1")),
    }
}

/// A separator as typed, with `\t`-style escapes resolved because typing a
/// real tab in a shell is awkward.
pub fn parse_separator(s: &str) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    if out.is_empty() {
        return Err("the separator must not be empty".into());
    }
    Ok(out)
}

/// Splits `line` at the first `sep`: `(key, value)`.
pub fn split_key<'a>(line: &'a [u8], sep: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    if sep.is_empty() || sep.len() > line.len() {
        return None;
    }
    let at = line.windows(sep.len()).position(|w| w == sep)?;
    Some((&line[..at], &line[at + sep.len()..]))
}

/// Kafka's `Utils.murmur2`: MurmurHash2, 32 bits, seed 0x9747b28c, as the
/// Java client's default partitioner uses it for keyed records. Must match
/// bit for bit, or keys land on other partitions than Java producers put them.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let mut h = SEED ^ data.len() as u32;
    let chunks = data.chunks_exact(4);
    let tail = chunks.remainder();
    for c in chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    // Java's switch falls through from case 3 to case 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// The Java client's partition for a keyed record:
/// `Utils.toPositive(Utils.murmur2(key)) % numPartitions`.
pub fn partition_for_key(key: &[u8], num_partitions: usize) -> usize {
    (murmur2(key) & 0x7fff_ffff) as usize % num_partitions
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

pub fn run(mut args: ProduceArgs) -> i32 {
    let topic = args.name.clone().or(args.topic.clone()).unwrap_or_default();
    match key_separator_from_properties(&args.properties) {
        Ok(Some(separator)) => args.key_separator = separator,
        Ok(None) => {}
        Err(e) => {
            eprintln!("Error: {e}");
            return 2;
        }
    }
    crate::client::block_on(async move {
        let mut client = match Client::connect(&args.connect, "tributary-producer").await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        let info = match topic_with_leaders(&mut client, &topic).await {
            Ok(info) => info,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        if let Some(p) = args.partition {
            if info.partition(p).is_none() {
                eprintln!(
                    "Error: partition {p} does not exist: topic '{topic}' has {} partitions (0-{})",
                    info.partitions.len(),
                    info.partitions.len().saturating_sub(1)
                );
                return 1;
            }
        }
        let interactive = std::io::stdin().is_terminal();
        let mut producer = Producer {
            client,
            topic: info,
            acks: args.acks,
            // A person typing expects each line to be sent when they press Enter.
            linger: if interactive {
                Duration::ZERO
            } else {
                Duration::from_millis(args.linger_ms)
            },
            explicit_partition: args.partition,
            key_separator: args.key_separator.map(String::into_bytes),
            headers: args
                .headers
                .into_iter()
                .map(|(k, v)| (k, Some(Bytes::from(v))))
                .collect(),
            batcher: Batcher::new(args.batch_size as usize, args.compression.into()),
            sticky: StickyPartitioner::new(0),
            delivery_timeout: args.connect.timeout().unwrap_or(DELIVERY_TIMEOUT),
            restart_idempotence: false,
            line_number: 0,
            failed: 0,
        };
        if let Err(e) = producer.init_idempotence().await {
            eprintln!("Error: {e}");
            return 1;
        }
        match producer.run(interactive).await {
            Ok(()) if producer.failed == 0 => 0,
            Ok(()) => {
                eprintln!("Error: {} message(s) were not written", producer.failed);
                1
            }
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        }
    })
}

/// The topic's metadata once every partition has a leader. Auto-creates the
/// topic when the broker allows it, as the Java producer does.
pub(crate) async fn topic_with_leaders(client: &mut Client, topic: &str) -> Result<TopicInfo> {
    let mut attempt = 0;
    loop {
        match client.topic(topic, true).await? {
            Ok(info)
                if !info.partitions.is_empty() && info.partitions.iter().all(|p| p.leader >= 0) =>
            {
                return Ok(info)
            }
            // Just created or electing a leader: worth a short wait.
            Ok(_) | Err(errors::LEADER_NOT_AVAILABLE) if attempt < MAX_RETRIES * 5 => {}
            Ok(_) => {
                return Err(Error::kafka(
                    errors::LEADER_NOT_AVAILABLE,
                    Some(format!("Topic '{topic}' has partitions without a leader.")),
                ))
            }
            Err(code) if code == errors::UNKNOWN_TOPIC_OR_PARTITION => {
                return Err(Error::kafka(
                    code,
                    Some(format!(
                        "Topic '{topic}' does not exist (and the broker does not create topics automatically); create it with `tributary topics create {topic}`."
                    )),
                ))
            }
            Err(code) => return Err(Error::kafka(code, None)),
        }
        attempt += 1;
        tokio::time::sleep(RETRY_BACKOFF).await;
    }
}

/// Reads stdin on its own thread: a blocking read must not hold up the
/// runtime (tokio's stdin would keep it alive at exit on a terminal).
/// Lines come without their "\n" or "\r\n", as Java's readLine gives them.
fn spawn_stdin_reader() -> mpsc::Receiver<std::io::Result<Vec<u8>>> {
    let (tx, rx) = mpsc::channel(LINE_QUEUE);
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            let mut line = Vec::new();
            match input.read_until(b'\n', &mut line) {
                Ok(0) => return,
                Ok(_) => {
                    if line.last() == Some(&b'\n') {
                        line.pop();
                        if line.last() == Some(&b'\r') {
                            line.pop();
                        }
                    }
                    if tx.blocking_send(Ok(line)).is_err() {
                        return;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
            }
        }
    });
    rx
}

/// Records waiting to be sent to one partition, each with a caller's tag
/// (the perf producer keeps enqueue times there).
struct Pending<T> {
    records: Vec<SimpleRecord>,
    tags: Vec<T>,
    bytes: usize,
    since: Instant,
}

/// One partition's records, encoded as a record batch.
pub(crate) struct BuiltBatch<T> {
    pub partition: i32,
    pub batch: Bytes,
    pub tags: Vec<T>,
}

/// Per-partition batching as the Java client's accumulator does it: records
/// gather per partition until the batch reaches `batch_size` bytes or has
/// waited `linger`.
pub(crate) struct Batcher<T> {
    pending: BTreeMap<i32, Pending<T>>,
    batch_size: usize,
    compression: Compression,
    /// An idempotent producer's id and epoch, and each partition's next
    /// sequence number (none: batches carry no producer id).
    producer: Option<(i64, i16)>,
    sequences: BTreeMap<i32, i32>,
}

impl<T> Batcher<T> {
    pub fn new(batch_size: usize, compression: Compression) -> Self {
        Batcher {
            pending: BTreeMap::new(),
            batch_size,
            compression,
            producer: None,
            sequences: BTreeMap::new(),
        }
    }

    /// Stamps the batches built from now on with this producer id and epoch
    /// and sequence numbers from 0 (Kafka's idempotent producer), so that
    /// the broker drops a retried batch it already wrote.
    pub fn set_producer(&mut self, producer: Option<(i64, i16)>) {
        self.producer = producer;
        self.sequences.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Whether adding `size` bytes to `partition`'s batch would exceed the
    /// batch size (the batch should be sent first).
    pub fn would_overflow(&self, partition: i32, size: usize) -> bool {
        self.pending
            .get(&partition)
            .is_some_and(|p| p.bytes + size > self.batch_size)
    }

    /// Adds a record; true when its partition's batch is now full.
    pub fn push(&mut self, partition: i32, record: SimpleRecord, tag: T) -> bool {
        let size = estimated_size(&record);
        let pending = self.pending.entry(partition).or_insert_with(|| Pending {
            records: Vec::new(),
            tags: Vec::new(),
            bytes: 0,
            since: Instant::now(),
        });
        pending.records.push(record);
        pending.tags.push(tag);
        pending.bytes += size;
        pending.bytes >= self.batch_size
    }

    /// When the first batch is ready to go: a full batch at once, the
    /// others once they have lingered long enough.
    pub fn next_deadline(&self, linger: Duration) -> Option<Instant> {
        self.pending
            .values()
            .map(|p| self.ready_at(p, linger))
            .min()
    }

    fn ready_at(&self, p: &Pending<T>, linger: Duration) -> Instant {
        if p.bytes >= self.batch_size {
            p.since
        } else {
            p.since + linger
        }
    }

    fn build(&mut self, partition: i32, pending: Pending<T>) -> Result<BuiltBatch<T>> {
        let mut builder = RecordBatchBuilder::new(self.compression);
        if let Some((id, epoch)) = self.producer {
            let seq = self.sequences.entry(partition).or_insert(0);
            builder = builder.producer(id, epoch, *seq);
            // Sequences wrap from i32::MAX to 0, as Kafka's do.
            *seq = ((i64::from(*seq) + pending.records.len() as i64) % (1i64 << 31)) as i32;
        }
        for r in pending.records {
            builder.push(r);
        }
        let batch = builder
            .build()
            .map_err(|e| Error::Other(format!("cannot build a record batch: {e}")))?;
        Ok(BuiltBatch {
            partition,
            batch,
            tags: pending.tags,
        })
    }

    /// `partition`'s batch, encoded (none when it has no records).
    pub fn take(&mut self, partition: i32) -> Result<Option<BuiltBatch<T>>> {
        match self.pending.remove(&partition) {
            Some(p) => self.build(partition, p).map(Some),
            None => Ok(None),
        }
    }

    /// Every batch that is full or has waited `linger` by `now`.
    pub fn take_expired(&mut self, now: Instant, linger: Duration) -> Result<Vec<BuiltBatch<T>>> {
        let expired: Vec<i32> = self
            .pending
            .iter()
            .filter(|(_, p)| self.ready_at(p, linger) <= now)
            .map(|(&k, _)| k)
            .collect();
        let mut out = Vec::with_capacity(expired.len());
        for partition in expired {
            out.extend(self.take(partition)?);
        }
        Ok(out)
    }

    /// Every pending batch.
    pub fn take_all(&mut self) -> Result<Vec<BuiltBatch<T>>> {
        let mut out = Vec::with_capacity(self.pending.len());
        for (partition, p) in std::mem::take(&mut self.pending) {
            out.push(self.build(partition, p)?);
        }
        Ok(out)
    }
}

/// The Java client's partitioning: keyed records by murmur2, unkeyed ones
/// sticky to one partition until their batch is sent, then the next one
/// (round-robin over batches).
pub(crate) struct StickyPartitioner {
    next: usize,
    used: bool,
}

impl StickyPartitioner {
    /// Like the Java client, unkeyed records start on a random partition, so
    /// that short runs do not all fill partition 0. `salt` separates
    /// partitioners started together.
    pub fn new(salt: usize) -> Self {
        let seed = (SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos()) as usize)
            .wrapping_add(std::process::id() as usize)
            .wrapping_add(salt.wrapping_mul(7919));
        StickyPartitioner {
            next: seed,
            used: false,
        }
    }

    pub fn choose(&mut self, topic: &TopicInfo, key: Option<&[u8]>) -> i32 {
        let n = topic.partitions.len();
        match key {
            Some(key) => topic.partitions[partition_for_key(key, n)].index,
            None => {
                self.used = true;
                topic.partitions[self.next % n].index
            }
        }
    }

    /// A batch was sent: unkeyed records move to the next partition.
    pub fn batch_sent(&mut self) {
        if self.used {
            self.next = self.next.wrapping_add(1);
            self.used = false;
        }
    }
}

/// A Produce request for `batches` of one topic.
pub(crate) fn produce_request<'a>(
    topic: &str,
    acks: i16,
    batches: impl Iterator<Item = (i32, &'a Bytes)>,
) -> ProduceRequest {
    ProduceRequest {
        transactional_id: None,
        acks,
        timeout_ms: SERVER_TIMEOUT_MS,
        topic_data: vec![TopicProduceData {
            name: topic.to_string(),
            partition_data: batches
                .map(|(p, batch)| PartitionProduceData {
                    index: p,
                    records: Some(batch.clone()),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

struct Producer {
    client: Client,
    topic: TopicInfo,
    acks: i16,
    linger: Duration,
    explicit_partition: Option<i32>,
    key_separator: Option<Vec<u8>>,
    headers: Vec<(String, Option<Bytes>)>,
    batcher: Batcher<()>,
    sticky: StickyPartitioner,
    /// How long a batch is retried (Kafka's delivery.timeout.ms).
    delivery_timeout: Duration,
    /// A batch failed for good: its sequence numbers are lost, so the next
    /// flush asks for a new producer id first.
    restart_idempotence: bool,
    line_number: u64,
    /// Messages the broker did not accept.
    failed: u64,
}

/// Errors a producer retries until its delivery timeout, as Kafka's
/// producer does with its retriable exceptions: nothing was written, or the
/// broker went away before answering.
fn is_retriable(code: i16) -> bool {
    errors::is_stale_metadata(code)
        || matches!(
            code,
            errors::UNKNOWN_TOPIC_OR_PARTITION
                | errors::REQUEST_TIMED_OUT
                | errors::NETWORK_EXCEPTION
                | errors::NOT_ENOUGH_REPLICAS
                | errors::NOT_ENOUGH_REPLICAS_AFTER_APPEND
        )
}

/// Whether a client error means the broker is (for now) out of reach.
fn is_unavailable(e: &Error) -> bool {
    matches!(e, Error::Io { .. } | Error::Connect { .. })
}

impl Producer {
    /// With acks=all, a producer id from the cluster (InitProducerId), as
    /// Kafka's producer has by default (enable.idempotence): a batch retried
    /// after a lost answer is then written once. A broker without the API
    /// gets batches without one.
    async fn init_idempotence(&mut self) -> Result<()> {
        if self.acks != -1 {
            return Ok(());
        }
        let request = InitProducerIdRequest {
            transactional_id: None,
            transaction_timeout_ms: i32::MAX,
            ..Default::default()
        };
        let response = match self.client.send(RequestBody::InitProducerId(request)).await {
            Err(Error::Unsupported { .. }) => return Ok(()),
            r => expect_body!(r?, InitProducerId)?,
        };
        if response.error_code != errors::NONE {
            return Err(Error::Kafka {
                context: "cannot get a producer id: ".into(),
                code: response.error_code,
                message: None,
            });
        }
        self.batcher
            .set_producer(Some((response.producer_id, response.producer_epoch)));
        Ok(())
    }

    async fn run(&mut self, interactive: bool) -> Result<()> {
        let mut lines = spawn_stdin_reader();
        let shutdown = crate::client::shutdown_signal();
        tokio::pin!(shutdown);
        loop {
            if interactive {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(b">").and_then(|()| out.flush());
            }
            let deadline = self.batcher.next_deadline(self.linger);
            tokio::select! {
                line = lines.recv() => match line {
                    Some(Ok(line)) => {
                        self.add_line(&line).await?;
                        if self.linger.is_zero() {
                            self.flush().await?;
                        }
                    }
                    Some(Err(e)) => {
                        self.flush().await?;
                        return Err(Error::Other(format!("cannot read stdin: {e}")));
                    }
                    None => {
                        // End the prompt line so the shell's prompt starts clean.
                        if interactive {
                            let _ = std::io::stdout().write_all(b"\n");
                        }
                        break;
                    }
                },
                _ = tokio::time::sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                    self.flush().await?;
                }
                // Ctrl-C or SIGTERM: what was read is still sent.
                _ = &mut shutdown => break,
            }
        }
        self.flush().await
    }

    async fn add_line(&mut self, line: &[u8]) -> Result<()> {
        self.line_number += 1;
        let (key, value) = match &self.key_separator {
            None => (None, line),
            Some(sep) => match split_key(line, sep) {
                Some((k, v)) => (Some(Bytes::copy_from_slice(k)), v),
                None => {
                    // Kafka's console producer stops here; one bad line
                    // should not cost the rest of a file.
                    eprintln!(
                        "warning: No key separator found on line number {}: '{}' (skipped)",
                        self.line_number,
                        String::from_utf8_lossy(line)
                    );
                    return Ok(());
                }
            },
        };
        let partition = self.choose_partition(key.as_deref());
        let record = SimpleRecord {
            timestamp: now_ms(),
            key,
            value: Some(Bytes::copy_from_slice(value)),
            headers: self.headers.clone(),
        };
        if self
            .batcher
            .would_overflow(partition, estimated_size(&record))
        {
            self.flush().await?;
        }
        if self.batcher.push(partition, record, ()) {
            self.flush().await?;
        }
        Ok(())
    }

    fn choose_partition(&mut self, key: Option<&[u8]>) -> i32 {
        if let Some(p) = self.explicit_partition {
            return p;
        }
        self.sticky.choose(&self.topic, key)
    }

    /// Sends every pending batch, one Produce request per leader, and waits
    /// for the answers. Batches whose leader moved or whose broker went away
    /// are retried (after a metadata refresh) until the delivery timeout, as
    /// Kafka's producer does; a Ctrl-C or SIGTERM stops the retries.
    async fn flush(&mut self) -> Result<()> {
        if self.batcher.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut self.restart_idempotence) && self.batcher.producer.is_some() {
            self.init_idempotence().await?;
        }
        let mut batches: Vec<(i32, Bytes, u64)> = self
            .batcher
            .take_all()?
            .into_iter()
            .map(|b| (b.partition, b.batch, b.tags.len() as u64))
            .collect();
        self.sticky.batch_sent();
        let deadline = Instant::now() + self.delivery_timeout;
        let mut attempt: u32 = 0;
        let mut announced = false;
        loop {
            let (retry, unavailable) = self.send_batches(batches).await?;
            if retry.is_empty() {
                if announced {
                    eprintln!("broker available again: delivered");
                }
                return Ok(());
            }
            if let Some(e) = &unavailable {
                if !announced {
                    announced = true;
                    eprintln!(
                        "broker unavailable, retrying for up to {} s: {e}",
                        self.delivery_timeout.as_secs()
                    );
                }
            }
            attempt += 1;
            let backoff = (RETRY_BACKOFF * attempt).min(RETRY_BACKOFF_MAX);
            let stopped = tokio::select! {
                _ = tokio::time::sleep(backoff) => false,
                _ = crate::client::shutdown_signal() => true,
            };
            if stopped || Instant::now() + backoff > deadline {
                let why = if stopped {
                    "interrupted while retrying".to_string()
                } else {
                    format!(
                        "not delivered within {} s (--timeout)",
                        self.delivery_timeout.as_secs()
                    )
                };
                for (partition, _, count, code) in retry {
                    let message = match &unavailable {
                        Some(e) if code == errors::NETWORK_EXCEPTION => format!("{why}: {e}"),
                        _ => format!("{why}: {}", errors::describe(code, None)),
                    };
                    self.report(partition, count, code, Some(message));
                }
                return Ok(());
            }
            match self.client.topic(&self.topic.name, false).await {
                Ok(Ok(info)) => self.topic = info,
                Ok(Err(code)) if is_retriable(code) => {}
                Ok(Err(code)) => {
                    for (partition, _, count, _) in retry {
                        self.report(partition, count, code, None);
                    }
                    return Ok(());
                }
                Err(e) if is_unavailable(&e) => {}
                Err(e) => return Err(e),
            }
            batches = retry.into_iter().map(|(p, b, c, _)| (p, b, c)).collect();
        }
    }

    /// Sends `batches` to their leaders. Returns the ones to retry, with the
    /// error that asked for it, and the error of a broker out of reach (its
    /// batches are retried with NETWORK_EXCEPTION).
    #[allow(clippy::type_complexity)]
    async fn send_batches(
        &mut self,
        batches: Vec<(i32, Bytes, u64)>,
    ) -> Result<(Vec<(i32, Bytes, u64, i16)>, Option<Error>)> {
        let mut retry = Vec::new();
        let mut unavailable = None;
        let mut by_leader: BTreeMap<i32, Vec<(i32, Bytes, u64)>> = BTreeMap::new();
        for (partition, batch, count) in batches {
            match self.topic.partition(partition) {
                Some(p) if p.leader >= 0 => by_leader
                    .entry(p.leader)
                    .or_default()
                    .push((partition, batch, count)),
                _ => retry.push((partition, batch, count, errors::LEADER_NOT_AVAILABLE)),
            }
        }
        for (leader, group) in by_leader {
            match self.send_to_leader(leader, &group).await {
                Ok(answers) => {
                    for ((partition, batch, count), answer) in group.into_iter().zip(answers) {
                        match answer {
                            // A retry of a batch the broker had written.
                            (errors::NONE | errors::DUPLICATE_SEQUENCE_NUMBER, _) => {}
                            (code, _) if is_retriable(code) => {
                                retry.push((partition, batch, count, code))
                            }
                            (code, message) => self.report(partition, count, code, message),
                        }
                    }
                }
                Err(e) if is_unavailable(&e) => {
                    retry.extend(
                        group
                            .into_iter()
                            .map(|(p, b, c)| (p, b, c, errors::NETWORK_EXCEPTION)),
                    );
                    unavailable = Some(e);
                }
                Err(e) => return Err(e),
            }
        }
        Ok((retry, unavailable))
    }

    /// One Produce request to `leader`: each partition's error code and
    /// message, in the order of `group` (all NONE with acks=0).
    async fn send_to_leader(
        &mut self,
        leader: i32,
        group: &[(i32, Bytes, u64)],
    ) -> Result<Vec<(i16, Option<String>)>> {
        let version = self.client.node_version(leader, ApiKey::Produce).await?;
        if version < 3 {
            // v0-v2 carry the old message formats, not RecordBatch v2.
            return Err(Error::Other(format!(
                "broker {leader} only supports Produce v{version}; record batches need v3+"
            )));
        }
        let request = produce_request(
            &self.topic.name,
            self.acks,
            group.iter().map(|(p, batch, _)| (*p, batch)),
        );
        if self.acks == 0 {
            self.client
                .send_to_without_response(leader, RequestBody::Produce(request))
                .await?;
            return Ok(vec![(errors::NONE, None); group.len()]);
        }
        let response = expect_body!(
            self.client
                .send_to(leader, RequestBody::Produce(request))
                .await?,
            Produce
        )?;
        Ok(group
            .iter()
            .map(|(partition, _, _)| {
                let answer = response
                    .responses
                    .iter()
                    .filter(|t| t.name == self.topic.name)
                    .flat_map(|t| &t.partition_responses)
                    .find(|r| r.index == *partition);
                match answer {
                    Some(r) => (r.error_code, r.error_message.clone()),
                    None => (
                        errors::UNKNOWN_SERVER_ERROR,
                        Some("no answer for this partition".into()),
                    ),
                }
            })
            .collect())
    }

    fn report(&mut self, partition: i32, count: u64, code: i16, message: Option<String>) {
        self.failed += count;
        // The next batch would leave a gap in the sequence: start afresh.
        self.restart_idempotence = true;
        eprintln!(
            "Error: {count} message(s) to partition {partition} of '{}' failed: {}",
            self.topic.name,
            errors::describe(code, message.as_deref())
        );
    }
}

/// Roughly a record's size in a batch: enough to cut batches near
/// --batch-size without encoding twice.
pub(crate) fn estimated_size(r: &SimpleRecord) -> usize {
    let headers: usize = r
        .headers
        .iter()
        .map(|(k, v)| k.len() + v.as_ref().map_or(0, |v| v.len()) + 4)
        .sum();
    r.key.as_ref().map_or(0, |k| k.len()) + r.value.as_ref().map_or(0, |v| v.len()) + headers + 16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur2_matches_kafka() {
        // Kafka's UtilsTest.testMurmur2, plus the empty input.
        let cases: &[(&[u8], i32)] = &[
            (b"21", -973932308),
            (b"foobar", -790332482),
            (b"a-little-bit-long-string", -985981536),
            (b"a-little-bit-longer-string", -1486304829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58897971,
            ),
            (b"abc", 479470107),
            (b"", 275646681),
        ];
        for (data, expected) in cases {
            assert_eq!(
                murmur2(data),
                *expected,
                "{}",
                String::from_utf8_lossy(data)
            );
        }
    }

    #[test]
    fn keyed_partitions_use_to_positive() {
        // murmur2("21") is negative: toPositive masks the sign bit.
        let expected = ((-973932308i32) & 0x7fff_ffff) as usize % 3;
        assert_eq!(partition_for_key(b"21", 3), expected);
        for n in 1..20 {
            assert!(partition_for_key(b"foobar", n) < n);
        }
    }

    #[test]
    fn key_separator_splits_at_the_first_occurrence() {
        assert_eq!(split_key(b"k:v", b":"), Some((&b"k"[..], &b"v"[..])));
        assert_eq!(split_key(b"k:v:w", b":"), Some((&b"k"[..], &b"v:w"[..])));
        assert_eq!(split_key(b":v", b":"), Some((&b""[..], &b"v"[..])));
        assert_eq!(split_key(b"k:", b":"), Some((&b"k"[..], &b""[..])));
        assert_eq!(split_key(b"a::b", b"::"), Some((&b"a"[..], &b"b"[..])));
        assert_eq!(split_key(b"no separator", b":"), None);
        assert_eq!(split_key(b"", b":"), None);
        assert_eq!(split_key(b"k\tv", b"\t"), Some((&b"k"[..], &b"v"[..])));
    }

    #[test]
    fn separators_understand_escapes() {
        assert_eq!(parse_separator(":").unwrap(), ":");
        assert_eq!(parse_separator("\\t").unwrap(), "\t");
        assert_eq!(parse_separator("\t").unwrap(), "\t");
        assert_eq!(parse_separator("\\\\").unwrap(), "\\");
        assert_eq!(parse_separator("\\x").unwrap(), "\\x");
        assert_eq!(parse_separator("a\\").unwrap(), "a\\");
        assert!(parse_separator("").is_err());
    }

    #[test]
    fn reader_properties() {
        let p = |kv: &[(&str, &str)]| {
            let v: Vec<(String, String)> = kv
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            key_separator_from_properties(&v)
        };
        assert_eq!(p(&[]), Ok(None));
        assert_eq!(p(&[("parse.key", "true")]), Ok(Some(Some("\t".into()))));
        assert_eq!(
            p(&[("key.separator", ":"), ("parse.key", "True")]),
            Ok(Some(Some(":".into())))
        );
        assert_eq!(p(&[("parse.key", "false")]), Ok(Some(None)));
        assert!(p(&[("parse.headers", "true")])
            .unwrap_err()
            .contains("'parse.headers'"));
    }

    #[test]
    fn acks_values() {
        assert_eq!(parse_acks("all"), Ok(-1));
        assert_eq!(parse_acks("-1"), Ok(-1));
        assert_eq!(parse_acks("0"), Ok(0));
        assert_eq!(parse_acks("1"), Ok(1));
        assert!(parse_acks("2").is_err());
    }
}
