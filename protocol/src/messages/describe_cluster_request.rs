//! DescribeClusterRequest (generated from Kafka's message spec; do not edit).
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
pub struct DescribeClusterRequest {
    /// Versions: 0+
    pub include_cluster_authorized_operations: bool,
    /// Versions: 1+; default: 1
    pub endpoint_type: i8,
    /// Versions: 2+
    pub include_fenced_brokers: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeClusterRequest {
    fn default() -> Self {
        Self {
            include_cluster_authorized_operations: false,
            endpoint_type: 1,
            include_fenced_brokers: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeClusterRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeClusterRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.include_cluster_authorized_operations = read_bool(buf)?;
        }
        if version >= 1 {
            this.endpoint_type = read_i8(buf)?;
        }
        if version >= 2 {
            this.include_fenced_brokers = read_bool(buf)?;
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
                what: "DescribeClusterRequest",
                version,
            });
        }
        let flexible = true;
        write_bool(buf, self.include_cluster_authorized_operations);
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
        if version >= 2 {
            write_bool(buf, self.include_fenced_brokers);
        } else {
            if self.include_fenced_brokers != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IncludeFencedBrokers",
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
            len += 1;
        }
        if version >= 1 {
            len += 1;
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
impl Sample for DescribeClusterRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.include_cluster_authorized_operations = g.bool();
        }
        if version >= 1 {
            this.endpoint_type = g.i8();
        }
        if version >= 2 {
            this.include_fenced_brokers = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeClusterRequest {
    const NAME: &'static str = "DescribeClusterRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
