//! DeleteGroups: only empty groups; their committed offsets are tombstoned.
//! A client needs Delete on each group (else GROUP_AUTHORIZATION_FAILED).

use protocol::messages::delete_groups_response::DeletableGroupResult;
use protocol::messages::{DeleteGroupsRequest, DeleteGroupsResponse};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: DeleteGroupsRequest,
) -> DeleteGroupsResponse {
    let mut results = Vec::with_capacity(r.groups_names.len());
    for group_id in r.groups_names {
        let status = broker.group_status(ctx, op::DELETE, &group_id);
        let error_code = if status != code::NONE {
            status
        } else if !broker.groups.exists(&group_id) {
            code::GROUP_ID_NOT_FOUND
        } else if broker.groups.has_members(&group_id) {
            code::NON_EMPTY_GROUP
        } else {
            broker.delete_group(&group_id).await
        };
        results.push(DeletableGroupResult {
            group_id,
            error_code,
            ..Default::default()
        });
    }
    DeleteGroupsResponse {
        results,
        ..Default::default()
    }
}
