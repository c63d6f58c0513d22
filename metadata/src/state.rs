use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use crate::command::{Command, PartitionAssignment};

/// Why a command cannot be applied. Each maps to one Kafka error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataError {
    #[error("Topic '{0}' already exists.")]
    TopicAlreadyExists(String),
    #[error("Topic '{0}' does not exist.")]
    UnknownTopic(String),
    #[error("invalid topic name '{0}': {1}")]
    InvalidTopic(String, &'static str),
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerRegistration {
    pub node_id: i32,
    pub host: String,
    pub port: i32,
    pub rack: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionState {
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub leader: i32,
    /// Bumped each time the leader changes; fences zombie leaders and old fetches.
    pub leader_epoch: i32,
    /// Bumped on any change of the partition (leader or ISR).
    pub partition_epoch: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicState {
    pub name: String,
    pub topic_id: Uuid,
    pub partitions: Vec<PartitionState>,
    /// Topic-level config overrides (Kafka's names, e.g. `retention.ms`).
    pub configs: BTreeMap<String, String>,
}

/// The whole cluster metadata, as of the last applied command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClusterState {
    pub cluster_id: Option<String>,
    pub brokers: BTreeMap<i32, BrokerRegistration>,
    pub topics: BTreeMap<String, TopicState>,
    topic_names_by_id: HashMap<Uuid, String>,
    /// The first producer id not yet handed out.
    pub next_producer_id: i64,
    /// Number of commands applied so far (the metadata offset).
    pub applied: u64,
}

/// Kafka's rule for topic names: 1 to 249 characters of `[a-zA-Z0-9._-]`,
/// neither "." nor "..".
pub fn validate_topic_name(name: &str) -> Result<(), MetadataError> {
    let bad = |why| Err(MetadataError::InvalidTopic(name.to_string(), why));
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
        self.topics.get(name)
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
            }
            Command::RegisterBroker { node_id, port, .. } => {
                if *node_id < 0 || !(0..=65535).contains(port) {
                    return Err(MetadataError::Invalid(format!(
                        "bad broker {node_id} port {port}"
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
            } => {
                self.brokers.insert(
                    node_id,
                    BrokerRegistration {
                        node_id,
                        host,
                        port,
                        rack,
                    },
                );
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
                    TopicState {
                        name,
                        topic_id,
                        partitions,
                        configs,
                    },
                );
            }
            Command::DeleteTopic { name } => {
                let topic = self.topics.remove(&name).expect("checked");
                self.topic_names_by_id.remove(&topic.topic_id);
            }
            Command::CreatePartitions { name, partitions } => {
                let topic = self.topics.get_mut(&name).expect("checked");
                topic
                    .partitions
                    .extend(partitions.into_iter().map(new_partition));
            }
            Command::AlterTopicConfigs { name, changes } => {
                let topic = self.topics.get_mut(&name).expect("checked");
                for (k, v) in changes {
                    match v {
                        Some(v) => topic.configs.insert(k, v),
                        None => topic.configs.remove(&k),
                    };
                }
            }
            Command::ChangePartition {
                topic,
                partition,
                leader,
                isr,
            } => {
                let p = &mut self.topics.get_mut(&topic).expect("checked").partitions
                    [partition as usize];
                if p.leader != leader {
                    p.leader_epoch += 1;
                }
                p.leader = leader;
                p.isr = isr;
                p.partition_epoch += 1;
            }
            Command::AllocateProducerIds { first, count, .. } => {
                self.next_producer_id = first + count;
            }
        }
        self.applied += 1;
        Ok(())
    }
}

fn new_partition(a: PartitionAssignment) -> PartitionState {
    PartitionState {
        leader: a.replicas[0],
        isr: a.replicas.clone(),
        replicas: a.replicas,
        leader_epoch: 0,
        partition_epoch: 0,
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
}
