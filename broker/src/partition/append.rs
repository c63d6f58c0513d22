//! The leader's append: the produce path from validated batches to the log
//! (Kafka's `appendAsLeader` with its LogValidator and ProducerStateManager
//! checks), and the group-commit fsync of `flush.messages`.
//!
//! Invariants: the leader check, the idempotence check and the append
//! happen under the one partition lock, so nothing is appended at an epoch
//! this replica no longer leads; a batch is either appended whole or not at
//! all; a producer snapshot is taken at every segment roll.

use super::transactions::NO_VERIFICATION_GUARD;
use super::*;

/// Who wrote a batch the leader appends (Kafka's `AppendOrigin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AppendOrigin {
    /// A producer: validated as a client's batch, sequences checked.
    Client,
    /// A coordinator of this broker (its state topics' records).
    Coordinator,
}

impl Partition {
    /// Validates the batches of a produce request and appends them. Returns
    /// the Kafka error code on failure; nothing is appended then.
    pub fn append(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<AppendResult, AppendError> {
        self.append_capped(records, leader_epoch, now_ms, MAX_DECOMPRESSED_BATCH)
    }

    /// [`Partition::append`] with a lower cap on each batch's decompressed
    /// records: beyond it, MESSAGE_TOO_LARGE and nothing appended.
    pub fn append_capped(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
        max_decompressed: usize,
    ) -> Result<AppendResult, AppendError> {
        self.append_as(
            records,
            leader_epoch,
            now_ms,
            max_decompressed,
            AppendOrigin::Client,
            None,
        )
    }

    /// A producer's batches of a transaction (see
    /// `partition/transactions.rs`): one that would open the producer's
    /// transaction here needs `verification` to be the guard of its
    /// verification, still in place (INVALID_TXN_STATE otherwise).
    pub fn append_verified(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
        max_decompressed: usize,
        verification: u64,
    ) -> Result<AppendResult, AppendError> {
        self.append_as(
            records,
            leader_epoch,
            now_ms,
            max_decompressed,
            AppendOrigin::Client,
            Some(verification),
        )
    }

    /// A coordinator's own batch (Kafka's `AppendOrigin.COORDINATOR`): a
    /// TxnOffsetCommit's transactional offsets carry the producer's id and
    /// epoch but no sequence; the epoch is checked, sequences are not.
    pub fn append_from_coordinator(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<AppendResult, AppendError> {
        self.append_as(
            records,
            leader_epoch,
            now_ms,
            MAX_DECOMPRESSED_BATCH,
            AppendOrigin::Coordinator,
            None,
        )
    }

    fn append_as(
        &self,
        records: Bytes,
        leader_epoch: i32,
        now_ms: i64,
        max_decompressed: usize,
        origin: AppendOrigin,
        verification: Option<u64>,
    ) -> Result<AppendResult, AppendError> {
        let max_decompressed = max_decompressed.min(MAX_DECOMPRESSED_BATCH);
        let config = self.config();
        let max_message_bytes = config.max_message_bytes;
        // Validate everything before taking the lock and before appending
        // anything: a request is appended whole or not at all.
        // Each batch with the largest timestamp of its records.
        let mut batches: Vec<(RecordBatch, i64)> = Vec::new();
        // Records refused on their own (KIP-467), numbered across the batches.
        let mut record_errors = Vec::new();
        let mut record_index = 0i32;
        let mut iter = Batches::new(records);
        for batch in iter.by_ref() {
            let batch = batch.map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
            if batch.size_in_bytes() > max_message_bytes as usize {
                return Err(AppendError::from(ApiError::new(
                    code::MESSAGE_TOO_LARGE,
                    format!(
                        "batch of {} bytes exceeds max.message.bytes {max_message_bytes}",
                        batch.size_in_bytes()
                    ),
                )));
            }
            batch
                .validate()
                .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
            batch
                .validate_offset_range()
                .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
            if origin == AppendOrigin::Client {
                log_validator::validate_client_batch(&self.topic, self.index, batch.header())?;
            }
            // Decode every record: a batch whose records do not parse must not
            // reach the log, where it would break every consumer.
            let codec = batch
                .compression()
                .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
            let recompress = config.compression.filter(|&c| c != codec);
            // Checked one record at a time, headers counted but not
            // collected: validation holds the decompressed records section
            // (at most MAX_DECOMPRESSED_BATCH) and nothing per record.
            let section = batch
                .records_section(max_decompressed)
                .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
            let mut records = protocol::records::RecordIter::new(section.clone(), batch.header())
                .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
            let mut count = 0i32;
            // Kafka's NO_TIMESTAMP when no record has a larger one.
            let mut max_timestamp = -1i64;
            while let Some(record) = records.next_summary_or_malformed() {
                let record = record.map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
                let index = record_index;
                record_index = record_index.saturating_add(1);
                count += 1;
                let refused = match record {
                    Ok(record) => {
                        max_timestamp = max_timestamp.max(record.timestamp);
                        log_validator::validate_record(
                            &self.topic,
                            self.index,
                            &config,
                            batch.header().has_log_append_time(),
                            &record,
                            index,
                            now_ms,
                        )
                    }
                    Err(cause) => Some(log_validator::malformed_record(index, &cause)),
                };
                if let Some(e) = refused {
                    if record_errors.len() < log_validator::MAX_RECORD_ERRORS {
                        record_errors.push(e);
                    }
                }
            }
            if count != batch.record_count() {
                return Err(AppendError::from(ApiError::new(
                    code::CORRUPT_MESSAGE,
                    "record count does not match the records".to_string(),
                )));
            }
            if !record_errors.is_empty() {
                // Nothing more to learn from this request: it is refused.
                continue;
            }
            match recompress {
                // The topic's compression.type differs from the producer's:
                // store the batch with the topic's codec, as Kafka does.
                Some(target) => {
                    let rebuilt = protocol::records::recompress_batch(&batch, &section, target)
                        .and_then(RecordBatch::from_bytes)
                        .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
                    if rebuilt.size_in_bytes() > max_message_bytes as usize {
                        return Err(AppendError::from(ApiError::new(
                            code::MESSAGE_TOO_LARGE,
                            format!(
                                "batch of {} bytes once compressed with {} exceeds max.message.bytes {max_message_bytes}",
                                rebuilt.size_in_bytes(),
                                target.name()
                            ),
                        )));
                    }
                    batches.push((rebuilt, max_timestamp));
                }
                None => batches.push((batch, max_timestamp)),
            }
        }
        if iter.partial_batch().is_some() {
            return Err(AppendError::from(ApiError::new(
                code::CORRUPT_MESSAGE,
                "truncated record batch".to_string(),
            )));
        }
        if !record_errors.is_empty() {
            return Err(log_validator::refuse_records(record_errors));
        }
        if batches.is_empty() {
            return Err(AppendError::from(ApiError::new(
                code::CORRUPT_MESSAGE,
                "no record batch in the request".to_string(),
            )));
        }

        let mut guard = self.inner.lock().expect("partition lock");
        let inner = &mut *guard;
        let mut first: Option<AppendResult> = None;
        let mut flush_due = false;
        for (batch, max_timestamp) in batches {
            let h = *batch.header();
            let idempotent = h.producer_id >= 0;
            let last_seq = h.base_sequence.wrapping_add(h.last_offset_delta);
            let sequenced = idempotent && origin == AppendOrigin::Client;
            let opens_txn = idempotent
                && h.is_transactional()
                && !inner
                    .producers
                    .has_ongoing_txn(h.producer_id, h.producer_epoch);
            if let Some(g) = verification.filter(|_| opens_txn) {
                let verified = g != NO_VERIFICATION_GUARD
                    && inner.verification_guards.get(&h.producer_id) == Some(&g);
                if !verified {
                    return Err(AppendError::from(ApiError::new(
                        code::INVALID_TXN_STATE,
                        format!(
                            "transactional batch of producer {} not verified in its transaction",
                            h.producer_id
                        ),
                    )));
                }
            }
            if idempotent && !sequenced {
                let check = inner.producers.check(h.producer_id, h.producer_epoch, 0, 0);
                if check == SequenceCheck::Reject(SequenceError::InvalidProducerEpoch) {
                    return Err(AppendError::from(ApiError::new(
                        code::INVALID_PRODUCER_EPOCH,
                        format!(
                            "producer {} at an old epoch {}",
                            h.producer_id, h.producer_epoch
                        ),
                    )));
                }
            }
            if sequenced {
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
                            log_end_offset: inner.log.log_end_offset(),
                            sync_to: None,
                        });
                        continue;
                    }
                    SequenceCheck::Reject(e) => {
                        let c = match e {
                            SequenceError::InvalidProducerEpoch => code::INVALID_PRODUCER_EPOCH,
                            SequenceError::OutOfOrderSequence => code::OUT_OF_ORDER_SEQUENCE_NUMBER,
                        };
                        return Err(AppendError::from(ApiError::new(
                            c,
                            format!(
                                "sequence {} of producer {} rejected",
                                h.base_sequence, h.producer_id
                            ),
                        )));
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
            let log_append_time = if config.log_append_time {
                set_log_append_time_parts(&mut head, tail, now_ms);
                now_ms
            } else {
                // The records' timestamps, not the header's (log_validator).
                set_max_timestamp_parts(&mut head, tail, TimestampType::CreateTime, max_timestamp);
                -1
            };
            let info = inner.log.append_parts(&mut head, tail, now_ms).map_err(|e| {
                tracing::error!(topic = %self.topic, partition = self.index, error = %e, "append failed");
                ApiError::new(storage_code(&e), e.to_string())
            })?;
            if sequenced {
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
            if idempotent && h.is_transactional() {
                if opens_txn {
                    inner.verification_guards.remove(&h.producer_id);
                }
                inner.producers.begin_txn(h.producer_id, info.base_offset);
                self.unstable.store(true, Ordering::Release);
            }
            if info.rolled.is_some() {
                self.snapshot_producers(inner);
            }
            first.get_or_insert(AppendResult {
                base_offset: info.base_offset,
                log_append_time,
                log_start_offset: inner.log.log_start_offset(),
                log_end_offset: -1,
                sync_to: None,
            });
            flush_due |= info.flush_due;
        }
        let end = inner.log.log_end_offset();
        drop(guard);
        self.log_end_offset.store(end, Ordering::Release);
        self.advance_high_watermark(&self.replication.lock().expect("replication lock"));
        // One wake for both: followers' fetches wait for the log end,
        // consumers' and acks=all for the high watermark.
        self.wake();
        let mut result = first.expect("at least one batch");
        result.sync_to = flush_due.then_some(end);
        result.log_end_offset = end;
        Ok(result)
    }

    /// Makes every offset below `end` durable with one fsync of the active
    /// segment (rolled segments were fsynced when sealed). Blocking: call it
    /// from a blocking thread. Concurrent callers queue on `flush_lock`, and
    /// those whose batches an earlier fsync covered return without one.
    /// Returns whether this call fsynced.
    pub fn sync(&self, end: i64) -> Result<bool, ApiError> {
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
            ApiError::new(code::KAFKA_STORAGE_ERROR, format!("fsync failed: {e}"))
        })?;
        self.flushed_to.fetch_max(target, Ordering::AcqRel);
        Ok(true)
    }

    /// Kafka's snapshot at a roll: the producers' state at the log end, so
    /// that reopening replays at most the active segment.
    pub(super) fn snapshot_producers(&self, inner: &Inner) {
        if let Err(e) = inner.producers.take_snapshot(&inner.log) {
            tracing::warn!(topic = %self.topic, partition = self.index, error = %e, "producer snapshot failed");
        }
    }
}
