//! The SASL settings of one listener, as Kafka's broker reads them: the
//! mechanisms (`sasl.enabled.mechanisms`, Kafka's default GSSAPI) and, for
//! each, its login module's JAAS config `<mechanism>.sasl.jaas.config`
//! (lower-cased mechanism), each read from `listener.name.<listener>.<key>`
//! when set, else from `<key>`. A bare `sasl.jaas.config` is ignored with
//! a warning, as Kafka's broker ignores it.
//!
//! Invariant: this module only reads and parses values; the mechanisms
//! themselves are `crate::sasl`'s. Every error names the key it comes
//! from, and none quotes a JAAS config (it holds passwords).

use std::collections::BTreeMap;

use crate::config::jaas_config::JaasConfig;
use crate::config::listener::listener_value;

/// The broker's list of mechanisms, and its default.
pub const ENABLED_MECHANISMS_KEY: &str = "sasl.enabled.mechanisms";
pub const DEFAULT_MECHANISMS: &str = "GSSAPI";

/// The suffix of a mechanism's JAAS config key.
pub const JAAS_SUFFIX: &str = "sasl.jaas.config";

/// Keys naming Java classes that replace a mechanism's server side: set,
/// they stop the broker (fail closed).
pub const CALLBACK_HANDLER_SUFFIX: &str = "sasl.server.callback.handler.class";

/// Whether `name` is a SASL key this module reads (plain, per mechanism,
/// or behind a `listener.name.<listener>.` prefix).
pub fn is_sasl_key(name: &str) -> bool {
    let base = match name.strip_prefix("listener.name.") {
        Some(rest) => rest.split_once('.').map_or("", |(_, base)| base),
        None => name,
    };
    base == ENABLED_MECHANISMS_KEY
        || base.ends_with(JAAS_SUFFIX)
        || base.ends_with(CALLBACK_HANDLER_SUFFIX)
        || OAUTH_KEYS.iter().any(|(k, _)| *k == base)
}

/// The OAUTHBEARER validator's keys Tributary reads, and Kafka's defaults.
pub const OAUTH_KEYS: &[(&str, &str)] = &[
    ("sasl.oauthbearer.jwks.endpoint.url", ""),
    ("sasl.oauthbearer.jwks.endpoint.refresh.ms", "3600000"),
    ("sasl.oauthbearer.clock.skew.seconds", "30"),
    ("sasl.oauthbearer.expected.audience", ""),
    ("sasl.oauthbearer.expected.issuer", ""),
    ("sasl.oauthbearer.sub.claim.name", "sub"),
];

/// One listener's SASL settings.
#[derive(Debug, Clone)]
pub struct SaslConfig {
    pub listener: String,
    /// The mechanisms, as given (upper-case names), and the key they came from.
    pub mechanisms: Vec<String>,
    pub mechanisms_key: String,
    /// Each mechanism's JAAS config, parsed, with the key it came from.
    jaas: BTreeMap<String, (String, Option<String>)>,
    /// Callback handler classes set for the listener or a mechanism: key, class.
    pub callback_handlers: Vec<(String, String)>,
    /// The OAUTHBEARER keys of [`OAUTH_KEYS`]: key → (the key read, value).
    oauth: BTreeMap<&'static str, (String, String)>,
}

impl SaslConfig {
    /// The settings of `listener` in the broker's raw key/value pairs.
    pub fn of_listener(listener: &str, pairs: &BTreeMap<String, String>) -> SaslConfig {
        let (mechanisms_key, mechanisms) = listener_value(listener, ENABLED_MECHANISMS_KEY, pairs)
            .unwrap_or((ENABLED_MECHANISMS_KEY.to_string(), DEFAULT_MECHANISMS));
        let mechanisms: Vec<String> = mechanisms
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect();
        let mut jaas = BTreeMap::new();
        let mut callback_handlers: Vec<(String, String)> =
            listener_value(listener, CALLBACK_HANDLER_SUFFIX, pairs)
                .map(|(k, v)| (k, v.to_string()))
                .into_iter()
                .collect();
        for m in &mechanisms {
            let lower = m.to_ascii_lowercase();
            let key = format!("{lower}.{JAAS_SUFFIX}");
            let found = listener_value(listener, &key, pairs);
            let source = found.as_ref().map_or(
                format!("listener.name.{}.{key}", listener.to_ascii_lowercase()),
                |(k, _)| k.clone(),
            );
            jaas.insert(m.clone(), (source, found.map(|(_, v)| v.to_string())));
            let handler = format!("{lower}.{CALLBACK_HANDLER_SUFFIX}");
            if let Some((k, v)) = listener_value(listener, &handler, pairs) {
                callback_handlers.push((k, v.to_string()));
            }
        }
        let oauth = OAUTH_KEYS
            .iter()
            .map(|(key, default)| {
                let (source, value) =
                    listener_value(listener, key, pairs).unwrap_or((key.to_string(), default));
                (*key, (source, value.to_string()))
            })
            .collect();
        SaslConfig {
            listener: listener.to_string(),
            mechanisms,
            mechanisms_key,
            jaas,
            callback_handlers,
            oauth,
        }
    }

    /// An OAUTHBEARER key of [`OAUTH_KEYS`]: (the key it was read from, value).
    pub fn oauth(&self, key: &str) -> (&str, &str) {
        let (source, value) = self
            .oauth
            .get(key)
            .unwrap_or_else(|| panic!("{key} is not an OAUTHBEARER key"));
        (source, value.trim())
    }

    /// The JAAS config of `mechanism`, parsed; Err names the key (unset,
    /// or not parsable).
    pub fn jaas(&self, mechanism: &str) -> Result<JaasConfig, String> {
        let (key, value) = self
            .jaas
            .get(mechanism)
            .unwrap_or_else(|| panic!("{mechanism} is not an enabled mechanism"));
        let Some(value) = value else {
            return Err(format!(
                "{key}: mechanism {mechanism} of listener {} needs its JAAS config (Tributary reads no JAAS file)",
                self.listener
            ));
        };
        JaasConfig::parse(value).map_err(|e| format!("{key}: {e}"))
    }

    /// The key a mechanism's JAAS config is read from.
    pub fn jaas_key(&self, mechanism: &str) -> &str {
        self.jaas.get(mechanism).map_or("", |(k, _)| k.as_str())
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
    fn mechanisms_and_their_jaas_are_read_per_listener() {
        let p = pairs(&[
            ("sasl.enabled.mechanisms", "GSSAPI"),
            (
                "listener.name.clients.sasl.enabled.mechanisms",
                "PLAIN, SCRAM-SHA-256",
            ),
            (
                "listener.name.clients.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_a=\"b\";",
            ),
        ]);
        let c = SaslConfig::of_listener("CLIENTS", &p);
        assert_eq!(c.mechanisms, ["PLAIN", "SCRAM-SHA-256"]);
        assert_eq!(
            c.mechanisms_key,
            "listener.name.clients.sasl.enabled.mechanisms"
        );
        assert_eq!(c.jaas("PLAIN").unwrap().options["user_a"], "b");
        let e = c.jaas("SCRAM-SHA-256").unwrap_err();
        assert!(
            e.starts_with("listener.name.clients.scram-sha-256.sasl.jaas.config"),
            "{e}"
        );
        let other = SaslConfig::of_listener("OTHER", &p);
        assert_eq!(other.mechanisms, ["GSSAPI"]);
        assert!(other.callback_handlers.is_empty());
        assert_eq!(
            other.oauth("sasl.oauthbearer.clock.skew.seconds"),
            ("sasl.oauthbearer.clock.skew.seconds", "30")
        );
    }

    #[test]
    fn sasl_keys_are_known() {
        assert!(is_sasl_key("sasl.enabled.mechanisms"));
        assert!(is_sasl_key("listener.name.x.plain.sasl.jaas.config"));
        assert!(is_sasl_key(
            "listener.name.x.plain.sasl.server.callback.handler.class"
        ));
        assert!(!is_sasl_key("sasl.kerberos.service.name"));
    }
}
