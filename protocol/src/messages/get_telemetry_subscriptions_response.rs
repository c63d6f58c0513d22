//! GetTelemetrySubscriptionsResponse (generated from Kafka's message spec; do not edit).
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
pub struct GetTelemetrySubscriptionsResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub client_instance_id: Uuid,
    /// Versions: 0+
    pub subscription_id: i32,
    /// Versions: 0+
    pub accepted_compression_types: Vec<i8>,
    /// Versions: 0+
    pub push_interval_ms: i32,
    /// Versions: 0+
    pub telemetry_max_bytes: i32,
    /// Versions: 0+
    pub delta_temporality: bool,
    /// Versions: 0+
    pub requested_metrics: Vec<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for GetTelemetrySubscriptionsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            client_instance_id: Uuid::nil(),
            subscription_id: 0,
            accepted_compression_types: Vec::<i8>::new(),
            push_interval_ms: 0,
            telemetry_max_bytes: 0,
            delta_temporality: false,
            requested_metrics: Vec::<String>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for GetTelemetrySubscriptionsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "GetTelemetrySubscriptionsResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.client_instance_id = read_uuid(buf)?;
        }
        if true {
            this.subscription_id = read_i32(buf)?;
        }
        if true {
            this.accepted_compression_types =
                read_array(buf, flexible, 1, "AcceptedCompressionTypes", read_i8)?;
        }
        if true {
            this.push_interval_ms = read_i32(buf)?;
        }
        if true {
            this.telemetry_max_bytes = read_i32(buf)?;
        }
        if true {
            this.delta_temporality = read_bool(buf)?;
        }
        if true {
            this.requested_metrics =
                read_array(buf, flexible, 1, "RequestedMetrics", |b: &mut Bytes| {
                    read_string(b, flexible, "RequestedMetrics")
                })?;
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
                what: "GetTelemetrySubscriptionsResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_i16(buf, self.error_code);
        write_uuid(buf, &self.client_instance_id);
        write_i32(buf, self.subscription_id);
        write_array_len(
            buf,
            flexible,
            false,
            "AcceptedCompressionTypes",
            Some(self.accepted_compression_types.len()),
        )?;
        for e in self.accepted_compression_types.iter() {
            write_i8(buf, *e);
        }
        write_i32(buf, self.push_interval_ms);
        write_i32(buf, self.telemetry_max_bytes);
        write_bool(buf, self.delta_temporality);
        write_array_len(
            buf,
            flexible,
            false,
            "RequestedMetrics",
            Some(self.requested_metrics.len()),
        )?;
        for e in self.requested_metrics.iter() {
            write_string(buf, flexible, e)?;
        }
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
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += 16;
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.accepted_compression_types.len()))
                + self.accepted_compression_types.len() * 1);
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 1;
        }
        if true {
            len += (array_len_len(flexible, Some(self.requested_metrics.len()))
                + self
                    .requested_metrics
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
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
impl Sample for GetTelemetrySubscriptionsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.client_instance_id = g.uuid();
        }
        if true {
            this.subscription_id = g.i32();
        }
        if true {
            this.accepted_compression_types = g.vec(|g| g.i8());
        }
        if true {
            this.push_interval_ms = g.i32();
        }
        if true {
            this.telemetry_max_bytes = g.i32();
        }
        if true {
            this.delta_temporality = g.bool();
        }
        if true {
            this.requested_metrics = g.vec(|g| g.string());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for GetTelemetrySubscriptionsResponse {
    const NAME: &'static str = "GetTelemetrySubscriptionsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
