//! A partition replica on this broker: its log, its idempotent-producer
//! state, its high watermark, and its role from the metadata — leader (it
//! tracks each follower's log end offset, and the high watermark is the
//! smallest log end offset in the ISR) or follower (it appends what the
//! leader's log holds, offsets and all).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use protocol::records::header::{set_partition_leader_epoch, BATCH_HEADER_LEN};
use protocol::records::{
    set_log_append_time_parts, set_max_timestamp_parts, Batches, RecordBatch, TimestampType,
};
use storage::{
    BatchMetadata, FileSlice, Log, LogConfig, ProducerStateManager, SequenceCheck, SequenceError,
    StorageError,
};

use crate::error::code;
use crate::log_validator::{self, AppendError};
use crate::purgatory::{self, Watchers};
use crate::topic_config::EffectiveTopicConfig;

/// The most a compressed batch may inflate to while we validate it. Kafka
/// has no such cap; without one, a few kilobytes of zstd could make the broker
/// allocate gigabytes. 64 MiB is 64 times the default max.message.bytes.
/// Validation holds one such section per validating thread (see
/// `handlers::produce`) and nothing per record or header.
const MAX_DECOMPRESSED_BATCH: usize = 64 << 20;

pub fn log_config(c: &EffectiveTopicConfig) -> LogConfig {
    LogConfig {
        segment_bytes: c.segment_bytes.min(i32::MAX as u64) as u32,
        segment_ms: c.segment_ms,
        index_interval_bytes: c.index_interval_bytes,
        segment_index_bytes: c.segment_index_bytes.max(16),
        flush_messages: c.flush_messages,
        retention_ms: c.retention_ms,
        retention_bytes: c.retention_bytes,
        cleanup_delete: c.delete,
        cleanup_compact: c.compact,
        delete_retention_ms: c.delete_retention_ms,
        min_compaction_lag_ms: c.min_compaction_lag_ms,
        max_compaction_lag_ms: c.max_compaction_lag_ms,
        min_cleanable_dirty_ratio: c.min_cleanable_dirty_ratio,
    }
}

/// The outcome of a successful produce to one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendResult {
    pub base_offset: i64,
    pub log_append_time: i64,
    pub log_start_offset: i64,
    /// The log end offset after the append: acks=all waits for the high
    /// watermark to reach it.
    pub log_end_offset: i64,
    /// `flush.messages` was reached: the caller must [`Partition::sync`]
    /// up to this offset before acknowledging.
    pub sync_to: Option<i64>,
}

struct Inner {
    log: Log,
    producers: ProducerStateManager,
}

/// This broker's part in the partition, as the metadata says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub leader: i32,
    pub leader_epoch: i32,
    pub partition_epoch: i32,
    pub isr: Vec<i32>,
    pub replicas: Vec<i32>,
}

impl Role {
    /// The shape the controller guarantees: the leader (when there is one,
    /// -1 otherwise) is in the ISR, and the ISR is a subset of the replicas.
    /// A role that breaks it is a bug upstream, never input to work around.
    pub fn check_invariants(&self) {
        assert!(
            self.leader == -1 || self.isr.contains(&self.leader),
            "leader {} outside its ISR {:?}",
            self.leader,
            self.isr
        );
        assert!(
            self.isr.iter().all(|b| self.replicas.contains(b)),
            "ISR {:?} not a subset of the replicas {:?}",
            self.isr,
            self.replicas
        );
        assert!(self.leader_epoch >= -1 && self.partition_epoch >= -1);
    }

    /// Whether this state comes before `held`.
    fn is_older_than(&self, held: &Role) -> bool {
        (self.leader_epoch, self.partition_epoch) < (held.leader_epoch, held.partition_epoch)
    }
}

/// The leader's view of one follower.
#[derive(Debug, Clone, Copy)]
struct FollowerProgress {
    /// The follower has every offset below this (its last fetch offset);
    /// -1 until it fetches from this leader.
    log_end_offset: i64,
    /// The last time the follower had reached the leader's log end offset.
    last_caught_up: Instant,
    /// The follower's log start offset, as its last fetch said; -1 unknown.
    log_start_offset: i64,
}

struct Replication {
    role: Role,
    /// As leader: the followers' progress.
    followers: HashMap<i32, FollowerProgress>,
    /// As leader: the log end offset when this epoch began. A follower joins
    /// the ISR only once it has reached it (Kafka's rule).
    epoch_start_offset: i64,
    /// As follower: truncate by OffsetForLeaderEpoch before fetching again.
    needs_truncation: bool,
    /// An ISR change sent to the controller and not yet seen back.
    isr_change_sent: Option<Instant>,
}

/// An ISR change the leader wants the controller to commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsrChange {
    pub leader_epoch: i32,
    pub partition_epoch: i32,
    pub isr: Vec<i32>,
}

/// How long an ISR change may stay unanswered before it is sent again.
const ISR_CHANGE_RETRY: Duration = Duration::from_secs(5);

/// DeleteRecords' offset meaning "up to the high watermark" (Kafka's
/// `DeleteRecordsRequest.HIGH_WATERMARK`).
pub const DELETE_TO_HIGH_WATERMARK: i64 = -1;

pub struct Partition {
    pub topic: String,
    /// The topic's id: a replica of a deleted topic is never taken for one
    /// of a new topic of the same name.
    pub topic_id: uuid::Uuid,
    pub index: i32,
    pub dir: PathBuf,
    /// This broker's id.
    node_id: i32,
    replication: Mutex<Replication>,
    /// The log end offset, readable without the log lock.
    log_end_offset: AtomicI64,
    /// The delayed operations (acks=all produce, long-polling fetch,
    /// DeleteRecords) waiting on this partition: it completes them itself
    /// whenever its log end, high watermark, log start, followers or role
    /// change (see `crate::purgatory`).
    pub watchers: Watchers,
    /// The topic's configs, changed at run time by AlterConfigs.
    config: std::sync::RwLock<EffectiveTopicConfig>,
    inner: Mutex<Inner>,
    /// Offsets below this are committed (held by the whole ISR) and visible
    /// to consumers.
    high_watermark: AtomicI64,
    log_start_offset: AtomicI64,
    /// Offsets below this are fsynced.
    flushed_to: AtomicI64,
    /// Held while an fsync runs: writers arriving meanwhile wait, then find
    /// their batches already covered (group commit).
    flush_lock: Mutex<()>,
}

fn storage_code(e: &StorageError) -> i16 {
    match e {
        StorageError::OffsetOutOfRange { .. } => code::OFFSET_OUT_OF_RANGE,
        // Kafka's RecordBatchTooLargeException: the batch exceeds segment.bytes.
        StorageError::BatchTooLarge { .. } => code::RECORD_LIST_TOO_LARGE,
        _ => code::KAFKA_STORAGE_ERROR,
    }
}

impl Partition {
    /// Opens the replica with its role. The high watermark starts at the log
    /// end offset when this broker leads alone, else at what the log's
    /// checkpoint-free state allows: the log start offset, moved up by the
    /// leader's answers (Kafka keeps a checkpoint file; we re-learn it).
    pub fn open(
        topic: &str,
        topic_id: uuid::Uuid,
        index: i32,
        dir: PathBuf,
        config: EffectiveTopicConfig,
        node_id: i32,
        role: Role,
    ) -> Result<Partition, StorageError> {
        role.check_invariants();
        let log = Log::open(&dir, log_config(&config))?;
        let producers = ProducerStateManager::load(&log);
        let leo = log.log_end_offset();
        let start = log.log_start_offset();
        let alone = role.leader == node_id && role.isr == [node_id];
        let hw = if alone { leo } else { start };
        let replication = Replication {
            followers: new_followers(&role, node_id, Instant::now()),
            epoch_start_offset: leo,
            needs_truncation: role.leader != node_id,
            isr_change_sent: None,
            role,
        };
        Ok(Partition {
            topic: topic.to_string(),
            topic_id,
            index,
            dir,
            node_id,
            replication: Mutex::new(replication),
            log_end_offset: AtomicI64::new(leo),
            watchers: Watchers::new(),
            config: std::sync::RwLock::new(config),
            inner: Mutex::new(Inner { log, producers }),
            high_watermark: AtomicI64::new(hw),
            log_start_offset: AtomicI64::new(start),
            flushed_to: AtomicI64::new(hw),
            flush_lock: Mutex::new(()),
        })
    }

    pub fn high_watermark(&self) -> i64 {
        self.high_watermark.load(Ordering::Acquire)
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset.load(Ordering::Acquire)
    }

    pub fn log_end_offset(&self) -> i64 {
        self.log_end_offset.load(Ordering::Acquire)
    }

    pub fn role(&self) -> Role {
        self.replication
            .lock()
            .expect("replication lock")
            .role
            .clone()
    }

    pub fn is_leader(&self) -> bool {
        self.replication
            .lock()
            .expect("replication lock")
            .role
            .leader
            == self.node_id
    }

    /// The leader epoch if this broker leads the partition.
    pub fn leader_epoch_if_leader(&self) -> Option<i32> {
        let r = self.replication.lock().expect("replication lock");
        (r.role.leader == self.node_id).then_some(r.role.leader_epoch)
    }

    /// Something the delayed operations may wait for changed.
    fn wake(&self) {
        self.watchers.check_and_complete();
    }

    /// Applies the role the metadata gives this broker. Returns true when it
    /// became a follower of a new leader or epoch (a fetcher must run).
    /// A role older than the one held (a smaller leader epoch, or the same
    /// leader epoch and a smaller partition epoch) is ignored, as Kafka's
    /// makeLeader/makeFollower skip stale states: epochs only grow.
    pub fn set_role(&self, role: Role, now: Instant) -> bool {
        role.check_invariants();
        let mut r = self.replication.lock().expect("replication lock");
        if r.role == role {
            return false;
        }
        if role.is_older_than(&r.role) {
            tracing::warn!(topic = %self.topic, partition = self.index,
                held = ?(r.role.leader_epoch, r.role.partition_epoch),
                given = ?(role.leader_epoch, role.partition_epoch),
                "ignored a stale partition state");
            return false;
        }
        let was_leader = r.role.leader == self.node_id;
        let new_epoch = r.role.leader_epoch != role.leader_epoch || r.role.leader != role.leader;
        let now_leader = role.leader == self.node_id;
        let mut new_follower = false;
        if now_leader && (!was_leader || new_epoch) {
            r.followers = new_followers(&role, self.node_id, now);
            r.epoch_start_offset = self.log_end_offset();
            r.needs_truncation = false;
            tracing::info!(topic = %self.topic, partition = self.index, epoch = role.leader_epoch, isr = ?role.isr, "became leader");
        } else if !now_leader && (was_leader || new_epoch) {
            r.followers.clear();
            r.needs_truncation = true;
            new_follower = true;
            tracing::info!(topic = %self.topic, partition = self.index, leader = role.leader, epoch = role.leader_epoch, "became follower");
        }
        r.isr_change_sent = None;
        let epoch = role.leader_epoch;
        r.role = role;
        if now_leader {
            self.advance_high_watermark(&r);
        }
        drop(r);
        if now_leader && (!was_leader || new_epoch) {
            let mut inner = self.inner.lock().expect("partition lock");
            if let Err(e) = inner.log.assign_leader_epoch(epoch) {
                tracing::error!(topic = %self.topic, partition = self.index, error = %e, "cannot record the new leader epoch");
            }
        }
        self.wake();
        new_follower
    }

    /// As leader: the smallest log end offset in the ISR, if it is above
    /// the high watermark, becomes the high watermark (it never moves back).
    fn advance_high_watermark(&self, r: &Replication) {
        let leo = self.log_end_offset();
        let min = r
            .role
            .isr
            .iter()
            .map(|b| {
                if *b == self.node_id {
                    leo
                } else {
                    r.followers.get(b).map_or(-1, |f| f.log_end_offset)
                }
            })
            .min()
            .unwrap_or(leo);
        // The leader's own log end is one of the ISR's, and it only grows
        // while this broker leads: the high watermark never passes it.
        assert!(min <= leo, "high watermark {min} past the log end {leo}");
        if min > self.high_watermark.load(Ordering::Acquire) {
            self.high_watermark.fetch_max(min, Ordering::AcqRel);
            self.wake();
        }
    }

    /// Whether `replica_id` is one of this partition's followers (a replica
    /// other than this node).
    pub fn has_follower(&self, replica_id: i32) -> bool {
        let r = self.replication.lock().expect("replication lock");
        r.followers.contains_key(&replica_id)
    }

    /// As leader, after a follower's fetch from `fetch_offset`: it holds
    /// everything below, and its log starts at `log_start_offset`. Returns
    /// an ISR expansion to send when it has caught up and is not in the ISR.
    pub fn update_follower(
        &self,
        replica_id: i32,
        fetch_offset: i64,
        log_start_offset: i64,
        now: Instant,
    ) -> Option<IsrChange> {
        let mut r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id {
            return None;
        }
        let leo = self.log_end_offset();
        let progress = r.followers.get_mut(&replica_id)?;
        progress.log_end_offset = fetch_offset;
        // DeleteRecords waits for the followers to move theirs.
        let start_moved = progress.log_start_offset != log_start_offset;
        progress.log_start_offset = log_start_offset;
        if fetch_offset >= leo {
            progress.last_caught_up = now;
        }
        self.advance_high_watermark(&r);
        if start_moved {
            self.wake();
        }
        let hw = self.high_watermark();
        let joins = !r.role.isr.contains(&replica_id)
            && fetch_offset >= hw
            && fetch_offset >= r.epoch_start_offset;
        if !joins
            || r.isr_change_sent
                .is_some_and(|t| now.saturating_duration_since(t) < ISR_CHANGE_RETRY)
        {
            return None;
        }
        r.isr_change_sent = Some(now);
        let mut isr = r.role.isr.clone();
        isr.push(replica_id);
        Some(IsrChange {
            leader_epoch: r.role.leader_epoch,
            partition_epoch: r.role.partition_epoch,
            isr,
        })
    }

    /// As leader, Kafka's low watermark: the smallest log start offset of
    /// this replica and the followers in the ISR (-1 for one not yet known);
    /// `None` when not the leader.
    pub fn low_watermark(&self) -> Option<i64> {
        let r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id {
            return None;
        }
        let followers = r
            .role
            .isr
            .iter()
            .filter(|&&id| id != self.node_id)
            .map(|id| r.followers.get(id).map_or(-1, |f| f.log_start_offset));
        Some(followers.fold(self.log_start_offset(), i64::min))
    }

    /// As leader: the ISR without the followers that have not caught up
    /// within `max_lag` (replica.lag.time.max.ms), if any.
    pub fn isr_shrink(&self, max_lag: Duration, now: Instant) -> Option<IsrChange> {
        let mut r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id
            || r.isr_change_sent
                .is_some_and(|t| now.saturating_duration_since(t) < ISR_CHANGE_RETRY)
        {
            return None;
        }
        let leo = self.log_end_offset();
        let lagging: Vec<i32> = r
            .role
            .isr
            .iter()
            .copied()
            .filter(|b| *b != self.node_id)
            .filter(|b| {
                r.followers.get(b).is_some_and(|f| {
                    f.log_end_offset < leo
                        && now.saturating_duration_since(f.last_caught_up) > max_lag
                })
            })
            .collect();
        if lagging.is_empty() {
            return None;
        }
        tracing::info!(topic = %self.topic, partition = self.index, ?lagging, "followers fell behind; shrinking the ISR");
        r.isr_change_sent = Some(now);
        Some(IsrChange {
            leader_epoch: r.role.leader_epoch,
            partition_epoch: r.role.partition_epoch,
            isr: r
                .role
                .isr
                .iter()
                .copied()
                .filter(|b| !lagging.contains(b))
                .collect(),
        })
    }

    /// An ISR change was refused or failed: it may be sent again.
    pub fn isr_change_failed(&self) {
        self.replication
            .lock()
            .expect("replication lock")
            .isr_change_sent = None;
    }

    /// Waits until the high watermark reaches `end` (acks=all). Fails with
    /// NOT_LEADER_OR_FOLLOWER if leadership is lost meanwhile, and with
    /// REQUEST_TIMED_OUT at `deadline`.
    pub async fn wait_for_high_watermark(
        &self,
        end: i64,
        deadline: tokio::time::Instant,
    ) -> Result<(), i16> {
        // Kafka's DelayedProduce.
        purgatory::delayed(&[&self.watchers], deadline, || {
            if self.high_watermark() >= end {
                Some(Ok(()))
            } else if !self.is_leader() {
                Some(Err(code::NOT_LEADER_OR_FOLLOWER))
            } else {
                None
            }
        })
        .await
        .unwrap_or(Err(code::REQUEST_TIMED_OUT))
    }

    /// What opening the log found: a clean shutdown or a recovery.
    pub fn recovery_stats(&self) -> storage::RecoveryStats {
        let inner = self.inner.lock().expect("partition lock");
        inner.log.recovery_stats().clone()
    }

    /// The topic's current configs.
    pub fn config(&self) -> EffectiveTopicConfig {
        self.config.read().expect("config lock").clone()
    }

    /// Applies changed topic configs to the running partition and its log;
    /// returns whether they changed (the caller sums the changes up at info).
    pub fn set_config(&self, config: EffectiveTopicConfig) -> bool {
        if *self.config.read().expect("config lock") == config {
            return false;
        }
        let mut inner = self.inner.lock().expect("partition lock");
        inner.log.set_config(log_config(&config));
        *self.config.write().expect("config lock") = config;
        tracing::debug!(topic = %self.topic, partition = self.index, "topic configs changed");
        true
    }

    pub fn min_insync_replicas(&self) -> i32 {
        self.config().min_insync_replicas
    }

    /// Told of every change a delayed operation may wait for (role, log
    /// end, high watermark, log start).
    pub fn watch(&self) -> purgatory::Watch {
        self.watchers.watch()
    }

    /// The ISR size, for min.insync.replicas.
    pub fn isr_len(&self) -> usize {
        self.replication
            .lock()
            .expect("replication lock")
            .role
            .isr
            .len()
    }

    pub fn node_id(&self) -> i32 {
        self.node_id
    }

    /// As follower: truncate again before the next fetch.
    pub fn mark_needs_truncation(&self) {
        self.replication
            .lock()
            .expect("replication lock")
            .needs_truncation = true;
    }

    /// As follower: whether to truncate (by OffsetForLeaderEpoch) first.
    pub fn needs_truncation(&self) -> bool {
        self.replication
            .lock()
            .expect("replication lock")
            .needs_truncation
    }

    /// As follower, Kafka's truncation after OffsetForLeaderEpoch (KIP-101,
    /// KIP-279): the leader answered `(leader_epoch, leader_end)` for this
    /// replica's latest epoch (`leader_end` < 0: it knows no epoch that
    /// old). Returns where to cut and whether truncation is then complete.
    /// When this replica does not know the leader's epoch, it cuts at the
    /// end of its own largest epoch below it and asks again (not complete):
    /// a replica that led an epoch nobody copied keeps none of it.
    pub fn truncation_point(&self, leader_epoch: i32, leader_end: i64) -> (i64, bool) {
        let leo = self.log_end_offset();
        if leader_end < 0 {
            return (self.high_watermark(), true);
        }
        let inner = self.inner.lock().expect("partition lock");
        match inner.log.end_offset_for_epoch(leader_epoch) {
            Some((epoch, end)) if epoch != leader_epoch => (end.min(leo), false),
            Some((_, end)) => (end.min(leader_end).min(leo), true),
            // No epochs here: the leader's end is safe (Kafka's rule).
            None => (leader_end.min(leo), true),
        }
    }

    /// As follower: cut the log at `offset` if it goes further (never by
    /// high watermark alone); `complete` ends the truncation, else the
    /// fetcher asks the leader again before fetching.
    pub fn truncate_for_leader(
        &self,
        offset: Option<i64>,
        complete: bool,
    ) -> Result<(), (i16, String)> {
        if let Some(offset) = offset {
            if offset < self.log_end_offset() {
                self.truncate_to(offset)?;
            }
        }
        if complete {
            self.replication
                .lock()
                .expect("replication lock")
                .needs_truncation = false;
        }
        Ok(())
    }

    fn truncate_to(&self, offset: i64) -> Result<(), (i16, String)> {
        self.cut_log(|log| log.truncate_to(offset))
    }

    /// As follower: the leader no longer has the records this replica lacks
    /// (deleted by retention or DeleteRecords): empty the log and start it
    /// again at the leader's log start offset (Kafka's
    /// `truncateFullyAndStartAt` on an out-of-range fetch).
    pub fn restart_at_leader_log_start(&self, offset: i64) -> Result<(), (i16, String)> {
        if offset <= self.log_end_offset() {
            return Ok(());
        }
        self.cut_log(|log| log.truncate_fully_and_start_at(offset))
    }

    /// Runs `cut`, which removes the end of the log or all of it, then brings
    /// the producer state and the offsets in step.
    fn cut_log(
        &self,
        cut: impl FnOnce(&mut Log) -> Result<(), StorageError>,
    ) -> Result<(), (i16, String)> {
        let mut inner = self.inner.lock().expect("partition lock");
        let before = inner.log.log_end_offset();
        cut(&mut inner.log).map_err(|e| (storage_code(&e), e.to_string()))?;
        let leo = inner.log.log_end_offset();
        inner.producers = ProducerStateManager::load(&inner.log);
        self.log_end_offset.store(leo, Ordering::Release);
        // A cut at or below the log start restarts the log there.
        self.log_start_offset
            .store(inner.log.log_start_offset(), Ordering::Release);
        self.high_watermark.fetch_min(leo, Ordering::AcqRel);
        self.flushed_to.fetch_min(leo, Ordering::AcqRel);
        drop(inner);
        self.wake();
        tracing::info!(topic = %self.topic, partition = self.index, from = before, to = leo, "truncated the log to the leader's");
        Ok(())
    }

    /// The latest leader epoch in the log, for OffsetForLeaderEpoch requests.
    pub fn latest_epoch(&self) -> Option<i32> {
        self.inner
            .lock()
            .expect("partition lock")
            .log
            .latest_epoch()
    }

    /// OffsetForLeaderEpoch on the leader: the largest epoch at most
    /// `epoch`, and the offset where the next one starts (or the log end).
    pub fn end_offset_for_epoch(&self, epoch: i32) -> (i32, i64) {
        let inner = self.inner.lock().expect("partition lock");
        inner.log.end_offset_for_epoch(epoch).unwrap_or((-1, -1))
    }

    /// As follower: appends batches copied from the leader's log, offsets
    /// and all, and takes the leader's high watermark (up to its own log end).
    /// `leader_epoch` is the epoch the fetch was made at: if this replica's
    /// role changed meanwhile (it leads now, or follows another epoch), the
    /// records are refused — a deposed leader may have answered a fetch
    /// that was in flight when the leadership moved.
    pub fn append_as_follower(
        &self,
        records: Bytes,
        leader_high_watermark: i64,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<(), (i16, String)> {
        let mut inner = self.inner.lock().expect("partition lock");
        {
            let r = self.replication.lock().expect("replication lock");
            if r.role.leader == self.node_id || r.role.leader_epoch != leader_epoch {
                return Err((
                    code::FENCED_LEADER_EPOCH,
                    format!(
                        "fetched at leader epoch {leader_epoch}, now leader {} at epoch {}",
                        r.role.leader, r.role.leader_epoch
                    ),
                ));
            }
        }
        // Only whole batches: a fetch may stop inside the last one.
        let mut whole = 0usize;
        let mut headers = Vec::new();
        let mut iter = Batches::new(records.clone());
        for batch in iter.by_ref() {
            let Ok(batch) = batch else { break };
            whole += batch.size_in_bytes();
            headers.push(*batch.header());
        }
        if let Some(first) = headers.first() {
            let start = inner.log.log_start_offset();
            let empty = inner.log.log_end_offset() == start;
            if empty && first.base_offset < start && first.last_offset() >= start {
                // The leader's log start offset is inside this batch (moved by
                // DeleteRecords): take the batch whole, as Kafka does; the
                // start moves up again with the leader's.
                inner
                    .log
                    .truncate_fully_and_start_at(first.base_offset)
                    .map_err(|e| (storage_code(&e), e.to_string()))?;
                self.log_start_offset
                    .store(first.base_offset, Ordering::Release);
            }
        }
        if whole > 0 {
            let info = inner
                .log
                .append_as_follower(&records[..whole], now_ms)
                .map_err(|e| {
                    tracing::error!(topic = %self.topic, partition = self.index, error = %e, "follower append failed");
                    (storage_code(&e), e.to_string())
                })?;
            for h in &headers {
                inner.producers.track(h);
            }
            if info.rolled.is_some() {
                self.snapshot_producers(&inner);
            }
        }
        let leo = inner.log.log_end_offset();
        drop(inner);
        self.log_end_offset.store(leo, Ordering::Release);
        let hw = leader_high_watermark.min(leo);
        if hw > self.high_watermark() {
            self.high_watermark.store(hw, Ordering::Release);
        }
        self.wake();
        Ok(())
    }

    /// Validates the batches of a produce request and appends them. Returns
    /// the Kafka error code on failure; nothing is appended then.
    pub fn append(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<AppendResult, AppendError> {
        self.append_capped(records, leader_epoch, now_ms, MAX_DECOMPRESSED_BATCH)
    }

    /// [`Partition::append`] with a lower cap on each batch's decompressed
    /// records: beyond it, MESSAGE_TOO_LARGE and nothing appended.
    pub fn append_capped(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
        max_decompressed: usize,
    ) -> Result<AppendResult, AppendError> {
        let max_decompressed = max_decompressed.min(MAX_DECOMPRESSED_BATCH);
        let config = self.config();
        let max_message_bytes = config.max_message_bytes;
        // Validate everything before taking the lock and before appending
        // anything: a request is appended whole or not at all.
        // Each batch with the largest timestamp of its records.
        let mut batches: Vec<(RecordBatch, i64)> = Vec::new();
        // Records refused on their own (KIP-467), numbered across the batches.
        let mut record_errors = Vec::new();
        let mut record_index = 0i32;
        let mut iter = Batches::new(records);
        for batch in iter.by_ref() {
            let batch = batch.map_err(|e| (e.error_code(), e.to_string()))?;
            if batch.size_in_bytes() > max_message_bytes as usize {
                return Err(AppendError::from((
                    code::MESSAGE_TOO_LARGE,
                    format!(
                        "batch of {} bytes exceeds max.message.bytes {max_message_bytes}",
                        batch.size_in_bytes()
                    ),
                )));
            }
            batch
                .validate()
                .map_err(|e| (e.error_code(), e.to_string()))?;
            batch
                .validate_offset_range()
                .map_err(|e| (e.error_code(), e.to_string()))?;
            log_validator::validate_client_batch(&self.topic, self.index, batch.header())?;
            // Decode every record: a batch whose records do not parse must not
            // reach the log, where it would break every consumer.
            let codec = batch
                .compression()
                .map_err(|e| (e.error_code(), e.to_string()))?;
            let recompress = config.compression.filter(|&c| c != codec);
            // Checked one record at a time, headers counted but not
            // collected: validation holds the decompressed records section
            // (at most MAX_DECOMPRESSED_BATCH) and nothing per record.
            let section = batch
                .records_section(max_decompressed)
                .map_err(|e| (e.error_code(), e.to_string()))?;
            let mut records = protocol::records::RecordIter::new(section.clone(), batch.header())
                .map_err(|e| (e.error_code(), e.to_string()))?;
            let mut count = 0i32;
            // Kafka's NO_TIMESTAMP when no record has a larger one.
            let mut max_timestamp = -1i64;
            while let Some(record) = records.next_summary_or_malformed() {
                let record = record.map_err(|e| (e.error_code(), e.to_string()))?;
                let index = record_index;
                record_index = record_index.saturating_add(1);
                count += 1;
                let refused = match record {
                    Ok(record) => {
                        max_timestamp = max_timestamp.max(record.timestamp);
                        log_validator::validate_record(
                            &self.topic,
                            self.index,
                            &config,
                            batch.header().has_log_append_time(),
                            &record,
                            index,
                            now_ms,
                        )
                    }
                    Err(cause) => Some(log_validator::malformed_record(index, &cause)),
                };
                if let Some(e) = refused {
                    if record_errors.len() < log_validator::MAX_RECORD_ERRORS {
                        record_errors.push(e);
                    }
                }
            }
            if count != batch.record_count() {
                return Err(AppendError::from((
                    code::CORRUPT_MESSAGE,
                    "record count does not match the records".to_string(),
                )));
            }
            if !record_errors.is_empty() {
                // Nothing more to learn from this request: it is refused.
                continue;
            }
            match recompress {
                // The topic's compression.type differs from the producer's:
                // store the batch with the topic's codec, as Kafka does.
                Some(target) => {
                    let rebuilt = protocol::records::recompress_batch(&batch, &section, target)
                        .and_then(RecordBatch::from_bytes)
                        .map_err(|e| (e.error_code(), e.to_string()))?;
                    if rebuilt.size_in_bytes() > max_message_bytes as usize {
                        return Err(AppendError::from((
                            code::MESSAGE_TOO_LARGE,
                            format!(
                                "batch of {} bytes once compressed with {} exceeds max.message.bytes {max_message_bytes}",
                                rebuilt.size_in_bytes(),
                                target.name()
                            ),
                        )));
                    }
                    batches.push((rebuilt, max_timestamp));
                }
                None => batches.push((batch, max_timestamp)),
            }
        }
        if iter.partial_batch().is_some() {
            return Err(AppendError::from((
                code::CORRUPT_MESSAGE,
                "truncated record batch".to_string(),
            )));
        }
        if !record_errors.is_empty() {
            return Err(log_validator::refuse_records(record_errors));
        }
        if batches.is_empty() {
            return Err(AppendError::from((
                code::CORRUPT_MESSAGE,
                "no record batch in the request".to_string(),
            )));
        }

        let mut guard = self.inner.lock().expect("partition lock");
        let inner = &mut *guard;
        let mut first: Option<AppendResult> = None;
        let mut flush_due = false;
        for (batch, max_timestamp) in batches {
            let h = *batch.header();
            let idempotent = h.producer_id >= 0;
            let last_seq = h.base_sequence.wrapping_add(h.last_offset_delta);
            if idempotent {
                match inner.producers.check(
                    h.producer_id,
                    h.producer_epoch,
                    h.base_sequence,
                    last_seq,
                ) {
                    SequenceCheck::Append => {}
                    SequenceCheck::Duplicate(meta) => {
                        // A retry of a batch we already have: answer as the first time.
                        tracing::debug!(topic = %self.topic, partition = self.index, producer_id = h.producer_id, seq = h.base_sequence, "duplicate batch");
                        first.get_or_insert(AppendResult {
                            base_offset: meta.base_offset,
                            log_append_time: -1,
                            log_start_offset: inner.log.log_start_offset(),
                            log_end_offset: inner.log.log_end_offset(),
                            sync_to: None,
                        });
                        continue;
                    }
                    SequenceCheck::Reject(e) => {
                        let c = match e {
                            SequenceError::InvalidProducerEpoch => code::INVALID_PRODUCER_EPOCH,
                            SequenceError::OutOfOrderSequence => code::OUT_OF_ORDER_SEQUENCE_NUMBER,
                        };
                        return Err(AppendError::from((
                            c,
                            format!(
                                "sequence {} of producer {} rejected",
                                h.base_sequence, h.producer_id
                            ),
                        )));
                    }
                }
            }
            // Only the header is copied (to set the base offset, leader epoch
            // and maybe the append time); the records are written from the
            // request's buffer.
            let bytes = batch.into_bytes();
            let (head, tail) = bytes.split_at(BATCH_HEADER_LEN);
            let mut head: [u8; BATCH_HEADER_LEN] = head.try_into().expect("a whole header");
            set_partition_leader_epoch(&mut head, leader_epoch);
            let log_append_time = if config.log_append_time {
                set_log_append_time_parts(&mut head, tail, now_ms);
                now_ms
            } else {
                // The records' timestamps, not the header's (log_validator).
                set_max_timestamp_parts(&mut head, tail, TimestampType::CreateTime, max_timestamp);
                -1
            };
            let info = inner.log.append_parts(&mut head, tail, now_ms).map_err(|e| {
                tracing::error!(topic = %self.topic, partition = self.index, error = %e, "append failed");
                (storage_code(&e), e.to_string())
            })?;
            if idempotent {
                inner.producers.update(
                    h.producer_id,
                    h.producer_epoch,
                    BatchMetadata {
                        first_seq: h.base_sequence,
                        last_seq,
                        base_offset: info.base_offset,
                        last_offset: info.last_offset,
                        timestamp: info.max_timestamp,
                    },
                );
            }
            if info.rolled.is_some() {
                self.snapshot_producers(inner);
            }
            first.get_or_insert(AppendResult {
                base_offset: info.base_offset,
                log_append_time,
                log_start_offset: inner.log.log_start_offset(),
                log_end_offset: -1,
                sync_to: None,
            });
            flush_due |= info.flush_due;
        }
        let end = inner.log.log_end_offset();
        drop(guard);
        self.log_end_offset.store(end, Ordering::Release);
        self.advance_high_watermark(&self.replication.lock().expect("replication lock"));
        // Followers' fetches wait for the log end, consumers' for the high
        // watermark (woken above if it moved).
        self.wake();
        let mut result = first.expect("at least one batch");
        result.sync_to = flush_due.then_some(end);
        result.log_end_offset = end;
        Ok(result)
    }

    /// Makes every offset below `end` durable with one fsync of the active
    /// segment (rolled segments were fsynced when sealed). Blocking: call it
    /// from a blocking thread. Concurrent callers queue on `flush_lock`, and
    /// those whose batches an earlier fsync covered return without one.
    /// Returns whether this call fsynced.
    pub fn sync(&self, end: i64) -> Result<bool, (i16, String)> {
        let _turn = self.flush_lock.lock().expect("flush lock");
        if self.flushed_to.load(Ordering::Acquire) >= end {
            return Ok(false);
        }
        let (file, target) = {
            let inner = self.inner.lock().expect("partition lock");
            (inner.log.active_log_file(), inner.log.log_end_offset())
        };
        file.sync_data().map_err(|e| {
            tracing::error!(topic = %self.topic, partition = self.index, error = %e, "fsync failed");
            (code::KAFKA_STORAGE_ERROR, format!("fsync failed: {e}"))
        })?;
        self.flushed_to.fetch_max(target, Ordering::AcqRel);
        Ok(true)
    }

    /// Reads whole batches from `offset`, up to `max_bytes` (at least one
    /// batch), below the high watermark.
    pub fn read(&self, offset: i64, max_bytes: usize) -> Result<Bytes, i16> {
        self.read_to(offset, max_bytes, self.high_watermark())
    }

    /// As [`Partition::read`], below `end` instead of the high watermark.
    pub fn read_to(&self, offset: i64, max_bytes: usize, end: i64) -> Result<Bytes, i16> {
        let inner = self.inner.lock().expect("partition lock");
        match inner.log.read(offset, max_bytes, end) {
            Ok(r) => Ok(r.records),
            Err(e) => Err(storage_code(&e)),
        }
    }

    /// The range of a segment file to send for a fetch from `offset`, up to
    /// `max_bytes` (at least one batch), below the high watermark; `None`
    /// when nothing committed is there yet. The lock is held only to find
    /// the range, not while the bytes are sent.
    pub fn read_slice(&self, offset: i64, max_bytes: usize) -> Result<Option<FileSlice>, i16> {
        self.read_slice_to(offset, max_bytes, self.high_watermark())
    }

    /// As [`Partition::read_slice`], below `end` (a follower reads up to the
    /// log end offset, not the high watermark).
    pub fn read_slice_to(
        &self,
        offset: i64,
        max_bytes: usize,
        end: i64,
    ) -> Result<Option<FileSlice>, i16> {
        let inner = self.inner.lock().expect("partition lock");
        match inner.log.read_slice(offset, max_bytes, end) {
            Ok(r) => Ok(r.slice),
            Err(e) => Err(storage_code(&e)),
        }
    }

    /// ListOffsets by timestamp: the first record at or after `timestamp`, as
    /// Kafka's `searchForTimestamp`: the time index finds the first batch whose
    /// max timestamp reaches it, then its records are searched.
    pub fn offset_for_timestamp(&self, timestamp: i64) -> Result<Option<(i64, i64)>, i16> {
        let inner = self.inner.lock().expect("partition lock");
        let hw = self.high_watermark();
        let batch_offset = match inner.log.offset_for_timestamp(timestamp) {
            Ok(Some((offset, _))) if offset < hw => offset,
            Ok(_) => return Ok(None),
            Err(e) => return Err(storage_code(&e)),
        };
        Ok(first_record_matching(&inner.log, batch_offset, hw, |ts| {
            ts >= timestamp
        }))
    }

    /// The offset and timestamp of the first record with the largest timestamp
    /// (ListOffsets MAX_TIMESTAMP, KIP-734).
    pub fn max_timestamp(&self) -> Option<(i64, i64)> {
        let inner = self.inner.lock().expect("partition lock");
        let hw = self.high_watermark();
        let (max, batch_offset) = inner.log.max_timestamp_and_offset()?;
        first_record_matching(&inner.log, batch_offset, hw, |ts| ts == max)
            .map(|(offset, ts)| (ts, offset))
    }

    /// One log compaction round (see `storage::cleaner`): planned and swapped
    /// under the log lock, the copying done without it, so produce and fetch
    /// go on meanwhile. Only committed records (below the high watermark)
    /// are compacted: the rest may still be truncated. Returns the round's
    /// numbers when one was swapped in.
    pub fn clean(
        &self,
        cleaner: &mut storage::Cleaner,
        now_ms: i64,
    ) -> Result<Option<storage::CleanStats>, StorageError> {
        let high_watermark = self.high_watermark();
        let plan = {
            let inner = self.inner.lock().expect("partition lock");
            inner.log.clean_plan(now_ms, high_watermark)
        };
        let Some(plan) = plan else {
            return Ok(None);
        };
        let Some(cleaned) = cleaner.clean(&plan, now_ms)? else {
            return Ok(None);
        };
        let stats = cleaned.stats;
        let mut inner = self.inner.lock().expect("partition lock");
        Ok(inner.log.swap_cleaned(cleaned)?.then_some(stats))
    }

    /// Deletes segments past retention; returns how many went.
    pub fn apply_retention(&self, now_ms: i64) -> usize {
        let mut inner = self.inner.lock().expect("partition lock");
        match inner.log.apply_retention(now_ms) {
            Ok(n) => {
                self.log_start_offset
                    .store(inner.log.log_start_offset(), Ordering::Release);
                drop(inner);
                if n > 0 {
                    self.wake();
                }
                n
            }
            Err(e) => {
                tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "retention failed");
                0
            }
        }
    }

    /// DeleteRecords on the leader (Kafka's `deleteRecordsOnLeader`): moves
    /// the log start offset up to `offset`, -1 meaning the high watermark.
    /// Only committed records may go: past the high watermark (or below -1)
    /// is OFFSET_OUT_OF_RANGE. Returns the new log start offset (the low
    /// watermark of the answer).
    pub fn delete_records_before(&self, offset: i64) -> Result<i64, (i16, String)> {
        if !self.is_leader() {
            return Err((
                code::NOT_LEADER_OR_FOLLOWER,
                "this broker does not lead the partition".into(),
            ));
        }
        let hw = self.high_watermark();
        let offset = if offset == DELETE_TO_HIGH_WATERMARK {
            hw
        } else {
            offset
        };
        if offset < 0 || offset > hw {
            return Err((
                code::OFFSET_OUT_OF_RANGE,
                format!("offset {offset} is not in [0, high watermark {hw}]"),
            ));
        }
        self.move_log_start(offset)
    }

    /// As follower: takes the leader's log start offset from a fetch answer,
    /// so that records deleted on the leader go here too. Bounded by this
    /// replica's high watermark: a lagging follower gets there as it copies.
    pub fn follow_leader_log_start(&self, leader_log_start_offset: i64) {
        let offset = leader_log_start_offset.min(self.high_watermark());
        if offset <= self.log_start_offset() {
            return;
        }
        if let Err((_, e)) = self.move_log_start(offset) {
            tracing::warn!(topic = %self.topic, partition = self.index, offset, error = %e, "cannot follow the leader's log start offset");
        }
    }

    fn move_log_start(&self, offset: i64) -> Result<i64, (i16, String)> {
        let mut inner = self.inner.lock().expect("partition lock");
        let start = inner.log.delete_records_before(offset).map_err(|e| {
            tracing::error!(topic = %self.topic, partition = self.index, offset, error = %e, "moving the log start offset failed");
            (storage_code(&e), e.to_string())
        })?;
        self.log_start_offset.store(start, Ordering::Release);
        drop(inner);
        self.wake();
        Ok(start)
    }

    pub fn flush(&self) {
        if let Err(e) = self.inner.lock().expect("partition lock").log.flush() {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "flush failed");
        }
    }

    /// Closes the log cleanly (writes the clean-shutdown marker).
    pub fn close(self) {
        let inner = self.inner.into_inner().expect("partition lock");
        // Kafka's clean close: the producers' state is snapshotted at the
        // log end, so the next open replays nothing.
        if let Err(e) = inner.producers.take_snapshot(&inner.log) {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "producer snapshot failed");
        }
        if let Err(e) = inner.log.close() {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "close failed");
        }
    }

    /// Kafka's snapshot at a roll: the producers' state at the log end, so
    /// that reopening replays at most the active segment.
    fn snapshot_producers(&self, inner: &Inner) {
        if let Err(e) = inner.producers.take_snapshot(&inner.log) {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "producer snapshot failed");
        }
    }

    /// Removes the partition's directory.
    /// Sets this replica's directory aside under `to`, before its topic's
    /// name can be used again (Kafka renames a deleted partition's directory
    /// to `<topic>-<partition>.<id>-delete`); the files go once the replica
    /// is no longer in use ([`Partition::delete`]).
    pub fn retire(&self, to: &std::path::Path) -> Result<(), StorageError> {
        let mut inner = self.inner.lock().expect("partition lock");
        inner.log.rename_dir(to)
    }

    pub fn delete(self) {
        let inner = self.inner.into_inner().expect("partition lock");
        if let Err(e) = inner.log.delete() {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "delete failed");
        }
    }
}

/// Kafka's makeLeader: followers start unknown but caught up now, so that
/// they get replica.lag.time.max.ms to show up.
fn new_followers(role: &Role, node_id: i32, now: Instant) -> HashMap<i32, FollowerProgress> {
    role.replicas
        .iter()
        .filter(|&&b| b != node_id)
        .map(|&b| {
            (
                b,
                FollowerProgress {
                    log_end_offset: -1,
                    last_caught_up: now,
                    log_start_offset: -1,
                },
            )
        })
        .collect()
}

/// The first record, in the batch at `batch_offset`, whose timestamp
/// satisfies `wanted`: (offset, timestamp).
fn first_record_matching(
    log: &Log,
    batch_offset: i64,
    hw: i64,
    wanted: impl Fn(i64) -> bool,
) -> Option<(i64, i64)> {
    let read = log.read(batch_offset, 1, hw).ok()?;
    let batch = Batches::new(read.records).next()?.ok()?;
    let mut records = batch.iter_records(MAX_DECOMPRESSED_BATCH).ok()?;
    // Summaries: a record's headers (millions, perhaps) are not collected.
    while let Some(Ok(r)) = records.next_summary() {
        if r.offset >= batch_offset && wanted(r.timestamp) {
            return Some((r.offset, r.timestamp));
        }
    }
    None
}
