//! ConsumerProtocolSubscription (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-3; flexible versions: none.
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
pub struct ConsumerProtocolSubscription {
    /// Versions: 0+
    pub topics: Vec<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub user_data: Option<Bytes>,
    /// Versions: 1+
    pub owned_partitions: Vec<TopicPartition>,
    /// Versions: 2+; default: -1
    pub generation_id: i32,
    /// Versions: 3+; nullable: 3+; default: null
    pub rack_id: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ConsumerProtocolSubscription {
    fn default() -> Self {
        Self {
            topics: Vec::<String>::new(),
            user_data: None,
            owned_partitions: Vec::<TopicPartition>::new(),
            generation_id: -1,
            rack_id: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ConsumerProtocolSubscription {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ConsumerProtocolSubscription",
                version,
            });
        }
        let flexible = false;
        let mut this = Self::default();
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                read_string(b, flexible, "Topics")
            })?;
        }
        if true {
            this.user_data = read_nullable_bytes(buf, flexible, true, "UserData")?;
        }
        if version >= 1 {
            this.owned_partitions =
                read_array(buf, flexible, 1, "OwnedPartitions", |b: &mut Bytes| {
                    TopicPartition::decode(version, b)
                })?;
        }
        if version >= 2 {
            this.generation_id = read_i32(buf)?;
        }
        if version >= 3 {
            this.rack_id = read_nullable_string(buf, flexible, version >= 3, "RackId")?;
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
                what: "ConsumerProtocolSubscription",
                version,
            });
        }
        let flexible = false;
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            write_string(buf, flexible, e)?;
        }
        write_nullable_bytes(buf, flexible, true, "UserData", self.user_data.as_deref())?;
        if version >= 1 {
            write_array_len(
                buf,
                flexible,
                false,
                "OwnedPartitions",
                Some(self.owned_partitions.len()),
            )?;
            for e in self.owned_partitions.iter() {
                e.encode(version, buf)?;
            }
        } else {
        }
        if version >= 2 {
            write_i32(buf, self.generation_id);
        } else {
        }
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                version >= 3,
                "RackId",
                self.rack_id.as_deref(),
            )?;
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
        let flexible = false;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if true {
            len += bytes_len(flexible, self.user_data.as_deref());
        }
        if version >= 1 {
            len += (array_len_len(flexible, Some(self.owned_partitions.len()))
                + self
                    .owned_partitions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 2 {
            len += 4;
        }
        if version >= 3 {
            len += string_len(flexible, self.rack_id.as_deref());
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
impl Sample for ConsumerProtocolSubscription {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
        let mut this = Self::default();
        if true {
            this.topics = g.vec(|g| g.string());
        }
        if true {
            this.user_data = if true && g.null() {
                None
            } else {
                Some(g.bytes())
            };
        }
        if version >= 1 {
            this.owned_partitions = g.vec(|g| TopicPartition::sample(version, g));
        }
        if version >= 2 {
            this.generation_id = g.i32();
        }
        if version >= 3 {
            this.rack_id = if version >= 3 && g.null() {
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

impl Message for ConsumerProtocolSubscription {
    const NAME: &'static str = "ConsumerProtocolSubscription";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = None;
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicPartition {
    /// Versions: 1+
    pub topic: String,
    /// Versions: 1+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicPartition {
    fn default() -> Self {
        Self {
            topic: String::new(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicPartition {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = false;
        let mut this = Self::default();
        if version >= 1 {
            this.topic = read_string(buf, flexible, "Topic")?;
        }
        if version >= 1 {
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
        let flexible = false;
        if version >= 1 {
            write_string(buf, flexible, &self.topic)?;
        } else {
            if self.topic != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topic",
                    version,
                });
            }
        }
        if version >= 1 {
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
        } else {
            if self.partitions != Vec::<i32>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Partitions",
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
        let flexible = false;
        let mut len = 0usize;
        if version >= 1 {
            len += string_len(flexible, Some(&self.topic));
        }
        if version >= 1 {
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
impl Sample for TopicPartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
        let mut this = Self::default();
        if version >= 1 {
            this.topic = g.string();
        }
        if version >= 1 {
            this.partitions = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
