//! EndQuorumEpochRequest (generated from Kafka's message spec; do not edit).
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
pub struct EndQuorumEpochRequest {
    /// Versions: 0+; nullable: 0+; default: null
    pub cluster_id: Option<String>,
    /// Versions: 0+
    pub topics: Vec<TopicData>,
    /// Versions: 1+
    pub leader_endpoints: Vec<LeaderEndpoint>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for EndQuorumEpochRequest {
    fn default() -> Self {
        Self {
            cluster_id: None,
            topics: Vec::<TopicData>::new(),
            leader_endpoints: Vec::<LeaderEndpoint>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for EndQuorumEpochRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "EndQuorumEpochRequest",
                version,
            });
        }
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.cluster_id = read_nullable_string(buf, flexible, true, "ClusterId")?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                TopicData::decode(version, b)
            })?;
        }
        if version >= 1 {
            this.leader_endpoints =
                read_array(buf, flexible, 1, "LeaderEndpoints", |b: &mut Bytes| {
                    LeaderEndpoint::decode(version, b)
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
                what: "EndQuorumEpochRequest",
                version,
            });
        }
        let flexible = version >= 1;
        write_nullable_string(buf, flexible, true, "ClusterId", self.cluster_id.as_deref())?;
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "LeaderEndpoints",
                Some(self.leader_endpoints.len()),
            )?;
            for e in self.leader_endpoints.iter() {
                e.encode(version, buf)?;
            }
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
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, self.cluster_id.as_deref());
        }
        if true {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.leader_endpoints.len()))
                + self
                    .leader_endpoints
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
impl Sample for EndQuorumEpochRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.cluster_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.topics = g.vec(|g| TopicData::sample(version, g));
        }
        if version >= 1 {
            this.leader_endpoints = g.vec(|g| LeaderEndpoint::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for EndQuorumEpochRequest {
    const NAME: &'static str = "EndQuorumEpochRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(1);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicData {
    /// Versions: 0+
    pub topic_name: String,
    /// Versions: 0+
    pub partitions: Vec<PartitionData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicData {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partitions: Vec::<PartitionData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                PartitionData::decode(version, b)
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
        write_string(buf, flexible, &self.topic_name)?;
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
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.topic_name));
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
impl Sample for TopicData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.topic_name = g.string();
        }
        if true {
            this.partitions = g.vec(|g| PartitionData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionData {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub leader_id: i32,
    /// Versions: 0+
    pub leader_epoch: i32,
    /// Versions: 0-0
    pub preferred_successors: Vec<i32>,
    /// Versions: 1+
    pub preferred_candidates: Vec<ReplicaInfo>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionData {
    fn default() -> Self {
        Self {
            partition_index: 0,
            leader_id: 0,
            leader_epoch: 0,
            preferred_successors: Vec::<i32>::new(),
            preferred_candidates: Vec::<ReplicaInfo>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.leader_id = read_i32(buf)?;
        }
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if version == 0 {
            this.preferred_successors =
                read_array(buf, flexible, 4, "PreferredSuccessors", read_i32)?;
        }
        if version >= 1 {
            this.preferred_candidates =
                read_array(buf, flexible, 1, "PreferredCandidates", |b: &mut Bytes| {
                    ReplicaInfo::decode(version, b)
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
        write_i32(buf, self.partition_index);
        write_i32(buf, self.leader_id);
        write_i32(buf, self.leader_epoch);
        if version == 0 {
            write_array_len(
                buf,
                flexible,
                false,
                "PreferredSuccessors",
                Some(self.preferred_successors.len()),
            )?;
            for e in self.preferred_successors.iter() {
                write_i32(buf, *e);
            }
        } else {
        }
        if version >= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "PreferredCandidates",
                Some(self.preferred_candidates.len()),
            )?;
            for e in self.preferred_candidates.iter() {
                e.encode(version, buf)?;
            }
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
        let flexible = version >= 1;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if version == 0 {
            len += (array_len_len(flexible, Some(self.preferred_successors.len()))
                + self.preferred_successors.len() * 4);
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.preferred_candidates.len()))
                + self
                    .preferred_candidates
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
impl Sample for PartitionData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.leader_id = g.i32();
        }
        if true {
            this.leader_epoch = g.i32();
        }
        if version == 0 {
            this.preferred_successors = g.vec(|g| g.i32());
        }
        if version >= 1 {
            this.preferred_candidates = g.vec(|g| ReplicaInfo::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaInfo {
    /// Versions: 1+
    pub candidate_id: i32,
    /// Versions: 1+
    pub candidate_directory_id: Uuid,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ReplicaInfo {
    fn default() -> Self {
        Self {
            candidate_id: 0,
            candidate_directory_id: Uuid::nil(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ReplicaInfo {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if version >= 1 {
            this.candidate_id = read_i32(buf)?;
        }
        if version >= 1 {
            this.candidate_directory_id = read_uuid(buf)?;
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
        if version >= 1 {
            write_i32(buf, self.candidate_id);
        } else {
            if self.candidate_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CandidateId",
                    version,
                });
            }
        }
        if version >= 1 {
            write_uuid(buf, &self.candidate_directory_id);
        } else {
            if self.candidate_directory_id != Uuid::nil() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "CandidateDirectoryId",
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
        let flexible = version >= 1;
        let mut len = 0usize;
        if version >= 1 {
            len += 4;
        }
        if version >= 1 {
            len += 16;
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
impl Sample for ReplicaInfo {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if version >= 1 {
            this.candidate_id = g.i32();
        }
        if version >= 1 {
            this.candidate_directory_id = g.uuid();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderEndpoint {
    /// Versions: 1+
    pub name: String,
    /// Versions: 1+
    pub host: String,
    /// Versions: 1+
    pub port: u16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderEndpoint {
    fn default() -> Self {
        Self {
            name: String::new(),
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderEndpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 1;
        let mut this = Self::default();
        if version >= 1 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 1 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version >= 1 {
            this.port = read_u16(buf)?;
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
            write_string(buf, flexible, &self.host)?;
        } else {
            if self.host != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Host",
                    version,
                });
            }
        }
        if version >= 1 {
            write_u16(buf, self.port);
        } else {
            if self.port != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Port",
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
        let flexible = version >= 1;
        let mut len = 0usize;
        if version >= 1 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 1 {
            len += string_len(flexible, Some(&self.host));
        }
        if version >= 1 {
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
impl Sample for LeaderEndpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 1;
        let mut this = Self::default();
        if version >= 1 {
            this.name = g.string();
        }
        if version >= 1 {
            this.host = g.string();
        }
        if version >= 1 {
            this.port = g.u16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
