//! MetadataResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-13; flexible versions: 9+.
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
pub struct MetadataResponse {
    /// Versions: 3+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub brokers: Vec<MetadataResponseBroker>,
    /// Versions: 2+; nullable: 2+; default: null
    pub cluster_id: Option<String>,
    /// Versions: 1+; default: -1
    pub controller_id: i32,
    /// Versions: 0+
    pub topics: Vec<MetadataResponseTopic>,
    /// Versions: 8-10; default: -2147483648
    pub cluster_authorized_operations: i32,
    /// Versions: 13+
    pub error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MetadataResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            brokers: Vec::<MetadataResponseBroker>::new(),
            cluster_id: None,
            controller_id: -1,
            topics: Vec::<MetadataResponseTopic>::new(),
            cluster_authorized_operations: -2147483648,
            error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MetadataResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "MetadataResponse",
                version,
            });
        }
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 3 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.brokers = read_array(buf, flexible, 1, "Brokers", |b: &mut Bytes| {
                MetadataResponseBroker::decode(version, b)
            })?;
        }
        if version >= 2 {
            this.cluster_id = read_nullable_string(buf, flexible, version >= 2, "ClusterId")?;
        }
        if version >= 1 {
            this.controller_id = read_i32(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                MetadataResponseTopic::decode(version, b)
            })?;
        }
        if (version >= 8 && version <= 10) {
            this.cluster_authorized_operations = read_i32(buf)?;
        }
        if version >= 13 {
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
        if !Self::VERSIONS.contains(version) {
            return Err(EncodeError::UnsupportedVersion {
                what: "MetadataResponse",
                version,
            });
        }
        let flexible = version >= 9;
        if version >= 3 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        write_array_len(buf, flexible, false, "Brokers", Some(self.brokers.len()))?;
        for e in self.brokers.iter() {
            e.encode(version, buf)?;
        }
        if version >= 2 {
            write_nullable_string(
                buf,
                flexible,
                version >= 2,
                "ClusterId",
                self.cluster_id.as_deref(),
            )?;
        } else {
        }
        if version >= 1 {
            write_i32(buf, self.controller_id);
        } else {
        }
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        if (version >= 8 && version <= 10) {
            write_i32(buf, self.cluster_authorized_operations);
        } else {
            if self.cluster_authorized_operations != -2147483648 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ClusterAuthorizedOperations",
                    version,
                });
            }
        }
        if version >= 13 {
            write_i16(buf, self.error_code);
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if version >= 3 {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.brokers.len()))
                + self
                    .brokers
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 2 {
            len += string_len(flexible, self.cluster_id.as_deref());
        }
        if version >= 1 {
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
        if (version >= 8 && version <= 10) {
            len += 4;
        }
        if version >= 13 {
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
impl Sample for MetadataResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 3 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.brokers = g.vec(|g| MetadataResponseBroker::sample(version, g));
        }
        if version >= 2 {
            this.cluster_id = if version >= 2 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 1 {
            this.controller_id = g.i32();
        }
        if true {
            this.topics = g.vec(|g| MetadataResponseTopic::sample(version, g));
        }
        if (version >= 8 && version <= 10) {
            this.cluster_authorized_operations = g.i32();
        }
        if version >= 13 {
            this.error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for MetadataResponse {
    const NAME: &'static str = "MetadataResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 13 };
    const FLEXIBLE_MIN: Option<i16> = Some(9);
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetadataResponseBroker {
    /// Versions: 0+
    pub node_id: i32,
    /// Versions: 0+
    pub host: String,
    /// Versions: 0+
    pub port: i32,
    /// Versions: 1+; nullable: 1+; default: null
    pub rack: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MetadataResponseBroker {
    fn default() -> Self {
        Self {
            node_id: 0,
            host: String::new(),
            port: 0,
            rack: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MetadataResponseBroker {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.node_id = read_i32(buf)?;
        }
        if true {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if true {
            this.port = read_i32(buf)?;
        }
        if version >= 1 {
            this.rack = read_nullable_string(buf, flexible, version >= 1, "Rack")?;
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
        let flexible = version >= 9;
        write_i32(buf, self.node_id);
        write_string(buf, flexible, &self.host)?;
        write_i32(buf, self.port);
        if version >= 1 {
            write_nullable_string(buf, flexible, version >= 1, "Rack", self.rack.as_deref())?;
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.host));
        }
        if true {
            len += 4;
        }
        if version >= 1 {
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
impl Sample for MetadataResponseBroker {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.node_id = g.i32();
        }
        if true {
            this.host = g.string();
        }
        if true {
            this.port = g.i32();
        }
        if version >= 1 {
            this.rack = if version >= 1 && g.null() {
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
pub struct MetadataResponseTopic {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 12+
    pub name: Option<String>,
    /// Versions: 10+
    pub topic_id: Uuid,
    /// Versions: 1+; default: false
    pub is_internal: bool,
    /// Versions: 0+
    pub partitions: Vec<MetadataResponsePartition>,
    /// Versions: 8+; default: -2147483648
    pub topic_authorized_operations: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MetadataResponseTopic {
    fn default() -> Self {
        Self {
            error_code: 0,
            name: Some(String::new()),
            topic_id: Uuid::nil(),
            is_internal: false,
            partitions: Vec::<MetadataResponsePartition>::new(),
            topic_authorized_operations: -2147483648,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MetadataResponseTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.name = read_nullable_string(buf, flexible, version >= 12, "Name")?;
        }
        if version >= 10 {
            this.topic_id = read_uuid(buf)?;
        }
        if version >= 1 {
            this.is_internal = read_bool(buf)?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                MetadataResponsePartition::decode(version, b)
            })?;
        }
        if version >= 8 {
            this.topic_authorized_operations = read_i32(buf)?;
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
        let flexible = version >= 9;
        write_i16(buf, self.error_code);
        write_nullable_string(buf, flexible, version >= 12, "Name", self.name.as_deref())?;
        if version >= 10 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        if version >= 1 {
            write_bool(buf, self.is_internal);
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
        if version >= 8 {
            write_i32(buf, self.topic_authorized_operations);
        } else {
            if self.topic_authorized_operations != -2147483648 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicAuthorizedOperations",
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += string_len(flexible, self.name.as_deref());
        }
        if version >= 10 {
            len += 16;
        }
        if version >= 1 {
            len += 1;
        }
        if true {
            len += (array_len_len(flexible, Some(self.partitions.len()))
                + self
                    .partitions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 8 {
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
impl Sample for MetadataResponseTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.name = if version >= 12 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 10 {
            this.topic_id = g.uuid();
        }
        if version >= 1 {
            this.is_internal = g.bool();
        }
        if true {
            this.partitions = g.vec(|g| MetadataResponsePartition::sample(version, g));
        }
        if version >= 8 {
            this.topic_authorized_operations = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetadataResponsePartition {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub leader_id: i32,
    /// Versions: 7+; default: -1
    pub leader_epoch: i32,
    /// Versions: 0+
    pub replica_nodes: Vec<i32>,
    /// Versions: 0+
    pub isr_nodes: Vec<i32>,
    /// Versions: 5+
    pub offline_replicas: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MetadataResponsePartition {
    fn default() -> Self {
        Self {
            error_code: 0,
            partition_index: 0,
            leader_id: 0,
            leader_epoch: -1,
            replica_nodes: Vec::<i32>::new(),
            isr_nodes: Vec::<i32>::new(),
            offline_replicas: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MetadataResponsePartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.leader_id = read_i32(buf)?;
        }
        if version >= 7 {
            this.leader_epoch = read_i32(buf)?;
        }
        if true {
            this.replica_nodes = read_array(buf, flexible, 4, "ReplicaNodes", read_i32)?;
        }
        if true {
            this.isr_nodes = read_array(buf, flexible, 4, "IsrNodes", read_i32)?;
        }
        if version >= 5 {
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
        let flexible = version >= 9;
        write_i16(buf, self.error_code);
        write_i32(buf, self.partition_index);
        write_i32(buf, self.leader_id);
        if version >= 7 {
            write_i32(buf, self.leader_epoch);
        } else {
        }
        write_array_len(
            buf,
            flexible,
            false,
            "ReplicaNodes",
            Some(self.replica_nodes.len()),
        )?;
        for e in self.replica_nodes.iter() {
            write_i32(buf, *e);
        }
        write_array_len(buf, flexible, false, "IsrNodes", Some(self.isr_nodes.len()))?;
        for e in self.isr_nodes.iter() {
            write_i32(buf, *e);
        }
        if version >= 5 {
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if true {
            len += 2;
        }
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if version >= 7 {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.replica_nodes.len()))
                + self.replica_nodes.len() * 4);
        }
        if true {
            len += (array_len_len(flexible, Some(self.isr_nodes.len())) + self.isr_nodes.len() * 4);
        }
        if version >= 5 {
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
impl Sample for MetadataResponsePartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.leader_id = g.i32();
        }
        if version >= 7 {
            this.leader_epoch = g.i32();
        }
        if true {
            this.replica_nodes = g.vec(|g| g.i32());
        }
        if true {
            this.isr_nodes = g.vec(|g| g.i32());
        }
        if version >= 5 {
            this.offline_replicas = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
