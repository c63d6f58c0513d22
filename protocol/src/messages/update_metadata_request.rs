//! UpdateMetadataRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-8; flexible versions: 6+.
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
pub struct UpdateMetadataRequest {
    /// Versions: 0+
    pub controller_id: i32,
    /// Versions: 8+; default: false
    pub is_k_raft_controller: bool,
    /// Versions: 8+; tag 0 in 8+; default: 0
    pub r#type: i8,
    /// Versions: 0+
    pub controller_epoch: i32,
    /// Versions: 5+; default: -1
    pub broker_epoch: i64,
    /// Versions: 0-4
    pub ungrouped_partition_states: Vec<UpdateMetadataPartitionState>,
    /// Versions: 5+
    pub topic_states: Vec<UpdateMetadataTopicState>,
    /// Versions: 0+
    pub live_brokers: Vec<UpdateMetadataBroker>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateMetadataRequest {
    fn default() -> Self {
        Self {
            controller_id: 0,
            is_k_raft_controller: false,
            r#type: 0,
            controller_epoch: 0,
            broker_epoch: -1,
            ungrouped_partition_states: Vec::<UpdateMetadataPartitionState>::new(),
            topic_states: Vec::<UpdateMetadataTopicState>::new(),
            live_brokers: Vec::<UpdateMetadataBroker>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateMetadataRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "UpdateMetadataRequest",
                version,
            });
        }
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.controller_id = read_i32(buf)?;
        }
        if version >= 8 {
            this.is_k_raft_controller = read_bool(buf)?;
        }
        if true {
            this.controller_epoch = read_i32(buf)?;
        }
        if version >= 5 {
            this.broker_epoch = read_i64(buf)?;
        }
        if version <= 4 {
            this.ungrouped_partition_states = read_array(
                buf,
                flexible,
                1,
                "UngroupedPartitionStates",
                |b: &mut Bytes| UpdateMetadataPartitionState::decode(version, b),
            )?;
        }
        if version >= 5 {
            this.topic_states = read_array(buf, flexible, 1, "TopicStates", |b: &mut Bytes| {
                UpdateMetadataTopicState::decode(version, b)
            })?;
        }
        if true {
            this.live_brokers = read_array(buf, flexible, 1, "LiveBrokers", |b: &mut Bytes| {
                UpdateMetadataBroker::decode(version, b)
            })?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 8 => {
                        this.r#type = read_i8(&mut body)?;
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
        if !Self::VERSIONS.contains(version) {
            return Err(EncodeError::UnsupportedVersion {
                what: "UpdateMetadataRequest",
                version,
            });
        }
        let flexible = version >= 6;
        write_i32(buf, self.controller_id);
        if version >= 8 {
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
        if version >= 5 {
            write_i64(buf, self.broker_epoch);
        } else {
        }
        if version <= 4 {
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
            if self.ungrouped_partition_states != Vec::<UpdateMetadataPartitionState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "UngroupedPartitionStates",
                    version,
                });
            }
        }
        if version >= 5 {
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
            if self.topic_states != Vec::<UpdateMetadataTopicState>::new() {
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
            "LiveBrokers",
            Some(self.live_brokers.len()),
        )?;
        for e in self.live_brokers.iter() {
            e.encode(version, buf)?;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 8 && self.r#type != 0 {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 8 && self.r#type != 0 {
                write_uvarint(buf, 0);
                write_uvarint(buf, (1) as u32);
                write_i8(buf, self.r#type);
            } else {
                if !(version >= 8) {
                    if self.r#type != 0 {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "Type",
                            version,
                        });
                    }
                }
            }
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 1..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 6;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version >= 8 {
            len += 1;
        }
        if true {
            len += 4;
        }
        if version >= 5 {
            len += 8;
        }
        if version <= 4 {
            len += (array_len_len(flexible, Some(self.ungrouped_partition_states.len()))
                + self
                    .ungrouped_partition_states
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 5 {
            len += (array_len_len(flexible, Some(self.topic_states.len()))
                + self
                    .topic_states
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.live_brokers.len()))
                + self
                    .live_brokers
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 8 && self.r#type != 0 {
                count += 1;
                let n = 1;
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for UpdateMetadataRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.controller_id = g.i32();
        }
        if version >= 8 {
            this.is_k_raft_controller = g.bool();
        }
        if flexible && version >= 8 {
            this.r#type = g.i8();
        }
        if true {
            this.controller_epoch = g.i32();
        }
        if version >= 5 {
            this.broker_epoch = g.i64();
        }
        if version <= 4 {
            this.ungrouped_partition_states =
                g.vec(|g| UpdateMetadataPartitionState::sample(version, g));
        }
        if version >= 5 {
            this.topic_states = g.vec(|g| UpdateMetadataTopicState::sample(version, g));
        }
        if true {
            this.live_brokers = g.vec(|g| UpdateMetadataBroker::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for UpdateMetadataRequest {
    const NAME: &'static str = "UpdateMetadataRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 8 };
    const FLEXIBLE_MIN: Option<i16> = Some(6);
}

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateMetadataTopicState {
    /// Versions: 5+
    pub topic_name: String,
    /// Versions: 7+
    pub topic_id: Uuid,
    /// Versions: 5+
    pub partition_states: Vec<UpdateMetadataPartitionState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateMetadataTopicState {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            topic_id: Uuid::nil(),
            partition_states: Vec::<UpdateMetadataPartitionState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateMetadataTopicState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 5 {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if version >= 7 {
            this.topic_id = read_uuid(buf)?;
        }
        if version >= 5 {
            this.partition_states =
                read_array(buf, flexible, 1, "PartitionStates", |b: &mut Bytes| {
                    UpdateMetadataPartitionState::decode(version, b)
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
        if version >= 5 {
            write_string(buf, flexible, &self.topic_name)?;
        } else {
            if self.topic_name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicName",
                    version,
                });
            }
        }
        if version >= 7 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        if version >= 5 {
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
            if self.partition_states != Vec::<UpdateMetadataPartitionState>::new() {
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if version >= 5 {
            len += string_len(flexible, Some(&self.topic_name));
        }
        if version >= 7 {
            len += 16;
        }
        if version >= 5 {
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
impl Sample for UpdateMetadataTopicState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 5 {
            this.topic_name = g.string();
        }
        if version >= 7 {
            this.topic_id = g.uuid();
        }
        if version >= 5 {
            this.partition_states = g.vec(|g| UpdateMetadataPartitionState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateMetadataBroker {
    /// Versions: 0+
    pub id: i32,
    /// Versions: 0-0
    pub v0_host: String,
    /// Versions: 0-0
    pub v0_port: i32,
    /// Versions: 1+
    pub endpoints: Vec<UpdateMetadataEndpoint>,
    /// Versions: 2+; nullable: 0+
    pub rack: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateMetadataBroker {
    fn default() -> Self {
        Self {
            id: 0,
            v0_host: String::new(),
            v0_port: 0,
            endpoints: Vec::<UpdateMetadataEndpoint>::new(),
            rack: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateMetadataBroker {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.id = read_i32(buf)?;
        }
        if version == 0 {
            this.v0_host = read_string(buf, flexible, "V0Host")?;
        }
        if version == 0 {
            this.v0_port = read_i32(buf)?;
        }
        if version >= 1 {
            this.endpoints = read_array(buf, flexible, 1, "Endpoints", |b: &mut Bytes| {
                UpdateMetadataEndpoint::decode(version, b)
            })?;
        }
        if version >= 2 {
            this.rack = read_nullable_string(buf, flexible, true, "Rack")?;
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
        write_i32(buf, self.id);
        if version == 0 {
            write_string(buf, flexible, &self.v0_host)?;
        } else {
        }
        if version == 0 {
            write_i32(buf, self.v0_port);
        } else {
        }
        if version >= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "Endpoints",
                Some(self.endpoints.len()),
            )?;
            for e in self.endpoints.iter() {
                e.encode(version, buf)?;
            }
        } else {
        }
        if version >= 2 {
            write_nullable_string(buf, flexible, true, "Rack", self.rack.as_deref())?;
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version == 0 {
            len += string_len(flexible, Some(&self.v0_host));
        }
        if version == 0 {
            len += 4;
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.endpoints.len()))
                + self
                    .endpoints
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 2 {
            len += string_len(flexible, self.rack.as_deref());
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
impl Sample for UpdateMetadataBroker {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if true {
            this.id = g.i32();
        }
        if version == 0 {
            this.v0_host = g.string();
        }
        if version == 0 {
            this.v0_port = g.i32();
        }
        if version >= 1 {
            this.endpoints = g.vec(|g| UpdateMetadataEndpoint::sample(version, g));
        }
        if version >= 2 {
            this.rack = if true && g.null() {
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

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateMetadataEndpoint {
    /// Versions: 1+
    pub port: i32,
    /// Versions: 1+
    pub host: String,
    /// Versions: 3+
    pub listener: String,
    /// Versions: 1+
    pub security_protocol: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateMetadataEndpoint {
    fn default() -> Self {
        Self {
            port: 0,
            host: String::new(),
            listener: String::new(),
            security_protocol: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateMetadataEndpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 1 {
            this.port = read_i32(buf)?;
        }
        if version >= 1 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version >= 3 {
            this.listener = read_string(buf, flexible, "Listener")?;
        }
        if version >= 1 {
            this.security_protocol = read_i16(buf)?;
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
        if version >= 1 {
            write_i32(buf, self.port);
        } else {
            if self.port != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Port",
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
        if version >= 3 {
            write_string(buf, flexible, &self.listener)?;
        } else {
        }
        if version >= 1 {
            write_i16(buf, self.security_protocol);
        } else {
            if self.security_protocol != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SecurityProtocol",
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
        if version >= 1 {
            len += 4;
        }
        if version >= 1 {
            len += string_len(flexible, Some(&self.host));
        }
        if version >= 3 {
            len += string_len(flexible, Some(&self.listener));
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
impl Sample for UpdateMetadataEndpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version >= 1 {
            this.port = g.i32();
        }
        if version >= 1 {
            this.host = g.string();
        }
        if version >= 3 {
            this.listener = g.string();
        }
        if version >= 1 {
            this.security_protocol = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UpdateMetadataPartitionState {
    /// Versions: 0-4
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
    pub zk_version: i32,
    /// Versions: 0+
    pub replicas: Vec<i32>,
    /// Versions: 4+
    pub offline_replicas: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for UpdateMetadataPartitionState {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_index: 0,
            controller_epoch: 0,
            leader: 0,
            leader_epoch: 0,
            isr: Vec::<i32>::new(),
            zk_version: 0,
            replicas: Vec::<i32>::new(),
            offline_replicas: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for UpdateMetadataPartitionState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 4 {
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
            this.zk_version = read_i32(buf)?;
        }
        if true {
            this.replicas = read_array(buf, flexible, 4, "Replicas", read_i32)?;
        }
        if version >= 4 {
            this.offline_replicas = read_array(buf, flexible, 4, "OfflineReplicas", read_i32)?;
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
        if version <= 4 {
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
        write_i32(buf, self.zk_version);
        write_array_len(buf, flexible, false, "Replicas", Some(self.replicas.len()))?;
        for e in self.replicas.iter() {
            write_i32(buf, *e);
        }
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "OfflineReplicas",
                Some(self.offline_replicas.len()),
            )?;
            for e in self.offline_replicas.iter() {
                write_i32(buf, *e);
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
        let flexible = version >= 6;
        let mut len = 0usize;
        if version <= 4 {
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
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.offline_replicas.len()))
                + self.offline_replicas.len() * 4);
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
impl Sample for UpdateMetadataPartitionState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 6;
        let mut this = Self::default();
        if version <= 4 {
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
            this.zk_version = g.i32();
        }
        if true {
            this.replicas = g.vec(|g| g.i32());
        }
        if version >= 4 {
            this.offline_replicas = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
