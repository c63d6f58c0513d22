//! Topic-level configs: Kafka's names, their broker-level defaults, validation.

use std::collections::BTreeMap;

use crate::config::BrokerConfig;

/// Kafka's ConfigSource values (DescribeConfigs).
pub mod source {
    pub const TOPIC_CONFIG: i8 = 1;
    pub const DYNAMIC_BROKER_CONFIG: i8 = 2;
    pub const DYNAMIC_DEFAULT_BROKER_CONFIG: i8 = 3;
    pub const STATIC_BROKER_CONFIG: i8 = 4;
    pub const DEFAULT_CONFIG: i8 = 5;
}

/// Kafka's ConfigType values (DescribeConfigs v3+).
pub mod kind {
    pub const BOOLEAN: i8 = 1;
    pub const STRING: i8 = 2;
    pub const INT: i8 = 3;
    pub const LONG: i8 = 5;
    pub const DOUBLE: i8 = 6;
    pub const LIST: i8 = 7;
}

pub struct TopicConfigDef {
    pub name: &'static str,
    /// The broker config that supplies the default, if any.
    pub broker_key: Option<&'static str>,
    pub kind: i8,
    /// The default value as Kafka prints it, given the broker config.
    pub default: fn(&BrokerConfig) -> String,
    /// Values allowed for string configs (empty: any).
    pub choices: &'static [&'static str],
}

macro_rules! def {
    ($name:expr, $broker:expr, $kind:expr, $default:expr) => {
        def!($name, $broker, $kind, $default, &[])
    };
    ($name:expr, $broker:expr, $kind:expr, $default:expr, $choices:expr) => {
        TopicConfigDef {
            name: $name,
            broker_key: $broker,
            kind: $kind,
            default: $default,
            choices: $choices,
        }
    };
}

/// Every topic config Kafka defines, with its default as Kafka computes it.
pub static TOPIC_CONFIGS: &[TopicConfigDef] = &[
    def!(
        "cleanup.policy",
        Some("log.cleanup.policy"),
        kind::LIST,
        |c| c.log_cleanup_policy.clone(),
        &["delete", "compact", "compact,delete", "delete,compact"]
    ),
    def!(
        "compression.type",
        Some("compression.type"),
        kind::STRING,
        |c| c.compression_type.clone(),
        &["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]
    ),
    def!(
        "delete.retention.ms",
        Some("log.cleaner.delete.retention.ms"),
        kind::LONG,
        |c| c.log_cleaner_delete_retention_ms.to_string()
    ),
    def!(
        "file.delete.delay.ms",
        Some("log.segment.delete.delay.ms"),
        kind::LONG,
        |_| "60000".into()
    ),
    def!(
        "flush.messages",
        Some("log.flush.interval.messages"),
        kind::LONG,
        |c| c
            .log_flush_interval_messages
            .map_or(i64::MAX.to_string(), |v| v.to_string())
    ),
    def!("flush.ms", Some("log.flush.interval.ms"), kind::LONG, |c| c
        .log_flush_interval_ms
        .unwrap_or(c.log_flush_scheduler_interval_ms)
        .to_string()),
    def!(
        "index.interval.bytes",
        Some("log.index.interval.bytes"),
        kind::INT,
        |c| c.log_index_interval_bytes.to_string()
    ),
    // Reassignment throttles (kafka-reassign-partitions sets and clears
    // them): the replicas `*.replication.throttled.rate` holds back.
    def!(
        "follower.replication.throttled.replicas",
        None,
        kind::LIST,
        |_| String::new()
    ),
    def!(
        "leader.replication.throttled.replicas",
        None,
        kind::LIST,
        |_| String::new()
    ),
    def!(
        "max.compaction.lag.ms",
        Some("log.cleaner.max.compaction.lag.ms"),
        kind::LONG,
        |c| c.log_cleaner_max_compaction_lag_ms.to_string()
    ),
    def!(
        "max.message.bytes",
        Some("message.max.bytes"),
        kind::INT,
        |c| c.message_max_bytes.to_string()
    ),
    def!(
        "message.timestamp.after.max.ms",
        Some("log.message.timestamp.after.max.ms"),
        kind::LONG,
        // Kafka 4's default: at most an hour ahead of the broker's clock.
        |_| "3600000".to_string()
    ),
    def!(
        "message.timestamp.before.max.ms",
        Some("log.message.timestamp.before.max.ms"),
        kind::LONG,
        |_| i64::MAX.to_string()
    ),
    def!(
        "message.timestamp.type",
        Some("log.message.timestamp.type"),
        kind::STRING,
        |c| c.log_message_timestamp_type.clone(),
        &["CreateTime", "LogAppendTime"]
    ),
    def!(
        "min.cleanable.dirty.ratio",
        Some("log.cleaner.min.cleanable.ratio"),
        kind::DOUBLE,
        |c| c.log_cleaner_min_cleanable_ratio.to_string()
    ),
    def!(
        "min.compaction.lag.ms",
        Some("log.cleaner.min.compaction.lag.ms"),
        kind::LONG,
        |c| c.log_cleaner_min_compaction_lag_ms.to_string()
    ),
    def!(
        "min.insync.replicas",
        Some("min.insync.replicas"),
        kind::INT,
        |c| c.min_insync_replicas.to_string()
    ),
    def!(
        "preallocate",
        Some("log.preallocate"),
        kind::BOOLEAN,
        |_| "false".into()
    ),
    def!(
        "retention.bytes",
        Some("log.retention.bytes"),
        kind::LONG,
        |c| c.log_retention_bytes.to_string()
    ),
    def!("retention.ms", Some("log.retention.ms"), kind::LONG, |c| c
        .log_retention_ms
        .to_string()),
    def!("segment.bytes", Some("log.segment.bytes"), kind::INT, |c| c
        .log_segment_bytes
        .to_string()),
    def!(
        "segment.index.bytes",
        Some("log.index.size.max.bytes"),
        kind::INT,
        |c| c.log_index_size_max_bytes.to_string()
    ),
    def!(
        "segment.jitter.ms",
        Some("log.roll.jitter.ms"),
        kind::LONG,
        |_| "0".into()
    ),
    def!("segment.ms", Some("log.roll.ms"), kind::LONG, |c| c
        .log_roll_ms
        .to_string()),
    def!(
        "unclean.leader.election.enable",
        Some("unclean.leader.election.enable"),
        kind::BOOLEAN,
        |_| "false".into()
    ),
];

pub fn find(name: &str) -> Option<&'static TopicConfigDef> {
    TOPIC_CONFIGS.iter().find(|d| d.name == name)
}

/// Checks one topic config override; the error is Kafka's INVALID_CONFIG message.
/// Kafka 4's floor for `segment.bytes` and `log.segment.bytes` (KIP-1030):
/// segments of at least 1 MiB, so a log of N bytes keeps at most N / 1 MiB + 1
/// segments, each holding one open descriptor (see `storage::descriptors`).
/// Only the start-up key `internal.segment.bytes.floor` lowers it, for tests.
pub const SEGMENT_BYTES_FLOOR: u64 = 1024 * 1024;

/// Checks `value` for the topic config `name` (Kafka's ConfigDef: type and
/// range, with Kafka's messages); `segment.bytes` against `segment_bytes_floor`
/// ([`SEGMENT_BYTES_FLOOR`] but in tests).
pub fn validate(name: &str, value: &str, segment_bytes_floor: u64) -> Result<(), String> {
    let def = find(name).ok_or_else(|| format!("Unknown topic config name: {name}"))?;
    let ok = match def.kind {
        kind::INT => value.trim().parse::<i32>().is_ok(),
        kind::LONG => value.trim().parse::<i64>().is_ok(),
        kind::DOUBLE => value.trim().parse::<f64>().is_ok(),
        kind::BOOLEAN => matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "false"),
        _ => def.choices.is_empty() || def.choices.contains(&value.trim()),
    };
    if !ok {
        return Err(format!("Invalid value {value} for configuration {name}"));
    }
    if name.ends_with(".replication.throttled.replicas")
        && ThrottledReplicas::parse(value).is_none()
    {
        return Err(format!(
            "Invalid value {value} for configuration {name}: must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],..."
        ));
    }
    let number = value.trim().parse::<i64>().unwrap_or(0);
    // Kafka's lower bounds (ConfigDef.Range.atLeast) for the numeric configs that have one.
    let at_least = match name {
        "segment.bytes" => segment_bytes_floor.min(i32::MAX as u64) as i64,
        "segment.index.bytes" => 4,
        "segment.ms" | "min.insync.replicas" => 1,
        "max.message.bytes" | "index.interval.bytes" => 0,
        "retention.ms" | "retention.bytes" => -1,
        "delete.retention.ms" | "min.compaction.lag.ms" => 0,
        "max.compaction.lag.ms" => 1,
        _ => i64::MIN,
    };
    if name == "min.cleanable.dirty.ratio" {
        let ratio = value.trim().parse::<f64>().unwrap_or(-1.0);
        if !(0.0..=1.0).contains(&ratio) {
            return Err(format!(
                "Invalid value {value} for configuration {name}: Value must be between 0 and 1"
            ));
        }
    }
    if number < at_least {
        return Err(format!(
            "Invalid value {value} for configuration {name}: Value must be at least {at_least}"
        ));
    }
    Ok(())
}

/// The value of `name` for a topic with `overrides`, and where it comes from.
pub fn resolve(
    broker: &BrokerConfig,
    overrides: &BTreeMap<String, String>,
    def: &TopicConfigDef,
) -> (String, i8) {
    if let Some(v) = overrides.get(def.name) {
        return (v.clone(), source::TOPIC_CONFIG);
    }
    // A dynamic broker config of the setting (or a synonym) ranks first.
    // The broker key and its synonyms.
    let keys = match def.broker_key.map(crate::config::synonyms) {
        Some(group) if !group.is_empty() => group,
        _ => def.broker_key.as_slice(),
    };
    let dynamic = keys
        .iter()
        .filter_map(|k| broker.dynamic.get(*k).map(|(_, src)| *src))
        .min();
    let from_broker = keys.iter().any(|k| broker.overrides.contains_key(*k));
    let src = match dynamic {
        Some(src) => src,
        None if from_broker => source::STATIC_BROKER_CONFIG,
        None => source::DEFAULT_CONFIG,
    };
    ((def.default)(broker), src)
}

/// The settings of one topic that the broker acts on, resolved once.
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveTopicConfig {
    pub retention_ms: i64,
    pub retention_bytes: i64,
    pub segment_bytes: u64,
    pub segment_ms: i64,
    pub segment_index_bytes: u32,
    pub index_interval_bytes: u32,
    pub max_message_bytes: i32,
    pub log_append_time: bool,
    pub flush_messages: Option<u64>,
    /// flush.ms: the longest an appended record stays unflushed (`None`:
    /// no time-based flush, Kafka's default of Long.MAX_VALUE).
    pub flush_ms: Option<i64>,
    pub min_insync_replicas: i32,
    /// message.timestamp.before.max.ms / after.max.ms: how far a CreateTime
    /// record's timestamp may lie behind or ahead of the broker's clock.
    pub timestamp_before_max_ms: i64,
    pub timestamp_after_max_ms: i64,
    /// cleanup.policy includes `compact`: every record needs a key, and the
    /// log cleaner keeps the latest per key.
    pub compact: bool,
    /// cleanup.policy includes `delete`: retention deletes old segments.
    pub delete: bool,
    pub delete_retention_ms: i64,
    pub min_compaction_lag_ms: i64,
    pub max_compaction_lag_ms: i64,
    pub min_cleanable_dirty_ratio: f64,
    /// compression.type: the codec batches are stored with; `None` for
    /// `producer` (kept as the producer compressed them).
    pub compression: Option<protocol::records::Compression>,
    /// `leader.replication.throttled.replicas` / `follower...`: the
    /// replicas whose replication the rate limits hold back.
    pub leader_throttled_replicas: ThrottledReplicas,
    pub follower_throttled_replicas: ThrottledReplicas,
}

/// A `*.replication.throttled.replicas` value: `*` (every replica) or
/// `partition:broker,...` (Kafka's ThrottledReplicaListValidator format).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ThrottledReplicas {
    #[default]
    None,
    All,
    Some(Vec<(i32, i32)>),
}

impl ThrottledReplicas {
    /// `None` when the value is not in Kafka's format.
    pub fn parse(value: &str) -> Option<ThrottledReplicas> {
        let value = value.trim();
        if value.is_empty() {
            return Some(ThrottledReplicas::None);
        }
        if value == "*" {
            return Some(ThrottledReplicas::All);
        }
        value
            .split(',')
            .map(|entry| {
                let (p, b) = entry.trim().split_once(':')?;
                Some((p.trim().parse().ok()?, b.trim().parse().ok()?))
            })
            .collect::<Option<Vec<_>>>()
            .map(ThrottledReplicas::Some)
    }

    /// Whether the replica of `partition` on `broker` is throttled.
    pub fn contains(&self, partition: i32, broker: i32) -> bool {
        match self {
            ThrottledReplicas::None => false,
            ThrottledReplicas::All => true,
            ThrottledReplicas::Some(list) => list.contains(&(partition, broker)),
        }
    }
}

impl EffectiveTopicConfig {
    pub fn new(broker: &BrokerConfig, overrides: &BTreeMap<String, String>) -> Self {
        let get = |name: &str| resolve(broker, overrides, find(name).expect("known config")).0;
        let num = |name: &str| get(name).trim().parse::<i64>().unwrap_or(0);
        let flush = num("flush.messages");
        EffectiveTopicConfig {
            retention_ms: num("retention.ms"),
            retention_bytes: num("retention.bytes"),
            segment_bytes: num("segment.bytes").max(14) as u64,
            segment_ms: num("segment.ms").max(1),
            segment_index_bytes: num("segment.index.bytes").clamp(8, u32::MAX as i64) as u32,
            index_interval_bytes: num("index.interval.bytes").clamp(1, u32::MAX as i64) as u32,
            max_message_bytes: num("max.message.bytes").clamp(0, i32::MAX as i64) as i32,
            log_append_time: get("message.timestamp.type") == "LogAppendTime",
            flush_messages: (flush > 0 && flush < i64::MAX).then_some(flush as u64),
            flush_ms: Some(num("flush.ms").max(0)).filter(|&ms| ms < i64::MAX),
            min_insync_replicas: num("min.insync.replicas").clamp(1, i32::MAX as i64) as i32,
            timestamp_before_max_ms: num("message.timestamp.before.max.ms").max(0),
            timestamp_after_max_ms: num("message.timestamp.after.max.ms").max(0),
            compact: get("cleanup.policy")
                .split(',')
                .any(|p| p.trim() == "compact"),
            delete: get("cleanup.policy")
                .split(',')
                .any(|p| p.trim() == "delete"),
            delete_retention_ms: num("delete.retention.ms").max(0),
            min_compaction_lag_ms: num("min.compaction.lag.ms").max(0),
            max_compaction_lag_ms: num("max.compaction.lag.ms").max(1),
            min_cleanable_dirty_ratio: get("min.cleanable.dirty.ratio")
                .trim()
                .parse::<f64>()
                .unwrap_or(0.5)
                .clamp(0.0, 1.0),
            compression: codec(&get("compression.type")),
            leader_throttled_replicas: ThrottledReplicas::parse(&get(
                "leader.replication.throttled.replicas",
            ))
            .unwrap_or_default(),
            follower_throttled_replicas: ThrottledReplicas::parse(&get(
                "follower.replication.throttled.replicas",
            ))
            .unwrap_or_default(),
        }
    }
}

/// The codec of a `compression.type` value; `None` for `producer`.
fn codec(name: &str) -> Option<protocol::records::Compression> {
    use protocol::records::Compression;
    match name.trim() {
        "uncompressed" | "none" => Some(Compression::None),
        "gzip" => Some(Compression::Gzip),
        "snappy" => Some(Compression::Snappy),
        "lz4" => Some(Compression::Lz4),
        "zstd" => Some(Compression::Zstd),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttled_replicas_take_kafkas_format() {
        let some = ThrottledReplicas::parse("0:1, 1:2").unwrap();
        assert!(some.contains(0, 1) && some.contains(1, 2) && !some.contains(0, 2));
        assert!(ThrottledReplicas::parse("*").unwrap().contains(7, 9));
        assert!(!ThrottledReplicas::parse("").unwrap().contains(0, 1));
        for bad in ["0", "0:x", "*,0:1", "0:1,"] {
            assert_eq!(ThrottledReplicas::parse(bad), None, "{bad}");
        }
        let e = validate("leader.replication.throttled.replicas", "0-1", 1).unwrap_err();
        assert!(e.ends_with("must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],..."), "{e}");
        assert!(validate("follower.replication.throttled.replicas", "0:1,1:2", 1).is_ok());
        let c = EffectiveTopicConfig::new(
            &BrokerConfig::default(),
            &[(
                "follower.replication.throttled.replicas".to_string(),
                "0:3".to_string(),
            )]
            .into(),
        );
        assert!(
            c.follower_throttled_replicas.contains(0, 3)
                && !c.leader_throttled_replicas.contains(0, 3)
        );
    }

    #[test]
    fn defaults_come_from_the_broker() {
        let (b, _) = BrokerConfig::from_pairs(
            &[("log.retention.hours".to_string(), "1".to_string())].into(),
        )
        .unwrap();
        let def = find("retention.ms").unwrap();
        assert_eq!(
            resolve(&b, &BTreeMap::new(), def),
            ("3600000".into(), source::STATIC_BROKER_CONFIG)
        );
        let o = [("retention.ms".to_string(), "5".to_string())].into();
        assert_eq!(resolve(&b, &o, def), ("5".into(), source::TOPIC_CONFIG));
        let e = EffectiveTopicConfig::new(&b, &o);
        assert_eq!(e.retention_ms, 5);
        assert_eq!(e.max_message_bytes, 1_048_588);
    }

    #[test]
    fn validation() {
        let validate = |name, value| validate(name, value, SEGMENT_BYTES_FLOOR);
        assert!(validate("retention.ms", "1000").is_ok());
        assert!(validate("retention.ms", "soon").is_err());
        assert!(validate("no.such.config", "1").is_err());
        assert!(validate("cleanup.policy", "compact").is_ok());
        assert!(validate("cleanup.policy", "shred").is_err());
        assert!(validate("segment.bytes", "10").is_err());
        assert!(validate("message.timestamp.type", "LogAppendTime").is_ok());
    }

    #[test]
    fn segment_bytes_floor_is_kafka_4s() {
        assert_eq!(
            validate("segment.bytes", "1000", SEGMENT_BYTES_FLOOR),
            Err("Invalid value 1000 for configuration segment.bytes: Value must be at least 1048576".into())
        );
        assert!(validate("segment.bytes", "1048575", SEGMENT_BYTES_FLOOR).is_err());
        assert!(validate("segment.bytes", "1048576", SEGMENT_BYTES_FLOOR).is_ok());
        // Only a broker started with a lower floor (tests) takes less.
        assert!(validate("segment.bytes", "1000", 14).is_ok());
    }
}
