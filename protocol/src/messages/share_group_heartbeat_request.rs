//! ShareGroupHeartbeatRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 1-1; flexible versions: 0+.
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
pub struct ShareGroupHeartbeatRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 0+
    pub member_epoch: i32,
    /// Versions: 0+; nullable: 0+; default: null
    pub rack_id: Option<String>,
    /// Versions: 0+; nullable: 0+; default: null
    pub subscribed_topic_names: Option<Vec<String>>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for ShareGroupHeartbeatRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            member_id: String::new(),
            member_epoch: 0,
            rack_id: None,
            subscribed_topic_names: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for ShareGroupHeartbeatRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "ShareGroupHeartbeatRequest",
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
            this.rack_id = read_nullable_string(buf, flexible, true, "RackId")?;
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
                what: "ShareGroupHeartbeatRequest",
                version,
            });
        }
        let flexible = true;
        write_string(buf, flexible, &self.group_id)?;
        write_string(buf, flexible, &self.member_id)?;
        write_i32(buf, self.member_epoch);
        write_nullable_string(buf, flexible, true, "RackId", self.rack_id.as_deref())?;
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
            len += string_len(flexible, self.rack_id.as_deref());
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
impl Sample for ShareGroupHeartbeatRequest {
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
            this.rack_id = if true && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if true {
            this.subscribed_topic_names = if true && g.null() {
                None
            } else {
                Some(g.vec(|g| g.string()))
            };
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for ShareGroupHeartbeatRequest {
    const NAME: &'static str = "ShareGroupHeartbeatRequest";
    const VERSIONS: VersionRange = VersionRange { min: 1, max: 1 };
    const FLEXIBLE_MIN: Option<i16> = Some(0);
}
