//! UnregisterBroker (KIP-631, `kafka-cluster unregister`, `tributary cluster
//! remove-broker`): a decommissioned broker's registration leaves the
//! metadata (Command::UnregisterBroker: it leaves the ISRs first, as a
//! fenced broker does).
//!
//! Invariants, as Kafka's controller answers: Alter on the cluster is
//! required (else CLUSTER_AUTHORIZATION_FAILED); an id not registered is
//! BROKER_ID_NOT_REGISTERED with Kafka's message. Like Kafka, the controller
//! does not refuse a broker that still holds replicas (they stay listed,
//! offline); `tributary cluster remove-broker` checks that before asking.

use metadata::Command;
use protocol::messages::{UnregisterBrokerRequest, UnregisterBrokerResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, metadata_error_code, ApiError};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: UnregisterBrokerRequest,
) -> UnregisterBrokerResponse {
    let node_id = request.broker_id;
    let result = if !broker.authorize(ctx, op::ALTER, Resource::Cluster, CLUSTER) {
        Err(ApiError::of(code::CLUSTER_AUTHORIZATION_FAILED))
    } else {
        broker
            .metadata
            .submit(Command::UnregisterBroker { node_id })
            .await
            .map(|_| tracing::info!(node_id, "broker unregistered"))
            .map_err(|e| ApiError::new(metadata_error_code(&e), e.to_string()))
    };
    let (error_code, error_message) = match result {
        Ok(()) => (code::NONE, None),
        Err(e) => (e.code, Some(e.message)),
    };
    UnregisterBrokerResponse {
        error_code,
        error_message,
        ..Default::default()
    }
}
