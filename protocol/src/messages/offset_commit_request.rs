//! OffsetCommitRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 2-10; flexible versions: 8+.
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
pub struct OffsetCommitRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 1+; default: -1
    pub generation_id_or_member_epoch: i32,
    /// Versions: 1+
    pub member_id: String,
    /// Versions: 7+; nullable: 7+; default: null
    pub group_instance_id: Option<String>,
    /// Versions: 2-4; default: -1
    pub retention_time_ms: i64,
    /// Versions: 0+
    pub topics: Vec<OffsetCommitRequestTopic>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetCommitRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            generation_id_or_member_epoch: -1,
            member_id: String::new(),
            group_instance_id: None,
            retention_time_ms: -1,
            topics: Vec::<OffsetCommitRequestTopic>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetCommitRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "OffsetCommitRequest",
                version,
            });
        }
        let flexible = version >= 8;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if version >= 1 {
            this.generation_id_or_member_epoch = read_i32(buf)?;
        }
        if version >= 1 {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 7 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 7, "GroupInstanceId")?;
        }
        if (version >= 2 && version <= 4) {
            this.retention_time_ms = read_i64(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                OffsetCommitRequestTopic::decode(version, b)
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
                what: "OffsetCommitRequest",
                version,
            });
        }
        let flexible = version >= 8;
        write_string(buf, flexible, &self.group_id)?;
        if version >= 1 {
            write_i32(buf, self.generation_id_or_member_epoch);
        } else {
        }
        if version >= 1 {
            write_string(buf, flexible, &self.member_id)?;
        } else {
        }
        if version >= 7 {
            write_nullable_string(
                buf,
                flexible,
                version >= 7,
                "GroupInstanceId",
                self.group_instance_id.as_deref(),
            )?;
        } else {
            if self.group_instance_id != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GroupInstanceId",
                    version,
                });
            }
        }
        if (version >= 2 && version <= 4) {
            write_i64(buf, self.retention_time_ms);
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
        let flexible = version >= 8;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.group_id));
        }
        if version >= 1 {
            len += 4;
        }
        if version >= 1 {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 7 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if (version >= 2 && version <= 4) {
            len += 8;
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
impl Sample for OffsetCommitRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 8;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if version >= 1 {
            this.generation_id_or_member_epoch = g.i32();
        }
        if version >= 1 {
            this.member_id = g.string();
        }
        if version >= 7 {
            this.group_instance_id = if version >= 7 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if (version >= 2 && version <= 4) {
            this.retention_time_ms = g.i64();
        }
        if true {
            this.topics = g.vec(|g| OffsetCommitRequestTopic::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for OffsetCommitRequest {
    const NAME: &'static str = "OffsetCommitRequest";
    const VERSIONS: VersionRange = VersionRange { min: 2, max: 10 };
    const FLEXIBLE_MIN: Option<i16> = Some(8);
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetCommitRequestTopic {
    /// Versions: 0-9
    pub name: String,
    /// Versions: 10+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<OffsetCommitRequestPartition>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetCommitRequestTopic {
    fn default() -> Self {
        Self {
            name: String::new(),
            topic_id: Uuid::nil(),
            partitions: Vec::<OffsetCommitRequestPartition>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetCommitRequestTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 8;
        let mut this = Self::default();
        if version <= 9 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 10 {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                OffsetCommitRequestPartition::decode(version, b)
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
        let flexible = version >= 8;
        if version <= 9 {
            write_string(buf, flexible, &self.name)?;
        } else {
        }
        if version >= 10 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
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
        let flexible = version >= 8;
        let mut len = 0usize;
        if version <= 9 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 10 {
            len += 16;
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
impl Sample for OffsetCommitRequestTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 8;
        let mut this = Self::default();
        if version <= 9 {
            this.name = g.string();
        }
        if version >= 10 {
            this.topic_id = g.uuid();
        }
        if true {
            this.partitions = g.vec(|g| OffsetCommitRequestPartition::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetCommitRequestPartition {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub committed_offset: i64,
    /// Versions: 6+; default: -1
    pub committed_leader_epoch: i32,
    /// Versions: 0+; nullable: 0+
    pub committed_metadata: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetCommitRequestPartition {
    fn default() -> Self {
        Self {
            partition_index: 0,
            committed_offset: 0,
            committed_leader_epoch: -1,
            committed_metadata: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetCommitRequestPartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 8;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.committed_offset = read_i64(buf)?;
        }
        if version >= 6 {
            this.committed_leader_epoch = read_i32(buf)?;
        }
        if true {
            this.committed_metadata =
                read_nullable_string(buf, flexible, true, "CommittedMetadata")?;
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
        let flexible = version >= 8;
        write_i32(buf, self.partition_index);
        write_i64(buf, self.committed_offset);
        if version >= 6 {
            write_i32(buf, self.committed_leader_epoch);
        } else {
        }
        write_nullable_string(
            buf,
            flexible,
            true,
            "CommittedMetadata",
            self.committed_metadata.as_deref(),
        )?;
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 8;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 8;
        }
        if version >= 6 {
            len += 4;
        }
        if true {
            len += string_len(flexible, self.committed_metadata.as_deref());
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
impl Sample for OffsetCommitRequestPartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 8;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.committed_offset = g.i64();
        }
        if version >= 6 {
            this.committed_leader_epoch = g.i32();
        }
        if true {
            this.committed_metadata = if true && g.null() {
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
