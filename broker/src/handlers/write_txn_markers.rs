//! WriteTxnMarkers: a transaction coordinator (or an admin aborting a
//! hanging transaction) asks this broker, as the leader, to write end
//! markers. Needs ClusterAction (else CLUSTER_AUTHORIZATION_FAILED on every
//! partition), as Kafka's. Each marker is appended and answered once its
//! partition's ISR has it; `__consumer_offsets` markers apply or drop the
//! producer's transactional offsets. Markers for the internal topics
//! (`__consumer_offsets`: they apply or drop transactional offsets) are
//! written only for another broker of the cluster, the coordinator, never
//! for a client, even without an authorizer (CLUSTER_AUTHORIZATION_FAILED).

use std::collections::{BTreeMap, BTreeSet};

use protocol::messages::write_txn_markers_response::{
    WritableTxnMarkerPartitionResult, WritableTxnMarkerResult, WritableTxnMarkerTopicResult,
};
use protocol::messages::{WriteTxnMarkersRequest, WriteTxnMarkersResponse};
use protocol::records::control::EndTransactionMarker;

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;

pub async fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    r: WriteTxnMarkersRequest,
) -> WriteTxnMarkersResponse {
    let authorized = broker.authorize(ctx, op::CLUSTER_ACTION, Resource::Cluster, CLUSTER);
    let internal = r
        .markers
        .iter()
        .flat_map(|m| &m.topics)
        .any(|t| metadata::topic::is_internal(&t.name));
    let from_broker = internal && broker.is_peer_broker(ctx.peer.ip()).await;
    let mut markers = Vec::with_capacity(r.markers.len());
    for m in r.markers {
        // A partition named twice gets one marker.
        let partitions: Vec<(String, i32)> = m
            .topics
            .iter()
            .flat_map(|t| t.partition_indexes.iter().map(|p| (t.name.clone(), *p)))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let (allowed, refused): (Vec<_>, Vec<_>) = partitions
            .into_iter()
            .partition(|(topic, _)| !metadata::topic::is_internal(topic) || from_broker);
        if !refused.is_empty() {
            tracing::warn!(peer = %ctx.peer, "WriteTxnMarkers for internal topics from a client refused");
        }
        let partitions = allowed;
        let mut results = if authorized {
            let producer = ProducerIdAndEpoch {
                producer_id: m.producer_id,
                epoch: m.producer_epoch,
            };
            let marker = EndTransactionMarker {
                commit: m.transaction_result,
                coordinator_epoch: m.coordinator_epoch,
            };
            broker
                .write_markers_locally(producer, marker, &partitions)
                .await
        } else {
            partitions
                .into_iter()
                .map(|tp| (tp, code::CLUSTER_AUTHORIZATION_FAILED))
                .collect()
        };
        results.extend(
            refused
                .into_iter()
                .map(|tp| (tp, code::CLUSTER_AUTHORIZATION_FAILED)),
        );
        let mut topics: BTreeMap<String, Vec<WritableTxnMarkerPartitionResult>> = BTreeMap::new();
        for ((topic, index), c) in results {
            topics
                .entry(topic)
                .or_default()
                .push(WritableTxnMarkerPartitionResult {
                    partition_index: index,
                    error_code: c,
                    ..Default::default()
                });
        }
        markers.push(WritableTxnMarkerResult {
            producer_id: m.producer_id,
            topics: topics
                .into_iter()
                .map(|(name, partitions)| WritableTxnMarkerTopicResult {
                    name,
                    partitions,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        });
    }
    WriteTxnMarkersResponse {
        markers,
        ..Default::default()
    }
}
