//! JoinGroup: join (or rejoin) a classic group; answered when the rebalance completes.

use protocol::messages::join_group_response::JoinGroupResponseMember;
use protocol::messages::{JoinGroupRequest, JoinGroupResponse};

use crate::authorizer::op;
use crate::broker::Broker;
use crate::group::classic::JoinArgs;
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: JoinGroupRequest,
) -> JoinGroupResponse {
    let version = ctx.version;
    let status = broker.group_status(ctx, op::READ, &r.group_id);
    if status != crate::error::code::NONE {
        return JoinGroupResponse {
            error_code: status,
            generation_id: -1,
            member_id: r.member_id,
            protocol_name: (version < 7).then(String::new),
            ..Default::default()
        };
    }
    let args = JoinArgs {
        member_id: r.member_id,
        group_instance_id: r.group_instance_id,
        client_id: ctx.client_id.to_string(),
        client_host: ctx.client_host(),
        session_timeout_ms: r.session_timeout_ms,
        // v0 has no rebalance timeout: it equals the session timeout.
        rebalance_timeout_ms: if version >= 1 {
            r.rebalance_timeout_ms
        } else {
            r.session_timeout_ms
        },
        protocol_type: r.protocol_type,
        protocols: r
            .protocols
            .into_iter()
            .map(|p| (p.name, p.metadata))
            .collect(),
        require_known_member_id: version >= 4,
    };
    let result = broker.groups.join(&r.group_id, args).await;
    JoinGroupResponse {
        error_code: result.error_code,
        generation_id: result.generation_id,
        protocol_type: if version >= 7 {
            result.protocol_type
        } else {
            None
        },
        protocol_name: result.protocol_name.or(if version >= 7 {
            None
        } else {
            Some(String::new())
        }),
        leader: result.leader,
        member_id: result.member_id,
        members: result
            .members
            .into_iter()
            .map(
                |(member_id, group_instance_id, metadata)| JoinGroupResponseMember {
                    member_id,
                    group_instance_id: if version >= 5 {
                        group_instance_id
                    } else {
                        None
                    },
                    metadata,
                    ..Default::default()
                },
            )
            .collect(),
        ..Default::default()
    }
}
