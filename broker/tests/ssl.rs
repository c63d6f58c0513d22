//! TLS listeners' factories against a real rustls client over loopback:
//! key stores in each form Kafka takes (inline PEM, PEM file, PKCS12),
//! client authentication and the principal of a client certificate, and
//! the settings that must stop the broker (fail closed) with their key named.

use std::collections::BTreeMap;
use std::sync::Arc;

use broker::config::ssl_config::SslConfig;
use broker::ssl::SslFactory;
use p12_keystore::{Certificate, KeyStore, KeyStoreEntry, PrivateKey, PrivateKeyChain};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tempfile::TempDir;
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsConnector;

/// A CA, a server certificate it signed for localhost, and a client's.
struct Pki {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    server_pem: String,
    server_key_pem: String,
    server_key_der: Vec<u8>,
    server_der: CertificateDer<'static>,
    client_der: CertificateDer<'static>,
    client_key_der: Vec<u8>,
}

fn dn(pairs: &[(DnType, &str)]) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    for (t, v) in pairs {
        dn.push(t.clone(), *v);
    }
    dn
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(vec![]).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name = dn(&[(DnType::CommonName, "Test CA")]);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().unwrap();
    let mut server_params =
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    server_params.distinguished_name = dn(&[(DnType::CommonName, "broker")]);
    let server = server_params.signed_by(&server_key, &issuer).unwrap();

    let client_key = KeyPair::generate().unwrap();
    let mut client_params = CertificateParams::new(vec![]).unwrap();
    client_params.distinguished_name = dn(&[
        (DnType::CountryName, "PT"),
        (DnType::OrganizationName, "Acme"),
        (DnType::OrganizationalUnitName, "Eng"),
        (DnType::CommonName, "app"),
    ]);
    let client = client_params.signed_by(&client_key, &issuer).unwrap();
    Pki {
        ca_pem: ca.pem(),
        ca_der: ca.der().clone(),
        server_pem: server.pem(),
        server_key_pem: server_key.serialize_pem(),
        server_key_der: server_key.serialize_der(),
        server_der: server.der().clone(),
        client_der: client.der().clone(),
        client_key_der: client_key.serialize_der(),
    }
}

fn settings(pairs: &[(&str, &str)]) -> SslConfig {
    let pairs: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    SslConfig::of_listener("SSL", &pairs)
}

/// A client trusting the test CA, with the given certificate, if any.
fn client(pki: &Pki, with_cert: bool) -> TlsConnector {
    let mut roots = RootCertStore::empty();
    roots.add(pki.ca_der.clone()).unwrap();
    let builder = ClientConfig::builder_with_provider(Arc::new(
        #[allow(deprecated)]
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots);
    let config = if with_cert {
        let key = PrivateKeyDer::from(PrivatePkcs8KeyDer::from(pki.client_key_der.clone()));
        builder
            .with_client_auth_cert(vec![pki.client_der.clone()], key)
            .unwrap()
    } else {
        builder.with_no_client_auth()
    };
    TlsConnector::from(Arc::new(config))
}

/// One handshake: the server's result (the principal, or why it refused)
/// and whether the client completed its side.
async fn handshake(factory: &SslFactory, connector: TlsConnector) -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let client = tokio::spawn(async move {
        let tcp = TcpStream::connect(addr).await.unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let tls = connector.connect(name, tcp).await;
        // Hold the connection until the server has decided.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        tls.is_ok()
    });
    let (tcp, _) = listener.accept().await.unwrap();
    let accepted = factory.accept(tcp).await.map(|a| a.principal);
    let _ = client.await;
    accepted
}

fn write(dir: &TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test]
async fn an_inline_pem_key_store_serves_tls_to_an_anonymous_client() {
    let pki = pki();
    let factory = SslFactory::new(&settings(&[
        ("ssl.keystore.type", "PEM"),
        ("ssl.keystore.certificate.chain", &pki.server_pem),
        ("ssl.keystore.key", &pki.server_key_pem),
    ]))
    .unwrap();
    assert_eq!(
        handshake(&factory, client(&pki, false)).await.unwrap(),
        "User:ANONYMOUS"
    );
}

#[tokio::test]
async fn a_required_client_certificate_gives_the_principal_and_none_is_refused() {
    let pki = pki();
    let dir = TempDir::new().unwrap();
    let keystore = write(
        &dir,
        "server.pem",
        format!("{}{}", pki.server_key_pem, pki.server_pem).as_bytes(),
    );
    let truststore = write(&dir, "ca.pem", pki.ca_pem.as_bytes());
    let base = [
        ("ssl.keystore.location", keystore.as_str()),
        ("ssl.truststore.location", truststore.as_str()),
        ("ssl.client.auth", "required"),
    ];
    let factory = SslFactory::new(&settings(&base)).unwrap();
    assert_eq!(
        handshake(&factory, client(&pki, true)).await.unwrap(),
        "User:CN=app,OU=Eng,O=Acme,C=PT"
    );
    let refused = handshake(&factory, client(&pki, false)).await.unwrap_err();
    assert!(refused.contains("SSL handshake failed"), "{refused}");

    // Mapped by ssl.principal.mapping.rules, per listener.
    let mut mapped = base.to_vec();
    mapped.push((
        "listener.name.ssl.ssl.principal.mapping.rules",
        "RULE:^CN=([^,]*),OU=([^,]*).*$/$1@$2/L,DEFAULT",
    ));
    let factory = SslFactory::new(&settings(&mapped)).unwrap();
    assert_eq!(
        handshake(&factory, client(&pki, true)).await.unwrap(),
        "User:app@eng"
    );

    // A name no rule maps is refused, as Kafka's NoMatchingRule.
    let mut unmapped = base.to_vec();
    unmapped.push(("ssl.principal.mapping.rules", "RULE:^CN=nobody$/x/"));
    let factory = SslFactory::new(&settings(&unmapped)).unwrap();
    let e = handshake(&factory, client(&pki, true)).await.unwrap_err();
    assert!(
        e.contains("No rules apply to CN=app,OU=Eng,O=Acme,C=PT"),
        "{e}"
    );
}

#[tokio::test]
async fn a_requested_client_certificate_is_optional() {
    let pki = pki();
    let factory = SslFactory::new(&settings(&[
        ("ssl.keystore.certificate.chain", &pki.server_pem),
        ("ssl.keystore.key", &pki.server_key_pem),
        ("ssl.truststore.certificates", &pki.ca_pem),
        ("ssl.client.auth", "requested"),
    ]))
    .unwrap();
    assert_eq!(
        handshake(&factory, client(&pki, false)).await.unwrap(),
        "User:ANONYMOUS"
    );
    assert_eq!(
        handshake(&factory, client(&pki, true)).await.unwrap(),
        "User:CN=app,OU=Eng,O=Acme,C=PT"
    );
}

fn pkcs12(pki: &Pki, password: &str) -> Vec<u8> {
    let mut store = KeyStore::new();
    let chain = PrivateKeyChain::new(
        vec![1u8],
        PrivateKey::from_der(&pki.server_key_der).unwrap(),
        [
            Certificate::from_der(pki.server_der.as_ref()).unwrap(),
            Certificate::from_der(pki.ca_der.as_ref()).unwrap(),
        ],
    );
    store.add_entry("broker", KeyStoreEntry::PrivateKeyChain(chain));
    store.writer(password).write().unwrap()
}

#[tokio::test]
async fn a_pkcs12_key_store_opens_with_its_password_only() {
    let pki = pki();
    let dir = TempDir::new().unwrap();
    let p12 = write(&dir, "server.p12", &pkcs12(&pki, "s3cret"));
    // The type is read off the file when unset.
    for typed in [None, Some("PKCS12")] {
        let mut pairs = vec![
            ("ssl.keystore.location", p12.as_str()),
            ("ssl.keystore.password", "s3cret"),
        ];
        pairs.extend(typed.map(|t| ("ssl.keystore.type", t)));
        let factory = SslFactory::new(&settings(&pairs)).unwrap();
        assert_eq!(
            handshake(&factory, client(&pki, false)).await.unwrap(),
            "User:ANONYMOUS"
        );
    }
    let e = SslFactory::new(&settings(&[
        ("ssl.keystore.location", p12.as_str()),
        ("ssl.keystore.password", "not-the-Pa55word"),
    ]))
    .unwrap_err();
    assert!(
        e.starts_with(&format!(
            "ssl.keystore.location={p12}: cannot open the PKCS12 store"
        )) && !e.contains("not-the-Pa55word"),
        "{e}"
    );
}

#[test]
fn settings_that_cannot_be_honoured_stop_the_broker_naming_the_key() {
    let pki = pki();
    let dir = TempDir::new().unwrap();
    let jks = write(&dir, "server.jks", &[0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]);
    let pem = write(
        &dir,
        "server.pem",
        format!("{}{}", pki.server_key_pem, pki.server_pem).as_bytes(),
    );
    let other_key = KeyPair::generate().unwrap().serialize_pem();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![], "needs a key store"),
        (
            vec![("ssl.keystore.location", "/nonexistent/server.p12")],
            "ssl.keystore.location=/nonexistent/server.p12: cannot open",
        ),
        (
            vec![("ssl.keystore.location", jks.as_str())],
            "keytool -importkeystore",
        ),
        (
            vec![
                ("ssl.keystore.location", pem.as_str()),
                ("listener.name.ssl.ssl.keystore.type", "JKS"),
            ],
            "listener.name.ssl.ssl.keystore.type: JKS key stores are not supported",
        ),
        (
            vec![
                ("ssl.keystore.location", pem.as_str()),
                ("ssl.client.auth", "required"),
            ],
            "ssl.client.auth: client authentication needs a trust store",
        ),
        (
            vec![
                ("ssl.keystore.location", pem.as_str()),
                ("ssl.cipher.suites", "TLS_RSA_WITH_RC4_128_MD5"),
            ],
            "ssl.cipher.suites: unsupported cipher suite",
        ),
        (
            vec![
                ("ssl.keystore.location", pem.as_str()),
                ("ssl.enabled.protocols", "TLSv1.1"),
            ],
            "ssl.enabled.protocols: none of TLSv1.2 and TLSv1.3",
        ),
        (
            vec![
                ("ssl.keystore.location", pem.as_str()),
                ("ssl.principal.mapping.rules", "RULE:^CN=(.*$/$1/"),
            ],
            "ssl.principal.mapping.rules: Invalid rule pattern",
        ),
        (
            vec![
                ("ssl.keystore.location", pem.as_str()),
                ("ssl.engine.factory.class", "com.example.Engine"),
            ],
            "ssl.engine.factory.class=com.example.Engine",
        ),
        (
            vec![
                ("ssl.keystore.certificate.chain", pki.server_pem.as_str()),
                ("ssl.keystore.key", other_key.as_str()),
            ],
            "ssl.keystore.key: the key store's key and certificate cannot serve TLS",
        ),
    ];
    for (pairs, expected) in cases {
        let e = SslFactory::new(&settings(&pairs)).unwrap_err();
        assert!(e.contains(expected), "{pairs:?}: {e}");
    }
}

#[tokio::test]
async fn cipher_suites_and_protocols_are_kept_to_the_settings() {
    let pki = pki();
    let base = [
        ("ssl.keystore.certificate.chain", pki.server_pem.as_str()),
        ("ssl.keystore.key", pki.server_key_pem.as_str()),
    ];
    // Java's name of a TLS 1.3 suite is taken.
    let mut only = base.to_vec();
    only.push(("ssl.cipher.suites", "TLS_CHACHA20_POLY1305_SHA256"));
    let factory = SslFactory::new(&settings(&only)).unwrap();
    assert!(handshake(&factory, client(&pki, false)).await.is_ok());
    // A client offering none of the server's suites fails its handshake.
    let mut roots = RootCertStore::empty();
    roots.add(pki.ca_der.clone()).unwrap();
    #[allow(deprecated)]
    let mut aes_only = rustls::crypto::ring::default_provider();
    aes_only
        .cipher_suites
        .retain(|s| s.suite() == rustls::CipherSuite::TLS13_AES_128_GCM_SHA256);
    let config = ClientConfig::builder_with_provider(Arc::new(aes_only))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let e = handshake(&factory, TlsConnector::from(Arc::new(config)))
        .await
        .unwrap_err();
    assert!(e.contains("SSL handshake failed"), "{e}");
}
