//! A listener (`NAME://host:port`): how `listeners` and
//! `advertised.listeners` are parsed and printed, and how a setting is read
//! for one listener ([`listener_value`]).
//!
//! Invariant: [`Listener::parse_list`] reads back what
//! [`Listener::show_list`] prints (an IPv6 host is kept without brackets).

use std::collections::BTreeMap;

/// The value of `key` for `listener`, with the key it was read from:
/// `listener.name.<listener, lower-cased>.<key>` when that is set (Kafka's
/// `ListenerName.configPrefix` override), else `key`; `None` when neither is.
pub fn listener_value<'a>(
    listener: &str,
    key: &str,
    pairs: &'a BTreeMap<String, String>,
) -> Option<(String, &'a str)> {
    let prefixed = format!("listener.name.{}.{key}", listener.to_ascii_lowercase());
    match pairs.get(&prefixed) {
        Some(v) => Some((prefixed, v)),
        None => pairs.get(key).map(|v| (key.to_string(), v.as_str())),
    }
}

/// One listener: `NAME://host:port`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    pub name: String,
    pub host: String,
    pub port: u16,
}

impl Listener {
    pub fn parse_list(value: &str) -> Result<Vec<Listener>, String> {
        value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (name, rest) = s
                    .split_once("://")
                    .ok_or_else(|| format!("listener '{s}' is not NAME://host:port"))?;
                let (host, port) = rest
                    .rsplit_once(':')
                    .ok_or_else(|| format!("listener '{s}' has no port"))?;
                let port = port
                    .parse()
                    .map_err(|_| format!("listener '{s}' has a bad port"))?;
                let host = host.trim_start_matches('[').trim_end_matches(']');
                Ok(Listener {
                    name: name.to_string(),
                    host: host.to_string(),
                    port,
                })
            })
            .collect()
    }
}

impl Listener {
    /// The listeners as `listeners` lists them: `NAME://host:port,...`.
    pub fn show_list(list: &[Listener]) -> String {
        list.iter()
            .map(|l| format!("{}://{}:{}", l.name, l.host, l.port))
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listeners_parse() {
        let l = Listener::parse_list("PLAINTEXT://0.0.0.0:9092,CONTROLLER://[::1]:9093").unwrap();
        assert_eq!(l[1].host, "::1");
        assert_eq!(l[1].port, 9093);
        assert_eq!(Listener::parse_list(&Listener::show_list(&l)).unwrap(), l);
    }
}
