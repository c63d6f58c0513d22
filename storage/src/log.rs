//! The log of one partition (Kafka's `UnifiedLog`/`LocalLog`): an ordered
//! set of segments in `<log.dirs>/<topic>-<partition>/`, the last of which —
//! the active segment — takes appends, and the partition's leader epoch
//! cache, kept in step with appends, truncations and retention.
//!
//! This file holds the `Log` state, its opening and invariants, accessors,
//! flush and close; `log/append.rs` appends and rolls, `log/read.rs` reads
//! and timestamp lookups, `log/truncation.rs` truncation, `log/retention.rs`
//! DeleteRecords and retention, `log/compaction.rs` the cleaner's plan and
//! swap, `log/transactions.rs` the aborted-transaction indexes.

mod append;
mod compaction;
mod read;
mod retention;
mod transactions;
mod truncation;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use protocol::records::header::{set_base_offset, BatchHeader, BATCH_HEADER_LEN};
use tracing::{debug, info, warn};

use crate::cleaner::{self, CleanPlan, Cleaned, SourceSegment};
use crate::config::LogConfig;
use crate::error::{IoContext, Result, StorageError};
use crate::leader_epoch::{EpochEntry, LeaderEpochFileCache};
use crate::log_start_offset;
use crate::recovery::{self, RecoveryStats};
use crate::segment::{crc_problem, LoadOutcome, Segment, MAX_RELATIVE_OFFSET};

/// `<log_dir>/<topic>-<partition>`, Kafka's partition directory name.
pub fn partition_dir(log_dir: &Path, topic: &str, partition: i32) -> PathBuf {
    log_dir.join(format!("{topic}-{partition}"))
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Why the active segment was rolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollReason {
    /// The batch would take the segment past `segment_bytes`.
    Size,
    /// The segment spans more than `segment_ms`.
    Time,
    /// An index is full (`segment_index_bytes`).
    IndexFull,
    /// The batch's offsets are too far from the segment base for the index.
    OffsetOverflow,
    /// Everything in the active segment is past retention.ms: it is rolled
    /// so that retention can delete it (an idle topic expires too).
    Retention,
}

/// Where an appended batch went. For a follower append of several batches
/// ([`Log::append_as_follower`]) it describes them together: the first
/// batch's base offset, segment and position, the last batch's last offset,
/// the largest max timestamp, the bytes of all, and the first roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendInfo {
    pub base_offset: i64,
    pub last_offset: i64,
    /// The batch's max timestamp.
    pub max_timestamp: i64,
    /// Segment the batch was written to, and its position and size there.
    pub segment_base_offset: i64,
    pub position: u32,
    pub size: usize,
    /// The append rolled a new segment first.
    pub rolled: Option<RollReason>,
    /// `flush_messages` was reached: the caller must fsync the log
    /// (everything appended so far is in [`Log::active_log_file`] or in
    /// rolled segments, fsynced when sealed) before acknowledging.
    pub flush_due: bool,
}

impl AppendInfo {
    /// This append followed by `next`, the append of the following batch.
    fn then(self, next: AppendInfo) -> AppendInfo {
        // Gaps only in a follower's copy of a compacted log.
        assert!(
            next.base_offset > self.last_offset,
            "batches in offset order"
        );
        AppendInfo {
            last_offset: next.last_offset,
            max_timestamp: self.max_timestamp.max(next.max_timestamp),
            size: self.size + next.size,
            rolled: self.rolled.or(next.rolled),
            flush_due: self.flush_due || next.flush_due,
            ..self
        }
    }
}

/// The file range returned by [`Log::read_slice`].
#[derive(Debug, Clone)]
pub struct SliceRead {
    /// What to send; `None` when nothing committed is at or after the offset.
    pub slice: Option<crate::segment::FileSlice>,
    pub log_start_offset: i64,
    pub log_end_offset: i64,
}

/// Whole batches returned by [`Log::read`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadResult {
    /// Batches back to back; empty when nothing is readable under the limits.
    pub records: Bytes,
    pub batches: usize,
    /// Base offset of the first batch (`<=` the fetch offset), if any.
    pub first_offset: Option<i64>,
    /// Offset after the last batch returned (the next fetch offset); the
    /// fetch offset when nothing was returned.
    pub next_offset: i64,
    pub log_start_offset: i64,
    pub log_end_offset: i64,
}

/// The log of one partition.
#[derive(Debug)]
pub struct Log {
    dir: PathBuf,
    config: LogConfig,
    /// Keyed by base offset; never empty; the last is the active segment.
    segments: BTreeMap<i64, Segment>,
    log_start_offset: i64,
    log_end_offset: i64,
    unflushed_messages: u64,
    recovery: RecoveryStats,
    leader_epoch_cache: LeaderEpochFileCache,
    /// Where the part of the log not yet compacted starts (Kafka's first
    /// dirty offset, kept in `cleaner-offset-checkpoint`).
    first_dirty_offset: i64,
    /// Bumped by every truncation: a cleaning round planned before one is
    /// thrown away, even if a segment was cut and refilled to its old size.
    truncations: u64,
}

impl Log {
    /// Opens the partition directory `dir` (created if missing), recovering
    /// the unflushed tail after an unclean shutdown.
    pub fn open(dir: impl AsRef<Path>, config: LogConfig) -> Result<Log> {
        config.validate()?;
        let dir = dir.as_ref().to_path_buf();
        // A cleaning round cut short: finish its swap or forget it, before
        // the segments are read.
        cleaner::recover_swap(&dir, true)?;
        let loaded = recovery::load(&dir, &config, now_ms())?;
        let first_base = *loaded.segments.keys().next().expect("never empty");
        let log_end_offset = loaded
            .segments
            .values()
            .next_back()
            .expect("never empty")
            .next_offset();
        // A checkpoint below the first segment is stale (retention went
        // further); one past the log end is dealt with below.
        let checkpointed = log_start_offset::read(&dir)?;
        let log_start_offset = checkpointed
            .map_or(first_base, |c| c.max(first_base))
            .min(log_end_offset);
        let leader_epoch_cache =
            load_leader_epoch_cache(&dir, &loaded.segments, log_start_offset, log_end_offset)?;
        let first_dirty_offset = cleaner::read_checkpoint(&dir)?
            .unwrap_or(0)
            .clamp(log_start_offset, log_end_offset);
        // One line per partition: debug (the broker sums them up at info).
        debug!(
            dir = %dir.display(),
            created = loaded.stats.created,
            clean_shutdown = loaded.stats.clean_shutdown,
            segments = loaded.stats.segments,
            log_start_offset,
            log_end_offset,
            recovered_batches = loaded.stats.recovered_batches,
            truncated_bytes = loaded.stats.truncated_bytes,
            latest_epoch = ?leader_epoch_cache.latest_epoch(),
            "opened log"
        );
        let mut log = Log {
            dir,
            config,
            segments: loaded.segments,
            log_start_offset,
            log_end_offset,
            unflushed_messages: 0,
            recovery: loaded.stats,
            leader_epoch_cache,
            first_dirty_offset,
            truncations: 0,
        };
        if let Some(checkpointed) = checkpointed.filter(|&c| c > log_end_offset) {
            // The records below the checkpoint were deleted, and a crash then
            // lost the unflushed tail up to it: start over at the checkpoint
            // rather than hand out the deleted offsets again (as Kafka's
            // LogLoader does).
            warn!(dir = %log.dir.display(), checkpointed, log_end_offset, "log ends below its checkpointed start offset; emptying it");
            log.truncate_fully_and_start_at(checkpointed)?;
        }
        log.check_invariants();
        Ok(log)
    }

    fn check_invariants(&self) {
        let active = self.active();
        assert_eq!(
            active.next_offset(),
            self.log_end_offset,
            "active segment ends at the log end"
        );
        assert!(self.log_start_offset <= self.log_end_offset);
        assert!(
            *self.segments.keys().next().expect("never empty") <= self.log_start_offset,
            "log start offset inside the first segment"
        );
        let epochs = self.leader_epoch_cache.epoch_entries();
        if let (Some(first), Some(last)) = (epochs.first(), epochs.last()) {
            assert!(
                self.log_start_offset <= first.start_offset
                    && last.start_offset <= self.log_end_offset,
                "leader epochs {epochs:?} outside the log [{}, {}]",
                self.log_start_offset,
                self.log_end_offset
            );
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &LogConfig {
        &self.config
    }

    /// Applies changed topic configs to the running log (AlterConfigs).
    /// Limits checked on append, segment rolling, flushing and retention
    /// take the new values at once; index sizes apply to new segments.
    pub fn set_config(&mut self, config: LogConfig) {
        self.config = config;
    }

    /// What [`Log::open`] found: whether the shutdown was clean and how much
    /// the recovery scan did.
    pub fn recovery_stats(&self) -> &RecoveryStats {
        &self.recovery
    }

    /// The partition's leader epochs and where each starts in the log.
    pub fn leader_epoch_cache(&self) -> &LeaderEpochFileCache {
        &self.leader_epoch_cache
    }

    /// The latest leader epoch that wrote to the log (of its last batch
    /// carrying one), if any.
    /// Records that `epoch` starts at the log end offset: a new leader does
    /// this before it appends anything (Kafka's makeLeader), so that a
    /// follower asking OffsetForLeaderEpoch for an older epoch learns where
    /// that epoch ended even if the new leader has written nothing yet.
    pub fn assign_leader_epoch(&mut self, epoch: i32) -> Result<()> {
        if epoch < 0 {
            return Ok(());
        }
        let leo = self.log_end_offset;
        self.leader_epoch_cache.assign(epoch, leo).map(|_| ())
    }

    pub fn latest_epoch(&self) -> Option<i32> {
        self.leader_epoch_cache.latest_epoch()
    }

    /// The answer to OffsetsForLeaderEpoch for `epoch`: the largest epoch
    /// `<= epoch` that wrote to the log and the offset where its data ends
    /// (the log end offset for the latest epoch); `None` stands for Kafka's
    /// (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET). See
    /// [`LeaderEpochFileCache::end_offset_for`] for the edge cases.
    pub fn end_offset_for_epoch(&self, epoch: i32) -> Option<(i32, i64)> {
        self.leader_epoch_cache
            .end_offset_for(epoch, self.log_end_offset)
    }

    /// First offset still in the log.
    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset
    }

    /// The next offset to assign.
    pub fn log_end_offset(&self) -> i64 {
        self.log_end_offset
    }

    /// Base offsets of the segments, oldest first.
    pub fn segment_base_offsets(&self) -> Vec<i64> {
        self.segments.keys().copied().collect()
    }

    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Total bytes of all segments.
    pub fn size_in_bytes(&self) -> u64 {
        self.segments.values().map(|s| s.size() as u64).sum()
    }

    fn active(&self) -> &Segment {
        self.segments.values().next_back().expect("never empty")
    }

    fn active_mut(&mut self) -> &mut Segment {
        self.segments.values_mut().next_back().expect("never empty")
    }

    /// Closes the active segment's indexes if it wrote no index entry since
    /// the last call (see `segment.rs`); returns whether it did.
    pub fn release_idle_indexes(&mut self) -> bool {
        self.active_mut().release_idle_indexes()
    }

    pub fn flush(&mut self) -> Result<()> {
        self.active().flush_log()?;
        self.unflushed_messages = 0;
        Ok(())
    }

    /// Seals the active segment, fsyncs everything and writes the
    /// clean-shutdown marker, so the next open skips the recovery scan.
    pub fn close(mut self) -> Result<()> {
        self.active_mut().seal()?;
        recovery::write_clean_shutdown_marker(&self.dir)?;
        info!(dir = %self.dir.display(), log_end_offset = self.log_end_offset, "closed log");
        Ok(())
    }

    /// Moves the log's directory to `to`, as Kafka's `renameDir` does to set
    /// a deleted partition aside before its name can be used again: the log
    /// is sealed and marked clean, the directory renamed, and the log opened
    /// again from `to`, so that every later file operation of this log
    /// (appends, retention, the cleaner, close) happens under `to` and never
    /// under the old name. A cleaning round planned before is thrown away.
    pub fn rename_dir(&mut self, to: &Path) -> Result<()> {
        self.active_mut().seal()?;
        recovery::write_clean_shutdown_marker(&self.dir)?;
        fs::rename(&self.dir, to).at(&self.dir)?;
        if let Some(parent) = to.parent() {
            recovery::sync_dir(parent)?;
        }
        let mut reopened = Log::open(to, self.config.clone())?;
        reopened.truncations = self.truncations + 1;
        info!(from = %self.dir.display(), to = %to.display(), "renamed log directory");
        *self = reopened;
        Ok(())
    }

    /// Deletes the partition directory and everything in it.
    pub fn delete(self) -> Result<()> {
        let dir = self.dir.clone();
        drop(self);
        fs::remove_dir_all(&dir).at(&dir)?;
        info!(dir = %dir.display(), "deleted log");
        Ok(())
    }
}

/// The leader epoch cache of a log being opened: its checkpoint or, when
/// that is missing or unparsable (a directory written before the cache
/// existed), rebuilt from the partition leader epochs of every batch header.
/// Then aligned with the log, as Kafka's loader does: recovery may have cut
/// batches whose epochs were already checkpointed.
fn load_leader_epoch_cache(
    dir: &Path,
    segments: &BTreeMap<i64, Segment>,
    log_start_offset: i64,
    log_end_offset: i64,
) -> Result<LeaderEpochFileCache> {
    let mut cache = match LeaderEpochFileCache::load(dir)? {
        Some(cache) => cache,
        None => {
            let entries = scan_epoch_starts(segments)?;
            let cache = LeaderEpochFileCache::rebuild(dir, entries)?;
            // A new, empty log has nothing to rebuild: not worth a line.
            if log_end_offset > log_start_offset {
                info!(
                    dir = %dir.display(),
                    segments = segments.len(),
                    entries = ?cache.epoch_entries(),
                    "rebuilt the leader epoch cache from the log"
                );
            }
            cache
        }
    };
    cache.truncate_from_end(log_end_offset)?;
    cache.truncate_from_start(log_start_offset)?;
    Ok(cache)
}

/// The `(epoch, base offset)` of every batch whose epoch differs from that of
/// the last batch carrying one, in log order: the assignments that appending
/// the log again would make (a batch of the same epoch at a higher offset
/// never changes the cache).
fn scan_epoch_starts(segments: &BTreeMap<i64, Segment>) -> Result<Vec<EpochEntry>> {
    let mut entries: Vec<EpochEntry> = Vec::new();
    for segment in segments.values() {
        segment.for_each_header(|h| {
            let epoch = h.partition_leader_epoch;
            if epoch >= 0 && entries.last().map(|e| e.epoch) != Some(epoch) {
                entries.push(EpochEntry::new(epoch, h.base_offset));
            }
        })?;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leader_epoch::{LEADER_EPOCH_CHECKPOINT_FILE, UNDEFINED_EPOCH};
    use crate::log_start_offset::LOG_START_OFFSET_CHECKPOINT_FILE;
    use crate::test_batch::batch;
    use protocol::records::header::set_partition_leader_epoch;

    const NOW: i64 = 1_000_000;

    fn e(epoch: i32, start_offset: i64) -> EpochEntry {
        EpochEntry::new(epoch, start_offset)
    }

    /// A batch of `count` records stamped with `epoch` (not covered by the CRC).
    fn epoch_batch(count: i32, epoch: i32, payload_len: usize) -> Vec<u8> {
        let mut b = batch(count, 1000, payload_len);
        set_partition_leader_epoch(&mut b, epoch);
        b
    }

    /// A batch as a leader's log holds it: base offset and epoch set.
    fn batch_at(base_offset: i64, count: i32, epoch: i32) -> Vec<u8> {
        let mut b = epoch_batch(count, epoch, 40);
        set_base_offset(&mut b, base_offset);
        b
    }

    /// Appends one batch of `count` records per epoch, as a leader.
    fn append_epochs(log: &mut Log, epochs: &[i32], count: i32) {
        for &epoch in epochs {
            log.append_at(&mut epoch_batch(count, epoch, 100), NOW)
                .unwrap();
        }
    }

    fn entries(log: &Log) -> Vec<EpochEntry> {
        log.leader_epoch_cache().epoch_entries().to_vec()
    }

    fn read_all(log: &Log) -> Vec<u8> {
        log.read(log.log_start_offset(), usize::MAX, i64::MAX)
            .unwrap()
            .records
            .to_vec()
    }

    /// Three batches of 161 bytes per segment.
    fn three_per_segment() -> LogConfig {
        LogConfig {
            segment_bytes: 500,
            index_interval_bytes: 150,
            ..LogConfig::default()
        }
    }

    #[test]
    fn leader_appends_record_where_each_epoch_starts() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        assert_eq!(log.latest_epoch(), None);
        assert_eq!(log.end_offset_for_epoch(0), None);
        // Batches of 2 records: offsets 0, 2, 4, ...; -1 is "no epoch".
        append_epochs(&mut log, &[-1, 0, 0, 2, 2, 5], 2);
        assert_eq!(entries(&log), [e(0, 2), e(2, 6), e(5, 10)]);
        assert_eq!(log.latest_epoch(), Some(5));
        assert_eq!(log.end_offset_for_epoch(5), Some((5, 12)));
        assert_eq!(log.end_offset_for_epoch(2), Some((2, 10)));
        assert_eq!(log.end_offset_for_epoch(3), Some((2, 10)));
        assert_eq!(log.end_offset_for_epoch(1), Some((0, 6)));
        assert_eq!(log.end_offset_for_epoch(0), Some((0, 6)));
        assert_eq!(log.end_offset_for_epoch(6), None);
        assert_eq!(log.end_offset_for_epoch(UNDEFINED_EPOCH), None);
        // The leader path keeps the epoch the caller stamped.
        let r = log.read(10, 1, i64::MAX).unwrap();
        assert_eq!(
            BatchHeader::parse(&r.records)
                .unwrap()
                .partition_leader_epoch,
            5
        );
    }

    #[test]
    fn epoch_cache_persists_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        append_epochs(&mut log, &[0, 3, 3, 7], 1);
        drop(log); // Unclean: the checkpoint was written by each assign.
        let text = fs::read_to_string(dir.path().join(LEADER_EPOCH_CHECKPOINT_FILE)).unwrap();
        assert_eq!(text, "0\n3\n0 0\n3 1\n7 3\n");
        let log = Log::open(dir.path(), LogConfig::default()).unwrap();
        assert_eq!(entries(&log), [e(0, 0), e(3, 1), e(7, 3)]);
        log.close().unwrap();
        let log = Log::open(dir.path(), LogConfig::default()).unwrap();
        assert_eq!(entries(&log), [e(0, 0), e(3, 1), e(7, 3)]);
    }

    #[test]
    fn epoch_cache_is_rebuilt_from_the_segments_when_its_file_is_missing_or_bad() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), three_per_segment()).unwrap();
        append_epochs(&mut log, &[-1, -1, 1, 1, 1, 1, 4, 6, 6, 6, 6, 9, 9], 2);
        let want = [e(1, 4), e(4, 12), e(6, 14), e(9, 22)];
        assert_eq!(entries(&log), want);
        assert!(log.segment_count() > 3);
        drop(log);
        let path = dir.path().join(LEADER_EPOCH_CHECKPOINT_FILE);
        // A data directory from before the cache existed.
        fs::remove_file(&path).unwrap();
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(entries(&log), want);
        assert!(path.exists(), "the rebuilt cache is written");
        drop(log);
        fs::write(&path, "0\n7\ngarbage\n").unwrap();
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(entries(&log), want);
        assert_eq!(log.end_offset_for_epoch(4), Some((4, 14)));
    }

    #[test]
    fn truncation_drops_the_epochs_of_removed_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), three_per_segment()).unwrap();
        append_epochs(&mut log, &[0, 0, 0, 2, 2, 5], 2);
        assert_eq!(entries(&log), [e(0, 0), e(2, 6), e(5, 10)]);
        // At or past the end: nothing changes.
        log.truncate_to(12).unwrap();
        assert_eq!(entries(&log), [e(0, 0), e(2, 6), e(5, 10)]);
        // Inside the batch 10..=11 that started epoch 5: the batch goes, so
        // does the epoch.
        log.truncate_to(11).unwrap();
        assert_eq!(log.log_end_offset(), 10);
        assert_eq!(entries(&log), [e(0, 0), e(2, 6)]);
        assert_eq!(log.end_offset_for_epoch(5), None);
        // Into an older segment, on an epoch boundary.
        log.truncate_to(6).unwrap();
        assert_eq!(entries(&log), [e(0, 0)]);
        assert_eq!(log.end_offset_for_epoch(2), None);
        assert_eq!(log.end_offset_for_epoch(0), Some((0, 6)));
        drop(log);
        let mut log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(entries(&log), [e(0, 0)], "persisted");
        // A new leader continues the log.
        append_epochs(&mut log, &[7], 1);
        assert_eq!(entries(&log), [e(0, 0), e(7, 6)]);
        // Emptying the log clears the cache (Kafka's truncateFullyAndStartAt).
        log.truncate_to(0).unwrap();
        assert_eq!(entries(&log), []);
        assert_eq!(log.latest_epoch(), None);
        append_epochs(&mut log, &[8], 1);
        assert_eq!(entries(&log), [e(8, 0)]);
    }

    #[test]
    fn retention_truncates_the_epoch_cache_from_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), three_per_segment()).unwrap();
        // One record per batch, three batches per segment: segments 0, 3, 6, 9.
        append_epochs(&mut log, &[0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3], 1);
        assert_eq!(log.segment_base_offsets(), [0, 3, 6, 9]);
        assert_eq!(entries(&log), [e(0, 0), e(1, 2), e(2, 7), e(3, 10)]);
        let total = log.size_in_bytes() as i64;
        // Delete the first segment: epoch 1, which covers offset 3, now
        // starts there; epoch 0 is gone.
        assert_eq!(log.delete_old_segments(NOW, -1, total - 483).unwrap(), 1);
        assert_eq!(log.log_start_offset(), 3);
        assert_eq!(entries(&log), [e(1, 3), e(2, 7), e(3, 10)]);
        assert_eq!(log.end_offset_for_epoch(0), Some((0, 3)));
        // Everything but the active segment.
        assert_eq!(log.delete_old_segments(NOW, -1, 0).unwrap(), 2);
        assert_eq!(log.log_start_offset(), 9);
        assert_eq!(entries(&log), [e(2, 9), e(3, 10)]);
        drop(log);
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(entries(&log), [e(2, 9), e(3, 10)]);
        drop(log);
        // A rebuild from what is left agrees.
        fs::remove_file(dir.path().join(LEADER_EPOCH_CHECKPOINT_FILE)).unwrap();
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(entries(&log), [e(2, 9), e(3, 10)]);
    }

    #[test]
    fn epochs_of_a_tail_cut_by_recovery_are_dropped_on_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        append_epochs(&mut log, &[1, 1, 2], 1);
        assert_eq!(entries(&log), [e(1, 0), e(2, 2)]);
        drop(log);
        // A crash tore the last batch, whose epoch was checkpointed.
        let segment = crate::segment::log_file_path(dir.path(), 0);
        let len = fs::metadata(&segment).unwrap().len();
        fs::OpenOptions::new()
            .write(true)
            .open(&segment)
            .unwrap()
            .set_len(len - 10)
            .unwrap();
        let log = Log::open(dir.path(), LogConfig::default()).unwrap();
        assert_eq!(log.log_end_offset(), 2);
        assert_eq!(entries(&log), [e(1, 0)]);
        assert_eq!(log.end_offset_for_epoch(1), Some((1, 2)));
    }

    /// A follower that copies a leader's log with fetch-sized slices (cut
    /// inside batches) ends up with the same files, byte for byte: batches,
    /// segments, indexes and leader epoch checkpoint.
    #[test]
    fn follower_copy_of_a_log_is_byte_identical() {
        let (leader_dir, follower_dir) =
            (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let config = LogConfig {
            segment_bytes: 2000,
            index_interval_bytes: 150,
            ..LogConfig::default()
        };
        let mut leader = Log::open(leader_dir.path(), config.clone()).unwrap();
        for i in 0..80 {
            let epoch = match i {
                0..=9 => -1,
                10..=29 => 0,
                30..=54 => 3,
                _ => 4,
            };
            let mut b = batch(1 + (i % 4), 1000 + i as i64, 20 + (i as usize * 37) % 300);
            set_partition_leader_epoch(&mut b, epoch);
            leader.append_at(&mut b, NOW).unwrap();
        }
        let leo = leader.log_end_offset();
        let mut follower = Log::open(follower_dir.path(), config.clone()).unwrap();
        let (mut fetches, mut cut) = (0, 0);
        while follower.log_end_offset() < leo {
            let slice = leader
                .read_slice(follower.log_end_offset(), 700, leo)
                .unwrap()
                .slice
                .expect("data below the leader's end");
            let records = slice.read_to_vec().unwrap();
            let info = follower.append_as_follower(&records, NOW).unwrap();
            assert!(info.size <= records.len());
            cut += usize::from(info.size < records.len());
            assert_eq!(info.last_offset + 1, follower.log_end_offset());
            fetches += 1;
        }
        assert!(fetches > 10 && cut > 0, "{fetches} fetches, {cut} cut");
        assert_eq!(read_all(&follower), read_all(&leader));
        assert_eq!(
            follower.segment_base_offsets(),
            leader.segment_base_offsets()
        );
        assert_eq!(entries(&follower), entries(&leader));
        // Batch i holds 1 + i % 4 records: the ten without an epoch hold 23.
        assert_eq!(entries(&leader), [e(0, 23), e(3, 73), e(4, 136)]);
        for epoch in -1..6 {
            assert_eq!(
                follower.end_offset_for_epoch(epoch),
                leader.end_offset_for_epoch(epoch)
            );
        }
        leader.close().unwrap();
        follower.close().unwrap();
        let files = |dir: &Path| {
            let mut names: Vec<_> = fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        assert_eq!(files(follower_dir.path()), files(leader_dir.path()));
        for name in files(leader_dir.path()) {
            assert_eq!(
                fs::read(follower_dir.path().join(&name)).unwrap(),
                fs::read(leader_dir.path().join(&name)).unwrap(),
                "{name:?}"
            );
        }
    }

    #[test]
    fn follower_append_of_several_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        let mut records = batch_at(0, 3, 2);
        records.extend(batch_at(3, 1, 2));
        records.extend(batch_at(4, 2, 5));
        let info = log.append_as_follower(&records, NOW).unwrap();
        assert_eq!(
            info,
            AppendInfo {
                base_offset: 0,
                last_offset: 5,
                max_timestamp: 1000,
                segment_base_offset: 0,
                position: 0,
                size: records.len(),
                rolled: None,
                flush_due: false,
            }
        );
        assert_eq!(log.log_end_offset(), 6);
        assert_eq!(read_all(&log), records, "stored unchanged");
        assert_eq!(entries(&log), [e(2, 0), e(5, 4)]);
        // A trailing fragment is left out; the next fetch brings it whole.
        let next = batch_at(6, 1, 5);
        let mut cut = batch_at(7, 1, 5);
        cut.truncate(70);
        let info = log
            .append_as_follower(&[next.clone(), cut].concat(), NOW)
            .unwrap();
        assert_eq!(
            (info.base_offset, info.last_offset, info.size),
            (6, 6, next.len())
        );
        assert_eq!(log.log_end_offset(), 7);
        // Leader appends continue after follower appends.
        assert_eq!(
            log.append(&mut epoch_batch(1, 6, 1)).unwrap().base_offset,
            7
        );
        assert_eq!(entries(&log), [e(2, 0), e(5, 4), e(6, 7)]);
    }

    #[test]
    fn follower_append_refuses_overlaps_and_keeps_gaps() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        log.append_as_follower(&batch_at(0, 3, 1), NOW).unwrap();
        let size = log.size_in_bytes();
        let refused =
            |log: &mut Log, records: Vec<u8>| log.append_as_follower(&records, NOW).unwrap_err();
        // An overlap with what the log holds.
        for (base, found) in [(2, 2), (0, 0)] {
            assert!(matches!(
                refused(&mut log, batch_at(base, 1, 1)),
                StorageError::UnexpectedAppendOffset { index: 0, expected: 3, found: f } if f == found
            ));
        }
        // The second batch overlaps the first: nothing is written.
        let records = [batch_at(3, 2, 1), batch_at(4, 1, 1)].concat();
        assert!(matches!(
            refused(&mut log, records),
            StorageError::UnexpectedAppendOffset {
                index: 1,
                expected: 5,
                found: 4
            }
        ));
        assert_eq!((log.log_end_offset(), log.size_in_bytes()), (3, size));
        assert_eq!(entries(&log), [e(1, 0)]);
        // Gaps (a compacted leader's log) are copied as they are, and read back.
        let records = [batch_at(5, 2, 1), batch_at(9, 1, 1)].concat();
        log.append_as_follower(&records, NOW).unwrap();
        assert_eq!(log.log_end_offset(), 10);
        let read = log.read(3, 1 << 20, i64::MAX).unwrap();
        assert_eq!(
            (read.first_offset, read.batches, read.next_offset),
            (Some(5), 2, 10)
        );
        assert_eq!(
            log.read(7, 1 << 20, i64::MAX).unwrap().first_offset,
            Some(9)
        );
        // A gap no segment could index is refused.
        let far = batch_at(10 + MAX_RELATIVE_OFFSET + 1, 1, 1);
        assert!(matches!(
            refused(&mut log, far),
            StorageError::InvalidBatch(_)
        ));
    }

    #[test]
    fn follower_append_rejects_invalid_batches_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            segment_bytes: 300,
            ..LogConfig::default()
        };
        let mut log = Log::open(dir.path(), config).unwrap();
        log.append_as_follower(&batch_at(0, 1, 1), NOW).unwrap();
        let size = log.size_in_bytes();
        // A flipped payload byte in the second batch: CRC mismatch.
        let mut bad = batch_at(2, 1, 2);
        let n = bad.len();
        bad[n - 1] ^= 0x40;
        let err = log
            .append_as_follower(&[batch_at(1, 1, 2), bad].concat(), NOW)
            .unwrap_err();
        assert!(
            matches!(&err, StorageError::InvalidBatch(m) if m.contains("CRC")),
            "{err}"
        );
        // A corrupt header.
        let mut bad = batch_at(1, 1, 2);
        bad[16] = 1; // magic
        assert!(matches!(
            log.append_as_follower(&bad, NOW),
            Err(StorageError::Record(_))
        ));
        // Larger than a segment.
        let mut big = epoch_batch(1, 2, 300);
        set_base_offset(&mut big, 1);
        assert!(matches!(
            log.append_as_follower(&big, NOW),
            Err(StorageError::BatchTooLarge { .. })
        ));
        // No whole batch: nothing, or only the start of one.
        for records in [&[][..], &batch_at(1, 1, 2)[..60], &batch_at(1, 1, 2)[..90]] {
            assert!(matches!(
                log.append_as_follower(records, NOW),
                Err(StorageError::InvalidBatch(m)) if m.contains("no whole batch")
            ));
        }
        assert_eq!((log.log_end_offset(), log.size_in_bytes()), (1, size));
        assert_eq!(entries(&log), [e(1, 0)]);
    }

    #[test]
    fn partition_dir_is_topic_dash_partition() {
        assert_eq!(
            partition_dir(Path::new("/data"), "orders", 7),
            Path::new("/data/orders-7")
        );
    }

    #[test]
    fn rolls_before_relative_offsets_overflow_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        let first = log.append(&mut batch(i32::MAX, 1, 10)).unwrap();
        assert_eq!(
            (first.base_offset, first.last_offset),
            (0, i32::MAX as i64 - 1)
        );
        let second = log.append(&mut batch(2, 1, 10)).unwrap();
        assert_eq!(second.rolled, Some(RollReason::OffsetOverflow));
        assert_eq!(second.segment_base_offset, i32::MAX as i64);
        assert_eq!(log.read(5, 1, i64::MAX).unwrap().first_offset, Some(0));
        assert_eq!(
            log.read(i32::MAX as i64 + 1, 1, i64::MAX)
                .unwrap()
                .first_offset,
            Some(i32::MAX as i64)
        );
    }

    /// read_slice agrees with read: the same first batch, whole batches
    /// within one segment, never past the high watermark, and within
    /// max_bytes unless the first batch alone is larger.
    #[test]
    fn read_slice_agrees_with_read() {
        use protocol::records::Batches;
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            segment_bytes: 2000,
            index_interval_bytes: 150,
            ..LogConfig::default()
        };
        let mut log = Log::open(dir.path(), config).unwrap();
        let mut ends = Vec::new();
        for i in 0..60 {
            let info = log
                .append(&mut batch(
                    1 + (i % 4),
                    1000 + i as i64,
                    20 + (i as usize * 37) % 300,
                ))
                .unwrap();
            ends.push(info.last_offset + 1);
        }
        let leo = log.log_end_offset();
        for hw in [leo, ends[40], ends[10]] {
            for offset in (0..leo).step_by(3) {
                for max_bytes in [1, 100, 700, 1 << 20] {
                    let got = log.read_slice(offset, max_bytes, hw).unwrap();
                    let want = log.read(offset, 1 << 20, hw).unwrap();
                    let Some(slice) = got.slice else {
                        assert_eq!(want.batches, 0, "offset {offset} hw {hw}");
                        continue;
                    };
                    let bytes = bytes::Bytes::from(slice.read_to_vec().unwrap());
                    let mut it = Batches::new(bytes.clone());
                    let batches: Vec<_> = it.by_ref().map(|b| b.unwrap()).collect();
                    let first = batches.first().expect("at least the first batch whole");
                    assert!(first.base_offset() <= offset && offset <= first.last_offset());
                    assert!(slice.len <= max_bytes.max(first.size_in_bytes()));
                    assert!(batches.iter().all(|b| b.last_offset() < hw));
                    // The whole batches are a prefix of what read returns.
                    let whole: usize = batches.iter().map(|b| b.size_in_bytes()).sum();
                    assert_eq!(&want.records[..whole], &bytes[..whole]);
                    if max_bytes >= 1 << 20 {
                        assert!(
                            it.partial_batch().is_none(),
                            "a partial batch only when cut"
                        );
                    }
                }
            }
        }
        // At the end, or past the high watermark: nothing.
        assert!(log.read_slice(leo, 100, leo).unwrap().slice.is_none());
        assert!(log
            .read_slice(ends[10], 100, ends[10])
            .unwrap()
            .slice
            .is_none());
        assert!(log.read_slice(leo + 1, 100, leo).is_err());
    }

    #[test]
    fn negative_truncation_offset_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), LogConfig::default()).unwrap();
        log.append(&mut batch(1, 1, 1)).unwrap();
        assert!(matches!(
            log.truncate_to(-1),
            Err(StorageError::OffsetOutOfRange { offset: -1, .. })
        ));
        assert_eq!(log.log_end_offset(), 1);
    }

    /// Batches of five records, three per segment: 12 batches make
    /// segments 0, 15, 30 and 45 (the active one), log end offset 60.
    fn five_record_batches(dir: &Path, batches: usize) -> Log {
        let mut log = Log::open(dir, three_per_segment()).unwrap();
        for i in 0..batches {
            log.append_at(&mut epoch_batch(5, i as i32 / 4, 100), NOW)
                .unwrap();
        }
        log
    }

    /// At most the active segment holds its indexes open: a partition keeps
    /// one descriptor per segment, plus two while it writes index entries.
    fn held_indexes(log: &Log) -> Vec<i64> {
        let held = log.segments.values().filter(|s| s.indexes_held()).count();
        assert_eq!(
            crate::descriptors::open_descriptors_under(log.dir()),
            log.segment_count() + 2 * held,
            "one .log per segment, plus the held indexes"
        );
        log.segments
            .values()
            .filter(|s| s.indexes_held())
            .map(|s| s.base_offset())
            .collect()
    }

    #[test]
    fn only_a_busy_active_segment_holds_its_indexes_open() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 12);
        assert!(log.segment_count() >= 4, "{}", log.segment_count());
        let active = |log: &Log| vec![log.active().base_offset()];
        // The active segment wrote index entries: it holds its indexes.
        assert_eq!(held_indexes(&log), active(&log));
        // An idle check right after entries keeps them; the next, with no
        // entry written since, closes them.
        assert!(!log.release_idle_indexes());
        assert_eq!(held_indexes(&log), active(&log));
        assert!(log.release_idle_indexes());
        assert_eq!(held_indexes(&log), Vec::<i64>::new());
        // Sealed and released segments still answer offset and timestamp
        // lookups, and the released active one takes appends and entries.
        let all = read_all(&log);
        assert_eq!(log.read(7, 1, i64::MAX).unwrap().first_offset, Some(5));
        assert!(log.offset_for_timestamp(0).unwrap().is_some());
        // (The first batch rolls a segment; the second earns an entry.)
        log.append_at(&mut epoch_batch(5, 3, 100), NOW).unwrap();
        log.append_at(&mut epoch_batch(5, 3, 100), NOW).unwrap();
        let base = log.active().base_offset();
        assert_eq!(held_indexes(&log), active(&log));
        assert_eq!(
            log.read(base + 5, 1, i64::MAX).unwrap().first_offset,
            Some(base + 5)
        );
        log.truncate_to(33).unwrap();
        assert_eq!(held_indexes(&log), Vec::<i64>::new());
        log.flush().unwrap();
        // Reopened after an unclean shutdown (no marker: recovery writes
        // the active segment's entries again) and after a clean one (nothing
        // held until entries are written).
        drop(log);
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert!(held_indexes(&log).iter().all(|b| active(&log).contains(b)));
        assert_eq!(read_all(&log), all[..read_all(&log).len()]);
        log.close().unwrap();
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(held_indexes(&log), Vec::<i64>::new());
        // A new log holds its .log alone.
        let fresh = tempfile::tempdir().unwrap();
        let log = Log::open(fresh.path(), three_per_segment()).unwrap();
        assert_eq!(held_indexes(&log), Vec::<i64>::new());
        assert_eq!(crate::descriptors::open_descriptors_under(fresh.path()), 1);
    }

    fn out_of_range(result: Result<ReadResult>) -> bool {
        matches!(result, Err(StorageError::OffsetOutOfRange { .. }))
    }

    #[test]
    fn delete_records_moves_the_log_start_and_deletes_the_segments_below() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 12);
        assert_eq!(log.segment_base_offsets(), [0, 15, 30, 45]);
        assert_eq!(entries(&log), [e(0, 0), e(1, 20), e(2, 40)]);

        assert_eq!(log.delete_records_before(32).unwrap(), 32);
        assert_eq!(log.log_start_offset(), 32);
        // Segment 30 holds offset 32: it stays, and so do its bytes below.
        assert_eq!(log.segment_base_offsets(), [30, 45]);
        assert_eq!(entries(&log), [e(1, 32), e(2, 40)]);
        assert!(out_of_range(log.read(31, 1000, 60)));
        assert!(out_of_range(log.read(0, 1000, 60)));
        assert!(log.read_slice(31, 1000, 60).is_err());
        // A read at the log start returns the whole batch holding it.
        let read = log.read(32, 1, 60).unwrap();
        assert_eq!((read.first_offset, read.next_offset), (Some(30), 35));
        assert_eq!(read.log_start_offset, 32);
        assert_eq!(log.offset_for_timestamp(0).unwrap(), Some((32, 1000)));

        // Lower or equal offsets change nothing.
        assert_eq!(log.delete_records_before(10).unwrap(), 32);
        assert_eq!(log.delete_records_before(32).unwrap(), 32);
        assert_eq!(log.segment_base_offsets(), [30, 45]);
        // The first offset of the next segment: segment 30 goes too.
        assert_eq!(log.delete_records_before(45).unwrap(), 45);
        assert_eq!(log.segment_base_offsets(), [45]);
    }

    #[test]
    fn delete_records_survives_reopen_clean_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 12);
        log.delete_records_before(32).unwrap();
        // Dropped without close: as after kill -9.
        drop(log);
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert!(!log.recovery_stats().clean_shutdown);
        assert_eq!(log.log_start_offset(), 32);
        assert_eq!(log.segment_base_offsets(), [30, 45]);
        assert_eq!(entries(&log), [e(1, 32), e(2, 40)]);
        assert!(out_of_range(log.read(31, 1000, 60)));
        log.close().unwrap();
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert!(log.recovery_stats().clean_shutdown);
        assert_eq!(log.log_start_offset(), 32);
        assert_eq!(log.log_end_offset(), 60);
    }

    #[test]
    fn delete_records_past_the_log_end_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 12);
        for offset in [61, -1, i64::MAX] {
            assert!(matches!(
                log.delete_records_before(offset),
                Err(StorageError::OffsetOutOfRange { .. })
            ));
        }
        assert_eq!(log.log_start_offset(), 0);
        assert!(!dir.path().join(LOG_START_OFFSET_CHECKPOINT_FILE).exists());
        // Up to the log end itself: everything goes but the active segment.
        assert_eq!(log.delete_records_before(60).unwrap(), 60);
        assert_eq!(log.segment_base_offsets(), [45]);
        assert_eq!(entries(&log), [e(2, 60)]);
        assert_eq!(log.read(60, 1000, 60).unwrap().batches, 0);
        let mut next = epoch_batch(5, 3, 100);
        assert_eq!(log.append_at(&mut next, NOW).unwrap().base_offset, 60);
        assert_eq!(log.read(60, 1000, 65).unwrap().first_offset, Some(60));
    }

    #[test]
    fn retention_and_delete_records_compose() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 3);
        // The active segment holds the new start: it stays...
        assert_eq!(log.delete_records_before(15).unwrap(), 15);
        assert_eq!(log.segment_base_offsets(), [0]);
        log.append_at(&mut epoch_batch(5, 0, 100), NOW).unwrap();
        assert_eq!(log.segment_base_offsets(), [0, 15]);
        // ...until it is rolled: then retention deletes it whatever its age.
        assert_eq!(log.delete_old_segments(NOW, -1, -1).unwrap(), 1);
        assert_eq!(log.segment_base_offsets(), [15]);
        assert_eq!(log.log_start_offset(), 15);

        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 12);
        log.delete_records_before(32).unwrap();
        // Nothing is old enough: the segment holding the start stays.
        assert_eq!(log.delete_old_segments(NOW, NOW, -1).unwrap(), 0);
        assert_eq!(log.log_start_offset(), 32);
        // By size: segment 30 goes, the start moves to the next segment,
        // and the now stale checkpoint is outdone by the segments on reopen.
        assert_eq!(log.delete_old_segments(NOW, -1, 0).unwrap(), 1);
        assert_eq!(log.log_start_offset(), 45);
        drop(log);
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!(log.log_start_offset(), 45);
        assert_eq!(entries(&log), [e(2, 45)]);
    }

    #[test]
    fn truncation_around_a_log_start_inside_a_batch() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = five_record_batches(dir.path(), 12);
        log.delete_records_before(32).unwrap();
        // Cutting the batch 30..34 that holds the start leaves nothing:
        // the log restarts, empty, at its start offset.
        log.truncate_to(33).unwrap();
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (32, 32));
        assert_eq!(log.segment_base_offsets(), [32]);
        // Below the start: the start moves down, durably.
        log.truncate_to(10).unwrap();
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (10, 10));
        drop(log);
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (10, 10));
    }

    #[test]
    fn a_log_ending_below_its_checkpointed_start_restarts_there() {
        // Records deleted up to 100, then a crash lost the tail past 60.
        let dir = tempfile::tempdir().unwrap();
        drop(five_record_batches(dir.path(), 12));
        crate::log_start_offset::write(dir.path(), 100).unwrap();
        let log = Log::open(dir.path(), three_per_segment()).unwrap();
        assert_eq!((log.log_start_offset(), log.log_end_offset()), (100, 100));
        assert_eq!(log.segment_base_offsets(), [100]);
        assert_eq!(entries(&log), []);
    }
}
