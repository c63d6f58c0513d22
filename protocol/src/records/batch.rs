//! [`RecordBatch`], a view of one batch, and [`Batches`], the batches of a
//! buffer (a produce request's or fetch response's `records` field).

use bytes::Bytes;

use super::compression::decompress;
use super::header::{
    compute_crc, ATTRIBUTES_OFFSET, ATTR_COMPRESSION_MASK, ATTR_CONTROL, ATTR_DELETE_HORIZON,
    ATTR_TIMESTAMP_TYPE_LOG_APPEND, ATTR_TRANSACTIONAL, BATCH_HEADER_LEN, BATCH_LENGTH_OFFSET,
    LOG_OVERHEAD, MAGIC_OFFSET, MAX_TIMESTAMP_OFFSET,
};
use super::record::{RecordIter, MIN_RECORD_SIZE};
use super::{BatchHeader, Compression, Record, RecordError};

/// The only magic this code reads or writes.
pub const MAGIC: i8 = 2;

/// What a batch's timestamps mean (attribute bit 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampType {
    /// Set by the producer; records keep their own timestamps.
    CreateTime,
    /// Set by the broker on append; every record's timestamp is the batch's
    /// `maxTimestamp`.
    LogAppendTime,
}

impl TimestampType {
    pub fn from_attributes(attributes: i16) -> Self {
        if attributes & ATTR_TIMESTAMP_TYPE_LOG_APPEND != 0 {
            TimestampType::LogAppendTime
        } else {
            TimestampType::CreateTime
        }
    }
}

/// One complete batch: its parsed header and its bytes, log overhead included.
///
/// Parsing checks only the framing; call [`RecordBatch::validate`] before
/// trusting the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBatch {
    header: BatchHeader,
    bytes: Bytes,
}

/// Where the next batch of `buf` ends, or `None` when `buf` holds only the
/// beginning of one. The order of the checks follows Kafka's
/// `ByteBufferLogInputStream`, so the same buffers are partial there and here.
fn next_batch_size(buf: &[u8]) -> Result<Option<usize>, RecordError> {
    if buf.len() < LOG_OVERHEAD {
        return Ok(None);
    }
    let mut raw = [0u8; 4];
    raw.copy_from_slice(&buf[BATCH_LENGTH_OFFSET..LOG_OVERHEAD]);
    let batch_length = i32::from_be_bytes(raw);
    if batch_length < 0 {
        return Err(RecordError::InvalidBatchLength(batch_length));
    }
    if buf.len() <= MAGIC_OFFSET {
        return Ok(None);
    }
    let magic = buf[MAGIC_OFFSET] as i8;
    if magic != MAGIC {
        return Err(RecordError::UnsupportedMagic(magic));
    }
    if (batch_length as usize) < BATCH_HEADER_LEN - LOG_OVERHEAD {
        return Err(RecordError::InvalidBatchLength(batch_length));
    }
    let size = batch_length as usize + LOG_OVERHEAD;
    Ok((buf.len() >= size).then_some(size))
}

impl RecordBatch {
    /// Splits the first batch off `buf` and returns it with the rest.
    /// An incomplete batch is [`RecordError::Truncated`].
    pub fn parse(mut buf: Bytes) -> Result<(RecordBatch, Bytes), RecordError> {
        let size = next_batch_size(&buf)?.ok_or(RecordError::Truncated)?;
        let bytes = buf.split_to(size);
        let header = BatchHeader::parse(&bytes)?;
        Ok((RecordBatch { header, bytes }, buf))
    }

    /// Parses a buffer that must hold exactly one batch.
    pub fn from_bytes(buf: Bytes) -> Result<RecordBatch, RecordError> {
        let (batch, rest) = Self::parse(buf)?;
        if !rest.is_empty() {
            return Err(RecordError::TrailingBytes(rest.len()));
        }
        Ok(batch)
    }

    pub fn header(&self) -> &BatchHeader {
        &self.header
    }

    /// The whole batch as on the wire.
    pub fn as_bytes(&self) -> &Bytes {
        &self.bytes
    }

    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    pub fn size_in_bytes(&self) -> usize {
        self.bytes.len()
    }

    pub fn base_offset(&self) -> i64 {
        self.header.base_offset
    }

    pub fn last_offset(&self) -> i64 {
        self.header
            .base_offset
            .wrapping_add(i64::from(self.header.last_offset_delta))
    }

    pub fn next_offset(&self) -> i64 {
        self.last_offset().wrapping_add(1)
    }

    pub fn record_count(&self) -> i32 {
        self.header.record_count
    }

    pub fn compression(&self) -> Result<Compression, RecordError> {
        self.header.compression()
    }

    pub fn timestamp_type(&self) -> TimestampType {
        TimestampType::from_attributes(self.header.attributes)
    }

    /// The records section, still compressed if the batch is.
    pub fn records_payload(&self) -> Bytes {
        self.bytes.slice(BATCH_HEADER_LEN..)
    }

    /// The checks a reader can make without decompressing: framing, CRC,
    /// codec, and counts that can be true of the batch.
    ///
    /// It accepts compacted batches (fewer records than offsets, even none);
    /// a broker validating a produce request also calls
    /// [`RecordBatch::validate_offset_range`].
    pub fn validate(&self) -> Result<(), RecordError> {
        let h = &self.header;
        if h.magic != MAGIC {
            return Err(RecordError::UnsupportedMagic(h.magic));
        }
        if self.bytes.len() != h.total_size() {
            return Err(RecordError::InvalidBatchLength(h.batch_length));
        }
        // Checked before anything the CRC covers: if it fails, every other
        // field is suspect, and Kafka reports CORRUPT_MESSAGE.
        let computed = compute_crc(&self.bytes);
        if computed != h.crc {
            return Err(RecordError::CrcMismatch {
                stored: h.crc,
                computed,
            });
        }
        let compression = h.compression()?;
        if h.record_count < 0 {
            return Err(RecordError::InvalidRecordCount(h.record_count));
        }
        if h.last_offset_delta < 0 || i64::from(h.last_offset_delta) < i64::from(h.record_count) - 1
        {
            return Err(RecordError::InvalidLastOffsetDelta {
                last_offset_delta: h.last_offset_delta,
                record_count: h.record_count,
            });
        }
        let payload = self.bytes.len() - BATCH_HEADER_LEN;
        if compression == Compression::None
            && (h.record_count as u64) * MIN_RECORD_SIZE as u64 > payload as u64
        {
            return Err(RecordError::RecordCountTooLarge {
                count: h.record_count,
                remaining: payload,
            });
        }
        Ok(())
    }

    /// A producer's batch has one record per offset: Kafka's LogValidator
    /// rejects it otherwise ("Inconsistent batch offset range and record
    /// count"). With this check, [`RecordBatch::records`] succeeding also
    /// proves the offset deltas are exactly `0..record_count`.
    pub fn validate_offset_range(&self) -> Result<(), RecordError> {
        let h = &self.header;
        if h.record_count <= 0 || i64::from(h.last_offset_delta) + 1 != i64::from(h.record_count) {
            return Err(RecordError::InvalidLastOffsetDelta {
                last_offset_delta: h.last_offset_delta,
                record_count: h.record_count,
            });
        }
        Ok(())
    }

    /// Iterates over the records, decompressing them first (at most
    /// `max_decompressed_bytes`). Does not check the CRC: see
    /// [`RecordBatch::validate`].
    pub fn iter_records(&self, max_decompressed_bytes: usize) -> Result<RecordIter, RecordError> {
        RecordIter::new(self.records_section(max_decompressed_bytes)?, &self.header)
    }

    /// The records section, decompressed (at most `max_decompressed_bytes`,
    /// else [`RecordError::DecompressedTooLarge`]).
    pub fn records_section(&self, max_decompressed_bytes: usize) -> Result<Bytes, RecordError> {
        let payload = self.records_payload();
        Ok(match self.compression()? {
            // Already in memory: no cap, and no copy.
            Compression::None => payload,
            codec => Bytes::from(decompress(codec, &payload, max_decompressed_bytes)?),
        })
    }

    /// All records of the batch; see [`RecordBatch::iter_records`].
    pub fn records(&self, max_decompressed_bytes: usize) -> Result<Vec<Record>, RecordError> {
        let iter = self.iter_records(max_decompressed_bytes)?;
        // Bounded: RecordIter::new checked the count against the bytes.
        let mut out = Vec::with_capacity(iter.remaining_records());
        for record in iter {
            out.push(record?);
        }
        Ok(out)
    }
}

/// The batches of a buffer, in order.
///
/// A fetch response may end in part of a batch (the broker cuts at the fetch
/// size); iteration then stops without an error and [`Batches::partial_batch`]
/// returns the fragment. After a malformed batch, iteration yields that error
/// once and stops.
#[derive(Debug, Clone)]
pub struct Batches {
    buf: Bytes,
    partial: bool,
    done: bool,
}

impl Batches {
    pub fn new(buf: Bytes) -> Self {
        Batches {
            buf,
            partial: false,
            done: false,
        }
    }

    /// The incomplete batch at the end of the buffer, once iteration has
    /// reached it. A produce request must not have one (Kafka rejects it).
    pub fn partial_batch(&self) -> Option<&Bytes> {
        self.partial.then_some(&self.buf)
    }

    /// The bytes not yet returned as batches.
    pub fn remainder(&self) -> &Bytes {
        &self.buf
    }
}

impl Iterator for Batches {
    type Item = Result<RecordBatch, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done || self.buf.is_empty() {
            return None;
        }
        let size = match next_batch_size(&self.buf) {
            Ok(Some(size)) => size,
            Ok(None) => {
                self.partial = true;
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let bytes = self.buf.split_to(size);
        match BatchHeader::parse(&bytes) {
            Ok(header) => Some(Ok(RecordBatch { header, bytes })),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Marks the batch as LogAppendTime, stamped `now_ms`, the way Kafka's
/// `DefaultRecordBatch.setMaxTimestamp` does on append: attributes and
/// maxTimestamp change, baseTimestamp and the record deltas stay (readers
/// ignore them under LogAppendTime), and the CRC is recomputed.
///
/// `batch` must be exactly one batch (the CRC covers it to the end).
///
/// # Panics
/// If `batch` is shorter than the batch header; pass a batch that went
/// through [`RecordBatch::parse`].
pub fn set_log_append_time(batch: &mut [u8], now_ms: i64) {
    let (head, tail) = batch.split_at_mut(crate::records::header::BATCH_HEADER_LEN);
    set_log_append_time_parts(head, tail, now_ms);
}

/// [`set_log_append_time`] for a batch held as its header (`head`, patched
/// in place) and the rest (`tail`, left as it is), so that the broker need
/// not copy a batch to stamp it.
pub fn set_log_append_time_parts(head: &mut [u8], tail: &[u8], now_ms: i64) {
    set_max_timestamp_parts(head, tail, TimestampType::LogAppendTime, now_ms);
}

/// Kafka's `DefaultRecordBatch.setMaxTimestamp` on a batch held as its
/// header (`head`, patched in place) and the rest (`tail`): sets the
/// timestamp type bit and `maxTimestamp`, drops unknown attribute bits, and
/// recomputes the CRC if anything changed.
pub fn set_max_timestamp_parts(
    head: &mut [u8],
    tail: &[u8],
    timestamp_type: TimestampType,
    max_timestamp_ms: i64,
) {
    let batch = head;
    let now_ms = max_timestamp_ms;
    let attributes = i16::from_be_bytes([batch[ATTRIBUTES_OFFSET], batch[ATTRIBUTES_OFFSET + 1]]);
    // Kafka rebuilds the attributes from the known flags, dropping unknown bits.
    let known = ATTR_COMPRESSION_MASK | ATTR_TRANSACTIONAL | ATTR_CONTROL | ATTR_DELETE_HORIZON;
    let updated = match timestamp_type {
        TimestampType::LogAppendTime => (attributes & known) | ATTR_TIMESTAMP_TYPE_LOG_APPEND,
        TimestampType::CreateTime => attributes & known,
    };
    let max_timestamp = &mut batch[MAX_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET + 8];
    if updated == attributes && *max_timestamp == now_ms.to_be_bytes() {
        // Nothing changes, so the CRC need not be recomputed.
        return;
    }
    max_timestamp.copy_from_slice(&now_ms.to_be_bytes());
    batch[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&updated.to_be_bytes());
    let crc = crc32c::crc32c_append(crc32c::crc32c(&batch[ATTRIBUTES_OFFSET..]), tail);
    batch[crate::records::header::CRC_OFFSET..crate::records::header::CRC_OFFSET + 4]
        .copy_from_slice(&crc.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::header::{set_base_offset, update_crc, CRC_OFFSET, RECORD_COUNT_OFFSET};
    use crate::records::{RecordBatchBuilder, SimpleRecord};

    const CAP: usize = 1 << 20;

    fn batch(compression: Compression, n: usize) -> Bytes {
        let mut b = RecordBatchBuilder::new(compression).base_offset(10);
        for i in 0..n {
            b = b.append(SimpleRecord::new(
                1_000 + i as i64,
                Some(Bytes::from(format!("k{i}"))),
                Some(Bytes::from(format!("v{i}"))),
            ));
        }
        b.build().unwrap()
    }

    #[test]
    fn parse_validate_and_read() {
        let bytes = batch(Compression::None, 3);
        let b = RecordBatch::from_bytes(bytes).unwrap();
        b.validate().unwrap();
        b.validate_offset_range().unwrap();
        assert_eq!(b.base_offset(), 10);
        assert_eq!(b.last_offset(), 12);
        assert_eq!(b.next_offset(), 13);
        let records = b.records(CAP).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[2].offset, 12);
        assert_eq!(records[2].timestamp, 1_002);
        assert_eq!(records[2].key.as_deref(), Some(&b"k2"[..]));
    }

    #[test]
    fn crc_mismatch_is_detected() {
        let mut raw = batch(Compression::None, 2).to_vec();
        let last = raw.len() - 1;
        raw[last] ^= 0x01;
        let b = RecordBatch::from_bytes(Bytes::from(raw)).unwrap();
        let err = b.validate().unwrap_err();
        assert!(matches!(err, RecordError::CrcMismatch { .. }));
        assert_eq!(
            err.error_code(),
            crate::records::error_code::CORRUPT_MESSAGE
        );
    }

    #[test]
    fn base_offset_is_outside_the_crc() {
        let mut raw = batch(Compression::Gzip, 2).to_vec();
        set_base_offset(&mut raw, 1 << 40);
        let b = RecordBatch::from_bytes(Bytes::from(raw)).unwrap();
        b.validate().unwrap();
        assert_eq!(b.records(CAP).unwrap()[1].offset, (1 << 40) + 1);
    }

    #[test]
    fn hostile_record_count_is_rejected() {
        let mut raw = batch(Compression::None, 1).to_vec();
        raw[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&i32::MAX.to_be_bytes());
        update_crc(&mut raw);
        let b = RecordBatch::from_bytes(Bytes::from(raw)).unwrap();
        assert!(b.validate().is_err());
        assert!(matches!(
            b.records(CAP),
            Err(RecordError::RecordCountTooLarge { .. })
        ));
    }

    #[test]
    fn batches_stop_at_a_partial_tail() {
        let one = batch(Compression::None, 2);
        let mut buf = one.to_vec();
        buf.extend_from_slice(&one);
        buf.extend_from_slice(&one[..30]);
        let mut it = Batches::new(Bytes::from(buf));
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().is_none());
        assert_eq!(it.partial_batch().map(Bytes::len), Some(30));
    }

    #[test]
    fn batches_without_a_tail_are_not_partial() {
        let one = batch(Compression::None, 2);
        let mut it = Batches::new(one);
        assert!(it.next().unwrap().is_ok());
        assert!(it.next().is_none());
        assert!(it.partial_batch().is_none());
        assert!(it.remainder().is_empty());
    }

    #[test]
    fn batches_report_bad_magic_once() {
        let mut raw = batch(Compression::None, 1).to_vec();
        raw[MAGIC_OFFSET] = 1;
        let mut it = Batches::new(Bytes::from(raw));
        assert_eq!(it.next(), Some(Err(RecordError::UnsupportedMagic(1))));
        assert!(it.next().is_none());
        assert!(it.partial_batch().is_none());
    }

    #[test]
    fn log_append_time_overwrites_max_timestamp_only() {
        let mut raw = batch(Compression::Lz4, 3).to_vec();
        let before = RecordBatch::from_bytes(Bytes::from(raw.clone())).unwrap();
        set_log_append_time(&mut raw, 777);
        let b = RecordBatch::from_bytes(Bytes::from(raw.clone())).unwrap();
        b.validate().unwrap();
        assert_eq!(b.timestamp_type(), TimestampType::LogAppendTime);
        assert_eq!(b.header().max_timestamp, 777);
        assert_eq!(b.header().base_timestamp, before.header().base_timestamp);
        assert_eq!(b.compression().unwrap(), Compression::Lz4);
        assert!(b.records(CAP).unwrap().iter().all(|r| r.timestamp == 777));
        // A second identical stamp changes nothing, CRC included.
        let crc = raw[CRC_OFFSET..CRC_OFFSET + 4].to_vec();
        set_log_append_time(&mut raw, 777);
        assert_eq!(&raw[CRC_OFFSET..CRC_OFFSET + 4], &crc[..]);
    }
}
