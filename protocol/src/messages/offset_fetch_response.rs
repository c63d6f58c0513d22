//! OffsetFetchResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-10; flexible versions: 6+.
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
pub struct OffsetFetchResponse {
    /// Versions: 3+
    pub throttle_time_ms: i32,
    /// Versions: 0-7
    pub topics: Vec<OffsetFetchResponseTopic>,
    /// Versions: 2-7; default: 0
    pub error_code: i16,
    /// Versions: 8+
    pub groups: Vec<OffsetFetchResponseGroup>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            topics: Vec::<OffsetFetchResponseTopic>::new(),
            error_code: 0,
            groups: Vec::<OffsetFetchResponseGroup>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "OffsetFetchResponse",
                version,
            });
        }
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 3 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if version <= 7 {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                OffsetFetchResponseTopic::decode(version, b)
            })?;
        }
        if (version >= 2 && version <= 7) {
            this.error_code = read_i16(buf)?;
        }
        if version >= 8 {
            this.groups = read_array(buf, flexible, 1, "Groups", |b: &mut Bytes| {
                OffsetFetchResponseGroup::decode(version, b)
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
                what: "OffsetFetchResponse",
                version,
            });
        }
        let flexible = version >= 6;
        if version >= 3 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        if version <= 7 {
            write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
            for e in self.topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Vec::<OffsetFetchResponseTopic>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
                    version,
                });
            }
        }
        if (version >= 2 && version <= 7) {
            write_i16(buf, self.error_code);
        } else {
        }
        if version >= 8 {
            write_array_len(buf, flexible, false, "Groups", Some(self.groups.len()))?;
            for e in self.groups.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.groups != Vec::<OffsetFetchResponseGroup>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Groups",
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
        if version >= 3 {
            len += 4;
        }
        if version <= 7 {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if (version >= 2 && version <= 7) {
            len += 2;
        }
        if version >= 8 {
            len += (array_len_len(flexible, Some(self.groups.len()))
                + self
                    .groups
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
impl Sample for OffsetFetchResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 3 {
            this.throttle_time_ms = g.i32();
        }
        if version <= 7 {
            this.topics = g.vec(|g| OffsetFetchResponseTopic::sample(version, g));
        }
        if (version >= 2 && version <= 7) {
            this.error_code = g.i16();
        }
        if version >= 8 {
            this.groups = g.vec(|g| OffsetFetchResponseGroup::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for OffsetFetchResponse {
    const NAME: &'static str = "OffsetFetchResponse";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 10 };
    const FLEXIBLE_MIN: Option<i16> = Some(6);
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchResponseTopic {
    /// Versions: 0-7
    pub name: String,
    /// Versions: 0-7
    pub partitions: Vec<OffsetFetchResponsePartition>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchResponseTopic {
    fn default() -> Self {
        Self {
            name: String::new(),
            partitions: Vec::<OffsetFetchResponsePartition>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchResponseTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version <= 7 {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                OffsetFetchResponsePartition::decode(version, b)
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
        if version <= 7 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version <= 7 {
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
        } else {
            if self.partitions != Vec::<OffsetFetchResponsePartition>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Partitions",
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
        if version <= 7 {
            len += string_len(flexible, Some(&self.name));
        }
        if version <= 7 {
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
impl Sample for OffsetFetchResponseTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.name = g.string();
        }
        if version <= 7 {
            this.partitions = g.vec(|g| OffsetFetchResponsePartition::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchResponsePartition {
    /// Versions: 0-7
    pub partition_index: i32,
    /// Versions: 0-7
    pub committed_offset: i64,
    /// Versions: 5-7; default: -1
    pub committed_leader_epoch: i32,
    /// Versions: 0-7; nullable: 0-7
    pub metadata: Option<String>,
    /// Versions: 0-7
    pub error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchResponsePartition {
    fn default() -> Self {
        Self {
            partition_index: 0,
            committed_offset: 0,
            committed_leader_epoch: -1,
            metadata: Some(String::new()),
            error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchResponsePartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.partition_index = read_i32(buf)?;
        }
        if version <= 7 {
            this.committed_offset = read_i64(buf)?;
        }
        if (version >= 5 && version <= 7) {
            this.committed_leader_epoch = read_i32(buf)?;
        }
        if version <= 7 {
            this.metadata = read_nullable_string(buf, flexible, version <= 7, "Metadata")?;
        }
        if version <= 7 {
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
        let flexible = version >= 6;
        if version <= 7 {
            write_i32(buf, self.partition_index);
        } else {
            if self.partition_index != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionIndex",
                    version,
                });
            }
        }
        if version <= 7 {
            write_i64(buf, self.committed_offset);
        } else {
            if self.committed_offset != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CommittedOffset",
                    version,
                });
            }
        }
        if (version >= 5 && version <= 7) {
            write_i32(buf, self.committed_leader_epoch);
        } else {
        }
        if version <= 7 {
            write_nullable_string(
                buf,
                flexible,
                version <= 7,
                "Metadata",
                self.metadata.as_deref(),
            )?;
        } else {
            if self.metadata != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Metadata",
                    version,
                });
            }
        }
        if version <= 7 {
            write_i16(buf, self.error_code);
        } else {
            if self.error_code != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorCode",
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
        if version <= 7 {
            len += 4;
        }
        if version <= 7 {
            len += 8;
        }
        if (version >= 5 && version <= 7) {
            len += 4;
        }
        if version <= 7 {
            len += string_len(flexible, self.metadata.as_deref());
        }
        if version <= 7 {
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
impl Sample for OffsetFetchResponsePartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.partition_index = g.i32();
        }
        if version <= 7 {
            this.committed_offset = g.i64();
        }
        if (version >= 5 && version <= 7) {
            this.committed_leader_epoch = g.i32();
        }
        if version <= 7 {
            this.metadata = if version <= 7 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version <= 7 {
            this.error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchResponseGroup {
    /// Versions: 8+
    pub group_id: String,
    /// Versions: 8+
    pub topics: Vec<OffsetFetchResponseTopics>,
    /// Versions: 8+; default: 0
    pub error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchResponseGroup {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            topics: Vec::<OffsetFetchResponseTopics>::new(),
            error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchResponseGroup {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 8 {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if version >= 8 {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                OffsetFetchResponseTopics::decode(version, b)
            })?;
        }
        if version >= 8 {
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
        let flexible = version >= 6;
        if version >= 8 {
            write_string(buf, flexible, &self.group_id)?;
        } else {
            if self.group_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GroupId",
                    version,
                });
            }
        }
        if version >= 8 {
            write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
            for e in self.topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Vec::<OffsetFetchResponseTopics>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
                    version,
                });
            }
        }
        if version >= 8 {
            write_i16(buf, self.error_code);
        } else {
            if self.error_code != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorCode",
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
        if version >= 8 {
            len += string_len(flexible, Some(&self.group_id));
        }
        if version >= 8 {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 8 {
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
impl Sample for OffsetFetchResponseGroup {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 8 {
            this.group_id = g.string();
        }
        if version >= 8 {
            this.topics = g.vec(|g| OffsetFetchResponseTopics::sample(version, g));
        }
        if version >= 8 {
            this.error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchResponseTopics {
    /// Versions: 8-9
    pub name: String,
    /// Versions: 10+
    pub topic_id: Uuid,
    /// Versions: 8+
    pub partitions: Vec<OffsetFetchResponsePartitions>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchResponseTopics {
    fn default() -> Self {
        Self {
            name: String::new(),
            topic_id: Uuid::nil(),
            partitions: Vec::<OffsetFetchResponsePartitions>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchResponseTopics {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if (version >= 8 && version <= 9) {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 10 {
            this.topic_id = read_uuid(buf)?;
        }
        if version >= 8 {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                OffsetFetchResponsePartitions::decode(version, b)
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
        if (version >= 8 && version <= 9) {
            write_string(buf, flexible, &self.name)?;
        } else {
        }
        if version >= 10 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        if version >= 8 {
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
        } else {
            if self.partitions != Vec::<OffsetFetchResponsePartitions>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Partitions",
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
        if (version >= 8 && version <= 9) {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 10 {
            len += 16;
        }
        if version >= 8 {
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
impl Sample for OffsetFetchResponseTopics {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if (version >= 8 && version <= 9) {
            this.name = g.string();
        }
        if version >= 10 {
            this.topic_id = g.uuid();
        }
        if version >= 8 {
            this.partitions = g.vec(|g| OffsetFetchResponsePartitions::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchResponsePartitions {
    /// Versions: 8+
    pub partition_index: i32,
    /// Versions: 8+
    pub committed_offset: i64,
    /// Versions: 8+; default: -1
    pub committed_leader_epoch: i32,
    /// Versions: 8+; nullable: 8+
    pub metadata: Option<String>,
    /// Versions: 8+
    pub error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchResponsePartitions {
    fn default() -> Self {
        Self {
            partition_index: 0,
            committed_offset: 0,
            committed_leader_epoch: -1,
            metadata: Some(String::new()),
            error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchResponsePartitions {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 8 {
            this.partition_index = read_i32(buf)?;
        }
        if version >= 8 {
            this.committed_offset = read_i64(buf)?;
        }
        if version >= 8 {
            this.committed_leader_epoch = read_i32(buf)?;
        }
        if version >= 8 {
            this.metadata = read_nullable_string(buf, flexible, version >= 8, "Metadata")?;
        }
        if version >= 8 {
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
        let flexible = version >= 6;
        if version >= 8 {
            write_i32(buf, self.partition_index);
        } else {
            if self.partition_index != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionIndex",
                    version,
                });
            }
        }
        if version >= 8 {
            write_i64(buf, self.committed_offset);
        } else {
            if self.committed_offset != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CommittedOffset",
                    version,
                });
            }
        }
        if version >= 8 {
            write_i32(buf, self.committed_leader_epoch);
        } else {
        }
        if version >= 8 {
            write_nullable_string(
                buf,
                flexible,
                version >= 8,
                "Metadata",
                self.metadata.as_deref(),
            )?;
        } else {
            if self.metadata != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Metadata",
                    version,
                });
            }
        }
        if version >= 8 {
            write_i16(buf, self.error_code);
        } else {
            if self.error_code != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorCode",
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
        if version >= 8 {
            len += 4;
        }
        if version >= 8 {
            len += 8;
        }
        if version >= 8 {
            len += 4;
        }
        if version >= 8 {
            len += string_len(flexible, self.metadata.as_deref());
        }
        if version >= 8 {
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
impl Sample for OffsetFetchResponsePartitions {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 8 {
            this.partition_index = g.i32();
        }
        if version >= 8 {
            this.committed_offset = g.i64();
        }
        if version >= 8 {
            this.committed_leader_epoch = g.i32();
        }
        if version >= 8 {
            this.metadata = if version >= 8 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 8 {
            this.error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
