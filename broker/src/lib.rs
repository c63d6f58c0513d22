//! The Tributary broker: Kafka's wire protocol over the partition logs.
//!
//! - [`config`]: `server.properties` keys;
//! - [`server`]: listeners and connections, [`connection_quotas`] their caps,
//!   [`ssl`] TLS on SSL listeners, [`sasl`] authentication on SASL ones;
//! - [`handlers`]: one module per Kafka API;
//! - [`broker`]: shared state — metadata and the partitions this node hosts;
//! - [`partition`]: appends, reads, idempotence (with `storage`'s
//!   `ProducerStateManager`).
//! - [`response`]: responses as written, with segment file ranges sent by
//!   `sendfile` for Fetch.

pub mod authorizer;
pub mod broker;
pub mod broker_connection;
pub mod client_metrics;
pub mod client_quota_manager;
pub mod client_security;
pub mod config;
pub mod connection_quotas;
pub mod descriptor_budget;
pub mod error;
pub mod features;
pub mod fetch_session;
pub mod group;
pub mod handlers;
pub mod log_dirs;
pub mod log_validator;
pub mod partition;
pub mod partition_metadata;
pub mod purgatory;
pub mod replica_manager;
pub mod replication_quota_manager;
pub mod request_context;
pub mod response;
pub mod sampled_rate;
pub mod sasl;
pub mod server;
pub mod ssl;
pub mod thread_time;
pub mod transaction;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

pub use broker::Broker;
pub use config::BrokerConfig;
/// The config's parts, also at the crate root (their paths before they
/// moved under `config`).
pub use config::{dynamic_broker_config, topic_config};

/// Runs a broker until `shutdown` turns true, then closes its logs cleanly.
/// In a cluster it first hands its leaderships over (controlled shutdown).
/// The order of the start matters: first the log dirs are locked and
/// checked to be this node's, then the listeners are bound (a port in use
/// stops the start here), and only then are the logs opened and recovered.
pub async fn run(config: BrokerConfig, mut shutdown: watch::Receiver<bool>) -> Result<(), String> {
    let log_dirs = log_dirs::lock(&config.log_dirs)?;
    log_dirs.check_node_id(config.node_id)?;
    let bound = server::bind(&config).await.map_err(|e| e.to_string())?;
    let limit = descriptor_budget::raise_nofile_limit();
    storage::descriptors::limit_held_index_pairs(limit);
    let metadata = Broker::open_metadata(&config).await?;
    // The listeners start before the broker is open: a broker that is not a
    // voter receives the metadata log on them. Kafka requests wait for the broker.
    let (broker_tx, broker_rx) = watch::channel(None);
    let services = server::Services {
        config: Arc::new(config.clone()),
        quorum: metadata.quorum().cloned(),
        broker: broker_rx,
    };
    let (stop_server, server_stop) = watch::channel(false);
    let mut server = tokio::spawn(server::serve_bound(bound, services, server_stop));
    // The cluster id is known once the metadata has it: the log dirs must
    // be of this cluster before any partition is opened.
    let open = async {
        let cluster_id = Broker::wait_for_cluster_id(&config, &metadata).await;
        log_dirs.check_and_write(&cluster_id, config.node_id)?;
        Broker::open_with(config, metadata).await
    };
    let broker: Arc<Broker> = tokio::select! {
        b = open => b?,
        r = &mut server => {
            return r.map_err(|e| e.to_string())?.map_err(|e| e.to_string());
        }
        // Stopped while waiting for the quorum: nothing is open yet.
        _ = shutdown.wait_for(|s| *s) => {
            let _ = stop_server.send(true);
            return Ok(());
        }
    };
    let held = storage::descriptors::held() as u64;
    tracing::info!(
        open_files_limit = limit,
        reserved_for_connections = descriptor_budget::reserved(limit),
        held_by_logs = held,
        partitions_that_fit = descriptor_budget::partitions_that_fit(
            limit,
            held,
            storage::descriptors::index_pair_reserve() as u64
        ),
        "open files limit (RLIMIT_NOFILE raised to the hard limit)"
    );
    let _ = broker_tx.send(Some(broker.clone()));
    let mut background = Vec::new();
    // Every metadata change: open new replicas, switch roles, start fetchers.
    background.push({
        let broker = broker.clone();
        let mut changes = broker.metadata.subscribe();
        tokio::spawn(async move {
            broker.reconcile();
            while changes.changed().await.is_ok() {
                broker.reconcile();
            }
        })
    });
    background.push(tokio::spawn(
        broker.replica_manager.clone().send_isr_changes(),
    ));
    // Kafka checks for lagging followers every replica.lag.time.max.ms / 2.
    background.push({
        let broker = broker.clone();
        let every = Duration::from_millis((broker.config.replica_lag_time_max_ms / 2).max(50));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                broker.replica_manager.shrink_isrs();
            }
        })
    });
    // Logs that stopped writing index entries give their index descriptors
    // back (storage::descriptors::MAX_HELD_INDEX_PAIRS bounds the busy ones).
    background.push({
        let broker = broker.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(INDEX_IDLE_CHECK_INTERVAL);
            loop {
                tick.tick().await;
                let released = broker
                    .all_partitions()
                    .iter()
                    .filter(|p| p.release_idle_indexes())
                    .count();
                if released > 0 {
                    tracing::debug!(partitions = released, "idle index descriptors closed");
                }
            }
        })
    });
    if let Some(quorum) = broker.metadata.quorum().cloned() {
        let node_id = broker.config.node_id;
        let every = Duration::from_millis(broker.config.broker_heartbeat_interval_ms.max(10));
        background.push(tokio::spawn(async move {
            loop {
                let beat = metadata::quorum::network::BrokerHeartbeat {
                    node_id,
                    ready: true,
                    want_shutdown: false,
                };
                if let Err(e) = quorum.heartbeat(beat).await {
                    tracing::warn!(error = %e, "heartbeat to the controller failed");
                }
                tokio::time::sleep(every).await;
            }
        }));
    }
    let retention = every_ms(
        &broker,
        broker.config.log_retention_check_interval_ms,
        |b| b.replica_manager.apply_retention(),
    );
    // Kafka's log flusher: partitions flush by flush.ms. Kafka checks every
    // log.flush.scheduler.interval.ms (never, by default, which leaves
    // flush.ms without effect); Tributary checks at least once a second, so
    // that a topic's flush.ms is honoured to within that.
    background.push(every_ms(
        &broker,
        broker.config.log_flush_scheduler_interval_ms.clamp(0, 1000) as u64,
        |b| b.replica_manager.flush_dirty_logs(),
    ));
    // Kafka's producer expiration: every
    // producer.id.expiration.check.interval.ms, partitions forget the
    // idempotent producers silent for producer.id.expiration.ms (a dynamic
    // broker config, read at each round).
    background.push(every_ms(
        &broker,
        broker.config.producer_id_expiration_check_interval_ms,
        |b| {
            let expiration_ms = b.topic_defaults().producer_id_expiration_ms;
            b.replica_manager.remove_expired_producers(expiration_ms)
        },
    ));
    // The log cleaner (compaction): one round after another while there is
    // something to clean, then a pause of log.cleaner.backoff.ms. The pause
    // and the offset map's size (log.cleaner.dedupe.buffer.size) follow the
    // dynamic broker configs from one round to the next.
    if broker.config.log_cleaner_enable {
        let broker = broker.clone();
        background.push(tokio::spawn(async move {
            let mut buffer_size = broker.topic_defaults().log_cleaner_dedupe_buffer_size;
            let mut cleaner = Arc::new(std::sync::Mutex::new(storage::Cleaner::new(buffer_size)));
            loop {
                let config = broker.topic_defaults();
                if config.log_cleaner_dedupe_buffer_size != buffer_size {
                    buffer_size = config.log_cleaner_dedupe_buffer_size;
                    cleaner = Arc::new(std::sync::Mutex::new(storage::Cleaner::new(buffer_size)));
                }
                let backoff = Duration::from_millis(config.log_cleaner_backoff_ms.max(10));
                let (b, c) = (broker.clone(), cleaner.clone());
                let busy = tokio::task::spawn_blocking(move || {
                    b.replica_manager
                        .clean_logs(&mut c.lock().expect("cleaner lock"))
                })
                .await
                .unwrap_or(false);
                if !busy {
                    tokio::time::sleep(backoff).await;
                }
            }
        }));
    }
    // Kafka's transaction coordinator timers: open transactions past their
    // timeout are aborted; ids idle past transactional.id.expiration.ms go.
    background.push({
        let broker = broker.clone();
        let abort_every = Duration::from_millis(
            broker
                .config
                .transaction_abort_timed_out_transaction_cleanup_interval_ms
                .max(10),
        );
        let expire_every = Duration::from_millis(
            broker
                .config
                .transaction_remove_expired_transaction_cleanup_interval_ms
                .max(10),
        );
        tokio::spawn(async move {
            let mut abort = tokio::time::interval(abort_every);
            let mut expire = tokio::time::interval(expire_every);
            abort.tick().await;
            expire.tick().await;
            loop {
                tokio::select! {
                    _ = abort.tick() => broker.abort_timed_out_transactions().await,
                    _ = expire.tick() => broker.expire_transactional_ids().await,
                }
            }
        })
    });
    // Writes the records of classic groups whose stored view changed and
    // that no request wrote (emptied by a timeout), apart from the ticker
    // so that a slow write delays no timeout.
    background.push({
        let broker = broker.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(100));
            loop {
                every.tick().await;
                broker.store_groups().await;
            }
        })
    });
    // Drives group session and rebalance timeouts.
    let groups = {
        let broker = broker.clone();
        tokio::spawn(async move {
            const PERIOD_MS: i64 = 100;
            let expiry_every =
                Duration::from_millis(broker.config.offsets_retention_check_interval_ms.max(100));
            let mut last_expiry = tokio::time::Instant::now();
            loop {
                // Every period, or earlier when a group's timer is due.
                let wait_ms = broker.groups.next_timer_ms().map_or(PERIOD_MS, |due| {
                    (due - group::coordinator::now_ms()).clamp(0, PERIOD_MS)
                });
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(wait_ms as u64)) => {}
                    _ = broker.groups.timer_armed() => {}
                }
                broker.groups.tick();
                if last_expiry.elapsed() >= expiry_every {
                    last_expiry = tokio::time::Instant::now();
                    broker.expire_offsets().await;
                }
            }
        })
    };
    // The listeners stop only after the controlled shutdown, so that clients
    // are told NOT_LEADER_OR_FOLLOWER (and move) rather than refused.
    let failed = tokio::select! {
        _ = shutdown.wait_for(|s| *s) => None,
        // The listeners could not start (or stopped on their own).
        r = &mut server => Some(r),
    };
    if let Some(r) = failed {
        for h in background {
            h.abort();
        }
        retention.abort();
        groups.abort();
        broker.shutdown();
        return r.map_err(|e| e.to_string())?.map_err(|e| e.to_string());
    }
    if let Some(quorum) = broker.metadata.quorum().cloned() {
        for h in background.drain(..) {
            h.abort();
        }
        controlled_shutdown(&broker, &quorum).await;
    }
    let _ = stop_server.send(true);
    let result = server.await.map_err(|e| e.to_string())?;
    for h in background {
        h.abort();
    }
    retention.abort();
    groups.abort();
    broker.shutdown();
    result.map_err(|e| e.to_string())
}

/// How often busy logs are checked for idle index descriptors: a log that
/// wrote no index entry over a whole interval closes its indexes.
const INDEX_IDLE_CHECK_INTERVAL: Duration = Duration::from_secs(30);

/// How long a controlled shutdown waits for leaderships to move.
const CONTROLLED_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long it waits for the controller to answer one heartbeat: past that
/// the quorum is gone (the other nodes stopping too), nothing can move the
/// leaderships, and the broker stops without waiting the whole timeout.
const CONTROLLED_SHUTDOWN_CONTROLLER_WAIT: Duration = Duration::from_secs(5);

/// Kafka's controlled shutdown: ask the controller to fence this broker so
/// that its leaderships move to other ISR members, and wait until the
/// metadata shows it leads nothing.
async fn controlled_shutdown(broker: &Broker, quorum: &metadata::quorum::Quorum) {
    let me = broker.config.node_id;
    let leads = |state: &metadata::ClusterState| {
        state
            .topics
            .values()
            .flat_map(|t| t.partitions.iter())
            .filter(|p| p.leader == me && p.replicas.len() > 1)
            .count()
    };
    let before = leads(&broker.state());
    tracing::info!(leaderships = before, "controlled shutdown");
    let deadline = tokio::time::Instant::now() + CONTROLLED_SHUTDOWN_TIMEOUT;
    let beat = metadata::quorum::network::BrokerHeartbeat {
        node_id: me,
        ready: false,
        want_shutdown: true,
    };
    let mut changes = broker.metadata.subscribe();
    loop {
        let wait = deadline.min(tokio::time::Instant::now() + CONTROLLED_SHUTDOWN_CONTROLLER_WAIT);
        match tokio::time::timeout_at(wait, quorum.heartbeat(beat)).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "controlled shutdown: the controller refused"),
            Err(_) => {
                tracing::warn!(
                    left = leads(&broker.state()),
                    "controlled shutdown: the controller did not answer; stopping without it"
                );
                return;
            }
        }
        let left = leads(&broker.state());
        if left == 0 || tokio::time::Instant::now() >= deadline {
            tracing::info!(left, "controlled shutdown done");
            return;
        }
        let _ = tokio::time::timeout(Duration::from_millis(500), changes.changed()).await;
    }
}

/// Runs `work` on the blocking pool every `interval_ms` (at least 100 ms),
/// the first time one interval after the start.
fn every_ms(
    broker: &Arc<Broker>,
    interval_ms: u64,
    work: fn(&Broker),
) -> tokio::task::JoinHandle<()> {
    let broker = broker.clone();
    let every = Duration::from_millis(interval_ms.max(100));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let b = broker.clone();
            let _ = tokio::task::spawn_blocking(move || work(&b)).await;
        }
    })
}
