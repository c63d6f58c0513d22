//! SASL on SASL_PLAINTEXT and SASL_SSL listeners, as Kafka's
//! `SaslServerAuthenticator` runs it: ApiVersions and SaslHandshake v1
//! (the mechanism), then SaslAuthenticate carrying the mechanism's
//! messages, then Kafka requests as the authenticated principal. After
//! SaslHandshake v0 the mechanism's messages come instead as raw frames
//! (a size and the token, no request header) and are answered the same
//! way; a failure there closes the connection without an answer, as
//! Kafka's does, and such a session cannot be re-authenticated.
//! Re-authentication (KIP-368): with `connections.max.reauth.ms` set, a
//! session lasts that long; the client re-authenticates on the same
//! connection as the same principal, or the connection is closed at its
//! next request.
//!
//! - [`SaslServer`]: one listener's mechanisms, built at start;
//! - [`SaslAuthenticator`]: one connection's state, a pure state machine
//!   that takes `now_ms` and returns answers;
//! - [`plain`]: the SASL/PLAIN mechanism;
//! - [`oauthbearer`]: OAUTHBEARER, JWTs checked against a JWKS;
//! - [`scram`]: SCRAM-SHA-256 and SCRAM-SHA-512, with the credentials of
//!   the metadata log.
//!
//! Invariants (fail closed): a listener's mechanisms are all served or the
//! broker does not start; before authentication only ApiVersions and the
//! SASL APIs are served, anything else closes the connection; a failed
//! authentication is answered with Kafka's error and then closes the
//! connection; no credential is ever logged.

pub mod jwks;
pub mod oauthbearer;
pub mod plain;
pub mod scram;
pub mod scram_control;

use std::sync::{Arc, RwLock};

use metadata::ScramCredential;
use protocol::messages::ApiKey;

use crate::config::sasl_config::SaslConfig;
use crate::error::code;
use oauthbearer::OAuthBearerValidator;
use plain::PlainServer;
use scram::{ScramMechanism, ScramServer};

/// Kafka's SCRAM login module, which a SCRAM mechanism's JAAS config names.
pub const SCRAM_LOGIN_MODULE: &str = "org.apache.kafka.common.security.scram.ScramLoginModule";
/// Kafka's OAUTHBEARER login module.
pub const OAUTH_LOGIN_MODULE: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

/// Kafka's answer to a refused token (RFC 7628's error, as a challenge).
const INVALID_TOKEN: &str = r#"{"status":"invalid_token"}"#;

/// A user's credential for a SCRAM mechanism, from the metadata.
pub type ScramCredentials<'a> = &'a dyn Fn(&str, &str) -> Option<ScramCredential>;

/// The re-authentication key (KIP-368).
pub const REAUTH_KEY: &str = "connections.max.reauth.ms";

/// One listener's SASL server side.
#[derive(Debug)]
pub struct SaslServer {
    /// The enabled mechanisms, in the configured order.
    mechanisms: Vec<String>,
    plain: Option<PlainServer>,
    /// Replaced whole when its JWKS is refreshed (`sasl::jwks`).
    oauth: Option<Arc<RwLock<OAuthBearerValidator>>>,
    /// `connections.max.reauth.ms`; 0: sessions never expire.
    reauth_ms: u64,
}

impl SaslServer {
    /// The server of a listener's settings, and its `connections.max.reauth.ms`.
    /// Err names the key at fault.
    pub fn new(c: &SaslConfig, reauth_ms: u64) -> Result<SaslServer, String> {
        for (key, class) in &c.callback_handlers {
            let validator = key.ends_with(&format!(
                "oauthbearer.{}",
                crate::config::sasl_config::CALLBACK_HANDLER_SUFFIX
            )) && class.trim() == oauthbearer::VALIDATOR_CLASS;
            if !validator {
                return Err(format!(
                    "{key}={class}: names a Java class, which Tributary cannot load (only OAUTHBEARER's {} is known)",
                    oauthbearer::VALIDATOR_CLASS
                ));
            }
        }
        if c.mechanisms.is_empty() {
            return Err(format!(
                "{}: a SASL listener ({}) needs at least one mechanism",
                c.mechanisms_key, c.listener
            ));
        }
        let mut plain = None;
        let mut oauth = None;
        for m in &c.mechanisms {
            match m.as_str() {
                "PLAIN" => {
                    let jaas = c.jaas(m)?;
                    let server = PlainServer::from_jaas(&jaas)
                        .map_err(|e| format!("{}: {e}", c.jaas_key(m)))?;
                    plain = Some(server);
                }
                "SCRAM-SHA-256" | "SCRAM-SHA-512" => {
                    let jaas = c.jaas(m)?;
                    if jaas.login_module != SCRAM_LOGIN_MODULE {
                        return Err(format!(
                            "{}: login module {} is not {SCRAM_LOGIN_MODULE}",
                            c.jaas_key(m),
                            jaas.login_module
                        ));
                    }
                }
                "OAUTHBEARER" => {
                    let jaas = c.jaas(m)?;
                    if jaas.login_module != OAUTH_LOGIN_MODULE {
                        return Err(format!(
                            "{}: login module {} is not {OAUTH_LOGIN_MODULE}",
                            c.jaas_key(m),
                            jaas.login_module
                        ));
                    }
                    oauth = Some(oauth_validator(c)?);
                }
                other => {
                    return Err(format!(
                        "{}: SASL mechanism {other} of listener {} is not served by Tributary yet (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER are)",
                        c.mechanisms_key, c.listener
                    ))
                }
            }
        }
        Ok(SaslServer {
            mechanisms: c.mechanisms.clone(),
            plain,
            oauth,
            reauth_ms,
        })
    }

    /// A new connection's authenticator.
    pub fn authenticator(self: &Arc<Self>) -> SaslAuthenticator {
        SaslAuthenticator {
            server: self.clone(),
            stage: Stage::Handshake,
            scram: None,
            oauth_refused: false,
            session: None,
        }
    }
}

/// OAUTHBEARER's validator from the listener's settings. Fail closed:
/// without Kafka's validating callback handler Kafka would take unsigned
/// tokens (its unsecured validator, for tests); Tributary refuses to start.
fn oauth_validator(c: &SaslConfig) -> Result<Arc<RwLock<OAuthBearerValidator>>, String> {
    if c.callback_handlers.is_empty() {
        return Err(format!(
            "listener.name.{}.oauthbearer.{}: OAUTHBEARER needs {} (without it Kafka takes unsigned tokens); set it and sasl.oauthbearer.jwks.endpoint.url",
            c.listener.to_ascii_lowercase(),
            crate::config::sasl_config::CALLBACK_HANDLER_SUFFIX,
            oauthbearer::VALIDATOR_CLASS
        ));
    }
    let (url_key, url) = c.oauth("sasl.oauthbearer.jwks.endpoint.url");
    let (refresh_key, refresh) = c.oauth("sasl.oauthbearer.jwks.endpoint.refresh.ms");
    let refresh: u64 = refresh
        .parse()
        .map_err(|_| format!("{refresh_key}={refresh}: not a number of milliseconds"))?;
    let (skew_key, skew) = c.oauth("sasl.oauthbearer.clock.skew.seconds");
    let skew: i64 = skew
        .parse()
        .map_err(|_| format!("{skew_key}={skew}: not a number of seconds"))?;
    let audience: Vec<String> = c
        .oauth("sasl.oauthbearer.expected.audience")
        .1
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect();
    let issuer = Some(c.oauth("sasl.oauthbearer.expected.issuer").1)
        .filter(|i| !i.is_empty())
        .map(str::to_string);
    let sub = c.oauth("sasl.oauthbearer.sub.claim.name").1.to_string();
    let build = move |jwks: &str| {
        OAuthBearerValidator::new(jwks, skew, audience.clone(), issuer.clone(), &sub)
    };
    jwks::validator(url, std::time::Duration::from_millis(refresh), build)
        .map_err(|e| format!("{url_key}={url}: {e}"))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// Waiting for SaslHandshake (ApiVersions may come first).
    Handshake,
    /// Waiting for the chosen mechanism's message: in SaslAuthenticate, or
    /// (after SaslHandshake v0) in a raw frame.
    Authenticate { mechanism: String, raw: bool },
    /// Authenticated: Kafka requests are served.
    Complete,
}

/// An authenticated session.
#[derive(Debug, Clone)]
struct Session {
    principal: String,
    mechanism: String,
    /// When it ends; `None`: never.
    expires_ms: Option<u64>,
}

/// Whether a request may be served on the connection now.
#[derive(Debug, PartialEq, Eq)]
pub enum Gate {
    Serve,
    /// Close the connection, for this reason (logged, never sent).
    Close(String),
}

/// The answer to SaslHandshake.
#[derive(Debug, PartialEq, Eq)]
pub struct HandshakeAnswer {
    pub error_code: i16,
    pub mechanisms: Vec<String>,
    /// Close the connection once the answer is sent.
    pub close: bool,
}

/// The answer to SaslAuthenticate.
#[derive(Debug, PartialEq, Eq)]
pub struct AuthenticateAnswer {
    pub error_code: i16,
    pub error_message: Option<String>,
    /// The mechanism's message to the client.
    pub auth_bytes: Vec<u8>,
    /// KIP-368's session lifetime (0: none).
    pub session_lifetime_ms: i64,
    /// The principal, when this answer authenticated the connection.
    pub principal: Option<String>,
    /// Close the connection once the answer is sent.
    pub close: bool,
}

impl AuthenticateAnswer {
    fn failed(error_code: i16, message: String, close: bool) -> AuthenticateAnswer {
        AuthenticateAnswer {
            error_code,
            error_message: Some(message),
            auth_bytes: Vec::new(),
            session_lifetime_ms: 0,
            principal: None,
            close,
        }
    }
}

/// One connection's SASL state.
#[derive(Debug)]
pub struct SaslAuthenticator {
    server: Arc<SaslServer>,
    stage: Stage,
    /// A SCRAM exchange under way.
    scram: Option<ScramServer>,
    /// OAUTHBEARER refused the token: the client's `\x01` ends the exchange.
    oauth_refused: bool,
    session: Option<Session>,
}

impl SaslAuthenticator {
    /// Whether a request of `api` may be served at `now_ms`.
    pub fn gate(&self, api: ApiKey, now_ms: u64) -> Gate {
        let allowed = match &self.stage {
            Stage::Handshake => matches!(api, ApiKey::ApiVersions | ApiKey::SaslHandshake),
            Stage::Authenticate { raw, .. } => !raw && api == ApiKey::SaslAuthenticate,
            Stage::Complete => {
                let expired = self
                    .session
                    .as_ref()
                    .and_then(|s| s.expires_ms)
                    .is_some_and(|end| now_ms >= end);
                if expired && api != ApiKey::SaslHandshake {
                    return Gate::Close(format!(
                        "the session expired ({REAUTH_KEY}) and the client did not re-authenticate before its {} request",
                        api.name()
                    ));
                }
                true
            }
        };
        if allowed {
            Gate::Serve
        } else {
            Gate::Close(format!(
                "Unexpected Kafka request of type {} during SASL handshake.",
                api.name()
            ))
        }
    }

    /// Whether the connection has authenticated (a session began, even if
    /// it is being renewed).
    pub fn authenticated(&self) -> bool {
        self.session.is_some()
    }

    /// Whether the next frame is a raw SASL token (SaslHandshake v0), not a
    /// Kafka request.
    pub fn expects_raw_token(&self) -> bool {
        matches!(self.stage, Stage::Authenticate { raw: true, .. })
    }

    /// SaslHandshake: the mechanism the client will use; `version` 0 means
    /// its messages come as raw frames.
    pub fn handshake(&mut self, mechanism: &str, version: i16) -> HandshakeAnswer {
        let mechanisms = self.server.mechanisms.clone();
        let raw = version == 0;
        // KIP-368: re-authentication needs SaslHandshake v1 or later.
        let reauthenticating = self.stage == Stage::Complete && self.server.reauth_ms > 0 && !raw;
        if self.stage != Stage::Handshake && !reauthenticating {
            return HandshakeAnswer {
                error_code: code::ILLEGAL_SASL_STATE,
                mechanisms,
                close: false,
            };
        }
        let same_as_before = self
            .session
            .as_ref()
            .is_none_or(|s| s.mechanism == mechanism);
        if !mechanisms.iter().any(|m| m == mechanism) || !same_as_before {
            return HandshakeAnswer {
                error_code: code::UNSUPPORTED_SASL_MECHANISM,
                mechanisms,
                close: true,
            };
        }
        self.stage = Stage::Authenticate {
            mechanism: mechanism.to_string(),
            raw,
        };
        self.scram = ScramMechanism::by_name(mechanism).map(ScramServer::new);
        HandshakeAnswer {
            error_code: code::NONE,
            mechanisms,
            close: false,
        }
    }

    /// SaslAuthenticate: the mechanism's message, at `now_ms`; SCRAM reads
    /// its users' credentials from `credentials`.
    pub fn authenticate(
        &mut self,
        message: &[u8],
        now_ms: u64,
        credentials: ScramCredentials<'_>,
    ) -> AuthenticateAnswer {
        let Stage::Authenticate { mechanism, .. } = self.stage.clone() else {
            return AuthenticateAnswer::failed(
                code::ILLEGAL_SASL_STATE,
                "SaslAuthenticate request received after successful authentication".into(),
                false,
            );
        };
        let mut token_expiry_ms = None;
        let outcome = match (&mut self.scram, &self.server.plain) {
            (None, _) if mechanism == "OAUTHBEARER" => {
                if self.oauth_refused {
                    return AuthenticateAnswer::failed(
                        code::SASL_AUTHENTICATION_FAILED,
                        INVALID_TOKEN.into(),
                        true,
                    );
                }
                let validator = self.server.oauth.as_ref().expect("OAUTHBEARER is enabled");
                let validator = validator.read().expect("jwks lock");
                let checked = oauthbearer::bearer_token(message)
                    .ok_or_else(|| "not an OAUTHBEARER client message".to_string())
                    .and_then(|token| validator.validate(token, now_ms as i64));
                match checked {
                    Ok(valid) => {
                        token_expiry_ms = Some(valid.expires_ms);
                        let user = valid.principal.trim_start_matches("User:").to_string();
                        Ok((user, Vec::new()))
                    }
                    Err(reason) => {
                        tracing::info!(%reason, "OAUTHBEARER token refused");
                        self.oauth_refused = true;
                        return AuthenticateAnswer {
                            error_code: code::NONE,
                            error_message: None,
                            auth_bytes: INVALID_TOKEN.as_bytes().to_vec(),
                            session_lifetime_ms: 0,
                            principal: None,
                            close: false,
                        };
                    }
                }
            }
            (Some(exchange), _) => {
                let lookup = |user: &str| credentials(user, &mechanism);
                match exchange.step(message, &lookup) {
                    Ok(scram::Step::Continue(reply)) => {
                        return AuthenticateAnswer {
                            error_code: code::NONE,
                            error_message: None,
                            auth_bytes: reply,
                            session_lifetime_ms: 0,
                            principal: None,
                            close: false,
                        }
                    }
                    Ok(scram::Step::Done { message, user }) => Ok((user, message)),
                    Err(scram::Failed(why)) => Err(why),
                }
            }
            (None, Some(plain)) if mechanism == "PLAIN" => plain
                .authenticate(message)
                .map(|user| (user, Vec::new()))
                .map_err(|plain::Failed(why)| why),
            _ => unreachable!("handshake admits only the listener's mechanisms"),
        };
        let (user, reply) = match outcome {
            Ok(done) => done,
            Err(why) => {
                return AuthenticateAnswer::failed(code::SASL_AUTHENTICATION_FAILED, why, true)
            }
        };
        self.scram = None;
        let principal = format!("User:{user}");
        if let Some(before) = &self.session {
            if before.principal != principal {
                return AuthenticateAnswer::failed(
                    code::SASL_AUTHENTICATION_FAILED,
                    format!(
                        "Cannot change principals during re-authentication from {}: {principal}",
                        before.principal
                    ),
                    true,
                );
            }
        }
        // KIP-368: with re-authentication on, a session ends at the token's
        // expiry at the latest.
        let mut reauth_ms = self.server.reauth_ms;
        if let (true, Some(expiry)) = (reauth_ms > 0, token_expiry_ms) {
            let left = u64::try_from(expiry.saturating_sub(now_ms as i64)).unwrap_or(0);
            reauth_ms = reauth_ms.min(left.max(1));
        }
        self.stage = Stage::Complete;
        self.session = Some(Session {
            principal: principal.clone(),
            mechanism,
            expires_ms: (reauth_ms > 0).then(|| now_ms.saturating_add(reauth_ms)),
        });
        AuthenticateAnswer {
            error_code: code::NONE,
            error_message: None,
            auth_bytes: reply,
            session_lifetime_ms: i64::try_from(reauth_ms).unwrap_or(i64::MAX),
            principal: Some(principal),
            close: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn no_scram(_: &str, _: &str) -> Option<ScramCredential> {
        None
    }
    const NO_SCRAM: fn(&str, &str) -> Option<ScramCredential> = no_scram;

    fn server(reauth_ms: u64) -> Arc<SaslServer> {
        let pairs: BTreeMap<String, String> = [
            ("sasl.enabled.mechanisms", "PLAIN"),
            (
                "plain.sasl.jaas.config",
                r#"org.apache.kafka.common.security.plain.PlainLoginModule required user_alice="pw-a" user_bob="pw-b";"#,
            ),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Arc::new(
            SaslServer::new(
                &SaslConfig::of_listener("SASL_PLAINTEXT", &pairs),
                reauth_ms,
            )
            .unwrap(),
        )
    }

    #[test]
    fn only_versions_and_the_handshake_come_before_authentication() {
        let mut a = server(0).authenticator();
        assert_eq!(a.gate(ApiKey::ApiVersions, 0), Gate::Serve);
        assert_eq!(a.gate(ApiKey::SaslHandshake, 0), Gate::Serve);
        assert!(
            matches!(a.gate(ApiKey::Metadata, 0), Gate::Close(why) if why.contains("Metadata"))
        );
        assert!(matches!(
            a.gate(ApiKey::SaslAuthenticate, 0),
            Gate::Close(_)
        ));
        assert_eq!(a.handshake("PLAIN", 1).error_code, code::NONE);
        assert!(matches!(a.gate(ApiKey::Produce, 0), Gate::Close(_)));
        let ok = a.authenticate(b"\0alice\0pw-a", 0, &NO_SCRAM);
        assert_eq!(
            (ok.error_code, ok.principal.as_deref()),
            (code::NONE, Some("User:alice"))
        );
        assert_eq!(ok.session_lifetime_ms, 0);
        assert_eq!(a.gate(ApiKey::Produce, u64::MAX), Gate::Serve);
        // Without re-authentication, a second handshake is an illegal state.
        let again = a.handshake("PLAIN", 1);
        assert_eq!(
            (again.error_code, again.close),
            (code::ILLEGAL_SASL_STATE, false)
        );
        let late = a.authenticate(b"\0alice\0pw-a", 0, &NO_SCRAM);
        assert_eq!(
            (late.error_code, late.close),
            (code::ILLEGAL_SASL_STATE, false)
        );
    }

    #[test]
    fn after_a_v0_handshake_the_token_comes_raw_and_no_request_is_served() {
        let mut a = server(1000).authenticator();
        assert!(!a.expects_raw_token());
        assert_eq!(a.handshake("PLAIN", 0).error_code, code::NONE);
        assert!(a.expects_raw_token());
        // Not even SaslAuthenticate: the next frame is the token itself.
        assert!(matches!(
            a.gate(ApiKey::SaslAuthenticate, 0),
            Gate::Close(_)
        ));
        let ok = a.authenticate(b"\0alice\0pw-a", 0, &NO_SCRAM);
        assert_eq!(ok.principal.as_deref(), Some("User:alice"));
        assert!(!a.expects_raw_token());
        assert_eq!(a.gate(ApiKey::Produce, 10), Gate::Serve);
        // KIP-368 re-authentication needs v1.
        let again = a.handshake("PLAIN", 0);
        assert_eq!(again.error_code, code::ILLEGAL_SASL_STATE);
        assert_eq!(a.handshake("PLAIN", 1).error_code, code::NONE);
        assert!(!a.expects_raw_token());
    }

    #[test]
    fn a_wrong_password_or_mechanism_is_answered_then_closed() {
        let mut a = server(0).authenticator();
        let h = a.handshake("SCRAM-SHA-256", 1);
        assert_eq!(h.error_code, code::UNSUPPORTED_SASL_MECHANISM);
        assert_eq!((h.mechanisms, h.close), (vec!["PLAIN".to_string()], true));
        let mut a = server(0).authenticator();
        a.handshake("PLAIN", 1);
        let bad = a.authenticate(b"\0alice\0pw-b", 0, &NO_SCRAM);
        assert_eq!(bad.error_code, code::SASL_AUTHENTICATION_FAILED);
        assert_eq!(
            bad.error_message.as_deref(),
            Some("Authentication failed: Invalid username or password")
        );
        assert!(bad.close && bad.principal.is_none());
    }

    #[test]
    fn a_session_expires_unless_the_same_principal_re_authenticates() {
        let mut a = server(1000).authenticator();
        a.handshake("PLAIN", 1);
        let ok = a.authenticate(b"\0alice\0pw-a", 5_000, &NO_SCRAM);
        assert_eq!(ok.session_lifetime_ms, 1000);
        assert_eq!(a.gate(ApiKey::Fetch, 5_999), Gate::Serve);
        assert!(matches!(a.gate(ApiKey::Fetch, 6_000), Gate::Close(_)));
        // Re-authentication renews it.
        assert_eq!(a.gate(ApiKey::SaslHandshake, 6_000), Gate::Serve);
        assert_eq!(a.handshake("PLAIN", 1).error_code, code::NONE);
        assert_eq!(
            a.authenticate(b"\0alice\0pw-a", 6_000, &NO_SCRAM)
                .error_code,
            code::NONE
        );
        assert_eq!(a.gate(ApiKey::Fetch, 6_999), Gate::Serve);
        // Another principal may not take the connection over.
        a.handshake("PLAIN", 1);
        let other = a.authenticate(b"\0bob\0pw-b", 7_000, &NO_SCRAM);
        assert_eq!(other.error_code, code::SASL_AUTHENTICATION_FAILED);
        assert!(other.close);
    }

    #[test]
    fn an_oauth_token_is_checked_and_bounds_the_session() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
        use base64::Engine;
        use ring::rand::SystemRandom;
        use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let public = key.public_key().as_ref();
        let dir = tempfile::tempdir().unwrap();
        let jwks = dir.path().join("jwks.json");
        std::fs::write(
            &jwks,
            format!(
                r#"{{"keys":[{{"kty":"EC","crv":"P-256","kid":"k","x":"{}","y":"{}"}}]}}"#,
                B64URL.encode(&public[1..33]),
                B64URL.encode(&public[33..65])
            ),
        )
        .unwrap();
        let pairs: BTreeMap<String, String> = [
            ("sasl.enabled.mechanisms", "OAUTHBEARER".to_string()),
            (
                "oauthbearer.sasl.jaas.config",
                format!("{OAUTH_LOGIN_MODULE} required;"),
            ),
            (
                "listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class",
                oauthbearer::VALIDATOR_CLASS.to_string(),
            ),
            (
                "sasl.oauthbearer.jwks.endpoint.url",
                format!("file://{}", jwks.display()),
            ),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
        let config = SaslConfig::of_listener("SASL_SSL", &pairs);
        let server = Arc::new(SaslServer::new(&config, 600_000).unwrap());
        let token = |exp: i64| {
            let h = B64URL.encode(r#"{"alg":"ES256","kid":"k"}"#);
            let p = B64URL.encode(format!(r#"{{"sub":"svc","exp":{exp}}}"#));
            let sig = key.sign(&rng, format!("{h}.{p}").as_bytes()).unwrap();
            format!(
                "n,,\u{1}auth=Bearer {h}.{p}.{}\u{1}\u{1}",
                B64URL.encode(sig.as_ref())
            )
        };
        let now_ms = 1_800_000_000_000u64;
        let mut a = server.authenticator();
        a.handshake("OAUTHBEARER", 1);
        let ok = a.authenticate(token(1_800_000_060).as_bytes(), now_ms, &NO_SCRAM);
        assert_eq!(ok.principal.as_deref(), Some("User:svc"));
        // The token's remaining minute, not the 10 minutes of connections.max.reauth.ms.
        assert_eq!(ok.session_lifetime_ms, 60_000);
        // An expired token: Kafka's challenge, then the failure on \x01.
        let mut a = server.authenticator();
        a.handshake("OAUTHBEARER", 1);
        let refused = a.authenticate(token(1_799_990_000).as_bytes(), now_ms, &NO_SCRAM);
        assert_eq!(
            (
                refused.error_code,
                refused.auth_bytes.as_slice(),
                refused.close
            ),
            (code::NONE, INVALID_TOKEN.as_bytes(), false)
        );
        let end = a.authenticate(b"\x01", now_ms, &NO_SCRAM);
        assert_eq!(
            (end.error_code, end.close),
            (code::SASL_AUTHENTICATION_FAILED, true)
        );
        // Without Kafka's validating handler the listener does not start.
        let mut unsecured = pairs.clone();
        unsecured.remove("listener.name.sasl_ssl.oauthbearer.sasl.server.callback.handler.class");
        let e = SaslServer::new(&SaslConfig::of_listener("SASL_SSL", &unsecured), 0).unwrap_err();
        assert!(e.contains("unsigned tokens"), "{e}");
    }

    #[test]
    fn mechanisms_tributary_lacks_stop_the_broker() {
        for (mechanisms, expected) in [
            ("GSSAPI", "sasl.enabled.mechanisms: SASL mechanism GSSAPI"),
            ("SCRAM-SHA-256", "scram-sha-256.sasl.jaas.config"),
            ("PLAIN", "plain.sasl.jaas.config"),
            ("", "needs at least one mechanism"),
        ] {
            let pairs: BTreeMap<String, String> = [(
                "listener.name.sasl_ssl.sasl.enabled.mechanisms".to_string(),
                mechanisms.to_string(),
            )]
            .into_iter()
            .collect();
            let e = SaslServer::new(&SaslConfig::of_listener("SASL_SSL", &pairs), 0).unwrap_err();
            assert!(e.contains(expected), "{mechanisms}: {e}");
        }
    }
}
