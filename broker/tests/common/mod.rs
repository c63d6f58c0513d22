//! What the broker's in-process tests share: a broker opened on a temporary
//! log directory (its listener is never bound; requests go to
//! `handlers::dispatch` or the broker's own API), and a partition replica
//! opened on its own (each test crate uses a part of this file).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use broker::handlers::dispatch;
use broker::partition::{Partition, Role};
use broker::request_context::{ConnectionState, ANONYMOUS};
use broker::topic_config::EffectiveTopicConfig;
use broker::{Broker, BrokerConfig};
use bytes::Buf;
use protocol::frame::{decode_response, encode_request};
use protocol::messages::{RequestBody, ResponseBody};

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

/// A plaintext client connection as the listener makes it.
#[allow(dead_code)]
pub fn connection() -> ConnectionState {
    ConnectionState::new(
        "127.0.0.1:1".parse().unwrap(),
        "PLAINTEXT",
        ANONYMOUS.to_string(),
    )
}

/// The response to `request` from `client_id` on `conn`.
#[allow(dead_code)]
pub async fn call(
    broker: &Broker,
    conn: &mut ConnectionState,
    client_id: &str,
    version: i16,
    request: RequestBody,
) -> ResponseBody {
    let api = request.api_key();
    let mut frame = encode_request(7, Some(client_id), version, &request).unwrap();
    frame.advance(4);
    let chunks = dispatch(broker, conn, frame).await.unwrap().unwrap();
    let mut response = broker::response::into_bytes(chunks).unwrap();
    response.advance(4);
    decode_response(api, version, response).unwrap().1
}
