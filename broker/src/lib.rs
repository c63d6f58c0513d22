//! The Tributary broker: Kafka's wire protocol over the partition logs.
//!
//! - [`config`]: `server.properties` keys;
//! - [`server`]: listeners and connections;
//! - [`handlers`]: one module per Kafka API;
//! - [`broker`]: shared state — metadata and the partitions this node hosts;
//! - [`partition`] and [`producer_state`]: appends, reads, idempotence.
//! - [`response`]: responses as written, with segment file ranges sent by
//!   `sendfile` for Fetch.

pub mod broker;
pub mod config;
pub mod error;
pub mod group;
pub mod handlers;
pub mod partition;
pub mod producer_state;
pub mod response;
pub mod server;
pub mod topic_config;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

pub use broker::Broker;
pub use config::BrokerConfig;

/// Runs a broker until `shutdown` turns true, then closes its logs cleanly.
pub async fn run(config: BrokerConfig, shutdown: watch::Receiver<bool>) -> Result<(), String> {
    let broker: Arc<Broker> = Broker::open(config)?;
    let retention = {
        let broker = broker.clone();
        let every = Duration::from_millis(broker.config.log_retention_check_interval_ms.max(100));
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.tick().await;
            loop {
                tick.tick().await;
                let b = broker.clone();
                let _ = tokio::task::spawn_blocking(move || b.apply_retention()).await;
            }
        })
    };
    // Drives group session and rebalance timeouts.
    let groups = {
        let broker = broker.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            let expiry_every =
                Duration::from_millis(broker.config.offsets_retention_check_interval_ms.max(100));
            let mut last_expiry = tokio::time::Instant::now();
            loop {
                tick.tick().await;
                broker.groups.tick();
                if last_expiry.elapsed() >= expiry_every {
                    last_expiry = tokio::time::Instant::now();
                    group::coordinator::expire_offsets(&broker).await;
                }
            }
        })
    };
    let result = server::serve(broker.clone(), shutdown).await;
    retention.abort();
    groups.abort();
    broker.shutdown();
    result.map_err(|e| e.to_string())
}
