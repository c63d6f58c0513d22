//! The broker's handle on the metadata: a published, immutable snapshot for
//! readers, and one way to change it — [`MetadataStore::submit`] — whether
//! the log is a local file (one node) or replicated by the Raft quorum.

use std::path::Path;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::command::Command;
use crate::log::MetadataLog;
pub use crate::published::Published;
use crate::quorum::{Quorum, QuorumConfig};
use crate::state::{ClusterState, MetadataError};

enum Backend {
    /// One node: commands are checked, logged and applied here, one writer
    /// at a time.
    Local(Mutex<MetadataLog>),
    Quorum(Arc<Quorum>),
}

pub struct MetadataStore {
    published: Arc<Published>,
    backend: Backend,
}

impl MetadataStore {
    /// Opens the single-node metadata log in `dir` and replays it.
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
        let published = Arc::new(Published::default());
        published.set(Arc::new(state));
        Ok(MetadataStore {
            published,
            backend: Backend::Local(Mutex::new(log)),
        })
    }

    /// Joins (or starts) the metadata quorum; see [`Quorum::open`].
    pub async fn open_quorum(config: QuorumConfig) -> Result<MetadataStore, MetadataError> {
        let published = Arc::new(Published::default());
        let quorum = Quorum::open(config, published.clone()).await?;
        Ok(MetadataStore {
            published,
            backend: Backend::Quorum(quorum),
        })
    }

    /// The quorum, when the metadata is replicated.
    pub fn quorum(&self) -> Option<&Arc<Quorum>> {
        match &self.backend {
            Backend::Quorum(q) => Some(q),
            Backend::Local(_) => None,
        }
    }

    /// The current state (a cheap snapshot; it does not change under the reader).
    pub fn state(&self) -> Arc<ClusterState> {
        self.published.get()
    }

    /// Told (with a counter) each time the state changes.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.published.subscribe()
    }

    /// Checks `cmd` against the current state, makes it durable in the log
    /// and applies it. With a quorum: once it is committed and applied here.
    pub async fn submit(&self, cmd: Command) -> Result<Arc<ClusterState>, MetadataError> {
        match &self.backend {
            Backend::Local(log) => {
                let mut log = log.lock().expect("metadata log lock");
                let mut next = (*self.state()).clone();
                next.check(&cmd)?;
                log.append(&cmd)?;
                next.apply(cmd).expect("a checked command applies");
                let next = Arc::new(next);
                self.published.set(next.clone());
                Ok(next)
            }
            Backend::Quorum(q) => {
                q.submit(cmd).await?;
                Ok(self.state())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PartitionAssignment;

    #[tokio::test]
    async fn state_survives_a_restart() {
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
                    fenced: false,
                    listeners: vec![],
                })
                .await
                .unwrap();
            store
                .submit(Command::CreateTopic {
                    name: "t".into(),
                    topic_id: id,
                    partitions: vec![PartitionAssignment { replicas: vec![1] }; 2],
                    configs: [("retention.ms".to_string(), "1000".to_string())].into(),
                })
                .await
                .unwrap();
            assert!(store
                .submit(Command::DeleteTopic { name: "x".into() })
                .await
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
