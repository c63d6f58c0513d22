//! KIP-714 client metrics, as Kafka's `ClientMetricsConfigs` and
//! `ClientMetricsManager`: the subscriptions, stored in the metadata as
//! `client-metrics` config resources (name → `metrics`, `interval.ms`,
//! `match`), and the client instances that ask for them
//! (GetTelemetrySubscriptions) and push metrics (PushTelemetry).
//!
//! A client instance gets the union of the metrics of every subscription
//! whose `match` selectors all match it in full (`*` stands for every
//! metric), at the shortest of their intervals; with none, no metrics every
//! five minutes. Pushed metrics are counted and dropped: Tributary has no
//! telemetry exporter (yet).
//!
//! Invariants:
//! - at most [`MAX_INSTANCES`] client instances are held; when full, one
//!   unseen for three push intervals (at least [`INSTANCE_EXPIRY_MS`]) is
//!   forgotten, else the least recently seen;
//! - an instance's subscription id is a function of its instance id,
//!   metrics and interval (the same on every broker), so a push made for an
//!   older subscription is refused with UNKNOWN_SUBSCRIPTION_ID;
//! - an instance is re-evaluated, and its request times forgotten, whenever
//!   the subscriptions change;
//! - a client asks at most once per push interval (unless its last push
//!   was refused for its subscription id or compression) and pushes at most
//!   once per interval, except right after asking or when terminating
//!   (THROTTLING_QUOTA_EXCEEDED); nothing is accepted after a terminating
//!   push.
//!
//! The manager takes `now_ms` and returns answers: no clock, no I/O.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use regex::Regex;
use uuid::Uuid;

use crate::config::list_items;
use crate::error::{code, ApiError};

/// The subscription keys.
pub const METRICS: &str = "metrics";
pub const INTERVAL_MS: &str = "interval.ms";
pub const MATCH: &str = "match";
pub const KEYS: [&str; 3] = [METRICS, INTERVAL_MS, MATCH];

/// `metrics=*`: every metric.
const ALL_METRICS: &str = "*";
pub const DEFAULT_INTERVAL_MS: i32 = 5 * 60 * 1000;
const MIN_INTERVAL_MS: i32 = 100;
const MAX_INTERVAL_MS: i32 = 3_600_000;

/// What a `match` entry may select on.
const SELECTORS: [&str; 6] = [
    "client_instance_id",
    "client_id",
    "client_software_name",
    "client_software_version",
    "client_source_address",
    "client_source_port",
];

/// The compression types a push may use (Kafka's: zstd, lz4, gzip,
/// snappy); a push may also be uncompressed.
const ACCEPTED_COMPRESSION: [i8; 4] = [4, 3, 1, 2];

/// The most bytes (keys and values) all subscriptions may take together:
/// no client can grow the metadata without bound.
pub const MAX_SUBSCRIPTION_BYTES: usize = 1 << 20;

/// The most client instances held, as Kafka's cache.
pub const MAX_INSTANCES: usize = 16_384;
/// The least time an unseen instance is kept.
pub const INSTANCE_EXPIRY_MS: i64 = 60_000;

/// A `match` entry `selector=regex`, checked as Kafka parses it (one `=`,
/// a known selector, a regex), compiled to match whole values.
fn selector(entry: &str) -> Result<(&'static str, Regex), ApiError> {
    let illegal = || {
        ApiError::new(
            code::INVALID_CONFIG,
            format!("Illegal client matching pattern: {entry}"),
        )
    };
    let mut parts: Vec<&str> = entry.split('=').collect();
    // Java's String.split drops trailing empty strings.
    while parts.len() > 1 && parts.last() == Some(&"") {
        parts.pop();
    }
    let [name, pattern] = parts[..] else {
        return Err(illegal());
    };
    let name = SELECTORS
        .iter()
        .find(|s| **s == name.trim())
        .ok_or_else(illegal)?;
    let regex = Regex::new(&format!("^(?:{})$", pattern.trim())).map_err(|_| illegal())?;
    Ok((name, regex))
}

/// One subscription, parsed.
#[derive(Debug)]
struct Subscription {
    metrics: Vec<String>,
    interval_ms: i32,
    selectors: Vec<(&'static str, Regex)>,
}

/// Parses and checks a subscription's keys with Kafka's errors and words:
/// an empty name or unknown key or an interval outside [100, 3600000] is
/// INVALID_REQUEST; a value that does not parse, INVALID_CONFIG.
fn parse(name: &str, configs: &BTreeMap<String, String>) -> Result<Subscription, ApiError> {
    if name.is_empty() {
        return Err(ApiError::new(
            code::INVALID_REQUEST,
            "Subscription name can't be empty",
        ));
    }
    if let Some(k) = configs.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(ApiError::new(
            code::INVALID_REQUEST,
            format!("Unknown client metrics configuration: {k}"),
        ));
    }
    let interval_ms = match configs.get(INTERVAL_MS) {
        None => DEFAULT_INTERVAL_MS,
        Some(v) => {
            let ms: i32 = v.trim().parse().map_err(|_| {
                ApiError::new(
                    code::INVALID_CONFIG,
                    format!(
                        "Invalid value {v} for configuration {INTERVAL_MS}: Not a number of type INT"
                    ),
                )
            })?;
            if !(MIN_INTERVAL_MS..=MAX_INTERVAL_MS).contains(&ms) {
                return Err(ApiError::new(
                    code::INVALID_REQUEST,
                    format!("Invalid value {ms} for {INTERVAL_MS}, interval must be between 100 and 3600000 (1 hour)"),
                ));
            }
            ms
        }
    };
    let selectors = configs
        .get(MATCH)
        .map(|v| list_items(v).iter().map(|e| selector(e)).collect())
        .transpose()?
        .unwrap_or_default();
    Ok(Subscription {
        metrics: configs
            .get(METRICS)
            .map(|v| list_items(v))
            .unwrap_or_default(),
        interval_ms,
        selectors,
    })
}

/// Checks a subscription's keys as they would be after a change.
pub fn validate(name: &str, configs: &BTreeMap<String, String>) -> Result<(), ApiError> {
    parse(name, configs).map(|_| ())
}

/// What a subscription's `match` selects on: the client as its requests
/// show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientMetadata {
    pub client_id: String,
    pub software_name: String,
    pub software_version: String,
    pub source_address: String,
    pub source_port: String,
}

impl ClientMetadata {
    /// The client of a request.
    pub fn of(ctx: &crate::request_context::RequestContext<'_>) -> ClientMetadata {
        ClientMetadata {
            client_id: ctx.client_id.to_string(),
            software_name: ctx.client_software.0.to_string(),
            software_version: ctx.client_software.1.to_string(),
            source_address: ctx.peer.ip().to_string(),
            source_port: ctx.peer.port().to_string(),
        }
    }

    fn value(&self, instance_id: Uuid, selector: &str) -> String {
        match selector {
            "client_instance_id" => metadata::kafka_uuid::to_string(&instance_id),
            "client_id" => self.client_id.clone(),
            "client_software_name" => self.software_name.clone(),
            "client_software_version" => self.software_version.clone(),
            "client_source_address" => self.source_address.clone(),
            _ => self.source_port.clone(),
        }
    }
}

/// One client instance's subscription and request times.
#[derive(Debug)]
struct Instance {
    metadata: ClientMetadata,
    /// The subscriptions' generation it was evaluated at.
    generation: u64,
    metrics: Vec<String>,
    interval_ms: i32,
    subscription_id: i32,
    /// When it last asked or pushed and was answered (None: never).
    last_get_ms: Option<i64>,
    last_push_ms: Option<i64>,
    terminating: bool,
    last_seen_ms: i64,
    /// Pushes accepted from it.
    pushes: u64,
    /// The error of its last push (0: none).
    last_error: i16,
}

impl Instance {
    fn expired(&self, now_ms: i64) -> bool {
        let keep = INSTANCE_EXPIRY_MS.max(3 * i64::from(self.interval_ms));
        now_ms - self.last_seen_ms > keep
    }
}

/// The subscription an instance gets, as GetTelemetrySubscriptions answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionAnswer {
    pub client_instance_id: Uuid,
    pub subscription_id: i32,
    pub accepted_compression_types: Vec<i8>,
    pub push_interval_ms: i32,
    pub telemetry_max_bytes: i32,
    pub requested_metrics: Vec<String>,
}

/// Pushes accepted: how many and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Received {
    pub pushes: u64,
    pub bytes: u64,
}

#[derive(Default)]
struct Inner {
    /// The stored subscriptions `subscriptions` was parsed from.
    parsed_from: BTreeMap<String, BTreeMap<String, String>>,
    subscriptions: Vec<Subscription>,
    /// Bumped whenever the subscriptions change.
    generation: u64,
    instances: HashMap<Uuid, Instance>,
    received: Received,
}

/// Kafka's ClientMetricsManager.
pub struct ClientMetricsManager {
    /// `telemetry.max.bytes`.
    max_bytes: i32,
    inner: Mutex<Inner>,
}

/// Kafka's subscription id: CRC32C of the metrics and the interval, xor a
/// hash of the instance id (the same on every broker).
fn subscription_id(metrics: &[String], interval_ms: i32, id: Uuid) -> i32 {
    let text = format!("[{}]{interval_ms}", metrics.join(", "));
    let (hi, lo) = id.as_u64_pair();
    let id_hash = (hi ^ lo) as i32 ^ ((hi ^ lo) >> 32) as i32;
    crc32c::crc32c(text.as_bytes()) as i32 ^ id_hash
}

impl Inner {
    /// Re-parses the stored subscriptions when they changed. One that does
    /// not parse (stored by an older broker) is skipped.
    fn refresh(&mut self, stored: &BTreeMap<String, BTreeMap<String, String>>) {
        if self.parsed_from == *stored {
            return;
        }
        self.subscriptions = stored
            .iter()
            .filter_map(|(name, configs)| match parse(name, configs) {
                Ok(s) => Some(s),
                Err(e) => {
                    tracing::warn!(subscription = %name, error = %e.message, "client metrics subscription ignored");
                    None
                }
            })
            .collect();
        self.parsed_from = stored.clone();
        self.generation += 1;
    }

    /// A new instance evaluated against the subscriptions.
    fn evaluate(&self, id: Uuid, metadata: ClientMetadata, now_ms: i64) -> Instance {
        let mut interval_ms = DEFAULT_INTERVAL_MS;
        let mut metrics = BTreeSet::new();
        for s in &self.subscriptions {
            let matches = s
                .selectors
                .iter()
                .all(|(name, regex)| regex.is_match(&metadata.value(id, name)));
            if matches {
                metrics.extend(s.metrics.iter().cloned());
                interval_ms = interval_ms.min(s.interval_ms);
            }
        }
        let metrics: Vec<String> = if metrics.contains(ALL_METRICS) {
            vec![ALL_METRICS.to_string()]
        } else {
            metrics.into_iter().collect()
        };
        Instance {
            subscription_id: subscription_id(&metrics, interval_ms, id),
            metadata,
            generation: self.generation,
            metrics,
            interval_ms,
            last_get_ms: None,
            last_push_ms: None,
            terminating: false,
            last_seen_ms: now_ms,
            pushes: 0,
            last_error: code::NONE,
        }
    }

    /// The instance `id`, created (or re-evaluated after a subscription
    /// change) from `metadata`, with room made for it.
    fn instance(&mut self, id: Uuid, metadata: ClientMetadata, now_ms: i64) -> &mut Instance {
        let stale = self
            .instances
            .get(&id)
            .map(|i| i.generation != self.generation);
        match stale {
            Some(false) => {}
            Some(true) => {
                let kept = self.instances[&id].metadata.clone();
                let fresh = self.evaluate(id, kept, now_ms);
                self.instances.insert(id, fresh);
            }
            None => {
                if self.instances.len() >= MAX_INSTANCES {
                    self.make_room(now_ms);
                }
                let fresh = self.evaluate(id, metadata, now_ms);
                self.instances.insert(id, fresh);
            }
        }
        assert!(self.instances.len() <= MAX_INSTANCES);
        let instance = self.instances.get_mut(&id).expect("just inserted");
        instance.last_seen_ms = now_ms;
        instance
    }

    /// Forgets the expired instances, or else the least recently seen one.
    fn make_room(&mut self, now_ms: i64) {
        self.instances.retain(|_, i| !i.expired(now_ms));
        if self.instances.len() >= MAX_INSTANCES {
            let oldest = self
                .instances
                .iter()
                .min_by_key(|(_, i)| i.last_seen_ms)
                .map(|(id, _)| *id);
            if let Some(id) = oldest {
                self.instances.remove(&id);
            }
        }
    }
}

/// Whether `id` is one Kafka reserves (the zero id, the metadata topic's).
fn reserved(id: Uuid) -> bool {
    id.as_u128() <= 1
}

impl ClientMetricsManager {
    pub fn new(max_bytes: i32) -> ClientMetricsManager {
        assert!(max_bytes > 0, "telemetry.max.bytes is at least 1");
        ClientMetricsManager {
            max_bytes,
            inner: Mutex::new(Inner::default()),
        }
    }

    /// GetTelemetrySubscriptions: the subscription of `id` (a new id when
    /// zero), or THROTTLING_QUOTA_EXCEEDED when it asks again within its
    /// interval and the subscriptions have not changed.
    pub fn get_subscriptions(
        &self,
        stored: &BTreeMap<String, BTreeMap<String, String>>,
        id: Uuid,
        metadata: ClientMetadata,
        now_ms: i64,
    ) -> Result<SubscriptionAnswer, ApiError> {
        let mut inner = self.inner.lock().expect("client metrics lock");
        inner.refresh(stored);
        let id = if reserved(id) {
            let mut fresh = Uuid::new_v4();
            while reserved(fresh) || inner.instances.contains_key(&fresh) {
                fresh = Uuid::new_v4();
            }
            fresh
        } else {
            id
        };
        let instance = inner.instance(id, metadata, now_ms);
        let last = instance.last_get_ms.max(instance.last_push_ms);
        // After a push refused for its subscription id or its compression,
        // the client must ask again at once (KIP-714).
        let must_ask = [
            code::UNKNOWN_SUBSCRIPTION_ID,
            code::UNSUPPORTED_COMPRESSION_TYPE,
        ]
        .contains(&instance.last_error);
        if !must_ask && last.is_some_and(|t| now_ms - t < i64::from(instance.interval_ms)) {
            return Err(ApiError::new(
                code::THROTTLING_QUOTA_EXCEEDED,
                format!(
                    "Request from the client [{id}] arrived before the next push interval time"
                ),
            ));
        }
        instance.last_get_ms = Some(now_ms);
        instance.last_error = code::NONE;
        Ok(SubscriptionAnswer {
            client_instance_id: id,
            subscription_id: instance.subscription_id,
            accepted_compression_types: ACCEPTED_COMPRESSION.to_vec(),
            push_interval_ms: instance.interval_ms,
            telemetry_max_bytes: self.max_bytes,
            requested_metrics: instance.metrics.clone(),
        })
    }

    /// PushTelemetry: checks a push as Kafka does, in its order, and counts
    /// the metrics it carries; true for the instance's first accepted push.
    /// The instance is marked terminating whatever the answer when the push
    /// says so.
    pub fn push(
        &self,
        stored: &BTreeMap<String, BTreeMap<String, String>>,
        request: &Push,
        metadata: ClientMetadata,
        now_ms: i64,
    ) -> Result<bool, ApiError> {
        let id = request.client_instance_id;
        if reserved(id) {
            return Err(ApiError::new(
                code::INVALID_REQUEST,
                format!("Invalid request from the client [{id}], invalid client instance id"),
            ));
        }
        let mut inner = self.inner.lock().expect("client metrics lock");
        inner.refresh(stored);
        let instance = inner.instance(id, metadata, now_ms);
        let checked = check_push(instance, request, self.max_bytes, now_ms);
        instance.terminating |= request.terminating;
        instance.last_error = checked.as_ref().map_or_else(|e| e.code, |()| code::NONE);
        checked?;
        instance.pushes += 1;
        let first = instance.pushes == 1;
        inner.received.pushes += 1;
        inner.received.bytes += request.metrics_len as u64;
        Ok(first)
    }

    /// The pushes accepted so far.
    pub fn received(&self) -> Received {
        self.inner.lock().expect("client metrics lock").received
    }

    /// How many client instances are held.
    pub fn instances(&self) -> usize {
        self.inner
            .lock()
            .expect("client metrics lock")
            .instances
            .len()
    }
}

/// What the manager needs of a PushTelemetry request.
#[derive(Debug, Clone, Copy)]
pub struct Push {
    pub client_instance_id: Uuid,
    pub subscription_id: i32,
    pub terminating: bool,
    pub compression_type: i8,
    pub metrics_len: usize,
}

fn check_push(
    instance: &mut Instance,
    p: &Push,
    max_bytes: i32,
    now_ms: i64,
) -> Result<(), ApiError> {
    let id = p.client_instance_id;
    if instance.terminating {
        return Err(ApiError::new(
            code::INVALID_REQUEST,
            format!("Client [{id}] sent the previous request with state terminating to TRUE, can not accept any requests after that"),
        ));
    }
    // A push right after asking is accepted whatever the interval: the
    // client spreads its first push over half to one and a half intervals.
    let after_get = instance.last_get_ms > instance.last_push_ms;
    let due = instance
        .last_push_ms
        .is_none_or(|t| now_ms - t >= i64::from(instance.interval_ms));
    if after_get || due {
        instance.last_push_ms = Some(now_ms);
    } else if !p.terminating {
        return Err(ApiError::new(
            code::THROTTLING_QUOTA_EXCEEDED,
            format!("Request from the client [{id}] arrived before the next push interval time"),
        ));
    }
    if p.subscription_id != instance.subscription_id {
        return Err(ApiError::new(
            code::UNKNOWN_SUBSCRIPTION_ID,
            format!("Unknown client subscription id for the client [{id}]"),
        ));
    }
    if !(0..=4).contains(&p.compression_type) {
        return Err(ApiError::new(
            code::UNSUPPORTED_COMPRESSION_TYPE,
            format!(
                "Unknown compression type [{}] is received in telemetry request from [{id}]",
                p.compression_type
            ),
        ));
    }
    if p.metrics_len > max_bytes as usize {
        return Err(ApiError::new(
            code::TELEMETRY_TOO_LARGE,
            format!("Telemetry request from [{id}] is larger than the maximum allowed size [{max_bytes}]"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(entries: &[(&str, &[(&str, &str)])]) -> BTreeMap<String, BTreeMap<String, String>> {
        entries
            .iter()
            .map(|(name, kv)| {
                let kv = kv
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                (name.to_string(), kv)
            })
            .collect()
    }

    fn client(id: &str) -> ClientMetadata {
        ClientMetadata {
            client_id: id.to_string(),
            software_name: "apache-kafka-java".into(),
            software_version: "4.4.0".into(),
            source_address: "127.0.0.1".into(),
            source_port: "5555".into(),
        }
    }

    fn push(a: &SubscriptionAnswer, len: usize) -> Push {
        Push {
            client_instance_id: a.client_instance_id,
            subscription_id: a.subscription_id,
            terminating: false,
            compression_type: 0,
            metrics_len: len,
        }
    }

    fn config(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn subscription_keys_are_checked_with_kafkas_errors() {
        fn err(name: &str, kv: &[(&str, &str)]) -> ApiError {
            validate(name, &config(kv)).unwrap_err()
        }
        assert_eq!(err("", &[]).code, code::INVALID_REQUEST);
        let e = err("s", &[("color", "red")]);
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                code::INVALID_REQUEST,
                "Unknown client metrics configuration: color"
            )
        );
        let e = err("s", &[(INTERVAL_MS, "99")]);
        assert_eq!(e.code, code::INVALID_REQUEST);
        assert!(
            e.message
                .contains("interval must be between 100 and 3600000"),
            "{}",
            e.message
        );
        assert_eq!(
            err("s", &[(INTERVAL_MS, "soon")]).code,
            code::INVALID_CONFIG
        );
        for bad in [
            "client_id",
            "client_id=a=b",
            "colour=red",
            "client_id=(",
            "client_id=",
        ] {
            let e = err("s", &[(MATCH, bad)]);
            assert_eq!(e.code, code::INVALID_CONFIG, "{bad}");
            assert_eq!(e.message, format!("Illegal client matching pattern: {bad}"));
        }
        validate(
            "s",
            &config(&[
                (METRICS, "org.apache.kafka.producer., *"),
                (INTERVAL_MS, "100"),
                (
                    MATCH,
                    "client_id=app-.*, client_software_name=apache-kafka-java",
                ),
            ]),
        )
        .unwrap();
    }

    #[test]
    fn a_client_gets_the_union_of_the_subscriptions_it_matches() {
        let m = ClientMetricsManager::new(1000);
        let stored = subs(&[
            (
                "producers",
                &[
                    (METRICS, "org.apache.kafka.producer."),
                    (INTERVAL_MS, "2000"),
                    (MATCH, "client_id=app-.*"),
                ],
            ),
            (
                "java",
                &[
                    (METRICS, "org.apache.kafka.consumer."),
                    (INTERVAL_MS, "1000"),
                    (
                        MATCH,
                        "client_software_name=apache-kafka-java,client_source_port=5555",
                    ),
                ],
            ),
            ("nobody", &[(METRICS, "*"), (MATCH, "client_id=other")]),
        ]);
        let a = m
            .get_subscriptions(&stored, Uuid::nil(), client("app-1"), 0)
            .unwrap();
        assert!(!reserved(a.client_instance_id), "a new id is handed out");
        assert_eq!(
            a.requested_metrics,
            ["org.apache.kafka.consumer.", "org.apache.kafka.producer."]
        );
        assert_eq!((a.push_interval_ms, a.telemetry_max_bytes), (1000, 1000));
        // A selector matches the whole value: "xapp-1" is not "app-.*".
        let b = m
            .get_subscriptions(
                &stored,
                Uuid::nil(),
                ClientMetadata {
                    software_name: "librdkafka".into(),
                    ..client("xapp-1")
                },
                0,
            )
            .unwrap();
        assert!(b.requested_metrics.is_empty());
        assert_eq!(b.push_interval_ms, DEFAULT_INTERVAL_MS);
        // "*" in any matching subscription stands for every metric.
        let all = subs(&[("all", &[(METRICS, "*")]), ("some", &[(METRICS, "a.b")])]);
        let c = m
            .get_subscriptions(&all, Uuid::nil(), client("x"), 0)
            .unwrap();
        assert_eq!(c.requested_metrics, ["*"]);
    }

    #[test]
    fn pushes_follow_the_interval_and_the_subscription() {
        let m = ClientMetricsManager::new(100);
        let mut stored = subs(&[("all", &[(METRICS, "*"), (INTERVAL_MS, "1000")])]);
        let a = m
            .get_subscriptions(&stored, Uuid::nil(), client("c"), 0)
            .unwrap();
        let id = a.client_instance_id;
        // Asking again within the interval is throttled.
        let e = m
            .get_subscriptions(&stored, id, client("c"), 500)
            .unwrap_err();
        assert_eq!(e.code, code::THROTTLING_QUOTA_EXCEEDED);
        // A push right after asking is accepted, the next one only an interval later.
        assert!(
            m.push(&stored, &push(&a, 10), client("c"), 600).unwrap(),
            "the first"
        );
        assert_eq!(
            m.push(&stored, &push(&a, 10), client("c"), 1500)
                .unwrap_err()
                .code,
            code::THROTTLING_QUOTA_EXCEEDED
        );
        assert!(!m.push(&stored, &push(&a, 10), client("c"), 1600).unwrap());
        assert_eq!(
            m.received(),
            Received {
                pushes: 2,
                bytes: 20
            }
        );
        // Too large, an unknown codec, a stale subscription id.
        assert_eq!(
            m.push(&stored, &push(&a, 101), client("c"), 2600)
                .unwrap_err()
                .code,
            code::TELEMETRY_TOO_LARGE
        );
        let codec = Push {
            compression_type: 9,
            ..push(&a, 1)
        };
        assert_eq!(
            m.push(&stored, &codec, client("c"), 3600).unwrap_err().code,
            code::UNSUPPORTED_COMPRESSION_TYPE
        );
        let stale = Push {
            subscription_id: a.subscription_id ^ 1,
            ..push(&a, 1)
        };
        assert_eq!(
            m.push(&stored, &stale, client("c"), 4600).unwrap_err().code,
            code::UNKNOWN_SUBSCRIPTION_ID
        );
        // A changed subscription: the old id is refused, asking at once is not throttled.
        stored = subs(&[("all", &[(METRICS, "*"), (INTERVAL_MS, "2000")])]);
        assert_eq!(
            m.push(&stored, &push(&a, 1), client("c"), 4700)
                .unwrap_err()
                .code,
            code::UNKNOWN_SUBSCRIPTION_ID
        );
        let b = m.get_subscriptions(&stored, id, client("c"), 4800).unwrap();
        assert_eq!((b.client_instance_id, b.push_interval_ms), (id, 2000));
        assert_ne!(b.subscription_id, a.subscription_id);
        // The same subscription id on another broker (a fresh manager).
        let other = ClientMetricsManager::new(100);
        other.push(&stored, &push(&b, 1), client("c"), 0).unwrap();
        // A terminating push is accepted within the interval; nothing after it.
        let last = Push {
            terminating: true,
            ..push(&b, 1)
        };
        m.push(&stored, &push(&b, 1), client("c"), 4900).unwrap();
        m.push(&stored, &last, client("c"), 5000).unwrap();
        assert_eq!(
            m.push(&stored, &push(&b, 1), client("c"), 9000)
                .unwrap_err()
                .code,
            code::INVALID_REQUEST
        );
        assert_eq!(
            m.push(
                &stored,
                &Push {
                    client_instance_id: Uuid::nil(),
                    ..push(&b, 1)
                },
                client("c"),
                0
            )
            .unwrap_err()
            .code,
            code::INVALID_REQUEST
        );
    }

    #[test]
    fn the_instances_held_are_bounded() {
        let m = ClientMetricsManager::new(100);
        let stored = BTreeMap::new();
        for i in 0..MAX_INSTANCES + 10 {
            // Each new id is one more instance, up to the cap.
            m.get_subscriptions(&stored, Uuid::nil(), client("c"), i as i64)
                .unwrap();
        }
        assert_eq!(m.instances(), MAX_INSTANCES);
        // Once they expire, a new one clears them.
        m.get_subscriptions(
            &stored,
            Uuid::nil(),
            client("c"),
            10 * DEFAULT_INTERVAL_MS as i64,
        )
        .unwrap();
        assert_eq!(m.instances(), 1);
    }
}
