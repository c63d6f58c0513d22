//! A listener (`NAME://host:port`): how `listeners` and
//! `advertised.listeners` are parsed and printed.
//!
//! Invariant: [`Listener::parse_list`] reads back what
//! [`Listener::show_list`] prints (an IPv6 host is kept without brackets).

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
