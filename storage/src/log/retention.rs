//! Deletion from the start of a log: DeleteRecords (Kafka's
//! `maybeIncrementLogStartOffset`) and time and size retention
//! (`deleteOldSegments`).
//!
//! Invariants: the log start offset only moves forward here, and
//! DeleteRecords checkpoints it before anything changes; the active segment
//! is never deleted; the leader epoch cache forgets the epochs before the
//! log start offset.

use super::*;

impl Log {
    /// DeleteRecords (Kafka's `maybeIncrementLogStartOffset`): moves the log
    /// start offset up to `offset`, which the caller has checked against the
    /// high watermark; reads below it then answer OFFSET_OUT_OF_RANGE. The
    /// segments wholly below go at once; the one holding `offset` stays
    /// until retention removes it. An offset at or below the current start
    /// changes nothing. Returns the log start offset; OFFSET_OUT_OF_RANGE
    /// past the log end offset.
    pub fn delete_records_before(&mut self, offset: i64) -> Result<i64> {
        if offset < 0 || offset > self.log_end_offset {
            return Err(StorageError::OffsetOutOfRange {
                offset,
                log_start: self.log_start_offset,
                log_end: self.log_end_offset,
            });
        }
        if offset <= self.log_start_offset {
            return Ok(self.log_start_offset);
        }
        // Durable before anything changes: once the caller answers, a
        // restart must not bring the records back.
        log_start_offset::write(&self.dir, offset)?;
        info!(dir = %self.dir.display(), from = self.log_start_offset, to = offset, "log start offset moved by DeleteRecords");
        self.log_start_offset = offset;
        self.leader_epoch_cache
            .truncate_from_start(self.log_start_offset)?;
        let count = self.segments_below_log_start();
        self.delete_oldest_segments(count, "below the log start offset")?;
        self.check_invariants();
        Ok(self.log_start_offset)
    }

    /// How many of the oldest segments lie wholly below the log start offset
    /// (Kafka's `deleteLogStartOffsetBreachedSegments`): those before the
    /// one holding it. Never the active segment.
    pub(super) fn segments_below_log_start(&self) -> usize {
        self.segments.range(..=self.log_start_offset).count() - 1
    }

    /// Deletes the `count` oldest segments (never the active one); the log
    /// start offset moves up to the first segment left if it was below, and
    /// the leader epoch cache forgets the epochs before it.
    pub(super) fn delete_oldest_segments(&mut self, count: usize, reason: &str) -> Result<()> {
        assert!(count < self.segments.len(), "the active segment stays");
        if count == 0 {
            return Ok(());
        }
        let doomed: Vec<i64> = self.segments.keys().take(count).copied().collect();
        for base in doomed {
            let segment = self.segments.remove(&base).expect("listed");
            let (size, next) = (segment.size(), segment.next_offset());
            segment.delete()?;
            info!(dir = %self.dir.display(), segment = base, size, next_offset = next, reason, "deleted segment");
        }
        let first = *self.segments.keys().next().expect("active segment kept");
        self.log_start_offset = self.log_start_offset.max(first);
        recovery::sync_dir(&self.dir)?;
        self.leader_epoch_cache
            .truncate_from_start(self.log_start_offset)
    }

    /// Kafka's retention: deletes the oldest non-active segments whose newest
    /// batch is older than `retention_ms` (by max timestamp, or file mtime when
    /// batches carry none), then the oldest while the log exceeds
    /// `retention_bytes` by at least their size. -1 disables either. Segments
    /// wholly below the log start offset (left by DeleteRecords) go first
    /// whatever their age. The log start offset moves to the first remaining
    /// segment, and the leader epoch cache forgets the epochs before it.
    /// Returns the number of segments deleted.
    pub fn delete_old_segments(
        &mut self,
        now_ms: i64,
        retention_ms: i64,
        retention_bytes: i64,
    ) -> Result<usize> {
        self.delete_old_segments_below(now_ms, retention_ms, retention_bytes, i64::MAX)
    }

    /// [`Log::delete_old_segments`] of the segments wholly below
    /// `upper_bound` only: a partition passes its last stable offset, so
    /// that retention never deletes what consumers may not read yet (past
    /// the high watermark) nor the segment of an open transaction.
    pub fn delete_old_segments_below(
        &mut self,
        now_ms: i64,
        retention_ms: i64,
        retention_bytes: i64,
        upper_bound: i64,
    ) -> Result<usize> {
        // Kafka rolls an active segment whose newest record is past
        // retention, so that it can be deleted with the others: an idle
        // topic expires too. The new active segment is empty.
        if retention_ms >= 0 && !self.active().is_empty() {
            let active = self.active();
            let newest = match active.max_timestamp() {
                ts if ts >= 0 => ts,
                _ => active.last_modified_ms()?,
            };
            if now_ms - newest > retention_ms {
                self.roll(RollReason::Retention, now_ms)?;
            }
        }
        let candidates: Vec<&Segment> = {
            let n = self.segments.len();
            self.segments
                .values()
                .take(n - 1)
                .take_while(|s| s.next_offset() <= upper_bound)
                .collect()
        };
        let mut count = self.segments_below_log_start();
        if retention_ms >= 0 {
            for segment in candidates.iter().skip(count) {
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
            for segment in candidates.iter().skip(count) {
                if excess - segment.size() as i64 >= 0 {
                    excess -= segment.size() as i64;
                    count += 1;
                } else {
                    break;
                }
            }
        }
        self.delete_oldest_segments(count, "retention")?;
        self.check_invariants();
        Ok(count)
    }

    /// [`Log::delete_old_segments`] with the configured retention; without
    /// `delete` in `cleanup.policy` only what lies below the log start
    /// offset goes.
    pub fn apply_retention(&mut self, now_ms: i64) -> Result<usize> {
        self.apply_retention_below(now_ms, i64::MAX)
    }

    /// [`Log::apply_retention`] below `upper_bound` (see
    /// [`Log::delete_old_segments_below`]).
    pub fn apply_retention_below(&mut self, now_ms: i64, upper_bound: i64) -> Result<usize> {
        let (ms, bytes) = match self.config.cleanup_delete {
            true => (self.config.retention_ms, self.config.retention_bytes),
            false => (-1, -1),
        };
        self.delete_old_segments_below(now_ms, ms, bytes, upper_bound)
    }
}
