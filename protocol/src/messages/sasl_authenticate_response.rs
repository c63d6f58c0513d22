//! SaslAuthenticateResponse (generated from Kafka's message spec; do not edit).
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
pub struct SaslAuthenticateResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+
    pub error_message: Option<String>,
    /// Versions: 0+
    pub auth_bytes: Bytes,
    /// Versions: 1+; default: 0
    pub session_lifetime_ms: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for SaslAuthenticateResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            error_message: Some(String::new()),
            auth_bytes: Bytes::new(),
            session_lifetime_ms: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for SaslAuthenticateResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "SaslAuthenticateResponse",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.auth_bytes = read_bytes(buf, flexible, "AuthBytes")?;
        }
        if version >= 1 {
            this.session_lifetime_ms = read_i64(buf)?;
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
                what: "SaslAuthenticateResponse",
                version,
            });
        }
        let flexible = version >= 2;
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        write_bytes(buf, flexible, &self.auth_bytes)?;
        if version >= 1 {
            write_i64(buf, self.session_lifetime_ms);
        } else {
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
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += bytes_len(flexible, Some(&self.auth_bytes));
        }
        if version >= 1 {
            len += 8;
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
impl Sample for SaslAuthenticateResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.error_message = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.auth_bytes = g.bytes();
        }
        if version >= 1 {
            this.session_lifetime_ms = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for SaslAuthenticateResponse {
    const NAME: &'static str = "SaslAuthenticateResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}
