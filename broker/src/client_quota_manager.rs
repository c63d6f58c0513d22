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
//! ([`ClientQuotaManager::throttle_now`]) and record after, and
//! `request_percentage` (KIP-124, Kafka's `ClientRequestQuotaManager`): the
//! time the broker spends on a client's requests, in percent of one request
//! handler thread ([`nanos_to_percentage`] per request, so the rate is the
//! percentage), its throttle at most one quota window
//! ([`ClientQuotaManager::bounded`]). [`ClientQuotaManager::any_quota`]
//! tells, in constant time per metadata change, whether any entity has a
//! value under the key at all, so that requests pay nothing for a quota
//! nobody set.
//!
//! Invariants: a pure structure (the caller gives `now_ms`); at most
//! [`MAX_SENSORS`] sensors whose names (user and client id, up to 32 KiB
//! each) take at most [`MAX_SENSOR_NAME_BYTES`] in all, those idle for a
//! whole span dropped first (their rate is zero), so client ids cannot
//! grow it without bound.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use metadata::client_quota::{ClientQuotas, Entity, CLIENT_ID, USER};

use crate::sampled_rate::{QuotaWindows, SampledRate};

/// The most (user, client id) usages tracked at once, and the most bytes
/// their names take in all.
pub const MAX_SENSORS: usize = 100_000;
pub const MAX_SENSOR_NAME_BYTES: usize = 16 << 20;

pub const PRODUCER_BYTE_RATE: &str = "producer_byte_rate";
pub const CONSUMER_BYTE_RATE: &str = "consumer_byte_rate";
/// Partitions created or deleted per second (KIP-599).
pub const CONTROLLER_MUTATION_RATE: &str = "controller_mutation_rate";
/// Percent of one request handler thread's time (KIP-124).
pub const REQUEST_PERCENTAGE: &str = "request_percentage";

/// Kafka's `ClientRequestQuotaManager.nanosToPercentage`: time spent on a
/// request as the amount recorded, so that the rate per second is the
/// percentage of a thread (a whole second per second: 100).
pub fn nanos_to_percentage(nanos: u64) -> f64 {
    nanos as f64 * 100.0 / 1e9
}

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

/// One kind of quota (produce or fetch bytes, controller mutations, request
/// time) on this broker.
#[derive(Debug)]
pub struct ClientQuotaManager {
    key: &'static str,
    /// The longest throttle this quota gives.
    max_throttle_ms: u64,
    sensors: Mutex<Sensors>,
    /// [`ClientQuotaManager::any_quota`]'s answer for one metadata offset:
    /// `offset << 1 | any`, [`UNKNOWN`] before the first.
    any_quota: AtomicU64,
}

const UNKNOWN: u64 = u64::MAX;

/// The quota that applies to one client, and the sensor (user, client id)
/// its usage is measured under.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedQuota {
    pub quota: f64,
    sensor: (String, String),
}

/// The usages measured, by (user, client id), and the bytes of their names.
#[derive(Debug)]
struct Sensors {
    windows: QuotaWindows,
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
    fn get_or_add(&mut self, name: &(String, String), now_ms: u64) -> Option<&mut SampledRate> {
        if !self.rates.contains_key(name) {
            if !self.fits(name) {
                self.rates.retain(|_, rate| !rate.idle(now_ms));
                self.name_bytes = self.rates.keys().map(Sensors::cost).sum();
                if !self.fits(name) {
                    return None;
                }
            }
            self.name_bytes += Sensors::cost(name);
            let windows = self.windows;
            return Some(
                self.rates
                    .entry(name.clone())
                    .or_insert_with(|| SampledRate::new(windows)),
            );
        }
        self.rates.get_mut(name)
    }
}

impl ClientQuotaManager {
    /// A quota measured over `windows`, whose throttle is at most their span.
    pub fn new(key: &'static str, windows: QuotaWindows) -> ClientQuotaManager {
        ClientQuotaManager::bounded(key, windows, windows.span_ms())
    }

    /// A quota whose throttle is at most `max_throttle_ms` (Kafka bounds the
    /// request quota's at one quota window: `QuotaUtils.boundedThrottleTime`).
    pub fn bounded(
        key: &'static str,
        windows: QuotaWindows,
        max_throttle_ms: u64,
    ) -> ClientQuotaManager {
        ClientQuotaManager {
            key,
            max_throttle_ms,
            sensors: Mutex::new(Sensors {
                windows,
                rates: HashMap::new(),
                name_bytes: 0,
            }),
            any_quota: AtomicU64::new(UNKNOWN),
        }
    }

    /// Whether any entity of `quotas` (the metadata's as of `offset`, its
    /// `applied`) has a value under this key. One pass over the entities
    /// per metadata change, then a load.
    pub fn any_quota(&self, quotas: &ClientQuotas, offset: u64) -> bool {
        let cached = self.any_quota.load(Ordering::Relaxed);
        if cached != UNKNOWN && cached >> 1 == offset {
            return cached & 1 == 1;
        }
        let any = quotas.values().any(|values| values.contains_key(self.key));
        if offset < UNKNOWN >> 1 {
            self.any_quota
                .store(offset << 1 | u64::from(any), Ordering::Relaxed);
        }
        any
    }

    /// The quota of (`user`, `client_id`) under this key, if one applies.
    pub fn applied(
        &self,
        quotas: &ClientQuotas,
        user: &str,
        client_id: &str,
    ) -> Option<AppliedQuota> {
        quota_for(quotas, self.key, user, client_id)
            .map(|(quota, sensor)| AppliedQuota { quota, sensor })
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
        match self.applied(quotas, user, client_id) {
            Some(applied) => self.record_applied(&applied, bytes as f64, now_ms),
            None => 0,
        }
    }

    /// Records `value` under the quota found by [`Self::applied`] and
    /// returns how long to throttle the client (at most this quota's
    /// longest throttle).
    pub fn record_applied(&self, applied: &AppliedQuota, value: f64, now_ms: u64) -> u64 {
        let mut sensors = self.sensors.lock().expect("quota sensors lock");
        let Some(rate) = sensors.get_or_add(&applied.sensor, now_ms) else {
            tracing::warn!(
                key = self.key,
                "quota sensors full; a client goes unmeasured"
            );
            return 0;
        };
        rate.record(now_ms, value);
        rate.throttle_ms(applied.quota, now_ms)
            .min(self.max_throttle_ms)
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
        sensors.rates.get(&sensor).map_or(0, |rate| {
            rate.throttle_ms(quota, now_ms).min(self.max_throttle_ms)
        })
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
        quotas_of(PRODUCER_BYTE_RATE, entries)
    }

    fn quotas_of(key: &str, entries: &[(&[Part<'_>], f64)]) -> ClientQuotas {
        entries
            .iter()
            .map(|(parts, value)| {
                let mut entity: Vec<(String, Option<String>)> = parts
                    .iter()
                    .map(|(t, n)| (t.to_string(), n.map(str::to_string)))
                    .collect();
                entity.sort();
                let values = BTreeMap::from([(key.to_string(), QuotaValue::new(*value))]);
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
        let m = ClientQuotaManager::new(PRODUCER_BYTE_RATE, QuotaWindows::DEFAULT);
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
        // quota.window.num=4: the same 10,000 bytes over at least 3 s are
        // 3,333 B/s, throttled 7 s, at most the 4 s span.
        let short = ClientQuotaManager::new(PRODUCER_BYTE_RATE, QuotaWindows::new(4, 1));
        assert_eq!(short.record(&q, "alice", "c", 10_000, 0), 4_000);
    }

    #[test]
    fn a_strict_mutation_quota_refuses_once_past_a_permissive_one_never() {
        let mut q = quotas(&[]);
        q.insert(
            vec![(CLIENT_ID.to_string(), None)],
            BTreeMap::from([(CONTROLLER_MUTATION_RATE.to_string(), QuotaValue::new(1.0))]),
        );
        let m = ClientQuotaManager::new(CONTROLLER_MUTATION_RATE, QuotaWindows::DEFAULT);
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
        let m = ClientQuotaManager::new(PRODUCER_BYTE_RATE, QuotaWindows::DEFAULT);
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
    fn request_time_is_a_percentage_of_a_thread_throttled_at_most_one_window() {
        const WINDOW_MS: u64 = QuotaWindows::DEFAULT.window_ms;
        const MAX_THROTTLE_MS: u64 = 11_000;
        // A whole second of work per second is one whole thread: 100 %.
        assert_eq!(nanos_to_percentage(1_000_000_000), 100.0);
        assert_eq!(nanos_to_percentage(1_000_000), 0.1);
        let q = quotas_of(REQUEST_PERCENTAGE, &[(&[(CLIENT_ID, Some("app"))], 50.0)]);
        let m = ClientQuotaManager::bounded(REQUEST_PERCENTAGE, QuotaWindows::DEFAULT, WINDOW_MS);
        let applied = m.applied(&q, "u", "app").unwrap();
        assert_eq!(applied.quota, 50.0);
        assert_eq!(m.applied(&q, "u", "other"), None);
        // 5 s of work in the first window: 50 % over the 10 s measured, at the quota.
        let record = |nanos, now| m.record_applied(&applied, nanos_to_percentage(nanos), now);
        assert_eq!(record(5_000_000_000, 0), 0);
        // 0.25 s more: 52.5 % against 50 %: (52.5 - 50) / 50 x 10 s = 0.5 s.
        assert_eq!(record(250_000_000, 0), 500);
        assert_eq!(m.throttle_now(&q, "u", "app", 0), 500);
        // A minute of work: Kafka's formula gives far more; bounded at one window.
        assert_eq!(record(60_000_000_000, 0), WINDOW_MS);
        assert_eq!(m.throttle_now(&q, "u", "app", 0), WINDOW_MS);
        // The byte-rate quotas are bounded by the span of the samples only.
        let bytes = ClientQuotaManager::new(REQUEST_PERCENTAGE, QuotaWindows::DEFAULT);
        let minute = nanos_to_percentage(60_000_000_000);
        assert_eq!(
            bytes.record(&q, "u", "app", minute as usize, 0),
            MAX_THROTTLE_MS
        );
    }

    #[test]
    fn any_quota_is_known_per_metadata_offset() {
        let m = ClientQuotaManager::bounded(REQUEST_PERCENTAGE, QuotaWindows::DEFAULT, 1_000);
        let bytes_only = quotas(&[(&[(USER, None)], 1.0)]);
        let with = quotas_of(REQUEST_PERCENTAGE, &[(&[(USER, Some("a"))], 1.0)]);
        assert!(!m.any_quota(&ClientQuotas::new(), 0));
        assert!(!m.any_quota(&bytes_only, 1));
        // The quotas of one offset do not change: its answer is kept.
        assert!(!m.any_quota(&with, 1));
        assert!(m.any_quota(&with, 2));
        assert!(m.any_quota(&with, 2));
        assert!(!m.any_quota(&bytes_only, 3));
    }

    #[test]
    fn throttling_is_capped_at_the_span_of_the_samples() {
        let q = quotas(&[(&[(USER, None)], 1.0)]);
        let m = ClientQuotaManager::new(PRODUCER_BYTE_RATE, QuotaWindows::DEFAULT);
        assert_eq!(
            m.record(&q, "u", "c", 1 << 30, 0),
            QuotaWindows::DEFAULT.span_ms()
        );
        assert_eq!(user_of("User:alice"), "alice");
    }
}
