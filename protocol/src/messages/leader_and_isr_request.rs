//! LeaderAndIsrRequest (generated from Kafka's message spec; do not edit).
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
pub struct LeaderAndIsrRequest {
    /// Versions: 0+
    pub controller_id: i32,
    /// Versions: 7+; default: false
    pub is_k_raft_controller: bool,
    /// Versions: 0+
    pub controller_epoch: i32,
    /// Versions: 2+; default: -1
    pub broker_epoch: i64,
    /// Versions: 5+
    pub r#type: i8,
    /// Versions: 0-1
    pub ungrouped_partition_states: Vec<LeaderAndIsrPartitionState>,
    /// Versions: 2+
    pub topic_states: Vec<LeaderAndIsrTopicState>,
    /// Versions: 0+
    pub live_leaders: Vec<LeaderAndIsrLiveLeader>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrRequest {
    fn default() -> Self {
        Self {
            controller_id: 0,
            is_k_raft_controller: false,
            controller_epoch: 0,
            broker_epoch: -1,
            r#type: 0,
            ungrouped_partition_states: Vec::<LeaderAndIsrPartitionState>::new(),
            topic_states: Vec::<LeaderAndIsrTopicState>::new(),
            live_leaders: Vec::<LeaderAndIsrLiveLeader>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "LeaderAndIsrRequest",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.controller_id = read_i32(buf)?;
        }
        if version >= 7 {
            this.is_k_raft_controller = read_bool(buf)?;
        }
        if true {
            this.controller_epoch = read_i32(buf)?;
        }
        if version >= 2 {
            this.broker_epoch = read_i64(buf)?;
        }
        if version >= 5 {
            this.r#type = read_i8(buf)?;
        }
        if version <= 1 {
            this.ungrouped_partition_states = read_array(
                buf,
                flexible,
                1,
                "UngroupedPartitionStates",
                |b: &mut Bytes| LeaderAndIsrPartitionState::decode(version, b),
            )?;
        }
        if version >= 2 {
            this.topic_states = read_array(buf, flexible, 1, "TopicStates", |b: &mut Bytes| {
                LeaderAndIsrTopicState::decode(version, b)
            })?;
        }
        if true {
            this.live_leaders = read_array(buf, flexible, 1, "LiveLeaders", |b: &mut Bytes| {
                LeaderAndIsrLiveLeader::decode(version, b)
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
                what: "LeaderAndIsrRequest",
                version,
            });
        }
        let flexible = version >= 4;
        write_i32(buf, self.controller_id);
        if version >= 7 {
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
        if version >= 2 {
            write_i64(buf, self.broker_epoch);
        } else {
        }
        if version >= 5 {
            write_i8(buf, self.r#type);
        } else {
            if self.r#type != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Type",
                    version,
                });
            }
        }
        if version <= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "UngroupedPartitionStates",
                Some(self.ungrouped_partition_states.len()),
            )?;
            for e in self.ungrouped_partition_states.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.ungrouped_partition_states != Vec::<LeaderAndIsrPartitionState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "UngroupedPartitionStates",
                    version,
                });
            }
        }
        if version >= 2 {
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
            if self.topic_states != Vec::<LeaderAndIsrTopicState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicStates",
                    version,
                });
            }
        }
        write_array_len(
            buf,
            flexible,
            false,
            "LiveLeaders",
            Some(self.live_leaders.len()),
        )?;
        for e in self.live_leaders.iter() {
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
        if version >= 7 {
            len += 1;
        }
        if true {
            len += 4;
        }
        if version >= 2 {
            len += 8;
        }
        if version >= 5 {
            len += 1;
        }
        if version <= 1 {
            len += (array_len_len(flexible, Some(self.ungrouped_partition_states.len()))
                + self
                    .ungrouped_partition_states
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 2 {
            len += (array_len_len(flexible, Some(self.topic_states.len()))
                + self
                    .topic_states
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.live_leaders.len()))
                + self
                    .live_leaders
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
impl Sample for LeaderAndIsrRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.controller_id = g.i32();
        }
        if version >= 7 {
            this.is_k_raft_controller = g.bool();
        }
        if true {
            this.controller_epoch = g.i32();
        }
        if version >= 2 {
            this.broker_epoch = g.i64();
        }
        if version >= 5 {
            this.r#type = g.i8();
        }
        if version <= 1 {
            this.ungrouped_partition_states =
                g.vec(|g| LeaderAndIsrPartitionState::sample(version, g));
        }
        if version >= 2 {
            this.topic_states = g.vec(|g| LeaderAndIsrTopicState::sample(version, g));
        }
        if true {
            this.live_leaders = g.vec(|g| LeaderAndIsrLiveLeader::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for LeaderAndIsrRequest {
    const NAME: &'static str = "LeaderAndIsrRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 7 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAndIsrTopicState {
    /// Versions: 2+
    pub topic_name: String,
    /// Versions: 5+
    pub topic_id: Uuid,
    /// Versions: 2+
    pub partition_states: Vec<LeaderAndIsrPartitionState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrTopicState {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            topic_id: Uuid::nil(),
            partition_states: Vec::<LeaderAndIsrPartitionState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrTopicState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 2 {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if version >= 5 {
            this.topic_id = read_uuid(buf)?;
        }
        if version >= 2 {
            this.partition_states =
                read_array(buf, flexible, 1, "PartitionStates", |b: &mut Bytes| {
                    LeaderAndIsrPartitionState::decode(version, b)
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
        if version >= 2 {
            write_string(buf, flexible, &self.topic_name)?;
        } else {
            if self.topic_name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicName",
                    version,
                });
            }
        }
        if version >= 5 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        if version >= 2 {
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
            if self.partition_states != Vec::<LeaderAndIsrPartitionState>::new() {
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if version >= 2 {
            len += string_len(flexible, Some(&self.topic_name));
        }
        if version >= 5 {
            len += 16;
        }
        if version >= 2 {
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
impl Sample for LeaderAndIsrTopicState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 2 {
            this.topic_name = g.string();
        }
        if version >= 5 {
            this.topic_id = g.uuid();
        }
        if version >= 2 {
            this.partition_states = g.vec(|g| LeaderAndIsrPartitionState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAndIsrLiveLeader {
    /// Versions: 0+
    pub broker_id: i32,
    /// Versions: 0+
    pub host_name: String,
    /// Versions: 0+
    pub port: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrLiveLeader {
    fn default() -> Self {
        Self {
            broker_id: 0,
            host_name: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrLiveLeader {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.broker_id = read_i32(buf)?;
        }
        if true {
            this.host_name = read_string(buf, flexible, "HostName")?;
        }
        if true {
            this.port = read_i32(buf)?;
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
        write_i32(buf, self.broker_id);
        write_string(buf, flexible, &self.host_name)?;
        write_i32(buf, self.port);
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
            len += string_len(flexible, Some(&self.host_name));
        }
        if true {
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
impl Sample for LeaderAndIsrLiveLeader {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.broker_id = g.i32();
        }
        if true {
            this.host_name = g.string();
        }
        if true {
            this.port = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAndIsrPartitionState {
    /// Versions: 0-1
    pub topic_name: String,
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub controller_epoch: i32,
    /// Versions: 0+
    pub leader: i32,
    /// Versions: 0+
    pub leader_epoch: i32,
    /// Versions: 0+
    pub isr: Vec<i32>,
    /// Versions: 0+
    pub partition_epoch: i32,
    /// Versions: 0+
    pub replicas: Vec<i32>,
    /// Versions: 3+
    pub adding_replicas: Vec<i32>,
    /// Versions: 3+
    pub removing_replicas: Vec<i32>,
    /// Versions: 1+; default: false
    pub is_new: bool,
    /// Versions: 6+; default: 0
    pub leader_recovery_state: i8,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderAndIsrPartitionState {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_index: 0,
            controller_epoch: 0,
            leader: 0,
            leader_epoch: 0,
            isr: Vec::<i32>::new(),
            partition_epoch: 0,
            replicas: Vec::<i32>::new(),
            adding_replicas: Vec::<i32>::new(),
            removing_replicas: Vec::<i32>::new(),
            is_new: false,
            leader_recovery_state: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderAndIsrPartitionState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version <= 1 {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.controller_epoch = read_i32(buf)?;
        }
        if true {
            this.leader = read_i32(buf)?;
        }
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if true {
            this.isr = read_array(buf, flexible, 4, "Isr", read_i32)?;
        }
        if true {
            this.partition_epoch = read_i32(buf)?;
        }
        if true {
            this.replicas = read_array(buf, flexible, 4, "Replicas", read_i32)?;
        }
        if version >= 3 {
            this.adding_replicas = read_array(buf, flexible, 4, "AddingReplicas", read_i32)?;
        }
        if version >= 3 {
            this.removing_replicas = read_array(buf, flexible, 4, "RemovingReplicas", read_i32)?;
        }
        if version >= 1 {
            this.is_new = read_bool(buf)?;
        }
        if version >= 6 {
            this.leader_recovery_state = read_i8(buf)?;
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
        if version <= 1 {
            write_string(buf, flexible, &self.topic_name)?;
        } else {
        }
        write_i32(buf, self.partition_index);
        write_i32(buf, self.controller_epoch);
        write_i32(buf, self.leader);
        write_i32(buf, self.leader_epoch);
        write_array_len(buf, flexible, false, "Isr", Some(self.isr.len()))?;
        for e in self.isr.iter() {
            write_i32(buf, *e);
        }
        write_i32(buf, self.partition_epoch);
        write_array_len(buf, flexible, false, "Replicas", Some(self.replicas.len()))?;
        for e in self.replicas.iter() {
            write_i32(buf, *e);
        }
        if version >= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "AddingReplicas",
                Some(self.adding_replicas.len()),
            )?;
            for e in self.adding_replicas.iter() {
                write_i32(buf, *e);
            }
        } else {
        }
        if version >= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "RemovingReplicas",
                Some(self.removing_replicas.len()),
            )?;
            for e in self.removing_replicas.iter() {
                write_i32(buf, *e);
            }
        } else {
        }
        if version >= 1 {
            write_bool(buf, self.is_new);
        } else {
        }
        if version >= 6 {
            write_i8(buf, self.leader_recovery_state);
        } else {
            if self.leader_recovery_state != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderRecoveryState",
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
        if version <= 1 {
            len += string_len(flexible, Some(&self.topic_name));
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.isr.len())) + self.isr.len() * 4);
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.replicas.len())) + self.replicas.len() * 4);
        }
        if version >= 3 {
            len += (array_len_len(flexible, Some(self.adding_replicas.len()))
                + self.adding_replicas.len() * 4);
        }
        if version >= 3 {
            len += (array_len_len(flexible, Some(self.removing_replicas.len()))
                + self.removing_replicas.len() * 4);
        }
        if version >= 1 {
            len += 1;
        }
        if version >= 6 {
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
impl Sample for LeaderAndIsrPartitionState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version <= 1 {
            this.topic_name = g.string();
        }
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.controller_epoch = g.i32();
        }
        if true {
            this.leader = g.i32();
        }
        if true {
            this.leader_epoch = g.i32();
        }
        if true {
            this.isr = g.vec(|g| g.i32());
        }
        if true {
            this.partition_epoch = g.i32();
        }
        if true {
            this.replicas = g.vec(|g| g.i32());
        }
        if version >= 3 {
            this.adding_replicas = g.vec(|g| g.i32());
        }
        if version >= 3 {
            this.removing_replicas = g.vec(|g| g.i32());
        }
        if version >= 1 {
            this.is_new = g.bool();
        }
        if version >= 6 {
            this.leader_recovery_state = g.i8();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
