//! WriteTxnMarkers: a transaction coordinator (or an admin aborting a
//! hanging transaction) asks this broker, as the leader, to write end
//! markers. Needs ClusterAction (else CLUSTER_AUTHORIZATION_FAILED on every
//! partition), as Kafka's. Each marker is appended and answered once its
//! partition's ISR has it; `__consumer_offsets` markers apply or drop the
//! producer's transactional offsets.

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
        let results = if authorized {
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
