//! SASL/PLAIN's server side (RFC 4616), as Kafka's `PlainSaslServer` with
//! its default `PlainServerCallbackHandler`: the client's one message is
//! `authzid NUL authcid NUL password`; the users are the `user_<name>`
//! options of the listener's `PlainLoginModule` JAAS config.
//!
//! Invariants: a password is compared in constant time and never logged
//! or echoed; a failure says only what Kafka's says.

use std::collections::BTreeMap;

use crate::config::jaas_config::JaasConfig;

/// Kafka's PLAIN login module.
pub const LOGIN_MODULE: &str = "org.apache.kafka.common.security.plain.PlainLoginModule";

/// Why an authentication failed: Kafka's message to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed(pub String);

/// The users of one listener.
#[derive(Clone)]
pub struct PlainServer {
    users: BTreeMap<String, String>,
}

impl std::fmt::Debug for PlainServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainServer")
            .field("users", &self.users.len())
            .finish()
    }
}

impl PlainServer {
    /// The server of a JAAS config; Err (the caller names the key) when it
    /// is not PLAIN's module or defines no user.
    pub fn from_jaas(jaas: &JaasConfig) -> Result<PlainServer, String> {
        if jaas.login_module != LOGIN_MODULE {
            return Err(format!(
                "login module {} is not {LOGIN_MODULE}",
                jaas.login_module
            ));
        }
        let users: BTreeMap<String, String> = jaas
            .options
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("user_")?.to_string(), v.clone())))
            .collect();
        if users.is_empty() {
            return Err("no user_<name>=\"<password>\" option: nobody could log in".into());
        }
        Ok(PlainServer { users })
    }

    /// The user a client's PLAIN message authenticates.
    pub fn authenticate(&self, message: &[u8]) -> Result<String, Failed> {
        let text = std::str::from_utf8(message)
            .map_err(|_| Failed("Invalid SASL/PLAIN response: not UTF-8".into()))?;
        let tokens: Vec<&str> = text.split('\u{0}').collect();
        if tokens.len() != 3 {
            return Err(Failed(format!(
                "Invalid SASL/PLAIN response: expected 3 tokens, got {}",
                tokens.len()
            )));
        }
        let (authzid, username, password) = (tokens[0], tokens[1], tokens[2]);
        if username.is_empty() {
            return Err(Failed(
                "Authentication failed: username not specified".into(),
            ));
        }
        if password.is_empty() {
            return Err(Failed(
                "Authentication failed: password not specified".into(),
            ));
        }
        let known = self
            .users
            .get(username)
            .is_some_and(|expected| same(expected.as_bytes(), password.as_bytes()));
        if !known {
            return Err(Failed(
                "Authentication failed: Invalid username or password".into(),
            ));
        }
        if !authzid.is_empty() && authzid != username {
            return Err(Failed(
                "Authentication failed: Client requested an authorization id that is different from username".into(),
            ));
        }
        Ok(username.to_string())
    }
}

/// Equality in time independent of where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> PlainServer {
        PlainServer::from_jaas(
            &JaasConfig::parse(&format!(
                r#"{LOGIN_MODULE} required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";"#
            ))
            .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_known_user_with_its_password_is_authenticated() {
        let s = server();
        assert_eq!(s.authenticate(b"\0alice\0alice-secret").unwrap(), "alice");
        assert_eq!(
            s.authenticate(b"alice\0alice\0alice-secret").unwrap(),
            "alice"
        );
    }

    #[test]
    fn failures_say_what_kafka_says() {
        let s = server();
        let failed = |m: &[u8]| s.authenticate(m).unwrap_err().0;
        assert_eq!(
            failed(b"\0alice\0wrong"),
            "Authentication failed: Invalid username or password"
        );
        assert_eq!(
            failed(b"\0mallory\0alice-secret"),
            "Authentication failed: Invalid username or password"
        );
        assert_eq!(
            failed(b"admin\0alice\0alice-secret"),
            "Authentication failed: Client requested an authorization id that is different from username"
        );
        assert_eq!(
            failed(b"\0\0x"),
            "Authentication failed: username not specified"
        );
        assert_eq!(
            failed(b"alice-secret"),
            "Invalid SASL/PLAIN response: expected 3 tokens, got 1"
        );
    }

    #[test]
    fn a_config_without_users_or_of_another_module_is_refused() {
        let no_users = JaasConfig::parse(&format!(
            r#"{LOGIN_MODULE} required username="a" password="b";"#
        ))
        .unwrap();
        assert!(PlainServer::from_jaas(&no_users).is_err());
        let other = JaasConfig::parse(r#"com.example.Module required user_a="b";"#).unwrap();
        assert!(PlainServer::from_jaas(&other).is_err());
    }
}
