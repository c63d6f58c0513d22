//! The published metadata: the current [`ClusterState`] as an immutable
//! snapshot, replaced whole after each change, with a counter that tells
//! subscribers something changed.
//!
//! Its own module so that both the metadata store and the Raft quorum (whose
//! state machine publishes what it applies) can hold one without depending
//! on each other.

use std::sync::{Arc, RwLock};

use tokio::sync::watch;

use crate::state::ClusterState;

/// The current state, replaced whole after each change; readers clone the
/// `Arc` and read without a lock. Subscribers are told of every change.
pub struct Published {
    current: RwLock<Arc<ClusterState>>,
    changes: watch::Sender<u64>,
}

impl Default for Published {
    fn default() -> Self {
        Published {
            current: RwLock::new(Arc::new(ClusterState::default())),
            changes: watch::channel(0).0,
        }
    }
}

impl Published {
    pub fn get(&self) -> Arc<ClusterState> {
        self.current.read().expect("metadata lock").clone()
    }

    pub fn set(&self, state: Arc<ClusterState>) {
        *self.current.write().expect("metadata lock") = state;
        self.changes.send_modify(|n| *n += 1);
    }

    /// Told (with a counter) each time the state changes.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }
}
