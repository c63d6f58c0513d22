//! The classic consumer group protocol (JoinGroup / SyncGroup / Heartbeat /
//! LeaveGroup) as a pure state machine, after Kafka's `GroupCoordinator`.
//!
//! Nothing here waits or reads a clock: every operation takes `now_ms`, and
//! responses that Kafka delays (a JoinGroup until the rebalance completes, a
//! SyncGroup until the leader sends the assignment) come back as [`Reply`]s
//! from a later operation or from [`Group::tick`]. The async coordinator maps
//! them to the waiting connections; tests drive the clock by hand.
//!
//! This file holds the group's types, its members, protocol selection and
//! the member checks; `classic/join.rs` JoinGroup, `classic/rebalance.rs` the
//! move from PreparingRebalance to CompletingRebalance, `classic/sync.rs`
//! SyncGroup, `classic/heartbeat.rs` Heartbeat and the clock-driven
//! [`Group::tick`], `classic/leave.rs` LeaveGroup, `classic/stored.rs` the
//! group's record in `__consumer_offsets`.

use std::collections::{BTreeMap, HashMap};

use bytes::Bytes;

use crate::error::code;

mod heartbeat;
mod join;
mod leave;
mod rebalance;
pub mod stored;
mod sync;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
}

impl GroupState {
    /// The name Kafka uses in ListGroups / DescribeGroups.
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Member {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub session_timeout_ms: i32,
    pub rebalance_timeout_ms: i32,
    pub protocols: Vec<(String, Bytes)>,
    pub assignment: Bytes,
    /// Has a JoinGroup waiting for the rebalance to complete.
    pub awaiting_join: bool,
    /// Has a SyncGroup waiting for the leader's assignment.
    pub awaiting_sync: bool,
    pub last_heartbeat_ms: i64,
}

impl Member {
    fn metadata_for(&self, protocol: &str) -> Bytes {
        self.protocols
            .iter()
            .find(|(n, _)| n == protocol)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
}

/// What a JoinGroup gets back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinResult {
    pub error_code: i16,
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: String,
    pub member_id: String,
    /// (member id, instance id, metadata): only for the leader.
    pub members: Vec<(String, Option<String>, Bytes)>,
}

impl JoinResult {
    pub fn error(error_code: i16, member_id: &str) -> JoinResult {
        JoinResult {
            error_code,
            generation_id: -1,
            protocol_type: None,
            protocol_name: None,
            leader: String::new(),
            member_id: member_id.to_string(),
            members: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncResult {
    pub error_code: i16,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub assignment: Bytes,
}

impl SyncResult {
    pub fn error(error_code: i16) -> SyncResult {
        SyncResult {
            error_code,
            protocol_type: None,
            protocol_name: None,
            assignment: Bytes::new(),
        }
    }
}

/// A delayed response, for the member that is waiting for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Join(String, JoinResult),
    Sync(String, SyncResult),
}

/// The outcome of a JoinGroup or SyncGroup: an answer now, or later as a [`Reply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    Now(T),
    /// The member's answer comes as a `Reply` for this member id.
    Later(String),
}

#[derive(Debug, Clone)]
pub struct JoinArgs {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub session_timeout_ms: i32,
    pub rebalance_timeout_ms: i32,
    pub protocol_type: String,
    pub protocols: Vec<(String, Bytes)>,
    /// JoinGroup v4+: a member without an id first gets one with MEMBER_ID_REQUIRED.
    pub require_known_member_id: bool,
}

/// Broker settings that shape rebalances.
#[derive(Debug, Clone, Copy)]
pub struct GroupConfig {
    pub initial_rebalance_delay_ms: i64,
    pub min_session_timeout_ms: i32,
    pub max_session_timeout_ms: i32,
    /// `group.max.size`: members beyond it get GROUP_MAX_SIZE_REACHED.
    pub max_size: usize,
}

#[derive(Debug)]
pub struct Group {
    pub group_id: String,
    pub state: GroupState,
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader_id: Option<String>,
    pub members: BTreeMap<String, Member>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, not yet joined with them.
    pending_members: BTreeMap<String, i64>,
    /// group.instance.id → member id, for static members (KIP-345).
    static_members: HashMap<String, String>,
    /// The rebalance completes at the latest then (the longest rebalance timeout).
    rebalance_deadline_ms: i64,
    /// Set while the rebalance that began in Empty waits for more members:
    /// only this timer completes it, never a join (Kafka's delayed initial join).
    initial_delay: Option<InitialDelay>,
    /// A member joined since the initial-delay timer was (re)armed.
    new_member_added: bool,
    config: GroupConfig,
}

/// Kafka's `tryCompleteInitialRebalanceElseSchedule` timer: fires at `due_ms`;
/// if members joined meanwhile and time remains, it is re-armed for
/// `min(group.initial.rebalance.delay.ms, remaining)`, so the whole initial
/// rebalance lasts at most max(delay, the longest rebalance timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct InitialDelay {
    due_ms: i64,
    delay_ms: i64,
    remaining_ms: i64,
}

impl Group {
    pub fn new(group_id: &str, config: GroupConfig) -> Group {
        Group {
            group_id: group_id.to_string(),
            state: GroupState::Empty,
            generation_id: 0,
            protocol_type: None,
            protocol_name: None,
            leader_id: None,
            members: BTreeMap::new(),
            pending_members: BTreeMap::new(),
            static_members: HashMap::new(),
            rebalance_deadline_ms: 0,
            initial_delay: None,
            new_member_added: false,
            config,
        }
    }

    /// Kafka's member id form: the client id, a dash, a random UUID.
    fn new_member_id(&mut self, client_id: &str) -> String {
        format!("{client_id}-{}", uuid::Uuid::new_v4())
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.pending_members.is_empty()
    }

    /// Protocols every member supports, in the order of the first member's preference.
    fn common_protocols(&self) -> Vec<String> {
        let mut iter = self.members.values();
        let Some(first) = iter.next() else {
            return Vec::new();
        };
        let mut common: Vec<String> = first.protocols.iter().map(|(n, _)| n.clone()).collect();
        for m in iter {
            common.retain(|p| m.protocols.iter().any(|(n, _)| n == p));
        }
        common
    }

    /// Kafka's selection: each member votes for its most preferred protocol
    /// among the common ones; the most votes wins (ties: first member's order).
    fn select_protocol(&self) -> Option<String> {
        let common = self.common_protocols();
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for m in self.members.values() {
            if let Some(i) = m
                .protocols
                .iter()
                .find_map(|(n, _)| common.iter().position(|c| c == n))
            {
                *votes.entry(i).or_default() += 1;
            }
        }
        let best = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
        common.get(*best.0).cloned()
    }

    fn supports_protocols(&self, protocol_type: &str, protocols: &[(String, Bytes)]) -> bool {
        if protocols.is_empty() || protocol_type.is_empty() {
            return false;
        }
        if self.members.is_empty() {
            return true;
        }
        if self.protocol_type.as_deref() != Some(protocol_type) {
            return false;
        }
        let common = self.common_protocols();
        protocols.iter().any(|(n, _)| common.contains(n))
    }

    fn remove_member(&mut self, member_id: &str) {
        if let Some(m) = self.members.remove(member_id) {
            if let Some(instance) = &m.group_instance_id {
                if self.static_members.get(instance).map(String::as_str) == Some(member_id) {
                    self.static_members.remove(instance);
                }
            }
        }
        if self.leader_id.as_deref() == Some(member_id) {
            self.leader_id = self.members.keys().next().cloned();
        }
    }

    /// Checks a member's identity and generation (Heartbeat, SyncGroup, OffsetCommit).
    fn check_member(
        &self,
        member_id: &str,
        generation_id: i32,
        instance: Option<&str>,
    ) -> Result<(), i16> {
        if let Some(instance) = instance {
            if let Some(current) = self.static_members.get(instance) {
                if current != member_id {
                    return Err(code::FENCED_INSTANCE_ID);
                }
            }
        }
        if !self.members.contains_key(member_id) {
            return Err(code::UNKNOWN_MEMBER_ID);
        }
        if generation_id != self.generation_id {
            return Err(code::ILLEGAL_GENERATION);
        }
        Ok(())
    }

    /// Whether an offset commit from this member/generation is allowed now.
    /// Generation -1 with an empty member id is a "simple" commit (no
    /// membership), allowed while the group has no members.
    pub fn check_commit(&self, member_id: &str, generation_id: i32, instance: Option<&str>) -> i16 {
        if generation_id < 0 && member_id.is_empty() {
            // Kafka: a "simple" commit into a group with members is from an unknown member.
            return if self.members.is_empty() {
                code::NONE
            } else {
                code::UNKNOWN_MEMBER_ID
            };
        }
        if let Err(c) = self.check_member(member_id, generation_id, instance) {
            return c;
        }
        // Kafka refuses only while the assignment is being handed out; members
        // may still commit during PreparingRebalance (e.g. in onPartitionsRevoked).
        if self.state == GroupState::CompletingRebalance {
            return code::REBALANCE_IN_PROGRESS;
        }
        code::NONE
    }
}

/// Answers a member's pending JoinGroup and SyncGroup with `error_code`.
fn fail_waiting(m: &Member, error_code: i16, replies: &mut Vec<Reply>) {
    if m.awaiting_join {
        replies.push(Reply::Join(
            m.member_id.clone(),
            JoinResult::error(error_code, &m.member_id),
        ));
    }
    if m.awaiting_sync {
        replies.push(Reply::Sync(
            m.member_id.clone(),
            SyncResult::error(error_code),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: GroupConfig = GroupConfig {
        initial_rebalance_delay_ms: 100,
        min_session_timeout_ms: 10,
        max_session_timeout_ms: 100_000,
        max_size: 10,
    };

    fn args(member_id: &str) -> JoinArgs {
        JoinArgs {
            member_id: member_id.to_string(),
            group_instance_id: None,
            client_id: "c".into(),
            client_host: "/127.0.0.1".into(),
            session_timeout_ms: 1000,
            rebalance_timeout_ms: 5000,
            protocol_type: "consumer".into(),
            protocols: vec![("range".into(), Bytes::from_static(b"m"))],
            require_known_member_id: true,
        }
    }

    /// Joins with MEMBER_ID_REQUIRED and then with the given id.
    fn join_new(g: &mut Group, now: i64) -> (String, Vec<Reply>) {
        let (out, _) = g.join(now, args(""));
        let Outcome::Now(first) = out else {
            panic!("expected MEMBER_ID_REQUIRED")
        };
        assert_eq!(first.error_code, code::MEMBER_ID_REQUIRED);
        let id = first.member_id;
        let (out, replies) = g.join(now, args(&id));
        assert_eq!(out, Outcome::Later(id.clone()));
        (id, replies)
    }

    fn joins(replies: &[Reply]) -> Vec<&JoinResult> {
        replies
            .iter()
            .filter_map(|r| match r {
                Reply::Join(_, j) => Some(j),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn first_rebalance_waits_for_the_initial_delay_then_completes() {
        let mut g = Group::new("g", CONFIG);
        let (a, replies) = join_new(&mut g, 0);
        assert!(replies.is_empty());
        let (b, replies) = join_new(&mut g, 50);
        assert!(replies.is_empty(), "still within the initial delay");
        assert_eq!(g.next_timer_ms(), Some(100));
        // b joined during the delay: the timer is re-armed for another delay.
        assert!(g.tick(100).is_empty());
        assert_eq!(g.next_timer_ms(), Some(200));
        let replies = g.tick(200);
        assert_eq!(g.next_timer_ms(), None);
        let results = joins(&replies);
        assert_eq!(results.len(), 2);
        assert!(results
            .iter()
            .all(|r| r.generation_id == 1 && r.error_code == 0));
        let leader = results.iter().find(|r| r.member_id == r.leader).unwrap();
        assert_eq!(leader.members.len(), 2);
        assert_eq!(g.state, GroupState::CompletingRebalance);
        // Follower syncs first and waits; the leader's sync releases both.
        let follower = if leader.member_id == a {
            b.clone()
        } else {
            a.clone()
        };
        let (out, replies) = g.sync(110, &follower, 1, None, vec![]);
        assert_eq!(out, Outcome::Later(follower.clone()));
        assert!(replies.is_empty());
        let assignment = vec![
            (a.clone(), Bytes::from_static(b"A")),
            (b.clone(), Bytes::from_static(b"B")),
        ];
        let (_, replies) = g.sync(120, &leader.member_id.clone(), 1, None, assignment);
        assert_eq!(g.state, GroupState::Stable);
        assert_eq!(replies.len(), 2);
        for r in replies {
            let Reply::Sync(id, s) = r else { panic!() };
            assert_eq!(s.assignment, if id == a { "A" } else { "B" });
        }
        assert_eq!(g.heartbeat(130, &a, 1, None), code::NONE);
        assert_eq!(g.heartbeat(130, &a, 0, None), code::ILLEGAL_GENERATION);
        assert_eq!(g.heartbeat(130, "nobody", 1, None), code::UNKNOWN_MEMBER_ID);
    }

    #[test]
    fn with_delay_zero_the_first_rebalance_still_completes_through_the_timer() {
        let mut g = Group::new(
            "g",
            GroupConfig {
                initial_rebalance_delay_ms: 0,
                ..CONFIG
            },
        );
        let (a, replies) = join_new(&mut g, 7);
        assert!(replies.is_empty(), "never completed inline by the join");
        assert_eq!(g.state, GroupState::PreparingRebalance);
        assert_eq!(g.next_timer_ms(), Some(7));
        // A second consumer started at the same moment gets in before the timer.
        let (b, replies) = join_new(&mut g, 7);
        assert!(replies.is_empty());
        assert!(g.tick(7).is_empty(), "b joined: re-armed");
        let replies = g.tick(8);
        let results = joins(&replies);
        assert_eq!(results.len(), 2);
        assert!(results.iter().all(|r| r.generation_id == 1));
        assert!(g.members.contains_key(&a) && g.members.contains_key(&b));
        // Later rebalances complete as soon as every member rejoined.
        let changed = JoinArgs {
            protocols: vec![("range".into(), Bytes::from_static(b"new"))],
            ..args(&a)
        };
        let (out, replies) = g.join(20, changed);
        assert_eq!(out, Outcome::Later(a.clone()));
        assert!(replies.is_empty(), "b has not rejoined yet");
        let (_, replies) = g.join(21, args(&b));
        assert_eq!(joins(&replies).len(), 2);
        assert_eq!(g.generation_id, 2);
    }

    #[test]
    fn members_arriving_during_each_delay_all_land_in_the_first_generation() {
        let mut g = Group::new("g", CONFIG);
        join_new(&mut g, 0);
        join_new(&mut g, 60);
        assert!(g.tick(100).is_empty());
        join_new(&mut g, 150);
        assert!(g.tick(200).is_empty());
        let replies = g.tick(300);
        let results = joins(&replies);
        assert_eq!(results.len(), 3);
        assert!(results.iter().all(|r| r.generation_id == 1));
    }

    #[test]
    fn the_initial_delay_ends_within_the_rebalance_timeout_however_many_join() {
        let mut g = Group::new(
            "g",
            GroupConfig {
                max_size: 1000,
                ..CONFIG
            },
        );
        let mut completed_at = None;
        for now in (0..10_000).step_by(10) {
            if now % 50 == 0 {
                join_new(&mut g, now);
            }
            if !joins(&g.tick(now)).is_empty() {
                completed_at = Some(now);
                break;
            }
        }
        // Rebalance timeout 5000: the delays add up to at most that.
        let t = completed_at.expect("completed");
        assert!((4900..=5100).contains(&t), "completed at {t}");
        assert_eq!(g.generation_id, 1);
    }

    fn stable_group_of_two() -> (Group, String, String) {
        let mut g = Group::new(
            "g",
            GroupConfig {
                initial_rebalance_delay_ms: 0,
                ..CONFIG
            },
        );
        let (a, _) = join_new(&mut g, 0);
        let (b, _) = join_new(&mut g, 0);
        assert!(g.tick(0).is_empty(), "b joined: one more (zero) delay");
        assert_eq!(joins(&g.tick(100)).len(), 2);
        let leader = g.leader_id.clone().unwrap();
        g.sync(100, &leader, 1, None, vec![]);
        let other = if leader == a { b.clone() } else { a.clone() };
        g.sync(100, &other, 1, None, vec![]);
        assert_eq!(g.state, GroupState::Stable);
        (g, a, b)
    }

    #[test]
    fn a_member_that_stops_heartbeating_is_removed_and_the_group_rebalances() {
        let (mut g, a, b) = stable_group_of_two();
        assert_eq!(g.heartbeat(900, &a, 1, None), code::NONE);
        // b's session (1000 ms from its last contact at 100) runs out.
        let replies = g.tick(1100);
        assert!(replies.is_empty());
        assert!(!g.members.contains_key(&b));
        assert_eq!(g.state, GroupState::PreparingRebalance);
        assert_eq!(g.heartbeat(1150, &a, 1, None), code::REBALANCE_IN_PROGRESS);
        let (out, replies) = g.join(1200, args(&a));
        assert_eq!(out, Outcome::Later(a.clone()));
        let results = joins(&replies);
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].generation_id, 2);
        assert_eq!(results[0].leader, a);
    }

    #[test]
    fn members_that_do_not_rejoin_are_dropped_at_the_rebalance_deadline() {
        let (mut g, a, b) = stable_group_of_two();
        let _ = g.join(
            200,
            JoinArgs {
                protocols: vec![("range".into(), Bytes::from_static(b"new"))],
                ..args(&a)
            },
        );
        assert_eq!(g.state, GroupState::PreparingRebalance);
        // b keeps heartbeating but never rejoins; the deadline is 200 + 5000.
        for t in [1000, 1900, 2800, 3700, 4600] {
            assert_eq!(g.heartbeat(t, &b, 1, None), code::REBALANCE_IN_PROGRESS);
            assert!(g.tick(t).is_empty());
        }
        assert!(g.tick(5199).is_empty());
        let replies = g.tick(5200);
        assert_eq!(joins(&replies).len(), 1);
        assert_eq!(g.members.len(), 1);
        assert_eq!(g.generation_id, 2);
    }

    #[test]
    fn leaving_members_trigger_a_rebalance_and_the_last_one_empties_the_group() {
        let (mut g, a, b) = stable_group_of_two();
        let (codes, _) = g.leave(300, &[(b.clone(), None), ("ghost".into(), None)]);
        assert_eq!(codes, vec![code::NONE, code::UNKNOWN_MEMBER_ID]);
        assert_eq!(g.state, GroupState::PreparingRebalance);
        let (codes, replies) = g.leave(310, &[(a.clone(), None)]);
        assert_eq!(codes, vec![code::NONE]);
        assert!(replies.is_empty());
        assert_eq!(g.state, GroupState::Empty);
        assert_eq!(g.check_commit("", -1, None), code::NONE);
    }

    #[test]
    fn inconsistent_protocols_and_bad_timeouts_are_refused() {
        let mut g = Group::new("g", CONFIG);
        let _ = join_new(&mut g, 0);
        let mut other = args("");
        other.protocols = vec![("roundrobin".into(), Bytes::new())];
        let (out, _) = g.join(10, other);
        assert_eq!(
            out,
            Outcome::Now(JoinResult::error(code::INCONSISTENT_GROUP_PROTOCOL, ""))
        );
        let mut bad = args("");
        bad.session_timeout_ms = 1;
        let (out, _) = g.join(10, bad);
        assert_eq!(
            out,
            Outcome::Now(JoinResult::error(code::INVALID_SESSION_TIMEOUT, ""))
        );
    }

    #[test]
    fn a_thousand_members_joining_at_once_all_get_the_same_generation() {
        let mut g = Group::new(
            "g",
            GroupConfig {
                max_size: 1000,
                ..CONFIG
            },
        );
        let ids: Vec<String> = (0..1000).map(|_| join_new(&mut g, 0).0).collect();
        assert!(g.tick(100).is_empty());
        let replies = g.tick(200);
        let results = joins(&replies);
        assert_eq!(results.len(), 1000);
        assert!(results
            .iter()
            .all(|r| r.generation_id == 1 && r.error_code == code::NONE));
        let leader = results.iter().find(|r| r.member_id == r.leader).unwrap();
        assert_eq!(leader.members.len(), 1000);
        assert_eq!(g.members.len(), ids.len());
    }

    #[test]
    fn the_group_size_is_bounded() {
        let mut g = Group::new(
            "g",
            GroupConfig {
                max_size: 3,
                ..CONFIG
            },
        );
        for _ in 0..3 {
            join_new(&mut g, 0);
        }
        let (out, _) = g.join(0, args(""));
        assert_eq!(
            out,
            Outcome::Now(JoinResult::error(code::GROUP_MAX_SIZE_REACHED, ""))
        );
    }

    #[test]
    fn a_static_member_rejoining_keeps_its_place_and_fences_the_old_id() {
        let mut g = Group::new("g", CONFIG);
        let mut a = args("");
        a.group_instance_id = Some("i1".into());
        let (out, _) = g.join(0, a.clone());
        let Outcome::Later(first_id) = out else {
            panic!()
        };
        g.tick(100);
        g.sync(
            100,
            &first_id,
            1,
            Some("i1"),
            vec![(first_id.clone(), Bytes::from_static(b"X"))],
        );
        assert_eq!(g.state, GroupState::Stable);
        // Restarted process: same instance id, no member id.
        let (out, _) = g.join(200, a);
        let new_id = match out {
            Outcome::Now(r) => r.member_id,
            Outcome::Later(id) => id,
        };
        assert_ne!(new_id, first_id);
        assert_eq!(
            g.heartbeat(210, &first_id, g.generation_id, Some("i1")),
            code::FENCED_INSTANCE_ID
        );
        assert_eq!(g.members.len(), 1);
    }

    #[test]
    fn a_commit_needs_the_current_generation() {
        let (g, a, _) = stable_group_of_two();
        assert_eq!(g.check_commit(&a, 1, None), code::NONE);
        assert_eq!(g.check_commit(&a, 0, None), code::ILLEGAL_GENERATION);
        assert_eq!(g.check_commit("x", 1, None), code::UNKNOWN_MEMBER_ID);
        assert_eq!(g.check_commit("", -1, None), code::UNKNOWN_MEMBER_ID);
    }
}
