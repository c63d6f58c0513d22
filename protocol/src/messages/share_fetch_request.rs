//! ShareFetchRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-2; flexible versions: 0+.
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
pub struct ShareFetchRequest {
    /// Versions: 0+; nullable: 0+; default: null
    pub group_id: Option<String>,
    /// Versions: 0+; nullable: 0+
    pub member_id: Option<String>,
    /// Versions: 0+
    pub share_session_epoch: i32,
    /// Versions: 0+
    pub max_wait_ms: i32,
    /// Versions: 0+
    pub min_bytes: i32,
    /// Versions: 0+; default: 0x7fffffff
    pub max_bytes: i32,
    /// Versions: 1+
    pub max_records: i32,
    /// Versions: 1+
    pub batch_size: i32,
    /// Versions: 2+; default: 0
    pub share_acquire_mode: i8,
    /// Versions: 2+; default: false
    pub is_renew_ack: bool,
    /// Versions: 0+
    pub topics: Vec<FetchTopic>,
    /// Versions: 0+
    pub forgotten_topics_data: Vec<ForgottenTopic>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ShareFetchRequest {
    fn default() -> Self {
        Self {
            group_id: None,
            member_id: Some(String::new()),
            share_session_epoch: 0,
            max_wait_ms: 0,
            min_bytes: 0,
            max_bytes: 0x7fffffff,
            max_records: 0,
            batch_size: 0,
            share_acquire_mode: 0,
            is_renew_ack: false,
            topics: Vec::<FetchTopic>::new(),
            forgotten_topics_data: Vec::<ForgottenTopic>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ShareFetchRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ShareFetchRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_id = read_nullable_string(buf, flexible, true, "GroupId")?;
        }
        if true {
            this.member_id = read_nullable_string(buf, flexible, true, "MemberId")?;
        }
        if true {
            this.share_session_epoch = read_i32(buf)?;
        }
        if true {
            this.max_wait_ms = read_i32(buf)?;
        }
        if true {
            this.min_bytes = read_i32(buf)?;
        }
        if true {
            this.max_bytes = read_i32(buf)?;
        }
        if version >= 1 {
            this.max_records = read_i32(buf)?;
        }
        if version >= 1 {
            this.batch_size = read_i32(buf)?;
        }
        if version >= 2 {
            this.share_acquire_mode = read_i8(buf)?;
        }
        if version >= 2 {
            this.is_renew_ack = read_bool(buf)?;
        }
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                FetchTopic::decode(version, b)
            })?;
        }
        if true {
            this.forgotten_topics_data =
                read_array(buf, flexible, 1, "ForgottenTopicsData", |b: &mut Bytes| {
                    ForgottenTopic::decode(version, b)
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
                what: "ShareFetchRequest",
                version,
            });
        }
        let flexible = true;
        write_nullable_string(buf, flexible, true, "GroupId", self.group_id.as_deref())?;
        write_nullable_string(buf, flexible, true, "MemberId", self.member_id.as_deref())?;
        write_i32(buf, self.share_session_epoch);
        write_i32(buf, self.max_wait_ms);
        write_i32(buf, self.min_bytes);
        write_i32(buf, self.max_bytes);
        if version >= 1 {
            write_i32(buf, self.max_records);
        } else {
            if self.max_records != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MaxRecords",
                    version,
                });
            }
        }
        if version >= 1 {
            write_i32(buf, self.batch_size);
        } else {
            if self.batch_size != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "BatchSize",
                    version,
                });
            }
        }
        if version >= 2 {
            write_i8(buf, self.share_acquire_mode);
        } else {
        }
        if version >= 2 {
            write_bool(buf, self.is_renew_ack);
        } else {
            if self.is_renew_ack != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IsRenewAck",
                    version,
                });
            }
        }
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        write_array_len(
            buf,
            flexible,
            false,
            "ForgottenTopicsData",
            Some(self.forgotten_topics_data.len()),
        )?;
        for e in self.forgotten_topics_data.iter() {
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
            len += string_len(flexible, self.group_id.as_deref());
        }
        if true {
            len += string_len(flexible, self.member_id.as_deref());
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
        if version >= 1 {
            len += 4;
        }
        if version >= 1 {
            len += 4;
        }
        if version >= 2 {
            len += 1;
        }
        if version >= 2 {
            len += 1;
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
            len += (array_len_len(flexible, Some(self.forgotten_topics_data.len()))
                + self
                    .forgotten_topics_data
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
impl Sample for ShareFetchRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.member_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.share_session_epoch = g.i32();
        }
        if true {
            this.max_wait_ms = g.i32();
        }
        if true {
            this.min_bytes = g.i32();
        }
        if true {
            this.max_bytes = g.i32();
        }
        if version >= 1 {
            this.max_records = g.i32();
        }
        if version >= 1 {
            this.batch_size = g.i32();
        }
        if version >= 2 {
            this.share_acquire_mode = g.i8();
        }
        if version >= 2 {
            this.is_renew_ack = g.bool();
        }
        if true {
            this.topics = g.vec(|g| FetchTopic::sample(version, g));
        }
        if true {
            this.forgotten_topics_data = g.vec(|g| ForgottenTopic::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ShareFetchRequest {
    const NAME: &'static str = "ShareFetchRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchTopic {
    /// Versions: 0+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<FetchPartition>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchTopic {
    fn default() -> Self {
        Self {
            topic_id: Uuid::nil(),
            partitions: Vec::<FetchPartition>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.partitions = read_array(buf, flexible, 1, "Partitions", |b: &mut Bytes| {
                FetchPartition::decode(version, b)
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
        write_uuid(buf, &self.topic_id);
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
            len += 16;
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
impl Sample for FetchTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_id = g.uuid();
        }
        if true {
            this.partitions = g.vec(|g| FetchPartition::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FetchPartition {
    /// Versions: 0+
    pub partition_index: i32,
    /// Versions: 0-0
    pub partition_max_bytes: i32,
    /// Versions: 0+
    pub acknowledgement_batches: Vec<AcknowledgementBatch>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for FetchPartition {
    fn default() -> Self {
        Self {
            partition_index: 0,
            partition_max_bytes: 0,
            acknowledgement_batches: Vec::<AcknowledgementBatch>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for FetchPartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition_index = read_i32(buf)?;
        }
        if version == 0 {
            this.partition_max_bytes = read_i32(buf)?;
        }
        if true {
            this.acknowledgement_batches = read_array(
                buf,
                flexible,
                1,
                "AcknowledgementBatches",
                |b: &mut Bytes| AcknowledgementBatch::decode(version, b),
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
        let flexible = true;
        write_i32(buf, self.partition_index);
        if version == 0 {
            write_i32(buf, self.partition_max_bytes);
        } else {
            if self.partition_max_bytes != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "PartitionMaxBytes",
                    version,
                });
            }
        }
        write_array_len(
            buf,
            flexible,
            false,
            "AcknowledgementBatches",
            Some(self.acknowledgement_batches.len()),
        )?;
        for e in self.acknowledgement_batches.iter() {
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
        if version == 0 {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.acknowledgement_batches.len()))
                + self
                    .acknowledgement_batches
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
impl Sample for FetchPartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.partition_index = g.i32();
        }
        if version == 0 {
            this.partition_max_bytes = g.i32();
        }
        if true {
            this.acknowledgement_batches = g.vec(|g| AcknowledgementBatch::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AcknowledgementBatch {
    /// Versions: 0+
    pub first_offset: i64,
    /// Versions: 0+
    pub last_offset: i64,
    /// Versions: 0+
    pub acknowledge_types: Vec<i8>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for AcknowledgementBatch {
    fn default() -> Self {
        Self {
            first_offset: 0,
            last_offset: 0,
            acknowledge_types: Vec::<i8>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for AcknowledgementBatch {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.first_offset = read_i64(buf)?;
        }
        if true {
            this.last_offset = read_i64(buf)?;
        }
        if true {
            this.acknowledge_types = read_array(buf, flexible, 1, "AcknowledgeTypes", read_i8)?;
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
        write_i64(buf, self.first_offset);
        write_i64(buf, self.last_offset);
        write_array_len(
            buf,
            flexible,
            false,
            "AcknowledgeTypes",
            Some(self.acknowledge_types.len()),
        )?;
        for e in self.acknowledge_types.iter() {
            write_i8(buf, *e);
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
            len += 8;
        }
        if true {
            len += 8;
        }
        if true {
            len += (array_len_len(flexible, Some(self.acknowledge_types.len()))
                + self.acknowledge_types.len() * 1);
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
impl Sample for AcknowledgementBatch {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.first_offset = g.i64();
        }
        if true {
            this.last_offset = g.i64();
        }
        if true {
            this.acknowledge_types = g.vec(|g| g.i8());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ForgottenTopic {
    /// Versions: 0+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ForgottenTopic {
    fn default() -> Self {
        Self {
            topic_id: Uuid::nil(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ForgottenTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_id = read_uuid(buf)?;
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
        write_uuid(buf, &self.topic_id);
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
            len += 16;
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
impl Sample for ForgottenTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_id = g.uuid();
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
