//! TLS on SSL listeners, as Kafka's `SslFactory` sets it up: one rustls
//! server configuration per listener, built at start from the listener's
//! `ssl.*` settings ([`crate::config::ssl_config`]), and the principal of
//! each client from its certificate.
//!
//! - [`key_store`]: key and trust stores (PEM, PKCS12; JKS refused);
//! - [`principal_mapper`]: `ssl.principal.mapping.rules` and the RFC 2253
//!   name of a certificate.
//!
//! A listener's key and trust stores can be replaced while it runs (Kafka's
//! dynamic `listener.name.<l>.ssl.keystore.*` update, [`SslFactory::reconfigure`]):
//! the new settings are built in full and the new certificate must name the
//! same subject and alternative names as the old one, as Kafka's
//! `SslFactory` requires; then new connections get it, and connections
//! already open keep theirs. A refused update leaves the old one in force.
//!
//! Invariants (fail closed): a listener whose settings cannot all be
//! honoured (no key store, a key that does not match its certificate, a
//! client authentication without a trust store, a cipher suite or
//! protocol rustls does not have, a Java-only key) has no factory, and the
//! broker does not start; a client is served only after its handshake,
//! and, with `ssl.client.auth=required`, only with a certificate the
//! trust store vouches for.

pub mod key_store;
pub mod principal_mapper;

use std::sync::{Arc, RwLock};

use rustls::crypto::CryptoProvider;
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig, SupportedProtocolVersion};
use tokio::net::TcpStream;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::config::ssl_config::{ClientAuth, SslConfig, JAVA_ONLY_KEYS};
use crate::request_context::ANONYMOUS;
use principal_mapper::{subject_name, SslPrincipalMapper};

/// One SSL listener's TLS server and principal rules, replaceable.
pub struct SslFactory {
    engine: RwLock<Arc<SslEngine>>,
}

/// The TLS server of one version of a listener's settings.
struct SslEngine {
    settings: SslConfig,
    acceptor: TlsAcceptor,
    mapper: SslPrincipalMapper,
    /// The server's own certificate (DER), to check an update against.
    leaf: Vec<u8>,
}

impl std::fmt::Debug for SslFactory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslFactory").finish_non_exhaustive()
    }
}

/// A client's TLS connection, handshaken, and its principal.
pub struct Accepted {
    pub stream: TlsStream<TcpStream>,
    /// `User:<mapped name>` of a client certificate, else `User:ANONYMOUS`.
    pub principal: String,
}

impl SslFactory {
    /// The factory of a listener's settings. Err names the key at fault.
    pub fn new(ssl: &SslConfig) -> Result<SslFactory, String> {
        Ok(SslFactory {
            engine: RwLock::new(Arc::new(SslEngine::new(ssl)?)),
        })
    }

    fn engine(&self) -> Arc<SslEngine> {
        self.engine.read().expect("ssl engine lock").clone()
    }

    /// Puts `ssl` in force for new connections, if it differs from the
    /// settings in force. `Ok(true)`: replaced. Err: why it was refused
    /// (the settings in force stay).
    pub fn reconfigure(&self, ssl: &SslConfig) -> Result<bool, String> {
        let current = self.engine();
        if current.settings == *ssl {
            return Ok(false);
        }
        let next = SslEngine::new(ssl)?;
        compatible(&current.leaf, &next.leaf)?;
        *self.engine.write().expect("ssl engine lock") = Arc::new(next);
        Ok(true)
    }

    /// The TLS handshake with a client, and its principal. Err: why the
    /// connection is refused (a failed handshake, a name no rule maps).
    pub async fn accept(&self, stream: TcpStream) -> Result<Accepted, String> {
        self.engine().accept(stream).await
    }
}

/// Checks that a listener's settings can replace those in force: they
/// build, and the new certificate has the old one's subject and alternative
/// names (Kafka's `SslFactory` check). Err: Kafka's words.
pub fn check_update(current: &SslConfig, next: &SslConfig) -> Result<(), String> {
    let next = SslEngine::new(next)?;
    if let Ok(current) = SslEngine::new(current) {
        compatible(&current.leaf, &next.leaf)?;
    }
    Ok(())
}

/// Kafka's `CertificateEntries.ensureCompatible`: same subject, same
/// subject alternative names.
fn compatible(current: &[u8], next: &[u8]) -> Result<(), String> {
    use x509_parser::prelude::{FromDer, X509Certificate};
    let names = |der: &[u8]| -> Result<(String, String), String> {
        let subject = subject_name(der)?;
        let (_, cert) = X509Certificate::from_der(der).map_err(|e| e.to_string())?;
        let san = cert
            .subject_alternative_name()
            .ok()
            .flatten()
            .map(|e| format!("{:?}", e.value.general_names))
            .unwrap_or_default();
        Ok((subject, san))
    };
    let (old_dn, old_san) = names(current)?;
    let (new_dn, new_san) = names(next)?;
    if old_dn != new_dn {
        return Err(format!(
            "Keystore DistinguishedName does not match: existing={{{old_dn}}}, new={{{new_dn}}}"
        ));
    }
    if old_san != new_san {
        return Err(format!(
            "Keystore SubjectAltNames do not match: existing={{{old_san}}}, new={{{new_san}}}"
        ));
    }
    Ok(())
}

impl SslEngine {
    fn new(ssl: &SslConfig) -> Result<SslEngine, String> {
        for key in JAVA_ONLY_KEYS {
            if let Some(v) = ssl.get(key) {
                return Err(format!(
                    "{}={v}: names a Java class or provider, which Tributary cannot load",
                    ssl.source(key)
                ));
            }
        }
        let rules_key = ssl.source("ssl.principal.mapping.rules");
        let mapper =
            SslPrincipalMapper::parse(ssl.get("ssl.principal.mapping.rules").unwrap_or("DEFAULT"))
                .map_err(|e| format!("{rules_key}: {e}"))?;
        let provider = Arc::new(provider(ssl)?);
        let versions = protocol_versions(ssl)?;
        let builder = ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&versions)
            .map_err(|e| {
                format!(
                    "{} / {}: {e}",
                    ssl.source("ssl.enabled.protocols"),
                    ssl.source("ssl.cipher.suites")
                )
            })?;
        let trusted = key_store::load_trusted(ssl)?;
        let client_auth = ssl.client_auth()?;
        let builder = match (client_auth, trusted) {
            (ClientAuth::None, _) => builder.with_no_client_auth(),
            (auth, Some(certs)) => {
                let truststore_key = ssl.source("ssl.truststore.location");
                let mut roots = RootCertStore::empty();
                for cert in certs {
                    roots
                        .add(cert)
                        .map_err(|e| format!("{truststore_key}: a certificate cannot be trusted: {e}"))?;
                }
                let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider);
                let verifier = match auth {
                    ClientAuth::Requested => verifier.allow_unauthenticated(),
                    _ => verifier,
                };
                let verifier = verifier
                    .build()
                    .map_err(|e| format!("{truststore_key}: {e}"))?;
                builder.with_client_cert_verifier(verifier)
            }
            (_, None) => {
                return Err(format!(
                    "{}: client authentication needs a trust store (ssl.truststore.location or ssl.truststore.certificates) on listener {}",
                    ssl.source("ssl.client.auth"),
                    ssl.listener
                ))
            }
        };
        let identity = key_store::load_identity(ssl)?;
        let leaf = identity.chain[0].as_ref().to_vec();
        let keystore_key = match ssl.get("ssl.keystore.location") {
            Some(_) => ssl.source("ssl.keystore.location"),
            None => ssl.source("ssl.keystore.key"),
        };
        let config = builder
            .with_single_cert(identity.chain, identity.key)
            .map_err(|e| {
                format!("{keystore_key}: the key store's key and certificate cannot serve TLS: {e}")
            })?;
        Ok(SslEngine {
            settings: ssl.clone(),
            acceptor: TlsAcceptor::from(Arc::new(config)),
            mapper,
            leaf,
        })
    }

    async fn accept(&self, stream: TcpStream) -> Result<Accepted, String> {
        let stream = self
            .acceptor
            .accept(stream)
            .await
            .map_err(|e| format!("SSL handshake failed: {e}"))?;
        let principal = match stream.get_ref().1.peer_certificates() {
            Some([leaf, ..]) => {
                let dn = subject_name(leaf.as_ref())?;
                let name = self.mapper.name(&dn).ok_or_else(|| {
                    format!("No rules apply to {dn} (ssl.principal.mapping.rules)")
                })?;
                format!("User:{name}")
            }
            _ => ANONYMOUS.to_string(),
        };
        Ok(Accepted { stream, principal })
    }
}

/// ring's suites, kept to `ssl.cipher.suites` when it is set. A name
/// rustls does not have stops the broker, as an unsupported suite stops
/// Kafka's JSSE. Java names TLS 1.3 suites `TLS_AES_...`, rustls
/// `TLS13_AES_...`: both are taken.
fn provider(ssl: &SslConfig) -> Result<CryptoProvider, String> {
    // ring, not aws-lc-rs: it has no post-quantum key exchange (hence the
    // deprecation), but aws-lc-rs would add a C build of minutes to every
    // build, and the Java clients of today do not offer ML-KEM either.
    #[allow(deprecated)]
    let mut provider = rustls::crypto::ring::default_provider();
    let wanted = ssl.list("ssl.cipher.suites");
    if wanted.is_empty() {
        return Ok(provider);
    }
    let name = |s: &rustls::SupportedCipherSuite| {
        let n = s.suite().as_str().unwrap_or_default().to_string();
        n.replacen("TLS13_", "TLS_", 1)
    };
    for w in &wanted {
        let w = w.replacen("TLS13_", "TLS_", 1);
        if !provider.cipher_suites.iter().any(|s| name(s) == w) {
            let have: Vec<String> = provider.cipher_suites.iter().map(name).collect();
            return Err(format!(
                "{}: unsupported cipher suite {w}; supported: {}",
                ssl.source("ssl.cipher.suites"),
                have.join(",")
            ));
        }
    }
    provider.cipher_suites.retain(|s| {
        wanted
            .iter()
            .any(|w| w.replacen("TLS13_", "TLS_", 1) == name(s))
    });
    Ok(provider)
}

/// `ssl.enabled.protocols`: TLSv1.2 and TLSv1.3. Older protocols are left
/// out with a warning, as Java's default security policy disables them;
/// none left stops the broker.
fn protocol_versions(ssl: &SslConfig) -> Result<Vec<&'static SupportedProtocolVersion>, String> {
    let key = ssl.source("ssl.enabled.protocols");
    let mut versions = Vec::new();
    for p in ssl.list("ssl.enabled.protocols") {
        match p.as_str() {
            "TLSv1.3" => versions.push(&rustls::version::TLS13),
            "TLSv1.2" => versions.push(&rustls::version::TLS12),
            "TLSv1" | "TLSv1.1" | "SSLv3" | "SSLv2Hello" => {
                tracing::warn!(protocol = %p, key, "protocol disabled: only TLSv1.2 and TLSv1.3 are served");
            }
            other => return Err(format!("{key}: unknown protocol {other}")),
        }
    }
    if versions.is_empty() {
        return Err(format!("{key}: none of TLSv1.2 and TLSv1.3 is enabled"));
    }
    Ok(versions)
}
