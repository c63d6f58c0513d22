//! `tributary consume TOPIC`: kafka-console-consumer. Fetches from every
//! partition's leader (or one partition) and prints one message per line in
//! the layout of Kafka's DefaultMessageFormatter.
//!
//! With `--group G` it is a member of consumer group G (the KIP-848 protocol:
//! the broker assigns the partitions): it reads the partitions assigned to it
//! from the group's committed offsets, commits its positions every second, on
//! revocation and on exit, and leaves the group when it stops.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::time::Duration;

use clap::Args;
use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::{ApiKey, FetchRequest, RequestBody};
use protocol::records::{Batches, Record, TimestampType};
use tokio::time::Instant;

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Result, TopicInfo, EARLIEST_TIMESTAMP,
    LATEST_TIMESTAMP,
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
    /// A formatter property of kafka-console-consumer.sh (repeatable):
    /// print.key, print.timestamp, print.offset, print.partition,
    /// print.headers (true/false) or key.separator.
    #[arg(long = "property", value_name = "KEY=VALUE",
          value_parser = crate::topics::parse_key_value)]
    properties: Vec<(String, String)>,
}

/// The `--property` keys of Kafka's DefaultMessageFormatter understood here.
const FORMAT_PROPERTIES: &[&str] = &[
    "print.key",
    "print.timestamp",
    "print.offset",
    "print.partition",
    "print.headers",
    "key.separator",
];

/// Applies `--property` settings over the flags, as Kafka's
/// DefaultMessageFormatter reads them (a boolean is true when it says
/// "true", in any case).
fn apply_properties(
    f: &mut Format,
    properties: &[(String, String)],
) -> std::result::Result<(), String> {
    for (key, value) in properties {
        let on = value.trim().eq_ignore_ascii_case("true");
        match key.as_str() {
            "print.key" => f.key = on,
            "print.timestamp" => f.timestamp = on,
            "print.offset" => f.offset = on,
            "print.partition" => f.partition = on,
            "print.headers" => f.headers = on,
            "key.separator" => f.separator = parse_separator(value)?.into_bytes(),
            _ => {
                return Err(format!(
                    "unknown --property '{key}': tributary consume supports {}",
                    FORMAT_PROPERTIES.join(", ")
                ))
            }
        }
    }
    Ok(())
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

/// Which fields to print, in DefaultMessageFormatter's order.
#[derive(Debug, Clone)]
pub struct Format {
    pub timestamp: bool,
    pub partition: bool,
    pub offset: bool,
    pub headers: bool,
    pub key: bool,
    pub separator: Vec<u8>,
}

/// Appends one message line as kafka-console-consumer prints it: the chosen
/// fields, each followed by the separator, then the value (or "null").
pub fn format_record(
    f: &Format,
    timestamp_type: TimestampType,
    partition: i32,
    r: &Record,
    out: &mut Vec<u8>,
) {
    if f.timestamp {
        let kind = match timestamp_type {
            TimestampType::CreateTime => "CreateTime",
            TimestampType::LogAppendTime => "LogAppendTime",
        };
        out.extend_from_slice(format!("{kind}:{}", r.timestamp).as_bytes());
        out.extend_from_slice(&f.separator);
    }
    if f.partition {
        out.extend_from_slice(format!("Partition:{partition}").as_bytes());
        out.extend_from_slice(&f.separator);
    }
    if f.offset {
        out.extend_from_slice(format!("Offset:{}", r.offset).as_bytes());
        out.extend_from_slice(&f.separator);
    }
    if f.headers {
        if r.headers.is_empty() {
            out.extend_from_slice(b"NO_HEADERS");
        }
        for (i, (k, v)) in r.headers.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(k.as_bytes());
            out.push(b':');
            out.extend_from_slice(v.as_deref().unwrap_or(b"null"));
        }
        out.extend_from_slice(&f.separator);
    }
    if f.key {
        out.extend_from_slice(r.key.as_deref().unwrap_or(b"null"));
        out.extend_from_slice(&f.separator);
    }
    out.extend_from_slice(r.value.as_deref().unwrap_or(b"null"));
    out.push(b'\n');
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

/// The consumer's side of its group membership.
struct GroupMember {
    coordinator: Coordinator,
    /// Started once the topic exists.
    heartbeat: Option<Heartbeat>,
    seen_assignment: u64,
    seen_lost: u64,
    /// The assigned partitions of the topic. Each gets a position once its
    /// committed offset (or the reset offset) is known.
    assigned: BTreeSet<i32>,
    /// Assigned partitions of other topic ids (a topic recreated under the
    /// same name): owned as far as the group knows, never read.
    foreign: Assignment,
    /// The last offset committed per partition.
    committed: BTreeMap<i32, i64>,
    last_commit: Instant,
}

impl GroupMember {
    fn new(group: &str) -> GroupMember {
        GroupMember {
            coordinator: Coordinator::new(group),
            heartbeat: None,
            seen_assignment: 0,
            seen_lost: 0,
            assigned: BTreeSet::new(),
            foreign: Assignment::new(),
            committed: BTreeMap::new(),
            last_commit: Instant::now(),
        }
    }

    fn membership(&self) -> group::Membership {
        self.heartbeat
            .as_ref()
            .map(|h| h.state.borrow().clone())
            .unwrap_or_default()
    }
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

    async fn start_positions(&mut self) -> Result<()> {
        let partitions: Vec<i32> = match self.only_partition {
            Some(p) => vec![p],
            None => self.topic().partitions.iter().map(|p| p.index).collect(),
        };
        let timestamp = match self.start {
            StartOffset::At(offset) => {
                for p in partitions {
                    self.set_position(p, offset);
                }
                return Ok(());
            }
            StartOffset::Earliest => EARLIEST_TIMESTAMP,
            StartOffset::Latest => LATEST_TIMESTAMP,
        };
        self.seek(&partitions, timestamp).await
    }

    fn set_position(&mut self, partition: i32, offset: i64) {
        self.positions.insert(
            partition,
            Position {
                offset,
                max_bytes: PARTITION_MAX_BYTES,
            },
        );
    }

    /// Moves `partitions` to the offset of `timestamp` (earliest or latest).
    async fn seek(&mut self, partitions: &[i32], timestamp: i64) -> Result<()> {
        let topic = self.topic().clone();
        let offsets = self
            .client
            .list_offsets(&topic, partitions, timestamp)
            .await?;
        for (p, offset) in offsets {
            match offset {
                Ok(offset) => self.set_position(p, offset),
                // Retried at the next metadata refresh. A group member may
                // be assigned a partition its metadata does not show yet.
                Err(code)
                    if errors::is_stale_metadata(code)
                        || (self.group.is_some() && code == errors::UNKNOWN_TOPIC_OR_PARTITION) =>
                {
                    self.positions.remove(&p);
                }
                Err(code) => {
                    return Err(Error::Kafka {
                        context: format!("partition {p}: "),
                        code,
                        message: None,
                    })
                }
            }
        }
        Ok(())
    }

    /// Picks up new partitions (from the earliest offset: everything in them
    /// was written after we started, or nearly) and new leaders.
    async fn refresh_partitions(&mut self) -> Result<()> {
        self.refresh_leaders().await?;
        let new: Vec<i32> = self
            .topic()
            .partitions
            .iter()
            .map(|p| p.index)
            .filter(|p| !self.positions.contains_key(p))
            .collect();
        if !new.is_empty() {
            self.seek(&new, EARLIEST_TIMESTAMP).await?;
        }
        Ok(())
    }

    async fn refresh_leaders(&mut self) -> Result<()> {
        match self.client.topic(&self.topic_name, false).await? {
            Ok(info) => self.topic = Some(info),
            Err(code) => self.warn_once(format!(
                "topic '{}': {}",
                self.topic_name,
                errors::describe(code, None)
            )),
        }
        // A partition whose position could not be looked up before.
        if let Some(p) = self.only_partition {
            if !self.positions.contains_key(&p) {
                let t = match self.start {
                    StartOffset::Earliest => EARLIEST_TIMESTAMP,
                    _ => LATEST_TIMESTAMP,
                };
                self.seek(&[p], t).await?;
            }
        }
        Ok(())
    }

    /// One fetch per leader. Returns whether to go on, and whether the
    /// metadata looked stale.
    async fn fetch_round(&mut self) -> Result<(Flow, bool)> {
        let mut by_leader: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
        let mut stale = false;
        for &p in self.positions.keys() {
            match self.topic().partition(p) {
                Some(info) if info.leader >= 0 => by_leader.entry(info.leader).or_default().push(p),
                _ => stale = true,
            }
        }
        if by_leader.is_empty() {
            return Ok((Flow::Continue, true));
        }
        for (leader, partitions) in by_leader {
            let wait = self.time_left().map_or(MAX_WAIT, |left| left.min(MAX_WAIT));
            match self.fetch(leader, &partitions, wait).await? {
                (Flow::Stop, _) => return Ok((Flow::Stop, stale)),
                (Flow::Continue, s) => stale |= s,
            }
            if self.done() {
                return Ok((Flow::Stop, stale));
            }
        }
        Ok((Flow::Continue, stale))
    }

    async fn fetch(
        &mut self,
        leader: i32,
        partitions: &[i32],
        wait: Duration,
    ) -> Result<(Flow, bool)> {
        let version = self.client.node_version(leader, ApiKey::Fetch).await?;
        let topic = self.topic().clone();
        // v13+ names topics by id only.
        let by_id = version >= 13;
        if by_id && topic.topic_id.is_nil() {
            return Err(Error::Other(format!(
                "the broker gave no topic id for '{}', which Fetch v{version} needs",
                topic.name
            )));
        }
        let request = FetchRequest {
            max_wait_ms: wait.as_millis() as i32,
            min_bytes: 1,
            max_bytes: FETCH_MAX_BYTES,
            topics: vec![FetchTopic {
                topic: if by_id {
                    String::new()
                } else {
                    topic.name.clone()
                },
                topic_id: if by_id {
                    topic.topic_id
                } else {
                    Default::default()
                },
                partitions: partitions
                    .iter()
                    .map(|&p| FetchPartition {
                        partition: p,
                        fetch_offset: self.positions[&p].offset,
                        partition_max_bytes: self.positions[&p].max_bytes,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let response = expect_body!(
            self.client
                .send_to(leader, RequestBody::Fetch(request))
                .await?,
            Fetch
        )?;
        if response.error_code != errors::NONE {
            if errors::is_stale_metadata(response.error_code) {
                return Ok((Flow::Continue, true));
            }
            return Err(Error::kafka(response.error_code, None));
        }
        let mut stale = false;
        for t in response.responses {
            let ours = if by_id {
                t.topic_id == topic.topic_id
            } else {
                t.topic == topic.name
            };
            if !ours {
                continue;
            }
            for p in t.partitions {
                let partition = p.partition_index;
                if !self.positions.contains_key(&partition) {
                    continue;
                }
                match p.error_code {
                    errors::NONE => {
                        let Some(records) = p.records else { continue };
                        if let Flow::Stop = self.print_records(partition, records)? {
                            return Ok((Flow::Stop, stale));
                        }
                    }
                    errors::OFFSET_OUT_OF_RANGE => {
                        let at = self.positions[&partition].offset;
                        let to = if self.reset_to == EARLIEST_TIMESTAMP {
                            "earliest"
                        } else {
                            "latest"
                        };
                        eprintln!(
                            "warning: offset {at} is out of range for partition {partition}; resetting to the {to} offset"
                        );
                        self.seek(&[partition], self.reset_to).await?;
                    }
                    code if errors::is_stale_metadata(code)
                        || code == errors::UNKNOWN_TOPIC_OR_PARTITION
                        || code == errors::UNKNOWN_TOPIC_ID =>
                    {
                        stale = true;
                    }
                    code => {
                        return Err(Error::Kafka {
                            context: format!("partition {partition}: "),
                            code,
                            message: None,
                        })
                    }
                }
            }
        }
        Ok((Flow::Continue, stale))
    }

    /// Starts the heartbeat task (on a connection of its own): the group
    /// assigns partitions from then on.
    async fn join_group(&mut self) -> Result<()> {
        let client = Client::connect(&self.connect, "tributary-consumer").await?;
        let g = self.group.as_mut().expect("group mode");
        let topics = vec![self.topic_name.clone()];
        g.heartbeat = Some(Heartbeat::spawn(client, g.coordinator.group(), topics));
        Ok(())
    }

    /// Applies what the heartbeat task learnt: a lost membership drops every
    /// partition, a new assignment drops (after committing) the revoked ones
    /// and adds the new ones; then reports what we own. Also sets up the
    /// positions still missing and commits when it is time. Returns whether
    /// some position waits for fresher metadata.
    async fn sync_group(&mut self) -> Result<bool> {
        let topic_id = self.topic().topic_id;
        let g = self.group.as_mut().expect("group mode");
        let m = match &mut g.heartbeat {
            Some(h) => h.state.borrow_and_update().clone(),
            None => return Ok(false),
        };
        if let Some(fatal) = m.fatal {
            return Err(Error::Other(fatal));
        }
        let mut changed = false;
        if m.lost_seq != g.seen_lost {
            // Fenced: another member may own these by now; commits would be
            // refused. Drop them and read again from the committed offsets.
            for p in std::mem::take(&mut g.assigned) {
                self.positions.remove(&p);
            }
            g.foreign.clear();
            g.committed.clear();
            g.seen_lost = m.lost_seq;
            changed = true;
        }
        if m.assignment_seq != g.seen_assignment {
            g.seen_assignment = m.assignment_seq;
            let new: BTreeSet<i32> = m.assignment.get(&topic_id).cloned().unwrap_or_default();
            let mut foreign = m.assignment.clone();
            foreign.remove(&topic_id);
            let revoked: Vec<i32> = g.assigned.difference(&new).copied().collect();
            if !revoked.is_empty() {
                // Commit what was read of them, then stop reading them.
                self.commit(Some(&revoked)).await;
                let g = self.group.as_mut().expect("group mode");
                for p in &revoked {
                    self.positions.remove(p);
                    g.committed.remove(p);
                }
            }
            let g = self.group.as_mut().expect("group mode");
            g.assigned = new;
            g.foreign = foreign;
            changed = true;
            if !g.foreign.is_empty() {
                let ids: Vec<String> = g.foreign.keys().map(crate::topics::kafka_uuid).collect();
                self.warn_once(format!(
                    "the group assigned partitions of topic ids {} (not '{}'): they are not read",
                    ids.join(", "),
                    self.topic_name
                ));
            }
        }
        let g = self.group.as_mut().expect("group mode");
        if changed {
            let mut owned = g.foreign.clone();
            if !g.assigned.is_empty() {
                owned.insert(topic_id, g.assigned.clone());
            }
            if let Some(h) = &g.heartbeat {
                h.report(owned, g.seen_lost);
            }
        }
        let missing: Vec<i32> = g
            .assigned
            .iter()
            .copied()
            .filter(|p| !self.positions.contains_key(p))
            .collect();
        let stale = if missing.is_empty() {
            false
        } else {
            self.init_positions(&missing).await?
        };
        let g = self.group.as_ref().expect("group mode");
        if g.last_commit.elapsed() >= COMMIT_INTERVAL {
            self.commit(None).await;
        }
        Ok(stale)
    }

    /// Positions for newly assigned partitions: the group's committed offset,
    /// or the reset offset (earliest with --from-beginning, else latest) where
    /// there is none. Returns whether some wait for fresher metadata.
    async fn init_positions(&mut self, partitions: &[i32]) -> Result<bool> {
        if partitions
            .iter()
            .any(|p| self.topic().partition(*p).is_none())
        {
            self.refresh_leaders().await?;
        }
        let known: Vec<i32> = partitions
            .iter()
            .copied()
            .filter(|p| self.topic().partition(*p).is_some())
            .collect();
        let mut stale = known.len() < partitions.len();
        if known.is_empty() {
            return Ok(stale);
        }
        let g = self.group.as_mut().expect("group mode");
        let member = g.membership().member_ref();
        let wanted = [(self.topic_name.clone(), known.clone())];
        let committed = match group::fetch_offsets(
            &mut self.client,
            &mut g.coordinator,
            Some(&wanted),
            member.as_ref(),
        )
        .await
        {
            Ok(c) => c,
            // Retried at the next round.
            Err(Error::Kafka { code, .. })
                if code == errors::UNSTABLE_OFFSET_COMMIT || errors::is_coordinator_error(code) =>
            {
                return Ok(true)
            }
            Err(e) => return Err(e),
        };
        let mut reset = Vec::new();
        for p in known {
            match committed.get(&(self.topic_name.clone(), p)) {
                Some(Some(offset)) => {
                    g.committed.insert(p, *offset);
                    self.positions.insert(
                        p,
                        Position {
                            offset: *offset,
                            max_bytes: PARTITION_MAX_BYTES,
                        },
                    );
                }
                _ => reset.push(p),
            }
        }
        if !reset.is_empty() {
            self.seek(&reset, self.reset_to).await?;
            stale |= reset.iter().any(|p| !self.positions.contains_key(p));
        }
        Ok(stale)
    }

    /// Waits (at most one fetch wait) for the group to assign something.
    async fn wait_for_assignment(&mut self) {
        let wait = self.time_left().map_or(MAX_WAIT, |left| left.min(MAX_WAIT));
        let g = self.group.as_mut().expect("group mode");
        match &mut g.heartbeat {
            Some(h) => {
                if let Ok(Err(_)) = tokio::time::timeout(wait, h.state.changed()).await {
                    // The task ended; its state says why at the next round.
                    tokio::time::sleep(wait).await;
                }
            }
            None => tokio::time::sleep(wait).await,
        }
    }

    /// Commits the positions of `only` (all assigned partitions when `None`)
    /// that moved since their last commit. Failures are warnings: the next
    /// commit carries the same offsets.
    async fn commit(&mut self, only: Option<&[i32]>) {
        let g = self.group.as_mut().expect("group mode");
        g.last_commit = Instant::now();
        let m = g.membership();
        // Lost partitions (not handled yet) are not ours to commit.
        let Some(member) = m.member_ref().filter(|_| m.lost_seq == g.seen_lost) else {
            return;
        };
        let offsets: Vec<(String, i32, i64)> = self
            .positions
            .iter()
            .filter(|(p, _)| g.assigned.contains(p))
            .filter(|(p, _)| only.is_none_or(|o| o.contains(p)))
            .filter(|(p, pos)| g.committed.get(p) != Some(&pos.offset))
            .map(|(p, pos)| (self.topic_name.clone(), *p, pos.offset))
            .collect();
        if offsets.is_empty() {
            return;
        }
        let result = group::commit_offsets(
            &mut self.client,
            &mut g.coordinator,
            Some(&member),
            &offsets,
        )
        .await;
        let mut warnings = Vec::new();
        match result {
            Ok(codes) => {
                for (_, p, code) in codes {
                    match code {
                        errors::NONE => {
                            if let Some((_, _, o)) = offsets.iter().find(|(_, q, _)| *q == p) {
                                g.committed.insert(p, *o);
                            }
                        }
                        // The epoch moved on meanwhile: the next commit uses the new one.
                        errors::STALE_MEMBER_EPOCH => {}
                        code => warnings.push(format!(
                            "group '{}': cannot commit offsets: {}",
                            g.coordinator.group(),
                            errors::describe(code, None)
                        )),
                    }
                }
            }
            Err(e) => warnings.push(format!(
                "group '{}': cannot commit offsets: {e}",
                g.coordinator.group()
            )),
        }
        for w in warnings {
            self.warn_once(w);
        }
    }

    /// On exit: commits the positions (unless the membership is lost or
    /// broken) and leaves the group.
    async fn close_group(&mut self) {
        let Some(g) = self.group.as_ref() else { return };
        if g.heartbeat.is_none() {
            return;
        }
        if g.membership().fatal.is_none() {
            self.commit(None).await;
        }
        let g = self.group.as_mut().expect("group mode");
        if let Some(h) = g.heartbeat.take() {
            h.leave().await;
        }
    }

    /// Prints the records of one partition's fetch data from its position on.
    fn print_records(&mut self, partition: i32, records: bytes::Bytes) -> Result<Flow> {
        let mut batches = Batches::new(records);
        let mut complete = false;
        for batch in &mut batches {
            let position = self.positions[&partition].offset;
            let corrupt = |e| {
                Error::Other(format!(
                    "partition {partition}: corrupt record batch at offset {position}: {e}"
                ))
            };
            let batch = batch.map_err(corrupt)?;
            complete = true;
            // A fetch from the middle of a batch returns the whole batch.
            if batch.next_offset() <= position {
                continue;
            }
            batch.validate().map_err(corrupt)?;
            // Transaction markers are not messages.
            if !batch.header().is_control() {
                let timestamp_type = batch.timestamp_type();
                for record in batch.records(MAX_DECOMPRESSED_BYTES).map_err(corrupt)? {
                    if record.offset < self.positions[&partition].offset {
                        continue;
                    }
                    self.out.clear();
                    format_record(
                        &self.format,
                        timestamp_type,
                        partition,
                        &record,
                        &mut self.out,
                    );
                    // Flushed per message: tests and pipelines read line by line.
                    let mut stdout = std::io::stdout().lock();
                    match stdout.write_all(&self.out).and_then(|()| stdout.flush()) {
                        Ok(()) => {}
                        // The reader went away (`| head`): a normal end.
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                            return Ok(Flow::Stop)
                        }
                        Err(e) => return Err(Error::Other(format!("cannot write to stdout: {e}"))),
                    }
                    self.count += 1;
                    self.last_progress = Instant::now();
                    if let Some(pos) = self.positions.get_mut(&partition) {
                        pos.offset = record.offset + 1;
                    }
                    if self.done() {
                        return Ok(Flow::Stop);
                    }
                }
            }
            if let Some(pos) = self.positions.get_mut(&partition) {
                // Compacted batches may end with offsets that have no record.
                pos.offset = pos.offset.max(batch.next_offset());
            }
        }
        // Only part of a batch fit in the partition's fetch size: ask for more.
        if !complete && batches.partial_batch().is_some() {
            if let Some(pos) = self.positions.get_mut(&partition) {
                pos.max_bytes = pos
                    .max_bytes
                    .saturating_mul(2)
                    .min(PARTITION_MAX_BYTES_LIMIT);
            }
        }
        Ok(Flow::Continue)
    }
}

#[cfg(test)]
mod tests {
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
