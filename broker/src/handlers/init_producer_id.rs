//! InitProducerId: a new producer id for an idempotent producer (the Java
//! client's default), which needs IdempotentWrite on the cluster or Write
//! on some topic (KIP-679), else CLUSTER_AUTHORIZATION_FAILED; or, with a
//! transactional id, the transaction coordinator's id and epoch for it
//! (Write on the id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED; an empty
//! id is INVALID_REQUEST), as Kafka's. KIP-939's keep_prepared_txn (v6) is
//! not served.

use protocol::messages::{InitProducerIdRequest, InitProducerIdResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;

/// PRODUCER_FENCED is known to a client from these versions of the
/// transactional APIs; older ones are told INVALID_PRODUCER_EPOCH (Kafka's
/// responses downgrade it alike).
pub fn producer_fenced_for(version: i16, c: i16, fenced_from: i16) -> i16 {
    if c == code::PRODUCER_FENCED && version < fenced_from {
        code::INVALID_PRODUCER_EPOCH
    } else {
        c
    }
}

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
    if let Some(id) = &request.transactional_id {
        if id.is_empty() {
            response.error_code = code::INVALID_REQUEST;
        } else if !broker.authorize(ctx, op::WRITE, Resource::TransactionalId, id) {
            response.error_code = code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        } else {
            // KIP-360: a producer resuming after an error names its id and epoch.
            let expected = (request.producer_id >= 0).then_some(ProducerIdAndEpoch {
                producer_id: request.producer_id,
                epoch: request.producer_epoch,
            });
            match broker
                .init_transactional_producer(id, request.transaction_timeout_ms, expected)
                .await
            {
                Ok(p) => {
                    response.producer_id = p.producer_id;
                    response.producer_epoch = p.epoch;
                }
                Err(c) => response.error_code = producer_fenced_for(ctx.version, c, 4),
            }
        }
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
