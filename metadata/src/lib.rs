//! The cluster's metadata: brokers, topics, partitions, topic ids and configs.
//!
//! The state is a deterministic state machine ([`ClusterState`]) changed only
//! by applying [`Command`]s in the order of the metadata log. On one node the
//! log is a local file ([`MetadataLog`]); in a cluster the same commands are
//! replicated by the Raft [`quorum`] (openraft). The broker reads the state
//! and submits commands; it never writes the state directly.

pub mod acl;
pub mod client_quota;
mod command;
pub mod controller;
pub mod kafka_uuid;
mod log;
mod partition_state;
pub mod placement;
mod published;
pub mod quorum;
pub mod reassignment;
mod state;
mod store;
pub mod topic;

pub use command::{Command, Endpoint, PartitionAssignment, ScramCredential};
pub use log::MetadataLog;
pub use state::{
    validate_topic_name, BrokerRegistration, ClusterState, MetadataError, PartitionState,
    TopicState, MAX_PARTITIONS_PER_TOPIC,
};
pub use store::{MetadataStore, Published};

/// A new cluster id as Kafka prints them: URL-safe base64 of a random UUID,
/// without padding.
pub fn new_cluster_id() -> String {
    kafka_uuid::to_string(&uuid::Uuid::new_v4())
}
