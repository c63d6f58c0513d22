//! Apache Kafka's JSON message and record specs, taken from its release jars on
//! Maven Central: the one input of the codegen that is not in the repository.
//!
//! `tools/codegen/kafka-specs.lock` pins the Kafka version and each jar's
//! SHA-256 (the only place they are declared). [`ensure`] makes the specs of
//! every pinned jar available under `~/.cache/tributary-kafka-specs/<version>/`,
//! one folder per jar (`clients/`, `group-coordinator/`, ...), and returns that
//! directory. Invariants:
//! - a jar is opened only after its SHA-256 equals the lock's; a differing jar
//!   is an error naming the jar, the expected and the actual hash;
//! - a folder is present only complete: it is extracted beside its final name
//!   and renamed into place, with the jar's hash in its `.jar-sha256` file; a
//!   folder whose hash is not the lock's is extracted again;
//! - each jar is downloaded at most once: a jar already in the Maven repository
//!   of `scripts/java-test` (`~/.cache/tributary-m2`) is used when its hash
//!   matches, otherwise `curl` fetches it (curl rather than an HTTP crate: it is
//!   on every machine the tests run on, and a TLS stack in Rust would triple the
//!   codegen's build).
//!
//! Nothing from Kafka is copied into the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

/// The lock, compiled in: the generator and its staleness test read the same.
const LOCK: &str = include_str!("../kafka-specs.lock");
const LOCK_PATH: &str = "tools/codegen/kafka-specs.lock";
const MAVEN_CENTRAL: &str = "https://repo1.maven.org/maven2";
/// The group of every Kafka artifact, as a Maven repository path.
const GROUP_PATH: &str = "org/apache/kafka";
/// The file in an extracted folder that holds the SHA-256 of its jar.
const MARKER: &str = ".jar-sha256";
/// What a user runs to fill the cache (named in every fetch error).
pub const FETCH_COMMAND: &str = "cargo run -p codegen -- --fetch";

/// One pinned jar: `org.apache.kafka:<artifact>:<version>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pinned {
    pub artifact: String,
    pub sha256: String,
}

impl Pinned {
    /// The folder of its specs: the artifact's name less `kafka-`.
    pub fn folder(&self) -> &str {
        self.artifact
            .strip_prefix("kafka-")
            .unwrap_or(&self.artifact)
    }

    fn jar_name(&self, version: &str) -> String {
        format!("{}-{version}.jar", self.artifact)
    }

    fn repo_path(&self, version: &str) -> String {
        format!(
            "{GROUP_PATH}/{}/{version}/{}",
            self.artifact,
            self.jar_name(version)
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lock {
    pub version: String,
    pub jars: Vec<Pinned>,
}

/// Parses the lock: `version V`, then one `artifact sha256` a line; `#` starts
/// a comment.
pub fn parse_lock(text: &str) -> Result<Lock, String> {
    let mut version = None;
    let mut jars = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["version", v] => version = Some(v.to_string()),
            [artifact, sha256]
                if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                jars.push(Pinned {
                    artifact: artifact.to_string(),
                    sha256: sha256.to_ascii_lowercase(),
                })
            }
            _ => return Err(format!("{LOCK_PATH}:{}: cannot read {line:?}", n + 1)),
        }
    }
    let version = version.ok_or_else(|| format!("{LOCK_PATH}: no `version` line"))?;
    Ok(Lock { version, jars })
}

/// The pinned lock of this build.
pub fn lock() -> Lock {
    parse_lock(LOCK).expect("kafka-specs.lock")
}

/// Where the jars come from and where their specs go.
#[derive(Debug, Clone)]
pub struct Source {
    /// The cache; the specs of version V go to `cache/V/`.
    pub cache: PathBuf,
    /// A local Maven repository whose jars are used when their hash matches.
    pub local_repo: Option<PathBuf>,
    /// The remote Maven repository (a URL curl understands).
    pub remote: String,
}

impl Source {
    /// `$TRIBUTARY_KAFKA_SPECS_CACHE`, else `~/.cache/tributary-kafka-specs`;
    /// the local repository of `scripts/java-test`; Maven Central.
    pub fn from_env() -> Result<Source, String> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let cache = match std::env::var_os("TRIBUTARY_KAFKA_SPECS_CACHE") {
            Some(dir) => PathBuf::from(dir),
            None => home
                .as_ref()
                .ok_or("neither HOME nor TRIBUTARY_KAFKA_SPECS_CACHE is set")?
                .join(".cache/tributary-kafka-specs"),
        };
        Ok(Source {
            cache,
            local_repo: home.map(|h| h.join(".cache/tributary-m2")),
            remote: MAVEN_CENTRAL.to_string(),
        })
    }
}

/// The pinned specs, fetched if needed: returns the directory that holds one
/// folder per jar.
pub fn ensure(source: &Source) -> Result<PathBuf, String> {
    ensure_lock(source, &lock())
}

fn ensure_lock(source: &Source, lock: &Lock) -> Result<PathBuf, String> {
    let dir = source.cache.join(&lock.version);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for pinned in &lock.jars {
        ensure_one(source, &dir, &lock.version, pinned).map_err(|e| {
            format!(
                "Kafka {} specs of {}: {e}\n\
                 With network access, run `{FETCH_COMMAND}` (it downloads the jars pinned in \
                 {LOCK_PATH} from Maven Central into {}).",
                lock.version,
                pinned.artifact,
                dir.display()
            )
        })?;
    }
    Ok(dir)
}

fn ensure_one(source: &Source, dir: &Path, version: &str, pinned: &Pinned) -> Result<(), String> {
    let folder = dir.join(pinned.folder());
    let marker = std::fs::read_to_string(folder.join(MARKER)).unwrap_or_default();
    if marker.trim() == pinned.sha256 {
        return Ok(());
    }
    let jar = obtain_jar(source, dir, version, pinned)?;
    let specs = crate::jar::entries(&jar, |path| path.ends_with(".json"))
        .map_err(|e| format!("{}: {e}", pinned.jar_name(version)))?;
    if specs.is_empty() {
        return Err(format!("{} holds no .json file", pinned.jar_name(version)));
    }
    let staging = dir.join(format!(".{}.{}", pinned.folder(), std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| format!("{}: {e}", staging.display()))?;
    for spec in specs {
        // Flat: a jar keeps its specs in one folder (`common/message/`, ...).
        let name = spec.path.rsplit('/').next().unwrap_or(&spec.path);
        let file = staging.join(name);
        if file.exists() {
            return Err(format!(
                "{}: two specs named {name}",
                pinned.jar_name(version)
            ));
        }
        std::fs::write(&file, &spec.data).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    std::fs::write(staging.join(MARKER), format!("{}\n", pinned.sha256))
        .map_err(|e| format!("{}: {e}", staging.display()))?;
    let _ = std::fs::remove_dir_all(&folder);
    if let Err(e) = std::fs::rename(&staging, &folder) {
        let _ = std::fs::remove_dir_all(&staging);
        // Another process may have put the same folder in place meanwhile.
        let marker = std::fs::read_to_string(folder.join(MARKER)).unwrap_or_default();
        if marker.trim() != pinned.sha256 {
            return Err(format!("{}: {e}", folder.display()));
        }
    }
    Ok(())
}

/// The jar's bytes, checked against the lock: from the local Maven repository
/// when it holds the same jar, else downloaded.
fn obtain_jar(
    source: &Source,
    dir: &Path,
    version: &str,
    pinned: &Pinned,
) -> Result<Vec<u8>, String> {
    let name = pinned.jar_name(version);
    if let Some(repo) = &source.local_repo {
        if let Ok(bytes) = std::fs::read(repo.join(pinned.repo_path(version))) {
            if sha256_hex(&bytes) == pinned.sha256 {
                return Ok(bytes);
            }
        }
    }
    let url = format!(
        "{}/{}",
        source.remote.trim_end_matches('/'),
        pinned.repo_path(version)
    );
    let part = dir.join(format!(".{name}.{}.part", std::process::id()));
    eprintln!("codegen: downloading {url}");
    let output = Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location"])
        .args(["--retry", "2", "--connect-timeout", "20", "--output"])
        .arg(&part)
        .arg(&url)
        .output()
        .map_err(|e| format!("cannot run curl to download {url}: {e}"))?;
    let bytes = std::fs::read(&part);
    let _ = std::fs::remove_file(&part);
    if !output.status.success() {
        return Err(format!(
            "downloading {url} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let bytes = bytes.map_err(|e| format!("{}: {e}", part.display()))?;
    check_sha256(&name, &bytes, &pinned.sha256)?;
    Ok(bytes)
}

/// Refuses `bytes` unless their SHA-256 is `expected` (lowercase hex).
pub fn check_sha256(name: &str, bytes: &[u8], expected: &str) -> Result<(), String> {
    let actual = sha256_hex(bytes);
    if actual != expected {
        return Err(format!(
            "{name}: SHA-256 mismatch, refusing the jar: expected {expected} ({LOCK_PATH}), \
             got {actual}"
        ));
    }
    Ok(())
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tributary-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_lock_pins_one_version_and_seven_jars() {
        let lock = lock();
        assert_eq!(lock.version, "4.4.0");
        let folders: Vec<_> = lock.jars.iter().map(Pinned::folder).collect();
        assert_eq!(
            folders,
            [
                "clients",
                "group-coordinator",
                "transaction-coordinator",
                "share-coordinator",
                "storage",
                "metadata",
                "raft"
            ]
        );
        assert!(parse_lock("kafka-clients abc").is_err());
        assert!(parse_lock("version 1\nkafka-clients 00").is_err());
    }

    #[test]
    fn a_jar_whose_hash_differs_is_refused_naming_both_hashes() {
        let expected = "0".repeat(64);
        let err = check_sha256("kafka-clients-4.4.0.jar", b"not the jar", &expected).unwrap_err();
        assert!(err.contains("kafka-clients-4.4.0.jar"), "{err}");
        assert!(err.contains(&expected), "{err}");
        assert!(err.contains(&sha256_hex(b"not the jar")), "{err}");
        // Known answer: SHA-256 of "abc".
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// A downloaded jar that is not the pinned one is refused and nothing is
    /// extracted; a local repository's wrong jar is passed over, not used.
    #[test]
    fn a_downloaded_jar_with_another_hash_leaves_no_specs() {
        let dir = temp_dir("tampered");
        let remote = dir.join("remote");
        let pinned = Pinned {
            artifact: "kafka-raft".into(),
            sha256: "1".repeat(64),
        };
        for repo in [&remote, &dir.join("m2")] {
            let jar = repo.join(pinned.repo_path("9.9.9"));
            std::fs::create_dir_all(jar.parent().unwrap()).unwrap();
            std::fs::write(&jar, b"tampered").unwrap();
        }
        let source = Source {
            cache: dir.join("cache"),
            local_repo: Some(dir.join("m2")),
            remote: format!("file://{}", remote.display()),
        };
        let lock = Lock {
            version: "9.9.9".into(),
            jars: vec![pinned],
        };
        let err = ensure_lock(&source, &lock).unwrap_err();
        assert!(
            err.contains("kafka-raft-9.9.9.jar: SHA-256 mismatch"),
            "{err}"
        );
        assert!(err.contains(&"1".repeat(64)), "{err}");
        assert!(err.contains(&sha256_hex(b"tampered")), "{err}");
        assert!(!dir.join("cache/9.9.9/raft").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// No network and no cache: an error that says what to run, not a skip.
    #[test]
    fn without_cache_or_network_the_error_says_what_to_run() {
        let dir = temp_dir("offline");
        let source = Source {
            cache: dir.join("cache"),
            local_repo: None,
            remote: "http://127.0.0.1:9".into(), // discard port: nothing listens
        };
        let err = ensure(&source).unwrap_err();
        assert!(err.contains("kafka-clients"), "{err}");
        assert!(err.contains(FETCH_COMMAND), "{err}");
        assert!(!dir.join("cache/4.4.0/clients").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
