//! How a client of the broker reaches a secured listener — the tools, and
//! the broker's replica fetchers reaching the leader's inter-broker
//! listener — from Kafka's client properties (`--command-config FILE`, as
//! Kafka's tools take it; for the inter-broker listener, the broker's own
//! settings of it, see [`inter_broker`]): `security.protocol`
//! (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL); for TLS the `ssl.*` keys
//! (trust store, a key store for client authentication,
//! `ssl.endpoint.identification.algorithm`); for SASL `sasl.mechanism`
//! (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and the username and password of
//! `sasl.jaas.config`. The stores are read by the broker's own loader
//! (`broker::ssl::key_store`), so a file the broker takes, the tools take.
//!
//! Invariants: settings that cannot be honoured are an error before any
//! connection (never a silent plaintext fallback); without a trust store
//! the system's CA bundle is trusted, as the JVM trusts its own; the
//! server's certificate is checked, its host name too unless
//! `ssl.endpoint.identification.algorithm` is empty, as in Kafka.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::config::jaas_config::JaasConfig;
use crate::config::ssl_config::SslConfig;
use crate::config::BrokerConfig;
use crate::sasl::scram::ScramMechanism;
use crate::ssl::key_store;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use stream::Stream;

pub mod stream;

/// A user's SASL settings.
#[derive(Clone)]
pub struct SaslCredentials {
    pub mechanism: String,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for SaslCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SaslCredentials")
            .field("mechanism", &self.mechanism)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The tools' security settings.
#[derive(Clone, Default)]
pub struct ClientSecurity {
    tls: Option<TlsConnector>,
    pub sasl: Option<SaslCredentials>,
}

impl ClientSecurity {
    /// Whether connections are wrapped in TLS.
    pub fn uses_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Plaintext, no SASL: the default.
    pub fn plaintext() -> ClientSecurity {
        ClientSecurity::default()
    }

    /// The settings of a client properties file.
    pub fn from_file(path: &Path) -> Result<ClientSecurity, String> {
        let props = BrokerConfig::read_properties(path)?;
        ClientSecurity::from_properties(&props).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The settings of client properties. Err names the key at fault.
    pub fn from_properties(props: &BTreeMap<String, String>) -> Result<ClientSecurity, String> {
        let protocol = props
            .get("security.protocol")
            .map_or("PLAINTEXT".to_string(), |p| p.trim().to_ascii_uppercase());
        let (tls, sasl) = match protocol.as_str() {
            "PLAINTEXT" => (false, false),
            "SSL" => (true, false),
            "SASL_PLAINTEXT" => (false, true),
            "SASL_SSL" => (true, true),
            other => {
                return Err(format!(
                    "security.protocol={other}: expected PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"
                ))
            }
        };
        Ok(ClientSecurity {
            tls: if tls {
                Some(tls_connector(props)?)
            } else {
                None
            },
            sasl: if sasl {
                Some(sasl_credentials(props)?)
            } else {
                None
            },
        })
    }

    /// The stream of a connected socket: itself, or TLS over it to `host`.
    pub async fn wrap(&self, tcp: TcpStream, host: &str) -> Result<Stream, String> {
        let Some(connector) = &self.tls else {
            return Ok(Stream::Plain(tcp));
        };
        let name = ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']'))
            .map_err(|e| format!("{host} is not a TLS server name: {e}"))?
            .to_owned();
        let tls = connector
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS handshake failed: {e}"))?;
        Ok(Stream::Tls(Box::new(tls)))
    }
}

/// The key naming the SASL mechanism brokers use with each other (Kafka's;
/// its default, GSSAPI, is not served).
pub const INTER_BROKER_MECHANISM_KEY: &str = "sasl.mechanism.inter.broker.protocol";

/// How this broker reaches its peers' inter-broker listener (its replica
/// fetchers): that listener's protocol, its `ssl.*` settings (the trust
/// store to check the leader, the key store to present), and for SASL the
/// mechanism of `sasl.mechanism.inter.broker.protocol` with the username
/// and password of the listener's JAAS config for it, as Kafka's brokers
/// take them. Err names the key at fault: the broker does not start.
pub fn inter_broker(config: &BrokerConfig) -> Result<ClientSecurity, String> {
    listener_client(config, &config.registered_listener().name)
}

/// How this node reaches its quorum peers' controller listener: plain, or
/// TLS with that listener's `ssl.*` settings (the trust store to check the
/// peer, the key store to present). Only PLAINTEXT and SSL are served there
/// (`config::security` refuses SASL at start).
pub fn controller(config: &BrokerConfig) -> Result<ClientSecurity, String> {
    match config.controller_listener() {
        Some(l) => listener_client(config, &l.name),
        None => Ok(ClientSecurity::plaintext()),
    }
}

/// How a node reaches the listener `listener` of its peers, with the
/// node's own settings of it.
fn listener_client(config: &BrokerConfig, listener: &str) -> Result<ClientSecurity, String> {
    use crate::config::listener::listener_value;
    let listener = listener.to_string();
    let protocol = crate::config::security::listener_protocols(config)?
        .into_iter()
        .find(|(l, _)| l.name == listener)
        .map_or("PLAINTEXT".to_string(), |(_, p)| p);
    let pairs = &config.overrides;
    let mut props = BTreeMap::from([("security.protocol".to_string(), protocol.clone())]);
    for (key, _) in crate::config::ssl_config::SSL_KEYS {
        if let Some((_, value)) = listener_value(&listener, key, pairs) {
            props.insert(key.to_string(), value.to_string());
        }
    }
    if protocol.starts_with("SASL_") {
        let mechanism = pairs
            .get(INTER_BROKER_MECHANISM_KEY)
            .map_or("GSSAPI", |m| m.trim());
        let jaas_key = format!("{}.sasl.jaas.config", mechanism.to_ascii_lowercase());
        props.insert("sasl.mechanism".into(), mechanism.to_string());
        if let Some((_, jaas)) = listener_value(&listener, &jaas_key, pairs) {
            props.insert("sasl.jaas.config".into(), jaas.to_string());
        }
    }
    ClientSecurity::from_properties(&props).map_err(|e| {
        format!("the listener {listener} ({protocol}), as its client: {e} ({INTER_BROKER_MECHANISM_KEY}, listener.name.{}.*)", listener.to_ascii_lowercase())
    })
}

fn tls_connector(props: &BTreeMap<String, String>) -> Result<TlsConnector, String> {
    Ok(TlsConnector::from(client_config(props)?))
}

/// The TLS client settings of Kafka client properties (`ssl.*`): the trust
/// store (else the system's CA bundle, or `SSL_CERT_FILE`), the host name
/// check, a key store to present.
fn client_config(props: &BTreeMap<String, String>) -> Result<Arc<ClientConfig>, String> {
    let ssl = SslConfig::of_listener("client", props);
    let certs = match key_store::load_trusted(&ssl)? {
        Some(certs) => certs,
        None => {
            let bundle = crate::config::ssl_config::system_ca_bundle();
            let system: BTreeMap<String, String> = [
                ("ssl.truststore.location".to_string(), bundle),
                ("ssl.truststore.type".to_string(), "PEM".to_string()),
            ]
            .into_iter()
            .collect();
            key_store::load_trusted(&SslConfig::of_listener("client", &system))?.unwrap_or_default()
        }
    };
    let mut roots = RootCertStore::empty();
    let (_added, _ignored) = roots.add_parsable_certificates(certs);
    #[allow(deprecated)] // ring: see broker::ssl
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("ssl.truststore.location: {e}"))?;
    let check_host = ssl
        .get("ssl.endpoint.identification.algorithm")
        .is_some_and(|a| a.eq_ignore_ascii_case("https"));
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Verifier {
            inner: verifier,
            check_host,
        }));
    let with_identity = ssl.get("ssl.keystore.location").is_some()
        || ssl.get("ssl.keystore.certificate.chain").is_some();
    let config = if with_identity {
        let identity = key_store::load_identity(&ssl)?;
        builder
            .with_client_auth_cert(identity.chain, identity.key)
            .map_err(|e| format!("ssl.keystore.location: {e}"))?
    } else {
        builder.with_no_client_auth()
    };
    Ok(Arc::new(config))
}

/// webpki's verification, less the host name check when
/// `ssl.endpoint.identification.algorithm` is empty (Kafka's switch).
#[derive(Debug)]
struct Verifier {
    inner: Arc<WebPkiServerVerifier>,
    check_host: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Err(rustls::Error::InvalidCertificate(
                NotValidForName | NotValidForNameContext { .. },
            )) if !self.check_host => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn sasl_credentials(props: &BTreeMap<String, String>) -> Result<SaslCredentials, String> {
    let mechanism = props
        .get("sasl.mechanism")
        .map_or("GSSAPI".to_string(), |m| m.trim().to_string());
    if mechanism != "PLAIN" && ScramMechanism::by_name(&mechanism).is_none() {
        return Err(format!(
            "sasl.mechanism={mechanism}: tributary's tools speak PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512"
        ));
    }
    let jaas = props.get("sasl.jaas.config").ok_or(
        "sasl.jaas.config: a SASL protocol needs the login module with username and password",
    )?;
    let jaas = JaasConfig::parse(jaas).map_err(|e| format!("sasl.jaas.config: {e}"))?;
    let option = |name: &str| {
        jaas.options
            .get(name)
            .cloned()
            .ok_or_else(|| format!("sasl.jaas.config: no {name} option"))
    };
    Ok(SaslCredentials {
        mechanism,
        username: option("username")?,
        password: option("password")?,
    })
}

/// One SASL exchange on the client side: the messages to send, each given
/// the server's previous answer.
pub enum SaslExchange {
    Plain { message: Option<Vec<u8>> },
    Scram(ScramClient),
}

/// The client side of RFC 5802.
pub struct ScramClient {
    mechanism: ScramMechanism,
    password: String,
    client_first_bare: String,
    nonce: String,
    expected_server_signature: Option<Vec<u8>>,
}

/// `,` and `=` in a SCRAM user name (RFC 5802 saslname).
fn saslname(user: &str) -> String {
    user.replace('=', "=3D").replace(',', "=2C")
}

impl SaslExchange {
    pub fn new(c: &SaslCredentials) -> SaslExchange {
        match ScramMechanism::by_name(&c.mechanism) {
            None => SaslExchange::Plain {
                message: Some(format!("\0{}\0{}", c.username, c.password).into_bytes()),
            },
            Some(mechanism) => {
                let nonce = BASE64.encode(uuid::Uuid::new_v4().as_bytes());
                SaslExchange::Scram(ScramClient {
                    mechanism,
                    password: c.password.clone(),
                    client_first_bare: format!("n={},r={nonce}", saslname(&c.username)),
                    nonce,
                    expected_server_signature: None,
                })
            }
        }
    }

    /// The first message.
    pub fn first(&mut self) -> Vec<u8> {
        match self {
            SaslExchange::Plain { message } => message.take().unwrap_or_default(),
            SaslExchange::Scram(s) => format!("n,,{}", s.client_first_bare).into_bytes(),
        }
    }

    /// The next message for the server's answer `reply`; `Ok(None)`: done.
    pub fn next(&mut self, reply: &[u8]) -> Result<Option<Vec<u8>>, String> {
        let SaslExchange::Scram(s) = self else {
            return Ok(None);
        };
        let reply = std::str::from_utf8(reply).map_err(|_| "a SCRAM answer that is not text")?;
        if let Some(expected) = &s.expected_server_signature {
            let signature = reply
                .strip_prefix("v=")
                .and_then(|v| BASE64.decode(v).ok())
                .ok_or("the server's final SCRAM message has no signature")?;
            if &signature != expected {
                return Err(
                    "the server's SCRAM signature is wrong: it does not know the credential".into(),
                );
            }
            return Ok(None);
        }
        let field = |name: &str| {
            reply
                .split(',')
                .find_map(|p| p.strip_prefix(name))
                .ok_or_else(|| format!("the server's first SCRAM message lacks {name}"))
        };
        let nonce = field("r=")?;
        if !nonce.starts_with(&s.nonce) || nonce.len() == s.nonce.len() {
            return Err("the server's SCRAM nonce does not extend ours".into());
        }
        let salt = BASE64
            .decode(field("s=")?)
            .map_err(|_| "the server's SCRAM salt is not base64")?;
        let iterations: u32 = field("i=")?
            .parse()
            .map_err(|_| "the server's SCRAM iteration count is not a number")?;
        let salted = s
            .mechanism
            .salted_password(s.password.as_bytes(), &salt, iterations);
        let without_proof = format!("c=biws,r={nonce}");
        let auth_message = format!("{},{reply},{without_proof}", s.client_first_bare);
        let (proof, server_signature) = s.mechanism.client_proof(&salted, auth_message.as_bytes());
        s.expected_server_signature = Some(server_signature);
        Ok(Some(
            format!("{without_proof},p={}", BASE64.encode(proof)).into_bytes(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn settings_that_cannot_be_honoured_are_errors() {
        for (kv, expected) in [
            (vec![("security.protocol", "TLS")], "security.protocol=TLS"),
            (
                vec![("security.protocol", "SASL_PLAINTEXT")],
                "sasl.mechanism=GSSAPI",
            ),
            (
                vec![
                    ("security.protocol", "SASL_PLAINTEXT"),
                    ("sasl.mechanism", "PLAIN"),
                ],
                "sasl.jaas.config",
            ),
            (
                vec![
                    ("security.protocol", "SSL"),
                    ("ssl.truststore.location", "/nonexistent/ca.pem"),
                ],
                "ssl.truststore.location=/nonexistent/ca.pem",
            ),
        ] {
            let e = ClientSecurity::from_properties(&props(&kv)).err().unwrap();
            assert!(e.contains(expected), "{kv:?}: {e}");
        }
        let c = ClientSecurity::from_properties(&props(&[
            ("security.protocol", "sasl_plaintext"),
            ("sasl.mechanism", "SCRAM-SHA-512"),
            (
                "sasl.jaas.config",
                r#"org.apache.kafka.common.security.scram.ScramLoginModule required username="a,b" password="p";"#,
            ),
        ]))
        .unwrap();
        let sasl = c.sasl.unwrap();
        assert_eq!(
            (sasl.username.as_str(), sasl.password.as_str()),
            ("a,b", "p")
        );
        assert!(!format!("{sasl:?}").contains("\"p\""));
    }

    #[test]
    fn the_scram_client_completes_against_the_brokers_server() {
        use crate::sasl::scram::{ScramServer, Step, SCRAM_SHA_512};
        let salt = b"salt";
        let salted = SCRAM_SHA_512.salted_password(b"pw", salt, 4096);
        let credential = SCRAM_SHA_512.credential(salt, &salted, 4096);
        let lookup = move |_: &str| Some(credential.clone());
        let mut server = ScramServer::new(SCRAM_SHA_512);
        let mut client = SaslExchange::new(&SaslCredentials {
            mechanism: "SCRAM-SHA-512".into(),
            username: "alice".into(),
            password: "pw".into(),
        });
        let Ok(Step::Continue(server_first)) = server.step(&client.first(), &lookup) else {
            panic!("server-first");
        };
        let last = client.next(&server_first).unwrap().unwrap();
        let Ok(Step::Done { message, user }) = server.step(&last, &lookup) else {
            panic!("done");
        };
        assert_eq!(user, "alice");
        assert_eq!(client.next(&message).unwrap(), None);
        // A server that does not know the credential cannot forge its signature.
        assert!(client_with_forged_signature().is_err());
    }

    fn client_with_forged_signature() -> Result<Option<Vec<u8>>, String> {
        let mut client = SaslExchange::new(&SaslCredentials {
            mechanism: "SCRAM-SHA-256".into(),
            username: "alice".into(),
            password: "pw".into(),
        });
        let first = String::from_utf8(client.first()).unwrap();
        let nonce = first.rsplit_once("r=").unwrap().1;
        client.next(format!("r={nonce}xyz,s=c2FsdA==,i=4096").as_bytes())?;
        client.next(b"v=AAAA")
    }
}
