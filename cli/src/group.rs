//! Consumer groups from the client side: the group coordinator, committed
//! offsets (OffsetFetch / OffsetCommit) and the membership of a KIP-848
//! consumer (ConsumerGroupHeartbeat), which runs as a task of its own so that
//! heartbeats keep their pace while the consumer fetches and prints.
//!
//! The heartbeat task and the consumer talk through two watch channels: the
//! task publishes a [`Membership`] (member id, epoch, the assignment the
//! broker gave), the consumer publishes a [`Report`] (the partitions it owns
//! now, having committed and dropped the revoked ones). A report that changes
//! what the consumer owns is sent to the broker at once: that is how the
//! broker learns that a revocation is done.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use protocol::messages::consumer_group_heartbeat_request::TopicPartitions;
use protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use protocol::messages::offset_fetch_request::{
    OffsetFetchRequestGroup, OffsetFetchRequestTopic, OffsetFetchRequestTopics,
};
use protocol::messages::{
    ApiKey, ConsumerGroupHeartbeatRequest, OffsetCommitRequest, OffsetFetchRequest, RequestBody,
    ResponseBody,
};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;
use uuid::Uuid;

use crate::client::{expect_body, Client, Error, Result};
use crate::errors;

/// Attempts of a request whose coordinator moved or is loading.
const COORDINATOR_ATTEMPTS: u32 = 5;
const COORDINATOR_BACKOFF: Duration = Duration::from_millis(300);
/// Kafka's `max.poll.interval.ms`, which its consumer sends as the rebalance
/// timeout: how long the broker waits for a revocation.
pub const REBALANCE_TIMEOUT_MS: i32 = 300_000;
/// Until the broker tells its heartbeat interval (Kafka's default).
const DEFAULT_HEARTBEAT_INTERVAL: Duration = Duration::from_secs(5);
/// Pause after a failed heartbeat before the next attempt.
const HEARTBEAT_RETRY_BACKOFF: Duration = Duration::from_secs(1);
/// How long a member that lost its partitions waits for the consumer to drop
/// them before it rejoins anyway.
const LOST_ACK_WAIT: Duration = Duration::from_secs(5);
/// How long leaving the group may take on exit.
pub const LEAVE_TIMEOUT: Duration = Duration::from_secs(5);

/// Partitions by topic id, as ConsumerGroupHeartbeat names them.
pub type Assignment = BTreeMap<Uuid, BTreeSet<i32>>;

/// The coordinator of one group, looked up on first use and again after a
/// NOT_COORDINATOR-like error or a broken connection.
pub struct Coordinator {
    group: String,
    addr: Option<String>,
}

impl Coordinator {
    pub fn new(group: &str) -> Coordinator {
        Coordinator {
            group: group.to_string(),
            addr: None,
        }
    }

    pub fn group(&self) -> &str {
        &self.group
    }

    async fn addr(&mut self, client: &mut Client) -> Result<String> {
        if let Some(a) = &self.addr {
            return Ok(a.clone());
        }
        let a = client.find_coordinator(&self.group).await?;
        self.addr = Some(a.clone());
        Ok(a)
    }

    /// Forgets the coordinator: the next request looks it up again.
    pub fn reset(&mut self) {
        self.addr = None;
    }

    /// The version of `api` the coordinator and we agree on.
    pub async fn version(&mut self, client: &mut Client, api: ApiKey) -> Result<i16> {
        let addr = self.addr(client).await?;
        let result = client.addr_version(&addr, api).await;
        if matches!(result, Err(Error::Io { .. } | Error::Connect { .. })) {
            self.reset();
        }
        result
    }

    pub async fn send(&mut self, client: &mut Client, body: RequestBody) -> Result<ResponseBody> {
        let addr = self.addr(client).await?;
        let result = client.send_to_addr(&addr, body).await;
        if matches!(result, Err(Error::Io { .. } | Error::Connect { .. })) {
            self.reset();
        }
        result
    }
}

/// A committed offset: `None` when the group has none for the partition.
pub type Committed = BTreeMap<(String, i32), Option<i64>>;

/// The member asking for offsets (KIP-848 members identify themselves in
/// OffsetFetch v9+ and OffsetCommit).
#[derive(Debug, Clone)]
pub struct MemberRef {
    pub member_id: String,
    pub epoch: i32,
}

/// The committed offsets of the group for `topics` (topic, partitions), or of
/// every partition it has offsets for when `topics` is `None`.
pub async fn fetch_offsets(
    client: &mut Client,
    coordinator: &mut Coordinator,
    topics: Option<&[(String, Vec<i32>)]>,
    member: Option<&MemberRef>,
) -> Result<Committed> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match fetch_offsets_once(client, coordinator, topics, member).await {
            Err(Error::Kafka { code, .. })
                if errors::is_coordinator_error(code) && attempt < COORDINATOR_ATTEMPTS =>
            {
                coordinator.reset();
                tokio::time::sleep(COORDINATOR_BACKOFF).await;
            }
            other => return other,
        }
    }
}

async fn fetch_offsets_once(
    client: &mut Client,
    coordinator: &mut Coordinator,
    topics: Option<&[(String, Vec<i32>)]>,
    member: Option<&MemberRef>,
) -> Result<Committed> {
    let version = coordinator.version(client, ApiKey::OffsetFetch).await?;
    let group = coordinator.group().to_string();
    if topics.is_none() && version < 2 {
        return Err(Error::Other(format!(
            "the coordinator only has OffsetFetch v{version}, which cannot list a group's offsets"
        )));
    }
    let mut request = OffsetFetchRequest::default();
    if version >= 8 {
        let (member_id, member_epoch) = match member {
            Some(m) if version >= 9 => (Some(m.member_id.clone()), m.epoch),
            _ => (None, -1),
        };
        request.groups = vec![OffsetFetchRequestGroup {
            group_id: group.clone(),
            member_id,
            member_epoch,
            topics: topics.map(|ts| {
                ts.iter()
                    .map(|(name, parts)| OffsetFetchRequestTopics {
                        name: name.clone(),
                        partition_indexes: parts.clone(),
                        ..Default::default()
                    })
                    .collect()
            }),
            ..Default::default()
        }];
    } else {
        request.group_id = group.clone();
        request.topics = topics.map(|ts| {
            ts.iter()
                .map(|(name, parts)| OffsetFetchRequestTopic {
                    name: name.clone(),
                    partition_indexes: parts.clone(),
                    ..Default::default()
                })
                .collect()
        });
    }
    // A consumer must not start at an offset a transaction may still abort.
    request.require_stable = version >= 7 && member.is_some();
    let response = expect_body!(
        coordinator
            .send(client, RequestBody::OffsetFetch(request))
            .await?,
        OffsetFetch
    )?;
    // (topic, partition, offset, error code)
    let mut entries: Vec<(String, i32, i64, i16)> = Vec::new();
    let group_error = if version >= 8 {
        let g = response
            .groups
            .into_iter()
            .find(|g| g.group_id == group)
            .ok_or_else(|| {
                Error::Other(format!(
                    "the coordinator did not answer OffsetFetch for group '{group}'"
                ))
            })?;
        for t in g.topics {
            for p in t.partitions {
                entries.push((
                    t.name.clone(),
                    p.partition_index,
                    p.committed_offset,
                    p.error_code,
                ));
            }
        }
        g.error_code
    } else {
        for t in response.topics {
            for p in t.partitions {
                entries.push((
                    t.name.clone(),
                    p.partition_index,
                    p.committed_offset,
                    p.error_code,
                ));
            }
        }
        response.error_code
    };
    if group_error != errors::NONE {
        return Err(Error::kafka(group_error, None));
    }
    let mut out = Committed::new();
    for (topic, partition, offset, code) in entries {
        if code != errors::NONE {
            return Err(Error::Kafka {
                context: format!("{topic}-{partition}: "),
                code,
                message: None,
            });
        }
        out.insert((topic, partition), (offset >= 0).then_some(offset));
    }
    Ok(out)
}

/// Commits `offsets` (topic, partition, next offset to read) for `member`
/// (`None`: an admin commit, which only an inactive group accepts). Returns
/// the error code of each partition.
pub async fn commit_offsets(
    client: &mut Client,
    coordinator: &mut Coordinator,
    member: Option<&MemberRef>,
    offsets: &[(String, i32, i64)],
) -> Result<Vec<(String, i32, i16)>> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let codes = commit_offsets_once(client, coordinator, member, offsets).await?;
        let moved = !codes.is_empty()
            && codes
                .iter()
                .all(|(_, _, c)| errors::is_coordinator_error(*c));
        if moved && attempt < COORDINATOR_ATTEMPTS {
            coordinator.reset();
            tokio::time::sleep(COORDINATOR_BACKOFF).await;
            continue;
        }
        return Ok(codes);
    }
}

async fn commit_offsets_once(
    client: &mut Client,
    coordinator: &mut Coordinator,
    member: Option<&MemberRef>,
    offsets: &[(String, i32, i64)],
) -> Result<Vec<(String, i32, i16)>> {
    let version = coordinator.version(client, ApiKey::OffsetCommit).await?;
    if member.is_some() && version < 1 {
        return Err(Error::Unsupported {
            addr: String::new(),
            api: ApiKey::OffsetCommit,
        });
    }
    let mut topics: BTreeMap<&str, Vec<OffsetCommitRequestPartition>> = BTreeMap::new();
    for (topic, partition, offset) in offsets {
        topics
            .entry(topic)
            .or_default()
            .push(OffsetCommitRequestPartition {
                partition_index: *partition,
                committed_offset: *offset,
                committed_leader_epoch: -1,
                committed_metadata: Some(String::new()),
                ..Default::default()
            });
    }
    let request = OffsetCommitRequest {
        group_id: coordinator.group().to_string(),
        generation_id_or_member_epoch: member.map_or(-1, |m| m.epoch),
        member_id: member.map(|m| m.member_id.clone()).unwrap_or_default(),
        group_instance_id: None,
        // v2-v4: -1 keeps the broker's offsets.retention.minutes.
        retention_time_ms: -1,
        topics: topics
            .into_iter()
            .map(|(name, partitions)| OffsetCommitRequestTopic {
                name: name.to_string(),
                partitions,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    let response = expect_body!(
        coordinator
            .send(client, RequestBody::OffsetCommit(request))
            .await?,
        OffsetCommit
    )?;
    let mut out = Vec::new();
    for t in response.topics {
        for p in t.partitions {
            out.push((t.name.clone(), p.partition_index, p.error_code));
        }
    }
    for (topic, partition, _) in offsets {
        if !out.iter().any(|(t, p, _)| t == topic && p == partition) {
            out.push((
                topic.clone(),
                *partition,
                errors::UNKNOWN_TOPIC_OR_PARTITION,
            ));
        }
    }
    Ok(out)
}

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
struct Member {
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
const LEAVE_EPOCH: i32 = -1;

fn to_topic_partitions(a: &Assignment) -> Vec<TopicPartitions> {
    a.iter()
        .filter(|(_, parts)| !parts.is_empty())
        .map(|(id, parts)| TopicPartitions {
            topic_id: *id,
            partitions: parts.iter().copied().collect(),
            ..Default::default()
        })
        .collect()
}

fn from_topic_partitions(
    list: Vec<protocol::messages::consumer_group_heartbeat_response::TopicPartitions>,
) -> Assignment {
    let mut a = Assignment::new();
    for tp in list {
        a.entry(tp.topic_id).or_default().extend(tp.partitions);
    }
    a.retain(|_, parts| !parts.is_empty());
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_convert_both_ways() {
        let t1 = Uuid::from_u128(1);
        let t2 = Uuid::from_u128(2);
        let a: Assignment = [(t1, [2, 0].into()), (t2, BTreeSet::new())].into();
        let list = to_topic_partitions(&a);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].topic_id, t1);
        assert_eq!(list[0].partitions, vec![0, 2]);
        let back = from_topic_partitions(vec![
            protocol::messages::consumer_group_heartbeat_response::TopicPartitions {
                topic_id: t1,
                partitions: vec![2, 0],
                ..Default::default()
            },
            protocol::messages::consumer_group_heartbeat_response::TopicPartitions {
                topic_id: t2,
                partitions: vec![],
                ..Default::default()
            },
        ]);
        assert_eq!(back, [(t1, [0, 2].into())].into());
    }

    #[test]
    fn member_ref_only_once_joined() {
        let mut m = Membership::default();
        assert!(m.member_ref().is_none());
        m.member_id = "m".into();
        m.member_epoch = 3;
        let r = m.member_ref().unwrap();
        assert_eq!((r.member_id.as_str(), r.epoch), ("m", 3));
    }
}
