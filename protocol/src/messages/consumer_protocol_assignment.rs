//! ConsumerProtocolAssignment (generated from Kafka's message spec; do not edit).
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
pub struct ConsumerProtocolAssignment {
    /// Versions: 0+
    pub assigned_partitions: Vec<TopicPartition>,
    /// Versions: 0+; nullable: 0+; default: null
    pub user_data: Option<Bytes>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ConsumerProtocolAssignment {
    fn default() -> Self {
        Self {
            assigned_partitions: Vec::<TopicPartition>::new(),
            user_data: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ConsumerProtocolAssignment {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ConsumerProtocolAssignment",
                version,
            });
        }
        let flexible = false;
        let mut this = Self::default();
        if true {
            this.assigned_partitions =
                read_array(buf, flexible, 1, "AssignedPartitions", |b: &mut Bytes| {
                    TopicPartition::decode(version, b)
                })?;
        }
        if true {
            this.user_data = read_nullable_bytes(buf, flexible, true, "UserData")?;
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
                what: "ConsumerProtocolAssignment",
                version,
            });
        }
        let flexible = false;
        write_array_len(
            buf,
            flexible,
            false,
            "AssignedPartitions",
            Some(self.assigned_partitions.len()),
        )?;
        for e in self.assigned_partitions.iter() {
            e.encode(version, buf)?;
        }
        write_nullable_bytes(buf, flexible, true, "UserData", self.user_data.as_deref())?;
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
            len += (array_len_len(flexible, Some(self.assigned_partitions.len()))
                + self
                    .assigned_partitions
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += bytes_len(flexible, self.user_data.as_deref());
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
impl Sample for ConsumerProtocolAssignment {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
        let mut this = Self::default();
        if true {
            this.assigned_partitions = g.vec(|g| TopicPartition::sample(version, g));
        }
        if true {
            this.user_data = if true && g.null() {
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

impl Message for ConsumerProtocolAssignment {
    const NAME: &'static str = "ConsumerProtocolAssignment";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = None;
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicPartition {
    /// Versions: 0+
    pub topic: String,
    /// Versions: 0+
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
        let flexible = false;
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
        let flexible = false;
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
impl Sample for TopicPartition {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = false;
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
