//! The metadata log's records: [`Command`], one change to the cluster
//! metadata, and the types commands carry. Commands are what the log stores
//! and the quorum replicates; serde-encoded, so a field added later must
//! have a default (`#[serde(default)]`) for old logs to replay.
//!
//! Invariant: a command says what changes, never how to compute it (no
//! clocks, no randomness at apply time): every node applying the same
//! commands in the same order reaches the same state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::acl::AclBinding;
use crate::client_quota::{Entity, QuotaChanges};

/// The replicas of one partition, the first being the preferred leader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionAssignment {
    pub replicas: Vec<i32>,
}

/// A listener's advertised endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub name: String,
    pub host: String,
    pub port: i32,
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
    /// A broker (re)starting. `fenced`: it starts fenced (in a cluster a
    /// restarted broker may have lost its log tail; it leads nothing until
    /// it has caught up and heartbeats).
    RegisterBroker {
        node_id: i32,
        host: String,
        port: i32,
        rack: Option<String>,
        #[serde(default)]
        fenced: bool,
        /// Every client listener's advertised endpoint (Kafka's
        /// `BrokerRegistrationRequest.Listeners`): a client is answered
        /// with the endpoints of the listener it came in on. Empty in
        /// registrations written before listeners were recorded: `host` and
        /// `port` then serve every listener.
        #[serde(default)]
        listeners: Vec<Endpoint>,
    },
    /// The controller saw no heartbeat within `broker.session.timeout.ms`, or
    /// the broker is shutting down: its leaderships move to other ISR members.
    FenceBroker {
        node_id: i32,
    },
    /// The broker heartbeats again and is ready to serve.
    UnfenceBroker {
        node_id: i32,
    },
    /// A partition leader changes its ISR (Kafka's AlterPartition). Rejected
    /// unless `leader` and both epochs are current.
    AlterPartition {
        topic: String,
        partition: i32,
        leader: i32,
        leader_epoch: i32,
        partition_epoch: i32,
        isr: Vec<i32>,
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
    /// Sets (`Some`) or removes (`None`) dynamic broker configs (Kafka's
    /// names, e.g. `log.retention.ms`) of one broker, or the cluster-wide
    /// default when `broker` is `None` (Kafka's resource name "").
    AlterBrokerConfigs {
        broker: Option<i32>,
        changes: BTreeMap<String, Option<String>>,
    },
    /// A new leader or ISR for a partition, decided by the controller (e.g. a
    /// preferred leader election); bumps the leader epoch when the leader changes.
    ChangePartition {
        topic: String,
        partition: i32,
        leader: i32,
        isr: Vec<i32>,
    },
    /// Kafka's UnregisterBroker (decommission): the broker leaves every ISR
    /// as a fenced one does (its leaderships move), then its registration
    /// is removed. Partitions still listing it as a replica keep it, offline.
    UnregisterBroker {
        node_id: i32,
    },
    /// Moves a partition to `target` replicas (Kafka's
    /// AlterPartitionReassignments), or cancels its reassignment (`None`):
    /// see `reassignment.rs`.
    AlterPartitionReassignment {
        topic: String,
        partition: i32,
        target: Option<Vec<i32>>,
    },
    /// Reserves producer ids `[first, first + count)` for a broker.
    AllocateProducerIds {
        node_id: i32,
        first: i64,
        count: i64,
    },
    /// Sets (`Some`) or deletes (`None`) users' SCRAM credentials (Kafka's
    /// `UserScramCredentialRecord`), keyed by user and mechanism
    /// (`SCRAM-SHA-256`, `SCRAM-SHA-512`): one AlterUserScramCredentials.
    AlterScramCredentials {
        changes: Vec<(String, String, Option<ScramCredential>)>,
    },
    /// Adds ACLs (Kafka's `AccessControlEntryRecord`s of one CreateAcls);
    /// one already present is kept once.
    CreateAcls {
        acls: Vec<AclBinding>,
    },
    /// Removes ACLs (those a DeleteAcls filter matched); one already gone
    /// is ignored.
    DeleteAcls {
        acls: Vec<AclBinding>,
    },
    /// Sets (`Some`) or removes (`None`) keys of a client metrics
    /// subscription (KIP-714's `client-metrics` config resource, Kafka's
    /// `ConfigRecord` of type CLIENT_METRICS); a subscription left with no
    /// key is gone.
    AlterClientMetrics {
        name: String,
        changes: BTreeMap<String, Option<String>>,
    },
    /// Finalizes feature levels (Kafka's `FeatureLevelRecord`s of one
    /// UpdateFeatures, checked by the broker that took the request).
    UpdateFeatures {
        levels: BTreeMap<String, i16>,
    },
    /// Sets or removes client quota values (Kafka's `ClientQuotaRecord`s
    /// of one AlterClientQuotas), entity by entity.
    AlterClientQuotas {
        changes: Vec<(Entity, QuotaChanges)>,
    },
}

/// A salted SCRAM credential (RFC 5802): never the password, only what a
/// server needs to check a client's proof and prove itself.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScramCredential {
    pub salt: Vec<u8>,
    pub stored_key: Vec<u8>,
    pub server_key: Vec<u8>,
    pub iterations: i32,
}

impl std::fmt::Debug for ScramCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScramCredential")
            .field("iterations", &self.iterations)
            .finish_non_exhaustive()
    }
}
