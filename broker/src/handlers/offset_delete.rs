//! OffsetDelete: drop committed offsets of a group that no member is using.
//! A client needs Delete on the group (else GROUP_AUTHORIZATION_FAILED) and
//! Read on each topic (else TOPIC_AUTHORIZATION_FAILED), as Kafka's.

use protocol::messages::offset_delete_response::{
    OffsetDeleteResponsePartition, OffsetDeleteResponseTopic,
};
use protocol::messages::{OffsetDeleteRequest, OffsetDeleteResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: OffsetDeleteRequest,
) -> OffsetDeleteResponse {
    let status = broker.group_status(ctx, op::DELETE, &r.group_id);
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
    let state = broker.state();
    let mut tombstones = Vec::new();
    let topics = r
        .topics
        .into_iter()
        .map(|t| OffsetDeleteResponseTopic {
            partitions: t
                .partitions
                .iter()
                .map(|p| {
                    let may_read = || {
                        broker.authorizer.authorize(
                            &state.acls,
                            ctx,
                            op::READ,
                            Resource::Topic,
                            &t.name,
                        )
                    };
                    let error_code = if !may_read() {
                        code::TOPIC_AUTHORIZATION_FAILED
                    } else if busy {
                        code::GROUP_SUBSCRIBED_TO_TOPIC
                    } else if state.partition(&t.name, p.partition_index).is_none() {
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
