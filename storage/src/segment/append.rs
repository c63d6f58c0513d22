//! Appends to a segment (Kafka's `LogSegment.append`): the write of a batch
//! at the end of the `.log` and the index entries it earns.
//!
//! Invariants: batches arrive with their offsets assigned, above the
//! segment's next offset and within `MAX_RELATIVE_OFFSET` of its base; the
//! file never exceeds `MAX_SEGMENT_SIZE`; an index entry is added once more
//! than `index.interval.bytes` were appended since the last one.

use super::*;

impl Segment {
    /// Appends one batch whose base offset is already assigned; returns the
    /// position it was written at.
    pub fn append(&mut self, batch: &[u8], header: &BatchHeader) -> Result<u32> {
        self.append_parts(batch, &[], header)
    }

    /// [`Segment::append`] for a batch held in two parts (its patched header
    /// and the rest as received), written back to back without joining them
    /// in memory first, except when small (one write beats two then).
    pub fn append_parts(&mut self, head: &[u8], tail: &[u8], header: &BatchHeader) -> Result<u32> {
        let len = head.len() + tail.len();
        assert_eq!(len, header.total_size(), "batch length mismatch");
        assert!(
            header.base_offset >= self.next_offset,
            "offsets must grow: batch {} appended at next offset {}",
            header.base_offset,
            self.next_offset
        );
        assert!(
            header.last_offset_delta >= 0 && header.next_offset() > header.base_offset,
            "bad offsets {}+{}",
            header.base_offset,
            header.last_offset_delta
        );
        assert!(
            header.last_offset() - self.base_offset <= MAX_RELATIVE_OFFSET,
            "offset {} too far from segment base {}",
            header.last_offset(),
            self.base_offset
        );
        let position = self.size;
        let end = position as u64 + len as u64;
        assert!(
            end <= MAX_SEGMENT_SIZE,
            "segment would exceed {MAX_SEGMENT_SIZE} bytes"
        );
        if tail.is_empty() {
            self.log
                .write_all_at(head, position as u64)
                .at(&self.log_path)?;
        } else if len <= JOIN_BELOW {
            let mut joined = Vec::with_capacity(len);
            joined.extend_from_slice(head);
            joined.extend_from_slice(tail);
            self.log
                .write_all_at(&joined, position as u64)
                .at(&self.log_path)?;
        } else {
            self.log
                .write_all_at(head, position as u64)
                .at(&self.log_path)?;
            self.log
                .write_all_at(tail, position as u64 + head.len() as u64)
                .at(&self.log_path)?;
        }
        self.size = end as u32;
        self.index_batch(position, header)?;
        if self.recent.len() == RECENT_BATCHES {
            self.recent.pop_front();
        }
        self.recent.push_back(BatchPosition {
            position,
            header: *header,
        });
        Ok(position)
    }

    /// Updates indexes and in-memory state for a batch stored at `position`
    /// (Kafka's rule: an index entry once more than `index.interval.bytes`
    /// were appended since the last one).
    pub(super) fn index_batch(&mut self, position: u32, header: &BatchHeader) -> Result<()> {
        if header.max_timestamp > self.max_timestamp {
            self.max_timestamp = header.max_timestamp;
            self.offset_of_max_timestamp = header.base_offset;
        }
        if self.bytes_since_last_index_entry > self.index_interval_bytes
            && !self.offset_index.is_full()
        {
            // The batch is already in the log: an index entry that cannot be
            // written (disk full) is skipped, not an error. The indexes are
            // sparse; a missing entry costs a longer scan, while failing here
            // would leave the log holding a batch the log end offset does not
            // count, and the next append would reuse its offsets.
            self.hold_indexes();
            let indexed = self
                .offset_index
                .append(header.base_offset, position)
                .and_then(|()| {
                    if self.max_timestamp >= 0 {
                        self.time_index
                            .maybe_append(self.max_timestamp, self.offset_of_max_timestamp, false)
                            .map(|_| ())
                    } else {
                        Ok(())
                    }
                });
            if let Err(e) = indexed {
                tracing::warn!(segment = %self.log_path.display(), error = %e, "index entry skipped");
            }
            self.bytes_since_last_index_entry = 0;
        }
        self.bytes_since_last_index_entry = self
            .bytes_since_last_index_entry
            .saturating_add(header.total_size() as u32);
        if self.rolling_base_timestamp.is_none() {
            self.rolling_base_timestamp = Some(header.max_timestamp);
        }
        self.next_offset = header.next_offset();
        Ok(())
    }
}
