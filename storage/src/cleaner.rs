//! Log compaction (Kafka's `LogCleaner`): keeps the latest record of every
//! key in the partitions whose `cleanup.policy` holds `compact`.
//!
//! A round for one log goes in three steps, so that produce and fetch are
//! never held up by the work:
//!
//! 1. **Plan** ([`crate::Log::clean_plan`], under the log's lock, cheap): the
//!    closed segments that may be cleaned — below the active segment, the
//!    high watermark and `min.compaction.lag.ms` — each with its open file.
//!    The log is cleaned when its dirty part (written since the last round,
//!    from the `cleaner-offset-checkpoint` on) is at least
//!    `min.cleanable.dirty.ratio` of the cleanable bytes, or older than
//!    `max.compaction.lag.ms`.
//! 2. **Clean** ([`Cleaner::clean`], no lock): an [`OffsetMap`] of the last
//!    offset of every key in the dirty part, in a fixed amount of memory
//!    (`log.cleaner.dedupe.buffer.size`); when it fills up, the round stops
//!    there and the next one goes on. Then every segment from the start of
//!    the log up to where the map ends is copied into new segments (in a
//!    `cleaning/` folder of the partition), keeping a record unless a later
//!    offset of its key is in the map, it has no key, or it is a tombstone
//!    older than `delete.retention.ms`. Records keep their offsets; a batch
//!    losing some records is rebuilt with the rest (same base offset,
//!    producer, epoch and codec), one losing all of them goes. Small
//!    segments are grouped into one, up to `segment.bytes`.
//! 3. **Swap** ([`crate::Log::swap_cleaned`], under the lock, short): the
//!    plan's segments must still be there unchanged (retention or a
//!    follower's truncation may have touched them; the round is then thrown
//!    away). A manifest `cleaning/swap` naming each new segment and the ones
//!    it replaces is written atomically: that is the commit point. Then the
//!    old files are deleted and the new ones renamed into place.
//!
//! Transactions (Kafka's `CleanedTransactionMetadata`): the caller plans
//! only below the first unstable offset, so no open transaction's records
//! are read (one may still abort, and its keys must not hide older
//! values). The batches of aborted transactions (the transaction index of
//! the planned segments says which) are dropped and their keys never enter
//! the map. An end marker stays while a record of its transaction does (a
//! reader rebuilding the producers' state would take that record for an
//! open transaction otherwise); once its transaction has no record left
//! it goes when older than `delete.retention.ms`, as Kafka's (which counts
//! from the round that first saw it alone).
//!
//! A crash before the manifest exists leaves the old segments whole; the
//! `cleaning/` folder is deleted when the log opens. A crash after it is
//! finished by [`recover_swap`] when the log opens: the steps are repeated,
//! skipping what is done, so that the log holds the old segments or the new
//! ones, never a mix.
//!
//! This file holds the plan and result types and the cleaning itself (step
//! 2); `cleaner/offset_map.rs` the key to offset map,
//! `cleaner/swap.rs` the swap manifest and its recovery (step 3),
//! `cleaner/checkpoint.rs` the cleaner offset checkpoint.

mod checkpoint;
mod offset_map;
mod swap;

pub use checkpoint::CLEANER_CHECKPOINT_FILE;
pub(crate) use checkpoint::{read_checkpoint, write_checkpoint, write_checkpoint_durably};
use offset_map::MAP_LOAD_FACTOR;
pub use offset_map::{OffsetMap, OFFSET_MAP_ENTRY_SIZE};
pub(crate) use swap::{failpoint, recover_swap, remove_cleaning_dir, write_swap_manifest};

use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::fs::{self, File};
use std::hash::BuildHasher;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use protocol::records::header::{BatchHeader, BATCH_HEADER_LEN, LOG_OVERHEAD};
use protocol::records::{retain_records, RecordBatch, RecordError, RecordSummary};
use tracing::{info, warn};

use crate::config::LogConfig;
use crate::error::{IoContext, Result, StorageError};
use crate::recovery::{sync_dir, write_atomically};
use crate::segment::{
    file_stem, index_file_path, log_file_path, time_index_file_path, Segment, MAX_RELATIVE_OFFSET,
};
use crate::transaction_index::txn_index_path;

/// The folder of a partition where a round writes its new segments.
pub const CLEANING_DIR: &str = "cleaning";
/// Kafka's `log.cleaner.dedupe.buffer.size` default: 128 MiB.
pub const DEFAULT_DEDUPE_BUFFER_SIZE: usize = 128 << 20;
/// The largest decompressed batch the cleaner reads; a larger one is kept
/// as it is.
const MAX_DECOMPRESSED_BATCH: usize = 64 << 20;

/// A closed segment a round reads, as it was when planned.
#[derive(Debug, Clone)]
pub struct SourceSegment {
    pub base_offset: i64,
    pub next_offset: i64,
    pub size: u32,
    pub file: Arc<File>,
    pub path: PathBuf,
}

/// What [`crate::Log::clean_plan`] found to clean.
#[derive(Debug)]
pub struct CleanPlan {
    /// The log's truncation count when planned.
    pub(crate) truncations: u64,
    pub(crate) dir: PathBuf,
    pub(crate) config: LogConfig,
    /// From the first segment of the log, consecutive.
    pub(crate) segments: Vec<SourceSegment>,
    pub(crate) first_dirty_offset: i64,
    pub dirty_bytes: u64,
    pub cleanable_bytes: u64,
    /// The aborted transactions of the planned segments: producer id ->
    /// (first offset, marker offset) of each.
    pub(crate) aborted: HashMap<i64, Vec<(i64, i64)>>,
}

impl CleanPlan {
    /// Whether `h` is a data batch of an aborted transaction.
    fn is_aborted(&self, h: &BatchHeader) -> bool {
        h.is_transactional()
            && !h.is_control()
            && self.aborted.get(&h.producer_id).is_some_and(|txns| {
                txns.iter()
                    .any(|&(first, last)| first <= h.base_offset && h.base_offset <= last)
            })
    }
}

/// A new segment and the ones it replaces.
#[derive(Debug)]
pub struct CleanedGroup {
    pub base_offset: i64,
    pub sources: Vec<SourceSegment>,
}

/// The outcome of [`Cleaner::clean`], for [`crate::Log::swap_cleaned`].
#[derive(Debug)]
pub struct Cleaned {
    pub(crate) truncations: u64,
    pub(crate) groups: Vec<CleanedGroup>,
    /// Where the next round's dirty part starts.
    pub(crate) next_dirty_offset: i64,
    pub stats: CleanStats,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CleanStats {
    pub bytes_read: u64,
    pub bytes_written: u64,
    pub records_read: u64,
    pub records_kept: u64,
    pub keys: usize,
    pub segments_before: usize,
    pub segments_after: usize,
}

/// The log cleaner. Each round's offset map is sized to the records of the
/// dirty part (counted from the batch headers first), at most
/// `dedupe_buffer_size` bytes, and freed after the round: a broker whose
/// compacted topics are small does not hold 128 MiB for them.
pub struct Cleaner {
    dedupe_buffer_size: usize,
    map: OffsetMap,
}

impl Cleaner {
    /// A cleaner whose offset map takes at most `dedupe_buffer_size` bytes.
    pub fn new(dedupe_buffer_size: usize) -> Self {
        Cleaner {
            dedupe_buffer_size,
            map: OffsetMap::new(0),
        }
    }

    /// Step 2: builds the offset map over the dirty part and writes the
    /// cleaned segments into the `cleaning/` folder. `None` when nothing
    /// could be done (not even one batch fits in the map).
    pub fn clean(&mut self, plan: &CleanPlan, now_ms: i64) -> Result<Option<Cleaned>> {
        let map_end = self.build_offset_map(plan)?;
        let keys = self.map.len();
        let capacity = self.map.capacity();
        let result = match map_end > plan.first_dirty_offset {
            true => {
                let stats = CleanStats {
                    keys,
                    ..CleanStats::default()
                };
                let result = self.rewrite(plan, map_end, now_ms, stats);
                if result.is_err() {
                    // A full disk, say: the partial copy must not hold space.
                    let _ = remove_cleaning_dir(&plan.dir);
                }
                result
            }
            false => {
                warn!(dir = %plan.dir.display(), capacity, "log cleaner: a batch has more records than the offset map holds (log.cleaner.dedupe.buffer.size)");
                Ok(None)
            }
        };
        // The map's memory goes back until the next round.
        self.map = OffsetMap::new(0);
        result
    }

    /// Copies the segments below `map_end`, keeping what the map says.
    fn rewrite(
        &self,
        plan: &CleanPlan,
        map_end: i64,
        now_ms: i64,
        mut stats: CleanStats,
    ) -> Result<Option<Cleaned>> {
        let cleaning = plan.dir.join(CLEANING_DIR);
        remove_cleaning_dir(&plan.dir)?;
        fs::create_dir(&cleaning).at(&cleaning)?;

        let sources: Vec<&SourceSegment> = plan
            .segments
            .iter()
            .take_while(|s| s.base_offset < map_end)
            .collect();
        let tombstone_horizon = now_ms.saturating_sub(plan.config.delete_retention_ms);
        let map = &self.map;
        let keep = |r: &RecordSummary| -> bool {
            if r.offset >= map_end {
                return true;
            }
            let Some(key) = r.key.as_deref() else {
                return false;
            };
            if map.get(key).is_some_and(|latest| latest > r.offset) {
                return false;
            }
            r.value.is_some() || r.timestamp > tombstone_horizon
        };
        // Producers whose current transaction kept a record in this round:
        // the marker of one that kept none goes once it is older than
        // delete.retention.ms (the plan starts at the log's first segment,
        // so every transaction before a marker is in it).
        let mut txn_kept: HashMap<i64, bool> = HashMap::new();
        let mut groups = Vec::new();
        for group in group_segments(&sources, plan.config.segment_bytes) {
            let base = group[0].base_offset;
            let mut out = Segment::create(&cleaning, base, &plan.config, now_ms)?;
            for source in &group {
                for_each_batch(source, |batch| {
                    stats.bytes_read += batch.size_in_bytes() as u64;
                    stats.records_read += batch.record_count().max(0) as u64;
                    let h = *batch.header();
                    if plan.is_aborted(&h) {
                        return Ok(());
                    }
                    if h.is_control() && h.base_offset < map_end {
                        let kept_data = txn_kept.remove(&h.producer_id).unwrap_or(false);
                        if !kept_data && h.max_timestamp < tombstone_horizon {
                            return Ok(());
                        }
                    }
                    let kept = match filter_batch(&batch, keep) {
                        Ok(kept) => kept,
                        Err(e) => {
                            warn!(segment = %source.path.display(), offset = batch.base_offset(), error = %e, "log cleaner keeps a batch it cannot read");
                            Some((batch.as_bytes().clone(), batch.record_count() as u64))
                        }
                    };
                    if kept.is_some() && h.is_transactional() && !h.is_control() {
                        txn_kept.insert(h.producer_id, true);
                    }
                    if let Some((bytes, records)) = kept {
                        let header = BatchHeader::parse(&bytes).expect("a valid batch");
                        out.append(&bytes, &header)?;
                        stats.records_kept += records;
                        stats.bytes_written += bytes.len() as u64;
                    }
                    Ok(())
                })?;
            }
            out.seal()?;
            drop(out);
            groups.push(CleanedGroup {
                base_offset: base,
                sources: group.into_iter().cloned().collect(),
            });
        }
        sync_dir(&cleaning)?;
        stats.segments_before = sources.len();
        stats.segments_after = groups.len();
        Ok(Some(Cleaned {
            truncations: plan.truncations,
            groups,
            next_dirty_offset: map_end,
            stats,
        }))
    }

    /// Puts the keys of the dirty part in the map, batch by batch, until a
    /// batch would not fit; returns the offset after the last batch taken.
    fn build_offset_map(&mut self, plan: &CleanPlan) -> Result<i64> {
        let mut records = 0u64;
        for source in plan
            .segments
            .iter()
            .filter(|s| s.next_offset > plan.first_dirty_offset)
        {
            for_each_header(source, |h| records += h.record_count.max(0) as u64)?;
        }
        let wanted = (records as f64 / MAP_LOAD_FACTOR) as usize + 2;
        let memory = wanted
            .saturating_mul(OFFSET_MAP_ENTRY_SIZE)
            .min(self.dedupe_buffer_size);
        self.map = OffsetMap::new(memory);
        let mut map_end = plan.first_dirty_offset;
        let mut full = false;
        for source in &plan.segments {
            if full || source.next_offset <= plan.first_dirty_offset {
                continue;
            }
            for_each_batch(source, |batch| {
                if full || batch.next_offset() <= plan.first_dirty_offset {
                    return Ok(());
                }
                let count = batch.record_count().max(0) as usize;
                if self.map.len() + count > self.map.capacity() {
                    full = true;
                    return Ok(());
                }
                if !batch.header().is_control() && !plan.is_aborted(batch.header()) {
                    // Headers counted, never collected (a record may hold millions).
                    if let Ok(mut records) = batch.iter_records(MAX_DECOMPRESSED_BATCH) {
                        while let Some(Ok(record)) = records.next_summary() {
                            if let Some(key) = &record.key {
                                self.map.put(key, record.offset);
                            }
                        }
                    }
                }
                map_end = batch.next_offset();
                Ok(())
            })?;
            if !full {
                map_end = map_end.max(source.next_offset);
            }
        }
        Ok(map_end)
    }
}

/// Splits consecutive segments into groups that each fit one segment:
/// at most `segment_bytes` (the sum of the sources' sizes, which cleaning
/// only shrinks) and offsets within a segment's relative range.
fn group_segments<'a>(
    sources: &[&'a SourceSegment],
    segment_bytes: u32,
) -> Vec<Vec<&'a SourceSegment>> {
    let mut groups: Vec<Vec<&SourceSegment>> = Vec::new();
    for &source in sources {
        if let Some(group) = groups.last_mut() {
            let size: u64 = group.iter().map(|s| s.size as u64).sum::<u64>() + source.size as u64;
            let span = source.next_offset - 1 - group[0].base_offset;
            if size <= segment_bytes as u64 && span <= MAX_RELATIVE_OFFSET {
                group.push(source);
                continue;
            }
        }
        groups.push(vec![source]);
    }
    groups
}

/// Calls `f` with the header of every batch of the segment.
fn for_each_header(source: &SourceSegment, mut f: impl FnMut(&BatchHeader)) -> Result<()> {
    let mut position = 0u64;
    let mut buf = [0u8; BATCH_HEADER_LEN];
    while position + BATCH_HEADER_LEN as u64 <= source.size as u64 {
        source
            .file
            .read_exact_at(&mut buf, position)
            .at(&source.path)?;
        let header = BatchHeader::parse(&buf)
            .map_err(|e| StorageError::corrupt_batch(&source.path, position, e.to_string()))?;
        f(&header);
        position += header.total_size() as u64;
    }
    Ok(())
}

/// Calls `f` with every batch of the segment, oldest first, read from its
/// file (not through the log, whose lock is not held).
fn for_each_batch(
    source: &SourceSegment,
    mut f: impl FnMut(RecordBatch) -> Result<()>,
) -> Result<()> {
    let mut position = 0u64;
    let size = source.size as u64;
    let corrupt =
        |position: u64, reason: String| StorageError::corrupt_batch(&source.path, position, reason);
    while position + BATCH_HEADER_LEN as u64 <= size {
        let mut prefix = [0u8; LOG_OVERHEAD];
        source
            .file
            .read_exact_at(&mut prefix, position)
            .at(&source.path)?;
        let length = i32::from_be_bytes(prefix[8..12].try_into().expect("4 bytes"));
        let total = LOG_OVERHEAD as u64 + length.max(0) as u64;
        if length < 0 || position + total > size || total < BATCH_HEADER_LEN as u64 {
            return Err(corrupt(position, format!("batch length {length}")));
        }
        let mut buf = vec![0u8; total as usize];
        source
            .file
            .read_exact_at(&mut buf, position)
            .at(&source.path)?;
        let batch = RecordBatch::from_bytes(Bytes::from(buf))
            .map_err(|e| corrupt(position, e.to_string()))?;
        f(batch)?;
        position += total;
    }
    Ok(())
}

/// The batch's records that `keep` keeps: the batch itself when all are kept,
/// `None` when none is, otherwise a batch of the kept records' own bytes
/// (same base offset, last offset, leader epoch, producer, codec, timestamp
/// type; records at their own offsets). Control batches are kept whole.
/// Returns the bytes and the number of records. Memory: the decompressed
/// section and the kept bytes, nothing per record or header.
fn filter_batch(
    batch: &RecordBatch,
    keep: impl FnMut(&RecordSummary) -> bool,
) -> std::result::Result<Option<(Bytes, u64)>, RecordError> {
    let h = *batch.header();
    if h.is_control() {
        return Ok(Some((batch.as_bytes().clone(), h.record_count as u64)));
    }
    retain_records(batch, MAX_DECOMPRESSED_BATCH, keep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Log;
    use proptest::prelude::*;
    use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};
    use std::collections::BTreeMap;

    const NOW: i64 = 10_000_000;

    /// A record as read back: offset, key, value (`None`: a tombstone).
    type Read = (i64, Vec<u8>, Option<Vec<u8>>);

    /// (offset, key, value) of every record readable in the log.
    fn read_all(log: &Log) -> Vec<Read> {
        let mut out = Vec::new();
        let mut offset = log.log_start_offset();
        while offset < log.log_end_offset() {
            let read = log.read(offset, 1 << 20, i64::MAX).unwrap();
            if read.batches == 0 {
                break;
            }
            for batch in protocol::records::Batches::new(read.records.clone()) {
                let batch = batch.unwrap();
                batch.validate().unwrap();
                for r in batch.records(1 << 20).unwrap() {
                    if r.offset >= offset {
                        out.push((
                            r.offset,
                            r.key.unwrap().to_vec(),
                            r.value.map(|v| v.to_vec()),
                        ));
                    }
                }
            }
            offset = read.next_offset;
        }
        out
    }

    /// (base offset, last offset, base sequence) of every batch in the log.
    fn batch_ranges(log: &Log) -> Vec<(i64, i64, i32)> {
        let read = log
            .read(log.log_start_offset(), usize::MAX, i64::MAX)
            .unwrap();
        protocol::records::Batches::new(read.records)
            .map(|b| {
                let h = *b.unwrap().header();
                (h.base_offset, h.last_offset(), h.base_sequence)
            })
            .collect()
    }

    /// Appends one batch of keyed records (`None` value: a tombstone).
    fn append(log: &mut Log, codec: Compression, records: &[(u8, Option<u32>)], ts: i64) {
        let mut b = RecordBatchBuilder::new(codec);
        for &(key, value) in records {
            b.push(SimpleRecord::new(
                ts,
                Some(Bytes::from(vec![b'k', key])),
                value.map(|v| Bytes::from(v.to_be_bytes().to_vec())),
            ));
        }
        let mut bytes = b.build().unwrap().to_vec();
        log.append_at(&mut bytes, ts).unwrap();
    }

    fn compact_config(segment_bytes: u32, delete_retention_ms: i64) -> LogConfig {
        LogConfig {
            segment_bytes,
            index_interval_bytes: 64,
            cleanup_compact: true,
            cleanup_delete: false,
            delete_retention_ms,
            min_cleanable_dirty_ratio: 0.0,
            ..LogConfig::default()
        }
    }

    /// Runs rounds until nothing is left to clean; returns how many swapped.
    fn clean_fully(log: &mut Log, cleaner: &mut Cleaner) -> usize {
        for rounds in 0..100 {
            let Some(plan) = log.clean_plan(NOW, log.log_end_offset()) else {
                return rounds;
            };
            let Some(cleaned) = cleaner.clean(&plan, NOW).unwrap() else {
                return rounds;
            };
            assert!(log.swap_cleaned(cleaned).unwrap());
        }
        panic!("cleaning never ends");
    }

    /// The state a reader builds by replaying records: last value per key.
    fn replay(records: &[Read]) -> BTreeMap<Vec<u8>, Vec<u8>> {
        let mut state = BTreeMap::new();
        for (_, k, v) in records {
            match v {
                Some(v) => state.insert(k.clone(), v.clone()),
                None => state.remove(k),
            };
        }
        state
    }

    #[test]
    fn offset_map_keeps_the_latest_offset_in_bounded_memory() {
        let mut map = OffsetMap::new(24 * 100);
        assert_eq!(map.capacity(), 90);
        for i in 0..90i64 {
            map.put(&i.to_be_bytes(), i);
        }
        map.put(&5i64.to_be_bytes(), 500);
        assert_eq!(map.len(), 90);
        assert_eq!(map.get(&5i64.to_be_bytes()), Some(500));
        assert_eq!(map.get(&89i64.to_be_bytes()), Some(89));
        assert_eq!(map.get(b"absent"), None);
        map.clear();
        assert!(map.is_empty() && map.get(&5i64.to_be_bytes()).is_none());
    }

    #[test]
    fn aborted_transactions_are_removed_and_never_hide_committed_values() {
        use crate::transaction_index::AbortedTxn;
        use protocol::records::control::{marker_batch, EndTransactionMarker};

        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), compact_config(200, i64::MAX)).unwrap();
        // k1 = 1 committed (offset 0); producer 7's transaction writes k1 = 2
        // and k2 = 3 (offsets 1-2) and aborts (marker at 3); k3 = 4 last.
        append(&mut log, Compression::None, &[(1, Some(1))], 1000);
        let mut b = RecordBatchBuilder::new(Compression::None)
            .producer(7, 0, 0)
            .transactional(true);
        for (k, v) in [(1u8, 2u32), (2, 3)] {
            b.push(SimpleRecord::new(
                1000,
                Some(Bytes::from(vec![b'k', k])),
                Some(Bytes::from(v.to_be_bytes().to_vec())),
            ));
        }
        log.append_at(&mut b.build().unwrap().to_vec(), 1000)
            .unwrap();
        let marker = EndTransactionMarker {
            commit: false,
            coordinator_epoch: 0,
        };
        let mut m = marker_batch(7, 0, marker, 1000).unwrap().to_vec();
        let info = log.append_at(&mut m, 1000).unwrap();
        assert_eq!(info.base_offset, 3);
        log.append_aborted_txn(&AbortedTxn {
            producer_id: 7,
            first_offset: 1,
            last_offset: 3,
            last_stable_offset: 4,
        })
        .unwrap();
        for round in 0..8u32 {
            append(&mut log, Compression::None, &[(3, Some(round))], 1000);
        }
        assert!(
            log.segment_count() > 1,
            "the aborted data is in a closed segment"
        );
        clean_fully(&mut log, &mut Cleaner::new(1 << 20));
        let state = replay(&read_all_data(&log));
        // The committed k1 survives the aborted k1 = 2; k2 = 3 is gone.
        assert_eq!(
            state.get(b"k\x01".as_slice()),
            Some(&1u32.to_be_bytes().to_vec())
        );
        assert_eq!(state.get(b"k\x02".as_slice()), None);
        // The marker stays.
        let read = log.read(0, usize::MAX, i64::MAX).unwrap();
        let controls = protocol::records::Batches::new(read.records)
            .filter(|b| b.as_ref().unwrap().header().is_control())
            .count();
        assert_eq!(controls, 1);
    }

    #[test]
    fn markers_go_with_their_transactions_after_delete_retention() {
        use protocol::records::control::{marker_batch, EndTransactionMarker};

        let dir = tempfile::tempdir().unwrap();
        // Markers written at 1000 are past a 10 ms delete.retention.ms at NOW.
        let mut log = Log::open(dir.path(), compact_config(200, 10)).unwrap();
        let txn = |log: &mut Log, pid: i64, key: u8, value: u32, commit: bool| {
            let mut b = RecordBatchBuilder::new(Compression::None)
                .producer(pid, 0, 0)
                .transactional(true);
            b.push(SimpleRecord::new(
                1000,
                Some(Bytes::from(vec![b'k', key])),
                Some(Bytes::from(value.to_be_bytes().to_vec())),
            ));
            log.append_at(&mut b.build().unwrap().to_vec(), 1000)
                .unwrap();
            let marker = EndTransactionMarker {
                commit,
                coordinator_epoch: 0,
            };
            let mut m = marker_batch(pid, 0, marker, 1000).unwrap().to_vec();
            log.append_at(&mut m, 1000).unwrap();
        };
        // Producer 8 commits k4 (kept: never written again); producer 9
        // commits k1, which a plain write replaces.
        txn(&mut log, 8, 4, 5, true);
        txn(&mut log, 9, 1, 6, true);
        append(&mut log, Compression::None, &[(1, Some(7))], 1000);
        for round in 0..8u32 {
            append(&mut log, Compression::None, &[(3, Some(round))], 1000);
        }
        clean_fully(&mut log, &mut Cleaner::new(1 << 20));
        let read = log.read(0, usize::MAX, i64::MAX).unwrap();
        let markers: Vec<i64> = protocol::records::Batches::new(read.records)
            .map(|b| *b.unwrap().header())
            .filter(|h| h.is_control())
            .map(|h| h.producer_id)
            .collect();
        assert_eq!(markers, vec![8], "producer 9's marker went with its record");
        let state = replay(&read_all_data(&log));
        assert_eq!(
            state.get(b"k\x04".as_slice()),
            Some(&5u32.to_be_bytes().to_vec())
        );
        assert_eq!(
            state.get(b"k\x01".as_slice()),
            Some(&7u32.to_be_bytes().to_vec())
        );
    }

    /// As [`read_all`], data records only (control batches' records are
    /// markers, not keys).
    fn read_all_data(log: &Log) -> Vec<Read> {
        let read = log.read(0, usize::MAX, i64::MAX).unwrap();
        let mut out = Vec::new();
        for batch in protocol::records::Batches::new(read.records) {
            let batch = batch.unwrap();
            if batch.header().is_control() {
                continue;
            }
            for r in batch.records(1 << 20).unwrap() {
                out.push((
                    r.offset,
                    r.key.unwrap().to_vec(),
                    r.value.map(|v| v.to_vec()),
                ));
            }
        }
        out
    }

    #[test]
    fn keeps_the_latest_record_per_key_at_its_offset() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), compact_config(300, i64::MAX)).unwrap();
        for round in 0..10u32 {
            append(
                &mut log,
                Compression::None,
                &[(1, Some(round)), (2, Some(round))],
                1000,
            );
        }
        append(
            &mut log,
            Compression::Lz4,
            &[(3, Some(7)), (1, Some(99))],
            1000,
        );
        let before = read_all(&log);
        let bytes_before = log.size_in_bytes();
        let mut cleaner = Cleaner::new(1 << 20);
        assert!(clean_fully(&mut log, &mut cleaner) >= 1);
        let after = read_all(&log);
        assert!(log.size_in_bytes() < bytes_before / 2);
        assert_eq!(replay(&after), replay(&before));
        // Every record left is the original at its offset.
        for r in &after {
            assert!(before.contains(r), "{r:?} not in the original log");
        }
        // Below the active segment, one record per key.
        let active_base = *log.segment_base_offsets().last().unwrap();
        let mut seen = std::collections::HashSet::new();
        for (o, k, _) in after.iter().filter(|r| r.0 < active_base) {
            assert!(
                seen.insert(k.clone()),
                "key {k:?} twice below {active_base} (at {o})"
            );
        }
        // The log still ends where it did, and survives a restart.
        let end = log.log_end_offset();
        drop(log);
        let log = Log::open(dir.path(), compact_config(300, i64::MAX)).unwrap();
        assert_eq!(log.log_end_offset(), end);
        assert_eq!(read_all(&log), after);
    }

    #[test]
    fn nothing_to_clean_without_compact_or_below_the_ratio() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = compact_config(200, i64::MAX);
        config.cleanup_compact = false;
        let mut log = Log::open(dir.path(), config.clone()).unwrap();
        for i in 0..10 {
            append(&mut log, Compression::None, &[(1, Some(i))], 1000);
        }
        assert!(log.clean_plan(NOW, i64::MAX).is_none());
        config.cleanup_compact = true;
        log.set_config(config.clone());
        // Nothing below the high watermark's segment.
        assert!(log.clean_plan(NOW, 0).is_none());
        // min.compaction.lag.ms keeps recent segments out.
        config.min_compaction_lag_ms = NOW;
        log.set_config(config.clone());
        assert!(log.clean_plan(NOW, i64::MAX).is_none());
        config.min_compaction_lag_ms = 0;
        log.set_config(config.clone());
        let mut cleaner = Cleaner::new(1 << 20);
        clean_fully(&mut log, &mut cleaner);
        // All clean now: a ratio of 0.5 waits for new dirty bytes.
        config.min_cleanable_dirty_ratio = 0.5;
        log.set_config(config);
        assert!(log.clean_plan(NOW, i64::MAX).is_none());
    }

    #[test]
    fn tombstones_go_after_delete_retention() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), compact_config(200, 5_000)).unwrap();
        append(
            &mut log,
            Compression::None,
            &[(1, Some(1)), (2, Some(2))],
            1000,
        );
        append(&mut log, Compression::None, &[(1, None)], NOW - 1000);
        append(&mut log, Compression::None, &[(2, None)], NOW - 10_000);
        for i in 0..5 {
            append(&mut log, Compression::None, &[(9, Some(i))], NOW);
        }
        let mut cleaner = Cleaner::new(1 << 20);
        clean_fully(&mut log, &mut cleaner);
        let keys: Vec<(Vec<u8>, bool)> = read_all(&log)
            .into_iter()
            .filter(|r| r.1 != b"k\x09")
            .map(|r| (r.1, r.2.is_some()))
            .collect();
        // Key 1's tombstone is younger than delete.retention.ms: it stays;
        // key 2's is older: it goes, with the value it deleted.
        assert_eq!(keys, vec![(b"k\x01".to_vec(), false)]);
    }

    #[test]
    fn a_crash_before_the_manifest_keeps_the_old_segments() {
        let dir = tempfile::tempdir().unwrap();
        let config = compact_config(200, i64::MAX);
        let mut log = Log::open(dir.path(), config.clone()).unwrap();
        for i in 0..20 {
            append(
                &mut log,
                Compression::Gzip,
                &[(i % 3, Some(i as u32))],
                1000,
            );
        }
        let before = read_all(&log);
        let plan = log.clean_plan(NOW, i64::MAX).unwrap();
        let _cleaned = Cleaner::new(1 << 20).clean(&plan, NOW).unwrap().unwrap();
        assert!(dir.path().join(CLEANING_DIR).exists());
        drop(log); // killed before the swap
        let log = Log::open(dir.path(), config).unwrap();
        assert!(!dir.path().join(CLEANING_DIR).exists());
        assert_eq!(read_all(&log), before);
    }

    #[test]
    fn a_crash_at_any_step_after_the_manifest_finishes_the_swap() {
        // Steps of the roll-forward done before the crash: none, the first
        // group's old files deleted, its index renamed, every group done.
        for step in 0..4 {
            let dir = tempfile::tempdir().unwrap();
            let config = compact_config(150, i64::MAX);
            let mut log = Log::open(dir.path(), config.clone()).unwrap();
            for i in 0..30u32 {
                append(
                    &mut log,
                    Compression::None,
                    &[((i % 4) as u8, Some(i))],
                    1000,
                );
            }
            let plan = log.clean_plan(NOW, i64::MAX).unwrap();
            let cleaned = Cleaner::new(1 << 20).clean(&plan, NOW).unwrap().unwrap();
            let expected = {
                let copy = tempfile::tempdir().unwrap();
                copy_dir(dir.path(), copy.path());
                let mut other = Log::open(copy.path(), config.clone()).unwrap();
                let plan = other.clean_plan(NOW, i64::MAX).unwrap();
                let c = Cleaner::new(1 << 20).clean(&plan, NOW).unwrap().unwrap();
                assert!(other.swap_cleaned(c).unwrap());
                read_all(&other)
            };
            write_swap_manifest(dir.path(), &cleaned.groups).unwrap();
            let cleaning = dir.path().join(CLEANING_DIR);
            let g = &cleaned.groups[0];
            if step >= 1 {
                for s in g.sources.iter().filter(|s| s.base_offset != g.base_offset) {
                    fs::remove_file(log_file_path(dir.path(), s.base_offset)).unwrap();
                }
            }
            if step >= 2 {
                fs::rename(
                    index_file_path(&cleaning, g.base_offset),
                    index_file_path(dir.path(), g.base_offset),
                )
                .unwrap();
            }
            if step >= 3 {
                recover_swap(dir.path(), false).unwrap();
            }
            drop(log); // killed
            let log = Log::open(dir.path(), config).unwrap();
            assert!(!cleaning.exists());
            assert_eq!(read_all(&log), expected, "step {step}");
        }
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                fs::create_dir_all(&target).unwrap();
                copy_dir(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn a_round_is_thrown_away_when_retention_deleted_its_segments() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = compact_config(200, i64::MAX);
        config.cleanup_delete = true;
        config.retention_ms = 1;
        let mut log = Log::open(dir.path(), config).unwrap();
        for i in 0..10 {
            append(&mut log, Compression::None, &[(1, Some(i))], 1000);
        }
        let plan = log.clean_plan(NOW, i64::MAX).unwrap();
        let cleaned = Cleaner::new(1 << 20).clean(&plan, NOW).unwrap().unwrap();
        assert!(log.apply_retention(NOW).unwrap() > 0);
        let before = read_all(&log);
        assert!(!log.swap_cleaned(cleaned).unwrap());
        assert_eq!(read_all(&log), before);
        assert!(!dir.path().join(CLEANING_DIR).exists());
    }

    #[test]
    fn a_round_is_thrown_away_after_a_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), compact_config(200, i64::MAX)).unwrap();
        for i in 0..10 {
            append(&mut log, Compression::None, &[(1, Some(i))], 1000);
        }
        let plan = log.clean_plan(NOW, i64::MAX).unwrap();
        let cleaned = Cleaner::new(1 << 20).clean(&plan, NOW).unwrap().unwrap();
        // Cut to the end of a closed segment and refilled: same sizes.
        let end = log.log_end_offset();
        log.truncate_to(end - 1).unwrap();
        append(&mut log, Compression::None, &[(1, Some(9))], 1000);
        let before = read_all(&log);
        assert!(!log.swap_cleaned(cleaned).unwrap());
        assert_eq!(read_all(&log), before);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Against a model: replaying the compacted log gives the same state
        /// as replaying everything written (last value per key, tombstones
        /// deleting), every record left is the one written at its offset,
        /// the cleaned part holds one record per key, and nothing dirty is
        /// lost — whatever the batches, codecs and map size.
        #[test]
        fn compaction_matches_the_model(
            batches in prop::collection::vec(
                prop::collection::vec((0u8..12, prop::option::weighted(0.8, any::<u32>())), 1..6),
                1..60,
            ),
            codec in prop::sample::select(vec![Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4, Compression::Zstd]),
            map_entries in 8usize..64,
            segment_bytes in 150u32..600,
            drop_tombstones in any::<bool>(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let retention = if drop_tombstones { 0 } else { i64::MAX };
            let config = compact_config(segment_bytes, retention);
            let mut log = Log::open(dir.path(), config.clone()).unwrap();
            for b in &batches {
                append(&mut log, codec, b, 1000);
            }
            let written = read_all(&log);
            let ranges = batch_ranges(&log);
            let mut cleaner = Cleaner::new(map_entries * OFFSET_MAP_ENTRY_SIZE);
            clean_fully(&mut log, &mut cleaner);
            let compacted = read_all(&log);
            // Batches keep their offset range (so a producer's last sequence
            // stays what it was) or go whole.
            for range in batch_ranges(&log) {
                prop_assert!(ranges.contains(&range), "batch {:?} was not written", range);
            }
            prop_assert_eq!(replay(&compacted), replay(&written));
            let mut last = -1;
            for r in &compacted {
                prop_assert!(r.0 > last);
                last = r.0;
                prop_assert!(written.contains(r), "{:?} was never written there", r);
            }
            let first_dirty = log.first_dirty_offset();
            // Every closed segment was cleaned.
            prop_assert_eq!(first_dirty, *log.segment_base_offsets().last().unwrap());
            let mut seen = std::collections::HashSet::new();
            for r in compacted.iter().filter(|r| r.0 < first_dirty) {
                prop_assert!(seen.insert(r.1.clone()), "key twice in the clean part: {:?}", r);
                if drop_tombstones {
                    prop_assert!(r.2.is_some(), "an expired tombstone stayed: {:?}", r);
                }
            }
            for r in written.iter().filter(|r| r.0 >= first_dirty) {
                prop_assert!(compacted.contains(r), "dirty record lost: {:?}", r);
            }
            // The same after a restart.
            drop(log);
            let log = Log::open(dir.path(), config).unwrap();
            prop_assert_eq!(read_all(&log), compacted);
        }
    }
}
