//! TxnOffsetCommit: offsets committed inside a transaction (Kafka's
//! `sendOffsetsToTransaction`). They are written to `__consumer_offsets` as
//! the producer's transactional batch and apply only when the transaction's
//! commit marker reaches that partition (dropped on an abort).
//!
//! As Kafka's KafkaApis and group coordinator: Write on the transactional
//! id (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED), Read on the group
//! (GROUP_AUTHORIZATION_FAILED) and on each topic
//! (TOPIC_AUTHORIZATION_FAILED), an existing partition
//! (UNKNOWN_TOPIC_OR_PARTITION), the coordinator's checks, and the member
//! and generation when the client names them (v3+). From v5 (a
//! Transactions V2 client, which sends no AddOffsetsToTxn) the group's
//! offsets partition is added to the transaction first, as Kafka's group
//! coordinator does; v6 (topic ids) is not served.

use protocol::messages::txn_offset_commit_response::{
    TxnOffsetCommitResponsePartition, TxnOffsetCommitResponseTopic,
};
use protocol::messages::{TxnOffsetCommitRequest, TxnOffsetCommitResponse};

use crate::authorizer::{op, Resource};
use crate::broker::Broker;
use crate::error::code;
use crate::group::coordinator::now_ms;
use crate::group::offsets::{partition_for, OFFSETS_TOPIC};
use crate::handlers::commit_checks::CommitChecks;
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: TxnOffsetCommitRequest,
) -> TxnOffsetCommitResponse {
    let group_error = if !broker.authorize(
        ctx,
        op::WRITE,
        Resource::TransactionalId,
        &r.transactional_id,
    ) {
        code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED
    } else if r.group_id.is_empty() {
        code::INVALID_GROUP_ID
    } else {
        match broker.group_status(ctx, op::READ, &r.group_id) {
            code::NONE => broker.groups.check_commit(
                &r.group_id,
                &r.member_id,
                r.generation_id_or_member_epoch,
                r.group_instance_id.as_deref(),
            ),
            c => c,
        }
    };
    let mut checks = CommitChecks::new(broker, ctx, group_error, true, now_ms());
    for t in &r.topics {
        checks.topic(
            &t.name,
            t.partitions.iter().map(|p| {
                (
                    p.partition_index,
                    p.committed_offset,
                    p.committed_leader_epoch,
                    p.committed_metadata.as_deref(),
                )
            }),
        );
    }
    let (codes, entries) = (checks.codes, checks.entries);
    let producer = ProducerIdAndEpoch {
        producer_id: r.producer_id,
        epoch: r.producer_epoch,
    };
    let added = if ctx.version >= 5 && !entries.is_empty() {
        add_offsets_partition(broker, &r, producer).await
    } else {
        code::NONE
    };
    let write_error = if added != code::NONE {
        added
    } else {
        match broker
            .write_offsets_as(&r.group_id, entries, Some(producer))
            .await
        {
            // Kafka's TxnOffsetCommit answers an old epoch as fenced.
            code::INVALID_PRODUCER_EPOCH => code::PRODUCER_FENCED,
            c => c,
        }
    };
    let topics = r
        .topics
        .into_iter()
        .zip(codes)
        .map(|(t, topic_codes)| TxnOffsetCommitResponseTopic {
            name: t.name,
            partitions: t
                .partitions
                .iter()
                .zip(topic_codes)
                .map(|(p, c)| TxnOffsetCommitResponsePartition {
                    partition_index: p.partition_index,
                    error_code: if c == code::NONE { write_error } else { c },
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        })
        .collect();
    TxnOffsetCommitResponse {
        topics,
        ..Default::default()
    }
}

/// Transactions V2: the group's `__consumer_offsets` partition joins the
/// producer's transaction (the implicit AddOffsetsToTxn). The code to
/// answer for every partition when it cannot.
async fn add_offsets_partition(
    broker: &Broker,
    r: &TxnOffsetCommitRequest,
    producer: ProducerIdAndEpoch,
) -> i16 {
    let Some(topic) = broker.state().topic(OFFSETS_TOPIC).cloned() else {
        return code::COORDINATOR_NOT_AVAILABLE;
    };
    let index = partition_for(&r.group_id, topic.partitions.len() as i32);
    let partitions = [(OFFSETS_TOPIC.to_string(), index)];
    let answers = broker
        .verify_in_transaction(&r.transactional_id, producer, &partitions, true)
        .await;
    match answers
        .first()
        .map_or(code::UNKNOWN_SERVER_ERROR, |(_, c)| *c)
    {
        code::NONE => code::NONE,
        code::TRANSACTION_ABORTABLE => code::INVALID_TXN_STATE,
        code::INVALID_PRODUCER_EPOCH | code::INVALID_PRODUCER_ID_MAPPING => code::PRODUCER_FENCED,
        // The transaction coordinator is moving or busy: the client retries.
        code::NOT_COORDINATOR
        | code::COORDINATOR_NOT_AVAILABLE
        | code::CONCURRENT_TRANSACTIONS
        | code::NETWORK_EXCEPTION => code::COORDINATOR_LOAD_IN_PROGRESS,
        c => c,
    }
}
