//! Errors of the storage layer.

use std::io;
use std::path::{Path, PathBuf};

use protocol::records::RecordError;

/// Result alias of the storage crate.
pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// Everything that can go wrong in the partition log.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// An operating-system I/O error, with the file it happened on.
    #[error("I/O error on {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    /// A fetch or lookup outside `[log_start, log_end]`.
    #[error("offset {offset} is out of range [{log_start}, {log_end}]")]
    OffsetOutOfRange {
        offset: i64,
        log_start: i64,
        log_end: i64,
    },

    /// A batch stored in a segment file is unreadable (bad header, length past
    /// the end of the file, CRC mismatch, offsets going backwards).
    #[error("corrupt batch in {} at position {position}: {reason}", path.display())]
    CorruptBatch {
        path: PathBuf,
        position: u64,
        reason: String,
    },

    /// An index file disagrees with its segment.
    #[error("corrupt index {}: {reason}", path.display())]
    CorruptIndex { path: PathBuf, reason: String },

    /// Segments of a partition disagree with each other (overlapping offsets).
    #[error("corrupt log {}: {reason}", path.display())]
    CorruptLog { path: PathBuf, reason: String },

    /// A batch handed to [`crate::Log::append`] is not one well-formed RecordBatch v2.
    #[error("invalid batch: {0}")]
    InvalidBatch(String),

    /// A follower append whose batches do not continue the log: the first
    /// must start at the log end offset and each next one where the previous
    /// ended (Kafka's UnexpectedAppendOffsetException and
    /// OffsetsOutOfOrderException). `index` is the batch's position in the
    /// append.
    #[error("follower append: batch {index} starts at offset {found}, expected {expected}")]
    UnexpectedAppendOffset {
        index: usize,
        expected: i64,
        found: i64,
    },

    /// The batch header itself is malformed.
    #[error("invalid batch header: {0}")]
    Record(#[from] RecordError),

    /// A batch larger than a whole segment can never be stored (Kafka's
    /// RecordBatchTooLargeException).
    #[error("batch of {size} bytes exceeds segment size {max}")]
    BatchTooLarge { size: usize, max: u32 },

    /// A [`crate::LogConfig`] value is out of range.
    #[error("invalid log config: {0}")]
    InvalidConfig(String),
}

impl StorageError {
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        StorageError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn corrupt_batch(path: &Path, position: u64, reason: impl Into<String>) -> Self {
        StorageError::CorruptBatch {
            path: path.to_path_buf(),
            position,
            reason: reason.into(),
        }
    }

    pub(crate) fn corrupt_index(path: &Path, reason: impl Into<String>) -> Self {
        StorageError::CorruptIndex {
            path: path.to_path_buf(),
            reason: reason.into(),
        }
    }
}

/// Attaches a path to an `io::Result`.
pub(crate) trait IoContext<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|e| StorageError::io(path, e))
    }
}
