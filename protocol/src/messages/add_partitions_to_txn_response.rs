//! AddPartitionsToTxnResponse (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-5; flexible versions: 3+.
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
pub struct AddPartitionsToTxnResponse {
    /// Versions: 0+
    pub throttle_time_ms: i32,
    /// Versions: 4+
    pub error_code: i16,
    /// Versions: 4+
    pub results_by_transaction: Vec<AddPartitionsToTxnResult>,
    /// Versions: 0-3
    pub results_by_topic_v3_and_below: Vec<AddPartitionsToTxnTopicResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            results_by_transaction: Vec::<AddPartitionsToTxnResult>::new(),
            results_by_topic_v3_and_below: Vec::<AddPartitionsToTxnTopicResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "AddPartitionsToTxnResponse",
                version,
            });
        }
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if version >= 4 {
            this.error_code = read_i16(buf)?;
        }
        if version >= 4 {
            this.results_by_transaction =
                read_array(buf, flexible, 1, "ResultsByTransaction", |b: &mut Bytes| {
                    AddPartitionsToTxnResult::decode(version, b)
                })?;
        }
        if version <= 3 {
            this.results_by_topic_v3_and_below = read_array(
                buf,
                flexible,
                1,
                "ResultsByTopicV3AndBelow",
                |b: &mut Bytes| AddPartitionsToTxnTopicResult::decode(version, b),
            )?;
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
                what: "AddPartitionsToTxnResponse",
                version,
            });
        }
        let flexible = version >= 3;
        write_i32(buf, self.throttle_time_ms);
        if version >= 4 {
            write_i16(buf, self.error_code);
        } else {
        }
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "ResultsByTransaction",
                Some(self.results_by_transaction.len()),
            )?;
            for e in self.results_by_transaction.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.results_by_transaction != Vec::<AddPartitionsToTxnResult>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ResultsByTransaction",
                    version,
                });
            }
        }
        if version <= 3 {
            write_array_len(
                buf,
                flexible,
                false,
                "ResultsByTopicV3AndBelow",
                Some(self.results_by_topic_v3_and_below.len()),
            )?;
            for e in self.results_by_topic_v3_and_below.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.results_by_topic_v3_and_below != Vec::<AddPartitionsToTxnTopicResult>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ResultsByTopicV3AndBelow",
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if version >= 4 {
            len += 2;
        }
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.results_by_transaction.len()))
                + self
                    .results_by_transaction
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version <= 3 {
            len += (array_len_len(flexible, Some(self.results_by_topic_v3_and_below.len()))
                + self
                    .results_by_topic_v3_and_below
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
impl Sample for AddPartitionsToTxnResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.throttle_time_ms = g.i32();
        }
        if version >= 4 {
            this.error_code = g.i16();
        }
        if version >= 4 {
            this.results_by_transaction = g.vec(|g| AddPartitionsToTxnResult::sample(version, g));
        }
        if version <= 3 {
            this.results_by_topic_v3_and_below =
                g.vec(|g| AddPartitionsToTxnTopicResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for AddPartitionsToTxnResponse {
    const NAME: &'static str = "AddPartitionsToTxnResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(3);
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddPartitionsToTxnResult {
    /// Versions: 4+
    pub transactional_id: String,
    /// Versions: 4+
    pub topic_results: Vec<AddPartitionsToTxnTopicResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnResult {
    fn default() -> Self {
        Self {
            transactional_id: String::new(),
            topic_results: Vec::<AddPartitionsToTxnTopicResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.transactional_id = read_string(buf, flexible, "TransactionalId")?;
        }
        if version >= 4 {
            this.topic_results = read_array(buf, flexible, 1, "TopicResults", |b: &mut Bytes| {
                AddPartitionsToTxnTopicResult::decode(version, b)
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
        let flexible = version >= 3;
        if version >= 4 {
            write_string(buf, flexible, &self.transactional_id)?;
        } else {
            if self.transactional_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TransactionalId",
                    version,
                });
            }
        }
        if version >= 4 {
            write_array_len(
                buf,
                flexible,
                false,
                "TopicResults",
                Some(self.topic_results.len()),
            )?;
            for e in self.topic_results.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topic_results != Vec::<AddPartitionsToTxnTopicResult>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicResults",
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if version >= 4 {
            len += string_len(flexible, Some(&self.transactional_id));
        }
        if version >= 4 {
            len += (array_len_len(flexible, Some(self.topic_results.len()))
                + self
                    .topic_results
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
impl Sample for AddPartitionsToTxnResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if version >= 4 {
            this.transactional_id = g.string();
        }
        if version >= 4 {
            this.topic_results = g.vec(|g| AddPartitionsToTxnTopicResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddPartitionsToTxnTopicResult {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub results_by_partition: Vec<AddPartitionsToTxnPartitionResult>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnTopicResult {
    fn default() -> Self {
        Self {
            name: String::new(),
            results_by_partition: Vec::<AddPartitionsToTxnPartitionResult>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnTopicResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.results_by_partition =
                read_array(buf, flexible, 1, "ResultsByPartition", |b: &mut Bytes| {
                    AddPartitionsToTxnPartitionResult::decode(version, b)
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
        let flexible = version >= 3;
        write_string(buf, flexible, &self.name)?;
        write_array_len(
            buf,
            flexible,
            false,
            "ResultsByPartition",
            Some(self.results_by_partition.len()),
        )?;
        for e in self.results_by_partition.iter() {
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
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += (array_len_len(flexible, Some(self.results_by_partition.len()))
                + self
                    .results_by_partition
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
impl Sample for AddPartitionsToTxnTopicResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.results_by_partition =
                g.vec(|g| AddPartitionsToTxnPartitionResult::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AddPartitionsToTxnPartitionResult {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0+
    pub partition_error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AddPartitionsToTxnPartitionResult {
    fn default() -> Self {
        Self {
            partition_index: 0,
            partition_error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AddPartitionsToTxnPartitionResult {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if true {
            this.partition_error_code = read_i16(buf)?;
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
        let flexible = version >= 3;
        write_i32(buf, self.partition_index);
        write_i16(buf, self.partition_error_code);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 3;
        let mut len = 0usize;
        if true {
            len += 4;
        }
        if true {
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
impl Sample for AddPartitionsToTxnPartitionResult {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 3;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if true {
            this.partition_error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
