//! InitProducerId for idempotent producers (the Java client's default).
//! Transactional ids come with the transactions issue. A client needs
//! IdempotentWrite on the cluster or Write on some topic (KIP-679), else
//! CLUSTER_AUTHORIZATION_FAILED, as Kafka's.

use protocol::messages::{InitProducerIdRequest, InitProducerIdResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: InitProducerIdRequest,
) -> InitProducerIdResponse {
    let mut response = InitProducerIdResponse {
        producer_id: -1,
        producer_epoch: -1,
        ..Default::default()
    };
    if request.transactional_id.is_some() {
        response.error_code = code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        return response;
    }
    let state = broker.state();
    let authorizer = &broker.authorizer;
    let may_write = authorizer.allows(
        &state.acls,
        ctx,
        op::IDEMPOTENT_WRITE,
        Resource::Cluster,
        CLUSTER,
    ) || authorizer.authorize_any(&state.acls, ctx, op::WRITE, Resource::Topic);
    if !may_write {
        response.error_code = code::CLUSTER_AUTHORIZATION_FAILED;
        return response;
    }
    match broker.next_producer_id().await {
        Ok(id) => {
            response.producer_id = id;
            response.producer_epoch = 0;
        }
        Err(ApiError {
            code: c,
            message: msg,
        }) => {
            tracing::warn!(error = %msg, "cannot allocate a producer id");
            response.error_code = c;
        }
    }
    response
}
