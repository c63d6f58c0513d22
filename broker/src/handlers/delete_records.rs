//! DeleteRecords: moves each partition's log start offset up to the
//! requested offset (-1: the high watermark). Records below it can no longer
//! be read, and the segments wholly below it are deleted. Followers move
//! theirs when their next fetch tells them; as Kafka does, the answer waits
//! until the low watermark (the smallest log start offset of the leader and
//! the followers in the ISR) has reached the offset, up to the request's
//! timeout (then REQUEST_TIMED_OUT, with the low watermark so far). A
//! client needs Delete on the topic (else TOPIC_AUTHORIZATION_FAILED).

use protocol::messages::delete_records_request::DeleteRecordsPartition;
use protocol::messages::delete_records_response::{
    DeleteRecordsPartitionResult, DeleteRecordsTopicResult,
};
use protocol::messages::{DeleteRecordsRequest, DeleteRecordsResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::group::offsets::OFFSETS_TOPIC;
use crate::purgatory::{self, Watchers};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: DeleteRecordsRequest,
) -> DeleteRecordsResponse {
    let state = broker.state();
    let mut waiting = Vec::new();
    let mut topics: Vec<DeleteRecordsTopicResult> = Vec::with_capacity(request.topics.len());
    for t in request.topics {
        let mut result = DeleteRecordsTopicResult {
            name: t.name.clone(),
            ..Default::default()
        };
        let may_delete =
            broker
                .authorizer
                .authorize(&state.acls, ctx, op::DELETE, Resource::Topic, &t.name);
        for p in &t.partitions {
            if !may_delete {
                result.partitions.push(DeleteRecordsPartitionResult {
                    partition_index: p.partition_index,
                    low_watermark: -1,
                    error_code: code::TOPIC_AUTHORIZATION_FAILED,
                    ..Default::default()
                });
                continue;
            }
            let r = delete_in_partition(broker, &t.name, p);
            if r.error_code == code::NONE {
                if let Some(partition) = broker.partition(&t.name, p.partition_index) {
                    waiting.push((
                        topics.len(),
                        result.partitions.len(),
                        partition,
                        r.low_watermark,
                    ));
                }
            }
            result.partitions.push(r);
        }
        topics.push(result);
    }
    // Kafka's DelayedDeleteRecords: parked until the followers in the ISR
    // moved their log start offsets (their fetches wake it), or the timeout.
    let timeout = std::time::Duration::from_millis(request.timeout_ms.max(0) as u64);
    let deadline = tokio::time::Instant::now() + timeout;
    let watchers: Vec<&Watchers> = waiting.iter().map(|(_, _, p, _)| &p.watchers).collect();
    let all_reached = || {
        waiting.iter().all(|(_, _, partition, target)| {
            partition.low_watermark().is_none_or(|low| low >= *target)
        })
    };
    purgatory::delayed(&watchers, deadline, || all_reached().then_some(())).await;
    for (t, i, partition, target) in &waiting {
        let r = &mut topics[*t].partitions[*i];
        match partition.low_watermark() {
            Some(low) if low >= *target => {
                r.low_watermark = low;
                r.error_code = code::NONE;
            }
            Some(low) => {
                r.low_watermark = low.max(-1);
                r.error_code = code::REQUEST_TIMED_OUT;
            }
            // Leadership moved while waiting.
            None => r.error_code = code::NOT_LEADER_OR_FOLLOWER,
        }
    }
    DeleteRecordsResponse {
        topics,
        ..Default::default()
    }
}

fn delete_in_partition(
    broker: &Broker,
    topic: &str,
    p: &DeleteRecordsPartition,
) -> DeleteRecordsPartitionResult {
    let mut result = DeleteRecordsPartitionResult {
        partition_index: p.partition_index,
        low_watermark: -1,
        ..Default::default()
    };
    // The group coordinator's offsets are not the user's to delete (Kafka
    // refuses every internal topic).
    if topic == OFFSETS_TOPIC {
        result.error_code = code::INVALID_TOPIC_EXCEPTION;
        return result;
    }
    let Some(partition) = broker.partition(topic, p.partition_index) else {
        result.error_code = if broker.state().partition(topic, p.partition_index).is_some() {
            code::NOT_LEADER_OR_FOLLOWER
        } else {
            code::UNKNOWN_TOPIC_OR_PARTITION
        };
        return result;
    };
    match partition.delete_records_before(p.offset) {
        Ok(low_watermark) => {
            tracing::info!(
                topic,
                partition = p.partition_index,
                offset = p.offset,
                low_watermark,
                "records deleted"
            );
            result.low_watermark = low_watermark;
        }
        Err(ApiError {
            code: error_code,
            message: reason,
        }) => {
            tracing::debug!(topic, partition = p.partition_index, offset = p.offset, error_code, reason = %reason, "DeleteRecords refused");
            result.error_code = error_code;
        }
    }
    result
}
