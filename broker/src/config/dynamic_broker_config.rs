//! Dynamic broker configs as Kafka 4.4 has them (its `DynamicBrokerConfig`
//! and `DynamicConfig.Broker`): which keys AlterConfigs and
//! IncrementalAlterConfigs may change on a BROKER resource, at which level
//! (one broker: resource name its id; the cluster default: resource name
//! ""), how each value is checked, and the answer when Kafka refuses.
//!
//! Owns:
//! - [`DYNAMIC_BROKER_CONFIGS`] (data, in `keys.rs`): Kafka 4.4's
//!   dynamically updatable broker keys, each once, with its update mode
//!   (per-broker or cluster-wide), type, default as DescribeConfigs prints
//!   it, and value check. Whether Tributary acts on one
//!   ([`DynamicKey::applied`]: parsed into [`BrokerConfig`] and used live)
//!   or only stores and describes it is said once, by the setting's
//!   `dynamic` flag in [`crate::config::broker_keys`];
//! - [`READ_ONLY_BROKER_CONFIGS`] (data, in `keys.rs`): Kafka's other
//!   broker keys, which it
//!   refuses to change dynamically. A key in neither list is not Kafka's:
//!   Kafka stores it unchecked and describes it as sensitive, and so does
//!   Tributary. A `listener.name.<listener>.<key>` key is stored whatever
//!   the listener, its value checked as `<key>`'s;
//! - [`validate`]: Kafka's checks in Kafka's order, each refusal with
//!   Kafka's error code and words.
//!
//! Invariants: the two lists are sorted and disjoint (unit-tested); a
//! refusal of [`validate`] is INVALID_REQUEST, as Kafka 4.4 answers every
//! one of them (diffed against a running Kafka 4.4); every accepted key is
//! stored in the metadata log as given.
//!
//! [`BrokerConfig`]: crate::config::BrokerConfig

use std::collections::{BTreeMap, BTreeSet};

use crate::config::topic_config::source;
use crate::error::code;
use crate::error::ApiError;

mod keys;
pub use keys::{DYNAMIC_BROKER_CONFIGS, READ_ONLY_BROKER_CONFIGS};

/// Who may set a key: Kafka's `dynamicConfigUpdateModes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only on one broker (resource name: its id).
    PerBroker,
    /// On one broker or as the cluster default (resource name "").
    ClusterWide,
}

/// Kafka's `ConfigDef.Type` of a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Boolean,
    String,
    Int,
    Short,
    Long,
    Double,
    List,
    Class,
    Password,
}

impl Kind {
    /// DescribeConfigs' config_type (Kafka's `ConfigEntry.ConfigType`).
    pub fn config_type(self) -> i8 {
        match self {
            Kind::Boolean => 1,
            Kind::String => 2,
            Kind::Int => 3,
            Kind::Short => 4,
            Kind::Long => 5,
            Kind::Double => 6,
            Kind::List => 7,
            Kind::Class => 8,
            Kind::Password => 9,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Boolean => "BOOLEAN",
            Kind::String => "STRING",
            Kind::Int => "INT",
            Kind::Short => "SHORT",
            Kind::Long => "LONG",
            Kind::Double => "DOUBLE",
            Kind::List => "LIST",
            Kind::Class => "CLASS",
            Kind::Password => "PASSWORD",
        }
    }
}

/// DescribeConfigs' config_type of a key Kafka does not know.
pub const UNKNOWN_TYPE: i8 = 0;

/// A key's validator in Kafka's `ConfigDef`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    Any,
    AtLeast(i64),
    Between(i64, i64),
    /// A DOUBLE in a range (`log.cleaner.min.cleanable.ratio`).
    RatioBetween(f64, f64),
    /// `compression.gzip.level`: 1 to 9, or -1.
    GzipLevel,
    /// One of these strings; for a LIST, every item.
    OneOf(&'static [&'static str]),
    /// `log.segment.bytes`: at least the broker's segment floor (Kafka's
    /// 1 MiB unless lowered for tests, see `internal.segment.bytes.floor`).
    SegmentBytes,
    /// `listener.security.protocol.map`: `NAME:PROTOCOL` pairs of Kafka's
    /// protocols (see `crate::config::security`).
    ProtocolMap,
}

/// One of Kafka's dynamic broker keys.
#[derive(Debug)]
pub struct DynamicKey {
    pub name: &'static str,
    pub mode: Mode,
    pub kind: Kind,
    /// Kafka's default as DescribeConfigs prints it; `None`: null.
    pub default: Option<&'static str>,
    pub check: Check,
}

impl DynamicKey {
    /// Whether Tributary acts on the key (else: it is stored and described
    /// only): the broker settings marked `dynamic` in
    /// [`crate::config::broker_keys`] say which.
    pub fn applied(&self) -> bool {
        crate::config::broker_keys::is_applied(self.name)
    }
}

const fn key(
    name: &'static str,
    mode: Mode,
    kind: Kind,
    default: Option<&'static str>,
    check: Check,
) -> DynamicKey {
    DynamicKey {
        name,
        mode,
        kind,
        default,
        check,
    }
}

/// Kafka's `DYNAMIC_SECURITY_CONFIGS`: dynamic only per listener, behind
/// `listener.name.<listener>.`.
const LISTENER_ONLY_SECURITY_CONFIGS: &[&str] = &[
    "ssl.key.password",
    "ssl.keystore.certificate.chain",
    "ssl.keystore.key",
    "ssl.keystore.location",
    "ssl.keystore.password",
    "ssl.keystore.type",
    "ssl.truststore.certificates",
    "ssl.truststore.location",
    "ssl.truststore.password",
    "ssl.truststore.type",
];

/// Listener configs that may also be set as a cluster default (Kafka's
/// `ClusterLevelListenerConfigs`); every other `listener.name.` key is
/// per broker.
const CLUSTER_LEVEL_LISTENER_CONFIGS: &[&str] = &[
    "max.connection.creation.rate",
    "max.connections",
    "num.network.threads",
];

/// Kafka's `DynamicThreadPool` keys: changed on one broker, to at least
/// half and at most double the count in force.
const THREAD_POOLS: &[&str] = &[
    "background.threads",
    "num.io.threads",
    "num.recovery.threads.per.data.dir",
    "num.replica.fetchers",
];

/// Dynamic keys Kafka's DescribeConfigs lists only once set: its internal
/// configs and its broker quota keys (`DynamicConfig.Broker`'s own).
const LISTED_ONLY_WHEN_SET: &[&str] = &[
    "follower.replication.throttled.rate",
    "group.consumer.assignor.offload.enable",
    "group.share.assignor.offload.enable",
    "group.streams.assignor.offload.enable",
    "leader.replication.throttled.rate",
    "replica.alter.log.dirs.io.max.bytes.per.second",
];

/// Whether DescribeConfigs lists the dynamic key `name` when it is not set.
pub fn listed_when_unset(name: &str) -> bool {
    !LISTED_ONLY_WHEN_SET.contains(&name)
}

/// A key of [`DYNAMIC_BROKER_CONFIGS`].
pub fn find(name: &str) -> Option<&'static DynamicKey> {
    DYNAMIC_BROKER_CONFIGS
        .binary_search_by(|k| k.name.cmp(name))
        .ok()
        .map(|i| &DYNAMIC_BROKER_CONFIGS[i])
}

/// Whether Kafka refuses to change `name` dynamically.
pub fn is_read_only(name: &str) -> bool {
    READ_ONLY_BROKER_CONFIGS.binary_search(&name).is_ok()
}

/// The key a `listener.name.<listener>.<key>` key sets for one listener
/// (Kafka's `ListenerConfigRegex`).
pub fn listener_base(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("listener.name.")?;
    rest.split_once('.').map(|(_, base)| base)
}

/// The type DescribeConfigs gives `name` (also behind a listener prefix);
/// `None` for a key Kafka does not know as dynamic.
pub fn kind_of(name: &str) -> Option<Kind> {
    find(listener_base(name).unwrap_or(name)).map(|k| k.kind)
}

/// Whether DescribeConfigs hides the value of a stored dynamic key, as
/// Kafka does: passwords (also behind a listener or SASL mechanism prefix,
/// Kafka's `isPasswordConfig`) and keys Kafka does not know at all.
pub fn is_sensitive(name: &str) -> bool {
    let password = DYNAMIC_BROKER_CONFIGS
        .iter()
        .any(|k| k.kind == Kind::Password && name.ends_with(k.name));
    password || !is_known(name)
}

/// Whether Kafka knows `name` as a broker key (also behind a listener prefix).
pub fn is_known(name: &str) -> bool {
    let base = listener_base(name).unwrap_or(name);
    find(base).is_some() || is_read_only(base)
}

/// Kafka's refusal naming a set of keys, Java's way (`[a, b]`).
fn refuse(message: &str, keys: &BTreeSet<&str>) -> Result<(), ApiError> {
    if keys.is_empty() {
        return Ok(());
    }
    let list: Vec<&str> = keys.iter().copied().collect();
    Err(ApiError::new(
        code::INVALID_REQUEST,
        format!("{message}: [{}]", list.join(", ")),
    ))
}

/// A refused value: the value as Kafka prints it, and why.
type BadValue = (String, String);

/// Java's `Double.toString`, which Kafka's messages print a DOUBLE with.
fn java_double(x: f64) -> String {
    if x == 0.0 || (1e-3..1e7).contains(&x.abs()) || !x.is_finite() {
        let s = format!("{x}");
        if x.is_finite() && !s.contains('.') {
            return format!("{s}.0");
        }
        return s;
    }
    let s = format!("{x:E}");
    match s.split_once('E') {
        Some((m, e)) if !m.contains('.') => format!("{m}.0E{e}"),
        _ => s,
    }
}

/// A Java class name (Kafka loads the class; Tributary can only check the
/// name's form).
fn is_class_name(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
}

fn check_number(check: Check, n: i64, floor: u64) -> Result<(), String> {
    let (min, max) = match check {
        Check::AtLeast(min) => (min, i64::MAX),
        Check::Between(min, max) => (min, max),
        Check::SegmentBytes => (i64::try_from(floor).unwrap_or(i64::MAX), i64::MAX),
        Check::GzipLevel if n == -1 || (1..=9).contains(&n) => return Ok(()),
        Check::GzipLevel => {
            return Err("Value must be between 1 and 9 or equal to -1".into());
        }
        _ => return Ok(()),
    };
    if n < min {
        return Err(format!("Value must be at least {min}"));
    }
    if n > max {
        return Err(format!("Value must be no more than {max}"));
    }
    Ok(())
}

/// The checks of a string value (or of one item of a list).
fn check_string(check: Check, s: &str) -> Result<(), BadValue> {
    use crate::config::security;
    match check {
        Check::ProtocolMap => security::parse_protocol_map(s)
            .map(|_| ())
            .map_err(|e| (s.to_string(), e)),
        Check::OneOf(allowed) if !allowed.contains(&s) => Err((
            s.to_string(),
            format!("String must be one of: {}", allowed.join(", ")),
        )),
        _ => Ok(()),
    }
}

/// Parses `raw` as Kafka's `ConfigDef` parses a value of `def`'s type
/// (trimmed), then applies its validator.
fn check_value(def: &DynamicKey, raw: &str, floor: u64) -> Result<(), BadValue> {
    let t = raw.trim();
    let not_number = || {
        (
            raw.to_string(),
            format!("Not a number of type {}", def.kind.name()),
        )
    };
    let integer = match def.kind {
        Kind::Int => Some(t.parse::<i32>().map(i64::from).map_err(|_| not_number())?),
        Kind::Short => Some(t.parse::<i16>().map(i64::from).map_err(|_| not_number())?),
        Kind::Long => Some(t.parse::<i64>().map_err(|_| not_number())?),
        _ => None,
    };
    if let Some(n) = integer {
        return check_number(def.check, n, floor).map_err(|why| (n.to_string(), why));
    }
    match def.kind {
        Kind::Double => {
            let x: f64 = t.parse().map_err(|_| not_number())?;
            match def.check {
                Check::RatioBetween(min, _) if x < min => {
                    Err((java_double(x), format!("Value must be at least {min}")))
                }
                Check::RatioBetween(_, max) if x > max => {
                    Err((java_double(x), format!("Value must be no more than {max}")))
                }
                _ => Ok(()),
            }
        }
        Kind::Boolean if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") => {
            Ok(())
        }
        Kind::Boolean => Err((
            raw.to_string(),
            "Expected value to be either true or false".into(),
        )),
        Kind::Class if is_class_name(t) => Ok(()),
        Kind::Class => Err((raw.to_string(), format!("Class {t} could not be found."))),
        Kind::List => t
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .try_for_each(|item| check_string(def.check, item)),
        _ => check_string(def.check, t),
    }
}

/// Kafka's wording of a refusal by one of its reconfigurable components
/// (a `ConfigException` wrapped once more on the way to the client).
fn reconfiguration_refused(why: String) -> ApiError {
    ApiError::new(
        code::INVALID_REQUEST,
        format!("Invalid value org.apache.kafka.common.config.ConfigException: {why} for configuration Invalid dynamic configuration"),
    )
}

fn int_value(v: Option<String>) -> Option<i64> {
    v?.trim().parse().ok()
}

/// A value after the change: the new one, else the one in force.
fn after(
    set: &BTreeMap<String, String>,
    current: &dyn Fn(&str) -> Option<String>,
    k: &str,
) -> Option<i64> {
    int_value(set.get(k).cloned().or_else(|| current(k)))
}

/// The requirements Kafka's `KafkaConfig` puts on the new config as a whole.
fn check_requirements(
    set: &BTreeMap<String, String>,
    current: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ApiError> {
    let failed = |why: &str| Err(ApiError::new(code::INVALID_REQUEST, why.to_string()));
    if set.contains_key("log.cleaner.threads") || set.contains_key("log.cleaner.dedupe.buffer.size")
    {
        let threads = after(set, current, "log.cleaner.threads").unwrap_or(1);
        let buffer = after(set, current, "log.cleaner.dedupe.buffer.size").unwrap_or(128 << 20);
        if threads == 0 {
            return failed("/ by zero");
        }
        if buffer / threads <= 1 << 20 {
            return failed("requirement failed: log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.");
        }
    }
    if let Some(ms) = set
        .get("log.retention.ms")
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        if ms < 1 && ms != -1 {
            return failed("requirement failed: log.retention.ms must be unlimited (-1) or, greater than or equal to 1");
        }
    }
    Ok(())
}

/// The checks of Kafka's thread pools and log cleaner on a new count.
fn check_thread_counts(
    set: &BTreeMap<String, String>,
    per_broker: bool,
    current: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ApiError> {
    for (k, v) in set {
        let (Some(new), Some(old)) = (int_value(Some(v.clone())), int_value(current(k))) else {
            continue;
        };
        let why = if per_broker && THREAD_POOLS.contains(&k.as_str()) && new != old {
            let head = format!("Dynamic thread count update validation failed for {k}={v}");
            if new < old / 2 {
                Some(format!(
                    "{head}, value should be at least half the current value {old}"
                ))
            } else if new > old * 2 {
                Some(format!(
                    "{head}, value should not be greater than double the current value {old}"
                ))
            } else {
                None
            }
        } else if k == "log.cleaner.threads" {
            if new < 1 {
                Some("Log cleaner threads should be at least 1".to_string())
            } else if new < old / 2 {
                Some(format!("Log cleaner threads cannot be reduced to less than half the current value {old}"))
            } else if new > old * 2 {
                Some(format!("Log cleaner threads cannot be increased to more than double the current value {old}"))
            } else {
                None
            }
        } else {
            None
        };
        if let Some(why) = why {
            return Err(reconfiguration_refused(why));
        }
    }
    Ok(())
}

/// Checks the keys an AlterConfigs or IncrementalAlterConfigs sets on a
/// BROKER resource (one broker's when `per_broker`, else the cluster
/// default) as Kafka 4.4 does, in its order: keys it cannot change
/// dynamically, security keys without a listener prefix, each value against
/// its type and validator, per-broker keys at the cluster level, the
/// requirements on the config as a whole, then its thread pools' and log
/// cleaner's rules. `current` gives a key's value in force on this broker;
/// `segment_floor` is the least `log.segment.bytes`.
pub fn validate(
    set: &BTreeMap<String, String>,
    per_broker: bool,
    current: &dyn Fn(&str) -> Option<String>,
    segment_floor: u64,
) -> Result<(), ApiError> {
    let names = || set.keys().map(String::as_str);
    refuse(
        "Cannot update these configs dynamically",
        &names().filter(|k| is_read_only(k)).collect(),
    )?;
    refuse(
        "These security configs can be dynamically updated only per-listener using the listener prefix",
        &names().filter(|k| LISTENER_ONLY_SECURITY_CONFIGS.contains(k)).collect(),
    )?;
    for (k, v) in set {
        let base = listener_base(k).unwrap_or(k);
        if let Some(def) = find(base) {
            check_value(def, v, segment_floor).map_err(|(shown, why)| {
                ApiError::new(
                    code::INVALID_REQUEST,
                    format!("Invalid value {shown} for configuration {base}: {why}"),
                )
            })?;
        }
    }
    if !per_broker {
        let per_broker_only = |k: &&str| match listener_base(k) {
            Some(base) => !CLUSTER_LEVEL_LISTENER_CONFIGS.contains(&base),
            None => find(k).is_some_and(|d| d.mode == Mode::PerBroker),
        };
        refuse(
            "Cannot update these configs at default cluster level, broker id must be specified",
            &names().filter(per_broker_only).collect(),
        )?;
    }
    check_requirements(set, current)?;
    check_thread_counts(set, per_broker, current)
}

/// The most bytes (keys and values) the dynamic broker configs of all
/// broker resources may take together. Kafka stores any key, of any size,
/// for any broker id; here no client can grow the metadata without bound
/// by repeating AlterConfigs. Kafka's 110 dynamic keys with long values fit
/// many times over.
pub const MAX_DYNAMIC_CONFIG_BYTES: usize = 4 << 20;

/// Refuses (POLICY_VIOLATION) a change after which the stored configs of
/// one resource type (`what`: the dynamic broker configs, the client metrics
/// subscriptions) would pass `limit` bytes: `stored` are those of every
/// resource now, `key` the resource changed and `layer` its configs after
/// the change.
pub fn check_total_size(
    what: &str,
    limit: usize,
    stored: &BTreeMap<String, BTreeMap<String, String>>,
    key: &str,
    layer: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    let size = |configs: &BTreeMap<String, String>| -> usize {
        configs.iter().map(|(k, v)| k.len() + v.len()).sum()
    };
    let others: usize = stored
        .iter()
        .filter(|(resource, _)| resource.as_str() != key)
        .map(|(_, configs)| size(configs))
        .sum();
    let total = others + size(layer);
    if total > limit {
        return Err(ApiError::new(
            code::POLICY_VIOLATION,
            format!("{what} would take {total} bytes, more than the {limit} allowed"),
        ));
    }
    Ok(())
}

/// Whether IncrementalAlterConfigs may APPEND to or SUBTRACT from a broker
/// key: Kafka's answer when not (INVALID_CONFIG).
pub fn check_list_operation(name: &str, operation: &str) -> Result<(), String> {
    match kind_of(name) {
        Some(Kind::List) => Ok(()),
        Some(_) => Err(format!(
            "Config value {operation} is not allowed for config key: {name}"
        )),
        None if is_read_only(name) => Err(format!(
            "Config value {operation} is not allowed for config key: {name}"
        )),
        None => Err(format!("Unknown config name: {name}")),
    }
}

/// The DescribeConfigs source of a dynamic layer.
pub fn layer_source(per_broker: bool) -> i8 {
    if per_broker {
        source::DYNAMIC_BROKER_CONFIG
    } else {
        source::DYNAMIC_DEFAULT_BROKER_CONFIG
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Checks `pairs` with Kafka's defaults in force.
    fn check(pairs: &[(&str, &str)], per_broker: bool) -> Result<(), ApiError> {
        let defaults = |k: &str| find(k)?.default.map(str::to_string);
        validate(&set(pairs), per_broker, &defaults, 1 << 20)
    }

    fn refused(pairs: &[(&str, &str)], per_broker: bool) -> String {
        let ApiError {
            code: c,
            message: m,
        } = check(pairs, per_broker).expect_err("refused");
        assert_eq!(c, code::INVALID_REQUEST, "{m}");
        m
    }

    #[test]
    fn the_lists_are_kafka_4_4s_sorted_and_disjoint() {
        assert_eq!(DYNAMIC_BROKER_CONFIGS.len(), 110);
        assert_eq!(READ_ONLY_BROKER_CONFIGS.len(), 272);
        assert!(DYNAMIC_BROKER_CONFIGS
            .windows(2)
            .all(|w| w[0].name < w[1].name));
        assert!(READ_ONLY_BROKER_CONFIGS.windows(2).all(|w| w[0] < w[1]));
        assert!(DYNAMIC_BROKER_CONFIGS.iter().all(|k| !is_read_only(k.name)));
        for k in LISTENER_ONLY_SECURITY_CONFIGS.iter().chain(THREAD_POOLS) {
            assert!(find(k).is_some(), "{k}");
        }
        for k in LISTED_ONLY_WHEN_SET {
            assert!(find(k).is_some(), "{k}");
        }
        for k in CLUSTER_LEVEL_LISTENER_CONFIGS {
            assert_eq!(find(k).map(|d| d.mode), Some(Mode::ClusterWide), "{k}");
        }
        // Tributary acts on its connection caps and log cleaner keys.
        for k in [
            "max.connections",
            "max.connections.per.ip.overrides",
            "log.cleaner.backoff.ms",
        ] {
            assert!(find(k).is_some_and(|d| d.applied()), "{k}");
        }
        assert!(!find("log.cleaner.threads").unwrap().applied());
    }

    #[test]
    fn dynamic_keys_are_accepted_at_their_levels() {
        assert!(check(&[("sasl.kerberos.min.time.before.relogin", "1000")], true).is_ok());
        assert!(check(
            &[("log.cleaner.threads", "2"), ("num.io.threads", "9")],
            false
        )
        .is_ok());
        assert!(check(
            &[("listener.name.plaintext.ssl.keystore.type", "PKCS12")],
            true
        )
        .is_ok());
        assert!(check(&[("listener.name.plaintext.max.connections", "5")], false).is_ok());
        // Keys Kafka does not know are stored without a check, as Kafka does.
        assert!(check(&[("made.up.key", "3")], false).is_ok());
    }

    #[test]
    fn refusals_have_kafkas_code_and_words() {
        assert_eq!(
            refused(
                &[("num.partitions", "3"), ("log.retention.hours", "5")],
                true
            ),
            "Cannot update these configs dynamically: [log.retention.hours, num.partitions]"
        );
        assert_eq!(
            refused(&[("ssl.keystore.password", "pw")], true),
            "These security configs can be dynamically updated only per-listener using the listener prefix: [ssl.keystore.password]"
        );
        assert_eq!(
            refused(
                &[
                    ("sasl.kerberos.min.time.before.relogin", "1000"),
                    ("listener.name.plaintext.sasl.enabled.mechanisms", "PLAIN"),
                    ("log.cleaner.threads", "2"),
                ],
                false
            ),
            "Cannot update these configs at default cluster level, broker id must be specified: [listener.name.plaintext.sasl.enabled.mechanisms, sasl.kerberos.min.time.before.relogin]"
        );
    }

    #[test]
    fn values_are_checked_as_kafkas_config_def_does() {
        let cases = [
            ("max.connections", "abc", "Invalid value abc for configuration max.connections: Not a number of type INT"),
            ("max.connections", "-1", "Invalid value -1 for configuration max.connections: Value must be at least 0"),
            ("log.cleaner.min.cleanable.ratio", "2", "Invalid value 2.0 for configuration log.cleaner.min.cleanable.ratio: Value must be no more than 1"),
            ("log.cleaner.min.cleanable.ratio", "1e10", "Invalid value 1.0E10 for configuration log.cleaner.min.cleanable.ratio: Value must be no more than 1"),
            ("log.cleaner.min.cleanable.ratio", "-0.5", "Invalid value -0.5 for configuration log.cleaner.min.cleanable.ratio: Value must be at least 0"),
            ("log.preallocate", "yes", "Invalid value yes for configuration log.preallocate: Expected value to be either true or false"),
            ("sasl.kerberos.min.time.before.relogin", "x", "Invalid value x for configuration sasl.kerberos.min.time.before.relogin: Not a number of type LONG"),
            ("sasl.login.refresh.buffer.seconds", "100000", "Invalid value 100000 for configuration sasl.login.refresh.buffer.seconds: Not a number of type SHORT"),
            ("log.cleaner.io.buffer.load.factor", "x", "Invalid value x for configuration log.cleaner.io.buffer.load.factor: Not a number of type DOUBLE"),
            ("compression.type", "bogus", "Invalid value bogus for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer"),
            ("log.cleanup.policy", "compact,bogus", "Invalid value bogus for configuration log.cleanup.policy: String must be one of: compact, delete"),
            ("compression.gzip.level", "10", "Invalid value 10 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1"),
            ("compression.zstd.level", "23", "Invalid value 23 for configuration compression.zstd.level: Value must be no more than 22"),
            ("log.segment.bytes", "100", "Invalid value 100 for configuration log.segment.bytes: Value must be at least 1048576"),
            ("listener.security.protocol.map", "CLIENTS:TLS", "Invalid value CLIENTS:TLS for configuration listener.security.protocol.map: unknown security protocol TLS (Kafka's are PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL)"),
            ("listener.name.plaintext.ssl.client.auth", "bogus", "Invalid value bogus for configuration ssl.client.auth: String must be one of: required, requested, none"),
            ("listener.name.plaintext.ssl.engine.factory.class", "a b", "Invalid value a b for configuration ssl.engine.factory.class: Class a b could not be found."),
        ];
        for (k, v, message) in cases {
            assert_eq!(refused(&[(k, v)], true), message);
        }
        assert!(check(
            &[("max.connections", " 7 "), ("log.preallocate", " TRUE ")],
            true
        )
        .is_ok());
        assert!(check(
            &[("compression.gzip.level", "-1"), ("log.cleanup.policy", "")],
            true
        )
        .is_ok());
    }

    #[test]
    fn the_config_as_a_whole_and_thread_counts_are_checked() {
        assert_eq!(refused(&[("log.cleaner.threads", "0")], true), "/ by zero");
        assert_eq!(
            refused(&[("log.retention.ms", "0")], true),
            "requirement failed: log.retention.ms must be unlimited (-1) or, greater than or equal to 1"
        );
        assert_eq!(
            refused(&[("log.cleaner.dedupe.buffer.size", "1048576")], true),
            "requirement failed: log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread."
        );
        assert_eq!(
            refused(&[("num.io.threads", "100")], true),
            "Invalid value org.apache.kafka.common.config.ConfigException: Dynamic thread count update validation failed for num.io.threads=100, value should not be greater than double the current value 8 for configuration Invalid dynamic configuration"
        );
        assert_eq!(
            refused(&[("num.io.threads", "3")], true),
            "Invalid value org.apache.kafka.common.config.ConfigException: Dynamic thread count update validation failed for num.io.threads=3, value should be at least half the current value 8 for configuration Invalid dynamic configuration"
        );
        // The thread pools are checked per broker only; the cleaner at both levels.
        assert!(check(&[("num.io.threads", "100")], false).is_ok());
        assert_eq!(
            refused(&[("log.cleaner.threads", "3")], false),
            "Invalid value org.apache.kafka.common.config.ConfigException: Log cleaner threads cannot be increased to more than double the current value 1 for configuration Invalid dynamic configuration"
        );
        assert!(check(&[("log.cleaner.threads", "2")], true).is_ok());
    }

    #[test]
    fn every_setting_tributary_describes_is_a_kafka_key_shown_in_clear() {
        for (name, _, _) in crate::config::BrokerConfig::default().describe() {
            assert!(is_known(name) && !is_sensitive(name), "{name}");
        }
    }

    #[test]
    fn sensitivity_and_list_operations_follow_kafka() {
        assert!(is_sensitive("sasl.jaas.config"));
        assert!(is_sensitive(
            "listener.name.plaintext.ssl.keystore.password"
        ));
        assert!(is_sensitive(
            "listener.name.sasl_ssl.plain.sasl.jaas.config"
        ));
        assert!(is_sensitive("made.up.key"));
        assert!(!is_sensitive("listener.name.plaintext.ssl.keystore.type"));
        assert!(!is_sensitive("max.connections"));
        assert!(!is_sensitive("num.partitions"));
        assert_eq!(kind_of("listener.name.x.max.connections"), Some(Kind::Int));
        assert!(check_list_operation("sasl.enabled.mechanisms", "append").is_ok());
        assert_eq!(
            check_list_operation("max.connections", "append").unwrap_err(),
            "Config value append is not allowed for config key: max.connections"
        );
        assert_eq!(
            check_list_operation("made.up.key", "subtract").unwrap_err(),
            "Unknown config name: made.up.key"
        );
    }
}
