//! The request quota (KIP-124, `request_percentage`) through the broker's
//! request path: a client past it gets `throttle_time_ms` (at most one
//! quota window) on any response that has the field and its connection is
//! muted as long; a throttled fetch is answered empty, as Kafka's; the
//! exempt ApiVersions and other clients are not throttled; a long poll's
//! wait is not work.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use protocol::messages::*;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

use broker::client_quota_manager::REQUEST_PERCENTAGE;
use broker::sampled_rate::QuotaWindows;

const WINDOW_MS: u64 = QuotaWindows::DEFAULT.window_ms;
use broker::Broker;
use metadata::client_quota::{QuotaValue, CLIENT_ID};
use metadata::Command;

mod common;

use common::{call, connection};

async fn set_request_percentage(broker: &Broker, client_id: &str, value: f64) {
    let entity = vec![(CLIENT_ID.to_string(), Some(client_id.to_string()))];
    let changes = BTreeMap::from([(REQUEST_PERCENTAGE.to_string(), Some(QuotaValue::new(value)))]);
    let command = Command::AlterClientQuotas {
        changes: vec![(entity, changes)],
    };
    broker.metadata.submit(command).await.unwrap();
}

async fn broker_with_records() -> (tempfile::TempDir, Arc<Broker>) {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), &[]).await;
    broker
        .create_topic("t", 1, 1, Vec::new(), BTreeMap::new(), false)
        .await
        .unwrap();
    let mut batch = RecordBatchBuilder::new(Compression::None);
    for i in 0..10 {
        batch.push(SimpleRecord::new(
            0,
            None,
            Some(Bytes::from(format!("v{i}"))),
        ));
    }
    let produce = RequestBody::Produce(ProduceRequest {
        acks: -1,
        timeout_ms: 5000,
        topic_data: vec![TopicProduceData {
            name: "t".into(),
            partition_data: vec![PartitionProduceData {
                index: 0,
                records: Some(batch.build().unwrap()),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    });
    call(&broker, &mut connection(), "loader", 9, produce).await;
    (dir, broker)
}

fn metadata() -> RequestBody {
    RequestBody::Metadata(MetadataRequest {
        topics: None,
        ..Default::default()
    })
}

/// A fetch of t-0 from `offset` (by name: v12).
fn fetch(offset: i64, max_wait_ms: i32) -> RequestBody {
    RequestBody::Fetch(FetchRequest {
        replica_id: -1,
        max_wait_ms,
        min_bytes: 1,
        max_bytes: 1 << 20,
        topics: vec![FetchTopic {
            topic: "t".into(),
            partitions: vec![FetchPartition {
                partition: 0,
                fetch_offset: offset,
                partition_max_bytes: 1 << 20,
                current_leader_epoch: -1,
                last_fetched_epoch: -1,
                log_start_offset: -1,
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_past_its_request_percentage_is_throttled_at_most_one_window() {
    let (_dir, broker) = broker_with_records().await;
    // 0.01 % of a thread: about 1 ms of work over the 10 s first measured.
    set_request_percentage(&broker, "busy", 0.01).await;
    let mut conn = connection();
    let mut throttle = 0;
    for _ in 0..100_000 {
        let response = call(&broker, &mut conn, "busy", 12, metadata()).await;
        throttle = response.throttle_time_ms().unwrap();
        if throttle > 0 {
            break;
        }
    }
    assert!(throttle > 0, "Metadata was never throttled");
    assert!(
        throttle as u64 <= WINDOW_MS,
        "{throttle} ms: more than one window"
    );
    assert_eq!(conn.mute_ms, throttle as u64);

    // Any response with the field carries it: ListOffsets, a produce.
    let list = RequestBody::ListOffsets(ListOffsetsRequest {
        replica_id: -1,
        ..Default::default()
    });
    let response = call(&broker, &mut conn, "busy", 9, list).await;
    assert!(response.throttle_time_ms().unwrap() > 0);
    // A throttled fetch is answered empty, with the throttle (Kafka's
    // getThrottledResponse), though records are there.
    let ResponseBody::Fetch(f) = call(&broker, &mut conn, "busy", 12, fetch(0, 0)).await else {
        panic!("not a fetch response")
    };
    assert!(f.throttle_time_ms > 0 && f.throttle_time_ms as u64 <= WINDOW_MS);
    assert!(f.responses.is_empty(), "{:?}", f.responses);
    assert_eq!(conn.mute_ms, f.throttle_time_ms as u64);

    // ApiVersions is exempt: no throttle, no mute.
    let versions = RequestBody::ApiVersions(ApiVersionsRequest::default());
    let response = call(&broker, &mut conn, "busy", 3, versions).await;
    assert_eq!(response.throttle_time_ms(), Some(0));
    assert_eq!(conn.mute_ms, 0);

    // Another client id has no request quota: answered in full, unthrottled.
    let mut other = connection();
    let response = call(&broker, &mut other, "idle", 12, metadata()).await;
    assert_eq!(response.throttle_time_ms(), Some(0));
    let ResponseBody::Fetch(f) = call(&broker, &mut other, "idle", 12, fetch(0, 0)).await else {
        panic!("not a fetch response")
    };
    assert_eq!(f.throttle_time_ms, 0);
    assert_eq!(f.responses.len(), 1);
    assert_eq!(other.mute_ms, 0);
    broker.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_poll_waiting_is_not_counted_as_work() {
    let (_dir, broker) = broker_with_records().await;
    // 1 % of a thread: 100 ms of work over the 10 s first measured. A fetch
    // waiting 600 ms for records would be over it if its wall time counted.
    set_request_percentage(&broker, "poller", 1.0).await;
    let mut conn = connection();
    let start = Instant::now();
    let ResponseBody::Fetch(f) = call(&broker, &mut conn, "poller", 12, fetch(10, 600)).await
    else {
        panic!("not a fetch response")
    };
    assert!(
        start.elapsed() >= Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(f.throttle_time_ms, 0);
    assert_eq!(conn.mute_ms, 0);
    broker.shutdown();
}
