//! The transactions a coordinator holds in memory (the cache of Kafka's
//! `TransactionStateManager`): every transactional id of the
//! `__transaction_state` partitions this broker leads and has loaded, as
//! their last record says, and what the coordinator must do about them as
//! time passes.
//!
//! An id belongs to partition `abs(javaHash(id)) % partitions`, as in
//! Kafka, so a Kafka client and Tributary agree on the coordinator.
//! Loading replays a partition's records in offset order, the last record
//! of an id winning and a tombstone removing it; unloading drops the
//! partition's ids.
//!
//! Invariants: a pure structure (the caller gives `now_ms`); it holds an id
//! only while the id's partition is loaded; the views it returns
//! (`timed_out`, `expired`, `incomplete`) never include an id with a
//! transition pending, so the coordinator never starts a second write for
//! one.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use bytes::Bytes;

use super::transaction_log;
use super::transaction_metadata::{TransactionMetadata, TransactionState};
use crate::group::offsets::partition_for;

#[derive(Debug, Default)]
pub struct TransactionStateTable {
    transactions: HashMap<String, TransactionMetadata>,
    /// The loaded `__transaction_state` partitions, each with its
    /// coordinator epoch (the partition's leader epoch when it was loaded;
    /// markers carry it, and a leader refuses those of an older one).
    loaded: BTreeMap<i32, i32>,
    /// The topic's partition count (`transaction.state.log.num.partitions`
    /// when it was created).
    partitions: i32,
}

impl TransactionStateTable {
    pub fn new(partitions: i32) -> TransactionStateTable {
        assert!(partitions > 0, "a transaction state topic has partitions");
        TransactionStateTable {
            partitions,
            ..Default::default()
        }
    }

    /// The `__transaction_state` partition of `transactional_id`.
    pub fn partition_for(&self, transactional_id: &str) -> i32 {
        partition_for(transactional_id, self.partitions)
    }

    pub fn is_loaded(&self, partition: i32) -> bool {
        self.loaded.contains_key(&partition)
    }

    /// The coordinator epoch of `partition` while it is loaded.
    pub fn coordinator_epoch(&self, partition: i32) -> Option<i32> {
        self.loaded.get(&partition).copied()
    }

    /// Replays one record of `partition` (in offset order). A record that
    /// does not decode is skipped and reported: the loader logs it, as
    /// Kafka fails its load.
    pub fn replay(
        &mut self,
        partition: i32,
        key: Option<Bytes>,
        value: Option<Bytes>,
    ) -> Result<(), String> {
        let id = transaction_log::read_key(key.ok_or("a record without a key")?)?;
        if self.partition_for(&id) != partition {
            return Err(format!(
                "transactional id {id:?} does not belong to partition {partition}"
            ));
        }
        match transaction_log::read_value(&id, value)? {
            Some(m) => {
                self.transactions.insert(id, m);
            }
            None => {
                self.transactions.remove(&id);
            }
        }
        Ok(())
    }

    /// `partition` is replayed: its ids are served from now on.
    pub fn mark_loaded(&mut self, partition: i32, coordinator_epoch: i32) {
        self.loaded.insert(partition, coordinator_epoch);
    }

    /// This broker no longer leads `partition`: its ids go.
    pub fn unload(&mut self, partition: i32) {
        self.loaded.remove(&partition);
        let n = self.partitions;
        self.transactions
            .retain(|id, _| partition_for(id, n) != partition);
    }

    pub fn get(&self, transactional_id: &str) -> Option<&TransactionMetadata> {
        self.transactions.get(transactional_id)
    }

    pub fn get_mut(&mut self, transactional_id: &str) -> Option<&mut TransactionMetadata> {
        self.transactions.get_mut(transactional_id)
    }

    /// Adds a new id's metadata (its partition must be loaded); the
    /// existing one when there is one.
    pub fn get_or_insert(&mut self, m: TransactionMetadata) -> &mut TransactionMetadata {
        debug_assert!(self.is_loaded(self.partition_for(&m.transactional_id)));
        self.transactions
            .entry(m.transactional_id.clone())
            .or_insert(m)
    }

    /// An expired id's tombstone is written: it goes.
    pub fn remove(&mut self, transactional_id: &str) {
        self.transactions.remove(transactional_id);
    }

    pub fn len(&self) -> usize {
        self.transactions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.transactions.is_empty()
    }

    /// Open transactions older than their timeout at `now_ms`, to abort
    /// (Kafka's `timedOutTransactions`): (id, producer id, epoch).
    pub fn timed_out(&self, now_ms: i64) -> Vec<(String, i64, i16)> {
        let mut out: Vec<_> = self
            .transactions
            .values()
            .filter(|m| m.state == TransactionState::Ongoing && !m.pending_transition_in_progress())
            .filter(|m| m.txn_start_timestamp + i64::from(m.txn_timeout_ms) < now_ms)
            .map(|m| (m.transactional_id.clone(), m.producer_id, m.producer_epoch))
            .collect();
        out.sort();
        out
    }

    /// Ids idle past `expiration_ms` (`transactional.id.expiration.ms`) in
    /// a state that allows it, to delete.
    pub fn expired(&self, now_ms: i64, expiration_ms: i64) -> Vec<String> {
        let mut out: Vec<_> = self
            .transactions
            .values()
            .filter(|m| m.state.is_expiration_allowed() && !m.pending_transition_in_progress())
            .filter(|m| m.txn_last_update_timestamp.saturating_add(expiration_ms) <= now_ms)
            .map(|m| m.transactional_id.clone())
            .collect();
        out.sort();
        out
    }

    /// Transactions of `partition` whose end is written but not its
    /// markers (PrepareCommit/PrepareAbort): after a load the coordinator
    /// sends their markers again.
    pub fn incomplete(&self, partition: i32) -> Vec<String> {
        let mut out: Vec<_> = self
            .transactions
            .values()
            .filter(|m| {
                matches!(
                    m.state,
                    TransactionState::PrepareCommit | TransactionState::PrepareAbort
                )
            })
            .filter(|m| !m.pending_transition_in_progress())
            .filter(|m| self.partition_for(&m.transactional_id) == partition)
            .map(|m| m.transactional_id.clone())
            .collect();
        out.sort();
        out
    }

    /// ListTransactions: the ids in `states` (all when empty) of
    /// `producer_ids` (all when empty) whose transaction started more than
    /// `min_duration_ms` ago (-1: any; KIP-994, Kafka's test on the start
    /// timestamp, which is -1 without a transaction), sorted by id.
    pub fn list(
        &self,
        states: &BTreeSet<TransactionState>,
        producer_ids: &BTreeSet<i64>,
        min_duration_ms: i64,
        now_ms: i64,
    ) -> Vec<&TransactionMetadata> {
        let mut out: Vec<_> = self
            .transactions
            .values()
            .filter(|m| m.state != TransactionState::Dead)
            .filter(|m| states.is_empty() || states.contains(&m.state))
            .filter(|m| producer_ids.is_empty() || producer_ids.contains(&m.producer_id))
            .filter(|m| min_duration_ms < 0 || now_ms - m.txn_start_timestamp > min_duration_ms)
            .collect();
        out.sort_by(|a, b| a.transactional_id.cmp(&b.transactional_id));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transaction::transaction_metadata::{EpochBump, TxnTransitMetadata};

    /// The record of `id`'s transit, as the coordinator writes it.
    fn record(id: &str, t: &TxnTransitMetadata) -> (Option<Bytes>, Option<Bytes>) {
        (
            Some(transaction_log::key_to_bytes(id)),
            Some(transaction_log::value_to_bytes(t, 2)),
        )
    }

    fn started(
        id: &str,
        start: i64,
        timeout: i32,
    ) -> (TransactionMetadata, Vec<TxnTransitMetadata>) {
        let mut m = TransactionMetadata::new(id, 1, timeout, 0);
        let EpochBump::Prepared(init) = m
            .prepare_increment_producer_epoch(timeout, None, 0)
            .unwrap()
        else {
            panic!()
        };
        m.complete_transition(&init).unwrap();
        let parts = [("t".to_string(), 0)].into_iter().collect();
        let add = m.prepare_add_partitions(&parts, start, 0).unwrap();
        m.complete_transition(&add).unwrap();
        (m, vec![init, add])
    }

    #[test]
    fn a_partition_is_replayed_last_record_wins_and_tombstones_remove() {
        let mut table = TransactionStateTable::new(50);
        let id = "orders-tx";
        let p = table.partition_for(id);
        // Kafka's placement: abs(String.hashCode) % 50.
        assert_eq!(p, crate::group::offsets::partition_for(id, 50));
        let (m, transits) = started(id, 100, 1000);
        for t in &transits {
            let (k, v) = record(id, t);
            table.replay(p, k, v).unwrap();
        }
        table.mark_loaded(p, 0);
        let loaded = table.get(id).unwrap();
        assert_eq!(
            (loaded.state, loaded.producer_epoch, &loaded.partitions),
            (m.state, m.producer_epoch, &m.partitions)
        );
        // A tombstone deletes; a record of another partition is refused.
        table
            .replay(p, Some(transaction_log::key_to_bytes(id)), None)
            .unwrap();
        assert!(table.get(id).is_none());
        let other = (0..50).find(|q| *q != p).unwrap();
        let (k, v) = record(id, &transits[0]);
        assert!(table.replay(other, k, v).is_err());
        assert!(table.replay(p, None, None).is_err());
        assert!(table
            .replay(p, Some(Bytes::from_static(b"\0")), None)
            .is_err());
    }

    #[test]
    fn unloading_drops_only_that_partitions_ids() {
        let mut table = TransactionStateTable::new(3);
        let ids: Vec<String> = (0..20).map(|i| format!("tx-{i}")).collect();
        for p in 0..3 {
            table.mark_loaded(p, 0);
        }
        for id in &ids {
            table.get_or_insert(TransactionMetadata::new(id, 1, 1000, 0));
        }
        let gone = table.partition_for(&ids[0]);
        table.unload(gone);
        assert!(!table.is_loaded(gone));
        for id in &ids {
            assert_eq!(
                table.get(id).is_some(),
                table.partition_for(id) != gone,
                "{id}"
            );
        }
    }

    #[test]
    fn timeouts_expirations_and_incomplete_ends_are_found() {
        let mut table = TransactionStateTable::new(1);
        table.mark_loaded(0, 0);
        let (a, _) = started("a", 100, 1000);
        let (mut b, _) = started("b", 500, 1000);
        table.get_or_insert(a);
        let t = b
            .prepare_abort_or_commit(TransactionState::PrepareCommit, 0, -1, 600)
            .unwrap();
        b.complete_transition(&t).unwrap();
        table.get_or_insert(b);
        table.get_or_insert(TransactionMetadata::new("idle", 3, 1000, 0));

        assert_eq!(table.timed_out(1100), vec![]);
        assert_eq!(table.timed_out(1101), vec![("a".to_string(), 1, 0)]);
        assert_eq!(table.incomplete(0), vec!["b".to_string()]);
        assert_eq!(table.expired(999, 1000), Vec::<String>::new());
        assert_eq!(table.expired(1000, 1000), vec!["idle".to_string()]);
        // An id with a write pending is left alone.
        let parts = [("t".to_string(), 1)].into_iter().collect();
        table
            .get_mut("a")
            .unwrap()
            .prepare_add_partitions(&parts, 2000, 0)
            .unwrap();
        assert_eq!(table.timed_out(5000), vec![]);

        let ongoing: BTreeSet<_> = [TransactionState::Ongoing].into();
        let listed: Vec<_> = table
            .list(&ongoing, &BTreeSet::new(), -1, 0)
            .iter()
            .map(|m| m.transactional_id.clone())
            .collect();
        assert_eq!(listed, vec!["a"]);
        // Started more than 1,000 ms before 1,450: a (at 100) and, being
        // without a transaction (start -1), idle; not b (at 500).
        let long: Vec<_> = table
            .list(&BTreeSet::new(), &BTreeSet::new(), 1000, 1450)
            .iter()
            .map(|m| m.transactional_id.clone())
            .collect();
        assert_eq!(long, vec!["a", "idle"]);
    }
}
