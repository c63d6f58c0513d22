//! Partition-level behaviour through the broker's own API.

use std::collections::BTreeMap;

use bytes::Bytes;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

mod common;

const T: i64 = 1_700_000_000_000;

fn batch(first: i64, count: i64, codec: Compression) -> Bytes {
    let mut b = RecordBatchBuilder::new(codec);
    for i in first..first + count {
        b.push(SimpleRecord::new(
            T + i,
            None,
            Some(Bytes::from(format!("v{i}"))),
        ));
    }
    b.build().unwrap()
}

#[tokio::test]
async fn list_offsets_by_timestamp_answers_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), &[]).await;
    broker
        .create_topic("t", 1, 1, Vec::new(), BTreeMap::new(), false)
        .await
        .unwrap();
    let p = broker.partition("t", 0).unwrap();
    p.append(batch(0, 100, Compression::None), 0, T).unwrap();
    p.append(batch(100, 100, Compression::Zstd), 0, T).unwrap();
    assert_eq!(p.offset_for_timestamp(T + 50).unwrap(), Some((50, T + 50)));
    assert_eq!(p.offset_for_timestamp(T).unwrap(), Some((0, T)));
    assert_eq!(
        p.offset_for_timestamp(T + 120).unwrap(),
        Some((120, T + 120))
    );
    assert_eq!(p.offset_for_timestamp(T + 500).unwrap(), None);
    assert_eq!(p.max_timestamp(), Some((T + 199, 199)));
    drop(p);
    broker.shutdown();
}

/// flush.messages: the append that reaches it asks for an fsync up to the
/// log end; one fsync covers every sync waiting for offsets below its end
/// (group commit); without the config no fsync is asked for.
#[tokio::test]
async fn flush_messages_asks_for_a_shared_sync() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), &[]).await;
    let every_3: BTreeMap<String, String> =
        [("flush.messages".to_string(), "3".to_string())].into();
    broker
        .create_topic("durable", 1, 1, Vec::new(), every_3, false)
        .await
        .unwrap();
    broker
        .create_topic("plain", 1, 1, Vec::new(), BTreeMap::new(), false)
        .await
        .unwrap();
    let p = broker.partition("durable", 0).unwrap();
    let a = p.append(batch(0, 2, Compression::None), 0, T).unwrap();
    assert_eq!(a.sync_to, None, "2 messages, below flush.messages=3");
    let b = p.append(batch(2, 1, Compression::None), 0, T).unwrap();
    assert_eq!(b.sync_to, Some(3));
    let c = p.append(batch(3, 5, Compression::None), 0, T).unwrap();
    assert_eq!(c.sync_to, Some(8));
    // One fsync covers everything appended before it: later calls for
    // offsets it covered do not fsync again.
    assert!(p.sync(8).unwrap(), "the first sync fsyncs");
    assert!(!p.sync(3).unwrap(), "covered by the fsync up to 8");
    assert!(!p.sync(8).unwrap(), "covered by the fsync up to 8");
    let d = p.append(batch(8, 3, Compression::None), 0, T).unwrap();
    assert_eq!(d.sync_to, Some(11));
    // Many threads at once: exactly one of them fsyncs.
    let fsyncs = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let p = &p;
                s.spawn(move || p.sync(11).unwrap())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|&fsynced| fsynced)
            .count()
    });
    assert_eq!(fsyncs, 1, "concurrent syncs share one fsync");
    let plain = broker.partition("plain", 0).unwrap();
    for i in 0..10 {
        let r = plain.append(batch(i, 1, Compression::None), 0, T).unwrap();
        assert_eq!(r.sync_to, None);
    }
    drop((p, plain));
    broker.shutdown();
}

/// flush.ms: a partition with unflushed records fsyncs once `flush.ms` has
/// passed since its last time-based flush, and not before; a topic without
/// it (Kafka's default, Long.MAX_VALUE) never does on time.
#[tokio::test]
async fn flush_ms_flushes_on_time() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), &[]).await;
    let every_100ms: BTreeMap<String, String> =
        [("flush.ms".to_string(), "100".to_string())].into();
    broker
        .create_topic("timed", 1, 1, Vec::new(), every_100ms, false)
        .await
        .unwrap();
    broker
        .create_topic("plain", 1, 1, Vec::new(), BTreeMap::new(), false)
        .await
        .unwrap();
    let p = broker.partition("timed", 0).unwrap();
    p.append(batch(0, 5, Compression::None), 0, T).unwrap();
    assert_eq!(p.flushed_to(), 0);
    assert!(p.flush_if_due(T).unwrap(), "never flushed: due");
    assert_eq!(p.flushed_to(), 5);
    assert!(!p.flush_if_due(T + 500).unwrap(), "nothing new to flush");
    p.append(batch(5, 5, Compression::None), 0, T).unwrap();
    assert!(
        !p.flush_if_due(T + 99).unwrap(),
        "99 ms after the last flush"
    );
    assert_eq!(p.flushed_to(), 5);
    assert!(p.flush_if_due(T + 100).unwrap());
    assert_eq!(p.flushed_to(), 10);

    let plain = broker.partition("plain", 0).unwrap();
    plain.append(batch(0, 5, Compression::None), 0, T).unwrap();
    assert!(
        !plain.flush_if_due(i64::MAX).unwrap(),
        "no flush.ms: never on time"
    );
    drop((p, plain));
    broker.shutdown();
}
