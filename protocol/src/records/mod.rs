//! RecordBatch v2 (magic 2): the unit producers send, the log stores and
//! consumers fetch.
//!
//! - [`header`]: the fixed 61-byte batch header and in-place setters.
//! - [`batch`]: [`RecordBatch`], a validated view of one batch, and
//!   [`Batches`], an iterator over the batches of a fetch or produce buffer.
//! - [`record`]: the records inside a batch.
//! - [`compression`]: gzip, snappy (xerial framing and raw), lz4 and zstd, with
//!   a cap on the decompressed size.
//! - [`builder`]: [`RecordBatchBuilder`], which writes a batch.
//! - [`control`]: the end-of-transaction markers (control batches).
//! - [`varint`]: Kafka's zigzag varints.

pub mod batch;
pub mod builder;
pub mod compression;
pub mod control;
pub mod header;
pub mod record;
pub mod varint;

pub use batch::{
    set_log_append_time, set_log_append_time_parts, set_max_timestamp_parts, Batches, RecordBatch,
    TimestampType,
};
pub use builder::{recompress_batch, retain_records, RecordBatchBuilder, SimpleRecord};
pub use header::{BatchHeader, Compression};
pub use record::{Record, RecordIter, RecordSummary};

/// Kafka error codes a [`RecordError`] maps to (see [`RecordError::error_code`]).
pub mod error_code {
    pub const CORRUPT_MESSAGE: i16 = 2;
    pub const MESSAGE_TOO_LARGE: i16 = 10;
    pub const INVALID_TIMESTAMP: i16 = 32;
    pub const UNSUPPORTED_COMPRESSION_TYPE: i16 = 76;
    pub const INVALID_RECORD: i16 = 87;
}

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
    #[error("varint longer than {0} bytes or out of range")]
    VarintTooLong(usize),
    #[error("invalid record count {0}")]
    InvalidRecordCount(i32),
    #[error("record count {count} cannot fit in the {remaining} bytes of records")]
    RecordCountTooLarge { count: i32, remaining: usize },
    #[error("last offset delta {last_offset_delta} inconsistent with record count {record_count}")]
    InvalidLastOffsetDelta {
        last_offset_delta: i32,
        record_count: i32,
    },
    #[error("record offset delta {offset_delta} out of order or beyond last offset delta {last_offset_delta}")]
    InvalidOffsetDelta {
        offset_delta: i32,
        last_offset_delta: i32,
    },
    #[error("invalid negative length {0}")]
    InvalidLength(i32),
    #[error("length {length} exceeds the {remaining} bytes that remain")]
    LengthTooLarge { length: usize, remaining: usize },
    #[error("record size {declared} does not match the {read} bytes its fields take")]
    RecordSizeMismatch { declared: usize, read: usize },
    #[error("invalid record header count {0}")]
    InvalidHeaderCount(i32),
    #[error("invalid record header key length {0}")]
    InvalidHeaderKey(i32),
    #[error("{0} bytes left over after the declared records")]
    TrailingBytes(usize),
    #[error("decompressed records exceed the limit of {limit} bytes")]
    DecompressedTooLarge { limit: usize },
    #[error("corrupt {codec} data: {reason}")]
    CorruptCompressedData { codec: &'static str, reason: String },
    #[error("{codec} compression failed: {reason}")]
    CompressionFailed { codec: &'static str, reason: String },
    #[error("{0} too large for a record batch")]
    TooLarge(&'static str),
    #[error("timestamp delta out of range")]
    TimestampOutOfRange,
    #[error("a record batch needs at least one record")]
    EmptyBatch,
}

impl RecordError {
    /// The Kafka error code a broker returns for this error on produce.
    ///
    /// Mirrors Kafka's split: damage to the batch framing or checksum is a
    /// `CorruptRecordException` (CORRUPT_MESSAGE), a well-framed batch whose
    /// records break the format is an `InvalidRecordException` (INVALID_RECORD).
    /// Produce v0-v7 clients do not know INVALID_RECORD; the caller maps it to
    /// CORRUPT_MESSAGE for them, as Kafka does.
    pub fn error_code(&self) -> i16 {
        use RecordError::*;
        match self {
            Truncated
            | UnsupportedMagic(_)
            | InvalidBatchLength(_)
            | CrcMismatch { .. }
            | CorruptCompressedData { .. } => error_code::CORRUPT_MESSAGE,
            UnknownCompression(_) => error_code::UNSUPPORTED_COMPRESSION_TYPE,
            // MESSAGE_TOO_LARGE makes the Java producer split the batch and
            // retry, which is the right reaction to a batch over the cap.
            DecompressedTooLarge { .. } | TooLarge(_) => error_code::MESSAGE_TOO_LARGE,
            TimestampOutOfRange => error_code::INVALID_TIMESTAMP,
            VarintTooLong(_)
            | InvalidRecordCount(_)
            | RecordCountTooLarge { .. }
            | InvalidLastOffsetDelta { .. }
            | InvalidOffsetDelta { .. }
            | InvalidLength(_)
            | LengthTooLarge { .. }
            | RecordSizeMismatch { .. }
            | InvalidHeaderCount(_)
            | InvalidHeaderKey(_)
            | TrailingBytes(_)
            | CompressionFailed { .. }
            | EmptyBatch => error_code::INVALID_RECORD,
        }
    }
}
