//! The info-level log lines of a classic group's changes (members joining
//! and leaving, rebalances, new generations), as Kafka's GroupCoordinator logs
//! them.
//!
//! Invariants: a [`Seen`] is taken just before one operation on a group and
//! compared with the group just after it, under the same groups lock, so each
//! change is logged once, with the cause of that operation.

use super::*;

/// Why members left a group, for its log line.
#[derive(Clone, Copy)]
pub(super) enum Cause {
    /// A JoinGroup, SyncGroup, Heartbeat or OffsetCommit (a rejoin may
    /// replace a static member).
    Request,
    LeaveGroup,
    /// The session or rebalance timeout, seen by the ticker.
    Timeout,
}

/// What a classic group's log lines compare: its state before a change.
/// The group state machine stays pure; its changes are logged from here, at
/// info, as Kafka's GroupCoordinator logs them.
pub(super) struct Seen {
    state: GroupState,
    generation_id: i32,
    members: BTreeSet<String>,
}

impl Seen {
    pub(super) fn of(group: &Group) -> Seen {
        Seen {
            state: group.state,
            generation_id: group.generation_id,
            members: group.members.keys().cloned().collect(),
        }
    }

    pub(super) fn log_changes(&self, group: &Group, cause: Cause) {
        let id = &group.group_id;
        for m in group.members.keys().filter(|m| !self.members.contains(*m)) {
            tracing::info!(group = %id, member = %m, "Member {m} joined group {id}");
        }
        for m in self
            .members
            .iter()
            .filter(|m| !group.members.contains_key(*m))
        {
            match cause {
                Cause::LeaveGroup => tracing::info!(
                    "Member {m} has left group {id} through explicit `LeaveGroup` request"
                ),
                Cause::Timeout => tracing::info!(
                    "Member {m} in group {id} has failed, removing it from the group"
                ),
                Cause::Request => tracing::info!("Member {m} was removed from group {id}"),
            }
        }
        if group.state == self.state && group.generation_id == self.generation_id {
            return;
        }
        if group.state == GroupState::PreparingRebalance {
            tracing::info!(
                "Preparing to rebalance group {id} in state {} with old generation {}",
                group.state.name(),
                self.generation_id
            );
        }
        if group.generation_id != self.generation_id && !group.members.is_empty() {
            tracing::info!(
                "Stabilized group {id} generation {} with {} members",
                group.generation_id,
                group.members.len()
            );
        }
        if group.state == GroupState::Stable && self.state == GroupState::CompletingRebalance {
            tracing::info!(
                "Assignment received from leader {} for group {id} for generation {}. The group has {} members.",
                group.leader_id.as_deref().unwrap_or(""),
                group.generation_id,
                group.members.len()
            );
        }
        if group.state == GroupState::Empty && self.state != GroupState::Empty {
            tracing::info!(
                "Group {id} with generation {} is now empty",
                group.generation_id
            );
        }
    }
}
