//! A partition's side of transactions (Kafka's `UnifiedLog` parts a leader
//! runs for WriteTxnMarkers and read_committed): appending an end marker,
//! recording an aborted transaction in the transaction index, the last
//! stable offset (LSO), the aborts a read_committed fetch reports, and the
//! producers DescribeProducers lists.
//!
//! A transactional batch that would open its producer's transaction here
//! must come with the guard of the verification made for it (Kafka's
//! `VerificationGuard`, KIP-890): the guard is taken before the
//! coordinator is asked and a marker of the producer clears it, so a batch
//! verified just before its transaction ended cannot open a new one.
//!
//! Invariants: a marker is appended under the partition lock with Kafka's
//! checks of the producer epoch and the coordinator epoch, and an aborted
//! transaction is recorded in the segment of its marker before the lock is
//! released; the LSO is never above the high watermark, and below it only
//! by an open transaction or one whose marker the high watermark has not
//! passed.

use protocol::records::control::{marker_batch, EndTransactionMarker};
use storage::producer_state_manager::{ActiveProducer, CompletedTxn, MarkerError};
use storage::transaction_index::AbortedTxn;

use super::*;

/// The guard a produce passes for a batch it did not verify because its
/// producer's transaction was open here: the append then requires the
/// transaction to be still open.
pub const NO_VERIFICATION_GUARD: u64 = 0;

impl Partition {
    /// The guard of a verification about to be asked for producer
    /// `producer_id` (the one in flight, if any).
    pub fn verification_guard(&self, producer_id: i64) -> u64 {
        let mut inner = self.inner.lock().expect("partition lock");
        if let Some(&g) = inner.verification_guards.get(&producer_id) {
            return g;
        }
        inner.last_guard += 1;
        let g = inner.last_guard;
        inner.verification_guards.insert(producer_id, g);
        g
    }

    /// Appends the end marker of producer (`producer_id`, `producer_epoch`)
    /// as the leader at `leader_epoch`: the producer's open transaction (if
    /// any) ends, committed or aborted; an abort is recorded in the
    /// transaction index. Returns the marker's offset.
    pub fn append_marker(
        &self,
        producer_id: i64,
        producer_epoch: i16,
        marker: EndTransactionMarker,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<i64, ApiError> {
        let bytes = marker_batch(producer_id, producer_epoch, marker, now_ms)
            .map_err(|e| ApiError::new(e.error_code(), e.to_string()))?;
        let mut guard = self.inner.lock().expect("partition lock");
        let inner = &mut *guard;
        inner
            .producers
            .check_marker(producer_id, producer_epoch, marker.coordinator_epoch)
            .map_err(|e| match e {
                MarkerError::InvalidProducerEpoch => ApiError::new(
                    code::INVALID_PRODUCER_EPOCH,
                    format!("marker of producer {producer_id} at an old epoch {producer_epoch}"),
                ),
                MarkerError::CoordinatorFenced => ApiError::new(
                    code::TRANSACTION_COORDINATOR_FENCED,
                    format!(
                        "marker of producer {producer_id} from coordinator epoch {}, older than the last",
                        marker.coordinator_epoch
                    ),
                ),
            })?;
        let (head, tail) = bytes.split_at(BATCH_HEADER_LEN);
        let mut head: [u8; BATCH_HEADER_LEN] = head.try_into().expect("a whole header");
        set_partition_leader_epoch(&mut head, leader_epoch);
        let info = inner.log.append_parts(&mut head, tail, now_ms).map_err(|e| {
            tracing::error!(topic = %self.topic, partition = self.index, error = %e, "marker append failed");
            ApiError::new(storage_code(&e), e.to_string())
        })?;
        // A verification made before this marker no longer holds.
        inner.verification_guards.remove(&producer_id);
        let completed =
            inner
                .producers
                .complete_txn(producer_id, producer_epoch, info.base_offset, marker);
        if let Some(txn) = completed.filter(|t| t.is_aborted) {
            record_abort(inner, &txn).map_err(|e| {
                tracing::error!(topic = %self.topic, partition = self.index, error = %e, "transaction index append failed");
                ApiError::new(storage_code(&e), e.to_string())
            })?;
        }
        if info.rolled.is_some() {
            self.snapshot_producers(inner);
        }
        let end = inner.log.log_end_offset();
        drop(guard);
        self.log_end_offset.store(end, Ordering::Release);
        self.advance_high_watermark(&self.replication.lock().expect("replication lock"));
        self.wake();
        Ok(info.base_offset)
    }

    /// The last stable offset: a read_committed consumer reads below it
    /// (Kafka's `lastStableOffset`), the high watermark unless a
    /// transaction is open or its marker not yet replicated.
    pub fn last_stable_offset(&self) -> i64 {
        if !self.unstable.load(Ordering::Acquire) {
            return self.high_watermark();
        }
        let mut inner = self.inner.lock().expect("partition lock");
        let hw = self.high_watermark();
        inner.producers.on_high_watermark_updated(hw);
        match inner.producers.first_unstable_offset() {
            Some(first) => first.min(hw),
            None => {
                // Under the lock, which every transactional append takes.
                self.unstable.store(false, Ordering::Release);
                hw
            }
        }
    }

    /// A read_committed fetch: the slice from `offset` below the LSO, and
    /// the aborted transactions it overlaps (what the consumer must skip).
    pub fn read_committed_slice(
        &self,
        offset: i64,
        max_bytes: usize,
    ) -> Result<(Option<FileSlice>, Vec<AbortedTxn>), i16> {
        let lso = self.last_stable_offset();
        if offset >= lso && offset >= self.log_start_offset() && offset <= self.log_end_offset() {
            return Ok((None, Vec::new()));
        }
        let inner = self.inner.lock().expect("partition lock");
        match inner.log.read_slice_committed(offset, max_bytes, lso) {
            Ok((read, aborted)) => Ok((read.slice, aborted)),
            Err(e) => Err(storage_code(&e)),
        }
    }

    /// Whether `producer_id` has an open transaction in this partition at
    /// `epoch`.
    pub fn has_ongoing_transaction(&self, producer_id: i64, epoch: i16) -> bool {
        self.inner
            .lock()
            .expect("partition lock")
            .producers
            .has_ongoing_txn(producer_id, epoch)
    }

    /// The producers this replica knows (DescribeProducers, KIP-664).
    pub fn active_producers(&self) -> Vec<ActiveProducer> {
        self.inner
            .lock()
            .expect("partition lock")
            .producers
            .active_producers()
    }

    /// The aborted transactions a read_committed fetch from `fetch_offset`
    /// up to `upper_bound` reports.
    pub fn aborted_transactions(
        &self,
        fetch_offset: i64,
        upper_bound: i64,
    ) -> Result<Vec<AbortedTxn>, ApiError> {
        let inner = self.inner.lock().expect("partition lock");
        inner
            .log
            .collect_aborted_transactions(fetch_offset, upper_bound)
            .map_err(|e| ApiError::new(storage_code(&e), e.to_string()))
    }
}

/// Records an aborted transaction in the segment of its marker, with the
/// LSO Kafka records with it.
pub(super) fn record_abort(inner: &mut Inner, txn: &CompletedTxn) -> Result<(), StorageError> {
    let last_stable_offset = inner.producers.last_stable_offset_of(txn);
    inner.log.append_aborted_txn(&AbortedTxn {
        producer_id: txn.producer_id,
        first_offset: txn.first_offset,
        last_offset: txn.last_offset,
        last_stable_offset,
    })
}
