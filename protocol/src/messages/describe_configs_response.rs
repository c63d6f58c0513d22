//! DescribeConfigsResponse (generated from Kafka's message spec; do not edit).
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
pub struct DescribeConfigsResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub results: Vec<DescribeConfigsResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeConfigsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            results: Vec::<DescribeConfigsResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeConfigsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeConfigsResponse",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.results = read_array(buf, flexible, 1, "Results", |b: &mut Bytes| {
                DescribeConfigsResult::decode(version, b)
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
                what: "DescribeConfigsResponse",
                version,
            });
        }
        let flexible = version >= 4;
        write_i32(buf, self.throttle_time_ms);
        write_array_len(buf, flexible, false, "Results", Some(self.results.len()))?;
        for e in self.results.iter() {
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.results.len()))
                + self
                    .results
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
impl Sample for DescribeConfigsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.results = g.vec(|g| DescribeConfigsResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeConfigsResponse {
    const NAME: &'static str = "DescribeConfigsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 4 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeConfigsResult {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+
    pub error_message: Option<String>,
    /// Versions: 0+
    pub resource_type: i8,
    /// Versions: 0+
    pub resource_name: String,
    /// Versions: 0+
    pub configs: Vec<DescribeConfigsResourceResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeConfigsResult {
    fn default() -> Self {
        Self {
            error_code: 0,
            error_message: Some(String::new()),
            resource_type: 0,
            resource_name: String::new(),
            configs: Vec::<DescribeConfigsResourceResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeConfigsResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.resource_type = read_i8(buf)?;
        }
        if true {
            this.resource_name = read_string(buf, flexible, "ResourceName")?;
        }
        if true {
            this.configs = read_array(buf, flexible, 1, "Configs", |b: &mut Bytes| {
                DescribeConfigsResourceResult::decode(version, b)
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
        let flexible = version >= 4;
        write_i16(buf, self.error_code);
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += string_len(flexible, self.error_message.as_deref());
        }
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
impl Sample for DescribeConfigsResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
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
        if true {
            this.resource_type = g.i8();
        }
        if true {
            this.resource_name = g.string();
        }
        if true {
            this.configs = g.vec(|g| DescribeConfigsResourceResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeConfigsResourceResult {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+; nullable: 0+
    pub value: Option<String>,
    /// Versions: 0+
    pub read_only: bool,
    /// Versions: 1+; default: -1
    pub config_source: i8,
    /// Versions: 0+
    pub is_sensitive: bool,
    /// Versions: 1+
    pub synonyms: Vec<DescribeConfigsSynonym>,
    /// Versions: 3+; default: 0
    pub config_type: i8,
    /// Versions: 3+; nullable: 0+
    pub documentation: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeConfigsResourceResult {
    fn default() -> Self {
        Self {
            name: String::new(),
            value: Some(String::new()),
            read_only: false,
            config_source: -1,
            is_sensitive: false,
            synonyms: Vec::<DescribeConfigsSynonym>::new(),
            config_type: 0,
            documentation: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeConfigsResourceResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.value = read_nullable_string(buf, flexible, true, "Value")?;
        }
        if true {
            this.read_only = read_bool(buf)?;
        }
        if version >= 1 {
            this.config_source = read_i8(buf)?;
        }
        if true {
            this.is_sensitive = read_bool(buf)?;
        }
        if version >= 1 {
            this.synonyms = read_array(buf, flexible, 1, "Synonyms", |b: &mut Bytes| {
                DescribeConfigsSynonym::decode(version, b)
            })?;
        }
        if version >= 3 {
            this.config_type = read_i8(buf)?;
        }
        if version >= 3 {
            this.documentation = read_nullable_string(buf, flexible, true, "Documentation")?;
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
        write_string(buf, flexible, &self.name)?;
        write_nullable_string(buf, flexible, true, "Value", self.value.as_deref())?;
        write_bool(buf, self.read_only);
        if version >= 1 {
            write_i8(buf, self.config_source);
        } else {
        }
        write_bool(buf, self.is_sensitive);
        if version >= 1 {
            write_array_len(buf, flexible, false, "Synonyms", Some(self.synonyms.len()))?;
            for e in self.synonyms.iter() {
                e.encode(version, buf)?;
            }
        } else {
        }
        if version >= 3 {
            write_i8(buf, self.config_type);
        } else {
        }
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                true,
                "Documentation",
                self.documentation.as_deref(),
            )?;
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += string_len(flexible, self.value.as_deref());
        }
        if true {
            len += 1;
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += 1;
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.synonyms.len()))
                + self
                    .synonyms
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 3 {
            len += 1;
        }
        if version >= 3 {
            len += string_len(flexible, self.documentation.as_deref());
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
impl Sample for DescribeConfigsResourceResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.value = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.read_only = g.bool();
        }
        if version >= 1 {
            this.config_source = g.i8();
        }
        if true {
            this.is_sensitive = g.bool();
        }
        if version >= 1 {
            this.synonyms = g.vec(|g| DescribeConfigsSynonym::sample(version, g));
        }
        if version >= 3 {
            this.config_type = g.i8();
        }
        if version >= 3 {
            this.documentation = if true && g.null() {
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

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeConfigsSynonym {
    /// Versions: 1+
    pub name: String,
    /// Versions: 1+; nullable: 0+
    pub value: Option<String>,
    /// Versions: 1+
    pub source: i8,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeConfigsSynonym {
    fn default() -> Self {
        Self {
            name: String::new(),
            value: Some(String::new()),
            source: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeConfigsSynonym {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 1 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 1 {
            this.value = read_nullable_string(buf, flexible, true, "Value")?;
        }
        if version >= 1 {
            this.source = read_i8(buf)?;
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
        if version >= 1 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 1 {
            write_nullable_string(buf, flexible, true, "Value", self.value.as_deref())?;
        } else {
            if self.value != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Value",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i8(buf, self.source);
        } else {
            if self.source != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Source",
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
        if version >= 1 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 1 {
            len += string_len(flexible, self.value.as_deref());
        }
        if version >= 1 {
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
impl Sample for DescribeConfigsSynonym {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 1 {
            this.name = g.string();
        }
        if version >= 1 {
            this.value = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 1 {
            this.source = g.i8();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
