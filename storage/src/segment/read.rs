//! Lookups and reads in a segment (Kafka's `LogSegment.translateOffset`,
//! `findOffsetByTimestamp` and `read`): headers, the batch holding an
//! offset or timestamp, copies and file slices.
//!
//! Invariants: a batch is read only when it lies wholly within the segment's
//! size; an index entry is checked against the header it points to before it
//! is trusted; reads return whole batches only.

use super::*;

impl Segment {
    /// Reads and parses the header of the batch at `position`, checking that
    /// the whole batch lies within the segment.
    pub fn read_header_at(&self, position: u32) -> Result<BatchHeader> {
        let pos = position as u64;
        if pos + BATCH_HEADER_LEN as u64 > self.size as u64 {
            return Err(StorageError::corrupt_batch(
                &self.log_path,
                pos,
                format!("header past the end of the segment ({} bytes)", self.size),
            ));
        }
        let mut buf = [0u8; BATCH_HEADER_LEN];
        self.log.read_exact_at(&mut buf, pos).at(&self.log_path)?;
        let header = BatchHeader::parse(&buf)
            .map_err(|e| StorageError::corrupt_batch(&self.log_path, pos, e.to_string()))?;
        if pos + header.total_size() as u64 > self.size as u64 {
            return Err(StorageError::corrupt_batch(
                &self.log_path,
                pos,
                format!(
                    "batch of {} bytes past the end of the segment ({} bytes)",
                    header.total_size(),
                    self.size
                ),
            ));
        }
        Ok(header)
    }

    /// Calls `f` with the header of every batch, oldest first, reading the
    /// file in large chunks rather than once per batch: for rebuilding state
    /// derived from the headers (the leader epoch cache) of a whole segment.
    pub fn for_each_header(&self, mut f: impl FnMut(&BatchHeader)) -> Result<()> {
        const CHUNK: usize = 256 * 1024;
        let size = self.size as u64;
        let mut buf = vec![0u8; CHUNK.min(self.size as usize)];
        // The file bytes buf[..chunk_len] hold, from chunk_start.
        let (mut chunk_start, mut chunk_len) = (0u64, 0usize);
        let mut position = 0u64;
        while position < size {
            if position + BATCH_HEADER_LEN as u64 > chunk_start + chunk_len as u64 {
                chunk_len = (size - position).min(CHUNK as u64) as usize;
                self.log
                    .read_exact_at(&mut buf[..chunk_len], position)
                    .at(&self.log_path)?;
                chunk_start = position;
            }
            let at = (position - chunk_start) as usize;
            let header = BatchHeader::parse(&buf[at..chunk_len]).map_err(|e| {
                StorageError::corrupt_batch(&self.log_path, position, e.to_string())
            })?;
            let end = position + header.total_size() as u64;
            if end > size {
                return Err(StorageError::corrupt_batch(
                    &self.log_path,
                    position,
                    format!(
                        "batch of {} bytes past the end of the segment ({size} bytes)",
                        header.total_size()
                    ),
                ));
            }
            f(&header);
            position = end;
        }
        Ok(())
    }

    /// Position from which to scan for `offset`: the index floor entry, with
    /// the batch there checked against the entry.
    pub(super) fn scan_start(&self, offset: i64) -> Result<u32> {
        match self.offset_index.lookup(offset)? {
            Some(entry) => self.check_index_entry(entry),
            None => Ok(0),
        }
    }

    /// Checks that an offset index entry points at the start of the batch
    /// with that base offset; returns its position.
    pub(super) fn check_index_entry(&self, entry: OffsetEntry) -> Result<u32> {
        if entry.position >= self.size {
            return Err(StorageError::corrupt_index(
                self.offset_index.path(),
                format!(
                    "position {} past segment size {}",
                    entry.position, self.size
                ),
            ));
        }
        let header = self.read_header_at(entry.position)?;
        if header.base_offset != entry.offset {
            return Err(StorageError::corrupt_index(
                self.offset_index.path(),
                format!(
                    "entry {entry:?} points at a batch with base offset {}",
                    header.base_offset
                ),
            ));
        }
        Ok(entry.position)
    }

    /// The first batch whose last offset is `>= offset` (the batch containing
    /// `offset`, or the next one after a gap): index lookup, then a short
    /// forward scan of headers.
    pub fn find_batch(&self, offset: i64) -> Result<Option<BatchPosition>> {
        if let Some(oldest) = self.recent.front() {
            if offset >= oldest.header.base_offset {
                let i = self
                    .recent
                    .partition_point(|bp| bp.header.last_offset() < offset);
                return Ok(self.recent.get(i).copied());
            }
        }
        let mut position = self.scan_start(offset)?;
        while position < self.size {
            let header = self.read_header_at(position)?;
            if header.last_offset() >= offset {
                return Ok(Some(BatchPosition { position, header }));
            }
            position += header.total_size() as u32;
        }
        Ok(None)
    }

    /// The first batch whose max timestamp is `>= timestamp`: time index,
    /// offset index, then a forward scan.
    pub fn find_batch_by_timestamp(&self, timestamp: i64) -> Result<Option<BatchPosition>> {
        if self.max_timestamp < timestamp {
            return Ok(None);
        }
        let start_offset = match self.time_index.lookup(timestamp)? {
            Some(entry) => entry.offset,
            None => self.base_offset,
        };
        let mut position = self.scan_start(start_offset)?;
        while position < self.size {
            let header = self.read_header_at(position)?;
            if header.max_timestamp >= timestamp {
                return Ok(Some(BatchPosition { position, header }));
            }
            position += header.total_size() as u32;
        }
        Ok(None)
    }

    /// The bytes from `position` (a batch boundary) to `end` (a batch
    /// boundary or the segment's size), cut at `max_bytes` (possibly inside
    /// a batch, as Kafka does; clients drop a partial batch at the end), but
    /// never shorter than `first_batch_size` (KIP-74).
    /// An offset at or past the end of a fetch of `len` bytes from
    /// `position` (Kafka's `fetchUpperBoundOffset`): the first indexed batch
    /// at or after its end, else the segment's next offset. The aborted
    /// transactions a read_committed fetch reports are bounded by it (a
    /// superset by at most one index interval).
    pub fn fetch_upper_bound_offset(&self, position: u64, len: usize) -> Result<i64> {
        let end = position.saturating_add(len as u64);
        let Ok(end) = u32::try_from(end) else {
            return Ok(self.next_offset);
        };
        Ok(self
            .offset_index
            .first_at_or_after_position(end)?
            .map_or(self.next_offset, |e| e.offset))
    }

    pub fn slice(
        &self,
        position: u32,
        end: u32,
        max_bytes: usize,
        first_batch_size: usize,
    ) -> FileSlice {
        assert!(
            position < end && end <= self.size,
            "slice {position}..{end} of a segment of {} bytes",
            self.size
        );
        let available = (end - position) as usize;
        assert!(
            first_batch_size <= available,
            "the first batch lies inside the slice"
        );
        FileSlice {
            file: self.log.clone(),
            position: position as u64,
            len: available.min(max_bytes.max(first_batch_size)),
        }
    }

    /// Reads whole batches from `position` (a batch boundary): at most
    /// `max_bytes`, except that with `min_one_batch` the first batch is
    /// returned whole whatever its size (KIP-74); only batches whose last
    /// offset is `< max_offset_exclusive`.
    pub fn read(
        &self,
        position: u32,
        max_bytes: usize,
        max_offset_exclusive: i64,
        min_one_batch: bool,
    ) -> Result<SegmentRead> {
        assert!(
            position <= self.size,
            "read at {position} past size {}",
            self.size
        );
        if position == self.size {
            return Ok(SegmentRead {
                reached_end: true,
                ..SegmentRead::default()
            });
        }
        let first = self.read_header_at(position)?;
        if first.last_offset() >= max_offset_exclusive
            || (!min_one_batch && first.total_size() > max_bytes)
        {
            return Ok(SegmentRead::default());
        }
        let remaining = (self.size - position) as usize;
        let budget = if min_one_batch {
            max_bytes.max(first.total_size())
        } else {
            max_bytes
        };
        let mut buf = vec![0u8; budget.min(remaining)];
        self.log
            .read_exact_at(&mut buf, position as u64)
            .at(&self.log_path)?;

        let mut end = 0usize;
        let mut batches = 0usize;
        let mut next_offset = None;
        while end + BATCH_HEADER_LEN <= buf.len() {
            let header = BatchHeader::parse(&buf[end..]).map_err(|e| {
                StorageError::corrupt_batch(
                    &self.log_path,
                    (position as usize + end) as u64,
                    e.to_string(),
                )
            })?;
            if end + header.total_size() > buf.len() || header.last_offset() >= max_offset_exclusive
            {
                break;
            }
            end += header.total_size();
            batches += 1;
            next_offset = Some(header.next_offset());
        }
        assert!(batches >= 1, "the first batch always fits");
        buf.truncate(end);
        Ok(SegmentRead {
            bytes: buf,
            batches,
            first_offset: Some(first.base_offset),
            next_offset,
            reached_end: position as usize + end == self.size as usize,
        })
    }
}
