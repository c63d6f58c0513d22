//! Appends to a log (Kafka's `UnifiedLog.append`/`appendAsFollower`) and the
//! roll of the active segment (`LocalLog.roll`).
//!
//! Invariants: a batch is appended whole or not at all; offsets only grow,
//! with no overlap (a follower's gaps are kept); a batch never spans two
//! segments and its relative offsets fit the index; the leader epoch cache
//! records the first offset of each new epoch before the batch is written.

use super::*;

impl Log {
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
        self.check_fits_a_segment(len)?;

        let base_offset = self.log_end_offset;
        set_base_offset(head, base_offset);
        let header = BatchHeader {
            base_offset,
            ..header
        };
        debug_assert_eq!(BatchHeader::parse(head).ok(), Some(header));
        self.append_batch(head, tail, &header, now_ms)
    }

    /// Appends batches copied from the leader's log, offsets and epochs
    /// included, without changing a byte (Kafka's `appendAsFollower`).
    ///
    /// `records` holds whole batches back to back, as a fetch response
    /// returns them. The first must start at or after the log end offset and
    /// each next one at or after where the previous ended
    /// ([`StorageError::UnexpectedAppendOffset`] otherwise): a compacted
    /// leader's log has gaps, which the copy keeps. Each must have a valid
    /// header and CRC and fit a segment.
    /// Everything is checked before anything is written, so a refused append
    /// leaves the log as it was. A trailing fragment of a batch (a fetch
    /// response cut at its size limit) is ignored and not written — the next
    /// fetch starts at the new log end offset — but `records` must hold at
    /// least one whole batch. Indexes, rolls, flush accounting and the leader
    /// epoch cache behave as for leader appends.
    pub fn append_as_follower(&mut self, records: &[u8], now_ms: i64) -> Result<AppendInfo> {
        let batches = self.check_follower_batches(records)?;
        let mut summary: Option<AppendInfo> = None;
        for (position, header) in batches {
            let batch = &records[position..position + header.total_size()];
            let info = self.append_batch(batch, &[], &header, now_ms)?;
            summary = Some(match summary {
                None => info,
                Some(s) => s.then(info),
            });
        }
        Ok(summary.expect("at least one batch was checked"))
    }

    /// The whole batches of a follower append — their positions in `records`
    /// and headers — once each passed the checks of
    /// [`Log::append_as_follower`].
    pub(super) fn check_follower_batches(
        &self,
        records: &[u8],
    ) -> Result<Vec<(usize, BatchHeader)>> {
        let mut batches = Vec::new();
        let mut position = 0;
        let mut expected = self.log_end_offset;
        while records.len() - position >= BATCH_HEADER_LEN {
            let rest = &records[position..];
            let header = BatchHeader::parse(rest)?;
            if rest.len() < header.total_size() {
                break; // The trailing fragment of a batch.
            }
            let index = batches.len();
            // A compacted leader log has gaps between batches (records the
            // cleaner removed): offsets only have to grow, as in Kafka.
            if header.base_offset < expected {
                return Err(StorageError::UnexpectedAppendOffset {
                    index,
                    expected,
                    found: header.base_offset,
                });
            }
            let invalid = |reason: String| {
                StorageError::InvalidBatch(format!(
                    "follower batch {index} at offset {expected}: {reason}"
                ))
            };
            if header.last_offset_delta < 0 {
                return Err(invalid(format!(
                    "negative last offset delta {}",
                    header.last_offset_delta
                )));
            }
            let Some(next) = header
                .base_offset
                .checked_add(header.last_offset_delta as i64 + 1)
            else {
                return Err(invalid("offsets overflow".to_string()));
            };
            // A segment starting at the log end must be able to index it.
            if next - 1 - expected > MAX_RELATIVE_OFFSET {
                return Err(invalid(format!(
                    "a gap of more than {MAX_RELATIVE_OFFSET} offsets after {expected}"
                )));
            }
            self.check_fits_a_segment(header.total_size())?;
            if let Some(problem) = crc_problem(&rest[..header.total_size()], &header) {
                return Err(invalid(problem));
            }
            batches.push((position, header));
            position += header.total_size();
            expected = next;
        }
        if batches.is_empty() {
            return Err(StorageError::InvalidBatch(format!(
                "follower append of {} bytes holds no whole batch",
                records.len()
            )));
        }
        Ok(batches)
    }

    /// A batch larger than a segment could never be written (Kafka's
    /// RecordBatchTooLargeException).
    pub(super) fn check_fits_a_segment(&self, len: usize) -> Result<()> {
        if len > self.config.segment_bytes as usize {
            return Err(StorageError::BatchTooLarge {
                size: len,
                max: self.config.segment_bytes,
            });
        }
        Ok(())
    }

    /// Writes one checked batch whose base offset is the log end offset:
    /// rolls first if needed, records its leader epoch, appends it to the
    /// active segment and moves the log end offset past it.
    pub(super) fn append_batch(
        &mut self,
        head: &[u8],
        tail: &[u8],
        header: &BatchHeader,
        now_ms: i64,
    ) -> Result<AppendInfo> {
        let len = head.len() + tail.len();
        assert_eq!(len, header.total_size(), "batch length mismatch");
        assert!(
            header.base_offset >= self.log_end_offset,
            "batches are appended at the log end (or past it, a follower copying a compacted log)"
        );
        let rolled = self.roll_reason(header, now_ms);
        if let Some(reason) = rolled {
            self.roll(reason, now_ms)?;
        }
        // Before the write, as Kafka does: an epoch entry without data (the
        // write failed) is dropped by the next truncation or open, data
        // without its epoch entry would go unnoticed.
        self.assign_epoch(header)?;
        let segment = self.active_mut();
        let position = segment.append_parts(head, tail, header)?;
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
            base_offset: header.base_offset,
            last_offset: header.last_offset(),
            max_timestamp: header.max_timestamp,
            segment_base_offset,
            position,
            size: len,
            rolled,
            flush_due,
        })
    }

    /// Records the batch's leader epoch as starting at its base offset
    /// (Kafka's `maybeAssignEpochStartOffset`); a no-op unless the epoch
    /// changes. Batches without an epoch (-1) are skipped.
    pub(super) fn assign_epoch(&mut self, header: &BatchHeader) -> Result<()> {
        if header.partition_leader_epoch >= 0 {
            self.leader_epoch_cache
                .assign(header.partition_leader_epoch, header.base_offset)?;
        }
        Ok(())
    }

    /// Kafka's `shouldRoll`, for a non-empty active segment.
    pub(super) fn roll_reason(&self, header: &BatchHeader, now_ms: i64) -> Option<RollReason> {
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
    pub(super) fn roll(&mut self, reason: RollReason, now_ms: i64) -> Result<()> {
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
}
