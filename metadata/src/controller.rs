//! Kafka's controller duties, as a pure state machine: broker liveness
//! (heartbeats, fencing after `broker.session.timeout.ms`, unfencing,
//! controlled shutdown) and preferred leaders (`auto.leader.rebalance.enable`
//! every `leader.imbalance.check.interval.ms`).
//!
//! Nothing here reads a clock, waits or does IO: every operation takes the
//! [`ClusterState`] and `now_ms` (any monotonic clock in milliseconds) and
//! returns the [`Command`]s to propose. The quorum leader owns one
//! [`Controller`], feeds it heartbeats and ticks with the real clock and
//! proposes what it returns; tests drive the clock by hand.
//!
//! Invariants:
//! - a live broker is fenced only once more than the session timeout has
//!   passed without a heartbeat, measured from no earlier than the tick at
//!   which this node became leader (a new leader gives every broker a full
//!   session first);
//! - no command names a broker the state does not know;
//! - the output is a function of the inputs and the controller's past
//!   inputs: brokers and partitions are visited in the state's (ordered)
//!   maps, never in a `HashMap`'s order.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::command::Command;
use crate::state::ClusterState;

/// A broker's liveness signal (Kafka's BrokerHeartbeat), as sent on the wire.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct BrokerHeartbeat {
    pub node_id: i32,
    /// The broker has opened its logs and may lead partitions.
    pub ready: bool,
    /// Controlled shutdown: move its leaderships away.
    pub want_shutdown: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControllerConfig {
    /// `broker.session.timeout.ms`.
    pub broker_session_timeout_ms: i64,
    /// `auto.leader.rebalance.enable`.
    pub auto_leader_rebalance: bool,
    /// `leader.imbalance.check.interval.ms`.
    pub leader_imbalance_check_interval_ms: i64,
}

/// The answer to one heartbeat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatOutcome {
    /// Told to the broker: whether it is (or is about to be) fenced.
    pub fenced: bool,
    /// To propose before answering (a fence for a controlled shutdown, an
    /// unfence for a ready broker).
    pub propose: Option<Command>,
}

#[derive(Debug, Clone)]
pub struct Controller {
    config: ControllerConfig,
    /// The last heartbeat per broker, in `now_ms` time; a broker missing
    /// here is given a full session from the next tick.
    last_seen: HashMap<i32, i64>,
    /// When preferred leaders were last restored (or the controller made).
    last_rebalance_ms: i64,
}

impl Controller {
    pub fn new(config: ControllerConfig, now_ms: i64) -> Controller {
        Controller {
            config,
            last_seen: HashMap::new(),
            last_rebalance_ms: now_ms,
        }
    }

    /// A heartbeat from `beat.node_id` (only the leader receives them): the
    /// broker is alive. An unregistered broker is told it is fenced (it
    /// registers before it heartbeats); one that wants to shut down is fenced
    /// so its leaderships move first; a ready, fenced broker is unfenced; one
    /// not ready yet keeps its state.
    pub fn on_heartbeat(
        &mut self,
        state: &ClusterState,
        beat: &BrokerHeartbeat,
        now_ms: i64,
    ) -> HeartbeatOutcome {
        self.last_seen.insert(beat.node_id, now_ms);
        let Some(fenced) = state.brokers.get(&beat.node_id).map(|b| b.fenced) else {
            return HeartbeatOutcome {
                fenced: true,
                propose: None,
            };
        };
        let node_id = beat.node_id;
        if beat.want_shutdown {
            return HeartbeatOutcome {
                fenced: true,
                propose: (!fenced).then_some(Command::FenceBroker { node_id }),
            };
        }
        if !beat.ready {
            return HeartbeatOutcome {
                fenced,
                propose: None,
            };
        }
        HeartbeatOutcome {
            fenced: false,
            propose: fenced.then_some(Command::UnfenceBroker { node_id }),
        }
    }

    /// One round of the leader's duties at `now_ms`; `became_leader`: this
    /// is the first tick since this node became leader. Returns, in order,
    /// fences for live brokers whose session expired, then (when
    /// rebalancing is enabled and its interval has passed) the preferred
    /// leader elections, judged on the state as it will be once those fences
    /// are applied.
    pub fn tick(&mut self, state: &ClusterState, now_ms: i64, became_leader: bool) -> Vec<Command> {
        if became_leader {
            self.last_seen.clear();
        }
        let timeout = self.config.broker_session_timeout_ms;
        let mut commands: Vec<Command> = state
            .live_brokers()
            .filter(|b| {
                let last = *self.last_seen.entry(b.node_id).or_insert(now_ms);
                now_ms.saturating_sub(last) > timeout
            })
            .map(|b| Command::FenceBroker { node_id: b.node_id })
            .collect();
        let interval = self.config.leader_imbalance_check_interval_ms;
        let rebalance = self.config.auto_leader_rebalance
            && now_ms.saturating_sub(self.last_rebalance_ms) >= interval;
        if rebalance {
            self.last_rebalance_ms = now_ms;
            let mut after = Cow::Borrowed(state);
            for fence in &commands {
                // Fences of known, live brokers apply; were one refused, the
                // proposal would be too.
                let _ = after.to_mut().apply(fence.clone());
            }
            commands.extend(preferred_leader_elections(&after));
        }
        commands
    }
}

/// Kafka's auto.leader.rebalance: each partition whose first replica is
/// registered, not fenced, in the ISR and not the leader gets it back as
/// leader, with the same ISR. In topic, then partition order.
pub fn preferred_leader_elections(state: &ClusterState) -> Vec<Command> {
    let mut commands = Vec::new();
    for topic in state.topics.values() {
        for i in 0..topic.partitions.len() as i32 {
            if let Ok(c) = elect_leader(state, &topic.name, i, ElectionType::Preferred) {
                commands.push(c);
            }
        }
    }
    commands
}

/// The kinds of ElectLeaders elections (Kafka's `ElectionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectionType {
    /// The first replica leads again, if live and in the ISR.
    Preferred,
    /// A live replica outside the ISR, when no ISR member is live: refused
    /// here, as `unclean.leader.election.enable` is.
    Unclean,
}

/// Why a partition gets no election.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElectionRefused {
    UnknownTopicOrPartition(String),
    /// The leader is already the one the election would choose.
    NotNeeded,
    /// The preferred replica is fenced, unknown or out of the ISR.
    PreferredNotAvailable,
    /// No eligible leader (an unclean election is never made).
    EligibleLeadersNotAvailable,
}

/// Kafka's `ReplicationControlManager.electLeader` for one partition: the
/// command that elects, or why none is made.
pub fn elect_leader(
    state: &ClusterState,
    topic: &str,
    partition: i32,
    election: ElectionType,
) -> Result<Command, ElectionRefused> {
    let Some(t) = state.topic(topic) else {
        return Err(ElectionRefused::UnknownTopicOrPartition(format!(
            "No such topic as {topic}"
        )));
    };
    let Some(p) = usize::try_from(partition)
        .ok()
        .and_then(|i| t.partitions.get(i))
    else {
        return Err(ElectionRefused::UnknownTopicOrPartition(format!(
            "No such partition as {topic}-{partition}"
        )));
    };
    let live = |id: i32| state.brokers.get(&id).is_some_and(|b| !b.fenced);
    match election {
        ElectionType::Preferred => {
            let Some(&preferred) = p.replicas.first() else {
                return Err(ElectionRefused::PreferredNotAvailable);
            };
            if p.leader == preferred {
                Err(ElectionRefused::NotNeeded)
            } else if !live(preferred) || !p.isr.contains(&preferred) {
                Err(ElectionRefused::PreferredNotAvailable)
            } else {
                Ok(Command::ChangePartition {
                    topic: topic.to_string(),
                    partition,
                    leader: preferred,
                    isr: p.isr.clone(),
                })
            }
        }
        ElectionType::Unclean if p.leader >= 0 && live(p.leader) => Err(ElectionRefused::NotNeeded),
        ElectionType::Unclean => Err(ElectionRefused::EligibleLeadersNotAvailable),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::command::PartitionAssignment;

    const TIMEOUT: i64 = 1_000;
    const INTERVAL: i64 = 300;

    fn config(rebalance: bool) -> ControllerConfig {
        ControllerConfig {
            broker_session_timeout_ms: TIMEOUT,
            auto_leader_rebalance: rebalance,
            leader_imbalance_check_interval_ms: INTERVAL,
        }
    }

    /// Brokers `ids`, all live, and topic "t" with one partition per
    /// replica list.
    fn cluster(ids: &[i32], partitions: &[&[i32]]) -> ClusterState {
        let mut s = ClusterState::default();
        for &node_id in ids {
            s.apply(Command::RegisterBroker {
                node_id,
                host: "h".into(),
                port: 1,
                rack: None,
                fenced: false,
                listeners: vec![],
            })
            .unwrap();
        }
        if !partitions.is_empty() {
            s.apply(Command::CreateTopic {
                name: "t".into(),
                topic_id: uuid::Uuid::from_u128(1),
                partitions: partitions
                    .iter()
                    .map(|r| PartitionAssignment {
                        replicas: r.to_vec(),
                    })
                    .collect(),
                configs: BTreeMap::new(),
            })
            .unwrap();
        }
        s
    }

    fn beat(node_id: i32, ready: bool, want_shutdown: bool) -> BrokerHeartbeat {
        BrokerHeartbeat {
            node_id,
            ready,
            want_shutdown,
        }
    }

    fn fence(node_id: i32) -> Command {
        Command::FenceBroker { node_id }
    }

    /// A tick whose commands are then applied, as the quorum would.
    fn tick(c: &mut Controller, s: &mut ClusterState, now: i64, became: bool) -> Vec<Command> {
        let commands = c.tick(s, now, became);
        for cmd in &commands {
            s.apply(cmd.clone()).unwrap();
        }
        commands
    }

    fn heartbeat(c: &mut Controller, s: &mut ClusterState, b: BrokerHeartbeat, now: i64) -> bool {
        let outcome = c.on_heartbeat(s, &b, now);
        if let Some(cmd) = outcome.propose {
            s.apply(cmd).unwrap();
        }
        outcome.fenced
    }

    #[test]
    fn a_silent_broker_is_fenced_after_the_session_timeout_and_not_before() {
        let mut s = cluster(&[1, 2], &[]);
        let mut c = Controller::new(config(false), 0);
        assert!(tick(&mut c, &mut s, 0, true).is_empty());
        assert!(tick(&mut c, &mut s, TIMEOUT, false).is_empty());
        assert_eq!(
            tick(&mut c, &mut s, TIMEOUT + 1, false),
            vec![fence(1), fence(2)]
        );
        assert!(s.brokers[&1].fenced && s.brokers[&2].fenced);
        // Fenced brokers are not fenced again.
        assert!(tick(&mut c, &mut s, 10 * TIMEOUT, false).is_empty());
    }

    #[test]
    fn a_heartbeat_resets_the_session() {
        let mut s = cluster(&[1, 2], &[]);
        let mut c = Controller::new(config(false), 0);
        tick(&mut c, &mut s, 0, true);
        assert!(!heartbeat(&mut c, &mut s, beat(1, true, false), 800));
        assert_eq!(tick(&mut c, &mut s, TIMEOUT + 1, false), vec![fence(2)]);
        assert!(tick(&mut c, &mut s, 800 + TIMEOUT, false).is_empty());
        assert_eq!(tick(&mut c, &mut s, 801 + TIMEOUT, false), vec![fence(1)]);
    }

    #[test]
    fn a_new_leader_gives_every_broker_a_full_session() {
        let mut s = cluster(&[1, 2], &[]);
        let mut c = Controller::new(config(false), 0);
        tick(&mut c, &mut s, 0, true);
        heartbeat(&mut c, &mut s, beat(1, true, false), 100);
        // Leadership lost, then regained long after: nobody is fenced for
        // the time this node did not lead, not even with a heartbeat seen
        // since (it was sent to the old leadership).
        heartbeat(&mut c, &mut s, beat(2, true, false), 4_000);
        assert!(tick(&mut c, &mut s, 5_000, true).is_empty());
        assert!(tick(&mut c, &mut s, 5_000 + TIMEOUT, false).is_empty());
        assert_eq!(
            tick(&mut c, &mut s, 5_001 + TIMEOUT, false),
            vec![fence(1), fence(2)]
        );
    }

    #[test]
    fn heartbeats_unfence_ready_brokers_and_fence_those_shutting_down() {
        let mut s = cluster(&[1, 2], &[]);
        s.apply(fence(2)).unwrap();
        let mut c = Controller::new(config(false), 0);
        let answer = |c: &mut Controller, s: &ClusterState, b| c.on_heartbeat(s, &b, 0);
        let o = |fenced, propose| HeartbeatOutcome { fenced, propose };
        // Registered and live: nothing to do, whether ready or not.
        assert_eq!(answer(&mut c, &s, beat(1, true, false)), o(false, None));
        assert_eq!(answer(&mut c, &s, beat(1, false, false)), o(false, None));
        // Fenced: unfenced once ready, not before.
        assert_eq!(answer(&mut c, &s, beat(2, false, false)), o(true, None));
        let unfence = Some(Command::UnfenceBroker { node_id: 2 });
        assert_eq!(answer(&mut c, &s, beat(2, true, false)), o(false, unfence));
        // Shutting down: fenced (once), whatever it says of readiness.
        assert_eq!(
            answer(&mut c, &s, beat(1, true, true)),
            o(true, Some(fence(1)))
        );
        assert_eq!(answer(&mut c, &s, beat(2, true, true)), o(true, None));
        // Unregistered: told it is fenced, and nothing is proposed for it.
        assert_eq!(answer(&mut c, &s, beat(9, true, false)), o(true, None));
        assert_eq!(answer(&mut c, &s, beat(9, true, true)), o(true, None));
        assert_eq!(c.tick(&s, 10 * TIMEOUT, false), vec![fence(1)]);
    }

    #[test]
    fn a_fenced_broker_that_heartbeats_again_is_unfenced_and_watched_again() {
        let mut s = cluster(&[1], &[]);
        let mut c = Controller::new(config(false), 0);
        tick(&mut c, &mut s, 0, true);
        assert_eq!(tick(&mut c, &mut s, TIMEOUT + 1, false), vec![fence(1)]);
        assert!(heartbeat(&mut c, &mut s, beat(1, false, false), 2_000));
        assert!(s.brokers[&1].fenced);
        assert!(!heartbeat(&mut c, &mut s, beat(1, true, false), 2_100));
        assert!(!s.brokers[&1].fenced);
        assert!(tick(&mut c, &mut s, 2_100 + TIMEOUT, false).is_empty());
        assert_eq!(tick(&mut c, &mut s, 2_101 + TIMEOUT, false), vec![fence(1)]);
    }

    fn change(partition: i32, leader: i32, isr: Vec<i32>) -> Command {
        Command::ChangePartition {
            topic: "t".into(),
            partition,
            leader,
            isr,
        }
    }

    /// Sets a partition's leader and ISR as a past election left them.
    fn set(s: &mut ClusterState, partition: usize, leader: i32, isr: &[i32]) {
        let p = &mut std::sync::Arc::make_mut(s.topics.get_mut("t").unwrap()).partitions[partition];
        p.leader = leader;
        p.isr = isr.to_vec();
    }

    #[test]
    fn preferred_leaders_are_restored_when_enabled_every_interval() {
        let mut s = cluster(&[1, 2], &[&[1, 2]]);
        set(&mut s, 0, 2, &[1, 2]);
        let mut off = Controller::new(config(false), 0);
        for now in [0, INTERVAL, 3 * INTERVAL] {
            assert!(off.tick(&s, now, now == 0).is_empty());
        }
        let mut c = Controller::new(config(true), 0);
        assert!(c.tick(&s, INTERVAL - 1, true).is_empty());
        assert_eq!(c.tick(&s, INTERVAL, false), vec![change(0, 1, vec![1, 2])]);
        // The interval starts again from the last check.
        assert!(c.tick(&s, 2 * INTERVAL - 1, false).is_empty());
        assert_eq!(
            tick(&mut c, &mut s, 2 * INTERVAL, false),
            vec![change(0, 1, vec![1, 2])]
        );
        // Restored: nothing more to do.
        assert!(c.tick(&s, 3 * INTERVAL, false).is_empty());
    }

    /// Partition 0: preferred 1 fenced; 1: preferred 2 out of the ISR; 2:
    /// preferred 5 unknown; 3: preferred 3 already leads; 4: preferred 3
    /// live and in the ISR, led by 4.
    fn five_partitions() -> ClusterState {
        let mut s = cluster(
            &[1, 2, 3, 4, 5],
            &[&[1, 4], &[2, 4], &[5, 4], &[3, 4], &[3, 4]],
        );
        s.brokers.get_mut(&1).unwrap().fenced = true;
        // (No command unregisters a broker; a state without it is still
        // handled.)
        s.brokers.remove(&5);
        set(&mut s, 0, 4, &[1, 4]);
        set(&mut s, 1, 4, &[4]);
        set(&mut s, 2, 4, &[5, 4]);
        set(&mut s, 4, 4, &[4, 3]);
        s
    }

    #[test]
    fn the_preferred_replica_leads_again_only_when_live_and_in_the_isr() {
        let s = five_partitions();
        assert_eq!(
            preferred_leader_elections(&s),
            vec![change(4, 3, vec![4, 3])]
        );
    }

    #[test]
    fn elect_leaders_answers_each_partition_as_kafka() {
        let s = five_partitions();
        let topic = s.topics.values().next().unwrap().name.clone();
        let elect = |p, e| elect_leader(&s, &topic, p, e);
        use ElectionRefused::*;
        use ElectionType::*;
        for p in 0..3 {
            assert_eq!(elect(p, Preferred), Err(PreferredNotAvailable), "{p}");
        }
        assert_eq!(elect(3, Preferred), Err(NotNeeded));
        assert_eq!(elect(4, Preferred), Ok(change(4, 3, vec![4, 3])));
        assert_eq!(elect(4, Unclean), Err(NotNeeded));
        assert!(matches!(
            elect(5, Preferred),
            Err(UnknownTopicOrPartition(_))
        ));
        assert!(matches!(
            elect_leader(&s, "nope", 0, Preferred),
            Err(UnknownTopicOrPartition(m)) if m == "No such topic as nope"
        ));
    }

    #[test]
    fn a_broker_fenced_in_a_tick_is_not_made_leader_in_it() {
        let mut s = cluster(&[1, 2], &[&[1, 2], &[2, 1]]);
        set(&mut s, 0, 2, &[1, 2]);
        let mut c = Controller::new(config(true), 0);
        tick(&mut c, &mut s, 0, true);
        heartbeat(&mut c, &mut s, beat(2, true, false), TIMEOUT);
        // Broker 1's session expires as the rebalance is due: fenced, it
        // leads nothing, and partition 1 stays with the live broker 2.
        let due = 4 * INTERVAL;
        assert!(due > TIMEOUT);
        assert_eq!(tick(&mut c, &mut s, due, false), vec![fence(1)]);
    }

    #[test]
    fn the_same_inputs_give_the_same_commands() {
        let ids: Vec<i32> = (1..=40).rev().collect();
        let partitions: Vec<Vec<i32>> = (0..40)
            .map(|i| vec![i % 40 + 1, (i + 1) % 40 + 1])
            .collect();
        let refs: Vec<&[i32]> = partitions.iter().map(Vec::as_slice).collect();
        let mut s = cluster(&ids, &refs);
        // Every partition led by its second replica, both in the ISR.
        for (i, p) in partitions.iter().enumerate() {
            set(&mut s, i, p[1], &[p[1], p[0]]);
        }
        let run = |order: &[i32]| {
            let mut c = Controller::new(config(true), 0);
            c.tick(&s, 0, true);
            for &id in order {
                if id % 3 != 0 {
                    c.on_heartbeat(&s, &beat(id, true, false), 500);
                }
            }
            c.tick(&s, 1_200, false)
        };
        let forward: Vec<i32> = (1..=40).collect();
        let out = run(&forward);
        assert_eq!(out, run(&ids));
        // Fences in broker order, then elections in partition order.
        let fenced: Vec<i32> = (1..=40).filter(|id| id % 3 == 0).collect();
        let expected: Vec<Command> = fenced.iter().map(|&id| fence(id)).collect();
        assert_eq!(out[..fenced.len()], expected[..]);
        let partitions_changed: Vec<i32> = out[fenced.len()..]
            .iter()
            .map(|cmd| match cmd {
                Command::ChangePartition { partition, .. } => *partition,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert!(partitions_changed.windows(2).all(|w| w[0] < w[1]));
        assert!(!partitions_changed.is_empty());
    }

    #[derive(Debug, Clone)]
    enum Event {
        Heartbeat(BrokerHeartbeat),
        Tick { became_leader: bool },
        Advance(i64),
    }

    fn event() -> impl Strategy<Value = Event> {
        prop_oneof![
            (0..6i32, any::<bool>(), prop::bool::weighted(0.1))
                .prop_map(|(id, ready, down)| Event::Heartbeat(beat(id, ready, down))),
            prop::bool::weighted(0.1).prop_map(|became_leader| Event::Tick { became_leader }),
            (0..700i64).prop_map(Event::Advance),
        ]
    }

    proptest! {
        /// Against a model of sessions: a tick fences exactly the live
        /// brokers silent for longer than the timeout since the later of
        /// their last heartbeat and the start of this leadership; every
        /// command names a known broker; elections name live ISR members.
        #[test]
        fn fencing_follows_the_session_model(events in prop::collection::vec(event(), 1..120)) {
            let mut s = cluster(&[1, 2, 3, 4], &[&[1, 2, 3], &[2, 3, 4], &[4, 1, 2]]);
            let mut c = Controller::new(config(true), 0);
            let mut now = 0i64;
            let mut leader_since = 0i64;
            let mut last_beat: HashMap<i32, i64> = HashMap::new();
            tick(&mut c, &mut s, now, true);
            for e in events {
                match e {
                    Event::Advance(ms) => now += ms,
                    Event::Heartbeat(b) => {
                        let known = s.brokers.contains_key(&b.node_id);
                        let outcome = c.on_heartbeat(&s, &b, now);
                        last_beat.insert(b.node_id, now);
                        if let Some(cmd) = outcome.propose {
                            prop_assert!(known);
                            s.apply(cmd).unwrap();
                        }
                        prop_assert_eq!(outcome.fenced, s.brokers.get(&b.node_id).is_none_or(|r| r.fenced));
                    }
                    Event::Tick { became_leader } => {
                        if became_leader {
                            leader_since = now;
                        }
                        let expected: Vec<Command> = s
                            .live_brokers()
                            .filter(|b| {
                                let seen = last_beat.get(&b.node_id).copied().unwrap_or(0).max(leader_since);
                                now - seen > TIMEOUT
                            })
                            .map(|b| fence(b.node_id))
                            .collect();
                        let commands = c.tick(&s, now, became_leader);
                        prop_assert_eq!(&commands[..expected.len()], &expected[..]);
                        for cmd in &commands {
                            s.apply(cmd.clone()).unwrap();
                        }
                        for cmd in &commands[expected.len()..] {
                            let Command::ChangePartition { topic, partition, leader, .. } = cmd else {
                                panic!("unexpected {cmd:?}");
                            };
                            let p = s.partition(topic, *partition).unwrap();
                            prop_assert!(!s.brokers[leader].fenced);
                            prop_assert!(p.isr.contains(leader));
                            prop_assert_eq!(p.replicas[0], *leader);
                        }
                    }
                }
            }
        }
    }
}
