//! CreateTopicsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 2-7; flexible versions: 5+.
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
pub struct CreateTopicsResponse {
    /// Versions: 2+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub topics: Vec<CreatableTopicResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreateTopicsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            topics: Vec::<CreatableTopicResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreateTopicsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "CreateTopicsResponse",
                version,
            });
        }
        let flexible = version >= 5;
        let mut this = Self::default();
        if version >= 2 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                CreatableTopicResult::decode(version, b)
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
                what: "CreateTopicsResponse",
                version,
            });
        }
        let flexible = version >= 5;
        if version >= 2 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
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
        let flexible = version >= 5;
        let mut len = 0usize;
        if version >= 2 {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
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
impl Sample for CreateTopicsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if version >= 2 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.topics = g.vec(|g| CreatableTopicResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for CreateTopicsResponse {
    const NAME: &'static str = "CreateTopicsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 2, max: 7 };
    const FLEXIBLE_MIN: Option<i16> = Some(5);
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatableTopicResult {
    /// Versions: 0+
    pub name: String,
    /// Versions: 7+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 1+; nullable: 0+
    pub error_message: Option<String>,
    /// Versions: 5+; tag 0 in 5+
    pub topic_config_error_code: i16,
    /// Versions: 5+; default: -1
    pub num_partitions: i32,
    /// Versions: 5+; default: -1
    pub replication_factor: i16,
    /// Versions: 5+; nullable: 5+
    pub configs: Option<Vec<CreatableTopicConfigs>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatableTopicResult {
    fn default() -> Self {
        Self {
            name: String::new(),
            topic_id: Uuid::nil(),
            error_code: 0,
            error_message: Some(String::new()),
            topic_config_error_code: 0,
            num_partitions: -1,
            replication_factor: -1,
            configs: Some(Vec::<CreatableTopicConfigs>::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatableTopicResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 7 {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 1 {
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if version >= 5 {
            this.num_partitions = read_i32(buf)?;
        }
        if version >= 5 {
            this.replication_factor = read_i16(buf)?;
        }
        if version >= 5 {
            this.configs = read_nullable_array(
                buf,
                flexible,
                version >= 5,
                1,
                "Configs",
                |b: &mut Bytes| CreatableTopicConfigs::decode(version, b),
            )?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 5 => {
                        this.topic_config_error_code = read_i16(&mut body)?;
                    }
                    _ => this
                        .unknown_tagged_fields
                        .push(RawTaggedField { tag, data: body }),
                }
            }
        }
        Ok(this)
    }

    fn encode(&self, version: i16, buf: &mut BytesMut) -> Result<(), EncodeError> {
        let flexible = version >= 5;
        write_string(buf, flexible, &self.name)?;
        if version >= 7 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        write_i16(buf, self.error_code);
        if version >= 1 {
            write_nullable_string(
                buf,
                flexible,
                true,
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
        }
        if version >= 5 {
            write_i32(buf, self.num_partitions);
        } else {
        }
        if version >= 5 {
            write_i16(buf, self.replication_factor);
        } else {
        }
        if version >= 5 {
            write_array_len(
                buf,
                flexible,
                version >= 5,
                "Configs",
                self.configs.as_ref().map(Vec::len),
            )?;
            for e in self.configs.iter().flatten() {
                e.encode(version, buf)?;
            }
        } else {
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 5 && self.topic_config_error_code != 0 {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 5 && self.topic_config_error_code != 0 {
                write_uvarint(buf, 0);
                write_uvarint(buf, (2) as u32);
                write_i16(buf, self.topic_config_error_code);
            } else {
                if !(version >= 5) {}
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 5;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 7 {
            len += 16;
        }
        if true {
            len += 2;
        }
        if version >= 1 {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if version >= 5 {
            len += 4;
        }
        if version >= 5 {
            len += 2;
        }
        if version >= 5 {
            len += (array_len_len(flexible, self.configs.as_ref().map(Vec::len))
                + self
                    .configs
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 5 && self.topic_config_error_code != 0 {
                count += 1;
                let n = 2;
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for CreatableTopicResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if version >= 7 {
            this.topic_id = g.uuid();
        }
        if true {
            this.error_code = g.i16();
        }
        if version >= 1 {
            this.error_message = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if flexible && version >= 5 {
            this.topic_config_error_code = g.i16();
        }
        if version >= 5 {
            this.num_partitions = g.i32();
        }
        if version >= 5 {
            this.replication_factor = g.i16();
        }
        if version >= 5 {
            this.configs = if version >= 5 && g.null() {
                None
            } else {
                Some(g.vec(|g| CreatableTopicConfigs::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatableTopicConfigs {
    /// Versions: 5+
    pub name: String,
    /// Versions: 5+; nullable: 5+
    pub value: Option<String>,
    /// Versions: 5+
    pub read_only: bool,
    /// Versions: 5+; default: -1
    pub config_source: i8,
    /// Versions: 5+
    pub is_sensitive: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatableTopicConfigs {
    fn default() -> Self {
        Self {
            name: String::new(),
            value: Some(String::new()),
            read_only: false,
            config_source: -1,
            is_sensitive: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatableTopicConfigs {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if version >= 5 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 5 {
            this.value = read_nullable_string(buf, flexible, version >= 5, "Value")?;
        }
        if version >= 5 {
            this.read_only = read_bool(buf)?;
        }
        if version >= 5 {
            this.config_source = read_i8(buf)?;
        }
        if version >= 5 {
            this.is_sensitive = read_bool(buf)?;
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
        let flexible = version >= 5;
        if version >= 5 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 5 {
            write_nullable_string(buf, flexible, version >= 5, "Value", self.value.as_deref())?;
        } else {
            if self.value != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Value",
                    version,
                });
            }
        }
        if version >= 5 {
            write_bool(buf, self.read_only);
        } else {
            if self.read_only != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ReadOnly",
                    version,
                });
            }
        }
        if version >= 5 {
            write_i8(buf, self.config_source);
        } else {
        }
        if version >= 5 {
            write_bool(buf, self.is_sensitive);
        } else {
            if self.is_sensitive != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IsSensitive",
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
        let flexible = version >= 5;
        let mut len = 0usize;
        if version >= 5 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 5 {
            len += string_len(flexible, self.value.as_deref());
        }
        if version >= 5 {
            len += 1;
        }
        if version >= 5 {
            len += 1;
        }
        if version >= 5 {
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
impl Sample for CreatableTopicConfigs {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if version >= 5 {
            this.name = g.string();
        }
        if version >= 5 {
            this.value = if version >= 5 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 5 {
            this.read_only = g.bool();
        }
        if version >= 5 {
            this.config_source = g.i8();
        }
        if version >= 5 {
            this.is_sensitive = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
