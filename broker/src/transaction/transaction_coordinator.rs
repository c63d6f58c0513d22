//! What Kafka's `TransactionCoordinator` decides for one transactional id,
//! before and after its log writes: the checks of InitProducerId,
//! AddPartitionsToTxn (and its KIP-890 verification), and EndTxn, each
//! answering an error code or the transition to write to
//! `__transaction_state`.
//!
//! Pure: the caller holds the id's [`TransactionMetadata`], gives the time
//! and a source of new producer ids, writes the returned transit to the log
//! and then completes it (`TransactionMetadata::complete_transition`) or,
//! when the write fails, abandons it. Nothing here waits or does I/O.
//!
//! Invariants: an error leaves the metadata as it was (except a fencing,
//! whose bumped epoch is kept so that it is never handed out twice); a
//! transition is prepared only when Kafka's checks pass, so the state
//! machine's own refusal ([`IllegalTransition`]) means a bug and is
//! answered UNKNOWN_SERVER_ERROR.

use std::collections::BTreeSet;

use crate::error::code;

use super::transaction_metadata::{
    is_epoch_exhausted, supports_epoch_bump, EpochBump, IllegalTransition, TopicPartition,
    TransactionMetadata, TransactionState, TxnTransitMetadata, NO_PRODUCER_EPOCH, NO_PRODUCER_ID,
};
use TransactionState::*;

/// A producer id and epoch as a request names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerIdAndEpoch {
    pub producer_id: i64,
    pub epoch: i16,
}

/// What InitProducerId does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitDecision {
    /// Write this (an Empty transaction at a new epoch); once written, the
    /// client gets its producer id and epoch.
    Append(TxnTransitMetadata),
    /// An open transaction is fenced: write this abort (the epoch already
    /// bumped) and answer CONCURRENT_TRANSACTIONS, so that the client
    /// retries once the abort is done.
    AbortFenced(TxnTransitMetadata),
}

/// What EndTxn does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndDecision {
    /// Write this PrepareCommit/PrepareAbort, then the markers.
    Append(TxnTransitMetadata),
    /// A retry of an end already complete: answer at once with this id and
    /// epoch.
    AlreadyDone(ProducerIdAndEpoch),
}

fn bug(e: IllegalTransition) -> i16 {
    tracing::error!(error = %e, "transaction state machine refused a checked transition");
    code::UNKNOWN_SERVER_ERROR
}

/// InitProducerId for an id whose metadata exists (a new id's metadata is
/// `TransactionMetadata::new` with a fresh producer id). `new_producer_id`
/// is called only when the epoch is exhausted. When the write of a returned
/// AbortFenced fails, the caller sets `has_failed_epoch_fence`: the bumped
/// epoch was never handed out, and the next fencing reuses it.
pub fn init_producer_id(
    m: &mut TransactionMetadata,
    txn_timeout_ms: i32,
    expected: Option<ProducerIdAndEpoch>,
    new_producer_id: &mut dyn FnMut() -> Result<i64, i16>,
    now_ms: i64,
) -> Result<InitDecision, i16> {
    // Kafka fences a producer naming another id, unless the metadata is new
    // (a producer recovering from UNKNOWN_PRODUCER_ID) or it names the
    // previous id at an exhausted epoch (a retry after a rotation).
    let valid_id = |e: &ProducerIdAndEpoch| {
        m.producer_epoch == NO_PRODUCER_EPOCH
            || e.producer_id == m.producer_id
            || (e.producer_id == m.previous_producer_id && is_epoch_exhausted(e.epoch))
    };
    if m.pending_transition_in_progress() {
        return Err(code::CONCURRENT_TRANSACTIONS);
    }
    if !expected.as_ref().is_none_or(valid_id) {
        return Err(code::PRODUCER_FENCED);
    }
    match m.state {
        PrepareAbort | PrepareCommit => Err(code::CONCURRENT_TRANSACTIONS),
        CompleteAbort | CompleteCommit | Empty => {
            let rotate = is_epoch_exhausted(m.producer_epoch)
                && expected.is_none_or(|e| e.epoch == m.producer_epoch);
            if rotate {
                let id = new_producer_id()?;
                let t = m
                    .prepare_producer_id_rotation(id, txn_timeout_ms, now_ms, expected.is_some())
                    .map_err(bug)?;
                return Ok(InitDecision::Append(t));
            }
            match m
                .prepare_increment_producer_epoch(txn_timeout_ms, expected.map(|e| e.epoch), now_ms)
                .map_err(bug)?
            {
                EpochBump::Prepared(t) => Ok(InitDecision::Append(t)),
                EpochBump::Fenced => Err(code::PRODUCER_FENCED),
            }
        }
        Ongoing => {
            let fence = m.prepare_fence_producer_epoch().map_err(bug)?;
            m.take_fenced_epoch(&fence).map_err(bug)?;
            // Not from the client: the coordinator's abort keeps the
            // transaction's own version (no V2 bump on a fencing abort).
            let t = m
                .prepare_abort_or_commit(PrepareAbort, 0, NO_PRODUCER_ID, now_ms)
                .map_err(bug)?;
            Ok(InitDecision::AbortFenced(t))
        }
        Dead | PrepareEpochFence => Err(bug(IllegalTransition(format!(
            "transactional id {:?} found in {}",
            m.transactional_id, m.state
        )))),
    }
}

/// The checks AddPartitionsToTxn and AddOffsetsToTxn share.
fn check_producer(m: &TransactionMetadata, id: i64, epoch: i16) -> Result<(), i16> {
    if m.producer_id != id {
        Err(code::INVALID_PRODUCER_ID_MAPPING)
    } else if m.producer_epoch != epoch {
        Err(code::PRODUCER_FENCED)
    } else {
        Ok(())
    }
}

/// AddPartitionsToTxn: `Ok(None)` when the partitions are already in the
/// transaction (answered at once), else the Ongoing transition to write.
pub fn add_partitions(
    m: &mut TransactionMetadata,
    producer: ProducerIdAndEpoch,
    partitions: &BTreeSet<TopicPartition>,
    client_transaction_version: i16,
    now_ms: i64,
) -> Result<Option<TxnTransitMetadata>, i16> {
    check_producer(m, producer.producer_id, producer.epoch)?;
    if m.pending_transition_in_progress() || matches!(m.state, PrepareCommit | PrepareAbort) {
        return Err(code::CONCURRENT_TRANSACTIONS);
    }
    if m.state == Ongoing && partitions.is_subset(&m.partitions) {
        return Ok(None);
    }
    m.prepare_add_partitions(partitions, now_ms, client_transaction_version)
        .map(Some)
        .map_err(bug)
}

/// KIP-890 part 1, a partition leader asking whether its partitions are in
/// the producer's open transaction: per partition NONE or
/// TRANSACTION_ABORTABLE, or one error for all.
pub fn verify_partitions(
    m: &TransactionMetadata,
    producer: ProducerIdAndEpoch,
    partitions: &[TopicPartition],
) -> Result<Vec<(TopicPartition, i16)>, i16> {
    check_producer(m, producer.producer_id, producer.epoch)?;
    if matches!(m.state, PrepareCommit | PrepareAbort) {
        return Err(code::CONCURRENT_TRANSACTIONS);
    }
    Ok(partitions
        .iter()
        .map(|p| {
            let error = if m.partitions.contains(p) {
                code::NONE
            } else {
                code::TRANSACTION_ABORTABLE
            };
            (p.clone(), error)
        })
        .collect())
}

/// V2: the metadata's epoch is the request's plus one, bumped by an end
/// the client did not hear about.
fn end_epoch_bumped(m: &TransactionMetadata, epoch: i16) -> bool {
    supports_epoch_bump(m.client_transaction_version)
        && i32::from(m.producer_epoch) == i32::from(epoch) + 1
}

/// EndTxn from the client (`commit` or abort) or the coordinator's own
/// abort (`from_client` false: a timeout). `new_producer_id` is called when
/// a V2 bump exhausts the epoch.
#[allow(clippy::too_many_arguments)]
pub fn end_txn(
    m: &mut TransactionMetadata,
    producer: ProducerIdAndEpoch,
    commit: bool,
    client_transaction_version: i16,
    from_client: bool,
    new_producer_id: &mut dyn FnMut() -> Result<i64, i16>,
    now_ms: i64,
) -> Result<EndDecision, i16> {
    let ProducerIdAndEpoch { producer_id, epoch } = producer;
    // (A fencing is prepared and turned into its abort in one step by
    // `init_producer_id`, so no PrepareEpochFence is ever pending here.)
    let v2 = supports_epoch_bump(m.client_transaction_version);
    let retry_on_overflow = v2
        && m.previous_producer_id == producer_id
        && epoch == i16::MAX - 1
        && m.producer_epoch == 0;
    let retry_on_bump = end_epoch_bumped(m, epoch);
    let valid_epoch = if v2 {
        match m.state {
            Ongoing | Empty | Dead | PrepareEpochFence => epoch == m.producer_epoch,
            PrepareCommit | PrepareAbort => retry_on_bump,
            CompleteCommit | CompleteAbort => retry_on_bump || retry_on_overflow,
        }
    } else {
        (!from_client || epoch == m.producer_epoch) && epoch >= m.producer_epoch
    };
    if m.producer_id != producer_id && !retry_on_overflow {
        return Err(code::INVALID_PRODUCER_ID_MAPPING);
    }
    if !valid_epoch {
        return Err(code::PRODUCER_FENCED);
    }
    if m.pending_transition_in_progress() {
        return Err(code::CONCURRENT_TRANSACTIONS);
    }
    let done = EndDecision::AlreadyDone(ProducerIdAndEpoch {
        producer_id: m.producer_id,
        epoch: m.producer_epoch,
    });
    match (m.state, commit) {
        (Ongoing, _) => {
            let state = if commit { PrepareCommit } else { PrepareAbort };
            let next_id = if supports_epoch_bump(client_transaction_version)
                && is_epoch_exhausted(m.producer_epoch)
            {
                new_producer_id()?
            } else {
                NO_PRODUCER_ID
            };
            m.prepare_abort_or_commit(state, client_transaction_version, next_id, now_ms)
                .map(EndDecision::Append)
                .map_err(bug)
        }
        (CompleteCommit, true) | (CompleteAbort, false) => Ok(done),
        (PrepareCommit, true) | (PrepareAbort, false) => Err(code::CONCURRENT_TRANSACTIONS),
        (CompleteCommit | CompleteAbort | PrepareCommit | PrepareAbort | Empty, _) => {
            tracing::debug!(
                transactional_id = %m.transactional_id,
                state = %m.state,
                commit,
                "EndTxn in a state that does not allow it"
            );
            Err(code::INVALID_TXN_STATE)
        }
        (Dead | PrepareEpochFence, _) => Err(bug(IllegalTransition(format!(
            "transactional id {:?} found in {}",
            m.transactional_id, m.state
        )))),
    }
}

/// The coordinator aborts a transaction past its timeout (Kafka's
/// `abortTimedOutTransactions`), if the metadata is still that of
/// `producer` and no write is pending. Before V2 the epoch is fenced first,
/// so that the hung producer's later writes are refused; in V2 the abort
/// bumps it. `new_producer_id` is called when that bump exhausts the epoch.
pub fn abort_timed_out(
    m: &mut TransactionMetadata,
    producer: ProducerIdAndEpoch,
    new_producer_id: &mut dyn FnMut() -> Result<i64, i16>,
    now_ms: i64,
) -> Result<TxnTransitMetadata, i16> {
    if m.producer_id != producer.producer_id
        || m.producer_epoch != producer.epoch
        || m.state != Ongoing
        || m.pending_transition_in_progress()
    {
        return Err(code::CONCURRENT_TRANSACTIONS);
    }
    let tv = m.client_transaction_version;
    if !supports_epoch_bump(tv) {
        let fence = m.prepare_fence_producer_epoch().map_err(bug)?;
        m.take_fenced_epoch(&fence).map_err(bug)?;
    }
    let next_id = if supports_epoch_bump(tv) && is_epoch_exhausted(m.producer_epoch) {
        new_producer_id()?
    } else {
        NO_PRODUCER_ID
    };
    m.prepare_abort_or_commit(PrepareAbort, tv, next_id, now_ms)
        .map_err(bug)
}

/// After the PrepareCommit/PrepareAbort is written (and its markers are):
/// the completion to write, if the metadata is still that transaction's.
pub fn complete_end(
    m: &mut TransactionMetadata,
    producer: ProducerIdAndEpoch,
    commit: bool,
    now_ms: i64,
) -> Result<TxnTransitMetadata, i16> {
    if m.producer_id != producer.producer_id {
        return Err(code::INVALID_PRODUCER_ID_MAPPING);
    }
    if m.producer_epoch != producer.epoch && !end_epoch_bumped(m, producer.epoch) {
        return Err(code::PRODUCER_FENCED);
    }
    if m.pending_transition_in_progress() {
        return Err(code::CONCURRENT_TRANSACTIONS);
    }
    match (m.state, commit) {
        (PrepareCommit, true) | (PrepareAbort, false) => m.prepare_complete(now_ms).map_err(bug),
        _ => Err(code::INVALID_TXN_STATE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMEOUT: i32 = 60_000;

    fn no_new_id() -> impl FnMut() -> Result<i64, i16> {
        || panic!("no new producer id expected")
    }

    fn pe(producer_id: i64, epoch: i16) -> ProducerIdAndEpoch {
        ProducerIdAndEpoch { producer_id, epoch }
    }

    fn tps(parts: &[(&str, i32)]) -> BTreeSet<TopicPartition> {
        parts.iter().map(|(t, p)| (t.to_string(), *p)).collect()
    }

    /// A written transit.
    fn written(m: &mut TransactionMetadata, t: TxnTransitMetadata) {
        m.complete_transition(&t).expect("completes");
    }

    fn init(
        m: &mut TransactionMetadata,
        expected: Option<ProducerIdAndEpoch>,
    ) -> Result<InitDecision, i16> {
        init_producer_id(m, TIMEOUT, expected, &mut no_new_id(), 1)
    }

    fn ready(tv: i16) -> TransactionMetadata {
        let mut m = TransactionMetadata::new("tx", 7, TIMEOUT, 0);
        let Ok(InitDecision::Append(t)) = init(&mut m, None) else {
            panic!()
        };
        written(&mut m, t);
        m.client_transaction_version = tv;
        m
    }

    fn begin(m: &mut TransactionMetadata, tv: i16) {
        let (id, epoch) = (m.producer_id, m.producer_epoch);
        let t = add_partitions(m, pe(id, epoch), &tps(&[("a", 0)]), tv, 2)
            .unwrap()
            .unwrap();
        written(m, t);
    }

    #[test]
    fn init_producer_id_bumps_the_epoch_and_refuses_zombies() {
        let mut m = ready(0);
        assert_eq!((m.producer_id, m.producer_epoch, m.state), (7, 0, Empty));
        let Ok(InitDecision::Append(t)) = init(&mut m, None) else {
            panic!()
        };
        written(&mut m, t);
        assert_eq!(m.producer_epoch, 1);
        // KIP-360: another producer id, or an older epoch, is fenced.
        assert_eq!(init(&mut m, Some(pe(99, 1))), Err(code::PRODUCER_FENCED));
        assert_eq!(init(&mut m, Some(pe(7, 5))), Err(code::PRODUCER_FENCED));
        assert!(!m.pending_transition_in_progress());
        // While a write is pending: retry later.
        let Ok(InitDecision::Append(_)) = init(&mut m, Some(pe(7, 1))) else {
            panic!()
        };
        assert_eq!(init(&mut m, None), Err(code::CONCURRENT_TRANSACTIONS));
    }

    #[test]
    fn an_exhausted_epoch_rotates_the_producer_id() {
        let mut m = ready(0);
        m.producer_epoch = i16::MAX - 1;
        let mut ids = vec![Ok(8)].into_iter();
        let d = init_producer_id(&mut m, TIMEOUT, None, &mut || ids.next().unwrap(), 3).unwrap();
        let InitDecision::Append(t) = d else { panic!() };
        written(&mut m, t);
        assert_eq!((m.producer_id, m.producer_epoch), (8, 0));
        // The id source's error is the answer.
        m.producer_epoch = i16::MAX - 1;
        let err = init_producer_id(
            &mut m,
            TIMEOUT,
            None,
            &mut || Err(code::COORDINATOR_LOAD_IN_PROGRESS),
            4,
        );
        assert_eq!(err, Err(code::COORDINATOR_LOAD_IN_PROGRESS));
        assert!(!m.pending_transition_in_progress());
    }

    #[test]
    fn a_new_producer_aborts_the_open_transaction_with_a_bumped_epoch() {
        let mut m = ready(0);
        begin(&mut m, 0);
        let Ok(InitDecision::AbortFenced(t)) = init(&mut m, None) else {
            panic!()
        };
        assert_eq!((t.state, t.producer_epoch), (PrepareAbort, 1));
        written(&mut m, t);
        // The old producer is fenced meanwhile; the new one waits.
        assert_eq!(
            add_partitions(&mut m, pe(7, 0), &tps(&[("b", 0)]), 0, 5),
            Err(code::PRODUCER_FENCED)
        );
        assert_eq!(init(&mut m, None), Err(code::CONCURRENT_TRANSACTIONS));
        let t = complete_end(&mut m, pe(7, 1), false, 6).unwrap();
        written(&mut m, t);
        let Ok(InitDecision::Append(t)) = init(&mut m, None) else {
            panic!()
        };
        assert_eq!(t.producer_epoch, 2);
    }

    #[test]
    fn a_fencing_whose_write_failed_reuses_its_epoch() {
        let mut m = ready(0);
        begin(&mut m, 0);
        let Ok(InitDecision::AbortFenced(t)) = init(&mut m, None) else {
            panic!()
        };
        assert_eq!(t.producer_epoch, 1);
        // The write failed: nothing was handed out.
        m.abandon_transition();
        m.has_failed_epoch_fence = true;
        assert_eq!(m.state, Ongoing);
        let Ok(InitDecision::AbortFenced(t)) = init(&mut m, None) else {
            panic!()
        };
        assert_eq!(t.producer_epoch, 1, "bumped once, not twice");
        written(&mut m, t);
        let t = complete_end(&mut m, pe(7, 1), false, 3).unwrap();
        written(&mut m, t);
        assert!(!m.has_failed_epoch_fence);
    }

    #[test]
    fn add_partitions_checks_the_producer_and_skips_what_is_already_in() {
        let mut m = ready(0);
        assert_eq!(
            add_partitions(&mut m, pe(8, 0), &tps(&[("a", 0)]), 0, 1),
            Err(code::INVALID_PRODUCER_ID_MAPPING)
        );
        assert_eq!(
            add_partitions(&mut m, pe(7, 3), &tps(&[("a", 0)]), 0, 1),
            Err(code::PRODUCER_FENCED)
        );
        begin(&mut m, 0);
        assert_eq!(
            add_partitions(&mut m, pe(7, 0), &tps(&[("a", 0)]), 0, 3),
            Ok(None)
        );
        assert_eq!(
            verify_partitions(&m, pe(7, 0), &[("a".into(), 0), ("b".into(), 0)]),
            Ok(vec![
                (("a".into(), 0), code::NONE),
                (("b".into(), 0), code::TRANSACTION_ABORTABLE)
            ])
        );
        let Ok(EndDecision::Append(t)) =
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 4)
        else {
            panic!()
        };
        written(&mut m, t);
        assert_eq!(
            add_partitions(&mut m, pe(7, 0), &tps(&[("b", 0)]), 0, 5),
            Err(code::CONCURRENT_TRANSACTIONS)
        );
        assert_eq!(
            verify_partitions(&m, pe(7, 0), &[]),
            Err(code::CONCURRENT_TRANSACTIONS)
        );
    }

    #[test]
    fn end_txn_v1_prepares_completes_and_answers_retries() {
        let mut m = ready(0);
        // Nothing to end.
        assert_eq!(
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 1),
            Err(code::INVALID_TXN_STATE)
        );
        begin(&mut m, 0);
        let Ok(EndDecision::Append(t)) =
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 3)
        else {
            panic!()
        };
        written(&mut m, t);
        // A retry while the markers go out, and an abort of a commit.
        assert_eq!(
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 4),
            Err(code::CONCURRENT_TRANSACTIONS)
        );
        assert_eq!(
            end_txn(&mut m, pe(7, 0), false, 0, true, &mut no_new_id(), 4),
            Err(code::INVALID_TXN_STATE)
        );
        assert_eq!(
            complete_end(&mut m, pe(7, 0), false, 5),
            Err(code::INVALID_TXN_STATE)
        );
        let t = complete_end(&mut m, pe(7, 0), true, 5).unwrap();
        written(&mut m, t);
        assert_eq!(m.state, CompleteCommit);
        // A retry of the finished commit succeeds with the same epoch.
        assert_eq!(
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 6),
            Ok(EndDecision::AlreadyDone(pe(7, 0)))
        );
        // A stale epoch and a wrong id.
        assert_eq!(
            end_txn(&mut m, pe(7, 1), true, 0, true, &mut no_new_id(), 6),
            Err(code::PRODUCER_FENCED)
        );
        assert_eq!(
            end_txn(&mut m, pe(6, 0), true, 0, true, &mut no_new_id(), 6),
            Err(code::INVALID_PRODUCER_ID_MAPPING)
        );
    }

    #[test]
    fn end_txn_v2_bumps_the_epoch_and_knows_its_retries() {
        let mut m = ready(2);
        begin(&mut m, 2);
        let Ok(EndDecision::Append(t)) =
            end_txn(&mut m, pe(7, 0), false, 2, true, &mut no_new_id(), 3)
        else {
            panic!()
        };
        written(&mut m, t);
        assert_eq!(m.producer_epoch, 1);
        // The client's retry names the epoch it had.
        assert_eq!(
            end_txn(&mut m, pe(7, 0), false, 2, true, &mut no_new_id(), 4),
            Err(code::CONCURRENT_TRANSACTIONS)
        );
        let t = complete_end(&mut m, pe(7, 0), false, 5).unwrap();
        written(&mut m, t);
        assert_eq!(
            end_txn(&mut m, pe(7, 0), false, 2, true, &mut no_new_id(), 6),
            Ok(EndDecision::AlreadyDone(pe(7, 1)))
        );
        // The same epoch again is the next transaction's end, not a retry.
        assert_eq!(
            end_txn(&mut m, pe(7, 1), false, 2, true, &mut no_new_id(), 6),
            Err(code::PRODUCER_FENCED)
        );

        // At the last epoch the end takes a new producer id, moved to when
        // the markers are written; a retry naming the old id still succeeds.
        let mut m = ready(2);
        m.producer_epoch = i16::MAX - 1;
        begin(&mut m, 2);
        let mut ids = vec![Ok(9)].into_iter();
        let Ok(EndDecision::Append(t)) = end_txn(
            &mut m,
            pe(7, i16::MAX - 1),
            true,
            2,
            true,
            &mut || ids.next().unwrap(),
            3,
        ) else {
            panic!()
        };
        written(&mut m, t);
        let t = complete_end(&mut m, pe(7, i16::MAX - 1), true, 4).unwrap();
        written(&mut m, t);
        assert_eq!((m.producer_id, m.producer_epoch), (9, 0));
        assert_eq!(
            end_txn(
                &mut m,
                pe(7, i16::MAX - 1),
                true,
                2,
                true,
                &mut no_new_id(),
                5
            ),
            Ok(EndDecision::AlreadyDone(pe(9, 0)))
        );
    }

    #[test]
    fn a_timeout_abort_is_the_coordinators_own() {
        let mut m = ready(0);
        begin(&mut m, 0);
        // Not from the client: an epoch at or above the current one will do.
        let Ok(EndDecision::Append(t)) =
            end_txn(&mut m, pe(7, 0), false, 0, false, &mut no_new_id(), 3)
        else {
            panic!()
        };
        assert_eq!(t.state, PrepareAbort);
        m.abandon_transition();
        assert_eq!(
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 3).map(|_| ()),
            Ok(())
        );
    }

    #[test]
    fn a_timed_out_transaction_is_aborted_at_a_fenced_epoch() {
        let mut m = ready(0);
        begin(&mut m, 0);
        // Another producer's view, or the wrong epoch: nothing happens.
        assert_eq!(
            abort_timed_out(&mut m, pe(7, 1), &mut no_new_id(), 3),
            Err(code::CONCURRENT_TRANSACTIONS)
        );
        let t = abort_timed_out(&mut m, pe(7, 0), &mut no_new_id(), 3).unwrap();
        assert_eq!((t.state, t.producer_epoch), (PrepareAbort, 1));
        written(&mut m, t);
        // The hung producer is fenced: its commit is refused.
        assert_eq!(
            end_txn(&mut m, pe(7, 0), true, 0, true, &mut no_new_id(), 4),
            Err(code::PRODUCER_FENCED)
        );
        // V2: the abort's own bump fences it.
        let mut m = ready(2);
        begin(&mut m, 2);
        let t = abort_timed_out(&mut m, pe(7, 0), &mut no_new_id(), 3).unwrap();
        assert_eq!((t.state, t.producer_epoch), (PrepareAbort, 1));
    }
}
