//! The broker's handle on the metadata: a published, immutable snapshot for
//! readers, and a single writer that checks, logs, then applies each command.

use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use crate::command::Command;
use crate::log::MetadataLog;
use crate::state::{ClusterState, MetadataError};

pub struct MetadataStore {
    /// The current state. Readers clone the `Arc` and read without a lock.
    current: RwLock<Arc<ClusterState>>,
    /// Held while a command is checked, logged and applied: one writer at a time.
    log: Mutex<MetadataLog>,
}

impl MetadataStore {
    /// Opens the metadata log in `dir` and replays it.
    pub fn open(dir: &Path) -> Result<MetadataStore, MetadataError> {
        let (log, commands) = MetadataLog::open(dir)?;
        let mut state = ClusterState::default();
        let count = commands.len();
        for cmd in commands {
            // Every logged command was checked before it was logged, so a
            // failure here means the log and the code disagree.
            if let Err(e) = state.apply(cmd.clone()) {
                tracing::error!(?cmd, error = %e, "metadata log replay: command no longer applies; skipped");
            }
        }
        tracing::info!(
            commands = count,
            topics = state.topics.len(),
            "metadata log replayed"
        );
        Ok(MetadataStore {
            current: RwLock::new(Arc::new(state)),
            log: Mutex::new(log),
        })
    }

    /// The current state (a cheap snapshot; it does not change under the reader).
    pub fn state(&self) -> Arc<ClusterState> {
        self.current.read().expect("metadata lock").clone()
    }

    /// Checks `cmd` against the current state, makes it durable in the log and applies it.
    pub fn submit(&self, cmd: Command) -> Result<Arc<ClusterState>, MetadataError> {
        let mut log = self.log.lock().expect("metadata log lock");
        let mut next = (*self.state()).clone();
        next.check(&cmd)?;
        log.append(&cmd)?;
        next.apply(cmd).expect("a checked command applies");
        let next = Arc::new(next);
        *self.current.write().expect("metadata lock") = next.clone();
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PartitionAssignment;

    #[test]
    fn state_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let id = uuid::Uuid::new_v4();
        {
            let store = MetadataStore::open(dir.path()).unwrap();
            store
                .submit(Command::RegisterBroker {
                    node_id: 1,
                    host: "h".into(),
                    port: 1,
                    rack: None,
                })
                .unwrap();
            store
                .submit(Command::CreateTopic {
                    name: "t".into(),
                    topic_id: id,
                    partitions: vec![PartitionAssignment { replicas: vec![1] }; 2],
                    configs: [("retention.ms".to_string(), "1000".to_string())].into(),
                })
                .unwrap();
            assert!(store
                .submit(Command::DeleteTopic { name: "x".into() })
                .is_err());
        }
        let store = MetadataStore::open(dir.path()).unwrap();
        let s = store.state();
        let t = s.topic("t").unwrap();
        assert_eq!(t.topic_id, id);
        assert_eq!(t.partitions.len(), 2);
        assert_eq!(t.configs["retention.ms"], "1000");
        assert_eq!(s.applied, 2);
    }
}
