//! Replication state of one partition replica, driven directly: the leader's
//! high watermark and ISR decisions, a follower's copy of the leader's log,
//! and truncation by leader epoch (KIP-101).

mod common;

use std::time::{Duration, Instant};

use broker::partition::{Partition, Role};
use bytes::Bytes;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

/// The time the tests append at: the batches' own (Kafka 4 refuses a timestamp
/// more than an hour ahead of the broker's clock).
const NOW: i64 = 1_700_000_000_000;

fn batch(values: &[&str]) -> Bytes {
    let mut b = RecordBatchBuilder::new(Compression::None);
    for v in values {
        b.push(SimpleRecord::new(
            1_700_000_000_000,
            None,
            Some(Bytes::from(v.to_string())),
        ));
    }
    b.build().unwrap()
}

fn role(leader: i32, epoch: i32, isr: &[i32]) -> Role {
    Role {
        leader,
        leader_epoch: epoch,
        partition_epoch: 0,
        isr: isr.to_vec(),
        replicas: vec![1, 2, 3],
    }
}

fn open(dir: &std::path::Path, node: i32, role: Role) -> Partition {
    common::open_replica(dir, node, role)
}

/// Copies everything the leader has past the follower's log end.
fn replicate(leader: &Partition, follower: &Partition) {
    let from = follower.log_end_offset();
    let end = leader.log_end_offset();
    if from < end {
        let bytes = leader.read_to(from, 1 << 20, end).unwrap();
        follower
            .append_as_follower(
                bytes,
                leader.high_watermark(),
                follower.role().leader_epoch,
                0,
            )
            .unwrap();
    }
}

#[test]
fn the_high_watermark_is_the_smallest_log_end_offset_in_the_isr() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, 0, &[1, 2, 3]));
    p.append(batch(&["a", "b", "c", "d"]), 0, NOW).unwrap();
    assert_eq!(p.high_watermark(), 0, "followers have not fetched yet");
    assert!(p.update_follower(2, 4, 0, Instant::now()).is_none());
    assert_eq!(p.high_watermark(), 0, "follower 3 is still unknown");
    p.update_follower(3, 2, 0, Instant::now());
    assert_eq!(p.high_watermark(), 2);
    p.update_follower(3, 4, 0, Instant::now());
    assert_eq!(p.high_watermark(), 4);
    // It never moves back, even if a follower reports less.
    p.update_follower(3, 1, 0, Instant::now());
    assert_eq!(p.high_watermark(), 4);
}

#[test]
fn a_caught_up_follower_is_proposed_for_the_isr_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, 0, &[1]));
    p.append(batch(&["a", "b"]), 0, NOW).unwrap();
    assert_eq!(p.high_watermark(), 2, "alone in the ISR");
    assert!(
        p.update_follower(2, 1, 0, Instant::now()).is_none(),
        "not caught up"
    );
    let change = p
        .update_follower(2, 2, 0, Instant::now())
        .expect("caught up");
    assert_eq!(change.isr, vec![1, 2]);
    assert!(
        p.update_follower(2, 2, 0, Instant::now()).is_none(),
        "already sent"
    );
    p.isr_change_failed();
    let sent = Instant::now();
    assert!(
        p.update_follower(2, 2, 0, sent).is_some(),
        "sent again after a refusal"
    );
    // Unanswered, it is sent again once ISR_CHANGE_RETRY (5 s) passed.
    let unanswered = |after| p.update_follower(2, 2, 0, sent + Duration::from_secs(after));
    assert!(unanswered(4).is_none());
    assert!(unanswered(6).is_some());
}

#[test]
fn a_fetch_past_the_leaders_log_end_changes_no_follower_state() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, 0, &[1, 2]));
    p.append(batch(&["a", "b"]), 0, NOW).unwrap();
    assert!(p.update_follower(2, 5, 0, Instant::now()).is_none());
    assert_eq!(
        p.high_watermark(),
        0,
        "a replica ahead of the leader diverges: it confirms nothing"
    );
    let q = open(
        dir.path(),
        4,
        Role {
            leader: 4,
            replicas: vec![4, 5],
            ..role(4, 0, &[4])
        },
    );
    q.append(batch(&["a", "b"]), 0, NOW).unwrap();
    assert!(
        q.update_follower(5, 9, 0, Instant::now()).is_none(),
        "nor does it join the ISR"
    );
    assert!(
        q.update_follower(5, 2, 0, Instant::now()).is_some(),
        "once truncated, it does"
    );
}

#[test]
fn a_lagging_follower_leaves_the_isr() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, 0, &[1, 2, 3]));
    p.append(batch(&["a"]), 0, NOW).unwrap();
    // Time is given, not slept: the followers started caught up at open.
    let later = Instant::now() + Duration::from_secs(30);
    p.update_follower(3, 1, 0, later);
    let lag = Duration::from_secs(10);
    assert!(
        p.isr_shrink(lag, later - Duration::from_secs(25)).is_none(),
        "2 has not lagged 10 s yet"
    );
    let change = p.isr_shrink(lag, later).expect("2 lags");
    assert_eq!(change.isr, vec![1, 3]);
    // A follower that keeps up stays.
    let q = open(
        dir.path(),
        4,
        Role {
            leader: 4,
            replicas: vec![4, 5],
            ..role(4, 0, &[4, 5])
        },
    );
    q.append(batch(&["a"]), 0, NOW).unwrap();
    q.update_follower(5, 1, 0, Instant::now());
    assert!(q
        .isr_shrink(Duration::from_millis(10), Instant::now())
        .is_none());
}

#[tokio::test]
async fn acks_all_waits_for_the_isr_and_fails_when_leadership_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let p = std::sync::Arc::new(open(dir.path(), 1, role(1, 0, &[1, 2])));
    let r = p.append(batch(&["a"]), 0, NOW).unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let waiter = {
        let p = p.clone();
        tokio::spawn(async move { p.wait_for_high_watermark(r.log_end_offset, deadline).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert!(!waiter.is_finished());
    p.update_follower(2, 1, 0, Instant::now());
    assert_eq!(waiter.await.unwrap(), Ok(()));

    let r = p.append(batch(&["b"]), 0, NOW).unwrap();
    let waiter = {
        let p = p.clone();
        tokio::spawn(async move { p.wait_for_high_watermark(r.log_end_offset, deadline).await })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    p.set_role(role(2, 1, &[2]), Instant::now());
    assert_eq!(waiter.await.unwrap(), Err(6), "NOT_LEADER_OR_FOLLOWER");
    let short = tokio::time::Instant::now() + Duration::from_millis(10);
    let q = open(
        dir.path(),
        5,
        Role {
            leader: 5,
            replicas: vec![5, 6],
            ..role(5, 0, &[5, 6])
        },
    );
    let r = q.append(batch(&["c"]), 0, NOW).unwrap();
    assert_eq!(
        q.wait_for_high_watermark(r.log_end_offset, short).await,
        Err(7),
        "REQUEST_TIMED_OUT"
    );
}

#[test]
fn a_follower_copies_the_leader_and_truncates_its_own_unreplicated_tail() {
    let dir = tempfile::tempdir().unwrap();
    // Epoch 0: 1 leads and writes 5 records; 2 copies them.
    let one = open(dir.path(), 1, role(1, 0, &[1, 2]));
    let two = open(dir.path(), 2, role(1, 0, &[1, 2]));
    one.append(batch(&["a", "b", "c"]), 0, NOW).unwrap();
    one.append(batch(&["d", "e"]), 0, NOW).unwrap();
    replicate(&one, &two);
    assert_eq!(two.log_end_offset(), 5);
    // A fetch made at another epoch than the follower's is refused.
    one.append(batch(&["late"]), 0, NOW).unwrap();
    let late = one.read_to(5, 1 << 20, 6).unwrap();
    assert_eq!(
        two.append_as_follower(late.clone(), 0, 7, 0)
            .unwrap_err()
            .code,
        74
    );
    // So is one that arrives after the follower became leader.
    let zero = open(
        dir.path(),
        9,
        Role {
            leader: 9,
            replicas: vec![9],
            ..role(9, 0, &[9])
        },
    );
    assert_eq!(zero.append_as_follower(late, 0, 0, 0).unwrap_err().code, 74);
    two.append_as_follower(one.read_to(5, 1 << 20, 6).unwrap(), 0, 0, 0)
        .unwrap();
    assert_eq!(two.log_end_offset(), 6);
    // Epoch 1: 2 leads and writes 3 records that nobody copies.
    two.set_role(role(2, 1, &[2]), Instant::now());
    two.append(batch(&["x", "y", "z"]), 1, NOW).unwrap();
    assert_eq!(two.log_end_offset(), 9);
    // Epoch 2: 1 leads again (it never saw epoch 1) and writes 1 record.
    one.set_role(role(1, 2, &[1]), Instant::now());
    // Before it writes anything, it already knows that epoch 0 ended at 6
    // (the new epoch is recorded when it becomes leader, as in Kafka).
    assert_eq!(one.end_offset_for_epoch(1), (0, 6));
    one.append(batch(&["f"]), 2, NOW).unwrap();
    // 2 follows: it asks where its latest epoch (1) ends in 1's log, and cuts there.
    assert!(two.set_role(role(1, 2, &[1]), Instant::now()));
    assert!(two.needs_truncation());
    assert_eq!(two.latest_epoch(), Some(1));
    let (epoch, end) = one.end_offset_for_epoch(1);
    assert_eq!(
        (epoch, end),
        (0, 6),
        "epoch 1 is unknown to 1: epoch 0 ended at 6"
    );
    two.truncate_for_leader(Some(end), true).unwrap();
    assert_eq!(two.log_end_offset(), 6);
    replicate(&one, &two);
    assert_eq!(two.log_end_offset(), 7);
    let mine = two.read_to(0, 1 << 20, 7).unwrap();
    let theirs = one.read_to(0, 1 << 20, 7).unwrap();
    assert_eq!(
        mine, theirs,
        "the follower's log is the leader's, byte for byte"
    );
}

#[test]
fn a_stale_partition_state_is_ignored_and_epochs_only_grow() {
    let dir = tempfile::tempdir().unwrap();
    let two = open(dir.path(), 2, role(1, 3, &[1, 2]));
    // Leader epoch 2 comes before the held 3: ignored, as Kafka skips it.
    assert!(!two.set_role(role(2, 2, &[2]), Instant::now()));
    assert_eq!(two.role(), role(1, 3, &[1, 2]));
    // At the same leader epoch, an older partition epoch is ignored too.
    let newer = Role {
        partition_epoch: 5,
        ..role(1, 3, &[1, 2, 3])
    };
    two.set_role(newer.clone(), Instant::now());
    two.set_role(
        Role {
            partition_epoch: 4,
            ..role(1, 3, &[1, 2])
        },
        Instant::now(),
    );
    assert_eq!(two.role(), newer);
    // A newer leader epoch is taken.
    assert!(!two.set_role(role(2, 4, &[2]), Instant::now()));
    assert!(two.is_leader());
}

#[test]
#[should_panic(expected = "outside its ISR")]
fn a_leader_outside_its_isr_is_a_bug_upstream() {
    let dir = tempfile::tempdir().unwrap();
    let two = open(dir.path(), 2, role(1, 0, &[1, 2]));
    two.set_role(role(3, 1, &[1, 2]), Instant::now());
}

#[test]
#[should_panic(expected = "not a subset of the replicas")]
fn an_isr_beyond_the_replicas_is_a_bug_upstream() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path(), 2, role(1, 0, &[1, 2, 7]));
}

/// KIP-279, found by the simulation (seed 160): a replica that led an epoch
/// alone and wrote records nobody copied asks the new leader where that
/// epoch ends; the leader never had it and answers with its epoch 0, which
/// ends past the replica's log. The replica must still drop its own
/// records: it knows no epoch 0, so its epoch 1 starts where epoch 0 ended.
#[test]
fn a_replica_drops_an_epoch_only_it_had_even_when_the_leaders_answer_ends_past_its_log() {
    let dir = tempfile::tempdir().unwrap();
    // 1 leads epoch 0 and writes 3 records nobody else has yet.
    let one = open(dir.path(), 1, role(1, 0, &[1, 2, 3]));
    one.append(batch(&["a"]), 0, NOW).unwrap();
    one.append(batch(&["b"]), 0, NOW).unwrap();
    one.append(batch(&["c"]), 0, NOW).unwrap();
    // 2 leads epoch 1 with an empty log and writes 2 records of its own.
    let two = open(dir.path(), 2, role(2, 1, &[2, 3]));
    two.append(batch(&["x"]), 1, NOW).unwrap();
    two.append(batch(&["y"]), 1, NOW).unwrap();
    // 1 leads again at epoch 2; 2 follows and asks where its epoch 1 ends.
    one.set_role(role(1, 2, &[1]), Instant::now());
    two.set_role(role(1, 2, &[1]), Instant::now());
    let (leader_epoch, end) = one.end_offset_for_epoch(two.latest_epoch().unwrap());
    assert_eq!((leader_epoch, end), (0, 3));
    let (cut, complete) = two.truncation_point(leader_epoch, end);
    assert_eq!(
        (cut, complete),
        (0, true),
        "x and y were never the leader's"
    );
    two.truncate_for_leader(Some(cut), complete).unwrap();
    replicate(&one, &two);
    assert_eq!(
        two.read_to(0, 1 << 20, 3).unwrap(),
        one.read_to(0, 1 << 20, 3).unwrap()
    );
}

/// KIP-279's other case: the replica has the leader's epoch in its past, but
/// not the same end; it cuts at its own end of the epoch below and asks
/// again before fetching.
#[test]
fn truncation_asks_again_while_the_replica_does_not_know_the_leaders_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let two = open(dir.path(), 2, role(2, 1, &[2]));
    two.append(batch(&["a"]), 1, NOW).unwrap();
    two.set_role(role(2, 3, &[2]), Instant::now());
    two.append(batch(&["b"]), 3, NOW).unwrap();
    two.set_role(role(1, 4, &[1]), Instant::now());
    // The leader's answer names epoch 2, which this replica never saw: cut
    // where its epoch 1 ends (offset 1), then ask again.
    assert_eq!(two.truncation_point(2, 5), (1, false));
    two.truncate_for_leader(Some(1), false).unwrap();
    assert!(two.needs_truncation(), "not complete yet");
    assert_eq!(two.latest_epoch(), Some(1));
    assert_eq!(two.truncation_point(1, 1), (1, true));
}

/// A reassignment adds replica 4 under the same leader and epoch: the
/// leader tracks it from then on and proposes it for the ISR once caught
/// up; a replica removed is forgotten.
#[test]
fn a_replica_added_by_a_reassignment_is_tracked_and_joins_the_isr() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, 0, &[1, 2, 3]));
    p.append(batch(&["a", "b"]), 0, NOW).unwrap();
    assert!(!p.has_follower(4));
    let mut moved = role(1, 0, &[1, 2, 3]);
    moved.partition_epoch = 1;
    moved.replicas = vec![4, 2, 3, 1];
    p.set_role(moved.clone(), Instant::now());
    assert!(p.has_follower(4));
    for f in [2, 3] {
        p.update_follower(f, 2, 0, Instant::now());
    }
    assert_eq!(
        p.high_watermark(),
        2,
        "4 is not in the ISR: it does not hold the watermark back"
    );
    let change = p
        .update_follower(4, 2, 0, Instant::now())
        .expect("4 caught up");
    assert_eq!(change.isr, [1, 2, 3, 4]);
    // Completed: 3 is no longer a replica.
    let mut done = moved;
    done.partition_epoch = 3;
    done.replicas = vec![4, 2, 1];
    done.isr = vec![1, 2, 4];
    p.set_role(done, Instant::now());
    assert!(!p.has_follower(3) && p.has_follower(4));
}

#[test]
fn a_new_leaders_high_watermark_lags_until_its_followers_fetch_the_epoch_start() {
    // KIP-207: 1 led and acknowledged 5 records; 2 copied them but learned
    // the watermark only up to 3. When 2 becomes leader, "latest" must not
    // be 3 (ListOffsets answers OFFSET_NOT_AVAILABLE meanwhile).
    let dir = tempfile::tempdir().unwrap();
    let one = open(dir.path(), 1, role(1, 0, &[1, 2]));
    let two = open(dir.path(), 2, role(1, 0, &[1, 2]));
    one.append(batch(&["a", "b", "c"]), 0, NOW).unwrap();
    replicate(&one, &two);
    one.update_follower(2, 3, 0, Instant::now());
    one.append(batch(&["d", "e"]), 0, NOW).unwrap();
    replicate(&one, &two);
    one.update_follower(2, 5, 0, Instant::now());
    assert_eq!(one.high_watermark(), 5, "acknowledged up to 5");
    assert_eq!(one.lagging_high_watermark(), None);
    assert_eq!(two.lagging_high_watermark(), None, "a follower never lags");
    two.set_role(role(2, 1, &[1, 2]), Instant::now());
    assert_eq!(two.high_watermark(), 3);
    assert_eq!(two.lagging_high_watermark(), Some((3, 5)));
    // A follower's fetch below the epoch start moves the watermark, not out
    // of the lag; one at it ends the lag.
    two.update_follower(1, 4, 0, Instant::now());
    assert_eq!(two.lagging_high_watermark(), Some((4, 5)));
    two.update_follower(1, 5, 0, Instant::now());
    assert_eq!(two.lagging_high_watermark(), None);
    assert_eq!(two.high_watermark(), 5);
}
