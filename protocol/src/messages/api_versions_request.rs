//! ApiVersionsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-5; flexible versions: 3+.
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
pub struct ApiVersionsRequest {
    /// Versions: 3+
    pub client_software_name: String,
    /// Versions: 3+
    pub client_software_version: String,
    /// Versions: 5+; nullable: 5+; default: null
    pub cluster_id: Option<String>,
    /// Versions: 5+; default: -1
    pub node_id: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ApiVersionsRequest {
    fn default() -> Self {
        Self {
            client_software_name: String::new(),
            client_software_version: String::new(),
            cluster_id: None,
            node_id: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ApiVersionsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ApiVersionsRequest",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 3 {
            this.client_software_name = read_string(buf, flexible, "ClientSoftwareName")?;
        }
        if version >= 3 {
            this.client_software_version = read_string(buf, flexible, "ClientSoftwareVersion")?;
        }
        if version >= 5 {
            this.cluster_id = read_nullable_string(buf, flexible, version >= 5, "ClusterId")?;
        }
        if version >= 5 {
            this.node_id = read_i32(buf)?;
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
                what: "ApiVersionsRequest",
                version,
            });
        }
        let flexible = version >= 3;
        if version >= 3 {
            write_string(buf, flexible, &self.client_software_name)?;
        } else {
        }
        if version >= 3 {
            write_string(buf, flexible, &self.client_software_version)?;
        } else {
        }
        if version >= 5 {
            write_nullable_string(
                buf,
                flexible,
                version >= 5,
                "ClusterId",
                self.cluster_id.as_deref(),
            )?;
        } else {
        }
        if version >= 5 {
            write_i32(buf, self.node_id);
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 3 {
            len += string_len(flexible, Some(&self.client_software_name));
        }
        if version >= 3 {
            len += string_len(flexible, Some(&self.client_software_version));
        }
        if version >= 5 {
            len += string_len(flexible, self.cluster_id.as_deref());
        }
        if version >= 5 {
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
impl Sample for ApiVersionsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 3 {
            this.client_software_name = g.string();
        }
        if version >= 3 {
            this.client_software_version = g.string();
        }
        if version >= 5 {
            this.cluster_id = if version >= 5 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 5 {
            this.node_id = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ApiVersionsRequest {
    const NAME: &'static str = "ApiVersionsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}
