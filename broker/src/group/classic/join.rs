//! JoinGroup handling, after Kafka's `handleJoinGroup` (`doNewMemberJoinGroup`,
//! `doStaticMemberJoinGroup`, `doCurrentMemberJoinGroup`): new members,
//! KIP-394 member ids handed out with MEMBER_ID_REQUIRED, KIP-345 static
//! members taking over their old id, and known members rejoining.
//!
//! Invariants: a refused JoinGroup changes nothing; an id handed out with
//! MEMBER_ID_REQUIRED waits in `pending_members` until it joins, leaves or its
//! session passes; a static instance maps to one member id, and the id it
//! replaces has its waiting requests answered FENCED_INSTANCE_ID.

use super::*;

impl Group {
    pub fn join(&mut self, now_ms: i64, args: JoinArgs) -> (Outcome<JoinResult>, Vec<Reply>) {
        let mut replies = Vec::new();
        if self.state == GroupState::Dead {
            return (
                Outcome::Now(JoinResult::error(
                    code::COORDINATOR_NOT_AVAILABLE,
                    &args.member_id,
                )),
                replies,
            );
        }
        if args.session_timeout_ms < self.config.min_session_timeout_ms
            || args.session_timeout_ms > self.config.max_session_timeout_ms
        {
            return (
                Outcome::Now(JoinResult::error(
                    code::INVALID_SESSION_TIMEOUT,
                    &args.member_id,
                )),
                replies,
            );
        }
        if !self.supports_protocols(&args.protocol_type, &args.protocols) {
            return (
                Outcome::Now(JoinResult::error(
                    code::INCONSISTENT_GROUP_PROTOCOL,
                    &args.member_id,
                )),
                replies,
            );
        }
        // Static member rejoining (possibly with a new process and no member id):
        // it takes over its old member id's place (KIP-345).
        if let Some(instance) = &args.group_instance_id {
            if let Some(old_id) = self.static_members.get(instance).cloned() {
                if args.member_id.is_empty() || args.member_id != old_id {
                    let new_id = if args.member_id.is_empty() {
                        self.new_member_id(&args.client_id)
                    } else {
                        args.member_id.clone()
                    };
                    if let Some(mut m) = self.members.remove(&old_id) {
                        fail_waiting(&m, code::FENCED_INSTANCE_ID, &mut replies);
                        m.member_id = new_id.clone();
                        m.awaiting_join = false;
                        m.awaiting_sync = false;
                        self.members.insert(new_id.clone(), m);
                    }
                    if self.leader_id.as_deref() == Some(old_id.as_str()) {
                        self.leader_id = Some(new_id.clone());
                    }
                    self.static_members.insert(instance.clone(), new_id.clone());
                    let args = JoinArgs {
                        member_id: new_id,
                        ..args
                    };
                    return self.join_known(now_ms, args, replies);
                }
            }
        }
        if args.member_id.is_empty() {
            if self.members.len() + self.pending_members.len() >= self.config.max_size {
                return (
                    Outcome::Now(JoinResult::error(code::GROUP_MAX_SIZE_REACHED, "")),
                    replies,
                );
            }
            let member_id = self.new_member_id(&args.client_id);
            if args.require_known_member_id && args.group_instance_id.is_none() {
                // KIP-394: hand out an id; the member joins again with it.
                self.pending_members.insert(
                    member_id.clone(),
                    now_ms + i64::from(args.session_timeout_ms),
                );
                return (
                    Outcome::Now(JoinResult::error(code::MEMBER_ID_REQUIRED, &member_id)),
                    replies,
                );
            }
            if let Some(instance) = &args.group_instance_id {
                self.static_members
                    .insert(instance.clone(), member_id.clone());
            }
            return self.add_member_and_rebalance(now_ms, JoinArgs { member_id, ..args }, replies);
        }
        if self.pending_members.remove(&args.member_id).is_some() {
            return self.add_member_and_rebalance(now_ms, args, replies);
        }
        if !self.members.contains_key(&args.member_id) {
            return (
                Outcome::Now(JoinResult::error(code::UNKNOWN_MEMBER_ID, &args.member_id)),
                replies,
            );
        }
        self.join_known(now_ms, args, replies)
    }

    fn add_member_and_rebalance(
        &mut self,
        now_ms: i64,
        args: JoinArgs,
        mut replies: Vec<Reply>,
    ) -> (Outcome<JoinResult>, Vec<Reply>) {
        let member_id = args.member_id.clone();
        if self.members.is_empty() {
            self.protocol_type = Some(args.protocol_type.clone());
        }
        // The initial rebalance may be delayed further (Kafka's newMemberAdded).
        if self.initial_delay.is_some() {
            self.new_member_added = true;
        }
        self.members.insert(
            member_id.clone(),
            Member {
                member_id: member_id.clone(),
                group_instance_id: args.group_instance_id,
                client_id: args.client_id,
                client_host: args.client_host,
                session_timeout_ms: args.session_timeout_ms,
                rebalance_timeout_ms: args.rebalance_timeout_ms,
                protocols: args.protocols,
                assignment: Bytes::new(),
                awaiting_join: true,
                awaiting_sync: false,
                last_heartbeat_ms: now_ms,
            },
        );
        if self.leader_id.is_none() {
            self.leader_id = Some(member_id.clone());
        }
        self.prepare_rebalance(now_ms, &mut replies);
        replies.extend(self.try_complete_join(now_ms));
        (Outcome::Later(member_id), replies)
    }

    fn join_known(
        &mut self,
        now_ms: i64,
        args: JoinArgs,
        mut replies: Vec<Reply>,
    ) -> (Outcome<JoinResult>, Vec<Reply>) {
        let member_id = args.member_id.clone();
        let state = self.state;
        let leader = self.leader_id.clone();
        let m = self.members.get_mut(&member_id).expect("known member");
        let same_protocols = m.protocols == args.protocols;
        m.last_heartbeat_ms = now_ms;
        m.session_timeout_ms = args.session_timeout_ms;
        m.rebalance_timeout_ms = args.rebalance_timeout_ms;
        m.client_id = args.client_id;
        m.client_host = args.client_host;
        m.protocols = args.protocols;
        match state {
            GroupState::PreparingRebalance => {
                if m.awaiting_join {
                    // A retried JoinGroup: the old one gets a rebalance error.
                    replies.push(Reply::Join(
                        member_id.clone(),
                        JoinResult::error(code::REBALANCE_IN_PROGRESS, &member_id),
                    ));
                }
                m.awaiting_join = true;
                replies.extend(self.try_complete_join(now_ms));
                (Outcome::Later(member_id), replies)
            }
            GroupState::CompletingRebalance | GroupState::Stable
                if same_protocols
                    && !(leader.as_deref() == Some(member_id.as_str())
                        && state == GroupState::Stable) =>
            {
                // Nothing changed: answer with the current generation (Kafka does
                // the same for a follower that rejoins with the same metadata).
                let result = self.join_result(&member_id);
                (Outcome::Now(result), replies)
            }
            _ => {
                m.awaiting_join = true;
                self.prepare_rebalance(now_ms, &mut replies);
                replies.extend(self.try_complete_join(now_ms));
                (Outcome::Later(member_id), replies)
            }
        }
    }
}
