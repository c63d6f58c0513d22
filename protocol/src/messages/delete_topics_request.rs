//! DeleteTopicsRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-6; flexible versions: 4+.
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
pub struct DeleteTopicsRequest {
    /// Versions: 6+
    pub topics: Vec<DeleteTopicState>,
    /// Versions: 0-5
    pub topic_names: Vec<String>,
    /// Versions: 0+
    pub timeout_ms: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DeleteTopicsRequest {
    fn default() -> Self {
        Self {
            topics: Vec::<DeleteTopicState>::new(),
            topic_names: Vec::<String>::new(),
            timeout_ms: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DeleteTopicsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DeleteTopicsRequest",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 6 {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                DeleteTopicState::decode(version, b)
            })?;
        }
        if version <= 5 {
            this.topic_names = read_array(buf, flexible, 1, "TopicNames", |b: &mut Bytes| {
                read_string(b, flexible, "TopicNames")
            })?;
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
                what: "DeleteTopicsRequest",
                version,
            });
        }
        let flexible = version >= 4;
        if version >= 6 {
            write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
            for e in self.topics.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.topics != Vec::<DeleteTopicState>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Topics",
                    version,
                });
            }
        }
        if version <= 5 {
            write_array_len(
                buf,
                flexible,
                false,
                "TopicNames",
                Some(self.topic_names.len()),
            )?;
            for e in self.topic_names.iter() {
                write_string(buf, flexible, e)?;
            }
        } else {
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if version >= 6 {
            len += (array_len_len(flexible, Some(self.topics.len()))
                + self
                    .topics
                    .iter()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version <= 5 {
            len += (array_len_len(flexible, Some(self.topic_names.len()))
                + self
                    .topic_names
                    .iter()
                    .map(|e| string_len(flexible, Some(e)))
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
impl Sample for DeleteTopicsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 6 {
            this.topics = g.vec(|g| DeleteTopicState::sample(version, g));
        }
        if version <= 5 {
            this.topic_names = g.vec(|g| g.string());
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

impl Message for DeleteTopicsRequest {
    const NAME: &'static str = "DeleteTopicsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 6 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeleteTopicState {
    /// Versions: 6+; nullable: 6+; default: null
    pub name: Option<String>,
    /// Versions: 6+
    pub topic_id: Uuid,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DeleteTopicState {
    fn default() -> Self {
        Self {
            name: None,
            topic_id: Uuid::nil(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DeleteTopicState {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 6 {
            this.name = read_nullable_string(buf, flexible, version >= 6, "Name")?;
        }
        if version >= 6 {
            this.topic_id = read_uuid(buf)?;
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
        let flexible = version >= 4;
        if version >= 6 {
            write_nullable_string(buf, flexible, version >= 6, "Name", self.name.as_deref())?;
        } else {
            if self.name != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Name",
                    version,
                });
            }
        }
        if version >= 6 {
            write_uuid(buf, &self.topic_id);
        } else {
            if self.topic_id != Uuid::nil() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "TopicId",
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if version >= 6 {
            len += string_len(flexible, self.name.as_deref());
        }
        if version >= 6 {
            len += 16;
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
impl Sample for DeleteTopicState {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 6 {
            this.name = if version >= 6 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 6 {
            this.topic_id = g.uuid();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
