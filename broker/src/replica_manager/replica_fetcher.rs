//! The follower's replica fetchers, as Kafka's ReplicaFetcherManager and
//! ReplicaFetcherThread: one fetcher per source broker, copying the logs of
//! every partition this broker follows there with one Fetch request per
//! round (replica id set, so the leader reads up to its log end offset and
//! counts each fetch offset as this replica's progress).
//!
//! Before fetching a partition from a new leader or epoch the fetcher
//! truncates it by OffsetForLeaderEpoch (KIP-101), for all such partitions
//! in one request: the leader says where this replica's last epoch ends in
//! its own log, and anything past that is cut. The high watermark alone is
//! never used to truncate.
//!
//! Invariants:
//! - a partition is fetched by the fetcher of the broker its role names as
//!   leader; a fetcher keeps a partition only while that holds and the
//!   replica is still the one the [`ReplicaManager`] hosts, and stops (and
//!   leaves the manager's map, under its lock) once it has none;
//! - an answer lands only at the leader epoch it was asked at
//!   (`Partition::append_as_follower` refuses others), so a late answer of
//!   a deposed leader changes nothing; a call to a leader that stopped
//!   answering is abandoned as soon as the metadata moves one of its
//!   partitions;
//! - the connection to a leader speaks its inter-broker listener's
//!   protocol (TLS, SASL) with the settings checked at start
//!   (`crate::client_security::inter_broker`);
//! - a partition's error delays that partition alone (by
//!   `replica.fetch.backoff.ms`, or 100 ms while the leader's metadata
//!   catches up), never the others;
//! - fetches go through a fetch session (KIP-227, see
//!   `super::fetch_session_handler`): after the first full fetch only the
//!   partitions whose fetch state changed are sent, and the leader answers
//!   only those with something new; a failed or abandoned call, or a
//!   session error, falls back to a full fetch.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use protocol::messages::fetch_request::{FetchPartition, FetchTopic, ForgottenTopic};
use protocol::messages::fetch_response::PartitionData;
use protocol::messages::offset_for_leader_epoch_request::{
    OffsetForLeaderPartition, OffsetForLeaderTopic,
};
use protocol::messages::{FetchRequest, OffsetForLeaderEpochRequest, RequestBody, ResponseBody};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::broker_connection::BrokerConnection;
use crate::error::code;
use crate::partition::Partition;
use crate::replica_manager::fetch_session_handler::{FetchSessionHandler, PartitionState};
use crate::replica_manager::ReplicaManager;

/// Fetch v12: topics by name, replica id in the body.
const FETCH_VERSION: i16 = 12;
const OFFSET_FOR_LEADER_EPOCH_VERSION: i16 = 4;
/// How long a partition waits when the leader's metadata is behind ours
/// (NOT_LEADER_OR_FOLLOWER, FENCED or UNKNOWN leader epoch).
const METADATA_CATCH_UP: Duration = Duration::from_millis(100);
/// How long a throttled partition waits before its rate is checked again.
const THROTTLED_WAIT: Duration = Duration::from_millis(200);

type Key = (String, i32);

/// The fetchers of one broker, by source broker (Kafka's
/// ReplicaFetcherManager with `num.replica.fetchers` = 1).
#[derive(Default)]
pub struct ReplicaFetcherManager {
    by_leader: Mutex<HashMap<i32, Arc<FetcherState>>>,
}

/// What one fetcher fetches, shared with the manager that adds to it.
struct FetcherState {
    leader: i32,
    partitions: Mutex<BTreeMap<Key, Arc<Partition>>>,
    /// Rung when a partition is added or the metadata changed one.
    changed: Notify,
}

impl ReplicaFetcherManager {
    /// Has the fetcher of `leader` fetch `partition` (starting that fetcher
    /// if there is none). Called for every followed partition at every
    /// metadata change; adding a partition twice changes nothing.
    pub fn add_partition(
        &self,
        replicas: &Arc<ReplicaManager>,
        leader: i32,
        partition: Arc<Partition>,
    ) {
        let mut by_leader = self.by_leader.lock().expect("fetchers lock");
        let fetcher = by_leader.entry(leader).or_insert_with(|| {
            let fetcher = Arc::new(FetcherState {
                leader,
                partitions: Mutex::new(BTreeMap::new()),
                changed: Notify::new(),
            });
            tokio::spawn(run(replicas.clone(), fetcher.clone()));
            fetcher
        });
        fetcher
            .partitions
            .lock()
            .expect("fetcher partitions lock")
            .insert((partition.topic.clone(), partition.index), partition);
        fetcher.changed.notify_one();
    }

    /// Removes `fetcher` from the map if it has nothing left to fetch;
    /// returns whether it did (the fetcher then stops).
    fn retire_if_idle(&self, fetcher: &Arc<FetcherState>) -> bool {
        let mut by_leader = self.by_leader.lock().expect("fetchers lock");
        if !fetcher
            .partitions
            .lock()
            .expect("fetcher partitions lock")
            .is_empty()
        {
            return false;
        }
        if by_leader
            .get(&fetcher.leader)
            .is_some_and(|f| Arc::ptr_eq(f, fetcher))
        {
            by_leader.remove(&fetcher.leader);
        }
        true
    }
}

impl FetcherState {
    /// The partitions still to fetch from this leader, each with the leader
    /// epoch of its role; the others leave the set.
    fn current(&self, replicas: &ReplicaManager) -> Vec<(Arc<Partition>, i32)> {
        let mut partitions = self.partitions.lock().expect("fetcher partitions lock");
        let mut current = Vec::with_capacity(partitions.len());
        // One read of each role: the epoch fetched at is the one whose
        // leader kept the partition here.
        partitions.retain(|(topic, index), p| {
            let role = p.role();
            let keep = role.leader == self.leader
                && role.leader != p.node_id()
                && replicas
                    .partition(topic, *index)
                    .is_some_and(|hosted| Arc::ptr_eq(&hosted, p));
            if keep {
                current.push((p.clone(), role.leader_epoch));
            }
            keep
        });
        current
    }
}

/// Fetches from one leader until it leads nothing this broker follows.
async fn run(replicas: Arc<ReplicaManager>, fetcher: Arc<FetcherState>) {
    let backoff = Duration::from_millis(replicas.config.replica_fetch_backoff_ms.clamp(10, 10_000));
    let mut conn: Option<BrokerConnection> = None;
    let mut session = FetchSessionHandler::default();
    let mut delayed: HashMap<Key, Instant> = HashMap::new();
    loop {
        let all = fetcher.current(&replicas);
        if all.is_empty() {
            if replicas.fetchers.retire_if_idle(&fetcher) {
                return;
            }
            continue;
        }
        let now = Instant::now();
        delayed.retain(|_, until| *until > now);
        let ready: Vec<(Arc<Partition>, i32)> = all
            .into_iter()
            .filter(|(p, _)| !delayed.contains_key(&(p.topic.clone(), p.index)))
            .collect();
        if ready.is_empty() {
            let until = delayed.values().min().copied().unwrap_or(now + backoff);
            tokio::select! {
                () = tokio::time::sleep_until(until) => {}
                () = fetcher.changed.notified() => {}
            }
            continue;
        }
        if conn.is_none() {
            match BrokerConnection::connect(
                &replicas.metadata.state(),
                &replicas.inter_broker,
                fetcher.leader,
                "replica-fetcher",
            )
            .await
            {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    tracing::debug!(leader = fetcher.leader, error = %e, "replica fetcher cannot reach the leader");
                    tokio::time::sleep(backoff).await;
                    continue;
                }
            }
        }
        let c = conn.as_mut().expect("connected");
        let (to_truncate, to_fetch): (Vec<_>, Vec<_>) = ready
            .iter()
            .cloned()
            .partition(|(p, _)| p.needs_truncation());
        let step = async {
            if to_truncate.is_empty() {
                fetch(&replicas, c, &to_fetch, &mut session).await
            } else {
                truncate(c, &to_truncate).await
            }
        };
        // A call to a leader that stopped answering (paused, partitioned)
        // is abandoned as soon as the metadata moves one of its partitions.
        let moved = async {
            loop {
                fetcher.changed.notified().await;
                if ready.iter().any(|(p, epoch)| {
                    let role = p.role();
                    role.leader != fetcher.leader || role.leader_epoch != *epoch
                }) {
                    return;
                }
            }
        };
        let outcome = tokio::select! {
            r = step => r,
            () = moved => {
                // The connection may hold the abandoned call's answer, and
                // the leader's session may or may not have moved on.
                conn = None;
                session.reset(true);
                continue;
            }
        };
        match outcome {
            Ok(delays) => {
                let now = Instant::now();
                for (key, wait) in delays {
                    delayed.insert(key, now + wait.unwrap_or(backoff));
                }
            }
            Err(e) => {
                tracing::debug!(leader = fetcher.leader, error = %e, "replica fetch failed");
                conn = None;
                session.reset(true);
                tokio::time::sleep(backoff).await;
            }
        }
    }
}

/// Partitions to delay after a round, each with its wait (`None`: the
/// backoff).
type Delays = Vec<(Key, Option<Duration>)>;

/// KIP-101 for every partition in `partitions`: ask the leader where each
/// one's latest epoch ends, cut past it.
async fn truncate(
    c: &mut BrokerConnection,
    partitions: &[(Arc<Partition>, i32)],
) -> Result<Delays, String> {
    let mut delays = Delays::new();
    let mut asked: BTreeMap<Key, (&Arc<Partition>, i32, i32)> = BTreeMap::new();
    for (p, leader_epoch) in partitions {
        match p.latest_epoch() {
            // An empty log (or one from before epochs): nothing to cut.
            None => {
                if let Err(e) = p.truncate_for_leader(None, true) {
                    tracing::warn!(topic = %p.topic, partition = p.index, error = %e.message, "truncation failed");
                    delays.push(((p.topic.clone(), p.index), None));
                }
            }
            Some(epoch) => {
                asked.insert((p.topic.clone(), p.index), (p, *leader_epoch, epoch));
            }
        }
    }
    let Some((first, _, _)) = asked.values().next() else {
        return Ok(delays);
    };
    let mut topics: BTreeMap<&str, Vec<OffsetForLeaderPartition>> = BTreeMap::new();
    for ((topic, index), (_, leader_epoch, epoch)) in &asked {
        topics
            .entry(topic)
            .or_default()
            .push(OffsetForLeaderPartition {
                partition: *index,
                current_leader_epoch: *leader_epoch,
                leader_epoch: *epoch,
                ..Default::default()
            });
    }
    let request = OffsetForLeaderEpochRequest {
        replica_id: first.node_id(),
        topics: topics
            .into_iter()
            .map(|(topic, partitions)| OffsetForLeaderTopic {
                topic: topic.to_string(),
                partitions,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = c
        .call(
            OFFSET_FOR_LEADER_EPOCH_VERSION,
            RequestBody::OffsetForLeaderEpoch(request),
        )
        .await?;
    let ResponseBody::OffsetForLeaderEpoch(r) = response else {
        return Err("unexpected response".into());
    };
    for t in r.topics {
        for answer in t.partitions {
            let key = (t.topic.clone(), answer.partition);
            let Some((p, leader_epoch, epoch)) = asked.remove(&key) else {
                continue;
            };
            if answer.error_code != code::NONE {
                tracing::debug!(topic = %p.topic, partition = p.index, error = answer.error_code, "OffsetForLeaderEpoch refused");
                delays.push((key, catch_up_or_backoff(answer.error_code)));
                continue;
            }
            if p.role().leader_epoch != leader_epoch {
                continue; // the metadata moved meanwhile: ask the new leader
            }
            let (cut, complete) = p.truncation_point(answer.leader_epoch, answer.end_offset);
            tracing::info!(topic = %p.topic, partition = p.index, our_epoch = epoch, leader_epoch = answer.leader_epoch, end_offset = answer.end_offset, log_end = p.log_end_offset(), cut, complete, "truncating by leader epoch");
            if let Err(e) = p.truncate_for_leader(Some(cut), complete) {
                tracing::warn!(topic = %p.topic, partition = p.index, error = %e.message, "truncation failed");
                delays.push((key, None));
            }
        }
    }
    // Partitions the leader did not answer for are asked again later.
    delays.extend(asked.into_keys().map(|key| (key, None)));
    Ok(delays)
}

/// One Fetch for every partition in `partitions`, each answer appended to
/// its replica.
async fn fetch(
    replicas: &ReplicaManager,
    c: &mut BrokerConnection,
    partitions: &[(Arc<Partition>, i32)],
    session: &mut FetchSessionHandler,
) -> Result<Delays, String> {
    let config = &replicas.config;
    let mut wanted: BTreeMap<Key, PartitionState> = BTreeMap::new();
    let mut fetched: BTreeMap<Key, (&Arc<Partition>, i32, i64)> = BTreeMap::new();
    let mut delays = Delays::new();
    // Throttled partitions (outside the ISR, named by the topic's
    // follower.replication.throttled.replicas) wait while the follower's
    // throttled rate is past its limit; their bytes are counted.
    let quota = &replicas.follower_quota;
    let throttled = |p: &Partition| quota.is_limited() && p.is_throttled(false, config.node_id);
    for (p, leader_epoch) in partitions {
        let key = (p.topic.clone(), p.index);
        if throttled(p) && quota.is_quota_exceeded() {
            delays.push((key, Some(THROTTLED_WAIT)));
            continue;
        }
        let fetch_offset = p.log_end_offset();
        fetched.insert(key.clone(), (p, *leader_epoch, fetch_offset));
        wanted.insert(
            key,
            PartitionState {
                leader_epoch: *leader_epoch,
                fetch_offset,
                log_start_offset: p.log_start_offset(),
                max_bytes: config.replica_fetch_max_bytes.max(1024),
            },
        );
    }
    if wanted.is_empty() {
        return Ok(delays);
    }
    let plan = session.build(&wanted);
    let mut topics: BTreeMap<&str, Vec<FetchPartition>> = BTreeMap::new();
    for ((topic, index), s) in &plan.send {
        topics.entry(topic).or_default().push(FetchPartition {
            partition: *index,
            current_leader_epoch: s.leader_epoch,
            fetch_offset: s.fetch_offset,
            log_start_offset: s.log_start_offset,
            partition_max_bytes: s.max_bytes,
            ..Default::default()
        });
    }
    let mut forgotten: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    for (topic, index) in &plan.forget {
        forgotten.entry(topic).or_default().push(*index);
    }
    let request = FetchRequest {
        replica_id: config.node_id,
        max_wait_ms: config.replica_fetch_wait_max_ms.clamp(0, 10_000),
        min_bytes: 1,
        max_bytes: config.replica_fetch_response_max_bytes.max(1024),
        session_id: plan.session_id,
        session_epoch: plan.epoch,
        topics: topics
            .into_iter()
            .map(|(topic, partitions)| FetchTopic {
                topic: topic.to_string(),
                partitions,
                ..Default::default()
            })
            .collect(),
        forgotten_topics_data: forgotten
            .into_iter()
            .map(|(topic, partitions)| ForgottenTopic {
                topic: topic.to_string(),
                partitions,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = c.call(FETCH_VERSION, RequestBody::Fetch(request)).await?;
    let ResponseBody::Fetch(r) = response else {
        return Err("unexpected response".into());
    };
    session.answered(&plan, &wanted, r.error_code, r.session_id);
    match r.error_code {
        code::NONE => {}
        // The next round is a full fetch, at once.
        code::FETCH_SESSION_ID_NOT_FOUND
        | code::INVALID_FETCH_SESSION_EPOCH
        | code::FETCH_SESSION_TOPIC_ID_ERROR => {
            tracing::debug!(error = r.error_code, "fetch session lost; fetching in full");
            return Ok(delays);
        }
        other => return Err(format!("fetch error {other}")),
    }
    // In a session the answer may hold any of its partitions, not only
    // those sent this round.
    for t in r.responses {
        for answer in t.partitions {
            let key = (t.topic.clone(), answer.partition_index);
            let Some((p, leader_epoch, fetch_offset)) = fetched.remove(&key) else {
                continue;
            };
            if throttled(p) {
                quota.record(answer.records.as_ref().map_or(0, |r| r.len()));
            }
            if let Some(wait) = apply(p, leader_epoch, fetch_offset, answer) {
                delays.push((key, wait));
            }
        }
    }
    Ok(delays)
}

/// Applies one partition's fetch answer; returns the wait before fetching
/// it again, if it must wait.
fn apply(
    p: &Partition,
    leader_epoch: i32,
    fetch_offset: i64,
    answer: PartitionData,
) -> Option<Option<Duration>> {
    match answer.error_code {
        code::NONE => {}
        code::OFFSET_OUT_OF_RANGE if fetch_offset < answer.log_start_offset => {
            // The leader deleted what we lack (retention, DeleteRecords).
            tracing::info!(topic = %p.topic, partition = p.index, fetch_offset, leader_log_start_offset = answer.log_start_offset, "behind the leader's log start offset; starting over there");
            return p
                .restart_at_leader_log_start(answer.log_start_offset)
                .err()
                .map(|_| None);
        }
        code::OFFSET_OUT_OF_RANGE => {
            // Ahead of the leader's log without an epoch to tell us where to
            // cut (it should not happen after truncation): truncate again,
            // after the backoff so that a truncation that cannot fix it
            // does not spin.
            tracing::warn!(topic = %p.topic, partition = p.index, fetch_offset, "fetch offset out of range on the leader; truncating again");
            p.mark_needs_truncation();
            return Some(None);
        }
        other => return Some(catch_up_or_backoff(other)),
    }
    let records = answer.records.unwrap_or_default();
    if let Err(e) = p.append_as_follower(
        records,
        answer.high_watermark,
        leader_epoch,
        storage::log::now_ms(),
    ) {
        tracing::debug!(topic = %p.topic, partition = p.index, error = %e.message, "fetched records not appended");
        return Some(None);
    }
    // Records the leader deleted go here too.
    p.follow_leader_log_start(answer.log_start_offset);
    None
}

/// The wait after a partition error: short when the leader's metadata is
/// only behind ours (it moved on, or we are ahead of it), else the backoff.
fn catch_up_or_backoff(error: i16) -> Option<Duration> {
    match error {
        code::NOT_LEADER_OR_FOLLOWER | code::FENCED_LEADER_EPOCH | code::UNKNOWN_LEADER_EPOCH => {
            Some(METADATA_CATCH_UP)
        }
        _ => None,
    }
}
