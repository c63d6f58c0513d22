//! Ownership of the log directories, as Kafka's `LogManager.lockLogDirs` and
//! `MetaPropertiesEnsemble` do it.
//!
//! Invariants:
//! - one process per log dir: every log dir holds a `.lock` file locked
//!   exclusively (`flock`) for the life of [`LockedLogDirs`], taken before
//!   anything in the directory is read; a second broker on the same folder
//!   stops there, before any recovery touches the live logs. The kernel
//!   releases the lock when the process dies, however it dies;
//! - one node of one cluster per log dir: `meta.properties` (Kafka's v1
//!   format: `version`, `cluster.id`, `node.id`, `directory.id`) is written
//!   at first start and checked at every start — the node id before the
//!   metadata is opened, the cluster id once the metadata knows it.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};

/// The lock file in each log dir (Kafka's `LogManager.LockFileName`).
pub const LOCK_FILE_NAME: &str = ".lock";

/// Kafka's `MetaPropertiesEnsemble.META_PROPERTIES_NAME`.
pub const META_PROPERTIES_NAME: &str = "meta.properties";

/// The `meta.properties` version of KRaft nodes (Kafka's `MetaPropertiesVersion.V1`).
const META_PROPERTIES_VERSION: &str = "1";

/// The log dirs of this process, locked until dropped.
pub struct LockedLogDirs {
    dirs: Vec<PathBuf>,
    /// Held open: closing a file releases its `flock`.
    _locks: Vec<File>,
}

/// Creates the log dirs (if missing) and locks each one.
pub fn lock(dirs: &[PathBuf]) -> Result<LockedLogDirs, String> {
    let mut locks = Vec::with_capacity(dirs.len());
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| format!("log dir {}: {e}", dir.display()))?;
        let path = dir.join(LOCK_FILE_NAME);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| {
                format!(
                    "log dir {}: cannot open {LOCK_FILE_NAME}: {e}",
                    dir.display()
                )
            })?;
        // SAFETY: flock on a descriptor this function owns.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::WouldBlock {
                return Err(format!(
                    "Failed to acquire lock on file {LOCK_FILE_NAME} in {}. A Kafka instance in \
                     another process or thread is using this directory.",
                    dir.display()
                ));
            }
            return Err(format!(
                "log dir {}: cannot lock {LOCK_FILE_NAME}: {e}",
                dir.display()
            ));
        }
        locks.push(file);
    }
    Ok(LockedLogDirs {
        dirs: dirs.to_vec(),
        _locks: locks,
    })
}

/// A log dir's `meta.properties` (Kafka's `MetaProperties`, v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaProperties {
    pub cluster_id: Option<String>,
    pub node_id: Option<i32>,
    pub directory_id: Option<String>,
}

impl MetaProperties {
    fn path(dir: &Path) -> PathBuf {
        dir.join(META_PROPERTIES_NAME)
    }

    /// Reads `dir`'s file: `None` if there is none yet.
    pub fn read(dir: &Path) -> Result<Option<MetaProperties>, String> {
        let path = Self::path(dir);
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let props: BTreeMap<String, String> = java_properties::read(std::io::BufReader::new(file))
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?
            .into_iter()
            .collect();
        let node_id = match props.get("node.id") {
            None => None,
            Some(v) => Some(
                v.trim()
                    .parse()
                    .map_err(|_| format!("invalid node.id '{v}' in {}", path.display()))?,
            ),
        };
        Ok(Some(MetaProperties {
            cluster_id: props.get("cluster.id").cloned(),
            node_id,
            directory_id: props.get("directory.id").cloned(),
        }))
    }

    /// Writes `dir`'s file durably (temp file, fsync, rename).
    fn write(&self, dir: &Path) -> Result<(), String> {
        use std::io::Write as _;
        let path = Self::path(dir);
        let mut text = String::from("#\n#Written by tributary at this log dir's first start\n");
        text.push_str(&format!("version={META_PROPERTIES_VERSION}\n"));
        if let Some(c) = &self.cluster_id {
            text.push_str(&format!("cluster.id={c}\n"));
        }
        if let Some(n) = self.node_id {
            text.push_str(&format!("node.id={n}\n"));
        }
        if let Some(d) = &self.directory_id {
            text.push_str(&format!("directory.id={d}\n"));
        }
        let tmp = path.with_extension("properties.tmp");
        let write = || -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)?;
            File::open(dir)?.sync_all()
        };
        write().map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// Kafka's answer to a log dir of another node.
fn node_id_mismatch(stored: i32, expected: i32, path: &Path) -> String {
    format!(
        "Stored node id {stored} doesn't match previous node id {expected} in {}. If you moved \
         your data, make sure your configured node id matches. If you intend to create a new \
         node, you should remove all data in your data directories.",
        path.display()
    )
}

/// Kafka's answer to a log dir of another cluster.
fn cluster_id_mismatch(stored: &str, expected: &str, path: &Path) -> String {
    format!(
        "Invalid cluster.id in: {}. Expected {expected}, but read {stored}",
        path.display()
    )
}

impl LockedLogDirs {
    /// Refuses a log dir that belongs to another node; run before the
    /// metadata or any partition is opened.
    pub fn check_node_id(&self, node_id: i32) -> Result<(), String> {
        for dir in &self.dirs {
            if let Some(stored) = MetaProperties::read(dir)?.and_then(|m| m.node_id) {
                if stored != node_id {
                    return Err(node_id_mismatch(
                        stored,
                        node_id,
                        &MetaProperties::path(dir),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Refuses a log dir of another cluster, and writes `meta.properties`
    /// where there is none yet (or where it lacks the cluster id).
    pub fn check_and_write(&self, cluster_id: &str, node_id: i32) -> Result<(), String> {
        self.check_node_id(node_id)?;
        for dir in &self.dirs {
            let stored = MetaProperties::read(dir)?;
            match stored.as_ref().and_then(|m| m.cluster_id.as_deref()) {
                Some(stored) if stored != cluster_id => {
                    return Err(cluster_id_mismatch(
                        stored,
                        cluster_id,
                        &MetaProperties::path(dir),
                    ));
                }
                Some(_) => {}
                None => {
                    let directory_id = stored
                        .and_then(|m| m.directory_id)
                        .unwrap_or_else(metadata::new_cluster_id);
                    MetaProperties {
                        cluster_id: Some(cluster_id.to_string()),
                        node_id: Some(node_id),
                        directory_id: Some(directory_id),
                    }
                    .write(dir)?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_dir_is_refused_until_released() {
        let root = tempfile::tempdir().unwrap();
        let dirs = vec![root.path().join("a"), root.path().join("b")];
        let held = lock(&dirs).unwrap();
        let err = lock(&dirs[1..]).err().unwrap();
        assert_eq!(
            err,
            format!(
                "Failed to acquire lock on file .lock in {}. A Kafka instance in another process \
                 or thread is using this directory.",
                dirs[1].display()
            )
        );
        drop(held);
        assert!(lock(&dirs).is_ok());
    }

    #[test]
    fn meta_properties_are_written_then_checked() {
        let root = tempfile::tempdir().unwrap();
        let dirs = vec![root.path().join("a"), root.path().join("b")];
        let locked = lock(&dirs).unwrap();
        locked.check_node_id(1).unwrap();
        locked.check_and_write("cluster-A", 1).unwrap();
        let a = MetaProperties::read(&dirs[0]).unwrap().unwrap();
        let b = MetaProperties::read(&dirs[1]).unwrap().unwrap();
        assert_eq!(a.cluster_id.as_deref(), Some("cluster-A"));
        assert_eq!(a.node_id, Some(1));
        assert_eq!(a.directory_id.as_ref().map(String::len), Some(22));
        assert_ne!(a.directory_id, b.directory_id);
        let text = std::fs::read_to_string(dirs[0].join(META_PROPERTIES_NAME)).unwrap();
        assert!(text.contains("version=1\n"), "{text}");
        // Idempotent: the same node of the same cluster starts again.
        locked.check_and_write("cluster-A", 1).unwrap();
        assert_eq!(MetaProperties::read(&dirs[0]).unwrap().unwrap(), a);

        let err = locked.check_node_id(2).err().unwrap();
        assert!(
            err.starts_with(&format!(
                "Stored node id 1 doesn't match previous node id 2 in {}",
                dirs[0].join(META_PROPERTIES_NAME).display()
            )),
            "{err}"
        );
        let err = locked.check_and_write("cluster-B", 1).err().unwrap();
        assert_eq!(
            err,
            format!(
                "Invalid cluster.id in: {}. Expected cluster-B, but read cluster-A",
                dirs[0].join(META_PROPERTIES_NAME).display()
            )
        );
    }
}
