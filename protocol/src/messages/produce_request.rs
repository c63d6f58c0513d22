//! ProduceRequest (generated from Kafka's message spec; do not edit).
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
pub struct ProduceRequest {
    /// Versions: 3+; nullable: 3+; default: null
    pub transactional_id: Option<String>,
    /// Versions: 0+
    pub acks: i16,
    /// Versions: 0+
    pub timeout_ms: i32,
    /// Versions: 0+
    pub topic_data: Vec<TopicProduceData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ProduceRequest {
    fn default() -> Self {
        Self {
            transactional_id: None,
            acks: 0,
            timeout_ms: 0,
            topic_data: Vec::<TopicProduceData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ProduceRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ProduceRequest",
                version,
            });
        }
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 3 {
            this.transactional_id =
                read_nullable_string(buf, flexible, version >= 3, "TransactionalId")?;
        }
        if true {
            this.acks = read_i16(buf)?;
        }
        if true {
            this.timeout_ms = read_i32(buf)?;
        }
        if true {
            this.topic_data = read_array(buf, flexible, 1, "TopicData", |b: &mut Bytes| {
                TopicProduceData::decode(version, b)
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
                what: "ProduceRequest",
                version,
            });
        }
        let flexible = version >= 9;
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                version >= 3,
                "TransactionalId",
                self.transactional_id.as_deref(),
            )?;
        } else {
            if self.transactional_id != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TransactionalId",
                    version,
                });
            }
        }
        write_i16(buf, self.acks);
        write_i32(buf, self.timeout_ms);
        write_array_len(
            buf,
            flexible,
            false,
            "TopicData",
            Some(self.topic_data.len()),
        )?;
        for e in self.topic_data.iter() {
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
        if version >= 3 {
            len += string_len(flexible, self.transactional_id.as_deref());
        }
        if true {
            len += 2;
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, Some(self.topic_data.len()))
                + self
                    .topic_data
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
impl Sample for ProduceRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 3 {
            this.transactional_id = if version >= 3 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.acks = g.i16();
        }
        if true {
            this.timeout_ms = g.i32();
        }
        if true {
            this.topic_data = g.vec(|g| TopicProduceData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ProduceRequest {
    const NAME: &'static str = "ProduceRequest";
    const VERSIONS: VersionRange = VersionRange { min: 3, max: 13 };
    const FLEXIBLE_MIN: Option<i16> = Some(9);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicProduceData {
    /// Versions: 0-12
    pub name: String,
    /// Versions: 13+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partition_data: Vec<PartitionProduceData>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicProduceData {
    fn default() -> Self {
        Self {
            name: String::new(),
            topic_id: Uuid::nil(),
            partition_data: Vec::<PartitionProduceData>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicProduceData {
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
            this.partition_data =
                read_array(buf, flexible, 1, "PartitionData", |b: &mut Bytes| {
                    PartitionProduceData::decode(version, b)
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
            "PartitionData",
            Some(self.partition_data.len()),
        )?;
        for e in self.partition_data.iter() {
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
            len += (array_len_len(flexible, Some(self.partition_data.len()))
                + self
                    .partition_data
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
impl Sample for TopicProduceData {
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
            this.partition_data = g.vec(|g| PartitionProduceData::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartitionProduceData {
    /// Versions: 0+
    pub index: i32,
    /// Versions: 0+; nullable: 0+
    pub records: Option<Bytes>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for PartitionProduceData {
    fn default() -> Self {
        Self {
            index: 0,
            records: Some(Bytes::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for PartitionProduceData {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.index = read_i32(buf)?;
        }
        if true {
            this.records = read_nullable_bytes(buf, flexible, true, "Records")?;
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
        write_i32(buf, self.index);
        write_nullable_bytes(buf, flexible, true, "Records", self.records.as_deref())?;
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
            len += bytes_len(flexible, self.records.as_deref());
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
impl Sample for PartitionProduceData {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.index = g.i32();
        }
        if true {
            this.records = if true && g.null() {
                None
            } else {
                Some(g.bytes())
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
