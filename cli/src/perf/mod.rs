//! `tributary perf produce|consume`: load generators in the manner of Kafka's
//! kafka-producer-perf-test.sh and kafka-consumer-perf-test.sh. They use only
//! standard APIs (Metadata, CreateTopics, Produce, ListOffsets, Fetch), so
//! they measure Apache Kafka brokers as well. `perf e2e` (in `e2e.rs`) runs
//! both at once for end-to-end latency.
//!
//! This file holds the command line, the runtime and the payload helpers
//! shared by the tools; `perf/producer_performance.rs` is `perf produce`,
//! `perf/consumer_performance.rs` `perf consume`, `perf/e2e.rs` `perf e2e`,
//! `perf/throughput_throttler.rs` the rate limit and `perf/stats.rs` the
//! latency histogram and statistics.

mod consumer_performance;
mod e2e;
mod producer_performance;
mod stats;
mod throughput_throttler;

use consumer_performance::consume_perf;
use producer_performance::produce_perf;

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

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::consumer_performance::{format_time, ConsumeSummary};
    use super::producer_performance::ProduceSummary;
    use super::stats::{Histogram, Stats, HIST_MAX};
    use super::throughput_throttler::Throttler;
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
