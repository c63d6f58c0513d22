//! Primitive types of the Kafka protocol, read from and written to byte buffers.
//!
//! Every read is bounded: a length or count that comes off the wire is checked
//! against the bytes that remain *before* anything is allocated, so a few hostile
//! bytes can never make the decoder reserve gigabytes. Every function returns a
//! typed error instead of panicking.
//!
//! Decoding works on [`Bytes`] so that `bytes` and `records` fields are zero-copy
//! slices of the request frame.

use bytes::{Buf, BufMut, Bytes, BytesMut};
use uuid::Uuid;

/// Why a message could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("truncated: needed {needed} more bytes, {remaining} remain")]
    Truncated { needed: usize, remaining: usize },
    #[error("negative length {0}")]
    NegativeLength(i64),
    #[error("length {length} exceeds the {remaining} bytes that remain")]
    LengthTooLarge { length: u64, remaining: usize },
    #[error("varint longer than {0} bytes")]
    VarintTooLong(usize),
    #[error("invalid UTF-8 in a string")]
    InvalidUtf8,
    #[error("null value where {0} is not nullable")]
    UnexpectedNull(&'static str),
    #[error("unsupported version {version} of {what}")]
    UnsupportedVersion { what: &'static str, version: i16 },
    #[error("unknown API key {0}")]
    UnknownApiKey(i16),
    #[error("{0} trailing bytes after the message")]
    TrailingBytes(usize),
    #[error("invalid value: {0}")]
    Invalid(&'static str),
    #[error("the message would take more than its decode budget of {budget} bytes in memory")]
    OverBudget { budget: usize },
}

thread_local! {
    /// Bytes the arrays of the message being decoded on this thread may
    /// still take in memory (see [`with_decode_budget`]).
    static DECODE_BUDGET: std::cell::Cell<(usize, usize)> =
        const { std::cell::Cell::new((usize::MAX, usize::MAX)) };
}

/// Runs `decode` with the arrays it reads allowed at most `budget` bytes of
/// memory in all (their elements' in-memory size; strings and bytes take no
/// more than their wire size). A small array element can take tens of times
/// its wire size (a Metadata v1 topic: 2 bytes on the wire, a whole struct in
/// memory), so a broker decodes a request with a budget of a small multiple
/// of its size: past it, [`DecodeError::OverBudget`].
pub fn with_decode_budget<R>(budget: usize, decode: impl FnOnce() -> R) -> R {
    let before = DECODE_BUDGET.replace((budget, budget));
    let result = decode();
    DECODE_BUDGET.set(before);
    result
}

/// Takes `bytes` from the budget of the message being decoded.
fn charge(bytes: usize) -> Result<(), DecodeError> {
    let (left, budget) = DECODE_BUDGET.get();
    if bytes > left {
        return Err(DecodeError::OverBudget { budget });
    }
    DECODE_BUDGET.set((left - bytes, budget));
    Ok(())
}

/// Why a message could not be encoded (the value does not fit the version).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("field {0} is null but not nullable in this version")]
    NullNotAllowed(&'static str),
    #[error("field {field} has a non-default value but does not exist in version {version}")]
    FieldNotInVersion { field: &'static str, version: i16 },
    #[error("string or bytes of length {0} too long for its encoding")]
    TooLong(usize),
    #[error("unsupported version {version} of {what}")]
    UnsupportedVersion { what: &'static str, version: i16 },
}

/// A tagged field this code does not know, kept so it survives a round trip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTaggedField {
    pub tag: u32,
    pub data: Bytes,
}

/// A version range of a message or an API, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRange {
    pub min: i16,
    pub max: i16,
}

impl VersionRange {
    pub const fn contains(&self, version: i16) -> bool {
        version >= self.min && version <= self.max
    }
}

/// Implemented by every generated message and struct.
pub trait Codec: Sized {
    /// Decodes one value of `version` from the front of `buf`.
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError>;
    /// Appends the encoding of `self` at `version` to `buf`.
    fn encode(&self, version: i16, buf: &mut BytesMut) -> Result<(), EncodeError>;
    /// The number of bytes [`Codec::encode`] writes.
    fn encoded_len(&self, version: i16) -> usize;
}

/// A top-level message (request, response, header or data record).
pub trait Message: Codec {
    const NAME: &'static str;
    const VERSIONS: VersionRange;
    /// The first flexible version, or `None` when no version is flexible.
    const FLEXIBLE_MIN: Option<i16>;

    /// Decodes a whole message: the buffer must be consumed exactly.
    fn decode_exact(version: i16, mut buf: Bytes) -> Result<Self, DecodeError> {
        let message = Self::decode(version, &mut buf)?;
        if buf.has_remaining() {
            return Err(DecodeError::TrailingBytes(buf.remaining()));
        }
        Ok(message)
    }

    /// Encodes into a new buffer of exactly the right size.
    fn encode_to_bytes(&self, version: i16) -> Result<Bytes, EncodeError> {
        let mut buf = BytesMut::with_capacity(self.encoded_len(version));
        self.encode(version, &mut buf)?;
        Ok(buf.freeze())
    }

    /// Encodes after a big-endian i16 `prefix`, as the records of Kafka's
    /// own logs are stored (a key's record type, a value's version).
    fn encode_prefixed(&self, prefix: i16, version: i16) -> Result<Bytes, EncodeError> {
        let mut buf = BytesMut::with_capacity(2 + self.encoded_len(version));
        buf.put_i16(prefix);
        self.encode(version, &mut buf)?;
        Ok(buf.freeze())
    }
}

// ---------------------------------------------------------------------------
// Reading.

#[inline]
fn need(buf: &Bytes, n: usize) -> Result<(), DecodeError> {
    if buf.remaining() < n {
        Err(DecodeError::Truncated {
            needed: n,
            remaining: buf.remaining(),
        })
    } else {
        Ok(())
    }
}

#[inline]
pub fn read_bool(buf: &mut Bytes) -> Result<bool, DecodeError> {
    need(buf, 1)?;
    Ok(buf.get_u8() != 0)
}

#[inline]
pub fn read_i8(buf: &mut Bytes) -> Result<i8, DecodeError> {
    need(buf, 1)?;
    Ok(buf.get_i8())
}

#[inline]
pub fn read_i16(buf: &mut Bytes) -> Result<i16, DecodeError> {
    need(buf, 2)?;
    Ok(buf.get_i16())
}

#[inline]
pub fn read_u16(buf: &mut Bytes) -> Result<u16, DecodeError> {
    need(buf, 2)?;
    Ok(buf.get_u16())
}

#[inline]
pub fn read_i32(buf: &mut Bytes) -> Result<i32, DecodeError> {
    need(buf, 4)?;
    Ok(buf.get_i32())
}

#[inline]
pub fn read_u32(buf: &mut Bytes) -> Result<u32, DecodeError> {
    need(buf, 4)?;
    Ok(buf.get_u32())
}

#[inline]
pub fn read_i64(buf: &mut Bytes) -> Result<i64, DecodeError> {
    need(buf, 8)?;
    Ok(buf.get_i64())
}

#[inline]
pub fn read_f64(buf: &mut Bytes) -> Result<f64, DecodeError> {
    need(buf, 8)?;
    Ok(buf.get_f64())
}

#[inline]
pub fn read_uuid(buf: &mut Bytes) -> Result<Uuid, DecodeError> {
    need(buf, 16)?;
    let mut raw = [0u8; 16];
    buf.copy_to_slice(&mut raw);
    Ok(Uuid::from_bytes(raw))
}

/// An unsigned LEB128 varint of at most 5 bytes (a 32-bit value).
pub fn read_uvarint(buf: &mut Bytes) -> Result<u32, DecodeError> {
    let mut value: u32 = 0;
    for i in 0..5 {
        need(buf, 1)?;
        let byte = buf.get_u8();
        if i == 4 && byte > 0x0f {
            return Err(DecodeError::VarintTooLong(5));
        }
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(DecodeError::VarintTooLong(5))
}

/// An unsigned varint used as a length: it must not exceed the remaining bytes.
fn read_uvarint_len(buf: &mut Bytes) -> Result<Option<usize>, DecodeError> {
    let raw = read_uvarint(buf)?;
    if raw == 0 {
        return Ok(None);
    }
    Ok(Some(raw as usize - 1))
}

fn check_len(buf: &Bytes, length: usize) -> Result<(), DecodeError> {
    if length > buf.remaining() {
        return Err(DecodeError::LengthTooLarge {
            length: length as u64,
            remaining: buf.remaining(),
        });
    }
    Ok(())
}

/// Reads the length prefix of a string (int16, or compact uvarint length+1).
/// `None` is the null marker.
fn read_string_len(buf: &mut Bytes, compact: bool) -> Result<Option<usize>, DecodeError> {
    let len = if compact {
        read_uvarint_len(buf)?
    } else {
        match read_i16(buf)? {
            -1 => None,
            n if n < 0 => return Err(DecodeError::NegativeLength(n.into())),
            n => Some(n as usize),
        }
    };
    if let Some(n) = len {
        check_len(buf, n)?;
    }
    Ok(len)
}

fn read_bytes_len(buf: &mut Bytes, compact: bool) -> Result<Option<usize>, DecodeError> {
    let len = if compact {
        read_uvarint_len(buf)?
    } else {
        match read_i32(buf)? {
            -1 => None,
            n if n < 0 => return Err(DecodeError::NegativeLength(n.into())),
            n => Some(n as usize),
        }
    };
    if let Some(n) = len {
        check_len(buf, n)?;
    }
    Ok(len)
}

fn utf8(raw: Bytes) -> Result<String, DecodeError> {
    String::from_utf8(raw.to_vec()).map_err(|_| DecodeError::InvalidUtf8)
}

/// A nullable string; `nullable` says whether null is allowed in this version.
pub fn read_nullable_string(
    buf: &mut Bytes,
    compact: bool,
    nullable: bool,
    field: &'static str,
) -> Result<Option<String>, DecodeError> {
    match read_string_len(buf, compact)? {
        None if nullable => Ok(None),
        None => Err(DecodeError::UnexpectedNull(field)),
        Some(n) => utf8(buf.split_to(n)).map(Some),
    }
}

pub fn read_string(
    buf: &mut Bytes,
    compact: bool,
    field: &'static str,
) -> Result<String, DecodeError> {
    match read_string_len(buf, compact)? {
        None => Err(DecodeError::UnexpectedNull(field)),
        Some(n) => utf8(buf.split_to(n)),
    }
}

/// Nullable bytes, returned as a zero-copy slice of `buf`.
pub fn read_nullable_bytes(
    buf: &mut Bytes,
    compact: bool,
    nullable: bool,
    field: &'static str,
) -> Result<Option<Bytes>, DecodeError> {
    match read_bytes_len(buf, compact)? {
        None if nullable => Ok(None),
        None => Err(DecodeError::UnexpectedNull(field)),
        Some(n) => Ok(Some(buf.split_to(n))),
    }
}

pub fn read_bytes(
    buf: &mut Bytes,
    compact: bool,
    field: &'static str,
) -> Result<Bytes, DecodeError> {
    match read_bytes_len(buf, compact)? {
        None => Err(DecodeError::UnexpectedNull(field)),
        Some(n) => Ok(buf.split_to(n)),
    }
}

/// Reads an array of elements that each take at least `min_element_size` bytes.
/// The count is checked against the remaining bytes before anything is allocated.
pub fn read_nullable_array<T>(
    buf: &mut Bytes,
    compact: bool,
    nullable: bool,
    min_element_size: usize,
    field: &'static str,
    mut element: impl FnMut(&mut Bytes) -> Result<T, DecodeError>,
) -> Result<Option<Vec<T>>, DecodeError> {
    let count = if compact {
        read_uvarint_len(buf)?
    } else {
        match read_i32(buf)? {
            -1 => None,
            n if n < 0 => return Err(DecodeError::NegativeLength(n.into())),
            n => Some(n as usize),
        }
    };
    let Some(count) = count else {
        return if nullable {
            Ok(None)
        } else {
            Err(DecodeError::UnexpectedNull(field))
        };
    };
    let min_total = (count as u64).saturating_mul(min_element_size.max(1) as u64);
    if min_total > buf.remaining() as u64 {
        return Err(DecodeError::LengthTooLarge {
            length: count as u64,
            remaining: buf.remaining(),
        });
    }
    charge(count.saturating_mul(std::mem::size_of::<T>()))?;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        out.push(element(buf)?);
    }
    Ok(Some(out))
}

pub fn read_array<T>(
    buf: &mut Bytes,
    compact: bool,
    min_element_size: usize,
    field: &'static str,
    element: impl FnMut(&mut Bytes) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    read_nullable_array(buf, compact, false, min_element_size, field, element)
        .map(|v| v.unwrap_or_default())
}

/// Reads the header of a tagged-field section and returns the field count.
pub fn read_tagged_count(buf: &mut Bytes) -> Result<usize, DecodeError> {
    let count = read_uvarint(buf)? as usize;
    // Each tagged field takes at least two bytes (tag and size).
    if count.saturating_mul(2) > buf.remaining() {
        return Err(DecodeError::LengthTooLarge {
            length: count as u64,
            remaining: buf.remaining(),
        });
    }
    Ok(count)
}

/// Reads one tagged field's tag and its (bounded) body.
pub fn read_tagged_field(buf: &mut Bytes) -> Result<(u32, Bytes), DecodeError> {
    let tag = read_uvarint(buf)?;
    let size = read_uvarint(buf)? as usize;
    check_len(buf, size)?;
    Ok((tag, buf.split_to(size)))
}

/// Reads a nullable struct marker: -1 is null, anything else present.
pub fn read_struct_marker(buf: &mut Bytes) -> Result<bool, DecodeError> {
    Ok(read_i8(buf)? >= 0)
}

// ---------------------------------------------------------------------------
// Writing.

#[inline]
pub fn uvarint_len(value: u32) -> usize {
    match value {
        0..=0x7f => 1,
        0x80..=0x3fff => 2,
        0x4000..=0x1f_ffff => 3,
        0x20_0000..=0xfff_ffff => 4,
        _ => 5,
    }
}

#[inline]
pub fn write_uvarint(buf: &mut BytesMut, mut value: u32) {
    while value >= 0x80 {
        buf.put_u8((value as u8) | 0x80);
        value >>= 7;
    }
    buf.put_u8(value as u8);
}

#[inline]
pub fn write_bool(buf: &mut BytesMut, v: bool) {
    buf.put_u8(v as u8);
}
#[inline]
pub fn write_i8(buf: &mut BytesMut, v: i8) {
    buf.put_i8(v);
}
#[inline]
pub fn write_i16(buf: &mut BytesMut, v: i16) {
    buf.put_i16(v);
}
#[inline]
pub fn write_u16(buf: &mut BytesMut, v: u16) {
    buf.put_u16(v);
}
#[inline]
pub fn write_i32(buf: &mut BytesMut, v: i32) {
    buf.put_i32(v);
}
#[inline]
pub fn write_u32(buf: &mut BytesMut, v: u32) {
    buf.put_u32(v);
}
#[inline]
pub fn write_i64(buf: &mut BytesMut, v: i64) {
    buf.put_i64(v);
}
#[inline]
pub fn write_f64(buf: &mut BytesMut, v: f64) {
    buf.put_f64(v);
}
#[inline]
pub fn write_uuid(buf: &mut BytesMut, v: &Uuid) {
    buf.put_slice(v.as_bytes());
}

fn write_len(
    buf: &mut BytesMut,
    compact: bool,
    wide: bool,
    len: Option<usize>,
) -> Result<(), EncodeError> {
    match (compact, len) {
        (true, None) => write_uvarint(buf, 0),
        (true, Some(n)) => {
            let n = u32::try_from(n)
                .ok()
                .filter(|n| *n < u32::MAX)
                .ok_or(EncodeError::TooLong(n))?;
            write_uvarint(buf, n + 1);
        }
        (false, None) if wide => buf.put_i32(-1),
        (false, None) => buf.put_i16(-1),
        (false, Some(n)) if wide => {
            buf.put_i32(i32::try_from(n).map_err(|_| EncodeError::TooLong(n))?)
        }
        (false, Some(n)) => buf.put_i16(i16::try_from(n).map_err(|_| EncodeError::TooLong(n))?),
    }
    Ok(())
}

fn len_prefix_len(compact: bool, wide: bool, len: Option<usize>) -> usize {
    match (compact, len) {
        (true, None) => 1,
        (true, Some(n)) => uvarint_len((n as u32).saturating_add(1)),
        (false, _) if wide => 4,
        (false, _) => 2,
    }
}

pub fn write_nullable_string(
    buf: &mut BytesMut,
    compact: bool,
    nullable: bool,
    field: &'static str,
    v: Option<&str>,
) -> Result<(), EncodeError> {
    match v {
        None if !nullable => Err(EncodeError::NullNotAllowed(field)),
        None => write_len(buf, compact, false, None),
        Some(s) => write_string(buf, compact, s),
    }
}

pub fn write_string(buf: &mut BytesMut, compact: bool, v: &str) -> Result<(), EncodeError> {
    write_len(buf, compact, false, Some(v.len()))?;
    buf.put_slice(v.as_bytes());
    Ok(())
}

pub fn string_len(compact: bool, v: Option<&str>) -> usize {
    let n = v.map(str::len);
    len_prefix_len(compact, false, n) + n.unwrap_or(0)
}

pub fn write_nullable_bytes(
    buf: &mut BytesMut,
    compact: bool,
    nullable: bool,
    field: &'static str,
    v: Option<&[u8]>,
) -> Result<(), EncodeError> {
    match v {
        None if !nullable => Err(EncodeError::NullNotAllowed(field)),
        None => write_len(buf, compact, true, None),
        Some(b) => write_bytes(buf, compact, b),
    }
}

pub fn write_bytes(buf: &mut BytesMut, compact: bool, v: &[u8]) -> Result<(), EncodeError> {
    write_len(buf, compact, true, Some(v.len()))?;
    buf.put_slice(v);
    Ok(())
}

pub fn bytes_len(compact: bool, v: Option<&[u8]>) -> usize {
    let n = v.map(<[u8]>::len);
    len_prefix_len(compact, true, n) + n.unwrap_or(0)
}

/// Writes an array length prefix (`None` is null).
pub fn write_array_len(
    buf: &mut BytesMut,
    compact: bool,
    nullable: bool,
    field: &'static str,
    len: Option<usize>,
) -> Result<(), EncodeError> {
    if len.is_none() && !nullable {
        return Err(EncodeError::NullNotAllowed(field));
    }
    write_len(buf, compact, true, len)
}

pub fn array_len_len(compact: bool, len: Option<usize>) -> usize {
    len_prefix_len(compact, true, len)
}

/// Writes the unknown tagged fields whose tag lies in `range` (they are sorted).
pub fn write_raw_tagged_fields(
    buf: &mut BytesMut,
    fields: &[RawTaggedField],
    range: std::ops::Range<u32>,
) {
    for f in fields.iter().filter(|f| range.contains(&f.tag)) {
        write_uvarint(buf, f.tag);
        write_uvarint(buf, f.data.len() as u32);
        buf.put_slice(&f.data);
    }
}

pub fn raw_tagged_fields_len(fields: &[RawTaggedField]) -> usize {
    fields
        .iter()
        .map(|f| uvarint_len(f.tag) + uvarint_len(f.data.len() as u32) + f.data.len())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uvarint_round_trip_and_length() {
        for v in [
            0u32,
            1,
            127,
            128,
            16383,
            16384,
            2_097_151,
            2_097_152,
            u32::MAX,
        ] {
            let mut b = BytesMut::new();
            write_uvarint(&mut b, v);
            assert_eq!(b.len(), uvarint_len(v));
            let mut r = b.freeze();
            assert_eq!(read_uvarint(&mut r).unwrap(), v);
            assert!(r.is_empty());
        }
    }

    #[test]
    fn overlong_uvarint_is_an_error() {
        let mut r = Bytes::from_static(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert_eq!(read_uvarint(&mut r), Err(DecodeError::VarintTooLong(5)));
        let mut r = Bytes::from_static(&[0xff, 0xff, 0xff, 0xff, 0x7f]);
        assert_eq!(read_uvarint(&mut r), Err(DecodeError::VarintTooLong(5)));
    }

    #[test]
    fn huge_array_count_is_rejected_before_allocation() {
        let mut r = Bytes::from_static(&[0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1]);
        let err = read_array(&mut r, false, 4, "x", read_i32).unwrap_err();
        assert!(matches!(err, DecodeError::LengthTooLarge { .. }));
    }

    #[test]
    fn negative_string_length_is_rejected() {
        let mut r = Bytes::from_static(&[0xff, 0xfe, b'a']);
        assert_eq!(
            read_string(&mut r, false, "s"),
            Err(DecodeError::NegativeLength(-2))
        );
    }
}
