//! RecordBatch v2 end to end: builder → parse → validate → records in every
//! codec; corruption, truncation and hostile sizes are errors, never panics or
//! large allocations; decompression bombs stop at the cap; and `kafka-protocol`
//! (an independent implementation) reads our batches and we read its batches.

use bytes::{Bytes, BytesMut};
use proptest::prelude::*;
use protocol::records::header::{
    update_crc, ATTRIBUTES_OFFSET, BATCH_HEADER_LEN, BATCH_LENGTH_OFFSET, CRC_OFFSET, LOG_OVERHEAD,
    RECORD_COUNT_OFFSET,
};
use protocol::records::varint::write_varint;
use protocol::records::{
    Batches, Compression, Record, RecordBatch, RecordBatchBuilder, RecordError, SimpleRecord,
};

const CODECS: [Compression; 5] = [
    Compression::None,
    Compression::Gzip,
    Compression::Snappy,
    Compression::Lz4,
    Compression::Zstd,
];
const CAP: usize = 4 << 20;

fn sample_records() -> Vec<SimpleRecord> {
    vec![
        SimpleRecord::new(
            1_700_000_000_000,
            Some(Bytes::from_static(b"key-0")),
            Some(Bytes::from_static(b"value-0")),
        )
        .with_header("trace", Some(Bytes::from_static(b"abc")))
        .with_header("empty", None),
        SimpleRecord::new(1_699_999_999_000, None, Some(Bytes::from(vec![7u8; 3000]))),
        SimpleRecord::new(1_700_000_000_500, Some(Bytes::new()), None),
    ]
}

fn build(codec: Compression, records: &[SimpleRecord]) -> Bytes {
    let mut b = RecordBatchBuilder::new(codec)
        .base_offset(1000)
        .producer(7, 1, 42);
    for r in records {
        b.push(r.clone());
    }
    b.build().unwrap()
}

fn assert_same(records: &[Record], expected: &[SimpleRecord], base_offset: i64) {
    assert_eq!(records.len(), expected.len());
    for (i, (r, e)) in records.iter().zip(expected).enumerate() {
        assert_eq!(r.offset, base_offset + i as i64);
        assert_eq!(r.timestamp, e.timestamp);
        assert_eq!(r.key, e.key);
        assert_eq!(r.value, e.value);
        assert_eq!(r.headers, e.headers);
    }
}

/// Replaces the records section of `batch` (and its codec), fixing the
/// length and CRC, so the result passes the framing and CRC checks.
fn with_payload(batch: &[u8], codec_id: i16, payload: &[u8], record_count: i32) -> Bytes {
    let mut out = batch[..BATCH_HEADER_LEN].to_vec();
    out.extend_from_slice(payload);
    let length = (out.len() - LOG_OVERHEAD) as i32;
    out[BATCH_LENGTH_OFFSET..BATCH_LENGTH_OFFSET + 4].copy_from_slice(&length.to_be_bytes());
    let attributes = i16::from_be_bytes([out[ATTRIBUTES_OFFSET], out[ATTRIBUTES_OFFSET + 1]]);
    let attributes = (attributes & !0x07) | codec_id;
    out[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attributes.to_be_bytes());
    out[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&record_count.to_be_bytes());
    update_crc(&mut out);
    Bytes::from(out)
}

#[test]
fn round_trip_in_every_codec() {
    let expected = sample_records();
    for codec in CODECS {
        let bytes = build(codec, &expected);
        let batch = RecordBatch::from_bytes(bytes).unwrap();
        batch.validate().unwrap();
        batch.validate_offset_range().unwrap();
        assert_eq!(batch.compression().unwrap(), codec);
        assert_eq!(batch.header().producer_id, 7);
        assert_eq!(batch.header().max_timestamp, 1_700_000_000_500);
        assert_eq!(batch.last_offset(), 1002);
        assert_same(&batch.records(CAP).unwrap(), &expected, 1000);
    }
}

#[test]
fn keys_and_values_are_slices_of_the_batch() {
    let bytes = build(Compression::None, &sample_records());
    let range = bytes.as_ptr() as usize..bytes.as_ptr() as usize + bytes.len();
    let records = RecordBatch::from_bytes(bytes.clone())
        .unwrap()
        .records(CAP)
        .unwrap();
    let value = records[1].value.as_ref().unwrap();
    assert!(range.contains(&(value.as_ptr() as usize)));
}

#[test]
fn several_batches_in_one_buffer() {
    let mut buf = BytesMut::new();
    for codec in CODECS {
        buf.extend_from_slice(&build(codec, &sample_records()));
    }
    let mut batches = Batches::new(buf.freeze());
    let mut n = 0;
    for batch in batches.by_ref() {
        let batch = batch.unwrap();
        batch.validate().unwrap();
        assert_eq!(batch.records(CAP).unwrap().len(), 3);
        n += 1;
    }
    assert_eq!(n, CODECS.len());
    assert!(batches.partial_batch().is_none());
}

#[test]
fn crc_covers_every_byte_from_the_crc_on() {
    for codec in CODECS {
        let bytes = build(codec, &sample_records());
        for at in CRC_OFFSET..bytes.len() {
            let mut raw = bytes.to_vec();
            raw[at] ^= 0x40;
            let batch = RecordBatch::from_bytes(Bytes::from(raw)).unwrap();
            let err = batch.validate().unwrap_err();
            assert!(
                matches!(err, RecordError::CrcMismatch { .. }),
                "{} byte {at}: {err}",
                codec.name()
            );
            assert_eq!(err.error_code(), 2, "CORRUPT_MESSAGE");
            // Reading without validating must not panic either.
            let _ = batch.records(CAP);
        }
    }
}

#[test]
fn every_truncation_is_an_error() {
    for codec in CODECS {
        let bytes = build(codec, &sample_records()[..1]);
        for len in 0..bytes.len() {
            let prefix = bytes.slice(..len);
            assert_eq!(
                RecordBatch::parse(prefix.clone()).unwrap_err(),
                RecordError::Truncated
            );
            let mut batches = Batches::new(prefix);
            assert!(batches.next().is_none());
            assert_eq!(batches.partial_batch().is_some(), len > 0);
        }
    }
}

#[test]
fn truncated_records_behind_a_valid_crc_never_panic() {
    // A producer bug (or attacker) can frame and checksum a cut payload.
    for codec in CODECS {
        let bytes = build(codec, &sample_records());
        let payload = &bytes[BATCH_HEADER_LEN..];
        for cut in 0..payload.len() {
            let batch = with_payload(&bytes, codec as i16, &payload[..cut], 3);
            let batch = RecordBatch::from_bytes(batch).unwrap();
            let read = batch.validate().and_then(|()| batch.records(CAP));
            if codec == Compression::None {
                assert!(read.is_err(), "uncompressed cut at {cut} read fine");
            }
        }
    }
}

#[test]
fn random_corruption_behind_a_valid_crc_never_panics() {
    let mut runner = proptest::test_runner::TestRunner::default();
    for codec in CODECS {
        let bytes = build(codec, &sample_records());
        runner
            .run(
                &(0..bytes.len(), any::<u8>(), 0..bytes.len()),
                |(at, byte, at2)| {
                    let mut raw = bytes.to_vec();
                    raw[at] = byte;
                    raw[at2] = raw[at2].wrapping_add(1);
                    update_crc(&mut raw);
                    for batch in Batches::new(Bytes::from(raw)).flatten() {
                        let _ = batch.validate();
                        let _ = batch.records(CAP);
                    }
                    Ok(())
                },
            )
            .unwrap();
    }
}

#[test]
fn hostile_record_count_is_rejected_without_allocating() {
    for codec in CODECS {
        let mut raw = build(codec, &sample_records()).to_vec();
        raw[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&i32::MAX.to_be_bytes());
        update_crc(&mut raw);
        let batch = RecordBatch::from_bytes(Bytes::from(raw)).unwrap();
        // Uncompressed, validate already knows; compressed, only the records do.
        assert!(matches!(
            batch.records(CAP),
            Err(RecordError::RecordCountTooLarge {
                count: i32::MAX,
                ..
            })
        ));
        assert!(batch.validate_offset_range().is_err());
    }
}

/// Whether an error is the one a case expects.
type ErrorCheck = fn(&RecordError) -> bool;

#[test]
fn hostile_varint_lengths_are_rejected() {
    let template = build(Compression::None, &sample_records()[..1]);
    let record = |fields: &[u8], declared: Option<i32>| {
        let mut payload = Vec::new();
        write_varint(&mut payload, declared.unwrap_or(fields.len() as i32));
        payload.extend_from_slice(fields);
        payload
    };
    let mut huge = Vec::new();
    write_varint(&mut huge, i32::MAX);
    let cases: Vec<(Vec<u8>, ErrorCheck)> = vec![
        // Record length of i32::MAX.
        (record(&[0, 0, 0, 1, 1, 0], Some(i32::MAX)), |e| {
            matches!(e, RecordError::LengthTooLarge { .. })
        }),
        // Key length of i32::MAX.
        (
            record(&[[0, 0, 0].as_slice(), &huge, &[1, 0]].concat(), None),
            |e| matches!(e, RecordError::LengthTooLarge { .. }),
        ),
        // Value length of i32::MAX.
        (
            record(&[[0, 0, 0, 1].as_slice(), &huge, &[0]].concat(), None),
            |e| matches!(e, RecordError::LengthTooLarge { .. }),
        ),
        // Header count of i32::MAX.
        (
            record(&[[0, 0, 0, 1, 1].as_slice(), &huge].concat(), None),
            |e| matches!(e, RecordError::InvalidHeaderCount(_)),
        ),
        // Header key length of i32::MAX.
        (
            record(&[[0, 0, 0, 1, 1, 2].as_slice(), &huge, &[1]].concat(), None),
            |e| matches!(e, RecordError::LengthTooLarge { .. }),
        ),
        // A record length varint longer than five bytes.
        (
            vec![0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0, 0],
            |e| matches!(e, RecordError::VarintTooLong(5)),
        ),
        // A timestamp delta varlong with eleven bytes.
        (
            record(&[[0].as_slice(), &[0xff; 11], &[0, 1, 1, 0]].concat(), None),
            |e| matches!(e, RecordError::VarintTooLong(10)),
        ),
        // Negative record length.
        (record(&[0, 0, 0, 1, 1, 0], Some(-5)), |e| {
            matches!(e, RecordError::InvalidLength(-5))
        }),
    ];
    for (i, (payload, expected)) in cases.into_iter().enumerate() {
        let batch = RecordBatch::from_bytes(with_payload(&template, 0, &payload, 1)).unwrap();
        batch.validate().unwrap();
        let err = batch.records(CAP).unwrap_err();
        assert!(expected(&err), "case {i}: {err:?}");
        assert_eq!(err.error_code(), 87, "INVALID_RECORD");
    }
}

/// 100 MiB of zeros in one codec, assembled from repeated compressed pieces
/// (gzip members, zstd frames, lz4 and snappy blocks; all forms Kafka's
/// readers accept) so the test does not spend its time compressing.
fn bomb(codec: Compression) -> Vec<u8> {
    let mib = vec![0u8; 1 << 20];
    match codec {
        Compression::Gzip => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            std::io::Write::write_all(&mut enc, &mib).unwrap();
            enc.finish().unwrap().repeat(100)
        }
        Compression::Zstd => zstd::stream::encode_all(&mib[..], 3).unwrap().repeat(100),
        Compression::Lz4 => {
            // Kafka's LZ4 readers stop after one frame, so this is one frame
            // of 1600 identical independent 64 KiB blocks: two compressed
            // blocks give the block to repeat between header and end mark.
            let info =
                lz4_flex::frame::FrameInfo::new().block_size(lz4_flex::frame::BlockSize::Max64KB);
            let mut enc = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
            std::io::Write::write_all(&mut enc, &mib[..128 << 10]).unwrap();
            let two = enc.finish().unwrap();
            let (header_len, end_mark_len) = (7, 4);
            let block_len = (two.len() - header_len - end_mark_len) / 2;
            let block = &two[header_len..header_len + block_len];
            assert_eq!(
                block,
                &two[header_len + block_len..two.len() - end_mark_len]
            );
            let mut out = two[..header_len].to_vec();
            for _ in 0..1600 {
                out.extend_from_slice(block);
            }
            out.extend_from_slice(&two[two.len() - end_mark_len..]);
            out
        }
        Compression::Snappy => {
            // One xerial stream of 3200 identical 32 KiB blocks.
            let block = snap::raw::Encoder::new()
                .compress_vec(&mib[..32 << 10])
                .unwrap();
            let mut out = b"\x82SNAPPY\x00\x00\x00\x00\x01\x00\x00\x00\x01".to_vec();
            for _ in 0..3200 {
                out.extend_from_slice(&(block.len() as i32).to_be_bytes());
                out.extend_from_slice(&block);
            }
            out
        }
        Compression::None => unreachable!(),
    }
}

#[test]
fn decompression_bombs_stop_at_the_cap() {
    let template = build(Compression::None, &sample_records()[..1]);
    for codec in [
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ] {
        let payload = bomb(codec);
        assert!(payload.len() < 10 << 20);
        let batch =
            RecordBatch::from_bytes(with_payload(&template, codec as i16, &payload, 1)).unwrap();
        batch.validate().unwrap();
        let err = batch.records(CAP).unwrap_err();
        assert_eq!(
            err,
            RecordError::DecompressedTooLarge { limit: CAP },
            "{}",
            codec.name()
        );
        assert_eq!(err.error_code(), 10, "MESSAGE_TOO_LARGE");
        // The same stream is fine under a cap that fits it: the bomb is
        // well-formed, only too big.
        let zeros = protocol::records::compression::decompress(codec, &payload, 100 << 20).unwrap();
        assert_eq!(zeros.len(), 100 << 20);
    }
}

#[test]
fn raw_snappy_batches_decode() {
    // librdkafka may send a single raw snappy block with no xerial framing.
    let expected = sample_records();
    let plain = build(Compression::None, &expected);
    let raw = snap::raw::Encoder::new()
        .compress_vec(&plain[BATCH_HEADER_LEN..])
        .unwrap();
    let batch =
        RecordBatch::from_bytes(with_payload(&plain, Compression::Snappy as i16, &raw, 3)).unwrap();
    batch.validate().unwrap();
    assert_same(&batch.records(CAP).unwrap(), &expected, 1000);
}

// ---------------------------------------------------------------------------
// Differential tests against kafka-protocol.

fn kp_codec(codec: Compression) -> kafka_protocol::records::Compression {
    use kafka_protocol::records::Compression as K;
    match codec {
        Compression::None => K::None,
        Compression::Gzip => K::Gzip,
        Compression::Snappy => K::Snappy,
        Compression::Lz4 => K::Lz4,
        Compression::Zstd => K::Zstd,
    }
}

#[test]
fn kafka_protocol_reads_our_batches() {
    let expected = sample_records();
    for codec in CODECS {
        let mut bytes = build(codec, &expected);
        let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).unwrap();
        assert_eq!(set.records.len(), expected.len());
        for (i, (r, e)) in set.records.iter().zip(&expected).enumerate() {
            assert_eq!(r.offset, 1000 + i as i64);
            assert_eq!(r.sequence, 42 + i as i32);
            assert_eq!(r.timestamp, e.timestamp);
            assert_eq!((&r.key, &r.value), (&e.key, &e.value));
            let headers: Vec<(String, Option<Bytes>)> = r
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            assert_eq!(headers, e.headers);
        }
    }
}

#[test]
fn we_read_kafka_protocol_batches() {
    use kafka_protocol::indexmap::IndexMap;
    use kafka_protocol::protocol::StrBytes;
    use kafka_protocol::records::{
        Record as KRecord, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };
    let expected = sample_records();
    for codec in CODECS {
        let records: Vec<KRecord> = expected
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut headers = IndexMap::new();
                for (k, v) in &e.headers {
                    headers.insert(StrBytes::from_string(k.clone()), v.clone());
                }
                KRecord {
                    transactional: false,
                    control: false,
                    delete_horizon: false,
                    partition_leader_epoch: 3,
                    producer_id: 7,
                    producer_epoch: 1,
                    timestamp_type: TimestampType::Creation,
                    offset: 500 + i as i64,
                    sequence: 500 + i as i32,
                    timestamp: e.timestamp,
                    key: e.key.clone(),
                    value: e.value.clone(),
                    headers,
                }
            })
            .collect();
        let mut buf = BytesMut::new();
        let options = RecordEncodeOptions {
            version: 2,
            compression: kp_codec(codec),
        };
        RecordBatchEncoder::encode(&mut buf, &records, &options).unwrap();
        let batch = RecordBatch::from_bytes(buf.freeze()).unwrap();
        batch.validate().unwrap();
        batch.validate_offset_range().unwrap();
        assert_eq!(batch.header().partition_leader_epoch, 3);
        assert_same(&batch.records(CAP).unwrap(), &expected, 500);
    }
}

// ---------------------------------------------------------------------------
// Property: random records survive a round trip in every codec.

fn arb_bytes() -> impl Strategy<Value = Option<Bytes>> {
    proptest::option::of(proptest::collection::vec(any::<u8>(), 0..300).prop_map(Bytes::from))
}

fn arb_record() -> impl Strategy<Value = SimpleRecord> {
    (
        -(1i64 << 50)..(1i64 << 50),
        arb_bytes(),
        arb_bytes(),
        proptest::collection::vec((".{0,12}", arb_bytes()), 0..4),
    )
        .prop_map(|(timestamp, key, value, headers)| SimpleRecord {
            timestamp,
            key,
            value,
            headers,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_records_round_trip(
        records in proptest::collection::vec(arb_record(), 1..20),
        base_offset in 0i64..(1 << 60),
    ) {
        for codec in CODECS {
            let mut b = RecordBatchBuilder::new(codec).base_offset(base_offset);
            for r in &records {
                b.push(r.clone());
            }
            let batch = RecordBatch::from_bytes(b.build().unwrap()).unwrap();
            prop_assert_eq!(batch.validate(), Ok(()));
            prop_assert_eq!(batch.validate_offset_range(), Ok(()));
            let max = records.iter().map(|r| r.timestamp).max().unwrap();
            prop_assert_eq!(batch.header().max_timestamp, max);
            let read = batch.records(CAP).unwrap();
            prop_assert_eq!(read.len(), records.len());
            for (i, (r, e)) in read.iter().zip(&records).enumerate() {
                prop_assert_eq!(r.offset, base_offset + i as i64);
                prop_assert_eq!(r.timestamp, e.timestamp);
                prop_assert_eq!(&r.key, &e.key);
                prop_assert_eq!(&r.value, &e.value);
                prop_assert_eq!(&r.headers, &e.headers);
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..200)) {
        for batch in Batches::new(Bytes::from(raw)).flatten() {
            let _ = batch.validate();
            let _ = batch.records(CAP);
        }
    }
}
