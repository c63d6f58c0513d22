//! Fetch sessions (KIP-227) through the broker's request path: a full fetch
//! opens a session, incremental fetches answer only the partitions with
//! news, a long poll in a session is woken by a partition the request did
//! not list, and a replayed epoch is refused.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, Bytes};
use protocol::frame::{decode_response, encode_request};
use protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use protocol::messages::*;
use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};
use uuid::Uuid;

use broker::error::code;
use broker::handlers::dispatch;
use broker::request_context::ConnectionState;
use broker::Broker;

mod common;

async fn call(broker: &Broker, version: i16, request: RequestBody) -> ResponseBody {
    let api = request.api_key();
    let mut conn = ConnectionState::new(
        "127.0.0.1:1".parse().unwrap(),
        "PLAINTEXT",
        broker::request_context::ANONYMOUS.to_string(),
    );
    let mut frame = encode_request(7, Some("test"), version, &request).unwrap();
    frame.advance(4);
    let chunks = dispatch(broker, &mut conn, frame).await.unwrap().unwrap();
    let mut response = broker::response::into_bytes(chunks).unwrap();
    response.advance(4);
    decode_response(api, version, response).unwrap().1
}

async fn produce(broker: &Broker, partition: i32, count: usize) {
    let mut b = RecordBatchBuilder::new(Compression::None);
    for i in 0..count {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        b.push(SimpleRecord::new(
            now,
            None,
            Some(Bytes::from(format!("v{i}"))),
        ));
    }
    let request = ProduceRequest {
        acks: -1,
        timeout_ms: 5000,
        topic_data: vec![TopicProduceData {
            name: "t".into(),
            partition_data: vec![PartitionProduceData {
                index: partition,
                records: Some(b.build().unwrap()),
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let ResponseBody::Produce(r) = call(broker, 9, RequestBody::Produce(request)).await else {
        panic!("not a produce response")
    };
    assert_eq!(r.responses[0].partition_responses[0].error_code, code::NONE);
}

/// A fetch of topic "t" (by id from v13) in session `id` at `epoch`.
fn fetch(
    version: i16,
    topic_id: Uuid,
    id: i32,
    epoch: i32,
    parts: &[(i32, i64)],
    max_wait_ms: i32,
) -> RequestBody {
    RequestBody::Fetch(FetchRequest {
        replica_id: -1,
        max_wait_ms,
        min_bytes: 1,
        max_bytes: 1 << 20,
        session_id: id,
        session_epoch: epoch,
        topics: if parts.is_empty() {
            Vec::new()
        } else {
            vec![FetchTopic {
                topic: if version >= 13 {
                    String::new()
                } else {
                    "t".into()
                },
                topic_id: if version >= 13 { topic_id } else { Uuid::nil() },
                partitions: parts
                    .iter()
                    .map(|&(p, offset)| FetchPartition {
                        partition: p,
                        fetch_offset: offset,
                        partition_max_bytes: 1 << 20,
                        current_leader_epoch: -1,
                        last_fetched_epoch: -1,
                        log_start_offset: -1,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            }]
        },
        ..Default::default()
    })
}

/// (error, session id, [(partition, high watermark, has records)]).
async fn answer(
    broker: &Broker,
    version: i16,
    request: RequestBody,
) -> (i16, i32, Vec<(i32, i64, bool)>) {
    let ResponseBody::Fetch(r) = call(broker, version, request).await else {
        panic!("not a fetch response")
    };
    let parts = r
        .responses
        .iter()
        .flat_map(|t| t.partitions.iter())
        .map(|p| {
            assert_eq!(p.error_code, code::NONE);
            let records = p.records.as_ref().is_some_and(|r| !r.is_empty());
            (p.partition_index, p.high_watermark, records)
        })
        .collect();
    (r.error_code, r.session_id, parts)
}

async fn broker_with_topic() -> (tempfile::TempDir, Arc<Broker>, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::open_broker(dir.path(), &[]).await;
    broker
        .create_topic("t", 3, 1, Vec::new(), BTreeMap::new(), false)
        .await
        .unwrap();
    let id = broker.state().topics["t"].topic_id;
    (dir, broker, id)
}

async fn a_session_answers_only_news_at(version: i16) {
    let (_dir, broker, topic_id) = broker_with_topic().await;
    produce(&broker, 1, 3).await;
    let all = [(0, 0), (1, 0), (2, 0)];

    // A full fetch opens a session and answers every partition.
    let (error, id, parts) =
        answer(&broker, version, fetch(version, topic_id, 0, 0, &all, 0)).await;
    assert_eq!(error, code::NONE);
    assert_ne!(id, 0, "no session opened");
    assert_eq!(parts, [(0, 0, false), (1, 3, true), (2, 0, false)]);

    // Partition 1's position moved; nothing else is new: an empty answer.
    let (_, same, parts) = answer(
        &broker,
        version,
        fetch(version, topic_id, id, 1, &[(1, 3)], 0),
    )
    .await;
    assert_eq!((same, parts), (id, vec![]));

    // Records on partition 2, which the request does not list.
    produce(&broker, 2, 2).await;
    let (_, _, parts) = answer(&broker, version, fetch(version, topic_id, id, 2, &[], 0)).await;
    assert_eq!(parts, [(2, 2, true)]);

    // A long poll listing only partition 2 is woken by partition 0.
    let producer = {
        let broker = broker.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            produce(&broker, 0, 1).await;
        })
    };
    let started = std::time::Instant::now();
    let (_, _, parts) = answer(
        &broker,
        version,
        fetch(version, topic_id, id, 3, &[(2, 2)], 10_000),
    )
    .await;
    assert_eq!(parts, [(0, 1, true)]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "woken by the timeout"
    );
    producer.await.unwrap();

    // The same epoch again: refused, no partitions.
    let (error, _, parts) = answer(&broker, version, fetch(version, topic_id, id, 3, &[], 0)).await;
    assert_eq!((error, parts), (code::INVALID_FETCH_SESSION_EPOCH, vec![]));
    // Epoch -1 closes it.
    let (error, none, parts) =
        answer(&broker, version, fetch(version, topic_id, id, -1, &all, 0)).await;
    assert_eq!((error, none, parts.len()), (code::NONE, 0, 3));
    let (error, _, _) = answer(&broker, version, fetch(version, topic_id, id, 4, &[], 0)).await;
    assert_eq!(error, code::FETCH_SESSION_ID_NOT_FOUND);
    broker.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_by_topic_name_answers_only_news() {
    a_session_answers_only_news_at(12).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_by_topic_id_answers_only_news() {
    a_session_answers_only_news_at(17).await;
}
