//! SASL/OAUTHBEARER's server side (RFC 7628), as Kafka's
//! `OAuthBearerSaslServer` with `OAuthBearerValidatorCallbackHandler`: the
//! client sends `n,,\x01auth=Bearer <JWT>\x01\x01`; the JWT's signature is
//! checked against a JWKS (`sasl.oauthbearer.jwks.endpoint.url`, a file or
//! an HTTPS URL: `super::jwks`), then its claims: `exp` (and `nbf`, `iat`) within
//! `sasl.oauthbearer.clock.skew.seconds`, `sub` (or
//! `sasl.oauthbearer.sub.claim.name`) present, and the audience and issuer
//! when `sasl.oauthbearer.expected.audience` / `.issuer` are set. The
//! principal is `User:<sub>`; the session ends at the token's expiry at the
//! latest (KIP-368).
//!
//! A refused token is answered, as Kafka answers it, with the JSON error
//! `{"status":"invalid_token"}` as a challenge; the client's `\x01` then
//! ends the exchange with SASL_AUTHENTICATION_FAILED.
//!
//! Invariants: only RS256 and ES256 signatures are taken (never `none`);
//! the key is the JWKS key whose `kid` the token names; no token is logged.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use serde_json::Value;

/// The most bytes of a JWKS file.
pub const MAX_JWKS_BYTES: u64 = 1024 * 1024;
/// The longest token taken.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// Kafka's callback handler that validates JWTs against a JWKS.
pub const VALIDATOR_CLASS: &str =
    "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";

/// A public key of the JWKS.
#[derive(Debug, Clone)]
enum Key {
    Rsa { n: Vec<u8>, e: Vec<u8> },
    EcP256 { point: Vec<u8> },
}

/// The validator's settings and keys.
#[derive(Debug, Clone)]
pub struct OAuthBearerValidator {
    keys: BTreeMap<String, Key>,
    clock_skew_ms: i64,
    audience: Vec<String>,
    issuer: Option<String>,
    sub_claim: String,
}

/// A valid token: who, and until when (ms since the epoch).
#[derive(Debug, PartialEq, Eq)]
pub struct Validated {
    pub principal: String,
    pub expires_ms: i64,
}

fn b64(s: &str) -> Result<Vec<u8>, String> {
    B64URL
        .decode(s.trim_end_matches('='))
        .map_err(|_| "not base64url".to_string())
}

impl OAuthBearerValidator {
    /// The validator of a JWKS document and Kafka's settings. Err: why the
    /// JWKS cannot be used (the caller names the key).
    pub fn new(
        jwks: &str,
        clock_skew_seconds: i64,
        audience: Vec<String>,
        issuer: Option<String>,
        sub_claim: &str,
    ) -> Result<OAuthBearerValidator, String> {
        let doc: Value = serde_json::from_str(jwks).map_err(|e| format!("not a JWKS: {e}"))?;
        let mut keys = BTreeMap::new();
        for k in doc["keys"]
            .as_array()
            .ok_or("a JWKS has a \"keys\" array")?
        {
            let field = |name: &str| k[name].as_str().map(b64).transpose();
            let kid = k["kid"].as_str().unwrap_or_default().to_string();
            let key = match (k["kty"].as_str(), k["crv"].as_str()) {
                (Some("RSA"), _) => match (field("n")?, field("e")?) {
                    (Some(n), Some(e)) => Key::Rsa { n, e },
                    _ => return Err(format!("RSA key {kid} lacks n or e")),
                },
                (Some("EC"), Some("P-256")) => match (field("x")?, field("y")?) {
                    (Some(x), Some(y)) if x.len() == 32 && y.len() == 32 => {
                        let mut point = vec![4u8];
                        point.extend(x);
                        point.extend(y);
                        Key::EcP256 { point }
                    }
                    _ => return Err(format!("EC key {kid} lacks a P-256 x or y")),
                },
                // Keys of other kinds (and their tokens) are not taken.
                _ => continue,
            };
            keys.insert(kid, key);
        }
        if keys.is_empty() {
            return Err("the JWKS holds no RSA or P-256 key".into());
        }
        Ok(OAuthBearerValidator {
            keys,
            clock_skew_ms: clock_skew_seconds.saturating_mul(1000),
            audience,
            issuer,
            sub_claim: sub_claim.to_string(),
        })
    }

    /// Validates a JWT at `now_ms`. Err: why, for the log (the client gets
    /// Kafka's `invalid_token` only).
    pub fn validate(&self, token: &str, now_ms: i64) -> Result<Validated, String> {
        if token.len() > MAX_TOKEN_BYTES {
            return Err("the token is too long".into());
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("a JWT has three parts".into());
        };
        let header: Value =
            serde_json::from_slice(&b64(h)?).map_err(|_| "the JWT header is not JSON")?;
        let claims: Value =
            serde_json::from_slice(&b64(p)?).map_err(|_| "the JWT payload is not JSON")?;
        let sig = b64(s)?;
        let kid = header["kid"].as_str().unwrap_or_default();
        let key = self
            .keys
            .get(kid)
            .ok_or_else(|| format!("no key {kid:?} in the JWKS"))?;
        let signed = format!("{h}.{p}");
        let verified = match (header["alg"].as_str(), key) {
            (Some("RS256"), Key::Rsa { n, e }) => RsaPublicKeyComponents { n, e }
                .verify(
                    &signature::RSA_PKCS1_2048_8192_SHA256,
                    signed.as_bytes(),
                    &sig,
                )
                .is_ok(),
            (Some("ES256"), Key::EcP256 { point }) => {
                UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                    .verify(signed.as_bytes(), &sig)
                    .is_ok()
            }
            (alg, _) => return Err(format!("algorithm {alg:?} is not taken for key {kid:?}")),
        };
        if !verified {
            return Err("the signature does not verify".into());
        }
        let seconds = |name: &str| claims[name].as_f64().map(|s| (s * 1000.0) as i64);
        let expires_ms = seconds("exp").ok_or("the token has no exp claim")?;
        if now_ms > expires_ms.saturating_add(self.clock_skew_ms) {
            return Err("the token has expired".into());
        }
        for name in ["nbf", "iat"] {
            if seconds(name).is_some_and(|t| t > now_ms.saturating_add(self.clock_skew_ms)) {
                return Err(format!("the token's {name} is in the future"));
            }
        }
        if !self.audience.is_empty() {
            let aud: Vec<&str> = match &claims["aud"] {
                Value::String(a) => vec![a.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !aud.iter().any(|a| self.audience.iter().any(|e| e == a)) {
                return Err("the token's audience is not an expected one".into());
            }
        }
        if let Some(issuer) = &self.issuer {
            if claims["iss"].as_str() != Some(issuer.as_str()) {
                return Err("the token's issuer is not the expected one".into());
            }
        }
        let sub = claims[self.sub_claim.as_str()]
            .as_str()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| format!("the token has no {} claim", self.sub_claim))?;
        Ok(Validated {
            principal: format!("User:{sub}"),
            expires_ms,
        })
    }
}

/// The token of a client's first OAUTHBEARER message
/// (`n,[a=authzid],\x01auth=Bearer <token>\x01[k=v\x01]*\x01`).
pub fn bearer_token(message: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(message).ok()?;
    let rest = text.strip_prefix("n,")?;
    let (_authzid, kvs) = rest.split_once(',')?;
    kvs.split('\u{1}')
        .find_map(|kv| kv.strip_prefix("auth="))
        .and_then(|auth| {
            auth.strip_prefix("Bearer ")
                .or(auth.strip_prefix("bearer "))
        })
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

    use super::*;

    struct Issuer {
        key: EcdsaKeyPair,
        jwks: String,
    }

    fn issuer() -> Issuer {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let key = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let public = key.public_key().as_ref();
        let jwks = serde_json::json!({"keys": [{
            "kty": "EC", "crv": "P-256", "kid": "k1",
            "x": B64URL.encode(&public[1..33]), "y": B64URL.encode(&public[33..65]),
        }]})
        .to_string();
        Issuer { key, jwks }
    }

    fn token(i: &Issuer, kid: &str, claims: Value) -> String {
        let h = B64URL.encode(serde_json::json!({"alg": "ES256", "kid": kid}).to_string());
        let p = B64URL.encode(claims.to_string());
        let sig = i
            .key
            .sign(&SystemRandom::new(), format!("{h}.{p}").as_bytes())
            .unwrap();
        format!("{h}.{p}.{}", B64URL.encode(sig.as_ref()))
    }

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn a_signed_unexpired_token_names_its_subject() {
        let i = issuer();
        let v =
            OAuthBearerValidator::new(&i.jwks, 30, vec!["kafka".into()], Some("idp".into()), "sub")
                .unwrap();
        let t = token(
            &i,
            "k1",
            serde_json::json!({"sub": "alice", "exp": 1_800_000_600, "aud": ["kafka"], "iss": "idp"}),
        );
        assert_eq!(
            v.validate(&t, NOW).unwrap(),
            Validated {
                principal: "User:alice".into(),
                expires_ms: 1_800_000_600_000
            }
        );
        let message = format!("n,,\u{1}auth=Bearer {t}\u{1}\u{1}");
        assert_eq!(bearer_token(message.as_bytes()), Some(t.as_str()));
    }

    #[test]
    fn expired_forged_misaddressed_and_unsigned_tokens_are_refused() {
        let i = issuer();
        let other = issuer();
        let v = OAuthBearerValidator::new(&i.jwks, 30, vec!["kafka".into()], None, "sub").unwrap();
        let ok = serde_json::json!({"sub": "a", "exp": 1_800_000_600, "aud": "kafka"});
        let cases = [
            (
                token(
                    &i,
                    "k1",
                    serde_json::json!({"sub": "a", "exp": 1_799_999_000, "aud": "kafka"}),
                ),
                "expired",
            ),
            (token(&other, "k1", ok.clone()), "signature"),
            (token(&i, "k2", ok.clone()), "no key"),
            (
                token(
                    &i,
                    "k1",
                    serde_json::json!({"sub": "a", "exp": 1_800_000_600, "aud": "other"}),
                ),
                "audience",
            ),
            (
                token(
                    &i,
                    "k1",
                    serde_json::json!({"exp": 1_800_000_600, "aud": "kafka"}),
                ),
                "no sub",
            ),
            (
                format!(
                    "{}.{}.",
                    B64URL.encode(r#"{"alg":"none","kid":"k1"}"#),
                    B64URL.encode(ok.to_string())
                ),
                "algorithm",
            ),
        ];
        for (t, why) in cases {
            let e = v.validate(&t, NOW).unwrap_err();
            assert!(e.contains(why), "{why}: {e}");
        }
        // Within the clock skew, an expired token still passes.
        let late = token(
            &i,
            "k1",
            serde_json::json!({"sub": "a", "exp": 1_799_999_990, "aud": "kafka"}),
        );
        assert!(v.validate(&late, NOW).is_ok());
    }
}
