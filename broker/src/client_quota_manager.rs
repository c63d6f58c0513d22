//! Byte-rate quotas on clients (Kafka's `ClientQuotaManager`, KIP-13,
//! KIP-55): `producer_byte_rate` on produce requests and
//! `consumer_byte_rate` on fetch answers, per user, client id or both.
//!
//! - The quota that applies to (user, client id) is the most precise entity
//!   with a value, in Kafka's order: user+client, user+default client, user,
//!   default user+client, default user+default client, default user, client,
//!   default client.
//! - Usage is measured per the entity that matched, with defaults replaced
//!   by the client's own names (a default quota is each user's or client's,
//!   not shared), as a rate over sampled windows (`crate::sampled_rate`,
//!   Kafka's `quota.window.num` and `quota.window.size.seconds`).
//! - Past the quota the client is throttled for Kafka's time:
//!   (rate − quota) / quota × the measured window, at most the whole span
//!   of the samples; the caller answers with that `throttle_time_ms` and
//!   mutes the connection for as long (KIP-219).
//!
//! The same measure serves `controller_mutation_rate` (KIP-599:
//! partitions created or deleted per second), which CreateTopics,
//! CreatePartitions and DeleteTopics check before each topic
//! ([`ClientQuotaManager::throttle_now`]) and record after.
//!
//! Invariants: a pure structure (the caller gives `now_ms`); at most
//! [`MAX_SENSORS`] sensors whose names (user and client id, up to 32 KiB
//! each) take at most [`MAX_SENSOR_NAME_BYTES`] in all, those idle for a
//! whole span dropped first (their rate is zero), so client ids cannot
//! grow it without bound.

use std::collections::HashMap;
use std::sync::Mutex;

use metadata::client_quota::{ClientQuotas, Entity, CLIENT_ID, USER};

use crate::sampled_rate::SampledRate;

/// The most (user, client id) usages tracked at once, and the most bytes
/// their names take in all.
pub const MAX_SENSORS: usize = 100_000;
pub const MAX_SENSOR_NAME_BYTES: usize = 16 << 20;

pub const PRODUCER_BYTE_RATE: &str = "producer_byte_rate";
pub const CONSUMER_BYTE_RATE: &str = "consumer_byte_rate";
/// Partitions created or deleted per second (KIP-599).
pub const CONTROLLER_MUTATION_RATE: &str = "controller_mutation_rate";

/// The quota of (`user`, `client_id`) under `key`, with the (user, client
/// id) usage is measured under.
pub fn quota_for(
    quotas: &ClientQuotas,
    key: &str,
    user: &str,
    client_id: &str,
) -> Option<(f64, (String, String))> {
    if quotas.is_empty() {
        return None;
    }
    let named = |s: &str| Some(s.to_string());
    let u = |name: Option<String>| (USER.to_string(), name);
    let c = |name: Option<String>| (CLIENT_ID.to_string(), name);
    // Kafka's DefaultQuotaCallback order; entities are sorted by type
    // ("client-id" < "user").
    // (entity, measured per user, measured per client id)
    let order: [(Entity, bool, bool); 8] = [
        (vec![c(named(client_id)), u(named(user))], true, true),
        (vec![c(None), u(named(user))], true, true),
        (vec![u(named(user))], true, false),
        (vec![c(named(client_id)), u(None)], true, true),
        (vec![c(None), u(None)], true, true),
        (vec![u(None)], true, false),
        (vec![c(named(client_id))], false, true),
        (vec![c(None)], false, true),
    ];
    order.into_iter().find_map(|(entity, by_user, by_client)| {
        let value = quotas.get(&entity)?.get(key)?.get();
        let sensor = (
            if by_user {
                user.to_string()
            } else {
                String::new()
            },
            if by_client {
                client_id.to_string()
            } else {
                String::new()
            },
        );
        Some((value, sensor))
    })
}

/// One kind of byte-rate quota (produce or fetch) on this broker.
#[derive(Debug)]
pub struct ClientQuotaManager {
    key: &'static str,
    sensors: Mutex<Sensors>,
}

/// The usages measured, by (user, client id), and the bytes of their names.
#[derive(Debug, Default)]
struct Sensors {
    rates: HashMap<(String, String), SampledRate>,
    name_bytes: usize,
}

impl Sensors {
    fn cost((user, client_id): &(String, String)) -> usize {
        user.len() + client_id.len()
    }

    fn fits(&self, name: &(String, String)) -> bool {
        self.rates.len() < MAX_SENSORS
            && self.name_bytes + Sensors::cost(name) <= MAX_SENSOR_NAME_BYTES
    }

    /// The sensor of `name`, added if there is room (after dropping the
    /// idle ones); `None`: full.
    fn get_or_add(&mut self, name: (String, String), now_ms: u64) -> Option<&mut SampledRate> {
        if !self.rates.contains_key(&name) {
            if !self.fits(&name) {
                self.rates.retain(|_, rate| !rate.idle(now_ms));
                self.name_bytes = self.rates.keys().map(Sensors::cost).sum();
                if !self.fits(&name) {
                    return None;
                }
            }
            self.name_bytes += Sensors::cost(&name);
        }
        Some(self.rates.entry(name).or_default())
    }
}

impl ClientQuotaManager {
    pub fn new(key: &'static str) -> ClientQuotaManager {
        ClientQuotaManager {
            key,
            sensors: Mutex::new(Sensors::default()),
        }
    }

    /// Records `bytes` for the client and returns how long to throttle it
    /// (0: within its quota, or none applies). Kafka's
    /// `maybeRecordAndGetThrottleTimeMs`.
    pub fn record(
        &self,
        quotas: &ClientQuotas,
        user: &str,
        client_id: &str,
        bytes: usize,
        now_ms: u64,
    ) -> u64 {
        let Some((quota, sensor)) = quota_for(quotas, self.key, user, client_id) else {
            return 0;
        };
        let mut sensors = self.sensors.lock().expect("quota sensors lock");
        let Some(rate) = sensors.get_or_add(sensor, now_ms) else {
            tracing::warn!(
                key = self.key,
                "quota sensors full; a client goes unmeasured"
            );
            return 0;
        };
        rate.record(now_ms, bytes as f64);
        rate.throttle_ms(quota, now_ms)
    }

    /// How long the client is throttled now, recording nothing (Kafka's
    /// strict controller mutation quota checks this before each topic).
    pub fn throttle_now(
        &self,
        quotas: &ClientQuotas,
        user: &str,
        client_id: &str,
        now_ms: u64,
    ) -> u64 {
        let Some((quota, sensor)) = quota_for(quotas, self.key, user, client_id) else {
            return 0;
        };
        let sensors = self.sensors.lock().expect("quota sensors lock");
        sensors
            .rates
            .get(&sensor)
            .map_or(0, |rate| rate.throttle_ms(quota, now_ms))
    }

    /// Takes back bytes recorded for an answer that is not sent (a fetch
    /// answered empty because it is throttled, as Kafka's `unrecordQuotaSensor`).
    pub fn unrecord(
        &self,
        quotas: &ClientQuotas,
        user: &str,
        client_id: &str,
        bytes: usize,
        now_ms: u64,
    ) {
        let Some((_, sensor)) = quota_for(quotas, self.key, user, client_id) else {
            return;
        };
        if let Some(rate) = self
            .sensors
            .lock()
            .expect("quota sensors lock")
            .rates
            .get_mut(&sensor)
        {
            rate.record(now_ms, -(bytes as f64));
        }
    }
}

/// One request's view of its client's controller mutation quota (Kafka's
/// `ControllerMutationQuota`): strict for the request versions that know
/// THROTTLING_QUOTA_EXCEEDED (a topic is refused once the quota is past),
/// permissive for older ones (recorded, then throttled by muting only).
pub struct MutationQuota<'a> {
    pub manager: &'a ClientQuotaManager,
    pub quotas: &'a ClientQuotas,
    pub user: &'a str,
    pub client_id: &'a str,
    pub strict: bool,
}

impl MutationQuota<'_> {
    /// Before a topic: Err once a strict quota is past.
    pub fn check(&self, now_ms: u64) -> Result<(), crate::error::ApiError> {
        let throttled = self.strict
            && self
                .manager
                .throttle_now(self.quotas, self.user, self.client_id, now_ms)
                > 0;
        match throttled {
            true => Err(crate::error::ApiError::new(
                crate::error::code::THROTTLING_QUOTA_EXCEEDED,
                "The throttling quota has been exceeded.",
            )),
            false => Ok(()),
        }
    }

    /// After a topic: its partitions created or deleted.
    pub fn record(&self, partitions: usize, now_ms: u64) {
        self.manager
            .record(self.quotas, self.user, self.client_id, partitions, now_ms);
    }

    /// The throttle time of the answer.
    pub fn throttle_ms(&self, now_ms: u64) -> u64 {
        self.manager
            .throttle_now(self.quotas, self.user, self.client_id, now_ms)
    }
}

/// The user name of a principal (`User:alice` → `alice`), as Kafka's
/// quotas name users.
pub fn user_of(principal: &str) -> &str {
    principal
        .split_once(':')
        .map_or(principal, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use metadata::client_quota::QuotaValue;
    use std::collections::BTreeMap;

    type Part<'a> = (&'a str, Option<&'a str>);

    fn quotas(entries: &[(&[Part<'_>], f64)]) -> ClientQuotas {
        entries
            .iter()
            .map(|(parts, value)| {
                let mut entity: Vec<(String, Option<String>)> = parts
                    .iter()
                    .map(|(t, n)| (t.to_string(), n.map(str::to_string)))
                    .collect();
                entity.sort();
                let values =
                    BTreeMap::from([(PRODUCER_BYTE_RATE.to_string(), QuotaValue::new(*value))]);
                (entity, values)
            })
            .collect()
    }

    #[test]
    fn the_most_precise_entity_wins_as_in_kafka() {
        let q = quotas(&[
            (&[(CLIENT_ID, None)], 1.0),
            (&[(USER, None)], 2.0),
            (&[(USER, Some("alice"))], 3.0),
            (&[(USER, Some("alice")), (CLIENT_ID, Some("app"))], 4.0),
        ]);
        let of = |u, c| quota_for(&q, PRODUCER_BYTE_RATE, u, c).unwrap();
        assert_eq!(of("alice", "app"), (4.0, ("alice".into(), "app".into())));
        assert_eq!(of("alice", "other"), (3.0, ("alice".into(), String::new())));
        // The default user quota is each user's own.
        assert_eq!(of("bob", "app"), (2.0, ("bob".into(), String::new())));
        let clients_only = quotas(&[(&[(CLIENT_ID, None)], 1.0)]);
        let got = quota_for(&clients_only, PRODUCER_BYTE_RATE, "bob", "x").unwrap();
        assert_eq!(got, (1.0, (String::new(), "x".into())));
        assert_eq!(quota_for(&q, CONSUMER_BYTE_RATE, "bob", "x"), None);
    }

    #[test]
    fn a_client_over_its_quota_is_throttled_for_kafkas_time() {
        let q = quotas(&[(&[(USER, Some("alice"))], 1000.0)]);
        let m = ClientQuotaManager::new(PRODUCER_BYTE_RATE);
        // 10,000 bytes in the first window: the rate is taken over at least
        // 10 windows (10 s), 1,000 B/s: at the quota, not over it.
        assert_eq!(m.record(&q, "alice", "c", 10_000, 0), 0);
        // 11,000 B over 10 s = 1,100 B/s: (1100 - 1000) / 1000 * 10 s = 1 s.
        assert_eq!(m.record(&q, "alice", "c", 1_000, 0), 1_000);
        // bob has no quota.
        assert_eq!(m.record(&q, "bob", "c", 1_000_000, 0), 0);
        // Taken back, alice is within her quota again.
        m.unrecord(&q, "alice", "c", 1_000, 0);
        assert_eq!(m.record(&q, "alice", "c", 0, 0), 0);
        // Much later the old samples are gone.
        assert_eq!(m.record(&q, "alice", "c", 100, 60_000), 0);
    }

    #[test]
    fn a_strict_mutation_quota_refuses_once_past_a_permissive_one_never() {
        let mut q = quotas(&[]);
        q.insert(
            vec![(CLIENT_ID.to_string(), None)],
            BTreeMap::from([(CONTROLLER_MUTATION_RATE.to_string(), QuotaValue::new(1.0))]),
        );
        let m = ClientQuotaManager::new(CONTROLLER_MUTATION_RATE);
        let quota = |strict| MutationQuota {
            manager: &m,
            quotas: &q,
            user: "u",
            client_id: "c",
            strict,
        };
        // One topic may take the quota past its bound (10 partitions over 10 s: at it).
        assert!(quota(true).check(0).is_ok());
        quota(true).record(20, 0);
        assert_eq!(quota(true).throttle_ms(0), 10_000);
        let e = quota(true).check(0).unwrap_err();
        assert_eq!(e.code, crate::error::code::THROTTLING_QUOTA_EXCEEDED);
        assert!(quota(false).check(0).is_ok());
    }

    #[test]
    fn sensor_names_are_capped_in_bytes_and_idle_ones_make_room() {
        let q = quotas(&[(&[(CLIENT_ID, None)], 1e12)]);
        let m = ClientQuotaManager::new(PRODUCER_BYTE_RATE);
        let long = |i: usize| format!("{i:08}{}", "c".repeat(32 * 1024 - 8));
        let fit = MAX_SENSOR_NAME_BYTES / (32 * 1024);
        for i in 0..fit + 10 {
            m.record(&q, "u", &long(i), 1, 0);
        }
        let sensors = m.sensors.lock().unwrap();
        assert_eq!(sensors.rates.len(), fit);
        assert!(sensors.name_bytes <= MAX_SENSOR_NAME_BYTES);
        drop(sensors);
        // A whole span later the idle ones give their room to new clients.
        m.record(&q, "u", &long(fit + 20), 1, 60_000);
        let sensors = m.sensors.lock().unwrap();
        assert_eq!(sensors.rates.len(), 1);
        assert_eq!(sensors.name_bytes, 32 * 1024);
    }

    #[test]
    fn throttling_is_capped_at_the_span_of_the_samples() {
        let q = quotas(&[(&[(USER, None)], 1.0)]);
        let m = ClientQuotaManager::new(PRODUCER_BYTE_RATE);
        assert_eq!(
            m.record(&q, "u", "c", 1 << 30, 0),
            crate::sampled_rate::MAX_THROTTLE_MS
        );
        assert_eq!(user_of("User:alice"), "alice");
    }
}
