//! The Raft log on disk: entries, the vote and the committed id, kept as
//! records of one append-only file ([`RecordFile`]). Metadata changes are
//! rare and small, so the whole live log is also held in memory and every
//! append is fsynced before openraft is told it is durable.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::ops::RangeBounds;
use std::path::Path;
use std::sync::{Arc, Mutex};

use openraft::storage::{LogFlushed, LogState, RaftLogReader, RaftLogStorage};
use openraft::{Entry, LogId, OptionalSend, RaftLogId, StorageError, StorageIOError, Vote};
use serde::{Deserialize, Serialize};

use super::TypeConfig;
use crate::log::RecordFile;
use crate::MetadataError;

/// One change to the stored log, replayed in order on open.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum LogRecord {
    Entry(Entry<TypeConfig>),
    /// Entries from this index on are gone (a new leader overwrote them).
    Truncate(u64),
    /// Entries up to and including this id are gone (covered by a snapshot).
    Purge(LogId<u64>),
    Vote(Vote<u64>),
    Committed(Option<LogId<u64>>),
}

/// Rewrite the file when it holds this many more records than live ones.
const REWRITE_SLACK: usize = 1000;

struct Inner {
    file: RecordFile<LogRecord>,
    /// Records in the file, live or dead.
    records: usize,
    entries: BTreeMap<u64, Entry<TypeConfig>>,
    last_purged: Option<LogId<u64>>,
    vote: Option<Vote<u64>>,
    committed: Option<LogId<u64>>,
}

#[derive(Clone)]
pub struct LogStore {
    inner: Arc<Mutex<Inner>>,
}

fn write_error(e: MetadataError) -> StorageError<u64> {
    StorageIOError::write_logs(&std::io::Error::other(e.to_string())).into()
}

impl LogStore {
    pub fn open(dir: &Path) -> Result<LogStore, MetadataError> {
        std::fs::create_dir_all(dir).map_err(|e| MetadataError::Io(e.to_string()))?;
        let (file, records) = RecordFile::<LogRecord>::open_file(&dir.join("raft.log"))?;
        let mut inner = Inner {
            file,
            records: records.len(),
            entries: BTreeMap::new(),
            last_purged: None,
            vote: None,
            committed: None,
        };
        for r in records {
            inner.replay(r);
        }
        tracing::info!(
            entries = inner.entries.len(),
            last_purged = ?inner.last_purged,
            "raft log opened"
        );
        Ok(LogStore {
            inner: Arc::new(Mutex::new(inner)),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().expect("raft log lock")
    }
}

impl Inner {
    fn replay(&mut self, r: LogRecord) {
        match r {
            LogRecord::Entry(e) => {
                self.entries.insert(e.log_id.index, e);
            }
            LogRecord::Truncate(since) => {
                self.entries.split_off(&since);
            }
            LogRecord::Purge(upto) => {
                self.entries = self.entries.split_off(&(upto.index + 1));
                self.last_purged = Some(upto);
            }
            LogRecord::Vote(v) => self.vote = Some(v),
            LogRecord::Committed(c) => self.committed = c,
        }
    }

    /// Makes `records` durable, applies them, and rewrites the file once it
    /// is mostly dead records.
    fn write(&mut self, records: Vec<LogRecord>) -> Result<(), MetadataError> {
        self.file.append_all(&records)?;
        self.records += records.len();
        for r in records {
            self.replay(r);
        }
        if self.records > 2 * (self.entries.len() + 3) + REWRITE_SLACK {
            let mut live = Vec::with_capacity(self.entries.len() + 3);
            if let Some(v) = self.vote {
                live.push(LogRecord::Vote(v));
            }
            live.push(LogRecord::Committed(self.committed));
            if let Some(p) = self.last_purged {
                live.push(LogRecord::Purge(p));
            }
            live.extend(self.entries.values().cloned().map(LogRecord::Entry));
            self.file.rewrite(&live)?;
            self.records = live.len();
        }
        Ok(())
    }
}

impl RaftLogReader<TypeConfig> for LogStore {
    async fn try_get_log_entries<RB: RangeBounds<u64> + Clone + Debug + OptionalSend>(
        &mut self,
        range: RB,
    ) -> Result<Vec<Entry<TypeConfig>>, StorageError<u64>> {
        Ok(self
            .lock()
            .entries
            .range(range)
            .map(|(_, e)| e.clone())
            .collect())
    }
}

impl RaftLogStorage<TypeConfig> for LogStore {
    type LogReader = LogStore;

    async fn get_log_state(&mut self) -> Result<LogState<TypeConfig>, StorageError<u64>> {
        let inner = self.lock();
        let last = inner
            .entries
            .values()
            .next_back()
            .map(|e| *e.get_log_id())
            .or(inner.last_purged);
        Ok(LogState {
            last_purged_log_id: inner.last_purged,
            last_log_id: last,
        })
    }

    async fn get_log_reader(&mut self) -> Self::LogReader {
        self.clone()
    }

    async fn save_vote(&mut self, vote: &Vote<u64>) -> Result<(), StorageError<u64>> {
        self.lock()
            .write(vec![LogRecord::Vote(*vote)])
            .map_err(write_error)
    }

    async fn read_vote(&mut self) -> Result<Option<Vote<u64>>, StorageError<u64>> {
        Ok(self.lock().vote)
    }

    async fn save_committed(
        &mut self,
        committed: Option<LogId<u64>>,
    ) -> Result<(), StorageError<u64>> {
        self.lock()
            .write(vec![LogRecord::Committed(committed)])
            .map_err(write_error)
    }

    async fn read_committed(&mut self) -> Result<Option<LogId<u64>>, StorageError<u64>> {
        Ok(self.lock().committed)
    }

    async fn append<I>(
        &mut self,
        entries: I,
        callback: LogFlushed<TypeConfig>,
    ) -> Result<(), StorageError<u64>>
    where
        I: IntoIterator<Item = Entry<TypeConfig>> + OptionalSend,
        I::IntoIter: OptionalSend,
    {
        let records: Vec<LogRecord> = entries.into_iter().map(LogRecord::Entry).collect();
        let result = self.lock().write(records);
        match result {
            Ok(()) => {
                callback.log_io_completed(Ok(()));
                Ok(())
            }
            Err(e) => {
                callback.log_io_completed(Err(std::io::Error::other(e.to_string())));
                Err(write_error(e))
            }
        }
    }

    async fn truncate(&mut self, log_id: LogId<u64>) -> Result<(), StorageError<u64>> {
        self.lock()
            .write(vec![LogRecord::Truncate(log_id.index)])
            .map_err(write_error)
    }

    async fn purge(&mut self, log_id: LogId<u64>) -> Result<(), StorageError<u64>> {
        self.lock()
            .write(vec![LogRecord::Purge(log_id)])
            .map_err(write_error)
    }
}
