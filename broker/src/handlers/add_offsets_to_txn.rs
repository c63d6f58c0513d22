//! AddOffsetsToTxn: the producer's transaction will commit offsets for a
//! group, so the group's `__consumer_offsets` partition joins it (and gets
//! its marker). Write on the transactional id (else
//! TRANSACTIONAL_ID_AUTHORIZATION_FAILED) and Read on the group (else
//! GROUP_AUTHORIZATION_FAILED), as Kafka's.

use std::collections::BTreeSet;

use protocol::messages::{AddOffsetsToTxnRequest, AddOffsetsToTxnResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::offsets::{partition_for, OFFSETS_TOPIC};
use crate::handlers::init_producer_id::producer_fenced_for;
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: AddOffsetsToTxnRequest,
) -> AddOffsetsToTxnResponse {
    let error_code = if !broker.authorize(
        ctx,
        op::WRITE,
        Resource::TransactionalId,
        &r.transactional_id,
    ) {
        code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED
    } else if !broker.authorize(ctx, op::READ, Resource::Group, &r.group_id) {
        code::GROUP_AUTHORIZATION_FAILED
    } else {
        add(broker, ctx, &r).await
    };
    AddOffsetsToTxnResponse {
        error_code,
        ..Default::default()
    }
}

async fn add(broker: &Broker, ctx: &RequestContext<'_>, r: &AddOffsetsToTxnRequest) -> i16 {
    // The group's partition: the offsets topic is created on first use.
    if let Err(e) = broker.ensure_offsets_topic().await {
        if e.code != code::TOPIC_ALREADY_EXISTS {
            tracing::warn!(error = %e.message, "cannot create {OFFSETS_TOPIC}");
            return code::COORDINATOR_NOT_AVAILABLE;
        }
    }
    let Some(topic) = broker.state().topic(OFFSETS_TOPIC).cloned() else {
        return code::COORDINATOR_NOT_AVAILABLE;
    };
    let index = partition_for(&r.group_id, topic.partitions.len() as i32);
    let partitions = BTreeSet::from([(OFFSETS_TOPIC.to_string(), index)]);
    let producer = ProducerIdAndEpoch {
        producer_id: r.producer_id,
        epoch: r.producer_epoch,
    };
    match broker
        .add_partitions_to_transaction(&r.transactional_id, producer, &partitions, 1)
        .await
    {
        Ok(()) => code::NONE,
        Err(c) => producer_fenced_for(ctx.version, c, 2),
    }
}
