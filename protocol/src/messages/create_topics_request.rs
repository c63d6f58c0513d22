//! CreateTopicsRequest (generated from Kafka's message spec; do not edit).
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
pub struct CreateTopicsRequest {
    /// Versions: 0+
    pub topics: Vec<CreatableTopic>,
    /// Versions: 0+; default: 60000
    pub timeout_ms: i32,
    /// Versions: 1+; default: false
    pub validate_only: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreateTopicsRequest {
    fn default() -> Self {
        Self {
            topics: Vec::<CreatableTopic>::new(),
            timeout_ms: 60000,
            validate_only: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreateTopicsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "CreateTopicsRequest",
                version,
            });
        }
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                CreatableTopic::decode(version, b)
            })?;
        }
        if true {
            this.timeout_ms = read_i32(buf)?;
        }
        if version >= 1 {
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
                what: "CreateTopicsRequest",
                version,
            });
        }
        let flexible = version >= 5;
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        write_i32(buf, self.timeout_ms);
        if version >= 1 {
            write_bool(buf, self.validate_only);
        } else {
            if self.validate_only != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "validateOnly",
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
        if true {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += 4;
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
impl Sample for CreateTopicsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.topics = g.vec(|g| CreatableTopic::sample(version, g));
        }
        if true {
            this.timeout_ms = g.i32();
        }
        if version >= 1 {
            this.validate_only = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for CreateTopicsRequest {
    const NAME: &'static str = "CreateTopicsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 2, max: 7 };
    const FLEXIBLE_MIN: Option<i16> = Some(5);
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatableTopic {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub num_partitions: i32,
    /// Versions: 0+
    pub replication_factor: i16,
    /// Versions: 0+
    pub assignments: Vec<CreatableReplicaAssignment>,
    /// Versions: 0+
    pub configs: Vec<CreatableTopicConfig>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatableTopic {
    fn default() -> Self {
        Self {
            name: String::new(),
            num_partitions: 0,
            replication_factor: 0,
            assignments: Vec::<CreatableReplicaAssignment>::new(),
            configs: Vec::<CreatableTopicConfig>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatableTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.num_partitions = read_i32(buf)?;
        }
        if true {
            this.replication_factor = read_i16(buf)?;
        }
        if true {
            this.assignments = read_array(buf, flexible, 1, "Assignments", |b: &mut Bytes| {
                CreatableReplicaAssignment::decode(version, b)
            })?;
        }
        if true {
            this.configs = read_array(buf, flexible, 1, "Configs", |b: &mut Bytes| {
                CreatableTopicConfig::decode(version, b)
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
        let flexible = version >= 5;
        write_string(buf, flexible, &self.name)?;
        write_i32(buf, self.num_partitions);
        write_i16(buf, self.replication_factor);
        write_array_len(
            buf,
            flexible,
            false,
            "Assignments",
            Some(self.assignments.len()),
        )?;
        for e in self.assignments.iter() {
            e.encode(version, buf)?;
        }
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
        let flexible = version >= 5;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += (array_len_len(flexible, Some(self.assignments.len()))
                + self
                    .assignments
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
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
impl Sample for CreatableTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.num_partitions = g.i32();
        }
        if true {
            this.replication_factor = g.i16();
        }
        if true {
            this.assignments = g.vec(|g| CreatableReplicaAssignment::sample(version, g));
        }
        if true {
            this.configs = g.vec(|g| CreatableTopicConfig::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatableReplicaAssignment {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub broker_ids: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatableReplicaAssignment {
    fn default() -> Self {
        Self {
            partition_index: 0,
            broker_ids: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatableReplicaAssignment {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.broker_ids = read_array(buf, flexible, 4, "BrokerIds", read_i32)?;
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
        write_i32(buf, self.partition_index);
        write_array_len(
            buf,
            flexible,
            false,
            "BrokerIds",
            Some(self.broker_ids.len()),
        )?;
        for e in self.broker_ids.iter() {
            write_i32(buf, *e);
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
        if true {
            len += 4;
        }
        if true {
            len +=
                (array_len_len(flexible, Some(self.broker_ids.len())) + self.broker_ids.len() * 4);
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
impl Sample for CreatableReplicaAssignment {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.broker_ids = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatableTopicConfig {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+; nullable: 0+
    pub value: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatableTopicConfig {
    fn default() -> Self {
        Self {
            name: String::new(),
            value: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatableTopicConfig {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 5;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
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
        let flexible = version >= 5;
        write_string(buf, flexible, &self.name)?;
        write_nullable_string(buf, flexible, true, "Value", self.value.as_deref())?;
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
        if true {
            len += string_len(flexible, Some(&self.name));
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
impl Sample for CreatableTopicConfig {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 5;
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
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
