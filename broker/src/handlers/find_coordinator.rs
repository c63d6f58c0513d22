//! FindCoordinator: a group's coordinator is the leader of its
//! `__consumer_offsets` partition, a transactional id's the leader of its
//! `__transaction_state` partition (each topic created on first use, as in
//! Kafka). A client needs Describe on the group (else
//! GROUP_AUTHORIZATION_FAILED) or the transactional id (else
//! TRANSACTIONAL_ID_AUTHORIZATION_FAILED). Share coordinators (key type 2)
//! are not served: COORDINATOR_NOT_AVAILABLE; another key type is
//! INVALID_REQUEST.

use protocol::messages::find_coordinator_response::Coordinator;
use protocol::messages::{FindCoordinatorRequest, FindCoordinatorResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::offsets::{partition_for, OFFSETS_TOPIC};
use crate::request_context::RequestContext;
use crate::transaction::transaction_log::TRANSACTION_STATE_TOPIC;

const KEY_TYPE_GROUP: i8 = 0;
const KEY_TYPE_TRANSACTION: i8 = 1;
const KEY_TYPE_SHARE: i8 = 2;

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
    // The coordinator's topic, the resource a client must Describe, and the
    // error when it may not; `None`: a key type not served.
    let kind = match key_type {
        KEY_TYPE_GROUP => Some((
            OFFSETS_TOPIC,
            Resource::Group,
            code::GROUP_AUTHORIZATION_FAILED,
            "Group authorization failed.",
            broker.ensure_offsets_topic().await.is_ok(),
        )),
        KEY_TYPE_TRANSACTION => Some((
            TRANSACTION_STATE_TOPIC,
            Resource::TransactionalId,
            code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
            "Transactional Id authorization failed.",
            broker.ensure_transaction_topic().await.is_ok(),
        )),
        _ => None,
    };
    let state = broker.state();
    let coordinator_of = |topic: &str, key: &str| {
        let partitions = state.topic(topic)?.partitions.len() as i32;
        let p = state.partition(topic, partition_for(key, partitions))?;
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
            let Some((topic, resource, denied, denied_message, ready)) = kind else {
                (c.error_code, c.error_message) = if key_type == KEY_TYPE_SHARE {
                    (
                        code::COORDINATOR_NOT_AVAILABLE,
                        Some("share coordinators are not served".into()),
                    )
                } else {
                    (
                        code::INVALID_REQUEST,
                        Some("Unknown coordinator type in FindCoordinator request".into()),
                    )
                };
                return c;
            };
            if !broker
                .authorizer
                .authorize(&state.acls, ctx, op::DESCRIBE, resource, &c.key)
            {
                c.error_code = denied;
                c.error_message = Some(denied_message.into());
                return c;
            }
            match coordinator_of(topic, &c.key) {
                Some((node_id, host, port)) if ready => {
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
