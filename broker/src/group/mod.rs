//! The group coordinator: consumer groups and their committed offsets.
//!
//! - [`classic`]: the JoinGroup/SyncGroup protocol as a pure state machine;
//! - [`coordinator`]: the async side (waiting members, timers, persistence);
//! - [`offsets`]: committed offsets in `__consumer_offsets`.

pub mod classic;
pub mod consumer;
pub mod coordinator;
pub mod offsets;
