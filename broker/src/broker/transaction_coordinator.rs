//! The broker's transaction coordinator (Kafka's `TransactionCoordinator`
//! handle* methods): InitProducerId with a transactional id,
//! AddPartitionsToTxn and its KIP-890 verification, EndTxn, and the
//! coordinator's own timers (aborting transactions past their timeout,
//! forgetting ids idle past `transactional.id.expiration.ms`).
//!
//! Each operation takes the id's metadata under the table's lock, asks the
//! pure decisions of [`crate::transaction::transaction_coordinator`], and
//! writes the transition to `__transaction_state`
//! ([`Broker::append_transaction`]) with no lock held. An end's markers are
//! handed to the marker channel (`transaction_marker_channel_manager.rs`),
//! which completes the transaction once they are written.
//!
//! Invariants: an operation is served only while this broker has loaded the
//! id's partition, and lands only at the coordinator epoch it started at;
//! new producer ids are taken from the metadata before the lock, never
//! while holding it; a transaction timeout is within
//! `transaction.max.timeout.ms`.

use std::collections::BTreeSet;

use super::transaction_marker_channel_manager::MarkerJob;
use super::Broker;
use crate::error::code;
use crate::group::coordinator::now_ms;
use crate::transaction::transaction_coordinator::{
    self as decide, EndDecision, InitDecision, ProducerIdAndEpoch,
};
use crate::transaction::transaction_log::TRANSACTION_STATE_TOPIC;
use crate::transaction::transaction_metadata::{
    is_epoch_exhausted, supports_epoch_bump, TopicPartition, TransactionMetadata,
    TxnTransitMetadata,
};
use crate::transaction::transaction_state_table::TransactionStateTable;

impl Broker {
    /// The `__transaction_state` partition of `transactional_id` and its
    /// coordinator epoch, when this broker coordinates it; else Kafka's
    /// NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS.
    pub fn transaction_coordinator_epoch(&self, transactional_id: &str) -> Result<(i32, i32), i16> {
        let table = self.transactions.lock().expect("transactions lock");
        let Some(table) = table.as_ref() else {
            return Err(code::NOT_COORDINATOR);
        };
        let index = table.partition_for(transactional_id);
        match table.coordinator_epoch(index) {
            Some(epoch) => Ok((index, epoch)),
            None => Err(self.coordinator_status_for(TRANSACTION_STATE_TOPIC, index, false)),
        }
    }

    /// Runs `f` on the table if this broker still coordinates
    /// `transactional_id` at `coordinator_epoch` (else NOT_COORDINATOR).
    fn with_table<T>(
        &self,
        transactional_id: &str,
        coordinator_epoch: i32,
        f: impl FnOnce(&mut TransactionStateTable) -> Result<T, i16>,
    ) -> Result<T, i16> {
        let mut guard = self.transactions.lock().expect("transactions lock");
        let Some(table) = guard.as_mut() else {
            return Err(code::NOT_COORDINATOR);
        };
        let index = table.partition_for(transactional_id);
        if table.coordinator_epoch(index) != Some(coordinator_epoch) {
            return Err(code::NOT_COORDINATOR);
        }
        f(table)
    }

    /// As [`Broker::with_table`], on the id's metadata (an id without any
    /// is INVALID_PRODUCER_ID_MAPPING, as Kafka answers it).
    pub(super) fn with_transaction<T>(
        &self,
        transactional_id: &str,
        coordinator_epoch: i32,
        f: impl FnOnce(&mut TransactionMetadata) -> Result<T, i16>,
    ) -> Result<T, i16> {
        self.with_table(transactional_id, coordinator_epoch, |table| {
            f(table
                .get_mut(transactional_id)
                .ok_or(code::INVALID_PRODUCER_ID_MAPPING)?)
        })
    }

    /// A fresh producer id when `needed`, taken before any lock.
    async fn maybe_new_producer_id(&self, needed: bool) -> Result<Option<i64>, i16> {
        if !needed {
            return Ok(None);
        }
        match self.next_producer_id().await {
            Ok(id) => Ok(Some(id)),
            Err(e) => {
                tracing::warn!(error = %e.message, "cannot allocate a producer id");
                Err(e.code)
            }
        }
    }

    fn transaction_needs(
        &self,
        transactional_id: &str,
        f: impl Fn(&TransactionMetadata) -> bool,
    ) -> Option<bool> {
        let table = self.transactions.lock().expect("transactions lock");
        Some(table.as_ref()?.get(transactional_id).is_none_or(f))
    }

    /// InitProducerId with a transactional id: the producer id and epoch
    /// to use, or the error (CONCURRENT_TRANSACTIONS while an open
    /// transaction of a fenced producer is being aborted).
    pub async fn init_transactional_producer(
        &self,
        transactional_id: &str,
        txn_timeout_ms: i32,
        expected: Option<ProducerIdAndEpoch>,
    ) -> Result<ProducerIdAndEpoch, i16> {
        if txn_timeout_ms <= 0 || txn_timeout_ms > self.config.transaction_max_timeout_ms {
            return Err(code::INVALID_TRANSACTION_TIMEOUT);
        }
        let (_, coordinator_epoch) = self.transaction_coordinator_epoch(transactional_id)?;
        // A new id, or one whose epoch is exhausted, takes a new producer id.
        let needed = self
            .transaction_needs(transactional_id, |m| is_epoch_exhausted(m.producer_epoch))
            .unwrap_or(false);
        let mut fresh = self.maybe_new_producer_id(needed).await?;
        let now = now_ms();
        let decision = self.with_table(transactional_id, coordinator_epoch, |table| {
            if table.get(transactional_id).is_none() {
                // Raced with another InitProducerId of a new id: retry.
                let id = fresh.take().ok_or(code::CONCURRENT_TRANSACTIONS)?;
                table.get_or_insert(TransactionMetadata::new(
                    transactional_id,
                    id,
                    txn_timeout_ms,
                    now,
                ));
            }
            let m = table.get_mut(transactional_id).expect("just added");
            decide::init_producer_id(
                m,
                txn_timeout_ms,
                expected,
                &mut || fresh.take().ok_or(code::CONCURRENT_TRANSACTIONS),
                now,
            )
        })?;
        match decision {
            InitDecision::Append(t) => match self.append_transaction(transactional_id, &t).await {
                code::NONE => Ok(ProducerIdAndEpoch {
                    producer_id: t.producer_id,
                    epoch: t.producer_epoch,
                }),
                c => Err(c),
            },
            InitDecision::AbortFenced(t) => {
                match self.append_transaction(transactional_id, &t).await {
                    code::NONE => self.send_markers(transactional_id, coordinator_epoch, t),
                    c => {
                        // The bumped epoch was never handed out: the next
                        // fencing reuses it.
                        let _ = self.with_transaction(transactional_id, coordinator_epoch, |m| {
                            m.has_failed_epoch_fence = true;
                            Ok(())
                        });
                        return Err(c);
                    }
                }
                // The client retries once the fenced transaction is aborted.
                Err(code::CONCURRENT_TRANSACTIONS)
            }
        }
    }

    /// AddPartitionsToTxn (and AddOffsetsToTxn, with the group's offsets
    /// partition): the partitions join the producer's transaction.
    pub async fn add_partitions_to_transaction(
        &self,
        transactional_id: &str,
        producer: ProducerIdAndEpoch,
        partitions: &BTreeSet<TopicPartition>,
        client_transaction_version: i16,
    ) -> Result<(), i16> {
        let (_, coordinator_epoch) = self.transaction_coordinator_epoch(transactional_id)?;
        let now = now_ms();
        let transit = self.with_transaction(transactional_id, coordinator_epoch, |m| {
            decide::add_partitions(m, producer, partitions, client_transaction_version, now)
        })?;
        match transit {
            None => Ok(()),
            Some(t) => match self.append_transaction(transactional_id, &t).await {
                code::NONE => Ok(()),
                c => Err(c),
            },
        }
    }

    /// KIP-890 part 1, a partition leader's question: for each partition,
    /// NONE when it is in the producer's open transaction.
    pub fn verify_transaction_partitions(
        &self,
        transactional_id: &str,
        producer: ProducerIdAndEpoch,
        partitions: &[TopicPartition],
    ) -> Result<Vec<(TopicPartition, i16)>, i16> {
        let (_, coordinator_epoch) = self.transaction_coordinator_epoch(transactional_id)?;
        self.with_transaction(transactional_id, coordinator_epoch, |m| {
            decide::verify_partitions(m, producer, partitions)
        })
    }

    /// EndTxn: the transaction's end is written and its markers go out;
    /// answers the producer id and epoch to use next (V2 bumps it).
    pub async fn end_transaction(
        &self,
        transactional_id: &str,
        producer: ProducerIdAndEpoch,
        commit: bool,
        client_transaction_version: i16,
    ) -> Result<ProducerIdAndEpoch, i16> {
        let (_, coordinator_epoch) = self.transaction_coordinator_epoch(transactional_id)?;
        let needed = supports_epoch_bump(client_transaction_version)
            && self
                .transaction_needs(transactional_id, |m| is_epoch_exhausted(m.producer_epoch))
                .unwrap_or(false);
        let mut fresh = self.maybe_new_producer_id(needed).await?;
        let now = now_ms();
        let decision = self.with_transaction(transactional_id, coordinator_epoch, |m| {
            decide::end_txn(
                m,
                producer,
                commit,
                client_transaction_version,
                true,
                &mut || fresh.take().ok_or(code::CONCURRENT_TRANSACTIONS),
                now,
            )
        })?;
        match decision {
            EndDecision::AlreadyDone(next) => Ok(next),
            EndDecision::Append(t) => match self.append_transaction(transactional_id, &t).await {
                code::NONE => {
                    let next = next_producer_of(&t);
                    self.send_markers(transactional_id, coordinator_epoch, t);
                    Ok(next)
                }
                c => Err(c),
            },
        }
    }

    /// Hands the markers of a written PrepareCommit/PrepareAbort to the
    /// marker channel, which completes the transaction.
    pub(super) fn send_markers(
        &self,
        transactional_id: &str,
        coordinator_epoch: i32,
        prepared: TxnTransitMetadata,
    ) {
        self.transaction_markers.enqueue(MarkerJob {
            transactional_id: transactional_id.to_string(),
            coordinator_epoch,
            prepared,
        });
    }

    /// Aborts the open transactions past their timeout (Kafka's
    /// `abortTimedOutTransactions`, every
    /// `transaction.abort.timed.out.transaction.cleanup.interval.ms`).
    pub async fn abort_timed_out_transactions(&self) {
        let now = now_ms();
        let timed_out = {
            let table = self.transactions.lock().expect("transactions lock");
            table.as_ref().map(|t| t.timed_out(now)).unwrap_or_default()
        };
        for (id, producer_id, epoch) in timed_out {
            let Ok((_, coordinator_epoch)) = self.transaction_coordinator_epoch(&id) else {
                continue;
            };
            let needed = self
                .transaction_needs(&id, |m| {
                    supports_epoch_bump(m.client_transaction_version)
                        && is_epoch_exhausted(m.producer_epoch)
                })
                .unwrap_or(false);
            let Ok(mut fresh) = self.maybe_new_producer_id(needed).await else {
                continue;
            };
            let producer = ProducerIdAndEpoch { producer_id, epoch };
            let transit = self.with_transaction(&id, coordinator_epoch, |m| {
                decide::abort_timed_out(
                    m,
                    producer,
                    &mut || fresh.take().ok_or(code::CONCURRENT_TRANSACTIONS),
                    now,
                )
            });
            let Ok(t) = transit else { continue };
            tracing::info!(transactional_id = %id, producer_id, epoch, "aborting a transaction past its timeout");
            match self.append_transaction(&id, &t).await {
                code::NONE => self.send_markers(&id, coordinator_epoch, t),
                c => {
                    tracing::warn!(transactional_id = %id, error_code = c, "the timeout abort was not written");
                    let _ = self.with_transaction(&id, coordinator_epoch, |m| {
                        m.has_failed_epoch_fence =
                            !supports_epoch_bump(m.client_transaction_version);
                        Ok(())
                    });
                }
            }
        }
    }

    /// Forgets the ids idle past `transactional.id.expiration.ms` (Kafka's
    /// `removeExpiredTransactionalIds`): a Dead record (a tombstone) each.
    pub async fn expire_transactional_ids(&self) {
        let now = now_ms();
        let expiration_ms = self.config.transactional_id_expiration_ms;
        let expired = {
            let table = self.transactions.lock().expect("transactions lock");
            table
                .as_ref()
                .map(|t| t.expired(now, expiration_ms))
                .unwrap_or_default()
        };
        for id in expired {
            let Ok((_, coordinator_epoch)) = self.transaction_coordinator_epoch(&id) else {
                continue;
            };
            let dead = self.with_transaction(&id, coordinator_epoch, |m| {
                m.prepare_dead().map_err(|_| code::CONCURRENT_TRANSACTIONS)
            });
            let Ok(t) = dead else { continue };
            match self.append_transaction(&id, &t).await {
                code::NONE => {
                    tracing::info!(transactional_id = %id, "transactional id expired");
                    let mut table = self.transactions.lock().expect("transactions lock");
                    if let Some(table) = table.as_mut() {
                        table.remove(&id);
                    }
                }
                c => {
                    tracing::warn!(transactional_id = %id, error_code = c, "the expiration was not written")
                }
            }
        }
    }
}

/// The producer id and epoch a client uses after this end (EndTxn v5):
/// the next id at epoch 0 when the bump exhausted the epoch.
fn next_producer_of(t: &TxnTransitMetadata) -> ProducerIdAndEpoch {
    if t.next_producer_id >= 0 {
        ProducerIdAndEpoch {
            producer_id: t.next_producer_id,
            epoch: 0,
        }
    } else {
        ProducerIdAndEpoch {
            producer_id: t.producer_id,
            epoch: t.producer_epoch,
        }
    }
}
