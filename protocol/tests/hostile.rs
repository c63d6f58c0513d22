//! Hostile input: every shape of bad length, count or varint, and random
//! mutations of valid messages, must give an error with bounded memory, never a
//! panic or an abort. A counting allocator records the largest allocation made
//! while decoding on this thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bytes::{BufMut, Bytes, BytesMut};
use protocol::frame::decode_request;
use protocol::messages::*;
use protocol::sample::{Gen, Sample};
use protocol::{for_each_message, DecodeError, Message};

struct Counting;

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn note(size: usize) {
    // try_with: the allocator may run while thread-locals are being torn down.
    let _ = TRACKING.try_with(|t| {
        if t.get() {
            let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
        }
    });
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the largest allocation it made.
fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.with(|l| l.set(0));
    TRACKING.with(|t| t.set(true));
    let out = f();
    TRACKING.with(|t| t.set(false));
    (out, LARGEST.with(Cell::get))
}

/// A request frame (no size prefix) with header v1 or v2 and the given body bytes.
fn frame(api: ApiKey, version: i16, body: &[u8]) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(api as i16);
    b.put_i16(version);
    b.put_i32(1);
    b.put_i16(-1); // null client id
    if api.request_header_version(version) >= 2 {
        b.put_u8(0); // no tagged fields
    }
    b.put_slice(body);
    b.freeze()
}

fn assert_rejected(what: &str, api: ApiKey, version: i16, body: &[u8]) -> DecodeError {
    let (result, largest) = largest_allocation(|| decode_request(frame(api, version, body)));
    let err = result.expect_err(what);
    assert!(
        largest < 4096,
        "{what}: allocated {largest} bytes for a {}-byte body",
        body.len()
    );
    err
}

#[test]
fn huge_array_count() {
    // Metadata v1: topics array (int32 count) of 2^31-1 elements, then nothing.
    let err = assert_rejected(
        "int32 count",
        ApiKey::Metadata,
        1,
        &[0x7f, 0xff, 0xff, 0xff],
    );
    assert!(matches!(err, DecodeError::LengthTooLarge { .. }), "{err:?}");
    // Metadata v12: compact array count 2^32-2 as a 5-byte uvarint.
    let err = assert_rejected(
        "compact count",
        ApiKey::Metadata,
        12,
        &[0xff, 0xff, 0xff, 0xff, 0x0f],
    );
    assert!(matches!(err, DecodeError::LengthTooLarge { .. }), "{err:?}");
    // Produce v3: topic data count huge after a null transactional id, acks and timeout.
    let mut body = vec![0xff, 0xff, 0, 1, 0, 0, 0x75, 0x30];
    body.extend_from_slice(&[0x40, 0, 0, 0]);
    assert_rejected("produce topics", ApiKey::Produce, 3, &body);
}

#[test]
fn huge_string_and_bytes_lengths() {
    // Produce v3 transactional id of 32767 bytes with 3 present.
    let err = assert_rejected(
        "string",
        ApiKey::Produce,
        3,
        &[0x7f, 0xff, b'a', b'b', b'c'],
    );
    assert!(matches!(err, DecodeError::LengthTooLarge { .. }), "{err:?}");
    // SaslAuthenticate v0: auth bytes (int32 length) of 2 GiB.
    let err = assert_rejected(
        "bytes",
        ApiKey::SaslAuthenticate,
        0,
        &[0x7f, 0xff, 0xff, 0xff, 1],
    );
    assert!(matches!(err, DecodeError::LengthTooLarge { .. }), "{err:?}");
    // The client id in the header itself.
    let mut b = BytesMut::new();
    b.put_i16(ApiKey::Metadata as i16);
    b.put_i16(1);
    b.put_i32(1);
    b.put_i16(0x7fff);
    let (r, largest) = largest_allocation(|| decode_request(b.freeze()));
    assert!(matches!(r, Err(DecodeError::LengthTooLarge { .. })));
    assert!(largest < 4096);
}

#[test]
fn negative_lengths() {
    let err = assert_rejected("string -2", ApiKey::Produce, 3, &[0xff, 0xfe]);
    assert_eq!(err, DecodeError::NegativeLength(-2));
    let err = assert_rejected("array -5", ApiKey::Metadata, 1, &[0xff, 0xff, 0xff, 0xfb]);
    assert_eq!(err, DecodeError::NegativeLength(-5));
    let err = assert_rejected(
        "bytes -3",
        ApiKey::SaslAuthenticate,
        0,
        &[0xff, 0xff, 0xff, 0xfd],
    );
    assert_eq!(err, DecodeError::NegativeLength(-3));
    // Null where the version does not allow it: Metadata v0 topics may not be null.
    let err = assert_rejected("null array", ApiKey::Metadata, 0, &[0xff, 0xff, 0xff, 0xff]);
    assert!(matches!(err, DecodeError::UnexpectedNull(_)), "{err:?}");
}

#[test]
fn overlong_varints() {
    let err = assert_rejected(
        "6-byte uvarint",
        ApiKey::Metadata,
        12,
        &[0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
    );
    assert_eq!(err, DecodeError::VarintTooLong(5));
    // A tagged-field count claiming more fields than bytes.
    let err = assert_rejected(
        "tagged count",
        ApiKey::ApiVersions,
        3,
        &[1, 1, 0xff, 0xff, 0x03],
    );
    assert!(matches!(err, DecodeError::LengthTooLarge { .. }), "{err:?}");
    // A tagged field whose size exceeds the frame.
    let err = assert_rejected("tagged size", ApiKey::ApiVersions, 3, &[1, 1, 1, 5, 0x7f]);
    assert!(matches!(err, DecodeError::LengthTooLarge { .. }), "{err:?}");
}

#[test]
fn unknown_api_and_version_and_trailing_bytes() {
    let mut b = BytesMut::new();
    b.put_i16(12345);
    b.put_i16(0);
    b.put_i32(1);
    b.put_i16(-1);
    assert_eq!(
        decode_request(b.freeze()).unwrap_err(),
        DecodeError::UnknownApiKey(12345)
    );
    let err = decode_request(frame(ApiKey::Metadata, 999, &[])).unwrap_err();
    assert!(
        matches!(err, DecodeError::UnsupportedVersion { .. }),
        "{err:?}"
    );
    // Kafka ignores bytes after a request body (librdkafka sends some);
    // the message-level decoder still calls them an error.
    let req = decode_request(frame(ApiKey::ApiVersions, 0, &[0])).unwrap();
    assert_eq!(req.body.api_key(), ApiKey::ApiVersions);
    let err = RequestBody::decode(ApiKey::ApiVersions, 0, Bytes::from_static(&[0])).unwrap_err();
    assert_eq!(err, DecodeError::TrailingBytes(1));
}

/// Flips, inserts and deletes bytes of valid messages of every type: the
/// decoder must return (anything) without panicking, allocating in proportion
/// to the input.
fn mutate<M: Message + Sample>(seed: u64) {
    let mut g = Gen::new(seed);
    for version in M::VERSIONS.min..=M::VERSIONS.max {
        let valid = M::sample(version, &mut g).encode_to_bytes(version).unwrap();
        for _ in 0..8 {
            let mut bytes = valid.to_vec();
            for _ in 0..1 + g.u64() % 4 {
                let at = (g.u64() as usize) % (bytes.len() + 1);
                match g.u64() % 4 {
                    0 if at < bytes.len() => bytes[at] = g.u64() as u8,
                    1 if at < bytes.len() => bytes[at] = 0xff,
                    2 => bytes.insert(at, g.u64() as u8),
                    _ if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => {}
                }
            }
            let input = Bytes::from(bytes);
            let len = input.len();
            let (_, largest) = largest_allocation(|| M::decode_exact(version, input));
            // Decoded structs may be larger than their encoding, but only by a
            // constant factor (the size of one element per input byte).
            assert!(
                largest <= 4096 + 512 * len,
                "{} v{version}: {largest} bytes for {len}",
                M::NAME
            );
        }
    }
}

#[test]
fn mutated_messages_never_panic() {
    for seed in 0..40u64 {
        macro_rules! check {
            ($m:ident, $t:ident) => {
                mutate::<protocol::messages::$m::$t>(seed);
            };
        }
        for_each_message!(check);
    }
}

#[test]
fn arrays_past_the_decode_budget_are_refused_before_allocation() {
    use protocol::messages::{ApiKey, RequestBody};
    use protocol::wire::{with_decode_budget, DecodeError};
    // Metadata v1: 100 000 empty topic names, 2 bytes each on the wire.
    let mut body = bytes::BytesMut::new();
    body.extend_from_slice(&100_000i32.to_be_bytes());
    body.extend_from_slice(&[0u8, 0].repeat(100_000));
    let frame = body.freeze();
    let decode = |budget| {
        with_decode_budget(budget, || {
            RequestBody::decode_prefix(ApiKey::Metadata, 1, &mut frame.clone())
        })
    };
    let err = decode(8 * frame.len()).unwrap_err();
    assert_eq!(
        err,
        DecodeError::OverBudget {
            budget: 8 * frame.len()
        }
    );
    // The same request within a larger budget, and without one.
    assert!(decode(1 << 30).is_ok());
    assert!(RequestBody::decode_prefix(ApiKey::Metadata, 1, &mut frame.clone()).is_ok());
}
