//! A segment's side of loading and recovery (Kafka's `LogSegment.sanityCheck`
//! and `recover`): the check of its indexes against its `.log` on open, and
//! the full scan that rebuilds them.
//!
//! Invariants: the in-memory state (next offset, max timestamp, size) is
//! loaded from the indexes only when they agree with the log, otherwise
//! recovery is asked for; recovery validates every batch (header, offsets,
//! CRC-32C) and at the first invalid one truncates the file (when allowed)
//! or fails leaving it untouched.

use super::*;

impl Segment {
    /// Why a stored batch's offsets cannot follow `next_offset` in this
    /// segment, if they cannot.
    pub(super) fn offset_problem(&self, header: &BatchHeader, next_offset: i64) -> Option<String> {
        if header.base_offset < next_offset {
            return Some(format!(
                "base offset {} below the next offset {next_offset}",
                header.base_offset
            ));
        }
        if header.last_offset_delta < 0 {
            return Some(format!(
                "negative last offset delta {}",
                header.last_offset_delta
            ));
        }
        if header
            .base_offset
            .checked_add(header.last_offset_delta as i64 + 1)
            .is_none()
        {
            return Some(format!("offsets overflow after {}", header.base_offset));
        }
        if header.last_offset() - self.base_offset > MAX_RELATIVE_OFFSET {
            return Some(format!(
                "offset {} too far from the segment base",
                header.last_offset()
            ));
        }
        None
    }

    /// Checks the indexes against the log and loads the in-memory state from
    /// the index tails plus a header scan of the bytes after the last offset
    /// index entry. Anything inconsistent asks for [`Segment::recover`].
    pub fn load_state(&mut self) -> Result<LoadOutcome> {
        let log_len = self.log.metadata().at(&self.log_path)?.len();
        if log_len > MAX_SEGMENT_SIZE {
            return Ok(LoadOutcome::NeedsRecovery(format!(
                "log file of {log_len} bytes exceeds {MAX_SEGMENT_SIZE}"
            )));
        }
        if !self.indexes_existed && self.size > 0 {
            return Ok(LoadOutcome::NeedsRecovery("index files missing".into()));
        }
        if self.size == 0 && (self.offset_index.entries() > 0 || self.time_index.entries() > 0) {
            return Ok(LoadOutcome::NeedsRecovery(
                "indexes of an empty segment hold entries".into(),
            ));
        }
        self.next_offset = self.base_offset;
        self.max_timestamp = -1;
        self.offset_of_max_timestamp = self.base_offset;
        self.rolling_base_timestamp = None;
        self.bytes_since_last_index_entry = 0;
        if self.size == 0 {
            return Ok(LoadOutcome::Sane);
        }

        let first = match self.read_header_at(0) {
            Ok(h) => h,
            Err(StorageError::CorruptBatch { reason, .. }) => {
                return Ok(LoadOutcome::NeedsRecovery(format!("first batch: {reason}")));
            }
            Err(e) => return Err(e),
        };
        if first.base_offset < self.base_offset {
            return Ok(LoadOutcome::NeedsRecovery(format!(
                "first batch has offset {} below the segment base",
                first.base_offset
            )));
        }
        self.rolling_base_timestamp = Some(first.max_timestamp);

        // Tail scan from the last offset index entry, which `scan_start` checks.
        let last_indexed = self.offset_index.last_entry();
        let n = self.offset_index.entries();
        if n >= 2 {
            let (a, b) = (
                self.offset_index.entry(n - 2)?,
                self.offset_index.entry(n - 1)?,
            );
            if a.offset >= b.offset || a.position >= b.position {
                return Ok(LoadOutcome::NeedsRecovery(format!(
                    "offset index entries {a:?}, {b:?} do not grow"
                )));
            }
        }
        let mut position = match last_indexed {
            Some(entry) => match self.check_index_entry(entry) {
                Ok(p) => p,
                Err(
                    StorageError::CorruptIndex { reason, .. }
                    | StorageError::CorruptBatch { reason, .. },
                ) => {
                    return Ok(LoadOutcome::NeedsRecovery(format!(
                        "offset index: {reason}"
                    )));
                }
                Err(e) => return Err(e),
            },
            None => 0,
        };
        if let Some(entry) = self.time_index.last_entry() {
            self.max_timestamp = entry.timestamp;
            self.offset_of_max_timestamp = entry.offset;
        }
        let mut next_offset = last_indexed.map_or(self.base_offset, |e| e.offset);
        let mut time_entry_seen = self.time_index.last_entry().is_none();
        while position < self.size {
            let header = match self.read_header_at(position) {
                Ok(h) => h,
                Err(StorageError::CorruptBatch { reason, .. }) => {
                    return Ok(LoadOutcome::NeedsRecovery(format!(
                        "tail at {position}: {reason}"
                    )));
                }
                Err(e) => return Err(e),
            };
            if let Some(problem) = self.offset_problem(&header, next_offset) {
                return Ok(LoadOutcome::NeedsRecovery(format!(
                    "batch at {position}: {problem}"
                )));
            }
            if let Some(entry) = self.time_index.last_entry() {
                if header.base_offset == entry.offset {
                    if header.max_timestamp != entry.timestamp {
                        return Ok(LoadOutcome::NeedsRecovery(format!(
                            "time index entry {entry:?} but batch max timestamp {}",
                            header.max_timestamp
                        )));
                    }
                    time_entry_seen = true;
                }
            }
            if header.max_timestamp > self.max_timestamp {
                self.max_timestamp = header.max_timestamp;
                self.offset_of_max_timestamp = header.base_offset;
            }
            self.bytes_since_last_index_entry = self
                .bytes_since_last_index_entry
                .saturating_add(header.total_size() as u32);
            next_offset = header.next_offset();
            position += header.total_size() as u32;
        }
        if !time_entry_seen {
            // The last time index entry lies before the scanned tail: check it
            // points at a batch with that timestamp.
            let entry = self.time_index.last_entry().expect("checked above");
            let ok = match self.find_batch(entry.offset) {
                Ok(Some(bp)) => {
                    bp.header.base_offset == entry.offset
                        && bp.header.max_timestamp == entry.timestamp
                }
                Ok(None) => false,
                Err(StorageError::CorruptIndex { .. } | StorageError::CorruptBatch { .. }) => false,
                Err(e) => return Err(e),
            };
            if !ok {
                return Ok(LoadOutcome::NeedsRecovery(format!(
                    "time index entry {entry:?} matches no batch"
                )));
            }
        }
        self.next_offset = next_offset;
        Ok(LoadOutcome::Sane)
    }

    /// Scans the whole segment validating every batch (header, length, offsets,
    /// CRC-32C) and rebuilds both indexes from the scan. At the first invalid
    /// batch the file is truncated when `allow_truncate`, otherwise the scan
    /// fails with [`StorageError::CorruptBatch`] and the file is left alone.
    pub fn recover(&mut self, allow_truncate: bool) -> Result<SegmentRecovery> {
        let file_len = self.log.metadata().at(&self.log_path)?.len();
        // Every batch may add index entries: hold the files until the caller
        // seals or activates the segment.
        self.offset_index.hold()?;
        self.time_index.hold()?;
        self.offset_index.reset()?;
        self.time_index.reset()?;
        self.next_offset = self.base_offset;
        self.max_timestamp = -1;
        self.offset_of_max_timestamp = self.base_offset;
        self.rolling_base_timestamp = None;
        self.bytes_since_last_index_entry = 0;
        self.size = 0;
        self.recent.clear();

        let mut position = 0u64;
        let mut batches = 0u64;
        let mut buf = Vec::new();
        let stop_reason = loop {
            if position == file_len {
                break None;
            }
            if file_len - position < BATCH_HEADER_LEN as u64 {
                break Some(format!(
                    "{} bytes left, less than a header",
                    file_len - position
                ));
            }
            buf.resize(BATCH_HEADER_LEN, 0);
            self.log
                .read_exact_at(&mut buf, position)
                .at(&self.log_path)?;
            let header = match BatchHeader::parse(&buf) {
                Ok(h) => h,
                Err(e) => break Some(e.to_string()),
            };
            let total = header.total_size() as u64;
            if position + total > file_len {
                break Some(format!(
                    "batch of {total} bytes runs past the end of the file"
                ));
            }
            if position + total > MAX_SEGMENT_SIZE {
                break Some(format!(
                    "batch runs past the maximum segment size {MAX_SEGMENT_SIZE}"
                ));
            }
            if let Some(problem) = self.offset_problem(&header, self.next_offset) {
                break Some(problem);
            }
            buf.resize(total as usize, 0);
            self.log
                .read_exact_at(&mut buf, position)
                .at(&self.log_path)?;
            if let Some(problem) = crc_problem(&buf, &header) {
                break Some(problem);
            }
            self.index_batch(position as u32, &header)?;
            position += total;
            self.size = position as u32;
            batches += 1;
        };
        assert_eq!(position, self.size as u64);

        let truncated_bytes = file_len - position;
        if let Some(reason) = &stop_reason {
            if !allow_truncate {
                return Err(StorageError::corrupt_batch(
                    &self.log_path,
                    position,
                    reason.clone(),
                ));
            }
            warn!(
                segment = %self.log_path.display(),
                position,
                truncated_bytes,
                reason = %reason,
                "truncating segment at the first invalid batch"
            );
            self.log.set_len(position).at(&self.log_path)?;
            self.log.sync_all().at(&self.log_path)?;
        }
        // Aborts whose marker the scan did not find are not the log's any
        // more (a torn tail): a read_committed consumer must not skip the
        // records later written at those offsets. An entry lost in the
        // crash while its marker survived is restored by the producer
        // state's replay (`ProducerStateManager::load_and_repair`).
        self.txn_index.truncate_to(self.next_offset)?;
        self.indexes_existed = true;
        Ok(SegmentRecovery {
            batches,
            truncated_bytes,
            stop_reason,
        })
    }
}
