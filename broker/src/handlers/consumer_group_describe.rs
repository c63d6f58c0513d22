//! ConsumerGroupDescribe: KIP-848 groups with epochs and assignments.
//! A group named several times is described once (see `super::distinct`).
//! A client needs Describe on each group (else GROUP_AUTHORIZATION_FAILED).
//! With `group.version` finalized below 1 every group gets
//! UNSUPPORTED_VERSION, as Kafka answers.

use protocol::messages::consumer_group_describe_response::{
    Assignment, DescribedGroup, Member, TopicPartitions,
};
use protocol::messages::{ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::consumer;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: ConsumerGroupDescribeRequest,
) -> ConsumerGroupDescribeResponse {
    let state = broker.state();
    let convert = |a: &consumer::Assignment| Assignment {
        topic_partitions: a
            .iter()
            .map(|(id, parts)| TopicPartitions {
                topic_id: *id,
                topic_name: state.topic_name_by_id(id).unwrap_or_default().to_string(),
                partitions: parts.iter().copied().collect(),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let mut groups: Vec<DescribedGroup> = super::distinct::distinct_by(r.group_ids, String::clone)
        .into_iter()
        .map(|group_id| {
            if !crate::features::consumer_protocol_enabled(&state.finalized_features) {
                return DescribedGroup {
                    error_code: code::UNSUPPORTED_VERSION,
                    error_message: Some(
                        crate::error::ApiError::of(crate::error::code::UNSUPPORTED_VERSION).message,
                    ),
                    group_id,
                    ..Default::default()
                };
            }
            let status = broker.group_status(ctx, op::DESCRIBE, &group_id);
            if status != code::NONE {
                return DescribedGroup {
                    error_code: status,
                    group_id,
                    ..Default::default()
                };
            }
            let described = broker
                .groups
                .with_consumer_group(&group_id, |g| DescribedGroup {
                    group_id: group_id.clone(),
                    group_state: g.state().to_string(),
                    group_epoch: g.group_epoch,
                    assignment_epoch: g.assignment_epoch,
                    assignor_name: g.assignor.clone(),
                    members: g
                        .members
                        .values()
                        .map(|m| Member {
                            member_id: m.member_id.clone(),
                            instance_id: m.instance_id.clone(),
                            rack_id: m.rack_id.clone(),
                            member_epoch: m.member_epoch,
                            client_id: m.client_id.clone(),
                            client_host: m.client_host.clone(),
                            subscribed_topic_names: m.subscribed_topic_names.clone(),
                            assignment: convert(&m.assigned),
                            target_assignment: convert(
                                &g.target.get(&m.member_id).cloned().unwrap_or_default(),
                            ),
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                });
            described.unwrap_or_else(|| DescribedGroup {
                error_code: code::GROUP_ID_NOT_FOUND,
                error_message: Some(format!("Group {group_id} not found.")),
                group_id,
                ..Default::default()
            })
        })
        .collect();
    for g in groups.iter_mut().filter(|g| g.error_code == code::NONE) {
        g.authorized_operations = broker.authorizer.authorized_operations_if(
            r.include_authorized_operations,
            &state.acls,
            ctx,
            Resource::Group,
            &g.group_id,
        );
    }
    ConsumerGroupDescribeResponse {
        groups,
        ..Default::default()
    }
}
