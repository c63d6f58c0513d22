//! Kafka's ReplicaManager: the replicas this broker hosts. It owns the
//! partition map, opens and retires replicas as the metadata says
//! ([`ReplicaManager::apply_delta`], Kafka's `applyDelta`), runs one replica
//! fetcher per source broker for the partitions it follows, sends ISR changes to the controller
//! one at a time, shrinks ISRs, and runs the retention and cleaning passes
//! over every log. Produce and fetch reach partitions through it. The
//! fetcher itself is `replica_manager/replica_fetcher.rs`.
//!
//! Invariants: a replica is opened or retired only under `open_lock`, and
//! the map holds at most one replica per (topic, partition), of the topic id
//! the metadata names; a followed partition is fetched by the fetcher of
//! its leader (one fetcher per source broker); an ISR change
//! leaves only through [`ReplicaManager::send_isr_changes`], in order; a
//! retired replica's directory is renamed at once and deleted only once no
//! request holds the partition.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use metadata::{ClusterState, Command, MetadataStore, TopicState};
use uuid::Uuid;

use crate::client_security::{self, ClientSecurity};
use crate::config::topic_config::EffectiveTopicConfig;
use crate::config::BrokerConfig;
use crate::error::{code, ApiError};
use crate::partition::{IsrChange, Partition, Role};
use crate::partition_metadata;
use crate::replication_quota_manager::ReplicationQuotaManager;

mod fetch_session_handler;
mod partition_map;
pub mod replica_fetcher;

use partition_map::PartitionMap;

/// Most threads opening one topic's logs at once (see
/// [`ReplicaManager::open_partitions`]).
const OPEN_THREADS: usize = 8;

/// An ISR change queued for the controller, with the partition it is for.
type IsrChangeRequest = (Arc<Partition>, IsrChange);

pub struct ReplicaManager {
    /// The static config (node id, log dirs, `replica.*`).
    pub config: BrokerConfig,
    pub metadata: Arc<MetadataStore>,
    /// The broker config in force (dynamic configs on top): topic defaults.
    config_in_force: tokio::sync::watch::Receiver<Arc<BrokerConfig>>,
    partitions: RwLock<PartitionMap<Arc<Partition>>>,
    /// Serializes partition opening (the metadata watcher and topic creation).
    open_lock: Mutex<()>,
    /// The replica fetchers, one per source broker.
    pub fetchers: replica_fetcher::ReplicaFetcherManager,
    /// How the fetchers reach the leaders' inter-broker listener (TLS,
    /// SASL), checked at start.
    pub inter_broker: ClientSecurity,
    /// ISR changes for the controller, sent one at a time by [`ReplicaManager::send_isr_changes`].
    isr_changes: tokio::sync::mpsc::UnboundedSender<IsrChangeRequest>,
    isr_changes_rx: Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<IsrChangeRequest>>>,
    /// Throttled replication (reassignments): what this broker sends to
    /// followers outside the ISR, and what it fetches as one.
    pub leader_quota: ReplicationQuotaManager,
    pub follower_quota: ReplicationQuotaManager,
    /// The state and topic defaults [`ReplicaManager::apply_delta`] last
    /// brought the replicas in line with.
    applied: Mutex<Option<(Arc<ClusterState>, Arc<BrokerConfig>)>>,
}

impl ReplicaManager {
    /// Err: the inter-broker listener's client settings cannot be honoured
    /// (the message names the key).
    pub fn new(
        config: BrokerConfig,
        metadata: Arc<MetadataStore>,
        config_in_force: tokio::sync::watch::Receiver<Arc<BrokerConfig>>,
    ) -> Result<ReplicaManager, String> {
        let (isr_tx, isr_rx) = tokio::sync::mpsc::unbounded_channel();
        Ok(ReplicaManager {
            inter_broker: client_security::inter_broker(&config)?,
            config,
            metadata,
            config_in_force,
            partitions: RwLock::new(PartitionMap::default()),
            open_lock: Mutex::new(()),
            fetchers: Default::default(),
            isr_changes: isr_tx,
            isr_changes_rx: Mutex::new(Some(isr_rx)),
            leader_quota: ReplicationQuotaManager::default(),
            follower_quota: ReplicationQuotaManager::default(),
            applied: Mutex::new(None),
        })
    }

    /// Opens the replicas `state` places here, at start-up, after removing
    /// the directories set aside by deletions the last run did not finish.
    /// Logs one line for all the logs (each log's own line is at debug).
    pub fn startup(&self, state: &ClusterState) -> Result<(), String> {
        for dir in &self.config.log_dirs {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.file_name().to_str().is_some_and(is_delete_dir) {
                    remove_dir_in_background(entry.path());
                }
            }
        }
        let started = std::time::Instant::now();
        for topic in state.topics.values() {
            self.open_partitions(topic, 0).map_err(|e| e.message)?;
        }
        self.remove_stray_replicas();
        let opened: Vec<(String, storage::RecoveryStats)> = self
            .all_partitions()
            .iter()
            .map(|p| (format!("{}-{}", p.topic, p.index), p.recovery_stats()))
            .collect();
        let recovered: Vec<&str> = opened
            .iter()
            .filter(|(_, s)| !s.clean_shutdown)
            .map(|(name, _)| name.as_str())
            .collect();
        let ms = started.elapsed().as_millis() as u64;
        tracing::info!(
            truncated_bytes = opened.iter().map(|(_, s)| s.truncated_bytes).sum::<u64>(),
            "opened {} partition logs in {ms} ms, {} needed recovery (unclean shutdown)",
            opened.len(),
            recovered.len()
        );
        if !recovered.is_empty() {
            tracing::debug!(partitions = ?recovered, "partition logs recovered");
        }
        Ok(())
    }

    /// Kafka's stray replicas: a partition directory (one holding
    /// `partition.metadata`) that the metadata no longer places here, left
    /// by a replica moved away or a topic deleted while this broker was
    /// down. Run after the replicas the metadata places here are open, so
    /// anything else is stray: set aside and deleted as a retired replica
    /// is. (The metadata state only moves forward, and a directory is
    /// created only for a state that placed the replica here, so a replica
    /// placed here again later gets a new, empty directory and fetches.)
    fn remove_stray_replicas(&self) {
        for dir in &self.config.log_dirs {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                    continue;
                };
                let Some((topic, index)) = name
                    .rsplit_once('-')
                    .and_then(|(t, i)| Some((t, i.parse::<i32>().ok()?)))
                else {
                    continue;
                };
                let path = entry.path();
                if topic == metadata::topic::CLUSTER_METADATA_TOPIC
                    || self.partition(topic, index).is_some_and(|p| p.dir == path)
                    || !path.join(partition_metadata::FILE_NAME).is_file()
                {
                    continue;
                }
                let to = path.with_file_name(delete_dir_name(topic, index));
                match std::fs::rename(&path, &to) {
                    Ok(()) => {
                        tracing::info!(dir = %path.display(), "stray replica removed (no longer placed here)");
                        remove_dir_in_background(to);
                    }
                    Err(e) => {
                        tracing::warn!(dir = %path.display(), error = %e, "cannot set a stray replica aside")
                    }
                }
            }
        }
    }

    /// Topic defaults: the broker config in force.
    fn topic_defaults(&self) -> Arc<BrokerConfig> {
        self.config_in_force.borrow().clone()
    }

    pub fn partition(&self, topic: &str, index: i32) -> Option<Arc<Partition>> {
        self.partitions
            .read()
            .expect("partitions lock")
            .get(topic, index)
            .cloned()
    }

    /// The replicas of `wanted` (a topic of `None`: unknown), in order, under
    /// one lock and with one hash per run of partitions of the same topic:
    /// how a fetch of many partitions finds them.
    pub fn partitions<'a>(
        &self,
        wanted: impl IntoIterator<Item = (Option<&'a str>, i32)>,
    ) -> Vec<Option<Arc<Partition>>> {
        let map = self.partitions.read().expect("partitions lock");
        type Slots<'m> = Option<&'m [Option<Arc<Partition>>]>;
        let mut last: Option<(&str, Slots<'_>)> = None;
        wanted
            .into_iter()
            .map(|(topic, index)| {
                let topic = topic?;
                let slots = match last {
                    Some((name, slots)) if name == topic => slots,
                    _ => {
                        let slots = map.topic(topic);
                        last = Some((topic, slots));
                        slots
                    }
                };
                slots?.get(usize::try_from(index).ok()?)?.clone()
            })
            .collect()
    }

    pub fn all_partitions(&self) -> Vec<Arc<Partition>> {
        self.partitions
            .read()
            .expect("partitions lock")
            .values()
            .cloned()
            .collect()
    }

    /// The directory of a partition: where it already is, else the log dir
    /// holding the fewest partitions. `load` counts the partitions of each
    /// log dir; it is computed at the first new partition of a call (one
    /// pass over the partitions, not one per new partition) and kept up to
    /// date after.
    fn partition_dir(&self, topic: &str, index: i32, load: &mut Option<Vec<usize>>) -> PathBuf {
        let name = format!("{topic}-{index}");
        let dirs = &self.config.log_dirs;
        if let [only] = dirs.as_slice() {
            return only.join(name);
        }
        if let Some(dir) = dirs.iter().map(|d| d.join(&name)).find(|p| p.is_dir()) {
            return dir;
        }
        let load = load.get_or_insert_with(|| {
            let parts = self.partitions.read().expect("partitions lock");
            let mut load = vec![0; dirs.len()];
            for p in parts.values() {
                if let Some(i) = dirs.iter().position(|d| p.dir.starts_with(d)) {
                    load[i] += 1;
                }
            }
            load
        });
        let (i, _) = load
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .expect("at least one log dir");
        load[i] += 1;
        dirs[i].join(name)
    }

    /// Opens this broker's replicas of `topic` from partition `from` on
    /// (those not open yet), creating their logs as needed. The logs are
    /// opened by up to [`OPEN_THREADS`] threads at once: a new log costs a
    /// few fsyncs, which the disk serves in parallel; what is opened is
    /// inserted in partition order. The first error is returned, after the
    /// partitions that did open are inserted.
    pub fn open_partitions(&self, topic: &TopicState, from: usize) -> Result<(), ApiError> {
        let _one_at_a_time = self.open_lock.lock().expect("open lock");
        let config = EffectiveTopicConfig::new(&self.topic_defaults(), &topic.configs);
        let storage_error = |index: i32, e: String| {
            ApiError::new(
                code::KAFKA_STORAGE_ERROR,
                format!("opening {}-{index}: {e}", topic.name),
            )
        };
        let mut load = None;
        let mut to_open = Vec::new();
        for (i, p) in topic.partitions.iter().enumerate().skip(from) {
            if !p.replicas.contains(&self.config.node_id) {
                continue;
            }
            let index = i as i32;
            if let Some(open) = self.partition(&topic.name, index) {
                if open.topic_id == topic.topic_id {
                    continue;
                }
                // A replica of a deleted topic of the same name.
                self.retire_partition(&topic.name, index);
            }
            let dir = self.partition_dir(&topic.name, index, &mut load);
            // A directory of another topic id was left by a topic deleted
            // while this broker was away: set aside, never reused.
            match partition_metadata::read(&dir) {
                Ok(Some(id)) if id != topic.topic_id => {
                    let to = dir.with_file_name(delete_dir_name(&topic.name, index));
                    tracing::info!(dir = %dir.display(), to = %to.display(), "directory of a deleted topic set aside");
                    std::fs::rename(&dir, &to).map_err(|e| storage_error(index, e.to_string()))?;
                    remove_dir_in_background(to);
                }
                Ok(_) => {}
                Err(e) => return Err(storage_error(index, e.to_string())),
            }
            to_open.push((index, dir, Role::from(p)));
        }
        let open_one = |(index, dir, role): (i32, PathBuf, Role)| {
            let created = !dir.exists();
            let partition = Partition::open(
                &topic.name,
                topic.topic_id,
                index,
                dir.clone(),
                config.clone(),
                self.config.node_id,
                role,
            )
            .map_err(|e| storage_error(index, e.to_string()))?;
            if !matches!(partition_metadata::read(&dir), Ok(Some(_))) {
                partition_metadata::write(&dir, &topic.topic_id)
                    .map_err(|e| storage_error(index, e.to_string()))?;
            }
            Ok((index, created, partition))
        };
        let opened: Vec<Result<(i32, bool, Partition), ApiError>> = if to_open.len() < 2 {
            to_open.into_iter().map(open_one).collect()
        } else {
            let per_thread = to_open.len().div_ceil(OPEN_THREADS);
            let mut jobs = to_open.into_iter().peekable();
            std::thread::scope(|scope| {
                let mut threads = Vec::new();
                while jobs.peek().is_some() {
                    let chunk: Vec<_> = jobs.by_ref().take(per_thread).collect();
                    threads
                        .push(scope.spawn(|| chunk.into_iter().map(open_one).collect::<Vec<_>>()));
                }
                threads
                    .into_iter()
                    .flat_map(|t| t.join().expect("opening thread panicked"))
                    .collect()
            })
        };
        let mut first_error = None;
        let mut created_any = false;
        for result in opened {
            match result {
                Ok((index, created, partition)) => {
                    created_any |= created;
                    self.partitions.write().expect("partitions lock").insert(
                        &topic.name,
                        index,
                        Arc::new(partition),
                    );
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        // New partition directories are entries of their log dir: made
        // durable once for all of them (as Kafka's `createLogDirectory`).
        if created_any {
            for dir in &self.config.log_dirs {
                if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
                    first_error.get_or_insert(storage_error(-1, format!("{}: {e}", dir.display())));
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Brings the local replicas in line with the metadata (Kafka's
    /// `applyDelta`): retires replicas of deleted topics, opens new ones,
    /// applies changed topic configs, and sets each one's role (starting a
    /// replica fetcher for followers).
    ///
    /// Only topics that changed since the last call are visited (a topic
    /// changes when its `Arc` does), so creating the n-th topic costs that
    /// topic, not n; everything is visited again when the topic defaults
    /// changed, or when a topic could not be opened last time. The state is
    /// read under the lock, so two callers never apply states out of order.
    pub fn apply_delta(self: &Arc<Self>) {
        let mut applied = self.applied.lock().expect("applied lock");
        let state = self.metadata.state();
        let defaults = self.topic_defaults();
        let rate = |key: &str| defaults.dynamic.get(key).map(|(v, _)| v.as_str());
        self.leader_quota
            .set_limit(rate("leader.replication.throttled.rate"));
        self.follower_quota
            .set_limit(rate("follower.replication.throttled.rate"));
        let previous = applied
            .take()
            .filter(|(_, d)| Arc::ptr_eq(d, &defaults))
            .map(|(s, _)| s);
        let unchanged = |name: &str, topic: &Arc<TopicState>| {
            previous
                .as_ref()
                .and_then(|p| p.topics.get(name))
                .is_some_and(|old| Arc::ptr_eq(old, topic))
        };
        match &previous {
            None => self.retire_gone_partitions(&state),
            Some(previous) => {
                for (name, old) in &previous.topics {
                    if !state.topics.get(name).is_some_and(|t| Arc::ptr_eq(t, old)) {
                        self.retire_gone_partitions_of(&state, name);
                    }
                }
            }
        }
        // Partitions whose configs changed, and of how many topics: one
        // line at info (each partition's at debug).
        let (mut reconfigured, mut topics_reconfigured) = (0usize, 0usize);
        let mut failed = false;
        for (name, topic) in &state.topics {
            if unchanged(name, topic) {
                continue;
            }
            if let Err(e) = self.open_partitions(topic, 0) {
                tracing::error!(topic = %topic.name, error = %e.message, "cannot open partition");
                failed = true;
                continue;
            }
            // Topic configs changed by AlterConfigs apply to running logs.
            let config = EffectiveTopicConfig::new(&defaults, &topic.configs);
            let before = reconfigured;
            for (i, p) in topic.partitions.iter().enumerate() {
                let Some(partition) = self.partition(&topic.name, i as i32) else {
                    continue;
                };
                if partition.set_config(config.clone()) {
                    reconfigured += 1;
                }
                partition.set_role(Role::from(p), std::time::Instant::now());
                if p.leader != self.config.node_id && p.leader >= 0 {
                    self.ensure_fetcher(partition);
                }
            }
            if reconfigured > before {
                topics_reconfigured += 1;
            }
        }
        if reconfigured > 0 {
            tracing::info!(
                partitions = reconfigured,
                topics = topics_reconfigured,
                "topic configs changed"
            );
        }
        if !failed {
            *applied = Some((state, defaults));
        }
    }

    /// Replicas this broker no longer hosts (their topic deleted, perhaps
    /// created again under a new id) are set aside before anything is
    /// opened, so a new topic never finds an old one's directory.
    pub fn retire_gone_partitions(&self, state: &ClusterState) {
        let topics: std::collections::BTreeSet<String> = self
            .partitions
            .read()
            .expect("partitions lock")
            .iter()
            .map(|(t, _, _)| t.to_string())
            .collect();
        for topic in topics {
            self.retire_gone_partitions_of(state, &topic);
        }
    }

    /// [`ReplicaManager::retire_gone_partitions`] for one topic's replicas.
    fn retire_gone_partitions_of(&self, state: &ClusterState, topic: &str) {
        let gone: Vec<i32> = {
            let partitions = self.partitions.read().expect("partitions lock");
            let Some(slots) = partitions.topic(topic) else {
                return;
            };
            let now = state.topic(topic);
            slots
                .iter()
                .enumerate()
                .filter_map(|(i, p)| Some((i as i32, p.as_ref()?)))
                .filter(|(i, p)| {
                    now.filter(|t| t.topic_id == p.topic_id)
                        .and_then(|t| t.partitions.get(*i as usize))
                        .is_none_or(|s| !s.replicas.contains(&self.config.node_id))
                })
                .map(|(i, _)| i)
                .collect()
        };
        for index in gone {
            self.retire_partition(topic, index);
        }
    }

    /// Takes a replica out of service: its directory renamed to Kafka's
    /// `<topic>-<partition>.<id>-delete` at once, its files deleted once no
    /// request uses it any more.
    pub fn retire_partition(&self, topic: &str, index: i32) {
        let removed = self
            .partitions
            .write()
            .expect("partitions lock")
            .remove(topic, index);
        let Some(p) = removed else { return };
        let to = p.dir.with_file_name(delete_dir_name(topic, index));
        match p.retire(&to) {
            Ok(()) => tracing::info!(topic, partition = index, "replica removed (topic deleted)"),
            Err(e) => {
                tracing::error!(topic, partition = index, error = %e, "cannot set the directory of a deleted replica aside")
            }
        }
        remove_partition_when_unused(p);
    }

    /// Has the fetcher of the partition's leader fetch it.
    pub fn ensure_fetcher(self: &Arc<Self>, partition: Arc<Partition>) {
        let leader = partition.role().leader;
        if leader >= 0 && leader != self.config.node_id {
            self.fetchers.add_partition(self, leader, partition);
        }
    }

    /// Queues an ISR change for the controller (Kafka's AlterPartition).
    pub fn send_isr_change(&self, partition: Arc<Partition>, change: IsrChange) {
        let _ = self.isr_changes.send((partition, change));
    }

    /// Sends queued ISR changes to the controller until the broker stops.
    pub async fn send_isr_changes(self: Arc<Self>) {
        let Some(mut rx) = self.isr_changes_rx.lock().expect("isr lock").take() else {
            return;
        };
        while let Some((partition, change)) = rx.recv().await {
            let replicas = self.clone();
            let cmd = Command::AlterPartition {
                topic: partition.topic.clone(),
                partition: partition.index,
                leader: replicas.config.node_id,
                leader_epoch: change.leader_epoch,
                partition_epoch: change.partition_epoch,
                isr: change.isr.clone(),
            };
            match replicas.metadata.submit(cmd).await {
                Ok(_) => {
                    tracing::info!(topic = %partition.topic, partition = partition.index, isr = ?change.isr, "ISR changed");
                    replicas.apply_delta();
                }
                Err(e) => {
                    tracing::info!(topic = %partition.topic, partition = partition.index, error = %e, "ISR change refused");
                    partition.isr_change_failed();
                }
            }
        }
    }

    /// Leaders drop followers that fell behind from their ISRs.
    pub fn shrink_isrs(&self) {
        let lag = std::time::Duration::from_millis(self.config.replica_lag_time_max_ms);
        let now = std::time::Instant::now();
        for p in self.all_partitions() {
            if let Some(change) = p.isr_shrink(lag, now) {
                self.send_isr_change(p, change);
            }
        }
    }

    /// Deletes segments past retention on every partition.
    pub fn apply_retention(&self) {
        let now = storage::log::now_ms();
        for p in self.all_partitions() {
            let n = p.apply_retention(now);
            if n > 0 {
                tracing::info!(topic = %p.topic, partition = p.index, segments = n, "deleted segments past retention");
            }
        }
    }

    /// Kafka's `flushDirtyLogs`: every partition whose `flush.ms` has passed
    /// since its last time-based flush fsyncs what it holds.
    pub fn flush_dirty_logs(&self) {
        let now = storage::log::now_ms();
        for p in self.all_partitions() {
            if let Err(e) = p.flush_if_due(now) {
                tracing::error!(topic = %p.topic, partition = p.index, error = %e.message, "time-based flush failed");
            }
        }
    }

    /// Kafka's producer expiration check: every partition forgets the
    /// idempotent producers silent for `expiration_ms`.
    pub fn remove_expired_producers(&self, expiration_ms: i64) {
        let now = storage::log::now_ms();
        let mut removed = 0;
        for p in self.all_partitions() {
            removed += p.remove_expired_producers(now, expiration_ms);
        }
        if removed > 0 {
            tracing::debug!(removed, "forgot expired producer ids");
        }
    }

    /// One compaction round on every partition whose cleanup.policy holds
    /// compact and that has enough to clean. Returns whether any log was
    /// cleaned (the cleaner then goes on at once, else it backs off).
    pub fn clean_logs(&self, cleaner: &mut storage::Cleaner) -> bool {
        let now = storage::log::now_ms();
        let mut cleaned = false;
        for p in self.all_partitions() {
            if !p.config().compact {
                continue;
            }
            match p.clean(cleaner, now) {
                Ok(Some(stats)) => {
                    cleaned = true;
                    tracing::debug!(topic = %p.topic, partition = p.index, ?stats, "log cleaned");
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(topic = %p.topic, partition = p.index, error = %e, "log cleaning failed")
                }
            }
        }
        cleaned
    }

    /// Closes every log cleanly, so that the next start skips recovery.
    pub fn shutdown(&self) {
        let parts = self.partitions.write().expect("partitions lock").drain();
        for p in parts {
            match Arc::try_unwrap(p) {
                Ok(p) => p.close(),
                Err(p) => p.flush(),
            }
        }
        tracing::info!("logs closed");
    }
}

/// Deletes a partition's files once no request holds it any more.
/// Kafka's name for a deleted partition's directory:
/// `<topic>-<partition>.<32 hex digits>-delete`, the topic cut so that the
/// name fits in 255 bytes.
fn delete_dir_name(topic: &str, index: i32) -> String {
    let suffix = format!("-{index}.{}-delete", Uuid::new_v4().simple());
    let mut keep = topic.len().min(255 - suffix.len());
    while !topic.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}{suffix}", &topic[..keep])
}

/// Whether a log-dir entry is a directory set aside for deletion.
pub fn is_delete_dir(name: &str) -> bool {
    name.ends_with("-delete")
}

fn remove_dir_in_background(dir: PathBuf) {
    std::thread::spawn(move || {
        if let Err(e) = std::fs::remove_dir_all(&dir) {
            tracing::warn!(dir = %dir.display(), error = %e, "cannot remove a deleted partition's directory");
        }
    });
}

fn remove_partition_when_unused(p: Arc<Partition>) {
    std::thread::spawn(move || {
        let mut p = p;
        for _ in 0..600 {
            match Arc::try_unwrap(p) {
                Ok(owned) => return owned.delete(),
                Err(shared) => p = shared,
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        tracing::warn!(topic = %p.topic, partition = p.index, "partition still in use; its directory was not removed");
    });
}
