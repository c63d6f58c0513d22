//! The cluster's metadata: brokers, topics, partitions, topic ids and configs.
//!
//! The state is a deterministic state machine ([`ClusterState`]) changed only
//! by applying [`Command`]s in the order of the metadata log. On one node the
//! log is a local file ([`MetadataLog`]); in a cluster the same commands are
//! replicated by the Raft [`quorum`] (openraft). The broker reads the state
//! and submits commands; it never writes the state directly.

mod command;
mod log;
pub mod placement;
pub mod quorum;
mod state;
mod store;
pub mod topic;

pub use command::{Command, PartitionAssignment};
pub use log::MetadataLog;
pub use state::{
    validate_topic_name, BrokerRegistration, ClusterState, MetadataError, PartitionState,
    TopicState, MAX_PARTITIONS_PER_TOPIC,
};
pub use store::{MetadataStore, Published};

/// A new cluster id as Kafka prints them: URL-safe base64 of a random UUID,
/// without padding.
pub fn new_cluster_id() -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let id = uuid::Uuid::new_v4();
    let bytes = id.as_bytes();
    let mut out = String::with_capacity(22);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..chunk.len() + 1 {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}
