//! Broker configuration with Kafka's own keys (`server.properties`).
//!
//! A user's existing `server.properties` should mostly just work: every key we
//! know is parsed and validated, keys of features we do not have (ZooKeeper,
//! for one) are accepted with a warning. Security is the exception: a setting
//! that asks for TLS, SASL or an authorizer, which Tributary does not have
//! yet, stops the broker ([`security`]).
//!
//! The configuration's concepts, one file each:
//! - this file: [`BrokerConfig`] parsed from `server.properties` and
//!   `--override` (the checks across keys, the warnings), with the dynamic
//!   broker configs laid on top, and what DescribeConfigs lists of it;
//! - [`broker_keys`]: each broker setting declared once (field, default,
//!   keys and synonyms, parser, listed or not, applied live or not);
//! - [`Listener`], `NAME://host:port`, and [`security`], each listener's
//!   security protocol and the settings refused because they cannot be
//!   honoured (fail closed);
//! - [`topic_config`]: a topic's effective configs (Kafka's `LogConfig`),
//!   its keys, defaults from the broker config, and their validation;
//! - [`dynamic_broker_config`]: the keys that AlterConfigs may set on a
//!   broker or the cluster (Kafka's `DynamicBrokerConfig`), and its rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod broker_keys;
pub mod dynamic_broker_config;
pub mod jaas_config;
pub mod listener;
pub mod sasl_config;
pub mod security;
pub mod ssl_config;
pub mod topic_config;

use broker_keys::is_applied;
pub use broker_keys::{synonyms, BrokerConfig};
pub use listener::Listener;

/// Keys that Kafka knows but that mean nothing here (yet): accepted with a warning.
const IGNORED_PREFIXES: &[&str] = &[
    "zookeeper.",
    "sasl.",
    "security.",
    "num.network.threads",
    "num.io.threads",
    "socket.send.buffer.bytes",
    "socket.receive.buffer.bytes",
    "num.recovery.threads.per.data.dir",
    "controller.quorum.",
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

/// `l` as a client reaches it: a listener bound to every interface is
/// advertised as localhost unless advertised.listeners says otherwise, as
/// Kafka does with the host name.
fn reachable(l: &Listener) -> Listener {
    if l.host.is_empty() || l.host == "0.0.0.0" {
        return Listener {
            host: "127.0.0.1".into(),
            ..l.clone()
        };
    }
    l.clone()
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

    /// Every key in force as raw pairs: `server.properties` and
    /// `--override`s with the dynamic configs on top (also those Tributary
    /// reads per listener, such as `listener.name.<l>.ssl.keystore.location`).
    pub fn pairs_in_force(&self) -> BTreeMap<String, String> {
        let mut pairs = self.overrides.clone();
        for (k, (v, _)) in &self.dynamic {
            pairs.insert(k.clone(), v.clone());
        }
        pairs
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
        for (name, value) in pairs {
            let Some((key, rank)) = broker_keys::find(name) else {
                // A listener's TLS and SASL settings, read per listener by
                // `ssl_config` and `sasl_config`.
                if ssl_config::is_ssl_key(name) || sasl_config::is_sasl_key(name) {
                    continue;
                }
                warnings.push(if IGNORED_PREFIXES.iter().any(|p| name.starts_with(p)) {
                    format!("config {name} is not used by tributary yet; ignored")
                } else {
                    format!("unknown config {name}; ignored")
                });
                continue;
            };
            // Of synonyms set together the most precise wins, as in Kafka;
            // the others are still checked.
            if key.names[..rank].iter().any(|n| pairs.contains_key(*n)) {
                (key.parse)(&mut BrokerConfig::default(), name, value)?;
                continue;
            }
            (key.parse)(&mut c, name, value)?;
            warnings.extend(key.warn.and_then(|warn| warn(&c)));
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
        // Fail closed: security the broker cannot honour stops it.
        security::check(&c)?;
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
            .unwrap_or(&self.listeners[0]);
        reachable(l)
    }

    /// Every client listener as clients reach it, in `advertised.listeners`
    /// order: what the broker registers, so that a client is answered with
    /// the endpoints of the listener it came in on.
    pub fn client_endpoints(&self) -> Vec<Listener> {
        self.advertised()
            .iter()
            .filter(|l| !self.is_controller_listener(l))
            .map(reachable)
            .collect()
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

/// Kafka's LIST parsing: comma-separated, trimmed, empty items dropped.
pub fn list_items(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl BrokerConfig {
    /// The broker configs DescribeConfigs lists: (name, value, is_default).
    pub fn describe(&self) -> Vec<(&'static str, String, bool)> {
        let d = BrokerConfig::default();
        let mut out: Vec<_> = broker_keys::BROKER_KEYS
            .iter()
            .filter_map(|k| Some((k.names[0], (k.show?)(self), (k.same)(self, &d))))
            .collect();
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
