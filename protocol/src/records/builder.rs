//! [`RecordBatchBuilder`]: writes one batch, for tests and the CLI producer.

use bytes::{BufMut, Bytes, BytesMut};

use super::batch::{TimestampType, MAGIC};
use super::compression::compress;
use super::header::{
    update_crc, ATTR_CONTROL, ATTR_TIMESTAMP_TYPE_LOG_APPEND, ATTR_TRANSACTIONAL, BATCH_HEADER_LEN,
    LOG_OVERHEAD,
};
use super::record::{record_body_len, write_record, RecordIter, RecordSummary};
use super::varint::varint_len;
use super::{Compression, RecordError};

/// A record to append, named after Kafka's `SimpleRecord`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleRecord {
    pub timestamp: i64,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Vec<(String, Option<Bytes>)>,
}

impl SimpleRecord {
    pub fn new(timestamp: i64, key: Option<Bytes>, value: Option<Bytes>) -> Self {
        SimpleRecord {
            timestamp,
            key,
            value,
            headers: Vec::new(),
        }
    }

    pub fn with_header(mut self, key: impl Into<String>, value: Option<Bytes>) -> Self {
        self.headers.push((key.into(), value));
        self
    }
}

/// Builds one batch; defaults match a non-idempotent Java producer
/// (no producer id, epoch or sequence, no leader epoch, CreateTime).
#[derive(Debug, Clone)]
pub struct RecordBatchBuilder {
    compression: Compression,
    base_offset: i64,
    partition_leader_epoch: i32,
    producer_id: i64,
    producer_epoch: i16,
    base_sequence: i32,
    timestamp_type: TimestampType,
    log_append_time: Option<i64>,
    transactional: bool,
    control: bool,
    records: Vec<SimpleRecord>,
    /// Each record's offset delta when given with
    /// [`RecordBatchBuilder::push_at`] (a compacted batch keeps its records'
    /// offsets, leaving gaps); empty means 0, 1, 2...
    offset_deltas: Vec<i32>,
    /// The batch's lastOffsetDelta when set by
    /// [`RecordBatchBuilder::last_offset_delta`]; else the last record's.
    last_offset_delta: Option<i32>,
}

impl RecordBatchBuilder {
    pub fn new(compression: Compression) -> Self {
        RecordBatchBuilder {
            compression,
            base_offset: 0,
            partition_leader_epoch: -1,
            producer_id: -1,
            producer_epoch: -1,
            base_sequence: -1,
            timestamp_type: TimestampType::CreateTime,
            log_append_time: None,
            transactional: false,
            control: false,
            records: Vec::new(),
            offset_deltas: Vec::new(),
            last_offset_delta: None,
        }
    }

    pub fn base_offset(mut self, base_offset: i64) -> Self {
        self.base_offset = base_offset;
        self
    }

    pub fn partition_leader_epoch(mut self, epoch: i32) -> Self {
        self.partition_leader_epoch = epoch;
        self
    }

    pub fn producer(mut self, producer_id: i64, producer_epoch: i16, base_sequence: i32) -> Self {
        self.producer_id = producer_id;
        self.producer_epoch = producer_epoch;
        self.base_sequence = base_sequence;
        self
    }

    /// Under LogAppendTime without [`Self::log_append_time`], the batch's
    /// maxTimestamp (which readers then use for every record) is the largest
    /// record timestamp.
    pub fn timestamp_type(mut self, timestamp_type: TimestampType) -> Self {
        self.timestamp_type = timestamp_type;
        self
    }

    /// LogAppendTime, stamped `now_ms`, as a broker writes it.
    pub fn log_append_time(mut self, now_ms: i64) -> Self {
        self.timestamp_type = TimestampType::LogAppendTime;
        self.log_append_time = Some(now_ms);
        self
    }

    pub fn transactional(mut self, transactional: bool) -> Self {
        self.transactional = transactional;
        self
    }

    pub fn control(mut self, control: bool) -> Self {
        self.control = control;
        self
    }

    pub fn append(mut self, record: SimpleRecord) -> Self {
        self.records.push(record);
        self
    }

    pub fn push(&mut self, record: SimpleRecord) {
        assert!(self.offset_deltas.is_empty(), "push_at and push do not mix");
        self.records.push(record);
    }

    /// Appends a record at `offset_delta` from the base offset, which must
    /// be larger than the previous record's (the log cleaner rebuilds a
    /// batch with the records it keeps, at their own offsets).
    pub fn push_at(&mut self, offset_delta: i32, record: SimpleRecord) {
        assert_eq!(
            self.offset_deltas.len(),
            self.records.len(),
            "push_at and push do not mix"
        );
        assert!(offset_delta >= 0);
        assert!(self.offset_deltas.last().is_none_or(|&d| d < offset_delta));
        self.offset_deltas.push(offset_delta);
        self.records.push(record);
    }

    /// Keeps the batch's lastOffsetDelta past its last record: a compacted
    /// batch keeps its original last offset, so that the producer's last
    /// sequence (base sequence + lastOffsetDelta) stays what it was, as in
    /// Kafka's cleaner. Checked against the records when built.
    pub fn last_offset_delta(mut self, delta: i32) -> Self {
        self.last_offset_delta = Some(delta);
        self
    }

    fn offset_delta(&self, index: i32) -> i32 {
        match self.offset_deltas.is_empty() {
            true => index,
            false => self.offset_deltas[index as usize],
        }
    }

    fn attributes(&self) -> i16 {
        let mut attributes = self.compression as i16;
        if self.timestamp_type == TimestampType::LogAppendTime {
            attributes |= ATTR_TIMESTAMP_TYPE_LOG_APPEND;
        }
        if self.transactional {
            attributes |= ATTR_TRANSACTIONAL;
        }
        if self.control {
            attributes |= ATTR_CONTROL;
        }
        attributes
    }

    /// Writes the batch: lengths, lastOffsetDelta, timestamps and CRC filled in.
    pub fn build(&self) -> Result<Bytes, RecordError> {
        let Some(first) = self.records.first() else {
            return Err(RecordError::EmptyBatch);
        };
        let record_count =
            i32::try_from(self.records.len()).map_err(|_| RecordError::TooLarge("record count"))?;
        // Like Kafka's MemoryRecordsBuilder: deltas are from the first record,
        // so they may be negative when timestamps go backwards.
        let base_timestamp = first.timestamp;
        let max_timestamp = match self.log_append_time {
            Some(now) => now,
            None => self
                .records
                .iter()
                .map(|r| r.timestamp)
                .max()
                .unwrap_or(base_timestamp),
        };

        let mut records = Vec::new();
        for (index, r) in (0..record_count).zip(&self.records) {
            let offset_delta = self.offset_delta(index);
            let timestamp_delta = r
                .timestamp
                .checked_sub(base_timestamp)
                .ok_or(RecordError::TimestampOutOfRange)?;
            let (key, value) = (r.key.as_deref(), r.value.as_deref());
            let body_len = record_body_len(timestamp_delta, offset_delta, key, value, &r.headers)?;
            records.reserve(varint_len(body_len as i32) + body_len);
            write_record(
                &mut records,
                body_len,
                timestamp_delta,
                offset_delta,
                key,
                value,
                &r.headers,
            );
        }
        let payload = compress(self.compression, &records)?;

        let batch_length = i32::try_from(BATCH_HEADER_LEN - LOG_OVERHEAD + payload.len())
            .map_err(|_| RecordError::TooLarge("batch"))?;
        let mut out = BytesMut::with_capacity(BATCH_HEADER_LEN + payload.len());
        out.put_i64(self.base_offset);
        out.put_i32(batch_length);
        out.put_i32(self.partition_leader_epoch);
        out.put_i8(MAGIC);
        out.put_u32(0); // CRC, filled in below
        out.put_i16(self.attributes());
        let last_record_delta = self.offset_delta(record_count - 1);
        let last_offset_delta = match self.last_offset_delta {
            Some(d) if d >= last_record_delta => d,
            Some(d) => {
                return Err(RecordError::InvalidOffsetDelta {
                    offset_delta: last_record_delta,
                    last_offset_delta: d,
                })
            }
            None => last_record_delta,
        };
        out.put_i32(last_offset_delta);
        out.put_i64(base_timestamp);
        out.put_i64(max_timestamp);
        out.put_i64(self.producer_id);
        out.put_i16(self.producer_epoch);
        out.put_i32(self.base_sequence);
        out.put_i32(record_count);
        out.put_slice(&payload);
        update_crc(&mut out);
        Ok(out.freeze())
    }
}

/// The batch `batch` with its records section `records` (decompressed, as
/// [`crate::records::RecordBatch::records_section`] returns it) compressed
/// with `compression` instead: every other field stays, the records are
/// the same bytes. Costs the compressed output, not a copy per record.
pub fn recompress_batch(
    batch: &crate::records::RecordBatch,
    records: &[u8],
    compression: Compression,
) -> Result<Bytes, RecordError> {
    use super::header::{ATTRIBUTES_OFFSET, ATTR_COMPRESSION_MASK, BATCH_LENGTH_OFFSET};
    let payload = compress(compression, records)?;
    let total = BATCH_HEADER_LEN + payload.len();
    let batch_length = i32::try_from(total - LOG_OVERHEAD)
        .map_err(|_| RecordError::TooLarge("recompressed batch"))?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&batch.as_bytes()[..BATCH_HEADER_LEN]);
    out.extend_from_slice(&payload);
    out[BATCH_LENGTH_OFFSET..BATCH_LENGTH_OFFSET + 4].copy_from_slice(&batch_length.to_be_bytes());
    let attributes = (batch.header().attributes & !ATTR_COMPRESSION_MASK) | compression as i16;
    out[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attributes.to_be_bytes());
    update_crc(&mut out);
    Ok(Bytes::from(out))
}

/// The batch `batch` with only the records `keep` accepts: `None` when it
/// keeps none, the batch itself when it keeps all, else a batch with the
/// same header fields (base offset and timestamp, last offset, producer,
/// codec) whose records are the kept records' own bytes (their offset and
/// timestamp deltas stay valid), its record count and CreateTime max
/// timestamp those of the kept records. The log cleaner's filter: it holds
/// the decompressed section (at most `max_decompressed_bytes`) and the kept
/// bytes, nothing per record or header. Returns the bytes and the number of
/// records kept.
pub fn retain_records(
    batch: &crate::records::RecordBatch,
    max_decompressed_bytes: usize,
    mut keep: impl FnMut(&RecordSummary) -> bool,
) -> Result<Option<(Bytes, u64)>, RecordError> {
    use super::header::{BATCH_LENGTH_OFFSET, MAX_TIMESTAMP_OFFSET, RECORD_COUNT_OFFSET};
    let header = batch.header();
    let section = batch.records_section(max_decompressed_bytes)?;
    let mut records = RecordIter::new(section, header)?;
    let (mut total, mut kept) = (0u64, 0u64);
    let mut kept_bytes = Vec::new();
    let mut max_timestamp = -1i64;
    while let Some(record) = records.next_summary_and_bytes() {
        let (summary, bytes) = record?;
        total += 1;
        if keep(&summary) {
            kept += 1;
            max_timestamp = max_timestamp.max(summary.timestamp);
            kept_bytes.extend_from_slice(&bytes);
        }
    }
    if kept == total {
        return Ok(Some((batch.as_bytes().clone(), total)));
    }
    if kept == 0 {
        return Ok(None);
    }
    let payload = compress(batch.compression()?, &kept_bytes)?;
    let total_len = BATCH_HEADER_LEN + payload.len();
    let batch_length = i32::try_from(total_len - LOG_OVERHEAD)
        .map_err(|_| RecordError::TooLarge("filtered batch"))?;
    let mut out = Vec::with_capacity(total_len);
    out.extend_from_slice(&batch.as_bytes()[..BATCH_HEADER_LEN]);
    out.extend_from_slice(&payload);
    out[BATCH_LENGTH_OFFSET..BATCH_LENGTH_OFFSET + 4].copy_from_slice(&batch_length.to_be_bytes());
    out[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&(kept as i32).to_be_bytes());
    if !header.has_log_append_time() {
        out[MAX_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET + 8]
            .copy_from_slice(&max_timestamp.to_be_bytes());
    }
    update_crc(&mut out);
    Ok(Some((Bytes::from(out), kept)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::RecordBatch;

    #[test]
    fn retained_records_keep_their_bytes_offsets_and_headers() {
        for codec in [Compression::None, Compression::Lz4] {
            let mut b = RecordBatchBuilder::new(codec)
                .base_offset(100)
                .producer(7, 1, 50);
            for i in 0..6u8 {
                let mut r = SimpleRecord::new(
                    1_000 + i64::from(i),
                    Some(Bytes::from(vec![b'k', i])),
                    Some(Bytes::from(vec![b'v', i])),
                );
                r.headers = (0..i).map(|h| (format!("h{h}"), None)).collect();
                b = b.append(r);
            }
            let batch = RecordBatch::from_bytes(b.build().unwrap()).unwrap();
            let all = batch.records(1 << 20).unwrap();
            let odd = |r: &RecordSummary| r.offset % 2 == 1;
            let (bytes, n) = retain_records(&batch, 1 << 20, odd).unwrap().unwrap();
            assert_eq!(n, 3);
            let out = RecordBatch::from_bytes(bytes).unwrap();
            out.validate().unwrap();
            let kept: Vec<_> = all.iter().filter(|r| r.offset % 2 == 1).cloned().collect();
            assert_eq!(out.records(1 << 20).unwrap(), kept);
            let (h, o) = (batch.header(), out.header());
            assert_eq!(
                (
                    o.base_offset,
                    o.last_offset_delta,
                    o.producer_id,
                    o.base_sequence
                ),
                (
                    h.base_offset,
                    h.last_offset_delta,
                    h.producer_id,
                    h.base_sequence
                )
            );
            assert_eq!((o.record_count, o.max_timestamp), (3, 1_005));
            assert_eq!(out.compression().unwrap(), codec);
            // All kept: the batch itself; none kept: nothing.
            let (same, _) = retain_records(&batch, 1 << 20, |_| true).unwrap().unwrap();
            assert_eq!(same, batch.as_bytes().clone());
            assert!(retain_records(&batch, 1 << 20, |_| false)
                .unwrap()
                .is_none());
        }
    }

    #[test]
    fn recompressed_batch_has_the_same_records() {
        let bytes = RecordBatchBuilder::new(Compression::Gzip)
            .base_offset(5)
            .producer(42, 3, 100)
            .append(SimpleRecord::new(
                2_000,
                None,
                Some(Bytes::from_static(b"a")),
            ))
            .append(SimpleRecord::new(
                1_000,
                Some(Bytes::from_static(b"k")),
                None,
            ))
            .build()
            .unwrap();
        let batch = RecordBatch::from_bytes(bytes).unwrap();
        let section = batch.records_section(1 << 20).unwrap();
        let out = recompress_batch(&batch, &section, Compression::Zstd).unwrap();
        let out = RecordBatch::from_bytes(out).unwrap();
        out.validate().unwrap();
        assert_eq!(out.compression().unwrap(), Compression::Zstd);
        assert_eq!(
            out.records(1 << 20).unwrap(),
            batch.records(1 << 20).unwrap()
        );
        let (a, b) = (out.header(), batch.header());
        assert_eq!(
            (
                a.base_offset,
                a.producer_id,
                a.base_sequence,
                a.max_timestamp,
                a.record_count
            ),
            (
                b.base_offset,
                b.producer_id,
                b.base_sequence,
                b.max_timestamp,
                b.record_count
            )
        );
    }

    #[test]
    fn header_fields_are_filled_in() {
        let bytes = RecordBatchBuilder::new(Compression::Zstd)
            .base_offset(5)
            .partition_leader_epoch(7)
            .producer(42, 3, 100)
            .transactional(true)
            .append(SimpleRecord::new(
                2_000,
                None,
                Some(Bytes::from_static(b"a")),
            ))
            .append(SimpleRecord::new(1_000, None, None))
            .append(SimpleRecord::new(3_000, None, None))
            .build()
            .unwrap();
        let b = RecordBatch::from_bytes(bytes).unwrap();
        b.validate().unwrap();
        let h = b.header();
        assert_eq!(h.base_offset, 5);
        assert_eq!(h.partition_leader_epoch, 7);
        assert_eq!(
            (h.producer_id, h.producer_epoch, h.base_sequence),
            (42, 3, 100)
        );
        assert!(h.is_transactional() && !h.is_control());
        assert_eq!(h.last_offset_delta, 2);
        assert_eq!(h.record_count, 3);
        assert_eq!((h.base_timestamp, h.max_timestamp), (2_000, 3_000));
        let ts: Vec<i64> = b
            .records(1 << 20)
            .unwrap()
            .iter()
            .map(|r| r.timestamp)
            .collect();
        assert_eq!(ts, [2_000, 1_000, 3_000]);
    }

    #[test]
    fn empty_batch_is_refused() {
        assert_eq!(
            RecordBatchBuilder::new(Compression::None).build(),
            Err(RecordError::EmptyBatch)
        );
    }

    #[test]
    fn timestamp_delta_overflow_is_an_error() {
        let b = RecordBatchBuilder::new(Compression::None)
            .append(SimpleRecord::new(i64::MIN, None, None))
            .append(SimpleRecord::new(i64::MAX, None, None));
        assert_eq!(b.build(), Err(RecordError::TimestampOutOfRange));
    }
}
