//! ListGroups, with the state filter of v4+ and the type filter of v5+.
//! A client with Describe on the cluster sees every group; others, the
//! groups they may Describe (as Kafka's).

use protocol::messages::list_groups_response::ListedGroup;
use protocol::messages::{ListGroupsRequest, ListGroupsResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: ListGroupsRequest,
) -> ListGroupsResponse {
    let version = ctx.version;
    let state = broker.state();
    let authorizer = &broker.authorizer;
    let sees_all = authorizer.allows(&state.acls, ctx, op::DESCRIBE, Resource::Cluster, CLUSTER);
    let may_describe = |group: &str| {
        sees_all || authorizer.allows(&state.acls, ctx, op::DESCRIBE, Resource::Group, group)
    };
    let wanted = |filter: &[String], value: &str| {
        filter.is_empty() || filter.iter().any(|f| f.eq_ignore_ascii_case(value))
    };
    let groups = broker
        .groups
        .list()
        .into_iter()
        .filter(|(group_id, state, _, group_type)| {
            wanted(&r.states_filter, state)
                && wanted(&r.types_filter, group_type)
                && may_describe(group_id)
        })
        .map(|(group_id, state, protocol_type, group_type)| ListedGroup {
            group_id,
            protocol_type,
            group_state: if version >= 4 {
                state.to_string()
            } else {
                String::new()
            },
            group_type: if version >= 5 {
                group_type.to_string()
            } else {
                String::new()
            },
            ..Default::default()
        })
        .collect();
    ListGroupsResponse {
        groups,
        ..Default::default()
    }
}
