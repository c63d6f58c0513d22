//! ListPartitionReassignmentsRequest (generated from Kafka's message spec; do not edit).
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
pub struct ListPartitionReassignmentsRequest {
    /// Versions: 0+; default: 60000
    pub timeout_ms: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub topics: Option<Vec<ListPartitionReassignmentsTopics>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListPartitionReassignmentsRequest {
    fn default() -> Self {
        Self {
            timeout_ms: 60000,
            topics: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListPartitionReassignmentsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ListPartitionReassignmentsRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.timeout_ms = read_i32(buf)?;
        }
        if true {
            this.topics =
                read_nullable_array(buf, flexible, true, 1, "Topics", |b: &mut Bytes| {
                    ListPartitionReassignmentsTopics::decode(version, b)
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
                what: "ListPartitionReassignmentsRequest",
                version,
            });
        }
        let flexible = true;
        write_i32(buf, self.timeout_ms);
        write_array_len(
            buf,
            flexible,
            true,
            "Topics",
            self.topics.as_ref().map(Vec::len),
        )?;
        for e in self.topics.iter().flatten() {
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
            len += (array_len_len(flexible, self.topics.as_ref().map(Vec::len))
                + self
                    .topics
                    .iter()
                    .flatten()
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
impl Sample for ListPartitionReassignmentsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.timeout_ms = g.i32();
        }
        if true {
            this.topics = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| ListPartitionReassignmentsTopics::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ListPartitionReassignmentsRequest {
    const NAME: &'static str = "ListPartitionReassignmentsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListPartitionReassignmentsTopics {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub partition_indexes: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ListPartitionReassignmentsTopics {
    fn default() -> Self {
        Self {
            name: String::new(),
            partition_indexes: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ListPartitionReassignmentsTopics {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.partition_indexes = read_array(buf, flexible, 4, "PartitionIndexes", read_i32)?;
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
            "PartitionIndexes",
            Some(self.partition_indexes.len()),
        )?;
        for e in self.partition_indexes.iter() {
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
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += (array_len_len(flexible, Some(self.partition_indexes.len()))
                + self.partition_indexes.len() * 4);
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
impl Sample for ListPartitionReassignmentsTopics {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.partition_indexes = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
