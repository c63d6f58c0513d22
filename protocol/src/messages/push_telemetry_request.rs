//! PushTelemetryRequest (generated from Kafka's message spec; do not edit).
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
pub struct PushTelemetryRequest {
    /// Versions: 0+
    pub client_instance_id: Uuid,
    /// Versions: 0+
    pub subscription_id: i32,
    /// Versions: 0+
    pub terminating: bool,
    /// Versions: 0+
    pub compression_type: i8,
    /// Versions: 0+
    pub metrics: Bytes,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PushTelemetryRequest {
    fn default() -> Self {
        Self {
            client_instance_id: Uuid::nil(),
            subscription_id: 0,
            terminating: false,
            compression_type: 0,
            metrics: Bytes::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PushTelemetryRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "PushTelemetryRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.client_instance_id = read_uuid(buf)?;
        }
        if true {
            this.subscription_id = read_i32(buf)?;
        }
        if true {
            this.terminating = read_bool(buf)?;
        }
        if true {
            this.compression_type = read_i8(buf)?;
        }
        if true {
            this.metrics = read_bytes(buf, flexible, "Metrics")?;
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
                what: "PushTelemetryRequest",
                version,
            });
        }
        let flexible = true;
        write_uuid(buf, &self.client_instance_id);
        write_i32(buf, self.subscription_id);
        write_bool(buf, self.terminating);
        write_i8(buf, self.compression_type);
        write_bytes(buf, flexible, &self.metrics)?;
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
            len += 16;
        }
        if true {
            len += 4;
        }
        if true {
            len += 1;
        }
        if true {
            len += 1;
        }
        if true {
            len += bytes_len(flexible, Some(&self.metrics));
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
impl Sample for PushTelemetryRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.client_instance_id = g.uuid();
        }
        if true {
            this.subscription_id = g.i32();
        }
        if true {
            this.terminating = g.bool();
        }
        if true {
            this.compression_type = g.i8();
        }
        if true {
            this.metrics = g.bytes();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for PushTelemetryRequest {
    const NAME: &'static str = "PushTelemetryRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
