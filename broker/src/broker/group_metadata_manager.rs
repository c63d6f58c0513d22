//! The broker's side of the group coordinator, Kafka's GroupMetadataManager:
//! the `__consumer_offsets` topic (created on first use), which groups this
//! broker coordinates (those of the offsets partitions it leads), loading a
//! partition's offsets and classic groups when it comes to lead it, and
//! writing commits, deletions, expirations and groups' records to it before
//! they apply in memory.
//!
//! Invariants: the coordinator's table holds a group's offsets only while
//! this broker leads the group's offsets partition and has replayed it; a
//! commit applies in memory only after its ISR has it (acks=all).

use std::collections::BTreeMap;
use std::time::Duration;

use bytes::Bytes;

use protocol::records::{Compression, RecordBatchBuilder, SimpleRecord};

use super::Broker;
use crate::authorizer::Resource;
use crate::error::{code, ApiError};
use crate::group::coordinator::{now_ms, OFFSET_METADATA_MAX_BYTES};
use crate::group::offsets::{self, OffsetAndMetadata, OFFSETS_TOPIC};
use crate::request_context::RequestContext;
use crate::transaction::transaction_coordinator::ProducerIdAndEpoch;

/// Kafka's `offsets.commit.timeout.ms`.
const OFFSET_COMMIT_TIMEOUT: Duration = Duration::from_secs(5);

impl Broker {
    /// Creates `__consumer_offsets` on first use, as Kafka does.
    pub async fn ensure_offsets_topic(&self) -> Result<(), ApiError> {
        if self.state().topic(OFFSETS_TOPIC).is_some() {
            return Ok(());
        }
        let configs = [
            ("cleanup.policy".to_string(), "compact".to_string()),
            ("segment.bytes".to_string(), "104857600".to_string()),
        ]
        .into();
        self.create_coordinator_topic(
            OFFSETS_TOPIC,
            self.config.offsets_topic_num_partitions,
            self.config.offsets_topic_replication_factor,
            configs,
        )
        .await
    }

    /// Creates a coordinator's internal topic (its replication factor
    /// lowered to the live brokers while the cluster is smaller, as Kafka
    /// does); one already there is fine. Its partitions are new and empty:
    /// coordination starts at once.
    pub(super) async fn create_coordinator_topic(
        &self,
        name: &str,
        partitions: i32,
        replication_factor: i16,
        configs: BTreeMap<String, String>,
    ) -> Result<(), ApiError> {
        let live = self.state().live_brokers().count().max(1) as i16;
        let created = self
            .create_topic_unchecked(
                name,
                partitions,
                replication_factor.min(live),
                Vec::new(),
                configs,
                false,
            )
            .await;
        match created {
            Err(ApiError { code: c, .. }) if c == code::TOPIC_ALREADY_EXISTS => Ok(()),
            other => {
                self.sync_coordination();
                other.map(|_| ())
            }
        }
    }

    /// Kafka's coordinator answer for the ids of partition `index` of the
    /// coordinator topic `topic`: NONE once loaded, else
    /// COORDINATOR_LOAD_IN_PROGRESS while this broker leads it, else
    /// NOT_COORDINATOR.
    pub(super) fn coordinator_status_for(&self, topic: &str, index: i32, loaded: bool) -> i16 {
        if loaded {
            return code::NONE;
        }
        match self.partition(topic, index) {
            Some(p) if p.is_leader() => code::COORDINATOR_LOAD_IN_PROGRESS,
            _ => code::NOT_COORDINATOR,
        }
    }

    /// Whether this broker coordinates `group`: NONE, or the error to answer
    /// (Kafka's NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS). The
    /// coordinator is the leader of the group's `__consumer_offsets` partition.
    pub fn coordinator_status(&self, group: &str) -> i16 {
        self.coordinator_status_of(group)
    }

    /// Kafka's first checks of a request on a group: the client may perform
    /// `operation` on it (else GROUP_AUTHORIZATION_FAILED), then
    /// [`Broker::coordinator_status`].
    pub fn group_status(&self, ctx: &RequestContext<'_>, operation: i8, group: &str) -> i16 {
        if !self.authorize(ctx, operation, Resource::Group, group) {
            return code::GROUP_AUTHORIZATION_FAILED;
        }
        self.coordinator_status_of(group)
    }

    fn coordinator_status_of(&self, group: &str) -> i16 {
        let state = self.state();
        let Some(topic) = state.topic(OFFSETS_TOPIC) else {
            // No offsets topic yet (one node, before any FindCoordinator):
            // this broker is the only possible coordinator.
            return code::NONE;
        };
        let index = crate::group::offsets::partition_for(group, topic.partitions.len() as i32);
        self.coordinator_status_for(OFFSETS_TOPIC, index, self.groups.is_loaded(index))
    }

    /// Loads the groups of the `__consumer_offsets` partitions this broker
    /// has come to lead, and unloads those of the partitions it no longer
    /// leads (coordination moves with partition leadership).
    pub fn sync_coordination(&self) {
        // Transactions move with `__transaction_state`'s leadership alike.
        self.sync_transaction_coordination();
        let Some(topic) = self.state().topic(OFFSETS_TOPIC).cloned() else {
            return;
        };
        let n = topic.partitions.len() as i32;
        for index in 0..n {
            let leads = self
                .partition(OFFSETS_TOPIC, index)
                .is_some_and(|p| p.is_leader());
            let loaded = self.groups.is_loaded(index);
            if leads && !loaded {
                self.load_offsets(index);
            } else if !leads && loaded {
                tracing::info!(
                    partition = index,
                    "no longer coordinating the groups of {OFFSETS_TOPIC} partition"
                );
                self.groups.unload(index, |g| {
                    crate::group::offsets::partition_for(g, n) == index
                });
            }
        }
    }

    /// Replays one `__consumer_offsets` partition, to its log end (as
    /// Kafka's loader does), into the coordinator's offset table.
    fn load_offsets(&self, index: i32) {
        let Some(p) = self.partition(OFFSETS_TOPIC, index) else {
            return;
        };
        // The table holds nothing of this partition's groups here: it was
        // unloaded when leadership was lost, or never loaded.
        let n = self
            .state()
            .topic(OFFSETS_TOPIC)
            .map_or(1, |t| t.partitions.len() as i32);
        let belongs = |group: &str| crate::group::offsets::partition_for(group, n) == index;
        let records =
            p.for_each_record(|batch, key, value| self.groups.replay(batch, key, value, belongs));
        let groups = self.groups.restore_groups(belongs, now_ms());
        self.groups.mark_loaded(index);
        if records > 0 {
            tracing::info!(
                partition = index,
                records,
                stable_groups = groups,
                "loaded committed offsets and groups"
            );
        }
    }

    /// Writes the records of the classic groups whose stored view changed
    /// (a rebalance completed, a group emptied), acks=all. Returns the last
    /// failed write's error, as Kafka maps it for a group's record. A group
    /// whose write failed is not retried: its next change writes it, and
    /// until then a new coordinator restores its older record, whose
    /// members rejoin (ILLEGAL_GENERATION) or time out: a rebalance, never
    /// a wrong assignment.
    pub async fn store_groups(&self) -> i16 {
        let mut error = code::NONE;
        for (group, record) in self.groups.take_dirty() {
            match self.write_group_records(&group, vec![record], None).await {
                code::NONE => {}
                // A record past the offsets topic's size limits.
                code::INVALID_COMMIT_OFFSET_SIZE => error = code::UNKNOWN_SERVER_ERROR,
                c => error = c,
            }
        }
        error
    }

    /// Deletes a group that has no members: its offsets' and its own
    /// tombstones in one batch, then the group in memory.
    pub async fn delete_group(&self, group: &str) -> i16 {
        let mut records: Vec<(Bytes, Option<Bytes>)> = self
            .groups
            .committed_all(group)
            .into_keys()
            .map(|(t, p)| (offsets::encode_key(group, &t, p), None))
            .collect();
        records.push((crate::group::classic::stored::key(group), None));
        let c = self.write_group_records(group, records, None).await;
        if c == code::NONE {
            self.groups.forget_group(group);
        }
        c
    }

    /// Writes offset records (or tombstones, with `None`) for `group` to its
    /// `__consumer_offsets` partition, then applies them in memory. Returns the
    /// Kafka error code of the write.
    pub async fn write_offsets(
        &self,
        group: &str,
        entries: Vec<(String, i32, Option<OffsetAndMetadata>)>,
    ) -> i16 {
        self.write_offsets_as(group, entries, None).await
    }

    /// As [`Broker::write_offsets`], in the open transaction of `producer`
    /// (TxnOffsetCommit): a transactional batch of the producer, whose
    /// offsets apply only once the transaction's commit marker is written.
    pub async fn write_offsets_as(
        &self,
        group: &str,
        entries: Vec<(String, i32, Option<OffsetAndMetadata>)>,
        producer: Option<ProducerIdAndEpoch>,
    ) -> i16 {
        let records = entries
            .into_iter()
            .map(|(topic, p, value)| {
                (
                    offsets::encode_key(group, &topic, p),
                    value.as_ref().map(offsets::encode_value),
                )
            })
            .collect();
        self.write_group_records(group, records, producer).await
    }

    /// Writes records of `group` (offsets, its metadata; `None` values are
    /// tombstones) to its `__consumer_offsets` partition in one batch
    /// (transactional for `producer`), then applies the offsets in memory.
    async fn write_group_records(
        &self,
        group: &str,
        records: Vec<(Bytes, Option<Bytes>)>,
        producer: Option<ProducerIdAndEpoch>,
    ) -> i16 {
        let broker = self;
        if records.is_empty() {
            return code::NONE;
        }
        if let Err(ApiError {
            code: c,
            message: msg,
        }) = broker.ensure_offsets_topic().await
        {
            tracing::warn!(error = %msg, "cannot create {OFFSETS_TOPIC}");
            return if c == code::TOPIC_ALREADY_EXISTS {
                code::NONE
            } else {
                code::COORDINATOR_NOT_AVAILABLE
            };
        }
        let partitions = broker
            .state()
            .topic(OFFSETS_TOPIC)
            .map_or(1, |t| t.partitions.len() as i32);
        let index = offsets::partition_for(group, partitions);
        let Some(partition) = broker.partition(OFFSETS_TOPIC, index) else {
            return code::NOT_COORDINATOR;
        };
        let Some(leader_epoch) = partition.leader_epoch_if_leader() else {
            return code::NOT_COORDINATOR;
        };
        let now = now_ms();
        let mut builder = RecordBatchBuilder::new(Compression::None);
        if let Some(p) = producer {
            builder = builder
                .producer(p.producer_id, p.epoch, -1)
                .transactional(true);
        }
        for (key, value) in &records {
            builder.push(SimpleRecord::new(now, Some(key.clone()), value.clone()));
        }
        let applied = records;
        let batch = match builder.build() {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "cannot build an offsets batch");
                return code::UNKNOWN_SERVER_ERROR;
            }
        };
        // Kafka writes offsets with acks=all: a commit is answered once the
        // ISR has it, so that it survives the coordinator's failover.
        let appended = match partition.append_from_coordinator(batch, leader_epoch, now) {
            Ok(r) => {
                let deadline = tokio::time::Instant::now() + OFFSET_COMMIT_TIMEOUT;
                match partition
                    .wait_for_high_watermark(r.log_end_offset, deadline)
                    .await
                {
                    Ok(()) => Ok(r),
                    Err(c) => Err(ApiError::new(
                        c,
                        "the offsets partition's ISR did not confirm the commit".to_string(),
                    )),
                }
            }
            Err(e) => Err(ApiError::new(e.code, e.message)),
        };
        match appended {
            Ok(_) => {
                match producer {
                    Some(p) => broker.groups.add_pending(p.producer_id, applied),
                    None => broker.groups.apply_written(applied),
                }
                code::NONE
            }
            Err(ApiError {
                code: c,
                message: msg,
            }) => {
                tracing::warn!(error = %msg, "offset commit write failed");
                // Kafka's mapping of append errors for the group coordinator.
                match c {
                    code::MESSAGE_TOO_LARGE => code::INVALID_COMMIT_OFFSET_SIZE,
                    // A transactional commit of a fenced producer.
                    code::INVALID_PRODUCER_EPOCH => c,
                    code::NOT_LEADER_OR_FOLLOWER | code::KAFKA_STORAGE_ERROR => {
                        code::NOT_COORDINATOR
                    }
                    _ => code::COORDINATOR_NOT_AVAILABLE,
                }
            }
        }
    }

    /// Deletes committed offsets past retention (tombstones in `__consumer_offsets`).
    pub async fn expire_offsets(&self) {
        let broker = self;
        let retention_ms = broker
            .config
            .offsets_retention_minutes
            .saturating_mul(60_000);
        let expired = broker.groups.expired_offsets(now_ms(), retention_ms);
        let mut by_group: BTreeMap<String, Vec<(String, i32, Option<OffsetAndMetadata>)>> =
            BTreeMap::new();
        for (g, t, p) in expired {
            by_group.entry(g).or_default().push((t, p, None));
        }
        for (group, tombstones) in by_group {
            let n = tombstones.len();
            if broker.write_offsets(&group, tombstones).await == code::NONE {
                tracing::info!(%group, offsets = n, "expired committed offsets (offsets.retention.minutes)");
                if !broker.groups.committed_all(&group).is_empty()
                    || broker.groups.has_members(&group)
                {
                    continue;
                }
                // Kafka deletes an empty group whose offsets all expired.
                broker.delete_group(&group).await;
            }
        }
    }

    /// The per-partition checks of an offset commit: metadata size and topic existence.
    pub fn check_commit_entry(&self, topic: &str, partition: i32, metadata: &str) -> i16 {
        let broker = self;
        if metadata.len() > OFFSET_METADATA_MAX_BYTES {
            return code::OFFSET_METADATA_TOO_LARGE;
        }
        if broker.state().partition(topic, partition).is_none() {
            return code::UNKNOWN_TOPIC_OR_PARTITION;
        }
        code::NONE
    }
}
