//! DescribeTransactionsResponse (generated from Kafka's message spec; do not edit).
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
pub struct DescribeTransactionsResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub transaction_states: Vec<TransactionState>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeTransactionsResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            transaction_states: Vec::<TransactionState>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeTransactionsResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeTransactionsResponse",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.transaction_states =
                read_array(buf, flexible, 1, "TransactionStates", |b: &mut Bytes| {
                    TransactionState::decode(version, b)
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
                what: "DescribeTransactionsResponse",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.throttle_time_ms);
        write_array_len(
            buf,
            flexible,
            false,
            "TransactionStates",
            Some(self.transaction_states.len()),
        )?;
        for e in self.transaction_states.iter() {
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
            len += (array_len_len(flexible, Some(self.transaction_states.len()))
                + self
                    .transaction_states
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
impl Sample for DescribeTransactionsResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.transaction_states = g.vec(|g| TransactionState::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeTransactionsResponse {
    const NAME: &'static str = "DescribeTransactionsResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TransactionState {
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 0+
    pub transactional_id: String,
    /// Versions: 0+
    pub transaction_state: String,
    /// Versions: 0+
    pub transaction_timeout_ms: i32,
    /// Versions: 0+
    pub transaction_start_time_ms: i64,
    /// Versions: 0+
    pub producer_id: i64,
    /// Versions: 0+
    pub producer_epoch: i16,
    /// Versions: 0+
    pub topics: Vec<TopicData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TransactionState {
    fn default() -> Self {
        Self {
            error_code: 0,
            transactional_id: String::new(),
            transaction_state: String::new(),
            transaction_timeout_ms: 0,
            transaction_start_time_ms: 0,
            producer_id: 0,
            producer_epoch: 0,
            topics: Vec::<TopicData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TransactionState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = read_i16(buf)?;
        }
        if true {
            this.transactional_id = read_string(buf, flexible, "TransactionalId")?;
        }
        if true {
            this.transaction_state = read_string(buf, flexible, "TransactionState")?;
        }
        if true {
            this.transaction_timeout_ms = read_i32(buf)?;
        }
        if true {
            this.transaction_start_time_ms = read_i64(buf)?;
        }
        if true {
            this.producer_id = read_i64(buf)?;
        }
        if true {
            this.producer_epoch = read_i16(buf)?;
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
        write_string(buf, flexible, &self.transactional_id)?;
        write_string(buf, flexible, &self.transaction_state)?;
        write_i32(buf, self.transaction_timeout_ms);
        write_i64(buf, self.transaction_start_time_ms);
        write_i64(buf, self.producer_id);
        write_i16(buf, self.producer_epoch);
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
            len += 2;
        }
        if true {
            len += string_len(flexible, Some(&self.transactional_id));
        }
        if true {
            len += string_len(flexible, Some(&self.transaction_state));
        }
        if true {
            len += 4;
        }
        if true {
            len += 8;
        }
        if true {
            len += 8;
        }
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
            len += uvarint_len(count as u32);
        }
        let _ = flexible;
        len
    }
}

#[cfg(feature = "sample")]
impl Sample for TransactionState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.error_code = g.i16();
        }
        if true {
            this.transactional_id = g.string();
        }
        if true {
            this.transaction_state = g.string();
        }
        if true {
            this.transaction_timeout_ms = g.i32();
        }
        if true {
            this.transaction_start_time_ms = g.i64();
        }
        if true {
            this.producer_id = g.i64();
        }
        if true {
            this.producer_epoch = g.i16();
        }
        if true {
            this.topics = g.vec(|g| TopicData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicData {
    /// Versions: 0+
    pub topic: String,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicData {
    fn default() -> Self {
        Self {
            topic: String::new(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic = read_string(buf, flexible, "Topic")?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 4, "Partitions", read_i32)?;
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
        write_string(buf, flexible, &self.topic)?;
        write_array_len(
            buf,
            flexible,
            false,
            "Partitions",
            Some(self.partitions.len()),
        )?;
        for e in self.partitions.iter() {
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
            len += string_len(flexible, Some(&self.topic));
        }
        if true {
            len +=
                (array_len_len(flexible, Some(self.partitions.len())) + self.partitions.len() * 4);
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
            this.topic = g.string();
        }
        if true {
            this.partitions = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
