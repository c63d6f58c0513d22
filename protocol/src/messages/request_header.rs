//! RequestHeader (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-2; flexible versions: 2+.
#![allow(
    clippy::all,
    unused_variables,
    unused_mut,
    unused_imports,
    unused_parens
)]

#[cfg(feature = "sample")]
use crate::sample::{Gen, Sample};
use crate::wire::*;
use bytes::{Bytes, BytesMut};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct RequestHeader {
    /// Versions: 0+
    pub request_api_key: i16,
    /// Versions: 0+
    pub request_api_version: i16,
    /// Versions: 0+
    pub correlation_id: i32,
    /// Versions: 1+; nullable: 1+
    pub client_id: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for RequestHeader {
    fn default() -> Self {
        Self {
            request_api_key: 0,
            request_api_version: 0,
            correlation_id: 0,
            client_id: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for RequestHeader {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "RequestHeader",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.request_api_key = read_i16(buf)?;
        }
        if true {
            this.request_api_version = read_i16(buf)?;
        }
        if true {
            this.correlation_id = read_i32(buf)?;
        }
        if version >= 1 {
            this.client_id = read_nullable_string(buf, false, version >= 1, "ClientId")?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    _ => this
                        .unknown_tagged_fields
                        .push(RawTaggedField { tag, data: body }),
                }
            }
        }
        Ok(this)
    }

    fn encode(&self, version: i16, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(EncodeError::UnsupportedVersion {
                what: "RequestHeader",
                version,
            });
        }
        let flexible = version >= 2;
        write_i16(buf, self.request_api_key);
        write_i16(buf, self.request_api_version);
        write_i32(buf, self.correlation_id);
        if version >= 1 {
            write_nullable_string(
                buf,
                false,
                version >= 1,
                "ClientId",
                self.client_id.as_deref(),
            )?;
        } else {
            if self.client_id != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ClientId",
                    version,
                });
            }
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += 2;
        }
        if true {
            len += 4;
        }
        if version >= 1 {
            len += string_len(false, self.client_id.as_deref());
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for RequestHeader {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.request_api_key = g.i16();
        }
        if true {
            this.request_api_version = g.i16();
        }
        if true {
            this.correlation_id = g.i32();
        }
        if version >= 1 {
            this.client_id = if version >= 1 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for RequestHeader {
    const NAME: &'static str = "RequestHeader";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}
