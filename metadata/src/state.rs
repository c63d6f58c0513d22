//! [`ClusterState`]: the cluster metadata (brokers, topics, partitions with
//! their leaders, ISRs and epochs, topic ids, configs, producer id blocks,
//! SCRAM credentials, ACLs)
//! as a deterministic state machine changed only by [`Command`]s, and
//! [`MetadataError`], why a command is refused.
//!
//! Invariants: `apply` checks a command in full before changing anything
//! (a refused command changes nothing); leader and partition epochs only
//! grow; a partition's leader, when it has one, is in its ISR, and the ISR is within the
//! replicas; `topic_names_by_id` is the inverse of `topics`' ids.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::acl::{AclBinding, Acls, MAX_ACLS};
use crate::client_quota::{self, ClientQuotas, MAX_QUOTA_ENTITIES};
use crate::command::{Command, Endpoint, PartitionAssignment, ScramCredential};
pub use crate::partition_state::PartitionState;
use crate::topic::CLUSTER_METADATA_TOPIC;

/// The most partitions one topic may have. Kafka has no such bound; this one
/// keeps a topic's partition list (in every broker's memory and in the
/// metadata log) finite whatever a client asks, far above any real topic.
pub const MAX_PARTITIONS_PER_TOPIC: usize = 100_000;

/// The most listeners one broker may register, and the longest listener
/// name or host: a registration stays small in every broker's memory.
pub const MAX_LISTENERS: usize = 64;
pub const MAX_ENDPOINT_NAME: usize = 255;

/// The most SCRAM credentials the cluster keeps (users × mechanisms), and
/// the longest user name: AlterUserScramCredentials cannot grow the
/// metadata without bound. Kafka has no such bound.
pub const MAX_SCRAM_CREDENTIALS: usize = 10_000;
pub const MAX_SCRAM_USER: usize = 1024;

/// The most features the cluster finalizes (Kafka has four).
pub const MAX_FEATURES: usize = 64;

/// Why a command cannot be applied. Each maps to one Kafka error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum MetadataError {
    #[error("Topic '{0}' already exists.")]
    TopicAlreadyExists(String),
    #[error("Topic '{0}' does not exist.")]
    UnknownTopic(String),
    #[error("invalid topic name '{0}': {1}")]
    InvalidTopic(String, String),
    /// A topic name the cluster keeps for itself (Kafka's INVALID_REQUEST).
    #[error("Creation of internal topic {0} is prohibited.")]
    ReservedTopic(String),
    #[error("invalid partitions: {0}")]
    InvalidPartitions(String),
    #[error("invalid replication factor: {0}")]
    InvalidReplicationFactor(String),
    #[error("invalid replica assignment: {0}")]
    InvalidReplicaAssignment(String),
    #[error("unknown partition {1} of topic '{0}'")]
    UnknownPartition(String, i32),
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error("metadata log: {0}")]
    Io(String),
    /// Kafka's BROKER_ID_NOT_REGISTERED.
    #[error("Broker ID {0} is not currently registered")]
    BrokerNotRegistered(i32),
    /// A cancellation of a reassignment that is not in progress.
    #[error("{0}")]
    NoReassignmentInProgress(String),
    /// A leader's ISR change made with an old leader or partition epoch.
    #[error("stale partition change: {0}")]
    StaleEpoch(String),
    /// The metadata quorum has no leader, or it could not be reached in time.
    #[error("the metadata quorum is not available: {0}")]
    NotAvailable(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokerRegistration {
    pub node_id: i32,
    pub host: String,
    pub port: i32,
    pub rack: Option<String>,
    /// A fenced broker leads nothing and is in no ISR: it stopped
    /// heartbeating, or it has just (re)started and not yet caught up.
    #[serde(default)]
    pub fenced: bool,
    /// Its client listeners' endpoints (empty in registrations written
    /// before they were recorded: `host:port` then serves every listener).
    #[serde(default)]
    pub listeners: Vec<Endpoint>,
}

impl BrokerRegistration {
    /// Where a client that came in on `listener` reaches this broker: that
    /// listener's endpoint; `None` when the broker has no such listener
    /// (Kafka leaves such a broker out of the answer).
    pub fn endpoint(&self, listener: &str) -> Option<(&str, i32)> {
        if self.listeners.is_empty() {
            return Some((&self.host, self.port));
        }
        self.listeners
            .iter()
            .find(|e| e.name == listener)
            .map(|e| (e.host.as_str(), e.port))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicState {
    pub name: String,
    pub topic_id: Uuid,
    pub partitions: Vec<PartitionState>,
    /// Topic-level config overrides (Kafka's names, e.g. `retention.ms`).
    pub configs: BTreeMap<String, String>,
}

/// The whole cluster metadata, as of the last applied command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterState {
    pub cluster_id: Option<String>,
    pub brokers: BTreeMap<i32, BrokerRegistration>,
    /// Each topic behind an `Arc`: publishing a state after a command
    /// clones the map (one pointer per topic), not every partition, and a
    /// reader tells a changed topic from an unchanged one by pointer.
    pub topics: BTreeMap<String, Arc<TopicState>>,
    topic_names_by_id: HashMap<Uuid, String>,
    /// The first producer id not yet handed out.
    pub next_producer_id: i64,
    /// Dynamic broker configs: "" holds the cluster-wide defaults, a node id
    /// (as text) that broker's own.
    #[serde(default)]
    pub broker_configs: BTreeMap<String, BTreeMap<String, String>>,
    /// Feature levels finalized by UpdateFeatures (KIP-584); a feature not
    /// here is at the broker's default level.
    #[serde(default)]
    pub finalized_features: BTreeMap<String, i16>,
    /// Bumped by each UpdateFeatures (ApiVersions' finalized features epoch).
    #[serde(default)]
    pub features_epoch: i64,
    /// Client metrics subscriptions (KIP-714): name → key → value.
    #[serde(default)]
    pub client_metrics: BTreeMap<String, BTreeMap<String, String>>,
    /// SCRAM credentials: user → mechanism → credential.
    #[serde(default)]
    pub scram_credentials: BTreeMap<String, BTreeMap<String, ScramCredential>>,
    /// The ACLs (Kafka's StandardAuthorizer's).
    #[serde(default)]
    pub acls: Acls,
    /// Client quotas (KIP-546): entity → key → value.
    #[serde(default)]
    pub client_quotas: ClientQuotas,
    /// Number of commands applied so far (the metadata offset).
    pub applied: u64,
}

/// Kafka's rule for topic names: 1 to 249 characters of `[a-zA-Z0-9._-]`,
/// neither "." nor "..".
pub fn validate_topic_name(name: &str) -> Result<(), MetadataError> {
    let bad = |why: &str| {
        Err(MetadataError::InvalidTopic(
            name.to_string(),
            why.to_string(),
        ))
    };
    if name.is_empty() {
        return bad("the name is empty");
    }
    if name == "." || name == ".." {
        return bad("'.' and '..' are not allowed");
    }
    if name.len() > 249 {
        return bad("longer than 249 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    {
        return bad("only ASCII letters, digits, '.', '_' and '-' are allowed");
    }
    Ok(())
}

impl ClusterState {
    pub fn topic(&self, name: &str) -> Option<&TopicState> {
        self.topics.get(name).map(|t| &**t)
    }

    /// A topic to change (checked to exist): copied first if a published
    /// state still shares it.
    fn topic_mut(&mut self, name: &str) -> &mut TopicState {
        Arc::make_mut(self.topics.get_mut(name).expect("checked"))
    }

    pub fn topic_name_by_id(&self, id: &Uuid) -> Option<&str> {
        self.topic_names_by_id.get(id).map(String::as_str)
    }

    pub fn partition(&self, topic: &str, partition: i32) -> Option<&PartitionState> {
        let p = usize::try_from(partition).ok()?;
        self.topics.get(topic)?.partitions.get(p)
    }

    fn check_assignments(&self, parts: &[PartitionAssignment]) -> Result<(), MetadataError> {
        let Some(first) = parts.first() else {
            return Err(MetadataError::InvalidPartitions(
                "at least one partition is needed".into(),
            ));
        };
        let rf = first.replicas.len();
        for (i, p) in parts.iter().enumerate() {
            if p.replicas.is_empty() {
                return Err(MetadataError::InvalidReplicationFactor(format!(
                    "partition {i} has no replica"
                )));
            }
            if p.replicas.len() != rf {
                return Err(MetadataError::InvalidReplicaAssignment(
                    "all partitions must have the same number of replicas".into(),
                ));
            }
            let mut seen = p.replicas.clone();
            seen.sort_unstable();
            seen.dedup();
            if seen.len() != p.replicas.len() {
                return Err(MetadataError::InvalidReplicaAssignment(format!(
                    "partition {i} lists a broker twice"
                )));
            }
            if let Some(b) = p.replicas.iter().find(|b| !self.brokers.contains_key(b)) {
                return Err(MetadataError::InvalidReplicaAssignment(format!(
                    "unknown broker {b}"
                )));
            }
        }
        Ok(())
    }

    /// Checks that `cmd` can be applied to this state, without changing it.
    pub fn check(&self, cmd: &Command) -> Result<(), MetadataError> {
        match cmd {
            Command::InitCluster { cluster_id } => {
                if cluster_id.is_empty() {
                    return Err(MetadataError::Invalid("empty cluster id".into()));
                }
                // Two controllers elected one after the other may both
                // propose a cluster id; the first one wins.
                if self.cluster_id.is_some() {
                    return Err(MetadataError::Invalid(
                        "the cluster id is already set".into(),
                    ));
                }
            }
            Command::FenceBroker { node_id } | Command::UnfenceBroker { node_id } => {
                if !self.brokers.contains_key(node_id) {
                    return Err(MetadataError::Invalid(format!("unknown broker {node_id}")));
                }
            }
            Command::AlterPartition {
                topic,
                partition,
                leader,
                leader_epoch,
                partition_epoch,
                isr,
            } => {
                let p = self
                    .partition(topic, *partition)
                    .ok_or_else(|| MetadataError::UnknownPartition(topic.clone(), *partition))?;
                // Kafka's AlterPartition: only the current leader, at the
                // current epochs, may change the ISR.
                if p.leader != *leader
                    || p.leader_epoch != *leader_epoch
                    || p.partition_epoch != *partition_epoch
                {
                    return Err(MetadataError::StaleEpoch(format!(
                        "{topic}-{partition}: leader {leader} epoch {leader_epoch}/{partition_epoch}, current leader {} epoch {}/{}",
                        p.leader, p.leader_epoch, p.partition_epoch
                    )));
                }
                if !isr.contains(leader) || isr.iter().any(|b| !p.replicas.contains(b)) {
                    return Err(MetadataError::Invalid(format!(
                        "ISR {isr:?} must hold the leader and only replicas"
                    )));
                }
                // A fenced broker may not join the ISR (it may stay).
                if let Some(b) = isr
                    .iter()
                    .find(|b| !p.isr.contains(b) && self.brokers.get(b).is_none_or(|r| r.fenced))
                {
                    return Err(MetadataError::Invalid(format!(
                        "broker {b} is fenced and cannot join the ISR"
                    )));
                }
            }
            Command::RegisterBroker {
                node_id,
                port,
                listeners,
                ..
            } => {
                if *node_id < 0 || !(0..=65535).contains(port) {
                    return Err(MetadataError::Invalid(format!(
                        "bad broker {node_id} port {port}"
                    )));
                }
                if listeners.len() > MAX_LISTENERS {
                    return Err(MetadataError::Invalid(format!(
                        "broker {node_id} registers {} listeners, over {MAX_LISTENERS}",
                        listeners.len()
                    )));
                }
                if let Some(e) = listeners.iter().find(|e| {
                    !(0..=65535).contains(&e.port)
                        || e.name.len() > MAX_ENDPOINT_NAME
                        || e.host.len() > MAX_ENDPOINT_NAME
                }) {
                    return Err(MetadataError::Invalid(format!(
                        "bad endpoint {}:{} of listener {} of broker {node_id}",
                        e.host, e.port, e.name
                    )));
                }
            }
            Command::CreateTopic {
                name,
                topic_id,
                partitions,
                ..
            } => {
                validate_topic_name(name)?;
                // Its partition directory would be the metadata log's.
                if name == CLUSTER_METADATA_TOPIC {
                    return Err(MetadataError::ReservedTopic(name.clone()));
                }
                if partitions.len() > MAX_PARTITIONS_PER_TOPIC {
                    return Err(MetadataError::InvalidPartitions(format!(
                        "{} partitions is above the limit of {MAX_PARTITIONS_PER_TOPIC} per topic",
                        partitions.len()
                    )));
                }
                if self.topics.contains_key(name) {
                    return Err(MetadataError::TopicAlreadyExists(name.clone()));
                }
                if topic_id.is_nil() || self.topic_names_by_id.contains_key(topic_id) {
                    return Err(MetadataError::Invalid(format!(
                        "topic id {topic_id} is nil or in use"
                    )));
                }
                self.check_assignments(partitions)?;
            }
            Command::DeleteTopic { name } => {
                if !self.topics.contains_key(name) {
                    return Err(MetadataError::UnknownTopic(name.clone()));
                }
            }
            Command::CreatePartitions { name, partitions } => {
                let topic = self
                    .topics
                    .get(name)
                    .ok_or_else(|| MetadataError::UnknownTopic(name.clone()))?;
                if topic.partitions.len().saturating_add(partitions.len())
                    > MAX_PARTITIONS_PER_TOPIC
                {
                    return Err(MetadataError::InvalidPartitions(format!(
                        "{} partitions is above the limit of {MAX_PARTITIONS_PER_TOPIC} per topic",
                        topic.partitions.len().saturating_add(partitions.len())
                    )));
                }
                self.check_assignments(partitions)?;
                let rf = topic.partitions[0].replicas.len();
                if partitions[0].replicas.len() != rf {
                    return Err(MetadataError::InvalidReplicaAssignment(format!(
                        "new partitions must have {rf} replicas like the existing ones"
                    )));
                }
            }
            Command::AlterTopicConfigs { name, .. } => {
                if !self.topics.contains_key(name) {
                    return Err(MetadataError::UnknownTopic(name.clone()));
                }
            }
            Command::AlterBrokerConfigs { broker, .. } => {
                if broker.is_some_and(|b| b < 0) {
                    return Err(MetadataError::Invalid(format!("bad broker id {broker:?}")));
                }
            }
            Command::UpdateFeatures { levels } => {
                let names: std::collections::BTreeSet<&String> = self
                    .finalized_features
                    .keys()
                    .chain(levels.keys())
                    .collect();
                if names.len() > MAX_FEATURES || levels.values().any(|l| *l < 0) {
                    return Err(MetadataError::Invalid(format!(
                        "bad feature levels {levels:?}"
                    )));
                }
            }
            Command::AlterClientMetrics { name, .. } => {
                if name.is_empty() {
                    return Err(MetadataError::Invalid(
                        "a client metrics subscription needs a name".to_string(),
                    ));
                }
            }
            Command::AlterScramCredentials { changes } => {
                let mut count: usize = self.scram_credentials.values().map(BTreeMap::len).sum();
                for (user, mechanism, credential) in changes {
                    if user.is_empty() || user.len() > MAX_SCRAM_USER {
                        return Err(MetadataError::Invalid(format!(
                            "a user name has 1 to {MAX_SCRAM_USER} bytes"
                        )));
                    }
                    let exists = self
                        .scram_credentials
                        .get(user)
                        .is_some_and(|m| m.contains_key(mechanism));
                    match (credential, exists) {
                        (Some(_), false) => count += 1,
                        (None, true) => count = count.saturating_sub(1),
                        _ => {}
                    }
                }
                if count > MAX_SCRAM_CREDENTIALS {
                    return Err(MetadataError::Invalid(format!(
                        "the cluster keeps at most {MAX_SCRAM_CREDENTIALS} SCRAM credentials"
                    )));
                }
            }
            Command::CreateAcls { acls } => {
                for acl in acls {
                    acl.validate().map_err(MetadataError::Invalid)?;
                }
                let new: BTreeSet<&AclBinding> =
                    acls.iter().filter(|a| !self.acls.contains(a)).collect();
                if self.acls.len().saturating_add(new.len()) > MAX_ACLS {
                    return Err(MetadataError::Invalid(format!(
                        "the cluster keeps at most {MAX_ACLS} ACLs"
                    )));
                }
            }
            Command::DeleteAcls { .. } => {}
            Command::AlterClientQuotas { changes } => {
                let mut entities = self.client_quotas.len();
                for (entity, values) in changes {
                    client_quota::entity(entity.clone()).map_err(MetadataError::Invalid)?;
                    if values
                        .values()
                        .flatten()
                        .any(|v| !(v.get().is_finite() && v.get() > 0.0))
                    {
                        return Err(MetadataError::Invalid(
                            "a quota value is a positive number".into(),
                        ));
                    }
                    if !self.client_quotas.contains_key(entity) {
                        entities += 1;
                    }
                }
                if entities > MAX_QUOTA_ENTITIES {
                    return Err(MetadataError::Invalid(format!(
                        "the cluster keeps at most {MAX_QUOTA_ENTITIES} quota entities"
                    )));
                }
            }
            Command::ChangePartition {
                topic,
                partition,
                leader,
                isr,
            } => {
                let p = self
                    .partition(topic, *partition)
                    .ok_or_else(|| MetadataError::UnknownPartition(topic.clone(), *partition))?;
                if *leader != -1 && !p.replicas.contains(leader) {
                    return Err(MetadataError::Invalid(format!(
                        "leader {leader} is not a replica"
                    )));
                }
                if isr.iter().any(|b| !p.replicas.contains(b)) {
                    return Err(MetadataError::Invalid("ISR member is not a replica".into()));
                }
            }
            Command::UnregisterBroker { node_id } => {
                if !self.brokers.contains_key(node_id) {
                    return Err(MetadataError::BrokerNotRegistered(*node_id));
                }
            }
            Command::AlterPartitionReassignment {
                topic,
                partition,
                target,
            } => {
                let p = self
                    .partition(topic, *partition)
                    .ok_or_else(|| MetadataError::UnknownPartition(topic.clone(), *partition))?;
                match target {
                    Some(t) => {
                        crate::reassignment::validate_target(t, |r| self.brokers.contains_key(&r))
                            .map_err(MetadataError::InvalidReplicaAssignment)?
                    }
                    None if !p.is_reassigning() => {
                        return Err(MetadataError::NoReassignmentInProgress(
                            "No partition reassignment is in progress.".into(),
                        ))
                    }
                    None => {}
                }
            }
            Command::AllocateProducerIds { first, count, .. } => {
                if *first != self.next_producer_id || *count <= 0 {
                    return Err(MetadataError::Invalid(format!(
                        "producer id block {first}+{count} does not follow {}",
                        self.next_producer_id
                    )));
                }
            }
        }
        Ok(())
    }

    /// Applies `cmd`. On error the state is unchanged.
    pub fn apply(&mut self, cmd: Command) -> Result<(), MetadataError> {
        self.check(&cmd)?;
        match cmd {
            Command::InitCluster { cluster_id } => self.cluster_id = Some(cluster_id),
            Command::RegisterBroker {
                node_id,
                host,
                port,
                rack,
                fenced,
                listeners,
            } => {
                self.brokers.insert(
                    node_id,
                    BrokerRegistration {
                        node_id,
                        host,
                        port,
                        rack,
                        fenced: false,
                        listeners,
                    },
                );
                if fenced {
                    self.fence(node_id);
                }
            }
            Command::FenceBroker { node_id } => self.fence(node_id),
            Command::UnregisterBroker { node_id } => {
                self.fence(node_id);
                self.brokers.remove(&node_id);
            }
            Command::UnfenceBroker { node_id } => self.unfence(node_id),
            Command::AlterPartition {
                topic,
                partition,
                isr,
                ..
            } => {
                let fenced = self.fenced_brokers();
                let p = &mut self.topic_mut(&topic).partitions[partition as usize];
                p.isr = isr;
                p.partition_epoch += 1;
                crate::reassignment::maybe_complete(p, &fenced);
            }
            Command::CreateTopic {
                name,
                topic_id,
                partitions,
                configs,
            } => {
                self.topic_names_by_id.insert(topic_id, name.clone());
                let partitions = partitions.into_iter().map(new_partition).collect();
                self.topics.insert(
                    name.clone(),
                    Arc::new(TopicState {
                        name,
                        topic_id,
                        partitions,
                        configs,
                    }),
                );
            }
            Command::DeleteTopic { name } => {
                let topic = self.topics.remove(&name).expect("checked");
                self.topic_names_by_id.remove(&topic.topic_id);
            }
            Command::CreatePartitions { name, partitions } => {
                self.topic_mut(&name)
                    .partitions
                    .extend(partitions.into_iter().map(new_partition));
            }
            Command::AlterTopicConfigs { name, changes } => {
                let topic = self.topic_mut(&name);
                for (k, v) in changes {
                    match v {
                        Some(v) => topic.configs.insert(k, v),
                        None => topic.configs.remove(&k),
                    };
                }
            }
            Command::AlterScramCredentials { changes } => {
                for (user, mechanism, credential) in changes {
                    let of_user = self.scram_credentials.entry(user.clone()).or_default();
                    match credential {
                        Some(c) => of_user.insert(mechanism, c),
                        None => of_user.remove(&mechanism),
                    };
                    if of_user.is_empty() {
                        self.scram_credentials.remove(&user);
                    }
                }
            }
            Command::CreateAcls { acls } => {
                for acl in acls {
                    self.acls.insert(acl);
                }
            }
            Command::DeleteAcls { acls } => {
                for acl in &acls {
                    self.acls.remove(acl);
                }
            }
            Command::AlterClientQuotas { changes } => {
                for (entity, values) in changes {
                    client_quota::apply(&mut self.client_quotas, entity, values);
                }
            }
            Command::AlterBrokerConfigs { broker, changes } => {
                let key = broker.map_or(String::new(), |b| b.to_string());
                let configs = self.broker_configs.entry(key.clone()).or_default();
                for (k, v) in changes {
                    match v {
                        Some(v) => configs.insert(k, v),
                        None => configs.remove(&k),
                    };
                }
                if configs.is_empty() {
                    self.broker_configs.remove(&key);
                }
            }
            Command::UpdateFeatures { levels } => {
                self.finalized_features.extend(levels);
                self.features_epoch += 1;
            }
            Command::AlterClientMetrics { name, changes } => {
                let configs = self.client_metrics.entry(name.clone()).or_default();
                for (k, v) in changes {
                    match v {
                        Some(v) => configs.insert(k, v),
                        None => configs.remove(&k),
                    };
                }
                if configs.is_empty() {
                    self.client_metrics.remove(&name);
                }
            }
            Command::ChangePartition {
                topic,
                partition,
                leader,
                isr,
            } => {
                let p = &mut self.topic_mut(&topic).partitions[partition as usize];
                if p.leader != leader {
                    p.leader_epoch += 1;
                }
                p.leader = leader;
                p.isr = isr;
                p.partition_epoch += 1;
            }
            Command::AlterPartitionReassignment {
                topic,
                partition,
                target,
            } => {
                let fenced = self.fenced_brokers();
                let p = &mut self.topic_mut(&topic).partitions[partition as usize];
                match target {
                    Some(target) => crate::reassignment::start(p, target, &fenced),
                    None => crate::reassignment::cancel(p, &fenced),
                }
            }
            Command::AllocateProducerIds { first, count, .. } => {
                self.next_producer_id = first + count;
            }
        }
        self.applied += 1;
        Ok(())
    }
}

impl ClusterState {
    /// Fences a broker as KRaft does: it leaves every ISR it is in (unless it
    /// is the last member, so that the partition can come back with it), and
    /// each partition it led gets the first other ISR replica that is not
    /// fenced as leader, or no leader (-1) when there is none.
    fn fence(&mut self, node_id: i32) {
        let fenced: Vec<i32> = self
            .brokers
            .values()
            .filter(|b| b.fenced || b.node_id == node_id)
            .map(|b| b.node_id)
            .collect();
        if let Some(b) = self.brokers.get_mut(&node_id) {
            b.fenced = true;
        }
        let touched = |p: &PartitionState| {
            (p.isr.len() > 1 && p.isr.contains(&node_id)) || p.leader == node_id
        };
        for topic in self.topics.values_mut() {
            if !topic.partitions.iter().any(touched) {
                continue;
            }
            for p in &mut Arc::make_mut(topic).partitions {
                let mut changed = false;
                if p.isr.len() > 1 && p.isr.contains(&node_id) {
                    p.isr.retain(|b| *b != node_id);
                    changed = true;
                }
                if p.leader == node_id {
                    let next = p
                        .replicas
                        .iter()
                        .copied()
                        .find(|r| p.isr.contains(r) && !fenced.contains(r));
                    p.leader = next.unwrap_or(-1);
                    p.leader_epoch += 1;
                    changed = true;
                }
                if changed {
                    p.partition_epoch += 1;
                }
            }
        }
    }

    /// Unfences a broker: partitions left without a leader whose ISR holds it
    /// get it back as leader.
    fn unfence(&mut self, node_id: i32) {
        if let Some(b) = self.brokers.get_mut(&node_id) {
            b.fenced = false;
        }
        let touched = |p: &PartitionState| p.leader == -1 && p.isr.contains(&node_id);
        for topic in self.topics.values_mut() {
            if !topic.partitions.iter().any(touched) {
                continue;
            }
            for p in &mut Arc::make_mut(topic).partitions {
                if touched(p) {
                    p.leader = node_id;
                    p.leader_epoch += 1;
                    p.partition_epoch += 1;
                }
            }
        }
    }

    /// The fenced brokers (leaders are never chosen among them).
    fn fenced_brokers(&self) -> Vec<i32> {
        self.brokers
            .values()
            .filter(|b| b.fenced)
            .map(|b| b.node_id)
            .collect()
    }

    /// The live (registered, not fenced) brokers.
    pub fn live_brokers(&self) -> impl Iterator<Item = &BrokerRegistration> {
        self.brokers.values().filter(|b| !b.fenced)
    }
}

fn new_partition(a: PartitionAssignment) -> PartitionState {
    PartitionState {
        leader: a.replicas[0],
        isr: a.replicas.clone(),
        replicas: a.replicas,
        leader_epoch: 0,
        partition_epoch: 0,
        adding_replicas: Vec::new(),
        removing_replicas: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broker(id: i32) -> Command {
        Command::RegisterBroker {
            node_id: id,
            host: "localhost".into(),
            port: 9092,
            rack: None,
            fenced: false,
            listeners: vec![],
        }
    }

    fn create(name: &str, parts: usize, replicas: Vec<i32>) -> Command {
        Command::CreateTopic {
            name: name.into(),
            topic_id: Uuid::new_v4(),
            partitions: vec![PartitionAssignment { replicas }; parts],
            configs: BTreeMap::new(),
        }
    }

    /// Decommission: the broker leaves the ISRs and its leaderships as a
    /// fenced one does, then the registry; its replicas stay listed.
    #[test]
    fn an_unregistered_broker_leaves_the_isrs_and_the_registry() {
        let mut s = ClusterState::default();
        for id in [1, 2] {
            s.apply(broker(id)).unwrap();
        }
        s.apply(create("t", 1, vec![2, 1])).unwrap();
        s.apply(Command::UnregisterBroker { node_id: 2 }).unwrap();
        let p = &s.topics["t"].partitions[0];
        assert_eq!(
            (p.leader, p.isr.clone(), p.replicas.clone()),
            (1, vec![1], vec![2, 1])
        );
        assert_eq!(s.brokers.keys().copied().collect::<Vec<_>>(), [1]);
        assert_eq!(
            s.apply(Command::UnregisterBroker { node_id: 2 }),
            Err(MetadataError::BrokerNotRegistered(2))
        );
        assert_eq!(
            MetadataError::BrokerNotRegistered(2).to_string(),
            "Broker ID 2 is not currently registered"
        );
    }

    /// A published state shares every topic a command did not change, so
    /// that publishing costs one pointer per topic and readers find the
    /// changed topics by pointer (the broker's incremental `apply_delta`).
    #[test]
    fn a_command_copies_only_the_topics_it_changes() {
        let mut s = ClusterState::default();
        for id in [1, 2, 3] {
            s.apply(broker(id)).unwrap();
        }
        s.apply(create("a", 2, vec![1, 2])).unwrap();
        s.apply(create("b", 2, vec![3])).unwrap();
        let shared = |before: &ClusterState, after: &ClusterState, name: &str| {
            Arc::ptr_eq(&before.topics[name], &after.topics[name])
        };
        let published = s.clone();
        s.apply(create("c", 1, vec![1])).unwrap();
        assert!(shared(&published, &s, "a") && shared(&published, &s, "b"));
        let published = s.clone();
        s.apply(Command::AlterPartition {
            topic: "a".into(),
            partition: 1,
            leader: 1,
            leader_epoch: 0,
            partition_epoch: 0,
            isr: vec![1],
        })
        .unwrap();
        assert!(!shared(&published, &s, "a"));
        assert!(shared(&published, &s, "b") && shared(&published, &s, "c"));
        assert_eq!(published.topics["a"].partitions[1].isr, [1, 2]);
        // Fencing broker 3 changes b only (the last ISR member stays, but
        // it loses the leadership).
        let published = s.clone();
        s.apply(Command::FenceBroker { node_id: 3 }).unwrap();
        assert!(!shared(&published, &s, "b"));
        assert!(shared(&published, &s, "a") && shared(&published, &s, "c"));
        assert_eq!(s.topics["b"].partitions[0].leader, -1);
        let published = s.clone();
        s.apply(Command::UnfenceBroker { node_id: 3 }).unwrap();
        assert!(!shared(&published, &s, "b") && shared(&published, &s, "a"));
        assert_eq!(s.topics["b"].partitions[0].leader, 3);
    }

    #[test]
    fn a_client_gets_the_endpoint_of_its_own_listener() {
        let endpoint = |name: &str, port| Endpoint {
            name: name.into(),
            host: "h".into(),
            port,
        };
        let mut s = ClusterState::default();
        s.apply(Command::RegisterBroker {
            node_id: 1,
            host: "h".into(),
            port: 9092,
            rack: None,
            fenced: false,
            listeners: vec![endpoint("PLAINTEXT", 9092), endpoint("SSL", 9093)],
        })
        .unwrap();
        s.apply(broker(2)).unwrap();
        let b1 = &s.brokers[&1];
        assert_eq!(b1.endpoint("SSL"), Some(("h", 9093)));
        assert_eq!(b1.endpoint("PLAINTEXT"), Some(("h", 9092)));
        assert_eq!(b1.endpoint("EXTERNAL"), None);
        // Registered before listeners were recorded: one address for all.
        assert_eq!(s.brokers[&2].endpoint("SSL"), Some(("localhost", 9092)));
        let too_many = Command::RegisterBroker {
            node_id: 3,
            host: "h".into(),
            port: 1,
            rack: None,
            fenced: false,
            listeners: (0..=MAX_LISTENERS as i32)
                .map(|p| endpoint("L", p))
                .collect(),
        };
        assert!(matches!(s.apply(too_many), Err(MetadataError::Invalid(_))));
    }

    #[test]
    fn create_delete_and_recreate_a_topic() {
        let mut s = ClusterState::default();
        s.apply(broker(1)).unwrap();
        s.apply(create("topico1", 3, vec![1])).unwrap();
        let t = s.topic("topico1").unwrap();
        assert_eq!(t.partitions.len(), 3);
        assert_eq!(t.partitions[2].leader, 1);
        assert_eq!(s.topic_name_by_id(&t.topic_id.clone()), Some("topico1"));
        assert_eq!(
            s.apply(create("topico1", 1, vec![1])),
            Err(MetadataError::TopicAlreadyExists("topico1".into()))
        );
        s.apply(Command::DeleteTopic {
            name: "topico1".into(),
        })
        .unwrap();
        assert!(s.topic("topico1").is_none());
        s.apply(create("topico1", 1, vec![1])).unwrap();
        assert_eq!(s.applied, 4);
    }

    #[test]
    fn the_metadata_log_name_and_oversized_topics_are_refused() {
        let mut s = ClusterState::default();
        s.apply(broker(1)).unwrap();
        assert_eq!(
            s.apply(create("__cluster_metadata", 1, vec![1])),
            Err(MetadataError::ReservedTopic("__cluster_metadata".into()))
        );
        assert!(matches!(
            s.apply(create("big", MAX_PARTITIONS_PER_TOPIC + 1, vec![1])),
            Err(MetadataError::InvalidPartitions(_))
        ));
        s.apply(create("t", 1, vec![1])).unwrap();
        assert!(matches!(
            s.apply(Command::CreatePartitions {
                name: "t".into(),
                partitions: vec![
                    PartitionAssignment { replicas: vec![1] };
                    MAX_PARTITIONS_PER_TOPIC
                ],
            }),
            Err(MetadataError::InvalidPartitions(_))
        ));
        assert!(s.topic("__cluster_metadata").is_none() && s.topic("big").is_none());
    }

    #[test]
    fn invalid_commands_leave_the_state_unchanged() {
        let mut s = ClusterState::default();
        s.apply(broker(1)).unwrap();
        let before = s.clone();
        for cmd in [
            create("bad name", 1, vec![1]),
            create("..", 1, vec![1]),
            create(&"x".repeat(250), 1, vec![1]),
            create("t", 0, vec![1]),
            create("t", 1, vec![]),
            create("t", 1, vec![1, 1]),
            create("t", 1, vec![2]),
            Command::DeleteTopic {
                name: "nope".into(),
            },
            Command::AllocateProducerIds {
                node_id: 1,
                first: 5,
                count: 10,
            },
        ] {
            assert!(s.apply(cmd.clone()).is_err(), "{cmd:?}");
            assert_eq!(s, before);
        }
    }

    #[test]
    fn leader_change_bumps_the_leader_epoch() {
        let mut s = ClusterState::default();
        s.apply(broker(1)).unwrap();
        s.apply(broker(2)).unwrap();
        s.apply(create("t", 1, vec![1, 2])).unwrap();
        let change = |leader, isr: Vec<i32>| Command::ChangePartition {
            topic: "t".into(),
            partition: 0,
            leader,
            isr,
        };
        s.apply(change(1, vec![1])).unwrap();
        assert_eq!(s.partition("t", 0).unwrap().leader_epoch, 0);
        s.apply(change(2, vec![2])).unwrap();
        let p = s.partition("t", 0).unwrap();
        assert_eq!((p.leader, p.leader_epoch, p.partition_epoch), (2, 1, 2));
        assert!(s.apply(change(3, vec![2])).is_err());
    }

    #[test]
    fn feature_updates_are_kept_with_an_epoch() {
        let mut s = ClusterState::default();
        let update = |f: &str, l| Command::UpdateFeatures {
            levels: [(f.to_string(), l)].into(),
        };
        s.apply(update("group.version", 0)).unwrap();
        s.apply(update("group.version", 1)).unwrap();
        assert_eq!(s.finalized_features["group.version"], 1);
        assert_eq!(s.features_epoch, 2);
        assert!(s.apply(update("group.version", -1)).is_err());
    }

    #[test]
    fn client_metrics_subscriptions_are_set_and_removed_with_their_last_key() {
        let mut s = ClusterState::default();
        let alter = |name: &str, k: &str, v: Option<&str>| Command::AlterClientMetrics {
            name: name.to_string(),
            changes: [(k.to_string(), v.map(str::to_string))].into(),
        };
        s.apply(alter("all", "metrics", Some("*"))).unwrap();
        s.apply(alter("all", "interval.ms", Some("1000"))).unwrap();
        assert_eq!(s.client_metrics["all"].len(), 2);
        s.apply(alter("all", "metrics", None)).unwrap();
        s.apply(alter("all", "interval.ms", None)).unwrap();
        assert!(s.client_metrics.is_empty());
        assert!(s.apply(alter("", "metrics", Some("*"))).is_err());
        let mut json = serde_json::to_value(&s).unwrap();
        json.as_object_mut().unwrap().remove("client_metrics");
        let old: ClusterState = serde_json::from_value(json).unwrap();
        assert!(old.client_metrics.is_empty());
    }

    #[test]
    fn broker_configs_set_and_remove_per_broker_and_cluster_wide() {
        let mut s = ClusterState::default();
        let alter = |broker, k: &str, v: Option<&str>| Command::AlterBrokerConfigs {
            broker,
            changes: [(k.to_string(), v.map(str::to_string))].into(),
        };
        s.apply(alter(None, "log.retention.ms", Some("5"))).unwrap();
        s.apply(alter(Some(2), "log.retention.ms", Some("7")))
            .unwrap();
        assert_eq!(s.broker_configs[""]["log.retention.ms"], "5");
        assert_eq!(s.broker_configs["2"]["log.retention.ms"], "7");
        s.apply(alter(Some(2), "log.retention.ms", None)).unwrap();
        assert!(!s.broker_configs.contains_key("2"));
        assert!(s.apply(alter(Some(-3), "x", Some("1"))).is_err());
        // Old snapshots, written before the field existed, still load.
        let mut json = serde_json::to_value(&s).unwrap();
        json.as_object_mut().unwrap().remove("broker_configs");
        let old: ClusterState = serde_json::from_value(json).unwrap();
        assert!(old.broker_configs.is_empty());
    }

    #[test]
    fn producer_id_blocks_are_contiguous() {
        let mut s = ClusterState::default();
        let alloc = |first| Command::AllocateProducerIds {
            node_id: 1,
            first,
            count: 1000,
        };
        s.apply(alloc(0)).unwrap();
        s.apply(alloc(1000)).unwrap();
        assert!(s.apply(alloc(1000)).is_err());
        assert_eq!(s.next_producer_id, 2000);
    }

    #[test]
    fn fencing_moves_leadership_within_the_isr_and_unfencing_restores_leaderless_partitions() {
        let mut s = ClusterState::default();
        for id in 1..=3 {
            s.apply(broker(id)).unwrap();
        }
        s.apply(create("t", 1, vec![1, 2, 3])).unwrap();
        s.apply(Command::FenceBroker { node_id: 1 }).unwrap();
        let p = s.partition("t", 0).unwrap().clone();
        assert_eq!((p.leader, p.leader_epoch), (2, 1));
        assert_eq!(p.isr, vec![2, 3]);
        assert!(s.brokers[&1].fenced);
        // A fenced broker may not rejoin the ISR; the leader at the current
        // epochs may add a live one; a stale leader is refused.
        let alter = |isr: Vec<i32>, leader: i32, epoch: i32, pe: i32| Command::AlterPartition {
            topic: "t".into(),
            partition: 0,
            leader,
            leader_epoch: epoch,
            partition_epoch: pe,
            isr,
        };
        assert!(s
            .apply(alter(vec![2, 3, 1], 2, 1, p.partition_epoch))
            .is_err());
        assert!(matches!(
            s.apply(alter(vec![1, 2], 1, 0, p.partition_epoch)),
            Err(MetadataError::StaleEpoch(_))
        ));
        s.apply(alter(vec![2], 2, 1, p.partition_epoch)).unwrap();
        // The last ISR member is fenced: no leader, and it stays in the ISR.
        s.apply(Command::FenceBroker { node_id: 2 }).unwrap();
        let p = s.partition("t", 0).unwrap().clone();
        assert_eq!((p.leader, p.isr.clone()), (-1, vec![2]));
        // Broker 3 coming back does not lead (not in the ISR: unclean);
        // broker 2 coming back does.
        s.apply(Command::UnfenceBroker { node_id: 3 }).unwrap();
        assert_eq!(s.partition("t", 0).unwrap().leader, -1);
        s.apply(Command::UnfenceBroker { node_id: 2 }).unwrap();
        let p = s.partition("t", 0).unwrap();
        assert_eq!((p.leader, p.leader_epoch), (2, 3));
    }
}
