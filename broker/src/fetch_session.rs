//! Fetch sessions (KIP-227), as Kafka's `FetchSession.scala` keeps them: a
//! client that fetches the same partitions again and again sends them once
//! (a full fetch with session epoch 0 opens a session), then only what
//! changed (incremental fetches: the session id and the next epoch, the
//! partitions whose fetch position moved, and the topics to forget). The
//! broker reads every partition of the session and answers only those with
//! something new: records, an error, or a high watermark or log start
//! offset other than the one it last sent.
//!
//! [`FetchSessionCache::new_context`] decides, from the request's session
//! id and epoch, how a fetch is served ([`FetchContext`]):
//! - epoch -1: sessionless (the session named, if any, is closed);
//! - epoch 0: a full fetch, which opens a new session if the cache has room
//!   (the session named, if any, is closed first);
//! - epoch > 0: incremental, in the session named, at its expected epoch;
//!   else FETCH_SESSION_ID_NOT_FOUND / INVALID_FETCH_SESSION_EPOCH, and
//!   FETCH_SESSION_TOPIC_ID_ERROR when the request names topics otherwise
//!   than the session does (by id from Fetch v13, by name before).
//!
//! Invariants and bounds:
//! - at most `max.incremental.fetch.session.cache.slots` sessions, and at
//!   most [`MAX_CACHED_BYTES`] of cached partitions in all of them (topic
//!   names counted): a session
//!   that would pass it is closed (the client falls back to full fetches,
//!   which open no session while the cache is full);
//! - a full cache makes room as Kafka's does: a session idle for
//!   [`EVICTION_MS`] goes first; else a follower's new session may evict a
//!   consumer's, and a new session may evict a smaller one older than
//!   [`EVICTION_MS`];
//! - a session's epoch moves on once per incremental fetch served; a reply
//!   whose session moved meanwhile (a duplicate request) is refused;
//! - partitions that got records move to the end of the session's order,
//!   so that a response filled by the first partitions does not starve the
//!   others.
//!
//! Pure: the caller passes the time, and reads the partitions itself
//! (`handlers::fetch`).

use std::collections::HashMap;
use std::sync::Mutex;

use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::{FetchRequest, FetchResponse};
use uuid::Uuid;

use crate::error::code;

/// The session id of "no session".
pub const INVALID_SESSION_ID: i32 = 0;
/// The epoch of a full fetch that opens a session.
pub const INITIAL_EPOCH: i32 = 0;
/// The epoch of a fetch that wants no session.
pub const FINAL_EPOCH: i32 = -1;
/// Kafka's eviction time of its fetch session cache.
pub const EVICTION_MS: i64 = 120_000;
/// The most memory all sessions hold together, counted by [`weight`]:
/// about 200,000 partitions of short topic names. Kafka has no such cap;
/// without one, a client could grow a session by inventing partitions (or
/// long topic names) without end.
pub const MAX_CACHED_BYTES: usize = 32 << 20;
/// What one cached partition costs besides its topic name (the cached
/// fetch, its slot, its index entry and its place in the order).
const PARTITION_BYTES: usize = 160;

/// The memory one cached partition holds: its topic name is kept twice
/// (in its slot and in the index).
fn weight(key: &PartitionKey) -> usize {
    match &key.0 {
        TopicRef::Name(name) => PARTITION_BYTES + 2 * name.len(),
        TopicRef::Id(_) => PARTITION_BYTES,
    }
}

/// Kafka's `FetchMetadata.nextEpoch`.
pub fn next_epoch(epoch: i32) -> i32 {
    if epoch < 0 {
        FINAL_EPOCH
    } else if epoch == i32::MAX {
        1
    } else {
        epoch + 1
    }
}

/// How a session names a topic: by id from Fetch v13, by name before.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TopicRef {
    Name(String),
    Id(Uuid),
}

impl TopicRef {
    fn of_topic(uses_topic_ids: bool, name: &str, id: Uuid) -> TopicRef {
        if uses_topic_ids {
            TopicRef::Id(id)
        } else {
            TopicRef::Name(name.to_string())
        }
    }
}

type PartitionKey = (TopicRef, i32);

/// One partition of a session: the fetch parameters the client last sent,
/// and what the broker last answered for it.
#[derive(Debug, Clone)]
struct CachedPartition {
    fetch: FetchPartition,
    /// The high watermark last sent; -1 after an error (sent again).
    high_watermark: i64,
    /// The log start offset last sent.
    log_start_offset: i64,
}

impl CachedPartition {
    fn new(fetch: &FetchPartition) -> CachedPartition {
        CachedPartition {
            fetch: fetch.clone(),
            high_watermark: -1,
            log_start_offset: -1,
        }
    }

    /// Kafka's `maybeUpdateResponseData`: whether this answer must reach
    /// the client, remembering what it says.
    fn must_respond(&mut self, data: &PartitionDataView) -> bool {
        let mut must = data.has_records;
        if self.high_watermark != data.high_watermark {
            self.high_watermark = data.high_watermark;
            must = true;
        }
        if self.log_start_offset != data.log_start_offset {
            self.log_start_offset = data.log_start_offset;
            must = true;
        }
        if data.error_code != code::NONE {
            self.high_watermark = -1;
            must = true;
        }
        must || data.preferred_read_replica >= 0 || data.diverging
    }
}

/// What the session compares of one partition's answer.
pub struct PartitionDataView {
    pub has_records: bool,
    pub error_code: i16,
    pub high_watermark: i64,
    pub log_start_offset: i64,
    pub preferred_read_replica: i32,
    pub diverging: bool,
}

struct Session {
    id: i32,
    /// The epoch the next incremental fetch must carry.
    epoch: i32,
    /// A follower's session.
    privileged: bool,
    uses_topic_ids: bool,
    created_ms: i64,
    last_used_ms: i64,
    /// The partitions by slot; a forgotten one frees its slot.
    slots: Vec<Option<(PartitionKey, CachedPartition)>>,
    free: Vec<usize>,
    /// The slot of each partition: looked up only for what a request lists.
    index: HashMap<PartitionKey, usize>,
    /// The slots in the order they are read.
    order: Vec<usize>,
    /// The [`weight`] of its partitions.
    bytes: usize,
}

impl Session {
    fn new(id: i32, privileged: bool, uses_topic_ids: bool, now_ms: i64) -> Session {
        Session {
            id,
            epoch: next_epoch(INITIAL_EPOCH),
            privileged,
            uses_topic_ids,
            created_ms: now_ms,
            last_used_ms: now_ms,
            slots: Vec::new(),
            free: Vec::new(),
            index: HashMap::new(),
            order: Vec::new(),
            bytes: 0,
        }
    }

    fn size(&self) -> usize {
        debug_assert_eq!(self.order.len(), self.index.len());
        self.index.len()
    }

    /// Adds a partition (at the end of the order) or updates its fetch.
    fn upsert(&mut self, key: PartitionKey, cached: CachedPartition) {
        if let Some(&slot) = self.index.get(&key) {
            self.slots[slot].as_mut().expect("indexed slot").1.fetch = cached.fetch;
            return;
        }
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(None);
                self.slots.len() - 1
            }
        };
        self.bytes += weight(&key);
        self.slots[slot] = Some((key.clone(), cached));
        self.index.insert(key, slot);
        self.order.push(slot);
    }

    /// Kafka's `FetchSession.update`: the request's partitions added or
    /// updated, the forgotten ones removed.
    fn update(&mut self, request: &FetchRequest) {
        for t in &request.topics {
            let topic = TopicRef::of_topic(self.uses_topic_ids, &t.topic, t.topic_id);
            for p in &t.partitions {
                self.upsert((topic.clone(), p.partition), CachedPartition::new(p));
            }
        }
        let mut gone = Vec::new();
        for t in &request.forgotten_topics_data {
            let topic = TopicRef::of_topic(self.uses_topic_ids, &t.topic, t.topic_id);
            for &p in &t.partitions {
                let key = (topic.clone(), p);
                if let Some(slot) = self.index.remove(&key) {
                    self.bytes -= weight(&key);
                    self.slots[slot] = None;
                    self.free.push(slot);
                    gone.push(slot);
                }
            }
        }
        if !gone.is_empty() {
            let mut freed = vec![false; self.slots.len()];
            gone.iter().for_each(|&s| freed[s] = true);
            self.order.retain(|&s| !freed[s]);
        }
    }

    /// The session's partitions as the topics of a fetch request, in order.
    fn topics(&self) -> Vec<FetchTopic> {
        let mut topics: Vec<FetchTopic> = Vec::new();
        for &slot in &self.order {
            let ((topic, _), cached) = self.slots[slot].as_ref().expect("ordered slot");
            let same = topics.last().is_some_and(|last| match topic {
                TopicRef::Id(id) => last.topic_id == *id,
                TopicRef::Name(name) => last.topic == *name,
            });
            if !same {
                let (name, id) = match topic {
                    TopicRef::Id(id) => (String::new(), *id),
                    TopicRef::Name(name) => (name.clone(), Uuid::nil()),
                };
                topics.push(FetchTopic {
                    topic: name,
                    topic_id: id,
                    partitions: Vec::new(),
                    ..Default::default()
                });
            }
            let last = topics.last_mut().expect("pushed above");
            last.partitions.push(cached.fetch.clone());
        }
        topics
    }

    /// The partition answered `k`-th of the response to [`Session::topics`]:
    /// the `k`-th of the order (looked up by key if it is not).
    fn answered(
        &mut self,
        k: usize,
        topic: &TopicRef,
        partition: i32,
    ) -> Option<(usize, &mut CachedPartition)> {
        let by_order = self.order.get(k).copied().filter(|&slot| {
            self.slots[slot]
                .as_ref()
                .is_some_and(|((t, p), _)| *p == partition && t == topic)
        });
        let slot = by_order.or_else(|| self.index.get(&(topic.clone(), partition)).copied())?;
        let (_, cached) = self.slots[slot].as_mut().expect("indexed slot");
        Some((slot, cached))
    }
}

/// How one fetch is served.
#[derive(Debug)]
pub enum FetchContext {
    /// Answer every partition of the request, with session id 0.
    Sessionless,
    /// Answer every partition of the request, then open a session for them
    /// ([`FetchSessionCache::create`]).
    Full,
    /// Read `topics` (the whole session, the request's updates applied),
    /// then keep only what changed ([`FetchSessionCache::finish_incremental`]).
    Incremental {
        session_id: i32,
        /// The epoch the request carried.
        epoch: i32,
        topics: Vec<FetchTopic>,
    },
    /// Answer this error, with no partitions.
    Error(i16),
}

/// Kafka's `FetchSessionCache` (one shard) and `FetchManager.newContext`.
pub struct FetchSessionCache {
    max_sessions: usize,
    state: Mutex<CacheState>,
}

#[derive(Default)]
struct CacheState {
    sessions: HashMap<i32, Session>,
    /// The [`weight`] of all sessions' partitions.
    bytes: usize,
    /// The state of the session-id generator (xorshift, seeded at random).
    next_id: u64,
}

impl CacheState {
    fn remove(&mut self, id: i32) -> bool {
        match self.sessions.remove(&id) {
            Some(s) => {
                self.bytes -= s.bytes;
                true
            }
            None => false,
        }
    }

    fn new_id(&mut self) -> i32 {
        loop {
            let mut x = self.next_id;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.next_id = x;
            let id = (x >> 33) as i32;
            if id != INVALID_SESSION_ID && !self.sessions.contains_key(&id) {
                return id;
            }
        }
    }

    /// Kafka's `tryEvict`: makes room for a new session of `size`
    /// partitions; false when no session may give way.
    fn try_evict(&mut self, privileged: bool, size: usize, now_ms: i64) -> bool {
        let Some(oldest) = self
            .sessions
            .values()
            .min_by_key(|s| (s.last_used_ms, s.id))
            .map(|s| (s.id, s.last_used_ms))
        else {
            return false;
        };
        if now_ms - oldest.1 > EVICTION_MS {
            return self.remove(oldest.0);
        }
        // A follower may evict any consumer's session; any session may
        // evict one past EVICTION_MS of age that is smaller than it, the
        // smallest first (Kafka's evictableByPrivileged / evictableByAll).
        let candidate = self
            .sessions
            .values()
            .filter(|s| {
                let old = now_ms - s.created_ms > EVICTION_MS;
                if privileged {
                    !s.privileged || old
                } else {
                    old
                }
            })
            .min_by_key(|s| (s.privileged, s.size(), s.id))
            .map(|s| (s.id, s.privileged, s.size()));
        match candidate {
            Some((id, p, n)) if (privileged, size) >= (p, n) => self.remove(id),
            _ => false,
        }
    }
}

impl FetchSessionCache {
    pub fn new(max_sessions: usize) -> FetchSessionCache {
        let seed = Uuid::new_v4().as_u128() as u64 | 1;
        FetchSessionCache {
            max_sessions,
            state: Mutex::new(CacheState {
                next_id: seed,
                ..Default::default()
            }),
        }
    }

    /// How many sessions are open.
    pub fn len(&self) -> usize {
        self.state.lock().expect("fetch sessions").sessions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Kafka's `FetchManager.newContext`. An incremental request updates its
    /// session here and moves its epoch on.
    pub fn new_context(&self, version: i16, request: &FetchRequest, now_ms: i64) -> FetchContext {
        // Before v7 a fetch has no session fields.
        if version < 7 {
            return FetchContext::Sessionless;
        }
        let (id, epoch) = (request.session_id, request.session_epoch);
        let mut state = self.state.lock().expect("fetch sessions");
        if epoch == INITIAL_EPOCH || epoch == FINAL_EPOCH {
            if id != INVALID_SESSION_ID {
                state.remove(id);
            }
            return if epoch == FINAL_EPOCH {
                FetchContext::Sessionless
            } else {
                FetchContext::Full
            };
        }
        let uses_topic_ids = version >= 13;
        let state = &mut *state;
        let Some(session) = state.sessions.get_mut(&id) else {
            return FetchContext::Error(code::FETCH_SESSION_ID_NOT_FOUND);
        };
        if session.epoch != epoch {
            return FetchContext::Error(code::INVALID_FETCH_SESSION_EPOCH);
        }
        if session.uses_topic_ids != uses_topic_ids {
            return FetchContext::Error(code::FETCH_SESSION_TOPIC_ID_ERROR);
        }
        let before = session.bytes;
        session.update(request);
        let after = session.size();
        state.bytes = state.bytes - before + session.bytes;
        if after == 0 || state.bytes > MAX_CACHED_BYTES {
            state.remove(id);
            // Kafka: a session left empty becomes a sessionless fetch.
            return if after == 0 {
                FetchContext::Sessionless
            } else {
                FetchContext::Error(code::FETCH_SESSION_ID_NOT_FOUND)
            };
        }
        session.last_used_ms = now_ms;
        session.epoch = next_epoch(session.epoch);
        FetchContext::Incremental {
            session_id: id,
            epoch,
            topics: session.topics(),
        }
    }

    /// Kafka's `maybeCreateSession`, after a full fetch was read: opens a
    /// session of the answered partitions (`response` answers `request`
    /// partition for partition, in the order of its distinct partitions;
    /// `records(t, p)` tells whether the answer at topic `t`, partition `p`
    /// carries records). Returns its id, or 0 when there is no room.
    pub fn create(
        &self,
        version: i16,
        privileged: bool,
        request: &FetchRequest,
        response: &FetchResponse,
        records: impl Fn(usize, usize) -> bool,
        now_ms: i64,
    ) -> i32 {
        let uses_topic_ids = version >= 13;
        let fetches: HashMap<PartitionKey, &FetchPartition> = request
            .topics
            .iter()
            .flat_map(|t| {
                let topic = TopicRef::of_topic(uses_topic_ids, &t.topic, t.topic_id);
                t.partitions
                    .iter()
                    .map(move |p| ((topic.clone(), p.partition), p))
            })
            .collect();
        let size = fetches.len();
        let bytes: usize = fetches.keys().map(weight).sum();
        let mut state = self.state.lock().expect("fetch sessions");
        if state.bytes + bytes > MAX_CACHED_BYTES {
            return INVALID_SESSION_ID;
        }
        if state.sessions.len() >= self.max_sessions && !state.try_evict(privileged, size, now_ms) {
            return INVALID_SESSION_ID;
        }
        let mut session = Session::new(0, privileged, uses_topic_ids, now_ms);
        for (ti, t) in response.responses.iter().enumerate() {
            let topic = TopicRef::of_topic(uses_topic_ids, &t.topic, t.topic_id);
            for (pi, p) in t.partitions.iter().enumerate() {
                let key = (topic.clone(), p.partition_index);
                let Some(fetch) = fetches.get(&key) else {
                    continue;
                };
                let mut cached = CachedPartition::new(fetch);
                cached.must_respond(&view(p, records(ti, pi)));
                session.upsert(key, cached);
            }
        }
        if session.size() == 0 {
            return INVALID_SESSION_ID;
        }
        let id = state.new_id();
        session.id = id;
        state.bytes += session.bytes;
        state.sessions.insert(id, session);
        id
    }

    /// After an incremental fetch was read (`response` answers the
    /// context's topics): which answers to keep, topic by topic, partition
    /// by partition. Err: the session went or moved on meanwhile.
    pub fn finish_incremental(
        &self,
        session_id: i32,
        epoch: i32,
        response: &FetchResponse,
        records: impl Fn(usize, usize) -> bool,
    ) -> Result<Vec<Vec<bool>>, i16> {
        let mut state = self.state.lock().expect("fetch sessions");
        let Some(session) = state.sessions.get_mut(&session_id) else {
            return Err(code::FETCH_SESSION_ID_NOT_FOUND);
        };
        if session.epoch != next_epoch(epoch) {
            return Err(code::INVALID_FETCH_SESSION_EPOCH);
        }
        let mut keep = Vec::with_capacity(response.responses.len());
        // The slots that got records, and the order's positions of them.
        let mut moved = vec![false; session.slots.len()];
        let mut any_moved = false;
        let mut k = 0;
        for (ti, t) in response.responses.iter().enumerate() {
            let topic = TopicRef::of_topic(session.uses_topic_ids, &t.topic, t.topic_id);
            let mut kept = Vec::with_capacity(t.partitions.len());
            for (pi, p) in t.partitions.iter().enumerate() {
                let has_records = records(ti, pi);
                let must = match session.answered(k, &topic, p.partition_index) {
                    Some((slot, cached)) => {
                        let must = cached.must_respond(&view(p, has_records));
                        if must && has_records {
                            moved[slot] = true;
                            any_moved = true;
                        }
                        must
                    }
                    None => true,
                };
                kept.push(must);
                k += 1;
            }
            keep.push(kept);
        }
        if any_moved {
            let (mut rest, last): (Vec<usize>, Vec<usize>) =
                session.order.iter().partition(|&&slot| !moved[slot]);
            rest.extend(last);
            session.order = rest;
        }
        Ok(keep)
    }
}

fn view(
    p: &protocol::messages::fetch_response::PartitionData,
    has_records: bool,
) -> PartitionDataView {
    PartitionDataView {
        has_records,
        error_code: p.error_code,
        high_watermark: p.high_watermark,
        log_start_offset: p.log_start_offset,
        preferred_read_replica: p.preferred_read_replica,
        diverging: p.diverging_epoch.epoch >= 0,
    }
}

#[cfg(test)]
mod tests {
    use protocol::messages::fetch_request::ForgottenTopic;
    use protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};

    use super::*;

    fn request(id: i32, epoch: i32, parts: &[(&str, i32, i64)]) -> FetchRequest {
        let mut topics: Vec<FetchTopic> = Vec::new();
        for &(t, p, offset) in parts {
            if topics.last().map(|x| x.topic.as_str()) != Some(t) {
                topics.push(FetchTopic {
                    topic: t.into(),
                    ..Default::default()
                });
            }
            topics.last_mut().unwrap().partitions.push(FetchPartition {
                partition: p,
                fetch_offset: offset,
                ..Default::default()
            });
        }
        FetchRequest {
            session_id: id,
            session_epoch: epoch,
            topics,
            ..Default::default()
        }
    }

    /// The answer to `topics` (as a context lists them): high watermark
    /// `hw` for every partition.
    fn response(topics: &[FetchTopic], hw: i64) -> FetchResponse {
        FetchResponse {
            responses: topics
                .iter()
                .map(|t| FetchableTopicResponse {
                    topic: t.topic.clone(),
                    topic_id: t.topic_id,
                    partitions: t
                        .partitions
                        .iter()
                        .map(|p| PartitionData {
                            partition_index: p.partition,
                            high_watermark: hw,
                            log_start_offset: 0,
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    fn open(cache: &FetchSessionCache, parts: &[(&str, i32, i64)], now: i64) -> i32 {
        let r = request(0, INITIAL_EPOCH, parts);
        assert!(matches!(cache.new_context(12, &r, now), FetchContext::Full));
        cache.create(12, false, &r, &response(&r.topics, 5), |_, _| false, now)
    }

    fn incremental(cache: &FetchSessionCache, r: &FetchRequest) -> (i32, i32, Vec<FetchTopic>) {
        incremental_at(cache, r, 0)
    }

    fn incremental_at(
        cache: &FetchSessionCache,
        r: &FetchRequest,
        now: i64,
    ) -> (i32, i32, Vec<FetchTopic>) {
        match cache.new_context(12, r, now) {
            FetchContext::Incremental {
                session_id,
                epoch,
                topics,
            } => (session_id, epoch, topics),
            other => panic!("not incremental: {other:?}"),
        }
    }

    fn listed(topics: &[FetchTopic]) -> Vec<(String, i32, i64)> {
        topics
            .iter()
            .flat_map(|t| {
                t.partitions
                    .iter()
                    .map(|p| (t.topic.clone(), p.partition, p.fetch_offset))
            })
            .collect()
    }

    #[test]
    fn an_incremental_fetch_reads_the_whole_session_and_answers_what_changed() {
        let cache = FetchSessionCache::new(10);
        let id = open(&cache, &[("a", 0, 0), ("a", 1, 0), ("b", 0, 0)], 0);
        assert_ne!(id, INVALID_SESSION_ID);
        // Only a-1 moved; the session still reads all three.
        let (sid, epoch, topics) = incremental(&cache, &request(id, 1, &[("a", 1, 3)]));
        assert_eq!((sid, epoch), (id, 1));
        assert_eq!(
            listed(&topics),
            [("a".into(), 0, 0), ("a".into(), 1, 3), ("b".into(), 0, 0)]
        );
        // Same high watermark as last sent, no records: only b-0's new
        // high watermark and a-1's records are answered.
        let mut resp = response(&topics, 5);
        resp.responses[1].partitions[0].high_watermark = 9;
        let keep = cache
            .finish_incremental(id, 1, &resp, |t, p| (t, p) == (0, 1))
            .unwrap();
        assert_eq!(keep, vec![vec![false, true], vec![true]]);
        // a-1 got records: it is read last from now on.
        let (_, _, topics) = incremental(&cache, &request(id, 2, &[]));
        assert_eq!(
            listed(&topics),
            [("a".into(), 0, 0), ("b".into(), 0, 0), ("a".into(), 1, 3)]
        );
    }

    #[test]
    fn errors_are_answered_until_they_clear() {
        let cache = FetchSessionCache::new(10);
        let id = open(&cache, &[("a", 0, 0)], 0);
        let (_, _, topics) = incremental(&cache, &request(id, 1, &[]));
        let mut resp = response(&topics, -1);
        resp.responses[0].partitions[0].error_code = code::NOT_LEADER_OR_FOLLOWER;
        assert_eq!(
            cache.finish_incremental(id, 1, &resp, |_, _| false),
            Ok(vec![vec![true]])
        );
        // Back with the high watermark last sent before the error: sent.
        let (_, _, topics) = incremental(&cache, &request(id, 2, &[]));
        let keep = cache.finish_incremental(id, 2, &response(&topics, 5), |_, _| false);
        assert_eq!(keep, Ok(vec![vec![true]]));
        let (_, _, topics) = incremental(&cache, &request(id, 3, &[]));
        let keep = cache.finish_incremental(id, 3, &response(&topics, 5), |_, _| false);
        assert_eq!(keep, Ok(vec![vec![false]]));
    }

    #[test]
    fn a_wrong_epoch_an_unknown_id_or_another_way_of_naming_topics_is_refused() {
        let cache = FetchSessionCache::new(10);
        let id = open(&cache, &[("a", 0, 0)], 0);
        let err = |version, r: &FetchRequest| match cache.new_context(version, r, 0) {
            FetchContext::Error(e) => e,
            other => panic!("accepted: {other:?}"),
        };
        assert_eq!(
            err(12, &request(id, 2, &[])),
            code::INVALID_FETCH_SESSION_EPOCH
        );
        assert_eq!(
            err(12, &request(id + 1, 1, &[])),
            code::FETCH_SESSION_ID_NOT_FOUND
        );
        assert_eq!(
            err(13, &request(id, 1, &[])),
            code::FETCH_SESSION_TOPIC_ID_ERROR
        );
        // The right epoch is served once; the same request again is refused.
        incremental(&cache, &request(id, 1, &[]));
        assert_eq!(
            err(12, &request(id, 1, &[])),
            code::INVALID_FETCH_SESSION_EPOCH
        );
        // A duplicate that slipped in meanwhile: its answer is refused.
        incremental(&cache, &request(id, 2, &[]));
        let late = cache.finish_incremental(id, 1, &response(&[], 0), |_, _| false);
        assert_eq!(late, Err(code::INVALID_FETCH_SESSION_EPOCH));
    }

    #[test]
    fn epoch_minus_one_closes_the_session_and_forgetting_everything_too() {
        let cache = FetchSessionCache::new(10);
        let id = open(&cache, &[("a", 0, 0), ("a", 1, 0)], 0);
        let r = request(id, FINAL_EPOCH, &[("a", 0, 0)]);
        assert!(matches!(
            cache.new_context(12, &r, 0),
            FetchContext::Sessionless
        ));
        assert!(cache.is_empty());

        let id = open(&cache, &[("a", 0, 0), ("a", 1, 0)], 0);
        let mut r = request(id, 1, &[]);
        r.forgotten_topics_data = vec![ForgottenTopic {
            topic: "a".into(),
            partitions: vec![1],
            ..Default::default()
        }];
        let (_, _, topics) = incremental(&cache, &r);
        assert_eq!(listed(&topics), [("a".into(), 0, 0)]);
        r.session_epoch = 2;
        r.forgotten_topics_data[0].partitions = vec![0];
        assert!(matches!(
            cache.new_context(12, &r, 0),
            FetchContext::Sessionless
        ));
        assert!(cache.is_empty());
        assert_eq!(cache.state.lock().unwrap().bytes, 0);
    }

    #[test]
    fn a_full_cache_evicts_only_as_kafka_does() {
        let cache = FetchSessionCache::new(2);
        let small = open(&cache, &[("a", 0, 0)], 0);
        let big = open(&cache, &[("a", 0, 0), ("a", 1, 0), ("a", 2, 0)], 0);
        assert!(small != 0 && big != 0);
        // Young sessions are not evicted by a consumer's session.
        assert_eq!(open(&cache, &[("b", 0, 0), ("b", 1, 0)], 1000), 0);
        // Past EVICTION_MS of age, the smallest session smaller than the
        // new one goes.
        let now = EVICTION_MS + 1;
        incremental_at(&cache, &request(small, 1, &[]), now);
        incremental_at(&cache, &request(big, 1, &[]), now);
        let mid = open(&cache, &[("b", 0, 0), ("b", 1, 0)], now);
        assert_ne!(mid, 0);
        assert!(matches!(
            cache.new_context(12, &request(small, 2, &[]), now),
            FetchContext::Error(code::FETCH_SESSION_ID_NOT_FOUND)
        ));
        // A follower's session evicts a consumer's, even a young one.
        let r = request(0, INITIAL_EPOCH, &[("c", 0, 0)]);
        let follower = cache.create(12, true, &r, &response(&r.topics, 0), |_, _| false, now);
        assert_ne!(follower, 0);
        assert_eq!(cache.len(), 2);
        // Idle for EVICTION_MS: the least recently used goes, whatever its size.
        let later = now + EVICTION_MS + 1;
        assert_ne!(open(&cache, &[("d", 0, 0)], later), 0);
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn the_cached_partitions_are_capped_with_their_names() {
        let cache = FetchSessionCache::new(10);
        let id = open(&cache, &[("a", 0, 0)], 0);
        let fits = MAX_CACHED_BYTES / PARTITION_BYTES;
        let many: Vec<(&str, i32, i64)> = (0..fits as i32).map(|p| ("b", p, 0)).collect();
        // Growing past the cap closes the session.
        assert!(matches!(
            cache.new_context(12, &request(id, 1, &many), 0),
            FetchContext::Error(code::FETCH_SESSION_ID_NOT_FOUND)
        ));
        assert!(cache.is_empty());
        assert_eq!(cache.state.lock().unwrap().bytes, 0);
        // A full fetch that big opens none.
        let r = request(0, INITIAL_EPOCH, &many);
        assert_ne!(open(&cache, &[("a", 0, 0)], 0), 0);
        assert_eq!(
            cache.create(12, false, &r, &response(&r.topics, 0), |_, _| false, 0),
            0
        );
        // Long topic names count: 1,000 partitions of a 32 KiB name do not
        // fit, where 1,000 of a short name would.
        let long = "x".repeat(32 << 10);
        let named: Vec<(&str, i32, i64)> = (0..1000).map(|p| (long.as_str(), p, 0)).collect();
        let r = request(0, INITIAL_EPOCH, &named);
        assert_eq!(
            cache.create(12, false, &r, &response(&r.topics, 0), |_, _| false, 0),
            0
        );
        assert_ne!(open(&cache, &many[..1000], 0), 0);
    }

    #[test]
    fn next_epoch_wraps_to_one() {
        assert_eq!(next_epoch(0), 1);
        assert_eq!(next_epoch(i32::MAX), 1);
        assert_eq!(next_epoch(-1), -1);
    }
}
