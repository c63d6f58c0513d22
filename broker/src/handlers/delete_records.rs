//! DeleteRecords: moves each partition's log start offset up to the
//! requested offset (-1: the high watermark). Records below it can no longer
//! be read, and the segments wholly below it are deleted. The answer's low
//! watermark is the leader's new log start offset; followers move theirs
//! when their next fetch tells them (Kafka also waits for them, up to the
//! request's timeout, before answering).

use protocol::messages::delete_records_request::DeleteRecordsPartition;
use protocol::messages::delete_records_response::{
    DeleteRecordsPartitionResult, DeleteRecordsTopicResult,
};
use protocol::messages::{DeleteRecordsRequest, DeleteRecordsResponse};

use crate::broker::Broker;
use crate::error::code;
use crate::group::offsets::OFFSETS_TOPIC;

pub fn handle(
    broker: &Broker,
    _version: i16,
    request: DeleteRecordsRequest,
) -> DeleteRecordsResponse {
    let topics = request
        .topics
        .into_iter()
        .map(|t| DeleteRecordsTopicResult {
            partitions: t
                .partitions
                .iter()
                .map(|p| delete_in_partition(broker, &t.name, p))
                .collect(),
            name: t.name,
            ..Default::default()
        })
        .collect();
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
        Err((error_code, reason)) => {
            tracing::debug!(topic, partition = p.partition_index, offset = p.offset, error_code, reason = %reason, "DeleteRecords refused");
            result.error_code = error_code;
        }
    }
    result
}
