//! Connection quotas (Kafka's `ConnectionQuotas`): how many connections the
//! listeners hold at once, in all (`max.connections`) and per client IP
//! (`max.connections.per.ip`, `max.connections.per.ip.overrides`).
//!
//! Invariants:
//! - the counts are exactly the [`ConnectionSlot`]s alive: a slot is taken
//!   when a connection is accepted and given back when it is dropped;
//! - past `max.connections` a client listener accepts nothing until a slot
//!   is given back (Kafka's acceptor blocks the same way); a connection
//!   accepted in a race past the cap (or as it was lowered) waits, unserved,
//!   for a slot, as in Kafka;
//! - past its IP's cap, a new connection is closed at once;
//! - quorum listeners are exempt from `max.connections` (as Kafka protects
//!   its inter-broker listener), never from the per-IP cap;
//! - client connections never take the descriptors the logs need: whatever
//!   `max.connections` says, at most the share of the open-files limit kept
//!   out of the logs' reach (`descriptor_budget::reserved`), less
//!   [`DESCRIPTOR_MARGIN`];
//! - new connections per second (KIP-612): `max.connection.creation.rate`
//!   on each listener but the inter-broker one, and
//!   `listener.name.<l>.max.connection.creation.rate` on its listener; past
//!   a rate the acceptor waits Kafka's throttle time before accepting the
//!   next (quorum listeners exempt), as Kafka's acceptor does;
//! - the caps follow the dynamic broker configs ([`ConnectionQuotas::reconfigure`]):
//!   a new cap applies to the next connection accepted; connections already
//!   open stay open, as in Kafka.

use std::collections::HashMap;
use std::net::{IpAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use crate::config::listener::listener_value;
use crate::config::BrokerConfig;
use crate::descriptor_budget;
use crate::sampled_rate::SampledRate;

/// Kafka's key of the connection creation rate (KIP-612).
const CREATION_RATE_KEY: &str = "max.connection.creation.rate";

/// Descriptors of the reserved share left to listeners, the runtime and
/// files opened for one operation, not to client connections.
pub const DESCRIPTOR_MARGIN: u64 = 32;

/// The most client connections the open-files limit allows.
fn connections_the_limit_allows() -> usize {
    let limit = descriptor_budget::nofile_limit();
    let share = descriptor_budget::reserved(limit).saturating_sub(DESCRIPTOR_MARGIN);
    usize::try_from(share).unwrap_or(usize::MAX).max(1)
}

pub struct ConnectionQuotas {
    limits: Mutex<Limits>,
    counts: Mutex<Counts>,
    /// Connections created: per listener name, and "" for the broker-wide rate.
    rates: Mutex<HashMap<String, SampledRate>>,
    /// Woken when a slot is given back or the caps change.
    freed: Notify,
}

/// The caps of one config.
struct Limits {
    max: usize,
    per_ip: usize,
    overrides: HashMap<IpAddr, usize>,
    /// `max.connection.creation.rate`, and the listener exempt from it.
    creation_rate: u64,
    inter_broker_listener: String,
    /// `listener.name.<l>.max.connection.creation.rate`, by listener name.
    listener_rates: HashMap<String, u64>,
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_ip: HashMap<IpAddr, usize>,
}

/// One accepted connection's place in the counts, given back on drop.
pub struct ConnectionSlot {
    quotas: Arc<ConnectionQuotas>,
    ip: IpAddr,
}

impl Limits {
    /// The caps of `config`. A host of the overrides that does not resolve
    /// is left out with a warning (Kafka resolves them the same way).
    fn of(config: &BrokerConfig) -> Limits {
        let mut overrides = HashMap::new();
        for (host, n) in &config.max_connections_per_ip_overrides {
            match (host.as_str(), 0).to_socket_addrs() {
                Ok(addrs) => {
                    for a in addrs {
                        overrides.insert(a.ip(), *n);
                    }
                }
                Err(e) => {
                    tracing::warn!(%host, error = %e, "max.connections.per.ip.overrides: host not resolved")
                }
            }
        }
        let listener_rates = config
            .listeners
            .iter()
            .filter_map(|l| {
                let (key, value) = listener_value(&l.name, CREATION_RATE_KEY, &config.overrides)?;
                if !key.starts_with("listener.name.") {
                    return None;
                }
                match value.trim().parse::<u64>() {
                    Ok(rate) => Some((l.name.clone(), rate)),
                    Err(_) => {
                        tracing::warn!(%key, %value, "not a number of connections per second; ignored");
                        None
                    }
                }
            })
            .collect();
        Limits {
            max: config.max_connections.min(connections_the_limit_allows()),
            per_ip: config.max_connections_per_ip,
            overrides,
            creation_rate: config.max_connection_creation_rate,
            inter_broker_listener: config.registered_listener().name,
            listener_rates,
        }
    }
}

impl ConnectionQuotas {
    /// The quotas of `config`.
    pub fn new(config: &BrokerConfig) -> Arc<ConnectionQuotas> {
        Arc::new(ConnectionQuotas {
            limits: Mutex::new(Limits::of(config)),
            counts: Mutex::new(Counts::default()),
            rates: Mutex::new(HashMap::new()),
            freed: Notify::new(),
        })
    }

    /// Takes the caps of `config` (a dynamic broker config changed); an
    /// acceptor waiting for a slot looks again.
    pub fn reconfigure(&self, config: &BrokerConfig) {
        *self.limits.lock().expect("quota lock") = Limits::of(config);
        self.freed.notify_waiters();
    }

    fn max(&self) -> usize {
        self.limits.lock().expect("quota lock").max
    }

    fn ip_cap(&self, ip: IpAddr) -> usize {
        let limits = self.limits.lock().expect("quota lock");
        limits.overrides.get(&ip).copied().unwrap_or(limits.per_ip)
    }

    /// Whether `max.connections` are open.
    pub fn is_full(&self) -> bool {
        self.counts.lock().expect("quota lock").total >= self.max()
    }

    /// Returns once fewer than `max.connections` are open.
    pub async fn wait_below_max(&self) {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            if self.counts.lock().expect("quota lock").total < self.max() {
                return;
            }
            freed.await;
        }
    }

    /// Takes a slot for a connection from `ip`; `Err` says which cap is
    /// full, and the connection must be closed.
    pub fn acquire(
        self: &Arc<Self>,
        ip: IpAddr,
        exempt_from_max: bool,
    ) -> Result<ConnectionSlot, String> {
        let (max, cap) = (self.max(), self.ip_cap(ip));
        let mut counts = self.counts.lock().expect("quota lock");
        if !exempt_from_max && counts.total >= max {
            return Err(format!("max.connections={max} reached"));
        }
        let n = counts.by_ip.entry(ip).or_insert(0);
        if *n >= cap {
            if *n == 0 {
                counts.by_ip.remove(&ip);
            }
            return Err(format!("max.connections.per.ip={cap} reached for {ip}"));
        }
        *n += 1;
        counts.total += 1;
        Ok(ConnectionSlot {
            quotas: self.clone(),
            ip,
        })
    }

    /// Counts a connection accepted on `listener` and returns how long the
    /// acceptor waits before accepting the next one: the longest throttle
    /// of the rates it is past (0: within them). Kafka's
    /// `recordConnectionAndGetThrottleTimeMs`.
    pub fn record_connection(&self, listener: &str, now_ms: u64) -> u64 {
        let (broker_wide, own) = {
            let limits = self.limits.lock().expect("quota lock");
            let exempt = listener == limits.inter_broker_listener;
            let broker_wide =
                (!exempt && limits.creation_rate < i32::MAX as u64).then_some(limits.creation_rate);
            (broker_wide, limits.listener_rates.get(listener).copied())
        };
        let mut rates = self.rates.lock().expect("quota lock");
        let mut throttle = 0;
        for (sensor, bound) in [(listener, own), ("", broker_wide)] {
            if let Some(bound) = bound {
                let rate = rates.entry(sensor.to_string()).or_default();
                rate.record(now_ms, 1.0);
                throttle = throttle.max(rate.throttle_ms(bound.max(1) as f64, now_ms));
            }
        }
        throttle
    }

    /// Connections open now, in all and from `ip`.
    pub fn open(&self, ip: IpAddr) -> (usize, usize) {
        let counts = self.counts.lock().expect("quota lock");
        (counts.total, counts.by_ip.get(&ip).copied().unwrap_or(0))
    }
}

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        let mut counts = self.quotas.counts.lock().expect("quota lock");
        counts.total -= 1;
        let n = counts
            .by_ip
            .get_mut(&self.ip)
            .expect("a slot's IP is counted");
        *n -= 1;
        if *n == 0 {
            counts.by_ip.remove(&self.ip);
        }
        drop(counts);
        self.quotas.freed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotas(max: usize, per_ip: usize, overrides: &[(&str, usize)]) -> Arc<ConnectionQuotas> {
        let config = BrokerConfig {
            max_connections: max,
            max_connections_per_ip: per_ip,
            max_connections_per_ip_overrides: overrides
                .iter()
                .map(|(h, n)| (h.to_string(), *n))
                .collect(),
            ..Default::default()
        };
        ConnectionQuotas::new(&config)
    }

    #[test]
    fn per_ip_cap_and_overrides() {
        let q = quotas(100, 2, &[("127.0.0.9", 0), ("127.0.0.8", 3)]);
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let s1 = q.acquire(a, false).unwrap();
        let _s2 = q.acquire(a, false).unwrap();
        assert!(q.acquire(a, false).is_err());
        // Exempt from the total, never from the per-IP cap.
        assert!(q.acquire(a, true).is_err());
        drop(s1);
        let _s3 = q.acquire(a, false).unwrap();
        assert!(q.acquire("127.0.0.9".parse().unwrap(), false).is_err());
        let b: IpAddr = "127.0.0.8".parse().unwrap();
        let held: Vec<_> = (0..3).map(|_| q.acquire(b, false).unwrap()).collect();
        assert!(q.acquire(b, false).is_err());
        assert_eq!(q.open(b), (5, 3));
        drop(held);
        assert_eq!(q.open(b), (2, 0));
    }

    #[test]
    fn connections_never_take_the_logs_descriptors() {
        let q = quotas(usize::MAX, usize::MAX, &[]);
        let limit = descriptor_budget::nofile_limit();
        if limit != u64::MAX {
            assert!(q.max() as u64 <= descriptor_budget::reserved(limit));
        }
        assert!(q.max() >= 1);
        assert_eq!(quotas(7, 10, &[]).max(), 7);
    }

    #[tokio::test]
    async fn new_caps_apply_to_the_next_connection_and_wake_the_acceptor() {
        let q = quotas(1, 10, &[]);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let held = q.acquire(ip, false).unwrap();
        let waiter = {
            let q = q.clone();
            tokio::spawn(async move { q.wait_below_max().await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!waiter.is_finished(), "waits while the cap is reached");
        q.reconfigure(&BrokerConfig {
            max_connections: 2,
            max_connections_per_ip: 1,
            ..Default::default()
        });
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("woken by the new cap")
            .unwrap();
        // The open connection stays; the new per-IP cap refuses the next.
        assert!(q.acquire(ip, false).is_err());
        drop(held);
        assert!(q.acquire(ip, false).is_ok());
    }

    #[test]
    fn connection_creation_rates_throttle_past_their_bound() {
        let mut config = BrokerConfig {
            max_connection_creation_rate: 5,
            listeners: crate::config::Listener::parse_list(
                "PLAINTEXT://127.0.0.1:9092,LIMITED://127.0.0.1:9093,INTERNAL://127.0.0.1:9094",
            )
            .unwrap(),
            inter_broker_listener_name: Some("INTERNAL".into()),
            ..Default::default()
        };
        config.overrides.insert(
            "listener.name.limited.max.connection.creation.rate".into(),
            "2".into(),
        );
        let q = ConnectionQuotas::new(&config);
        // 5/s over at least 10 s: 50 connections, then throttled.
        let plain: Vec<u64> = (0..51)
            .map(|_| q.record_connection("PLAINTEXT", 0))
            .collect();
        assert!(plain[..50].iter().all(|&t| t == 0), "{plain:?}");
        assert!(plain[50] > 0);
        // The inter-broker listener is exempt from the broker-wide rate.
        assert!((0..100).all(|_| q.record_connection("INTERNAL", 0) == 0));
        // A listener's own rate (2/s) applies besides the broker-wide one.
        assert!(
            q.record_connection("LIMITED", 0) > 0,
            "the broker-wide rate is past"
        );
        let q = ConnectionQuotas::new(&BrokerConfig {
            max_connection_creation_rate: i32::MAX as u64,
            ..config
        });
        let limited: Vec<u64> = (0..21).map(|_| q.record_connection("LIMITED", 0)).collect();
        assert!(
            limited[..20].iter().all(|&t| t == 0) && limited[20] > 0,
            "{limited:?}"
        );
        assert!((0..1000).all(|_| q.record_connection("PLAINTEXT", 0) == 0));
    }

    #[tokio::test]
    async fn total_cap_waits_for_a_slot() {
        let q = quotas(2, 10, &[]);
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let s1 = q.acquire(ip, false).unwrap();
        let _s2 = q.acquire(ip, false).unwrap();
        assert!(q.acquire(ip, false).is_err());
        // A quorum listener's connection is still accepted.
        let exempt = q.acquire(ip, true).unwrap();
        drop(exempt);
        let waiter = {
            let q = q.clone();
            tokio::spawn(async move { q.wait_below_max().await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(!waiter.is_finished(), "waits while the cap is reached");
        drop(s1);
        tokio::time::timeout(std::time::Duration::from_secs(5), waiter)
            .await
            .expect("woken when a slot is given back")
            .unwrap();
    }
}
