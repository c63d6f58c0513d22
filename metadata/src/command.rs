use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The replicas of one partition, the first being the preferred leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionAssignment {
    pub replicas: Vec<i32>,
}

/// One change to the cluster metadata. Every change is one of these, appended
/// to the metadata log and then applied, so replaying the log rebuilds the state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Command {
    /// Sets the cluster id; the first command of a new cluster.
    InitCluster {
        cluster_id: String,
    },
    RegisterBroker {
        node_id: i32,
        host: String,
        port: i32,
        rack: Option<String>,
    },
    CreateTopic {
        name: String,
        topic_id: Uuid,
        partitions: Vec<PartitionAssignment>,
        configs: BTreeMap<String, String>,
    },
    DeleteTopic {
        name: String,
    },
    CreatePartitions {
        name: String,
        partitions: Vec<PartitionAssignment>,
    },
    /// Sets (`Some`) or removes (`None`) topic config overrides.
    AlterTopicConfigs {
        name: String,
        changes: BTreeMap<String, Option<String>>,
    },
    /// A new leader or ISR for a partition; bumps the leader epoch when the leader changes.
    ChangePartition {
        topic: String,
        partition: i32,
        leader: i32,
        isr: Vec<i32>,
    },
    /// Reserves producer ids `[first, first + count)` for a broker.
    AllocateProducerIds {
        node_id: i32,
        first: i64,
        count: i64,
    },
}
