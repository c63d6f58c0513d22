//! `tributary consume TOPIC`: kafka-console-consumer. Fetches from every
//! partition's leader (or one partition) and prints one message per line in
//! the layout of Kafka's DefaultMessageFormatter.
//!
//! With `--group G` it is a member of consumer group G (the KIP-848 protocol:
//! the broker assigns the partitions): it reads the partitions assigned to it
//! from the group's committed offsets, commits its positions every second, on
//! revocation and on exit, and leaves the group when it stops.
//!
//! This file holds the command line, the run loop and the consumer's state;
//! `consume/fetcher.rs` positions and fetches, `consume/consumer_coordinator.rs`
//! the group membership and commits, `consume/message_formatter.rs` the
//! output format.

mod aborted_transactions;
mod consumer_coordinator;
mod fetcher;
mod message_formatter;

use aborted_transactions::AbortedTransactions;
use consumer_coordinator::GroupMember;
use message_formatter::{apply_properties, Format};

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::time::Duration;

use clap::{Args, ValueEnum};
use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::{ApiKey, FetchRequest, RequestBody};
use protocol::records::{Batches, Record, TimestampType};
use tokio::time::Instant;

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Result, TopicInfo, EARLIEST_TIMESTAMP,
    LATEST_TIMESTAMP, READ_COMMITTED, READ_UNCOMMITTED,
};
use crate::errors;
use crate::group::{self, Assignment, Coordinator, Heartbeat};
use crate::produce::parse_separator;

/// The broker waits this long for data before answering an empty fetch.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// Kafka's `max.partition.fetch.bytes` and `fetch.max.bytes` defaults.
const PARTITION_MAX_BYTES: i32 = 1024 * 1024;
const FETCH_MAX_BYTES: i32 = 50 * 1024 * 1024;
/// A partition whose next batch is bigger than its fetch size gets a bigger
/// one, up to this.
const PARTITION_MAX_BYTES_LIMIT: i32 = 128 * 1024 * 1024;
/// Bound on one batch's decompressed records.
const MAX_DECOMPRESSED_BYTES: usize = 256 * 1024 * 1024;
/// How often the partition list and leaders are looked up again, so that
/// partitions added while consuming are read too.
const METADATA_REFRESH: Duration = Duration::from_secs(5);
/// Consecutive connection failures tolerated before giving up, and the pause
/// after each.
const MAX_IO_FAILURES: u32 = 5;
const IO_RETRY_BACKOFF: Duration = Duration::from_secs(1);
/// How often a group member commits its positions (Kafka's
/// `auto.commit.interval.ms` is 5 s; the console tools want less replay).
const COMMIT_INTERVAL: Duration = Duration::from_secs(1);
/// Bound on committing and leaving the group at exit.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Args, Debug)]
pub struct ConsumeArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// The topic to read.
    #[arg(value_name = "TOPIC", required_unless_present = "topic")]
    name: Option<String>,
    /// Same as TOPIC (kafka-console-consumer.sh spelling).
    #[arg(long = "topic", value_name = "TOPIC", conflicts_with = "name")]
    topic: Option<String>,
    /// Start at the earliest message instead of the end of each partition
    /// (with --group: where the group has no committed offset yet).
    #[arg(long, conflicts_with = "offset")]
    from_beginning: bool,
    /// Read only this partition.
    #[arg(long, value_name = "P", value_parser = clap::value_parser!(i32).range(0..),
          conflicts_with = "group")]
    partition: Option<i32>,
    /// Where to start in --partition: an offset, "earliest" or "latest".
    #[arg(long, value_name = "OFFSET", requires = "partition", value_parser = parse_offset)]
    offset: Option<StartOffset>,
    /// Exit after printing this many messages.
    #[arg(long, value_name = "N")]
    max_messages: Option<u64>,
    /// Exit when no message arrived for this long.
    #[arg(long, value_name = "MS")]
    timeout_ms: Option<u64>,
    /// Print each message's key (or "null").
    #[arg(long)]
    print_key: bool,
    /// Print CreateTime:<ms> or LogAppendTime:<ms>.
    #[arg(long)]
    print_timestamp: bool,
    /// Print Offset:<offset>.
    #[arg(long)]
    print_offset: bool,
    /// Print Partition:<partition>.
    #[arg(long)]
    print_partition: bool,
    /// Print the headers as k:v,k2:v2 (or NO_HEADERS).
    #[arg(long)]
    print_headers: bool,
    /// Separator between the printed fields (\t, \n, \r and \\ are understood).
    #[arg(long, value_name = "SEP", default_value = "\\t", value_parser = parse_separator)]
    key_separator: String,
    /// Join this consumer group: read the partitions the broker assigns,
    /// from the group's committed offsets, and commit as messages are printed.
    #[arg(long, value_name = "GROUP", value_parser = parse_group_id)]
    group: Option<String>,
    /// read_committed: only committed transactions' messages (up to the
    /// last stable offset); read_uncommitted: every message.
    #[arg(
        long,
        value_enum,
        value_name = "LEVEL",
        default_value = "read_uncommitted"
    )]
    isolation_level: IsolationLevel,
    /// A formatter property of kafka-console-consumer.sh (repeatable):
    /// print.key, print.timestamp, print.offset, print.partition,
    /// print.headers (true/false) or key.separator.
    #[arg(long = "property", value_name = "KEY=VALUE",
          value_parser = crate::topics::parse_key_value)]
    properties: Vec<(String, String)>,
}

/// Kafka's `isolation.level`, as kafka-console-consumer spells it.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum IsolationLevel {
    #[value(name = "read_uncommitted")]
    ReadUncommitted,
    #[value(name = "read_committed")]
    ReadCommitted,
}

impl IsolationLevel {
    /// The level's code in Fetch and ListOffsets.
    fn code(self) -> i8 {
        match self {
            IsolationLevel::ReadUncommitted => READ_UNCOMMITTED,
            IsolationLevel::ReadCommitted => READ_COMMITTED,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StartOffset {
    Earliest,
    Latest,
    At(i64),
}

fn parse_group_id(s: &str) -> std::result::Result<String, String> {
    if s.is_empty() {
        return Err("the group id must not be empty".into());
    }
    Ok(s.to_string())
}

fn parse_offset(s: &str) -> std::result::Result<StartOffset, String> {
    match s {
        "earliest" => Ok(StartOffset::Earliest),
        "latest" => Ok(StartOffset::Latest),
        _ => match s.parse::<i64>() {
            Ok(o) if o >= 0 => Ok(StartOffset::At(o)),
            _ => Err(format!(
                "'{s}' is not an offset: use a number >= 0, earliest or latest"
            )),
        },
    }
}

pub fn run(args: ConsumeArgs) -> i32 {
    let topic = args.name.clone().or(args.topic.clone()).unwrap_or_default();
    let start = match (args.offset, args.from_beginning) {
        (Some(o), _) => o,
        (None, true) => StartOffset::Earliest,
        (None, false) => StartOffset::Latest,
    };
    let mut format = Format {
        timestamp: args.print_timestamp,
        partition: args.print_partition,
        offset: args.print_offset,
        headers: args.print_headers,
        key: args.print_key,
        separator: args.key_separator.clone().into_bytes(),
    };
    if let Err(e) = apply_properties(&mut format, &args.properties) {
        eprintln!("Error: {e}");
        return 2;
    }
    crate::client::block_on(async move {
        let client = match Client::connect(&args.connect, "tributary-consumer").await {
            Ok(c) => c,
            Err(e) => {
                eprintln!("Error: {e}");
                return 1;
            }
        };
        let mut consumer = Consumer {
            connect: args.connect.clone(),
            group: args.group.as_deref().map(GroupMember::new),
            client,
            topic_name: topic,
            topic: None,
            only_partition: args.partition,
            start,
            // Kafka's auto.offset.reset: earliest with --from-beginning.
            reset_to: if args.from_beginning {
                EARLIEST_TIMESTAMP
            } else {
                LATEST_TIMESTAMP
            },
            positions: BTreeMap::new(),
            isolation_level: args.isolation_level.code(),
            format,
            max_messages: args.max_messages,
            timeout: args.timeout_ms.map(Duration::from_millis),
            last_progress: Instant::now(),
            count: 0,
            warned: HashSet::new(),
            out: Vec::new(),
        };
        let result = tokio::select! {
            r = consumer.run() => r,
            _ = crate::client::shutdown_signal() => Ok(()),
        };
        if consumer.group.is_some() {
            // Commit and leave, even after an error or a signal; a second
            // signal (or a dead broker) does not wait for it.
            tokio::select! {
                r = tokio::time::timeout(CLOSE_TIMEOUT, consumer.close_group()) => {
                    if r.is_err() {
                        eprintln!("warning: could not commit and leave the group within {} s", CLOSE_TIMEOUT.as_secs());
                    }
                }
                _ = crate::client::shutdown_signal() => {
                    eprintln!("warning: interrupted again: exiting without committing or leaving the group");
                }
            }
        }
        let code = match result {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        };
        eprintln!("Processed a total of {} messages", consumer.count);
        code
    })
}

struct Position {
    offset: i64,
    max_bytes: i32,
}

struct Consumer {
    connect: ConnectArgs,
    group: Option<GroupMember>,
    client: Client,
    topic_name: String,
    topic: Option<TopicInfo>,
    only_partition: Option<i32>,
    start: StartOffset,
    /// ListOffsets timestamp to go to when an offset is out of range.
    reset_to: i64,
    positions: BTreeMap<i32, Position>,
    /// Fetch's and ListOffsets' isolation level (`--isolation-level`).
    isolation_level: i8,
    format: Format,
    max_messages: Option<u64>,
    timeout: Option<Duration>,
    last_progress: Instant,
    count: u64,
    /// Warnings already printed (each is printed once).
    warned: HashSet<String>,
    out: Vec<u8>,
}

/// Whether to keep going.
enum Flow {
    Continue,
    Stop,
}

impl Consumer {
    fn warn_once(&mut self, message: String) {
        if self.warned.insert(message.clone()) {
            eprintln!("warning: {message}");
        }
    }

    fn done(&self) -> bool {
        self.max_messages.is_some_and(|m| self.count >= m)
    }

    /// Time left before --timeout-ms ends the run (`None`: no timeout).
    fn time_left(&self) -> Option<Duration> {
        self.timeout
            .map(|t| t.saturating_sub(self.last_progress.elapsed()))
    }

    async fn run(&mut self) -> Result<()> {
        if self.done() {
            return Ok(());
        }
        if let Flow::Stop = self.wait_for_topic().await? {
            return Ok(());
        }
        if self.group.is_some() {
            self.join_group().await?;
        } else {
            self.start_positions().await?;
        }
        let mut last_refresh = Instant::now();
        let mut refresh = false;
        let mut io_failures = 0;
        loop {
            if self.done() || self.time_left() == Some(Duration::ZERO) {
                return Ok(());
            }
            refresh |= last_refresh.elapsed() >= METADATA_REFRESH;
            match self.step(refresh).await {
                Ok((Flow::Stop, _)) => return Ok(()),
                Ok((Flow::Continue, stale)) => {
                    io_failures = 0;
                    if refresh {
                        last_refresh = Instant::now();
                    }
                    refresh = stale;
                    if stale {
                        self.sleep_bounded(MAX_WAIT).await;
                    }
                }
                // The broker went away or restarts: look the leaders up
                // again, for a few seconds, before giving up.
                Err(e @ (Error::Io { .. } | Error::Connect { .. })) => {
                    io_failures += 1;
                    if io_failures > MAX_IO_FAILURES {
                        return Err(e);
                    }
                    self.warn_once(format!("{e}; retrying"));
                    self.sleep_bounded(IO_RETRY_BACKOFF).await;
                    refresh = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Refreshes the metadata when asked, then fetches once from every
    /// leader. Returns whether to go on and whether metadata looked stale.
    async fn step(&mut self, refresh: bool) -> Result<(Flow, bool)> {
        if refresh {
            if self.only_partition.is_none() && self.group.is_none() {
                self.refresh_partitions().await?;
            } else {
                self.refresh_leaders().await?;
            }
        }
        if self.group.is_some() {
            let stale = self.sync_group().await?;
            if self.positions.is_empty() {
                self.wait_for_assignment().await;
                return Ok((Flow::Continue, stale));
            }
            let (flow, fetch_stale) = self.fetch_round().await?;
            return Ok((flow, stale || fetch_stale));
        }
        self.fetch_round().await
    }

    async fn sleep_bounded(&self, d: Duration) {
        let d = self.time_left().map_or(d, |left| left.min(d));
        tokio::time::sleep(d).await;
    }

    /// Waits until the topic exists and its partitions have leaders (a
    /// consumer started before the producer that creates the topic is
    /// normal). Stops early on --timeout-ms.
    async fn wait_for_topic(&mut self) -> Result<Flow> {
        loop {
            match self.client.topic(&self.topic_name, false).await? {
                Ok(info) if info.partitions.iter().all(|p| p.leader >= 0) => {
                    if let Some(p) = self.only_partition {
                        if info.partition(p).is_none() {
                            return Err(Error::kafka(
                                errors::UNKNOWN_TOPIC_OR_PARTITION,
                                Some(format!(
                                    "Partition {p} of topic '{}' does not exist (the topic has {} partitions).",
                                    self.topic_name,
                                    info.partitions.len()
                                )),
                            ));
                        }
                    }
                    self.topic = Some(info);
                    return Ok(Flow::Continue);
                }
                Ok(_) | Err(errors::LEADER_NOT_AVAILABLE) => {}
                Err(errors::UNKNOWN_TOPIC_OR_PARTITION) => {
                    // Everything the topic will hold is written after we
                    // started, so "latest" means its beginning: a producer
                    // that creates the topic must not race us.
                    if self.start == StartOffset::Latest {
                        self.start = StartOffset::Earliest;
                        if self.group.is_some() {
                            self.reset_to = EARLIEST_TIMESTAMP;
                        }
                    }
                    self.warn_once(format!(
                        "topic '{}' does not exist (yet); waiting for it to be created",
                        self.topic_name
                    ))
                }
                Err(code) => return Err(Error::kafka(code, None)),
            }
            if self.time_left() == Some(Duration::ZERO) {
                return Ok(Flow::Stop);
            }
            self.sleep_bounded(MAX_WAIT).await;
        }
    }

    fn topic(&self) -> &TopicInfo {
        self.topic.as_ref().expect("topic metadata loaded")
    }
}

#[cfg(test)]
mod tests {
    use super::message_formatter::format_record;
    use super::*;
    use bytes::Bytes;

    fn record(key: Option<&str>, value: Option<&str>, headers: &[(&str, Option<&str>)]) -> Record {
        Record {
            offset: 5,
            timestamp: 1_700_000_000_000,
            attributes: 0,
            key: key.map(|k| Bytes::from(k.to_string())),
            value: value.map(|v| Bytes::from(v.to_string())),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.map(|v| Bytes::from(v.to_string()))))
                .collect(),
        }
    }

    fn format(all: bool, separator: &str) -> Format {
        Format {
            timestamp: all,
            partition: all,
            offset: all,
            headers: all,
            key: all,
            separator: separator.as_bytes().to_vec(),
        }
    }

    fn line(f: &Format, t: TimestampType, r: &Record) -> String {
        let mut out = Vec::new();
        format_record(f, t, 0, r, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn value_only_by_default() {
        let r = record(Some("k"), Some("v"), &[]);
        assert_eq!(
            line(&format(false, "\t"), TimestampType::CreateTime, &r),
            "v\n"
        );
        let null = record(None, None, &[]);
        assert_eq!(
            line(&format(false, "\t"), TimestampType::CreateTime, &null),
            "null\n"
        );
    }

    #[test]
    fn every_field_in_kafka_order() {
        let r = record(
            Some("key"),
            Some("value"),
            &[("k", Some("v")), ("k2", Some("v2"))],
        );
        assert_eq!(
            line(&format(true, "\t"), TimestampType::CreateTime, &r),
            "CreateTime:1700000000000\tPartition:0\tOffset:5\tk:v,k2:v2\tkey\tvalue\n"
        );
        assert_eq!(
            line(&format(true, " | "), TimestampType::LogAppendTime, &r),
            "LogAppendTime:1700000000000 | Partition:0 | Offset:5 | k:v,k2:v2 | key | value\n"
        );
    }

    #[test]
    fn missing_parts_print_as_kafka_does() {
        let r = record(None, Some("v"), &[("h", None)]);
        let f = Format {
            headers: true,
            key: true,
            ..format(false, "\t")
        };
        assert_eq!(line(&f, TimestampType::CreateTime, &r), "h:null\tnull\tv\n");
        let no_headers = record(Some("k"), Some("v"), &[]);
        assert_eq!(
            line(&f, TimestampType::CreateTime, &no_headers),
            "NO_HEADERS\tk\tv\n"
        );
    }

    #[test]
    fn key_and_partition_and_offset() {
        let r = record(Some("user1"), Some("hello"), &[]);
        let f = Format {
            key: true,
            partition: true,
            offset: true,
            ..format(false, "\t")
        };
        assert_eq!(
            line(&f, TimestampType::CreateTime, &r),
            "Partition:0\tOffset:5\tuser1\thello\n"
        );
    }

    #[test]
    fn offsets_parse() {
        assert_eq!(parse_offset("earliest"), Ok(StartOffset::Earliest));
        assert_eq!(parse_offset("latest"), Ok(StartOffset::Latest));
        assert_eq!(parse_offset("42"), Ok(StartOffset::At(42)));
        assert!(parse_offset("-1").is_err());
        assert!(parse_offset("soon").is_err());
    }
}
