//! OffsetDelete: drop committed offsets of a group that no member is using.

use protocol::messages::offset_delete_response::{
    OffsetDeleteResponsePartition, OffsetDeleteResponseTopic,
};
use protocol::messages::{OffsetDeleteRequest, OffsetDeleteResponse};

use crate::broker::Broker;
use crate::error::code;

pub async fn handle(
    broker: &Broker,
    _version: i16,
    r: OffsetDeleteRequest,
) -> OffsetDeleteResponse {
    let status = broker.coordinator_status(&r.group_id);
    if status != code::NONE {
        return OffsetDeleteResponse {
            error_code: status,
            ..Default::default()
        };
    }
    if !broker.groups.exists(&r.group_id) {
        return OffsetDeleteResponse {
            error_code: code::GROUP_ID_NOT_FOUND,
            ..Default::default()
        };
    }
    // Without parsing subscriptions we cannot tell which topics members use:
    // refuse while the group has members, as Kafka does for subscribed topics.
    let busy = broker.groups.has_members(&r.group_id);
    let mut tombstones = Vec::new();
    let topics = r
        .topics
        .into_iter()
        .map(|t| OffsetDeleteResponseTopic {
            partitions: t
                .partitions
                .iter()
                .map(|p| {
                    let error_code = if busy {
                        code::GROUP_SUBSCRIBED_TO_TOPIC
                    } else if broker
                        .state()
                        .partition(&t.name, p.partition_index)
                        .is_none()
                    {
                        code::UNKNOWN_TOPIC_OR_PARTITION
                    } else {
                        tombstones.push((t.name.clone(), p.partition_index, None));
                        code::NONE
                    };
                    OffsetDeleteResponsePartition {
                        partition_index: p.partition_index,
                        error_code,
                        ..Default::default()
                    }
                })
                .collect(),
            name: t.name,
            ..Default::default()
        })
        .collect();
    let c = broker.write_offsets(&r.group_id, tombstones).await;
    OffsetDeleteResponse {
        error_code: c,
        topics,
        ..Default::default()
    }
}
