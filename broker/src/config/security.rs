//! Listeners' security protocols (`listener.security.protocol.map`), and the
//! rule that a security setting the broker cannot honour stops it at start.
//!
//! Tributary serves PLAINTEXT only for now (TLS, SASL and ACLs are to come).
//! Invariant (fail closed): a configuration that asks for more — a listener
//! whose protocol is SSL, SASL_PLAINTEXT or SASL_SSL, an authorizer, a
//! secured inter-broker protocol — is refused with an error naming the key;
//! the broker never serves such a listener as plaintext, nor lets every
//! client do everything when an authorizer was asked for.

use std::collections::BTreeMap;

use crate::config::{BrokerConfig, Listener};

/// The key this module reads the protocols from.
pub const PROTOCOL_MAP_KEY: &str = "listener.security.protocol.map";

/// Kafka's `SecurityProtocol` names.
pub const PROTOCOLS: [&str; 4] = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"];

/// The protocols Tributary serves.
pub const SUPPORTED: [&str; 1] = ["PLAINTEXT"];

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
    for (listener, protocol) in listener_protocols(c)? {
        if !SUPPORTED.contains(&protocol.as_str()) {
            return Err(format!(
                "listeners: listener {} uses security protocol {protocol} ({PROTOCOL_MAP_KEY}), which Tributary does not serve yet; it will not serve it as plaintext. Supported: {}",
                listener.name,
                SUPPORTED.join(", ")
            ));
        }
    }
    let inter_broker = c.security_inter_broker_protocol.trim().to_ascii_uppercase();
    if !SUPPORTED.contains(&inter_broker.as_str()) {
        return Err(format!(
            "security.inter.broker.protocol={}: Tributary's brokers speak PLAINTEXT to each other only, for now",
            c.security_inter_broker_protocol
        ));
    }
    if !c.authorizer_class_name.trim().is_empty() {
        return Err(format!(
            "authorizer.class.name={}: Tributary has no authorizer yet; it will not run with every client allowed every operation",
            c.authorizer_class_name
        ));
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
    fn a_secured_listener_is_refused_not_served_as_plaintext() {
        for (listeners, map) in [
            ("SSL://127.0.0.1:9092", None),
            ("SASL_SSL://127.0.0.1:9092", None),
            ("SASL_PLAINTEXT://127.0.0.1:9092", None),
            ("CLIENTS://127.0.0.1:9092", Some("CLIENTS:SSL")),
        ] {
            let mut pairs = vec![("listeners", listeners)];
            pairs.extend(map.map(|m| (PROTOCOL_MAP_KEY, m)));
            let e = config(&pairs).unwrap_err();
            assert!(
                e.contains("does not serve yet") && e.contains(PROTOCOL_MAP_KEY),
                "{e}"
            );
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
    fn an_authorizer_or_a_secured_inter_broker_protocol_is_refused() {
        let e = config(&[(
            "authorizer.class.name",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        )])
        .unwrap_err();
        assert!(e.starts_with("authorizer.class.name="), "{e}");
        let e = config(&[("security.inter.broker.protocol", "SSL")]).unwrap_err();
        assert!(e.starts_with("security.inter.broker.protocol=SSL"), "{e}");
        config(&[("security.inter.broker.protocol", "PLAINTEXT")]).unwrap();
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
