//! Truncation of a log (Kafka's `UnifiedLog.truncateTo` and
//! `truncateFullyAndStartAt`), as a follower does to match its leader.
//!
//! Invariants: after `truncate_to(o)` the log end offset is at most `o` and
//! no batch at or past it remains, in the segments or the leader epoch
//! cache; a negative offset is refused; every truncation counts in
//! `truncations`, so a cleaning round begun before it is thrown away.

use super::*;

impl Log {
    /// Removes every batch holding an offset `>= offset` (a batch straddling
    /// `offset` is removed whole); the log end offset becomes the end of the
    /// last batch kept, and leader epochs starting at or after it are dropped.
    /// An offset at or below the log start offset empties the log, restarts
    /// it at `offset` and clears the leader epoch cache; so does a cut that
    /// removes the batch holding the log start offset (one DeleteRecords
    /// moved inside a batch), which restarts it at the log start offset.
    pub fn truncate_to(&mut self, offset: i64) -> Result<()> {
        if offset < 0 {
            return Err(StorageError::OffsetOutOfRange {
                offset,
                log_start: self.log_start_offset,
                log_end: self.log_end_offset,
            });
        }
        if offset >= self.log_end_offset {
            // An epoch entry at the log end without data (its write failed)
            // goes, as in Kafka.
            self.leader_epoch_cache
                .truncate_from_end(self.log_end_offset)?;
            return Ok(());
        }
        self.truncations += 1;
        if offset <= self.log_start_offset {
            self.truncate_fully_and_start_at(offset)?;
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
            // At the new log end, which is below `offset` when a batch
            // straddled it: epochs that started in that batch are gone too.
            self.leader_epoch_cache
                .truncate_from_end(self.log_end_offset)?;
            self.lower_first_dirty_offset(self.log_end_offset)?;
            if self.log_end_offset < self.log_start_offset {
                self.truncate_fully_and_start_at(self.log_start_offset)?;
            }
        }
        info!(dir = %self.dir.display(), offset, log_end_offset = self.log_end_offset, "truncated log");
        self.check_invariants();
        Ok(())
    }

    /// Deletes every segment and restarts the log, empty, at `offset`, which
    /// becomes the log start offset (Kafka's `truncateFullyAndStartAt`): a
    /// follower truncating below its log start, or one too far behind a
    /// leader that deleted what it lacks. The start is checkpointed, as it
    /// may move down or to an offset no segment base tells.
    pub fn truncate_fully_and_start_at(&mut self, offset: i64) -> Result<()> {
        if offset < 0 {
            return Err(StorageError::OffsetOutOfRange {
                offset,
                log_start: self.log_start_offset,
                log_end: self.log_end_offset,
            });
        }
        self.truncations += 1;
        log_start_offset::write(&self.dir, offset)?;
        let segments = std::mem::take(&mut self.segments);
        for (_, segment) in segments {
            segment.delete()?;
        }
        let segment = Segment::create(&self.dir, offset, &self.config, now_ms())?;
        self.segments.insert(offset, segment);
        recovery::sync_dir(&self.dir)?;
        self.log_start_offset = offset;
        self.log_end_offset = offset;
        // Nothing is left for any epoch.
        self.leader_epoch_cache.clear()?;
        self.first_dirty_offset = offset;
        cleaner::write_checkpoint_durably(&self.dir, offset)?;
        info!(dir = %self.dir.display(), offset, "emptied log");
        self.check_invariants();
        Ok(())
    }
}
