//! The log's side of compaction (Kafka's first dirty offset and
//! `replaceSegments`): what the cleaner may clean, and the swap of cleaned
//! segments in place of their sources.
//!
//! Invariants: only closed segments below the uncleanable offset (never the
//! active one) are planned; a swap replaces exactly the planned sources or
//! nothing (a round whose segments changed meanwhile is thrown away).

use std::collections::HashMap;

use super::*;

impl Log {
    /// Where the part of the log the cleaner has not compacted yet starts.
    pub fn first_dirty_offset(&self) -> i64 {
        self.first_dirty_offset.max(self.log_start_offset)
    }

    /// After a truncation: what was compacted may have been rewritten.
    pub(super) fn lower_first_dirty_offset(&mut self, offset: i64) -> Result<()> {
        if self.first_dirty_offset > offset {
            self.first_dirty_offset = offset;
            cleaner::write_checkpoint_durably(&self.dir, offset)?;
        }
        Ok(())
    }

    /// Step 1 of a compaction round (see [`crate::cleaner`]): the closed
    /// segments that may be cleaned, from the first one up to the active
    /// segment, `uncleanable_offset` (the last stable offset: uncommitted
    /// records may still be truncated, an open transaction may still abort)
    /// and `min.compaction.lag.ms`. `None` unless
    /// `cleanup.policy` holds compact and the dirty part is at least
    /// `min.cleanable.dirty.ratio` of those bytes or has a record older than
    /// `max.compaction.lag.ms`.
    pub fn clean_plan(&self, now_ms: i64, uncleanable_offset: i64) -> Option<CleanPlan> {
        if !self.config.cleanup_compact {
            return None;
        }
        let active_base = self.active().base_offset();
        let min_lag = self.config.min_compaction_lag_ms;
        let mut segments = Vec::new();
        let mut first_dirty_timestamp = None;
        let first_dirty = self.first_dirty_offset();
        for s in self.segments.values() {
            if s.base_offset() >= active_base || s.next_offset() > uncleanable_offset {
                break;
            }
            if min_lag > 0 && s.max_timestamp() > now_ms.saturating_sub(min_lag) {
                break;
            }
            if s.next_offset() > first_dirty && first_dirty_timestamp.is_none() {
                first_dirty_timestamp = s.rolling_base_timestamp();
            }
            segments.push(SourceSegment {
                base_offset: s.base_offset(),
                next_offset: s.next_offset(),
                size: s.size(),
                file: s.log_file(),
                path: s.log_path().to_path_buf(),
            });
        }
        let (mut clean, mut dirty) = (0u64, 0u64);
        for s in &segments {
            match s.next_offset <= first_dirty {
                true => clean += s.size as u64,
                false => dirty += s.size as u64,
            }
        }
        if dirty == 0 {
            return None;
        }
        let ratio = dirty as f64 / (clean + dirty) as f64;
        let overdue = first_dirty_timestamp.is_some_and(|ts| {
            ts >= 0 && now_ms.saturating_sub(ts) > self.config.max_compaction_lag_ms
        });
        if ratio < self.config.min_cleanable_dirty_ratio && !overdue {
            return None;
        }
        let end = segments.last().map_or(first_dirty, |s| s.next_offset);
        let mut aborted: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        match self.collect_aborted_transactions(self.log_start_offset, end) {
            Ok(txns) => {
                for t in txns {
                    aborted
                        .entry(t.producer_id)
                        .or_default()
                        .push((t.first_offset, t.last_offset));
                }
            }
            Err(e) => {
                // Without the aborts the round could keep aborted keys
                // over committed ones: no round.
                tracing::warn!(dir = %self.dir.display(), error = %e, "log cleaner: cannot read the transaction index");
                return None;
            }
        }
        Some(CleanPlan {
            aborted,
            truncations: self.truncations,
            dir: self.dir.clone(),
            config: self.config.clone(),
            segments,
            first_dirty_offset: first_dirty,
            dirty_bytes: dirty,
            cleanable_bytes: clean + dirty,
        })
    }

    /// Step 3 of a compaction round: replaces the segments the round read
    /// with the cleaned ones, unless one of them changed meanwhile (deleted
    /// by retention, cut by a truncation, become active); the round is then
    /// thrown away and `false` returned. Crash-safe: see [`crate::cleaner`].
    pub fn swap_cleaned(&mut self, cleaned: Cleaned) -> Result<bool> {
        let started = std::time::Instant::now();
        let active_base = self.active().base_offset();
        let unchanged = cleaned.truncations == self.truncations
            && cleaned.groups.iter().flat_map(|g| &g.sources).all(|s| {
                s.base_offset < active_base
                    && self.segments.get(&s.base_offset).is_some_and(|seg| {
                        seg.size() == s.size && Arc::ptr_eq(&seg.log_file(), &s.file)
                    })
            });
        if !unchanged {
            info!(dir = %self.dir.display(), "log cleaning round thrown away: its segments changed meanwhile");
            cleaner::remove_cleaning_dir(&self.dir)?;
            return Ok(false);
        }
        cleaner::failpoint("cleaner-before-manifest");
        cleaner::write_swap_manifest(&self.dir, &cleaned.groups)?;
        cleaner::failpoint("cleaner-after-manifest");
        // Dropped, not deleted: the swap deletes or replaces their files (by
        // name; fetches still sending from them keep them open).
        for s in cleaned.groups.iter().flat_map(|g| &g.sources) {
            self.segments.remove(&s.base_offset).expect("checked above");
        }
        cleaner::recover_swap(&self.dir, false)?;
        let now = now_ms();
        for g in &cleaned.groups {
            let mut segment = Segment::open(&self.dir, g.base_offset, &self.config, now)?;
            if let LoadOutcome::NeedsRecovery(reason) = segment.load_state()? {
                warn!(dir = %self.dir.display(), segment = g.base_offset, reason = %reason, "cleaned segment failed its sanity check; rebuilding its indexes");
                segment.recover(false)?;
                segment.seal()?;
            }
            self.segments.insert(g.base_offset, segment);
        }
        self.first_dirty_offset = cleaned.next_dirty_offset;
        cleaner::write_checkpoint(&self.dir, self.first_dirty_offset)?;
        let s = cleaned.stats;
        info!(
            dir = %self.dir.display(),
            segments_before = s.segments_before,
            segments_after = s.segments_after,
            bytes_read = s.bytes_read,
            bytes_written = s.bytes_written,
            records_read = s.records_read,
            records_kept = s.records_kept,
            keys = s.keys,
            first_dirty_offset = self.first_dirty_offset,
            swap_us = started.elapsed().as_micros() as u64,
            "log cleaned"
        );
        self.check_invariants();
        Ok(true)
    }
}
