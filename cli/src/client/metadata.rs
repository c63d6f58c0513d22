//! Metadata as the tools see it (Kafka's `Metadata`): topics and partitions
//! with their leaders, replicas and ISR, and the requests that fetch them.
//!
//! Invariants: a Metadata response replaces the broker addresses the client
//! knows, so requests to leaders go where the last response says; a topic's
//! partitions are sorted by index.

use super::*;

/// A partition as Metadata describes it.
#[derive(Debug, Clone)]
pub struct PartitionInfo {
    pub index: i32,
    pub leader: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
}

/// A topic as Metadata describes it, partitions sorted by index.
#[derive(Debug, Clone)]
pub struct TopicInfo {
    pub name: String,
    pub topic_id: Uuid,
    pub partitions: Vec<PartitionInfo>,
}

impl TopicInfo {
    pub fn from_metadata(t: &MetadataResponseTopic) -> TopicInfo {
        let mut partitions: Vec<PartitionInfo> = t
            .partitions
            .iter()
            .map(|p| PartitionInfo {
                index: p.partition_index,
                leader: p.leader_id,
                replicas: p.replica_nodes.clone(),
                isr: p.isr_nodes.clone(),
            })
            .collect();
        partitions.sort_by_key(|p| p.index);
        TopicInfo {
            name: t.name.clone().unwrap_or_default(),
            topic_id: t.topic_id,
            partitions,
        }
    }

    pub fn partition(&self, index: i32) -> Option<&PartitionInfo> {
        self.partitions.iter().find(|p| p.index == index)
    }
}

impl Client {
    /// Metadata for `topics` (all topics when `None`), remembering the broker
    /// addresses so that later requests can go to partition leaders.
    pub async fn metadata(
        &mut self,
        topics: Option<&[String]>,
        allow_auto_topic_creation: bool,
    ) -> Result<MetadataResponse> {
        let version = self.version(ApiKey::Metadata).await?;
        let topics = match topics {
            Some(names) => Some(
                names
                    .iter()
                    .map(|n| MetadataRequestTopic {
                        name: Some(n.clone()),
                        ..Default::default()
                    })
                    .collect(),
            ),
            // v0 has no null: an empty list means every topic there.
            None if version == 0 => Some(Vec::new()),
            None => None,
        };
        let request = MetadataRequest {
            topics,
            // Not in v0-v3, where brokers decide alone (the field must keep
            // its default there).
            allow_auto_topic_creation: version < 4 || allow_auto_topic_creation,
            ..Default::default()
        };
        let response = expect_body!(self.send(RequestBody::Metadata(request)).await?, Metadata)?;
        self.nodes = response
            .brokers
            .iter()
            .map(|b| (b.node_id, format_addr(&b.host, b.port)))
            .collect();
        Ok(response)
    }

    /// One topic's metadata: `Ok(Err(code))` when the broker reports an error
    /// for it (unknown topic, leader election under way, ...).
    pub async fn topic(
        &mut self,
        name: &str,
        allow_auto_topic_creation: bool,
    ) -> Result<std::result::Result<TopicInfo, i16>> {
        let response = self
            .metadata(Some(&[name.to_string()]), allow_auto_topic_creation)
            .await?;
        let Some(t) = response
            .topics
            .iter()
            .find(|t| t.name.as_deref() == Some(name))
        else {
            return Ok(Err(errors::UNKNOWN_TOPIC_OR_PARTITION));
        };
        if t.error_code != errors::NONE {
            return Ok(Err(t.error_code));
        }
        Ok(Ok(TopicInfo::from_metadata(t)))
    }

    /// One topic's metadata, or an error naming the topic (Kafka's
    /// "Topic 'x' does not exist." when it is unknown).
    pub async fn existing_topic(&mut self, name: &str) -> Result<TopicInfo> {
        match self.topic(name, false).await? {
            Ok(topic) => Ok(topic),
            Err(errors::UNKNOWN_TOPIC_OR_PARTITION) => Err(Error::kafka(
                errors::UNKNOWN_TOPIC_OR_PARTITION,
                Some(format!("Topic '{name}' does not exist.")),
            )),
            Err(code) => Err(Error::Kafka {
                context: format!("topic '{name}': "),
                code,
                message: None,
            }),
        }
    }
}
