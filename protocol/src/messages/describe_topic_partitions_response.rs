//! DescribeTopicPartitionsResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-0; flexible versions: 0+.
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
pub struct DescribeTopicPartitionsResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub topics: Vec<DescribeTopicPartitionsResponseTopic>,
    /// Versions: 0+; nullable: 0+; default: null
    pub next_cursor: Option<Cursor>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeTopicPartitionsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            topics: Vec::<DescribeTopicPartitionsResponseTopic>::new(),
            next_cursor: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeTopicPartitionsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeTopicPartitionsResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                DescribeTopicPartitionsResponseTopic::decode(version, b)
            })?;
        }
        if true {
            this.next_cursor = if !(true) || read_struct_marker(buf)? {
                Some(Cursor::decode(version, buf)?)
            } else {
                None
            };
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
                what: "DescribeTopicPartitionsResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        match &self.next_cursor {
            None if !(true) => return Err(EncodeError::NullNotAllowed("NextCursor")),
            None => write_i8(buf, -1),
            Some(s) => {
                if true {
                    write_i8(buf, 1);
                }
                s.encode(version, buf)?;
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
        if true {
            len += (if true { 1 } else { 0 }
                + self
                    .next_cursor
                    .as_ref()
                    .map_or(0, |s| s.encoded_len(version)));
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
impl Sample for DescribeTopicPartitionsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.topics = g.vec(|g| DescribeTopicPartitionsResponseTopic::sample(version, g));
        }
        if true {
            this.next_cursor = if true && g.null() {
                None
            } else {
                Some(Cursor::sample(version, g))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeTopicPartitionsResponse {
    const NAME: &'static str = "DescribeTopicPartitionsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeTopicPartitionsResponseTopic {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+
    pub name: Option<String>,
    /// Versions: 0+
    pub topic_id: Uuid,
    /// Versions: 0+; default: false
    pub is_internal: bool,
    /// Versions: 0+
    pub partitions: Vec<DescribeTopicPartitionsResponsePartition>,
    /// Versions: 0+; default: -2147483648
    pub topic_authorized_operations: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeTopicPartitionsResponseTopic {
    fn default() -> Self {
        Self {
            error_code: 0,
            name: Some(String::new()),
            topic_id: Uuid::nil(),
            is_internal: false,
            partitions: Vec::<DescribeTopicPartitionsResponsePartition>::new(),
            topic_authorized_operations: -2147483648,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeTopicPartitionsResponseTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.name = read_nullable_string(buf, flexible, true, "Name")?;
        }
        if true {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.is_internal = read_bool(buf)?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                DescribeTopicPartitionsResponsePartition::decode(version, b)
            })?;
        }
        if true {
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
        let flexible = true;
        write_i16(buf, self.error_code);
        write_nullable_string(buf, flexible, true, "Name", self.name.as_deref())?;
        write_uuid(buf, &self.topic_id);
        write_bool(buf, self.is_internal);
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
        write_i32(buf, self.topic_authorized_operations);
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
        if true {
            len += string_len(flexible, self.name.as_deref());
        }
        if true {
            len += 16;
        }
        if true {
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
impl Sample for DescribeTopicPartitionsResponseTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.name = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.topic_id = g.uuid();
        }
        if true {
            this.is_internal = g.bool();
        }
        if true {
            this.partitions =
                g.vec(|g| DescribeTopicPartitionsResponsePartition::sample(version, g));
        }
        if true {
            this.topic_authorized_operations = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DescribeTopicPartitionsResponsePartition {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub leader_id: i32,
    /// Versions: 0+; default: -1
    pub leader_epoch: i32,
    /// Versions: 0+
    pub replica_nodes: Vec<i32>,
    /// Versions: 0+
    pub isr_nodes: Vec<i32>,
    /// Versions: 0+; nullable: 0+; default: null
    pub eligible_leader_replicas: Option<Vec<i32>>,
    /// Versions: 0+; nullable: 0+; default: null
    pub last_known_elr: Option<Vec<i32>>,
    /// Versions: 0+
    pub offline_replicas: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeTopicPartitionsResponsePartition {
    fn default() -> Self {
        Self {
            error_code: 0,
            partition_index: 0,
            leader_id: 0,
            leader_epoch: -1,
            replica_nodes: Vec::<i32>::new(),
            isr_nodes: Vec::<i32>::new(),
            eligible_leader_replicas: None,
            last_known_elr: None,
            offline_replicas: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeTopicPartitionsResponsePartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
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
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if true {
            this.replica_nodes = read_array(buf, flexible, 4, "ReplicaNodes", read_i32)?;
        }
        if true {
            this.isr_nodes = read_array(buf, flexible, 4, "IsrNodes", read_i32)?;
        }
        if true {
            this.eligible_leader_replicas =
                read_nullable_array(buf, flexible, true, 4, "EligibleLeaderReplicas", read_i32)?;
        }
        if true {
            this.last_known_elr =
                read_nullable_array(buf, flexible, true, 4, "LastKnownElr", read_i32)?;
        }
        if true {
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
        let flexible = true;
        write_i16(buf, self.error_code);
        write_i32(buf, self.partition_index);
        write_i32(buf, self.leader_id);
        write_i32(buf, self.leader_epoch);
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
        write_array_len(
            buf,
            flexible,
            true,
            "EligibleLeaderReplicas",
            self.eligible_leader_replicas.as_ref().map(Vec::len),
        )?;
        for e in self.eligible_leader_replicas.iter().flatten() {
            write_i32(buf, *e);
        }
        write_array_len(
            buf,
            flexible,
            true,
            "LastKnownElr",
            self.last_known_elr.as_ref().map(Vec::len),
        )?;
        for e in self.last_known_elr.iter().flatten() {
            write_i32(buf, *e);
        }
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
            len += (array_len_len(flexible, Some(self.replica_nodes.len()))
                + self.replica_nodes.len() * 4);
        }
        if true {
            len += (array_len_len(flexible, Some(self.isr_nodes.len())) + self.isr_nodes.len() * 4);
        }
        if true {
            len += (array_len_len(
                flexible,
                self.eligible_leader_replicas.as_ref().map(Vec::len),
            ) + self.eligible_leader_replicas.as_ref().map_or(0, Vec::len) * 4);
        }
        if true {
            len += (array_len_len(flexible, self.last_known_elr.as_ref().map(Vec::len))
                + self.last_known_elr.as_ref().map_or(0, Vec::len) * 4);
        }
        if true {
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
impl Sample for DescribeTopicPartitionsResponsePartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
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
        if true {
            this.leader_epoch = g.i32();
        }
        if true {
            this.replica_nodes = g.vec(|g| g.i32());
        }
        if true {
            this.isr_nodes = g.vec(|g| g.i32());
        }
        if true {
            this.eligible_leader_replicas = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| g.i32()))
            };
        }
        if true {
            this.last_known_elr = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| g.i32()))
            };
        }
        if true {
            this.offline_replicas = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// Versions: 0+
    pub topic_name: String,
    /// Versions: 0+
    pub partition_index: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_index: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Cursor {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if true {
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
        let flexible = true;
        write_string(buf, flexible, &self.topic_name)?;
        write_i32(buf, self.partition_index);
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
impl Sample for Cursor {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_name = g.string();
        }
        if true {
            this.partition_index = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
