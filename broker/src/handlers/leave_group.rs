//! LeaveGroup: one member (v0-v2) or a batch of members (v3+, KIP-345).

use protocol::messages::leave_group_response::MemberResponse;
use protocol::messages::{LeaveGroupRequest, LeaveGroupResponse};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: LeaveGroupRequest,
) -> LeaveGroupResponse {
    let version = ctx.version;
    let status = broker.group_status(ctx, op::READ, &r.group_id);
    if status != code::NONE {
        return LeaveGroupResponse {
            error_code: status,
            ..Default::default()
        };
    }
    let members: Vec<(String, Option<String>)> = if version >= 3 {
        r.members
            .into_iter()
            .map(|m| (m.member_id, m.group_instance_id))
            .collect()
    } else {
        vec![(r.member_id, None)]
    };
    let Some(codes) = broker.groups.leave(&r.group_id, &members) else {
        return LeaveGroupResponse {
            error_code: code::UNKNOWN_MEMBER_ID,
            ..Default::default()
        };
    };
    if version < 3 {
        return LeaveGroupResponse {
            error_code: codes[0],
            ..Default::default()
        };
    }
    LeaveGroupResponse {
        members: members
            .into_iter()
            .zip(codes)
            .map(
                |((member_id, group_instance_id), error_code)| MemberResponse {
                    member_id,
                    group_instance_id,
                    error_code,
                    ..Default::default()
                },
            )
            .collect(),
        ..Default::default()
    }
}
