//! The broker's shared state: config, metadata, the replica manager and the
//! group coordinator; its start-up, following the metadata (dynamic configs,
//! replicas, coordination), producer ids, the offsets topic and shutdown.
//! The topic and config admin paths are in `broker/admin_manager.rs` (`impl
//! Broker`); the transaction coordinator in `broker/transaction_*.rs` (its
//! state topic, its operations and timers, its markers) and the leaders'
//! KIP-890 questions to it in `broker/add_partitions_to_txn_manager.rs`;
//! the replicas themselves in [`crate::replica_manager`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use metadata::placement::{assign_replicas, Candidate};
use metadata::quorum::network::{PeerConnector, PeerStream};
use metadata::quorum::QuorumConfig;
use metadata::{ClusterState, Command, Endpoint, MetadataStore, PartitionAssignment, TopicState};
use uuid::Uuid;

use crate::authorizer::{Authorizer, Resource};
use crate::client_metrics::{self, ClientMetricsManager};
use crate::client_quota_manager::{self, ClientQuotaManager, MutationQuota};
use crate::config::dynamic_broker_config;
use crate::config::topic_config::{self, EffectiveTopicConfig};
use crate::config::BrokerConfig;
use crate::descriptor_budget;
use crate::error::{code, ApiError};
use crate::fetch_session::FetchSessionCache;
use crate::group::classic::GroupConfig;
use crate::group::consumer::ConsumerGroupConfig;
use crate::group::coordinator::Coordinator;
use crate::partition::Partition;
use crate::replica_manager::ReplicaManager;
use crate::request_context::RequestContext;
use crate::sampled_rate::QuotaWindows;

mod add_partitions_to_txn_manager;
mod admin_manager;
mod group_metadata_manager;
mod transaction_coordinator;
mod transaction_marker_channel_manager;
mod transaction_state_manager;

pub use transaction_marker_channel_manager::{MarkerJob, TransactionMarkerChannelManager};
pub use transaction_state_manager::TRANSACTION_VERSION_LEVEL;

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

pub struct Broker {
    pub config: BrokerConfig,
    pub metadata: Arc<MetadataStore>,
    pub cluster_id: String,
    /// The replicas this broker hosts (Kafka's ReplicaManager).
    pub replica_manager: Arc<ReplicaManager>,
    /// The current block of producer ids: (next, end).
    producer_ids: Mutex<(i64, i64)>,
    /// Serializes topic changes (metadata command + log directories).
    topic_changes: tokio::sync::Mutex<()>,
    /// Consumer groups and committed offsets.
    pub groups: Coordinator,
    /// The transactions of the `__transaction_state` partitions this broker
    /// has loaded; `None` until that topic exists.
    pub transactions:
        Mutex<Option<crate::transaction::transaction_state_table::TransactionStateTable>>,
    /// The markers of ending transactions, on their way to the leaders.
    pub transaction_markers: TransactionMarkerChannelManager,
    /// The fetch sessions (KIP-227) of this broker's clients.
    pub fetch_sessions: FetchSessionCache,
    /// Who may do what (`authorizer.class.name`, `super.users`).
    pub authorizer: Authorizer,
    /// Byte-rate quotas on produce requests and fetch answers.
    pub produce_quotas: ClientQuotaManager,
    pub fetch_quotas: ClientQuotaManager,
    /// Partitions created and deleted per second (KIP-599).
    pub mutation_quotas: ClientQuotaManager,
    /// The time spent on a client's requests (KIP-124, `request_percentage`).
    pub request_quotas: ClientQuotaManager,
    /// KIP-714: the client instances asking for and pushing metrics.
    pub client_metrics: ClientMetricsManager,
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
                connector: quorum_connector(config)?,
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
        let listeners: Vec<Endpoint> = config
            .client_endpoints()
            .into_iter()
            .map(|l| Endpoint {
                name: l.name,
                host: l.host,
                port: i32::from(l.port),
            })
            .collect();
        // In a cluster a (re)started broker registers fenced: it may have
        // lost a log tail, so it leads nothing until its heartbeats unfence it.
        if config.uses_quorum()
            || registered.as_ref().is_none_or(|b| {
                b.host != host
                    || b.port != i32::from(listener.port)
                    || b.rack != config.broker_rack
                    || b.listeners != listeners
            })
        {
            metadata
                .submit(Command::RegisterBroker {
                    node_id: config.node_id,
                    host,
                    port: i32::from(listener.port),
                    rack: config.broker_rack.clone(),
                    fenced: config.uses_quorum(),
                    listeners,
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
        let dynamic_config =
            tokio::sync::watch::Sender::new(Arc::new(dynamic_config_of(&config, &state)));
        let metadata = Arc::new(metadata);
        let replica_manager = Arc::new(ReplicaManager::new(
            config.clone(),
            metadata.clone(),
            dynamic_config.subscribe(),
        )?);
        replica_manager.startup(&state)?;
        let client_windows =
            QuotaWindows::new(config.quota_window_num, config.quota_window_size_seconds);
        let broker = Broker {
            client_metrics: ClientMetricsManager::new(config.telemetry_max_bytes),
            authorizer: Authorizer::new(&config),
            produce_quotas: ClientQuotaManager::new(
                client_quota_manager::PRODUCER_BYTE_RATE,
                client_windows,
            ),
            fetch_quotas: ClientQuotaManager::new(
                client_quota_manager::CONSUMER_BYTE_RATE,
                client_windows,
            ),
            mutation_quotas: ClientQuotaManager::new(
                client_quota_manager::CONTROLLER_MUTATION_RATE,
                QuotaWindows::new(
                    config.controller_quota_window_num,
                    config.controller_quota_window_size_seconds,
                ),
            ),
            // Kafka bounds the request quota's throttle at one quota window.
            request_quotas: ClientQuotaManager::bounded(
                client_quota_manager::REQUEST_PERCENTAGE,
                client_windows,
                client_windows.window_ms,
            ),
            dynamic_config,
            groups,
            transactions: Mutex::new(None),
            transaction_markers: TransactionMarkerChannelManager::default(),
            fetch_sessions: FetchSessionCache::new(
                config.max_incremental_fetch_session_cache_slots,
            ),
            config,
            metadata,
            cluster_id,
            replica_manager,
            producer_ids: Mutex::new((0, 0)),
            topic_changes: tokio::sync::Mutex::new(()),
        };
        let broker = Arc::new(broker);
        TransactionMarkerChannelManager::start(&broker);
        broker.sync_coordination();
        tracing::info!(
            node_id = broker.config.node_id,
            cluster_id = %broker.cluster_id,
            topics = state.topics.len(),
            "broker started"
        );
        Ok(broker)
    }

    pub fn state(&self) -> Arc<ClusterState> {
        self.metadata.state()
    }

    /// The controller mutation quota of the client of `ctx`, strict from
    /// the request version `strict_from` on (see [`MutationQuota`]).
    pub fn mutation_quota<'a>(
        &'a self,
        state: &'a ClusterState,
        ctx: &'a RequestContext<'_>,
        strict_from: i16,
    ) -> MutationQuota<'a> {
        MutationQuota {
            manager: &self.mutation_quotas,
            quotas: &state.client_quotas,
            user: client_quota_manager::user_of(ctx.principal),
            client_id: ctx.client_id,
            strict: ctx.version >= strict_from,
        }
    }

    /// Whether the client of `ctx` may perform `op` on `resource` `name`
    /// (see [`Authorizer::authorize`]); a denial goes to the audit log.
    pub fn authorize(&self, ctx: &RequestContext, op: i8, resource: Resource, name: &str) -> bool {
        !self.authorizer.enabled()
            || self
                .authorizer
                .authorize(&self.state().acls, ctx, op, resource, name)
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

    /// Whether `ip` is the address of another registered broker (a
    /// coordinator writing markers to the internal topics this broker leads).
    pub async fn is_peer_broker(&self, ip: std::net::IpAddr) -> bool {
        let others: Vec<i32> = self
            .state()
            .brokers
            .keys()
            .copied()
            .filter(|&id| id != self.config.node_id)
            .collect();
        for id in others {
            if self.is_peer_broker_at(id, ip).await {
                return true;
            }
        }
        false
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
        self.replica_manager.partition(topic, index)
    }

    pub fn all_partitions(&self) -> Vec<Arc<Partition>> {
        self.replica_manager.all_partitions()
    }

    /// Follows a metadata change: the dynamic broker configs, then the
    /// replicas ([`ReplicaManager::apply_delta`]), then group coordination
    /// (which moves with the leadership of `__consumer_offsets`).
    pub fn reconcile(&self) {
        let state = self.state();
        let dynamic = dynamic_config_of(&self.config, &state);
        if dynamic.dynamic != self.topic_defaults().dynamic {
            // Keys only: values may be passwords, and are up to
            // MAX_DYNAMIC_CONFIG_BYTES long.
            let keys: Vec<&String> = dynamic.dynamic.keys().collect();
            tracing::info!(?keys, "dynamic broker configs changed");
            self.dynamic_config.send_replace(Arc::new(dynamic));
        }
        self.replica_manager.apply_delta();
        self.sync_coordination();
    }

    /// Closes every log cleanly, so that the next start skips recovery.
    pub fn shutdown(&self) {
        self.replica_manager.shutdown();
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

/// How this node secures the connections it opens to its quorum peers: TLS
/// when its controller listener is SSL (`client_security::controller`).
fn quorum_connector(config: &BrokerConfig) -> Result<Option<PeerConnector>, String> {
    let security = Arc::new(crate::client_security::controller(config)?);
    if !security.uses_tls() {
        return Ok(None);
    }
    Ok(Some(PeerConnector(Arc::new(move |tcp, host| {
        let security = security.clone();
        Box::pin(async move {
            let stream = security
                .wrap(tcp, &host)
                .await
                .map_err(std::io::Error::other)?;
            Ok(Box::new(stream) as Box<dyn PeerStream>)
        })
    }))))
}
