//! What the broker's in-process tests share: a broker opened on a temporary
//! log directory (its listener is never bound; requests go to
//! `handlers::dispatch` or the broker's own API), and a partition replica
//! opened on its own (each test crate uses a part of this file).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use broker::partition::{Partition, Role};
use broker::topic_config::EffectiveTopicConfig;
use broker::{Broker, BrokerConfig};

/// A broker on `dir`, with the `extra` settings on top of the minimum.
#[allow(dead_code)]
pub async fn open_broker(dir: &Path, extra: &[(&str, &str)]) -> Arc<Broker> {
    let mut pairs: BTreeMap<String, String> = [
        ("log.dirs".to_string(), dir.display().to_string()),
        (
            "listeners".to_string(),
            "PLAINTEXT://127.0.0.1:1".to_string(),
        ),
    ]
    .into();
    for (k, v) in extra {
        pairs.insert(k.to_string(), v.to_string());
    }
    Broker::open(BrokerConfig::from_pairs(&pairs).unwrap().0)
        .await
        .unwrap()
}

/// Replica `node` of partition `t`-0 in `dir/n<node>`, with the default
/// topic configs.
#[allow(dead_code)]
pub fn open_replica(dir: &Path, node: i32, role: Role) -> Partition {
    let config = EffectiveTopicConfig::new(&BrokerConfig::default(), &BTreeMap::new());
    Partition::open(
        "t",
        uuid::Uuid::nil(),
        0,
        dir.join(format!("n{node}")),
        config,
        node,
        role,
    )
    .unwrap()
}

/// Partition `t`-0 on replicas 1 and 2 at leader epoch 0, led by `leader`
/// with ISR `isr`.
#[allow(dead_code)]
pub fn role(leader: i32, isr: &[i32]) -> Role {
    Role {
        leader,
        leader_epoch: 0,
        partition_epoch: 0,
        isr: isr.to_vec(),
        replicas: vec![1, 2],
    }
}
