//! Partition-level behaviour through the broker's own API.

use std::collections::BTreeMap;

use broker::{Broker, BrokerConfig};
use bytes::Bytes;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

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
    let pairs: BTreeMap<String, String> = [
        ("log.dirs".to_string(), dir.path().display().to_string()),
        (
            "listeners".to_string(),
            "PLAINTEXT://127.0.0.1:1".to_string(),
        ),
    ]
    .into();
    let (config, _) = BrokerConfig::from_pairs(&pairs).unwrap();
    let broker = Broker::open(config).unwrap();
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
