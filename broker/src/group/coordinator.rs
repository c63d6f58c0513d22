//! The async side of the group coordinator: groups behind a lock, the
//! connections waiting for delayed JoinGroup/SyncGroup answers, a ticker that
//! drives session and rebalance timeouts, and committed offsets persisted in
//! `__consumer_offsets`.
//!
//! A classic group's stored view (`classic/stored.rs`) is kept in step with
//! the log: any change of it (a completed rebalance, the group emptied)
//! marks the group dirty, and the broker writes the dirty groups' records
//! ([`Coordinator::take_dirty`]) before it answers the request that changed
//! them, or from a background task. Groups in records replayed at a load are
//! restored by [`Coordinator::restore_groups`].
//!
//! This file holds the coordinator's state and the requests that change
//! groups and offsets; `coordinator/group_changes.rs` the log lines of a
//! classic group's changes, `coordinator/describe.rs` the ListGroups and
//! DescribeGroups views.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::Duration;

use bytes::Bytes;
use tokio::sync::oneshot;

use super::classic::stored::{self, StoredView};
use super::classic::{
    Group, GroupConfig, GroupState, JoinArgs, JoinResult, Outcome, Reply, SyncResult,
};
use super::consumer::{
    ConsumerGroup, ConsumerGroupConfig, HeartbeatArgs, HeartbeatResult, TopicInfo,
};
use super::offsets::{OffsetAndMetadata, OffsetTable};
use crate::error::{code, ApiError};
use protocol::records::control::marker_of;
use protocol::records::RecordBatch;

mod describe;
mod group_changes;

pub use describe::{GroupDescription, MemberDescription};
use group_changes::{Cause, Seen};

/// The protocol type ListGroups reports for KIP-848 groups.
pub const CONSUMER_GROUP_TYPE: &str = "consumer";

/// Kafka's `offset.metadata.max.bytes`.
pub const OFFSET_METADATA_MAX_BYTES: usize = 4096;

struct Entry {
    group: Group,
    joins: HashMap<String, oneshot::Sender<JoinResult>>,
    syncs: HashMap<String, oneshot::Sender<SyncResult>>,
    /// The view the group's last record stored (or that one would store
    /// now, for a group never stored, which is not written until it moves).
    stored: Option<StoredView>,
}

impl Entry {
    fn new(group: Group) -> Entry {
        Entry {
            stored: group.stored_view(),
            group,
            joins: HashMap::new(),
            syncs: HashMap::new(),
        }
    }
}

impl Entry {
    fn deliver(&mut self, replies: Vec<Reply>) {
        for r in replies {
            match r {
                Reply::Join(id, result) => {
                    if let Some(tx) = self.joins.remove(&id) {
                        let _ = tx.send(result);
                    }
                }
                Reply::Sync(id, result) => {
                    if let Some(tx) = self.syncs.remove(&id) {
                        let _ = tx.send(result);
                    }
                }
            }
        }
    }
}

pub struct Coordinator {
    groups: Mutex<HashMap<String, Entry>>,
    /// Groups of the KIP-848 consumer protocol. A group id is either classic or
    /// consumer while it has members.
    consumer_groups: Mutex<HashMap<String, ConsumerGroup>>,
    offsets: Mutex<OffsetTable>,
    config: GroupConfig,
    consumer_config: ConsumerGroupConfig,
    /// The `__consumer_offsets` partitions this broker leads and has loaded:
    /// it coordinates exactly the groups that map to them.
    loaded: Mutex<std::collections::HashSet<i32>>,
    /// Woken when a group arms a timer (the delayed initial join), so that the
    /// ticker fires it on time rather than at its next period.
    timer_armed: tokio::sync::Notify,
    /// Classic groups whose stored view changed since their last record.
    dirty: Mutex<BTreeSet<String>>,
    /// Group records replayed by loads not yet finished: the last one of
    /// each group (`None`: a tombstone).
    loading: Mutex<HashMap<String, Option<protocol::messages::GroupMetadataValue>>>,
}

/// A group's record to write: its key, and its value or a tombstone.
pub type GroupRecord = (Bytes, Option<Bytes>);

/// One partition's commit: (topic, partition, offset and metadata).
pub type CommitEntry = (String, i32, OffsetAndMetadata);

/// An answer now, or a channel that will carry it within a deadline.
enum Answer<T> {
    Now(T),
    Later(oneshot::Receiver<T>, Duration),
}

impl<T> Answer<T> {
    /// A delayed answer waits for the member's timeout plus a margin for the
    /// ticker; past that the member gets `on_timeout` and retries.
    fn later(rx: oneshot::Receiver<T>, timeout_ms: i32) -> Self {
        Answer::Later(
            rx,
            Duration::from_millis(timeout_ms.max(0) as u64) + Duration::from_secs(5),
        )
    }

    async fn wait(self, on_timeout: T) -> T {
        match self {
            Answer::Now(result) => result,
            Answer::Later(rx, wait) => match tokio::time::timeout(wait, rx).await {
                Ok(Ok(result)) => result,
                _ => on_timeout,
            },
        }
    }
}

pub fn now_ms() -> i64 {
    storage::log::now_ms()
}

impl Coordinator {
    pub fn new(config: GroupConfig, consumer_config: ConsumerGroupConfig) -> Coordinator {
        Coordinator {
            groups: Mutex::new(HashMap::new()),
            consumer_groups: Mutex::new(HashMap::new()),
            offsets: Mutex::new(OffsetTable::default()),
            config,
            consumer_config,
            loaded: Mutex::new(Default::default()),
            timer_armed: tokio::sync::Notify::new(),
            dirty: Mutex::new(BTreeSet::new()),
            loading: Mutex::new(HashMap::new()),
        }
    }

    /// The earliest timer any classic group has armed ([`Group::next_timer_ms`]).
    pub fn next_timer_ms(&self) -> Option<i64> {
        let groups = self.groups.lock().expect("groups lock");
        groups
            .values()
            .filter_map(|e| e.group.next_timer_ms())
            .min()
    }

    /// Resolves when a group armed a timer since the last call.
    pub async fn timer_armed(&self) {
        self.timer_armed.notified().await
    }

    pub fn is_loaded(&self, offsets_partition: i32) -> bool {
        self.loaded
            .lock()
            .expect("loaded lock")
            .contains(&offsets_partition)
    }

    pub fn loaded_partitions(&self) -> Vec<i32> {
        self.loaded
            .lock()
            .expect("loaded lock")
            .iter()
            .copied()
            .collect()
    }

    pub fn mark_loaded(&self, offsets_partition: i32) {
        self.loaded
            .lock()
            .expect("loaded lock")
            .insert(offsets_partition);
    }

    /// Forgets everything about the groups of an `__consumer_offsets`
    /// partition this broker no longer leads: their members will be told
    /// NOT_COORDINATOR and find the new coordinator.
    pub fn unload(&self, offsets_partition: i32, belongs: impl Fn(&str) -> bool) {
        self.loaded
            .lock()
            .expect("loaded lock")
            .remove(&offsets_partition);
        self.groups
            .lock()
            .expect("groups lock")
            .retain(|g, _| !belongs(g));
        self.consumer_groups
            .lock()
            .expect("consumer groups lock")
            .retain(|g, _| !belongs(g));
        self.offsets
            .lock()
            .expect("offsets lock")
            .retain_groups(|g| !belongs(g));
    }

    fn is_active_consumer_group(&self, group_id: &str) -> bool {
        self.consumer_groups
            .lock()
            .expect("consumer groups lock")
            .get(group_id)
            .is_some_and(|g| !g.members.is_empty())
    }

    fn is_active_classic_group(&self, group_id: &str) -> bool {
        self.groups
            .lock()
            .expect("groups lock")
            .get(group_id)
            .is_some_and(|e| !e.group.is_empty())
    }

    /// ConsumerGroupHeartbeat (KIP-848).
    pub fn consumer_heartbeat(
        &self,
        group_id: &str,
        args: HeartbeatArgs,
        topics: &dyn Fn(&str) -> Option<TopicInfo>,
    ) -> Result<HeartbeatResult, ApiError> {
        if group_id.is_empty() {
            return Err(ApiError::new(
                code::INVALID_GROUP_ID,
                "The group id must not be empty.",
            ));
        }
        if self.is_active_classic_group(group_id) {
            return Err(ApiError::new(
                code::GROUP_ID_NOT_FOUND,
                format!("Group {group_id} is a classic group with members."),
            ));
        }
        let mut groups = self.consumer_groups.lock().expect("consumer groups lock");
        let group = groups
            .entry(group_id.to_string())
            .or_insert_with(|| ConsumerGroup::new(group_id, self.consumer_config));
        let (members, epoch) = (group.members.len(), group.group_epoch);
        let joining = !group.members.contains_key(&args.member_id);
        let result = group.heartbeat(now_ms(), args, topics);
        if group.group_epoch != epoch {
            // Kafka logs each new group epoch of a consumer group (KIP-848):
            // a member joined or left, or the subscribed topics changed.
            tracing::info!(
                "Consumer group {group_id} moved to epoch {} with {} members (had {members}){}",
                group.group_epoch,
                group.members.len(),
                if joining && group.members.len() > members {
                    ": a member joined"
                } else {
                    ""
                }
            );
        }
        result
    }

    /// Runs `f` on a consumer-protocol group, if there is one.
    pub fn with_consumer_group<T>(
        &self,
        group_id: &str,
        f: impl FnOnce(&ConsumerGroup) -> T,
    ) -> Option<T> {
        self.consumer_groups
            .lock()
            .expect("consumer groups lock")
            .get(group_id)
            .map(f)
    }

    /// Runs `f` on a classic group (created first if `create`), then logs
    /// what it changed; `cause` names the request, for members removed.
    fn with_group<T>(
        &self,
        group_id: &str,
        create: bool,
        cause: Cause,
        f: impl FnOnce(&mut Entry) -> T,
    ) -> Option<T> {
        let mut groups = self.groups.lock().expect("groups lock");
        if !groups.contains_key(group_id) {
            if !create {
                return None;
            }
            groups.insert(
                group_id.to_string(),
                Entry::new(Group::new(group_id, self.config)),
            );
        }
        let entry = groups.get_mut(group_id).expect("present");
        let before = Seen::of(&entry.group);
        let result = f(entry);
        before.log_changes(&entry.group, cause);
        self.note_stored_view(entry);
        Some(result)
    }

    /// Marks the group dirty if its stored view moved.
    fn note_stored_view(&self, entry: &mut Entry) {
        let Some(view) = entry.group.stored_view() else {
            return;
        };
        if entry.stored.as_ref() != Some(&view) {
            entry.stored = Some(view);
            self.dirty
                .lock()
                .expect("dirty lock")
                .insert(entry.group.group_id.clone());
        }
    }

    /// The records of the groups whose stored view changed, at their
    /// current state (a group deleted since has none to write).
    pub fn take_dirty(&self) -> Vec<(String, GroupRecord)> {
        let dirty = std::mem::take(&mut *self.dirty.lock().expect("dirty lock"));
        let groups = self.groups.lock().expect("groups lock");
        let now = now_ms();
        dirty
            .into_iter()
            .filter_map(|id| {
                let value = groups.get(&id)?.group.to_record(now)?;
                Some((id.clone(), (stored::key(&id), Some(value))))
            })
            .collect()
    }

    /// Takes over the classic groups of the records replayed for the groups
    /// `belongs` holds for (a load ending), as they were stored: members of
    /// a stable group go on in their generation, timed from `now_ms`.
    pub fn restore_groups(&self, belongs: impl Fn(&str) -> bool, now_ms: i64) -> usize {
        let mut loading = self.loading.lock().expect("loading lock");
        let ids: Vec<String> = loading.keys().filter(|g| belongs(g)).cloned().collect();
        let mut groups = self.groups.lock().expect("groups lock");
        let mut restored = 0;
        for id in ids {
            let Some(Some(value)) = loading.remove(&id) else {
                continue;
            };
            if groups.contains_key(&id) {
                continue;
            }
            let group = Group::from_record(&id, &value, self.config, now_ms);
            restored += usize::from(!group.members.is_empty());
            groups.insert(id, Entry::new(group));
        }
        restored
    }

    pub async fn join(&self, group_id: &str, args: JoinArgs) -> JoinResult {
        if group_id.is_empty() {
            return JoinResult::error(code::INVALID_GROUP_ID, &args.member_id);
        }
        if self.is_active_consumer_group(group_id) {
            return JoinResult::error(code::INCONSISTENT_GROUP_PROTOCOL, &args.member_id);
        }
        let timeout_ms = args.rebalance_timeout_ms.max(args.session_timeout_ms);
        let answer = self
            .with_group(group_id, true, Cause::Request, |e| {
                let had_timer = e.group.next_timer_ms();
                let (outcome, replies) = e.group.join(now_ms(), args);
                if e.group.next_timer_ms() != had_timer {
                    self.timer_armed.notify_one();
                }
                let answer = match outcome {
                    Outcome::Now(result) => Answer::Now(result),
                    Outcome::Later(id) => {
                        let (tx, rx) = oneshot::channel();
                        e.joins.insert(id, tx);
                        Answer::later(rx, timeout_ms)
                    }
                };
                e.deliver(replies);
                answer
            })
            .expect("created");
        answer
            .wait(JoinResult::error(code::REBALANCE_IN_PROGRESS, ""))
            .await
    }

    pub async fn sync(
        &self,
        group_id: &str,
        member_id: &str,
        generation_id: i32,
        instance: Option<&str>,
        assignments: Vec<(String, Bytes)>,
    ) -> SyncResult {
        let answer = self.with_group(group_id, false, Cause::Request, |e| {
            let session = e
                .group
                .members
                .get(member_id)
                .map_or(0, |m| m.session_timeout_ms.max(m.rebalance_timeout_ms));
            let (outcome, replies) =
                e.group
                    .sync(now_ms(), member_id, generation_id, instance, assignments);
            let answer = match outcome {
                Outcome::Now(result) => Answer::Now(result),
                Outcome::Later(id) => {
                    let (tx, rx) = oneshot::channel();
                    e.syncs.insert(id, tx);
                    Answer::later(rx, session)
                }
            };
            e.deliver(replies);
            answer
        });
        match answer {
            None => SyncResult::error(code::UNKNOWN_MEMBER_ID),
            Some(answer) => {
                answer
                    .wait(SyncResult::error(code::REBALANCE_IN_PROGRESS))
                    .await
            }
        }
    }

    pub fn heartbeat(
        &self,
        group_id: &str,
        member_id: &str,
        generation_id: i32,
        instance: Option<&str>,
    ) -> i16 {
        self.with_group(group_id, false, Cause::Request, |e| {
            e.group
                .heartbeat(now_ms(), member_id, generation_id, instance)
        })
        .unwrap_or(code::UNKNOWN_MEMBER_ID)
    }

    pub fn leave(&self, group_id: &str, members: &[(String, Option<String>)]) -> Option<Vec<i16>> {
        self.with_group(group_id, false, Cause::LeaveGroup, |e| {
            let (codes, replies) = e.group.leave(now_ms(), members);
            e.deliver(replies);
            codes
        })
    }

    /// Drives session and rebalance timeouts of every group.
    pub fn tick(&self) {
        let now = now_ms();
        let mut groups = self.groups.lock().expect("groups lock");
        for e in groups.values_mut() {
            let before = Seen::of(&e.group);
            let replies = e.group.tick(now);
            before.log_changes(&e.group, Cause::Timeout);
            e.deliver(replies);
            self.note_stored_view(e);
        }
        drop(groups);
        for g in self
            .consumer_groups
            .lock()
            .expect("consumer groups lock")
            .values_mut()
        {
            for member in g.tick(now) {
                tracing::info!(group = %g.group_id, %member, "consumer group member removed (session or rebalance timeout)");
            }
        }
    }

    /// Applies a record of `__consumer_offsets` read back from the log
    /// (loading a partition, whose groups are those `belongs` holds for):
    /// a transaction's offsets wait for its marker.
    pub fn replay(
        &self,
        batch: &RecordBatch,
        key: Option<Bytes>,
        value: Option<Bytes>,
        belongs: impl Fn(&str) -> bool,
    ) {
        let h = batch.header();
        if let Some(group) = key.clone().and_then(stored::group_of_key) {
            // A group's metadata (never transactional): the last one wins.
            if belongs(&group) {
                let value = value.and_then(stored::decode_value);
                self.loading
                    .lock()
                    .expect("loading lock")
                    .insert(group, value);
            }
            return;
        }
        let mut table = self.offsets.lock().expect("offsets lock");
        if h.is_control() {
            if let Some(marker) = marker_of(batch) {
                table.complete_pending(h.producer_id, marker.commit, belongs);
            }
        } else if h.is_transactional() {
            table.add_pending(h.producer_id, key, value);
        } else {
            table.apply_record(key, value);
        }
    }

    /// Records of producer `producer_id`'s open transaction just written
    /// (TxnOffsetCommit): held until its marker.
    pub fn add_pending(&self, producer_id: i64, records: Vec<(Bytes, Option<Bytes>)>) {
        let mut table = self.offsets.lock().expect("offsets lock");
        for (k, v) in records {
            table.add_pending(producer_id, Some(k), v);
        }
    }

    /// The marker of `producer_id`'s transaction is written to the
    /// partition of the groups `belongs` holds for.
    pub fn complete_transaction(
        &self,
        producer_id: i64,
        commit: bool,
        belongs: impl Fn(&str) -> bool,
    ) {
        self.offsets
            .lock()
            .expect("offsets lock")
            .complete_pending(producer_id, commit, belongs);
    }

    /// Whether an open transaction holds an offset of this partition.
    pub fn has_pending_offset(&self, group: &str, topic: &str, partition: i32) -> bool {
        self.offsets
            .lock()
            .expect("offsets lock")
            .has_pending(group, topic, partition)
    }

    /// Applies records just written to `__consumer_offsets`, all under one
    /// lock (a commit's offsets become visible together).
    pub fn apply_written(&self, records: Vec<(Bytes, Option<Bytes>)>) {
        let mut table = self.offsets.lock().expect("offsets lock");
        for (k, v) in records {
            table.apply_record(Some(k), v);
        }
    }

    pub fn committed(&self, group: &str, topic: &str, partition: i32) -> Option<OffsetAndMetadata> {
        self.offsets
            .lock()
            .expect("offsets lock")
            .get(group, topic, partition)
            .cloned()
    }

    pub fn committed_all(&self, group: &str) -> BTreeMap<(String, i32), OffsetAndMetadata> {
        self.offsets
            .lock()
            .expect("offsets lock")
            .group(group)
            .cloned()
            .unwrap_or_default()
    }

    /// Whether a commit is allowed for this member and generation right now.
    pub fn check_commit(
        &self,
        group_id: &str,
        member_id: &str,
        generation_id: i32,
        instance: Option<&str>,
    ) -> i16 {
        let consumer = self.with_consumer_group(group_id, |g| {
            if g.members.is_empty() {
                // An empty consumer group takes "simple" commits (admin tools).
                if member_id.is_empty() && generation_id < 0 {
                    code::NONE
                } else {
                    code::UNKNOWN_MEMBER_ID
                }
            } else if member_id.is_empty() {
                code::UNKNOWN_MEMBER_ID
            } else {
                g.check_member_epoch(member_id, generation_id)
            }
        });
        if let Some(c) = consumer {
            if !self.is_active_classic_group(group_id) {
                return c;
            }
        }
        let simple = generation_id < 0 && member_id.is_empty();
        match self.with_group(group_id, simple, Cause::Request, |e| {
            e.group.check_commit(member_id, generation_id, instance)
        }) {
            Some(c) => c,
            // Kafka: a member commit for a group it does not know.
            None => code::ILLEGAL_GENERATION,
        }
    }

    /// Offsets of groups without members whose commit is older than
    /// `retention_ms` (Kafka's `offsets.retention.minutes`): (group, topic, partition).
    pub fn expired_offsets(&self, now: i64, retention_ms: i64) -> Vec<(String, String, i32)> {
        let offsets = self.offsets.lock().expect("offsets lock");
        let groups: Vec<String> = offsets.groups().cloned().collect();
        drop(offsets);
        let mut out = Vec::new();
        for g in groups {
            if self.has_members(&g) {
                continue;
            }
            for ((topic, p), o) in self.committed_all(&g) {
                if o.commit_timestamp + retention_ms <= now {
                    out.push((g.clone(), topic, p));
                }
            }
        }
        out
    }

    /// Whether the group has members (DeleteGroups refuses non-empty groups).
    pub fn has_members(&self, group_id: &str) -> bool {
        self.is_active_classic_group(group_id) || self.is_active_consumer_group(group_id)
    }

    pub fn forget_group(&self, group_id: &str) {
        self.groups.lock().expect("groups lock").remove(group_id);
        self.dirty.lock().expect("dirty lock").remove(group_id);
        self.consumer_groups
            .lock()
            .expect("consumer groups lock")
            .remove(group_id);
    }

    pub fn exists(&self, group_id: &str) -> bool {
        self.groups
            .lock()
            .expect("groups lock")
            .contains_key(group_id)
            || self
                .consumer_groups
                .lock()
                .expect("consumer groups lock")
                .contains_key(group_id)
            || self
                .offsets
                .lock()
                .expect("offsets lock")
                .has_group(group_id)
    }
}
