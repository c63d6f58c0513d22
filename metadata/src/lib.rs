//! The cluster's metadata: brokers, topics, partitions, topic ids and configs.
//!
//! The state is a deterministic state machine ([`ClusterState`]) changed only
//! by applying [`Command`]s in the order of the metadata log. On one node the
//! log is a local file ([`MetadataLog`]); in a cluster the same commands will be
//! replicated through Raft. The broker reads the state and submits commands; it
//! never writes the state directly.

mod command;
mod log;
pub mod placement;
mod state;
mod store;

pub use command::{Command, PartitionAssignment};
pub use log::MetadataLog;
pub use state::{BrokerRegistration, ClusterState, MetadataError, PartitionState, TopicState};
pub use store::MetadataStore;
