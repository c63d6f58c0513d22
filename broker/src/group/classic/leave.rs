//! LeaveGroup handling, after Kafka's `handleLeaveGroup` (with KIP-345
//! leaving by instance id), and what a smaller membership does to the group.
//!
//! Invariants: one error code per leaving member, in request order; a leaving
//! member's waiting JoinGroup/SyncGroup is answered UNKNOWN_MEMBER_ID; a group
//! left with no members becomes Empty under a new generation, and a Stable or
//! CompletingRebalance group that loses a member rebalances.

use super::*;

impl Group {
    /// Removes members; returns an error code per member, and delayed replies.
    pub fn leave(
        &mut self,
        now_ms: i64,
        leaving: &[(String, Option<String>)],
    ) -> (Vec<i16>, Vec<Reply>) {
        let mut codes = Vec::with_capacity(leaving.len());
        let mut replies = Vec::new();
        let mut removed = false;
        for (member_id, instance) in leaving {
            let id = match instance {
                Some(i) => match self.static_members.get(i) {
                    Some(current) if member_id.is_empty() || current == member_id => {
                        current.clone()
                    }
                    Some(_) => {
                        codes.push(code::FENCED_INSTANCE_ID);
                        continue;
                    }
                    None => {
                        codes.push(code::UNKNOWN_MEMBER_ID);
                        continue;
                    }
                },
                None => member_id.clone(),
            };
            if self.pending_members.remove(&id).is_some() {
                codes.push(code::NONE);
                continue;
            }
            let Some(m) = self.members.get(&id) else {
                codes.push(code::UNKNOWN_MEMBER_ID);
                continue;
            };
            fail_waiting(m, code::UNKNOWN_MEMBER_ID, &mut replies);
            self.remove_member(&id);
            removed = true;
            codes.push(code::NONE);
        }
        if removed {
            replies.extend(self.membership_changed(now_ms));
        }
        (codes, replies)
    }

    pub(super) fn membership_changed(&mut self, now_ms: i64) -> Vec<Reply> {
        let mut replies = Vec::new();
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance if self.members.is_empty() => {
                self.become_empty()
            }
            GroupState::Stable | GroupState::CompletingRebalance => {
                self.prepare_rebalance(now_ms, &mut replies)
            }
            GroupState::PreparingRebalance if self.members.is_empty() => self.become_empty(),
            _ => {}
        }
        replies.extend(self.try_complete_join(now_ms));
        replies
    }

    fn become_empty(&mut self) {
        self.initial_delay = None;
        self.new_member_added = false;
        self.state = GroupState::Empty;
        self.generation_id += 1;
        self.protocol_name = None;
        self.leader_id = None;
    }
}
