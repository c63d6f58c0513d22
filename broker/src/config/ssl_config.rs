//! The TLS settings of one listener, as Kafka's `SslConfigs` names them:
//! each `ssl.*` key below, read from `listener.name.<listener>.<key>` when
//! that is set (the listener's name lower-cased, as Kafka's
//! `ListenerName.configPrefix`), else from `<key>`, else Kafka's default.
//!
//! This module only reads values; loading the key and trust stores and
//! building the TLS server is `crate::ssl`'s. Invariant: every key is
//! declared once, in [`SSL_KEYS`], with its default; a listener's setting
//! comes from one place ([`SslConfig::of_listener`]).

use std::collections::BTreeMap;

use crate::config::listener::listener_value;

/// Kafka's broker-side `ssl.*` keys and their defaults ("" = unset).
/// `ssl.keystore.type` and `ssl.truststore.type` default to JKS in Kafka,
/// whose JKS loader also reads PKCS12; here an unset type is read from the
/// file itself (PEM or PKCS12; JKS is refused with how to convert).
pub const SSL_KEYS: &[(&str, &str)] = &[
    ("ssl.cipher.suites", ""),
    ("ssl.client.auth", "none"),
    ("ssl.enabled.protocols", "TLSv1.2,TLSv1.3"),
    ("ssl.endpoint.identification.algorithm", "https"),
    ("ssl.engine.factory.class", ""),
    ("ssl.key.password", ""),
    ("ssl.keymanager.algorithm", "SunX509"),
    ("ssl.keystore.certificate.chain", ""),
    ("ssl.keystore.key", ""),
    ("ssl.keystore.location", ""),
    ("ssl.keystore.password", ""),
    ("ssl.keystore.type", ""),
    ("ssl.principal.mapping.rules", "DEFAULT"),
    ("ssl.protocol", "TLSv1.3"),
    ("ssl.provider", ""),
    ("ssl.secure.random.implementation", ""),
    ("ssl.trustmanager.algorithm", "PKIX"),
    ("ssl.truststore.certificates", ""),
    ("ssl.truststore.location", ""),
    ("ssl.truststore.password", ""),
    ("ssl.truststore.type", ""),
];

/// Keys naming a Java class or JSSE provider, which cannot be honoured:
/// set, they stop the broker (fail closed) instead of being ignored.
pub const JAVA_ONLY_KEYS: &[&str] = &[
    "ssl.engine.factory.class",
    "ssl.provider",
    "ssl.secure.random.implementation",
];

/// Whether `name` is an `ssl.*` key of [`SSL_KEYS`], plain or behind a
/// `listener.name.<listener>.` prefix.
pub fn is_ssl_key(name: &str) -> bool {
    let base = match name.strip_prefix("listener.name.") {
        Some(rest) => rest.split_once('.').map_or("", |(_, base)| base),
        None => name,
    };
    SSL_KEYS.iter().any(|(k, _)| *k == base)
}

/// `ssl.client.auth`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    None,
    Requested,
    Required,
}

/// One listener's TLS settings, as given (values not yet checked beyond
/// their syntax). A value is `None` when unset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SslConfig {
    /// The listener these settings are for.
    pub listener: String,
    values: BTreeMap<&'static str, String>,
    /// The key each value was read from (`listener.name.x.ssl...` or `ssl...`).
    sources: BTreeMap<&'static str, String>,
}

/// Where the system's CA bundle is (Debian's), unless `SSL_CERT_FILE`
/// says: what a client of the broker trusts without a trust store, as the
/// JVM trusts its own.
pub fn system_ca_bundle() -> String {
    std::env::var("SSL_CERT_FILE").unwrap_or_else(|_| "/etc/ssl/certs/ca-certificates.crt".into())
}

impl SslConfig {
    /// The settings of `listener` in the broker's raw key/value pairs.
    pub fn of_listener(listener: &str, pairs: &BTreeMap<String, String>) -> SslConfig {
        let mut values = BTreeMap::new();
        let mut sources = BTreeMap::new();
        for (key, default) in SSL_KEYS {
            let (source, value) =
                listener_value(listener, key, pairs).unwrap_or((key.to_string(), default));
            values.insert(*key, value.to_string());
            sources.insert(*key, source);
        }
        SslConfig {
            listener: listener.to_string(),
            values,
            sources,
        }
    }

    /// The value of `key` (one of [`SSL_KEYS`]); `None` when empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        let v = self.values.get(key).unwrap_or_else(|| {
            panic!("{key} is not an ssl key");
        });
        let v = v.trim();
        (!v.is_empty()).then_some(v)
    }

    /// The key `key` was read from, for error messages.
    pub fn source<'a>(&'a self, key: &'a str) -> &'a str {
        self.sources.get(key).map_or(key, |s| s.as_str())
    }

    /// A comma-separated list value, trimmed, empty entries dropped.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.get(key)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// `ssl.client.auth`; Err names the key and the value.
    pub fn client_auth(&self) -> Result<ClientAuth, String> {
        match self.get("ssl.client.auth").map(str::to_ascii_lowercase).as_deref() {
            None | Some("none") => Ok(ClientAuth::None),
            Some("requested") => Ok(ClientAuth::Requested),
            Some("required") => Ok(ClientAuth::Required),
            Some(other) => Err(format!(
                "Invalid value {other} for configuration {}: String must be one of: required, requested, none",
                self.source("ssl.client.auth")
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_listener_prefixed_key_beats_the_plain_one() {
        let p = pairs(&[
            ("ssl.keystore.location", "/plain.p12"),
            ("listener.name.external.ssl.keystore.location", "/ext.pem"),
            ("ssl.client.auth", "required"),
        ]);
        let ext = SslConfig::of_listener("EXTERNAL", &p);
        assert_eq!(ext.get("ssl.keystore.location"), Some("/ext.pem"));
        assert_eq!(
            ext.source("ssl.keystore.location"),
            "listener.name.external.ssl.keystore.location"
        );
        assert_eq!(ext.client_auth(), Ok(ClientAuth::Required));
        let other = SslConfig::of_listener("SSL", &p);
        assert_eq!(other.get("ssl.keystore.location"), Some("/plain.p12"));
        assert_eq!(other.get("ssl.truststore.location"), None);
        assert_eq!(other.list("ssl.enabled.protocols"), ["TLSv1.2", "TLSv1.3"]);
    }

    #[test]
    fn a_bad_client_auth_names_its_key() {
        let p = pairs(&[("listener.name.ssl.ssl.client.auth", "always")]);
        let e = SslConfig::of_listener("SSL", &p).client_auth().unwrap_err();
        assert!(
            e.contains("listener.name.ssl.ssl.client.auth") && e.contains("always"),
            "{e}"
        );
    }

    #[test]
    fn ssl_keys_are_known_plain_and_per_listener() {
        assert!(is_ssl_key("ssl.keystore.location"));
        assert!(is_ssl_key("listener.name.client.ssl.truststore.type"));
        assert!(!is_ssl_key("ssl.nonsense"));
        assert!(!is_ssl_key("listener.name.client.max.connections"));
    }
}
