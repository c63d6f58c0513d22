//! ListOffsetsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-11; flexible versions: 6+.
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
pub struct ListOffsetsResponse {
    /// Versions: 2+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub topics: Vec<ListOffsetsTopicResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListOffsetsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            topics: Vec::<ListOffsetsTopicResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListOffsetsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ListOffsetsResponse",
                version,
            });
        }
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 2 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                ListOffsetsTopicResponse::decode(version, b)
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
                what: "ListOffsetsResponse",
                version,
            });
        }
        let flexible = version >= 6;
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
        let flexible = version >= 6;
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
impl Sample for ListOffsetsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 2 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.topics = g.vec(|g| ListOffsetsTopicResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ListOffsetsResponse {
    const NAME: &'static str = "ListOffsetsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 11 };
    const FLEXIBLE_MIN: Option<i16> = Some(6);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListOffsetsTopicResponse {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub partitions: Vec<ListOffsetsPartitionResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListOffsetsTopicResponse {
    fn default() -> Self {
        Self {
            name: String::new(),
            partitions: Vec::<ListOffsetsPartitionResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListOffsetsTopicResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                ListOffsetsPartitionResponse::decode(version, b)
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
        let flexible = version >= 6;
        write_string(buf, flexible, &self.name)?;
        write_array_len(
            buf,
            flexible,
            false,
            "Partitions",
            Some(self.partitions.len()),
        )?;
        for e in self.partitions.iter() {
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += (array_len_len(flexible, Some(self.partitions.len()))
                + self
                    .partitions
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
impl Sample for ListOffsetsTopicResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.partitions = g.vec(|g| ListOffsetsPartitionResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListOffsetsPartitionResponse {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 1+; default: -1
    pub timestamp: i64,
    /// Versions: 1+; default: -1
    pub offset: i64,
    /// Versions: 4+; default: -1
    pub leader_epoch: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListOffsetsPartitionResponse {
    fn default() -> Self {
        Self {
            partition_index: 0,
            error_code: 0,
            timestamp: -1,
            offset: -1,
            leader_epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListOffsetsPartitionResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 1 {
            this.timestamp = read_i64(buf)?;
        }
        if version >= 1 {
            this.offset = read_i64(buf)?;
        }
        if version >= 4 {
            this.leader_epoch = read_i32(buf)?;
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
        let flexible = version >= 6;
        write_i32(buf, self.partition_index);
        write_i16(buf, self.error_code);
        if version >= 1 {
            write_i64(buf, self.timestamp);
        } else {
            if self.timestamp != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Timestamp",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i64(buf, self.offset);
        } else {
            if self.offset != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Offset",
                    version,
                });
            }
        }
        if version >= 4 {
            write_i32(buf, self.leader_epoch);
        } else {
            if self.leader_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderEpoch",
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if version >= 1 {
            len += 8;
        }
        if version >= 1 {
            len += 8;
        }
        if version >= 4 {
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
impl Sample for ListOffsetsPartitionResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if version >= 1 {
            this.timestamp = g.i64();
        }
        if version >= 1 {
            this.offset = g.i64();
        }
        if version >= 4 {
            this.leader_epoch = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
