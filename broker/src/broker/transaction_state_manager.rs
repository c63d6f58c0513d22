//! The broker's side of the transaction coordinator, Kafka's
//! `TransactionStateManager`: the `__transaction_state` topic (created on
//! first use, with Kafka's `transaction.state.log.*` settings), which
//! transactional ids this broker coordinates (those of the partitions it
//! leads and has loaded), loading a partition's transactions when it comes
//! to lead it, and writing each transition to it before it applies in
//! memory.
//!
//! Invariants: the table holds an id only while this broker leads the id's
//! partition and has replayed it; a transition completes in memory only
//! after its record is on the ISR (acks=all), and is abandoned (nothing
//! changes) when the write fails; the coordinator epoch of a loaded
//! partition is its leader epoch then, as in Kafka.

use std::time::Duration;

use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

use super::Broker;
use crate::error::{code, ApiError};
use crate::group::coordinator::now_ms;
use crate::transaction::transaction_log::{self, TRANSACTION_STATE_TOPIC};
use crate::transaction::transaction_metadata::{TransactionState, TxnTransitMetadata};
use crate::transaction::transaction_state_table::TransactionStateTable;

/// Kafka's `transaction.state.log` write timeout (its request timeout).
const TRANSACTION_WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// The `transaction.version` feature level the records are written for
/// (Kafka 4's default, Transactions V2): TransactionLogValue v1.
pub const TRANSACTION_VERSION_LEVEL: i16 = 2;

impl Broker {
    /// Creates `__transaction_state` on first use, as Kafka does.
    pub async fn ensure_transaction_topic(&self) -> Result<(), ApiError> {
        if self.state().topic(TRANSACTION_STATE_TOPIC).is_some() {
            return Ok(());
        }
        let c = &self.config;
        let configs = [
            ("cleanup.policy", "compact".to_string()),
            ("compression.type", "uncompressed".to_string()),
            (
                "min.insync.replicas",
                c.transaction_state_log_min_isr.to_string(),
            ),
            (
                "segment.bytes",
                c.transaction_state_log_segment_bytes.to_string(),
            ),
            ("unclean.leader.election.enable", "false".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        self.create_coordinator_topic(
            TRANSACTION_STATE_TOPIC,
            c.transaction_state_log_num_partitions,
            c.transaction_state_log_replication_factor,
            configs,
        )
        .await
    }

    /// Whether this broker coordinates `transactional_id`: NONE, or Kafka's
    /// NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS.
    pub fn transaction_coordinator_status(&self, transactional_id: &str) -> i16 {
        let table = self.transactions.lock().expect("transactions lock");
        let Some(table) = table.as_ref() else {
            return code::NOT_COORDINATOR;
        };
        let index = table.partition_for(transactional_id);
        self.coordinator_status_for(TRANSACTION_STATE_TOPIC, index, table.is_loaded(index))
    }

    /// Loads the transactions of the `__transaction_state` partitions this
    /// broker has come to lead and unloads those it no longer leads.
    pub fn sync_transaction_coordination(&self) {
        let Some(topic) = self.state().topic(TRANSACTION_STATE_TOPIC).cloned() else {
            return;
        };
        let n = topic.partitions.len() as i32;
        for index in 0..n {
            let leads = self
                .partition(TRANSACTION_STATE_TOPIC, index)
                .is_some_and(|p| p.is_leader());
            let loaded = {
                let mut table = self.transactions.lock().expect("transactions lock");
                table
                    .get_or_insert_with(|| TransactionStateTable::new(n))
                    .is_loaded(index)
            };
            if leads && !loaded {
                self.load_transactions(index);
            } else if !leads && loaded {
                tracing::info!(
                    partition = index,
                    "no longer coordinating the transactions of {TRANSACTION_STATE_TOPIC} partition"
                );
                let mut table = self.transactions.lock().expect("transactions lock");
                if let Some(t) = table.as_mut() {
                    t.unload(index);
                }
            }
        }
    }

    /// Replays one `__transaction_state` partition to its log end into the
    /// table (records that do not decode are logged and skipped).
    fn load_transactions(&self, index: i32) {
        let Some(p) = self.partition(TRANSACTION_STATE_TOPIC, index) else {
            return;
        };
        let Some(coordinator_epoch) = p.leader_epoch_if_leader() else {
            return;
        };
        let mut records = Vec::new();
        p.for_each_record(|batch, key, value| {
            if !batch.header().is_control() {
                records.push((key, value));
            }
        });
        let mut guard = self.transactions.lock().expect("transactions lock");
        let Some(table) = guard.as_mut() else {
            return;
        };
        let count = records.len();
        for (key, value) in records {
            if let Err(e) = table.replay(index, key, value) {
                tracing::warn!(partition = index, error = %e, "skipping a {TRANSACTION_STATE_TOPIC} record");
            }
        }
        table.mark_loaded(index, coordinator_epoch);
        if count > 0 {
            tracing::info!(
                partition = index,
                records = count,
                coordinator_epoch,
                "loaded transactions"
            );
        }
        // Ends written but not their markers: send them again.
        let incomplete: Vec<_> = table
            .incomplete(index)
            .into_iter()
            .filter_map(|id| Some((id.clone(), table.get(&id)?.prepare_no_transit())))
            .collect();
        drop(guard);
        for (id, prepared) in incomplete {
            tracing::info!(transactional_id = %id, state = %prepared.state, "resending the markers of a loaded transaction");
            self.send_markers(&id, coordinator_epoch, prepared);
        }
    }

    /// Writes transit `t` of `transactional_id` (prepared on its metadata)
    /// to its `__transaction_state` partition, waits for the ISR, then
    /// completes it in memory; on any failure the transition is abandoned.
    /// Returns the Kafka error code (Kafka's coordinator mapping of append
    /// errors).
    pub async fn append_transaction(&self, transactional_id: &str, t: &TxnTransitMetadata) -> i16 {
        let written = self.write_transaction_record(transactional_id, t).await;
        let mut table = self.transactions.lock().expect("transactions lock");
        let Some(m) = table.as_mut().and_then(|t| t.get_mut(transactional_id)) else {
            // Unloaded meanwhile: this broker no longer coordinates it.
            return code::NOT_COORDINATOR;
        };
        if written != code::NONE {
            m.abandon_transition();
            return written;
        }
        match m.complete_transition(t) {
            Ok(()) => code::NONE,
            Err(e) => {
                tracing::error!(%transactional_id, error = %e, "a written transition does not complete");
                code::UNKNOWN_SERVER_ERROR
            }
        }
    }

    async fn write_transaction_record(
        &self,
        transactional_id: &str,
        t: &TxnTransitMetadata,
    ) -> i16 {
        let index = {
            let table = self.transactions.lock().expect("transactions lock");
            match table.as_ref() {
                Some(table) => table.partition_for(transactional_id),
                None => return code::NOT_COORDINATOR,
            }
        };
        let Some(partition) = self.partition(TRANSACTION_STATE_TOPIC, index) else {
            return code::NOT_COORDINATOR;
        };
        let Some(leader_epoch) = partition.leader_epoch_if_leader() else {
            return code::NOT_COORDINATOR;
        };
        let now = now_ms();
        let key = transaction_log::key_to_bytes(transactional_id);
        // An expired id's record is a tombstone, as Kafka writes it.
        let value = (t.state != TransactionState::Dead)
            .then(|| transaction_log::value_to_bytes(t, TRANSACTION_VERSION_LEVEL));
        let batch = match RecordBatchBuilder::new(Compression::None)
            .append(SimpleRecord::new(now, Some(key), value))
            .build()
        {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "cannot build a transaction record");
                return code::UNKNOWN_SERVER_ERROR;
            }
        };
        let result = match partition.append(batch, leader_epoch, now) {
            Ok(r) => {
                let deadline = tokio::time::Instant::now() + TRANSACTION_WRITE_TIMEOUT;
                partition
                    .wait_for_high_watermark(r.log_end_offset, deadline)
                    .await
            }
            Err(e) => Err(e.code),
        };
        match result {
            Ok(()) => code::NONE,
            Err(c) => {
                tracing::warn!(%transactional_id, error_code = c, "transaction state write failed");
                // Kafka's TransactionStateManager mapping of append errors.
                match c {
                    code::UNKNOWN_TOPIC_OR_PARTITION
                    | code::NOT_ENOUGH_REPLICAS
                    | code::NOT_ENOUGH_REPLICAS_AFTER_APPEND
                    | code::REQUEST_TIMED_OUT => code::COORDINATOR_NOT_AVAILABLE,
                    code::NOT_LEADER_OR_FOLLOWER | code::KAFKA_STORAGE_ERROR => {
                        code::NOT_COORDINATOR
                    }
                    code::MESSAGE_TOO_LARGE | code::RECORD_LIST_TOO_LARGE => {
                        code::UNKNOWN_SERVER_ERROR
                    }
                    other => other,
                }
            }
        }
    }
}
