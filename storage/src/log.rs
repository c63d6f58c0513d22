//! The log of one partition (Kafka's `UnifiedLog`/`LocalLog`): an ordered
//! set of segments in `<log.dirs>/<topic>-<partition>/`, the last of which —
//! the active segment — takes appends.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use protocol::records::header::{set_base_offset, BatchHeader};
use tracing::{debug, info};

use crate::config::LogConfig;
use crate::error::{IoContext, Result, StorageError};
use crate::recovery::{self, RecoveryStats};
use crate::segment::{Segment, MAX_RELATIVE_OFFSET};

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
}

/// Where an appended batch went.
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
}

impl Log {
    /// Opens the partition directory `dir` (created if missing), recovering
    /// the unflushed tail after an unclean shutdown.
    pub fn open(dir: impl AsRef<Path>, config: LogConfig) -> Result<Log> {
        config.validate()?;
        let dir = dir.as_ref().to_path_buf();
        let loaded = recovery::load(&dir, &config, now_ms())?;
        let log_start_offset = *loaded.segments.keys().next().expect("never empty");
        let log_end_offset = loaded
            .segments
            .values()
            .next_back()
            .expect("never empty")
            .next_offset();
        info!(
            dir = %dir.display(),
            clean_shutdown = loaded.stats.clean_shutdown,
            segments = loaded.stats.segments,
            log_start_offset,
            log_end_offset,
            recovered_batches = loaded.stats.recovered_batches,
            truncated_bytes = loaded.stats.truncated_bytes,
            "opened log"
        );
        let log = Log {
            dir,
            config,
            segments: loaded.segments,
            log_start_offset,
            log_end_offset,
            unflushed_messages: 0,
            recovery: loaded.stats,
        };
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
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &LogConfig {
        &self.config
    }

    /// What [`Log::open`] found: whether the shutdown was clean and how much
    /// the recovery scan did.
    pub fn recovery_stats(&self) -> &RecoveryStats {
        &self.recovery
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

    /// Appends one RecordBatch v2 (validated by the caller), assigning its
    /// offsets: the log end offset is written into the batch's base offset.
    pub fn append(&mut self, batch: &mut [u8]) -> Result<AppendInfo> {
        self.append_at(batch, now_ms())
    }

    /// [`Log::append`] with the wall clock given (used for `segment_ms` when
    /// batches carry no timestamps).
    pub fn append_at(&mut self, batch: &mut [u8], now_ms: i64) -> Result<AppendInfo> {
        self.append_parts(batch, &[], now_ms)
    }

    /// [`Log::append_at`] for a batch held as its header (`head`, at least
    /// the batch header; the base offset is written there) and the rest
    /// (`tail`), so that a produced batch is written without being copied.
    pub fn append_parts(
        &mut self,
        head: &mut [u8],
        tail: &[u8],
        now_ms: i64,
    ) -> Result<AppendInfo> {
        let header = BatchHeader::parse(head)?;
        let len = head.len() + tail.len();
        if header.total_size() != len {
            return Err(StorageError::InvalidBatch(format!(
                "batch length field says {} bytes, got {len}",
                header.total_size(),
            )));
        }
        if header.last_offset_delta < 0 {
            return Err(StorageError::InvalidBatch(format!(
                "negative last offset delta {}",
                header.last_offset_delta
            )));
        }
        if len > self.config.segment_bytes as usize {
            return Err(StorageError::BatchTooLarge {
                size: len,
                max: self.config.segment_bytes,
            });
        }

        let base_offset = self.log_end_offset;
        set_base_offset(head, base_offset);
        let header = BatchHeader {
            base_offset,
            ..header
        };
        debug_assert_eq!(BatchHeader::parse(head).ok(), Some(header));

        let rolled = self.roll_reason(&header, now_ms);
        if let Some(reason) = rolled {
            self.roll(reason, now_ms)?;
        }
        let segment = self.active_mut();
        let position = segment.append_parts(head, tail, &header)?;
        let segment_base_offset = segment.base_offset();
        self.log_end_offset = header.next_offset();
        assert_eq!(self.active().next_offset(), self.log_end_offset);

        let messages = if header.record_count > 0 {
            header.record_count as u64
        } else {
            header.last_offset_delta as u64 + 1
        };
        self.unflushed_messages += messages;
        // The caller fsyncs (Log::active_log_file), outside whatever lock
        // guards the log, so that one fsync can cover several appends.
        let flush_due = match self.config.flush_messages {
            Some(n) if self.unflushed_messages >= n => {
                self.unflushed_messages = 0;
                true
            }
            _ => false,
        };
        Ok(AppendInfo {
            base_offset,
            last_offset: header.last_offset(),
            max_timestamp: header.max_timestamp,
            segment_base_offset,
            position,
            size: len,
            rolled,
            flush_due,
        })
    }

    /// Kafka's `shouldRoll`, for a non-empty active segment.
    fn roll_reason(&self, header: &BatchHeader, now_ms: i64) -> Option<RollReason> {
        let active = self.active();
        if active.is_empty() {
            return None;
        }
        if active.size() as u64 + header.total_size() as u64 > self.config.segment_bytes as u64 {
            return Some(RollReason::Size);
        }
        let waited = match active.rolling_base_timestamp() {
            Some(first) if first >= 0 && header.max_timestamp >= 0 => header.max_timestamp - first,
            _ => now_ms - active.created_ms(),
        };
        if waited > self.config.segment_ms {
            return Some(RollReason::Time);
        }
        if active.index_is_full() {
            return Some(RollReason::IndexFull);
        }
        if header.last_offset() - active.base_offset() > MAX_RELATIVE_OFFSET {
            return Some(RollReason::OffsetOverflow);
        }
        None
    }

    /// Seals the active segment and starts a new one at the log end offset.
    fn roll(&mut self, reason: RollReason, now_ms: i64) -> Result<()> {
        let new_base = self.log_end_offset;
        let active = self.active_mut();
        assert!(
            new_base > active.base_offset(),
            "roll of an empty segment {}",
            active.base_offset()
        );
        active.seal()?;
        let (old_base, old_size) = (active.base_offset(), active.size());
        let segment = Segment::create(&self.dir, new_base, &self.config, now_ms)?;
        recovery::sync_dir(&self.dir)?;
        self.segments.insert(new_base, segment);
        self.unflushed_messages = 0;
        info!(
            dir = %self.dir.display(),
            reason = ?reason,
            old_segment = old_base,
            old_size,
            new_segment = new_base,
            "rolled segment"
        );
        Ok(())
    }

    /// Reads whole batches starting with the batch that contains
    /// `fetch_offset`, up to `max_bytes` — but at least one whole batch, even
    /// a larger one (KIP-74) — and only batches entirely below
    /// `max_offset_exclusive` (the high watermark). Reads continue across
    /// segments while room is left.
    pub fn read(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        max_offset_exclusive: i64,
    ) -> Result<ReadResult> {
        let mut result = ReadResult {
            records: Bytes::new(),
            batches: 0,
            first_offset: None,
            next_offset: fetch_offset,
            log_start_offset: self.log_start_offset,
            log_end_offset: self.log_end_offset,
        };
        // The segment holding fetch_offset, then the batch holding it.
        let Some(start_base) = self.read_start(fetch_offset, max_offset_exclusive)? else {
            return Ok(result);
        };
        let mut position = None;
        let mut out: Vec<u8> = Vec::new();
        for (_, segment) in self.segments.range(start_base..) {
            let start = match position.take() {
                Some(p) => p,
                None if segment.base_offset() == start_base => {
                    match segment.find_batch(fetch_offset)? {
                        Some(bp) => bp.position,
                        None => continue,
                    }
                }
                None => 0,
            };
            let remaining = max_bytes.saturating_sub(out.len());
            let read = segment.read(start, remaining, max_offset_exclusive, result.batches == 0)?;
            if read.batches > 0 {
                if result.first_offset.is_none() {
                    result.first_offset = read.first_offset;
                }
                result.batches += read.batches;
                result.next_offset = read.next_offset.expect("batches were read");
                if out.is_empty() {
                    out = read.bytes;
                } else {
                    out.extend_from_slice(&read.bytes);
                }
            }
            if !read.reached_end {
                break;
            }
        }
        if let Some(first) = result.first_offset {
            assert!(first >= self.log_start_offset && result.next_offset > fetch_offset);
            assert!(result.next_offset <= max_offset_exclusive.min(self.log_end_offset));
        }
        result.records = Bytes::from(out);
        debug!(
            fetch_offset,
            max_bytes,
            batches = result.batches,
            bytes = result.records.len(),
            "read"
        );
        Ok(result)
    }

    /// The base offset of the segment holding `fetch_offset`, where a read
    /// starts; `None` when nothing below `max_offset_exclusive` is at or
    /// after it; OFFSET_OUT_OF_RANGE outside the log.
    fn read_start(&self, fetch_offset: i64, max_offset_exclusive: i64) -> Result<Option<i64>> {
        if fetch_offset < self.log_start_offset || fetch_offset > self.log_end_offset {
            return Err(StorageError::OffsetOutOfRange {
                offset: fetch_offset,
                log_start: self.log_start_offset,
                log_end: self.log_end_offset,
            });
        }
        if fetch_offset == self.log_end_offset || fetch_offset >= max_offset_exclusive {
            return Ok(None);
        }
        let (&start_base, _) = self
            .segments
            .range(..=fetch_offset)
            .next_back()
            .expect("fetch offset >= log start offset >= first segment base");
        Ok(Some(start_base))
    }

    /// Like [`Log::read`], but returns the range of the segment file to send
    /// instead of its bytes (Kafka's `FileRecords` slice, sent with
    /// `sendfile`): from the batch containing `fetch_offset`, up to
    /// `max_bytes` (possibly ending inside a batch, which clients drop) but
    /// at least the first batch whole, within one segment, and below
    /// `max_offset_exclusive` (the high watermark).
    pub fn read_slice(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        max_offset_exclusive: i64,
    ) -> Result<SliceRead> {
        let mut result = SliceRead {
            slice: None,
            log_start_offset: self.log_start_offset,
            log_end_offset: self.log_end_offset,
        };
        let Some(start_base) = self.read_start(fetch_offset, max_offset_exclusive)? else {
            return Ok(result);
        };
        for (_, segment) in self.segments.range(start_base..) {
            // The batch holding fetch_offset, or the first of a later segment
            // when its own segment has nothing at or after it.
            let Some(first) = segment.find_batch(fetch_offset)? else {
                continue;
            };
            if first.header.last_offset() >= max_offset_exclusive {
                break;
            }
            // The high watermark is a batch boundary: the base offset of the
            // first batch not yet committed.
            let end = if max_offset_exclusive >= segment.next_offset() {
                segment.size()
            } else {
                match segment.find_batch(max_offset_exclusive)? {
                    Some(bp) => bp.position,
                    None => segment.size(),
                }
            };
            let slice = segment.slice(first.position, end, max_bytes, first.header.total_size());
            debug!(
                fetch_offset,
                max_bytes,
                position = slice.position,
                len = slice.len,
                "read slice"
            );
            result.slice = Some(slice);
            break;
        }
        Ok(result)
    }

    /// The first batch whose max timestamp is `>= timestamp` (Kafka's
    /// ListOffsets by timestamp, at batch granularity): its base offset and
    /// max timestamp. `None` when every batch is older.
    pub fn offset_for_timestamp(&self, timestamp: i64) -> Result<Option<(i64, i64)>> {
        for segment in self.segments.values() {
            if segment.max_timestamp() < timestamp {
                continue;
            }
            if let Some(bp) = segment.find_batch_by_timestamp(timestamp)? {
                let offset = bp.header.base_offset.max(self.log_start_offset);
                return Ok(Some((offset, bp.header.max_timestamp)));
            }
        }
        Ok(None)
    }

    /// The largest batch max timestamp of the log and the base offset of the
    /// first batch carrying it (Kafka's ListOffsets MAX_TIMESTAMP).
    pub fn max_timestamp_and_offset(&self) -> Option<(i64, i64)> {
        let mut best: Option<(i64, i64)> = None;
        for segment in self.segments.values() {
            let ts = segment.max_timestamp();
            let better = match best {
                None => true,
                Some((b, _)) => ts > b,
            };
            if ts >= 0 && better {
                best = Some((ts, segment.offset_of_max_timestamp()));
            }
        }
        best
    }

    /// fsyncs the active segment's log file (older segments were fsynced when
    /// rolled; indexes of the tail are rebuilt by recovery).
    /// The active segment's log file, to fsync without holding the log:
    /// segments rolled before are fsynced when sealed, so syncing this file
    /// makes everything appended so far durable.
    pub fn active_log_file(&self) -> Arc<std::fs::File> {
        self.active().log_file()
    }

    pub fn flush(&mut self) -> Result<()> {
        self.active().flush_log()?;
        self.unflushed_messages = 0;
        Ok(())
    }

    /// Removes every batch holding an offset `>= offset` (a batch straddling
    /// `offset` is removed whole); the log end offset becomes the end of the
    /// last batch kept. An offset at or below the log start offset empties
    /// the log and restarts it at `offset`.
    pub fn truncate_to(&mut self, offset: i64) -> Result<()> {
        if offset < 0 {
            return Err(StorageError::OffsetOutOfRange {
                offset,
                log_start: self.log_start_offset,
                log_end: self.log_end_offset,
            });
        }
        if offset >= self.log_end_offset {
            return Ok(());
        }
        let now = now_ms();
        if offset <= self.log_start_offset {
            let segments = std::mem::take(&mut self.segments);
            for (_, segment) in segments {
                segment.delete()?;
            }
            let segment = Segment::create(&self.dir, offset, &self.config, now)?;
            self.segments.insert(offset, segment);
            recovery::sync_dir(&self.dir)?;
            self.log_start_offset = offset;
            self.log_end_offset = offset;
        } else {
            let doomed: Vec<i64> = self.segments.range(offset..).map(|(&b, _)| b).collect();
            for base in doomed {
                self.segments.remove(&base).expect("listed").delete()?;
            }
            if self.segments.is_empty() {
                // Only possible when offset == first base == log start, handled above.
                unreachable!("truncation above the log start removed every segment");
            }
            let active = self.active_mut();
            active.truncate_to(offset)?;
            active.activate()?;
            active.flush()?;
            self.log_end_offset = self.active().next_offset();
            recovery::sync_dir(&self.dir)?;
        }
        info!(dir = %self.dir.display(), offset, log_end_offset = self.log_end_offset, "truncated log");
        self.check_invariants();
        Ok(())
    }

    /// Kafka's retention: deletes the oldest non-active segments whose newest
    /// batch is older than `retention_ms` (by max timestamp, or file mtime when
    /// batches carry none), then the oldest while the log exceeds
    /// `retention_bytes` by at least their size. -1 disables either. The log
    /// start offset moves to the first remaining segment. Returns the number
    /// of segments deleted.
    pub fn delete_old_segments(
        &mut self,
        now_ms: i64,
        retention_ms: i64,
        retention_bytes: i64,
    ) -> Result<usize> {
        let candidates: Vec<&Segment> = {
            let n = self.segments.len();
            self.segments.values().take(n - 1).collect()
        };
        let mut count = 0;
        if retention_ms >= 0 {
            for segment in &candidates {
                let newest = match segment.max_timestamp() {
                    ts if ts >= 0 => ts,
                    _ => segment.last_modified_ms()?,
                };
                if now_ms - newest > retention_ms {
                    count += 1;
                } else {
                    break;
                }
            }
        }
        if retention_bytes >= 0 {
            let kept: u64 = self
                .segments
                .values()
                .skip(count)
                .map(|s| s.size() as u64)
                .sum();
            let mut excess = kept as i64 - retention_bytes;
            for segment in &candidates[count..] {
                if excess - segment.size() as i64 >= 0 {
                    excess -= segment.size() as i64;
                    count += 1;
                } else {
                    break;
                }
            }
        }
        let doomed: Vec<i64> = self.segments.keys().take(count).copied().collect();
        for base in doomed {
            let segment = self.segments.remove(&base).expect("listed");
            let (size, next) = (segment.size(), segment.next_offset());
            segment.delete()?;
            info!(dir = %self.dir.display(), segment = base, size, next_offset = next, "deleted segment by retention");
        }
        if count > 0 {
            let first = *self.segments.keys().next().expect("active segment kept");
            self.log_start_offset = self.log_start_offset.max(first);
            recovery::sync_dir(&self.dir)?;
        }
        self.check_invariants();
        Ok(count)
    }

    /// [`Log::delete_old_segments`] with the configured retention.
    pub fn apply_retention(&mut self, now_ms: i64) -> Result<usize> {
        self.delete_old_segments(
            now_ms,
            self.config.retention_ms,
            self.config.retention_bytes,
        )
    }

    /// Seals the active segment, fsyncs everything and writes the
    /// clean-shutdown marker, so the next open skips the recovery scan.
    pub fn close(mut self) -> Result<()> {
        self.active_mut().seal()?;
        recovery::write_clean_shutdown_marker(&self.dir)?;
        info!(dir = %self.dir.display(), log_end_offset = self.log_end_offset, "closed log");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_batch::batch;

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
}
