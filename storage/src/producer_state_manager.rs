//! Kafka's `ProducerStateManager`: per partition, the epoch and the last
//! five batches of each idempotent producer, to drop retried duplicates and
//! refuse gaps; and its snapshots (`producer_snapshot`), so that a replica
//! reopening its log reads the producers' state from the latest snapshot and
//! replays only the batches after it.
//!
//! Snapshots are taken at a segment roll and at a clean close, at the log
//! end offset then: the file `<offset>.snapshot` holds the state of every
//! batch below `offset`. Invariants:
//! - A snapshot at or below the log end is only ever loaded together with a
//!   replay of the batches from its offset to the log end, so the state is
//!   the log's whatever snapshot was taken.
//! - Snapshots above the log end (a recovery or truncation cut the log
//!   below them) are deleted before loading; a corrupt one is skipped for
//!   the one before it; without any, the last two segments are replayed, as
//!   Kafka does for a log without snapshots.
//! - Snapshots of offsets below the first segment are deleted as segments
//!   go, the latest one always kept.
//!
//! Transactions: a transactional batch opens its producer's transaction
//! (its first offset) unless one is open; the producer's end marker closes
//! it ([`ProducerStateManager::track_batch`]), and the closed transaction
//! stays *unreplicated* until the high watermark passes its marker. The
//! first unstable offset is the first offset of the oldest open or
//! unreplicated transaction: a read_committed consumer reads below it only
//! (with the high watermark, the LSO). A producer with an open transaction
//! never expires. Snapshots carry each producer's open transaction and
//! coordinator epoch, so a restart or a new leader knows them.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::Path;

use protocol::records::control::{marker_of, EndTransactionMarker};
use protocol::records::header::BatchHeader;
use protocol::records::{Batches, RecordBatch};
use tracing::warn;

use crate::error::{IoContext, Result};
use crate::log::Log;
use crate::producer_snapshot::{self, snapshot_file_path, SnapshotEntry};
use crate::recovery::write_atomically;
use crate::transaction_index::AbortedTxn;

/// Kafka keeps the metadata of the last 5 batches per producer (the Java
/// client's `max.in.flight.requests.per.connection` limit with idempotence).
pub const BATCHES_PER_PRODUCER: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchMetadata {
    pub first_seq: i32,
    pub last_seq: i32,
    pub base_offset: i64,
    pub last_offset: i64,
    pub timestamp: i64,
}

#[derive(Debug, Clone, Default)]
struct ProducerEntry {
    epoch: i16,
    batches: VecDeque<BatchMetadata>,
    /// The first offset of the producer's open transaction.
    current_txn_first_offset: Option<i64>,
    /// The epoch of the coordinator of the producer's last marker.
    coordinator_epoch: Option<i32>,
}

/// A transaction closed by its marker (Kafka's `CompletedTxn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompletedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    /// The marker's offset.
    pub last_offset: i64,
    pub is_aborted: bool,
}

/// One producer as DescribeProducers shows it (KIP-664).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveProducer {
    pub producer_id: i64,
    pub epoch: i16,
    /// The last sequence of its last batch; -1 without one.
    pub last_sequence: i32,
    /// The max timestamp of its last batch; -1 without one.
    pub last_timestamp: i64,
    /// The coordinator epoch of its last marker; -1 without one.
    pub coordinator_epoch: i32,
    /// The first offset of its open transaction; -1 without one.
    pub current_txn_start_offset: i64,
}

/// Why a marker is refused: Kafka's INVALID_PRODUCER_EPOCH (an older
/// producer epoch) and TRANSACTION_COORDINATOR_FENCED (an older
/// coordinator's marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerError {
    InvalidProducerEpoch,
    CoordinatorFenced,
}

/// Why a batch is refused: Kafka's INVALID_PRODUCER_EPOCH and
/// OUT_OF_ORDER_SEQUENCE_NUMBER.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceError {
    InvalidProducerEpoch,
    OutOfOrderSequence,
}

/// What to do with an incoming batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceCheck {
    Append,
    /// A retry of a batch already in the log: answer with its original offsets.
    Duplicate(BatchMetadata),
    Reject(SequenceError),
}

#[derive(Debug, Default)]
pub struct ProducerStateManager {
    producers: HashMap<i64, ProducerEntry>,
    /// Open transactions: first offset -> producer id.
    ongoing_txns: BTreeMap<i64, i64>,
    /// Closed transactions whose marker is not yet below the high
    /// watermark, by first offset.
    unreplicated_txns: BTreeMap<i64, CompletedTxn>,
}

/// The sequence after `seq`; sequences wrap from i32::MAX to 0.
fn next_seq(seq: i32) -> i32 {
    if seq == i32::MAX {
        0
    } else {
        seq + 1
    }
}

impl ProducerStateManager {
    pub fn check(
        &self,
        producer_id: i64,
        epoch: i16,
        first_seq: i32,
        last_seq: i32,
    ) -> SequenceCheck {
        let Some(entry) = self.producers.get(&producer_id) else {
            // No state for this producer: a new one, or one whose batches
            // retention or the log cleaner removed (or that only older
            // segments than the rebuild reads held). Kafka accepts it at any
            // sequence (KIP-360) rather than fail a live producer.
            return SequenceCheck::Append;
        };
        if epoch < entry.epoch {
            return SequenceCheck::Reject(SequenceError::InvalidProducerEpoch);
        }
        if epoch > entry.epoch {
            // A bumped epoch starts its sequences over.
            return if first_seq == 0 {
                SequenceCheck::Append
            } else {
                SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
            };
        }
        if let Some(dup) = entry
            .batches
            .iter()
            .find(|b| b.first_seq == first_seq && b.last_seq == last_seq)
        {
            return SequenceCheck::Duplicate(*dup);
        }
        match entry.batches.back() {
            Some(last) if first_seq != next_seq(last.last_seq) => {
                SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
            }
            _ => SequenceCheck::Append,
        }
    }

    /// Records an appended batch (after [`ProducerStateManager::check`] said Append,
    /// or while rebuilding from the log).
    pub fn update(&mut self, producer_id: i64, epoch: i16, batch: BatchMetadata) {
        let entry = self.producers.entry(producer_id).or_default();
        if epoch != entry.epoch {
            entry.epoch = epoch;
            entry.batches.clear();
        }
        entry.batches.push_back(batch);
        while entry.batches.len() > BATCHES_PER_PRODUCER {
            entry.batches.pop_front();
        }
    }

    /// Kafka's `removeExpiredProducers`: forgets the producers whose last
    /// batch is `expiration_ms` or more older than `now_ms`
    /// (`producer.id.expiration.ms`), so that the table does not grow with
    /// every producer id ever seen; never one with an open transaction. A
    /// forgotten producer that writes again is taken as a new one (see
    /// [`ProducerStateManager::check`]). Returns how many were forgotten.
    pub fn remove_expired_producers(&mut self, now_ms: i64, expiration_ms: i64) -> usize {
        let before = self.producers.len();
        self.producers.retain(|_, entry| {
            entry.current_txn_first_offset.is_some()
                || entry
                    .batches
                    .back()
                    .is_some_and(|last| now_ms.saturating_sub(last.timestamp) < expiration_ms)
        });
        before - self.producers.len()
    }

    /// Every producer with state, by producer id (DescribeProducers).
    pub fn active_producers(&self) -> Vec<ActiveProducer> {
        let mut out: Vec<ActiveProducer> = self
            .producers
            .iter()
            .map(|(&producer_id, e)| ActiveProducer {
                producer_id,
                epoch: e.epoch,
                last_sequence: e.batches.back().map_or(-1, |b| b.last_seq),
                last_timestamp: e.batches.back().map_or(-1, |b| b.timestamp),
                coordinator_epoch: e.coordinator_epoch.unwrap_or(-1),
                current_txn_start_offset: e.current_txn_first_offset.unwrap_or(-1),
            })
            .collect();
        out.sort_unstable_by_key(|p| p.producer_id);
        out
    }

    /// How many producers have state.
    pub fn len(&self) -> usize {
        self.producers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
    }

    /// Records a stored batch of an idempotent producer (a batch read back
    /// from the log, or copied from the leader's); a transactional one opens
    /// the producer's transaction. Others, and control batches (see
    /// [`ProducerStateManager::track_batch`]), are ignored.
    pub fn track(&mut self, h: &BatchHeader) {
        if h.producer_id < 0 || h.is_control() {
            return;
        }
        if h.is_transactional() {
            self.begin_txn(h.producer_id, h.base_offset);
        }
        self.update(
            h.producer_id,
            h.producer_epoch,
            BatchMetadata {
                first_seq: h.base_sequence,
                last_seq: h.base_sequence.wrapping_add(h.last_offset_delta),
                base_offset: h.base_offset,
                last_offset: h.last_offset(),
                timestamp: h.max_timestamp,
            },
        );
    }

    /// Whether `producer_id` has an open transaction here at `epoch` (a
    /// transactional batch of it needs no verification with the
    /// coordinator, KIP-890).
    pub fn has_ongoing_txn(&self, producer_id: i64, epoch: i16) -> bool {
        self.producers
            .get(&producer_id)
            .is_some_and(|e| e.epoch == epoch && e.current_txn_first_offset.is_some())
    }

    /// A transactional batch of `producer_id` was appended at `first_offset`:
    /// it opens the producer's transaction unless one is open.
    pub fn begin_txn(&mut self, producer_id: i64, first_offset: i64) {
        let entry = self.producers.entry(producer_id).or_default();
        if entry.current_txn_first_offset.is_none() {
            entry.current_txn_first_offset = Some(first_offset);
            self.ongoing_txns.insert(first_offset, producer_id);
        }
    }

    /// Records a stored batch, data or end marker: a marker closes its
    /// producer's transaction and returns it (a marker of a producer
    /// without an open transaction closes nothing).
    pub fn track_batch(&mut self, batch: &RecordBatch) -> Option<CompletedTxn> {
        let h = batch.header();
        if !h.is_control() {
            self.track(h);
            return None;
        }
        let marker = marker_of(batch)?;
        self.complete_txn(h.producer_id, h.producer_epoch, h.base_offset, marker)
    }

    /// Whether a marker of `producer_id` at `epoch` from a coordinator of
    /// `coordinator_epoch` may be written (Kafka's `checkProducerEpoch` and
    /// `checkCoordinatorEpoch` of `appendEndTxnMarker`).
    pub fn check_marker(
        &self,
        producer_id: i64,
        epoch: i16,
        coordinator_epoch: i32,
    ) -> Result<(), MarkerError> {
        let Some(entry) = self.producers.get(&producer_id) else {
            return Ok(());
        };
        if epoch < entry.epoch {
            return Err(MarkerError::InvalidProducerEpoch);
        }
        if entry
            .coordinator_epoch
            .is_some_and(|c| c > coordinator_epoch)
        {
            return Err(MarkerError::CoordinatorFenced);
        }
        Ok(())
    }

    /// The marker of `producer_id` at offset `marker_offset` is written:
    /// its open transaction (if any) is closed, and waits for the high
    /// watermark as unreplicated.
    pub fn complete_txn(
        &mut self,
        producer_id: i64,
        epoch: i16,
        marker_offset: i64,
        marker: EndTransactionMarker,
    ) -> Option<CompletedTxn> {
        let entry = self.producers.entry(producer_id).or_default();
        if epoch != entry.epoch {
            entry.epoch = epoch;
            entry.batches.clear();
        }
        entry.coordinator_epoch = Some(marker.coordinator_epoch);
        let first_offset = entry.current_txn_first_offset.take()?;
        let completed = CompletedTxn {
            producer_id,
            first_offset,
            last_offset: marker_offset,
            is_aborted: !marker.commit,
        };
        self.ongoing_txns.remove(&first_offset);
        self.unreplicated_txns.insert(first_offset, completed);
        Some(completed)
    }

    /// The LSO to record with an aborted transaction in the transaction
    /// index (Kafka's `lastStableOffset(completedTxn)`): the first offset of
    /// another producer's open transaction, else just past the marker.
    pub fn last_stable_offset_of(&self, completed: &CompletedTxn) -> i64 {
        self.ongoing_txns
            .iter()
            .find(|(_, &pid)| pid != completed.producer_id)
            .map_or(completed.last_offset + 1, |(&first, _)| first)
    }

    /// The first offset of the oldest open or unreplicated transaction.
    pub fn first_unstable_offset(&self) -> Option<i64> {
        let ongoing = self.ongoing_txns.keys().next();
        let unreplicated = self.unreplicated_txns.keys().next();
        ongoing.into_iter().chain(unreplicated).min().copied()
    }

    /// The high watermark moved to `hw`: closed transactions whose marker
    /// is below it are stable.
    pub fn on_high_watermark_updated(&mut self, hw: i64) {
        self.unreplicated_txns.retain(|_, t| t.last_offset >= hw);
    }

    /// The producers' open transactions: (producer id, first offset), by
    /// first offset.
    pub fn ongoing_transactions(&self) -> Vec<(i64, i64)> {
        self.ongoing_txns
            .iter()
            .map(|(&first, &pid)| (pid, first))
            .collect()
    }

    /// The producers' state for `log` as it is now: the latest readable
    /// snapshot at or below its log end, then the batches after it (Kafka's
    /// `loadProducerState`). Snapshots above the log end are deleted first.
    pub fn load(log: &Log) -> ProducerStateManager {
        Self::load_with_aborts(log).0
    }

    /// [`ProducerStateManager::load`], then restores in `log`'s transaction
    /// indexes every abort the replay met that they lack: an entry lost in a
    /// crash while its marker survived (Kafka rebuilds the index while
    /// recovering a segment). The replay covers the log after the latest
    /// snapshot, which a crash's unflushed tail always is.
    pub fn load_and_repair(log: &mut Log) -> ProducerStateManager {
        let (state, aborts) = Self::load_with_aborts(log);
        for txn in aborts {
            match log.restore_aborted_txn(&txn) {
                Ok(true) => {
                    warn!(dir = %log.dir().display(), marker = txn.last_offset, "restored a lost aborted-transaction index entry")
                }
                Ok(false) => {}
                Err(e) => {
                    warn!(dir = %log.dir().display(), error = %e, "cannot restore an aborted-transaction index entry")
                }
            }
        }
        state
    }

    /// The state, and the aborts its replay met with their LSO then.
    fn load_with_aborts(log: &Log) -> (ProducerStateManager, Vec<AbortedTxn>) {
        let dir = log.dir();
        let end = log.log_end_offset();
        let offsets = producer_snapshot::list_snapshots(dir).unwrap_or_default();
        for &above in offsets.iter().filter(|&&o| o > end) {
            remove_snapshot(dir, above);
        }
        let mut state = ProducerStateManager::default();
        let mut replay_from = None;
        for &offset in offsets.iter().rev().filter(|&&o| o <= end) {
            let path = snapshot_file_path(dir, offset);
            match std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| producer_snapshot::decode(&b))
            {
                Ok(entries) => {
                    state = ProducerStateManager::from_entries(&entries);
                    replay_from = Some(offset);
                    break;
                }
                Err(e) => {
                    warn!(file = %path.display(), error = %e, "skipping an unreadable producer snapshot");
                    remove_snapshot(dir, offset);
                }
            }
        }
        // Without a snapshot, Kafka's loader also reads only the last two
        // segments: producers older than that restart their sequence (the
        // Java client does on OUT_OF_ORDER_SEQUENCE_NUMBER).
        let from = replay_from.unwrap_or_else(|| {
            let bases = log.segment_base_offsets();
            bases
                .iter()
                .rev()
                .nth(1)
                .or(bases.last())
                .copied()
                .unwrap_or(0)
        });
        let aborts = state.replay(log, from.max(log.log_start_offset()));
        (state, aborts)
    }

    /// Tracks every batch of `log` from `offset` to its end.
    /// Tracks every batch of `log` from `offset` to its end; returns the
    /// transactions aborted meanwhile, with the LSO the index records.
    fn replay(&mut self, log: &Log, mut offset: i64) -> Vec<AbortedTxn> {
        let mut aborts = Vec::new();
        let end = log.log_end_offset();
        while offset < end {
            let Ok(read) = log.read(offset, 8 << 20, end) else {
                break;
            };
            if read.batches == 0 {
                break;
            }
            for batch in Batches::new(read.records).flatten() {
                if let Some(txn) = self.track_batch(&batch).filter(|t| t.is_aborted) {
                    aborts.push(AbortedTxn {
                        producer_id: txn.producer_id,
                        first_offset: txn.first_offset,
                        last_offset: txn.last_offset,
                        last_stable_offset: self.last_stable_offset_of(&txn),
                    });
                }
            }
            offset = read.next_offset;
        }
        aborts
    }

    fn from_entries(entries: &[SnapshotEntry]) -> ProducerStateManager {
        let mut state = ProducerStateManager::default();
        for e in entries {
            // A producer known only by its epoch and markers has no batch
            // (last offset -1, as Kafka writes an empty entry).
            if e.last_offset >= 0 {
                state.update(
                    e.producer_id,
                    e.epoch,
                    BatchMetadata {
                        first_seq: e.last_sequence.wrapping_sub(e.offset_delta),
                        last_seq: e.last_sequence,
                        base_offset: e.last_offset - i64::from(e.offset_delta),
                        last_offset: e.last_offset,
                        timestamp: e.timestamp,
                    },
                );
            }
            let entry = state.producers.entry(e.producer_id).or_default();
            entry.epoch = e.epoch;
            entry.coordinator_epoch = (e.coordinator_epoch >= 0).then_some(e.coordinator_epoch);
            if e.current_txn_first_offset >= 0 {
                entry.current_txn_first_offset = Some(e.current_txn_first_offset);
                state
                    .ongoing_txns
                    .insert(e.current_txn_first_offset, e.producer_id);
            }
        }
        state
    }

    /// Kafka's snapshot entries: each producer with its last batch, in
    /// producer id order (so that equal states give equal files).
    fn entries(&self) -> Vec<SnapshotEntry> {
        let mut entries: Vec<SnapshotEntry> = self
            .producers
            .iter()
            .filter_map(|(&producer_id, entry)| {
                let transactional =
                    entry.current_txn_first_offset.is_some() || entry.coordinator_epoch.is_some();
                let last = match entry.batches.back() {
                    Some(last) => *last,
                    // Kafka's empty entry: no sequence, offset or timestamp.
                    None if transactional => BatchMetadata {
                        first_seq: -1,
                        last_seq: -1,
                        base_offset: -1,
                        last_offset: -1,
                        timestamp: -1,
                    },
                    None => return None,
                };
                Some(SnapshotEntry {
                    producer_id,
                    epoch: entry.epoch,
                    last_sequence: last.last_seq,
                    last_offset: last.last_offset,
                    offset_delta: i32::try_from(last.last_offset - last.base_offset)
                        .expect("a batch spans fewer than 2^31 offsets"),
                    timestamp: last.timestamp,
                    coordinator_epoch: entry.coordinator_epoch.unwrap_or(-1),
                    current_txn_first_offset: entry.current_txn_first_offset.unwrap_or(-1),
                })
            })
            .collect();
        entries.sort_unstable_by_key(|e| e.producer_id);
        entries
    }

    /// Writes the state as the snapshot of `log`'s end offset (durably: a
    /// crash leaves the file whole or absent) and deletes the snapshots of
    /// offsets the log no longer holds, keeping this one.
    pub fn take_snapshot(&self, log: &Log) -> Result<()> {
        let dir = log.dir();
        let offset = log.log_end_offset();
        let path = snapshot_file_path(dir, offset);
        write_atomically(dir, &path, &producer_snapshot::encode(&self.entries()))?;
        let first_segment = log.segment_base_offsets().first().copied().unwrap_or(0);
        let stale = producer_snapshot::list_snapshots(dir).at(dir)?;
        for old in stale
            .into_iter()
            .filter(|&o| o < first_segment && o < offset)
        {
            remove_snapshot(dir, old);
        }
        Ok(())
    }
}

/// Deletes one snapshot file; a failure is logged (the file is only a
/// shortcut, and a stale one above the log end is deleted again at load).
fn remove_snapshot(dir: &Path, offset: i64) {
    let path = snapshot_file_path(dir, offset);
    if let Err(e) = std::fs::remove_file(&path) {
        warn!(file = %path.display(), error = %e, "cannot delete a producer snapshot");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LogConfig;
    use crate::producer_snapshot::list_snapshots;
    use crate::test_batch;
    use protocol::records::header::*;

    /// A batch of `count` records of producer `pid` (epoch 0) from `seq`.
    fn idempotent(pid: i64, seq: i32, count: i32) -> Vec<u8> {
        let mut b = test_batch::batch(count, 1_000, 100);
        b[PRODUCER_ID_OFFSET..PRODUCER_ID_OFFSET + 8].copy_from_slice(&pid.to_be_bytes());
        b[PRODUCER_EPOCH_OFFSET..PRODUCER_EPOCH_OFFSET + 2].copy_from_slice(&0i16.to_be_bytes());
        b[BASE_SEQUENCE_OFFSET..BASE_SEQUENCE_OFFSET + 4].copy_from_slice(&seq.to_be_bytes());
        update_crc(&mut b);
        b
    }

    /// Appends as the partition does: the batch, its state, a snapshot at a
    /// roll.
    fn append(log: &mut Log, state: &mut ProducerStateManager, pid: i64, seq: i32) {
        let mut b = idempotent(pid, seq, 2);
        let info = log.append_at(&mut b, 1_000).unwrap();
        state.track(&BatchHeader::parse(&b).unwrap());
        if info.rolled.is_some() {
            state.take_snapshot(log).unwrap();
        }
    }

    /// About three batches of 161 bytes per segment.
    fn small_segments() -> LogConfig {
        LogConfig {
            segment_bytes: 500,
            ..LogConfig::default()
        }
    }

    #[test]
    fn a_producer_older_than_the_last_two_segments_is_known_again_from_the_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), small_segments()).unwrap();
        let mut state = ProducerStateManager::default();
        append(&mut log, &mut state, 7, 0);
        for seq in 0..12 {
            append(&mut log, &mut state, 8, seq * 2);
        }
        assert!(log.segment_count() > 3);
        state.take_snapshot(&log).unwrap();
        let end = log.log_end_offset();
        log.close().unwrap();
        assert_eq!(list_snapshots(dir.path()).unwrap().last(), Some(&end));

        let log = Log::open(dir.path(), small_segments()).unwrap();
        let again = ProducerStateManager::load(&log);
        // Producer 7's only batch is far behind: its retry is a duplicate.
        assert!(
            matches!(again.check(7, 0, 0, 1), SequenceCheck::Duplicate(m) if m.base_offset == 0)
        );
        assert_eq!(again.check(7, 0, 2, 3), SequenceCheck::Append);
        // Without the snapshot, the last two segments do not know it.
        std::fs::remove_file(snapshot_file_path(dir.path(), end)).unwrap();
        for o in list_snapshots(dir.path()).unwrap() {
            std::fs::remove_file(snapshot_file_path(dir.path(), o)).unwrap();
        }
        assert_eq!(
            ProducerStateManager::load(&log).check(7, 0, 0, 1),
            SequenceCheck::Append
        );
    }

    #[test]
    fn the_batches_after_the_snapshot_are_replayed_and_stale_snapshots_go() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), small_segments()).unwrap();
        let mut state = ProducerStateManager::default();
        for seq in 0..8 {
            append(&mut log, &mut state, 5, seq * 2);
        }
        let snapshots = list_snapshots(dir.path()).unwrap();
        let last = *snapshots.last().expect("rolls took snapshots");
        assert!(last < log.log_end_offset(), "batches after the last roll");
        // The segments' snapshots before the first segment are gone: only
        // those of offsets the log holds remain.
        assert!(snapshots
            .iter()
            .all(|&o| o >= log.segment_base_offsets()[0]));
        let loaded = ProducerStateManager::load(&log);
        assert!(matches!(
            loaded.check(5, 0, 14, 15),
            SequenceCheck::Duplicate(_)
        ));
        assert_eq!(loaded.check(5, 0, 16, 17), SequenceCheck::Append);

        // A snapshot above the log end (the log was cut below it) is deleted.
        let above = log.log_end_offset() + 100;
        std::fs::write(
            snapshot_file_path(dir.path(), above),
            producer_snapshot::encode(&[]),
        )
        .unwrap();
        // A corrupt latest snapshot is skipped for the one before.
        std::fs::write(
            snapshot_file_path(dir.path(), log.log_end_offset()),
            b"junk",
        )
        .unwrap();
        let loaded = ProducerStateManager::load(&log);
        assert!(matches!(
            loaded.check(5, 0, 14, 15),
            SequenceCheck::Duplicate(_)
        ));
        let left = list_snapshots(dir.path()).unwrap();
        assert!(
            !left.contains(&above) && !left.contains(&log.log_end_offset()),
            "{left:?}"
        );
    }

    fn meta(first_seq: i32, last_seq: i32, base_offset: i64) -> BatchMetadata {
        BatchMetadata {
            first_seq,
            last_seq,
            base_offset,
            last_offset: base_offset + (last_seq - first_seq) as i64,
            timestamp: 0,
        }
    }

    #[test]
    fn sequences_duplicates_and_gaps() {
        let mut t = ProducerStateManager::default();
        // Unknown producers start anywhere (their state may have gone with
        // retention or compaction).
        assert_eq!(t.check(7, 0, 3, 4), SequenceCheck::Append);
        assert_eq!(t.check(7, 0, 0, 4), SequenceCheck::Append);
        t.update(7, 0, meta(0, 4, 100));
        assert_eq!(t.check(7, 0, 5, 9), SequenceCheck::Append);
        t.update(7, 0, meta(5, 9, 105));
        assert_eq!(
            t.check(7, 0, 0, 4),
            SequenceCheck::Duplicate(meta(0, 4, 100))
        );
        assert_eq!(
            t.check(7, 0, 11, 12),
            SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
        );
        assert_eq!(t.check(7, 0, 10, 12), SequenceCheck::Append);
    }

    #[test]
    fn epochs_fence_and_reset() {
        let mut t = ProducerStateManager::default();
        t.update(1, 3, meta(0, 0, 0));
        assert_eq!(
            t.check(1, 2, 1, 1),
            SequenceCheck::Reject(SequenceError::InvalidProducerEpoch)
        );
        assert_eq!(
            t.check(1, 4, 5, 5),
            SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
        );
        assert_eq!(t.check(1, 4, 0, 0), SequenceCheck::Append);
        t.update(1, 4, meta(0, 0, 1));
        assert_eq!(t.check(1, 4, 1, 1), SequenceCheck::Append);
    }

    #[test]
    fn only_the_last_five_batches_are_remembered() {
        let mut t = ProducerStateManager::default();
        for i in 0..7 {
            t.update(1, 0, meta(i, i, i as i64));
        }
        assert_eq!(
            t.check(1, 0, 1, 1),
            SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
        );
        assert_eq!(t.check(1, 0, 2, 2), SequenceCheck::Duplicate(meta(2, 2, 2)));
        assert_eq!(
            t.check(1, 0, i32::MAX, i32::MAX),
            SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
        );
    }

    /// A transactional batch of `count` records of producer `pid` at `epoch`.
    fn transactional(pid: i64, epoch: i16, seq: i32, count: i32) -> Vec<u8> {
        let mut b = idempotent(pid, seq, count);
        b[PRODUCER_EPOCH_OFFSET..PRODUCER_EPOCH_OFFSET + 2].copy_from_slice(&epoch.to_be_bytes());
        let attrs = i16::from_be_bytes([b[ATTRIBUTES_OFFSET], b[ATTRIBUTES_OFFSET + 1]])
            | ATTR_TRANSACTIONAL;
        b[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attrs.to_be_bytes());
        update_crc(&mut b);
        b
    }

    fn marker(pid: i64, epoch: i16, commit: bool, coordinator_epoch: i32) -> Vec<u8> {
        let m = EndTransactionMarker {
            commit,
            coordinator_epoch,
        };
        protocol::records::control::marker_batch(pid, epoch, m, 1_000)
            .unwrap()
            .to_vec()
    }

    /// Appends `b` to `log` and tracks it as the partition does.
    fn append_tracked(
        log: &mut Log,
        state: &mut ProducerStateManager,
        mut b: Vec<u8>,
    ) -> Option<CompletedTxn> {
        log.append_at(&mut b, 1_000).unwrap();
        let batch = RecordBatch::from_bytes(bytes::Bytes::from(b)).unwrap();
        state.track_batch(&batch)
    }

    #[test]
    fn transactions_open_close_and_bound_the_first_unstable_offset() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        let mut state = ProducerStateManager::default();
        // Producer 1 opens at 0, producer 2 at 2; an idempotent batch between.
        append_tracked(&mut log, &mut state, transactional(1, 0, 0, 2));
        append_tracked(&mut log, &mut state, transactional(2, 0, 0, 2));
        append_tracked(&mut log, &mut state, idempotent(3, 0, 2));
        append_tracked(&mut log, &mut state, transactional(1, 0, 2, 2));
        assert_eq!(state.first_unstable_offset(), Some(0));
        assert_eq!(state.ongoing_transactions(), vec![(1, 0), (2, 2)]);
        // Producer 1 aborts at offset 8.
        let done = append_tracked(&mut log, &mut state, marker(1, 0, false, 5)).unwrap();
        assert_eq!(
            done,
            CompletedTxn {
                producer_id: 1,
                first_offset: 0,
                last_offset: 8,
                is_aborted: true
            }
        );
        // Producer 2's transaction is open: the LSO recorded with the abort.
        assert_eq!(state.last_stable_offset_of(&done), 2);
        // Unreplicated until the high watermark passes the marker.
        assert_eq!(state.first_unstable_offset(), Some(0));
        state.on_high_watermark_updated(8);
        assert_eq!(state.first_unstable_offset(), Some(0));
        state.on_high_watermark_updated(9);
        assert_eq!(state.first_unstable_offset(), Some(2));
        // A marker without an open transaction closes nothing.
        assert_eq!(
            append_tracked(&mut log, &mut state, marker(1, 0, true, 5)),
            None
        );
        let done = append_tracked(&mut log, &mut state, marker(2, 0, true, 5)).unwrap();
        assert!(!done.is_aborted);
        assert_eq!(state.last_stable_offset_of(&done), done.last_offset + 1);
        state.on_high_watermark_updated(log.log_end_offset());
        assert_eq!(state.first_unstable_offset(), None);

        // Markers are checked against the producer's epoch and the
        // coordinator's.
        assert_eq!(state.check_marker(1, 0, 5), Ok(()));
        assert_eq!(
            state.check_marker(1, 0, 4),
            Err(MarkerError::CoordinatorFenced)
        );
        append_tracked(&mut log, &mut state, transactional(1, 1, 0, 1));
        assert_eq!(
            state.check_marker(1, 0, 9),
            Err(MarkerError::InvalidProducerEpoch)
        );
    }

    #[test]
    fn active_producers_are_listed_by_id() {
        let mut t = ProducerStateManager::default();
        t.update(9, 1, meta(0, 4, 100));
        t.update(3, 0, meta(5, 7, 50));
        t.begin_txn(3, 50);
        t.complete_txn(
            4,
            2,
            60,
            EndTransactionMarker {
                commit: true,
                coordinator_epoch: 6,
            },
        );
        let listed = t.active_producers();
        let ids: Vec<_> = listed.iter().map(|p| p.producer_id).collect();
        assert_eq!(ids, vec![3, 4, 9]);
        assert_eq!(
            (listed[0].last_sequence, listed[0].current_txn_start_offset),
            (7, 50)
        );
        // Known only by a marker: no batch, its coordinator epoch.
        assert_eq!(
            (
                listed[1].epoch,
                listed[1].last_sequence,
                listed[1].last_timestamp,
                listed[1].coordinator_epoch
            ),
            (2, -1, -1, 6)
        );
        assert_eq!(
            (listed[2].epoch, listed[2].current_txn_start_offset),
            (1, -1)
        );
    }

    #[test]
    fn a_lost_abort_entry_is_restored_from_its_marker() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        let mut state = ProducerStateManager::default();
        append_tracked(&mut log, &mut state, transactional(5, 0, 0, 2));
        append_tracked(&mut log, &mut state, transactional(6, 0, 0, 1));
        let done = append_tracked(&mut log, &mut state, marker(5, 0, false, 1)).unwrap();
        let entry = AbortedTxn {
            producer_id: 5,
            first_offset: 0,
            last_offset: done.last_offset,
            last_stable_offset: state.last_stable_offset_of(&done),
        };
        assert_eq!(entry.last_stable_offset, 2, "producer 6 is still open");
        // The crash kept the marker but not the index entry.
        log.close().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        assert!(log.collect_aborted_transactions(0, 100).unwrap().is_empty());
        let loaded = ProducerStateManager::load_and_repair(&mut log);
        assert_eq!(
            log.collect_aborted_transactions(0, 100).unwrap(),
            vec![entry]
        );
        assert_eq!(loaded.ongoing_transactions(), vec![(6, 2)]);
        // Loading again adds nothing.
        ProducerStateManager::load_and_repair(&mut log);
        assert_eq!(
            log.collect_aborted_transactions(0, 100).unwrap(),
            vec![entry]
        );
    }

    #[test]
    fn an_open_transaction_survives_a_snapshot_a_reload_and_expiration() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        let mut state = ProducerStateManager::default();
        append_tracked(&mut log, &mut state, transactional(4, 2, 0, 3));
        append_tracked(&mut log, &mut state, marker(4, 2, true, 7));
        append_tracked(&mut log, &mut state, transactional(4, 2, 3, 2));
        state.take_snapshot(&log).unwrap();
        // After the snapshot: producer 5 opens, and is replayed.
        append_tracked(&mut log, &mut state, transactional(5, 0, 0, 1));
        let loaded = ProducerStateManager::load(&log);
        assert_eq!(loaded.ongoing_transactions(), vec![(4, 4), (5, 6)]);
        assert_eq!(
            loaded.check_marker(4, 2, 6),
            Err(MarkerError::CoordinatorFenced)
        );
        // Without any snapshot, the replay finds the same.
        for o in list_snapshots(dir.path()).unwrap() {
            std::fs::remove_file(snapshot_file_path(dir.path(), o)).unwrap();
        }
        let replayed = ProducerStateManager::load(&log);
        assert_eq!(replayed.ongoing_transactions(), vec![(4, 4), (5, 6)]);
        // A producer with an open transaction never expires.
        let mut replayed = replayed;
        assert_eq!(replayed.remove_expired_producers(i64::MAX, 1), 0);
        assert_eq!(replayed.len(), 2);
    }

    #[test]
    fn producers_idle_for_the_expiration_are_forgotten() {
        let mut t = ProducerStateManager::default();
        let at = |ts, seq| BatchMetadata {
            timestamp: ts,
            ..meta(seq, seq, seq as i64)
        };
        t.update(1, 0, at(1_000, 0));
        t.update(2, 0, at(1_000, 0));
        t.update(2, 0, at(5_000, 1));
        // Producer 1's last batch is 10 s old, producer 2's 6 s.
        assert_eq!(t.remove_expired_producers(11_000, 10_001), 0);
        assert_eq!(t.remove_expired_producers(11_000, 10_000), 1);
        assert_eq!(t.len(), 1);
        // Forgotten: its next batch is taken whatever its sequence; the
        // one still known is held to its sequence.
        assert_eq!(t.check(1, 0, 7, 7), SequenceCheck::Append);
        assert_eq!(
            t.check(2, 0, 7, 7),
            SequenceCheck::Reject(SequenceError::OutOfOrderSequence)
        );
    }
}
