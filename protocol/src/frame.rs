//! Framing: a Kafka request or response is an int32 size followed by a header
//! and a body. The size prefix is read by the connection (which bounds it with
//! `socket.request.max.bytes`); this module handles what follows it.

use bytes::{BufMut, Bytes, BytesMut};

use crate::messages::{ApiKey, RequestBody, RequestHeader, ResponseBody, ResponseHeader};
use crate::wire::{Codec, DecodeError, EncodeError};

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
