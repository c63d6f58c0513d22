//! DescribeConfigsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-4; flexible versions: 4+.
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
pub struct DescribeConfigsRequest {
    /// Versions: 0+
    pub resources: Vec<DescribeConfigsResource>,
    /// Versions: 1+; default: false
    pub include_synonyms: bool,
    /// Versions: 3+; default: false
    pub include_documentation: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeConfigsRequest {
    fn default() -> Self {
        Self {
            resources: Vec::<DescribeConfigsResource>::new(),
            include_synonyms: false,
            include_documentation: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeConfigsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeConfigsRequest",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.resources = read_array(buf, flexible, 1, "Resources", |b: &mut Bytes| {
                DescribeConfigsResource::decode(version, b)
            })?;
        }
        if version >= 1 {
            this.include_synonyms = read_bool(buf)?;
        }
        if version >= 3 {
            this.include_documentation = read_bool(buf)?;
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
                what: "DescribeConfigsRequest",
                version,
            });
        }
        let flexible = version >= 4;
        write_array_len(
            buf,
            flexible,
            false,
            "Resources",
            Some(self.resources.len()),
        )?;
        for e in self.resources.iter() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_bool(buf, self.include_synonyms);
        } else {
            if self.include_synonyms != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IncludeSynonyms",
                    version,
                });
            }
        }
        if version >= 3 {
            write_bool(buf, self.include_documentation);
        } else {
            if self.include_documentation != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IncludeDocumentation",
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, Some(self.resources.len()))
                + self
                    .resources
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 1;
        }
        if version >= 3 {
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
impl Sample for DescribeConfigsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.resources = g.vec(|g| DescribeConfigsResource::sample(version, g));
        }
        if version >= 1 {
            this.include_synonyms = g.bool();
        }
        if version >= 3 {
            this.include_documentation = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeConfigsRequest {
    const NAME: &'static str = "DescribeConfigsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 4 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeConfigsResource {
    /// Versions: 0+
    pub resource_type: i8,
    /// Versions: 0+
    pub resource_name: String,
    /// Versions: 0+; nullable: 0+
    pub configuration_keys: Option<Vec<String>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeConfigsResource {
    fn default() -> Self {
        Self {
            resource_type: 0,
            resource_name: String::new(),
            configuration_keys: Some(Vec::<String>::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeConfigsResource {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.resource_type = read_i8(buf)?;
        }
        if true {
            this.resource_name = read_string(buf, flexible, "ResourceName")?;
        }
        if true {
            this.configuration_keys = read_nullable_array(
                buf,
                flexible,
                true,
                1,
                "ConfigurationKeys",
                |b: &mut Bytes| read_string(b, flexible, "ConfigurationKeys"),
            )?;
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
        let flexible = version >= 4;
        write_i8(buf, self.resource_type);
        write_string(buf, flexible, &self.resource_name)?;
        write_array_len(
            buf,
            flexible,
            true,
            "ConfigurationKeys",
            self.configuration_keys.as_ref().map(Vec::len),
        )?;
        for e in self.configuration_keys.iter().flatten() {
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.resource_name));
        }
        if true {
            len += (array_len_len(flexible, self.configuration_keys.as_ref().map(Vec::len))
                + self
                    .configuration_keys
                    .iter()
                    .flatten()
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
impl Sample for DescribeConfigsResource {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.resource_type = g.i8();
        }
        if true {
            this.resource_name = g.string();
        }
        if true {
            this.configuration_keys = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| g.string()))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
