//! DeleteAclsRequest (generated from Kafka's message spec; do not edit).
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
pub struct DeleteAclsRequest {
    /// Versions: 0+
    pub filters: Vec<DeleteAclsFilter>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DeleteAclsRequest {
    fn default() -> Self {
        Self {
            filters: Vec::<DeleteAclsFilter>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DeleteAclsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DeleteAclsRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.filters = read_array(buf, flexible, 1, "Filters", |b: &mut Bytes| {
                DeleteAclsFilter::decode(version, b)
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
                what: "DeleteAclsRequest",
                version,
            });
        }
        let flexible = version >= 2;
        write_array_len(buf, flexible, false, "Filters", Some(self.filters.len()))?;
        for e in self.filters.iter() {
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
            len += (array_len_len(flexible, Some(self.filters.len()))
                + self
                    .filters
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
impl Sample for DeleteAclsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.filters = g.vec(|g| DeleteAclsFilter::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DeleteAclsRequest {
    const NAME: &'static str = "DeleteAclsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeleteAclsFilter {
    /// Versions: 0+
    pub resource_type_filter: i8,
    /// Versions: 0+; nullable: 0+
    pub resource_name_filter: Option<String>,
    /// Versions: 1+; default: 3
    pub pattern_type_filter: i8,
    /// Versions: 0+; nullable: 0+
    pub principal_filter: Option<String>,
    /// Versions: 0+; nullable: 0+
    pub host_filter: Option<String>,
    /// Versions: 0+
    pub operation: i8,
    /// Versions: 0+
    pub permission_type: i8,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DeleteAclsFilter {
    fn default() -> Self {
        Self {
            resource_type_filter: 0,
            resource_name_filter: Some(String::new()),
            pattern_type_filter: 3,
            principal_filter: Some(String::new()),
            host_filter: Some(String::new()),
            operation: 0,
            permission_type: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DeleteAclsFilter {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.resource_type_filter = read_i8(buf)?;
        }
        if true {
            this.resource_name_filter =
                read_nullable_string(buf, flexible, true, "ResourceNameFilter")?;
        }
        if version >= 1 {
            this.pattern_type_filter = read_i8(buf)?;
        }
        if true {
            this.principal_filter = read_nullable_string(buf, flexible, true, "PrincipalFilter")?;
        }
        if true {
            this.host_filter = read_nullable_string(buf, flexible, true, "HostFilter")?;
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
        write_i8(buf, self.resource_type_filter);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ResourceNameFilter",
            self.resource_name_filter.as_deref(),
        )?;
        if version >= 1 {
            write_i8(buf, self.pattern_type_filter);
        } else {
            if self.pattern_type_filter != 3 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PatternTypeFilter",
                    version,
                });
            }
        }
        write_nullable_string(
            buf,
            flexible,
            true,
            "PrincipalFilter",
            self.principal_filter.as_deref(),
        )?;
        write_nullable_string(
            buf,
            flexible,
            true,
            "HostFilter",
            self.host_filter.as_deref(),
        )?;
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
            len += string_len(flexible, self.resource_name_filter.as_deref());
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += string_len(flexible, self.principal_filter.as_deref());
        }
        if true {
            len += string_len(flexible, self.host_filter.as_deref());
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
impl Sample for DeleteAclsFilter {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.resource_type_filter = g.i8();
        }
        if true {
            this.resource_name_filter = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 1 {
            this.pattern_type_filter = g.i8();
        }
        if true {
            this.principal_filter = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.host_filter = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
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
