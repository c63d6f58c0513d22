//! The four codecs of Kafka record batches, with a hard cap on the output.
//!
//! Decompression never trusts a size the compressed data announces: output is
//! produced incrementally and stops one byte past the cap, so a few kilobytes
//! of hostile input can cost at most `cap + 1` bytes of memory.

use std::io::{Read, Write};

use super::{Compression, RecordError};

/// The xerial snappy-java stream header: magic, version 1, compatible version 1.
const XERIAL_MAGIC: [u8; 8] = [0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0];
const XERIAL_HEADER_LEN: usize = 16;
/// snappy-java's default block size; the Java client reads any size, but
/// matching it keeps our batches byte-for-byte like a Java producer's.
const XERIAL_BLOCK_SIZE: usize = 32 * 1024;
/// Kafka's default zstd level (`compression.zstd.level`).
const ZSTD_LEVEL: i32 = 3;

fn corrupt(codec: Compression, reason: impl ToString) -> RecordError {
    RecordError::CorruptCompressedData {
        codec: codec.name(),
        reason: reason.to_string(),
    }
}

fn failed(codec: Compression, reason: impl ToString) -> RecordError {
    RecordError::CompressionFailed {
        codec: codec.name(),
        reason: reason.to_string(),
    }
}

/// Compresses `data` the way the Java producer does for `codec`.
pub fn compress(codec: Compression, data: &[u8]) -> Result<Vec<u8>, RecordError> {
    match codec {
        Compression::None => Ok(data.to_vec()),
        Compression::Gzip => {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            enc.write_all(data).map_err(|e| failed(codec, e))?;
            enc.finish().map_err(|e| failed(codec, e))
        }
        Compression::Snappy => compress_xerial_snappy(data),
        Compression::Lz4 => {
            // Kafka's KafkaLZ4BlockOutputStream writes 64 KiB independent
            // blocks; older Java readers cannot follow linked blocks.
            let info = lz4_flex::frame::FrameInfo::new()
                .block_size(lz4_flex::frame::BlockSize::Max64KB)
                .block_mode(lz4_flex::frame::BlockMode::Independent);
            let mut enc = lz4_flex::frame::FrameEncoder::with_frame_info(info, Vec::new());
            enc.write_all(data).map_err(|e| failed(codec, e))?;
            enc.finish().map_err(|e| failed(codec, e))
        }
        Compression::Zstd => {
            zstd::stream::encode_all(data, ZSTD_LEVEL).map_err(|e| failed(codec, e))
        }
    }
}

/// Decompresses `data`, failing with [`RecordError::DecompressedTooLarge`] as
/// soon as the output would exceed `max_decompressed_bytes`.
pub fn decompress(
    codec: Compression,
    data: &[u8],
    max_decompressed_bytes: usize,
) -> Result<Vec<u8>, RecordError> {
    match codec {
        Compression::None => {
            if data.len() > max_decompressed_bytes {
                return Err(RecordError::DecompressedTooLarge {
                    limit: max_decompressed_bytes,
                });
            }
            Ok(data.to_vec())
        }
        // Java's GZIPInputStream reads concatenated members; so must we.
        Compression::Gzip => read_capped(
            codec,
            flate2::read::MultiGzDecoder::new(data),
            max_decompressed_bytes,
        ),
        Compression::Snappy => decompress_snappy(data, max_decompressed_bytes),
        Compression::Lz4 => read_capped(
            codec,
            lz4_flex::frame::FrameDecoder::new(data),
            max_decompressed_bytes,
        ),
        // The decoder's window is bounded by zstd's default window-log limit
        // (27, 128 MiB), the same limit zstd-jni applies for Kafka; lowering it
        // would reject valid batches from producers at high levels.
        Compression::Zstd => {
            let dec =
                zstd::stream::read::Decoder::with_buffer(data).map_err(|e| corrupt(codec, e))?;
            read_capped(codec, dec, max_decompressed_bytes)
        }
    }
}

fn read_capped(codec: Compression, reader: impl Read, cap: usize) -> Result<Vec<u8>, RecordError> {
    let mut out = Vec::new();
    // One byte past the cap tells "exactly cap" from "more than cap".
    let limit = (cap as u64).saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(codec, e))?;
    if out.len() > cap {
        return Err(RecordError::DecompressedTooLarge { limit: cap });
    }
    Ok(out)
}

fn compress_xerial_snappy(data: &[u8]) -> Result<Vec<u8>, RecordError> {
    let codec = Compression::Snappy;
    let mut out = Vec::with_capacity(XERIAL_HEADER_LEN + snap::raw::max_compress_len(data.len()));
    out.extend_from_slice(&XERIAL_MAGIC);
    out.extend_from_slice(&1i32.to_be_bytes());
    out.extend_from_slice(&1i32.to_be_bytes());
    let mut encoder = snap::raw::Encoder::new();
    let mut block = vec![0u8; snap::raw::max_compress_len(XERIAL_BLOCK_SIZE)];
    for chunk in data.chunks(XERIAL_BLOCK_SIZE) {
        let n = encoder
            .compress(chunk, &mut block)
            .map_err(|e| failed(codec, e))?;
        // A block holds at most max_compress_len(32 KiB) bytes, far below i32::MAX.
        out.extend_from_slice(&(n as i32).to_be_bytes());
        out.extend_from_slice(&block[..n]);
    }
    Ok(out)
}

/// Decodes xerial-framed snappy (Java client, librdkafka) or, failing the
/// magic, one raw snappy block (some librdkafka versions).
fn decompress_snappy(data: &[u8], cap: usize) -> Result<Vec<u8>, RecordError> {
    let mut out = Vec::new();
    if data.starts_with(&XERIAL_MAGIC) {
        let mut rest = data;
        while !rest.is_empty() {
            // snappy-java accepts concatenated streams, each with its header.
            if rest.starts_with(&XERIAL_MAGIC) {
                if rest.len() < XERIAL_HEADER_LEN {
                    return Err(corrupt(Compression::Snappy, "truncated xerial header"));
                }
                rest = &rest[XERIAL_HEADER_LEN..];
                continue;
            }
            let Some((len, tail)) = rest.split_first_chunk::<4>() else {
                return Err(corrupt(
                    Compression::Snappy,
                    "truncated xerial block length",
                ));
            };
            let len = i32::from_be_bytes(*len);
            let len = usize::try_from(len)
                .ok()
                .filter(|n| *n <= tail.len())
                .ok_or_else(|| {
                    corrupt(
                        Compression::Snappy,
                        format!("bad xerial block length {len}"),
                    )
                })?;
            let (block, tail) = tail.split_at(len);
            decompress_raw_snappy_into(block, cap, &mut out)?;
            rest = tail;
        }
    } else {
        decompress_raw_snappy_into(data, cap, &mut out)?;
    }
    Ok(out)
}

fn decompress_raw_snappy_into(
    block: &[u8],
    cap: usize,
    out: &mut Vec<u8>,
) -> Result<(), RecordError> {
    let codec = Compression::Snappy;
    if block.is_empty() {
        return Ok(());
    }
    // The length header is only a claim; it is checked against the cap before
    // it sizes any buffer, and the decoder verifies the claim.
    let n = snap::raw::decompress_len(block).map_err(|e| corrupt(codec, e))?;
    let start = out.len();
    if n > cap - start {
        return Err(RecordError::DecompressedTooLarge { limit: cap });
    }
    out.resize(start + n, 0);
    let written = snap::raw::Decoder::new()
        .decompress(block, &mut out[start..])
        .map_err(|e| corrupt(codec, e))?;
    out.truncate(start + written);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Compression; 5] = [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];

    fn sample(len: usize) -> Vec<u8> {
        (0..len).map(|i| (i % 251) as u8 ^ (i / 7) as u8).collect()
    }

    #[test]
    fn round_trip_every_codec() {
        for codec in ALL {
            for len in [0, 1, 100, XERIAL_BLOCK_SIZE, XERIAL_BLOCK_SIZE + 1, 200_000] {
                let data = sample(len);
                let packed = compress(codec, &data).unwrap();
                let unpacked = decompress(codec, &packed, len).unwrap();
                assert_eq!(unpacked, data, "{} len {len}", codec.name());
            }
        }
    }

    #[test]
    fn output_of_exactly_the_cap_passes_and_one_more_fails() {
        for codec in ALL {
            let data = sample(5000);
            let packed = compress(codec, &data).unwrap();
            assert!(decompress(codec, &packed, 5000).is_ok());
            assert_eq!(
                decompress(codec, &packed, 4999),
                Err(RecordError::DecompressedTooLarge { limit: 4999 }),
                "{}",
                codec.name()
            );
        }
    }

    #[test]
    fn xerial_snappy_has_java_framing() {
        let packed = compress(Compression::Snappy, &sample(XERIAL_BLOCK_SIZE * 2 + 5)).unwrap();
        assert_eq!(&packed[..8], &XERIAL_MAGIC);
        assert_eq!(&packed[8..16], &[0, 0, 0, 1, 0, 0, 0, 1]);
        // Three blocks: two full, one of 5 bytes.
        let mut rest = &packed[16..];
        let mut blocks = 0;
        while !rest.is_empty() {
            let len = i32::from_be_bytes(rest[..4].try_into().unwrap()) as usize;
            rest = &rest[4 + len..];
            blocks += 1;
        }
        assert_eq!(blocks, 3);
    }

    #[test]
    fn raw_snappy_decodes() {
        let data = sample(10_000);
        let raw = snap::raw::Encoder::new().compress_vec(&data).unwrap();
        assert_eq!(decompress(Compression::Snappy, &raw, 10_000).unwrap(), data);
    }

    #[test]
    fn concatenated_xerial_streams_decode() {
        let mut packed = compress(Compression::Snappy, b"hello ").unwrap();
        packed.extend(compress(Compression::Snappy, b"world").unwrap());
        assert_eq!(
            decompress(Compression::Snappy, &packed, 100).unwrap(),
            b"hello world"
        );
    }

    #[test]
    fn raw_snappy_length_header_is_not_trusted() {
        // Claims 2^32-1 bytes of output in five bytes.
        let hostile = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];
        assert_eq!(
            decompress(Compression::Snappy, &hostile, 1 << 20),
            Err(RecordError::DecompressedTooLarge { limit: 1 << 20 })
        );
        // Claims 100 bytes but carries none: the decoder must notice.
        let lying = [100, 0x00];
        assert!(matches!(
            decompress(Compression::Snappy, &lying, 1 << 20),
            Err(RecordError::CorruptCompressedData { .. })
        ));
    }

    #[test]
    fn hostile_xerial_block_lengths_are_rejected() {
        let mut packed = XERIAL_MAGIC.to_vec();
        packed.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 1]);
        for len in [-1i32, i32::MAX, 3] {
            let mut p = packed.clone();
            p.extend_from_slice(&len.to_be_bytes());
            p.extend_from_slice(&[0, 0]);
            assert!(matches!(
                decompress(Compression::Snappy, &p, 1 << 20),
                Err(RecordError::CorruptCompressedData { .. })
            ));
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for codec in ALL {
            for garbage in [&b""[..], b"\x00", b"\x1f\x8b\x08\x00garbage", &[0xff; 64]] {
                let _ = decompress(codec, garbage, 1 << 16);
            }
        }
    }
}
