//! DescribeClusterResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 0+.
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
pub struct DescribeClusterResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+; default: null
    pub error_message: Option<String>,
    /// Versions: 1+; default: 1
    pub endpoint_type: i8,
    /// Versions: 0+
    pub cluster_id: String,
    /// Versions: 0+; default: -1
    pub controller_id: i32,
    /// Versions: 0+
    pub brokers: Vec<DescribeClusterBroker>,
    /// Versions: 0+; default: -2147483648
    pub cluster_authorized_operations: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeClusterResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            error_message: None,
            endpoint_type: 1,
            cluster_id: String::new(),
            controller_id: -1,
            brokers: Vec::<DescribeClusterBroker>::new(),
            cluster_authorized_operations: -2147483648,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeClusterResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeClusterResponse",
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
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if version >= 1 {
            this.endpoint_type = read_i8(buf)?;
        }
        if true {
            this.cluster_id = read_string(buf, flexible, "ClusterId")?;
        }
        if true {
            this.controller_id = read_i32(buf)?;
        }
        if true {
            this.brokers = read_array(buf, flexible, 1, "Brokers", |b: &mut Bytes| {
                DescribeClusterBroker::decode(version, b)
            })?;
        }
        if true {
            this.cluster_authorized_operations = read_i32(buf)?;
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
                what: "DescribeClusterResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        if version >= 1 {
            write_i8(buf, self.endpoint_type);
        } else {
            if self.endpoint_type != 1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "EndpointType",
                    version,
                });
            }
        }
        write_string(buf, flexible, &self.cluster_id)?;
        write_i32(buf, self.controller_id);
        write_array_len(buf, flexible, false, "Brokers", Some(self.brokers.len()))?;
        for e in self.brokers.iter() {
            e.encode(version, buf)?;
        }
        write_i32(buf, self.cluster_authorized_operations);
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
            len += string_len(flexible, self.error_message.as_deref());
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.cluster_id));
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.brokers.len()))
                + self
                    .brokers
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += 4;
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
impl Sample for DescribeClusterResponse {
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
            this.error_message = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 1 {
            this.endpoint_type = g.i8();
        }
        if true {
            this.cluster_id = g.string();
        }
        if true {
            this.controller_id = g.i32();
        }
        if true {
            this.brokers = g.vec(|g| DescribeClusterBroker::sample(version, g));
        }
        if true {
            this.cluster_authorized_operations = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeClusterResponse {
    const NAME: &'static str = "DescribeClusterResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeClusterBroker {
    /// Versions: 0+
    pub broker_id: i32,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub rack: Option<String>,
    /// Versions: 2+
    pub is_fenced: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeClusterBroker {
    fn default() -> Self {
        Self {
            broker_id: 0,
            host: String::new(),
            port: 0,
            rack: None,
            is_fenced: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeClusterBroker {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.broker_id = read_i32(buf)?;
        }
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.port = read_i32(buf)?;
        }
        if true {
            this.rack = read_nullable_string(buf, flexible, true, "Rack")?;
        }
        if version >= 2 {
            this.is_fenced = read_bool(buf)?;
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
        let flexible = true;
        write_i32(buf, self.broker_id);
        write_string(buf, flexible, &self.host)?;
        write_i32(buf, self.port);
        write_nullable_string(buf, flexible, true, "Rack", self.rack.as_deref())?;
        if version >= 2 {
            write_bool(buf, self.is_fenced);
        } else {
            if self.is_fenced != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IsFenced",
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.host));
        }
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, self.rack.as_deref());
        }
        if version >= 2 {
            len += 1;
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
impl Sample for DescribeClusterBroker {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.broker_id = g.i32();
        }
        if true {
            this.host = g.string();
        }
        if true {
            this.port = g.i32();
        }
        if true {
            this.rack = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 2 {
            this.is_fenced = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
