//! CreatePartitionsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-3; flexible versions: 2+.
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
pub struct CreatePartitionsRequest {
    /// Versions: 0+
    pub topics: Vec<CreatePartitionsTopic>,
    /// Versions: 0+
    pub timeout_ms: i32,
    /// Versions: 0+
    pub validate_only: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatePartitionsRequest {
    fn default() -> Self {
        Self {
            topics: Vec::<CreatePartitionsTopic>::new(),
            timeout_ms: 0,
            validate_only: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatePartitionsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "CreatePartitionsRequest",
                version,
            });
        }
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                CreatePartitionsTopic::decode(version, b)
            })?;
        }
        if true {
            this.timeout_ms = read_i32(buf)?;
        }
        if true {
            this.validate_only = read_bool(buf)?;
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
                what: "CreatePartitionsRequest",
                version,
            });
        }
        let flexible = version >= 2;
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        write_i32(buf, self.timeout_ms);
        write_bool(buf, self.validate_only);
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
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if true {
            len += 4;
        }
        if true {
            len += 1;
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
impl Sample for CreatePartitionsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.topics = g.vec(|g| CreatePartitionsTopic::sample(version, g));
        }
        if true {
            this.timeout_ms = g.i32();
        }
        if true {
            this.validate_only = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for CreatePartitionsRequest {
    const NAME: &'static str = "CreatePartitionsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 3 };
    const FLEXIBLE_MIN: Option<i16> = Some(2);
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatePartitionsTopic {
    /// Versions: 0+
    pub name: String,
    /// Versions: 0+
    pub count: i32,
    /// Versions: 0+; nullable: 0+
    pub assignments: Option<Vec<CreatePartitionsAssignment>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatePartitionsTopic {
    fn default() -> Self {
        Self {
            name: String::new(),
            count: 0,
            assignments: Some(Vec::<CreatePartitionsAssignment>::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatePartitionsTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
        }
        if true {
            this.count = read_i32(buf)?;
        }
        if true {
            this.assignments =
                read_nullable_array(buf, flexible, true, 1, "Assignments", |b: &mut Bytes| {
                    CreatePartitionsAssignment::decode(version, b)
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
        let flexible = version >= 2;
        write_string(buf, flexible, &self.name)?;
        write_i32(buf, self.count);
        write_array_len(
            buf,
            flexible,
            true,
            "Assignments",
            self.assignments.as_ref().map(Vec::len),
        )?;
        for e in self.assignments.iter().flatten() {
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
        let flexible = version >= 2;
        let mut len = 0usize;
        if true {
            len += string_len(flexible, Some(&self.name));
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, self.assignments.as_ref().map(Vec::len))
                + self
                    .assignments
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
impl Sample for CreatePartitionsTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if true {
            this.count = g.i32();
        }
        if true {
            this.assignments = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| CreatePartitionsAssignment::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatePartitionsAssignment {
    /// Versions: 0+
    pub broker_ids: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for CreatePartitionsAssignment {
    fn default() -> Self {
        Self {
            broker_ids: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for CreatePartitionsAssignment {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.broker_ids = read_array(buf, flexible, 4, "BrokerIds", read_i32)?;
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
        write_array_len(
            buf,
            flexible,
            false,
            "BrokerIds",
            Some(self.broker_ids.len()),
        )?;
        for e in self.broker_ids.iter() {
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
            len +=
                (array_len_len(flexible, Some(self.broker_ids.len())) + self.broker_ids.len() * 4);
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
impl Sample for CreatePartitionsAssignment {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 2;
        let mut this = Self::default();
        if true {
            this.broker_ids = g.vec(|g| g.i32());
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
