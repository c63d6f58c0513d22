//! IncrementalAlterConfigsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-1; flexible versions: 1+.
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
pub struct IncrementalAlterConfigsRequest {
    /// Versions: 0+
    pub resources: Vec<AlterConfigsResource>,
    /// Versions: 0+
    pub validate_only: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for IncrementalAlterConfigsRequest {
    fn default() -> Self {
        Self {
            resources: Vec::<AlterConfigsResource>::new(),
            validate_only: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for IncrementalAlterConfigsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "IncrementalAlterConfigsRequest",
                version,
            });
        }
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.resources = read_array(buf, flexible, 1, "Resources", |b: &mut Bytes| {
                AlterConfigsResource::decode(version, b)
            })?;
        }
        if true {
            this.validate_only = read_bool(buf)?;
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
                what: "IncrementalAlterConfigsRequest",
                version,
            });
        }
        let flexible = version >= 1;
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
        write_bool(buf, self.validate_only);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, Some(self.resources.len()))
                + self
                    .resources
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
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
impl Sample for IncrementalAlterConfigsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.resources = g.vec(|g| AlterConfigsResource::sample(version, g));
        }
        if true {
            this.validate_only = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for IncrementalAlterConfigsRequest {
    const NAME: &'static str = "IncrementalAlterConfigsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(1);
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlterConfigsResource {
    /// Versions: 0+
    pub resource_type: i8,
    /// Versions: 0+
    pub resource_name: String,
    /// Versions: 0+
    pub configs: Vec<AlterableConfig>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AlterConfigsResource {
    fn default() -> Self {
        Self {
            resource_type: 0,
            resource_name: String::new(),
            configs: Vec::<AlterableConfig>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AlterConfigsResource {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.resource_type = read_i8(buf)?;
        }
        if true {
            this.resource_name = read_string(buf, flexible, "ResourceName")?;
        }
        if true {
            this.configs = read_array(buf, flexible, 1, "Configs", |b: &mut Bytes| {
                AlterableConfig::decode(version, b)
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
        let flexible = version >= 1;
        write_i8(buf, self.resource_type);
        write_string(buf, flexible, &self.resource_name)?;
        write_array_len(buf, flexible, false, "Configs", Some(self.configs.len()))?;
        for e in self.configs.iter() {
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
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += 1;
        }
        if true {
            len += string_len(flexible, Some(&self.resource_name));
        }
        if true {
            len += (array_len_len(flexible, Some(self.configs.len()))
                + self
                    .configs
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
impl Sample for AlterConfigsResource {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.resource_type = g.i8();
        }
        if true {
            this.resource_name = g.string();
        }
        if true {
            this.configs = g.vec(|g| AlterableConfig::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AlterableConfig {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub config_operation: i8,
    /// Versions: 0+; nullable: 0+
    pub value: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AlterableConfig {
    fn default() -> Self {
        Self {
            name: String::new(),
            config_operation: 0,
            value: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AlterableConfig {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.config_operation = read_i8(buf)?;
        }
        if true {
            this.value = read_nullable_string(buf, flexible, true, "Value")?;
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
        let flexible = version >= 1;
        write_string(buf, flexible, &self.name)?;
        write_i8(buf, self.config_operation);
        write_nullable_string(buf, flexible, true, "Value", self.value.as_deref())?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += 1;
        }
        if true {
            len += string_len(flexible, self.value.as_deref());
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
impl Sample for AlterableConfig {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.config_operation = g.i8();
        }
        if true {
            this.value = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
