//! CreateAclsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-3; flexible versions: 2+.
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
pub struct CreateAclsRequest {
    /// Versions: 0+
    pub creations: Vec<AclCreation>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreateAclsRequest {
    fn default() -> Self {
        Self {
            creations: Vec::<AclCreation>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreateAclsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "CreateAclsRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.creations = read_array(buf, flexible, 1, "Creations", |b: &mut Bytes| {
                AclCreation::decode(version, b)
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
                what: "CreateAclsRequest",
                version,
            });
        }
        let flexible = version >= 2;
        write_array_len(
            buf,
            flexible,
            false,
            "Creations",
            Some(self.creations.len()),
        )?;
        for e in self.creations.iter() {
            e.encode(version, buf)?;
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
            len += (array_len_len(flexible, Some(self.creations.len()))
                + self
                    .creations
                    .iter()
                    .map(|e| e.encoded_len(version))
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
impl Sample for CreateAclsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.creations = g.vec(|g| AclCreation::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for CreateAclsRequest {
    const NAME: &'static str = "CreateAclsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct AclCreation {
    /// Versions: 0+
    pub resource_type: i8,
    /// Versions: 0+
    pub resource_name: String,
    /// Versions: 1+; default: 3
    pub resource_pattern_type: i8,
    /// Versions: 0+
    pub principal: String,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub operation: i8,
    /// Versions: 0+
    pub permission_type: i8,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AclCreation {
    fn default() -> Self {
        Self {
            resource_type: 0,
            resource_name: String::new(),
            resource_pattern_type: 3,
            principal: String::new(),
            host: String::new(),
            operation: 0,
            permission_type: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AclCreation {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.resource_type = read_i8(buf)?;
        }
        if true {
            this.resource_name = read_string(buf, flexible, "ResourceName")?;
        }
        if version >= 1 {
            this.resource_pattern_type = read_i8(buf)?;
        }
        if true {
            this.principal = read_string(buf, flexible, "Principal")?;
        }
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.operation = read_i8(buf)?;
        }
        if true {
            this.permission_type = read_i8(buf)?;
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
        let flexible = version >= 2;
        write_i8(buf, self.resource_type);
        write_string(buf, flexible, &self.resource_name)?;
        if version >= 1 {
            write_i8(buf, self.resource_pattern_type);
        } else {
            if self.resource_pattern_type != 3 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ResourcePatternType",
                    version,
                });
            }
        }
        write_string(buf, flexible, &self.principal)?;
        write_string(buf, flexible, &self.host)?;
        write_i8(buf, self.operation);
        write_i8(buf, self.permission_type);
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
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.resource_name));
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.principal));
        }
        if true {
            len += string_len(flexible, Some(&self.host));
        }
        if true {
            len += 1;
        }
        if true {
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
impl Sample for AclCreation {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.resource_type = g.i8();
        }
        if true {
            this.resource_name = g.string();
        }
        if version >= 1 {
            this.resource_pattern_type = g.i8();
        }
        if true {
            this.principal = g.string();
        }
        if true {
            this.host = g.string();
        }
        if true {
            this.operation = g.i8();
        }
        if true {
            this.permission_type = g.i8();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
