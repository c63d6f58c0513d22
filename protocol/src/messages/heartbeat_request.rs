//! HeartbeatRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-4; flexible versions: 4+.
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
pub struct HeartbeatRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0+
    pub generation_id: i32,
    /// Versions: 0+
    pub member_id: String,
    /// Versions: 3+; nullable: 3+; default: null
    pub group_instance_id: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for HeartbeatRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            generation_id: 0,
            member_id: String::new(),
            group_instance_id: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for HeartbeatRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "HeartbeatRequest",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if true {
            this.generation_id = read_i32(buf)?;
        }
        if true {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 3 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 3, "GroupInstanceId")?;
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
                what: "HeartbeatRequest",
                version,
            });
        }
        let flexible = version >= 4;
        write_string(buf, flexible, &self.group_id)?;
        write_i32(buf, self.generation_id);
        write_string(buf, flexible, &self.member_id)?;
        if version >= 3 {
            write_nullable_string(
                buf,
                flexible,
                version >= 3,
                "GroupInstanceId",
                self.group_instance_id.as_deref(),
            )?;
        } else {
            if self.group_instance_id != None {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GroupInstanceId",
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
        if true {
            len += string_len(flexible, Some(&self.group_id));
        }
        if true {
            len += 4;
        }
        if true {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 3 {
            len += string_len(flexible, self.group_instance_id.as_deref());
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
impl Sample for HeartbeatRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if true {
            this.generation_id = g.i32();
        }
        if true {
            this.member_id = g.string();
        }
        if version >= 3 {
            this.group_instance_id = if version >= 3 && g.null() {
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

impl Message for HeartbeatRequest {
    const NAME: &'static str = "HeartbeatRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 4 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}
