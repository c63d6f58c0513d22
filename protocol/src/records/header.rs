//! The fixed 61-byte header of a RecordBatch (magic 2).
//!
//! ```text
//! baseOffset: int64            @0
//! batchLength: int32           @8   (bytes after this field)
//! partitionLeaderEpoch: int32  @12
//! magic: int8                  @16  (= 2)
//! crc: uint32                  @17  (CRC-32C of everything from attributes on)
//! attributes: int16            @21
//! lastOffsetDelta: int32       @23
//! baseTimestamp: int64         @27
//! maxTimestamp: int64          @35
//! producerId: int64            @43
//! producerEpoch: int16         @51
//! baseSequence: int32          @53
//! recordCount: int32           @57
//! records                      @61
//! ```

use super::RecordError;

pub const BASE_OFFSET_OFFSET: usize = 0;
pub const BATCH_LENGTH_OFFSET: usize = 8;
pub const PARTITION_LEADER_EPOCH_OFFSET: usize = 12;
pub const MAGIC_OFFSET: usize = 16;
pub const CRC_OFFSET: usize = 17;
pub const ATTRIBUTES_OFFSET: usize = 21;
pub const LAST_OFFSET_DELTA_OFFSET: usize = 23;
pub const BASE_TIMESTAMP_OFFSET: usize = 27;
pub const MAX_TIMESTAMP_OFFSET: usize = 35;
pub const PRODUCER_ID_OFFSET: usize = 43;
pub const PRODUCER_EPOCH_OFFSET: usize = 51;
pub const BASE_SEQUENCE_OFFSET: usize = 53;
pub const RECORD_COUNT_OFFSET: usize = 57;
/// Size of the batch header; records start here.
pub const BATCH_HEADER_LEN: usize = 61;
/// Bytes before (and including) the batch length field: the "log overhead".
pub const LOG_OVERHEAD: usize = 12;

/// Compression codec, bits 0-2 of the attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}

impl Compression {
    pub fn from_attributes(attributes: i16) -> Result<Self, RecordError> {
        Ok(match attributes & 0x07 {
            0 => Compression::None,
            1 => Compression::Gzip,
            2 => Compression::Snappy,
            3 => Compression::Lz4,
            4 => Compression::Zstd,
            other => return Err(RecordError::UnknownCompression(other as i8)),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }
}

pub const ATTR_COMPRESSION_MASK: i16 = 0x07;
pub const ATTR_TIMESTAMP_TYPE_LOG_APPEND: i16 = 0x08;
pub const ATTR_TRANSACTIONAL: i16 = 0x10;
pub const ATTR_CONTROL: i16 = 0x20;
pub const ATTR_DELETE_HORIZON: i16 = 0x40;

/// The parsed header of one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchHeader {
    pub base_offset: i64,
    pub batch_length: i32,
    pub partition_leader_epoch: i32,
    pub magic: i8,
    pub crc: u32,
    pub attributes: i16,
    pub last_offset_delta: i32,
    pub base_timestamp: i64,
    pub max_timestamp: i64,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub record_count: i32,
}

fn be_i16(b: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([b[at], b[at + 1]])
}
fn be_i32(b: &[u8], at: usize) -> i32 {
    i32::from_be_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}
fn be_i64(b: &[u8], at: usize) -> i64 {
    i64::from_be_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

impl BatchHeader {
    /// Parses the header at the start of `batch`. Checks only what the header
    /// itself can tell: enough bytes, magic 2, a batch length that covers the
    /// header. It does not check the CRC (see [`super::RecordBatch::validate`]).
    pub fn parse(batch: &[u8]) -> Result<Self, RecordError> {
        if batch.len() < BATCH_HEADER_LEN {
            return Err(RecordError::Truncated);
        }
        let magic = batch[MAGIC_OFFSET] as i8;
        if magic != 2 {
            return Err(RecordError::UnsupportedMagic(magic));
        }
        let batch_length = be_i32(batch, BATCH_LENGTH_OFFSET);
        if (batch_length as i64) < (BATCH_HEADER_LEN - LOG_OVERHEAD) as i64 {
            return Err(RecordError::InvalidBatchLength(batch_length));
        }
        Ok(BatchHeader {
            base_offset: be_i64(batch, BASE_OFFSET_OFFSET),
            batch_length,
            partition_leader_epoch: be_i32(batch, PARTITION_LEADER_EPOCH_OFFSET),
            magic,
            crc: be_i32(batch, CRC_OFFSET) as u32,
            attributes: be_i16(batch, ATTRIBUTES_OFFSET),
            last_offset_delta: be_i32(batch, LAST_OFFSET_DELTA_OFFSET),
            base_timestamp: be_i64(batch, BASE_TIMESTAMP_OFFSET),
            max_timestamp: be_i64(batch, MAX_TIMESTAMP_OFFSET),
            producer_id: be_i64(batch, PRODUCER_ID_OFFSET),
            producer_epoch: be_i16(batch, PRODUCER_EPOCH_OFFSET),
            base_sequence: be_i32(batch, BASE_SEQUENCE_OFFSET),
            record_count: be_i32(batch, RECORD_COUNT_OFFSET),
        })
    }

    /// Total size of the batch on the wire, including the log overhead.
    pub fn total_size(&self) -> usize {
        self.batch_length as usize + LOG_OVERHEAD
    }

    /// Offset of the last record of the batch.
    pub fn last_offset(&self) -> i64 {
        // Wrapping, as Java does: a hostile base offset must not panic.
        self.base_offset.wrapping_add(self.last_offset_delta as i64)
    }

    /// The offset that follows this batch.
    pub fn next_offset(&self) -> i64 {
        self.last_offset().wrapping_add(1)
    }

    pub fn compression(&self) -> Result<Compression, RecordError> {
        Compression::from_attributes(self.attributes)
    }

    pub fn is_transactional(&self) -> bool {
        self.attributes & ATTR_TRANSACTIONAL != 0
    }

    pub fn is_control(&self) -> bool {
        self.attributes & ATTR_CONTROL != 0
    }

    pub fn has_log_append_time(&self) -> bool {
        self.attributes & ATTR_TIMESTAMP_TYPE_LOG_APPEND != 0
    }
}

/// Overwrites the base offset of the batch at the start of `batch` (not covered by the CRC).
pub fn set_base_offset(batch: &mut [u8], base_offset: i64) {
    batch[BASE_OFFSET_OFFSET..BASE_OFFSET_OFFSET + 8].copy_from_slice(&base_offset.to_be_bytes());
}

/// Overwrites the partition leader epoch (not covered by the CRC).
pub fn set_partition_leader_epoch(batch: &mut [u8], epoch: i32) {
    batch[PARTITION_LEADER_EPOCH_OFFSET..PARTITION_LEADER_EPOCH_OFFSET + 4]
        .copy_from_slice(&epoch.to_be_bytes());
}

/// CRC-32C over everything from the attributes to the end of the batch.
pub fn compute_crc(batch: &[u8]) -> u32 {
    crc32c::crc32c(&batch[ATTRIBUTES_OFFSET..])
}

/// Recomputes and stores the CRC after a change to the covered bytes.
pub fn update_crc(batch: &mut [u8]) {
    let crc = compute_crc(batch);
    batch[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
}
