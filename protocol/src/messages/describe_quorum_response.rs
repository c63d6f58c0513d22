//! DescribeQuorumResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 0+.
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
pub struct DescribeQuorumResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 2+; nullable: 2+
    pub error_message: Option<String>,
    /// Versions: 0+
    pub topics: Vec<TopicData>,
    /// Versions: 2+
    pub nodes: Vec<Node>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeQuorumResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            error_message: Some(String::new()),
            topics: Vec::<TopicData>::new(),
            nodes: Vec::<Node>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeQuorumResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeQuorumResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 2 {
            this.error_message = read_nullable_string(buf, flexible, version >= 2, "ErrorMessage")?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                TopicData::decode(version, b)
            })?;
        }
        if version >= 2 {
            this.nodes = read_array(buf, flexible, 1, "Nodes", |b: &mut Bytes| {
                Node::decode(version, b)
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
                what: "DescribeQuorumResponse",
                version,
            });
        }
        let flexible = true;
        write_i16(buf, self.error_code);
        if version >= 2 {
            write_nullable_string(
                buf,
                flexible,
                version >= 2,
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
        }
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        if version >= 2 {
            write_array_len(buf, flexible, false, "Nodes", Some(self.nodes.len()))?;
            for e in self.nodes.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.nodes != Vec::<Node>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Nodes",
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if version >= 2 {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 2 {
            len += (array_len_len(flexible, Some(self.nodes.len()))
                + self
                    .nodes
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
impl Sample for DescribeQuorumResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if version >= 2 {
            this.error_message = if version >= 2 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.topics = g.vec(|g| TopicData::sample(version, g));
        }
        if version >= 2 {
            this.nodes = g.vec(|g| Node::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeQuorumResponse {
    const NAME: &'static str = "DescribeQuorumResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
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
        let flexible = true;
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
        let flexible = true;
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
        let flexible = true;
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
        let flexible = true;
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
    pub error_code: i16,
    /// Versions: 2+; nullable: 2+
    pub error_message: Option<String>,
    /// Versions: 0+
    pub leader_id: i32,
    /// Versions: 0+
    pub leader_epoch: i32,
    /// Versions: 0+
    pub high_watermark: i64,
    /// Versions: 0+
    pub current_voters: Vec<ReplicaState>,
    /// Versions: 0+
    pub observers: Vec<ReplicaState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionData {
    fn default() -> Self {
        Self {
            partition_index: 0,
            error_code: 0,
            error_message: Some(String::new()),
            leader_id: 0,
            leader_epoch: 0,
            high_watermark: 0,
            current_voters: Vec::<ReplicaState>::new(),
            observers: Vec::<ReplicaState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 2 {
            this.error_message = read_nullable_string(buf, flexible, version >= 2, "ErrorMessage")?;
        }
        if true {
            this.leader_id = read_i32(buf)?;
        }
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if true {
            this.high_watermark = read_i64(buf)?;
        }
        if true {
            this.current_voters =
                read_array(buf, flexible, 1, "CurrentVoters", |b: &mut Bytes| {
                    ReplicaState::decode(version, b)
                })?;
        }
        if true {
            this.observers = read_array(buf, flexible, 1, "Observers", |b: &mut Bytes| {
                ReplicaState::decode(version, b)
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
        let flexible = true;
        write_i32(buf, self.partition_index);
        write_i16(buf, self.error_code);
        if version >= 2 {
            write_nullable_string(
                buf,
                flexible,
                version >= 2,
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
        }
        write_i32(buf, self.leader_id);
        write_i32(buf, self.leader_epoch);
        write_i64(buf, self.high_watermark);
        write_array_len(
            buf,
            flexible,
            false,
            "CurrentVoters",
            Some(self.current_voters.len()),
        )?;
        for e in self.current_voters.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "Observers",
            Some(self.observers.len()),
        )?;
        for e in self.observers.iter() {
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if version >= 2 {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
            len += 8;
        }
        if true {
            len += (array_len_len(flexible, Some(self.current_voters.len()))
                + self
                    .current_voters
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += (array_len_len(flexible, Some(self.observers.len()))
                + self
                    .observers
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
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if version >= 2 {
            this.error_message = if version >= 2 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.leader_id = g.i32();
        }
        if true {
            this.leader_epoch = g.i32();
        }
        if true {
            this.high_watermark = g.i64();
        }
        if true {
            this.current_voters = g.vec(|g| ReplicaState::sample(version, g));
        }
        if true {
            this.observers = g.vec(|g| ReplicaState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Versions: 2+
    pub node_id: i32,
    /// Versions: 2+
    pub listeners: Vec<Listener>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Node {
    fn default() -> Self {
        Self {
            node_id: 0,
            listeners: Vec::<Listener>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Node {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 2 {
            this.node_id = read_i32(buf)?;
        }
        if version >= 2 {
            this.listeners = read_array(buf, flexible, 1, "Listeners", |b: &mut Bytes| {
                Listener::decode(version, b)
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
        let flexible = true;
        if version >= 2 {
            write_i32(buf, self.node_id);
        } else {
            if self.node_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeId",
                    version,
                });
            }
        }
        if version >= 2 {
            write_array_len(
                buf,
                flexible,
                false,
                "Listeners",
                Some(self.listeners.len()),
            )?;
            for e in self.listeners.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.listeners != Vec::<Listener>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Listeners",
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
        let flexible = true;
        let mut len = 0usize;
        if version >= 2 {
            len += 4;
        }
        if version >= 2 {
            len += (array_len_len(flexible, Some(self.listeners.len()))
                + self
                    .listeners
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
impl Sample for Node {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 2 {
            this.node_id = g.i32();
        }
        if version >= 2 {
            this.listeners = g.vec(|g| Listener::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    /// Versions: 2+
    pub name: String,
    /// Versions: 2+
    pub host: String,
    /// Versions: 2+
    pub port: u16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Listener {
    fn default() -> Self {
        Self {
            name: String::new(),
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Listener {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 2 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 2 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version >= 2 {
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
        let flexible = true;
        if version >= 2 {
            write_string(buf, flexible, &self.name)?;
        } else {
            if self.name != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 2 {
            write_string(buf, flexible, &self.host)?;
        } else {
            if self.host != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Host",
                    version,
                });
            }
        }
        if version >= 2 {
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
        let flexible = true;
        let mut len = 0usize;
        if version >= 2 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 2 {
            len += string_len(flexible, Some(&self.host));
        }
        if version >= 2 {
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
impl Sample for Listener {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 2 {
            this.name = g.string();
        }
        if version >= 2 {
            this.host = g.string();
        }
        if version >= 2 {
            this.port = g.u16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaState {
    /// Versions: 0+
    pub replica_id: i32,
    /// Versions: 2+
    pub replica_directory_id: Uuid,
    /// Versions: 0+
    pub log_end_offset: i64,
    /// Versions: 1+; default: -1
    pub last_fetch_timestamp: i64,
    /// Versions: 1+; default: -1
    pub last_caught_up_timestamp: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ReplicaState {
    fn default() -> Self {
        Self {
            replica_id: 0,
            replica_directory_id: Uuid::nil(),
            log_end_offset: 0,
            last_fetch_timestamp: -1,
            last_caught_up_timestamp: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ReplicaState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.replica_id = read_i32(buf)?;
        }
        if version >= 2 {
            this.replica_directory_id = read_uuid(buf)?;
        }
        if true {
            this.log_end_offset = read_i64(buf)?;
        }
        if version >= 1 {
            this.last_fetch_timestamp = read_i64(buf)?;
        }
        if version >= 1 {
            this.last_caught_up_timestamp = read_i64(buf)?;
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
        let flexible = true;
        write_i32(buf, self.replica_id);
        if version >= 2 {
            write_uuid(buf, &self.replica_directory_id);
        } else {
            if self.replica_directory_id != Uuid::nil() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ReplicaDirectoryId",
                    version,
                });
            }
        }
        write_i64(buf, self.log_end_offset);
        if version >= 1 {
            write_i64(buf, self.last_fetch_timestamp);
        } else {
        }
        if version >= 1 {
            write_i64(buf, self.last_caught_up_timestamp);
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version >= 2 {
            len += 16;
        }
        if true {
            len += 8;
        }
        if version >= 1 {
            len += 8;
        }
        if version >= 1 {
            len += 8;
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
impl Sample for ReplicaState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.replica_id = g.i32();
        }
        if version >= 2 {
            this.replica_directory_id = g.uuid();
        }
        if true {
            this.log_end_offset = g.i64();
        }
        if version >= 1 {
            this.last_fetch_timestamp = g.i64();
        }
        if version >= 1 {
            this.last_caught_up_timestamp = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
