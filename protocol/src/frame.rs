//! Framing: a Kafka request or response is an int32 size followed by a header
//! and a body. [`read_frame`] (or [`check_frame_size`] and [`read_frame_body`]
//! for a reader that times each part itself) is the one size-prefixed frame
//! reader of the broker, the replica fetcher, the CLI and the quorum.
//!
//! Invariants: a frame's size is checked against the caller's bounds before
//! anything is allocated, and the buffer then grows with the bytes actually
//! received (at most 1 MiB ahead of them), never with the prefix alone: a
//! peer announcing 100 MB and sending nothing costs 1 MiB, not 100 MB.

use bytes::{BufMut, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt};

use crate::messages::{ApiKey, RequestBody, RequestHeader, ResponseBody, ResponseHeader};
use crate::wire::{Codec, DecodeError, EncodeError};

/// How far the buffer of a frame being read may run ahead of the bytes
/// received.
const READ_AHEAD: usize = 1 << 20;

/// A size prefix out of the reader's bounds: not a frame this peer may send
/// (or not Kafka at all: `prefix` tells what it looks like).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadFrameSize {
    pub size: i32,
    pub prefix: [u8; 4],
}

/// Why [`read_frame`] gave no frame.
#[derive(Debug)]
pub enum FrameError {
    BadSize(BadFrameSize),
    /// The peer closed the connection inside a frame.
    ClosedMidFrame {
        read: usize,
        size: usize,
    },
    Io(std::io::Error),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::BadSize(b) => write!(f, "bad frame size {}", b.size),
            FrameError::ClosedMidFrame { read, size } => {
                write!(f, "connection closed after {read} of {size} frame bytes")
            }
            FrameError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for FrameError {}

/// The frame size a prefix announces, if within `min..=max`.
pub fn check_frame_size(prefix: [u8; 4], min: usize, max: usize) -> Result<usize, BadFrameSize> {
    let size = i32::from_be_bytes(prefix);
    match usize::try_from(size) {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(BadFrameSize { size, prefix }),
    }
}

/// Reads the `size` bytes of a frame whose prefix was read.
pub async fn read_frame_body<R: AsyncRead + Unpin>(
    reader: &mut R,
    size: usize,
) -> Result<Bytes, FrameError> {
    let mut buf = BytesMut::with_capacity(size.min(READ_AHEAD));
    while buf.len() < size {
        let want = (size - buf.len()).min(READ_AHEAD);
        buf.reserve(want);
        let n = (&mut *reader)
            .take(want as u64)
            .read_buf(&mut buf)
            .await
            .map_err(FrameError::Io)?;
        if n == 0 {
            return Err(FrameError::ClosedMidFrame {
                read: buf.len(),
                size,
            });
        }
    }
    debug_assert_eq!(buf.len(), size);
    Ok(buf.freeze())
}

/// Reads one frame (without its size prefix) of `min..=max` bytes.
/// `Ok(None)`: the peer closed the connection between frames.
pub async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut R,
    min: usize,
    max: usize,
) -> Result<Option<Bytes>, FrameError> {
    let mut prefix = [0u8; 4];
    match reader.read_exact(&mut prefix).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(FrameError::Io(e)),
    }
    let size = check_frame_size(prefix, min, max).map_err(FrameError::BadSize)?;
    read_frame_body(reader, size).await.map(Some)
}

/// The API key and version at the front of a request, read before the rest of
/// the header because they decide how the header itself is encoded.
pub fn peek_api(frame: &[u8]) -> Result<(i16, i16), DecodeError> {
    if frame.len() < 4 {
        return Err(DecodeError::Truncated {
            needed: 4,
            remaining: frame.len(),
        });
    }
    Ok((
        i16::from_be_bytes([frame[0], frame[1]]),
        i16::from_be_bytes([frame[2], frame[3]]),
    ))
}

/// Decodes the request header from the front of `frame`, leaving the body.
/// An unknown API key is still decoded (with header v1) so that the caller can
/// log the correlation id and client id before closing the connection.
pub fn decode_request_header(frame: &mut Bytes) -> Result<RequestHeader, DecodeError> {
    let (key, version) = peek_api(frame)?;
    let header_version = match ApiKey::from_i16(key) {
        Some(api) => api.request_header_version(version),
        None => 1,
    };
    RequestHeader::decode(header_version, frame)
}

/// A decoded request.
#[derive(Debug, Clone)]
pub struct Request {
    pub header: RequestHeader,
    pub body: RequestBody,
}

/// Decodes a request frame (without its size prefix). Bytes after the body
/// are ignored, as Kafka does: librdkafka 2.x sends Metadata requests with
/// three bytes left over, and Kafka's parser never looks past the body.
pub fn decode_request(mut frame: Bytes) -> Result<Request, DecodeError> {
    let header = decode_request_header(&mut frame)?;
    let api = ApiKey::from_i16(header.request_api_key)
        .ok_or(DecodeError::UnknownApiKey(header.request_api_key))?;
    let body = RequestBody::decode_prefix(api, header.request_api_version, &mut frame)?;
    Ok(Request { header, body })
}

/// Encodes a request with its size prefix (for clients: the CLI and tests).
pub fn encode_request(
    correlation_id: i32,
    client_id: Option<&str>,
    version: i16,
    body: &RequestBody,
) -> Result<Bytes, EncodeError> {
    let api = body.api_key();
    let header_version = api.request_header_version(version);
    let header = RequestHeader {
        request_api_key: api as i16,
        request_api_version: version,
        correlation_id,
        client_id: client_id.map(str::to_string),
        ..Default::default()
    };
    let size = header.encoded_len(header_version) + body.encoded_len(version);
    let mut buf = BytesMut::with_capacity(4 + size);
    buf.put_i32(size as i32);
    header.encode(header_version, &mut buf)?;
    body.encode(version, &mut buf)?;
    debug_assert_eq!(buf.len(), 4 + size);
    Ok(buf.freeze())
}

/// Encodes a response with its size prefix.
pub fn encode_response(
    correlation_id: i32,
    version: i16,
    body: &ResponseBody,
) -> Result<Bytes, EncodeError> {
    let api = body.api_key();
    let header_version = api.response_header_version(version);
    let header = ResponseHeader {
        correlation_id,
        ..Default::default()
    };
    let size = header.encoded_len(header_version) + body.encoded_len(version);
    let mut buf = BytesMut::with_capacity(4 + size);
    buf.put_i32(size as i32);
    header.encode(header_version, &mut buf)?;
    body.encode(version, &mut buf)?;
    debug_assert_eq!(buf.len(), 4 + size);
    Ok(buf.freeze())
}

/// Decodes a response frame (without its size prefix) for `api` at `version`.
pub fn decode_response(
    api: ApiKey,
    version: i16,
    mut frame: Bytes,
) -> Result<(i32, ResponseBody), DecodeError> {
    let header = ResponseHeader::decode(api.response_header_version(version), &mut frame)?;
    Ok((
        header.correlation_id,
        ResponseBody::decode(api, version, frame)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::{read_frame, BadFrameSize, FrameError};

    #[tokio::test]
    async fn frames_are_read_whole_and_bounded() {
        let mut input: &[u8] = &[0, 0, 0, 3, b'a', b'b', b'c', 0, 0, 0, 0];
        let frame = read_frame(&mut input, 0, 10).await.unwrap().unwrap();
        assert_eq!(&frame[..], b"abc");
        assert_eq!(
            &read_frame(&mut input, 0, 10).await.unwrap().unwrap()[..],
            b""
        );
        assert!(
            read_frame(&mut input, 0, 10).await.unwrap().is_none(),
            "clean end"
        );

        let mut big: &[u8] = &[0, 0, 0, 11, 1];
        let Err(FrameError::BadSize(b)) = read_frame(&mut big, 0, 10).await else {
            panic!("a frame above the bound is refused")
        };
        assert_eq!(
            b,
            BadFrameSize {
                size: 11,
                prefix: [0, 0, 0, 11]
            }
        );
        let mut negative: &[u8] = &[0xff, 0xff, 0xff, 0xff];
        assert!(matches!(
            read_frame(&mut negative, 0, 10).await,
            Err(FrameError::BadSize(_))
        ));
        let mut small: &[u8] = &[0, 0, 0, 2, 1, 2];
        assert!(matches!(
            read_frame(&mut small, 4, 10).await,
            Err(FrameError::BadSize(_))
        ));
    }

    #[tokio::test]
    async fn a_frame_cut_short_is_an_error_and_a_huge_prefix_allocates_little() {
        let mut cut: &[u8] = &[0, 0, 0, 5, 1, 2];
        assert!(matches!(
            read_frame(&mut cut, 0, 10).await,
            Err(FrameError::ClosedMidFrame { read: 2, size: 5 })
        ));
        // 1 GiB announced, 3 bytes sent: refused once they run out, having
        // reserved about READ_AHEAD, not a gigabyte.
        let mut huge: Vec<u8> = (1i32 << 30).to_be_bytes().to_vec();
        huge.extend_from_slice(&[1, 2, 3]);
        assert!(matches!(
            read_frame(&mut huge.as_slice(), 0, 1 << 30).await,
            Err(FrameError::ClosedMidFrame { read: 3, .. })
        ));
    }

    use super::*;
    use crate::messages::{ApiVersionsRequest, MetadataRequest};
    use bytes::Buf;

    #[test]
    fn request_round_trip_with_each_header_version() {
        for (version, body) in [
            (0i16, RequestBody::Metadata(MetadataRequest::default())),
            (12, RequestBody::Metadata(MetadataRequest::default())),
            (3, RequestBody::ApiVersions(ApiVersionsRequest::default())),
        ] {
            let mut frame = encode_request(7, Some("me"), version, &body).unwrap();
            let size = frame.get_i32() as usize;
            assert_eq!(size, frame.len());
            let req = decode_request(frame).unwrap();
            assert_eq!(req.header.correlation_id, 7);
            assert_eq!(req.header.client_id.as_deref(), Some("me"));
            assert_eq!(req.body, body);
        }
    }

    #[test]
    fn unknown_api_key_is_reported_with_its_header() {
        let mut frame = BytesMut::new();
        frame.put_i16(999);
        frame.put_i16(0);
        frame.put_i32(42);
        frame.put_i16(-1);
        let mut b = frame.freeze();
        let header = decode_request_header(&mut b.clone()).unwrap();
        assert_eq!(header.correlation_id, 42);
        assert_eq!(
            decode_request(b.split_off(0)).unwrap_err(),
            DecodeError::UnknownApiKey(999)
        );
    }
}
