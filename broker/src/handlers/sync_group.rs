//! SyncGroup: the leader hands out assignments; everyone gets theirs once
//! the group's record (`group/classic/stored.rs`) is written.

use protocol::messages::{SyncGroupRequest, SyncGroupResponse};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: SyncGroupRequest,
) -> SyncGroupResponse {
    let version = ctx.version;
    let status = broker.group_status(ctx, op::READ, &r.group_id);
    if status != crate::error::code::NONE {
        return SyncGroupResponse {
            error_code: status,
            ..Default::default()
        };
    }
    let assignments = r
        .assignments
        .into_iter()
        .map(|a| (a.member_id, a.assignment))
        .collect();
    let result = broker
        .groups
        .sync(
            &r.group_id,
            &r.member_id,
            r.generation_id,
            r.group_instance_id.as_deref(),
            assignments,
        )
        .await;
    // The group's record is written before the answer (Kafka's storeGroup
    // before it completes the SyncGroup of the leader): a coordinator that
    // takes over restores the group in this generation.
    let stored = broker.store_groups().await;
    let error_code = if result.error_code == crate::error::code::NONE {
        stored
    } else {
        result.error_code
    };
    SyncGroupResponse {
        error_code,
        protocol_type: if version >= 5 {
            result.protocol_type
        } else {
            None
        },
        protocol_name: if version >= 5 {
            result.protocol_name
        } else {
            None
        },
        assignment: result.assignment,
        ..Default::default()
    }
}
