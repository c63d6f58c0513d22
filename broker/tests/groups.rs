//! Committed offsets through the broker's API: persistence across a restart
//! and expiry of empty groups' offsets.

use std::collections::BTreeMap;

use broker::group::offsets::OffsetAndMetadata;
use broker::Broker;

mod common;

async fn open(dir: &std::path::Path, extra: &[(&str, &str)]) -> std::sync::Arc<Broker> {
    let mut settings = vec![("offsets.topic.num.partitions", "3")];
    settings.extend_from_slice(extra);
    common::open_broker(dir, &settings).await
}

fn offset(offset: i64, commit_timestamp: i64) -> Option<OffsetAndMetadata> {
    Some(OffsetAndMetadata {
        offset,
        leader_epoch: -1,
        metadata: "m".into(),
        commit_timestamp,
    })
}

#[tokio::test]
async fn offsets_survive_restart_and_expire_after_retention() {
    let dir = tempfile::tempdir().unwrap();
    let now = storage::log::now_ms();
    {
        let broker = open(dir.path(), &[]).await;
        broker
            .create_topic("t", 2, 1, Vec::new(), BTreeMap::new(), false)
            .await
            .unwrap();
        let c = broker
            .write_offsets(
                "old-group",
                vec![
                    ("t".into(), 0, offset(5, now - 120_000)),
                    ("t".into(), 1, offset(7, now - 120_000)),
                ],
            )
            .await;
        assert_eq!(c, 0);
        assert_eq!(
            broker
                .write_offsets("new-group", vec![("t".into(), 0, offset(9, now))])
                .await,
            0
        );
        broker.shutdown();
    }
    // Restart: replayed from __consumer_offsets; with a 1-minute retention the
    // old group's offsets go, the recent ones stay.
    let broker = open(dir.path(), &[("offsets.retention.minutes", "1")]).await;
    assert_eq!(
        broker.groups.committed("old-group", "t", 1).unwrap().offset,
        7
    );
    broker.expire_offsets().await;
    assert!(broker.groups.committed("old-group", "t", 0).is_none());
    assert!(!broker.groups.exists("old-group"));
    assert_eq!(
        broker.groups.committed("new-group", "t", 0).unwrap().offset,
        9
    );
    broker.shutdown();
    // The tombstones are durable too.
    let broker = open(dir.path(), &[]).await;
    assert!(broker.groups.committed("old-group", "t", 0).is_none());
    assert_eq!(
        broker
            .groups
            .committed("new-group", "t", 0)
            .unwrap()
            .metadata,
        "m"
    );
    broker.shutdown();
}
