//! `tributary perf e2e`: end-to-end latency at a fixed rate. One process
//! produces at the target rate and consumes the same topic from its end; each
//! record carries, in its first 8 bytes, the time it was *due* on the rate's
//! schedule, and its latency is counted from then to its arrival at the
//! consumer. A producer that falls behind therefore shows the delay in the
//! latency instead of hiding it (coordinated omission, as HdrHistogram and
//! wrk2 correct for it). Only standard APIs are used, so it measures Apache
//! Kafka brokers as well.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;
use tokio::time::Instant;

use super::consumer_performance::{start_fetchers, ConsumeShared};
use super::producer_performance::{ensure_topic, PerfProducer, ProduceConfig};
use super::random_payload;
use super::stats::{Histogram, Stats};
use crate::client::{Client, ConnectArgs, LATEST_TIMESTAMP};
use crate::produce::{parse_acks, CompressionArg};

#[derive(Args, Debug)]
pub struct E2eArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// The topic to write and read (created with --partitions if missing).
    #[arg(long)]
    topic: String,
    /// Records per second (a fixed rate is what makes latencies comparable).
    #[arg(long, value_name = "RECORDS_PER_SEC",
          value_parser = clap::value_parser!(u64).range(1..))]
    throughput: u64,
    /// How long to produce.
    #[arg(long, value_name = "S", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    duration_secs: u64,
    /// Records due in the first S seconds are not counted (JIT warm-up,
    /// connection set-up, page faults on new segments).
    #[arg(long, value_name = "S", default_value_t = 2)]
    warmup_secs: u64,
    /// Size of each record's value, at least 8 (the stamp).
    #[arg(long, value_name = "BYTES", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(8..=16 * 1024 * 1024))]
    record_size: u32,
    /// Acknowledgements: -1 (or all), 1 or 0.
    #[arg(long, default_value = "-1", value_parser = parse_acks, allow_hyphen_values = true)]
    acks: i16,
    /// How long a batch may wait for more records (0: send at once; any
    /// linger adds directly to the latency measured).
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub(super) linger_ms: u64,
    /// Largest batch per partition, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 16384,
          value_parser = clap::value_parser!(u32).range(1..))]
    batch_size: u32,
    /// Batch compression.
    #[arg(long, value_enum, default_value = "none")]
    compression: CompressionArg,
    /// Partitions of the topic when it has to be created.
    #[arg(long, value_name = "N", default_value_t = 6,
          value_parser = clap::value_parser!(i32).range(1..))]
    partitions: i32,
    /// After the last record is sent, wait at most this long for it to arrive.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    timeout_ms: u64,
    /// Print the result as one JSON object on stdout.
    #[arg(long)]
    json: bool,
}

/// The numbers of a finished end-to-end run, in milliseconds.
#[derive(Debug, Clone, PartialEq)]
struct E2eSummary {
    sent: u64,
    received: u64,
    measured: u64,
    records_per_sec: f64,
    avg_ms: f64,
    p50_ms: f64,
    p99_ms: f64,
    p999_ms: f64,
    max_ms: f64,
}

impl E2eSummary {
    fn new(sent: u64, received: u64, elapsed: Duration, h: &Histogram) -> Self {
        let ms = |us: u64| us as f64 / 1000.0;
        E2eSummary {
            sent,
            received,
            measured: h.total,
            records_per_sec: sent as f64 / elapsed.as_secs_f64().max(1e-9),
            avg_ms: h.mean() / 1000.0,
            p50_ms: ms(h.percentile(50.0)),
            p99_ms: ms(h.percentile(99.0)),
            p999_ms: ms(h.percentile(99.9)),
            max_ms: ms(h.max),
        }
    }

    fn text(&self) -> String {
        format!(
            "{} records sent ({:.1} records/sec), {} received, {} measured: end-to-end latency {:.2} ms avg, {:.2} ms 50th, {:.2} ms 99th, {:.2} ms 99.9th, {:.2} ms max.",
            self.sent,
            self.records_per_sec,
            self.received,
            self.measured,
            self.avg_ms,
            self.p50_ms,
            self.p99_ms,
            self.p999_ms,
            self.max_ms
        )
    }

    fn json(&self) -> String {
        format!(
            "{{\"records_sent\":{},\"records_received\":{},\"records_measured\":{},\"records_per_sec\":{:.1},\"avg_ms\":{:.3},\"p50_ms\":{:.3},\"p99_ms\":{:.3},\"p99_9_ms\":{:.3},\"max_ms\":{:.3}}}",
            self.sent,
            self.received,
            self.measured,
            self.records_per_sec,
            self.avg_ms,
            self.p50_ms,
            self.p99_ms,
            self.p999_ms,
            self.max_ms
        )
    }
}

pub async fn run(a: E2eArgs) -> i32 {
    match run_inner(&a).await {
        Ok(summary) => {
            if a.json {
                println!("{}", summary.json());
            } else {
                println!("{}", summary.text());
            }
            if summary.received < summary.sent {
                eprintln!(
                    "Error: {} record(s) sent but not received within {} ms",
                    summary.sent - summary.received,
                    a.timeout_ms
                );
                return 1;
            }
            0
        }
        Err(e) => {
            eprintln!("Error: {e}");
            1
        }
    }
}

async fn run_inner(a: &E2eArgs) -> crate::client::Result<E2eSummary> {
    let mut client = Client::connect(&a.connect, "tributary-perf-e2e").await?;
    let topic = ensure_topic(&mut client, &a.topic, a.partitions).await?;
    // One clock for both sides: stamps are offsets from `start`.
    let start = Instant::now();
    let shared = Arc::new(ConsumeShared {
        start,
        target: u64::MAX,
        messages: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        last_us: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        latency: Some(Mutex::new(Histogram::new())),
        warmup: Duration::from_secs(a.warmup_secs),
    });
    // The consumer is in place, at the end of every partition, before the
    // first record is due.
    let fetchers = start_fetchers(&mut client, &topic, LATEST_TIMESTAMP, 1, &shared).await?;
    let config = Arc::new(ProduceConfig {
        connect: a.connect.clone(),
        topic: a.topic.clone(),
        payload: random_payload(a.record_size as usize),
        acks: a.acks,
        linger: Duration::from_millis(a.linger_ms),
        batch_size: a.batch_size as usize,
        compression: a.compression,
        per_producer_rate: a.throughput as f64,
        duration: Some(Duration::from_secs(a.duration_secs)),
        start,
        stamp: true,
        stop: AtomicBool::new(false),
        stats: Mutex::new(Stats::new(start)),
    });
    // The producer runs on a thread of its own: it sleeps on the thread for
    // the last stretch before each record is due (see precise_sleep_until),
    // which must not hold up the consumer's tasks.
    let producer = {
        let config = config.clone();
        std::thread::spawn(move || -> crate::client::Result<()> {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| crate::client::Error::Other(format!("cannot start a runtime: {e}")))?;
            rt.block_on(async move {
                let mut producer = PerfProducer::new(config, 0).await?;
                producer.run(None).await
            })
        })
    };
    let progress = {
        let shared = shared.clone();
        tokio::spawn(async move {
            let interval = super::REPORT_INTERVAL;
            let mut tick = tokio::time::interval_at(start + interval, interval);
            let mut last = 0;
            loop {
                tick.tick().await;
                let n = shared.messages.load(Ordering::Relaxed);
                eprintln!(
                    "{} records received, {:.1} records/sec.",
                    n - last,
                    (n - last) as f64 / interval.as_secs_f64()
                );
                last = n;
            }
        })
    };
    let produced = tokio::task::spawn_blocking(move || producer.join())
        .await
        .map_err(|e| crate::client::Error::Other(format!("the producer failed: {e}")))?
        .unwrap_or_else(|_| Err(crate::client::Error::Other("the producer panicked".into())));
    let elapsed = start.elapsed();
    let (sent, failed) = {
        let stats = config.stats.lock().unwrap();
        (stats.total.records, stats.failed)
    };
    // Wait for the consumer to see everything that was acknowledged.
    let deadline = Instant::now() + Duration::from_millis(a.timeout_ms);
    while shared.messages.load(Ordering::Relaxed) < sent
        && Instant::now() < deadline
        && !fetchers.iter().all(|t| t.is_finished())
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    progress.abort();
    shared.stop.store(true, Ordering::Relaxed);
    for f in fetchers {
        match f.await {
            Ok(r) => r?,
            Err(e) => {
                return Err(crate::client::Error::Other(format!(
                    "a fetch task failed: {e}"
                )))
            }
        }
    }
    produced?;
    if failed > 0 {
        return Err(crate::client::Error::Other(format!(
            "{failed} record(s) were not written"
        )));
    }
    let received = shared.messages.load(Ordering::Relaxed);
    let histogram = shared
        .latency
        .as_ref()
        .expect("e2e latency")
        .lock()
        .unwrap();
    Ok(E2eSummary::new(sent, received, elapsed, &histogram))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_reports_percentiles_in_ms() {
        let mut h = Histogram::new();
        for us in 1..=1000 {
            h.record(us);
        }
        let s = E2eSummary::new(1000, 1000, Duration::from_secs(2), &h);
        assert_eq!(s.records_per_sec, 500.0);
        assert_eq!(s.p50_ms, 0.5);
        assert_eq!(s.p99_ms, 0.99);
        assert_eq!(s.p999_ms, 0.999);
        assert_eq!(s.max_ms, 1.0);
        assert!((s.avg_ms - 0.5005).abs() < 1e-9);
        assert!(s.text().contains("1000 received"), "{}", s.text());
        assert!(s.json().starts_with("{\"records_sent\":1000,"));
    }

    #[test]
    fn a_stamp_reads_back() {
        let payload = random_payload(64);
        let v = super::super::stamped(&payload, Duration::from_micros(123_456_789));
        assert_eq!(v.len(), 64);
        assert_eq!(&v[8..], &payload[8..]);
        assert_eq!(
            super::super::stamp_of(&v),
            Some(Duration::from_micros(123_456_789))
        );
        assert_eq!(super::super::stamp_of(&v[..7]), None);
    }
}
