//! DescribeQuorum (KIP-595): the metadata quorum's leader, epoch (Raft term)
//! and members, as `kafka-metadata-quorum describe --status` shows them.
//! A single node without a quorum answers as the only voter of its own log.
//! A client needs Describe on the cluster (else CLUSTER_AUTHORIZATION_FAILED).

use protocol::messages::describe_quorum_response::{
    Listener, Node, PartitionData, ReplicaState, TopicData,
};
use protocol::messages::{DescribeQuorumRequest, DescribeQuorumResponse};

use crate::authorizer::{op, Resource, CLUSTER};
use crate::broker::Broker;
use crate::error::code;
use crate::request_context::RequestContext;

const METADATA_TOPIC: &str = "__cluster_metadata";

pub fn handle(
    broker: &Broker,
    ctx: &RequestContext<'_>,
    _request: DescribeQuorumRequest,
) -> DescribeQuorumResponse {
    if !broker.authorize(ctx, op::DESCRIBE, Resource::Cluster, CLUSTER) {
        return DescribeQuorumResponse {
            error_code: code::CLUSTER_AUTHORIZATION_FAILED,
            error_message: Some("Cluster authorization failed.".into()),
            ..Default::default()
        };
    }
    let replica = |id: i32, end: i64| ReplicaState {
        replica_id: id,
        log_end_offset: end,
        last_fetch_timestamp: -1,
        last_caught_up_timestamp: -1,
        ..Default::default()
    };
    let (partition, nodes) = match broker.metadata.quorum() {
        Some(q) => {
            let s = q.status();
            let end = |id: &u64| {
                if *id == q.node_id() as u64 {
                    s.last_log_index as i64
                } else {
                    s.matched.get(id).map_or(-1, |m| *m as i64)
                }
            };
            let nodes = s
                .addrs
                .iter()
                .filter_map(|(id, addr)| {
                    let (host, port) = addr.rsplit_once(':')?;
                    Some(Node {
                        node_id: *id as i32,
                        listeners: vec![Listener {
                            name: "CONTROLLER".into(),
                            host: host.to_string(),
                            port: port.parse().ok()?,
                            ..Default::default()
                        }],
                        ..Default::default()
                    })
                })
                .collect();
            let partition = PartitionData {
                partition_index: 0,
                leader_id: s.leader.map_or(-1, |l| l as i32),
                leader_epoch: s.term as i32,
                high_watermark: s.last_applied as i64,
                current_voters: s
                    .voters
                    .iter()
                    .map(|id| replica(*id as i32, end(id)))
                    .collect(),
                observers: s
                    .learners
                    .iter()
                    .map(|id| replica(*id as i32, end(id)))
                    .collect(),
                ..Default::default()
            };
            (partition, nodes)
        }
        None => {
            let applied = broker.state().applied as i64;
            let me = broker.config.node_id;
            let partition = PartitionData {
                partition_index: 0,
                leader_id: me,
                leader_epoch: 1,
                high_watermark: applied,
                current_voters: vec![replica(me, applied)],
                ..Default::default()
            };
            (partition, Vec::new())
        }
    };
    DescribeQuorumResponse {
        topics: vec![TopicData {
            topic_name: METADATA_TOPIC.into(),
            partitions: vec![partition],
            ..Default::default()
        }],
        nodes,
        ..Default::default()
    }
}
