//! A partition's side of transactions, driven directly: transactional
//! batches hold the last stable offset (LSO) back until their producer's
//! end marker is written and replicated, aborts are recorded for
//! read_committed fetches on the leader and on a follower that copied its
//! log, markers are checked against the producer and coordinator epochs,
//! and an open transaction survives a reopen.

mod common;

use std::time::Instant;

use broker::partition::{Partition, Role};
use bytes::Bytes;
use protocol::error::code;
use protocol::records::control::EndTransactionMarker;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

const NOW: i64 = 1_700_000_000_000;

/// `n` records of producer `pid` at `epoch` from sequence `seq`,
/// transactional or not.
fn batch(pid: i64, epoch: i16, seq: i32, n: usize, transactional: bool) -> Bytes {
    let mut b = RecordBatchBuilder::new(Compression::None)
        .producer(pid, epoch, seq)
        .transactional(transactional);
    for i in 0..n {
        b.push(SimpleRecord::new(
            NOW,
            None,
            Some(Bytes::from(format!("v{i}"))),
        ));
    }
    b.build().unwrap()
}

use common::role;

fn open(dir: &std::path::Path, node: i32, role: Role) -> Partition {
    common::open_replica(dir, node, role)
}

fn abort(coordinator_epoch: i32) -> EndTransactionMarker {
    EndTransactionMarker {
        commit: false,
        coordinator_epoch,
    }
}

fn commit(coordinator_epoch: i32) -> EndTransactionMarker {
    EndTransactionMarker {
        commit: true,
        coordinator_epoch,
    }
}

#[test]
fn the_lso_waits_for_markers_and_aborts_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let leader = open(dir.path(), 1, role(1, &[1, 2]));
    let follower = open(dir.path(), 2, role(1, &[1, 2]));
    // Offsets 0-1 plain, 2-3 producer 7's transaction, 4-5 producer 8's.
    leader.append(batch(-1, -1, -1, 2, false), 0, NOW).unwrap();
    leader.append(batch(7, 0, 0, 2, true), 0, NOW).unwrap();
    leader.append(batch(8, 0, 0, 2, true), 0, NOW).unwrap();
    leader.update_follower(2, 6, 0, Instant::now());
    assert_eq!(leader.high_watermark(), 6);
    assert_eq!(
        leader.last_stable_offset(),
        2,
        "producer 7's transaction is open"
    );

    // Producer 7 aborts (marker at 6): the LSO moves to producer 8's start
    // once the marker is replicated, not before.
    assert_eq!(leader.append_marker(7, 0, abort(3), 0, NOW).unwrap(), 6);
    assert_eq!(leader.last_stable_offset(), 2);
    leader.update_follower(2, 7, 0, Instant::now());
    assert_eq!(leader.last_stable_offset(), 4);
    // Producer 8 commits (marker at 7).
    assert_eq!(leader.append_marker(8, 0, commit(3), 0, NOW).unwrap(), 7);
    leader.update_follower(2, 8, 0, Instant::now());
    assert_eq!(leader.last_stable_offset(), 8);

    // The abort, as a read_committed fetch reports it; the commit is not one.
    let aborted = leader.aborted_transactions(0, 8).unwrap();
    assert_eq!(aborted.len(), 1);
    assert_eq!(
        (
            aborted[0].producer_id,
            aborted[0].first_offset,
            aborted[0].last_offset
        ),
        (7, 2, 6)
    );
    assert_eq!(
        aborted[0].last_stable_offset, 4,
        "producer 8 was still open"
    );
    assert!(leader.aborted_transactions(7, 8).unwrap().is_empty());

    // A follower that copies the log records the same abort.
    let bytes = leader.read_to(0, 1 << 20, 8).unwrap();
    follower.append_as_follower(bytes, 8, 0, NOW).unwrap();
    assert_eq!(follower.aborted_transactions(0, 8).unwrap(), aborted);
    assert_eq!(follower.last_stable_offset(), 8);
}

#[test]
fn markers_are_checked_against_the_producer_and_coordinator_epochs() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, &[1]));
    p.append(batch(7, 2, 0, 1, true), 0, NOW).unwrap();
    p.append_marker(7, 2, commit(5), 0, NOW).unwrap();
    let end = p.log_end_offset();
    let older_producer = p.append_marker(7, 1, abort(5), 0, NOW).unwrap_err();
    assert_eq!(older_producer.code, code::INVALID_PRODUCER_EPOCH);
    let older_coordinator = p.append_marker(7, 2, abort(4), 0, NOW).unwrap_err();
    assert_eq!(older_coordinator.code, code::TRANSACTION_COORDINATOR_FENCED);
    assert_eq!(p.log_end_offset(), end, "nothing written");
    // A marker of a producer without a transaction is written (the
    // coordinator's retry), closing nothing.
    p.append_marker(9, 0, abort(5), 0, NOW).unwrap();
    assert!(p
        .aborted_transactions(0, p.log_end_offset())
        .unwrap()
        .is_empty());
    assert_eq!(p.last_stable_offset(), p.high_watermark());
}

#[test]
fn an_open_transaction_survives_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let p = open(dir.path(), 1, role(1, &[1]));
        p.append(batch(-1, -1, -1, 3, false), 0, NOW).unwrap();
        p.append(batch(7, 0, 0, 2, true), 0, NOW).unwrap();
        assert_eq!(p.last_stable_offset(), 3);
        p.close();
    }
    let p = open(dir.path(), 1, role(1, &[1]));
    assert_eq!(p.high_watermark(), 5);
    assert_eq!(
        p.last_stable_offset(),
        3,
        "the reopened replica knows the open transaction"
    );
    p.append_marker(7, 0, abort(0), 0, NOW).unwrap();
    assert_eq!(p.last_stable_offset(), 6);
    assert_eq!(p.aborted_transactions(0, 6).unwrap().len(), 1);
}

#[test]
fn a_read_committed_read_stops_at_the_lso_and_names_the_aborts() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, &[1]));
    p.append(batch(-1, -1, -1, 2, false), 0, NOW).unwrap();
    p.append(batch(7, 0, 0, 2, true), 0, NOW).unwrap();
    p.append(batch(-1, -1, -1, 2, false), 0, NOW).unwrap();
    // Producer 7 is open at 2: a read_committed read ends there.
    let (slice, aborted) = p.read_committed_slice(0, 1 << 20).unwrap();
    let whole = p.read_slice_to(0, 1 << 20, 2).unwrap().unwrap();
    assert_eq!(slice.unwrap().len, whole.len, "only offsets 0-1");
    assert!(aborted.is_empty());
    assert_eq!(
        p.read_committed_slice(2, 1 << 20).unwrap().0.map(|s| s.len),
        None
    );
    // Once aborted, everything is readable and the abort is named.
    p.append_marker(7, 0, abort(1), 0, NOW).unwrap();
    let (slice, aborted) = p.read_committed_slice(2, 1 << 20).unwrap();
    assert!(slice.is_some());
    assert_eq!(aborted.len(), 1);
    assert_eq!((aborted[0].producer_id, aborted[0].first_offset), (7, 2));
    // A read past the abort names nothing.
    assert!(p.read_committed_slice(7, 1 << 20).unwrap().1.is_empty());
}

/// One keyed record, transactional (of producer `pid`) or plain.
fn keyed(pid: i64, seq: i32, key: &str, value: &str, transactional: bool) -> Bytes {
    RecordBatchBuilder::new(Compression::None)
        .producer(pid, 0, seq)
        .transactional(transactional)
        .append(SimpleRecord::new(
            NOW,
            Some(Bytes::from(key.to_string())),
            Some(Bytes::from(value.to_string())),
        ))
        .build()
        .unwrap()
}

/// The (key, value) of every data record read_committed reads.
fn committed_values(p: &Partition) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let (slice, aborted) = p.read_committed_slice(offset, 1 << 20).unwrap();
        let Some(slice) = slice else {
            return out;
        };
        let bytes = Bytes::from(slice.read_to_vec().unwrap());
        for batch in protocol::records::Batches::new(bytes) {
            let batch = batch.unwrap();
            let h = *batch.header();
            offset = batch.next_offset();
            let in_abort = aborted.iter().any(|a| {
                a.producer_id == h.producer_id
                    && a.first_offset <= h.base_offset
                    && h.base_offset <= a.last_offset
            });
            if h.is_control() || (h.is_transactional() && in_abort) {
                continue;
            }
            for r in batch.records(1 << 20).unwrap() {
                let s = |b: Option<Bytes>| String::from_utf8(b.unwrap().to_vec()).unwrap();
                out.push((s(r.key), s(r.value)));
            }
        }
    }
}

#[test]
fn the_cleaner_leaves_open_transactions_alone() {
    let dir = tempfile::tempdir().unwrap();
    let overrides = [
        ("cleanup.policy", "compact"),
        ("segment.bytes", "200"),
        ("min.cleanable.dirty.ratio", "0"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let config = broker::config::topic_config::EffectiveTopicConfig::new(
        &broker::config::BrokerConfig::default(),
        &overrides,
    );
    let p = Partition::open(
        "t",
        uuid::Uuid::nil(),
        0,
        dir.path().join("n1"),
        config,
        1,
        role(1, &[1]),
    )
    .unwrap();
    // k = committed (plain), then producer 7's open transaction writes k = open.
    p.append(keyed(-1, -1, "k", "committed", false), 0, NOW)
        .unwrap();
    p.append(keyed(7, 0, "k", "open", true), 0, NOW).unwrap();
    for i in 0..10 {
        p.append(keyed(-1, -1, "other", &format!("v{i}"), false), 0, NOW)
            .unwrap();
    }
    let mut cleaner = storage::Cleaner::new(1 << 20);
    while p.clean(&mut cleaner, NOW).unwrap().is_some() {}
    // The transaction aborts: read_committed still finds the committed k.
    p.append_marker(7, 0, abort(0), 0, NOW).unwrap();
    for i in 10..20 {
        p.append(keyed(-1, -1, "other", &format!("v{i}"), false), 0, NOW)
            .unwrap();
    }
    while p.clean(&mut cleaner, NOW).unwrap().is_some() {}
    let values = committed_values(&p);
    assert!(
        values.contains(&("k".into(), "committed".into())),
        "{values:?}"
    );
    assert!(!values.contains(&("k".into(), "open".into())), "{values:?}");
}

#[test]
fn a_verification_made_before_a_marker_opens_no_transaction() {
    use broker::partition::{MAX_DECOMPRESSED_BATCH, NO_VERIFICATION_GUARD};
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, &[1]));
    let append = |bytes, guard| p.append_verified(bytes, 0, NOW, MAX_DECOMPRESSED_BATCH, guard);
    // Producer 7's batch was verified, then its transaction ended (the
    // coordinator's abort marker) before the batch landed: refused.
    let stale = p.verification_guard(7);
    p.append_marker(7, 0, abort(0), 0, NOW).unwrap();
    let end = p.log_end_offset();
    let refused = append(batch(7, 0, 0, 1, true), stale).unwrap_err();
    assert_eq!(refused.code, code::INVALID_TXN_STATE);
    assert_eq!(p.log_end_offset(), end, "nothing written");
    // A verification still in place opens the transaction; the next batch
    // needs none while it is open.
    let guard = p.verification_guard(7);
    append(batch(7, 0, 0, 1, true), guard).unwrap();
    append(batch(7, 0, 1, 1, true), NO_VERIFICATION_GUARD).unwrap();
    // Once it has ended, a batch sent without verification is refused.
    p.append_marker(7, 0, commit(0), 0, NOW).unwrap();
    let refused = append(batch(7, 0, 2, 1, true), NO_VERIFICATION_GUARD).unwrap_err();
    assert_eq!(refused.code, code::INVALID_TXN_STATE);
}
