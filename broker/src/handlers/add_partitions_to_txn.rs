//! AddPartitionsToTxn. Versions 0-3 come from a transactional producer:
//! its partitions join its open transaction. Versions 4-5 come from a
//! partition leader (ClusterAction, else CLUSTER_AUTHORIZATION_FAILED for
//! the whole request), batching transactions, each either verified only
//! (KIP-890 part 1: is the partition in the transaction?) or added.
//!
//! Per transaction, as Kafka's KafkaApis: Write on the transactional id
//! (else TRANSACTIONAL_ID_AUTHORIZATION_FAILED on every partition), Write
//! on each topic (TOPIC_AUTHORIZATION_FAILED) and an existing partition
//! (UNKNOWN_TOPIC_OR_PARTITION); when one partition fails that way the
//! others are OPERATION_NOT_ATTEMPTED. A coordinator error is every
//! partition's. A partition named twice is answered once.

use std::collections::{BTreeMap, BTreeSet};

use protocol::messages::add_partitions_to_txn_request::{
    AddPartitionsToTxnTopic, AddPartitionsToTxnTransaction,
};
use protocol::messages::add_partitions_to_txn_response::{
    AddPartitionsToTxnPartitionResult, AddPartitionsToTxnResult, AddPartitionsToTxnTopicResult,
};
use protocol::messages::{AddPartitionsToTxnRequest, AddPartitionsToTxnResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::handlers::init_producer_id::producer_fenced_for;
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;
use crate::transaction::transaction_metadata::TopicPartition;

/// The client transaction version of an add: a client that adds its
/// partitions itself is V1; a leader adding them for a V2 client (v4+,
/// not verify-only) is V2.
fn client_transaction_version(version: i16) -> i16 {
    if version >= 4 {
        2
    } else {
        1
    }
}

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: AddPartitionsToTxnRequest,
) -> AddPartitionsToTxnResponse {
    if ctx.version < 4 {
        let txn = AddPartitionsToTxnTransaction {
            transactional_id: request.v3_and_below_transactional_id,
            producer_id: request.v3_and_below_producer_id,
            producer_epoch: request.v3_and_below_producer_epoch,
            verify_only: false,
            topics: request.v3_and_below_topics,
            ..Default::default()
        };
        let result = one_transaction(broker, ctx, txn).await;
        return AddPartitionsToTxnResponse {
            results_by_topic_v3_and_below: result.topic_results,
            ..Default::default()
        };
    }
    if !broker.authorize(ctx, op::CLUSTER_ACTION, Resource::Cluster, CLUSTER) {
        return AddPartitionsToTxnResponse {
            error_code: code::CLUSTER_AUTHORIZATION_FAILED,
            ..Default::default()
        };
    }
    let mut seen = BTreeSet::new();
    let mut results = Vec::new();
    for txn in request.transactions {
        // Kafka refuses a request naming an id twice.
        if !seen.insert(txn.transactional_id.clone()) {
            return AddPartitionsToTxnResponse {
                error_code: code::INVALID_REQUEST,
                ..Default::default()
            };
        }
        results.push(one_transaction(broker, ctx, txn).await);
    }
    AddPartitionsToTxnResponse {
        results_by_transaction: results,
        ..Default::default()
    }
}

async fn one_transaction(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    txn: AddPartitionsToTxnTransaction,
) -> AddPartitionsToTxnResult {
    let partitions = partitions_of(&txn.topics);
    let id = txn.transactional_id.as_str();
    let producer = ProducerIdAndEpoch {
        producer_id: txn.producer_id,
        epoch: txn.producer_epoch,
    };
    let mut errors: BTreeMap<TopicPartition, i16> = BTreeMap::new();
    let all = |c: i16| partitions.iter().map(|tp| (tp.clone(), c)).collect();
    if !broker.authorize(ctx, op::WRITE, Resource::TransactionalId, id) {
        errors = all(code::TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    } else if txn.verify_only {
        match broker.verify_transaction_partitions(
            id,
            producer,
            &partitions.iter().cloned().collect::<Vec<_>>(),
        ) {
            Ok(answers) => errors.extend(answers),
            Err(c) => errors = all(c),
        }
    } else {
        let state = broker.state();
        for tp in &partitions {
            let (topic, index) = (&tp.0, tp.1);
            if !broker.authorize(ctx, op::WRITE, Resource::Topic, topic) {
                errors.insert(tp.clone(), code::TOPIC_AUTHORIZATION_FAILED);
            } else if state.partition(topic, index).is_none() {
                errors.insert(tp.clone(), code::UNKNOWN_TOPIC_OR_PARTITION);
            }
        }
        if !errors.is_empty() {
            for tp in &partitions {
                errors
                    .entry(tp.clone())
                    .or_insert(code::OPERATION_NOT_ATTEMPTED);
            }
        } else {
            let c = match broker
                .add_partitions_to_transaction(
                    id,
                    producer,
                    &partitions,
                    client_transaction_version(ctx.version),
                )
                .await
            {
                Ok(()) => code::NONE,
                Err(c) => producer_fenced_for(ctx.version, c, 2),
            };
            errors = all(c);
        }
    }
    AddPartitionsToTxnResult {
        transactional_id: txn.transactional_id,
        topic_results: by_topic(errors),
        ..Default::default()
    }
}

/// The request's partitions, each once.
fn partitions_of(topics: &[AddPartitionsToTxnTopic]) -> BTreeSet<TopicPartition> {
    topics
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| (t.name.clone(), *p)))
        .collect()
}

fn by_topic(errors: BTreeMap<TopicPartition, i16>) -> Vec<AddPartitionsToTxnTopicResult> {
    let mut topics: BTreeMap<String, Vec<AddPartitionsToTxnPartitionResult>> = BTreeMap::new();
    for ((topic, index), c) in errors {
        topics
            .entry(topic)
            .or_default()
            .push(AddPartitionsToTxnPartitionResult {
                partition_index: index,
                partition_error_code: c,
                ..Default::default()
            });
    }
    topics
        .into_iter()
        .map(
            |(name, results_by_partition)| AddPartitionsToTxnTopicResult {
                name,
                results_by_partition,
                ..Default::default()
            },
        )
        .collect()
}
