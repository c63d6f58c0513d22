//! DescribeTopicPartitionsRequest (generated from Kafka's message spec; do not edit).
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
pub struct DescribeTopicPartitionsRequest {
    /// Versions: 0+
    pub topics: Vec<TopicRequest>,
    /// Versions: 0+; default: 2000
    pub response_partition_limit: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub cursor: Option<Cursor>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for DescribeTopicPartitionsRequest {
    fn default() -> Self {
        Self {
            topics: Vec::<TopicRequest>::new(),
            response_partition_limit: 2000,
            cursor: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for DescribeTopicPartitionsRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "DescribeTopicPartitionsRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topics = read_array(buf, flexible, 1, "Topics", |b: &mut Bytes| {
                TopicRequest::decode(version, b)
            })?;
        }
        if true {
            this.response_partition_limit = read_i32(buf)?;
        }
        if true {
            this.cursor = if !(true) || read_struct_marker(buf)? {
                Some(Cursor::decode(version, buf)?)
            } else {
                None
            };
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
                what: "DescribeTopicPartitionsRequest",
                version,
            });
        }
        let flexible = true;
        write_array_len(buf, flexible, false, "Topics", Some(self.topics.len()))?;
        for e in self.topics.iter() {
            e.encode(version, buf)?;
        }
        write_i32(buf, self.response_partition_limit);
        match &self.cursor {
            None if !(true) => return Err(EncodeError::NullNotAllowed("Cursor")),
            None => write_i8(buf, -1),
            Some(s) => {
                if true {
                    write_i8(buf, 1);
                }
                s.encode(version, buf)?;
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
        let flexible = true;
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
            len += (if true { 1 } else { 0 }
                + self.cursor.as_ref().map_or(0, |s| s.encoded_len(version)));
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
impl Sample for DescribeTopicPartitionsRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topics = g.vec(|g| TopicRequest::sample(version, g));
        }
        if true {
            this.response_partition_limit = g.i32();
        }
        if true {
            this.cursor = if true && g.null() {
                None
            } else {
                Some(Cursor::sample(version, g))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for DescribeTopicPartitionsRequest {
    const NAME: &'static str = "DescribeTopicPartitionsRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 0 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicRequest {
    /// Versions: 0+
    pub name: String,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicRequest {
    fn default() -> Self {
        Self {
            name: String::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = read_string(buf, flexible, "Name")?;
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
impl Sample for TopicRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.name = g.string();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    /// Versions: 0+
    pub topic_name: String,
    /// Versions: 0+
    pub partition_index: i32,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for Cursor {
    fn default() -> Self {
        Self {
            topic_name: String::new(),
            partition_index: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for Cursor {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_name = read_string(buf, flexible, "TopicName")?;
        }
        if true {
            this.partition_index = read_i32(buf)?;
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
        write_string(buf, flexible, &self.topic_name)?;
        write_i32(buf, self.partition_index);
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
            len += string_len(flexible, Some(&self.topic_name));
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
impl Sample for Cursor {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.topic_name = g.string();
        }
        if true {
            this.partition_index = g.i32();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
