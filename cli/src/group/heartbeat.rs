//! The membership of a KIP-848 consumer (Kafka's `ConsumerMembershipManager`
//! and `HeartbeatRequestManager`): a task of its own that sends
//! ConsumerGroupHeartbeat at the broker's interval and trades a
//! [`Membership`] and a [`Report`] with the consumer over watch channels.
//!
//! Invariants: the owned partitions are sent at once when the consumer's
//! report changes them (how the broker learns a revocation is done); a lost
//! membership is published to the consumer, which drops its partitions
//! without committing, before the member rejoins (or after `LOST_ACK_WAIT`);
//! leaving sends member epoch -1.

use super::*;

/// What the heartbeat task tells the consumer.
#[derive(Debug, Clone, Default)]
pub struct Membership {
    pub member_id: String,
    /// 0 while joining.
    pub member_epoch: i32,
    /// The broker's latest assignment for this member.
    pub assignment: Assignment,
    /// Changes with every new assignment.
    pub assignment_seq: u64,
    /// Changes when the member was fenced or forgotten by the broker: its
    /// partitions are lost, to be dropped without committing.
    pub lost_seq: u64,
    /// An error that ends the membership (the consumer stops).
    pub fatal: Option<String>,
}

impl Membership {
    /// Identity for OffsetCommit / OffsetFetch (`None` before the first join).
    pub fn member_ref(&self) -> Option<MemberRef> {
        (self.member_epoch > 0).then(|| MemberRef {
            member_id: self.member_id.clone(),
            epoch: self.member_epoch,
        })
    }
}

/// What the consumer tells the heartbeat task.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// The partitions the consumer owns now.
    pub owned: Assignment,
    /// The last `lost_seq` the consumer has handled.
    pub lost_ack: u64,
    /// Leave the group and end the task.
    pub leave: bool,
}

/// The heartbeat task of one consumer.
pub struct Heartbeat {
    pub state: watch::Receiver<Membership>,
    report: watch::Sender<Report>,
    task: JoinHandle<()>,
}

impl Heartbeat {
    /// Joins `group`, subscribed to `topics`, on a connection of its own.
    pub fn spawn(client: Client, group: &str, topics: Vec<String>) -> Heartbeat {
        let (state_tx, state_rx) = watch::channel(Membership::default());
        let (report_tx, report_rx) = watch::channel(Report::default());
        let member = Member::new(client, group, topics, state_tx, report_rx);
        Heartbeat {
            state: state_rx,
            report: report_tx,
            task: tokio::spawn(member.run()),
        }
    }

    /// Publishes what the consumer owns now (sent to the broker at once when
    /// it changed).
    pub fn report(&self, owned: Assignment, lost_ack: u64) {
        self.report.send_if_modified(|r| {
            let new = Report {
                owned,
                lost_ack,
                leave: r.leave,
            };
            let changed = *r != new;
            *r = new;
            changed
        });
    }

    /// Leaves the group (member epoch -1) and waits for the task to end.
    pub async fn leave(self) {
        self.report.send_modify(|r| r.leave = true);
        let mut task = self.task;
        if tokio::time::timeout(LEAVE_TIMEOUT, &mut task)
            .await
            .is_err()
        {
            task.abort();
        }
    }
}

/// The heartbeat task's state.
pub(super) struct Member {
    client: Client,
    coordinator: Coordinator,
    topics: Vec<String>,
    member_id: String,
    epoch: i32,
    interval: Duration,
    /// The owned partitions the broker last heard of (`None`: not sent since
    /// the last join).
    sent_owned: Option<Assignment>,
    /// A lost membership the consumer has not acknowledged yet, and until
    /// when we wait for it before rejoining anyway.
    awaiting_ack: Option<(u64, Instant)>,
    /// Whether a heartbeat was sent (the broker may know the member).
    sent_any: bool,
    state: watch::Sender<Membership>,
    report: watch::Receiver<Report>,
    /// A heartbeat failed and nothing succeeded since (one warning per streak).
    failing: bool,
    /// The last heartbeat failed: the next one waits for its backoff even if
    /// the owned partitions change meanwhile.
    backing_off: bool,
}

impl Member {
    fn new(
        client: Client,
        group: &str,
        topics: Vec<String>,
        state: watch::Sender<Membership>,
        report: watch::Receiver<Report>,
    ) -> Member {
        Member {
            client,
            coordinator: Coordinator::new(group),
            topics,
            // KIP-1082: the member picks its id (v1+), as a Kafka Uuid.
            member_id: crate::topics::kafka_uuid(&Uuid::new_v4()),
            epoch: 0,
            interval: DEFAULT_HEARTBEAT_INTERVAL,
            sent_owned: None,
            awaiting_ack: None,
            sent_any: false,
            state,
            report,
            failing: false,
            backing_off: false,
        }
    }

    async fn run(mut self) {
        let mut due = Instant::now();
        loop {
            let report = self.report.borrow_and_update().clone();
            if report.leave {
                self.leave().await;
                return;
            }
            let mut wait_until = due;
            if let Some((seq, deadline)) = self.awaiting_ack {
                // A lost membership: let the consumer drop its partitions
                // before rejoining, so that it never reads what another
                // member may own by now.
                if report.lost_ack >= seq || Instant::now() >= deadline {
                    self.awaiting_ack = None;
                    due = Instant::now();
                    continue;
                }
                wait_until = deadline;
            } else {
                let owned_changed =
                    self.epoch > 0 && self.sent_owned.as_ref() != Some(&report.owned);
                if Instant::now() >= due || (owned_changed && !self.backing_off) {
                    match self.heartbeat(&report).await {
                        Some(after) => due = Instant::now() + after,
                        None => return,
                    }
                    continue;
                }
            }
            tokio::select! {
                _ = tokio::time::sleep_until(wait_until) => {}
                changed = self.report.changed() => {
                    if changed.is_err() {
                        // The consumer is gone without a word.
                        self.leave().await;
                        return;
                    }
                }
            }
        }
    }

    /// One heartbeat. Returns when to send the next one, or `None` when the
    /// membership is over (a fatal error, published in the state).
    async fn heartbeat(&mut self, report: &Report) -> Option<Duration> {
        self.backing_off = false;
        let version = match self
            .coordinator
            .version(&mut self.client, ApiKey::ConsumerGroupHeartbeat)
            .await
        {
            Ok(v) => v,
            Err(e) => return self.failed(e),
        };
        let joining = self.epoch == 0;
        let request = ConsumerGroupHeartbeatRequest {
            group_id: self.coordinator.group().to_string(),
            // v0: the broker names a new member.
            member_id: if version == 0 && joining && !self.sent_any {
                String::new()
            } else {
                self.member_id.clone()
            },
            member_epoch: self.epoch,
            // Unchanged fields are left out (null / -1), as Kafka does.
            rebalance_timeout_ms: if joining { REBALANCE_TIMEOUT_MS } else { -1 },
            subscribed_topic_names: joining.then(|| self.topics.clone()),
            topic_partitions: if joining {
                // A (re)joining member owns nothing.
                Some(Vec::new())
            } else if self.sent_owned.as_ref() != Some(&report.owned) {
                Some(to_topic_partitions(&report.owned))
            } else {
                None
            },
            ..Default::default()
        };
        self.sent_any = true;
        let response = match self
            .coordinator
            .send(
                &mut self.client,
                RequestBody::ConsumerGroupHeartbeat(request),
            )
            .await
            .and_then(|b| expect_body!(b, ConsumerGroupHeartbeat))
        {
            Ok(r) => r,
            Err(e) => return self.failed(e),
        };
        let code = response.error_code;
        if code != errors::NONE {
            let what = errors::describe(code, response.error_message.as_deref());
            return match code {
                errors::FENCED_MEMBER_EPOCH | errors::UNKNOWN_MEMBER_ID => {
                    eprintln!(
                        "warning: group '{}': rejoining after {what}",
                        self.coordinator.group()
                    );
                    self.lose();
                    Some(Duration::ZERO)
                }
                c if errors::is_coordinator_error(c) => {
                    self.coordinator.reset();
                    self.backing_off = true;
                    Some(HEARTBEAT_RETRY_BACKOFF)
                }
                _ => self.fatal(what),
            };
        }
        if self.failing {
            eprintln!(
                "group '{}': heartbeats work again",
                self.coordinator.group()
            );
            self.failing = false;
        }
        if let Some(id) = response.member_id.filter(|id| !id.is_empty()) {
            self.member_id = id;
        }
        self.epoch = response.member_epoch;
        if response.heartbeat_interval_ms > 0 {
            self.interval = Duration::from_millis(response.heartbeat_interval_ms as u64);
        }
        self.sent_owned = Some(if joining {
            Assignment::new()
        } else {
            report.owned.clone()
        });
        let member_id = self.member_id.clone();
        let epoch = self.epoch;
        self.state.send_modify(|m| {
            m.member_id = member_id;
            m.member_epoch = epoch;
            if let Some(a) = response.assignment {
                m.assignment = from_topic_partitions(a.topic_partitions);
                m.assignment_seq += 1;
            }
        });
        Some(self.interval)
    }

    /// A failed request: connection trouble is retried (the broker fences us
    /// if it lasts, and we rejoin); anything else ends the membership.
    fn failed(&mut self, e: Error) -> Option<Duration> {
        match e {
            Error::Io { .. } | Error::Connect { .. } => {}
            Error::Kafka { code, .. } if errors::is_coordinator_error(code) => {}
            e => return self.fatal(e.to_string()),
        }
        if !self.failing {
            eprintln!(
                "warning: group '{}': heartbeat failed: {e}; retrying",
                self.coordinator.group()
            );
            self.failing = true;
        }
        self.coordinator.reset();
        self.backing_off = true;
        Some(HEARTBEAT_RETRY_BACKOFF)
    }

    fn fatal(&mut self, what: String) -> Option<Duration> {
        let group = self.coordinator.group().to_string();
        self.state
            .send_modify(|m| m.fatal = Some(format!("group '{group}': {what}")));
        None
    }

    /// The broker no longer knows us at this epoch: the partitions are lost
    /// (another member may own them now) and we rejoin with epoch 0.
    fn lose(&mut self) {
        self.epoch = 0;
        self.sent_owned = None;
        let mut seq = 0;
        self.state.send_modify(|m| {
            m.member_epoch = 0;
            m.assignment = Assignment::new();
            m.lost_seq += 1;
            seq = m.lost_seq;
        });
        self.awaiting_ack = Some((seq, Instant::now() + LOST_ACK_WAIT));
    }

    /// Leaves the group: a heartbeat with member epoch -1.
    async fn leave(&mut self) {
        if !self.sent_any || self.member_id.is_empty() {
            return;
        }
        let request = ConsumerGroupHeartbeatRequest {
            group_id: self.coordinator.group().to_string(),
            member_id: self.member_id.clone(),
            member_epoch: LEAVE_EPOCH,
            ..Default::default()
        };
        let result = self
            .coordinator
            .send(
                &mut self.client,
                RequestBody::ConsumerGroupHeartbeat(request),
            )
            .await
            .and_then(|b| expect_body!(b, ConsumerGroupHeartbeat));
        match result {
            Ok(r) if r.error_code == errors::NONE || r.error_code == errors::UNKNOWN_MEMBER_ID => {}
            Ok(r) => eprintln!(
                "warning: group '{}': leaving failed: {}",
                self.coordinator.group(),
                errors::describe(r.error_code, r.error_message.as_deref())
            ),
            Err(e) => eprintln!(
                "warning: group '{}': leaving failed: {e}",
                self.coordinator.group()
            ),
        }
    }
}

/// The member epoch that leaves the group.
pub(super) const LEAVE_EPOCH: i32 = -1;

pub(super) fn to_topic_partitions(a: &Assignment) -> Vec<TopicPartitions> {
    a.iter()
        .filter(|(_, parts)| !parts.is_empty())
        .map(|(id, parts)| TopicPartitions {
            topic_id: *id,
            partitions: parts.iter().copied().collect(),
            ..Default::default()
        })
        .collect()
}

pub(super) fn from_topic_partitions(
    list: Vec<protocol::messages::consumer_group_heartbeat_response::TopicPartitions>,
) -> Assignment {
    let mut a = Assignment::new();
    for tp in list {
        a.entry(tp.topic_id).or_default().extend(tp.partitions);
    }
    a.retain(|_, parts| !parts.is_empty());
    a
}
