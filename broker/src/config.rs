//! Broker configuration with Kafka's own keys (`server.properties`).
//!
//! A user's existing `server.properties` should mostly just work: every key we
//! know is parsed and validated, keys of features we do not have (ZooKeeper,
//! SSL for now) are accepted with a warning, never an error.
//!
//! The configuration's concepts, one file each:
//! - this file: [`BrokerConfig`], parsed from `server.properties` and
//!   `--override`, with the dynamic broker configs laid on top;
//! - [`topic_config`]: a topic's effective configs (Kafka's `LogConfig`),
//!   its keys, defaults from the broker config, and their validation;
//! - [`dynamic_broker_config`]: the keys that AlterConfigs may set on a
//!   broker or the cluster (Kafka's `DynamicBrokerConfig`), and its rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod dynamic_broker_config;
mod listener;
pub mod topic_config;

pub use listener::Listener;

/// Every setting the broker uses, resolved from defaults, the properties file
/// and `--override`s (in that order).
#[derive(Debug, Clone)]
pub struct BrokerConfig {
    pub node_id: i32,
    pub process_roles: Vec<String>,
    /// `broker.rack`: replicas of a partition go to different racks.
    pub broker_rack: Option<String>,
    pub listeners: Vec<Listener>,
    pub advertised_listeners: Vec<Listener>,
    pub log_dirs: Vec<PathBuf>,
    pub num_partitions: i32,
    pub default_replication_factor: i16,
    pub auto_create_topics_enable: bool,
    pub log_retention_ms: i64,
    pub log_retention_bytes: i64,
    pub log_segment_bytes: u64,
    /// `internal.segment.bytes.floor`: the least `segment.bytes` and
    /// `log.segment.bytes` taken; [`crate::config::topic_config::SEGMENT_BYTES_FLOOR`]
    /// unless lowered, for tests only, in the start-up config (never
    /// dynamic: no client can change it).
    pub internal_segment_bytes_floor: u64,
    pub log_roll_ms: i64,
    pub log_index_interval_bytes: u32,
    pub log_index_size_max_bytes: u32,
    pub log_flush_interval_messages: Option<u64>,
    pub log_retention_check_interval_ms: u64,
    pub message_max_bytes: i32,
    pub socket_request_max_bytes: usize,
    /// `connections.max.idle.ms`: a connection with no request for this long
    /// is closed (every listener).
    pub connections_max_idle_ms: u64,
    /// `max.connections`: connections open at once on all listeners; past
    /// it the broker stops accepting until one closes (Kafka's acceptor).
    pub max_connections: usize,
    /// `max.connections.per.ip`: connections from one IP; past it a new one
    /// is closed at once.
    pub max_connections_per_ip: usize,
    /// `max.connections.per.ip.overrides`: `host:count,...`.
    pub max_connections_per_ip_overrides: BTreeMap<String, usize>,
    pub delete_topic_enable: bool,
    pub log_message_timestamp_type: String,
    pub compression_type: String,
    /// `log.cleanup.policy`: the default `cleanup.policy` of topics.
    pub log_cleanup_policy: String,
    /// `log.cleaner.enable`: run the log cleaner (compaction).
    pub log_cleaner_enable: bool,
    /// `log.cleaner.backoff.ms`: the cleaner's pause when nothing is dirty.
    pub log_cleaner_backoff_ms: u64,
    /// `log.cleaner.dedupe.buffer.size`: the most memory a round's offset
    /// map takes.
    pub log_cleaner_dedupe_buffer_size: usize,
    pub log_cleaner_delete_retention_ms: i64,
    pub log_cleaner_min_compaction_lag_ms: i64,
    pub log_cleaner_max_compaction_lag_ms: i64,
    pub log_cleaner_min_cleanable_ratio: f64,
    pub min_insync_replicas: i32,
    pub offsets_topic_num_partitions: i32,
    pub group_initial_rebalance_delay_ms: i64,
    pub group_min_session_timeout_ms: i32,
    pub group_max_session_timeout_ms: i32,
    pub group_max_size: usize,
    pub group_consumer_session_timeout_ms: i64,
    pub group_consumer_heartbeat_interval_ms: i32,
    pub offsets_retention_minutes: i64,
    pub offsets_retention_check_interval_ms: u64,
    /// `controller.quorum.voters` (`id@host:port,...`): the Raft voters.
    /// Empty: a single node with a local metadata log.
    pub controller_quorum_voters: BTreeMap<u64, String>,
    /// `controller.quorum.bootstrap.servers`: where a broker that is not a
    /// voter finds the quorum when the voters are not listed.
    pub controller_quorum_bootstrap_servers: Vec<String>,
    pub controller_listener_names: Vec<String>,
    pub inter_broker_listener_name: Option<String>,
    pub broker_session_timeout_ms: u64,
    pub broker_heartbeat_interval_ms: u64,
    pub replica_lag_time_max_ms: u64,
    pub replica_fetch_max_bytes: i32,
    /// `fetch.max.bytes`: the most record bytes one consumer Fetch response
    /// carries, whatever the request's max_bytes (Kafka's default 55 MiB).
    /// Bounds a fetch answer's records to this, plus one batch (KIP-74).
    pub fetch_max_bytes: i32,
    /// `replica.fetch.response.max.bytes`: the same bound for a follower's
    /// Fetch (Kafka's default 10 MiB).
    pub replica_fetch_response_max_bytes: i32,
    pub replica_fetch_wait_max_ms: i32,
    pub replica_fetch_backoff_ms: u64,
    pub auto_leader_rebalance_enable: bool,
    pub leader_imbalance_check_interval_seconds: u64,
    pub unclean_leader_election_enable: bool,
    pub offsets_topic_replication_factor: i16,
    /// The raw key/value pairs as given (for DescribeConfigs sources).
    pub overrides: BTreeMap<String, String>,
    /// Dynamic configs in force (AlterConfigs on a broker resource, kept in
    /// the metadata log): key → (value, DescribeConfigs source).
    pub dynamic: BTreeMap<String, (String, i8)>,
}

impl Default for BrokerConfig {
    fn default() -> Self {
        BrokerConfig {
            node_id: 1,
            process_roles: vec!["broker".into(), "controller".into()],
            broker_rack: None,
            listeners: vec![Listener {
                name: "PLAINTEXT".into(),
                host: "127.0.0.1".into(),
                port: 9092,
            }],
            advertised_listeners: Vec::new(),
            log_dirs: vec![PathBuf::from("./data")],
            num_partitions: 1,
            default_replication_factor: 1,
            auto_create_topics_enable: true,
            log_retention_ms: 168 * 3_600_000,
            log_retention_bytes: -1,
            log_segment_bytes: 1 << 30,
            internal_segment_bytes_floor: crate::config::topic_config::SEGMENT_BYTES_FLOOR,
            log_roll_ms: 168 * 3_600_000,
            log_index_interval_bytes: 4096,
            log_index_size_max_bytes: 10 << 20,
            log_flush_interval_messages: None,
            log_retention_check_interval_ms: 300_000,
            message_max_bytes: 1_048_588,
            socket_request_max_bytes: 104_857_600,
            connections_max_idle_ms: 600_000,
            max_connections: i32::MAX as usize,
            max_connections_per_ip: i32::MAX as usize,
            max_connections_per_ip_overrides: BTreeMap::new(),
            delete_topic_enable: true,
            log_message_timestamp_type: "CreateTime".into(),
            log_cleanup_policy: "delete".into(),
            log_cleaner_enable: true,
            log_cleaner_backoff_ms: 15_000,
            log_cleaner_dedupe_buffer_size: 128 << 20,
            log_cleaner_delete_retention_ms: 86_400_000,
            log_cleaner_min_compaction_lag_ms: 0,
            log_cleaner_max_compaction_lag_ms: i64::MAX,
            log_cleaner_min_cleanable_ratio: 0.5,
            compression_type: "producer".into(),
            min_insync_replicas: 1,
            offsets_topic_num_partitions: 50,
            group_initial_rebalance_delay_ms: 3000,
            group_min_session_timeout_ms: 6000,
            group_max_session_timeout_ms: 1_800_000,
            group_max_size: usize::MAX,
            group_consumer_session_timeout_ms: 45_000,
            group_consumer_heartbeat_interval_ms: 5_000,
            offsets_retention_minutes: 10_080,
            offsets_retention_check_interval_ms: 600_000,
            controller_quorum_voters: BTreeMap::new(),
            controller_quorum_bootstrap_servers: Vec::new(),
            controller_listener_names: vec!["CONTROLLER".into()],
            inter_broker_listener_name: None,
            broker_session_timeout_ms: 9_000,
            broker_heartbeat_interval_ms: 2_000,
            replica_lag_time_max_ms: 30_000,
            replica_fetch_max_bytes: 1_048_576,
            fetch_max_bytes: 55 << 20,
            replica_fetch_response_max_bytes: 10 << 20,
            replica_fetch_wait_max_ms: 500,
            replica_fetch_backoff_ms: 1_000,
            auto_leader_rebalance_enable: true,
            leader_imbalance_check_interval_seconds: 300,
            unclean_leader_election_enable: false,
            offsets_topic_replication_factor: 3,
            overrides: BTreeMap::new(),
            dynamic: BTreeMap::new(),
        }
    }
}

/// Broker keys that name the same setting; the most precise comes first.
const SYNONYM_GROUPS: &[&[&str]] = &[
    &[
        "log.retention.ms",
        "log.retention.minutes",
        "log.retention.hours",
    ],
    &["log.roll.ms", "log.roll.hours"],
];

/// The keys sharing a setting with `key` (itself included).
pub fn synonyms(key: &str) -> &[&str] {
    SYNONYM_GROUPS
        .iter()
        .copied()
        .find(|g| g.contains(&key))
        .unwrap_or(&[])
}

/// Whether a running broker acts on the dynamic config `key`: one Tributary
/// applies, or a synonym of one (`log.retention.hours`), which Kafka refuses
/// to store but which metadata logs written before Tributary refused it too
/// may hold.
fn is_applied(key: &str) -> bool {
    let applied =
        |k: &str| crate::config::dynamic_broker_config::find(k).is_some_and(|d| d.applied);
    applied(key) || synonyms(key).iter().any(|k| applied(k))
}

/// Keys that Kafka knows but that mean nothing here (yet): accepted with a warning.
const IGNORED_PREFIXES: &[&str] = &[
    "zookeeper.",
    "ssl.",
    "sasl.",
    "security.",
    "num.network.threads",
    "num.io.threads",
    "socket.send.buffer.bytes",
    "socket.receive.buffer.bytes",
    "num.recovery.threads.per.data.dir",
    "transaction.state.log.",
    "controller.quorum.",
    "listener.security.protocol.map",
    "broker.id.generation.enable",
    "group.coordinator.",
    "share.",
    "metadata.log.",
    "log.cleaner.",
    "log.flush.",
    "log.segment.delete.delay.ms",
    "replica.",
    "leader.imbalance.per.broker.percentage",
];

/// `controller.quorum.voters`: `id@host:port,...`.
fn parse_voters(v: &str) -> Result<BTreeMap<u64, String>, String> {
    let mut voters = BTreeMap::new();
    for entry in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bad = || format!("controller.quorum.voters: '{entry}' is not id@host:port");
        let (id, addr) = entry.split_once('@').ok_or_else(bad)?;
        let id: u64 = id.trim().parse().map_err(|_| bad())?;
        let (host, port) = addr.rsplit_once(':').ok_or_else(bad)?;
        if host.is_empty() || port.parse::<u16>().is_err() {
            return Err(bad());
        }
        voters.insert(id, addr.trim().to_string());
    }
    Ok(voters)
}

fn parse_num<T: std::str::FromStr>(key: &str, value: &str) -> Result<T, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{key}={value}: not a valid number"))
}

/// `max.connections.per.ip.overrides`: `host:count,...` (an IPv6 host
/// keeps its colons; the count is after the last one).
fn parse_ip_overrides(key: &str, value: &str) -> Result<BTreeMap<String, usize>, String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            let (host, n) = e
                .rsplit_once(':')
                .ok_or_else(|| format!("{key}: '{e}' is not host:count"))?;
            Ok((host.trim().to_string(), parse_num(key, n)?))
        })
        .collect()
}

fn parse_bool(key: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{key}={value}: expected true or false")),
    }
}

impl BrokerConfig {
    /// This static config with the dynamic configs on top: the cluster-wide
    /// defaults, then this broker's own, as Kafka ranks them. Only the keys
    /// Tributary acts on change the settings (see
    /// [`crate::config::dynamic_broker_config`]); every key is in `dynamic`, with its
    /// source. A dynamic key outranks every lower-ranked key of its synonyms
    /// (a dynamic `log.retention.ms` beats a static `log.retention.hours`).
    pub fn with_dynamic(
        &self,
        cluster: &BTreeMap<String, String>,
        own: &BTreeMap<String, String>,
    ) -> Result<BrokerConfig, String> {
        use crate::config::topic_config::source;
        let mut pairs = self.overrides.clone();
        let mut dynamic: BTreeMap<String, (String, i8)> = BTreeMap::new();
        for (layer, src) in [
            (cluster, source::DYNAMIC_DEFAULT_BROKER_CONFIG),
            (own, source::DYNAMIC_BROKER_CONFIG),
        ] {
            for key in layer.keys().filter(|k| is_applied(k)) {
                for synonym in synonyms(key) {
                    pairs.remove(*synonym);
                    dynamic.remove(*synonym);
                }
            }
            for (key, value) in layer {
                if is_applied(key) {
                    pairs.insert(key.clone(), value.clone());
                }
                dynamic.insert(key.clone(), (value.clone(), src));
            }
        }
        let (mut c, _) = BrokerConfig::from_pairs(&pairs)?;
        c.overrides = self.overrides.clone();
        c.dynamic = dynamic;
        Ok(c)
    }

    /// Reads a properties file (Java `.properties` syntax).
    pub fn read_properties(path: &Path) -> Result<BTreeMap<String, String>, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let map = java_properties::read(std::io::BufReader::new(file))
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(map.into_iter().collect())
    }

    /// Builds the config from key/value pairs; returns it with the warnings to log.
    pub fn from_pairs(
        pairs: &BTreeMap<String, String>,
    ) -> Result<(BrokerConfig, Vec<String>), String> {
        let mut c = BrokerConfig::default();
        let mut warnings = Vec::new();
        // Retention and roll have synonyms; the most precise one wins, as in Kafka.
        let mut retention = (None, None, None);
        let mut roll = (None, None);
        for (key, value) in pairs {
            let v = value.as_str();
            match key.as_str() {
                "node.id" | "broker.id" => c.node_id = parse_num(key, v)?,
                "broker.rack" => {
                    let rack = v.trim();
                    c.broker_rack = (!rack.is_empty()).then(|| rack.to_string());
                }
                "process.roles" => {
                    c.process_roles = v
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    for r in &c.process_roles {
                        if r != "broker" && r != "controller" {
                            return Err(format!("process.roles: unknown role '{r}'"));
                        }
                    }
                }
                "listeners" => c.listeners = Listener::parse_list(v)?,
                "advertised.listeners" => c.advertised_listeners = Listener::parse_list(v)?,
                "log.dirs" | "log.dir" => {
                    c.log_dirs = v
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(PathBuf::from)
                        .collect()
                }
                "num.partitions" => c.num_partitions = parse_num(key, v)?,
                "default.replication.factor" => c.default_replication_factor = parse_num(key, v)?,
                "auto.create.topics.enable" => c.auto_create_topics_enable = parse_bool(key, v)?,
                "log.retention.hours" => retention.0 = Some(parse_num::<i64>(key, v)? * 3_600_000),
                "log.retention.minutes" => retention.1 = Some(parse_num::<i64>(key, v)? * 60_000),
                "log.retention.ms" => retention.2 = Some(parse_num::<i64>(key, v)?),
                "log.retention.bytes" => c.log_retention_bytes = parse_num(key, v)?,
                "log.segment.bytes" => c.log_segment_bytes = parse_num(key, v)?,
                "internal.segment.bytes.floor" => {
                    c.internal_segment_bytes_floor = parse_num(key, v)?
                }
                "log.roll.hours" => roll.0 = Some(parse_num::<i64>(key, v)? * 3_600_000),
                "log.roll.ms" => roll.1 = Some(parse_num::<i64>(key, v)?),
                "log.index.interval.bytes" => c.log_index_interval_bytes = parse_num(key, v)?,
                "log.index.size.max.bytes" => c.log_index_size_max_bytes = parse_num(key, v)?,
                "log.flush.interval.messages" => {
                    c.log_flush_interval_messages = Some(parse_num(key, v)?)
                }
                "log.retention.check.interval.ms" => {
                    c.log_retention_check_interval_ms = parse_num(key, v)?
                }
                "message.max.bytes" => c.message_max_bytes = parse_num(key, v)?,
                "socket.request.max.bytes" => c.socket_request_max_bytes = parse_num(key, v)?,
                "connections.max.idle.ms" => c.connections_max_idle_ms = parse_num(key, v)?,
                "max.connections" => c.max_connections = parse_num(key, v)?,
                "max.connections.per.ip" => c.max_connections_per_ip = parse_num(key, v)?,
                "max.connections.per.ip.overrides" => {
                    c.max_connections_per_ip_overrides = parse_ip_overrides(key, v)?
                }
                "delete.topic.enable" => c.delete_topic_enable = parse_bool(key, v)?,
                "log.message.timestamp.type" => {
                    if v != "CreateTime" && v != "LogAppendTime" {
                        return Err(format!("{key}={v}: expected CreateTime or LogAppendTime"));
                    }
                    c.log_message_timestamp_type = v.to_string();
                }
                "compression.type" => c.compression_type = v.to_string(),
                "log.cleanup.policy" => {
                    crate::config::topic_config::validate("cleanup.policy", v, 0)
                        .map_err(|e| format!("{key}: {e}"))?;
                    c.log_cleanup_policy = v.trim().to_string()
                }
                "log.cleaner.enable" => c.log_cleaner_enable = parse_bool(key, v)?,
                "log.cleaner.backoff.ms" => c.log_cleaner_backoff_ms = parse_num(key, v)?,
                "log.cleaner.dedupe.buffer.size" => {
                    c.log_cleaner_dedupe_buffer_size = parse_num(key, v)?
                }
                "log.cleaner.delete.retention.ms" => {
                    c.log_cleaner_delete_retention_ms = parse_num(key, v)?
                }
                "log.cleaner.min.compaction.lag.ms" => {
                    c.log_cleaner_min_compaction_lag_ms = parse_num(key, v)?
                }
                "log.cleaner.max.compaction.lag.ms" => {
                    c.log_cleaner_max_compaction_lag_ms = parse_num(key, v)?
                }
                "log.cleaner.min.cleanable.ratio" => {
                    c.log_cleaner_min_cleanable_ratio = parse_num(key, v)?
                }
                "min.insync.replicas" => c.min_insync_replicas = parse_num(key, v)?,
                "offsets.topic.num.partitions" => {
                    c.offsets_topic_num_partitions = parse_num(key, v)?
                }
                "group.initial.rebalance.delay.ms" => {
                    c.group_initial_rebalance_delay_ms = parse_num(key, v)?
                }
                "group.min.session.timeout.ms" => {
                    c.group_min_session_timeout_ms = parse_num(key, v)?
                }
                "group.max.session.timeout.ms" => {
                    c.group_max_session_timeout_ms = parse_num(key, v)?
                }
                "group.max.size" => c.group_max_size = parse_num(key, v)?,
                "offsets.retention.minutes" => c.offsets_retention_minutes = parse_num(key, v)?,
                "offsets.retention.check.interval.ms" => {
                    c.offsets_retention_check_interval_ms = parse_num(key, v)?
                }
                "group.consumer.session.timeout.ms" => {
                    c.group_consumer_session_timeout_ms = parse_num(key, v)?
                }
                "group.consumer.heartbeat.interval.ms" => {
                    c.group_consumer_heartbeat_interval_ms = parse_num(key, v)?
                }
                "controller.quorum.voters" => c.controller_quorum_voters = parse_voters(v)?,
                "controller.quorum.bootstrap.servers" => {
                    c.controller_quorum_bootstrap_servers = v
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                }
                "controller.listener.names" => {
                    c.controller_listener_names = v
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                }
                "inter.broker.listener.name" => {
                    c.inter_broker_listener_name = Some(v.trim().to_string())
                }
                "broker.session.timeout.ms" => c.broker_session_timeout_ms = parse_num(key, v)?,
                "broker.heartbeat.interval.ms" => {
                    c.broker_heartbeat_interval_ms = parse_num(key, v)?
                }
                "replica.lag.time.max.ms" => c.replica_lag_time_max_ms = parse_num(key, v)?,
                "replica.fetch.max.bytes" => c.replica_fetch_max_bytes = parse_num(key, v)?,
                "fetch.max.bytes" => c.fetch_max_bytes = parse_num(key, v)?,
                "replica.fetch.response.max.bytes" => {
                    c.replica_fetch_response_max_bytes = parse_num(key, v)?
                }
                "replica.fetch.wait.max.ms" => c.replica_fetch_wait_max_ms = parse_num(key, v)?,
                "replica.fetch.backoff.ms" => c.replica_fetch_backoff_ms = parse_num(key, v)?,
                "auto.leader.rebalance.enable" => {
                    c.auto_leader_rebalance_enable = parse_bool(key, v)?
                }
                "leader.imbalance.check.interval.seconds" => {
                    c.leader_imbalance_check_interval_seconds = parse_num(key, v)?
                }
                "unclean.leader.election.enable" => {
                    c.unclean_leader_election_enable = parse_bool(key, v)?;
                    if c.unclean_leader_election_enable {
                        warnings.push(
                            "unclean.leader.election.enable=true is not supported; leaders come from the ISR only".into(),
                        );
                    }
                }
                "offsets.topic.replication.factor" => {
                    c.offsets_topic_replication_factor = parse_num(key, v)?
                }
                other if IGNORED_PREFIXES.iter().any(|p| other.starts_with(p)) => warnings.push(
                    format!("config {other} is not used by tributary yet; ignored"),
                ),
                other => warnings.push(format!("unknown config {other}; ignored")),
            }
        }
        if let Some(ms) = retention.2.or(retention.1).or(retention.0) {
            c.log_retention_ms = ms;
        }
        if let Some(ms) = roll.1.or(roll.0) {
            c.log_roll_ms = ms;
        }
        if c.listeners.is_empty() {
            return Err("listeners: at least one listener is needed".into());
        }
        if c.log_dirs.is_empty() {
            return Err("log.dirs: at least one directory is needed".into());
        }
        if c.num_partitions < 1 {
            return Err("num.partitions must be at least 1".into());
        }
        // Kafka's validators: atLeast(1024) and atLeast(0).
        if c.fetch_max_bytes < 1024 {
            return Err("fetch.max.bytes must be at least 1024".into());
        }
        if c.replica_fetch_response_max_bytes < 0 {
            return Err("replica.fetch.response.max.bytes must be at least 0".into());
        }
        if c.message_max_bytes < 0 || c.socket_request_max_bytes < 1024 {
            return Err("message.max.bytes / socket.request.max.bytes out of range".into());
        }
        if c.internal_segment_bytes_floor < 14 {
            return Err("internal.segment.bytes.floor must be at least 14".into());
        }
        if c.log_segment_bytes < c.internal_segment_bytes_floor {
            // Kafka's ConfigException, which stops its start-up too.
            return Err(format!(
                "Invalid value {} for configuration log.segment.bytes: Value must be at least {}",
                c.log_segment_bytes, c.internal_segment_bytes_floor
            ));
        }
        let is_controller = c.process_roles.iter().any(|r| r == "controller");
        if c.controller_quorum_voters.is_empty() {
            if !is_controller {
                if c.controller_quorum_bootstrap_servers.is_empty() {
                    return Err("process.roles=broker needs controller.quorum.voters (or controller.quorum.bootstrap.servers) to find the controllers".into());
                }
                // Bootstrap servers stand in for voters whose ids we do not know.
                c.controller_quorum_voters = c
                    .controller_quorum_bootstrap_servers
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (u64::MAX - i as u64, a.clone()))
                    .collect();
            }
        } else if is_controller && !c.controller_quorum_voters.contains_key(&(c.node_id as u64)) {
            return Err(format!(
                "node.id {} has the controller role but is not in controller.quorum.voters",
                c.node_id
            ));
        }
        // The quorum's frames are served only on a controller listener: a
        // voter serves the quorum there, a broker that is not a voter
        // receives the metadata log there.
        if c.uses_quorum() && c.controller_listener().is_none() {
            return Err(format!(
                "listeners: a node of a metadata quorum needs a listener named in controller.listener.names ({}); voters serve the quorum there and brokers that are not voters receive the metadata log there",
                c.controller_listener_names.join(",")
            ));
        }
        if c.is_broker() && c.broker_listeners().next().is_none() {
            return Err(
                "listeners: a broker needs a listener that is not a controller listener".into(),
            );
        }
        c.overrides = pairs.clone();
        Ok((c, warnings))
    }

    pub fn is_broker(&self) -> bool {
        self.process_roles.iter().any(|r| r == "broker")
    }

    /// The metadata log is replicated by a Raft quorum (else: one node, a local log).
    pub fn uses_quorum(&self) -> bool {
        !self.controller_quorum_voters.is_empty()
    }

    fn is_controller_listener(&self, l: &Listener) -> bool {
        self.uses_quorum() && self.controller_listener_names.contains(&l.name)
    }

    /// The listener the quorum is served on, on a controller.
    pub fn controller_listener(&self) -> Option<&Listener> {
        self.listeners
            .iter()
            .find(|l| self.controller_listener_names.contains(&l.name))
    }

    /// The listeners that speak to Kafka clients.
    pub fn broker_listeners(&self) -> impl Iterator<Item = &Listener> {
        self.listeners
            .iter()
            .filter(|l| !self.is_controller_listener(l))
    }

    /// The address registered for this broker: the inter-broker listener's
    /// advertised address, else the first client listener's.
    pub fn registered_listener(&self) -> Listener {
        let advertised: Vec<&Listener> = self
            .advertised()
            .iter()
            .filter(|l| !self.is_controller_listener(l))
            .collect();
        let named = self
            .inter_broker_listener_name
            .as_ref()
            .and_then(|n| advertised.iter().find(|l| &l.name == n));
        let l = named
            .or(advertised.first())
            .copied()
            .cloned()
            .unwrap_or_else(|| self.listeners[0].clone());
        // A listener bound to every interface is advertised as localhost
        // unless advertised.listeners says otherwise, as Kafka does with the host name.
        if l.host.is_empty() || l.host == "0.0.0.0" {
            return Listener {
                host: "127.0.0.1".into(),
                ..l
            };
        }
        l
    }

    /// The listeners clients should connect to (advertised, else the bound ones).
    pub fn advertised(&self) -> &[Listener] {
        if self.advertised_listeners.is_empty() {
            &self.listeners
        } else {
            &self.advertised_listeners
        }
    }

    /// Where the metadata log lives: under the first log dir, like Kafka's
    /// `__cluster_metadata-0`.
    pub fn metadata_dir(&self) -> PathBuf {
        self.log_dirs[0].join("__cluster_metadata-0")
    }
}

impl BrokerConfig {
    /// The broker configs DescribeConfigs lists: (name, value, is_default).
    pub fn describe(&self) -> Vec<(&'static str, String, bool)> {
        let d = BrokerConfig::default();
        let listeners = |l: &[Listener]| {
            l.iter()
                .map(|l| format!("{}://{}:{}", l.name, l.host, l.port))
                .collect::<Vec<_>>()
                .join(",")
        };
        let dirs = |p: &[PathBuf]| {
            p.iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut out = vec![
            (
                "node.id",
                self.node_id.to_string(),
                self.node_id == d.node_id,
            ),
            (
                "process.roles",
                self.process_roles.join(","),
                self.process_roles == d.process_roles,
            ),
            (
                "broker.rack",
                self.broker_rack.clone().unwrap_or_default(),
                self.broker_rack == d.broker_rack,
            ),
            (
                "listeners",
                listeners(&self.listeners),
                self.listeners == d.listeners,
            ),
            (
                "advertised.listeners",
                listeners(self.advertised()),
                self.advertised_listeners.is_empty(),
            ),
            (
                "log.dirs",
                dirs(&self.log_dirs),
                self.log_dirs == d.log_dirs,
            ),
            (
                "num.partitions",
                self.num_partitions.to_string(),
                self.num_partitions == d.num_partitions,
            ),
            (
                "default.replication.factor",
                self.default_replication_factor.to_string(),
                self.default_replication_factor == d.default_replication_factor,
            ),
            (
                "auto.create.topics.enable",
                self.auto_create_topics_enable.to_string(),
                self.auto_create_topics_enable == d.auto_create_topics_enable,
            ),
            (
                "log.retention.ms",
                self.log_retention_ms.to_string(),
                self.log_retention_ms == d.log_retention_ms,
            ),
            (
                "log.retention.bytes",
                self.log_retention_bytes.to_string(),
                self.log_retention_bytes == d.log_retention_bytes,
            ),
            (
                "log.segment.bytes",
                self.log_segment_bytes.to_string(),
                self.log_segment_bytes == d.log_segment_bytes,
            ),
            (
                "log.roll.ms",
                self.log_roll_ms.to_string(),
                self.log_roll_ms == d.log_roll_ms,
            ),
            (
                "message.max.bytes",
                self.message_max_bytes.to_string(),
                self.message_max_bytes == d.message_max_bytes,
            ),
            (
                "fetch.max.bytes",
                self.fetch_max_bytes.to_string(),
                self.fetch_max_bytes == d.fetch_max_bytes,
            ),
            (
                "replica.fetch.response.max.bytes",
                self.replica_fetch_response_max_bytes.to_string(),
                self.replica_fetch_response_max_bytes == d.replica_fetch_response_max_bytes,
            ),
            (
                "socket.request.max.bytes",
                self.socket_request_max_bytes.to_string(),
                self.socket_request_max_bytes == d.socket_request_max_bytes,
            ),
            (
                "connections.max.idle.ms",
                self.connections_max_idle_ms.to_string(),
                self.connections_max_idle_ms == d.connections_max_idle_ms,
            ),
            (
                "max.connections",
                self.max_connections.to_string(),
                self.max_connections == d.max_connections,
            ),
            (
                "max.connections.per.ip",
                self.max_connections_per_ip.to_string(),
                self.max_connections_per_ip == d.max_connections_per_ip,
            ),
            (
                "delete.topic.enable",
                self.delete_topic_enable.to_string(),
                self.delete_topic_enable == d.delete_topic_enable,
            ),
            (
                "log.message.timestamp.type",
                self.log_message_timestamp_type.clone(),
                self.log_message_timestamp_type == d.log_message_timestamp_type,
            ),
            (
                "compression.type",
                self.compression_type.clone(),
                self.compression_type == d.compression_type,
            ),
            (
                "min.insync.replicas",
                self.min_insync_replicas.to_string(),
                self.min_insync_replicas == d.min_insync_replicas,
            ),
            (
                "log.cleanup.policy",
                self.log_cleanup_policy.clone(),
                self.log_cleanup_policy == d.log_cleanup_policy,
            ),
            (
                "log.cleaner.enable",
                self.log_cleaner_enable.to_string(),
                self.log_cleaner_enable == d.log_cleaner_enable,
            ),
            (
                "log.cleaner.delete.retention.ms",
                self.log_cleaner_delete_retention_ms.to_string(),
                self.log_cleaner_delete_retention_ms == d.log_cleaner_delete_retention_ms,
            ),
            (
                "log.cleaner.dedupe.buffer.size",
                self.log_cleaner_dedupe_buffer_size.to_string(),
                self.log_cleaner_dedupe_buffer_size == d.log_cleaner_dedupe_buffer_size,
            ),
        ];
        out.sort_by_key(|e| e.0);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_match_kafka() {
        let (c, w) = BrokerConfig::from_pairs(&BTreeMap::new()).unwrap();
        assert!(w.is_empty());
        assert_eq!(c.log_retention_ms, 604_800_000);
        assert_eq!(c.listeners[0].port, 9092);
        assert_eq!(c.message_max_bytes, 1_048_588);
    }

    #[test]
    fn retention_synonyms_most_precise_wins() {
        let (c, _) = BrokerConfig::from_pairs(&pairs(&[
            ("log.retention.hours", "1"),
            ("log.retention.minutes", "5"),
        ]))
        .unwrap();
        assert_eq!(c.log_retention_ms, 300_000);
        let (c, _) = BrokerConfig::from_pairs(&pairs(&[
            ("log.retention.hours", "1"),
            ("log.retention.ms", "42"),
        ]))
        .unwrap();
        assert_eq!(c.log_retention_ms, 42);
    }

    #[test]
    fn dynamic_configs_rank_above_static_ones_and_their_synonyms() {
        let (c, _) = BrokerConfig::from_pairs(&pairs(&[
            ("log.retention.hours", "1"),
            ("log.segment.bytes", "2097152"),
        ]))
        .unwrap();
        // A dynamic cluster default in ms beats the static hours.
        let d = c
            .with_dynamic(&pairs(&[("log.retention.ms", "7200")]), &BTreeMap::new())
            .unwrap();
        assert_eq!(d.log_retention_ms, 7200);
        assert_eq!(d.log_segment_bytes, 2097152);
        assert_eq!(d.dynamic["log.retention.ms"].1, 3);
        // The broker's own beats the cluster default.
        let d = c
            .with_dynamic(
                &pairs(&[
                    ("log.retention.ms", "7200"),
                    ("log.cleanup.policy", "compact"),
                ]),
                &pairs(&[("log.retention.ms", "60000"), ("max.connections", "3")]),
            )
            .unwrap();
        assert_eq!(d.log_retention_ms, 60_000);
        assert_eq!(d.log_cleanup_policy, "compact");
        assert_eq!(d.max_connections, 3);
        assert_eq!(d.dynamic["log.retention.ms"], ("60000".to_string(), 2));
        // The static pairs stay as given.
        assert_eq!(d.overrides, c.overrides);
        // Keys Tributary does not act on are kept, with their source, and
        // change nothing.
        let d = c
            .with_dynamic(
                &pairs(&[("num.io.threads", "9"), ("made.up", "1")]),
                &BTreeMap::new(),
            )
            .unwrap();
        assert_eq!(d.dynamic["num.io.threads"], ("9".to_string(), 3));
        assert_eq!(d.dynamic["made.up"].1, 3);
        assert_eq!(d.num_partitions, c.num_partitions);
        // A synonym stored by an older Tributary still applies.
        let d = c
            .with_dynamic(&pairs(&[("log.retention.minutes", "2")]), &BTreeMap::new())
            .unwrap();
        assert_eq!(d.log_retention_ms, 120_000);
        // An applied key that does not parse: refused.
        assert!(c
            .with_dynamic(&pairs(&[("log.retention.ms", "soon")]), &BTreeMap::new())
            .is_err());
    }

    #[test]
    fn unknown_and_unsupported_keys_warn() {
        let (_, w) = BrokerConfig::from_pairs(&pairs(&[
            ("zookeeper.connect", "localhost:2181"),
            ("made.up.key", "1"),
        ]))
        .unwrap();
        assert_eq!(w.len(), 2);
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(BrokerConfig::from_pairs(&pairs(&[("num.partitions", "many")])).is_err());
        assert!(BrokerConfig::from_pairs(&pairs(&[("listeners", "localhost:9092")])).is_err());
        assert!(BrokerConfig::from_pairs(&pairs(&[("auto.create.topics.enable", "yes")])).is_err());
    }

    #[test]
    fn log_segment_bytes_below_kafka_4s_floor_stops_the_start() {
        let err = BrokerConfig::from_pairs(&pairs(&[("log.segment.bytes", "1000")])).unwrap_err();
        assert_eq!(
            err,
            "Invalid value 1000 for configuration log.segment.bytes: Value must be at least 1048576"
        );
        assert!(BrokerConfig::from_pairs(&pairs(&[("log.segment.bytes", "1048576")])).is_ok());
        // The floor is lowered only at start-up, never dynamically.
        let (c, _) = BrokerConfig::from_pairs(&pairs(&[
            ("internal.segment.bytes.floor", "14"),
            ("log.segment.bytes", "1000"),
        ]))
        .unwrap();
        assert_eq!(c.log_segment_bytes, 1000);
        let d = c
            .with_dynamic(
                &pairs(&[("internal.segment.bytes.floor", "1")]),
                &BTreeMap::new(),
            )
            .unwrap();
        assert_eq!(d.internal_segment_bytes_floor, 14);
        let (c, _) = BrokerConfig::from_pairs(&BTreeMap::new()).unwrap();
        assert!(c
            .with_dynamic(&pairs(&[("log.segment.bytes", "1000")]), &BTreeMap::new())
            .is_err());
    }

    #[test]
    fn broker_rack_is_read_without_warning() {
        let (c, w) = BrokerConfig::from_pairs(&pairs(&[("broker.rack", " eu-west-1a ")])).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(c.broker_rack.as_deref(), Some("eu-west-1a"));
        let (c, _) = BrokerConfig::from_pairs(&pairs(&[("broker.rack", "")])).unwrap();
        assert_eq!(c.broker_rack, None);
    }
}
