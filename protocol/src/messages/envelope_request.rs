//! EnvelopeRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-0; flexible versions: 0+.
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
pub struct EnvelopeRequest {
    /// Versions: 0+
    pub request_data: Bytes,
    /// Versions: 0+; nullable: 0+
    pub request_principal: Option<Bytes>,
    /// Versions: 0+
    pub client_host_address: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for EnvelopeRequest {
    fn default() -> Self {
        Self {
            request_data: Bytes::new(),
            request_principal: Some(Bytes::new()),
            client_host_address: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for EnvelopeRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "EnvelopeRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.request_data = read_bytes(buf, flexible, "RequestData")?;
        }
        if true {
            this.request_principal = read_nullable_bytes(buf, flexible, true, "RequestPrincipal")?;
        }
        if true {
            this.client_host_address = read_bytes(buf, flexible, "ClientHostAddress")?;
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
                what: "EnvelopeRequest",
                version,
            });
        }
        let flexible = true;
        write_bytes(buf, flexible, &self.request_data)?;
        write_nullable_bytes(
            buf,
            flexible,
            true,
            "RequestPrincipal",
            self.request_principal.as_deref(),
        )?;
        write_bytes(buf, flexible, &self.client_host_address)?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += bytes_len(flexible, Some(&self.request_data));
        }
        if true {
            len += bytes_len(flexible, self.request_principal.as_deref());
        }
        if true {
            len += bytes_len(flexible, Some(&self.client_host_address));
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
impl Sample for EnvelopeRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.request_data = g.bytes();
        }
        if true {
            this.request_principal = if true && g.null() {
                None
            } else {
                Some(g.bytes())
            };
        }
        if true {
            this.client_host_address = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for EnvelopeRequest {
    const NAME: &'static str = "EnvelopeRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
