//! Heartbeat: keeps a member's session alive and tells it when to rejoin.

use protocol::messages::{HeartbeatRequest, HeartbeatResponse};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::request_context::RequestContext;

pub fn handle(broker: &Broker, ctx: &RequestContext<'_>, r: HeartbeatRequest) -> HeartbeatResponse {
    let status = broker.group_status(ctx, op::READ, &r.group_id);
    if status != crate::error::code::NONE {
        return HeartbeatResponse {
            error_code: status,
            ..Default::default()
        };
    }
    HeartbeatResponse {
        error_code: broker.groups.heartbeat(
            &r.group_id,
            &r.member_id,
            r.generation_id,
            r.group_instance_id.as_deref(),
        ),
        ..Default::default()
    }
}
