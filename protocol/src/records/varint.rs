//! Kafka's signed varints: zigzag-encoded, then unsigned LEB128.
//!
//! Record fields (lengths, deltas, counts) use these, unlike the unsigned
//! varints of flexible message versions in [`crate::wire`]. Readers take a
//! byte slice and return the value with the number of bytes it took, so the
//! caller can advance whatever buffer type it holds.

use bytes::BufMut;

use super::RecordError;

/// Longest encoding of a 32-bit varint.
pub const MAX_VARINT_LEN: usize = 5;
/// Longest encoding of a 64-bit varlong.
pub const MAX_VARLONG_LEN: usize = 10;

/// Reads an unsigned LEB128 value of at most `max_len` bytes whose value fits
/// in `bits` bits.
#[inline]
fn read_unsigned(buf: &[u8], max_len: usize, bits: u32) -> Result<(u64, usize), RecordError> {
    let mut value: u64 = 0;
    for i in 0..max_len {
        let Some(&byte) = buf.get(i) else {
            return Err(RecordError::Truncated);
        };
        let shift = 7 * i as u32;
        if i == max_len - 1 {
            // The last byte may only carry the bits the type has left; more
            // bits or a continuation flag mean a value the type cannot hold.
            let room = bits - shift;
            if u32::from(byte) >> room != 0 {
                return Err(RecordError::VarintTooLong(max_len));
            }
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, i + 1));
        }
    }
    Err(RecordError::VarintTooLong(max_len))
}

/// Reads a zigzag varint (i32) from the front of `buf`.
/// Returns the value and the number of bytes it took.
#[inline]
pub fn read_varint(buf: &[u8]) -> Result<(i32, usize), RecordError> {
    let (raw, n) = read_unsigned(buf, MAX_VARINT_LEN, 32)?;
    let raw = raw as u32;
    Ok((((raw >> 1) as i32) ^ -((raw & 1) as i32), n))
}

/// Reads a zigzag varlong (i64) from the front of `buf`.
/// Returns the value and the number of bytes it took.
#[inline]
pub fn read_varlong(buf: &[u8]) -> Result<(i64, usize), RecordError> {
    let (raw, n) = read_unsigned(buf, MAX_VARLONG_LEN, 64)?;
    Ok((((raw >> 1) as i64) ^ -((raw & 1) as i64), n))
}

#[inline]
fn zigzag32(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

#[inline]
fn zigzag64(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

#[inline]
fn write_unsigned(out: &mut impl BufMut, mut raw: u64) {
    while raw >= 0x80 {
        out.put_u8((raw as u8) | 0x80);
        raw >>= 7;
    }
    out.put_u8(raw as u8);
}

#[inline]
fn unsigned_len(raw: u64) -> usize {
    // Every 7 significant bits take one byte; zero still takes one.
    let bits = 64 - raw.leading_zeros() as usize;
    bits.div_ceil(7).max(1)
}

#[inline]
pub fn write_varint(out: &mut impl BufMut, value: i32) {
    write_unsigned(out, u64::from(zigzag32(value)));
}

#[inline]
pub fn write_varlong(out: &mut impl BufMut, value: i64) {
    write_unsigned(out, zigzag64(value));
}

/// The number of bytes [`write_varint`] writes for `value`.
#[inline]
pub fn varint_len(value: i32) -> usize {
    unsigned_len(u64::from(zigzag32(value)))
}

/// The number of bytes [`write_varlong`] writes for `value`.
#[inline]
pub fn varlong_len(value: i64) -> usize {
    unsigned_len(zigzag64(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn enc32(v: i32) -> Vec<u8> {
        let mut b = Vec::new();
        write_varint(&mut b, v);
        b
    }

    fn enc64(v: i64) -> Vec<u8> {
        let mut b = Vec::new();
        write_varlong(&mut b, v);
        b
    }

    #[test]
    fn known_encodings_match_kafka() {
        // Values from Kafka's ByteUtilsTest.
        assert_eq!(enc32(0), [0x00]);
        assert_eq!(enc32(-1), [0x01]);
        assert_eq!(enc32(1), [0x02]);
        assert_eq!(enc32(63), [0x7e]);
        assert_eq!(enc32(-64), [0x7f]);
        assert_eq!(enc32(64), [0x80, 0x01]);
        assert_eq!(enc32(i32::MAX), [0xfe, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(enc32(i32::MIN), [0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(enc64(i64::MIN).len(), MAX_VARLONG_LEN);
        assert_eq!(
            enc64(i64::MAX),
            [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
    }

    #[test]
    fn extremes_round_trip() {
        for v in [0, 1, -1, 63, -64, 64, -65, 8191, -8192, i32::MAX, i32::MIN] {
            let b = enc32(v);
            assert_eq!(b.len(), varint_len(v));
            assert_eq!(read_varint(&b), Ok((v, b.len())));
        }
        for v in [0, 1, -1, i64::from(i32::MAX) + 1, i64::MAX, i64::MIN] {
            let b = enc64(v);
            assert_eq!(b.len(), varlong_len(v));
            assert_eq!(read_varlong(&b), Ok((v, b.len())));
        }
    }

    #[test]
    fn overlong_varints_are_rejected() {
        // A continuation flag on the last allowed byte.
        assert_eq!(
            read_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
            Err(RecordError::VarintTooLong(5))
        );
        // Bits beyond 32 in the fifth byte.
        assert_eq!(
            read_varint(&[0xff, 0xff, 0xff, 0xff, 0x1f]),
            Err(RecordError::VarintTooLong(5))
        );
        assert_eq!(
            read_varlong(&[0xff; 11]),
            Err(RecordError::VarintTooLong(10))
        );
        assert_eq!(
            read_varlong(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]),
            Err(RecordError::VarintTooLong(10))
        );
    }

    #[test]
    fn truncated_varints_are_rejected() {
        assert_eq!(read_varint(&[]), Err(RecordError::Truncated));
        assert_eq!(read_varint(&[0x80, 0x80]), Err(RecordError::Truncated));
        assert_eq!(read_varlong(&[0xff; 9]), Err(RecordError::Truncated));
    }

    proptest! {
        #[test]
        fn varint_round_trip(v: i32, tail: Vec<u8>) {
            let mut b = enc32(v);
            let n = b.len();
            prop_assert_eq!(n, varint_len(v));
            b.extend_from_slice(&tail);
            prop_assert_eq!(read_varint(&b), Ok((v, n)));
        }

        #[test]
        fn varlong_round_trip(v: i64, tail: Vec<u8>) {
            let mut b = enc64(v);
            let n = b.len();
            prop_assert_eq!(n, varlong_len(v));
            b.extend_from_slice(&tail);
            prop_assert_eq!(read_varlong(&b), Ok((v, n)));
        }

        #[test]
        fn arbitrary_bytes_never_panic(b: Vec<u8>) {
            let _ = read_varint(&b);
            let _ = read_varlong(&b);
        }
    }
}
