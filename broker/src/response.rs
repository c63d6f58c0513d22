//! Responses as a connection writes them: encoded bytes, and for Fetch,
//! ranges of segment files that go from the page cache to the socket with
//! `sendfile`, as Kafka's FileRecords do. The record bytes of a fetch are
//! then never copied through the broker's memory.
//!
//! The response itself is encoded by the generated code. Ranges of up to
//! [`INLINE_MAX`] are read into the response first, which is then encoded
//! once (the common case: consumers at the tail of the log). Only a
//! response with larger ranges is encoded twice to find where they belong:
//! once with those records empty and once with them null. The two encodings
//! differ exactly at those records' length prefixes (`00 00 00 00` against
//! `ff ff ff ff`, or the varint `01` against `00` in flexible versions),
//! which are then replaced by the real lengths, each followed by its file range.

use std::io;
use std::os::fd::AsRawFd;

use bytes::{BufMut, Bytes, BytesMut};
use protocol::wire::{uvarint_len, write_uvarint};
use storage::FileSlice;
use tokio::io::Interest;
use tokio::net::TcpStream;

/// File ranges up to this size are read into the response instead: for the
/// small batches of consumers at the tail of the log, one write beats a
/// flush and a `sendfile` per partition.
pub const INLINE_MAX: usize = 32 * 1024;

/// A piece of a response frame, in order.
#[derive(Debug)]
pub enum Chunk {
    Bytes(Bytes),
    File(FileSlice),
}

impl Chunk {
    pub fn len(&self) -> usize {
        match self {
            Chunk::Bytes(b) => b.len(),
            Chunk::File(f) => f.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds the frame of a response whose encodings with some records empty
/// (`with_empty`) and null (`with_null`) are given, both with their size
/// prefix, putting `slices[k]` in place of the k-th records that differ.
pub fn splice_records(
    with_empty: &[u8],
    with_null: &[u8],
    flexible: bool,
    slices: Vec<FileSlice>,
) -> io::Result<Vec<Chunk>> {
    assert_eq!(
        with_empty.len(),
        with_null.len(),
        "the encodings differ only in prefixes"
    );
    assert!(with_empty.len() >= 4);
    let width = if flexible { 1 } else { 4 };
    // Where each spliced records field's length prefix is.
    let mut prefixes = Vec::with_capacity(slices.len());
    let mut i = 4;
    while i < with_empty.len() {
        if with_empty[i] == with_null[i] {
            i += 1;
            continue;
        }
        if flexible {
            assert_eq!(
                (with_empty[i], with_null[i]),
                (1, 0),
                "varint prefixes at {i}"
            );
        } else {
            assert_eq!(&with_empty[i..i + 4], &[0, 0, 0, 0], "empty prefix at {i}");
            assert_eq!(&with_null[i..i + 4], &[0xff; 4], "null prefix at {i}");
        }
        prefixes.push(i);
        i += width;
    }
    assert_eq!(prefixes.len(), slices.len(), "one prefix per slice");

    let prefix_len = |n: usize| {
        if flexible {
            uvarint_len(n as u32 + 1)
        } else {
            4
        }
    };
    let body: usize = with_empty.len() - 4
        + slices
            .iter()
            .map(|s| prefix_len(s.len) - width + s.len)
            .sum::<usize>();
    let size = i32::try_from(body).map_err(|_| io::Error::other("fetch response over 2 GiB"))?;

    let mut chunks = Vec::with_capacity(2 * slices.len() + 1);
    let mut pending = BytesMut::with_capacity(with_empty.len() + 16);
    pending.put_i32(size);
    let mut from = 4;
    for (at, slice) in prefixes.into_iter().zip(slices) {
        pending.put_slice(&with_empty[from..at]);
        if flexible {
            write_uvarint(&mut pending, slice.len as u32 + 1);
        } else {
            pending.put_i32(slice.len as i32);
        }
        if slice.len <= INLINE_MAX {
            let start = pending.len();
            pending.resize(start + slice.len, 0);
            slice.read_into(&mut pending[start..])?;
        } else {
            chunks.push(Chunk::Bytes(pending.split().freeze()));
            chunks.push(Chunk::File(slice));
        }
        from = at + width;
    }
    pending.put_slice(&with_empty[from..]);
    chunks.push(Chunk::Bytes(pending.freeze()));
    debug_assert_eq!(
        chunks.iter().map(Chunk::len).sum::<usize>(),
        4 + body,
        "the frame size matches its chunks"
    );
    Ok(chunks)
}

/// The whole frame in memory (for tests and tools).
pub fn into_bytes(chunks: Vec<Chunk>) -> io::Result<Bytes> {
    let mut out = BytesMut::with_capacity(chunks.iter().map(Chunk::len).sum());
    for chunk in chunks {
        match chunk {
            Chunk::Bytes(b) => out.put_slice(&b),
            Chunk::File(f) => {
                let start = out.len();
                out.resize(start + f.len, 0);
                f.read_into(&mut out[start..])?;
            }
        }
    }
    Ok(out.freeze())
}

/// Sends a file range to the socket with `sendfile(2)`: the kernel moves
/// the pages, the broker never touches the bytes.
pub async fn send_file(stream: &TcpStream, slice: &FileSlice) -> io::Result<()> {
    let mut offset = libc::off_t::try_from(slice.position).map_err(io::Error::other)?;
    let end = offset + slice.len as libc::off_t;
    while offset < end {
        stream.writable().await?;
        let want = ((end - offset) as usize).min(1 << 30);
        let sent = stream.try_io(Interest::WRITABLE, || {
            // SAFETY: both descriptors are open for the duration of the call
            // (the stream and the Arc'd file are borrowed), and `offset` is a
            // valid, exclusively borrowed off_t that sendfile updates.
            let n = unsafe {
                libc::sendfile(
                    stream.as_raw_fd(),
                    slice.file.as_raw_fd(),
                    &mut offset,
                    want,
                )
            };
            if n < 0 {
                Err(io::Error::last_os_error())
            } else {
                Ok(n as usize)
            }
        });
        match sent {
            // The file ended before the range: the promised frame cannot be
            // completed, so the connection must close.
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "segment file shorter than the range being sent",
                ))
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::frame::encode_response;
    use protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};
    use protocol::messages::{FetchResponse, ResponseBody};
    use std::io::Write;
    use std::sync::Arc;

    /// Splicing file ranges into a response gives byte for byte what the
    /// generated encoder gives for the same records in memory, in every
    /// version, flexible or not, inline or sent as a file.
    #[test]
    fn spliced_frames_equal_the_generated_encoding() {
        let mut file = tempfile::tempfile().unwrap();
        let data: Vec<u8> = (0..300_000u32).map(|i| (i * 31 + 7) as u8).collect();
        file.write_all(&data).unwrap();
        let file = Arc::new(file);
        let sizes = [1usize, 100, INLINE_MAX, INLINE_MAX + 1, 70_000, 200, 130];
        for version in 4..=17i16 {
            let mut full = FetchResponse::default();
            let mut with_empty = FetchResponse::default();
            let mut places = Vec::new();
            let mut slices = Vec::new();
            let mut at = 0usize;
            for t in 0..3 {
                let mut full_t = FetchableTopicResponse {
                    topic: if version < 13 {
                        format!("topic-{t}")
                    } else {
                        String::new()
                    },
                    ..Default::default()
                };
                let mut empty_t = full_t.clone();
                for p in 0..4 {
                    let k = t * 4 + p;
                    let mut part = PartitionData {
                        partition_index: p as i32,
                        high_watermark: 1000 + k as i64,
                        last_stable_offset: 1000,
                        log_start_offset: 0,
                        records: Some(Bytes::new()),
                        ..Default::default()
                    };
                    if k % 3 == 1 {
                        // A partition with nothing (or an error): left as is.
                        part.error_code = if k % 2 == 0 { 1 } else { 0 };
                        full_t.partitions.push(part.clone());
                        empty_t.partitions.push(part);
                        continue;
                    }
                    let len = sizes[k % sizes.len()];
                    let slice = FileSlice {
                        file: file.clone(),
                        position: at as u64,
                        len,
                    };
                    part.records = Some(Bytes::copy_from_slice(&data[at..at + len]));
                    at += len;
                    full_t.partitions.push(part.clone());
                    part.records = Some(Bytes::new());
                    empty_t.partitions.push(part);
                    places.push((t, empty_t.partitions.len() - 1));
                    slices.push(slice);
                }
                full.responses.push(full_t);
                with_empty.responses.push(empty_t);
            }
            let want = encode_response(9, version, &ResponseBody::Fetch(full)).unwrap();
            let e1 = encode_response(9, version, &ResponseBody::Fetch(with_empty.clone())).unwrap();
            for &(t, p) in &places {
                with_empty.responses[t].partitions[p].records = None;
            }
            let e0 = encode_response(9, version, &ResponseBody::Fetch(with_empty)).unwrap();
            let chunks = splice_records(&e1, &e0, version >= 12, slices).unwrap();
            assert!(
                chunks.iter().any(|c| matches!(c, Chunk::File(_))),
                "large ranges stay files"
            );
            let got = into_bytes(chunks).unwrap();
            assert_eq!(got, want, "version {version}");
        }
    }
}
