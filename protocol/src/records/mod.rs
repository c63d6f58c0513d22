//! RecordBatch v2 (magic 2): the unit producers send, the log stores and
//! consumers fetch.

pub mod header;

pub use header::{BatchHeader, Compression};

/// Why a record batch is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("record batch truncated")]
    Truncated,
    #[error("unsupported record batch magic {0}")]
    UnsupportedMagic(i8),
    #[error("invalid batch length {0}")]
    InvalidBatchLength(i32),
    #[error("unknown compression codec {0}")]
    UnknownCompression(i8),
    #[error("CRC mismatch: stored {stored:#010x}, computed {computed:#010x}")]
    CrcMismatch { stored: u32, computed: u32 },
}
