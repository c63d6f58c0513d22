//! Listeners' security protocols (`listener.security.protocol.map`), and the
//! rule that a security setting the broker cannot honour stops it at start.
//!
//! Tributary serves all four of Kafka's protocols to clients (TLS in
//! `crate::ssl`, SASL in `crate::sasl`) and Kafka's StandardAuthorizer
//! (`crate::authorizer`); brokers reach each other's inter-broker listener
//! with its protocol, the quorum speaks PLAINTEXT or SSL. Invariant (fail
//! closed): a configuration that asks for more — an authorizer other than
//! Kafka's standard one, SASL on the controller listener of a cluster — is
//! refused with an error naming the key; the broker never serves such a listener as plaintext, nor lets
//! every client do everything when an authorizer was asked for. What a listener's TLS or SASL settings cannot honour stops
//! the broker when the listener is bound (`crate::server::bind`).

use std::collections::BTreeMap;

use crate::config::{BrokerConfig, Listener};

/// The key this module reads the protocols from.
pub const PROTOCOL_MAP_KEY: &str = "listener.security.protocol.map";

/// Kafka's `SecurityProtocol` names.
pub const PROTOCOLS: [&str; 4] = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];

/// The `authorizer.class.name` served: Kafka's KRaft authorizer.
pub const STANDARD_AUTHORIZER: &str = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

/// Kafka's key for the inter-broker listener's protocol.
pub const INTER_BROKER_PROTOCOL_KEY: &str = "security.inter.broker.protocol";

/// The protocol controllers speak to each other.
pub const BETWEEN_NODES: &str = "PLAINTEXT";

/// Parses `NAME:PROTOCOL,...` (names as written, protocols upper-cased, as
/// Kafka reads them). Err: why the value is invalid.
pub fn parse_protocol_map(value: &str) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for entry in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((name, protocol)) = entry.split_once(':') else {
            return Err(format!("map entry '{entry}' is not NAME:PROTOCOL"));
        };
        let protocol = protocol.trim().to_ascii_uppercase();
        if !PROTOCOLS.contains(&protocol.as_str()) {
            return Err(format!(
                "unknown security protocol {protocol} (Kafka's are {})",
                PROTOCOLS.join(", ")
            ));
        }
        map.insert(name.trim().to_string(), protocol);
    }
    Ok(map)
}

/// The protocol of each listener: from `listener.security.protocol.map`, or
/// Kafka's default map (each protocol's own name), where a controller
/// listener missing from a map not set explicitly is PLAINTEXT, as Kafka
/// takes it. Err: a listener without a protocol, as Kafka refuses it.
pub fn listener_protocols(c: &BrokerConfig) -> Result<Vec<(&Listener, String)>, String> {
    let explicit = c.listener_security_protocol_map.as_deref();
    let mut map = match explicit {
        Some(value) => parse_protocol_map(value).map_err(|why| {
            format!("Invalid value {value} for configuration {PROTOCOL_MAP_KEY}: {why}")
        })?,
        None => PROTOCOLS
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect(),
    };
    if explicit.is_none() {
        for name in &c.controller_listener_names {
            map.entry(name.clone())
                .or_insert_with(|| "PLAINTEXT".into());
        }
    }
    c.listeners
        .iter()
        .map(|l| match map.get(&l.name) {
            Some(p) => Ok((l, p.clone())),
            None => Err(format!(
                "listeners: No security protocol defined for listener {} ({PROTOCOL_MAP_KEY})",
                l.name
            )),
        })
        .collect()
}

/// Fail closed: the settings of `c` that ask for security Tributary does not
/// have yet stop the broker, each with a message naming its key.
pub fn check(c: &BrokerConfig) -> Result<(), String> {
    listener_protocols(c)?;
    // A node of a quorum talks to the others on its controller listener
    // (PLAINTEXT or SSL: `crate::client_security::controller`) and to its
    // peers' inter-broker listener (any protocol: `inter_broker` there).
    if c.uses_quorum() {
        let registered = c.registered_listener().name;
        for (listener, protocol) in listener_protocols(c)? {
            let controller = c.controller_listener_names.contains(&listener.name);
            if protocol != BETWEEN_NODES && protocol != "SSL" && controller {
                return Err(format!(
                    "listeners: {} is a controller listener (controller.listener.names) and uses {protocol} ({PROTOCOL_MAP_KEY}); the quorum speaks PLAINTEXT or SSL (with client certificates for mutual authentication), not SASL",
                    listener.name
                ));
            }
            // Set to other than its default, the key must name the listener's protocol.
            let wanted = c.security_inter_broker_protocol.trim().to_ascii_uppercase();
            if listener.name == registered && wanted != BETWEEN_NODES && wanted != protocol {
                return Err(format!(
                    "{INTER_BROKER_PROTOCOL_KEY}={}: the inter-broker listener {} uses {protocol}; name the listener with inter.broker.listener.name instead",
                    c.security_inter_broker_protocol, listener.name
                ));
            }
        }
    }
    let authorizer = c.authorizer_class_name.trim();
    if !authorizer.is_empty() && authorizer != STANDARD_AUTHORIZER {
        return Err(format!(
            "authorizer.class.name={authorizer}: the one authorizer served is {STANDARD_AUTHORIZER}; Tributary will not run with every client allowed every operation"
        ));
    }
    for principal in &c.super_users {
        if !principal.contains(':') {
            return Err(format!(
                "super.users: `{principal}` is not a principal (Type:name, e.g. User:admin)"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<BrokerConfig, String> {
        let mut all: BTreeMap<String, String> = [("log.dirs", "/tmp/x")]
            .iter()
            .chain(pairs)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all.entry("listeners".into())
            .or_insert_with(|| "PLAINTEXT://127.0.0.1:9092".into());
        BrokerConfig::from_pairs(&all).map(|(c, _)| c)
    }

    #[test]
    fn plaintext_listeners_start() {
        config(&[]).unwrap();
        config(&[
            (
                "listeners",
                "INTERNAL://127.0.0.1:9092,EXTERNAL://127.0.0.1:9093",
            ),
            (PROTOCOL_MAP_KEY, "INTERNAL:PLAINTEXT, EXTERNAL:plaintext"),
        ])
        .unwrap();
    }

    #[test]
    fn ssl_client_listeners_start() {
        config(&[("listeners", "SSL://127.0.0.1:9093")]).unwrap();
        config(&[
            ("listeners", "CLIENTS://127.0.0.1:9093"),
            (PROTOCOL_MAP_KEY, "CLIENTS:SSL"),
            ("security.inter.broker.protocol", "SSL"),
        ])
        .unwrap();
    }

    #[test]
    fn sasl_listeners_pass_the_config_check() {
        // Their mechanisms are checked when they are bound (crate::sasl).
        for (listeners, map) in [
            ("SASL_SSL://127.0.0.1:9092", None),
            ("SASL_PLAINTEXT://127.0.0.1:9092", None),
            ("CLIENTS://127.0.0.1:9092", Some("CLIENTS:SASL_SSL")),
        ] {
            let mut pairs = vec![("listeners", listeners)];
            pairs.extend(map.map(|m| (PROTOCOL_MAP_KEY, m)));
            config(&pairs).unwrap();
        }
    }

    #[test]
    fn a_listener_without_protocol_or_an_unknown_protocol_is_refused() {
        let e = config(&[("listeners", "CLIENTS://127.0.0.1:9092")]).unwrap_err();
        assert!(
            e.contains("No security protocol defined for listener CLIENTS"),
            "{e}"
        );
        let e = config(&[
            ("listeners", "CLIENTS://127.0.0.1:9092"),
            (PROTOCOL_MAP_KEY, "CLIENTS:TLS"),
        ])
        .unwrap_err();
        assert!(e.contains("unknown security protocol TLS"), "{e}");
    }

    #[test]
    fn only_kafkas_standard_authorizer_is_taken() {
        config(&[("authorizer.class.name", STANDARD_AUTHORIZER)]).unwrap();
        let e = config(&[(
            "authorizer.class.name",
            "kafka.security.authorizer.AclAuthorizer",
        )])
        .unwrap_err();
        assert!(e.starts_with("authorizer.class.name="), "{e}");
        let e = config(&[("super.users", "User:admin;alice")]).unwrap_err();
        assert!(e.starts_with("super.users: `alice`"), "{e}");
    }

    #[test]
    fn in_a_quorum_both_listeners_between_nodes_may_be_secured_the_controller_without_sasl() {
        let quorum = |listeners: &'static str, map: &'static str| {
            vec![
                ("process.roles", "broker,controller"),
                ("node.id", "1"),
                ("controller.quorum.voters", "1@127.0.0.1:9093"),
                ("listeners", listeners),
                (PROTOCOL_MAP_KEY, map),
            ]
        };
        let mut p = quorum(
            "INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,EXTERNAL://127.0.0.1:9094",
            "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:SSL",
        );
        p.push(("inter.broker.listener.name", "INTERNAL"));
        config(&p).unwrap();
        // The protocol key must agree with the listener it names.
        p.push(("security.inter.broker.protocol", "SSL"));
        let e = config(&p).unwrap_err();
        assert!(e.starts_with("security.inter.broker.protocol=SSL"), "{e}");
        // An SSL inter-broker listener is served (its client side is
        // checked when the broker opens, `client_security::inter_broker`).
        config(&quorum(
            "EXTERNAL://127.0.0.1:9094,CONTROLLER://127.0.0.1:9093",
            "CONTROLLER:PLAINTEXT,EXTERNAL:SSL",
        ))
        .unwrap();
        config(&quorum(
            "INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
            "CONTROLLER:SSL,INTERNAL:PLAINTEXT",
        ))
        .unwrap();
        let e = config(&quorum(
            "INTERNAL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
            "CONTROLLER:SASL_SSL,INTERNAL:PLAINTEXT",
        ))
        .unwrap_err();
        assert!(e.contains("CONTROLLER is a controller listener"), "{e}");
    }

    #[test]
    fn a_controller_listener_is_plaintext_unless_the_map_says_otherwise() {
        let quorum = [
            ("process.roles", "broker,controller"),
            ("node.id", "1"),
            ("controller.quorum.voters", "1@127.0.0.1:9093"),
            (
                "listeners",
                "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
            ),
        ];
        config(&quorum).unwrap();
        let mut explicit = quorum.to_vec();
        explicit.push((PROTOCOL_MAP_KEY, "PLAINTEXT:PLAINTEXT"));
        let e = config(&explicit).unwrap_err();
        assert!(e.contains("listener CONTROLLER"), "{e}");
    }
}
