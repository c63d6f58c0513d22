//! DescribeGroups: state, protocol and members with their assignments.
//! A group named several times is described once (see `super::distinct`).
//! A client needs Describe on each group (else GROUP_AUTHORIZATION_FAILED).

use protocol::messages::describe_groups_response::{DescribedGroup, DescribedGroupMember};
use protocol::messages::{DescribeGroupsRequest, DescribeGroupsResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: DescribeGroupsRequest,
) -> DescribeGroupsResponse {
    let version = ctx.version;
    let state = broker.state();
    let mut groups: Vec<DescribedGroup> = super::distinct::distinct_by(r.groups, String::clone)
        .into_iter()
        .map(|group_id| (broker.group_status(ctx, op::DESCRIBE, &group_id), group_id))
        .map(
            |(status, group_id)| match broker.groups.describe(&group_id) {
                _ if status != code::NONE => DescribedGroup {
                    error_code: status,
                    group_id,
                    ..Default::default()
                },
                // As Kafka 4: a KIP-848 group is described by ConsumerGroupDescribe.
                _ if broker
                    .groups
                    .with_consumer_group(&group_id, |g| !g.members.is_empty())
                    == Some(true) =>
                {
                    DescribedGroup {
                        error_code: if version >= 6 {
                            code::GROUP_ID_NOT_FOUND
                        } else {
                            code::NONE
                        },
                        group_state: "Dead".into(),
                        group_id,
                        ..Default::default()
                    }
                }
                Some(d) => DescribedGroup {
                    group_id,
                    group_state: d.state.to_string(),
                    protocol_type: d.protocol_type,
                    protocol_data: d.protocol,
                    members: d
                        .members
                        .into_iter()
                        .map(|m| DescribedGroupMember {
                            member_id: m.member_id,
                            group_instance_id: if version >= 4 {
                                m.group_instance_id
                            } else {
                                None
                            },
                            client_id: m.client_id,
                            client_host: m.client_host,
                            member_metadata: m.metadata,
                            member_assignment: m.assignment,
                            ..Default::default()
                        })
                        .collect(),
                    ..Default::default()
                },
                // Kafka describes an unknown group as Dead, with no error before v6.
                None => DescribedGroup {
                    group_id,
                    group_state: "Dead".into(),
                    error_code: code::NONE,
                    ..Default::default()
                },
            },
        )
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
    DescribeGroupsResponse {
        groups,
        ..Default::default()
    }
}
