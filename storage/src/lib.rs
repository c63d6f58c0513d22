//! The partition log, modelled on Apache Kafka's storage module:
//! [`Log`] (one partition directory) → [`Segment`] (`<base>.log`) →
//! [`OffsetIndex`] (`<base>.index`) and [`TimeIndex`] (`<base>.timeindex`).
//!
//! The log stores RecordBatch v2 byte arrays as they are (validated upstream
//! by the broker); on the leader it assigns offsets by rewriting each batch's
//! base offset, on a follower it appends the leader's batches unchanged, and
//! it reads back whole batches. [`LeaderEpochFileCache`]
//! (`leader-epoch-checkpoint`) records where each leader epoch starts in the
//! log, and `log-start-offset-checkpoint` where DeleteRecords moved the log
//! start offset. [`ProducerStateManager`] keeps the idempotent producers'
//! sequences, the transactional producers' open transactions (the first
//! unstable offset) and Kafka's `<offset>.snapshot` files of them.
//! [`transaction_index::TransactionIndex`] (`<base>.txnindex`) is Kafka's
//! aborted-transaction index of a segment (not yet written by the log:
//! transactions are issue 18's). It knows nothing of the network.

pub mod cleaner;
pub mod config;
pub mod descriptors;
pub mod error;
pub mod index_file;
pub mod leader_epoch;
pub mod log;
pub mod log_start_offset;
pub mod offset_index;
pub mod producer_snapshot;
pub mod producer_state_manager;
pub mod recovery;
pub mod segment;
pub mod time_index;
pub mod transaction_index;

pub use cleaner::{CleanPlan, CleanStats, Cleaned, Cleaner, OffsetMap};
pub use config::LogConfig;
pub use error::{Result, StorageError};
pub use leader_epoch::{
    EpochEntry, LeaderEpochFileCache, LEADER_EPOCH_CHECKPOINT_FILE, UNDEFINED_EPOCH,
    UNDEFINED_EPOCH_OFFSET,
};
pub use log::{partition_dir, AppendInfo, Log, ReadResult, RollReason, SliceRead};
pub use log_start_offset::LOG_START_OFFSET_CHECKPOINT_FILE;
pub use offset_index::{OffsetEntry, OffsetIndex};
pub use producer_state_manager::{
    BatchMetadata, ProducerStateManager, SequenceCheck, SequenceError, BATCHES_PER_PRODUCER,
};
pub use recovery::{RecoveryStats, CLEAN_SHUTDOWN_FILE};
pub use segment::{BatchPosition, FileSlice, Segment};
pub use time_index::{TimeEntry, TimeIndex};

/// Builds syntactically valid RecordBatch v2 byte arrays for unit tests.
#[cfg(test)]
pub(crate) mod test_batch {
    use protocol::records::header::*;

    /// A batch of `count` records (payload bytes stand in for the records),
    /// base offset 0, base and max timestamp `timestamp`, valid CRC.
    pub fn batch(count: i32, timestamp: i64, payload_len: usize) -> Vec<u8> {
        assert!(count >= 1);
        let mut b = vec![0u8; BATCH_HEADER_LEN + payload_len];
        let batch_length = (b.len() - LOG_OVERHEAD) as i32;
        b[BATCH_LENGTH_OFFSET..BATCH_LENGTH_OFFSET + 4]
            .copy_from_slice(&batch_length.to_be_bytes());
        b[MAGIC_OFFSET] = 2;
        b[LAST_OFFSET_DELTA_OFFSET..LAST_OFFSET_DELTA_OFFSET + 4]
            .copy_from_slice(&(count - 1).to_be_bytes());
        b[BASE_TIMESTAMP_OFFSET..BASE_TIMESTAMP_OFFSET + 8]
            .copy_from_slice(&timestamp.to_be_bytes());
        b[MAX_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET + 8].copy_from_slice(&timestamp.to_be_bytes());
        b[PRODUCER_ID_OFFSET..PRODUCER_ID_OFFSET + 8].copy_from_slice(&(-1i64).to_be_bytes());
        b[PRODUCER_EPOCH_OFFSET..PRODUCER_EPOCH_OFFSET + 2].copy_from_slice(&(-1i16).to_be_bytes());
        b[BASE_SEQUENCE_OFFSET..BASE_SEQUENCE_OFFSET + 4].copy_from_slice(&(-1i32).to_be_bytes());
        b[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&count.to_be_bytes());
        for (i, byte) in b[BATCH_HEADER_LEN..].iter_mut().enumerate() {
            *byte = (i * 7 + 3) as u8;
        }
        update_crc(&mut b);
        b
    }
}
