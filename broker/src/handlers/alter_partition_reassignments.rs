//! AlterPartitionReassignments (KIP-455, `kafka-reassign-partitions
//! --execute|--cancel`): starts moving partitions to new replicas, or
//! cancels a move (null replicas). The move itself is the controller's
//! (`metadata::reassignment`); each partition is one metadata command, and
//! the answer comes once it is committed, not once the move is done.
//!
//! Invariants, as Kafka's controller answers: Alter on the cluster is
//! required (else CLUSTER_AUTHORIZATION_FAILED at the top and for every
//! partition); an unknown topic or partition is UNKNOWN_TOPIC_OR_PARTITION;
//! a bad target is INVALID_REPLICA_ASSIGNMENT with Kafka's message
//! (`metadata::reassignment::validate_target`); a cancel with nothing in
//! progress is NO_REASSIGNMENT_IN_PROGRESS; with
//! `AllowReplicationFactorChange` false (v1), a target of another size than
//! the replicas before the move is INVALID_REPLICATION_FACTOR. A partition
//! named twice is answered once, for its last mention.

use std::collections::BTreeMap;

use metadata::Command;
use protocol::messages::alter_partition_reassignments_response::{
    ReassignablePartitionResponse, ReassignableTopicResponse,
};
use protocol::messages::{AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, metadata_error_code, ApiError};
use crate::request_context::RequestContext;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: AlterPartitionReassignmentsRequest,
) -> AlterPartitionReassignmentsResponse {
    // (topic, partition) -> target, each once (the last mention wins).
    let mut wanted: BTreeMap<String, BTreeMap<i32, Option<Vec<i32>>>> = BTreeMap::new();
    for t in request.topics {
        let partitions = wanted.entry(t.name).or_default();
        for p in t.partitions {
            partitions.insert(p.partition_index, p.replicas);
        }
    }
    let authorized = broker.authorize(ctx, op::ALTER, Resource::Cluster, CLUSTER);
    let mut responses = Vec::with_capacity(wanted.len());
    for (topic, partitions) in wanted {
        let mut answers = Vec::with_capacity(partitions.len());
        for (index, target) in partitions {
            let result = if authorized {
                reassign(
                    broker,
                    &topic,
                    index,
                    target,
                    request.allow_replication_factor_change,
                )
                .await
            } else {
                Err(ApiError::of(code::CLUSTER_AUTHORIZATION_FAILED))
            };
            let (error_code, error_message) = match result {
                Ok(()) => (code::NONE, None),
                Err(e) => (e.code, Some(e.message)),
            };
            answers.push(ReassignablePartitionResponse {
                partition_index: index,
                error_code,
                error_message,
                ..Default::default()
            });
        }
        responses.push(ReassignableTopicResponse {
            name: topic,
            partitions: answers,
            ..Default::default()
        });
    }
    let top = if authorized {
        (code::NONE, None)
    } else {
        let e = ApiError::of(code::CLUSTER_AUTHORIZATION_FAILED);
        (e.code, Some(e.message))
    };
    AlterPartitionReassignmentsResponse {
        allow_replication_factor_change: request.allow_replication_factor_change,
        error_code: top.0,
        error_message: top.1,
        responses,
        ..Default::default()
    }
}

async fn reassign(
    broker: &Broker,
    topic: &str,
    index: i32,
    target: Option<Vec<i32>>,
    allow_replication_factor_change: bool,
) -> Result<(), ApiError> {
    let state = broker.state();
    let p = state
        .partition(topic, index)
        .ok_or_else(|| ApiError::of(code::UNKNOWN_TOPIC_OR_PARTITION))?;
    if let Some(target) = &target {
        metadata::reassignment::validate_target(target, |r| state.brokers.contains_key(&r))
            .map_err(|m| ApiError::new(code::INVALID_REPLICA_ASSIGNMENT, m))?;
        let before = p.replicas.len() - p.adding_replicas.len();
        if !allow_replication_factor_change && target.len() != before {
            return Err(ApiError::new(
                code::INVALID_REPLICATION_FACTOR,
                format!(
                    "The replication factor is changed from {before} to {} but allowReplicationFactorChange is false",
                    target.len()
                ),
            ));
        }
    } else if !p.is_reassigning() {
        return Err(ApiError::of(code::NO_REASSIGNMENT_IN_PROGRESS));
    }
    let command = Command::AlterPartitionReassignment {
        topic: topic.to_string(),
        partition: index,
        target: target.clone(),
    };
    broker
        .metadata
        .submit(command)
        .await
        .map_err(|e| ApiError::new(metadata_error_code(&e), e.to_string()))?;
    match target {
        Some(t) => {
            tracing::info!(topic, partition = index, target = ?t, "partition reassignment started")
        }
        None => tracing::info!(topic, partition = index, "partition reassignment cancelled"),
    }
    Ok(())
}
