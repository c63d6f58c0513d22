//! A partition this broker leads: its log, its idempotent-producer state and
//! its high watermark.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

use bytes::Bytes;
use protocol::records::header::{set_partition_leader_epoch, BATCH_HEADER_LEN};
use protocol::records::{set_log_append_time_parts, Batches, RecordBatch};
use storage::{FileSlice, Log, LogConfig, StorageError};

use crate::error::code;
use crate::producer_state::{BatchMetadata, ProducerStateTable, SequenceCheck};
use crate::topic_config::EffectiveTopicConfig;

/// The most a compressed batch may inflate to while we validate it. Kafka
/// has no such cap; without one, a few kilobytes of zstd could make the broker
/// allocate gigabytes. 64 MiB is 64 times the default max.message.bytes.
const MAX_DECOMPRESSED_BATCH: usize = 64 << 20;

pub fn log_config(c: &EffectiveTopicConfig) -> LogConfig {
    LogConfig {
        segment_bytes: c.segment_bytes.min(i32::MAX as u64) as u32,
        segment_ms: c.segment_ms,
        index_interval_bytes: c.index_interval_bytes,
        segment_index_bytes: c.segment_index_bytes.max(16),
        flush_messages: c.flush_messages,
        retention_ms: c.retention_ms,
        retention_bytes: c.retention_bytes,
    }
}

/// The outcome of a successful produce to one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendResult {
    pub base_offset: i64,
    pub log_append_time: i64,
    pub log_start_offset: i64,
    /// `flush.messages` was reached: the caller must [`Partition::sync`]
    /// up to this offset before acknowledging.
    pub sync_to: Option<i64>,
}

struct Inner {
    log: Log,
    producers: ProducerStateTable,
}

pub struct Partition {
    pub topic: String,
    pub index: i32,
    pub dir: PathBuf,
    /// Fixed for the partition's life (topic configs cannot change yet), so
    /// the produce path reads it without the lock.
    config: EffectiveTopicConfig,
    inner: Mutex<Inner>,
    /// Offsets below this are committed and visible to consumers. On a single
    /// node the leader is the whole ISR, so it follows the log end offset.
    high_watermark: AtomicI64,
    log_start_offset: AtomicI64,
    /// Offsets below this are fsynced.
    flushed_to: AtomicI64,
    /// Held while an fsync runs: writers arriving meanwhile wait, then find
    /// their batches already covered (group commit).
    flush_lock: Mutex<()>,
}

fn storage_code(e: &StorageError) -> i16 {
    match e {
        StorageError::OffsetOutOfRange { .. } => code::OFFSET_OUT_OF_RANGE,
        _ => code::KAFKA_STORAGE_ERROR,
    }
}

impl Partition {
    pub fn open(
        topic: &str,
        index: i32,
        dir: PathBuf,
        config: EffectiveTopicConfig,
    ) -> Result<Partition, StorageError> {
        let log = Log::open(&dir, log_config(&config))?;
        let mut producers = ProducerStateTable::default();
        rebuild_producer_state(&log, &mut producers);
        let hw = log.log_end_offset();
        let start = log.log_start_offset();
        Ok(Partition {
            topic: topic.to_string(),
            index,
            dir,
            config,
            inner: Mutex::new(Inner { log, producers }),
            high_watermark: AtomicI64::new(hw),
            log_start_offset: AtomicI64::new(start),
            flushed_to: AtomicI64::new(hw),
            flush_lock: Mutex::new(()),
        })
    }

    pub fn high_watermark(&self) -> i64 {
        self.high_watermark.load(Ordering::Acquire)
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset.load(Ordering::Acquire)
    }

    /// Validates the batches of a produce request and appends them. Returns
    /// the Kafka error code on failure; nothing is appended then.
    pub fn append(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<AppendResult, (i16, String)> {
        let max_message_bytes = self.config.max_message_bytes;
        // Validate everything before taking the lock and before appending
        // anything: a request is appended whole or not at all.
        let mut batches: Vec<RecordBatch> = Vec::new();
        let mut iter = Batches::new(records);
        for batch in iter.by_ref() {
            let batch = batch.map_err(|e| (e.error_code(), e.to_string()))?;
            if batch.size_in_bytes() > max_message_bytes as usize {
                return Err((
                    code::MESSAGE_TOO_LARGE,
                    format!(
                        "batch of {} bytes exceeds max.message.bytes {max_message_bytes}",
                        batch.size_in_bytes()
                    ),
                ));
            }
            batch
                .validate()
                .map_err(|e| (e.error_code(), e.to_string()))?;
            batch
                .validate_offset_range()
                .map_err(|e| (e.error_code(), e.to_string()))?;
            // Decode every record: a batch whose records do not parse must not
            // reach the log, where it would break every consumer.
            let mut count = 0i32;
            for record in batch
                .iter_records(MAX_DECOMPRESSED_BATCH)
                .map_err(|e| (e.error_code(), e.to_string()))?
            {
                record.map_err(|e| (e.error_code(), e.to_string()))?;
                count += 1;
            }
            if count != batch.record_count() {
                return Err((
                    code::CORRUPT_MESSAGE,
                    "record count does not match the records".into(),
                ));
            }
            batches.push(batch);
        }
        if iter.partial_batch().is_some() {
            return Err((code::CORRUPT_MESSAGE, "truncated record batch".into()));
        }
        if batches.is_empty() {
            return Err((
                code::CORRUPT_MESSAGE,
                "no record batch in the request".into(),
            ));
        }

        let mut inner = self.inner.lock().expect("partition lock");
        let inner = &mut *inner;
        let mut first: Option<AppendResult> = None;
        let mut flush_due = false;
        for batch in batches {
            let h = *batch.header();
            let idempotent = h.producer_id >= 0;
            let last_seq = h.base_sequence.wrapping_add(h.last_offset_delta);
            if idempotent {
                match inner.producers.check(
                    h.producer_id,
                    h.producer_epoch,
                    h.base_sequence,
                    last_seq,
                ) {
                    SequenceCheck::Append => {}
                    SequenceCheck::Duplicate(meta) => {
                        // A retry of a batch we already have: answer as the first time.
                        tracing::debug!(topic = %self.topic, partition = self.index, producer_id = h.producer_id, seq = h.base_sequence, "duplicate batch");
                        first.get_or_insert(AppendResult {
                            base_offset: meta.base_offset,
                            log_append_time: -1,
                            log_start_offset: inner.log.log_start_offset(),
                            sync_to: None,
                        });
                        continue;
                    }
                    SequenceCheck::Reject(c) => {
                        return Err((
                            c,
                            format!(
                                "sequence {} of producer {} rejected",
                                h.base_sequence, h.producer_id
                            ),
                        ));
                    }
                }
            }
            // Only the header is copied (to set the base offset, leader epoch
            // and maybe the append time); the records are written from the
            // request's buffer.
            let bytes = batch.into_bytes();
            let (head, tail) = bytes.split_at(BATCH_HEADER_LEN);
            let mut head: [u8; BATCH_HEADER_LEN] = head.try_into().expect("a whole header");
            set_partition_leader_epoch(&mut head, leader_epoch);
            let log_append_time = if self.config.log_append_time {
                set_log_append_time_parts(&mut head, tail, now_ms);
                now_ms
            } else {
                -1
            };
            let info = inner.log.append_parts(&mut head, tail, now_ms).map_err(|e| {
                tracing::error!(topic = %self.topic, partition = self.index, error = %e, "append failed");
                (storage_code(&e), e.to_string())
            })?;
            if idempotent {
                inner.producers.update(
                    h.producer_id,
                    h.producer_epoch,
                    BatchMetadata {
                        first_seq: h.base_sequence,
                        last_seq,
                        base_offset: info.base_offset,
                        last_offset: info.last_offset,
                        timestamp: info.max_timestamp,
                    },
                );
            }
            first.get_or_insert(AppendResult {
                base_offset: info.base_offset,
                log_append_time,
                log_start_offset: inner.log.log_start_offset(),
                sync_to: None,
            });
            flush_due |= info.flush_due;
        }
        let end = inner.log.log_end_offset();
        self.high_watermark.store(end, Ordering::Release);
        let mut result = first.expect("at least one batch");
        result.sync_to = flush_due.then_some(end);
        Ok(result)
    }

    /// Makes every offset below `end` durable with one fsync of the active
    /// segment (rolled segments were fsynced when sealed). Blocking: call it
    /// from a blocking thread. Concurrent callers queue on `flush_lock`, and
    /// those whose batches an earlier fsync covered return without one.
    /// Returns whether this call fsynced.
    pub fn sync(&self, end: i64) -> Result<bool, (i16, String)> {
        let _turn = self.flush_lock.lock().expect("flush lock");
        if self.flushed_to.load(Ordering::Acquire) >= end {
            return Ok(false);
        }
        let (file, target) = {
            let inner = self.inner.lock().expect("partition lock");
            (inner.log.active_log_file(), inner.log.log_end_offset())
        };
        file.sync_data().map_err(|e| {
            tracing::error!(topic = %self.topic, partition = self.index, error = %e, "fsync failed");
            (code::KAFKA_STORAGE_ERROR, format!("fsync failed: {e}"))
        })?;
        self.flushed_to.fetch_max(target, Ordering::AcqRel);
        Ok(true)
    }

    /// Reads whole batches from `offset`, up to `max_bytes` (at least one
    /// batch), below the high watermark.
    pub fn read(&self, offset: i64, max_bytes: usize) -> Result<Bytes, i16> {
        let inner = self.inner.lock().expect("partition lock");
        let hw = self.high_watermark();
        match inner.log.read(offset, max_bytes, hw) {
            Ok(r) => Ok(r.records),
            Err(e) => Err(storage_code(&e)),
        }
    }

    /// The range of a segment file to send for a fetch from `offset`, up to
    /// `max_bytes` (at least one batch), below the high watermark; `None`
    /// when nothing committed is there yet. The lock is held only to find
    /// the range, not while the bytes are sent.
    pub fn read_slice(&self, offset: i64, max_bytes: usize) -> Result<Option<FileSlice>, i16> {
        let inner = self.inner.lock().expect("partition lock");
        let hw = self.high_watermark();
        match inner.log.read_slice(offset, max_bytes, hw) {
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

    /// Deletes segments past retention; returns how many went.
    pub fn apply_retention(&self, now_ms: i64) -> usize {
        let mut inner = self.inner.lock().expect("partition lock");
        let (ms, bytes) = (self.config.retention_ms, self.config.retention_bytes);
        match inner.log.delete_old_segments(now_ms, ms, bytes) {
            Ok(n) => {
                self.log_start_offset
                    .store(inner.log.log_start_offset(), Ordering::Release);
                n
            }
            Err(e) => {
                tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "retention failed");
                0
            }
        }
    }

    pub fn flush(&self) {
        if let Err(e) = self.inner.lock().expect("partition lock").log.flush() {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "flush failed");
        }
    }

    /// Closes the log cleanly (writes the clean-shutdown marker).
    pub fn close(self) {
        let inner = self.inner.into_inner().expect("partition lock");
        if let Err(e) = inner.log.close() {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "close failed");
        }
    }

    /// Removes the partition's directory.
    pub fn delete(self) {
        let inner = self.inner.into_inner().expect("partition lock");
        if let Err(e) = inner.log.delete() {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "delete failed");
        }
    }
}

/// The first record, in the batch at `batch_offset`, whose timestamp
/// satisfies `wanted`: (offset, timestamp).
fn first_record_matching(
    log: &Log,
    batch_offset: i64,
    hw: i64,
    wanted: impl Fn(i64) -> bool,
) -> Option<(i64, i64)> {
    let read = log.read(batch_offset, 1, hw).ok()?;
    let batch = Batches::new(read.records).next()?.ok()?;
    let records = batch.iter_records(MAX_DECOMPRESSED_BATCH).ok()?;
    records
        .flatten()
        .find(|r| r.offset >= batch_offset && wanted(r.timestamp))
        .map(|r| (r.offset, r.timestamp))
}

/// Rebuilds the idempotent-producer table from the batch headers of the last
/// two segments (Kafka keeps snapshots; producers older than that must restart
/// their sequence, which the Java client does on OUT_OF_ORDER_SEQUENCE_NUMBER).
fn rebuild_producer_state(log: &Log, table: &mut ProducerStateTable) {
    let bases = log.segment_base_offsets();
    let start = bases
        .iter()
        .rev()
        .nth(1)
        .or(bases.last())
        .copied()
        .unwrap_or(0)
        .max(log.log_start_offset());
    let end = log.log_end_offset();
    let mut offset = start;
    while offset < end {
        let Ok(read) = log.read(offset, 8 << 20, end) else {
            break;
        };
        if read.batches == 0 {
            break;
        }
        for batch in Batches::new(read.records).flatten() {
            let h = batch.header();
            if h.producer_id >= 0 {
                table.update(
                    h.producer_id,
                    h.producer_epoch,
                    BatchMetadata {
                        first_seq: h.base_sequence,
                        last_seq: h.base_sequence.wrapping_add(h.last_offset_delta),
                        base_offset: h.base_offset,
                        last_offset: h.last_offset(),
                        timestamp: h.max_timestamp,
                    },
                );
            }
        }
        offset = read.next_offset;
    }
}
