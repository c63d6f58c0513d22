//! LeaveGroupRequest (generated from Kafka's message spec; do not edit).
//!
//! Valid versions: 0-5; flexible versions: 4+.
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
pub struct LeaveGroupRequest {
    /// Versions: 0+
    pub group_id: String,
    /// Versions: 0-2
    pub member_id: String,
    /// Versions: 3+
    pub members: Vec<MemberIdentity>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaveGroupRequest {
    fn default() -> Self {
        Self {
            group_id: String::new(),
            member_id: String::new(),
            members: Vec::<MemberIdentity>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaveGroupRequest {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "LeaveGroupRequest",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.group_id = read_string(buf, flexible, "GroupId")?;
        }
        if version <= 2 {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 3 {
            this.members = read_array(buf, flexible, 1, "Members", |b: &mut Bytes| {
                MemberIdentity::decode(version, b)
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
                what: "LeaveGroupRequest",
                version,
            });
        }
        let flexible = version >= 4;
        write_string(buf, flexible, &self.group_id)?;
        if version <= 2 {
            write_string(buf, flexible, &self.member_id)?;
        } else {
            if self.member_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MemberId",
                    version,
                });
            }
        }
        if version >= 3 {
            write_array_len(buf, flexible, false, "Members", Some(self.members.len()))?;
            for e in self.members.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.members != Vec::<MemberIdentity>::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "Members",
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
        if version <= 2 {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 3 {
            len += (array_len_len(flexible, Some(self.members.len()))
                + self
                    .members
                    .iter()
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
impl Sample for LeaveGroupRequest {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if true {
            this.group_id = g.string();
        }
        if version <= 2 {
            this.member_id = g.string();
        }
        if version >= 3 {
            this.members = g.vec(|g| MemberIdentity::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for LeaveGroupRequest {
    const NAME: &'static str = "LeaveGroupRequest";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberIdentity {
    /// Versions: 3+
    pub member_id: String,
    /// Versions: 3+; nullable: 3+; default: null
    pub group_instance_id: Option<String>,
    /// Versions: 5+; nullable: 5+; default: null
    pub reason: Option<String>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MemberIdentity {
    fn default() -> Self {
        Self {
            member_id: String::new(),
            group_instance_id: None,
            reason: None,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MemberIdentity {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 3 {
            this.member_id = read_string(buf, flexible, "MemberId")?;
        }
        if version >= 3 {
            this.group_instance_id =
                read_nullable_string(buf, flexible, version >= 3, "GroupInstanceId")?;
        }
        if version >= 5 {
            this.reason = read_nullable_string(buf, flexible, version >= 5, "Reason")?;
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
        if version >= 3 {
            write_string(buf, flexible, &self.member_id)?;
        } else {
            if self.member_id != String::new() {
                return Err(EncodeError::FieldNotInVersion {
                    field: "MemberId",
                    version,
                });
            }
        }
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
        if version >= 5 {
            write_nullable_string(
                buf,
                flexible,
                version >= 5,
                "Reason",
                self.reason.as_deref(),
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
        let flexible = version >= 4;
        let mut len = 0usize;
        if version >= 3 {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 3 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if version >= 5 {
            len += string_len(flexible, self.reason.as_deref());
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
impl Sample for MemberIdentity {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 3 {
            this.member_id = g.string();
        }
        if version >= 3 {
            this.group_instance_id = if version >= 3 && g.null() {
                None
            } else {
                Some(g.string())
            };
        }
        if version >= 5 {
            this.reason = if version >= 5 && g.null() {
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
