//! One transactional id's state at its coordinator (Kafka's
//! `TransactionMetadata`): the producer id and epoch it hands out, the
//! transaction's state and partitions, and the two-step transitions the
//! coordinator makes through `__transaction_state`.
//!
//! A transition is *prepared* (`prepare_*` returns the target,
//! [`TxnTransitMetadata`], and records it as pending), written to the log,
//! and only then *completed* ([`TransactionMetadata::complete_transition`]).
//! While one is pending no other may be prepared.
//!
//! States and their legal predecessors (Kafka's):
//!
//! ```text
//! Empty             <- Empty, CompleteCommit, CompleteAbort   (InitProducerId)
//! Ongoing           <- Empty, Ongoing, CompleteCommit, CompleteAbort
//! PrepareCommit     <- Ongoing                                (EndTxn)
//! PrepareAbort      <- Ongoing, PrepareEpochFence             (EndTxn, timeout, fencing)
//! CompleteCommit    <- PrepareCommit                          (markers written)
//! CompleteAbort     <- PrepareAbort
//! PrepareEpochFence <- Ongoing                                (a new producer fences an open transaction)
//! Dead              <- Empty, CompleteCommit, CompleteAbort   (transactional.id.expiration.ms)
//! ```
//!
//! Transactions V2 (KIP-890, client transaction version 2): EndTxn bumps
//! the epoch, and when the epoch would reach `i16::MAX` the coordinator
//! moves the id to `next_producer_id` once the markers are written.
//!
//! Invariants: a pure structure (the caller gives timestamps); a transition
//! the state does not allow is an [`IllegalTransition`], never a partial
//! update; the epoch handed out never reaches `i16::MAX`, so that the
//! coordinator can always fence.

use std::collections::BTreeSet;
use std::fmt;

/// Kafka's `RecordBatch.NO_PRODUCER_ID` / `NO_PRODUCER_EPOCH`.
pub const NO_PRODUCER_ID: i64 = -1;
pub const NO_PRODUCER_EPOCH: i16 = -1;

/// A transaction's partition: topic and partition index.
pub type TopicPartition = (String, i32);

/// Kafka's transaction states, with the ids `__transaction_state` stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransactionState {
    Empty,
    Ongoing,
    PrepareCommit,
    PrepareAbort,
    CompleteCommit,
    CompleteAbort,
    Dead,
    PrepareEpochFence,
}

use TransactionState::*;

impl TransactionState {
    pub const ALL: [TransactionState; 8] = [
        Empty,
        Ongoing,
        PrepareCommit,
        PrepareAbort,
        CompleteCommit,
        CompleteAbort,
        Dead,
        PrepareEpochFence,
    ];

    /// The id in `TransactionLogValue.TransactionStatus`.
    pub fn id(self) -> i8 {
        Self::ALL.iter().position(|s| *s == self).expect("listed") as i8
    }

    pub fn from_id(id: i8) -> Option<TransactionState> {
        usize::try_from(id)
            .ok()
            .and_then(|i| Self::ALL.get(i).copied())
    }

    /// The name DescribeTransactions and ListTransactions show.
    pub fn name(self) -> &'static str {
        match self {
            Empty => "Empty",
            Ongoing => "Ongoing",
            PrepareCommit => "PrepareCommit",
            PrepareAbort => "PrepareAbort",
            CompleteCommit => "CompleteCommit",
            CompleteAbort => "CompleteAbort",
            Dead => "Dead",
            PrepareEpochFence => "PrepareEpochFence",
        }
    }

    pub fn from_name(name: &str) -> Option<TransactionState> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The states this one may be entered from.
    pub fn valid_previous_states(self) -> &'static [TransactionState] {
        match self {
            Empty => &[Empty, CompleteCommit, CompleteAbort],
            Ongoing => &[Ongoing, Empty, CompleteCommit, CompleteAbort],
            PrepareCommit => &[Ongoing],
            PrepareAbort => &[Ongoing, PrepareEpochFence],
            CompleteCommit => &[PrepareCommit],
            CompleteAbort => &[PrepareAbort],
            Dead => &[Empty, CompleteAbort, CompleteCommit],
            PrepareEpochFence => &[Ongoing],
        }
    }

    /// Whether an id idle in this state may expire
    /// (`transactional.id.expiration.ms`).
    pub fn is_expiration_allowed(self) -> bool {
        matches!(self, Empty | CompleteCommit | CompleteAbort)
    }

    /// Whether a transaction is open: its partitions may hold data without
    /// a marker.
    pub fn has_pending_transaction(self) -> bool {
        matches!(self, Ongoing | PrepareCommit | PrepareAbort)
    }
}

impl fmt::Display for TransactionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether the client's transaction version bumps the epoch on every EndTxn
/// (Transactions V2, KIP-890).
pub fn supports_epoch_bump(client_transaction_version: i16) -> bool {
    client_transaction_version >= 2
}

/// Whether `epoch` leaves no room to fence (Kafka keeps `i16::MAX` for that).
pub fn is_epoch_exhausted(epoch: i16) -> bool {
    epoch >= i16::MAX - 1
}

/// The target of a prepared transition: what is written to
/// `__transaction_state`, and what the metadata becomes once it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxnTransitMetadata {
    pub producer_id: i64,
    pub prev_producer_id: i64,
    pub next_producer_id: i64,
    pub producer_epoch: i16,
    pub last_producer_epoch: i16,
    pub txn_timeout_ms: i32,
    pub state: TransactionState,
    pub partitions: BTreeSet<TopicPartition>,
    pub txn_start_timestamp: i64,
    pub txn_last_update_timestamp: i64,
    pub client_transaction_version: i16,
}

/// A transition the current state does not allow: a coordinator bug, which
/// the caller answers as Kafka does an unexpected exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalTransition(pub String);

impl fmt::Display for IllegalTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How InitProducerId's epoch bump ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EpochBump {
    Prepared(TxnTransitMetadata),
    /// The producer's expected epoch is neither the current nor the last
    /// one: another producer took the id over (PRODUCER_FENCED).
    Fenced,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionMetadata {
    pub transactional_id: String,
    pub producer_id: i64,
    /// The producer id of the last committed transaction.
    pub previous_producer_id: i64,
    /// The producer id to move to once an epoch overflow's markers are
    /// written (Transactions V2).
    pub next_producer_id: i64,
    pub producer_epoch: i16,
    pub last_producer_epoch: i16,
    pub txn_timeout_ms: i32,
    pub state: TransactionState,
    pub partitions: BTreeSet<TopicPartition>,
    /// When the first partition was added; -1 without a transaction.
    pub txn_start_timestamp: i64,
    pub txn_last_update_timestamp: i64,
    pub client_transaction_version: i16,
    /// The state of the transition written to the log but not completed.
    pending_state: Option<TransactionState>,
    /// A fencing whose log write failed: the next fencing reuses its epoch
    /// (never handed out) instead of bumping again.
    pub has_failed_epoch_fence: bool,
}

impl TransactionMetadata {
    /// A new transactional id, before its first InitProducerId completes.
    pub fn new(
        transactional_id: &str,
        producer_id: i64,
        txn_timeout_ms: i32,
        now_ms: i64,
    ) -> TransactionMetadata {
        TransactionMetadata {
            transactional_id: transactional_id.to_string(),
            producer_id,
            previous_producer_id: NO_PRODUCER_ID,
            next_producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
            last_producer_epoch: NO_PRODUCER_EPOCH,
            txn_timeout_ms,
            state: Empty,
            partitions: BTreeSet::new(),
            txn_start_timestamp: -1,
            txn_last_update_timestamp: now_ms,
            client_transaction_version: 0,
            pending_state: None,
            has_failed_epoch_fence: false,
        }
    }

    pub fn pending_state(&self) -> Option<TransactionState> {
        self.pending_state
    }

    pub fn pending_transition_in_progress(&self) -> bool {
        self.pending_state.is_some()
    }

    /// The log write of a prepared transition failed: nothing changes.
    pub fn abandon_transition(&mut self) {
        self.pending_state = None;
    }

    /// The current metadata as a transit, without a pending state (to
    /// rewrite it, e.g. when a coordinator loads it).
    pub fn prepare_no_transit(&self) -> TxnTransitMetadata {
        self.transit(
            self.state,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
        )
    }

    /// A new producer fences the open transaction: the epoch is bumped (not
    /// again after a failed fencing) and the transaction will be aborted.
    pub fn prepare_fence_producer_epoch(
        &mut self,
    ) -> Result<TxnTransitMetadata, IllegalTransition> {
        if self.producer_epoch == i16::MAX {
            return Err(self.illegal("cannot fence a producer whose epoch is i16::MAX"));
        }
        let epoch = if self.has_failed_epoch_fence {
            self.producer_epoch
        } else {
            self.producer_epoch + 1
        };
        let mut t = self.transit(
            PrepareEpochFence,
            self.producer_id,
            epoch,
            NO_PRODUCER_EPOCH,
        );
        t.client_transaction_version = 0;
        self.prepare(t)
    }

    /// The fencing prepared by [`Self::prepare_fence_producer_epoch`] turns
    /// into the abort it leads to (Kafka's EndTxn path for a fenced
    /// transaction): its bumped epoch is taken now, and never handed out
    /// before the abort is written. Then `prepare_abort_or_commit(PrepareAbort)`.
    pub fn take_fenced_epoch(
        &mut self,
        fence: &TxnTransitMetadata,
    ) -> Result<(), IllegalTransition> {
        if self.pending_state != Some(PrepareEpochFence) || fence.state != PrepareEpochFence {
            return Err(self.illegal("no fencing is pending"));
        }
        self.pending_state = None;
        self.producer_epoch = fence.producer_epoch;
        self.last_producer_epoch = NO_PRODUCER_EPOCH;
        Ok(())
    }

    /// InitProducerId on an id whose epoch can still grow. With
    /// `expected_epoch` (KIP-360) a producer resumes after an error: the
    /// current epoch is bumped; a retry of a call that succeeded (the last
    /// epoch) gets the current one again; any other epoch is fenced.
    pub fn prepare_increment_producer_epoch(
        &mut self,
        new_txn_timeout_ms: i32,
        expected_epoch: Option<i16>,
        now_ms: i64,
    ) -> Result<EpochBump, IllegalTransition> {
        if is_epoch_exhausted(self.producer_epoch) {
            return Err(self.illegal("no producer epoch left to allocate"));
        }
        let bumped = self.producer_epoch + 1;
        let (epoch, last_epoch) = match expected_epoch {
            None => (bumped, NO_PRODUCER_EPOCH),
            Some(e) if self.producer_epoch == NO_PRODUCER_EPOCH || e == self.producer_epoch => {
                (bumped, self.producer_epoch)
            }
            Some(e) if e == self.last_producer_epoch => {
                (self.producer_epoch, self.last_producer_epoch)
            }
            Some(_) => return Ok(EpochBump::Fenced),
        };
        let t = self.empty_transit(
            self.producer_id,
            epoch,
            last_epoch,
            new_txn_timeout_ms,
            now_ms,
        );
        self.prepare(t).map(EpochBump::Prepared)
    }

    /// InitProducerId when the epoch is exhausted (or a new id is due): a
    /// new producer id at epoch 0, the old epoch kept as the last one when
    /// `record_last_epoch` (so a retry is recognised).
    pub fn prepare_producer_id_rotation(
        &mut self,
        new_producer_id: i64,
        new_txn_timeout_ms: i32,
        now_ms: i64,
        record_last_epoch: bool,
    ) -> Result<TxnTransitMetadata, IllegalTransition> {
        if self.state.has_pending_transaction() {
            return Err(self.illegal("cannot rotate producer ids while a transaction is open"));
        }
        let last = if record_last_epoch {
            self.producer_epoch
        } else {
            NO_PRODUCER_EPOCH
        };
        let t = self.empty_transit(new_producer_id, 0, last, new_txn_timeout_ms, now_ms);
        self.prepare(t)
    }

    /// AddPartitionsToTxn / AddOffsetsToTxn (or, in V2, a produce): the
    /// transaction is Ongoing with these partitions too; it starts now if
    /// none was open.
    pub fn prepare_add_partitions(
        &mut self,
        added: &BTreeSet<TopicPartition>,
        now_ms: i64,
        client_transaction_version: i16,
    ) -> Result<TxnTransitMetadata, IllegalTransition> {
        let start = match self.state {
            Empty | CompleteAbort | CompleteCommit => now_ms,
            _ => self.txn_start_timestamp,
        };
        let mut t = self.transit(
            Ongoing,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
        );
        t.partitions.extend(added.iter().cloned());
        t.txn_start_timestamp = start;
        t.txn_last_update_timestamp = now_ms;
        t.client_transaction_version = client_transaction_version;
        self.prepare(t)
    }

    /// EndTxn (or a timeout or fencing abort): PrepareCommit or
    /// PrepareAbort. In V2 the epoch is bumped now; `next_producer_id` is
    /// the id to move to when that bump exhausts the epoch.
    pub fn prepare_abort_or_commit(
        &mut self,
        state: TransactionState,
        client_transaction_version: i16,
        next_producer_id: i64,
        now_ms: i64,
    ) -> Result<TxnTransitMetadata, IllegalTransition> {
        if !matches!(state, PrepareCommit | PrepareAbort) {
            return Err(self.illegal(&format!("{state} is not an end of a transaction")));
        }
        let (epoch, last_epoch) = if supports_epoch_bump(client_transaction_version) {
            if self.producer_epoch == i16::MAX {
                return Err(self.illegal("the epoch would overflow"));
            }
            (self.producer_epoch + 1, self.producer_epoch)
        } else {
            (self.producer_epoch, self.last_producer_epoch)
        };
        let mut t = self.transit(state, self.producer_id, epoch, last_epoch);
        t.next_producer_id = next_producer_id;
        t.txn_last_update_timestamp = now_ms;
        t.client_transaction_version = client_transaction_version;
        self.prepare(t)
    }

    /// Every marker is written: CompleteCommit or CompleteAbort, no
    /// partitions left; an overflowed V2 epoch moves to the next producer id.
    pub fn prepare_complete(
        &mut self,
        now_ms: i64,
    ) -> Result<TxnTransitMetadata, IllegalTransition> {
        let state = match self.state {
            PrepareCommit => CompleteCommit,
            PrepareAbort => CompleteAbort,
            other => return Err(self.illegal(&format!("cannot complete a transaction in {other}"))),
        };
        self.has_failed_epoch_fence = false;
        let v2 = supports_epoch_bump(self.client_transaction_version);
        let (id, epoch) = if v2 && self.next_producer_id != NO_PRODUCER_ID {
            (self.next_producer_id, 0)
        } else {
            (self.producer_id, self.producer_epoch)
        };
        let mut t = self.transit(state, id, epoch, self.producer_epoch);
        t.partitions.clear();
        t.txn_last_update_timestamp = now_ms;
        self.prepare(t)
    }

    /// The id expires (`transactional.id.expiration.ms`).
    pub fn prepare_dead(&mut self) -> Result<TxnTransitMetadata, IllegalTransition> {
        let mut t = self.transit(
            Dead,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
        );
        t.partitions.clear();
        t.client_transaction_version = 0;
        self.prepare(t)
    }

    /// The prepared transition `t` is in the log: the metadata takes it.
    /// Checks what Kafka checks (the pending state, the epoch, the
    /// partitions, the timeout); a mismatch changes nothing.
    pub fn complete_transition(&mut self, t: &TxnTransitMetadata) -> Result<(), IllegalTransition> {
        let Some(to) = self.pending_state else {
            return Err(self.illegal("no transition is pending"));
        };
        if to != t.state {
            return Err(self.illegal(&format!("pending {to}, completing {}", t.state)));
        }
        let v2 = supports_epoch_bump(t.client_transaction_version);
        let ok = match to {
            Empty => {
                (self.producer_epoch == t.producer_epoch || self.valid_epoch_bump(t))
                    && t.partitions.is_empty()
                    && t.txn_start_timestamp == -1
            }
            Ongoing => {
                self.valid_producer_epoch(t)
                    && self.partitions.is_subset(&t.partitions)
                    && self.txn_timeout_ms == t.txn_timeout_ms
            }
            PrepareAbort | PrepareCommit => {
                self.valid_producer_epoch(t)
                    && self.partitions == t.partitions
                    && self.txn_timeout_ms == t.txn_timeout_ms
                    && self.txn_start_timestamp == t.txn_start_timestamp
            }
            CompleteAbort | CompleteCommit => {
                self.valid_producer_epoch(t)
                    && self.txn_timeout_ms == t.txn_timeout_ms
                    && t.txn_start_timestamp != -1
            }
            // Fencing is followed by PrepareAbort under the same pending
            // write; an expired id is removed, never completed.
            PrepareEpochFence | Dead => false,
        };
        if !ok {
            return Err(self.illegal(&format!("unexpected transit {t:?}")));
        }
        match to {
            Empty => {
                self.txn_timeout_ms = t.txn_timeout_ms;
                self.producer_epoch = t.producer_epoch;
                self.last_producer_epoch = t.last_producer_epoch;
                self.producer_id = t.producer_id;
                self.previous_producer_id = t.prev_producer_id;
                // As the log says (Kafka keeps the last transaction's start
                // in memory): what a reload gives is what was in memory.
                self.txn_start_timestamp = -1;
            }
            Ongoing => {
                self.txn_start_timestamp = t.txn_start_timestamp;
                self.partitions.extend(t.partitions.iter().cloned());
            }
            PrepareAbort | PrepareCommit if v2 => {
                self.producer_epoch = t.producer_epoch;
                self.last_producer_epoch = t.last_producer_epoch;
                self.next_producer_id = t.next_producer_id;
            }
            CompleteAbort | CompleteCommit => {
                self.txn_start_timestamp = t.txn_start_timestamp;
                self.partitions.clear();
                if v2 {
                    self.producer_epoch = t.producer_epoch;
                    self.last_producer_epoch = t.last_producer_epoch;
                    self.previous_producer_id = t.prev_producer_id;
                    self.producer_id = t.producer_id;
                    self.next_producer_id = t.next_producer_id;
                }
            }
            _ => {}
        }
        self.client_transaction_version = t.client_transaction_version;
        self.txn_last_update_timestamp = t.txn_last_update_timestamp;
        self.pending_state = None;
        self.state = to;
        Ok(())
    }

    /// The markers of `partition` are written: it leaves the transaction.
    pub fn remove_partition(
        &mut self,
        partition: &TopicPartition,
    ) -> Result<(), IllegalTransition> {
        if !matches!(self.state, PrepareCommit | PrepareAbort) {
            return Err(self.illegal("markers are written only for a prepared transaction"));
        }
        self.partitions.remove(partition);
        Ok(())
    }

    /// The transit's epoch and id are the current ones (the previous ones
    /// when a V2 end bumped them or an overflow moved the id).
    fn valid_producer_epoch(&self, t: &TxnTransitMetadata) -> bool {
        let v2 = supports_epoch_bump(t.client_transaction_version);
        let overflow_complete =
            v2 && matches!(t.state, CompleteCommit | CompleteAbort) && t.producer_epoch == 0;
        let epoch = if overflow_complete || (v2 && matches!(t.state, PrepareCommit | PrepareAbort))
        {
            t.last_producer_epoch
        } else {
            t.producer_epoch
        };
        let id = if overflow_complete {
            t.prev_producer_id
        } else {
            t.producer_id
        };
        epoch == self.producer_epoch && id == self.producer_id
    }

    fn valid_epoch_bump(&self, t: &TxnTransitMetadata) -> bool {
        i32::from(t.producer_epoch) == i32::from(self.producer_epoch) + 1
            || (t.producer_epoch == 0 && t.producer_id != self.producer_id)
    }

    /// InitProducerId's target: Empty, no transaction, the new timeout.
    fn empty_transit(
        &self,
        producer_id: i64,
        epoch: i16,
        last_epoch: i16,
        txn_timeout_ms: i32,
        now_ms: i64,
    ) -> TxnTransitMetadata {
        let mut t = self.transit(Empty, producer_id, epoch, last_epoch);
        t.txn_timeout_ms = txn_timeout_ms;
        t.partitions.clear();
        t.txn_start_timestamp = -1;
        t.txn_last_update_timestamp = now_ms;
        t.client_transaction_version = 0;
        t
    }

    /// The current metadata moved to `state` with these ids and epochs.
    fn transit(
        &self,
        state: TransactionState,
        producer_id: i64,
        producer_epoch: i16,
        last_producer_epoch: i16,
    ) -> TxnTransitMetadata {
        TxnTransitMetadata {
            producer_id,
            prev_producer_id: self.producer_id,
            next_producer_id: NO_PRODUCER_ID,
            producer_epoch,
            last_producer_epoch,
            txn_timeout_ms: self.txn_timeout_ms,
            state,
            partitions: self.partitions.clone(),
            txn_start_timestamp: self.txn_start_timestamp,
            txn_last_update_timestamp: self.txn_last_update_timestamp,
            client_transaction_version: self.client_transaction_version,
        }
    }

    /// Records `t` as the pending transition if the current state may move
    /// to its state.
    fn prepare(&mut self, t: TxnTransitMetadata) -> Result<TxnTransitMetadata, IllegalTransition> {
        if let Some(pending) = self.pending_state {
            return Err(self.illegal(&format!("a transition to {pending} is pending")));
        }
        if t.producer_id < 0 {
            return Err(self.illegal(&format!("illegal producer id {}", t.producer_id)));
        }
        if t.state != Dead && t.producer_epoch < 0 {
            return Err(self.illegal(&format!("illegal producer epoch {}", t.producer_epoch)));
        }
        if !t.state.valid_previous_states().contains(&self.state) {
            return Err(self.illegal(&format!("{} cannot follow {}", t.state, self.state)));
        }
        self.pending_state = Some(t.state);
        Ok(t)
    }

    fn illegal(&self, why: &str) -> IllegalTransition {
        IllegalTransition(format!(
            "transactional id {:?} in {} (pending {:?}): {why}",
            self.transactional_id, self.state, self.pending_state
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transaction::transaction_log;
    use proptest::prelude::*;

    fn tps(names: &[(&str, i32)]) -> BTreeSet<TopicPartition> {
        names.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    }

    /// Prepares with `f` and completes what it prepared.
    fn step(
        m: &mut TransactionMetadata,
        f: impl FnOnce(&mut TransactionMetadata) -> Result<TxnTransitMetadata, IllegalTransition>,
    ) {
        let t = f(m).expect("prepare");
        m.complete_transition(&t).expect("complete");
    }

    fn initialized(tv: i16) -> TransactionMetadata {
        let mut m = TransactionMetadata::new("tx", 1000, 60_000, 0);
        let EpochBump::Prepared(t) = m.prepare_increment_producer_epoch(60_000, None, 1).unwrap()
        else {
            panic!("fenced")
        };
        m.complete_transition(&t).unwrap();
        m.client_transaction_version = tv;
        m
    }

    #[test]
    fn ids_and_names_are_kafkas() {
        let names: Vec<_> = TransactionState::ALL
            .iter()
            .map(|s| (s.id(), s.name()))
            .collect();
        assert_eq!(names[0], (0, "Empty"));
        assert_eq!(names[6], (6, "Dead"));
        assert_eq!(names[7], (7, "PrepareEpochFence"));
        for s in TransactionState::ALL {
            assert_eq!(TransactionState::from_id(s.id()), Some(s));
            assert_eq!(TransactionState::from_name(s.name()), Some(s));
        }
        assert_eq!(TransactionState::from_id(8), None);
        assert_eq!(TransactionState::from_id(-1), None);
    }

    #[test]
    fn a_v1_transaction_commits_without_bumping_the_epoch() {
        let mut m = initialized(0);
        assert_eq!((m.producer_id, m.producer_epoch, m.state), (1000, 0, Empty));
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("a", 0)]), 10, 0)
        });
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("b", 1)]), 20, 0)
        });
        assert_eq!((m.state, m.txn_start_timestamp), (Ongoing, 10));
        assert_eq!(m.partitions, tps(&[("a", 0), ("b", 1)]));
        step(&mut m, |m| {
            m.prepare_abort_or_commit(PrepareCommit, 0, NO_PRODUCER_ID, 30)
        });
        assert_eq!((m.state, m.producer_epoch), (PrepareCommit, 0));
        m.remove_partition(&("a".to_string(), 0)).unwrap();
        step(&mut m, |m| m.prepare_complete(40));
        assert_eq!(
            (m.state, m.producer_epoch, m.partitions.len()),
            (CompleteCommit, 0, 0)
        );
        assert_eq!(m.txn_last_update_timestamp, 40);
        // The next transaction starts afresh.
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("c", 0)]), 50, 0)
        });
        assert_eq!((m.txn_start_timestamp, m.partitions.len()), (50, 1));
    }

    #[test]
    fn a_v2_end_bumps_the_epoch_and_an_overflow_moves_to_the_next_producer_id() {
        let mut m = initialized(2);
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("a", 0)]), 10, 2)
        });
        step(&mut m, |m| {
            m.prepare_abort_or_commit(PrepareAbort, 2, NO_PRODUCER_ID, 20)
        });
        assert_eq!((m.producer_epoch, m.last_producer_epoch), (1, 0));
        step(&mut m, |m| m.prepare_complete(30));
        assert_eq!(
            (m.state, m.producer_id, m.producer_epoch),
            (CompleteAbort, 1000, 1)
        );

        // At the last epoch the end names the next producer id, which the
        // completion moves to at epoch 0.
        m.producer_epoch = i16::MAX - 1;
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("a", 0)]), 40, 2)
        });
        step(&mut m, |m| {
            m.prepare_abort_or_commit(PrepareCommit, 2, 2000, 50)
        });
        assert_eq!((m.producer_epoch, m.next_producer_id), (i16::MAX, 2000));
        step(&mut m, |m| m.prepare_complete(60));
        assert_eq!(
            (m.producer_id, m.producer_epoch, m.previous_producer_id),
            (2000, 0, 1000)
        );
        assert_eq!(m.next_producer_id, NO_PRODUCER_ID);
    }

    #[test]
    fn a_new_producer_fences_the_open_transaction_which_is_aborted() {
        let mut m = initialized(0);
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("a", 0)]), 10, 0)
        });
        let fence = m.prepare_fence_producer_epoch().unwrap();
        assert_eq!((fence.state, fence.producer_epoch), (PrepareEpochFence, 1));
        // Completing the fencing itself is never legal.
        assert!(m.clone().complete_transition(&fence).is_err());
        m.take_fenced_epoch(&fence).unwrap();
        assert_eq!(m.producer_epoch, 1);
        step(&mut m, |m| {
            m.prepare_abort_or_commit(PrepareAbort, 0, NO_PRODUCER_ID, 20)
        });
        step(&mut m, |m| m.prepare_complete(30));
        assert_eq!((m.state, m.producer_epoch), (CompleteAbort, 1));
        // A failed fencing write does not bump twice.
        step(&mut m, |m| {
            m.prepare_add_partitions(&tps(&[("a", 0)]), 40, 0)
        });
        m.has_failed_epoch_fence = true;
        assert_eq!(m.prepare_fence_producer_epoch().unwrap().producer_epoch, 1);
    }

    #[test]
    fn init_producer_id_with_an_expected_epoch_resumes_retries_or_is_fenced() {
        let mut m = initialized(0);
        // Resuming at the current epoch bumps it and remembers it.
        let EpochBump::Prepared(t) = m
            .prepare_increment_producer_epoch(1000, Some(0), 5)
            .unwrap()
        else {
            panic!()
        };
        m.complete_transition(&t).unwrap();
        assert_eq!(
            (m.producer_epoch, m.last_producer_epoch, m.txn_timeout_ms),
            (1, 0, 1000)
        );
        // A retry of that call (the last epoch) gets the same epoch.
        let EpochBump::Prepared(t) = m
            .prepare_increment_producer_epoch(1000, Some(0), 6)
            .unwrap()
        else {
            panic!()
        };
        assert_eq!((t.producer_epoch, t.last_producer_epoch), (1, 0));
        m.complete_transition(&t).unwrap();
        // Any other epoch is a zombie.
        assert_eq!(
            m.prepare_increment_producer_epoch(1000, Some(7), 7),
            Ok(EpochBump::Fenced)
        );
        assert!(!m.pending_transition_in_progress());
        // An exhausted epoch rotates the producer id instead.
        m.producer_epoch = i16::MAX - 1;
        assert!(m.prepare_increment_producer_epoch(1000, None, 8).is_err());
        step(&mut m, |m| {
            m.prepare_producer_id_rotation(3000, 1000, 9, true)
        });
        assert_eq!(
            (m.producer_id, m.producer_epoch, m.last_producer_epoch),
            (3000, 0, i16::MAX - 1)
        );
    }

    #[test]
    fn illegal_transitions_change_nothing() {
        let mut m = initialized(0);
        let before = m.clone();
        assert!(m
            .prepare_abort_or_commit(PrepareCommit, 0, NO_PRODUCER_ID, 1)
            .is_err());
        assert!(m.prepare_complete(1).is_err());
        assert!(m.remove_partition(&("a".into(), 0)).is_err());
        assert_eq!(m, before);
        // One transition at a time.
        let t = m.prepare_add_partitions(&tps(&[("a", 0)]), 2, 0).unwrap();
        assert!(m.prepare_add_partitions(&tps(&[("b", 0)]), 3, 0).is_err());
        // A transit that does not match the pending state is refused.
        let mut wrong = t.clone();
        wrong.producer_epoch = 9;
        assert!(m.complete_transition(&wrong).is_err());
        m.abandon_transition();
        assert_eq!(m, before);
        assert!(
            m.complete_transition(&t).is_err(),
            "nothing is pending any more"
        );
    }

    #[derive(Debug, Clone)]
    enum Op {
        Init(Option<i16>),
        Add(u8),
        End(bool, i16),
        Complete,
        Fence,
        Rotate,
        Dead,
    }

    fn op() -> impl Strategy<Value = (Op, bool)> {
        let op = prop_oneof![
            proptest::option::of(-1i16..3).prop_map(Op::Init),
            (0u8..4).prop_map(Op::Add),
            (any::<bool>(), prop_oneof![Just(0i16), Just(2i16)]).prop_map(|(c, v)| Op::End(c, v)),
            Just(Op::Complete),
            Just(Op::Fence),
            Just(Op::Rotate),
            Just(Op::Dead),
        ];
        // The bool: whether the log write fails (the transition is abandoned).
        (op, proptest::bool::weighted(0.2))
    }

    proptest! {
        /// Any sequence of coordinator calls, each written or failed:
        /// refused ones change nothing, and the state's invariants hold.
        #[test]
        fn every_sequence_keeps_the_invariants(ops in proptest::collection::vec(op(), 1..60)) {
            let mut m = TransactionMetadata::new("tx", 1, 1000, 0);
            let mut next_id = 2;
            for (now, (op, fails)) in ops.into_iter().enumerate() {
                let now = now as i64 + 1;
                let before = m.clone();
                let prepared = match op {
                    Op::Init(expected) => match m.prepare_increment_producer_epoch(1000, expected, now) {
                        Ok(EpochBump::Prepared(t)) => Ok(t),
                        Ok(EpochBump::Fenced) => { prop_assert_eq!(&m, &before); continue; }
                        Err(e) => Err(e),
                    },
                    Op::Add(p) => m.prepare_add_partitions(&tps(&[("t", i32::from(p))]), now, m.client_transaction_version),
                    Op::End(commit, tv) => {
                        let state = if commit { PrepareCommit } else { PrepareAbort };
                        m.prepare_abort_or_commit(state, tv, NO_PRODUCER_ID, now)
                    }
                    Op::Complete => m.prepare_complete(now),
                    Op::Fence => match m.prepare_fence_producer_epoch() {
                        Ok(f) => m.take_fenced_epoch(&f)
                            .and_then(|_| m.prepare_abort_or_commit(PrepareAbort, 0, NO_PRODUCER_ID, now)),
                        Err(e) => Err(e),
                    },
                    Op::Rotate => { next_id += 1; m.prepare_producer_id_rotation(next_id, 1000, now, true) }
                    Op::Dead => m.prepare_dead(),
                };
                match prepared {
                    Err(_) => {
                        prop_assert!(!m.pending_transition_in_progress());
                        if !matches!(op, Op::Fence) {
                            prop_assert_eq!(&m, &before);
                        }
                    }
                    Ok(t) if fails || t.state == Dead => m.abandon_transition(),
                    Ok(t) => {
                        prop_assert!(m.complete_transition(&t).is_ok(), "{:?} -> {:?}", before, t);
                        // A coordinator that reloads the record has the same transaction.
                        let record = transaction_log::value_to_bytes(&t, 2);
                        let loaded = transaction_log::read_value("tx", Some(record)).unwrap().unwrap();
                        prop_assert_eq!(
                            (loaded.producer_id, loaded.producer_epoch, loaded.state, &loaded.partitions),
                            (m.producer_id, m.producer_epoch, m.state, &m.partitions)
                        );
                        prop_assert_eq!(
                            (loaded.txn_start_timestamp, loaded.txn_timeout_ms, loaded.client_transaction_version),
                            (m.txn_start_timestamp, m.txn_timeout_ms, m.client_transaction_version)
                        );
                    }
                }
                prop_assert!(!m.pending_transition_in_progress());
                prop_assert!(m.producer_epoch >= NO_PRODUCER_EPOCH);
                match m.state {
                    Empty => prop_assert!(m.partitions.is_empty() && m.txn_start_timestamp == -1),
                    CompleteCommit | CompleteAbort => prop_assert!(m.partitions.is_empty()),
                    Ongoing | PrepareCommit | PrepareAbort => prop_assert!(!m.partitions.is_empty()),
                    Dead | PrepareEpochFence => prop_assert!(false, "never completed: {:?}", m.state),
                }
            }
        }
    }
}
