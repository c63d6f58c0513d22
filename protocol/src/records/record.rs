//! The records inside a batch.
//!
//! ```text
//! length: varint              (bytes after this field)
//! attributes: int8            (unused, 0)
//! timestampDelta: varlong     (from the batch's baseTimestamp)
//! offsetDelta: varint         (from the batch's baseOffset)
//! keyLength: varint, key      (-1 = null)
//! valueLength: varint, value  (-1 = null)
//! headersCount: varint
//!   headerKeyLength: varint, headerKey (UTF-8, never null)
//!   headerValueLength: varint, headerValue (-1 = null)
//! ```

use bytes::{Buf, BufMut, Bytes};

use super::varint::{
    read_varint, read_varlong, varint_len, varlong_len, write_varint, write_varlong,
};
use super::{BatchHeader, RecordError};

/// The smallest possible record: a one-byte length and six one-byte fields.
/// Bounds how many records a buffer can hold before any `Vec` is sized.
pub const MIN_RECORD_SIZE: usize = 7;
/// The smallest possible record header: empty key, null value.
const MIN_HEADER_SIZE: usize = 2;

/// One record, with its offset and timestamp made absolute.
///
/// `key`, `value` and header values are slices of the batch (or of its
/// decompressed records), not copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub offset: i64,
    pub timestamp: i64,
    pub attributes: i8,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub headers: Vec<(String, Option<Bytes>)>,
}

/// Iterates over the records of one batch. Yields an error at most once, then
/// stops; after the declared count it reports bytes left over as an error.
#[derive(Debug, Clone)]
pub struct RecordIter {
    data: Bytes,
    remaining: usize,
    base_offset: i64,
    base_timestamp: i64,
    log_append_time: Option<i64>,
    last_offset_delta: i32,
    next_min_offset_delta: i64,
    done: bool,
}

impl RecordIter {
    /// `data` is the uncompressed records section of the batch `header`
    /// describes. Fails when the declared count cannot fit in `data`.
    pub fn new(data: Bytes, header: &BatchHeader) -> Result<Self, RecordError> {
        let count = header.record_count;
        if count < 0 {
            return Err(RecordError::InvalidRecordCount(count));
        }
        if (count as u64).saturating_mul(MIN_RECORD_SIZE as u64) > data.len() as u64 {
            return Err(RecordError::RecordCountTooLarge {
                count,
                remaining: data.len(),
            });
        }
        Ok(RecordIter {
            data,
            remaining: count as usize,
            base_offset: header.base_offset,
            base_timestamp: header.base_timestamp,
            // Under LogAppendTime the broker's time replaces every record's.
            log_append_time: header.has_log_append_time().then_some(header.max_timestamp),
            last_offset_delta: header.last_offset_delta,
            next_min_offset_delta: 0,
            done: false,
        })
    }

    /// Records still to come (as declared by the batch).
    pub fn remaining_records(&self) -> usize {
        self.remaining
    }

    /// Reads the next record; its headers go to `on_header` (key, value).
    fn read_record_with(
        &mut self,
        on_header: impl FnMut(Bytes, Option<Bytes>),
    ) -> Result<RecordSummary, RecordError> {
        let body = self.take_record_body()?;
        self.parse_record_body(body, on_header)
    }

    /// The next record's bytes after its length prefix: the framing.
    fn take_record_body(&mut self) -> Result<Bytes, RecordError> {
        let length = take_varint(&mut self.data)?;
        let declared = usize::try_from(length).map_err(|_| RecordError::InvalidLength(length))?;
        take_exact(&mut self.data, declared)
    }

    /// As [`RecordIter::next_summary`], but a record whose length is sound
    /// and whose fields are not (a malformed header, say) is skipped and
    /// reported as `Ok(Err(..))`, so that the records after it are still
    /// read. `Err` is for the framing, after which nothing can be read.
    #[allow(clippy::type_complexity)]
    pub fn next_summary_or_malformed(
        &mut self,
    ) -> Option<Result<Result<RecordSummary, RecordError>, RecordError>> {
        self.step(|it| {
            let body = it.take_record_body()?;
            Ok(it.parse_record_body(body, |_, _| {}))
        })
    }

    fn parse_record_body(
        &mut self,
        mut body: Bytes,
        on_header: impl FnMut(Bytes, Option<Bytes>),
    ) -> Result<RecordSummary, RecordError> {
        let declared = body.len();
        let attributes = take_u8(&mut body)? as i8;
        let timestamp_delta = take_varlong(&mut body)?;
        let offset_delta = take_varint(&mut body)?;
        // Offsets only grow inside a batch, and compaction may leave gaps but
        // never moves a record past the batch's last offset.
        if i64::from(offset_delta) < self.next_min_offset_delta
            || offset_delta > self.last_offset_delta
        {
            return Err(RecordError::InvalidOffsetDelta {
                offset_delta,
                last_offset_delta: self.last_offset_delta,
            });
        }
        self.next_min_offset_delta = i64::from(offset_delta) + 1;
        let key = take_nullable(&mut body)?;
        let value = take_nullable(&mut body)?;
        let header_count = for_each_header(&mut body, on_header)?;
        if !body.is_empty() {
            return Err(RecordError::RecordSizeMismatch {
                declared,
                read: declared - body.len(),
            });
        }
        Ok(RecordSummary {
            // Wrapping, as Java does: hostile bases must not panic.
            offset: self.base_offset.wrapping_add(i64::from(offset_delta)),
            timestamp: self
                .log_append_time
                .unwrap_or_else(|| self.base_timestamp.wrapping_add(timestamp_delta)),
            attributes,
            key,
            value,
            header_count,
        })
    }

    fn read_record(&mut self) -> Result<Record, RecordError> {
        let mut headers = Vec::new();
        let r = self.read_record_with(|k, v| {
            // Java decodes header keys leniently (malformed UTF-8 becomes
            // U+FFFD); rejecting them would refuse batches Kafka accepts.
            headers.push((String::from_utf8_lossy(&k).into_owned(), v))
        })?;
        Ok(Record {
            offset: r.offset,
            timestamp: r.timestamp,
            attributes: r.attributes,
            key: r.key,
            value: r.value,
            headers,
        })
    }

    /// The next record checked as fully as by [`Iterator::next`], but with
    /// its headers only counted: validating a record costs no memory per
    /// header (a 64 MiB record section can hold 33 M empty headers).
    pub fn next_summary(&mut self) -> Option<Result<RecordSummary, RecordError>> {
        self.step(|it| it.read_record_with(|_, _| {}))
    }

    /// [`RecordIter::next_summary`] with the record's own bytes (its length
    /// prefix included), to be copied as they are.
    pub fn next_summary_and_bytes(
        &mut self,
    ) -> Option<Result<(RecordSummary, Bytes), RecordError>> {
        let before = self.data.clone();
        self.next_summary().map(|r| {
            r.map(|summary| {
                let used = before.len() - self.data.len();
                (summary, before.slice(..used))
            })
        })
    }

    fn step<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T, RecordError>,
    ) -> Option<Result<T, RecordError>> {
        if self.done {
            return None;
        }
        if self.remaining == 0 {
            self.done = true;
            return (!self.data.is_empty())
                .then(|| Err(RecordError::TrailingBytes(self.data.len())));
        }
        match read(self) {
            Ok(record) => {
                self.remaining -= 1;
                Some(Ok(record))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// A record as [`RecordIter::next_summary`] reads it: every field but the
/// headers, of which only the count is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSummary {
    pub offset: i64,
    pub timestamp: i64,
    pub attributes: i8,
    pub key: Option<Bytes>,
    pub value: Option<Bytes>,
    pub header_count: usize,
}

impl Iterator for RecordIter {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.step(|it| it.read_record())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.done {
            (0, Some(0))
        } else {
            (0, Some(self.remaining + 1))
        }
    }
}

fn take_u8(buf: &mut Bytes) -> Result<u8, RecordError> {
    if buf.is_empty() {
        return Err(RecordError::Truncated);
    }
    Ok(buf.get_u8())
}

fn take_varint(buf: &mut Bytes) -> Result<i32, RecordError> {
    let (v, n) = read_varint(buf)?;
    buf.advance(n);
    Ok(v)
}

fn take_varlong(buf: &mut Bytes) -> Result<i64, RecordError> {
    let (v, n) = read_varlong(buf)?;
    buf.advance(n);
    Ok(v)
}

fn take_exact(buf: &mut Bytes, length: usize) -> Result<Bytes, RecordError> {
    if length > buf.len() {
        return Err(RecordError::LengthTooLarge {
            length,
            remaining: buf.len(),
        });
    }
    Ok(buf.split_to(length))
}

fn take_nullable(buf: &mut Bytes) -> Result<Option<Bytes>, RecordError> {
    match take_varint(buf)? {
        -1 => Ok(None),
        n if n < 0 => Err(RecordError::InvalidLength(n)),
        n => take_exact(buf, n as usize).map(Some),
    }
}

/// Reads the headers of a record, giving each (key, value) to `f`, and
/// returns their count. Nothing is allocated per header.
fn for_each_header(
    buf: &mut Bytes,
    mut f: impl FnMut(Bytes, Option<Bytes>),
) -> Result<usize, RecordError> {
    let count = take_varint(buf)?;
    if count < 0 || (count as usize).saturating_mul(MIN_HEADER_SIZE) > buf.len() {
        return Err(RecordError::InvalidHeaderCount(count));
    }
    for _ in 0..count {
        let key_len = take_varint(buf)?;
        if key_len < 0 {
            return Err(RecordError::InvalidHeaderKey(key_len));
        }
        let key = take_exact(buf, key_len as usize)?;
        f(key, take_nullable(buf)?);
    }
    Ok(count as usize)
}

// ---------------------------------------------------------------------------
// Writing (used by the builder).

fn len_i32(what: &'static str, len: usize) -> Result<i32, RecordError> {
    i32::try_from(len).map_err(|_| RecordError::TooLarge(what))
}

fn nullable_len(what: &'static str, v: Option<&[u8]>) -> Result<usize, RecordError> {
    Ok(match v {
        None => varint_len(-1),
        Some(b) => varint_len(len_i32(what, b.len())?) + b.len(),
    })
}

/// The size of a record's fields, not counting its own length varint.
pub(crate) fn record_body_len(
    timestamp_delta: i64,
    offset_delta: i32,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[(String, Option<Bytes>)],
) -> Result<usize, RecordError> {
    let mut len = 1 + varlong_len(timestamp_delta) + varint_len(offset_delta);
    len += nullable_len("key", key)?;
    len += nullable_len("value", value)?;
    len += varint_len(len_i32("header count", headers.len())?);
    for (k, v) in headers {
        len += varint_len(len_i32("header key", k.len())?) + k.len();
        len += nullable_len("header value", v.as_deref())?;
    }
    len_i32("record", len)?;
    Ok(len)
}

fn put_nullable(out: &mut impl BufMut, v: Option<&[u8]>) {
    match v {
        None => write_varint(out, -1),
        Some(b) => {
            write_varint(out, b.len() as i32);
            out.put_slice(b);
        }
    }
}

/// Appends one record. Lengths must have been checked by [`record_body_len`].
pub(crate) fn write_record(
    out: &mut impl BufMut,
    body_len: usize,
    timestamp_delta: i64,
    offset_delta: i32,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[(String, Option<Bytes>)],
) {
    write_varint(out, body_len as i32);
    out.put_i8(0);
    write_varlong(out, timestamp_delta);
    write_varint(out, offset_delta);
    put_nullable(out, key);
    put_nullable(out, value);
    write_varint(out, headers.len() as i32);
    for (k, v) in headers {
        write_varint(out, k.len() as i32);
        out.put_slice(k.as_bytes());
        put_nullable(out, v.as_deref());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(record_count: i32, last_offset_delta: i32) -> BatchHeader {
        BatchHeader {
            base_offset: 100,
            batch_length: 0,
            partition_leader_epoch: 0,
            magic: 2,
            crc: 0,
            attributes: 0,
            last_offset_delta,
            base_timestamp: 1000,
            max_timestamp: 1000,
            producer_id: -1,
            producer_epoch: -1,
            base_sequence: -1,
            record_count,
        }
    }

    fn encode(
        offset_delta: i32,
        key: Option<&[u8]>,
        headers: &[(String, Option<Bytes>)],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let len = record_body_len(5, offset_delta, key, Some(b"v"), headers).unwrap();
        write_record(&mut out, len, 5, offset_delta, key, Some(b"v"), headers);
        out
    }

    #[test]
    fn smallest_record_is_min_record_size() {
        let mut out = Vec::new();
        let len = record_body_len(0, 0, None, None, &[]).unwrap();
        write_record(&mut out, len, 0, 0, None, None, &[]);
        assert_eq!(out.len(), MIN_RECORD_SIZE);
    }

    #[test]
    fn decodes_fields_and_makes_them_absolute() {
        let headers = vec![
            ("h".to_string(), None),
            ("k".to_string(), Some(Bytes::from_static(b"x"))),
        ];
        let data = Bytes::from(encode(0, Some(b"key"), &headers));
        let mut it = RecordIter::new(data, &header(1, 0)).unwrap();
        let r = it.next().unwrap().unwrap();
        assert_eq!(r.offset, 100);
        assert_eq!(r.timestamp, 1005);
        assert_eq!(r.key.as_deref(), Some(&b"key"[..]));
        assert_eq!(r.value.as_deref(), Some(&b"v"[..]));
        assert_eq!(r.headers, headers);
        assert!(it.next().is_none());
    }

    #[test]
    fn summaries_check_headers_without_collecting_them() {
        let headers = vec![
            ("h".to_string(), None),
            ("k".to_string(), Some(Bytes::from_static(b"x"))),
        ];
        let data = Bytes::from(encode(0, Some(b"key"), &headers));
        let mut it = RecordIter::new(data.clone(), &header(1, 0)).unwrap();
        let s = it.next_summary().unwrap().unwrap();
        assert_eq!((s.offset, s.timestamp, s.header_count), (100, 1005, 2));
        assert_eq!(s.key.as_deref(), Some(&b"key"[..]));
        assert!(it.next_summary().is_none());
        // A header value running past the record fails as with `next`.
        let mut bad = data.to_vec();
        let n = bad.len();
        bad[n - 2] = 4; // the last value claims 2 bytes, 1 remains
        let mut it = RecordIter::new(Bytes::from(bad.clone()), &header(1, 0)).unwrap();
        let mut full = RecordIter::new(Bytes::from(bad), &header(1, 0)).unwrap();
        let err = it.next_summary().unwrap().unwrap_err();
        assert_eq!(Some(Err(err)), full.next());
    }

    #[test]
    fn record_length_must_match_its_fields() {
        let mut data = encode(0, None, &[]);
        data[0] += 4; // zigzag: claims two more bytes than the fields take
        data.extend_from_slice(&[0, 0]);
        let mut it = RecordIter::new(Bytes::from(data), &header(1, 0)).unwrap();
        assert!(matches!(
            it.next(),
            Some(Err(RecordError::RecordSizeMismatch { .. }))
        ));
        assert!(it.next().is_none());
    }

    #[test]
    fn trailing_bytes_after_last_record_are_reported() {
        let mut data = encode(0, None, &[]);
        data.extend_from_slice(&[0; 7]);
        let mut it = RecordIter::new(Bytes::from(data), &header(1, 0)).unwrap();
        assert!(it.next().unwrap().is_ok());
        assert_eq!(it.next(), Some(Err(RecordError::TrailingBytes(7))));
    }

    #[test]
    fn offset_deltas_must_increase_within_the_batch() {
        let mut data = encode(1, None, &[]);
        data.extend(encode(1, None, &[]));
        let mut it = RecordIter::new(Bytes::from(data.clone()), &header(2, 1)).unwrap();
        assert!(it.next().unwrap().is_ok());
        assert!(matches!(
            it.next(),
            Some(Err(RecordError::InvalidOffsetDelta { .. }))
        ));
        // Beyond lastOffsetDelta.
        let mut it = RecordIter::new(Bytes::from(encode(3, None, &[])), &header(1, 2)).unwrap();
        assert!(matches!(
            it.next(),
            Some(Err(RecordError::InvalidOffsetDelta { .. }))
        ));
    }

    #[test]
    fn hostile_lengths_are_rejected() {
        // Record claiming i32::MAX bytes.
        let mut data = Vec::new();
        write_varint(&mut data, i32::MAX);
        data.extend_from_slice(&[0; 6]);
        let mut it = RecordIter::new(Bytes::from(data), &header(1, 0)).unwrap();
        assert!(matches!(
            it.next(),
            Some(Err(RecordError::LengthTooLarge { .. }))
        ));

        // Key claiming i32::MAX bytes inside a small record.
        let mut body = vec![0u8, 0, 0];
        write_varint(&mut body, i32::MAX);
        body.extend_from_slice(&[1, 0]);
        let mut data = Vec::new();
        write_varint(&mut data, body.len() as i32);
        data.extend_from_slice(&body);
        let mut it = RecordIter::new(Bytes::from(data), &header(1, 0)).unwrap();
        assert!(matches!(
            it.next(),
            Some(Err(RecordError::LengthTooLarge { .. }))
        ));

        // Header count of i32::MAX.
        let mut body = vec![0u8, 0, 0, 1, 1];
        write_varint(&mut body, i32::MAX);
        let mut data = Vec::new();
        write_varint(&mut data, body.len() as i32);
        data.extend_from_slice(&body);
        data.push(0);
        let mut it = RecordIter::new(Bytes::from(data), &header(1, 0)).unwrap();
        assert_eq!(
            it.next(),
            Some(Err(RecordError::InvalidHeaderCount(i32::MAX)))
        );

        // Negative lengths other than the null marker.
        let mut body = vec![0u8, 0, 0];
        write_varint(&mut body, -2);
        body.extend_from_slice(&[1, 0]);
        let mut data = Vec::new();
        write_varint(&mut data, body.len() as i32);
        data.extend_from_slice(&body);
        let mut it = RecordIter::new(Bytes::from(data), &header(1, 0)).unwrap();
        assert_eq!(it.next(), Some(Err(RecordError::InvalidLength(-2))));
    }

    #[test]
    fn hostile_record_count_is_rejected_before_allocation() {
        let data = Bytes::from(encode(0, None, &[]));
        assert!(matches!(
            RecordIter::new(data.clone(), &header(i32::MAX, i32::MAX)),
            Err(RecordError::RecordCountTooLarge { .. })
        ));
        assert_eq!(
            RecordIter::new(data, &header(-1, 0)).unwrap_err(),
            RecordError::InvalidRecordCount(-1)
        );
    }

    #[test]
    fn log_append_time_replaces_record_timestamps() {
        let mut h = header(1, 0);
        h.attributes = super::super::header::ATTR_TIMESTAMP_TYPE_LOG_APPEND;
        h.max_timestamp = 9999;
        let mut it = RecordIter::new(Bytes::from(encode(0, None, &[])), &h).unwrap();
        assert_eq!(it.next().unwrap().unwrap().timestamp, 9999);
    }
}
