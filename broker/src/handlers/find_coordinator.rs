//! FindCoordinator: this broker coordinates every group (single node; the
//! cluster issue routes by the `__consumer_offsets` partition leader).

use protocol::messages::find_coordinator_response::Coordinator;
use protocol::messages::{FindCoordinatorRequest, FindCoordinatorResponse};

use crate::broker::Broker;
use crate::error::code;

const KEY_TYPE_GROUP: i8 = 0;

pub async fn handle(
    broker: &Broker,
    version: i16,
    request: FindCoordinatorRequest,
) -> FindCoordinatorResponse {
    let (key_type, keys) = if version >= 4 {
        (request.key_type, request.coordinator_keys)
    } else {
        (request.key_type, vec![request.key])
    };
    let node = broker.state().brokers.get(&broker.config.node_id).cloned();
    let ready = broker.ensure_offsets_topic().await.is_ok();
    let coordinators: Vec<Coordinator> = keys
        .into_iter()
        .map(|key| {
            let mut c = Coordinator {
                key,
                node_id: -1,
                port: -1,
                ..Default::default()
            };
            match (&node, key_type) {
                (_, k) if k != KEY_TYPE_GROUP => {
                    // Transactions come with their own issue.
                    c.error_code = code::COORDINATOR_NOT_AVAILABLE;
                    c.error_message = Some("transaction coordinators are not available yet".into());
                }
                (Some(b), _) if ready => {
                    c.node_id = b.node_id;
                    c.host = b.host.clone();
                    c.port = b.port;
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
