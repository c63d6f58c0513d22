//! OffsetFetchRequest (generated from Kafka's message spec; do not edit).
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
pub struct OffsetFetchRequest {
    /// Versions: 0-7
    pub group_id: String,
    /// Versions: 0-7; nullable: 2-7
    pub topics: Option<Vec<OffsetFetchRequestTopic>>,
    /// Versions: 8+
    pub groups: Vec<OffsetFetchRequestGroup>,
    /// Versions: 7+; default: false
    pub require_stable: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            topics: Some(Vec::<OffsetFetchRequestTopic>::new()),
            groups: Vec::<OffsetFetchRequestGroup>::new(),
            require_stable: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "OffsetFetchRequest",
                version,
            });
        }
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if version <= 7 {
            this.topics = read_nullable_array(
                buf,
                flexible,
                (version >= 2 && version <= 7),
                1,
                "Topics",
                |b: &mut Bytes| OffsetFetchRequestTopic::decode(version, b),
            )?;
        }
        if version >= 8 {
            this.groups = read_array(buf, flexible, 1, "Groups", |b: &mut Bytes| {
                OffsetFetchRequestGroup::decode(version, b)
            })?;
        }
        if version >= 7 {
            this.require_stable = read_bool(buf)?;
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
                what: "OffsetFetchRequest",
                version,
            });
        }
        let flexible = version >= 6;
        if version <= 7 {
            write_string(buf, flexible, &self.group_id)?;
        } else {
            if self.group_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GroupId",
                    version,
                });
            }
        }
        if version <= 7 {
            write_array_len(
                buf,
                flexible,
                (version >= 2 && version <= 7),
                "Topics",
                self.topics.as_ref().map(Vec::len),
            )?;
            for e in self.topics.iter().flatten() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Some(Vec::<OffsetFetchRequestTopic>::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
                    version,
                });
            }
        }
        if version >= 8 {
            write_array_len(buf, flexible, false, "Groups", Some(self.groups.len()))?;
            for e in self.groups.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.groups != Vec::<OffsetFetchRequestGroup>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Groups",
                    version,
                });
            }
        }
        if version >= 7 {
            write_bool(buf, self.require_stable);
        } else {
            if self.require_stable != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "RequireStable",
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
            len += string_len(flexible, Some(&self.group_id));
        }
        if version <= 7 {
            len += (array_len_len(flexible, self.topics.as_ref().map(Vec::len))
                + self
                    .topics
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 8 {
            len += (array_len_len(flexible, Some(self.groups.len()))
                + self
                    .groups
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 7 {
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
impl Sample for OffsetFetchRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.group_id = g.string();
        }
        if version <= 7 {
            this.topics = if (version >= 2 && version <= 7) && g.null() {
                None
            } else {
                Some(g.vec(|g| OffsetFetchRequestTopic::sample(version, g)))
            };
        }
        if version >= 8 {
            this.groups = g.vec(|g| OffsetFetchRequestGroup::sample(version, g));
        }
        if version >= 7 {
            this.require_stable = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for OffsetFetchRequest {
    const NAME: &'static str = "OffsetFetchRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 10 };
    const FLEXIBLE_MIN: Option<i16> = Some(6);
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchRequestTopic {
    /// Versions: 0-7
    pub name: String,
    /// Versions: 0-7
    pub partition_indexes: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchRequestTopic {
    fn default() -> Self {
        Self {
            name: String::new(),
            partition_indexes: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchRequestTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version <= 7 {
            this.partition_indexes = read_array(buf, flexible, 4, "PartitionIndexes", read_i32)?;
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
                "PartitionIndexes",
                Some(self.partition_indexes.len()),
            )?;
            for e in self.partition_indexes.iter() {
                write_i32(buf, *e);
            }
        } else {
            if self.partition_indexes != Vec::<i32>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionIndexes",
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
            len += (array_len_len(flexible, Some(self.partition_indexes.len()))
                + self.partition_indexes.len() * 4);
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
impl Sample for OffsetFetchRequestTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 7 {
            this.name = g.string();
        }
        if version <= 7 {
            this.partition_indexes = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchRequestGroup {
    /// Versions: 8+
    pub group_id: String,
    /// Versions: 9+; nullable: 9+; default: null
    pub member_id: Option<String>,
    /// Versions: 9+; default: -1
    pub member_epoch: i32,
    /// Versions: 8+; nullable: 8+
    pub topics: Option<Vec<OffsetFetchRequestTopics>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchRequestGroup {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            member_id: None,
            member_epoch: -1,
            topics: Some(Vec::<OffsetFetchRequestTopics>::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchRequestGroup {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 8 {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if version >= 9 {
            this.member_id = read_nullable_string(buf, flexible, version >= 9, "MemberId")?;
        }
        if version >= 9 {
            this.member_epoch = read_i32(buf)?;
        }
        if version >= 8 {
            this.topics =
                read_nullable_array(buf, flexible, version >= 8, 1, "Topics", |b: &mut Bytes| {
                    OffsetFetchRequestTopics::decode(version, b)
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
        if version >= 9 {
            write_nullable_string(
                buf,
                flexible,
                version >= 9,
                "MemberId",
                self.member_id.as_deref(),
            )?;
        } else {
        }
        if version >= 9 {
            write_i32(buf, self.member_epoch);
        } else {
        }
        if version >= 8 {
            write_array_len(
                buf,
                flexible,
                version >= 8,
                "Topics",
                self.topics.as_ref().map(Vec::len),
            )?;
            for e in self.topics.iter().flatten() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Some(Vec::<OffsetFetchRequestTopics>::new()) {
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if version >= 8 {
            len += string_len(flexible, Some(&self.group_id));
        }
        if version >= 9 {
            len += string_len(flexible, self.member_id.as_deref());
        }
        if version >= 9 {
            len += 4;
        }
        if version >= 8 {
            len += (array_len_len(flexible, self.topics.as_ref().map(Vec::len))
                + self
                    .topics
                    .iter()
                    .flatten()
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
impl Sample for OffsetFetchRequestGroup {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 8 {
            this.group_id = g.string();
        }
        if version >= 9 {
            this.member_id = if version >= 9 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 9 {
            this.member_epoch = g.i32();
        }
        if version >= 8 {
            this.topics = if version >= 8 && g.null() {
                None
            } else {
                Some(g.vec(|g| OffsetFetchRequestTopics::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OffsetFetchRequestTopics {
    /// Versions: 8-9
    pub name: String,
    /// Versions: 10+
    pub topic_id: Uuid,
    /// Versions: 8+
    pub partition_indexes: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for OffsetFetchRequestTopics {
    fn default() -> Self {
        Self {
            name: String::new(),
            topic_id: Uuid::nil(),
            partition_indexes: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for OffsetFetchRequestTopics {
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
            this.partition_indexes = read_array(buf, flexible, 4, "PartitionIndexes", read_i32)?;
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
                "PartitionIndexes",
                Some(self.partition_indexes.len()),
            )?;
            for e in self.partition_indexes.iter() {
                write_i32(buf, *e);
            }
        } else {
            if self.partition_indexes != Vec::<i32>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionIndexes",
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
            len += (array_len_len(flexible, Some(self.partition_indexes.len()))
                + self.partition_indexes.len() * 4);
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
impl Sample for OffsetFetchRequestTopics {
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
            this.partition_indexes = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
