//! The Raft state machine: the [`ClusterState`], fed by committed entries,
//! published for the broker after each batch, and snapshotted (the state as
//! JSON, with the last applied id and membership) so that a restarted or new
//! node catches up without replaying the whole log.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use openraft::storage::{RaftStateMachine, Snapshot, SnapshotMeta};
use openraft::{
    BasicNode, Entry, EntryPayload, LogId, OptionalSend, RaftSnapshotBuilder, StorageError,
    StorageIOError, StoredMembership,
};
use serde::{Deserialize, Serialize};

use super::{Applied, TypeConfig};
use crate::published::Published;
use crate::state::ClusterState;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredSnapshot {
    meta: SnapshotMeta<u64, BasicNode>,
    /// The [`ClusterState`] as JSON.
    data: Vec<u8>,
}

struct Inner {
    last_applied: Option<LogId<u64>>,
    membership: StoredMembership<u64, BasicNode>,
    state: ClusterState,
    snapshot: Option<StoredSnapshot>,
}

#[derive(Clone)]
pub struct StateMachine {
    inner: Arc<Mutex<Inner>>,
    published: Arc<Published>,
    path: PathBuf,
}

fn io_error(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl StateMachine {
    /// Opens the state machine from its last snapshot in `dir` (if any).
    pub fn open(dir: &Path, published: Arc<Published>) -> std::io::Result<StateMachine> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("snapshot.json");
        let mut inner = Inner {
            last_applied: None,
            membership: StoredMembership::default(),
            state: ClusterState::default(),
            snapshot: None,
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                let snap: StoredSnapshot = serde_json::from_slice(&bytes).map_err(io_error)?;
                inner.state = serde_json::from_slice(&snap.data).map_err(io_error)?;
                inner.last_applied = snap.meta.last_log_id;
                inner.membership = snap.meta.last_membership.clone();
                inner.snapshot = Some(snap);
                tracing::info!(last_applied = ?inner.last_applied, "metadata snapshot loaded");
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        published.set(Arc::new(inner.state.clone()));
        Ok(StateMachine {
            inner: Arc::new(Mutex::new(inner)),
            published,
            path,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("state machine lock")
    }

    /// Writes a snapshot atomically: a crash leaves the old one or the new one.
    fn persist(&self, snap: &StoredSnapshot) -> std::io::Result<()> {
        let tmp = self.path.with_extension("tmp");
        let bytes = serde_json::to_vec(snap).map_err(io_error)?;
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path)?;
        if let Some(dir) = self.path.parent() {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    }
}

impl RaftSnapshotBuilder<TypeConfig> for StateMachine {
    async fn build_snapshot(&mut self) -> Result<Snapshot<TypeConfig>, StorageError<u64>> {
        let snap = {
            let inner = self.lock();
            let data = serde_json::to_vec(&inner.state)
                .map_err(|e| StorageIOError::write_state_machine(&io_error(e)))?;
            let snapshot_id = match inner.last_applied {
                Some(id) => format!("{}-{}", id.leader_id.term, id.index),
                None => "0-0".to_string(),
            };
            StoredSnapshot {
                meta: SnapshotMeta {
                    last_log_id: inner.last_applied,
                    last_membership: inner.membership.clone(),
                    snapshot_id,
                },
                data,
            }
        };
        self.persist(&snap)
            .map_err(|e| StorageIOError::write_snapshot(Some(snap.meta.signature()), &e))?;
        self.lock().snapshot = Some(snap.clone());
        tracing::info!(last_log_id = ?snap.meta.last_log_id, bytes = snap.data.len(), "metadata snapshot written");
        Ok(Snapshot {
            meta: snap.meta,
            snapshot: Box::new(Cursor::new(snap.data)),
        })
    }
}

impl RaftStateMachine<TypeConfig> for StateMachine {
    type SnapshotBuilder = StateMachine;

    async fn applied_state(
        &mut self,
    ) -> Result<(Option<LogId<u64>>, StoredMembership<u64, BasicNode>), StorageError<u64>> {
        let inner = self.lock();
        Ok((inner.last_applied, inner.membership.clone()))
    }

    async fn apply<I>(&mut self, entries: I) -> Result<Vec<Applied>, StorageError<u64>>
    where
        I: IntoIterator<Item = Entry<TypeConfig>> + OptionalSend,
        I::IntoIter: OptionalSend,
    {
        let mut results = Vec::new();
        let state = {
            let mut inner = self.lock();
            for entry in entries {
                inner.last_applied = Some(entry.log_id);
                let result = match entry.payload {
                    EntryPayload::Blank => Ok(()),
                    EntryPayload::Normal(cmd) => {
                        let r = inner.state.apply(cmd.clone());
                        if let Err(e) = &r {
                            // Rejections are normal (a stale ISR change, a
                            // topic created twice): the proposer is told.
                            tracing::debug!(?cmd, error = %e, "metadata command rejected");
                        }
                        r
                    }
                    EntryPayload::Membership(m) => {
                        inner.membership = StoredMembership::new(Some(entry.log_id), m);
                        Ok(())
                    }
                };
                results.push(Applied(result));
            }
            Arc::new(inner.state.clone())
        };
        self.published.set(state);
        Ok(results)
    }

    async fn get_snapshot_builder(&mut self) -> Self::SnapshotBuilder {
        self.clone()
    }

    async fn begin_receiving_snapshot(
        &mut self,
    ) -> Result<Box<Cursor<Vec<u8>>>, StorageError<u64>> {
        Ok(Box::new(Cursor::new(Vec::new())))
    }

    async fn install_snapshot(
        &mut self,
        meta: &SnapshotMeta<u64, BasicNode>,
        snapshot: Box<Cursor<Vec<u8>>>,
    ) -> Result<(), StorageError<u64>> {
        let data = snapshot.into_inner();
        let state: ClusterState = serde_json::from_slice(&data)
            .map_err(|e| StorageIOError::read_snapshot(Some(meta.signature()), &io_error(e)))?;
        let snap = StoredSnapshot {
            meta: meta.clone(),
            data,
        };
        self.persist(&snap)
            .map_err(|e| StorageIOError::write_snapshot(Some(meta.signature()), &e))?;
        {
            let mut inner = self.lock();
            inner.state = state.clone();
            inner.last_applied = meta.last_log_id;
            inner.membership = meta.last_membership.clone();
            inner.snapshot = Some(snap);
        }
        tracing::info!(last_log_id = ?meta.last_log_id, "metadata snapshot installed");
        self.published.set(Arc::new(state));
        Ok(())
    }

    async fn get_current_snapshot(
        &mut self,
    ) -> Result<Option<Snapshot<TypeConfig>>, StorageError<u64>> {
        Ok(self.lock().snapshot.clone().map(|s| Snapshot {
            meta: s.meta,
            snapshot: Box::new(Cursor::new(s.data)),
        }))
    }
}
