//! LeaveGroupResponse (generated from Kafka's message spec; do not edit).
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
pub struct LeaveGroupResponse {
    /// Versions: 1+
    pub throttle_time_ms: i32,
    /// Versions: 0+
    pub error_code: i16,
    /// Versions: 3+
    pub members: Vec<MemberResponse>,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for LeaveGroupResponse {
    fn default() -> Self {
        Self {
            throttle_time_ms: 0,
            error_code: 0,
            members: Vec::<MemberResponse>::new(),
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for LeaveGroupResponse {
    fn decode(version: i16, buf: &mut Bytes) -> Result<Self, DecodeError> {
        if !Self::VERSIONS.contains(version) {
            return Err(DecodeError::UnsupportedVersion {
                what: "LeaveGroupResponse",
                version,
            });
        }
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = read_i32(buf)?;
        }
        if true {
            this.error_code = read_i16(buf)?;
        }
        if version >= 3 {
            this.members = read_array(buf, flexible, 1, "Members", |b: &mut Bytes| {
                MemberResponse::decode(version, b)
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
                what: "LeaveGroupResponse",
                version,
            });
        }
        let flexible = version >= 4;
        if version >= 1 {
            write_i32(buf, self.throttle_time_ms);
        } else {
        }
        write_i16(buf, self.error_code);
        if version >= 3 {
            write_array_len(buf, flexible, false, "Members", Some(self.members.len()))?;
            for e in self.members.iter() {
                e.encode(version, buf)?;
            }
        } else {
            if self.members != Vec::<MemberResponse>::new() {
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
        if version >= 1 {
            len += 4;
        }
        if true {
            len += 2;
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
impl Sample for LeaveGroupResponse {
    fn sample(version: i16, g: &mut Gen) -> Self {
        let flexible = version >= 4;
        let mut this = Self::default();
        if version >= 1 {
            this.throttle_time_ms = g.i32();
        }
        if true {
            this.error_code = g.i16();
        }
        if version >= 3 {
            this.members = g.vec(|g| MemberResponse::sample(version, g));
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}

impl Message for LeaveGroupResponse {
    const NAME: &'static str = "LeaveGroupResponse";
    const VERSIONS: VersionRange = VersionRange { min: 0, max: 5 };
    const FLEXIBLE_MIN: Option<i16> = Some(4);
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberResponse {
    /// Versions: 3+
    pub member_id: String,
    /// Versions: 3+; nullable: 3+
    pub group_instance_id: Option<String>,
    /// Versions: 3+
    pub error_code: i16,
    /// Tagged fields this version of the code does not know.
    pub unknown_tagged_fields: Vec<RawTaggedField>,
}

impl Default for MemberResponse {
    fn default() -> Self {
        Self {
            member_id: String::new(),
            group_instance_id: Some(String::new()),
            error_code: 0,
            unknown_tagged_fields: Vec::new(),
        }
    }
}

impl Codec for MemberResponse {
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
        if version >= 3 {
            this.error_code = read_i16(buf)?;
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
            if self.group_instance_id != Some(String::new()) {
                return Err(EncodeError::FieldNotInVersion {
                    field: "GroupInstanceId",
                    version,
                });
            }
        }
        if version >= 3 {
            write_i16(buf, self.error_code);
        } else {
            if self.error_code != 0 {
                return Err(EncodeError::FieldNotInVersion {
                    field: "ErrorCode",
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
        if version >= 3 {
            len += string_len(flexible, Some(&self.member_id));
        }
        if version >= 3 {
            len += string_len(flexible, self.group_instance_id.as_deref());
        }
        if version >= 3 {
            len += 2;
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
impl Sample for MemberResponse {
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
        if version >= 3 {
            this.error_code = g.i16();
        }
        if flexible {
            this.unknown_tagged_fields = g.unknown_tagged_fields();
        }
        this
    }
}
