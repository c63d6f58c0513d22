//! ConsumerGroupHeartbeatRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-1; flexible versions: 0+.
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
pub struct ConsumerGroupHeartbeatRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub member_epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub instance_id: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub rack_id: Option<String>,
    /// Versions: 0+; default: -1
    pub rebalance_timeout_ms: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub subscribed_topic_names: Option<Vec<String>>,
    /// Versions: 1+; nullable: 1+; default: null
    pub subscribed_topic_regex: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub server_assignor: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub topic_partitions: Option<Vec<TopicPartitions>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ConsumerGroupHeartbeatRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            member_id: String::new(),
            member_epoch: 0,
            instance_id: None,
            rack_id: None,
            rebalance_timeout_ms: -1,
            subscribed_topic_names: None,
            subscribed_topic_regex: None,
            server_assignor: None,
            topic_partitions: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ConsumerGroupHeartbeatRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ConsumerGroupHeartbeatRequest",
                version,
            });
        }
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if true {
            this.member_epoch = read_i32(buf)?;
        }
        if true {
            this.instance_id = read_nullable_string(buf, flexible, true, "InstanceId")?;
        }
        if true {
            this.rack_id = read_nullable_string(buf, flexible, true, "RackId")?;
        }
        if true {
            this.rebalance_timeout_ms = read_i32(buf)?;
        }
        if true {
            this.subscribed_topic_names = read_nullable_array(
                buf,
                flexible,
                true,
                1,
                "SubscribedTopicNames",
                |b: &mut Bytes| read_string(b, flexible, "SubscribedTopicNames"),
            )?;
        }
        if version >= 1 {
            this.subscribed_topic_regex =
                read_nullable_string(buf, flexible, version >= 1, "SubscribedTopicRegex")?;
        }
        if true {
            this.server_assignor = read_nullable_string(buf, flexible, true, "ServerAssignor")?;
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
                what: "ConsumerGroupHeartbeatRequest",
                version,
            });
        }
        let flexible = true;
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.member_id)?;
        write_i32(buf, self.member_epoch);
        write_nullable_string(
            buf,
            flexible,
            true,
            "InstanceId",
            self.instance_id.as_deref(),
        )?;
        write_nullable_string(buf, flexible, true, "RackId", self.rack_id.as_deref())?;
        write_i32(buf, self.rebalance_timeout_ms);
        write_array_len(
            buf,
            flexible,
            true,
            "SubscribedTopicNames",
            self.subscribed_topic_names.as_ref().map(Vec::len),
        )?;
        for e in self.subscribed_topic_names.iter().flatten() {
            write_string(buf, flexible, e)?;
        }
        if version >= 1 {
            write_nullable_string(
                buf,
                flexible,
                version >= 1,
                "SubscribedTopicRegex",
                self.subscribed_topic_regex.as_deref(),
            )?;
        } else {
            if self.subscribed_topic_regex != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "SubscribedTopicRegex",
                    version,
                });
            }
        }
        write_nullable_string(
            buf,
            flexible,
            true,
            "ServerAssignor",
            self.server_assignor.as_deref(),
        )?;
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
            len += string_len(flexible, Some(&self.group_id));
        }
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, self.instance_id.as_deref());
        }
        if true {
            len += string_len(flexible, self.rack_id.as_deref());
        }
        if true {
            len += 4;
        }
        if true {
            len += (array_len_len(flexible, self.subscribed_topic_names.as_ref().map(Vec::len))
                + self
                    .subscribed_topic_names
                    .iter()
                    .flatten()
                    .map(|e| string_len(flexible, Some(e)))
                    .sum::<usize>());
        }
        if version >= 1 {
            len += string_len(flexible, self.subscribed_topic_regex.as_deref());
        }
        if true {
            len += string_len(flexible, self.server_assignor.as_deref());
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
impl Sample for ConsumerGroupHeartbeatRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = true;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if true {
            this.member_id = g.string();
        }
        if true {
            this.member_epoch = g.i32();
        }
        if true {
            this.instance_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.rack_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.rebalance_timeout_ms = g.i32();
        }
        if true {
            this.subscribed_topic_names = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| g.string()))
            };
        }
        if version >= 1 {
            this.subscribed_topic_regex = if version >= 1 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.server_assignor = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.topic_partitions = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| TopicPartitions::sample(version, g)))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ConsumerGroupHeartbeatRequest {
    const NAME: &'static str = "ConsumerGroupHeartbeatRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopicPartitions {
    /// Versions: 0+
    pub topic_id: Uuid,
    /// Versions: 0+
    pub partitions: Vec<i32>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for TopicPartitions {
    fn default() -> Self {
        Self {
            topic_id: Uuid::nil(),
            partitions: Vec::<i32>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for TopicPartitions {
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
impl Sample for TopicPartitions {
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
