//! VoteResponse (generated from Kafka's message spec; do not edit).
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
pub struct VoteResponse {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub topics: Vec<TopicData>,
    /// Versions: 1+; tag 0 in 1+
    pub node_endpoints: Vec<NodeEndpoint>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for VoteResponse {
    fn default() -> Self {
        Self {
            error_code: 0,
            topics: Vec::<TopicData>::new(),
            node_endpoints: Vec::<NodeEndpoint>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for VoteResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "VoteResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                TopicData::decode(version, b)
            })?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 1 => {
                        this.node_endpoints =
                            read_array(&mut body, true, 1, "NodeEndpoints", |b: &mut Bytes| {
                                NodeEndpoint::decode(version, b)
                            })?;
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
                what: "VoteResponse",
                version,
            });
        }
        let flexible = true;
        write_i16(buf, self.error_code);
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 1 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 1 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                write_uvarint(buf, 0);
                write_uvarint(
                    buf,
                    (array_len_len(true, Some(self.node_endpoints.len()))
                        + self
                            .node_endpoints
                            .iter()
                            .map(|e| e.encoded_len(version))
                            .sum::<usize>()) as u32,
                );
                write_array_len(
                    buf,
                    true,
                    false,
                    "NodeEndpoints",
                    Some(self.node_endpoints.len()),
                )?;
                for e in self.node_endpoints.iter() {
                    e.encode(version, buf)?;
                }
            } else {
                if !(version >= 1) {
                    if self.node_endpoints != Vec::<NodeEndpoint>::new() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "NodeEndpoints",
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
        let flexible = true;
        let mut len = 0usize;
        if true {
            len += 2;
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
            if version >= 1 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                count += 1;
                let n = (array_len_len(true, Some(self.node_endpoints.len()))
                    + self
                        .node_endpoints
                        .iter()
                        .map(|e| e.encoded_len(version))
                        .sum::<usize>());
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for VoteResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.topics = g.vec(|g| TopicData::sample(version, g));
        }
        if flexible && version >= 1 {
            this.node_endpoints = g.vec(|g| NodeEndpoint::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for VoteResponse {
    const NAME: &'static str = "VoteResponse";
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
    /// Versions: 0+
    pub leader_id: i32,
    /// Versions: 0+
    pub leader_epoch: i32,
    /// Versions: 0+
    pub vote_granted: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionData {
    fn default() -> Self {
        Self {
            partition_index: 0,
            error_code: 0,
            leader_id: 0,
            leader_epoch: 0,
            vote_granted: false,
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
        if true {
            this.leader_id = read_i32(buf)?;
        }
        if true {
            this.leader_epoch = read_i32(buf)?;
        }
        if true {
            this.vote_granted = read_bool(buf)?;
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
        write_i32(buf, self.leader_id);
        write_i32(buf, self.leader_epoch);
        write_bool(buf, self.vote_granted);
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
        if true {
            len += 4;
        }
        if true {
            len += 4;
        }
        if true {
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
        if true {
            this.leader_id = g.i32();
        }
        if true {
            this.leader_epoch = g.i32();
        }
        if true {
            this.vote_granted = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeEndpoint {
    /// Versions: 1+
    pub node_id: i32,
    /// Versions: 1+
    pub host: String,
    /// Versions: 1+
    pub port: u16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for NodeEndpoint {
    fn default() -> Self {
        Self {
            node_id: 0,
            host: String::new(),
            port: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for NodeEndpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.node_id = read_i32(buf)?;
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
        let flexible = true;
        if version >= 1 {
            write_i32(buf, self.node_id);
        } else {
            if self.node_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeId",
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
        let flexible = true;
        let mut len = 0usize;
        if version >= 1 {
            len += 4;
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
impl Sample for NodeEndpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if version >= 1 {
            this.node_id = g.i32();
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
