//! `tributary perf produce` (Kafka's `ProducerPerformance`): producer tasks
//! that generate records at a target rate, batch them per partition and
//! keep up to `MAX_IN_FLIGHT` Produce requests in flight per leader, and the
//! summary they print.
//!
//! Invariants: a record's latency runs from when it was due (not when it was
//! sent), so a slow broker shows in the latency instead of lowering the
//! offered load; requests to one leader are answered and accounted in the
//! order sent.

use super::stats::Stats;
use super::throughput_throttler::Throttler;
use super::*;

/// The numbers of a finished producer run.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ProduceSummary {
    pub(super) records: u64,
    records_per_sec: f64,
    mb_per_sec: f64,
    avg_ms: f64,
    pub(super) max_ms: f64,
    pub(super) p50_ms: f64,
    p95_ms: f64,
    pub(super) p99_ms: f64,
    p999_ms: f64,
    failed: u64,
    elapsed_secs: f64,
}

impl ProduceSummary {
    pub(super) fn new(stats: &Stats, elapsed: Duration) -> Self {
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
    pub(super) fn text(&self) -> String {
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

    pub(super) fn json(&self) -> String {
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

/// What every producer task shares.
pub(super) struct ProduceConfig {
    pub(super) connect: ConnectArgs,
    pub(super) topic: String,
    pub(super) payload: Bytes,
    pub(super) acks: i16,
    pub(super) linger: Duration,
    pub(super) batch_size: usize,
    pub(super) compression: CompressionArg,
    /// Records per second for each producer (not positive = unlimited).
    pub(super) per_producer_rate: f64,
    pub(super) duration: Option<Duration>,
    pub(super) start: Instant,
    /// Write into each record's first 8 bytes the microseconds from `start`
    /// to when it was due (for `perf e2e`).
    pub(super) stamp: bool,
    pub(super) stop: AtomicBool,
    pub(super) stats: Mutex<Stats>,
}

pub(super) async fn produce_perf(a: ProducePerfArgs) -> i32 {
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
pub(super) async fn ensure_topic(
    client: &mut Client,
    topic: &str,
    partitions: i32,
) -> Result<TopicInfo> {
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
pub(super) async fn wait_until_served(client: &mut Client, topic: &TopicInfo) -> Result<()> {
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
pub(super) struct Leader {
    pipe: Pipeline,
    requests: VecDeque<Vec<(i32, Vec<Instant>)>>,
}

pub(super) struct PerfProducer {
    config: Arc<ProduceConfig>,
    client: Client,
    topic: TopicInfo,
    leaders: HashMap<i32, Leader>,
    batcher: Batcher<Instant>,
    sticky: StickyPartitioner,
    record_bytes: u64,
}

impl PerfProducer {
    pub(super) async fn new(config: Arc<ProduceConfig>, id: usize) -> Result<Self> {
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

    pub(super) async fn run(&mut self, quota: Option<u64>) -> Result<()> {
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
pub(super) fn complete(
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
