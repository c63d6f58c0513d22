//! LeaderAndIsrResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-7; flexible versions: 4+.
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
pub struct LeaderAndIsrResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0-4
    pub partition_errors: Vec<LeaderAndIsrPartitionError>,
    /// Versions: 5+
    pub topics: Vec<LeaderAndIsrTopicError>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            partition_errors: Vec::<LeaderAndIsrPartitionError>::new(),
            topics: Vec::<LeaderAndIsrTopicError>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "LeaderAndIsrResponse",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version <= 4 {
            this.partition_errors =
                read_array(buf, flexible, 1, "PartitionErrors", |b: &mut Bytes| {
                    LeaderAndIsrPartitionError::decode(version, b)
                })?;
        }
        if version >= 5 {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                LeaderAndIsrTopicError::decode(version, b)
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
                what: "LeaderAndIsrResponse",
                version,
            });
        }
        let flexible = version >= 4;
        write_i16(buf, self.error_code);
        if version <= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "PartitionErrors",
                Some(self.partition_errors.len()),
            )?;
            for e in self.partition_errors.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.partition_errors != Vec::<LeaderAndIsrPartitionError>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionErrors",
                    version,
                });
            }
        }
        if version >= 5 {
            write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
            for e in self.topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Vec::<LeaderAndIsrTopicError>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
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
            len += 2;
        }
        if version <= 4 {
            len += (array_len_len(flexible, Some(self.partition_errors.len()))
                + self
                    .partition_errors
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 5 {
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
impl Sample for LeaderAndIsrResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if version <= 4 {
            this.partition_errors = g.vec(|g| LeaderAndIsrPartitionError::sample(version, g));
        }
        if version >= 5 {
            this.topics = g.vec(|g| LeaderAndIsrTopicError::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for LeaderAndIsrResponse {
    const NAME: &'static str = "LeaderAndIsrResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 7 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAndIsrTopicError {
    /// Versions: 5+
    pub topic_id: Uuid,
    /// Versions: 5+
    pub partition_errors: Vec<LeaderAndIsrPartitionError>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrTopicError {
    fn default() -> Self {
        Self {
            topic_id: Uuid::nil(),
            partition_errors: Vec::<LeaderAndIsrPartitionError>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrTopicError {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 5 {
            this.topic_id = read_uuid(buf)?;
        }
        if version >= 5 {
            this.partition_errors =
                read_array(buf, flexible, 1, "PartitionErrors", |b: &mut Bytes| {
                    LeaderAndIsrPartitionError::decode(version, b)
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
        if version >= 5 {
            write_uuid(buf, &self.topic_id);
        } else {
            if self.topic_id != Uuid::nil() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicId",
                    version,
                });
            }
        }
        if version >= 5 {
            write_array_len(
                buf,
                flexible,
                false,
                "PartitionErrors",
                Some(self.partition_errors.len()),
            )?;
            for e in self.partition_errors.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.partition_errors != Vec::<LeaderAndIsrPartitionError>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionErrors",
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
        if version >= 5 {
            len += 16;
        }
        if version >= 5 {
            len += (array_len_len(flexible, Some(self.partition_errors.len()))
                + self
                    .partition_errors
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
impl Sample for LeaderAndIsrTopicError {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 5 {
            this.topic_id = g.uuid();
        }
        if version >= 5 {
            this.partition_errors = g.vec(|g| LeaderAndIsrPartitionError::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAndIsrPartitionError {
    /// Versions: 0-4
    pub topic_name: String,
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrPartitionError {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_index: 0,
            error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrPartitionError {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version <= 4 {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
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
        if version <= 4 {
            write_string(buf, flexible, &self.topic_name)?;
        } else {
        }
        write_i32(buf, self.partition_index);
        write_i16(buf, self.error_code);
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
        if version <= 4 {
            len += string_len(flexible, Some(&self.topic_name));
        }
        if true {
            len += 4;
        }
        if true {
            len += 2;
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
impl Sample for LeaderAndIsrPartitionError {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version <= 4 {
            this.topic_name = g.string();
        }
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
