//! One partition's replication state in the cluster metadata: replicas,
//! ISR, leader, epochs, and a reassignment in progress.
//!
//! Invariants (kept by the commands that change it, `state.rs` and
//! `reassignment.rs`): the ISR is a subset of the replicas, the leader is in
//! the ISR or -1, and the adding and removing replicas are disjoint subsets
//! of the replicas, both empty when no reassignment is in progress.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionState {
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    pub leader: i32,
    /// Bumped each time the leader changes; fences zombie leaders and old fetches.
    pub leader_epoch: i32,
    /// Bumped on any change of the partition (leader or ISR).
    pub partition_epoch: i32,
    /// During a reassignment: the replicas being added (in `replicas`, not
    /// yet in the ISR when it started) and those to remove once the added
    /// ones are in sync (see `reassignment.rs`). Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adding_replicas: Vec<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removing_replicas: Vec<i32>,
}

impl PartitionState {
    /// A reassignment is in progress.
    pub fn is_reassigning(&self) -> bool {
        !self.adding_replicas.is_empty() || !self.removing_replicas.is_empty()
    }
}
