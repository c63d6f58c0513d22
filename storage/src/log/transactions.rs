//! The log's side of transactions (Kafka's `UnifiedLog` and `LocalLog`
//! parts that read and write the aborted-transaction indexes): recording a
//! transaction aborted by a marker just appended, and collecting the
//! aborts a read_committed fetch reports.
//!
//! Invariants: an abort is recorded in the segment that holds its marker
//! (right after the append that wrote it); a search reads the segments
//! from the one holding the fetch offset, in order, and stops at the first
//! whose index says no later segment can matter.

use super::*;
use crate::transaction_index::AbortedTxn;

impl Log {
    /// Records `txn`, whose abort marker was just appended, in the
    /// transaction index of the segment holding the marker (an append of
    /// several batches may have rolled past it).
    pub fn append_aborted_txn(&mut self, txn: &AbortedTxn) -> Result<()> {
        let segment = self
            .segments
            .range_mut(..=txn.last_offset)
            .next_back()
            .map(|(_, s)| s)
            .expect("the marker is in the log");
        segment.append_aborted_txn(txn)
    }

    /// Records `txn` (found by replaying the log) unless the index of its
    /// marker's segment already has it; returns whether it was missing. An
    /// entry that would follow a later marker is left out (an index only
    /// grows at its end) and reported missing-but-skipped as `Ok(false)`.
    pub fn restore_aborted_txn(&mut self, txn: &AbortedTxn) -> Result<bool> {
        let segment = self
            .segments
            .range_mut(..=txn.last_offset)
            .next_back()
            .map(|(_, s)| s)
            .expect("the marker is in the log");
        let present = segment.txn_index().read_all()?;
        if present.iter().any(|t| t.last_offset >= txn.last_offset) {
            return Ok(false);
        }
        segment.append_aborted_txn(txn)?;
        Ok(true)
    }

    /// The aborted transactions that overlap `[fetch_offset, upper_bound)`,
    /// in marker order (Kafka's `collectAbortedTransactions`).
    pub fn collect_aborted_transactions(
        &self,
        fetch_offset: i64,
        upper_bound: i64,
    ) -> Result<Vec<AbortedTxn>> {
        let first = self
            .segments
            .range(..=fetch_offset)
            .next_back()
            .map_or(self.log_start_offset, |(&base, _)| base);
        let mut aborted = Vec::new();
        for segment in self.segments.range(first..).map(|(_, s)| s) {
            if segment.base_offset() >= upper_bound {
                break;
            }
            let search = segment
                .txn_index()
                .collect_aborted(fetch_offset, upper_bound)?;
            aborted.extend(search.aborted);
            if search.complete {
                break;
            }
        }
        Ok(aborted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_batch::batch;

    fn config() -> LogConfig {
        LogConfig {
            segment_bytes: 500,
            ..LogConfig::default()
        }
    }

    fn txn(producer_id: i64, first: i64, last: i64, lso: i64) -> AbortedTxn {
        AbortedTxn {
            producer_id,
            first_offset: first,
            last_offset: last,
            last_stable_offset: lso,
        }
    }

    #[test]
    fn retention_stops_below_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), config()).unwrap();
        for _ in 0..15 {
            let mut b = batch(2, 1_000, 100);
            log.append_at(&mut b, 1_000).unwrap();
        }
        let bases = log.segment_base_offsets();
        assert!(bases.len() >= 4, "{bases:?}");
        // Everything is past retention, but an open transaction (the
        // partition's LSO) starts inside the third segment: the first two go.
        let bound = bases[2] + 1;
        let deleted = log
            .delete_old_segments_below(1_000_000, 0, -1, bound)
            .unwrap();
        assert_eq!(deleted, 2);
        assert_eq!(log.log_start_offset(), bases[2]);
        // A log start moved by DeleteRecords above the bound: retention
        // below the bound has nothing left to do (and does not fail).
        log.delete_records_before(bases[3] + 1).unwrap();
        let first = log.segment_base_offsets()[0];
        let deleted = log
            .delete_old_segments_below(1_000_000, 0, -1, bases[2])
            .unwrap();
        assert_eq!(deleted, 0);
        assert_eq!(log.segment_base_offsets()[0], first);
    }

    #[test]
    fn a_read_committed_slice_reports_the_aborts_it_overlaps() {
        let dir = tempfile::tempdir().unwrap();
        // Every batch indexed: the fetch's upper bound is exact.
        let config = LogConfig {
            index_interval_bytes: 1,
            ..LogConfig::default()
        };
        let mut log = Log::open(dir.path(), config).unwrap();
        let mut size = 0;
        for _ in 0..6 {
            let mut b = batch(2, 1_000, 100);
            size = b.len();
            log.append_at(&mut b, 1_000).unwrap();
        }
        // Without any abort nothing is reported (and no index read).
        let (read, aborted) = log.read_slice_committed(0, 1 << 20, 12).unwrap();
        assert!(read.slice.is_some() && aborted.is_empty());
        // Aborts ending at 3, 7 and 11.
        for (first, last) in [(0, 3), (4, 7), (8, 11)] {
            log.append_aborted_txn(&txn(first, first, last, first))
                .unwrap();
        }
        // One batch from offset 4 (offsets 4-5): only the abort 4..7.
        let (read, aborted) = log.read_slice_committed(4, size, 12).unwrap();
        assert_eq!(read.slice.unwrap().len, size);
        assert_eq!(aborted, vec![txn(4, 4, 7, 4)]);
        // Up to an LSO of 8 from 2: the batches 2-7 (three of them), every
        // abort overlapping them.
        let (_, aborted) = log.read_slice_committed(2, 1 << 20, 8).unwrap();
        assert_eq!(aborted, vec![txn(0, 0, 3, 0), txn(4, 4, 7, 4)]);
    }

    #[test]
    fn aborts_are_kept_per_segment_found_by_range_and_cut_by_truncation() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = Log::open(dir.path(), config()).unwrap();
        // One abort recorded after each append (the marker being the
        // batch's last offset), across several segments.
        let mut recorded = Vec::new();
        for i in 0..9 {
            let mut b = batch(2, 1_000, 100);
            log.append_at(&mut b, 1_000).unwrap();
            let end = log.log_end_offset();
            let t = txn(i, (end - 4).max(0), end - 1, end - 2);
            log.append_aborted_txn(&t).unwrap();
            recorded.push(t);
        }
        assert!(log.segment_count() > 2, "the aborts span segments");
        let all = log
            .collect_aborted_transactions(0, log.log_end_offset())
            .unwrap();
        assert_eq!(all, recorded);
        // A fetch from the middle: the aborts whose marker is at or after
        // it, up to the first whose LSO reaches the bound.
        let got = log.collect_aborted_transactions(7, 10).unwrap();
        let want: Vec<_> = recorded
            .iter()
            .copied()
            .filter(|t| t.last_offset >= 7 && t.first_offset < 10)
            .collect();
        assert_eq!(got, want);
        // They survive a reopen, and a truncation drops those at or past it.
        log.close().unwrap();
        let mut log = Log::open(dir.path(), config()).unwrap();
        assert_eq!(log.collect_aborted_transactions(0, 100).unwrap(), recorded);
        log.truncate_to(9).unwrap();
        let kept = log.collect_aborted_transactions(0, 100).unwrap();
        assert!(kept.iter().all(|t| t.last_offset < 9), "{kept:?}");
        assert_eq!(
            kept.len(),
            recorded.iter().filter(|t| t.last_offset < 9).count()
        );
    }
}
