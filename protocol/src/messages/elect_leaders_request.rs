//! ElectLeadersRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-2; flexible versions: 2+.
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
pub struct ElectLeadersRequest {
    /// Versions: 1+
    pub election_type: i8,
    /// Versions: 0+; nullable: 0+
    pub topic_partitions: Option<Vec<TopicPartitions>>,
    /// Versions: 0+; default: 60000
    pub timeout_ms: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ElectLeadersRequest {
    fn default() -> Self {
        Self {
            election_type: 0,
            topic_partitions: Some(Vec::<TopicPartitions>::new()),
            timeout_ms: 60000,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ElectLeadersRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ElectLeadersRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 1 {
            this.election_type = read_i8(buf)?;
        }
        if true {
            this.topic_partitions = read_nullable_array(
                buf,
                flexible,
                true,
                1,
                "TopicPartitions",
                |b: &mut Bytes| TopicPartitions::decode(version, b),
            )?;
        }
        if true {
            this.timeout_ms = read_i32(buf)?;
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
                what: "ElectLeadersRequest",
                version,
            });
        }
        let flexible = version >= 2;
        if version >= 1 {
            write_i8(buf, self.election_type);
        } else {
            if self.election_type != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ElectionType",
                    version,
                });
            }
        }
        write_array_len(
            buf,
            flexible,
            true,
            "TopicPartitions",
            self.topic_partitions.as_ref().map(Vec::len),
        )?;
        for e in self.topic_partitions.iter().flatten() {
            e.encode(version, buf)?;
        }
        write_i32(buf, self.timeout_ms);
        if flexible {
            let mut count = self.unknown_tagged_fields.len();
            write_uvarint(buf, count as u32);
            write_raw_tagged_fields(buf, &self.unknown_tagged_fields, 0..u32::MAX);
        }
        Ok(())
    }

    fn encoded_len(&self, version: i16) -> usize {
        let flexible = version >= 2;
        let mut len = 0usize;
        if version >= 1 {
            len += 1;
        }
        if true {
            len += (array_len_len(flexible, self.topic_partitions.as_ref().map(Vec::len))
                + self
                    .topic_partitions
                    .iter()
                    .flatten()
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
impl Sample for ElectLeadersRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if version >= 1 {
            this.election_type = g.i8();
        }
        if true {
            this.topic_partitions = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TopicPartitions::sample(version, g)))
            };
        }
        if true {
            this.timeout_ms = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ElectLeadersRequest {
    const NAME: &'static str = "ElectLeadersRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 2 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicPartitions {
    /// Versions: 0+
    pub topic: String,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicPartitions {
    fn default() -> Self {
        Self {
            topic: String::new(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicPartitions {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
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
        let flexible = version >= 2;
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
        let flexible = version >= 2;
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
impl Sample for TopicPartitions {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
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
