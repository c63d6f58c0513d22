//! `tributary produce TOPIC`: kafka-console-producer. One message per stdin
//! line, batched per partition, partitioned like the Java client.
//!
//! This file holds the command line, the input parsing and the producer's
//! main loop; `produce/record_accumulator.rs` the batching,
//! `produce/partitioner.rs` the partitioning, `produce/sender.rs` the
//! Produce requests and retries, `produce/transaction_manager.rs` the
//! transactions of `--transactional-id`.
//!
//! With `--transactional-id ID`, every `--batch` lines (default 1) are one
//! transaction, committed once written; a transaction in which a line
//! failed is aborted, and all its lines are reported as not written.

mod partitioner;
mod record_accumulator;
mod sender;
mod transaction_manager;

use transaction_manager::{State, TransactionManager};

pub(crate) use partitioner::StickyPartitioner;
pub(crate) use record_accumulator::{estimated_size, Batcher, BuiltBatch};
pub(crate) use sender::produce_request;

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
    /// Write in transactions of this transactional id (Kafka's
    /// transactional.id): each --batch lines are committed together, and
    /// read_committed consumers see them once committed.
    #[arg(long, value_name = "ID")]
    transactional_id: Option<String>,
    /// With --transactional-id: the lines per transaction.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "transactional_id",
          value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,
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

pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

pub fn run(mut args: ProduceArgs) -> i32 {
    let topic = args.name.clone().or(args.topic.clone()).unwrap_or_default();
    match key_separator_from_properties(&args.properties) {
        Ok(Some(separator)) => args.key_separator = separator,
        Ok(None) => {}
        Err(e) => return crate::client::usage_error(&e),
    }
    if args.transactional_id.is_some() && args.acks != -1 {
        // Kafka: transactions need an idempotent producer, so acks=all.
        return crate::client::usage_error("--transactional-id needs --acks all (-1)");
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
            transaction: args.transactional_id.map(TransactionManager::new),
            lines_per_transaction: args.batch,
            in_transaction: 0,
            failed_before_transaction: 0,
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
    /// `--transactional-id`'s transactions.
    transaction: Option<TransactionManager>,
    /// `--batch`: the messages of one transaction.
    lines_per_transaction: u64,
    /// Messages in the transaction under way, and `failed` when it began.
    in_transaction: u64,
    failed_before_transaction: u64,
}

impl Producer {
    /// With acks=all, a producer id from the cluster (InitProducerId), as
    /// Kafka's producer has by default (enable.idempotence): a batch retried
    /// after a lost answer is then written once. A broker without the API
    /// gets batches without one.
    async fn init_idempotence(&mut self) -> Result<()> {
        if let Some(transaction) = &mut self.transaction {
            let producer = transaction.init(&mut self.client).await?;
            self.batcher.set_producer(Some(producer));
            self.batcher.set_transactional(true);
            return Ok(());
        }
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
                        if self.in_transaction >= self.lines_per_transaction {
                            self.end_transaction().await?;
                        }
                        if self.linger.is_zero() {
                            self.flush().await?;
                        }
                    }
                    Some(Err(e)) => {
                        self.end_transaction().await?;
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
        self.end_transaction().await
    }

    /// Sends what is batched and, with --transactional-id, ends the
    /// transaction under way: committed, or aborted when one of its
    /// messages failed (then with a new epoch for the next one, KIP-360).
    async fn end_transaction(&mut self) -> Result<()> {
        self.flush().await?;
        let Some(transaction) = &mut self.transaction else {
            return Ok(());
        };
        if !matches!(
            transaction.state(),
            State::InTransaction | State::AbortableError
        ) {
            return Ok(());
        }
        let messages = std::mem::take(&mut self.in_transaction);
        if !transaction.end(&mut self.client, true).await? {
            self.failed = self.failed.max(self.failed_before_transaction + messages);
            eprintln!(
                "Error: the transaction of '{}' was aborted: its {messages} message(s) were not written",
                transaction.transactional_id
            );
            self.restart_idempotence = false;
            self.init_idempotence().await?;
        }
        self.failed_before_transaction = self.failed;
        Ok(())
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
        if let Some(transaction) = &mut self.transaction {
            if transaction.state() == State::Ready {
                transaction.begin()?;
                self.failed_before_transaction = self.failed;
            }
            self.in_transaction += 1;
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
}

#[cfg(test)]
mod tests {
    use super::partitioner::{murmur2, partition_for_key};
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
