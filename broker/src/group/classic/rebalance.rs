//! The rebalance from PreparingRebalance to CompletingRebalance, after Kafka's
//! `prepareRebalance`, `InitialDelayedJoin` and `DelayedJoin`
//! (`tryCompleteJoin` / `onCompleteJoin`), and the JoinGroup answers it gives.
//!
//! Invariants: the rebalance deadline is fixed when PreparingRebalance
//! begins; a rebalance begun in Empty completes only through the initial-delay
//! timer; completing the join drops members that did not rejoin, bumps the
//! generation and answers every member that did; only the leader's answer
//! lists the members.

use super::*;

impl Group {
    /// Moves to PreparingRebalance; members waiting in SyncGroup are told to rejoin.
    pub(super) fn prepare_rebalance(&mut self, now_ms: i64, replies: &mut Vec<Reply>) {
        if self.state == GroupState::PreparingRebalance {
            // The deadline was fixed when the rebalance began, as in Kafka.
            return;
        }
        if self.state == GroupState::CompletingRebalance {
            for m in self.members.values_mut().filter(|m| m.awaiting_sync) {
                m.awaiting_sync = false;
                replies.push(Reply::Sync(
                    m.member_id.clone(),
                    SyncResult::error(code::REBALANCE_IN_PROGRESS),
                ));
            }
        }
        let longest = self
            .members
            .values()
            .map(|m| i64::from(m.rebalance_timeout_ms))
            .max()
            .unwrap_or(0);
        if self.state == GroupState::Empty {
            // The group is new: give members time to join (Kafka's delayed
            // initial join). Even with delay 0 the timer, not this join,
            // completes it, so members joining at the same moment get in.
            let delay_ms = self.config.initial_rebalance_delay_ms.max(0);
            self.initial_delay = Some(InitialDelay {
                due_ms: now_ms + delay_ms,
                delay_ms,
                remaining_ms: (longest - delay_ms).max(0),
            });
            self.new_member_added = false;
            self.rebalance_deadline_ms = i64::MAX;
        } else {
            self.rebalance_deadline_ms = now_ms + longest;
        }
        self.state = GroupState::PreparingRebalance;
    }

    /// When [`Group::tick`] next has a timer to fire before its periodic work:
    /// the initial-delay timer, for the coordinator to wake up at.
    pub fn next_timer_ms(&self) -> Option<i64> {
        self.initial_delay.map(|t| t.due_ms)
    }

    /// Fires the initial-delay timer if it is due: re-arms it while members
    /// keep joining, else completes the join phase with whoever joined.
    pub(super) fn fire_initial_delay(&mut self, now_ms: i64) -> Vec<Reply> {
        let Some(timer) = self.initial_delay else {
            return Vec::new();
        };
        if now_ms < timer.due_ms {
            return Vec::new();
        }
        assert_eq!(self.state, GroupState::PreparingRebalance);
        if self.new_member_added && timer.remaining_ms != 0 {
            self.new_member_added = false;
            let delay_ms = self
                .config
                .initial_rebalance_delay_ms
                .max(0)
                .min(timer.remaining_ms);
            self.initial_delay = Some(InitialDelay {
                due_ms: now_ms + delay_ms,
                delay_ms,
                remaining_ms: (timer.remaining_ms - timer.delay_ms).max(0),
            });
            return Vec::new();
        }
        self.initial_delay = None;
        self.new_member_added = false;
        self.complete_join(now_ms)
    }

    fn all_joined(&self) -> bool {
        self.pending_members.is_empty() && self.members.values().all(|m| m.awaiting_join)
    }

    /// Completes the rebalance if every member rejoined, or if the deadline
    /// passed (dropping members that did not rejoin). An initial rebalance
    /// completes only through its timer ([`Group::fire_initial_delay`]).
    pub(super) fn try_complete_join(&mut self, now_ms: i64) -> Vec<Reply> {
        if self.state != GroupState::PreparingRebalance || self.initial_delay.is_some() {
            return Vec::new();
        }
        let deadline_passed = now_ms >= self.rebalance_deadline_ms;
        if !(deadline_passed || self.all_joined()) {
            return Vec::new();
        }
        self.complete_join(now_ms)
    }

    /// Ends the join phase: members that did not rejoin leave, the generation
    /// moves on, and every member that did gets its JoinGroup answer.
    fn complete_join(&mut self, now_ms: i64) -> Vec<Reply> {
        assert_eq!(self.state, GroupState::PreparingRebalance);
        let mut replies = Vec::new();
        // Members that did not rejoin in time leave the group.
        let gone: Vec<String> = self
            .members
            .values()
            .filter(|m| !m.awaiting_join)
            .map(|m| m.member_id.clone())
            .collect();
        for id in gone {
            self.remove_member(&id);
        }
        self.pending_members.clear();
        self.generation_id += 1;
        if self.members.is_empty() {
            self.state = GroupState::Empty;
            self.protocol_name = None;
            self.leader_id = None;
            return replies;
        }
        if self
            .leader_id
            .as_ref()
            .is_none_or(|l| !self.members.contains_key(l))
        {
            self.leader_id = self.members.keys().next().cloned();
        }
        self.protocol_name = self.select_protocol();
        self.state = GroupState::CompletingRebalance;
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in ids {
            let result = self.join_result(&id);
            let m = self.members.get_mut(&id).expect("member");
            m.awaiting_join = false;
            m.last_heartbeat_ms = now_ms;
            replies.push(Reply::Join(id, result));
        }
        replies
    }

    pub(super) fn join_result(&self, member_id: &str) -> JoinResult {
        let is_leader = self.leader_id.as_deref() == Some(member_id);
        let protocol = self.protocol_name.clone().unwrap_or_default();
        JoinResult {
            error_code: code::NONE,
            generation_id: self.generation_id,
            protocol_type: self.protocol_type.clone(),
            protocol_name: self.protocol_name.clone(),
            leader: self.leader_id.clone().unwrap_or_default(),
            member_id: member_id.to_string(),
            members: if is_leader {
                self.members
                    .values()
                    .map(|m| {
                        (
                            m.member_id.clone(),
                            m.group_instance_id.clone(),
                            m.metadata_for(&protocol),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}
