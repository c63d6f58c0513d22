//! The consumer group protocol of KIP-848 (ConsumerGroupHeartbeat): the
//! broker computes the assignment and hands it to members incrementally.
//!
//! Epochs, as in Kafka: the *group epoch* bumps whenever membership,
//! subscriptions or the subscribed topics' partition counts change; the
//! *assignment epoch* is the group epoch the target assignment was computed
//! for; a member's epoch reaches the assignment epoch once it has revoked what
//! it must give up. A partition moves to a new owner only after the previous
//! owner has acknowledged its revocation (its heartbeat no longer lists it), so
//! two members never consume the same partition at once.
//!
//! Pure logic: time is passed in, topic metadata is looked up by a closure.

use std::collections::{BTreeMap, BTreeSet};

use uuid::Uuid;

use crate::error::{code, ApiError};

/// Partitions by topic id.
pub type Assignment = BTreeMap<Uuid, BTreeSet<i32>>;

/// What the group needs to know of a subscribed topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicInfo {
    pub id: Uuid,
    pub partitions: i32,
}

#[derive(Debug, Clone)]
pub struct ConsumerMember {
    pub member_id: String,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub member_epoch: i32,
    pub previous_member_epoch: i32,
    pub rebalance_timeout_ms: i32,
    pub subscribed_topic_names: Vec<String>,
    pub server_assignor: Option<String>,
    /// What the member owns as far as the broker knows.
    pub assigned: Assignment,
    /// Partitions the member was asked to give up and has not yet released.
    pub pending_revocation: Assignment,
    /// When the member was asked to revoke (rebalance timeout starts).
    pub revocation_started_ms: i64,
    pub last_heartbeat_ms: i64,
    /// The assignment last sent, to send it again only when it changes.
    last_sent: Option<Assignment>,
}

#[derive(Debug, Clone)]
pub struct HeartbeatArgs {
    pub member_id: String,
    pub member_epoch: i32,
    pub instance_id: Option<String>,
    pub rack_id: Option<String>,
    pub rebalance_timeout_ms: i32,
    pub subscribed_topic_names: Option<Vec<String>>,
    pub server_assignor: Option<String>,
    /// The partitions the member owns now (sent on join and after changes).
    pub owned: Option<Assignment>,
    pub client_id: String,
    pub client_host: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatResult {
    pub member_id: String,
    pub member_epoch: i32,
    pub heartbeat_interval_ms: i32,
    /// The member's full assignment, when it changed since the last answer.
    pub assignment: Option<Assignment>,
}

#[derive(Debug, Clone, Copy)]
pub struct ConsumerGroupConfig {
    pub session_timeout_ms: i64,
    pub heartbeat_interval_ms: i32,
    pub max_size: usize,
}

#[derive(Debug)]
pub struct ConsumerGroup {
    pub group_id: String,
    pub group_epoch: i32,
    pub assignment_epoch: i32,
    pub assignor: String,
    pub members: BTreeMap<String, ConsumerMember>,
    /// The target assignment per member, for `assignment_epoch`.
    pub target: BTreeMap<String, Assignment>,
    /// Partition counts of the subscribed topics the target was computed with.
    subscribed: BTreeMap<String, TopicInfo>,
    config: ConsumerGroupConfig,
}

fn flatten(a: &Assignment) -> impl Iterator<Item = (Uuid, i32)> + '_ {
    a.iter()
        .flat_map(|(t, ps)| ps.iter().map(move |p| (*t, *p)))
}

fn minus(a: &Assignment, b: &Assignment) -> Assignment {
    let mut out = Assignment::new();
    for (t, p) in flatten(a) {
        if !b.get(&t).is_some_and(|s| s.contains(&p)) {
            out.entry(t).or_default().insert(p);
        }
    }
    out
}

fn intersects(a: &Assignment, b: &Assignment) -> bool {
    flatten(a).any(|(t, p)| b.get(&t).is_some_and(|s| s.contains(&p)))
}

fn add(a: &mut Assignment, t: Uuid, p: i32) {
    a.entry(t).or_default().insert(p);
}

impl ConsumerGroup {
    pub fn new(group_id: &str, config: ConsumerGroupConfig) -> ConsumerGroup {
        ConsumerGroup {
            group_id: group_id.to_string(),
            group_epoch: 0,
            assignment_epoch: 0,
            assignor: "uniform".into(),
            members: BTreeMap::new(),
            target: BTreeMap::new(),
            subscribed: BTreeMap::new(),
            config,
        }
    }

    /// Kafka's state names for DescribeGroups / ListGroups.
    pub fn state(&self) -> &'static str {
        if self.members.is_empty() {
            "Empty"
        } else if self.assignment_epoch < self.group_epoch {
            "Assigning"
        } else if self
            .members
            .values()
            .any(|m| m.member_epoch != self.assignment_epoch || !m.pending_revocation.is_empty())
        {
            "Reconciling"
        } else {
            "Stable"
        }
    }

    pub fn heartbeat(
        &mut self,
        now_ms: i64,
        args: HeartbeatArgs,
        topics: &dyn Fn(&str) -> Option<TopicInfo>,
    ) -> Result<HeartbeatResult, ApiError> {
        if let Some(a) = &args.server_assignor {
            if a != "uniform" && a != "range" {
                return Err(ApiError::new(
                    code::UNSUPPORTED_ASSIGNOR,
                    format!("Assignor {a} is not supported; use uniform or range."),
                ));
            }
        }
        let member_id = match args.member_epoch {
            0 => self.join(now_ms, &args)?,
            -1 | -2 => {
                if self.members.remove(&args.member_id).is_some() {
                    self.target.remove(&args.member_id);
                    self.group_epoch += 1;
                }
                return Ok(HeartbeatResult {
                    member_id: args.member_id,
                    member_epoch: args.member_epoch,
                    heartbeat_interval_ms: 0,
                    assignment: None,
                });
            }
            epoch => {
                let Some(m) = self.members.get(&args.member_id) else {
                    return Err(ApiError::new(
                        code::UNKNOWN_MEMBER_ID,
                        format!("Member {} is not in the group.", args.member_id),
                    ));
                };
                if epoch != m.member_epoch && epoch != m.previous_member_epoch {
                    return Err(ApiError::new(
                        code::FENCED_MEMBER_EPOCH,
                        format!("Member epoch {epoch} does not match {}.", m.member_epoch),
                    ));
                }
                args.member_id.clone()
            }
        };
        // Updates from the member.
        let m = self.members.get_mut(&member_id).expect("member");
        m.last_heartbeat_ms = now_ms;
        if args.rebalance_timeout_ms > 0 {
            m.rebalance_timeout_ms = args.rebalance_timeout_ms;
        }
        if let Some(subs) = &args.subscribed_topic_names {
            let mut subs = subs.clone();
            subs.sort();
            subs.dedup();
            if subs != m.subscribed_topic_names {
                m.subscribed_topic_names = subs;
                self.group_epoch += 1;
            }
        }
        if let Some(a) = &args.server_assignor {
            m.server_assignor = Some(a.clone());
        }
        if let Some(owned) = &args.owned {
            // Revocations the member has carried out: it no longer lists them.
            if !m.pending_revocation.is_empty() && !intersects(&m.pending_revocation, owned) {
                m.pending_revocation.clear();
            }
        }
        self.refresh_subscribed_topics(topics);
        if self.assignment_epoch < self.group_epoch {
            self.compute_target();
        }
        self.reconcile(&member_id, now_ms);
        let m = self.members.get_mut(&member_id).expect("member");
        let assignment = if m.last_sent.as_ref() != Some(&m.assigned) {
            m.last_sent = Some(m.assigned.clone());
            Some(m.assigned.clone())
        } else {
            None
        };
        Ok(HeartbeatResult {
            member_id,
            member_epoch: m.member_epoch,
            heartbeat_interval_ms: self.config.heartbeat_interval_ms,
            assignment,
        })
    }

    fn join(&mut self, now_ms: i64, args: &HeartbeatArgs) -> Result<String, ApiError> {
        // KIP-1082: v1 clients bring their own member id; v0 get one from us.
        let member_id = if args.member_id.is_empty() {
            Uuid::new_v4().to_string()
        } else {
            args.member_id.clone()
        };
        if let Some(existing) = self.members.get(&member_id) {
            // A rejoin with epoch 0 (after a fencing): start over, keeping nothing.
            let _ = existing;
            self.members.remove(&member_id);
        } else if self.members.len() >= self.config.max_size {
            return Err(ApiError::new(
                code::GROUP_MAX_SIZE_REACHED,
                "The group is full.",
            ));
        }
        if args.subscribed_topic_names.is_none() {
            return Err(ApiError::new(
                code::INVALID_REQUEST,
                "SubscribedTopicNames must be set when joining.",
            ));
        }
        self.members.insert(
            member_id.clone(),
            ConsumerMember {
                member_id: member_id.clone(),
                instance_id: args.instance_id.clone(),
                rack_id: args.rack_id.clone(),
                client_id: args.client_id.clone(),
                client_host: args.client_host.clone(),
                member_epoch: 0,
                previous_member_epoch: 0,
                rebalance_timeout_ms: args.rebalance_timeout_ms.max(0),
                subscribed_topic_names: Vec::new(),
                server_assignor: args.server_assignor.clone(),
                assigned: Assignment::new(),
                pending_revocation: Assignment::new(),
                revocation_started_ms: now_ms,
                last_heartbeat_ms: now_ms,
                last_sent: None,
            },
        );
        self.group_epoch += 1;
        Ok(member_id)
    }

    /// Bumps the group epoch when a subscribed topic appears, disappears or
    /// grows partitions.
    fn refresh_subscribed_topics(&mut self, topics: &dyn Fn(&str) -> Option<TopicInfo>) {
        let names: BTreeSet<&String> = self
            .members
            .values()
            .flat_map(|m| m.subscribed_topic_names.iter())
            .collect();
        let current: BTreeMap<String, TopicInfo> = names
            .into_iter()
            .filter_map(|n| topics(n).map(|t| (n.clone(), t)))
            .collect();
        if current != self.subscribed {
            self.subscribed = current;
            self.group_epoch += 1;
        }
    }

    /// The target assignment: each subscribed partition to one subscribed
    /// member, balanced, keeping partitions with their current target owner
    /// where that stays balanced (fewer moves when one member leaves).
    fn compute_target(&mut self) {
        let range = self
            .members
            .values()
            .filter_map(|m| m.server_assignor.as_deref())
            .next()
            .is_some_and(|a| a == "range");
        self.assignor = if range { "range" } else { "uniform" }.into();
        let mut target: BTreeMap<String, Assignment> = self
            .members
            .keys()
            .map(|id| (id.clone(), Assignment::new()))
            .collect();
        for (name, info) in &self.subscribed {
            let subscribers: Vec<&String> = self
                .members
                .values()
                .filter(|m| m.subscribed_topic_names.contains(name))
                .map(|m| &m.member_id)
                .collect();
            if subscribers.is_empty() {
                continue;
            }
            if range {
                // Contiguous ranges per topic, like the client-side RangeAssignor.
                let n = info.partitions as usize;
                let per = n / subscribers.len();
                let extra = n % subscribers.len();
                let mut next = 0usize;
                for (i, m) in subscribers.iter().enumerate() {
                    let count = per + usize::from(i < extra);
                    for p in next..next + count {
                        add(target.get_mut(*m).expect("member"), info.id, p as i32);
                    }
                    next += count;
                }
                continue;
            }
            let _ = name;
        }
        if !range {
            // Uniform: all partitions of all subscribed topics, spread evenly.
            let all: Vec<(Uuid, i32, &String)> = self
                .subscribed
                .iter()
                .flat_map(|(name, info)| (0..info.partitions).map(move |p| (info.id, p, name)))
                .collect();
            let mut count: BTreeMap<&String, usize> = self.members.keys().map(|k| (k, 0)).collect();
            let eligible = |name: &String| -> Vec<&String> {
                self.members
                    .values()
                    .filter(|m| m.subscribed_topic_names.contains(name))
                    .map(|m| &m.member_id)
                    .collect()
            };
            let quota = all.len().div_ceil(self.members.len().max(1));
            let mut unassigned = Vec::new();
            // Stickiness: keep a partition with its previous target owner.
            for &(t, p, name) in &all {
                let previous = self
                    .target
                    .iter()
                    .find(|(_, a)| a.get(&t).is_some_and(|s| s.contains(&p)))
                    .map(|(id, _)| id);
                match previous.and_then(|id| self.members.get(id)) {
                    Some(m)
                        if m.subscribed_topic_names.contains(name)
                            && count[&m.member_id] < quota =>
                    {
                        *count.get_mut(&m.member_id).expect("member") += 1;
                        add(target.get_mut(&m.member_id).expect("member"), t, p);
                    }
                    _ => unassigned.push((t, p, name)),
                }
            }
            for (t, p, name) in unassigned {
                if let Some(m) = eligible(name)
                    .into_iter()
                    .min_by_key(|m| (count[*m], (*m).clone()))
                {
                    *count.get_mut(m).expect("member") += 1;
                    add(target.get_mut(m).expect("member"), t, p);
                }
            }
        }
        self.target = target;
        self.assignment_epoch = self.group_epoch;
    }

    /// Moves a member toward its target: first revoke what it must give up,
    /// then add what is free (not owned by anyone else).
    fn reconcile(&mut self, member_id: &str, now_ms: i64) {
        let target = self.target.get(member_id).cloned().unwrap_or_default();
        let owned_by_others: Assignment = {
            let mut all = Assignment::new();
            for (id, m) in &self.members {
                if id != member_id {
                    for (t, p) in flatten(&m.assigned).chain(flatten(&m.pending_revocation)) {
                        add(&mut all, t, p);
                    }
                }
            }
            all
        };
        let assignment_epoch = self.assignment_epoch;
        let m = self.members.get_mut(member_id).expect("member");
        if !m.pending_revocation.is_empty() {
            // Still waiting for the member to release partitions.
            return;
        }
        let revoke = minus(&m.assigned, &target);
        if !revoke.is_empty() {
            m.assigned = minus(&m.assigned, &revoke);
            m.pending_revocation = revoke;
            m.revocation_started_ms = now_ms;
            return;
        }
        for (t, p) in flatten(&minus(&target, &m.assigned)) {
            if !owned_by_others.get(&t).is_some_and(|s| s.contains(&p)) {
                add(&mut m.assigned, t, p);
            }
        }
        if m.member_epoch != assignment_epoch {
            m.previous_member_epoch = m.member_epoch;
            m.member_epoch = assignment_epoch;
        }
    }

    /// Removes members whose session expired or who kept partitions past their
    /// rebalance timeout. Returns the removed member ids.
    pub fn tick(&mut self, now_ms: i64) -> Vec<String> {
        let session = self.config.session_timeout_ms;
        let gone: Vec<String> = self
            .members
            .values()
            .filter(|m| {
                m.last_heartbeat_ms + session <= now_ms
                    || (!m.pending_revocation.is_empty()
                        && m.revocation_started_ms + i64::from(m.rebalance_timeout_ms) <= now_ms)
            })
            .map(|m| m.member_id.clone())
            .collect();
        for id in &gone {
            self.members.remove(id);
            self.target.remove(id);
        }
        if !gone.is_empty() {
            self.group_epoch += 1;
        }
        gone
    }

    /// OffsetCommit / OffsetFetch check for a consumer-protocol member.
    pub fn check_member_epoch(&self, member_id: &str, epoch: i32) -> i16 {
        match self.members.get(member_id) {
            None => code::UNKNOWN_MEMBER_ID,
            Some(m) if epoch != m.member_epoch && epoch != m.previous_member_epoch => {
                code::STALE_MEMBER_EPOCH
            }
            Some(_) => code::NONE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: ConsumerGroupConfig = ConsumerGroupConfig {
        session_timeout_ms: 45_000,
        heartbeat_interval_ms: 5_000,
        max_size: 100,
    };

    fn topic_id() -> Uuid {
        Uuid::from_u128(7)
    }

    fn topics(name: &str) -> Option<TopicInfo> {
        (name == "t").then(|| TopicInfo {
            id: topic_id(),
            partitions: 6,
        })
    }

    fn hb(member_id: &str, epoch: i32, owned: Option<Assignment>) -> HeartbeatArgs {
        HeartbeatArgs {
            member_id: member_id.to_string(),
            member_epoch: epoch,
            instance_id: None,
            rack_id: None,
            rebalance_timeout_ms: 30_000,
            subscribed_topic_names: if epoch == 0 {
                Some(vec!["t".into()])
            } else {
                None
            },
            server_assignor: None,
            owned,
            client_id: "c".into(),
            client_host: "/127.0.0.1".into(),
        }
    }

    fn parts(a: &Assignment) -> BTreeSet<i32> {
        a.get(&topic_id()).cloned().unwrap_or_default()
    }

    #[test]
    fn a_single_member_gets_everything() {
        let mut g = ConsumerGroup::new("g", CONFIG);
        let r = g.heartbeat(0, hb("a", 0, None), &topics).unwrap();
        assert_eq!(r.member_epoch, g.group_epoch);
        assert_eq!(parts(r.assignment.as_ref().unwrap()).len(), 6);
        // Nothing changed: no assignment in the next answer.
        let r = g
            .heartbeat(100, hb("a", r.member_epoch, None), &topics)
            .unwrap();
        assert_eq!(r.assignment, None);
        assert_eq!(g.state(), "Stable");
    }

    #[test]
    fn a_partition_moves_only_after_its_owner_revokes_it() {
        let mut g = ConsumerGroup::new("g", CONFIG);
        let a1 = g.heartbeat(0, hb("a", 0, None), &topics).unwrap();
        let b1 = g.heartbeat(10, hb("b", 0, None), &topics).unwrap();
        // b joined: the target splits 3/3, but a still owns all six.
        assert!(parts(b1.assignment.as_ref().unwrap()).is_empty());
        // a is asked to revoke three (its assignment shrinks, epoch unchanged).
        let a2 = g
            .heartbeat(20, hb("a", a1.member_epoch, None), &topics)
            .unwrap();
        let a_kept = parts(a2.assignment.as_ref().unwrap());
        assert_eq!(a_kept.len(), 3);
        assert_eq!(a2.member_epoch, a1.member_epoch);
        // b still gets nothing while a has not confirmed.
        let b2 = g
            .heartbeat(30, hb("b", b1.member_epoch, None), &topics)
            .unwrap();
        assert!(b2.assignment.is_none() || parts(b2.assignment.as_ref().unwrap()).is_empty());
        // a confirms by listing only what it kept; it reaches the new epoch.
        let owned: Assignment = [(topic_id(), a_kept.clone())].into();
        let a3 = g
            .heartbeat(40, hb("a", a2.member_epoch, Some(owned)), &topics)
            .unwrap();
        assert_eq!(a3.member_epoch, g.assignment_epoch);
        // Now b gets the other three.
        let b3 = g
            .heartbeat(50, hb("b", b2.member_epoch, None), &topics)
            .unwrap();
        let b_parts = parts(b3.assignment.as_ref().unwrap());
        assert_eq!(b_parts.len(), 3);
        assert!(b_parts.is_disjoint(&a_kept));
        assert_eq!(b3.member_epoch, g.assignment_epoch);
        assert_eq!(g.state(), "Stable");
    }

    #[test]
    fn a_silent_member_is_removed_and_its_partitions_reassigned() {
        let mut g = ConsumerGroup::new("g", CONFIG);
        let a = g.heartbeat(0, hb("a", 0, None), &topics).unwrap();
        let b = g.heartbeat(0, hb("b", 0, None), &topics).unwrap();
        // Settle: a revokes, b takes its share.
        let a = g
            .heartbeat(1, hb("a", a.member_epoch, None), &topics)
            .unwrap();
        let kept: Assignment = [(topic_id(), parts(a.assignment.as_ref().unwrap()))].into();
        let a = g
            .heartbeat(2, hb("a", a.member_epoch, Some(kept)), &topics)
            .unwrap();
        let _ = g
            .heartbeat(3, hb("b", b.member_epoch, None), &topics)
            .unwrap();
        // b goes silent; after the session timeout it is gone.
        assert!(g.tick(40_000).is_empty());
        let _ = g
            .heartbeat(40_000, hb("a", a.member_epoch, None), &topics)
            .unwrap();
        assert_eq!(g.tick(45_003), vec!["b".to_string()]);
        let a = g
            .heartbeat(45_010, hb("a", a.member_epoch, None), &topics)
            .unwrap();
        assert_eq!(parts(a.assignment.as_ref().unwrap()).len(), 6);
    }

    #[test]
    fn stale_epochs_are_fenced_and_unknown_members_refused() {
        let mut g = ConsumerGroup::new("g", CONFIG);
        let a = g.heartbeat(0, hb("a", 0, None), &topics).unwrap();
        assert_eq!(
            g.heartbeat(1, hb("a", a.member_epoch + 5, None), &topics)
                .unwrap_err()
                .code,
            code::FENCED_MEMBER_EPOCH
        );
        assert_eq!(
            g.heartbeat(1, hb("zz", 3, None), &topics).unwrap_err().code,
            code::UNKNOWN_MEMBER_ID
        );
        assert_eq!(g.check_member_epoch("a", a.member_epoch), code::NONE);
        assert_eq!(
            g.check_member_epoch("a", a.member_epoch + 1),
            code::STALE_MEMBER_EPOCH
        );
        // Leaving.
        let r = g.heartbeat(2, hb("a", -1, None), &topics).unwrap();
        assert_eq!(r.member_epoch, -1);
        assert_eq!(g.state(), "Empty");
    }

    #[test]
    fn range_assignor_gives_contiguous_ranges() {
        let mut g = ConsumerGroup::new("g", CONFIG);
        let mut args = hb("a", 0, None);
        args.server_assignor = Some("range".into());
        g.heartbeat(0, args.clone(), &topics).unwrap();
        args.member_id = "b".into();
        g.heartbeat(0, args, &topics).unwrap();
        g.compute_target();
        assert_eq!(parts(&g.target["a"]), [0, 1, 2].into());
        assert_eq!(parts(&g.target["b"]), [3, 4, 5].into());
    }
}
