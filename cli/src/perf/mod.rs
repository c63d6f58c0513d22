//! `tributary perf produce|consume`: load generators in the manner of Kafka's
//! kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh. They use only
//! standard APIs (Metadata, CreateTopics, Produce, ListOffsets, Fetch), so
//! they measure Apache Kafka brokers as well. `perf e2e` (in `e2e.rs`) runs
//! both at once for end-to-end latency.

mod e2e;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use clap::{ArgGroup, Args, Subcommand};
use protocol::messages::create_topics_request::CreatableTopic;
use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::{
    ApiKey, CreateTopicsRequest, FetchRequest, ProduceResponse, RequestBody, ResponseBody,
};
use protocol::records::{Batches, SimpleRecord};
use tokio::time::Instant;

use crate::client::{
    expect_body, Client, ConnectArgs, Error, Pipeline, Result, TopicInfo, EARLIEST_TIMESTAMP,
    LATEST_TIMESTAMP, SERVER_TIMEOUT_MS,
};
use crate::errors;
use crate::produce::{
    estimated_size, parse_acks, produce_request, topic_with_leaders, Batcher, BuiltBatch,
    CompressionArg, StickyPartitioner,
};

/// Produce requests in flight per connection (the Java client's
/// max.in.flight.requests.per.connection default).
const MAX_IN_FLIGHT: usize = 5;
/// How often the producer test prints a progress line.
const REPORT_INTERVAL: Duration = Duration::from_secs(5);
const MB: f64 = 1024.0 * 1024.0;
const FETCH_MAX_BYTES: i32 = 32 * 1024 * 1024;
const FETCH_PARTITION_MAX_BYTES: i32 = 8 * 1024 * 1024;
const FETCH_MAX_WAIT_MS: i32 = 500;
/// The most a compressed batch may expand to.
const MAX_DECOMPRESSED_BYTES: usize = 256 * 1024 * 1024;

#[derive(Args, Debug)]
pub struct PerfArgs {
    #[command(subcommand)]
    command: PerfCommand,
}

#[derive(Subcommand, Debug)]
enum PerfCommand {
    /// Write generated records as fast as allowed and report throughput and
    /// latency (like kafka-producer-perf-test.sh).
    Produce(ProducePerfArgs),
    /// Read a topic from the earliest offsets and report throughput (like
    /// kafka-consumer-perf-test.sh).
    Consume(ConsumePerfArgs),
    /// Produce at a fixed rate while consuming the same topic, and report the
    /// end-to-end latency of every record, measured from when it was due to be
    /// sent (corrected for coordinated omission).
    E2e(e2e::E2eArgs),
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("amount").required(true).args(["num_records", "duration_secs"])))]
struct ProducePerfArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// The topic to write to (created with --partitions if missing).
    #[arg(long)]
    topic: String,
    /// How many records to send.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    num_records: Option<u64>,
    /// Send for this long instead of a number of records.
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(1..))]
    duration_secs: Option<u64>,
    /// Size of each record's value (random, generated once).
    #[arg(long, value_name = "BYTES", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=16 * 1024 * 1024))]
    record_size: u32,
    /// Records per second over all producers; -1 = as fast as possible.
    #[arg(long, value_name = "RECORDS_PER_SEC", default_value = "-1",
          allow_hyphen_values = true, value_parser = parse_throughput)]
    throughput: f64,
    /// Acknowledgements: -1 (or all), 1 or 0.
    #[arg(long, default_value = "-1", value_parser = parse_acks, allow_hyphen_values = true)]
    acks: i16,
    /// How long a batch may wait for more records.
    #[arg(long, value_name = "MS", default_value_t = 5)]
    linger_ms: u64,
    /// Largest batch per partition, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16384,
          value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: u32,
    /// Batch compression.
    #[arg(long, value_enum, default_value = "none")]
    compression: CompressionArg,
    /// Concurrent producers, each with connections of its own.
    #[arg(long, value_name = "P", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    producers: u32,
    /// Partitions of the topic when it has to be created.
    #[arg(long, value_name = "N", default_value_t = 6,
          value_parser = clap::value_parser!(i32).range(1..))]
    partitions: i32,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ConsumePerfArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// The topic to read.
    #[arg(long)]
    topic: String,
    /// How many messages to read.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    messages: u64,
    /// Stop when no message arrived for this long.
    #[arg(long, value_name = "MS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..))]
    timeout_ms: u64,
    /// Consumers sharing the partitions (each its own connections, as the
    /// members of one group would), like the old --threads option.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u32).range(1..=1024))]
    consumers: u32,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    json: bool,
}

fn parse_throughput(s: &str) -> std::result::Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("'{s}' is not a number of records per second"))?;
    if v == -1.0 || (v.is_finite() && v > 0.0) {
        Ok(v)
    } else {
        Err(format!("'{s}': give a positive rate, or -1 for no limit"))
    }
}

pub fn run(args: PerfArgs) -> i32 {
    match args.command {
        PerfCommand::Produce(a) => {
            let threads = (a.producers as usize + 1).min(cores());
            block_on_threads(threads, produce_perf(a))
        }
        PerfCommand::Consume(a) => block_on_threads(cores().min(2), consume_perf(a)),
        PerfCommand::E2e(a) => block_on_threads(cores().min(2), e2e::run(a)),
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A multi-threaded runtime: the producers are meant to run in parallel.
fn block_on_threads<F: std::future::Future<Output = i32>>(threads: usize, f: F) -> i32 {
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(f),
        Err(e) => {
            eprintln!("Error: cannot start the async runtime: {e}");
            1
        }
    }
}

// ---------------------------------------------------------------------------
// Rate limiting and statistics

/// Kafka's ThroughputThrottler: after `sent` records, wait until the average
/// rate since the start is down to the target.
#[derive(Debug, Clone, Copy)]
struct Throttler {
    /// Records per second; not positive = unlimited.
    per_sec: f64,
    start: Instant,
}

impl Throttler {
    fn new(per_sec: f64, start: Instant) -> Self {
        Throttler { per_sec, start }
    }

    /// How long to wait before sending record number `sent + 1`.
    fn delay(&self, sent: u64, now: Instant) -> Option<Duration> {
        if self.per_sec <= 0.0 || sent == 0 {
            return None;
        }
        let due = self.due(sent);
        (due > now).then(|| due - now)
    }

    /// When record number `sent + 1` is due on the schedule: what end-to-end
    /// latency is measured from, so that a stalled sender cannot hide the
    /// stall by sending late (coordinated omission).
    fn due(&self, sent: u64) -> Instant {
        if self.per_sec <= 0.0 {
            return self.start;
        }
        self.start + Duration::from_secs_f64(sent as f64 / self.per_sec)
    }
}

/// A log-linear histogram of microseconds, like HdrHistogram with three
/// significant digits: exact below 2048, then 1024 buckets per power of two
/// (under 0.1% error). Values above an hour are counted as an hour.
#[derive(Clone)]
struct Histogram {
    counts: Vec<u64>,
    total: u64,
    sum: u64,
    max: u64,
}

const SUB_BITS: u32 = 10;
const HIST_MAX: u64 = 3_600_000_000;

impl Histogram {
    fn new() -> Self {
        Histogram {
            counts: vec![0; Self::index(HIST_MAX) + 1],
            total: 0,
            sum: 0,
            max: 0,
        }
    }

    fn index(v: u64) -> usize {
        let v = v.min(HIST_MAX);
        if v < 1 << (SUB_BITS + 1) {
            return v as usize;
        }
        let shift = 63 - v.leading_zeros() - SUB_BITS;
        ((shift as usize) << SUB_BITS) + (v >> shift) as usize
    }

    /// The largest value that falls in bucket `i`.
    fn highest_in(i: usize) -> u64 {
        if i < 1 << (SUB_BITS + 1) {
            return i as u64;
        }
        let shift = (i >> SUB_BITS) as u32 - 1;
        let sub = (i as u64 & ((1 << SUB_BITS) - 1)) | (1 << SUB_BITS);
        ((sub + 1) << shift) - 1
    }

    fn record(&mut self, v: u64) {
        self.counts[Self::index(v)] += 1;
        self.total += 1;
        self.sum = self.sum.saturating_add(v);
        self.max = self.max.max(v);
    }

    fn mean(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.sum as f64 / self.total as f64
        }
    }

    /// The value below or at which `pct` percent of the values are.
    fn percentile(&self, pct: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        // Less a hair, so that 99.9% of 1000 is rank 999 despite rounding.
        let rank = ((pct / 100.0 * self.total as f64 - 1e-9).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Self::highest_in(i).min(HIST_MAX);
            }
        }
        HIST_MAX
    }
}

/// Records acknowledged, for one reporting window or the whole run.
#[derive(Clone, Copy, Default)]
struct Window {
    records: u64,
    bytes: u64,
    latency_sum_us: u64,
    latency_max_us: u64,
}

impl Window {
    fn add(&mut self, bytes: u64, latency_us: u64) {
        self.records += 1;
        self.bytes += bytes;
        self.latency_sum_us += latency_us;
        self.latency_max_us = self.latency_max_us.max(latency_us);
    }

    fn avg_ms(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.latency_sum_us as f64 / self.records as f64 / 1000.0
        }
    }
}

struct Stats {
    window: Window,
    window_start: Instant,
    total: Window,
    histogram: Histogram,
    failed: u64,
    last_error: Option<String>,
}

impl Stats {
    fn new(start: Instant) -> Self {
        Stats {
            window: Window::default(),
            window_start: start,
            total: Window::default(),
            histogram: Histogram::new(),
            failed: 0,
            last_error: None,
        }
    }

    fn acked(&mut self, at: Instant, enqueued: &[Instant], record_bytes: u64) {
        for &t in enqueued {
            let us = at.saturating_duration_since(t).as_micros() as u64;
            self.window.add(record_bytes, us);
            self.total.add(record_bytes, us);
            self.histogram.record(us);
        }
    }

    fn failed(&mut self, count: usize, error: String) {
        self.failed += count as u64;
        self.last_error = Some(error);
    }

    /// Kafka's progress line for the window ending `now`, which starts the next.
    fn progress_line(&mut self, now: Instant) -> String {
        let secs = now
            .duration_since(self.window_start)
            .as_secs_f64()
            .max(1e-9);
        let w = std::mem::take(&mut self.window);
        self.window_start = now;
        format!(
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            w.records,
            w.records as f64 / secs,
            w.bytes as f64 / MB / secs,
            w.avg_ms(),
            w.latency_max_us as f64 / 1000.0
        )
    }
}

/// The numbers of a finished producer run.
#[derive(Debug, Clone, PartialEq)]
struct ProduceSummary {
    records: u64,
    records_per_sec: f64,
    mb_per_sec: f64,
    avg_ms: f64,
    max_ms: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    p999_ms: f64,
    failed: u64,
    elapsed_secs: f64,
}

impl ProduceSummary {
    fn new(stats: &Stats, elapsed: Duration) -> Self {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let t = &stats.total;
        let ms = |us: u64| us as f64 / 1000.0;
        ProduceSummary {
            records: t.records,
            records_per_sec: t.records as f64 / secs,
            mb_per_sec: t.bytes as f64 / MB / secs,
            avg_ms: t.avg_ms(),
            max_ms: ms(t.latency_max_us),
            p50_ms: ms(stats.histogram.percentile(50.0)),
            p95_ms: ms(stats.histogram.percentile(95.0)),
            p99_ms: ms(stats.histogram.percentile(99.0)),
            p999_ms: ms(stats.histogram.percentile(99.9)),
            failed: stats.failed,
            elapsed_secs: elapsed.as_secs_f64(),
        }
    }

    /// Kafka's final line (percentiles with two decimals: a local broker
    /// answers in well under a millisecond).
    fn text(&self) -> String {
        format!(
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {:.2} ms 50th, {:.2} ms 95th, {:.2} ms 99th, {:.2} ms 99.9th.",
            self.records,
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_ms,
            self.max_ms,
            self.p50_ms,
            self.p95_ms,
            self.p99_ms,
            self.p999_ms
        )
    }

    fn json(&self) -> String {
        format!(
            "{{\"records_sent\":{},\"records_per_sec\":{:.1},\"mb_per_sec\":{:.2},\"avg_latency_ms\":{:.3},\"max_latency_ms\":{:.3},\"p50_ms\":{:.3},\"p95_ms\":{:.3},\"p99_ms\":{:.3},\"p99_9_ms\":{:.3},\"records_failed\":{},\"elapsed_secs\":{:.3}}}",
            self.records,
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_ms,
            self.max_ms,
            self.p50_ms,
            self.p95_ms,
            self.p99_ms,
            self.p999_ms,
            self.failed,
            self.elapsed_secs
        )
    }
}

// ---------------------------------------------------------------------------
// perf produce

/// What every producer task shares.
struct ProduceConfig {
    connect: ConnectArgs,
    topic: String,
    payload: Bytes,
    acks: i16,
    linger: Duration,
    batch_size: usize,
    compression: CompressionArg,
    /// Records per second for each producer (not positive = unlimited).
    per_producer_rate: f64,
    duration: Option<Duration>,
    start: Instant,
    /// Write into each record's first 8 bytes the microseconds from `start`
    /// to when it was due (for `perf e2e`).
    stamp: bool,
    stop: AtomicBool,
    stats: Mutex<Stats>,
}

/// Sleeps until `until` to within tens of microseconds. Tokio's timer ticks
/// in milliseconds, which at 50k records/s would send records in bursts of
/// 50 and add up to a millisecond of generator-made latency; the last
/// stretch is slept on the thread instead (blocking this worker for under
/// 2 ms, which a load generator can afford).
async fn precise_sleep_until(until: Instant) {
    let coarse = until.checked_sub(Duration::from_millis(2));
    if let Some(c) = coarse.filter(|c| *c > Instant::now()) {
        tokio::time::sleep_until(c).await;
    }
    let now = Instant::now();
    if until > now {
        std::thread::sleep(until - now);
    }
}

/// `payload` with its first 8 bytes replaced by `since_start` in microseconds
/// (little-endian).
fn stamped(payload: &Bytes, since_start: Duration) -> Bytes {
    let mut v = payload.to_vec();
    let us = (since_start.as_micros() as u64).to_le_bytes();
    let n = v.len().min(8);
    v[..n].copy_from_slice(&us[..n]);
    v.into()
}

/// The stamp [`stamped`] wrote, if the value is long enough to hold one.
fn stamp_of(value: &[u8]) -> Option<Duration> {
    let b: [u8; 8] = value.get(..8)?.try_into().ok()?;
    Some(Duration::from_micros(u64::from_le_bytes(b)))
}

/// A random payload of uppercase letters, as Kafka's perf test makes it.
fn random_payload(size: usize) -> Bytes {
    let mut x = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0x9e37_79b9_7f4a_7c15, |d| d.as_nanos() as u64)
        | 1;
    (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b'A' + (x % 26) as u8
        })
        .collect::<Vec<u8>>()
        .into()
}

async fn produce_perf(a: ProducePerfArgs) -> i32 {
    let mut client = match Client::connect(&a.connect, "tributary-perf").await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Error: {e}");
            return 1;
        }
    };
    if let Err(e) = ensure_topic(&mut client, &a.topic, a.partitions).await {
        eprintln!("Error: {e}");
        return 1;
    }
    drop(client);
    let start = Instant::now();
    let producers = a.producers as u64;
    let config = Arc::new(ProduceConfig {
        connect: a.connect.clone(),
        topic: a.topic.clone(),
        payload: random_payload(a.record_size as usize),
        acks: a.acks,
        linger: Duration::from_millis(a.linger_ms),
        batch_size: a.batch_size as usize,
        compression: a.compression,
        per_producer_rate: a.throughput / producers as f64,
        duration: a.duration_secs.map(Duration::from_secs),
        start,
        stamp: false,
        stop: AtomicBool::new(false),
        stats: Mutex::new(Stats::new(start)),
    });
    let mut tasks = Vec::new();
    for id in 0..producers {
        let quota = a
            .num_records
            .map(|n| n / producers + u64::from(id < n % producers));
        let config = config.clone();
        tasks.push(tokio::spawn(async move {
            let mut p = PerfProducer::new(config, id as usize).await?;
            p.run(quota).await
        }));
    }
    let reporter = {
        let config = config.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(start + REPORT_INTERVAL, REPORT_INTERVAL);
            loop {
                tick.tick().await;
                let line = config.stats.lock().unwrap().progress_line(Instant::now());
                eprintln!("{line}");
            }
        })
    };
    let stopper = {
        let config = config.clone();
        tokio::spawn(async move {
            crate::client::shutdown_signal().await;
            config.stop.store(true, Ordering::Relaxed);
        })
    };
    let mut code = 0;
    for t in tasks {
        match t.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                eprintln!("Error: {e}");
                config.stop.store(true, Ordering::Relaxed);
                code = 1;
            }
            Err(e) => {
                eprintln!("Error: a producer task failed: {e}");
                code = 1;
            }
        }
    }
    let elapsed = start.elapsed();
    reporter.abort();
    stopper.abort();
    let stats = config.stats.lock().unwrap();
    let summary = ProduceSummary::new(&stats, elapsed);
    if a.json {
        println!("{}", summary.json());
    } else {
        println!("{}", summary.text());
    }
    if stats.failed > 0 {
        eprintln!(
            "Error: {} record(s) were not written; last error: {}",
            stats.failed,
            stats.last_error.as_deref().unwrap_or("unknown")
        );
        code = 1;
    }
    code
}

/// The topic's metadata, creating it with `partitions` if it does not exist.
async fn ensure_topic(client: &mut Client, topic: &str, partitions: i32) -> Result<TopicInfo> {
    if let Err(errors::UNKNOWN_TOPIC_OR_PARTITION) = client.topic(topic, false).await? {
        let version = client.version(ApiKey::CreateTopics).await?;
        let request = CreateTopicsRequest {
            topics: vec![CreatableTopic {
                name: topic.to_string(),
                num_partitions: partitions,
                // -1: the broker's default.replication.factor (v4+).
                replication_factor: if version >= 4 { -1 } else { 1 },
                ..Default::default()
            }],
            timeout_ms: SERVER_TIMEOUT_MS,
            ..Default::default()
        };
        let response = expect_body!(
            client.send(RequestBody::CreateTopics(request)).await?,
            CreateTopics
        )?;
        if let Some(t) = response.topics.into_iter().find(|t| t.name == topic) {
            match t.error_code {
                errors::NONE => {
                    eprintln!("Created topic {topic} with {partitions} partitions.")
                }
                errors::TOPIC_ALREADY_EXISTS => {}
                code => return Err(Error::kafka(code, t.error_message)),
            }
        }
    }
    let info = topic_with_leaders(client, topic).await?;
    wait_until_served(client, &info).await?;
    Ok(info)
}

/// Waits until every partition's leader answers for it. Kafka names a
/// new partition's leader in Metadata a moment before that broker serves
/// it (NOT_LEADER_OR_FOLLOWER meanwhile), and a perf run should not start
/// with errors.
async fn wait_until_served(client: &mut Client, topic: &TopicInfo) -> Result<()> {
    let all: Vec<i32> = topic.partitions.iter().map(|p| p.index).collect();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let offsets = client.list_offsets(topic, &all, LATEST_TIMESTAMP).await?;
        let unserved = offsets.values().filter_map(|r| r.as_ref().err()).next();
        match unserved {
            None => return Ok(()),
            Some(&code) if Instant::now() >= deadline => {
                return Err(Error::kafka(
                    code,
                    Some(format!("partitions of '{}' are not served yet", topic.name)),
                ))
            }
            Some(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// The requests in flight on one leader's connection: per request, the
/// partitions it carried and their records' enqueue times.
struct Leader {
    pipe: Pipeline,
    requests: VecDeque<Vec<(i32, Vec<Instant>)>>,
}

struct PerfProducer {
    config: Arc<ProduceConfig>,
    client: Client,
    topic: TopicInfo,
    leaders: HashMap<i32, Leader>,
    batcher: Batcher<Instant>,
    sticky: StickyPartitioner,
    record_bytes: u64,
}

impl PerfProducer {
    async fn new(config: Arc<ProduceConfig>, id: usize) -> Result<Self> {
        let mut client = Client::connect(&config.connect, "tributary-perf-producer").await?;
        let topic = topic_with_leaders(&mut client, &config.topic).await?;
        Ok(PerfProducer {
            batcher: Batcher::new(config.batch_size, config.compression.into()),
            sticky: StickyPartitioner::new(id),
            record_bytes: config.payload.len() as u64,
            config,
            client,
            topic,
            leaders: HashMap::new(),
        })
    }

    fn generating(&self, sent: u64, quota: Option<u64>) -> bool {
        if self.config.stop.load(Ordering::Relaxed) {
            return false;
        }
        match (quota, self.config.duration) {
            (Some(n), _) => sent < n,
            (None, Some(d)) => self.config.start.elapsed() < d,
            (None, None) => false,
        }
    }

    async fn run(&mut self, quota: Option<u64>) -> Result<()> {
        let throttler = Throttler::new(self.config.per_producer_rate, Instant::now());
        let mut sent = 0u64;
        let size = estimated_size(&SimpleRecord::new(
            0,
            None,
            Some(self.config.payload.clone()),
        ));
        let mut timestamp = now_ms();
        while self.generating(sent, quota) {
            self.poll_responses()?;
            let now = Instant::now();
            // Batches that are full or have lingered go as soon as a request
            // slot is free. While every slot is taken, records gather in
            // their batches, as in the Java client's accumulator.
            if self.has_capacity()
                && self
                    .batcher
                    .next_deadline(self.config.linger)
                    .is_some_and(|d| d <= now)
            {
                self.send_expired(now).await?;
            }
            if let Some(wait) = throttler.delay(sent, now) {
                let until = now + wait;
                if self.has_capacity() {
                    let until = match self.batcher.next_deadline(self.config.linger) {
                        Some(d) => d.min(until),
                        None => until,
                    };
                    if self.config.stamp {
                        precise_sleep_until(until).await;
                    } else {
                        tokio::time::sleep_until(until).await;
                    }
                } else {
                    self.wait_response(until).await?;
                }
                continue;
            }
            if sent & 255 == 0 {
                timestamp = now_ms();
            }
            let partition = self.sticky.choose(&self.topic, None);
            let value = if self.config.stamp {
                let due = throttler.due(sent).max(self.config.start);
                stamped(&self.config.payload, due - self.config.start)
            } else {
                self.config.payload.clone()
            };
            let record = SimpleRecord::new(timestamp, None, Some(value));
            if self.batcher.would_overflow(partition, size) {
                // No room left in this partition's batch: it goes now.
                self.send_partition(partition).await?;
            }
            if self.batcher.push(partition, record, now) {
                // Full: the next records go to the next partition, and this
                // batch goes as soon as there is a free slot.
                self.sticky.batch_sent();
                if self.has_capacity() {
                    self.send_partition(partition).await?;
                }
            }
            sent += 1;
        }
        let rest = self.batcher.take_all()?;
        self.send(rest).await?;
        for leader in self.leaders.values_mut() {
            while leader.pipe.in_flight() > 0 {
                let response = leader.pipe.recv().await?;
                complete(leader, &self.config, self.record_bytes, response)?;
            }
        }
        Ok(())
    }

    /// No leader connection has all its request slots taken.
    fn has_capacity(&self) -> bool {
        self.leaders
            .values()
            .all(|l| l.pipe.in_flight() < MAX_IN_FLIGHT)
    }

    /// Waits until `until` for an answer on a connection whose slots are all
    /// taken. (Receiving is cancel-safe: an answer is either taken whole or
    /// left queued.)
    async fn wait_response(&mut self, until: Instant) -> Result<()> {
        let Some(leader) = self
            .leaders
            .values_mut()
            .find(|l| l.pipe.in_flight() >= MAX_IN_FLIGHT)
        else {
            return Ok(());
        };
        if let Ok(response) = tokio::time::timeout_at(until, leader.pipe.recv()).await {
            complete(leader, &self.config, self.record_bytes, response?)?;
        }
        Ok(())
    }

    fn poll_responses(&mut self) -> Result<()> {
        for leader in self.leaders.values_mut() {
            while let Some(response) = leader.pipe.try_recv() {
                complete(leader, &self.config, self.record_bytes, response?)?;
            }
        }
        Ok(())
    }

    async fn send_partition(&mut self, partition: i32) -> Result<()> {
        let batch = self.batcher.take(partition)?;
        self.sticky.batch_sent();
        self.send(batch.into_iter().collect()).await
    }

    async fn send_expired(&mut self, now: Instant) -> Result<()> {
        let batches = self.batcher.take_expired(now, self.config.linger)?;
        if !batches.is_empty() {
            self.sticky.batch_sent();
            self.send(batches).await?;
        }
        Ok(())
    }

    /// Sends `batches` to their leaders, one request per leader, waiting for
    /// an answer first when MAX_IN_FLIGHT requests are under way.
    async fn send(&mut self, batches: Vec<BuiltBatch<Instant>>) -> Result<()> {
        let mut by_leader: HashMap<i32, Vec<BuiltBatch<Instant>>> = HashMap::new();
        for b in batches {
            match self.topic.partition(b.partition) {
                Some(p) if p.leader >= 0 => by_leader.entry(p.leader).or_default().push(b),
                _ => self.config.stats.lock().unwrap().failed(
                    b.tags.len(),
                    format!("partition {} has no leader", b.partition),
                ),
            }
        }
        for (node, group) in by_leader {
            if !self.leaders.contains_key(&node) {
                let conn = self.client.connect_node(node).await?;
                match conn.version(ApiKey::Produce) {
                    Some(v) if v >= 3 => {}
                    _ => {
                        return Err(Error::Other(format!(
                            "broker {node} does not support Produce v3+ (record batches)"
                        )))
                    }
                }
                self.leaders.insert(
                    node,
                    Leader {
                        pipe: conn.into_pipeline(),
                        requests: VecDeque::new(),
                    },
                );
            }
            let leader = self.leaders.get_mut(&node).expect("leader just connected");
            while leader.pipe.in_flight() >= MAX_IN_FLIGHT {
                let response = leader.pipe.recv().await?;
                complete(leader, &self.config, self.record_bytes, response)?;
            }
            let request = produce_request(
                &self.topic.name,
                self.config.acks,
                group.iter().map(|b| (b.partition, &b.batch)),
            );
            let answered = self.config.acks != 0;
            leader
                .pipe
                .send(&RequestBody::Produce(request), answered)
                .await?;
            let parts: Vec<(i32, Vec<Instant>)> =
                group.into_iter().map(|b| (b.partition, b.tags)).collect();
            if answered {
                leader.requests.push_back(parts);
            } else {
                // acks=0: a record counts as done once written.
                let now = Instant::now();
                let mut stats = self.config.stats.lock().unwrap();
                for (_, times) in &parts {
                    stats.acked(now, times, self.record_bytes);
                }
            }
        }
        // Let the connections' reader tasks run on a busy worker.
        tokio::task::yield_now().await;
        Ok(())
    }
}

/// Accounts the answer to a leader's oldest request.
fn complete(
    leader: &mut Leader,
    config: &ProduceConfig,
    record_bytes: u64,
    (at, body): (Instant, ResponseBody),
) -> Result<()> {
    let parts = leader
        .requests
        .pop_front()
        .ok_or_else(|| Error::Other("a response without a request".into()))?;
    let response: ProduceResponse = expect_body!(body, Produce)?;
    let mut stats = config.stats.lock().unwrap();
    for (partition, times) in parts {
        let answer = response
            .responses
            .iter()
            .flat_map(|t| &t.partition_responses)
            .find(|r| r.index == partition);
        match answer {
            Some(r) if r.error_code == errors::NONE => stats.acked(at, &times, record_bytes),
            Some(r) => stats.failed(
                times.len(),
                format!(
                    "partition {partition}: {}",
                    errors::describe(r.error_code, r.error_message.as_deref())
                ),
            ),
            None => stats.failed(
                times.len(),
                format!("partition {partition}: no answer for this partition"),
            ),
        }
    }
    Ok(())
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

// ---------------------------------------------------------------------------
// perf consume

/// What the fetch tasks share.
struct ConsumeShared {
    start: Instant,
    target: u64,
    messages: AtomicU64,
    bytes: AtomicU64,
    /// Microseconds from `start` to the last message consumed.
    last_us: AtomicU64,
    stop: AtomicBool,
    /// For `perf e2e`: the latency of each record from its stamp, skipping
    /// records stamped before the warm-up ended.
    latency: Option<Mutex<Histogram>>,
    warmup: Duration,
}

impl ConsumeShared {
    fn done(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.messages.load(Ordering::Relaxed) >= self.target
    }
}

/// The numbers of a finished consumer run.
#[derive(Debug, Clone, PartialEq)]
struct ConsumeSummary {
    start_ms: i64,
    end_ms: i64,
    mb: f64,
    mb_per_sec: f64,
    messages: u64,
    messages_per_sec: f64,
}

impl ConsumeSummary {
    fn new(start_ms: i64, elapsed: Duration, bytes: u64, messages: u64) -> Self {
        let secs = elapsed.as_secs_f64();
        let rate = |x: f64| if secs > 0.0 { x / secs } else { 0.0 };
        let mb = bytes as f64 / MB;
        ConsumeSummary {
            start_ms,
            end_ms: start_ms + elapsed.as_millis() as i64,
            mb,
            mb_per_sec: rate(mb),
            messages,
            messages_per_sec: rate(messages as f64),
        }
    }

    fn text(&self) -> String {
        format!(
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec\n{}, {}, {:.4}, {:.4}, {}, {:.4}",
            format_time(self.start_ms),
            format_time(self.end_ms),
            self.mb,
            self.mb_per_sec,
            self.messages,
            self.messages_per_sec
        )
    }

    fn json(&self) -> String {
        format!(
            "{{\"start.time\":\"{}\",\"end.time\":\"{}\",\"data.consumed.in.MB\":{:.4},\"MB.sec\":{:.4},\"data.consumed.in.nMsg\":{},\"nMsg.sec\":{:.4}}}",
            format_time(self.start_ms),
            format_time(self.end_ms),
            self.mb,
            self.mb_per_sec,
            self.messages,
            self.messages_per_sec
        )
    }
}

/// Kafka's perf-test date format, "yyyy-MM-dd HH:mm:ss:SSS" (in UTC here).
fn format_time(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}:{:03}",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

async fn consume_perf(a: ConsumePerfArgs) -> i32 {
    match consume_perf_inner(&a).await {
        Ok(summary) => {
            if a.json {
                println!("{}", summary.json());
            } else {
                println!("{}", summary.text());
            }
            0
        }
        Err(e) => {
            eprintln!("Error: {e}");
            1
        }
    }
}

async fn consume_perf_inner(a: &ConsumePerfArgs) -> Result<ConsumeSummary> {
    let start_ms = now_ms();
    let start = Instant::now();
    let mut client = Client::connect(&a.connect, "tributary-perf-consumer").await?;
    let topic = match client.topic(&a.topic, false).await? {
        Ok(t) => t,
        Err(code) => {
            return Err(Error::kafka(
                code,
                Some(format!("cannot read topic '{}'", a.topic)),
            ))
        }
    };
    wait_until_served(&mut client, &topic).await?;
    let shared = Arc::new(ConsumeShared {
        start,
        target: a.messages,
        messages: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        last_us: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        latency: None,
        warmup: Duration::ZERO,
    });
    let tasks = start_fetchers(
        &mut client,
        &topic,
        EARLIEST_TIMESTAMP,
        a.consumers as usize,
        &shared,
    )
    .await?;
    let timeout = Duration::from_millis(a.timeout_ms);
    let mut last_count = 0;
    let mut last_change = Instant::now();
    let shutdown = crate::client::shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(20)) => {}
            _ = &mut shutdown => break,
        }
        if shared.done() || tasks.iter().all(|t| t.is_finished()) {
            break;
        }
        let count = shared.messages.load(Ordering::Relaxed);
        if count != last_count {
            last_count = count;
            last_change = Instant::now();
        } else if last_change.elapsed() >= timeout {
            eprintln!(
                "WARNING: Exiting before consuming the expected number of messages: timeout ({} ms) exceeded.",
                a.timeout_ms
            );
            break;
        }
    }
    shared.stop.store(true, Ordering::Relaxed);
    let mut error = None;
    for t in tasks {
        match t.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => error = Some(e),
            Err(e) => error = Some(Error::Other(format!("a fetch task failed: {e}"))),
        }
    }
    if let Some(e) = error {
        return Err(e);
    }
    // The run ends with its last message (not with the idle timeout).
    let messages = shared.messages.load(Ordering::Relaxed);
    let elapsed = if messages > 0 {
        Duration::from_micros(shared.last_us.load(Ordering::Relaxed))
    } else {
        start.elapsed()
    };
    Ok(ConsumeSummary::new(
        start_ms,
        elapsed,
        shared.bytes.load(Ordering::Relaxed),
        messages,
    ))
}

/// Starts, for each of `consumers` consumers, one [`Fetcher`] per leader of
/// its share of `topic`'s partitions, reading from the offset for
/// `timestamp` (earliest or latest).
async fn start_fetchers(
    client: &mut Client,
    topic: &TopicInfo,
    timestamp: i64,
    consumers: usize,
    shared: &Arc<ConsumeShared>,
) -> Result<Vec<tokio::task::JoinHandle<Result<()>>>> {
    let all: Vec<i32> = topic.partitions.iter().map(|p| p.index).collect();
    let offsets = client.list_offsets(topic, &all, timestamp).await?;
    let mut by_leader: HashMap<(usize, i32), Vec<(i32, i64)>> = HashMap::new();
    for (i, p) in topic.partitions.iter().enumerate() {
        let offset = match offsets.get(&p.index) {
            Some(Ok(o)) => *o,
            Some(Err(code)) => {
                return Err(Error::kafka(
                    *code,
                    Some(format!("partition {}: no start offset", p.index)),
                ))
            }
            None => 0,
        };
        by_leader
            .entry((i % consumers.max(1), p.leader))
            .or_default()
            .push((p.index, offset));
    }
    let mut tasks = Vec::new();
    for ((_, node), partitions) in by_leader {
        let pipe = client.connect_node(node).await?.into_pipeline();
        let fetcher = Fetcher::new(pipe, topic, partitions, shared.clone())?;
        tasks.push(tokio::spawn(fetcher.run()));
    }
    Ok(tasks)
}

/// Fetches one leader's partitions with one fetch in flight, as the Java
/// consumer does; the next fetch goes out before a response is parsed.
/// (Several fetches in flight, each for a share of the partitions, were
/// slower: a broker answers a connection's requests in order, so a fetch
/// whose partitions are drained waits out max_wait_ms and holds back the
/// others. Measured: 4 consumers of a 256 MiB backlog took 1.6 s instead of
/// 0.2 s.)
struct Fetcher {
    pipe: Pipeline,
    topic: TopicInfo,
    by_id: bool,
    partitions: Vec<i32>,
    positions: HashMap<i32, i64>,
    shared: Arc<ConsumeShared>,
}

impl Fetcher {
    fn new(
        pipe: Pipeline,
        topic: &TopicInfo,
        partitions: Vec<(i32, i64)>,
        shared: Arc<ConsumeShared>,
    ) -> Result<Self> {
        let version = pipe
            .version(ApiKey::Fetch)
            .ok_or_else(|| Error::Unsupported {
                addr: pipe.addr().to_string(),
                api: ApiKey::Fetch,
            })?;
        // v13+ names topics by id only.
        let by_id = version >= 13;
        if by_id && topic.topic_id.is_nil() {
            return Err(Error::Other(format!(
                "the broker gave no topic id for '{}', which Fetch v{version} needs",
                topic.name
            )));
        }
        Ok(Fetcher {
            pipe,
            topic: topic.clone(),
            by_id,
            partitions: partitions.iter().map(|&(p, _)| p).collect(),
            positions: partitions.into_iter().collect(),
            shared,
        })
    }

    async fn fetch(&mut self) -> Result<()> {
        let request = FetchRequest {
            max_wait_ms: FETCH_MAX_WAIT_MS,
            min_bytes: 1,
            max_bytes: FETCH_MAX_BYTES,
            topics: vec![FetchTopic {
                topic: if self.by_id {
                    String::new()
                } else {
                    self.topic.name.clone()
                },
                topic_id: if self.by_id {
                    self.topic.topic_id
                } else {
                    Default::default()
                },
                partitions: self
                    .partitions
                    .iter()
                    .map(|&p| FetchPartition {
                        partition: p,
                        fetch_offset: self.positions[&p],
                        partition_max_bytes: FETCH_PARTITION_MAX_BYTES,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }],
            ..Default::default()
        };
        self.pipe.send(&RequestBody::Fetch(request), true).await
    }

    async fn run(mut self) -> Result<()> {
        self.fetch().await?;
        while !self.shared.done() {
            let (_, body) = tokio::select! {
                r = self.pipe.recv() => r?,
                _ = tokio::time::sleep(Duration::from_millis(50)) => continue,
            };
            let response = expect_body!(body, Fetch)?;
            if response.error_code != errors::NONE {
                return Err(Error::kafka(response.error_code, None));
            }
            // First the new positions, so that the next fetch is under way
            // while this response's records are counted.
            let mut batches = Vec::new();
            for t in response.responses {
                for p in t.partitions {
                    if p.error_code != errors::NONE {
                        return Err(Error::Kafka {
                            context: format!("partition {}: ", p.partition_index),
                            code: p.error_code,
                            message: None,
                        });
                    }
                    let Some(records) = p.records else { continue };
                    let Some(position) = self.positions.get_mut(&p.partition_index) else {
                        continue;
                    };
                    let from = *position;
                    for batch in Batches::new(records) {
                        let batch =
                            batch.map_err(|e| Error::Other(format!("bad record batch: {e}")))?;
                        if batch.last_offset() < from {
                            continue;
                        }
                        *position = (*position).max(batch.next_offset());
                        batches.push((from, batch));
                    }
                }
            }
            self.fetch().await?;
            let (mut count, mut bytes) = (0u64, 0u64);
            let mut latency = self.shared.latency.as_ref().map(|h| h.lock().unwrap());
            let since_start = self.shared.start.elapsed();
            for (from, batch) in batches {
                if batch.header().is_control() {
                    continue;
                }
                for r in batch
                    .iter_records(MAX_DECOMPRESSED_BYTES)
                    .map_err(|e| Error::Other(format!("bad record batch: {e}")))?
                {
                    let r = r.map_err(|e| Error::Other(format!("bad record: {e}")))?;
                    if r.offset < from {
                        continue;
                    }
                    count += 1;
                    bytes += r.key.as_ref().map_or(0, |k| k.len() as u64)
                        + r.value.as_ref().map_or(0, |v| v.len() as u64);
                    if let (Some(h), Some(due)) =
                        (latency.as_mut(), r.value.as_deref().and_then(stamp_of))
                    {
                        if due >= self.shared.warmup {
                            h.record(since_start.saturating_sub(due).as_micros() as u64);
                        }
                    }
                }
            }
            drop(latency);
            if count > 0 {
                self.shared.messages.fetch_add(count, Ordering::Relaxed);
                self.shared.bytes.fetch_add(bytes, Ordering::Relaxed);
                self.shared.last_us.fetch_max(
                    self.shared.start.elapsed().as_micros() as u64,
                    Ordering::Relaxed,
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct TestCli {
        #[command(subcommand)]
        command: PerfCommand,
    }

    fn parse(s: &str) -> std::result::Result<PerfCommand, clap::Error> {
        TestCli::try_parse_from(s.split_whitespace()).map(|c| c.command)
    }

    #[test]
    fn throttler_keeps_the_average_rate() {
        let start = Instant::now();
        let t = Throttler::new(1000.0, start);
        assert_eq!(t.delay(0, start), None);
        // 500 records due by 0.5 s: at 0.25 s, wait 0.25 s.
        let wait = t.delay(500, start + Duration::from_millis(250)).unwrap();
        assert!((wait.as_secs_f64() - 0.25).abs() < 1e-6, "{wait:?}");
        assert_eq!(t.delay(500, start + Duration::from_millis(500)), None);
        assert_eq!(t.delay(500, start + Duration::from_secs(2)), None);
        let unlimited = Throttler::new(-1.0, start);
        assert_eq!(unlimited.delay(1_000_000, start), None);
    }

    #[test]
    fn histogram_is_exact_when_small_and_close_when_large() {
        let mut h = Histogram::new();
        for v in 1..=1000 {
            h.record(v);
        }
        assert_eq!(h.percentile(50.0), 500);
        assert_eq!(h.percentile(95.0), 950);
        assert_eq!(h.percentile(99.9), 999);
        assert_eq!(h.percentile(100.0), 1000);
        for v in [2048u64, 3000, 123_456, 9_999_999, HIST_MAX] {
            let got = Histogram::highest_in(Histogram::index(v));
            assert!(
                got >= v && (got - v) as f64 <= v as f64 / 1000.0,
                "{v} → {got}"
            );
        }
        assert_eq!(Histogram::new().percentile(99.0), 0);
        let mut big = Histogram::new();
        big.record(u64::MAX);
        assert_eq!(big.percentile(50.0), HIST_MAX);
    }

    #[test]
    fn summary_lines_look_like_kafka() {
        let start = Instant::now();
        let mut stats = Stats::new(start);
        let enqueued: Vec<Instant> = (0..100)
            .map(|i| start + Duration::from_micros(1000 - i * 10))
            .collect();
        stats.acked(start + Duration::from_millis(1), &enqueued, 100);
        let s = ProduceSummary::new(&stats, Duration::from_secs(1));
        assert_eq!(s.records, 100);
        assert_eq!(s.p50_ms, 0.49);
        assert_eq!(s.p99_ms, 0.98);
        assert_eq!(s.max_ms, 0.99);
        assert_eq!(
            s.text(),
            "100 records sent, 100.0 records/sec (0.01 MB/sec), 0.49 ms avg latency, 0.99 ms max latency, 0.49 ms 50th, 0.94 ms 95th, 0.98 ms 99th, 0.99 ms 99.9th."
        );
        assert!(s
            .json()
            .starts_with("{\"records_sent\":100,\"records_per_sec\":100.0,"));
        let line = stats.progress_line(start + Duration::from_secs(5));
        assert_eq!(
            line,
            "100 records sent, 20.0 records/sec (0.00 MB/sec), 0.5 ms avg latency, 1.0 ms max latency."
        );
        assert!(stats
            .progress_line(start + Duration::from_secs(10))
            .starts_with("0 records sent"));
    }

    #[test]
    fn consumer_summary_looks_like_kafka() {
        let s = ConsumeSummary::new(0, Duration::from_secs(2), 100 * 1024 * 1024, 1000);
        assert_eq!(
            s.text(),
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec\n1970-01-01 00:00:00:000, 1970-01-01 00:00:02:000, 100.0000, 50.0000, 1000, 500.0000"
        );
        assert_eq!(format_time(1_764_108_000_123), "2025-11-25 22:00:00:123");
    }

    #[test]
    fn arguments_are_validated() {
        assert!(parse("t produce --topic t --num-records 10").is_ok());
        assert!(parse("t produce --topic t --duration-secs 10").is_ok());
        // Exactly one of --num-records and --duration-secs.
        assert!(parse("t produce --topic t").is_err());
        assert!(parse("t produce --topic t --num-records 1 --duration-secs 1").is_err());
        assert!(parse("t produce --topic t --num-records 0").is_err());
        assert!(parse("t produce --topic t --num-records 1 --throughput -1").is_ok());
        assert!(parse("t produce --topic t --num-records 1 --throughput 500.5").is_ok());
        assert!(parse("t produce --topic t --num-records 1 --throughput 0").is_err());
        assert!(parse("t produce --topic t --num-records 1 --throughput -2").is_err());
        assert!(parse("t produce --topic t --num-records 1 --acks -1").is_ok());
        assert!(parse("t produce --topic t --num-records 1 --acks 2").is_err());
        assert!(parse("t produce --topic t --num-records 1 --record-size 0").is_err());
        assert!(parse("t produce --topic t --num-records 1 --producers 0").is_err());
        assert!(parse("t produce --topic t --num-records 1 --compression zstd").is_ok());
        assert!(parse("t produce --topic t --num-records 1 --compression brotli").is_err());
        assert!(parse("t produce --topic t --num-records 1 --partitions 0").is_err());
        assert!(parse("t produce --num-records 1").is_err());
        assert!(parse("t consume --topic t --messages 5 --timeout-ms 100 --json").is_ok());
        assert!(parse("t consume --topic t").is_err());
        assert!(parse("t consume --topic t --messages 0").is_err());
        match parse("t produce --topic t --num-records 7 --producers 3 --linger-ms 0").unwrap() {
            PerfCommand::Produce(a) => {
                assert_eq!((a.num_records, a.producers, a.linger_ms), (Some(7), 3, 0));
                assert_eq!(a.throughput, -1.0);
                assert_eq!(a.partitions, 6);
            }
            _ => panic!("not parsed as produce"),
        }
        assert!(parse("t consume --topic t --messages 5 --consumers 4").is_ok());
        assert!(parse("t consume --topic t --messages 5 --consumers 0").is_err());
        assert!(parse("t e2e --topic t --throughput 100 --duration-secs 3").is_ok());
        assert!(parse("t e2e --topic t").is_err(), "a rate is required");
        assert!(parse("t e2e --topic t --throughput 0").is_err());
        assert!(parse("t e2e --topic t --throughput 10 --record-size 7").is_err());
        match parse("t e2e --topic t --throughput 100").unwrap() {
            PerfCommand::E2e(a) => assert_eq!(a.linger_ms, 0),
            _ => panic!("not parsed as e2e"),
        }
    }

    #[test]
    fn payload_is_random_letters() {
        let p = random_payload(1000);
        assert_eq!(p.len(), 1000);
        assert!(p.iter().all(u8::is_ascii_uppercase));
        assert!(p.iter().any(|&b| b != p[0]));
    }
}
