//! ProduceResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 3-13; flexible versions: 9+.
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
pub struct ProduceResponse {
    /// Versions: 0+
    pub responses: Vec<TopicProduceResponse>,
    /// Versions: 1+; default: 0
    pub throttle_time_ms: i32,
    /// Versions: 10+; tag 0 in 10+
    pub node_endpoints: Vec<NodeEndpoint>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ProduceResponse {
    fn default() -> Self {
        Self {
            responses: Vec::<TopicProduceResponse>::new(),
            throttle_time_ms: 0,
            node_endpoints: Vec::<NodeEndpoint>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ProduceResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ProduceResponse",
                version,
            });
        }
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.responses = read_array(buf, flexible, 1, "Responses", |b: &mut Bytes| {
                TopicProduceResponse::decode(version, b)
            })?;
        }
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 10 => {
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
                what: "ProduceResponse",
                version,
            });
        }
        let flexible = version >= 9;
        write_array_len(
            buf,
            flexible,
            false,
            "Responses",
            Some(self.responses.len()),
        )?;
        for e in self.responses.iter() {
            e.encode(version, buf)?;
        }
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 10 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 10 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
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
                if !(version >= 10) {
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, Some(self.responses.len()))
                + self
                    .responses
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += 4;
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 10 && self.node_endpoints != Vec::<NodeEndpoint>::new() {
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
impl Sample for ProduceResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.responses = g.vec(|g| TopicProduceResponse::sample(version, g));
        }
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if flexible && version >= 10 {
            this.node_endpoints = g.vec(|g| NodeEndpoint::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ProduceResponse {
    const NAME: &'static str = "ProduceResponse";
    const VERSIONS: VersionRange = VersionRange { min: 3, max: 13 };
    const FLEXIBLE_MIN: Option<i16> = Some(9);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicProduceResponse {
    /// Versions: 0-12
    pub name: String,
    /// Versions: 13+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partition_responses: Vec<PartitionProduceResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicProduceResponse {
    fn default() -> Self {
        Self {
            name: String::new(),
            topic_id: Uuid::nil(),
            partition_responses: Vec::<PartitionProduceResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicProduceResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version <= 12 {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if version >= 13 {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.partition_responses =
                read_array(buf, flexible, 1, "PartitionResponses", |b: &mut Bytes| {
                    PartitionProduceResponse::decode(version, b)
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
        let flexible = version >= 9;
        if version <= 12 {
            write_string(buf, flexible, &self.name)?;
        } else {
        }
        if version >= 13 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        write_array_len(
            buf,
            flexible,
            false,
            "PartitionResponses",
            Some(self.partition_responses.len()),
        )?;
        for e in self.partition_responses.iter() {
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if version <= 12 {
            len += string_len(flexible, Some(&self.name));
        }
        if version >= 13 {
            len += 16;
        }
        if true {
            len += (array_len_len(flexible, Some(self.partition_responses.len()))
                + self
                    .partition_responses
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
impl Sample for TopicProduceResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version <= 12 {
            this.name = g.string();
        }
        if version >= 13 {
            this.topic_id = g.uuid();
        }
        if true {
            this.partition_responses = g.vec(|g| PartitionProduceResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionProduceResponse {
    /// Versions: 0+
    pub index: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub base_offset: i64,
    /// Versions: 2+; default: -1
    pub log_append_time_ms: i64,
    /// Versions: 5+; default: -1
    pub log_start_offset: i64,
    /// Versions: 8+
    pub record_errors: Vec<BatchIndexAndErrorMessage>,
    /// Versions: 8+; nullable: 8+; default: null
    pub error_message: Option<String>,
    /// Versions: 10+; tag 0 in 10+
    pub current_leader: LeaderIdAndEpoch,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionProduceResponse {
    fn default() -> Self {
        Self {
            index: 0,
            error_code: 0,
            base_offset: 0,
            log_append_time_ms: -1,
            log_start_offset: -1,
            record_errors: Vec::<BatchIndexAndErrorMessage>::new(),
            error_message: None,
            current_leader: LeaderIdAndEpoch::default(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionProduceResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.index = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.base_offset = read_i64(buf)?;
        }
        if version >= 2 {
            this.log_append_time_ms = read_i64(buf)?;
        }
        if version >= 5 {
            this.log_start_offset = read_i64(buf)?;
        }
        if version >= 8 {
            this.record_errors = read_array(buf, flexible, 1, "RecordErrors", |b: &mut Bytes| {
                BatchIndexAndErrorMessage::decode(version, b)
            })?;
        }
        if version >= 8 {
            this.error_message = read_nullable_string(buf, flexible, version >= 8, "ErrorMessage")?;
        }
        if flexible {
            for _ in 0..read_tagged_count(buf)? {
                let (tag, mut body) = read_tagged_field(buf)?;
                match tag {
                    0 if version >= 10 => {
                        this.current_leader = LeaderIdAndEpoch::decode(version, &mut body)?;
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
        let flexible = version >= 9;
        write_i32(buf, self.index);
        write_i16(buf, self.error_code);
        write_i64(buf, self.base_offset);
        if version >= 2 {
            write_i64(buf, self.log_append_time_ms);
        } else {
        }
        if version >= 5 {
            write_i64(buf, self.log_start_offset);
        } else {
        }
        if version >= 8 {
            write_array_len(
                buf,
                flexible,
                false,
                "RecordErrors",
                Some(self.record_errors.len()),
            )?;
            for e in self.record_errors.iter() {
                e.encode(version, buf)?;
            }
        } else {
        }
        if version >= 8 {
            write_nullable_string(
                buf,
                flexible,
                version >= 8,
                "ErrorMessage",
                self.error_message.as_deref(),
            )?;
        } else {
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            if version >= 10 && self.current_leader != LeaderIdAndEpoch::default() {
                count += 1;
            }
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..0);
            if version >= 10 && self.current_leader != LeaderIdAndEpoch::default() {
                write_uvarint(buf, 0);
                write_uvarint(buf, (self.current_leader.encoded_len(version)) as u32);
                self.current_leader.encode(version, buf)?;
            } else {
                if !(version >= 10) {
                    if self.current_leader != LeaderIdAndEpoch::default() {
                        return Err(EncodeError::FieldNotInVersion {
                            field: "CurrentLeader",
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
            len += 2;
        }
        if true {
            len += 8;
        }
        if version >= 2 {
            len += 8;
        }
        if version >= 5 {
            len += 8;
        }
        if version >= 8 {
            len += (array_len_len(flexible, Some(self.record_errors.len()))
                + self
                    .record_errors
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 8 {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            len += raw_tagged_fields_len(&self.unknown_tagged_fields);
            if version >= 10 && self.current_leader != LeaderIdAndEpoch::default() {
                count += 1;
                let n = self.current_leader.encoded_len(version);
                len += uvarint_len(0) + uvarint_len(n as u32) + n;
            }
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for PartitionProduceResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.index = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.base_offset = g.i64();
        }
        if version >= 2 {
            this.log_append_time_ms = g.i64();
        }
        if version >= 5 {
            this.log_start_offset = g.i64();
        }
        if version >= 8 {
            this.record_errors = g.vec(|g| BatchIndexAndErrorMessage::sample(version, g));
        }
        if version >= 8 {
            this.error_message = if version >= 8 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if flexible && version >= 10 {
            this.current_leader = LeaderIdAndEpoch::sample(version, g);
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BatchIndexAndErrorMessage {
    /// Versions: 8+
    pub batch_index: i32,
    /// Versions: 8+; nullable: 8+; default: null
    pub batch_index_error_message: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for BatchIndexAndErrorMessage {
    fn default() -> Self {
        Self {
            batch_index: 0,
            batch_index_error_message: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for BatchIndexAndErrorMessage {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 8 {
            this.batch_index = read_i32(buf)?;
        }
        if version >= 8 {
            this.batch_index_error_message =
                read_nullable_string(buf, flexible, version >= 8, "BatchIndexErrorMessage")?;
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
        if version >= 8 {
            write_i32(buf, self.batch_index);
        } else {
            if self.batch_index != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "BatchIndex",
                    version,
                });
            }
        }
        if version >= 8 {
            write_nullable_string(
                buf,
                flexible,
                version >= 8,
                "BatchIndexErrorMessage",
                self.batch_index_error_message.as_deref(),
            )?;
        } else {
            if self.batch_index_error_message != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "BatchIndexErrorMessage",
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
        if version >= 8 {
            len += 4;
        }
        if version >= 8 {
            len += string_len(flexible, self.batch_index_error_message.as_deref());
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
impl Sample for BatchIndexAndErrorMessage {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 8 {
            this.batch_index = g.i32();
        }
        if version >= 8 {
            this.batch_index_error_message = if version >= 8 && g.null() {
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
pub struct LeaderIdAndEpoch {
    /// Versions: 10+; default: -1
    pub leader_id: i32,
    /// Versions: 10+; default: -1
    pub leader_epoch: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaderIdAndEpoch {
    fn default() -> Self {
        Self {
            leader_id: -1,
            leader_epoch: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaderIdAndEpoch {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 10 {
            this.leader_id = read_i32(buf)?;
        }
        if version >= 10 {
            this.leader_epoch = read_i32(buf)?;
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
        if version >= 10 {
            write_i32(buf, self.leader_id);
        } else {
            if self.leader_id != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderId",
                    version,
                });
            }
        }
        if version >= 10 {
            write_i32(buf, self.leader_epoch);
        } else {
            if self.leader_epoch != -1 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "LeaderEpoch",
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
        if version >= 10 {
            len += 4;
        }
        if version >= 10 {
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
impl Sample for LeaderIdAndEpoch {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 10 {
            this.leader_id = g.i32();
        }
        if version >= 10 {
            this.leader_epoch = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NodeEndpoint {
    /// Versions: 10+
    pub node_id: i32,
    /// Versions: 10+
    pub host: String,
    /// Versions: 10+
    pub port: i32,
    /// Versions: 10+; nullable: 10+; default: null
    pub rack: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for NodeEndpoint {
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

impl Codec for NodeEndpoint {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 10 {
            this.node_id = read_i32(buf)?;
        }
        if version >= 10 {
            this.host = read_string(buf, flexible, "Host")?;
        }
        if version >= 10 {
            this.port = read_i32(buf)?;
        }
        if version >= 10 {
            this.rack = read_nullable_string(buf, flexible, version >= 10, "Rack")?;
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
        if version >= 10 {
            write_i32(buf, self.node_id);
        } else {
            if self.node_id != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "NodeId",
                    version,
                });
            }
        }
        if version >= 10 {
            write_string(buf, flexible, &self.host)?;
        } else {
            if self.host != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Host",
                    version,
                });
            }
        }
        if version >= 10 {
            write_i32(buf, self.port);
        } else {
            if self.port != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Port",
                    version,
                });
            }
        }
        if version >= 10 {
            write_nullable_string(buf, flexible, version >= 10, "Rack", self.rack.as_deref())?;
        } else {
            if self.rack != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Rack",
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
        if version >= 10 {
            len += 4;
        }
        if version >= 10 {
            len += string_len(flexible, Some(&self.host));
        }
        if version >= 10 {
            len += 4;
        }
        if version >= 10 {
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
impl Sample for NodeEndpoint {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 10 {
            this.node_id = g.i32();
        }
        if version >= 10 {
            this.host = g.string();
        }
        if version >= 10 {
            this.port = g.i32();
        }
        if version >= 10 {
            this.rack = if version >= 10 && g.null() {
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
