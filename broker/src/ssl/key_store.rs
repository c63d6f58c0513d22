//! Key and trust stores as Kafka takes them: `PEM` (a file, or the
//! certificates and key given inline in `ssl.keystore.certificate.chain` /
//! `ssl.keystore.key` / `ssl.truststore.certificates`) and `PKCS12`. `JKS`
//! is refused with how to convert it. An unset type is read off the file
//! (Kafka's default is JKS, whose Java loader also reads PKCS12 files).
//!
//! Invariant (fail closed): every error names the key it comes from, and a
//! store that cannot be read, holds no key, or whose key cannot be
//! decrypted is an error, never an empty store. Passwords are used and
//! dropped; no message contains one.

use p12_keystore::{KeyStore, KeyStoreEntry, Pkcs12ImportPolicy};
use pkcs8::EncryptedPrivateKeyInfoRef;
use rustls_pki_types::{
    CertificateDer, PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer,
};

use crate::config::ssl_config::SslConfig;

/// The most bytes a key or trust store file may have: stores are a few KB;
/// this keeps a misconfigured path (a log, a device) from being read whole.
pub const MAX_STORE_BYTES: u64 = 16 * 1024 * 1024;

/// A server's certificate chain (its own first) and private key.
#[derive(Debug)]
pub struct Identity {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: PrivateKeyDer<'static>,
}

/// A store's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StoreType {
    Pem,
    Pkcs12,
}

/// The JKS and JCEKS magic numbers.
const JKS_MAGIC: [u8; 4] = [0xfe, 0xed, 0xfe, 0xed];
const JCEKS_MAGIC: [u8; 4] = [0xce, 0xce, 0xce, 0xce];

/// What to do with a JKS store.
fn jks_refused(type_key: &str, location: &str) -> String {
    format!(
        "{type_key}: JKS key stores are not supported; convert it to PKCS12 with \
         `keytool -importkeystore -srckeystore {location} -destkeystore {location}.p12 -deststoretype PKCS12` \
         and set {type_key}=PKCS12 (or use PEM)"
    )
}

/// The type of a store: `type_key`'s value, else what the bytes look like.
fn store_type(
    ssl: &SslConfig,
    type_key: &str,
    location: &str,
    bytes: &[u8],
) -> Result<StoreType, String> {
    match ssl.get(type_key).map(str::to_ascii_uppercase).as_deref() {
        Some("PEM") => Ok(StoreType::Pem),
        Some("PKCS12") => Ok(StoreType::Pkcs12),
        Some("JKS") | Some("JCEKS") => Err(jks_refused(ssl.source(type_key), location)),
        Some(other) => Err(format!(
            "{}={other}: unknown store type; Tributary reads PEM and PKCS12",
            ssl.source(type_key)
        )),
        None if bytes.starts_with(&JKS_MAGIC) || bytes.starts_with(&JCEKS_MAGIC) => {
            Err(jks_refused(ssl.source(type_key), location))
        }
        None if bytes.windows(11).any(|w| w == b"-----BEGIN ") => Ok(StoreType::Pem),
        // A DER SEQUENCE: a PKCS12 file.
        None if bytes.first() == Some(&0x30) => Ok(StoreType::Pkcs12),
        None => Err(format!(
            "{}: {location} is neither PEM nor PKCS12; set {} to PEM or PKCS12",
            ssl.source(type_key).replace(".type", ".location"),
            ssl.source(type_key)
        )),
    }
}

/// Reads a store file, bounded by [`MAX_STORE_BYTES`].
fn read_store(location_key: &str, location: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(location)
        .map_err(|e| format!("{location_key}={location}: cannot open the store: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_STORE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{location_key}={location}: cannot read the store: {e}"))?;
    if bytes.len() as u64 > MAX_STORE_BYTES {
        return Err(format!(
            "{location_key}={location}: over {MAX_STORE_BYTES} bytes, not a key store"
        ));
    }
    Ok(bytes)
}

/// The PEM blocks of `text`: (label, DER), in order.
fn pem_blocks(key: &str, text: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let text = std::str::from_utf8(text).map_err(|_| format!("{key}: PEM is not text"))?;
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start..];
        let label_end = after[11..]
            .find("-----")
            .ok_or_else(|| format!("{key}: a PEM BEGIN line is not closed"))?;
        let label = &after[11..11 + label_end];
        let end_line = format!("-----END {label}-----");
        let end = after
            .find(&end_line)
            .ok_or_else(|| format!("{key}: PEM block {label} has no END line"))?;
        let block = &after[..end + end_line.len()];
        let (label, der) = pkcs8::der::pem::decode_vec(block.as_bytes())
            .map_err(|e| format!("{key}: bad PEM block {label}: {e}"))?;
        blocks.push((label.to_string(), der));
        rest = &after[end + end_line.len()..];
    }
    Ok(blocks)
}

/// The certificates of PEM text.
fn pem_certificates(key: &str, text: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    Ok(pem_blocks(key, text)?
        .into_iter()
        .filter(|(label, _)| label == "CERTIFICATE")
        .map(|(_, der)| CertificateDer::from(der))
        .collect())
}

/// The one private key of PEM text, decrypted with `password` when it is
/// an encrypted PKCS#8 key.
fn pem_key(
    key: &str,
    text: &[u8],
    password: Option<&str>,
    password_key: &str,
) -> Result<PrivateKeyDer<'static>, String> {
    let mut keys = Vec::new();
    for (label, der) in pem_blocks(key, text)? {
        let k: PrivateKeyDer<'static> = match label.as_str() {
            "PRIVATE KEY" => PrivatePkcs8KeyDer::from(der).into(),
            "RSA PRIVATE KEY" => PrivatePkcs1KeyDer::from(der).into(),
            "EC PRIVATE KEY" => PrivateSec1KeyDer::from(der).into(),
            "ENCRYPTED PRIVATE KEY" => {
                let Some(password) = password else {
                    return Err(format!(
                        "{key}: the private key is encrypted and {password_key} is not set"
                    ));
                };
                let info = EncryptedPrivateKeyInfoRef::try_from(der.as_slice())
                    .map_err(|e| format!("{key}: bad encrypted private key: {e}"))?;
                let plain = info.decrypt(password).map_err(|_| {
                    format!("{key}: cannot decrypt the private key with {password_key}")
                })?;
                PrivatePkcs8KeyDer::from(plain.as_bytes().to_vec()).into()
            }
            _ => continue,
        };
        keys.push(k);
    }
    match keys.len() {
        1 => Ok(keys.pop().expect("one key")),
        0 => Err(format!("{key}: no private key found")),
        n => Err(format!("{key}: {n} private keys found, one is needed")),
    }
}

/// A PKCS12 store, opened with `password` (Kafka's `*.password`; empty when unset).
fn pkcs12(
    location_key: &str,
    location: &str,
    bytes: &[u8],
    password: &str,
) -> Result<KeyStore, String> {
    KeyStore::from_pkcs12(bytes, password, Pkcs12ImportPolicy::Relaxed).map_err(|e| {
        format!(
            "{location_key}={location}: cannot open the PKCS12 store (wrong password or format?): {e}"
        )
    })
}

/// The broker's own certificate chain and key, from the listener's
/// `ssl.keystore.*` settings. Err names the key at fault.
pub fn load_identity(ssl: &SslConfig) -> Result<Identity, String> {
    if let (Some(chain), Some(key)) = (
        ssl.get("ssl.keystore.certificate.chain"),
        ssl.get("ssl.keystore.key"),
    ) {
        let chain_key = ssl.source("ssl.keystore.certificate.chain");
        if let Some(t) = ssl.get("ssl.keystore.type") {
            if !t.eq_ignore_ascii_case("PEM") {
                return Err(format!(
                    "{}={t}: ssl.keystore.certificate.chain and ssl.keystore.key need ssl.keystore.type=PEM",
                    ssl.source("ssl.keystore.type")
                ));
            }
        }
        let chain = pem_certificates(chain_key, chain.as_bytes())?;
        if chain.is_empty() {
            return Err(format!("{chain_key}: no certificate found"));
        }
        let key = pem_key(
            ssl.source("ssl.keystore.key"),
            key.as_bytes(),
            ssl.get("ssl.key.password"),
            ssl.source("ssl.key.password"),
        )?;
        return Ok(Identity { chain, key });
    }
    let location_key = ssl.source("ssl.keystore.location");
    let Some(location) = ssl.get("ssl.keystore.location") else {
        return Err(format!(
            "{location_key}: an SSL listener ({}) needs a key store: ssl.keystore.location, or ssl.keystore.certificate.chain and ssl.keystore.key",
            ssl.listener
        ));
    };
    let bytes = read_store(location_key, location)?;
    match store_type(ssl, "ssl.keystore.type", location, &bytes)? {
        StoreType::Pem => {
            let chain = pem_certificates(location_key, &bytes)?;
            if chain.is_empty() {
                return Err(format!("{location_key}={location}: no certificate found"));
            }
            let key = pem_key(
                location_key,
                &bytes,
                ssl.get("ssl.key.password"),
                ssl.source("ssl.key.password"),
            )?;
            Ok(Identity { chain, key })
        }
        StoreType::Pkcs12 => {
            let store_password = ssl.get("ssl.keystore.password").unwrap_or_default();
            let store = pkcs12(location_key, location, &bytes, store_password)?;
            let (_, chain) = store.private_key_chain().ok_or_else(|| {
                format!("{location_key}={location}: the PKCS12 store holds no private key")
            })?;
            if chain.certs().is_empty() {
                return Err(format!(
                    "{location_key}={location}: the private key has no certificate"
                ));
            }
            Ok(Identity {
                chain: chain
                    .certs()
                    .iter()
                    .map(|c| CertificateDer::from(c.as_der().to_vec()))
                    .collect(),
                key: PrivatePkcs8KeyDer::from(chain.key().as_der().to_vec()).into(),
            })
        }
    }
}

/// The certificates clients' certificates are checked against, from the
/// listener's `ssl.truststore.*` settings; `None` when no trust store is set.
pub fn load_trusted(ssl: &SslConfig) -> Result<Option<Vec<CertificateDer<'static>>>, String> {
    let certs = if let Some(inline) = ssl.get("ssl.truststore.certificates") {
        let key = ssl.source("ssl.truststore.certificates");
        let certs = pem_certificates(key, inline.as_bytes())?;
        if certs.is_empty() {
            return Err(format!("{key}: no certificate found"));
        }
        certs
    } else if let Some(location) = ssl.get("ssl.truststore.location") {
        let location_key = ssl.source("ssl.truststore.location");
        let bytes = read_store(location_key, location)?;
        let certs = match store_type(ssl, "ssl.truststore.type", location, &bytes)? {
            StoreType::Pem => pem_certificates(location_key, &bytes)?,
            StoreType::Pkcs12 => {
                let password = ssl.get("ssl.truststore.password").unwrap_or_default();
                pkcs12(location_key, location, &bytes, password)?
                    .entries()
                    .filter_map(|(_, e)| match e {
                        KeyStoreEntry::Certificate(c) => Some(c.as_der().to_vec()),
                        KeyStoreEntry::PrivateKeyChain(chain) => {
                            chain.certs().last().map(|c| c.as_der().to_vec())
                        }
                        KeyStoreEntry::Secret(_) => None,
                    })
                    .map(CertificateDer::from)
                    .collect()
            }
        };
        if certs.is_empty() {
            return Err(format!(
                "{location_key}={location}: the trust store holds no certificate"
            ));
        }
        certs
    } else {
        return Ok(None);
    };
    Ok(Some(certs))
}
