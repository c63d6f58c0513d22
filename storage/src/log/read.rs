//! Reads from a log (Kafka's `UnifiedLog.read`, `fetchOffsetByTimestamp`):
//! copied or as a file slice (with the aborted transactions it overlaps,
//! for read_committed), and offset lookup by timestamp.
//!
//! Invariants: only whole batches entirely below the upper bound (the high
//! watermark) are returned, at least one when any is readable (KIP-74); the
//! first may start below the fetch offset (a log start offset inside it).

use super::*;

impl Log {
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
        if result.first_offset.is_some() {
            // The first batch may start below the log start offset when
            // DeleteRecords moved it inside the batch: clients skip the
            // records below their fetch offset, as with Kafka.
            assert!(result.next_offset > fetch_offset);
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
    pub(super) fn read_start(
        &self,
        fetch_offset: i64,
        max_offset_exclusive: i64,
    ) -> Result<Option<i64>> {
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
        self.read_slice_in(fetch_offset, max_bytes, max_offset_exclusive)
            .map(|(read, _)| read)
    }

    /// [`Log::read_slice`] for a read_committed fetch up to the LSO
    /// `last_stable_offset`: also the aborted transactions that overlap what
    /// the slice holds (Kafka's `addAbortedTransactions`).
    pub fn read_slice_committed(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        last_stable_offset: i64,
    ) -> Result<(SliceRead, Vec<crate::transaction_index::AbortedTxn>)> {
        let (read, base) = self.read_slice_in(fetch_offset, max_bytes, last_stable_offset)?;
        let (Some(slice), Some(base)) = (&read.slice, base) else {
            return Ok((read, Vec::new()));
        };
        // Most logs hold no abort at all: no index is read for them.
        let any = self
            .segments
            .range(base..)
            .any(|(_, s)| s.txn_index().entries() > 0);
        if !any {
            return Ok((read, Vec::new()));
        }
        let upper = self.segments[&base].fetch_upper_bound_offset(slice.position, slice.len)?;
        let aborted =
            self.collect_aborted_transactions(fetch_offset, upper.min(last_stable_offset))?;
        Ok((read, aborted))
    }

    /// [`Log::read_slice`], and the base offset of the segment sliced.
    fn read_slice_in(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        max_offset_exclusive: i64,
    ) -> Result<(SliceRead, Option<i64>)> {
        let mut sliced = None;
        let mut result = SliceRead {
            slice: None,
            log_start_offset: self.log_start_offset,
            log_end_offset: self.log_end_offset,
        };
        let Some(start_base) = self.read_start(fetch_offset, max_offset_exclusive)? else {
            return Ok((result, None));
        };
        for (&base, segment) in self.segments.range(start_base..) {
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
            sliced = Some(base);
            break;
        }
        Ok((result, sliced))
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
}
