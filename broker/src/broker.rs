//! The broker's shared state: config, metadata, and the partitions it hosts;
//! its start-up, producer ids, the offsets topic and shutdown. The topic and
//! config admin paths are in `broker/admin_manager.rs`, the replicas' life (Kafka's
//! ReplicaManager: reconcile from the metadata, fetchers, ISR changes,
//! retention and cleaning) in `broker/replica_manager.rs`; all three are `impl
//! Broker` over the state declared here.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use metadata::placement::{assign_replicas, Candidate};
use metadata::quorum::QuorumConfig;
use metadata::{ClusterState, Command, MetadataStore, PartitionAssignment, TopicState};
use uuid::Uuid;

use crate::config::BrokerConfig;
use crate::descriptor_budget;
use crate::dynamic_broker_config;
use crate::error::{code, ApiError};
use crate::group::classic::GroupConfig;
use crate::group::consumer::ConsumerGroupConfig;
use crate::group::coordinator::Coordinator;
use crate::group::offsets::OFFSETS_TOPIC;
use crate::partition::{IsrChange, Partition, Role};
use crate::partition_metadata;
use crate::topic_config::{self, EffectiveTopicConfig};

mod admin_manager;
mod replica_manager;

/// Producer ids are reserved from the metadata log in blocks of this size.
const PRODUCER_ID_BLOCK: i64 = 1000;

/// The most partitions one CreateTopics or CreatePartitions request (and so
/// one topic creation, auto-creation included) may create: Kafka's
/// `ReplicationControlManager.MAX_PARTITIONS_PER_BATCH`. Checked before
/// anything is allocated, so a request for 2^31 partitions costs nothing.
/// (A topic's own bound is `metadata::MAX_PARTITIONS_PER_TOPIC`.)
pub const MAX_PARTITIONS_PER_BATCH: i64 = 10_000;

/// Kafka's answer to a CreateTopics request over [`MAX_PARTITIONS_PER_BATCH`]
/// (POLICY_VIOLATION).
pub const EXCESSIVE_PARTITIONS_MESSAGE: &str =
    "Excessively large number of partitions per request.";

/// Kafka's answer to a controller operation that would write more than its
/// batch bound (POLICY_VIOLATION), here a CreatePartitions request over
/// [`MAX_PARTITIONS_PER_BATCH`].
pub const EXCESSIVE_BATCH_MESSAGE: &str = "Unable to perform excessively large batch operation.";

/// An ISR change queued for the controller, with the partition it is for.
type IsrChangeRequest = (Arc<Partition>, IsrChange);

pub struct Broker {
    pub config: BrokerConfig,
    pub metadata: MetadataStore,
    pub cluster_id: String,
    partitions: RwLock<HashMap<(String, i32), Arc<Partition>>>,
    /// The current block of producer ids: (next, end).
    producer_ids: Mutex<(i64, i64)>,
    /// Serializes topic changes (metadata command + log directories).
    topic_changes: tokio::sync::Mutex<()>,
    /// Consumer groups and committed offsets.
    pub groups: Coordinator,
    /// Partitions with a replica fetcher running.
    fetchers: Mutex<std::collections::HashSet<(String, i32)>>,
    /// ISR changes for the controller, sent one at a time by [`Broker::send_isr_changes`].
    isr_changes: tokio::sync::mpsc::UnboundedSender<IsrChangeRequest>,
    isr_changes_rx: Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<IsrChangeRequest>>>,
    /// Serializes partition opening (the metadata watcher and topic creation).
    open_lock: Mutex<()>,
    /// `config` with the dynamic broker configs of the metadata on top: the
    /// broker config in force. A watch, so that the listeners' connection
    /// quotas and the log cleaner follow its changes.
    dynamic_config: tokio::sync::watch::Sender<Arc<BrokerConfig>>,
}

impl Broker {
    /// Opens the metadata and then the broker; see [`Broker::open_with`].
    pub async fn open(config: BrokerConfig) -> Result<Arc<Broker>, String> {
        let metadata = Broker::open_metadata(&config).await?;
        Broker::open_with(config, metadata).await
    }

    /// Opens the metadata: the local log, or this node's part of the quorum
    /// (whose controller listener [`crate::server::serve`] binds).
    pub async fn open_metadata(config: &BrokerConfig) -> Result<MetadataStore, String> {
        for dir in &config.log_dirs {
            std::fs::create_dir_all(dir).map_err(|e| format!("log dir {}: {e}", dir.display()))?;
        }
        let listener = config.registered_listener();
        if config.uses_quorum() {
            // Voters are reached at their controller.quorum.voters address;
            // a broker that is not a voter receives the log on its own
            // controller listener (a client listener never serves the quorum).
            let controller = config
                .controller_listener()
                .expect("config validation: a quorum node has a controller listener");
            let advertised_addr = match config
                .controller_quorum_voters
                .get(&(config.node_id as u64))
            {
                Some(addr) => addr.replace("0.0.0.0", &controller.host),
                None if controller.host.is_empty() || controller.host == "0.0.0.0" => {
                    format!("{}:{}", listener.host, controller.port)
                }
                None => format!("{}:{}", controller.host, controller.port),
            };
            let q = QuorumConfig {
                node_id: config.node_id,
                voters: config.controller_quorum_voters.clone(),
                advertised_addr,
                dir: config.metadata_dir(),
                broker_session_timeout_ms: config.broker_session_timeout_ms,
                auto_leader_rebalance: config.auto_leader_rebalance_enable,
                leader_imbalance_check_interval_ms: config.leader_imbalance_check_interval_seconds
                    * 1000,
            };
            let store = MetadataStore::open_quorum(q)
                .await
                .map_err(|e| e.to_string())?;
            Ok(store)
        } else {
            let store = MetadataStore::open(&config.metadata_dir()).map_err(|e| e.to_string())?;
            if store.state().cluster_id.is_none() {
                store
                    .submit(Command::InitCluster {
                        cluster_id: metadata::new_cluster_id(),
                    })
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Ok(store)
        }
    }

    /// Waits until the metadata has a cluster id (a quorum node: until the
    /// quorum has one), and returns it.
    pub async fn wait_for_cluster_id(config: &BrokerConfig, metadata: &MetadataStore) -> String {
        let mut waited = 0u32;
        loop {
            if let Some(id) = metadata.state().cluster_id.clone() {
                return id;
            }
            if waited.is_multiple_of(50) {
                tracing::info!(voters = ?config.controller_quorum_voters, "waiting for the metadata quorum");
            }
            waited += 1;
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Opens the broker on its metadata: waits until the quorum has a
    /// cluster id, registers the broker, and opens the partitions it hosts.
    pub async fn open_with(
        config: BrokerConfig,
        metadata: MetadataStore,
    ) -> Result<Arc<Broker>, String> {
        let listener = config.registered_listener();
        Broker::wait_for_cluster_id(&config, &metadata).await;
        let registered = metadata.state().brokers.get(&config.node_id).cloned();
        let host = listener.host.clone();
        // In a cluster a (re)started broker registers fenced: it may have
        // lost a log tail, so it leads nothing until its heartbeats unfence it.
        if config.uses_quorum()
            || registered.as_ref().is_none_or(|b| {
                b.host != host || b.port != i32::from(listener.port) || b.rack != config.broker_rack
            })
        {
            metadata
                .submit(Command::RegisterBroker {
                    node_id: config.node_id,
                    host,
                    port: i32::from(listener.port),
                    rack: config.broker_rack.clone(),
                    fenced: config.uses_quorum(),
                })
                .await
                .map_err(|e| e.to_string())?;
        }
        let state = metadata.state();
        let cluster_id = state.cluster_id.clone().expect("initialized");
        let groups = Coordinator::new(
            GroupConfig {
                initial_rebalance_delay_ms: config.group_initial_rebalance_delay_ms,
                min_session_timeout_ms: config.group_min_session_timeout_ms,
                max_session_timeout_ms: config.group_max_session_timeout_ms,
                max_size: config.group_max_size,
            },
            ConsumerGroupConfig {
                session_timeout_ms: config.group_consumer_session_timeout_ms,
                heartbeat_interval_ms: config.group_consumer_heartbeat_interval_ms,
                max_size: config.group_max_size,
            },
        );
        let (isr_tx, isr_rx) = tokio::sync::mpsc::unbounded_channel();
        let dynamic_config =
            tokio::sync::watch::Sender::new(Arc::new(dynamic_config_of(&config, &state)));
        let broker = Broker {
            dynamic_config,
            groups,
            config,
            metadata,
            cluster_id,
            partitions: RwLock::new(HashMap::new()),
            producer_ids: Mutex::new((0, 0)),
            topic_changes: tokio::sync::Mutex::new(()),
            fetchers: Mutex::new(Default::default()),
            isr_changes: isr_tx,
            isr_changes_rx: Mutex::new(Some(isr_rx)),
            open_lock: Mutex::new(()),
        };
        // Directories set aside by deletions the last run did not finish.
        for dir in &broker.config.log_dirs {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                if entry.file_name().to_str().is_some_and(is_delete_dir) {
                    remove_dir_in_background(entry.path());
                }
            }
        }
        let started = std::time::Instant::now();
        for topic in state.topics.values() {
            broker.open_partitions(topic, 0).map_err(|e| e.message)?;
        }
        // One line for all the logs (each log's own line is at debug).
        let opened: Vec<(String, storage::RecoveryStats)> = broker
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
        broker.sync_coordination();
        tracing::info!(
            node_id = broker.config.node_id,
            cluster_id = %broker.cluster_id,
            topics = state.topics.len(),
            "broker started"
        );
        Ok(Arc::new(broker))
    }

    pub fn state(&self) -> Arc<ClusterState> {
        self.metadata.state()
    }

    /// Whether `node_id` is another registered broker of the cluster whose
    /// registered host names `ip`: only such a peer may fetch as a replica
    /// (a replica's fetch moves the high watermark and reads past it).
    pub async fn is_peer_broker_at(&self, node_id: i32, ip: std::net::IpAddr) -> bool {
        let Some(b) = self.state().brokers.get(&node_id).cloned() else {
            return false;
        };
        if node_id == self.config.node_id {
            return false;
        }
        let addr = format!("{}:{}", b.host, u16::try_from(b.port).unwrap_or(0));
        match tokio::net::lookup_host(addr).await {
            Ok(mut addrs) => addrs.any(|a| a.ip() == ip || a.ip().is_unspecified()),
            Err(_) => false,
        }
    }

    /// The active controller: the quorum leader (-1 during an election), or
    /// this node alone.
    pub fn controller_id(&self) -> i32 {
        match self.metadata.quorum() {
            Some(q) => q.status().leader.map_or(-1, |l| l as i32),
            None => self.config.node_id,
        }
    }

    pub fn partition(&self, topic: &str, index: i32) -> Option<Arc<Partition>> {
        self.partitions
            .read()
            .expect("partitions lock")
            .get(&(topic.to_string(), index))
            .cloned()
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
    /// holding the fewest partitions.
    fn partition_dir(&self, topic: &str, index: i32) -> PathBuf {
        let name = format!("{topic}-{index}");
        if let Some(dir) = self
            .config
            .log_dirs
            .iter()
            .map(|d| d.join(&name))
            .find(|p| p.is_dir())
        {
            return dir;
        }
        let parts = self.partitions.read().expect("partitions lock");
        let dir = self
            .config
            .log_dirs
            .iter()
            .min_by_key(|d| parts.values().filter(|p| p.dir.starts_with(d)).count())
            .expect("at least one log dir");
        dir.join(name)
    }

    fn open_partitions(&self, topic: &TopicState, from: usize) -> Result<(), ApiError> {
        let _one_at_a_time = self.open_lock.lock().expect("open lock");
        let config = EffectiveTopicConfig::new(&self.topic_defaults(), &topic.configs);
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
            let dir = self.partition_dir(&topic.name, index);
            let storage_error = |e: String| {
                ApiError::new(
                    code::KAFKA_STORAGE_ERROR,
                    format!("opening {}-{index}: {e}", topic.name),
                )
            };
            // A directory of another topic id was left by a topic deleted
            // while this broker was away: set aside, never reused.
            match partition_metadata::read(&dir) {
                Ok(Some(id)) if id != topic.topic_id => {
                    let to = dir.with_file_name(delete_dir_name(&topic.name, index));
                    tracing::info!(dir = %dir.display(), to = %to.display(), "directory of a deleted topic set aside");
                    std::fs::rename(&dir, &to).map_err(|e| storage_error(e.to_string()))?;
                    remove_dir_in_background(to);
                }
                Ok(_) => {}
                Err(e) => return Err(storage_error(e.to_string())),
            }
            let role = Role::from(p);
            let partition = Partition::open(
                &topic.name,
                topic.topic_id,
                index,
                dir.clone(),
                config.clone(),
                self.config.node_id,
                role,
            )
            .map_err(|e| storage_error(e.to_string()))?;
            if !matches!(partition_metadata::read(&dir), Ok(Some(_))) {
                partition_metadata::write(&dir, &topic.topic_id)
                    .map_err(|e| storage_error(e.to_string()))?;
            }
            self.partitions
                .write()
                .expect("partitions lock")
                .insert((topic.name.clone(), index), Arc::new(partition));
        }
        Ok(())
    }

    fn assign(
        &self,
        partitions: i32,
        replication_factor: i16,
        first_index: i32,
    ) -> Result<Vec<PartitionAssignment>, ApiError> {
        let state = self.state();
        let brokers: Vec<Candidate> = state
            .live_brokers()
            .map(|b| Candidate {
                node_id: b.node_id,
                rack: b.rack.clone(),
            })
            .collect();
        // Kafka starts at a random broker so that topics do not all lead on
        // the same one.
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        assign_replicas(
            &brokers,
            partitions.max(0) as u32,
            replication_factor,
            first_index.max(0) as u32,
            start,
        )
        .map_err(|e| {
            ApiError::new(
                code::INVALID_REPLICATION_FACTOR,
                format!("Unable to replicate the partition {replication_factor} time(s): {e}"),
            )
        })
    }

    /// The broker config in force: server.properties with the dynamic broker
    /// configs on top. Topic defaults come from it.
    pub fn topic_defaults(&self) -> Arc<BrokerConfig> {
        self.dynamic_config.borrow().clone()
    }

    /// The broker config in force, told again at each change of the
    /// dynamic broker configs.
    pub fn watch_config(&self) -> tokio::sync::watch::Receiver<Arc<BrokerConfig>> {
        self.dynamic_config.subscribe()
    }

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
        match self
            .create_topic_unchecked(
                OFFSETS_TOPIC,
                self.config.offsets_topic_num_partitions,
                // Kafka: offsets.topic.replication.factor, lowered to the
                // number of live brokers while the cluster is smaller.
                self.config
                    .offsets_topic_replication_factor
                    .min(self.state().live_brokers().count().max(1) as i16),
                Vec::new(),
                configs,
                false,
            )
            .await
        {
            Err(ApiError { code: c, .. }) if c == code::TOPIC_ALREADY_EXISTS => Ok(()),
            other => {
                // Its partitions are new and empty: coordinate at once.
                self.sync_coordination();
                other.map(|_| ())
            }
        }
    }

    /// Whether this broker coordinates `group`: NONE, or the error to answer
    /// (Kafka's NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS). The
    /// coordinator is the leader of the group's `__consumer_offsets` partition.
    pub fn coordinator_status(&self, group: &str) -> i16 {
        let state = self.state();
        let Some(topic) = state.topic(OFFSETS_TOPIC) else {
            // No offsets topic yet (one node, before any FindCoordinator):
            // this broker is the only possible coordinator.
            return code::NONE;
        };
        let index = crate::group::offsets::partition_for(group, topic.partitions.len() as i32);
        if self.groups.is_loaded(index) {
            return code::NONE;
        }
        match self.partition(OFFSETS_TOPIC, index) {
            Some(p) if p.is_leader() => code::COORDINATOR_LOAD_IN_PROGRESS,
            _ => code::NOT_COORDINATOR,
        }
    }

    /// Loads the groups of the `__consumer_offsets` partitions this broker
    /// has come to lead, and unloads those of the partitions it no longer
    /// leads (coordination moves with partition leadership).
    pub fn sync_coordination(&self) {
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
        let mut records = 0usize;
        {
            let mut offset = p.log_start_offset();
            let end = p.log_end_offset();
            while offset < end {
                let Ok(bytes) = p.read_to(offset, 4 << 20, end) else {
                    break;
                };
                if bytes.is_empty() {
                    break;
                }
                for batch in protocol::records::Batches::new(bytes).flatten() {
                    offset = batch.next_offset();
                    let Ok(mut iter) = batch.iter_records(64 << 20) else {
                        continue;
                    };
                    // Headers are not needed: counted, never collected.
                    while let Some(Ok(record)) = iter.next_summary() {
                        self.groups.replay(record.key, record.value);
                        records += 1;
                    }
                }
            }
        }
        self.groups.mark_loaded(index);
        if records > 0 {
            tracing::info!(partition = index, records, "loaded committed offsets");
        }
    }

    /// A fresh producer id for an idempotent producer.
    pub async fn next_producer_id(&self) -> Result<i64, ApiError> {
        let _one_at_a_time = self.topic_changes.lock().await;
        {
            let mut ids = self.producer_ids.lock().expect("producer id lock");
            if ids.0 < ids.1 {
                ids.0 += 1;
                return Ok(ids.0 - 1);
            }
        }
        // Another broker may take the next block first: then try the one after.
        for _ in 0..10 {
            let first = self.state().next_producer_id;
            match self
                .metadata
                .submit(Command::AllocateProducerIds {
                    node_id: self.config.node_id,
                    first,
                    count: PRODUCER_ID_BLOCK,
                })
                .await
            {
                Ok(_) => {
                    let mut ids = self.producer_ids.lock().expect("producer id lock");
                    *ids = (first + 1, first + PRODUCER_ID_BLOCK);
                    return Ok(first);
                }
                Err(metadata::MetadataError::Invalid(_)) => continue,
                Err(e) => return Err(ApiError::new(code::UNKNOWN_SERVER_ERROR, e.to_string())),
            }
        }
        Err(ApiError::new(
            code::UNKNOWN_SERVER_ERROR,
            "could not reserve producer ids",
        ))
    }

    /// Closes every log cleanly, so that the next start skips recovery.
    pub fn shutdown(&self) {
        let parts: Vec<_> = self
            .partitions
            .write()
            .expect("partitions lock")
            .drain()
            .collect();
        for (_, p) in parts {
            match Arc::try_unwrap(p) {
                Ok(p) => p.close(),
                Err(p) => p.flush(),
            }
        }
        tracing::info!("logs closed");
    }
}

/// `config` with the dynamic broker configs of `state` on top (the cluster
/// default, then this broker's own). Configs the log cannot parse (written
/// by a newer version, say) are skipped with a warning.
fn dynamic_config_of(config: &BrokerConfig, state: &metadata::ClusterState) -> BrokerConfig {
    let empty = BTreeMap::new();
    let cluster = state.broker_configs.get("").unwrap_or(&empty);
    let own = state
        .broker_configs
        .get(&config.node_id.to_string())
        .unwrap_or(&empty);
    config.with_dynamic(cluster, own).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "dynamic broker configs ignored");
        config.clone()
    })
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
