//! A follower's side of a partition: copying the leader's batches
//! (offsets and epochs unchanged, refused when fetched at another epoch),
//! truncation by leader epoch (KIP-101, KIP-279) before fetching, and
//! following the leader's log start offset.
//!
//! Invariants: a copy never lands in a replica whose role changed since the
//! fetch; a cut rebuilds the producer state and lowers the high watermark
//! and flushed offset with the log end; truncation is complete only when
//! this replica knows the leader's epoch.

use super::*;

impl Partition {
    /// As follower, Kafka's truncation after OffsetForLeaderEpoch (KIP-101,
    /// KIP-279): the leader answered `(leader_epoch, leader_end)` for this
    /// replica's latest epoch (`leader_end` < 0: it knows no epoch that
    /// old). Returns where to cut and whether truncation is then complete.
    /// When this replica does not know the leader's epoch, it cuts at the
    /// end of its own largest epoch below it and asks again (not complete):
    /// a replica that led an epoch nobody copied keeps none of it.
    pub fn truncation_point(&self, leader_epoch: i32, leader_end: i64) -> (i64, bool) {
        let leo = self.log_end_offset();
        if leader_end < 0 {
            return (self.high_watermark(), true);
        }
        let inner = self.inner.lock().expect("partition lock");
        match inner.log.end_offset_for_epoch(leader_epoch) {
            Some((epoch, end)) if epoch != leader_epoch => (end.min(leo), false),
            Some((_, end)) => (end.min(leader_end).min(leo), true),
            // No epochs here: the leader's end is safe (Kafka's rule).
            None => (leader_end.min(leo), true),
        }
    }

    /// As follower: cut the log at `offset` if it goes further (never by
    /// high watermark alone); `complete` ends the truncation, else the
    /// fetcher asks the leader again before fetching.
    pub fn truncate_for_leader(&self, offset: Option<i64>, complete: bool) -> Result<(), ApiError> {
        if let Some(offset) = offset {
            if offset < self.log_end_offset() {
                self.truncate_to(offset)?;
            }
        }
        if complete {
            self.replication
                .lock()
                .expect("replication lock")
                .needs_truncation = false;
        }
        Ok(())
    }

    pub(super) fn truncate_to(&self, offset: i64) -> Result<(), ApiError> {
        self.cut_log(|log| log.truncate_to(offset))
    }

    /// As follower: the leader no longer has the records this replica lacks
    /// (deleted by retention or DeleteRecords): empty the log and start it
    /// again at the leader's log start offset (Kafka's
    /// `truncateFullyAndStartAt` on an out-of-range fetch).
    pub fn restart_at_leader_log_start(&self, offset: i64) -> Result<(), ApiError> {
        if offset <= self.log_end_offset() {
            return Ok(());
        }
        self.cut_log(|log| log.truncate_fully_and_start_at(offset))
    }

    /// Runs `cut`, which removes the end of the log or all of it, then brings
    /// the producer state and the offsets in step.
    pub(super) fn cut_log(
        &self,
        cut: impl FnOnce(&mut Log) -> Result<(), StorageError>,
    ) -> Result<(), ApiError> {
        let mut inner = self.inner.lock().expect("partition lock");
        let before = inner.log.log_end_offset();
        cut(&mut inner.log).map_err(|e| ApiError::new(storage_code(&e), e.to_string()))?;
        let leo = inner.log.log_end_offset();
        inner.producers = ProducerStateManager::load_and_repair(&mut inner.log);
        if inner.producers.first_unstable_offset().is_some() {
            self.unstable.store(true, Ordering::Release);
        }
        self.log_end_offset.store(leo, Ordering::Release);
        // A cut at or below the log start restarts the log there.
        self.log_start_offset
            .store(inner.log.log_start_offset(), Ordering::Release);
        self.high_watermark.fetch_min(leo, Ordering::AcqRel);
        self.flushed_to.fetch_min(leo, Ordering::AcqRel);
        drop(inner);
        self.wake();
        tracing::info!(topic = %self.topic, partition = self.index, from = before, to = leo, "truncated the log to the leader's");
        Ok(())
    }

    /// The latest leader epoch in the log, for OffsetForLeaderEpoch requests.
    pub fn latest_epoch(&self) -> Option<i32> {
        self.inner
            .lock()
            .expect("partition lock")
            .log
            .latest_epoch()
    }

    /// OffsetForLeaderEpoch on the leader: the largest epoch at most
    /// `epoch`, and the offset where the next one starts (or the log end).
    pub fn end_offset_for_epoch(&self, epoch: i32) -> (i32, i64) {
        let inner = self.inner.lock().expect("partition lock");
        inner.log.end_offset_for_epoch(epoch).unwrap_or((-1, -1))
    }

    /// As follower: appends batches copied from the leader's log, offsets
    /// and all, and takes the leader's high watermark (up to its own log end).
    /// `leader_epoch` is the epoch the fetch was made at: if this replica's
    /// role changed meanwhile (it leads now, or follows another epoch), the
    /// records are refused — a deposed leader may have answered a fetch
    /// that was in flight when the leadership moved.
    pub fn append_as_follower(
        &self,
        records: Bytes,
        leader_high_watermark: i64,
        leader_epoch: i32,
        now_ms: i64,
    ) -> Result<(), ApiError> {
        let mut inner = self.inner.lock().expect("partition lock");
        {
            let r = self.replication.lock().expect("replication lock");
            if r.role.leader == self.node_id || r.role.leader_epoch != leader_epoch {
                return Err(ApiError::new(
                    code::FENCED_LEADER_EPOCH,
                    format!(
                        "fetched at leader epoch {leader_epoch}, now leader {} at epoch {}",
                        r.role.leader, r.role.leader_epoch
                    ),
                ));
            }
        }
        // Only whole batches: a fetch may stop inside the last one.
        let mut whole = 0usize;
        let mut batches = Vec::new();
        let mut iter = Batches::new(records.clone());
        for batch in iter.by_ref() {
            let Ok(batch) = batch else { break };
            whole += batch.size_in_bytes();
            batches.push(batch);
        }
        if let Some(first) = batches.first().map(|b| *b.header()) {
            let start = inner.log.log_start_offset();
            let empty = inner.log.log_end_offset() == start;
            if empty && first.base_offset < start && first.last_offset() >= start {
                // The leader's log start offset is inside this batch (moved by
                // DeleteRecords): take the batch whole, as Kafka does; the
                // start moves up again with the leader's.
                inner
                    .log
                    .truncate_fully_and_start_at(first.base_offset)
                    .map_err(|e| ApiError::new(storage_code(&e), e.to_string()))?;
                self.log_start_offset
                    .store(first.base_offset, Ordering::Release);
            }
        }
        if whole > 0 {
            let info = inner
                .log
                .append_as_follower(&records[..whole], now_ms)
                .map_err(|e| {
                    tracing::error!(topic = %self.topic, partition = self.index, error = %e, "follower append failed");
                    ApiError::new(storage_code(&e), e.to_string())
                })?;
            // The producers' state, and the leader's aborts in this
            // replica's transaction index.
            for batch in &batches {
                if batch.header().is_transactional() {
                    self.unstable.store(true, Ordering::Release);
                }
                let completed = inner.producers.track_batch(batch);
                if let Some(txn) = completed.filter(|t| t.is_aborted) {
                    super::transactions::record_abort(&mut inner, &txn)
                        .map_err(|e| ApiError::new(storage_code(&e), e.to_string()))?;
                }
            }
            if info.rolled.is_some() {
                self.snapshot_producers(&inner);
            }
        }
        let leo = inner.log.log_end_offset();
        drop(inner);
        self.log_end_offset.store(leo, Ordering::Release);
        let hw = leader_high_watermark.min(leo);
        if hw > self.high_watermark() {
            self.high_watermark.store(hw, Ordering::Release);
        }
        self.wake();
        Ok(())
    }

    /// As follower: takes the leader's log start offset from a fetch answer,
    /// so that records deleted on the leader go here too. Bounded by this
    /// replica's high watermark: a lagging follower gets there as it copies.
    pub fn follow_leader_log_start(&self, leader_log_start_offset: i64) {
        let offset = leader_log_start_offset.min(self.high_watermark());
        if offset <= self.log_start_offset() {
            return;
        }
        if let Err(ApiError { message: e, .. }) = self.move_log_start(offset) {
            tracing::warn!(topic = %self.topic, partition = self.index, offset, error = %e, "cannot follow the leader's log start offset");
        }
    }
}
