//! Fetch: whole batches from each requested partition, long-polling until
//! `min_bytes` are available or `max_wait_ms` has passed. A fetch in a
//! session (KIP-227, `crate::fetch_session`) reads the whole session and
//! answers only the partitions with news.
//!
//! Bounds: a partition named several times is answered once (Kafka keys a
//! fetch by partition in a map), so the answer has at most one entry per
//! distinct partition of the request; its records are at most
//! min(max_bytes, fetch.max.bytes) (replica.fetch.response.max.bytes for a
//! follower), plus one batch when the first partition's is larger (KIP-74).
//!
//! Isolation: a read_committed consumer reads below each partition's last
//! stable offset and gets the aborted transactions its records overlap;
//! every consumer is told the LSO.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use protocol::frame::encode_response;
use protocol::messages::fetch_request::FetchPartition;
use protocol::messages::fetch_response::{
    AbortedTransaction, FetchableTopicResponse, PartitionData,
};
use protocol::messages::{FetchRequest, FetchResponse, ResponseBody};
use storage::FileSlice;
use uuid::Uuid;

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::fetch_session::FetchContext;
use crate::partition::Partition;
use crate::purgatory::{self, Watchers};
use crate::request_context::RequestContext;
use crate::response::{splice_records, Chunk, INLINE_MAX};

/// A fetch response whose records are ranges of segment files: `slices[k]`
/// belongs to the partition at `places[k]` (topic index, partition index),
/// whose records are left empty in `response`.
pub struct FetchAnswer {
    pub response: FetchResponse,
    places: Vec<(usize, usize)>,
    slices: Vec<FileSlice>,
}

/// The frame of a fetch answer: the response encoded by the generated code,
/// the records spliced in as file ranges (see `crate::response`).
pub fn respond(
    correlation_id: i32,
    version: i16,
    answer: FetchAnswer,
) -> Result<Vec<Chunk>, String> {
    let FetchAnswer {
        mut response,
        places,
        slices,
    } = answer;
    // Small ranges are read into the response, which is then encoded once;
    // only ranges over INLINE_MAX go to the socket from the page cache.
    let mut spliced = Vec::new();
    let mut large = Vec::new();
    for ((t, p), slice) in places.into_iter().zip(slices) {
        if slice.len <= INLINE_MAX {
            let mut bytes = BytesMut::zeroed(slice.len);
            slice
                .read_into(&mut bytes)
                .map_err(|e| format!("cannot read the records of a fetch: {e}"))?;
            response.responses[t].partitions[p].records = Some(bytes.freeze());
        } else {
            spliced.push((t, p));
            large.push(slice);
        }
    }
    let (places, slices) = (spliced, large);
    let encode = |body: &ResponseBody| {
        encode_response(correlation_id, version, body)
            .map_err(|e| format!("cannot encode fetch response: {e}"))
    };
    let mut body = ResponseBody::Fetch(response);
    let with_empty = encode(&body)?;
    if slices.is_empty() {
        return Ok(vec![Chunk::Bytes(with_empty)]);
    }
    let ResponseBody::Fetch(response) = &mut body else {
        unreachable!("built as a fetch response")
    };
    for &(t, p) in &places {
        response.responses[t].partitions[p].records = None;
    }
    let with_null = encode(&body)?;
    splice_records(&with_empty, &with_null, version >= 12, slices)
        .map_err(|e| format!("cannot read the records of a fetch: {e}"))
}

/// Upper bound on a client's max_wait_ms, so a hostile value cannot park a
/// connection for days.
const MAX_WAIT_CAP_MS: i32 = 5 * 60 * 1000;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    mut request: FetchRequest,
) -> FetchAnswer {
    let version = ctx.version;
    let now_ms = storage::log::now_ms();
    let sessions = &broker.fetch_sessions;
    match sessions.new_context(version, &request, now_ms) {
        FetchContext::Error(error) => session_error(error),
        FetchContext::Sessionless => serve(broker, ctx, &request, false).await,
        FetchContext::Full => {
            let mut answer = serve(broker, ctx, &request, false).await;
            let follower = replica_id(version, &request);
            let session_id = sessions.create(
                version,
                follower.is_some(),
                &request,
                &answer.response,
                |t, p| answer.has_records(t, p),
                now_ms,
            );
            if let (Some(replica), true) = (follower, session_id != 0) {
                // Once per replica fetcher and leader change, not per fetch.
                tracing::info!(replica, session_id, "opened a follower fetch session");
            }
            answer.response.session_id = session_id;
            answer
        }
        FetchContext::Incremental {
            session_id,
            epoch,
            topics,
        } => {
            // The whole session is read, as one full fetch would be.
            request.topics = topics;
            request.forgotten_topics_data.clear();
            let mut answer = serve(broker, ctx, &request, true).await;
            let kept = sessions.finish_incremental(session_id, epoch, &answer.response, |t, p| {
                answer.has_records(t, p)
            });
            match kept {
                Ok(keep) => {
                    answer.retain(&keep);
                    answer.response.session_id = session_id;
                    answer
                }
                Err(error) => session_error(error),
            }
        }
    }
}

/// The answer to a fetch refused for its session: the error, no partitions.
fn session_error(error: i16) -> FetchAnswer {
    FetchAnswer {
        response: FetchResponse {
            error_code: error,
            ..Default::default()
        },
        places: Vec::new(),
        slices: Vec::new(),
    }
}

impl FetchAnswer {
    /// The bytes of records the answer carries (Kafka counts a fetch
    /// against the consumer's quota by its response size).
    pub fn records_bytes(&self) -> usize {
        let inline: usize = self
            .response
            .responses
            .iter()
            .flat_map(|t| &t.partitions)
            .map(|p| p.records.as_ref().map_or(0, |r| r.len()))
            .sum();
        inline + self.slices.iter().map(|s| s.len).sum::<usize>()
    }

    /// The answer to a fetch over its quota: no partitions, the throttle
    /// time, the session kept (Kafka's `getThrottledResponse`).
    pub fn throttled(self, throttle_ms: i32) -> FetchAnswer {
        FetchAnswer {
            response: FetchResponse {
                throttle_time_ms: throttle_ms,
                session_id: self.response.session_id,
                ..Default::default()
            },
            places: Vec::new(),
            slices: Vec::new(),
        }
    }

    /// Whether the partition at `(topic, partition)` of the response has
    /// records (in the response, or as a file range).
    fn has_records(&self, topic: usize, partition: usize) -> bool {
        let inline = self.response.responses[topic].partitions[partition]
            .records
            .as_ref()
            .is_some_and(|r| !r.is_empty());
        inline || self.places.binary_search(&(topic, partition)).is_ok()
    }

    /// Keeps the partitions `keep` marks (topic by topic, partition by
    /// partition) and the topics left with any.
    fn retain(&mut self, keep: &[Vec<bool>]) {
        let topics = std::mem::take(&mut self.response.responses);
        assert_eq!(topics.len(), keep.len());
        let mut moved = HashMap::new();
        for (ti, (mut topic, keep)) in topics.into_iter().zip(keep).enumerate() {
            assert_eq!(topic.partitions.len(), keep.len());
            let partitions = std::mem::take(&mut topic.partitions);
            for (pi, (p, &k)) in partitions.into_iter().zip(keep).enumerate() {
                if k {
                    moved.insert(
                        (ti, pi),
                        (self.response.responses.len(), topic.partitions.len()),
                    );
                    topic.partitions.push(p);
                }
            }
            if !topic.partitions.is_empty() {
                self.response.responses.push(topic);
            }
        }
        let places = std::mem::take(&mut self.places);
        let slices = std::mem::take(&mut self.slices);
        for (place, slice) in places.into_iter().zip(slices) {
            if let Some(&to) = moved.get(&place) {
                self.places.push(to);
                self.slices.push(slice);
            }
        }
    }
}

/// Reads the fetch's partitions, waiting as it asks (Kafka's
/// `ReplicaManager.fetchMessages`). `distinct`: no partition is named twice
/// (a session's), so the request need not be searched for repeats.
async fn serve(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: &FetchRequest,
    distinct: bool,
) -> FetchAnswer {
    let version = ctx.version;
    let wait = Duration::from_millis(request.max_wait_ms.clamp(0, MAX_WAIT_CAP_MS) as u64);
    let deadline = tokio::time::Instant::now() + wait;
    let min_bytes = request.min_bytes.max(0) as usize;
    let wanted = resolve(broker, ctx, request, distinct);
    let (answer, bytes, any_error) = read_once(broker, version, request, &wanted);
    if bytes >= min_bytes.max(1) || any_error || min_bytes == 0 || wait.is_zero() {
        return answer;
    }
    drop(answer);
    // Kafka's DelayedFetch: parked in the purgatory of the partitions it
    // reads, woken by their changes only, then read again (its replicas
    // looked up again: one may have been replaced meanwhile).
    let watched = watched_partitions(&wanted);
    let watchers: Vec<&Watchers> = watched.iter().map(|w| &w.partition.watchers).collect();
    let follower = replica_id(version, request).is_some();
    let read_committed = is_read_committed(version, request);
    purgatory::delayed(&watchers, deadline, || {
        can_complete(&watched, follower, read_committed, min_bytes).then_some(())
    })
    .await;
    drop(watched);
    let wanted = resolve(broker, ctx, request, distinct);
    read_once(broker, version, request, &wanted).0
}

/// A distinct partition of a fetch, with the replica this broker hosts for
/// it (looked up once per read of the fetch, under one lock).
struct Wanted<'a> {
    /// The index of its topic in the request.
    ti: usize,
    fetch: &'a FetchPartition,
    partition: Option<Arc<Partition>>,
    /// A consumer may not Read the topic (then `partition` is None).
    denied: bool,
}

fn resolve<'a>(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: &'a FetchRequest,
    distinct: bool,
) -> Vec<Wanted<'a>> {
    let version = ctx.version;
    let state = broker.state();
    // v13+ names topics by id.
    let names: Vec<Option<&str>> = request
        .topics
        .iter()
        .map(|t| {
            if version >= 13 {
                state.topic_name_by_id(&t.topic_id)
            } else {
                Some(t.topic.as_str())
            }
        })
        .collect();
    // Kafka's KafkaApis: a consumer needs Read on each topic (a replica's
    // ClusterAction is checked before, in `handlers::dispatch`).
    let consumer = replica_id(version, request).is_none();
    let denied: Vec<bool> = names
        .iter()
        .map(|name| {
            consumer
                && name.is_some_and(|name| {
                    !broker
                        .authorizer
                        .authorize(&state.acls, ctx, op::READ, Resource::Topic, name)
                })
        })
        .collect();
    let distinct = if distinct {
        let all = request.topics.iter().enumerate();
        all.flat_map(|(ti, t)| t.partitions.iter().map(move |p| (ti, p)))
            .collect()
    } else {
        distinct_partitions(version, request)
    };
    let replicas = broker.replica_manager.partitions(
        distinct
            .iter()
            .map(|&(ti, p)| (names[ti].filter(|_| !denied[ti]), p.partition)),
    );
    distinct
        .into_iter()
        .zip(replicas)
        .map(|((ti, fetch), partition)| Wanted {
            ti,
            fetch,
            partition,
            denied: denied[ti],
        })
        .collect()
}

/// A partition a parked fetch reads, as it was when the fetch was parked.
struct Watched<'a> {
    partition: Arc<Partition>,
    leader_epoch: i32,
    fetch: &'a FetchPartition,
}

/// The partitions of the fetch this broker leads (the others made the first
/// read answer at once).
fn watched_partitions<'a>(wanted: &[Wanted<'a>]) -> Vec<Watched<'a>> {
    wanted
        .iter()
        .filter_map(|w| {
            let partition = w.partition.clone()?;
            let leader_epoch = partition.leader_epoch_if_leader()?;
            Some(Watched {
                partition,
                leader_epoch,
                fetch: w.fetch,
            })
        })
        .collect()
}

/// Kafka's `DelayedFetch.tryComplete`: a partition changed leader or epoch,
/// its log no longer holds the fetch offset, or the new records reach
/// `min_bytes`.
fn can_complete(
    watched: &[Watched<'_>],
    follower: bool,
    read_committed: bool,
    min_bytes: usize,
) -> bool {
    let mut accumulated = 0usize;
    for w in watched {
        let p = &w.partition;
        if p.leader_epoch_if_leader() != Some(w.leader_epoch) {
            return true;
        }
        let end = if follower {
            p.log_end_offset()
        } else if read_committed {
            p.last_stable_offset()
        } else {
            p.high_watermark()
        };
        let offset = w.fetch.fetch_offset;
        if offset > end || offset < p.log_start_offset() {
            return true;
        }
        if offset == end {
            continue;
        }
        if min_bytes <= 1 {
            return true;
        }
        let limit = w.fetch.partition_max_bytes.max(1) as usize;
        accumulated += match p.read_slice_to(offset, limit, end) {
            Ok(Some(slice)) => slice.len.min(limit),
            Ok(None) => 0,
            Err(_) => return true,
        };
        if accumulated >= min_bytes {
            return true;
        }
    }
    false
}

/// The broker id of a follower's fetch, or None for a consumer's.
pub fn replica_id(version: i16, request: &FetchRequest) -> Option<i32> {
    let id = if version >= 15 {
        request.replica_state.replica_id
    } else {
        request.replica_id
    };
    (id >= 0).then_some(id)
}

/// A consumer's fetch with `isolation_level` READ_COMMITTED (v4+): it reads
/// below the LSO and is told the aborted transactions there. A replica
/// always reads its leader's whole log.
fn is_read_committed(version: i16, request: &FetchRequest) -> bool {
    version >= 4 && request.isolation_level == 1 && replica_id(version, request).is_none()
}

/// KIP-320: a fetcher with an older leader epoch is fenced; one with a newer
/// one knows more than this broker yet.
pub fn check_leader_epoch(current: i32, requested: i32) -> i16 {
    if requested < 0 || requested == current {
        code::NONE
    } else if requested < current {
        code::FENCED_LEADER_EPOCH
    } else {
        code::UNKNOWN_LEADER_EPOCH
    }
}

/// How a fetch names a topic: by name before v13, by id from v13.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum TopicKey<'a> {
    Name(&'a str),
    Id(Uuid),
}

/// The distinct partitions of a fetch, as Kafka's `FetchRequest.fetchData`
/// map keeps them: each in the place of its first mention, with the
/// parameters of its last. Consecutive partitions of one topic share a
/// topic entry in the answer (as Kafka's `FetchResponse.toMessage` groups
/// them). The index of the topic is the request's, for its name and id.
fn distinct_partitions(version: i16, request: &FetchRequest) -> Vec<(usize, &FetchPartition)> {
    let n = request.topics.iter().map(|t| t.partitions.len()).sum();
    let mut order: Vec<(usize, &FetchPartition)> = Vec::with_capacity(n);
    let mut seen: HashMap<(TopicKey<'_>, i32), usize> = HashMap::with_capacity(n);
    for (ti, t) in request.topics.iter().enumerate() {
        let key = if version >= 13 {
            TopicKey::Id(t.topic_id)
        } else {
            TopicKey::Name(&t.topic)
        };
        for p in &t.partitions {
            match seen.entry((key, p.partition)) {
                std::collections::hash_map::Entry::Occupied(e) => order[*e.get()].1 = p,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(order.len());
                    order.push((ti, p));
                }
            }
        }
    }
    order
}

fn read_once(
    broker: &Broker,
    version: i16,
    request: &FetchRequest,
    wanted: &[Wanted<'_>],
) -> (FetchAnswer, usize, bool) {
    let state = broker.state();
    let replica = replica_id(version, request);
    // Kafka: min(request max_bytes, fetch.max.bytes), or
    // replica.fetch.response.max.bytes for a follower.
    let broker_max = match replica {
        Some(_) => broker.config.replica_fetch_response_max_bytes,
        None => broker.config.fetch_max_bytes,
    };
    let mut remaining = request.max_bytes.clamp(0, broker_max.max(0)) as usize;
    let read_committed = is_read_committed(version, request);
    // When this fetch found each follower caught up (or not).
    let now = std::time::Instant::now();
    let mut total = 0usize;
    let mut any_error = false;
    let mut responses: Vec<FetchableTopicResponse> = Vec::new();
    let mut places = Vec::new();
    let mut slices = Vec::new();
    // The request's topic index of the last topic entry of the answer, and
    // that topic's name (None: an unknown topic id).
    let mut current: Option<(usize, Option<String>)> = None;
    for w in wanted {
        let (ti, p) = (w.ti, w.fetch);
        let t = &request.topics[ti];
        let same_topic = current.as_ref().is_some_and(|&(cti, _)| {
            let c = &request.topics[cti];
            if version >= 13 {
                c.topic_id == t.topic_id
            } else {
                c.topic == t.topic
            }
        });
        if !same_topic {
            // v13+ names topics by id.
            let name = if version >= 13 {
                state.topic_name_by_id(&t.topic_id).map(str::to_string)
            } else {
                Some(t.topic.clone())
            };
            current = Some((ti, name));
            responses.push(FetchableTopicResponse {
                topic: if version < 13 {
                    t.topic.clone()
                } else {
                    String::new()
                },
                topic_id: if version >= 13 {
                    t.topic_id
                } else {
                    Default::default()
                },
                partitions: Vec::new(),
                ..Default::default()
            });
        }
        let name = current.as_ref().and_then(|(_, n)| n.as_deref());
        let out_ti = responses.len() - 1;
        let out_pi = responses[out_ti].partitions.len();
        let mut data = PartitionData {
            partition_index: p.partition,
            high_watermark: -1,
            last_stable_offset: -1,
            log_start_offset: -1,
            records: Some(Default::default()),
            ..Default::default()
        };
        match &w.partition {
            None if w.denied => {
                data.error_code = code::TOPIC_AUTHORIZATION_FAILED;
                any_error = true;
            }
            None => {
                data.error_code = match name {
                    None => code::UNKNOWN_TOPIC_ID,
                    // The partition lives on other brokers.
                    Some(n) if state.partition(n, p.partition).is_some() => {
                        code::NOT_LEADER_OR_FOLLOWER
                    }
                    Some(_) => code::UNKNOWN_TOPIC_OR_PARTITION,
                };
                any_error = true;
            }
            Some(partition) => 'found: {
                let Some(epoch) = partition.leader_epoch_if_leader() else {
                    data.error_code = code::NOT_LEADER_OR_FOLLOWER;
                    any_error = true;
                    break 'found;
                };
                let c = check_leader_epoch(epoch, p.current_leader_epoch);
                if c != code::NONE {
                    data.error_code = c;
                    any_error = true;
                    break 'found;
                }
                // A follower's fetch offset is its log end offset: it
                // may move the high watermark, and it reads past it.
                let end = match replica {
                    // Kafka: "this replica is not assigned".
                    Some(id) if !partition.has_follower(id) => {
                        data.error_code = code::NOT_LEADER_OR_FOLLOWER;
                        any_error = true;
                        break 'found;
                    }
                    Some(id) => {
                        // Moves the high watermark, which wakes what waits on it.
                        if let Some(change) =
                            partition.update_follower(id, p.fetch_offset, p.log_start_offset, now)
                        {
                            broker
                                .replica_manager
                                .send_isr_change(partition.clone(), change);
                        }
                        partition.log_end_offset()
                    }
                    None => partition.high_watermark(),
                };
                data.high_watermark = partition.high_watermark();
                data.last_stable_offset = partition.last_stable_offset();
                data.log_start_offset = partition.log_start_offset();
                // KIP-74: the first partition with data may exceed the
                // response limit by one batch so that consumers progress
                // (the log returns at least one whole batch).
                let limit = (p.partition_max_bytes.max(0) as usize).min(remaining);
                // A throttled follower (a reassignment's new replica) gets
                // nothing while the leader's throttled rate is past its limit.
                let quota = &broker.replica_manager.leader_quota;
                let throttled = replica
                    .is_some_and(|id| quota.is_limited() && partition.is_throttled(true, id));
                let held_back = throttled && quota.is_quota_exceeded();
                if !held_back && (limit > 0 || total == 0) {
                    // read_committed: below the LSO, with the aborts the
                    // consumer must skip.
                    let read = if read_committed {
                        partition
                            .read_committed_slice(p.fetch_offset, limit.max(1))
                            .map(|(slice, aborted)| {
                                data.aborted_transactions = Some(
                                    aborted
                                        .iter()
                                        .map(|t| AbortedTransaction {
                                            producer_id: t.producer_id,
                                            first_offset: t.first_offset,
                                            ..Default::default()
                                        })
                                        .collect(),
                                );
                                slice
                            })
                    } else {
                        partition.read_slice_to(p.fetch_offset, limit.max(1), end)
                    };
                    match read {
                        Ok(Some(slice)) => {
                            if throttled {
                                quota.record(slice.len);
                            }
                            total += slice.len;
                            remaining = remaining.saturating_sub(slice.len);
                            places.push((out_ti, out_pi));
                            slices.push(slice);
                        }
                        Ok(None) => {}
                        Err(c) => {
                            data.error_code = c;
                            any_error = true;
                        }
                    }
                }
            }
        }
        if version >= 4 && data.aborted_transactions.is_none() {
            data.aborted_transactions = Some(Vec::new());
        }
        responses[out_ti].partitions.push(data);
    }
    let response = FetchResponse {
        responses,
        ..Default::default()
    };
    let answer = FetchAnswer {
        response,
        places,
        slices,
    };
    (answer, total, any_error)
}

/// Every partition of `request` answered with `error` and no records (as
/// Kafka answers a follower fetch that fails its cluster authorization).
pub fn refused(version: i16, request: &FetchRequest, error: i16) -> FetchAnswer {
    // One entry per distinct partition, as for a served fetch.
    let mut responses: Vec<FetchableTopicResponse> = Vec::new();
    let mut current = None;
    for (ti, p) in distinct_partitions(version, request) {
        if current != Some(ti) {
            current = Some(ti);
            let t = &request.topics[ti];
            responses.push(FetchableTopicResponse {
                topic: t.topic.clone(),
                topic_id: t.topic_id,
                ..Default::default()
            });
        }
        let topic = responses.last_mut().expect("pushed above");
        topic.partitions.push(PartitionData {
            partition_index: p.partition,
            error_code: error,
            high_watermark: -1,
            last_stable_offset: -1,
            log_start_offset: -1,
            records: Some(Default::default()),
            aborted_transactions: (version >= 4).then(Vec::new),
            ..Default::default()
        });
    }
    FetchAnswer {
        response: FetchResponse {
            responses,
            ..Default::default()
        },
        places: Vec::new(),
        slices: Vec::new(),
    }
}
