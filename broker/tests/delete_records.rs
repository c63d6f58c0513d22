//! DeleteRecords on a partition replica, driven directly: the leader moves
//! its log start offset within the high watermark, and followers follow it
//! from the fetch answers, even when it falls inside a batch.

mod common;

use std::time::Instant;

use broker::error::code;
use broker::partition::{Partition, Role, DELETE_TO_HIGH_WATERMARK};
use bytes::Bytes;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

/// The time the tests append at: the batches' own (Kafka 4 refuses a timestamp
/// more than an hour ahead of the broker's clock).
const NOW: i64 = 1_700_000_000_000;

fn batch(count: usize) -> Bytes {
    let mut b = RecordBatchBuilder::new(Compression::None);
    for i in 0..count {
        b.push(SimpleRecord::new(
            1_700_000_000_000,
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

/// One replica fetch: copies what the leader has past the follower's log
/// end (from the batch holding it) and takes the leader's high watermark
/// and log start offset, as the replica fetcher does.
fn replicate(leader: &Partition, follower: &Partition) {
    let from = follower.log_end_offset();
    let end = leader.log_end_offset();
    let bytes = if from < end {
        leader.read_to(from, 1 << 20, end).unwrap()
    } else {
        Bytes::new()
    };
    follower
        .append_as_follower(bytes, leader.high_watermark(), 0, 0)
        .unwrap();
    follower.follow_leader_log_start(leader.log_start_offset());
}

#[test]
fn the_leader_deletes_up_to_the_high_watermark_only() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 1, role(1, &[1, 2]));
    p.append(batch(10), 0, NOW).unwrap();
    p.update_follower(2, 6, 0, Instant::now());
    assert_eq!(p.high_watermark(), 6);

    let refused = p.delete_records_before(7).unwrap_err();
    assert_eq!(
        refused.code,
        code::OFFSET_OUT_OF_RANGE,
        "{}",
        refused.message
    );
    assert_eq!(
        p.delete_records_before(-2).unwrap_err().code,
        code::OFFSET_OUT_OF_RANGE
    );
    assert_eq!(p.log_start_offset(), 0);

    assert_eq!(p.delete_records_before(4).unwrap(), 4);
    assert_eq!(p.log_start_offset(), 4);
    assert_eq!(p.read(3, 1000), Err(code::OFFSET_OUT_OF_RANGE));
    assert!(p.read(4, 1000).is_ok());
    // -1 is the high watermark; lower offsets change nothing.
    assert_eq!(
        p.delete_records_before(DELETE_TO_HIGH_WATERMARK).unwrap(),
        6
    );
    assert_eq!(p.delete_records_before(2).unwrap(), 6);
    assert_eq!(p.log_start_offset(), 6);
}

#[test]
fn a_follower_refuses_delete_records() {
    let dir = tempfile::tempdir().unwrap();
    let p = open(dir.path(), 2, role(1, &[1, 2]));
    assert_eq!(
        p.delete_records_before(0).unwrap_err().code,
        code::NOT_LEADER_OR_FOLLOWER
    );
}

#[test]
fn followers_follow_the_leaders_log_start_within_their_high_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let leader = open(dir.path(), 1, role(1, &[1, 2]));
    let follower = open(dir.path(), 2, role(1, &[1, 2]));
    leader.append(batch(5), 0, NOW).unwrap();
    leader.append(batch(5), 0, NOW).unwrap();
    replicate(&leader, &follower);
    leader.update_follower(
        2,
        follower.log_end_offset(),
        follower.log_start_offset(),
        Instant::now(),
    );
    assert_eq!(leader.high_watermark(), 10);
    // The follower learns the high watermark at its next fetch.
    assert_eq!(follower.high_watermark(), 0);

    leader.delete_records_before(7).unwrap();
    replicate(&leader, &follower);
    assert_eq!(follower.high_watermark(), 10);
    assert_eq!(follower.log_start_offset(), 7);
    assert_eq!(
        follower.read_to(6, 1000, 10),
        Err(code::OFFSET_OUT_OF_RANGE)
    );
}

#[test]
fn a_follower_restarted_at_a_log_start_inside_a_batch_takes_the_batch_whole() {
    let dir = tempfile::tempdir().unwrap();
    let leader = open(dir.path(), 1, role(1, &[1]));
    leader.append(batch(5), 0, NOW).unwrap();
    leader.append(batch(5), 0, NOW).unwrap();
    leader.delete_records_before(7).unwrap();
    // A follower that had nothing: its fetch at 0 is out of range, so it
    // starts over at the leader's log start, inside the batch 5..9.
    let follower = open(dir.path(), 2, role(1, &[1]));
    follower
        .restart_at_leader_log_start(leader.log_start_offset())
        .unwrap();
    assert_eq!(follower.log_end_offset(), 7);
    replicate(&leader, &follower);
    assert_eq!(follower.log_end_offset(), 10);
    assert_eq!(follower.log_start_offset(), 7);
    assert_eq!(
        follower.read_to(7, 1000, 10).unwrap(),
        leader.read_to(7, 1000, 10).unwrap()
    );
}

#[test]
fn the_low_watermark_waits_for_the_followers_in_the_isr() {
    let dir = tempfile::tempdir().unwrap();
    let leader = open(dir.path(), 1, role(1, &[1, 2]));
    let follower = open(dir.path(), 2, role(1, &[1, 2]));
    leader.append(batch(10), 0, NOW).unwrap();
    // Before the follower's first fetch its log start offset is unknown.
    assert_eq!(leader.low_watermark(), Some(-1));
    replicate(&leader, &follower);
    leader.update_follower(
        2,
        follower.log_end_offset(),
        follower.log_start_offset(),
        Instant::now(),
    );
    assert_eq!(leader.low_watermark(), Some(0));
    assert_eq!(leader.delete_records_before(5).unwrap(), 5);
    assert_eq!(
        leader.low_watermark(),
        Some(0),
        "the follower has not moved yet"
    );
    replicate(&leader, &follower);
    leader.update_follower(
        2,
        follower.log_end_offset(),
        follower.log_start_offset(),
        Instant::now(),
    );
    assert_eq!(leader.low_watermark(), Some(5));
    // A follower out of the ISR does not hold it back; a non-leader has none.
    let alone = open(
        dir.path(),
        3,
        Role {
            replicas: vec![2, 3],
            ..role(3, &[3])
        },
    );
    alone.append(batch(4), 0, NOW).unwrap();
    alone.update_follower(2, 4, 0, Instant::now());
    assert_eq!(alone.delete_records_before(2).unwrap(), 2);
    assert_eq!(alone.low_watermark(), Some(2));
    assert_eq!(follower.low_watermark(), None);
}
