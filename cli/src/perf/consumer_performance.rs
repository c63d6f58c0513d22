//! `tributary perf consume` (Kafka's `ConsumerPerformance`): fetch tasks, one
//! per leader and consumer, reading a topic from the earliest or latest
//! offset, and the summary they print.
//!
//! Invariants: each fetcher keeps one Fetch in flight per connection and
//! sends the next before parsing a response; the run ends when the expected
//! message count is reached, or when no message arrives for the timeout.

use super::producer_performance::wait_until_served;
use super::stats::Histogram;
use super::*;
use crate::client::fetch_session_handler::FetchSessionHandler;

/// What the fetch tasks share.
pub(super) struct ConsumeShared {
    pub(super) start: Instant,
    pub(super) target: u64,
    pub(super) messages: AtomicU64,
    pub(super) bytes: AtomicU64,
    /// Microseconds from `start` to the last message consumed.
    pub(super) last_us: AtomicU64,
    pub(super) stop: AtomicBool,
    /// For `perf e2e`: the latency of each record from its stamp, skipping
    /// records stamped before the warm-up ended.
    pub(super) latency: Option<Mutex<Histogram>>,
    pub(super) warmup: Duration,
}

impl ConsumeShared {
    fn done(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.messages.load(Ordering::Relaxed) >= self.target
    }
}

/// The numbers of a finished consumer run.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ConsumeSummary {
    start_ms: i64,
    end_ms: i64,
    mb: f64,
    mb_per_sec: f64,
    messages: u64,
    messages_per_sec: f64,
}

impl ConsumeSummary {
    pub(super) fn new(start_ms: i64, elapsed: Duration, bytes: u64, messages: u64) -> Self {
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

    pub(super) fn text(&self) -> String {
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
pub(super) fn format_time(ms: i64) -> String {
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

pub(super) async fn consume_perf(a: ConsumePerfArgs) -> i32 {
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

pub(super) async fn consume_perf_inner(a: &ConsumePerfArgs) -> Result<ConsumeSummary> {
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
pub(super) async fn start_fetchers(
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
pub(super) struct Fetcher {
    pipe: Pipeline,
    topic: TopicInfo,
    by_id: bool,
    partitions: Vec<i32>,
    positions: HashMap<i32, i64>,
    session: FetchSessionHandler,
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
            session: FetchSessionHandler::default(),
            shared,
        })
    }

    async fn fetch(&mut self) -> Result<()> {
        let positions: Vec<(i32, i64)> = self
            .partitions
            .iter()
            .map(|p| (*p, self.positions[p]))
            .collect();
        let plan = self.session.build(&positions);
        let request = FetchRequest {
            max_wait_ms: FETCH_MAX_WAIT_MS,
            min_bytes: 1,
            max_bytes: FETCH_MAX_BYTES,
            session_id: plan.session_id,
            session_epoch: plan.epoch,
            topics: if plan.partitions.is_empty() {
                Vec::new()
            } else {
                vec![FetchTopic {
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
                    partitions: plan
                        .partitions
                        .iter()
                        .map(|&(p, offset)| FetchPartition {
                            partition: p,
                            fetch_offset: offset,
                            partition_max_bytes: FETCH_PARTITION_MAX_BYTES,
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                }]
            },
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
            if !self
                .session
                .handle_response(response.error_code, response.session_id)
            {
                // A session error: start over with a full fetch.
                self.fetch().await?;
                continue;
            }
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
