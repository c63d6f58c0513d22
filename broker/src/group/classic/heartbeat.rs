//! Member liveness: Heartbeat handling (Kafka's `handleHeartbeat`) and
//! [`Group::tick`], the clock-driven work Kafka does with its heartbeat and
//! join timers: session expiry, a leader that never syncs, the initial-delay
//! timer and rebalance deadlines.
//!
//! Invariants: a heartbeat refreshes only a member that passes the identity
//! and generation check; session expiry skips members waiting in JoinGroup or
//! SyncGroup; a CompletingRebalance group with a member past its session
//! loses its leader, which never sent the assignment.

use super::*;

impl Group {
    pub fn heartbeat(
        &mut self,
        now_ms: i64,
        member_id: &str,
        generation_id: i32,
        instance: Option<&str>,
    ) -> i16 {
        if let Err(c) = self.check_member(member_id, generation_id, instance) {
            return c;
        }
        self.members
            .get_mut(member_id)
            .expect("checked")
            .last_heartbeat_ms = now_ms;
        match self.state {
            GroupState::PreparingRebalance => code::REBALANCE_IN_PROGRESS,
            GroupState::Empty | GroupState::Dead => code::UNKNOWN_MEMBER_ID,
            _ => code::NONE,
        }
    }

    /// Expires members whose session timed out, fires the initial-delay timer
    /// and completes rebalances whose deadline passed. Call it periodically
    /// with the current time, and at [`Group::next_timer_ms`].
    pub fn tick(&mut self, now_ms: i64) -> Vec<Reply> {
        let mut replies = Vec::new();
        self.pending_members
            .retain(|_, deadline| *deadline > now_ms);
        let expired: Vec<String> = self
            .members
            .values()
            .filter(|m| !m.awaiting_join && !m.awaiting_sync)
            .filter(|m| m.last_heartbeat_ms + i64::from(m.session_timeout_ms) <= now_ms)
            .map(|m| m.member_id.clone())
            .collect();
        if !expired.is_empty() {
            for id in &expired {
                tracing::info!(group = %self.group_id, member = %id, "member session expired");
                self.remove_member(id);
            }
            replies.extend(self.membership_changed(now_ms));
        }
        // Members stuck in SyncGroup past their session: the leader never synced.
        if self.state == GroupState::CompletingRebalance {
            let stuck = self
                .members
                .values()
                .any(|m| m.last_heartbeat_ms + i64::from(m.session_timeout_ms) <= now_ms);
            if stuck {
                let leader = self.leader_id.clone().unwrap_or_default();
                let (_, more) = self.leave(now_ms, &[(leader, None)]);
                replies.extend(more);
            }
        }
        replies.extend(self.fire_initial_delay(now_ms));
        replies.extend(self.try_complete_join(now_ms));
        replies
    }
}
