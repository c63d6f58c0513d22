//! SaslAuthenticateRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 2+.
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
pub struct SaslAuthenticateRequest {
    /// Versions: 0+
    pub auth_bytes: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for SaslAuthenticateRequest {
    fn default() -> Self {
        Self {
            auth_bytes: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for SaslAuthenticateRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "SaslAuthenticateRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.auth_bytes = read_bytes(buf, flexible, "AuthBytes")?;
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
                what: "SaslAuthenticateRequest",
                version,
            });
        }
        let flexible = version >= 2;
        write_bytes(buf, flexible, &self.auth_bytes)?;
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
            len += bytes_len(flexible, Some(&self.auth_bytes));
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
impl Sample for SaslAuthenticateRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.auth_bytes = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for SaslAuthenticateRequest {
    const NAME: &'static str = "SaslAuthenticateRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}
