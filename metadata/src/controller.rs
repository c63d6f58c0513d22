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
        for (i, p) in topic.partitions.iter().enumerate() {
            let Some(&preferred) = p.replicas.first() else {
                continue;
            };
            let live = state.brokers.get(&preferred).is_some_and(|b| !b.fenced);
            if p.leader != preferred && live && p.isr.contains(&preferred) {
                commands.push(Command::ChangePartition {
                    topic: topic.name.clone(),
                    partition: i as i32,
                    leader: preferred,
                    isr: p.isr.clone(),
                });
            }
        }
    }
    commands
}
