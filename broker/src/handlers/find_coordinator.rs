//! FindCoordinator: a group's coordinator is the leader of its
//! `__consumer_offsets` partition (created on first use, as in Kafka).
//! A client needs Describe on the group (else GROUP_AUTHORIZATION_FAILED).

use protocol::messages::find_coordinator_response::Coordinator;
use protocol::messages::{FindCoordinatorRequest, FindCoordinatorResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::offsets::{partition_for, OFFSETS_TOPIC};
use crate::request_context::RequestContext;

const KEY_TYPE_GROUP: i8 = 0;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: FindCoordinatorRequest,
) -> FindCoordinatorResponse {
    let version = ctx.version;
    let (key_type, keys) = if version >= 4 {
        (request.key_type, request.coordinator_keys)
    } else {
        (request.key_type, vec![request.key])
    };
    let ready = broker.ensure_offsets_topic().await.is_ok();
    let state = broker.state();
    let partitions = state
        .topic(OFFSETS_TOPIC)
        .map_or(1, |t| t.partitions.len() as i32);
    let coordinator_of = |group: &str| {
        let p = state.partition(OFFSETS_TOPIC, partition_for(group, partitions))?;
        let b = state.brokers.get(&p.leader).filter(|b| !b.fenced)?;
        let (host, port) = b.endpoint(ctx.listener)?;
        Some((b.node_id, host.to_string(), port))
    };
    let coordinators: Vec<Coordinator> = keys
        .into_iter()
        .map(|key| {
            let mut c = Coordinator {
                key,
                node_id: -1,
                port: -1,
                ..Default::default()
            };
            let may_describe = || {
                broker
                    .authorizer
                    .authorize(&state.acls, ctx, op::DESCRIBE, Resource::Group, &c.key)
            };
            match (coordinator_of(&c.key), key_type) {
                (_, KEY_TYPE_GROUP) if !may_describe() => {
                    c.error_code = code::GROUP_AUTHORIZATION_FAILED;
                    c.error_message = Some("Group authorization failed.".into());
                }
                (_, k) if k != KEY_TYPE_GROUP => {
                    // Transactions come with their own issue.
                    c.error_code = code::COORDINATOR_NOT_AVAILABLE;
                    c.error_message = Some("transaction coordinators are not available yet".into());
                }
                (Some((node_id, host, port)), _) if ready => {
                    c.node_id = node_id;
                    c.host = host;
                    c.port = port;
                }
                _ => c.error_code = code::COORDINATOR_NOT_AVAILABLE,
            }
            c
        })
        .collect();
    if version >= 4 {
        return FindCoordinatorResponse {
            coordinators,
            ..Default::default()
        };
    }
    let c = coordinators.into_iter().next().unwrap_or_default();
    FindCoordinatorResponse {
        error_code: c.error_code,
        error_message: if version >= 1 { c.error_message } else { None },
        node_id: c.node_id,
        host: c.host,
        port: c.port,
        ..Default::default()
    }
}
