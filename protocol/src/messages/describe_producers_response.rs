//! DescribeProducersResponse (generated from Kafka's message spec; do not edit).
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
pub struct DescribeProducersResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub topics: Vec<TopicResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeProducersResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            topics: Vec::<TopicResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeProducersResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeProducersResponse",
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
                TopicResponse::decode(version, b)
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
                what: "DescribeProducersResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
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
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for DescribeProducersResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.topics = g.vec(|g| TopicResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeProducersResponse {
    const NAME: &'static str = "DescribeProducersResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicResponse {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub partitions: Vec<PartitionResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicResponse {
    fn default() -> Self {
        Self {
            name: String::new(),
            partitions: Vec::<PartitionResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                PartitionResponse::decode(version, b)
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
        write_string(buf, flexible, &self.name)?;
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
            len += string_len(flexible, Some(&self.name));
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
impl Sample for TopicResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.partitions = g.vec(|g| PartitionResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionResponse {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+; nullable: 0+; default: null
    pub error_message: Option<String>,
    /// Versions: 0+
    pub active_producers: Vec<ProducerState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionResponse {
    fn default() -> Self {
        Self {
            partition_index: 0,
            error_code: 0,
            error_message: None,
            active_producers: Vec::<ProducerState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionResponse {
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
            this.error_message = read_nullable_string(buf, flexible, true, "ErrorMessage")?;
        }
        if true {
            this.active_producers =
                read_array(buf, flexible, 1, "ActiveProducers", |b: &mut Bytes| {
                    ProducerState::decode(version, b)
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
        write_nullable_string(
            buf,
            flexible,
            true,
            "ErrorMessage",
            self.error_message.as_deref(),
        )?;
        write_array_len(
            buf,
            flexible,
            false,
            "ActiveProducers",
            Some(self.active_producers.len()),
        )?;
        for e in self.active_producers.iter() {
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
        if true {
            len += string_len(flexible, self.error_message.as_deref());
        }
        if true {
            len += (array_len_len(flexible, Some(self.active_producers.len()))
                + self
                    .active_producers
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
impl Sample for PartitionResponse {
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
            this.error_message = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.active_producers = g.vec(|g| ProducerState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProducerState {
    /// Versions: 0+
    pub producer_id: i64,
    /// Versions: 0+
    pub producer_epoch: i32,
    /// Versions: 0+; default: -1
    pub last_sequence: i32,
    /// Versions: 0+; default: -1
    pub last_timestamp: i64,
    /// Versions: 0+
    pub coordinator_epoch: i32,
    /// Versions: 0+; default: -1
    pub current_txn_start_offset: i64,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ProducerState {
    fn default() -> Self {
        Self {
            producer_id: 0,
            producer_epoch: 0,
            last_sequence: -1,
            last_timestamp: -1,
            coordinator_epoch: 0,
            current_txn_start_offset: -1,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ProducerState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.producer_id = read_i64(buf)?;
        }
        if true {
            this.producer_epoch = read_i32(buf)?;
        }
        if true {
            this.last_sequence = read_i32(buf)?;
        }
        if true {
            this.last_timestamp = read_i64(buf)?;
        }
        if true {
            this.coordinator_epoch = read_i32(buf)?;
        }
        if true {
            this.current_txn_start_offset = read_i64(buf)?;
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
        write_i64(buf, self.producer_id);
        write_i32(buf, self.producer_epoch);
        write_i32(buf, self.last_sequence);
        write_i64(buf, self.last_timestamp);
        write_i32(buf, self.coordinator_epoch);
        write_i64(buf, self.current_txn_start_offset);
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
            len += 8;
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
            len += 4;
        }
        if true {
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
impl Sample for ProducerState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.producer_id = g.i64();
        }
        if true {
            this.producer_epoch = g.i32();
        }
        if true {
            this.last_sequence = g.i32();
        }
        if true {
            this.last_timestamp = g.i64();
        }
        if true {
            this.coordinator_epoch = g.i32();
        }
        if true {
            this.current_txn_start_offset = g.i64();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
