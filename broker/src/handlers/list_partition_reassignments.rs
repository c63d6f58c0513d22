//! ListPartitionReassignments (KIP-455, `kafka-reassign-partitions
//! --verify|--list`): the partitions being moved, with their replicas and
//! the replicas being added and removed (`metadata::reassignment`).
//!
//! Invariants, as Kafka's controller answers: Describe on the cluster is
//! required (else CLUSTER_AUTHORIZATION_FAILED at the top, nothing listed);
//! null topics means every partition; a partition that is unknown or not
//! being moved is left out, and one named twice is listed once.

use std::collections::BTreeSet;

use protocol::messages::list_partition_reassignments_response::{
    OngoingPartitionReassignment, OngoingTopicReassignment,
};
use protocol::messages::{ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::{code, ApiError};
use crate::request_context::RequestContext;

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    request: ListPartitionReassignmentsRequest,
) -> ListPartitionReassignmentsResponse {
    if !broker.authorize(ctx, op::DESCRIBE, Resource::Cluster, CLUSTER) {
        let e = ApiError::of(code::CLUSTER_AUTHORIZATION_FAILED);
        return ListPartitionReassignmentsResponse {
            error_code: e.code,
            error_message: Some(e.message),
            ..Default::default()
        };
    }
    let state = broker.state();
    let wanted: Option<BTreeSet<(String, i32)>> = request.topics.map(|topics| {
        topics
            .into_iter()
            .flat_map(|t| {
                t.partition_indexes
                    .into_iter()
                    .map(move |i| (t.name.clone(), i))
            })
            .collect()
    });
    let topics = state
        .topics
        .values()
        .filter_map(|t| {
            let partitions: Vec<OngoingPartitionReassignment> = t
                .partitions
                .iter()
                .zip(0..)
                .filter(|(p, i)| {
                    p.is_reassigning()
                        && wanted
                            .as_ref()
                            .is_none_or(|w| w.contains(&(t.name.clone(), *i)))
                })
                .map(|(p, i)| OngoingPartitionReassignment {
                    partition_index: i,
                    replicas: p.replicas.clone(),
                    adding_replicas: p.adding_replicas.clone(),
                    removing_replicas: p.removing_replicas.clone(),
                    ..Default::default()
                })
                .collect();
            (!partitions.is_empty()).then(|| OngoingTopicReassignment {
                name: t.name.clone(),
                partitions,
                ..Default::default()
            })
        })
        .collect();
    ListPartitionReassignmentsResponse {
        topics,
        ..Default::default()
    }
}
