//! A partition replica on this broker: its log, its idempotent-producer
//! state, its high watermark, and its role from the metadata — leader (it
//! tracks each follower's log end offset, and the high watermark is the
//! smallest log end offset in the ISR) or follower (it appends what the
//! leader's log holds, offsets and all).
//!
//! This file holds the replication state (role, ISR, followers' progress,
//! high watermark) and the acks=all wait; `partition/append.rs` the leader's
//! append, `partition/follower.rs` the follower's copy and truncation,
//! `partition/isr.rs` the leader's view of its followers and ISR changes,
//! `partition/log_ops.rs` reads, retention, cleaning and closing,
//! `partition/transactions.rs` end markers, the LSO and aborted transactions.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
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

use crate::config::topic_config::EffectiveTopicConfig;
use crate::error::{code, ApiError};
use crate::log_validator::{self, AppendError};
use crate::purgatory::{self, Watchers};

mod append;
mod follower;
mod isr;
mod log_ops;
mod transactions;

pub use isr::IsrChange;
pub use transactions::NO_VERIFICATION_GUARD;

/// The most a compressed batch may inflate to while we validate it. Kafka
/// has no such cap; without one, a few kilobytes of zstd could make the broker
/// allocate gigabytes. 64 MiB is 64 times the default max.message.bytes.
/// Validation holds one such section per validating thread (see
/// `handlers::produce`) and nothing per record or header.
pub const MAX_DECOMPRESSED_BATCH: usize = 64 << 20;

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
    /// KIP-890's verification guards: producer id -> the guard of the
    /// verification in flight for its next transaction here (see
    /// `partition/transactions.rs`).
    verification_guards: HashMap<i64, u64>,
    /// The last guard handed out (guards are never 0, the "no guard" value).
    last_guard: u64,
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

/// This broker's part as the metadata gives it.
impl From<&metadata::PartitionState> for Role {
    fn from(p: &metadata::PartitionState) -> Role {
        Role {
            leader: p.leader,
            leader_epoch: p.leader_epoch,
            partition_epoch: p.partition_epoch,
            isr: p.isr.clone(),
            replicas: p.replicas.clone(),
        }
    }
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
    /// The leader epoch while this broker leads, [`NOT_LEADER`] while it
    /// does not: the role's, written under the replication lock with it, so
    /// that a fetch checks leadership without taking that lock.
    leader_epoch_as_leader: AtomicI64,
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
    /// Whether a transaction may be open or unreplicated: when false, the
    /// LSO is the high watermark without taking the partition lock. Set
    /// under that lock when a transactional batch is appended, cleared
    /// under it when none is left (`partition/transactions.rs`).
    unstable: AtomicBool,
    log_start_offset: AtomicI64,
    /// Offsets below this are fsynced.
    flushed_to: AtomicI64,
    /// When [`Partition::flush_if_due`] last flushed (ms; 0: never).
    last_flush_ms: AtomicI64,
    /// Held while an fsync runs: writers arriving meanwhile wait, then find
    /// their batches already covered (group commit).
    flush_lock: Mutex<()>,
}

/// `Partition::leader_epoch_as_leader` while this broker does not lead.
const NOT_LEADER: i64 = i64::MIN;

/// The leader epoch of `role` if `node_id` leads in it, else [`NOT_LEADER`].
fn leader_epoch_as_leader(role: &Role, node_id: i32) -> i64 {
    if role.leader == node_id {
        i64::from(role.leader_epoch)
    } else {
        NOT_LEADER
    }
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
        let mut log = Log::open(&dir, log_config(&config))?;
        let producers = ProducerStateManager::load_and_repair(&mut log);
        let unstable = producers.first_unstable_offset().is_some();
        let leo = log.log_end_offset();
        let start = log.log_start_offset();
        let alone = role.leader == node_id && role.isr == [node_id];
        let epoch_as_leader = leader_epoch_as_leader(&role, node_id);
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
            leader_epoch_as_leader: AtomicI64::new(epoch_as_leader),
            log_end_offset: AtomicI64::new(leo),
            watchers: Watchers::new(),
            config: std::sync::RwLock::new(config),
            inner: Mutex::new(Inner {
                log,
                producers,
                verification_guards: HashMap::new(),
                last_guard: 0,
            }),
            high_watermark: AtomicI64::new(hw),
            unstable: AtomicBool::new(unstable),
            log_start_offset: AtomicI64::new(start),
            flushed_to: AtomicI64::new(hw),
            last_flush_ms: AtomicI64::new(0),
            flush_lock: Mutex::new(()),
        })
    }

    pub fn high_watermark(&self) -> i64 {
        self.high_watermark.load(Ordering::Acquire)
    }

    /// As leader, Kafka's KIP-207 check: `Some((high watermark, epoch
    /// start))` while the high watermark is still below the log end offset
    /// this leader epoch began at. A new leader learns the high watermark
    /// from its followers' fetches; until they come, its own may be below an
    /// offset the previous leader already gave clients as "latest".
    pub fn lagging_high_watermark(&self) -> Option<(i64, i64)> {
        let r = self.replication.lock().expect("replication lock");
        if r.role.leader != self.node_id {
            return None;
        }
        let hw = self.high_watermark();
        (hw < r.epoch_start_offset).then_some((hw, r.epoch_start_offset))
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset.load(Ordering::Acquire)
    }

    pub fn log_end_offset(&self) -> i64 {
        self.log_end_offset.load(Ordering::Acquire)
    }

    /// Bytes of the log's segments (DescribeLogDirs' `PartitionSize`).
    pub fn size_in_bytes(&self) -> u64 {
        self.inner
            .lock()
            .expect("partition lock")
            .log
            .size_in_bytes()
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
        let epoch = self.leader_epoch_as_leader.load(Ordering::Acquire);
        (epoch != NOT_LEADER).then_some(epoch as i32)
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
        } else if now_leader && r.role.replicas != role.replicas {
            // A reassignment added or removed replicas under this leader:
            // the new ones are tracked from scratch (they join the ISR once
            // caught up), the removed ones forgotten.
            r.followers.retain(|b, _| role.replicas.contains(b));
            for (b, progress) in new_followers(&role, self.node_id, now) {
                r.followers.entry(b).or_insert(progress);
            }
        }
        r.isr_change_sent = None;
        let epoch = role.leader_epoch;
        self.leader_epoch_as_leader.store(
            leader_epoch_as_leader(&role, self.node_id),
            Ordering::Release,
        );
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
    /// Returns whether it moved; the caller wakes the waiters (once, with
    /// whatever else it changed).
    fn advance_high_watermark(&self, r: &Replication) -> bool {
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
        self.high_watermark.fetch_max(min, Ordering::AcqRel) < min
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

    /// Closes the log's index descriptors if it wrote no index entry since
    /// the last call; returns whether it did.
    pub fn release_idle_indexes(&self) -> bool {
        self.inner
            .lock()
            .expect("partition lock")
            .log
            .release_idle_indexes()
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

    /// Whether replication of this replica is throttled (the topic's
    /// `leader.` or `follower.replication.throttled.replicas` names it, as
    /// `leader` says) and `replica` is outside the ISR: Kafka throttles
    /// only replicas catching up.
    pub fn is_throttled(&self, leader: bool, replica: i32) -> bool {
        let listed = {
            let c = self.config.read().expect("config lock");
            let list = if leader {
                &c.leader_throttled_replicas
            } else {
                &c.follower_throttled_replicas
            };
            list.contains(self.index, self.node_id)
        };
        listed
            && !self
                .replication
                .lock()
                .expect("replication lock")
                .role
                .isr
                .contains(&replica)
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
