//! StopReplicaRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-4; flexible versions: 2+.
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
pub struct StopReplicaRequest {
    /// Versions: 0+
    pub controller_id: i32,
    /// Versions: 4+; default: false
    pub is_k_raft_controller: bool,
    /// Versions: 0+
    pub controller_epoch: i32,
    /// Versions: 1+; default: -1
    pub broker_epoch: i64,
    /// Versions: 0-2
    pub delete_partitions: bool,
    /// Versions: 0-0
    pub ungrouped_partitions: Vec<StopReplicaPartitionV0>,
    /// Versions: 1-2
    pub topics: Vec<StopReplicaTopicV1>,
    /// Versions: 3+
    pub topic_states: Vec<StopReplicaTopicState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StopReplicaRequest {
    fn default() -> Self {
        Self {
            controller_id: 0,
            is_k_raft_controller: false,
            controller_epoch: 0,
            broker_epoch: -1,
            delete_partitions: false,
            ungrouped_partitions: Vec::<StopReplicaPartitionV0>::new(),
            topics: Vec::<StopReplicaTopicV1>::new(),
            topic_states: Vec::<StopReplicaTopicState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StopReplicaRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "StopReplicaRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.controller_id = read_i32(buf)?;
        }
        if version >= 4 {
            this.is_k_raft_controller = read_bool(buf)?;
        }
        if true {
            this.controller_epoch = read_i32(buf)?;
        }
        if version >= 1 {
            this.broker_epoch = read_i64(buf)?;
        }
        if version <= 2 {
            this.delete_partitions = read_bool(buf)?;
        }
        if version == 0 {
            this.ungrouped_partitions =
                read_array(buf, flexible, 1, "UngroupedPartitions", |b: &mut Bytes| {
                    StopReplicaPartitionV0::decode(version, b)
                })?;
        }
        if (version >= 1 && version <= 2) {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                StopReplicaTopicV1::decode(version, b)
            })?;
        }
        if version >= 3 {
            this.topic_states = read_array(buf, flexible, 1, "TopicStates", |b: &mut Bytes| {
                StopReplicaTopicState::decode(version, b)
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
                what: "StopReplicaRequest",
                version,
            });
        }
        let flexible = version >= 2;
        write_i32(buf, self.controller_id);
        if version >= 4 {
            write_bool(buf, self.is_k_raft_controller);
        } else {
            if self.is_k_raft_controller != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "isKRaftController",
                    version,
                });
            }
        }
        write_i32(buf, self.controller_epoch);
        if version >= 1 {
            write_i64(buf, self.broker_epoch);
        } else {
        }
        if version <= 2 {
            write_bool(buf, self.delete_partitions);
        } else {
            if self.delete_partitions != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "DeletePartitions",
                    version,
                });
            }
        }
        if version == 0 {
            write_array_len(
                buf,
                flexible,
                false,
                "UngroupedPartitions",
                Some(self.ungrouped_partitions.len()),
            )?;
            for e in self.ungrouped_partitions.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.ungrouped_partitions != Vec::<StopReplicaPartitionV0>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "UngroupedPartitions",
                    version,
                });
            }
        }
        if (version >= 1 && version <= 2) {
            write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
            for e in self.topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Vec::<StopReplicaTopicV1>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
                    version,
                });
            }
        }
        if version >= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "TopicStates",
                Some(self.topic_states.len()),
            )?;
            for e in self.topic_states.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topic_states != Vec::<StopReplicaTopicState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicStates",
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version >= 4 {
            len += 1;
        }
        if true {
            len += 4;
        }
        if version >= 1 {
            len += 8;
        }
        if version <= 2 {
            len += 1;
        }
        if version == 0 {
            len += (array_len_len(flexible, Some(self.ungrouped_partitions.len()))
                + self
                    .ungrouped_partitions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if (version >= 1 && version <= 2) {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 3 {
            len += (array_len_len(flexible, Some(self.topic_states.len()))
                + self
                    .topic_states
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
impl Sample for StopReplicaRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.controller_id = g.i32();
        }
        if version >= 4 {
            this.is_k_raft_controller = g.bool();
        }
        if true {
            this.controller_epoch = g.i32();
        }
        if version >= 1 {
            this.broker_epoch = g.i64();
        }
        if version <= 2 {
            this.delete_partitions = g.bool();
        }
        if version == 0 {
            this.ungrouped_partitions = g.vec(|g| StopReplicaPartitionV0::sample(version, g));
        }
        if (version >= 1 && version <= 2) {
            this.topics = g.vec(|g| StopReplicaTopicV1::sample(version, g));
        }
        if version >= 3 {
            this.topic_states = g.vec(|g| StopReplicaTopicState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for StopReplicaRequest {
    const NAME: &'static str = "StopReplicaRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 4 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct StopReplicaPartitionV0 {
    /// Versions: 0-0
    pub topic_name: String,
    /// Versions: 0-0
    pub partition_index: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StopReplicaPartitionV0 {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_index: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StopReplicaPartitionV0 {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version == 0 {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if version == 0 {
            this.partition_index = read_i32(buf)?;
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
        let flexible = version >= 2;
        if version == 0 {
            write_string(buf, flexible, &self.topic_name)?;
        } else {
            if self.topic_name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicName",
                    version,
                });
            }
        }
        if version == 0 {
            write_i32(buf, self.partition_index);
        } else {
            if self.partition_index != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionIndex",
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if version == 0 {
            len += string_len(flexible, Some(&self.topic_name));
        }
        if version == 0 {
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
impl Sample for StopReplicaPartitionV0 {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version == 0 {
            this.topic_name = g.string();
        }
        if version == 0 {
            this.partition_index = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StopReplicaTopicV1 {
    /// Versions: 1-2
    pub name: String,
    /// Versions: 1-2
    pub partition_indexes: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StopReplicaTopicV1 {
    fn default() -> Self {
        Self {
            name: String::new(),
            partition_indexes: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StopReplicaTopicV1 {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if (version >= 1 && version <= 2) {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if (version >= 1 && version <= 2) {
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
        let flexible = version >= 2;
        if (version >= 1 && version <= 2) {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if (version >= 1 && version <= 2) {
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if (version >= 1 && version <= 2) {
            len += string_len(flexible, Some(&self.name));
        }
        if (version >= 1 && version <= 2) {
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
impl Sample for StopReplicaTopicV1 {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if (version >= 1 && version <= 2) {
            this.name = g.string();
        }
        if (version >= 1 && version <= 2) {
            this.partition_indexes = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StopReplicaTopicState {
    /// Versions: 3+
    pub topic_name: String,
    /// Versions: 3+
    pub partition_states: Vec<StopReplicaPartitionState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StopReplicaTopicState {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_states: Vec::<StopReplicaPartitionState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StopReplicaTopicState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 3 {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if version >= 3 {
            this.partition_states =
                read_array(buf, flexible, 1, "PartitionStates", |b: &mut Bytes| {
                    StopReplicaPartitionState::decode(version, b)
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
        let flexible = version >= 2;
        if version >= 3 {
            write_string(buf, flexible, &self.topic_name)?;
        } else {
            if self.topic_name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicName",
                    version,
                });
            }
        }
        if version >= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "PartitionStates",
                Some(self.partition_states.len()),
            )?;
            for e in self.partition_states.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.partition_states != Vec::<StopReplicaPartitionState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionStates",
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if version >= 3 {
            len += string_len(flexible, Some(&self.topic_name));
        }
        if version >= 3 {
            len += (array_len_len(flexible, Some(self.partition_states.len()))
                + self
                    .partition_states
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
impl Sample for StopReplicaTopicState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 3 {
            this.topic_name = g.string();
        }
        if version >= 3 {
            this.partition_states = g.vec(|g| StopReplicaPartitionState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StopReplicaPartitionState {
    /// Versions: 3+
    pub partition_index: i32,
    /// Versions: 3+; default: -1
    pub leader_epoch: i32,
    /// Versions: 3+
    pub delete_partition: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for StopReplicaPartitionState {
    fn default() -> Self {
        Self {
            partition_index: 0,
            leader_epoch: -1,
            delete_partition: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for StopReplicaPartitionState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 3 {
            this.partition_index = read_i32(buf)?;
        }
        if version >= 3 {
            this.leader_epoch = read_i32(buf)?;
        }
        if version >= 3 {
            this.delete_partition = read_bool(buf)?;
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
        let flexible = version >= 2;
        if version >= 3 {
            write_i32(buf, self.partition_index);
        } else {
            if self.partition_index != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionIndex",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i32(buf, self.leader_epoch);
        } else {
            if self.leader_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderEpoch",
                    version,
                });
            }
        }
        if version >= 3 {
            write_bool(buf, self.delete_partition);
        } else {
            if self.delete_partition != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "DeletePartition",
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if version >= 3 {
            len += 4;
        }
        if version >= 3 {
            len += 4;
        }
        if version >= 3 {
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
impl Sample for StopReplicaPartitionState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 3 {
            this.partition_index = g.i32();
        }
        if version >= 3 {
            this.leader_epoch = g.i32();
        }
        if version >= 3 {
            this.delete_partition = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
