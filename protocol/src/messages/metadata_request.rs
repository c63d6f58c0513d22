//! MetadataRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-13; flexible versions: 9+.
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
pub struct MetadataRequest {
    /// Versions: 0+; nullable: 1+
    pub topics: Option<Vec<MetadataRequestTopic>>,
    /// Versions: 4+; default: true
    pub allow_auto_topic_creation: bool,
    /// Versions: 8-10
    pub include_cluster_authorized_operations: bool,
    /// Versions: 8+
    pub include_topic_authorized_operations: bool,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MetadataRequest {
    fn default() -> Self {
        Self {
            topics: Some(Vec::<MetadataRequestTopic>::new()),
            allow_auto_topic_creation: true,
            include_cluster_authorized_operations: false,
            include_topic_authorized_operations: false,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MetadataRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "MetadataRequest",
                version,
            });
        }
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.topics =
                read_nullable_array(buf, flexible, version >= 1, 1, "Topics", |b: &mut Bytes| {
                    MetadataRequestTopic::decode(version, b)
                })?;
        }
        if version >= 4 {
            this.allow_auto_topic_creation = read_bool(buf)?;
        }
        if (version >= 8 && version <= 10) {
            this.include_cluster_authorized_operations = read_bool(buf)?;
        }
        if version >= 8 {
            this.include_topic_authorized_operations = read_bool(buf)?;
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
                what: "MetadataRequest",
                version,
            });
        }
        let flexible = version >= 9;
        write_array_len(
            buf,
            flexible,
            version >= 1,
            "Topics",
            self.topics.as_ref().map(Vec::len),
        )?;
        for e in self.topics.iter().flatten() {
            e.encode(version, buf)?;
        }
        if version >= 4 {
            write_bool(buf, self.allow_auto_topic_creation);
        } else {
            if self.allow_auto_topic_creation != true {
                return Err(EncodeError::FieldNotInVersion {
                    field: "AllowAutoTopicCreation",
                    version,
                });
            }
        }
        if (version >= 8 && version <= 10) {
            write_bool(buf, self.include_cluster_authorized_operations);
        } else {
            if self.include_cluster_authorized_operations != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IncludeClusterAuthorizedOperations",
                    version,
                });
            }
        }
        if version >= 8 {
            write_bool(buf, self.include_topic_authorized_operations);
        } else {
            if self.include_topic_authorized_operations != false {
                return Err(EncodeError::FieldNotInVersion {
                    field: "IncludeTopicAuthorizedOperations",
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
        let flexible = version >= 9;
        let mut len = 0usize;
        if true {
            len += (array_len_len(flexible, self.topics.as_ref().map(Vec::len))
                + self
                    .topics
                    .iter()
                    .flatten()
                    .map(|e| e.encoded_len(version))
                    .sum::<usize>());
        }
        if version >= 4 {
            len += 1;
        }
        if (version >= 8 && version <= 10) {
            len += 1;
        }
        if version >= 8 {
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
impl Sample for MetadataRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if true {
            this.topics = if version >= 1 && g.null() {
                None
            } else {
                Some(g.vec(|g| MetadataRequestTopic::sample(version, g)))
            };
        }
        if version >= 4 {
            this.allow_auto_topic_creation = g.bool();
        }
        if (version >= 8 && version <= 10) {
            this.include_cluster_authorized_operations = g.bool();
        }
        if version >= 8 {
            this.include_topic_authorized_operations = g.bool();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for MetadataRequest {
    const NAME: &'static str = "MetadataRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 13 };
    const FLEXIBLE_MIN: Option<i16> = Some(9);
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetadataRequestTopic {
    /// Versions: 10+
    pub topic_id: Uuid,
    /// Versions: 0+; nullable: 10+
    pub name: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MetadataRequestTopic {
    fn default() -> Self {
        Self {
            topic_id: Uuid::nil(),
            name: Some(String::new()),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MetadataRequestTopic {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 10 {
            this.topic_id = read_uuid(buf)?;
        }
        if true {
            this.name = read_nullable_string(buf, flexible, version >= 10, "Name")?;
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
        if version >= 10 {
            write_uuid(buf, &self.topic_id);
        } else {
        }
        write_nullable_string(buf, flexible, version >= 10, "Name", self.name.as_deref())?;
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
        if version >= 10 {
            len += 16;
        }
        if true {
            len += string_len(flexible, self.name.as_deref());
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
impl Sample for MetadataRequestTopic {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 9;
        let mut this = Self::default();
        if version >= 10 {
            this.topic_id = g.uuid();
        }
        if true {
            this.name = if version >= 10 && g.null() {
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
