//! Where OAUTHBEARER's signing keys come from: the JWKS at
//! `sasl.oauthbearer.jwks.endpoint.url`, as Kafka's
//! `OAuthBearerValidatorCallbackHandler` reads it — a `file://` path, or an
//! `https://` (or `http://`) URL fetched at start and again every
//! `sasl.oauthbearer.jwks.endpoint.refresh.ms` (Kafka's default: an hour).
//!
//! Invariants: a JWKS is at most [`MAX_JWKS_BYTES`] (a larger one is an
//! error, never truncated into a different key set); HTTPS checks the
//! server's certificate and host name against the system's CA bundle (or
//! `SSL_CERT_FILE`); a refresh that fails keeps the keys in force and is
//! logged; the first fetch failing stops the broker (fail closed).

use std::io::Read;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use super::oauthbearer::{OAuthBearerValidator, MAX_JWKS_BYTES};

/// How long one fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// The JWKS document at `url`.
pub fn fetch(url: &str) -> Result<String, String> {
    let mut text = String::new();
    if let Some(path) = url.strip_prefix("file://") {
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_JWKS_BYTES + 1).read_to_string(&mut text))
            .map_err(|e| format!("cannot read the JWKS: {e}"))?;
    } else if url.starts_with("https://") || url.starts_with("http://") {
        let agent = ureq::AgentBuilder::new()
            .tls_config(https_config()?)
            .timeout(FETCH_TIMEOUT)
            .redirects(0)
            .build();
        let response = agent
            .get(url)
            .call()
            .map_err(|e| format!("cannot fetch the JWKS: {e}"))?;
        response
            .into_reader()
            .take(MAX_JWKS_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read the JWKS: {e}"))?;
    } else {
        return Err("a JWKS comes from a file://, https:// or http:// URL".into());
    }
    if text.len() as u64 > MAX_JWKS_BYTES {
        return Err(format!("the JWKS is larger than {MAX_JWKS_BYTES} bytes"));
    }
    Ok(text)
}

/// TLS to the identity provider: its certificate and host name checked
/// against the system's CA bundle (or `SSL_CERT_FILE`).
fn https_config() -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    let bundle = crate::config::ssl_config::system_ca_bundle();
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(&bundle)
        .map_err(|e| format!("{bundle}: {e}"))?
        .filter_map(Result::ok);
    let (_added, _ignored) = roots.add_parsable_certificates(certs);
    #[allow(deprecated)] // ring, as the TLS listeners use it
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The validator of the JWKS at `url`, built by `build`; for an HTTP(S)
/// URL, rebuilt from a fresh fetch every `refresh` by a thread of its own.
pub fn validator(
    url: &str,
    refresh: Duration,
    build: impl Fn(&str) -> Result<OAuthBearerValidator, String> + Send + 'static,
) -> Result<Arc<RwLock<OAuthBearerValidator>>, String> {
    let current = Arc::new(RwLock::new(build(&fetch(url)?)?));
    if !url.starts_with("file://") {
        let (url, shared) = (url.to_string(), current.clone());
        let refresh = refresh.max(Duration::from_secs(1));
        std::thread::Builder::new()
            .name("jwks-refresh".into())
            .spawn(move || loop {
                std::thread::sleep(refresh);
                match fetch(&url).and_then(|jwks| build(&jwks)) {
                    Ok(fresh) => {
                        *shared.write().expect("jwks lock") = fresh;
                        tracing::debug!(%url, "JWKS refreshed");
                    }
                    Err(e) => tracing::warn!(%url, error = %e, "JWKS refresh failed; the keys in force stay"),
                }
            })
            .map_err(|e| format!("cannot start the JWKS refresh: {e}"))?;
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_whole_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("jwks.json");
        std::fs::write(&ok, r#"{"keys":[]}"#).unwrap();
        assert_eq!(
            fetch(&format!("file://{}", ok.display())).unwrap(),
            r#"{"keys":[]}"#
        );
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; MAX_JWKS_BYTES as usize + 1]).unwrap();
        assert!(fetch(&format!("file://{}", big.display()))
            .unwrap_err()
            .contains("larger"));
        assert!(fetch("ftp://x/jwks").is_err());
    }
}
