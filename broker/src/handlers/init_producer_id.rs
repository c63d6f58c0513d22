//! InitProducerId for idempotent producers (the Java client's default).
//! Transactional ids come with the transactions issue.

use protocol::messages::{InitProducerIdRequest, InitProducerIdResponse};

use crate::broker::Broker;
use crate::error::{code, ApiError};

pub async fn handle(
    broker: &Broker,
    _version: i16,
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
