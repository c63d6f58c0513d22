//! SyncGroup handling, after Kafka's `handleSyncGroup`: the leader's
//! assignment ends CompletingRebalance and answers every member waiting in
//! SyncGroup.
//!
//! Invariants: only the leader's SyncGroup moves CompletingRebalance to
//! Stable; a member the leader left out gets an empty assignment; in Stable a
//! SyncGroup is answered at once with the member's current assignment.

use super::*;

impl Group {
    pub fn sync(
        &mut self,
        now_ms: i64,
        member_id: &str,
        generation_id: i32,
        instance: Option<&str>,
        assignments: Vec<(String, Bytes)>,
    ) -> (Outcome<SyncResult>, Vec<Reply>) {
        if let Err(c) = self.check_member(member_id, generation_id, instance) {
            return (Outcome::Now(SyncResult::error(c)), Vec::new());
        }
        match self.state {
            GroupState::Empty | GroupState::Dead => (
                Outcome::Now(SyncResult::error(code::UNKNOWN_MEMBER_ID)),
                Vec::new(),
            ),
            GroupState::PreparingRebalance => (
                Outcome::Now(SyncResult::error(code::REBALANCE_IN_PROGRESS)),
                Vec::new(),
            ),
            GroupState::Stable => {
                let m = self.members.get_mut(member_id).expect("checked");
                m.last_heartbeat_ms = now_ms;
                let result = self.sync_result(member_id);
                (Outcome::Now(result), Vec::new())
            }
            GroupState::CompletingRebalance => {
                let m = self.members.get_mut(member_id).expect("checked");
                m.awaiting_sync = true;
                m.last_heartbeat_ms = now_ms;
                let mut replies = Vec::new();
                if self.leader_id.as_deref() == Some(member_id) {
                    let ids: Vec<String> = self.members.keys().cloned().collect();
                    for id in &ids {
                        let assignment = assignments
                            .iter()
                            .find(|(m, _)| m == id)
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                        self.members.get_mut(id).expect("member").assignment = assignment;
                    }
                    self.state = GroupState::Stable;
                    for id in ids {
                        let m = self.members.get_mut(&id).expect("member");
                        if m.awaiting_sync {
                            m.awaiting_sync = false;
                            let result = self.sync_result(&id);
                            replies.push(Reply::Sync(id, result));
                        }
                    }
                }
                (Outcome::Later(member_id.to_string()), replies)
            }
        }
    }

    fn sync_result(&self, member_id: &str) -> SyncResult {
        SyncResult {
            error_code: code::NONE,
            protocol_type: self.protocol_type.clone(),
            protocol_name: self.protocol_name.clone(),
            assignment: self
                .members
                .get(member_id)
                .map(|m| m.assignment.clone())
                .unwrap_or_default(),
        }
    }
}
