//! SASL/SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677), as Kafka's
//! `ScramSaslServer` runs them: the credentials are the salted ones of the
//! metadata log (`metadata::ScramCredential`, set by
//! AlterUserScramCredentials from the client's salted password); the
//! exchange is client-first → server-first → client-final → server-final,
//! two SaslAuthenticate round trips.
//!
//! Invariants: no password ever reaches the broker (only salted ones, from
//! which [`credential`] keeps the stored and server keys); a proof is
//! checked in constant time; the server's nonce is fresh per exchange;
//! channel binding and delegation tokens are refused.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use metadata::ScramCredential;
use ring::rand::{SecureRandom, SystemRandom};
use ring::{digest, hmac};

/// A SCRAM mechanism: its name, Kafka's AlterUserScramCredentials code
/// and iteration bounds, and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScramMechanism {
    pub name: &'static str,
    pub code: i8,
    hmac: hmac::Algorithm,
    digest: &'static digest::Algorithm,
}

/// Kafka's bounds on a credential's iterations (`ScramMechanism`).
pub const MIN_ITERATIONS: i32 = 4096;
pub const MAX_ITERATIONS: i32 = 16384;

pub const SCRAM_SHA_256: ScramMechanism = ScramMechanism {
    name: "SCRAM-SHA-256",
    code: 1,
    hmac: hmac::HMAC_SHA256,
    digest: &digest::SHA256,
};
pub const SCRAM_SHA_512: ScramMechanism = ScramMechanism {
    name: "SCRAM-SHA-512",
    code: 2,
    hmac: hmac::HMAC_SHA512,
    digest: &digest::SHA512,
};
pub const MECHANISMS: [ScramMechanism; 2] = [SCRAM_SHA_256, SCRAM_SHA_512];

impl ScramMechanism {
    pub fn by_name(name: &str) -> Option<ScramMechanism> {
        MECHANISMS.into_iter().find(|m| m.name == name)
    }

    pub fn by_code(code: i8) -> Option<ScramMechanism> {
        MECHANISMS.into_iter().find(|m| m.code == code)
    }

    /// Hi(password, salt, i) of RFC 5802: PBKDF2 with this mechanism's HMAC
    /// (what a client computes; the broker never sees a password).
    pub fn salted_password(&self, password: &[u8], salt: &[u8], iterations: u32) -> Vec<u8> {
        let algorithm = if self.digest == &digest::SHA256 {
            ring::pbkdf2::PBKDF2_HMAC_SHA256
        } else {
            ring::pbkdf2::PBKDF2_HMAC_SHA512
        };
        let mut out = vec![0u8; self.digest.output_len()];
        let iterations = std::num::NonZeroU32::new(iterations.max(1)).expect("at least 1");
        ring::pbkdf2::derive(algorithm, iterations, salt, password, &mut out);
        out
    }

    /// A client's proof for `auth_message` (RFC 5802: ClientKey XOR
    /// HMAC(H(ClientKey), AuthMessage)), and the server signature it then expects.
    pub fn client_proof(&self, salted_password: &[u8], auth_message: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let client_key = self.hmac(salted_password, b"Client Key");
        let signature = self.hmac(&self.hash(&client_key), auth_message);
        let proof = client_key
            .iter()
            .zip(&signature)
            .map(|(k, s)| k ^ s)
            .collect();
        let server_key = self.hmac(salted_password, b"Server Key");
        (proof, self.hmac(&server_key, auth_message))
    }

    fn hmac(&self, key: &[u8], data: &[u8]) -> Vec<u8> {
        hmac::sign(&hmac::Key::new(self.hmac, key), data)
            .as_ref()
            .to_vec()
    }

    fn hash(&self, data: &[u8]) -> Vec<u8> {
        digest::digest(self.digest, data).as_ref().to_vec()
    }

    /// The credential of a salted password (Hi(password, salt, i)).
    pub fn credential(
        &self,
        salt: &[u8],
        salted_password: &[u8],
        iterations: i32,
    ) -> ScramCredential {
        let client_key = self.hmac(salted_password, b"Client Key");
        ScramCredential {
            salt: salt.to_vec(),
            stored_key: self.hash(&client_key),
            server_key: self.hmac(salted_password, b"Server Key"),
            iterations,
        }
    }
}

/// Why an exchange failed: the message for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed(pub String);

/// What a step of the exchange gives.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Send these bytes; the exchange goes on.
    Continue(Vec<u8>),
    /// Send these bytes; the client is authenticated as this user.
    Done { message: Vec<u8>, user: String },
}

/// One connection's exchange.
#[derive(Debug)]
pub struct ScramServer {
    mechanism: ScramMechanism,
    state: State,
}

#[derive(Debug)]
enum State {
    ClientFirst,
    ClientFinal {
        user: String,
        credential: ScramCredential,
        gs2_header: String,
        client_first_bare: String,
        server_first: String,
        nonce: String,
    },
    Finished,
}

/// Kafka's message for a SaslException (not a SaslAuthenticationException).
fn invalid(mechanism: &str) -> Failed {
    Failed(format!(
        "Authentication failed during authentication due to invalid credentials with SASL mechanism {mechanism}"
    ))
}

/// RFC 5802 `saslname`: `=2C` is `,`, `=3D` is `=`.
fn decode_saslname(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('=') {
        out.push_str(&rest[..i]);
        match rest.get(i..i + 3) {
            Some("=2C") => out.push(','),
            Some("=3D") => out.push('='),
            _ => return None,
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    Some(out)
}

/// The value of attribute `name` (`n=...`) among `a=..,b=..` parts.
fn attribute<'a>(parts: &[&'a str], name: char) -> Option<&'a str> {
    parts.iter().find_map(|p| {
        let mut c = p.chars();
        (c.next() == Some(name) && c.next() == Some('=')).then(|| &p[2..])
    })
}

impl ScramServer {
    pub fn new(mechanism: ScramMechanism) -> ScramServer {
        ScramServer {
            mechanism,
            state: State::ClientFirst,
        }
    }

    /// The next client message. `credentials(user)` is the user's
    /// credential for this mechanism, if any.
    pub fn step(
        &mut self,
        message: &[u8],
        credentials: &dyn Fn(&str) -> Option<ScramCredential>,
    ) -> Result<Step, Failed> {
        let name = self.mechanism.name;
        let text = std::str::from_utf8(message).map_err(|_| invalid(name))?;
        match std::mem::replace(&mut self.state, State::Finished) {
            State::ClientFirst => {
                // gs2-header: "n,," or "y,," or with "a=authzid".
                let mut fields = text.splitn(3, ',');
                let (flag, authzid, bare) = (fields.next(), fields.next(), fields.next());
                let (Some(flag), Some(authzid), Some(bare)) = (flag, authzid, bare) else {
                    return Err(invalid(name));
                };
                if flag != "n" && flag != "y" {
                    // "p=...": channel binding, which Kafka does not support either.
                    return Err(invalid(name));
                }
                let parts: Vec<&str> = bare.split(',').collect();
                let user = attribute(&parts, 'n')
                    .and_then(decode_saslname)
                    .ok_or_else(|| invalid(name))?;
                let client_nonce = attribute(&parts, 'r').ok_or_else(|| invalid(name))?;
                if client_nonce.is_empty() || parts.iter().any(|p| p.starts_with("tokenauth=")) {
                    return Err(invalid(name));
                }
                let authzid = authzid.strip_prefix("a=").map(decode_saslname);
                if let Some(authzid) = authzid {
                    if authzid.as_deref() != Some(user.as_str()) {
                        return Err(Failed("Authentication failed: Client requested an authorization id that is different from username".into()));
                    }
                }
                let credential = credentials(&user).ok_or_else(|| invalid(name))?;
                if credential.iterations < MIN_ITERATIONS {
                    return Err(invalid(name));
                }
                let mut server_nonce = [0u8; 24];
                SystemRandom::new()
                    .fill(&mut server_nonce)
                    .map_err(|_| invalid(name))?;
                let nonce = format!("{client_nonce}{}", BASE64.encode(server_nonce));
                let server_first = format!(
                    "r={nonce},s={},i={}",
                    BASE64.encode(&credential.salt),
                    credential.iterations
                );
                let gs2_header = &text[..text.len() - bare.len()];
                self.state = State::ClientFinal {
                    user,
                    credential,
                    gs2_header: gs2_header.to_string(),
                    client_first_bare: bare.to_string(),
                    server_first: server_first.clone(),
                    nonce,
                };
                Ok(Step::Continue(server_first.into_bytes()))
            }
            State::ClientFinal {
                user,
                credential,
                gs2_header,
                client_first_bare,
                server_first,
                nonce,
            } => {
                let (without_proof, proof) =
                    text.rsplit_once(",p=").ok_or_else(|| invalid(name))?;
                let parts: Vec<&str> = without_proof.split(',').collect();
                let binding = attribute(&parts, 'c').ok_or_else(|| invalid(name))?;
                if BASE64.decode(binding).ok().as_deref() != Some(gs2_header.as_bytes()) {
                    return Err(invalid(name));
                }
                if attribute(&parts, 'r') != Some(nonce.as_str()) {
                    return Err(Failed(
                        "Invalid client nonce in the final client message.".into(),
                    ));
                }
                let proof = BASE64.decode(proof).map_err(|_| invalid(name))?;
                let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
                let m = self.mechanism;
                let signature = m.hmac(&credential.stored_key, auth_message.as_bytes());
                if proof.len() != signature.len() {
                    return Err(invalid(name));
                }
                let client_key: Vec<u8> =
                    proof.iter().zip(&signature).map(|(p, s)| p ^ s).collect();
                let computed = m.hash(&client_key);
                if !same(&computed, &credential.stored_key) {
                    return Err(invalid(name));
                }
                let server_signature = m.hmac(&credential.server_key, auth_message.as_bytes());
                Ok(Step::Done {
                    message: format!("v={}", BASE64.encode(server_signature)).into_bytes(),
                    user,
                })
            }
            State::Finished => Err(invalid(name)),
        }
    }
}

/// Equality in time independent of where the bytes differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client's side of the exchange, as RFC 5802 and Kafka's
    /// ScramSaslClient compute it.
    fn salted(m: ScramMechanism, password: &str, salt: &[u8], iterations: u32) -> Vec<u8> {
        let alg = if m == SCRAM_SHA_256 {
            ring::pbkdf2::PBKDF2_HMAC_SHA256
        } else {
            ring::pbkdf2::PBKDF2_HMAC_SHA512
        };
        let mut out = vec![0u8; m.digest.output_len()];
        ring::pbkdf2::derive(
            alg,
            std::num::NonZeroU32::new(iterations).unwrap(),
            salt,
            password.as_bytes(),
            &mut out,
        );
        out
    }

    fn exchange(
        m: ScramMechanism,
        stored_password: &str,
        password: &str,
    ) -> Result<String, Failed> {
        let salt = b"tributary-salt";
        let credential = m.credential(salt, &salted(m, stored_password, salt, 4096), 4096);
        let lookup = move |user: &str| (user == "alice").then(|| credential.clone());
        let mut server = ScramServer::new(m);
        let client_first_bare = "n=alice,r=cnonce123";
        let Step::Continue(server_first) =
            server.step(format!("n,,{client_first_bare}").as_bytes(), &lookup)?
        else {
            panic!("a server-first message");
        };
        let server_first = String::from_utf8(server_first).unwrap();
        let nonce = server_first
            .split(',')
            .next()
            .unwrap()
            .strip_prefix("r=")
            .unwrap();
        assert!(nonce.starts_with("cnonce123") && nonce.len() > 9);
        let without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!("{client_first_bare},{server_first},{without_proof}");
        let salted_password = salted(m, password, salt, 4096);
        let client_key = m.hmac(&salted_password, b"Client Key");
        let signature = m.hmac(&m.hash(&client_key), auth_message.as_bytes());
        let proof: Vec<u8> = client_key
            .iter()
            .zip(&signature)
            .map(|(k, s)| k ^ s)
            .collect();
        // What a client computes with the shared functions is the same.
        assert_eq!(
            m.salted_password(password.as_bytes(), salt, 4096),
            salted_password
        );
        assert_eq!(
            m.client_proof(&salted_password, auth_message.as_bytes()).0,
            proof
        );
        let final_message = format!("{without_proof},p={}", BASE64.encode(proof));
        match server.step(final_message.as_bytes(), &lookup)? {
            Step::Done { message, user } => {
                let server_key = m.hmac(&salted_password, b"Server Key");
                let expected = m.hmac(&server_key, auth_message.as_bytes());
                assert_eq!(
                    message,
                    format!("v={}", BASE64.encode(expected)).into_bytes()
                );
                Ok(user)
            }
            Step::Continue(_) => panic!("done after the final message"),
        }
    }

    #[test]
    fn a_replayed_final_message_fails_on_the_fresh_server_nonce() {
        let m = SCRAM_SHA_256;
        let salt = b"salt";
        let salted_password = salted(m, "pw", salt, 4096);
        let credential = m.credential(salt, &salted_password, 4096);
        let lookup = move |_: &str| Some(credential.clone());
        // A whole exchange, recorded as an eavesdropper would.
        let first = b"n,,n=alice,r=abc";
        let mut server = ScramServer::new(m);
        let Ok(Step::Continue(server_first)) = server.step(first, &lookup) else {
            panic!("server-first")
        };
        let server_first = String::from_utf8(server_first).unwrap();
        let nonce = &server_first[2..server_first.find(',').unwrap()];
        let without_proof = format!("c=biws,r={nonce}");
        let auth = format!("n=alice,r=abc,{server_first},{without_proof}");
        let client_key = m.hmac(&salted_password, b"Client Key");
        let signature = m.hmac(&m.hash(&client_key), auth.as_bytes());
        let proof: Vec<u8> = client_key
            .iter()
            .zip(&signature)
            .map(|(k, s)| k ^ s)
            .collect();
        let last = format!("{without_proof},p={}", BASE64.encode(proof));
        assert!(matches!(
            server.step(last.as_bytes(), &lookup),
            Ok(Step::Done { .. })
        ));
        // Replayed on a new exchange, the nonce no longer matches.
        let mut again = ScramServer::new(m);
        assert!(matches!(again.step(first, &lookup), Ok(Step::Continue(_))));
        let e = again.step(last.as_bytes(), &lookup).unwrap_err();
        assert_eq!(e.0, "Invalid client nonce in the final client message.");
    }

    #[test]
    fn the_right_password_authenticates_with_both_mechanisms() {
        for m in MECHANISMS {
            assert_eq!(exchange(m, "pw", "pw").unwrap(), "alice");
        }
    }

    #[test]
    fn a_wrong_password_or_unknown_user_fails_with_kafkas_message() {
        let e = exchange(SCRAM_SHA_512, "pw", "not-pw").unwrap_err();
        assert_eq!(
            e.0,
            "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"
        );
        let mut server = ScramServer::new(SCRAM_SHA_256);
        let none = |_: &str| None;
        assert!(server.step(b"n,,n=bob,r=x", &none).is_err());
    }

    #[test]
    fn channel_binding_tokens_and_other_authzids_are_refused() {
        let c = SCRAM_SHA_256.credential(b"s", &[0; 32], 4096);
        let lookup = move |_: &str| Some(c.clone());
        for first in [
            "p=tls-unique,,n=alice,r=x",
            "n,,n=alice,r=x,tokenauth=true",
            "n,a=bob,n=alice,r=x",
            "n,,n=al=ZZice,r=x",
            "garbage",
        ] {
            assert!(
                ScramServer::new(SCRAM_SHA_256)
                    .step(first.as_bytes(), &lookup)
                    .is_err(),
                "{first}"
            );
        }
        assert_eq!(decode_saslname("a=2Cb=3Dc").as_deref(), Some("a,b=c"));
    }
}
