//! What a partition does to its log besides appending: reads (consumers up
//! to the high watermark, followers up to the log end), timestamp lookups,
//! DeleteRecords, retention, cleaning, flushing, and closing, retiring or
//! deleting the replica.
//!
//! Invariants: consumers never read past the high watermark; the log start
//! offset moves only up; a clean close snapshots the producers' state.

use super::*;

impl Partition {
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

    /// Calls `f` with the batch, key and value of every record from the log
    /// start to the log end, in offset order (a coordinator loading its
    /// state topic; the batch tells a transaction's records and markers).
    /// Returns how many records there were.
    pub fn for_each_record(
        &self,
        mut f: impl FnMut(&RecordBatch, Option<Bytes>, Option<Bytes>),
    ) -> usize {
        let mut count = 0;
        let mut offset = self.log_start_offset();
        let end = self.log_end_offset();
        while offset < end {
            let Ok(bytes) = self.read_to(offset, 4 << 20, end) else {
                break;
            };
            if bytes.is_empty() {
                break;
            }
            for batch in Batches::new(bytes).flatten() {
                offset = batch.next_offset();
                let Ok(mut iter) = batch.iter_records(64 << 20) else {
                    continue;
                };
                // Headers are not needed: counted, never collected.
                while let Some(Ok(record)) = iter.next_summary() {
                    f(&batch, record.key, record.value);
                    count += 1;
                }
            }
        }
        count
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
        // Nothing to read (the common case of a caught-up reader): the log
        // lock, which appends hold, is not needed to say so. The offsets are
        // the log's as last published; one that moves meanwhile is seen at
        // the next read.
        if offset >= end && offset >= self.log_start_offset() && offset <= self.log_end_offset() {
            return Ok(None);
        }
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
    /// go on meanwhile. Only stable records (below the last stable offset)
    /// are compacted: the rest may still be truncated, or belong to an open
    /// transaction that may still abort. Returns the round's numbers when
    /// one was swapped in.
    pub fn clean(
        &self,
        cleaner: &mut storage::Cleaner,
        now_ms: i64,
    ) -> Result<Option<storage::CleanStats>, StorageError> {
        let last_stable_offset = self.last_stable_offset();
        let plan = {
            let inner = self.inner.lock().expect("partition lock");
            inner.log.clean_plan(now_ms, last_stable_offset)
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
        // Never past what consumers may read: the high watermark, or the
        // first open transaction before it.
        let bound = self.last_stable_offset();
        let mut inner = self.inner.lock().expect("partition lock");
        match inner.log.apply_retention_below(now_ms, bound) {
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

    /// Kafka's time-based flush (`flush.ms`): fsyncs the log when it holds
    /// unflushed records and its last such flush is `flush.ms` or more
    /// before `now_ms`. Returns whether it fsynced.
    pub fn flush_if_due(&self, now_ms: i64) -> Result<bool, ApiError> {
        let Some(flush_ms) = self.config.read().expect("config lock").flush_ms else {
            return Ok(false);
        };
        let end = self.log_end_offset();
        if self.flushed_to.load(Ordering::Acquire) >= end
            || now_ms.saturating_sub(self.last_flush_ms.load(Ordering::Acquire)) < flush_ms
        {
            return Ok(false);
        }
        let flushed = self.sync(end)?;
        self.last_flush_ms.store(now_ms, Ordering::Release);
        Ok(flushed)
    }

    /// Offsets below this are fsynced.
    pub fn flushed_to(&self) -> i64 {
        self.flushed_to.load(Ordering::Acquire)
    }

    /// Forgets the idempotent producers silent for `expiration_ms`
    /// (`producer.id.expiration.ms`); returns how many.
    pub fn remove_expired_producers(&self, now_ms: i64, expiration_ms: i64) -> usize {
        let mut inner = self.inner.lock().expect("partition lock");
        inner
            .producers
            .remove_expired_producers(now_ms, expiration_ms)
    }

    /// DeleteRecords on the leader (Kafka's `deleteRecordsOnLeader`): moves
    /// the log start offset up to `offset`, -1 meaning the high watermark.
    /// Only committed records may go: past the high watermark (or below -1)
    /// is OFFSET_OUT_OF_RANGE. Returns the new log start offset (the low
    /// watermark of the answer).
    pub fn delete_records_before(&self, offset: i64) -> Result<i64, ApiError> {
        if !self.is_leader() {
            return Err(ApiError::new(
                code::NOT_LEADER_OR_FOLLOWER,
                "this broker does not lead the partition",
            ));
        }
        let hw = self.high_watermark();
        let offset = if offset == DELETE_TO_HIGH_WATERMARK {
            hw
        } else {
            offset
        };
        if offset < 0 || offset > hw {
            return Err(ApiError::new(
                code::OFFSET_OUT_OF_RANGE,
                format!("offset {offset} is not in [0, high watermark {hw}]"),
            ));
        }
        self.move_log_start(offset)
    }

    pub(super) fn move_log_start(&self, offset: i64) -> Result<i64, ApiError> {
        let mut inner = self.inner.lock().expect("partition lock");
        let start = inner.log.delete_records_before(offset).map_err(|e| {
            tracing::error!(topic = %self.topic, partition = self.index, offset, error = %e, "moving the log start offset failed");
            ApiError::new(storage_code(&e), e.to_string())
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
