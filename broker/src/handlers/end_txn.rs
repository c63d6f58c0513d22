//! EndTxn: the producer commits or aborts its transaction. The coordinator
//! writes PrepareCommit/PrepareAbort and answers; the markers and the
//! completion follow (`broker/transaction_marker_channel_manager.rs`).
//! Write on the transactional id, else TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
//! v5 (Transactions V2) answers the producer id and epoch to use next.

use protocol::messages::{EndTxnRequest, EndTxnResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::handlers::init_producer_id::producer_fenced_for;
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;

pub async fn handle(broker: &Broker, ctx: &RequestContext<'_>, r: EndTxnRequest) -> EndTxnResponse {
    let mut response = EndTxnResponse {
        producer_id: -1,
        producer_epoch: -1,
        ..Default::default()
    };
    if !broker.authorize(
        ctx,
        op::WRITE,
        Resource::TransactionalId,
        &r.transactional_id,
    ) {
        response.error_code = code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
        return response;
    }
    let producer = ProducerIdAndEpoch {
        producer_id: r.producer_id,
        epoch: r.producer_epoch,
    };
    // v5 is a Transactions V2 client: its epoch bumps at every end.
    let client_transaction_version = if ctx.version >= 5 { 2 } else { 1 };
    match broker
        .end_transaction(
            &r.transactional_id,
            producer,
            r.committed,
            client_transaction_version,
        )
        .await
    {
        Ok(next) => {
            response.producer_id = next.producer_id;
            response.producer_epoch = next.epoch;
        }
        Err(c) => response.error_code = producer_fenced_for(ctx.version, c, 2),
    }
    response
}
