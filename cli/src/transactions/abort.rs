//! `transactions abort --topic T --partition P --start-offset O`: aborts a
//! hanging transaction as Kafka's admin `abortTransaction` does: the
//! producer whose open transaction starts at O (DescribeProducers on the
//! leader) gives the producer id, epoch and coordinator epoch, and the
//! partition's leader is sent WriteTxnMarkers with an ABORT marker for that
//! one partition. Brokers before 3.0 take `--producer-id --producer-epoch
//! --coordinator-epoch` instead of the offset.
//!
//! Invariants: the request names exactly one marker, topic and partition;
//! an answer about anything else is an error; a negative coordinator epoch
//! is sent as 0 (the least any leader accepts), as Kafka's tool sends it.

use std::fmt;
use std::time::Duration;

use protocol::messages::write_txn_markers_request::{WritableTxnMarker, WritableTxnMarkerTopic};
use protocol::messages::{WriteTxnMarkersRequest, WriteTxnMarkersResponse};

use super::describe_producers::partition_producers;
use super::*;

/// Attempts when the leader moved, and the pause between them.
const ATTEMPTS: u32 = 5;
const RETRY_BACKOFF: Duration = Duration::from_millis(200);

#[derive(Args, Debug)]
pub(super) struct AbortArgs {
    #[arg(long, value_name = "TOPIC")]
    topic: String,
    #[arg(long, value_name = "P", value_parser = clap::value_parser!(i32).range(0..))]
    partition: i32,
    /// Brokers on 3.0 and above: the start offset of the transaction to abort.
    #[arg(long, value_name = "OFFSET")]
    start_offset: Option<i64>,
    /// Brokers before 3.0: the producer id (with --producer-epoch and
    /// --coordinator-epoch).
    #[arg(long, value_name = "ID", requires_all = ["producer_epoch", "coordinator_epoch"])]
    producer_id: Option<i64>,
    #[arg(long, value_name = "EPOCH")]
    producer_epoch: Option<i16>,
    #[arg(long, value_name = "EPOCH", allow_hyphen_values = true)]
    coordinator_epoch: Option<i32>,
}

/// The transaction to abort (Kafka's `AbortTransactionSpec`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct AbortSpec {
    topic: String,
    partition: i32,
    producer_id: i64,
    producer_epoch: i16,
    coordinator_epoch: i32,
}

impl fmt::Display for AbortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AbortTransactionSpec(topicPartition={}, producerId={}, producerEpoch={}, coordinatorEpoch={})",
            topic_partition(&self.topic, self.partition),
            self.producer_id,
            self.producer_epoch,
            self.coordinator_epoch
        )
    }
}

pub(super) async fn abort(client: &mut Client, args: AbortArgs) -> Result<()> {
    let spec = match args.start_offset {
        Some(offset) => {
            let producers = partition_producers(client, &args.topic, args.partition, None)
                .await
                .map_err(|e| {
                    Error::Other(format!(
                        "Failed to validate producer state for partition {}: {e}",
                        topic_partition(&args.topic, args.partition)
                    ))
                })?;
            spec_at_offset(&args.topic, args.partition, &producers, offset).ok_or_else(|| {
                Error::Other(format!(
                    "Could not find any open transactions starting at offset {offset} on partition {}",
                    topic_partition(&args.topic, args.partition)
                ))
            })?
        }
        None => AbortSpec {
            topic: args.topic,
            partition: args.partition,
            // clap requires the epochs with the producer id.
            producer_id: args.producer_id.unwrap_or(-1),
            producer_epoch: args.producer_epoch.unwrap_or(-1),
            coordinator_epoch: args.coordinator_epoch.unwrap_or(0).max(0),
        },
    };
    write_abort_marker(client, &spec)
        .await
        .map_err(|e| Error::Other(format!("Failed to abort transaction {spec}: {e}")))
}

/// The spec of the producer whose open transaction starts at `offset`.
fn spec_at_offset(
    topic: &str,
    partition: i32,
    producers: &[ProducerState],
    offset: i64,
) -> Option<AbortSpec> {
    let p = producers
        .iter()
        .find(|p| p.current_txn_start_offset >= 0 && p.current_txn_start_offset == offset)?;
    Some(AbortSpec {
        topic: topic.to_string(),
        partition,
        producer_id: p.producer_id,
        // DescribeProducers widens the epoch to an int32; it is an int16.
        producer_epoch: p.producer_epoch as i16,
        coordinator_epoch: p.coordinator_epoch.max(0),
    })
}

/// WriteTxnMarkers to the partition's leader, retried while leadership moves.
async fn write_abort_marker(client: &mut Client, spec: &AbortSpec) -> Result<()> {
    let mut attempt = 1;
    loop {
        let leader = producers_target(client, &spec.topic, spec.partition, None).await?;
        let response = expect_body!(
            client
                .send_to(leader, RequestBody::WriteTxnMarkers(abort_request(spec)))
                .await?,
            WriteTxnMarkers
        )?;
        match abort_result(spec, &response)? {
            errors::NONE => return Ok(()),
            errors::NOT_LEADER_OR_FOLLOWER
            | errors::REPLICA_NOT_AVAILABLE
            | errors::BROKER_NOT_AVAILABLE
            | errors::UNKNOWN_TOPIC_OR_PARTITION
                if attempt < ATTEMPTS =>
            {
                attempt += 1;
                tokio::time::sleep(RETRY_BACKOFF).await;
            }
            code => return Err(Error::kafka(code, None)),
        }
    }
}

/// The WriteTxnMarkers request of `spec`: one ABORT marker for its partition.
fn abort_request(spec: &AbortSpec) -> WriteTxnMarkersRequest {
    WriteTxnMarkersRequest {
        markers: vec![WritableTxnMarker {
            producer_id: spec.producer_id,
            producer_epoch: spec.producer_epoch,
            transaction_result: false,
            topics: vec![WritableTxnMarkerTopic {
                name: spec.topic.clone(),
                partition_indexes: vec![spec.partition],
                ..Default::default()
            }],
            coordinator_epoch: spec.coordinator_epoch,
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// The partition's error code in `response`, which must answer exactly
/// the one marker, topic and partition asked for.
fn abort_result(spec: &AbortSpec, response: &WriteTxnMarkersResponse) -> Result<i16> {
    let unexpected = |what: &str| {
        Error::Other(format!(
            "the WriteTxnMarkers response did not answer exactly {what} ({response:?})"
        ))
    };
    let [marker] = response.markers.as_slice() else {
        return Err(unexpected("one marker"));
    };
    if marker.producer_id != spec.producer_id {
        return Err(unexpected("one marker"));
    }
    let [topic] = marker.topics.as_slice() else {
        return Err(unexpected("one topic"));
    };
    if topic.name != spec.topic {
        return Err(unexpected("one topic"));
    }
    match topic.partitions.as_slice() {
        [p] if p.partition_index == spec.partition => Ok(p.error_code),
        _ => Err(unexpected("one partition")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::frame::encode_request;
    use protocol::messages::write_txn_markers_response::{
        WritableTxnMarkerPartitionResult, WritableTxnMarkerResult, WritableTxnMarkerTopicResult,
    };
    use protocol::Codec;

    fn spec() -> AbortSpec {
        AbortSpec {
            topic: "orders".into(),
            partition: 2,
            producer_id: 1001,
            producer_epoch: 3,
            coordinator_epoch: 7,
        }
    }

    #[test]
    fn the_producer_is_found_by_its_transactions_start_offset() {
        let producer = |id: i64, start: i64, coordinator_epoch: i32| ProducerState {
            producer_id: id,
            producer_epoch: 3,
            coordinator_epoch,
            current_txn_start_offset: start,
            ..Default::default()
        };
        let producers = [
            producer(1000, -1, 5),
            producer(1001, 40, 7),
            producer(1002, 41, -1),
        ];
        assert_eq!(spec_at_offset("orders", 2, &producers, 40), Some(spec()));
        // A transaction begun before any marker has coordinator epoch -1: 0 is sent.
        assert_eq!(
            spec_at_offset("orders", 2, &producers, 41)
                .map(|s| (s.producer_id, s.coordinator_epoch)),
            Some((1002, 0))
        );
        assert_eq!(spec_at_offset("orders", 2, &producers, 39), None);
        assert_eq!(spec_at_offset("orders", 2, &producers, -1), None);
    }

    #[test]
    fn the_request_is_one_abort_marker_for_one_partition() {
        let request = abort_request(&spec());
        let [marker] = request.markers.as_slice() else {
            panic!("{request:?}")
        };
        assert_eq!(
            (
                marker.producer_id,
                marker.producer_epoch,
                marker.coordinator_epoch
            ),
            (1001, 3, 7)
        );
        assert!(!marker.transaction_result, "an abort, not a commit");
        assert_eq!(marker.topics.len(), 1);
        assert_eq!(marker.topics[0].name, "orders");
        assert_eq!(marker.topics[0].partition_indexes, vec![2]);
        // It encodes at v1 (the version sent) and reads back the same.
        let body = RequestBody::WriteTxnMarkers(request.clone());
        assert!(encode_request(1, Some("t"), 1, &body).is_ok());
        let mut buf = bytes::BytesMut::new();
        request.encode(1, &mut buf).unwrap();
        let decoded = WriteTxnMarkersRequest::decode(1, &mut buf.freeze()).unwrap();
        assert_eq!(decoded, request);
    }

    #[test]
    fn the_answer_must_be_about_the_partition_asked() {
        let answer = |pid: i64, topic: &str, partition: i32, code: i16| WriteTxnMarkersResponse {
            markers: vec![WritableTxnMarkerResult {
                producer_id: pid,
                topics: vec![WritableTxnMarkerTopicResult {
                    name: topic.into(),
                    partitions: vec![WritableTxnMarkerPartitionResult {
                        partition_index: partition,
                        error_code: code,
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let s = spec();
        assert_eq!(abort_result(&s, &answer(1001, "orders", 2, 0)).unwrap(), 0);
        assert_eq!(
            abort_result(
                &s,
                &answer(1001, "orders", 2, errors::INVALID_PRODUCER_EPOCH)
            )
            .unwrap(),
            errors::INVALID_PRODUCER_EPOCH
        );
        assert!(abort_result(&s, &answer(1000, "orders", 2, 0)).is_err());
        assert!(abort_result(&s, &answer(1001, "other", 2, 0)).is_err());
        assert!(abort_result(&s, &answer(1001, "orders", 1, 0)).is_err());
        assert!(abort_result(&s, &WriteTxnMarkersResponse::default()).is_err());
    }

    #[test]
    fn specs_print_as_kafkas() {
        assert_eq!(
            spec().to_string(),
            "AbortTransactionSpec(topicPartition=orders-2, producerId=1001, producerEpoch=3, coordinatorEpoch=7)"
        );
    }
}
