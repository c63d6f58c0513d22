//! What a read_committed consumer skips (Kafka's `CompletedFetch` under
//! `isolation.level=read_committed`): the data batches of the transactions
//! the fetch response lists as aborted.
//!
//! Invariants: aborted transactions are taken in order of first offset; a
//! producer counts as aborting from the first batch whose last offset
//! reaches its aborted transaction's first offset until that producer's
//! abort marker; only transactional batches are skipped (control batches
//! are never printed anyway), and every batch is shown to the tracker, even
//! one before the position, so that its markers are seen.

use std::collections::HashSet;

use protocol::messages::fetch_response::AbortedTransaction;
use protocol::records::control::marker_of;
use protocol::records::RecordBatch;

/// One partition's fetch data as a read_committed consumer walks it.
pub(super) struct AbortedTransactions {
    /// Aborted transactions not reached yet, largest first offset first
    /// (the next one is popped from the end).
    pending: Vec<AbortedTransaction>,
    /// Producers whose aborted transaction is under way.
    aborting: HashSet<i64>,
}

impl AbortedTransactions {
    /// The tracker of one partition's fetch answer (`None`: the broker
    /// listed none, as under read_uncommitted).
    pub(super) fn new(aborted: Option<Vec<AbortedTransaction>>) -> Self {
        let mut pending = aborted.unwrap_or_default();
        pending.sort_by_key(|t| std::cmp::Reverse(t.first_offset));
        AbortedTransactions {
            pending,
            aborting: HashSet::new(),
        }
    }

    /// Whether `batch`'s records belong to an aborted transaction. Called
    /// for every batch, in log order.
    pub(super) fn skips(&mut self, batch: &RecordBatch) -> bool {
        let header = batch.header();
        if header.producer_id < 0 {
            return false;
        }
        let last_offset = batch.last_offset();
        while self
            .pending
            .last()
            .is_some_and(|t| t.first_offset <= last_offset)
        {
            let t = self.pending.pop().expect("just looked");
            self.aborting.insert(t.producer_id);
        }
        if header.is_control() {
            if marker_of(batch).is_some_and(|m| !m.commit) {
                self.aborting.remove(&header.producer_id);
            }
            return false;
        }
        header.is_transactional() && self.aborting.contains(&header.producer_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use protocol::records::control::{marker_batch, EndTransactionMarker};
    use protocol::records::header::set_base_offset;
    use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

    fn at(offset: i64, batch: Bytes) -> RecordBatch {
        let mut bytes = batch.to_vec();
        set_base_offset(&mut bytes, offset);
        RecordBatch::from_bytes(Bytes::from(bytes)).unwrap()
    }

    fn data(offset: i64, pid: i64, transactional: bool, records: usize) -> RecordBatch {
        let mut b = RecordBatchBuilder::new(Compression::None)
            .producer(pid, 0, 0)
            .transactional(transactional);
        for i in 0..records {
            b.push(SimpleRecord::new(
                0,
                None,
                Some(Bytes::from(format!("{i}"))),
            ));
        }
        at(offset, b.build().unwrap())
    }

    fn marker(offset: i64, pid: i64, commit: bool) -> RecordBatch {
        let m = EndTransactionMarker {
            commit,
            coordinator_epoch: 0,
        };
        at(offset, marker_batch(pid, 0, m, 0).unwrap())
    }

    fn aborted(pid: i64, first_offset: i64) -> AbortedTransaction {
        AbortedTransaction {
            producer_id: pid,
            first_offset,
            ..Default::default()
        }
    }

    #[test]
    fn aborted_batches_are_skipped_until_their_marker() {
        // Producer 1 aborts at 0-3 (marker at 4), then commits at 6 (marker
        // at 7); producer 2 commits in between, producer 3 is not
        // transactional.
        let mut t = AbortedTransactions::new(Some(vec![aborted(1, 0)]));
        let log = [
            (data(0, 1, true, 2), true),
            (data(2, 2, true, 1), false),
            (data(3, 1, true, 1), true),
            (marker(4, 1, false), false),
            (marker(5, 2, true), false),
            (data(6, 1, true, 1), false),
            (marker(7, 1, true), false),
            (data(8, 3, false, 1), false),
        ];
        for (batch, skipped) in log {
            assert_eq!(t.skips(&batch), skipped, "batch at {}", batch.base_offset());
        }
    }

    #[test]
    fn an_abort_counts_from_the_batch_that_reaches_its_first_offset() {
        // Listed out of order; producer 5's second transaction (at 10) was
        // aborted, its first one (at 1) was committed.
        let mut t = AbortedTransactions::new(Some(vec![aborted(5, 10), aborted(6, 3)]));
        assert!(!t.skips(&data(1, 5, true, 1)));
        assert!(!t.skips(&marker(2, 5, true)));
        assert!(t.skips(&data(3, 6, true, 2)));
        assert!(!t.skips(&marker(5, 6, false)));
        assert!(!t.skips(&data(6, 6, true, 1)), "a new transaction of 6");
        assert!(t.skips(&data(10, 5, true, 1)));
        assert!(!t.skips(&marker(11, 5, false)));
    }

    #[test]
    fn nothing_is_skipped_without_aborted_transactions() {
        let mut t = AbortedTransactions::new(None);
        assert!(!t.skips(&data(0, 1, true, 1)));
        assert!(!t.skips(&data(1, -1, false, 1)));
    }
}
